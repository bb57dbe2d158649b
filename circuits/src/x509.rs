//! Reading the fields of an X.509 v3 TBSCertificate (DER) inside a circuit, soundly.
//!
//! # What is read, and from where
//! The statement speaks of four fields: the role (the last arc of the GSMA policy OID
//! `2.23.146.1.2.1.x` in the certificatePolicies extension), the validity window, the subject
//! public key and the authority key identifier. The gadget [`parse_tbs`] walks the DER structure
//! from byte 0 the way a DER decoder does and reads each field at the position the walk arrives
//! at:
//!
//! ```text
//! 30 81 LL | 30 82 HH LL               TBSCertificate: 128..255 | 256 and more content bytes
//!   A0 03 02 01 02                    version v3
//!   02 Ls <Ls bytes>                  serialNumber (1 to 127 bytes)
//!   30 0A 06 08 2A8648CE3D040302      signature = ecdsa-with-SHA256
//!   30 <len> ...                      issuer
//!   30 LV (17|18) ... (17|18) ...     validity: UTCTime or GeneralizedTime, each
//!   30 <len> ...                      subject
//!   30 59 30 13 ... 03 42 00 04 X Y   subjectPublicKeyInfo: id-ecPublicKey, prime256v1
//!   A3 <len> 30 <len>                 [3] extensions, SEQUENCE OF Extension, ending at len
//!     30 <len> 06 Lo <Lo bytes> [01 01 FF] 04 <len> <value>    one slot per extension
//! ```
//!
//! Every `<len>` must be DER's minimal form: short (`< 0x80`), `81 LL` with `LL >= 0x80`, or
//! `82 HH LL` with `HH LL >= 0x100`. An extnID is any OBJECT IDENTIFIER with a short-form length:
//! GSMA's `2.23.146.1.*` extensions (id-rsp-expDate is `06 07 67 81 12 01 02 00 01`) as well as
//! RFC 5280's `2.5.29.*` ones (`06 03 55 1D xx`). The critical flag, when present, follows the
//! OID wherever it ends, and an extension's length is exactly its extnID, flag and extnValue: no
//! byte may trail inside it.
//!
//! # Soundness argument
//! 1. *Positions are computed, never chosen.* Every offset is a linear function of length bytes
//!    read at earlier offsets, starting from the constant 0. The prover supplies no offset.
//! 2. *The only advice is pinned.* The prover's free choices are bits: the length form of each
//!    header (short / `81` / `82`, the TBS's own `81` / `82`), UTCTime vs GeneralizedTime, which
//!    extension slots are in use, and the results of zero tests. Each is pinned by the byte it
//!    describes: a short-form length byte is proven `< 0x80`, a long form must be exactly
//!    `0x81`/`0x82` and carry a length that needs it (minimal DER, so one length has one
//!    encoding); the TBS header's second byte is `0x82` minus its form bit; the time form is the
//!    tag byte minus `0x17`; zero tests are the standard two-constraint gadget.
//! 3. *The walk covers the TBS exactly.* The outer length must equal `len` minus the header, the
//!    extensions' `[3]` and `SEQUENCE` lengths must end at `len`, and the extension walk (active
//!    slots form a prefix; each advances by its own header plus length) must land exactly on
//!    `len`. Inside each extension the extnID's length, the flag and the extnValue's header and
//!    length must add up to the extension's length. So no slot can be skipped, invented, placed
//!    past the end or padded, and the fixed-position templates (version, algorithm, SPKI) sit
//!    where DER puts them.
//! 4. *Extensions are identified by their whole extnID at the walk's position*: `06 03 55 1D 23`
//!    is an authorityKeyIdentifier only as the OID's tag, length and content together, so an OID
//!    of another length that starts with the same bytes never matches. Exactly one slot must
//!    carry certificatePolicies and exactly one authorityKeyIdentifier (RFC 5280 forbids
//!    repeats), so look-alike bytes inside a name, a key or another extension's value are never
//!    candidates: the parse is a function of the signed bytes alone.
//! 5. The values are then read through fixed templates: the policy extension must be exactly one
//!    PolicyInformation with the GSMA OID and no qualifiers (SGP.22's profile); the AKI exactly a
//!    20-byte keyIdentifier. With point 3 these templates are the whole extnValue. Anything else
//!    is refused rather than interpreted.
//! 6. *Times follow the calendar* ([`time`]): digits are proven digits, the year is 1970..9999,
//!    the month 1..12, the day 1 to the length of that month (29 February in leap years only),
//!    the hour 0..23, the minute and second 0..59, in the circuit and in [`TbsLayout::parse`]
//!    alike. A date such as 30 February is refused, not read as the day arithmetic would give.
//!
//! # What is refused
//! - *Certificates issued by a SubCA.* SGP.22 v3 allows one SubCA between the CI and a leaf
//!   (an EUM, SM-DP+ or SM-DS SubCA); the leaf's authorityKeyIdentifier then names the SubCA's
//!   key. The certificate circuit fixes the CI's key identifier and verifies the signature under
//!   the CI's key: it proves certificates signed by the CI directly. [`require_issued_by_ci`]
//!   refuses the others natively with that reason, and in the circuit both the AKI and the
//!   signature fail. Proving through a SubCA would take its certificate as a second witness: a
//!   second SHA-256 and a variable-key ECDSA verification, beyond one circuit's budget.
//! - TBSCertificates shorter than [`MIN_TBS_LEN`] (a `30 81` header carries at least 128
//!   content bytes) or longer than the caller's maximum (the certificate circuit's is
//!   [`crate::cert_p256::MAX_TBS_LEN`], what its SHA-256 blocks hold).
//! - More than [`MAX_EXTENSIONS`] extensions; issuer or subject unique ids; keys other than
//!   uncompressed P-256; signature algorithms other than ecdsa-with-SHA256; a certificatePolicies
//!   with more than the one GSMA policy or with qualifiers; an AKI with more than a
//!   keyIdentifier; an extnID with a long-form length (an OID of 128 bytes or more).

mod time;

use crate::{
    gadgets::{
        bit, constant, enforce_const_if, is_equal_const, is_zero, mux, named, pack_be, range_check,
        range_check_below, read_at,
    },
    tbs_message::MIN_TBS_LEN,
    CircuitError, Fr,
};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use time::{native_time, time_gadget};

