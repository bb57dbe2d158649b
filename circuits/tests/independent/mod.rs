//! The inputs of the independent Poseidon vectors (`tests/fixtures/independent/inputs.json`), as
//! the project reads them from the certificates. Shared by the `independent_vectors` test (which
//! checks the committed inputs are these) and the `independent_inputs` example (which writes
//! them for `tools/vectors/poseidon-vectors.js`).

// Each includer (a test, an example) uses part of it.
#![allow(dead_code)]

use openrsp_circuits::{cert_p256, commitment::MAX_TBS_LEN, x509::TbsLayout};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

/// The certificates the vectors are computed over, relative to the workspace root.
pub const DPAUTH: &str = "../shared/vectors/sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der";
pub const EUM: &str = "circuits/testdata/eum.der";

/// A short synthetic TBS: 33 bytes (it crosses a chunk boundary) ending in a zero byte (which
/// only the length element tells apart from padding).
pub const SYNTHETIC: &[u8] = b"OpenRSP independent vector\x00\x01\x02\x03\xfe\xff\x00";

/// The registrant of the fixed statement: its first byte is above the field modulus's, so only
/// the 16-byte split keeps it a field element.
pub const REGISTRANT: [u8; 32] = {
    let mut r = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        r[i] = 0xff - i as u8;
        i += 1;
    }
    r
};

/// The fixed statement's circuit id: revision 1 of the `cert_p256` family (a fixed number, so
/// that a new revision of the circuit leaves the vectors alone).
pub const STATEMENT_CIRCUIT_ID: u32 =
    cert_registry::circuits::circuit_id(cert_registry::circuits::FAMILY_CERT_P256, 1);

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex {s:?}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// A certificate's TBS (split by the project's DER reader) and the fields the circuit reads.
pub fn read(rel: &str) -> (Vec<u8>, openrsp_circuits::x509::TbsFields) {
    let der = std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let (tbs, _) = cert_p256::split_certificate(&der).expect("certificate");
    let (_, fields) = TbsLayout::parse(&tbs, MAX_TBS_LEN).expect("TBS");
    (tbs, fields)
}

/// `inputs.json`.
pub fn inputs() -> Value {
    let (dp_tbs, dp) = read(DPAUTH);
    let (_, eum) = read(EUM);
    let eum_iin = eum.permitted_iin.expect("the test EUM has a permitted IIN");
    let aki = dp.authority_key_id.expect("DPauth names its CI");
    json!({
        "about": "Inputs of tools/vectors/poseidon-vectors.js, written by `cargo run -p openrsp-circuits --example independent_inputs` from the certificates named here (read by the project's DER walk); circuits/tests/independent_vectors.rs checks they still are.",
        "tbs": [
            { "name": "sgp26-dpauth", "source": DPAUTH, "hex": hex(&dp_tbs) },
            { "name": "synthetic", "source": "circuits/tests/independent/mod.rs SYNTHETIC", "hex": hex(SYNTHETIC) }
        ],
        "keys": [
            { "name": "sgp26-dpauth", "source": DPAUTH, "x": hex(&dp.key_x), "y": hex(&dp.key_y), "iin": 0 },
            { "name": "testpki-eum", "source": EUM, "x": hex(&eum.key_x), "y": hex(&eum.key_y), "iin": eum_iin }
        ],
        "statement": {
            "about": "the DPauth certificate's statement for revision 1 of the cert_p256 family; commitment and subject_key_hash are the hashes of tbs sgp26-dpauth and key sgp26-dpauth",
            "circuit_id": STATEMENT_CIRCUIT_ID,
            "role": dp.role,
            "anchor_key_id": hex(&aki),
            "tbs": "sgp26-dpauth",
            "key": "sgp26-dpauth",
            "not_before": dp.not_before,
            "not_after": dp.not_after,
            "registrant": hex(&REGISTRANT)
        },
        "merkle": {
            "depth": openrsp_circuits::merkle::DEPTH,
            "about": "zero hashes Z_0..Z_depth; then a tree with one leaf, the subject key hash of key testpki-eum, at each index given",
            "leaf_key": "testpki-eum",
            "leaf_indices": [0, 5]
        }
    })
}
