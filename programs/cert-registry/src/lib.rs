//! # cert-registry
//!
//! The trust root of OpenRSP. Governance registers GSMA Certificate Issuer (CI) roots as trust
//! anchors and the Groth16 verifying keys of the circuits that prove a certificate chains to one of
//! them. Operators, EUMs, SM-DP+ and SM-DS then register a zero-knowledge proof about their
//! certificate instead of the certificate itself; LPAs and dApps read the records to decide whom to
//! trust.
//!
//! The program is written on pinocchio (`no_std`) and speaks Anchor's wire format: 8-byte
//! `sha256("global:<ix>")` instruction discriminators, `sha256("account:<Name>")` account
//! discriminators, Borsh-compatible fixed layouts and `emit!`-style events. `idl/cert_registry.json`
//! describes it for Anchor clients.
//!
//! It never needs to know its own address: every PDA is derived from the `program_id` the runtime
//! passes in, so the same binary can be deployed under any key.
#![cfg_attr(not(test), no_std)]

pub mod circuits;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod possession;
pub mod seeds;
pub mod state;
pub mod statement;

#[cfg(target_os = "solana")]
use solana_compiler_builtins as _;

use errors::FrameworkError;
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
        .ok_or(FrameworkError::UnknownInstruction)?;
    match *discriminator {
        // Governance
        // Create the registry and name its first authority.
        ix::INITIALIZE_REGISTRY => {
            instructions::initialize_registry::process(program_id, accounts, args)
        }
        // Step one of an authority hand-over: the authority names its successor.
        ix::PROPOSE_AUTHORITY => {
            instructions::propose_authority::process(program_id, accounts, args)
        }
        // Step two: the successor signs to take over.
        ix::ACCEPT_AUTHORITY => instructions::accept_authority::process(program_id, accounts, args),
        // Withdraw a pending hand-over.
        ix::CANCEL_AUTHORITY => instructions::cancel_authority::process(program_id, accounts, args),
        // Stop (or resume) new certificate registrations.
        ix::SET_PAUSED => instructions::set_paused::process(program_id, accounts, args),
        // Trust anchors
        // Register a GSMA CI root.
        ix::ADD_TRUST_ANCHOR => instructions::add_trust_anchor::process(program_id, accounts, args),
        // Stop admitting certificates under a CI root.
        ix::RETIRE_TRUST_ANCHOR => {
            instructions::retire_trust_anchor::process(program_id, accounts, args)
        }
        // Verifying keys
        // Register the Groth16 verifying key of a certificate circuit.
        ix::ADD_VERIFYING_KEY => {
            instructions::add_verifying_key::process(program_id, accounts, args)
        }
        // Stop admitting proofs made for a circuit.
        ix::RETIRE_VERIFYING_KEY => {
            instructions::retire_verifying_key::process(program_id, accounts, args)
        }
        // Certificates
        // Admit a certificate on the strength of a Groth16 proof about it.
        ix::REGISTER_CERTIFICATE => {
            instructions::register_certificate::process(program_id, accounts, args)
        }
        // Mark a certificate record revoked (authority or registrant).
        ix::REVOKE_CERTIFICATE => {
            instructions::revoke_certificate::process(program_id, accounts, args)
        }
        // The EUM tree
        // Create the empty tree of EUM keys that EID proofs are made against.
        ix::INITIALIZE_EUM_TREE => {
            instructions::initialize_eum_tree::process(program_id, accounts, args)
        }
        // Revoke an EUM certificate and remove its key from the tree.
        ix::REVOKE_EUM_CERTIFICATE => {
            instructions::revoke_eum_certificate::process(program_id, accounts, args)
        }
        _ => Err(FrameworkError::UnknownInstruction.into()),
    }
}
