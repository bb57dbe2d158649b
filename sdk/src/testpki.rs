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
//! For the certificate circuit's edges, SM-DP+ certificates as SGP.26's (CERT.DPauth.ECDSA,
//! CERT.DP.TLS) with: a GSMA `2.23.146.1.2.0.1` (id-rsp-expDate) extension, critical or not
//! ([`rsp_exp_date`]); a TBS of an exact size, e.g. 258 bytes (`30 81 FF`) and 260 (`30 82 01
//! 00`) under a CI with a short name, or the circuit's maximum ([`issue_dp_auth_of_tbs_len`],
//! [`issue_dp_tls_of_tbs_len`]); and a SubCA between the CI and a leaf ([`issue_sub_ca`]), which
//! the circuit refuses.
//!
//! The nameConstraints carry SGP.22's meaning (the eUICC's O must match and its serialNumber, the
//! EID, must start with the IIN), not RFC 5280's DN-prefix meaning: generic validators such as
//! `openssl verify` refuse these eUICC certificates, as they refuse SGP.26's own.
//!
//! Keys are P-256; signatures ecdsa-with-SHA256 (RFC 6979). Key identifiers are the leftmost 160
//! bits of the SHA-256 of the subject public key (RFC 7093 method 1).

use crate::SdkError;
use der::{
    asn1::{
        BitString, GeneralizedTime, Ia5String, ObjectIdentifier, OctetString, SetOfVec, UtcTime,
    },
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
            crl::dp::DistributionPoint,
            name::{DistributionPointName, GeneralName},
            AuthorityKeyIdentifier, BasicConstraints, CertificatePolicies, CrlDistributionPoints,
            ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectKeyIdentifier,
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
    /// A certificate (DER) and its key from elsewhere (the fixed test PKI in `circuits/testdata`,
    /// say), to issue under or sign with. Refuses a key that is not the certificate's.
    pub fn from_parts(certificate_der: &[u8], signing_key: SigningKey) -> Result<Issued, SdkError> {
        let certificate = Certificate::from_der(certificate_der).map_err(pki_err)?;
        let spki = &certificate.tbs_certificate.subject_public_key_info;
        let point = signing_key.verifying_key().to_encoded_point(false);
        if spki.subject_public_key.raw_bytes() != point.as_bytes() {
            return Err(pki_err("the key is not the certificate's subject key"));
        }
        let rsp = crate::certificate::RspCertificate::from_der(certificate_der)?;
        Ok(Issued {
            certificate_der: certificate_der.to_vec(),
            signing_key,
            subject: certificate.tbs_certificate.subject.clone(),
            key_id: rsp.anchor_key_id()?,
        })
    }

    /// `<stem>.der` and `<stem>.key.pem` (PKCS#8) from `dir`, as `openrsp testpki` writes them.
    pub fn load(dir: &std::path::Path, stem: &str) -> Result<Issued, SdkError> {
        use p256::pkcs8::DecodePrivateKey;
        let read = |name: String| {
            std::fs::read(dir.join(&name))
                .map_err(|e| pki_err(format!("{}: {e}", dir.join(&name).display())))
        };
        let pem = String::from_utf8(read(format!("{stem}.key.pem"))?)
            .map_err(|_| pki_err(format!("{stem}.key.pem is not PEM")))?;
        let key = SigningKey::from_pkcs8_pem(&pem)
            .map_err(|e| pki_err(format!("{stem}.key.pem: {e}")))?;
        Issued::from_parts(&read(format!("{stem}.der"))?, key)
    }

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

/// The TBSCertificate of `draft`.
fn tbs_certificate(draft: &Draft) -> Result<TbsCertificate, SdkError> {
    Ok(TbsCertificate {
        version: Version::V3,
        serial_number: SerialNumber::new(draft.serial).map_err(pki_err)?,
        signature: AlgorithmIdentifierOwned {
            oid: OID_ECDSA_SHA256,
            parameters: None,
        },
        issuer: draft.issuer.clone(),
        validity: Validity {
            not_before: time(NOT_BEFORE)?,
            not_after: time(draft.not_after)?,
        },
        subject: draft.subject.clone(),
        subject_public_key_info: spki_of(&draft.key)?,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(draft.extensions.clone()),
    })
}

fn issue(draft: Draft, issuer_key: Option<&SigningKey>) -> Result<Issued, SdkError> {
    let tbs = tbs_certificate(&draft)?;
    let key_id = key_id(&tbs.subject_public_key_info);
    let certificate_der = sign(tbs, issuer_key.unwrap_or(&draft.key))?;
    Ok(Issued {
        certificate_der,
        subject: draft.subject,
        key_id,
        signing_key: draft.key,
    })
}

/// A certificate for `subject` under `issuer`: its name as the issuer, signed with its key.
fn issue_under(
    issuer: &Issued,
    serial: &[u8],
    subject: Name,
    not_after: u64,
    key: SigningKey,
    extensions: Vec<Extension>,
) -> Result<Issued, SdkError> {
    let draft = Draft {
        serial,
        issuer: issuer.subject.clone(),
        subject,
        not_after,
        key,
        extensions,
    };
    issue(draft, Some(&issuer.signing_key))
}

fn fresh_key() -> SigningKey {
    SigningKey::random(&mut rand::rngs::OsRng)
}

/// A self-signed test CI named `common_name`.
pub fn issue_ci(common_name: &str) -> Result<Issued, SdkError> {
    issue_ci_named(ca_name(common_name)?)
}

/// A self-signed test CI whose name is only `CN=<common_name>`: its leaves' TBSCertificates
/// can be as short as the `30 81` form (128 to 255 content bytes).
pub fn issue_ci_short_name(common_name: &str) -> Result<Issued, SdkError> {
    issue_ci_named(name(&[(OID_COMMON_NAME, Tag::Utf8String, common_name)])?)
}

fn issue_ci_named(subject: Name) -> Result<Issued, SdkError> {
    let key = fresh_key();
    let extensions = vec![
        ski(&key)?,
        ca_constraints(None)?,
        extension(OID_POLICIES, true, &policies(OID_ROLE_CI))?,
        key_usage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)?,
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

/// keyUsage `usages`, critical (every SGP.22 profile marks it so).
fn key_usage(usages: der::flagset::FlagSet<KeyUsages>) -> Result<Extension, SdkError> {
    extension(OID_KEY_USAGE, true, &KeyUsage(usages))
}

/// basicConstraints CA, critical, with pathLenConstraint `path_len`.
fn ca_constraints(path_len: Option<u8>) -> Result<Extension, SdkError> {
    extension(
        OID_BASIC_CONSTRAINTS,
        true,
        &BasicConstraints {
            ca: true,
            path_len_constraint: path_len,
        },
    )
}

/// A CA's name as the test PKI gives it: `CN=<common_name>, OU=TESTCERT, O=OpenRSP, C=XX`.
fn ca_name(common_name: &str) -> Result<Name, SdkError> {
    name(&[
        (OID_COMMON_NAME, Tag::Utf8String, common_name),
        (OID_ORG_UNIT, Tag::Utf8String, "TESTCERT"),
        (OID_ORGANIZATION, Tag::Utf8String, "OpenRSP"),
        (OID_COUNTRY, Tag::PrintableString, "XX"),
    ])
}

/// An EUM certificate under `ci`, for organisation `org`, permitted to issue EIDs starting with
/// `iin` (8 digits).
pub fn issue_eum(ci: &Issued, org: &str, iin: &str) -> Result<Issued, SdkError> {
    issue_eum_with_key(ci, org, iin, fresh_key())
}

/// An EUM certificate like [`issue_eum`]'s for an existing `key`: the same EUM key certified again
/// (a renewal, another IIN range, another CI).
pub fn issue_eum_with_key(
    ci: &Issued,
    org: &str,
    iin: &str,
    key: SigningKey,
) -> Result<Issued, SdkError> {
    if iin.len() != 8 || !iin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(pki_err(format!("IIN {iin:?} is not 8 digits")));
    }
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
        key_usage(KeyUsages::KeyCertSign.into())?,
        extension(OID_POLICIES, true, &policies(OID_ROLE_EUM))?,
        registered_id(5)?,
        ca_constraints(Some(0))?,
        extension(OID_NAME_CONSTRAINTS, true, &constraints)?,
    ];
    issue_under(
        ci,
        &[0x12, 0x34, 0x56, 0x78],
        subject,
        EUM_NOT_AFTER,
        key,
        extensions,
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
        key_usage(KeyUsages::DigitalSignature.into())?,
        extension(OID_POLICIES, true, &policies(OID_ROLE_EUICC))?,
    ];
    let mut serial_bytes = vec![0x02];
    serial_bytes.extend_from_slice(&serial.to_be_bytes());
    issue_under(
        eum,
        &serial_bytes,
        subject,
        EUICC_NOT_AFTER,
        key,
        extensions,
    )
}

