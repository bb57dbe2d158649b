//! Puts more money into an active subscription's vault. Anyone may fund a subscription (a sponsor,
//! a second wallet); whatever is left at the end goes back to its consumer.
//!
//! Accounts: `funder` (signer, writable), `subscription` (writable), `vault` (writable), `mint`,
//! `source` (the funder's token account; this program's id for SOL), `token_program` (the system
//! program for SOL).

use crate::{
    errors::BillingError,
    events::{emit, SubscriptionToppedUp},
    state::Subscription,
};
use openrsp_framework::{
    accounts::{load, load_mut, payer, take},
    args::InstructionArgs,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct TopUpArgs {
    /// u64 LE, above zero.
    pub amount: [u8; 8],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for TopUpArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [funder, subscription_account, vault, mint, source, token_program] = take::<6>(accounts)?;
    let amount = u64::from_le_bytes(TopUpArgs::parse(data)?.amount);
    payer(funder)?;
    if amount == 0 {
        return Err(BillingError::InvalidAmount.into());
    }
    let deposited = {
        let subscription = load::<Subscription>(subscription_account, program_id)?;
        if !subscription.is_active() {
            return Err(BillingError::SubscriptionClosing.into());
        }
        let money = subscription.money(vault, mint, token_program)?;
        let deposited = u64::from_le_bytes(subscription.deposited)
            .checked_add(amount)
            .ok_or(BillingError::AmountOverflow)?;
        drop(subscription);
        money.deposit(funder, source, vault, amount)?;
        deposited
    };
    load_mut::<Subscription>(subscription_account, program_id)?.deposited = deposited.to_le_bytes();
    emit(&SubscriptionToppedUp {
        subscription: subscription_account.address().to_bytes(),
        funder: funder.address().to_bytes(),
        amount,
        deposited,
    });
    Ok(())
}
