//! What a plan is priced in: native SOL, or an initialised mint of the classic Token program or of
//! Token-2022 (so USDC and Token-2022 stablecoins both work).

use crate::errors::BillingError;
use pinocchio::{AccountView, Address};

/// The classic SPL Token program.
pub const TOKEN_PROGRAM: Address =
    Address::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// The Token-2022 program.
pub const TOKEN_2022_PROGRAM: Address =
    Address::from_str_const("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");

/// Size of the base mint layout both token programs share.
const MINT_LEN: usize = 82;
/// Offsets in it: decimals, is_initialized.
const DECIMALS: usize = 44;
const IS_INITIALIZED: usize = 45;
/// Token-2022 accounts longer than a base account carry their type at this offset (1 = mint).
const ACCOUNT_TYPE: usize = 165;
const ACCOUNT_TYPE_MINT: u8 = 1;

/// Token-2022 mint extensions that leave a vault's money where the program put it: close
/// authority, interest-bearing and scaled UI amounts (display only), metadata and groups. Every
/// other one is refused: a transfer fee would pay out less than the program counts, a transfer hook
/// or pausing could block refunds, a permanent delegate could empty vaults, confidential or
/// non-transferable balances cannot be moved by the program, and default-frozen accounts would
/// freeze the vault.
const SAFE_MINT_EXTENSIONS: [u16; 9] = [3, 10, 18, 19, 20, 21, 22, 23, 25];

/// Walks a Token-2022 mint's extension list (type u16, length u16, value) and refuses unsafe ones.
fn check_mint_extensions(tlv: &[u8]) -> Result<(), BillingError> {
    let mut rest = tlv;
    while let Some((header, tail)) = rest.split_first_chunk::<4>() {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        if kind == 0 {
            break;
        }
        if !SAFE_MINT_EXTENSIONS.contains(&kind) {
            return Err(BillingError::UnsupportedMintExtension);
        }
        let len = u16::from_le_bytes([header[2], header[3]]) as usize;
        rest = tail.get(len..).ok_or(BillingError::InvalidMint)?;
    }
    Ok(())
}

/// The currency of a plan: `(mint, token program, decimals)`, all-zero mint and program for SOL.
pub struct Currency {
    pub mint: [u8; 32],
    pub token_program: [u8; 32],
    pub decimals: u8,
}

/// Reads the currency from the `mint` account: the system program's id means native SOL.
pub fn currency_of(mint: &AccountView) -> Result<Currency, BillingError> {
    if mint.address() == &pinocchio_system::ID {
        return Ok(Currency {
            mint: [0; 32],
            token_program: [0; 32],
            decimals: 9,
        });
    }
    let program = if mint.owned_by(&TOKEN_PROGRAM) {
        TOKEN_PROGRAM
    } else if mint.owned_by(&TOKEN_2022_PROGRAM) {
        TOKEN_2022_PROGRAM
    } else {
        return Err(BillingError::InvalidMint);
    };
    let data = mint.try_borrow().map_err(|_| BillingError::InvalidMint)?;
    let is_mint = match data.len() {
        MINT_LEN => true,
        // Token-2022 with extensions: past the padding to the base account size, the type byte.
        len if program == TOKEN_2022_PROGRAM && len > ACCOUNT_TYPE => {
            data[ACCOUNT_TYPE] == ACCOUNT_TYPE_MINT
        }
        _ => false,
    };
    if !is_mint || data[IS_INITIALIZED] != 1 {
        return Err(BillingError::InvalidMint);
    }
    if data.len() > ACCOUNT_TYPE {
        check_mint_extensions(&data[ACCOUNT_TYPE + 1..])?;
    }
    Ok(Currency {
        mint: mint.address().to_bytes(),
        token_program: program.to_bytes(),
        decimals: data[DECIMALS],
    })
}
