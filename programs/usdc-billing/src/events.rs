//! Events in Anchor's `emit!` encoding (see cert-registry's `events`).

pub use cert_registry::events::{emit, Event, EventWriter};

cert_registry::anchor_events! {
    /// Billing was set up.
    BillingInitialized [149, 17, 214, 125, 116, 177, 36, 43] { config: pubkey, authority: pubkey, registry_program: pubkey, treasury: pubkey, fee_bps: u16 }
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
}
