//! `openrsp sub`: pay-as-you-go subscriptions. The consumer opens one for its EID commitment with a
//! prepaid vault and tops it up; its device signs vouchers of the cumulative amount owed; the
//! operator redeems the latest; the consumer gives notice and closes.

use crate::context::{read_keypair, receipt_line, write_json, CmdResult, Context};
use anyhow::anyhow;
use clap::Subcommand;
use openrsp_sdk::{
    usdc_billing::{Billing, SignedVoucher, SubscriptionView},
    Address, Signer,
};
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum SubCommand {
    /// Open a subscription to a plan for your EID commitment, with a first deposit.
    #[command(
        after_help = "Example:\n  openrsp sub open --plan <PLAN> --eid-commitment <EID_COMMITMENT> --device device.json --deposit 20000000"
    )]
    Open {
        #[arg(long)]
        plan: Address,
        /// Your EID commitment (see `openrsp eid show`).
        #[arg(long)]
        eid_commitment: Address,
        /// The device's keypair file: its key signs the vouchers...
        #[arg(long, required_unless_present = "device_key")]
        device: Option<PathBuf>,
        /// ...or just its public key.
        #[arg(long, conflicts_with = "device")]
        device_key: Option<Address>,
        /// First deposit in the plan's base units (lamports, or the mint's smallest unit).
        #[arg(long, default_value_t = 0)]
        deposit: u64,
    },
    /// Add money to a subscription's vault (anyone may).
    #[command(
        after_help = "Example:\n  openrsp sub topup --subscription <SUBSCRIPTION> --amount 5000000"
    )]
    Topup {
        #[arg(long)]
        subscription: Address,
        #[arg(long)]
        amount: u64,
    },
    /// Sign a voucher with the device key: everything owed so far (no transaction).
    #[command(
        after_help = "Example:\n  openrsp sub voucher --subscription <SUBSCRIPTION> --cumulative 1250000 --device device.json --out v1.json"
    )]
    Voucher {
        #[arg(long)]
        subscription: Address,
        /// The cumulative amount owed, in the plan's base units.
        #[arg(long)]
        cumulative: u64,
        /// The device's keypair file.
        #[arg(long)]
        device: PathBuf,
        /// Signing time, unix seconds [default: the ledger's clock].
        #[arg(long)]
        issued_at: Option<i64>,
        /// Where to write the voucher (JSON).
        #[arg(long)]
        out: PathBuf,
    },
    /// Redeem a voucher (the operator): paid the difference from what it has been paid.
    #[command(
        after_help = "Example:\n  openrsp sub redeem --voucher v1.json --keypair operator.json"
    )]
    Redeem {
        #[arg(long)]
        voucher: PathBuf,
    },
    /// Give notice (an active subscription), or close after the notice and take the rest back.
    #[command(after_help = "Example:\n  openrsp sub close --subscription <SUBSCRIPTION>")]
    Close {
        #[arg(long)]
        subscription: Address,
    },
    /// Show a subscription and its vault.
    #[command(
        after_help = "Example:\n  openrsp sub show --subscription <SUBSCRIPTION> --output json"
    )]
    Show {
        #[arg(long)]
        subscription: Address,
    },
    /// List subscriptions, optionally of one consumer or operator.
    #[command(after_help = "Example:\n  openrsp sub list --consumer <WALLET> --output json")]
    List {
        #[arg(long)]
        consumer: Option<Address>,
        #[arg(long)]
        operator: Option<Address>,
    },
}

fn line(s: &SubscriptionView, vault: u64) -> String {
    format!(
        "  {}  {}  deposited {}, redeemed {}, vault {}{}  in {}",
        s.address,
        s.status,
        s.deposited,
        s.redeemed,
        vault,
        s.closes_at
            .map(|t| format!(", closes at {t}"))
            .unwrap_or_default(),
        s.currency,
    )
}

