//! Pay-as-you-go subscriptions on the real programs (solana-program-test, BPF) with the real SPL
//! Token and Token-2022 programs, real mints and the real Ed25519 precompile: open with a deposit,
//! top up, redeem signed vouchers for exactly the difference, give notice, close. Balances are
//! checked to the unit after every step (nothing created or lost); every refusal has its exact
//! error.

use cert_registry::{circuits, errors::FrameworkError, state::AccountLayout};
use openrsp_sdk::{
    cert_registry::{instructions as cert_ixs, OperatorTrust},
    profile_escrow::instructions::{self as escrow_ixs, NewOrder},
    token::Currency,
    usdc_billing::{instructions as ixs, pda as billing_pda, SignedVoucher},
};
use openrsp_tests::{market::*, *};
use solana_address::Address;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;
use spl_token_2022_interface::extension::ExtensionType;
use usdc_billing::{errors::BillingError, state::Subscription};

/// A subscription under test: its consumer, device key and currency.
struct Sub {
    consumer: Keypair,
    device: Keypair,
    address: Address,
    vault: Address,
    currency: Currency,
}

/// Plan `plan_id` in `mint`, a consumer with `funds`, and its subscription opened with `deposit`.
async fn open(
    m: &mut Market,
    plan_id: u64,
    mint: Option<&Address>,
    funds: u64,
    deposit: u64,
) -> Sub {
    let plan = m.create_plan(plan_id, mint, 1_000_000).await;
    let currency = m.currency(mint).await;
    let (consumer, eid) = m.consumer().await;
    m.give(&currency, &consumer.pubkey(), funds).await;
    let device = Keypair::new();
    let ix = ixs::open_subscription(
        &BILLING_PROGRAM_ID,
        &consumer.pubkey(),
        &plan,
        &eid,
        &m.trust,
        &currency,
        &device.pubkey(),
        deposit,
    );
    let cu = m
        .send(&[ix], &[&consumer])
        .await
        .expect("open")
        .compute_units;
    assert!(cu <= 30_000, "open_subscription {cu} CU");
    let address = billing_pda::subscription(&BILLING_PROGRAM_ID, &plan, &eid, &consumer.pubkey()).0;
    Sub {
        consumer,
        device,
        vault: billing_pda::vault(&BILLING_PROGRAM_ID, &address).0,
        address,
        currency,
    }
}

fn voucher(s: &Sub, cumulative: u64, issued_at: i64) -> SignedVoucher {
    SignedVoucher::sign(
        &BILLING_PROGRAM_ID,
        &s.address,
        cumulative,
        issued_at,
        &s.device,
    )
}

fn redeem_ixs(m: &Market, s: &Sub, v: &SignedVoucher) -> Vec<Instruction> {
    ixs::redeem_voucher(
        &BILLING_PROGRAM_ID,
        &m.operator.pubkey(),
        v,
        &s.currency,
        &m.treasury.pubkey(),
    )
    .to_vec()
}

async fn redeem(m: &mut Market, s: &Sub, v: &SignedVoucher) -> TxResult {
    let operator = m.operator.insecure_clone();
    let ixs = redeem_ixs(m, s, v);
    m.send(&ixs, &[&operator]).await
}

async fn subscription(m: &mut Market, s: &Sub) -> Option<Subscription> {
    account(&mut m.f.ctx, &s.address)
        .await
        .map(|a| *Subscription::from_bytes(&a.data).unwrap())
}

/// What the consumer, operator, treasury and vault hold.
async fn holdings(m: &mut Market, s: &Sub) -> [u64; 4] {
    let c = s.currency;
    let operator = m.operator.pubkey();
    let treasury = m.treasury.pubkey();
    [
        m.balance(&c, &s.consumer.pubkey()).await,
        m.balance(&c, &operator).await,
        m.balance(&c, &treasury).await,
        m.vault_balance(&c, &s.vault).await,
    ]
}

