//! cert-registry on its real `.so` in solana-program-test (BPF mode): the happy path, then every
//! refusal with its exact error, including the attack classes of docs/style.md.

use cert_registry::{
    circuits,
    errors::{FrameworkError, RegistryError},
    instructions::discriminator as disc,
    state::{AccountLayout, CertificateRecord, Registry, TrustAnchor, VerifyingKey},
    statement::Role,
};
use openrsp_circuits::test_statement::TEST_STATEMENT_CIRCUIT_ID;
use openrsp_sdk::cert_registry::instructions as ixs;
use openrsp_sdk::programs::ProgramBuild;
use openrsp_tests::*;
use solana_account::Account;
use solana_address::Address;
use solana_instruction::{AccountMeta, Instruction};
use solana_keypair::Keypair;
use solana_signer::Signer;

async fn record(f: &mut Fixture, commitment: &[u8; 32]) -> CertificateRecord {
    let address = pda::certificate(&PROGRAM_ID, commitment).0;
    let acc = account(&mut f.ctx, &address).await.expect("record exists");
    assert_eq!(acc.owner, PROGRAM_ID);
    *CertificateRecord::from_bytes(&acc.data).unwrap()
}

#[tokio::test]
async fn registers_a_real_sgp26_dpauth_certificate_and_revokes_it() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let dp = dp_auth_nist();
    let args = f.register_args(&dp, &operator.pubkey());
    let balance_before = account(&mut f.ctx, &operator.pubkey())
        .await
        .unwrap()
        .lamports;

    let meta = f.register(&operator, &args).await.expect("register");
    assert!(
        meta.compute_units < 95_000,
        "register_certificate took {} CU",
        meta.compute_units
    );
    // The CertificateRegistered event, in Anchor's encoding: discriminator ++ Borsh fields.
    let event = meta
        .logs
        .iter()
        .find_map(|l| l.strip_prefix("Program data: "))
        .expect("an event is logged");
    let event = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, event).unwrap();
    let expected = cert_registry::events::CertificateRegistered {
        record: pda::certificate(&PROGRAM_ID, &args.commitment).0.to_bytes(),
        commitment: args.commitment,
        role: Role::DpAuth as u8,
        circuit_id: f.circuit_id,
        registrant: operator.pubkey().to_bytes(),
        not_before: dp.not_before,
        not_after: dp.not_after,
    };
    use openrsp_framework::events::Event;
    assert_eq!(event, expected.encode().as_bytes());
    assert_eq!(
        event[..8],
        cert_registry::events::CertificateRegistered::DISCRIMINATOR
    );
    assert_eq!(event.len(), 8 + 32 + 32 + 1 + 4 + 32 + 8 + 8);

    let r = record(&mut f, &args.commitment).await;
    assert_eq!(r.role, Role::DpAuth as u8);
    assert_eq!(r.commitment, dp.commitment().unwrap());
    assert_eq!(r.registrant, operator.pubkey().to_bytes());
    assert_eq!(u64::from_le_bytes(r.not_after), dp.not_after);
    assert_eq!(r.anchor_key_id, f.anchor_key_id);
    assert!(!r.is_revoked());
    let rent = account(
        &mut f.ctx,
        &pda::certificate(&PROGRAM_ID, &args.commitment).0,
    )
    .await
    .unwrap()
    .lamports;
    let balance_after = account(&mut f.ctx, &operator.pubkey())
        .await
        .unwrap()
        .lamports;
    assert_eq!(
        balance_before - balance_after,
        rent,
        "the registrant paid exactly the record's rent"
    );

    // The registrant revokes (key compromise); the record stays, marked revoked.
    let ix = ixs::revoke_certificate(&PROGRAM_ID, &operator.pubkey(), &args.commitment, 1);
    send(&mut f.ctx, &[ix], &[&operator]).await.expect("revoke");
    let r = record(&mut f, &args.commitment).await;
    assert!(r.is_revoked());
    assert_eq!(r.revocation_reason, 1);
    assert_eq!(r.revoked_by, operator.pubkey().to_bytes());

    let ix = ixs::revoke_certificate(&PROGRAM_ID, &operator.pubkey(), &args.commitment, 1);
    assert_error(
        send(&mut f.ctx, &[ix], &[&operator]).await,
        RegistryError::AlreadyRevoked,
    );
}

