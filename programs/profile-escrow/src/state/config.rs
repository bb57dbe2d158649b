use super::AccountLayout;
use crate::errors::EscrowError;

/// Governance of the escrow. PDA `["escrow_config"]`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EscrowConfig {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    /// Decides disputes and sets the windows.
    pub authority: [u8; 32],
    /// The usdc-billing program whose plans are sold, and whose config sets the protocol fee,
    /// the treasury, the eid-commitment program and the pause.
    pub billing_program: [u8; 32],
    /// After delivery, how long the consumer has to confirm or dispute before the operator can
    /// claim (u64 LE seconds).
    pub dispute_window_seconds: [u8; 8],
    /// After ordering, how long the operator has to deliver before the consumer can take a refund
    /// (u64 LE seconds).
    pub delivery_window_seconds: [u8; 8],
    /// 1 while paused: no new orders; orders already paid for settle as always.
    pub paused: u8,
    /// Proposed successor of the authority, all zeroes when none is pending.
    pub pending_authority: [u8; 32],
    pub reserved: [u8; 31],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for EscrowConfig {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("EscrowConfig");
}

openrsp_framework::governed!(
    EscrowConfig,
    EscrowError::Unauthorized,
    crate::events::EscrowPauseChanged
);

impl EscrowConfig {
    pub fn is_paused(&self) -> bool {
        self.paused != 0
    }

    pub fn has_pending_authority(&self) -> bool {
        self.pending_authority != [0; 32]
    }
}
