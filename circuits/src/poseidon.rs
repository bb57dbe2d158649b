//! circom-compatible Poseidon over BN254 (x^5), natively and as an R1CS gadget.
//!
//! Both take their round constants and MDS matrices from light-poseidon, which is also what the
//! Solana runtime's `sol_poseidon` uses, so a hash computed in a circuit, in the SDK and on-chain is
//! the same number. The gadget mirrors light-poseidon's permutation step by step: state
//! `[0, inputs..]`, `R_F/2` full rounds, `R_P` partial rounds, `R_F/2` full rounds, output
//! `state[0]`. Linear layers are free linear combinations; each S-box costs 3 constraints.

use crate::{gadgets::linear, CircuitError, Fr};
use ark_ff::{PrimeField, Zero};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::SynthesisError;
use light_poseidon::{parameters::bn254_x5, Poseidon, PoseidonHasher, PoseidonParameters};

/// Most inputs one Poseidon call takes (width 13).
pub const MAX_INPUTS: usize = 12;

fn parameters(n_inputs: usize) -> Result<PoseidonParameters<Fr>, CircuitError> {
    if n_inputs == 0 || n_inputs > MAX_INPUTS {
        return Err(CircuitError::Poseidon(format!(
            "{n_inputs} inputs (1 to {MAX_INPUTS} allowed)"
        )));
    }
    bn254_x5::get_poseidon_parameters::<Fr>((n_inputs + 1) as u8)
        .map_err(|e| CircuitError::Poseidon(e.to_string()))
}

/// Poseidon of 1 to 12 field elements.
pub fn hash(inputs: &[Fr]) -> Result<Fr, CircuitError> {
    let mut hasher = Poseidon::<Fr>::new_circom(inputs.len())
        .map_err(|e| CircuitError::Poseidon(e.to_string()))?;
    hasher
        .hash(inputs)
        .map_err(|e| CircuitError::Poseidon(e.to_string()))
}

/// Poseidon of any number of elements, chained: the first call takes up to 12 elements, every
/// further call takes the previous digest and up to 11 more.
pub fn hash_chain(inputs: &[Fr]) -> Result<Fr, CircuitError> {
    let (first, mut rest) = inputs.split_at(inputs.len().min(MAX_INPUTS));
    let mut digest = hash(first)?;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(rest.len().min(MAX_INPUTS - 1));
        let mut call = Vec::with_capacity(chunk.len() + 1);
        call.push(digest);
        call.extend_from_slice(chunk);
        digest = hash(&call)?;
        rest = tail;
    }
    Ok(digest)
}

/// In-circuit Poseidon of 1 to 12 field elements.
pub fn hash_gadget(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let params = parameters(inputs.len()).map_err(|_| SynthesisError::Unsatisfiable)?;
    let width = params.width;
    let mut state: Vec<FpVar<Fr>> = Vec::with_capacity(width);
    state.push(FpVar::Constant(Fr::zero()));
    state.extend(inputs.iter().cloned());

    let half_full = params.full_rounds / 2;
    let rounds = params.full_rounds + params.partial_rounds;
    for round in 0..rounds {
        for (i, s) in state.iter_mut().enumerate() {
            *s = &*s + params.ark[round * width + i];
        }
        let full = round < half_full || round >= half_full + params.partial_rounds;
        let sboxed = if full { width } else { 1 };
        for s in state.iter_mut().take(sboxed) {
            *s = sbox(s)?;
        }
        state = (0..width)
            .map(|i| linear(state.iter().zip(&params.mds[i]).map(|(s, m)| (*m, s))))
            .collect();
    }
    Ok(state.swap_remove(0))
}

/// In-circuit [`hash_chain`].
pub fn hash_chain_gadget(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let (first, mut rest) = inputs.split_at(inputs.len().min(MAX_INPUTS));
    let mut digest = hash_gadget(first)?;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(rest.len().min(MAX_INPUTS - 1));
        let mut call = Vec::with_capacity(chunk.len() + 1);
        call.push(digest);
        call.extend_from_slice(chunk);
        digest = hash_gadget(&call)?;
        rest = tail;
    }
    Ok(digest)
}

/// x^5 in three constraints. Constants fold without constraints.
fn sbox(x: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let x2 = x.square()?;
    let x4 = x2.square()?;
    Ok(x4 * x)
}

/// A 32-byte big-endian value as a field element, reduced modulo r (callers pass values below r).
pub fn fr_from_be(bytes: &[u8; 32]) -> Fr {
    Fr::from_be_bytes_mod_order(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_relations::gr1cs::ConstraintSystem;

    #[test]
    fn gadget_matches_light_poseidon_for_every_width() {
        for n in 1..=MAX_INPUTS {
            let inputs: Vec<Fr> = (0..n as u64).map(|i| Fr::from(1000 + i * 7919)).collect();
            let cs = ConstraintSystem::<Fr>::new_ref();
            let vars: Vec<FpVar<Fr>> = inputs
                .iter()
                .map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap())
                .collect();
            let out = hash_gadget(&vars).unwrap();
            assert_eq!(
                out.value().unwrap(),
                hash(&inputs).unwrap(),
                "width {}",
                n + 1
            );
            assert!(cs.is_satisfied().unwrap());
        }
    }

    #[test]
    fn circom_reference_vector() {
        // circomlibjs: poseidon([1, 2]) =
        // 7853200120776062878684798364095072458815029376092732009249414926327459813530
        let expected = Fr::from_be_bytes_mod_order(&hex_literal(
            "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a",
        ));
        assert_eq!(hash(&[Fr::from(1u64), Fr::from(2u64)]).unwrap(), expected);
    }

    #[test]
    fn chain_gadget_matches_native_chain() {
        let inputs: Vec<Fr> = (0..30u64).map(Fr::from).collect();
        let cs = ConstraintSystem::<Fr>::new_ref();
        let vars: Vec<FpVar<Fr>> = inputs
            .iter()
            .map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap())
            .collect();
        assert_eq!(
            hash_chain_gadget(&vars).unwrap().value().unwrap(),
            hash_chain(&inputs).unwrap()
        );
        assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn too_many_inputs_is_an_error_not_a_panic() {
        assert!(hash(&[Fr::from(1u64); 13]).is_err());
        assert!(hash(&[]).is_err());
    }

    fn hex_literal(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }
}
