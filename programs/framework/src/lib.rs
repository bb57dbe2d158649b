//! # openrsp-framework
//!
//! What the four OpenRSP programs share on chain, so that each program holds only its own
//! instructions and state: account loading and checks ([`accounts`]), fixed layouts with a version
//! byte ([`layout`]), instruction arguments ([`args`]), errors and events in Anchor's encoding
//! ([`errors`], [`events`]), PDA creation, Poseidon ([`poseidon`]), Groth16 verification
//! ([`groth16`]), signatures checked by a precompile ([`precompile`]), and the governance all four
//! programs share ([`governance`]: authority hand-over, pause, set-up by the upgrade authority).
//!
//! `no_std`, on pinocchio. Handlers take their accounts through [`accounts`] only, so every attack
//! class the tests exercise (missing signer, foreign owner, type cosplay, non-canonical PDA,
//! re-initialisation, duplicate mutable accounts) is refused in one place, with the same error
//! code in every program ([`errors::FrameworkError`]).
#![cfg_attr(not(test), no_std)]

pub mod accounts;
pub mod args;
pub mod clock;
pub mod discriminator;
pub mod errors;
pub mod events;
pub mod governance;
pub mod groth16;
pub mod layout;
pub mod poseidon;
pub mod precompile;

/// For the exported macros.
#[doc(hidden)]
pub use pinocchio;
