//! Step two of the authority hand-over: the proposed key signs and becomes the authority.
//!
//! Accounts: `new_authority` (signer), `config` (writable).

use crate::{
    events::{emit, AuthorityAccepted},
    state::EidConfig,
};
use openrsp_framework::errors::FrameworkError;
use openrsp_framework::{
    accounts::{load_mut, signer, take},
    args::no_args,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [new_authority, config_account] = take::<2>(accounts)?;
    no_args(data)?;
    let mut config = load_mut::<EidConfig>(config_account, program_id)?;
    signer(new_authority)?;
    if !config.has_pending_authority() {
        return Err(FrameworkError::NoPendingAuthority.into());
    }
    if new_authority.address().as_ref() != &config.pending_authority[..] {
        return Err(FrameworkError::NotPendingAuthority.into());
    }
    let previous = config.authority;
    config.authority = config.pending_authority;
    config.pending_authority = [0; 32];
    emit(&AuthorityAccepted {
        previous,
        authority: config.authority,
    });
    Ok(())
}
