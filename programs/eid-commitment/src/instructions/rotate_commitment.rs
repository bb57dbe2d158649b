//! Replaces a commitment with a new one (a new salt) for the same EID and purpose: a fresh proof
//! whose nullifier and purpose must be the record's, against a current root, by the owner, with a
//! new chip binding (the owner still holds the chip). The address, and so every order that names
//! it, stays the same; the old commitment stops matching.
//!
//! The new proof's EUM may be another one (the chip's EUM re-certified, say): its anchor and time
//! are checked as at registration, and the record takes its anchor.
//!
//! Accounts: `owner` (signer), `config`, `eum_tree`, `trust_anchor`, `eid_commitment` (writable),
//! `nullifier` (writable), `slot_hashes` (the SlotHashes sysvar).

use super::renew;
use pinocchio::{AccountView, Address, ProgramResult};

pub use super::RenewalArgs as RotateCommitmentArgs;

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    renew::<false>(program_id, accounts, data)
}
