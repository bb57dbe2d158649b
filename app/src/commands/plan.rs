//! `openrsp plan ...`: data plans in usdc-billing. An operator whose SM-DP+ certificate the
//! registry holds as valid publishes, changes and retires plans; anyone lists them.

use super::parse_hex;
use crate::context::{receipt_line, CmdResult, Context, Failure};
use anyhow::anyhow;
use clap::{Args, Subcommand};
use openrsp_sdk::{
    cert_registry::pda as registry_pda,
    certificate::RspCertificate,
    usdc_billing::{coverage, Billing, BillingSettings, PlanTermsArgs, PlanView},
    Address, Signer,
};
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum PlanCommand {
    /// Set up billing: the registry whose SM-DP+ records admit operators, treasury, fee (governance, once).
    #[command(after_help = "Example:\n  openrsp plan init --fee-bps 25 --treasury <TREASURY>")]
    Init {
        /// Authority [default: the signer].
        #[arg(long)]
        authority: Option<Address>,
        /// Where protocol fees go [default: the authority].
        #[arg(long)]
        treasury: Option<Address>,
        /// Protocol fee in basis points (0 to 10,000).
        #[arg(long, default_value_t = 0)]
        fee_bps: u16,
        /// Seconds between a subscriber's notice and the close: the operator's time to redeem
        /// the last vouchers (60 to 7,776,000).
        #[arg(long, default_value_t = 86_400)]
        close_notice: u64,
        /// The program's upgrade authority (the key that deployed it), which alone can set it
        /// up [default: the signer].
        #[arg(long, value_name = "KEYPAIR")]
        upgrade_authority: Option<std::path::PathBuf>,
    },
    /// Publish a plan (the operator signs; its SM-DP+ certificate must be registered and valid).
    #[command(
        after_help = "Example:\n  openrsp plan create --id 1 --smdp-cert CERT_S_SM_DPauth_ECDSA_NIST.der --mint <USDC_MINT> \\\n    --price 9990000 --data-mb 10240 --days 30 --countries FR,DE,ES --region 1"
    )]
    Create {
        /// The operator's number for the plan.
        #[arg(long)]
        id: u64,
        #[command(flatten)]
        smdp: SmdpRef,
        /// SPL mint (Token or Token-2022) the price is in [default: native SOL].
        #[arg(long)]
        mint: Option<Address>,
        #[command(flatten)]
        terms: TermsArgs,
    },
    /// Change a plan's terms (its operator).
    #[command(
        after_help = "Example:\n  openrsp plan update --plan <PLAN> --smdp-cert CERT_S_SM_DPpb_ECDSA_NIST.der --mint <MINT> --price 7990000 --data-mb 10240 --days 30 --countries FR,DE,ES --region 1 --keypair operator.json"
    )]
    Update {
        /// The plan's address.
        #[arg(long)]
        plan: Address,
        #[command(flatten)]
        smdp: SmdpRef,
        #[command(flatten)]
        terms: TermsArgs,
    },
    /// Retire a plan: no new subscriptions (its operator, or the billing authority for any plan).
    #[command(
        after_help = "Example:\n  openrsp plan retire --plan <PLAN> --keypair operator.json"
    )]
    Retire {
        #[arg(long)]
        plan: Address,
    },
    /// List plans, optionally of one operator, active only.
    #[command(after_help = "Example:\n  openrsp plan list --active --output json")]
    List {
        #[arg(long)]
        operator: Option<Address>,
        #[arg(long)]
        active: bool,
    },
}

/// The operator's SM-DP+ certificate record: by certificate or by commitment.
#[derive(Args)]
pub struct SmdpRef {
    /// The operator's SM-DP+ certificate (its record is found by its commitment)...
    #[arg(long, required_unless_present = "smdp_commitment")]
    smdp_cert: Option<PathBuf>,
    /// ...or the record's commitment, hex.
    #[arg(long, conflicts_with = "smdp_cert")]
    smdp_commitment: Option<String>,
}

impl SmdpRef {
    fn record(&self, registry: &Address) -> Result<Address, Failure> {
        let commitment = match (&self.smdp_cert, &self.smdp_commitment) {
            (Some(path), _) => RspCertificate::from_file(path)?.commitment()?,
            (None, Some(hex)) => parse_hex::<32>("--smdp-commitment", hex)?,
            (None, None) => return Err(anyhow!("give --smdp-cert or --smdp-commitment").into()),
        };
        Ok(registry_pda::certificate(registry, &commitment).0)
    }
}

