//! A test PKI that follows the GSMA certificate profiles (SGP.22 variant O, as the SGP.26 test
//! certificates): a CI, an EUM whose nameConstraints permit one IIN, and eUICCs whose subject
//! serialNumber is their EID. SGP.26 publishes no EUM or eUICC certificates with keys, so tests
//! and the demo issue their own chain with this.
//!
//! Profiles (extension order and criticality as in the SGP.26 certificates):
//! - CI: self-signed; SKI; basicConstraints CA (critical); certificatePolicies
//!   `2.23.146.1.2.1.0` (critical); keyUsage keyCertSign + cRLSign (critical); subjectAltName
//!   registeredID.
//! - EUM: AKI (key id); SKI; keyUsage keyCertSign (critical); certificatePolicies
//!   `2.23.146.1.2.1.2` (critical); subjectAltName registeredID; basicConstraints CA, pathLen 0
//!   (critical); nameConstraints (critical) permitting the directoryName `O=<org>,
//!   serialNumber=<IIN>` (the EIDs this EUM may issue start with the IIN).
//! - eUICC: AKI; SKI; keyUsage digitalSignature (critical); certificatePolicies
//!   `2.23.146.1.2.1.1` (critical); subject `C, O=<EUM org>, serialNumber=<EID>, CN`; valid until
//!   9999-12-31T23:59:59Z.
//!
//! The nameConstraints carry SGP.22's meaning (the eUICC's O must match and its serialNumber, the
//! EID, must start with the IIN), not RFC 5280's DN-prefix meaning: generic validators such as
//! `openssl verify` refuse these eUICC certificates, as they refuse SGP.26's own.
//!
//! Keys are P-256; signatures ecdsa-with-SHA256 (RFC 6979). Key identifiers are the leftmost 160
//! bits of the SHA-256 of the subject public key (RFC 7093 method 1).

use crate::SdkError;
use der::{
    asn1::{BitString, GeneralizedTime, ObjectIdentifier, OctetString, SetOfVec, UtcTime},
    Any, Decode, Encode, Tag,
};
use p256::ecdsa::{signature::Signer, DerSignature, SigningKey};
use p256::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use sha2::{Digest, Sha256};
use std::time::Duration;
use x509_cert::{
    attr::AttributeTypeAndValue,
    certificate::Version,
    ext::{
        pkix::{
            constraints::name::{GeneralSubtree, NameConstraints},
            name::GeneralName,
            AuthorityKeyIdentifier, BasicConstraints, CertificatePolicies, KeyUsage, KeyUsages,
            SubjectKeyIdentifier,
        },
        Extension,
    },
    name::{Name, RdnSequence, RelativeDistinguishedName},
    serial_number::SerialNumber,
    spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned},
    time::{Time, Validity},
    Certificate, TbsCertificate,
};

const OID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const OID_COUNTRY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.6");
const OID_ORGANIZATION: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
const OID_ORG_UNIT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.11");
const OID_COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const OID_SERIAL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.5");
const OID_SKI: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");
const OID_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");
const OID_SAN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");
const OID_BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
const OID_NAME_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.30");
const OID_POLICIES: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.32");
const OID_AKI: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.35");
/// id-rspRole-ci, -euicc, -eum (SGP.22 variant O).
const OID_ROLE_CI: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.146.1.2.1.0");
const OID_ROLE_EUICC: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.146.1.2.1.1");
const OID_ROLE_EUM: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.146.1.2.1.2");

/// 2020-04-01T00:00:00Z, the SGP.26 certificates' first day.
const NOT_BEFORE: u64 = 1_585_699_200;
/// 2055-04-01T00:00:00Z.
const CI_NOT_AFTER: u64 = 2_690_150_400;
/// 2054-03-24T00:00:00Z.
const EUM_NOT_AFTER: u64 = 2_657_923_200;
/// 9999-12-31T23:59:59Z: eUICC certificates do not expire.
const EUICC_NOT_AFTER: u64 = 253_402_300_799;

fn pki_err(e: impl std::fmt::Display) -> SdkError {
    SdkError::Certificate(format!("test PKI: {e}"))
}

/// A certificate with its private key.
pub struct Issued {
    pub certificate_der: Vec<u8>,
    pub signing_key: SigningKey,
    /// The subject (issuers need it).
    subject: Name,
    key_id: [u8; 20],
}

impl Issued {
    /// The private key as PKCS#8 PEM.
    pub fn key_pem(&self) -> Result<String, SdkError> {
        Ok(self
            .signing_key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(pki_err)?
            .to_string())
    }