pub fn run(ctx: &mut Context, cmd: SubCommand) -> CmdResult {
    let program = ctx.ids.usdc_billing;
    match cmd {
        SubCommand::Open {
            plan,
            eid_commitment,
            device,
            device_key,
            deposit,
        } => {
            let signer = ctx.signer()?;
            let device_key = match (device, device_key) {
                (Some(path), _) => read_keypair(&path)?.pubkey(),
                (None, Some(key)) => key,
                (None, None) => return Err(anyhow!("give --device or --device-key").into()),
            };
            let (receipt, address) = Billing::new(ctx.ledger()?, program).open_subscription(
                &signer,
                &plan,
                &eid_commitment,
                &device_key,
                deposit,
            )?;
            ctx.print(
                json!({ "subscription": address.to_string(), "receipt": receipt }),
                || {
                    format!(
                        "subscription {address} opened with {deposit} deposited\n{}",
                        receipt_line("open_subscription", &receipt)
                    )
                },
            );
        }
        SubCommand::Topup {
            subscription,
            amount,
        } => {
            let signer = ctx.signer()?;
            let receipt =
                Billing::new(ctx.ledger()?, program).top_up(&signer, &subscription, amount)?;
            ctx.print(
                json!({ "subscription": subscription.to_string(), "receipt": receipt }),
                || {
                    format!(
                        "{amount} added to {subscription}\n{}",
                        receipt_line("top_up", &receipt)
                    )
                },
            );
        }
        SubCommand::Voucher {
            subscription,
            cumulative,
            device,
            issued_at,
            out,
        } => {
            let device = read_keypair(&device)?;
            let billing = Billing::new(ctx.ledger()?, program);
            let view = billing.require_subscription(&subscription)?;
            if view.voucher_key != device.pubkey().to_string() {
                return Err(anyhow!(
                    "the subscription takes vouchers of {}, not of this device ({})",
                    view.voucher_key,
                    device.pubkey()
                )
                .into());
            }
            let issued_at = match issued_at {
                Some(t) => t,
                None => billing.ledger.unix_timestamp()?,
            };
            let voucher = billing.sign_voucher(&device, &subscription, cumulative, issued_at);
            write_json(&out, &voucher)?;
            ctx.print(json!({ "voucher": voucher, "path": out }), || {
                format!(
                    "voucher for {cumulative} on {subscription} written to {}",
                    out.display()
                )
            });
        }
        SubCommand::Redeem { voucher } => {
            let signer = ctx.signer()?;
            let voucher = SignedVoucher::read(&voucher)?;
            let mut billing = Billing::new(ctx.ledger()?, program);
            let before = billing
                .require_subscription(&voucher.subscription)?
                .redeemed;
            let receipt = billing.redeem(&signer, &voucher)?;
            let paid = voucher.cumulative - before;
            ctx.print(
                json!({ "subscription": voucher.subscription.to_string(), "paid": paid, "cumulative": voucher.cumulative, "receipt": receipt }),
                || {
                    format!(
                        "redeemed {paid} (cumulative {}) on {}\n{}",
                        voucher.cumulative,
                        voucher.subscription,
                        receipt_line("redeem_voucher", &receipt)
                    )
                },
            );
        }
        SubCommand::Close { subscription } => {
            let signer = ctx.signer()?;
            let mut billing = Billing::new(ctx.ledger()?, program);
            let view = billing.require_subscription(&subscription)?;
            if view.status == "active" {
                let receipt = billing.request_close(&signer, &subscription)?;
                let closes_at = billing.require_subscription(&subscription)?.closes_at;
                ctx.print(
                    json!({ "subscription": subscription.to_string(), "closes_at": closes_at, "receipt": receipt }),
                    || {
                        format!(
                            "notice given on {subscription}: close it with the same command from {} on\n{}",
                            closes_at.unwrap_or_default(),
                            receipt_line("request_close", &receipt)
                        )
                    },
                );
            } else {
                let refunded = billing.vault_balance(&view)?;
                let receipt = billing.close_subscription(&signer, &subscription)?;
                ctx.print(
                    json!({ "subscription": subscription.to_string(), "refunded": refunded, "receipt": receipt }),
                    || {
                        format!(
                            "subscription {subscription} closed, {refunded} and the rent back\n{}",
                            receipt_line("close_subscription", &receipt)
                        )
                    },
                );
            }
        }
        SubCommand::Show { subscription } => {
            let billing = Billing::new(ctx.ledger()?, program);
            let view = billing.require_subscription(&subscription)?;
            let vault = billing.vault_balance(&view)?;
            ctx.print(json!({ "subscription": view, "vault_balance": vault }), || {
                format!(
                    "subscription {}\n  plan {}\n  consumer {}, operator {}\n  voucher key {}\n  {}: deposited {}, redeemed {}, in the vault {}{}",
                    view.address,
                    view.plan,
                    view.consumer,
                    view.operator,
                    view.voucher_key,
                    view.status,
                    view.currency_kind.format(view.deposited),
                    view.currency_kind.format(view.redeemed),
                    view.currency_kind.format(vault),
                    view.closes_at.map(|t| format!(", closes at {t}")).unwrap_or_default()
                )
            });
        }
        SubCommand::List { consumer, operator } => {
            let billing = Billing::new(ctx.ledger()?, program);
            let subs = billing.subscriptions(consumer.as_ref(), operator.as_ref())?;
            let mut rows = Vec::new();
            for s in &subs {
                rows.push((s, billing.vault_balance(s)?));
            }
            ctx.print(json!(subs), || {
                let mut lines = vec![format!("{} subscription(s)", subs.len())];
                lines.extend(rows.iter().map(|(s, v)| line(s, *v)));
                lines.join("\n")
            });
        }
    }
    Ok(())
}
