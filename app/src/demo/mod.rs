//! `openrsp demo`: the whole of OpenRSP on a fresh embedded ledger, as a newcomer would run it by
//! hand. Every step is an `openrsp` command line run through the CLI's own dispatcher (so through
//! the same SDK calls), printed before it runs, followed by the compute units and fee of each
//! transaction it sent. Things that must be refused are tried and must fail. It ends with a
//! balance sheet; any failed step ends it with that step's reason and a non-zero exit.

mod balance_sheet;
mod runner;

use crate::context::{read_keypair, CmdResult, Context, Failure};
use anyhow::anyhow;
use balance_sheet::BalanceSheet;
use clap::Args;
use openrsp_sdk::{client::Recorder, Signer};
use runner::{group, Persona, Runner};
use serde_json::json;
use std::path::{Path, PathBuf};

#[derive(Args)]
#[command(
    after_help = "Example:\n  openrsp demo --work target/demo\n  openrsp demo --output json > demo.json\n\n\
The ledger is <work>/ledger, wiped at the start; wallets and proofs go to <work>. Circuit keys are\n\
cached in --keys-dir, so only the first run generates them (a few minutes). With --url the demo runs\n\
against that cluster instead (a fresh local validator with a faucet: it creates the registry)."
)]
pub struct DemoArgs {
    /// Working directory: wallets, proofs and the embedded ledger.
    #[arg(long, default_value = "target/demo")]
    pub work: PathBuf,
    /// The SGP.26 test certificates (CertificateIssuer/, DPauth/, DPpb/).
    #[arg(long, env = "OPENRSP_SGP26", default_value = "../shared/vectors/sgp26")]
    pub sgp26: PathBuf,
    /// The TS.48 profile package (DER) the operator delivers.
    #[arg(
        long,
        env = "OPENRSP_PROFILE_PACKAGE",
        default_value = "../shared/vectors/upp/TS48V2-SAIP2-1-NOBERTLV-UNIQUE.der"
    )]
    pub package: PathBuf,
    /// A test PKI (ci.der, eum.der, euicc-1.der) [default: circuits/testdata of this checkout if
    /// present, else one issued into <work>/pki by `openrsp testpki`].
    #[arg(long)]
    pub pki: Option<PathBuf>,
    /// The key that deployed the programs (their upgrade authority), which alone can set them up
    /// [default: <work>/deployer.json, created if missing; on the embedded ledger it deploys the
    /// programs].
    #[arg(long, value_name = "KEYPAIR")]
    pub deployer: Option<PathBuf>,
}

fn require(path: &Path, what: &str, flag: &str) -> Result<String, Failure> {
    if path.exists() {
        Ok(path.display().to_string())
    } else {
        Err(anyhow!("{what} not found at {} (pass {flag})", path.display()).into())
    }
}

/// The demo's inputs, checked before anything runs.
struct Inputs {
    ci: String,
    dp_auth: String,
    dp_pb: String,
    /// The SM-DP+'s private keys (SGP.26 ships them): they sign the possession messages.
    dp_auth_key: String,
    dp_pb_key: String,
    package: String,
}

