//! A verifying key and proof made by snarkjs itself (`tests/fixtures/snarkjs/`, by
//! `tools/vectors/snarkjs-vectors.sh`: snarkjs's own powers of tau, phase-2 setup with a
//! contribution, and prover, over the test-statement circuit exported from arkworks as
//! `test_statement.r1cs` with its witness `test_statement.wtns`, pinned by their SHA-256), imported with the SDK's snarkjs
//! import (`registry vk add --snarkjs-vk`, `cert import-proof`) and checked by the project's
//! verifiers: arkworks, the registry's groth16-solana verifier off chain, and the real
//! cert_registry.so, where the proof registers the SGP.26 DPauth certificate.
//!
//! The other way round, what the SDK exports (`cert export-proof`, `registry vk export`) is
//! checked with `snarkjs groth16 verify` when node and `tools/vectors/node_modules` are there
//! (`npm ci` in tools/vectors); the generation script runs that test with
//! `OPENRSP_REQUIRE_SNARKJS=1`, which makes their absence a failure.

mod snarkjs_vectors;

use ark_bn254::{Bn254, Fr, G1Projective};
use ark_ec::{CurveGroup, PrimeGroup};
use ark_groth16::Groth16;
use ark_snark::SNARK;
use cert_registry::{
    errors::FrameworkError,
    state::{AccountLayout, CertificateRecord},
};
use openrsp_circuits::test_statement::TestStatementCircuit;
use openrsp_framework::groth16::verify_proof;
use openrsp_sdk::{
    programs::ProgramBuild,
    prover, snarkjs,
    zk::{encode_proof, encode_verifying_key, fr_be},
};
use openrsp_tests::*;
use snarkjs_vectors::{dir, registrant, SNARKJS_CIRCUIT_ID};
use solana_signer::Signer;