#[tokio::test]
async fn dppb_certificate_registers_and_the_authority_can_revoke_it() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let pb = sgp26("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der");
    let args = f.register_args(&pb, &operator.pubkey());
    f.register(&operator, &args).await.expect("register DPpb");
    assert_eq!(
        record(&mut f, &args.commitment).await.role,
        Role::DpPb as u8
    );

    let stranger = f.funded_key().await;
    let ix = ixs::revoke_certificate(&PROGRAM_ID, &stranger.pubkey(), &args.commitment, 0);
    assert_error(
        send(&mut f.ctx, &[ix], &[&stranger]).await,
        RegistryError::NotRevoker,
    );
    let ix = ixs::revoke_certificate(&PROGRAM_ID, &f.authority.pubkey(), &args.commitment, 7);
    let authority = f.authority.insecure_clone();
    assert_error(
        send(&mut f.ctx, &[ix], &[&authority]).await,
        RegistryError::InvalidRevocationReason,
    );
    let ix = ixs::revoke_certificate(&PROGRAM_ID, &f.authority.pubkey(), &args.commitment, 5);
    send(&mut f.ctx, &[ix], &[&authority])
        .await
        .expect("authority revokes");
    assert!(record(&mut f, &args.commitment).await.is_revoked());
}

#[tokio::test]
async fn forged_proofs_are_refused() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let dp = dp_auth_nist();
    let good = f.register_args(&dp, &operator.pubkey());

    // A flipped bit in C.
    let mut bad = good.clone();
    bad.proof.c[40] ^= 1;
    let r = f.register(&operator, &bad).await;
    assert!(r.is_err());
    // Not on the curve is also just an invalid proof.
    assert_error(r, FrameworkError::InvalidProof);

    // A proof of one statement presented with another (the window widened by a second).
    let mut widened = good.clone();
    widened.not_after += 1;
    assert_error(
        f.register(&operator, &widened).await,
        FrameworkError::InvalidProof,
    );

    // A role changed after proving (both served by the key).
    let mut other_role = good.clone();
    other_role.role = Role::DpPb as u8;
    assert_error(
        f.register(&operator, &other_role).await,
        FrameworkError::InvalidProof,
    );

    // A non-negated A (a client that forgot the negation).
    let mut unnegated = good.clone();
    let y = &mut unnegated.proof.a[32..];
    let p = ark_bn254_modulus_minus(y);
    y.copy_from_slice(&p);
    assert_error(
        f.register(&operator, &unnegated).await,
        FrameworkError::InvalidProof,
    );

    // A commitment at or above the field modulus.
    let mut out_of_field = good.clone();
    out_of_field.commitment = [0xff; 32];
    assert_error(
        f.register(&operator, &out_of_field).await,
        FrameworkError::InvalidFieldElement,
    );

    // Nothing was created by any of these.
    assert!(account(
        &mut f.ctx,
        &pda::certificate(&PROGRAM_ID, &good.commitment).0
    )
    .await
    .is_none());
    f.register(&operator, &good)
        .await
        .expect("the genuine proof still registers");
}

/// p - y for a 32-byte big-endian y (negates a G1 point's y coordinate).
fn ark_bn254_modulus_minus(y: &[u8]) -> [u8; 32] {
    use ark_bn254::Fq;
    use ark_ff::{BigInteger, PrimeField};
    let v = Fq::from_be_bytes_mod_order(y);
    let mut out = [0u8; 32];
    out.copy_from_slice(&(-v).into_bigint().to_bytes_be());
    out
}

#[tokio::test]
async fn a_proof_is_useless_to_another_signer() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let thief = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    // The thief copies the operator's pending transaction arguments (front-running).
    assert_error(
        f.register(&thief, &args).await,
        FrameworkError::InvalidProof,
    );
    f.register(&operator, &args)
        .await
        .expect("the bound registrant succeeds");
}

#[tokio::test]
async fn validity_window_is_checked_against_the_cluster_clock() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let dp = dp_auth_nist();
    let args = f.register_args(&dp, &operator.pubkey());

    set_time(&f.ctx, dp.not_after as i64 + 1).await;
    assert_error(
        f.register(&operator, &args).await,
        RegistryError::CertificateExpired,
    );
    set_time(&f.ctx, dp.not_before as i64 - 1).await;
    assert_error(
        f.register(&operator, &args).await,
        RegistryError::CertificateNotYetValid,
    );

    let mut inverted = args.clone();
    std::mem::swap(&mut inverted.not_before, &mut inverted.not_after);
    assert_error(
        f.register(&operator, &inverted).await,
        RegistryError::InvalidValidityWindow,
    );

    set_time(&f.ctx, dp.not_before as i64).await;
    f.register(&operator, &args)
        .await
        .expect("valid from notBefore on");
}

