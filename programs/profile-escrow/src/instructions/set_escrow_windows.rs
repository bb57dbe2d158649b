//! Governance changes the windows. The delivery window applies to orders created afterwards (their
//! deadline is fixed at ordering); the dispute window to every delivered order.
//!
//! Accounts: `authority` (signer), `config` (writable).

use super::{require_authority, Windows};
use crate::{
    events::{emit, EscrowWindowsSet},
    state::EscrowConfig,
};
use openrsp_framework::{
    accounts::{load_mut, signer, take},
    args::InstructionArgs,
};
use pinocchio::{AccountView, Address, ProgramResult};

// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for Windows {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, config_account] = take::<2>(accounts)?;
    let windows = Windows::parse(data)?;
    signer(authority)?;
    let mut config = load_mut::<EscrowConfig>(config_account, program_id)?;
    require_authority(&config, authority)?;
    windows.check()?;
    config.dispute_window_seconds = windows.dispute_window_seconds;
    config.delivery_window_seconds = windows.delivery_window_seconds;
    emit(&EscrowWindowsSet {
        dispute_window_seconds: u64::from_le_bytes(windows.dispute_window_seconds),
        delivery_window_seconds: u64::from_le_bytes(windows.delivery_window_seconds),
    });
    Ok(())
}
