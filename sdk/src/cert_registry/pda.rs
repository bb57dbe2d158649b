//! Addresses of the registry's accounts.

use cert_registry::seeds;
use solana_address::Address;

pub fn registry(program_id: &Address) -> (Address, u8) {
    Address::find_program_address(&[seeds::REGISTRY], program_id)
}

pub fn trust_anchor(program_id: &Address, key_id: &[u8; 20]) -> (Address, u8) {
    Address::find_program_address(&[seeds::TRUST_ANCHOR, key_id], program_id)
}

pub fn verifying_key(program_id: &Address, circuit_id: u32) -> (Address, u8) {
    Address::find_program_address(
        &[seeds::VERIFYING_KEY, &circuit_id.to_le_bytes()],
        program_id,
    )
}

pub fn certificate(program_id: &Address, commitment: &[u8; 32]) -> (Address, u8) {
    Address::find_program_address(&[seeds::CERTIFICATE, commitment], program_id)
}

pub fn eum_tree(program_id: &Address) -> (Address, u8) {
    Address::find_program_address(&[seeds::EUM_TREE], program_id)
}
