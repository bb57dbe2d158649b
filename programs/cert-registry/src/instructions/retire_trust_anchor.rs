//! Retires a CI root: no certificate can be registered under it any more. Records already
//! admitted stay; readers see the anchor's status and decide (a compromised CI would also have its
//! records revoked).
//!
//! Accounts: `authority` (signer), `registry`, `trust_anchor` (writable).

use super::require_authority;
use crate::{
    errors::RegistryError,
    events::{emit, TrustAnchorRetired},
    state::{Registry, TrustAnchor, STATUS_RETIRED},
};
use openrsp_framework::{
    accounts::{load, load_mut, take},
    args::no_args,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, registry_account, anchor_account] = take::<3>(accounts)?;
    no_args(data)?;
    require_authority(&*load::<Registry>(registry_account, program_id)?, authority)?;
    let mut anchor = load_mut::<TrustAnchor>(anchor_account, program_id)?;
    if !anchor.is_active() {
        return Err(RegistryError::AlreadyRetired.into());
    }

    let retired_at = now()?;
    anchor.status = STATUS_RETIRED;
    anchor.retired_at = retired_at.to_le_bytes();
    emit(&TrustAnchorRetired {
        trust_anchor: anchor_account.address().to_bytes(),
        key_id: anchor.key_id,
        retired_at,
    });
    Ok(())
}
