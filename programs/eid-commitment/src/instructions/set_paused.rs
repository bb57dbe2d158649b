//! Pauses or resumes registrations and rotations (an incident brake: a broken circuit, a leaked
//! EUM key before its revocation lands). Revocation by owners goes on.
//!
//! Accounts: `authority` (signer), `config` (writable). Arguments: `paused` (bool). The checks and the event are the
//! governance every OpenRSP program shares (`openrsp_framework::governance`).

use crate::state::EidConfig;
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    openrsp_framework::governance::set_paused::<EidConfig>(program_id, accounts, data)
}
