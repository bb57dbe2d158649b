//! The consumer neither confirmed nor disputed within the dispute window after delivery: the
//! operator claims the escrow (less the protocol fee); rent goes back to the consumer.
//!
//! Accounts: `operator` (signer), `escrow_config`, `billing_config`, `order` (writable), `vault`
//! (writable), `mint`, `operator_account` (writable), `treasury_account` (writable), `consumer`
//! (writable: receives the rent), `token_program` (the system program for SOL).

use super::{order_signed_by, Party};
use crate::{
    errors::EscrowError,
    settle::{fee_terms, settle, Payee, SettleAccounts},
    state::{EscrowConfig, OrderStatus, Outcome},
};
use openrsp_framework::{
    accounts::{load, take},
    args::no_args,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [operator, escrow_config, billing_config, order_account, vault, mint, operator_account, treasury_account, consumer, token_program] =
        take::<10>(accounts)?;
    no_args(data)?;
    let order = order_signed_by(order_account, operator, program_id, Party::Operator)?;
    match order.status() {
        Some(OrderStatus::Delivered) => {}
        Some(OrderStatus::Disputed) => return Err(EscrowError::OrderDisputed.into()),
        _ => return Err(EscrowError::OrderNotDelivered.into()),
    }
    let window = load::<EscrowConfig>(escrow_config, program_id)?.dispute_window_seconds;
    let claimable_at = i64::from_le_bytes(order.delivered_at)
        .saturating_add(i64::try_from(u64::from_le_bytes(window)).unwrap_or(i64::MAX));
    if now()? < claimable_at {
        return Err(EscrowError::DisputeWindowOpen.into());
    }
    let terms = fee_terms(program_id, escrow_config, billing_config)?;
    settle(
        &SettleAccounts {
            order: order_account,
            vault,
            mint,
            token_program,
            rent_to: consumer,
        },
        &order,
        Payee::Operator {
            account: operator_account,
            treasury_account,
            terms,
        },
        Outcome::Claimed,
    )
}
