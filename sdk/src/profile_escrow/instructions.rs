//! One builder per instruction: Anchor discriminator, Borsh arguments, accounts in the program's
//! order with their signer and writable flags.

use super::{accounts::OrderView, pda};
use crate::{
    cert_registry::instructions::{data, signed_by},
    cert_registry::OperatorTrust,
    token::Currency,
    usdc_billing::{instructions::source_meta, pda as billing_pda},
};
use profile_escrow::{instructions::discriminator as ix, state::MAX_ACTIVATION_CIPHERTEXT};
use solana_address::Address;
use solana_instruction::{AccountMeta, Instruction};

const SYSTEM_PROGRAM: Address = solana_sdk_ids::system_program::ID;

/// The ids an order's instructions name besides its own: the escrow and billing programs.
#[derive(Clone, Copy, Debug)]
pub struct EscrowIds {
    pub escrow: Address,
    pub billing: Address,
}

/// `upgrade_authority` must sign: only the program's upgrade authority can set it up.
pub fn initialize_escrow(
    ids: &EscrowIds,
    payer: &Address,
    upgrade_authority: &Address,
    authority: &Address,
    dispute_window_seconds: u64,
    delivery_window_seconds: u64,
) -> Instruction {
    let [program_data, upgrade_authority] =
        crate::governance::upgrade_authority_accounts(&ids.escrow, upgrade_authority);
    Instruction {
        program_id: ids.escrow,
        accounts: vec![
            AccountMeta::new(*payer, true),
            AccountMeta::new(pda::config(&ids.escrow).0, false),
            AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
            program_data,
            upgrade_authority,
        ],
        data: data(
            ix::INITIALIZE_ESCROW,
            &[
                authority.as_ref(),
                ids.billing.as_ref(),
                &dispute_window_seconds.to_le_bytes(),
                &delivery_window_seconds.to_le_bytes(),
            ],
        ),
    }
}

pub fn set_escrow_windows(
    ids: &EscrowIds,
    authority: &Address,
    dispute_window_seconds: u64,
    delivery_window_seconds: u64,
) -> Instruction {
    signed_by(
        &ids.escrow,
        authority,
        &pda::config(&ids.escrow).0,
        ix::SET_ESCROW_WINDOWS,
        &[
            &dispute_window_seconds.to_le_bytes(),
            &delivery_window_seconds.to_le_bytes(),
        ],
    )
}

/// What `create_order` needs to know about the purchase.
#[derive(Clone, Copy, Debug)]
pub struct NewOrder {
    pub order_id: u64,
    pub plan: Address,
    pub eid_commitment: Address,
    /// The plan's SM-DP+ record and the registry accounts behind it.
    pub operator: OperatorTrust,
    pub currency: Currency,
    /// The most the consumer pays.
    pub max_price: u64,
    /// The consumer's X25519 key for the activation code.
    pub encryption_key: [u8; 32],
}

pub fn create_order(ids: &EscrowIds, consumer: &Address, new: &NewOrder) -> Instruction {
    let order = pda::order(&ids.escrow, consumer, new.order_id).0;
    let mut accounts = vec![
        AccountMeta::new(*consumer, true),
        AccountMeta::new_readonly(pda::config(&ids.escrow).0, false),
        AccountMeta::new_readonly(billing_pda::config(&ids.billing).0, false),
        AccountMeta::new_readonly(new.plan, false),
        AccountMeta::new_readonly(new.eid_commitment, false),
    ];
    accounts.extend(new.operator.metas());
    accounts.extend([
        AccountMeta::new(order, false),
        AccountMeta::new(pda::vault(&ids.escrow, &order).0, false),
        AccountMeta::new_readonly(new.currency.mint_account(), false),
        source_meta(&ids.escrow, &new.currency, consumer),
        AccountMeta::new_readonly(new.currency.program_account(), false),
        AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
    ]);
    Instruction {
        program_id: ids.escrow,
        accounts,
        data: data(
            ix::CREATE_ORDER,
            &[
                &new.order_id.to_le_bytes(),
                &new.max_price.to_le_bytes(),
                &new.encryption_key,
            ],
        ),
    }
}

pub fn accept_order(ids: &EscrowIds, operator: &Address, order: &Address) -> Instruction {
    signed_by(&ids.escrow, operator, order, ix::ACCEPT_ORDER, &[])
}

/// `cancel_order` or `refund_order`: the same accounts, the consumer paid back in full.
fn back_to_consumer(
    ids: &EscrowIds,
    discriminator: [u8; 8],
    consumer: &Address,
    order: &OrderView,
) -> Instruction {
    let currency = order.currency_kind;
    Instruction {
        program_id: ids.escrow,
        accounts: vec![
            AccountMeta::new(*consumer, true),
            AccountMeta::new(order.address, false),
            AccountMeta::new(order.vault, false),
            AccountMeta::new_readonly(currency.mint_account(), false),
            AccountMeta::new(currency.account_of(consumer), false),
            AccountMeta::new_readonly(currency.program_account(), false),
        ],
        data: data(discriminator, &[]),
    }
}

