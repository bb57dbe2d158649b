//! `openrsp registry ...`: governance of cert-registry.

use super::{parse_circuit_id, parse_hex, parse_roles};
use crate::context::{receipt_line, write_json, CmdResult, Context, Failure};
use anyhow::anyhow;
use clap::{Args, Subcommand};
use openrsp_circuits::keys::CircuitKeys;
use openrsp_sdk::{
    cert_registry::CertRegistry,
    certificate::RspCertificate,
    prover::{self, Circuit},
    snarkjs, Address, Signer,
};
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum RegistryCommand {
    /// Create the registry (once per cluster); the signer pays, --authority governs.
    #[command(after_help = "Example:\n  openrsp registry init --authority <MULTISIG_VAULT>")]
    Init {
        /// Authority [default: the signer].
        #[arg(long)]
        authority: Option<Address>,
        /// The program's upgrade authority (the key that deployed it), which alone can set it
        /// up [default: the signer].
        #[arg(long, value_name = "KEYPAIR")]
        upgrade_authority: Option<std::path::PathBuf>,
    },
    /// Show the registry's authority and state.
    #[command(after_help = "Example:\n  openrsp registry show --output json")]
    Show,
    /// Stop new certificate registrations (authority).
    #[command(after_help = "Example:\n  openrsp registry pause --keypair authority.json")]
    Pause,
    /// Resume certificate registrations (authority).
    #[command(after_help = "Example:\n  openrsp registry unpause --keypair authority.json")]
    Unpause,
    /// Propose a new authority (authority); it takes over when it accepts.
    #[command(
        after_help = "Example:\n  openrsp registry propose-authority <MULTISIG_VAULT> --keypair authority.json"
    )]
    ProposeAuthority {
        /// The proposed authority.
        new_authority: Address,
    },
    /// Accept the authority (the proposed key signs).
    #[command(
        after_help = "Example:\n  openrsp registry accept-authority --keypair new-authority.json"
    )]
    AcceptAuthority,
    /// Trust anchors: GSMA CI roots.
    #[command(subcommand)]
    Anchor(AnchorCommand),
    /// Verifying keys of certificate circuits.
    #[command(subcommand)]
    Vk(VkCommand),
    /// The EUM tree: the registered EUM keys that EID proofs are made against.
    #[command(subcommand)]
    EumTree(EumTreeCommand),
}

#[derive(Subcommand)]
pub enum EumTreeCommand {
    /// Create the empty EUM tree (authority; once, before the first EUM registers).
    #[command(after_help = "Example:\n  openrsp registry eum-tree init --keypair authority.json")]
    Init,
    /// Show the tree: leaves, current root and the recent roots proofs may use.
    #[command(after_help = "Example:\n  openrsp registry eum-tree show --output json")]
    Show,
}

#[derive(Subcommand)]
pub enum AnchorCommand {
    /// Register a CI root from its certificate (authority).
    #[command(
        after_help = "Example:\n  openrsp registry anchor add --cert shared/vectors/sgp26/CertificateIssuer/CERT_CI_ECDSA_NIST.der"
    )]
    Add {
        /// The CI certificate (DER or PEM).
        #[arg(long)]
        cert: PathBuf,
        /// Name to record [default: the certificate's commonName].
        #[arg(long)]
        name: Option<String>,
    },
    /// Retire a CI root (authority).
    #[command(
        after_help = "Example:\n  openrsp registry anchor retire --cert CERT_CI_ECDSA_NIST.der --keypair authority.json"
    )]
    Retire(AnchorRef),
    /// List every trust anchor.
    #[command(after_help = "Example:\n  openrsp registry anchor list --output json")]
    List,
    /// Show a trust anchor.
    #[command(
        after_help = "Example:\n  openrsp registry anchor show --cert CERT_CI_ECDSA_NIST.der"
    )]
    Show(AnchorRef),
}

#[derive(Args)]
pub struct AnchorRef {
    /// The CI's subject key identifier, hex.
    #[arg(long, required_unless_present = "cert")]
    key_id: Option<String>,
    /// Or the CI certificate.
    #[arg(long, conflicts_with = "key_id")]
    cert: Option<PathBuf>,
}