    /// The certificate as PEM.
    pub fn certificate_pem(&self) -> Result<String, SdkError> {
        der::pem::encode_string(
            "CERTIFICATE",
            der::pem::LineEnding::LF,
            &self.certificate_der,
        )
        .map_err(pki_err)
    }
}

/// A name from `(attribute, string tag, value)` triples, one RDN each.
fn name(attrs: &[(ObjectIdentifier, Tag, &str)]) -> Result<Name, SdkError> {
    let rdns = attrs
        .iter()
        .map(|(oid, tag, value)| {
            let atv = AttributeTypeAndValue {
                oid: *oid,
                value: Any::new(*tag, value.as_bytes()).map_err(pki_err)?,
            };
            Ok(RelativeDistinguishedName(
                SetOfVec::try_from(vec![atv]).map_err(pki_err)?,
            ))
        })
        .collect::<Result<Vec<_>, SdkError>>()?;
    Ok(RdnSequence(rdns))
}

fn time(unix: u64) -> Result<Time, SdkError> {
    let d = Duration::from_secs(unix);
    // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
    if unix < 2_524_608_000 {
        Ok(Time::UtcTime(
            UtcTime::from_unix_duration(d).map_err(pki_err)?,
        ))
    } else {
        Ok(Time::GeneralTime(
            GeneralizedTime::from_unix_duration(d).map_err(pki_err)?,
        ))
    }
}

fn extension(
    oid: ObjectIdentifier,
    critical: bool,
    value: &impl Encode,
) -> Result<Extension, SdkError> {
    Ok(Extension {
        extn_id: oid,
        critical,
        extn_value: OctetString::new(value.to_der().map_err(pki_err)?).map_err(pki_err)?,
    })
}

fn spki_of(key: &SigningKey) -> Result<SubjectPublicKeyInfoOwned, SdkError> {
    let der = key.verifying_key().to_public_key_der().map_err(pki_err)?;
    SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).map_err(pki_err)
}

fn key_id(spki: &SubjectPublicKeyInfoOwned) -> [u8; 20] {
    let digest = Sha256::digest(spki.subject_public_key.raw_bytes());
    let mut id = [0u8; 20];
    id.copy_from_slice(&digest[..20]);
    id
}

fn policies(role: ObjectIdentifier) -> CertificatePolicies {
    CertificatePolicies(vec![x509_cert::ext::pkix::certpolicy::PolicyInformation {
        policy_identifier: role,
        policy_qualifiers: None,
    }])
}

/// subjectAltName `registeredID 2.999.<arc>` as SGP.26 certificates carry it. Encoded by hand:
/// const-oid cannot represent a first subidentifier above 127 (2.999 is `88 37`).
fn registered_id(arc: u8) -> Result<Extension, SdkError> {
    if arc >= 0x80 {
        return Err(pki_err("registeredID arc must be below 128"));
    }
    Ok(Extension {
        extn_id: OID_SAN,
        critical: false,
        extn_value: OctetString::new(vec![0x30, 0x05, 0x88, 0x03, 0x88, 0x37, arc])
            .map_err(pki_err)?,
    })
}

/// Signs `tbs` with `issuer_key` and returns the certificate DER.
fn sign(tbs: TbsCertificate, issuer_key: &SigningKey) -> Result<Vec<u8>, SdkError> {
    let tbs_der = tbs.to_der().map_err(pki_err)?;
    let signature: DerSignature = issuer_key.sign(&tbs_der);
    let certificate = Certificate {
        tbs_certificate: tbs,
        signature_algorithm: AlgorithmIdentifierOwned {
            oid: OID_ECDSA_SHA256,
            parameters: None,
        },
        signature: BitString::from_bytes(signature.as_bytes()).map_err(pki_err)?,
    };
    certificate.to_der().map_err(pki_err)
}

struct Draft<'a> {
    serial: &'a [u8],
    issuer: Name,
    subject: Name,
    not_after: u64,
    key: SigningKey,
    extensions: Vec<Extension>,
}

fn issue(draft: Draft, issuer_key: Option<&SigningKey>) -> Result<Issued, SdkError> {
    let spki = spki_of(&draft.key)?;
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: SerialNumber::new(draft.serial).map_err(pki_err)?,
        signature: AlgorithmIdentifierOwned {
            oid: OID_ECDSA_SHA256,
            parameters: None,
        },
        issuer: draft.issuer,
        validity: Validity {
            not_before: time(NOT_BEFORE)?,
            not_after: time(draft.not_after)?,
        },
        subject: draft.subject.clone(),
        subject_public_key_info: spki.clone(),
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(draft.extensions),
    };
    let certificate_der = sign(tbs, issuer_key.unwrap_or(&draft.key))?;
    Ok(Issued {
        certificate_der,
        subject: draft.subject,
        key_id: key_id(&spki),
        signing_key: draft.key,
    })
}

