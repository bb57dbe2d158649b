//! A TBSCertificate of variable length as the certificate circuits see it: the SHA-256-padded
//! message byte by byte (each byte 8 proven bits), its length, the "before len" mask, and the
//! digest of the TBS alone.
//!
//! One fixed circuit takes every length from [`MIN_TBS_LEN`] to `64·max_blocks - 9`: the padding
//! is constrained against the length (a non-increasing bit vector `below[i] = [i < len]`, 0x80 at
//! `len`, zeros, the bit length closing the last block), every block is compressed, and the state
//! after block `⌊(len + 8) / 64⌋` is selected.

use crate::{
    gadgets::{bit, constant, from_bits_le, linear, named, range_check},
    sha256, Fr,
};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// Shortest TBS the certificate circuits take: a `30 81 LL` header with `LL >= 0x80` (DER's
/// minimal form), 131 bytes. A P-256 certificate with the GSMA extensions is longer (about 210
/// bytes at the least), so every TBS the DER walk accepts is at least this long.
pub const MIN_TBS_LEN: usize = 131;

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

/// What the prover supplies for a TBS message: the padded message, the length, the `below`
/// bits and the last block. The honest values follow from the TBS
/// ([`TbsAdvice::of`]); tests forge them one at a time.
#[derive(Clone, Debug)]
pub(crate) struct TbsAdvice {
    /// `64·max_blocks` bytes: the TBS, SHA-256 padding, zeros.
    pub padded: Vec<u8>,
    pub len: usize,
    pub below: Vec<bool>,
    pub last_block: usize,
}

impl TbsAdvice {
    pub(crate) fn of(tbs: &[u8], max_blocks: usize) -> Self {
        let mut padded = sha256::pad(tbs);
        padded.resize(max_blocks * 64, 0);
        TbsAdvice {
            below: (0..padded.len()).map(|i| i < tbs.len()).collect(),
            padded,
            len: tbs.len(),
            last_block: (tbs.len() + 8) / 64,
        }
    }
}

/// Allocates the TBS `tbs` (`None` during key generation) in a message of `max_blocks` blocks.
pub fn tbs_message(
    cs: &ConstraintSystemRef<Fr>,
    tbs: Option<&[u8]>,
    max_blocks: usize,
) -> Result<TbsMessage, SynthesisError> {
    let advice = tbs.map(|t| TbsAdvice::of(t, max_blocks));
    tbs_message_from(cs, advice.as_ref(), max_blocks)
}

/// Any DER message of variable length from `min_len` to `64·max_blocks - 9` bytes (`None` during
/// key generation): the same padding, length and digest proofs as a TBS, in the caller's
/// namespace.
pub fn signed_message(
    cs: &ConstraintSystemRef<Fr>,
    message: Option<&[u8]>,
    max_blocks: usize,
    min_len: usize,
) -> Result<TbsMessage, SynthesisError> {
    let advice = message.map(|m| TbsAdvice::of(m, max_blocks));
    message_from(cs, advice.as_ref(), max_blocks, min_len)
}

/// [`tbs_message`] from its advice.
pub(crate) fn tbs_message_from(
    cs: &ConstraintSystemRef<Fr>,
    advice: Option<&TbsAdvice>,
    max_blocks: usize,
) -> Result<TbsMessage, SynthesisError> {
    let _tbs = named!("tbs_message");
    message_from(cs, advice, max_blocks, MIN_TBS_LEN)
}