#[tokio::test]
async fn expired_sgp26_dptls_certificate_is_refused_today() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let tls = sgp26("DPtls/CERT_S_SM_DP_TLS_NIST.der");
    let args = f.register_args(&tls, &operator.pubkey());
    // 2026-11-27, after the certificate's notAfter of 2026-08-02.
    set_time(&f.ctx, 1_795_737_600).await;
    assert!(tls.not_after < 1_795_737_600);
    assert_error(
        f.register(&operator, &args).await,
        RegistryError::CertificateExpired,
    );
    // Inside its window it registers.
    set_time(&f.ctx, (tls.not_before + 86_400) as i64).await;
    f.register(&operator, &args)
        .await
        .expect("DPtls inside its window");
}

#[tokio::test]
async fn retired_keys_and_anchors_admit_nothing() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    let authority = f.authority.insecure_clone();

    let ix = ixs::retire_verifying_key(
        &PROGRAM_ID,
        &authority.pubkey(),
        &f.anchor_key_id,
        f.circuit_id,
    );
    f.send_as_authority(ix.clone()).await.expect("retire vk");
    assert_error(
        f.register(&operator, &args).await,
        RegistryError::VerifyingKeyRetired,
    );
    assert_error(f.send_as_authority(ix).await, RegistryError::AlreadyRetired);
    let vk = account(
        &mut f.ctx,
        &pda::verifying_key(&PROGRAM_ID, &f.anchor_key_id, f.circuit_id).0,
    )
    .await
    .unwrap();
    assert!(!VerifyingKey::from_bytes(&vk.data).unwrap().is_active());

    // A second circuit under the same anchor; then the anchor is retired.
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    let authority = f.authority.insecure_clone();
    let ix = ixs::retire_trust_anchor(&PROGRAM_ID, &authority.pubkey(), &f.anchor_key_id);
    f.send_as_authority(ix.clone())
        .await
        .expect("retire anchor");
    assert_error(
        f.register(&operator, &args).await,
        RegistryError::TrustAnchorRetired,
    );
    assert_error(f.send_as_authority(ix).await, RegistryError::AlreadyRetired);
    let anchor = account(
        &mut f.ctx,
        &pda::trust_anchor(&PROGRAM_ID, &f.anchor_key_id).0,
    )
    .await
    .unwrap();
    assert!(!TrustAnchor::from_bytes(&anchor.data).unwrap().is_active());
    // ...and no new key can be registered for a retired anchor.
    let vk = f.vk_args(7, DP_ROLES_MASK);
    assert_error(f.add_vk(&vk).await, RegistryError::TrustAnchorRetired);
}

/// A G2 point on the twist curve but outside the prime-order subgroup, in the on-chain encoding.
fn g2_outside_the_subgroup() -> [u8; 128] {
    let mut x = ark_bn254::Fq2::from(1u64);
    loop {
        if let Some(p) = ark_bn254::G2Affine::get_point_from_x_unchecked(x, false) {
            if !p.is_in_correct_subgroup_assuming_on_curve() {
                return openrsp_sdk::zk::g2_be(&p).unwrap();
            }
        }
        x += ark_bn254::Fq2::from(1u64);
    }
}

#[tokio::test]
async fn degenerate_verifying_keys_are_refused() {
    let mut f = Fixture::new().await;
    let good = f.vk_args(0x7e57_0010, DP_ROLES_MASK);
    use openrsp_framework::groth16::{g2_neg_be, G2_GENERATOR_BE};
    use FrameworkError::{InvalidVerifyingKey as Invalid, UnsafeVerifyingKey as Unsafe};
    type Forge = fn(&mut ixs::VerifyingKeyArgs);
    let forgeries: [(&str, Forge, FrameworkError); 11] = [
        ("gamma = delta", |a| a.key.delta_g2 = a.key.gamma_g2, Unsafe),
        (
            "delta = -gamma",
            |a| a.key.delta_g2 = g2_neg_be(&a.key.gamma_g2),
            Unsafe,
        ),
        ("beta = gamma", |a| a.key.beta_g2 = a.key.gamma_g2, Unsafe),
        (
            "beta = -delta",
            |a| a.key.beta_g2 = g2_neg_be(&a.key.delta_g2),
            Unsafe,
        ),
        (
            "delta = the G2 generator",
            |a| a.key.delta_g2 = G2_GENERATOR_BE,
            Unsafe,
        ),
        ("IC0 at infinity", |a| a.key.ic[0] = [0; 64], Invalid),
        ("IC1 at infinity", |a| a.key.ic[1] = [0; 64], Invalid),
        ("alpha off the curve", |a| a.key.alpha_g1[63] ^= 1, Invalid),
        ("IC1 off the curve", |a| a.key.ic[1][63] ^= 1, Invalid),
        ("beta off the curve", |a| a.key.beta_g2[127] ^= 1, Invalid),
        (
            "delta outside the subgroup",
            |a| a.key.delta_g2 = g2_outside_the_subgroup(),
            Invalid,
        ),
    ];
    for (what, forge, expected) in forgeries {
        let mut args = good.clone();
        forge(&mut args);
        let r = f.add_vk(&args).await;
        assert!(r.is_err(), "{what}");
        assert_error(r, expected);
        assert!(
            account(
                &mut f.ctx,
                &pda::verifying_key(&PROGRAM_ID, &args.anchor_key_id, args.circuit_id).0
            )
            .await
            .is_none(),
            "{what}: nothing created"
        );
    }
    f.add_vk(&good).await.expect("a sound key registers");
}

