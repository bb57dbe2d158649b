//! The activation code of an escrowed order, sealed to the consumer.
//!
//! The operator has to hand the consumer an eSIM activation code through a public ledger. The
//! chain stores only ciphertext, bound to one order and one profile package, and encrypted to a
//! key the consumer already has: their Solana wallet. An ed25519 public key is a point on the
//! Edwards form of Curve25519, so it maps to an X25519 public key, and the wallet's seed gives the
//! matching X25519 secret. Nobody publishes or exchanges an extra key, and a consumer who still
//! holds their wallet can always read what was delivered to them.
//!
//! The construction is an ECIES: a fresh ephemeral X25519 key per delivery, HKDF-SHA256 over the
//! shared secret, ChaCha20-Poly1305 with the order address and the profile hash as associated
//! data, so a ciphertext copied to another order or another profile package does not open.
//!
//! The wallet key is used for signing ed25519 and for X25519 agreement. The two uses cannot be
//! confused with each other: the X25519 side only ever computes a Diffie-Hellman value, hashed
//! through HKDF with a domain-separating label, and never signs.

use std::fmt;
use std::str::FromStr;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use curve25519_dalek::edwards::CompressedEdwardsY;
use hkdf::Hkdf;
use qrcode::render::unicode::Dense1x2;
use qrcode::{EcLevel, QrCode};
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256, Sha512};
use solana_address::Address;
use solana_keypair::Keypair;
use x25519_dalek::{PublicKey, StaticSecret};

use crate::SdkError;

/// The on-chain room for the ciphertext, Poly1305 tag included.
pub const MAX_ACTIVATION_CIPHERTEXT: usize = profile_escrow::state::MAX_ACTIVATION_CIPHERTEXT;

/// The smallest ciphertext the program accepts: the tag and at least one byte.
pub const MIN_ACTIVATION_CIPHERTEXT: usize = profile_escrow::state::MIN_ACTIVATION_CIPHERTEXT;

/// Length of the ChaCha20-Poly1305 tag.
const TAG_LEN: usize = 16;

/// The longest activation code (as its `LPA:1$…$…` text) that still fits on chain once sealed.
pub const MAX_ACTIVATION_CODE_LEN: usize = MAX_ACTIVATION_CIPHERTEXT - TAG_LEN;

/// SGP.22 caps the whole activation code at 255 characters; an FQDN cannot be longer either.
const MAX_SGP22_LEN: usize = 255;

/// DNS caps a label at 63 octets.
const MAX_LABEL_LEN: usize = 63;

/// Domain separation for the key derivation; a new version of the scheme gets a new label, so
/// keys never carry over between versions.
const HKDF_INFO: &[u8] = b"openrsp activation code v1";

/// The only error `open` gives for a failed authentication. One message for every cause, because
/// the AEAD cannot tell them apart and callers should not try either.
const CANNOT_DECRYPT: &str =
    "cannot decrypt the activation code: not encrypted to this key, or altered";

/// The X25519 public key a consumer's wallet can be sealed to.
///
/// Refuses addresses that are not ed25519 points (program-derived addresses, typically), since no
/// one holds a secret for them and a sealed code would be lost; and small-order points, whose
/// shared secret is predictable by anyone.
pub fn encryption_public_key(wallet: &Address) -> Result<[u8; 32], SdkError> {
    let point = CompressedEdwardsY(wallet.to_bytes())
        .decompress()
        .ok_or_else(|| {
            SdkError::InvalidInput(format!(
                "wallet {wallet} is not an ed25519 public key (a program-derived address?); \
                 nothing can be encrypted to it"
            ))
        })?;
    if point.is_small_order() {
        return Err(SdkError::InvalidInput(format!(
            "wallet {wallet} is a small-order point; encrypting to it would not be secret"
        )));
    }
    Ok(point.to_montgomery().to_bytes())
}

/// The X25519 secret matching [`encryption_public_key`] of the wallet's address.
///
/// Ed25519 derives its secret scalar as the clamped first half of SHA-512(seed); X25519 clamps the
/// same way, so the scalar is the wallet's own and its public key is the wallet's point in
/// Montgomery form.
pub fn encryption_secret(wallet: &Keypair) -> StaticSecret {
    let digest = Sha512::digest(wallet.secret_bytes());
    let mut scalar = [0u8; 32];
    scalar.copy_from_slice(&digest[..32]);
    StaticSecret::from(scalar)
}

