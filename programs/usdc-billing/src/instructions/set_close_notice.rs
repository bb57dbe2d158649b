//! Sets how long a subscriber waits between asking to close and closing (one minute to 90 days).
//! Applies to close requests made afterwards.
//!
//! Accounts: `authority` (signer), `config` (writable).

use super::{initialize_billing::check_close_notice, require_authority};
use crate::{
    events::{emit, CloseNoticeSet},
    state::BillingConfig,
};
use openrsp_framework::{
    accounts::{load_mut, take},
    args::InstructionArgs,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct SetCloseNoticeArgs {
    /// u64 LE seconds.
    pub close_notice_seconds: [u8; 8],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for SetCloseNoticeArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, config_account] = take::<2>(accounts)?;
    let args = SetCloseNoticeArgs::parse(data)?;
    let mut config = load_mut::<BillingConfig>(config_account, program_id)?;
    require_authority(&config, authority)?;
    check_close_notice(args.close_notice_seconds)?;
    config.close_notice_seconds = args.close_notice_seconds;
    emit(&CloseNoticeSet {
        close_notice_seconds: u64::from_le_bytes(args.close_notice_seconds),
    });
    Ok(())
}
