//! Creates the billing config: the authority, the cert-registry whose SM-DP+ records admit
//! operators, the eid-commitment program whose commitments subscriptions name, the treasury, the
//! protocol fee and the close notice of subscriptions.
//!
//! Accounts: `payer` (signer, writable), `config` (writable, PDA `["billing_config"]`), `system_program`,
//! `program_data` (the ProgramData account of this program under the upgradeable loader),
//! `upgrade_authority` (signer). Only the program's upgrade authority can set it up, so nobody can
//! front-run a deployment and name an authority of their own; the payer and the authority it names
//! can be anyone (a multisig, for one).

use crate::{
    errors::BillingError,
    events::{emit, BillingInitialized},
    seeds,
    state::{AccountLayout, BillingConfig},
};
use openrsp_framework::errors::FrameworkError;
use openrsp_framework::{
    accounts::{create_pda, payer, system_program, take},
    args::InstructionArgs,
    governance::require_upgrade_authority,
};
use pinocchio::{AccountView, Address, ProgramResult};

/// The largest fee: the whole payment.
pub const MAX_FEE_BPS: u16 = 10_000;
/// Bounds of the close notice: long enough for an operator to redeem (a minute), short enough
/// that a subscriber's money is not held hostage (90 days).
pub const MIN_CLOSE_NOTICE: u64 = 60;
pub const MAX_CLOSE_NOTICE: u64 = 90 * 24 * 3600;

/// Checks a close notice against its bounds.
pub fn check_close_notice(seconds: [u8; 8]) -> Result<(), BillingError> {
    if (MIN_CLOSE_NOTICE..=MAX_CLOSE_NOTICE).contains(&u64::from_le_bytes(seconds)) {
        Ok(())
    } else {
        Err(BillingError::InvalidCloseNotice)
    }
}

#[repr(C)]
pub struct InitializeBillingArgs {
    pub authority: [u8; 32],
    pub registry_program: [u8; 32],
    pub eid_program: [u8; 32],
    pub treasury: [u8; 32],
    /// u16 LE.
    pub fee_bps: [u8; 2],
    /// u64 LE seconds, [`MIN_CLOSE_NOTICE`] to [`MAX_CLOSE_NOTICE`].
    pub close_notice_seconds: [u8; 8],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for InitializeBillingArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [payer_account, config_account, system, program_data, upgrade_authority] =
        take::<5>(accounts)?;
    let args = InitializeBillingArgs::parse(data)?;
    payer(payer_account)?;
    system_program(system)?;
    require_upgrade_authority(program_id, program_data, upgrade_authority)?;
    if [
        args.authority,
        args.registry_program,
        args.eid_program,
        args.treasury,
    ]
    .contains(&[0; 32])
    {
        return Err(FrameworkError::InvalidKey.into());
    }
    let fee_bps = u16::from_le_bytes(args.fee_bps);
    if fee_bps > MAX_FEE_BPS {
        return Err(BillingError::InvalidFee.into());
    }
    check_close_notice(args.close_notice_seconds)?;

    let bump =
        create_pda::<BillingConfig>(payer_account, config_account, &[seeds::CONFIG], program_id)?;
    let mut data = config_account.try_borrow_mut()?;
    let config = BillingConfig::initialize(&mut data)?;
    config.bump = bump;
    config.authority = args.authority;
    config.registry_program = args.registry_program;
    config.eid_program = args.eid_program;
    config.close_notice_seconds = args.close_notice_seconds;
    config.treasury = args.treasury;
    config.fee_bps = args.fee_bps;

    emit(&BillingInitialized {
        config: config_account.address().to_bytes(),
        authority: args.authority,
        registry_program: args.registry_program,
        eid_program: args.eid_program,
        treasury: args.treasury,
        fee_bps,
        close_notice_seconds: u64::from_le_bytes(args.close_notice_seconds),
    });
    Ok(())
}
