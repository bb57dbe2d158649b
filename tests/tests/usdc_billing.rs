//! usdc-billing plans on the real programs (solana-program-test, BPF), with the real SPL Token and
//! Token-2022 programs and real mints: an operator admitted by its SM-DP+ record in the registry
//! publishes SOL, USDC-like (6 decimals) and Token-2022 plans, changes and retires them; every
//! refusal with its exact error.

use cert_registry::{errors::FrameworkError, state::AccountLayout};
use openrsp_sdk::cert_registry::OperatorTrust;
use openrsp_sdk::usdc_billing::{
    coverage,
    instructions::{self as ixs, PlanTermsArgs},
    pda as billing_pda,
};
use openrsp_tests::{market::*, *};
use solana_address::Address;
use solana_keypair::Keypair;
use solana_signer::Signer;
use spl_token_2022_interface::extension::ExtensionType;
use usdc_billing::{
    errors::BillingError,
    state::{Plan, PlanStatus},
};

struct Billing {
    f: Fixture,
    operator: Keypair,
    /// The operator's SM-DP+ (DPauth) record.
    record: Address,
    /// The record and the registry accounts behind it.
    trust: OperatorTrust,
    treasury: Address,
}

impl Billing {
    async fn new() -> Billing {
        let m = Market::new().await;
        Billing {
            f: m.f,
            operator: m.operator,
            record: m.record,
            trust: m.trust,
            treasury: m.treasury.pubkey(),
        }
    }

    async fn create(
        &mut self,
        plan_id: u64,
        mint: Option<&Address>,
        t: &PlanTermsArgs,
    ) -> TxResult {
        let operator = self.operator.insecure_clone();
        let ix = ixs::create_plan(
            &BILLING_PROGRAM_ID,
            &operator.pubkey(),
            &self.trust,
            plan_id,
            mint,
            t,
        );
        send(&mut self.f.ctx, &[ix], &[&operator]).await
    }

    /// The operator's trust accounts with `record` in the record's place.
    fn with_record(&self, record: Address) -> OperatorTrust {
        OperatorTrust {
            record,
            ..self.trust
        }
    }

    fn plan_address(&self, plan_id: u64) -> Address {
        billing_pda::plan(&BILLING_PROGRAM_ID, &self.operator.pubkey(), plan_id).0
    }

    async fn plan(&mut self, plan_id: u64) -> Plan {
        let address = self.plan_address(plan_id);
        let raw = account(&mut self.f.ctx, &address).await.expect("plan");
        assert_eq!(raw.owner, BILLING_PROGRAM_ID);
        *Plan::from_bytes(&raw.data).expect("Plan layout")
    }
}

