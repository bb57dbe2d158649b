use super::AccountLayout;

/// A consumer's EID commitment. PDA `["eid_commitment", nullifier]`, so there is one per EID and
/// purpose, and its address stays the same across rotations: orders and subscriptions name it.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EidCommitment {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    /// The consumer's key, bound into the proof: only it can rotate or revoke.
    pub owner: [u8; 32],
    /// `Poseidon(EID, salt)`, a BN254 field element, big-endian.
    pub commitment: [u8; 32],
    /// `Poseidon(EID, purpose)`.
    pub nullifier: [u8; 32],
    /// What the registration is for, a field element chosen by the application.
    pub purpose: [u8; 32],
    /// The EUM tree root the latest proof was made against.
    pub root: [u8; 32],
    /// Unix seconds (i64 LE).
    pub registered_at: [u8; 8],
    /// 0 until the first rotation.
    pub rotated_at: [u8; 8],
    /// u32 LE.
    pub rotations: [u8; 4],
    /// Key id of the CI trust anchor behind the EUM of the latest proof: which CI vouches for
    /// this chip (a reader may trust some anchors and not others).
    pub anchor_key_id: [u8; 20],
    pub reserved: [u8; 12],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for EidCommitment {
    const DISCRIMINATOR: [u8; 8] = [182, 96, 93, 171, 110, 59, 244, 61];
}
