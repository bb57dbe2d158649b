//! Client side of the eid-commitment program: PDAs, builders, decoders, the EID proof, and
//! [`EidCommitments`], the high-level calls the CLI and the demo use.

pub mod accounts;
mod client;
pub mod instructions;
pub mod pda;
pub mod proof;

pub use accounts::{EidCommitmentView, EidConfigView};
pub use client::EidCommitments;
pub use proof::{
    eid_circuit_keys, prove_eid, purpose_from_label, random_salt, EidProofFile, EidProofRequest,
    EidSecret,
};
