//! Who may sell connectivity: the registrant of an SM-DP+ certificate that the configured registry
//! holds as valid right now, admitted with proof of possession of the certificate's key. The
//! program reads the record itself rather than trusting an argument.

use crate::errors::BillingError;
use cert_registry::{
    state::{u64_from, CertificateRecord},
    statement::Role,
    utils::{accounts::load, clock::now},
};
use pinocchio::{error::ProgramError, AccountView, Address};

/// Checks that `record` is a valid SM-DP+ certificate record of `registry` registered by
/// `operator`.
pub fn require_smdp_operator(
    registry: &Address,
    record: &AccountView,
    operator: &AccountView,
) -> Result<(), ProgramError> {
    if !record.owned_by(registry) {
        return Err(BillingError::WrongRegistry.into());
    }
    let record = load::<CertificateRecord>(record, registry)?;
    if record.role != Role::DpAuth as u8 && record.role != Role::DpPb as u8 {
        return Err(BillingError::NotSmdpCertificate.into());
    }
    if operator.address().as_ref() != &record.registrant[..] {
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
    Ok(())
}