// Certificate shapes at the edges of what the certificate circuit proves (SGP.22 section 4.5
// profiles, issued by a test CI): a GSMA `2.23.146.1.*` extension, TBS sizes at the `30 81` /
// `30 82` boundary and at the circuit's maximum, and a chain through a SubCA.

/// id-rsp-expDate, SGP.22's `{id-rspExt 1}` (an ExpirationDate, GeneralizedTime): an extnID of
/// seven content bytes, where RFC 5280's extensions have three.
pub const OID_RSP_EXP_DATE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.146.1.2.0.1");
const OID_ROLE_DP_TLS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.146.1.2.1.3");
const OID_ROLE_DP_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.146.1.2.1.4");
const OID_EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
const OID_CRL_DISTRIBUTION_POINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.31");
const OID_SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
const OID_CLIENT_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");
/// 2030-04-01T00:00:00Z.
const DP_NOT_AFTER: u64 = 1_901_232_000;

/// The GSMA id-rsp-expDate extension naming `unix` (a GeneralizedTime).
pub fn rsp_exp_date(critical: bool, unix: u64) -> Result<Extension, SdkError> {
    let date = GeneralizedTime::from_unix_duration(Duration::from_secs(unix)).map_err(pki_err)?;
    extension(OID_RSP_EXP_DATE, critical, &date)
}

