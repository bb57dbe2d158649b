//! An arkworks constraint system in iden3's binary formats, for snarkjs: the constraints as
//! `.r1cs` (r1csfile v1: header, constraints and wire-to-label sections) and the full assignment
//! as `.wtns` (v2).
//!
//! Wires are arkworks' variables in arkworks' order: wire 0 the constant one, wire 1 the public
//! input (declared as a public input, so snarkjs's `public.json` is `[statement hash]`), then the
//! witness variables. Field elements are 32 bytes little-endian in standard (not Montgomery)
//! form, as circom writes them.

use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField, Zero};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, OptimizationGoal, SynthesisMode,
    R1CS_PREDICATE_LABEL,
};
use std::collections::BTreeMap;

/// The circuit synthesized as ark-groth16's prover does (constraints optimised, LCs inlined).
pub fn synthesize(circuit: impl ConstraintSynthesizer<Fr>) -> ConstraintSystemRef<Fr> {
    let cs = ConstraintSystem::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices: true,
        generate_lc_assignments: false,
    });
    circuit.generate_constraints(cs.clone()).expect("synthesis");
    cs.finalize();
    cs
}

fn le32(x: &Fr) -> Vec<u8> {
    let mut b = x.into_bigint().to_bytes_le();
    b.resize(32, 0);
    b
}

fn modulus_le() -> Vec<u8> {
    let mut b = Fr::MODULUS.to_bytes_le();
    b.resize(32, 0);
    b
}

fn section(out: &mut Vec<u8>, kind: u32, body: &[u8]) {
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(body);
}

/// `circuit.r1cs`.
pub fn r1cs(cs: &ConstraintSystemRef<Fr>) -> Vec<u8> {
    let matrices = &cs.to_matrices().expect("matrices")[R1CS_PREDICATE_LABEL];
    assert_eq!(matrices.len(), 3, "A, B, C");
    let n_constraints = matrices[0].len();
    let n_instance = cs.num_instance_variables();
    let n_wires = cs.num_variables();
    assert_eq!(n_wires, n_instance + cs.num_witness_variables());

    let mut header = Vec::new();
    header.extend_from_slice(&32u32.to_le_bytes());
    header.extend_from_slice(&modulus_le());
    header.extend_from_slice(&(n_wires as u32).to_le_bytes());
    header.extend_from_slice(&0u32.to_le_bytes()); // public outputs
    header.extend_from_slice(&((n_instance - 1) as u32).to_le_bytes()); // public inputs
    header.extend_from_slice(&0u32.to_le_bytes()); // private inputs (all internal)
    header.extend_from_slice(&(n_wires as u64).to_le_bytes()); // labels
    header.extend_from_slice(&(n_constraints as u32).to_le_bytes());

    let mut constraints = Vec::new();
    for row in 0..n_constraints {
        for m in matrices {
            // One term per wire (snarkjs keeps the last of repeated wires): add them up.
            let mut terms: BTreeMap<usize, Fr> = BTreeMap::new();
            for (coeff, wire) in &m[row] {
                *terms.entry(*wire).or_insert_with(Fr::zero) += coeff;
            }
            terms.retain(|_, c| !c.is_zero());
            constraints.extend_from_slice(&(terms.len() as u32).to_le_bytes());
            for (wire, coeff) in terms {
                assert!(wire < n_wires);
                constraints.extend_from_slice(&(wire as u32).to_le_bytes());
                constraints.extend_from_slice(&le32(&coeff));
            }
        }
    }
    let labels: Vec<u8> = (0..n_wires as u64).flat_map(u64::to_le_bytes).collect();

    let mut out = b"r1cs".to_vec();
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&3u32.to_le_bytes());
    section(&mut out, 1, &header);
    section(&mut out, 2, &constraints);
    section(&mut out, 3, &labels);
    out
}

/// The full assignment, wire by wire: `[1, public input, witness..]`.
pub fn assignment(cs: &ConstraintSystemRef<Fr>) -> Vec<Fr> {
    let mut all = cs.instance_assignment().expect("instance");
    all.extend(cs.witness_assignment().expect("witness"));
    all
}

/// `witness.wtns`.
pub fn wtns(cs: &ConstraintSystemRef<Fr>) -> Vec<u8> {
    let values = assignment(cs);
    let mut header = Vec::new();
    header.extend_from_slice(&32u32.to_le_bytes());
    header.extend_from_slice(&modulus_le());
    header.extend_from_slice(&(values.len() as u32).to_le_bytes());
    let body: Vec<u8> = values.iter().flat_map(le32).collect();
    let mut out = b"wtns".to_vec();
    out.extend_from_slice(&2u32.to_le_bytes());
    out.extend_from_slice(&2u32.to_le_bytes());
    section(&mut out, 1, &header);
    section(&mut out, 2, &body);
    out
}
