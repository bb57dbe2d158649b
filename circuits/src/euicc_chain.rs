//! `euicc_chain`: an EID belongs to a genuine eUICC, certified by some registered EUM, without
//! revealing the EID or which EUM.
//!
//! Private: the eUICC certificate's TBS and signature, the EUM's public key, permitted IIN and
//! notAfter, its leaf's position and Merkle path in the EUM tree, a salt. Public: one input, the
//! Poseidon hash of the statement `circuit_id, root, anchor_key_id, valid_at, commitment,
//! nullifier, purpose, registrant_hi, registrant_lo`. The circuit proves:
//! - SHA-256 of the eUICC TBS ([`crate::tbs_message`]) and an ECDSA P-256 signature over it under
//!   the EUM key, a witness ([`crate::p256_var`]);
//! - the EUM leaf `Poseidon(Poseidon(x_hi, x_lo, y_hi, y_lo, iin), anchor_key_id, not_after)` (what
//!   the registry computes from the EUM's record) is in the tree under `root` ([`crate::merkle`]),
//!   so the anchor the statement names is the CI that admitted this EUM;
//! - `valid_at <= not_after`: the EUM certificate had not expired at `valid_at`, which the program
//!   holds to the last hour of its clock;
//! - the TBS is an X.509 v3 certificate read by the same DER walk as the certificate circuit
//!   ([`crate::x509`]) with the role `id-rspRole-euicc`, and its subject serialNumber, read by an
//!   RDN walk, is the EID: 32 digits with valid check digits, starting with the EUM's IIN
//!   ([`crate::eid`]);
//! - `commitment = Poseidon(EID, salt)` and `nullifier = Poseidon(EID, purpose)`.

use crate::{
    eid::{self, eid_gadget},
    gadgets::{bit, constant, from_bits_le, named, range_check},
    merkle::{self, root_gadget, DEPTH},
    p256::{canonical_bits, Affine, Scalar},
    p256_var::{self, point_on_curve, VarKeyAdvice},
    poseidon,
    tbs_message::tbs_message,
    x509::{parse_tbs, subject_serial_number, IssuerKeyId, TbsLayout},
    CircuitError, Fr,
};
use ark_ff::PrimeField;
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use sha2::{Digest, Sha256};

/// Name used for key caching, proof files and the CLI.
pub const NAME: &str = "euicc_chain";
/// Circuit id of `euicc_chain` (one circuit for every EUM: the tree names them).
pub const CIRCUIT_ID: u32 = 0x0200_0001;
/// Revision of the constraint system; part of the key cache name.
pub const REVISION: u32 = 3;
/// Name of the key cache files: a new revision never loads an old revision's keys.
pub fn key_name() -> String {
    format!("{NAME}-r{REVISION}")
}

/// SHA-256 blocks of an eUICC TBS at most (503 bytes; the test PKI's are 433).
pub const MAX_BLOCKS: usize = 8;
/// Role number of an eUICC (`id-rspRole-euicc-v2`).
const ROLE_EUICC: u64 = 1;
/// Elements of the statement hash.
pub const STATEMENT_INPUTS: usize = 9;

/// The public statement of an EID proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EidStatement {
    pub root: Fr,
    /// Key id of the CI trust anchor that admitted the EUM.
    pub anchor_key_id: [u8; 20],
    /// Unix seconds at which the EUM certificate was still valid.
    pub valid_at: u64,
    pub commitment: Fr,
    pub nullifier: Fr,
    pub purpose: Fr,
    pub registrant: [u8; 32],
}

impl EidStatement {
    pub fn field_elements(&self) -> [Fr; STATEMENT_INPUTS] {
        [
            Fr::from(CIRCUIT_ID as u64),
            self.root,
            anchor_fr(&self.anchor_key_id),
            Fr::from(self.valid_at),
            self.commitment,
            self.nullifier,
            self.purpose,
            Fr::from_be_bytes_mod_order(&self.registrant[..16]),
            Fr::from_be_bytes_mod_order(&self.registrant[16..]),
        ]
    }

    pub fn public_input(&self) -> Result<Fr, CircuitError> {
        poseidon::hash(&self.field_elements())
    }
}

/// The private witness.
#[derive(Clone)]
pub struct ChainWitness {
    pub tbs: Vec<u8>,
    pub layout: TbsLayout,
    pub signature: (Scalar, Scalar),
    pub advice: VarKeyAdvice,
    pub eum: EumMembership,
    pub salt: Fr,
    pub statement: EidStatement,
}

/// The chain circuit.
#[derive(Clone)]
pub struct EuiccChainCircuit {
    pub witness: Option<ChainWitness>,
}

fn unsupported(why: impl Into<String>) -> CircuitError {
    CircuitError::Unsupported(why.into())
}

