//! The payments harness: cert-registry with the operator's real SGP.26 DPauth record, usdc-billing
//! and profile-escrow initialised, real SPL Token / Token-2022 mints, and consumers with EID
//! commitments. Shared by the plan, subscription and escrow tests and the benchmark.

use super::*;
use openrsp_sdk::{
    profile_escrow::{instructions as escrow_ixs, EscrowIds},
    programs::PROFILE_ESCROW_ID,
    token::Currency,
    usdc_billing::{
        instructions as billing_ixs, pda as billing_pda, BillingSettings, PlanTermsArgs,
    },
};
use profile_escrow::errors::EscrowError;
use spl_token_2022_interface::extension::ExtensionType;
use usdc_billing::errors::BillingError;

pub const ESCROW_PROGRAM_ID: Address = PROFILE_ESCROW_ID;
pub const TOKEN: Address = usdc_billing::currency::TOKEN_PROGRAM;
pub const TOKEN_2022: Address = usdc_billing::currency::TOKEN_2022_PROGRAM;
pub const ESCROW_IDS: EscrowIds = EscrowIds {
    escrow: ESCROW_PROGRAM_ID,
    billing: BILLING_PROGRAM_ID,
};

/// Governance settings of the harness.
pub const FEE_BPS: u16 = 25;
pub const CLOSE_NOTICE: u64 = 3_600;
pub const DISPUTE_WINDOW: u64 = 86_400;
pub const DELIVERY_WINDOW: u64 = 7 * 86_400;

/// The custom error code of a refused transaction.
#[track_caller]
pub fn custom_code(result: TxResult) -> u32 {
    match result {
        Err(TransactionError::InstructionError(_, InstructionError::Custom(code))) => code,
        other => panic!("expected a program error, got {other:?}"),
    }
}

#[track_caller]
pub fn assert_billing_error(result: TxResult, expected: BillingError) {
    let code = custom_code(result);
    assert_eq!(
        BillingError::from_code(code),
        Some(expected),
        "expected {expected:?}, got custom error {code}"
    );
}

#[track_caller]
pub fn assert_escrow_error(result: TxResult, expected: EscrowError) {
    let code = custom_code(result);
    assert_eq!(
        EscrowError::from_code(code),
        Some(expected),
        "expected {expected:?}, got custom error {code}"
    );
}

/// A plan's terms at `price`: 10 GB for 30 days in three EU countries and Europe.
pub fn terms(price: u64) -> PlanTermsArgs {
    PlanTermsArgs {
        price,
        data_quota_mb: 10_240,
        validity_seconds: 30 * 86_400,
        coverage: openrsp_sdk::usdc_billing::coverage(&["FR", "DE", "ES"], 1).unwrap(),
    }
}

/// Creates a mint of `program` with `decimals` and the given Token-2022 `extensions` (mint close
/// authority, permanent delegate, transfer fee), owned by the real token program; the context
/// payer is its mint authority.
pub async fn create_mint(
    ctx: &mut ProgramTestContext,
    program: Address,
    decimals: u8,
    extensions: &[ExtensionType],
) -> Address {
    let mint = Keypair::new();
    let payer = ctx.payer.pubkey();
    let space = if extensions.is_empty() {
        82
    } else {
        ExtensionType::try_calculate_account_len::<spl_token_2022_interface::state::Mint>(
            extensions,
        )
        .unwrap()
    };
    let rent = ctx
        .banks_client
        .get_rent()
        .await
        .unwrap()
        .minimum_balance(space);
    let mut ixs = vec![solana_system_interface::instruction::create_account(
        &payer,
        &mint.pubkey(),
        rent,
        space as u64,
        &program,
    )];
    for extension in extensions {
        ixs.push(match extension {
            ExtensionType::MintCloseAuthority => {
                spl_token_2022_interface::instruction::initialize_mint_close_authority(
                    &program,
                    &mint.pubkey(),
                    Some(&payer),
                )
                .unwrap()
            }
            ExtensionType::PermanentDelegate => {
                spl_token_2022_interface::instruction::initialize_permanent_delegate(
                    &program,
                    &mint.pubkey(),
                    &payer,
                )
                .unwrap()
            }
            ExtensionType::TransferFeeConfig => {
                spl_token_2022_interface::extension::transfer_fee::instruction::initialize_transfer_fee_config(
                    &program,
                    &mint.pubkey(),
                    Some(&payer),
                    Some(&payer),
                    100,
                    1_000_000,
                )
                .unwrap()
            }
            other => panic!("no initialiser for {other:?} in the harness"),
        });
    }
    ixs.push(
        spl_token_2022_interface::instruction::initialize_mint2(
            &program,
            &mint.pubkey(),
            &payer,
            None,
            decimals,
        )
        .unwrap(),
    );
    send(ctx, &ixs, &[&mint]).await.expect("mint");
    mint.pubkey()
}

