//! The deployment, as a function over the SDK's `Ledger` trait (so it runs against a cluster over
//! RPC, or an embedded ledger in tests): the four programs with the upgradeable loader, then the
//! registry, trust anchors, verifying keys, billing and escrow from a config file. Every step looks
//! first and acts only if needed, so a second run changes nothing.

use anyhow::{anyhow, Context as _, Result};
use cert_registry::statement::Role;
use openrsp_sdk::{
    cert_registry::CertRegistry,
    certificate::RspCertificate,
    client::Ledger,
    deploy::{deploy_program, DeployOutcome},
    profile_escrow::Escrow,
    programs::{program_files, ProgramIds},
    prover::{self, Circuit},
    usdc_billing::{Billing, BillingSettings},
    Address, Keypair, Signer,
};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub authority: Option<String>,
    #[serde(default)]
    pub trust_anchors: Vec<AnchorEntry>,
    #[serde(default)]
    pub verifying_keys: Vec<KeyEntry>,
    pub billing: BillingEntry,
    pub escrow: EscrowEntry,
}

#[derive(Debug, Deserialize)]
pub struct AnchorEntry {
    pub name: String,
    pub cert: PathBuf,
}

#[derive(Debug, Deserialize)]
pub struct KeyEntry {
    pub circuit: String,
    pub anchor_cert: PathBuf,
    pub roles: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct BillingEntry {
    pub fee_bps: u16,
    pub close_notice_seconds: u64,
    #[serde(default)]
    pub treasury: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct EscrowEntry {
    pub dispute_window_seconds: u64,
    pub delivery_window_seconds: u64,
}

impl Config {
    /// Reads the config; its relative paths are taken from its own directory.
    pub fn read(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut config: Config = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a deployment config", path.display()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        for a in &mut config.trust_anchors {
            a.cert = base.join(&a.cert);
        }
        for k in &mut config.verifying_keys {
            k.anchor_cert = base.join(&k.anchor_cert);
        }
        Ok(config)
    }
}

/// Where the deployment takes its files from.
pub struct Sources {
    /// `<name>.so` files.
    pub programs: PathBuf,
    /// `<name>-keypair.json` program keypairs.
    pub program_keys: PathBuf,
    /// Circuit key cache.
    pub circuit_keys: PathBuf,
}

/// One line per step, for the log.
pub type Report = Vec<String>;

fn read_keypair(path: &Path) -> Result<Keypair> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let bytes: Vec<u8> = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a keypair file", path.display()))?;
    Keypair::try_from(bytes.as_slice()).map_err(|e| anyhow!("{}: {e}", path.display()))
}

fn role_mask(roles: &[String]) -> Result<u16> {
    roles.iter().try_fold(0u16, |mask, name| {
        Role::ALL
            .iter()
            .find(|r| r.name() == name)
            .map(|r| mask | r.mask())
            .ok_or_else(|| anyhow!("unknown role {name:?}"))
    })
}

/// The program ids of the keypairs in `program_keys` (`<name>-keypair.json`).
pub fn program_ids(program_keys: &Path) -> Result<ProgramIds> {
    let mut ids = ProgramIds::default();
    for (_, name) in program_files(&ProgramIds::default()) {
        let program = read_keypair(&program_keys.join(format!("{name}-keypair.json")))?;
        match name {
            "cert_registry" => ids.cert_registry = program.pubkey(),
            "eid_commitment" => ids.eid_commitment = program.pubkey(),
            "usdc_billing" => ids.usdc_billing = program.pubkey(),
            _ => ids.profile_escrow = program.pubkey(),
        }
    }
    Ok(ids)
}

