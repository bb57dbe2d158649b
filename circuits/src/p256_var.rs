//! ECDSA P-256 verification in R1CS with the **public key as a witness** (an EUM key read from
//! the tree, for instance): the variable-base case.
//!
//! # The check
//! A signature `(r, s)` over `z` is valid under `Q` if `R = u1·G + u2·Q` has `x(R) ≡ r (mod n)`,
//! with `u1 = z/s`, `u2 = r/s`. The prover supplies `R` and a short decomposition of `u2`:
//! integers `a, b` below `2^129` with `a ≡ b·u2 (mod n)` and `b != 0` (half an extended Euclid
//! run finds them). Multiplying the equation by `b` gives
//!
//! ```text
//! (b·u1)·G + a·Q - b·R = O
//! ```
//!
//! so the variable-base work is one joint (Straus) multiplication by two 129-bit scalars, sharing
//! 128 doublings, instead of a 256-bit one ("fake GLV"); `(b·u1)·G` is a fixed-base
//! multiplication with the 8-bit window tables of [`crate::p256`]. Since `n` is prime and
//! `b != 0`, the equation holds exactly when `R = u1·G + u2·Q`.
//!
//! # Sound additions
//! `Q` and `R` are chosen by the prover, so unlike the fixed-key circuit the offsets alone do not
//! exclude the exceptional case of affine addition (`P1 = P2`, where any slope would do): every
//! addition here also proves `x1 != x2` by exhibiting the inverse of `x2 - x1`. Doublings with a
//! witnessed slope are always sound (`2y != 0` on a curve of odd prime order). The table entries
//! `j·Q + E` use a hashed offset `E` so that entry 0 is a point, not infinity; the accumulated
//! offsets are a known constant, and the final sum must equal it.

use crate::{
    gadgets::named,
    p256::{
        canonical_bits, hash_to_curve, signature_scalars, window_tables, x_bits_mod_n_is_r, Affine,
        Fq, Projective, Scalar, ScalarVar, SignatureScalars, WINDOWS, WINDOW_BITS,
    },
    p256_field::{enforce_mod_p, FqLimbs},
    Fr,
};
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField, Zero};
use ark_r1cs_std::{
    fields::{fp::FpVar, FieldVar},
    prelude::*,
};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use num_bigint::{BigInt, Sign};

/// Bits of the short scalars `a`, `b` (|a|, |b| < 2^129).
pub const SHORT_BITS: usize = 129;
/// Window of the joint multiplication (16-entry tables per base).
const JOINT_WINDOW: usize = 4;
/// Offsets of the two variable tables.
const OFFSET_Q: &[u8] = b"OpenRSP p256_var offset Q v1";
const OFFSET_R: &[u8] = b"OpenRSP p256_var offset R v1";

/// What the prover supplies beside the signature: `R` and the short decomposition of `u2`.
#[derive(Clone, Copy, Debug)]
pub struct VarKeyAdvice {
    pub r_point: Affine,
    /// `|a|`, `a < 0`, `|b|`, `b < 0`.
    pub a: (Scalar, bool),
    pub b: (Scalar, bool),
}

fn to_bigint(x: &Scalar) -> BigInt {
    BigInt::from_bytes_be(Sign::Plus, &x.into_bigint().to_bytes_be())
}

fn from_bigint(x: &BigInt) -> (Scalar, bool) {
    let (sign, mag) = x.to_bytes_be();
    (Scalar::from_be_bytes_mod_order(&mag), sign == Sign::Minus)
}

/// `(a, b)` with `a ≡ b·u (mod n)`, `0 < |b|`, both below `2^129`: the extended Euclidean
/// algorithm on `(n, u)` stopped at the first remainder below `2^128`.
pub fn short_decomposition(u: &Scalar) -> ((Scalar, bool), (Scalar, bool)) {
    let n = BigInt::from_bytes_be(Sign::Plus, &Scalar::MODULUS.to_bytes_be());
    let bound = BigInt::from(1u8) << 128;
    // Invariant: r_i ≡ t_i·u (mod n).
    let (mut r0, mut r1) = (n, to_bigint(u));
    let (mut t0, mut t1) = (BigInt::from(0u8), BigInt::from(1u8));
    while r1 >= bound {
        let q = &r0 / &r1;
        let r2 = &r0 - &q * &r1;
        let t2 = &t0 - &q * &t1;
        (r0, r1) = (r1, r2);
        (t0, t1) = (t1, t2);
    }
    (from_bigint(&r1), from_bigint(&t1))
}