impl AnchorRef {
    fn key_id(&self) -> Result<[u8; 20], Failure> {
        ci_key_id(
            self.key_id.as_deref(),
            self.cert.as_deref(),
            ["--key-id", "--cert"],
        )
    }
}

/// A CI's key id, from its hex flag or else from the CI certificate's; `flags` names the two.
fn ci_key_id(
    hex: Option<&str>,
    cert: Option<&std::path::Path>,
    flags: [&str; 2],
) -> Result<[u8; 20], Failure> {
    match (hex, cert) {
        (Some(hex), _) => parse_hex::<20>(flags[0], hex),
        (None, Some(path)) => Ok(RspCertificate::from_file(path)?.anchor_key_id()?),
        (None, None) => Err(anyhow!("give {} or {}", flags[0], flags[1]).into()),
    }
}

/// The trust anchor a verifying key serves: keys are filed per CI and circuit.
#[derive(Args)]
pub struct VkAnchor {
    /// The trust anchor the circuit serves, by CI certificate...
    #[arg(long, required_unless_present = "anchor_key_id")]
    anchor_cert: Option<PathBuf>,
    /// ...or by key id (hex).
    #[arg(long, conflicts_with = "anchor_cert")]
    anchor_key_id: Option<String>,
}

impl VkAnchor {
    fn key_id(&self) -> Result<[u8; 20], Failure> {
        ci_key_id(
            self.anchor_key_id.as_deref(),
            self.anchor_cert.as_deref(),
            ["--anchor-key-id", "--anchor-cert"],
        )
    }
}

#[derive(Subcommand)]
pub enum VkCommand {
    /// Register a circuit's verifying key (authority). Keys are generated once and cached.
    #[command(
        after_help = "Example:\n  openrsp registry vk add --roles dp-auth,dp-pb,dp-tls --anchor-cert CERT_CI_ECDSA_NIST.der"
    )]
    Add {
        /// Circuit: `cert-p256` (the certificate circuit, built for the CI of --anchor-cert) or
        /// `test-statement` (proves knowledge of a statement only: development and tests).
        #[arg(long, default_value = "cert-p256")]
        circuit: String,
        /// Register a key from a snarkjs `verification_key.json` instead (one public input;
        /// needs --circuit-id).
        #[arg(long, requires = "circuit_id")]
        snarkjs_vk: Option<PathBuf>,
        /// Circuit id [default: the circuit's own id].
        #[arg(long, value_parser = parse_circuit_id)]
        circuit_id: Option<u32>,
        /// Roles the circuit proves, comma-separated (ci, euicc, eum, dp-tls, dp-auth, dp-pb, ds-tls, ds-auth).
        #[arg(long)]
        roles: String,
        #[command(flatten)]
        anchor: VkAnchor,
        /// Circuit version recorded with the key.
        #[arg(long, default_value_t = 1)]
        version: u16,
    },
    /// Write a circuit's verifying key as snarkjs `verification_key.json`.
    #[command(
        after_help = "Example:\n  openrsp registry vk export --anchor-cert CERT_CI_ECDSA_NIST.der --out verification_key.json"
    )]
    Export {
        /// Circuit: cert-p256 (the certificate circuit of --anchor-cert) or test-statement.
        #[arg(long, default_value = "cert-p256")]
        circuit: String,
        /// The CI certificate the cert-p256 circuit is built for.
        #[arg(long)]
        anchor_cert: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
    },
    /// List every verifying key.
    #[command(after_help = "Example:\n  openrsp registry vk list --output json")]
    List,
    /// Retire a verifying key (authority).
    #[command(
        after_help = "Example:\n  openrsp registry vk retire --circuit-id 0x00010004 --anchor-cert CERT_CI_ECDSA_NIST.der --keypair authority.json"
    )]
    Retire {
        #[arg(long, value_parser = parse_circuit_id)]
        circuit_id: u32,
        #[command(flatten)]
        anchor: VkAnchor,
    },
    /// Show a verifying key.
    #[command(
        after_help = "Example:\n  openrsp registry vk show --circuit-id 0x00010004 --anchor-cert CERT_CI_ECDSA_NIST.der --output json"
    )]
    Show {
        #[arg(long, value_parser = parse_circuit_id)]
        circuit_id: u32,
        #[command(flatten)]
        anchor: VkAnchor,
    },
}