pub fn cancel_order(ids: &EscrowIds, consumer: &Address, order: &OrderView) -> Instruction {
    back_to_consumer(ids, ix::CANCEL_ORDER, consumer, order)
}

pub fn refund_order(ids: &EscrowIds, consumer: &Address, order: &OrderView) -> Instruction {
    back_to_consumer(ids, ix::REFUND_ORDER, consumer, order)
}

/// `ciphertext` at most [`MAX_ACTIVATION_CIPHERTEXT`] bytes (the program refuses more).
pub fn deliver_profile(
    ids: &EscrowIds,
    operator: &Address,
    order: &Address,
    profile_hash: &[u8; 32],
    sealed: &super::activation::SealedActivationCode,
) -> Instruction {
    let mut padded = [0u8; MAX_ACTIVATION_CIPHERTEXT];
    let len = sealed.ciphertext.len().min(MAX_ACTIVATION_CIPHERTEXT);
    padded[..len].copy_from_slice(&sealed.ciphertext[..len]);
    signed_by(
        &ids.escrow,
        operator,
        order,
        ix::DELIVER_PROFILE,
        &[
            profile_hash,
            &sealed.ephemeral_key,
            &sealed.nonce,
            &(sealed.ciphertext.len() as u16).to_le_bytes(),
            &padded,
        ],
    )
}

/// Accounts of the settlements that can pay the operator.
fn settle_accounts(
    ids: &EscrowIds,
    signer: &Address,
    order: &OrderView,
    payee_account: Address,
    treasury: &Address,
) -> Vec<AccountMeta> {
    let currency = order.currency_kind;
    vec![
        AccountMeta::new(*signer, true),
        AccountMeta::new_readonly(pda::config(&ids.escrow).0, false),
        AccountMeta::new_readonly(billing_pda::config(&ids.billing).0, false),
        AccountMeta::new(order.address, false),
        AccountMeta::new(order.vault, false),
        AccountMeta::new_readonly(currency.mint_account(), false),
        AccountMeta::new(payee_account, false),
        AccountMeta::new(currency.account_of(treasury), false),
    ]
}

pub fn confirm_installation(
    ids: &EscrowIds,
    consumer: &Address,
    order: &OrderView,
    treasury: &Address,
) -> Instruction {
    let currency = order.currency_kind;
    let mut accounts = settle_accounts(
        ids,
        consumer,
        order,
        currency.account_of(&order.operator),
        treasury,
    );
    accounts.push(AccountMeta::new_readonly(currency.program_account(), false));
    Instruction {
        program_id: ids.escrow,
        accounts,
        data: data(ix::CONFIRM_INSTALLATION, &[]),
    }
}

pub fn claim_payment(
    ids: &EscrowIds,
    operator: &Address,
    order: &OrderView,
    treasury: &Address,
) -> Instruction {
    let currency = order.currency_kind;
    let mut accounts = settle_accounts(
        ids,
        operator,
        order,
        currency.account_of(&order.operator),
        treasury,
    );
    accounts.push(AccountMeta::new(order.consumer, false));
    accounts.push(AccountMeta::new_readonly(currency.program_account(), false));
    Instruction {
        program_id: ids.escrow,
        accounts,
        data: data(ix::CLAIM_PAYMENT, &[]),
    }
}

pub fn dispute_order(ids: &EscrowIds, consumer: &Address, order: &Address) -> Instruction {
    Instruction {
        program_id: ids.escrow,
        accounts: vec![
            AccountMeta::new_readonly(*consumer, true),
            AccountMeta::new_readonly(pda::config(&ids.escrow).0, false),
            AccountMeta::new(*order, false),
        ],
        data: data(ix::DISPUTE_ORDER, &[]),
    }
}

pub fn resolve_dispute(
    ids: &EscrowIds,
    authority: &Address,
    order: &OrderView,
    treasury: &Address,
    pay_operator: bool,
) -> Instruction {
    let currency = order.currency_kind;
    let winner = if pay_operator {
        &order.operator
    } else {
        &order.consumer
    };
    let mut accounts =
        settle_accounts(ids, authority, order, currency.account_of(winner), treasury);
    accounts.push(AccountMeta::new(order.consumer, false));
    accounts.push(AccountMeta::new_readonly(currency.program_account(), false));
    Instruction {
        program_id: ids.escrow,
        accounts,
        data: data(ix::RESOLVE_DISPUTE, &[&[pay_operator as u8]]),
    }
}
