//! Who may buy: the owner of an EID commitment registered in the eid-commitment program that the
//! billing config names (read from the commitment account itself), from an active plan whose
//! operator the registry still trusts (its SM-DP+ record, verifying key and trust anchor re-read
//! at every purchase), while billing is not paused.

use crate::{
    errors::BillingError,
    operator::OperatorTrust,
    state::{BillingConfig, Plan},
};
use eid_commitment::state::{purpose_field, EidCommitment, PURPOSE_PLANS};
use openrsp_framework::accounts::load;
use pinocchio::{error::ProgramError, AccountView, Address};

/// Checks that `eid_account` is a commitment of the configured eid-commitment program owned by
/// `consumer`, registered for plans (`PURPOSE_PLANS`): one chip is one consumer for plans, however
/// many other purposes it registers for.
pub fn require_eid_owner(
    config: &BillingConfig,
    eid_account: &AccountView,
    consumer: &AccountView,
) -> Result<(), ProgramError> {
    let eid_program = Address::new_from_array(config.eid_program);
    if !eid_account.owned_by(&eid_program) {
        return Err(BillingError::WrongEidProgram.into());
    }
    let eid = load::<EidCommitment>(eid_account, &eid_program)?;
    if consumer.address().as_ref() != &eid.owner[..] {
        return Err(BillingError::NotEidOwner.into());
    }
    if eid.purpose != purpose_field(PURPOSE_PLANS) {
        return Err(BillingError::WrongEidPurpose.into());
    }
    Ok(())
}

/// The accounts every purchase (a subscription, an escrow order) is checked on.
pub struct Purchase<'a> {
    pub config: &'a AccountView,
    pub plan: &'a AccountView,
    pub eid_commitment: &'a AccountView,
    pub consumer: &'a AccountView,
    /// The plan's SM-DP+ record (the one the plan names) and the registry accounts behind it.
    pub operator: OperatorTrust<'a>,
}

impl Purchase<'_> {
    /// Billing (of `billing_program`) is not paused, the consumer owns the EID commitment, the
    /// plan is active, and its operator is still trusted by the registry through the SM-DP+
    /// record the plan names. Returns a copy of the plan.
    pub fn check(&self, billing_program: &Address) -> Result<Plan, ProgramError> {
        let registry = {
            let config = load::<BillingConfig>(self.config, billing_program)?;
            if config.is_paused() {
                return Err(BillingError::Paused.into());
            }
            require_eid_owner(&config, self.eid_commitment, self.consumer)?;
            Address::new_from_array(config.registry_program)
        };
        let plan = *load::<Plan>(self.plan, billing_program)?;
        if !plan.is_active() {
            return Err(BillingError::PlanRetired.into());
        }
        if self.operator.record.address().as_array() != &plan.smdp_record {
            return Err(BillingError::WrongSmdpRecord.into());
        }
        self.operator.require(&registry, &plan.operator)?;
        Ok(plan)
    }
}
