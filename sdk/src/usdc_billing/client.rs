//! [`Billing`]: the usdc-billing calls the CLI and the demo make, over any [`Ledger`].

use super::voucher::SignedVoucher;
use super::{accounts::*, instructions as ixs, pda};
use crate::token::Currency;
use crate::{
    cert_registry::accounts::{decode, read},
    cert_registry::OperatorTrust,
    client::{Ledger, Receipt},
    SdkError,
};
use cert_registry::state::CertificateRecord;
use solana_address::Address;
use solana_keypair::Keypair;
use solana_signer::Signer;
use usdc_billing::state::{AccountLayout, BillingConfig, Plan, Subscription};

/// The registry accounts behind the SM-DP+ record `smdp_record`, in the registry that the config
/// of `billing_program` names: what plan changes and purchases pass for the program to re-check.
pub fn operator_trust<L: Ledger + ?Sized>(
    ledger: &L,
    billing_program: &Address,
    smdp_record: &Address,
) -> Result<OperatorTrust, SdkError> {
    let config_address = pda::config(billing_program).0;
    let config =
        read::<BillingConfig, L>(ledger, billing_program, &config_address, "BillingConfig")?
            .ok_or_else(|| SdkError::AccountNotFound(format!("billing config {config_address}")))?;
    let registry = Address::new_from_array(config.registry_program);
    let record = read::<CertificateRecord, L>(ledger, &registry, smdp_record, "CertificateRecord")?
        .ok_or_else(|| SdkError::AccountNotFound(format!("SM-DP+ record {smdp_record}")))?;
    Ok(OperatorTrust::of_record(&registry, smdp_record, &record))
}

/// The usdc-billing program at `program_id`.
pub struct Billing<'a, L: Ledger + ?Sized> {
    pub ledger: &'a mut L,
    pub program_id: Address,
}

impl<'a, L: Ledger + ?Sized> Billing<'a, L> {
    pub fn new(ledger: &'a mut L, program_id: Address) -> Self {
        Billing { ledger, program_id }
    }

    /// Sets the program up, signed by its `upgrade_authority` (the key that deployed it, often the
    /// payer): nobody else can.
    pub fn initialize(
        &mut self,
        payer: &Keypair,
        upgrade_authority: &Keypair,
        settings: &ixs::BillingSettings,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::initialize_billing(
            &self.program_id,
            &payer.pubkey(),
            &upgrade_authority.pubkey(),
            settings,
        );
        self.ledger.send(&[ix], payer, &[upgrade_authority])
    }

    pub fn set_close_notice(
        &mut self,
        authority: &Keypair,
        seconds: u64,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::set_close_notice(&self.program_id, &authority.pubkey(), seconds);
        self.ledger.send(&[ix], authority, &[])
    }

    pub fn set_protocol_fee(
        &mut self,
        authority: &Keypair,
        fee_bps: u16,
        treasury: &Address,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::set_protocol_fee(&self.program_id, &authority.pubkey(), fee_bps, treasury);
        self.ledger.send(&[ix], authority, &[])
    }

    pub fn set_paused(&mut self, authority: &Keypair, paused: bool) -> Result<Receipt, SdkError> {
        let ix = ixs::set_paused(&self.program_id, &authority.pubkey(), paused);
        self.ledger.send(&[ix], authority, &[])
    }

    pub fn create_plan(
        &mut self,
        operator: &Keypair,
        smdp_record: &Address,
        plan_id: u64,
        mint: Option<&Address>,
        terms: &ixs::PlanTermsArgs,
    ) -> Result<(Receipt, Address), SdkError> {
        let trust = operator_trust(&*self.ledger, &self.program_id, smdp_record)?;
        let ix = ixs::create_plan(
            &self.program_id,
            &operator.pubkey(),
            &trust,
            plan_id,
            mint,
            terms,
        );
        let receipt = self.ledger.send(&[ix], operator, &[])?;
        Ok((
            receipt,
            pda::plan(&self.program_id, &operator.pubkey(), plan_id).0,
        ))
    }

    pub fn update_plan(
        &mut self,
        operator: &Keypair,
        smdp_record: &Address,
        plan: &Address,
        terms: &ixs::PlanTermsArgs,
    ) -> Result<Receipt, SdkError> {
        let trust = operator_trust(&*self.ledger, &self.program_id, smdp_record)?;
        let ix = ixs::update_plan(&self.program_id, &operator.pubkey(), &trust, plan, terms);
        self.ledger.send(&[ix], operator, &[])
    }

