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
    pub const INITIALIZE_REGISTRY: [u8; 8] =
        openrsp_framework::discriminator::instruction("initialize_registry");
    pub const ADD_TRUST_ANCHOR: [u8; 8] =
        openrsp_framework::discriminator::instruction("add_trust_anchor");
    pub const RETIRE_TRUST_ANCHOR: [u8; 8] =
        openrsp_framework::discriminator::instruction("retire_trust_anchor");
    pub const ADD_VERIFYING_KEY: [u8; 8] =
        openrsp_framework::discriminator::instruction("add_verifying_key");
    pub const RETIRE_VERIFYING_KEY: [u8; 8] =
        openrsp_framework::discriminator::instruction("retire_verifying_key");
    pub const REGISTER_CERTIFICATE: [u8; 8] =
        openrsp_framework::discriminator::instruction("register_certificate");
    pub const REVOKE_CERTIFICATE: [u8; 8] =
        openrsp_framework::discriminator::instruction("revoke_certificate");
    pub const INITIALIZE_EUM_TREE: [u8; 8] =
        openrsp_framework::discriminator::instruction("initialize_eum_tree");
    pub const REVOKE_EUM_CERTIFICATE: [u8; 8] =
        openrsp_framework::discriminator::instruction("revoke_eum_certificate");

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
