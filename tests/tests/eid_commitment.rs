//! EID privacy end to end on the real programs (solana-program-test, BPF): the test CI as a trust
//! anchor, an EUM registered with a real `cert_p256` proof (its key enters the EUM tree), the
//! test-PKI chip signing a binding of its holder's wallet after a recent slot (an emulated eUICC
//! answering ES10b AuthenticateServer), an eUICC chain proof (`euicc_chain`, real Groth16)
//! registering an EID commitment, the chip's next holder taking it over, and every way it is
//! refused: a stranger with everything an SM-DP+ has, another signer, a stale or expired binding,
//! a reused nullifier, a purpose not enabled, a stale root, an unregistered EUM, an EID outside the
//! EUM's range or with bad check digits.

use cert_registry::{
    errors::{FrameworkError, RegistryError},
    state::AccountLayout,
};
use eid_commitment::{
    errors::EidError,
    state::{purpose_field, EidCommitment, Nullifier, PURPOSE_PLANS},
};
use openrsp_circuits::test_statement::TEST_STATEMENT_CIRCUIT_ID;
use openrsp_sdk::{
    cert_registry::{instructions as reg_ixs, EumTreeLeaves},
    certificate::RspCertificate,
    eid_commitment::{
        instructions::{self as ixs, RegisterCommitmentArgs},
        pda as eid_pda, prepare_eid, EidProofFile, EidProofRequest, PreparedEid,
    },
    euicc::AuthenticateServerResponse,
    testpki,
};
use openrsp_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

fn args_of(file: &EidProofFile) -> RegisterCommitmentArgs {
    file.register_args().unwrap()
}

fn salt(n: u8) -> [u8; 32] {
    let mut s = [0u8; 32];
    s[1] = 0x5a;
    s[31] = n;
    s
}

/// A slot the chip's holder binds to now: the bank moves one slot on (its time stays), and the
/// newest slot hash is the one before.
async fn bind(e: &mut EidFixture) -> (u64, [u8; 32]) {
    advance_slots(&mut e.f.ctx, 1).await;
    newest_slot_hash(&mut e.f.ctx).await
}

/// What a proof is made of besides the certificates and the tree.
struct Claim<'a> {
    salt: u8,
    purpose: u8,
    owner: &'a Keypair,
    valid_at: u64,
    bound: (u64, [u8; 32]),
}

fn prepare_with(
    euicc: &RspCertificate,
    eum: &RspCertificate,
    leaves: &EumTreeLeaves,
    claim: Claim,
    answer: &AuthenticateServerResponse,
) -> Result<PreparedEid, openrsp_sdk::SdkError> {
    prepare_eid(
        euicc,
        eum,
        leaves,
        EidProofRequest {
            salt: salt(claim.salt),
            purpose: purpose_field(claim.purpose),
            owner: &claim.owner.pubkey(),
            valid_at: claim.valid_at,
            chip: answer,
            bound_slot: claim.bound.0,
            slot_hash: claim.bound.1,
        },
    )
}

fn prove_with(
    euicc: &RspCertificate,
    eum: &RspCertificate,
    leaves: &EumTreeLeaves,
    claim: Claim,
    answer: &AuthenticateServerResponse,
) -> Result<EidProofFile, openrsp_sdk::SdkError> {
    prepare_with(euicc, eum, leaves, claim, answer)?
        .prove(eid_keys())
        .map(|(file, _)| file)
}

/// The statement of a claim the chip's holder could prove, paired with a proof of another
/// statement (`borrowed`): for checks that refuse before the program verifies any proof (root,
/// anchor, time, recent slot), where proving it for real would only cost a minute.
fn statement_only(
    euicc: &RspCertificate,
    eum: &RspCertificate,
    leaves: &EumTreeLeaves,
    claim: Claim,
    borrowed: &EidProofFile,
) -> EidProofFile {
    let answer = chip_answer(&claim.owner.pubkey(), &claim.bound.1);
    prepare_with(euicc, eum, leaves, claim, &answer)
        .expect("a statement the SDK would prove")
        .with_proof(borrowed.proof().unwrap())
        .0
}

/// A claim for plans.
fn plans(salt: u8, owner: &Keypair, valid_at: u64, bound: (u64, [u8; 32])) -> Claim<'_> {
    Claim {
        salt,
        purpose: PURPOSE_PLANS,
        owner,
        valid_at,
        bound,
    }
}

/// A proof by the holder of the test chip: the chip signs the binding of the claim's owner.
fn prove(
    euicc: &RspCertificate,
    eum: &RspCertificate,
    leaves: &EumTreeLeaves,
    claim: Claim,
) -> Result<EidProofFile, openrsp_sdk::SdkError> {
    let answer = chip_answer(&claim.owner.pubkey(), &claim.bound.1);
    prove_with(euicc, eum, leaves, claim, &answer)
}

async fn register(e: &mut EidFixture, owner: &Keypair, args: &RegisterCommitmentArgs) -> TxResult {
    let ix = ixs::register_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &PROGRAM_ID, args);
    send(&mut e.f.ctx, &[ix], &[owner]).await
}

async fn rotate(e: &mut EidFixture, owner: &Keypair, file: &EidProofFile) -> TxResult {
    let ix = ixs::rotate_commitment(
        &EID_PROGRAM_ID,
        &owner.pubkey(),
        &PROGRAM_ID,
        &file.renewal_args().unwrap(),
    );
    send(&mut e.f.ctx, &[ix], &[owner]).await
}

async fn take_over(e: &mut EidFixture, holder: &Keypair, file: &EidProofFile) -> TxResult {
    let ix = ixs::take_over_commitment(
        &EID_PROGRAM_ID,
        &holder.pubkey(),
        &PROGRAM_ID,
        &file.renewal_args().unwrap(),
    );
    send(&mut e.f.ctx, &[ix], &[holder]).await
}

async fn commitment_account(e: &mut EidFixture, nullifier: &[u8; 32]) -> Option<EidCommitment> {
    let address = eid_pda::eid_commitment(&EID_PROGRAM_ID, nullifier).0;
    account(&mut e.f.ctx, &address)
        .await
        .map(|a| *EidCommitment::from_bytes(&a.data).expect("EidCommitment layout"))
}

async fn nullifier_mark(e: &mut EidFixture, nullifier: &[u8; 32]) -> Nullifier {
    let address = eid_pda::nullifier(&EID_PROGRAM_ID, nullifier).0;
    let data = account(&mut e.f.ctx, &address).await.expect("mark").data;
    *Nullifier::from_bytes(&data).expect("Nullifier layout")
}