/// subjectAltName with the dNSNames `hosts` and `registeredID 2.999.<arc>` (see
/// [`registered_id`] for why that one is encoded by hand).
fn host_names(hosts: &[&str], arc: u8) -> Result<Extension, SdkError> {
    if arc >= 0x80 {
        return Err(pki_err("registeredID arc must be below 128"));
    }
    let mut names = Vec::new();
    for host in hosts {
        let name = GeneralName::DnsName(Ia5String::new(host).map_err(pki_err)?);
        names.extend(name.to_der().map_err(pki_err)?);
    }
    names.extend([0x88, 0x03, 0x88, 0x37, arc]);
    let value = Any::new(Tag::Sequence, names)
        .map_err(pki_err)?
        .to_der()
        .map_err(pki_err)?;
    Ok(Extension {
        extn_id: OID_SAN,
        critical: false,
        extn_value: OctetString::new(value).map_err(pki_err)?,
    })
}

/// The CRL distribution points `urls`, one fullName URI each (as SGP.26's certificates).
fn crl_distribution_points(urls: &[&str]) -> Result<Extension, SdkError> {
    let points = urls
        .iter()
        .map(|url| {
            Ok(DistributionPoint {
                distribution_point: Some(DistributionPointName::FullName(vec![
                    GeneralName::UniformResourceIdentifier(Ia5String::new(url).map_err(pki_err)?),
                ])),
                reasons: None,
                crl_issuer: None,
            })
        })
        .collect::<Result<Vec<_>, SdkError>>()?;
    extension(
        OID_CRL_DISTRIBUTION_POINTS,
        false,
        &CrlDistributionPoints(points),
    )
}

/// An SM-DP+ authentication certificate draft under `issuer` (CERT.DPauth.ECDSA as SGP.26's):
/// subject `O=<organization>, CN=<common_name>`; AKI; SKI; subjectAltName registeredID;
/// keyUsage digitalSignature (critical); certificatePolicies id-rspRole-dp-auth-v2 (critical);
/// CRL distribution points; then `extra`.
fn dp_auth_draft(
    issuer: &Issued,
    organization: &str,
    common_name: &str,
    key: SigningKey,
    extra: &[Extension],
) -> Result<Draft<'static>, SdkError> {
    let subject = name(&[
        (OID_ORGANIZATION, Tag::Utf8String, organization),
        (OID_COMMON_NAME, Tag::Utf8String, common_name),
    ])?;
    let mut extensions = vec![
        aki(issuer)?,
        ski(&key)?,
        registered_id(10)?,
        key_usage(KeyUsages::DigitalSignature.into())?,
        extension(OID_POLICIES, true, &policies(OID_ROLE_DP_AUTH))?,
        crl_distribution_points(&["http://ci.test.example.com/CRL-A.crl"])?,
    ];
    extensions.extend_from_slice(extra);
    Ok(Draft {
        serial: &[0x0d, 0x9a],
        issuer: issuer.subject.clone(),
        subject,
        not_after: DP_NOT_AFTER,
        key,
        extensions,
    })
}

