//! The consumer asks to close a subscription. From now on it takes no top-ups and pays only
//! vouchers signed until now; after the close notice set by governance the consumer closes it and
//! takes the rest back.
//!
//! Accounts: `consumer` (signer), `config`, `subscription` (writable).

use crate::{
    errors::BillingError,
    events::{emit, SubscriptionCloseRequested},
    state::{BillingConfig, Subscription, SubscriptionStatus},
};
use openrsp_framework::{
    accounts::{load, load_mut, signer, take},
    args::no_args,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [consumer, config_account, subscription_account] = take::<3>(accounts)?;
    no_args(data)?;
    signer(consumer)?;
    let notice =
        u64::from_le_bytes(load::<BillingConfig>(config_account, program_id)?.close_notice_seconds);
    let mut subscription = load_mut::<Subscription>(subscription_account, program_id)?;
    if consumer.address().as_ref() != &subscription.consumer[..] {
        return Err(BillingError::NotSubscriber.into());
    }
    if !subscription.is_active() {
        return Err(BillingError::SubscriptionClosing.into());
    }
    let requested_at = now()?;
    let closes_at = i64::try_from(notice)
        .ok()
        .and_then(|notice| requested_at.checked_add(notice))
        .ok_or(BillingError::AmountOverflow)?;
    subscription.status = SubscriptionStatus::Closing as u8;
    subscription.close_requested_at = requested_at.to_le_bytes();
    subscription.closes_at = closes_at.to_le_bytes();
    emit(&SubscriptionCloseRequested {
        subscription: subscription_account.address().to_bytes(),
        requested_at,
        closes_at,
    });
    Ok(())
}