/// An activation code as it sits on chain, next to the order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedActivationCode {
    pub ephemeral_key: [u8; 32],
    pub nonce: [u8; 12],
    pub ciphertext: Vec<u8>,
}

/// Associated data: a sealed code is only valid for the order and the profile package it was
/// delivered with.
fn associated_data(order: &Address, profile_hash: &[u8; 32]) -> [u8; 64] {
    let mut aad = [0u8; 64];
    aad[..32].copy_from_slice(order.as_array());
    aad[32..].copy_from_slice(profile_hash);
    aad
}

/// The AEAD key. Salting with both public keys ties the key to this exchange, not just to the
/// shared point.
fn derive_cipher(
    shared: &[u8; 32],
    ephemeral_public: &[u8; 32],
    recipient: &[u8; 32],
) -> Result<ChaCha20Poly1305, SdkError> {
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(ephemeral_public);
    salt[32..].copy_from_slice(recipient);
    let hkdf = Hkdf::<Sha256>::new(Some(&salt), shared);
    let mut key = [0u8; 32];
    hkdf.expand(HKDF_INFO, &mut key)
        .map_err(|e| SdkError::InvalidInput(format!("key derivation: {e}")))?;
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key));
    key.fill(0);
    Ok(cipher)
}

/// Encrypts `code` to `recipient` (from [`encryption_public_key`]) for one order and one profile
/// package.
///
/// Every call uses a fresh ephemeral key and nonce, so sealing the same code twice gives
/// unrelated ciphertexts and nothing links two deliveries.
pub fn seal(
    recipient: &[u8; 32],
    order: &Address,
    profile_hash: &[u8; 32],
    code: &ActivationCode,
) -> Result<SealedActivationCode, SdkError> {
    code.validate()?;
    let plaintext = code.to_string();
    if plaintext.len() > MAX_ACTIVATION_CODE_LEN {
        return Err(SdkError::InvalidInput(format!(
            "activation code is {} bytes; at most {MAX_ACTIVATION_CODE_LEN} fit on chain once \
             encrypted",
            plaintext.len()
        )));
    }

    let ephemeral = StaticSecret::random_from_rng(OsRng);
    let ephemeral_key = PublicKey::from(&ephemeral).to_bytes();
    let shared = ephemeral.diffie_hellman(&PublicKey::from(*recipient));
    if !shared.was_contributory() {
        return Err(SdkError::InvalidInput(
            "recipient key is a small-order point; the activation code would not be secret"
                .to_string(),
        ));
    }
    let cipher = derive_cipher(shared.as_bytes(), &ephemeral_key, recipient)?;

    let mut nonce = [0u8; 12];
    OsRng.fill_bytes(&mut nonce);
    let aad = associated_data(order, profile_hash);
    let ciphertext = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext.as_bytes(),
                aad: &aad,
            },
        )
        .map_err(|_| SdkError::InvalidInput("cannot encrypt the activation code".to_string()))?;

    Ok(SealedActivationCode {
        ephemeral_key,
        nonce,
        ciphertext,
    })
}

/// Decrypts a sealed code with the consumer's secret ([`encryption_secret`]).
///
/// A wrong key, another order, another profile hash or any altered byte all give the same
/// error: the operator's delivery is then not usable by this consumer, whatever the reason.
pub fn open(
    secret: &StaticSecret,
    order: &Address,
    profile_hash: &[u8; 32],
    sealed: &SealedActivationCode,
) -> Result<ActivationCode, SdkError> {
    let len = sealed.ciphertext.len();
    if !(MIN_ACTIVATION_CIPHERTEXT..=MAX_ACTIVATION_CIPHERTEXT).contains(&len) {
        return Err(SdkError::InvalidInput(format!(
            "sealed activation code is {len} bytes; expected {MIN_ACTIVATION_CIPHERTEXT} to \
             {MAX_ACTIVATION_CIPHERTEXT}"
        )));
    }
    let cannot_decrypt = || SdkError::InvalidInput(CANNOT_DECRYPT.to_string());

    let recipient = PublicKey::from(secret).to_bytes();
    let shared = secret.diffie_hellman(&PublicKey::from(sealed.ephemeral_key));
    if !shared.was_contributory() {
        return Err(cannot_decrypt());
    }
    let cipher = derive_cipher(shared.as_bytes(), &sealed.ephemeral_key, &recipient)?;
    let aad = associated_data(order, profile_hash);
    let plaintext = cipher
        .decrypt(
            Nonce::from_slice(&sealed.nonce),
            Payload {
                msg: &sealed.ciphertext,
                aad: &aad,
            },
        )
        .map_err(|_| cannot_decrypt())?;

    // Authenticated, so the operator wrote this; a malformed code is their mistake, not tampering.
    let text = String::from_utf8(plaintext).map_err(|_| {
        SdkError::InvalidInput(
            "the operator delivered an activation code that is not UTF-8 text".to_string(),
        )
    })?;
    text.parse::<ActivationCode>().map_err(|e| {
        SdkError::InvalidInput(format!(
            "the operator delivered a malformed activation code: {e}"
        ))
    })
}

