//! GSMA RSP certificates (SGP.22 section 4.5.2): reading the fields the registry speaks of from an
//! X.509 DER certificate, natively. The zero-knowledge circuits prove the same facts; this module is
//! what a prover checks before spending time on a proof, and what an LPA uses to look a
//! certificate up.

use crate::{zk::fr_be, SdkError};
use cert_registry::{state::Curve, statement::Role};
use der::{
    asn1::{ObjectIdentifier, OctetString},
    Decode, Encode, Reader, SliceReader,
};
use openrsp_circuits::commitment;
use sha2::{Digest, Sha256};
use x509_cert::{
    ext::pkix::{
        constraints::name::NameConstraints, name::GeneralName, AuthorityKeyIdentifier,
        CertificatePolicies, SubjectKeyIdentifier,
    },
    Certificate,
};

/// `2.23.146.1.2.1`: the GSMA RSP role arc; the last arc is the role.
pub const GSMA_ROLE_ARC: &str = "2.23.146.1.2.1";
const OID_CERTIFICATE_POLICIES: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.32");
const OID_SUBJECT_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");
const OID_AUTHORITY_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.35");
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_BRAINPOOL_P256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.36.3.3.2.8.1.1.7");
const OID_COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const OID_SERIAL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.5");
const OID_NAME_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.30");

/// The IIN (8 digits) in the serialNumber of an EUM's single permitted directoryName (SGP.22).
fn permitted_iin(nc: &NameConstraints) -> Result<u64, SdkError> {
    let bad = |why: &str| cert_err(format!("EUM nameConstraints: {why}"));
    let subtrees = nc
        .permitted_subtrees
        .as_ref()
        .ok_or_else(|| bad("no permitted subtree"))?;
    let [subtree] = subtrees.as_slice() else {
        return Err(bad("more than one permitted subtree"));
    };
    let GeneralName::DirectoryName(name) = &subtree.base else {
        return Err(bad("the permitted subtree is not a directory name"));
    };
    let serial = name
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == OID_SERIAL_NUMBER)
        .ok_or_else(|| bad("no serialNumber (IIN) in the permitted name"))?;
    let iin = der::asn1::PrintableStringRef::try_from(&serial.value)
        .map_err(|_| bad("the IIN is not a PrintableString"))?;
    let iin = iin.as_str();
    if iin.len() != 8 || !iin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("the IIN is not 8 digits"));
    }
    iin.parse().map_err(|_| bad("the IIN is not 8 digits"))
}

/// What the registry needs to know about a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RspCertificate {
    /// The TBSCertificate exactly as encoded in the certificate.
    pub tbs_der: Vec<u8>,
    pub role: Role,
    pub curve: Curve,
    /// Subject public key, x || y.
    pub public_key: [u8; 64],
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<Vec<u8>>,
    /// An EUM's permitted IIN (the serialNumber of its nameConstraints' permitted name).
    pub permitted_iin: Option<u64>,
    pub not_before: u64,
    pub not_after: u64,
    /// Subject commonName, if any.
    pub common_name: Option<String>,
    /// SHA-256 of the whole certificate (for people: a familiar fingerprint).
    pub fingerprint: [u8; 32],
    /// The issuer's signature (DER ECDSA-Sig-Value) and its algorithm.
    pub signature_der: Vec<u8>,
    pub signature_algorithm: String,
}

/// ecdsa-with-SHA256, the only signature algorithm of GSMA RSP certificates.
pub const ECDSA_WITH_SHA256: &str = "1.2.840.10045.4.3.2";

fn cert_err(msg: impl Into<String>) -> SdkError {
    SdkError::Certificate(msg.into())
}

