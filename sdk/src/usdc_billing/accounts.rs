//! Decoded usdc-billing accounts, for people and scripts (`serde`).

use cert_registry::state::{i64_from, u64_from};
use serde::Serialize;
use solana_address::Address;
use usdc_billing::state::{BillingConfig, Plan};

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct BillingConfigView {
    pub address: String,
    pub authority: String,
    pub registry_program: String,
    pub treasury: String,
    pub fee_bps: u16,
    pub paused: bool,
}

impl BillingConfigView {
    pub fn new(address: &Address, c: &BillingConfig) -> Self {
        BillingConfigView {
            address: address.to_string(),
            authority: Address::new_from_array(c.authority).to_string(),
            registry_program: Address::new_from_array(c.registry_program).to_string(),
            treasury: Address::new_from_array(c.treasury).to_string(),
            fee_bps: u16::from_le_bytes(c.fee_bps),
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
}
