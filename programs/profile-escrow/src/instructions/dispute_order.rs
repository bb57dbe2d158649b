//! The consumer disputes a delivery within the dispute window (the profile did not install, or is
//! not what was bought). The money stays in escrow until governance decides.
//!
//! Accounts: `consumer` (signer), `escrow_config`, `order` (writable).

use super::{order_signed_by, Party};
use crate::{
    errors::EscrowError,
    events::{emit, OrderDisputed},
    state::{EscrowConfig, Order, OrderStatus},
};
use openrsp_framework::{
    accounts::{load, load_mut, take},
    args::no_args,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [consumer, escrow_config, order_account] = take::<3>(accounts)?;
    no_args(data)?;
    let order = order_signed_by(order_account, consumer, program_id, Party::Consumer)?;
    match order.status() {
        Some(OrderStatus::Delivered) => {}
        Some(OrderStatus::Disputed) => return Err(EscrowError::OrderDisputed.into()),
        _ => return Err(EscrowError::OrderNotDelivered.into()),
    }
    let window = load::<EscrowConfig>(escrow_config, program_id)?.dispute_window_seconds;
    let closes_at = i64::from_le_bytes(order.delivered_at)
        .saturating_add(i64::try_from(u64::from_le_bytes(window)).unwrap_or(i64::MAX));
    let disputed_at = now()?;
    if disputed_at >= closes_at {
        return Err(EscrowError::DisputeWindowClosed.into());
    }
    let mut stored = load_mut::<Order>(order_account, program_id)?;
    stored.status = OrderStatus::Disputed as u8;
    stored.disputed_at = disputed_at.to_le_bytes();
    emit(&OrderDisputed {
        order: order_account.address().to_bytes(),
        disputed_at,
    });
    Ok(())
}
