//! A consumer buys a plan for an EID commitment it owns: the plan's price moves into the order's
//! vault, where it waits for delivery. `max_price` guards against the operator raising the price
//! between the consumer's decision and the transaction.
//!
//! Accounts: `consumer` (signer, writable: pays price and rent), `escrow_config`, `billing_config`
//! (of the configured usdc-billing program: pause, eid-commitment program), `plan` (active, of that
//! program), `eid_commitment`, `smdp_record` (the plan's), `verifying_key` and `trust_anchor` (the
//! registry's accounts behind the record: the operator must still be trusted), `order` (writable, PDA `["order", consumer, order_id]`), `vault`
//! (writable, PDA `["vault", order]`), `mint` (the plan's; the system program for SOL), `source`
//! (the consumer's token account; this program's id for SOL), `token_program` (the system program
//! for SOL), `system_program`.

use crate::{
    errors::EscrowError,
    events::{emit, OrderCreated},
    seeds,
    state::{AccountLayout, EscrowConfig, Order, OrderStatus},
};
use openrsp_framework::errors::FrameworkError;
use openrsp_framework::{
    accounts::{create_pda, load, payer, system_program, take},
    args::InstructionArgs,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};
use usdc_billing::{consumer::Purchase, errors::BillingError, operator::OperatorTrust};

#[repr(C)]
pub struct CreateOrderArgs {
    /// The consumer's number for the order (u64 LE).
    pub order_id: [u8; 8],
    /// The most the consumer pays (u64 LE); the plan's current price is charged.
    pub max_price: [u8; 8],
    /// The consumer's X25519 key for the activation code.
    pub encryption_key: [u8; 32],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for CreateOrderArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [consumer, escrow_config, billing_config, plan_account, eid_account, record, verifying_key, trust_anchor, order_account, vault, mint, source, token_program, system] =
        take::<14>(accounts)?;
    let args = CreateOrderArgs::parse(data)?;
    payer(consumer)?;
    system_program(system)?;
    if args.encryption_key == [0; 32] {
        return Err(FrameworkError::InvalidKey.into());
    }
    let (billing_program, delivery_window) = {
        let config = load::<EscrowConfig>(escrow_config, program_id)?;
        if config.is_paused() {
            return Err(EscrowError::OrdersPaused.into());
        }
        (
            Address::new_from_array(config.billing_program),
            u64::from_le_bytes(config.delivery_window_seconds),
        )
    };
    if !billing_config.owned_by(&billing_program) || !plan_account.owned_by(&billing_program) {
        return Err(EscrowError::WrongBillingProgram.into());
    }
    let plan = Purchase {
        config: billing_config,
        plan: plan_account,
        eid_commitment: eid_account,
        consumer,
        operator: OperatorTrust {
            record,
            verifying_key,
            trust_anchor,
        },
    }
    .check(&billing_program)?;
    let amount = u64::from_le_bytes(plan.price);
    if amount > u64::from_le_bytes(args.max_price) {
        return Err(EscrowError::PriceAboveLimit.into());
    }
    let money = plan.money(mint, token_program)?;
    let created_at = now()?;
    let deliver_by = i64::try_from(delivery_window)
        .ok()
        .and_then(|window| created_at.checked_add(window))
        .ok_or(BillingError::AmountOverflow)?;

    let consumer_key = consumer.address().to_bytes();
    let bump = create_pda::<Order>(
        consumer,
        order_account,
        &[seeds::ORDER, &consumer_key, &args.order_id],
        program_id,
    )?;
    let vault_bump = money.create_vault(consumer, vault, order_account, program_id)?;
    money.deposit(consumer, source, vault, amount)?;

    let mut data = order_account.try_borrow_mut()?;
    let order = Order::initialize(&mut data)?;
    order.bump = bump;
    order.vault_bump = vault_bump;
    order.status = OrderStatus::Created as u8;
    order.order_id = args.order_id;
    order.consumer = consumer_key;
    order.operator = plan.operator;
    order.plan = plan_account.address().to_bytes();
    order.eid_commitment = eid_account.address().to_bytes();
    order.vault = vault.address().to_bytes();
    order.mint = plan.mint;
    order.token_program = plan.token_program;
    order.decimals = plan.decimals;
    order.amount = plan.price;
    order.encryption_key = args.encryption_key;
    order.created_at = created_at.to_le_bytes();
    order.deliver_by = deliver_by.to_le_bytes();
    emit(&OrderCreated {
        order: order_account.address().to_bytes(),
        consumer: consumer_key,
        plan: order.plan,
        eid_commitment: order.eid_commitment,
        amount,
        deliver_by,
    });
    Ok(())
}
