//! Decoded eid-commitment accounts, for people (`Display` through the CLI) and scripts (`serde`).

use cert_registry::state::i64_from;
use eid_commitment::state::{EidCommitment, EidConfig};
use serde::Serialize;
use solana_address::Address;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct EidConfigView {
    pub address: String,
    pub authority: String,
    pub pending_authority: Option<String>,
    pub registry_program: String,
    pub circuit_id: u32,
    pub circuit_version: u16,
    pub paused: bool,
    /// Purpose numbers commitments may be registered for (1: plans).
    pub purposes: Vec<u8>,
    pub updated_at: i64,
}

impl EidConfigView {
    pub fn new(address: &Address, c: &EidConfig) -> Self {
        EidConfigView {
            address: address.to_string(),
            authority: Address::new_from_array(c.authority).to_string(),
            pending_authority: c
                .has_pending_authority()
                .then(|| Address::new_from_array(c.pending_authority).to_string()),
            registry_program: Address::new_from_array(c.registry_program).to_string(),
            circuit_id: u32::from_le_bytes(c.circuit_id),
            circuit_version: u16::from_le_bytes(c.circuit_version),
            paused: c.is_paused(),
            purposes: (0..64)
                .filter(|p| u64::from_le_bytes(c.purposes) & (1u64 << p) != 0)
                .collect(),
            updated_at: i64_from(c.updated_at),
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct EidCommitmentView {
    pub address: String,
    pub owner: String,
    /// Field elements, hex.
    pub commitment: String,
    pub nullifier: String,
    pub purpose: String,
    pub root: String,
    /// Key id (hex) of the CI trust anchor that admitted the chip's EUM: all an EID commitment
    /// says about which manufacturer stands behind it.
    pub anchor_key_id: String,
    pub registered_at: i64,
    pub rotated_at: Option<i64>,
    pub rotations: u32,
    /// The slot the chip's latest binding named: the owner held the chip after it.
    pub bound_slot: u64,
    pub taken_over_at: Option<i64>,
    pub takeovers: u32,
}

impl EidCommitmentView {
    pub fn new(address: &Address, c: &EidCommitment) -> Self {
        let rotations = u32::from_le_bytes(c.rotations);
        let takeovers = u32::from_le_bytes(c.takeovers);
        EidCommitmentView {
            address: address.to_string(),
            owner: Address::new_from_array(c.owner).to_string(),
            commitment: hex::encode(c.commitment),
            nullifier: hex::encode(c.nullifier),
            purpose: hex::encode(c.purpose),
            root: hex::encode(c.root),
            anchor_key_id: hex::encode(c.anchor_key_id),
            registered_at: i64_from(c.registered_at),
            rotated_at: (rotations > 0).then(|| i64_from(c.rotated_at)),
            rotations,
            bound_slot: u64::from_le_bytes(c.bound_slot),
            taken_over_at: (takeovers > 0).then(|| i64_from(c.taken_over_at)),
            takeovers,
        }
    }
}
