//! The whole certificate circuit on real SGP.26 certificates: satisfied by the truth, not by
//! forged witnesses. (Key generation and Groth16 proving are exercised by the SDK and on-chain
//! tests; these check the constraint system itself.)

use super::*;
use crate::x509::{tests::{tbs_of, vector}, P256_SPKI_PREFIX};
use ark_relations::gr1cs::ConstraintSystem;

/// The CI's constants from its certificate.
pub(crate) fn sgp26_ci() -> Arc<CiConstants> {
    let ci = vector("CertificateIssuer/CERT_CI_ECDSA_NIST.der");
    let at = ci.windows(27).position(|w| w == P256_SPKI_PREFIX).unwrap() + 27;
    let ski_tag = [0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x16, 0x04, 0x14];
    let ski = ci.windows(9).position(|w| w == ski_tag).unwrap() + 9;
    CiConstants::new(
        ci[at..at + 32].try_into().unwrap(),
        ci[at + 32..at + 64].try_into().unwrap(),
        ci[ski..ski + 20].try_into().unwrap(),
    )
    .unwrap()
}

/// `(tbs, (r, s))` of a DER certificate signed with ECDSA.
pub(crate) fn tbs_and_signature(der: &[u8]) -> (Vec<u8>, (Scalar, Scalar)) {
    let tbs = tbs_of(der);
    let mut at = 4 + tbs.len() + 12; // signatureAlgorithm
    assert_eq!(der[at], 0x03);
    at += 3; // BIT STRING tag, length, unused bits
    assert_eq!(der[at], 0x30);
    at += 2;
    let mut int = || {
        assert_eq!(der[at], 0x02);
        let len = der[at + 1] as usize;
        let v = Scalar::from_be_bytes_mod_order(&der[at + 2..at + 2 + len]);
        at += 2 + len;
        v
    };
    let r = int();
    let s = int();
    (tbs, (r, s))
}

fn satisfied(circuit: CertP256Circuit) -> (bool, usize) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    match circuit.generate_constraints(cs.clone()) {
        Ok(()) => (cs.is_satisfied().unwrap(), cs.num_constraints()),
        Err(_) => (false, cs.num_constraints()),
    }
}

#[test]
fn real_certificate_satisfies_and_forgeries_do_not() {
    let ci = sgp26_ci();
    let registrant = [7u8; 32];
    let (tbs, sig) = tbs_and_signature(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    let circuit = CertP256Circuit::new(ci.clone(), &tbs, sig, registrant).unwrap();
    let statement = circuit.statement().unwrap();
    assert_eq!((statement.role, statement.not_before), (4, 1585729890));
    assert_eq!(statement.anchor_key_id, ci.key_id);
    let (ok, constraints) = satisfied(circuit.clone());
    assert!(ok);
    eprintln!("cert_p256: {constraints} constraints");
    assert!(constraints <= 750_000, "{constraints} constraints");

    // High S proves as well.
    let high = CertP256Circuit::new(ci.clone(), &tbs, (sig.0, -sig.1), registrant).unwrap();
    assert!(satisfied(high).0);

    // Forged witnesses, built past the native pre-checks.
    let forge = |f: &dyn Fn(&mut CertWitness)| {
        let mut c = circuit.clone();
        f(c.witness.as_mut().unwrap());
        satisfied(c).0
    };
    // Claim another role, another window or another key than the certificate says.
    assert!(!forge(&|w| w.fields.role = 3));
    assert!(!forge(&|w| w.fields.not_after += 86_400));
    assert!(!forge(&|w| w.fields.key_x[0] ^= 1));
    // A flipped TBS byte (inside the subject name) with the real signature.
    assert!(!forge(&|w| w.tbs[150] ^= 1));
    // A signature from another key over the same TBS (the DPpb certificate's signature).
    let (_, other) = tbs_and_signature(&vector("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der"));
    assert!(!forge(&|w| w.signature = other));
}

#[test]
fn native_pre_checks_refuse_what_cannot_be_proven() {
    let ci = sgp26_ci();
    let (tbs, sig) = tbs_and_signature(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    let mut flipped = tbs.clone();
    flipped[150] ^= 1;
    let err = CertP256Circuit::new(ci.clone(), &flipped, sig, [0; 32]).err().unwrap();
    assert!(err.to_string().contains("signature does not verify"), "{err}");
    let (_, other) = tbs_and_signature(&vector("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der"));
    assert!(CertP256Circuit::new(ci.clone(), &tbs, other, [0; 32]).is_err());
    let (brp, brp_sig) = tbs_and_signature(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der"));
    let err = CertP256Circuit::new(ci.clone(), &brp, brp_sig, [0; 32]).err().unwrap();
    assert!(err.to_string().contains("subjectPublicKeyInfo"), "{err}");
    // Another CI: same key, another key identifier.
    let key = ci.key;
    let mut x = [0u8; 32];
    let mut y = [0u8; 32];
    x.copy_from_slice(&fr_be_fq(&key.x));
    y.copy_from_slice(&fr_be_fq(&key.y));
    let other_ci = CiConstants::new(&x, &y, [9; 20]).unwrap();
    let err = CertP256Circuit::new(other_ci, &tbs, sig, [0; 32]).err().unwrap();
    assert!(err.to_string().contains("another CI"), "{err}");
}

fn fr_be_fq(x: &crate::p256::Fq) -> Vec<u8> {
    use ark_ff::BigInteger;
    x.into_bigint().to_bytes_be()
}
