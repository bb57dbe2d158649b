use super::AccountLayout;

/// Marks an EUM key as holding a leaf of the EUM tree. PDA `["eum_key", x]` over the key's x
/// coordinate (a key and its negation share it, and whoever holds one private key holds the
/// other), so the same key certified twice, under any CI or IIN, has one live leaf, and one
/// revocation removes it. Created by an EUM registration, closed by its revocation.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EumKey {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    /// The certificate record whose leaf this key holds.
    pub record: [u8; 32],
    pub reserved: [u8; 32],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for EumKey {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("EumKey");
}