/// An SM-DP+ authentication certificate under `issuer` (see [`dp_auth_draft`]), with the extra
/// extensions `extra` after the profile's.
pub fn issue_dp_auth(
    issuer: &Issued,
    common_name: &str,
    extra: &[Extension],
) -> Result<Issued, SdkError> {
    let draft = dp_auth_draft(issuer, "OpenRSP", common_name, fresh_key(), extra)?;
    issue(draft, Some(&issuer.signing_key))
}

/// An SM-DP+ TLS certificate draft under `issuer` (CERT.DP.TLS as SGP.26's): subject
/// `C, O=<organization>, OU, CN=<hosts[0]>`; keyUsage digitalSignature (critical);
/// extendedKeyUsage serverAuth + clientAuth (critical); certificatePolicies id-rspRole-dp-tls-v2;
/// SKI; AKI; subjectAltName with every host name and the registeredID; CRL distribution points
/// `crls`.
fn dp_tls_draft(
    issuer: &Issued,
    organization: &str,
    hosts: &[&str],
    crls: &[&str],
    key: SigningKey,
) -> Result<Draft<'static>, SdkError> {
    let cn = hosts
        .first()
        .ok_or_else(|| pki_err("an SM-DP+ TLS certificate names at least one host"))?;
    let subject = name(&[
        (OID_COUNTRY, Tag::PrintableString, "XX"),
        (OID_ORGANIZATION, Tag::Utf8String, organization),
        (OID_ORG_UNIT, Tag::Utf8String, "SM-DP+ TLS"),
        (OID_COMMON_NAME, Tag::Utf8String, cn),
    ])?;
    let extensions = vec![
        key_usage(KeyUsages::DigitalSignature.into())?,
        extension(
            OID_EXT_KEY_USAGE,
            true,
            &ExtendedKeyUsage(vec![OID_SERVER_AUTH, OID_CLIENT_AUTH]),
        )?,
        extension(OID_POLICIES, false, &policies(OID_ROLE_DP_TLS))?,
        ski(&key)?,
        aki(issuer)?,
        host_names(hosts, 10)?,
        crl_distribution_points(crls)?,
    ];
    Ok(Draft {
        serial: &[0x09],
        issuer: issuer.subject.clone(),
        subject,
        not_after: DP_NOT_AFTER,
        key,
        extensions,
    })
}

/// An SM-DP+ TLS certificate under `issuer` for `hosts` (see [`dp_tls_draft`]).
pub fn issue_dp_tls(
    issuer: &Issued,
    organization: &str,
    hosts: &[&str],
    crls: &[&str],
) -> Result<Issued, SdkError> {
    let draft = dp_tls_draft(issuer, organization, hosts, crls, fresh_key())?;
    issue(draft, Some(&issuer.signing_key))
}

/// The draft `make(n)` for the smallest `n` below `limit` whose TBSCertificate has exactly `len`
/// bytes, issued by `issuer_key`; refused when no `n` gives that length (DER's length forms skip
/// sizes: no TBS has 259 bytes).
fn issue_with_tbs_len(
    len: usize,
    limit: usize,
    issuer_key: &SigningKey,
    make: impl Fn(usize, SigningKey) -> Result<Draft<'static>, SdkError>,
) -> Result<Issued, SdkError> {
    let key = fresh_key();
    for n in 0..limit {
        let draft = make(n, key.clone())?;
        if tbs_certificate(&draft)?.to_der().map_err(pki_err)?.len() == len {
            return issue(draft, Some(issuer_key));
        }
    }
    Err(pki_err(format!(
        "no certificate of this shape has a TBSCertificate of {len} bytes"
    )))
}

