//! A TBSCertificate of variable length as the certificate circuits see it: the SHA-256-padded
//! message byte by byte (each byte 8 proven bits), its length, the "before len" mask, and the
//! digest of the TBS alone.
//!
//! One fixed circuit takes every length from [`MIN_TBS_LEN`] to `64·max_blocks - 9`: the padding
//! is constrained against the length (a non-increasing bit vector `below[i] = [i < len]`, 0x80 at
//! `len`, zeros, the bit length closing the last block), every block is compressed, and the state
//! after block `⌊(len + 8) / 64⌋` is selected.

use crate::{
    gadgets::{bit, constant, from_bits_le, linear, range_check},
    sha256, Fr,
};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// Shortest TBS the certificate circuits take (a P-256 certificate with the GSMA extensions is
/// longer).
pub const MIN_TBS_LEN: usize = 256;
/// The first block that can be the last one (a TBS of `MIN_TBS_LEN` bytes fills 5 blocks).
const FIRST_LAST_BLOCK: usize = (MIN_TBS_LEN + 8) / 64;

/// The variables of a TBS message.
pub struct TbsMessage {
    /// The padded message's bytes (`64·max_blocks`), each proven to be a byte.
    pub bytes: Vec<FpVar<Fr>>,
    /// `below[i] = 1` exactly for `i < len`.
    pub below: Vec<FpVar<Fr>>,
    pub len: FpVar<Fr>,
    /// SHA-256 of the TBS as a 256-bit integer, least significant bit first.
    pub digest_bits: Vec<FpVar<Fr>>,
}

/// Allocates the TBS `tbs` (`None` during key generation) in a message of `max_blocks` blocks.
pub fn tbs_message(
    cs: &ConstraintSystemRef<Fr>,
    tbs: Option<&[u8]>,
    max_blocks: usize,
) -> Result<TbsMessage, SynthesisError> {
    let cs = cs.clone();
    let array_len = max_blocks * 64;
    // The padded message, byte by byte, each as 8 proven bits.
    let padded = tbs.map(|t| {
        let mut p = sha256::pad(t);
        p.resize(array_len, 0);
        p
    });
    let mut bits: Vec<[FpVar<Fr>; 8]> = Vec::with_capacity(array_len);
    let mut bytes: Vec<FpVar<Fr>> = Vec::with_capacity(array_len);
    for i in 0..array_len {
        let byte_bits: [FpVar<Fr>; 8] = (0..8)
            .map(|j| {
                bit(&cs, || {
                    padded
                        .as_ref()
                        .map(|p| p[i] >> j & 1 == 1)
                        .ok_or(SynthesisError::AssignmentMissing)
                })
            })
            .collect::<Result<Vec<_>, _>>()?
            .try_into()
            .map_err(|_| SynthesisError::Unsatisfiable)?;
        bytes.push(from_bits_le(&byte_bits));
        bits.push(byte_bits);
    }
    let len = FpVar::new_witness(cs.clone(), || {
        tbs.map(|t| Fr::from(t.len() as u64))
            .ok_or(SynthesisError::AssignmentMissing)
    })?;

    // `below[i] = 1` exactly for i < len: bits, non-increasing, summing to len.
    let below: Vec<FpVar<Fr>> = (0..array_len)
        .map(|i| {
            bit(&cs, || {
                tbs.map(|t| i < t.len())
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect::<Result<_, _>>()?;
    for i in 1..array_len {
        (&below[i] * (constant(1) - &below[i - 1])).enforce_equal(&constant(0))?;
    }
    linear(below.iter().map(|b| (Fr::from(1u64), b))).enforce_equal(&len)?;
    // The last block: one-hot over the blocks that can be last; 64·B <= len + 8 < 64·B + 64.
    let last: Vec<FpVar<Fr>> = (0..max_blocks)
        .map(|k| {
            if k < FIRST_LAST_BLOCK {
                return Ok(constant(0));
            }
            bit(&cs, || {
                tbs.map(|t| (t.len() + 8) / 64 == k)
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect::<Result<_, _>>()?;
    let (mut one_hot, mut last_index) = (constant(0), constant(0));
    for (k, l) in last.iter().enumerate() {
        one_hot += l;
        last_index += l * Fr::from(k as u64);
    }
    one_hot.enforce_equal(&constant(1))?;
    range_check(
        &cs,
        &(&len + Fr::from(8u64) - last_index * Fr::from(64u64)),
        6,
    )?;
    range_check(&cs, &(&len - Fr::from(MIN_TBS_LEN as u64)), 10)?;
    // Padding: byte len is 0x80; after it zeros, except the bit length closing the last block.
    for i in 0..array_len {
        let at_len = if i == 0 {
            constant(1) - &below[0]
        } else {
            &below[i - 1] - &below[i]
        };
        let in_length_field = if i % 64 >= 56 {
            last[i / 64].clone()
        } else {
            constant(0)
        };
        ((constant(1) - &below[i] - in_length_field) * (&bytes[i] - at_len * Fr::from(0x80u64)))
            .enforce_equal(&constant(0))?;
    }
    for (k, l) in last.iter().enumerate() {
        if l.is_constant() {
            continue;
        }
        let base = 64 * k;
        let high: FpVar<Fr> = bytes[base + 56..base + 62].iter().sum();
        (l * high).enforce_equal(&constant(0))?;
        let bit_length = &bytes[base + 62] * Fr::from(256u64) + &bytes[base + 63];
        (l * (bit_length - &len * Fr::from(8u64))).enforce_equal(&constant(0))?;
    }

    // SHA-256 over every block; the digest is the state after the last one.
    let mut state = sha256::initial_state();
    let mut digest_bits = vec![constant(0); 256];
    for (k, block) in bits.chunks(64).enumerate() {
        let words: Vec<sha256::Word> = block
            .chunks(4)
            .map(|w| {
                // Big-endian word: the last byte holds bits 0..8.
                let mut le = Vec::with_capacity(32);
                for byte in w.iter().rev() {
                    le.extend(byte.iter().cloned());
                }
                sha256::Word(le.try_into().expect("32 bits"))
            })
            .collect();
        let words: [sha256::Word; 16] = words
            .try_into()
            .map_err(|_| SynthesisError::Unsatisfiable)?;
        state = sha256::compress(&cs, &state, &words)?;
        if last[k].is_constant() {
            continue;
        }
        // Digest as an integer, least significant bit first: word 7 holds bits 0..32.
        for (i, d) in digest_bits.iter_mut().enumerate() {
            *d += &last[k] * &state[7 - i / 32].0[i % 32];
        }
    }

    Ok(TbsMessage {
        bytes,
        below,
        len,
        digest_bits,
    })
}