/// A GSMA SGP.22 activation code: what an LPA needs to fetch the profile from the SM-DP+.
///
/// Only the SM-DP+ address and the matching ID are kept. The optional SM-DP+ OID and
/// confirmation-code-required flag are checked when parsed, then dropped: the LPA learns both
/// from the SM-DP+ itself during the download, and dropping them keeps the sealed code short.
/// [`fmt::Display`] therefore always writes `LPA:1$<smdp_address>$<matching_id>`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ActivationCode {
    pub smdp_address: String,
    pub matching_id: String,
}

impl ActivationCode {
    /// A checked activation code, so one that [`seal`] and the LPA will accept.
    pub fn new(
        smdp_address: impl Into<String>,
        matching_id: impl Into<String>,
    ) -> Result<Self, SdkError> {
        let code = ActivationCode {
            smdp_address: smdp_address.into(),
            matching_id: matching_id.into(),
        };
        code.validate()?;
        Ok(code)
    }

    /// Reads `LPA:1$<address>$<matching id>[$<oid>[$<confirmation code required>]]`; the `LPA:`
    /// prefix is optional, since people paste the code without it as often as with.
    pub fn parse(text: &str) -> Result<Self, SdkError> {
        let text = text.trim();
        if text.len() > MAX_SGP22_LEN {
            return Err(invalid(format!(
                "{} characters; SGP.22 allows at most {MAX_SGP22_LEN}",
                text.len()
            )));
        }
        let body = text.strip_prefix("LPA:").unwrap_or(text);
        let mut fields = body.split('$');
        match fields.next() {
            Some("1") => {}
            Some(marker) => {
                return Err(invalid(format!(
                    "format marker is {marker:?}; only format 1 exists"
                )))
            }
            None => return Err(invalid("empty".to_string())),
        }
        let smdp_address = fields
            .next()
            .ok_or_else(|| invalid("missing the SM-DP+ address".to_string()))?;
        let matching_id = fields
            .next()
            .ok_or_else(|| invalid("missing the matching ID".to_string()))?;
        if let Some(oid) = fields.next() {
            if !oid.is_empty() && !is_oid(oid) {
                return Err(invalid(format!("SM-DP+ OID {oid:?} is not a dotted OID")));
            }
        }
        if let Some(flag) = fields.next() {
            if !flag.is_empty() && flag != "1" {
                return Err(invalid(format!(
                    "confirmation-code-required flag is {flag:?}; it must be \"1\" or empty"
                )));
            }
        }
        if fields.next().is_some() {
            return Err(invalid(
                "too many fields; expected at most 1$address$matching id$oid$flag".to_string(),
            ));
        }
        Self::new(smdp_address, matching_id)
    }

    /// Checks the fields, which are public and so may have been set by hand.
    pub fn validate(&self) -> Result<(), SdkError> {
        check_smdp_address(&self.smdp_address)?;
        check_matching_id(&self.matching_id)
    }
}

impl fmt::Display for ActivationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LPA:1${}${}", self.smdp_address, self.matching_id)
    }
}

impl FromStr for ActivationCode {
    type Err = SdkError;

    fn from_str(s: &str) -> Result<Self, SdkError> {
        Self::parse(s)
    }
}

fn invalid(reason: String) -> SdkError {
    SdkError::InvalidInput(format!("activation code: {reason}"))
}

