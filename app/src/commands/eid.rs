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
        eid_circuit_keys, instructions::EidVerifyingKeyArgs, prepare_eid, purpose_from_name,
        purpose_name, random_salt, recent_slot_hash, EidCommitments, EidProofFile, EidProofRequest,
    },
    euicc::{bind_chip, binding_matching_id, AuthenticateServerResponse, EmulatedEuicc},
    testpki::{issue_dp_auth, Issued},
    zk::encode_verifying_key,
    Address, Signer,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::{Path, PathBuf};

/// What `openrsp eid bind` writes: the wallet, the recent slot and the matchingId the device's
/// LPA passes to its eUICC in ES10b AuthenticateServer.
#[derive(Serialize, Deserialize)]
struct BindingFile {
    owner: String,
    bound_slot: u64,
    /// Hex.
    slot_hash: String,
    matching_id: String,
}

fn read_binding(path: &Path) -> Result<(BindingFile, Address, [u8; 32]), Failure> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let binding: BindingFile = serde_json::from_str(&text)
        .map_err(|e| anyhow!("{} is not a binding file: {e}", path.display()))?;
    let owner: Address = binding
        .owner
        .parse()
        .map_err(|_| anyhow!("{}: owner is not an address", path.display()))?;
    let slot_hash = parse_hex::<32>("slot_hash", &binding.slot_hash)?;
    Ok((binding, owner, slot_hash))
}