/// Most RDNs in a subject name the serialNumber walk takes (an eUICC's has 4).
pub const MAX_RDNS: usize = 6;
/// A single-valued RDN holding a 32-character PrintableString serialNumber (an EID), up to the
/// value: `31 29 30 27 06 03 55 04 05 13 20`.
const EID_RDN_HEAD: [u8; 11] = [
    0x31, 0x29, 0x30, 0x27, 0x06, 0x03, 0x55, 0x04, 0x05, 0x13, 0x20,
];
/// Most extensions a certificate may carry (SGP.26 certificates have 4 to 7; an SM-DP+ TLS
/// certificate with authorityInfoAccess and a GSMA extension 9).
pub const MAX_EXTENSIONS: usize = 10;
/// The fixed SPKI prefix of an uncompressed P-256 key.
pub const P256_SPKI_PREFIX: [u8; 27] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
];
/// Length of a P-256 SubjectPublicKeyInfo.
pub const P256_SPKI_LEN: usize = 91;
/// AlgorithmIdentifier ecdsa-with-SHA256, followed by the issuer's SEQUENCE tag.
const SIG_ALG: [u8; 12] = [
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
];
/// `[0] { INTEGER 2 }` (version v3) right after the outer header, then the serialNumber's tag.
const VERSION_V3: [u8; 6] = [0xa0, 0x03, 0x02, 0x01, 0x02, 0x02];
/// `06 03 55 1D 23`: extnID authorityKeyIdentifier, tag and length included.
const OID_AKI: u64 = 0x06_03_55_1d_23;
/// `06 03 55 1D 20`: extnID certificatePolicies.
const OID_POLICIES: u64 = 0x06_03_55_1d_20;
/// `06 03 55 1D 1E`: extnID nameConstraints.
const OID_NAME_CONSTRAINTS: u64 = 0x06_03_55_1d_1e;
/// `06 03 55 1D 0E`: extnID subjectKeyIdentifier.
const OID_SKI: u64 = 0x06_03_55_1d_0e;
/// Bytes of a known extnID (`06 03 55 1D xx`), the only ones the walk identifies.
const KNOWN_OID_LEN: usize = 5;
/// The role number of an EUM (`id-rspRole-eum-v2`).
pub const ROLE_EUM: u64 = 2;
/// Longest organisation name in an EUM's nameConstraints (keeps every length short-form).
pub const MAX_EUM_ORG_LEN: usize = 87;
/// subjectKeyIdentifier value: OCTET STRING { OCTET STRING <20 bytes> }.
const SKI_VALUE_PREFIX: [u8; 4] = [0x04, 0x16, 0x04, 0x14];
/// certificatePolicies value: OCTET STRING { SEQUENCE { SEQUENCE { OID 2.23.146.1.2.1.<role> } } }.
const POLICIES_VALUE_PREFIX: [u8; 14] = [
    0x04, 0x0d, 0x30, 0x0b, 0x30, 0x09, 0x06, 0x07, 0x67, 0x81, 0x12, 0x01, 0x02, 0x01,
];
/// authorityKeyIdentifier value: OCTET STRING { SEQUENCE { [0] <20 bytes> } }.
const AKI_VALUE_PREFIX: [u8; 6] = [0x04, 0x18, 0x30, 0x16, 0x80, 0x14];
/// An EUM's nameConstraints value up to its organisation name's length byte (lengths checked
/// separately): `04 L0 30 L1 A0 L2 30 L3 A4 L4 30 L5 31 L6 30 L7 06 03 55 04 0A 0C Lorg`.
const NC_HEAD: [u8; 22] = [
    0x04, 0, 0x30, 0, 0xa0, 0, 0x30, 0, 0xa4, 0, 0x30, 0, 0x31, 0, 0x30, 0, 0x06, 0x03, 0x55, 0x04,
    0x0a, 0x0c,
];
/// After the organisation name: the serialNumber RDN holding the IIN, `31 11 30 0F 06 03 55 04 05
/// 13 08 <8 digits>`.
const NC_TAIL: [u8; 11] = [
    0x31, 0x11, 0x30, 0x0f, 0x06, 0x03, 0x55, 0x04, 0x05, 0x13, 0x08,
];
/// Bytes read at an extension's start: tag, up to three length bytes, a known extnID's 5 bytes.
const SLOT_HEAD_WINDOW: usize = 4 + KNOWN_OID_LEN;
/// Bytes read where the extnID ends: the critical flag (3), extnValue's tag and up to three
/// length bytes.
const SLOT_VALUE_WINDOW: usize = 3 + 4;

/// How a DER length is encoded: short (`< 0x80`), `81 LL` or `82 HH LL`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LengthForm {
    pub long81: bool,
    pub long82: bool,
}

impl LengthForm {
    const LONG81: LengthForm = LengthForm {
        long81: true,
        long82: false,
    };
    const LONG82: LengthForm = LengthForm {
        long81: false,
        long82: true,
    };
}

/// One extension slot of the walk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExtensionSlot {
    pub active: bool,
    /// The extension SEQUENCE's length form.
    pub form: LengthForm,
    /// The extnValue OCTET STRING's length form.
    pub value: LengthForm,
}

/// The prover's advice for [`parse_tbs`]: the bits the constraints then pin (see the module
/// documentation). [`TbsLayout::parse`] computes it from the bytes, and refuses certificates
/// outside the profile with a reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TbsLayout {
    /// The TBSCertificate's own length form: `81` (128..255 content bytes) or `82`.
    pub outer: LengthForm,
    pub issuer: LengthForm,
    pub not_before_generalized: bool,
    pub not_after_generalized: bool,
    pub subject: LengthForm,
    pub extensions: LengthForm,
    pub extension_list: LengthForm,
    pub slots: [ExtensionSlot; MAX_EXTENSIONS],
    /// Which subject RDN slots are in use, when every RDN is short-form and there are at most
    /// [`MAX_RDNS`] (only the serialNumber walk needs it).
    pub subject_rdns: Option<[bool; MAX_RDNS]>,
}

