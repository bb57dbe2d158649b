//! Account layouts: `#[repr(C)]` over byte arrays, each exactly its Borsh encoding, with Anchor
//! discriminators (cert-registry's `AccountLayout`).

mod config;
mod order;

pub use config::EscrowConfig;
pub use openrsp_framework::layout::AccountLayout;
pub use order::{
    Order, OrderStatus, Outcome, MAX_ACTIVATION_CIPHERTEXT, MIN_ACTIVATION_CIPHERTEXT,
};
