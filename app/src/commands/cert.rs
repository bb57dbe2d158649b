//! `openrsp cert ...`: certificates in the registry.

use super::{
    parse_circuit_id, parse_hex,
    registry::{circuit_keys, spinner},
};
use crate::context::{receipt_line, write_json, CmdResult, Context, Failure};
use anyhow::{anyhow, Context as _};
use clap::{Args, Subcommand};
use openrsp_sdk::{
    cert_registry::{
        CertRegistry, ExternalSignature, KeyFileSigner, LookupStatus, Pkcs11Signer,
        PossessionSigner,
    },
    certificate::RspCertificate,
    prover::Circuit,
    snarkjs,
    zk::ProofFile,
    Address, Signer,
};
use serde_json::json;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum CertCommand {
    /// Prove a certificate's statement, bound to the registrant, and write a proof file.
    #[command(
        after_help = "Example:\n  openrsp cert prove --cert CERT_S_SM_DPauth_ECDSA_NIST.der --ci CERT_CI_ECDSA_NIST.der --out dpauth.proof.json"
    )]
    Prove {
        /// The certificate (DER or PEM).
        #[arg(long)]
        cert: PathBuf,
        /// The CI certificate it must chain to (checked natively before proving).
        #[arg(long)]
        ci: PathBuf,
        /// Time at which the certificate must be valid: unix seconds or YYYY-MM-DD[THH:MM:SSZ]
        /// [default: now].
        #[arg(long, value_parser = parse_time)]
        at: Option<u64>,
        /// Where to write the proof file.
        #[arg(long)]
        out: PathBuf,
        /// Circuit: `cert-p256` (the certificate circuit of the --ci CI) or `test-statement`
        /// (development: proves knowledge of the statement only).
        #[arg(long, default_value = "cert-p256")]
        circuit: String,
        /// Circuit id registered for the circuit [default: the circuit's own id].
        #[arg(long, value_parser = parse_circuit_id)]
        circuit_id: Option<u32>,
        /// Registrant the proof is bound to [default: the signer].
        #[arg(long)]
        registrant: Option<Address>,
    },
    /// Register a certificate from a proof file. The registrant signs and pays the record's rent;
    /// the certificate's own key signs the possession message (a key file, a PKCS#11 token, or a
    /// signature made elsewhere over `cert possession-message`).
    #[command(
        after_help = "Example:\n  openrsp cert register --proof dpauth.proof.json --cert-key SK_S_SM_DPauth_ECDSA_NIST.pem --keypair operator.json\n  OPENRSP_PKCS11_PIN=1234 openrsp cert register --proof dpauth.proof.json --pkcs11-module /usr/lib/softhsm/libsofthsm2.so --pkcs11-token smdp --pkcs11-key dpauth\n  openrsp cert register --proof dpauth.proof.json --possession-signature sig.der"
    )]
    Register {
        #[arg(long)]
        proof: PathBuf,
        #[command(flatten)]
        key: PossessionKey,
    },
    /// Print the message the certificate's key must sign to register a proof file (for a signer
    /// outside OpenRSP: sign it with ECDSA P-256 / SHA-256, then `cert register
    /// --possession-signature`).
    #[command(
        after_help = "Example:\n  openrsp cert possession-message --proof dpauth.proof.json --out message.bin\n  openssl dgst -sha256 -sign SK.pem -out sig.der message.bin\n  openrsp cert register --proof dpauth.proof.json --possession-signature sig.der"
    )]
    PossessionMessage {
        #[arg(long)]
        proof: PathBuf,
        /// Also write the raw message bytes here.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write a proof file as snarkjs `proof.json` and `public.json` (check it with
    /// `snarkjs groth16 verify` and the key from `registry vk export`).
    #[command(
        after_help = "Example:\n  openrsp cert export-proof --proof dpauth.proof.json --out-dir dpauth-snarkjs\n  snarkjs groth16 verify verification_key.json dpauth-snarkjs/public.json dpauth-snarkjs/proof.json"
    )]
    ExportProof {
        #[arg(long)]
        proof: PathBuf,
        /// Directory for proof.json and public.json (created if missing).
        #[arg(long)]
        out_dir: PathBuf,
    },
    /// Turn a snarkjs proof (e.g. of a circom circuit registered with `registry vk add
    /// --snarkjs-vk`) into a proof file for `cert register`. The statement file holds the proof
    /// file's statement fields (circuit, circuit_id, role, anchor_key_id, commitment,
    /// subject_key_hash, subject_key, permitted_iin, not_before, not_after, registrant);
    /// public.json must be its hash.
    #[command(
        after_help = "Example:\n  openrsp cert import-proof --snarkjs-proof proof.json --public public.json --statement statement.json --out dpauth.proof.json"
    )]
    ImportProof {
        /// snarkjs `proof.json`.
        #[arg(long)]
        snarkjs_proof: PathBuf,
        /// snarkjs `public.json`: one input, the statement's Poseidon hash.
        #[arg(long)]
        public: PathBuf,
        /// JSON with the statement's fields (a proof file of ours also serves).
        #[arg(long)]
        statement: PathBuf,
        /// Where to write the proof file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Show the registry record of a certificate.
    #[command(
        after_help = "Example:\n  openrsp cert show --cert CERT_S_SM_DPauth_ECDSA_NIST.der --output json"
    )]
    Show(CertRef),
    /// List certificate records, optionally of one role (e.g. every registered SM-DP+).
    #[command(after_help = "Example:\n  openrsp cert list --role dp-auth --valid --output json")]
    List {
        /// Only this role (ci, euicc, eum, dp-tls, dp-auth, dp-pb, ds-tls, ds-auth).
        #[arg(long)]
        role: Option<String>,
        /// Only records that are not revoked and inside their window now.
        #[arg(long)]
        valid: bool,
    },
    /// What an LPA does: recompute the commitment, read the record, judge it (exit 4 unless valid).
    #[command(
        after_help = "Example:\n  openrsp cert lookup --cert CERT_S_SM_DPauth_ECDSA_NIST.der --output json"
    )]
    Lookup {
        #[arg(long)]
        cert: PathBuf,
    },
    /// Revoke a certificate record (its registrant or the registry authority).
    #[command(
        after_help = "Example:\n  openrsp cert revoke --cert CERT.der --reason key-compromise"
    )]
    Revoke {
        #[command(flatten)]
        which: CertRef,
        /// RFC 5280 reason: unspecified, key-compromise, ca-compromise, affiliation-changed,
        /// superseded, cessation-of-operation, certificate-hold, remove-from-crl,
        /// privilege-withdrawn, aa-compromise (or the numeric code).
        #[arg(long, default_value = "unspecified")]
        reason: String,
    },
}

