//! P-256 base-field arithmetic over BN254 for the variable-base ECDSA check
//! ([`crate::p256_var`]): a point operation costs about a third of what it costs with arkworks'
//! `EmulatedFpVar`, because nothing is ever reduced; each relation a point formula needs is
//! proven once, as an integer identity.
//!
//! # Representation
//! An element is a polynomial `Σ l_k·X^k` at `X = 2^52` whose coefficients (limbs) are BN254
//! variables with a known integer range. A witness element has five limbs proven in `[0, 2^52)`
//! (the top one in `[0, 2^48)`): its value is below `2^256`, not necessarily below `p`. Sums,
//! differences and small multiples are limb-wise; their ranges are tracked exactly during
//! synthesis (they depend on the circuit, never on the witness).
//!
//! # Proving a relation modulo p
//! `S = Σ c_j·A_j·B_j + L ≡ 0 (mod p)`, for small integers `c_j` and `L` linear in elements, is
//! proven as the integer identity `S = q·p` ([`enforce_mod_p`]):
//! 1. the coefficients `W_k` of `Σ c_j·A_j(X)·B_j(X)` are witnesses pinned by evaluating both
//!    sides at `deg + 1` distinct small points (one constraint per product and point): the two
//!    polynomials agree in the field, and since the true coefficients are integers far below the
//!    field size, the `W_k` are those integers;
//! 2. `q`, shifted into a range computed from the limb ranges, is a witness proven by bits;
//! 3. `P(X) = W(X) + L(X) - q(X)·p(X)` must vanish at `X = 2^52` over the integers
//!    ([`enforce_integer_zero`]): its coefficients are summed in groups as long as the sum stays
//!    below `2^250` in magnitude, each group plus the previous carry is proven to be
//!    `carry·2^(52·g)` with the carry proven by bits, and the last group plus carry is zero. Every
//!    quantity in these equations is below half the field size, so each holds over the integers,
//!    and together they say `P(2^52) = 0`.
//!
//! Synthesis refuses ([`SynthesisError::Unsatisfiable`]) a relation whose ranges would let any of
//! these sums wrap around the field: a layout error cannot become a soundness hole.

use crate::{
    gadgets::{linear, named, to_bits},
    Fr,
};
use ark_ff::{BigInteger, Field, One, PrimeField, Zero};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_secp256r1::Fq;
use num_bigint::{BigInt, Sign};

/// Bits per limb.
pub const LIMB_BITS: usize = 52;
/// Limbs of a witness element.
pub const LIMBS: usize = 5;
/// Bits of the top limb of a witness element (`4·52 + 48 = 256`).
const TOP_BITS: usize = 256 - LIMB_BITS * (LIMBS - 1);
/// Largest magnitude (in bits) any linear combination may reach; BN254's `r/2` is above `2^253`.
const SAFE_BITS: u64 = 250;

/// An integer interval `[lo, hi]`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Range {
    lo: BigInt,
    hi: BigInt,
}

impl Range {
    fn point(v: BigInt) -> Self {
        Range {
            lo: v.clone(),
            hi: v,
        }
    }

    fn bits(n: usize) -> Self {
        Range {
            lo: BigInt::zero(),
            hi: (BigInt::one() << n) - 1,
        }
    }

    fn add(&self, o: &Range) -> Range {
        Range {
            lo: &self.lo + &o.lo,
            hi: &self.hi + &o.hi,
        }
    }

    fn scale(&self, c: &BigInt) -> Range {
        let (a, b) = (&self.lo * c, &self.hi * c);
        if c.sign() == Sign::Minus {
            Range { lo: b, hi: a }
        } else {
            Range { lo: a, hi: b }
        }
    }

    fn mul(&self, o: &Range) -> Range {
        let corners = [
            &self.lo * &o.lo,
            &self.lo * &o.hi,
            &self.hi * &o.lo,
            &self.hi * &o.hi,
        ];
        Range {
            lo: corners.iter().min().cloned().unwrap_or_default(),
            hi: corners.iter().max().cloned().unwrap_or_default(),
        }
    }

