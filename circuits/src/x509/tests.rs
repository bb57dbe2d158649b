//! The TBS walk against real SGP.26 certificates, against certificates of every shape the walk
//! takes (built here byte by byte), and against forged witnesses.
//!
//! A forged witness must *synthesise* and then fail a named constraint ([`crate::testing`]): an
//! error of synthesis fails the test, it never counts as a refusal.

use super::*;
use crate::cert_p256::{MAX_BLOCKS, MAX_TBS_LEN};
use crate::gadgets::low_u64;
use crate::testing::{assert_fails_at, check_with, Unsatisfied};
use std::cell::RefCell;

const CI_KEY_ID: [u8; 20] = [
    0xf5, 0x41, 0x72, 0xbd, 0xf9, 0x8a, 0x95, 0xd6, 0x5c, 0xbe, 0xb8, 0x8a, 0x38, 0xa1, 0xc1, 0x1d,
    0x80, 0x0a, 0x85, 0xc3,
];

pub(crate) fn vector(path: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/vectors/sgp26")
            .join(path),
    )
    .unwrap()
}

/// The TBS of a DER certificate (both SEQUENCEs with `82` lengths, as every SGP.26 certificate).
pub(crate) fn tbs_of(der: &[u8]) -> Vec<u8> {
    assert_eq!((der[0], der[1], der[4], der[5]), (0x30, 0x82, 0x30, 0x82));
    der[4..8 + ((der[6] as usize) << 8 | der[7] as usize)].to_vec()
}

/// What the circuit read: role, notBefore, notAfter, key (x then y).
type Read = (u64, u64, u64, Vec<u8>);

/// The padded message as byte variables, each proven a byte, and the length.
fn message(cs: &ConstraintSystemRef<Fr>, tbs: &[u8]) -> (Vec<FpVar<Fr>>, FpVar<Fr>) {
    let mut padded = crate::sha256::pad(tbs);
    padded.resize(MAX_BLOCKS * 64, 0);
    let bytes = padded
        .iter()
        .map(|b| {
            let v = FpVar::new_witness(cs.clone(), || Ok(Fr::from(*b as u64))).unwrap();
            range_check(cs, &v, 8).unwrap();
            v
        })
        .collect();
    let len = FpVar::new_witness(cs.clone(), || Ok(Fr::from(tbs.len() as u64))).unwrap();
    (bytes, len)
}

fn value(x: &FpVar<Fr>) -> u64 {
    low_u64(&x.value().unwrap())
}

/// Runs the gadget on `tbs` with `layout` as advice (the AKI must be [`CI_KEY_ID`]): what it
/// read when every constraint holds, else the first failing constraint. Panics if synthesis errs.
fn prove_parse(tbs: &[u8], layout: &TbsLayout) -> Result<Read, Unsatisfied> {
    let read = RefCell::new(None);
    check_with(|cs| {
        let (bytes, len) = message(&cs, tbs);
        let vars = parse_tbs(
            &cs,
            &bytes,
            &len,
            Some(layout),
            IssuerKeyId::Fixed(&CI_KEY_ID),
        )?;
        let key = vars.key_x.iter().chain(&vars.key_y);
        *read.borrow_mut() = Some((
            value(&vars.role),
            value(&vars.not_before),
            value(&vars.not_after),
            key.map(|b| value(b) as u8).collect(),
        ));
        Ok(())
    })?;
    Ok(read.into_inner().expect("synthesised"))
}

fn parse_ok(tbs: &[u8]) -> (TbsLayout, TbsFields) {
    TbsLayout::parse(tbs, MAX_TBS_LEN).unwrap()
}

/// The native reason `tbs` is refused.
fn refusal(tbs: &[u8]) -> String {
    TbsLayout::parse(tbs, MAX_TBS_LEN).unwrap_err().to_string()
}

/// Asserts that the circuit reads what the native walk read.
#[track_caller]
fn agree(tbs: &[u8]) -> (TbsLayout, TbsFields) {
    let (layout, fields) = parse_ok(tbs);
    let (role, not_before, not_after, key) = prove_parse(tbs, &layout).unwrap();
    assert_eq!(
        (role, not_before, not_after),
        (fields.role as u64, fields.not_before, fields.not_after)
    );
    assert_eq!(
        (&key[..32], &key[32..]),
        (&fields.key_x[..], &fields.key_y[..])
    );
    (layout, fields)
}

