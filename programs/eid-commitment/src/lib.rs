//! # eid-commitment
//!
//! A consumer's EID, committed to and proven genuine without being revealed. The consumer proves
//! with the `euicc_chain` circuit that an eUICC certificate, signed by an EUM whose key is in the
//! registry's EUM tree, names their EID, and that the chip itself (its eUICC key, which never
//! leaves it) signed a binding of their wallet after a recent slot; then registers `Poseidon(EID,
//! salt)`. Orders and subscriptions refer to the commitment, never to the EID. A nullifier
//! `Poseidon(EID, eUICC key x, purpose)` is recorded for good, so one chip is one commitment per
//! purpose; only someone who has seen the chip's certificate can compute it from an EID. The
//! chip's next holder takes the commitment over with a fresher binding.
//!
//! Written on pinocchio (`no_std`), Anchor-compatible (discriminators, layouts, events, IDL in
//! `idl/eid_commitment.json`), with cert-registry's account checks and helpers. It never needs its
//! own address, and learns the registry's from its config, so any deployment works.
#![cfg_attr(not(test), no_std)]

pub mod errors;
pub mod events;
pub mod instructions;
pub mod seeds;
pub mod state;
pub mod statement;

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
        // Create the config: authority, the registry to read EUM roots from, the circuit's key.
        ix::INITIALIZE_CONFIG => {
            instructions::initialize_config::process(program_id, accounts, args)
        }
        // Replace the euicc_chain verifying key (a new circuit revision).
        ix::SET_VERIFYING_KEY => {
            instructions::set_verifying_key::process(program_id, accounts, args)
        }
        // Stop (or resume) new registrations and rotations.
        ix::SET_PAUSED => instructions::set_paused::process(program_id, accounts, args),
        // Step one of an authority hand-over: the authority names its successor.
        ix::PROPOSE_AUTHORITY => {
            instructions::propose_authority::process(program_id, accounts, args)
        }
        // Step two: the successor signs to take over.
        ix::ACCEPT_AUTHORITY => instructions::accept_authority::process(program_id, accounts, args),
        // Withdraw a pending hand-over.
        ix::CANCEL_AUTHORITY => instructions::cancel_authority::process(program_id, accounts, args),
        // Set the purposes commitments may be registered for.
        ix::SET_PURPOSES => instructions::set_purposes::process(program_id, accounts, args),
        // Commitments
        // Register an EID commitment on the strength of a euicc_chain proof.
        ix::REGISTER_COMMITMENT => {
            instructions::register_commitment::process(program_id, accounts, args)
        }
        // Replace the commitment (new salt) with a fresh proof for the same EID and purpose.
        ix::ROTATE_COMMITMENT => {
            instructions::rotate_commitment::process(program_id, accounts, args)
        }
        // The chip's current holder takes the commitment over with a fresher chip binding.
        ix::TAKE_OVER_COMMITMENT => {
            instructions::take_over_commitment::process(program_id, accounts, args)
        }
        // Close the commitment; the nullifier stays used.
        ix::REVOKE_COMMITMENT => {
            instructions::revoke_commitment::process(program_id, accounts, args)
        }
        _ => Err(FrameworkError::UnknownInstruction.into()),
    }
}