/// An EUM in the registry's tree, as an EID proof needs it: what its leaf is made of (key, IIN,
/// the anchor that admitted it, its certificate's notAfter) and where the leaf is.
#[derive(Clone, Debug)]
pub struct EumMembership {
    pub key: Affine,
    pub iin: u64,
    pub anchor_key_id: [u8; 20],
    pub not_after: u64,
    pub leaf_index: usize,
    /// Siblings bottom up, [`DEPTH`] of them.
    pub path: Vec<Fr>,
}

impl EumMembership {
    /// The leaf these values make: what the registry stored for the EUM.
    pub fn leaf(&self) -> Result<Fr, CircuitError> {
        eum_leaf(&self.key, self.iin, &self.anchor_key_id, self.not_after)
    }
}

/// A CI key id as one field element (160 bits, big-endian), as the program encodes it.
pub fn anchor_fr(key_id: &[u8; 20]) -> Fr {
    Fr::from_be_bytes_mod_order(key_id)
}

/// An EUM's key and permitted IIN, read from its certificate by the same walk as the circuits.
pub fn eum_from_certificate(der: &[u8]) -> Result<(Affine, u64), CircuitError> {
    let (tbs, _) = crate::cert_p256::split_certificate(der)?;
    let (_, fields) = TbsLayout::parse(&tbs, crate::cert_p256::MAX_TBS_LEN)?;
    let key = crate::p256::point_from_coordinates(&fields.key_x, &fields.key_y)
        .ok_or_else(|| unsupported("the EUM key is not a P-256 point"))?;
    let iin = fields
        .permitted_iin
        .ok_or_else(|| unsupported("not an EUM certificate (no permitted IIN)"))?;
    Ok((key, iin))
}

/// The EUM leaf natively, as the registry computes it from the EUM's record:
/// `Poseidon(subject key hash, anchor key id, notAfter)`.
pub fn eum_leaf(
    key: &Affine,
    iin: u64,
    anchor_key_id: &[u8; 20],
    not_after: u64,
) -> Result<Fr, CircuitError> {
    let key_hash = crate::commitment::public_key_hash(
        &crate::cert_p256::fq_be(&key.x),
        &crate::cert_p256::fq_be(&key.y),
        iin,
    )?;
    poseidon::hash(&[key_hash, anchor_fr(anchor_key_id), Fr::from(not_after)])
}

impl EuiccChainCircuit {
    pub fn blank() -> Self {
        EuiccChainCircuit { witness: None }
    }

    /// The circuit for an eUICC certificate (`tbs`, `signature`) issued by the EUM `eum`, as of
    /// `valid_at`. Refuses with the reason anything that cannot be proven, before proving starts.
    pub fn new(
        tbs: &[u8],
        signature: (Scalar, Scalar),
        eum: EumMembership,
        salt: Fr,
        purpose: Fr,
        valid_at: u64,
        registrant: [u8; 32],
    ) -> Result<Self, CircuitError> {
        let EumMembership { key: eum_key, iin, .. } = eum;
        if valid_at > eum.not_after {
            return Err(unsupported(format!(
                "the EUM certificate expired at {} (unix seconds), before {valid_at}",
                eum.not_after
            )));
        }
        let (layout, fields) = TbsLayout::parse(tbs, MAX_BLOCKS * 64 - 9)?;
        if fields.role as u64 != ROLE_EUICC {
            return Err(unsupported(
                "not an eUICC certificate (role id-rspRole-euicc)",
            ));
        }
        let serial = fields
            .subject_serial_number
            .clone()
            .ok_or_else(|| unsupported("no 32-digit subject serialNumber (EID)"))?;
        let eid_text = String::from_utf8(serial).map_err(|_| unsupported("EID is not text"))?;
        let eid = eid::eid_value(&eid_text)?;
        if eid_text[..eid::IIN_DIGITS].parse::<u64>().ok() != Some(iin) {
            return Err(unsupported(format!(
                "EID {eid_text} is outside the EUM's IIN {iin:08}"
            )));
        }
        let digest: [u8; 32] = Sha256::digest(tbs).into();
        let advice = p256_var::advice(&eum_key, &digest, signature.0, signature.1)
            .filter(|_| crate::p256::verify_native(&eum_key, &digest, signature.0, signature.1))
            .ok_or_else(|| {
                unsupported("the eUICC certificate's signature does not verify under the EUM key")
            })?;
        if eum.path.len() != DEPTH {
            return Err(unsupported(format!("a Merkle path has {DEPTH} siblings")));
        }
        let root = merkle::root_from_path(eum.leaf()?, eum.leaf_index, &eum.path)?;
        let statement = EidStatement {
            root,
            anchor_key_id: eum.anchor_key_id,
            valid_at,
            commitment: eid::commitment(eid, salt)?,
            nullifier: eid::nullifier(eid, purpose)?,
            purpose,
            registrant,
        };
        Ok(EuiccChainCircuit {
            witness: Some(ChainWitness {
                tbs: tbs.to_vec(),
                layout,
                signature,
                advice,
                eum,
                salt,
                statement,
            }),
        })
    }
}

