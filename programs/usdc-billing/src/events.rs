//! Events in Anchor's `emit!` encoding (see cert-registry's `events`).

pub use openrsp_framework::events::{emit, Event, EventWriter};

/// The governance events, shared by the four programs.
pub use openrsp_framework::governance::events::{
    AuthorityAccepted, AuthorityProposalCancelled, AuthorityProposed,
    ALL_EVENTS as GOVERNANCE_EVENTS,
};

openrsp_framework::anchor_events! {
    /// Billing was set up.
    BillingInitialized [149, 17, 214, 125, 116, 177, 36, 43] { config: pubkey, authority: pubkey, registry_program: pubkey, eid_program: pubkey, treasury: pubkey, fee_bps: u16, close_notice_seconds: u64 }
    /// The protocol fee or its treasury changed.
    ProtocolFeeSet [238, 38, 46, 85, 44, 122, 92, 99] { fee_bps: u16, treasury: pubkey }
    /// Billing was paused or resumed.
    BillingPauseChanged [30, 214, 34, 66, 10, 57, 4, 42] { paused: bool, authority: pubkey }
    /// An operator published a plan.
    PlanCreated [215, 11, 135, 121, 208, 119, 149, 149] { plan: pubkey, operator: pubkey, plan_id: u64, mint: pubkey, price: u64, data_quota_mb: u64, validity_seconds: u64 }
    /// An operator changed a plan's terms (existing subscriptions keep theirs).
    PlanUpdated [49, 51, 198, 31, 170, 70, 253, 195] { plan: pubkey, price: u64, data_quota_mb: u64, validity_seconds: u64 }
    /// An operator retired a plan: no new subscriptions; existing ones go on.
    PlanRetired [102, 254, 196, 206, 41, 125, 70, 255] { plan: pubkey, retired_at: i64 }
    /// Governance changed the close notice of subscriptions (applies to closes asked afterwards).
    CloseNoticeSet [91, 230, 167, 64, 111, 7, 229, 25] { close_notice_seconds: u64 }
    /// A consumer opened a pay-as-you-go subscription for an EID commitment.
    SubscriptionOpened [48, 2, 46, 220, 134, 182, 212, 231] { subscription: pubkey, plan: pubkey, consumer: pubkey, eid_commitment: pubkey, voucher_key: pubkey, deposit: u64 }
    /// Money went into a subscription's vault.
    SubscriptionToppedUp [130, 53, 52, 228, 109, 107, 196, 195] { subscription: pubkey, funder: pubkey, amount: u64, deposited: u64 }
    /// The operator redeemed a voucher: paid the difference, the fee to the treasury.
    VoucherRedeemed [110, 143, 77, 217, 195, 226, 224, 203] { subscription: pubkey, cumulative: u64, paid: u64, fee: u64, issued_at: i64 }
    /// The consumer asked to close; vouchers signed until now stay redeemable until `closes_at`.
    SubscriptionCloseRequested [191, 243, 95, 10, 239, 89, 217, 147] { subscription: pubkey, requested_at: i64, closes_at: i64 }
    /// The subscription was closed: the rest of the vault and all rent back to the consumer.
    SubscriptionClosed [8, 104, 17, 72, 113, 51, 156, 92] { subscription: pubkey, refunded: u64, redeemed: u64 }
}