    fn union(&self, o: &Range) -> Range {
        Range {
            lo: (&self.lo).min(&o.lo).clone(),
            hi: (&self.hi).max(&o.hi).clone(),
        }
    }

    fn magnitude(&self) -> BigInt {
        self.lo.magnitude().max(self.hi.magnitude()).clone().into()
    }

    /// Whether every value of the range is represented by a unique field element of magnitude
    /// below `2^SAFE_BITS`.
    fn is_safe(&self) -> bool {
        self.magnitude().bits() <= SAFE_BITS
    }
}

/// `v` as a field element (negative integers as `r - |v|`).
fn to_fr(v: &BigInt) -> Fr {
    let m = Fr::from_le_bytes_mod_order(&v.magnitude().to_bytes_le());
    if v.sign() == Sign::Minus {
        -m
    } else {
        m
    }
}

/// The integer of magnitude below `r/2` that `v` represents.
fn from_fr(v: Fr) -> BigInt {
    let r = BigInt::from_bytes_le(Sign::Plus, &Fr::MODULUS.to_bytes_le());
    let x = BigInt::from_bytes_le(Sign::Plus, &v.into_bigint().to_bytes_le());
    if &x + &x > r {
        x - r
    } else {
        x
    }
}

/// `a / d` rounded down, for `d > 0`.
fn div_floor(a: &BigInt, d: &BigInt) -> BigInt {
    let q = a / d;
    if a.sign() == Sign::Minus && &q * d != *a {
        q - 1
    } else {
        q
    }
}

/// `a / d` rounded up, for `d > 0`.
fn div_ceil(a: &BigInt, d: &BigInt) -> BigInt {
    -div_floor(&-a, d)
}

fn modulus() -> BigInt {
    BigInt::from_bytes_le(Sign::Plus, &Fq::MODULUS.to_bytes_le())
}

/// The limbs of a non-negative integer, `n` of them (the last takes what is left).
fn split(v: &BigInt, n: usize) -> Vec<BigInt> {
    let mask = (BigInt::one() << LIMB_BITS) - 1;
    (0..n)
        .map(|k| {
            let shifted = v >> (LIMB_BITS * k);
            if k + 1 == n {
                shifted
            } else {
                shifted & &mask
            }
        })
        .collect()
}

/// A polynomial in `X = 2^52` with variable coefficients of known range: a P-256 base-field
/// element (five limbs), or an intermediate of a relation.
#[derive(Clone, Debug)]
pub struct FqLimbs {
    limbs: Vec<FpVar<Fr>>,
    ranges: Vec<Range>,
}

impl FqLimbs {
    /// An integer constant (limbs of `|v|`, negated if `v < 0`).
    fn integer(v: &BigInt) -> Self {
        let n = (v.magnitude().bits() as usize).div_ceil(LIMB_BITS).max(1);
        let negative = v.sign() == Sign::Minus;
        let limbs: Vec<BigInt> = split(&v.magnitude().clone().into(), n)
            .into_iter()
            .map(|l| if negative { -l } else { l })
            .collect();
        FqLimbs {
            limbs: limbs.iter().map(|l| FpVar::Constant(to_fr(l))).collect(),
            ranges: limbs.into_iter().map(Range::point).collect(),
        }
    }

    /// A field constant, canonical.
    pub fn constant(v: Fq) -> Self {
        Self::integer(&BigInt::from_bytes_le(
            Sign::Plus,
            &v.into_bigint().to_bytes_le(),
        ))
    }

    /// A witness below `2^256` and its 256 little-endian bits: five range-checked limbs.
    pub fn witness_with_bits(
        cs: &ConstraintSystemRef<Fr>,
        value: impl FnOnce() -> Result<Fq, SynthesisError>,
    ) -> Result<(Self, Vec<FpVar<Fr>>), SynthesisError> {
        Self::integer_witness(
            cs,
            value().map(|v| BigInt::from_bytes_le(Sign::Plus, &v.into_bigint().to_bytes_le())),
        )
    }

