//! One builder per instruction: Anchor discriminator, Borsh arguments, accounts in the program's
//! order with their signer and writable flags.

use super::pda;
use crate::governance::instructions as governance;
use crate::token::Currency;
use crate::{
    cert_registry::instructions::{data, signed_by},
    cert_registry::OperatorTrust,
    SdkError,
};
use solana_address::Address;
use solana_instruction::{AccountMeta, Instruction};
use usdc_billing::{
    instructions::discriminator as ix,
    state::{Coverage, MAX_COUNTRIES, REGIONS},
};

const SYSTEM_PROGRAM: Address = solana_sdk_ids::system_program::ID;

/// Coverage from ISO 3166-1 alpha-2 codes (`["FR", "DE"]`) and a region (0 none, 1 Europe, 2 North
/// America, 3 Latin America, 4 Asia-Pacific, 5 Middle East and Africa, 6 global).
pub fn coverage(countries: &[&str], region: u8) -> Result<Coverage, SdkError> {
    if countries.len() > MAX_COUNTRIES {
        return Err(SdkError::InvalidInput(format!(
            "at most {MAX_COUNTRIES} countries; name a region instead"
        )));
    }
    if region > REGIONS {
        return Err(SdkError::InvalidInput(format!("unknown region {region}")));
    }
    let mut out = Coverage {
        region,
        country_count: countries.len() as u8,
        countries: [[0; 2]; MAX_COUNTRIES],
    };
    for (slot, code) in out.countries.iter_mut().zip(countries) {
        let bytes = code.as_bytes();
        if bytes.len() != 2 || !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(SdkError::InvalidInput(format!(
                "{code:?} is not an ISO 3166-1 alpha-2 code (two capital letters)"
            )));
        }
        *slot = [bytes[0], bytes[1]];
    }
    if !out.is_valid() {
        return Err(SdkError::InvalidInput(
            "a plan covers at least one country or a region".into(),
        ));
    }
    Ok(out)
}

/// A plan's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanTermsArgs {
    pub price: u64,
    pub data_quota_mb: u64,
    pub validity_seconds: u64,
    pub coverage: Coverage,
}

impl PlanTermsArgs {
    fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(24 + 2 + 2 * MAX_COUNTRIES);
        out.extend_from_slice(&self.price.to_le_bytes());
        out.extend_from_slice(&self.data_quota_mb.to_le_bytes());
        out.extend_from_slice(&self.validity_seconds.to_le_bytes());
        out.push(self.coverage.region);
        out.push(self.coverage.country_count);
        for c in &self.coverage.countries {
            out.extend_from_slice(c);
        }
        out
    }
}

/// What `initialize_billing` sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BillingSettings {
    pub authority: Address,
    pub registry_program: Address,
    pub eid_program: Address,
    pub treasury: Address,
    pub fee_bps: u16,
    pub close_notice_seconds: u64,
}

/// `upgrade_authority` must sign: only the program's upgrade authority can set it up.
pub fn initialize_billing(
    program_id: &Address,
    payer: &Address,
    upgrade_authority: &Address,
    settings: &BillingSettings,
) -> Instruction {
    let [program_data, upgrade_authority] =
        crate::governance::upgrade_authority_accounts(program_id, upgrade_authority);
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new(*payer, true),
            AccountMeta::new(pda::config(program_id).0, false),
            AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
            program_data,
            upgrade_authority,
        ],
        data: data(
            ix::INITIALIZE_BILLING,
            &[
                settings.authority.as_ref(),
                settings.registry_program.as_ref(),
                settings.eid_program.as_ref(),
                settings.treasury.as_ref(),
                &settings.fee_bps.to_le_bytes(),
                &settings.close_notice_seconds.to_le_bytes(),
            ],
        ),
    }
}

pub fn set_close_notice(program_id: &Address, authority: &Address, seconds: u64) -> Instruction {
    signed_by(
        program_id,
        authority,
        &pda::config(program_id).0,
        ix::SET_CLOSE_NOTICE,
        &[&seconds.to_le_bytes()],
    )
}

pub fn set_protocol_fee(
    program_id: &Address,
    authority: &Address,
    fee_bps: u16,
    treasury: &Address,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*authority, true),
            AccountMeta::new(pda::config(program_id).0, false),
        ],
        data: data(
            ix::SET_PROTOCOL_FEE,
            &[&fee_bps.to_le_bytes(), treasury.as_ref()],
        ),
    }
}

pub fn set_paused(program_id: &Address, authority: &Address, paused: bool) -> Instruction {
    governance::set_paused(program_id, &pda::config(program_id).0, authority, paused)
}

/// `mint`: an SPL mint (Token or Token-2022), or `None` for native SOL. `trust`: the operator's
/// SM-DP+ certificate record in cert-registry and the registry accounts behind it.
pub fn create_plan(
    program_id: &Address,
    operator: &Address,
    trust: &OperatorTrust,
    plan_id: u64,
    mint: Option<&Address>,
    terms: &PlanTermsArgs,
) -> Instruction {
    let mut accounts = vec![
        AccountMeta::new(*operator, true),
        AccountMeta::new_readonly(pda::config(program_id).0, false),
    ];
    accounts.extend(trust.metas());
    accounts.extend([
        AccountMeta::new(pda::plan(program_id, operator, plan_id).0, false),
        AccountMeta::new_readonly(*mint.unwrap_or(&SYSTEM_PROGRAM), false),
        AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
    ]);
    Instruction {
        program_id: *program_id,
        accounts,
        data: data(ix::CREATE_PLAN, &[&plan_id.to_le_bytes(), &terms.bytes()]),
    }
}

