//! [`Billing`]: the usdc-billing calls the CLI and the demo make, over any [`Ledger`].

use super::{accounts::*, instructions as ixs, pda};
use crate::{
    cert_registry::accounts::{decode, read},
    client::{Ledger, Receipt},
    SdkError,
};
use solana_address::Address;
use solana_keypair::Keypair;
use solana_signer::Signer;
use usdc_billing::state::{AccountLayout, BillingConfig, Plan};

/// The usdc-billing program at `program_id`.
pub struct Billing<'a, L: Ledger + ?Sized> {
    pub ledger: &'a mut L,
    pub program_id: Address,
}

impl<'a, L: Ledger + ?Sized> Billing<'a, L> {
    pub fn new(ledger: &'a mut L, program_id: Address) -> Self {
        Billing { ledger, program_id }
    }

    pub fn initialize(
        &mut self,
        payer: &Keypair,
        authority: &Address,
        registry_program: &Address,
        treasury: &Address,
        fee_bps: u16,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::initialize_billing(
            &self.program_id,
            &payer.pubkey(),
            authority,
            registry_program,
            treasury,
            fee_bps,
        );
        self.ledger.send(&[ix], payer, &[])
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
        let ix = ixs::create_plan(
            &self.program_id,
            &operator.pubkey(),
            smdp_record,
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
        let ix = ixs::update_plan(
            &self.program_id,
            &operator.pubkey(),
            smdp_record,
            plan,
            terms,
        );
        self.ledger.send(&[ix], operator, &[])
    }

    pub fn retire_plan(&mut self, operator: &Keypair, plan: &Address) -> Result<Receipt, SdkError> {
        let ix = ixs::retire_plan(&self.program_id, &operator.pubkey(), plan);
        self.ledger.send(&[ix], operator, &[])
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
}
