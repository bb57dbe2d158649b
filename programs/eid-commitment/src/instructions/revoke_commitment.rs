//! Closes a commitment at its owner's request (a lost or sold phone) and returns the rent. The
//! nullifier mark stays, with the latest binding it accepted: the EID registers again for the same
//! purpose only with a newer binding, made by whoever holds the chip after this.
//!
//! Accounts: `owner` (signer, writable: receives the rent), `eid_commitment` (writable).

use crate::{
    errors::EidError,
    events::{emit, CommitmentRevoked},
    state::EidCommitment,
};
use openrsp_framework::{
    accounts::{close, load, payer, take},
    args::no_args,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [owner, commitment_account] = take::<2>(accounts)?;
    no_args(data)?;
    payer(owner)?;
    let nullifier = {
        let record = load::<EidCommitment>(commitment_account, program_id)?;
        if owner.address().as_ref() != &record.owner[..] {
            return Err(EidError::NotOwner.into());
        }
        record.nullifier
    };
    close(commitment_account, owner)?;
    emit(&CommitmentRevoked {
        eid_commitment: commitment_account.address().to_bytes(),
        owner: owner.address().to_bytes(),
        nullifier,
    });
    Ok(())
}