    /// Retires `plan`: `retirer` is its operator, or the billing authority (for any plan).
    pub fn retire_plan(&mut self, retirer: &Keypair, plan: &Address) -> Result<Receipt, SdkError> {
        let ix = ixs::retire_plan(&self.program_id, &retirer.pubkey(), plan);
        self.ledger.send(&[ix], retirer, &[])
    }

    pub fn config(&self) -> Result<Option<BillingConfigView>, SdkError> {
        let address = pda::config(&self.program_id).0;
        Ok(
            read::<BillingConfig, L>(&*self.ledger, &self.program_id, &address, "BillingConfig")?
                .map(|c| BillingConfigView::new(&address, &c)),
        )
    }

    pub fn plan(&self, address: &Address) -> Result<Option<PlanView>, SdkError> {
        Ok(
            read::<Plan, L>(&*self.ledger, &self.program_id, address, "Plan")?
                .map(|p| PlanView::new(address, &p)),
        )
    }

    /// Every plan, optionally of one operator and only active ones: what a wallet lists.
    pub fn plans(
        &self,
        operator: Option<&Address>,
        active_only: bool,
    ) -> Result<Vec<PlanView>, SdkError> {
        let mut out = Vec::new();
        for (address, account) in self.ledger.program_accounts(&self.program_id)? {
            if !account.data.starts_with(&Plan::DISCRIMINATOR) {
                continue;
            }
            let plan = decode::<Plan>(&self.program_id, &address, &account, "Plan")?;
            if operator.is_some_and(|o| o.to_bytes() != plan.operator)
                || (active_only && !plan.is_active())
            {
                continue;
            }
            out.push(PlanView::new(&address, &plan));
        }
        out.sort_by(|a, b| (&a.operator, a.plan_id).cmp(&(&b.operator, b.plan_id)));
        Ok(out)
    }

    /// The plan at `plan`, or a clear error.
    fn require_plan(&self, plan: &Address) -> Result<PlanView, SdkError> {
        self.plan(plan)?
            .ok_or_else(|| SdkError::AccountNotFound(format!("plan {plan}")))
    }

    /// The subscription at `address`, or a clear error.
    pub fn require_subscription(&self, address: &Address) -> Result<SubscriptionView, SdkError> {
        self.subscription(address)?
            .ok_or_else(|| SdkError::AccountNotFound(format!("subscription {address}")))
    }

    /// Opens a subscription of `consumer` to `plan` for its EID commitment, vouchers signed by
    /// `voucher_key` (the consumer's device), with a first deposit. Returns its address.
    pub fn open_subscription(
        &mut self,
        consumer: &Keypair,
        plan: &Address,
        eid_commitment: &Address,
        voucher_key: &Address,
        deposit: u64,
    ) -> Result<(Receipt, Address), SdkError> {
        let plan_view = self.require_plan(plan)?;
        let trust = operator_trust(&*self.ledger, &self.program_id, &plan_view.smdp_address()?)?;
        let ix = ixs::open_subscription(
            &self.program_id,
            &consumer.pubkey(),
            plan,
            eid_commitment,
            &trust,
            &plan_view.currency_kind(),
            voucher_key,
            deposit,
        );
        let receipt = self.ledger.send(&[ix], consumer, &[])?;
        Ok((
            receipt,
            pda::subscription(&self.program_id, plan, eid_commitment, &consumer.pubkey()).0,
        ))
    }

    pub fn top_up(
        &mut self,
        funder: &Keypair,
        subscription: &Address,
        amount: u64,
    ) -> Result<Receipt, SdkError> {
        let currency = self.require_subscription(subscription)?.currency_kind;
        let ix = ixs::top_up(
            &self.program_id,
            &funder.pubkey(),
            subscription,
            &currency,
            amount,
        );
        self.ledger.send(&[ix], funder, &[])
    }

    /// Signs a voucher with the device key (no transaction).
    pub fn sign_voucher(
        &self,
        device: &Keypair,
        subscription: &Address,
        cumulative: u64,
        issued_at: i64,
    ) -> SignedVoucher {
        SignedVoucher::sign(
            &self.program_id,
            subscription,
            cumulative,
            issued_at,
            device,
        )
    }