/// The fields the statement speaks of, as read natively by [`TbsLayout::parse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TbsFields {
    pub role: u8,
    pub not_before: u64,
    pub not_after: u64,
    pub key_x: [u8; 32],
    pub key_y: [u8; 32],
    /// The authorityKeyIdentifier's keyIdentifier (the circuit requires one).
    pub authority_key_id: Option<[u8; 20]>,
    /// The subjectKeyIdentifier, when it is 20 bytes (not read by the circuit; a CI's names it).
    pub subject_key_id: Option<[u8; 20]>,
    /// An EUM's permitted IIN (nameConstraints), as a number; `None` for other roles.
    pub permitted_iin: Option<u64>,
    /// The subject's 32-character serialNumber (an eUICC's EID), when its RDN has the form the
    /// circuits read.
    pub subject_serial_number: Option<Vec<u8>>,
}

/// Refuses, with the reason, a certificate the CI with subject key identifier `ci_key_id` did not
/// sign directly (its `fields` as [`TbsLayout::parse`] reads them): the certificate circuit fixes
/// that key identifier and verifies under that CI's key only.
pub fn require_issued_by_ci(fields: &TbsFields, ci_key_id: &[u8; 20]) -> Result<(), CircuitError> {
    let hex = |id: &[u8; 20]| id.iter().map(|b| format!("{b:02x}")).collect::<String>();
    match &fields.authority_key_id {
        None => Err(unsupported(
            "no authorityKeyIdentifier (a CI certificate is a trust anchor, not proven)",
        )),
        Some(id) if id != ci_key_id => Err(unsupported(format!(
            "the authorityKeyIdentifier {} is not the CI's key id {}: the certificate is issued \
             by a SubCA (or by another CI), not supported: the circuit proves certificates signed \
             by the CI directly",
            hex(id),
            hex(ci_key_id)
        ))),
        Some(_) => Ok(()),
    }
}

/// The IIN an EUM's nameConstraints permit, read from the extension value at `value` whose
/// OCTET STRING takes `value_len` bytes (the SGP.22 variant O form: one permitted directoryName
/// `O=<org>, serialNumber=<8 digits>`).
fn native_permitted_iin(tbs: &[u8], value: usize, value_len: usize) -> Result<u64, CircuitError> {
    let bad = || unsupported("nameConstraints is not one permitted O + serialNumber (IIN) name");
    let head = tbs.get(value..value + NC_HEAD.len() + 1).ok_or_else(bad)?;
    let org = head[NC_HEAD.len()] as usize;
    if org > MAX_EUM_ORG_LEN {
        return Err(bad());
    }
    let lengths = nc_lengths(org as u64);
    for (i, want) in NC_HEAD.iter().enumerate() {
        let expected = if i % 2 == 1 && i < 16 {
            lengths[i / 2] as u8
        } else {
            *want
        };
        if head[i] != expected {
            return Err(bad());
        }
    }
    let tail_at = value + NC_HEAD.len() + 1 + org;
    let tail = tbs
        .get(tail_at..tail_at + NC_TAIL.len() + 8)
        .ok_or_else(bad)?;
    if tail[..NC_TAIL.len()] != NC_TAIL || value_len != 2 + lengths[0] as usize {
        return Err(bad());
    }
    let digits = &tail[NC_TAIL.len()..];
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    Ok(digits
        .iter()
        .fold(0u64, |acc, d| acc * 10 + (d - b'0') as u64))
}

/// The RDN slots of the subject name in `tbs[start..end]` and its EID-form serialNumber, if any.
fn native_rdns(
    tbs: &[u8],
    start: usize,
    end: usize,
) -> (Option<[bool; MAX_RDNS]>, Option<Vec<u8>>) {
    let mut slots = [false; MAX_RDNS];
    let mut serial = None;
    let mut at = start;
    let mut i = 0;
    while at < end {
        let (Some(&0x31), Some(&l)) = (tbs.get(at), tbs.get(at + 1)) else {
            return (None, None);
        };
        if l >= 0x80 || i == MAX_RDNS {
            return (None, None);
        }
        if tbs.get(at..at + EID_RDN_HEAD.len()) == Some(&EID_RDN_HEAD[..]) {
            serial = tbs
                .get(at + EID_RDN_HEAD.len()..at + EID_RDN_HEAD.len() + 32)
                .map(<[u8]>::to_vec);
        }
        slots[i] = true;
        at += 2 + l as usize;
        i += 1;
    }
    if at != end {
        return (None, None);
    }
    (Some(slots), serial)
}

/// `L0..L7` of the nameConstraints value for an organisation name of `org` bytes.
fn nc_lengths(org: u64) -> [u64; 8] {
    let l7 = 7 + org;
    let l6 = l7 + 2;
    // The Name holds the organisation RDN and the serialNumber RDN (its tail and 8 digits).
    let l5 = l6 + 2 + NC_TAIL.len() as u64 + 8;
    let l4 = l5 + 2;
    let l3 = l4 + 2;
    let l2 = l3 + 2;
    let l1 = l2 + 2;
    let l0 = l1 + 2;
    [l0, l1, l2, l3, l4, l5, l6, l7]
}

fn unsupported(what: impl Into<String>) -> CircuitError {
    CircuitError::Unsupported(what.into())
}

/// Reads a DER length at `tbs[pos..]` (the byte after the tag): `(form, header bytes after the
/// tag, length)`. Only DER's minimal form is accepted, as in the circuit's [`length_gadget`].
///
/// Positions here never overflow: they stay below `tbs.len()` plus a few lengths of at most
/// `0xFFFF`.
pub(crate) fn native_length(
    tbs: &[u8],
    pos: usize,
    what: &str,
) -> Result<(LengthForm, usize, usize), CircuitError> {
    let b = |i: usize| {
        tbs.get(pos + i)
            .copied()
            .ok_or_else(|| unsupported(format!("{what}: truncated")))
    };
    let (form, header, len) = match b(0)? {
        l if l < 0x80 => (LengthForm::default(), 1, l as usize),
        0x81 => (LengthForm::LONG81, 2, b(1)? as usize),
        0x82 => (
            LengthForm::LONG82,
            3,
            (b(1)? as usize) << 8 | b(2)? as usize,
        ),
        other => return Err(unsupported(format!("{what}: length form {other:#04x}"))),
    };
    let minimal = match header {
        1 => true,
        2 => len >= 0x80,
        _ => len >= 0x100,
    };
    if !minimal {
        return Err(unsupported(format!(
            "{what}: length {len} in the {:02x} form is not DER (the minimal length encoding is \
             required)",
            0x7f + header
        )));
    }
    Ok((form, header, len))
}

