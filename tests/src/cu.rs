//! Compute units of every instruction of the four programs (the EID ones with a real
//! `euicc_chain` proof) and the fee of every consumer and operator transaction, measured on the
//! real `.so` files in the embedded SVM (litesvm runs the same BPF VM and cost model as the
//! validator). `make bench` writes them to `target/bench/cu.json`; `tests/compute_units.rs` holds
//! each under its cap.
//!
//! Every wallet is derived from its name, so every address, and with it every PDA bump search,
//! is the same from run to run: the figures repeat, but for `add_verifying_key`, whose test-circuit
//! key is generated afresh (a few tens of CU).

use crate::{
    chip_answer, ci_nist, dp_auth_nist, eid_keys, key_signer, root, sgp26, test_circuit_keys,
    test_pki, EUM_ROLE_MASK,
};
use openrsp_circuits::test_statement::TEST_STATEMENT_CIRCUIT_ID;
use openrsp_sdk::cert_registry::SubjectKey;
use openrsp_sdk::governance::{Governance, GovernedProgram};
use openrsp_sdk::{
    cert_registry::{instructions::TrustAnchorArgs, CertRegistry},
    client::{EmbeddedLedger, Ledger, Receipt},
    programs::{ProgramBuild, ProgramIds, CERT_REGISTRY_ID},
    prover, Keypair, SdkError, Signer,
};
use openrsp_sdk::{
    eid_commitment::{
        instructions::EidVerifyingKeyArgs, prove_eid, recent_slot_hash, EidCommitments,
        EidProofRequest,
    },
    programs::{EID_COMMITMENT_ID, PROFILE_ESCROW_ID, USDC_BILLING_ID},
    usdc_billing::{coverage, Billing, PlanTermsArgs},
};
use std::collections::BTreeMap;

/// Goals from the issues: `register_certificate` at most 110,000 CU with its proof of possession
/// (130,000 for an EUM, whose key also enters the EUM tree), `register_commitment` 110,000 (and its twins `rotate_commitment`, `take_over_commitment`);
/// the EUM revocation recomputes two 14-level paths (no goal set: 40,000); everything else 10,000.
pub fn goal(instruction: &str) -> u64 {
    match instruction {
        "register_certificate" => 110_000,
        "register_certificate_eum" => 130_000,
        "register_commitment" | "rotate_commitment" | "take_over_commitment" => 110_000,
        "revoke_eum_certificate" => 40_000,
        // One alt_bn128 pairing call over three pairs validates the key's six points (about 61k).
        "add_verifying_key" | "initialize_config" | "set_verifying_key" => 80_000,
        "redeem_voucher" => 40_000,
        "create_plan"
        | "update_plan"
        | "retire_plan"
        | "initialize_billing"
        | "set_protocol_fee"
        | "set_close_notice"
        | "open_subscription"
        | "top_up"
        | "request_close"
        | "close_subscription"
        | "initialize_escrow"
        | "set_escrow_windows"
        | "create_order"
        | "accept_order"
        | "cancel_order"
        | "deliver_profile"
        | "confirm_installation"
        | "claim_payment"
        | "refund_order"
        | "dispute_order"
        | "resolve_dispute" => 30_000,
        _ => 10_000,
    }
}

/// Proves `cert` with the test-statement circuit for `registrant` and registers it, the
/// certificate's own key (a test key file) signing the possession message.
fn register_test_proof<L: Ledger + ?Sized>(
    reg: &mut CertRegistry<'_, L>,
    registrant: &Keypair,
    cert: &openrsp_sdk::certificate::RspCertificate,
    circuit_id: u32,
) -> Result<(Receipt, openrsp_sdk::Address), SdkError> {
    let statement = prover::statement_for(cert, circuit_id, &registrant.pubkey())?;
    let key = SubjectKey::of(cert)?;
    let file = prover::prove_with_test_circuit(test_circuit_keys(), &statement, &key)?;
    reg.register_proof_file(registrant, &file, &key_signer(&key))
}

