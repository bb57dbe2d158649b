//! Revokes a certificate record. The registrant (whose key was compromised, or who retires a
//! server) or the registry authority may revoke; the record stays readable, marked revoked, so an
//! LPA that finds it knows not to trust the certificate rather than finding nothing.
//!
//! EUM certificates in the EUM tree are revoked with `revoke_eum_certificate`, which also removes
//! the leaf.
//!
//! Accounts: `revoker` (signer), `registry`, `certificate_record` (writable).

use crate::{
    errors::RegistryError,
    events::{emit, CertificateRevoked},
    state::{CertificateRecord, CertificateStatus, Registry},
};
use openrsp_framework::{
    accounts::{load, load_mut, signer, take},
    args::InstructionArgs,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct RevokeCertificateArgs {
    /// RFC 5280 CRLReason: 0 unspecified, 1 keyCompromise, 2 cACompromise, 3 affiliationChanged,
    /// 4 superseded, 5 cessationOfOperation, 6 certificateHold, 8 removeFromCRL,
    /// 9 privilegeWithdrawn, 10 aACompromise (7 is unused by the RFC).
    pub reason: u8,
}
// SAFETY: repr(C) over bytes.
unsafe impl InstructionArgs for RevokeCertificateArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [revoker, registry_account, record_account] = take::<3>(accounts)?;
    let reason = RevokeCertificateArgs::parse(data)?.reason;
    check_reason(reason)?;
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
    if record.is_eum_leaf() {
        return Err(RegistryError::UseRevokeEumCertificate.into());
    }

    let revoked_at = now()?;
    record.status = CertificateStatus::Revoked as u8;
    record.revoked_at = revoked_at.to_le_bytes();
    record.revoked_by = revoker_key;
    record.revocation_reason = reason;
    emit(&CertificateRevoked {
        record: record_account.address().to_bytes(),
        commitment: record.commitment,
        revoked_by: revoker_key,
        reason,
        revoked_at,
    });
    Ok(())
}

/// RFC 5280 CRLReason codes: 0 to 10 but 7.
pub(crate) fn check_reason(reason: u8) -> Result<(), RegistryError> {
    if reason > 10 || reason == 7 {
        Err(RegistryError::InvalidRevocationReason)
    } else {
        Ok(())
    }
}
