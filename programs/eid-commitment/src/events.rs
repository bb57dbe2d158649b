//! Events in Anchor's `emit!` encoding (see cert-registry's `events`).

pub use openrsp_framework::events::{emit, Event, EventWriter};

/// The governance events, shared by the four programs.
pub use openrsp_framework::governance::events::{
    AuthorityAccepted, AuthorityProposalCancelled, AuthorityProposed,
    ALL_EVENTS as GOVERNANCE_EVENTS,
};

openrsp_framework::anchor_events! {
    /// The config was created.
    EidConfigInitialized [25, 70, 71, 44, 123, 117, 2, 193] { config: pubkey, authority: pubkey, registry_program: pubkey, circuit_id: u32 }
    /// The authority replaced the verifying key.
    EidVerifyingKeySet [3, 51, 159, 236, 220, 143, 206, 37] { config: pubkey, circuit_id: u32, circuit_version: u16 }
    /// Registrations and rotations were paused or resumed.
    EidPauseChanged [80, 178, 109, 73, 98, 65, 98, 222] { paused: bool, authority: pubkey }
    /// The purposes commitments may be registered for changed.
    EidPurposesChanged [124, 12, 94, 236, 205, 76, 38, 22] { purposes: u64, authority: pubkey }
    /// A commitment was registered (or registered again after its revocation, by a fresher binding).
    CommitmentRegistered [130, 34, 22, 46, 5, 168, 155, 134] { eid_commitment: pubkey, owner: pubkey, commitment: bytes32, nullifier: bytes32, purpose: bytes32, root: bytes32, anchor_key_id: key_id, bound_slot: u64 }
    /// A commitment was replaced by a new one for the same EID and purpose.
    CommitmentRotated [25, 210, 185, 72, 168, 107, 65, 237] { eid_commitment: pubkey, owner: pubkey, commitment: bytes32, root: bytes32, anchor_key_id: key_id, bound_slot: u64 }
    /// The chip's current holder took the commitment over from its previous owner.
    CommitmentTakenOver [23, 43, 4, 72, 213, 60, 184, 176] { eid_commitment: pubkey, previous_owner: pubkey, owner: pubkey, commitment: bytes32, root: bytes32, anchor_key_id: key_id, bound_slot: u64 }
    /// A commitment was closed by its owner.
    CommitmentRevoked [192, 52, 75, 249, 4, 195, 166, 27] { eid_commitment: pubkey, owner: pubkey, nullifier: bytes32 }
}
