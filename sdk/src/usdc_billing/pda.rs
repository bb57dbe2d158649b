//! Addresses of the program's accounts.

use solana_address::Address;
use usdc_billing::seeds;

pub fn config(program_id: &Address) -> (Address, u8) {
    Address::find_program_address(&[seeds::CONFIG], program_id)
}

pub fn plan(program_id: &Address, operator: &Address, plan_id: u64) -> (Address, u8) {
    Address::find_program_address(
        &[seeds::PLAN, operator.as_ref(), &plan_id.to_le_bytes()],
        program_id,
    )
}