/// `(program, instruction, measured compute units, cap)`: the cap `tests/compute_units.rs` holds each
/// instruction under, about 1.25 times the measurement beside it but at most the goal
/// (`make bench` prints new figures).
pub const CAPS: &[(&str, &str, u64, u64)] = &[
    ("cert_registry", "accept_authority", 566, 710),
    ("cert_registry", "add_trust_anchor", 5_272, 6_590),
    ("cert_registry", "add_verifying_key", 74_026, 80_000),
    ("cert_registry", "cancel_authority", 550, 690),
    ("cert_registry", "initialize_eum_tree", 3_586, 4_490),
    ("cert_registry", "initialize_registry", 5_129, 6_420),
    ("cert_registry", "propose_authority", 553, 700),
    ("cert_registry", "register_certificate", 93_433, 110_000),
    (
        "cert_registry",
        "register_certificate_eum",
        111_172,
        130_000,
    ),
    ("cert_registry", "retire_trust_anchor", 696, 870),
    ("cert_registry", "retire_verifying_key", 677, 850),
    ("cert_registry", "revoke_certificate", 766, 960),
    ("cert_registry", "revoke_eum_certificate", 27_653, 34_570),
    ("cert_registry", "set_paused", 431, 540),
    ("eid_commitment", "accept_authority", 565, 710),
    ("eid_commitment", "cancel_authority", 551, 690),
    ("eid_commitment", "initialize_config", 75_530, 80_000),
    ("eid_commitment", "propose_authority", 553, 700),
    ("eid_commitment", "register_commitment", 92_611, 110_000),
    ("eid_commitment", "revoke_commitment", 641, 810),
    ("eid_commitment", "rotate_commitment", 86_583, 108_230),
    ("eid_commitment", "set_paused", 431, 540),
    ("eid_commitment", "set_purposes", 500, 630),
    ("eid_commitment", "set_verifying_key", 67_825, 80_000),
    ("eid_commitment", "take_over_commitment", 86_618, 108_280),
    ("usdc_billing", "accept_authority", 566, 710),
    ("usdc_billing", "cancel_authority", 550, 690),
    ("usdc_billing", "close_subscription", 7_930, 9_920),
    ("usdc_billing", "create_plan", 7_651, 9_570),
    ("usdc_billing", "initialize_billing", 6_917, 8_650),
    ("usdc_billing", "open_subscription", 15_072, 18_840),
    ("usdc_billing", "propose_authority", 553, 700),
    ("usdc_billing", "redeem_voucher", 15_781, 19_730),
    ("usdc_billing", "request_close", 691, 870),
    ("usdc_billing", "retire_plan", 641, 810),
    ("usdc_billing", "set_close_notice", 467, 590),
    ("usdc_billing", "set_paused", 431, 540),
    ("usdc_billing", "set_protocol_fee", 519, 650),
    ("usdc_billing", "top_up", 2_030, 2_540),
    ("usdc_billing", "update_plan", 3_004, 3_760),
    ("profile_escrow", "accept_authority", 565, 710),
    ("profile_escrow", "accept_order", 856, 1_070),
    ("profile_escrow", "cancel_authority", 550, 690),
    ("profile_escrow", "cancel_order", 8_078, 10_100),
    ("profile_escrow", "claim_payment", 17_250, 21_570),
    ("profile_escrow", "confirm_installation", 17_167, 21_460),
    ("profile_escrow", "create_order", 12_156, 15_200),
    ("profile_escrow", "deliver_profile", 1_700, 2_130),
    ("profile_escrow", "dispute_order", 892, 1_120),
    ("profile_escrow", "initialize_escrow", 8_227, 10_290),
    ("profile_escrow", "propose_authority", 553, 700),
    ("profile_escrow", "refund_order", 8_200, 10_250),
    ("profile_escrow", "resolve_dispute", 16_958, 21_200),
    ("profile_escrow", "set_escrow_windows", 481, 610),
    ("profile_escrow", "set_paused", 431, 540),
];

/// Compute units per instruction, and fees, of one run of [`measure`].
#[derive(Debug)]
pub struct Measured {
    pub cert_registry: Costs,
    pub eid_commitment: Costs,
    pub usdc_billing: Costs,
    pub profile_escrow: Costs,
    /// Lamports each consumer or operator transaction paid.
    pub fee_lamports: Costs,
}

impl Measured {
    /// `(program, instruction, compute units)` of every instruction measured.
    pub fn rows(&self) -> impl Iterator<Item = (&'static str, &'static str, u64)> + '_ {
        [
            ("cert_registry", &self.cert_registry),
            ("eid_commitment", &self.eid_commitment),
            ("usdc_billing", &self.usdc_billing),
            ("profile_escrow", &self.profile_escrow),
        ]
        .into_iter()
        .flat_map(|(program, costs)| costs.iter().map(move |(n, u)| (program, *n, *u)))
    }
}