/// The advice for a valid signature: `R = u1·G + u2·Q` and the decomposition of `u2`.
pub fn advice(key: &Affine, digest: &[u8; 32], r: Scalar, s: Scalar) -> Option<VarKeyAdvice> {
    let w = s.inverse()?;
    let z = Scalar::from_be_bytes_mod_order(digest);
    let (u1, u2) = (z * w, r * w);
    let r_point = (Projective::generator() * u1 + key.into_group() * u2).into_affine();
    if r_point.is_zero() {
        return None;
    }
    let (a, b) = short_decomposition(&u2);
    Some(VarKeyAdvice { r_point, a, b })
}

/// A point as two field elements of [`crate::p256_field`].
pub type Point = (FqLimbs, FqLimbs);

/// A public key proven on the curve, with its coordinates' canonical little-endian bits (for
/// hashing it or comparing it with the bytes of a certificate).
pub struct KeyPoint {
    pub point: Point,
    pub x_bits: Vec<FpVar<Fr>>,
    pub y_bits: Vec<FpVar<Fr>>,
}

fn constant_point(p: &Affine) -> Point {
    (FqLimbs::constant(p.x), FqLimbs::constant(p.y))
}

/// Native values of witnesses computed from circuit values (an error in setup mode).
fn values<const N: usize>(
    f: impl FnOnce() -> Result<[Fq; N], SynthesisError>,
) -> Result<[Fq; N], SynthesisError> {
    f()
}

/// `p1 + p2` for points with different x, the slope `λ` as witness:
/// `λ·(x2 - x1) = y2 - y1`, `x3 = λ² - x1 - x2`, `y3 = λ·(x1 - x3) - y1` (each modulo p).
fn add(cs: &ConstraintSystemRef<Fr>, p1: &Point, p2: &Point) -> Result<Point, SynthesisError> {
    let v = values(|| {
        let (x1, y1, x2, y2) = (p1.0.value()?, p1.1.value()?, p2.0.value()?, p2.1.value()?);
        // Equal x (a forged witness can get there): no slope satisfies the constraint below,
        // and synthesis goes on so that the constraint is what refuses it.
        let l = (y2 - y1) * (x2 - x1).inverse().unwrap_or(Fq::ZERO);
        let x3 = l.square() - x1 - x2;
        Ok([l, x3, l * (x1 - x3) - y1])
    });
    let lambda = FqLimbs::witness(cs, || v.map(|v| v[0]))?;
    let x3 = FqLimbs::witness(cs, || v.map(|v| v[1]))?;
    let y3 = FqLimbs::witness(cs, || v.map(|v| v[2]))?;
    let _ns = named!("add");
    let (x1, y1, x2, y2) = (&p1.0, &p1.1, &p2.0, &p2.1);
    enforce_mod_p(cs, &[(1, &lambda, &x2.minus(x1))], &y1.minus(y2))?;
    enforce_mod_p(
        cs,
        &[(1, &lambda, &lambda)],
        &x1.plus(x2).plus(&x3).negate(),
    )?;
    enforce_mod_p(cs, &[(1, &lambda, &x1.minus(&x3))], &y1.plus(&y3).negate())?;
    Ok((x3, y3))
}

/// Enforces `(x1, y1) != ±(x2, y2)` by `x1 != x2`: the inverse of `x2 - x1` is exhibited.
fn add_checked(
    cs: &ConstraintSystemRef<Fr>,
    p1: &Point,
    p2: &Point,
) -> Result<Point, SynthesisError> {
    {
        let _ns = named!("distinct_x");
        let dx = p2.0.minus(&p1.0);
        let inv = FqLimbs::witness(cs, || Ok(dx.value()?.inverse().unwrap_or(Fq::ZERO)))?;
        enforce_mod_p(cs, &[(1, &inv, &dx)], &FqLimbs::constant(-Fq::ONE))?;
    }
    add(cs, p1, p2)
}

