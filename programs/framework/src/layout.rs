//! Account layouts. Every account is `#[repr(C)]` over byte arrays only (alignment 1), so a layout
//! is exactly its Borsh encoding: Anchor clients decode it from the IDL, and the program reads it in
//! place without copying. Integers are little-endian, as Borsh writes them.

use crate::errors::FrameworkError;

/// Layout version written into every account an OpenRSP program creates.
pub const ACCOUNT_VERSION: u8 = 1;

/// An account type of an OpenRSP program: an Anchor discriminator and a fixed, alignment-1 layout whose
/// first field is that discriminator and whose second is the layout version.
///
/// # Safety
/// Implementors must be `#[repr(C)]` structs made only of `u8` and `[u8; N]` fields (so that every
/// byte pattern is a valid value and the alignment is 1), starting with `discriminator: [u8; 8]`
/// and `version: u8`.
pub unsafe trait AccountLayout: Sized {
    /// `sha256("account:<Name>")[..8]`.
    const DISCRIMINATOR: [u8; 8];
    /// Size of the account data in bytes, discriminator included.
    const LEN: usize = core::mem::size_of::<Self>();

    /// Views account data as this type, checking size, discriminator and version.
    fn from_bytes(data: &[u8]) -> Result<&Self, FrameworkError> {
        check_layout::<Self>(data)?;
        // SAFETY: size checked; alignment is 1 and every bit pattern is valid (trait contract).
        Ok(unsafe { &*(data.as_ptr() as *const Self) })
    }

    /// Mutable view of account data, with the same checks as [`AccountLayout::from_bytes`].
    fn from_bytes_mut(data: &mut [u8]) -> Result<&mut Self, FrameworkError> {
        check_layout::<Self>(data)?;
        // SAFETY: as above; the borrow is unique.
        Ok(unsafe { &mut *(data.as_mut_ptr() as *mut Self) })
    }

    /// Writes the discriminator and version into freshly allocated (zeroed) data and returns the
    /// view for the caller to fill in the rest.
    fn initialize(data: &mut [u8]) -> Result<&mut Self, FrameworkError> {
        if data.len() != Self::LEN {
            return Err(FrameworkError::InvalidAccountData);
        }
        data[..8].copy_from_slice(&Self::DISCRIMINATOR);
        data[8] = ACCOUNT_VERSION;
        // SAFETY: size checked; alignment 1; all bit patterns valid.
        Ok(unsafe { &mut *(data.as_mut_ptr() as *mut Self) })
    }
}

fn check_layout<T: AccountLayout>(data: &[u8]) -> Result<(), FrameworkError> {
    if data.len() != T::LEN || data[..8] != T::DISCRIMINATOR {
        return Err(FrameworkError::InvalidAccountData);
    }
    if data[8] != ACCOUNT_VERSION {
        return Err(FrameworkError::UnsupportedVersion);
    }
    Ok(())
}

/// Little-endian integer fields stored as byte arrays.
#[inline(always)]
pub const fn u64_from(bytes: [u8; 8]) -> u64 {
    u64::from_le_bytes(bytes)
}

/// Little-endian u32 fields stored as byte arrays.
#[inline(always)]
pub const fn u32_from(bytes: [u8; 4]) -> u32 {
    u32::from_le_bytes(bytes)
}

/// Little-endian signed integer fields stored as byte arrays.
#[inline(always)]
pub const fn i64_from(bytes: [u8; 8]) -> i64 {
    i64::from_le_bytes(bytes)
}

/// A Groth16 (BN254) verifying key for a circuit with one public input, in the big-endian
/// uncompressed encoding of the alt_bn128 syscalls (what groth16-solana consumes).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Groth16VerifyingKeyBytes {
    pub alpha_g1: [u8; 64],
    pub beta_g2: [u8; 128],
    pub gamma_g2: [u8; 128],
    pub delta_g2: [u8; 128],
    /// `IC[0]` and `IC[1]`: the constant term and the coefficient of the single public input.
    pub ic: [[u8; 64]; 2],
}

impl Groth16VerifyingKeyBytes {
    pub const LEN: usize = core::mem::size_of::<Self>();
}
