//! Pauses or resumes plan changes (an incident brake: a broken registry key, a bad fee). Payments
//! on existing subscriptions go on.
//!
//! Accounts: `authority` (signer), `config` (writable).

use super::require_authority;
use crate::{
    events::{emit, BillingPauseChanged},
    state::BillingConfig,
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
    let mut config = load_mut::<BillingConfig>(config_account, program_id)?;
    require_authority(&config, authority)?;

    config.paused = paused as u8;
    emit(&BillingPauseChanged {
        paused,
        authority: config.authority,
    });
    Ok(())
}