    /// Redeems a voucher: checks it off-chain first, creates the operator's and the treasury's
    /// token accounts if missing, then the Ed25519 check and the redemption in one transaction.
    pub fn redeem(
        &mut self,
        operator: &Keypair,
        voucher: &SignedVoucher,
    ) -> Result<Receipt, SdkError> {
        voucher.verify(&self.program_id)?;
        let subscription = self.require_subscription(&voucher.subscription)?;
        if subscription.voucher_key != voucher.voucher_key.to_string() {
            return Err(SdkError::InvalidInput(format!(
                "the voucher is signed by {}, the subscription takes vouchers of {}",
                voucher.voucher_key, subscription.voucher_key
            )));
        }
        let treasury: Address = self
            .config()?
            .ok_or_else(|| SdkError::AccountNotFound("billing config".into()))?
            .treasury
            .parse()
            .map_err(|_| SdkError::Ledger("bad treasury in the config".into()))?;
        let currency = subscription.currency_kind;
        let mut instructions: Vec<_> = [&operator.pubkey(), &treasury]
            .into_iter()
            .filter_map(|w| currency.ensure_account(&operator.pubkey(), w))
            .collect();
        instructions.extend(ixs::redeem_voucher(
            &self.program_id,
            &operator.pubkey(),
            voucher,
            &currency,
            &treasury,
        ));
        self.ledger.send(&instructions, operator, &[])
    }

    pub fn request_close(
        &mut self,
        consumer: &Keypair,
        subscription: &Address,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::request_close(&self.program_id, &consumer.pubkey(), subscription);
        self.ledger.send(&[ix], consumer, &[])
    }

    /// Closes after the notice: the rest of the vault back into the consumer's account (created if
    /// it was closed meanwhile).
    pub fn close_subscription(
        &mut self,
        consumer: &Keypair,
        subscription: &Address,
    ) -> Result<Receipt, SdkError> {
        let currency = self.require_subscription(subscription)?.currency_kind;
        let mut instructions: Vec<_> = currency
            .ensure_account(&consumer.pubkey(), &consumer.pubkey())
            .into_iter()
            .collect();
        instructions.push(ixs::close_subscription(
            &self.program_id,
            &consumer.pubkey(),
            subscription,
            &currency,
        ));
        self.ledger.send(&instructions, consumer, &[])
    }

    pub fn subscription(&self, address: &Address) -> Result<Option<SubscriptionView>, SdkError> {
        Ok(
            read::<Subscription, L>(&*self.ledger, &self.program_id, address, "Subscription")?
                .map(|s| SubscriptionView::new(address, &s)),
        )
    }

    /// Subscriptions, optionally of one consumer or one operator.
    pub fn subscriptions(
        &self,
        consumer: Option<&Address>,
        operator: Option<&Address>,
    ) -> Result<Vec<SubscriptionView>, SdkError> {
        let mut out = Vec::new();
        for (address, account) in self.ledger.program_accounts(&self.program_id)? {
            if !account.data.starts_with(&Subscription::DISCRIMINATOR) {
                continue;
            }
            let s = decode::<Subscription>(&self.program_id, &address, &account, "Subscription")?;
            if consumer.is_some_and(|c| c.to_bytes() != s.consumer)
                || operator.is_some_and(|o| o.to_bytes() != s.operator)
            {
                continue;
            }
            out.push(SubscriptionView::new(&address, &s));
        }
        out.sort_by(|a, b| a.address.cmp(&b.address));
        Ok(out)
    }

    /// What a subscription's vault holds now.
    pub fn vault_balance(&self, subscription: &SubscriptionView) -> Result<u64, SdkError> {
        let vault: Address = subscription
            .vault
            .parse()
            .map_err(|_| SdkError::Ledger("bad vault address".into()))?;
        vault_balance(&*self.ledger, &subscription.currency_kind, &vault)
    }
}

/// What a vault holds for its owner: tokens, or lamports above the rent of a data-less account.
pub fn vault_balance<L: Ledger + ?Sized>(
    ledger: &L,
    currency: &Currency,
    vault: &Address,
) -> Result<u64, SdkError> {
    match currency {
        Currency::Sol => Ok(ledger
            .balance(vault)?
            .saturating_sub(solana_rent::Rent::default().minimum_balance(0))),
        Currency::Token { .. } => crate::token::token_balance(ledger, vault),
    }
}
