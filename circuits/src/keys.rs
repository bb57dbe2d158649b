//! Groth16 key generation, cached on disk, and proving.
//!
//! Trust model: `setup` draws the toxic waste from the operating system's RNG and drops it when it
//! returns. Whoever runs the setup for a verifying key that governance then registers could, had
//! they kept that randomness, forge proofs for that circuit; so a production key comes from a
//! multi-party ceremony (or at least from a party the registry's governance trusts), and the
//! verifying key registered on-chain is the only thing that matters. Keys made here are for
//! development, tests and demos.

use crate::{Bn254, CircuitError, Fr};
use ark_groth16::{Groth16, Proof, ProvingKey, VerifyingKey};
use ark_relations::gr1cs::{
    predicate::polynomial_constraint::R1CS_PREDICATE_LABEL, ConstraintSynthesizer,
    ConstraintSystem, SynthesisMode,
};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use ark_snark::SNARK;
use ark_std::UniformRand;
use rand::rngs::OsRng;
use std::{
    fs,
    io::{BufReader, BufWriter},
    path::{Path, PathBuf},
};

/// A circuit's proving key (which embeds its verifying key).
pub struct CircuitKeys {
    pub proving_key: ProvingKey<Bn254>,
}

impl CircuitKeys {
    pub fn verifying_key(&self) -> &VerifyingKey<Bn254> {
        &self.proving_key.vk
    }
}

/// Runs the Groth16 setup for `blank` (a circuit without witness).
pub fn setup<C: ConstraintSynthesizer<Fr>>(blank: C) -> Result<CircuitKeys, CircuitError> {
    let (proving_key, _vk) = Groth16::<Bn254>::circuit_specific_setup(blank, &mut OsRng)?;
    Ok(CircuitKeys { proving_key })
}

/// Where the proving key of circuit `name` is cached under `dir`. The file name carries the crate
/// version, so a changed circuit in a new release does not pick up a stale key.
pub fn cache_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}-v{}.pk", env!("CARGO_PKG_VERSION")))
}

/// Loads the cached keys of circuit `name`, or runs the setup and caches them.
///
/// The cache is trusted as the user's own file (it is not validated point by point, which would
/// cost as much as the setup); it is written to a temporary file and renamed, so an interrupted
/// run never leaves a half-written key behind.
pub fn load_or_setup<C: ConstraintSynthesizer<Fr>>(
    dir: &Path,
    name: &str,
    blank: impl FnOnce() -> C,
) -> Result<(CircuitKeys, bool), CircuitError> {
    let path = cache_path(dir, name);
    let cache_err = |reason: String| CircuitError::Cache {
        path: path.display().to_string(),
        reason,
    };
    // One setup per cache entry at a time, across threads and processes (tests and CLI runs in
    // parallel): whoever waited finds the keys the first one wrote. The lock goes with the file
    // handle.
    fs::create_dir_all(dir).map_err(|e| cache_err(e.to_string()))?;
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_extension("pk.lock"))
        .map_err(|e| cache_err(e.to_string()))?;
    lock.lock()
        .map_err(|e| cache_err(format!("cannot lock the cache: {e}")))?;
    if path.exists() {
        let file = fs::File::open(&path).map_err(|e| cache_err(e.to_string()))?;
        let proving_key = ProvingKey::<Bn254>::deserialize_with_mode(
            BufReader::new(file),
            Compress::No,
            Validate::No,
        )
        .map_err(|e| cache_err(format!("unreadable ({e}); delete it to regenerate")))?;
        return Ok((CircuitKeys { proving_key }, true));
    }
    let keys = setup(blank())?;
    let tmp = path.with_extension(format!("pk.tmp{}", std::process::id()));
    {
        let file = fs::File::create(&tmp).map_err(|e| cache_err(e.to_string()))?;
        keys.proving_key
            .serialize_with_mode(BufWriter::new(file), Compress::No)
            .map_err(|e| cache_err(e.to_string()))?;
    }
    fs::rename(&tmp, &path).map_err(|e| cache_err(e.to_string()))?;
    Ok((keys, false))
}

/// Proves `circuit` (with its witness) and checks the proof against `public_inputs` before
/// returning it, so a caller never ships a proof that the chain would reject.
pub fn prove<C: ConstraintSynthesizer<Fr>>(
    keys: &CircuitKeys,
    circuit: C,
    public_inputs: &[Fr],
) -> Result<Proof<Bn254>, CircuitError> {
    prove_loading_keys(circuit, public_inputs, || Ok(keys))
}

/// [`prove`], with the keys loaded by `load` only once the constraint system is reduced to its
/// R1CS matrices and dropped.
///
/// The same steps as arkworks' `Groth16::prove`, except for the order: synthesis (with its table
/// of linear combinations, inlined once more by `finalize`, then copied into matrices) is the
/// peak of memory, and a proving key held during it adds its whole size to that peak (0.7 GB for
/// `euicc_chain` revision 5; revision 4 held 1.4 GB through a 3.7 GB synthesis). Loaded afterwards, the key shares memory only
/// with the matrices and the assignment. The constraint system is also dropped before the QAP
/// reduction and the multi-scalar multiplications.
pub fn prove_loading_keys<C, K>(
    circuit: C,
    public_inputs: &[Fr],
    load: impl FnOnce() -> Result<K, CircuitError>,
) -> Result<Proof<Bn254>, CircuitError>
where
    C: ConstraintSynthesizer<Fr>,
    K: std::borrow::Borrow<CircuitKeys>,
{
    // The goal is left for the circuit to choose (see `p256::use_wide_limbs`); setup lets the
    // circuit choose the same way, so both see one constraint system.
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices: true,
        generate_lc_assignments: false,
    });
    circuit.generate_constraints(cs.clone())?;
    cs.finalize();
    let num_inputs = cs.num_instance_variables();
    let num_constraints = cs.num_constraints();
    let mut matrices = cs.to_matrices()?;
    let r1cs = matrices
        .remove(R1CS_PREDICATE_LABEL)
        .ok_or_else(|| CircuitError::Unsatisfied("no R1CS constraints".into()))?;
    let full_assignment = {
        let inner = cs
            .borrow()
            .ok_or(ark_relations::gr1cs::SynthesisError::MissingCS)?;
        [inner.instance_assignment()?, inner.witness_assignment()?].concat()
    };
    drop(matrices);
    drop(cs);
    let keys = load()?;
    let keys = keys.borrow();
    let r = Fr::rand(&mut OsRng);
    let s = Fr::rand(&mut OsRng);
    let proof = Groth16::<Bn254>::create_proof_with_reduction_and_matrices(
        &keys.proving_key,
        r,
        s,
        &r1cs,
        num_inputs,
        num_constraints,
        &full_assignment,
    )?;
    let ok = Groth16::<Bn254>::verify(keys.verifying_key(), public_inputs, &proof)?;
    if !ok {
        return Err(CircuitError::Unsatisfied(
            "the proof does not verify for the given statement".into(),
        ));
    }
    Ok(proof)
}
