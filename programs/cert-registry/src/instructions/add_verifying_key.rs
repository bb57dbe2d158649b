//! Registers the Groth16 verifying key of a certificate circuit: which roles it proves and under
//! which trust anchor. A registration is only as good as the key behind it, so only governance adds
//! keys, only for an active anchor, and never a degenerate one (`openrsp_framework::groth16`).
//!
//! A release build refuses the test circuit family (`circuits::admits_family`).
//!
//! Accounts: `authority` (signer), `payer` (signer, writable), `registry`, `trust_anchor`,
//! `verifying_key` (writable, PDA `["verifying_key", anchor key_id, circuit_id (u32 LE)]`),
//! `system_program`.

use super::require_authority;
use crate::{
    circuits::admits_family,
    errors::RegistryError,
    events::{emit, VerifyingKeyAdded},
    seeds,
    state::{
        AccountLayout, Groth16VerifyingKeyBytes, Registry, TrustAnchor, VerifyingKey, STATUS_ACTIVE,
    },
    statement::ALL_ROLES_MASK,
};
use openrsp_framework::{
    accounts::{create_pda, load, payer, system_program, take},
    args::InstructionArgs,
    clock::now,
    groth16::check_verifying_key,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct AddVerifyingKeyArgs {
    /// u32 LE.
    pub circuit_id: [u8; 4],
    /// u16 LE.
    pub circuit_version: [u8; 2],
    /// u16 LE, bit per `statement::Role`.
    pub role_mask: [u8; 2],
    pub key: Groth16VerifyingKeyBytes,
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for AddVerifyingKeyArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, payer_account, registry_account, anchor_account, vk_account, system] =
        take::<6>(accounts)?;
    let args = AddVerifyingKeyArgs::parse(data)?;
    payer(payer_account)?;
    system_program(system)?;
    require_authority(&*load::<Registry>(registry_account, program_id)?, authority)?;
    if !admits_family(u32::from_le_bytes(args.circuit_id)) {
        return Err(RegistryError::TestCircuitNotAllowed.into());
    }
    let anchor_key_id = {
        let anchor = load::<TrustAnchor>(anchor_account, program_id)?;
        if !anchor.is_active() {
            return Err(RegistryError::TrustAnchorRetired.into());
        }
        anchor.key_id
    };
    let role_mask = u16::from_le_bytes(args.role_mask);
    if role_mask == 0 || role_mask & !ALL_ROLES_MASK != 0 {
        return Err(RegistryError::InvalidRoleMask.into());
    }
    check_verifying_key(&args.key)?;

    let bump = create_pda::<VerifyingKey>(
        payer_account,
        vk_account,
        &[seeds::VERIFYING_KEY, &anchor_key_id, &args.circuit_id],
        program_id,
    )?;
    let mut data = vk_account.try_borrow_mut()?;
    let vk = VerifyingKey::initialize(&mut data)?;
    vk.bump = bump;
    vk.status = STATUS_ACTIVE;
    vk.circuit_id = args.circuit_id;
    vk.circuit_version = args.circuit_version;
    vk.role_mask = args.role_mask;
    vk.anchor_key_id = anchor_key_id;
    vk.key = args.key;
    vk.registered_at = now()?.to_le_bytes();

    emit(&VerifyingKeyAdded {
        verifying_key: vk_account.address().to_bytes(),
        circuit_id: u32::from_le_bytes(args.circuit_id),
        circuit_version: u16::from_le_bytes(args.circuit_version),
        role_mask,
        anchor_key_id,
    });
    Ok(())
}
