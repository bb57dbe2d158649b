//! Verifying keys and proofs in snarkjs JSON (`verification_key.json`, `proof.json`,
//! `public.json`), so teams with circom circuits can register theirs and check ours with their
//! tools.
//!
//! snarkjs writes BN254 ("bn128") points projectively with decimal coordinates: G1 as
//! `[x, y, "1"]`, G2 as `[[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]`. Imported points are checked to
//! be on the curve and in the prime-order subgroup: a malformed key is refused here, not
//! registered.

use crate::zk::{decode_proof, encode_proof, fr_from_be, ProofFile};
use crate::SdkError;
use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::{pairing::Pairing, AffineRepr};
use ark_groth16::{Proof, VerifyingKey};
use cert_registry::statement::Statement;
use serde_json::{json, Value};
use std::str::FromStr;

fn err(msg: impl Into<String>) -> SdkError {
    SdkError::Zk(format!("snarkjs: {}", msg.into()))
}

fn fq(v: &Value, what: &str) -> Result<Fq, SdkError> {
    let s = v
        .as_str()
        .ok_or_else(|| err(format!("{what}: expected a decimal string")))?;
    Fq::from_str(s).map_err(|_| {
        err(format!(
            "{what}: {s:?} is not a field element below the modulus"
        ))
    })
}

fn g1_json(p: &G1Affine) -> Value {
    match p.xy() {
        Some((x, y)) => json!([x.to_string(), y.to_string(), "1"]),
        None => json!(["0", "1", "0"]),
    }
}

fn g2_json(p: &G2Affine) -> Value {
    match p.xy() {
        Some((x, y)) => json!([
            [x.c0.to_string(), x.c1.to_string()],
            [y.c0.to_string(), y.c1.to_string()],
            ["1", "0"]
        ]),
        None => json!([["0", "0"], ["1", "0"], ["0", "0"]]),
    }
}

fn g1_parse(v: &Value, what: &str) -> Result<G1Affine, SdkError> {
    let a = v
        .as_array()
        .filter(|a| a.len() == 3)
        .ok_or_else(|| err(format!("{what}: expected [x, y, z]")))?;
    if fq(&a[2], what)? != Fq::from(1u64) {
        return Err(err(format!(
            "{what}: only affine points (z = 1) are accepted"
        )));
    }
    let p = G1Affine::new_unchecked(fq(&a[0], what)?, fq(&a[1], what)?);
    if !p.is_on_curve() || !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(err(format!("{what}: not a point of BN254 G1")));
    }
    Ok(p)
}

fn fq2(v: &Value, what: &str) -> Result<Fq2, SdkError> {
    let a = v
        .as_array()
        .filter(|a| a.len() == 2)
        .ok_or_else(|| err(format!("{what}: expected [c0, c1]")))?;
    Ok(Fq2::new(fq(&a[0], what)?, fq(&a[1], what)?))
}

fn g2_parse(v: &Value, what: &str) -> Result<G2Affine, SdkError> {
    let a = v
        .as_array()
        .filter(|a| a.len() == 3)
        .ok_or_else(|| err(format!("{what}: expected [x, y, z]")))?;
    if fq2(&a[2], what)? != Fq2::new(Fq::from(1u64), Fq::from(0u64)) {
        return Err(err(format!(
            "{what}: only affine points (z = 1) are accepted"
        )));
    }
    let p = G2Affine::new_unchecked(fq2(&a[0], what)?, fq2(&a[1], what)?);
    if !p.is_on_curve() || !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(err(format!("{what}: not a point of BN254 G2")));
    }
    Ok(p)
}

