//! Pauses or resumes new orders (an incident brake: a plan or an operator gone wrong):
//! `create_order` is refused; orders already paid for settle as always (cancel, accept, deliver,
//! confirm, dispute, claim, refund, resolve).
//!
//! Accounts: `authority` (signer), `config` (writable). Arguments: `paused` (bool). The checks and the event are the
//! governance every OpenRSP program shares (`openrsp_framework::governance`).

use crate::state::EscrowConfig;
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    openrsp_framework::governance::set_paused::<EscrowConfig>(program_id, accounts, data)
}
