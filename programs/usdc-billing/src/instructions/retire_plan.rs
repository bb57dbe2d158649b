//! Retires a plan: it takes no new subscriptions, and those already open keep running. Always
//! allowed to its operator, even with an expired or revoked certificate (stopping sales must never
//! be blocked).
//!
//! Accounts: `operator` (signer), `plan` (writable).

use crate::{
    errors::BillingError,
    events::{emit, PlanRetired},
    state::{Plan, PlanStatus},
};
use cert_registry::utils::{
    accounts::{load_mut, signer, take},
    args::no_args,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [operator, plan_account] = take::<2>(accounts)?;
    no_args(data)?;
    signer(operator)?;
    let mut plan = load_mut::<Plan>(plan_account, program_id)?;
    if operator.address().as_ref() != &plan.operator[..] {
        return Err(BillingError::NotPlanOperator.into());
    }
    if !plan.is_active() {
        return Err(BillingError::PlanRetired.into());
    }
    let retired_at = now()?;
    plan.status = PlanStatus::Retired as u8;
    plan.retired_at = retired_at.to_le_bytes();
    plan.updated_at = retired_at.to_le_bytes();
    emit(&PlanRetired {
        plan: plan_account.address().to_bytes(),
        retired_at,
    });
    Ok(())
}
