//! Registers a GSMA CI root as a trust anchor.
//!
//! Accounts: `authority` (signer), `payer` (signer, writable), `registry`,
//! `trust_anchor` (writable, PDA `["trust_anchor", key_id]`), `system_program`.

use super::require_authority;
use crate::{
    errors::{FrameworkError, RegistryError},
    events::{emit, TrustAnchorAdded},
    seeds,
    state::{AccountLayout, Curve, Registry, TrustAnchor, STATUS_ACTIVE},
};
use openrsp_framework::{
    accounts::{create_pda, load, payer, system_program, take},
    args::InstructionArgs,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct AddTrustAnchorArgs {
    /// The CI certificate's subjectKeyIdentifier.
    pub key_id: [u8; 20],
    /// [`Curve`] as a byte.
    pub curve: u8,
    /// Uncompressed public key, x || y, big-endian.
    pub public_key: [u8; 64],
    /// UTF-8 name, zero-padded.
    pub name: [u8; 32],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for AddTrustAnchorArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, payer_account, registry_account, anchor_account, system] = take::<5>(accounts)?;
    let args = AddTrustAnchorArgs::parse(data)?;
    payer(payer_account)?;
    system_program(system)?;
    require_authority(&*load::<Registry>(registry_account, program_id)?, authority)?;
    let curve = Curve::from_u8(args.curve).ok_or(RegistryError::InvalidCurve)?;
    if args.key_id == [0; 20] || args.public_key == [0; 64] {
        return Err(FrameworkError::InvalidKey.into());
    }

    let bump = create_pda::<TrustAnchor>(
        payer_account,
        anchor_account,
        &[seeds::TRUST_ANCHOR, &args.key_id],
        program_id,
    )?;
    let mut data = anchor_account.try_borrow_mut()?;
    let anchor = TrustAnchor::initialize(&mut data)?;
    anchor.bump = bump;
    anchor.status = STATUS_ACTIVE;
    anchor.curve = curve as u8;
    anchor.key_id = args.key_id;
    anchor.public_key = args.public_key;
    anchor.name = args.name;
    anchor.registered_at = now()?.to_le_bytes();

    emit(&TrustAnchorAdded {
        trust_anchor: anchor_account.address().to_bytes(),
        key_id: args.key_id,
        curve: curve as u8,
    });
    Ok(())
}
