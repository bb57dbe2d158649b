//! PDA seed prefixes. Every account the program owns is a PDA under one of these.

/// `["registry"]`: the single governance account.
pub const REGISTRY: &[u8] = b"registry";
/// `["trust_anchor", key_id]`: a CI root, addressed by its 20-byte subject key identifier.
pub const TRUST_ANCHOR: &[u8] = b"trust_anchor";
/// `["verifying_key", anchor key_id, circuit_id (u32 LE)]`: one circuit's Groth16 verifying key for
/// one CI, so two CIs never compete for an address and every revision has its own.
pub const VERIFYING_KEY: &[u8] = b"verifying_key";
/// `["certificate", commitment]`: a certificate record, addressed by the Poseidon commitment to the
/// certificate's TBS, so whoever holds the certificate can find the record and nobody else learns it.
pub const CERTIFICATE: &[u8] = b"certificate";
/// `["eum_tree"]`: the Merkle tree of registered EUM keys that eID proofs are made against.
pub const EUM_TREE: &[u8] = b"eum_tree";
/// `["eum_key", x coordinate]`: the marker that an EUM key holds a leaf of the EUM tree.
pub const EUM_KEY: &[u8] = b"eum_key";
