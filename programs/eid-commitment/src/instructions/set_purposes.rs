//! Sets the purposes commitments may be registered for (a u64 bitmap, bit `p` for purpose `p`).
//! The set is fixed and documented (`PURPOSE_PLANS` for data plans); governance adds one when an
//! application needs a consumer identity of its own. Existing commitments keep their purpose;
//! readers check it (usdc-billing and profile-escrow take plans commitments only).
//!
//! Accounts: `authority` (signer), `config` (writable).

use super::require_authority;
use crate::{
    events::{emit, EidPurposesChanged},
    state::EidConfig,
};
use openrsp_framework::{
    accounts::{load_mut, take},
    args::InstructionArgs,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct SetPurposesArgs {
    /// u64 LE bitmap.
    pub purposes: [u8; 8],
}
// SAFETY: repr(C) over bytes.
unsafe impl InstructionArgs for SetPurposesArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, config_account] = take::<2>(accounts)?;
    let args = SetPurposesArgs::parse(data)?;
    let mut config = load_mut::<EidConfig>(config_account, program_id)?;
    require_authority(&config, authority)?;

    config.purposes = args.purposes;
    emit(&EidPurposesChanged {
        purposes: u64::from_le_bytes(args.purposes),
        authority: config.authority,
    });
    Ok(())
}