impl RspCertificate {
    /// Parses a DER certificate and extracts the GSMA fields. Refuses certificates that are not
    /// GSMA RSP certificates (no role policy, not an EC key on a GSMA curve).
    pub fn from_der(der_bytes: &[u8]) -> Result<Self, SdkError> {
        let cert = Certificate::from_der(der_bytes)
            .map_err(|e| cert_err(format!("not a DER X.509 certificate: {e}")))?;
        let tbs_der = raw_tbs(der_bytes)?;
        let tbs = &cert.tbs_certificate;

        let mut role = None;
        let mut subject_key_id = None;
        let mut authority_key_id = None;
        let mut name_constraints = None;
        for ext in tbs.extensions.iter().flatten() {
            let value = ext.extn_value.as_bytes();
            if ext.extn_id == OID_CERTIFICATE_POLICIES {
                let policies = CertificatePolicies::from_der(value)
                    .map_err(|e| cert_err(format!("malformed certificatePolicies: {e}")))?;
                for policy in policies.0 {
                    if let Some(r) = role_of_policy(&policy.policy_identifier) {
                        if role.replace(r).is_some() {
                            return Err(cert_err("more than one GSMA role policy"));
                        }
                    }
                }
            } else if ext.extn_id == OID_SUBJECT_KEY_ID {
                let ski = SubjectKeyIdentifier::from_der(value)
                    .map_err(|e| cert_err(format!("malformed subjectKeyIdentifier: {e}")))?;
                subject_key_id = Some(ski.0.as_bytes().to_vec());
            } else if ext.extn_id == OID_AUTHORITY_KEY_ID {
                let aki = AuthorityKeyIdentifier::from_der(value)
                    .map_err(|e| cert_err(format!("malformed authorityKeyIdentifier: {e}")))?;
                authority_key_id = aki
                    .key_identifier
                    .map(|k: OctetString| k.as_bytes().to_vec());
            } else if ext.extn_id == OID_NAME_CONSTRAINTS {
                name_constraints = Some(
                    NameConstraints::from_der(value)
                        .map_err(|e| cert_err(format!("malformed nameConstraints: {e}")))?,
                );
            }
        }
        let role = role.ok_or_else(|| {
            cert_err(format!(
                "no GSMA role policy ({GSMA_ROLE_ARC}.x) in certificatePolicies"
            ))
        })?;
        let permitted_iin = match role {
            Role::Eum => Some(permitted_iin(name_constraints.as_ref().ok_or_else(
                || cert_err("an EUM certificate without nameConstraints (its permitted IIN)"),
            )?)?),
            _ => None,
        };

        let spki = &tbs.subject_public_key_info;
        if spki.algorithm.oid != OID_EC_PUBLIC_KEY {
            return Err(cert_err(format!(
                "subject key is not an EC key (algorithm {})",
                spki.algorithm.oid
            )));
        }
        let curve_oid: ObjectIdentifier = spki
            .algorithm
            .parameters
            .as_ref()
            .ok_or_else(|| cert_err("EC key without a named curve"))?
            .decode_as()
            .map_err(|e| cert_err(format!("EC key parameters are not a named curve: {e}")))?;
        let curve = match curve_oid {
            OID_P256 => Curve::NistP256,
            OID_BRAINPOOL_P256R1 => Curve::BrainpoolP256r1,
            other => {
                return Err(cert_err(format!(
                    "curve {other} is neither NIST P-256 nor brainpoolP256r1"
                )))
            }
        };
        let point = spki.subject_public_key.raw_bytes();
        if point.len() != 65 || point[0] != 0x04 {
            return Err(cert_err(
                "subject key is not an uncompressed 256-bit EC point",
            ));
        }
        let mut public_key = [0u8; 64];
        public_key.copy_from_slice(&point[1..]);

        let validity = &tbs.validity;
        let not_before = validity.not_before.to_unix_duration().as_secs();
        let not_after = validity.not_after.to_unix_duration().as_secs();

        let common_name = tbs
            .subject
            .0
            .iter()
            .flat_map(|rdn| rdn.0.iter())
            .find_map(|atv| {
                (atv.oid == OID_COMMON_NAME).then(|| {
                    der::asn1::Utf8StringRef::try_from(&atv.value)
                        .map(|s| s.as_str().to_string())
                        .or_else(|_| {
                            der::asn1::PrintableStringRef::try_from(&atv.value)
                                .map(|s| s.as_str().to_string())
                        })
                        .ok()
                })?
            });

        Ok(RspCertificate {
            tbs_der,
            role,
            curve,
            public_key,
            subject_key_id,
            authority_key_id,
            permitted_iin,
            not_before,
            not_after,
            common_name,
            fingerprint: Sha256::digest(der_bytes).into(),
            signature_der: cert.signature.raw_bytes().to_vec(),
            signature_algorithm: cert.signature_algorithm.oid.to_string(),
        })
    }