/// A spinner with the elapsed time for the slow steps (key generation, proving), on a terminal.
pub fn spinner(ctx: &Context, message: String) -> Option<indicatif::ProgressBar> {
    (!ctx.json()).then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]") {
            s.set_style(style);
        }
        s.set_message(message);
        s.enable_steady_tick(std::time::Duration::from_millis(120));
        s
    })
}

/// `circuit` and its keys, from the cache or a fresh setup (with a spinner).
pub fn circuit_keys(ctx: &Context, circuit: Circuit) -> Result<(Circuit, CircuitKeys), Failure> {
    let dir = ctx.keys_dir();
    let cached = openrsp_circuits::keys::cache_path(
        &dir,
        &match &circuit {
            Circuit::CertP256(ci) => ci.key_name(),
            Circuit::TestStatement => circuit.name().to_string(),
        },
    )
    .exists();
    let progress = spinner(
        ctx,
        if cached {
            format!("loading the {} keys", circuit.name())
        } else {
            format!(
                "generating the {} keys (once; cached in {})",
                circuit.name(),
                dir.display()
            )
        },
    );
    let (keys, _) = circuit.load_or_setup(&dir)?;
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    Ok((circuit, keys))
}

pub fn run(ctx: &mut Context, cmd: RegistryCommand) -> CmdResult {
    let program = ctx.ids.cert_registry;
    match cmd {
        RegistryCommand::Init {
            authority,
            upgrade_authority,
        } => {
            let signer = ctx.signer()?;
            let deployer = ctx.upgrade_authority(upgrade_authority.as_deref())?;
            let authority = authority.unwrap_or(signer.pubkey());
            let receipt = CertRegistry::new(ctx.ledger()?, program)
                .initialize(&signer, &deployer, &authority)?;
            ctx.print(
                json!({ "authority": authority.to_string(), "receipt": receipt }),
                || {
                    format!(
                        "registry initialised, authority {authority}\n{}",
                        receipt_line("initialize_registry", &receipt)
                    )
                },
            );
        }
        RegistryCommand::Show => {
            let view = CertRegistry::new(ctx.ledger()?, program)
                .registry()?
                .ok_or_else(|| {
                    anyhow!("no registry on this cluster yet: run `openrsp registry init`")
                })?;
            ctx.print(json!(view), || {
                format!(
                    "registry {}\n  authority: {}\n  pending authority: {}\n  paused: {}",
                    view.address,
                    view.authority,
                    view.pending_authority.as_deref().unwrap_or("none"),
                    view.paused
                )
            });
        }
        RegistryCommand::Pause | RegistryCommand::Unpause => {
            let paused = matches!(cmd, RegistryCommand::Pause);
            let signer = ctx.signer()?;
            let receipt = CertRegistry::new(ctx.ledger()?, program).set_paused(&signer, paused)?;
            ctx.print(json!({ "paused": paused, "receipt": receipt }), || {
                format!(
                    "registry {}\n{}",
                    if paused { "paused" } else { "resumed" },
                    receipt_line("set_paused", &receipt)
                )
            });
        }
        RegistryCommand::ProposeAuthority { new_authority } => {
            let signer = ctx.signer()?;
            let receipt = CertRegistry::new(ctx.ledger()?, program)
                .propose_authority(&signer, &new_authority)?;
            ctx.print(json!({ "proposed": new_authority.to_string(), "receipt": receipt }), || {
                format!("proposed {new_authority} as authority; it must run `openrsp registry accept-authority`\n{}", receipt_line("propose_authority", &receipt))
            });
        }
        RegistryCommand::AcceptAuthority => {
            let signer = ctx.signer()?;
            let receipt = CertRegistry::new(ctx.ledger()?, program).accept_authority(&signer)?;
            ctx.print(
                json!({ "authority": signer.pubkey().to_string(), "receipt": receipt }),
                || {
                    format!(
                        "{} is now the registry authority\n{}",
                        signer.pubkey(),
                        receipt_line("accept_authority", &receipt)
                    )
                },
            );
        }
        RegistryCommand::Anchor(cmd) => run_anchor(ctx, program, cmd)?,
        RegistryCommand::Vk(cmd) => run_vk(ctx, program, cmd)?,
        RegistryCommand::EumTree(EumTreeCommand::Init) => {
            let signer = ctx.signer()?;
            let receipt =
                CertRegistry::new(ctx.ledger()?, program).initialize_eum_tree(&signer, &signer)?;
            ctx.print(json!({ "receipt": receipt }), || {
                format!(
                    "EUM tree initialised\n{}",
                    receipt_line("initialize_eum_tree", &receipt)
                )
            });
        }
        RegistryCommand::EumTree(EumTreeCommand::Show) => {
            let view = CertRegistry::new(ctx.ledger()?, program)
                .eum_tree()?
                .ok_or_else(|| {
                    anyhow!("no EUM tree yet: run `openrsp registry eum-tree init` (authority)")
                })?;
            ctx.print(json!(view), || {
                format!(
                    "EUM tree {}\n  depth: {}\n  leaves: {} ({} removed)\n  root: {}\n  accepted roots: {}",
                    view.address,
                    view.depth,
                    view.leaves,
                    view.removed,
                    view.root,
                    view.accepted_roots.len()
                )
            });
        }
    }
    Ok(())
}

