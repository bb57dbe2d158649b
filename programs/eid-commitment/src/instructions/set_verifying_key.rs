//! Replaces the euicc_chain verifying key, for a new circuit revision. Registered commitments are
//! unaffected; proofs for the old key stop verifying. A degenerate key is refused as the
//! registry refuses one (`openrsp_framework::groth16::check_verifying_key`).
//!
//! Accounts: `authority` (signer), `config` (writable).

use super::require_authority;
use crate::{
    events::{emit, EidVerifyingKeySet},
    state::{EidConfig, Groth16VerifyingKeyBytes},
};
use openrsp_framework::{
    accounts::{load_mut, take},
    args::InstructionArgs,
    clock::now,
    groth16::check_verifying_key,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct SetVerifyingKeyArgs {
    /// u32 LE.
    pub circuit_id: [u8; 4],
    /// u16 LE.
    pub circuit_version: [u8; 2],
    pub key: Groth16VerifyingKeyBytes,
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for SetVerifyingKeyArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, config_account] = take::<2>(accounts)?;
    let args = SetVerifyingKeyArgs::parse(data)?;
    let mut config = load_mut::<EidConfig>(config_account, program_id)?;
    require_authority(&config, authority)?;
    check_verifying_key(&args.key)?;

    config.circuit_id = args.circuit_id;
    config.circuit_version = args.circuit_version;
    config.key = args.key;
    config.updated_at = now()?.to_le_bytes();
    emit(&EidVerifyingKeySet {
        config: config_account.address().to_bytes(),
        circuit_id: u32::from_le_bytes(args.circuit_id),
        circuit_version: u16::from_le_bytes(args.circuit_version),
    });
    Ok(())
}
