use super::{AccountLayout, Groth16VerifyingKeyBytes};

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
    pub reserved: [u8; 64],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for EidConfig {
    const DISCRIMINATOR: [u8; 8] = [237, 111, 26, 213, 77, 223, 228, 36];
}

impl EidConfig {
    pub fn is_paused(&self) -> bool {
        self.paused != 0
    }

    pub fn has_pending_authority(&self) -> bool {
        self.pending_authority != [0; 32]
    }
}
