//! A test harness that cannot be fooled by an error during witness generation.
//!
//! A forged-witness test proves something only when the forged witness *synthesises* (every
//! gadget computes its hints without error) and a *constraint* then refuses it. Counting an
//! error of synthesis as "unsatisfied" lets a test pass on a native check or a failed hint while
//! no constraint would stop a prover who computes the hint differently. So:
//!
//! - [`check`] / [`check_with`] synthesise under arkworks' constraint tracing and **panic** if
//!   synthesis returns an error;
//! - they return `Ok(())` when every constraint holds, or [`Unsatisfied`] naming the *first*
//!   failing constraint by the path of constraint namespaces it was enforced in, under a root
//!   namespace `"circuit"` (so a constraint of a circuit's own top level is at `"circuit"`);
//! - [`assert_fails_at`] asserts that the first failing constraint is the one a test is about.
//!
//! Tests of this crate use it as `crate::testing`; other crates' tests enable the `testing`
//! feature in their dev-dependencies.
//!
//! Namespaces are tracing spans of target `"gr1cs"` entered with [`crate::gadgets::named`] (or
//! `ark_relations::ns!`). Only this crate's spans are recorded (ark-r1cs-std instruments its own
//! functions too; those are filtered out), so a path reads like `"circuit/ecdsa/r_nonzero"`. Without a
//! subscriber (key generation, proving) the spans are disabled and cost a check of an atomic:
//! they never change the constraint system.

// Not every helper is used by every test configuration.
#![allow(dead_code)]

use ark_ff::PrimeField;
use ark_relations::gr1cs::{
    ConstraintLayer, ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, SynthesisError,
    TracingMode,
};
use std::fmt;
use tracing_subscriber::{layer::SubscriberExt, util::SubscriberInitExt};

/// The first constraint a witness fails.
#[derive(Clone, PartialEq, Eq)]
pub struct Unsatisfied {
    /// The namespaces the constraint was enforced in, outermost first: always `"circuit"` (the
    /// whole synthesis), then the gadgets' (`["circuit"]` alone: a constraint of the circuit's
    /// own top level).
    pub path: Vec<&'static str>,
    /// The predicate (`"R1CS"`) and the constraint's index in it.
    pub predicate: String,
    pub index: usize,
}

impl Unsatisfied {
    /// The path joined with `/`, e.g. `"circuit/ecdsa/r_nonzero"`.
    pub fn name(&self) -> String {
        self.path.join("/")
    }

    /// Whether the innermost namespaces are `expected` (segments separated by `/`): the path ends
    /// with them, whole segments only.
    pub fn is_at(&self, expected: &str) -> bool {
        let want: Vec<&str> = expected.split('/').collect();
        !expected.is_empty() && self.path.ends_with(&want)
    }
}

impl fmt::Display for Unsatisfied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = if self.path.is_empty() {
            "(outside any namespace)".to_string()
        } else {
            self.name()
        };
        write!(f, "{name} ({} constraint #{})", self.predicate, self.index)
    }
}

impl fmt::Debug for Unsatisfied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unsatisfied at {self}")
    }
}

/// What one synthesis gave: the outcome and the size of the system.
#[derive(Debug)]
pub struct Synthesis {
    pub result: Result<(), Unsatisfied>,
    pub constraints: usize,
    pub witnesses: usize,
}

/// Synthesises `circuit` with tracing on; panics if synthesis errs. `Ok(())` when satisfied.
pub fn check<F: PrimeField, C: ConstraintSynthesizer<F>>(circuit: C) -> Result<(), Unsatisfied> {
    synthesize(circuit).result
}

/// [`check`] of a closure over a fresh constraint system (for gadget tests).
pub fn check_with<F: PrimeField>(
    f: impl FnOnce(ConstraintSystemRef<F>) -> Result<(), SynthesisError>,
) -> Result<(), Unsatisfied> {
    synthesize_with(f).result
}

/// [`check`], keeping the constraint and witness counts.
pub fn synthesize<F: PrimeField, C: ConstraintSynthesizer<F>>(circuit: C) -> Synthesis {
    synthesize_with(|cs| circuit.generate_constraints(cs))
}

