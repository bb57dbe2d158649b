//! `openrsp eid ...`: EID commitments. A consumer proves that their eUICC was certified by a
//! registered EUM and registers a commitment to the EID, which orders then name instead of the EID.

use super::{parse_hex, registry::spinner};
use crate::context::{receipt_line, write_json, CmdResult, Context, Failure};
use anyhow::{anyhow, Context as _};
use clap::Subcommand;
use openrsp_sdk::{
    cert_registry::CertRegistry,
    certificate::RspCertificate,
    eid_commitment::{
        eid_circuit_keys, instructions::EidVerifyingKeyArgs, prove_eid, purpose_from_label,
        EidProofRequest,
        random_salt, EidCommitments, EidProofFile,
    },
    zk::encode_verifying_key,
    Address, Signer,
};
use serde_json::json;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum EidCommand {
    /// Create the eid-commitment config with the euicc_chain verifying key (governance, once).
    #[command(after_help = "Example:\n  openrsp eid init --authority <MULTISIG_VAULT>")]
    Init {
        /// Authority [default: the signer].
        #[arg(long)]
        authority: Option<Address>,
    },
    /// Show the config: authority, registry, circuit, pause.
    #[command(after_help = "Example:\n  openrsp eid config --output json")]
    Config,
    /// Stop registrations and rotations (authority).
    #[command(after_help = "Example:\n  openrsp eid pause --keypair authority.json")]
    Pause,
    /// Resume registrations and rotations (authority).
    #[command(after_help = "Example:\n  openrsp eid unpause --keypair authority.json")]
    Unpause,
    /// Propose a new authority (authority); it takes over when it accepts.
    #[command(
        after_help = "Example:\n  openrsp eid propose-authority <MULTISIG_VAULT> --keypair authority.json"
    )]
    ProposeAuthority {
        /// The proposed authority.
        new_authority: Address,
    },
    /// Accept the authority (the proposed key signs).
    #[command(
        after_help = "Example:\n  openrsp eid accept-authority --keypair new-authority.json"
    )]
    AcceptAuthority,
    /// Prove that an eUICC certificate was issued by a registered EUM and commit to its EID.
    /// Writes the proof file (public) and, beside it, `<out>.secret.json` (the EID and salt: keep it).
    #[command(
        after_help = "Example:\n  openrsp eid prove --euicc euicc-1.der --eum eum.der --purpose subscriber --out eid.proof.json"
    )]
    Prove {
        /// The eUICC certificate (DER or PEM).
        #[arg(long)]
        euicc: PathBuf,
        /// The certificate of the EUM that issued it (registered in the registry).
        #[arg(long)]
        eum: PathBuf,
        /// What the registration is for; one EID registers once per purpose.
        #[arg(long, default_value = "subscriber")]
        purpose: String,
        /// Salt, 32 bytes hex below the BN254 modulus [default: random].
        #[arg(long)]
        salt: Option<String>,
        /// Owner the proof is bound to [default: the signer].
        #[arg(long)]
        owner: Option<Address>,
        /// Where to write the proof file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Register the commitment of a proof file (the owner signs and pays rent).
    #[command(
        after_help = "Example:\n  openrsp eid register --proof eid.proof.json --keypair consumer.json"
    )]
    Register {
        #[arg(long)]
        proof: PathBuf,
    },
    /// Replace your commitment with a new proof for the same EID and purpose (a new salt).
    #[command(after_help = "Example:\n  openrsp eid rotate --proof eid-new-salt.proof.json")]
    Rotate {
        #[arg(long)]
        proof: PathBuf,
    },
    /// Close your commitment and take back its rent; the EID stays used for that purpose.
    #[command(after_help = "Example:\n  openrsp eid revoke --address <EID_COMMITMENT>")]
    Revoke {
        /// The commitment account.
        #[arg(long)]
        address: Address,
    },
    /// Show a commitment (by address or proof file), or every commitment of an owner.
    #[command(after_help = "Example:\n  openrsp eid show --proof eid.proof.json --output json")]
    Show {
        #[arg(long, conflicts_with_all = ["proof", "owner"])]
        address: Option<Address>,
        #[arg(long, conflicts_with = "owner")]
        proof: Option<PathBuf>,
        /// Every commitment of this owner [default: the signer's].
        #[arg(long)]
        owner: Option<Address>,
    },
}

fn read_proof(path: &Path) -> Result<EidProofFile, Failure> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| anyhow!("{} is not an EID proof file: {e}", path.display()).into())
}

