//! Account layouts: `#[repr(C)]` over byte arrays, each exactly its Borsh encoding, with Anchor
//! discriminators (cert-registry's `AccountLayout`).

mod config;
mod eid_commitment;
mod nullifier;

pub use config::{purpose_field, purpose_number, EidConfig, DEFAULT_PURPOSES, PURPOSE_PLANS};
pub use eid_commitment::EidCommitment;
pub use nullifier::Nullifier;
pub use openrsp_framework::layout::{AccountLayout, Groth16VerifyingKeyBytes};
