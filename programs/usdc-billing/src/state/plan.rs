use super::AccountLayout;
use crate::{errors::BillingError, vault::Money};
use pinocchio::AccountView;

/// Countries a plan can list (ISO 3166-1 alpha-2), beyond which a region is the better term.
pub const MAX_COUNTRIES: usize = 32;
/// Regions a plan may name instead of (or besides) countries: 1 Europe, 2 North America, 3 Latin
/// America, 4 Asia-Pacific, 5 Middle East and Africa, 6 global.
pub const REGIONS: u8 = 6;

/// Lifecycle of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum PlanStatus {
    Active = 1,
    /// No new subscriptions; existing ones keep their terms.
    Retired = 2,
}

/// Where a plan works: up to [`MAX_COUNTRIES`] ISO 3166-1 alpha-2 codes and/or a region.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// 0 for none, else 1 to [`REGIONS`].
    pub region: u8,
    /// Number of country codes used in `countries`.
    pub country_count: u8,
    /// `country_count` pairs of uppercase ASCII letters; the rest zero.
    pub countries: [[u8; 2]; MAX_COUNTRIES],
}

impl Coverage {
    /// A region in range, at most [`MAX_COUNTRIES`] codes of two uppercase letters, zero padding,
    /// and at least one of the two.
    pub fn is_valid(&self) -> bool {
        let count = self.country_count as usize;
        count <= MAX_COUNTRIES
            && self.region <= REGIONS
            && (self.region != 0 || count > 0)
            && self.countries[..count]
                .iter()
                .all(|c| c.iter().all(u8::is_ascii_uppercase))
            && self.countries[count..].iter().all(|c| *c == [0, 0])
    }
}

/// A data plan an operator publishes. PDA `["plan", operator, plan_id (u64 LE)]`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    /// [`PlanStatus`] as a byte.
    pub status: u8,
    pub operator: [u8; 32],
    /// The operator's own number for the plan (u64 LE).
    pub plan_id: [u8; 8],
    /// The SM-DP+ certificate record that admitted the operator (checked again on every change).
    pub smdp_record: [u8; 32],
    /// The SPL mint prices are in, or all zeroes for native SOL (lamports).
    pub mint: [u8; 32],
    /// The mint's token program (Token or Token-2022), zero for SOL.
    pub token_program: [u8; 32],
    /// The mint's decimals (9 for SOL).
    pub decimals: u8,
    /// Price per period in the currency's base units (u64 LE).
    pub price: [u8; 8],
    /// Data included per period, MB (u64 LE).
    pub data_quota_mb: [u8; 8],
    /// Length of a period, seconds (u64 LE).
    pub validity_seconds: [u8; 8],
    pub coverage: Coverage,
    pub created_at: [u8; 8],
    pub updated_at: [u8; 8],
    /// 0 until retired.
    pub retired_at: [u8; 8],
    pub reserved: [u8; 64],
}

// SAFETY: repr(C), byte fields only (Coverage too), starts with discriminator and version.
unsafe impl AccountLayout for Plan {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("Plan");
}

impl Plan {
    pub fn is_active(&self) -> bool {
        self.status == PlanStatus::Active as u8
    }

    /// The plan's currency, with the `mint` and `token_program` accounts checked against it.
    pub fn money<'a>(
        &self,
        mint: &'a AccountView,
        token_program: &'a AccountView,
    ) -> Result<Money<'a>, BillingError> {
        Money::recorded(
            mint,
            token_program,
            &self.mint,
            &self.token_program,
            self.decimals,
        )
    }
}
