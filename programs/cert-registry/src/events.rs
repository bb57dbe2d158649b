//! Events, one per state change, in Anchor's `emit!` encoding (`openrsp_framework::events`).

pub use openrsp_framework::events::emit;

/// The governance events, shared by the four programs.
pub use openrsp_framework::governance::events::{
    AuthorityAccepted, AuthorityProposalCancelled, AuthorityProposed,
    ALL_EVENTS as GOVERNANCE_EVENTS,
};

openrsp_framework::anchor_events! {
    /// The registry was created.
    RegistryInitialized { registry: pubkey, authority: pubkey }
    /// Registrations were paused or resumed.
    PauseChanged { paused: bool, authority: pubkey }
    /// A CI root was registered.
    TrustAnchorAdded { trust_anchor: pubkey, key_id: key_id, curve: u8 }
    /// A CI root was retired.
    TrustAnchorRetired { trust_anchor: pubkey, key_id: key_id, retired_at: i64 }
    /// A circuit's verifying key was registered.
    VerifyingKeyAdded { verifying_key: pubkey, circuit_id: u32, circuit_version: u16, role_mask: u16, anchor_key_id: key_id }
    /// A circuit's verifying key was retired.
    VerifyingKeyRetired { verifying_key: pubkey, circuit_id: u32, retired_at: i64 }
    /// A certificate was admitted by proof.
    CertificateRegistered { record: pubkey, commitment: bytes32, role: u8, circuit_id: u32, registrant: pubkey, not_before: u64, not_after: u64 }
    /// A certificate record was revoked.
    CertificateRevoked { record: pubkey, commitment: bytes32, revoked_by: pubkey, reason: u8, revoked_at: i64 }
    /// The EUM tree was created, empty.
    EumTreeInitialized { eum_tree: pubkey, depth: u8, root: bytes32 }
    /// An EUM certificate's key joined the EUM tree.
    EumLeafAppended { record: pubkey, leaf: bytes32, index: u32, root: bytes32 }
    /// A revoked EUM's leaf was zeroed; earlier roots are no longer accepted.
    EumLeafRemoved { record: pubkey, index: u32, root: bytes32 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openrsp_framework::events::{Event, MAX_EVENT_LEN};

    fn size(ty: &str) -> usize {
        match ty {
            "pubkey" | "bytes32" => 32,
            "key_id" => 20,
            "u8" | "bool" => 1,
            "u16" => 2,
            "u32" => 4,
            "u64" | "i64" => 8,
            other => panic!("unknown event field type {other}"),
        }
    }

    #[test]
    fn event_sizes_fit() {
        for (name, _, fields) in ALL_EVENTS {
            let len = 8 + fields.iter().map(|(_, t)| size(t)).sum::<usize>();
            assert!(len <= MAX_EVENT_LEN, "{name} encodes to {len} bytes");
        }
        // And the writer produces exactly that many bytes.
        let e = CertificateRevoked {
            record: [1; 32],
            commitment: [2; 32],
            revoked_by: [3; 32],
            reason: 4,
            revoked_at: -5,
        };
        let encoded = e.encode();
        assert_eq!(encoded.as_bytes().len(), 8 + 32 + 32 + 32 + 1 + 8);
        assert_eq!(&encoded.as_bytes()[..8], &CertificateRevoked::DISCRIMINATOR);
        assert_eq!(
            &encoded.as_bytes()[encoded.as_bytes().len() - 8..],
            &(-5i64).to_le_bytes()
        );
    }
}
