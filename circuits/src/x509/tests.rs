//! The TBS walk against real SGP.26 certificates and against forged witnesses.

use super::*;
use crate::cert_p256::MAX_TBS_LEN;
use ark_relations::gr1cs::ConstraintSystem;

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

/// Runs the gadget on `tbs` with `layout` as advice; returns the outputs' values when satisfied.
fn prove_parse(tbs: &[u8], layout: &TbsLayout) -> Option<(u64, u64, u64, Vec<u8>)> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let mut padded = crate::sha256::pad(tbs);
    padded.resize(640, 0);
    let bytes: Vec<FpVar<Fr>> = padded
        .iter()
        .map(|b| {
            let v = FpVar::new_witness(cs.clone(), || Ok(Fr::from(*b as u64))).unwrap();
            range_check(&cs, &v, 8).unwrap();
            v
        })
        .collect();
    let len = FpVar::new_witness(cs.clone(), || Ok(Fr::from(tbs.len() as u64))).unwrap();
    let vars = match parse_tbs(
        &cs,
        &bytes,
        &len,
        Some(layout),
        IssuerKeyId::Fixed(&CI_KEY_ID),
    ) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("synthesis: {e}");
            return None;
        }
    };
    if !cs.is_satisfied().unwrap() {
        eprintln!("unsatisfied: {:?}", cs.which_is_unsatisfied());
        return None;
    }
    let v = |x: &FpVar<Fr>| low_u64(&x.value().unwrap());
    let key: Vec<u8> = vars
        .key_x
        .iter()
        .chain(&vars.key_y)
        .map(|b| v(b) as u8)
        .collect();
    Some((v(&vars.role), v(&vars.not_before), v(&vars.not_after), key))
}

fn parse_ok(tbs: &[u8]) -> (TbsLayout, TbsFields) {
    TbsLayout::parse(tbs, MAX_TBS_LEN).unwrap()
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
        let (layout, fields) = parse_ok(&tbs);
        assert_eq!(
            (fields.role, fields.not_before, fields.not_after),
            (role, not_before, not_after),
            "{path}"
        );
        assert_eq!(fields.authority_key_id, Some(CI_KEY_ID), "{path}");
        let (r, nb, na, key) = prove_parse(&tbs, &layout).expect(path);
        assert_eq!((r, nb, na), (role as u64, not_before, not_after), "{path}");
        assert_eq!(key[..32], fields.key_x, "{path}");
        assert_eq!(key[32..], fields.key_y, "{path}");
    }
}