/// Where the certificate's private key signs the possession message: exactly one of a key file,
/// a PKCS#11 token, or a ready signature.
#[derive(Args)]
pub struct PossessionKey {
    /// The certificate's private key, PEM (SEC1 or PKCS#8), e.g. SGP.26 SK_S_SM_DPauth_ECDSA_NIST.pem.
    #[arg(long)]
    cert_key: Option<PathBuf>,
    /// A PKCS#11 module holding the key (e.g. /usr/lib/softhsm/libsofthsm2.so); with
    /// --pkcs11-token and --pkcs11-key. The user PIN is read from OPENRSP_PKCS11_PIN only (never
    /// a command-line argument, which `ps` and shell history would show).
    #[arg(long, requires_all = ["pkcs11_token", "pkcs11_key"])]
    pkcs11_module: Option<PathBuf>,
    /// The token's label.
    #[arg(long, requires = "pkcs11_module")]
    pkcs11_token: Option<String>,
    /// The private key's label (CKA_LABEL).
    #[arg(long, requires = "pkcs11_module")]
    pkcs11_key: Option<String>,
    /// A signature over `cert possession-message` made elsewhere: hex or a file, DER or r || s.
    #[arg(long)]
    possession_signature: Option<String>,
}

impl PossessionKey {
    fn signer(&self) -> Result<Box<dyn PossessionSigner>, Failure> {
        match (&self.cert_key, &self.pkcs11_module, &self.possession_signature) {
            (Some(path), None, None) => Ok(Box::new(KeyFileSigner::from_file(path)?)),
            (None, Some(module), None) => Ok(Box::new(Pkcs11Signer {
                module: module.clone(),
                token: self.pkcs11_token.clone().unwrap_or_default(),
                key_label: self.pkcs11_key.clone().unwrap_or_default(),
                pin: std::env::var("OPENRSP_PKCS11_PIN")
                    .map_err(|_| anyhow!("the PKCS#11 user PIN: set OPENRSP_PKCS11_PIN"))?,
            })),
            (None, None, Some(value)) => Ok(Box::new(ExternalSignature::from_hex_or_file(value)?)),
            _ => Err(anyhow!(
                "the certificate's key must sign the registration: give exactly one of --cert-key, --pkcs11-module or --possession-signature"
            )
            .into()),
        }
    }
}

