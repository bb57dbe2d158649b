//! ECDSA P-256 verification in R1CS over BN254 for a **fixed public key** (the circuit's CI).
//!
//! P-256 field elements are emulated with arkworks' `EmulatedFpVar` (limbs over BN254). Since the
//! key is a constant, both `u1·G` and `u2·Q` are fixed-base multiplications: the scalars are cut
//! into 8-bit windows and each window selects a precomputed point from a 256-entry constant table
//! with a shared one-hot indicator vector (254 constraints per window, no emulated arithmetic).
//! What remains is 64 point additions with the slope as a witness (three emulated products each).
//!
//! # Exceptional cases and the offset point
//! Affine addition with a witnessed slope is only sound when the two points have different x
//! (if `P1 = P2` any slope satisfies `λ(x2 - x1) = y2 - y1`). Window `w` of the 64 (32 for `G`,
//! then 32 for `Q`) therefore adds `2^w·D` to every entry, where `D` is a point nobody knows a
//! discrete logarithm of (hashed to the curve from a public string by try-and-increment), and
//! the final constant `-(2^64 - 1)·D` removes the offsets. Before window `w` the accumulator is
//! `a·G + b·Q + (2^w - 1)·D`; the entry is `c·B + 2^w·D`. They can share an x only if
//! `(2^w - 1 ∓ 2^w)·D = known·G + known·Q`, a non-trivial relation between `D`, `G` and `Q`:
//! finding one is as hard as computing discrete logarithms. The same holds for the last addition
//! unless `u1·G + u2·Q` is the point at infinity, which no valid signature produces (the addition
//! then has no satisfying slope, so such a "signature" cannot be proven).
//!
//! # Either S
//! ECDSA verification accepts `(r, s)` and `(r, n - s)` alike (both give R or -R, same x), so
//! certificates signed with high or low S both prove. The scalars `u1, u2` are taken in canonical
//! form (proven `< n`) and `r != 0`, `s != 0` are proven by exhibiting inverses.

use crate::{
    gadgets::{bit, from_bits_le, indicators, linear, named},
    Fr,
};
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField, Zero};
use ark_r1cs_std::{
    fields::{
        emulated_fp::{params::OptimizationType, AllocatedEmulatedFpVar, EmulatedFpVar},
        fp::FpVar,
        FieldVar,
    },
    prelude::*,
};
use ark_relations::gr1cs::{ConstraintSystemRef, OptimizationGoal, SynthesisError};
pub use ark_secp256r1::{Affine, Fq, Fr as Scalar, Projective};
use sha2::{Digest, Sha256};
use std::marker::PhantomData;

/// A P-256 base-field element in the circuit.
pub type FqVar = EmulatedFpVar<Fq, Fr>;
/// A P-256 scalar in the circuit.
pub type ScalarVar = EmulatedFpVar<Scalar, Fr>;

/// Bits per window of the fixed-base tables.
pub const WINDOW_BITS: usize = 8;
/// Windows per 256-bit scalar.
pub(crate) const WINDOWS: usize = 256 / WINDOW_BITS;
/// Public string the offset point is hashed from.
pub const OFFSET_DOMAIN: &[u8] = b"OpenRSP cert_p256 offset point v1";

/// The offset point `D`: [`hash_to_curve`] of [`OFFSET_DOMAIN`]. Nobody knows its discrete
/// logarithm.
pub fn offset_point() -> Affine {
    hash_to_curve(OFFSET_DOMAIN)
}

/// A point nobody knows a discrete logarithm of: try-and-increment over
/// `SHA-256(domain || counter)` as x, the root with the even y.
pub fn hash_to_curve(domain: &[u8]) -> Affine {
    for counter in 0u32.. {
        let digest = Sha256::new()
            .chain_update(domain)
            .chain_update(counter.to_be_bytes())
            .finalize();
        let x = Fq::from_be_bytes_mod_order(&digest);
        if let Some(p) = Affine::get_point_from_x_unchecked(x, false) {
            let p = if p.y.into_bigint().is_even() { p } else { -p };
            if p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve() && !p.is_zero() {
                return p;
            }
        }
    }
    unreachable!("half of all x are on the curve")
}