fn expect(tbs: &[u8], pos: usize, want: &[u8], what: &str) -> Result<(), CircuitError> {
    if tbs.get(pos..pos + want.len()) == Some(want) {
        Ok(())
    } else {
        Err(unsupported(format!(
            "{what} is not in the form the circuit proves"
        )))
    }
}

/// One extension as the walk reads it.
struct NativeExtension {
    slot: ExtensionSlot,
    /// The extnID's whole TLV (`06 Lo <Lo bytes>`).
    oid: Vec<u8>,
    /// Where the extnValue OCTET STRING starts (its tag), and its whole length (header included).
    value: usize,
    value_len: usize,
    /// Where the next extension starts.
    end: usize,
}

/// Reads the extension at `at`: `30 <len> 06 Lo <OID> [01 01 FF] 04 <len> <value>`, its length
/// exactly the sum of its parts.
fn native_extension(tbs: &[u8], at: usize) -> Result<NativeExtension, CircuitError> {
    expect(tbs, at, &[0x30], "extension")?;
    let (form, h, l) = native_length(tbs, at + 1, "extension")?;
    let body = at + 1 + h;
    expect(
        tbs,
        body,
        &[0x06],
        "extension extnID (an OBJECT IDENTIFIER)",
    )?;
    let oid_len = *tbs
        .get(body + 1)
        .ok_or_else(|| unsupported("extension truncated"))? as usize;
    if oid_len == 0 || oid_len >= 0x80 {
        return Err(unsupported(format!(
            "extnID length byte {oid_len:#04x}: a non-empty OID with a short-form length is \
             required"
        )));
    }
    let oid = tbs
        .get(body..body + 2 + oid_len)
        .ok_or_else(|| unsupported("extension extnID truncated"))?
        .to_vec();
    let flag = body + 2 + oid_len;
    // DER omits a FALSE critical flag (DEFAULT FALSE): present, it is BOOLEAN TRUE.
    let critical = tbs.get(flag) == Some(&0x01);
    if critical {
        expect(
            tbs,
            flag,
            &[0x01, 0x01, 0xff],
            "extension critical flag (DER: BOOLEAN TRUE, or absent)",
        )?;
    }
    let value = flag + if critical { 3 } else { 0 };
    expect(
        tbs,
        value,
        &[0x04],
        "extnValue (an OCTET STRING after the extnID)",
    )?;
    let (value_form, vh, vl) = native_length(tbs, value + 1, "extnValue")?;
    let value_len = 1 + vh + vl;
    if value + value_len != body + l {
        return Err(unsupported(format!(
            "extension length {l} does not match its extnID ({} bytes), critical flag ({}) and \
             extnValue ({value_len} bytes)",
            oid.len(),
            if critical { 3 } else { 0 }
        )));
    }
    Ok(NativeExtension {
        slot: ExtensionSlot {
            active: true,
            form,
            value: value_form,
        },
        oid,
        value,
        value_len,
        end: body + l,
    })
}

/// Whether the extnID TLV `oid` is the known `06 03 55 1D xx` one `known` (compared whole).
fn is_oid(oid: &[u8], known: u64) -> bool {
    oid.len() == KNOWN_OID_LEN && oid.iter().fold(0u64, |acc, b| acc << 8 | *b as u64) == known
}

