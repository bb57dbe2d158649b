//! `openrsp token`: the SPL pieces a test cluster or the embedded ledger lacks (a USDC-like mint,
//! tokens for a consumer) and balances. On mainnet, USDC exists; these are for testing.

use crate::context::{receipt_line, CmdResult, Context};
use clap::Subcommand;
use openrsp_sdk::{
    token::{self, currency_of_mint},
    Address, Keypair, Signer,
};
use serde_json::json;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a mint (the signer is its mint authority).
    #[command(after_help = "Example:\n  openrsp token create-mint --decimals 6")]
    CreateMint {
        #[arg(long, default_value_t = 6)]
        decimals: u8,
        /// Under Token-2022 instead of the classic Token program.
        #[arg(long)]
        token_2022: bool,
    },
    /// Mint tokens to a wallet's associated token account (the signer is the mint authority).
    #[command(
        after_help = "Example:\n  openrsp token mint --mint <MINT> --to <WALLET> --amount 100000000"
    )]
    Mint {
        #[arg(long)]
        mint: Address,
        #[arg(long)]
        to: Address,
        /// Base units.
        #[arg(long)]
        amount: u64,
    },
    /// A wallet's balance of a mint (its associated token account).
    #[command(
        after_help = "Example:\n  openrsp token balance --mint <MINT> --owner <WALLET> --output json"
    )]
    Balance {
        #[arg(long)]
        mint: Address,
        /// [default: the --keypair's address].
        #[arg(long)]
        owner: Option<Address>,
    },
}

pub fn run(ctx: &mut Context, cmd: TokenCommand) -> CmdResult {
    match cmd {
        TokenCommand::CreateMint {
            decimals,
            token_2022,
        } => {
            let signer = ctx.signer()?;
            let mint = Keypair::new();
            let program = if token_2022 {
                token::TOKEN_2022_PROGRAM
            } else {
                token::TOKEN_PROGRAM
            };
            let receipt = token::create_mint(
                ctx.ledger()?,
                &signer,
                &mint,
                &signer.pubkey(),
                decimals,
                &program,
            )?;
            let address = mint.pubkey();
            ctx.print(json!({ "mint": address.to_string(), "program": program.to_string(), "decimals": decimals, "receipt": receipt }), || {
                format!("mint {address} ({decimals} decimals)\n{}", receipt_line("create_mint", &receipt))
            });
        }
        TokenCommand::Mint { mint, to, amount } => {
            let signer = ctx.signer()?;
            let ledger = ctx.ledger()?;
            let currency = currency_of_mint(&*ledger, Some(&mint))?;
            let receipt = token::mint_to(ledger, &signer, &signer, &currency, &to, amount)?;
            ctx.print(json!({ "mint": mint.to_string(), "to": to.to_string(), "amount": amount, "receipt": receipt }), || {
                format!("{amount} minted to {to}\n{}", receipt_line("mint_to", &receipt))
            });
        }
        TokenCommand::Balance { mint, owner } => {
            let owner = match owner {
                Some(o) => o,
                None => ctx.signer()?.pubkey(),
            };
            let ledger = ctx.ledger()?;
            let currency = currency_of_mint(&*ledger, Some(&mint))?;
            let amount = currency.balance_of(&*ledger, &owner)?;
            ctx.print(
                json!({ "mint": mint.to_string(), "owner": owner.to_string(), "amount": amount }),
                || format!("{amount}"),
            );
        }
    }
    Ok(())
}
