//! Pay-as-you-go vouchers. The consumer's device signs, off-chain, the cumulative amount it owes
//! for one subscription; the operator redeems the latest whenever it likes.
//!
//! The signature is checked by the Ed25519 precompile in the instruction right before the
//! redemption; this program reads that instruction through the instructions sysvar and accepts it
//! only if it verifies exactly one signature whose key, message and signature all lie inside the
//! precompile instruction itself (offset indices `u16::MAX`). Without that last check a transaction
//! could have the precompile verify one message while this program reads another.

use crate::errors::BillingError;
use pinocchio::{
    sysvars::instructions::{Instructions, INSTRUCTIONS_ID},
    AccountView, Address,
};

/// The Ed25519 signature-verification precompile.
pub const ED25519_PROGRAM: Address =
    Address::from_str_const("Ed25519SigVerify111111111111111111111111111");

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

/// Layout of the precompile's data: count (u8), padding (u8), then per signature seven u16:
/// signature offset and instruction, key offset and instruction, message offset, size, instruction.
const OFFSETS_START: usize = 2;
const THIS_INSTRUCTION: u16 = u16::MAX;

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(*data.get(at..)?.first_chunk::<2>()?))
}

/// Requires that the instruction before the current one is the Ed25519 precompile verifying
/// `message` under `key`.
pub fn require_signed(
    instructions: &AccountView,
    key: &[u8; 32],
    message: &[u8; VOUCHER_LEN],
) -> Result<(), BillingError> {
    if instructions.address() != &INSTRUCTIONS_ID {
        return Err(BillingError::InvalidVoucherSignature);
    }
    let sysvar =
        Instructions::try_from(instructions).map_err(|_| BillingError::InvalidVoucherSignature)?;
    let current = sysvar.load_current_index();
    let previous = current
        .checked_sub(1)
        .ok_or(BillingError::InvalidVoucherSignature)?;
    let verify = sysvar
        .load_instruction_at(previous as usize)
        .map_err(|_| BillingError::InvalidVoucherSignature)?;
    if verify.get_program_id() != &ED25519_PROGRAM {
        return Err(BillingError::InvalidVoucherSignature);
    }
    let data = verify.get_instruction_data();
    let signed = (|| {
        if *data.first()? != 1 {
            return None;
        }
        let field = |i: usize| u16_at(data, OFFSETS_START + 2 * i);
        let (signature_ix, key_offset, key_ix) = (field(1)?, field(2)?, field(3)?);
        let (message_offset, message_size, message_ix) = (field(4)?, field(5)?, field(6)?);
        if [signature_ix, key_ix, message_ix] != [THIS_INSTRUCTION; 3] {
            return None;
        }
        let signed_key = data.get(key_offset as usize..)?.get(..32)?;
        let signed_message = data
            .get(message_offset as usize..)?
            .get(..message_size as usize)?;
        Some(signed_key == key && signed_message == message)
    })();
    if signed == Some(true) {
        Ok(())
    } else {
        Err(BillingError::InvalidVoucherSignature)
    }
}