impl TbsLayout {
    /// Walks `tbs` as the circuit will and returns the advice and the fields, or the reason the
    /// certificate is outside what the circuit proves. `max_len` is the longest TBS the caller's
    /// circuit hashes.
    pub fn parse(tbs: &[u8], max_len: usize) -> Result<(TbsLayout, TbsFields), CircuitError> {
        let len = tbs.len();
        if len < MIN_TBS_LEN {
            return Err(unsupported(format!(
                "TBSCertificate of {len} bytes: the circuit takes {MIN_TBS_LEN} bytes at least"
            )));
        }
        if len > max_len {
            return Err(unsupported(format!(
                "TBSCertificate of {len} bytes: longer than the {max_len} bytes the circuit hashes"
            )));
        }
        expect(tbs, 0, &[0x30], "TBSCertificate header")?;
        let (outer, h, content) = native_length(tbs, 1, "TBSCertificate")?;
        if !(outer.long81 || outer.long82) {
            return Err(unsupported("TBSCertificate header is not 30 81 or 30 82"));
        }
        if 1 + h + content != len {
            return Err(unsupported(
                "TBSCertificate length does not match its bytes",
            ));
        }
        let version = 1 + h;
        expect(tbs, version, &VERSION_V3, "version (v3 required)")?;
        let serial_len = tbs[version + VERSION_V3.len()];
        if serial_len == 0 || serial_len >= 0x80 {
            return Err(unsupported(format!(
                "serialNumber of {serial_len} bytes: 1 to 127 are supported"
            )));
        }
        let sig = version + VERSION_V3.len() + 1 + serial_len as usize;
        expect(
            tbs,
            sig,
            &SIG_ALG,
            "signature algorithm (ecdsa-with-SHA256 required)",
        )?;
        expect(tbs, sig + 12, &[0x30], "issuer")?;
        let (issuer, h, l) = native_length(tbs, sig + 13, "issuer")?;
        let validity = sig + 13 + h + l;
        expect(tbs, validity, &[0x30], "validity")?;
        let time_at = |pos: usize| -> Result<(bool, u64, usize), CircuitError> {
            let generalized = match tbs.get(pos) {
                Some(0x17) => false,
                Some(0x18) => true,
                _ => {
                    return Err(unsupported(
                        "validity time is neither UTCTime nor GeneralizedTime",
                    ))
                }
            };
            let n = if generalized { 15 } else { 13 };
            expect(tbs, pos + 1, &[n as u8], "validity time length")?;
            let chars = tbs
                .get(pos + 2..pos + 2 + n)
                .ok_or_else(|| unsupported("validity truncated"))?;
            Ok((generalized, native_time(chars, generalized)?, pos + 2 + n))
        };
        let (nb_gen, not_before, after_nb) = time_at(validity + 2)?;
        let (na_gen, not_after, after_na) = time_at(after_nb)?;
        if tbs.get(validity + 1).map(|l| *l as usize) != Some(after_na - validity - 2) {
            return Err(unsupported("validity length does not match its times"));
        }
        expect(tbs, after_na, &[0x30], "subject")?;
        let (subject, h, l) = native_length(tbs, after_na + 1, "subject")?;
        let spki = after_na + 1 + h + l;
        let (subject_rdns, subject_serial_number) = native_rdns(tbs, after_na + 1 + h, spki);
        expect(
            tbs,
            spki,
            &P256_SPKI_PREFIX,
            "subjectPublicKeyInfo (uncompressed P-256 key required)",
        )?;
        let key_x: [u8; 32] = tbs[spki + 27..spki + 59]
            .try_into()
            .map_err(|_| unsupported("key"))?;
        let key_y: [u8; 32] = tbs[spki + 59..spki + 91]
            .try_into()
            .map_err(|_| unsupported("key"))?;
        let ext = spki + P256_SPKI_LEN;
        expect(
            tbs,
            ext,
            &[0xa3],
            "extensions [3] (issuer/subject unique ids are not allowed)",
        )?;
        let (extensions, h, l) = native_length(tbs, ext + 1, "extensions")?;
        if ext + 1 + h + l != len {
            return Err(unsupported(
                "extensions do not end where the TBSCertificate ends",
            ));
        }
        let list = ext + 1 + h;
        expect(tbs, list, &[0x30], "extension list")?;
        let (extension_list, h, l) = native_length(tbs, list + 1, "extension list")?;
        if list + 1 + h + l != len {
            return Err(unsupported(
                "extension list does not end where the TBSCertificate ends",
            ));
        }
        let mut slots = [ExtensionSlot::default(); MAX_EXTENSIONS];
        let mut at = list + 1 + h;
        let (mut role, mut aki, mut ski, mut iin) = (None, None, None, None);
        let mut i = 0;
        while at < len {
            if i == MAX_EXTENSIONS {
                return Err(unsupported(format!(
                    "more than {MAX_EXTENSIONS} extensions"
                )));
            }
            let e = native_extension(tbs, at)?;
            slots[i] = e.slot;
            let value = e.value;
            if is_oid(&e.oid, OID_POLICIES) {
                if role.is_some() {
                    return Err(unsupported("two certificatePolicies extensions"));
                }
                expect(
                    tbs,
                    value,
                    &POLICIES_VALUE_PREFIX,
                    "certificatePolicies (one GSMA RSP policy, no qualifiers)",
                )?;
                let r = tbs[value + POLICIES_VALUE_PREFIX.len()];
                if r >= 8 {
                    return Err(unsupported(format!("GSMA role {r} is not defined")));
                }
                role = Some(r);
            } else if is_oid(&e.oid, OID_AKI) {
                if aki.is_some() {
                    return Err(unsupported("two authorityKeyIdentifier extensions"));
                }
                expect(
                    tbs,
                    value,
                    &AKI_VALUE_PREFIX,
                    "authorityKeyIdentifier (a 20-byte keyIdentifier only)",
                )?;
                aki = Some(
                    <[u8; 20]>::try_from(&tbs[value + 6..value + 26])
                        .map_err(|_| unsupported("aki"))?,
                );
            } else if is_oid(&e.oid, OID_NAME_CONSTRAINTS) {
                if iin.is_some() {
                    return Err(unsupported("two nameConstraints extensions"));
                }
                iin = Some(native_permitted_iin(tbs, value, e.value_len)?);
            } else if is_oid(&e.oid, OID_SKI)
                && tbs.get(value..value + 4) == Some(&SKI_VALUE_PREFIX[..])
            {
                ski = <[u8; 20]>::try_from(tbs.get(value + 4..value + 24).unwrap_or_default()).ok();
            }
            at = e.end;
            i += 1;
        }
        if at != len {
            return Err(unsupported("last extension runs past the TBSCertificate"));
        }
        let role =
            role.ok_or_else(|| unsupported("no certificatePolicies extension with a GSMA role"))?;
        let permitted_iin = if role as u64 == ROLE_EUM {
            Some(iin.ok_or_else(|| unsupported("an EUM certificate without nameConstraints"))?)
        } else {
            None
        };
        Ok((
            TbsLayout {
                outer,
                issuer,
                not_before_generalized: nb_gen,
                not_after_generalized: na_gen,
                subject,
                extensions,
                extension_list,
                slots,
                subject_rdns,
            },
            TbsFields {
                role,
                not_before,
                not_after,
                key_x,
                key_y,
                authority_key_id: aki,
                subject_key_id: ski,
                permitted_iin,
                subject_serial_number,
            },
        ))
    }
}

/// The fields [`parse_tbs`] proves, as variables.
pub struct TbsVars {
    pub role: FpVar<Fr>,
    pub not_before: FpVar<Fr>,
    pub not_after: FpVar<Fr>,
    pub key_x: Vec<FpVar<Fr>>,
    pub key_y: Vec<FpVar<Fr>>,
    /// An EUM's permitted IIN; 0 for other roles.
    pub permitted_iin: FpVar<Fr>,
    /// The authorityKeyIdentifier's 20 bytes.
    pub authority_key_id: Vec<FpVar<Fr>>,
    /// Where the subject name's content (its RDNs) starts, and its length.
    pub subject_content_at: FpVar<Fr>,
    pub subject_content_len: FpVar<Fr>,
}

/// Whose key identifier the authorityKeyIdentifier must carry.
#[derive(Clone, Copy)]
pub enum IssuerKeyId<'a> {
    /// A constant of the circuit (a CI's).
    Fixed(&'a [u8; 20]),
    /// Any: the caller binds the issuer otherwise (a chain circuit checks the signature under
    /// the issuer's key itself).
    Any,
}

/// A DER length as [`length_gadget`] pins it.
pub(crate) struct DerLength {
    /// The form bits (at most one is set).
    pub(crate) long81: FpVar<Fr>,
    pub(crate) long82: FpVar<Fr>,
    /// Bytes the length takes after the tag: 1, 2 or 3.
    pub(crate) header: FpVar<Fr>,
    pub(crate) len: FpVar<Fr>,
}

impl DerLength {
    /// The `k` bytes after the length, from `b` starting at the length's first byte (`b` holds at
    /// least `k + 3` bytes): a three-way multiplexer on the form, two constraints a byte.
    fn after(&self, b: &[FpVar<Fr>], k: usize) -> Vec<FpVar<Fr>> {
        (0..k)
            .map(|j| {
                &b[1 + j]
                    + &self.long81 * (&b[2 + j] - &b[1 + j])
                    + &self.long82 * (&b[3 + j] - &b[1 + j])
            })
            .collect()
    }
}

