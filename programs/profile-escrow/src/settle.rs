//! Settling an order: whatever the vault holds goes to one side (to the operator less the
//! protocol fee, or back to the consumer in full), then the vault and the order are closed and
//! their rent goes back to the consumer, who paid it. Every way an order ends goes through here.

use crate::{
    errors::EscrowError,
    events::{emit, OrderSettled},
    state::{EscrowConfig, Order, Outcome},
};
use openrsp_framework::accounts::{close, load, writable};
use pinocchio::{cpi::Signer, error::ProgramError, AccountView, Address, ProgramResult};
use usdc_billing::{
    errors::BillingError,
    instructions::redeem_voucher::protocol_fee,
    state::BillingConfig,
    vault::{Money, VaultOwner},
};

/// The protocol fee and where it goes, as the billing config sets them.
pub struct FeeTerms {
    pub fee_bps: u16,
    pub treasury: [u8; 32],
}

/// Who is paid.
pub enum Payee<'a> {
    /// The operator, into `account`; the fee goes to the treasury's `treasury_account`.
    Operator {
        account: &'a AccountView,
        treasury_account: &'a AccountView,
        terms: FeeTerms,
    },
    /// The consumer, in full, into `account`.
    Consumer { account: &'a AccountView },
}

/// The protocol fee and treasury, from the billing config of the escrow's billing program.
pub fn fee_terms(
    program_id: &Address,
    escrow_config: &AccountView,
    billing_config: &AccountView,
) -> Result<FeeTerms, ProgramError> {
    let billing_program =
        Address::new_from_array(load::<EscrowConfig>(escrow_config, program_id)?.billing_program);
    if !billing_config.owned_by(&billing_program) {
        return Err(EscrowError::WrongBillingProgram.into());
    }
    let config = load::<BillingConfig>(billing_config, &billing_program)?;
    Ok(FeeTerms {
        fee_bps: u16::from_le_bytes(config.fee_bps),
        treasury: config.treasury,
    })
}

/// The accounts every settlement touches.
#[derive(Clone, Copy)]
pub struct SettleAccounts<'a> {
    pub order: &'a AccountView,
    pub vault: &'a AccountView,
    pub mint: &'a AccountView,
    pub token_program: &'a AccountView,
    /// Receives the rent: must be the order's consumer.
    pub rent_to: &'a AccountView,
}

/// Pays out and closes the order (whose data `order` is a copy of) and its vault.
pub fn settle(
    accounts: &SettleAccounts,
    order: &Order,
    payee: Payee,
    outcome: Outcome,
) -> ProgramResult {
    let SettleAccounts {
        order: order_account,
        vault,
        mint,
        token_program,
        rent_to,
    } = *accounts;
    writable(order_account)?;
    if vault.address().as_ref() != &order.vault[..] {
        return Err(BillingError::WrongVault.into());
    }
    if rent_to.address().as_ref() != &order.consumer[..] {
        return Err(EscrowError::WrongConsumer.into());
    }
    let money = Money::recorded(
        mint,
        token_program,
        &order.mint,
        &order.token_program,
        order.decimals,
    )?;
    let held = money.balance(vault)?;
    let signer_seeds = order.signer_seeds();
    let owner = VaultOwner {
        account: order_account,
        signer: Signer::from(&signer_seeds[..]),
    };
    let (to_operator, fee, refunded) = match payee {
        Payee::Operator {
            account,
            treasury_account,
            terms,
        } => {
            writable(account)?;
            money.require_payee_account(account, &order.operator)?;
            let fee = protocol_fee(held, terms.fee_bps);
            if fee > 0 {
                writable(treasury_account)?;
                money.require_payee_account(treasury_account, &terms.treasury)?;
            }
            money.pay_out(vault, account, &owner, held - fee)?;
            money.pay_out(vault, treasury_account, &owner, fee)?;
            (held - fee, fee, 0)
        }
        Payee::Consumer { account } => {
            writable(account)?;
            money.require_payee_account(account, &order.consumer)?;
            money.pay_out(vault, account, &owner, held)?;
            (0, 0, held)
        }
    };
    money.close_vault(vault, rent_to, &owner)?;
    close(order_account, rent_to)?;
    emit(&OrderSettled {
        order: order_account.address().to_bytes(),
        outcome: outcome as u8,
        to_operator,
        fee,
        refunded,
    });
    Ok(())
}
