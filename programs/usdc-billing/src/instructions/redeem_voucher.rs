//! The operator redeems a voucher: it is paid exactly the difference between the voucher's
//! cumulative amount and what it has already been paid, less the protocol fee, which goes to the
//! treasury. The voucher's signature by the subscription's voucher key is checked by the Ed25519
//! precompile in the previous instruction (see `voucher`).
//!
//! A closing subscription still pays vouchers signed up to the close request, until the notice
//! runs out.
//!
//! Accounts: `operator` (signer), `config`, `subscription` (writable), `vault` (writable), `mint`,
//! `operator_account` (writable: the operator's token account of the mint; for SOL the operator's
//! wallet, then also writable), `treasury_account` (writable: the treasury's token account; for SOL
//! the treasury wallet), `token_program` (the system program for SOL), `instructions` (sysvar).

use crate::{
    errors::BillingError,
    events::{emit, VoucherRedeemed},
    state::{BillingConfig, Subscription},
    vault::VaultOwner,
    voucher::{require_signed, voucher_message},
};
use openrsp_framework::{
    accounts::{load, load_mut, signer, take, writable},
    args::InstructionArgs,
    clock::now,
};
use pinocchio::{cpi::Signer, AccountView, Address, ProgramResult};

#[repr(C)]
pub struct RedeemVoucherArgs {
    /// Everything owed for the subscription so far (u64 LE).
    pub cumulative: [u8; 8],
    /// When the device signed it, unix seconds (i64 LE).
    pub issued_at: [u8; 8],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for RedeemVoucherArgs {}

/// `amount * fee_bps / 10,000`, rounded down (the operator gets the rounding).
pub fn protocol_fee(amount: u64, fee_bps: u16) -> u64 {
    // Cannot overflow: u64 * u16 fits u128, and the quotient is at most `amount`.
    ((amount as u128 * fee_bps as u128) / 10_000) as u64
}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [operator, config_account, subscription_account, vault, mint, operator_account, treasury_account, token_program, instructions] =
        take::<9>(accounts)?;
    let args = RedeemVoucherArgs::parse(data)?;
    let cumulative = u64::from_le_bytes(args.cumulative);
    let issued_at = i64::from_le_bytes(args.issued_at);
    signer(operator)?;
    writable(operator_account)?;
    let (fee_bps, treasury) = {
        let config = load::<BillingConfig>(config_account, program_id)?;
        (u16::from_le_bytes(config.fee_bps), config.treasury)
    };
    let subscription = *load::<Subscription>(subscription_account, program_id)?;
    writable(subscription_account)?;
    if operator.address().as_ref() != &subscription.operator[..] {
        return Err(BillingError::NotSubscriptionOperator.into());
    }
    let money = subscription.money(vault, mint, token_program)?;
    let redeemed = u64::from_le_bytes(subscription.redeemed);
    if cumulative <= redeemed {
        return Err(BillingError::VoucherNotNewer.into());
    }
    if !subscription.is_active() {
        if issued_at > i64::from_le_bytes(subscription.close_requested_at) {
            return Err(BillingError::VoucherAfterClose.into());
        }
        if now()? > i64::from_le_bytes(subscription.closes_at) {
            return Err(BillingError::NoticeOver.into());
        }
    }
    let message = voucher_message(
        program_id.as_array(),
        subscription_account.address().as_array(),
        cumulative,
        issued_at,
    );
    require_signed(instructions, &subscription.voucher_key, &message)?;

    let amount = cumulative - redeemed;
    if money.balance(vault)? < amount {
        return Err(BillingError::InsufficientVault.into());
    }
    let fee = protocol_fee(amount, fee_bps);
    money.require_payee_account(operator_account, &subscription.operator)?;
    if fee > 0 {
        writable(treasury_account)?;
        money.require_payee_account(treasury_account, &treasury)?;
    }
    let signer_seeds = subscription.signer_seeds();
    let owner = VaultOwner {
        account: subscription_account,
        signer: Signer::from(&signer_seeds[..]),
    };
    money.pay_out(vault, operator_account, &owner, amount - fee)?;
    money.pay_out(vault, treasury_account, &owner, fee)?;

    let mut stored = load_mut::<Subscription>(subscription_account, program_id)?;
    stored.redeemed = args.cumulative;
    stored.last_voucher_at = args.issued_at;
    emit(&VoucherRedeemed {
        subscription: subscription_account.address().to_bytes(),
        cumulative,
        paid: amount - fee,
        fee,
        issued_at,
    });
    Ok(())
}
