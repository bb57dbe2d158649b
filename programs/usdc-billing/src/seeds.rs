//! PDA seed prefixes.

/// `["billing_config"]`: authority, registry, treasury and protocol fee.
pub const CONFIG: &[u8] = b"billing_config";
/// `["plan", operator, plan_id (u64 LE)]`: one operator's plan. Seeded by its operator, so no
/// operator can create or squat another's plan address.
pub const PLAN: &[u8] = b"plan";
/// `["subscription", plan, eid_commitment, consumer]`: one subscription per plan, EID commitment
/// and consumer wallet. The wallet is in it because a commitment changes owner when its chip
/// changes hands (`take_over_commitment`): the previous owner's subscription, which settles with
/// the previous owner, must not hold the new owner's address for that plan.
pub const SUBSCRIPTION: &[u8] = b"subscription";
/// `["vault", owner]`: the money of a subscription (or, in profile-escrow, of an order). A token
/// account whose owner is that PDA, or for SOL a data-less account of the program.
pub const VAULT: &[u8] = b"vault";
