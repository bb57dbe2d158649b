//! Opens a pay-as-you-go subscription to an active plan for an EID commitment the consumer owns
//! (read from the configured eid-commitment program), creates its vault and puts the first deposit
//! in. The plan's terms are copied, so later changes of the plan do not apply to it.
//!
//! Accounts: `consumer` (signer, writable: pays rent and the deposit), `config`, `plan`,
//! `eid_commitment`, `smdp_record` (the plan's), `verifying_key` and `trust_anchor` (the registry's
//! accounts behind the record), `subscription` (writable, PDA `["subscription", plan, eid_commitment,
//! consumer]`),
//! `vault` (writable, PDA `["vault", subscription]`), `mint` (the plan's mint; the system program
//! for SOL), `source` (the consumer's token account; for SOL this program's id, as Anchor passes
//! "none"), `token_program` (the mint's; the system program for SOL), `system_program`.

use crate::{
    consumer::Purchase,
    events::{emit, SubscriptionOpened},
    operator::OperatorTrust,
    seeds,
    state::{AccountLayout, Subscription, SubscriptionStatus},
};
use openrsp_framework::errors::FrameworkError;
use openrsp_framework::{
    accounts::{create_pda, payer, system_program, take},
    args::InstructionArgs,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct OpenSubscriptionArgs {
    /// The ed25519 key of the device that will sign vouchers.
    pub voucher_key: [u8; 32],
    /// First deposit in the plan's base units (u64 LE); zero allowed.
    pub deposit: [u8; 8],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for OpenSubscriptionArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [consumer, config_account, plan_account, eid_account, record, verifying_key, trust_anchor, subscription_account, vault, mint, source, token_program, system] =
        take::<13>(accounts)?;
    let args = OpenSubscriptionArgs::parse(data)?;
    payer(consumer)?;
    system_program(system)?;
    if args.voucher_key == [0; 32] {
        return Err(FrameworkError::InvalidKey.into());
    }
    let plan = Purchase {
        config: config_account,
        plan: plan_account,
        eid_commitment: eid_account,
        consumer,
        operator: OperatorTrust {
            record,
            verifying_key,
            trust_anchor,
        },
    }
    .check(program_id)?;
    let money = plan.money(mint, token_program)?;

    let plan_key = plan_account.address().to_bytes();
    let eid_key = eid_account.address().to_bytes();
    let consumer_key = consumer.address().to_bytes();
    let bump = create_pda::<Subscription>(
        consumer,
        subscription_account,
        &[seeds::SUBSCRIPTION, &plan_key, &eid_key, &consumer_key],
        program_id,
    )?;
    let vault_bump = money.create_vault(consumer, vault, subscription_account, program_id)?;
    let deposit = u64::from_le_bytes(args.deposit);
    if deposit > 0 {
        money.deposit(consumer, source, vault, deposit)?;
    }

    let mut data = subscription_account.try_borrow_mut()?;
    let subscription = Subscription::initialize(&mut data)?;
    subscription.bump = bump;
    subscription.vault_bump = vault_bump;
    subscription.status = SubscriptionStatus::Active as u8;
    subscription.plan = plan_key;
    subscription.operator = plan.operator;
    subscription.consumer = consumer.address().to_bytes();
    subscription.eid_commitment = eid_key;
    subscription.voucher_key = args.voucher_key;
    subscription.vault = vault.address().to_bytes();
    subscription.mint = plan.mint;
    subscription.token_program = plan.token_program;
    subscription.decimals = plan.decimals;
    subscription.price = plan.price;
    subscription.data_quota_mb = plan.data_quota_mb;
    subscription.validity_seconds = plan.validity_seconds;
    subscription.deposited = args.deposit;
    subscription.opened_at = now()?.to_le_bytes();

    emit(&SubscriptionOpened {
        subscription: subscription_account.address().to_bytes(),
        plan: plan_key,
        consumer: subscription.consumer,
        eid_commitment: eid_key,
        voucher_key: args.voucher_key,
        deposit,
    });
    Ok(())
}
