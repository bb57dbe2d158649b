//! Who may buy: the owner of an EID commitment registered in the eid-commitment program that the
//! billing config names. Read from the commitment account itself.

use crate::{errors::BillingError, state::BillingConfig};
use cert_registry::utils::accounts::load;
use eid_commitment::state::EidCommitment;
use pinocchio::{error::ProgramError, AccountView, Address};

/// Checks that `eid_account` is a commitment of the configured eid-commitment program owned by
/// `consumer`.
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
    Ok(())
}
