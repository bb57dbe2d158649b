//! Step two of the authority hand-over: the proposed key signs and becomes the authority.
//!
//! Accounts: `new_authority` (signer), `config` (writable). The checks and the event are the
//! governance every OpenRSP program shares (`openrsp_framework::governance`).

use crate::state::EidConfig;
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    openrsp_framework::governance::accept_authority::<EidConfig>(program_id, accounts, data)
}
