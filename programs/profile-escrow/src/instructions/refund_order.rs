//! The operator did not deliver by the deadline: the consumer takes the full price and all rent
//! back. Not after delivery: a delivered order ends by confirmation, claim or dispute.
//!
//! Accounts: `consumer` (signer, writable), `order` (writable), `vault` (writable), `mint`,
//! `consumer_account` (writable: the consumer's token account; for SOL the consumer's wallet),
//! `token_program` (the system program for SOL).

use super::{order_signed_by, Party};
use crate::{
    errors::EscrowError,
    settle::{settle, Payee, SettleAccounts},
    state::{OrderStatus, Outcome},
};
use openrsp_framework::{accounts::take, args::no_args, clock::now};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [consumer, order_account, vault, mint, consumer_account, token_program] =
        take::<6>(accounts)?;
    no_args(data)?;
    let order = order_signed_by(order_account, consumer, program_id, Party::Consumer)?;
    match order.status() {
        Some(OrderStatus::Created | OrderStatus::Accepted) => {}
        Some(OrderStatus::Disputed) => return Err(EscrowError::OrderDisputed.into()),
        _ => return Err(EscrowError::OrderDelivered.into()),
    }
    if now()? <= i64::from_le_bytes(order.deliver_by) {
        return Err(EscrowError::DeadlineNotReached.into());
    }
    settle(
        &SettleAccounts {
            order: order_account,
            vault,
            mint,
            token_program,
            rent_to: consumer,
        },
        &order,
        Payee::Consumer {
            account: consumer_account,
        },
        Outcome::Refunded,
    )
}
