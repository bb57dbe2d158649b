use super::AccountLayout;
use pinocchio::cpi::Seed;

/// Ciphertext bounds of the activation code: ChaCha20-Poly1305's 16-byte tag plus 1 to 176 bytes
/// of `LPA:1$<SM-DP+ address>$<matching id>`.
pub const MIN_ACTIVATION_CIPHERTEXT: usize = 17;
pub const MAX_ACTIVATION_CIPHERTEXT: usize = 192;

/// Where an order stands. A settled order does not exist: it is closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum OrderStatus {
    /// Paid into escrow; the consumer may cancel.
    Created = 1,
    /// The operator took it and must deliver by `deliver_by`.
    Accepted = 2,
    /// Delivered; the consumer confirms or disputes within the dispute window.
    Delivered = 3,
    /// Waiting for governance.
    Disputed = 4,
}

/// How an order was settled (in the `OrderSettled` event).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Outcome {
    Confirmed = 1,
    Claimed = 2,
    Cancelled = 3,
    Refunded = 4,
    ResolvedForOperator = 5,
    ResolvedForConsumer = 6,
}

/// A consumer's purchase of a plan for one EID commitment. PDA `["order", consumer, order_id]`;
/// the price waits in the vault `["vault", order]`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Order {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    pub vault_bump: u8,
    /// [`OrderStatus`] as a byte.
    pub status: u8,
    /// The consumer's own number for the order (u64 LE); part of its address.
    pub order_id: [u8; 8],
    pub consumer: [u8; 32],
    pub operator: [u8; 32],
    pub plan: [u8; 32],
    pub eid_commitment: [u8; 32],
    pub vault: [u8; 32],
    /// The plan's currency at ordering: all zero for SOL.
    pub mint: [u8; 32],
    pub token_program: [u8; 32],
    pub decimals: u8,
    /// The price paid into escrow (u64 LE).
    pub amount: [u8; 8],
    /// The consumer's X25519 key the activation code is encrypted to.
    pub encryption_key: [u8; 32],
    /// Unix seconds (i64 LE); zero until the step happens.
    pub created_at: [u8; 8],
    pub deliver_by: [u8; 8],
    pub accepted_at: [u8; 8],
    pub delivered_at: [u8; 8],
    pub disputed_at: [u8; 8],
    /// SHA-256 of the bound profile package the operator prepared.
    pub profile_hash: [u8; 32],
    /// The sender's ephemeral X25519 key, the AEAD nonce, and the encrypted activation code
    /// (`activation_len` bytes of `activation_ciphertext`, tag included).
    pub ephemeral_key: [u8; 32],
    pub nonce: [u8; 12],
    /// u16 LE.
    pub activation_len: [u8; 2],
    pub activation_ciphertext: [u8; MAX_ACTIVATION_CIPHERTEXT],
    pub reserved: [u8; 32],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for Order {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("Order");
}

impl Order {
    /// The seeds the order signs its vault's transfers with.
    pub fn signer_seeds(&self) -> [Seed<'_>; 4] {
        [
            Seed::from(crate::seeds::ORDER),
            Seed::from(&self.consumer[..]),
            Seed::from(&self.order_id[..]),
            Seed::from(core::slice::from_ref(&self.bump)),
        ]
    }

    pub fn status(&self) -> Option<OrderStatus> {
        match self.status {
            1 => Some(OrderStatus::Created),
            2 => Some(OrderStatus::Accepted),
            3 => Some(OrderStatus::Delivered),
            4 => Some(OrderStatus::Disputed),
            _ => None,
        }
    }
}