#[tokio::test]
async fn operators_publish_sol_usdc_and_token_2022_plans() {
    let mut b = Billing::new().await;
    let usdc = create_mint(&mut b.f.ctx, TOKEN, 6, &[]).await;
    let stable_2022 = create_mint(&mut b.f.ctx, TOKEN_2022, 6, &[]).await;
    let stable_2022_ext = create_mint(
        &mut b.f.ctx,
        TOKEN_2022,
        2,
        &[ExtensionType::MintCloseAuthority],
    )
    .await;

    // A SOL plan and three token plans.
    let cu = b
        .create(1, None, &terms(50_000_000))
        .await
        .expect("SOL plan")
        .compute_units;
    eprintln!("create_plan: {cu} CU");
    assert!(cu <= 30_000, "{cu}");
    b.create(2, Some(&usdc), &terms(9_990_000))
        .await
        .expect("USDC plan");
    b.create(3, Some(&stable_2022), &terms(5_000_000))
        .await
        .expect("Token-2022 plan");
    b.create(4, Some(&stable_2022_ext), &terms(1_500))
        .await
        .expect("Token-2022 + extension plan");

    let sol = b.plan(1).await;
    assert_eq!(sol.mint, [0; 32]);
    assert_eq!(sol.decimals, 9);
    assert_eq!(u64::from_le_bytes(sol.price), 50_000_000);
    assert_eq!(sol.operator, b.operator.pubkey().to_bytes());
    assert_eq!(sol.smdp_record, b.record.to_bytes());
    assert_eq!(sol.coverage.country_count, 3);
    assert_eq!(&sol.coverage.countries[..3], &[*b"FR", *b"DE", *b"ES"]);
    let usdc_plan = b.plan(2).await;
    assert_eq!(usdc_plan.mint, usdc.to_bytes());
    assert_eq!(usdc_plan.token_program, TOKEN.to_bytes());
    assert_eq!(usdc_plan.decimals, 6);
    let t22 = b.plan(3).await;
    assert_eq!(t22.token_program, TOKEN_2022.to_bytes());
    assert_eq!(b.plan(4).await.decimals, 2);

    // Update: new terms, same currency; a global plan without countries.
    let global = PlanTermsArgs {
        price: 12_000_000,
        data_quota_mb: 20_480,
        validity_seconds: 7 * 86_400,
        coverage: coverage(&[], 6).unwrap(),
    };
    let operator = b.operator.insecure_clone();
    let ix = ixs::update_plan(
        &BILLING_PROGRAM_ID,
        &operator.pubkey(),
        &b.trust,
        &b.plan_address(2),
        &global,
    );
    let cu = send(&mut b.f.ctx, &[ix], &[&operator])
        .await
        .expect("update")
        .compute_units;
    eprintln!("update_plan: {cu} CU");
    let updated = b.plan(2).await;
    assert_eq!(u64::from_le_bytes(updated.price), 12_000_000);
    assert_eq!(updated.coverage.region, 6);
    assert_eq!(updated.coverage.country_count, 0);
    assert_eq!(updated.mint, usdc.to_bytes(), "the currency never changes");

    // Retire: the plan stays readable, marked retired, and cannot change any more.
    let ix = ixs::retire_plan(&BILLING_PROGRAM_ID, &operator.pubkey(), &b.plan_address(2));
    let cu = send(&mut b.f.ctx, std::slice::from_ref(&ix), &[&operator])
        .await
        .expect("retire")
        .compute_units;
    eprintln!("retire_plan: {cu} CU");
    let retired = b.plan(2).await;
    assert_eq!(retired.status, PlanStatus::Retired as u8);
    assert_ne!(retired.retired_at, [0; 8]);
    assert_billing_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        BillingError::PlanRetired,
    );
    let ix = ixs::update_plan(
        &BILLING_PROGRAM_ID,
        &operator.pubkey(),
        &b.trust,
        &b.plan_address(2),
        &global,
    );
    assert_billing_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        BillingError::PlanRetired,
    );

    // Governance: the fee, within 0..=10,000 bps, by the authority only.
    let authority = b.f.authority.insecure_clone();
    let ix = ixs::set_protocol_fee(&BILLING_PROGRAM_ID, &authority.pubkey(), 0, &b.treasury);
    b.f.send_as_authority(ix).await.expect("zero fee");
    let ix = ixs::set_protocol_fee(
        &BILLING_PROGRAM_ID,
        &authority.pubkey(),
        10_001,
        &b.treasury,
    );
    assert_billing_error(b.f.send_as_authority(ix).await, BillingError::InvalidFee);
    let ix = ixs::set_protocol_fee(
        &BILLING_PROGRAM_ID,
        &operator.pubkey(),
        100,
        &operator.pubkey(),
    );
    assert_billing_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        BillingError::Unauthorized,
    );
    let ix = ixs::set_protocol_fee(
        &BILLING_PROGRAM_ID,
        &authority.pubkey(),
        100,
        &Address::default(),
    );
    assert_error(b.f.send_as_authority(ix).await, FrameworkError::InvalidKey);
    let raw = account(&mut b.f.ctx, &billing_pda::config(&BILLING_PROGRAM_ID).0)
        .await
        .unwrap();
    let config = *usdc_billing::state::BillingConfig::from_bytes(&raw.data).unwrap();
    assert_eq!(u16::from_le_bytes(config.fee_bps), 0);

    // Paused: no new plans, no changes; retiring still works.
    let ix = ixs::set_paused(&BILLING_PROGRAM_ID, &authority.pubkey(), true);
    b.f.send_as_authority(ix).await.expect("pause");
    assert_billing_error(b.create(9, None, &terms(1)).await, BillingError::Paused);
    let ix = ixs::retire_plan(&BILLING_PROGRAM_ID, &operator.pubkey(), &b.plan_address(1));
    send(&mut b.f.ctx, &[ix], &[&operator])
        .await
        .expect("retire while paused");
}

