//! `openrsp order`: buying a plan through the escrow. The consumer pays into escrow; the operator
//! accepts and delivers (the bound profile package's hash and the activation code, encrypted to
//! the consumer); the consumer confirms the installation, or disputes, or takes a refund if nothing
//! came by the deadline; governance decides disputes.

use crate::context::{receipt_line, CmdResult, Context, Failure};
use anyhow::anyhow;
use clap::{Subcommand, ValueEnum};
use openrsp_sdk::{
    profile_escrow::{
        activation::{qr_terminal, random_matching_id},
        ActivationCode, Escrow, OrderView,
    },
    Address, Signer,
};
use serde_json::json;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Side {
    Operator,
    Consumer,
}

#[derive(Subcommand)]
pub enum OrderCommand {
    /// Set up the escrow: dispute authority and windows (governance, once).
    #[command(
        after_help = "Example:\n  openrsp order init --dispute-hours 72 --delivery-hours 168"
    )]
    Init {
        /// Decides disputes [default: the signer].
        #[arg(long)]
        authority: Option<Address>,
        /// The program's upgrade authority (the key that deployed it), which alone can set it
        /// up [default: the signer].
        #[arg(long, value_name = "KEYPAIR")]
        upgrade_authority: Option<std::path::PathBuf>,
        /// After delivery, how long the consumer has to confirm or dispute.
        #[arg(long, default_value_t = 72)]
        dispute_hours: u64,
        /// After ordering, how long the operator has to deliver.
        #[arg(long, default_value_t = 168)]
        delivery_hours: u64,
    },
    /// Buy a plan for your EID commitment: its price goes into escrow.
    #[command(
        after_help = "Example:\n  openrsp order create --plan <PLAN> --eid-commitment <EID_COMMITMENT> --max-price 9990000"
    )]
    Create {
        #[arg(long)]
        plan: Address,
        #[arg(long)]
        eid_commitment: Address,
        /// Your number for the order [default: the next free one].
        #[arg(long)]
        id: Option<u64>,
        /// The most you pay, in base units [default: the plan's current price].
        #[arg(long)]
        max_price: Option<u64>,
    },
    /// Take an order (the plan's operator).
    #[command(
        after_help = "Example:\n  openrsp order accept --order <ORDER> --keypair operator.json"
    )]
    Accept {
        #[arg(long)]
        order: Address,
    },
    /// Deliver the profile (the operator): the bound profile package's SHA-256 goes on-chain, the
    /// activation code encrypted to the consumer.
    #[command(
        after_help = "Example:\n  openrsp order deliver --order <ORDER> --package TS48V2-SAIP2-1-NOBERTLV-UNIQUE.der --smdp-address testsmdpplus1.example.com"
    )]
    Deliver {
        #[arg(long)]
        order: Address,
        /// The bound profile package prepared for the eUICC.
        #[arg(long)]
        package: PathBuf,
        /// The SM-DP+ address the device will contact.
        #[arg(long)]
        smdp_address: String,
        /// The matching ID [default: a fresh random one].
        #[arg(long)]
        matching_id: Option<String>,
    },
    /// Confirm the installation (the consumer): the operator is paid.
    #[command(after_help = "Example:\n  openrsp order confirm --order <ORDER>")]
    Confirm {
        #[arg(long)]
        order: Address,
    },
    /// Get your money back (the consumer): cancels an order not yet accepted, or refunds one not
    /// delivered by its deadline.
    #[command(after_help = "Example:\n  openrsp order refund --order <ORDER>")]
    Refund {
        #[arg(long)]
        order: Address,
    },
    /// Dispute a delivery within the dispute window (the consumer).
    #[command(
        after_help = "Example:\n  openrsp order dispute --order <ORDER> --keypair consumer.json"
    )]
    Dispute {
        #[arg(long)]
        order: Address,
    },
    /// Claim payment once the dispute window has passed without confirmation (the operator).
    #[command(
        after_help = "Example:\n  openrsp order claim --order <ORDER> --keypair operator.json"
    )]
    Claim {
        #[arg(long)]
        order: Address,
    },
    /// Decide a disputed order (the escrow authority).
    #[command(after_help = "Example:\n  openrsp order resolve --order <ORDER> --pay consumer")]
    Resolve {
        #[arg(long)]
        order: Address,
        #[arg(long, value_enum)]
        pay: Side,
    },
    /// Show an order; for its consumer, the activation code (`LPA:1$...`), with `--qr` as a QR
    /// code to scan with the phone.
    #[command(after_help = "Example:\n  openrsp order show --order <ORDER> --qr")]
    Show {
        #[arg(long)]
        order: Address,
        #[arg(long)]
        qr: bool,
    },
    /// List open orders, optionally of one consumer or operator.
    #[command(after_help = "Example:\n  openrsp order list --operator <OPERATOR> --output json")]
    List {
        #[arg(long)]
        consumer: Option<Address>,
        #[arg(long)]
        operator: Option<Address>,
    },
}

