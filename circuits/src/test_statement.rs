//! **Test circuit.** Proves knowledge of a registration statement whose Poseidon hash is the public
//! input, and nothing about any certificate.
//!
//! It exists so that the registry, the SDK and the CLI can be exercised end to end with real
//! Groth16 proofs, real verifying keys and the same single public input as the certificate
//! circuits, before (and independently of) the certificate circuit. Anyone can prove any statement
//! with it: a verifying key of this circuit must never be registered on a cluster whose records
//! anybody relies on. `circuit_id` [`TEST_STATEMENT_CIRCUIT_ID`] (family `FAMILY_TEST`) marks it,
//! and only a localnet build of the registry (`cert_registry_localnet.so`) accepts its keys.

use crate::{poseidon, CircuitError, Fr};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use cert_registry::statement::STATEMENT_INPUTS;

/// Circuit id of the test circuit (`0xFFFF_0001`: family `FAMILY_TEST`, revision 1).
pub const TEST_STATEMENT_CIRCUIT_ID: u32 =
    cert_registry::circuits::circuit_id(cert_registry::circuits::FAMILY_TEST, 1);
/// The first circuit id of the test family.
const FAMILY_BASE: u64 = (cert_registry::circuits::FAMILY_TEST as u64) << 16;
/// Name used for key caching and in the CLI.
pub const NAME: &str = "test_statement";
/// Revision of the constraint system (2: the circuit id is proven to be of the test family); part
/// of the key cache name.
pub const REVISION: u32 = 2;
/// Name of the key cache files: a new revision never loads an old revision's keys.
pub fn key_name() -> String {
    format!("{NAME}-r{REVISION}")
}

/// Public input: `Poseidon(statement)`. Witness: the statement's field elements.
#[derive(Clone, Debug)]
pub struct TestStatementCircuit {
    /// The statement's field elements; `None` during key generation.
    pub statement: Option<[Fr; STATEMENT_INPUTS]>,
}

impl TestStatementCircuit {
    pub fn blank() -> Self {
        TestStatementCircuit { statement: None }
    }

    pub fn new(statement: [Fr; STATEMENT_INPUTS]) -> Self {
        TestStatementCircuit {
            statement: Some(statement),
        }
    }

    /// The public input for `statement`.
    pub fn public_input(statement: &[Fr; STATEMENT_INPUTS]) -> Result<Fr, CircuitError> {
        poseidon::hash(statement)
    }
}

impl ConstraintSynthesizer<Fr> for TestStatementCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let digest = self
            .statement
            .map(|s| Self::public_input(&s).map_err(|_| SynthesisError::Unsatisfiable))
            .transpose()?;
        let public = FpVar::new_input(cs.clone(), || {
            digest.ok_or(SynthesisError::AssignmentMissing)
        })?;
        // The circuit id is proven to be of the test family (`0xFFFF_0000 + revision`): this key
        // verifies only statements of test-family ids, so filed under a real circuit's id (the
        // program puts the key's id into the statement) it admits nothing.
        let revision = FpVar::new_witness(cs.clone(), || {
            self.statement
                .map(|s| s[0] - Fr::from(FAMILY_BASE))
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        crate::gadgets::range_check(&cs, &revision, 16)?;
        let mut elements = vec![revision + Fr::from(FAMILY_BASE)];
        for i in 1..STATEMENT_INPUTS {
            elements.push(FpVar::new_witness(cs.clone(), || {
                self.statement
                    .map(|s| s[i])
                    .ok_or(SynthesisError::AssignmentMissing)
            })?);
        }
        poseidon::hash_gadget(&elements)?.enforce_equal(&public)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_relations::gr1cs::ConstraintSystem;

    #[test]
    fn satisfied_by_the_true_statement_only() {
        let mut statement: [Fr; STATEMENT_INPUTS] =
            core::array::from_fn(|i| Fr::from(i as u64 + 11));
        statement[0] = Fr::from(TEST_STATEMENT_CIRCUIT_ID as u64);
        let cs = ConstraintSystem::<Fr>::new_ref();
        TestStatementCircuit::new(statement)
            .generate_constraints(cs.clone())
            .unwrap();
        assert!(cs.is_satisfied().unwrap());
        assert_eq!(
            cs.num_instance_variables(),
            2,
            "one public input (plus the constant 1)"
        );

        // A forged witness: the public input of one statement, the elements of another.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let mut other = statement;
        other[8] += Fr::from(1u64);
        let digest = TestStatementCircuit::public_input(&statement).unwrap();
        let public = FpVar::new_input(cs.clone(), || Ok(digest)).unwrap();
        let elements: Vec<_> = other
            .iter()
            .map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap())
            .collect();
        poseidon::hash_gadget(&elements)
            .unwrap()
            .enforce_equal(&public)
            .unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    /// Filed under a real circuit's id, the test key still verifies nothing: a statement of
    /// another circuit id is unsatisfiable, whoever proves it.
    #[test]
    fn statements_of_another_circuit_id_are_unsatisfiable() {
        let mut statement: [Fr; STATEMENT_INPUTS] =
            core::array::from_fn(|i| Fr::from(i as u64 + 3));
        statement[0] = Fr::from(crate::cert_p256::CIRCUIT_ID as u64);
        let cs = ConstraintSystem::<Fr>::new_ref();
        TestStatementCircuit::new(statement)
            .generate_constraints(cs.clone())
            .expect("synthesises");
        assert!(!cs.is_satisfied().unwrap());
        assert!(cs.which_is_unsatisfied().unwrap().is_some());
    }
}
