//! Groth16 (BN254) keys and proofs in the encoding the chain uses, and the registry statement.
//!
//! The alt_bn128 syscalls take points uncompressed and big-endian: G1 as `x || y`, G2 as
//! `x.c1 || x.c0 || y.c1 || y.c0` (EIP-197 order). groth16-solana checks
//! `e(-A, B) · e(vk_x, γ) · e(C, δ) · e(α, β) = 1`, so the prover's `A` is sent negated.

use crate::SdkError;
use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField};
use ark_groth16::{Proof, VerifyingKey};
use cert_registry::state::Groth16VerifyingKeyBytes;
use cert_registry::statement::{Role, Statement};
use serde::{Deserialize, Serialize};

/// A proof as `register_certificate` takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProofBytes {
    /// `-A`.
    pub a: [u8; 64],
    pub b: [u8; 128],
    pub c: [u8; 64],
}

fn fq_be(x: &Fq) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&x.into_bigint().to_bytes_be());
    out
}

fn fq2_be(x: &Fq2) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&fq_be(&x.c1));
    out[32..].copy_from_slice(&fq_be(&x.c0));
    out
}

pub fn g1_be(p: &G1Affine) -> Result<[u8; 64], SdkError> {
    let (x, y) = p
        .xy()
        .ok_or_else(|| SdkError::Zk("G1 point at infinity".into()))?;
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&fq_be(&x));
    out[32..].copy_from_slice(&fq_be(&y));
    Ok(out)
}

pub fn g2_be(p: &G2Affine) -> Result<[u8; 128], SdkError> {
    let (x, y) = p
        .xy()
        .ok_or_else(|| SdkError::Zk("G2 point at infinity".into()))?;
    let mut out = [0u8; 128];
    out[..64].copy_from_slice(&fq2_be(&x));
    out[64..].copy_from_slice(&fq2_be(&y));
    Ok(out)
}

/// A base-field coordinate from 32 big-endian bytes; refuses non-canonical values.
fn fq_from_be(bytes: &[u8], what: &str) -> Result<Fq, SdkError> {
    let x = Fq::from_be_bytes_mod_order(bytes);
    if fq_be(&x)[..] != *bytes {
        return Err(SdkError::Zk(format!(
            "{what}: coordinate is not below the BN254 base field modulus"
        )));
    }
    Ok(x)
}

/// The inverse of [`g1_be`]; the point must be on the curve (G1 has no other subgroup).
pub fn g1_from_be(bytes: &[u8; 64], what: &str) -> Result<G1Affine, SdkError> {
    let p = G1Affine::new_unchecked(
        fq_from_be(&bytes[..32], what)?,
        fq_from_be(&bytes[32..], what)?,
    );
    if !p.is_on_curve() || !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(SdkError::Zk(format!("{what}: not a point of BN254's G1")));
    }
    Ok(p)
}

/// The inverse of [`g2_be`]; the point must be on the twist and in the prime-order subgroup.
pub fn g2_from_be(bytes: &[u8; 128], what: &str) -> Result<G2Affine, SdkError> {
    let fq2 = |b: &[u8]| -> Result<Fq2, SdkError> {
        Ok(Fq2::new(
            fq_from_be(&b[32..], what)?,
            fq_from_be(&b[..32], what)?,
        ))
    };
    let p = G2Affine::new_unchecked(fq2(&bytes[..64])?, fq2(&bytes[64..])?);
    if !p.is_on_curve() || !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(SdkError::Zk(format!(
            "{what}: not a point of BN254's G2 subgroup"
        )));
    }
    Ok(p)
}

/// The inverse of [`encode_proof`]: the on-chain encoding back as an arkworks proof (`A`
/// negated back), every point checked.
pub fn decode_proof(bytes: &ProofBytes) -> Result<Proof<Bn254>, SdkError> {
    Ok(Proof {
        a: -g1_from_be(&bytes.a, "proof A")?,
        b: g2_from_be(&bytes.b, "proof B")?,
        c: g1_from_be(&bytes.c, "proof C")?,
    })
}

