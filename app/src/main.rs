//! `openrsp`: the OpenRSP command line, for every persona (governance, operators, LPAs).
//!
//! By default commands run on an embedded ledger (the real programs in an in-process SVM) whose
//! state persists in a directory, so successive commands build on each other; `--url` sends the
//! same commands to a real cluster.

mod commands;
mod context;
mod demo;

use clap::{Parser, Subcommand};
use context::{CmdResult, Context, GlobalArgs};
use std::process::ExitCode;

/// OpenRSP: decentralized eSIM provisioning on Solana.
#[derive(Parser)]
#[command(
    name = "openrsp",
    version,
    about,
    after_help = "Examples:\n  openrsp keygen --out operator.json\n  openrsp airdrop 10 --keypair operator.json\n  openrsp registry init\n  openrsp registry anchor add --cert CERT_CI_ECDSA_NIST.der\n  openrsp cert lookup --cert CERT_S_SM_DPauth_ECDSA_NIST.der --output json\n\nExit codes: 0 success; 1 failure (I/O, network, bad file); 2 usage error; 3 refused by an\nOpenRSP program (the message names the program error); 4 `cert lookup` found the certificate\nnot valid (unknown, revoked, expired or not yet valid), or `lpa` says not to trust."
)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Governance of the certificate registry: init, authority, pause, trust anchors, verifying keys.
    #[command(subcommand)]
    Registry(commands::registry::RegistryCommand),
    /// Any program's governance: show, hand the authority over (propose, accept, cancel), pause.
    #[command(subcommand)]
    Governance(commands::governance::GovernanceCommand),
    /// Certificates: prove, register, show, look up, revoke.
    #[command(subcommand)]
    Cert(commands::cert::CertCommand),
    /// EID commitments: prove an eUICC genuine without revealing its EID, register, rotate, revoke.
    #[command(subcommand)]
    Eid(commands::eid::EidCommand),
    /// Data plans: publish, change, retire (operators with a registered SM-DP+), list (anyone).
    #[command(subcommand)]
    Plan(commands::plan::PlanCommand),
    /// Pay-as-you-go subscriptions: open, top up, sign vouchers, redeem, close.
    #[command(subcommand)]
    Sub(commands::sub::SubCommand),
    /// Orders in escrow: create, accept, deliver, confirm, refund, dispute, show the activation code.
    #[command(subcommand)]
    Order(commands::order::OrderCommand),
    /// What a device's LPA checks: an SM-DP+ certificate, an order's activation code.
    #[command(subcommand)]
    Lpa(commands::lpa::LpaCommand),
    /// SPL tokens for testing: create a mint, mint, balances.
    #[command(subcommand)]
    Token(commands::token::TokenCommand),
    /// Write a new keypair file (Solana CLI format).
    Keygen(commands::keys::KeygenArgs),
    /// Show the address of the --keypair.
    #[command(after_help = "Example:\n  openrsp address --keypair operator.json")]
    Address,
    /// Fund an address on the embedded ledger (or a test cluster's faucet), in SOL.
    Airdrop(commands::keys::AirdropArgs),
    /// Show the balance of an address, in SOL.
    Balance(commands::keys::BalanceArgs),
    /// Issue a test CI, EUM and eUICCs following the GSMA certificate profiles (tests, demos).
    Testpki(commands::testpki::TestPkiArgs),
    /// The whole of OpenRSP on a fresh embedded ledger: registry, EID, plan, order, subscription, LPA.
    Demo(demo::DemoArgs),
}

/// Runs one command; the demo runs its steps through here too.
pub fn dispatch(ctx: &mut Context, command: Command) -> CmdResult {
    match command {
        Command::Registry(cmd) => commands::registry::run(ctx, cmd),
        Command::Governance(cmd) => commands::governance::run(ctx, cmd),
        Command::Cert(cmd) => commands::cert::run(ctx, cmd),
        Command::Eid(cmd) => commands::eid::run(ctx, cmd),
        Command::Plan(cmd) => commands::plan::run(ctx, cmd),
        Command::Sub(cmd) => commands::sub::run(ctx, cmd),
        Command::Order(cmd) => commands::order::run(ctx, cmd),
        Command::Token(cmd) => commands::token::run(ctx, cmd),
        Command::Lpa(cmd) => commands::lpa::run(ctx, cmd),
        Command::Keygen(args) => commands::keys::keygen(ctx, args),
        Command::Address => commands::keys::address(ctx),
        Command::Airdrop(args) => commands::keys::airdrop(ctx, args),
        Command::Balance(args) => commands::keys::balance(ctx, args),
        Command::Testpki(args) => commands::testpki::run(ctx, args),
        Command::Demo(args) => demo::run(ctx, args),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut ctx = match Context::new(cli.global) {
        Ok(ctx) => ctx,
        Err(failure) => return failure.report(),
    };
    match dispatch(&mut ctx, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }

    /// `openrsp <command> --help` of every command ends with an example; `--output json` is global.
    #[test]
    fn every_command_explains_itself_with_an_example() {
        use clap::CommandFactory;
        fn leaves(cmd: &clap::Command, path: String, missing: &mut Vec<String>, seen: &mut usize) {
            let subs: Vec<_> = cmd.get_subcommands().collect();
            if subs.is_empty() {
                *seen += 1;
                let help = cmd
                    .get_after_help()
                    .map(|h| h.to_string())
                    .unwrap_or_default();
                if !help.contains("Example:\n  openrsp ") {
                    missing.push(path.clone());
                }
            }
            for sub in subs {
                leaves(sub, format!("{path} {}", sub.get_name()), missing, seen);
            }
        }
        let cli = super::Cli::command();
        let (mut missing, mut seen) = (Vec::new(), 0);
        leaves(&cli, "openrsp".into(), &mut missing, &mut seen);
        assert!(seen > 50, "only {seen} commands found");
        assert!(
            missing.is_empty(),
            "commands without an example: {missing:#?}"
        );
        let output = cli
            .get_arguments()
            .find(|a| a.get_id() == "output")
            .expect("--output");
        assert!(output.is_global_set());
    }
}
