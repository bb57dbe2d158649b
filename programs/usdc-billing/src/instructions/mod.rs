//! One file per instruction. Each declares its accounts (in order), its arguments, and `process`.

pub mod accept_authority;
pub mod cancel_authority;
pub mod close_subscription;
pub mod create_plan;
pub mod initialize_billing;
pub mod open_subscription;
pub mod propose_authority;
pub mod redeem_voucher;
pub mod request_close;
pub mod retire_plan;
pub mod set_close_notice;
pub mod set_paused;
pub mod set_protocol_fee;
pub mod top_up;
pub mod update_plan;

/// Anchor instruction discriminators: `sha256("global:<instruction_name>")[..8]`.
pub mod discriminator {
    pub use openrsp_framework::governance::discriminator::{
        ACCEPT_AUTHORITY, CANCEL_AUTHORITY, PROPOSE_AUTHORITY, SET_PAUSED,
    };
    pub const INITIALIZE_BILLING: [u8; 8] =
        openrsp_framework::discriminator::instruction("initialize_billing");
    pub const SET_PROTOCOL_FEE: [u8; 8] =
        openrsp_framework::discriminator::instruction("set_protocol_fee");
    pub const CREATE_PLAN: [u8; 8] = openrsp_framework::discriminator::instruction("create_plan");
    pub const UPDATE_PLAN: [u8; 8] = openrsp_framework::discriminator::instruction("update_plan");
    pub const RETIRE_PLAN: [u8; 8] = openrsp_framework::discriminator::instruction("retire_plan");
    pub const SET_CLOSE_NOTICE: [u8; 8] =
        openrsp_framework::discriminator::instruction("set_close_notice");
    pub const OPEN_SUBSCRIPTION: [u8; 8] =
        openrsp_framework::discriminator::instruction("open_subscription");
    pub const TOP_UP: [u8; 8] = openrsp_framework::discriminator::instruction("top_up");
    pub const REDEEM_VOUCHER: [u8; 8] =
        openrsp_framework::discriminator::instruction("redeem_voucher");
    pub const REQUEST_CLOSE: [u8; 8] =
        openrsp_framework::discriminator::instruction("request_close");
    pub const CLOSE_SUBSCRIPTION: [u8; 8] =
        openrsp_framework::discriminator::instruction("close_subscription");

    /// `(instruction name, discriminator)` for every instruction, for the IDL and its tests.
    pub const ALL: [(&str, [u8; 8]); 15] = [
        ("initialize_billing", INITIALIZE_BILLING),
        ("propose_authority", PROPOSE_AUTHORITY),
        ("accept_authority", ACCEPT_AUTHORITY),
        ("cancel_authority", CANCEL_AUTHORITY),
        ("set_paused", SET_PAUSED),
        ("set_protocol_fee", SET_PROTOCOL_FEE),
        ("create_plan", CREATE_PLAN),
        ("update_plan", UPDATE_PLAN),
        ("retire_plan", RETIRE_PLAN),
        ("set_close_notice", SET_CLOSE_NOTICE),
        ("open_subscription", OPEN_SUBSCRIPTION),
        ("top_up", TOP_UP),
        ("redeem_voucher", REDEEM_VOUCHER),
        ("request_close", REQUEST_CLOSE),
        ("close_subscription", CLOSE_SUBSCRIPTION),
    ];
}

use crate::{
    errors::BillingError,
    state::{BillingConfig, Coverage},
};
use pinocchio::AccountView;

/// The config's authority must sign (the check all four programs share).
pub(crate) fn require_authority(
    config: &BillingConfig,
    signer: &AccountView,
) -> Result<(), pinocchio::error::ProgramError> {
    openrsp_framework::governance::require_authority(config, signer)
}

/// A plan's terms, as `create_plan` and `update_plan` take them.
#[repr(C)]
pub struct PlanTerms {
    /// Price per period in the currency's base units (u64 LE).
    pub price: [u8; 8],
    /// MB per period (u64 LE).
    pub data_quota_mb: [u8; 8],
    /// Period, seconds (u64 LE).
    pub validity_seconds: [u8; 8],
    pub coverage: Coverage,
}

impl PlanTerms {
    pub fn check(&self) -> Result<(), BillingError> {
        let positive = |b: [u8; 8]| u64::from_le_bytes(b) > 0;
        if !positive(self.price)
            || !positive(self.data_quota_mb)
            || !positive(self.validity_seconds)
        {
            return Err(BillingError::InvalidPlanTerms);
        }
        if !self.coverage.is_valid() {
            return Err(BillingError::InvalidCoverage);
        }
        Ok(())
    }
}
