//! One file per instruction. Each declares its accounts (in order), its arguments, and `process`.

pub mod accept_authority;
pub mod add_trust_anchor;
pub mod add_verifying_key;
pub mod cancel_authority;
pub mod initialize_eum_tree;
pub mod initialize_registry;
pub mod propose_authority;
pub mod register_certificate;
pub mod retire_trust_anchor;
pub mod retire_verifying_key;
pub mod revoke_certificate;
pub mod revoke_eum_certificate;
pub mod set_paused;

/// Anchor instruction discriminators: `sha256("global:<instruction_name>")[..8]`.
pub mod discriminator {
    pub use openrsp_framework::governance::discriminator::{
        ACCEPT_AUTHORITY, CANCEL_AUTHORITY, PROPOSE_AUTHORITY, SET_PAUSED,
    };
    pub const INITIALIZE_REGISTRY: [u8; 8] = [189, 181, 20, 17, 174, 57, 249, 59];
    pub const ADD_TRUST_ANCHOR: [u8; 8] = [206, 57, 217, 73, 109, 228, 48, 207];
    pub const RETIRE_TRUST_ANCHOR: [u8; 8] = [24, 12, 59, 11, 75, 210, 76, 134];
    pub const ADD_VERIFYING_KEY: [u8; 8] = [251, 225, 114, 52, 4, 217, 248, 129];
    pub const RETIRE_VERIFYING_KEY: [u8; 8] = [222, 93, 206, 140, 162, 153, 128, 47];
    pub const REGISTER_CERTIFICATE: [u8; 8] = [228, 31, 247, 186, 188, 173, 35, 201];
    pub const REVOKE_CERTIFICATE: [u8; 8] = [236, 5, 130, 119, 9, 164, 130, 122];
    pub const INITIALIZE_EUM_TREE: [u8; 8] = [57, 67, 140, 75, 79, 227, 182, 198];
    pub const REVOKE_EUM_CERTIFICATE: [u8; 8] = [219, 246, 139, 145, 222, 178, 233, 242];

    /// `(instruction name, discriminator)` for every instruction, for the IDL and its tests.
    pub const ALL: [(&str, [u8; 8]); 13] = [
        ("initialize_registry", INITIALIZE_REGISTRY),
        ("propose_authority", PROPOSE_AUTHORITY),
        ("accept_authority", ACCEPT_AUTHORITY),
        ("cancel_authority", CANCEL_AUTHORITY),
        ("set_paused", SET_PAUSED),
        ("add_trust_anchor", ADD_TRUST_ANCHOR),
        ("retire_trust_anchor", RETIRE_TRUST_ANCHOR),
        ("add_verifying_key", ADD_VERIFYING_KEY),
        ("retire_verifying_key", RETIRE_VERIFYING_KEY),
        ("register_certificate", REGISTER_CERTIFICATE),
        ("revoke_certificate", REVOKE_CERTIFICATE),
        ("initialize_eum_tree", INITIALIZE_EUM_TREE),
        ("revoke_eum_certificate", REVOKE_EUM_CERTIFICATE),
    ];
}

use crate::state::Registry;
use pinocchio::AccountView;

/// The registry's authority must sign (the check all four programs share).
pub(crate) fn require_authority(
    registry: &Registry,
    signer: &AccountView,
) -> Result<(), pinocchio::error::ProgramError> {
    openrsp_framework::governance::require_authority(registry, signer)
}
