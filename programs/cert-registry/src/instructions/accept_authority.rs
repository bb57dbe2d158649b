//! Step two of the authority transfer: the proposed key signs and becomes the authority.
//!
//! Accounts: `new_authority` (signer), `registry` (writable).

use crate::{
    errors::FrameworkError,
    events::{emit, AuthorityAccepted},
    state::Registry,
};
use openrsp_framework::{
    accounts::{load_mut, signer, take},
    args::no_args,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [new_authority, registry_account] = take::<2>(accounts)?;
    no_args(data)?;
    let mut registry = load_mut::<Registry>(registry_account, program_id)?;
    signer(new_authority)?;
    if !registry.has_pending_authority() {
        return Err(FrameworkError::NoPendingAuthority.into());
    }
    if new_authority.address().as_ref() != &registry.pending_authority[..] {
        return Err(FrameworkError::NotPendingAuthority.into());
    }

    let previous = registry.authority;
    registry.authority = registry.pending_authority;
    registry.pending_authority = [0; 32];
    emit(&AuthorityAccepted {
        previous,
        authority: registry.authority,
    });
    Ok(())
}
