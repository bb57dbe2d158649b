//! `euicc_chain`: an EID belongs to a genuine eUICC, certified by some registered EUM, without
//! revealing the EID or which EUM.
//!
//! Private: the eUICC certificate's TBS and signature, the EUM's public key, permitted IIN and
//! notAfter, its leaf's position and Merkle path in the EUM tree, the chip's euiccSigned1 and its
//! signature, a salt. Public: one input, the Poseidon hash of the statement `circuit_id, root,
//! anchor_key_id, valid_at, commitment, nullifier, purpose, registrant_hi, registrant_lo,
//! slot_hash`. The circuit proves:
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
//! - the chip signed for the registrant: an ECDSA P-256 signature under the eUICC certificate's
//!   own subject key over an euiccSigned1 (ES10b AuthenticateServer, [`crate::signed1`]) whose
//!   matchingId is the binding `Poseidon(tag, registrant_hi, registrant_lo, slot_hash)` in hex.
//!   The eUICC key never leaves the chip, so only whoever holds the chip can have this signature
//!   made, and only after the slot whose hash it names;
//! - `commitment = Poseidon(EID, salt)` and `nullifier = Poseidon(EID, x_hi, x_lo, purpose)` with
//!   `x` the eUICC key's x-coordinate: computable only by someone who has seen the chip's
//!   certificate, never from the EID alone.

use crate::{
    eid::{self, eid_gadget},
    gadgets::{bit, constant, from_bits_le, named, pack_be, range_check},
    merkle::{self, root_gadget, DEPTH},
    p256::{Affine, Scalar},
    p256_var::{self, point_on_curve, VarKeyAdvice},
    poseidon,
    signed1::{self, enforce_hex_of, matching_id_gadget, Signed1Layout},
    tbs_message::{signed_message, tbs_message},
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
pub const REVISION: u32 = 5;
/// Name of the key cache files: a new revision never loads an old revision's keys.
pub fn key_name() -> String {
    format!("{NAME}-r{REVISION}")
}

/// SHA-256 blocks of an eUICC TBS at most (503 bytes; the test PKI's are 433).
pub const MAX_BLOCKS: usize = 8;
/// Role number of an eUICC (`id-rspRole-euicc-v2`).
const ROLE_EUICC: u64 = 1;
/// Elements of the statement hash.
pub const STATEMENT_INPUTS: usize = 10;

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
    /// The slot hash the chip's binding names (the chain checks it is recent).
    pub slot_hash: [u8; 32],
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
            slot_fr(&self.slot_hash),
        ]
    }

    pub fn public_input(&self) -> Result<Fr, CircuitError> {
        poseidon::hash(&self.field_elements())
    }
}

/// A slot hash as the statement's field element (what the program computes).
pub fn slot_fr(slot_hash: &[u8; 32]) -> Fr {
    Fr::from_be_bytes_mod_order(&cert_registry::statement::slot_hash_field(slot_hash))
}

/// What the chip returned from ES10b AuthenticateServer: the euiccSigned1 bytes and the eUICC's
/// signature over them (raw r, s).
#[derive(Clone, Debug)]
pub struct ChipEvidence {
    pub euicc_signed1: Vec<u8>,
    pub signature: (Scalar, Scalar),
}

/// The chip evidence kept in `dir` (`circuits/testdata`): `euicc-1.signed1.der`, an euiccSigned1
/// the SDK's emulated eUICC signed with `euicc-1.key.pem` for wallet `[7; 32]` after slot hash
/// `[9; 32]`, and `euicc-1.signed1.sig`, its raw `r || s`. For the benchmark and the tests, which
/// cannot depend on the SDK.
pub fn testdata_chip_evidence(dir: &std::path::Path) -> Result<ChipEvidence, CircuitError> {
    let read = |name: &str| {
        std::fs::read(dir.join(name))
            .map_err(|e| unsupported(format!("{}: {e}", dir.join(name).display())))
    };
    let signature = read("euicc-1.signed1.sig")?;
    if signature.len() != 64 {
        return Err(unsupported("euicc-1.signed1.sig is not 64 bytes (r || s)"));
    }
    Ok(ChipEvidence {
        euicc_signed1: read("euicc-1.signed1.der")?,
        signature: (
            Scalar::from_be_bytes_mod_order(&signature[..32]),
            Scalar::from_be_bytes_mod_order(&signature[32..]),
        ),
    })
}

