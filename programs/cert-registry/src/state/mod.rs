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
pub use verifying_key::VerifyingKey;

pub use openrsp_framework::layout::{
    i64_from, u32_from, u64_from, AccountLayout, Groth16VerifyingKeyBytes, ACCOUNT_VERSION,
};

/// Lifecycle shared by trust anchors and verifying keys.
pub const STATUS_ACTIVE: u8 = 1;
/// Retired: kept readable, admits nothing new.
pub const STATUS_RETIRED: u8 = 2;