/// The wallet called `name`: the same key in every run.
fn wallet(name: &str) -> Keypair {
    use sha2::{Digest, Sha256};
    let seed: [u8; 32] = Sha256::digest(format!("openrsp bench wallet {name}").as_bytes()).into();
    Keypair::new_from_array(seed)
}

/// Runs every instruction of the four programs once on a fresh embedded ledger.
pub fn measure() -> Result<Measured, SdkError> {
    let mut ledger = EmbeddedLedger::in_memory_build(
        &root().join("target/deploy"),
        &ProgramIds::default(),
        ProgramBuild::Localnet,
    )?;
    let dp = dp_auth_nist();
    ledger.set_unix_timestamp((dp.not_before + 86_400) as i64);
    let authority = wallet("authority");
    // The authority deployed the programs: it is their upgrade authority, which sets them up.
    ledger.set_upgrade_authority(Some(&authority.pubkey()))?;
    let operator = wallet("operator");
    let successor = wallet("successor");
    for k in [&authority, &operator, &successor] {
        ledger.fund(&k.pubkey(), 10_000_000_000)?;
    }
    let mut cu = Costs::new();
    let mut rec = |name: &'static str, r: Receipt| {
        cu.insert(name, r.compute_units);
    };

    let mut reg = CertRegistry::new(&mut ledger as &mut dyn Ledger, CERT_REGISTRY_ID);
    rec(
        "initialize_registry",
        reg.initialize(&authority, &authority, &authority.pubkey())?,
    );
    let ci = ci_nist();
    let (r, _) = reg.add_trust_anchor_from_certificate(&authority, &authority, &ci, None)?;
    rec("add_trust_anchor", r);
    let anchor_key_id = ci.anchor_key_id()?;
    let vk = prover::verifying_key_args(
        test_circuit_keys().verifying_key(),
        TEST_STATEMENT_CIRCUIT_ID,
        1,
        0b111000,
        anchor_key_id,
    )?;
    let (r, _) = reg.add_verifying_key(&authority, &authority, &vk)?;
    rec("add_verifying_key", r);

    let (r, _) = register_test_proof(&mut reg, &operator, &dp, TEST_STATEMENT_CIRCUIT_ID)?;
    let registration_fee = r.fee;
    rec("register_certificate", r);
    rec(
        "revoke_certificate",
        reg.revoke_certificate(&operator, &dp.commitment()?, 1)?,
    );
    rec("set_paused", reg.set_paused(&authority, true)?);
    rec(
        "propose_authority",
        reg.propose_authority(&authority, &successor.pubkey())?,
    );
    rec("accept_authority", reg.accept_authority(&successor)?);
    rec(
        "retire_verifying_key",
        reg.retire_verifying_key(&successor, &anchor_key_id, TEST_STATEMENT_CIRCUIT_ID)?,
    );
    rec(
        "retire_trust_anchor",
        reg.retire_trust_anchor(&successor, &anchor_key_id)?,
    );
    // A second anchor, to show the cost does not depend on the CI (BRP curve).
    let brp = sgp26("CertificateIssuer/CERT_CI_ECDSA_BRP.der");
    let args = TrustAnchorArgs {
        key_id: brp.anchor_key_id()?,
        curve: brp.curve as u8,
        public_key: brp.public_key,
        name: TrustAnchorArgs::name_bytes("brp"),
    };
    reg.add_trust_anchor(&successor, &successor, &args)?;
    governance_costs(
        &mut ledger,
        GovernedProgram::CertRegistry,
        &successor,
        &mut cu,
    )?;

    let eid = eid_costs()?;
    for (name, units) in &eid.0 {
        cu.insert(name, *units);
    }
    let (registry_eum, eid_cu) = eid_costs()?;
    for (name, units) in &registry_eum {
        cu.insert(name, *units);
    }
    let (billing, escrow, mut fees) = billing_costs()?;
    // One transaction signature and one secp256r1 precompile signature (the possession proof).
    fees.insert("register_certificate", registration_fee);
    Ok(Measured {
        cert_registry: cu,
        eid_commitment: eid_cu,
        usdc_billing: billing,
        profile_escrow: escrow,
        fee_lamports: fees,
    })
}

pub type Costs = BTreeMap<&'static str, u64>;

