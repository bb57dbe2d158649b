//! Who holds what: SOL after the airdrops and at the end, the demo's USDC-like token after minting
//! and at the end. Protocol fees go to the treasury, which the demo leaves as governance.

use crate::context::{read_keypair, Context, Failure};
use openrsp_sdk::{token::currency_of_mint, token::Currency, Address, Signer};
use serde::{Serialize, Serializer};

#[derive(Serialize)]
pub struct Holding {
    pub persona: &'static str,
    #[serde(serialize_with = "base58")]
    pub address: Address,
    pub sol_start: u64,
    pub sol_end: u64,
    pub token_start: u64,
    pub token_end: u64,
}

#[derive(Serialize)]
pub struct BalanceSheet {
    pub mint: Option<String>,
    pub decimals: u8,
    pub holdings: Vec<Holding>,
    /// The token no participant holds any more: in escrow and subscription vaults (tokens are
    /// only minted before the first snapshot, so the rest is conserved).
    pub token_in_vaults: i64,
    #[serde(skip)]
    currency: Option<Currency>,
}

fn base58<S: Serializer>(address: &Address, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(address)
}

impl BalanceSheet {
    /// Records everyone's SOL now.
    pub fn open(ctx: &mut Context, people: &[&super::Persona]) -> Result<Self, Failure> {
        let mut holdings = Vec::new();
        for p in people {
            let address = read_keypair(&p.keypair)?.pubkey();
            let sol = ctx.ledger()?.balance(&address)?;
            holdings.push(Holding {
                persona: p.name,
                address,
                sol_start: sol,
                sol_end: sol,
                token_start: 0,
                token_end: 0,
            });
        }
        Ok(BalanceSheet {
            mint: None,
            decimals: 0,
            holdings,
            token_in_vaults: 0,
            currency: None,
        })
    }

    /// Records everyone's balance of `mint` now.
    pub fn set_mint(&mut self, ctx: &mut Context, mint: &str) -> Result<(), Failure> {
        let mint: Address = mint
            .parse()
            .map_err(|e| Failure::with_code(1, format!("mint {mint}: {e}")))?;
        let ledger = ctx.ledger()?;
        let currency = currency_of_mint(ledger, Some(&mint))?;
        for h in &mut self.holdings {
            h.token_start = currency.balance_of(ledger, &h.address)?;
        }
        self.mint = Some(mint.to_string());
        self.decimals = currency.decimals();
        self.currency = Some(currency);
        Ok(())
    }

    /// Records the final balances.
    pub fn close(&mut self, ctx: &mut Context) -> Result<(), Failure> {
        let ledger = ctx.ledger()?;
        for h in &mut self.holdings {
            h.sol_end = ledger.balance(&h.address)?;
            if let Some(c) = &self.currency {
                h.token_end = c.balance_of(ledger, &h.address)?;
            }
        }
        let change: i64 = self
            .holdings
            .iter()
            .map(|h| h.token_end as i64 - h.token_start as i64)
            .sum();
        self.token_in_vaults = -change;
        Ok(())
    }

    /// A fixed-width table.
    pub fn table(&self) -> String {
        let sol = |l: u64| format!("{:.6}", l as f64 / 1e9);
        let signed_sol = |a: u64, b: u64| format!("{:+.6}", (b as f64 - a as f64) / 1e9);
        let unit = 10f64.powi(self.decimals as i32);
        let tok = |t: u64| format!("{:.2}", t as f64 / unit);
        let signed_tok = |a: u64, b: u64| format!("{:+.2}", (b as f64 - a as f64) / unit);
        let mut lines = vec![format!(
            "  {:<11} {:<45} {:>12} {:>10}   {:>9} {:>8}",
            "", "address", "SOL", "change", "USDC", "change"
        )];
        for h in &self.holdings {
            lines.push(format!(
                "  {:<11} {:<45} {:>12} {:>10}   {:>9} {:>8}",
                h.persona,
                h.address.to_string(),
                sol(h.sol_end),
                signed_sol(h.sol_start, h.sol_end),
                tok(h.token_end),
                signed_tok(h.token_start, h.token_end)
            ));
        }
        lines.push(format!(
            "  {:<11} {:<45} {:>12} {:>10}   {:>9}",
            "vaults",
            "escrow and subscription vaults",
            "",
            "",
            format!("{:.2}", self.token_in_vaults as f64 / unit)
        ));
        lines.push(
            "  (SOL change: fees and rent since the airdrops; USDC change: since the consumer was minted 100)"
                .to_string(),
        );
        lines.join("\n")
    }
}