impl ConstraintSynthesizer<Fr> for EuiccChainCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        crate::p256::use_wide_limbs(&cs);
        let w = self.witness.as_ref();
        let missing = || SynthesisError::AssignmentMissing;
        let public_value = match w {
            Some(w) => Some(
                w.statement
                    .public_input()
                    .map_err(|_| SynthesisError::Unsatisfiable)?,
            ),
            None => None,
        };
        let public = FpVar::new_input(cs.clone(), || public_value.ok_or(missing()))?;

        // The eUICC certificate: message, digest, structure, role, EID.
        let message = tbs_message(&cs, w.map(|w| &w.tbs[..]), MAX_BLOCKS)?;
        let fields = parse_tbs(
            &cs,
            &message.bytes,
            &message.len,
            w.map(|w| &w.layout),
            IssuerKeyId::Any,
        )?;
        {
            let _ns = named!("role_is_euicc");
            fields.role.enforce_equal(&constant(ROLE_EUICC))?;
        }
        let serial = subject_serial_number(&cs, &message.bytes, &fields, w.map(|w| &w.layout))?;
        let eid = eid_gadget(&cs, &serial)?;

        // The EUM key: a curve point, its coordinates' canonical bits for the leaf.
        let key = point_on_curve(&cs, w.map(|w| w.eum.key))?;
        let x_bits = canonical_bits(&key.0)?;
        let y_bits = canonical_bits(&key.1)?;
        let iin = FpVar::new_witness(cs.clone(), || {
            w.map(|w| Fr::from(w.eum.iin)).ok_or(missing())
        })?;
        {
            let _ns = named!("iin_of_eid");
            eid.iin.enforce_equal(&iin)?;
        }
        let key_hash = poseidon::hash_gadget(&[
            from_bits_le(&x_bits[128..]),
            from_bits_le(&x_bits[..128]),
            from_bits_le(&y_bits[128..]),
            from_bits_le(&y_bits[..128]),
            iin,
        ])?;
        // The anchor is hashed into the leaf and into the statement as the same element, so it
        // needs no range of its own; the two times are compared, so each is a u64 first.
        let anchor = FpVar::new_witness(cs.clone(), || {
            w.map(|w| anchor_fr(&w.statement.anchor_key_id))
                .ok_or(missing())
        })?;
        let not_after = FpVar::new_witness(cs.clone(), || {
            w.map(|w| Fr::from(w.eum.not_after)).ok_or(missing())
        })?;
        let valid_at = FpVar::new_witness(cs.clone(), || {
            w.map(|w| Fr::from(w.statement.valid_at)).ok_or(missing())
        })?;
        {
            let _ns = named!("times_are_u64");
            range_check(&cs, &not_after, 64)?;
            range_check(&cs, &valid_at, 64)?;
        }
        {
            let _ns = named!("eum_not_expired");
            range_check(&cs, &(&not_after - &valid_at), 64)?;
        }
        let leaf = poseidon::hash_gadget(&[key_hash, anchor.clone(), not_after])?;
        let index_bits = (0..DEPTH)
            .map(|h| {
                bit(&cs, || {
                    w.map(|w| (w.eum.leaf_index >> h) & 1 == 1)
                        .ok_or(missing())
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let siblings = (0..DEPTH)
            .map(|h| {
                FpVar::new_witness(cs.clone(), || w.map(|w| w.eum.path[h]).ok_or(missing()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let root = root_gadget(&leaf, &index_bits, &siblings)?;

        // The EUM signed the eUICC certificate.
        p256_var::verify(
            &cs,
            &message.digest_bits,
            &key,
            w.map(|w| w.signature),
            w.map(|w| w.advice),
        )?;

        // Commitment and nullifier, and the statement.
        let salt = FpVar::new_witness(cs.clone(), || w.map(|w| w.salt).ok_or(missing()))?;
        let purpose = FpVar::new_witness(cs.clone(), || {
            w.map(|w| w.statement.purpose).ok_or(missing())
        })?;
        let commitment = poseidon::hash_gadget(&[eid.value.clone(), salt])?;
        let nullifier = poseidon::hash_gadget(&[eid.value, purpose.clone()])?;
        let registrant = |range: std::ops::Range<usize>| {
            FpVar::new_witness(cs.clone(), || {
                w.map(|w| Fr::from_be_bytes_mod_order(&w.statement.registrant[range]))
                    .ok_or(missing())
            })
        };
        let statement = [
            constant(CIRCUIT_ID as u64),
            root,
            anchor,
            valid_at,
            commitment,
            nullifier,
            purpose,
            registrant(0..16)?,
            registrant(16..32)?,
        ];
        let hash = poseidon::hash_gadget(&statement)?;
        let _ns = named!("statement");
        hash.enforce_equal(&public)
    }
}

#[cfg(test)]
mod tests;
