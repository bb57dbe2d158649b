//! What the snarkjs vectors (`tests/fixtures/snarkjs/`) are made from, shared by the
//! `snarkjs_import` test (which checks the committed inputs are still these) and the
//! `snarkjs_inputs` example (which writes them for `tools/vectors/snarkjs-vectors.sh`).

// Each includer (a test, an example) uses part of it.
#![allow(dead_code)]

pub mod iden3;

use openrsp_circuits::test_statement::TestStatementCircuit;
use openrsp_sdk::{
    cert_registry::SubjectKey,
    certificate::RspCertificate,
    prover,
    zk::{statement_fields, ProofBytes},
};
use serde_json::Value;
use solana_keypair::Keypair;
use std::path::{Path, PathBuf};

/// The circuit id of the statement: the test-statement circuit's (`0xFFFF_0001`), whose key
/// snarkjs makes here in a setup of its own.
pub const SNARKJS_CIRCUIT_ID: u32 = openrsp_circuits::test_statement::TEST_STATEMENT_CIRCUIT_ID;

/// The registrant the snarkjs proof is bound to: a fixed (and therefore public) test key, so that
/// the on-chain test can sign as it.
pub fn registrant() -> Keypair {
    Keypair::new_from_array(*b"openrsp snarkjs vector registrnt")
}

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

/// Where the fixtures are.
pub fn dir() -> PathBuf {
    workspace().join("tests/fixtures/snarkjs")
}

/// The SGP.26 DPauth certificate the statement is about.
pub fn certificate() -> RspCertificate {
    let path = workspace().join("../shared/vectors/sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der");
    RspCertificate::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `statement.json`: the statement fields of a proof file (what `openrsp cert import-proof
/// --statement` reads).
pub fn statement_json() -> Value {
    use solana_signer::Signer;
    let cert = certificate();
    let statement = prover::statement_for(&cert, SNARKJS_CIRCUIT_ID, &registrant().pubkey())
        .expect("statement");
    let key = SubjectKey::of(&cert).expect("key");
    let zero = ProofBytes {
        a: [0; 64],
        b: [0; 128],
        c: [0; 64],
    };
    let mut v = serde_json::to_value(
        prover::proof_file("test_statement", &statement, &key, &zero).expect("proof file"),
    )
    .expect("json");
    let fields = v.as_object_mut().expect("object");
    for k in ["proof_a", "proof_b", "proof_c"] {
        fields.remove(k);
    }
    v
}

/// The test-statement circuit with the witness of [`statement_json`].
pub fn circuit() -> TestStatementCircuit {
    use solana_signer::Signer;
    let statement =
        prover::statement_for(&certificate(), SNARKJS_CIRCUIT_ID, &registrant().pubkey())
            .expect("statement");
    TestStatementCircuit::new(statement_fields(&statement))
}

/// The three input files: `statement.json`, `test_statement.r1cs`, `test_statement.wtns`.
pub fn inputs() -> (String, Vec<u8>, Vec<u8>) {
    let cs = iden3::synthesize(circuit());
    assert!(cs.is_satisfied().expect("satisfiable"));
    (
        serde_json::to_string_pretty(&statement_json()).expect("json") + "\n",
        iden3::r1cs(&cs),
        iden3::wtns(&cs),
    )
}