fn run_anchor(ctx: &mut Context, program: Address, cmd: AnchorCommand) -> CmdResult {
    match cmd {
        AnchorCommand::Add { cert, name } => {
            let ci = RspCertificate::from_file(&cert)?;
            let signer = ctx.signer()?;
            let (receipt, address) = CertRegistry::new(ctx.ledger()?, program)
                .add_trust_anchor_from_certificate(&signer, &signer, &ci, name.as_deref())?;
            let key_id = hex::encode(ci.anchor_key_id()?);
            ctx.print(json!({ "trust_anchor": address.to_string(), "key_id": key_id, "receipt": receipt }), || {
                format!(
                    "trust anchor {} registered at {address}\n  key id {key_id}\n{}",
                    ci.common_name.as_deref().unwrap_or("(no name)"),
                    receipt_line("add_trust_anchor", &receipt)
                )
            });
        }
        AnchorCommand::Retire(r) => {
            let key_id = r.key_id()?;
            let signer = ctx.signer()?;
            let receipt =
                CertRegistry::new(ctx.ledger()?, program).retire_trust_anchor(&signer, &key_id)?;
            ctx.print(
                json!({ "key_id": hex::encode(key_id), "receipt": receipt }),
                || {
                    format!(
                        "trust anchor {} retired\n{}",
                        hex::encode(key_id),
                        receipt_line("retire_trust_anchor", &receipt)
                    )
                },
            );
        }
        AnchorCommand::List => {
            let anchors = CertRegistry::new(ctx.ledger()?, program).trust_anchors()?;
            ctx.print(json!(anchors), || {
                let mut lines = vec![format!("{} trust anchor(s)", anchors.len())];
                lines.extend(
                    anchors
                        .iter()
                        .map(|a| format!("  {}  {}  {}  {}", a.key_id, a.curve, a.status, a.name)),
                );
                lines.join("\n")
            });
        }
        AnchorCommand::Show(r) => {
            let key_id = r.key_id()?;
            let view = CertRegistry::new(ctx.ledger()?, program)
                .trust_anchor(&key_id)?
                .ok_or_else(|| anyhow!("no trust anchor with key id {}", hex::encode(key_id)))?;
            ctx.print(json!(view), || {
                format!(
                    "trust anchor {} ({})\n  key id: {}\n  curve: {}\n  status: {}",
                    view.name, view.address, view.key_id, view.curve, view.status
                )
            });
        }
    }
    Ok(())
}

