//! Creates the registry and names its first authority.
//!
//! Accounts: `payer` (signer, writable), `registry` (writable, PDA `["registry"]`), `system_program`,
//! `program_data` (the ProgramData account of this program under the upgradeable loader),
//! `upgrade_authority` (signer). Only the program's upgrade authority can set it up, so nobody can
//! front-run a deployment and name an authority of their own; the payer and the authority it names
//! can be anyone (a multisig, for one).

use crate::{
    events::{emit, RegistryInitialized},
    seeds,
    state::{AccountLayout, Registry},
};
use openrsp_framework::{
    accounts::{create_pda, payer, system_program, take},
    args::InstructionArgs,
    governance::require_upgrade_authority,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct InitializeRegistryArgs {
    pub authority: [u8; 32],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for InitializeRegistryArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [payer_account, registry_account, system, program_data, upgrade_authority] =
        take::<5>(accounts)?;
    let args = InitializeRegistryArgs::parse(data)?;
    payer(payer_account)?;
    system_program(system)?;
    require_upgrade_authority(program_id, program_data, upgrade_authority)?;

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