#[test]
fn certificates_outside_the_profile_are_refused_with_a_reason() {
    let brp = tbs_of(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der"));
    let err = TbsLayout::parse(&brp, MAX_TBS_LEN).unwrap_err().to_string();
    assert!(err.contains("subjectPublicKeyInfo"), "{err}");
    // The CI certificate reads (role ci, its own key identifier) but names no issuer key.
    let ci = tbs_of(&vector("CertificateIssuer/CERT_CI_ECDSA_NIST.der"));
    let (ci_layout, ci_fields) = TbsLayout::parse(&ci, MAX_TBS_LEN).unwrap();
    assert_eq!(
        (
            ci_fields.role,
            ci_fields.subject_key_id,
            ci_fields.authority_key_id
        ),
        (0, Some(CI_KEY_ID), None)
    );
    assert!(
        prove_parse(&ci, &ci_layout).is_none(),
        "no authorityKeyIdentifier to prove"
    );
    let dp = tbs_of(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    let err = TbsLayout::parse(&dp[..300], MAX_TBS_LEN)
        .unwrap_err()
        .to_string();
    assert!(err.contains("length"), "{err}");
    // The BRP certificate cannot be pushed through the gadget with the NIST certificate's advice.
    let (layout, _) = parse_ok(&dp);
    assert!(prove_parse(&brp, &layout).is_none());
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
    let (layout, fields) = parse_ok(&tbs);
    assert!(layout.not_after_generalized && !layout.not_before_generalized);
    assert_eq!(fields.not_after, 1901089890);
    let (_, nb, na, _) = prove_parse(&tbs, &layout).unwrap();
    assert_eq!((nb, na), (1585729890, 1901089890));
    // The advice cannot claim the other time form.
    let mut forged = layout.clone();
    forged.not_after_generalized = false;
    assert!(prove_parse(&tbs, &forged).is_none());

    for (chars, generalized, unix) in [
        (&b"20550401082751Z"[..], true, 2690180871u64),
        (b"20000229235959Z", true, 951868799),
        (b"21000301000000Z", true, 4107542400),
        (b"991231235959Z", false, 946684799),
    ] {
        assert_eq!(native_time(chars, generalized).unwrap(), unix);
    }
    assert!(native_time(b"0013010000000Z", false).is_err(), "month 13");
    assert!(native_time(b"2A0101000000Z", false).is_err(), "not a digit");
}

#[test]
fn forged_advice_is_rejected() {
    let tbs = tbs_of(&vector("DPtls/CERT_S_SM_DP_TLS_NIST.der"));
    let (layout, _) = parse_ok(&tbs);
    assert!(prove_parse(&tbs, &layout).is_some());
    let active = layout.slots.iter().filter(|s| s.active).count();
    assert_eq!(active, 7);

    let forge = |f: &dyn Fn(&mut TbsLayout)| {
        let mut l = layout.clone();
        f(&mut l);
        prove_parse(&tbs, &l)
    };
    assert!(
        forge(&|l| l.slots[active - 1].active = false).is_none(),
        "walk stops early"
    );
    assert!(
        forge(&|l| l.slots[active].active = true).is_none(),
        "walk invents a slot"
    );
    assert!(
        forge(&|l| l.slots[2].active = false).is_none(),
        "walk skips a slot"
    );
    assert!(
        forge(&|l| l.slots[0].long81 = true).is_none(),
        "wrong length form"
    );
    assert!(
        forge(&|l| l.issuer.long81 = true).is_none(),
        "wrong issuer length form"
    );
    assert!(
        forge(&|l| l.extensions = LengthForm::default()).is_none(),
        "wrong [3] form"
    );
    assert!(
        forge(&|l| l.not_before_generalized = true).is_none(),
        "wrong time form"
    );
}

/// Rewrites `len` bytes at the first occurrence of `find` in `tbs` with `with` (same length).
fn splice(tbs: &[u8], find: &[u8], with: &[u8]) -> Vec<u8> {
    assert_eq!(find.len(), with.len());
    let at = tbs.windows(find.len()).position(|w| w == find).unwrap();
    let mut out = tbs.to_vec();
    out[at..at + with.len()].copy_from_slice(with);
    out
}

#[test]
fn look_alike_bytes_elsewhere_are_never_read() {
    let dp = tbs_of(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    // An OID inside a name: the subject CN holds a dp-tls policy extension's bytes.
    let mut fake_policy = vec![0x06, 0x03, 0x55, 0x1d, 0x20];
    fake_policy.extend_from_slice(&[0x04, 0x0d, 0x30, 0x0b, 0x30, 0x09]);
    let cn = b"TEST SM-DP+";
    let tbs = splice(&dp, cn, &fake_policy);
    let (layout, fields) = parse_ok(&tbs);
    assert_eq!(fields.role, 4);
    let (role, ..) = prove_parse(&tbs, &layout).unwrap();
    assert_eq!(
        role, 4,
        "the circuit reads the policy extension, not the name"
    );

    // A key inside an extension: the CRL distribution point carries a whole P-256 SPKI.
    let real = parse_ok(&dp).1;
    let crl_url = b"http://ci.test.example.com/CRL-A.crl0*\xa0(\xa0&\x86$http://ci.test.example.com/CRL-B.crl";
    let mut fake_spki = P256_SPKI_PREFIX.to_vec();
    fake_spki.extend_from_slice(&[0x11; 64]);
    fake_spki.resize(crl_url.len(), 0x22);
    let tbs = splice(&dp, crl_url, &fake_spki);
    let (layout, fields) = parse_ok(&tbs);
    assert_eq!((fields.key_x, fields.key_y), (real.key_x, real.key_y));
    let (_, _, _, key) = prove_parse(&tbs, &layout).unwrap();
    assert_eq!(key[..32], real.key_x);
    assert_ne!(key[..32], [0x11; 32]);

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
    assert!(TbsLayout::parse(&tbs2, MAX_TBS_LEN).is_err());
    let (layout, _) = parse_ok(&dp);
    assert!(
        prove_parse(&tbs2, &layout).is_none(),
        "two policy slots cannot both be read"
    );
}

/// A test-PKI eUICC certificate (`openrsp testpki`, committed under circuits/testdata).
fn euicc_fixture() -> Vec<u8> {
    let der = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/euicc-1.der"),
    )
    .unwrap();
    tbs_of(&der)
}

/// Runs the walk with any issuer and reads the subject serialNumber; its characters when satisfied.
fn prove_serial(tbs: &[u8], layout: &TbsLayout) -> Option<Vec<u8>> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let mut padded = crate::sha256::pad(tbs);
    padded.resize(640, 0);
    let bytes: Vec<FpVar<Fr>> = padded
        .iter()
        .map(|b| FpVar::new_witness(cs.clone(), || Ok(Fr::from(*b as u64))).unwrap())
        .collect();
    let len = FpVar::new_witness(cs.clone(), || Ok(Fr::from(tbs.len() as u64))).unwrap();
    let vars = parse_tbs(&cs, &bytes, &len, Some(layout), IssuerKeyId::Any).ok()?;
    let serial = subject_serial_number(&cs, &bytes, &vars, Some(layout)).ok()?;
    cs.is_satisfied().unwrap().then(|| {
        serial
            .iter()
            .map(|c| low_u64(&c.value().unwrap()) as u8)
            .collect()
    })
}

#[test]
fn the_eid_is_read_from_the_subject_serial_number_only() {
    let tbs = euicc_fixture();
    let (layout, fields) = parse_ok(&tbs);
    assert_eq!(fields.role, 1, "id-rspRole-euicc");
    let eid = fields.subject_serial_number.clone().expect("EID");
    assert_eq!(eid, b"89049032000123451234512345678950");
    assert_eq!(prove_serial(&tbs, &layout).as_deref(), Some(&eid[..]));
    assert_eq!(
        layout.subject_rdns.unwrap().iter().filter(|a| **a).count(),
        4
    );

    // Forged RDN walks: stopped early, or an invented slot.
    let mut early = layout.clone();
    early.subject_rdns.as_mut().unwrap()[3] = false;
    assert!(prove_serial(&tbs, &early).is_none());
    let mut invented = layout.clone();
    invented.subject_rdns.as_mut().unwrap()[4] = true;
    assert!(prove_serial(&tbs, &invented).is_none());

    // An SM-DP+ certificate has no serialNumber RDN: nothing to read.
    let dp = tbs_of(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    let (dp_layout, dp_fields) = parse_ok(&dp);
    assert!(dp_fields.subject_serial_number.is_none());
    assert!(prove_serial(&dp, &dp_layout).is_none());
}