fn run_vk(ctx: &mut Context, program: Address, cmd: VkCommand) -> CmdResult {
    match cmd {
        VkCommand::Add {
            circuit,
            snarkjs_vk,
            circuit_id,
            roles,
            anchor,
            version,
        } => {
            let role_mask = parse_roles(&roles)?;
            let anchor_key_id = anchor.key_id()?;
            let anchor_cert = anchor.anchor_cert;
            let (vk, circuit, circuit_id) = match snarkjs_vk {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| anyhow!("cannot read {}: {e}", path.display()))?;
                    let id =
                        circuit_id.ok_or_else(|| anyhow!("--snarkjs-vk needs --circuit-id"))?;
                    (
                        snarkjs::import_verifying_key(&text)?,
                        path.display().to_string(),
                        id,
                    )
                }
                None => {
                    let ci = anchor_cert
                        .map(|p| RspCertificate::from_file(&p))
                        .transpose()?;
                    let (chosen, keys) =
                        circuit_keys(ctx, Circuit::from_name(&circuit, ci.as_ref())?)?;
                    (
                        keys.proving_key.vk,
                        circuit,
                        circuit_id.unwrap_or(chosen.circuit_id()),
                    )
                }
            };
            let args =
                prover::verifying_key_args(&vk, circuit_id, version, role_mask, anchor_key_id)?;
            let signer = ctx.signer()?;
            let (receipt, address) = CertRegistry::new(ctx.ledger()?, program)
                .add_verifying_key(&signer, &signer, &args)?;
            ctx.print(json!({ "verifying_key": address.to_string(), "circuit_id": circuit_id, "receipt": receipt }), || {
                format!(
                    "verifying key of {circuit} registered as circuit {circuit_id:#x} at {address}\n{}",
                    receipt_line("add_verifying_key", &receipt)
                )
            });
        }
        VkCommand::Export {
            circuit,
            anchor_cert,
            out,
        } => {
            let ci = anchor_cert
                .map(|p| RspCertificate::from_file(&p))
                .transpose()?;
            let (chosen, keys) = circuit_keys(ctx, Circuit::from_name(&circuit, ci.as_ref())?)?;
            let circuit_id = chosen.circuit_id();
            write_json(&out, &snarkjs::export_verifying_key(keys.verifying_key()))?;
            ctx.print(
                json!({ "circuit": circuit, "circuit_id": circuit_id, "path": out }),
                || {
                    format!(
                        "wrote the verifying key of {circuit} ({circuit_id:#x}) to {}",
                        out.display()
                    )
                },
            );
        }
        VkCommand::List => {
            let keys = CertRegistry::new(ctx.ledger()?, program).verifying_keys()?;
            ctx.print(json!(keys), || {
                let mut lines = vec![format!("{} verifying key(s)", keys.len())];
                lines.extend(keys.iter().map(|k| {
                    format!(
                        "  {:#010x} v{}  {}  [{}]",
                        k.circuit_id,
                        k.circuit_version,
                        k.status,
                        k.roles.join(",")
                    )
                }));
                lines.join("\n")
            });
        }
        VkCommand::Retire { circuit_id, anchor } => {
            let signer = ctx.signer()?;
            let receipt = CertRegistry::new(ctx.ledger()?, program).retire_verifying_key(
                &signer,
                &anchor.key_id()?,
                circuit_id,
            )?;
            ctx.print(
                json!({ "circuit_id": circuit_id, "receipt": receipt }),
                || {
                    format!(
                        "verifying key of circuit {circuit_id:#x} retired\n{}",
                        receipt_line("retire_verifying_key", &receipt)
                    )
                },
            );
        }
        VkCommand::Show { circuit_id, anchor } => {
            let view = CertRegistry::new(ctx.ledger()?, program)
                .verifying_key(&anchor.key_id()?, circuit_id)?
                .ok_or_else(|| anyhow!("no verifying key for circuit {circuit_id:#x}"))?;
            ctx.print(json!(view), || {
                format!(
                    "circuit {:#x} v{} ({})\n  roles: {}\n  anchor key id: {}\n  status: {}",
                    view.circuit_id,
                    view.circuit_version,
                    view.address,
                    view.roles.join(", "),
                    view.anchor_key_id,
                    view.status
                )
            });
        }
    }
    Ok(())
}