#[tokio::test]
async fn an_eid_commitment_bound_by_the_chip_and_taken_over_by_its_next_holder() {
    let mut e = EidFixture::new(true).await;
    eprintln!(
        "EUM registration with the tree update: {} CU",
        e.eum_registration_cu
    );
    assert!(
        e.eum_registration_cu <= 130_000,
        "{}",
        e.eum_registration_cu
    );
    let euicc = test_pki("euicc-1.der");
    let leaves = e.leaves().await;
    assert_eq!(leaves.leaves.len(), 1);
    let at = e.clock().await;
    let alice = e.f.funded_key().await;
    let mallory = e.f.funded_key().await;
    let bob = e.f.funded_key().await;

    // Alice holds the chip; it signs the binding of her wallet after a recent slot (one that has
    // a slot before it among the recent hashes).
    advance_slots(&mut e.f.ctx, 1).await;
    let alice_bound = bind(&mut e).await;
    let alice_answer = chip_answer(&alice.pubkey(), &alice_bound.1);

    // A stranger first: Mallory has everything an SM-DP+ that served the chip has (the eUICC and
    // EUM certificates, the EID) and even the chip's answer to Alice's binding. With her own
    // wallet, for any purpose, the SDK refuses to prove: the chip signed Alice's wallet.
    let mallory_bound = bind(&mut e).await;
    for purpose in [PURPOSE_PLANS, 5] {
        let claim = Claim {
            salt: 9,
            purpose,
            owner: &mallory,
            valid_at: at,
            bound: mallory_bound,
        };
        let err = prove_with(&euicc, &e.eum, &leaves, claim, &alice_answer).unwrap_err();
        assert!(err.to_string().contains("binds another wallet"), "{err}");
    }
    // (Past the SDK, the circuit has no witness for her: circuits/src/euicc_chain/tests.rs.)

    // Alice's real proof. In Mallory's hands it is bound to Alice: refused.
    let first = prove(&euicc, &e.eum, &leaves, plans(1, &alice, at, alice_bound)).unwrap();
    let first_args = args_of(&first);
    assert_eq!(first.bound_slot, alice_bound.0);
    assert_eid_error_or_registry(
        register(&mut e, &mallory, &first_args).await,
        FrameworkError::InvalidProof,
    );
    // A proof with one public byte changed does not verify.
    let mut tampered = first_args.clone();
    tampered.commitment[31] ^= 1;
    assert_eid_error_or_registry(
        register(&mut e, &alice, &tampered).await,
        FrameworkError::InvalidProof,
    );
    // Another bound slot: the program reads another hash, so another statement; a slot not among
    // the recent hashes (ahead of the chain, or long gone) is refused as such.
    let mut other_slot = first_args.clone();
    other_slot.bound_slot -= 1;
    assert_eid_error_or_registry(
        register(&mut e, &alice, &other_slot).await,
        FrameworkError::InvalidProof,
    );
    for slot in [first_args.bound_slot + 1_000, u64::MAX] {
        let mut unknown = first_args.clone();
        unknown.bound_slot = slot;
        assert_eid_error(
            register(&mut e, &alice, &unknown).await,
            EidError::BindingNotRecent,
        );
    }
    // Purposes: only those governance enabled (plans by default).
    let mut other_purpose = first_args.clone();
    other_purpose.purpose = purpose_field(5);
    assert_eid_error(
        register(&mut e, &alice, &other_purpose).await,
        EidError::PurposeNotAllowed,
    );

    // With a valid proof, the account checks still hold: the commitment account passed as the
    // nullifier account too (duplicate mutable accounts), or the two swapped; another account as
    // the SlotHashes sysvar.
    let base = ixs::register_commitment(&EID_PROGRAM_ID, &alice.pubkey(), &PROGRAM_ID, &first_args);
    let mut ix = base.clone();
    ix.accounts[5].pubkey = ix.accounts[4].pubkey;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&alice]).await,
        FrameworkError::InvalidPda,
    );
    let mut ix = base.clone();
    ix.accounts.swap(4, 5);
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&alice]).await,
        FrameworkError::InvalidPda,
    );
    let mut ix = base.clone();
    ix.accounts[6].pubkey = solana_sdk_ids::sysvar::clock::ID;
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&alice]).await,
        EidError::NotSlotHashes,
    );

    // Alice registers.
    let cu = register(&mut e, &alice, &first_args)
        .await
        .expect("register_commitment")
        .compute_units;
    eprintln!("register_commitment: {cu} CU");
    assert!(cu <= 110_000, "{cu}");
    let record = commitment_account(&mut e, &first_args.nullifier)
        .await
        .expect("commitment account");
    assert_eq!(record.owner, alice.pubkey().to_bytes());
    assert_eq!(record.commitment, first_args.commitment);
    assert_eq!(record.purpose, purpose_field(PURPOSE_PLANS));
    assert_eq!(record.root, leaves.root());
    assert_eq!(
        record.anchor_key_id, e.anchor_key_id,
        "the CI behind the EUM"
    );
    assert_eq!(u64::from_le_bytes(record.bound_slot), alice_bound.0);
    let mark = nullifier_mark(&mut e, &first_args.nullifier).await;
    assert_eq!(mark.registrant, alice.pubkey().to_bytes());
    assert_eq!(mark.nullifier, first_args.nullifier);
    assert_eq!(u64::from_le_bytes(mark.bound_slot), alice_bound.0);
    // Neither the record nor the mark carries the EID's digits.
    let eid_digits = b"89049032000123451234512345678950";
    for address in [
        eid_pda::nullifier(&EID_PROGRAM_ID, &first_args.nullifier).0,
        eid_pda::eid_commitment(&EID_PROGRAM_ID, &first_args.nullifier).0,
    ] {
        let data = account(&mut e.f.ctx, &address).await.unwrap().data;
        assert!(!data
            .windows(8)
            .any(|w| eid_digits.windows(8).any(|d| d == w)));
    }
    // The same proof again: the nullifier is used, and the record is live.
    assert_eid_error(
        register(&mut e, &alice, &first_args).await,
        EidError::NullifierUsed,
    );

    // Alice rotates to a new salt with a fresh binding: same account, new commitment.
    let bound = bind(&mut e).await;
    let rotated = prove(&euicc, &e.eum, &leaves, plans(3, &alice, at, bound)).unwrap();
    let cu = rotate(&mut e, &alice, &rotated)
        .await
        .expect("rotate_commitment")
        .compute_units;
    eprintln!("rotate_commitment: {cu} CU");
    let record = commitment_account(&mut e, &first_args.nullifier)
        .await
        .unwrap();
    assert_eq!(record.commitment, args_of(&rotated).commitment);
    assert_eq!(u32::from_le_bytes(record.rotations), 1);
    assert_eid_error(
        rotate(&mut e, &alice, &rotated).await,
        EidError::SameCommitment,
    );
    // Her first proof names an older binding than the one on record now.
    assert_eid_error(rotate(&mut e, &alice, &first).await, EidError::StaleBinding);

    // Before handing the chip over, Alice has it sign once more: evidence kept for later.
    let bound = bind(&mut e).await;
    let alice_kept = prove(&euicc, &e.eum, &leaves, plans(4, &alice, at, bound)).unwrap();

    // The chip changes hands. Bob binds after; Mallory cannot use his proof, and Bob cannot
    // rotate what he does not own.
    let bob_bound = bind(&mut e).await;
    let by_bob = prove(&euicc, &e.eum, &leaves, plans(5, &bob, at, bob_bound)).unwrap();
    assert_eq!(by_bob.nullifier, first.nullifier, "one chip, one nullifier");
    assert_eid_error_or_registry(
        take_over(&mut e, &mallory, &by_bob).await,
        FrameworkError::InvalidProof,
    );
    assert_eid_error(rotate(&mut e, &bob, &by_bob).await, EidError::NotOwner);
    assert_eid_error(
        take_over(&mut e, &alice, &alice_kept).await,
        EidError::AlreadyOwner,
    );
    let cu = take_over(&mut e, &bob, &by_bob)
        .await
        .expect("take_over_commitment")
        .compute_units;
    eprintln!("take_over_commitment: {cu} CU");
    let record = commitment_account(&mut e, &first_args.nullifier)
        .await
        .unwrap();
    assert_eq!(record.owner, bob.pubkey().to_bytes());
    assert_eq!(record.commitment, args_of(&by_bob).commitment);
    assert_eq!(u32::from_le_bytes(record.takeovers), 1);
    assert_eq!(u64::from_le_bytes(record.bound_slot), bob_bound.0);
    // The former holder's evidence, made in advance, cannot win it back; nor can she rotate.
    assert_eid_error(
        take_over(&mut e, &alice, &alice_kept).await,
        EidError::StaleBinding,
    );
    assert_eid_error(
        rotate(&mut e, &alice, &alice_kept).await,
        EidError::NotOwner,
    );

    // Bob revokes and registers again: that needs a binding newer than any the mark accepted, so
    // his take-over evidence is refused and a fresh binding is admitted (the same account), and
    // the mark moves on to it (checked again once he revokes at the end).
    let address = eid_pda::eid_commitment(&EID_PROGRAM_ID, &first_args.nullifier).0;
    let ix = ixs::revoke_commitment(&EID_PROGRAM_ID, &bob.pubkey(), &address);
    send(&mut e.f.ctx, &[ix], &[&bob]).await.expect("revoke");
    assert_eid_error(
        register(&mut e, &bob, &args_of(&by_bob)).await,
        EidError::StaleBinding,
    );
    let again_bound = bind(&mut e).await;
    let again = prove(&euicc, &e.eum, &leaves, plans(10, &bob, at, again_bound)).unwrap();
    register(&mut e, &bob, &args_of(&again))
        .await
        .expect("registration after a revocation");
    let record = commitment_account(&mut e, &first_args.nullifier)
        .await
        .expect("registered again");
    assert_eq!(record.owner, bob.pubkey().to_bytes());
    assert_eq!(record.commitment, args_of(&again).commitment);
    assert_eq!(u64::from_le_bytes(record.bound_slot), again_bound.0);
    let mark = nullifier_mark(&mut e, &first_args.nullifier).await;
    assert_eq!(u64::from_le_bytes(mark.bound_slot), again_bound.0);
    assert_eq!(
        mark.registrant,
        alice.pubkey().to_bytes(),
        "who registered first"
    );

    // Governance enables a second purpose: the same chip's claim for it carries another
    // nullifier. A binding whose slot has left the recent hashes (512 entries) is refused.
    let ix = ixs::set_purposes(
        &EID_PROGRAM_ID,
        &e.f.authority.pubkey(),
        (1 << PURPOSE_PLANS) | (1 << 5),
    );
    e.f.send_as_authority(ix).await.expect("set_purposes");
    let purpose_5 = Claim {
        salt: 6,
        purpose: 5,
        owner: &bob,
        valid_at: at,
        bound: bind(&mut e).await,
    };
    let second = statement_only(&euicc, &e.eum, &leaves, purpose_5, &by_bob);
    assert_ne!(second.nullifier, first.nullifier);
    // The sysvar keeps one entry per bank: 513 banks later the bound slot is gone.
    for _ in 0..513 {
        advance_slots(&mut e.f.ctx, 1).await;
    }
    assert_eid_error(
        register(&mut e, &bob, &args_of(&second)).await,
        EidError::BindingNotRecent,
    );

    // The EUM certificate's expiry binds: a proof dated at its notAfter is from the future now,
    // and stale an hour after it; by then the SDK no longer proves for that EUM at all.
    let not_after = e.eum.not_after;
    let late = Claim {
        salt: 7,
        purpose: 5,
        owner: &bob,
        valid_at: not_after,
        bound: bind(&mut e).await,
    };
    let late = statement_only(&euicc, &e.eum, &leaves, late, &by_bob);
    assert_eid_error(
        register(&mut e, &bob, &args_of(&late)).await,
        EidError::ProofTimeInFuture,
    );
    set_time(&e.f.ctx, not_after as i64 + 3_601).await;
    assert_eid_error(
        register(&mut e, &bob, &args_of(&late)).await,
        EidError::ProofTooOld,
    );
    let expired = Claim {
        salt: 7,
        purpose: 5,
        owner: &bob,
        valid_at: not_after + 1,
        bound: bind(&mut e).await,
    };
    let err = prove(&euicc, &e.eum, &leaves, expired).unwrap_err();
    assert!(err.to_string().contains("expired"), "{err}");
    set_time(&e.f.ctx, at as i64).await;

    // Retiring the CI behind the EUM stops new commitments under it.
    let ix = reg_ixs::retire_trust_anchor(&PROGRAM_ID, &e.f.authority.pubkey(), &e.anchor_key_id);
    e.f.send_as_authority(ix).await.expect("retire the test CI");
    assert_eid_error(
        register(&mut e, &bob, &args_of(&second)).await,
        EidError::TrustAnchorRetired,
    );

    // The EUM is revoked, which zeroes its leaf and forgets every earlier root: the proof's root
    // is stale.
    let siblings = leaves.siblings(0).unwrap();
    let eum_record = e.eum_record().await;
    let ix = reg_ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &e.f.authority.pubkey(),
        &reg_ixs::EumLeafRecord::of(&eum_record),
        1,
        &siblings,
    );
    e.f.send_as_authority(ix).await.expect("revoke the EUM");
    assert_eid_error(
        register(&mut e, &bob, &args_of(&second)).await,
        EidError::UnknownRoot,
    );
    // The SDK no longer proves for that EUM.
    let leaves_after = e.leaves().await;
    let bound = bind(&mut e).await;
    let gone = plans(8, &bob, at, bound);
    let err = prove(&euicc, &e.eum, &leaves_after, gone).unwrap_err();
    assert!(
        err.to_string().contains("not in the registry's EUM tree"),
        "{err}"
    );

    // Bob revokes his commitment: the account closes, its rent comes back, the nullifier stays
    // with his binding, so evidence from before (his, or anyone's, even the binding that
    // registered last) cannot register it again.
    let rent = account(&mut e.f.ctx, &address).await.unwrap().lamports;
    let before = account(&mut e.f.ctx, &bob.pubkey()).await.unwrap().lamports;
    let ix = ixs::revoke_commitment(&EID_PROGRAM_ID, &bob.pubkey(), &address);
    send(&mut e.f.ctx, &[ix], &[&bob]).await.expect("revoke");
    assert!(account(&mut e.f.ctx, &address).await.is_none());
    let after = account(&mut e.f.ctx, &bob.pubkey()).await.unwrap().lamports;
    assert_eq!(after, before + rent, "the context payer pays the fee");
    for (who, file) in [(&bob, &again), (&bob, &by_bob), (&alice, &alice_kept)] {
        assert_eid_error(
            register(&mut e, who, &args_of(file)).await,
            EidError::StaleBinding,
        );
    }
}

