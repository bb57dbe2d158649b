//! The whole certificate circuit on real SGP.26 certificates: satisfied by the truth, not by
//! forged witnesses. (Key generation and Groth16 proving are exercised by the SDK and on-chain
//! tests; these check the constraint system itself.)

use super::*;
use crate::testing::{assert_fails_at, synthesize};
use crate::x509::tests::{tbs_of, vector};
use ark_ff::Zero;

/// The SGP.26 NIST CI's constants from its certificate.
pub(crate) fn sgp26_ci() -> Arc<CiConstants> {
    CiConstants::from_certificate(&vector("CertificateIssuer/CERT_CI_ECDSA_NIST.der")).unwrap()
}

pub(crate) fn tbs_and_signature(der: &[u8]) -> (Vec<u8>, (Scalar, Scalar)) {
    let (tbs, sig) = split_certificate(der).unwrap();
    assert_eq!(tbs, tbs_of(der));
    (tbs, sig)
}

/// Where the statement's equality with the public input fails: `generate_constraints`' own top
/// level (the harness's root namespace).
const STATEMENT: &str = "circuit";

#[test]
fn real_certificate_satisfies_and_forgeries_do_not() {
    let ci = sgp26_ci();
    let registrant = [7u8; 32];
    let (tbs, sig) = tbs_and_signature(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    let circuit = CertP256Circuit::new(ci.clone(), &tbs, sig, registrant).unwrap();
    let statement = circuit.statement().unwrap();
    assert_eq!((statement.role, statement.not_before), (4, 1585729890));
    assert_eq!(statement.anchor_key_id, ci.key_id);
    let honest = synthesize(circuit.clone());
    assert_eq!(honest.result, Ok(()));
    let constraints = honest.constraints;
    eprintln!("cert_p256: {constraints} constraints");
    assert!(constraints <= 750_000, "{constraints} constraints");

    // High S proves as well.
    let high = CertP256Circuit::new(ci.clone(), &tbs, (sig.0, -sig.1), registrant).unwrap();
    assert_eq!(synthesize(high).result, Ok(()));

    // Forged witnesses, built past the native pre-checks.
    let forge = |f: &dyn Fn(&mut CertWitness)| {
        let mut c = circuit.clone();
        f(c.witness.as_mut().unwrap());
        synthesize(c).result
    };
    // Claim another role, another window or another key than the certificate says: the
    // statement read from the TBS is not the public one.
    assert_fails_at(forge(&|w| w.fields.role = 3), STATEMENT);
    assert_fails_at(forge(&|w| w.fields.not_after += 86_400), STATEMENT);
    assert_fails_at(forge(&|w| w.fields.key_x[0] ^= 1), STATEMENT);
    // A flipped TBS byte (inside the subject name) with the real signature.
    assert_fails_at(forge(&|w| w.tbs[150] ^= 1), "circuit/ecdsa/x_mod_n_is_r");
    // A signature from another key over the same TBS (the DPpb certificate's signature).
    let (_, other) = tbs_and_signature(&vector("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der"));
    assert_fails_at(
        forge(&|w| w.signature = other),
        "circuit/ecdsa/x_mod_n_is_r",
    );
    // r = 0 or s = 0 in the whole circuit.
    assert_fails_at(
        forge(&|w| w.signature.0 = Scalar::zero()),
        "circuit/ecdsa/r_nonzero",
    );
    assert_fails_at(
        forge(&|w| w.signature.1 = Scalar::zero()),
        "circuit/ecdsa/s_nonzero",
    );
    // The circuit of another CI holding the same key under another key identifier: the
    // signature verifies, but the authorityKeyIdentifier read from the TBS is not that CI's.
    let mut other_ci = circuit.clone();
    other_ci.ci = CiConstants::new(&fq_be(&ci.key.x), &fq_be(&ci.key.y), [9; 20]).unwrap();
    let failure = synthesize(other_ci).result.unwrap_err();
    // Refused by the DER walk's comparison of the authorityKeyIdentifier (named by x509.rs).
    assert_ne!(failure.path.get(1), Some(&"ecdsa"), "{failure}");
    eprintln!("another CI's key identifier: refused at {failure}");
}

#[test]
fn native_pre_checks_refuse_what_cannot_be_proven() {
    let ci = sgp26_ci();
    let (tbs, sig) = tbs_and_signature(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"));
    let mut flipped = tbs.clone();
    flipped[150] ^= 1;
    let err = CertP256Circuit::new(ci.clone(), &flipped, sig, [0; 32])
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("signature does not verify"),
        "{err}"
    );
    let (_, other) = tbs_and_signature(&vector("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der"));
    assert!(CertP256Circuit::new(ci.clone(), &tbs, other, [0; 32]).is_err());
    let (brp, brp_sig) = tbs_and_signature(&vector("DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der"));
    let err = CertP256Circuit::new(ci.clone(), &brp, brp_sig, [0; 32])
        .err()
        .unwrap();
    assert!(err.to_string().contains("subjectPublicKeyInfo"), "{err}");
    // Another CI: same key, another key identifier.
    let other_ci = CiConstants::new(&fq_be(&ci.key.x), &fq_be(&ci.key.y), [9; 20]).unwrap();
    let err = CertP256Circuit::new(other_ci, &tbs, sig, [0; 32])
        .err()
        .unwrap();
    assert!(err.to_string().contains("another CI"), "{err}");
    let ci_der = vector("CertificateIssuer/CERT_CI_ECDSA_NIST.der");
    let (ci_tbs, ci_sig) = split_certificate(&ci_der).unwrap();
    let err = CertP256Circuit::new(ci, &ci_tbs, ci_sig, [0; 32])
        .err()
        .unwrap();
    assert!(err.to_string().contains("trust anchor"), "{err}");
    assert!(split_certificate(&ci_der[..ci_der.len() - 1]).is_err());
}