/// What the registrant claims: everything of the statement that is not derived from the chip.
#[derive(Clone, Copy, Debug)]
pub struct EidClaim {
    pub salt: Fr,
    pub purpose: Fr,
    /// Unix seconds at which the EUM certificate is still valid.
    pub valid_at: u64,
    /// The registrant's wallet, which the chip's binding names.
    pub registrant: [u8; 32],
    /// The slot hash the chip's binding names.
    pub slot_hash: [u8; 32],
}

/// The private witness.
#[derive(Clone)]
pub struct ChainWitness {
    pub tbs: Vec<u8>,
    pub layout: TbsLayout,
    pub signature: (Scalar, Scalar),
    pub advice: VarKeyAdvice,
    pub eum: EumMembership,
    /// The eUICC certificate's subject key.
    pub euicc_key: Affine,
    pub chip: ChipEvidence,
    pub chip_layout: Signed1Layout,
    pub chip_advice: VarKeyAdvice,
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

    /// The circuit for an eUICC certificate (`tbs`, `signature`) issued by the EUM `eum`, with the
    /// chip's evidence `chip` for the claim `claim`. Refuses with the reason anything that cannot
    /// be proven, before proving starts.
    pub fn new(
        tbs: &[u8],
        signature: (Scalar, Scalar),
        eum: EumMembership,
        chip: ChipEvidence,
        claim: EidClaim,
    ) -> Result<Self, CircuitError> {
        let EidClaim {
            salt,
            purpose,
            valid_at,
            registrant,
            slot_hash,
        } = claim;
        let EumMembership {
            key: eum_key, iin, ..
        } = eum;
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

        // The chip's evidence: a binding of this registrant after this slot, signed by the key
        // of this eUICC certificate.
        let euicc_key = crate::p256::point_from_coordinates(&fields.key_x, &fields.key_y)
            .ok_or_else(|| unsupported("the eUICC key is not a P-256 point"))?;
        let (chip_layout, signed) = Signed1Layout::parse(&chip.euicc_signed1)?;
        if signed.matching_id != signed1::binding_matching_id(&registrant, &slot_hash)?.as_bytes() {
            return Err(unsupported(
                "the chip's matchingId binds another wallet or another slot than this registration's",
            ));
        }
        let chip_digest: [u8; 32] = Sha256::digest(&chip.euicc_signed1).into();
        let (r, s) = chip.signature;
        let chip_advice = p256_var::advice(&euicc_key, &chip_digest, r, s)
            .filter(|_| crate::p256::verify_native(&euicc_key, &chip_digest, r, s))
            .ok_or_else(|| {
                unsupported(
                    "the chip's signature over euiccSigned1 does not verify under the eUICC \
                     certificate's key",
                )
            })?;

        let root = merkle::root_from_path(eum.leaf()?, eum.leaf_index, &eum.path)?;
        let statement = EidStatement {
            root,
            anchor_key_id: eum.anchor_key_id,
            valid_at,
            commitment: eid::commitment(eid, salt)?,
            nullifier: eid::nullifier(eid, &fields.key_x, purpose)?,
            purpose,
            registrant,
            slot_hash,
        };
        Ok(EuiccChainCircuit {
            witness: Some(ChainWitness {
                tbs: tbs.to_vec(),
                layout,
                signature,
                advice,
                eum,
                euicc_key,
                chip,
                chip_layout,
                chip_advice,
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
        let (x_bits, y_bits) = (&key.x_bits, &key.y_bits);
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
                    w.map(|w| (w.eum.leaf_index >> h) & 1 == 1).ok_or(missing())
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let siblings = (0..DEPTH)
            .map(|h| FpVar::new_witness(cs.clone(), || w.map(|w| w.eum.path[h]).ok_or(missing())))
            .collect::<Result<Vec<_>, _>>()?;
        let root = root_gadget(&leaf, &index_bits, &siblings)?;

        // The EUM signed the eUICC certificate.
        {
            let _ns = named!("eum_signature");
            p256_var::verify(
                &cs,
                &message.digest_bits,
                &key,
                w.map(|w| w.signature),
                w.map(|w| w.advice),
            )?;
        }

        // The chip signed an euiccSigned1 that binds the registrant after the slot, with the key
        // of the certificate above.
        let euicc_key = point_on_curve(&cs, w.map(|w| w.euicc_key))?;
        let (euicc_x, euicc_y) = (&euicc_key.x_bits, &euicc_key.y_bits);
        let (x_hi, x_lo) = (pack_be(&fields.key_x[..16]), pack_be(&fields.key_x[16..]));
        {
            let _ns = named!("euicc_key_of_certificate");
            x_hi.enforce_equal(&from_bits_le(&euicc_x[128..]))?;
            x_lo.enforce_equal(&from_bits_le(&euicc_x[..128]))?;
            pack_be(&fields.key_y[..16]).enforce_equal(&from_bits_le(&euicc_y[128..]))?;
            pack_be(&fields.key_y[16..]).enforce_equal(&from_bits_le(&euicc_y[..128]))?;
        }
        let signed = {
            let _ns = named!("signed1_message");
            signed_message(
                &cs,
                w.map(|w| &w.chip.euicc_signed1[..]),
                signed1::MAX_BLOCKS,
                signed1::MIN_LEN,
            )?
        };
        let matching_id =
            matching_id_gadget(&cs, &signed.bytes, &signed.len, w.map(|w| &w.chip_layout))?;
        {
            let _ns = named!("chip_signature");
            p256_var::verify(
                &cs,
                &signed.digest_bits,
                &euicc_key,
                w.map(|w| w.chip.signature),
                w.map(|w| w.chip_advice),
            )?;
        }
        let registrant = |range: std::ops::Range<usize>| {
            FpVar::new_witness(cs.clone(), || {
                w.map(|w| Fr::from_be_bytes_mod_order(&w.statement.registrant[range]))
                    .ok_or(missing())
            })
        };
        let (registrant_hi, registrant_lo) = (registrant(0..16)?, registrant(16..32)?);
        let slot_hash = FpVar::new_witness(cs.clone(), || {
            w.map(|w| slot_fr(&w.statement.slot_hash)).ok_or(missing())
        })?;
        let binding = poseidon::hash_gadget(&[
            FpVar::Constant(Fr::from_be_bytes_mod_order(signed1::BINDING_TAG)),
            registrant_hi.clone(),
            registrant_lo.clone(),
            slot_hash.clone(),
        ])?;
        enforce_hex_of(&matching_id, &binding)?;

        // Commitment and nullifier, and the statement.
        let salt = FpVar::new_witness(cs.clone(), || w.map(|w| w.salt).ok_or(missing()))?;
        let purpose = FpVar::new_witness(cs.clone(), || {
            w.map(|w| w.statement.purpose).ok_or(missing())
        })?;
        let commitment = poseidon::hash_gadget(&[eid.value.clone(), salt])?;
        let nullifier = poseidon::hash_gadget(&[eid.value, x_hi, x_lo, purpose.clone()])?;
        let statement = [
            constant(CIRCUIT_ID as u64),
            root,
            anchor,
            valid_at,
            commitment,
            nullifier,
            purpose,
            registrant_hi,
            registrant_lo,
            slot_hash,
        ];
        let hash = poseidon::hash_gadget(&statement)?;
        let _ns = named!("statement");
        hash.enforce_equal(&public)
    }
}

#[cfg(test)]
mod tests;