    /// [`Self::witness_with_bits`] for an integer: one outside `[0, 2^256)` (only a forged
    /// witness has one) fails its limbs' bits.
    fn integer_witness(
        cs: &ConstraintSystemRef<Fr>,
        value: Result<BigInt, SynthesisError>,
    ) -> Result<(Self, Vec<FpVar<Fr>>), SynthesisError> {
        let parts = value.map(|v| {
            if v.sign() == Sign::Minus {
                vec![BigInt::from(-1); LIMBS]
            } else {
                split(&v, LIMBS)
            }
        });
        let mut limbs = Vec::with_capacity(LIMBS);
        let mut ranges = Vec::with_capacity(LIMBS);
        let mut bits = Vec::with_capacity(256);
        for k in 0..LIMBS {
            let width = if k + 1 == LIMBS { TOP_BITS } else { LIMB_BITS };
            let limb = FpVar::new_witness(cs.clone(), || {
                parts.as_ref().map(|p| to_fr(&p[k])).map_err(|e| *e)
            })?;
            bits.extend(to_bits(cs, &limb, width)?);
            limbs.push(limb);
            ranges.push(Range::bits(width));
        }
        Ok((FqLimbs { limbs, ranges }, bits))
    }

    /// A witness below `2^256`.
    pub fn witness(
        cs: &ConstraintSystemRef<Fr>,
        value: impl FnOnce() -> Result<Fq, SynthesisError>,
    ) -> Result<Self, SynthesisError> {
        Ok(Self::witness_with_bits(cs, value)?.0)
    }

    /// A witness proven below `p` and its 256 canonical little-endian bits: `p - 1 - v` is a
    /// second witness below `2^256` and the two add up to `p - 1` over the integers.
    pub fn canonical_witness(
        cs: &ConstraintSystemRef<Fr>,
        value: impl FnOnce() -> Result<Fq, SynthesisError>,
    ) -> Result<(Self, Vec<FpVar<Fr>>), SynthesisError> {
        Self::canonical_integer_witness(
            cs,
            value().map(|v| BigInt::from_bytes_le(Sign::Plus, &v.into_bigint().to_bytes_le())),
        )
    }

    fn canonical_integer_witness(
        cs: &ConstraintSystemRef<Fr>,
        value: Result<BigInt, SynthesisError>,
    ) -> Result<(Self, Vec<FpVar<Fr>>), SynthesisError> {
        let p_minus_1 = modulus() - 1;
        let complement = value.as_ref().map(|v| &p_minus_1 - v).map_err(|e| *e);
        let (v, bits) = Self::integer_witness(cs, value)?;
        let _ns = named!("canonical");
        let (complement, _) = Self::integer_witness(cs, complement)?;
        enforce_integer_zero(cs, &v.plus(&complement).minus(&Self::integer(&p_minus_1)))?;
        Ok((v, bits))
    }

    /// The integer this polynomial evaluates to at `2^52` (limbs read as integers of their range).
    pub fn integer_value(&self) -> Result<BigInt, SynthesisError> {
        let mut acc = BigInt::zero();
        for limb in self.limbs.iter().rev() {
            acc = (acc << LIMB_BITS) + from_fr(limb.value()?);
        }
        Ok(acc)
    }

    /// The field element this stands for.
    pub fn value(&self) -> Result<Fq, SynthesisError> {
        let v = self.integer_value()?;
        let m = modulus();
        let reduced = ((v % &m) + &m) % &m;
        Ok(Fq::from_le_bytes_mod_order(
            &reduced.magnitude().to_bytes_le(),
        ))
    }

    fn zip(
        &self,
        o: &Self,
        f: impl Fn(&FpVar<Fr>, &FpVar<Fr>) -> FpVar<Fr>,
        g: impl Fn(&Range, &Range) -> Range,
    ) -> Self {
        let n = self.limbs.len().max(o.limbs.len());
        let zero = (FpVar::Constant(Fr::zero()), Range::point(BigInt::zero()));
        let at = |p: &Self, k: usize| {
            p.limbs
                .get(k)
                .cloned()
                .zip(p.ranges.get(k).cloned())
                .unwrap_or_else(|| zero.clone())
        };
        let (limbs, ranges) = (0..n)
            .map(|k| {
                let (a, ra) = at(self, k);
                let (b, rb) = at(o, k);
                (f(&a, &b), g(&ra, &rb))
            })
            .unzip();
        FqLimbs { limbs, ranges }
    }

