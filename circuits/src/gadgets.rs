//! Small R1CS building blocks over BN254 shared by the certificate circuits: bits, range checks,
//! zero tests, multiplexers and reading bytes at a position that is itself a variable.
//!
//! Every witness here is allocated from a closure, so key generation (which runs without values)
//! and proving run the same code. Where a value is *advice* (chosen by the prover and then
//! pinned by constraints), the function says which constraints pin it.

use crate::Fr;
use ark_ff::{AdditiveGroup, BigInteger, Field, One, PrimeField, Zero};
use ark_r1cs_std::{
    fields::fp::{AllocatedFp, FpVar},
    prelude::*,
};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// Enters a named constraint namespace (a tracing span of target `"gr1cs"`) until the returned
/// guard drops: `let _ns = named!("r_nonzero");`. A constraint enforced meanwhile carries the
/// path of the namespaces it was enforced in, which the test harness reports when it fails.
/// Without a tracing subscriber (key generation, proving) the span is disabled and the guard
/// empty; namespaces never change the constraint system.
macro_rules! named {
    ($name:literal) => {
        ark_relations::gr1cs::info_span!(target: "gr1cs", $name).entered()
    };
}
pub(crate) use named;

/// A field constant.
pub fn constant(v: u64) -> FpVar<Fr> {
    FpVar::Constant(Fr::from(v))
}

/// The low 64 bits of a field element's value (callers use it on values known to be small).
pub fn low_u64(v: &Fr) -> u64 {
    v.into_bigint().as_ref()[0]
}

/// `Σ coeff·var` as **one** linear combination.
///
/// Adding field variables one `+` at a time makes arkworks record a chain of nested linear
/// combinations, which it later inlines at quadratic cost in time and memory; every sum with more
/// than a handful of terms in these circuits goes through here instead.
pub fn linear<'a>(terms: impl IntoIterator<Item = (Fr, &'a FpVar<Fr>)>) -> FpVar<Fr> {
    let mut offset = Fr::zero();
    let (mut coeffs, mut vars) = (Vec::new(), Vec::new());
    for (c, v) in terms {
        match v {
            FpVar::Constant(k) => offset += c * k,
            FpVar::Var(a) => {
                coeffs.push(c);
                vars.push(a.clone());
            }
        }
    }
    match AllocatedFp::linear_combination(coeffs, &vars) {
        None => FpVar::Constant(offset),
        Some(a) if offset.is_zero() => FpVar::Var(a),
        Some(a) => FpVar::Var(a) + offset,
    }
}

/// `Σ bits[i]·2^i` as one linear combination.
pub fn from_bits_le(bits: &[FpVar<Fr>]) -> FpVar<Fr> {
    let mut coeff = Fr::one();
    linear(bits.iter().map(|b| {
        let c = coeff;
        coeff.double_in_place();
        (c, b)
    }))
}

/// A bit witness constrained to {0, 1}: one constraint.
pub fn bit(
    cs: &ConstraintSystemRef<Fr>,
    value: impl FnOnce() -> Result<bool, SynthesisError>,
) -> Result<FpVar<Fr>, SynthesisError> {
    let b = FpVar::new_witness(cs.clone(), || value().map(|v| Fr::from(v as u64)))?;
    b.mul_equals(&b, &b)?;
    Ok(b)
}

/// The `n` little-endian bits of `x`, constrained so that `x = Σ bits·2^i`: this proves
/// `0 <= x < 2^n` (for `n` well below the field size). `n + 1` constraints.
pub fn to_bits(
    cs: &ConstraintSystemRef<Fr>,
    x: &FpVar<Fr>,
    n: usize,
) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    // Wider, and the sum of bits could wrap around the field: no range would be proven.
    if n >= 250 {
        return Err(SynthesisError::Unsatisfiable);
    }
    if let FpVar::Constant(c) = x {
        let v = c.into_bigint();
        if (n..256).any(|i| v.get_bit(i)) {
            return Err(SynthesisError::Unsatisfiable);
        }
        return Ok((0..n).map(|i| constant(v.get_bit(i) as u64)).collect());
    }
    let bits = (0..n)
        .map(|i| bit(cs, || Ok(x.value()?.into_bigint().get_bit(i))))
        .collect::<Result<Vec<_>, _>>()?;
    from_bits_le(&bits).enforce_equal(x)?;
    Ok(bits)
}

/// Proves `0 <= x < 2^n`.
pub fn range_check(
    cs: &ConstraintSystemRef<Fr>,
    x: &FpVar<Fr>,
    n: usize,
) -> Result<(), SynthesisError> {
    to_bits(cs, x, n).map(|_| ())
}

/// Proves `0 <= x < bound` for `bound <= 2^n`: `x` and `x + 2^n - bound` both fit `n` bits.
pub fn range_check_below(
    cs: &ConstraintSystemRef<Fr>,
    x: &FpVar<Fr>,
    bound: u64,
    n: usize,
) -> Result<(), SynthesisError> {
    debug_assert!(bound <= 1 << n);
    range_check(cs, x, n)?;
    if bound < 1 << n {
        range_check(cs, &(x + Fr::from((1u64 << n) - bound)), n)?;
    }
    Ok(())
}

