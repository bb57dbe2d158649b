//! Events in Anchor's `emit!` encoding (see cert-registry's `events`).

pub use openrsp_framework::events::{emit, Event, EventWriter};

/// The governance events, shared by the four programs.
pub use openrsp_framework::governance::events::{
    AuthorityAccepted, AuthorityProposalCancelled, AuthorityProposed,
    ALL_EVENTS as GOVERNANCE_EVENTS,
};

openrsp_framework::anchor_events! {
    /// The config was created.
    EidConfigInitialized { config: pubkey, authority: pubkey, registry_program: pubkey, circuit_id: u32 }
    /// The authority replaced the verifying key.
    EidVerifyingKeySet { config: pubkey, circuit_id: u32, circuit_version: u16 }
    /// Registrations and rotations were paused or resumed.
    EidPauseChanged { paused: bool, authority: pubkey }
    /// The purposes commitments may be registered for changed.
    EidPurposesChanged { purposes: u64, authority: pubkey }
    /// A commitment was registered (or registered again after its revocation, by a fresher binding).
    CommitmentRegistered { eid_commitment: pubkey, owner: pubkey, commitment: bytes32, nullifier: bytes32, purpose: bytes32, root: bytes32, anchor_key_id: key_id, bound_slot: u64 }
    /// A commitment was replaced by a new one for the same EID and purpose.
    CommitmentRotated { eid_commitment: pubkey, owner: pubkey, commitment: bytes32, root: bytes32, anchor_key_id: key_id, bound_slot: u64 }
    /// The chip's current holder took the commitment over from its previous owner.
    CommitmentTakenOver { eid_commitment: pubkey, previous_owner: pubkey, owner: pubkey, commitment: bytes32, root: bytes32, anchor_key_id: key_id, bound_slot: u64 }
    /// A commitment was closed by its owner.
    CommitmentRevoked { eid_commitment: pubkey, owner: pubkey, nullifier: bytes32 }
}
