//! The project's Poseidon hashes against values computed once by an independent implementation:
//! circomlibjs (iden3's JavaScript Poseidon), run by `tools/vectors/poseidon-vectors.js` over
//! `tests/fixtures/independent/inputs.json` and committed as
//! `tests/fixtures/independent/poseidon.json` (see `tools/vectors/README.md`). Node is not needed
//! here: both files are pinned.
//!
//! What each test recomputes with the project's code: the TBS commitment
//! (`commitment::tbs_commitment`), the subject key hash (`commitment::public_key_hash` and the
//! registry's `statement::subject_key_hash`), the statement hash (`Statement::public_input`, the
//! registry's, and the test circuit's `TestStatementCircuit::public_input`), and the EUM tree's
//! empty subtrees and one-leaf roots (`merkle::zero_hashes`, `MerkleTree`).

mod independent;

use ark_ff::{BigInteger, PrimeField};
use cert_registry::statement::{self, Statement};
use independent::{hex, unhex};
use openrsp_circuits::{
    commitment::{public_key_hash, tbs_commitment},
    merkle::{zero_hashes, MerkleTree, DEPTH},
    poseidon,
    test_statement::TestStatementCircuit,
    Fr,
};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = independent::root()
        .join("tests/fixtures/independent")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn be(x: &Fr) -> String {
    hex(&x.into_bigint().to_bytes_be())
}

fn arr<const N: usize>(s: &str) -> [u8; N] {
    unhex(s)
        .try_into()
        .unwrap_or_else(|v: Vec<u8>| panic!("{} bytes, expected {N}", v.len()))
}

fn str_of<'a>(v: &'a Value, what: &str) -> &'a str {
    v.as_str()
        .unwrap_or_else(|| panic!("{what}: expected a string, got {v}"))
}

/// `(name, x, y, iin)` of `inputs.json`'s keys.
fn keys(inputs: &Value) -> Vec<(String, [u8; 32], [u8; 32], u64)> {
    inputs["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| {
            (
                str_of(&k["name"], "name").to_string(),
                arr(str_of(&k["x"], "x")),
                arr(str_of(&k["y"], "y")),
                k["iin"].as_u64().expect("iin"),
            )
        })
        .collect()
}

#[test]
fn the_pinned_inputs_are_the_certificates_as_the_project_reads_them() {
    assert_eq!(
        fixture("inputs.json"),
        independent::inputs(),
        "regenerate with tools/vectors/regenerate-poseidon.sh"
    );
}

#[test]
fn the_test_vector_of_circomlibjs_itself() {
    let out = fixture("poseidon.json");
    assert_eq!(
        out["reference"]["poseidon([1, 2])"],
        be(&poseidon::hash(&[Fr::from(1u64), Fr::from(2u64)]).unwrap())
    );
    assert_eq!(out["generator"]["circomlibjs"], "0.1.7");
}

#[test]
fn tbs_commitments_match_circomlibjs() {
    let (inputs, out) = (fixture("inputs.json"), fixture("poseidon.json"));
    let tbs = inputs["tbs"].as_array().unwrap();
    assert_eq!(tbs.len(), 2);
    for t in tbs {
        let name = str_of(&t["name"], "name");
        let bytes = unhex(str_of(&t["hex"], "hex"));
        let pinned = &out["tbs_commitment"][name];
        assert_eq!(pinned["len"], bytes.len().to_string(), "{name}");
        assert_eq!(
            pinned["commitment"],
            be(&tbs_commitment(&bytes).unwrap()),
            "TBS commitment of {name}"
        );
    }
    // The real certificate's TBS is a long one (many chained calls), the synthetic one short.
    assert!(unhex(str_of(&tbs[0]["hex"], "hex")).len() > 300);
}

