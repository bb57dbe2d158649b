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

/// Refuses a verifying key that would make the registry's word worthless or its verifier unusable:
/// - `γ = δ`: a Groth16 setup without a phase-2 contribution (as a snarkjs key straight after
///   `groth16 setup`, where both are the G2 generator), with which anyone forges any proof;
/// - a point at infinity (all zero bytes), which the verifier's equation ignores;
/// - a point off its curve or, in G2, outside the prime-order subgroup.
///
/// The last check is the alt_bn128 pairing syscall itself: it deserialises every point of its
/// input with full validation (on the curve; G2 in its subgroup) and fails otherwise, so one call
/// over `(α, β), (IC0, γ), (IC1, δ)` checks the six points; its result is not used.
pub fn check_verifying_key(key: &Groth16VerifyingKeyBytes) -> Result<(), RegistryError> {
    if key.gamma_g2 == key.delta_g2 {
        return Err(RegistryError::UnsafeVerifyingKey);
    }
    let g1_zero = [key.alpha_g1, key.ic[0], key.ic[1]]
        .iter()
        .any(|p| *p == [0u8; 64]);
    let g2_zero = [key.beta_g2, key.gamma_g2, key.delta_g2]
        .iter()
        .any(|p| *p == [0u8; 128]);
    if g1_zero || g2_zero {
        return Err(RegistryError::InvalidVerifyingKey);
    }
    let mut input = [0u8; 3 * 192];
    for (slot, (g1, g2)) in input.chunks_exact_mut(192).zip([
        (&key.alpha_g1, &key.beta_g2),
        (&key.ic[0], &key.gamma_g2),
        (&key.ic[1], &key.delta_g2),
    ]) {
        slot[..64].copy_from_slice(g1);
        slot[64..].copy_from_slice(g2);
    }
    if pairing_accepts(&input) {
        Ok(())
    } else {
        Err(RegistryError::InvalidVerifyingKey)
    }
}

/// Whether the alt_bn128 pairing (big-endian encoding) accepts `input` as valid points.
#[cfg(target_os = "solana")]
fn pairing_accepts(input: &[u8]) -> bool {
    const ALT_BN128_PAIRING_BE: u64 = 3;
    let mut result = [0u8; 32];
    // SAFETY: `input` is valid for its length; `result` holds the 32 bytes the syscall writes.
    let rc = unsafe {
        solana_define_syscall::definitions::sol_alt_bn128_group_op(
            ALT_BN128_PAIRING_BE,
            input.as_ptr(),
            input.len() as u64,
            result.as_mut_ptr(),
        )
    };
    rc == 0
}

/// Whether the alt_bn128 pairing (big-endian encoding) accepts `input` as valid points: the
/// runtime's own implementation, off-chain.
#[cfg(not(target_os = "solana"))]
fn pairing_accepts(input: &[u8]) -> bool {
    solana_bn254::prelude::alt_bn128_pairing_be(input).is_ok()
}
