//! Pay-as-you-go vouchers. The consumer's device signs, off-chain, the cumulative amount it owes
//! for one subscription; the operator redeems the latest whenever it likes.
//!
//! The signature is checked by the Ed25519 precompile in the instruction right before the
//! redemption, read back as `openrsp_framework::precompile` explains.

use crate::errors::BillingError;
use openrsp_framework::precompile::signed_in_previous_instruction;
pub use openrsp_framework::precompile::ED25519_PROGRAM;
use pinocchio::AccountView;

/// Domain separation: a voucher signature can never be mistaken for a transaction or another
/// OpenRSP message.
pub const VOUCHER_DOMAIN: [u8; 16] = *b"openrsp/voucher1";

/// `domain || billing program || subscription || cumulative (u64 LE) || issued_at (i64 LE)`.
pub const VOUCHER_LEN: usize = 16 + 32 + 32 + 8 + 8;

/// The bytes a device signs. Binding the program and the subscription makes a voucher worthless
/// for any other subscription or deployment.
pub fn voucher_message(
    program_id: &[u8; 32],
    subscription: &[u8; 32],
    cumulative: u64,
    issued_at: i64,
) -> [u8; VOUCHER_LEN] {
    let mut message = [0u8; VOUCHER_LEN];
    message[..16].copy_from_slice(&VOUCHER_DOMAIN);
    message[16..48].copy_from_slice(program_id);
    message[48..80].copy_from_slice(subscription);
    message[80..88].copy_from_slice(&cumulative.to_le_bytes());
    message[88..].copy_from_slice(&issued_at.to_le_bytes());
    message
}

/// Requires that the instruction before the current one is the Ed25519 precompile verifying
/// `message` under `key`.
pub fn require_signed(
    instructions: &AccountView,
    key: &[u8; 32],
    message: &[u8; VOUCHER_LEN],
) -> Result<(), BillingError> {
    if signed_in_previous_instruction(instructions, &ED25519_PROGRAM, key, message) {
        Ok(())
    } else {
        Err(BillingError::InvalidVoucherSignature)
    }
}
