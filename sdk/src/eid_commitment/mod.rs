//! Client side of the eid-commitment program: PDAs, builders, decoders, the EID proof, and
//! [`EidCommitments`], the high-level calls the CLI and the demo use.

pub mod accounts;
mod client;
pub mod instructions;
pub mod pda;
pub mod proof;

pub use accounts::{EidCommitmentView, EidConfigView};
pub use client::EidCommitments;
pub use proof::{
    eid_circuit_keys, prepare_eid, prove_eid, purpose_from_name, purpose_name, random_salt,
    EidProofFile, EidProofRequest, EidSecret, PreparedEid,
};

use crate::{client::Ledger, SdkError};

/// The chain's newest slot hash `(slot, hash)`, read from the SlotHashes sysvar: what a chip
/// binding names, so that the chip must sign after it and the program can check it is recent.
pub fn recent_slot_hash<L: Ledger + ?Sized>(ledger: &L) -> Result<(u64, [u8; 32]), SdkError> {
    let account = ledger
        .account(&instructions::SLOT_HASHES)?
        .ok_or_else(|| SdkError::Ledger("the cluster has no SlotHashes sysvar".into()))?;
    newest_slot_hash(&account.data)
        .ok_or_else(|| SdkError::Ledger("the SlotHashes sysvar is empty".into()))
}

/// The first entry of SlotHashes sysvar data (a u64 count, then `(slot, hash)` pairs, newest
/// first), if there is one.
pub fn newest_slot_hash(data: &[u8]) -> Option<(u64, [u8; 32])> {
    let count = u64::from_le_bytes(data.get(..8)?.try_into().ok()?);
    let entry = data.get(8..48).filter(|_| count > 0)?;
    Some((
        u64::from_le_bytes(entry[..8].try_into().ok()?),
        entry[8..].try_into().ok()?,
    ))
}