fn fresh_key() -> SigningKey {
    SigningKey::random(&mut rand::rngs::OsRng)
}

/// A self-signed test CI named `common_name`.
pub fn issue_ci(common_name: &str) -> Result<Issued, SdkError> {
    let key = fresh_key();
    let subject = name(&[
        (OID_COMMON_NAME, Tag::Utf8String, common_name),
        (OID_ORG_UNIT, Tag::Utf8String, "TESTCERT"),
        (OID_ORGANIZATION, Tag::Utf8String, "OpenRSP"),
        (OID_COUNTRY, Tag::PrintableString, "XX"),
    ])?;
    let extensions = vec![
        ski(&key)?,
        extension(
            OID_BASIC_CONSTRAINTS,
            true,
            &BasicConstraints {
                ca: true,
                path_len_constraint: None,
            },
        )?,
        extension(OID_POLICIES, true, &policies(OID_ROLE_CI))?,
        extension(
            OID_KEY_USAGE,
            true,
            &KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign),
        )?,
        registered_id(1)?,
    ];
    issue(
        Draft {
            serial: &[0x01],
            issuer: subject.clone(),
            subject,
            not_after: CI_NOT_AFTER,
            key,
            extensions,
        },
        None,
    )
}

fn aki(issuer: &Issued) -> Result<Extension, SdkError> {
    extension(
        OID_AKI,
        false,
        &AuthorityKeyIdentifier {
            key_identifier: Some(OctetString::new(issuer.key_id.to_vec()).map_err(pki_err)?),
            authority_cert_issuer: None,
            authority_cert_serial_number: None,
        },
    )
}

fn ski(key: &SigningKey) -> Result<Extension, SdkError> {
    extension(
        OID_SKI,
        false,
        &SubjectKeyIdentifier(OctetString::new(key_id(&spki_of(key)?).to_vec()).map_err(pki_err)?),
    )
}

/// An EUM certificate under `ci`, for organisation `org`, permitted to issue EIDs starting with
/// `iin` (8 digits).
pub fn issue_eum(ci: &Issued, org: &str, iin: &str) -> Result<Issued, SdkError> {
    if iin.len() != 8 || !iin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(pki_err(format!("IIN {iin:?} is not 8 digits")));
    }
    let key = fresh_key();
    let subject = name(&[
        (OID_COUNTRY, Tag::PrintableString, "XX"),
        (OID_ORGANIZATION, Tag::Utf8String, org),
        (OID_COMMON_NAME, Tag::Utf8String, "EUM Test"),
    ])?;
    let permitted = name(&[
        (OID_ORGANIZATION, Tag::Utf8String, org),
        (OID_SERIAL_NUMBER, Tag::PrintableString, iin),
    ])?;
    let constraints = NameConstraints {
        permitted_subtrees: Some(vec![GeneralSubtree {
            base: GeneralName::DirectoryName(permitted),
            minimum: 0,
            maximum: None,
        }]),
        excluded_subtrees: None,
    };
    let extensions = vec![
        aki(ci)?,
        ski(&key)?,
        extension(
            OID_KEY_USAGE,
            true,
            &KeyUsage(KeyUsages::KeyCertSign.into()),
        )?,
        extension(OID_POLICIES, true, &policies(OID_ROLE_EUM))?,
        registered_id(5)?,
        extension(
            OID_BASIC_CONSTRAINTS,
            true,
            &BasicConstraints {
                ca: true,
                path_len_constraint: Some(0),
            },
        )?,
        extension(OID_NAME_CONSTRAINTS, true, &constraints)?,
    ];
    issue(
        Draft {
            serial: &[0x12, 0x34, 0x56, 0x78],
            issuer: ci.subject.clone(),
            subject,
            not_after: EUM_NOT_AFTER,
            key,
            extensions,
        },
        Some(&ci.signing_key),
    )
}

/// An eUICC certificate under `eum` for `eid` (32 digits, valid check digits).
pub fn issue_euicc(eum: &Issued, org: &str, eid: &str, serial: u64) -> Result<Issued, SdkError> {
    if !eid_is_valid(eid) {
        return Err(pki_err(format!(
            "EID {eid:?} is not 32 digits with valid check digits"
        )));
    }
    issue_euicc_unchecked(eum, org, eid, serial)
}

