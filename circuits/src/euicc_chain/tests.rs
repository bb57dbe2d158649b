//! The chain circuit on a test-PKI eUICC (circuits/testdata, from `openrsp testpki`).

use super::*;
use crate::testing::{assert_fails_at, synthesize};
use crate::{cert_p256::split_certificate, merkle::MerkleTree};

fn testdata(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata")
            .join(name),
    )
    .unwrap()
}

/// The EUM's key and permitted IIN, read from its certificate.
fn eum() -> (Affine, u64) {
    eum_from_certificate(&testdata("eum.der")).unwrap()
}

/// The test CI's key id (what the EUM's leaf carries) and the EUM certificate's notAfter.
const ANCHOR: [u8; 20] = [0xa5; 20];
const NOT_AFTER: u64 = 4_102_444_800;
const VALID_AT: u64 = 1_800_000_000;

fn membership(tree: &MerkleTree, key: Affine, iin: u64, index: usize) -> EumMembership {
    EumMembership {
        key,
        iin,
        anchor_key_id: ANCHOR,
        not_after: NOT_AFTER,
        leaf_index: index,
        path: tree.path(index),
    }
}

#[test]
fn an_euicc_of_a_registered_eum_proves_and_forgeries_do_not() {
    let (key, iin) = eum();
    assert_eq!(iin, 89049032);
    let mut tree = MerkleTree::new().unwrap();
    tree.set(0, Fr::from(11u64)).unwrap();
    tree.set(1, eum_leaf(&key, iin, &ANCHOR, NOT_AFTER).unwrap())
        .unwrap();
    tree.set(2, Fr::from(13u64)).unwrap();
    let (tbs, signature) = split_certificate(&testdata("euicc-1.der")).unwrap();
    let (salt, purpose) = (Fr::from(424242u64), Fr::from(1u64));
    let eum_at = |iin: u64, key: Affine| membership(&tree, key, iin, 1);
    let circuit = EuiccChainCircuit::new(
        &tbs,
        signature,
        eum_at(iin, key),
        salt,
        purpose,
        VALID_AT,
        [9; 32],
    )
    .unwrap();
    let statement = circuit.witness.as_ref().unwrap().statement;
    assert_eq!(statement.root, tree.root());
    assert_eq!(statement.anchor_key_id, ANCHOR);
    assert_eq!(statement.valid_at, VALID_AT);
    let eid = eid::eid_value("89049032000123451234512345678950").unwrap();
    assert_eq!(statement.commitment, eid::commitment(eid, salt).unwrap());
    assert_eq!(statement.nullifier, eid::nullifier(eid, purpose).unwrap());
    let honest = synthesize(circuit.clone());
    assert_eq!(honest.result, Ok(()));
    let constraints = honest.constraints;
    eprintln!("euicc_chain: {constraints} constraints");
    assert!(constraints <= 1_900_000, "{constraints}");

    // Forged witnesses, built past the native pre-checks.
    let forge = |f: &dyn Fn(&mut ChainWitness)| {
        let mut c = circuit.clone();
        f(c.witness.as_mut().unwrap());
        synthesize(c).result
    };
    // (Each run synthesises 1.9M constraints: the signature forgeries are p256_var's tests.)
    // The EUM claims another IIN than the EID's: refused where the EID's IIN is compared.
    assert_fails_at(forge(&|w| w.eum.iin = 89049033), "iin_of_eid");
    // A path to another root (a sibling changed): the statement's root is not the tree's.
    assert_fails_at(forge(&|w| w.eum.path[3] += Fr::from(1u64)), "statement");
    // A statement naming another anchor than the leaf's: the leaf, so the root, differs.
    assert_fails_at(
        forge(&|w| w.statement.anchor_key_id = [0x5a; 20]),
        "statement",
    );
    // A later notAfter than the registry stored (to pass the expiry check): another leaf.
    assert_fails_at(forge(&|w| w.eum.not_after = u64::MAX), "statement");
    // A statement dated after the EUM's notAfter, hashed consistently: the expiry check fails.
    assert_fails_at(
        forge(&|w| w.statement.valid_at = NOT_AFTER + 1),
        "eum_not_expired",
    );

    // Refused before proving: another IIN, another key, an expired EUM.
    assert!(EuiccChainCircuit::new(
        &tbs,
        signature,
        eum_at(89049033, key),
        salt,
        purpose,
        VALID_AT,
        [9; 32]
    )
    .is_err());
    use ark_ec::{AffineRepr, CurveGroup};
    let other = (Affine::generator() * Scalar::from(7u64)).into_affine();
    assert!(EuiccChainCircuit::new(
        &tbs,
        signature,
        eum_at(iin, other),
        salt,
        purpose,
        VALID_AT,
        [9; 32]
    )
    .is_err());
    let err = EuiccChainCircuit::new(
        &tbs,
        signature,
        eum_at(iin, key),
        salt,
        purpose,
        NOT_AFTER + 1,
        [9; 32],
    )
    .err()
    .unwrap();
    assert!(err.to_string().contains("expired"), "{err}");
}