/// `2·p` with the slope as witness: `λ·2y = 3x² - 3`, `x3 = λ² - 2x`, `y3 = λ·(x - x3) - y`.
fn double(cs: &ConstraintSystemRef<Fr>, p: &Point) -> Result<Point, SynthesisError> {
    let v = values(|| {
        let (x, y) = (p.0.value()?, p.1.value()?);
        // y = 0 is no point of P-256 (odd order); a forged witness that gets there is refused
        // by the constraint below, not by an error here.
        let inv = y.double().inverse().unwrap_or(Fq::ZERO);
        let l = (x.square() * Fq::from(3u64) - Fq::from(3u64)) * inv;
        let x3 = l.square() - x.double();
        Ok([l, x3, l * (x - x3) - y])
    });
    let lambda = FqLimbs::witness(cs, || v.map(|v| v[0]))?;
    let x3 = FqLimbs::witness(cs, || v.map(|v| v[1]))?;
    let y3 = FqLimbs::witness(cs, || v.map(|v| v[2]))?;
    let _ns = named!("double");
    let (x, y) = (&p.0, &p.1);
    enforce_mod_p(
        cs,
        &[(1, &lambda, &y.times(2)), (-3, x, x)],
        &FqLimbs::constant(Fq::from(3u64)),
    )?;
    enforce_mod_p(cs, &[(1, &lambda, &lambda)], &x.times(2).plus(&x3).negate())?;
    enforce_mod_p(cs, &[(1, &lambda, &x.minus(&x3))], &y.plus(&y3).negate())?;
    Ok((x3, y3))
}

/// A witness point with canonical coordinates proven on P-256: `y² = x³ - 3x + b`.
fn point_witness(
    cs: &ConstraintSystemRef<Fr>,
    value: Option<Affine>,
) -> Result<KeyPoint, SynthesisError> {
    let missing = SynthesisError::AssignmentMissing;
    let (x, x_bits) = FqLimbs::canonical_witness(cs, || value.map(|p| p.x).ok_or(missing))?;
    let (y, y_bits) = FqLimbs::canonical_witness(cs, || value.map(|p| p.y).ok_or(missing))?;
    let b = <ark_secp256r1::Config as ark_ec::short_weierstrass::SWCurveConfig>::COEFF_B;
    let _ns = named!("on_curve");
    let x_sq = FqLimbs::witness(cs, || Ok(x.value()?.square()))?;
    enforce_mod_p(cs, &[(1, &x, &x)], &x_sq.negate())?;
    enforce_mod_p(
        cs,
        &[(1, &y, &y), (-1, &x_sq, &x)],
        &x.times(3).minus(&FqLimbs::constant(b)),
    )?;
    Ok(KeyPoint {
        point: (x, y),
        x_bits,
        y_bits,
    })
}

/// A short signed scalar: `|v|` as `SHORT_BITS` proven bits (little-endian), the sign bit, and
/// `v` as an element of the scalar field.
struct ShortScalar {
    bits: Vec<Boolean<Fr>>,
    negative: Boolean<Fr>,
    signed: ScalarVar,
}

fn short_scalar(
    cs: &ConstraintSystemRef<Fr>,
    value: Option<(Scalar, bool)>,
) -> Result<ShortScalar, SynthesisError> {
    let magnitude = ScalarVar::new_witness(cs.clone(), || {
        value.map(|v| v.0).ok_or(SynthesisError::AssignmentMissing)
    })?;
    let _ns = named!("short");
    let all = magnitude.to_bits_le()?;
    for b in &all[SHORT_BITS..] {
        b.enforce_equal(&Boolean::FALSE)?;
    }
    let negative = Boolean::new_witness(cs.clone(), || {
        value.map(|v| v.1).ok_or(SynthesisError::AssignmentMissing)
    })?;
    let signed = negative.select(&magnitude.negate()?, &magnitude)?;
    Ok(ShortScalar {
        bits: all[..SHORT_BITS].to_vec(),
        negative,
        signed,
    })
}

/// The 16-entry table `j·p + e` (`e` a constant offset), built with checked additions.
fn table(
    cs: &ConstraintSystemRef<Fr>,
    p: &Point,
    e: &Affine,
) -> Result<Vec<Point>, SynthesisError> {
    let mut entries = vec![constant_point(e)];
    for j in 1..1 << JOINT_WINDOW {
        let next = add_checked(cs, &entries[j - 1], p)?;
        entries.push(next);
    }
    Ok(entries)
}

