//! The plan's operator takes the order; from now on the consumer can no longer cancel, only wait
//! for delivery or, past the deadline, take a refund.
//!
//! Accounts: `operator` (signer), `order` (writable).

use super::{order_signed_by, Party};
use crate::{
    errors::EscrowError,
    events::{emit, OrderAccepted},
    state::{Order, OrderStatus},
};
use openrsp_framework::{
    accounts::{load_mut, take},
    args::no_args,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [operator, order_account] = take::<2>(accounts)?;
    no_args(data)?;
    let order = order_signed_by(order_account, operator, program_id, Party::Operator)?;
    match order.status() {
        Some(OrderStatus::Created) => {}
        Some(OrderStatus::Accepted) => return Err(EscrowError::OrderAlreadyAccepted.into()),
        Some(OrderStatus::Disputed) => return Err(EscrowError::OrderDisputed.into()),
        _ => return Err(EscrowError::OrderDelivered.into()),
    }
    let mut stored = load_mut::<Order>(order_account, program_id)?;
    stored.status = OrderStatus::Accepted as u8;
    stored.accepted_at = now()?.to_le_bytes();
    emit(&OrderAccepted {
        order: order_account.address().to_bytes(),
        operator: order.operator,
    });
    Ok(())
}
