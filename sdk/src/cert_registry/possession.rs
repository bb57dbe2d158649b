//! Proof of possession: the certificate's subject key signs the registration.
//!
//! `register_certificate` admits a certificate only if the instruction right before it is the
//! secp256r1 precompile verifying, under the certificate's subject key, the message
//! [`cert_registry::possession::possession_message`] (program, registrant, commitment, circuit id
//! and version). This module makes that instruction and signs the message three ways, for keys
//! wherever they live:
//! - [`KeyFileSigner`]: a PEM key file (SEC1 `EC PRIVATE KEY` or PKCS#8, as the SGP.26 `SK_*`);
//! - [`Pkcs11Signer`]: a key in a PKCS#11 token (an HSM; SoftHSM2 in the tests), `CKM_ECDSA`
//!   over the SHA-256 digest, so the key never leaves the token;
//! - [`ExternalSignature`]: a signature made elsewhere over the printed message, DER or raw
//!   `r || s`.
//!
//! Every signature is normalised to low S (the precompile accepts no other) and verified here
//! against the certificate's key before anything is sent, so a wrong key is a clear local error
//! rather than a failed transaction.

use crate::{certificate::RspCertificate, SdkError};
use cert_registry::possession::{compress_key, possession_message, POSSESSION_MESSAGE_LEN};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use solana_address::Address;
use solana_instruction::Instruction;
use std::path::{Path, PathBuf};

/// A certificate's subject public key as `register_certificate` takes it: the coordinates and
/// the permitted IIN that its subject key hash covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubjectKey {
    pub x: [u8; 32],
    pub y: [u8; 32],
    /// An EUM's permitted IIN as the circuit reads it; 0 for every other role.
    pub permitted_iin: u64,
}

impl SubjectKey {
    /// The subject key of `cert` (P-256 only: the precompile verifies nothing else).
    pub fn of(cert: &RspCertificate) -> Result<SubjectKey, SdkError> {
        let (x, y) = cert.public_key.split_at(32);
        let key = SubjectKey {
            x: x.try_into().map_err(|_| key_err("x"))?,
            y: y.try_into().map_err(|_| key_err("y"))?,
            permitted_iin: cert.permitted_iin.unwrap_or(0),
        };
        key.verifying_key()?;
        Ok(key)
    }

    /// From SEC1 uncompressed hex (`04 || x || y`, as proof files store it) and the IIN.
    pub fn from_hex(uncompressed: &str, permitted_iin: u64) -> Result<SubjectKey, SdkError> {
        let bytes: [u8; 65] = crate::zk::hex_array("subject_key", uncompressed)?;
        if bytes[0] != 0x04 {
            return Err(SdkError::InvalidInput(
                "subject_key: not an uncompressed SEC1 point (04 || x || y)".into(),
            ));
        }
        let key = SubjectKey {
            x: bytes[1..33].try_into().map_err(|_| key_err("x"))?,
            y: bytes[33..].try_into().map_err(|_| key_err("y"))?,
            permitted_iin,
        };
        key.verifying_key()?;
        Ok(key)
    }

    /// SEC1 uncompressed hex, `04 || x || y`.
    pub fn to_hex(&self) -> String {
        hex::encode([&[0x04][..], &self.x, &self.y].concat())
    }

    /// SEC1 compressed, as the precompile and the record hold it.
    pub fn compressed(&self) -> [u8; 33] {
        compress_key(&self.x, &self.y)
    }

    /// The hash the statement and the record carry.
    pub fn hash(&self) -> Result<[u8; 32], SdkError> {
        cert_registry::statement::subject_key_hash(&self.x, &self.y, self.permitted_iin)
            .map_err(|e| SdkError::Zk(e.message().into()))
    }