    /// Reads a certificate from a `.der` or `.pem` file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, SdkError> {
        let bytes = std::fs::read(path)
            .map_err(|e| cert_err(format!("cannot read {}: {e}", path.display())))?;
        if bytes.starts_with(b"-----BEGIN") {
            let text = String::from_utf8_lossy(&bytes);
            let (label, der_bytes) = der::pem::decode_vec(text.as_bytes())
                .map_err(|e| cert_err(format!("{}: malformed PEM ({e})", path.display())))?;
            if label != "CERTIFICATE" {
                return Err(cert_err(format!(
                    "{}: PEM holds a {label}, not a CERTIFICATE",
                    path.display()
                )));
            }
            return Self::from_der(&der_bytes);
        }
        Self::from_der(&bytes)
    }

    /// The Poseidon commitment under which the registry files this certificate.
    pub fn commitment(&self) -> Result<[u8; 32], SdkError> {
        commitment::tbs_commitment(&self.tbs_der)
            .map(|c| fr_be(&c))
            .map_err(|e| cert_err(e.to_string()))
    }

    /// The hash of the subject public key that records carry.
    pub fn subject_key_hash(&self) -> Result<[u8; 32], SdkError> {
        let (x, y) = self.public_key.split_at(32);
        commitment::public_key_hash(
            x.try_into().expect("32 bytes"),
            y.try_into().expect("32 bytes"),
            self.permitted_iin.unwrap_or(0),
        )
        .map(|h| fr_be(&h))
        .map_err(|e| cert_err(e.to_string()))
    }

    /// The 20-byte subjectKeyIdentifier a trust anchor is registered under.
    pub fn anchor_key_id(&self) -> Result<[u8; 20], SdkError> {
        key_id_20(self.subject_key_id.as_deref(), "subjectKeyIdentifier")
    }

    /// The 20-byte authorityKeyIdentifier: the CI this certificate names as issuer.
    pub fn issuer_key_id(&self) -> Result<[u8; 20], SdkError> {
        key_id_20(self.authority_key_id.as_deref(), "authorityKeyIdentifier")
    }
}

/// A GSMA key identifier (SHA-1 of the key: 20 bytes), or why there is none.
fn key_id_20(id: Option<&[u8]>, what: &str) -> Result<[u8; 20], SdkError> {
    let id = id.ok_or_else(|| cert_err(format!("no {what}")))?;
    id.try_into()
        .map_err(|_| cert_err(format!("{what} has {} bytes, GSMA uses 20", id.len())))
}