#[tokio::test]
async fn an_unregistered_eum_and_malformed_eids_are_refused() {
    // Nothing here gets as far as a proof check: the test statement circuit's key will do.
    let mut e = EidFixture::new(false).await;
    let leaves = e.leaves().await;
    let at = e.clock().await;
    let alice = e.f.funded_key().await;
    let bound = bind(&mut e).await;

    // Another EUM under another CI, never registered, with an eUICC of its own.
    let ci = testpki::issue_ci("Unregistered CI").unwrap();
    let rogue = testpki::issue_eum(&ci, "Rogue EUM", "89044000").unwrap();
    let rogue_cert = RspCertificate::from_der(&rogue.certificate_der).unwrap();
    let eid = testpki::eid_with_check_digits("890440000000000000000000000012").unwrap();
    let chip = testpki::issue_euicc(&rogue, "Rogue EUM", &eid, 1).unwrap();
    let chip_cert = RspCertificate::from_der(&chip.certificate_der).unwrap();
    // Each rogue chip signs Alice's binding, as a real chip of that EUM would.
    let dp_auth = testpki::issue_dp_auth(&ci, "rogue.example", &[]).unwrap();
    let answer_of = |chip: &testpki::Issued| {
        let mut emulated = openrsp_sdk::euicc::EmulatedEuicc::new(
            chip,
            &rogue.certificate_der,
            &[&ci.certificate_der],
        )
        .unwrap();
        openrsp_sdk::euicc::bind_chip(
            &mut emulated,
            &dp_auth,
            "rogue.example",
            &alice.pubkey().to_bytes(),
            &bound.1,
        )
        .unwrap()
    };
    let rogue_claim = |cert: &RspCertificate, chip: &testpki::Issued, leaves: &EumTreeLeaves| {
        prepare_with(
            cert,
            &rogue_cert,
            leaves,
            plans(1, &alice, at, bound),
            &answer_of(chip),
        )
    };

    // The SDK refuses: the EUM is not in the registry's tree.
    let err = rogue_claim(&chip_cert, &chip, &leaves)
        .err()
        .expect("refused before proving");
    assert!(
        err.to_string().contains("not in the registry's EUM tree"),
        "{err}"
    );

    // A claim against a tree that holds the rogue EUM, which the SDK would prove.
    let mut forged = leaves.clone();
    let rogue_leaf = openrsp_sdk::cert_registry::EumTreeLeaf {
        index: 1,
        commitment: rogue_cert.commitment().unwrap(),
        anchor_key_id: e.anchor_key_id,
        not_after: rogue_cert.not_after,
    };
    let leaf = cert_registry::statement::eum_leaf(
        &rogue_cert.subject_key_hash().unwrap(),
        &rogue_leaf.anchor_key_id,
        rogue_leaf.not_after,
    )
    .unwrap();
    forged
        .tree
        .set(1, openrsp_sdk::zk::fr_from_be(&leaf).unwrap())
        .unwrap();
    forged.leaves.push(rogue_leaf);
    // Its statement, whatever proof comes with it, names a root the registry never had.
    let (file, _) =
        rogue_claim(&chip_cert, &chip, &forged)
            .unwrap()
            .with_proof(openrsp_sdk::zk::ProofBytes {
                a: [1; 64],
                b: [2; 128],
                c: [3; 64],
            });
    assert_eid_error(
        register(&mut e, &alice, &args_of(&file)).await,
        EidError::UnknownRoot,
    );

    // An eUICC of the rogue EUM whose EID lies outside the EUM's IIN, and one whose check digits
    // are wrong: nothing to prove.
    let outside = testpki::eid_with_check_digits("890490320000000000000000000012").unwrap();
    let chip = testpki::issue_euicc(&rogue, "Rogue EUM", &outside, 2).unwrap();
    let err = rogue_claim(
        &RspCertificate::from_der(&chip.certificate_der).unwrap(),
        &chip,
        &forged,
    )
    .err()
    .expect("refused before proving");
    assert!(err.to_string().contains("outside the EUM's IIN"), "{err}");
    let mut bad_check = eid.clone().into_bytes();
    bad_check[31] = if bad_check[31] == b'9' {
        b'0'
    } else {
        bad_check[31] + 1
    };
    let bad_check = String::from_utf8(bad_check).unwrap();
    let chip = testpki::issue_euicc_unchecked(&rogue, "Rogue EUM", &bad_check, 3).unwrap();
    let err = rogue_claim(
        &RspCertificate::from_der(&chip.certificate_der).unwrap(),
        &chip,
        &forged,
    )
    .err()
    .expect("refused before proving");
    assert!(err.to_string().contains("wrong check digits"), "{err}");
    // Nothing was registered.
    assert!(commitment_account(&mut e, &args_of(&file).nullifier)
        .await
        .is_none());
}

