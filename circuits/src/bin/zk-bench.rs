//! `zk-bench`: constraints, key generation time, proving time and peak memory of the circuits,
//! merged into `target/bench/zk.json`:
//! - `cert_p256` on the SGP.26 DPauth NIST certificate under the SGP.26 NIST CI;
//! - `euicc_chain` on the test-PKI eUICC in `circuits/testdata` (SGP.26 has no eUICC with keys),
//!   its EUM's leaf in a tree of three.
//!
//! `euicc_chain` proves as `eid prove` does, its key read from disk after synthesis.
//!
//! Run it from a release build (`make bench` does): `zk-bench [VECTORS_DIR] [OUT_JSON]`.

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem, SynthesisMode};
use openrsp_circuits::{
    cert_p256::{self, split_certificate, CertP256Circuit, CiConstants},
    euicc_chain::{self, eum_from_certificate, eum_leaf, EuiccChainCircuit, EumMembership},
    keys,
    merkle::MerkleTree,
    Fr,
};
use serde_json::{json, Value};
use std::{path::PathBuf, time::Instant};

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Resets the peak-RSS mark (Linux `clear_refs` 5), so each proof is measured on its own.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

type Error = Box<dyn std::error::Error>;

/// Where the proving key is while a circuit proves.
#[derive(Clone, Copy, PartialEq)]
enum KeyAt {
    /// In memory from the start (how `cert prove` works).
    Memory,
    /// Read from its cache file once the constraint system is dropped (how `eid prove` works:
    /// `keys::prove_loading_keys`); the time includes reading it.
    DiskAfterSynthesis,
}

/// Counts, sets up and proves one circuit; `public` is its one public input.
fn measure<C: ConstraintSynthesizer<Fr> + Clone>(
    name: &str,
    blank: C,
    circuit: C,
    public: Fr,
    input: &str,
    key_at: KeyAt,
) -> Result<Value, Error> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    blank.clone().generate_constraints(cs.clone())?;
    let constraints = cs.num_constraints();
    drop(cs);
    eprintln!("{name}: {constraints} constraints");

    let started = Instant::now();
    let circuit_keys = keys::setup(blank.clone())?;
    let setup_s = started.elapsed().as_secs_f64();
    eprintln!("{name}: setup {setup_s:.1} s");

    let (prove_s, key_note) = match key_at {
        KeyAt::Memory => {
            reset_peak_rss();
            let started = Instant::now();
            keys::prove(&circuit_keys, circuit, &[public])?;
            (started.elapsed().as_secs_f64(), "in memory from the start")
        }
        KeyAt::DiskAfterSynthesis => {
            let dir = std::env::temp_dir().join(format!("zk-bench-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            let path = keys::cache_path(&dir, name);
            {
                use ark_serialize::{CanonicalSerialize, Compress};
                let file = std::io::BufWriter::new(std::fs::File::create(&path)?);
                circuit_keys
                    .proving_key
                    .serialize_with_mode(file, Compress::No)?;
            }
            drop(circuit_keys);
            reset_peak_rss();
            let started = Instant::now();
            let proved = keys::prove_loading_keys(circuit, &[public], || {
                keys::load_or_setup(&dir, name, || blank.clone()).map(|(k, _)| k)
            });
            let elapsed = started.elapsed().as_secs_f64();
            let _ = std::fs::remove_dir_all(&dir);
            proved?;
            (
                elapsed,
                "read from disk once the constraint system is dropped",
            )
        }
    };
    let peak = peak_rss_mb().unwrap_or(0.0);
    eprintln!("{name}: prove {prove_s:.1} s, peak RSS {peak:.0} MB");
    Ok(json!({
        "constraints": constraints,
        "setup_s": (setup_s * 10.0).round() / 10.0,
        "prove_s": (prove_s * 10.0).round() / 10.0,
        "peak_rss_mb": peak.round(),
        "input": input,
        "proving_key": key_note,
        "build": "release",
        "threads": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    }))
}

fn main() {
    if let Err(e) = run() {
        eprintln!("zk-bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let vectors = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "../shared/vectors/sgp26".into()),
    );
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/bench/zk.json".into()));
    let testdata = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let read = |path: PathBuf| std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()));

    let mut report: serde_json::Map<String, Value> = std::fs::read(&out)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();

    // cert_p256
    let ci = CiConstants::from_certificate(&read(
        vectors.join("CertificateIssuer/CERT_CI_ECDSA_NIST.der"),
    )?)?;
    let (tbs, signature) = split_certificate(&read(
        vectors.join("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"),
    )?)?;
    let circuit = CertP256Circuit::new(ci.clone(), &tbs, signature, [7u8; 32])?;
    let public = circuit.public_input()?;
    report.insert(
        cert_p256::NAME.into(),
        measure(
            cert_p256::NAME,
            CertP256Circuit::blank(ci),
            circuit,
            public,
            "SGP.26 CERT_S_SM_DPauth_ECDSA_NIST",
            KeyAt::Memory,
        )?,
    );

    // euicc_chain
    let (key, iin) = eum_from_certificate(&read(testdata.join("eum.der"))?)?;
    let mut tree = MerkleTree::new()?;
    tree.set(0, Fr::from(11u64))?;
    let (anchor_key_id, not_after) = ([0xa5; 20], 4_102_444_800);
    tree.set(1, eum_leaf(&key, iin, &anchor_key_id, not_after)?)?;
    tree.set(2, Fr::from(13u64))?;
    let (tbs, signature) = split_certificate(&read(testdata.join("euicc-1.der"))?)?;
    let eum = EumMembership {
        key,
        iin,
        anchor_key_id,
        not_after,
        leaf_index: 1,
        path: tree.path(1),
    };
    // The chip's answer: what the SDK's emulated eUICC signed for wallet [7; 32] after the slot
    // hash [9; 32] (circuits/testdata/euicc-1.signed1.*, checked by the euicc_chain tests).
    let chip = openrsp_circuits::euicc_chain::testdata_chip_evidence(&testdata)?;
    let circuit = EuiccChainCircuit::new(
        &tbs,
        signature,
        eum,
        chip,
        openrsp_circuits::euicc_chain::EidClaim {
            salt: Fr::from(424_242u64),
            purpose: Fr::from(1u64),
            valid_at: 1_800_000_000,
            registrant: [7u8; 32],
            slot_hash: [9u8; 32],
        },
    )?;
    let public = circuit
        .witness
        .as_ref()
        .ok_or("no witness")?
        .statement
        .public_input()?;
    report.insert(
        euicc_chain::NAME.into(),
        measure(
            euicc_chain::NAME,
            EuiccChainCircuit::blank(),
            circuit,
            public,
            "test-PKI eUICC (circuits/testdata/euicc-1.der)",
            KeyAt::DiskAfterSynthesis,
        )?,
    );

    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, serde_json::to_vec_pretty(&report)?)?;
    println!("{}", out.display());
    Ok(())
}
