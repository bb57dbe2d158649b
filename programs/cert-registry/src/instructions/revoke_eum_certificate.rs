//! Revokes an EUM certificate and removes its key from the EUM tree, so that no eUICC it
//! certified can prove against any later root. Every earlier root is forgotten at the same time
//! (see `EumTree`): proofs in flight must be remade against the new root.
//!
//! The tree stores only its frontier, so the caller supplies the leaf's Merkle path under the
//! current root (the SDK rebuilds it from the EUM records); the program checks it against the root
//! before zeroing the leaf.
//!
//! The key's marker (`["eum_key", x]`) closes with the leaf, its rent back to the registrant, so
//! the key can be certified and registered again.
//!
//! Accounts: `revoker` (signer: the authority or the registrant), `registry`,
//! `certificate_record` (writable), `eum_tree` (writable), `eum_key` (writable), `registrant`
//! (writable: the record's registrant, who paid the marker's rent).

use crate::{
    errors::{FrameworkError, RegistryError},
    events::{emit, CertificateRevoked, EumLeafRemoved},
    state::{
        u32_from, CertificateRecord, CertificateStatus, EumKey, EumTree, Registry, EUM_TREE_DEPTH,
    },
};
use openrsp_framework::{
    accounts::{close, load, load_mut, signer, take},
    args::InstructionArgs,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct RevokeEumCertificateArgs {
    /// RFC 5280 CRLReason, as in `revoke_certificate`.
    pub reason: u8,
    /// Siblings of the record's leaf, bottom up, under the tree's current root.
    pub siblings: [[u8; 32]; EUM_TREE_DEPTH],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for RevokeEumCertificateArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [revoker, registry_account, record_account, tree_account, marker_account, registrant] =
        take::<6>(accounts)?;
    let args = RevokeEumCertificateArgs::parse(data)?;
    super::revoke_certificate::check_reason(args.reason)?;
    signer(revoker)?;
    let authority = load::<Registry>(registry_account, program_id)?.authority;
    let mut record = load_mut::<CertificateRecord>(record_account, program_id)?;
    let revoker_key = revoker.address().to_bytes();
    if revoker_key != authority && revoker_key != record.registrant {
        return Err(RegistryError::NotRevoker.into());
    }
    if record.is_revoked() {
        return Err(RegistryError::AlreadyRevoked.into());
    }
    if !record.is_eum_leaf() {
        return Err(RegistryError::NotAnEumLeaf.into());
    }
    if registrant.address().as_ref() != &record.registrant[..] {
        return Err(RegistryError::NotTheRegistrant.into());
    }
    if load::<EumKey>(marker_account, program_id)?.record != record_account.address().to_bytes() {
        return Err(FrameworkError::InvalidPda.into());
    }
    let mut tree = load_mut::<EumTree>(tree_account, program_id)?;
    let index = u32_from(record.eum_leaf_index);
    tree.remove(index, &record.eum_leaf()?, &args.siblings)?;

    let revoked_at = now()?;
    record.status = CertificateStatus::Revoked as u8;
    record.revoked_at = revoked_at.to_le_bytes();
    record.revoked_by = revoker_key;
    record.revocation_reason = args.reason;
    record.in_eum_tree = 0;
    emit(&CertificateRevoked {
        record: record_account.address().to_bytes(),
        commitment: record.commitment,
        revoked_by: revoker_key,
        reason: args.reason,
        revoked_at,
    });
    emit(&EumLeafRemoved {
        record: record_account.address().to_bytes(),
        index,
        root: tree.root(),
    });
    drop(tree);
    drop(record);
    close(marker_account, registrant)
}
