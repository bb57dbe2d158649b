//! Step one of a two-step authority hand-over: the authority names a successor, who must accept,
//! so a mistyped key cannot lock governance out. Proposing the zero key withdraws a proposal, as
//! `cancel_authority` does.
//!
//! Accounts: `authority` (signer), `config` (writable). Arguments: `new_authority`. The checks and the event are the
//! governance every OpenRSP program shares (`openrsp_framework::governance`).

use crate::state::EscrowConfig;
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    openrsp_framework::governance::propose_authority::<EscrowConfig>(program_id, accounts, data)
}
