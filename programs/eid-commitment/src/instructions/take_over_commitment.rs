//! The chip's current holder takes its commitment over: a fresh proof for the record's EID and
//! purpose whose chip binding names the signer after a slot newer than any binding accepted for
//! them. A chip changes hands (a phone sold, given away, refurbished); its former owner cannot
//! keep or win it back with evidence made while they held it, because that evidence names older
//! slots.
//!
//! Only the record changes owner. Money already committed does not move: orders and
//! subscriptions keep the consumer wallet they were opened with and settle with it.
//!
//! Accounts: `holder` (signer), `config`, `eum_tree`, `trust_anchor`, `eid_commitment` (writable),
//! `nullifier` (writable), `slot_hashes` (the SlotHashes sysvar).

use super::renew;
use pinocchio::{AccountView, Address, ProgramResult};

pub use super::RenewalArgs as TakeOverCommitmentArgs;

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    renew::<true>(program_id, accounts, data)
}