/// `1` if `x = 0`, else `0`. The inverse of `x` is advice; `x·inv = 1 - z` and `x·z = 0` pin `z`
/// (if `x != 0` the second forces `z = 0`; if `x = 0` the first forces `z = 1`). Two constraints.
pub fn is_zero(cs: &ConstraintSystemRef<Fr>, x: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    if let FpVar::Constant(c) = x {
        return Ok(constant(c.is_zero() as u64));
    }
    let z = FpVar::new_witness(cs.clone(), || Ok(Fr::from(x.value()?.is_zero() as u64)))?;
    let inv = FpVar::new_witness(cs.clone(), || {
        Ok(x.value()?.inverse().unwrap_or_else(Fr::zero))
    })?;
    x.mul_equals(&inv, &(constant(1) - &z))?;
    x.mul_equals(&z, &constant(0))?;
    Ok(z)
}

/// `1` if `x = c`, else `0`.
pub fn is_equal_const(
    cs: &ConstraintSystemRef<Fr>,
    x: &FpVar<Fr>,
    c: u64,
) -> Result<FpVar<Fr>, SynthesisError> {
    is_zero(cs, &(x - Fr::from(c)))
}

/// `cond ? a : b` for a bit `cond`: one constraint unless both sides are constants.
pub fn mux(cond: &FpVar<Fr>, a: &FpVar<Fr>, b: &FpVar<Fr>) -> FpVar<Fr> {
    b + cond * (a - b)
}

/// Enforces `enabled · (x - c) = 0`, or `x = c` when `enabled` is the constant one.
pub fn enforce_const_if(enabled: &FpVar<Fr>, x: &FpVar<Fr>, c: u64) -> Result<(), SynthesisError> {
    (enabled * (x - Fr::from(c))).enforce_equal(&constant(0))
}

/// Big-endian bytes packed into one field element (at most 31 bytes): free.
pub fn pack_be(bytes: &[FpVar<Fr>]) -> FpVar<Fr> {
    debug_assert!(bytes.len() <= 31);
    let mut coeff = Fr::one();
    let mut terms = Vec::with_capacity(bytes.len());
    for b in bytes.iter().rev() {
        terms.push((coeff, b));
        coeff *= Fr::from(256u64);
    }
    linear(terms)
}

/// Bits needed for an offset into an array of `len` bytes.
fn offset_bits(len: usize) -> usize {
    (usize::BITS - len.leading_zeros()) as usize
}

/// The `k` bytes `bytes[offset..offset + k]` where `offset` is a variable (reads past the end give
/// zero).
///
/// A barrel shifter: `offset` is decomposed into bits (which also proves `offset < 2^bits`), and
/// layer `b` shifts by `2^b` when bit `b` is set. Each layer keeps only what later layers can
/// still reach, so the cost is about `bits·k + len` constraints, however many of the `k` bytes are
/// used. Nothing here is advice beyond the offset's own bits.
pub fn read_at(
    cs: &ConstraintSystemRef<Fr>,
    bytes: &[FpVar<Fr>],
    offset: &FpVar<Fr>,
    k: usize,
) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    let n = offset_bits(bytes.len());
    let bits = to_bits(cs, offset, n)?;
    let at = |arr: &[FpVar<Fr>], i: usize| arr.get(i).cloned().unwrap_or_else(|| constant(0));
    let mut current: Vec<FpVar<Fr>> = bytes.to_vec();
    for b in (0..n).rev() {
        let shift = 1usize << b;
        // After this layer, shifts of at most 2^b - 1 remain.
        let keep = k + shift - 1;
        let mut next = Vec::with_capacity(keep);
        for j in 0..keep {
            let stay = at(&current, j);
            let moved = at(&current, j + shift);
            next.push(
                if stay.is_constant() && moved.is_constant() && stay.value()? == moved.value()? {
                    stay
                } else {
                    mux(&bits[b], &moved, &stay)
                },
            );
        }
        current = next;
    }
    current.truncate(k);
    Ok(current)
}

/// `2^w` indicator values for the `w` bits `bits` (little-endian): `ind[j] = 1` exactly when the
/// bits spell `j`. Built as a product tree: `2^w - 2` constraints, shared by every lookup that
/// uses the same bits.
pub fn indicators(bits: &[FpVar<Fr>]) -> Vec<FpVar<Fr>> {
    let mut ind = vec![constant(1)];
    for b in bits {
        let mut next = Vec::with_capacity(ind.len() * 2);
        // Index j gains the new bit as its highest bit: j < len has it clear, j >= len set.
        let with: Vec<FpVar<Fr>> = ind.iter().map(|i| i * b).collect();
        for (i, w) in ind.iter().zip(with.iter()) {
            next.push(i - w);
        }
        next.extend(with);
        ind = next;
    }
    ind
}
