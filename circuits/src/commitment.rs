//! How a certificate is named without being revealed.
//!
//! The registry files a certificate under a Poseidon commitment to its TBSCertificate, so anyone who
//! holds the certificate recomputes the commitment and finds the record, and nobody else learns
//! anything from it. The TBS is committed whole (not a hash of selected fields), so two different
//! certificates never share a record.
//!
//! Encoding: the TBS DER is zero-padded to [`MAX_TBS_LEN`] bytes and cut into 31-byte big-endian
//! chunks (31 bytes always fit the field); the elements `[byte_length, chunk_0, ..]` are hashed
//! with [`poseidon::hash_chain`]. The length element keeps trailing zero bytes from colliding with
//! padding; the fixed padded size makes the in-circuit hash one fixed shape.

use crate::gadgets::pack_be;
use crate::{poseidon, CircuitError, Fr};
use ark_ff::PrimeField;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;

/// Longest TBSCertificate the circuits and the commitment accept, in bytes. SGP.26 certificates'
/// TBS are 300 to 600 bytes; 1,023 leaves room for long names and extensions and keeps the length
/// below 2^10.
pub const MAX_TBS_LEN: usize = 1023;
/// Bytes per chunk: the most that always fit below the BN254 scalar modulus.
pub const CHUNK_LEN: usize = 31;
/// Number of chunks of a padded TBS.
pub const TBS_CHUNKS: usize = MAX_TBS_LEN.div_ceil(CHUNK_LEN);

/// The field elements committed for `tbs`: `[len, chunk_0, .., chunk_{TBS_CHUNKS-1}]`.
pub fn tbs_elements(tbs: &[u8]) -> Result<Vec<Fr>, CircuitError> {
    if tbs.is_empty() || tbs.len() > MAX_TBS_LEN {
        return Err(CircuitError::Unsatisfied(format!(
            "TBS of {} bytes: 1 to {MAX_TBS_LEN} bytes are supported",
            tbs.len()
        )));
    }
    let mut padded = vec![0u8; TBS_CHUNKS * CHUNK_LEN];
    padded[..tbs.len()].copy_from_slice(tbs);
    let mut elements = Vec::with_capacity(TBS_CHUNKS + 1);
    elements.push(Fr::from(tbs.len() as u64));
    elements.extend(padded.chunks(CHUNK_LEN).map(Fr::from_be_bytes_mod_order));
    Ok(elements)
}

/// The commitment to a certificate's TBS.
pub fn tbs_commitment(tbs: &[u8]) -> Result<Fr, CircuitError> {
    poseidon::hash_chain(&tbs_elements(tbs)?)
}