/// A constant point as a circuit value.
pub(crate) fn constant_point(p: &Affine) -> (FqVar, FqVar) {
    (FqVar::Constant(p.x), FqVar::Constant(p.y))
}

/// Precomputed tables for verifying signatures under one key.
pub struct FixedKeyEcdsa {
    /// 64 tables of 256 entries: windows of `u1` over `G`, then windows of `u2` over `Q`.
    tables: Vec<Vec<Affine>>,
    /// `-(2^64 - 1)·D`.
    correction: Affine,
}

/// The 32 window tables of `base` (8-bit windows of a 256-bit scalar), window `w` offset by
/// `2^(w + first_offset)·D`: `tables[w][j] = j·2^(8w)·base + 2^(w + first_offset)·D`.
pub(crate) fn window_tables(base: &Projective, first_offset: u32) -> Vec<Vec<Affine>> {
    let mut offset = offset_point().into_group();
    for _ in 0..first_offset {
        offset.double_in_place();
    }
    let mut step = *base;
    let mut tables = Vec::with_capacity(WINDOWS);
    for _ in 0..WINDOWS {
        let mut entries = Vec::with_capacity(1 << WINDOW_BITS);
        let mut acc = offset;
        for _ in 0..1 << WINDOW_BITS {
            entries.push(acc);
            acc += step;
        }
        tables.push(Projective::normalize_batch(&entries));
        for _ in 0..WINDOW_BITS {
            step.double_in_place();
        }
        offset.double_in_place();
    }
    tables
}

impl FixedKeyEcdsa {
    /// Tables for `key` (which must be a valid P-256 point other than infinity).
    pub fn new(key: &Affine) -> Self {
        let mut tables = window_tables(&Projective::generator(), 0);
        tables.extend(window_tables(&key.into_group(), WINDOWS as u32));
        // The tables added D + 2D + .. + 2^63·D = (2^64 - 1)·D.
        let d = offset_point().into_group();
        let mut all = d;
        for _ in 0..2 * WINDOWS {
            all.double_in_place();
        }
        let correction = -(all - d).into_affine();
        FixedKeyEcdsa { tables, correction }
    }

    fn lookup_window(
        &self,
        cs: &ConstraintSystemRef<Fr>,
        window: usize,
        bits: &[FpVar<Fr>],
    ) -> Result<(FqVar, FqVar), SynthesisError> {
        lookup(cs, &self.tables[window], bits)
    }

    /// Proves that `signature = (r, s)` is a valid ECDSA signature under the key over the
    /// message digest whose 256 bits (as an integer, least significant first) are `digest_bits`.
    pub fn verify(
        &self,
        cs: &ConstraintSystemRef<Fr>,
        digest_bits: &[FpVar<Fr>],
        signature: Option<(Scalar, Scalar)>,
    ) -> Result<(), SynthesisError> {
        let _ns = named!("ecdsa");
        let scalars = signature_scalars(cs, digest_bits, signature)?;
        self.verify_scalars(cs, &scalars)
    }