#[tokio::test]
async fn only_a_valid_smdp_operator_publishes_and_bad_terms_are_refused() {
    let mut b = Billing::new().await;
    let usdc = create_mint(&mut b.f.ctx, TOKEN, 6, &[]).await;

    // Terms: zero price, quota or period; coverage that is not ISO codes or a region.
    for bad in [
        PlanTermsArgs {
            price: 0,
            ..terms(1)
        },
        PlanTermsArgs {
            data_quota_mb: 0,
            ..terms(1)
        },
        PlanTermsArgs {
            validity_seconds: 0,
            ..terms(1)
        },
    ] {
        assert_billing_error(
            b.create(1, None, &bad).await,
            BillingError::InvalidPlanTerms,
        );
    }
    let mut bad = terms(1);
    bad.coverage.countries[0] = *b"fr";
    assert_billing_error(b.create(1, None, &bad).await, BillingError::InvalidCoverage);
    let mut bad = terms(1);
    bad.coverage.countries[5] = *b"IT";
    assert_billing_error(b.create(1, None, &bad).await, BillingError::InvalidCoverage);
    let mut bad = terms(1);
    bad.coverage.region = 7;
    assert_billing_error(b.create(1, None, &bad).await, BillingError::InvalidCoverage);
    let mut bad = terms(1);
    bad.coverage = coverage(&[], 1).unwrap();
    bad.coverage.region = 0;
    assert_billing_error(b.create(1, None, &bad).await, BillingError::InvalidCoverage);

    // Currency: a token account, an account of another program, a plain wallet.
    let operator = b.operator.insecure_clone();
    let not_mints = {
        let token_account = Keypair::new().pubkey();
        put_account(
            &mut b.f.ctx,
            &token_account,
            solana_account::Account {
                lamports: 10_000_000,
                data: vec![0; 165],
                owner: TOKEN,
                executable: false,
                rent_epoch: 0,
            },
        );
        let mut uninitialised = vec![0u8; 82];
        uninitialised[44] = 6;
        let fake_mint = Keypair::new().pubkey();
        put_account(
            &mut b.f.ctx,
            &fake_mint,
            solana_account::Account {
                lamports: 10_000_000,
                data: uninitialised,
                owner: TOKEN,
                executable: false,
                rent_epoch: 0,
            },
        );
        [token_account, fake_mint, PROGRAM_ID, operator.pubkey()]
    };
    for not_mint in not_mints {
        assert_billing_error(
            b.create(1, Some(&not_mint), &terms(1)).await,
            BillingError::InvalidMint,
        );
    }

    // The operator: no record, another registrant's record, the wrong role, a forged record,
    // revoked, expired.
    let stranger = b.f.funded_key().await;
    let ix = ixs::create_plan(
        &BILLING_PROGRAM_ID,
        &stranger.pubkey(),
        &b.trust,
        1,
        None,
        &terms(1),
    );
    assert_billing_error(
        send(&mut b.f.ctx, &[ix], &[&stranger]).await,
        BillingError::NotCertificateOwner,
    );
    let ix = ixs::create_plan(
        &BILLING_PROGRAM_ID,
        &operator.pubkey(),
        &b.with_record(pda::registry(&PROGRAM_ID).0),
        1,
        None,
        &terms(1),
    );
    assert_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        FrameworkError::InvalidAccountData,
    );
    let mut forged = account(&mut b.f.ctx, &b.record).await.unwrap();
    forged.owner = BILLING_PROGRAM_ID;
    let forged_address = Keypair::new().pubkey();
    put_account(&mut b.f.ctx, &forged_address, forged.clone());
    let ix = ixs::create_plan(
        &BILLING_PROGRAM_ID,
        &operator.pubkey(),
        &b.with_record(forged_address),
        1,
        None,
        &terms(1),
    );
    assert_billing_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        BillingError::WrongRegistry,
    );
    // An EUM-role record (its bytes changed in place: the registry never holds one for a DP key).
    let mut eum_role = account(&mut b.f.ctx, &b.record).await.unwrap();
    eum_role.data[11] = 2;
    let eum_address = Keypair::new().pubkey();
    put_account(&mut b.f.ctx, &eum_address, eum_role);
    let ix = ixs::create_plan(
        &BILLING_PROGRAM_ID,
        &operator.pubkey(),
        &b.with_record(eum_address),
        1,
        None,
        &terms(1),
    );
    assert_billing_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        BillingError::NotSmdpCertificate,
    );

    // A plan at an address that is not its PDA.
    let mut ix = ixs::create_plan(
        &BILLING_PROGRAM_ID,
        &operator.pubkey(),
        &b.trust,
        1,
        None,
        &terms(1),
    );
    ix.accounts[5].pubkey = b.plan_address(2);
    assert_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        FrameworkError::InvalidPda,
    );

    // A plan exists; then the certificate expires: no change, but retiring still works.
    b.create(1, Some(&usdc), &terms(1_000_000))
        .await
        .expect("plan");
    // Re-creating the same plan id: refused, the plan unchanged.
    assert_error(
        b.create(1, None, &terms(5)).await,
        FrameworkError::AlreadyInitialized,
    );
    assert_eq!(b.plan(1).await.mint, usdc.to_bytes());
    // Another operator cannot touch it, not even with a config of its own making that names it
    // the authority (a copy of the real one, owned by another program).
    let ix = ixs::retire_plan(&BILLING_PROGRAM_ID, &stranger.pubkey(), &b.plan_address(1));
    assert_billing_error(
        send(&mut b.f.ctx, &[ix], &[&stranger]).await,
        BillingError::NotPlanOperator,
    );
    let config = billing_pda::config(&BILLING_PROGRAM_ID).0;
    let mut forged = account(&mut b.f.ctx, &config).await.unwrap();
    usdc_billing::state::BillingConfig::from_bytes_mut(&mut forged.data)
        .unwrap()
        .authority = stranger.pubkey().to_bytes();
    forged.owner = Address::new_unique();
    let fake = Address::new_unique();
    put_account(&mut b.f.ctx, &fake, forged);
    let mut ix = ixs::retire_plan(&BILLING_PROGRAM_ID, &stranger.pubkey(), &b.plan_address(1));
    ix.accounts[2].pubkey = fake;
    assert_error(
        send(&mut b.f.ctx, &[ix], &[&stranger]).await,
        FrameworkError::InvalidAccountOwner,
    );
    assert!(b.plan(1).await.is_active(), "still on sale");
    let mut ix = ixs::retire_plan(&BILLING_PROGRAM_ID, &operator.pubkey(), &b.plan_address(1));
    ix.accounts[0].is_signer = false;
    assert_error(
        send(&mut b.f.ctx, &[ix], &[]).await,
        FrameworkError::MissingSignature,
    );
    let dp = dp_auth_nist();
    set_time(&b.f.ctx, dp.not_after as i64 + 1).await;
    let ix = ixs::update_plan(
        &BILLING_PROGRAM_ID,
        &operator.pubkey(),
        &b.trust,
        &b.plan_address(1),
        &terms(2),
    );
    assert_billing_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        BillingError::CertificateNotValidNow,
    );
    assert_billing_error(
        b.create(2, None, &terms(1)).await,
        BillingError::CertificateNotValidNow,
    );
    set_time(&b.f.ctx, (dp.not_before + 86_400) as i64).await;
    // Revoked.
    let commitment = dp.commitment().unwrap();
    let ix = openrsp_sdk::cert_registry::instructions::revoke_certificate(
        &PROGRAM_ID,
        &operator.pubkey(),
        &commitment,
        1,
    );
    send(&mut b.f.ctx, &[ix], &[&operator])
        .await
        .expect("revoke");
    assert_billing_error(
        b.create(2, None, &terms(1)).await,
        BillingError::CertificateRevoked,
    );
    let ix = ixs::retire_plan(&BILLING_PROGRAM_ID, &operator.pubkey(), &b.plan_address(1));
    send(&mut b.f.ctx, &[ix], &[&operator])
        .await
        .expect("retire with a revoked certificate");

    // Attack classes on create_plan: signer, system program, PDA, config cosplay, data.
    let base = ixs::create_plan(
        &BILLING_PROGRAM_ID,
        &operator.pubkey(),
        &b.trust,
        3,
        None,
        &terms(1),
    );
    let mut ix = base.clone();
    ix.accounts[0].is_signer = false;
    assert_error(
        send(&mut b.f.ctx, &[ix], &[]).await,
        FrameworkError::MissingSignature,
    );
    let mut ix = base.clone();
    ix.accounts[7].pubkey = TOKEN;
    assert_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        FrameworkError::InvalidSystemProgram,
    );
    let mut ix = base.clone();
    ix.accounts[1].pubkey = b.record;
    assert_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        FrameworkError::InvalidAccountOwner,
    );
    let mut ix = base.clone();
    ix.data.pop();
    assert_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        FrameworkError::InvalidInstructionData,
    );
    let mut ix = base.clone();
    ix.accounts.truncate(7);
    assert_error(
        send(&mut b.f.ctx, &[ix], &[&operator]).await,
        FrameworkError::NotEnoughAccounts,
    );
    // Re-initialising the config.
    let payer = b.f.ctx.payer.pubkey();
    let settings = ixs::BillingSettings {
        authority: payer,
        registry_program: PROGRAM_ID,
        eid_program: EID_PROGRAM_ID,
        treasury: payer,
        fee_bps: 0,
        close_notice_seconds: CLOSE_NOTICE,
    };
    let ix = ixs::initialize_billing(&BILLING_PROGRAM_ID, &payer, &payer, &settings);
    assert_error(
        send(&mut b.f.ctx, &[ix], &[]).await,
        FrameworkError::AlreadyInitialized,
    );
}

