//! # openrsp-circuits
//!
//! Groth16 circuits over BN254 (arkworks 0.6) for OpenRSP, and what it takes to use them: a
//! circom-compatible Poseidon gadget, key generation with an on-disk cache, and proving.
//!
//! Every circuit the registry accepts has one public input: the Poseidon hash of its statement
//! (see `cert_registry::statement`). Circuits differ in what they prove about the private witness
//! behind that statement:
//!
//! - [`cert_p256`]: a GSMA RSP certificate signed by a given CI with ECDSA P-256, built from
//!   [`sha256`] (variable length), [`p256`] (fixed-key ECDSA), [`x509`] (the DER walk, with its
//!   soundness argument), [`commitment`] and [`poseidon`];
//! - [`test_statement`]: knowledge of a statement only, for development.
//!
//! [`gadgets`] holds the small pieces (bits, range checks, zero tests, reads at variable offsets),
//! [`keys`] key generation, the on-disk cache and proving.

pub mod cert_p256;
pub mod commitment;
pub mod eid;
pub mod euicc_chain;
pub mod gadgets;
pub mod keys;
pub mod merkle;
pub mod p256;
pub mod p256_field;
pub mod p256_var;
pub mod poseidon;
pub mod sha256;
pub mod signed1;
pub mod tbs_message;
pub mod test_statement;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod x509;

pub use ark_bn254::{Bn254, Fr};

/// Errors of key generation and proving.
#[derive(Debug, thiserror::Error)]
pub enum CircuitError {
    #[error("constraint synthesis failed: {0}")]
    Synthesis(#[from] ark_relations::gr1cs::SynthesisError),
    #[error("the witness does not satisfy the circuit: {0}")]
    Unsatisfied(String),
    #[error("key cache {path}: {reason}")]
    Cache { path: String, reason: String },
    #[error("the certificate is outside what the circuit proves: {0}")]
    Unsupported(String),
    #[error("poseidon: {0}")]
    Poseidon(String),
}
