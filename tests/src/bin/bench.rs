//! `make bench`: compute units of every instruction of the four programs and the fee of every
//! consumer and operator transaction ([`openrsp_tests::cu::measure`]), written to
//! `target/bench/cu.json` and printed as a table beside the goals the issues set.

use openrsp_sdk::SdkError;
use openrsp_tests::{
    cu::{goal, measure, Costs},
    root,
};
use serde_json::{json, Map, Value};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), SdkError> {
    let measured = measure()?;
    let as_table = |costs: &Costs| -> Map<String, Value> {
        costs
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect()
    };
    let report = json!({
        "cert_registry": as_table(&measured.cert_registry),
        "eid_commitment": as_table(&measured.eid_commitment),
        "usdc_billing": as_table(&measured.usdc_billing),
        "profile_escrow": as_table(&measured.profile_escrow),
        // Lamports each consumer or operator transaction paid (5,000 per signature verified,
        // the voucher's Ed25519 signature included; no priority fee).
        "fee_lamports": as_table(&measured.fee_lamports),
    });
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| SdkError::Ledger(e.to_string()))?;
    let path = dir.join("cu.json");
    let text =
        serde_json::to_string_pretty(&report).map_err(|e| SdkError::Ledger(e.to_string()))?;
    std::fs::write(&path, text + "\n").map_err(|e| SdkError::Ledger(e.to_string()))?;

    println!(
        "{:<16} {:<24} {:>10} {:>10}  ",
        "program", "instruction", "CU", "goal"
    );
    let mut over = 0;
    for (program, name, units) in measured.rows() {
        let ok = units <= goal(name);
        over += (!ok) as usize;
        println!(
            "{:<16} {:<24} {:>10} {:>10}  {}",
            program,
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