/// The governance every program shares, measured on `program` and leaving its authority and pause
/// as they were: a proposal withdrawn, a hand-over to the authority itself, a pause and its end.
fn governance_costs<L: Ledger + ?Sized>(
    ledger: &mut L,
    program: GovernedProgram,
    authority: &Keypair,
    costs: &mut Costs,
) -> Result<(), SdkError> {
    let id = program.id(&ProgramIds::default());
    let mut gov = Governance::new(ledger, program, id);
    gov.propose_authority(authority, &wallet("proposed").pubkey())?;
    costs.insert(
        "cancel_authority",
        gov.cancel_authority(authority)?.compute_units,
    );
    costs.entry("propose_authority").or_insert(
        gov.propose_authority(authority, &authority.pubkey())?
            .compute_units,
    );
    let accepted = gov.accept_authority(authority)?.compute_units;
    costs.entry("accept_authority").or_insert(accepted);
    let paused = gov.set_paused(authority, true)?.compute_units;
    costs.entry("set_paused").or_insert(paused);
    gov.set_paused(authority, false)?;
    Ok(())
}

/// The EUM tree and eid-commitment on a second ledger: the test-PKI CI as anchor, its EUM
/// registered (the test-statement circuit stands in for `cert_p256`: verification costs the same
/// for every one-input circuit), then an EID commitment with a real `euicc_chain` proof, rotated
/// and revoked, and the EUM revoked. Returns (cert-registry rows, eid-commitment rows).
fn eid_costs() -> Result<(Costs, Costs), SdkError> {
    let mut ledger = EmbeddedLedger::in_memory_build(
        &root().join("target/deploy"),
        &ProgramIds::default(),
        ProgramBuild::Localnet,
    )?;
    let dp = dp_auth_nist();
    ledger.set_unix_timestamp((dp.not_before + 86_400) as i64);
    let authority = wallet("authority");
    // The authority deployed the programs: it is their upgrade authority, which sets them up.
    ledger.set_upgrade_authority(Some(&authority.pubkey()))?;
    let eum_operator = wallet("eum_operator");
    let consumer = wallet("consumer");
    for k in [&authority, &eum_operator, &consumer] {
        ledger.fund(&k.pubkey(), 10_000_000_000)?;
    }
    let mut registry_cu = Costs::new();
    let mut eid_cu = Costs::new();
    let ci = test_pki("ci.der");
    let eum = test_pki("eum.der");
    let euicc = test_pki("euicc-1.der");
    // The test circuit's key for the test-PKI CI (keys are filed per CI).
    const EUM_CIRCUIT: u32 = TEST_STATEMENT_CIRCUIT_ID;
    let leaves = {
        let mut reg = CertRegistry::new(&mut ledger as &mut dyn Ledger, CERT_REGISTRY_ID);
        reg.initialize(&authority, &authority, &authority.pubkey())?;
        reg.add_trust_anchor_from_certificate(&authority, &authority, &ci, None)?;
        let vk = prover::verifying_key_args(
            test_circuit_keys().verifying_key(),
            EUM_CIRCUIT,
            1,
            EUM_ROLE_MASK,
            ci.anchor_key_id()?,
        )?;
        reg.add_verifying_key(&authority, &authority, &vk)?;
        registry_cu.insert(
            "initialize_eum_tree",
            reg.initialize_eum_tree(&authority, &authority)?
                .compute_units,
        );
        let (r, _) = register_test_proof(&mut reg, &eum_operator, &eum, EUM_CIRCUIT)?;
        registry_cu.insert("register_certificate_eum", r.compute_units);
        reg.eum_tree_leaves()?
    };

    let keys = eid_keys();
    let vk = EidVerifyingKeyArgs {
        circuit_id: openrsp_circuits::euicc_chain::CIRCUIT_ID,
        circuit_version: openrsp_circuits::euicc_chain::REVISION as u16,
        key: openrsp_sdk::zk::encode_verifying_key(keys.verifying_key())?,
    };
    let mut eids = EidCommitments::new(
        &mut ledger as &mut dyn Ledger,
        EID_COMMITMENT_ID,
        CERT_REGISTRY_ID,
    );
    eid_cu.insert(
        "initialize_config",
        eids.initialize(&authority, &authority, &authority.pubkey(), &vk)?
            .compute_units,
    );
    eid_cu.insert(
        "set_verifying_key",
        eids.set_verifying_key(&authority, &vk)?.compute_units,
    );
    eid_cu.insert(
        "set_paused",
        eids.set_paused(&authority, true)?.compute_units,
    );
    eids.set_paused(&authority, false)?;
    let successor = wallet("successor");
    eid_cu.insert(
        "propose_authority",
        eids.propose_authority(&authority, &successor.pubkey())?
            .compute_units,
    );
    eids.ledger.fund(&successor.pubkey(), 1_000_000_000)?;
    eid_cu.insert(
        "accept_authority",
        eids.accept_authority(&successor)?.compute_units,
    );
    eid_cu.insert(
        "set_purposes",
        eids.set_purposes(&successor, eid_commitment::state::DEFAULT_PURPOSES)?
            .compute_units,
    );
    let purpose = eid_commitment::state::purpose_field(eid_commitment::state::PURPOSE_PLANS);
    // Each proof carries the chip's binding of its owner after the newest slot.
    let prove_for = |ledger: &dyn Ledger, owner: &Keypair, n: u8| {
        let (bound_slot, slot_hash) = recent_slot_hash(ledger)?;
        let answer = chip_answer(&owner.pubkey(), &slot_hash);
        let mut salt = [0u8; 32];
        salt[31] = n;
        prove_eid(
            keys,
            &euicc,
            &eum,
            &leaves,
            EidProofRequest {
                salt,
                purpose,
                owner: &owner.pubkey(),
                valid_at: ledger.unix_timestamp()?.unsigned_abs(),
                chip: &answer,
                bound_slot,
                slot_hash,
            },
        )
        .map(|(file, _)| file)
    };
    let file = prove_for(&*eids.ledger, &consumer, 1)?;
    let (r, address) = eids.register_proof_file(&consumer, &file)?;
    eid_cu.insert("register_commitment", r.compute_units);
    let file = prove_for(&*eids.ledger, &consumer, 2)?;
    let (r, _) = eids.rotate_proof_file(&consumer, &file)?;
    eid_cu.insert("rotate_commitment", r.compute_units);
    let next_holder = wallet("next_holder");
    eids.ledger.fund(&next_holder.pubkey(), 1_000_000_000)?;
    let file = prove_for(&*eids.ledger, &next_holder, 3)?;
    let (r, _) = eids.take_over_proof_file(&next_holder, &file)?;
    eid_cu.insert("take_over_commitment", r.compute_units);
    eid_cu.insert(
        "revoke_commitment",
        eids.revoke(&next_holder, &address)?.compute_units,
    );

    let mut reg = CertRegistry::new(&mut ledger as &mut dyn Ledger, CERT_REGISTRY_ID);
    registry_cu.insert(
        "revoke_eum_certificate",
        reg.revoke_certificate(&eum_operator, &eum.commitment()?, 5)?
            .compute_units,
    );
    governance_costs(
        &mut ledger,
        GovernedProgram::EidCommitment,
        &successor,
        &mut eid_cu,
    )?;
    Ok((registry_cu, eid_cu))
}

