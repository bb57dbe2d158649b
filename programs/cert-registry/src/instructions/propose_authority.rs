//! Step one of a two-step authority transfer: the authority names a successor, who must accept.
//! A typo in the new key therefore cannot lock governance out. Proposing the zero key cancels a
//! pending proposal.
//!
//! Accounts: `authority` (signer), `registry` (writable).

use super::require_authority;
use crate::{
    events::{emit, AuthorityProposed},
    state::Registry,
};
use openrsp_framework::{
    accounts::{load_mut, take},
    args::InstructionArgs,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct ProposeAuthorityArgs {
    pub new_authority: [u8; 32],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for ProposeAuthorityArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, registry_account] = take::<2>(accounts)?;
    let args = ProposeAuthorityArgs::parse(data)?;
    let mut registry = load_mut::<Registry>(registry_account, program_id)?;
    require_authority(&registry, authority)?;

    registry.pending_authority = args.new_authority;
    emit(&AuthorityProposed {
        authority: registry.authority,
        proposed: args.new_authority,
    });
    Ok(())
}
