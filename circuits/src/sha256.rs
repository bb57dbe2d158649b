//! SHA-256 (FIPS 180-4) compression in R1CS over the BN254 scalar field, at the bit level.
//!
//! arkworks' `Sha256Gadget` costs about 41k constraints per block and keeps its compression
//! function private, so a variable-length hash (one fixed circuit for certificates of any length
//! up to a maximum) cannot be built on it. This gadget exposes the compression function and
//! spends constraints only where a multiplication is unavoidable: each bit is a field variable
//! constrained to {0, 1}; XOR of two bits is `a + b - 2ab` (one product), XOR of three is two,
//! `Ch(e, f, g) = g + e(f - g)` is one, `Maj(a, b, c) = ab + c(a + b - 2ab)` is two; rotations and
//! shifts are free re-indexing; additions modulo 2^32 are one linear equation plus the result's
//! bits and a few carry bits. About 27k constraints per block.
//!
//! Words are little-endian bit vectors (`bits[0]` is the least significant bit).

use crate::{
    gadgets::{bit, from_bits_le, linear},
    Fr,
};
use ark_ff::PrimeField;
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// The initial hash value H(0).
pub const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// A 32-bit word as 32 bits, each a field value in {0, 1} (a variable, a linear combination of
/// constrained values, or a constant).
#[derive(Clone, Debug)]
pub struct Word(pub [FpVar<Fr>; 32]);

impl Word {
    pub fn constant(v: u32) -> Word {
        Word(core::array::from_fn(|i| {
            FpVar::Constant(Fr::from((v >> i) & 1))
        }))
    }

    /// A word from four big-endian bytes.
    pub fn from_be_bytes(bytes: &[UInt8<Fr>]) -> Result<Word, SynthesisError> {
        let mut bits = Vec::with_capacity(32);
        for byte in bytes.iter().rev() {
            bits.extend(byte.to_bits_le()?.into_iter().map(FpVar::from));
        }
        bits.try_into()
            .map(Word)
            .map_err(|_| SynthesisError::Unsatisfiable)
    }

    /// `Σ bits[i]·2^i`: free.
    pub fn packed(&self) -> FpVar<Fr> {
        from_bits_le(&self.0)
    }

    fn rotr(&self, n: usize) -> Word {
        Word(core::array::from_fn(|i| self.0[(i + n) % 32].clone()))
    }

    fn shr(&self, n: usize) -> Word {
        Word(core::array::from_fn(|i| {
            if i + n < 32 {
                self.0[i + n].clone()
            } else {
                FpVar::Constant(Fr::from(0u64))
            }
        }))
    }

    /// The word's value (during proving).
    pub fn value(&self) -> Result<u32, SynthesisError> {
        let mut v = 0u32;
        for (i, b) in self.0.iter().enumerate() {
            if b.value()? == Fr::from(1u64) {
                v |= 1 << i;
            }
        }
        Ok(v)
    }
}

fn xor2(a: &FpVar<Fr>, b: &FpVar<Fr>) -> FpVar<Fr> {
    let ab = a * b;
    a + b - ab.double().unwrap_or_else(|_| &ab + &ab)
}

fn xor3(a: &Word, b: &Word, c: &Word) -> Word {
    Word(core::array::from_fn(|i| {
        xor2(&xor2(&a.0[i], &b.0[i]), &c.0[i])
    }))
}

fn ch(e: &Word, f: &Word, g: &Word) -> Word {
    Word(core::array::from_fn(|i| {
        &g.0[i] + &e.0[i] * (&f.0[i] - &g.0[i])
    }))
}

fn maj(a: &Word, b: &Word, c: &Word) -> Word {
    Word(core::array::from_fn(|i| {
        let ab = &a.0[i] * &b.0[i];
        let a_xor_b = &a.0[i] + &b.0[i] - (&ab + &ab);
        &ab + &c.0[i] * a_xor_b
    }))
}

/// `Σ terms mod 2^32` as a fresh word: 32 result bits, `⌈log2(terms)⌉` carry bits, one equation.
fn add_mod(cs: &ConstraintSystemRef<Fr>, terms: &[&Word]) -> Result<Word, SynthesisError> {
    let mut pow = [Fr::from(1u64); 32];
    for i in 1..32 {
        pow[i] = pow[i - 1] + pow[i - 1];
    }
    let sum = linear(
        terms
            .iter()
            .flat_map(|t| t.0.iter().zip(pow.iter()).map(|(b, c)| (*c, b))),
    );
    let total = || -> Result<u64, SynthesisError> {
        let v = sum.value()?.into_bigint();
        Ok(v.as_ref()[0])
    };
    let carry_bits = (usize::BITS - (terms.len().max(2) - 1).leading_zeros()) as usize;
    let mut result = Vec::with_capacity(32);
    for i in 0..32 {
        result.push(bit(cs, || total().map(|t| (t >> i) & 1 == 1))?);
    }
    let result = Word(
        result
            .try_into()
            .map_err(|_| SynthesisError::Unsatisfiable)?,
    );
    let mut all_bits = result.0.to_vec();
    for j in 0..carry_bits {
        all_bits.push(bit(cs, || total().map(|t| (t >> (32 + j)) & 1 == 1))?);
    }
    sum.enforce_equal(&from_bits_le(&all_bits))?;
    Ok(result)
}

