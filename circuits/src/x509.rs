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
//! 30 82 LL LL                         TBSCertificate, length = len - 4
//!   A0 03 02 01 02                    version v3
//!   02 Ls <Ls bytes>                  serialNumber (short-form length)
//!   30 0A 06 08 2A8648CE3D040302      signature = ecdsa-with-SHA256
//!   30 <len> ...                      issuer (short, 81 or 82 length)
//!   30 LV (17|18) ... (17|18) ...     validity: UTCTime or GeneralizedTime, each
//!   30 <len> ...                      subject
//!   30 59 30 13 ... 03 42 00 04 X Y   subjectPublicKeyInfo: id-ecPublicKey, prime256v1
//!   A3 <len> 30 <len>                 [3] extensions, SEQUENCE OF Extension, ending at len
//!     30 <len> 06 03 55 1D xx [01 01 FF] 04 <len> <value>     one slot per extension
//! ```
//!
//! # Soundness argument
//! 1. *Positions are computed, never chosen.* Every offset is a linear function of length bytes
//!    read at earlier offsets, starting from the constant 0. The prover supplies no offset.
//! 2. *The only advice is pinned.* The prover's free choices are bits: the length form of each
//!    header (short / `81` / `82`), UTCTime vs GeneralizedTime, which extension slots are in use,
//!    and the results of zero tests. Each is pinned by the byte it describes: a short-form length
//!    byte is proven `< 0x80` and a long form must be exactly `0x81`/`0x82`; the time form is
//!    the tag byte minus `0x17`; zero tests are the standard two-constraint gadget.
//! 3. *The walk covers the TBS exactly.* The outer length must equal `len - 4`, the extensions'
//!    `[3]` and `SEQUENCE` lengths must end at `len`, and the extension walk (active slots form a
//!    prefix; each advances by its own header plus length, at least two bytes) must land exactly on
//!    `len`. So no slot can be skipped, invented, or placed past the end, and the fixed-position
//!    templates (version, algorithm, SPKI) sit where DER puts them.
//! 4. *Extensions are identified by their extnID at the walk's position*, and exactly one slot
//!    must carry certificatePolicies and exactly one authorityKeyIdentifier (RFC 5280 forbids
//!    repeats), so look-alike bytes inside a name, a key or another extension's value are never
//!    candidates: the parse is a function of the signed bytes alone.
//! 5. The values are then read through fixed templates: the policy extension must be exactly one
//!    PolicyInformation with the GSMA OID and no qualifiers (SGP.22's profile); the AKI exactly a
//!    20-byte keyIdentifier. Anything else is refused rather than interpreted.
//!
//! Digits of times are proven to be digits; the month is proven to be 1..12. Day, hour, minute and
//! second are read as their digits say: a CA that signs "day 31" of February gets the date that
//! arithmetic gives, the same in the circuit and in [`TbsLayout::parse`] (x509-cert refuses such
//! a certificate before any proof is attempted).

use crate::{
    gadgets::{
        constant, enforce_const_if, is_equal_const, is_zero, low_u64, mux, pack_be, range_check,
        range_check_below, read_at, to_bits,
    },
    CircuitError, Fr,
};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// Most RDNs in a subject name the serialNumber walk takes (an eUICC's has 4).
pub const MAX_RDNS: usize = 6;
/// A single-valued RDN holding a 32-character PrintableString serialNumber (an EID), up to the
/// value: `31 29 30 27 06 03 55 04 05 13 20`.
const EID_RDN_HEAD: [u8; 11] = [
    0x31, 0x29, 0x30, 0x27, 0x06, 0x03, 0x55, 0x04, 0x05, 0x13, 0x20,
];
/// Most extensions a certificate may carry (SGP.26 certificates have 4 to 7).
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
/// `[0] { INTEGER 2 }` (version v3) right after the outer header.
const VERSION_V3: [u8; 5] = [0xa0, 0x03, 0x02, 0x01, 0x02];
/// `06 03 55 1D 23`: extnID authorityKeyIdentifier.
const OID_AKI: u64 = 0x06_03_55_1d_23;
/// `06 03 55 1D 20`: extnID certificatePolicies.
const OID_POLICIES: u64 = 0x06_03_55_1d_20;
/// `06 03 55 1D 1E`: extnID nameConstraints.
const OID_NAME_CONSTRAINTS: u64 = 0x06_03_55_1d_1e;
/// The role number of an EUM (`id-rspRole-eum-v2`).
pub const ROLE_EUM: u64 = 2;
/// Longest organisation name in an EUM's nameConstraints (keeps every length short-form).
pub const MAX_EUM_ORG_LEN: usize = 87;
/// `06 03 55 1D 0E`: extnID subjectKeyIdentifier.
const OID_SKI: u64 = 0x06_03_55_1d_0e;
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
/// Bytes read per extension slot: tag, up to two length bytes, extnID (5), critical (3).
const SLOT_WINDOW: usize = 11;

