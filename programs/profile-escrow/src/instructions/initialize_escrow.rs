//! Creates the escrow config: the authority that decides disputes, the usdc-billing program whose
//! plans are sold (and whose config sets fee, treasury and pause), and the two windows.
//!
//! Accounts: `payer` (signer, writable), `config` (writable, PDA `["escrow_config"]`), `system_program`,
//! `program_data` (the ProgramData account of this program under the upgradeable loader),
//! `upgrade_authority` (signer). Only the program's upgrade authority can set it up, so nobody can
//! front-run a deployment and name an authority of their own; the payer and the authority it names
//! can be anyone (a multisig, for one).

use super::Windows;
use crate::{
    events::{emit, EscrowInitialized},
    seeds,
    state::{AccountLayout, EscrowConfig},
};
use openrsp_framework::errors::FrameworkError;
use openrsp_framework::{
    accounts::{create_pda, payer, system_program, take},
    args::InstructionArgs,
    governance::require_upgrade_authority,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct InitializeEscrowArgs {
    pub authority: [u8; 32],
    pub billing_program: [u8; 32],
    pub windows: Windows,
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for InitializeEscrowArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [payer_account, config_account, system, program_data, upgrade_authority] =
        take::<5>(accounts)?;
    let args = InitializeEscrowArgs::parse(data)?;
    payer(payer_account)?;
    system_program(system)?;
    require_upgrade_authority(program_id, program_data, upgrade_authority)?;
    if args.authority == [0; 32] || args.billing_program == [0; 32] {
        return Err(FrameworkError::InvalidKey.into());
    }
    args.windows.check()?;
    let bump =
        create_pda::<EscrowConfig>(payer_account, config_account, &[seeds::CONFIG], program_id)?;
    let mut data = config_account.try_borrow_mut()?;
    let config = EscrowConfig::initialize(&mut data)?;
    config.bump = bump;
    config.authority = args.authority;
    config.billing_program = args.billing_program;
    config.dispute_window_seconds = args.windows.dispute_window_seconds;
    config.delivery_window_seconds = args.windows.delivery_window_seconds;
    emit(&EscrowInitialized {
        config: config_account.address().to_bytes(),
        authority: args.authority,
        billing_program: args.billing_program,
        dispute_window_seconds: u64::from_le_bytes(args.windows.dispute_window_seconds),
        delivery_window_seconds: u64::from_le_bytes(args.windows.delivery_window_seconds),
    });
    Ok(())
}
