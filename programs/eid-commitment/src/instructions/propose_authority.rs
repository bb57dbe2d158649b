//! Step one of a two-step authority hand-over: the authority names a successor, who must accept,
//! so a mistyped key cannot lock governance out. Proposing the zero key cancels.
//!
//! Accounts: `authority` (signer), `config` (writable).

use super::require_authority;
use crate::{
    events::{emit, AuthorityProposed},
    state::EidConfig,
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
    let [authority, config_account] = take::<2>(accounts)?;
    let args = ProposeAuthorityArgs::parse(data)?;
    let mut config = load_mut::<EidConfig>(config_account, program_id)?;
    require_authority(&config, authority)?;

    config.pending_authority = args.new_authority;
    emit(&AuthorityProposed {
        authority: config.authority,
        proposed: args.new_authority,
    });
    Ok(())
}