#[test]
fn the_token_program_ids_are_the_real_ones() {
    assert_eq!(TOKEN.to_bytes(), spl_token_interface::ID.to_bytes());
    assert_eq!(
        TOKEN_2022.to_bytes(),
        spl_token_2022_interface::ID.to_bytes()
    );
}

#[tokio::test]
async fn mints_whose_extensions_would_break_vaults_are_refused() {
    let mut b = Billing::new().await;
    // A permanent delegate could empty vaults; a transfer fee would pay out less than counted.
    for extension in [
        ExtensionType::PermanentDelegate,
        ExtensionType::TransferFeeConfig,
    ] {
        let mint = create_mint(&mut b.f.ctx, TOKEN_2022, 6, &[extension]).await;
        assert_billing_error(
            b.create(7, Some(&mint), &terms(1)).await,
            BillingError::UnsupportedMintExtension,
        );
    }
    // With a harmless extension beside it, the plan is accepted.
    let mint = create_mint(
        &mut b.f.ctx,
        TOKEN_2022,
        6,
        &[ExtensionType::MintCloseAuthority],
    )
    .await;
    b.create(7, Some(&mint), &terms(1))
        .await
        .expect("close-authority mint");
}

#[tokio::test]
async fn the_billing_authority_retires_any_plan() {
    let mut b = Billing::new().await;
    b.create(1, None, &terms(5)).await.expect("plan");
    // Market makes the registry's authority the billing authority too.
    let authority = b.f.authority.insecure_clone();
    let ix = ixs::retire_plan(&BILLING_PROGRAM_ID, &authority.pubkey(), &b.plan_address(1));
    send(&mut b.f.ctx, std::slice::from_ref(&ix), &[&authority])
        .await
        .expect("governance retires the operator's plan");
    let retired = b.plan(1).await;
    assert_eq!(retired.status, PlanStatus::Retired as u8);
    assert_billing_error(
        send(&mut b.f.ctx, &[ix], &[&authority]).await,
        BillingError::PlanRetired,
    );
    // Without the config the authority is nobody's operator.
    b.create(2, None, &terms(5)).await.expect("plan");
    let mut ix = ixs::retire_plan(&BILLING_PROGRAM_ID, &authority.pubkey(), &b.plan_address(2));
    ix.accounts.truncate(2);
    assert_error(
        send(&mut b.f.ctx, &[ix], &[&authority]).await,
        FrameworkError::NotEnoughAccounts,
    );
    assert!(b.plan(2).await.is_active());
}