#[derive(Subcommand)]
pub enum EidCommand {
    /// Create the eid-commitment config with the euicc_chain verifying key (governance, once).
    #[command(after_help = "Example:\n  openrsp eid init --authority <MULTISIG_VAULT>")]
    Init {
        /// Authority [default: the signer].
        #[arg(long)]
        authority: Option<Address>,
        /// The program's upgrade authority (the key that deployed it), which alone can set it
        /// up [default: the signer].
        #[arg(long, value_name = "KEYPAIR")]
        upgrade_authority: Option<std::path::PathBuf>,
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
    /// Start a chip binding: read a recent slot hash and write the matchingId that binds a wallet
    /// after it. The device's LPA passes it to its eUICC (ES10b AuthenticateServer,
    /// ctxParamsForCommonAuthentication) with a fresh serverSigned1 from any SM-DP+; the chip's
    /// answer then goes to `eid prove` within about three minutes (512 slots).
    #[command(after_help = "Example:\n  openrsp eid bind --out binding.json")]
    Bind {
        /// The wallet to bind [default: the signer].
        #[arg(long)]
        owner: Option<Address>,
        #[arg(long)]
        out: PathBuf,
    },
    /// A test-PKI eUICC answers AuthenticateServer for a binding, as a chip would (the SM-DP+ side
    /// is a DPauth issued on the fly under the test CI). For tests and demos only.
    #[command(
        after_help = "Example:\n  openrsp eid emulate-chip --pki pki --chip 1 --binding binding.json --out answer.der"
    )]
    EmulateChip {
        /// A directory written by `openrsp testpki` (ci, eum, euicc-<n> with their keys).
        #[arg(long)]
        pki: PathBuf,
        /// Which eUICC of the directory.
        #[arg(long, default_value_t = 1)]
        chip: usize,
        #[arg(long)]
        binding: PathBuf,
        /// Where to write the AuthenticateServerResponse (DER).
        #[arg(long)]
        out: PathBuf,
    },
    /// Prove that your chip, an eUICC certified by a registered EUM, signed your binding, and
    /// commit to its EID. Writes the proof file (public) and, beside it, `<out>.secret.json` (the
    /// EID and salt: keep it).
    #[command(
        after_help = "Example:\n  openrsp eid prove --euicc euicc-1.der --eum eum.der --binding binding.json --chip-answer answer.der --out eid.proof.json"
    )]
    Prove {
        /// The eUICC certificate (DER or PEM).
        #[arg(long)]
        euicc: PathBuf,
        /// The certificate of the EUM that issued it (registered in the registry).
        #[arg(long)]
        eum: PathBuf,
        /// The binding file of `openrsp eid bind` (the proof is bound to its owner).
        #[arg(long)]
        binding: PathBuf,
        /// The chip's AuthenticateServerResponse (DER) for that binding.
        #[arg(long)]
        chip_answer: PathBuf,
        /// What the registration is for: `plans` (data plans), or a purpose number governance
        /// enabled; one chip registers once per purpose.
        #[arg(long, default_value = "plans")]
        purpose: String,
        /// Salt, 32 bytes hex below the BN254 modulus [default: random].
        #[arg(long)]
        salt: Option<String>,
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
    /// Take over the commitment of your chip from its previous owner: a proof with a binding newer
    /// than the record's. Orders and subscriptions already open stay with the previous owner.
    #[command(after_help = "Example:\n  openrsp eid take-over --proof eid.proof.json")]
    TakeOver {
        #[arg(long)]
        proof: PathBuf,
    },
    /// Close your commitment and take back its rent; the EID registers again only with a binding
    /// made after this.
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
        EidCommand::Init {
            authority,
            upgrade_authority,
        } => {
            let signer = ctx.signer()?;
            let deployer = ctx.upgrade_authority(upgrade_authority.as_deref())?;
            let authority = authority.unwrap_or(signer.pubkey());
            let keys = load_keys(ctx)?;
            let vk = EidVerifyingKeyArgs {
                circuit_id: openrsp_circuits::euicc_chain::CIRCUIT_ID,
                circuit_version: openrsp_circuits::euicc_chain::REVISION as u16,
                key: encode_verifying_key(keys.verifying_key())?,
            };
            let receipt = EidCommitments::new(ctx.ledger()?, program, registry)
                .initialize(&signer, &deployer, &authority, &vk)?;
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
                    "eid-commitment config {}\n  authority: {}\n  pending authority: {}\n  registry: {}\n  circuit: {:#x} v{}\n  purposes: {:?}\n  paused: {}",
                    view.address,
                    view.authority,
                    view.pending_authority.as_deref().unwrap_or("none"),
                    view.registry_program,
                    view.circuit_id,
                    view.circuit_version,
                    view.purposes,
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
        EidCommand::Bind { owner, out } => {
            let owner = match owner {
                Some(o) => o,
                None => ctx.signer()?.pubkey(),
            };
            let (bound_slot, slot_hash) = recent_slot_hash(ctx.ledger()?)?;
            let matching_id =
                binding_matching_id(&owner.to_bytes(), &slot_hash).map_err(|e| anyhow!("{e}"))?;
            let binding = BindingFile {
                owner: owner.to_string(),
                bound_slot,
                slot_hash: hex::encode(slot_hash),
                matching_id: matching_id.clone(),
            };
            write_json(&out, &binding)?;
            ctx.print(json!(binding), || {
                format!(
                    "binding of {owner} after slot {bound_slot}\n  matchingId {matching_id}\n  pass it to your eUICC in AuthenticateServer, then run `openrsp eid prove` within about three minutes\n  wrote {}",
                    out.display()
                )
            });
        }
        EidCommand::EmulateChip {
            pki,
            chip,
            binding,
            out,
        } => {
            let (_, owner, slot_hash) = read_binding(&binding)?;
            let ci = Issued::load(&pki, "ci")?;
            let euicc = Issued::load(&pki, &format!("euicc-{chip}"))?;
            let eum = Issued::load(&pki, "eum")?;
            let address = "testsmdpplus1.example.com";
            let dp_auth = issue_dp_auth(&ci, address, &[])?;
            let mut emulated =
                EmulatedEuicc::new(&euicc, &eum.certificate_der, &[&ci.certificate_der])?;
            let answer = bind_chip(
                &mut emulated,
                &dp_auth,
                address,
                &owner.to_bytes(),
                &slot_hash,
            )?;
            std::fs::write(&out, answer.to_der())
                .with_context(|| format!("writing {}", out.display()))?;
            ctx.print(json!({ "answer": out }), || {
                format!(
                    "the test eUICC {chip} signed the binding of {owner} (euiccSigned1, {} bytes)\n  wrote {}",
                    answer.euicc_signed1.len(),
                    out.display()
                )
            });
        }
        EidCommand::Prove {
            euicc,
            eum,
            binding,
            chip_answer,
            purpose,
            salt,
            out,
        } => {
            let euicc = RspCertificate::from_file(&euicc)?;
            let eum = RspCertificate::from_file(&eum)?;
            let (binding, owner, slot_hash) = read_binding(&binding)?;
            let answer = std::fs::read(&chip_answer)
                .with_context(|| format!("reading {}", chip_answer.display()))?;
            let answer = AuthenticateServerResponse::from_der(&answer)?;
            let purpose_field = purpose_from_name(&purpose)?;
            let salt = match salt {
                Some(hex) => parse_hex::<32>("--salt", &hex)?,
                None => random_salt(),
            };
            let leaves = CertRegistry::new(ctx.ledger()?, registry).eum_tree_leaves()?;
            // The chain's clock: the program takes the proof for an hour after it.
            let valid_at = u64::try_from(ctx.ledger()?.unix_timestamp()?)
                .context("the ledger's clock is before 1970")?;
            // Everything that can be refused is, before the keys (0.7 GB) are loaded: the binding
            // is only good for 512 slots.
            let prepared = prepare_eid(
                &euicc,
                &eum,
                &leaves,
                EidProofRequest {
                    salt,
                    purpose: purpose_field,
                    owner: &owner,
                    valid_at,
                    chip: &answer,
                    bound_slot: binding.bound_slot,
                    slot_hash,
                },
            )?;
            // The keys are read once the witness is reduced (SDK `prove_loading_keys`): the
            // proving key and the constraint system are never in memory together.
            let dir = ctx.keys_dir();
            let progress = spinner(ctx, proving_message(&dir));
            let proved = prepared.prove_loading_keys(|| eid_circuit_keys(&dir).map(|k| k.0));
            if let Some(p) = progress {
                p.finish_and_clear();
            }
            let (file, mut secret) = proved?;
            secret.purpose = purpose_name(&purpose_field);
            write_json(&out, &file)?;
            let secret_out = secret_path(&out);
            let text = serde_json::to_string_pretty(&secret).context("serialising the secret")?;
            write_private(&secret_out, &(text + "\n"))?;
            ctx.print(
                json!({ "proof": out, "secret": secret_out, "commitment": file.commitment, "nullifier": file.nullifier, "owner": file.owner }),
                || {
                    format!(
                        "proved that a chip certified by a registered EUM signed for {} (purpose {purpose})\n  commitment {}\n  wrote {} and {} (keep the secret)",
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
        EidCommand::TakeOver { proof } => {
            let file = read_proof(&proof)?;
            let signer = ctx.signer()?;
            let (receipt, address) = EidCommitments::new(ctx.ledger()?, program, registry)
                .take_over_proof_file(&signer, &file)?;
            ctx.print(
                json!({ "eid_commitment": address.to_string(), "commitment": file.commitment, "receipt": receipt }),
                || {
                    format!(
                        "EID commitment {address} taken over by {}\n{}",
                        signer.pubkey(),
                        receipt_line("take_over_commitment", &receipt)
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
                            "EID commitment {}\n  owner: {}\n  purpose: {}\n  commitment: {}\n  nullifier: {}\n  bound after slot: {}\n  rotations: {}, takeovers: {}",
                            v.address, v.owner, v.purpose, v.commitment, v.nullifier, v.bound_slot, v.rotations, v.takeovers
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(())
}

/// What `eid prove` says while it works: generating the keys the first time takes minutes.
fn proving_message(dir: &Path) -> String {
    if eid_keys_cached(dir) {
        "proving with euicc_chain".into()
    } else {
        format!(
            "proving with euicc_chain (its keys are generated first, once, about two minutes; cached in {})",
            dir.display()
        )
    }
}

/// Whether the euicc_chain keys are in the cache under `dir` (else the next use generates them).
fn eid_keys_cached(dir: &Path) -> bool {
    openrsp_circuits::keys::cache_path(dir, &openrsp_circuits::euicc_chain::key_name()).exists()
}

/// The euicc_chain keys from the cache, or a fresh setup with a spinner.
fn load_keys(ctx: &Context) -> Result<openrsp_circuits::keys::CircuitKeys, Failure> {
    let dir = ctx.keys_dir();
    let progress = spinner(
        ctx,
        if eid_keys_cached(&dir) {
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
