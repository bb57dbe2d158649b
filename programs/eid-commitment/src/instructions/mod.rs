//! One file per instruction. Each declares its accounts (in order), its arguments, and `process`.

pub mod accept_authority;
pub mod initialize_config;
pub mod propose_authority;
pub mod register_commitment;
pub mod revoke_commitment;
pub mod rotate_commitment;
pub mod set_paused;
pub mod set_verifying_key;

/// Anchor instruction discriminators: `sha256("global:<instruction_name>")[..8]`.
pub mod discriminator {
    pub const INITIALIZE_CONFIG: [u8; 8] = [208, 127, 21, 1, 194, 190, 196, 70];
    pub const SET_VERIFYING_KEY: [u8; 8] = [79, 162, 161, 210, 103, 106, 246, 78];
    pub const SET_PAUSED: [u8; 8] = [91, 60, 125, 192, 176, 225, 166, 218];
    pub const PROPOSE_AUTHORITY: [u8; 8] = [20, 148, 236, 198, 76, 119, 99, 142];
    pub const ACCEPT_AUTHORITY: [u8; 8] = [107, 86, 198, 91, 33, 12, 107, 160];
    pub const REGISTER_COMMITMENT: [u8; 8] = [255, 61, 47, 193, 196, 213, 24, 136];
    pub const ROTATE_COMMITMENT: [u8; 8] = [36, 6, 189, 73, 90, 123, 46, 143];
    pub const REVOKE_COMMITMENT: [u8; 8] = [136, 63, 150, 38, 176, 128, 1, 76];

    /// `(instruction name, discriminator)` for every instruction, for the IDL and its tests.
    pub const ALL: [(&str, [u8; 8]); 8] = [
        ("initialize_config", INITIALIZE_CONFIG),
        ("set_verifying_key", SET_VERIFYING_KEY),
        ("set_paused", SET_PAUSED),
        ("propose_authority", PROPOSE_AUTHORITY),
        ("accept_authority", ACCEPT_AUTHORITY),
        ("register_commitment", REGISTER_COMMITMENT),
        ("rotate_commitment", ROTATE_COMMITMENT),
        ("revoke_commitment", REVOKE_COMMITMENT),
    ];
}

use crate::{errors::EidError, state::EidConfig};
use cert_registry::{
    state::{AccountLayout, EumTree, TrustAnchor},
    utils::accounts::{load, signer},
};
use pinocchio::{AccountView, Address};

/// The config's authority must sign.
pub(crate) fn require_authority(
    config: &EidConfig,
    account: &AccountView,
) -> Result<(), pinocchio::error::ProgramError> {
    signer(account)?;
    if account.address().as_ref() == &config.authority[..] {
        Ok(())
    } else {
        Err(EidError::Unauthorized.into())
    }
}

/// Checks that `root` is the current or a recent root of the configured registry's EUM tree.
pub(crate) fn require_known_root(
    config: &EidConfig,
    tree_account: &AccountView,
    root: &[u8; 32],
) -> Result<(), pinocchio::error::ProgramError> {
    let registry = Address::new_from_array(config.registry_program);
    if !tree_account.owned_by(&registry) {
        return Err(EidError::WrongRegistry.into());
    }
    let tree = load::<EumTree>(tree_account, &registry)?;
    if tree.is_known_root(root) {
        Ok(())
    } else {
        Err(EidError::UnknownRoot.into())
    }
}

/// How far behind the chain's clock an EID statement's `valid_at` may be. Long enough to prove
/// (under a minute) and send; short enough that an EUM certificate past its notAfter stops
/// admitting EIDs within the hour.
pub const MAX_PROOF_AGE: i64 = 3_600;

/// What an EID proof's statement says about its EUM, besides the proof itself: the tree root it
/// was made against, the CI anchor whose key id the EUM's leaf carries, and the time at which the
/// EUM certificate was still valid.
pub(crate) struct ProofContext<'a> {
    pub root: &'a [u8; 32],
    pub anchor_key_id: &'a [u8; 20],
    pub valid_at: u64,
}

impl ProofContext<'_> {
    /// Checks the root against the registry's EUM tree, the anchor against the registry's active
    /// trust anchors, and `valid_at` against the clock (`now`).
    pub(crate) fn require(
        &self,
        config: &EidConfig,
        tree_account: &AccountView,
        anchor_account: &AccountView,
        now: i64,
    ) -> Result<(), pinocchio::error::ProgramError> {
        require_known_root(config, tree_account, self.root)?;
        let registry = Address::new_from_array(config.registry_program);
        if !anchor_account.owned_by(&registry) {
            return Err(EidError::WrongTrustAnchor.into());
        }
        let anchor = load::<TrustAnchor>(anchor_account, &registry)?;
        if anchor.key_id != *self.anchor_key_id {
            return Err(EidError::WrongTrustAnchor.into());
        }
        if !anchor.is_active() {
            return Err(EidError::TrustAnchorRetired.into());
        }
        let valid_at = i64::try_from(self.valid_at).map_err(|_| EidError::ProofTimeInFuture)?;
        if valid_at > now {
            return Err(EidError::ProofTimeInFuture.into());
        }
        if now.saturating_sub(valid_at) > MAX_PROOF_AGE {
            return Err(EidError::ProofTooOld.into());
        }
        Ok(())
    }
}

/// Proof arguments shared by registration and rotation: point A already negated.
#[repr(C)]
pub struct ProofArgs {
    pub proof_a: [u8; 64],
    pub proof_b: [u8; 128],
    pub proof_c: [u8; 64],
}

const _: () = assert!(core::mem::size_of::<ProofArgs>() == 256 && EumTree::LEN > 0);
