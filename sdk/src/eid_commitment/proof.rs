//! The EID proof: from an eUICC certificate, its EUM's certificate and the registry's EUM tree to
//! a `euicc_chain` proof bound to the consumer's key.

use crate::{
    cert_registry::EumTreeLeaves,
    certificate::RspCertificate,
    prover::signature_scalars,
    zk::{encode_proof, fr_be, fr_from_be, hex_array, ProofBytes},
    SdkError,
};
use cert_registry::statement::Role;
use eid_commitment::statement::EidStatement;
use openrsp_circuits::{
    euicc_chain::{self, EuiccChainCircuit},
    keys::{load_or_setup, prove, CircuitKeys},
    p256::point_from_coordinates,
    x509::TbsLayout,
};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use solana_address::Address;
use std::path::Path;

/// What `openrsp eid prove` writes and `openrsp eid register` reads: the public statement and
/// the proof. Holds nothing about the EID.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct EidProofFile {
    pub circuit: String,
    pub circuit_id: u32,
    /// Field elements, hex (32 bytes big-endian).
    pub root: String,
    pub commitment: String,
    pub nullifier: String,
    pub purpose: String,
    /// The key the proof is bound to (base58): only it can register the commitment.
    pub owner: String,
    /// Proof points in the on-chain encoding, hex (`a` already negated).
    pub proof_a: String,
    pub proof_b: String,
    pub proof_c: String,
}

/// The consumer's secret: the EID and the salt that open the commitment. Never sent anywhere.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct EidSecret {
    pub eid: String,
    /// Hex, 32 bytes big-endian.
    pub salt: String,
    pub purpose: String,
}

impl EidProofFile {
    pub fn proof(&self) -> Result<ProofBytes, SdkError> {
        Ok(ProofBytes {
            a: hex_array("proof_a", &self.proof_a)?,
            b: hex_array("proof_b", &self.proof_b)?,
            c: hex_array("proof_c", &self.proof_c)?,
        })
    }

    pub fn field(&self, name: &str) -> Result<[u8; 32], SdkError> {
        let value = match name {
            "root" => &self.root,
            "commitment" => &self.commitment,
            "nullifier" => &self.nullifier,
            "purpose" => &self.purpose,
            other => return Err(SdkError::InvalidInput(format!("no field {other}"))),
        };
        let bytes = hex_array(name, value)?;
        fr_from_be(&bytes)?;
        Ok(bytes)
    }
}

/// A purpose as a field element: SHA-256 of `openrsp/eid-purpose/<label>` with the top byte
/// cleared. Applications agree on labels (`subscriber`, `trial`, ...); one EID registers once per
/// label.
pub fn purpose_from_label(label: &str) -> [u8; 32] {
    let mut purpose: [u8; 32] = Sha256::digest(format!("openrsp/eid-purpose/{label}")).into();
    purpose[0] = 0;
    purpose
}

/// A fresh random salt (248 bits, a field element).
pub fn random_salt() -> [u8; 32] {
    let mut salt = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut salt[1..]);
    salt
}

/// The `euicc_chain` keys, from the cache in `dir` or a fresh setup (about a minute and a half in
/// a release build). Returns whether they came from the cache.
pub fn eid_circuit_keys(dir: &Path) -> Result<(CircuitKeys, bool), SdkError> {
    load_or_setup(dir, &euicc_chain::key_name(), EuiccChainCircuit::blank)
        .map_err(|e| SdkError::Zk(e.to_string()))
}

