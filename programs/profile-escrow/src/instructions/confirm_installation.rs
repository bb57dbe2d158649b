//! The consumer confirms the profile is installed: the escrow goes to the operator, less the
//! protocol fee to the treasury; the vault and order close, rent back to the consumer.
//!
//! Accounts: `consumer` (signer, writable), `escrow_config`, `billing_config`, `order` (writable),
//! `vault` (writable), `mint`, `operator_account` (writable: the operator's token account; for SOL
//! its wallet), `treasury_account` (writable: the treasury's token account; for SOL the treasury
//! wallet), `token_program` (the system program for SOL).

use super::{order_signed_by, Party};
use crate::{
    errors::EscrowError,
    settle::{fee_terms, settle, Payee, SettleAccounts},
    state::{OrderStatus, Outcome},
};
use openrsp_framework::{accounts::take, args::no_args};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [consumer, escrow_config, billing_config, order_account, vault, mint, operator_account, treasury_account, token_program] =
        take::<9>(accounts)?;
    no_args(data)?;
    let order = order_signed_by(order_account, consumer, program_id, Party::Consumer)?;
    match order.status() {
        Some(OrderStatus::Delivered) => {}
        Some(OrderStatus::Disputed) => return Err(EscrowError::OrderDisputed.into()),
        _ => return Err(EscrowError::OrderNotDelivered.into()),
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
        Outcome::Confirmed,
    )
}
