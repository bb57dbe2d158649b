//! Decoded usdc-billing accounts, for people and scripts (`serde`).

use crate::token::Currency;
use cert_registry::state::{i64_from, u64_from};
use serde::Serialize;
use solana_address::Address;
use usdc_billing::state::{BillingConfig, Plan, Subscription};

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct BillingConfigView {
    pub address: String,
    pub authority: String,
    pub registry_program: String,
    pub eid_program: String,
    pub treasury: String,
    pub fee_bps: u16,
    pub close_notice_seconds: u64,
    pub paused: bool,
}

impl BillingConfigView {
    pub fn new(address: &Address, c: &BillingConfig) -> Self {
        BillingConfigView {
            address: address.to_string(),
            authority: Address::new_from_array(c.authority).to_string(),
            registry_program: Address::new_from_array(c.registry_program).to_string(),
            eid_program: Address::new_from_array(c.eid_program).to_string(),
            treasury: Address::new_from_array(c.treasury).to_string(),
            fee_bps: u16::from_le_bytes(c.fee_bps),
            close_notice_seconds: u64_from(c.close_notice_seconds),
            paused: c.is_paused(),
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PlanView {
    pub address: String,
    pub operator: String,
    pub plan_id: u64,
    pub active: bool,
    /// `SOL`, or the mint's address.
    pub currency: String,
    pub token_program: Option<String>,
    pub decimals: u8,
    pub price: u64,
    pub data_quota_mb: u64,
    pub validity_seconds: u64,
    pub countries: Vec<String>,
    pub region: u8,
    pub smdp_record: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub retired_at: Option<i64>,
}

impl PlanView {
    pub fn new(address: &Address, p: &Plan) -> Self {
        let sol = p.mint == [0; 32];
        let count = (p.coverage.country_count as usize).min(p.coverage.countries.len());
        PlanView {
            address: address.to_string(),
            operator: Address::new_from_array(p.operator).to_string(),
            plan_id: u64_from(p.plan_id),
            active: p.is_active(),
            currency: if sol {
                "SOL".into()
            } else {
                Address::new_from_array(p.mint).to_string()
            },
            token_program: (!sol).then(|| Address::new_from_array(p.token_program).to_string()),
            decimals: p.decimals,
            price: u64_from(p.price),
            data_quota_mb: u64_from(p.data_quota_mb),
            validity_seconds: u64_from(p.validity_seconds),
            countries: p.coverage.countries[..count]
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect(),
            region: p.coverage.region,
            smdp_record: Address::new_from_array(p.smdp_record).to_string(),
            created_at: i64_from(p.created_at),
            updated_at: i64_from(p.updated_at),
            retired_at: (!p.is_active()).then(|| i64_from(p.retired_at)),
        }
    }

    /// The operator's SM-DP+ record, which every purchase passes for the program to re-check.
    pub fn smdp_address(&self) -> Result<Address, crate::SdkError> {
        self.smdp_record.parse().map_err(|_| {
            crate::SdkError::InvalidInput(format!("plan {}: bad SM-DP+ record", self.address))
        })
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SubscriptionView {
    pub address: String,
    pub plan: String,
    pub operator: String,
    pub consumer: String,
    pub eid_commitment: String,
    pub voucher_key: String,
    pub vault: String,
    /// `SOL`, or the mint's address.
    pub currency: String,
    pub decimals: u8,
    /// The plan's terms when the subscription was opened.
    pub price: u64,
    pub data_quota_mb: u64,
    pub validity_seconds: u64,
    /// Everything ever deposited, and the cumulative amount of the latest redeemed voucher.
    pub deposited: u64,
    pub redeemed: u64,
    pub last_voucher_at: Option<i64>,
    pub opened_at: i64,
    /// `active` or `closing`.
    pub status: &'static str,
    pub close_requested_at: Option<i64>,
    pub closes_at: Option<i64>,
    #[serde(skip)]
    pub currency_kind: Currency,
}

impl SubscriptionView {
    pub fn new(address: &Address, s: &Subscription) -> Self {
        let currency_kind = Currency::recorded(&s.mint, &s.token_program, s.decimals);
        let active = s.is_active();
        let last_voucher_at = i64_from(s.last_voucher_at);
        SubscriptionView {
            address: address.to_string(),
            plan: Address::new_from_array(s.plan).to_string(),
            operator: Address::new_from_array(s.operator).to_string(),
            consumer: Address::new_from_array(s.consumer).to_string(),
            eid_commitment: Address::new_from_array(s.eid_commitment).to_string(),
            voucher_key: Address::new_from_array(s.voucher_key).to_string(),
            vault: Address::new_from_array(s.vault).to_string(),
            currency: match currency_kind {
                Currency::Sol => "SOL".into(),
                Currency::Token { mint, .. } => mint.to_string(),
            },
            decimals: s.decimals,
            price: u64_from(s.price),
            data_quota_mb: u64_from(s.data_quota_mb),
            validity_seconds: u64_from(s.validity_seconds),
            deposited: u64_from(s.deposited),
            redeemed: u64_from(s.redeemed),
            last_voucher_at: (u64_from(s.redeemed) > 0).then_some(last_voucher_at),
            opened_at: i64_from(s.opened_at),
            status: if active { "active" } else { "closing" },
            close_requested_at: (!active).then(|| i64_from(s.close_requested_at)),
            closes_at: (!active).then(|| i64_from(s.closes_at)),
            currency_kind,
        }
    }
}

impl PlanView {
    /// The plan's currency.
    pub fn currency_kind(&self) -> Currency {
        match (&self.token_program, self.currency.parse::<Address>()) {
            (Some(program), Ok(mint)) => Currency::Token {
                mint,
                program: program.parse().unwrap_or_default(),
                decimals: self.decimals,
            },
            _ => Currency::Sol,
        }
    }
}
