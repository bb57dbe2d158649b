//! The public statement of an EID proof and its one public input, as the `euicc_chain` circuit
//! hashes it: `Poseidon(circuit_id, root, anchor_key_id, valid_at, commitment, nullifier, purpose,
//! owner[0..16], owner[16..32], slot_hash)`. The owner (the signer) inside the hash makes a proof
//! useless to anyone else; the anchor names the CI that certified the EUM behind the EID, and
//! `valid_at` is a time at which that EUM's certificate had not expired. `slot_hash` is the hash of
//! the slot the chip's binding names (the program reads it from the SlotHashes sysvar, so it is
//! recent): the chip signed for this owner after that slot.

use cert_registry::statement::{anchor_field, slot_hash_field, u64_field};
use openrsp_framework::errors::FrameworkError;
use openrsp_framework::poseidon::{is_field_element, poseidon_be};

/// Number of field elements in the statement hash.
pub const STATEMENT_INPUTS: usize = 10;

/// What an EID proof asserts, as the program sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EidStatement {
    pub circuit_id: u32,
    /// EUM tree root (field element, big-endian).
    pub root: [u8; 32],
    /// Key id of the CI trust anchor that admitted the EUM (part of the EUM's leaf).
    pub anchor_key_id: [u8; 20],
    /// Unix seconds: the EUM certificate's notAfter is at or after it.
    pub valid_at: u64,
    pub commitment: [u8; 32],
    pub nullifier: [u8; 32],
    pub purpose: [u8; 32],
    /// The registering signer.
    pub owner: [u8; 32],
    /// The hash of the slot the chip's binding names, as the SlotHashes sysvar has it.
    pub slot_hash: [u8; 32],
}

impl EidStatement {
    /// The statement as big-endian field elements, in hashing order.
    pub fn field_elements(&self) -> [[u8; 32]; STATEMENT_INPUTS] {
        let mut circuit_id = [0u8; 32];
        circuit_id[28..].copy_from_slice(&self.circuit_id.to_be_bytes());
        let mut owner_hi = [0u8; 32];
        owner_hi[16..].copy_from_slice(&self.owner[..16]);
        let mut owner_lo = [0u8; 32];
        owner_lo[16..].copy_from_slice(&self.owner[16..]);
        [
            circuit_id,
            self.root,
            anchor_field(&self.anchor_key_id),
            u64_field(self.valid_at),
            self.commitment,
            self.nullifier,
            self.purpose,
            owner_hi,
            owner_lo,
            slot_hash_field(&self.slot_hash),
        ]
    }

    /// The circuit's public input. Refuses values that are not field elements, which the circuit
    /// could never have hashed.
    pub fn public_input(&self) -> Result<[u8; 32], FrameworkError> {
        let free = [self.root, self.commitment, self.nullifier, self.purpose];
        if !free.iter().all(is_field_element) {
            return Err(FrameworkError::InvalidFieldElement);
        }
        poseidon_be(&self.field_elements())
    }
}