#[tokio::test]
async fn a_key_only_proves_the_roles_it_serves() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    // A second circuit that proves EUM certificates only: a genuine DPauth proof made for it
    // is refused for its role.
    let eum_only = circuits::circuit_id(circuits::FAMILY_TEST, 8);
    f.add_vk(&f.vk_args(eum_only, Role::Eum.mask()))
        .await
        .expect("eum-only key");
    let args = f.register_args_for(&dp_auth_nist(), &operator.pubkey(), eum_only);
    assert_eq!(args.role, Role::DpAuth as u8);
    assert_error(
        f.register(&operator, &args).await,
        RegistryError::RoleNotServed,
    );

    let mut unknown = f.register_args(&dp_auth_nist(), &operator.pubkey());
    unknown.role = 9;
    assert_error(
        f.register(&operator, &unknown).await,
        RegistryError::InvalidRole,
    );

    assert_error(
        f.add_vk(&f.vk_args(9, 0)).await,
        RegistryError::InvalidRoleMask,
    );
    assert_error(
        f.add_vk(&f.vk_args(9, 1 << 8)).await,
        RegistryError::InvalidRoleMask,
    );
}

#[tokio::test]
async fn a_key_for_another_anchor_cannot_use_this_anchor() {
    let mut f = Fixture::new().await;
    // Register the BRP CI as a second anchor.
    let brp = sgp26("CertificateIssuer/CERT_CI_ECDSA_BRP.der");
    f.add_anchor(&brp, "BRP").await.expect("second anchor");
    let anchor = anchor_args(&brp, "BRP");
    // Proof for the NIST key presented with the BRP anchor account.
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    let signature = f
        .possession_signature(&operator.pubkey(), &args, &key_signer(&args.subject_key))
        .await;
    let mut ixs =
        ixs::register_certificate_signed(&PROGRAM_ID, &operator.pubkey(), &args, 1, &signature);
    ixs[1].accounts[3].pubkey = pda::trust_anchor(&PROGRAM_ID, &anchor.key_id).0;
    assert_error(
        send(&mut f.ctx, &ixs, &[&operator]).await,
        RegistryError::TrustAnchorMismatch,
    );
}

/// A release build (what `make deploy` deploys) refuses keys of the test circuit family, with
/// which anyone proves anything; keys of a real family are filed per CI, so two CIs use the same
/// circuit id without meeting, and a new revision sits beside the old one.
#[tokio::test]
async fn a_release_registry_refuses_test_circuits_and_files_keys_per_ci() {
    let mut f = Fixture::with_anchor(ProgramBuild::Release).await;
    let test_key = f.vk_args(TEST_STATEMENT_CIRCUIT_ID, DP_ROLES_MASK);
    assert_error(
        f.add_vk(&test_key).await,
        RegistryError::TestCircuitNotAllowed,
    );
    let address = pda::verifying_key(&PROGRAM_ID, &f.anchor_key_id, TEST_STATEMENT_CIRCUIT_ID).0;
    assert!(
        account(&mut f.ctx, &address).await.is_none(),
        "nothing created"
    );
    // Any other test-family revision too.
    let other_test = f.vk_args(
        circuits::circuit_id(circuits::FAMILY_TEST, 7),
        DP_ROLES_MASK,
    );
    assert_error(
        f.add_vk(&other_test).await,
        RegistryError::TestCircuitNotAllowed,
    );

    // The certificate family: one id, two CIs, two accounts; and the next revision beside it.
    let cert_id = circuits::circuit_id(circuits::FAMILY_CERT_P256, 4);
    f.add_vk(&f.vk_args(cert_id, DP_ROLES_MASK))
        .await
        .expect("NIST key");
    let brp = sgp26("CertificateIssuer/CERT_CI_ECDSA_BRP.der");
    f.add_anchor(&brp, "BRP").await.expect("second anchor");
    let mut brp_key = f.vk_args(cert_id, DP_ROLES_MASK);
    brp_key.anchor_key_id = brp.anchor_key_id().unwrap();
    f.add_vk(&brp_key)
        .await
        .expect("same circuit id, another CI");
    let next = f.vk_args(
        circuits::circuit_id(circuits::FAMILY_CERT_P256, 5),
        DP_ROLES_MASK,
    );
    f.add_vk(&next).await.expect("next revision");
    for (anchor, id) in [
        (f.anchor_key_id, cert_id),
        (brp_key.anchor_key_id, cert_id),
        (f.anchor_key_id, next.circuit_id),
    ] {
        let raw = account(&mut f.ctx, &pda::verifying_key(&PROGRAM_ID, &anchor, id).0)
            .await
            .expect("filed under its CI and id");
        let vk = VerifyingKey::from_bytes(&raw.data).unwrap();
        assert_eq!(
            (vk.anchor_key_id, u32::from_le_bytes(vk.circuit_id)),
            (anchor, id)
        );
    }
}

