//! Creates the config: the authority, the cert-registry whose EUM tree proofs are checked
//! against, and the euicc_chain verifying key.
//!
//! Accounts: `payer` (signer, writable), `config` (writable, PDA `["config"]`), `system_program`,
//! `program_data` (the ProgramData account of this program under the upgradeable loader),
//! `upgrade_authority` (signer). Only the program's upgrade authority can set it up, so nobody can
//! front-run a deployment and name an authority of their own; the payer and the authority it names
//! can be anyone (a multisig, for one).

use crate::{
    events::{emit, EidConfigInitialized},
    seeds,
    state::{AccountLayout, EidConfig, Groth16VerifyingKeyBytes, DEFAULT_PURPOSES},
};
use openrsp_framework::errors::FrameworkError;
use openrsp_framework::{
    accounts::{create_pda, payer, system_program, take},
    args::InstructionArgs,
    clock::now,
    governance::require_upgrade_authority,
    groth16::check_verifying_key,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct InitializeConfigArgs {
    pub authority: [u8; 32],
    pub registry_program: [u8; 32],
    /// u32 LE.
    pub circuit_id: [u8; 4],
    /// u16 LE.
    pub circuit_version: [u8; 2],
    pub key: Groth16VerifyingKeyBytes,
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for InitializeConfigArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [payer_account, config_account, system, program_data, upgrade_authority] =
        take::<5>(accounts)?;
    let args = InitializeConfigArgs::parse(data)?;
    payer(payer_account)?;
    system_program(system)?;
    require_upgrade_authority(program_id, program_data, upgrade_authority)?;
    if args.registry_program == [0; 32] || args.authority == [0; 32] {
        return Err(FrameworkError::InvalidKey.into());
    }
    check_verifying_key(&args.key)?;

    let bump =
        create_pda::<EidConfig>(payer_account, config_account, &[seeds::CONFIG], program_id)?;
    let mut data = config_account.try_borrow_mut()?;
    let config = EidConfig::initialize(&mut data)?;
    config.bump = bump;
    config.authority = args.authority;
    config.registry_program = args.registry_program;
    config.circuit_id = args.circuit_id;
    config.circuit_version = args.circuit_version;
    config.key = args.key;
    config.updated_at = now()?.to_le_bytes();
    config.purposes = DEFAULT_PURPOSES.to_le_bytes();

    emit(&EidConfigInitialized {
        config: config_account.address().to_bytes(),
        authority: args.authority,
        registry_program: args.registry_program,
        circuit_id: u32::from_le_bytes(args.circuit_id),
    });
    Ok(())
}
