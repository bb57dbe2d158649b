//! Closes a subscription once the close notice has run out: what is left in the vault goes back to
//! the consumer, then the vault and the subscription are closed and their rent goes back to the
//! consumer, who paid it.
//!
//! Accounts: `consumer` (signer, writable), `subscription` (writable), `vault` (writable), `mint`,
//! `consumer_account` (writable: the consumer's token account of the mint; for SOL the consumer's
//! wallet), `token_program` (the system program for SOL).

use crate::{
    errors::BillingError,
    events::{emit, SubscriptionClosed},
    state::Subscription,
    vault::VaultOwner,
};
use openrsp_framework::{
    accounts::{close, load, payer, take, writable},
    args::no_args,
    clock::now,
};
use pinocchio::{cpi::Signer, AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [consumer, subscription_account, vault, mint, consumer_account, token_program] =
        take::<6>(accounts)?;
    no_args(data)?;
    payer(consumer)?;
    writable(consumer_account)?;
    let subscription = *load::<Subscription>(subscription_account, program_id)?;
    if consumer.address().as_ref() != &subscription.consumer[..] {
        return Err(BillingError::NotSubscriber.into());
    }
    if subscription.is_active() {
        return Err(BillingError::CloseNotRequested.into());
    }
    if now()? < i64::from_le_bytes(subscription.closes_at) {
        return Err(BillingError::NoticePeriodRunning.into());
    }
    let money = subscription.money(vault, mint, token_program)?;
    money.require_payee_account(consumer_account, &subscription.consumer)?;

    let signer_seeds = subscription.signer_seeds();
    let owner = VaultOwner {
        account: subscription_account,
        signer: Signer::from(&signer_seeds[..]),
    };
    let refunded = money.balance(vault)?;
    money.pay_out(vault, consumer_account, &owner, refunded)?;
    money.close_vault(vault, consumer, &owner)?;
    close(subscription_account, consumer)?;
    emit(&SubscriptionClosed {
        subscription: subscription_account.address().to_bytes(),
        refunded,
        redeemed: u64::from_le_bytes(subscription.redeemed),
    });
    Ok(())
}