#[tokio::test]
async fn duplicate_registration_is_refused() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    f.register(&operator, &args).await.expect("first");
    assert_error(
        f.register(&operator, &args).await,
        RegistryError::CertificateAlreadyRegistered,
    );
    // Someone else with their own valid proof for the same certificate cannot overwrite it either.
    let other = f.funded_key().await;
    let theirs = f.register_args(&dp_auth_nist(), &other.pubkey());
    assert_error(
        f.register(&other, &theirs).await,
        RegistryError::CertificateAlreadyRegistered,
    );
    assert_eq!(
        record(&mut f, &args.commitment).await.registrant,
        operator.pubkey().to_bytes()
    );
}

#[tokio::test]
async fn a_prefunded_record_address_does_not_block_registration() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    let address = pda::certificate(&PROGRAM_ID, &args.commitment).0;
    // The smallest deposit the runtime lets a system account hold: rent-exempt for 0 bytes.
    fund(&mut f.ctx, &address, 890_880).await;
    f.register(&operator, &args)
        .await
        .expect("register over a griefing deposit");
    assert_eq!(
        account(&mut f.ctx, &address).await.unwrap().owner,
        PROGRAM_ID
    );
}

#[tokio::test]
async fn pause_stops_registration_but_not_revocation() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let first = f.register_args(&dp_auth_nist(), &operator.pubkey());
    f.register(&operator, &first).await.expect("before pause");
    let authority = f.authority.insecure_clone();
    f.send_as_authority(ixs::set_paused(&PROGRAM_ID, &authority.pubkey(), true))
        .await
        .expect("pause");

    let second = f.register_args(
        &sgp26("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der"),
        &operator.pubkey(),
    );
    assert_error(
        f.register(&operator, &second).await,
        RegistryError::RegistryPaused,
    );
    let ix = ixs::revoke_certificate(&PROGRAM_ID, &operator.pubkey(), &first.commitment, 4);
    send(&mut f.ctx, &[ix], &[&operator])
        .await
        .expect("revocation works while paused");

    f.send_as_authority(ixs::set_paused(&PROGRAM_ID, &authority.pubkey(), false))
        .await
        .expect("unpause");
    f.register(&operator, &second).await.expect("after unpause");

    let mut ix = ixs::set_paused(&PROGRAM_ID, &authority.pubkey(), true);
    ix.data[8] = 2;
    assert_error(
        send(&mut f.ctx, &[ix], &[&authority]).await,
        FrameworkError::InvalidInstructionData,
    );
}

#[tokio::test]
async fn only_the_authority_governs() {
    let mut f = Fixture::new().await;
    let mallory = f.funded_key().await;
    let m = mallory.pubkey();
    let payer = f.ctx.payer.pubkey();
    let anchor = ixs::TrustAnchorArgs {
        key_id: [9; 20],
        curve: 1,
        public_key: [9; 64],
        name: [0; 32],
    };
    let vk = f.vk_args(42, DP_ROLES_MASK);
    let attempts = [
        ixs::set_paused(&PROGRAM_ID, &m, true),
        ixs::propose_authority(&PROGRAM_ID, &m, &m),
        ixs::add_trust_anchor(&PROGRAM_ID, &m, &payer, &anchor),
        ixs::retire_trust_anchor(&PROGRAM_ID, &m, &f.anchor_key_id),
        ixs::add_verifying_key(&PROGRAM_ID, &m, &payer, &vk),
        ixs::retire_verifying_key(&PROGRAM_ID, &m, &f.anchor_key_id, f.circuit_id),
    ];
    for ix in attempts {
        assert_error(
            send(&mut f.ctx, &[ix], &[&mallory]).await,
            RegistryError::Unauthorized,
        );
    }

    // The real authority's key, but not signing.
    let mut ix = ixs::set_paused(&PROGRAM_ID, &f.authority.pubkey(), true);
    ix.accounts[0].is_signer = false;
    assert_error(
        send(&mut f.ctx, &[ix], &[]).await,
        FrameworkError::MissingSignature,
    );
}