/// `InvalidProof` and the other shared codes come from cert-registry's checks, which
/// eid-commitment reuses.
#[track_caller]
fn assert_eid_error_or_registry(result: TxResult, expected: FrameworkError) {
    assert_error(result, expected)
}

/// The attack classes of style.md on every eid-commitment instruction, with the test-statement
/// circuit's key standing in (no valid chain proof is needed to be refused).
#[tokio::test]
async fn eid_commitment_instructions_refuse_every_attack_class() {
    let mut e = EidFixture::new(false).await;
    let leaves = e.leaves().await;
    let owner = e.f.funded_key().await;
    let tree = pda::eum_tree(&PROGRAM_ID).0;
    let junk_proof = openrsp_sdk::zk::ProofBytes {
        a: [1; 64],
        b: [2; 128],
        c: [3; 64],
    };
    let now = e.clock().await;
    bind(&mut e).await;
    let (recent_slot, _) = bind(&mut e).await;
    let mut args = RegisterCommitmentArgs {
        root: leaves.root(),
        anchor_key_id: e.anchor_key_id,
        valid_at: now,
        bound_slot: recent_slot,
        commitment: [0x11; 32],
        nullifier: [0x12; 32],
        purpose: purpose_field(PURPOSE_PLANS),
        proof: junk_proof,
    };
    args.commitment[0] = 0;
    args.nullifier[0] = 0;

    // Re-initialisation of the config.
    let payer = e.f.ctx.payer.pubkey();
    let vk = ixs::EidVerifyingKeyArgs {
        circuit_id: 1,
        circuit_version: 1,
        key: openrsp_sdk::zk::encode_verifying_key(test_circuit_keys().verifying_key()).unwrap(),
    };
    let ix = ixs::initialize_config(
        &EID_PROGRAM_ID,
        &payer,
        &payer,
        &owner.pubkey(),
        &PROGRAM_ID,
        &vk,
    );
    assert_error(
        send(&mut e.f.ctx, &[ix], &[]).await,
        FrameworkError::AlreadyInitialized,
    );

    // Governance by a stranger.
    let ix = ixs::set_paused(&EID_PROGRAM_ID, &owner.pubkey(), true);
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        EidError::Unauthorized,
    );
    let ix = ixs::set_verifying_key(&EID_PROGRAM_ID, &owner.pubkey(), &vk);
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        EidError::Unauthorized,
    );
    let ix = ixs::set_purposes(&EID_PROGRAM_ID, &owner.pubkey(), u64::MAX);
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        EidError::Unauthorized,
    );
    let mut ix = ixs::set_purposes(&EID_PROGRAM_ID, &e.f.authority.pubkey(), u64::MAX);
    ix.data.pop();
    assert_error(
        e.f.send_as_authority(ix).await,
        FrameworkError::InvalidInstructionData,
    );
    // The authority cannot install a degenerate key either (gamma = delta: anyone forges proofs).
    let mut degenerate = vk.clone();
    degenerate.key.delta_g2 = degenerate.key.gamma_g2;
    let ix = ixs::set_verifying_key(&EID_PROGRAM_ID, &e.f.authority.pubkey(), &degenerate);
    assert_error(
        e.f.send_as_authority(ix).await,
        FrameworkError::UnsafeVerifyingKey,
    );
    // The authority without its signature.
    let mut ix = ixs::set_paused(&EID_PROGRAM_ID, &e.f.authority.pubkey(), true);
    ix.accounts[0].is_signer = false;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[]).await,
        FrameworkError::MissingSignature,
    );

    // Paused: no registration; resumed: refused only for the junk proof.
    let ix = ixs::set_paused(&EID_PROGRAM_ID, &e.f.authority.pubkey(), true);
    e.f.send_as_authority(ix).await.expect("pause");
    assert_eid_error(register(&mut e, &owner, &args).await, EidError::Paused);
    let ix = ixs::set_paused(&EID_PROGRAM_ID, &e.f.authority.pubkey(), false);
    e.f.send_as_authority(ix).await.expect("resume");
    assert_error(
        register(&mut e, &owner, &args).await,
        FrameworkError::InvalidProof,
    );

    // A value that is not a field element; a purpose that is not one of the set.
    let mut bad = args.clone();
    bad.commitment = [0xff; 32];
    assert_error(
        register(&mut e, &owner, &bad).await,
        FrameworkError::InvalidFieldElement,
    );
    for purpose in [
        [0xff; 32],
        purpose_field(0),
        purpose_field(64),
        purpose_field(63),
    ] {
        let mut bad = args.clone();
        bad.purpose = purpose;
        assert_eid_error(
            register(&mut e, &owner, &bad).await,
            EidError::PurposeNotAllowed,
        );
    }
    // A root the registry never had.
    let mut bad = args.clone();
    bad.root[31] ^= 1;
    assert_eid_error(register(&mut e, &owner, &bad).await, EidError::UnknownRoot);

    // A forged EUM tree: a copy of the real one owned by this program (or another), at another
    // address.
    let real_tree = account(&mut e.f.ctx, &tree).await.unwrap();
    let fake = Keypair::new().pubkey();
    let mut forged = real_tree.clone();
    forged.owner = EID_PROGRAM_ID;
    put_account(&mut e.f.ctx, &fake, forged);
    let mut ix = ixs::register_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &PROGRAM_ID, &args);
    ix.accounts[2].pubkey = fake;
    assert_eid_error(
        send(&mut e.f.ctx, &[ix.clone()], &[&owner]).await,
        EidError::WrongRegistry,
    );
    // The registry's other accounts in the tree's place (type cosplay).
    ix.accounts[2].pubkey = pda::registry(&PROGRAM_ID).0;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::InvalidAccountData,
    );

    // The trust anchor: another CI's (the SGP.26 one, active), a registry account of another
    // type, a copy owned by this program; a time ahead of the clock, or more than an hour behind.
    let base = ixs::register_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &PROGRAM_ID, &args);
    let sgp26_anchor = ci_nist().anchor_key_id().unwrap();
    let mut ix = base.clone();
    ix.accounts[3].pubkey = pda::trust_anchor(&PROGRAM_ID, &sgp26_anchor).0;
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        EidError::WrongTrustAnchor,
    );
    let mut other_anchor = args.clone();
    other_anchor.anchor_key_id = sgp26_anchor;
    let ix = ixs::register_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &PROGRAM_ID, &other_anchor);
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::InvalidProof,
    );
    let mut ix = base.clone();
    ix.accounts[3].pubkey = pda::registry(&PROGRAM_ID).0;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::InvalidAccountData,
    );
    let anchor_address = pda::trust_anchor(&PROGRAM_ID, &e.anchor_key_id).0;
    let mut copy = account(&mut e.f.ctx, &anchor_address).await.unwrap();
    copy.owner = EID_PROGRAM_ID;
    let fake_anchor = Keypair::new().pubkey();
    put_account(&mut e.f.ctx, &fake_anchor, copy);
    let mut ix = base.clone();
    ix.accounts[3].pubkey = fake_anchor;
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        EidError::WrongTrustAnchor,
    );
    for (valid_at, expected) in [
        (now + 1, EidError::ProofTimeInFuture),
        (u64::MAX, EidError::ProofTimeInFuture),
        (now - 3_601, EidError::ProofTooOld),
        (0, EidError::ProofTooOld),
    ] {
        let mut timed = args.clone();
        timed.valid_at = valid_at;
        assert_eid_error(register(&mut e, &owner, &timed).await, expected);
    }
    // An hour behind is still accepted (refused here only for the junk proof).
    let mut timed = args.clone();
    timed.valid_at = now - 3_600;
    assert_error(
        register(&mut e, &owner, &timed).await,
        FrameworkError::InvalidProof,
    );

    // Signer, writability, PDAs, system program, config cosplay.
    let mut ix = base.clone();
    ix.accounts[0].is_signer = false;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[]).await,
        FrameworkError::MissingSignature,
    );
    let mut ix = base.clone();
    ix.accounts[7].pubkey = Keypair::new().pubkey();
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::InvalidSystemProgram,
    );
    // The SlotHashes sysvar's place: another sysvar, a copy of it elsewhere.
    let slot_hashes = account(&mut e.f.ctx, &ixs::SLOT_HASHES).await.unwrap();
    let fake_hashes = Keypair::new().pubkey();
    put_account(&mut e.f.ctx, &fake_hashes, slot_hashes);
    for fake in [solana_sdk_ids::sysvar::clock::ID, fake_hashes] {
        let mut ix = base.clone();
        ix.accounts[6].pubkey = fake;
        assert_eid_error(
            send(&mut e.f.ctx, &[ix], &[&owner]).await,
            EidError::NotSlotHashes,
        );
    }
    let mut ix = base.clone();
    ix.accounts[1].pubkey = tree;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::InvalidAccountOwner,
    );
    let mut ix = base.clone();
    ix.accounts.truncate(7);
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::NotEnoughAccounts,
    );
    let mut ix = base.clone();
    ix.data.pop();
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::InvalidInstructionData,
    );
    let mut ix = base.clone();
    ix.data.push(0);
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::InvalidInstructionData,
    );
    let mut ix = base.clone();
    ix.data[0] ^= 1;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::UnknownInstruction,
    );

    // A commitment account to rotate and revoke: forged in place (the program's layout at its
    // PDA), since a valid chain proof needs the real circuit (the real path is tested above).
    let nullifier = args.nullifier;
    let address = eid_pda::eid_commitment(&EID_PROGRAM_ID, &nullifier).0;
    let mut data = vec![0u8; EidCommitment::LEN];
    {
        let record = EidCommitment::initialize(&mut data).unwrap();
        record.owner = owner.pubkey().to_bytes();
        record.commitment = args.commitment;
        record.nullifier = nullifier;
        record.purpose = args.purpose;
        record.root = args.root;
        record.anchor_key_id = args.anchor_key_id;
        record.bound_slot = (recent_slot - 1).to_le_bytes();
    }
    let rent = 10_000_000;
    put_account(
        &mut e.f.ctx,
        &address,
        solana_account::Account {
            lamports: rent,
            data: data.clone(),
            owner: EID_PROGRAM_ID,
            executable: false,
            rent_epoch: 0,
        },
    );
    let mark_of = |nullifier: [u8; 32], bound_slot: u64| {
        let mut data = vec![0u8; Nullifier::LEN];
        let mark = Nullifier::initialize(&mut data).unwrap();
        mark.nullifier = nullifier;
        mark.purpose = args.purpose;
        mark.bound_slot = bound_slot.to_le_bytes();
        solana_account::Account {
            lamports: rent,
            data,
            owner: EID_PROGRAM_ID,
            executable: false,
            rent_epoch: 0,
        }
    };
    let mark_address = eid_pda::nullifier(&EID_PROGRAM_ID, &nullifier).0;
    put_account(
        &mut e.f.ctx,
        &mark_address,
        mark_of(nullifier, recent_slot - 1),
    );
    let stranger = e.f.funded_key().await;
    let renewal = |commitment: [u8; 32]| ixs::RenewalArgs {
        root: args.root,
        anchor_key_id: args.anchor_key_id,
        valid_at: args.valid_at,
        bound_slot: recent_slot,
        nullifier,
        commitment,
        proof: junk_proof,
    };
    let rotate_ix = |who: &Keypair, commitment: [u8; 32]| {
        ixs::rotate_commitment(
            &EID_PROGRAM_ID,
            &who.pubkey(),
            &PROGRAM_ID,
            &renewal(commitment),
        )
    };
    let mut new_commitment = args.commitment;
    new_commitment[31] ^= 1;
    assert_eid_error(
        send(
            &mut e.f.ctx,
            &[rotate_ix(&stranger, new_commitment)],
            &[&stranger],
        )
        .await,
        EidError::NotOwner,
    );
    assert_eid_error(
        send(
            &mut e.f.ctx,
            &[rotate_ix(&owner, args.commitment)],
            &[&owner],
        )
        .await,
        EidError::SameCommitment,
    );
    // Rotation checks the proof's anchor, time and binding as registration does.
    let stale = ixs::RenewalArgs {
        valid_at: now - 3_601,
        ..renewal(new_commitment)
    };
    let ix = ixs::rotate_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &PROGRAM_ID, &stale);
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        EidError::ProofTooOld,
    );
    for (bound_slot, expected) in [
        (recent_slot - 1, EidError::StaleBinding),
        (0, EidError::StaleBinding),
        (recent_slot + 1_000, EidError::BindingNotRecent),
    ] {
        let old = ixs::RenewalArgs {
            bound_slot,
            ..renewal(new_commitment)
        };
        let ix = ixs::rotate_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &PROGRAM_ID, &old);
        assert_eid_error(send(&mut e.f.ctx, &[ix], &[&owner]).await, expected);
    }
    // Takeover: not by the owner; the mark must be the record's; a valid proof is still needed.
    let take_ix = |who: &Keypair| {
        ixs::take_over_commitment(
            &EID_PROGRAM_ID,
            &who.pubkey(),
            &PROGRAM_ID,
            &renewal(new_commitment),
        )
    };
    assert_eid_error(
        send(&mut e.f.ctx, &[take_ix(&owner)], &[&owner]).await,
        EidError::AlreadyOwner,
    );
    let mut other_nullifier = nullifier;
    other_nullifier[31] ^= 0x20;
    let other_mark = eid_pda::nullifier(&EID_PROGRAM_ID, &other_nullifier).0;
    put_account(&mut e.f.ctx, &other_mark, mark_of(other_nullifier, 0));
    let mut ix = take_ix(&stranger);
    ix.accounts[5].pubkey = other_mark;
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&stranger]).await,
        EidError::WrongNullifier,
    );
    let mut ix = take_ix(&stranger);
    ix.accounts[0].is_signer = false;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[]).await,
        FrameworkError::MissingSignature,
    );
    assert_error(
        send(&mut e.f.ctx, &[take_ix(&stranger)], &[&stranger]).await,
        FrameworkError::InvalidProof,
    );
    // Re-registration of a revoked record needs a newer binding than its mark's, and the mark
    // of its own nullifier.
    let mut again = args.clone();
    again.nullifier = other_nullifier;
    again.bound_slot = 0;
    assert_eid_error(
        register(&mut e, &owner, &again).await,
        EidError::StaleBinding,
    );
    let mut ix = ixs::register_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &PROGRAM_ID, &again);
    ix.accounts[5].pubkey = mark_address;
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        EidError::WrongNullifier,
    );
    let mut ix = rotate_ix(&owner, new_commitment);
    ix.accounts[3].pubkey = pda::trust_anchor(&PROGRAM_ID, &sgp26_anchor).0;
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        EidError::WrongTrustAnchor,
    );
    assert_error(
        send(
            &mut e.f.ctx,
            &[rotate_ix(&owner, new_commitment)],
            &[&owner],
        )
        .await,
        FrameworkError::InvalidProof,
    );
    // A commitment account owned by another program is not one.
    let foreign = Keypair::new().pubkey();
    put_account(
        &mut e.f.ctx,
        &foreign,
        solana_account::Account {
            lamports: rent,
            data,
            owner: PROGRAM_ID,
            executable: false,
            rent_epoch: 0,
        },
    );
    let ix = ixs::revoke_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &foreign);
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::InvalidAccountOwner,
    );
    // Revocation: not by a stranger, not without a signature, not into itself.
    let ix = ixs::revoke_commitment(&EID_PROGRAM_ID, &stranger.pubkey(), &address);
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&stranger]).await,
        EidError::NotOwner,
    );
    let mut ix = ixs::revoke_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &address);
    ix.accounts[0].is_signer = false;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[]).await,
        FrameworkError::MissingSignature,
    );
    let mut ix = ixs::revoke_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &address);
    ix.data.push(0);
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::InvalidInstructionData,
    );
    let before = account(&mut e.f.ctx, &owner.pubkey())
        .await
        .unwrap()
        .lamports;
    let ix = ixs::revoke_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &address);
    send(&mut e.f.ctx, &[ix], &[&owner]).await.expect("revoke");
    assert_eq!(
        account(&mut e.f.ctx, &owner.pubkey())
            .await
            .unwrap()
            .lamports,
        before + rent
    );
    assert!(account(&mut e.f.ctx, &address).await.is_none());
    // Closed: it cannot be revoked or rotated again.
    let ix = ixs::revoke_commitment(&EID_PROGRAM_ID, &owner.pubkey(), &address);
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&owner]).await,
        FrameworkError::InvalidAccountOwner,
    );

    // A pre-funded nullifier or commitment PDA does not block a registration from reaching the
    // proof check (and a used nullifier is refused before it).
    let mut other = args.clone();
    other.nullifier[31] ^= 0x40;
    fund(
        &mut e.f.ctx,
        &eid_pda::nullifier(&EID_PROGRAM_ID, &other.nullifier).0,
        1_000_000,
    )
    .await;
    fund(
        &mut e.f.ctx,
        &eid_pda::eid_commitment(&EID_PROGRAM_ID, &other.nullifier).0,
        1_000_000,
    )
    .await;
    assert_error(
        register(&mut e, &owner, &other).await,
        FrameworkError::InvalidProof,
    );
}