/// `verification_key.json`.
pub fn export_verifying_key(vk: &VerifyingKey<Bn254>) -> Value {
    let alphabeta = Bn254::pairing(vk.alpha_g1, vk.beta_g2).0;
    let fq2s = |c: &ark_bn254::Fq6| {
        [c.c0, c.c1, c.c2]
            .map(|x| json!([x.c0.to_string(), x.c1.to_string()]))
            .to_vec()
    };
    json!({
        "protocol": "groth16",
        "curve": "bn128",
        "nPublic": vk.gamma_abc_g1.len().saturating_sub(1),
        "vk_alpha_1": g1_json(&vk.alpha_g1),
        "vk_beta_2": g2_json(&vk.beta_g2),
        "vk_gamma_2": g2_json(&vk.gamma_g2),
        "vk_delta_2": g2_json(&vk.delta_g2),
        "vk_alphabeta_12": [fq2s(&alphabeta.c0), fq2s(&alphabeta.c1)],
        "IC": vk.gamma_abc_g1.iter().map(g1_json).collect::<Vec<_>>(),
    })
}

/// Reads `verification_key.json`.
pub fn import_verifying_key(text: &str) -> Result<VerifyingKey<Bn254>, SdkError> {
    let v: Value = serde_json::from_str(text).map_err(|e| err(format!("not JSON: {e}")))?;
    if v["protocol"] != "groth16" || v["curve"] != "bn128" {
        return Err(err("only groth16 keys on bn128 are supported"));
    }
    let ic = v["IC"]
        .as_array()
        .ok_or_else(|| err("IC: expected an array"))?;
    let gamma_abc_g1 = ic
        .iter()
        .enumerate()
        .map(|(i, p)| g1_parse(p, &format!("IC[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(n) = v["nPublic"].as_u64() {
        if n as usize + 1 != gamma_abc_g1.len() {
            return Err(err(format!(
                "nPublic is {n} but IC has {} points",
                gamma_abc_g1.len()
            )));
        }
    }
    Ok(VerifyingKey {
        alpha_g1: g1_parse(&v["vk_alpha_1"], "vk_alpha_1")?,
        beta_g2: g2_parse(&v["vk_beta_2"], "vk_beta_2")?,
        gamma_g2: g2_parse(&v["vk_gamma_2"], "vk_gamma_2")?,
        delta_g2: g2_parse(&v["vk_delta_2"], "vk_delta_2")?,
        gamma_abc_g1,
    })
}

/// `proof.json`.
pub fn export_proof(proof: &Proof<Bn254>) -> Value {
    json!({
        "pi_a": g1_json(&proof.a),
        "pi_b": g2_json(&proof.b),
        "pi_c": g1_json(&proof.c),
        "protocol": "groth16",
        "curve": "bn128",
    })
}

/// Reads `proof.json`.
pub fn import_proof(text: &str) -> Result<Proof<Bn254>, SdkError> {
    let v: Value = serde_json::from_str(text).map_err(|e| err(format!("not JSON: {e}")))?;
    Ok(Proof {
        a: g1_parse(&v["pi_a"], "pi_a")?,
        b: g2_parse(&v["pi_b"], "pi_b")?,
        c: g1_parse(&v["pi_c"], "pi_c")?,
    })
}

/// `public.json`: the public inputs as decimal strings.
pub fn export_public(inputs: &[Fr]) -> Value {
    Value::Array(inputs.iter().map(|x| json!(x.to_string())).collect())
}

/// Reads `public.json`.
pub fn import_public(text: &str) -> Result<Vec<Fr>, SdkError> {
    let v: Value = serde_json::from_str(text).map_err(|e| err(format!("not JSON: {e}")))?;
    v.as_array()
        .ok_or_else(|| err("public.json: expected an array"))?
        .iter()
        .map(|x| {
            let s = x
                .as_str()
                .ok_or_else(|| err("public input: expected a decimal string"))?;
            Fr::from_str(s)
                .map_err(|_| err(format!("public input {s:?} is not below the field modulus")))
        })
        .collect()
}

/// A proof file as snarkjs `proof.json` and `public.json` (its one public input: the statement's
/// Poseidon hash), for `snarkjs groth16 verify` with the key from `openrsp registry vk export`.
pub fn export_proof_file(file: &ProofFile) -> Result<(Value, Value), SdkError> {
    let proof = decode_proof(&file.proof()?)?;
    let input = statement_input(&file.statement()?)?;
    Ok((export_proof(&proof), export_public(&[input])))
}

/// A proof made by another prover (snarkjs `proof.json` and `public.json`, e.g. of a circom
/// circuit whose key is registered with `registry vk add --snarkjs-vk`) as a proof file for
/// `cert register`. `statement` holds the proof file's statement fields (`circuit`,
/// `circuit_id`, `role`, `anchor_key_id`, `commitment`, `subject_key_hash`, `subject_key`,
/// `permitted_iin`, `not_before`, `not_after`, `registrant`); `public.json` must hold exactly its hash, which is all the
/// registry will check the proof against, so a mismatch is refused here rather than on-chain.
pub fn import_proof_file(
    proof_json: &str,
    public_json: &str,
    statement: &Value,
) -> Result<ProofFile, SdkError> {
    let proof = import_proof(proof_json)?;
    let public = import_public(public_json)?;
    let mut fields = statement
        .as_object()
        .cloned()
        .ok_or_else(|| err("the statement must be a JSON object"))?;
    let encoded = encode_proof(&proof)?;
    for (key, bytes) in [
        ("proof_a", &encoded.a[..]),
        ("proof_b", &encoded.b[..]),
        ("proof_c", &encoded.c[..]),
    ] {
        fields.insert(key.into(), json!(hex::encode(bytes)));
    }
    let file: ProofFile = serde_json::from_value(Value::Object(fields))
        .map_err(|e| err(format!("the statement: {e}")))?;
    let expected = statement_input(&file.statement()?)?;
    match public.as_slice() {
        [input] if *input == expected => Ok(file),
        [input] => Err(err(format!(
            "public.json holds {input}, but this statement hashes to {expected}: the proof is not about this statement"
        ))),
        inputs => Err(err(format!(
            "public.json holds {} inputs; registry circuits have exactly one (the statement's hash)",
            inputs.len()
        ))),
    }
}

fn statement_input(statement: &Statement) -> Result<Fr, SdkError> {
    let bytes = statement
        .public_input()
        .map_err(|e| err(format!("the statement: {e:?}")))?;
    fr_from_be(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_groth16::Groth16;
    use ark_snark::SNARK;
    use openrsp_circuits::{keys::setup, test_statement::TestStatementCircuit};

    #[test]
    fn keys_and_proofs_round_trip_and_still_verify() {
        let keys = setup(TestStatementCircuit::blank()).unwrap();
        let mut statement: [Fr; 9] = core::array::from_fn(|i| Fr::from(i as u64 * 31 + 5));
        statement[0] = Fr::from(openrsp_circuits::test_statement::TEST_STATEMENT_CIRCUIT_ID);
        let public = TestStatementCircuit::public_input(&statement).unwrap();
        let proof =
            openrsp_circuits::keys::prove(&keys, TestStatementCircuit::new(statement), &[public])
                .unwrap();

        let vk_json = export_verifying_key(keys.verifying_key()).to_string();
        let proof_json = export_proof(&proof).to_string();
        let public_json = export_public(&[public]).to_string();
        let vk = import_verifying_key(&vk_json).unwrap();
        assert_eq!(&vk, keys.verifying_key());
        let imported = import_proof(&proof_json).unwrap();
        assert_eq!(imported, proof);
        let inputs = import_public(&public_json).unwrap();
        assert!(Groth16::<Bn254>::verify(&vk, &inputs, &imported).unwrap());
        assert_eq!(
            serde_json::from_str::<Value>(&vk_json).unwrap()["nPublic"],
            1
        );
    }

    #[test]
    fn proof_files_round_trip_through_snarkjs_and_foreign_statements_are_refused() {
        let keys = setup(TestStatementCircuit::blank()).unwrap();
        let statement = Statement {
            circuit_id: 0xffff_0001,
            role: cert_registry::statement::Role::DpAuth as u8,
            anchor_key_id: [7; 20],
            commitment: [1; 32],
            subject_key_hash: [2; 32],
            not_before: 1_700_000_000,
            not_after: 1_900_000_000,
            registrant: [9; 32],
        };
        let fields = crate::zk::statement_fields(&statement);
        let public = TestStatementCircuit::public_input(&fields).unwrap();
        assert_eq!(
            public,
            statement_input(&statement).unwrap(),
            "circuit and registry hash alike"
        );
        let proof =
            openrsp_circuits::keys::prove(&keys, TestStatementCircuit::new(fields), &[public])
                .unwrap();
        let encoded = encode_proof(&proof).unwrap();
        let file = ProofFile {
            circuit: "test_statement".into(),
            circuit_id: statement.circuit_id,
            role: "dp-auth".into(),
            anchor_key_id: hex::encode(statement.anchor_key_id),
            commitment: hex::encode(statement.commitment),
            subject_key_hash: hex::encode(statement.subject_key_hash),
            // Not this statement's key: the round trip below never registers.
            subject_key: format!("04{}", "11".repeat(64)),
            permitted_iin: 0,
            not_before: statement.not_before,
            not_after: statement.not_after,
            registrant: solana_address::Address::new_from_array(statement.registrant).to_string(),
            proof_a: hex::encode(encoded.a),
            proof_b: hex::encode(encoded.b),
            proof_c: hex::encode(encoded.c),
        };
        assert_eq!(file.statement().unwrap(), statement);

        let (proof_json, public_json) = export_proof_file(&file).unwrap();
        let vk =
            import_verifying_key(&export_verifying_key(keys.verifying_key()).to_string()).unwrap();
        let exported = import_proof(&proof_json.to_string()).unwrap();
        let inputs = import_public(&public_json.to_string()).unwrap();
        assert!(
            Groth16::<Bn254>::verify(&vk, &inputs, &exported).unwrap(),
            "snarkjs would accept it"
        );

        let statement_json = serde_json::to_value(&file).unwrap();
        let back = import_proof_file(
            &proof_json.to_string(),
            &public_json.to_string(),
            &statement_json,
        )
        .unwrap();
        assert_eq!(back, file);

        // Another registrant: the public input no longer matches.
        let mut other = statement_json.clone();
        other["registrant"] = json!(solana_address::Address::new_from_array([8; 32]).to_string());
        let e = import_proof_file(&proof_json.to_string(), &public_json.to_string(), &other)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not about this statement"), "{e}");
        // Two inputs, a missing field, a point off the curve.
        let two = json!([inputs[0].to_string(), "1"]).to_string();
        assert!(
            import_proof_file(&proof_json.to_string(), &two, &statement_json)
                .unwrap_err()
                .to_string()
                .contains("exactly one")
        );
        let mut missing = statement_json.clone();
        missing.as_object_mut().unwrap().remove("commitment");
        assert!(
            import_proof_file(&proof_json.to_string(), &public_json.to_string(), &missing)
                .unwrap_err()
                .to_string()
                .contains("commitment")
        );
        let mut bad = file.clone();
        bad.proof_c = hex::encode([0u8; 63].iter().chain(&[5u8]).copied().collect::<Vec<_>>());
        assert!(export_proof_file(&bad)
            .unwrap_err()
            .to_string()
            .contains("proof C"));
    }

    #[test]
    fn malformed_points_are_refused() {
        let keys = setup(TestStatementCircuit::blank()).unwrap();
        let mut v = export_verifying_key(keys.verifying_key());
        v["vk_alpha_1"][1] = json!("5");
        let e = import_verifying_key(&v.to_string())
            .unwrap_err()
            .to_string();
        assert!(e.contains("vk_alpha_1") && e.contains("not a point"), "{e}");

        let mut v = export_verifying_key(keys.verifying_key());
        v["IC"][0][0] =
            json!("21888242871839275222246405745257275088696311157297823662689037894645226208584");
        assert!(
            import_verifying_key(&v.to_string()).is_err(),
            "coordinate above the modulus"
        );

        let mut v = export_verifying_key(keys.verifying_key());
        v["nPublic"] = json!(2);
        assert!(import_verifying_key(&v.to_string())
            .unwrap_err()
            .to_string()
            .contains("nPublic"));
        assert!(import_proof("{}").is_err());
        assert!(import_public("[\"x\"]").is_err());
    }
}