#[tokio::test]
async fn authority_transfer_takes_two_steps() {
    let mut f = Fixture::new().await;
    let old = f.authority.insecure_clone();
    let new = f.funded_key().await;
    let mallory = f.funded_key().await;

    assert_error(
        send(
            &mut f.ctx,
            &[ixs::accept_authority(&PROGRAM_ID, &new.pubkey())],
            &[&new],
        )
        .await,
        FrameworkError::NoPendingAuthority,
    );
    send(
        &mut f.ctx,
        &[ixs::propose_authority(
            &PROGRAM_ID,
            &old.pubkey(),
            &new.pubkey(),
        )],
        &[&old],
    )
    .await
    .expect("propose");
    assert_error(
        send(
            &mut f.ctx,
            &[ixs::accept_authority(&PROGRAM_ID, &mallory.pubkey())],
            &[&mallory],
        )
        .await,
        FrameworkError::NotPendingAuthority,
    );
    send(
        &mut f.ctx,
        &[ixs::accept_authority(&PROGRAM_ID, &new.pubkey())],
        &[&new],
    )
    .await
    .expect("accept");

    let reg = account(&mut f.ctx, &pda::registry(&PROGRAM_ID).0)
        .await
        .unwrap();
    let reg = Registry::from_bytes(&reg.data).unwrap();
    assert_eq!(reg.authority, new.pubkey().to_bytes());
    assert!(!reg.has_pending_authority());
    assert_error(
        send(
            &mut f.ctx,
            &[ixs::set_paused(&PROGRAM_ID, &old.pubkey(), true)],
            &[&old],
        )
        .await,
        RegistryError::Unauthorized,
    );
    send(
        &mut f.ctx,
        &[ixs::set_paused(&PROGRAM_ID, &new.pubkey(), true)],
        &[&new],
    )
    .await
    .expect("new authority governs");
}

#[tokio::test]
async fn the_registry_cannot_be_initialised_twice_or_elsewhere() {
    let mut f = Fixture::new().await;
    let payer = f.ctx.payer.pubkey();
    let mallory = Keypair::new();
    assert_error(
        send(
            &mut f.ctx,
            &[ixs::initialize_registry(
                &PROGRAM_ID,
                &payer,
                &payer,
                &mallory.pubkey(),
            )],
            &[],
        )
        .await,
        FrameworkError::AlreadyInitialized,
    );
    // Re-adding an existing anchor or key is re-initialisation too.
    assert_error(
        f.add_anchor(&ci_nist(), "again").await,
        FrameworkError::AlreadyInitialized,
    );
    let vk = f.vk_args(f.circuit_id, DP_ROLES_MASK);
    assert_error(f.add_vk(&vk).await, FrameworkError::AlreadyInitialized);

    // A fresh cluster: initialising at an address that is not the canonical PDA.
    let mut ctx = start(1_700_000_000).await;
    let payer = ctx.payer.pubkey();
    let mut ix = ixs::initialize_registry(&PROGRAM_ID, &payer, &payer, &payer);
    let fake = Keypair::new();
    ix.accounts[1] = AccountMeta::new(fake.pubkey(), true);
    assert_error(
        send(&mut ctx, &[ix], &[&fake]).await,
        FrameworkError::InvalidPda,
    );
}

