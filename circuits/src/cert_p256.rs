//! `cert_p256`: a GSMA RSP certificate, signed with ECDSA P-256 by one CI, proven without being
//! revealed.
//!
//! Private: the TBSCertificate bytes, the CI's signature `(r, s)`, the registrant key. Public: one
//! input, the Poseidon hash of the registration statement (`cert_registry::statement`). The
//! circuit proves:
//! - the SHA-256 padding of the TBS for its length `len` ([`MIN_TBS_LEN`] to [`MAX_TBS_LEN`]
//!   bytes: one fixed circuit for every length), SHA-256 over [`MAX_BLOCKS`] blocks, and the
//!   digest after block `⌊(len + 8) / 64⌋` selected;
//! - an ECDSA signature over that digest under the CI key, a constant of the circuit
//!   ([`crate::p256`]);
//! - the TBS structure and the role, validity and subject key read from their proper places
//!   ([`crate::x509`], with the soundness argument), and the authority key identifier equal to
//!   the CI's subject key identifier;
//! - the commitment: Poseidon of the whole TBS ([`crate::commitment`]), so whoever holds the
//!   certificate finds its record;
//! - the statement `circuit_id, role, CI key id, commitment, subject key hash, notBefore, notAfter,
//!   registrant` hashes to the public input.
//!
//! One circuit (one verifying key) per CI root, all with the same [`CIRCUIT_ID`] (family and
//! revision): the registry addresses a verifying key by the CI's key identifier and the circuit id.

use crate::{
    commitment::{self, public_key_hash, CHUNK_LEN, TBS_CHUNKS},
    gadgets::{constant, pack_be},
    p256::{point_from_coordinates, verify_native, Affine, FixedKeyEcdsa, Scalar},
    poseidon,
    tbs_message::tbs_message,
    x509::{parse_tbs, IssuerKeyId, TbsFields, TbsLayout},
    CircuitError, Fr,
};
use ark_ff::PrimeField;
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use cert_registry::statement::{Statement, STATEMENT_INPUTS};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Name used for key caching, proof files and the CLI.
pub const NAME: &str = "cert_p256";
/// Revision of the constraint system; part of the key cache name.
pub const REVISION: u32 = 4;
pub use crate::tbs_message::MIN_TBS_LEN;
/// SHA-256 blocks the circuit hashes at most: 15 (727,530 constraints in all, within the 750,000
/// budget; each block costs about 27,600). Fewer would refuse real certificates: the largest
/// SGP.26 TBS (SM-DP+ TLS NIST) has 556 bytes, and an SM-DP+ TLS certificate with a few more
/// host names, longer names and CRL addresses, or an EUM with a long name and nameConstraints,
/// passes 631 (10 blocks) easily.
pub const MAX_BLOCKS: usize = 15;
/// Longest TBS the circuit takes: what fits `MAX_BLOCKS` blocks with SHA-256 padding (951
/// bytes). A longer one is refused before proving ([`TbsLayout::parse`] names the limit).
pub const MAX_TBS_LEN: usize = MAX_BLOCKS * 64 - 9;

/// The circuit id of this revision of `cert_p256` (family `FAMILY_CERT_P256`): the same for every
/// CI, whose verifying keys the registry files under the CI's key id as well.
pub const CIRCUIT_ID: u32 =
    cert_registry::circuits::circuit_id(cert_registry::circuits::FAMILY_CERT_P256, REVISION as u16);

/// What the circuit fixes: the CI's key and key identifier.
pub struct CiConstants {
    pub key: Affine,
    pub key_id: [u8; 20],
    pub circuit_id: u32,
    ecdsa: FixedKeyEcdsa,
}

impl CiConstants {
    /// The constants for the CI with uncompressed key `(x, y)` and subject key identifier
    /// `key_id`.
    pub fn new(x: &[u8; 32], y: &[u8; 32], key_id: [u8; 20]) -> Result<Arc<Self>, CircuitError> {
        let key = point_from_coordinates(x, y)
            .ok_or_else(|| CircuitError::Unsupported("the CI key is not a P-256 point".into()))?;
        Ok(Arc::new(CiConstants {
            key,
            key_id,
            circuit_id: CIRCUIT_ID,
            ecdsa: FixedKeyEcdsa::new(&key),
        }))
    }

    /// The constants for the CI certificate `der` (its P-256 key and subject key identifier).
    pub fn from_certificate(der: &[u8]) -> Result<Arc<Self>, CircuitError> {
        let (tbs, _) = split_certificate(der)?;
        let (_, fields) = TbsLayout::parse(&tbs, MAX_TBS_LEN)?;
        let key_id = fields.subject_key_id.ok_or_else(|| {
            CircuitError::Unsupported(
                "the CI certificate has no 20-byte subjectKeyIdentifier".into(),
            )
        })?;
        Self::new(&fields.key_x, &fields.key_y, key_id)
    }