/// The EUM tree's own instructions: initialisation once and by the authority only, EUM
/// registration without the tree refused, revocation through the right instruction with the right
/// path.
#[tokio::test]
async fn the_eum_tree_is_kept_by_registration_and_revocation_only() {
    let mut e = EidFixture::new(false).await;
    let payer = e.f.ctx.payer.pubkey();
    let stranger = e.f.funded_key().await;
    // Re-initialisation, and initialisation by a stranger.
    let ix = reg_ixs::initialize_eum_tree(&PROGRAM_ID, &e.f.authority.pubkey(), &payer);
    assert_error(
        e.f.send_as_authority(ix).await,
        FrameworkError::AlreadyInitialized,
    );
    let ix = reg_ixs::initialize_eum_tree(&PROGRAM_ID, &stranger.pubkey(), &payer);
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&stranger]).await,
        RegistryError::Unauthorized,
    );

    let tree_address = pda::eum_tree(&PROGRAM_ID).0;
    let tree = |data: &[u8]| *cert_registry::state::EumTree::from_bytes(data).unwrap();
    let before = tree(&account(&mut e.f.ctx, &tree_address).await.unwrap().data);
    assert_eq!(before.next_index(), 1);

    // A second EUM, under a fresh CI (the test-statement circuit is not bound to a CI; its key is
    // filed under the second CI, beside the first CI's key of the same circuit id): without
    // the tree account, with the program id in its place (Anchor's "none"), with another account
    // in its place; then with the tree, as leaf 1.
    let ci = testpki::issue_ci("Second test CI").unwrap();
    let ci_cert = RspCertificate::from_der(&ci.certificate_der).unwrap();
    e.f.add_anchor(&ci_cert, "Second test CI")
        .await
        .expect("anchor");
    let mut vk = e.f.vk_args(TEST_STATEMENT_CIRCUIT_ID, EUM_ROLE_MASK);
    vk.anchor_key_id = ci_cert.anchor_key_id().unwrap();
    e.f.add_vk(&vk).await.expect("vk");
    let issued = testpki::issue_eum(&ci, "Second EUM", "89044001").unwrap();
    let second = RspCertificate::from_der(&issued.certificate_der).unwrap();
    let second_key = openrsp_sdk::cert_registry::KeyFileSigner::from_pem(
        &issued.key_pem().unwrap(),
        std::path::Path::new("second-eum.pem"),
    )
    .unwrap();
    let registrant = e.f.funded_key().await;
    let args =
        e.f.register_args_for(&second, &registrant.pubkey(), TEST_STATEMENT_CIRCUIT_ID);
    let base = reg_ixs::register_certificate(&PROGRAM_ID, &registrant.pubkey(), &args);
    assert_eq!(base.accounts[7].pubkey, tree_address);
    let marker_address = pda::eum_key(&PROGRAM_ID, &args.subject_key.x).0;
    assert_eq!(base.accounts[8].pubkey, marker_address);
    for keep in [7, 8] {
        let mut ix = base.clone();
        ix.accounts.truncate(keep);
        assert_error(
            send(&mut e.f.ctx, &[ix], &[&registrant]).await,
            RegistryError::EumTreeRequired,
        );
    }
    // The key's marker at another address (here another key's), with a valid proof and signature.
    let signature =
        e.f.possession_signature(&registrant.pubkey(), &args, &second_key)
            .await;
    let version = e.f.circuit_version(&args).await;
    let [precompile, register] = reg_ixs::register_certificate_signed(
        &PROGRAM_ID,
        &registrant.pubkey(),
        &args,
        version,
        &signature,
    );
    let mut misplaced = register.clone();
    misplaced.accounts[8].pubkey = pda::eum_key(&PROGRAM_ID, &[7; 32]).0;
    assert_error(
        send(
            &mut e.f.ctx,
            &[precompile.clone(), misplaced],
            &[&registrant],
        )
        .await,
        FrameworkError::InvalidPda,
    );
    // The EUM's own key's marker, which exists: one live leaf per key.
    let mut taken = register.clone();
    taken.accounts[8].pubkey = e.eum_marker();
    assert_error(
        send(&mut e.f.ctx, &[precompile, taken], &[&registrant]).await,
        RegistryError::EumKeyInTree,
    );
    let mut ix = base.clone();
    ix.accounts[7].pubkey = PROGRAM_ID;
    ix.accounts[7].is_writable = false;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&registrant]).await,
        RegistryError::EumTreeRequired,
    );
    let mut ix = base.clone();
    ix.accounts[7].pubkey = pda::registry(&PROGRAM_ID).0;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&registrant]).await,
        FrameworkError::InvalidAccountData,
    );
    let mut ix = base.clone();
    ix.accounts[7].is_writable = false;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&registrant]).await,
        FrameworkError::AccountNotWritable,
    );
    let signature =
        e.f.possession_signature(&registrant.pubkey(), &args, &second_key)
            .await;
    e.f.register_signed(&registrant, &args, &signature)
        .await
        .expect("second EUM");
    let with_two = tree(&account(&mut e.f.ctx, &tree_address).await.unwrap().data);
    assert_eq!(with_two.next_index(), 2);
    assert!(
        with_two.is_known_root(&before.root()),
        "the earlier root stays accepted"
    );
    let record = account(
        &mut e.f.ctx,
        &pda::certificate(&PROGRAM_ID, &args.commitment).0,
    )
    .await
    .unwrap();
    let second_record = *cert_registry::state::CertificateRecord::from_bytes(&record.data).unwrap();
    assert!(second_record.is_eum_leaf());
    assert_eq!(u32::from_le_bytes(second_record.eum_leaf_index), 1);
    let marker = account(&mut e.f.ctx, &marker_address)
        .await
        .expect("marker");
    assert_eq!(
        cert_registry::state::EumKey::from_bytes(&marker.data)
            .unwrap()
            .record,
        pda::certificate(&PROGRAM_ID, &args.commitment).0.to_bytes()
    );
    // Each leaf is Poseidon(key hash, anchor key id, notAfter) of its certificate.
    let leaf_of = |cert: &RspCertificate, anchor: &[u8; 20]| {
        let leaf = cert_registry::statement::eum_leaf(
            &cert.subject_key_hash().unwrap(),
            anchor,
            cert.not_after,
        )
        .unwrap();
        openrsp_sdk::zk::fr_from_be(&leaf).unwrap()
    };
    let mut two = openrsp_circuits::merkle::MerkleTree::new().unwrap();
    two.set(0, leaf_of(&e.eum, &e.anchor_key_id)).unwrap();
    two.set(1, leaf_of(&second, &ci_cert.anchor_key_id().unwrap()))
        .unwrap();
    assert_eq!(openrsp_sdk::zk::fr_be(&two.root()), with_two.root());

    // The same key certified again (another IIN, so another certificate): refused while its
    // first certificate holds a leaf, whoever signs.
    let again =
        testpki::issue_eum_with_key(&ci, "Second EUM", "89044002", issued.signing_key.clone())
            .unwrap();
    let again = RspCertificate::from_der(&again.certificate_der).unwrap();
    let again_args =
        e.f.register_args_for(&again, &registrant.pubkey(), TEST_STATEMENT_CIRCUIT_ID);
    assert_eq!(again_args.subject_key.x, args.subject_key.x);
    assert_ne!(again_args.commitment, args.commitment);
    let signature =
        e.f.possession_signature(&registrant.pubkey(), &again_args, &second_key)
            .await;
    assert_error(
        e.f.register_signed(&registrant, &again_args, &signature)
            .await,
        RegistryError::EumKeyInTree,
    );

    // Revoking the EUM: the plain revoke refuses a leaf; a wrong path is refused; a stranger is
    // refused; the right path by the registrant zeroes the leaf.
    let commitment = e.eum.commitment().unwrap();
    let eum_leaf_record = reg_ixs::EumLeafRecord::of(&e.eum_record().await);
    let ix = reg_ixs::revoke_certificate(&PROGRAM_ID, &e.f.authority.pubkey(), &commitment, 1);
    assert_error(
        e.f.send_as_authority(ix).await,
        RegistryError::UseRevokeEumCertificate,
    );
    let siblings: [[u8; 32]; 14] =
        core::array::from_fn(|h| openrsp_sdk::zk::fr_be(&two.path(0)[h]));
    let mut wrong = siblings;
    wrong[5][31] ^= 1;
    let ix = reg_ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &e.f.authority.pubkey(),
        &eum_leaf_record,
        1,
        &wrong,
    );
    assert_error(
        e.f.send_as_authority(ix).await,
        RegistryError::InvalidMerklePath,
    );
    let ix = reg_ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &stranger.pubkey(),
        &eum_leaf_record,
        1,
        &siblings,
    );
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&stranger]).await,
        RegistryError::NotRevoker,
    );
    let ix = reg_ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &e.f.authority.pubkey(),
        &eum_leaf_record,
        7,
        &siblings,
    );
    assert_error(
        e.f.send_as_authority(ix).await,
        RegistryError::InvalidRevocationReason,
    );
    let mut ix = reg_ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &e.f.authority.pubkey(),
        &eum_leaf_record,
        1,
        &siblings,
    );
    ix.data.pop();
    assert_error(
        e.f.send_as_authority(ix).await,
        FrameworkError::InvalidInstructionData,
    );
    // The marker's rent goes to the registrant only, and the marker must be the record's.
    let mut ix = reg_ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &e.f.authority.pubkey(),
        &eum_leaf_record,
        1,
        &siblings,
    );
    ix.accounts[5].pubkey = stranger.pubkey();
    assert_error(
        e.f.send_as_authority(ix).await,
        RegistryError::NotTheRegistrant,
    );
    let mut ix = reg_ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &e.f.authority.pubkey(),
        &eum_leaf_record,
        1,
        &siblings,
    );
    ix.accounts[4].pubkey = marker_address;
    assert_error(e.f.send_as_authority(ix).await, FrameworkError::InvalidPda);
    let eum_registrant = e.eum_registrant.insecure_clone();
    let eum_marker = e.eum_marker();
    let marker_rent = account(&mut e.f.ctx, &eum_marker)
        .await
        .expect("the EUM's marker")
        .lamports;
    let balance = account(&mut e.f.ctx, &eum_registrant.pubkey())
        .await
        .unwrap()
        .lamports;
    let ix = reg_ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &eum_registrant.pubkey(),
        &eum_leaf_record,
        4,
        &siblings,
    );
    let cu = send(&mut e.f.ctx, &[ix], &[&eum_registrant])
        .await
        .expect("revoke EUM")
        .compute_units;
    eprintln!("revoke_eum_certificate: {cu} CU");
    assert!(account(&mut e.f.ctx, &eum_marker).await.is_none());
    assert_eq!(
        account(&mut e.f.ctx, &eum_registrant.pubkey())
            .await
            .unwrap()
            .lamports,
        balance + marker_rent,
        "the marker's rent is back with the registrant (the context payer pays the fee)"
    );
    let after = tree(&account(&mut e.f.ctx, &tree_address).await.unwrap().data);
    two.set(0, ark_bn254::Fr::from(0u64)).unwrap();
    assert_eq!(
        after.root(),
        openrsp_sdk::zk::fr_be(&two.root()),
        "leaf 0 is zero again"
    );
    assert!(!after.is_known_root(&with_two.root()));
    assert!(!after.is_known_root(&before.root()));
    assert_eq!(u32::from_le_bytes(after.removed), 1);
    // Twice: already revoked.
    let ix = reg_ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &eum_registrant.pubkey(),
        &eum_leaf_record,
        4,
        &siblings,
    );
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&eum_registrant]).await,
        RegistryError::AlreadyRevoked,
    );
    // A non-EUM record through revoke_eum_certificate.
    let dp = dp_auth_nist();
    let dp_registrant = e.f.funded_key().await;
    let dp_args = e.f.register_args(&dp, &dp_registrant.pubkey());
    e.f.register(&dp_registrant, &dp_args)
        .await
        .expect("DPauth registers");
    let ix = reg_ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &dp_registrant.pubkey(),
        &reg_ixs::EumLeafRecord {
            commitment: dp_args.commitment,
            ..eum_leaf_record
        },
        4,
        &siblings,
    );
    assert_error(
        send(&mut e.f.ctx, &[ix], &[&dp_registrant]).await,
        RegistryError::NotAnEumLeaf,
    );

    // Once the second EUM's certificate is revoked, its key registers again under the new one.
    let siblings: [[u8; 32]; 14] =
        core::array::from_fn(|h| openrsp_sdk::zk::fr_be(&two.path(1)[h]));
    let ix = reg_ixs::revoke_eum_certificate(
        &PROGRAM_ID,
        &registrant.pubkey(),
        &reg_ixs::EumLeafRecord::of(&second_record),
        4,
        &siblings,
    );
    send(&mut e.f.ctx, &[ix], &[&registrant])
        .await
        .expect("revoke the second EUM");
    e.f.register_signed(&registrant, &again_args, &signature)
        .await
        .expect("the key's new certificate");
}

