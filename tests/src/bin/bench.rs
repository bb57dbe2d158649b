//! `make bench`: compute units of every cert-registry instruction, measured on the real `.so` in
//! the embedded SVM (litesvm runs the same BPF VM and cost model as the validator; the figures
//! match solana-program-test's), written to `target/bench/cu.json` and printed as a table.

use openrsp_circuits::test_statement::TEST_STATEMENT_CIRCUIT_ID;
use openrsp_sdk::{
    cert_registry::{instructions::TrustAnchorArgs, CertRegistry},
    client::{EmbeddedLedger, Ledger, Receipt},
    programs::{ProgramIds, CERT_REGISTRY_ID},
    prover, Keypair, SdkError, Signer,
};
use openrsp_tests::{ci_nist, dp_auth_nist, root, sgp26, test_circuit_keys};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Goals from the issues: `register_certificate` at most 95,000 CU, everything else 10,000.
fn goal(instruction: &str) -> u64 {
    if instruction == "register_certificate" {
        95_000
    } else {
        10_000
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), SdkError> {
    let mut ledger =
        EmbeddedLedger::in_memory(&root().join("target/deploy"), &ProgramIds::default())?;
    let dp = dp_auth_nist();
    ledger.set_unix_timestamp((dp.not_before + 86_400) as i64);
    let authority = Keypair::new();
    let operator = Keypair::new();
    let successor = Keypair::new();
    for k in [&authority, &operator, &successor] {
        ledger.fund(&k.pubkey(), 10_000_000_000)?;
    }
    let mut cu: BTreeMap<&str, u64> = BTreeMap::new();
    let mut rec = |name: &'static str, r: Receipt| {
        cu.insert(name, r.compute_units);
    };

    let mut reg = CertRegistry::new(&mut ledger as &mut dyn Ledger, CERT_REGISTRY_ID);
    rec(
        "initialize_registry",
        reg.initialize(&authority, &authority.pubkey())?,
    );
    let ci = ci_nist();
    let (r, _) = reg.add_trust_anchor_from_certificate(&authority, &authority, &ci, None)?;
    rec("add_trust_anchor", r);
    let anchor_key_id = ci.anchor_key_id()?;
    let vk = prover::verifying_key_args(
        test_circuit_keys().verifying_key(),
        TEST_STATEMENT_CIRCUIT_ID,
        1,
        0b111000,
        anchor_key_id,
    )?;
    let (r, _) = reg.add_verifying_key(&authority, &authority, &vk)?;
    rec("add_verifying_key", r);

    let statement = prover::statement_for(&dp, TEST_STATEMENT_CIRCUIT_ID, &operator.pubkey())?;
    let file = prover::prove_with_test_circuit(test_circuit_keys(), &statement)?;
    let (r, _) = reg.register_proof_file(&operator, &file)?;
    rec("register_certificate", r);
    rec(
        "revoke_certificate",
        reg.revoke_certificate(&operator, &statement.commitment, 1)?,
    );
    rec("set_paused", reg.set_paused(&authority, true)?);
    rec(
        "propose_authority",
        reg.propose_authority(&authority, &successor.pubkey())?,
    );
    rec("accept_authority", reg.accept_authority(&successor)?);
    rec(
        "retire_verifying_key",
        reg.retire_verifying_key(&successor, TEST_STATEMENT_CIRCUIT_ID)?,
    );
    rec(
        "retire_trust_anchor",
        reg.retire_trust_anchor(&successor, &anchor_key_id)?,
    );
    // A second anchor, to show the cost does not depend on the CI (BRP curve).
    let brp = sgp26("CertificateIssuer/CERT_CI_ECDSA_BRP.der");
    let args = TrustAnchorArgs {
        key_id: brp.anchor_key_id()?,
        curve: brp.curve as u8,
        public_key: brp.public_key,
        name: TrustAnchorArgs::name_bytes("brp"),
    };
    reg.add_trust_anchor(&successor, &successor, &args)?;

    let table: Map<String, Value> = cu.iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
    let report = json!({ "cert_registry": table });
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| SdkError::Ledger(e.to_string()))?;
    let path = dir.join("cu.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&report).expect("json") + "\n",
    )
    .map_err(|e| SdkError::Ledger(e.to_string()))?;

    println!(
        "{:<16} {:<24} {:>10} {:>10}  ",
        "program", "instruction", "CU", "goal"
    );
    let mut over = 0;
    for (name, units) in &cu {
        let ok = *units <= goal(name);
        over += (!ok) as usize;
        println!(
            "{:<16} {:<24} {:>10} {:>10}  {}",
            "cert_registry",
            name,
            units,
            goal(name),
            if ok { "ok" } else { "OVER" }
        );
    }
    println!("wrote {}", path.display());
    if over > 0 {
        println!("{over} instruction(s) over their goal");
    }
    Ok(())
}