    /// The cache name of this CI's circuit keys (with the circuit's revision: a changed circuit
    /// never picks up a stale key).
    pub fn key_name(&self) -> String {
        format!("{NAME}-r{REVISION}-{}", hex_prefix(&self.key_id))
    }
}

fn hex_prefix(id: &[u8; 20]) -> String {
    id[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// A DER certificate's TBSCertificate bytes and ECDSA signature `(r, s)`:
/// `SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING { SEQUENCE { INTEGER r, INTEGER s } } }`.
pub fn split_certificate(der: &[u8]) -> Result<(Vec<u8>, (Scalar, Scalar)), CircuitError> {
    let bad = |what: &str| CircuitError::Unsupported(format!("certificate DER: {what}"));
    let mut r = DerReader { der, at: 0 };
    let outer = r.header(0x30).ok_or_else(|| bad("not a SEQUENCE"))?;
    if outer != der.len() - r.at {
        return Err(bad("trailing or missing bytes"));
    }
    let tbs_start = r.at;
    let tbs_len = r.header(0x30).ok_or_else(|| bad("no TBSCertificate"))?;
    r.at += tbs_len;
    let tbs = der
        .get(tbs_start..r.at)
        .ok_or_else(|| bad("truncated TBSCertificate"))?
        .to_vec();
    let alg = r.header(0x30).ok_or_else(|| bad("no signatureAlgorithm"))?;
    r.at += alg;
    r.header(0x03)
        .ok_or_else(|| bad("no signature BIT STRING"))?;
    if der.get(r.at) != Some(&0) {
        return Err(bad("signature BIT STRING has unused bits"));
    }
    r.at += 1;
    r.header(0x30)
        .ok_or_else(|| bad("signature is not an ECDSA-Sig-Value"))?;
    let mut int = || -> Result<Scalar, CircuitError> {
        let len = r.header(0x02).ok_or_else(|| bad("signature INTEGER"))?;
        let bytes = der
            .get(r.at..r.at + len)
            .ok_or_else(|| bad("truncated signature"))?;
        r.at += len;
        let bytes = bytes.strip_prefix(&[0]).unwrap_or(bytes);
        if bytes.len() > 32 {
            return Err(bad("signature integer longer than 32 bytes"));
        }
        let v = Scalar::from_be_bytes_mod_order(bytes);
        let mut be = [0u8; 32];
        be[32 - bytes.len()..].copy_from_slice(bytes);
        if fq_be(&v) != be {
            return Err(bad("signature integer not below the group order"));
        }
        Ok(v)
    };
    let (sr, ss) = (int()?, int()?);
    Ok((tbs, (sr, ss)))
}

/// A prime-field element as 32 big-endian bytes.
pub(crate) fn fq_be<F: PrimeField>(v: &F) -> [u8; 32] {
    use ark_ff::BigInteger;
    let mut out = [0u8; 32];
    let bytes = v.into_bigint().to_bytes_be();
    out[32 - bytes.len()..].copy_from_slice(&bytes);
    out
}

/// Reads DER headers (tag, short / 81 / 82 length).
struct DerReader<'a> {
    der: &'a [u8],
    at: usize,
}

impl DerReader<'_> {
    /// Reads a header with `tag` and returns the content length, leaving `at` on the content.
    fn header(&mut self, tag: u8) -> Option<usize> {
        if *self.der.get(self.at)? != tag {
            return None;
        }
        let first = *self.der.get(self.at + 1)?;
        let (len, header) = match first {
            l if l < 0x80 => (l as usize, 2),
            0x81 => (*self.der.get(self.at + 2)? as usize, 3),
            0x82 => (
                (*self.der.get(self.at + 2)? as usize) << 8 | *self.der.get(self.at + 3)? as usize,
                4,
            ),
            _ => return None,
        };
        self.at += header;
        (self.at + len <= self.der.len()).then_some(len)
    }
}

/// The private witness.
#[derive(Clone)]
pub struct CertWitness {
    pub tbs: Vec<u8>,
    pub signature: (Scalar, Scalar),
    pub registrant: [u8; 32],
    pub layout: TbsLayout,
    pub fields: TbsFields,
}

/// The certificate circuit for one CI.
#[derive(Clone)]
pub struct CertP256Circuit {
    pub ci: Arc<CiConstants>,
    pub witness: Option<CertWitness>,
}

impl CertP256Circuit {
    /// The circuit without witness, for key generation.
    pub fn blank(ci: Arc<CiConstants>) -> Self {
        CertP256Circuit { ci, witness: None }
    }

