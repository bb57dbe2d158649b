//! Proof of possession on the real cert_registry.so: a certificate is admitted only with a
//! signature by its subject key (secp256r1 precompile), so a stranger holding every public
//! certificate can register, publish, revoke or remove nothing; the genuine holder always can.

use cert_registry::{
    errors::{FrameworkError, RegistryError},
    possession::possession_message,
    state::{AccountLayout, CertificateRecord},
    statement::Role,
};
use openrsp_circuits::test_statement::TEST_STATEMENT_CIRCUIT_ID;
use openrsp_framework::precompile::{ED25519_PROGRAM, SECP256R1_PROGRAM};
use openrsp_sdk::cert_registry::{
    instructions as ixs,
    possession::{low_s, secp256r1_instruction},
    PossessionSigner, SubjectKey,
};
use openrsp_sdk::usdc_billing::instructions as billing_ixs;
use openrsp_tests::market::{assert_billing_error, billing_settings, terms};
use openrsp_tests::*;
use solana_address::Address;
use solana_instruction::{AccountMeta, Instruction};
use solana_keypair::Keypair;
use solana_signer::Signer;
use usdc_billing::errors::BillingError;

async fn record(f: &mut Fixture, commitment: &[u8; 32]) -> Option<CertificateRecord> {
    account(&mut f.ctx, &pda::certificate(&PROGRAM_ID, commitment).0)
        .await
        .map(|a| *CertificateRecord::from_bytes(&a.data).expect("record"))
}

/// usdc-billing over this registry.
async fn init_billing(f: &mut Fixture) {
    let payer = f.ctx.payer.pubkey();
    let settings = billing_settings(f, &f.authority.pubkey());
    let init = billing_ixs::initialize_billing(&BILLING_PROGRAM_ID, &payer, &payer, &settings);
    send(&mut f.ctx, &[init], &[]).await.expect("billing");
}

/// The precompile instruction for `message` signed by `signer` under `key`, then the
/// registration.
fn signed_pair(
    registrant: &Address,
    args: &ixs::RegisterCertificateArgs,
    key: &[u8; 33],
    message: &[u8],
    signer: &dyn PossessionSigner,
) -> Vec<Instruction> {
    let low = low_s(&signer.sign(message).expect("sign")).unwrap();
    vec![
        secp256r1_instruction(key, message, &low),
        ixs::register_certificate(&PROGRAM_ID, registrant, args),
    ]
}

#[tokio::test]
async fn a_stranger_first_registers_publishes_and_revokes_nothing_and_the_holder_then_registers() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let stranger = f.funded_key().await;
    let dp = dp_auth_nist();
    // The stranger holds the public DPauth certificate and proves it for its own wallet: a valid
    // proof, bound to the stranger.
    let theirs = f.register_args(&dp, &stranger.pubkey());
    let commitment = theirs.commitment;

    // 1. No possession signature at all.
    let ix = ixs::register_certificate(&PROGRAM_ID, &stranger.pubkey(), &theirs);
    assert_error(
        send(&mut f.ctx, &[ix], &[&stranger]).await,
        RegistryError::PossessionNotProven,
    );
    // 2. The stranger's own P-256 key signs the right message, presented under the DPauth key.
    let own = stranger_signer();
    let signature = f
        .possession_signature(&stranger.pubkey(), &theirs, &own)
        .await;
    let r = f.register_signed(&stranger, &theirs, &signature).await;
    assert!(
        r.is_err(),
        "the precompile refuses a signature under another key"
    );
    // 3. The stranger's own key, presented as its own: the precompile verifies, the program
    //    refuses the key, which is not the certificate's.
    let own_key = {
        let point = own.signing_key().verifying_key().to_encoded_point(true);
        <[u8; 33]>::try_from(point.as_bytes()).unwrap()
    };
    let version = f.circuit_version(&theirs).await;
    let message =
        ixs::possession_request(&PROGRAM_ID, &stranger.pubkey(), &theirs, version).message();
    let pair = signed_pair(&stranger.pubkey(), &theirs, &own_key, &message, &own);
    assert_error(
        send(&mut f.ctx, &pair, &[&stranger]).await,
        RegistryError::PossessionNotProven,
    );
    // 4. The stranger's own key as the statement's subject key: the proof is about DPauth's.
    let point = own.signing_key().verifying_key().to_encoded_point(false);
    let mut forged = theirs.clone();
    forged.subject_key = SubjectKey {
        x: point.x().unwrap().as_slice().try_into().unwrap(),
        y: point.y().unwrap().as_slice().try_into().unwrap(),
        permitted_iin: 0,
    };
    let signature = f
        .possession_signature(&stranger.pubkey(), &forged, &own)
        .await;
    assert_error(
        f.register_signed(&stranger, &forged, &signature).await,
        FrameworkError::InvalidProof,
    );
    assert!(
        record(&mut f, &commitment).await.is_none(),
        "nothing created"
    );

    // The genuine holder registers after every attempt.
    let args = f.register_args(&dp, &operator.pubkey());
    let meta = f
        .register(&operator, &args)
        .await
        .expect("the holder registers");
    let stored = record(&mut f, &commitment).await.expect("record");
    assert_eq!(stored.registrant, operator.pubkey().to_bytes());
    assert_eq!(
        stored.subject_key,
        SubjectKey::of(&dp).unwrap().compressed()
    );
    assert_eq!(stored.subject_key_hash, dp.subject_key_hash().unwrap());
    println!(
        "register_certificate with possession: {} CU",
        meta.compute_units
    );

    // The stranger cannot publish plans as this SM-DP+...
    let ix = billing_ixs::create_plan(
        &BILLING_PROGRAM_ID,
        &stranger.pubkey(),
        &operator_trust(&args),
        1,
        None,
        &terms(1_000_000),
    );
    init_billing(&mut f).await;
    assert_billing_error(
        send(&mut f.ctx, &[ix], &[&stranger]).await,
        BillingError::NotCertificateOwner,
    );
    // ...nor revoke it.
    let ix = ixs::revoke_certificate(&PROGRAM_ID, &stranger.pubkey(), &commitment, 1);
    assert_error(
        send(&mut f.ctx, &[ix], &[&stranger]).await,
        RegistryError::NotRevoker,
    );
    assert!(!record(&mut f, &commitment).await.unwrap().is_revoked());
}

