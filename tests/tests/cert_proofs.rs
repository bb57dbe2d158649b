//! Real certificate proofs end to end: the SGP.26 SM-DP+ certificates proven with the `cert_p256`
//! circuit (real Groth16 proofs over the real TBS and CI signature), registered on the real
//! cert_registry.so in solana-program-test, and judged as an LPA judges them. Key generation runs
//! once per machine (cached in target/test-keys); each proof takes seconds.

use cert_registry::{
    errors::FrameworkError,
    state::{AccountLayout, CertificateRecord},
};
use openrsp_sdk::{
    cert_registry::{accounts::CertificateRecordView, LookupStatus},
    certificate::RspCertificate,
    prover, SdkError,
};
use openrsp_tests::*;
use solana_signer::Signer;

/// What `openrsp cert lookup` reports for `cert` at the cluster's current time.
async fn lookup(f: &mut Fixture, cert: &RspCertificate, now: i64) -> LookupStatus {
    let commitment = cert.commitment().unwrap();
    let address = pda::certificate(&PROGRAM_ID, &commitment).0;
    let record = account(&mut f.ctx, &address).await.map(|acc| {
        CertificateRecordView::new(&address, CertificateRecord::from_bytes(&acc.data).unwrap())
    });
    LookupStatus::judge(record.as_ref(), now)
}

fn dp_pb_nist() -> RspCertificate {
    sgp26("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der")
}

fn dp_tls_nist() -> RspCertificate {
    sgp26("DPtls/CERT_S_SM_DP_TLS_NIST.der")
}

/// 2026-11-27T00:00:00Z: "today" for these vectors (the DPtls certificate expired in August).
const TODAY: i64 = 1_795_737_600;

#[tokio::test]
async fn sgp26_certificates_prove_register_and_are_found() {
    let mut f = Fixture::new().await;
    let circuit_id = f.add_cert_circuit().await;
    let operator = f.funded_key().await;
    set_time(&f.ctx, TODAY).await;

    for cert in [dp_auth_nist(), dp_pb_nist()] {
        assert_eq!(lookup(&mut f, &cert, TODAY).await, LookupStatus::Unknown);
        cert.check_issued_by(&f.ci, TODAY as u64).unwrap();
        let args = Fixture::prove_certificate(&cert, &operator.pubkey()).unwrap();
        assert_eq!(args.circuit_id, circuit_id);
        let meta = f.register(&operator, &args).await.expect("register");
        assert!(meta.compute_units <= 95_000, "{} CU", meta.compute_units);
        assert_eq!(lookup(&mut f, &cert, TODAY).await, LookupStatus::Valid);
    }

    // DPtls: proven and registered at a time inside its window, expired by today.
    let tls = dp_tls_nist();
    let inside = (tls.not_before + 86_400) as i64;
    set_time(&f.ctx, inside).await;
    tls.check_issued_by(&f.ci, inside as u64).unwrap();
    let args = Fixture::prove_certificate(&tls, &operator.pubkey()).unwrap();
    f.register(&operator, &args).await.expect("register dp-tls");
    assert_eq!(lookup(&mut f, &tls, inside).await, LookupStatus::Valid);
    assert_eq!(lookup(&mut f, &tls, TODAY).await, LookupStatus::Expired);
    let err = tls.check_issued_by(&f.ci, TODAY as u64).unwrap_err();
    assert!(err.to_string().contains("expired"), "{err}");
    // At the machine's real date too, with the DPtls certificate SGP.26 retired in 2024 as well:
    // refused before proving, whatever day the tests run.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    for cert in [&tls, &sgp26("DPtls/expired-2024/CERT_S_SM_DP_TLS_NIST.der")] {
        let err = cert.check_issued_by(&f.ci, now).unwrap_err();
        assert!(err.to_string().contains("expired"), "{err}");
    }
}

#[tokio::test]
async fn a_real_proof_binds_its_statement_and_its_registrant() {
    let mut f = Fixture::new().await;
    f.add_cert_circuit().await;
    let operator = f.funded_key().await;
    let dp = dp_auth_nist();
    let args = Fixture::prove_certificate(&dp, &operator.pubkey()).unwrap();

    // A longer window than the certificate's, a different role, or another signer: the proof
    // does not verify for that statement.
    let mut longer = args.clone();
    longer.not_after += 365 * 86_400;
    assert_error(
        f.register(&operator, &longer).await,
        FrameworkError::InvalidProof,
    );
    let mut role = args.clone();
    role.role = 3;
    assert_error(
        f.register(&operator, &role).await,
        FrameworkError::InvalidProof,
    );
    let thief = f.funded_key().await;
    assert_error(
        f.register(&thief, &args).await,
        FrameworkError::InvalidProof,
    );
    f.register(&operator, &args)
        .await
        .expect("the true statement registers");
}

#[test]
fn what_cannot_be_proven_is_refused_before_proving() {
    let ci = ci_nist();
    let (circuit, keys) = cert_circuit();
    let registrant = solana_address::Address::new_from_array([3; 32]);
    let prove =
        |cert: &RspCertificate| circuit.prove(keys, cert, circuit.circuit_id(), &registrant);
    let message = |r: Result<_, SdkError>| r.expect_err("refused").to_string();

    // A flipped byte in the TBS (inside the subject name).
    let mut der = std::fs::read(
        root().join("../shared/vectors/sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"),
    )
    .unwrap();
    der[4 + 150] ^= 0x01;
    let flipped = RspCertificate::from_der(&der).unwrap();
    assert!(message(prove(&flipped)).contains("signature does not verify"));

    // A signature from another key: the DPauth TBS with the DPpb certificate's signature.
    let mut forged = dp_auth_nist();
    forged.signature_der = dp_pb_nist().signature_der;
    assert!(message(prove(&forged)).contains("signature does not verify"));

    // A certificate of another CI: the NIST DPauth certificate against a circuit for a CI with
    // the same key but another key identifier is refused by name.
    let mut other_ci = ci.clone();
    other_ci.subject_key_id = Some(vec![0x42; 20]);
    let other = prover::Circuit::from_name("cert-p256", Some(&other_ci)).unwrap();
    assert!(
        message(other.prove(keys, &dp_auth_nist(), other.circuit_id(), &registrant))
            .contains("another CI")
    );
    // ... and a CI on another curve cannot have a P-256 circuit at all.
    let brp_ci = sgp26("CertificateIssuer/CERT_CI_ECDSA_BRP.der");
    assert!(prover::Circuit::from_name("cert-p256", Some(&brp_ci)).is_err());

    // A brainpool certificate against the NIST circuit.
    let brp = sgp26("DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der");
    assert!(message(prove(&brp)).contains("subjectPublicKeyInfo"));
}