    /// The circuit for a certificate: refuses, with the reason, a TBS outside the profile, one
    /// naming another CI, or a signature that does not verify, before any proving starts.
    pub fn new(
        ci: Arc<CiConstants>,
        tbs: &[u8],
        signature: (Scalar, Scalar),
        registrant: [u8; 32],
    ) -> Result<Self, CircuitError> {
        let (layout, fields) = TbsLayout::parse(tbs, MAX_TBS_LEN)?;
        // A CI certificate, or one issued by a SubCA, is refused here with the reason.
        crate::x509::require_issued_by_ci(&fields, &ci.key_id)?;
        let digest: [u8; 32] = Sha256::digest(tbs).into();
        if !verify_native(&ci.key, &digest, signature.0, signature.1) {
            return Err(CircuitError::Unsupported(
                "the signature does not verify under the CI key".into(),
            ));
        }
        Ok(CertP256Circuit {
            ci,
            witness: Some(CertWitness {
                tbs: tbs.to_vec(),
                signature,
                registrant,
                layout,
                fields,
            }),
        })
    }

    /// The statement this circuit's witness proves.
    pub fn statement(&self) -> Result<Statement, CircuitError> {
        let w = self
            .witness
            .as_ref()
            .ok_or_else(|| CircuitError::Unsatisfied("no witness".into()))?;
        Ok(Statement {
            circuit_id: self.ci.circuit_id,
            role: w.fields.role,
            anchor_key_id: self.ci.key_id,
            commitment: fr_to_be(&commitment::tbs_commitment(&w.tbs)?),
            subject_key_hash: fr_to_be(&public_key_hash(
                &w.fields.key_x,
                &w.fields.key_y,
                w.fields.permitted_iin.unwrap_or(0),
            )?),
            not_before: w.fields.not_before,
            not_after: w.fields.not_after,
            registrant: w.registrant,
        })
    }

    /// The public input: Poseidon over the statement's field elements.
    pub fn public_input(&self) -> Result<Fr, CircuitError> {
        let elements = self.statement()?.field_elements();
        poseidon::hash(&elements.map(|e| Fr::from_be_bytes_mod_order(&e)))
    }
}

/// A field element as 32 big-endian bytes.
pub fn fr_to_be(x: &Fr) -> [u8; 32] {
    fq_be(x)
}

impl ConstraintSynthesizer<Fr> for CertP256Circuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        crate::p256::use_wide_limbs(&cs);
        let witness = self.witness.as_ref();
        let public_value = match witness {
            Some(_) => Some(
                self.public_input()
                    .map_err(|_| SynthesisError::Unsatisfiable)?,
            ),
            None => None,
        };
        let public = FpVar::new_input(cs.clone(), || {
            public_value.ok_or(SynthesisError::AssignmentMissing)
        })?;

        let message = tbs_message(&cs, witness.map(|w| &w.tbs[..]), MAX_BLOCKS)?;
        let (bytes, below, len, digest_bits) = (
            message.bytes,
            message.below,
            message.len,
            message.digest_bits,
        );

        self.ci
            .ecdsa
            .verify(&cs, &digest_bits, witness.map(|w| w.signature))?;

        let fields = parse_tbs(
            &cs,
            &bytes,
            &len,
            witness.map(|w| &w.layout),
            IssuerKeyId::Fixed(&self.ci.key_id),
        )?;

        // The commitment over the TBS alone: bytes from len on are masked to zero.
        let mut masked: Vec<FpVar<Fr>> = bytes.iter().zip(&below).map(|(b, l)| b * l).collect();
        masked.truncate(MAX_TBS_LEN);
        masked.resize(TBS_CHUNKS * CHUNK_LEN, constant(0));
        let commitment = commitment::tbs_commitment_gadget(&masked, &len)?;
        let key_hash = poseidon::hash_gadget(&[
            pack_be(&fields.key_x[..16]),
            pack_be(&fields.key_x[16..]),
            pack_be(&fields.key_y[..16]),
            pack_be(&fields.key_y[16..]),
            fields.permitted_iin,
        ])?;
        let registrant = |range: std::ops::Range<usize>| {
            FpVar::new_witness(cs.clone(), || {
                witness
                    .map(|w| Fr::from_be_bytes_mod_order(&w.registrant[range]))
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        };
        let statement: [FpVar<Fr>; STATEMENT_INPUTS] = [
            constant(self.ci.circuit_id as u64),
            fields.role,
            FpVar::Constant(Fr::from_be_bytes_mod_order(&self.ci.key_id)),
            commitment,
            key_hash,
            fields.not_before,
            fields.not_after,
            registrant(0..16)?,
            registrant(16..32)?,
        ];
        poseidon::hash_gadget(&statement)?.enforce_equal(&public)
    }
}

#[cfg(test)]
mod tests;