/// The whole life of a subscription in one currency, balances asserted after every step.
async fn pay_as_you_go(mint: Option<(Address, u8, &[ExtensionType])>) {
    let mut m = Market::new().await;
    let mint = match mint {
        Some((program, decimals, extensions)) => {
            Some(create_mint(&mut m.f.ctx, program, decimals, extensions).await)
        }
        None => None,
    };
    let sol = mint.is_none();
    // The operator's and treasury's token accounts exist (SOL: their wallets).
    let currency = m.currency(mint.as_ref()).await;
    let (operator, treasury) = (m.operator.pubkey(), m.treasury.pubkey());
    m.give(&currency, &operator, 0).await;
    m.give(&currency, &treasury, 0).await;

    let funds = 50_000_000;
    let consumer_lamports_before = if sol {
        1_000_000_000 + funds
    } else {
        1_000_000_000
    };
    let s = open(&mut m, 1, mint.as_ref(), funds, 10_000_000).await;
    let rent = m.rent(Subscription::LEN).await + m.rent(if sol { 0 } else { 165 }).await;
    let start = holdings(&mut m, &s).await;
    let consumer_funds = if sol {
        consumer_lamports_before - rent
    } else {
        funds
    };
    assert_eq!(
        start[0],
        consumer_funds - 10_000_000,
        "deposit and rent left the consumer"
    );
    assert_eq!(start[3], 10_000_000, "the deposit is in the vault");
    // Rent of both accounts was paid by the consumer, in lamports.
    if !sol {
        assert_eq!(m.lamports(&s.consumer.pubkey()).await, 1_000_000_000 - rent);
    }

    // Top up by the consumer.
    let ix = ixs::top_up(
        &BILLING_PROGRAM_ID,
        &s.consumer.pubkey(),
        &s.address,
        &s.currency,
        5_000_000,
    );
    let cu = m
        .send(&[ix], &[&s.consumer])
        .await
        .expect("top up")
        .compute_units;
    assert!(cu <= 30_000, "top_up {cu} CU");
    let after_top_up = holdings(&mut m, &s).await;
    assert_eq!(
        after_top_up,
        [start[0] - 5_000_000, start[1], start[2], 15_000_000]
    );

    // Voucher 1: 3,000,000 owed. The operator gets it less 0.25 %.
    let v1 = voucher(&s, 3_000_000, m.now);
    let cu = redeem(&mut m, &s, &v1)
        .await
        .expect("redeem 1")
        .compute_units;
    assert!(cu <= 40_000, "redeem_voucher {cu} CU");
    let fee1 = 3_000_000 * FEE_BPS as u64 / 10_000;
    let h1 = holdings(&mut m, &s).await;
    assert_eq!(
        h1,
        [
            after_top_up[0],
            after_top_up[1] + 3_000_000 - fee1,
            after_top_up[2] + fee1,
            12_000_000
        ]
    );
    // Voucher 2: 4,500,000 cumulative pays exactly the 1,500,000 difference.
    m.warp(60).await;
    let v2 = voucher(&s, 4_500_000, m.now);
    redeem(&mut m, &s, &v2).await.expect("redeem 2");
    let fee2 = 1_500_000 * FEE_BPS as u64 / 10_000;
    let h2 = holdings(&mut m, &s).await;
    assert_eq!(
        h2,
        [h1[0], h1[1] + 1_500_000 - fee2, h1[2] + fee2, 10_500_000]
    );
    // Replayed, older and equal vouchers pay nothing.
    assert_billing_error(redeem(&mut m, &s, &v2).await, BillingError::VoucherNotNewer);
    assert_billing_error(redeem(&mut m, &s, &v1).await, BillingError::VoucherNotNewer);
    // More than the vault holds.
    let greedy = voucher(&s, 4_500_000 + 10_500_001, m.now);
    assert_billing_error(
        redeem(&mut m, &s, &greedy).await,
        BillingError::InsufficientVault,
    );
    // Signed by another key.
    let mut forged = voucher(&s, 5_000_000, m.now);
    let thief = Keypair::new();
    forged = SignedVoucher::sign(
        &BILLING_PROGRAM_ID,
        &forged.subscription,
        forged.cumulative,
        forged.issued_at,
        &thief,
    );
    assert_billing_error(
        redeem(&mut m, &s, &forged).await,
        BillingError::InvalidVoucherSignature,
    );
    assert_eq!(holdings(&mut m, &s).await, h2, "refusals moved nothing");

    // Notice. Vouchers signed before the request stay redeemable during the notice.
    let before_close = voucher(&s, 6_000_000, m.now);
    m.warp(10).await;
    let ix = ixs::request_close(&BILLING_PROGRAM_ID, &s.consumer.pubkey(), &s.address);
    m.send(&[ix], &[&s.consumer]).await.expect("request close");
    let ix = ixs::top_up(
        &BILLING_PROGRAM_ID,
        &s.consumer.pubkey(),
        &s.address,
        &s.currency,
        1,
    );
    assert_billing_error(
        m.send(&[ix], &[&s.consumer]).await,
        BillingError::SubscriptionClosing,
    );
    let after_close = voucher(&s, 7_000_000, m.now + 1);
    assert_billing_error(
        redeem(&mut m, &s, &after_close).await,
        BillingError::VoucherAfterClose,
    );
    let close_ix = ixs::close_subscription(
        &BILLING_PROGRAM_ID,
        &s.consumer.pubkey(),
        &s.address,
        &s.currency,
    );
    assert_billing_error(
        m.send(std::slice::from_ref(&close_ix), &[&s.consumer])
            .await,
        BillingError::NoticePeriodRunning,
    );
    m.warp(CLOSE_NOTICE as i64 / 2).await;
    redeem(&mut m, &s, &before_close)
        .await
        .expect("redeem during notice");
    let fee3 = 1_500_000 * FEE_BPS as u64 / 10_000;
    let h3 = holdings(&mut m, &s).await;
    assert_eq!(
        h3,
        [h2[0], h2[1] + 1_500_000 - fee3, h2[2] + fee3, 9_000_000]
    );
    // After the notice: no more redemptions; the consumer closes and takes the rest and the rent.
    m.warp(CLOSE_NOTICE as i64).await;
    let late = voucher(&s, 6_500_000, m.now - CLOSE_NOTICE as i64 * 2);
    assert_billing_error(redeem(&mut m, &s, &late).await, BillingError::NoticeOver);
    let consumer_lamports = m.lamports(&s.consumer.pubkey()).await;
    let cu = m
        .send(&[close_ix], &[&s.consumer])
        .await
        .expect("close")
        .compute_units;
    assert!(cu <= 30_000, "close_subscription {cu} CU");
    assert!(
        subscription(&mut m, &s).await.is_none(),
        "subscription closed"
    );
    assert!(
        account(&mut m.f.ctx, &s.vault).await.is_none(),
        "vault closed"
    );
    let end = holdings(&mut m, &s).await;
    if sol {
        assert_eq!(end[0], consumer_lamports + 9_000_000 + rent);
    } else {
        assert_eq!(end[0], h3[0] + 9_000_000);
        assert_eq!(
            m.lamports(&s.consumer.pubkey()).await,
            consumer_lamports + rent,
            "rent back"
        );
    }
    assert_eq!(end[1..], [h3[1], h3[2], 0]);
    // Nothing created or lost: what the consumer put in is what operator and treasury received
    // plus what came back.
    let paid = end[1] - start[1] + end[2] - start[2];
    assert_eq!(paid, 6_000_000);
    assert_eq!(consumer_funds - end[0] + if sol { rent } else { 0 }, paid);
}

