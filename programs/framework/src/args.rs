//! Instruction arguments. Every instruction's arguments are a fixed-size, alignment-1 layout (the
//! Borsh encoding of its fields), so parsing is one exact-length check: truncated and oversized
//! data are both refused before anything is read.

use crate::errors::FrameworkError;

/// Fixed-layout instruction arguments.
///
/// # Safety
/// Implementors must be `#[repr(C)]` structs of `u8` / `[u8; N]` fields only.
pub unsafe trait InstructionArgs: Sized {
    const LEN: usize = core::mem::size_of::<Self>();

    /// Views `data` (the bytes after the discriminator) as the arguments.
    fn parse(data: &[u8]) -> Result<&Self, FrameworkError> {
        if data.len() != Self::LEN {
            return Err(FrameworkError::InvalidInstructionData);
        }
        // SAFETY: exact size; alignment 1; every bit pattern is valid (trait contract).
        Ok(unsafe { &*(data.as_ptr() as *const Self) })
    }
}

/// Instructions without arguments accept exactly zero bytes after the discriminator.
pub fn no_args(data: &[u8]) -> Result<(), FrameworkError> {
    if data.is_empty() {
        Ok(())
    } else {
        Err(FrameworkError::InvalidInstructionData)
    }
}

/// A Borsh `bool`: exactly 0 or 1.
pub fn parse_bool(b: u8) -> Result<bool, FrameworkError> {
    match b {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(FrameworkError::InvalidInstructionData),
    }
}