/// Runs the deployment with `payer` paying and acting as upgrade authority.
pub fn run(
    ledger: &mut dyn Ledger,
    payer: &Keypair,
    config: &Config,
    sources: &Sources,
) -> Result<(ProgramIds, Report)> {
    let mut report = Report::new();
    let ids = program_ids(&sources.program_keys)?;
    for (_, name) in program_files(&ids) {
        let program = read_keypair(&sources.program_keys.join(format!("{name}-keypair.json")))?;
        let path = sources.programs.join(format!("{name}.so"));
        let elf = std::fs::read(&path)
            .with_context(|| format!("cannot read {} (run `make build`)", path.display()))?;
        let outcome = deploy_program(ledger, payer, payer, &program, &elf)
            .with_context(|| format!("deploying {name}"))?;
        report.push(format!(
            "{name} {}: {}",
            program.pubkey(),
            match outcome {
                DeployOutcome::Deployed => "deployed",
                DeployOutcome::Upgraded => "upgraded",
                DeployOutcome::Unchanged => "unchanged",
            }
        ));
    }
    let authority: Address = match &config.authority {
        Some(a) => a
            .parse()
            .map_err(|_| anyhow!("authority {a:?} is not an address"))?,
        None => payer.pubkey(),
    };
    let is_authority = authority == payer.pubkey();

    let mut registry = CertRegistry::new(&mut *ledger, ids.cert_registry);
    if registry.registry()?.is_none() {
        // The payer deployed the programs above: it is their upgrade authority.
        registry.initialize(payer, payer, &authority)?;
        report.push(format!("registry initialised, authority {authority}"));
    } else {
        report.push("registry: present".into());
    }
    for anchor in &config.trust_anchors {
        let ci = RspCertificate::from_file(&anchor.cert)?;
        if registry.trust_anchor(&ci.anchor_key_id()?)?.is_some() {
            report.push(format!("anchor {}: present", anchor.name));
        } else if is_authority {
            registry.add_trust_anchor_from_certificate(payer, payer, &ci, Some(&anchor.name))?;
            report.push(format!("anchor {}: added", anchor.name));
        } else {
            report.push(format!(
                "anchor {}: missing; the authority {authority} must add it",
                anchor.name
            ));
        }
    }
    for key in &config.verifying_keys {
        let ci = RspCertificate::from_file(&key.anchor_cert)?;
        let circuit = Circuit::from_name(&key.circuit, Some(&ci))?;
        if registry
            .verifying_key(&ci.anchor_key_id()?, circuit.circuit_id())?
            .is_some()
        {
            report.push(format!(
                "verifying key {:#x}: present",
                circuit.circuit_id()
            ));
            continue;
        }
        if !is_authority {
            report.push(format!(
                "verifying key {:#x}: missing; the authority must add it",
                circuit.circuit_id()
            ));
            continue;
        }
        let (keys, _) = circuit.load_or_setup(&sources.circuit_keys)?;
        let args = prover::verifying_key_args(
            &keys.proving_key.vk,
            circuit.circuit_id(),
            1,
            role_mask(&key.roles)?,
            ci.anchor_key_id()?,
        )?;
        registry.add_verifying_key(payer, payer, &args)?;
        report.push(format!("verifying key {:#x}: added", circuit.circuit_id()));
    }

    let mut billing = Billing::new(&mut *ledger, ids.usdc_billing);
    if billing.config()?.is_some() {
        report.push("billing: present".into());
    } else {
        let treasury = match &config.billing.treasury {
            Some(t) => t
                .parse()
                .map_err(|_| anyhow!("treasury {t:?} is not an address"))?,
            None => authority,
        };
        billing.initialize(
            payer,
            payer,
            &BillingSettings {
                authority,
                registry_program: ids.cert_registry,
                eid_program: ids.eid_commitment,
                treasury,
                fee_bps: config.billing.fee_bps,
                close_notice_seconds: config.billing.close_notice_seconds,
            },
        )?;
        report.push(format!(
            "billing initialised, fee {} bps",
            config.billing.fee_bps
        ));
    }
    let mut escrow = Escrow::new(&mut *ledger, ids.profile_escrow, ids.usdc_billing);
    if escrow.config()?.is_some() {
        report.push("escrow: present".into());
    } else {
        escrow.initialize(
            payer,
            payer,
            &authority,
            config.escrow.dispute_window_seconds,
            config.escrow.delivery_window_seconds,
        )?;
        report.push("escrow initialised".into());
    }
    Ok((ids, report))
}
