//! Withdraws a pending hand-over (a successor named by mistake, or one whose key is lost).
//!
//! Accounts: `authority` (signer), `registry` (writable). The checks and the event are the
//! governance every OpenRSP program shares (`openrsp_framework::governance`).

use crate::state::Registry;
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    openrsp_framework::governance::cancel_authority::<Registry>(program_id, accounts, data)
}