#[derive(Args)]
pub struct CertRef {
    /// The certificate (its commitment is recomputed)...
    #[arg(long, required_unless_present = "commitment")]
    cert: Option<PathBuf>,
    /// ...or the commitment, hex.
    #[arg(long, conflicts_with = "cert")]
    commitment: Option<String>,
}

impl CertRef {
    fn commitment(&self) -> Result<[u8; 32], Failure> {
        match (&self.cert, &self.commitment) {
            (Some(path), _) => Ok(RspCertificate::from_file(path)?.commitment()?),
            (None, Some(hex)) => parse_hex::<32>("--commitment", hex),
            (None, None) => Err(anyhow!("give --cert or --commitment").into()),
        }
    }
}

fn read_proof_file(path: &Path) -> Result<ProofFile, Failure> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(serde_json::from_str(&text)
        .map_err(|e| anyhow!("{} is not a proof file: {e}", path.display()))?)
}

/// Before spending a proof on it: if the registry already holds the verifying key of
/// `circuit_id` for the certificate's CI, the certificate must be of a role it accepts and the key
/// must be active. A registry that cannot be read, or holds no key yet (offline proving, a key to
/// be added), is not a reason to refuse; a certificate of another CI than the circuit's is refused
/// by the prover's own checks.
fn refuse_what_the_registry_would(
    ctx: &mut Context,
    circuit_id: u32,
    certificate: &RspCertificate,
) -> Result<(), Failure> {
    let program = ctx.ids.cert_registry;
    let Ok(ledger) = ctx.ledger() else {
        return Ok(());
    };
    let issuer = certificate.issuer_key_id()?;
    let Ok(Some(key)) = CertRegistry::new(ledger, program).verifying_key(&issuer, circuit_id)
    else {
        return Ok(());
    };
    let role = certificate.role.name();
    if !key.roles.iter().any(|r| r == role) {
        return Err(anyhow!(
            "the registry's key for circuit {circuit_id:#010x} accepts {} certificates, not {role}: a proof would be refused",
            key.roles.join(", ")
        )
        .into());
    }
    if key.status != "active" {
        return Err(anyhow!(
            "the registry's key for circuit {circuit_id:#010x} is {}: a proof would be refused",
            key.status
        )
        .into());
    }
    Ok(())
}

/// Unix seconds, or an ISO 8601 UTC date / date-time.
fn parse_time(s: &str) -> Result<u64, String> {
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(secs);
    }
    let bad = || format!("{s:?} is neither unix seconds nor YYYY-MM-DD[THH:MM:SSZ]");
    let (date, time) = s.split_once('T').unwrap_or((s, "00:00:00Z"));
    let d: Vec<&str> = date.split('-').collect();
    let t: Vec<&str> = time.trim_end_matches('Z').split(':').collect();
    if d.len() != 3 || t.len() != 3 {
        return Err(bad());
    }
    let n = |x: &str| x.parse::<u16>().map_err(|_| bad());
    let dt = der::DateTime::new(
        n(d[0])?,
        n(d[1])? as u8,
        n(d[2])? as u8,
        n(t[0])? as u8,
        n(t[1])? as u8,
        n(t[2])? as u8,
    )
    .map_err(|_| bad())?;
    Ok(dt.unix_duration().as_secs())
}

const REASONS: [(&str, u8); 10] = [
    ("unspecified", 0),
    ("key-compromise", 1),
    ("ca-compromise", 2),
    ("affiliation-changed", 3),
    ("superseded", 4),
    ("cessation-of-operation", 5),
    ("certificate-hold", 6),
    ("remove-from-crl", 8),
    ("privilege-withdrawn", 9),
    ("aa-compromise", 10),
];

