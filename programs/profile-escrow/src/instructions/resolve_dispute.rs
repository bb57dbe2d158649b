//! Governance decides a dispute and pays one side: the operator (less the protocol fee) or the
//! consumer (in full). Either way the vault and order close, rent back to the consumer.
//!
//! Accounts: `authority` (signer), `escrow_config`, `billing_config`, `order` (writable), `vault`
//! (writable), `mint`, `payee_account` (writable: the winner's token account; for SOL its wallet),
//! `treasury_account` (writable; used when the operator wins), `consumer` (writable: receives the
//! rent), `token_program` (the system program for SOL).

use super::require_authority;
use crate::{
    errors::EscrowError,
    settle::{fee_terms, settle, Payee, SettleAccounts},
    state::{EscrowConfig, Order, OrderStatus, Outcome},
};
use openrsp_framework::{
    accounts::{load, signer, take},
    args::{parse_bool, InstructionArgs},
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct ResolveDisputeArgs {
    /// Borsh bool: 1 pays the operator, 0 refunds the consumer.
    pub pay_operator: u8,
}
// SAFETY: repr(C) over a byte.
unsafe impl InstructionArgs for ResolveDisputeArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, escrow_config, billing_config, order_account, vault, mint, payee_account, treasury_account, consumer, token_program] =
        take::<10>(accounts)?;
    let pay_operator = parse_bool(ResolveDisputeArgs::parse(data)?.pay_operator)?;
    signer(authority)?;
    require_authority(
        &*load::<EscrowConfig>(escrow_config, program_id)?,
        authority,
    )?;
    let order = *load::<Order>(order_account, program_id)?;
    if order.status() != Some(OrderStatus::Disputed) {
        return Err(EscrowError::OrderNotDisputed.into());
    }
    let (payee, outcome) = if pay_operator {
        let terms = fee_terms(program_id, escrow_config, billing_config)?;
        (
            Payee::Operator {
                account: payee_account,
                treasury_account,
                terms,
            },
            Outcome::ResolvedForOperator,
        )
    } else {
        (
            Payee::Consumer {
                account: payee_account,
            },
            Outcome::ResolvedForConsumer,
        )
    };
    settle(
        &SettleAccounts {
            order: order_account,
            vault,
            mint,
            token_program,
            rent_to: consumer,
        },
        &order,
        payee,
        outcome,
    )
}
