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

/// `["subscription", plan, eid_commitment, consumer]`.
pub fn subscription(
    program_id: &Address,
    plan: &Address,
    eid_commitment: &Address,
    consumer: &Address,
) -> (Address, u8) {
    Address::find_program_address(
        &[
            seeds::SUBSCRIPTION,
            plan.as_ref(),
            eid_commitment.as_ref(),
            consumer.as_ref(),
        ],
        program_id,
    )
}

/// `["vault", owner]` under `program_id`: the vault of a subscription (usdc-billing) or of an order
/// (profile-escrow, same seeds under its own id).
pub fn vault(program_id: &Address, owner: &Address) -> (Address, u8) {
    Address::find_program_address(&[seeds::VAULT, owner.as_ref()], program_id)
}