fn select(bits: &[Boolean<Fr>], entries: &[Point]) -> Result<Point, SynthesisError> {
    let position: Vec<Boolean<Fr>> = bits.iter().rev().cloned().collect();
    let xs: Vec<FqLimbs> = entries.iter().map(|p| p.0.clone()).collect();
    let ys: Vec<FqLimbs> = entries.iter().map(|p| p.1.clone()).collect();
    Ok((
        FqLimbs::select_power_of_two(&position, &xs)?,
        FqLimbs::select_power_of_two(&position, &ys)?,
    ))
}

/// `table[index]` of a constant table, `index` spelled by little-endian `bits`.
fn lookup(
    table: &[Affine],
    cs: &ConstraintSystemRef<Fr>,
    bits: &[FpVar<Fr>],
) -> Result<Point, SynthesisError> {
    let xs: Vec<Fq> = table.iter().map(|p| p.x).collect();
    let ys: Vec<Fq> = table.iter().map(|p| p.y).collect();
    let mut coordinates = FqLimbs::lookup_constants(cs, bits, &[&xs, &ys])?.into_iter();
    match (coordinates.next(), coordinates.next()) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(SynthesisError::Unsatisfiable),
    }
}

/// The constant the offsets add up to: `Σ_w 16^w·(E_Q + E_R)` over the joint windows, plus the
/// fixed-base tables' `(2^32 - 1)·D`.
fn offset_total() -> Affine {
    let windows = SHORT_BITS.div_ceil(JOINT_WINDOW);
    let e = hash_to_curve(OFFSET_Q).into_group() + hash_to_curve(OFFSET_R).into_group();
    let mut joint = Projective::zero();
    for _ in 0..windows {
        for _ in 0..JOINT_WINDOW {
            joint.double_in_place();
        }
        joint += e;
    }
    let d = crate::p256::offset_point().into_group();
    let mut fixed = d;
    for _ in 0..WINDOWS {
        fixed.double_in_place();
    }
    (joint + fixed - d).into_affine()
}

/// Proves that `(r, s)` is a valid ECDSA P-256 signature over the digest (256 bits, least
/// significant first) under the witness key `key` (already proven on the curve by the caller, or
/// here with [`point_on_curve`]).
pub fn verify(
    cs: &ConstraintSystemRef<Fr>,
    digest_bits: &[FpVar<Fr>],
    key: &KeyPoint,
    signature: Option<(Scalar, Scalar)>,
    advice: Option<VarKeyAdvice>,
) -> Result<(), SynthesisError> {
    let _ns = named!("ecdsa_var");
    let scalars = signature_scalars(cs, digest_bits, signature)?;
    verify_scalars(cs, key, &scalars, advice)
}

