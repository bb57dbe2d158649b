//! Groth16 verification of a one-public-input proof on the alt_bn128 syscalls (groth16-solana).
//! Every OpenRSP circuit has exactly one public input, the Poseidon hash of its statement, which
//! the program recomputes; so one verifier and one key layout serve them all.

use crate::{errors::RegistryError, state::Groth16VerifyingKeyBytes};
use groth16_solana::groth16::{Groth16Verifier, Groth16Verifyingkey};

/// Verifies a proof (`proof_a` already negated, as groth16-solana expects) of `public_input`
/// (a big-endian field element) against `key`.
pub fn verify_proof(
    key: &Groth16VerifyingKeyBytes,
    proof_a: &[u8; 64],
    proof_b: &[u8; 128],
    proof_c: &[u8; 64],
    public_input: [u8; 32],
) -> Result<(), RegistryError> {
    let public_inputs = [public_input];
    let key = Groth16Verifyingkey {
        nr_pubinputs: 1,
        vk_alpha_g1: key.alpha_g1,
        vk_beta_g2: key.beta_g2,
        vk_gamma_g2: key.gamma_g2,
        vk_delta_g2: key.delta_g2,
        vk_ic: &key.ic,
        vk_commitment: None,
    };
    Groth16Verifier::new(proof_a, proof_b, proof_c, &public_inputs, &key)
        .and_then(|mut verifier| verifier.verify())
        .map_err(|_| RegistryError::InvalidProof)
}
