//! # profile-escrow
//!
//! Buying a plan without trusting the seller: the consumer's payment for a usdc-billing plan waits
//! in a vault until the operator has delivered the profile (the hash of the bound profile package
//! and the activation code, encrypted to the consumer) and the consumer has confirmed the
//! installation. If the operator does not deliver by the deadline, the consumer takes everything
//! back; if the consumer goes silent after delivery, the operator claims after the dispute window;
//! a dispute waits for governance. Every settlement closes the vault and the order.
//!
//! Written on pinocchio (`no_std`), Anchor-compatible (discriminators, layouts, events, IDL in
//! `idl/profile_escrow.json`). It reads plans, the fee and the pause from usdc-billing and moves
//! money with usdc-billing's vaults, so SOL, Token and Token-2022 plans work alike.
#![cfg_attr(not(test), no_std)]

pub mod errors;
pub mod events;
pub mod instructions;
pub mod seeds;
pub mod settle;
pub mod state;

#[cfg(target_os = "solana")]
use solana_compiler_builtins as _;

use instructions::discriminator as ix;
use openrsp_framework::errors::FrameworkError;
use pinocchio::{AccountView, Address, ProgramResult};

#[cfg(not(feature = "no-entrypoint"))]
mod entrypoint {
    pinocchio::program_entrypoint!(crate::process_instruction);
    pinocchio::no_allocator!();
    pinocchio::nostd_panic_handler!();
}

/// Routes an instruction to its handler by its Anchor discriminator.
#[inline(never)]
pub fn process_instruction(
    program_id: &Address,
    accounts: &[AccountView],
    data: &[u8],
) -> ProgramResult {
    let (discriminator, args) = data
        .split_first_chunk::<8>()
        .ok_or(FrameworkError::UnknownInstruction)?;
    match *discriminator {
        // Governance
        // Create the config: dispute authority, billing program, windows.
        ix::INITIALIZE_ESCROW => {
            instructions::initialize_escrow::process(program_id, accounts, args)
        }
        // Change the dispute and delivery windows.
        ix::SET_ESCROW_WINDOWS => {
            instructions::set_escrow_windows::process(program_id, accounts, args)
        }
        // Step one of an authority hand-over: the authority names its successor.
        ix::PROPOSE_AUTHORITY => {
            instructions::propose_authority::process(program_id, accounts, args)
        }
        // Step two: the successor signs to take over.
        ix::ACCEPT_AUTHORITY => instructions::accept_authority::process(program_id, accounts, args),
        // Withdraw a pending hand-over.
        ix::CANCEL_AUTHORITY => instructions::cancel_authority::process(program_id, accounts, args),
        // Stop (or resume) new orders.
        ix::SET_PAUSED => instructions::set_paused::process(program_id, accounts, args),
        // Pay one side of a disputed order.
        ix::RESOLVE_DISPUTE => instructions::resolve_dispute::process(program_id, accounts, args),
        // An order's life
        // The consumer pays a plan's price into escrow.
        ix::CREATE_ORDER => instructions::create_order::process(program_id, accounts, args),
        // Before acceptance: the consumer takes it all back.
        ix::CANCEL_ORDER => instructions::cancel_order::process(program_id, accounts, args),
        // The operator takes the order.
        ix::ACCEPT_ORDER => instructions::accept_order::process(program_id, accounts, args),
        // The operator delivers the profile hash and the encrypted activation code.
        ix::DELIVER_PROFILE => instructions::deliver_profile::process(program_id, accounts, args),
        // The consumer confirms installation: the operator is paid.
        ix::CONFIRM_INSTALLATION => {
            instructions::confirm_installation::process(program_id, accounts, args)
        }
        // The consumer disputes within the window.
        ix::DISPUTE_ORDER => instructions::dispute_order::process(program_id, accounts, args),
        // After the dispute window: the operator is paid.
        ix::CLAIM_PAYMENT => instructions::claim_payment::process(program_id, accounts, args),
        // Past the deadline without delivery: the consumer takes it all back.
        ix::REFUND_ORDER => instructions::refund_order::process(program_id, accounts, args),
        _ => Err(FrameworkError::UnknownInstruction.into()),
    }
}
