//! Vaults: where a subscription's (or, in profile-escrow, an order's) money waits. One code path
//! for both currencies:
//!
//! - SPL (Token or Token-2022): a token account at the PDA `["vault", owner]`, whose token owner
//!   is the `owner` PDA itself, so only the program that signs for that PDA moves the money;
//! - SOL: a data-less account at the same PDA, owned by the program, whose lamports above its rent
//!   are the balance; the program debits it directly.
//!
//! The three token instructions used (InitializeAccount3, TransferChecked, CloseAccount) have the
//! same encoding in both token programs; they are built here against the plan's token program
//! rather than through a crate that fixes one program id. `TransferChecked` makes the token program
//! itself check the mint and decimals of every transfer.

use crate::{currency::TOKEN_2022_PROGRAM, currency::TOKEN_PROGRAM, errors::BillingError};
use openrsp_framework::accounts::{close, create_account_at_pda, writable, NewAccount};
use pinocchio::{
    cpi::{invoke_signed, Signer},
    error::ProgramError,
    instruction::{InstructionAccount, InstructionView},
    sysvars::{rent::Rent, Sysvar},
    AccountView, Address, ProgramResult,
};
use pinocchio_system::instructions::Transfer;

/// Size of a token account without extensions (both programs).
const TOKEN_ACCOUNT_LEN: usize = 165;
/// Offsets in a token account: mint, owner, amount.
const MINT: usize = 0;
const OWNER: usize = 32;
const AMOUNT: usize = 64;

/// Token instruction tags.
const INITIALIZE_ACCOUNT_3: u8 = 18;
const TRANSFER_CHECKED: u8 = 12;
const CLOSE_ACCOUNT: u8 = 9;

/// The PDA that owns a vault (a subscription or an order) and the seeds it signs with.
pub struct VaultOwner<'a, 'b> {
    pub account: &'a AccountView,
    pub signer: Signer<'a, 'b>,
}

/// The currency of a payment, checked against what the subscription or order recorded.
#[derive(Clone, Copy)]
pub enum Money<'a> {
    Sol,
    Token {
        mint: &'a AccountView,
        program: &'a AccountView,
        decimals: u8,
    },
}

impl<'a> Money<'a> {
    /// The `mint` and `token_program` accounts of an instruction must be the recorded ones: the
    /// system program for both when the currency is SOL. Refuses mint or program substitution.
    ///
    /// Inlined: with its result slot it takes six registers, SBPF passes five (see
    /// `tests/tests/sbf_abi.rs`).
    #[inline(always)]
    pub fn recorded(
        mint: &'a AccountView,
        token_program: &'a AccountView,
        recorded_mint: &[u8; 32],
        recorded_program: &[u8; 32],
        decimals: u8,
    ) -> Result<Self, BillingError> {
        if *recorded_mint == [0; 32] {
            if mint.address() != &pinocchio_system::ID {
                return Err(BillingError::WrongMint);
            }
            if token_program.address() != &pinocchio_system::ID {
                return Err(BillingError::WrongTokenProgram);
            }
            return Ok(Money::Sol);
        }
        if mint.address().as_ref() != &recorded_mint[..] {
            return Err(BillingError::WrongMint);
        }
        let program = token_program.address();
        if program.as_ref() != &recorded_program[..]
            || (program != &TOKEN_PROGRAM && program != &TOKEN_2022_PROGRAM)
        {
            return Err(BillingError::WrongTokenProgram);
        }
        Ok(Money::Token {
            mint,
            program: token_program,
            decimals,
        })
    }

    /// Creates the vault of `owner` (a PDA of `program_id`) at `["vault", owner]`, paid by `payer`.
    /// Returns the vault's bump.
    pub fn create_vault(
        &self,
        payer: &AccountView,
        vault: &AccountView,
        owner: &AccountView,
        program_id: &Address,
    ) -> Result<u8, ProgramError> {
        let seeds: [&[u8]; 2] = [crate::seeds::VAULT, owner.address().as_ref()];
        match self {
            Money::Sol => create_account_at_pda(
                payer,
                vault,
                &seeds,
                program_id,
                NewAccount {
                    owner: program_id,
                    space: 0,
                },
            ),
            Money::Token { mint, program, .. } => {
                let bump = create_account_at_pda(
                    payer,
                    vault,
                    &seeds,
                    program_id,
                    NewAccount {
                        owner: program.address(),
                        space: TOKEN_ACCOUNT_LEN,
                    },
                )?;
                let mut data = [0u8; 33];
                data[0] = INITIALIZE_ACCOUNT_3;
                data[1..].copy_from_slice(owner.address().as_ref());
                let metas = [
                    InstructionAccount::writable(vault.address()),
                    InstructionAccount::readonly(mint.address()),
                ];
                invoke_signed(
                    &InstructionView {
                        program_id: program.address(),
                        accounts: &metas,
                        data: &data,
                    },
                    &[vault, mint],
                    &[],
                )?;
                Ok(bump)
            }
        }
    }

