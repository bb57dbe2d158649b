//! Groth16 verification of a one-public-input proof on the alt_bn128 syscalls (groth16-solana).
//! Every OpenRSP circuit has exactly one public input, the Poseidon hash of its statement, which
//! the program recomputes; so one verifier and one key layout serve them all.

use crate::{errors::FrameworkError, layout::Groth16VerifyingKeyBytes};
use groth16_solana::groth16::{Groth16Verifier, Groth16Verifyingkey};

/// Verifies a proof (`proof_a` already negated, as groth16-solana expects) of `public_input`
/// (a big-endian field element) against `key`.
pub fn verify_proof(
    key: &Groth16VerifyingKeyBytes,
    proof_a: &[u8; 64],
    proof_b: &[u8; 128],
    proof_c: &[u8; 64],
    public_input: [u8; 32],
) -> Result<(), FrameworkError> {
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
        .map_err(|_| FrameworkError::InvalidProof)
}

/// BN254 base field modulus q, big-endian.
pub const FQ_MODULUS_BE: [u8; 32] = [
    0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d,
    0x97, 0x81, 0x6a, 0x91, 0x68, 0x71, 0xca, 0x8d, 0x3c, 0x20, 0x8c, 0x16, 0xd8, 0x7c, 0xfd, 0x47,
];

/// The generator of G2 in the syscalls' encoding (`x.c1 || x.c0 || y.c1 || y.c0`, big-endian):
/// snarkjs's γ, and its δ before any phase-2 contribution.
pub const G2_GENERATOR_BE: [u8; 128] = [
    0x19, 0x8e, 0x93, 0x93, 0x92, 0x0d, 0x48, 0x3a, 0x72, 0x60, 0xbf, 0xb7, 0x31, 0xfb, 0x5d, 0x25,
    0xf1, 0xaa, 0x49, 0x33, 0x35, 0xa9, 0xe7, 0x12, 0x97, 0xe4, 0x85, 0xb7, 0xae, 0xf3, 0x12, 0xc2,
    0x18, 0x00, 0xde, 0xef, 0x12, 0x1f, 0x1e, 0x76, 0x42, 0x6a, 0x00, 0x66, 0x5e, 0x5c, 0x44, 0x79,
    0x67, 0x43, 0x22, 0xd4, 0xf7, 0x5e, 0xda, 0xdd, 0x46, 0xde, 0xbd, 0x5c, 0xd9, 0x92, 0xf6, 0xed,
    0x09, 0x06, 0x89, 0xd0, 0x58, 0x5f, 0xf0, 0x75, 0xec, 0x9e, 0x99, 0xad, 0x69, 0x0c, 0x33, 0x95,
    0xbc, 0x4b, 0x31, 0x33, 0x70, 0xb3, 0x8e, 0xf3, 0x55, 0xac, 0xda, 0xdc, 0xd1, 0x22, 0x97, 0x5b,
    0x12, 0xc8, 0x5e, 0xa5, 0xdb, 0x8c, 0x6d, 0xeb, 0x4a, 0xab, 0x71, 0x80, 0x8d, 0xcb, 0x40, 0x8f,
    0xe3, 0xd1, 0xe7, 0x69, 0x0c, 0x43, 0xd3, 0x7b, 0x4c, 0xe6, 0xcc, 0x01, 0x66, 0xfa, 0x7d, 0xaa,
];

/// `q - y` for a big-endian base-field element `y` (0 stays 0).
fn fq_neg_be(y: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    if y.iter().all(|b| *b == 0) {
        return out;
    }
    let mut borrow = 0u16;
    for i in (0..32).rev() {
        let minuend = FQ_MODULUS_BE[i] as u16;
        let subtrahend = y.get(i).copied().unwrap_or(0) as u16 + borrow;
        let (digit, next) = if minuend >= subtrahend {
            (minuend - subtrahend, 0)
        } else {
            (minuend + 256 - subtrahend, 1)
        };
        out[i] = digit as u8;
        borrow = next;
    }
    out
}

/// `-P` for a G2 point in the syscalls' encoding: the same x, both components of y negated.
pub fn g2_neg_be(p: &[u8; 128]) -> [u8; 128] {
    let mut out = *p;
    out[64..96].copy_from_slice(&fq_neg_be(&p[64..96]));
    out[96..].copy_from_slice(&fq_neg_be(&p[96..]));
    out
}

/// Refuses a verifying key that would make the registry's word worthless or its verifier unusable.
///
/// Forgeable keys (`UnsafeVerifyingKey`): the verifier checks
/// `e(A, B) = e(α, β) e(X, γ) e(C, δ)` with `X` the public input's combination of the IC points;
/// when two of `β, γ, δ` are equal or opposite, or `δ = ±` the G2 generator (a snarkjs setup with
/// no phase-2 contribution has `γ = δ =` the generator), a prover who knows no trapdoor still
/// finds `A, B, C` for any input (for example `δ = γ`: `A = α, B = β, C = -X`). These are the
/// relations between the G2 points that can be seen in the key; a key whose setup randomness was
/// kept is forgeable in ways no check can see (README, "Zero-knowledge keys: the trust model").
///
/// Unusable keys (`InvalidVerifyingKey`): a point at infinity (all zero bytes), which the
/// verifier's equation ignores; a point off its curve or, in G2, outside the prime-order
/// subgroup. The last check is the alt_bn128 pairing syscall itself: it deserialises every point
/// of its input with full validation (on the curve; G2 in its subgroup) and fails otherwise, so
/// one call over `(α, β), (IC0, γ), (IC1, δ)` checks the six points; its result is not used.
pub fn check_verifying_key(key: &Groth16VerifyingKeyBytes) -> Result<(), FrameworkError> {
    let g2 = [key.beta_g2, key.gamma_g2, key.delta_g2];
    let related = |a: &[u8; 128], b: &[u8; 128]| *a == *b || *a == g2_neg_be(b);
    if related(&g2[0], &g2[1])
        || related(&g2[0], &g2[2])
        || related(&g2[1], &g2[2])
        || related(&key.delta_g2, &G2_GENERATOR_BE)
    {
        return Err(FrameworkError::UnsafeVerifyingKey);
    }
    let g1_zero = [key.alpha_g1, key.ic[0], key.ic[1]].contains(&[0u8; 64]);
    let g2_zero = g2.contains(&[0u8; 128]);
    if g1_zero || g2_zero {
        return Err(FrameworkError::InvalidVerifyingKey);
    }
    let mut input = [0u8; 3 * 192];
    for (slot, (g1, g2)) in input.as_chunks_mut::<192>().0.iter_mut().zip([
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
        Err(FrameworkError::InvalidVerifyingKey)
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