/// Encodes an arkworks proof for the program, negating `A`.
pub fn encode_proof(proof: &Proof<Bn254>) -> Result<ProofBytes, SdkError> {
    Ok(ProofBytes {
        a: g1_be(&(-proof.a))?,
        b: g2_be(&proof.b)?,
        c: g1_be(&proof.c)?,
    })
}

/// Encodes a verifying key with exactly one public input.
pub fn encode_verifying_key(
    vk: &VerifyingKey<Bn254>,
) -> Result<Groth16VerifyingKeyBytes, SdkError> {
    if vk.gamma_abc_g1.len() != 2 {
        return Err(SdkError::Zk(format!(
            "the registry takes circuits with exactly one public input; this key has {}",
            vk.gamma_abc_g1.len().saturating_sub(1)
        )));
    }
    let key = Groth16VerifyingKeyBytes {
        alpha_g1: g1_be(&vk.alpha_g1)?,
        beta_g2: g2_be(&vk.beta_g2)?,
        gamma_g2: g2_be(&vk.gamma_g2)?,
        delta_g2: g2_be(&vk.delta_g2)?,
        ic: [g1_be(&vk.gamma_abc_g1[0])?, g1_be(&vk.gamma_abc_g1[1])?],
    };
    // The program's own check, run here first so that a bad key is a clear local error (for a
    // snarkjs key without a phase-2 contribution: run `snarkjs zkey contribute`).
    openrsp_framework::groth16::check_verifying_key(&key).map_err(|e| {
        SdkError::Zk(format!(
            "the registry refuses this verifying key: {}",
            e.message()
        ))
    })?;
    Ok(key)
}

/// A field element as 32 big-endian bytes.
pub fn fr_be(x: &Fr) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&x.into_bigint().to_bytes_be());
    out
}

/// 32 big-endian bytes as a field element; refuses values at or above the modulus.
pub fn fr_from_be(bytes: &[u8; 32]) -> Result<Fr, SdkError> {
    if !cert_registry::statement::is_field_element(bytes) {
        return Err(SdkError::Zk(
            "value is not below the BN254 scalar modulus".into(),
        ));
    }
    Ok(Fr::from_be_bytes_mod_order(bytes))
}

/// The statement's field elements as arkworks values (the circuit's witness).
pub fn statement_fields(
    statement: &cert_registry::statement::Statement,
) -> [Fr; cert_registry::statement::STATEMENT_INPUTS] {
    statement
        .field_elements()
        .map(|b| Fr::from_be_bytes_mod_order(&b))
}

/// A proof file: what `openrsp cert prove` writes and `openrsp cert register` reads. Everything
/// the registration needs except the registrant's signature.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ProofFile {
    /// Circuit name (informational) and id.
    pub circuit: String,
    pub circuit_id: u32,
    pub role: String,
    /// CI key id, hex.
    pub anchor_key_id: String,
    /// Field elements, hex (32 bytes big-endian).
    pub commitment: String,
    pub subject_key_hash: String,
    /// The certificate's subject public key, SEC1 uncompressed hex (`04 || x || y`): it signs the
    /// registration, and with `permitted_iin` it hashes to `subject_key_hash`.
    pub subject_key: String,
    /// The EUM's permitted IIN as the circuit reads it; 0 for other roles.
    #[serde(default)]
    pub permitted_iin: u64,
    pub not_before: u64,
    pub not_after: u64,
    /// The registrant the proof is bound to (base58).
    pub registrant: String,
    /// Proof points in the on-chain encoding, hex (`a` already negated).
    pub proof_a: String,
    pub proof_b: String,
    pub proof_c: String,
}

/// Parses fixed-length hex.
pub fn hex_array<const N: usize>(field: &str, s: &str) -> Result<[u8; N], SdkError> {
    let bytes = hex::decode(s.trim_start_matches("0x"))
        .map_err(|e| SdkError::InvalidInput(format!("{field}: not hex ({e})")))?;
    bytes.try_into().map_err(|b: Vec<u8>| {
        SdkError::InvalidInput(format!("{field}: {} bytes, expected {N}", b.len()))
    })
}