    /// Moves `amount` from a wallet into the vault. `source` is the wallet's token account
    /// (the token program checks that `from` may spend it); unused for SOL.
    pub fn deposit(
        &self,
        from: &AccountView,
        source: &AccountView,
        vault: &AccountView,
        amount: u64,
    ) -> ProgramResult {
        match self {
            Money::Sol => Transfer {
                from,
                to: vault,
                lamports: amount,
            }
            .invoke(),
            Money::Token {
                mint,
                program,
                decimals,
            } => transfer_checked(
                &TokenTransfer {
                    program,
                    source,
                    mint,
                    destination: vault,
                    authority: from,
                },
                amount,
                *decimals,
                &[],
            ),
        }
    }

    /// What the vault holds for its owner (SOL: lamports above the vault's rent).
    pub fn balance(&self, vault: &AccountView) -> Result<u64, ProgramError> {
        match self {
            Money::Sol => {
                let rent = Rent::get()?.try_minimum_balance(0)?;
                Ok(vault.lamports().saturating_sub(rent))
            }
            Money::Token { .. } => {
                let data = vault.try_borrow()?;
                let amount = data
                    .get(AMOUNT..AMOUNT + 8)
                    .ok_or(BillingError::WrongVault)?;
                Ok(u64::from_le_bytes(
                    amount.try_into().map_err(|_| BillingError::WrongVault)?,
                ))
            }
        }
    }

    /// The account a payee is paid into: for SOL the payee's wallet itself, else a token account
    /// of this mint whose owner is the payee. Refuses anyone else's account.
    pub fn require_payee_account(
        &self,
        account: &AccountView,
        payee: &[u8; 32],
    ) -> Result<(), BillingError> {
        match self {
            Money::Sol => {
                if account.address().as_ref() != &payee[..] {
                    return Err(BillingError::WrongPayeeAccount);
                }
            }
            Money::Token { mint, program, .. } => {
                if !account.owned_by(program.address()) {
                    return Err(BillingError::WrongPayeeAccount);
                }
                let data = account
                    .try_borrow()
                    .map_err(|_| BillingError::WrongPayeeAccount)?;
                let is_token_account = data.len() == TOKEN_ACCOUNT_LEN
                    || (data.len() > TOKEN_ACCOUNT_LEN && data[TOKEN_ACCOUNT_LEN] == 2);
                if !is_token_account
                    || data[MINT..MINT + 32] != *mint.address().as_ref()
                    || data[OWNER..OWNER + 32] != payee[..]
                {
                    return Err(BillingError::WrongPayeeAccount);
                }
            }
        }
        Ok(())
    }

    /// Pays `amount` out of the vault of `owner` into `destination` (checked by
    /// [`Self::require_payee_account`] beforehand).
    pub fn pay_out(
        &self,
        vault: &AccountView,
        destination: &AccountView,
        owner: &VaultOwner,
        amount: u64,
    ) -> ProgramResult {
        if amount == 0 {
            return Ok(());
        }
        match self {
            Money::Sol => {
                writable(vault)?;
                writable(destination)?;
                if self.balance(vault)? < amount {
                    return Err(BillingError::InsufficientVault.into());
                }
                let credited = destination
                    .lamports()
                    .checked_add(amount)
                    .ok_or(BillingError::AmountOverflow)?;
                vault.set_lamports(vault.lamports() - amount);
                destination.set_lamports(credited);
                Ok(())
            }
            Money::Token {
                mint,
                program,
                decimals,
            } => transfer_checked(
                &TokenTransfer {
                    program,
                    source: vault,
                    mint,
                    destination,
                    authority: owner.account,
                },
                amount,
                *decimals,
                core::slice::from_ref(&owner.signer),
            ),
        }
    }

    /// Closes the (emptied) vault; its rent goes to `rent_to`.
    pub fn close_vault(
        &self,
        vault: &AccountView,
        rent_to: &AccountView,
        owner: &VaultOwner,
    ) -> ProgramResult {
        match self {
            Money::Sol => close(vault, rent_to),
            Money::Token { program, .. } => {
                let metas = [
                    InstructionAccount::writable(vault.address()),
                    InstructionAccount::writable(rent_to.address()),
                    InstructionAccount::readonly_signer(owner.account.address()),
                ];
                invoke_signed(
                    &InstructionView {
                        program_id: program.address(),
                        accounts: &metas,
                        data: &[CLOSE_ACCOUNT],
                    },
                    &[vault, rent_to, owner.account],
                    core::slice::from_ref(&owner.signer),
                )
            }
        }
    }
}

/// The accounts of a `TransferChecked`.
struct TokenTransfer<'a> {
    program: &'a AccountView,
    source: &'a AccountView,
    mint: &'a AccountView,
    destination: &'a AccountView,
    authority: &'a AccountView,
}

fn transfer_checked(
    t: &TokenTransfer,
    amount: u64,
    decimals: u8,
    signers: &[Signer],
) -> ProgramResult {
    let mut data = [0u8; 10];
    data[0] = TRANSFER_CHECKED;
    data[1..9].copy_from_slice(&amount.to_le_bytes());
    data[9] = decimals;
    let metas = [
        InstructionAccount::writable(t.source.address()),
        InstructionAccount::readonly(t.mint.address()),
        InstructionAccount::writable(t.destination.address()),
        InstructionAccount::readonly_signer(t.authority.address()),
    ];
    invoke_signed(
        &InstructionView {
            program_id: t.program.address(),
            accounts: &metas,
            data: &data,
        },
        &[t.source, t.mint, t.destination, t.authority],
        signers,
    )
}