/// A record written before possession was required (no subject key) sells nothing: billing
/// refuses its registrant's plans.
#[tokio::test]
async fn a_record_without_proof_of_possession_publishes_no_plan() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    f.register(&operator, &args).await.expect("register");
    let address = pda::certificate(&PROGRAM_ID, &args.commitment).0;
    let mut legacy = account(&mut f.ctx, &address).await.unwrap();
    CertificateRecord::from_bytes_mut(&mut legacy.data)
        .unwrap()
        .subject_key = [0; 33];
    put_account(&mut f.ctx, &address, legacy);
    init_billing(&mut f).await;
    let ix = billing_ixs::create_plan(
        &BILLING_PROGRAM_ID,
        &operator.pubkey(),
        &operator_trust(&args),
        1,
        None,
        &terms(1_000_000),
    );
    assert_billing_error(
        send(&mut f.ctx, &[ix], &[&operator]).await,
        BillingError::PossessionNotProven,
    );
}

#[tokio::test]
async fn a_stranger_cannot_register_or_remove_an_eum() {
    // The EUM registers (with its key) in the fixture.
    let mut e = EidFixture::new(false).await;
    let stranger = e.f.funded_key().await;
    let commitment = e.eum.commitment().unwrap();
    let leaves = e.leaves().await;
    let index = leaves.index_of(&commitment).expect("leaf");
    let ix = ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &stranger.pubkey(),
        &ixs::EumLeafRecord::of(&e.eum_record().await),
        1,
        &leaves.siblings(index).unwrap(),
    );
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&stranger]).await,
        RegistryError::NotRevoker,
    );
    assert!(record(&mut e.f, &commitment).await.unwrap().is_eum_leaf());

    // Nor can a stranger put the EUM's key into the tree under a registration of its own (here
    // under a fresh commitment, the EUM's own being taken): the key already holds a leaf, and
    // with the key's marker left aside (another address in its place), the EUM's key did not
    // sign. Refused before the tree changes, either way.
    let mut theirs =
        e.f.register_args_for(&e.eum, &stranger.pubkey(), TEST_STATEMENT_CIRCUIT_ID);
    theirs.commitment[31] ^= 1;
    let ix = ixs::register_certificate(&PROGRAM_ID, &stranger.pubkey(), &theirs);
    assert_eq!(ix.accounts[7].pubkey, pda::eum_tree(&PROGRAM_ID).0);
    assert_eq!(ix.accounts[8].pubkey, e.eum_marker());
    assert_error(
        send(&mut e.f.ctx, &[ix.clone()], &[&stranger]).await,
        RegistryError::EumKeyInTree,
    );
    let mut elsewhere = ix;
    elsewhere.accounts[8].pubkey = Keypair::new().pubkey();
    assert_error(
        send(&mut e.f.ctx, &[elsewhere], &[&stranger]).await,
        RegistryError::PossessionNotProven,
    );
    assert_eq!(
        e.leaves().await.root(),
        leaves.root(),
        "the tree is unchanged"
    );
}

