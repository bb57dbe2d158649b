//! PDA seed prefixes.

/// `["billing_config"]`: authority, registry, treasury and protocol fee.
pub const CONFIG: &[u8] = b"billing_config";
/// `["plan", operator, plan_id (u64 LE)]`: one operator's plan. Seeded by its operator, so no
/// operator can create or squat another's plan address.
pub const PLAN: &[u8] = b"plan";
