//! Creates the registry and names its first authority.
//!
//! Accounts: `payer` (signer, writable), `registry` (writable, PDA `["registry"]`),
//! `system_program`. The payer need not be the authority: a deployer can hand governance to a
//! multisig from the first instruction. Deployment scripts initialise in the same run as the
//! deploy, so nobody else gets to pick the authority.

use crate::{
    events::{emit, RegistryInitialized},
    seeds,
    state::{AccountLayout, Registry},
};
use openrsp_framework::{
    accounts::{create_pda, payer, system_program, take},
    args::InstructionArgs,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct InitializeRegistryArgs {
    pub authority: [u8; 32],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for InitializeRegistryArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [payer_account, registry_account, system] = take::<3>(accounts)?;
    let args = InitializeRegistryArgs::parse(data)?;
    payer(payer_account)?;
    system_program(system)?;

    let bump = create_pda::<Registry>(
        payer_account,
        registry_account,
        &[seeds::REGISTRY],
        program_id,
    )?;
    let mut data = registry_account.try_borrow_mut()?;
    let registry = Registry::initialize(&mut data)?;
    registry.bump = bump;
    registry.authority = args.authority;

    emit(&RegistryInitialized {
        registry: registry_account.address().to_bytes(),
        authority: args.authority,
    });
    Ok(())
}
