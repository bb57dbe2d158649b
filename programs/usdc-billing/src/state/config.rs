use super::AccountLayout;
use crate::errors::BillingError;

/// Governance of billing. PDA `["billing_config"]`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BillingConfig {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    /// 1 while paused: no plan is created or changed.
    pub paused: u8,
    /// May set the fee and pause.
    pub authority: [u8; 32],
    /// The cert-registry program whose SM-DP+ records admit operators.
    pub registry_program: [u8; 32],
    /// The eid-commitment program whose commitments subscriptions are opened for.
    pub eid_program: [u8; 32],
    /// Where protocol fees go (a wallet; token fees to its token accounts).
    pub treasury: [u8; 32],
    /// Protocol fee in basis points of every payment (u16 LE), 0 to 10,000.
    pub fee_bps: [u8; 2],
    /// How long a subscriber waits between asking to close and taking the rest back (u64 LE
    /// seconds): the operator's time to redeem the vouchers signed before.
    pub close_notice_seconds: [u8; 8],
    /// Proposed successor of the authority, all zeroes when none is pending.
    pub pending_authority: [u8; 32],
    pub reserved: [u8; 32],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for BillingConfig {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("BillingConfig");
}

impl BillingConfig {
    pub fn is_paused(&self) -> bool {
        self.paused != 0
    }

    pub fn has_pending_authority(&self) -> bool {
        self.pending_authority != [0; 32]
    }
}

openrsp_framework::governed!(
    BillingConfig,
    BillingError::Unauthorized,
    crate::events::BillingPauseChanged
);
