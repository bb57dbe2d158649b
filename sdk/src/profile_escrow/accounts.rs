//! Decoded profile-escrow accounts, for people and scripts (`serde`).

use super::activation::{self, ActivationCode, SealedActivationCode};
use crate::token::Currency;
use crate::SdkError;
use cert_registry::state::{i64_from, u64_from};
use profile_escrow::state::{EscrowConfig, Order, OrderStatus};
use serde::Serialize;
use solana_address::Address;
use solana_keypair::Keypair;

use crate::display::display;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct EscrowConfigView {
    #[serde(serialize_with = "display")]
    pub address: Address,
    #[serde(serialize_with = "display")]
    pub authority: Address,
    #[serde(serialize_with = "display")]
    pub billing_program: Address,
    pub dispute_window_seconds: u64,
    pub delivery_window_seconds: u64,
}

impl EscrowConfigView {
    pub fn new(address: &Address, c: &EscrowConfig) -> Self {
        EscrowConfigView {
            address: *address,
            authority: Address::new_from_array(c.authority),
            billing_program: Address::new_from_array(c.billing_program),
            dispute_window_seconds: u64_from(c.dispute_window_seconds),
            delivery_window_seconds: u64_from(c.delivery_window_seconds),
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct OrderView {
    #[serde(serialize_with = "display")]
    pub address: Address,
    pub order_id: u64,
    /// `created`, `accepted`, `delivered` or `disputed`.
    pub status: &'static str,
    #[serde(serialize_with = "display")]
    pub consumer: Address,
    #[serde(serialize_with = "display")]
    pub operator: Address,
    #[serde(serialize_with = "display")]
    pub plan: Address,
    #[serde(serialize_with = "display")]
    pub eid_commitment: Address,
    #[serde(serialize_with = "display")]
    pub vault: Address,
    /// `SOL`, or the mint's address.
    pub currency: String,
    pub decimals: u8,
    pub amount: u64,
    pub created_at: i64,
    pub deliver_by: i64,
    pub accepted_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub disputed_at: Option<i64>,
    /// SHA-256 of the bound profile package, hex, once delivered.
    pub profile_hash: Option<String>,
    #[serde(skip)]
    pub profile_hash_bytes: [u8; 32],
    #[serde(skip)]
    pub encryption_key: [u8; 32],
    #[serde(skip)]
    pub sealed_activation_code: Option<SealedActivationCode>,
    #[serde(skip)]
    pub currency_kind: Currency,
}

impl OrderView {
    pub fn new(address: &Address, o: &Order) -> Self {
        let currency_kind = Currency::recorded(&o.mint, &o.token_program, o.decimals);
        let set = |t: [u8; 8]| (i64_from(t) != 0).then(|| i64_from(t));
        let delivered = o.profile_hash != [0; 32];
        let len =
            (u16::from_le_bytes(o.activation_len) as usize).min(o.activation_ciphertext.len());
        OrderView {
            address: *address,
            order_id: u64_from(o.order_id),
            status: match o.status() {
                Some(OrderStatus::Created) => "created",
                Some(OrderStatus::Accepted) => "accepted",
                Some(OrderStatus::Delivered) => "delivered",
                Some(OrderStatus::Disputed) => "disputed",
                None => "unknown",
            },
            consumer: Address::new_from_array(o.consumer),
            operator: Address::new_from_array(o.operator),
            plan: Address::new_from_array(o.plan),
            eid_commitment: Address::new_from_array(o.eid_commitment),
            vault: Address::new_from_array(o.vault),
            currency: match currency_kind {
                Currency::Sol => "SOL".into(),
                Currency::Token { mint, .. } => mint.to_string(),
            },
            decimals: o.decimals,
            amount: u64_from(o.amount),
            created_at: i64_from(o.created_at),
            deliver_by: i64_from(o.deliver_by),
            accepted_at: set(o.accepted_at),
            delivered_at: set(o.delivered_at),
            disputed_at: set(o.disputed_at),
            profile_hash: delivered.then(|| hex::encode(o.profile_hash)),
            profile_hash_bytes: o.profile_hash,
            encryption_key: o.encryption_key,
            sealed_activation_code: delivered.then(|| SealedActivationCode {
                ephemeral_key: o.ephemeral_key,
                nonce: o.nonce,
                ciphertext: o.activation_ciphertext[..len].to_vec(),
            }),
            currency_kind,
        }
    }
}

impl OrderView {
    /// Decrypts the delivered activation code with the consumer's wallet key.
    pub fn activation_code(&self, consumer: &Keypair) -> Result<ActivationCode, SdkError> {
        let sealed = self.sealed_activation_code.as_ref().ok_or_else(|| {
            SdkError::InvalidInput(format!(
                "order {} is {}: no profile delivered yet",
                self.address, self.status
            ))
        })?;
        activation::open(
            &activation::encryption_secret(consumer),
            &self.address,
            &self.profile_hash_bytes,
            sealed,
        )
    }
}
