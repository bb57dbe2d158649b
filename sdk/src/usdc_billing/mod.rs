//! Client side of the usdc-billing program: PDAs, builders, decoders and [`Billing`], the calls
//! the CLI and the demo make.

pub mod accounts;
pub mod client;
pub mod instructions;
pub mod pda;
pub mod voucher;

pub use accounts::{BillingConfigView, PlanView, SubscriptionView};
pub use client::Billing;
pub use instructions::{coverage, BillingSettings, PlanTermsArgs};
pub use voucher::SignedVoucher;
