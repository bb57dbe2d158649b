//! Addresses of the registry's accounts.

use cert_registry::seeds;
use solana_address::Address;

pub fn registry(program_id: &Address) -> (Address, u8) {
    Address::find_program_address(&[seeds::REGISTRY], program_id)
}

/// The marker that the EUM key with x coordinate `key_x` holds a leaf of the EUM tree.
pub fn eum_key(program_id: &Address, key_x: &[u8; 32]) -> (Address, u8) {
    Address::find_program_address(&[seeds::EUM_KEY, key_x], program_id)
}

pub fn trust_anchor(program_id: &Address, key_id: &[u8; 20]) -> (Address, u8) {
    Address::find_program_address(&[seeds::TRUST_ANCHOR, key_id], program_id)
}

/// The verifying key of circuit `circuit_id` for the CI whose key id is `anchor_key_id`.
pub fn verifying_key(
    program_id: &Address,
    anchor_key_id: &[u8; 20],
    circuit_id: u32,
) -> (Address, u8) {
    Address::find_program_address(
        &[
            seeds::VERIFYING_KEY,
            anchor_key_id,
            &circuit_id.to_le_bytes(),
        ],
        program_id,
    )
}

pub fn certificate(program_id: &Address, commitment: &[u8; 32]) -> (Address, u8) {
    Address::find_program_address(&[seeds::CERTIFICATE, commitment], program_id)
}

pub fn eum_tree(program_id: &Address) -> (Address, u8) {
    Address::find_program_address(&[seeds::EUM_TREE], program_id)
}

/// The registry accounts that make an operator trustworthy, which usdc-billing and profile-escrow
/// re-read at every plan change and purchase: the operator's SM-DP+ certificate record, the
/// verifying key that admitted it and the trust anchor (CI) that key serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperatorTrust {
    pub record: Address,
    pub verifying_key: Address,
    pub trust_anchor: Address,
}

impl OperatorTrust {
    /// The accounts behind `record` (at `record_address`) in the registry `program_id`.
    pub fn of_record(
        program_id: &Address,
        record_address: &Address,
        record: &cert_registry::state::CertificateRecord,
    ) -> Self {
        OperatorTrust {
            record: *record_address,
            verifying_key: verifying_key(
                program_id,
                &record.anchor_key_id,
                u32::from_le_bytes(record.circuit_id),
            )
            .0,
            trust_anchor: trust_anchor(program_id, &record.anchor_key_id).0,
        }
    }

    /// The three accounts, read-only, in the order the programs take them.
    pub fn metas(&self) -> [solana_instruction::AccountMeta; 3] {
        use solana_instruction::AccountMeta;
        [
            AccountMeta::new_readonly(self.record, false),
            AccountMeta::new_readonly(self.verifying_key, false),
            AccountMeta::new_readonly(self.trust_anchor, false),
        ]
    }
}