/// Proves that `euicc` (an eUICC certificate) was issued by `eum`, an EUM in the registry's tree
/// `leaves`, and commits to its EID with `salt` for `purpose`, bound to `owner`.
///
/// Refused before proving, with the reason: a certificate that is not an eUICC or EUM one, an EUM
/// that is not (or no longer) in the tree, an eUICC not signed by that EUM, an EID outside the
/// EUM's IIN or with bad check digits.
pub fn prove_eid(
    keys: &CircuitKeys,
    euicc: &RspCertificate,
    eum: &RspCertificate,
    leaves: &EumTreeLeaves,
    salt: [u8; 32],
    purpose: [u8; 32],
    owner: &Address,
) -> Result<(EidProofFile, EidSecret), SdkError> {
    let refuse = |why: String| SdkError::Certificate(why);
    if eum.role != Role::Eum {
        return Err(refuse(format!(
            "the issuer given is a {} certificate, not an EUM",
            eum.role.name()
        )));
    }
    if euicc.role != Role::Euicc {
        return Err(refuse(format!(
            "the certificate given is a {} certificate, not an eUICC",
            euicc.role.name()
        )));
    }
    let iin = eum
        .permitted_iin
        .ok_or_else(|| refuse("the EUM certificate names no permitted IIN".into()))?;
    let index = leaves.index_of(&eum.commitment()?).ok_or_else(|| {
        refuse("the EUM certificate is not in the registry's EUM tree: it is not registered, or it was revoked".into())
    })?;
    let (x, y) = eum.public_key.split_at(32);
    let key = point_from_coordinates(
        x.try_into().map_err(|_| refuse("EUM key".into()))?,
        y.try_into().map_err(|_| refuse("EUM key".into()))?,
    )
    .ok_or_else(|| refuse("the EUM key is not a P-256 point".into()))?;
    let salt_fr = fr_from_be(&salt)?;
    let purpose_fr = fr_from_be(&purpose)?;
    let circuit = EuiccChainCircuit::new(
        &euicc.tbs_der,
        signature_scalars(euicc)?,
        key,
        iin,
        index as usize,
        leaves.tree.path(index as usize),
        salt_fr,
        purpose_fr,
        owner.to_bytes(),
    )
    .map_err(|e| refuse(e.to_string()))?;
    let witness = circuit
        .witness
        .as_ref()
        .ok_or_else(|| SdkError::Zk("no witness".into()))?;
    let statement = witness.statement;
    if fr_be(&statement.root) != leaves.root() {
        return Err(refuse(
            "the EUM's key and IIN do not give its leaf in the tree".into(),
        ));
    }
    let eid = TbsLayout::parse(&euicc.tbs_der, euicc.tbs_der.len())
        .ok()
        .and_then(|(_, fields)| fields.subject_serial_number)
        .and_then(|serial| String::from_utf8(serial).ok())
        .unwrap_or_default();
    let public = statement
        .public_input()
        .map_err(|e| SdkError::Zk(e.to_string()))?;
    // What the program will recompute must be what the circuit proves.
    let on_chain = EidStatement {
        circuit_id: euicc_chain::CIRCUIT_ID,
        root: fr_be(&statement.root),
        commitment: fr_be(&statement.commitment),
        nullifier: fr_be(&statement.nullifier),
        purpose,
        owner: owner.to_bytes(),
    };
    if on_chain
        .public_input()
        .map_err(|e| SdkError::Zk(e.message().into()))?
        != fr_be(&public)
    {
        return Err(SdkError::Zk(
            "the program would hash this statement differently from the circuit".into(),
        ));
    }
    let proof =
        encode_proof(&prove(keys, circuit, &[public]).map_err(|e| SdkError::Zk(e.to_string()))?)?;
    Ok((
        EidProofFile {
            circuit: euicc_chain::NAME.into(),
            circuit_id: euicc_chain::CIRCUIT_ID,
            root: hex::encode(on_chain.root),
            commitment: hex::encode(on_chain.commitment),
            nullifier: hex::encode(on_chain.nullifier),
            purpose: hex::encode(purpose),
            owner: owner.to_string(),
            proof_a: hex::encode(proof.a),
            proof_b: hex::encode(proof.b),
            proof_c: hex::encode(proof.c),
        },
        EidSecret {
            eid,
            salt: hex::encode(salt),
            purpose: hex::encode(purpose),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use openrsp_circuits::{euicc_chain::EidStatement as CircuitStatement, Fr};

    #[test]
    fn the_program_and_the_circuit_hash_the_statement_alike() {
        let owner = [0xfe; 32];
        let circuit = CircuitStatement {
            root: Fr::from(11u64),
            commitment: Fr::from(22u64),
            nullifier: Fr::from(33u64),
            purpose: fr_from_be(&purpose_from_label("trial")).unwrap(),
            registrant: owner,
        };
        let program = EidStatement {
            circuit_id: euicc_chain::CIRCUIT_ID,
            root: fr_be(&circuit.root),
            commitment: fr_be(&circuit.commitment),
            nullifier: fr_be(&circuit.nullifier),
            purpose: purpose_from_label("trial"),
            owner,
        };
        assert_eq!(
            program.public_input().unwrap(),
            fr_be(&circuit.public_input().unwrap())
        );
        // Another owner, another input.
        let other = EidStatement {
            owner: [0xfd; 32],
            ..program
        };
        assert_ne!(
            other.public_input().unwrap(),
            program.public_input().unwrap()
        );
        // Values at or above the modulus are refused, not reduced.
        let bad = EidStatement {
            root: [0xff; 32],
            ..program
        };
        assert!(bad.public_input().is_err());
    }

    #[test]
    fn purposes_are_field_elements_and_distinct() {
        let a = purpose_from_label("subscriber");
        let b = purpose_from_label("trial");
        assert_ne!(a, b);
        assert!(fr_from_be(&a).is_ok() && fr_from_be(&b).is_ok());
        assert!(fr_from_be(&random_salt()).is_ok());
    }
}
