use super::AccountLayout;
use crate::{errors::BillingError, vault::Money};
use pinocchio::{cpi::Seed, AccountView};

/// Lifecycle of a subscription. Closed subscriptions do not exist: the account is closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum SubscriptionStatus {
    Active = 1,
    /// The consumer asked to close: no top-ups; the operator may still redeem vouchers signed
    /// before `close_requested_at` until `closes_at`.
    Closing = 2,
}

/// A consumer's pay-as-you-go subscription to a plan for one EID commitment. PDA
/// `["subscription", plan, eid_commitment]`; its money sits in the vault `["vault", subscription]`.
///
/// The plan's terms are copied at opening, so an operator's later change or retirement of the plan
/// does not touch it. `redeemed` only grows, and a voucher pays `cumulative - redeemed`, so a
/// voucher can never be paid twice and an older one never again.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    pub vault_bump: u8,
    /// [`SubscriptionStatus`] as a byte.
    pub status: u8,
    pub plan: [u8; 32],
    pub operator: [u8; 32],
    pub consumer: [u8; 32],
    pub eid_commitment: [u8; 32],
    /// The ed25519 key of the consumer's device that signs vouchers.
    pub voucher_key: [u8; 32],
    pub vault: [u8; 32],
    /// The plan's currency: all zero for SOL.
    pub mint: [u8; 32],
    pub token_program: [u8; 32],
    pub decimals: u8,
    /// Plan terms at opening (u64 LE): price per period, MB per period, period seconds.
    pub price: [u8; 8],
    pub data_quota_mb: [u8; 8],
    pub validity_seconds: [u8; 8],
    /// All money ever put in the vault (u64 LE).
    pub deposited: [u8; 8],
    /// The cumulative amount of the latest redeemed voucher: what the operator has been paid,
    /// protocol fee included (u64 LE).
    pub redeemed: [u8; 8],
    /// `issued_at` of the latest redeemed voucher (i64 LE).
    pub last_voucher_at: [u8; 8],
    pub opened_at: [u8; 8],
    /// 0 while active.
    pub close_requested_at: [u8; 8],
    /// When the consumer may close (0 while active).
    pub closes_at: [u8; 8],
    pub reserved: [u8; 64],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for Subscription {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("Subscription");
}

impl Subscription {
    pub fn is_active(&self) -> bool {
        self.status == SubscriptionStatus::Active as u8
    }

    /// The subscription's currency, with `vault`, `mint` and `token_program` checked against what
    /// it recorded (no vault, mint or program substitution).
    pub fn money<'a>(
        &self,
        vault: &AccountView,
        mint: &'a AccountView,
        token_program: &'a AccountView,
    ) -> Result<Money<'a>, BillingError> {
        if vault.address().as_ref() != &self.vault[..] {
            return Err(BillingError::WrongVault);
        }
        Money::recorded(
            mint,
            token_program,
            &self.mint,
            &self.token_program,
            self.decimals,
        )
    }

    /// The seeds the subscription signs its vault's transfers with.
    pub fn signer_seeds(&self) -> [Seed<'_>; 5] {
        [
            Seed::from(crate::seeds::SUBSCRIPTION),
            Seed::from(&self.plan[..]),
            Seed::from(&self.eid_commitment[..]),
            Seed::from(&self.consumer[..]),
            Seed::from(core::slice::from_ref(&self.bump)),
        ]
    }
}
