//! Events in Anchor's `emit!` encoding (see cert-registry's `events`).

pub use openrsp_framework::events::{emit, Event, EventWriter};

/// The governance events, shared by the four programs.
pub use openrsp_framework::governance::events::{
    AuthorityAccepted, AuthorityProposalCancelled, AuthorityProposed,
    ALL_EVENTS as GOVERNANCE_EVENTS,
};

openrsp_framework::anchor_events! {
    /// The escrow was set up.
    EscrowInitialized { config: pubkey, authority: pubkey, billing_program: pubkey, dispute_window_seconds: u64, delivery_window_seconds: u64 }
    /// Governance changed the windows (applies to orders created afterwards for delivery, to all
    /// for disputes).
    EscrowWindowsSet { dispute_window_seconds: u64, delivery_window_seconds: u64 }
    /// New orders were paused or resumed.
    EscrowPauseChanged { paused: bool, authority: pubkey }
    /// A consumer bought a plan: the price is in escrow.
    OrderCreated { order: pubkey, consumer: pubkey, plan: pubkey, eid_commitment: pubkey, amount: u64, deliver_by: i64 }
    /// The operator took the order.
    OrderAccepted { order: pubkey, operator: pubkey }
    /// The operator delivered: the profile package hash and the encrypted activation code.
    ProfileDelivered { order: pubkey, profile_hash: bytes32, delivered_at: i64 }
    /// The consumer disputed the delivery.
    OrderDisputed { order: pubkey, disputed_at: i64 }
    /// The order was settled and closed. `outcome`: 1 installation confirmed, 2 payment claimed
    /// after the dispute window, 3 cancelled, 4 refunded after the deadline, 5 dispute decided for
    /// the operator, 6 dispute decided for the consumer.
    OrderSettled { order: pubkey, outcome: u8, to_operator: u64, fee: u64, refunded: u64 }
}
