//! Who may sell connectivity: the registrant of an SM-DP+ certificate that the configured registry
//! holds as trustworthy right now. The program reads the registry's accounts itself rather than
//! trusting an argument, and re-reads them at every plan change and every purchase, so a record,
//! verifying key or trust anchor that governance revoked or retired stops sales at once.

use crate::errors::BillingError;
use cert_registry::{
    state::{u64_from, CertificateRecord, TrustAnchor, VerifyingKey},
    statement::Role,
};
use openrsp_framework::{accounts::load, clock::now};
use pinocchio::{error::ProgramError, AccountView, Address};

/// The three registry accounts that make an operator trustworthy: its SM-DP+ certificate record,
/// the verifying key whose proof admitted it, and the trust anchor (CI) that key serves.
pub struct OperatorTrust<'a> {
    pub record: &'a AccountView,
    pub verifying_key: &'a AccountView,
    pub trust_anchor: &'a AccountView,
}

impl OperatorTrust<'_> {
    /// Checks that the record is an SM-DP+ certificate record of `registry` registered by
    /// `operator`, admitted with proof of possession, not revoked, inside its validity window,
    /// under a verifying key and a trust anchor that are both still active.
    ///
    /// The verifying key and anchor are identified by their content (the record's circuit id and
    /// CI key id) once the registry's owner and account discriminators are checked: the registry
    /// creates each at the single PDA of those values. The key's address is checked as well, since
    /// a registry upgraded from the earlier scheme may still hold keys at their old addresses.
    pub fn require(&self, registry: &Address, operator: &[u8; 32]) -> Result<(), ProgramError> {
        for account in [self.record, self.verifying_key, self.trust_anchor] {
            if !account.owned_by(registry) {
                return Err(BillingError::WrongRegistry.into());
            }
        }
        let record = load::<CertificateRecord>(self.record, registry)?;
        if record.role != Role::DpAuth as u8 && record.role != Role::DpPb as u8 {
            return Err(BillingError::NotSmdpCertificate.into());
        }
        if operator != &record.registrant {
            return Err(BillingError::NotCertificateOwner.into());
        }
        if !record.possession_proven() {
            return Err(BillingError::PossessionNotProven.into());
        }
        if record.is_revoked() {
            return Err(BillingError::CertificateRevoked.into());
        }
        let now = u64::try_from(now()?).unwrap_or(0);
        if now < u64_from(record.not_before) || now > u64_from(record.not_after) {
            return Err(BillingError::CertificateNotValidNow.into());
        }
        let vk = load::<VerifyingKey>(self.verifying_key, registry)?;
        if vk.circuit_id != record.circuit_id || vk.anchor_key_id != record.anchor_key_id {
            return Err(BillingError::WrongVerifyingKey.into());
        }
        vk.require_address(self.verifying_key, registry)?;
        if !vk.is_active() {
            return Err(BillingError::VerifyingKeyRetired.into());
        }
        let anchor = load::<TrustAnchor>(self.trust_anchor, registry)?;
        if anchor.key_id != record.anchor_key_id {
            return Err(BillingError::WrongTrustAnchor.into());
        }
        if !anchor.is_active() {
            return Err(BillingError::TrustAnchorRetired.into());
        }
        Ok(())
    }
}