/// The config's authority changes hands in two steps, and only that way.
#[tokio::test]
async fn the_eid_authority_changes_hands_in_two_steps() {
    let mut e = EidFixture::new(false).await;
    let old = e.f.authority.insecure_clone();
    let new = e.f.funded_key().await;
    let stranger = e.f.funded_key().await;
    let accept = |who: &Keypair| ixs::accept_authority(&EID_PROGRAM_ID, &who.pubkey());
    // Nothing pending yet.
    assert_error(
        send(&mut e.f.ctx, &[accept(&new)], &[&new]).await,
        FrameworkError::NoPendingAuthority,
    );
    // Only the authority proposes.
    let ix = ixs::propose_authority(&EID_PROGRAM_ID, &stranger.pubkey(), &stranger.pubkey());
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&stranger]).await,
        EidError::Unauthorized,
    );
    let ix = ixs::propose_authority(&EID_PROGRAM_ID, &old.pubkey(), &new.pubkey());
    send(&mut e.f.ctx, &[ix], &[&old]).await.expect("propose");
    // Only the proposed key accepts, and it must sign.
    assert_error(
        send(&mut e.f.ctx, &[accept(&stranger)], &[&stranger]).await,
        FrameworkError::NotPendingAuthority,
    );
    let mut ix = accept(&new);
    ix.accounts[0].is_signer = false;
    assert_error(
        send(&mut e.f.ctx, &[ix], &[]).await,
        FrameworkError::MissingSignature,
    );
    send(&mut e.f.ctx, &[accept(&new)], &[&new])
        .await
        .expect("accept");
    // The new authority governs; the old one no longer does.
    let ix = ixs::set_paused(&EID_PROGRAM_ID, &old.pubkey(), true);
    assert_eid_error(
        send(&mut e.f.ctx, &[ix], &[&old]).await,
        EidError::Unauthorized,
    );
    let ix = ixs::set_paused(&EID_PROGRAM_ID, &new.pubkey(), true);
    send(&mut e.f.ctx, &[ix], &[&new])
        .await
        .expect("pause by the new authority");
    let raw = account(&mut e.f.ctx, &eid_pda::config(&EID_PROGRAM_ID).0)
        .await
        .unwrap();
    let config = *eid_commitment::state::EidConfig::from_bytes(&raw.data).unwrap();
    assert_eq!(config.authority, new.pubkey().to_bytes());
    assert_eq!(config.pending_authority, [0; 32]);
    assert_eq!(config.paused, 1);
    // Accepting twice: nothing pending.
    assert_error(
        send(&mut e.f.ctx, &[accept(&new)], &[&new]).await,
        FrameworkError::NoPendingAuthority,
    );
}

/// Whoever initialises eid-commitment cannot install a key with which anyone forges EID proofs.
#[tokio::test]
async fn a_degenerate_key_is_refused_at_initialisation() {
    let mut f = Fixture::new().await;
    let payer = f.ctx.payer.pubkey();
    let mut vk = ixs::EidVerifyingKeyArgs {
        circuit_id: openrsp_circuits::euicc_chain::CIRCUIT_ID,
        circuit_version: 1,
        key: openrsp_sdk::zk::encode_verifying_key(test_circuit_keys().verifying_key()).unwrap(),
    };
    vk.key.delta_g2 = vk.key.gamma_g2;
    let ix = ixs::initialize_config(
        &EID_PROGRAM_ID,
        &payer,
        &payer,
        &f.authority.pubkey(),
        &PROGRAM_ID,
        &vk,
    );
    assert_error(
        send(&mut f.ctx, &[ix], &[]).await,
        FrameworkError::UnsafeVerifyingKey,
    );
    let config = openrsp_sdk::eid_commitment::pda::config(&EID_PROGRAM_ID).0;
    assert!(
        account(&mut f.ctx, &config).await.is_none(),
        "no config created"
    );
}
