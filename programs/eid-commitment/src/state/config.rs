use super::{AccountLayout, Groth16VerifyingKeyBytes};
use crate::errors::EidError;

/// Governance of the program. PDA `["config"]`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EidConfig {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    /// 1 while paused: no registrations or rotations; revocation still works.
    pub paused: u8,
    /// May replace the verifying key, pause, and propose a successor.
    pub authority: [u8; 32],
    /// Proposed successor, all zeroes when none is pending.
    pub pending_authority: [u8; 32],
    /// The cert-registry program whose EUM tree roots proofs are checked against. Accounts
    /// claiming to be the tree must be owned by it.
    pub registry_program: [u8; 32],
    /// The circuit (u32 LE) the key verifies; bound into every statement.
    pub circuit_id: [u8; 4],
    /// The circuit's revision, for people and tools (u16 LE).
    pub circuit_version: [u8; 2],
    pub key: Groth16VerifyingKeyBytes,
    pub updated_at: [u8; 8],
    /// Purposes a commitment may be registered for (u64 LE bitmap, bit `p` for purpose `p`).
    pub purposes: [u8; 8],
    pub reserved: [u8; 56],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for EidConfig {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("EidConfig");
}

impl EidConfig {
    pub fn is_paused(&self) -> bool {
        self.paused != 0
    }

    pub fn has_pending_authority(&self) -> bool {
        self.pending_authority != [0; 32]
    }

    /// Whether `purpose` (a field element, big-endian) is one of the config's purposes.
    pub fn allows_purpose(&self, purpose: &[u8; 32]) -> bool {
        purpose_number(purpose)
            .is_some_and(|p| u64::from_le_bytes(self.purposes) & (1u64 << p) != 0)
    }
}

/// Consumer identity for data plans: subscriptions and escrowed orders accept only commitments of
/// this purpose, so one chip is one consumer for plans.
pub const PURPOSE_PLANS: u8 = 1;
/// The purposes a new config allows.
pub const DEFAULT_PURPOSES: u64 = 1 << PURPOSE_PLANS;

/// A purpose number `p` (below 64) as the statement's field element: `p` big-endian in 32 bytes.
pub const fn purpose_field(p: u8) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[31] = p;
    out
}

/// The purpose number of a field element, if it is one (below 64).
pub fn purpose_number(purpose: &[u8; 32]) -> Option<u8> {
    match purpose.split_last() {
        Some((&p, high)) if p < 64 && high.iter().all(|b| *b == 0) => Some(p),
        _ => None,
    }
}

openrsp_framework::governed!(
    EidConfig,
    EidError::Unauthorized,
    crate::events::EidPauseChanged
);
