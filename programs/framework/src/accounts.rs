//! Account validation: signer, writability, owner, type and PDA checks, and PDA creation.
//!
//! Handlers take their accounts through these functions only, so that every attack class the
//! tests exercise (missing signer, foreign owner, type cosplay, non-canonical PDA,
//! re-initialisation, duplicate mutable accounts) is refused in one place.

use crate::{errors::FrameworkError, layout::AccountLayout};
use pinocchio::{
    account::{Ref, RefMut},
    cpi::{Seed, Signer},
    error::ProgramError,
    sysvars::{rent::Rent, Sysvar},
    AccountView, Address, ProgramResult,
};
use pinocchio_system::instructions::{Allocate, Assign, CreateAccount, Transfer};

/// Splits the account list into the fixed number an instruction expects. Extra trailing accounts
/// are ignored, as in Anchor (`remaining_accounts`).
pub fn take<const N: usize>(accounts: &[AccountView]) -> Result<&[AccountView; N], FrameworkError> {
    accounts
        .first_chunk::<N>()
        .ok_or(FrameworkError::NotEnoughAccounts)
}

pub fn signer(account: &AccountView) -> Result<(), FrameworkError> {
    if account.is_signer() {
        Ok(())
    } else {
        Err(FrameworkError::MissingSignature)
    }
}

pub fn writable(account: &AccountView) -> Result<(), FrameworkError> {
    if account.is_writable() {
        Ok(())
    } else {
        Err(FrameworkError::AccountNotWritable)
    }
}

/// A signer that pays: signer and writable.
pub fn payer(account: &AccountView) -> Result<(), FrameworkError> {
    signer(account)?;
    writable(account)
}

pub fn system_program(account: &AccountView) -> Result<(), FrameworkError> {
    if account.address() == &pinocchio_system::ID {
        Ok(())
    } else {
        Err(FrameworkError::InvalidSystemProgram)
    }
}

fn owned_by_program(account: &AccountView, program_id: &Address) -> Result<(), FrameworkError> {
    if account.owned_by(program_id) {
        Ok(())
    } else {
        Err(FrameworkError::InvalidAccountOwner)
    }
}

/// Reads a program account of type `T`: owner, size, discriminator and version are checked.
/// Being owned by this program with `T`'s discriminator means this program created it at `T`'s
/// canonical PDA, so no address re-derivation is needed.
pub fn load<'a, T: AccountLayout>(
    account: &'a AccountView,
    program_id: &Address,
) -> Result<Ref<'a, T>, ProgramError> {
    owned_by_program(account, program_id)?;
    Ref::try_map(account.try_borrow()?, |data| T::from_bytes(data)).map_err(|(_, e)| e.into())
}

/// Like [`load`], for an account the instruction modifies: it must also be writable.
pub fn load_mut<'a, T: AccountLayout>(
    account: &'a AccountView,
    program_id: &Address,
) -> Result<RefMut<'a, T>, ProgramError> {
    owned_by_program(account, program_id)?;
    writable(account)?;
    RefMut::try_map(account.try_borrow_mut()?, |data| T::from_bytes_mut(data))
        .map_err(|(_, e)| e.into())
}

/// Checks that `account` is the canonical PDA for `seeds` and returns its bump.
pub fn canonical_pda(
    account: &AccountView,
    seeds: &[&[u8]],
    program_id: &Address,
) -> Result<u8, FrameworkError> {
    let (expected, bump) =
        Address::try_find_program_address(seeds, program_id).ok_or(FrameworkError::InvalidPda)?;
    if account.address() == &expected {
        Ok(bump)
    } else {
        Err(FrameworkError::InvalidPda)
    }
}

/// Checks that `account` is the PDA of `seeds`, whose last seed is the bump the program stored when
/// it created the account: one hash where [`canonical_pda`] searches. For accounts whose address
/// scheme changed across program versions, so that one left at an older address is not taken for
/// the current one.
pub fn pda_with_stored_bump(
    account: &AccountView,
    seeds: &[&[u8]],
    program_id: &Address,
) -> Result<(), FrameworkError> {
    match Address::create_program_address(seeds, program_id) {
        Ok(expected) if account.address() == &expected => Ok(()),
        _ => Err(FrameworkError::InvalidPda),
    }
}

