//! The EID in a circuit: 32 decimal digits (the eUICC certificate's subject serialNumber), its
//! SGP.29 check digits, its IIN prefix, and the commitments that stand for it on-chain.
//!
//! An EID is below 10^32 < 2^107, so it is one field element. Valid check digits mean
//! `EID mod 97 = 1`: proven as `EID = 97·q + 1` with `q < 2^101` (so the equation cannot wrap
//! around the field). The IIN is the first 8 digits: `EID = IIN·10^24 + rest` with
//! `rest < 10^24`, both sides computed from the proven digits.

use crate::{
    gadgets::{linear, low_u64, named, range_check, range_check_below},
    poseidon, CircuitError, Fr,
};
use ark_ff::{Field, PrimeField};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// Digits of an EID.
pub const EID_DIGITS: usize = 32;
/// Digits of the IIN prefix (SGP.22).
pub const IIN_DIGITS: usize = 8;

/// The proven parts of an EID.
pub struct EidVars {
    /// The EID as a number.
    pub value: FpVar<Fr>,
    /// The first 8 digits as a number.
    pub iin: FpVar<Fr>,
}

fn pow10(k: usize) -> Fr {
    Fr::from(10u64).pow([k as u64])
}

/// Proves that the 32 characters `chars` are ASCII digits forming an EID with valid check digits,
/// and returns its value and IIN. About 400 constraints.
pub fn eid_gadget(
    cs: &ConstraintSystemRef<Fr>,
    chars: &[FpVar<Fr>],
) -> Result<EidVars, SynthesisError> {
    if chars.len() != EID_DIGITS {
        return Err(SynthesisError::Unsatisfiable);
    }
    let _ns = named!("eid");
    let digits = chars
        .iter()
        .map(|c| {
            let d = c - Fr::from(b'0' as u64);
            let _ns = named!("digit");
            range_check_below(cs, &d, 10, 4)?;
            Ok(d)
        })
        .collect::<Result<Vec<_>, SynthesisError>>()?;
    let number = |ds: &[FpVar<Fr>]| {
        linear(
            ds.iter()
                .enumerate()
                .map(|(i, d)| (pow10(ds.len() - 1 - i), d)),
        )
    };
    let value = number(&digits);
    let iin = number(&digits[..IIN_DIGITS]);
    // EID = 97·q + 1.
    let q = FpVar::new_witness(cs.clone(), || {
        let v = value.value()?.into_bigint();
        let mut limbs = v.as_ref().to_vec();
        // Long division of the (at most 107-bit) value by 97.
        let mut rem = 0u128;
        for limb in limbs.iter_mut().rev() {
            let cur = (rem << 64) | *limb as u128;
            *limb = (cur / 97) as u64;
            rem = cur % 97;
        }
        let mut bytes = Vec::with_capacity(32);
        for limb in &limbs {
            bytes.extend_from_slice(&limb.to_le_bytes());
        }
        Ok(Fr::from_le_bytes_mod_order(&bytes))
    })?;
    {
        let _ns = named!("quotient");
        range_check(cs, &q, 101)?;
    }
    let _check = named!("check_digits");
    (&q * Fr::from(97u64) + Fr::from(1u64)).enforce_equal(&value)?;
    Ok(EidVars { value, iin })
}

/// The EID as a field element (natively), or why it is not an EID.
pub fn eid_value(eid: &str) -> Result<Fr, CircuitError> {
    if eid.len() != EID_DIGITS || !eid.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CircuitError::Unsupported(format!(
            "EID {eid:?} is not 32 digits"
        )));
    }
    let rem = eid
        .bytes()
        .fold(0u32, |acc, d| (acc * 10 + (d - b'0') as u32) % 97);
    if rem != 1 {
        return Err(CircuitError::Unsupported(format!(
            "EID {eid} has wrong check digits"
        )));
    }
    Ok(eid.bytes().fold(Fr::from(0u64), |acc, d| {
        acc * Fr::from(10u64) + Fr::from((d - b'0') as u64)
    }))
}

/// The commitment a consumer registers: `Poseidon(EID, salt)`.
pub fn commitment(eid: Fr, salt: Fr) -> Result<Fr, CircuitError> {
    poseidon::hash(&[eid, salt])
}