    /// The key as a P-256 point; refuses coordinates that are not on the curve.
    pub fn verifying_key(&self) -> Result<VerifyingKey, SdkError> {
        let point =
            p256::EncodedPoint::from_affine_coordinates((&self.x).into(), (&self.y).into(), false);
        VerifyingKey::from_encoded_point(&point)
            .map_err(|_| SdkError::InvalidInput("the subject key is not a P-256 point".into()))
    }
}

fn key_err(what: &str) -> SdkError {
    SdkError::InvalidInput(format!("subject key: {what} is not 32 bytes"))
}

/// What the subject key signs for one registration, with what it is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PossessionRequest {
    pub program_id: Address,
    pub registrant: Address,
    pub commitment: [u8; 32],
    pub circuit_id: u32,
    pub circuit_version: u16,
}

impl PossessionRequest {
    pub fn message(&self) -> [u8; POSSESSION_MESSAGE_LEN] {
        possession_message(
            self.program_id.as_array(),
            self.registrant.as_array(),
            &self.commitment,
            self.circuit_id,
            self.circuit_version,
        )
    }
}

/// Signs possession messages with the certificate's subject key, wherever that key lives.
pub trait PossessionSigner {
    /// A signature over `message` (ECDSA P-256 with SHA-256), `r || s` in any S form.
    fn sign(&self, message: &[u8]) -> Result<[u8; 64], SdkError>;
    /// Where the key is, for error messages.
    fn describe(&self) -> String;
}

/// Signs `message` with `signer`, normalises S and checks the signature under `key`: the one
/// path every signer takes.
pub fn sign_possession(
    signer: &dyn PossessionSigner,
    key: &SubjectKey,
    message: &[u8],
) -> Result<[u8; 64], SdkError> {
    let raw = signer.sign(message)?;
    let signature = low_s(&raw)?;
    verify_possession(key, message, &signature).map_err(|_| {
        SdkError::InvalidInput(format!(
            "{} did not sign with the certificate's subject key: the registry would refuse it",
            signer.describe()
        ))
    })?;
    Ok(signature)
}

/// Checks a low-S `r || s` signature over `message` under `key`.
pub fn verify_possession(
    key: &SubjectKey,
    message: &[u8],
    signature: &[u8; 64],
) -> Result<(), SdkError> {
    use p256::ecdsa::signature::Verifier;
    let signature = Signature::from_slice(signature)
        .map_err(|e| SdkError::InvalidInput(format!("signature: {e}")))?;
    if signature.normalize_s().is_some() {
        return Err(SdkError::InvalidInput(
            "signature: high S (the secp256r1 precompile takes low S only)".into(),
        ));
    }
    key.verifying_key()?
        .verify(message, &signature)
        .map_err(|_| SdkError::InvalidInput("signature does not verify".into()))
}

/// `r || s` with S replaced by `n - S` when above `n / 2` (the only form the precompile takes).
pub fn low_s(raw: &[u8; 64]) -> Result<[u8; 64], SdkError> {
    let signature = Signature::from_slice(raw)
        .map_err(|e| SdkError::InvalidInput(format!("signature: {e}")))?;
    let normalised = signature.normalize_s().unwrap_or(signature);
    Ok(normalised.to_bytes().into())
}

/// The secp256r1 precompile instruction verifying `signature` by `key` over `message`, with
/// key, signature and message inside the instruction (indices `u16::MAX`), as
/// `register_certificate` requires.
pub fn secp256r1_instruction(key: &[u8; 33], message: &[u8], signature: &[u8; 64]) -> Instruction {
    const OFFSETS_START: usize = 2;
    const DATA_START: usize = OFFSETS_START + 14;
    let key_offset = DATA_START;
    let signature_offset = key_offset + key.len();
    let message_offset = signature_offset + signature.len();
    let mut data = vec![1u8, 0];
    for field in [
        signature_offset as u16,
        u16::MAX,
        key_offset as u16,
        u16::MAX,
        message_offset as u16,
        message.len() as u16,
        u16::MAX,
    ] {
        data.extend_from_slice(&field.to_le_bytes());
    }
    data.extend_from_slice(key);
    data.extend_from_slice(signature);
    data.extend_from_slice(message);
    Instruction {
        program_id: solana_sdk_ids::secp256r1_program::ID,
        accounts: vec![],
        data,
    }
}