/// Creates the program account `target` at the canonical PDA for `seeds`, `T::LEN` bytes,
/// rent-exempt, paid by `payer`, and returns its bump.
pub fn create_pda<T: AccountLayout>(
    payer: &AccountView,
    target: &AccountView,
    seeds: &[&[u8]],
    program_id: &Address,
) -> Result<u8, ProgramError> {
    create_account_at_pda(
        payer,
        target,
        seeds,
        program_id,
        NewAccount {
            owner: program_id,
            space: T::LEN,
        },
    )
}

/// Owner and size of an account [`create_account_at_pda`] creates.
pub struct NewAccount<'a> {
    pub owner: &'a Address,
    pub space: usize,
}

/// Creates `target` at the canonical PDA of `program_id` for `seeds`: `new.space` bytes,
/// rent-exempt, paid by `payer`, owned by `new.owner` (this program, or a token program for a vault
/// the PDA's parent controls). Returns the bump.
///
/// Refuses an account that already holds data or belongs to a program (re-initialisation). An
/// address that somebody pre-funded with lamports to block creation is still taken over: the
/// shortfall is topped up and the account allocated and assigned, instead of `CreateAccount`
/// failing on it.
///
/// Inlined: its arguments take seven registers (a slice is two) and SBPF passes five; a call
/// would put the rest in the callee's stack frame, which validators with stack-frame gaps refuse.
#[inline(always)]
pub fn create_account_at_pda(
    payer: &AccountView,
    target: &AccountView,
    seeds: &[&[u8]],
    program_id: &Address,
    new: NewAccount,
) -> Result<u8, ProgramError> {
    let NewAccount { owner, space } = new;
    writable(target)?;
    let bump = canonical_pda(target, seeds, program_id)?;
    if !target.owned_by(&pinocchio_system::ID) || !target.is_data_empty() {
        return Err(FrameworkError::AlreadyInitialized.into());
    }
    let bump_seed = [bump];
    // Up to four seeds and the bump (a subscription's: prefix, plan, commitment, consumer).
    let mut signer_seeds: [Seed; 5] = core::array::from_fn(|_| Seed::from(&[][..]));
    let n = seeds.len();
    if n + 1 > signer_seeds.len() {
        return Err(FrameworkError::InvalidPda.into());
    }
    for (slot, seed) in signer_seeds.iter_mut().zip(seeds) {
        *slot = Seed::from(*seed);
    }
    signer_seeds[n] = Seed::from(&bump_seed[..]);
    let signer = [Signer::from(&signer_seeds[..=n])];

    let rent_exempt = Rent::get()?.try_minimum_balance(space)?;
    let current = target.lamports();
    if current == 0 {
        CreateAccount {
            from: payer,
            to: target,
            lamports: rent_exempt,
            space: space as u64,
            owner,
        }
        .invoke_signed(&signer)?;
    } else {
        let shortfall = rent_exempt.saturating_sub(current);
        if shortfall > 0 {
            Transfer {
                from: payer,
                to: target,
                lamports: shortfall,
            }
            .invoke()?;
        }
        Allocate {
            account: target,
            space: space as u64,
        }
        .invoke_signed(&signer)?;
        Assign {
            account: target,
            owner,
        }
        .invoke_signed(&signer)?;
    }
    Ok(bump)
}

/// Refuses the same account passed in two roles that must differ.
pub fn distinct(a: &AccountView, b: &AccountView) -> ProgramResult {
    if a.address() == b.address() {
        Err(FrameworkError::DuplicateAccount.into())
    } else {
        Ok(())
    }
}

/// Closes a program account: all its lamports go to `destination` and its data and owner are
/// cleared, so it cannot be read or revived within the transaction.
pub fn close(account: &AccountView, destination: &AccountView) -> ProgramResult {
    writable(account)?;
    writable(destination)?;
    distinct(account, destination)?;
    let lamports = destination
        .lamports()
        .checked_add(account.lamports())
        .ok_or(ProgramError::ArithmeticOverflow)?;
    destination.set_lamports(lamports);
    account.set_lamports(0);
    account.close()
}