/// The nullifier for one purpose: `Poseidon(EID, x_hi, x_lo, purpose)`, with `x` the
/// x-coordinate of the eUICC certificate's key (big-endian halves). Deterministic per chip and
/// purpose, so a chip has one commitment per purpose; it takes the chip's certificate to compute,
/// not only its EID: a list of candidate EIDs finds no one.
pub fn nullifier(eid: Fr, euicc_key_x: &[u8; 32], purpose: Fr) -> Result<Fr, CircuitError> {
    poseidon::hash(&[
        eid,
        Fr::from_be_bytes_mod_order(&euicc_key_x[..16]),
        Fr::from_be_bytes_mod_order(&euicc_key_x[16..]),
        purpose,
    ])
}

/// The IIN (first 8 digits) natively.
pub fn iin_value(eid: &str) -> Result<u64, CircuitError> {
    eid_value(eid)?;
    Ok(low_u64(&Fr::from(
        eid[..IIN_DIGITS]
            .parse::<u64>()
            .map_err(|e| CircuitError::Unsupported(e.to_string()))?,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_fails_at, check_with, Unsatisfied};
    use std::cell::Cell;

    /// Proves `eid` in the circuit: the value and IIN when every constraint holds.
    fn prove(eid: &[u8]) -> (Result<(), Unsatisfied>, Option<(Fr, Fr)>) {
        let values = Cell::new(None);
        let result = check_with(|cs| {
            let chars = eid
                .iter()
                .map(|c| FpVar::new_witness(cs.clone(), || Ok(Fr::from(*c as u64))))
                .collect::<Result<Vec<_>, _>>()?;
            let vars = eid_gadget(&cs, &chars)?;
            values.set(Some((vars.value.value()?, vars.iin.value()?)));
            Ok(())
        });
        (result, values.get())
    }

    #[test]
    fn valid_eids_prove_and_invalid_ones_do_not() {
        // The SGP.26 test eUICC's EID.
        let eid = "89049032123451234512345678901235";
        let (result, values) = prove(eid.as_bytes());
        assert_eq!(result, Ok(()));
        let (value, iin) = values.unwrap();
        assert_eq!(value, eid_value(eid).unwrap());
        assert_eq!(iin, Fr::from(89049032u64));
        assert_eq!(iin_value(eid).unwrap(), 89049032);
        assert_fails_at(
            prove(b"89049032123451234512345678901236").0,
            "eid/check_digits",
        );
        // ':' is the digit "10": refused by the digit's range check, before the check digits
        // (which it would fail as well).
        assert_fails_at(prove(b"8904903212345123451234567890123:").0, "eid/digit");
        assert!(eid_value("8904903212345123451234567890123").is_err());
        // Commitments differ by salt; nullifiers by purpose, never by salt.
        let v = eid_value(eid).unwrap();
        assert_ne!(
            commitment(v, Fr::from(1u64)).unwrap(),
            commitment(v, Fr::from(2u64)).unwrap()
        );
        assert_ne!(
            nullifier(v, &[7; 32], Fr::from(1u64)).unwrap(),
            nullifier(v, &[7; 32], Fr::from(2u64)).unwrap()
        );
        // Another chip's key with the same EID (a cloned EID): another nullifier.
        assert_ne!(
            nullifier(v, &[7; 32], Fr::from(1u64)).unwrap(),
            nullifier(v, &[8; 32], Fr::from(1u64)).unwrap()
        );
    }

    #[test]
    fn a_digit_character_past_nine_with_right_check_digits_is_refused() {
        // 29 digits, two more, then ':' (the "digit" 10): the two digits are chosen so that the
        // value has valid check digits anyway, and only the range check of ':' refuses it.
        let prefix = b"89049032123451234512345678901";
        let value = |ds: &[u8]| {
            ds.iter()
                .fold(0u128, |acc, d| acc * 10 + (d - b'0') as u128)
        };
        let k = (0..100u8)
            .find(|k| (value(prefix) * 1000 + *k as u128 * 10 + 10) % 97 == 1)
            .unwrap();
        let mut chars = prefix.to_vec();
        chars.extend([b'0' + k / 10, b'0' + k % 10, b':']);
        assert_fails_at(prove(&chars).0, "eid/digit");
    }
}