/// DER, built byte by byte, to reach every shape the walk takes and some it must refuse.
mod der {
    /// A length in the form `form` (`0`: short, `0x81`, `0x82`; `None`: DER's minimal form).
    pub fn length(n: usize, form: Option<u8>) -> Vec<u8> {
        let minimal = match n {
            0..=0x7f => 0,
            0x80..=0xff => 0x81,
            _ => 0x82,
        };
        match form.unwrap_or(minimal) {
            0 => vec![n as u8],
            0x81 => vec![0x81, n as u8],
            _ => vec![0x82, (n >> 8) as u8, n as u8],
        }
    }

    pub fn tlv_in(tag: u8, content: &[u8], form: Option<u8>) -> Vec<u8> {
        let mut out = vec![tag];
        out.extend(length(content.len(), form));
        out.extend_from_slice(content);
        out
    }

    pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        tlv_in(tag, content, None)
    }

    /// A name with one RDN, CN = `cn_len` characters.
    pub fn name(cn_len: usize, form: Option<u8>) -> Vec<u8> {
        let mut atv = vec![0x06, 0x03, 0x55, 0x04, 0x03];
        atv.extend(tlv(0x0c, &vec![b'a'; cn_len]));
        tlv_in(0x30, &tlv(0x31, &tlv(0x30, &atv)), form)
    }

    /// An extension: `extn_id` is the whole OID TLV, `value` the extnValue's content.
    pub fn extension(extn_id: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
        let mut content = extn_id.to_vec();
        if critical {
            content.extend([0x01, 0x01, 0xff]);
        }
        content.extend(tlv(0x04, value));
        tlv(0x30, &content)
    }

    pub const AKI: [u8; 5] = [0x06, 0x03, 0x55, 0x1d, 0x23];
    pub const POLICIES: [u8; 5] = [0x06, 0x03, 0x55, 0x1d, 0x20];
    /// id-rsp-expDate, 2.23.146.1.2.0.1 (SGP.22's ExpirationDate extension).
    pub const EXP_DATE: [u8; 9] = [0x06, 0x07, 0x67, 0x81, 0x12, 0x01, 0x02, 0x00, 0x01];
    /// A 9-byte OID, 1.3.6.1.4.1.311.21.7 (Microsoft's certificate template).
    pub const LONG_OID: [u8; 11] = [
        0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x07,
    ];

    /// The AKI value naming `key_id`.
    pub fn aki_value(key_id: &[u8; 20]) -> Vec<u8> {
        tlv(0x30, &tlv(0x80, key_id))
    }

    /// The GSMA certificatePolicies value for `role`.
    pub fn policies_value(role: u8) -> Vec<u8> {
        let oid = [0x06, 0x07, 0x67, 0x81, 0x12, 0x01, 0x02, 0x01, role];
        tlv(0x30, &tlv(0x30, &oid))
    }

    /// id-rsp-expDate's value: a GeneralizedTime.
    pub fn exp_date_value() -> Vec<u8> {
        tlv(0x18, b"20300101000000Z")
    }
}

/// The parts of a TBS the tests vary; [`Shape::tbs`] encodes it.
#[derive(Clone)]
struct Shape {
    outer_form: Option<u8>,
    issuer_cn: usize,
    issuer_form: Option<u8>,
    subject_cn: usize,
    not_before: Vec<u8>,
    not_after: Vec<u8>,
    extensions: Vec<Vec<u8>>,
}

impl Shape {
    /// A DP-auth-like TBS: CN names, UTCTime validity, AKI (the CI) and the critical policy.
    fn new(issuer_cn: usize, subject_cn: usize) -> Shape {
        Shape {
            outer_form: None,
            issuer_cn,
            issuer_form: None,
            subject_cn,
            not_before: der::tlv(0x17, b"200401000000Z"),
            not_after: der::tlv(0x17, b"300401000000Z"),
            extensions: vec![
                der::extension(&der::AKI, false, &der::aki_value(&CI_KEY_ID)),
                der::extension(&der::POLICIES, true, &der::policies_value(4)),
            ],
        }
    }

    fn with_extension(mut self, extension: Vec<u8>) -> Shape {
        self.extensions.push(extension);
        self
    }