/// An SM-DP+ authentication certificate under `issuer` whose TBSCertificate has exactly `len`
/// bytes, its common name sized to fit. `minimal` keeps only the extensions the circuit reads
/// (AKI and certificatePolicies), for the smallest sizes: under [`issue_ci_short_name`]'s CI,
/// 249 bytes and up.
pub fn issue_dp_auth_of_tbs_len(
    issuer: &Issued,
    len: usize,
    minimal: bool,
) -> Result<Issued, SdkError> {
    issue_with_tbs_len(len, len, &issuer.signing_key, |n, key| {
        let cn = "D".repeat(n);
        let mut draft = dp_auth_draft(issuer, "O", &cn, key, &[])?;
        if minimal {
            // Only the extensions the circuit reads: AKI and certificatePolicies.
            draft
                .extensions
                .retain(|e| e.extn_id == OID_AKI || e.extn_id == OID_POLICIES);
        }
        Ok(draft)
    })
}

/// An SM-DP+ TLS certificate under `issuer` whose TBSCertificate has exactly `len` bytes: a
/// realistic large one (a long organisation name, two CRL distribution points, four host names
/// and as many more as it takes, the last one's first label sized to fit).
pub fn issue_dp_tls_of_tbs_len(issuer: &Issued, len: usize) -> Result<Issued, SdkError> {
    issue_with_tbs_len(len, len, &issuer.signing_key, |n, key| {
        let mut hosts: Vec<String> = ["", "-eu", "-us", "-ap"]
            .iter()
            .map(|region| format!("smdp-plus{region}.rsp.example.com"))
            .collect();
        // Each further host name adds 30 bytes; the last one's label 1 to 32.
        hosts.extend((0..n / 32).map(|i| format!("smdp-plus-{i:02}.rsp.example.com")));
        hosts.push(format!("{}.rsp.example.com", "h".repeat(n % 32 + 1)));
        let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
        dp_tls_draft(
            issuer,
            "OpenRSP Remote SIM Provisioning Test Operator",
            &hosts,
            &[
                "http://crl.rsp.example.com/gsma-rsp2-test-ci-a.crl",
                "http://crl-backup.rsp.example.com/gsma-rsp2-test-ci-b.crl",
            ],
            key,
        )
    })
}