/// A DER length at `b` (its first byte and the two after it), with its form as advice.
///
/// `t = b0 - 0x80·long` is proven to be 7 bits: a short form is `< 0x80`, a long form has its
/// top bit set; a long form must be exactly `0x81` (`t = 1`) or `0x82` (`t = 2`), and minimal
/// (namespace `minimal`): `81 LL` needs `LL >= 0x80`, `82 HH LL` needs `HH >= 1`, so every length
/// has the one encoding DER gives it. With `enabled = 0` (an unused extension slot) the checks
/// are lifted.
pub(crate) fn length_gadget(
    cs: &ConstraintSystemRef<Fr>,
    b: &[FpVar<Fr>],
    form: Option<LengthForm>,
    enabled: &FpVar<Fr>,
) -> Result<DerLength, SynthesisError> {
    let _ns = named!("length");
    let f1 = bit(cs, || {
        form.map(|f| f.long81)
            .ok_or(SynthesisError::AssignmentMissing)
    })?;
    let f2 = bit(cs, || {
        form.map(|f| f.long82)
            .ok_or(SynthesisError::AssignmentMissing)
    })?;
    (&f1 * &f2).enforce_equal(&constant(0))?;
    let long = &f1 + &f2;
    let t = &b[0] - &long * Fr::from(0x80u64);
    range_check(cs, &(enabled * &t), 7)?;
    (enabled * &long * (&t - &f1 - &f2 * Fr::from(2u64))).enforce_equal(&constant(0))?;
    let (p1, p2) = (&f1 * &b[1], &f2 * &b[1]);
    {
        let _ns = named!("minimal");
        let excess = &p1 - &f1 * Fr::from(0x80u64) + &p2 - &f2;
        range_check(cs, &(enabled * excess), 7)?;
    }
    let len = &b[0] - &b[0] * &long + p1 + p2 * Fr::from(256u64) + &f2 * &b[2];
    let header = constant(1) + &f1 + &f2 * Fr::from(2u64);
    Ok(DerLength {
        long81: f1,
        long82: f2,
        header,
        len,
    })
}

pub(crate) fn enforce_bytes(window: &[FpVar<Fr>], want: &[u8]) -> Result<(), SynthesisError> {
    for (w, c) in window.iter().zip(want) {
        w.enforce_equal(&constant(*c as u64))?;
    }
    Ok(())
}