fn read(name: &str) -> String {
    let path = dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn statement() -> serde_json::Value {
    serde_json::from_str(&read("statement.json")).expect("statement.json")
}

/// The snarkjs proof as a proof file, through `cert import-proof`'s path.
fn imported_file() -> openrsp_sdk::zk::ProofFile {
    snarkjs::import_proof_file(&read("proof.json"), &read("public.json"), &statement())
        .expect("import-proof")
}

#[test]
fn the_committed_statement_and_digests_are_the_test_statement_circuit() {
    use sha2::{Digest, Sha256};
    let (statement, r1cs, wtns) = snarkjs_vectors::inputs();
    assert_eq!(
        read("statement.json"),
        statement,
        "regenerate with tools/vectors/snarkjs-vectors.sh"
    );
    // The R1CS and witness snarkjs was given, by their SHA-256 (`sha256sum -c` format).
    let expected: String = [("test_statement.r1cs", r1cs), ("test_statement.wtns", wtns)]
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", hex(&Sha256::digest(bytes))))
        .collect();
    assert_eq!(
        read("test_statement.sha256"),
        expected,
        "the circuit or its witness is not what snarkjs was given: regenerate with tools/vectors/snarkjs-vectors.sh"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_snarkjs_proof_verifies_with_the_projects_verifiers_and_nothing_else_does() {
    let vk = snarkjs::import_verifying_key(&read("verification_key.json")).expect("snarkjs vk");
    let proof = snarkjs::import_proof(&read("proof.json")).expect("snarkjs proof");
    let public = snarkjs::import_public(&read("public.json")).expect("public.json");
    assert_eq!(public.len(), 1, "one public input");
    // public.json's one value is the statement's hash, as the registry computes it.
    let file = imported_file();
    let statement = file.statement().unwrap();
    let input = statement.public_input().unwrap();
    assert_eq!(fr_be(&public[0]), input);
    assert_eq!(
        file.circuit_id, SNARKJS_CIRCUIT_ID,
        "the test-statement circuit"
    );
    assert_eq!(file.registrant, registrant().pubkey().to_string());

    // arkworks.
    assert!(Groth16::<Bn254>::verify(&vk, &public, &proof).unwrap());
    // The registry's verifier (groth16-solana) on the registry's encodings; encoding the key
    // runs the registry's key check too (a snarkjs key without a phase-2 contribution fails it).
    let key = encode_verifying_key(&vk).expect("the registry accepts the key");
    let bytes = file.proof().unwrap();
    assert_eq!(bytes, encode_proof(&proof).unwrap());
    verify_proof(&key, &bytes.a, &bytes.b, &bytes.c, input).expect("groth16-solana accepts");

    // Another public input.
    let other = public[0] + Fr::from(1u64);
    assert!(!Groth16::<Bn254>::verify(&vk, &[other], &proof).unwrap());
    assert_eq!(
        verify_proof(&key, &bytes.a, &bytes.b, &bytes.c, fr_be(&other)),
        Err(FrameworkError::InvalidProof)
    );
    // A flipped proof byte, in each point.
    for at in [0usize, 63, 64 + 127, 64 + 128 + 31] {
        let mut flat = [&bytes.a[..], &bytes.b[..], &bytes.c[..]].concat();
        flat[at] ^= 1;
        let (a, rest) = flat.split_at(64);
        let (b, c) = rest.split_at(128);
        assert_eq!(
            verify_proof(
                &key,
                a.try_into().unwrap(),
                b.try_into().unwrap(),
                c.try_into().unwrap(),
                input
            ),
            Err(FrameworkError::InvalidProof),
            "byte {at} flipped"
        );
    }
    // A proof whose points are still on the curve but moved.
    let mut moved = proof.clone();
    moved.c = (G1Projective::from(proof.c) + G1Projective::generator()).into_affine();
    assert!(!Groth16::<Bn254>::verify(&vk, &public, &moved).unwrap());
    // snarkjs's JSON with a changed coordinate is refused at import (off the curve).
    let mut json: serde_json::Value = serde_json::from_str(&read("proof.json")).unwrap();
    json["pi_a"][0] = serde_json::json!("1");
    assert!(snarkjs::import_proof(&json.to_string()).is_err());

    // The project's own setup of the same circuit is another key: neither proof verifies
    // under the other's key.
    let keys = test_circuit_keys();
    let fields = openrsp_sdk::zk::statement_fields(&statement);
    let ours = openrsp_circuits::keys::prove(keys, TestStatementCircuit::new(fields), &public)
        .expect("arkworks proof of the same statement");
    assert!(Groth16::<Bn254>::verify(keys.verifying_key(), &public, &ours).unwrap());
    assert!(!Groth16::<Bn254>::verify(&vk, &public, &ours).unwrap());
    assert!(!Groth16::<Bn254>::verify(keys.verifying_key(), &public, &proof).unwrap());
}

#[tokio::test]
async fn a_snarkjs_key_and_proof_register_the_sgp26_dpauth_certificate_on_chain() {
    // The registry's localnet build (the only one that admits the test circuit's family), the
    // SGP.26 CI as anchor, and the snarkjs key as the test circuit's key for that CI.
    let mut f = Fixture::with_anchor(ProgramBuild::Localnet).await;
    let vk = snarkjs::import_verifying_key(&read("verification_key.json")).unwrap();
    let vk_args =
        prover::verifying_key_args(&vk, SNARKJS_CIRCUIT_ID, 1, DP_ROLES_MASK, f.anchor_key_id)
            .unwrap();
    f.add_vk(&vk_args).await.expect("add the snarkjs key");

    let file = imported_file();
    let statement = file.statement().unwrap();
    let args = prover::register_args(
        &statement,
        file.subject_key().unwrap(),
        file.proof().unwrap(),
    );
    let owner = registrant();
    fund(&mut f.ctx, &owner.pubkey(), 1_000_000_000).await;

    // The proof is bound to its registrant: anybody else's registration of it fails.
    let stranger = f.funded_key().await;
    let r = f.register(&stranger, &args).await;
    assert_error(r, FrameworkError::InvalidProof);
    // A flipped proof byte fails.
    let mut bad = args.clone();
    bad.proof.c[40] ^= 1;
    let r = f.register(&owner, &bad).await;
    assert_error(r, FrameworkError::InvalidProof);
    // The project's own proof of the same statement, under the snarkjs key, fails.
    let ours = prover::prove_with_test_circuit(test_circuit_keys(), &statement, &args.subject_key)
        .unwrap();
    let mut under_snarkjs_key = args.clone();
    under_snarkjs_key.proof = ours.proof().unwrap();
    let r = f.register(&owner, &under_snarkjs_key).await;
    assert_error(r, FrameworkError::InvalidProof);

    f.register(&owner, &args)
        .await
        .expect("registered with the snarkjs proof");
    let address = pda::certificate(&PROGRAM_ID, &args.commitment).0;
    let acc = account(&mut f.ctx, &address).await.expect("record");
    let record = CertificateRecord::from_bytes(&acc.data).unwrap();
    let dp = dp_auth_nist();
    assert_eq!(record.commitment, dp.commitment().unwrap());
    assert_eq!(record.registrant, owner.pubkey().to_bytes());
    assert_eq!(u32::from_le_bytes(record.circuit_id), SNARKJS_CIRCUIT_ID);
    assert_eq!(record.subject_key_hash, dp.subject_key_hash().unwrap());
}

/// What the SDK exports, verified by snarkjs: the snarkjs key as `registry vk export` writes it
/// with the proof as `cert export-proof` writes it, and the project's own arkworks key and proof.
#[test]
fn snarkjs_verifies_what_the_sdk_exports() {
    let root = snarkjs_vectors::workspace();
    let cli = root.join("tools/vectors/node_modules/snarkjs/build/cli.cjs");
    let node = std::process::Command::new("node").arg("--version").output();
    if !cli.exists() || node.is_err() {
        assert!(
            std::env::var_os("OPENRSP_REQUIRE_SNARKJS").is_none(),
            "node or {} is missing (run `npm ci` in tools/vectors)",
            cli.display()
        );
        eprintln!("skipped: no node or no tools/vectors/node_modules (npm ci in tools/vectors)");
        return;
    }
    let out = std::env::temp_dir().join(format!("openrsp-snarkjs-export-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let write = |name: &str, v: &serde_json::Value| {
        let path = out.join(name);
        std::fs::write(&path, serde_json::to_string_pretty(v).unwrap()).unwrap();
        path
    };
    let verify = |vk: &std::path::Path, public: &std::path::Path, proof: &std::path::Path| {
        let o = std::process::Command::new("node")
            .arg(&cli)
            .args(["groth16", "verify"])
            .args([vk, public, proof])
            .output()
            .expect("node");
        let text =
            String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
        (o.status.success() && text.contains("OK!"), text)
    };

    // Writes `<prefix>_vk.json`, `_proof.json` and `_public.json` and has snarkjs verify them.
    let written_and_verified = |prefix: &str,
                                vk: &serde_json::Value,
                                proof: &serde_json::Value,
                                public: &serde_json::Value| {
        let vk = write(&format!("{prefix}_vk.json"), vk);
        let proof = write(&format!("{prefix}_proof.json"), proof);
        let public = write(&format!("{prefix}_public.json"), public);
        let (ok, text) = verify(&vk, &public, &proof);
        (ok, text, (vk, proof))
    };

    // The snarkjs key and proof, round-tripped through the SDK's import and export.
    let vk = snarkjs::import_verifying_key(&read("verification_key.json")).unwrap();
    let (proof_json, public_json) = snarkjs::export_proof_file(&imported_file()).unwrap();
    let (ok, text, _) = written_and_verified(
        "snarkjs",
        &snarkjs::export_verifying_key(&vk),
        &proof_json,
        &public_json,
    );
    assert!(
        ok,
        "snarkjs on the SDK's export of the snarkjs proof:\n{text}"
    );

    // The project's own setup and proof (what `openrsp cert prove` makes), exported.
    let keys = test_circuit_keys();
    let file = prover::prove_with_test_circuit(
        keys,
        &imported_file().statement().unwrap(),
        &imported_file().subject_key().unwrap(),
    )
    .unwrap();
    let (proof_json, public_json) = snarkjs::export_proof_file(&file).unwrap();
    let (ok, text, (vk_path, proof_path)) = written_and_verified(
        "arkworks",
        &snarkjs::export_verifying_key(keys.verifying_key()),
        &proof_json,
        &public_json,
    );
    assert!(
        ok,
        "snarkjs on the SDK's export of an arkworks proof:\n{text}"
    );
    // And snarkjs refuses it against another public input.
    let other = write("other_public.json", &serde_json::json!(["1"]));
    let (ok, _) = verify(&vk_path, &other, &proof_path);
    assert!(!ok, "snarkjs must refuse another public input");
    std::fs::remove_dir_all(&out).ok();
}
