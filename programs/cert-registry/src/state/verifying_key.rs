use super::{AccountLayout, Groth16VerifyingKeyBytes, STATUS_ACTIVE};

/// The verifying key of one certificate circuit for one CI. PDA `["verifying_key", anchor key_id,
/// circuit_id (u32 LE)]`.
///
/// Every circuit the registry accepts has exactly one public input, the Poseidon hash of the
/// registration statement, which the program recomputes; so one layout fits every circuit.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifyingKey {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    pub status: u8,
    /// The circuit this key verifies (u32 LE). Bound into every statement, so a proof made for one
    /// circuit cannot be checked against another's key.
    pub circuit_id: [u8; 4],
    /// The circuit's own version, for people and tools (u16 LE).
    pub circuit_version: [u8; 2],
    /// Bit `r` set when the circuit proves certificates of GSMA role `r` (see `statement::Role`).
    pub role_mask: [u8; 2],
    /// The trust anchor (CI key id) the circuit checks signatures against.
    pub anchor_key_id: [u8; 20],
    pub key: Groth16VerifyingKeyBytes,
    pub registered_at: [u8; 8],
    pub retired_at: [u8; 8],
    pub reserved: [u8; 64],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for VerifyingKey {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("VerifyingKey");
}

impl VerifyingKey {
    pub fn is_active(&self) -> bool {
        self.status == STATUS_ACTIVE
    }

    /// Checks that `account`, holding this key, sits at the key's own address under `program_id`
    /// (the registry): a key left at the address of an earlier scheme (`["verifying_key",
    /// circuit_id]`, before keys were filed per CI) is refused.
    pub fn require_address(
        &self,
        account: &pinocchio::AccountView,
        program_id: &pinocchio::Address,
    ) -> Result<(), pinocchio::error::ProgramError> {
        Ok(openrsp_framework::accounts::pda_with_stored_bump(
            account,
            &[
                crate::seeds::VERIFYING_KEY,
                &self.anchor_key_id,
                &self.circuit_id,
                &[self.bump],
            ],
            program_id,
        )?)
    }

    pub fn serves_role(&self, role: u8) -> bool {
        role < 16 && u16::from_le_bytes(self.role_mask) & (1 << role) != 0
    }
}