/// [`check_with`], keeping the constraint and witness counts.
pub fn synthesize_with<F: PrimeField>(
    f: impl FnOnce(ConstraintSystemRef<F>) -> Result<(), SynthesisError>,
) -> Synthesis {
    // Record only this crate's constraint namespaces: the path then names our gadgets, and the
    // registry does not fill with one span per ark-r1cs-std call.
    let ours = tracing_subscriber::filter::filter_fn(|m| {
        m.target() == "gr1cs"
            && m.module_path()
                .is_some_and(|p| p.starts_with(env!("CARGO_CRATE_NAME")))
    });
    let _guard = tracing_subscriber::registry()
        .with(ConstraintLayer::new(TracingMode::OnlyConstraints))
        .with(ours)
        .set_default();
    let cs = ConstraintSystem::<F>::new_ref();
    let root = crate::gadgets::named!("circuit");
    let synthesized = f(cs.clone());
    drop(root);
    if let Err(e) = synthesized {
        panic!(
            "synthesis failed ({e}) after {} constraints: a forged witness must synthesise \
             and fail a constraint, not fail to synthesise",
            cs.num_constraints()
        );
    }
    let result = first_unsatisfied(&cs).map_or(Ok(()), Err);
    Synthesis {
        result,
        constraints: cs.num_constraints(),
        witnesses: cs.num_witness_variables(),
    }
}

fn first_unsatisfied<F: PrimeField>(cs: &ConstraintSystemRef<F>) -> Option<Unsatisfied> {
    let system = cs.borrow().expect("a constraint system");
    assert!(
        !system.is_in_setup_mode(),
        "satisfaction is checked on a proving-mode system"
    );
    for (label, predicate) in &system.predicate_constraint_systems {
        if let Some(index) = predicate.which_constraint_is_unsatisfied(&system) {
            let path = system
                .predicate_traces
                .get(label)
                .and_then(|traces| traces.get(index))
                .and_then(|t| t.as_ref())
                .map(|t| t.path().iter().map(|step| step.name).collect())
                .unwrap_or_default();
            return Some(Unsatisfied {
                path,
                predicate: label.clone(),
                index,
            });
        }
    }
    None
}

/// Asserts that the first failing constraint is at `expected` (its innermost namespaces, e.g.
/// `"ecdsa/r_nonzero"`), not merely that something failed.
#[track_caller]
pub fn assert_fails_at(result: Result<(), Unsatisfied>, expected: &str) {
    match result {
        Ok(()) => panic!("the forged witness satisfies every constraint (expected {expected})"),
        Err(u) => assert!(
            u.is_at(expected),
            "expected a failure at {expected}, got {u}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gadgets::named;
    use crate::Fr;
    use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::fp::FpVar};

    fn equal(a: u64, b: u64) -> Result<(), Unsatisfied> {
        check_with::<Fr>(|cs| {
            let _outer = named!("outer");
            let x = FpVar::new_witness(cs.clone(), || Ok(Fr::from(a)))?;
            let y = FpVar::new_witness(cs.clone(), || Ok(Fr::from(b)))?;
            x.enforce_equal(&x)?;
            let _inner = named!("inner");
            x.enforce_equal(&y)
        })
    }

    #[test]
    fn names_the_first_failing_constraint() {
        assert_eq!(equal(3, 3), Ok(()));
        let u = equal(3, 4).unwrap_err();
        assert_eq!(u.path, ["circuit", "outer", "inner"]);
        assert_eq!(u.to_string(), "circuit/outer/inner (R1CS constraint #1)");
        assert_fails_at(equal(3, 4), "outer/inner");
        assert_fails_at(equal(3, 4), "inner");
        assert!(!u.is_at("outer") && !u.is_at("nner") && !u.is_at(""));
        // A constraint outside every gadget's namespace is at "circuit".
        let top = check_with::<Fr>(|cs| {
            FpVar::new_witness(cs, || Ok(Fr::from(1u64)))?
                .enforce_equal(&FpVar::Constant(Fr::from(2u64)))
        });
        assert_fails_at(top, "circuit");
    }

    #[test]
    #[should_panic(expected = "synthesis failed")]
    fn an_error_of_synthesis_is_not_a_refusal() {
        let _ = check_with::<Fr>(|cs| {
            let _ = FpVar::new_witness(cs, || Err::<Fr, _>(SynthesisError::AssignmentMissing))?;
            Ok(())
        });
    }

    #[test]
    fn namespaces_do_not_change_the_system() {
        let plain = ConstraintSystem::<Fr>::new_ref();
        let x = FpVar::new_witness(plain.clone(), || Ok(Fr::from(2u64))).unwrap();
        x.enforce_equal(&x).unwrap();
        (&x * &x)
            .enforce_equal(&FpVar::Constant(Fr::from(4u64)))
            .unwrap();
        let traced = synthesize_with::<Fr>(|cs| {
            let _n = named!("n");
            let x = FpVar::new_witness(cs, || Ok(Fr::from(2u64)))?;
            x.enforce_equal(&x)?;
            (&x * &x).enforce_equal(&FpVar::Constant(Fr::from(4u64)))
        });
        assert_eq!(traced.result, Ok(()));
        assert_eq!(
            (traced.constraints, traced.witnesses),
            (plain.num_constraints(), plain.num_witness_variables())
        );
    }
}
