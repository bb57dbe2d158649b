//! Addresses of the program's accounts.

use profile_escrow::seeds;
use solana_address::Address;

pub fn config(program_id: &Address) -> (Address, u8) {
    Address::find_program_address(&[seeds::CONFIG], program_id)
}

/// `["order", consumer, order_id]`.
pub fn order(program_id: &Address, consumer: &Address, order_id: u64) -> (Address, u8) {
    Address::find_program_address(
        &[seeds::ORDER, consumer.as_ref(), &order_id.to_le_bytes()],
        program_id,
    )
}

/// `["vault", order]` under this program.
pub fn vault(program_id: &Address, order: &Address) -> (Address, u8) {
    crate::usdc_billing::pda::vault(program_id, order)
}