#[derive(Args)]
pub struct TermsArgs {
    /// Price per period in the currency's base units (lamports, or the mint's smallest unit).
    #[arg(long)]
    price: u64,
    /// Data per period, MB.
    #[arg(long)]
    data_mb: u64,
    /// Period, days.
    #[arg(long)]
    days: u64,
    /// ISO 3166-1 alpha-2 codes, comma-separated.
    #[arg(long, value_delimiter = ',')]
    countries: Vec<String>,
    /// Region: 0 none, 1 Europe, 2 North America, 3 Latin America, 4 Asia-Pacific, 5 Middle East
    /// and Africa, 6 global.
    #[arg(long, default_value_t = 0)]
    region: u8,
}

impl TermsArgs {
    fn terms(&self) -> Result<PlanTermsArgs, Failure> {
        let countries: Vec<&str> = self.countries.iter().map(String::as_str).collect();
        Ok(PlanTermsArgs {
            price: self.price,
            data_quota_mb: self.data_mb,
            validity_seconds: self
                .days
                .checked_mul(86_400)
                .ok_or_else(|| anyhow!("--days {} is too long", self.days))?,
            coverage: coverage(&countries, self.region)?,
        })
    }
}

fn plan_line(p: &PlanView) -> String {
    format!(
        "  {}  #{} {} {} per {} days, {} MB, {}{}  operator {}",
        p.address,
        p.plan_id,
        if p.active { "active " } else { "retired" },
        p.price,
        p.validity_seconds / 86_400,
        p.data_quota_mb,
        if p.countries.is_empty() {
            String::new()
        } else {
            p.countries.join(",") + " "
        },
        if p.currency == "SOL" {
            "(lamports)".to_string()
        } else {
            format!("(mint {})", p.currency)
        },
        p.operator
    )
}

pub fn run(ctx: &mut Context, cmd: PlanCommand) -> CmdResult {
    let program = ctx.ids.usdc_billing;
    let registry = ctx.ids.cert_registry;
    match cmd {
        PlanCommand::Init {
            authority,
            treasury,
            fee_bps,
            close_notice,
            upgrade_authority,
        } => {
            let signer = ctx.signer()?;
            let deployer = ctx.upgrade_authority(upgrade_authority.as_deref())?;
            let authority = authority.unwrap_or(signer.pubkey());
            let treasury = treasury.unwrap_or(authority);
            let settings = BillingSettings {
                authority,
                registry_program: registry,
                eid_program: ctx.ids.eid_commitment,
                treasury,
                fee_bps,
                close_notice_seconds: close_notice,
            };
            let receipt =
                Billing::new(ctx.ledger()?, program).initialize(&signer, &deployer, &settings)?;
            ctx.print(json!({ "authority": authority.to_string(), "treasury": treasury.to_string(), "fee_bps": fee_bps, "close_notice_seconds": close_notice, "receipt": receipt }), || {
                format!(
                    "billing initialised: authority {authority}, treasury {treasury}, fee {fee_bps} bps, close notice {close_notice} s\n{}",
                    receipt_line("initialize_billing", &receipt)
                )
            });
        }
        PlanCommand::Create {
            id,
            smdp,
            mint,
            terms,
        } => {
            let signer = ctx.signer()?;
            let record = smdp.record(&registry)?;
            let terms = terms.terms()?;
            let (receipt, address) = Billing::new(ctx.ledger()?, program).create_plan(
                &signer,
                &record,
                id,
                mint.as_ref(),
                &terms,
            )?;
            ctx.print(
                json!({ "plan": address.to_string(), "receipt": receipt }),
                || {
                    format!(
                        "plan {id} published at {address}\n{}",
                        receipt_line("create_plan", &receipt)
                    )
                },
            );
        }
        PlanCommand::Update { plan, smdp, terms } => {
            let signer = ctx.signer()?;
            let record = smdp.record(&registry)?;
            let terms = terms.terms()?;
            let receipt = Billing::new(ctx.ledger()?, program)
                .update_plan(&signer, &record, &plan, &terms)?;
            ctx.print(
                json!({ "plan": plan.to_string(), "receipt": receipt }),
                || {
                    format!(
                        "plan {plan} updated\n{}",
                        receipt_line("update_plan", &receipt)
                    )
                },
            );
        }
        PlanCommand::Retire { plan } => {
            let signer = ctx.signer()?;
            let receipt = Billing::new(ctx.ledger()?, program).retire_plan(&signer, &plan)?;
            ctx.print(
                json!({ "plan": plan.to_string(), "receipt": receipt }),
                || {
                    format!(
                        "plan {plan} retired\n{}",
                        receipt_line("retire_plan", &receipt)
                    )
                },
            );
        }
        PlanCommand::List { operator, active } => {
            let plans = Billing::new(ctx.ledger()?, program).plans(operator.as_ref(), active)?;
            ctx.print(json!(plans), || {
                let mut lines = vec![format!("{} plan(s)", plans.len())];
                lines.extend(plans.iter().map(plan_line));
                lines.join("\n")
            });
        }
    }
    Ok(())
}
