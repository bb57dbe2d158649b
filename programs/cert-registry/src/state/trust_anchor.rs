use super::{AccountLayout, STATUS_ACTIVE};

/// Elliptic curves of GSMA CI keys (SGP.22 allows NIST P-256 and brainpoolP256r1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Curve {
    NistP256 = 1,
    BrainpoolP256r1 = 2,
}

impl Curve {
    pub const fn from_u8(v: u8) -> Option<Self> {
        match v {
            1 => Some(Curve::NistP256),
            2 => Some(Curve::BrainpoolP256r1),
            _ => None,
        }
    }
}

/// A registered GSMA Certificate Issuer root. PDA `["trust_anchor", key_id]`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrustAnchor {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    /// [`STATUS_ACTIVE`] or `STATUS_RETIRED`.
    pub status: u8,
    /// [`Curve`] as a byte.
    pub curve: u8,
    /// The CI certificate's subjectKeyIdentifier: what issued certificates name in their
    /// authorityKeyIdentifier, and so what a certificate proof is bound to.
    pub key_id: [u8; 20],
    /// Uncompressed public key, x then y, 32 bytes each, big-endian.
    pub public_key: [u8; 64],
    /// Human-readable name, UTF-8, zero-padded.
    pub name: [u8; 32],
    /// Unix time of registration.
    pub registered_at: [u8; 8],
    /// Unix time of retirement, 0 while active.
    pub retired_at: [u8; 8],
    pub reserved: [u8; 64],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for TrustAnchor {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("TrustAnchor");
}

impl TrustAnchor {
    pub fn is_active(&self) -> bool {
        self.status == STATUS_ACTIVE
    }
}
