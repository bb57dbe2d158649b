//! Pauses or resumes certificate registration. A pause is the brake for an incident (a broken
//! circuit, a leaked CI key): it stops new registrations while governance and revocation go on.
//!
//! Accounts: `authority` (signer), `registry` (writable).

use super::require_authority;
use crate::{
    events::{emit, PauseChanged},
    state::Registry,
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
    let [authority, registry_account] = take::<2>(accounts)?;
    let paused = parse_bool(SetPausedArgs::parse(data)?.paused)?;
    let mut registry = load_mut::<Registry>(registry_account, program_id)?;
    require_authority(&registry, authority)?;

    registry.paused = paused as u8;
    emit(&PauseChanged {
        paused,
        authority: registry.authority,
    });
    Ok(())
}