/// The secret file beside a proof file.
fn secret_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".secret.json");
    out.with_file_name(name)
}

pub fn run(ctx: &mut Context, cmd: EidCommand) -> CmdResult {
    let program = ctx.ids.eid_commitment;
    let registry = ctx.ids.cert_registry;
    match cmd {
        EidCommand::Init { authority } => {
            let signer = ctx.signer()?;
            let authority = authority.unwrap_or(signer.pubkey());
            let keys = load_keys(ctx)?;
            let vk = EidVerifyingKeyArgs {
                circuit_id: openrsp_circuits::euicc_chain::CIRCUIT_ID,
                circuit_version: openrsp_circuits::euicc_chain::REVISION as u16,
                key: encode_verifying_key(keys.verifying_key())?,
            };
            let receipt = EidCommitments::new(ctx.ledger()?, program, registry)
                .initialize(&signer, &authority, &vk)?;
            ctx.print(json!({ "authority": authority.to_string(), "receipt": receipt }), || {
                format!(
                    "eid-commitment initialised, authority {authority}, circuit euicc_chain {:#x}\n{}",
                    vk.circuit_id,
                    receipt_line("initialize_config", &receipt)
                )
            });
        }
        EidCommand::Config => {
            let view = EidCommitments::new(ctx.ledger()?, program, registry)
                .config()?
                .ok_or_else(|| anyhow!("no eid-commitment config yet: run `openrsp eid init`"))?;
            ctx.print(json!(view), || {
                format!(
                    "eid-commitment config {}\n  authority: {}\n  pending authority: {}\n  registry: {}\n  circuit: {:#x} v{}\n  paused: {}",
                    view.address,
                    view.authority,
                    view.pending_authority.as_deref().unwrap_or("none"),
                    view.registry_program,
                    view.circuit_id,
                    view.circuit_version,
                    view.paused
                )
            });
        }
        EidCommand::Pause | EidCommand::Unpause => {
            let paused = matches!(cmd, EidCommand::Pause);
            let signer = ctx.signer()?;
            let receipt = EidCommitments::new(ctx.ledger()?, program, registry)
                .set_paused(&signer, paused)?;
            ctx.print(json!({ "paused": paused, "receipt": receipt }), || {
                format!(
                    "eid-commitment {}\n{}",
                    if paused { "paused" } else { "resumed" },
                    receipt_line("set_paused", &receipt)
                )
            });
        }
        EidCommand::ProposeAuthority { new_authority } => {
            let signer = ctx.signer()?;
            let receipt = EidCommitments::new(ctx.ledger()?, program, registry)
                .propose_authority(&signer, &new_authority)?;
            ctx.print(
                json!({ "proposed": new_authority.to_string(), "receipt": receipt }),
                || {
                    format!(
                        "proposed {new_authority} as eid-commitment authority\n{}",
                        receipt_line("propose_authority", &receipt)
                    )
                },
            );
        }
        EidCommand::AcceptAuthority => {
            let signer = ctx.signer()?;
            let receipt =
                EidCommitments::new(ctx.ledger()?, program, registry).accept_authority(&signer)?;
            ctx.print(
                json!({ "authority": signer.pubkey().to_string(), "receipt": receipt }),
                || {
                    format!(
                        "{} is now the eid-commitment authority\n{}",
                        signer.pubkey(),
                        receipt_line("accept_authority", &receipt)
                    )
                },
            );
        }
        EidCommand::Prove {
            euicc,
            eum,
            purpose,
            salt,
            owner,
            out,
        } => {
            let euicc = RspCertificate::from_file(&euicc)?;
            let eum = RspCertificate::from_file(&eum)?;
            let owner = match owner {
                Some(o) => o,
                None => ctx.signer()?.pubkey(),
            };
            let salt = match salt {
                Some(hex) => parse_hex::<32>("--salt", &hex)?,
                None => random_salt(),
            };
            let leaves = CertRegistry::new(ctx.ledger()?, registry).eum_tree_leaves()?;
            // The chain's clock: the program takes the proof for an hour after it.
            let valid_at = u64::try_from(ctx.ledger()?.unix_timestamp()?)
                .context("the ledger's clock is before 1970")?;
            let keys = load_keys(ctx)?;
            let progress = spinner(ctx, "proving with euicc_chain".into());
            let proved = prove_eid(
                &keys,
                &euicc,
                &eum,
                &leaves,
                EidProofRequest {
                    salt,
                    purpose: purpose_from_label(&purpose),
                    owner: &owner,
                    valid_at,
                },
            );
            if let Some(p) = progress {
                p.finish_and_clear();
            }
            let (file, mut secret) = proved?;
            secret.purpose = purpose.clone();
            write_json(&out, &file)?;
            let secret_out = secret_path(&out);
            let text = serde_json::to_string_pretty(&secret).context("serialising the secret")?;
            write_private(&secret_out, &(text + "\n"))?;
            ctx.print(
                json!({ "proof": out, "secret": secret_out, "commitment": file.commitment, "nullifier": file.nullifier, "owner": file.owner }),
                || {
                    format!(
                        "proved an eUICC of a registered EUM for {} (purpose {purpose:?})\n  commitment {}\n  wrote {} and {} (keep the secret)",
                        file.owner,
                        file.commitment,
                        out.display(),
                        secret_out.display()
                    )
                },
            );
        }
        EidCommand::Register { proof } => {
            let file = read_proof(&proof)?;
            let signer = ctx.signer()?;
            let (receipt, address) = EidCommitments::new(ctx.ledger()?, program, registry)
                .register_proof_file(&signer, &file)?;
            ctx.print(
                json!({ "eid_commitment": address.to_string(), "commitment": file.commitment, "receipt": receipt }),
                || {
                    format!(
                        "EID commitment registered at {address}\n{}",
                        receipt_line("register_commitment", &receipt)
                    )
                },
            );
        }
        EidCommand::Rotate { proof } => {
            let file = read_proof(&proof)?;
            let signer = ctx.signer()?;
            let (receipt, address) = EidCommitments::new(ctx.ledger()?, program, registry)
                .rotate_proof_file(&signer, &file)?;
            ctx.print(
                json!({ "eid_commitment": address.to_string(), "commitment": file.commitment, "receipt": receipt }),
                || {
                    format!(
                        "EID commitment {address} rotated\n{}",
                        receipt_line("rotate_commitment", &receipt)
                    )
                },
            );
        }
        EidCommand::Revoke { address } => {
            let signer = ctx.signer()?;
            let receipt =
                EidCommitments::new(ctx.ledger()?, program, registry).revoke(&signer, &address)?;
            ctx.print(
                json!({ "eid_commitment": address.to_string(), "receipt": receipt }),
                || {
                    format!(
                        "EID commitment {address} closed\n{}",
                        receipt_line("revoke_commitment", &receipt)
                    )
                },
            );
        }
        EidCommand::Show {
            address,
            proof,
            owner,
        } => {
            let single = match (address, proof) {
                (Some(a), _) => Some(a),
                (None, Some(p)) => {
                    let nullifier = read_proof(&p)?.field("nullifier")?;
                    Some(openrsp_sdk::eid_commitment::pda::eid_commitment(&program, &nullifier).0)
                }
                (None, None) => None,
            };
            let views = match single {
                Some(a) => {
                    let view = EidCommitments::new(ctx.ledger()?, program, registry)
                        .commitment(&a)?
                        .ok_or_else(|| anyhow!("no EID commitment at {a}"))?;
                    vec![view]
                }
                None => {
                    let owner = match owner {
                        Some(o) => o,
                        None => ctx.signer()?.pubkey(),
                    };
                    EidCommitments::new(ctx.ledger()?, program, registry).commitments_of(&owner)?
                }
            };
            ctx.print(json!(views), || {
                if views.is_empty() {
                    return "no EID commitments".into();
                }
                views
                    .iter()
                    .map(|v| {
                        format!(
                            "EID commitment {}\n  owner: {}\n  commitment: {}\n  nullifier: {}\n  rotations: {}",
                            v.address, v.owner, v.commitment, v.nullifier, v.rotations
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(())
}

/// The euicc_chain keys from the cache, or a fresh setup with a spinner.
fn load_keys(ctx: &Context) -> Result<openrsp_circuits::keys::CircuitKeys, Failure> {
    let dir = ctx.keys_dir();
    let cached =
        openrsp_circuits::keys::cache_path(&dir, &openrsp_circuits::euicc_chain::key_name())
            .exists();
    let progress = spinner(
        ctx,
        if cached {
            "loading the euicc_chain keys".into()
        } else {
            format!(
                "generating the euicc_chain keys (once, about two minutes; cached in {})",
                dir.display()
            )
        },
    );
    let keys = eid_circuit_keys(&dir);
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    Ok(keys?.0)
}

/// Writes a file only its owner can read.
fn write_private(path: &Path, text: &str) -> Result<(), Failure> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