pub fn run(ctx: &mut Context, args: DemoArgs) -> CmdResult {
    let sgp26 = &args.sgp26;
    let inputs = Inputs {
        ci: require(
            &sgp26.join("CertificateIssuer/CERT_CI_ECDSA_NIST.der"),
            "the SGP.26 Test CI certificate",
            "--sgp26",
        )?,
        dp_auth: require(
            &sgp26.join("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"),
            "the SGP.26 DPauth certificate",
            "--sgp26",
        )?,
        dp_pb: require(
            &sgp26.join("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der"),
            "the SGP.26 DPpb certificate",
            "--sgp26",
        )?,
        dp_auth_key: require(
            &sgp26.join("DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem"),
            "the SGP.26 DPauth private key",
            "--sgp26",
        )?,
        dp_pb_key: require(
            &sgp26.join("DPpb/SK_S_SM_DPpb_ECDSA_NIST.pem"),
            "the SGP.26 DPpb private key",
            "--sgp26",
        )?,
        package: require(&args.package, "the TS.48 profile package", "--package")?,
    };
    let work = args.work.clone();
    let ledger_dir = work.join("ledger");
    // Fresh wallets and proofs every run; the embedded ledger too (a cluster is what it is).
    let mut fresh = vec![work.join("wallets"), work.join("proofs")];
    if ctx.args.url.is_none() {
        fresh.push(ledger_dir.clone());
    }
    for dir in &fresh {
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|e| anyhow!("cannot clear {}: {e}", dir.display()))?;
        }
    }
    for dir in ["wallets", "proofs"] {
        std::fs::create_dir_all(work.join(dir))
            .map_err(|e| anyhow!("cannot create {}: {e}", work.join(dir).display()))?;
    }
    let deployer = match &args.deployer {
        Some(path) => path.clone(),
        None => {
            let path = work.join("deployer.json");
            if !path.exists() {
                crate::context::write_keypair(&path, &openrsp_sdk::Keypair::new())?;
            }
            path
        }
    };
    let deployer_key = read_keypair(&deployer)?.pubkey();
    let ledger = ctx.open_ledger_deployed_by(Some(&ledger_dir), Some(&deployer_key))?;
    let (recorder, journal) = Recorder::new(ledger, ctx.ids);
    ctx.set_ledger(Box::new(recorder));
    let json_output = ctx.json();
    ctx.quiet = json_output;

    let mut runner = Runner::new(ctx, journal);
    let outcome = script(&mut runner, &args, &inputs, &work, &deployer);
    let steps = std::mem::take(&mut runner.steps);
    let sheet = outcome?;
    let transactions: Vec<_> = steps
        .iter()
        .flat_map(|s| &s.commands)
        .flat_map(|c| &c.transactions)
        .collect();
    let total_cu: u64 = transactions.iter().map(|t| t.compute_units).sum();
    let total_fee: u64 = transactions.iter().map(|t| t.fee).sum();
    let heaviest = transactions.iter().max_by_key(|t| t.compute_units);
    ctx.quiet = false;
    ctx.print(
        json!({
            "steps": steps,
            "balance_sheet": sheet,
            "transactions": transactions.len(),
            "compute_units": total_cu,
            "fees_lamports": total_fee,
            "ledger": ctx.args.url.clone().unwrap_or_else(|| ledger_dir.display().to_string()),
        }),
        || {
            let mut lines = vec![
                String::new(),
                "\x1b[1mBalance sheet\x1b[0m".to_string(),
                sheet.table(),
            ];
            lines.push(format!(
                "\n{} transactions, {} compute units, {} lamports in fees ({:.6} SOL){}",
                transactions.len(),
                group(total_cu),
                group(total_fee),
                total_fee as f64 / 1e9,
                heaviest.map_or(String::new(), |t| format!(
                    "; the heaviest: {} at {} CU",
                    t.instructions.join(" + "),
                    group(t.compute_units)
                ))
            ));
            lines.push(format!(
                "demo finished: every step succeeded; ledger in {}",
                ledger_dir.display()
            ));
            lines.join("\n")
        },
    );
    Ok(())
}

/// The test PKI: the given one, this checkout's, or one issued now into `<work>/pki`.
fn test_pki(r: &mut Runner, args: &DemoArgs, work: &Path) -> Result<PathBuf, Failure> {
    if let Some(dir) = &args.pki {
        return Ok(dir.clone());
    }
    let exe_checkout = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.join("circuits/testdata")));
    for dir in [Some(PathBuf::from("circuits/testdata")), exe_checkout]
        .into_iter()
        .flatten()
    {
        let files = ["ci.der", "eum.der", "eum.key.pem", "euicc-1.der"];
        if files.iter().all(|f| dir.join(f).exists()) {
            return Ok(dir);
        }
    }
    let dir = work.join("pki");
    if !dir.join("euicc-1.der").exists() {
        let out = dir.display().to_string();
        r.run(None, &["testpki", "--out", &out, "--euiccs", "1"])?;
    }
    Ok(dir)
}

/// A P-256 key of the stranger's own (PKCS#8 PEM in the wallets directory): not the key of any
/// certificate it could prove.
fn stranger_p256_key(work: &Path) -> Result<String, Failure> {
    let pem = openrsp_sdk::cert_registry::possession::random_key_pem()?;
    let path = work.join("wallets").join("stranger-p256.pem");
    std::fs::write(&path, pem.as_bytes())
        .map_err(|e| anyhow!("writing {}: {e}", path.display()))?;
    Ok(path.display().to_string())
}