/// An EID commitment owned by `owner`, exactly as eid-commitment stores one, at its PDA. Its
/// registration with a real `euicc_chain` proof is tested in `eid_commitment.rs` and end to end in
/// the CLI and demo; payment tests only need the account the programs read.
pub fn eid_commitment_account(owner: &Address) -> (Address, Account) {
    eid_commitment_account_for(owner, eid_commitment::state::PURPOSE_PLANS)
}

/// [`eid_commitment_account`] registered for `purpose`.
pub fn eid_commitment_account_for(owner: &Address, purpose: u8) -> (Address, Account) {
    eid_commitment_account_with(owner, purpose, Keypair::new().pubkey().to_bytes())
}

/// [`eid_commitment_account_for`] with the given nullifier (made a field element).
pub fn eid_commitment_account_with(
    owner: &Address,
    purpose: u8,
    mut nullifier: [u8; 32],
) -> (Address, Account) {
    use eid_commitment::state::EidCommitment;
    nullifier[0] = 0;
    let (address, bump) =
        openrsp_sdk::eid_commitment::pda::eid_commitment(&EID_PROGRAM_ID, &nullifier);
    let mut data = vec![0u8; EidCommitment::LEN];
    let c = EidCommitment::initialize(&mut data).unwrap();
    c.bump = bump;
    c.owner = owner.to_bytes();
    c.commitment = [7; 32];
    c.commitment[0] = 0;
    c.nullifier = nullifier;
    c.purpose = eid_commitment::state::purpose_field(purpose);
    let account = Account {
        lamports: 10_000_000,
        data,
        owner: EID_PROGRAM_ID,
        executable: false,
        rent_epoch: 0,
    };
    (address, account)
}

/// Writes [`eid_commitment_account`] into the test validator.
pub fn put_eid_commitment(ctx: &mut ProgramTestContext, owner: &Address) -> Address {
    let (address, account) = eid_commitment_account(owner);
    put_account(ctx, &address, account);
    address
}

/// usdc-billing's settings over the fixture's registry: its authority governs billing too, fee
/// [`FEE_BPS`], notice [`CLOSE_NOTICE`].
pub fn billing_settings(f: &Fixture, treasury: &Address) -> BillingSettings {
    BillingSettings {
        authority: f.authority.pubkey(),
        registry_program: PROGRAM_ID,
        eid_program: EID_PROGRAM_ID,
        treasury: *treasury,
        fee_bps: FEE_BPS,
        close_notice_seconds: CLOSE_NOTICE,
    }
}

/// Registry with the operator's DPauth record, billing (fee [`FEE_BPS`], notice
/// [`CLOSE_NOTICE`]) and escrow (windows [`DISPUTE_WINDOW`], [`DELIVERY_WINDOW`]) initialised.
pub struct Market {
    pub f: Fixture,
    pub operator: Keypair,
    /// The operator's SM-DP+ (DPauth) record.
    pub record: Address,
    /// The record and the registry accounts behind it, as plan changes and purchases pass them.
    pub trust: OperatorTrust,
    pub treasury: Keypair,
    pub now: i64,
}

impl Market {
    pub async fn new() -> Market {
        let mut f = Fixture::new().await;
        let operator = f.funded_key().await;
        let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
        f.register(&operator, &args)
            .await
            .expect("DPauth registers");
        let record = pda::certificate(&PROGRAM_ID, &args.commitment).0;
        let trust = operator_trust(&args);
        let treasury = f.funded_key().await;
        let payer = f.ctx.payer.pubkey();
        let settings = billing_settings(&f, &treasury.pubkey());
        let init_billing =
            billing_ixs::initialize_billing(&BILLING_PROGRAM_ID, &payer, &payer, &settings);
        let init_escrow = escrow_ixs::initialize_escrow(
            &ESCROW_IDS,
            &payer,
            &payer,
            &f.authority.pubkey(),
            DISPUTE_WINDOW,
            DELIVERY_WINDOW,
        );
        send(&mut f.ctx, &[init_billing, init_escrow], &[])
            .await
            .expect("initialize billing and escrow");
        let clock: Clock = f.ctx.banks_client.get_sysvar().await.unwrap();
        Market {
            f,
            operator,
            record,
            trust,
            treasury,
            now: clock.unix_timestamp,
        }
    }

