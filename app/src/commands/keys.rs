//! Keys and lamports.

use crate::context::{read_keypair, write_keypair, CmdResult, Context};
use anyhow::anyhow;
use clap::Args;
use openrsp_sdk::{Address, Keypair, Signer};
use serde_json::json;
use std::path::PathBuf;

const LAMPORTS_PER_SOL: f64 = 1_000_000_000.0;

#[derive(Args)]
#[command(after_help = "Example:\n  openrsp keygen --out ~/.config/openrsp/operator.json")]
pub struct KeygenArgs {
    /// Where to write the keypair (refuses to overwrite).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn keygen(ctx: &mut Context, args: KeygenArgs) -> CmdResult {
    let keypair = Keypair::new();
    write_keypair(&args.out, &keypair)?;
    ctx.print(
        json!({ "address": keypair.pubkey().to_string(), "path": args.out }),
        || {
            format!(
                "wrote {} (address {})",
                args.out.display(),
                keypair.pubkey()
            )
        },
    );
    Ok(())
}

pub fn address(ctx: &mut Context) -> CmdResult {
    let signer = ctx.signer()?;
    ctx.print(json!({ "address": signer.pubkey().to_string() }), || {
        signer.pubkey().to_string()
    });
    Ok(())
}

#[derive(Args)]
#[command(after_help = "Example:\n  openrsp airdrop 10 --keypair operator.json")]
pub struct AirdropArgs {
    /// Amount in SOL.
    pub sol: f64,
    /// Recipient [default: the --keypair's address].
    pub address: Option<Address>,
}

fn target(ctx: &Context, address: Option<Address>) -> Result<Address, crate::context::Failure> {
    match address {
        Some(a) => Ok(a),
        None => Ok(read_keypair(&ctx.keypair_path())?.pubkey()),
    }
}

pub fn airdrop(ctx: &mut Context, args: AirdropArgs) -> CmdResult {
    if !(args.sol > 0.0 && args.sol <= 1_000_000.0) {
        return Err(anyhow!("airdrop amount must be between 0 and 1,000,000 SOL").into());
    }
    let to = target(ctx, args.address)?;
    let lamports = (args.sol * LAMPORTS_PER_SOL).round() as u64;
    let ledger = ctx.ledger()?;
    ledger.fund(&to, lamports)?;
    let balance = ledger.balance(&to)?;
    ctx.print(
        json!({ "address": to.to_string(), "lamports": lamports, "balance": balance }),
        || {
            format!(
                "airdropped {} SOL to {to}; balance {} SOL",
                args.sol,
                balance as f64 / LAMPORTS_PER_SOL
            )
        },
    );
    Ok(())
}

#[derive(Args)]
#[command(
    after_help = "Example:\n  openrsp balance --keypair operator.json\n  openrsp balance <ADDRESS> --url devnet --output json"
)]
pub struct BalanceArgs {
    /// Address [default: the --keypair's address].
    pub address: Option<Address>,
}

pub fn balance(ctx: &mut Context, args: BalanceArgs) -> CmdResult {
    let of = target(ctx, args.address)?;
    let lamports = ctx.ledger()?.balance(&of)?;
    ctx.print(
        json!({ "address": of.to_string(), "lamports": lamports }),
        || format!("{} SOL", lamports as f64 / LAMPORTS_PER_SOL),
    );
    Ok(())
}
