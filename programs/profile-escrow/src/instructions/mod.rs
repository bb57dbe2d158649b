//! One file per instruction. Each declares its accounts (in order), its arguments, and `process`.

pub mod accept_authority;
pub mod accept_order;
pub mod cancel_authority;
pub mod cancel_order;
pub mod claim_payment;
pub mod confirm_installation;
pub mod create_order;
pub mod deliver_profile;
pub mod dispute_order;
pub mod initialize_escrow;
pub mod propose_authority;
pub mod refund_order;
pub mod resolve_dispute;
pub mod set_escrow_windows;
pub mod set_paused;

/// Anchor instruction discriminators: `sha256("global:<instruction_name>")[..8]`.
pub mod discriminator {
    pub use openrsp_framework::governance::discriminator::{
        ACCEPT_AUTHORITY, CANCEL_AUTHORITY, PROPOSE_AUTHORITY, SET_PAUSED,
    };
    pub const INITIALIZE_ESCROW: [u8; 8] =
        openrsp_framework::discriminator::instruction("initialize_escrow");
    pub const SET_ESCROW_WINDOWS: [u8; 8] =
        openrsp_framework::discriminator::instruction("set_escrow_windows");
    pub const CREATE_ORDER: [u8; 8] = openrsp_framework::discriminator::instruction("create_order");
    pub const ACCEPT_ORDER: [u8; 8] = openrsp_framework::discriminator::instruction("accept_order");
    pub const CANCEL_ORDER: [u8; 8] = openrsp_framework::discriminator::instruction("cancel_order");
    pub const DELIVER_PROFILE: [u8; 8] =
        openrsp_framework::discriminator::instruction("deliver_profile");
    pub const CONFIRM_INSTALLATION: [u8; 8] =
        openrsp_framework::discriminator::instruction("confirm_installation");
    pub const CLAIM_PAYMENT: [u8; 8] =
        openrsp_framework::discriminator::instruction("claim_payment");
    pub const REFUND_ORDER: [u8; 8] = openrsp_framework::discriminator::instruction("refund_order");
    pub const DISPUTE_ORDER: [u8; 8] =
        openrsp_framework::discriminator::instruction("dispute_order");
    pub const RESOLVE_DISPUTE: [u8; 8] =
        openrsp_framework::discriminator::instruction("resolve_dispute");

    /// `(instruction name, discriminator)` for every instruction, for the IDL and its tests.
    pub const ALL: [(&str, [u8; 8]); 15] = [
        ("initialize_escrow", INITIALIZE_ESCROW),
        ("propose_authority", PROPOSE_AUTHORITY),
        ("accept_authority", ACCEPT_AUTHORITY),
        ("cancel_authority", CANCEL_AUTHORITY),
        ("set_paused", SET_PAUSED),
        ("set_escrow_windows", SET_ESCROW_WINDOWS),
        ("create_order", CREATE_ORDER),
        ("accept_order", ACCEPT_ORDER),
        ("cancel_order", CANCEL_ORDER),
        ("deliver_profile", DELIVER_PROFILE),
        ("confirm_installation", CONFIRM_INSTALLATION),
        ("claim_payment", CLAIM_PAYMENT),
        ("refund_order", REFUND_ORDER),
        ("dispute_order", DISPUTE_ORDER),
        ("resolve_dispute", RESOLVE_DISPUTE),
    ];
}

use crate::{
    errors::EscrowError,
    state::{EscrowConfig, Order},
};
use openrsp_framework::accounts::{load, signer};
use pinocchio::{error::ProgramError, AccountView, Address, ProgramResult};

/// The config's authority must sign (the check all four programs share).
pub(crate) fn require_authority(config: &EscrowConfig, signer: &AccountView) -> ProgramResult {
    openrsp_framework::governance::require_authority(config, signer)
}

/// Bounds of both windows: a minute to 90 days.
pub const MIN_WINDOW: u64 = 60;
pub const MAX_WINDOW: u64 = 90 * 24 * 3600;

/// The two windows, each within bounds.
#[repr(C)]
pub struct Windows {
    /// u64 LE seconds.
    pub dispute_window_seconds: [u8; 8],
    /// u64 LE seconds.
    pub delivery_window_seconds: [u8; 8],
}

impl Windows {
    pub fn check(&self) -> Result<(), EscrowError> {
        let ok = |w: [u8; 8]| (MIN_WINDOW..=MAX_WINDOW).contains(&u64::from_le_bytes(w));
        if ok(self.dispute_window_seconds) && ok(self.delivery_window_seconds) {
            Ok(())
        } else {
            Err(EscrowError::InvalidWindows)
        }
    }
}

/// Which side of an order signs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Party {
    Consumer,
    Operator,
}

/// A copy of the order, with `signer_account` (which must sign) checked to be its `party`.
pub(crate) fn order_signed_by(
    order_account: &AccountView,
    signer_account: &AccountView,
    program_id: &Address,
    party: Party,
) -> Result<Order, ProgramError> {
    signer(signer_account)?;
    let order = *load::<Order>(order_account, program_id)?;
    let (expected, error) = match party {
        Party::Consumer => (&order.consumer, EscrowError::NotOrderConsumer),
        Party::Operator => (&order.operator, EscrowError::NotOrderOperator),
    };
    if signer_account.address().as_ref() != &expected[..] {
        return Err(error.into());
    }
    Ok(order)
}