    /// `self + o`, limb-wise.
    pub fn plus(&self, o: &Self) -> Self {
        self.zip(o, |a, b| a + b, Range::add)
    }

    /// `self - o`, limb-wise.
    pub fn minus(&self, o: &Self) -> Self {
        self.zip(o, |a, b| a - b, |a, b| a.add(&b.scale(&BigInt::from(-1))))
    }

    /// `c·self`, limb-wise.
    pub fn times(&self, c: i64) -> Self {
        let cb = BigInt::from(c);
        FqLimbs {
            limbs: self.limbs.iter().map(|l| l * Fr::from(c)).collect(),
            ranges: self.ranges.iter().map(|r| r.scale(&cb)).collect(),
        }
    }

    /// `-self`, limb-wise.
    pub fn negate(&self) -> Self {
        self.times(-1)
    }

    /// `if cond { a } else { b }`, limb-wise (one constraint per variable limb).
    pub fn select(cond: &Boolean<Fr>, a: &Self, b: &Self) -> Result<Self, SynthesisError> {
        let n = a.limbs.len().max(b.limbs.len());
        let pad = |p: &Self| {
            let mut p = p.clone();
            while p.limbs.len() < n {
                p.limbs.push(FpVar::Constant(Fr::zero()));
                p.ranges.push(Range::point(BigInt::zero()));
            }
            p
        };
        let (a, b) = (pad(a), pad(b));
        let limbs = a
            .limbs
            .iter()
            .zip(&b.limbs)
            .map(|(x, y)| cond.select(x, y))
            .collect::<Result<Vec<_>, _>>()?;
        let ranges = a
            .ranges
            .iter()
            .zip(&b.ranges)
            .map(|(x, y)| x.union(y))
            .collect();
        Ok(FqLimbs { limbs, ranges })
    }

    /// `entries[index]` where `position` spells the index, most significant bit first.
    pub fn select_power_of_two(
        position: &[Boolean<Fr>],
        entries: &[Self],
    ) -> Result<Self, SynthesisError> {
        let n = entries.iter().map(|e| e.limbs.len()).max().unwrap_or(0);
        let mut limbs = Vec::with_capacity(n);
        let mut ranges = Vec::with_capacity(n);
        for k in 0..n {
            let column: Vec<FpVar<Fr>> = entries
                .iter()
                .map(|e| {
                    e.limbs
                        .get(k)
                        .cloned()
                        .unwrap_or(FpVar::Constant(Fr::zero()))
                })
                .collect();
            limbs.push(FpVar::conditionally_select_power_of_two_vector(
                position, &column,
            )?);
            let range = entries
                .iter()
                .map(|e| {
                    e.ranges
                        .get(k)
                        .cloned()
                        .unwrap_or(Range::point(BigInt::zero()))
                })
                .reduce(|a, b| a.union(&b))
                .ok_or(SynthesisError::Unsatisfiable)?;
            ranges.push(range);
        }
        Ok(FqLimbs { limbs, ranges })
    }

    /// Entry `index` of each column of constants, `index` spelled by the little-endian `bits`
    /// (boolean variables): one shared one-hot indicator vector (`2^bits - 2` constraints), then
    /// one fresh variable per limb (one constraint each), ranged by the column's entries.
    pub(crate) fn lookup_constants(
        cs: &ConstraintSystemRef<Fr>,
        bits: &[FpVar<Fr>],
        columns: &[&[Fq]],
    ) -> Result<Vec<Self>, SynthesisError> {
        let indicators = crate::gadgets::indicators(bits);
        columns
            .iter()
            .map(|column| {
                if column.len() != indicators.len() {
                    return Err(SynthesisError::Unsatisfiable);
                }
                Self::lookup_column(cs, &indicators, column)
            })
            .collect()
    }