/// A P-256 key in a PEM file: SEC1 (`EC PRIVATE KEY`, as SGP.26 ships `SK_*.pem`) or PKCS#8.
pub struct KeyFileSigner {
    key: SigningKey,
    path: PathBuf,
}

impl KeyFileSigner {
    pub fn from_file(path: &Path) -> Result<Self, SdkError> {
        let pem = std::fs::read_to_string(path)
            .map_err(|e| SdkError::InvalidInput(format!("{}: {e}", path.display())))?;
        Self::from_pem(&pem, path)
    }

    /// The key in `pem`. Other PEM blocks are skipped (OpenSSL writes an `EC PARAMETERS` block
    /// before the key, as in the SGP.26 `SK_*.pem`).
    pub fn from_pem(pem: &str, path: &Path) -> Result<Self, SdkError> {
        use p256::pkcs8::DecodePrivateKey;
        let block = |label: &str| {
            let begin = format!("-----BEGIN {label}-----");
            let end = format!("-----END {label}-----");
            let start = pem.find(&begin)?;
            let stop = pem[start..].find(&end)? + start + end.len();
            Some(&pem[start..stop])
        };
        let secret = block("EC PRIVATE KEY")
            .and_then(|b| p256::SecretKey::from_sec1_pem(b).ok())
            .or_else(|| block("PRIVATE KEY").and_then(|b| p256::SecretKey::from_pkcs8_pem(b).ok()))
            .ok_or_else(|| {
                SdkError::InvalidInput(format!(
                    "{}: not a P-256 private key in PEM (SEC1 or PKCS#8)",
                    path.display()
                ))
            })?;
        Ok(KeyFileSigner {
            key: SigningKey::from(secret),
            path: path.to_path_buf(),
        })
    }

    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }
}

impl PossessionSigner for KeyFileSigner {
    fn sign(&self, message: &[u8]) -> Result<[u8; 64], SdkError> {
        use p256::ecdsa::signature::Signer;
        let signature: Signature = self.key.sign(message);
        Ok(signature.to_bytes().into())
    }

    fn describe(&self) -> String {
        format!("the key in {}", self.path.display())
    }
}

/// A fresh P-256 private key as PKCS#8 PEM (a stranger's key in tests and the demo).
pub fn random_key_pem() -> Result<String, SdkError> {
    use p256::pkcs8::{EncodePrivateKey, LineEnding};
    p256::SecretKey::random(&mut rand::rngs::OsRng)
        .to_pkcs8_pem(LineEnding::LF)
        .map(|pem| pem.to_string())
        .map_err(|e| SdkError::InvalidInput(format!("encoding a P-256 key: {e}")))
}

/// A signature made outside OpenRSP (an HSM's own tool, an air-gapped signer) over the message
/// `openrsp cert possession-message` prints: DER `ECDSA-Sig-Value` or raw `r || s` (64 bytes).
pub struct ExternalSignature {
    raw: [u8; 64],
}