/// The rest of [`verify`] once the scalars are computed: `x(u1·G + u2·Q) ≡ r` by the short
/// decomposition of `u2`.
pub(crate) fn verify_scalars(
    cs: &ConstraintSystemRef<Fr>,
    key: &KeyPoint,
    scalars: &SignatureScalars,
    advice: Option<VarKeyAdvice>,
) -> Result<(), SynthesisError> {
    let SignatureScalars { r, u1, u2 } = scalars;

    // R, with x(R) ≡ r.
    let r_point = {
        let _ns = named!("r_point");
        point_witness(cs, advice.map(|a| a.r_point))?
    };
    x_bits_mod_n_is_r(cs, &r_point.x_bits, r)?;
    let r_point = r_point.point;

    // a ≡ b·u2, b != 0.
    let a = {
        let _ns = named!("a");
        short_scalar(cs, advice.map(|a| a.a))?
    };
    let b = {
        let _ns = named!("b");
        short_scalar(cs, advice.map(|a| a.b))?
    };
    {
        let _ns = named!("b_nonzero");
        let _ = b.signed.inverse()?;
    }
    {
        let _ns = named!("a_is_b_u2");
        a.signed.enforce_equal(&(&b.signed * u2))?;
    }

    // (b·u1)·G by fixed-base windows.
    let c = {
        let _ns = named!("b_u1_canonical");
        canonical_bits(&(&b.signed * u1))?
    };
    let _fixed = named!("fixed_base");
    let g_tables = window_tables(&Projective::generator(), 0);
    let mut fixed: Option<Point> = None;
    for (window, chunk) in c.chunks(WINDOW_BITS).enumerate() {
        let entry = lookup(&g_tables[window], cs, chunk)?;
        fixed = Some(match fixed {
            None => entry,
            Some(acc) => add(cs, &acc, &entry)?,
        });
    }
    let fixed = fixed.ok_or(SynthesisError::Unsatisfiable)?;
    drop(_fixed);
    let _joint = named!("joint");

    // |a|·(±Q) + |b|·(∓R) = a·Q - b·R, jointly.
    let neg = |p: &Point, flip: &Boolean<Fr>| -> Result<Point, SynthesisError> {
        Ok((p.0.clone(), FqLimbs::select(flip, &p.1.negate(), &p.1)?))
    };
    let q_signed = neg(&key.point, &a.negative)?;
    let r_signed = neg(&r_point, &!b.negative.clone())?;
    let tq = table(cs, &q_signed, &hash_to_curve(OFFSET_Q))?;
    let tr = table(cs, &r_signed, &hash_to_curve(OFFSET_R))?;
    let windows = SHORT_BITS.div_ceil(JOINT_WINDOW);
    let window_bits = |v: &[Boolean<Fr>], w: usize| -> Vec<Boolean<Fr>> {
        (0..JOINT_WINDOW)
            .map(|i| {
                v.get(w * JOINT_WINDOW + i)
                    .cloned()
                    .unwrap_or(Boolean::FALSE)
            })
            .collect()
    };
    let mut joint: Option<Point> = None;
    for w in (0..windows).rev() {
        let mut acc = match joint {
            None => select(&window_bits(&a.bits, w), &tq)?,
            Some(mut acc) => {
                for _ in 0..JOINT_WINDOW {
                    acc = double(cs, &acc)?;
                }
                add_checked(cs, &acc, &select(&window_bits(&a.bits, w), &tq)?)?
            }
        };
        acc = add_checked(cs, &acc, &select(&window_bits(&b.bits, w), &tr)?)?;
        joint = Some(acc);
    }
    let joint = joint.ok_or(SynthesisError::Unsatisfiable)?;
    drop(_joint);

    // (b·u1)·G + a·Q - b·R + offsets = offsets.
    let _ns = named!("sum_is_offsets");
    let total = add_checked(cs, &fixed, &joint)?;
    let expected = offset_total();
    enforce_mod_p(cs, &[], &total.0.minus(&FqLimbs::constant(expected.x)))?;
    enforce_mod_p(cs, &[], &total.1.minus(&FqLimbs::constant(expected.y)))
}