/// usdc-billing and profile-escrow on a third ledger: an operator admitted by its DPauth record
/// (the test-statement circuit stands in for `cert_p256`) publishes, changes and retires plans; a
/// consumer (its EID commitment written as eid-commitment stores it) pays as it goes in a
/// USDC-like token (open, top up, two vouchers redeemed, notice, close) and buys a profile through
/// the escrow (order, accept, deliver a real TS.48 package, confirm; a second order cancelled, a
/// third disputed and resolved). Returns (billing rows, escrow rows, fee in lamports of every
/// transaction a consumer or operator sends).
fn billing_costs() -> Result<(Costs, Costs, Costs), SdkError> {
    use openrsp_sdk::{
        profile_escrow::{ActivationCode, Escrow},
        token::{self, Currency},
        usdc_billing::BillingSettings,
    };
    let mut ledger = EmbeddedLedger::in_memory_build(
        &root().join("target/deploy"),
        &ProgramIds::default(),
        ProgramBuild::Localnet,
    )?;
    let dp = dp_auth_nist();
    let mut now = (dp.not_before + 86_400) as i64;
    ledger.set_unix_timestamp(now);
    let authority = wallet("authority");
    // The authority deployed the programs: it is their upgrade authority, which sets them up.
    ledger.set_upgrade_authority(Some(&authority.pubkey()))?;
    let operator = wallet("operator");
    let consumer = wallet("consumer");
    let device = wallet("device");
    for k in [&authority, &operator, &consumer] {
        ledger.fund(&k.pubkey(), 10_000_000_000)?;
    }
    let record = {
        let mut reg = CertRegistry::new(&mut ledger as &mut dyn Ledger, CERT_REGISTRY_ID);
        reg.initialize(&authority, &authority, &authority.pubkey())?;
        let ci = ci_nist();
        reg.add_trust_anchor_from_certificate(&authority, &authority, &ci, None)?;
        let vk = prover::verifying_key_args(
            test_circuit_keys().verifying_key(),
            TEST_STATEMENT_CIRCUIT_ID,
            1,
            0b111000,
            ci.anchor_key_id()?,
        )?;
        reg.add_verifying_key(&authority, &authority, &vk)?;
        register_test_proof(&mut reg, &operator, &dp, TEST_STATEMENT_CIRCUIT_ID)?.1
    };
    // A nullifier of its own, the same in every run (so is the subscription's address).
    let eid = crate::market::eid_commitment_account_with(
        &consumer.pubkey(),
        eid_commitment::state::PURPOSE_PLANS,
        wallet("nullifier").pubkey().to_bytes(),
    );
    ledger
        .svm()
        .set_account(eid.0, eid.1)
        .map_err(|e| SdkError::Ledger(format!("{e:?}")))?;
    let eid = eid.0;
    let mint = wallet("mint");
    token::create_mint(
        &mut ledger,
        &authority,
        &mint,
        &authority.pubkey(),
        6,
        &token::TOKEN_PROGRAM,
    )?;
    let usdc = Currency::Token {
        mint: mint.pubkey(),
        program: token::TOKEN_PROGRAM,
        decimals: 6,
    };
    token::mint_to(
        &mut ledger,
        &authority,
        &authority,
        &usdc,
        &consumer.pubkey(),
        100_000_000,
    )?;

    let mut cu = Costs::new();
    let mut fees = Costs::new();
    let mut billing = Billing::new(&mut ledger as &mut dyn Ledger, USDC_BILLING_ID);
    let settings = BillingSettings {
        authority: authority.pubkey(),
        registry_program: CERT_REGISTRY_ID,
        eid_program: EID_COMMITMENT_ID,
        treasury: authority.pubkey(),
        fee_bps: 25,
        close_notice_seconds: 3_600,
    };
    cu.insert(
        "initialize_billing",
        billing
            .initialize(&authority, &authority, &settings)?
            .compute_units,
    );
    cu.insert(
        "set_protocol_fee",
        billing
            .set_protocol_fee(&authority, 30, &authority.pubkey())?
            .compute_units,
    );
    cu.insert(
        "set_close_notice",
        billing.set_close_notice(&authority, 3_600)?.compute_units,
    );
    let terms = PlanTermsArgs {
        price: 9_990_000,
        data_quota_mb: 10_240,
        validity_seconds: 30 * 86_400,
        coverage: coverage(&["FR", "DE", "ES", "IT"], 1)?,
    };
    let (r, plan) = billing.create_plan(&operator, &record, 1, None, &terms)?;
    cu.insert("create_plan", r.compute_units);
    fees.insert("create_plan", r.fee);
    cu.insert(
        "update_plan",
        billing
            .update_plan(
                &operator,
                &record,
                &plan,
                &PlanTermsArgs {
                    price: 8_000_000,
                    ..terms
                },
            )?
            .compute_units,
    );
    cu.insert(
        "retire_plan",
        billing.retire_plan(&operator, &plan)?.compute_units,
    );
    let (_, usdc_plan) =
        billing.create_plan(&operator, &record, 2, Some(&mint.pubkey()), &terms)?;

    // Pay as you go.
    let (r, subscription) =
        billing.open_subscription(&consumer, &usdc_plan, &eid, &device.pubkey(), 20_000_000)?;
    cu.insert("open_subscription", r.compute_units);
    fees.insert("open_subscription", r.fee);
    let r = billing.top_up(&consumer, &subscription, 5_000_000)?;
    cu.insert("top_up", r.compute_units);
    fees.insert("top_up", r.fee);
    let v = billing.sign_voucher(&device, &subscription, 1_250_000, now);
    billing.redeem(&operator, &v)?;
    let v = billing.sign_voucher(&device, &subscription, 2_500_000, now);
    let r = billing.redeem(&operator, &v)?;
    cu.insert("redeem_voucher", r.compute_units);
    fees.insert("redeem_voucher", r.fee);
    let r = billing.request_close(&consumer, &subscription)?;
    cu.insert("request_close", r.compute_units);
    fees.insert("request_close", r.fee);
    now = ledger.unix_timestamp()? + 3_601;
    ledger.set_unix_timestamp(now);
    let mut billing = Billing::new(&mut ledger as &mut dyn Ledger, USDC_BILLING_ID);
    let r = billing.close_subscription(&consumer, &subscription)?;
    cu.insert("close_subscription", r.compute_units);
    fees.insert("close_subscription", r.fee);
    cu.insert(
        "set_paused",
        billing.set_paused(&authority, true)?.compute_units,
    );
    billing.set_paused(&authority, false)?;

    // Order to installation.
    let mut esc = Costs::new();
    let mut escrow = Escrow::new(
        &mut ledger as &mut dyn Ledger,
        PROFILE_ESCROW_ID,
        USDC_BILLING_ID,
    );
    esc.insert(
        "initialize_escrow",
        escrow
            .initialize(
                &authority,
                &authority,
                &authority.pubkey(),
                86_400,
                7 * 86_400,
            )?
            .compute_units,
    );
    esc.insert(
        "set_escrow_windows",
        escrow
            .set_windows(&authority, 86_400, 7 * 86_400)?
            .compute_units,
    );
    let package =
        std::fs::read(root().join("../shared/vectors/upp/TS48V2-SAIP2-1-NOBERTLV-UNIQUE.der"))
            .map_err(|e| SdkError::Ledger(format!("TS.48 package: {e}")))?;
    let code = ActivationCode::new("testsmdpplus1.example.com", "4ZL7Q-9KD2M-H3X8T-0PW5N")?;
    let (r, order) = escrow.create_order(&consumer, 1, &usdc_plan, &eid, None)?;
    esc.insert("create_order", r.compute_units);
    fees.insert("create_order", r.fee);
    let r = escrow.accept(&operator, &order)?;
    esc.insert("accept_order", r.compute_units);
    fees.insert("accept_order", r.fee);
    let (r, _) = escrow.deliver(&operator, &order, &package, &code)?;
    esc.insert("deliver_profile", r.compute_units);
    fees.insert("deliver_profile", r.fee);
    let r = escrow.confirm(&consumer, &order)?;
    esc.insert("confirm_installation", r.compute_units);
    fees.insert("confirm_installation", r.fee);
    let order = escrow.create_order(&consumer, 2, &usdc_plan, &eid, None)?.1;
    let r = escrow.cancel(&consumer, &order)?;
    esc.insert("cancel_order", r.compute_units);
    fees.insert("cancel_order", r.fee);
    let order = escrow.create_order(&consumer, 3, &usdc_plan, &eid, None)?.1;
    escrow.accept(&operator, &order)?;
    escrow.deliver(&operator, &order, &package, &code)?;
    let r = escrow.dispute(&consumer, &order)?;
    esc.insert("dispute_order", r.compute_units);
    fees.insert("dispute_order", r.fee);
    esc.insert(
        "resolve_dispute",
        escrow.resolve(&authority, &order, true)?.compute_units,
    );
    let claimed = escrow.create_order(&consumer, 4, &usdc_plan, &eid, None)?.1;
    escrow.accept(&operator, &claimed)?;
    escrow.deliver(&operator, &claimed, &package, &code)?;
    let refunded = escrow.create_order(&consumer, 5, &usdc_plan, &eid, None)?.1;
    escrow.accept(&operator, &refunded)?;
    now = ledger.unix_timestamp()? + 7 * 86_400 + 1;
    ledger.set_unix_timestamp(now);
    let mut escrow = Escrow::new(
        &mut ledger as &mut dyn Ledger,
        PROFILE_ESCROW_ID,
        USDC_BILLING_ID,
    );
    let r = escrow.claim(&operator, &claimed)?;
    esc.insert("claim_payment", r.compute_units);
    fees.insert("claim_payment", r.fee);
    let r = escrow.refund(&consumer, &refunded)?;
    esc.insert("refund_order", r.compute_units);
    fees.insert("refund_order", r.fee);
    governance_costs(
        &mut ledger,
        GovernedProgram::UsdcBilling,
        &authority,
        &mut cu,
    )?;
    governance_costs(
        &mut ledger,
        GovernedProgram::ProfileEscrow,
        &authority,
        &mut esc,
    )?;
    Ok((cu, esc, fees))
}