impl ExternalSignature {
    /// DER first (a 64-byte DER signature exists), then raw `r || s`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SdkError> {
        let signature = Signature::from_der(bytes)
            .or_else(|e| match bytes.len() {
                64 => Signature::from_slice(bytes),
                _ => Err(e),
            })
            .map_err(|_| {
                SdkError::InvalidInput(
                    "signature: neither DER ECDSA-Sig-Value nor 64 bytes r || s".into(),
                )
            })?;
        Ok(ExternalSignature {
            raw: signature.to_bytes().into(),
        })
    }

    /// From a file (its bytes, or hex text in it), else from hex given inline.
    pub fn from_hex_or_file(value: &str) -> Result<Self, SdkError> {
        let path = Path::new(value);
        if path.is_file() {
            let bytes = std::fs::read(path)
                .map_err(|e| SdkError::InvalidInput(format!("{}: {e}", path.display())))?;
            let text = std::str::from_utf8(&bytes).ok().map(str::trim);
            return match text.and_then(|t| hex::decode(t.trim_start_matches("0x")).ok()) {
                Some(decoded) => Self::from_bytes(&decoded),
                None => Self::from_bytes(&bytes),
            };
        }
        let decoded = hex::decode(value.trim().trim_start_matches("0x")).map_err(|_| {
            SdkError::InvalidInput(format!("signature {value:?}: neither a file nor hex"))
        })?;
        Self::from_bytes(&decoded)
    }
}

impl PossessionSigner for ExternalSignature {
    fn sign(&self, _message: &[u8]) -> Result<[u8; 64], SdkError> {
        Ok(self.raw)
    }

    fn describe(&self) -> String {
        "the external signature".into()
    }
}

/// A P-256 private key in a PKCS#11 token: the token by its label, the key by its `CKA_LABEL`
/// (exactly one private key must carry it), used with `CKM_ECDSA` over the message's SHA-256
/// digest. The first token with the label is used; a wrong key is caught by the local check of
/// [`sign_possession`].
pub struct Pkcs11Signer {
    pub module: PathBuf,
    /// The token's label.
    pub token: String,
    /// The key's `CKA_LABEL`.
    pub key_label: String,
    pub pin: String,
}

impl Pkcs11Signer {
    fn err(&self, what: &str, e: impl std::fmt::Display) -> SdkError {
        SdkError::InvalidInput(format!(
            "PKCS#11 {} (token {:?}, key {:?}): {what}: {e}",
            self.module.display(),
            self.token,
            self.key_label
        ))
    }

    /// Signs `digest` (32 bytes) in the token.
    fn sign_digest(&self, digest: &[u8; 32]) -> Result<Vec<u8>, SdkError> {
        use cryptoki::{
            context::{CInitializeArgs, CInitializeFlags, Pkcs11},
            mechanism::Mechanism,
            object::{Attribute, ObjectClass},
            session::UserType,
            types::AuthPin,
        };
        let pkcs11 = Pkcs11::new(&self.module).map_err(|e| self.err("loading the module", e))?;
        pkcs11
            .initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
            .map_err(|e| self.err("initialising", e))?;
        let slots = pkcs11
            .get_slots_with_token()
            .map_err(|e| self.err("listing slots", e))?;
        let slot = slots
            .into_iter()
            .find(|slot| {
                pkcs11
                    .get_token_info(*slot)
                    .is_ok_and(|info| info.label().trim() == self.token)
            })
            .ok_or_else(|| self.err("finding the token", "no token with this label"))?;
        let session = pkcs11
            .open_ro_session(slot)
            .map_err(|e| self.err("opening a session", e))?;
        session
            .login(UserType::User, Some(&AuthPin::new(self.pin.clone().into())))
            .map_err(|e| self.err("logging in", e))?;
        let keys = session
            .find_objects(&[
                Attribute::Class(ObjectClass::PRIVATE_KEY),
                Attribute::Label(self.key_label.as_bytes().to_vec()),
            ])
            .map_err(|e| self.err("finding the key", e))?;
        let key = match keys.as_slice() {
            [key] => *key,
            [] => return Err(self.err("finding the key", "no private key with this label")),
            _ => return Err(self.err("finding the key", "several private keys with this label")),
        };
        session
            .sign(&Mechanism::Ecdsa, key, digest)
            .map_err(|e| self.err("signing", e))
    }
}

impl PossessionSigner for Pkcs11Signer {
    fn sign(&self, message: &[u8]) -> Result<[u8; 64], SdkError> {
        let digest: [u8; 32] = Sha256::digest(message).into();
        let signature = self.sign_digest(&digest)?;
        signature
            .try_into()
            .map_err(|s: Vec<u8>| self.err("signing", format!("{} bytes, not r || s", s.len())))
    }

