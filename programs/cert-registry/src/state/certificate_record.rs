use super::AccountLayout;

/// Status of a certificate record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum CertificateStatus {
    Valid = 1,
    Revoked = 2,
}

/// A certificate admitted by proof. PDA `["certificate", commitment]`.
///
/// Holds only what the statement made public: never the certificate, so a reader learns nothing
/// about it unless they already hold it and recompute the commitment.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertificateRecord {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    /// [`CertificateStatus`] as a byte.
    pub status: u8,
    /// GSMA role (`statement::Role`).
    pub role: u8,
    /// Circuit whose proof admitted the certificate (u32 LE).
    pub circuit_id: [u8; 4],
    /// CI key id the certificate chains to.
    pub anchor_key_id: [u8; 20],
    /// Poseidon commitment to the certificate's TBS (a BN254 field element, big-endian).
    pub commitment: [u8; 32],
    /// Hash of the certificate's subject public key (a BN254 field element, big-endian), so
    /// a peer presenting a key can be matched to a record.
    pub subject_key_hash: [u8; 32],
    /// Validity window, unix seconds (u64 LE).
    pub not_before: [u8; 8],
    pub not_after: [u8; 8],
    /// Who registered it (bound into the proof).
    pub registrant: [u8; 32],
    pub registered_at: [u8; 8],
    /// 0 until revoked.
    pub revoked_at: [u8; 8],
    /// Who revoked it, zero until revoked.
    pub revoked_by: [u8; 32],
    /// RFC 5280 CRLReason code.
    pub revocation_reason: u8,
    /// 1 when the record's leaf ([`CertificateRecord::eum_leaf`]) is in the EUM tree (EUM
    /// certificates), 0 otherwise; back to 0 when revocation removes the leaf.
    pub in_eum_tree: u8,
    /// The leaf's index in the EUM tree (u32 LE), meaningful for EUM certificates.
    pub eum_leaf_index: [u8; 4],
    /// The certificate's subject public key (SEC1 compressed), whose signature of the possession
    /// message admitted the record (`possession`). Public anyway for every role the registry
    /// admits; it lets a reader match the key a peer presents without its certificate.
    pub subject_key: [u8; 33],
    pub reserved: [u8; 26],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for CertificateRecord {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("CertificateRecord");
}

impl CertificateRecord {
    pub fn is_revoked(&self) -> bool {
        self.status == CertificateStatus::Revoked as u8
    }

    /// Whether the certificate's key signed the registration (every record this program writes;
    /// a record written before proof of possession was required has no subject key).
    pub fn possession_proven(&self) -> bool {
        self.subject_key != [0; 33]
    }

    pub fn is_eum_leaf(&self) -> bool {
        self.in_eum_tree == 1
    }

    /// This record's leaf in the EUM tree (meaningful for EUM records): see
    /// [`crate::statement::eum_leaf`].
    pub fn eum_leaf(&self) -> Result<[u8; 32], openrsp_framework::errors::FrameworkError> {
        crate::statement::eum_leaf(
            &self.subject_key_hash,
            &self.anchor_key_id,
            u64::from_le_bytes(self.not_after),
        )
    }
}
