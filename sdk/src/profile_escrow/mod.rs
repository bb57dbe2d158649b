//! Client side of the profile-escrow program: PDAs, builders, decoders, [`Escrow`] (the calls the
//! CLI and the demo make), and the activation code's encryption to the consumer.

pub mod accounts;
pub mod activation;
mod client;
pub mod instructions;
pub mod pda;

pub use accounts::{EscrowConfigView, OrderView};
pub use activation::{ActivationCode, SealedActivationCode};
pub use client::Escrow;
pub use instructions::EscrowIds;
