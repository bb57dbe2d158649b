//! [`Escrow`]: the profile-escrow calls the CLI and the demo make, over any [`Ledger`].

use super::{
    accounts::{EscrowConfigView, OrderView},
    activation::{self, ActivationCode},
    instructions::{self as ixs, EscrowIds, NewOrder},
    pda,
};
use crate::{
    cert_registry::accounts::{decode, read},
    client::{Ledger, Receipt},
    usdc_billing::{client::operator_trust, pda as billing_pda, PlanView},
    SdkError,
};
use profile_escrow::state::{AccountLayout, EscrowConfig, Order};
use sha2::{Digest, Sha256};
use solana_address::Address;
use solana_keypair::Keypair;
use solana_signer::Signer;
use usdc_billing::state::{BillingConfig, Plan};

/// The profile-escrow program, and the usdc-billing program whose plans it sells.
pub struct Escrow<'a, L: Ledger + ?Sized> {
    pub ledger: &'a mut L,
    pub ids: EscrowIds,
}

impl<'a, L: Ledger + ?Sized> Escrow<'a, L> {
    pub fn new(ledger: &'a mut L, escrow: Address, billing: Address) -> Self {
        Escrow {
            ledger,
            ids: EscrowIds { escrow, billing },
        }
    }

    /// Sets the program up, signed by its `upgrade_authority` (the key that deployed it, often the
    /// payer): nobody else can.
    pub fn initialize(
        &mut self,
        payer: &Keypair,
        upgrade_authority: &Keypair,
        authority: &Address,
        dispute_window_seconds: u64,
        delivery_window_seconds: u64,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::initialize_escrow(
            &self.ids,
            &payer.pubkey(),
            &upgrade_authority.pubkey(),
            authority,
            dispute_window_seconds,
            delivery_window_seconds,
        );
        self.ledger.send(&[ix], payer, &[upgrade_authority])
    }

    pub fn set_windows(
        &mut self,
        authority: &Keypair,
        dispute_window_seconds: u64,
        delivery_window_seconds: u64,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::set_escrow_windows(
            &self.ids,
            &authority.pubkey(),
            dispute_window_seconds,
            delivery_window_seconds,
        );
        self.ledger.send(&[ix], authority, &[])
    }

    /// Buys `plan` for the consumer's EID commitment at its current price (refused if it is above
    /// `max_price`). The activation code will be encrypted to the consumer's wallet key.
    pub fn create_order(
        &mut self,
        consumer: &Keypair,
        order_id: u64,
        plan: &Address,
        eid_commitment: &Address,
        max_price: Option<u64>,
    ) -> Result<(Receipt, Address), SdkError> {
        let plan_view = self.plan(plan)?;
        let new = NewOrder {
            order_id,
            plan: *plan,
            eid_commitment: *eid_commitment,
            operator: operator_trust(&*self.ledger, &self.ids.billing, &plan_view.smdp_address()?)?,
            currency: plan_view.currency_kind(),
            max_price: max_price.unwrap_or(plan_view.price),
            encryption_key: activation::encryption_public_key(&consumer.pubkey())?,
        };
        let ix = ixs::create_order(&self.ids, &consumer.pubkey(), &new);
        let receipt = self.ledger.send(&[ix], consumer, &[])?;
        Ok((
            receipt,
            pda::order(&self.ids.escrow, &consumer.pubkey(), order_id).0,
        ))
    }

    /// The next free order number of `consumer` (its orders are numbered from 1).
    pub fn next_order_id(&self, consumer: &Address) -> Result<u64, SdkError> {
        let mut id = 1;
        while self
            .ledger
            .account(&pda::order(&self.ids.escrow, consumer, id).0)?
            .is_some()
        {
            id += 1;
        }
        Ok(id)
    }

    pub fn accept(&mut self, operator: &Keypair, order: &Address) -> Result<Receipt, SdkError> {
        let ix = ixs::accept_order(&self.ids, &operator.pubkey(), order);
        self.ledger.send(&[ix], operator, &[])
    }

    pub fn cancel(&mut self, consumer: &Keypair, order: &Address) -> Result<Receipt, SdkError> {
        let view = self.require_order(order)?;
        let mut instructions = self.ensure(&consumer.pubkey(), &view, &[&consumer.pubkey()]);
        instructions.push(ixs::cancel_order(&self.ids, &consumer.pubkey(), &view));
        self.ledger.send(&instructions, consumer, &[])
    }

    pub fn refund(&mut self, consumer: &Keypair, order: &Address) -> Result<Receipt, SdkError> {
        let view = self.require_order(order)?;
        let mut instructions = self.ensure(&consumer.pubkey(), &view, &[&consumer.pubkey()]);
        instructions.push(ixs::refund_order(&self.ids, &consumer.pubkey(), &view));
        self.ledger.send(&instructions, consumer, &[])
    }

    /// Delivers a bound profile package (its SHA-256 goes on-chain) and the activation code,
    /// encrypted to the key the consumer gave in the order.
    pub fn deliver(
        &mut self,
        operator: &Keypair,
        order: &Address,
        profile_package: &[u8],
        code: &ActivationCode,
    ) -> Result<(Receipt, [u8; 32]), SdkError> {
        let view = self.require_order(order)?;
        let profile_hash: [u8; 32] = Sha256::digest(profile_package).into();
        let sealed = activation::seal(&view.encryption_key, order, &profile_hash, code)?;
        let ix = ixs::deliver_profile(&self.ids, &operator.pubkey(), order, &profile_hash, &sealed);
        Ok((self.ledger.send(&[ix], operator, &[])?, profile_hash))
    }

