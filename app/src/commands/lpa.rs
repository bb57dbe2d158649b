//! `openrsp lpa`: what a device's LPA does before it trusts an SM-DP+, in one line (or JSON).
//! Exit code 4 when the answer is "do not trust".

use crate::context::{CmdResult, Context, Failure};
use clap::Subcommand;
use openrsp_sdk::{
    certificate::RspCertificate,
    lpa::{activation_code, check_smdp},
    profile_escrow::activation::qr_terminal,
    Address,
};
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum LpaCommand {
    /// Check the certificate an SM-DP+ presents: commitment recomputed, record read, role,
    /// window and revocation judged.
    #[command(
        after_help = "Example:\n  openrsp lpa check-smdp --cert CERT_S_SM_DPauth_ECDSA_NIST.der --output json\n\nExit code 4: do not trust this SM-DP+ (the line says why)."
    )]
    CheckSmdp {
        #[arg(long)]
        cert: PathBuf,
    },
    /// Decrypt an order's activation code (its consumer's --keypair) and check the operator's
    /// SM-DP+ record before using it.
    #[command(
        after_help = "Example:\n  openrsp lpa activation-code --order <ORDER> --qr --keypair consumer.json\n\nExit code 4: the operator's SM-DP+ record is not valid."
    )]
    ActivationCode {
        #[arg(long)]
        order: Address,
        /// Also print the code as a QR code.
        #[arg(long)]
        qr: bool,
    },
}

pub fn run(ctx: &mut Context, cmd: LpaCommand) -> CmdResult {
    let ids = ctx.ids;
    match cmd {
        LpaCommand::CheckSmdp { cert } => {
            let certificate = RspCertificate::from_file(&cert)?;
            let check = check_smdp(ctx.ledger()?, &ids, &certificate)?;
            ctx.print(json!(check), || {
                format!(
                    "{}: {} ({})",
                    check.subject.as_deref().unwrap_or("SM-DP+"),
                    if check.trusted {
                        "trusted"
                    } else {
                        "NOT trusted"
                    },
                    check.reason
                )
            });
            if !check.trusted {
                return Err(Failure::with_code(
                    4,
                    format!("do not trust: {}", check.reason),
                ));
            }
        }
        LpaCommand::ActivationCode { order, qr } => {
            let signer = ctx.signer()?;
            let check = activation_code(ctx.ledger()?, &ids, &signer, &order)?;
            let qr_text = if qr {
                Some(qr_terminal(&check.activation_code)?)
            } else {
                None
            };
            ctx.print(json!(check), || {
                let mut text = format!(
                    "{} ({}{})",
                    check.activation_code,
                    if check.trusted { "" } else { "NOT trusted: " },
                    check.reason
                );
                if let Some(q) = &qr_text {
                    text.push('\n');
                    text.push_str(q);
                }
                text
            });
            if !check.trusted {
                return Err(Failure::with_code(
                    4,
                    format!("do not use: {}", check.reason),
                ));
            }
        }
    }
    Ok(())
}
