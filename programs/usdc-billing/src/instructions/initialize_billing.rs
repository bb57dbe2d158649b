//! Creates the billing config: the authority, the cert-registry whose SM-DP+ records admit
//! operators, the treasury and the protocol fee.
//!
//! Accounts: `payer` (signer, writable), `config` (writable, PDA `["billing_config"]`),
//! `system_program`. Deployment initialises in the same run as the deploy.

use crate::{
    errors::BillingError,
    events::{emit, BillingInitialized},
    seeds,
    state::{AccountLayout, BillingConfig},
};
use cert_registry::{
    errors::RegistryError,
    utils::{
        accounts::{create_pda, payer, system_program, take},
        args::InstructionArgs,
    },
};
use pinocchio::{AccountView, Address, ProgramResult};

/// The largest fee: the whole payment.
pub const MAX_FEE_BPS: u16 = 10_000;

#[repr(C)]
pub struct InitializeBillingArgs {
    pub authority: [u8; 32],
    pub registry_program: [u8; 32],
    pub treasury: [u8; 32],
    /// u16 LE.
    pub fee_bps: [u8; 2],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for InitializeBillingArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [payer_account, config_account, system] = take::<3>(accounts)?;
    let args = InitializeBillingArgs::parse(data)?;
    payer(payer_account)?;
    system_program(system)?;
    if [args.authority, args.registry_program, args.treasury].contains(&[0; 32]) {
        return Err(RegistryError::InvalidKey.into());
    }
    let fee_bps = u16::from_le_bytes(args.fee_bps);
    if fee_bps > MAX_FEE_BPS {
        return Err(BillingError::InvalidFee.into());
    }

    let bump =
        create_pda::<BillingConfig>(payer_account, config_account, &[seeds::CONFIG], program_id)?;
    let mut data = config_account.try_borrow_mut()?;
    let config = BillingConfig::initialize(&mut data)?;
    config.bump = bump;
    config.authority = args.authority;
    config.registry_program = args.registry_program;
    config.treasury = args.treasury;
    config.fee_bps = args.fee_bps;

    emit(&BillingInitialized {
        config: config_account.address().to_bytes(),
        authority: args.authority,
        registry_program: args.registry_program,
        treasury: args.treasury,
        fee_bps,
    });
    Ok(())
}
