//! The EID proof: from an eUICC certificate, its EUM's certificate and the registry's EUM tree to
//! a `euicc_chain` proof bound to the consumer's key.

use super::instructions::{RegisterCommitmentArgs, RenewalArgs};
use crate::{
    cert_registry::EumTreeLeaves,
    certificate::RspCertificate,
    euicc::AuthenticateServerResponse,
    prover::signature_scalars,
    zk::{encode_proof, fr_be, fr_from_be, hex_array, ProofBytes},
    SdkError,
};
use cert_registry::statement::Role;
use eid_commitment::{
    state::{purpose_field, purpose_number, PURPOSE_PLANS},
    statement::EidStatement,
};
use openrsp_circuits::{
    euicc_chain::{self, EidClaim, EuiccChainCircuit, EumMembership},
    keys::{load_or_setup, prove_loading_keys, CircuitKeys},
    p256::point_from_coordinates,
    x509::TbsLayout,
};
use rand::RngCore;
use serde::{Deserialize, Serialize};
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
    /// The CI trust anchor behind the EUM (its key id, hex): the one fact about the EUM the
    /// statement makes public.
    pub anchor_key_id: String,
    /// Unix seconds: the EUM certificate had not expired at this time. The program takes the
    /// proof for an hour after it.
    pub valid_at: u64,
    pub commitment: String,
    pub nullifier: String,
    pub purpose: String,
    /// The key the proof is bound to (base58): only it can register the commitment.
    pub owner: String,
    /// The slot whose hash the chip's binding names: the chain takes the proof while the slot is
    /// among its recent slot hashes (about three minutes).
    pub bound_slot: u64,
    /// That slot's hash (hex), as the chain reported it.
    pub slot_hash: String,
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

    pub fn anchor_key_id(&self) -> Result<[u8; 20], SdkError> {
        hex_array("anchor_key_id", &self.anchor_key_id)
    }

    /// The `register_commitment` arguments of this proof.
    pub fn register_args(&self) -> Result<RegisterCommitmentArgs, SdkError> {
        Ok(RegisterCommitmentArgs {
            root: self.field("root")?,
            anchor_key_id: self.anchor_key_id()?,
            valid_at: self.valid_at,
            bound_slot: self.bound_slot,
            commitment: self.field("commitment")?,
            nullifier: self.field("nullifier")?,
            purpose: self.field("purpose")?,
            proof: self.proof()?,
        })
    }

    /// The `rotate_commitment` / `take_over_commitment` arguments of this proof.
    pub fn renewal_args(&self) -> Result<RenewalArgs, SdkError> {
        Ok(RenewalArgs {
            root: self.field("root")?,
            anchor_key_id: self.anchor_key_id()?,
            valid_at: self.valid_at,
            bound_slot: self.bound_slot,
            nullifier: self.field("nullifier")?,
            commitment: self.field("commitment")?,
            proof: self.proof()?,
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

/// The purposes by name: `plans` (1, the consumer identity usdc-billing and profile-escrow take),
/// or a purpose number below 64 that governance has enabled.
pub fn purpose_from_name(name: &str) -> Result<[u8; 32], SdkError> {
    let number = match name {
        "plans" => PURPOSE_PLANS,
        other => other
            .parse::<u8>()
            .ok()
            .filter(|p| *p < 64)
            .ok_or_else(|| {
                SdkError::InvalidInput(format!(
                    "purpose {other:?}: `plans` or a purpose number below 64"
                ))
            })?,
    };
    Ok(purpose_field(number))
}

/// A purpose's name for people: `plans`, or its number.
pub fn purpose_name(purpose: &[u8; 32]) -> String {
    match purpose_number(purpose) {
        Some(PURPOSE_PLANS) => "plans".into(),
        Some(p) => p.to_string(),
        None => hex::encode(purpose),
    }
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

/// What an EID proof is about besides the certificates: the salt and purpose of the commitment,
/// the key it is bound to, the time it speaks of (the chain's clock, read just before; the
/// program accepts the proof for an hour after it), and the chip's signed binding of that key
/// after a recent slot.
#[derive(Clone, Copy, Debug)]
pub struct EidProofRequest<'a> {
    pub salt: [u8; 32],
    pub purpose: [u8; 32],
    pub owner: &'a Address,
    /// Unix seconds.
    pub valid_at: u64,
    /// The chip's answer to ES10b AuthenticateServer whose matchingId binds `owner` after
    /// `bound_slot` ([`crate::euicc::binding_matching_id`]).
    pub chip: &'a AuthenticateServerResponse,
    /// The slot the binding names, and its hash as the chain has it.
    pub bound_slot: u64,
    pub slot_hash: [u8; 32],
}

/// Proves that `euicc` (an eUICC certificate) was issued by `eum`, an EUM in the registry's tree
/// `leaves`, and commits to its EID with the request's salt for its purpose, bound to its owner:
/// [`prepare_eid`], then [`PreparedEid::prove`].
pub fn prove_eid(
    keys: &CircuitKeys,
    euicc: &RspCertificate,
    eum: &RspCertificate,
    leaves: &EumTreeLeaves,
    request: EidProofRequest,
) -> Result<(EidProofFile, EidSecret), SdkError> {
    prepare_eid(euicc, eum, leaves, request)?.prove(keys)
}

/// An EID proof whose witness is built and checked, ready to prove: everything but the proof.
pub struct PreparedEid {
    circuit: EuiccChainCircuit,
    public: openrsp_circuits::Fr,
    on_chain: EidStatement,
    owner: Address,
    bound_slot: u64,
    slot_hash: [u8; 32],
    secret: EidSecret,
}

/// The witness of an EID proof, natively and in milliseconds: what can be refused is refused here,
/// before any key is loaded. Refused with the reason: a certificate that is not an eUICC or EUM
/// one, an EUM that is not (or no longer) in the tree or whose certificate expired before
/// `valid_at`, an eUICC not signed by that EUM, an EID outside the EUM's IIN or with bad check
/// digits, a chip answer from another eUICC, for another wallet or slot, or not signed by the chip.
pub fn prepare_eid(
    euicc: &RspCertificate,
    eum: &RspCertificate,
    leaves: &EumTreeLeaves,
    request: EidProofRequest,
) -> Result<PreparedEid, SdkError> {
    let EidProofRequest {
        salt,
        purpose,
        owner,
        valid_at,
        chip,
        bound_slot,
        slot_hash,
    } = request;
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
    if RspCertificate::from_der(&chip.euicc_certificate)?.tbs_der != euicc.tbs_der {
        return Err(refuse(
            "the chip's answer comes from another eUICC than the certificate given".into(),
        ));
    }
    let iin = eum
        .permitted_iin
        .ok_or_else(|| refuse("the EUM certificate names no permitted IIN".into()))?;
    let leaf = *leaves.leaf_of(&eum.commitment()?).ok_or_else(|| {
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
    let membership = EumMembership {
        key,
        iin,
        anchor_key_id: leaf.anchor_key_id,
        not_after: leaf.not_after,
        leaf_index: leaf.index as usize,
        path: leaves.tree.path(leaf.index as usize),
    };
    let circuit = EuiccChainCircuit::new(
        &euicc.tbs_der,
        signature_scalars(euicc)?,
        membership,
        chip.chip_evidence(),
        EidClaim {
            salt: salt_fr,
            purpose: purpose_fr,
            valid_at,
            registrant: owner.to_bytes(),
            slot_hash,
        },
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
        anchor_key_id: statement.anchor_key_id,
        valid_at: statement.valid_at,
        commitment: fr_be(&statement.commitment),
        nullifier: fr_be(&statement.nullifier),
        purpose,
        owner: owner.to_bytes(),
        slot_hash,
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
    Ok(PreparedEid {
        circuit,
        public,
        on_chain,
        owner: *owner,
        bound_slot,
        slot_hash,
        secret: EidSecret {
            eid,
            salt: hex::encode(salt),
            purpose: hex::encode(purpose),
        },
    })
}

impl PreparedEid {
    /// Proves (about half a minute on 2 cores) and writes the proof file and the secret.
    pub fn prove(self, keys: &CircuitKeys) -> Result<(EidProofFile, EidSecret), SdkError> {
        self.prove_loading_keys(|| Ok(keys))
    }

    /// [`Self::prove`] with the keys loaded by `load` once the witness is reduced to the R1CS
    /// matrices (`keys::prove_loading_keys`): the 0.7 GB proving key is then never in memory
    /// beside the constraint system, which lowers the peak by the key's size.
    pub fn prove_loading_keys<K: std::borrow::Borrow<CircuitKeys>>(
        self,
        load: impl FnOnce() -> Result<K, SdkError>,
    ) -> Result<(EidProofFile, EidSecret), SdkError> {
        let PreparedEid {
            circuit,
            public,
            on_chain,
            owner,
            bound_slot,
            slot_hash,
            secret,
        } = self;
        let mut load_error = None;
        let proved = prove_loading_keys(circuit, &[public], || {
            load().map_err(|e| {
                let reason = e.to_string();
                load_error = Some(e);
                openrsp_circuits::CircuitError::Cache {
                    path: "euicc_chain keys".into(),
                    reason,
                }
            })
        });
        if let Some(e) = load_error {
            return Err(e);
        }
        let proof = encode_proof(&proved.map_err(|e| SdkError::Zk(e.to_string()))?)?;
        Ok((
            proof_file(&on_chain, &owner, bound_slot, &slot_hash, &proof),
            secret,
        ))
    }

    /// The proof file of this statement with a proof made elsewhere (another prover of the same
    /// circuit and key); the program verifies it like any other.
    pub fn with_proof(self, proof: ProofBytes) -> (EidProofFile, EidSecret) {
        (
            proof_file(
                &self.on_chain,
                &self.owner,
                self.bound_slot,
                &self.slot_hash,
                &proof,
            ),
            self.secret,
        )
    }
}

/// The proof file of a statement and its proof.
fn proof_file(
    on_chain: &EidStatement,
    owner: &Address,
    bound_slot: u64,
    slot_hash: &[u8; 32],
    proof: &ProofBytes,
) -> EidProofFile {
    EidProofFile {
        circuit: euicc_chain::NAME.into(),
        circuit_id: euicc_chain::CIRCUIT_ID,
        root: hex::encode(on_chain.root),
        anchor_key_id: hex::encode(on_chain.anchor_key_id),
        valid_at: on_chain.valid_at,
        commitment: hex::encode(on_chain.commitment),
        nullifier: hex::encode(on_chain.nullifier),
        purpose: hex::encode(on_chain.purpose),
        owner: owner.to_string(),
        bound_slot,
        slot_hash: hex::encode(slot_hash),
        proof_a: hex::encode(proof.a),
        proof_b: hex::encode(proof.b),
        proof_c: hex::encode(proof.c),
    }
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
            anchor_key_id: [0xa5; 20],
            valid_at: 1_800_000_000,
            commitment: Fr::from(22u64),
            nullifier: Fr::from(33u64),
            purpose: fr_from_be(&purpose_field(PURPOSE_PLANS)).unwrap(),
            registrant: owner,
            slot_hash: [0xc3; 32],
        };
        let program = EidStatement {
            circuit_id: euicc_chain::CIRCUIT_ID,
            root: fr_be(&circuit.root),
            anchor_key_id: circuit.anchor_key_id,
            valid_at: circuit.valid_at,
            commitment: fr_be(&circuit.commitment),
            nullifier: fr_be(&circuit.nullifier),
            purpose: purpose_field(PURPOSE_PLANS),
            owner,
            slot_hash: [0xc3; 32],
        };
        assert_eq!(
            program.public_input().unwrap(),
            fr_be(&circuit.public_input().unwrap())
        );
        // Another owner, anchor, time or slot: another input.
        for other in [
            EidStatement {
                slot_hash: [0xc4; 32],
                ..program
            },
            EidStatement {
                owner: [0xfd; 32],
                ..program
            },
            EidStatement {
                anchor_key_id: [0xa4; 20],
                ..program
            },
            EidStatement {
                valid_at: 1_800_000_001,
                ..program
            },
        ] {
            assert_ne!(
                other.public_input().unwrap(),
                program.public_input().unwrap()
            );
        }
        // Values at or above the modulus are refused, not reduced.
        let bad = EidStatement {
            root: [0xff; 32],
            ..program
        };
        assert!(bad.public_input().is_err());
    }

    #[test]
    fn purposes_are_named_numbers() {
        let plans = purpose_from_name("plans").unwrap();
        assert_eq!(plans, purpose_field(PURPOSE_PLANS));
        assert_eq!(purpose_name(&plans), "plans");
        assert_eq!(purpose_from_name("5").unwrap(), purpose_field(5));
        for bad in ["subscriber", "64", "-1", ""] {
            assert!(purpose_from_name(bad).is_err(), "{bad}");
        }
        assert!(fr_from_be(&plans).is_ok());
        assert!(fr_from_be(&random_salt()).is_ok());
    }
}
