//! Account layouts. Every account is `#[repr(C)]` over byte arrays only (alignment 1), so a layout
//! is exactly its Borsh encoding: Anchor clients decode it from the IDL, and the program reads it in
//! place without copying. Integers are little-endian, as Borsh writes them.

mod certificate_record;
mod eum_key;
mod eum_tree;
mod registry;
mod trust_anchor;
mod verifying_key;

pub use certificate_record::{CertificateRecord, CertificateStatus};
pub use eum_key::EumKey;
pub use eum_tree::{EumTree, EUM_ROOT_HISTORY, EUM_TREE_CAPACITY, EUM_TREE_DEPTH, ZERO_HASHES};
pub use registry::Registry;
pub use trust_anchor::{Curve, TrustAnchor};
pub use verifying_key::{Groth16VerifyingKeyBytes, VerifyingKey};

use crate::errors::RegistryError;

/// Layout version written by this program into every account it creates.
pub const ACCOUNT_VERSION: u8 = 1;

/// Lifecycle shared by trust anchors and verifying keys.
pub const STATUS_ACTIVE: u8 = 1;
/// Retired: kept readable, admits nothing new.
pub const STATUS_RETIRED: u8 = 2;

/// An account type of this program: an Anchor discriminator and a fixed, alignment-1 layout whose
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
    fn from_bytes(data: &[u8]) -> Result<&Self, RegistryError> {
        check_layout::<Self>(data)?;
        // SAFETY: size checked; alignment is 1 and every bit pattern is valid (trait contract).
        Ok(unsafe { &*(data.as_ptr() as *const Self) })
    }

    /// Mutable view of account data, with the same checks as [`AccountLayout::from_bytes`].
    fn from_bytes_mut(data: &mut [u8]) -> Result<&mut Self, RegistryError> {
        check_layout::<Self>(data)?;
        // SAFETY: as above; the borrow is unique.
        Ok(unsafe { &mut *(data.as_mut_ptr() as *mut Self) })
    }

    /// Writes the discriminator and version into freshly allocated (zeroed) data and returns the
    /// view for the caller to fill in the rest.
    fn initialize(data: &mut [u8]) -> Result<&mut Self, RegistryError> {
        if data.len() != Self::LEN {
            return Err(RegistryError::InvalidAccountData);
        }
        data[..8].copy_from_slice(&Self::DISCRIMINATOR);
        data[8] = ACCOUNT_VERSION;
        // SAFETY: size checked; alignment 1; all bit patterns valid.
        Ok(unsafe { &mut *(data.as_mut_ptr() as *mut Self) })
    }
}

fn check_layout<T: AccountLayout>(data: &[u8]) -> Result<(), RegistryError> {
    if data.len() != T::LEN || data[..8] != T::DISCRIMINATOR {
        return Err(RegistryError::InvalidAccountData);
    }
    if data[8] != ACCOUNT_VERSION {
        return Err(RegistryError::UnsupportedVersion);
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
