//! The RPC backend against a real validator on this machine: agave's test validator with its
//! faucet, a process started by the test itself (`tools/local-validator`), the four real `.so`
//! files in its genesis as upgradeable programs. `openrsp demo` runs once on a fresh embedded
//! ledger and once with `--url` against the validator: every command line, every transaction's
//! instructions and fees, every expected refusal and every token movement must come out the same.
//! The demo drives every command group (registry, cert, eid, plan, order, sub, lpa, token), so this
//! is the whole CLI through both backends. A second test deploys with `migrations/` over RPC.

use serde_json::Value;
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One validator at a time: each binds the default gossip port.
static ONE_VALIDATOR: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// agave's test validator with a faucet, as a process of its own (`tools/local-validator`, built
/// by `make validator`); it stops when this handle is dropped.
struct LocalValidator {
    child: Child,
    rpc_url: String,
    /// The genesis mint: funds the faucet, and is the upgrade authority of genesis programs.
    mint: Keypair,
}

impl LocalValidator {
    /// Starts it with a fresh ledger in `dir`, with our four programs in its genesis if
    /// `with_programs`.
    fn start(dir: &Path, with_programs: bool) -> LocalValidator {
        let binary = std::env::var_os("OPENRSP_LOCAL_VALIDATOR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("target/validator/debug/openrsp-local-validator"));
        assert!(
            binary.exists(),
            "{} is missing: `make test` builds it first (`make validator`, about 20 minutes once)",
            binary.display()
        );
        let mut command = Command::new(&binary);
        command
            .arg("--ledger")
            .arg(dir.join("validator-ledger"))
            .arg("--rpc-port")
            .arg(free_port_pair().to_string());
        if with_programs {
            for (id, stem) in openrsp_sdk::programs::program_files(&Default::default()) {
                let so = root().join("target/deploy").join(format!("{stem}.so"));
                command
                    .arg("--program")
                    .arg(format!("{id}={}", so.display()));
            }
        }
        let log = std::fs::File::create(dir.join("validator.log")).expect("validator log");
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start the local validator");
        // agave prints progress lines ("Waiting for fees to stabilize 1...") before ours.
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        while !line.starts_with('{') {
            line.clear();
            if stdout.read_line(&mut line).expect("the validator's output") == 0 {
                break;
            }
        }
        let ready: Value = serde_json::from_str(&line).unwrap_or_else(|e| {
            let log = std::fs::read_to_string(dir.join("validator.log")).unwrap_or_default();
            panic!("the local validator did not start ({e}): {line}\n{log}")
        });
        // Keep reading what it prints, so it never writes into a closed or full pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let mint: Vec<u8> = serde_json::from_value(ready["mint_keypair"].clone()).expect("mint");
        LocalValidator {
            child,
            rpc_url: ready["rpc_url"].as_str().expect("rpc_url").to_string(),
            mint: Keypair::try_from(mint.as_slice()).expect("mint keypair"),
        }
    }
}

/// A port p with p and p + 1 free on loopback (JSON-RPC and its websocket).
fn free_port_pair() -> u16 {
    loop {
        let first = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = first.local_addr().expect("its address").port();
        if port < u16::MAX && std::net::TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
}

impl Drop for LocalValidator {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `openrsp demo --output json` in `work`, with `extra` arguments.
fn demo(work: &std::path::Path, extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_openrsp"))
        .arg("demo")
        .arg("--work")
        .arg(work)
        .args(["--output", "json"])
        .args(extra)
        .current_dir(root())
        .env("OPENRSP_KEYS", root().join("target/test-keys"))
        .env("OPENRSP_PROGRAMS", root().join("target/deploy"))
        .env("OPENRSP_SGP26", root().join("../shared/vectors/sgp26"))
        .env_remove("OPENRSP_URL")
        .env_remove("OPENRSP_LEDGER")
        .output()
        .expect("run openrsp demo");
    assert!(
        out.status.success(),
        "openrsp demo {extra:?} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the demo's JSON report")
}

/// Generates the circuit keys the demo uses (`cert_p256` of the SGP.26 CI and of the test-PKI CI,
/// `euicc_chain`) into the test cache, unless they are there already.
fn cache_demo_circuit_keys() {
    use openrsp_sdk::{certificate::RspCertificate, eid_commitment::proof, prover::Circuit};
    let dir = root().join("target/test-keys");
    for ci in [
        root().join("../shared/vectors/sgp26/CertificateIssuer/CERT_CI_ECDSA_NIST.der"),
        root().join("circuits/testdata/ci.der"),
    ] {
        let ci = RspCertificate::from_file(&ci).expect("CI certificate");
        let circuit = Circuit::from_name("cert-p256", Some(&ci)).expect("cert_p256");
        circuit.load_or_setup(&dir).expect("cert_p256 keys");
    }
    proof::eid_circuit_keys(&dir).expect("euicc_chain keys");
}

/// Every run of 32 or more base58 characters (addresses, signatures) as `<b58>`, the work
/// directory as `<work>`: what legitimately differs between two runs with fresh keys.
fn mask(text: &str, work: &str) -> String {
    let text = text.replace(work, "<work>");
    let is_b58 = |c: char| c.is_ascii_alphanumeric() && !"0OIl".contains(c);
    let (mut out, mut run) = (String::new(), String::new());
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_b58(c) {
            run.push(c);
            continue;
        }
        out.push_str(if run.len() >= 32 { "<b58>" } else { &run });
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// Per step: title, and per command its masked line, signer, refusal, and instruction names and
/// fees of its transactions.
fn shape(report: &Value, work: &str) -> Vec<Value> {
    report["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|step| {
            let commands: Vec<Value> = step["commands"]
                .as_array()
                .expect("commands")
                .iter()
                .map(|c| {
                    let refused = c["result"]["refused"].as_str().map(|m| mask(m, work));
                    let txs: Vec<Value> = c["transactions"]
                        .as_array()
                        .expect("transactions")
                        .iter()
                        .map(|t| serde_json::json!([t["instructions"], t["fee"]]))
                        .collect();
                    serde_json::json!({
                        "command": mask(c["command"].as_str().expect("command"), work),
                        "signer": c["signer"],
                        "refused": refused,
                        "exit_code": c["result"]["exit_code"],
                        "transactions": txs,
                    })
                })
                .collect();
            serde_json::json!({ "title": step["title"], "commands": commands })
        })
        .collect()
}

#[test]
fn the_cli_gives_the_same_results_on_a_real_validator_as_on_the_embedded_ledger() {
    let base = std::env::temp_dir().join(format!("openrsp-rpc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let (embedded_work, rpc_work) = (base.join("embedded"), base.join("rpc"));

    // Both runs at once: the one over RPC spends much of its time waiting for confirmations. The
    // circuit keys must be in the cache first, or each run would generate (different) keys.
    cache_demo_circuit_keys();
    let embedded_run = std::thread::spawn({
        let work = embedded_work.clone();
        move || demo(&work, &[])
    });
    let _one = ONE_VALIDATOR.lock().unwrap_or_else(|e| e.into_inner());
    let validator = LocalValidator::start(&base, true);
    let url = validator.rpc_url.clone();
    // The genesis mint deployed the programs (their upgrade authority): it is the demo's deployer
    // there, at the demo's default place for it, so both runs show the same command lines.
    std::fs::create_dir_all(&rpc_work).unwrap();
    std::fs::write(
        rpc_work.join("deployer.json"),
        serde_json::to_string(&validator.mint.to_bytes().to_vec()).unwrap(),
    )
    .unwrap();
    let rpc = demo(&rpc_work, &["--url", &url]);
    assert_eq!(rpc["ledger"], url, "the second run went to the validator");
    let embedded = embedded_run
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));

    let (a, b) = (
        shape(&embedded, &embedded_work.display().to_string()),
        shape(&rpc, &rpc_work.display().to_string()),
    );
    assert_eq!(a.len(), b.len(), "same steps");
    for (step_a, step_b) in a.iter().zip(&b) {
        assert_eq!(
            step_a, step_b,
            "a step differs between the embedded ledger and the validator"
        );
    }
    assert!(
        a.iter().any(|s| s["commands"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| !c["refused"].is_null())),
        "the demo tries things that must be refused"
    );
    assert_eq!(embedded["transactions"], rpc["transactions"]);
    assert_eq!(embedded["fees_lamports"], rpc["fees_lamports"]);

    // The same token movements, to the base unit, and the same amount left in vaults. (SOL
    // differs: rent per byte is a cluster parameter, and litesvm's feature set rents cheaper
    // than agave 3.1's genesis; and a refused transaction sent to the embedded ledger pays its
    // fee, where over RPC the simulation refuses it first. Both only lose SOL.)
    let holdings = |r: &Value| -> Vec<(String, i64, i64)> {
        r["balance_sheet"]["holdings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let n = |k: &str| h[k].as_u64().unwrap() as i64;
                (
                    h["persona"].as_str().unwrap().to_string(),
                    n("token_end") - n("token_start"),
                    n("sol_end") - n("sol_start"),
                )
            })
            .collect()
    };
    let tokens = |r: &Value| -> Vec<(String, i64)> {
        holdings(r).into_iter().map(|(p, t, _)| (p, t)).collect()
    };
    assert_eq!(tokens(&embedded), tokens(&rpc));
    assert_eq!(
        embedded["balance_sheet"]["token_in_vaults"],
        rpc["balance_sheet"]["token_in_vaults"]
    );
    for (persona, _, sol) in holdings(&rpc) {
        assert!(sol <= 0, "{persona} gained SOL on the validator: {sol}");
    }
    let consumer = tokens(&rpc)
        .into_iter()
        .find(|h| h.0 == "consumer")
        .unwrap();
    assert_eq!(
        consumer.1, -14_990_000,
        "the plan (9.99) and the deposit (5.00)"
    );

    // Every transaction on the validator really landed: its signature is confirmed there.
    let client = openrsp_sdk::client::RpcLedger::new(&url);
    let client = client.client();
    for sig in rpc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["commands"].as_array().unwrap())
        .flat_map(|c| c["transactions"].as_array().unwrap())
        .map(|t| t["signature"].as_str().unwrap().parse().unwrap())
    {
        // Searched in the ledger's history, not only the status cache: the cache holds the last
        // few hundred slots, and the demo's first transactions are older than that by its end.
        let status = client
            .get_signature_status_with_commitment_and_history(
                &sig,
                solana_commitment_config::CommitmentConfig::confirmed(),
                true,
            )
            .expect("rpc");
        assert!(
            matches!(status, Some(Ok(()))),
            "transaction {sig} is not confirmed: {status:?}"
        );
    }
    drop(validator);
    let _ = std::fs::remove_dir_all(&base);
}

/// `openrsp` with `args` against `url`; (exit code, stdout, stderr).
fn cli(url: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_openrsp"))
        .args(args)
        .args(["--url", url])
        .env_remove("OPENRSP_LEDGER")
        .output()
        .expect("run openrsp");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `make deploy` against a real validator that starts without our programs: the four programs go
/// in with the upgradeable loader over RPC (buffer chunks in flight together), the registry, the
/// SGP.26 trust anchor, its circuit key, billing and escrow are set up from the real
/// `migrations/deploy.json`, the CLI then reads them over RPC, and a second run sends nothing.
#[test]
fn the_deployment_sets_up_a_real_validator_once() {
    use openrsp_migrations::{run, Config, Sources};
    use openrsp_sdk::client::{Ledger, RpcLedger};

    let base = std::env::temp_dir().join(format!("openrsp-deploy-rpc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let _one = ONE_VALIDATOR.lock().unwrap_or_else(|e| e.into_inner());
    let validator = LocalValidator::start(&base, false);
    let url = validator.rpc_url.clone();
    let payer = validator.mint.insecure_clone();
    let mut ledger = RpcLedger::new(&url);
    assert!(
        ledger
            .account(&openrsp_sdk::programs::CERT_REGISTRY_ID)
            .unwrap()
            .is_none(),
        "the validator starts without our programs"
    );

    let config = Config::read(&root().join("migrations/deploy.json")).expect("the real config");
    let sources = Sources {
        programs: root().join("target/deploy"),
        program_keys: root().join("migrations/keys"),
        circuit_keys: root().join("target/test-keys"),
    };
    let (ids, report) = run(&mut ledger, &payer, &config, &sources).expect("first deployment");
    let text = report.join("\n");
    assert_eq!(text.matches(": deployed").count(), 4, "{text}");
    for step in [
        "registry initialised",
        ": added",
        "billing initialised, fee 25 bps",
        "escrow initialised",
    ] {
        assert!(text.contains(step), "{step:?} missing from:\n{text}");
    }
    for (id, stem) in openrsp_sdk::programs::program_files(&ids) {
        let deployed = openrsp_sdk::deploy::deployed_bytes(&ledger, &id)
            .unwrap()
            .expect("deployed");
        let elf = std::fs::read(root().join("target/deploy").join(format!("{stem}.so"))).unwrap();
        assert_eq!(
            &deployed[..elf.len()],
            &elf[..],
            "{stem}: the bytes on the validator are the .so"
        );
    }

    // The CLI reads the deployment over RPC: the key, the anchor, and an LPA's answer about an
    // SM-DP+ nobody registered (exit code 4, one line).
    let (code, out, err) = cli(&url, &["registry", "vk", "list", "--output", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let keys: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(keys.as_array().map(Vec::len), Some(1), "{out}");
    let (code, out, err) = cli(&url, &["registry", "anchor", "list", "--output", "json"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("SGP.26"), "{out}");
    let dp_auth = root().join("../shared/vectors/sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der");
    let (code, _, err) = cli(
        &url,
        &["lpa", "check-smdp", "--cert", dp_auth.to_str().unwrap()],
    );
    assert_eq!(code, Some(4), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let balance = ledger.balance(&payer.pubkey()).unwrap();
    let (_, report) = run(&mut ledger, &payer, &config, &sources).expect("second deployment");
    let text = report.join("\n");
    assert_eq!(text.matches(": unchanged").count(), 4, "{text}");
    assert!(
        !text.contains("added") && !text.contains("initialised"),
        "{text}"
    );
    assert_eq!(
        ledger.balance(&payer.pubkey()).unwrap(),
        balance,
        "the second run sent nothing"
    );
    drop(validator);
    let _ = std::fs::remove_dir_all(&base);
}

/// Anchor's JavaScript client (`@coral-xyz/anchor`, pinned in `tools/anchor-client`, installed by
/// `npm ci`) against the real programs on the validator, with the committed IDLs alone: it sets
/// up all four programs as their upgrade authority (the genesis mint) and pauses each, leaving the
/// config PDAs, the ProgramData accounts and the system program for the client to resolve from the
/// IDLs. The accounts are then read back here with the SDK.
#[test]
fn anchors_javascript_client_drives_every_program_from_the_idls() {
    use openrsp_sdk::{
        client::RpcLedger,
        governance::{Governance, GovernedProgram},
        programs::ProgramIds,
    };
    let client_dir = root().join("tools/anchor-client");
    assert!(
        client_dir.join("node_modules/@coral-xyz/anchor").exists(),
        "tools/anchor-client/node_modules is missing: `make test-deps` runs `npm ci` there"
    );
    let base = std::env::temp_dir().join(format!("openrsp-anchor-js-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    // The euicc_chain key the demo uses (cached), as the IDL's Groth16VerifyingKeyBytes.
    let (keys, _) =
        openrsp_sdk::eid_commitment::proof::eid_circuit_keys(&root().join("target/test-keys"))
            .expect("euicc_chain keys");
    let key = openrsp_sdk::zk::encode_verifying_key(keys.verifying_key()).expect("key");
    let vk = serde_json::json!({
        "circuit_id": openrsp_circuits::euicc_chain::CIRCUIT_ID,
        "circuit_version": openrsp_circuits::euicc_chain::REVISION,
        "alpha_g1": key.alpha_g1.to_vec(),
        "beta_g2": key.beta_g2.to_vec(),
        "gamma_g2": key.gamma_g2.to_vec(),
        "delta_g2": key.delta_g2.to_vec(),
        "ic": key.ic.iter().map(|p| p.to_vec()).collect::<Vec<_>>(),
    });
    std::fs::write(base.join("vk.json"), vk.to_string()).unwrap();

    let _one = ONE_VALIDATOR.lock().unwrap_or_else(|e| e.into_inner());
    let validator = LocalValidator::start(&base, true);
    let deployer = base.join("deployer.json");
    std::fs::write(
        &deployer,
        serde_json::to_string(&validator.mint.to_bytes().to_vec()).unwrap(),
    )
    .unwrap();
    let out = Command::new("node")
        .arg(client_dir.join("run.mjs"))
        .arg(&validator.rpc_url)
        .arg(&deployer)
        .arg(base.join("vk.json"))
        .arg(root().join("idl"))
        .current_dir(&client_dir)
        .output()
        .expect("node (Node.js 20 or later) runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the Anchor client failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(
        lines.iter().filter(|l| !l["signature"].is_null()).count(),
        8,
        "four set-ups and four pauses: {stdout}"
    );

    let mut ledger = RpcLedger::new(&validator.rpc_url);
    for program in GovernedProgram::ALL {
        let id = program.id(&ProgramIds::default());
        let view = Governance::new(&mut ledger, program, id)
            .view()
            .expect("rpc")
            .expect("set up by the Anchor client");
        assert_eq!(
            view.authority,
            validator.mint.pubkey(),
            "{}",
            program.name()
        );
        assert!(view.paused, "{}", program.name());
    }
    drop(validator);
    let _ = std::fs::remove_dir_all(&base);
}
