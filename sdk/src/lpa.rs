//! What a device's LPA checks before it trusts an SM-DP+, as one call each: from the certificate
//! the SM-DP+ presents, or from an order whose activation code it is about to use. The verdict is
//! the registry's, read and judged at the cluster's time; nothing is taken from the SM-DP+'s word.

use crate::{
    cert_registry::{CertRegistry, CertificateLookup, LookupStatus},
    certificate::RspCertificate,
    client::Ledger,
    profile_escrow::{ActivationCode, Escrow},
    programs::ProgramIds,
    SdkError,
};
use cert_registry::statement::Role;
use serde::Serialize;
use solana_address::Address;
use solana_keypair::Keypair;

/// Roles an SM-DP+ presents (SGP.22: authentication, profile binding, TLS).
pub const SMDP_ROLES: [Role; 3] = [Role::DpAuth, Role::DpPb, Role::DpTls];

/// The LPA's verdict on an SM-DP+ certificate.
#[derive(Clone, Debug, Serialize)]
pub struct SmdpCheck {
    /// Trust it: an SM-DP+ role, registered under that role, not revoked, inside its window,
    /// admitted under a verifying key and trust anchor that are still active.
    pub trusted: bool,
    /// One line for people: why (not).
    pub reason: String,
    /// The certificate's subject common name.
    pub subject: Option<String>,
    /// The role the certificate states.
    pub role: String,
    pub lookup: CertificateLookup,
}

/// Recomputes the certificate's commitment, reads its record and judges it.
pub fn check_smdp<L: Ledger + ?Sized>(
    ledger: &mut L,
    ids: &ProgramIds,
    cert: &RspCertificate,
) -> Result<SmdpCheck, SdkError> {
    let lookup = CertRegistry::new(ledger, ids.cert_registry).lookup(cert)?;
    let role = cert.role.name().to_string();
    let (trusted, reason) = if !SMDP_ROLES.contains(&cert.role) {
        (false, format!("not an SM-DP+ certificate (role {role})"))
    } else if lookup.status != LookupStatus::Valid {
        (false, lookup.status.to_string())
    } else if lookup.record.as_ref().is_some_and(|r| r.role != role) {
        (false, "registered under another role".to_string())
    } else {
        let record = lookup.record.as_ref();
        (
            true,
            format!(
                "registered {role}, valid until {}, registrant {}",
                record.map_or(0, |r| r.not_after),
                record.map_or("-", |r| r.registrant.as_str())
            ),
        )
    };
    Ok(SmdpCheck {
        trusted,
        reason,
        subject: cert.common_name.clone(),
        role,
        lookup,
    })
}

/// An order's activation code for its consumer, with the registry's verdict on the SM-DP+
/// certificate record that admitted the plan's operator.
#[derive(Clone, Debug, Serialize)]
pub struct ActivationCheck {
    /// The SM-DP+ record is valid now.
    pub trusted: bool,
    pub reason: String,
    pub activation_code: String,
    #[serde(skip)]
    pub code: ActivationCode,
    pub order_status: &'static str,
    /// The operator's SM-DP+ record, as the plan names it.
    pub smdp_record: String,
    pub smdp_status: LookupStatus,
}

/// Decrypts `order`'s activation code with the consumer's key and judges the operator's SM-DP+
/// record.
pub fn activation_code<L: Ledger + ?Sized>(
    ledger: &mut L,
    ids: &ProgramIds,
    consumer: &Keypair,
    order: &Address,
) -> Result<ActivationCheck, SdkError> {
    let view =
        Escrow::new(&mut *ledger, ids.profile_escrow, ids.usdc_billing).require_order(order)?;
    let code = view.activation_code(consumer)?;
    let plan = crate::usdc_billing::Billing::new(&mut *ledger, ids.usdc_billing)
        .plan(&view.plan)?
        .ok_or_else(|| SdkError::AccountNotFound(format!("plan {}", view.plan)))?;
    let record_address: Address = plan
        .smdp_record
        .parse()
        .map_err(|_| SdkError::Ledger("bad SM-DP+ record address in the plan".into()))?;
    let registry = CertRegistry::new(&mut *ledger, ids.cert_registry);
    let now = registry.ledger.unix_timestamp()?;
    let record = registry.certificate_at(&record_address)?;
    let smdp_status = registry.judge(record.as_ref(), now)?;
    let trusted = smdp_status == LookupStatus::Valid;
    Ok(ActivationCheck {
        trusted,
        reason: if trusted {
            format!(
                "the operator's SM-DP+ record is valid; order {}",
                view.status
            )
        } else {
            format!("the operator's SM-DP+ record is {smdp_status}")
        },
        activation_code: code.to_string(),
        code,
        order_status: view.status,
        smdp_record: record_address.to_string(),
        smdp_status,
    })
}
