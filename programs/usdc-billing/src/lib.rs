//! # usdc-billing
//!
//! Paying for connectivity. Operators whose SM-DP+ certificate the registry holds as valid publish
//! data plans priced in native SOL or in any SPL mint of the Token or Token-2022 program (USDC,
//! Token-2022 stablecoins); governance sets a protocol fee in basis points, paid to a treasury.
//! Consumers open pay-as-you-go subscriptions for an EID commitment with a prepaid vault;
//! their devices sign cumulative vouchers (ed25519) that the operator redeems for the difference.
//!
//! Written on pinocchio (`no_std`), Anchor-compatible (discriminators, layouts, events, IDL in
//! `idl/usdc_billing.json`), with cert-registry's account checks; it reads SM-DP+ records of the
//! registry named in its config.
#![cfg_attr(not(test), no_std)]

pub mod consumer;
pub mod currency;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod operator;
pub mod seeds;
pub mod state;
pub mod vault;
pub mod voucher;

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
        // Create the config: authority, registry, treasury, protocol fee.
        ix::INITIALIZE_BILLING => {
            instructions::initialize_billing::process(program_id, accounts, args)
        }
        // Change the protocol fee and its treasury.
        ix::SET_PROTOCOL_FEE => instructions::set_protocol_fee::process(program_id, accounts, args),
        // Step one of an authority hand-over: the authority names its successor.
        ix::PROPOSE_AUTHORITY => {
            instructions::propose_authority::process(program_id, accounts, args)
        }
        // Step two: the successor signs to take over.
        ix::ACCEPT_AUTHORITY => instructions::accept_authority::process(program_id, accounts, args),
        // Withdraw a pending hand-over.
        ix::CANCEL_AUTHORITY => instructions::cancel_authority::process(program_id, accounts, args),
        // Stop (or resume) plan changes.
        ix::SET_PAUSED => instructions::set_paused::process(program_id, accounts, args),
        // Change how long subscribers wait between asking to close and closing.
        ix::SET_CLOSE_NOTICE => instructions::set_close_notice::process(program_id, accounts, args),
        // Plans
        // Publish a plan (an operator with a valid SM-DP+ record).
        ix::CREATE_PLAN => instructions::create_plan::process(program_id, accounts, args),
        // Change a plan's terms.
        ix::UPDATE_PLAN => instructions::update_plan::process(program_id, accounts, args),
        // Retire a plan: no new subscriptions (its operator, or the billing authority).
        ix::RETIRE_PLAN => instructions::retire_plan::process(program_id, accounts, args),
        // Pay-as-you-go subscriptions
        // Open a subscription for an EID commitment, with a prepaid vault.
        ix::OPEN_SUBSCRIPTION => {
            instructions::open_subscription::process(program_id, accounts, args)
        }
        // Add money to the vault.
        ix::TOP_UP => instructions::top_up::process(program_id, accounts, args),
        // The operator is paid the difference of the latest signed voucher.
        ix::REDEEM_VOUCHER => instructions::redeem_voucher::process(program_id, accounts, args),
        // The consumer gives notice.
        ix::REQUEST_CLOSE => instructions::request_close::process(program_id, accounts, args),
        // After the notice: the rest and the rent back to the consumer.
        ix::CLOSE_SUBSCRIPTION => {
            instructions::close_subscription::process(program_id, accounts, args)
        }
        _ => Err(FrameworkError::UnknownInstruction.into()),
    }
}
