//! Addresses of the program's accounts.

use eid_commitment::seeds;
use solana_address::Address;

pub fn config(program_id: &Address) -> (Address, u8) {
    Address::find_program_address(&[seeds::CONFIG], program_id)
}

pub fn eid_commitment(program_id: &Address, nullifier: &[u8; 32]) -> (Address, u8) {
    Address::find_program_address(&[seeds::EID_COMMITMENT, nullifier], program_id)
}

pub fn nullifier(program_id: &Address, nullifier: &[u8; 32]) -> (Address, u8) {
    Address::find_program_address(&[seeds::NULLIFIER, nullifier], program_id)
}
