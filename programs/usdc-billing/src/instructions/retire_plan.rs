//! Retires a plan: it takes no new subscriptions, and those already open keep running. Always
//! allowed to its operator, even with an expired or revoked certificate (stopping sales must never
//! be blocked); and to the billing authority, for any plan (an operator whose SM-DP+ can no longer
//! be trusted, or who misleads buyers, must not keep selling while its certificate is disputed).
//!
//! Accounts: `retirer` (signer: the plan's operator or the billing authority), `plan` (writable),
//! `config` (the billing config, read when the retirer is not the operator).

use crate::{
    errors::BillingError,
    events::{emit, PlanRetired},
    state::{BillingConfig, Plan, PlanStatus},
};
use openrsp_framework::{
    accounts::{load, load_mut, signer, take},
    args::no_args,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [retirer, plan_account, config_account] = take::<3>(accounts)?;
    no_args(data)?;
    signer(retirer)?;
    let mut plan = load_mut::<Plan>(plan_account, program_id)?;
    if retirer.address().as_ref() != &plan.operator[..] {
        let config = load::<BillingConfig>(config_account, program_id)?;
        if retirer.address().as_ref() != &config.authority[..] {
            return Err(BillingError::NotPlanOperator.into());
        }
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