pub fn update_plan(
    program_id: &Address,
    operator: &Address,
    trust: &OperatorTrust,
    plan: &Address,
    terms: &PlanTermsArgs,
) -> Instruction {
    let mut accounts = vec![
        AccountMeta::new_readonly(*operator, true),
        AccountMeta::new_readonly(pda::config(program_id).0, false),
    ];
    accounts.extend(trust.metas());
    accounts.push(AccountMeta::new(*plan, false));
    Instruction {
        program_id: *program_id,
        accounts,
        data: data(ix::UPDATE_PLAN, &[&terms.bytes()]),
    }
}

/// Retires `plan`; `retirer` is its operator or the billing authority (the config is passed for
/// the program to check the latter).
pub fn retire_plan(program_id: &Address, retirer: &Address, plan: &Address) -> Instruction {
    let mut ix = signed_by(program_id, retirer, plan, ix::RETIRE_PLAN, &[]);
    ix.accounts
        .push(AccountMeta::new_readonly(pda::config(program_id).0, false));
    ix
}

/// Opens a subscription of `consumer` to `plan` (priced in `currency`; `trust`: its operator's
/// SM-DP+ record and the registry accounts behind it) for `eid_commitment`, with `deposit` paid
/// from the consumer's account of the currency.
#[allow(clippy::too_many_arguments)]
pub fn open_subscription(
    program_id: &Address,
    consumer: &Address,
    plan: &Address,
    eid_commitment: &Address,
    trust: &OperatorTrust,
    currency: &Currency,
    voucher_key: &Address,
    deposit: u64,
) -> Instruction {
    let subscription = pda::subscription(program_id, plan, eid_commitment, consumer).0;
    let mut accounts = vec![
        AccountMeta::new(*consumer, true),
        AccountMeta::new_readonly(pda::config(program_id).0, false),
        AccountMeta::new_readonly(*plan, false),
        AccountMeta::new_readonly(*eid_commitment, false),
    ];
    accounts.extend(trust.metas());
    accounts.extend([
        AccountMeta::new(subscription, false),
        AccountMeta::new(pda::vault(program_id, &subscription).0, false),
        AccountMeta::new_readonly(currency.mint_account(), false),
        source_meta(program_id, currency, consumer),
        AccountMeta::new_readonly(currency.program_account(), false),
        AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
    ]);
    Instruction {
        program_id: *program_id,
        accounts,
        data: data(
            ix::OPEN_SUBSCRIPTION,
            &[voucher_key.as_ref(), &deposit.to_le_bytes()],
        ),
    }
}

/// The account money is paid from: the payer's associated token account, or for SOL this
/// program's id (Anchor's "none").
pub(crate) fn source_meta(
    program_id: &Address,
    currency: &Currency,
    payer: &Address,
) -> AccountMeta {
    match currency {
        Currency::Sol => AccountMeta::new_readonly(*program_id, false),
        Currency::Token { .. } => AccountMeta::new(currency.account_of(payer), false),
    }
}

pub fn top_up(
    program_id: &Address,
    funder: &Address,
    subscription: &Address,
    currency: &Currency,
    amount: u64,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new(*funder, true),
            AccountMeta::new(*subscription, false),
            AccountMeta::new(pda::vault(program_id, subscription).0, false),
            AccountMeta::new_readonly(currency.mint_account(), false),
            source_meta(program_id, currency, funder),
            AccountMeta::new_readonly(currency.program_account(), false),
        ],
        data: data(ix::TOP_UP, &[&amount.to_le_bytes()]),
    }
}

/// The two instructions of a redemption: the Ed25519 precompile checking the voucher's signature,
/// then `redeem_voucher` (which reads the first through the instructions sysvar).
pub fn redeem_voucher(
    program_id: &Address,
    operator: &Address,
    voucher: &super::voucher::SignedVoucher,
    currency: &Currency,
    treasury: &Address,
) -> [Instruction; 2] {
    let verify = solana_ed25519_program::new_ed25519_instruction_with_signature(
        &voucher.message(program_id),
        &voucher.signature,
        voucher.voucher_key.as_array(),
    );
    let redeem = Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*operator, true),
            AccountMeta::new_readonly(pda::config(program_id).0, false),
            AccountMeta::new(voucher.subscription, false),
            AccountMeta::new(pda::vault(program_id, &voucher.subscription).0, false),
            AccountMeta::new_readonly(currency.mint_account(), false),
            AccountMeta::new(currency.account_of(operator), false),
            AccountMeta::new(currency.account_of(treasury), false),
            AccountMeta::new_readonly(currency.program_account(), false),
            AccountMeta::new_readonly(solana_sdk_ids::sysvar::instructions::ID, false),
        ],
        data: data(
            ix::REDEEM_VOUCHER,
            &[
                &voucher.cumulative.to_le_bytes(),
                &voucher.issued_at.to_le_bytes(),
            ],
        ),
    };
    [verify, redeem]
}

pub fn request_close(
    program_id: &Address,
    consumer: &Address,
    subscription: &Address,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*consumer, true),
            AccountMeta::new_readonly(pda::config(program_id).0, false),
            AccountMeta::new(*subscription, false),
        ],
        data: data(ix::REQUEST_CLOSE, &[]),
    }
}

pub fn close_subscription(
    program_id: &Address,
    consumer: &Address,
    subscription: &Address,
    currency: &Currency,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new(*consumer, true),
            AccountMeta::new(*subscription, false),
            AccountMeta::new(pda::vault(program_id, subscription).0, false),
            AccountMeta::new_readonly(currency.mint_account(), false),
            AccountMeta::new(currency.account_of(consumer), false),
            AccountMeta::new_readonly(currency.program_account(), false),
        ],
        data: data(ix::CLOSE_SUBSCRIPTION, &[]),
    }
}
