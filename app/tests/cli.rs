//! The `openrsp` binary end to end on a fresh embedded ledger: the registry flow, JSON output,
//! exit codes, and one-line errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn vector(rel: &str) -> String {
    root()
        .join("../shared/vectors/sgp26")
        .join(rel)
        .display()
        .to_string()
}

struct Cli {
    dir: PathBuf,
}

impl Cli {
    fn new(name: &str) -> Cli {
        let dir = std::env::temp_dir().join(format!("openrsp-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Cli { dir }
    }

    fn run(&self, keypair: &str, args: &[&str]) -> Output {
        self.run_env(keypair, args, &[])
    }

    /// Like [`Cli::run`] with extra environment variables.
    fn run_env(&self, keypair: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_openrsp"))
            .args(args)
            .envs(env.iter().copied())
            .arg("--keypair")
            .arg(self.dir.join(keypair))
            .env("OPENRSP_LEDGER", self.dir.join("ledger"))
            // Circuit keys are shared with the on-chain tests (generated once per machine).
            .env("OPENRSP_KEYS", root().join("target/test-keys"))
            .env("OPENRSP_PROGRAMS", root().join("target/deploy"))
            .env_remove("OPENRSP_URL")
            .output()
            .expect("run openrsp")
    }

    /// Runs and expects success; returns stdout.
    #[track_caller]
    fn ok(&self, keypair: &str, args: &[&str]) -> String {
        let out = self.run(keypair, args);
        assert!(
            out.status.success(),
            "openrsp {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, keypair: &str, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--output", "json"]);
        serde_json::from_str(&self.ok(keypair, &all)).expect("json output")
    }

    fn path(&self, rel: &str) -> String {
        self.dir.join(rel).display().to_string()
    }
}

impl Drop for Cli {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// stderr is exactly one line starting with `error: `, and no backtrace.
#[track_caller]
fn one_line_error(out: &Output, code: i32, contains: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected, got: {stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(
        lines[0].contains(contains),
        "expected {contains:?} in {stderr}"
    );
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"));
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SoftHSM2's PKCS#11 module (Debian's `softhsm2`; `make test` installs it).
const SOFTHSM_MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

/// A SoftHSM2 token of its own in the test's directory (its own configuration file, so the
/// machine's tokens are never touched), initialised with a user PIN.
struct SoftHsm {
    conf: String,
}

impl SoftHsm {
    const TOKEN: &'static str = "openrsp-test";
    const PIN: &'static str = "1234";

    fn new(cli: &Cli) -> SoftHsm {
        assert!(
            Path::new(SOFTHSM_MODULE).exists(),
            "{SOFTHSM_MODULE} is missing: `make test` installs Debian's softhsm2"
        );
        let tokens = cli.dir.join("tokens");
        std::fs::create_dir_all(&tokens).unwrap();
        let conf = cli.path("softhsm2.conf");
        std::fs::write(
            &conf,
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                tokens.display()
            ),
        )
        .unwrap();
        let hsm = SoftHsm { conf };
        hsm.util(&[
            "--init-token",
            "--free",
            "--label",
            Self::TOKEN,
            "--pin",
            Self::PIN,
            "--so-pin",
            "5678",
        ]);
        hsm
    }

    fn util(&self, args: &[&str]) {
        let out = Command::new("softhsm2-util")
            .args(args)
            .env("SOFTHSM2_CONF", &self.conf)
            .output()
            .expect("softhsm2-util (Debian softhsm2; `make test` installs it)");
        assert!(
            out.status.success(),
            "softhsm2-util {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Imports a P-256 key (SEC1 PEM, converted to PKCS#8 by openssl) under `label`.
    fn import(&self, sec1_pem: &str, label: &str, id: &str) {
        let pkcs8 = format!("{}.{label}.p8", self.conf);
        let status = Command::new("openssl")
            .args([
                "pkcs8", "-topk8", "-nocrypt", "-in", sec1_pem, "-out", &pkcs8,
            ])
            .status()
            .expect("openssl");
        assert!(status.success());
        self.util(&[
            "--import",
            &pkcs8,
            "--token",
            Self::TOKEN,
            "--label",
            label,
            "--id",
            id,
            "--pin",
            Self::PIN,
        ]);
    }
}

/// `cert lookup --output json` of a certificate the registry does not vouch for: exit 4, the
/// verdict as JSON.
#[track_caller]
fn untrusted_lookup(cli: &Cli, keypair: &str, cert: &str) -> serde_json::Value {
    let out = cli.run(
        keypair,
        &["cert", "lookup", "--cert", cert, "--output", "json"],
    );
    assert_eq!(out.status.code(), Some(4));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The operator's address.
fn reg_registrant(cli: &Cli) -> serde_json::Value {
    cli.json("op.json", &["address"])["address"].clone()
}

fn exists(p: &Path) -> bool {
    p.exists()
}

#[test]
fn the_registry_flow_through_the_cli() {
    let cli = Cli::new("flow");
    cli.ok("gov.json", &["keygen", "--out", &cli.path("gov.json")]);
    cli.ok("op.json", &["keygen", "--out", &cli.path("op.json")]);
    assert!(exists(&cli.dir.join("gov.json")));
    cli.ok("gov.json", &["airdrop", "5"]);
    cli.ok("op.json", &["airdrop", "5"]);

    let init = cli.json("gov.json", &["registry", "init"]);
    assert!(init["receipt"]["compute_units"].as_u64().unwrap() > 0);
    let ci = vector("CertificateIssuer/CERT_CI_ECDSA_NIST.der");
    let anchor = cli.json("gov.json", &["registry", "anchor", "add", "--cert", &ci]);
    assert_eq!(anchor["key_id"], "f54172bdf98a95d65cbeb88a38a1c11d800a85c3");
    cli.ok(
        "gov.json",
        &[
            "registry",
            "vk",
            "add",
            "--roles",
            "dp-auth,dp-pb",
            "--anchor-cert",
            &ci,
        ],
    );

    // A key exported to snarkjs JSON and registered back under another circuit id.
    let vk_json = cli.path("verification_key.json");
    one_line_error(
        &cli.run("gov.json", &["registry", "vk", "export", "--out", &vk_json]),
        1,
        "--anchor-cert",
    );
    cli.ok(
        "gov.json",
        &[
            "registry",
            "vk",
            "export",
            "--anchor-cert",
            &ci,
            "--out",
            &vk_json,
        ],
    );
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&vk_json).unwrap()).unwrap();
    assert_eq!(exported["protocol"], "groth16");
    assert_eq!(exported["nPublic"], 1);
    let added = cli.json(
        "gov.json",
        &[
            "registry",
            "vk",
            "add",
            "--snarkjs-vk",
            &vk_json,
            "--circuit-id",
            "7",
            "--roles",
            "eum",
            "--anchor-cert",
            &ci,
        ],
    );
    assert_eq!(added["circuit_id"], 7);
    let shown = cli.json(
        "gov.json",
        &[
            "registry",
            "vk",
            "show",
            "--circuit-id",
            "7",
            "--anchor-cert",
            &ci,
        ],
    );
    assert_eq!(shown["roles"], serde_json::json!(["eum"]));

    let dpauth = vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der");
    let proof = cli.path("dpauth.json");
    // Native pre-checks refuse a certificate against the wrong CI or outside its window.
    let brp_ci = vector("CertificateIssuer/CERT_CI_ECDSA_BRP.der");
    let prove = |ci: &str, extra: &[&str]| {
        let mut args = vec![
            "cert", "prove", "--cert", &dpauth, "--ci", ci, "--out", &proof,
        ];
        args.extend_from_slice(extra);
        cli.run("op.json", &args)
    };
    one_line_error(&prove(&brp_ci, &[]), 1, "brainpool");
    one_line_error(&prove(&ci, &["--at", "2099-01-01"]), 1, "expired");
    one_line_error(
        &prove(&ci, &["--at", "2000-01-01T00:00:00Z"]),
        1,
        "not valid yet",
    );
    assert!(
        !Path::new(&proof).exists(),
        "no proof file is written when a check fails"
    );
    // ... and what the registry's keys would refuse: a role the key does not accept (the key
    // of circuit 7 is for EUMs; the SGP.26 key is for dp-auth and dp-pb, not DPtls).
    one_line_error(
        &prove(&ci, &["--at", "2026-01-01", "--circuit-id", "7"]),
        1,
        "accepts eum certificates, not dp-auth",
    );
    let dptls = vector("DPtls/CERT_S_SM_DP_TLS_NIST.der");
    one_line_error(
        &cli.run(
            "op.json",
            &[
                "cert",
                "prove",
                "--cert",
                &dptls,
                "--ci",
                &ci,
                "--at",
                "2026-01-01",
                "--out",
                &proof,
            ],
        ),
        1,
        "not dp-tls",
    );
    assert!(
        !Path::new(&proof).exists(),
        "no proof file is written when a check fails"
    );
    assert!(prove(&ci, &["--at", "2026-01-01"]).status.success());

    // The proof as snarkjs files, and back: what a circom team's prover hands over.
    let snarkjs_dir = cli.path("snarkjs");
    let exported = cli.json(
        "op.json",
        &[
            "cert",
            "export-proof",
            "--proof",
            &proof,
            "--out-dir",
            &snarkjs_dir,
        ],
    );
    let read_json = |p: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let (proof_json, public_json) = (
        exported["proof"].as_str().unwrap().to_string(),
        exported["public"].as_str().unwrap().to_string(),
    );
    assert_eq!(read_json(&proof_json)["protocol"], "groth16");
    assert_eq!(read_json(&public_json).as_array().unwrap().len(), 1);
    let imported = cli.path("imported.json");
    let import = |statement: &str| {
        cli.run(
            "op.json",
            &[
                "cert",
                "import-proof",
                "--snarkjs-proof",
                &proof_json,
                "--public",
                &public_json,
                "--statement",
                statement,
                "--out",
                &imported,
            ],
        )
    };
    assert!(import(&proof).status.success());
    assert_eq!(
        read_json(&imported),
        read_json(&proof),
        "the same proof file back"
    );
    // A statement the proof is not about (a longer window) is refused before the chain sees it.
    let mut longer = read_json(&proof);
    longer["not_after"] = serde_json::json!(longer["not_after"].as_u64().unwrap() + 86_400);
    let longer_path = cli.path("longer.json");
    std::fs::write(&longer_path, longer.to_string()).unwrap();
    std::fs::remove_file(&imported).unwrap();
    one_line_error(&import(&longer_path), 1, "not about this statement");
    assert!(!Path::new(&imported).exists());
    assert!(import(&proof).status.success());

    // Without the certificate's key there is no registration; with another key, neither.
    one_line_error(
        &cli.run("op.json", &["cert", "register", "--proof", &imported]),
        1,
        "--cert-key, --pkcs11-module or --possession-signature",
    );
    one_line_error(
        &cli.run(
            "op.json",
            &[
                "cert",
                "register",
                "--proof",
                &imported,
                "--cert-key",
                &vector("DPpb/SK_S_SM_DPpb_ECDSA_NIST.pem"),
            ],
        ),
        1,
        "did not sign with the certificate's subject key",
    );
    // The SM-DP+'s key lives in an HSM: a SoftHSM2 token holding the SGP.26 DPauth key (and,
    // under another label, the DPpb key).
    let hsm = SoftHsm::new(&cli);
    hsm.import(
        &vector("DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem"),
        "dpauth",
        "01",
    );
    hsm.import(&vector("DPpb/SK_S_SM_DPpb_ECDSA_NIST.pem"), "dppb", "02");
    let with_hsm = |key: &str, pin: &str| {
        cli.run_env(
            "op.json",
            &[
                "cert",
                "register",
                "--proof",
                &imported,
                "--pkcs11-module",
                SOFTHSM_MODULE,
                "--pkcs11-token",
                SoftHsm::TOKEN,
                "--pkcs11-key",
                key,
                "--output",
                "json",
            ],
            &[("SOFTHSM2_CONF", &hsm.conf), ("OPENRSP_PKCS11_PIN", pin)],
        )
    };
    one_line_error(&with_hsm("dpauth", "0000"), 1, "logging in");
    one_line_error(
        &with_hsm("nothing", SoftHsm::PIN),
        1,
        "no private key with this label",
    );
    one_line_error(
        &with_hsm("dppb", SoftHsm::PIN),
        1,
        "did not sign with the certificate's subject key",
    );
    let out = with_hsm("dpauth", SoftHsm::PIN);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reg: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cu = reg["receipt"]["compute_units"].as_u64().unwrap();
    assert!(cu > 70_000 && cu < 110_000, "register_certificate {cu} CU");
    // One transaction signature and one precompile signature.
    assert_eq!(reg["receipt"]["fee"], 10_000);

    // dApps list what the registry trusts.
    let anchors = cli.json("op.json", &["registry", "anchor", "list"]);
    assert_eq!(anchors.as_array().unwrap().len(), 1);
    assert_eq!(
        cli.json("op.json", &["registry", "vk", "list"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let listed = cli.json("op.json", &["cert", "list", "--role", "dp-auth", "--valid"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["registrant"], reg_registrant(&cli));
    assert!(cli
        .json("op.json", &["cert", "list", "--role", "eum"])
        .as_array()
        .unwrap()
        .is_empty());

    // State persisted between invocations: the LPA's lookup in a new process finds it.
    let lookup = cli.json("op.json", &["cert", "lookup", "--cert", &dpauth]);
    assert_eq!(lookup["status"], "valid");
    assert_eq!(lookup["record"]["role"], "dp-auth");

    // Another signer cannot use the operator's proof, even with the certificate's key.
    let dpauth_key = vector("DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem");
    let with_key = ["--cert-key", dpauth_key.as_str()];
    let out = cli.run(
        "gov.json",
        &[
            &["cert", "register", "--proof", proof.as_str()][..],
            &with_key,
        ]
        .concat(),
    );
    one_line_error(&out, 1, "bound to registrant");

    // A governance call by the operator is refused by the program: exit code 3.
    let out = cli.run("op.json", &["registry", "pause"]);
    one_line_error(&out, 3, "Unauthorized");

    // Registering twice: refused by the program, with its message.
    let out = cli.run(
        "op.json",
        &[
            &["cert", "register", "--proof", proof.as_str()][..],
            &with_key,
        ]
        .concat(),
    );
    one_line_error(&out, 3, "already registered");

    cli.ok(
        "op.json",
        &[
            "cert",
            "revoke",
            "--cert",
            &dpauth,
            "--reason",
            "key-compromise",
        ],
    );
    let lookup = untrusted_lookup(&cli, "op.json", &dpauth);
    assert_eq!(lookup["status"], "revoked");
    assert_eq!(lookup["record"]["revocation_reason"], 1);

    // A certificate never registered is unknown.
    let dppb = vector("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der");
    let out = cli.run("op.json", &["cert", "lookup", "--cert", &dppb]);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stdout).contains("unknown"));
}

#[test]
fn bad_input_gets_one_line_and_a_nonzero_exit() {
    let cli = Cli::new("errors");
    // No keypair file.
    let out = cli.run("missing.json", &["registry", "init"]);
    one_line_error(&out, 1, "openrsp keygen");
    // A file that is not a certificate.
    cli.ok("k.json", &["keygen", "--out", &cli.path("k.json")]);
    std::fs::write(cli.dir.join("junk.der"), b"not a certificate").unwrap();
    let out = cli.run(
        "k.json",
        &["cert", "lookup", "--cert", &cli.path("junk.der")],
    );
    one_line_error(&out, 1, "not a DER X.509 certificate");
    // A malformed proof file.
    std::fs::write(cli.dir.join("bad.json"), b"{\"circuit\": 1}").unwrap();
    let out = cli.run(
        "k.json",
        &["cert", "register", "--proof", &cli.path("bad.json")],
    );
    one_line_error(&out, 1, "not a proof file");
    // An unknown role.
    let ci = vector("CertificateIssuer/CERT_CI_ECDSA_NIST.der");
    let out = cli.run(
        "k.json",
        &[
            "registry",
            "vk",
            "add",
            "--roles",
            "dp-xyz",
            "--anchor-cert",
            &ci,
        ],
    );
    one_line_error(&out, 1, "unknown role");
    // No registry yet.
    let out = cli.run("k.json", &["registry", "show"]);
    one_line_error(&out, 1, "registry init");
    // keygen refuses to overwrite.
    let out = cli.run("k.json", &["keygen", "--out", &cli.path("k.json")]);
    one_line_error(&out, 1, "not overwriting");
    // Usage errors are clap's (exit 2).
    let out = cli.run("k.json", &["cert", "prove"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn testpki_issues_a_gsma_chain_once() {
    let cli = Cli::new("testpki");
    let out = cli.path("pki");
    let issued = cli.json("k.json", &["testpki", "--out", &out, "--euiccs", "2"]);
    let eids = issued["euiccs"].as_array().unwrap();
    assert_eq!(eids.len(), 2);
    for chip in eids {
        let eid = chip["eid"].as_str().unwrap();
        assert!(eid.starts_with("89049032") && eid.len() == 32);
        assert!(exists(Path::new(chip["certificate"].as_str().unwrap())));
    }
    for file in [
        "ci.der",
        "ci.key.pem",
        "eum.der",
        "eum.key.pem",
        "euicc-2.key.pem",
    ] {
        assert!(exists(&cli.dir.join("pki").join(file)), "{file}");
    }
    // The CI it made is a trust anchor the registry accepts as such.
    let ci = cli.dir.join("pki/ci.der").display().to_string();
    cli.ok("k.json", &["keygen", "--out", &cli.path("k.json")]);
    cli.ok("k.json", &["airdrop", "2"]);
    cli.ok("k.json", &["registry", "init"]);
    let anchor = cli.json("k.json", &["registry", "anchor", "add", "--cert", &ci]);
    assert_eq!(anchor["key_id"].as_str().unwrap().len(), 40);
    // Never overwrites; a malformed IIN is refused in one line.
    one_line_error(
        &cli.run("k.json", &["testpki", "--out", &out]),
        1,
        "must not exist",
    );
    one_line_error(
        &cli.run(
            "k.json",
            &["testpki", "--out", &cli.path("p2"), "--iin", "123"],
        ),
        1,
        "IIN",
    );
}

#[test]
fn the_eid_flow_through_the_cli() {
    let cli = Cli::new("eid");
    let pki = |name: &str| {
        root()
            .join("circuits/testdata")
            .join(name)
            .display()
            .to_string()
    };
    for who in ["gov", "eum", "alice", "bob"] {
        let file = format!("{who}.json");
        cli.ok(&file, &["keygen", "--out", &cli.path(&file)]);
        cli.ok(&file, &["airdrop", "5"]);
    }
    cli.ok("gov.json", &["registry", "init"]);
    cli.ok(
        "gov.json",
        &["registry", "anchor", "add", "--cert", &pki("ci.der")],
    );
    cli.ok(
        "gov.json",
        &[
            "registry",
            "vk",
            "add",
            "--roles",
            "eum",
            "--anchor-cert",
            &pki("ci.der"),
        ],
    );
    // Before the tree exists, an EUM cannot register; eid prove has no tree to prove against.
    let eum_proof = cli.path("eum.proof.json");
    cli.ok(
        "eum.json",
        &[
            "cert",
            "prove",
            "--cert",
            &pki("eum.der"),
            "--ci",
            &pki("ci.der"),
            "--out",
            &eum_proof,
        ],
    );
    let eum_key = pki("eum.key.pem");
    let register_eum = [
        "cert",
        "register",
        "--proof",
        &eum_proof,
        "--cert-key",
        &eum_key,
    ];
    one_line_error(&cli.run("eum.json", &register_eum), 3, "EumTreeRequired");
    cli.ok("gov.json", &["registry", "eum-tree", "init"]);
    // The EUM signs outside OpenRSP: the message printed, signed by openssl with the EUM's key,
    // the DER signature handed back. A signature over anything else is refused.
    let message = cli.path("possession.bin");
    let printed = cli.json(
        "eum.json",
        &[
            "cert",
            "possession-message",
            "--proof",
            &eum_proof,
            "--out",
            &message,
        ],
    );
    assert_eq!(
        hex_of(&std::fs::read(&message).unwrap()),
        printed["message"].as_str().unwrap()
    );
    let signature = cli.path("possession.der");
    let sign = |input: &str| {
        let status = Command::new("openssl")
            .args([
                "dgst", "-sha256", "-sign", &eum_key, "-out", &signature, input,
            ])
            .status()
            .expect("openssl");
        assert!(status.success());
    };
    let other = cli.path("other.bin");
    std::fs::write(&other, b"another message").unwrap();
    sign(&other);
    let external = [
        "cert",
        "register",
        "--proof",
        &eum_proof,
        "--possession-signature",
        &signature,
    ];
    one_line_error(
        &cli.run("eum.json", &external),
        1,
        "did not sign with the certificate's subject key",
    );
    sign(&message);
    cli.ok("eum.json", &external);
    let tree = cli.json("gov.json", &["registry", "eum-tree", "show"]);
    assert_eq!(tree["leaves"], 1);
    assert_eq!(tree["depth"], 14);

    cli.ok("gov.json", &["eid", "init"]);
    let config = cli.json("gov.json", &["eid", "config"]);
    assert_eq!(config["circuit_id"], 0x0200_0001);
    assert_eq!(config["paused"], false);
    assert_eq!(config["purposes"], serde_json::json!([1]));
    // Paused: registrations are refused (checked below once a proof exists).
    cli.ok("gov.json", &["eid", "pause"]);
    // Alice binds her wallet; her chip (the test PKI's, emulated) signs the binding.
    let testdata = root().join("circuits/testdata").display().to_string();
    let binding = cli.path("binding.json");
    let bound = cli.json("alice.json", &["eid", "bind", "--out", &binding]);
    assert_eq!(bound["matching_id"].as_str().unwrap().len(), 64);
    let answer = cli.path("answer.der");
    let emulate = |binding: &str, out: &str| {
        vec![
            "eid".to_string(),
            "emulate-chip".into(),
            "--pki".into(),
            testdata.clone(),
            "--binding".into(),
            binding.into(),
            "--out".into(),
            out.into(),
        ]
    };
    let args = emulate(&binding, &answer);
    cli.ok(
        "alice.json",
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let prove_args = |binding: &str, out: &str| {
        vec![
            "eid".to_string(),
            "prove".into(),
            "--euicc".into(),
            pki("euicc-1.der"),
            "--eum".into(),
            pki("eum.der"),
            "--binding".into(),
            binding.into(),
            "--chip-answer".into(),
            answer.clone(),
            "--out".into(),
            out.into(),
        ]
    };
    // Bob holds the certificates and the chip's answer, but the chip signed Alice's wallet.
    let bob_binding = cli.path("binding-bob.json");
    cli.ok("bob.json", &["eid", "bind", "--out", &bob_binding]);
    let args = prove_args(&bob_binding, &cli.path("bob.proof.json"));
    one_line_error(
        &cli.run(
            "bob.json",
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        ),
        1,
        "binds another wallet",
    );
    let proof = cli.path("eid.proof.json");
    let args = prove_args(&binding, &proof);
    let proved = cli.json(
        "alice.json",
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let secret: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(proved["secret"].as_str().unwrap()).unwrap())
            .unwrap();
    assert_eq!(secret["eid"], "89049032000123451234512345678950");
    assert!(!std::fs::read_to_string(&proof)
        .unwrap()
        .contains("89049032000123451234512345678950"));
    // Bob cannot register Alice's proof; Alice can.
    one_line_error(
        &cli.run("bob.json", &["eid", "register", "--proof", &proof]),
        1,
        "prove again with this key",
    );
    one_line_error(
        &cli.run("alice.json", &["eid", "register", "--proof", &proof]),
        3,
        "Paused",
    );
    one_line_error(
        &cli.run("alice.json", &["eid", "unpause"]),
        3,
        "Unauthorized",
    );
    cli.ok("gov.json", &["eid", "unpause"]);
    let registered = cli.json("alice.json", &["eid", "register", "--proof", &proof]);
    let address = registered["eid_commitment"].as_str().unwrap().to_string();
    let shown = cli.json("alice.json", &["eid", "show"]);
    assert_eq!(shown[0]["address"], address.as_str());
    assert_eq!(shown[0]["commitment"], proved["commitment"]);
    // The chip changes hands: Bob binds and his chip answer proves; registering is refused (the
    // chip is registered), taking over works, and Alice's old proof cannot win it back.
    cli.ok("bob.json", &["eid", "bind", "--out", &bob_binding]);
    let args = emulate(&bob_binding, &answer);
    cli.ok(
        "bob.json",
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let again = cli.path("eid-bob.proof.json");
    let args = prove_args(&bob_binding, &again);
    cli.ok(
        "bob.json",
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    one_line_error(
        &cli.run("bob.json", &["eid", "register", "--proof", &again]),
        3,
        "NullifierUsed",
    );
    let taken = cli.json("bob.json", &["eid", "take-over", "--proof", &again]);
    assert_eq!(taken["eid_commitment"], address.as_str());
    let shown = cli.json("bob.json", &["eid", "show"]);
    assert_eq!(shown[0]["takeovers"], 1);
    one_line_error(
        &cli.run("alice.json", &["eid", "take-over", "--proof", &proof]),
        3,
        "StaleBinding",
    );
    // An eUICC certificate given as the EUM: refused before proving.
    one_line_error(
        &cli.run(
            "alice.json",
            &[
                "eid",
                "prove",
                "--euicc",
                &pki("euicc-1.der"),
                "--eum",
                &pki("euicc-1.der"),
                "--binding",
                &binding,
                "--chip-answer",
                &answer,
                "--out",
                &again,
            ],
        ),
        1,
        "not an EUM",
    );
    cli.ok("bob.json", &["eid", "revoke", "--address", &address]);
    let shown = cli.json("bob.json", &["eid", "show"]);
    assert_eq!(shown.as_array().unwrap().len(), 0);
}

#[test]
fn the_plan_flow_through_the_cli() {
    let cli = Cli::new("plan");
    for who in ["gov", "op", "stranger"] {
        let file = format!("{who}.json");
        cli.ok(&file, &["keygen", "--out", &cli.path(&file)]);
        cli.ok(&file, &["airdrop", "5"]);
    }
    let ci = vector("CertificateIssuer/CERT_CI_ECDSA_NIST.der");
    let dpauth = vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der");
    cli.ok("gov.json", &["registry", "init"]);
    cli.ok("gov.json", &["registry", "anchor", "add", "--cert", &ci]);
    cli.ok(
        "gov.json",
        &[
            "registry",
            "vk",
            "add",
            "--roles",
            "dp-auth",
            "--anchor-cert",
            &ci,
        ],
    );
    let proof = cli.path("dpauth.json");
    cli.ok(
        "op.json",
        &[
            "cert", "prove", "--cert", &dpauth, "--ci", &ci, "--out", &proof,
        ],
    );
    let key = vector("DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem");
    cli.ok(
        "op.json",
        &["cert", "register", "--proof", &proof, "--cert-key", &key],
    );
    let init = cli.json("gov.json", &["plan", "init", "--fee-bps", "25"]);
    assert_eq!(init["fee_bps"], 25);

    let create = [
        "plan",
        "create",
        "--id",
        "1",
        "--smdp-cert",
        &dpauth,
        "--price",
        "50000000",
        "--data-mb",
        "10240",
        "--days",
        "30",
        "--countries",
        "FR,DE",
        "--region",
        "1",
    ];
    let created = cli.json("op.json", &create);
    let plan = created["plan"].as_str().unwrap().to_string();
    let plans = cli.json("stranger.json", &["plan", "list", "--active"]);
    assert_eq!(plans.as_array().unwrap().len(), 1);
    assert_eq!(plans[0]["currency"], "SOL");
    assert_eq!(plans[0]["countries"], serde_json::json!(["FR", "DE"]));
    assert_eq!(plans[0]["validity_seconds"], 30 * 86_400);

    // Someone without an SM-DP+ record of their own, and bad terms.
    one_line_error(&cli.run("stranger.json", &create), 3, "NotCertificateOwner");
    let mut bad = create.to_vec();
    bad[13] = "FRA";
    one_line_error(&cli.run("op.json", &bad), 1, "ISO 3166-1 alpha-2");

    cli.ok(
        "op.json",
        &[
            "plan",
            "update",
            "--plan",
            &plan,
            "--smdp-cert",
            &dpauth,
            "--price",
            "40000000",
            "--data-mb",
            "20480",
            "--days",
            "30",
            "--region",
            "6",
        ],
    );
    let plans = cli.json("op.json", &["plan", "list"]);
    assert_eq!(plans[0]["price"], 40_000_000);
    assert_eq!(plans[0]["region"], 6);
    one_line_error(
        &cli.run("stranger.json", &["plan", "retire", "--plan", &plan]),
        3,
        "NotPlanOperator",
    );
    cli.ok("op.json", &["plan", "retire", "--plan", &plan]);
    let active = cli.json("op.json", &["plan", "list", "--active"]);
    assert_eq!(active.as_array().unwrap().len(), 0);
}

/// Registry with the test-PKI CI and its EUM in the tree, eid-commitment initialised, and `who`'s
/// EID commitment registered with a real proof; returns the commitment's address.
fn eid_commitment_of(cli: &Cli, who: &str) -> String {
    let pki = |name: &str| {
        root()
            .join("circuits/testdata")
            .join(name)
            .display()
            .to_string()
    };
    cli.ok("gov.json", &["registry", "init"]);
    cli.ok("gov.json", &["registry", "eum-tree", "init"]);
    cli.ok(
        "gov.json",
        &["registry", "anchor", "add", "--cert", &pki("ci.der")],
    );
    let add_vk = ["registry", "vk", "add", "--roles", "eum", "--anchor-cert"];
    cli.ok(
        "gov.json",
        &[&add_vk[..], &[pki("ci.der").as_str()]].concat(),
    );
    let eum_proof = cli.path("eum.proof.json");
    let prove = [
        "cert",
        "prove",
        "--cert",
        &pki("eum.der"),
        "--ci",
        &pki("ci.der"),
    ];
    cli.ok("eum.json", &[&prove[..], &["--out", &eum_proof]].concat());
    let eum_key = pki("eum.key.pem");
    cli.ok(
        "eum.json",
        &[
            "cert",
            "register",
            "--proof",
            &eum_proof,
            "--cert-key",
            &eum_key,
        ],
    );
    cli.ok("gov.json", &["eid", "init"]);
    let proof = cli.path(&format!("{who}.eid.json"));
    let binding = cli.path(&format!("{who}.binding.json"));
    let answer = cli.path(&format!("{who}.answer.der"));
    let signer = format!("{who}.json");
    cli.ok(&signer, &["eid", "bind", "--out", &binding]);
    let testdata = root().join("circuits/testdata").display().to_string();
    cli.ok(
        &signer,
        &[
            "eid",
            "emulate-chip",
            "--pki",
            &testdata,
            "--binding",
            &binding,
            "--out",
            &answer,
        ],
    );
    let prove = [
        "eid",
        "prove",
        "--euicc",
        &pki("euicc-1.der"),
        "--eum",
        &pki("eum.der"),
        "--binding",
        &binding,
        "--chip-answer",
        &answer,
    ];
    cli.ok(&signer, &[&prove[..], &["--out", &proof]].concat());
    let registered = cli.json(
        &format!("{who}.json"),
        &["eid", "register", "--proof", &proof],
    );
    registered["eid_commitment"].as_str().unwrap().to_string()
}

#[test]
fn the_payment_flow_through_the_cli() {
    let cli = Cli::new("pay");
    for who in ["gov", "eum", "op", "alice", "bob", "device"] {
        let file = format!("{who}.json");
        cli.ok(&file, &["keygen", "--out", &cli.path(&file)]);
        cli.ok(&file, &["airdrop", "5"]);
    }
    let eid = eid_commitment_of(&cli, "alice");
    // The operator's SM-DP+ (the real SGP.26 DPauth certificate) and governance of payments.
    let ci = vector("CertificateIssuer/CERT_CI_ECDSA_NIST.der");
    let dpauth = vector("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der");
    cli.ok("gov.json", &["registry", "anchor", "add", "--cert", &ci]);
    let vk = cli.json(
        "gov.json",
        &[
            "registry",
            "vk",
            "add",
            "--roles",
            "dp-auth",
            "--anchor-cert",
            &ci,
        ],
    );
    let circuit_id = vk["circuit_id"].as_u64().unwrap().to_string();
    let proof = cli.path("dpauth.json");
    cli.ok(
        "op.json",
        &[
            "cert", "prove", "--cert", &dpauth, "--ci", &ci, "--out", &proof,
        ],
    );
    let key = vector("DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem");
    cli.ok(
        "op.json",
        &["cert", "register", "--proof", &proof, "--cert-key", &key],
    );
    cli.ok(
        "gov.json",
        &["plan", "init", "--fee-bps", "25", "--close-notice", "60"],
    );
    let escrow = cli.json(
        "gov.json",
        &[
            "order",
            "init",
            "--dispute-hours",
            "1",
            "--delivery-hours",
            "24",
        ],
    );
    assert_eq!(escrow["dispute_window_seconds"], 3_600);
    // A USDC-like mint; Alice holds 100 of it.
    let mint = cli.json("gov.json", &["token", "create-mint", "--decimals", "6"])["mint"]
        .as_str()
        .unwrap()
        .to_string();
    let alice = cli.json("alice.json", &["address"])["address"]
        .as_str()
        .unwrap()
        .to_string();
    let op = cli.json("op.json", &["address"])["address"]
        .as_str()
        .unwrap()
        .to_string();
    cli.ok(
        "gov.json",
        &[
            "token",
            "mint",
            "--mint",
            &mint,
            "--to",
            &alice,
            "--amount",
            "100000000",
        ],
    );
    let balance = |who: &str| {
        cli.json(
            "gov.json",
            &["token", "balance", "--mint", &mint, "--owner", who],
        )["amount"]
            .as_u64()
            .unwrap()
    };
    let plan = cli.json(
        "op.json",
        &[
            "plan",
            "create",
            "--id",
            "1",
            "--smdp-cert",
            &dpauth,
            "--mint",
            &mint,
            "--price",
            "9990000",
            "--data-mb",
            "10240",
            "--days",
            "30",
            "--countries",
            "FR,DE",
        ],
    )["plan"]
        .as_str()
        .unwrap()
        .to_string();

    // Order to installation.
    let created = cli.json(
        "alice.json",
        &["order", "create", "--plan", &plan, "--eid-commitment", &eid],
    );
    let order = created["order"].as_str().unwrap().to_string();
    assert_eq!(balance(&alice), 100_000_000 - 9_990_000);
    one_line_error(
        &cli.run("bob.json", &["order", "accept", "--order", &order]),
        3,
        "NotOrderOperator",
    );
    cli.ok("op.json", &["order", "accept", "--order", &order]);
    let package = root()
        .join("../shared/vectors/upp/TS48V2-SAIP2-1-NOBERTLV-UNIQUE.der")
        .display()
        .to_string();
    let delivered = cli.json(
        "op.json",
        &[
            "order",
            "deliver",
            "--order",
            &order,
            "--package",
            &package,
            "--smdp-address",
            "testsmdpplus1.example.com",
            "--matching-id",
            "QR-G-5C-1LS-1W1Z9P7",
        ],
    );
    use sha2::Digest;
    let expected_hash: String = sha2::Sha256::digest(std::fs::read(&package).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(delivered["profile_hash"], expected_hash.as_str());
    // Alice reads the activation code, as text and as a QR code; Bob sees none.
    let shown = cli.ok("alice.json", &["order", "show", "--order", &order, "--qr"]);
    assert!(
        shown.contains("LPA:1$testsmdpplus1.example.com$QR-G-5C-1LS-1W1Z9P7"),
        "{shown}"
    );
    assert!(
        shown.contains('█') || shown.contains('▀'),
        "a QR code: {shown}"
    );
    let seen_by_bob = cli.json("bob.json", &["order", "show", "--order", &order]);
    assert!(seen_by_bob["activation_code"].is_null());
    assert_eq!(seen_by_bob["order"]["status"], "delivered");
    one_line_error(
        &cli.run("bob.json", &["order", "show", "--order", &order, "--qr"]),
        1,
        "only its consumer",
    );
    // The LPA's view: the SM-DP+ certificate, and the activation code with the operator's record.
    let check = cli.json("bob.json", &["lpa", "check-smdp", "--cert", &dpauth]);
    assert_eq!(check["trusted"], true);
    assert_eq!(check["role"], "dp-auth");
    one_line_error(
        &cli.run("bob.json", &["lpa", "check-smdp", "--cert", &ci]),
        4,
        "not an SM-DP+ certificate",
    );
    let code = cli.json("alice.json", &["lpa", "activation-code", "--order", &order]);
    assert_eq!(
        code["activation_code"],
        "LPA:1$testsmdpplus1.example.com$QR-G-5C-1LS-1W1Z9P7"
    );
    assert_eq!(code["smdp_status"], "valid");
    one_line_error(
        &cli.run("bob.json", &["lpa", "activation-code", "--order", &order]),
        1,
        "cannot decrypt",
    );
    cli.ok("alice.json", &["order", "confirm", "--order", &order]);
    let fee = 9_990_000 * 25 / 10_000;
    assert_eq!(balance(&op), 9_990_000 - fee);
    one_line_error(
        &cli.run("alice.json", &["order", "confirm", "--order", &order]),
        1,
        "settled orders are closed",
    );
    // A second order, cancelled before acceptance: everything back.
    let second = cli.json(
        "alice.json",
        &["order", "create", "--plan", &plan, "--eid-commitment", &eid],
    );
    let shown = cli.json(
        "alice.json",
        &[
            "order",
            "show",
            "--order",
            second["order"].as_str().unwrap(),
        ],
    );
    assert_eq!(shown["order"]["status"], "created");
    assert_eq!(shown["vault_balance"], 9_990_000);
    cli.ok(
        "alice.json",
        &[
            "order",
            "refund",
            "--order",
            second["order"].as_str().unwrap(),
        ],
    );
    assert_eq!(balance(&alice), 100_000_000 - 9_990_000);

    // Pay as you go: open with a deposit, the device signs, the operator redeems the difference.
    let device = cli.path("device.json");
    let opened = cli.json(
        "alice.json",
        &[
            "sub",
            "open",
            "--plan",
            &plan,
            "--eid-commitment",
            &eid,
            "--device",
            &device,
            "--deposit",
            "5000000",
        ],
    );
    let sub = opened["subscription"].as_str().unwrap().to_string();
    cli.ok("bob.json", &["token", "balance", "--mint", &mint]);
    let v1 = cli.path("v1.json");
    let v2 = cli.path("v2.json");
    cli.ok(
        "alice.json",
        &[
            "sub",
            "voucher",
            "--subscription",
            &sub,
            "--cumulative",
            "1000000",
            "--device",
            &device,
            "--out",
            &v1,
        ],
    );
    cli.ok(
        "alice.json",
        &[
            "sub",
            "voucher",
            "--subscription",
            &sub,
            "--cumulative",
            "2500000",
            "--device",
            &device,
            "--out",
            &v2,
        ],
    );
    // A voucher signed by another key is refused before sending.
    one_line_error(
        &cli.run(
            "alice.json",
            &[
                "sub",
                "voucher",
                "--subscription",
                &sub,
                "--cumulative",
                "1",
                "--device",
                &cli.path("bob.json"),
                "--out",
                &v1,
            ],
        ),
        1,
        "not of this device",
    );
    let before = balance(&op);
    let redeemed = cli.json("op.json", &["sub", "redeem", "--voucher", &v1]);
    assert_eq!(redeemed["paid"], 1_000_000);
    let redeemed = cli.json("op.json", &["sub", "redeem", "--voucher", &v2]);
    assert_eq!(redeemed["paid"], 1_500_000);
    one_line_error(
        &cli.run("op.json", &["sub", "redeem", "--voucher", &v1]),
        3,
        "VoucherNotNewer",
    );
    assert_eq!(balance(&op), before + 2_500_000 - 2_500_000 * 25 / 10_000);
    let shown = cli.json("alice.json", &["sub", "show", "--subscription", &sub]);
    assert_eq!(shown["subscription"]["redeemed"], 2_500_000);
    assert_eq!(shown["vault_balance"], 2_500_000);
    // Notice; closing before it runs out is refused by the program.
    let notice = cli.json("alice.json", &["sub", "close", "--subscription", &sub]);
    assert!(notice["closes_at"].as_i64().is_some());
    one_line_error(
        &cli.run("alice.json", &["sub", "close", "--subscription", &sub]),
        3,
        "NoticePeriodRunning",
    );
    // Readers honour what governance retires: a record admitted under a retired verifying key, or
    // under a retired CI, is not trusted.
    cli.ok(
        "gov.json",
        &[
            "registry",
            "vk",
            "retire",
            "--circuit-id",
            &circuit_id,
            "--anchor-cert",
            &ci,
        ],
    );
    one_line_error(
        &cli.run("bob.json", &["lpa", "check-smdp", "--cert", &dpauth]),
        4,
        "retired verifying key",
    );
    let lookup = untrusted_lookup(&cli, "bob.json", &dpauth);
    assert_eq!(lookup["status"], "key-retired");
    cli.ok("gov.json", &["registry", "anchor", "retire", "--cert", &ci]);
    one_line_error(
        &cli.run("bob.json", &["lpa", "check-smdp", "--cert", &dpauth]),
        4,
        "retired",
    );
    // Once the operator's certificate is revoked, the LPA refuses it.
    cli.ok(
        "op.json",
        &[
            "cert",
            "revoke",
            "--cert",
            &dpauth,
            "--reason",
            "key-compromise",
        ],
    );
    one_line_error(
        &cli.run("bob.json", &["lpa", "check-smdp", "--cert", &dpauth]),
        4,
        "revoked",
    );
}

/// `openrsp demo` stops at the first step that fails, names it, and exits non-zero; missing
/// inputs are refused before anything runs. (The whole demo succeeding, on the embedded ledger and
/// on a real validator, is `rpc_validator.rs`.)
#[test]
fn the_demo_stops_at_a_failed_step_and_says_which() {
    let cli = Cli::new("demo-fails");
    let out = cli.run(
        "unused.json",
        &[
            "demo",
            "--work",
            &cli.path("work"),
            "--sgp26",
            &cli.path("nowhere"),
        ],
    );
    one_line_error(&out, 1, "the SGP.26 Test CI certificate not found");
    assert!(!cli.dir.join("work/wallets").exists(), "nothing ran");

    // A test PKI whose CI is not a certificate: steps 1 to 5 run (real proofs of the SGP.26
    // certificates, the stranger refused), step 6 adds the test CI as trust anchor and fails.
    let pki = cli.dir.join("pki");
    std::fs::create_dir_all(&pki).unwrap();
    for name in ["ci.der", "eum.der", "eum.key.pem", "euicc-1.der"] {
        std::fs::write(pki.join(name), b"not a certificate").unwrap();
    }
    let out = cli.run(
        "unused.json",
        &[
            "demo",
            "--work",
            &cli.path("work"),
            "--sgp26",
            &vector(""),
            "--pki",
            &cli.path("pki"),
            "--package",
            &root()
                .join("../shared/vectors/upp/TS48V2-SAIP2-1-NOBERTLV-UNIQUE.der")
                .display()
                .to_string(),
        ],
    );
    one_line_error(&out, 1, "demo step 6 (Governance: a test CI");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("TEST SM-DP+: trusted"),
        "steps 1 to 5 ran: {stdout}"
    );
    assert!(!stdout.contains("Balance sheet"), "{stdout}");
}

/// `openrsp governance` on every program: the embedded ledger's own deployer sets the programs up,
/// a stranger cannot, and the authority is handed over, withdrawn and handed over again, with
/// pauses by the new authority only.
#[test]
fn the_governance_commands_work_alike_on_every_program() {
    let cli = Cli::new("governance");
    for who in ["gov", "next", "stranger"] {
        let file = format!("{who}.json");
        cli.ok(&file, &["keygen", "--out", &cli.path(&file)]);
        cli.ok(&file, &["airdrop", "5"]);
    }
    let address = |who: &str| {
        cli.ok(&format!("{who}.json"), &["address"])
            .trim()
            .to_string()
    };
    let (gov, next) = (address("gov"), address("next"));
    // The embedded ledger deployed the programs with a key of its own, which the set-up commands
    // use by default there; a stranger naming itself as upgrade authority is refused.
    assert!(cli.dir.join("ledger/deployer.json").exists());
    let stranger = cli.path("stranger.json");
    let out = cli.run(
        "stranger.json",
        &["registry", "init", "--upgrade-authority", &stranger],
    );
    one_line_error(&out, 3, "NotUpgradeAuthority");
    cli.ok("gov.json", &["registry", "init"]);
    cli.ok("gov.json", &["plan", "init"]);
    cli.ok("gov.json", &["order", "init"]);
    for program in ["cert-registry", "usdc-billing", "profile-escrow"] {
        let show = cli.json(
            "stranger.json",
            &["governance", "show", "--program", program],
        );
        assert_eq!(show["governance"]["authority"], gov, "{program}");
        assert_eq!(
            show["governance"]["pending_authority"],
            serde_json::Value::Null
        );
        let out = cli.run(
            "stranger.json",
            &["governance", "pause", "--program", program],
        );
        one_line_error(&out, 3, "Unauthorized");
        cli.ok(
            "gov.json",
            &[
                "governance",
                "propose",
                "--program",
                program,
                "--new-authority",
                &next,
            ],
        );
        let show = cli.json(
            "stranger.json",
            &["governance", "show", "--program", program],
        );
        assert_eq!(show["governance"]["pending_authority"], next, "{program}");
        cli.ok("gov.json", &["governance", "cancel", "--program", program]);
        let out = cli.run("next.json", &["governance", "accept", "--program", program]);
        one_line_error(&out, 3, "NoPendingAuthority");
        // A shared check's refusal is named after the program that raised it.
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(&format!("{program} refused")), "{said}");
        cli.ok(
            "gov.json",
            &[
                "governance",
                "propose",
                "--program",
                program,
                "--new-authority",
                &next,
            ],
        );
        cli.ok("next.json", &["governance", "accept", "--program", program]);
        let out = cli.run("gov.json", &["governance", "pause", "--program", program]);
        one_line_error(&out, 3, "Unauthorized");
        cli.ok("next.json", &["governance", "pause", "--program", program]);
        let show = cli.json(
            "stranger.json",
            &["governance", "show", "--program", program],
        );
        assert_eq!(show["governance"]["authority"], next, "{program}");
        assert_eq!(show["governance"]["paused"], true, "{program}");
        cli.ok(
            "next.json",
            &["governance", "unpause", "--program", program],
        );
    }
    let out = cli.run("gov.json", &["governance", "show", "--program", "nonsense"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "clap refuses an unknown program"
    );
    let out = cli.run(
        "gov.json",
        &["governance", "show", "--program", "eid-commitment"],
    );
    one_line_error(&out, 1, "not set up");
}