/// SGP.22 gives an FQDN, resolved by the LPA; anything else (a URL, a port, an IP literal with a
/// scheme) would fail on the device, far from whoever made the mistake.
fn check_smdp_address(address: &str) -> Result<(), SdkError> {
    if address.is_empty() {
        return Err(invalid("the SM-DP+ address is empty".to_string()));
    }
    if address.len() > MAX_SGP22_LEN {
        return Err(invalid(format!(
            "the SM-DP+ address is {} characters; an FQDN has at most {MAX_SGP22_LEN}",
            address.len()
        )));
    }
    for label in address.split('.') {
        if label.is_empty() {
            return Err(invalid(format!(
                "SM-DP+ address {address:?} has an empty label"
            )));
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(invalid(format!(
                "SM-DP+ address {address:?} has a label longer than {MAX_LABEL_LEN}"
            )));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(invalid(format!(
                "SM-DP+ address {address:?} has a label starting or ending with '-'"
            )));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(invalid(format!(
                "SM-DP+ address {address:?} contains {c:?}; an FQDN has only letters, digits, \
                 '-' and '.'"
            )));
        }
    }
    Ok(())
}

/// SGP.22: the matching ID is made of upper-case letters, digits and '-'. The SM-DP+ compares it
/// byte for byte, so a lower-cased copy would silently not match.
fn check_matching_id(matching_id: &str) -> Result<(), SdkError> {
    if matching_id.is_empty() {
        return Err(invalid("the matching ID is empty".to_string()));
    }
    if let Some(c) = matching_id
        .chars()
        .find(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(invalid(format!(
            "matching ID {matching_id:?} contains {c:?}; only 0-9, A-Z and '-' are allowed"
        )));
    }
    Ok(())
}

fn is_oid(oid: &str) -> bool {
    oid.split('.').count() >= 2
        && oid
            .split('.')
            .all(|arc| !arc.is_empty() && arc.bytes().all(|b| b.is_ascii_digit()))
}

/// A fresh matching ID, `XXXXX-XXXXX-XXXXX-XXXXX` over `0-9A-Z`: about 103 bits, so it cannot be
/// guessed by someone hoping to download another consumer's profile.
pub fn random_matching_id() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const GROUPS: usize = 4;
    const GROUP_LEN: usize = 5;
    let mut rng = OsRng;
    let mut id = String::with_capacity(GROUPS * (GROUP_LEN + 1));
    for group in 0..GROUPS {
        if group > 0 {
            id.push('-');
        }
        for _ in 0..GROUP_LEN {
            id.push(char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]));
        }
    }
    id
}