#[tokio::test]
async fn pay_as_you_go_in_usdc() {
    pay_as_you_go(Some((TOKEN, 6, &[]))).await;
}

#[tokio::test]
async fn pay_as_you_go_in_a_token_2022_stablecoin() {
    pay_as_you_go(Some((TOKEN_2022, 6, &[ExtensionType::MintCloseAuthority]))).await;
}

#[tokio::test]
async fn pay_as_you_go_in_sol() {
    pay_as_you_go(None).await;
}

#[tokio::test]
async fn subscriptions_refuse_every_substitution() {
    let mut m = Market::new().await;
    let usdc = create_mint(&mut m.f.ctx, TOKEN, 6, &[]).await;
    let other_mint = create_mint(&mut m.f.ctx, TOKEN, 6, &[]).await;
    let currency = m.currency(Some(&usdc)).await;
    let plan = m.create_plan(1, Some(&usdc), 1_000_000).await;
    let (consumer, eid) = m.consumer().await;
    m.give(&currency, &consumer.pubkey(), 10_000_000).await;
    let device = Keypair::new();
    let trust = m.trust;
    let open_ix = |consumer: &Address, eid: &Address| {
        ixs::open_subscription(
            &BILLING_PROGRAM_ID,
            consumer,
            &plan,
            eid,
            &trust,
            &currency,
            &device.pubkey(),
            1_000_000,
        )
    };

    // Someone else's EID commitment; a look-alike owned by another program.
    let (stranger, stranger_eid) = m.consumer().await;
    m.give(&currency, &stranger.pubkey(), 10_000_000).await;
    assert_billing_error(
        m.send(&[open_ix(&stranger.pubkey(), &eid)], &[&stranger])
            .await,
        BillingError::NotEidOwner,
    );
    // The stranger's own commitment, registered for another purpose than plans.
    let (other_purpose, account_of) =
        openrsp_tests::market::eid_commitment_account_for(&stranger.pubkey(), 5);
    put_account(&mut m.f.ctx, &other_purpose, account_of);
    assert_billing_error(
        m.send(&[open_ix(&stranger.pubkey(), &other_purpose)], &[&stranger])
            .await,
        BillingError::WrongEidPurpose,
    );
    let forged_eid = Keypair::new().pubkey();
    let mut copy = account(&mut m.f.ctx, &eid).await.unwrap();
    copy.owner = BILLING_PROGRAM_ID;
    put_account(&mut m.f.ctx, &forged_eid, copy);
    let mut ix = open_ix(&consumer.pubkey(), &forged_eid);
    ix.accounts[7].pubkey =
        billing_pda::subscription(&BILLING_PROGRAM_ID, &plan, &forged_eid, &consumer.pubkey()).0;
    ix.accounts[8].pubkey = billing_pda::vault(&BILLING_PROGRAM_ID, &ix.accounts[7].pubkey).0;
    assert_billing_error(
        m.send(&[ix], &[&consumer]).await,
        BillingError::WrongEidProgram,
    );
    // Mint and token program substitution.
    let mut ix = open_ix(&consumer.pubkey(), &eid);
    ix.accounts[9].pubkey = other_mint;
    assert_billing_error(m.send(&[ix], &[&consumer]).await, BillingError::WrongMint);
    let mut ix = open_ix(&consumer.pubkey(), &eid);
    ix.accounts[11].pubkey = TOKEN_2022;
    assert_billing_error(
        m.send(&[ix], &[&consumer]).await,
        BillingError::WrongTokenProgram,
    );
    // A vault that is not the subscription's PDA; a subscription at another plan's address.
    let mut ix = open_ix(&consumer.pubkey(), &eid);
    ix.accounts[8].pubkey = Keypair::new().pubkey();
    assert_error(
        m.send(&[ix], &[&consumer]).await,
        FrameworkError::InvalidPda,
    );
    let mut ix = open_ix(&consumer.pubkey(), &eid);
    ix.accounts[7].pubkey = billing_pda::subscription(
        &BILLING_PROGRAM_ID,
        &plan,
        &stranger_eid,
        &stranger.pubkey(),
    )
    .0;
    assert_error(
        m.send(&[ix], &[&consumer]).await,
        FrameworkError::InvalidPda,
    );
    // Paying from someone else's token account: the token program refuses (owner mismatch).
    let mut ix = open_ix(&consumer.pubkey(), &eid);
    ix.accounts[10].pubkey = currency.account_of(&stranger.pubkey());
    assert!(m.send(&[ix], &[&consumer]).await.is_err());
    // No signature; a zero voucher key.
    let mut ix = open_ix(&consumer.pubkey(), &eid);
    ix.accounts[0].is_signer = false;
    assert_error(m.send(&[ix], &[]).await, FrameworkError::MissingSignature);
    let ix = ixs::open_subscription(
        &BILLING_PROGRAM_ID,
        &consumer.pubkey(),
        &plan,
        &eid,
        &m.trust,
        &currency,
        &Address::default(),
        1,
    );
    assert_error(
        m.send(&[ix], &[&consumer]).await,
        FrameworkError::InvalidKey,
    );
    assert_eq!(
        m.balance(&currency, &consumer.pubkey()).await,
        10_000_000,
        "refusals moved nothing"
    );

    // Opened; not twice.
    m.send(&[open_ix(&consumer.pubkey(), &eid)], &[&consumer])
        .await
        .expect("open");
    assert_error(
        m.send(&[open_ix(&consumer.pubkey(), &eid)], &[&consumer])
            .await,
        FrameworkError::AlreadyInitialized,
    );
    let address = billing_pda::subscription(&BILLING_PROGRAM_ID, &plan, &eid, &consumer.pubkey()).0;
    let sub = Sub {
        consumer,
        device,
        address,
        vault: Address::default(),
        currency,
    };
    let sub = Sub {
        vault: billing_pda::vault(&BILLING_PROGRAM_ID, &sub.address).0,
        ..sub
    };
    // A second subscription of the stranger, for voucher cross-use.
    let other = {
        let ix = ixs::open_subscription(
            &BILLING_PROGRAM_ID,
            &stranger.pubkey(),
            &plan,
            &stranger_eid,
            &m.trust,
            &currency,
            &sub.device.pubkey(),
            1_000_000,
        );
        m.send(&[ix], &[&stranger])
            .await
            .expect("second subscription");
        billing_pda::subscription(
            &BILLING_PROGRAM_ID,
            &plan,
            &stranger_eid,
            &stranger.pubkey(),
        )
        .0
    };
    let operator = m.operator.insecure_clone();
    m.give(&currency, &operator.pubkey(), 0).await;
    m.give(&currency, &m.treasury.pubkey(), 0).await;

    // Top-ups: zero, the wrong vault (the other subscription's).
    let ix = ixs::top_up(
        &BILLING_PROGRAM_ID,
        &sub.consumer.pubkey(),
        &sub.address,
        &currency,
        0,
    );
    assert_billing_error(
        m.send(&[ix], &[&sub.consumer]).await,
        BillingError::InvalidAmount,
    );
    let mut ix = ixs::top_up(
        &BILLING_PROGRAM_ID,
        &sub.consumer.pubkey(),
        &sub.address,
        &currency,
        1,
    );
    ix.accounts[2].pubkey = billing_pda::vault(&BILLING_PROGRAM_ID, &other).0;
    assert_billing_error(
        m.send(&[ix], &[&sub.consumer]).await,
        BillingError::WrongVault,
    );

    // Vouchers: one signed for the other subscription (same device key) does not pay this one.
    let for_other = SignedVoucher::sign(&BILLING_PROGRAM_ID, &other, 500_000, m.now, &sub.device);
    let mut ixs_ = redeem_ixs(&m, &sub, &for_other);
    ixs_[1].accounts[2].pubkey = sub.address;
    ixs_[1].accounts[3].pubkey = sub.vault;
    assert_billing_error(
        m.send(&ixs_, &[&operator]).await,
        BillingError::InvalidVoucherSignature,
    );
    let v = voucher(&sub, 500_000, m.now);
    // Without the Ed25519 instruction.
    let ixs_ = redeem_ixs(&m, &sub, &v);
    assert_billing_error(
        m.send(&ixs_[1..], &[&operator]).await,
        BillingError::InvalidVoucherSignature,
    );
    // An Ed25519 check that reads its message from another instruction (index 0 instead of
    // "this instruction"): the precompile accepts it, the program does not.
    let mut ixs_ = redeem_ixs(&m, &sub, &v);
    let data = &mut ixs_[0].data;
    data[14..16].copy_from_slice(&0u16.to_le_bytes());
    assert_billing_error(
        m.send(&ixs_, &[&operator]).await,
        BillingError::InvalidVoucherSignature,
    );
    // By someone who is not the operator.
    let mut ixs_ = redeem_ixs(&m, &sub, &v);
    ixs_[1].accounts[0].pubkey = stranger.pubkey();
    assert_billing_error(
        m.send(&ixs_, &[&stranger]).await,
        BillingError::NotSubscriptionOperator,
    );
    // Paid into someone else's token account, into the vault itself (duplicate mutable account),
    // a treasury account that is not the treasury's, a vault of another subscription, another mint.
    for (index, replacement, error) in [
        (
            5,
            currency.account_of(&stranger.pubkey()),
            BillingError::WrongPayeeAccount,
        ),
        (5, sub.vault, BillingError::WrongPayeeAccount),
        (
            6,
            currency.account_of(&operator.pubkey()),
            BillingError::WrongPayeeAccount,
        ),
        (
            3,
            billing_pda::vault(&BILLING_PROGRAM_ID, &other).0,
            BillingError::WrongVault,
        ),
        (4, other_mint, BillingError::WrongMint),
    ] {
        let mut ixs_ = redeem_ixs(&m, &sub, &v);
        ixs_[1].accounts[index].pubkey = replacement;
        assert_billing_error(m.send(&ixs_, &[&operator]).await, error);
    }
    // The instructions sysvar replaced.
    let mut ixs_ = redeem_ixs(&m, &sub, &v);
    ixs_[1].accounts[8].pubkey = solana_sdk_ids::sysvar::clock::ID;
    assert_billing_error(
        m.send(&ixs_, &[&operator]).await,
        BillingError::InvalidVoucherSignature,
    );
    redeem(&mut m, &sub, &v).await.expect("the genuine voucher");

    // Closing: only the consumer, only after asking.
    let close = ixs::close_subscription(
        &BILLING_PROGRAM_ID,
        &sub.consumer.pubkey(),
        &sub.address,
        &currency,
    );
    assert_billing_error(
        m.send(&[close], &[&sub.consumer]).await,
        BillingError::CloseNotRequested,
    );
    let mut ix = ixs::request_close(&BILLING_PROGRAM_ID, &sub.consumer.pubkey(), &sub.address);
    ix.accounts[0].pubkey = stranger.pubkey();
    assert_billing_error(
        m.send(&[ix], &[&stranger]).await,
        BillingError::NotSubscriber,
    );
    let ix = ixs::request_close(&BILLING_PROGRAM_ID, &sub.consumer.pubkey(), &sub.address);
    m.send(std::slice::from_ref(&ix), &[&sub.consumer])
        .await
        .expect("request close");
    assert_billing_error(
        m.send(&[ix], &[&sub.consumer]).await,
        BillingError::SubscriptionClosing,
    );
    m.warp(CLOSE_NOTICE as i64 + 1).await;
    let mut ix = ixs::close_subscription(
        &BILLING_PROGRAM_ID,
        &sub.consumer.pubkey(),
        &sub.address,
        &currency,
    );
    ix.accounts[4].pubkey = currency.account_of(&stranger.pubkey());
    assert_billing_error(
        m.send(&[ix], &[&sub.consumer]).await,
        BillingError::WrongPayeeAccount,
    );
    let ix = ixs::close_subscription(
        &BILLING_PROGRAM_ID,
        &sub.consumer.pubkey(),
        &sub.address,
        &currency,
    );
    m.send(std::slice::from_ref(&ix), &[&sub.consumer])
        .await
        .expect("close");
    // Closed accounts cannot be used again.
    assert_error(
        m.send(&[ix], &[&sub.consumer]).await,
        FrameworkError::InvalidAccountOwner,
    );
    let stale = voucher(&sub, 900_000, m.now - 10_000);
    assert_error(
        redeem(&mut m, &sub, &stale).await,
        FrameworkError::InvalidAccountOwner,
    );
}

