//! Signatures checked by a signature-verification precompile (Ed25519 or secp256r1) in the
//! instruction right before the current one.
//!
//! A precompile verifies and aborts the transaction on failure, but it knows nothing about what
//! the program expects: the program reads that instruction through the instructions sysvar and
//! accepts it only if it verifies exactly one signature whose key, message and signature all lie
//! inside the precompile instruction itself (offset indices `u16::MAX`) and are the key and
//! message the program expects. Without the last checks a transaction could have the precompile
//! verify one message while the program reads another.
//!
//! Both precompiles share the data layout: count (u8), padding (u8), then per signature seven
//! little-endian u16: signature offset and instruction, key offset and instruction, message
//! offset, size and instruction.

use pinocchio::{
    sysvars::instructions::{Instructions, INSTRUCTIONS_ID},
    AccountView, Address,
};

/// The Ed25519 signature-verification precompile.
pub const ED25519_PROGRAM: Address =
    Address::from_str_const("Ed25519SigVerify111111111111111111111111111");

/// The secp256r1 (P-256) signature-verification precompile (SIMD-0075): 33-byte compressed keys,
/// 64-byte `r || s` signatures, low S only.
pub const SECP256R1_PROGRAM: Address =
    Address::from_str_const("Secp256r1SigVerify1111111111111111111111111");

const OFFSETS_START: usize = 2;
const THIS_INSTRUCTION: u16 = u16::MAX;

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(*data.get(at..)?.first_chunk::<2>()?))
}

/// Whether the instruction before the current one is `precompile` verifying exactly one
/// signature, by `key` over `message`, everything inside that instruction. `instructions` must be
/// the instructions sysvar. Callers map `false` to their own error.
pub fn signed_in_previous_instruction(
    instructions: &AccountView,
    precompile: &Address,
    key: &[u8],
    message: &[u8],
) -> bool {
    if instructions.address() != &INSTRUCTIONS_ID {
        return false;
    }
    let Ok(sysvar) = Instructions::try_from(instructions) else {
        return false;
    };
    let Some(previous) = sysvar.load_current_index().checked_sub(1) else {
        return false;
    };
    let Ok(verify) = sysvar.load_instruction_at(previous as usize) else {
        return false;
    };
    if verify.get_program_id() != precompile {
        return false;
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
        let signed_key = data.get(key_offset as usize..)?.get(..key.len())?;
        let signed_message = data
            .get(message_offset as usize..)?
            .get(..message_size as usize)?;
        Some(signed_key == key && signed_message == message)
    })();
    signed == Some(true)
}