fn parse_reason(s: &str) -> Result<u8, Failure> {
    REASONS
        .iter()
        .find(|(name, _)| *name == s)
        .map(|(_, code)| *code)
        .or_else(|| {
            s.parse::<u8>()
                .ok()
                .filter(|c| REASONS.iter().any(|(_, k)| k == c))
        })
        .ok_or_else(|| anyhow!("unknown revocation reason {s:?}").into())
}

pub fn run(ctx: &mut Context, cmd: CertCommand) -> CmdResult {
    let program = ctx.ids.cert_registry;
    match cmd {
        CertCommand::Prove {
            cert,
            ci,
            at,
            out,
            circuit,
            circuit_id,
            registrant,
        } => {
            let certificate = RspCertificate::from_file(&cert)?;
            let ci = RspCertificate::from_file(&ci)?;
            let at = at.unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs())
            });
            certificate.check_issued_by(&ci, at)?;
            let registrant = match registrant {
                Some(r) => r,
                None => ctx.signer()?.pubkey(),
            };
            let chosen = Circuit::from_name(&circuit, Some(&ci))?;
            let circuit_id = circuit_id.unwrap_or(chosen.circuit_id());
            refuse_what_the_registry_would(ctx, circuit_id, &certificate)?;
            let (chosen, keys) = circuit_keys(ctx, chosen)?;
            let progress = spinner(ctx, format!("proving with {}", chosen.name()));
            let file = chosen.prove(&keys, &certificate, circuit_id, &registrant);
            if let Some(p) = progress {
                p.finish_and_clear();
            }
            let file = file?;
            write_json(&out, &file)?;
            ctx.print(json!({ "proof": out, "commitment": file.commitment, "registrant": file.registrant }), || {
                format!(
                    "proved {} ({}) for registrant {}\n  commitment {}\n  wrote {}",
                    certificate.common_name.as_deref().unwrap_or("certificate"),
                    file.role,
                    file.registrant,
                    file.commitment,
                    out.display()
                )
            });
        }
        CertCommand::Register { proof, key } => {
            let file = read_proof_file(&proof)?;
            let possession = key.signer()?;
            let signer = ctx.signer()?;
            let (receipt, address) = CertRegistry::new(ctx.ledger()?, program)
                .register_proof_file(&signer, &file, possession.as_ref())?;
            ctx.print(json!({ "record": address.to_string(), "commitment": file.commitment, "receipt": receipt }), || {
                format!(
                    "certificate ({}) registered at {address}\n{}",
                    file.role,
                    receipt_line("register_certificate", &receipt)
                )
            });
        }
        CertCommand::PossessionMessage { proof, out } => {
            let file = read_proof_file(&proof)?;
            let registrant: Address = file
                .registrant
                .parse()
                .map_err(|e| anyhow!("the proof file's registrant: {e}"))?;
            let args = openrsp_sdk::prover::register_args(
                &file.statement()?,
                file.subject_key()?,
                file.proof()?,
            );
            let request =
                CertRegistry::new(ctx.ledger()?, program).possession_request(&registrant, &args)?;
            let message = request.message();
            if let Some(out) = &out {
                std::fs::write(out, message)
                    .with_context(|| format!("writing {}", out.display()))?;
            }
            let key = hex::encode(args.subject_key.compressed());
            // What the bytes say, so that whoever signs sees the wallet they bind, not a blob.
            ctx.print(
                json!({
                    "message": hex::encode(message),
                    "program": request.program_id.to_string(),
                    "registrant": request.registrant.to_string(),
                    "commitment": hex::encode(request.commitment),
                    "circuit_id": request.circuit_id,
                    "circuit_version": request.circuit_version,
                    "subject_key": key,
                }),
                || {
                    format!(
                        "{}\n  binds: program {}, registrant {}, commitment {}, circuit {:#010x} version {}\n  sign with the key of subject key {key} (ECDSA P-256, SHA-256)",
                        hex::encode(message),
                        request.program_id,
                        request.registrant,
                        hex::encode(request.commitment),
                        request.circuit_id,
                        request.circuit_version
                    )
                },
            );
        }
        CertCommand::ExportProof { proof, out_dir } => {
            let file = read_proof_file(&proof)?;
            let (proof_json, public_json) = snarkjs::export_proof_file(&file)?;
            std::fs::create_dir_all(&out_dir)
                .with_context(|| format!("creating {}", out_dir.display()))?;
            let (proof_out, public_out) = (out_dir.join("proof.json"), out_dir.join("public.json"));
            write_json(&proof_out, &proof_json)?;
            write_json(&public_out, &public_json)?;
            ctx.print(
                json!({ "proof": proof_out, "public": public_out, "public_input": public_json[0] }),
                || format!("wrote {} and {}", proof_out.display(), public_out.display()),
            );
        }
        CertCommand::ImportProof {
            snarkjs_proof,
            public,
            statement,
            out,
        } => {
            let read = |path: &PathBuf| {
                std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
            };
            let statement_json: serde_json::Value = serde_json::from_str(&read(&statement)?)
                .map_err(|e| anyhow!("{} is not JSON: {e}", statement.display()))?;
            let file = snarkjs::import_proof_file(
                &read(&snarkjs_proof)?,
                &read(&public)?,
                &statement_json,
            )?;
            write_json(&out, &file)?;
            ctx.print(json!({ "proof": out, "commitment": file.commitment, "registrant": file.registrant }), || {
                format!(
                    "imported a proof of {} ({}) for registrant {}\n  wrote {}",
                    file.circuit, file.role, file.registrant, out.display()
                )
            });
        }
        CertCommand::Show(which) => {
            let commitment = which.commitment()?;
            let view = CertRegistry::new(ctx.ledger()?, program)
                .certificate(&commitment)?
                .ok_or_else(|| anyhow!("no record for commitment {}", hex::encode(commitment)))?;
            ctx.print(json!(view), || {
                format!(
                    "certificate record {}\n  role: {}\n  commitment: {}\n  valid: {} .. {} (unix)\n  registrant: {}\n  revoked: {}",
                    view.address,
                    view.role,
                    view.commitment,
                    view.not_before,
                    view.not_after,
                    view.registrant,
                    view.revoked
                )
            });
        }
        CertCommand::List { role, valid } => {
            if let Some(r) = &role {
                super::parse_roles(r)?;
            }
            let ledger = ctx.ledger()?;
            let now = ledger.unix_timestamp()?.max(0) as u64;
            let records: Vec<_> = CertRegistry::new(ledger, program)
                .certificates()?
                .into_iter()
                .filter(|c| role.as_ref().is_none_or(|r| &c.role == r))
                .filter(|c| !valid || (!c.revoked && c.not_before <= now && now <= c.not_after))
                .collect();
            ctx.print(json!(records), || {
                let mut lines = vec![format!("{} certificate record(s)", records.len())];
                lines.extend(records.iter().map(|c| {
                    let state = if c.revoked {
                        "revoked"
                    } else if now > c.not_after {
                        "expired"
                    } else {
                        "valid"
                    };
                    format!(
                        "  {}  {:<8} {:<8} registrant {}",
                        c.commitment, c.role, state, c.registrant
                    )
                }));
                lines.join("\n")
            });
        }
        CertCommand::Lookup { cert } => {
            let certificate = RspCertificate::from_file(&cert)?;
            let lookup = CertRegistry::new(ctx.ledger()?, program).lookup(&certificate)?;
            ctx.print(json!(lookup), || {
                let role = lookup
                    .record
                    .as_ref()
                    .map_or("-".to_string(), |r| r.role.clone());
                format!(
                    "{}: {} (role {role}, record {})",
                    cert.display(),
                    lookup.status,
                    lookup.record_address
                )
            });
            if lookup.status != LookupStatus::Valid {
                return Err(Failure::with_code(
                    4,
                    format!("certificate is {}", lookup.status),
                ));
            }
        }
        CertCommand::Revoke { which, reason } => {
            let commitment = which.commitment()?;
            let code = parse_reason(&reason)?;
            let signer = ctx.signer()?;
            let receipt = CertRegistry::new(ctx.ledger()?, program).revoke_certificate(
                &signer,
                &commitment,
                code,
            )?;
            ctx.print(json!({ "commitment": hex::encode(commitment), "reason": code, "receipt": receipt }), || {
                format!("certificate {} revoked ({reason})\n{}", hex::encode(commitment), receipt_line("revoke_certificate", &receipt))
            });
        }
    }
    Ok(())
}
