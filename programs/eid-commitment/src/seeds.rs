//! PDA seed prefixes.

/// `["config"]`: authority, registry and verifying key.
pub const CONFIG: &[u8] = b"config";
/// `["eid_commitment", nullifier]`: a consumer's commitment, one per EID and purpose.
pub const EID_COMMITMENT: &[u8] = b"eid_commitment";
/// `["nullifier", nullifier]`: the permanent mark that an EID was registered for a purpose, with
/// the latest chip binding accepted for it. It outlives the commitment: after a revocation only a
/// fresher binding (the chip's holder, after the revocation) registers the EID again.
pub const NULLIFIER: &[u8] = b"nullifier";
