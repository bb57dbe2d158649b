//! Verifying keys and proofs in snarkjs JSON (`verification_key.json`, `proof.json`,
//! `public.json`), so teams with circom circuits can register theirs and check ours with their
//! tools.
//!
//! snarkjs writes BN254 ("bn128") points projectively with decimal coordinates: G1 as
//! `[x, y, "1"]`, G2 as `[[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]`. Imported points are checked to
//! be on the curve and in the prime-order subgroup: a malformed key is refused here, not
//! registered.

use crate::SdkError;
use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::{pairing::Pairing, AffineRepr};
use ark_groth16::{Proof, VerifyingKey};
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

#[cfg(test)]
mod tests {
    use super::*;
    use ark_groth16::Groth16;
    use ark_snark::SNARK;
    use openrsp_circuits::{keys::setup, test_statement::TestStatementCircuit};

    #[test]
    fn keys_and_proofs_round_trip_and_still_verify() {
        let keys = setup(TestStatementCircuit::blank()).unwrap();
        let statement: [Fr; 9] = core::array::from_fn(|i| Fr::from(i as u64 * 31 + 5));
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