#[tokio::test]
async fn non_canonical_or_foreign_addresses_are_refused() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());

    // Record at another address than ["certificate", commitment] (with the possession signature:
    // the address is checked when the record is created).
    let signature = f
        .possession_signature(&operator.pubkey(), &args, &key_signer(&args.subject_key))
        .await;
    let version = f.circuit_version(&args).await;
    let [possession, mut ix] = ixs::register_certificate_signed(
        &PROGRAM_ID,
        &operator.pubkey(),
        &args,
        version,
        &signature,
    );
    let elsewhere = pda::certificate(&PROGRAM_ID, &[1; 32]).0;
    ix.accounts[4] = AccountMeta::new(elsewhere, false);
    assert_error(
        send(&mut f.ctx, &[possession, ix], &[&operator]).await,
        FrameworkError::InvalidPda,
    );

    // A trust anchor at an address that does not match its key id.
    let authority = f.authority.insecure_clone();
    let payer = f.ctx.payer.pubkey();
    let anchor = ixs::TrustAnchorArgs {
        key_id: [3; 20],
        curve: 1,
        public_key: [3; 64],
        name: [0; 32],
    };
    let mut ix = ixs::add_trust_anchor(&PROGRAM_ID, &authority.pubkey(), &payer, &anchor);
    ix.accounts[3] = AccountMeta::new(pda::trust_anchor(&PROGRAM_ID, &[4; 20]).0, false);
    assert_error(
        send(&mut f.ctx, &[ix], &[&authority]).await,
        FrameworkError::InvalidPda,
    );

    // A fake system program.
    let mut ix = ixs::register_certificate(&PROGRAM_ID, &operator.pubkey(), &args);
    ix.accounts[5] = AccountMeta::new_readonly(Address::new_unique(), false);
    assert_error(
        send(&mut f.ctx, &[ix], &[&operator]).await,
        FrameworkError::InvalidSystemProgram,
    );
}

#[tokio::test]
async fn forged_accounts_are_refused() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    let vk_address = pda::verifying_key(&PROGRAM_ID, &f.anchor_key_id, f.circuit_id).0;
    let real_vk = account(&mut f.ctx, &vk_address).await.unwrap();

    // Wrong owner: a byte-for-byte copy of the verifying key owned by another program.
    let copy = Address::new_unique();
    put_account(
        &mut f.ctx,
        &copy,
        Account {
            owner: Address::new_unique(),
            ..real_vk.clone()
        },
    );
    let mut ix = ixs::register_certificate(&PROGRAM_ID, &operator.pubkey(), &args);
    ix.accounts[2] = AccountMeta::new_readonly(copy, false);
    assert_error(
        send(&mut f.ctx, &[ix], &[&operator]).await,
        FrameworkError::InvalidAccountOwner,
    );

    // The same key owned by the registry but at the address of the earlier scheme
    // (`["verifying_key", circuit_id]`), as an upgraded deployment may still hold one: refused,
    // its address is not the one its CI, circuit id and stored bump give.
    let (old_address, old_bump) = Address::find_program_address(
        &[b"verifying_key", &f.circuit_id.to_le_bytes()],
        &PROGRAM_ID,
    );
    let mut old_vk = real_vk.clone();
    VerifyingKey::from_bytes_mut(&mut old_vk.data).unwrap().bump = old_bump;
    put_account(&mut f.ctx, &old_address, old_vk);
    let mut ix = ixs::register_certificate(&PROGRAM_ID, &operator.pubkey(), &args);
    ix.accounts[2] = AccountMeta::new_readonly(old_address, false);
    assert_error(
        send(&mut f.ctx, &[ix], &[&operator]).await,
        FrameworkError::InvalidPda,
    );

    // Type cosplay: the trust anchor (owned by the program) passed as the registry.
    let mut ix = ixs::register_certificate(&PROGRAM_ID, &operator.pubkey(), &args);
    ix.accounts[1] =
        AccountMeta::new_readonly(pda::trust_anchor(&PROGRAM_ID, &f.anchor_key_id).0, false);
    assert_error(
        send(&mut f.ctx, &[ix], &[&operator]).await,
        FrameworkError::InvalidAccountData,
    );

    // Type cosplay: a registry passed as the verifying key.
    let mut ix = ixs::register_certificate(&PROGRAM_ID, &operator.pubkey(), &args);
    ix.accounts[2] = AccountMeta::new_readonly(pda::registry(&PROGRAM_ID).0, false);
    assert_error(
        send(&mut f.ctx, &[ix], &[&operator]).await,
        FrameworkError::InvalidAccountData,
    );

    // A program-owned account with the right discriminator but an unknown layout version.
    let mut future = real_vk.clone();
    future.data[8] = 2;
    let future_address = Address::new_unique();
    put_account(&mut f.ctx, &future_address, future);
    let mut ix = ixs::register_certificate(&PROGRAM_ID, &operator.pubkey(), &args);
    ix.accounts[2] = AccountMeta::new_readonly(future_address, false);
    assert_error(
        send(&mut f.ctx, &[ix], &[&operator]).await,
        FrameworkError::UnsupportedVersion,
    );

    // The registry passed read-only where it is written.
    let authority = f.authority.insecure_clone();
    let mut ix = ixs::set_paused(&PROGRAM_ID, &authority.pubkey(), true);
    ix.accounts[1].is_writable = false;
    assert_error(
        send(&mut f.ctx, &[ix], &[&authority]).await,
        FrameworkError::AccountNotWritable,
    );

    // Duplicate accounts: the verifying key passed as the record to create.
    let mut ix = ixs::register_certificate(&PROGRAM_ID, &operator.pubkey(), &args);
    ix.accounts[4] = AccountMeta::new(vk_address, false);
    assert_error(
        send(&mut f.ctx, &[ix], &[&operator]).await,
        RegistryError::CertificateAlreadyRegistered,
    );
    // Nothing changed.
    assert_eq!(account(&mut f.ctx, &vk_address).await.unwrap(), real_vk);
    f.register(&operator, &args)
        .await
        .expect("the honest transaction still works");
}

