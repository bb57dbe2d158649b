//! Events in Anchor's `emit!` encoding (see cert-registry's `events`).

pub use openrsp_framework::events::{emit, Event, EventWriter};

/// The governance events, shared by the four programs.
pub use openrsp_framework::governance::events::{
    AuthorityAccepted, AuthorityProposalCancelled, AuthorityProposed,
    ALL_EVENTS as GOVERNANCE_EVENTS,
};

openrsp_framework::anchor_events! {
    /// Billing was set up.
    BillingInitialized { config: pubkey, authority: pubkey, registry_program: pubkey, eid_program: pubkey, treasury: pubkey, fee_bps: u16, close_notice_seconds: u64 }
    /// The protocol fee or its treasury changed.
    ProtocolFeeSet { fee_bps: u16, treasury: pubkey }
    /// Billing was paused or resumed.
    BillingPauseChanged { paused: bool, authority: pubkey }
    /// An operator published a plan.
    PlanCreated { plan: pubkey, operator: pubkey, plan_id: u64, mint: pubkey, price: u64, data_quota_mb: u64, validity_seconds: u64 }
    /// An operator changed a plan's terms (existing subscriptions keep theirs).
    PlanUpdated { plan: pubkey, price: u64, data_quota_mb: u64, validity_seconds: u64 }
    /// An operator retired a plan: no new subscriptions; existing ones go on.
    PlanRetired { plan: pubkey, retired_at: i64 }
    /// Governance changed the close notice of subscriptions (applies to closes asked afterwards).
    CloseNoticeSet { close_notice_seconds: u64 }
    /// A consumer opened a pay-as-you-go subscription for an EID commitment.
    SubscriptionOpened { subscription: pubkey, plan: pubkey, consumer: pubkey, eid_commitment: pubkey, voucher_key: pubkey, deposit: u64 }
    /// Money went into a subscription's vault.
    SubscriptionToppedUp { subscription: pubkey, funder: pubkey, amount: u64, deposited: u64 }
    /// The operator redeemed a voucher: paid the difference, the fee to the treasury.
    VoucherRedeemed { subscription: pubkey, cumulative: u64, paid: u64, fee: u64, issued_at: i64 }
    /// The consumer asked to close; vouchers signed until now stay redeemable until `closes_at`.
    SubscriptionCloseRequested { subscription: pubkey, requested_at: i64, closes_at: i64 }
    /// The subscription was closed: the rest of the vault and all rent back to the consumer.
    SubscriptionClosed { subscription: pubkey, refunded: u64, redeemed: u64 }
}