/// As [`issue_euicc`], with whatever subject serialNumber it is given: for negative tests (an EID
/// with bad check digits must be refused by the prover and the circuit, not only by the issuer).
pub fn issue_euicc_unchecked(
    eum: &Issued,
    org: &str,
    eid: &str,
    serial: u64,
) -> Result<Issued, SdkError> {
    let key = fresh_key();
    let subject = name(&[
        (OID_COUNTRY, Tag::PrintableString, "XX"),
        (OID_ORGANIZATION, Tag::Utf8String, org),
        (OID_SERIAL_NUMBER, Tag::PrintableString, eid),
        (OID_COMMON_NAME, Tag::Utf8String, "Test eUICC"),
    ])?;
    let extensions = vec![
        aki(eum)?,
        ski(&key)?,
        extension(
            OID_KEY_USAGE,
            true,
            &KeyUsage(KeyUsages::DigitalSignature.into()),
        )?,
        extension(OID_POLICIES, true, &policies(OID_ROLE_EUICC))?,
    ];
    let mut serial_bytes = vec![0x02];
    serial_bytes.extend_from_slice(&serial.to_be_bytes());
    issue(
        Draft {
            serial: &serial_bytes,
            issuer: eum.subject.clone(),
            subject,
            not_after: EUICC_NOT_AFTER,
            key,
            extensions,
        },
        Some(&eum.signing_key),
    )
}

/// The 32-digit number `digits` modulo 97.
fn mod97(digits: &str) -> u32 {
    digits
        .bytes()
        .fold(0u32, |acc, d| (acc * 10 + (d - b'0') as u32) % 97)
}

/// Whether `eid` is 32 decimal digits whose value modulo 97 is 1 (SGP.29 check digits).
pub fn eid_is_valid(eid: &str) -> bool {
    eid.len() == 32 && eid.bytes().all(|b| b.is_ascii_digit()) && mod97(eid) == 1
}

/// The EID with check digits for the first 30 digits `body` (SGP.29: the last two digits are
/// `98 - (body·100 mod 97)`).
pub fn eid_with_check_digits(body: &str) -> Result<String, SdkError> {
    if body.len() != 30 || !body.bytes().all(|b| b.is_ascii_digit()) {
        return Err(pki_err(format!("EID body {body:?} is not 30 digits")));
    }
    let check = 98 - mod97(&format!("{body}00"));
    Ok(format!("{body}{check:02}"))
}

/// A whole test chain: a CI, an EUM for `iin`, and `euiccs` eUICCs with EIDs under the IIN.
pub struct TestPki {
    pub ci: Issued,
    pub eum: Issued,
    pub euiccs: Vec<(String, Issued)>,
}

/// Organisation name the test EUM and its eUICCs carry.
pub const TEST_EUM_ORG: &str = "OpenRSP Test EUM";

