//! Pauses or resumes certificate registration. A pause is the brake for an incident (a broken
//! circuit, a leaked CI key): it stops new registrations while governance and revocation go on.
//!
//! Accounts: `authority` (signer), `registry` (writable). Arguments: `paused` (bool). The checks and the event are the
//! governance every OpenRSP program shares (`openrsp_framework::governance`).

use crate::state::Registry;
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    openrsp_framework::governance::set_paused::<Registry>(program_id, accounts, data)
}