/// Proves which fields of the TBS in `bytes` (the SHA-256-padded message; the TBS is its first
/// `len` bytes, each byte variable already proven to be a byte) the statement speaks of. The
/// authority key identifier must equal `anchor_key_id` (the circuit's CI). See the module
/// documentation for the soundness argument.
///
/// Constraints are enforced in namespaces under `x509` named after the DER element they check
/// (`x509/header`, `x509/validity/not_after/day`, `x509/extension/critical`, ...), so a test of
/// a forged witness can tell which rule refused it.
pub fn parse_tbs(
    cs: &ConstraintSystemRef<Fr>,
    bytes: &[FpVar<Fr>],
    len: &FpVar<Fr>,
    layout: Option<&TbsLayout>,
    issuer: IssuerKeyId,
) -> Result<TbsVars, SynthesisError> {
    let _x509 = named!("x509");
    let one = constant(1);
    let advice = |f: &dyn Fn(&TbsLayout) -> bool| -> Result<bool, SynthesisError> {
        layout.map(f).ok_or(SynthesisError::AssignmentMissing)
    };

    // The TBS header, 30 81 LL or 30 82 HH LL (a TBS has more than 127 bytes), covering exactly
    // `len`; what follows starts a byte earlier in the 81 form.
    let (outer_header, head) = {
        let _ns = named!("header");
        bytes[0].enforce_equal(&constant(0x30))?;
        let outer = length_gadget(cs, &bytes[1..4], layout.map(|l| l.outer), &one)?;
        (&outer.long81 + &outer.long82).enforce_equal(&one)?;
        (&outer.len + &outer.header + Fr::from(1u64)).enforce_equal(len)?;
        let head = outer.after(&bytes[1..], VERSION_V3.len() + 1);
        (outer.header, head)
    };
    {
        let _ns = named!("version");
        enforce_bytes(&head[..VERSION_V3.len()], &VERSION_V3)?;
    }
    let sig_at = {
        // serialNumber: 1 to 127 bytes (a short-form length; an INTEGER is never empty).
        let _ns = named!("serial");
        let serial_len = &head[VERSION_V3.len()];
        range_check(cs, serial_len, 7)?;
        range_check(cs, &(serial_len - Fr::from(1u64)), 7)?;
        // Tag, outer length, version, serial tag and length byte, then the serial's bytes.
        serial_len + &outer_header + Fr::from(1 + VERSION_V3.len() as u64 + 1)
    };

    // Signature algorithm, then the issuer's header.
    let validity_at = {
        let _ns = named!("signature_algorithm");
        let w = read_at(cs, bytes, &sig_at, 16)?;
        enforce_bytes(&w[..12], &SIG_ALG)?;
        drop(_ns);
        let _ns = named!("issuer");
        w[12].enforce_equal(&constant(0x30))?;
        let name = length_gadget(cs, &w[13..16], layout.map(|l| l.issuer), &one)?;
        &sig_at + Fr::from(13u64) + name.header + name.len
    };

    // Validity: 30 LV, then two times, each 17 0D <13> or 18 0F <15>.
    let (not_before, not_after, subject_at) = {
        let _ns = named!("validity");
        let w = read_at(cs, bytes, &validity_at, 4 + 15 + 2 + 15)?;
        w[0].enforce_equal(&constant(0x30))?;
        let g1 = bit(cs, || advice(&|l| l.not_before_generalized))?;
        let g2 = bit(cs, || advice(&|l| l.not_after_generalized))?;
        w[2].enforce_equal(&(&g1 + Fr::from(0x17u64)))?;
        w[3].enforce_equal(&(&g1 * Fr::from(2u64) + Fr::from(13u64)))?;
        let not_before = {
            let _ns = named!("not_before");
            time_gadget(cs, &w[4..19], &g1)?
        };
        // The second time starts 2 bytes later when the first is a GeneralizedTime.
        let second: Vec<FpVar<Fr>> = (0..17).map(|j| mux(&g1, &w[19 + j], &w[17 + j])).collect();
        second[0].enforce_equal(&(&g2 + Fr::from(0x17u64)))?;
        second[1].enforce_equal(&(&g2 * Fr::from(2u64) + Fr::from(13u64)))?;
        let not_after = {
            let _ns = named!("not_after");
            time_gadget(cs, &second[2..17], &g2)?
        };
        let validity_len = (&g1 + &g2) * Fr::from(2u64) + Fr::from(30u64);
        w[1].enforce_equal(&validity_len)?;
        (
            not_before,
            not_after,
            &validity_at + Fr::from(2u64) + validity_len,
        )
    };

    // Subject header.
    let (subject_content_at, subject_content_len, spki_at) = {
        let _ns = named!("subject");
        let w = read_at(cs, bytes, &subject_at, 4)?;
        w[0].enforce_equal(&constant(0x30))?;
        let subject = length_gadget(cs, &w[1..4], layout.map(|l| l.subject), &one)?;
        let content_at = &subject_at + Fr::from(1u64) + &subject.header;
        let spki_at = &content_at + &subject.len;
        (content_at, subject.len, spki_at)
    };

    // SubjectPublicKeyInfo (fixed P-256 form) and the extensions' [3] and SEQUENCE headers right
    // after it, both ending where the TBS ends.
    let (key_x, key_y, mut at) = {
        let _ns = named!("spki");
        let w = read_at(cs, bytes, &spki_at, P256_SPKI_LEN + 4)?;
        enforce_bytes(&w[..27], &P256_SPKI_PREFIX)?;
        let key_x = w[27..59].to_vec();
        let key_y = w[59..91].to_vec();
        drop(_ns);
        let _ns = named!("extensions");
        w[91].enforce_equal(&constant(0xa3))?;
        let ext = length_gadget(cs, &w[92..95], layout.map(|l| l.extensions), &one)?;
        let ext_at = &spki_at + Fr::from(P256_SPKI_LEN as u64);
        let list_at = &ext_at + Fr::from(1u64) + ext.header;
        (&list_at + &ext.len).enforce_equal(len)?;
        let w = read_at(cs, bytes, &list_at, 4)?;
        w[0].enforce_equal(&constant(0x30))?;
        let list = length_gadget(cs, &w[1..4], layout.map(|l| l.extension_list), &one)?;
        let at = &list_at + Fr::from(1u64) + list.header;
        (&at + &list.len).enforce_equal(len)?;
        (key_x, key_y, at)
    };

    // The extension walk: per slot, `30 <len> 06 Lo <OID> [01 01 FF] 04 <len> <value>`.
    let mut previous_active = one.clone();
    let (mut aki_count, mut aki_value_at) = (constant(0), constant(0));
    let (mut pol_count, mut pol_value_at) = (constant(0), constant(0));
    let (mut nc_count, mut nc_value_at, mut nc_value_len) = (constant(0), constant(0), constant(0));
    for slot in 0..MAX_EXTENSIONS {
        let _ns = named!("extension");
        let active = {
            // Active slots form a prefix.
            let _ns = named!("prefix");
            let active = bit(cs, || advice(&|l| l.slots[slot].active))?;
            (&active * (&one - &previous_active)).enforce_equal(&constant(0))?;
            active
        };
        let (ext, body) = {
            let _ns = named!("header");
            let w = read_at(cs, bytes, &at, SLOT_HEAD_WINDOW)?;
            enforce_const_if(&active, &w[0], 0x30)?;
            let ext = length_gadget(cs, &w[1..4], layout.map(|l| l.slots[slot].form), &active)?;
            let body = ext.after(&w[1..], KNOWN_OID_LEN);
            (ext, body)
        };
        let (oid_len, is_aki, is_pol, is_nc) = {
            let _ns = named!("extn_id");
            enforce_const_if(&active, &body[0], 0x06)?;
            // A non-empty OID with a short-form length: 1 to 127 content bytes.
            let oid_len = &active * &body[1];
            range_check(cs, &oid_len, 7)?;
            range_check(cs, &(&oid_len - &active), 7)?;
            // A known extnID matches as a whole TLV: tag, length 3 and content.
            let oid = pack_be(&body);
            let is = |known: u64| -> Result<FpVar<Fr>, SynthesisError> {
                Ok(&active * is_zero(cs, &(&oid - Fr::from(known)))?)
            };
            (
                oid_len,
                is(OID_AKI)?,
                is(OID_POLICIES)?,
                is(OID_NAME_CONSTRAINTS)?,
            )
        };
        // The critical flag, if any, sits where the OID ends.
        let flag_at = &at + Fr::from(3u64) + &ext.header + &oid_len;
        let (critical, v) = {
            let _ns = named!("critical");
            let c = read_at(cs, bytes, &flag_at, SLOT_VALUE_WINDOW)?;
            // DER omits a FALSE flag: a BOOLEAN here is 01 01 FF.
            let critical = &active * is_equal_const(cs, &c[0], 1)?;
            enforce_const_if(&critical, &c[1], 1)?;
            enforce_const_if(&critical, &c[2], 0xff)?;
            let v: Vec<FpVar<Fr>> = (0..4).map(|j| mux(&critical, &c[3 + j], &c[j])).collect();
            (critical, v)
        };
        let value = {
            let _ns = named!("value");
            enforce_const_if(&active, &v[0], 0x04)?;
            length_gadget(cs, &v[1..4], layout.map(|l| l.slots[slot].value), &active)?
        };
        let value_tlv_len = &value.header + &value.len + Fr::from(1u64);
        {
            // The extension is its extnID, flag and extnValue: nothing trails inside it.
            let _ns = named!("content");
            let parts = &oid_len + Fr::from(2u64) + &critical * Fr::from(3u64) + &value_tlv_len;
            (&active * (&ext.len - parts)).enforce_equal(&constant(0))?;
        }
        let value_at = &flag_at + &critical * Fr::from(3u64);
        aki_count += &is_aki;
        aki_value_at += &is_aki * &value_at;
        pol_count += &is_pol;
        pol_value_at += &is_pol * &value_at;
        nc_count += &is_nc;
        nc_value_len += &is_nc * value_tlv_len;
        nc_value_at += &is_nc * &value_at;
        at = &at + &active * (&one + ext.header + ext.len);
        previous_active = active;
    }
    {
        let _ns = named!("extensions_end");
        at.enforce_equal(len)?;
    }

    let authority_key_id = {
        let _ns = named!("aki");
        aki_count.enforce_equal(&one)?;
        let w = read_at(cs, bytes, &aki_value_at, 26)?;
        enforce_bytes(&w[..6], &AKI_VALUE_PREFIX)?;
        let id = w[6..].to_vec();
        if let IssuerKeyId::Fixed(ci) = issuer {
            let _ns = named!("ci");
            enforce_bytes(&id, ci)?;
        }
        id
    };
    let role = {
        let _ns = named!("policies");
        pol_count.enforce_equal(&one)?;
        let w = read_at(cs, bytes, &pol_value_at, 15)?;
        enforce_bytes(&w[..14], &POLICIES_VALUE_PREFIX)?;
        let role = w[14].clone();
        range_check(cs, &role, 3)?;
        role
    };
    let permitted_iin = {
        let _ns = named!("name_constraints");
        eum_permitted_iin(cs, bytes, &role, &nc_count, &nc_value_at, &nc_value_len)?
    };

    Ok(TbsVars {
        role,
        not_before,
        not_after,
        key_x,
        key_y,
        permitted_iin,
        authority_key_id,
        subject_content_at,
        subject_content_len,
    })
}