pub(crate) fn message_from(
    cs: &ConstraintSystemRef<Fr>,
    advice: Option<&TbsAdvice>,
    max_blocks: usize,
    min_len: usize,
) -> Result<TbsMessage, SynthesisError> {
    let cs = cs.clone();
    // The first block that can be the last one (a message of `min_len` bytes and its padding).
    let first_last_block = (min_len + 8) / 64;
    let array_len = max_blocks * 64;
    // The padded message, byte by byte, each as 8 proven bits.
    let padded = advice.map(|a| &a.padded);
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
        advice
            .map(|a| Fr::from(a.len as u64))
            .ok_or(SynthesisError::AssignmentMissing)
    })?;

    // `below[i] = 1` exactly for i < len: bits, non-increasing, summing to len.
    let below: Vec<FpVar<Fr>> = (0..array_len)
        .map(|i| {
            bit(&cs, || {
                advice
                    .map(|a| a.below[i])
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect::<Result<_, _>>()?;
    {
        let _ns = named!("below_non_increasing");
        for i in 1..array_len {
            (&below[i] * (constant(1) - &below[i - 1])).enforce_equal(&constant(0))?;
        }
    }
    {
        let _ns = named!("below_sums_to_len");
        linear(below.iter().map(|b| (Fr::from(1u64), b))).enforce_equal(&len)?;
    }
    // The last block: one-hot over the blocks that can be last; 64·B <= len + 8 < 64·B + 64.
    let last: Vec<FpVar<Fr>> = (0..max_blocks)
        .map(|k| {
            if k < first_last_block {
                return Ok(constant(0));
            }
            bit(&cs, || {
                advice
                    .map(|a| a.last_block == k)
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect::<Result<_, _>>()?;
    let (mut one_hot, mut last_index) = (constant(0), constant(0));
    for (k, l) in last.iter().enumerate() {
        one_hot += l;
        last_index += l * Fr::from(k as u64);
    }
    {
        let _ns = named!("last_block");
        one_hot.enforce_equal(&constant(1))?;
        range_check(
            &cs,
            &(&len + Fr::from(8u64) - last_index * Fr::from(64u64)),
            6,
        )?;
    }
    {
        let _ns = named!("min_len");
        range_check(&cs, &(&len - Fr::from(min_len as u64)), 10)?;
    }
    // Padding: byte len is 0x80; after it zeros, except the bit length closing the last block.
    let padding = named!("padding");
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
    drop(padding);
    for (k, l) in last.iter().enumerate() {
        if l.is_constant() {
            continue;
        }
        let base = 64 * k;
        let high: FpVar<Fr> = bytes[base + 56..base + 62].iter().sum();
        {
            let _ns = named!("length_high_zero");
            (l * high).enforce_equal(&constant(0))?;
        }
        let bit_length = &bytes[base + 62] * Fr::from(256u64) + &bytes[base + 63];
        let _ns = named!("bit_length");
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
        state = {
            let _ns = named!("sha256");
            sha256::compress(&cs, &state, &words)?
        };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_fails_at, check_with, Unsatisfied};
    use sha2::{Digest, Sha256};
    use std::cell::Cell;

    /// A TBS-like message of `len` bytes, and room for one block past its last.
    fn message(len: usize) -> (Vec<u8>, usize) {
        let tbs: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
        (tbs, (len + 8) / 64 + 2)
    }

    /// Synthesises the message from `advice`: the outcome and the digest the circuit selects.
    fn run(advice: &TbsAdvice, max_blocks: usize) -> (Result<(), Unsatisfied>, [u8; 32]) {
        let digest = Cell::new([0u8; 32]);
        let result = check_with(|cs| {
            let m = tbs_message_from(&cs, Some(advice), max_blocks)?;
            let mut d = [0u8; 32];
            for (i, b) in m.digest_bits.iter().enumerate() {
                if b.value()? == Fr::from(1u64) {
                    d[31 - i / 8] |= 1 << (i % 8);
                }
            }
            digest.set(d);
            Ok(())
        });
        (result, digest.get())
    }

    #[test]
    fn the_digest_of_the_tbs_at_the_block_boundaries() {
        // 55 and 56 bytes into a block: the padding just fits, or takes another block.
        let block = 64 * ((MIN_TBS_LEN + 8) / 64 + 1);
        for len in [MIN_TBS_LEN, block + 55, block + 56] {
            let (tbs, blocks) = message(len);
            let (result, digest) = run(&TbsAdvice::of(&tbs, blocks), blocks);
            assert_eq!(result, Ok(()), "{len}");
            assert_eq!(digest, <[u8; 32]>::from(Sha256::digest(&tbs)), "{len}");
        }
    }

    #[test]
    fn forged_padding_and_lengths_are_refused() {
        let len = MIN_TBS_LEN + 5;
        let (tbs, blocks) = message(len);
        let honest = TbsAdvice::of(&tbs, blocks);
        let last = honest.last_block;
        let forge = |f: &dyn Fn(&mut TbsAdvice)| {
            let mut a = honest.clone();
            f(&mut a);
            run(&a, blocks).0
        };
        // A length that the `below` bits do not add up to.
        assert_fails_at(forge(&|a| a.len += 1), "tbs_message/below_sums_to_len");
        // `below` with a hole (same count): not the indicator of a length.
        assert_fails_at(
            forge(&|a| {
                a.below[len - 1] = false;
                a.below[len] = true;
            }),
            "tbs_message/below_non_increasing",
        );
        // A length (and `below`) one past the padding's: the 0x80 is not at len.
        assert_fails_at(
            forge(&|a| {
                a.len += 1;
                a.below[len] = true;
            }),
            "tbs_message/padding",
        );
        // 0x80 one byte late (the byte at len zero).
        assert_fails_at(
            forge(&|a| {
                a.padded[len] = 0;
                a.padded[len + 1] = 0x80;
            }),
            "tbs_message/padding",
        );
        // A nonzero byte between the 0x80 and the length field, and one past the last block.
        assert_fails_at(forge(&|a| a.padded[len + 1] = 1), "tbs_message/padding");
        assert_fails_at(
            forge(&|a| a.padded[64 * (last + 1) + 3] = 1),
            "tbs_message/padding",
        );
        // The length field: a high byte set, or another bit length.
        assert_fails_at(
            forge(&|a| a.padded[64 * last + 60] = 1),
            "tbs_message/length_high_zero",
        );
        assert_fails_at(
            forge(&|a| a.padded[64 * last + 63] ^= 8),
            "tbs_message/bit_length",
        );
        // The digest of another block than the one the length ends in.
        assert_fails_at(
            forge(&|a| a.last_block = last + 1),
            "tbs_message/last_block",
        );
        assert_fails_at(
            forge(&|a| a.last_block = last - 1),
            "tbs_message/last_block",
        );
    }

    #[test]
    fn a_message_shorter_than_the_minimum_is_refused() {
        let (tbs, blocks) = message(MIN_TBS_LEN - 1);
        let (result, _) = run(&TbsAdvice::of(&tbs, blocks), blocks);
        assert_fails_at(result, "tbs_message/min_len");
    }
}
