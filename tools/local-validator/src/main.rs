//! `openrsp-local-validator --ledger DIR [--rpc-port 8899] [--program ID=PATH.so ...]`: starts
//! agave's test validator with a faucet (JSON-RPC on 127.0.0.1:rpc-port, gossip and the other
//! sockets in 8000-10000, as `solana-test-validator` does), the given programs in its genesis (upgradeable loader), prints one JSON
//! line `{"rpc_url": ..., "faucet": ..., "mint_keypair": [...]}` and runs until its standard input
//! closes (so a test that spawned it stops it by dropping the pipe, or by exiting).

use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_test_validator::{TestValidatorGenesis, UpgradeableProgramInfo};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut ledger: Option<PathBuf> = None;
    let mut rpc_port: u16 = 8899;
    let mut programs = Vec::new();
    let mint = Keypair::new();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--ledger" => ledger = Some(PathBuf::from(value()?)),
            "--rpc-port" => {
                let port = value()?;
                rpc_port = port.parse().map_err(|e| format!("--rpc-port {port}: {e}"))?;
            }
            "--program" => {
                let spec = value()?;
                let (id, path) = spec
                    .split_once('=')
                    .ok_or_else(|| format!("--program {spec}: expected ID=PATH.so"))?;
                programs.push(UpgradeableProgramInfo {
                    program_id: id.parse().map_err(|e| format!("program id {id}: {e}"))?,
                    loader: solana_sdk_ids::bpf_loader_upgradeable::id(),
                    upgrade_authority: mint.pubkey(),
                    program_path: PathBuf::from(path),
                });
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let ledger = ledger.ok_or("--ledger DIR is required")?;
    // No caps: tests ask for what they need. (Its replacement is for agave's own tests only.)
    #[allow(deprecated)]
    let faucet = solana_faucet::faucet::run_local_faucet(mint.insecure_clone(), None);
    let mut genesis = TestValidatorGenesis::default();
    // Transaction history on, so clients can look up a signature after it has left the status
    // cache (a few hundred slots): the RPC tests check every transaction of a long run at its end.
    let rpc_config = solana_rpc::rpc::JsonRpcConfig {
        enable_rpc_transaction_history: true,
        ..solana_rpc::rpc::JsonRpcConfig::default_for_test()
    };
    genesis
        .ledger_path(&ledger)
        .rpc_config(rpc_config)
        .faucet_addr(Some(faucet))
        .rpc_port(rpc_port)
        .port_range((8000, 10_000))
        .gossip_port(8000)
        .add_upgradeable_programs_with_path(&programs);
    let validator = genesis
        .start_with_mint_address(
            mint.pubkey(),
            solana_streamer::socket::SocketAddrSpace::new(true),
        )
        .map_err(|e| format!("the validator did not start: {e}"))?;
    println!(
        "{}",
        serde_json::json!({
            "rpc_url": validator.rpc_url(),
            "faucet": faucet.to_string(),
            "mint_keypair": mint.to_bytes().to_vec(),
        })
    );
    // Runs until the parent closes our stdin.
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    drop(validator);
    Ok(())
}