#[tokio::test]
async fn a_signature_over_anything_else_is_refused() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let dp = dp_auth_nist();
    let args = f.register_args(&dp, &operator.pubkey());
    let key = args.subject_key.compressed();
    let holder = key_signer(&args.subject_key);
    let version = f.circuit_version(&args).await;
    let program = PROGRAM_ID.to_bytes();
    let me = operator.pubkey().to_bytes();
    let other = Address::new_unique().to_bytes();
    let variants: [(&str, [u8; 118]); 5] = [
        (
            "another registrant",
            possession_message(&program, &other, &args.commitment, args.circuit_id, version),
        ),
        (
            "another commitment",
            possession_message(&program, &me, &[7; 32], args.circuit_id, version),
        ),
        (
            "another program",
            possession_message(&other, &me, &args.commitment, args.circuit_id, version),
        ),
        (
            "another circuit id",
            possession_message(
                &program,
                &me,
                &args.commitment,
                args.circuit_id ^ 1,
                version,
            ),
        ),
        (
            "another circuit version",
            possession_message(
                &program,
                &me,
                &args.commitment,
                args.circuit_id,
                version + 1,
            ),
        ),
    ];
    for (what, message) in variants {
        let pair = signed_pair(&operator.pubkey(), &args, &key, &message, &holder);
        let r = send(&mut f.ctx, &pair, &[&operator]).await;
        match r {
            Err(solana_transaction::TransactionError::InstructionError(
                1,
                solana_instruction::error::InstructionError::Custom(code),
            )) => assert_eq!(
                RegistryError::from_code(code),
                Some(RegistryError::PossessionNotProven),
                "{what}"
            ),
            other => panic!("{what}: {other:?}"),
        }
    }
    assert!(record(&mut f, &args.commitment).await.is_none());
    f.register(&operator, &args)
        .await
        .expect("the right message registers");
}

#[tokio::test]
async fn a_high_s_signature_is_refused_by_the_precompile() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    let holder = key_signer(&args.subject_key);
    let low = f
        .possession_signature(&operator.pubkey(), &args, &holder)
        .await;
    let s = p256::ecdsa::Signature::from_slice(&low).unwrap();
    let high: [u8; 64] = p256::ecdsa::Signature::from_scalars(s.r(), -*s.s())
        .unwrap()
        .to_bytes()
        .into();
    let r = f.register_signed(&operator, &args, &high).await;
    assert!(
        matches!(
            r,
            Err(solana_transaction::TransactionError::InstructionError(0, _))
        ),
        "the precompile instruction fails: {r:?}"
    );
    assert!(record(&mut f, &args.commitment).await.is_none());
    f.register_signed(&operator, &args, &low)
        .await
        .expect("the low-S form registers");
}

