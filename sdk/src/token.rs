//! Money on the client side: the currency a plan, subscription or order is priced in, the account a
//! wallet pays from or is paid into (its associated token account, or the wallet itself for SOL),
//! and the few SPL calls a wallet, the demo and the tests need (mints, token accounts, balances).

use crate::{
    client::{Ledger, Receipt},
    SdkError,
};
use solana_address::Address;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;
use spl_associated_token_account_interface::{
    address::get_associated_token_address_with_program_id,
    instruction::create_associated_token_account_idempotent,
};

pub const SYSTEM_PROGRAM: Address = solana_sdk_ids::system_program::ID;
pub const TOKEN_PROGRAM: Address = spl_token_interface::ID;
pub const TOKEN_2022_PROGRAM: Address = spl_token_2022_interface::ID;

/// A base token account (both programs): mint, owner, amount at these offsets.
const TOKEN_ACCOUNT_LEN: usize = 165;
const MINT_LEN: usize = 82;

/// What an account's amounts are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Currency {
    /// Lamports.
    Sol,
    Token {
        mint: Address,
        program: Address,
        decimals: u8,
    },
}

impl Currency {
    /// From the `(mint, token_program, decimals)` an on-chain account records (all-zero mint: SOL).
    pub fn recorded(mint: &[u8; 32], program: &[u8; 32], decimals: u8) -> Self {
        if *mint == [0; 32] {
            Currency::Sol
        } else {
            Currency::Token {
                mint: Address::new_from_array(*mint),
                program: Address::new_from_array(*program),
                decimals,
            }
        }
    }

    /// The `mint` account instructions take: the mint, or the system program for SOL.
    pub fn mint_account(&self) -> Address {
        match self {
            Currency::Sol => SYSTEM_PROGRAM,
            Currency::Token { mint, .. } => *mint,
        }
    }

    /// The `token_program` account instructions take: the system program for SOL.
    pub fn program_account(&self) -> Address {
        match self {
            Currency::Sol => SYSTEM_PROGRAM,
            Currency::Token { program, .. } => *program,
        }
    }

    pub fn decimals(&self) -> u8 {
        match self {
            Currency::Sol => 9,
            Currency::Token { decimals, .. } => *decimals,
        }
    }

    /// Where `wallet` holds this currency: its associated token account, or itself for SOL.
    pub fn account_of(&self, wallet: &Address) -> Address {
        match self {
            Currency::Sol => *wallet,
            Currency::Token { mint, program, .. } => {
                get_associated_token_address_with_program_id(wallet, mint, program)
            }
        }
    }

    /// Creates `wallet`'s associated token account if it does not exist yet (nothing for SOL), so
    /// that a payment into it cannot fail for want of an account.
    pub fn ensure_account(&self, payer: &Address, wallet: &Address) -> Option<Instruction> {
        match self {
            Currency::Sol => None,
            Currency::Token { mint, program, .. } => Some(
                create_associated_token_account_idempotent(payer, wallet, mint, program),
            ),
        }
    }

    /// `amount` base units for people: `12.5 USDC-6dp` style, `0.001 SOL`.
    pub fn format(&self, amount: u64) -> String {
        let decimals = self.decimals() as u32;
        let unit = 10u64.pow(decimals);
        let whole = amount / unit;
        let frac = amount % unit;
        let mut s = format!("{whole}");
        if frac > 0 {
            let f = format!("{frac:0width$}", width = decimals as usize);
            s.push('.');
            s.push_str(f.trim_end_matches('0'));
        }
        match self {
            Currency::Sol => format!("{s} SOL"),
            Currency::Token { mint, .. } => {
                let m = mint.to_string();
                format!("{s} ({}…)", &m[..6])
            }
        }
    }

    /// What `wallet` holds (lamports for SOL, else the balance of its associated token account).
    pub fn balance_of<L: Ledger + ?Sized>(
        &self,
        ledger: &L,
        wallet: &Address,
    ) -> Result<u64, SdkError> {
        match self {
            Currency::Sol => ledger.balance(wallet),
            Currency::Token { .. } => token_balance(ledger, &self.account_of(wallet)),
        }
    }
}

