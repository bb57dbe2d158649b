use super::AccountLayout;
use crate::errors::RegistryError;

/// The governance account: who may change the registry, and whether it admits registrations.
/// PDA `["registry"]`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Registry {
    pub discriminator: [u8; 8],
    pub version: u8,
    /// Canonical bump of this PDA.
    pub bump: u8,
    /// 1 while paused: `register_certificate` is refused; governance and revocation still work.
    pub paused: u8,
    /// May add and retire trust anchors and verifying keys, pause, revoke any record, and propose
    /// a successor. Any key: a plain wallet, a multisig vault, a DAO's PDA.
    pub authority: [u8; 32],
    /// Proposed successor, all zeroes when none is pending (the zero address is the system
    /// program, which can never sign).
    pub pending_authority: [u8; 32],
    /// Room for fields added by later layout versions.
    pub reserved: [u8; 64],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for Registry {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("Registry");
}

impl Registry {
    pub fn is_paused(&self) -> bool {
        self.paused != 0
    }

    pub fn has_pending_authority(&self) -> bool {
        self.pending_authority != [0; 32]
    }
}

openrsp_framework::governed!(
    Registry,
    RegistryError::Unauthorized,
    crate::events::PauseChanged
);