/// How a DER length is encoded: short (`< 0x80`), `81 LL` or `82 HH LL`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LengthForm {
    pub long81: bool,
    pub long82: bool,
}

/// One extension slot of the walk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExtensionSlot {
    pub active: bool,
    pub long81: bool,
}

/// The prover's advice for [`parse_tbs`]: the bits the constraints then pin (see the module
/// documentation). [`TbsLayout::parse`] computes it from the bytes, and refuses certificates
/// outside the profile with a reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TbsLayout {
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
/// tag, length)`.
fn native_length(
    tbs: &[u8],
    pos: usize,
    what: &str,
) -> Result<(LengthForm, usize, usize), CircuitError> {
    let b = |i: usize| {
        tbs.get(pos + i)
            .copied()
            .ok_or_else(|| unsupported(format!("{what}: truncated")))
    };
    match b(0)? {
        l if l < 0x80 => Ok((LengthForm::default(), 1, l as usize)),
        0x81 => Ok((
            LengthForm {
                long81: true,
                long82: false,
            },
            2,
            b(1)? as usize,
        )),
        0x82 => Ok((
            LengthForm {
                long81: false,
                long82: true,
            },
            3,
            (b(1)? as usize) << 8 | b(2)? as usize,
        )),
        other => Err(unsupported(format!("{what}: length form {other:#04x}"))),
    }
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

/// Days from 1970-01-01 to `y-m-d` by the same arithmetic as the circuit.
fn days_from_civil(y: u64, m: u64, d: u64) -> Option<u64> {
    const CUM: [u64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let leaps = (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400 - 477;
    let leap = (y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400))) as u64;
    let adj = if m > 2 { leap } else { 0 };
    Some(365 * (y - 1970) + leaps + CUM[(m - 1) as usize] + adj + d - 1)
}

/// A UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) as unix seconds.
fn native_time(chars: &[u8], generalized: bool) -> Result<u64, CircuitError> {
    let n = if generalized { 15 } else { 13 };
    let bad = || unsupported("validity time is not YYMMDDHHMMSSZ / YYYYMMDDHHMMSSZ from 1970 on");
    if chars.len() != n || chars[n - 1] != b'Z' || !chars[..n - 1].iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    let d: Vec<u64> = chars[..n - 1].iter().map(|c| (c - b'0') as u64).collect();
    let (year, rest) = if generalized {
        (1000 * d[0] + 100 * d[1] + 10 * d[2] + d[3], &d[4..])
    } else {
        let yy = 10 * d[0] + d[1];
        (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &d[2..])
    };
    let two = |i: usize| 10 * rest[i] + rest[i + 1];
    let days = days_from_civil(year, two(0), two(2)).ok_or_else(bad)?;
    Ok(days * 86_400 + two(4) * 3_600 + two(6) * 60 + two(8))
}

impl TbsLayout {
    /// Walks `tbs` as the circuit will and returns the advice and the fields, or the reason the
    /// certificate is outside what the circuit proves.
    pub fn parse(tbs: &[u8], max_len: usize) -> Result<(TbsLayout, TbsFields), CircuitError> {
        let len = tbs.len();
        if !(256..=max_len).contains(&len) {
            return Err(unsupported(format!(
                "TBSCertificate of {len} bytes: the circuit takes 256 to {max_len}"
            )));
        }
        expect(tbs, 0, &[0x30, 0x82], "TBSCertificate header")?;
        if ((tbs[2] as usize) << 8 | tbs[3] as usize) + 4 != len {
            return Err(unsupported(
                "TBSCertificate length does not match its bytes",
            ));
        }
        expect(tbs, 4, &VERSION_V3, "version (v3 required)")?;
        expect(tbs, 9, &[0x02], "serialNumber")?;
        if tbs[10] >= 0x80 {
            return Err(unsupported("serialNumber longer than 127 bytes"));
        }
        let sig = 11 + tbs[10] as usize;
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
            expect(tbs, at, &[0x30], "extension")?;
            let (form, h, l) = native_length(tbs, at + 1, "extension")?;
            if form.long82 {
                return Err(unsupported("extension longer than 255 bytes"));
            }
            slots[i] = ExtensionSlot {
                active: true,
                long81: form.long81,
            };
            let body = at + 1 + h;
            let oid = tbs
                .get(body..body + 5)
                .ok_or_else(|| unsupported("extension truncated"))?;
            let critical = tbs.get(body + 5) == Some(&0x01);
            let value = body + 5 + if critical { 3 } else { 0 };
            if critical {
                expect(
                    tbs,
                    body + 5,
                    &[0x01, 0x01, 0xff],
                    "extension critical flag",
                )?;
            }
            let oid = oid.iter().fold(0u64, |acc, b| acc << 8 | *b as u64);
            if oid == OID_POLICIES {
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
            } else if oid == OID_AKI {
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
            } else if oid == OID_NAME_CONSTRAINTS {
                if iin.is_some() {
                    return Err(unsupported("two nameConstraints extensions"));
                }
                iin = Some(native_permitted_iin(tbs, value, l - (value - at - 1 - h))?);
            } else if oid == OID_SKI && tbs.get(value..value + 4) == Some(&SKI_VALUE_PREFIX[..]) {
                ski = <[u8; 20]>::try_from(tbs.get(value + 4..value + 24).unwrap_or_default()).ok();
            }
            at += 1 + h + l;
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

/// A length form as pinned bits: `(header bytes after the tag, length)`.
///
/// `t = b0 - 0x80·long` is proven to be 7 bits: a short form is `< 0x80`, a long form has its
/// top bit set; and a long form must be exactly `0x81` (`t = 1`) or `0x82` (`t = 2`). With
/// `enabled = 0` (an unused extension slot) the form constraint is lifted.
fn length_gadget(
    cs: &ConstraintSystemRef<Fr>,
    b: &[FpVar<Fr>],
    form: Option<LengthForm>,
    allow82: bool,
    enabled: &FpVar<Fr>,
) -> Result<(FpVar<Fr>, FpVar<Fr>), SynthesisError> {
    let f1 = crate::gadgets::bit(cs, || {
        form.map(|f| f.long81)
            .ok_or(SynthesisError::AssignmentMissing)
    })?;
    let f2 = if allow82 {
        let f2 = crate::gadgets::bit(cs, || {
            form.map(|f| f.long82)
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        (&f1 * &f2).enforce_equal(&constant(0))?;
        f2
    } else {
        constant(0)
    };
    let long = &f1 + &f2;
    let t = &b[0] - &long * Fr::from(0x80u64);
    range_check(cs, &t, 7)?;
    let gated_long = if enabled.is_constant() {
        long.clone()
    } else {
        enabled * &long
    };
    (gated_long * (&t - &f1 - &f2 * Fr::from(2u64))).enforce_equal(&constant(0))?;
    let short_len = &b[0] - &b[0] * &long;
    let len = short_len + &f1 * &b[1] + &f2 * (&b[1] * Fr::from(256u64) + &b[2]);
    let header = constant(1) + &f1 + &f2 * Fr::from(2u64);
    Ok((header, len))
}

fn enforce_bytes(window: &[FpVar<Fr>], want: &[u8]) -> Result<(), SynthesisError> {
    for (w, c) in window.iter().zip(want) {
        w.enforce_equal(&constant(*c as u64))?;
    }
    Ok(())
}

/// A proven decimal digit: `c - '0'` in 0..=9.
fn digit(cs: &ConstraintSystemRef<Fr>, c: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let d = c - Fr::from(b'0' as u64);
    range_check_below(cs, &d, 10, 4)?;
    Ok(d)
}

/// Unix seconds of a UTCTime/GeneralizedTime whose 15-byte window starts at its first character.
fn time_gadget(
    cs: &ConstraintSystemRef<Fr>,
    chars: &[FpVar<Fr>],
    generalized: &FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    let g = generalized;
    let d: Vec<FpVar<Fr>> = chars[..4]
        .iter()
        .map(|c| digit(cs, c))
        .collect::<Result<_, _>>()?;
    // MMDDHHMMSS: after two year digits (UTCTime) or four (GeneralizedTime).
    let rest: Vec<FpVar<Fr>> = (0..10)
        .map(|j| digit(cs, &mux(g, &chars[4 + j], &chars[2 + j])))
        .collect::<Result<_, _>>()?;
    mux(g, &chars[14], &chars[12]).enforce_equal(&constant(b'Z' as u64))?;
    let ten = Fr::from(10u64);
    let yy = &d[0] * ten + &d[1];
    // RFC 5280: UTCTime YY >= 50 is 19YY, else 20YY. yy + 78 >= 128 exactly when yy >= 50.
    let ge50 = to_bits(cs, &(&yy + Fr::from(78u64)), 8)?[7].clone();
    let year_utc = &yy + Fr::from(2000u64) - &ge50 * Fr::from(100u64);
    let year_gen = &d[0] * Fr::from(1000u64) + &d[1] * Fr::from(100u64) + &d[2] * ten + &d[3];
    let year = mux(g, &year_gen, &year_utc);
    let two = |i: usize| &rest[i] * ten + &rest[i + 1];
    let (month, day, hour, minute, second) = (two(0), two(2), two(4), two(6), two(8));

    // Month as a one-hot vector: proves 1..=12 and selects the days before it.
    const CUM: [u64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let onehot: Vec<FpVar<Fr>> = (1..=12u64)
        .map(|m| crate::gadgets::bit(cs, || Ok(low_u64(&month.value()?) == m)))
        .collect::<Result<_, _>>()?;
    let (mut sum, mut index, mut cum) = (constant(0), constant(0), constant(0));
    for (k, m) in onehot.iter().enumerate() {
        sum += m;
        index += m * Fr::from(k as u64 + 1);
        cum += m * Fr::from(CUM[k]);
    }
    sum.enforce_equal(&constant(1))?;
    index.enforce_equal(&month)?;

    // Leap years before `year` since 1970: floor division of year - 1 by 4, 100 and 400 with
    // proven remainders and bounded quotients.
    let y1 = &year - Fr::from(1u64);
    let divide = |divisor: u64,
                  rem_bits: usize,
                  quot_bits: usize|
     -> Result<(FpVar<Fr>, FpVar<Fr>), SynthesisError> {
        let q = FpVar::new_witness(cs.clone(), || Ok(Fr::from(low_u64(&y1.value()?) / divisor)))?;
        let r = FpVar::new_witness(cs.clone(), || Ok(Fr::from(low_u64(&y1.value()?) % divisor)))?;
        range_check_below(cs, &r, divisor, rem_bits)?;
        range_check(cs, &q, quot_bits)?;
        (&q * Fr::from(divisor) + &r).enforce_equal(&y1)?;
        Ok((q, r))
    };
    let (q4, r4) = divide(4, 2, 12)?;
    let (q100, r100) = divide(100, 7, 7)?;
    let (q400, r400) = divide(400, 9, 5)?;
    // year % 4 == 0 <=> (year-1) % 4 == 3, and so on.
    let div4 = is_equal_const(cs, &r4, 3)?;
    let div100 = is_equal_const(cs, &r100, 99)?;
    let div400 = is_equal_const(cs, &r400, 399)?;
    let leap = &div4 - &div100 + &div100 * &div400;
    let after_feb = constant(1) - &onehot[0] - &onehot[1];
    let days = (&year - Fr::from(1970u64)) * Fr::from(365u64) + q4 - q100 + q400 - Fr::from(477u64)
        + cum
        + leap * after_feb
        + day
        - Fr::from(1u64);
    Ok(days * Fr::from(86_400u64) + hour * Fr::from(3_600u64) + minute * Fr::from(60u64) + second)
}

/// Proves which fields of the TBS in `bytes` (the SHA-256-padded message; the TBS is its first
/// `len` bytes, each byte variable already proven to be a byte) the statement speaks of. The
/// authority key identifier must equal `anchor_key_id` (the circuit's CI). See the module
/// documentation for the soundness argument.
pub fn parse_tbs(
    cs: &ConstraintSystemRef<Fr>,
    bytes: &[FpVar<Fr>],
    len: &FpVar<Fr>,
    layout: Option<&TbsLayout>,
    issuer: IssuerKeyId,
) -> Result<TbsVars, SynthesisError> {
    let one = constant(1);
    let advice = |f: &dyn Fn(&TbsLayout) -> bool| -> Result<bool, SynthesisError> {
        layout.map(f).ok_or(SynthesisError::AssignmentMissing)
    };

    // Outer header and version at fixed positions.
    enforce_bytes(&bytes[0..2], &[0x30, 0x82])?;
    (&bytes[2] * Fr::from(256u64) + &bytes[3] + Fr::from(4u64)).enforce_equal(len)?;
    enforce_bytes(&bytes[4..10], &[0xa0, 0x03, 0x02, 0x01, 0x02, 0x02])?;
    // Serial number: short-form length.
    range_check(cs, &bytes[10], 7)?;
    let sig_at = &bytes[10] + Fr::from(11u64);

    // Signature algorithm, then the issuer's header.
    let w = read_at(cs, bytes, &sig_at, 16)?;
    enforce_bytes(&w[..12], &SIG_ALG)?;
    w[12].enforce_equal(&constant(0x30))?;
    let (h, l) = length_gadget(cs, &w[13..16], layout.map(|l| l.issuer), true, &one)?;
    let validity_at = &sig_at + Fr::from(13u64) + h + l;

    // Validity: 30 LV, then two times, each 17 0D <13> or 18 0F <15>.
    let w = read_at(cs, bytes, &validity_at, 4 + 15 + 2 + 15)?;
    w[0].enforce_equal(&constant(0x30))?;
    let g1 = crate::gadgets::bit(cs, || advice(&|l| l.not_before_generalized))?;
    let g2 = crate::gadgets::bit(cs, || advice(&|l| l.not_after_generalized))?;
    w[2].enforce_equal(&(&g1 + Fr::from(0x17u64)))?;
    w[3].enforce_equal(&(&g1 * Fr::from(2u64) + Fr::from(13u64)))?;
    let not_before = time_gadget(cs, &w[4..19], &g1)?;
    // The second time starts 2 bytes later when the first is a GeneralizedTime.
    let second: Vec<FpVar<Fr>> = (0..17).map(|j| mux(&g1, &w[19 + j], &w[17 + j])).collect();
    second[0].enforce_equal(&(&g2 + Fr::from(0x17u64)))?;
    second[1].enforce_equal(&(&g2 * Fr::from(2u64) + Fr::from(13u64)))?;
    let not_after = time_gadget(cs, &second[2..17], &g2)?;
    let validity_len = (&g1 + &g2) * Fr::from(2u64) + Fr::from(30u64);
    w[1].enforce_equal(&validity_len)?;
    let subject_at = &validity_at + Fr::from(2u64) + validity_len;

    // Subject header.
    let w = read_at(cs, bytes, &subject_at, 4)?;
    w[0].enforce_equal(&constant(0x30))?;
    let (h, l) = length_gadget(cs, &w[1..4], layout.map(|l| l.subject), true, &one)?;
    let subject_content_at = &subject_at + Fr::from(1u64) + &h;
    let subject_content_len = l.clone();
    let spki_at = &subject_at + Fr::from(1u64) + h + l;

    // SubjectPublicKeyInfo (fixed P-256 form) and the extensions' [3] header right after it.
    let w = read_at(cs, bytes, &spki_at, P256_SPKI_LEN + 4)?;
    enforce_bytes(&w[..27], &P256_SPKI_PREFIX)?;
    let key_x = w[27..59].to_vec();
    let key_y = w[59..91].to_vec();
    w[91].enforce_equal(&constant(0xa3))?;
    let (h, l) = length_gadget(cs, &w[92..95], layout.map(|l| l.extensions), true, &one)?;
    let ext_at = &spki_at + Fr::from(P256_SPKI_LEN as u64);
    let list_at = &ext_at + Fr::from(1u64) + h;
    (&list_at + &l).enforce_equal(len)?;
    let w = read_at(cs, bytes, &list_at, 4)?;
    w[0].enforce_equal(&constant(0x30))?;
    let (h, l) = length_gadget(cs, &w[1..4], layout.map(|l| l.extension_list), true, &one)?;
    let mut at = &list_at + Fr::from(1u64) + h;
    (&at + &l).enforce_equal(len)?;

    // The extension walk.
    let mut previous_active = one.clone();
    let (mut aki_count, mut aki_value_at) = (constant(0), constant(0));
    let (mut pol_count, mut pol_value_at) = (constant(0), constant(0));
    let (mut nc_count, mut nc_value_at, mut nc_value_len) = (constant(0), constant(0), constant(0));
    for slot in 0..MAX_EXTENSIONS {
        let active = crate::gadgets::bit(cs, || advice(&|l| l.slots[slot].active))?;
        // Active slots form a prefix.
        (&active * (constant(1) - &previous_active)).enforce_equal(&constant(0))?;
        let w = read_at(cs, bytes, &at, SLOT_WINDOW)?;
        enforce_const_if(&active, &w[0], 0x30)?;
        let form = layout.map(|l| LengthForm {
            long81: l.slots[slot].long81,
            long82: false,
        });
        let (h, l) = length_gadget(cs, &w[1..4], form, false, &active)?;
        let long = &h - Fr::from(1u64);
        // The extension body (extnID first) starts after the 2- or 3-byte header.
        let body: Vec<FpVar<Fr>> = (0..8).map(|j| mux(&long, &w[3 + j], &w[2 + j])).collect();
        let oid = pack_be(&body[..5]);
        let is_aki = &active * is_zero(cs, &(&oid - Fr::from(OID_AKI)))?;
        let is_pol = &active * is_zero(cs, &(&oid - Fr::from(OID_POLICIES)))?;
        let is_nc = &active * is_zero(cs, &(&oid - Fr::from(OID_NAME_CONSTRAINTS)))?;
        let critical = &active * is_equal_const(cs, &body[5], 1)?;
        enforce_const_if(&critical, &body[6], 1)?;
        enforce_const_if(&critical, &body[7], 0xff)?;
        let value_at = &at + Fr::from(7u64) + &long + &critical * Fr::from(3u64);
        aki_count += &is_aki;
        aki_value_at += &is_aki * &value_at;
        pol_count += &is_pol;
        pol_value_at += &is_pol * &value_at;
        nc_count += &is_nc;
        // The extension content is the extnID (5), the critical flag (0 or 3) and the value.
        nc_value_len += &is_nc * (&l - Fr::from(5u64) - &critical * Fr::from(3u64));
        nc_value_at += &is_nc * &value_at;
        at = &at + &active * (constant(1) + h + l);
        previous_active = active;
    }
    at.enforce_equal(len)?;
    aki_count.enforce_equal(&one)?;
    pol_count.enforce_equal(&one)?;

    let w = read_at(cs, bytes, &aki_value_at, 26)?;
    enforce_bytes(&w[..6], &AKI_VALUE_PREFIX)?;
    let authority_key_id = w[6..].to_vec();
    if let IssuerKeyId::Fixed(id) = issuer {
        enforce_bytes(&authority_key_id, id)?;
    }
    let w = read_at(cs, bytes, &pol_value_at, 15)?;
    enforce_bytes(&w[..14], &POLICIES_VALUE_PREFIX)?;
    let role = w[14].clone();
    range_check(cs, &role, 3)?;
    let permitted_iin =
        eum_permitted_iin(cs, bytes, &role, &nc_count, &nc_value_at, &nc_value_len)?;

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
    let mut at = vars.subject_content_at.clone();
    let mut previous_active = constant(1);
    let (mut count, mut serial_at) = (constant(0), constant(0));
    for slot in 0..MAX_RDNS {
        let active = crate::gadgets::bit(cs, || {
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
