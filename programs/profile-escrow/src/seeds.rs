//! PDA seed prefixes.

/// `["escrow_config"]`: governance (dispute resolution), the billing program, the windows.
pub const CONFIG: &[u8] = b"escrow_config";
/// `["order", consumer, order_id (u64 LE)]`: one consumer's order. Its vault is usdc-billing's
/// `["vault", order]` under this program.
pub const ORDER: &[u8] = b"order";