/// In-circuit [`tbs_commitment`] over the padded TBS (`TBS_CHUNKS * CHUNK_LEN` byte variables,
/// each already proven to be a byte) and its length.
///
/// Packing bytes into chunks is linear, so this costs only the Poseidon permutations. The caller
/// must constrain the bytes past `len` to zero: this gadget commits to the bytes it is given,
/// padding included.
pub fn tbs_commitment_gadget(
    padded: &[FpVar<Fr>],
    len: &FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    if padded.len() != TBS_CHUNKS * CHUNK_LEN {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut elements = Vec::with_capacity(TBS_CHUNKS + 1);
    elements.push(len.clone());
    elements.extend(padded.chunks(CHUNK_LEN).map(pack_be));
    poseidon::hash_chain_gadget(&elements)
}

/// The subject key hash records carry, for an uncompressed P-256 / brainpoolP256r1 key `(x, y)`:
/// `Poseidon(x_hi, x_lo, y_hi, y_lo, iin)` over 16-byte halves, where `iin` is an EUM's permitted
/// IIN (its nameConstraints) and 0 for every other role. For an EUM this is its leaf in the EUM
/// tree: the key that signs eUICC certificates and the EIDs it may sign for, in one number.
pub fn public_key_hash(x: &[u8; 32], y: &[u8; 32], iin: u64) -> Result<Fr, CircuitError> {
    let [a, b, c, d] = [&x[..16], &x[16..], &y[..16], &y[16..]].map(Fr::from_be_bytes_mod_order);
    poseidon::hash(&[a, b, c, d, Fr::from(iin)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commitment_separates_lengths_and_contents() {
        let a = tbs_commitment(&[0x30, 0x01, 0x00]).unwrap();
        let b = tbs_commitment(&[0x30, 0x01, 0x00, 0x00]).unwrap();
        let c = tbs_commitment(&[0x30, 0x01, 0x01]).unwrap();
        assert_ne!(a, b, "trailing zero must not collide with padding");
        assert_ne!(a, c);
        assert_eq!(a, tbs_commitment(&[0x30, 0x01, 0x00]).unwrap());
    }

    /// The real SGP.26 DPauth TBS.
    fn sgp26_tbs() -> Vec<u8> {
        let der = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/vectors/sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"),
        )
        .unwrap();
        // The TBS is the first element of the certificate SEQUENCE (long-form lengths: 0x82 hi lo).
        assert_eq!((der[0], der[1], der[4], der[5]), (0x30, 0x82, 0x30, 0x82));
        let tbs_len = 4 + ((der[6] as usize) << 8 | der[7] as usize);
        der[4..4 + tbs_len].to_vec()
    }

    /// The in-circuit commitment over `padded` (`TBS_CHUNKS * CHUNK_LEN` bytes) with length
    /// `len`, bytes from `len` on multiplied by `below` bits (`mask`) or not, enforced equal to
    /// `public`.
    fn commit_in_circuit(
        padded: &[u8],
        len: usize,
        mask: bool,
        public: Fr,
    ) -> Result<(), crate::testing::Unsatisfied> {
        use crate::gadgets::{bit, named};
        use ark_r1cs_std::prelude::*;
        crate::testing::check_with(|cs| {
            let bytes = padded
                .iter()
                .map(|b| FpVar::new_witness(cs.clone(), || Ok(Fr::from(*b as u64))))
                .collect::<Result<Vec<_>, _>>()?;
            let bytes = if mask {
                let below = (0..bytes.len())
                    .map(|i| bit(&cs, || Ok(i < len)))
                    .collect::<Result<Vec<_>, _>>()?;
                bytes.iter().zip(&below).map(|(b, l)| b * l).collect()
            } else {
                bytes
            };
            let len = FpVar::new_witness(cs.clone(), || Ok(Fr::from(len as u64)))?;
            let digest = tbs_commitment_gadget(&bytes, &len)?;
            let public = FpVar::new_input(cs.clone(), || Ok(public))?;
            let _ns = named!("commitment_is_public");
            digest.enforce_equal(&public)
        })
    }

    #[test]
    fn gadget_matches_native_on_a_real_sgp26_tbs() {
        let tbs = sgp26_tbs();
        let native = tbs_commitment(&tbs).unwrap();
        let mut padded = tbs.clone();
        padded.resize(TBS_CHUNKS * CHUNK_LEN, 0);
        assert_eq!(commit_in_circuit(&padded, tbs.len(), false, native), Ok(()));
        // A different length commits differently.
        crate::testing::assert_fails_at(
            commit_in_circuit(&padded, tbs.len() + 1, false, native),
            "commitment_is_public",
        );
    }

    #[test]
    fn bytes_past_the_length_are_committed_unless_masked() {
        // Natively there is nothing past the length: the TBS is zero-padded, so a TBS and the
        // same TBS with zero bytes "past its length" are different TBS (the length element).
        let tbs = sgp26_tbs();
        let native = tbs_commitment(&tbs).unwrap();
        let elements = tbs_elements(&tbs).unwrap();
        let len = tbs.len();
        assert_eq!(elements[0], Fr::from(len as u64));
        let last = len / CHUNK_LEN;
        let mut tail = tbs[last * CHUNK_LEN..].to_vec();
        tail.resize(CHUNK_LEN, 0);
        assert_eq!(elements[1 + last], Fr::from_be_bytes_mod_order(&tail));
        assert!(elements[2 + last..].iter().all(|e| *e == Fr::from(0u64)));
        // In the circuit the gadget commits to the bytes it is given: junk past the length is
        // committed (and refused against the native commitment) unless the caller masks it with
        // the `below` bits, as the certificate circuits do.
        let mut junk = tbs.clone();
        junk.resize(TBS_CHUNKS * CHUNK_LEN, 0xa5);
        assert_eq!(commit_in_circuit(&junk, len, true, native), Ok(()));
        crate::testing::assert_fails_at(
            commit_in_circuit(&junk, len, false, native),
            "commitment_is_public",
        );
    }

    #[test]
    fn oversized_and_empty_tbs_are_refused() {
        assert!(tbs_commitment(&[]).is_err());
        assert!(tbs_commitment(&vec![1u8; MAX_TBS_LEN + 1]).is_err());
        assert!(tbs_commitment(&vec![1u8; MAX_TBS_LEN]).is_ok());
    }
}