#[tokio::test]
async fn malformed_instruction_data_is_refused_without_panicking() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    let good = ixs::register_certificate(&PROGRAM_ID, &operator.pubkey(), &args);

    let mut truncated = good.clone();
    truncated.data.truncate(good.data.len() - 1);
    assert_error(
        send(&mut f.ctx, &[truncated], &[&operator]).await,
        FrameworkError::InvalidInstructionData,
    );
    let mut oversized = good.clone();
    oversized.data.push(0);
    assert_error(
        send(&mut f.ctx, &[oversized], &[&operator]).await,
        FrameworkError::InvalidInstructionData,
    );

    let mut unknown = good.clone();
    unknown.data[..8].copy_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
    assert_error(
        send(&mut f.ctx, &[unknown], &[&operator]).await,
        FrameworkError::UnknownInstruction,
    );
    let mut short = good.clone();
    short.data = vec![disc::REGISTER_CERTIFICATE[0]; 5];
    assert_error(
        send(&mut f.ctx, &[short], &[&operator]).await,
        FrameworkError::UnknownInstruction,
    );
    let mut empty = good.clone();
    empty.data.clear();
    assert_error(
        send(&mut f.ctx, &[empty], &[&operator]).await,
        FrameworkError::UnknownInstruction,
    );

    // Arguments on an instruction that takes none.
    let authority = f.authority.insecure_clone();
    let mut ix = ixs::retire_verifying_key(
        &PROGRAM_ID,
        &authority.pubkey(),
        &f.anchor_key_id,
        f.circuit_id,
    );
    ix.data.push(0);
    assert_error(
        send(&mut f.ctx, &[ix], &[&authority]).await,
        FrameworkError::InvalidInstructionData,
    );

    // Too few accounts, for every instruction.
    for (name, d) in disc::ALL {
        let ix = Instruction {
            program_id: PROGRAM_ID,
            accounts: vec![AccountMeta::new(operator.pubkey(), true)],
            data: d.to_vec(),
        };
        let r = send(&mut f.ctx, &[ix], &[&operator]).await;
        let err = r.expect_err(name);
        assert!(
            matches!(
                err,
                solana_transaction::TransactionError::InstructionError(
                    0,
                    solana_instruction::error::InstructionError::Custom(6000..=6002)
                )
            ),
            "{name}: {err:?}"
        );
    }

    // Random byte strings of every length up to the largest instruction: never a panic.
    let mut seed = 0x9e3779b97f4a7c15u64;
    for len in 0..=good.data.len() + 8 {
        let data: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect();
        let ix = Instruction {
            data,
            ..good.clone()
        };
        let err = send_now(&mut f.ctx, &[ix], &[&operator])
            .await
            .expect_err("random data must fail");
        assert!(
            matches!(err, solana_transaction::TransactionError::InstructionError(0, solana_instruction::error::InstructionError::Custom(_))),
            "random data of {len} bytes: {err:?} (a panic or runtime error instead of a program error)"
        );
    }
}

#[test]
fn every_account_type_has_its_anchor_discriminator() {
    use sha2::{Digest, Sha256};
    fn anchor(prefix: &str, name: &str) -> [u8; 8] {
        Sha256::digest(format!("{prefix}:{name}").as_bytes())[..8]
            .try_into()
            .unwrap()
    }
    assert_eq!(Registry::DISCRIMINATOR, anchor("account", "Registry"));
    assert_eq!(TrustAnchor::DISCRIMINATOR, anchor("account", "TrustAnchor"));
    assert_eq!(
        VerifyingKey::DISCRIMINATOR,
        anchor("account", "VerifyingKey")
    );
    assert_eq!(
        CertificateRecord::DISCRIMINATOR,
        anchor("account", "CertificateRecord")
    );
    for (name, d) in disc::ALL {
        assert_eq!(d, anchor("global", name), "{name}");
    }
    for (name, d, _) in cert_registry::events::ALL_EVENTS {
        assert_eq!(*d, anchor("event", name), "{name}");
    }
}
