//! PDA seed prefixes.

/// `["config"]`: authority, registry and verifying key.
pub const CONFIG: &[u8] = b"config";
/// `["eid_commitment", nullifier]`: a consumer's commitment, one per EID and purpose.
pub const EID_COMMITMENT: &[u8] = b"eid_commitment";
/// `["nullifier", nullifier]`: the permanent mark that an EID was registered for a purpose. It
/// outlives the commitment, so revoking does not free the EID for a second registration.
pub const NULLIFIER: &[u8] = b"nullifier";