impl RspCertificate {
    /// The checks a prover makes before spending time on a proof, natively: `self` is a
    /// certificate issued by `ci` (a CI certificate) — names it in authorityKeyIdentifier, carries
    /// an ecdsa-with-SHA256 signature over its TBS that verifies under the CI's P-256 key (either S
    /// parity) — and is valid at `at` (unix seconds). Each failure says which check failed.
    pub fn check_issued_by(&self, ci: &RspCertificate, at: u64) -> Result<(), SdkError> {
        use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};
        if ci.role != Role::Ci {
            return Err(cert_err(format!(
                "the issuer given is a {} certificate, not a CI",
                ci.role.name()
            )));
        }
        if ci.curve != Curve::NistP256 {
            return Err(cert_err(
                "the CI key is on brainpoolP256r1; only NIST P-256 CIs are supported",
            ));
        }
        if self.curve != Curve::NistP256 {
            return Err(cert_err("the certificate's key is on brainpoolP256r1; only NIST P-256 certificates are supported"));
        }
        if self.issuer_key_id()? != ci.anchor_key_id()? {
            return Err(cert_err(format!(
                "the certificate names issuer key {}, not this CI ({})",
                hex::encode(self.issuer_key_id()?),
                hex::encode(ci.anchor_key_id()?)
            )));
        }
        if self.signature_algorithm != ECDSA_WITH_SHA256 {
            return Err(cert_err(format!(
                "signature algorithm {} is not ecdsa-with-SHA256",
                self.signature_algorithm
            )));
        }
        let mut sec1 = [0u8; 65];
        sec1[0] = 0x04;
        sec1[1..].copy_from_slice(&ci.public_key);
        let key = VerifyingKey::from_sec1_bytes(&sec1)
            .map_err(|_| cert_err("the CI public key is not a P-256 point"))?;
        let signature = Signature::from_der(&self.signature_der)
            .map_err(|e| cert_err(format!("malformed ECDSA signature: {e}")))?;
        key.verify(&self.tbs_der, &signature)
            .map_err(|_| cert_err("the signature does not verify under the CI's key (not issued by this CI, or altered)"))?;
        if at < self.not_before {
            return Err(cert_err(format!(
                "not valid yet at {at} (notBefore {})",
                self.not_before
            )));
        }
        if at > self.not_after {
            return Err(cert_err(format!(
                "expired at {at} (notAfter {})",
                self.not_after
            )));
        }
        Ok(())
    }
}

/// The role a policy OID names, if it is a GSMA RSP role OID `2.23.146.1.2.1.<role>`.
fn role_of_policy(oid: &ObjectIdentifier) -> Option<Role> {
    let arc = ObjectIdentifier::new_unwrap(GSMA_ROLE_ARC);
    let parent = oid.parent()?;
    if parent != arc {
        return None;
    }
    let last = oid.arcs().last()?;
    u8::try_from(last).ok().and_then(Role::from_u8)
}

/// The TBSCertificate's bytes as they stand in the certificate (not re-encoded).
fn raw_tbs(der_bytes: &[u8]) -> Result<Vec<u8>, SdkError> {
    let mut reader = SliceReader::new(der_bytes).map_err(|e| cert_err(e.to_string()))?;
    let header = der::Header::decode(&mut reader).map_err(|e| cert_err(e.to_string()))?;
    if header.tag != der::Tag::Sequence {
        return Err(cert_err("certificate is not a SEQUENCE"));
    }
    let tbs = reader
        .tlv_bytes()
        .map_err(|e| cert_err(format!("cannot read TBSCertificate: {e}")))?;
    Ok(tbs.to_vec())
}