#[test]
fn subject_key_hashes_match_circomlibjs() {
    let (inputs, out) = (fixture("inputs.json"), fixture("poseidon.json"));
    let keys = keys(&inputs);
    assert_eq!(keys.len(), 2);
    assert!(keys.iter().any(|k| k.3 == 0) && keys.iter().any(|k| k.3 != 0));
    for (name, x, y, iin) in &keys {
        let pinned = &out["subject_key_hash"][name.as_str()];
        assert_eq!(*pinned, be(&public_key_hash(x, y, *iin).unwrap()), "{name}");
        // The registry's own (light-poseidon off chain; sol_poseidon on chain, same parameters).
        assert_eq!(
            *pinned,
            hex(&statement::subject_key_hash(x, y, *iin).unwrap()),
            "registry: {name}"
        );
    }
}

#[test]
fn the_statement_hash_matches_circomlibjs() {
    let (inputs, out) = (fixture("inputs.json"), fixture("poseidon.json"));
    let s = &inputs["statement"];
    let tbs_name = str_of(&s["tbs"], "tbs");
    let tbs = inputs["tbs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == tbs_name)
        .map(|t| unhex(str_of(&t["hex"], "hex")))
        .expect("the statement's TBS");
    let key_name = str_of(&s["key"], "key");
    let (_, x, y, iin) = keys(&inputs)
        .into_iter()
        .find(|k| k.0 == key_name)
        .expect("the statement's key");
    let statement = Statement {
        circuit_id: s["circuit_id"].as_u64().unwrap().try_into().unwrap(),
        role: s["role"].as_u64().unwrap().try_into().unwrap(),
        anchor_key_id: arr(str_of(&s["anchor_key_id"], "anchor_key_id")),
        commitment: arr(&be(&tbs_commitment(&tbs).unwrap())),
        subject_key_hash: statement::subject_key_hash(&x, &y, iin).unwrap(),
        not_before: s["not_before"].as_u64().unwrap(),
        not_after: s["not_after"].as_u64().unwrap(),
        registrant: arr(str_of(&s["registrant"], "registrant")),
    };
    let pinned = &out["statement"];
    let elements = statement.field_elements();
    let pinned_elements: Vec<String> = pinned["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| str_of(e, "element").to_string())
        .collect();
    assert_eq!(
        pinned_elements,
        elements.iter().map(|e| hex(e)).collect::<Vec<_>>(),
        "the encoding of each field"
    );
    assert_eq!(pinned["hash"], hex(&statement.public_input().unwrap()));
    // The test circuit's public input: the same hash over the same elements.
    let fields: [Fr; 9] = elements.map(|e| Fr::from_be_bytes_mod_order(&e));
    assert_eq!(
        pinned["hash"],
        be(&TestStatementCircuit::public_input(&fields).unwrap())
    );
}

#[test]
fn eum_tree_empty_subtrees_and_one_leaf_roots_match_circomlibjs() {
    let (inputs, out) = (fixture("inputs.json"), fixture("poseidon.json"));
    let m = &inputs["merkle"];
    assert_eq!(m["depth"], DEPTH);
    let zeros: Vec<String> = zero_hashes().unwrap().iter().map(be).collect();
    assert_eq!(out["merkle"]["zero_hashes"], serde_json::json!(zeros));
    assert_eq!(zeros.len(), DEPTH + 1);

    let leaf_key = str_of(&m["leaf_key"], "leaf_key");
    let (_, x, y, iin) = keys(&inputs).into_iter().find(|k| k.0 == leaf_key).unwrap();
    let leaf = public_key_hash(&x, &y, iin).unwrap();
    let indices = m["leaf_indices"].as_array().unwrap();
    assert!(!indices.is_empty());
    for index in indices {
        let index = index.as_u64().unwrap() as usize;
        let mut tree = MerkleTree::new().unwrap();
        tree.set(index, leaf).unwrap();
        assert_eq!(
            out["merkle"]["one_leaf_roots"][index.to_string()],
            be(&tree.root()),
            "one leaf at {index}"
        );
    }
}