/// A chip changes hands (`take_over_commitment` gives its commitment a new owner at the same
/// address): the new owner opens the same plan beside the previous owner's subscription, which
/// stays the previous owner's to settle and close.
#[tokio::test]
async fn a_commitment_taken_over_keeps_the_previous_owners_subscription_apart() {
    let mut m = Market::new().await;
    let plan = m.create_plan(1, None, 1_000_000).await;
    let currency = m.currency(None).await;
    let (alice, eid) = m.consumer().await;
    let bob = m.f.funded_key().await;
    let trust = m.trust;
    let open_ix = |who: &Address| {
        ixs::open_subscription(
            &BILLING_PROGRAM_ID,
            who,
            &plan,
            &eid,
            &trust,
            &currency,
            &Keypair::new().pubkey(),
            1_000_000,
        )
    };
    m.send(&[open_ix(&alice.pubkey())], &[&alice])
        .await
        .expect("Alice subscribes");
    // Bob takes the commitment over (the record as eid-commitment leaves it).
    let mut record = account(&mut m.f.ctx, &eid).await.unwrap();
    eid_commitment::state::EidCommitment::from_bytes_mut(&mut record.data)
        .unwrap()
        .owner = bob.pubkey().to_bytes();
    put_account(&mut m.f.ctx, &eid, record);
    assert_billing_error(
        m.send(&[open_ix(&alice.pubkey())], &[&alice]).await,
        BillingError::NotEidOwner,
    );
    m.send(&[open_ix(&bob.pubkey())], &[&bob])
        .await
        .expect("Bob subscribes to the same plan");
    let of = |who: &Keypair| {
        billing_pda::subscription(&BILLING_PROGRAM_ID, &plan, &eid, &who.pubkey()).0
    };
    assert_ne!(of(&alice), of(&bob));
    let alices = account(&mut m.f.ctx, &of(&alice)).await.unwrap();
    assert_eq!(
        Subscription::from_bytes(&alices.data).unwrap().consumer,
        alice.pubkey().to_bytes(),
        "Alice's money stays Alice's"
    );
    // Bob cannot give notice on Alice's subscription; Alice still can.
    let ix = ixs::request_close(&BILLING_PROGRAM_ID, &bob.pubkey(), &of(&alice));
    assert_billing_error(m.send(&[ix], &[&bob]).await, BillingError::NotSubscriber);
    let ix = ixs::request_close(&BILLING_PROGRAM_ID, &alice.pubkey(), &of(&alice));
    m.send(&[ix], &[&alice]).await.expect("Alice gives notice");
}

