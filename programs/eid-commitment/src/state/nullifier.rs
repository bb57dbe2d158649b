use super::AccountLayout;

/// The mark that an EID registered for a purpose. PDA `["nullifier", nullifier]`; never closed,
/// so it also holds the freshest chip binding seen for the EID and purpose: evidence made earlier
/// (by a former holder, say) can never be used again.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nullifier {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    /// The nullifier value this mark is for (its PDA seed).
    pub nullifier: [u8; 32],
    pub purpose: [u8; 32],
    /// Who registered first (the commitment's owner at the time).
    pub registrant: [u8; 32],
    /// Unix seconds (i64 LE).
    pub used_at: [u8; 8],
    /// The slot (u64 LE) the latest accepted chip binding named; every registration, rotation or
    /// takeover must name a later one.
    pub bound_slot: [u8; 8],
    pub reserved: [u8; 32],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for Nullifier {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("Nullifier");
}
