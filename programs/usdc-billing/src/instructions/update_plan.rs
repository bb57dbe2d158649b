//! Changes a plan's terms (price, quota, period, coverage); the currency stays. The operator's
//! SM-DP+ record is checked again, and may be a newer one (a certificate rollover). Subscriptions
//! already open keep the terms they were opened with.
//!
//! Accounts: `operator` (signer), `config`, `smdp_record`, `verifying_key`, `trust_anchor` (the
//! registry's accounts behind the record), `plan` (writable).

use super::PlanTerms;
use crate::{
    errors::BillingError,
    events::{emit, PlanUpdated},
    operator::OperatorTrust,
    state::{BillingConfig, Plan},
};
use openrsp_framework::{
    accounts::{load, load_mut, signer, take},
    args::InstructionArgs,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct UpdatePlanArgs {
    pub terms: PlanTerms,
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for UpdatePlanArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [operator, config_account, record, verifying_key, trust_anchor, plan_account] =
        take::<6>(accounts)?;
    let args = UpdatePlanArgs::parse(data)?;
    signer(operator)?;
    args.terms.check()?;
    {
        let config = load::<BillingConfig>(config_account, program_id)?;
        if config.is_paused() {
            return Err(BillingError::Paused.into());
        }
        OperatorTrust {
            record,
            verifying_key,
            trust_anchor,
        }
        .require(
            &Address::new_from_array(config.registry_program),
            operator.address().as_array(),
        )?;
    }
    let mut plan = load_mut::<Plan>(plan_account, program_id)?;
    if operator.address().as_ref() != &plan.operator[..] {
        return Err(BillingError::NotPlanOperator.into());
    }
    if !plan.is_active() {
        return Err(BillingError::PlanRetired.into());
    }

    plan.smdp_record = record.address().to_bytes();
    plan.price = args.terms.price;
    plan.data_quota_mb = args.terms.data_quota_mb;
    plan.validity_seconds = args.terms.validity_seconds;
    plan.coverage = args.terms.coverage;
    plan.updated_at = now()?.to_le_bytes();
    emit(&PlanUpdated {
        plan: plan_account.address().to_bytes(),
        price: u64::from_le_bytes(args.terms.price),
        data_quota_mb: u64::from_le_bytes(args.terms.data_quota_mb),
        validity_seconds: u64::from_le_bytes(args.terms.validity_seconds),
    });
    Ok(())
}
