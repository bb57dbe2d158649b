//! `openrsp governance`: the governance every program shares (authority hand-over, pause), for any
//! of the four programs, through `openrsp_sdk::governance`.

use crate::context::{receipt_line, CmdResult, Context, Failure};
use anyhow::anyhow;
use clap::{Args, Subcommand};
use openrsp_sdk::{
    governance::{Governance, GovernedProgram},
    Address, Signer,
};
use serde_json::json;

#[derive(Args)]
pub struct ProgramArg {
    /// cert-registry, eid-commitment, usdc-billing or profile-escrow.
    #[arg(long, value_parser = parse_program)]
    pub program: GovernedProgram,
}

fn parse_program(s: &str) -> Result<GovernedProgram, String> {
    s.parse().map_err(|e: openrsp_sdk::SdkError| e.to_string())
}

#[derive(Subcommand)]
pub enum GovernanceCommand {
    /// Show a program's authority, pending successor and pause.
    #[command(
        after_help = "Example:\n  openrsp governance show --program profile-escrow --output json"
    )]
    Show(ProgramArg),
    /// Propose a successor (authority); it takes over when it accepts.
    #[command(
        after_help = "Example:\n  openrsp governance propose --program usdc-billing --new-authority <MULTISIG_VAULT> --keypair authority.json"
    )]
    Propose {
        #[command(flatten)]
        program: ProgramArg,
        #[arg(long)]
        new_authority: Address,
    },
    /// Take over as the proposed successor.
    #[command(
        after_help = "Example:\n  openrsp governance accept --program usdc-billing --keypair successor.json"
    )]
    Accept(ProgramArg),
    /// Withdraw a pending proposal (authority).
    #[command(
        after_help = "Example:\n  openrsp governance cancel --program usdc-billing --keypair authority.json"
    )]
    Cancel(ProgramArg),
    /// Pause the program (authority): what stops is the program's choice (docs/governance.md).
    #[command(
        after_help = "Example:\n  openrsp governance pause --program profile-escrow --keypair authority.json"
    )]
    Pause(ProgramArg),
    /// Resume the program (authority).
    #[command(
        after_help = "Example:\n  openrsp governance unpause --program profile-escrow --keypair authority.json"
    )]
    Unpause(ProgramArg),
}

pub fn run(ctx: &mut Context, cmd: GovernanceCommand) -> CmdResult {
    let program = match &cmd {
        GovernanceCommand::Show(p)
        | GovernanceCommand::Propose { program: p, .. }
        | GovernanceCommand::Accept(p)
        | GovernanceCommand::Cancel(p)
        | GovernanceCommand::Pause(p)
        | GovernanceCommand::Unpause(p) => p.program,
    };
    let id = program.id(&ctx.ids);
    let name = program.name();
    if let GovernanceCommand::Show(_) = cmd {
        let view = Governance::new(ctx.ledger()?, program, id)
            .view()?
            .ok_or_else(|| Failure::from(anyhow!("{name} is not set up on this cluster yet")))?;
        ctx.print(
            json!({ "program": name, "program_id": id.to_string(), "governance": view }),
            || {
                format!(
                    "{name} {id}\n  authority: {}\n  pending authority: {}\n  paused: {}",
                    view.authority,
                    view.pending_authority
                        .map_or("none".to_string(), |a| a.to_string()),
                    view.paused
                )
            },
        );
        return Ok(());
    }
    let signer = ctx.signer()?;
    let mut gov = Governance::new(ctx.ledger()?, program, id);
    let (what, receipt, said) = match cmd {
        GovernanceCommand::Show(_) => return Ok(()),
        GovernanceCommand::Propose { new_authority, .. } => (
            "propose_authority",
            gov.propose_authority(&signer, &new_authority)?,
            if new_authority == Address::default() {
                format!("{name}: proposal withdrawn (the zero key)")
            } else {
                format!(
                    "{name}: proposed {new_authority} as authority; it takes over with `openrsp governance accept --program {name}`"
                )
            },
        ),
        GovernanceCommand::Accept(_) => (
            "accept_authority",
            gov.accept_authority(&signer)?,
            format!("{name}: {} is the authority", signer.pubkey()),
        ),
        GovernanceCommand::Cancel(_) => (
            "cancel_authority",
            gov.cancel_authority(&signer)?,
            format!("{name}: proposal withdrawn"),
        ),
        GovernanceCommand::Pause(_) => (
            "set_paused",
            gov.set_paused(&signer, true)?,
            format!("{name} paused"),
        ),
        GovernanceCommand::Unpause(_) => (
            "set_paused",
            gov.set_paused(&signer, false)?,
            format!("{name} resumed"),
        ),
    };
    ctx.print(
        json!({ "program": name, "instruction": what, "receipt": receipt }),
        || format!("{said}\n{}", receipt_line(what, &receipt)),
    );
    Ok(())
}