/// Re-encodes to check a parsed TBS against the raw bytes (used by tests).
pub fn tbs_reencodes_identically(cert: &RspCertificate) -> bool {
    x509_cert::TbsCertificate::from_der(&cert.tbs_der)
        .and_then(|t| t.to_der())
        .map(|d| d == cert.tbs_der)
        .unwrap_or(false)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::path::PathBuf;

    /// An SGP.26 test vector (`../shared/vectors/sgp26/<rel>`), for the SDK's unit tests.
    pub(crate) fn vector(rel: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/vectors/sgp26")
            .join(rel)
    }

    #[test]
    fn reads_the_sgp26_ci_and_dpauth_certificates() {
        let ci =
            RspCertificate::from_file(&vector("CertificateIssuer/CERT_CI_ECDSA_NIST.der")).unwrap();
        assert_eq!(ci.role, Role::Ci);
        assert_eq!(ci.curve, Curve::NistP256);
        assert_eq!(ci.anchor_key_id().unwrap().len(), 20);
        assert!(tbs_reencodes_identically(&ci));

        let dp =
            RspCertificate::from_file(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der")).unwrap();
        assert_eq!(dp.role, Role::DpAuth);
        assert_eq!(
            dp.issuer_key_id().unwrap(),
            ci.anchor_key_id().unwrap(),
            "DPauth names the NIST CI"
        );
        assert!(dp.not_before < dp.not_after);
        assert_ne!(dp.commitment().unwrap(), ci.commitment().unwrap());

        let brp =
            RspCertificate::from_file(&vector("CertificateIssuer/CERT_CI_ECDSA_BRP.der")).unwrap();
        assert_eq!(brp.curve, Curve::BrainpoolP256r1);
        let pem =
            RspCertificate::from_file(&vector("CertificateIssuer/CERT_CI_ECDSA_NIST.pem")).unwrap();
        assert_eq!(pem, ci);
    }

    #[test]
    fn issuance_is_checked_natively() {
        let ci =
            RspCertificate::from_file(&vector("CertificateIssuer/CERT_CI_ECDSA_NIST.der")).unwrap();
        let dp =
            RspCertificate::from_file(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der")).unwrap();
        let inside = dp.not_before + 1;
        dp.check_issued_by(&ci, inside).unwrap();
        let pb = RspCertificate::from_file(&vector("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der")).unwrap();
        pb.check_issued_by(&ci, pb.not_before + 1).unwrap();

        // A flipped byte in the TBS (inside the subject key, so it still parses).
        let mut altered = dp.clone();
        let n = altered.tbs_der.len();
        altered.tbs_der[n - 40] ^= 1;
        let err = altered
            .check_issued_by(&ci, inside)
            .unwrap_err()
            .to_string();
        assert!(err.contains("does not verify"), "{err}");

        // A signature by another key: the DPauth's own key signed the TBS instead of the CI.
        let mut forged = dp.clone();
        forged.signature_der = sign_with_dpauth_key(&dp.tbs_der);
        let err = forged.check_issued_by(&ci, inside).unwrap_err().to_string();
        assert!(err.contains("does not verify"), "{err}");

        // Expired: the NIST DPtls certificate at 2026-11-27.
        let tls = RspCertificate::from_file(&vector("DPtls/CERT_S_SM_DP_TLS_NIST.der")).unwrap();
        let err = tls
            .check_issued_by(&ci, 1_795_737_600)
            .unwrap_err()
            .to_string();
        assert!(err.contains("expired"), "{err}");
        assert!(tls.check_issued_by(&ci, tls.not_before + 1).is_ok());

        // Another curve's certificate, and a non-CI as issuer.
        let brp =
            RspCertificate::from_file(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der")).unwrap();
        let err = brp.check_issued_by(&ci, inside).unwrap_err().to_string();
        assert!(err.contains("brainpool"), "{err}");
        let err = dp.check_issued_by(&dp, inside).unwrap_err().to_string();
        assert!(err.contains("not a CI"), "{err}");
        let brp_ci =
            RspCertificate::from_file(&vector("CertificateIssuer/CERT_CI_ECDSA_BRP.der")).unwrap();
        assert!(dp.check_issued_by(&brp_ci, inside).is_err());
    }

    fn sign_with_dpauth_key(tbs: &[u8]) -> Vec<u8> {
        use p256::ecdsa::{signature::Signer, Signature, SigningKey};
        let pem = std::fs::read_to_string(vector("DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem")).unwrap();
        // The file holds an EC PARAMETERS block, then the SEC1 EC PRIVATE KEY block.
        let block = &pem[pem
            .find("-----BEGIN EC PRIVATE KEY-----")
            .expect("EC PRIVATE KEY block")..];
        let key = SigningKey::from(p256::SecretKey::from_sec1_pem(block).unwrap());
        let sig: Signature = key.sign(tbs);
        sig.to_der().as_bytes().to_vec()
    }

    #[test]
    fn malformed_input_is_a_clear_error() {
        let mut bytes = std::fs::read(vector("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der")).unwrap();
        bytes.truncate(bytes.len() / 2);
        let err = RspCertificate::from_der(&bytes).unwrap_err().to_string();
        assert!(err.contains("not a DER X.509 certificate"), "{err}");
        assert!(RspCertificate::from_der(b"hello").is_err());
    }
}