    pub fn confirm(&mut self, consumer: &Keypair, order: &Address) -> Result<Receipt, SdkError> {
        let view = self.require_order(order)?;
        let treasury = self.treasury()?;
        let mut instructions = self.ensure(&consumer.pubkey(), &view, &[&view.operator, &treasury]);
        instructions.push(ixs::confirm_installation(
            &self.ids,
            &consumer.pubkey(),
            &view,
            &treasury,
        ));
        self.ledger.send(&instructions, consumer, &[])
    }

    pub fn claim(&mut self, operator: &Keypair, order: &Address) -> Result<Receipt, SdkError> {
        let view = self.require_order(order)?;
        let treasury = self.treasury()?;
        let mut instructions = self.ensure(&operator.pubkey(), &view, &[&view.operator, &treasury]);
        instructions.push(ixs::claim_payment(
            &self.ids,
            &operator.pubkey(),
            &view,
            &treasury,
        ));
        self.ledger.send(&instructions, operator, &[])
    }

    pub fn dispute(&mut self, consumer: &Keypair, order: &Address) -> Result<Receipt, SdkError> {
        let ix = ixs::dispute_order(&self.ids, &consumer.pubkey(), order);
        self.ledger.send(&[ix], consumer, &[])
    }

    pub fn resolve(
        &mut self,
        authority: &Keypair,
        order: &Address,
        pay_operator: bool,
    ) -> Result<Receipt, SdkError> {
        let view = self.require_order(order)?;
        let treasury = self.treasury()?;
        let winner = if pay_operator {
            view.operator
        } else {
            view.consumer
        };
        let mut instructions = self.ensure(&authority.pubkey(), &view, &[&winner, &treasury]);
        instructions.push(ixs::resolve_dispute(
            &self.ids,
            &authority.pubkey(),
            &view,
            &treasury,
            pay_operator,
        ));
        self.ledger.send(&instructions, authority, &[])
    }

    /// Decrypts the activation code of a delivered order with the consumer's wallet key.
    pub fn activation_code(
        &self,
        consumer: &Keypair,
        order: &Address,
    ) -> Result<ActivationCode, SdkError> {
        self.require_order(order)?.activation_code(consumer)
    }

    pub fn config(&self) -> Result<Option<EscrowConfigView>, SdkError> {
        let address = pda::config(&self.ids.escrow).0;
        Ok(
            read::<EscrowConfig, L>(&*self.ledger, &self.ids.escrow, &address, "EscrowConfig")?
                .map(|c| EscrowConfigView::new(&address, &c)),
        )
    }

    pub fn order(&self, address: &Address) -> Result<Option<OrderView>, SdkError> {
        Ok(
            read::<Order, L>(&*self.ledger, &self.ids.escrow, address, "Order")?
                .map(|o| OrderView::new(address, &o)),
        )
    }

    pub fn require_order(&self, address: &Address) -> Result<OrderView, SdkError> {
        self.order(address)?.ok_or_else(|| {
            SdkError::AccountNotFound(format!("order {address} (settled orders are closed)"))
        })
    }

    /// Open orders, optionally of one consumer or one operator.
    pub fn orders(
        &self,
        consumer: Option<&Address>,
        operator: Option<&Address>,
    ) -> Result<Vec<OrderView>, SdkError> {
        let mut out = Vec::new();
        for (address, account) in self.ledger.program_accounts(&self.ids.escrow)? {
            if !account.data.starts_with(&Order::DISCRIMINATOR) {
                continue;
            }
            let o = decode::<Order>(&self.ids.escrow, &address, &account, "Order")?;
            let view = OrderView::new(&address, &o);
            if consumer.is_some_and(|c| *c != view.consumer)
                || operator.is_some_and(|p| *p != view.operator)
            {
                continue;
            }
            out.push(view);
        }
        out.sort_by_key(|a| (a.consumer, a.order_id));
        Ok(out)
    }

    /// What an order's vault holds now.
    pub fn vault_balance(&self, order: &OrderView) -> Result<u64, SdkError> {
        crate::usdc_billing::client::vault_balance(
            &*self.ledger,
            &order.currency_kind,
            &order.vault,
        )
    }

    fn plan(&self, plan: &Address) -> Result<PlanView, SdkError> {
        read::<Plan, L>(&*self.ledger, &self.ids.billing, plan, "Plan")?
            .map(|p| PlanView::new(plan, &p))
            .ok_or_else(|| SdkError::AccountNotFound(format!("plan {plan}")))
    }

    fn treasury(&self) -> Result<Address, SdkError> {
        let address = billing_pda::config(&self.ids.billing).0;
        read::<BillingConfig, L>(&*self.ledger, &self.ids.billing, &address, "BillingConfig")?
            .map(|c| Address::new_from_array(c.treasury))
            .ok_or_else(|| SdkError::AccountNotFound("billing config".into()))
    }

    /// Creates the payees' token accounts if missing, paid by `payer`.
    fn ensure(
        &self,
        payer: &Address,
        order: &OrderView,
        wallets: &[&Address],
    ) -> Vec<solana_instruction::Instruction> {
        wallets
            .iter()
            .filter_map(|w| order.currency_kind.ensure_account(payer, w))
            .collect()
    }
}