/// The currency of `mint` as the ledger has it (owner program, decimals); `None` means SOL.
pub fn currency_of_mint<L: Ledger + ?Sized>(
    ledger: &L,
    mint: Option<&Address>,
) -> Result<Currency, SdkError> {
    let Some(mint) = mint else {
        return Ok(Currency::Sol);
    };
    let account = ledger
        .account(mint)?
        .ok_or_else(|| SdkError::AccountNotFound(mint.to_string()))?;
    if account.owner != TOKEN_PROGRAM && account.owner != TOKEN_2022_PROGRAM {
        return Err(SdkError::InvalidAccount {
            address: mint.to_string(),
            kind: "mint",
            reason: "not owned by the Token or Token-2022 program".into(),
        });
    }
    if account.data.len() < MINT_LEN {
        return Err(SdkError::InvalidAccount {
            address: mint.to_string(),
            kind: "mint",
            reason: "too short for a mint".into(),
        });
    }
    Ok(Currency::Token {
        mint: *mint,
        program: account.owner,
        decimals: account.data[44],
    })
}

/// Amount held by a token account (0 if it does not exist).
pub fn token_balance<L: Ledger + ?Sized>(ledger: &L, account: &Address) -> Result<u64, SdkError> {
    let Some(account_data) = ledger.account(account)? else {
        return Ok(0);
    };
    if account_data.data.len() < TOKEN_ACCOUNT_LEN {
        return Err(SdkError::InvalidAccount {
            address: account.to_string(),
            kind: "token account",
            reason: "too short".into(),
        });
    }
    let mut amount = [0u8; 8];
    amount.copy_from_slice(&account_data.data[64..72]);
    Ok(u64::from_le_bytes(amount))
}

/// Creates a mint (Token or Token-2022, no extensions) with `authority` as mint authority: for
/// the demo, tests and test clusters (USDC itself exists on real clusters).
pub fn create_mint<L: Ledger + ?Sized>(
    ledger: &mut L,
    payer: &Keypair,
    mint: &Keypair,
    authority: &Address,
    decimals: u8,
    program: &Address,
) -> Result<Receipt, SdkError> {
    let rent = solana_rent::Rent::default().minimum_balance(MINT_LEN);
    let create = solana_system_interface::instruction::create_account(
        &payer.pubkey(),
        &mint.pubkey(),
        rent,
        MINT_LEN as u64,
        program,
    );
    let init = spl_token_interface::instruction::initialize_mint2(
        program,
        &mint.pubkey(),
        authority,
        None,
        decimals,
    )
    .map_err(|e| SdkError::InvalidInput(format!("mint: {e}")))?;
    ledger.send(&[create, init], payer, &[mint])
}

/// Mints `amount` to `wallet`'s associated token account, creating it if needed.
pub fn mint_to<L: Ledger + ?Sized>(
    ledger: &mut L,
    payer: &Keypair,
    authority: &Keypair,
    currency: &Currency,
    wallet: &Address,
    amount: u64,
) -> Result<Receipt, SdkError> {
    let Currency::Token {
        mint,
        program,
        decimals,
    } = currency
    else {
        return Err(SdkError::InvalidInput("SOL is not minted".into()));
    };
    let account = currency.account_of(wallet);
    let mut ixs: Vec<Instruction> = currency
        .ensure_account(&payer.pubkey(), wallet)
        .into_iter()
        .collect();
    ixs.push(
        spl_token_interface::instruction::mint_to_checked(
            program,
            mint,
            &account,
            &authority.pubkey(),
            &[],
            amount,
            *decimals,
        )
        .map_err(|e| SdkError::InvalidInput(format!("mint_to: {e}")))?,
    );
    ledger.send(&ixs, payer, &[authority])
}