#[tokio::test]
async fn amounts_at_the_u64_limit() {
    let mut m = Market::new().await;
    let mint = create_mint(&mut m.f.ctx, TOKEN, 0, &[]).await;
    let currency = m.currency(Some(&mint)).await;
    m.give(&currency, &m.operator.pubkey(), 0).await;
    m.give(&currency, &m.treasury.pubkey(), 0).await;
    let s = open(&mut m, 1, Some(&mint), u64::MAX, u64::MAX).await;
    // The whole of u64 redeemed at once: the fee is computed without overflow.
    let v = voucher(&s, u64::MAX, m.now);
    redeem(&mut m, &s, &v).await.expect("redeem u64::MAX");
    let fee = ((u64::MAX as u128 * FEE_BPS as u128) / 10_000) as u64;
    assert_eq!(m.balance(&currency, &m.treasury.pubkey()).await, fee);
    assert_eq!(
        m.balance(&currency, &m.operator.pubkey()).await,
        u64::MAX - fee
    );
    // The total deposited cannot wrap: the operator hands one token back to the consumer, who
    // tops up with it.
    let Currency::Token { program, .. } = currency else {
        unreachable!()
    };
    let operator = m.operator.insecure_clone();
    let give_back = spl_token_2022_interface::instruction::transfer_checked(
        &program,
        &currency.account_of(&operator.pubkey()),
        &mint,
        &currency.account_of(&s.consumer.pubkey()),
        &operator.pubkey(),
        &[],
        1,
        0,
    )
    .unwrap();
    m.send(&[give_back], &[&operator]).await.expect("transfer");
    let ix = ixs::top_up(
        &BILLING_PROGRAM_ID,
        &s.consumer.pubkey(),
        &s.address,
        &s.currency,
        1,
    );
    assert_billing_error(
        m.send(&[ix], &[&s.consumer]).await,
        BillingError::AmountOverflow,
    );
    assert_eq!(
        m.balance(&currency, &s.consumer.pubkey()).await,
        1,
        "nothing moved"
    );
    // Nothing can be owed beyond u64::MAX: the same voucher again pays nothing.
    assert_billing_error(redeem(&mut m, &s, &v).await, BillingError::VoucherNotNewer);
}