    fn lookup_column(
        cs: &ConstraintSystemRef<Fr>,
        indicators: &[FpVar<Fr>],
        entries: &[Fq],
    ) -> Result<Self, SynthesisError> {
        let constants: Vec<FqLimbs> = entries.iter().map(|e| Self::constant(*e)).collect();
        let mut limbs = Vec::with_capacity(LIMBS);
        let mut ranges = Vec::with_capacity(LIMBS);
        for k in 0..LIMBS {
            let coeff = |c: &FqLimbs| match c.limbs.get(k) {
                Some(FpVar::Constant(v)) => *v,
                _ => Fr::zero(),
            };
            let lc = linear(
                indicators
                    .iter()
                    .zip(&constants)
                    .map(|(i, c)| (coeff(c), i))
                    .filter(|(c, _)| !c.is_zero()),
            );
            let limb = FpVar::new_witness(cs.clone(), || lc.value())?;
            limb.enforce_equal(&lc)?;
            limbs.push(limb);
            let range = constants
                .iter()
                .map(|c| Range::point(from_fr(coeff(c))))
                .reduce(|a, b| a.union(&b))
                .ok_or(SynthesisError::Unsatisfiable)?;
            ranges.push(range);
        }
        Ok(FqLimbs { limbs, ranges })
    }

    fn range_of_value(&self) -> Range {
        let mut lo = BigInt::zero();
        let mut hi = BigInt::zero();
        for r in self.ranges.iter().rev() {
            lo = (lo << LIMB_BITS) + &r.lo;
            hi = (hi << LIMB_BITS) + &r.hi;
        }
        Range { lo, hi }
    }
}

