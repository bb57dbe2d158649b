//! Pauses or resumes registrations and rotations (an incident brake: a broken circuit, a leaked
//! EUM key before its revocation lands). Revocation by owners goes on.
//!
//! Accounts: `authority` (signer), `config` (writable).

use super::require_authority;
use crate::{
    events::{emit, EidPauseChanged},
    state::EidConfig,
};
use openrsp_framework::{
    accounts::{load_mut, take},
    args::{parse_bool, InstructionArgs},
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct SetPausedArgs {
    pub paused: u8,
}
// SAFETY: repr(C) over bytes.
unsafe impl InstructionArgs for SetPausedArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, config_account] = take::<2>(accounts)?;
    let paused = parse_bool(SetPausedArgs::parse(data)?.paused)?;
    let mut config = load_mut::<EidConfig>(config_account, program_id)?;
    require_authority(&config, authority)?;

    config.paused = paused as u8;
    emit(&EidPauseChanged {
        paused,
        authority: config.authority,
    });
    Ok(())
}