    /// The rest of [`Self::verify`] once the scalars are computed: `x(u1·G + u2·Q) ≡ r`.
    pub(crate) fn verify_scalars(
        &self,
        cs: &ConstraintSystemRef<Fr>,
        scalars: &SignatureScalars,
    ) -> Result<(), SynthesisError> {
        let u1 = {
            let _ns = named!("u1_canonical");
            canonical_bits(&scalars.u1)?
        };
        let u2 = {
            let _ns = named!("u2_canonical");
            canonical_bits(&scalars.u2)?
        };
        let _windows = named!("windows");
        let mut acc: Option<(FqVar, FqVar)> = None;
        for (window, chunk) in u1
            .chunks(WINDOW_BITS)
            .chain(u2.chunks(WINDOW_BITS))
            .enumerate()
        {
            let entry = self.lookup_window(cs, window, chunk)?;
            acc = Some(match acc {
                None => entry,
                Some(acc) => add(cs, &acc, &entry)?,
            });
        }
        let acc = acc.ok_or(SynthesisError::Unsatisfiable)?;
        let (x, _) = add(cs, &acc, &constant_point(&self.correction))?;
        drop(_windows);
        x_mod_n_is_r(cs, &x, &scalars.r)
    }
}

/// Enforces `x mod n = r` for a P-256 x-coordinate, both proven canonical first.
pub(crate) fn x_mod_n_is_r(
    cs: &ConstraintSystemRef<Fr>,
    x: &FqVar,
    r: &ScalarVar,
) -> Result<(), SynthesisError> {
    let x = {
        let _ns = named!("x_canonical");
        canonical_bits(x)?
    };
    x_bits_mod_n_is_r(cs, &x, r)
}

/// Enforces `x mod n = r` for the canonical bits of a P-256 x-coordinate (`r` proven canonical
/// here).
pub(crate) fn x_bits_mod_n_is_r(
    cs: &ConstraintSystemRef<Fr>,
    x: &[FpVar<Fr>],
    r: &ScalarVar,
) -> Result<(), SynthesisError> {
    let r = {
        let _ns = named!("r_canonical");
        canonical_bits(r)?
    };
    let _ns = named!("x_mod_n_is_r");
    enforce_equal_mod(cs, x, &r, &Scalar::MODULUS)
}