    fn tbs(&self) -> Vec<u8> {
        let mut c = vec![0xa0, 0x03, 0x02, 0x01, 0x02];
        c.extend(der::tlv(0x02, &[0x2a]));
        c.extend(SIG_ALG);
        c.extend(der::name(self.issuer_cn, self.issuer_form));
        let mut validity = self.not_before.clone();
        validity.extend(&self.not_after);
        c.extend(der::tlv(0x30, &validity));
        c.extend(der::name(self.subject_cn, None));
        let dp = parse_ok(&tbs_of(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"))).1;
        c.extend(P256_SPKI_PREFIX);
        c.extend(dp.key_x);
        c.extend(dp.key_y);
        c.extend(der::tlv(0xa3, &der::tlv(0x30, &self.extensions.concat())));
        der::tlv_in(0x30, &c, self.outer_form)
    }
}

/// Replaces the first occurrence of `find` in `tbs` with `with` (same length).
fn splice(tbs: &[u8], find: &[u8], with: &[u8]) -> Vec<u8> {
    assert_eq!(find.len(), with.len());
    let at = tbs.windows(find.len()).position(|w| w == find).unwrap();
    let mut out = tbs.to_vec();
    out[at..at + with.len()].copy_from_slice(with);
    out
}

#[test]
fn real_sgp26_certificates_parse_the_same_natively_and_in_the_circuit() {
    for (path, role, not_before, not_after) in [
        (
            "DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der",
            4,
            1585729890,
            1901089890,
        ),
        (
            "DPauth/CERT_S_SM_DP2auth_ECDSA_NIST.der",
            4,
            1585729890,
            1901089890,
        ),
        (
            "DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der",
            5,
            1585730085,
            1901090085,
        ),
        ("DPtls/CERT_S_SM_DP_TLS_NIST.der", 3, 1751289278, 1785676478),
    ] {
        let tbs = tbs_of(&vector(path));
        let (_, fields) = agree(&tbs);
        assert_eq!(
            (fields.role, fields.not_before, fields.not_after),
            (role, not_before, not_after),
            "{path}"
        );
        assert_eq!(fields.authority_key_id, Some(CI_KEY_ID), "{path}");
    }
}

#[test]
fn certificates_outside_the_profile_are_refused_with_a_reason() {
    let brp = tbs_of(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der"));
    assert!(refusal(&brp).contains("subjectPublicKeyInfo"));
    // The CI certificate reads (role ci, its own key identifier) but names no issuer key.
    let ci = tbs_of(&vector("CertificateIssuer/CERT_CI_ECDSA_NIST.der"));
    let (ci_layout, ci_fields) = parse_ok(&ci);
    assert_eq!(
        (
            ci_fields.role,
            ci_fields.subject_key_id,
            ci_fields.authority_key_id
        ),
        (0, Some(CI_KEY_ID), None)
    );
    assert_fails_at(prove_parse(&ci, &ci_layout).map(drop), "x509/aki");
    let dp = tbs_of(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    let err = refusal(&dp[..300]);
    assert!(err.contains("length"), "{err}");
    // The BRP certificate cannot be pushed through the gadget with the NIST certificate's advice.
    let (layout, _) = parse_ok(&dp);
    assert_fails_at(prove_parse(&brp, &layout).map(drop), "x509/spki");
}

#[test]
fn generalized_time_and_calendar_arithmetic() {
    // notAfter of the DPauth certificate re-encoded as GeneralizedTime: same instant.
    let dp = tbs_of(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    let utc = b"\x17\x0d300330083130Z";
    let at = dp.windows(utc.len()).position(|w| w == utc).unwrap();
    let mut tbs = dp[..at].to_vec();
    tbs.extend_from_slice(b"\x18\x0f20300330083130Z");
    tbs.extend_from_slice(&dp[at + utc.len()..]);
    tbs[at - 16] += 2; // validity SEQUENCE length
    let outer = ((tbs[2] as usize) << 8 | tbs[3] as usize) + 2;
    (tbs[2], tbs[3]) = ((outer >> 8) as u8, outer as u8);
    let (layout, fields) = agree(&tbs);
    assert!(layout.not_after_generalized && !layout.not_before_generalized);
    assert_eq!(fields.not_after, 1901089890);
    // The advice cannot claim the other time form.
    let mut forged = layout.clone();
    forged.not_after_generalized = false;
    assert_fails_at(prove_parse(&tbs, &forged).map(drop), "x509/validity");

    for (chars, generalized, unix) in [
        (&b"20550401082751Z"[..], true, 2690180871u64),
        (b"20000229235959Z", true, 951868799),
        (b"21000301000000Z", true, 4107542400),
        (b"991231235959Z", false, 946684799),
        (b"240229120000Z", false, 1709208000),
        (b"700101000000Z", false, 0),
    ] {
        assert_eq!(native_time(chars, generalized).unwrap(), unix);
    }
    for (chars, generalized, why) in [
        (&b"0013010000000Z"[..], false, "not YYMMDDHHMMSSZ"),
        (b"2A0101000000Z", false, "not YYMMDDHHMMSSZ"),
        (b"251301000000Z", false, "month 13"),
        (b"250001000000Z", false, "month 0"),
        (b"250230000000Z", false, "day 30 is not a day of 2025-02"),
        (b"250229000000Z", false, "day 29 is not a day of 2025-02"),
        (b"21000229000000Z", true, "day 29 is not a day of 2100-02"),
        (b"250431000000Z", false, "day 31 is not a day of 2025-04"),
        (b"250100000000Z", false, "day 0"),
        (b"250101240000Z", false, "hour 24"),
        (b"250101006000Z", false, "minute 60"),
        (b"250101000060Z", false, "second 60"),
        (b"691231235959Z", false, "year 1969"),
        (b"19691231235959Z", true, "year 1969"),
    ] {
        let err = native_time(chars, generalized).unwrap_err().to_string();
        assert!(err.contains(why), "{chars:?}: {err}");
    }
    // 29 February of a leap year, 2000 (divisible by 400) included, proves in the circuit too.
    for date in [b"240229120000Z", b"000229235959Z"] {
        let tbs = splice(&dp, b"200401083130Z", date);
        agree(&tbs);
    }
}

#[test]
fn dates_outside_the_calendar_are_unsatisfiable() {
    // The DPauth certificate's notBefore is 200401083130Z; its advice still fits a forged date
    // of the same length, which the native walk refuses and no constraint may let through.
    let dp = tbs_of(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    let (layout, _) = parse_ok(&dp);
    for (date, rule, why) in [
        (
            b"200230083130Z",
            "not_before/day",
            "day 30 is not a day of 2020-02",
        ),
        (
            b"210229083130Z",
            "not_before/day",
            "day 29 is not a day of 2021-02",
        ),
        (
            b"200431083130Z",
            "not_before/day",
            "day 31 is not a day of 2020-04",
        ),
        (b"200400083130Z", "not_before/day", "day 0"),
        (b"200401243130Z", "not_before/hour", "hour 24"),
        (b"200401086030Z", "not_before/minute", "minute 60"),
        (b"200401083160Z", "not_before/second", "second 60"),
        (b"201301083130Z", "not_before/month", "month 13"),
        (b"690401083130Z", "not_before/year", "year 1969"),
    ] {
        let tbs = splice(&dp, b"200401083130Z", date);
        let err = refusal(&tbs);
        assert!(err.contains(why), "{err}");
        assert_fails_at(
            prove_parse(&tbs, &layout).map(drop),
            &format!("x509/validity/{rule}"),
        );
    }
}

#[test]
fn forged_advice_is_rejected() {
    let tbs = tbs_of(&vector("DPtls/CERT_S_SM_DP_TLS_NIST.der"));
    let (layout, _) = agree(&tbs);
    let active = layout.slots.iter().filter(|s| s.active).count();
    assert_eq!(active, 7);

    let forge = |f: &dyn Fn(&mut TbsLayout), at: &str| {
        let mut l = layout.clone();
        f(&mut l);
        assert_fails_at(prove_parse(&tbs, &l).map(drop), at);
    };
    // The walk stops early, invents a slot or skips one.
    forge(
        &|l| l.slots[active - 1].active = false,
        "x509/extensions_end",
    );
    forge(&|l| l.slots[active].active = true, "x509/extension/header");
    forge(&|l| l.slots[2].active = false, "x509/extension/prefix");
    // Wrong length forms.
    forge(
        &|l| l.slots[0].form = LengthForm::LONG81,
        "x509/extension/header/length",
    );
    forge(
        &|l| l.slots[0].value = LengthForm::LONG82,
        "x509/extension/value/length",
    );
    forge(&|l| l.issuer.long81 = true, "x509/issuer/length");
    forge(
        &|l| l.extensions = LengthForm::default(),
        "x509/extensions/length",
    );
    forge(&|l| l.outer = LengthForm::LONG81, "x509/header/length");
    forge(&|l| l.not_before_generalized = true, "x509/validity");
}

#[test]
fn look_alike_bytes_elsewhere_are_never_read() {
    let dp = tbs_of(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    // An OID inside a name: the subject CN holds a dp-tls policy extension's bytes.
    let mut fake_policy = vec![0x06, 0x03, 0x55, 0x1d, 0x20];
    fake_policy.extend_from_slice(&[0x04, 0x0d, 0x30, 0x0b, 0x30, 0x09]);
    let cn = b"TEST SM-DP+";
    let tbs = splice(&dp, cn, &fake_policy);
    let (_, fields) = agree(&tbs);
    assert_eq!(
        fields.role, 4,
        "the circuit reads the policy extension, not the name"
    );

    // A key inside an extension: the CRL distribution point carries a whole P-256 SPKI.
    let real = parse_ok(&dp).1;
    let crl_url = b"http://ci.test.example.com/CRL-A.crl0*\xa0(\xa0&\x86$http://ci.test.example.com/CRL-B.crl";
    let mut fake_spki = P256_SPKI_PREFIX.to_vec();
    fake_spki.extend_from_slice(&[0x11; 64]);
    fake_spki.resize(crl_url.len(), 0x22);
    let tbs = splice(&dp, crl_url, &fake_spki);
    let (_, fields) = agree(&tbs);
    assert_eq!((fields.key_x, fields.key_y), (real.key_x, real.key_y));

    // A second certificatePolicies extension (RFC 5280 forbids repeats) is refused outright:
    // the SubjectAltName extension rewritten into a policy naming another role.
    let san = [
        0x30, 0x0e, 0x06, 0x03, 0x55, 0x1d, 0x11, 0x04, 0x07, 0x30, 0x05, 0x88, 0x03, 0x88, 0x37,
        0x0a,
    ];
    let tbs2 = splice(
        &dp,
        &san,
        &[
            0x30, 0x0e, 0x06, 0x03, 0x55, 0x1d, 0x20, 0x04, 0x07, 0x30, 0x05, 0x88, 0x03, 0x88,
            0x37, 0x0a,
        ],
    );
    // (The rewritten extension comes first and is refused as a policy outside the template.)
    assert!(refusal(&tbs2).contains("certificatePolicies"));
    let (layout, _) = parse_ok(&dp);
    assert_fails_at(prove_parse(&tbs2, &layout).map(drop), "x509/policies");
}

#[test]
fn extensions_with_oids_of_any_length() {
    for (extn_id, critical) in [
        (&der::EXP_DATE[..], false),
        (&der::EXP_DATE[..], true),
        (&der::LONG_OID[..], false),
        (&der::LONG_OID[..], true),
    ] {
        let ext = der::extension(extn_id, critical, &der::exp_date_value());
        let tbs = Shape::new(20, 20).with_extension(ext.clone()).tbs();
        let (layout, fields) = agree(&tbs);
        assert_eq!((fields.role, fields.authority_key_id), (4, Some(CI_KEY_ID)));
        assert_eq!(layout.slots.iter().filter(|s| s.active).count(), 3);
        // Before the known extensions too: the walk lands on them all the same.
        let mut first = Shape::new(20, 20);
        first.extensions.insert(0, ext);
        agree(&first.tbs());
    }

    // A 4-byte OID that starts with the AKI's bytes is not an AKI: the whole TLV must match.
    let mut shape = Shape::new(20, 20);
    shape.extensions[0] = der::extension(
        &[0x06, 0x04, 0x55, 0x1d, 0x23, 0x00],
        false,
        &der::aki_value(&CI_KEY_ID),
    );
    let tbs = shape.tbs();
    let (layout, fields) = parse_ok(&tbs);
    assert_eq!(fields.authority_key_id, None);
    assert_fails_at(prove_parse(&tbs, &layout).map(drop), "x509/aki");
}

#[test]
fn extension_contents_must_add_up() {
    let good = Shape::new(20, 20).with_extension(der::extension(
        &der::EXP_DATE,
        true,
        &der::exp_date_value(),
    ));
    let tbs = good.tbs();
    let (layout, _) = agree(&tbs);

    // A byte trailing inside the AKI, the policy and the long-OID extension, after its value.
    for (slot, what) in [(0, "AKI"), (1, "policy"), (2, "expDate")] {
        let mut shape = good.clone();
        let ext = &mut shape.extensions[slot];
        ext.push(0x00);
        ext[1] += 1;
        let tbs = shape.tbs();
        let err = refusal(&tbs);
        assert!(err.contains("does not match its extnID"), "{what}: {err}");
        assert_fails_at(
            prove_parse(&tbs, &layout).map(drop),
            "x509/extension/content",
        );
    }
    // Trailing bytes inside the AKI's and the policy's extnValue: their templates refuse them.
    let mut aki_value = der::aki_value(&CI_KEY_ID);
    aki_value.push(0x00);
    let mut policy_value = der::policies_value(4);
    policy_value.push(0x00);
    for (slot, extension, rule) in [
        (0, der::extension(&der::AKI, false, &aki_value), "x509/aki"),
        (
            1,
            der::extension(&der::POLICIES, true, &policy_value),
            "x509/policies",
        ),
    ] {
        let mut shape = good.clone();
        shape.extensions[slot] = extension;
        let tbs = shape.tbs();
        assert!(refusal(&tbs).contains("is not in the form the circuit proves"));
        assert_fails_at(prove_parse(&tbs, &layout).map(drop), rule);
    }
    // An explicit FALSE critical flag is not DER (DEFAULT FALSE is omitted).
    let ext = der::extension(&der::EXP_DATE, true, &der::exp_date_value());
    let tbs = splice(&tbs, &ext[..14], &[&ext[..13], &[0x00][..]].concat());
    assert!(refusal(&tbs).contains("critical flag"));
    assert_fails_at(
        prove_parse(&tbs, &layout).map(drop),
        "x509/extension/critical",
    );
    // An extnID with a long-form length.
    let mut shape = good.clone();
    shape.extensions[2] = der::extension(
        &[&[0x06, 0x81, 0x07][..], &der::EXP_DATE[2..]].concat(),
        false,
        &der::exp_date_value(),
    );
    let tbs = shape.tbs();
    assert!(refusal(&tbs).contains("short-form length"));
    let mut l = layout.clone();
    l.slots[2].form = LengthForm::default();
    assert_fails_at(prove_parse(&tbs, &l).map(drop), "x509/extension/extn_id");
}

#[test]
fn tbs_sizes_around_the_30_81_and_30_82_boundary() {
    // Content 255 bytes: 30 81 FF, 258 bytes in all; content 256: 30 82 01 00, 260 bytes.
    let shape = |issuer_cn: usize| Shape::new(issuer_cn, 10);
    let small = shape(14).tbs();
    assert_eq!((small.len(), &small[..3]), (258, &[0x30, 0x81, 0xff][..]));
    let (layout, _) = agree(&small);
    assert_eq!(layout.outer, LengthForm::LONG81);
    let big = shape(15).tbs();
    assert_eq!((big.len(), &big[..4]), (260, &[0x30, 0x82, 0x01, 0x00][..]));
    let (big_layout, _) = agree(&big);
    assert_eq!(big_layout.outer, LengthForm::LONG82);
    // The smallest TBS of this profile (an empty issuer CN): a P-256 key and the two extensions
    // the circuit needs take more than 128 bytes, so every TBS has a 30 81 or 30 82 header.
    let smallest = shape(0).tbs();
    assert_eq!((smallest.len(), smallest[1]), (244, 0x81));
    agree(&smallest);

    // The advice cannot claim the other header form.
    let mut forged = layout.clone();
    forged.outer = LengthForm::LONG82;
    assert_fails_at(prove_parse(&small, &forged).map(drop), "x509/header/length");
    // Non-minimal headers: 30 82 00 FF for 255 bytes, 30 81 7F-style short content in 81 form.
    let mut long = shape(14);
    long.outer_form = Some(0x82);
    let tbs = long.tbs();
    assert_eq!(&tbs[..4], &[0x30, 0x82, 0x00, 0xff]);
    assert!(refusal(&tbs).contains("not DER"));
    assert_fails_at(
        prove_parse(&tbs, &big_layout).map(drop),
        "x509/header/length/minimal",
    );
    // A non-minimal issuer length (81 form for 21 bytes).
    let mut issuer = shape(10);
    issuer.issuer_form = Some(0x81);
    let tbs = issuer.tbs();
    assert!(refusal(&tbs).contains("issuer: length 21 in the 81 form is not DER"));
    let mut l = parse_ok(&shape(10).tbs()).0;
    l.issuer = LengthForm::LONG81;
    assert_fails_at(
        prove_parse(&tbs, &l).map(drop),
        "x509/issuer/length/minimal",
    );
    // And 82 form for a length below 256.
    issuer.issuer_form = Some(0x82);
    let tbs = issuer.tbs();
    assert!(refusal(&tbs).contains("issuer: length 21 in the 82 form is not DER"));
    l.issuer = LengthForm::LONG82;
    assert_fails_at(
        prove_parse(&tbs, &l).map(drop),
        "x509/issuer/length/minimal",
    );
}

#[test]
fn the_largest_tbs_the_circuit_hashes() {
    // An extension of filler (a GSMA OID, non-critical) and the issuer name's length bring the
    // TBS to exactly MAX_TBS_LEN (a length-form boundary can skip a byte, so both vary).
    let filler = |n: usize| der::extension(&der::EXP_DATE, false, &vec![0x5a; n]);
    let build = |issuer_cn: usize, n: usize| Shape::new(issuer_cn, 60).with_extension(filler(n));
    let base = Shape::new(60, 60).tbs().len();
    let (issuer_cn, n) = (MAX_TBS_LEN - base - 20..MAX_TBS_LEN - base)
        .flat_map(|n| (55..65).map(move |cn| (cn, n)))
        .find(|(cn, n)| build(*cn, *n).tbs().len() == MAX_TBS_LEN)
        .expect("a filler size reaches the maximum exactly");
    let tbs = build(issuer_cn, n).tbs();
    let (layout, _) = agree(&tbs);
    assert_eq!(layout.slots[2].form, LengthForm::LONG82);
    let longer = build(issuer_cn + 1, n).tbs();
    assert_eq!(longer.len(), MAX_TBS_LEN + 1);
    assert!(refusal(&longer).contains("longer than the"));
}

/// A test-PKI eUICC certificate (`openrsp testpki`, committed under circuits/testdata).
fn euicc_fixture() -> Vec<u8> {
    let der = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/euicc-1.der"),
    )
    .unwrap();
    tbs_of(&der)
}

/// Runs the walk with any issuer and reads the subject serialNumber: its characters when
/// satisfied, else the first failing constraint.
fn prove_serial(tbs: &[u8], layout: &TbsLayout) -> Result<Vec<u8>, Unsatisfied> {
    let read = RefCell::new(None);
    check_with(|cs| {
        let (bytes, len) = message(&cs, tbs);
        let vars = parse_tbs(&cs, &bytes, &len, Some(layout), IssuerKeyId::Any)?;
        let serial = subject_serial_number(&cs, &bytes, &vars, Some(layout))?;
        *read.borrow_mut() = Some(serial.iter().map(|c| value(c) as u8).collect());
        Ok(())
    })?;
    Ok(read.into_inner().expect("synthesised"))
}

#[test]
fn the_eid_is_read_from_the_subject_serial_number_only() {
    let tbs = euicc_fixture();
    let (layout, fields) = parse_ok(&tbs);
    assert_eq!(fields.role, 1, "id-rspRole-euicc");
    let eid = fields.subject_serial_number.clone().expect("EID");
    assert_eq!(eid, b"89049032000123451234512345678950");
    assert_eq!(prove_serial(&tbs, &layout).unwrap(), eid);
    assert_eq!(
        layout.subject_rdns.unwrap().iter().filter(|a| **a).count(),
        4
    );

    // Forged RDN walks: stopped early, or an invented slot.
    let mut early = layout.clone();
    early.subject_rdns.as_mut().unwrap()[3] = false;
    assert_fails_at(
        prove_serial(&tbs, &early).map(drop),
        "subject_serial_number",
    );
    let mut invented = layout.clone();
    invented.subject_rdns.as_mut().unwrap()[4] = true;
    assert_fails_at(
        prove_serial(&tbs, &invented).map(drop),
        "subject_serial_number",
    );

    // An SM-DP+ certificate has no serialNumber RDN: nothing to read.
    let dp = tbs_of(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    let (dp_layout, dp_fields) = parse_ok(&dp);
    assert!(dp_fields.subject_serial_number.is_none());
    assert_fails_at(
        prove_serial(&dp, &dp_layout).map(drop),
        "subject_serial_number",
    );
}
