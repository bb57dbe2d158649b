//! profile-escrow on the real programs (solana-program-test, BPF) with the real SPL Token and
//! Token-2022 programs and real mints: order, accept, deliver a real TS.48 profile package (its
//! SHA-256 on-chain, the activation code encrypted to the consumer), confirm, claim, cancel,
//! refund, dispute and its resolution. Balances are checked to the unit after every step; every
//! refusal has its exact error.

use cert_registry::{errors::FrameworkError, state::AccountLayout};
use openrsp_sdk::{
    cert_registry::OperatorTrust,
    profile_escrow::{
        activation::{self, ActivationCode},
        instructions::{self as ixs, NewOrder},
        pda as escrow_pda, OrderView,
    },
    token::Currency,
    usdc_billing::instructions as billing_ixs,
};
use openrsp_tests::{market::*, *};
use profile_escrow::{errors::EscrowError, state::Order};
use sha2::{Digest, Sha256};
use solana_address::Address;
use solana_keypair::Keypair;
use solana_signer::Signer;
use spl_token_2022_interface::extension::ExtensionType;
use usdc_billing::errors::BillingError;

const PRICE: u64 = 9_990_000;

/// A real TS.48 test profile package (the bound profile package an SM-DP+ would prepare).
fn profile_package(name: &str) -> Vec<u8> {
    let path = root().join("../shared/vectors/upp").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

struct Buyer {
    consumer: Keypair,
    eid: Address,
    currency: Currency,
    plan: Address,
    trust: OperatorTrust,
}

/// A plan in `mint` (`None`: SOL) and a consumer holding `PRICE * 3`.
async fn buyer(m: &mut Market, mint: Option<&Address>, plan_id: u64) -> Buyer {
    let plan = m.create_plan(plan_id, mint, PRICE).await;
    let currency = m.currency(mint).await;
    let (consumer, eid) = m.consumer().await;
    m.give(&currency, &consumer.pubkey(), PRICE * 3).await;
    let (operator, treasury) = (m.operator.pubkey(), m.treasury.pubkey());
    m.give(&currency, &operator, 0).await;
    m.give(&currency, &treasury, 0).await;
    Buyer {
        consumer,
        eid,
        currency,
        plan,
        trust: m.trust,
    }
}

fn new_order(b: &Buyer, order_id: u64) -> NewOrder {
    NewOrder {
        order_id,
        plan: b.plan,
        eid_commitment: b.eid,
        operator: b.trust,
        currency: b.currency,
        max_price: PRICE,
        encryption_key: activation::encryption_public_key(&b.consumer.pubkey()).unwrap(),
    }
}

async fn order_view(m: &mut Market, address: &Address) -> Option<OrderView> {
    account(&mut m.f.ctx, address)
        .await
        .map(|a| OrderView::new(address, Order::from_bytes(&a.data).unwrap()))
}

/// Creates order `order_id` and returns its view.
async fn create(m: &mut Market, b: &Buyer, order_id: u64) -> OrderView {
    let ix = ixs::create_order(&ESCROW_IDS, &b.consumer.pubkey(), &new_order(b, order_id));
    let cu = m
        .send(&[ix], &[&b.consumer])
        .await
        .expect("create order")
        .compute_units;
    // About 13,650 CU at best; each extra bump seed a PDA search tries costs about 1,500 more, and
    // the addresses derive from a random consumer key: one run took 30,842 under the old 30,000 cap.
    assert!(cu <= 40_000, "create_order {cu} CU");
    let address = escrow_pda::order(&ESCROW_PROGRAM_ID, &b.consumer.pubkey(), order_id).0;
    order_view(m, &address).await.expect("order")
}

async fn accept(m: &mut Market, order: &OrderView) -> TxResult {
    let operator = m.operator.insecure_clone();
    let ix = ixs::accept_order(&ESCROW_IDS, &operator.pubkey(), &order.address);
    m.send(&[ix], &[&operator]).await
}

fn code() -> ActivationCode {
    ActivationCode {
        smdp_address: "testsmdpplus1.example.com".into(),
        matching_id: activation::random_matching_id(),
    }
}

async fn deliver(
    m: &mut Market,
    order: &OrderView,
    package: &[u8],
    code: &ActivationCode,
) -> TxResult {
    let hash: [u8; 32] = Sha256::digest(package).into();
    let sealed = activation::seal(&order.encryption_key, &order.address, &hash, code).unwrap();
    let operator = m.operator.insecure_clone();
    let ix = ixs::deliver_profile(
        &ESCROW_IDS,
        &operator.pubkey(),
        &order.address,
        &hash,
        &sealed,
    );
    m.send(&[ix], &[&operator]).await
}

/// Consumer, operator, treasury, vault.
async fn holdings(m: &mut Market, b: &Buyer, order: &OrderView) -> [u64; 4] {
    let c = b.currency;
    let (operator, treasury) = (m.operator.pubkey(), m.treasury.pubkey());
    [
        m.balance(&c, &b.consumer.pubkey()).await,
        m.balance(&c, &operator).await,
        m.balance(&c, &treasury).await,
        m.vault_balance(&c, &order.vault).await,
    ]
}

/// Order, accept, deliver, decrypt, confirm: the operator is paid less the fee, accounts closed,
/// rent back to the consumer. Balances asserted at every step.
async fn order_to_install(mint: Option<(Address, u8, &[ExtensionType])>) {
    let mut m = Market::new().await;
    let mint = match mint {
        Some((program, decimals, extensions)) => {
            Some(create_mint(&mut m.f.ctx, program, decimals, extensions).await)
        }
        None => None,
    };
    let b = buyer(&mut m, mint.as_ref(), 1).await;
    let sol = mint.is_none();
    let before = [
        m.balance(&b.currency, &b.consumer.pubkey()).await,
        m.balance(&b.currency, &m.operator.pubkey()).await,
        m.balance(&b.currency, &m.treasury.pubkey()).await,
    ];
    let lamports_before = m.lamports(&b.consumer.pubkey()).await;
    let order = create(&mut m, &b, 1).await;
    let rent = m.rent(Order::LEN).await + m.rent(if sol { 0 } else { 165 }).await;
    let h = holdings(&mut m, &b, &order).await;
    let rent_in_currency = if sol { rent } else { 0 };
    assert_eq!(
        h,
        [
            before[0] - PRICE - rent_in_currency,
            before[1],
            before[2],
            PRICE
        ]
    );
    assert_eq!(
        m.lamports(&b.consumer.pubkey()).await,
        lamports_before - rent - if sol { PRICE } else { 0 }
    );
    assert_eq!(order.status, "created");
    assert_eq!(order.amount, PRICE);

    let cu = accept(&mut m, &order).await.expect("accept").compute_units;
    assert!(cu <= 30_000, "accept_order {cu} CU");
    let package = profile_package("TS48V2-SAIP2-1-NOBERTLV-UNIQUE.der");
    let code = code();
    let cu = deliver(&mut m, &order, &package, &code)
        .await
        .expect("deliver")
        .compute_units;
    assert!(cu <= 30_000, "deliver_profile {cu} CU");
    assert_eq!(
        holdings(&mut m, &b, &order).await,
        h,
        "accept and deliver move no money"
    );

    // The consumer, and only the consumer, reads the activation code.
    let delivered = order_view(&mut m, &order.address).await.unwrap();
    assert_eq!(delivered.status, "delivered");
    assert_eq!(
        delivered.profile_hash.as_deref(),
        Some(hex_sha256(&package).as_str())
    );
    let sealed = delivered.sealed_activation_code.clone().unwrap();
    let opened = activation::open(
        &activation::encryption_secret(&b.consumer),
        &order.address,
        &delivered.profile_hash_bytes,
        &sealed,
    )
    .unwrap();
    assert_eq!(opened, code);
    assert_eq!(
        opened.to_string(),
        format!("LPA:1$testsmdpplus1.example.com${}", code.matching_id)
    );
    assert!(activation::open(
        &activation::encryption_secret(&m.operator),
        &order.address,
        &delivered.profile_hash_bytes,
        &sealed
    )
    .is_err());
    assert!(!sealed
        .ciphertext
        .windows(code.matching_id.len())
        .any(|w| w == code.matching_id.as_bytes()));

    // Installation confirmed: the operator is paid, the treasury takes the fee.
    let treasury = m.treasury.pubkey();
    let ix = ixs::confirm_installation(&ESCROW_IDS, &b.consumer.pubkey(), &delivered, &treasury);
    let lamports_before_confirm = m.lamports(&b.consumer.pubkey()).await;
    let cu = m
        .send(std::slice::from_ref(&ix), &[&b.consumer])
        .await
        .expect("confirm")
        .compute_units;
    assert!(cu <= 30_000, "confirm_installation {cu} CU");
    let fee = PRICE * FEE_BPS as u64 / 10_000;
    let end = holdings(&mut m, &b, &order).await;
    assert_eq!(end[1..], [before[1] + PRICE - fee, before[2] + fee, 0]);
    assert!(
        order_view(&mut m, &order.address).await.is_none(),
        "order closed"
    );
    assert!(
        account(&mut m.f.ctx, &order.vault).await.is_none(),
        "vault closed"
    );
    assert_eq!(
        m.lamports(&b.consumer.pubkey()).await,
        lamports_before_confirm + rent,
        "rent back"
    );
    // Nothing created or lost.
    assert_eq!(before[0] - end[0], PRICE);
    // Double release.
    assert_error(
        m.send(&[ix], &[&b.consumer]).await,
        FrameworkError::InvalidAccountOwner,
    );
}

fn hex_sha256(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn order_to_installation_in_usdc() {
    order_to_install(Some((TOKEN, 6, &[]))).await;
}

#[tokio::test]
async fn order_to_installation_in_sol() {
    order_to_install(None).await;
}

#[tokio::test]
async fn cancel_refund_claim_and_disputes() {
    let mut m = Market::new().await;
    let stable = create_mint(
        &mut m.f.ctx,
        TOKEN_2022,
        6,
        &[ExtensionType::MintCloseAuthority],
    )
    .await;
    let b = buyer(&mut m, Some(&stable), 1).await;
    let consumer = b.consumer.pubkey();
    let start = m.balance(&b.currency, &consumer).await;
    let treasury = m.treasury.pubkey();
    let operator = m.operator.insecure_clone();
    let fee = PRICE * FEE_BPS as u64 / 10_000;

    // Cancelled before acceptance: everything back.
    let o1 = create(&mut m, &b, 1).await;
    let ix = ixs::cancel_order(&ESCROW_IDS, &consumer, &o1);
    m.send(&[ix], &[&b.consumer]).await.expect("cancel");
    assert_eq!(m.balance(&b.currency, &consumer).await, start);
    assert!(order_view(&mut m, &o1.address).await.is_none());

    // Accepted, never delivered: no cancel; refund only after the deadline.
    let o2 = create(&mut m, &b, 2).await;
    accept(&mut m, &o2).await.expect("accept");
    assert_escrow_error(
        m.send(
            &[ixs::cancel_order(&ESCROW_IDS, &consumer, &o2)],
            &[&b.consumer],
        )
        .await,
        EscrowError::OrderAlreadyAccepted,
    );
    let refund = ixs::refund_order(&ESCROW_IDS, &consumer, &o2);
    assert_escrow_error(
        m.send(std::slice::from_ref(&refund), &[&b.consumer]).await,
        EscrowError::DeadlineNotReached,
    );
    m.warp(DELIVERY_WINDOW as i64 + 1).await;
    assert_escrow_error(
        deliver(&mut m, &o2, b"late", &code()).await,
        EscrowError::DeliveryDeadlinePassed,
    );
    m.send(&[refund], &[&b.consumer]).await.expect("refund");
    assert_eq!(m.balance(&b.currency, &consumer).await, start);

    // Delivered and left alone: no refund; the operator claims after the dispute window.
    let o3 = create(&mut m, &b, 3).await;
    accept(&mut m, &o3).await.expect("accept");
    deliver(
        &mut m,
        &o3,
        &profile_package("TS48V5-SAIP2-3-BERTLV-SUCI-UNIQUE.der"),
        &code(),
    )
    .await
    .expect("deliver");
    let o3 = order_view(&mut m, &o3.address).await.unwrap();
    assert_escrow_error(
        m.send(
            &[ixs::refund_order(&ESCROW_IDS, &consumer, &o3)],
            &[&b.consumer],
        )
        .await,
        EscrowError::OrderDelivered,
    );
    let claim = ixs::claim_payment(&ESCROW_IDS, &operator.pubkey(), &o3, &treasury);
    assert_escrow_error(
        m.send(std::slice::from_ref(&claim), &[&operator]).await,
        EscrowError::DisputeWindowOpen,
    );
    let operator_before = m.balance(&b.currency, &operator.pubkey()).await;
    let treasury_before = m.balance(&b.currency, &treasury).await;
    m.warp(DISPUTE_WINDOW as i64).await;
    // Too late to dispute now.
    let dispute = ixs::dispute_order(&ESCROW_IDS, &consumer, &o3.address);
    assert_escrow_error(
        m.send(&[dispute], &[&b.consumer]).await,
        EscrowError::DisputeWindowClosed,
    );
    let lamports = m.lamports(&consumer).await;
    let cu = m
        .send(&[claim], &[&operator])
        .await
        .expect("claim")
        .compute_units;
    assert!(cu <= 30_000, "claim_payment {cu} CU");
    assert_eq!(
        m.balance(&b.currency, &operator.pubkey()).await,
        operator_before + PRICE - fee
    );
    assert_eq!(
        m.balance(&b.currency, &treasury).await,
        treasury_before + fee
    );
    let rent = m.rent(Order::LEN).await + m.rent(165).await;
    assert_eq!(
        m.lamports(&consumer).await,
        lamports + rent,
        "rent back to the consumer"
    );

    // Disputed twice, decided once each way by governance.
    for (order_id, pay_operator) in [(4, false), (5, true)] {
        let o = create(&mut m, &b, order_id).await;
        accept(&mut m, &o).await.expect("accept");
        deliver(&mut m, &o, b"not the profile that was ordered", &code())
            .await
            .expect("deliver");
        let o = order_view(&mut m, &o.address).await.unwrap();
        let resolve = ixs::resolve_dispute(
            &ESCROW_IDS,
            &m.f.authority.pubkey(),
            &o,
            &treasury,
            pay_operator,
        );
        assert_escrow_error(
            m.f.send_as_authority(resolve.clone()).await,
            EscrowError::OrderNotDisputed,
        );
        let ix = ixs::dispute_order(&ESCROW_IDS, &consumer, &o.address);
        m.send(&[ix], &[&b.consumer]).await.expect("dispute");
        let o = order_view(&mut m, &o.address).await.unwrap();
        assert_eq!(o.status, "disputed");
        // The consumer can no longer confirm, nor the operator claim, even after the window.
        m.warp(DISPUTE_WINDOW as i64 + 1).await;
        let claim = ixs::claim_payment(&ESCROW_IDS, &operator.pubkey(), &o, &treasury);
        assert_escrow_error(
            m.send(&[claim], &[&operator]).await,
            EscrowError::OrderDisputed,
        );
        let confirm = ixs::confirm_installation(&ESCROW_IDS, &consumer, &o, &treasury);
        assert_escrow_error(
            m.send(&[confirm], &[&b.consumer]).await,
            EscrowError::OrderDisputed,
        );
        // Not by a stranger.
        let stranger = m.f.funded_key().await;
        let forged = ixs::resolve_dispute(&ESCROW_IDS, &stranger.pubkey(), &o, &treasury, true);
        assert_escrow_error(
            m.send(&[forged], &[&stranger]).await,
            EscrowError::Unauthorized,
        );
        let consumer_before = m.balance(&b.currency, &consumer).await;
        let operator_before = m.balance(&b.currency, &operator.pubkey()).await;
        m.f.send_as_authority(resolve).await.expect("resolve");
        if pay_operator {
            assert_eq!(
                m.balance(&b.currency, &operator.pubkey()).await,
                operator_before + PRICE - fee
            );
            assert_eq!(m.balance(&b.currency, &consumer).await, consumer_before);
        } else {
            assert_eq!(
                m.balance(&b.currency, &consumer).await,
                consumer_before + PRICE
            );
            assert_eq!(
                m.balance(&b.currency, &operator.pubkey()).await,
                operator_before
            );
        }
        assert!(order_view(&mut m, &o.address).await.is_none());
    }
}

#[tokio::test]
async fn escrow_refuses_every_substitution() {
    let mut m = Market::new().await;
    let usdc = create_mint(&mut m.f.ctx, TOKEN, 6, &[]).await;
    let other_mint = create_mint(&mut m.f.ctx, TOKEN, 6, &[]).await;
    let b = buyer(&mut m, Some(&usdc), 1).await;
    let consumer = b.consumer.pubkey();
    let treasury = m.treasury.pubkey();
    let operator = m.operator.insecure_clone();
    let stranger = m.f.funded_key().await;
    m.give(&b.currency, &stranger.pubkey(), PRICE).await;

    // Creating: price above the consumer's limit, someone else's EID, a retired plan, the wrong
    // mint, a billing config of another program, a vault off its PDA.
    let mut new = new_order(&b, 1);
    new.max_price = PRICE - 1;
    let ix = ixs::create_order(&ESCROW_IDS, &consumer, &new);
    assert_escrow_error(
        m.send(&[ix], &[&b.consumer]).await,
        EscrowError::PriceAboveLimit,
    );
    let ix = ixs::create_order(&ESCROW_IDS, &stranger.pubkey(), &new_order(&b, 1));
    assert_billing_error(m.send(&[ix], &[&stranger]).await, BillingError::NotEidOwner);
    // The stranger's own commitment of another purpose than plans.
    let (other_purpose, account_of) =
        openrsp_tests::market::eid_commitment_account_for(&stranger.pubkey(), 5);
    put_account(&mut m.f.ctx, &other_purpose, account_of);
    let mut order = new_order(&b, 1);
    order.eid_commitment = other_purpose;
    let ix = ixs::create_order(&ESCROW_IDS, &stranger.pubkey(), &order);
    assert_billing_error(
        m.send(&[ix], &[&stranger]).await,
        BillingError::WrongEidPurpose,
    );
    let mut ix = ixs::create_order(&ESCROW_IDS, &consumer, &new_order(&b, 1));
    ix.accounts[10].pubkey = other_mint;
    assert_billing_error(m.send(&[ix], &[&b.consumer]).await, BillingError::WrongMint);
    let mut ix = ixs::create_order(&ESCROW_IDS, &consumer, &new_order(&b, 1));
    ix.accounts[2].pubkey = escrow_pda::config(&ESCROW_PROGRAM_ID).0;
    assert_escrow_error(
        m.send(&[ix], &[&b.consumer]).await,
        EscrowError::WrongBillingProgram,
    );
    let mut ix = ixs::create_order(&ESCROW_IDS, &consumer, &new_order(&b, 1));
    ix.accounts[9].pubkey = Keypair::new().pubkey();
    assert_error(
        m.send(&[ix], &[&b.consumer]).await,
        FrameworkError::InvalidPda,
    );
    let mut ix = ixs::create_order(&ESCROW_IDS, &consumer, &new_order(&b, 1));
    ix.accounts[0].is_signer = false;
    assert_error(m.send(&[ix], &[]).await, FrameworkError::MissingSignature);
    let retired = m.create_plan(2, Some(&usdc), PRICE).await;
    let ix = billing_ixs::retire_plan(&BILLING_PROGRAM_ID, &operator.pubkey(), &retired);
    m.send(&[ix], &[&operator]).await.expect("retire");
    let mut new = new_order(&b, 1);
    new.plan = retired;
    let ix = ixs::create_order(&ESCROW_IDS, &consumer, &new);
    assert_billing_error(
        m.send(&[ix], &[&b.consumer]).await,
        BillingError::PlanRetired,
    );
    assert_eq!(
        m.balance(&b.currency, &consumer).await,
        PRICE * 3,
        "refusals moved nothing"
    );

    let o1 = create(&mut m, &b, 1).await;
    let o2 = create(&mut m, &b, 2).await;
    assert_error(
        m.send(
            &[ixs::create_order(&ESCROW_IDS, &consumer, &new_order(&b, 1))],
            &[&b.consumer],
        )
        .await,
        FrameworkError::AlreadyInitialized,
    );
    // Acceptance and delivery only by the plan's operator, in order.
    let ix = ixs::accept_order(&ESCROW_IDS, &stranger.pubkey(), &o1.address);
    assert_escrow_error(
        m.send(&[ix], &[&stranger]).await,
        EscrowError::NotOrderOperator,
    );
    assert_escrow_error(
        deliver(&mut m, &o1, b"x", &code()).await,
        EscrowError::OrderNotAccepted,
    );
    accept(&mut m, &o1).await.expect("accept");
    assert_escrow_error(accept(&mut m, &o1).await, EscrowError::OrderAlreadyAccepted);
    // Bad deliveries: zero hash, ciphertext too short or too long, stray bytes after its length.
    let sealed = activation::seal(&o1.encryption_key, &o1.address, &[1; 32], &code()).unwrap();
    let good = ixs::deliver_profile(
        &ESCROW_IDS,
        &operator.pubkey(),
        &o1.address,
        &[1; 32],
        &sealed,
    );
    let mut ix = good.clone();
    ix.data[8..40].fill(0);
    assert_escrow_error(
        m.send(&[ix], &[&operator]).await,
        EscrowError::InvalidProfileHash,
    );
    for len in [16u16, 193] {
        let mut ix = good.clone();
        ix.data[8 + 76..8 + 78].copy_from_slice(&len.to_le_bytes());
        assert_escrow_error(
            m.send(&[ix], &[&operator]).await,
            EscrowError::InvalidActivationCode,
        );
    }
    let mut ix = good.clone();
    let last = ix.data.len() - 1;
    ix.data[last] = 1;
    assert_escrow_error(
        m.send(&[ix], &[&operator]).await,
        EscrowError::InvalidActivationCode,
    );
    let mut ix = good.clone();
    ix.data.push(0);
    assert_error(
        m.send(&[ix], &[&operator]).await,
        FrameworkError::InvalidInstructionData,
    );
    m.send(&[good], &[&operator]).await.expect("deliver");
    let o1 = order_view(&mut m, &o1.address).await.unwrap();

    // Settling: another order's vault, another mint, a payee account of someone else, the vault
    // itself as payee, a treasury account that is not the treasury's, rent to someone else.
    let confirm = ixs::confirm_installation(&ESCROW_IDS, &consumer, &o1, &treasury);
    for (index, replacement, expected) in [
        (4, o2.vault, BillingError::WrongVault),
        (5, other_mint, BillingError::WrongMint),
        (
            6,
            b.currency.account_of(&stranger.pubkey()),
            BillingError::WrongPayeeAccount,
        ),
        (6, o1.vault, BillingError::WrongPayeeAccount),
        (
            7,
            b.currency.account_of(&consumer),
            BillingError::WrongPayeeAccount,
        ),
    ] {
        let mut ix = confirm.clone();
        ix.accounts[index].pubkey = replacement;
        assert_billing_error(m.send(&[ix], &[&b.consumer]).await, expected);
    }
    let ix = ixs::confirm_installation(&ESCROW_IDS, &stranger.pubkey(), &o1, &treasury);
    assert_escrow_error(
        m.send(&[ix], &[&stranger]).await,
        EscrowError::NotOrderConsumer,
    );
    m.warp(DISPUTE_WINDOW as i64 + 1).await;
    let mut claim = ixs::claim_payment(&ESCROW_IDS, &operator.pubkey(), &o1, &treasury);
    claim.accounts[8].pubkey = stranger.pubkey();
    assert_escrow_error(
        m.send(&[claim], &[&operator]).await,
        EscrowError::WrongConsumer,
    );
    // Confirming an order not delivered yet.
    let ix = ixs::confirm_installation(&ESCROW_IDS, &consumer, &o2, &treasury);
    assert_escrow_error(
        m.send(&[ix], &[&b.consumer]).await,
        EscrowError::OrderNotDelivered,
    );
    // Governance: only its authority changes the windows, within bounds.
    let ix = ixs::set_escrow_windows(&ESCROW_IDS, &stranger.pubkey(), 3_600, 3_600);
    assert_escrow_error(m.send(&[ix], &[&stranger]).await, EscrowError::Unauthorized);
    let ix = ixs::set_escrow_windows(&ESCROW_IDS, &m.f.authority.pubkey(), 59, 3_600);
    assert_escrow_error(m.f.send_as_authority(ix).await, EscrowError::InvalidWindows);
    let ix = ixs::set_escrow_windows(&ESCROW_IDS, &m.f.authority.pubkey(), 3_600, 7_200);
    m.f.send_as_authority(ix).await.expect("windows");
    // Re-initialisation.
    let payer = m.f.ctx.payer.pubkey();
    let ix = ixs::initialize_escrow(&ESCROW_IDS, &payer, &payer, &payer, 3_600, 3_600);
    assert_error(m.send(&[ix], &[]).await, FrameworkError::AlreadyInitialized);
    // The vaults still hold exactly the two prices.
    assert_eq!(m.vault_balance(&b.currency, &o1.vault).await, PRICE);
    assert_eq!(m.vault_balance(&b.currency, &o2.vault).await, PRICE);
}
