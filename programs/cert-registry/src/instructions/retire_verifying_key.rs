//! Retires a circuit's verifying key: proofs for that circuit admit nothing new (a circuit bug or a
//! compromised trusted setup is handled by retiring its key and registering a new circuit id).
//!
//! Accounts: `authority` (signer), `registry`, `verifying_key` (writable).

use super::require_authority;
use crate::{
    errors::RegistryError,
    events::{emit, VerifyingKeyRetired},
    state::{Registry, VerifyingKey, STATUS_RETIRED},
};
use openrsp_framework::{
    accounts::{load, load_mut, take},
    args::no_args,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, registry_account, vk_account] = take::<3>(accounts)?;
    no_args(data)?;
    require_authority(&*load::<Registry>(registry_account, program_id)?, authority)?;
    let mut vk = load_mut::<VerifyingKey>(vk_account, program_id)?;
    if !vk.is_active() {
        return Err(RegistryError::AlreadyRetired.into());
    }

    let retired_at = now()?;
    vk.status = STATUS_RETIRED;
    vk.retired_at = retired_at.to_le_bytes();
    emit(&VerifyingKeyRetired {
        verifying_key: vk_account.address().to_bytes(),
        circuit_id: u32::from_le_bytes(vk.circuit_id),
        retired_at,
    });
    Ok(())
}