/// A SubCA under `ci` (SGP.22 v3 lets one sit between the CI and a leaf): keyUsage keyCertSign +
/// cRLSign (critical), basicConstraints CA with pathLen 0 (critical), certificatePolicies
/// id-rspRole-ci (critical), AKI and SKI. Leaves it issues name its key in their AKI, not the
/// CI's: the certificate circuit refuses them.
pub fn issue_sub_ca(ci: &Issued, common_name: &str) -> Result<Issued, SdkError> {
    let key = fresh_key();
    let subject = ca_name(common_name)?;
    let extensions = vec![
        aki(ci)?,
        ski(&key)?,
        key_usage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)?,
        ca_constraints(Some(0))?,
        extension(OID_POLICIES, true, &policies(OID_ROLE_CI))?,
    ];
    issue_under(ci, &[0x5c], subject, EUM_NOT_AFTER, key, extensions)
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

    /// A certificate's TBS and signature as the certificate circuit takes them.
    fn tbs_and_signature(
        issued: &Issued,
    ) -> (
        Vec<u8>,
        (
            openrsp_circuits::p256::Scalar,
            openrsp_circuits::p256::Scalar,
        ),
    ) {
        openrsp_circuits::cert_p256::split_certificate(&issued.certificate_der).unwrap()
    }

    /// What the certificate circuit for `ci` says of `issued` before proving: its statement's
    /// role, or the reason it refuses.
    fn pre_check(ci: &Issued, issued: &Issued) -> Result<u8, String> {
        use openrsp_circuits::cert_p256::{CertP256Circuit, CiConstants};
        let constants = CiConstants::from_certificate(&ci.certificate_der).unwrap();
        let (tbs, sig) = tbs_and_signature(issued);
        CertP256Circuit::new(constants, &tbs, sig, [3; 32])
            .and_then(|c| c.statement())
            .map(|s| s.role)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn testpki_shapes_at_the_edges_of_the_certificate_circuit() {
        use openrsp_circuits::{cert_p256::MAX_TBS_LEN, x509::TbsLayout};
        let ci = issue_ci("OpenRSP Test CI").unwrap();
        let parse = |issued: &Issued| TbsLayout::parse(&tbs_and_signature(issued).0, MAX_TBS_LEN);

        // A GSMA 2.23.146.1.x extension (id-rsp-expDate), critical or not, is read past.
        for critical in [false, true] {
            let dp = issue_dp_auth(
                &ci,
                "TEST SM-DP+",
                &[rsp_exp_date(critical, DP_NOT_AFTER).unwrap()],
            )
            .unwrap();
            let (tbs, _) = tbs_and_signature(&dp);
            let oid = [0x06, 0x07, 0x67, 0x81, 0x12, 0x01, 0x02, 0x00, 0x01];
            assert!(tbs.windows(oid.len()).any(|w| w == oid));
            assert_eq!(pre_check(&ci, &dp), Ok(Role::DpAuth as u8));
        }

        // Right below and above 256 bytes: 30 81 FF (258 bytes) and 30 82 01 00 (260). DER has no
        // TBS of 259 bytes.
        let short_ci = issue_ci_short_name("CI").unwrap();
        for (len, head) in [
            (258, &[0x30, 0x81, 0xff][..]),
            (260, &[0x30, 0x82, 0x01, 0x00]),
        ] {
            let dp = issue_dp_auth_of_tbs_len(&short_ci, len, true).unwrap();
            let (tbs, _) = tbs_and_signature(&dp);
            assert_eq!((tbs.len(), &tbs[..head.len()]), (len, head));
            assert_eq!(pre_check(&short_ci, &dp), Ok(Role::DpAuth as u8));
        }
        assert!(issue_dp_auth_of_tbs_len(&short_ci, 259, true).is_err());

        // The largest TBS the circuit hashes: an SM-DP+ TLS certificate with four host names and
        // two CRL distribution points; one byte more is refused with the limit.
        let big = issue_dp_tls_of_tbs_len(&ci, MAX_TBS_LEN).unwrap();
        assert_eq!(parse(&big).unwrap().1.role, Role::DpTls as u8);
        assert_eq!(pre_check(&ci, &big), Ok(Role::DpTls as u8));
        let bigger = issue_dp_tls_of_tbs_len(&ci, MAX_TBS_LEN + 1).unwrap();
        let err = parse(&bigger).unwrap_err().to_string();
        assert!(
            err.contains(&format!("longer than the {MAX_TBS_LEN} bytes")),
            "{err}"
        );
        assert!(pre_check(&ci, &bigger).unwrap_err().contains("longer than"));

        // A chain through a SubCA: the leaf reads, but the circuit proves CI-signed ones only.
        let sub_ca = issue_sub_ca(&ci, "OpenRSP Test SM-DP+ SubCA").unwrap();
        let leaf = issue_dp_auth(&sub_ca, "TEST SM-DP+ under a SubCA", &[]).unwrap();
        let (sub_cert, leaf_cert) = (
            RspCertificate::from_der(&sub_ca.certificate_der).unwrap(),
            RspCertificate::from_der(&leaf.certificate_der).unwrap(),
        );
        assert!(verifies_under(&leaf_cert, &sub_cert));
        assert_eq!(parse(&leaf).unwrap().1.role, Role::DpAuth as u8);
        let err = pre_check(&ci, &leaf).unwrap_err();
        assert!(
            err.contains("issued by a SubCA") && err.contains("signed by the CI directly"),
            "{err}"
        );
        // The SubCA's own certificate is signed by the CI directly.
        assert_eq!(pre_check(&ci, &sub_ca), Ok(Role::Ci as u8));
    }

    #[test]
    fn testpki_boundary_shapes_satisfy_the_certificate_circuit() {
        use openrsp_circuits::cert_p256::{CertP256Circuit, CiConstants, MAX_TBS_LEN};
        use openrsp_circuits::testing::check;
        let short_ci = issue_ci_short_name("CI").unwrap();
        let ci = issue_ci("OpenRSP Test CI").unwrap();
        for (issuer, issued) in [
            // 30 81: the SHA-256 digest after the fourth block.
            (
                &short_ci,
                issue_dp_auth_of_tbs_len(&short_ci, 258, true).unwrap(),
            ),
            // The largest: the digest after the last block.
            (&ci, issue_dp_tls_of_tbs_len(&ci, MAX_TBS_LEN).unwrap()),
        ] {
            let constants = CiConstants::from_certificate(&issuer.certificate_der).unwrap();
            let (tbs, sig) = tbs_and_signature(&issued);
            let circuit = CertP256Circuit::new(constants, &tbs, sig, [3; 32]).unwrap();
            assert_eq!(check(circuit), Ok(()), "TBS of {} bytes", tbs.len());
        }
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
