//! # usdc-billing
//!
//! Paying for connectivity. Operators whose SM-DP+ certificate the registry holds as valid publish
//! data plans priced in native SOL or in any SPL mint of the Token or Token-2022 program (USDC,
//! Token-2022 stablecoins); governance sets a protocol fee in basis points, paid to a treasury.
//! This first part holds the plans; subscriptions with pay-as-you-go vouchers build on them.
//!
//! Written on pinocchio (`no_std`), Anchor-compatible (discriminators, layouts, events, IDL in
//! `idl/usdc_billing.json`), with cert-registry's account checks; it reads SM-DP+ records of the
//! registry named in its config.
#![cfg_attr(not(test), no_std)]

pub mod currency;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod operator;
pub mod seeds;
pub mod state;

#[cfg(target_os = "solana")]
use solana_compiler_builtins as _;

use cert_registry::errors::RegistryError;
use instructions::discriminator as ix;
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
        .ok_or(RegistryError::UnknownInstruction)?;
    match *discriminator {
        // Governance
        // Create the config: authority, registry, treasury, protocol fee.
        ix::INITIALIZE_BILLING => {
            instructions::initialize_billing::process(program_id, accounts, args)
        }
        // Change the protocol fee and its treasury.
        ix::SET_PROTOCOL_FEE => instructions::set_protocol_fee::process(program_id, accounts, args),
        // Stop (or resume) plan changes.
        ix::SET_PAUSED => instructions::set_paused::process(program_id, accounts, args),
        // Plans
        // Publish a plan (an operator with a valid SM-DP+ record).
        ix::CREATE_PLAN => instructions::create_plan::process(program_id, accounts, args),
        // Change a plan's terms.
        ix::UPDATE_PLAN => instructions::update_plan::process(program_id, accounts, args),
        // Retire a plan: no new subscriptions.
        ix::RETIRE_PLAN => instructions::retire_plan::process(program_id, accounts, args),
        _ => Err(RegistryError::UnknownInstruction.into()),
    }
}