/// Precompile instructions that verify a genuine signature, but not the way the program reads
/// it: the key, signature or message in another instruction, two signatures, another
/// precompile, the precompile not right before, a fake instructions sysvar.
#[tokio::test]
async fn a_precompile_instruction_whose_offsets_point_elsewhere_is_refused() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    let holder = key_signer(&args.subject_key);
    let key = args.subject_key.compressed();
    let version = f.circuit_version(&args).await;
    let message =
        ixs::possession_request(&PROGRAM_ID, &operator.pubkey(), &args, version).message();
    let signature = f
        .possession_signature(&operator.pubkey(), &args, &holder)
        .await;
    let good = secp256r1_instruction(&key, &message, &signature);
    let register = ixs::register_certificate(&PROGRAM_ID, &operator.pubkey(), &args);
    let set_index = |ix: &Instruction, field: usize, value: u16| {
        let mut ix = ix.clone();
        ix.data[2 + 2 * field..4 + 2 * field].copy_from_slice(&value.to_le_bytes());
        ix
    };
    let refused = |what: &str, r: TxResult| match r {
        Err(solana_transaction::TransactionError::InstructionError(
            _,
            solana_instruction::error::InstructionError::Custom(code),
        )) if RegistryError::from_code(code) == Some(RegistryError::PossessionNotProven) => {}
        other => panic!("{what}: expected PossessionNotProven, got {other:?}"),
    };

    // Each index set to the precompile's own position (0) rather than "this instruction": the
    // precompile verifies the same bytes; the program takes only u16::MAX.
    for (field, what) in [(1, "signature"), (3, "key"), (6, "message")] {
        let ix = set_index(&good, field, 0);
        refused(
            &format!("{what} index 0"),
            send(&mut f.ctx, &[ix, register.clone()], &[&operator]).await,
        );
    }
    // The real attack: the precompile instruction right before carries the expected key and
    // message at its offsets (with a garbage signature), but its indices make the precompile
    // verify another instruction's bytes: a stranger's valid signature over another message.
    let stranger = stranger_signer();
    let stranger_key: [u8; 33] = stranger
        .signing_key()
        .verifying_key()
        .to_encoded_point(true)
        .as_bytes()
        .try_into()
        .unwrap();
    let other_message = [9u8; 118];
    let stranger_signature = low_s(&stranger.sign(&other_message).unwrap()).unwrap();
    let decoy = secp256r1_instruction(&stranger_key, &other_message, &stranger_signature);
    let mut pointing = secp256r1_instruction(&key, &message, &[1; 64]);
    for field in [1, 3, 6] {
        pointing = set_index(&pointing, field, 0);
    }
    refused(
        "offsets pointing into another instruction",
        send(
            &mut f.ctx,
            &[decoy, pointing, register.clone()],
            &[&operator],
        )
        .await,
    );

    // A count other than one: with two offset entries (the same signature twice) the precompile
    // verifies both; the program takes exactly one.
    let mut two = good.clone();
    two.data[0] = 2;
    let entry = two.data[2..16].to_vec();
    two.data.splice(16..16, entry);
    for field in [0usize, 2, 4] {
        for base in [2usize, 16] {
            let at = base + 2 * field;
            let v = u16::from_le_bytes([two.data[at], two.data[at + 1]]) + 14;
            two.data[at..at + 2].copy_from_slice(&v.to_le_bytes());
        }
    }
    refused(
        "two signatures",
        send(&mut f.ctx, &[two, register.clone()], &[&operator]).await,
    );

    // The Ed25519 precompile in its place (over the same message, by an Ed25519 key).
    let ed = Keypair::new();
    let ed_signature: [u8; 64] = ed.sign_message(&message).into();
    let ed_ix = solana_ed25519_program::new_ed25519_instruction_with_signature(
        &message,
        &ed_signature,
        &ed.pubkey().to_bytes(),
    );
    refused(
        "Ed25519 precompile",
        send(&mut f.ctx, &[ed_ix, register.clone()], &[&operator]).await,
    );

    // The precompile, but not right before the registration.
    let between =
        solana_system_interface::instruction::transfer(&operator.pubkey(), &operator.pubkey(), 1);
    refused(
        "precompile two instructions before",
        send(
            &mut f.ctx,
            &[good.clone(), between, register.clone()],
            &[&operator],
        )
        .await,
    );
    // The registration first, the precompile after.
    refused(
        "precompile after",
        send(&mut f.ctx, &[register.clone(), good.clone()], &[&operator]).await,
    );

    // A fake instructions sysvar.
    let mut fake = register.clone();
    fake.accounts[6] = AccountMeta::new_readonly(Address::new_unique(), false);
    refused(
        "fake instructions sysvar",
        send(&mut f.ctx, &[good.clone(), fake], &[&operator]).await,
    );
    assert_eq!(
        good.program_id,
        Address::new_from_array(SECP256R1_PROGRAM.to_bytes())
    );
    assert_ne!(ED25519_PROGRAM.to_bytes(), SECP256R1_PROGRAM.to_bytes());

    assert!(record(&mut f, &args.commitment).await.is_none());
    send(&mut f.ctx, &[good, register], &[&operator])
        .await
        .expect("the well-formed pair registers");
}

#[tokio::test]
async fn euicc_and_ci_certificates_are_not_registered_here() {
    let mut f = Fixture::new().await;
    let ci = test_pki("ci.der");
    f.add_anchor(&ci, "OpenRSP Test CI").await.expect("anchor");
    const EUICC_CIRCUIT: u32 = TEST_STATEMENT_CIRCUIT_ID;
    let mut vk = f.vk_args(EUICC_CIRCUIT, Role::Euicc.mask() | Role::Ci.mask());
    vk.anchor_key_id = ci.anchor_key_id().unwrap();
    f.add_vk(&vk).await.expect("vk");
    let registrant = f.funded_key().await;
    let euicc = test_pki("euicc-1.der");
    let mut args = f.register_args_for(&euicc, &registrant.pubkey(), EUICC_CIRCUIT);
    // An eUICC certificate names its EUM as issuer; the key above serves the CI.
    args.anchor_key_id = ci.anchor_key_id().unwrap();
    // Even signed by the chip's own key: its key would identify the chip on chain.
    assert_error(
        f.register(&registrant, &args).await,
        RegistryError::RoleNotRegistrable,
    );
    let mut as_ci = args.clone();
    as_ci.role = Role::Ci as u8;
    assert_error(
        f.register(&registrant, &as_ci).await,
        RegistryError::RoleNotRegistrable,
    );
}
