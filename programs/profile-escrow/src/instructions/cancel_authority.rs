//! Withdraws a pending hand-over (a successor named by mistake, or one whose key is lost).
//!
//! Accounts: `authority` (signer), `config` (writable). The checks and the event are the
//! governance every OpenRSP program shares (`openrsp_framework::governance`).

use crate::state::EscrowConfig;
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    openrsp_framework::governance::cancel_authority::<EscrowConfig>(program_id, accounts, data)
}
