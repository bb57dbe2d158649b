//! Pauses or resumes plan changes (an incident brake: a broken registry key, a bad fee). Payments
//! on existing subscriptions go on.
//!
//! Accounts: `authority` (signer), `config` (writable). Arguments: `paused` (bool). The checks and the event are the
//! governance every OpenRSP program shares (`openrsp_framework::governance`).

use crate::state::BillingConfig;
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    openrsp_framework::governance::set_paused::<BillingConfig>(program_id, accounts, data)
}