/// One SHA-256 compression: `state` updated with a 64-byte block (16 big-endian words).
pub fn compress(
    cs: &ConstraintSystemRef<Fr>,
    state: &[Word; 8],
    block: &[Word; 16],
) -> Result<[Word; 8], SynthesisError> {
    let mut w: Vec<Word> = block.to_vec();
    for t in 16..64 {
        let s0 = xor3(&w[t - 15].rotr(7), &w[t - 15].rotr(18), &w[t - 15].shr(3));
        let s1 = xor3(&w[t - 2].rotr(17), &w[t - 2].rotr(19), &w[t - 2].shr(10));
        let next = add_mod(cs, &[&s1, &w[t - 7], &s0, &w[t - 16]])?;
        w.push(next);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = state.clone();
    for t in 0..64 {
        let s1 = xor3(&e.rotr(6), &e.rotr(11), &e.rotr(25));
        let ch = ch(&e, &f, &g);
        let k = Word::constant(K[t]);
        let s0 = xor3(&a.rotr(2), &a.rotr(13), &a.rotr(22));
        let maj = maj(&a, &b, &c);
        let new_a = add_mod(cs, &[&h, &s1, &ch, &k, &w[t], &s0, &maj])?;
        let new_e = add_mod(cs, &[&d, &h, &s1, &ch, &k, &w[t]])?;
        h = g;
        g = f;
        f = e;
        e = new_e;
        d = c;
        c = b;
        b = a;
        a = new_a;
    }
    let out = [a, b, c, d, e, f, g, h];
    let mut next = Vec::with_capacity(8);
    for (s, o) in state.iter().zip(out.iter()) {
        next.push(add_mod(cs, &[s, o])?);
    }
    next.try_into().map_err(|_| SynthesisError::Unsatisfiable)
}

/// The initial state as constants.
pub fn initial_state() -> [Word; 8] {
    IV.map(Word::constant)
}

/// The 16 words of a 64-byte block.
pub fn block_words(bytes: &[UInt8<Fr>]) -> Result<[Word; 16], SynthesisError> {
    if bytes.len() != 64 {
        return Err(SynthesisError::Unsatisfiable);
    }
    let words = bytes
        .chunks(4)
        .map(Word::from_be_bytes)
        .collect::<Result<Vec<_>, _>>()?;
    words.try_into().map_err(|_| SynthesisError::Unsatisfiable)
}

/// SHA-256 padding (natively): the message, 0x80, zeros, and the bit length, to a multiple of 64.
pub fn pad(message: &[u8]) -> Vec<u8> {
    let mut out = message.to_vec();
    out.push(0x80);
    while out.len() % 64 != 56 {
        out.push(0);
    }
    out.extend_from_slice(&((message.len() as u64) * 8).to_be_bytes());
    out
}

/// The digest bytes of a state.
pub fn digest_bytes(state: &[Word; 8]) -> Result<[u8; 32], SynthesisError> {
    let mut out = [0u8; 32];
    for (i, w) in state.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&w.value()?.to_be_bytes());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_fails_at, check_with, synthesize_with};
    use sha2::{Digest, Sha256};
    use std::cell::Cell;

    /// SHA-256 of `message` in the circuit (asserted satisfied): the digest and the constraints.
    fn hash_in_circuit(message: &[u8]) -> ([u8; 32], usize) {
        let digest = Cell::new([0u8; 32]);
        let synthesis = synthesize_with(|cs| {
            let bytes = UInt8::new_witness_vec(cs.clone(), &pad(message))?;
            let mut state = initial_state();
            for block in bytes.chunks(64) {
                state = compress(&cs, &state, &block_words(block)?)?;
            }
            digest.set(digest_bytes(&state)?);
            Ok(())
        });
        assert_eq!(synthesis.result, Ok(()));
        (digest.get(), synthesis.constraints)
    }

    #[test]
    fn matches_sha2_on_fips_vectors_and_a_real_tbs() {
        for message in [
            &b""[..],
            b"abc",
            b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        ] {
            let (digest, _) = hash_in_circuit(message);
            assert_eq!(digest, <[u8; 32]>::from(Sha256::digest(message)));
        }
        let der = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/vectors/sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"),
        )
        .unwrap();
        let tbs = &der[4..4 + 4 + ((der[6] as usize) << 8 | der[7] as usize)];
        assert_eq!(tbs.len(), 483);
        let (digest, constraints) = hash_in_circuit(tbs);
        assert_eq!(digest, <[u8; 32]>::from(Sha256::digest(tbs)));
        let per_block = constraints / 8;
        // Byte decomposition included; the gadget's point is to stay well under arkworks' ~41k.
        assert!(per_block < 30_000, "{per_block} constraints per block");
        eprintln!("sha256: {constraints} constraints for 8 blocks ({per_block} per block)");
    }

    #[test]
    fn addition_wraps_modulo_2_32_and_bits_are_boolean() {
        // 0xffffffff + 1 wraps to 0 with the carry absorbed by a carry bit.
        let wrapped = check_with(|cs| {
            let x = (0..32)
                .map(|i| {
                    FpVar::new_witness(cs.clone(), || {
                        Ok(Fr::from(((0xffff_ffffu32 >> i) & 1) as u64))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let x = Word(x.try_into().unwrap());
            let sum = add_mod(&cs, &[&x, &Word::constant(1)])?;
            assert_eq!(sum.value()?, 0);
            Ok(())
        });
        assert_eq!(wrapped, Ok(()));
        // A bit of value 2 violates booleanity (the constraint `bit` enforces).
        let two = check_with(|cs| {
            let two = FpVar::new_witness(cs.clone(), || Ok(Fr::from(2u64)))?;
            let _ns = crate::gadgets::named!("bit");
            two.mul_equals(&two, &two)
        });
        assert_fails_at(two, "bit");
    }
}
