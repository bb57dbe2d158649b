//! Pay-as-you-go vouchers, off-chain: what a device signs as data is used, and what an operator
//! keeps until it redeems. A voucher states the cumulative amount owed for one subscription, so
//! the latest one supersedes all earlier ones and losing some costs nothing.

use crate::SdkError;
use serde::{Deserialize, Serialize};
use solana_address::Address;
use solana_keypair::Keypair;
use solana_signature::Signature;
use solana_signer::Signer;
use usdc_billing::voucher::voucher_message;

/// A signed voucher, as a device hands it to its operator (JSON on disk).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedVoucher {
    #[serde(with = "address_string")]
    pub subscription: Address,
    /// Everything owed for the subscription so far, in the plan's base units.
    pub cumulative: u64,
    /// When the device signed, unix seconds.
    pub issued_at: i64,
    #[serde(with = "address_string")]
    pub voucher_key: Address,
    #[serde(with = "signature_bytes")]
    pub signature: [u8; 64],
}

impl SignedVoucher {
    /// Signs `cumulative` for `subscription` of the usdc-billing program `program_id`.
    pub fn sign(
        program_id: &Address,
        subscription: &Address,
        cumulative: u64,
        issued_at: i64,
        device: &Keypair,
    ) -> Self {
        let message = voucher_message(
            program_id.as_array(),
            subscription.as_array(),
            cumulative,
            issued_at,
        );
        let signature: [u8; 64] = device.sign_message(&message).into();
        SignedVoucher {
            subscription: *subscription,
            cumulative,
            issued_at,
            voucher_key: device.pubkey(),
            signature,
        }
    }

    /// The exact bytes that were signed.
    pub fn message(&self, program_id: &Address) -> Vec<u8> {
        voucher_message(
            program_id.as_array(),
            self.subscription.as_array(),
            self.cumulative,
            self.issued_at,
        )
        .to_vec()
    }

    /// Checks the signature off-chain (what an operator does before accepting a voucher).
    pub fn verify(&self, program_id: &Address) -> Result<(), SdkError> {
        if Signature::from(self.signature)
            .verify(self.voucher_key.as_ref(), &self.message(program_id))
        {
            Ok(())
        } else {
            Err(SdkError::InvalidInput(
                "the voucher's signature does not verify under its voucher key".into(),
            ))
        }
    }

    pub fn read(path: &std::path::Path) -> Result<Self, SdkError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SdkError::InvalidInput(format!("cannot read {}: {e}", path.display())))?;
        serde_json::from_str(&text).map_err(|e| {
            SdkError::InvalidInput(format!("{} is not a voucher: {e}", path.display()))
        })
    }
}

mod address_string {
    use serde::{Deserialize, Deserializer, Serializer};
    use solana_address::Address;

    pub fn serialize<S: Serializer>(a: &Address, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(a)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Address, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

mod signature_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(b: &[u8; 64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&bs58::encode(b).into_string())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 64], D::Error> {
        let s = String::deserialize(d)?;
        let bytes = bs58::decode(&s)
            .into_vec()
            .map_err(serde::de::Error::custom)?;
        bytes
            .try_into()
            .map_err(|_| serde::de::Error::custom("a signature is 64 bytes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_voucher_verifies_and_binds_every_field() {
        let program = Address::new_unique();
        let subscription = Address::new_unique();
        let device = Keypair::new();
        let v = SignedVoucher::sign(&program, &subscription, 1_500_000, 1_700_000_000, &device);
        v.verify(&program).unwrap();
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<SignedVoucher>(&json).unwrap(), v);
        let mut more = v.clone();
        more.cumulative += 1;
        assert!(more.verify(&program).is_err());
        let mut other = v.clone();
        other.subscription = Address::new_unique();
        assert!(other.verify(&program).is_err());
        let mut later = v.clone();
        later.issued_at += 1;
        assert!(later.verify(&program).is_err());
        assert!(v.verify(&Address::new_unique()).is_err());
        let mut forged = v.clone();
        forged.voucher_key = Keypair::new().pubkey();
        assert!(forged.verify(&program).is_err());
    }
}
