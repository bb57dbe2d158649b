//! `make deploy CLUSTER=<url or moniker>`: deploys the four programs to the cluster with the
//! upgradeable loader and sets them up from `migrations/deploy.json`. Solana CLI conventions: the
//! URL and keypair default to the Solana CLI config. Idempotent: a second run changes nothing.

use anyhow::{anyhow, Result};
use clap::Parser;
use openrsp_migrations::{run, Config, Sources};
use openrsp_sdk::client::{cluster_url, solana_config_value, RpcLedger};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "deploy",
    about = "Deploy the OpenRSP programs and set them up (idempotent)",
    after_help = "Example:\n  cargo run -p openrsp-migrations -- --url devnet --keypair ~/.config/solana/id.json"
)]
struct Args {
    /// RPC URL or moniker (devnet, testnet, mainnet-beta, localhost) [default: the Solana CLI
    /// config's json_rpc_url].
    #[arg(long, short = 'u')]
    url: Option<String>,
    /// Payer and upgrade authority [default: the Solana CLI config's keypair_path].
    #[arg(long, short = 'k')]
    keypair: Option<PathBuf>,
    #[arg(long, default_value = "migrations/deploy.json")]
    config: PathBuf,
    #[arg(long, default_value = "target/deploy")]
    programs: PathBuf,
    #[arg(long, default_value = "migrations/keys")]
    program_keys: PathBuf,
    /// Circuit key cache (verifying keys are computed from it).
    #[arg(long, default_value = "target/test-keys")]
    circuit_keys: PathBuf,
}

/// A value of the Solana CLI config (`~/.config/solana/cli/config.yml`).
fn solana_config(key: &str) -> Option<String> {
    let home = directories::BaseDirs::new()?.home_dir().to_path_buf();
    let yaml = std::fs::read_to_string(home.join(".config/solana/cli/config.yml")).ok()?;
    solana_config_value(&yaml, key)
}

fn main_inner() -> Result<()> {
    let args = Args::parse();
    let url = args
        .url
        .or_else(|| solana_config("json_rpc_url"))
        .ok_or_else(|| anyhow!("give --url (no Solana CLI config found)"))?;
    let keypair = args
        .keypair
        .or_else(|| solana_config("keypair_path").map(PathBuf::from))
        .ok_or_else(|| anyhow!("give --keypair (no Solana CLI config found)"))?;
    let text = std::fs::read_to_string(&keypair)
        .map_err(|e| anyhow!("cannot read {}: {e}", keypair.display()))?;
    let bytes: Vec<u8> = serde_json::from_str(&text)
        .map_err(|e| anyhow!("{} is not a keypair file: {e}", keypair.display()))?;
    let payer = solana_keypair::Keypair::try_from(bytes.as_slice())
        .map_err(|e| anyhow!("{}: {e}", keypair.display()))?;
    let config = Config::read(&args.config)?;
    // Refusals are decoded with the errors of the deployed programs, at their ids.
    let ids = openrsp_migrations::program_ids(&args.program_keys)?;
    let mut ledger = RpcLedger::new(&cluster_url(&url)).with_program_ids(ids);
    let (_, report) = run(
        &mut ledger,
        &payer,
        &config,
        &Sources {
            programs: args.programs,
            program_keys: args.program_keys,
            circuit_keys: args.circuit_keys,
        },
    )?;
    for line in report {
        println!("{line}");
    }
    Ok(())
}

fn main() -> ExitCode {
    match main_inner() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
