//! The consumer cancels an order the operator has not accepted yet: the full price and all rent
//! come back.
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
use openrsp_framework::{accounts::take, args::no_args};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [consumer, order_account, vault, mint, consumer_account, token_program] =
        take::<6>(accounts)?;
    no_args(data)?;
    let order = order_signed_by(order_account, consumer, program_id, Party::Consumer)?;
    match order.status() {
        Some(OrderStatus::Created) => {}
        Some(OrderStatus::Accepted) => return Err(EscrowError::OrderAlreadyAccepted.into()),
        Some(OrderStatus::Disputed) => return Err(EscrowError::OrderDisputed.into()),
        _ => return Err(EscrowError::OrderDelivered.into()),
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
        Outcome::Cancelled,
    )
}
