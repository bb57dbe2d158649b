//! Publishes a plan. The operator proves who it is by the SM-DP+ certificate record it registered
//! in cert-registry (read here: role, registrant, revocation, validity window), not by an
//! argument; the currency comes from the mint account itself.
//!
//! Accounts: `operator` (signer, writable: pays rent), `config`, `smdp_record` (cert-registry
//! `CertificateRecord`), `verifying_key` and `trust_anchor` (the registry's accounts behind the
//! record), `plan` (writable, PDA `["plan", operator, plan_id]`), `mint` (an SPL mint of Token or
//! Token-2022, or the system program for native SOL), `system_program`.

use super::PlanTerms;
use crate::{
    currency::currency_of,
    errors::BillingError,
    events::{emit, PlanCreated},
    operator::OperatorTrust,
    seeds,
    state::{AccountLayout, BillingConfig, Plan, PlanStatus},
};
use openrsp_framework::{
    accounts::{create_pda, load, payer, system_program, take},
    args::InstructionArgs,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct CreatePlanArgs {
    /// The operator's number for the plan (u64 LE); part of the plan's address.
    pub plan_id: [u8; 8],
    pub terms: PlanTerms,
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for CreatePlanArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [operator, config_account, record, verifying_key, trust_anchor, plan_account, mint, system] =
        take::<8>(accounts)?;
    let args = CreatePlanArgs::parse(data)?;
    payer(operator)?;
    system_program(system)?;
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
    let currency = currency_of(mint)?;

    let operator_key = operator.address().to_bytes();
    let bump = create_pda::<Plan>(
        operator,
        plan_account,
        &[seeds::PLAN, &operator_key, &args.plan_id],
        program_id,
    )?;
    let mut data = plan_account.try_borrow_mut()?;
    let plan = Plan::initialize(&mut data)?;
    let now = now()?.to_le_bytes();
    plan.bump = bump;
    plan.status = PlanStatus::Active as u8;
    plan.operator = operator_key;
    plan.plan_id = args.plan_id;
    plan.smdp_record = record.address().to_bytes();
    plan.mint = currency.mint;
    plan.token_program = currency.token_program;
    plan.decimals = currency.decimals;
    plan.price = args.terms.price;
    plan.data_quota_mb = args.terms.data_quota_mb;
    plan.validity_seconds = args.terms.validity_seconds;
    plan.coverage = args.terms.coverage;
    plan.created_at = now;
    plan.updated_at = now;

    emit(&PlanCreated {
        plan: plan_account.address().to_bytes(),
        operator: operator_key,
        plan_id: u64::from_le_bytes(args.plan_id),
        mint: currency.mint,
        price: u64::from_le_bytes(args.terms.price),
        data_quota_mb: u64::from_le_bytes(args.terms.data_quota_mb),
        validity_seconds: u64::from_le_bytes(args.terms.validity_seconds),
    });
    Ok(())
}