/// Selects `table[index]` where `index` is spelled by the 8 little-endian `bits`: one shared
/// one-hot indicator vector (254 constraints) and one linear combination per limb.
pub(crate) fn lookup(
    cs: &ConstraintSystemRef<Fr>,
    table: &[Affine],
    bits: &[FpVar<Fr>],
) -> Result<(FqVar, FqVar), SynthesisError> {
    let ind = indicators(bits);
    let optimization = optimization_type(cs);
    let coordinate = |pick: &dyn Fn(&Affine) -> Fq| -> Result<FqVar, SynthesisError> {
        let limbs_of =
            |v: Fq| AllocatedEmulatedFpVar::<Fq, Fr>::get_limbs_representations(&v, optimization);
        let entries = table
            .iter()
            .map(|p| limbs_of(pick(p)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut limbs = Vec::with_capacity(entries[0].len());
        for l in 0..entries[0].len() {
            let lc = linear(
                ind.iter()
                    .zip(entries.iter())
                    .filter(|(_, e)| !e[l].is_zero())
                    .map(|(i, e)| (e[l], i)),
            );
            // A fresh variable keeps the 256-term combination out of every product it feeds.
            let limb = FpVar::new_witness(cs.clone(), || lc.value())?;
            limb.enforce_equal(&lc)?;
            limbs.push(limb);
        }
        // Exactly one indicator is 1, so every limb is a limb of a canonical constant.
        Ok(from_limbs(cs, limbs))
    };
    Ok((coordinate(&|p| p.x)?, coordinate(&|p| p.y)?))
}

/// The emulated element with these limbs, taken as in normal form (no constraint: the caller
/// vouches for the limbs).
pub(crate) fn from_limbs<F: PrimeField>(
    cs: &ConstraintSystemRef<Fr>,
    limbs: Vec<FpVar<Fr>>,
) -> EmulatedFpVar<F, Fr> {
    EmulatedFpVar::Var(AllocatedEmulatedFpVar {
        cs: cs.clone(),
        limbs,
        num_of_additions_over_normal_form: Fr::zero(),
        is_in_the_normal_form: true,
        target_phantom: PhantomData,
    })
}

/// The limb layout `EmulatedFpVar` uses in `cs` (it follows the optimization goal).
fn optimization_type(cs: &ConstraintSystemRef<Fr>) -> OptimizationType {
    #[allow(deprecated)]
    match cs.optimization_goal() {
        OptimizationGoal::Weight => OptimizationType::Weight,
        _ => OptimizationType::Constraints,
    }
}

/// Makes `cs` (still empty) use the limb layout this module is designed for.
///
/// arkworks' constraint-optimised layout (20 limbs of 13 bits for P-256) builds each emulated
/// product from long chains of linear combinations; inlining them dominated proving time and
/// memory (4.2 s and 1.3 GB for the signature check alone). The weight-optimised layout (fewer,
/// wider limbs) costs about 51k more constraints and a fifth of the time and memory.
pub fn use_wide_limbs(cs: &ConstraintSystemRef<Fr>) {
    #[allow(deprecated)]
    cs.set_optimization_goal(OptimizationGoal::Weight);
}

/// The scalars of an ECDSA verification: `r`, `u1 = z/s`, `u2 = r/s`.
pub(crate) struct SignatureScalars {
    pub r: ScalarVar,
    pub u1: ScalarVar,
    pub u2: ScalarVar,
}

/// Allocates `(r, s)`, proves `r, s != 0` (by their inverses) and `z = digest mod n` (by
/// `digest = z + k·n`), and computes `u1`, `u2`. `digest_bits` are the digest's 256 bits as an
/// integer, least significant first.
pub(crate) fn signature_scalars(
    cs: &ConstraintSystemRef<Fr>,
    digest_bits: &[FpVar<Fr>],
    signature: Option<(Scalar, Scalar)>,
) -> Result<SignatureScalars, SynthesisError> {
    if digest_bits.len() != 256 {
        return Err(SynthesisError::Unsatisfiable);
    }
    let z = ScalarVar::new_witness(cs.clone(), || {
        Ok(Scalar::from_le_bytes_mod_order(
            &bits_value(digest_bits)?.to_bytes_le(),
        ))
    })?;
    {
        let _ns = named!("z_is_digest_mod_n");
        enforce_equal_mod(cs, digest_bits, &canonical_bits(&z)?, &Scalar::MODULUS)?;
    }
    let part = |pick: fn((Scalar, Scalar)) -> Scalar| {
        ScalarVar::new_witness(cs.clone(), || {
            signature.map(pick).ok_or(SynthesisError::AssignmentMissing)
        })
    };
    let r = part(|s| s.0)?;
    let s = part(|s| s.1)?;
    {
        let _ns = named!("r_nonzero");
        let _ = r.inverse()?;
    }
    let w = {
        let _ns = named!("s_nonzero");
        s.inverse()?
    };
    let _ns = named!("u1_u2");
    let u1 = &z * &w;
    let u2 = &r * &w;
    Ok(SignatureScalars { r, u1, u2 })
}

/// The value of little-endian bit variables as a big integer.
pub(crate) fn bits_value(
    bits: &[FpVar<Fr>],
) -> Result<<Scalar as PrimeField>::BigInt, SynthesisError> {
    let bools = bits
        .iter()
        .map(|b| b.value().map(|v| v == Fr::from(1u64)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(<Scalar as PrimeField>::BigInt::from_bits_le(&bools))
}

/// The 256 canonical little-endian bits of an emulated element (proven below the modulus).
pub(crate) fn canonical_bits<F: PrimeField>(
    v: &EmulatedFpVar<F, Fr>,
) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    let bits = v.to_bits_le()?;
    if bits.len() < 256 {
        return Err(SynthesisError::Unsatisfiable);
    }
    for b in &bits[256..] {
        b.enforce_equal(&Boolean::FALSE)?;
    }
    Ok(bits[..256].iter().map(|b| FpVar::from(b.clone())).collect())
}

/// Enforces `a = b + k·m` for a bit `k`, where `a`, `b` are 256-bit little-endian integers and
/// `m` a 256-bit modulus, by 128-bit halves with one carry bit.
pub(crate) fn enforce_equal_mod(
    cs: &ConstraintSystemRef<Fr>,
    a: &[FpVar<Fr>],
    b: &[FpVar<Fr>],
    m: &<Scalar as PrimeField>::BigInt,
) -> Result<(), SynthesisError> {
    let half = from_bits_le;
    let m_bits = m.to_bits_le();
    let m_half = |r: std::ops::Range<usize>| {
        let mut acc = Fr::zero();
        let mut coeff = Fr::from(1u64);
        for i in r {
            if m_bits[i] {
                acc += coeff;
            }
            coeff.double_in_place();
        }
        acc
    };
    let (a_lo, a_hi, b_lo, b_hi) = (
        half(&a[..128]),
        half(&a[128..]),
        half(&b[..128]),
        half(&b[128..]),
    );
    let (m_lo, m_hi) = (m_half(0..128), m_half(128..256));
    let k = bit(cs, || Ok(bits_value(a)? != bits_value(b)?))?;
    let two128 = Fr::from(2u64).pow([128u64]);
    // b_lo + k·m_lo = a_lo + carry·2^128.
    let carry = bit(cs, || {
        let lo = b_lo.value()? + k.value()? * m_lo;
        Ok(lo.into_bigint().num_bits() > 128)
    })?;
    (&b_lo + &k * m_lo).enforce_equal(&(&a_lo + &carry * two128))?;
    (&b_hi + &k * m_hi + &carry).enforce_equal(&a_hi)
}

/// `p1 + p2` for points with different x, the slope `λ` as witness:
/// `λ·(x2 - x1) = y2 - y1`, `x3 = λ² - x1 - x2`, `y3 = λ·(x1 - x3) - y1`.
pub(crate) fn add(
    cs: &ConstraintSystemRef<Fr>,
    p1: &(FqVar, FqVar),
    p2: &(FqVar, FqVar),
) -> Result<(FqVar, FqVar), SynthesisError> {
    let lambda = FqVar::new_witness(cs.clone(), || {
        let (x1, y1, x2, y2) = (p1.0.value()?, p1.1.value()?, p2.0.value()?, p2.1.value()?);
        // Equal x (a forged witness can get there): no slope satisfies the constraint below,
        // and synthesis goes on so that the constraint is what refuses it.
        Ok((y2 - y1) * (x2 - x1).inverse().unwrap_or(Fq::ZERO))
    })?;
    let _ns = named!("add");
    (&lambda * &(&p2.0 - &p1.0)).enforce_equal(&(&p2.1 - &p1.1))?;
    let x3 = lambda.square()? - &p1.0 - &p2.0;
    let y3 = &lambda * &(&p1.0 - &x3) - &p1.1;
    Ok((x3, y3))
}

/// ECDSA verification natively with the same arithmetic (`u1·G + u2·Q`, x mod n): used to check a
/// witness before proving and by tests.
pub fn verify_native(key: &Affine, digest: &[u8; 32], r: Scalar, s: Scalar) -> bool {
    if r.is_zero() || s.is_zero() {
        return false;
    }
    let z = Scalar::from_be_bytes_mod_order(digest);
    let w = match s.inverse() {
        Some(w) => w,
        None => return false,
    };
    let point = (Projective::generator() * (z * w) + key.into_group() * (r * w)).into_affine();
    if point.is_zero() {
        return false;
    }
    Scalar::from_be_bytes_mod_order(&point.x.into_bigint().to_bytes_be()) == r
}

/// Whether `(x, y)` is a point of P-256.
pub fn point_from_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Option<Affine> {
    let (x, y) = (
        Fq::from_be_bytes_mod_order(x),
        Fq::from_be_bytes_mod_order(y),
    );
    let p = Affine::new_unchecked(x, y);
    (p.is_on_curve() && !p.is_zero()).then_some(p)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::testing::{assert_fails_at, synthesize_with, Synthesis};
    use ark_std::UniformRand;

    pub(crate) fn digest_bits(
        cs: &ConstraintSystemRef<Fr>,
        digest: &[u8; 32],
    ) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        let mut le = *digest;
        le.reverse();
        (0..256)
            .map(|i| bit(cs, || Ok(le[i / 8] >> (i % 8) & 1 == 1)))
            .collect()
    }

    /// An emulated element whose limbs spell the integer `value` (which may be `>=` the
    /// modulus): what a prover who skips canonical form would hand the gadgets.
    pub(crate) fn emulated_integer<F: PrimeField>(
        cs: &ConstraintSystemRef<Fr>,
        value: &<F as PrimeField>::BigInt,
    ) -> Result<EmulatedFpVar<F, Fr>, SynthesisError> {
        let limbs = AllocatedEmulatedFpVar::<F, Fr>::get_limbs_representations_from_big_integer(
            value,
            optimization_type(cs),
        )?
        .into_iter()
        .map(|l| FpVar::new_witness(cs.clone(), || Ok(l)))
        .collect::<Result<Vec<_>, _>>()?;
        Ok(from_limbs(cs, limbs))
    }

    /// `v + m` for a small `v` and a modulus `m` (below `2^256`).
    pub(crate) fn plus_modulus<F: PrimeField>(v: u64) -> <F as PrimeField>::BigInt {
        let mut x = F::MODULUS;
        assert!(!x.add_with_carry(&v.into()));
        x
    }

    /// An ECDSA signature over `digest` by `sk` (test helper).
    pub(crate) fn sign(
        sk: Scalar,
        digest: &[u8; 32],
        rng: &mut impl rand::RngCore,
    ) -> (Scalar, Scalar) {
        loop {
            let k = Scalar::rand(rng);
            let r_point = (Projective::generator() * k).into_affine();
            let r = Scalar::from_be_bytes_mod_order(&r_point.x.into_bigint().to_bytes_be());
            let z = Scalar::from_be_bytes_mod_order(digest);
            if let Some(kinv) = k.inverse() {
                let s = kinv * (z + r * sk);
                if !r.is_zero() && !s.is_zero() {
                    return (r, s);
                }
            }
        }
    }

    /// `r = x(u1·G + u2·Q) mod n` for chosen `u1`, `u2`: a valid signature's scalars.
    pub(crate) fn r_for(key: &Affine, u1: Scalar, u2: Scalar) -> Scalar {
        let point = (Projective::generator() * u1 + key.into_group() * u2).into_affine();
        Scalar::from_be_bytes_mod_order(&point.x.into_bigint().to_bytes_be())
    }

    #[test]
    fn offset_point_is_a_fixed_curve_point() {
        let d = offset_point();
        assert!(d.is_on_curve());
        assert_eq!(d, offset_point());
        assert_ne!(d, Affine::generator());
    }

    #[test]
    fn verifies_both_s_and_rejects_forgeries() {
        let mut rng = rand::thread_rng();
        let sk = Scalar::rand(&mut rng);
        let key = (Projective::generator() * sk).into_affine();
        let verifier = FixedKeyEcdsa::new(&key);
        let digest: [u8; 32] = Sha256::digest(b"OpenRSP").into();
        let (r, s) = sign(sk, &digest, &mut rng);
        assert!(verify_native(&key, &digest, r, s));
        assert!(
            verify_native(&key, &digest, r, -s),
            "high and low S both verify"
        );

        let run = |digest: &[u8; 32], sig: (Scalar, Scalar)| -> Synthesis {
            synthesize_with(|cs| {
                use_wide_limbs(&cs);
                let bits = digest_bits(&cs, digest)?;
                verifier.verify(&cs, &bits, Some(sig))
            })
        };
        let honest = run(&digest, (r, s));
        assert_eq!(honest.result, Ok(()));
        eprintln!("ecdsa fixed key: {} constraints", honest.constraints);
        assert_eq!(
            run(&digest, (r, -s)).result,
            Ok(()),
            "the other S verifies in the circuit too"
        );
        let mut other = digest;
        other[31] ^= 1;
        assert_fails_at(run(&other, (r, s)).result, "ecdsa/x_mod_n_is_r");
        assert_fails_at(
            run(&digest, (r + Scalar::from(1u64), s)).result,
            "ecdsa/x_mod_n_is_r",
        );
        let other_key_sig = sign(Scalar::rand(&mut rng), &digest, &mut rng);
        assert_fails_at(run(&digest, other_key_sig).result, "ecdsa/x_mod_n_is_r");
        // r = 0 and s = 0 are refused by their own constraints (no inverse), first.
        assert_fails_at(run(&digest, (Scalar::zero(), s)).result, "ecdsa/r_nonzero");
        assert_fails_at(run(&digest, (r, Scalar::zero())).result, "ecdsa/s_nonzero");
    }

    #[test]
    fn scalars_must_be_canonical() {
        // u1 random, u2 = 3: the integers u2 + n and 3 give the same point, so only the
        // canonical-form check can refuse u2 + n (and likewise u1 = 5 + n).
        let mut rng = rand::thread_rng();
        let key = (Projective::generator() * Scalar::rand(&mut rng)).into_affine();
        let verifier = FixedKeyEcdsa::new(&key);
        let run = |u1: <Scalar as PrimeField>::BigInt, u2: <Scalar as PrimeField>::BigInt| {
            let reduce = |u: &<Scalar as PrimeField>::BigInt| {
                Scalar::from_le_bytes_mod_order(&u.to_bytes_le())
            };
            let r = r_for(&key, reduce(&u1), reduce(&u2));
            synthesize_with(|cs| {
                use_wide_limbs(&cs);
                let scalars = SignatureScalars {
                    r: ScalarVar::new_witness(cs.clone(), || Ok(r))?,
                    u1: emulated_integer(&cs, &u1)?,
                    u2: emulated_integer(&cs, &u2)?,
                };
                verifier.verify_scalars(&cs, &scalars)
            })
            .result
        };
        let u1 = Scalar::rand(&mut rng).into_bigint();
        assert_eq!(run(u1, 3u64.into()), Ok(()));
        assert_fails_at(run(u1, plus_modulus::<Scalar>(3)), "u2_canonical");
        let u2 = Scalar::rand(&mut rng).into_bigint();
        assert_eq!(run(5u64.into(), u2), Ok(()));
        assert_fails_at(run(plus_modulus::<Scalar>(5), u2), "u1_canonical");
    }

    #[test]
    fn x_mod_n_is_r_takes_canonical_r_and_x_only() {
        // x = 7 and r = 7 hold; r spelled 7 + n, or x spelled 7 + p, are refused by the
        // canonical-form checks before the comparison.
        let run = |x: <Fq as PrimeField>::BigInt, r: <Scalar as PrimeField>::BigInt| {
            synthesize_with(|cs| {
                use_wide_limbs(&cs);
                let x = emulated_integer::<Fq>(&cs, &x)?;
                let r = emulated_integer::<Scalar>(&cs, &r)?;
                x_mod_n_is_r(&cs, &x, &r)
            })
            .result
        };
        assert_eq!(run(7u64.into(), 7u64.into()), Ok(()));
        assert_fails_at(run(7u64.into(), plus_modulus::<Scalar>(7)), "r_canonical");
        assert_fails_at(run(plus_modulus::<Fq>(7), 7u64.into()), "x_canonical");
        assert_fails_at(run(7u64.into(), 8u64.into()), "x_mod_n_is_r");
    }
}