    /// Publishes plan `plan_id` at `price` in `mint` (`None`: SOL).
    pub async fn create_plan(
        &mut self,
        plan_id: u64,
        mint: Option<&Address>,
        price: u64,
    ) -> Address {
        let operator = self.operator.insecure_clone();
        let ix = billing_ixs::create_plan(
            &BILLING_PROGRAM_ID,
            &operator.pubkey(),
            &self.trust,
            plan_id,
            mint,
            &terms(price),
        );
        send(&mut self.f.ctx, &[ix], &[&operator])
            .await
            .expect("plan");
        billing_pda::plan(&BILLING_PROGRAM_ID, &operator.pubkey(), plan_id).0
    }

    /// A funded consumer and its EID commitment.
    pub async fn consumer(&mut self) -> (Keypair, Address) {
        let consumer = self.f.funded_key().await;
        let eid = put_eid_commitment(&mut self.f.ctx, &consumer.pubkey());
        (consumer, eid)
    }

    /// The currency of a mint as the token program has it (`None`: SOL).
    pub async fn currency(&mut self, mint: Option<&Address>) -> Currency {
        let Some(mint) = mint else {
            return Currency::Sol;
        };
        let raw = account(&mut self.f.ctx, mint).await.expect("mint");
        Currency::Token {
            mint: *mint,
            program: raw.owner,
            decimals: raw.data[44],
        }
    }

    /// Gives `wallet` `amount` of `currency` (tokens minted into its associated account, which
    /// is created; lamports transferred).
    pub async fn give(&mut self, currency: &Currency, wallet: &Address, amount: u64) {
        let payer = self.f.ctx.payer.pubkey();
        match currency {
            Currency::Sol => fund(&mut self.f.ctx, wallet, amount).await,
            Currency::Token {
                mint,
                program,
                decimals,
            } => {
                let mut ixs: Vec<Instruction> = currency
                    .ensure_account(&payer, wallet)
                    .into_iter()
                    .collect();
                if amount > 0 {
                    ixs.push(
                        spl_token_2022_interface::instruction::mint_to_checked(
                            program,
                            mint,
                            &currency.account_of(wallet),
                            &payer,
                            &[],
                            amount,
                            *decimals,
                        )
                        .unwrap(),
                    );
                }
                send(&mut self.f.ctx, &ixs, &[]).await.expect("mint to");
            }
        }
    }

    /// What `wallet` holds of `currency` (lamports for SOL, else its associated token account).
    pub async fn balance(&mut self, currency: &Currency, wallet: &Address) -> u64 {
        match currency {
            Currency::Sol => self.lamports(wallet).await,
            Currency::Token { .. } => self.tokens(&currency.account_of(wallet)).await,
        }
    }

    pub async fn lamports(&mut self, address: &Address) -> u64 {
        account(&mut self.f.ctx, address)
            .await
            .map_or(0, |a| a.lamports)
    }

    /// The amount of a token account (0 if it does not exist).
    pub async fn tokens(&mut self, token_account: &Address) -> u64 {
        account(&mut self.f.ctx, token_account)
            .await
            .map_or(0, |a| {
                u64::from_le_bytes(a.data[64..72].try_into().unwrap())
            })
    }

    /// What a vault holds for its owner: tokens, or lamports above its rent.
    pub async fn vault_balance(&mut self, currency: &Currency, vault: &Address) -> u64 {
        match currency {
            Currency::Sol => {
                let rent = self.rent(0).await;
                self.lamports(vault).await.saturating_sub(rent)
            }
            Currency::Token { .. } => self.tokens(vault).await,
        }
    }

    pub async fn rent(&mut self, space: usize) -> u64 {
        self.f
            .ctx
            .banks_client
            .get_rent()
            .await
            .unwrap()
            .minimum_balance(space)
    }

    /// Moves the cluster clock to `now + seconds`.
    pub async fn warp(&mut self, seconds: i64) {
        self.now += seconds;
        set_time(&self.f.ctx, self.now).await;
    }

    /// Sends `ixs` with the given signers (the context payer pays the fee).
    pub async fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> TxResult {
        send(&mut self.f.ctx, ixs, signers).await
    }
}