impl TestPki {
    pub fn issue(iin: &str, euiccs: usize) -> Result<TestPki, SdkError> {
        let ci = issue_ci("OpenRSP Test CI")?;
        let eum = issue_eum(&ci, TEST_EUM_ORG, iin)?;
        let mut chips = Vec::with_capacity(euiccs);
        for n in 0..euiccs {
            let body = format!("{iin}{:022}", 1_234_512_345_123_456_789u64 + n as u64);
            let eid = eid_with_check_digits(&body)?;
            let euicc = issue_euicc(&eum, TEST_EUM_ORG, &eid, n as u64 + 1)?;
            chips.push((eid, euicc));
        }
        Ok(TestPki {
            ci,
            eum,
            euiccs: chips,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::RspCertificate;
    use cert_registry::statement::Role;
    use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};

    fn verifies_under(cert: &RspCertificate, issuer: &RspCertificate) -> bool {
        let mut sec1 = [4u8; 65];
        sec1[1..].copy_from_slice(&issuer.public_key);
        let key = VerifyingKey::from_sec1_bytes(&sec1).unwrap();
        let sig = Signature::from_der(&cert.signature_der).unwrap();
        key.verify(&cert.tbs_der, &sig).is_ok()
    }

    #[test]
    fn eid_check_digits_follow_sgp29() {
        // The SGP.26 test eUICC's EID.
        assert!(eid_is_valid("89049032123451234512345678901235"));
        assert_eq!(
            eid_with_check_digits("890490321234512345123456789012").unwrap(),
            "89049032123451234512345678901235"
        );
        assert!(!eid_is_valid("89049032123451234512345678901236"));
        assert!(!eid_is_valid("8904903212345123451234567890123"));
        assert!(eid_with_check_digits("12").is_err());
    }

    #[test]
    fn the_chain_reads_as_gsma_certificates_and_verifies() {
        let pki = TestPki::issue("89049032", 2).unwrap();
        let ci = RspCertificate::from_der(&pki.ci.certificate_der).unwrap();
        let eum = RspCertificate::from_der(&pki.eum.certificate_der).unwrap();
        assert_eq!((ci.role, eum.role), (Role::Ci, Role::Eum));
        // The EUM chains to the CI under the same checks a prover makes.
        eum.check_issued_by(&ci, 1_800_000_000).unwrap();
        assert!(verifies_under(&ci, &ci), "the CI is self-signed");
        for (eid, chip) in &pki.euiccs {
            assert!(eid_is_valid(eid) && eid.starts_with("89049032"));
            let euicc = RspCertificate::from_der(&chip.certificate_der).unwrap();
            assert_eq!(euicc.role, Role::Euicc);
            assert!(verifies_under(&euicc, &eum));
            assert!(!verifies_under(&euicc, &ci));
            assert_eq!(euicc.authority_key_id, eum.subject_key_id);
            assert_eq!(euicc.not_after, EUICC_NOT_AFTER);
            // The EID is the subject serialNumber, a PrintableString.
            let mut needle = vec![0x06, 0x03, 0x55, 0x04, 0x05, 0x13, 0x20];
            needle.extend_from_slice(eid.as_bytes());
            assert!(euicc.tbs_der.windows(needle.len()).any(|w| w == needle));
        }
        // The EUM's nameConstraints permit its IIN as a serialNumber PrintableString.
        let iin = b"\x06\x03\x55\x04\x05\x13\x0889049032";
        assert!(eum.tbs_der.windows(iin.len()).any(|w| w == iin));
        // The EUM and eUICC TBS fit the certificate circuit's profile (so an EUM can register
        // with cert_p256).
        let (_, fields) = openrsp_circuits::x509::TbsLayout::parse(
            &eum.tbs_der,
            openrsp_circuits::cert_p256::MAX_TBS_LEN,
        )
        .unwrap();
        assert_eq!(fields.role, Role::Eum as u8);
        assert_eq!(
            fields.authority_key_id.map(|k| k.to_vec()),
            ci.subject_key_id
        );
        assert!(pki
            .eum
            .key_pem()
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(pki
            .ci
            .certificate_pem()
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----"));
    }

    #[test]
    fn bad_iin_and_eid_are_refused() {
        let ci = issue_ci("x").unwrap();
        assert!(issue_eum(&ci, "o", "8904903").is_err());
        let eum = issue_eum(&ci, "o", "89049032").unwrap();
        assert!(issue_euicc(&eum, "o", "89049032123451234512345678901236", 1).is_err());
    }

    #[test]
    fn an_eum_proves_its_key_and_permitted_iin_with_the_certificate_circuit() {
        use crate::prover::{ci_constants, statement_for};
        use openrsp_circuits::testing::{assert_fails_at, check};
        use openrsp_circuits::{cert_p256::CertP256Circuit, p256::Scalar};

        let pki = TestPki::issue("89049032", 0).unwrap();
        let ci = RspCertificate::from_der(&pki.ci.certificate_der).unwrap();
        let eum = RspCertificate::from_der(&pki.eum.certificate_der).unwrap();
        assert_eq!(eum.permitted_iin, Some(89049032));
        let constants = ci_constants(&ci).unwrap();
        let sig = p256::ecdsa::Signature::from_der(&eum.signature_der).unwrap();
        let (r, s) = sig.split_bytes();
        let sig = (
            ark_ff::PrimeField::from_be_bytes_mod_order(&r),
            <Scalar as ark_ff::PrimeField>::from_be_bytes_mod_order(&s),
        );
        let registrant = solana_address::Address::new_from_array([5; 32]);
        let circuit =
            CertP256Circuit::new(constants.clone(), &eum.tbs_der, sig, registrant.to_bytes())
                .unwrap();
        let statement = circuit.statement().unwrap();
        // The circuit's statement equals the SDK's reading, IIN included in the key hash.
        assert_eq!(
            statement,
            statement_for(&eum, constants.circuit_id, &registrant).unwrap()
        );
        let mut without_iin = eum.clone();
        without_iin.permitted_iin = None;
        assert_ne!(
            statement.subject_key_hash,
            without_iin.subject_key_hash().unwrap()
        );

        assert_eq!(check(circuit.clone()), Ok(()));
        // Claiming another IIN for the same EUM certificate: the key hash the circuit reads from
        // the TBS is not the public statement's (refused at the circuit's top level).
        let mut forged = circuit;
        forged.witness.as_mut().unwrap().fields.permitted_iin = Some(89049033);
        assert_fails_at(check(forged), "circuit");
    }
}
