//! The operator delivers: the SHA-256 of the bound profile package it prepared for the eUICC, and
//! the activation code encrypted to the consumer's X25519 key (the SDK does the X25519 + AEAD; the
//! chain only ever holds ciphertext). Must happen by the order's deadline; starts the dispute
//! window.
//!
//! Accounts: `operator` (signer), `order` (writable).

use super::{order_signed_by, Party};
use crate::{
    errors::EscrowError,
    events::{emit, ProfileDelivered},
    state::{Order, OrderStatus, MAX_ACTIVATION_CIPHERTEXT, MIN_ACTIVATION_CIPHERTEXT},
};
use openrsp_framework::errors::FrameworkError;
use openrsp_framework::{
    accounts::{load_mut, take},
    args::InstructionArgs,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct DeliverProfileArgs {
    /// SHA-256 of the bound profile package.
    pub profile_hash: [u8; 32],
    /// The sender's ephemeral X25519 public key.
    pub ephemeral_key: [u8; 32],
    /// The AEAD nonce.
    pub nonce: [u8; 12],
    /// How many bytes of `activation_ciphertext` are used (u16 LE).
    pub activation_len: [u8; 2],
    /// The encrypted activation code and its tag, zero-padded.
    pub activation_ciphertext: [u8; MAX_ACTIVATION_CIPHERTEXT],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for DeliverProfileArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [operator, order_account] = take::<2>(accounts)?;
    let args = DeliverProfileArgs::parse(data)?;
    let order = order_signed_by(order_account, operator, program_id, Party::Operator)?;
    match order.status() {
        Some(OrderStatus::Accepted) => {}
        Some(OrderStatus::Created) => return Err(EscrowError::OrderNotAccepted.into()),
        Some(OrderStatus::Disputed) => return Err(EscrowError::OrderDisputed.into()),
        _ => return Err(EscrowError::OrderDelivered.into()),
    }
    let delivered_at = now()?;
    if delivered_at > i64::from_le_bytes(order.deliver_by) {
        return Err(EscrowError::DeliveryDeadlinePassed.into());
    }
    if args.profile_hash == [0; 32] {
        return Err(EscrowError::InvalidProfileHash.into());
    }
    if args.ephemeral_key == [0; 32] {
        return Err(FrameworkError::InvalidKey.into());
    }
    let len = u16::from_le_bytes(args.activation_len) as usize;
    if !(MIN_ACTIVATION_CIPHERTEXT..=MAX_ACTIVATION_CIPHERTEXT).contains(&len)
        || args.activation_ciphertext[len..].iter().any(|&b| b != 0)
    {
        return Err(EscrowError::InvalidActivationCode.into());
    }
    let mut stored = load_mut::<Order>(order_account, program_id)?;
    stored.status = OrderStatus::Delivered as u8;
    stored.delivered_at = delivered_at.to_le_bytes();
    stored.profile_hash = args.profile_hash;
    stored.ephemeral_key = args.ephemeral_key;
    stored.nonce = args.nonce;
    stored.activation_len = args.activation_len;
    stored.activation_ciphertext = args.activation_ciphertext;
    emit(&ProfileDelivered {
        order: order_account.address().to_bytes(),
        profile_hash: args.profile_hash,
        delivered_at,
    });
    Ok(())
}