impl ProofFile {
    /// The statement the proof asserts, as `register_certificate` receives it.
    pub fn statement(&self) -> Result<Statement, SdkError> {
        let role = Role::ALL
            .into_iter()
            .find(|r| r.name() == self.role)
            .ok_or_else(|| SdkError::InvalidInput(format!("unknown role {:?}", self.role)))?;
        let registrant: solana_address::Address = self.registrant.parse().map_err(|e| {
            SdkError::InvalidInput(format!("registrant {:?}: {e}", self.registrant))
        })?;
        Ok(Statement {
            circuit_id: self.circuit_id,
            role: role as u8,
            anchor_key_id: hex_array("anchor_key_id", &self.anchor_key_id)?,
            commitment: hex_array("commitment", &self.commitment)?,
            subject_key_hash: hex_array("subject_key_hash", &self.subject_key_hash)?,
            not_before: self.not_before,
            not_after: self.not_after,
            registrant: registrant.to_bytes(),
        })
    }

    /// The subject key, checked against the statement's subject key hash.
    pub fn subject_key(&self) -> Result<crate::cert_registry::SubjectKey, SdkError> {
        let key =
            crate::cert_registry::SubjectKey::from_hex(&self.subject_key, self.permitted_iin)?;
        if key.hash()? != hex_array::<32>("subject_key_hash", &self.subject_key_hash)? {
            return Err(SdkError::InvalidInput(
                "subject_key and permitted_iin do not hash to subject_key_hash".into(),
            ));
        }
        Ok(key)
    }

    pub fn proof(&self) -> Result<ProofBytes, SdkError> {
        Ok(ProofBytes {
            a: hex_array("proof_a", &self.proof_a)?,
            b: hex_array("proof_b", &self.proof_b)?,
            c: hex_array("proof_c", &self.proof_c)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::CurveGroup;

    #[test]
    fn negated_a_sums_to_infinity_with_a() {
        let a = (G1Affine::generator() * Fr::from(12345u64)).into_affine();
        let proof = Proof::<Bn254> {
            a,
            b: G2Affine::generator(),
            c: G1Affine::generator(),
        };
        let encoded = encode_proof(&proof).unwrap();
        let plain = g1_be(&a).unwrap();
        assert_eq!(encoded.a[..32], plain[..32], "negation keeps x");
        assert_ne!(encoded.a[32..], plain[32..], "negation changes y");
        // y + (-y) = p
        let y = Fq::from_be_bytes_mod_order(&plain[32..]);
        let neg_y = Fq::from_be_bytes_mod_order(&encoded.a[32..]);
        assert_eq!(y + neg_y, Fq::from(0u64));
    }

    #[test]
    fn a_key_without_a_phase2_contribution_is_refused() {
        let mut vk = openrsp_circuits::keys::setup(
            openrsp_circuits::test_statement::TestStatementCircuit::blank(),
        )
        .unwrap()
        .verifying_key()
        .clone();
        assert!(encode_verifying_key(&vk).is_ok());
        vk.delta_g2 = vk.gamma_g2;
        let err = encode_verifying_key(&vk).unwrap_err().to_string();
        assert!(err.contains("phase-2"), "{err}");
    }

    #[test]
    fn the_programs_g2_constants_are_arkworks_own() {
        use openrsp_framework::groth16::{g2_neg_be, G2_GENERATOR_BE};
        let g = G2Affine::generator();
        assert_eq!(g2_be(&g).unwrap(), G2_GENERATOR_BE);
        let p = (g * Fr::from(987_654_321u64)).into_affine();
        assert_eq!(g2_neg_be(&g2_be(&p).unwrap()), g2_be(&(-p)).unwrap());
        assert_eq!(
            g2_neg_be(&g2_neg_be(&g2_be(&p).unwrap())),
            g2_be(&p).unwrap()
        );
    }

    #[test]
    fn field_elements_at_or_above_modulus_are_refused() {
        assert!(fr_from_be(&cert_registry::statement::FR_MODULUS_BE).is_err());
        assert!(fr_from_be(&[0xff; 32]).is_err());
        assert!(fr_from_be(&[0x01; 32]).is_ok());
    }
}
