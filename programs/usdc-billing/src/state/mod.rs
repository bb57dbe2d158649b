//! Account layouts: `#[repr(C)]` over byte arrays, each exactly its Borsh encoding, with Anchor
//! discriminators (cert-registry's `AccountLayout`).

mod config;
mod plan;
mod subscription;

pub use config::BillingConfig;
pub use openrsp_framework::layout::AccountLayout;
pub use plan::{Coverage, Plan, PlanStatus, MAX_COUNTRIES, REGIONS};
pub use subscription::{Subscription, SubscriptionStatus};
