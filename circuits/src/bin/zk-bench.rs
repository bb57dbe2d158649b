//! `zk-bench`: constraints, key generation time, proving time and peak memory of the certificate
//! circuit on the SGP.26 DPauth NIST certificate, merged into `target/bench/zk.json`.
//!
//! Run it from a release build (`make bench` does): `zk-bench [VECTORS_DIR] [OUT_JSON]`.

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem, SynthesisMode};
use openrsp_circuits::{
    cert_p256::{split_certificate, CertP256Circuit, CiConstants, NAME},
    keys, Fr,
};
use std::{path::PathBuf, time::Instant};

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Resets the peak-RSS mark (Linux `clear_refs` 5), so proving is measured on its own.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() {
    if let Err(e) = run() {
        eprintln!("zk-bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let vectors = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "../shared/vectors/sgp26".into()),
    );
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/bench/zk.json".into()));
    let read = |rel: &str| {
        std::fs::read(vectors.join(rel))
            .map_err(|e| format!("{}: {e}", vectors.join(rel).display()))
    };
    let ci = CiConstants::from_certificate(&read("CertificateIssuer/CERT_CI_ECDSA_NIST.der")?)?;
    let (tbs, signature) = split_certificate(&read("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der")?)?;

    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    CertP256Circuit::blank(ci.clone()).generate_constraints(cs.clone())?;
    let constraints = cs.num_constraints();
    drop(cs);
    eprintln!("{NAME}: {constraints} constraints");

    let started = Instant::now();
    let circuit_keys = keys::setup(CertP256Circuit::blank(ci.clone()))?;
    let setup_s = started.elapsed().as_secs_f64();
    eprintln!("{NAME}: setup {setup_s:.1} s");

    let circuit = CertP256Circuit::new(ci, &tbs, signature, [7u8; 32])?;
    let public = circuit.public_input()?;
    reset_peak_rss();
    let started = Instant::now();
    keys::prove(&circuit_keys, circuit, &[public])?;
    let prove_s = started.elapsed().as_secs_f64();
    let peak = peak_rss_mb().unwrap_or(0.0);
    eprintln!("{NAME}: prove {prove_s:.1} s, peak RSS {peak:.0} MB");

    let mut report: serde_json::Map<String, serde_json::Value> = std::fs::read(&out)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    report.insert(
        NAME.into(),
        serde_json::json!({
            "constraints": constraints,
            "setup_s": (setup_s * 10.0).round() / 10.0,
            "prove_s": (prove_s * 10.0).round() / 10.0,
            "peak_rss_mb": peak.round(),
            "certificate": "SGP.26 CERT_S_SM_DPauth_ECDSA_NIST",
            "build": "release",
            "threads": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        }),
    );
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, serde_json::to_vec_pretty(&report)?)?;
    println!("{}", out.display());
    Ok(())
}