/// The registry's word is re-read at every plan change and every purchase: once governance
/// retires the verifying key or the CI behind an operator's SM-DP+ record, or the record is
/// revoked, no subscription opens, no escrow order is taken and no plan changes, each with its
/// exact reason, and no money moves. Accounts other than the plan's record, its key and its CI
/// are refused.
#[tokio::test]
async fn purchases_recheck_the_operators_record_key_and_anchor() {
    for retire_the_anchor in [false, true] {
        let mut m = Market::new().await;
        let usdc = create_mint(&mut m.f.ctx, TOKEN, 6, &[]).await;
        let currency = m.currency(Some(&usdc)).await;
        let plan = m.create_plan(1, Some(&usdc), 1_000_000).await;
        let (consumer, eid) = m.consumer().await;
        m.give(&currency, &consumer.pubkey(), 10_000_000).await;
        let operator = m.operator.insecure_clone();
        let device = Keypair::new();
        let purchases = |trust: &OperatorTrust| {
            [
                ixs::open_subscription(
                    &BILLING_PROGRAM_ID,
                    &consumer.pubkey(),
                    &plan,
                    &eid,
                    trust,
                    &currency,
                    &device.pubkey(),
                    1_000_000,
                ),
                escrow_ixs::create_order(
                    &ESCROW_IDS,
                    &consumer.pubkey(),
                    &NewOrder {
                        order_id: 1,
                        plan,
                        eid_commitment: eid,
                        operator: *trust,
                        currency,
                        max_price: 1_000_000,
                        encryption_key: [7; 32],
                    },
                ),
            ]
        };
        let update = |trust: &OperatorTrust| {
            ixs::update_plan(
                &BILLING_PROGRAM_ID,
                &operator.pubkey(),
                trust,
                &plan,
                &terms(2_000_000),
            )
        };
        let refused = |r: TxResult| custom_code(r);

        // Substitutions, while everything is valid: another record than the plan's, the anchor
        // in the key's place, another circuit's key of the same CI, another CI.
        let second_key = m.f.vk_args(
            circuits::circuit_id(circuits::FAMILY_TEST, 2),
            DP_ROLES_MASK,
        );
        m.f.add_vk(&second_key).await.expect("second key");
        let brp = sgp26("CertificateIssuer/CERT_CI_ECDSA_BRP.der");
        m.f.add_anchor(&brp, "BRP").await.expect("second anchor");
        let substitutions = [
            (
                OperatorTrust {
                    record: m.trust.verifying_key,
                    ..m.trust
                },
                Some(BillingError::WrongSmdpRecord),
                FrameworkError::InvalidAccountData as u32,
            ),
            (
                OperatorTrust {
                    verifying_key: m.trust.trust_anchor,
                    ..m.trust
                },
                None,
                FrameworkError::InvalidAccountData as u32,
            ),
            (
                OperatorTrust {
                    verifying_key: pda::verifying_key(
                        &PROGRAM_ID,
                        &second_key.anchor_key_id,
                        second_key.circuit_id,
                    )
                    .0,
                    ..m.trust
                },
                Some(BillingError::WrongVerifyingKey),
                BillingError::WrongVerifyingKey as u32,
            ),
            (
                OperatorTrust {
                    trust_anchor: pda::trust_anchor(&PROGRAM_ID, &brp.anchor_key_id().unwrap()).0,
                    ..m.trust
                },
                Some(BillingError::WrongTrustAnchor),
                BillingError::WrongTrustAnchor as u32,
            ),
        ];
        for (trust, purchase_error, update_error) in substitutions {
            let expected =
                purchase_error.map_or(FrameworkError::InvalidAccountData as u32, |e| e as u32);
            for ix in purchases(&trust) {
                assert_eq!(
                    refused(m.send(&[ix], &[&consumer]).await),
                    expected,
                    "{trust:?}"
                );
            }
            // A plan change names its record itself: a record that is not an SM-DP+ record of
            // the operator is refused by type.
            assert_eq!(
                refused(m.send(&[update(&trust)], &[&operator]).await),
                update_error,
                "{trust:?}"
            );
        }

        // Governance withdraws its trust.
        let authority = m.f.authority.insecure_clone();
        let (withdrawal, reason) = if retire_the_anchor {
            (
                cert_ixs::retire_trust_anchor(&PROGRAM_ID, &authority.pubkey(), &m.f.anchor_key_id),
                BillingError::TrustAnchorRetired,
            )
        } else {
            (
                cert_ixs::retire_verifying_key(
                    &PROGRAM_ID,
                    &authority.pubkey(),
                    &m.f.anchor_key_id,
                    m.f.circuit_id,
                ),
                BillingError::VerifyingKeyRetired,
            )
        };
        m.f.send_as_authority(withdrawal).await.expect("retire");
        for ix in purchases(&m.trust) {
            assert_billing_error(m.send(&[ix], &[&consumer]).await, reason);
        }
        assert_billing_error(m.send(&[update(&m.trust)], &[&operator]).await, reason);
        let create = ixs::create_plan(
            &BILLING_PROGRAM_ID,
            &operator.pubkey(),
            &m.trust,
            2,
            None,
            &terms(1),
        );
        assert_billing_error(m.send(&[create], &[&operator]).await, reason);

        // A revoked record is refused first, whatever its key and CI.
        let commitment = dp_auth_nist().commitment().unwrap();
        let revoke = cert_ixs::revoke_certificate(&PROGRAM_ID, &operator.pubkey(), &commitment, 1);
        m.send(&[revoke], &[&operator]).await.expect("revoke");
        for ix in purchases(&m.trust) {
            assert_billing_error(
                m.send(&[ix], &[&consumer]).await,
                BillingError::CertificateRevoked,
            );
        }
        assert_eq!(
            m.balance(&currency, &consumer.pubkey()).await,
            10_000_000,
            "refusals moved nothing"
        );
        let subscription =
            billing_pda::subscription(&BILLING_PROGRAM_ID, &plan, &eid, &consumer.pubkey()).0;
        assert!(account(&mut m.f.ctx, &subscription).await.is_none());
        assert_eq!(
            billing_plan(&mut m, &plan).await.price,
            1_000_000u64.to_le_bytes()
        );
    }
}

async fn billing_plan(m: &mut Market, plan: &Address) -> usdc_billing::state::Plan {
    let raw = account(&mut m.f.ctx, plan).await.expect("plan");
    *usdc_billing::state::Plan::from_bytes(&raw.data).unwrap()
}
