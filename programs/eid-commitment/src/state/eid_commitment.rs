use super::AccountLayout;

/// A consumer's EID commitment. PDA `["eid_commitment", nullifier]`, so there is one per EID and
/// purpose, and its address stays the same across rotations: orders and subscriptions name it.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EidCommitment {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    /// The consumer's key, bound into the proof and named by the chip's binding: only it can
    /// rotate or revoke. The chip's next holder can take the record over.
    pub owner: [u8; 32],
    /// `Poseidon(EID, salt)`, a BN254 field element, big-endian.
    pub commitment: [u8; 32],
    /// `Poseidon(EID, eUICC key x (two halves), purpose)`.
    pub nullifier: [u8; 32],
    /// What the registration is for: one of the config's purposes (`PURPOSE_PLANS`, ...), as a
    /// field element.
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
    /// The slot (u64 LE) the chip's latest binding named: the owner held the chip after it.
    pub bound_slot: [u8; 8],
    /// Unix seconds (i64 LE) of the latest takeover, 0 if none.
    pub taken_over_at: [u8; 8],
    /// u32 LE.
    pub takeovers: [u8; 4],
    pub reserved: [u8; 32],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for EidCommitment {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("EidCommitment");
}