fn script(
    r: &mut Runner,
    args: &DemoArgs,
    inputs: &Inputs,
    work: &Path,
    deployer: &Path,
) -> Result<BalanceSheet, Failure> {
    // Each set-up is signed by the programs' upgrade authority too: nobody else can set them up.
    let deployer = deployer.display().to_string();
    let wallet = |name: &'static str| Persona {
        name,
        keypair: work.join("wallets").join(format!("{name}.json")),
    };
    let governance = wallet("governance");
    let operator = wallet("operator");
    let eum = wallet("eum");
    let consumer = wallet("consumer");
    let stranger = wallet("stranger");
    let device = wallet("device");
    let proof = |name: &str| work.join("proofs").join(name).display().to_string();
    let path = |p: &Persona| p.keypair.display().to_string();
    let (ci, dp_auth, dp_pb) = (
        inputs.ci.as_str(),
        inputs.dp_auth.as_str(),
        inputs.dp_pb.as_str(),
    );

    r.step("Wallets: governance (GSMA-like), an SM-DP+ operator, an EUM, a consumer, a stranger");
    for p in [&governance, &operator, &eum, &consumer, &stranger] {
        r.run(None, &["keygen", "--out", &path(p)])?;
    }
    for (p, sol) in [
        (&governance, "10"),
        (&operator, "10"),
        (&eum, "2"),
        (&consumer, "2"),
        (&stranger, "2"),
    ] {
        r.run(Some(p), &["airdrop", sol])?;
    }
    let people = [&governance, &operator, &eum, &consumer, &stranger];
    let mut sheet = BalanceSheet::open(r.ctx, &people)?;

    r.step("Governance: the registry, the SGP.26 Test CI as trust anchor, the certificate circuit's key");
    r.note("the first run generates the Groth16 keys of cert_p256 for this CI (cached for the next runs)");
    r.note("each program's set-up is co-signed by its upgrade authority (the deployer): nobody could set them up first");
    r.run(
        Some(&governance),
        &["registry", "init", "--upgrade-authority", &deployer],
    )?;
    r.run(
        Some(&governance),
        &["registry", "anchor", "add", "--cert", ci],
    )?;
    r.run(
        Some(&governance),
        &[
            "registry",
            "vk",
            "add",
            "--roles",
            "dp-auth,dp-pb,dp-tls",
            "--anchor-cert",
            ci,
        ],
    )?;

    r.step(
        "A stranger goes first: the SGP.26 DPauth certificate is public, its private key is not",
    );
    r.note("anyone who called initiateAuthentication holds CERT.DPauth and can prove it for their own wallet");
    let stranger_proof = proof("dpauth-stranger.json");
    r.run(
        Some(&stranger),
        &[
            "cert",
            "prove",
            "--cert",
            dp_auth,
            "--ci",
            ci,
            "--out",
            &stranger_proof,
        ],
    )?;
    let stranger_key = stranger_p256_key(work)?;
    r.refused(
        Some(&stranger),
        &[
            "cert",
            "register",
            "--proof",
            &stranger_proof,
            "--cert-key",
            &stranger_key,
        ],
        1,
        "registering needs the certificate's own key to sign the registration",
    )?;

    r.step("SM-DP+: prove its real SGP.26 certificates chain to the CI, and register them without revealing them");
    r.note("each proof checks the CI's ECDSA P-256 signature over the TBS, the DER fields and the commitment;");
    r.note("the certificate's key signs the registration (secp256r1 precompile), as only its holder can");
    for (cert, key, name) in [
        (dp_auth, inputs.dp_auth_key.as_str(), "dpauth.json"),
        (dp_pb, inputs.dp_pb_key.as_str(), "dppb.json"),
    ] {
        let out = proof(name);
        r.run(
            Some(&operator),
            &["cert", "prove", "--cert", cert, "--ci", ci, "--out", &out],
        )?;
        r.run(
            Some(&operator),
            &["cert", "register", "--proof", &out, "--cert-key", key],
        )?;
    }
    r.refused(
        Some(&stranger),
        &[
            "cert",
            "register",
            "--proof",
            &proof("dpauth.json"),
            "--cert-key",
            &inputs.dp_auth_key,
        ],
        1,
        "a proof bound to the operator must be useless to anyone else, even with the key",
    )?;

    r.step("LPA: before trusting the SM-DP+, recompute its certificate's commitment and read the record");
    r.run(None, &["lpa", "check-smdp", "--cert", dp_auth])?;

    r.step("Governance: a test CI (GSMA profiles) for EUMs, its circuit key, the EUM tree, eid-commitment");
    let pki = test_pki(r, args, work)?;
    let (test_ci, eum_cert, euicc) = (
        pki.join("ci.der").display().to_string(),
        pki.join("eum.der").display().to_string(),
        pki.join("euicc-1.der").display().to_string(),
    );
    r.note("the first run generates the keys of cert_p256 for this CI and of euicc_chain");
    r.run(
        Some(&governance),
        &["registry", "anchor", "add", "--cert", &test_ci],
    )?;
    r.run(
        Some(&governance),
        &[
            "registry",
            "vk",
            "add",
            "--roles",
            "eum",
            "--anchor-cert",
            &test_ci,
        ],
    )?;
    r.run(Some(&governance), &["registry", "eum-tree", "init"])?;
    r.run(
        Some(&governance),
        &["eid", "init", "--upgrade-authority", &deployer],
    )?;

    r.step("EUM: prove and register its certificate; its key and IIN join the EUM tree");
    r.run(
        Some(&eum),
        &[
            "cert",
            "prove",
            "--cert",
            &eum_cert,
            "--ci",
            &test_ci,
            "--out",
            &proof("eum.json"),
        ],
    )?;
    let eum_key = pki.join("eum.key.pem").display().to_string();
    r.run(
        Some(&eum),
        &[
            "cert",
            "register",
            "--proof",
            &proof("eum.json"),
            "--cert-key",
            &eum_key,
        ],
    )?;

    r.step("Consumer: its chip signs a binding of its wallet; it proves the chip genuine and commits to the EID, revealing neither");
    let pki_dir = pki.display().to_string();
    let bind = |r: &mut Runner, who: &Persona, out: &str| {
        r.run(Some(who), &["eid", "bind", "--out", &proof(out)])
    };
    // `eid prove` with the chip's answer and the binding file `binding`, into `out`.
    let prove_args = |binding: &str, out: &str| -> Vec<String> {
        [
            "eid",
            "prove",
            "--euicc",
            euicc.as_str(),
            "--eum",
            eum_cert.as_str(),
            "--binding",
            proof(binding).as_str(),
            "--chip-answer",
            proof("chip-answer.der").as_str(),
            "--purpose",
            "plans",
            "--out",
            proof(out).as_str(),
        ]
        .map(String::from)
        .to_vec()
    };
    bind(r, &consumer, "binding.json")?;
    r.note("the device's LPA passes the binding's matchingId to its eUICC (ES10b AuthenticateServer); here a test-PKI eUICC answers");
    r.run(
        None,
        &[
            "eid",
            "emulate-chip",
            "--pki",
            &pki_dir,
            "--chip",
            "1",
            "--binding",
            &proof("binding.json"),
            "--out",
            &proof("chip-answer.der"),
        ],
    )?;
    // A stranger first: it holds the eUICC and EUM certificates and the EID (what every SM-DP+
    // that served the chip has), and even the chip's signed answer, but not the chip.
    bind(r, &stranger, "binding-stranger.json")?;
    let args = prove_args("binding-stranger.json", "eid-stranger.json");
    r.refused(
        Some(&stranger),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        1,
        "only the chip's holder can have it sign a binding of their wallet; its certificates and EID prove nothing",
    )?;
    let args = prove_args("binding.json", "eid.json");
    r.run(
        Some(&consumer),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    let eid = r.run_for(
        "eid_commitment",
        Some(&consumer),
        &["eid", "register", "--proof", &proof("eid.json")],
    )?;

    r.step("Governance: payments (protocol fee 0.25 %, close notice 60 s), escrow windows, a USDC-like mint");
    r.run(
        Some(&governance),
        &[
            "plan",
            "init",
            "--fee-bps",
            "25",
            "--close-notice",
            "60",
            "--upgrade-authority",
            &deployer,
        ],
    )?;
    r.run(
        Some(&governance),
        &[
            "order",
            "init",
            "--dispute-hours",
            "72",
            "--delivery-hours",
            "168",
            "--upgrade-authority",
            &deployer,
        ],
    )?;
    let mint = r.run_for(
        "mint",
        Some(&governance),
        &["token", "create-mint", "--decimals", "6"],
    )?;
    let consumer_address = read_keypair(&consumer.keypair)?.pubkey().to_string();
    r.run(
        Some(&governance),
        &[
            "token",
            "mint",
            "--mint",
            &mint,
            "--to",
            &consumer_address,
            "--amount",
            "100000000",
        ],
    )?;
    sheet.set_mint(r.ctx, &mint)?;

    r.step("Operator: publish a plan its SM-DP+ (DPpb) record admits: 10 GB, 30 days, FR/DE/ES, 9.99 USDC");
    let plan = r.run_for(
        "plan",
        Some(&operator),
        &[
            "plan",
            "create",
            "--id",
            "1",
            "--smdp-cert",
            dp_pb,
            "--mint",
            &mint,
            "--price",
            "9990000",
            "--data-mb",
            "10240",
            "--days",
            "30",
            "--countries",
            "FR,DE,ES",
            "--region",
            "1",
        ],
    )?;

    r.step("Consumer orders the plan for its EID commitment; 9.99 waits in escrow");
    let order = r.run_for(
        "order",
        Some(&consumer),
        &["order", "create", "--plan", &plan, "--eid-commitment", &eid],
    )?;

    r.step("Operator accepts and delivers a real TS.48 profile package (its hash on-chain, the activation code encrypted)");
    r.run(Some(&operator), &["order", "accept", "--order", &order])?;
    r.run(
        Some(&operator),
        &[
            "order",
            "deliver",
            "--order",
            &order,
            "--package",
            &inputs.package,
            "--smdp-address",
            "testsmdpplus1.example.com",
        ],
    )?;
    r.refused(
        Some(&stranger),
        &["lpa", "activation-code", "--order", &order],
        1,
        "only the consumer can read the activation code",
    )?;

    r.step("Consumer's LPA: decrypt the activation code, check the SM-DP+, install; confirming releases the escrow");
    r.run(
        Some(&consumer),
        &["lpa", "activation-code", "--order", &order, "--qr"],
    )?;
    r.run(Some(&consumer), &["order", "confirm", "--order", &order])?;

    r.step(
        "Pay as you go: a subscription with 5.00 deposited; the device signs cumulative vouchers",
    );
    r.run(None, &["keygen", "--out", &path(&device)])?;
    let sub = r.run_for(
        "subscription",
        Some(&consumer),
        &[
            "sub",
            "open",
            "--plan",
            &plan,
            "--eid-commitment",
            &eid,
            "--device",
            &path(&device),
            "--deposit",
            "5000000",
        ],
    )?;
    for (cumulative, out) in [("1200000", "voucher-1.json"), ("2500000", "voucher-2.json")] {
        r.run(
            Some(&consumer),
            &[
                "sub",
                "voucher",
                "--subscription",
                &sub,
                "--cumulative",
                cumulative,
                "--device",
                &path(&device),
                "--out",
                &proof(out),
            ],
        )?;
    }

    r.step("Operator redeems the latest voucher (paid the difference); the older one then pays nothing");
    r.run(
        Some(&operator),
        &["sub", "redeem", "--voucher", &proof("voucher-2.json")],
    )?;
    r.refused(
        Some(&operator),
        &["sub", "redeem", "--voucher", &proof("voucher-1.json")],
        3,
        "a voucher below what was redeemed pays nothing",
    )?;
    r.run(Some(&consumer), &["sub", "close", "--subscription", &sub])?;

    r.step("The SM-DP+'s key is compromised: the operator revokes its certificate; the LPA now refuses it");
    r.run(
        Some(&operator),
        &[
            "cert",
            "revoke",
            "--cert",
            dp_auth,
            "--reason",
            "key-compromise",
        ],
    )?;
    r.refused(
        None,
        &["lpa", "check-smdp", "--cert", dp_auth],
        4,
        "an LPA must not trust a revoked SM-DP+",
    )?;

    sheet.close(r.ctx)?;
    Ok(sheet)
}
