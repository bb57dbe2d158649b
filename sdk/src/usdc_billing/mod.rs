//! Client side of the usdc-billing program: PDAs, builders, decoders and [`Billing`], the calls
//! the CLI and the demo make.

pub mod accounts;
mod client;
pub mod instructions;
pub mod pda;

pub use accounts::{BillingConfigView, PlanView};
pub use client::Billing;
pub use instructions::{coverage, PlanTermsArgs};