/// The 32 characters of the subject's serialNumber (an eUICC's EID): a walk over the subject's
/// RDNs (short-form, at most [`MAX_RDNS`], active slots a prefix that must end exactly where the
/// name ends), exactly one of which is a single-valued serialNumber RDN holding a 32-character
/// PrintableString. As in [`parse_tbs`], positions are computed, not chosen: bytes that look like
/// an EID elsewhere (in the issuer, in an extension) are never candidates.
pub fn subject_serial_number(
    cs: &ConstraintSystemRef<Fr>,
    bytes: &[FpVar<Fr>],
    vars: &TbsVars,
    layout: Option<&TbsLayout>,
) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    let _ns = named!("subject_serial_number");
    let mut at = vars.subject_content_at.clone();
    let mut previous_active = constant(1);
    let (mut count, mut serial_at) = (constant(0), constant(0));
    for slot in 0..MAX_RDNS {
        let active = bit(cs, || {
            layout
                .and_then(|l| l.subject_rdns)
                .map(|r| r[slot])
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        (&active * (constant(1) - &previous_active)).enforce_equal(&constant(0))?;
        let w = read_at(cs, bytes, &at, EID_RDN_HEAD.len())?;
        enforce_const_if(&active, &w[0], 0x31)?;
        let rdn_len = &active * &w[1];
        range_check(cs, &rdn_len, 7)?;
        // Is this the EID RDN? Its head, packed, must match exactly.
        let is_serial = &active
            * is_zero(
                cs,
                &(pack_be(&w[1..])
                    - pack_be(
                        &EID_RDN_HEAD[1..]
                            .iter()
                            .map(|b| constant(*b as u64))
                            .collect::<Vec<_>>(),
                    )),
            )?;
        count += &is_serial;
        serial_at += &is_serial * (&at + Fr::from(EID_RDN_HEAD.len() as u64));
        at = &at + &active * (rdn_len + Fr::from(2u64));
        previous_active = active;
    }
    at.enforce_equal(&(&vars.subject_content_at + &vars.subject_content_len))?;
    count.enforce_equal(&constant(1))?;
    read_at(cs, bytes, &serial_at, 32)
}

/// For an EUM (role 2): exactly one nameConstraints extension, in the SGP.22 form, and the IIN
/// its permitted name carries. For every other role: 0, whatever the certificate holds. Every
/// check is gated by `is_eum`, so a non-EUM certificate's bytes never need to fit the template.
fn eum_permitted_iin(
    cs: &ConstraintSystemRef<Fr>,
    bytes: &[FpVar<Fr>],
    role: &FpVar<Fr>,
    nc_count: &FpVar<Fr>,
    nc_value_at: &FpVar<Fr>,
    nc_value_len: &FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    let is_eum = is_equal_const(cs, role, ROLE_EUM)?;
    (&is_eum * (nc_count - Fr::from(1u64))).enforce_equal(&constant(0))?;
    let head = read_at(cs, bytes, nc_value_at, NC_HEAD.len() + 1)?;
    let org = &is_eum * &head[NC_HEAD.len()];
    range_check_below(cs, &org, MAX_EUM_ORG_LEN as u64 + 1, 7)?;
    // L7 = 7 + org, L6 = L7 + 2, L5 = L6 + 21, L4..L0 two more each.
    let mut lengths = vec![&org + Fr::from(7u64)];
    lengths.push(&lengths[0] + Fr::from(2u64));
    lengths.push(&lengths[1] + Fr::from(2 + NC_TAIL.len() as u64 + 8));
    for _ in 0..5 {
        let next = &lengths[lengths.len() - 1] + Fr::from(2u64);
        lengths.push(next);
    }
    lengths.reverse(); // L0 first
    for (i, want) in NC_HEAD.iter().enumerate() {
        let expected = if i % 2 == 1 && i < 16 {
            lengths[i / 2].clone()
        } else {
            constant(*want as u64)
        };
        (&is_eum * (&head[i] - expected)).enforce_equal(&constant(0))?;
    }
    (&is_eum * (nc_value_len - &lengths[0] - Fr::from(2u64))).enforce_equal(&constant(0))?;
    let tail_at = nc_value_at + Fr::from(NC_HEAD.len() as u64 + 1) + &org;
    let tail = read_at(cs, bytes, &tail_at, NC_TAIL.len() + 8)?;
    for (t, want) in tail.iter().zip(NC_TAIL) {
        enforce_const_if(&is_eum, t, want as u64)?;
    }
    let digits = tail[NC_TAIL.len()..]
        .iter()
        .map(|c| {
            let d = &is_eum * (c - Fr::from(b'0' as u64));
            range_check_below(cs, &d, 10, 4)?;
            Ok(d)
        })
        .collect::<Result<Vec<_>, SynthesisError>>()?;
    let mut coeff = Fr::from(1u64);
    let mut terms = Vec::with_capacity(8);
    for d in digits.iter().rev() {
        terms.push((coeff, d));
        coeff *= Fr::from(10u64);
    }
    Ok(crate::gadgets::linear(terms))
}

#[cfg(test)]
pub(crate) mod tests;