    fn describe(&self) -> String {
        format!(
            "the PKCS#11 key {:?} in token {:?}",
            self.key_label, self.token
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::tests::vector as sgp26;

    fn dpauth() -> (RspCertificate, KeyFileSigner) {
        let cert =
            RspCertificate::from_file(&sgp26("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der")).unwrap();
        let key = KeyFileSigner::from_file(&sgp26("DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem")).unwrap();
        (cert, key)
    }

    #[test]
    fn the_sgp26_key_file_signs_for_its_certificate_and_the_signature_is_low_s() {
        let (cert, signer) = dpauth();
        let key = SubjectKey::of(&cert).unwrap();
        assert_eq!(key.hash().unwrap(), cert.subject_key_hash().unwrap());
        let message = b"some possession message";
        for _ in 0..4 {
            let signature = sign_possession(&signer, &key, message).unwrap();
            let s = Signature::from_slice(&signature).unwrap();
            assert!(s.normalize_s().is_none(), "low S");
        }
        assert_eq!(SubjectKey::from_hex(&key.to_hex(), 0).unwrap(), key);
    }

    #[test]
    fn another_key_or_a_high_s_signature_is_refused() {
        let (cert, _) = dpauth();
        let key = SubjectKey::of(&cert).unwrap();
        let other = KeyFileSigner::from_file(&sgp26("DPpb/SK_S_SM_DPpb_ECDSA_NIST.pem")).unwrap();
        let err = sign_possession(&other, &key, b"m").unwrap_err().to_string();
        assert!(
            err.contains("did not sign with the certificate's subject key"),
            "{err}"
        );

        let (_, signer) = dpauth();
        let low = sign_possession(&signer, &key, b"m").unwrap();
        let s = Signature::from_slice(&low).unwrap();
        let high: [u8; 64] = Signature::from_scalars(s.r(), -*s.s())
            .unwrap()
            .to_bytes()
            .into();
        let err = verify_possession(&key, b"m", &high)
            .unwrap_err()
            .to_string();
        assert!(err.contains("high S"), "{err}");
        // An external high-S signature is normalised, not refused.
        let external = ExternalSignature::from_bytes(&high).unwrap();
        assert_eq!(sign_possession(&external, &key, b"m").unwrap(), low);
    }

    #[test]
    fn external_signatures_come_as_der_or_raw() {
        let (cert, signer) = dpauth();
        let key = SubjectKey::of(&cert).unwrap();
        let raw = sign_possession(&signer, &key, b"msg").unwrap();
        let der = Signature::from_slice(&raw).unwrap().to_der();
        for bytes in [&raw[..], der.as_bytes()] {
            let external = ExternalSignature::from_hex_or_file(&hex::encode(bytes)).unwrap();
            assert_eq!(sign_possession(&external, &key, b"msg").unwrap(), raw);
        }
        assert!(ExternalSignature::from_bytes(&[1, 2, 3]).is_err());
        assert!(
            SubjectKey::from_hex(&"04".repeat(65), 0).is_err(),
            "off the curve"
        );
    }

    #[test]
    fn the_precompile_instruction_holds_key_signature_and_message_in_itself() {
        let ix = secp256r1_instruction(&[2; 33], b"hello", &[7; 64]);
        let field = |i: usize| u16::from_le_bytes([ix.data[2 + 2 * i], ix.data[3 + 2 * i]]);
        assert_eq!(ix.data[0], 1);
        assert_eq!([field(1), field(3), field(6)], [u16::MAX; 3]);
        assert_eq!(&ix.data[field(2) as usize..][..33], &[2; 33]);
        assert_eq!(&ix.data[field(0) as usize..][..64], &[7; 64]);
        assert_eq!(&ix.data[field(4) as usize..][..field(5) as usize], b"hello");
    }
}