/// Proves a witness point is on P-256 (for keys that come from elsewhere in the circuit).
pub fn point_on_curve(
    cs: &ConstraintSystemRef<Fr>,
    value: Option<Affine>,
) -> Result<KeyPoint, SynthesisError> {
    let _ns = named!("key");
    point_witness(cs, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        p256::{
            tests::{digest_bits, sign},
            use_wide_limbs, verify_native,
        },
        testing::{assert_fails_at, synthesize_with},
    };
    use ark_std::UniformRand;
    use sha2::{Digest, Sha256};

    #[test]
    fn short_decomposition_is_short_and_correct() {
        let mut rng = rand::thread_rng();
        for _ in 0..50 {
            let u = Scalar::rand(&mut rng);
            let ((a, an), (b, bn)) = short_decomposition(&u);
            let signed = |v: Scalar, neg: bool| if neg { -v } else { v };
            assert_eq!(signed(a, an), signed(b, bn) * u);
            assert!(!b.is_zero());
            for v in [a, b] {
                assert!(v.into_bigint().num_bits() <= SHORT_BITS as u32);
            }
        }
    }

    /// A signed digest under a fresh key, the honest advice, and a synthesis of the check.
    struct Signed {
        key: Affine,
        digest: [u8; 32],
        r: Scalar,
        s: Scalar,
        honest: VarKeyAdvice,
    }

    fn signed() -> Signed {
        let mut rng = rand::thread_rng();
        let sk = Scalar::rand(&mut rng);
        let key = (Projective::generator() * sk).into_affine();
        let digest: [u8; 32] = Sha256::digest(b"eUICC TBS").into();
        let (r, s) = sign(sk, &digest, &mut rng);
        assert!(verify_native(&key, &digest, r, s));
        let honest = advice(&key, &digest, r, s).unwrap();
        Signed {
            key,
            digest,
            r,
            s,
            honest,
        }
    }

    fn run(
        key: Affine,
        digest: &[u8; 32],
        sig: (Scalar, Scalar),
        adv: Option<VarKeyAdvice>,
    ) -> crate::testing::Synthesis {
        synthesize_with(|cs| {
            use_wide_limbs(&cs);
            let bits = digest_bits(&cs, digest)?;
            let k = point_on_curve(&cs, Some(key))?;
            verify(&cs, &bits, &k, Some(sig), adv)
        })
    }

    #[test]
    fn verifies_under_a_witness_key_with_either_s() {
        let Signed {
            key,
            digest,
            r,
            s,
            honest,
        } = signed();
        let synthesis = run(key, &digest, (r, s), Some(honest));
        assert_eq!(synthesis.result, Ok(()));
        eprintln!(
            "ecdsa, key as witness: {} constraints",
            synthesis.constraints
        );
        let high = advice(&key, &digest, r, -s).unwrap();
        assert_eq!(
            run(key, &digest, (r, -s), Some(high)).result,
            Ok(()),
            "high S"
        );
    }

    // Forgeries, in two tests so that the test threads synthesise them side by side.

    #[test]
    fn another_key_digest_or_r_point_fails_at_its_constraint() {
        let Signed {
            key,
            digest,
            r,
            s,
            honest,
        } = signed();
        let mut rng = rand::thread_rng();
        // Another key, another digest, another R: x(R) is not r.
        let other = (Projective::generator() * Scalar::rand(&mut rng)).into_affine();
        let forged = advice(&other, &digest, r, s).unwrap();
        let mut d2 = digest;
        d2[0] ^= 1;
        let a2 = advice(&key, &d2, r, s).unwrap();
        let mut wrong_r = honest;
        wrong_r.r_point = (wrong_r.r_point.into_group() + Projective::generator()).into_affine();
        // -R has the same x: only the final equation can refuse it.
        let mut negated_r = honest;
        negated_r.r_point = -honest.r_point;
        // R off the curve.
        let mut off_curve = honest;
        off_curve.r_point = Affine::new_unchecked(
            honest.r_point.x,
            honest.r_point.y + ark_secp256r1::Fq::from(1u64),
        );
        let cases = [
            (other, digest, forged, "ecdsa_var/x_mod_n_is_r"),
            (key, d2, a2, "ecdsa_var/x_mod_n_is_r"),
            (key, digest, wrong_r, "ecdsa_var/x_mod_n_is_r"),
            (key, digest, negated_r, "ecdsa_var/sum_is_offsets"),
            (key, digest, off_curve, "ecdsa_var/r_point/on_curve"),
        ];
        for (key, digest, adv, expected) in cases {
            assert_fails_at(run(key, &digest, (r, s), Some(adv)).result, expected);
        }
    }

    #[test]
    fn a_forged_decomposition_or_zero_scalar_fails_at_its_constraint() {
        let Signed {
            key,
            digest,
            r,
            s,
            honest,
        } = signed();
        // A decomposition that is not one of u2, a zero b, an |a| of 130 bits.
        let mut wrong_a = honest;
        wrong_a.a.0 += Scalar::from(1u64);
        let mut zero_b = honest;
        zero_b.a = (Scalar::zero(), false);
        zero_b.b = (Scalar::zero(), false);
        let mut long_a = honest;
        long_a.a.0 += Scalar::from(2u64).pow([SHORT_BITS as u64]);
        let r0 = advice(&key, &digest, Scalar::zero(), s).unwrap();
        let cases = [
            ((r, s), wrong_a, "ecdsa_var/a_is_b_u2"),
            ((r, s), zero_b, "ecdsa_var/b_nonzero"),
            ((r, s), long_a, "ecdsa_var/a/short"),
            ((Scalar::zero(), s), r0, "ecdsa_var/r_nonzero"),
            ((r, Scalar::zero()), honest, "ecdsa_var/s_nonzero"),
        ];
        for (sig, adv, expected) in cases {
            assert_fails_at(run(key, &digest, sig, Some(adv)).result, expected);
        }
    }
}