fn summary(o: &OrderView) -> String {
    format!(
        "  {}  #{} {}  {} {}  plan {}",
        o.address,
        o.order_id,
        o.status,
        o.amount,
        if o.currency == "SOL" {
            "lamports".to_string()
        } else {
            format!("of {}", o.currency)
        },
        o.plan
    )
}

pub fn run(ctx: &mut Context, cmd: OrderCommand) -> CmdResult {
    let (escrow_id, billing_id) = (ctx.ids.profile_escrow, ctx.ids.usdc_billing);
    macro_rules! escrow {
        () => {
            Escrow::new(ctx.ledger()?, escrow_id, billing_id)
        };
    }
    let done = |ctx: &mut Context,
                what: &str,
                order: &Address,
                receipt: &openrsp_sdk::client::Receipt,
                text: String| {
        ctx.print(
            json!({ "order": order.to_string(), "receipt": receipt }),
            || format!("{text}\n{}", receipt_line(what, receipt)),
        );
    };
    match cmd {
        OrderCommand::Init {
            authority,
            upgrade_authority,
            dispute_hours,
            delivery_hours,
        } => {
            let signer = ctx.signer()?;
            let deployer = ctx.upgrade_authority(upgrade_authority.as_deref())?;
            let authority = authority.unwrap_or(signer.pubkey());
            let hours = |h: u64, what: &str| {
                h.checked_mul(3_600)
                    .ok_or_else(|| Failure::from(anyhow!("--{what}-hours {h} is too long")))
            };
            let (dispute, delivery) = (
                hours(dispute_hours, "dispute")?,
                hours(delivery_hours, "delivery")?,
            );
            let receipt =
                escrow!().initialize(&signer, &deployer, &authority, dispute, delivery)?;
            ctx.print(json!({ "authority": authority.to_string(), "dispute_window_seconds": dispute, "delivery_window_seconds": delivery, "receipt": receipt }), || {
                format!(
                    "escrow initialised: authority {authority}, dispute window {dispute_hours} h, delivery window {delivery_hours} h\n{}",
                    receipt_line("initialize_escrow", &receipt)
                )
            });
        }
        OrderCommand::Create {
            plan,
            eid_commitment,
            id,
            max_price,
        } => {
            let signer = ctx.signer()?;
            let mut escrow = escrow!();
            let id = match id {
                Some(id) => id,
                None => escrow.next_order_id(&signer.pubkey())?,
            };
            let (receipt, order) =
                escrow.create_order(&signer, id, &plan, &eid_commitment, max_price)?;
            let view = escrow.require_order(&order)?;
            done(
                ctx,
                "create_order",
                &order,
                &receipt,
                format!(
                    "order #{id} at {order}: {} in escrow until delivery (deadline {})",
                    view.currency_kind.format(view.amount),
                    view.deliver_by
                ),
            );
        }
        OrderCommand::Accept { order } => {
            let signer = ctx.signer()?;
            let receipt = escrow!().accept(&signer, &order)?;
            done(
                ctx,
                "accept_order",
                &order,
                &receipt,
                format!("order {order} accepted"),
            );
        }
        OrderCommand::Deliver {
            order,
            package,
            smdp_address,
            matching_id,
        } => {
            let signer = ctx.signer()?;
            let bytes = std::fs::read(&package)
                .map_err(|e| anyhow!("cannot read {}: {e}", package.display()))?;
            let code =
                ActivationCode::new(smdp_address, matching_id.unwrap_or_else(random_matching_id))?;
            let (receipt, hash) = escrow!().deliver(&signer, &order, &bytes, &code)?;
            ctx.print(json!({ "order": order.to_string(), "profile_hash": hex::encode(hash), "receipt": receipt }), || {
                format!(
                    "profile delivered for {order}: package SHA-256 {}, activation code encrypted to the consumer\n{}",
                    hex::encode(hash),
                    receipt_line("deliver_profile", &receipt)
                )
            });
        }
        OrderCommand::Confirm { order } => {
            let signer = ctx.signer()?;
            let receipt = escrow!().confirm(&signer, &order)?;
            done(
                ctx,
                "confirm_installation",
                &order,
                &receipt,
                format!("installation confirmed: order {order} paid to the operator and closed"),
            );
        }
        OrderCommand::Refund { order } => {
            let signer = ctx.signer()?;
            let mut escrow = escrow!();
            let view = escrow.require_order(&order)?;
            let (what, receipt) = if view.status == "created" {
                ("cancel_order", escrow.cancel(&signer, &order)?)
            } else {
                ("refund_order", escrow.refund(&signer, &order)?)
            };
            done(
                ctx,
                what,
                &order,
                &receipt,
                format!("order {order} refunded in full and closed"),
            );
        }
        OrderCommand::Dispute { order } => {
            let signer = ctx.signer()?;
            let receipt = escrow!().dispute(&signer, &order)?;
            done(
                ctx,
                "dispute_order",
                &order,
                &receipt,
                format!("order {order} disputed: governance decides"),
            );
        }
        OrderCommand::Claim { order } => {
            let signer = ctx.signer()?;
            let receipt = escrow!().claim(&signer, &order)?;
            done(
                ctx,
                "claim_payment",
                &order,
                &receipt,
                format!("order {order} paid to the operator and closed"),
            );
        }
        OrderCommand::Resolve { order, pay } => {
            let signer = ctx.signer()?;
            let receipt = escrow!().resolve(&signer, &order, pay == Side::Operator)?;
            done(
                ctx,
                "resolve_dispute",
                &order,
                &receipt,
                format!("dispute on {order} decided for the {pay:?}").to_lowercase(),
            );
        }
        OrderCommand::Show { order, qr } => {
            let signer = ctx.signer().ok();
            let escrow = escrow!();
            let view = escrow.require_order(&order)?;
            let vault = escrow.vault_balance(&view)?;
            let code = match &signer {
                Some(s) if s.pubkey() == view.consumer && view.sealed_activation_code.is_some() => {
                    Some(view.activation_code(s)?)
                }
                _ => None,
            };
            if qr && code.is_none() {
                return Err(anyhow!(
                    "no activation code to show: the order is {} and only its consumer ({}) can decrypt it",
                    view.status,
                    view.consumer
                )
                .into());
            }
            let qr_text = match (&code, qr) {
                (Some(c), true) => Some(qr_terminal(&c.to_string())?),
                _ => None,
            };
            ctx.print(
                json!({ "order": view, "vault_balance": vault, "activation_code": code.as_ref().map(|c| c.to_string()) }),
                || {
                    let mut lines = vec![
                        format!("order {} (#{}): {}", view.address, view.order_id, view.status),
                        format!("  consumer {}, operator {}", view.consumer, view.operator),
                        format!("  plan {}, EID commitment {}", view.plan, view.eid_commitment),
                        format!("  {} in escrow, deliver by {}", view.currency_kind.format(vault), view.deliver_by),
                    ];
                    if let Some(hash) = &view.profile_hash {
                        lines.push(format!("  profile package SHA-256 {hash}"));
                    }
                    if let Some(c) = &code {
                        lines.push(format!("  activation code {c}"));
                    }
                    if let Some(q) = &qr_text {
                        lines.push(q.clone());
                    }
                    lines.join("\n")
                },
            );
        }
        OrderCommand::List { consumer, operator } => {
            let orders = escrow!().orders(consumer.as_ref(), operator.as_ref())?;
            ctx.print(json!(orders), || {
                let mut lines = vec![format!("{} open order(s)", orders.len())];
                lines.extend(orders.iter().map(summary));
                lines.join("\n")
            });
        }
    }
    Ok(())
}