/// Proves `Σ c_j·A_j·B_j + rest ≡ 0 (mod p)` (see the module documentation).
pub fn enforce_mod_p(
    cs: &ConstraintSystemRef<Fr>,
    products: &[(i64, &FqLimbs, &FqLimbs)],
    rest: &FqLimbs,
) -> Result<(), SynthesisError> {
    // The product polynomial's coefficient ranges and, when proving, its coefficients.
    let degree = products
        .iter()
        .map(|(_, a, b)| a.limbs.len() + b.limbs.len() - 2)
        .max();
    let mut sum = rest.clone();
    if let Some(degree) = degree {
        let mut ranges = vec![Range::point(BigInt::zero()); degree + 1];
        for (c, a, b) in products {
            let c = BigInt::from(*c);
            for (i, ra) in a.ranges.iter().enumerate() {
                for (l, rb) in b.ranges.iter().enumerate() {
                    ranges[i + l] = ranges[i + l].add(&ra.mul(rb).scale(&c));
                }
            }
        }
        let coefficients = || -> Result<Vec<BigInt>, SynthesisError> {
            let mut w = vec![BigInt::zero(); degree + 1];
            for (c, a, b) in products {
                let av = a
                    .limbs
                    .iter()
                    .map(|l| l.value().map(from_fr))
                    .collect::<Result<Vec<_>, _>>()?;
                let bv = b
                    .limbs
                    .iter()
                    .map(|l| l.value().map(from_fr))
                    .collect::<Result<Vec<_>, _>>()?;
                for (i, x) in av.iter().enumerate() {
                    for (l, y) in bv.iter().enumerate() {
                        w[i + l] += x * y * BigInt::from(*c);
                    }
                }
            }
            Ok(w)
        };
        let values = coefficients();
        let w = (0..=degree)
            .map(|k| {
                FpVar::new_witness(cs.clone(), || {
                    values.as_ref().map(|v| to_fr(&v[k])).map_err(|e| *e)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if ranges.iter().any(|r| !r.is_safe()) {
            return Err(SynthesisError::Unsatisfiable);
        }
        // Both sides at t = 0..=degree.
        for t in 0..=degree as u64 {
            let powers: Vec<Fr> = (0..=degree).map(|k| Fr::from(t).pow([k as u64])).collect();
            let at = |p: &FqLimbs| linear(p.limbs.iter().enumerate().map(|(k, l)| (powers[k], l)));
            let mut rhs = linear(w.iter().enumerate().map(|(k, l)| (powers[k], l)));
            let (last, others) = products.split_last().ok_or(SynthesisError::Unsatisfiable)?;
            for (c, a, b) in others {
                let m = at(a) * at(b);
                rhs -= m * Fr::from(*c);
            }
            let (c, a, b) = last;
            let c_inv = Fr::from(*c)
                .inverse()
                .ok_or(SynthesisError::Unsatisfiable)?;
            at(a).mul_equals(&at(b), &(rhs * c_inv))?;
        }
        sum = sum.plus(&FqLimbs { limbs: w, ranges });
    }

    // q with S = q·p, shifted into [0, q_hi - q_lo].
    let p = modulus();
    let s_range = sum.range_of_value();
    let (q_lo, q_hi) = (div_floor(&s_range.lo, &p), div_ceil(&s_range.hi, &p));
    let width = (&q_hi - &q_lo).bits() as usize;
    let n = width.div_ceil(LIMB_BITS).max(1);
    let shifted = sum.integer_value().map(|s| div_floor(&s, &p) - &q_lo);
    let parts = shifted.map(|v| {
        // A forged witness may put q out of range: its limbs then fail their bits.
        let v = if v.sign() == Sign::Minus {
            BigInt::zero()
        } else {
            v
        };
        split(&v, n)
    });
    let mut q = FqLimbs {
        limbs: Vec::with_capacity(n),
        ranges: Vec::with_capacity(n),
    };
    for k in 0..n {
        let bits = if k + 1 == n {
            width - LIMB_BITS * (n - 1)
        } else {
            LIMB_BITS
        };
        let limb = FpVar::new_witness(cs.clone(), || {
            parts.as_ref().map(|p| to_fr(&p[k])).map_err(|e| *e)
        })?;
        to_bits(cs, &limb, bits)?;
        q.limbs.push(limb);
        q.ranges.push(Range::bits(bits));
    }
    let q = q.plus(&FqLimbs::integer(&q_lo));
    enforce_integer_zero(cs, &sum.minus(&multiply_by_constant(&q, &p)))
}

/// `c·v` for a non-negative integer constant `c`, as a polynomial (linear in `v`'s limbs).
fn multiply_by_constant(v: &FqLimbs, c: &BigInt) -> FqLimbs {
    let cl = FqLimbs::integer(c);
    let n = v.limbs.len() + cl.limbs.len() - 1;
    let mut out = FqLimbs {
        limbs: vec![FpVar::Constant(Fr::zero()); n],
        ranges: vec![Range::point(BigInt::zero()); n],
    };
    let mut terms: Vec<Vec<(Fr, &FpVar<Fr>)>> = vec![Vec::new(); n];
    for (i, (l, r)) in v.limbs.iter().zip(&v.ranges).enumerate() {
        for (j, cr) in cl.ranges.iter().enumerate() {
            terms[i + j].push((to_fr(&cr.lo), l));
            out.ranges[i + j] = out.ranges[i + j].add(&r.scale(&cr.lo));
        }
    }
    for (k, t) in terms.into_iter().enumerate() {
        out.limbs[k] = linear(t);
    }
    out
}

/// Proves that the polynomial vanishes at `X = 2^52` over the integers (see the module
/// documentation): grouped coefficients, carries proven by bits.
pub fn enforce_integer_zero(
    cs: &ConstraintSystemRef<Fr>,
    poly: &FqLimbs,
) -> Result<(), SynthesisError> {
    let n = poly.limbs.len();
    if poly.ranges.iter().any(|r| !r.is_safe()) {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut carry: Option<(FpVar<Fr>, Range)> = None;
    let mut start = 0;
    while start < n {
        // The longest group from `start` whose sum (with the carry) stays safe.
        let mut end = start;
        let mut range = carry
            .as_ref()
            .map(|c| c.1.clone())
            .unwrap_or(Range::point(BigInt::zero()));
        while end < n {
            let shift = BigInt::one() << (LIMB_BITS * (end - start));
            let next = range.add(&poly.ranges[end].scale(&shift));
            if !next.is_safe() {
                break;
            }
            range = next;
            end += 1;
        }
        if end == start {
            return Err(SynthesisError::Unsatisfiable);
        }
        let mut terms: Vec<(Fr, &FpVar<Fr>)> = (start..end)
            .map(|k| {
                (
                    Fr::from(2u64).pow([(LIMB_BITS * (k - start)) as u64]),
                    &poly.limbs[k],
                )
            })
            .collect();
        if let Some((c, _)) = &carry {
            terms.push((Fr::one(), c));
        }
        let group = linear(terms);
        if end == n {
            return group.enforce_equal(&FpVar::Constant(Fr::zero()));
        }
        // group = carry'·2^(52·len), carry' in its range, shifted to start at 0.
        let unit = BigInt::one() << (LIMB_BITS * (end - start));
        let next_range = Range {
            lo: div_floor(&range.lo, &unit),
            hi: div_ceil(&range.hi, &unit),
        };
        let width = (&next_range.hi - &next_range.lo).bits() as usize;
        let lo = next_range.lo.clone();
        // What the bits allow, which may exceed what the group needs.
        let carry_range = Range {
            hi: &lo + (BigInt::one() << width) - 1,
            lo: lo.clone(),
        };
        if !carry_range.scale(&unit).is_safe() {
            return Err(SynthesisError::Unsatisfiable);
        }
        let shifted = FpVar::new_witness(cs.clone(), || {
            let v = from_fr(group.value()?);
            Ok(to_fr(&(div_floor(&v, &unit) - &lo)))
        })?;
        to_bits(cs, &shifted, width)?;
        let next = &shifted + to_fr(&lo);
        group.enforce_equal(&(&next * to_fr(&unit)))?;
        carry = Some((next, carry_range));
        start = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_fails_at, synthesize_with};
    use ark_std::UniformRand;

    #[test]
    fn products_and_sums_modulo_p() {
        let mut rng = rand::thread_rng();
        let (a, b, c) = (Fq::rand(&mut rng), Fq::rand(&mut rng), Fq::rand(&mut rng));
        // a·b - c·c + 3a - (ab - c² + 3a) ≡ 0, with the result a witness.
        let expected = a * b - c * c + a * Fq::from(3u64);
        let run = |claimed: Fq| {
            synthesize_with(|cs| {
                let av = FqLimbs::witness(&cs, || Ok(a))?;
                let bv = FqLimbs::witness(&cs, || Ok(b))?;
                let cv = FqLimbs::witness(&cs, || Ok(c))?;
                let out = FqLimbs::witness(&cs, || Ok(claimed))?;
                let _ns = named!("relation");
                enforce_mod_p(
                    &cs,
                    &[(1, &av, &bv), (-1, &cv, &cv)],
                    &av.times(3).minus(&out),
                )
            })
        };
        let honest = run(expected);
        assert_eq!(honest.result, Ok(()));
        assert_fails_at(run(expected + Fq::one()).result, "relation");
    }

    #[test]
    fn a_canonical_witness_is_below_p() {
        let run = |v: BigInt| {
            synthesize_with(|cs| FqLimbs::canonical_integer_witness(&cs, Ok(v)).map(|_| ()))
        };
        assert_eq!(run(modulus() - 1).result, Ok(()));
        // p + 5 < 2^256 is the element 5 in unreduced form: not canonical.
        assert_fails_at(run(modulus() + 5).result, "canonical");
        assert_fails_at(run(modulus()).result, "canonical");
    }

    #[test]
    fn an_integer_identity_with_a_wrong_carry_is_refused() {
        // x + y = p - 1 over the integers, with y claimed one too high.
        let run = |y: BigInt| {
            synthesize_with(|cs| {
                let (x, _) = FqLimbs::integer_witness(&cs, Ok(BigInt::from(7)))?;
                let (y, _) = FqLimbs::integer_witness(&cs, Ok(y))?;
                let _ns = named!("sum");
                enforce_integer_zero(&cs, &x.plus(&y).minus(&FqLimbs::integer(&(modulus() - 1))))
            })
        };
        assert_eq!(run(modulus() - 8).result, Ok(()));
        assert_fails_at(run(modulus() - 7).result, "sum");
    }

    #[test]
    fn a_limb_outside_its_range_is_refused() {
        let run =
            |v: BigInt| synthesize_with(|cs| FqLimbs::integer_witness(&cs, Ok(v)).map(|_| ()));
        assert_eq!(run((BigInt::one() << 256) - 1).result, Ok(()));
        assert!(run(BigInt::one() << 256).result.is_err());
        assert!(run(BigInt::from(-1)).result.is_err());
    }
}