/// A QR code of `text` for a terminal, two modules per character cell.
///
/// Colours are inverted for the usual light-on-dark terminal: a full block shows as light, so the
/// quiet zone and the light modules are drawn with blocks and the dark modules are left blank.
/// Level M survives a smudged screen or a phone held at an angle and still keeps an activation
/// code small enough to scan from a terminal.
pub fn qr_terminal(text: &str) -> Result<String, SdkError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| SdkError::InvalidInput(format!("cannot make a QR code: {e}")))?;
    Ok(code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use solana_signer::Signer;

    fn order() -> Address {
        Address::new_from_array([7u8; 32])
    }

    fn profile_hash() -> [u8; 32] {
        [0x42; 32]
    }

    fn code() -> ActivationCode {
        ActivationCode::new("rsp.truphone.com", "QR-G-5C-1LS-1W1Z9P7").unwrap()
    }

    fn is_cannot_decrypt(result: Result<ActivationCode, SdkError>) -> bool {
        matches!(result, Err(SdkError::InvalidInput(m)) if m == CANNOT_DECRYPT)
    }

    #[test]
    fn wallet_secret_matches_wallet_public_key() {
        for _ in 0..16 {
            let kp = Keypair::new();
            let public = encryption_public_key(&kp.pubkey()).unwrap();
            assert_eq!(PublicKey::from(&encryption_secret(&kp)).to_bytes(), public);
        }
    }

    #[test]
    fn different_wallets_give_different_keys() {
        let a = Keypair::new();
        let b = Keypair::new();
        assert_ne!(
            encryption_public_key(&a.pubkey()).unwrap(),
            encryption_public_key(&b.pubkey()).unwrap()
        );
        assert_ne!(
            encryption_secret(&a).to_bytes(),
            encryption_secret(&b).to_bytes()
        );
    }

    #[test]
    fn encryption_public_key_refuses_non_point() {
        // y = 2: (y² - 1) / (d·y² + 1) is not a square mod 2^255 - 19, so no x exists.
        let mut bytes = [0u8; 32];
        bytes[0] = 2;
        let address = Address::new_from_array(bytes);
        assert!(!address.is_on_curve());
        let err = encryption_public_key(&address).unwrap_err();
        assert!(
            err.to_string().contains("not an ed25519 public key"),
            "{err}"
        );
    }

    #[test]
    fn encryption_public_key_refuses_small_order_points() {
        // y = 1 is the identity; y = 0 is a point of order 4.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        for bytes in [identity, [0u8; 32]] {
            let address = Address::new_from_array(bytes);
            assert!(address.is_on_curve());
            let err = encryption_public_key(&address).unwrap_err();
            assert!(err.to_string().contains("small-order"), "{err}");
        }
    }

    #[test]
    fn seal_open_round_trip() {
        let consumer = Keypair::new();
        let recipient = encryption_public_key(&consumer.pubkey()).unwrap();
        let sealed = seal(&recipient, &order(), &profile_hash(), &code()).unwrap();
        assert_eq!(sealed.ciphertext.len(), code().to_string().len() + TAG_LEN);
        let opened = open(
            &encryption_secret(&consumer),
            &order(),
            &profile_hash(),
            &sealed,
        )
        .unwrap();
        assert_eq!(opened, code());
    }

    #[test]
    fn sealing_twice_gives_unrelated_ciphertexts() {
        let consumer = Keypair::new();
        let recipient = encryption_public_key(&consumer.pubkey()).unwrap();
        let a = seal(&recipient, &order(), &profile_hash(), &code()).unwrap();
        let b = seal(&recipient, &order(), &profile_hash(), &code()).unwrap();
        assert_ne!(a.ephemeral_key, b.ephemeral_key);
        assert_ne!(a.nonce, b.nonce);
        assert_ne!(a.ciphertext, b.ciphertext);
        let secret = encryption_secret(&consumer);
        assert_eq!(
            open(&secret, &order(), &profile_hash(), &a).unwrap(),
            code()
        );
        assert_eq!(
            open(&secret, &order(), &profile_hash(), &b).unwrap(),
            code()
        );
    }

    #[test]
    fn another_wallet_cannot_open() {
        let consumer = Keypair::new();
        let other = Keypair::new();
        let recipient = encryption_public_key(&consumer.pubkey()).unwrap();
        let sealed = seal(&recipient, &order(), &profile_hash(), &code()).unwrap();
        assert!(is_cannot_decrypt(open(
            &encryption_secret(&other),
            &order(),
            &profile_hash(),
            &sealed
        )));
    }

    #[test]
    fn tampering_is_detected() {
        let consumer = Keypair::new();
        let secret = encryption_secret(&consumer);
        let recipient = encryption_public_key(&consumer.pubkey()).unwrap();
        let sealed = seal(&recipient, &order(), &profile_hash(), &code()).unwrap();
        assert!(open(&secret, &order(), &profile_hash(), &sealed).is_ok());

        for i in 0..sealed.ciphertext.len() {
            let mut t = sealed.clone();
            t.ciphertext[i] ^= 0x01;
            assert!(
                is_cannot_decrypt(open(&secret, &order(), &profile_hash(), &t)),
                "ciphertext byte {i}"
            );
        }
        for i in 0..sealed.nonce.len() {
            let mut t = sealed.clone();
            t.nonce[i] ^= 0x80;
            assert!(
                is_cannot_decrypt(open(&secret, &order(), &profile_hash(), &t)),
                "nonce byte {i}"
            );
        }
        // Bit 255 of an X25519 key is ignored by design, so flip a low bit of every byte.
        for i in 0..sealed.ephemeral_key.len() {
            let mut t = sealed.clone();
            t.ephemeral_key[i] ^= 0x02;
            assert!(
                is_cannot_decrypt(open(&secret, &order(), &profile_hash(), &t)),
                "ephemeral key byte {i}"
            );
        }
        let mut t = sealed.clone();
        t.ephemeral_key = [0u8; 32];
        assert!(is_cannot_decrypt(open(
            &secret,
            &order(),
            &profile_hash(),
            &t
        )));

        let other_order = Address::new_from_array([8u8; 32]);
        assert!(is_cannot_decrypt(open(
            &secret,
            &other_order,
            &profile_hash(),
            &sealed
        )));
        let mut other_hash = profile_hash();
        other_hash[31] ^= 0x01;
        assert!(is_cannot_decrypt(open(
            &secret,
            &order(),
            &other_hash,
            &sealed
        )));

        let mut truncated = sealed.clone();
        truncated.ciphertext.pop();
        assert!(is_cannot_decrypt(open(
            &secret,
            &order(),
            &profile_hash(),
            &truncated
        )));
    }

    #[test]
    fn open_refuses_ciphertext_outside_on_chain_bounds() {
        let secret = encryption_secret(&Keypair::new());
        for len in [
            0,
            MIN_ACTIVATION_CIPHERTEXT - 1,
            MAX_ACTIVATION_CIPHERTEXT + 1,
        ] {
            let sealed = SealedActivationCode {
                ephemeral_key: [9u8; 32],
                nonce: [0u8; 12],
                ciphertext: vec![0u8; len],
            };
            let err = open(&secret, &order(), &profile_hash(), &sealed).unwrap_err();
            assert!(err.to_string().contains("expected"), "{len}: {err}");
        }
    }

    #[test]
    fn seal_refuses_too_long_code_and_fills_the_on_chain_limit_exactly() {
        let consumer = Keypair::new();
        let recipient = encryption_public_key(&consumer.pubkey()).unwrap();
        let prefix_len = "LPA:1$rsp.example.com$".len();
        let fits = ActivationCode::new(
            "rsp.example.com",
            "A".repeat(MAX_ACTIVATION_CODE_LEN - prefix_len),
        )
        .unwrap();
        assert_eq!(fits.to_string().len(), MAX_ACTIVATION_CODE_LEN);
        let sealed = seal(&recipient, &order(), &profile_hash(), &fits).unwrap();
        assert_eq!(sealed.ciphertext.len(), MAX_ACTIVATION_CIPHERTEXT);
        assert_eq!(
            open(
                &encryption_secret(&consumer),
                &order(),
                &profile_hash(),
                &sealed
            )
            .unwrap(),
            fits
        );

        let too_long = ActivationCode::new(
            "rsp.example.com",
            "A".repeat(MAX_ACTIVATION_CODE_LEN - prefix_len + 1),
        )
        .unwrap();
        let err = seal(&recipient, &order(), &profile_hash(), &too_long).unwrap_err();
        assert!(err.to_string().contains("fit on chain"), "{err}");
    }

    #[test]
    fn seal_refuses_invalid_code_and_small_order_recipient() {
        let consumer = Keypair::new();
        let recipient = encryption_public_key(&consumer.pubkey()).unwrap();
        let bad = ActivationCode {
            smdp_address: "rsp.example.com".to_string(),
            matching_id: "lower".to_string(),
        };
        assert!(seal(&recipient, &order(), &profile_hash(), &bad).is_err());
        let err = seal(&[0u8; 32], &order(), &profile_hash(), &code()).unwrap_err();
        assert!(err.to_string().contains("small-order"), "{err}");
    }

    #[test]
    fn activation_code_format_and_parse_round_trip() {
        let c = code();
        assert_eq!(c.to_string(), "LPA:1$rsp.truphone.com$QR-G-5C-1LS-1W1Z9P7");
        assert_eq!(c.to_string().parse::<ActivationCode>().unwrap(), c);

        let sgp26: ActivationCode = "LPA:1$testsmdpplus1.example.com$TS48V2-SAIP2-1-BERTLV"
            .parse()
            .unwrap();
        assert_eq!(sgp26.smdp_address, "testsmdpplus1.example.com");
        assert_eq!(sgp26.matching_id, "TS48V2-SAIP2-1-BERTLV");
        assert_eq!(ActivationCode::parse(&sgp26.to_string()).unwrap(), sgp26);
    }

    #[test]
    fn activation_code_parse_accepts_variants() {
        let expected = ActivationCode::new("testsmdpplus1.example.com", "ABC-123").unwrap();
        for text in [
            "1$testsmdpplus1.example.com$ABC-123",
            "  LPA:1$testsmdpplus1.example.com$ABC-123\n",
            "LPA:1$testsmdpplus1.example.com$ABC-123$1.3.6.1.4.1.31746",
            "LPA:1$testsmdpplus1.example.com$ABC-123$1.3.6.1.4.1.31746$1",
            "LPA:1$testsmdpplus1.example.com$ABC-123$$1",
            "LPA:1$TestSMDPPlus1.Example.com$ABC-123",
        ] {
            let parsed = ActivationCode::parse(text).unwrap();
            assert_eq!(parsed.matching_id, expected.matching_id, "{text}");
            assert_eq!(
                parsed.smdp_address.to_ascii_lowercase(),
                expected.smdp_address,
                "{text}"
            );
            // The optional fields are dropped: the canonical form has three parts.
            assert_eq!(parsed.to_string().matches('$').count(), 2, "{text}");
        }
    }

    #[test]
    fn activation_code_parse_rejects_malformed() {
        for text in [
            "",
            "LPA:",
            "LPA:1",
            "LPA:1$rsp.example.com",
            "LPA:2$rsp.example.com$ABC-123",
            "LPA:1$$ABC-123",
            "LPA:1$rsp.example.com$",
            "LPA:1$rsp.example.com$abc-123",
            "LPA:1$rsp.example.com$ABC 123",
            "LPA:1$rsp..example.com$ABC-123",
            "LPA:1$rsp.example.com.$ABC-123",
            "LPA:1$-rsp.example.com$ABC-123",
            "LPA:1$rsp.example.com:443$ABC-123",
            "LPA:1$https://rsp.example.com$ABC-123",
            "LPA:1$rsp.example.com$ABC-123$not-an-oid",
            "LPA:1$rsp.example.com$ABC-123$1.2.3$yes",
            "LPA:1$rsp.example.com$ABC-123$1.2.3$1$extra",
            "lpa:1$rsp.example.com$ABC-123",
        ] {
            let result = ActivationCode::parse(text);
            assert!(
                matches!(result, Err(SdkError::InvalidInput(ref m)) if m.starts_with("activation code:")),
                "{text:?} gave {result:?}"
            );
        }
        let long_label = format!("{}.example.com", "a".repeat(64));
        assert!(ActivationCode::new(long_label, "ABC").is_err());
        let long_address = ["abc"; 70].join(".");
        assert!(long_address.len() > 255);
        assert!(ActivationCode::new(long_address, "ABC").is_err());
    }

    #[test]
    fn fields_with_dollar_sign_are_refused() {
        assert!(ActivationCode::new("rsp.example.com", "ABC$123").is_err());
        assert!(ActivationCode::new("rsp$example.com", "ABC").is_err());
        let forged = ActivationCode {
            smdp_address: "rsp.example.com".to_string(),
            matching_id: "ABC$1.2.3".to_string(),
        };
        assert!(forged.validate().is_err());
    }

    #[test]
    fn random_matching_ids_are_well_formed_and_distinct() {
        let ids: Vec<String> = (0..64).map(|_| random_matching_id()).collect();
        for id in &ids {
            assert_eq!(id.len(), 23, "{id}");
            let groups: Vec<&str> = id.split('-').collect();
            assert_eq!(groups.len(), 4, "{id}");
            assert!(groups.iter().all(|g| g.len() == 5), "{id}");
            assert!(ActivationCode::new("rsp.example.com", id.clone()).is_ok());
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
    }

    #[test]
    fn qr_terminal_renders_a_symbol_with_quiet_zone() {
        let text = code().to_string();
        let qr = qr_terminal(&text).unwrap();
        let width = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .unwrap()
            .width();
        let lines: Vec<&str> = qr.lines().collect();
        // Four quiet modules each side, two modules per line.
        assert_eq!(lines.len(), (width + 8).div_ceil(2));
        assert!(lines.len() > 10);
        assert!(lines.iter().all(|l| l.chars().count() == width + 8));
        // The quiet zone is light, drawn as full blocks on a dark terminal.
        assert!(lines[0].chars().all(|c| c == '\u{2588}'));
        assert!(qr.contains(' '));
    }

    #[test]
    fn qr_terminal_differs_for_different_inputs() {
        let a = qr_terminal("LPA:1$rsp.example.com$ABC-123").unwrap();
        let b = qr_terminal("LPA:1$rsp.example.com$ABC-124").unwrap();
        assert!(!a.is_empty());
        assert_ne!(a, b);
        assert_eq!(a, qr_terminal("LPA:1$rsp.example.com$ABC-123").unwrap());
    }

    #[test]
    fn qr_terminal_refuses_text_too_long_for_a_qr_code() {
        assert!(qr_terminal(&"A".repeat(8000)).is_err());
    }
}
