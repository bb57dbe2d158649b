//! The governance all four programs share (`openrsp_framework::governance`), on the real `.so`
//! files: the set-up only the upgrade authority can perform (read from each program's ProgramData
//! account), the two-step authority hand-over and its cancellation, and the pause. Every case runs
//! against each of cert-registry, eid-commitment, usdc-billing and profile-escrow, with the exact
//! error each program gives.

use openrsp_framework::errors::FrameworkError;
use openrsp_sdk::{
    cert_registry::instructions as registry_ixs,
    deploy::programdata_address,
    eid_commitment::instructions as eid_ixs,
    governance::{instructions as gov, GovernanceView, GovernedProgram},
    profile_escrow::instructions as escrow_ixs,
    usdc_billing::instructions as billing_ixs,
};
use openrsp_tests::{market::*, *};
use solana_address::Address;
use solana_instruction::{error::InstructionError, AccountMeta, Instruction};
use solana_keypair::Keypair;
use solana_program_test::ProgramTestContext;
use solana_signer::Signer;
use solana_transaction::TransactionError;

const NOW: i64 = 1_750_000_000;

fn program_id(program: GovernedProgram) -> Address {
    match program {
        GovernedProgram::CertRegistry => PROGRAM_ID,
        GovernedProgram::EidCommitment => EID_PROGRAM_ID,
        GovernedProgram::UsdcBilling => BILLING_PROGRAM_ID,
        GovernedProgram::ProfileEscrow => ESCROW_PROGRAM_ID,
    }
}

/// The program's own code for "not the authority".
fn unauthorized(program: GovernedProgram) -> u32 {
    match program {
        GovernedProgram::CertRegistry => cert_registry::errors::RegistryError::Unauthorized as u32,
        GovernedProgram::EidCommitment => eid_commitment::errors::EidError::Unauthorized as u32,
        GovernedProgram::UsdcBilling => usdc_billing::errors::BillingError::Unauthorized as u32,
        GovernedProgram::ProfileEscrow => profile_escrow::errors::EscrowError::Unauthorized as u32,
    }
}

/// The program's set-up instruction, paid by `payer`, co-signed by `upgrade_authority`, naming
/// `authority`.
fn initialize(
    program: GovernedProgram,
    payer: &Address,
    upgrade_authority: &Address,
    authority: &Address,
) -> Instruction {
    match program {
        GovernedProgram::CertRegistry => {
            registry_ixs::initialize_registry(&PROGRAM_ID, payer, upgrade_authority, authority)
        }
        GovernedProgram::EidCommitment => {
            let vk = eid_ixs::EidVerifyingKeyArgs {
                circuit_id: openrsp_circuits::euicc_chain::CIRCUIT_ID,
                circuit_version: openrsp_circuits::euicc_chain::REVISION as u16,
                key: openrsp_sdk::zk::encode_verifying_key(test_circuit_keys().verifying_key())
                    .unwrap(),
            };
            eid_ixs::initialize_config(
                &EID_PROGRAM_ID,
                payer,
                upgrade_authority,
                authority,
                &PROGRAM_ID,
                &vk,
            )
        }
        GovernedProgram::UsdcBilling => billing_ixs::initialize_billing(
            &BILLING_PROGRAM_ID,
            payer,
            upgrade_authority,
            &billing_ixs::BillingSettings {
                authority: *authority,
                registry_program: PROGRAM_ID,
                eid_program: EID_PROGRAM_ID,
                treasury: *authority,
                fee_bps: FEE_BPS,
                close_notice_seconds: CLOSE_NOTICE,
            },
        ),
        GovernedProgram::ProfileEscrow => escrow_ixs::initialize_escrow(
            &ESCROW_IDS,
            payer,
            upgrade_authority,
            authority,
            DISPUTE_WINDOW,
            DELIVERY_WINDOW,
        ),
    }
}

fn config(program: GovernedProgram) -> Address {
    program.config_address(&program_id(program))
}

async fn view(ctx: &mut ProgramTestContext, program: GovernedProgram) -> Option<GovernanceView> {
    let account = account(ctx, &config(program)).await?;
    assert_eq!(account.owner, program_id(program));
    Some(program.decode(&account.data).expect("a config"))
}

#[track_caller]
fn assert_code(result: TxResult, code: u32, what: &str) {
    match result {
        Err(TransactionError::InstructionError(_, InstructionError::Custom(got))) => {
            assert_eq!(got, code, "{what}: expected error {code}, got {got}")
        }
        other => panic!("{what}: expected error {code}, got {other:?}"),
    }
}

#[track_caller]
fn assert_framework(result: TxResult, expected: FrameworkError, what: &str) {
    assert_code(result, expected as u32, &format!("{what} ({expected:?})"));
}

async fn funded(ctx: &mut ProgramTestContext) -> Keypair {
    let key = Keypair::new();
    fund(ctx, &key.pubkey(), 1_000_000_000).await;
    key
}

/// Rewrites the upgrade authority recorded in `program`'s ProgramData account, as
/// `solana program set-upgrade-authority` would (`None`: `--final`).
async fn set_upgrade_authority(
    ctx: &mut ProgramTestContext,
    program: GovernedProgram,
    authority: Option<&Address>,
) {
    let address = programdata_address(&program_id(program));
    let mut data = account(ctx, &address).await.expect("ProgramData");
    match authority {
        Some(key) => {
            data.data[12] = 1;
            data.data[13..45].copy_from_slice(key.as_ref());
        }
        None => data.data[12..45].fill(0),
    }
    put_account(ctx, &address, data);
}

#[tokio::test]
async fn only_the_upgrade_authority_sets_a_program_up() {
    let mut ctx = start(NOW).await;
    // A deployer that is not the fee payer of the test transactions (which signs them all).
    let deployer = funded(&mut ctx).await;
    for program in GovernedProgram::ALL {
        set_upgrade_authority(&mut ctx, program, Some(&deployer.pubkey())).await;
    }
    let stranger = funded(&mut ctx).await;
    let governance = Keypair::new();
    for program in GovernedProgram::ALL {
        let name = program.name();
        // A stranger racing the deployer, naming itself: refused.
        let ix = initialize(
            program,
            &stranger.pubkey(),
            &stranger.pubkey(),
            &stranger.pubkey(),
        );
        assert_framework(
            send(&mut ctx, &[ix], &[&stranger]).await,
            FrameworkError::NotUpgradeAuthority,
            name,
        );
        // Naming the real upgrade authority without its signature.
        let mut ix = initialize(
            program,
            &stranger.pubkey(),
            &deployer.pubkey(),
            &stranger.pubkey(),
        );
        let last = ix.accounts.len() - 1;
        ix.accounts[last] = AccountMeta::new_readonly(deployer.pubkey(), false);
        assert_framework(
            send(&mut ctx, &[ix], &[&stranger]).await,
            FrameworkError::MissingSignature,
            name,
        );
        // A ProgramData account of the stranger's making (any account it controls), and the
        // ProgramData of another program whose upgrade authority signs: both refused.
        let forged = funded(&mut ctx).await;
        let other = GovernedProgram::ALL
            .into_iter()
            .find(|p| *p != program)
            .unwrap();
        for (fake, signer) in [
            (forged.pubkey(), &stranger),
            (programdata_address(&program_id(other)), &deployer),
        ] {
            let mut ix = initialize(
                program,
                &stranger.pubkey(),
                &signer.pubkey(),
                &stranger.pubkey(),
            );
            let at = ix.accounts.len() - 2;
            ix.accounts[at] = AccountMeta::new_readonly(fake, false);
            assert_framework(
                send(&mut ctx, &[ix], &[&stranger, signer]).await,
                FrameworkError::InvalidProgramData,
                name,
            );
        }
        assert!(
            view(&mut ctx, program).await.is_none(),
            "{name}: nothing created"
        );

        // The deployer sets it up, naming a governance key of its choice (a multisig, say).
        let ix = initialize(
            program,
            &deployer.pubkey(),
            &deployer.pubkey(),
            &governance.pubkey(),
        );
        send(&mut ctx, &[ix], &[&deployer]).await.expect(name);
        assert_eq!(
            view(&mut ctx, program).await,
            Some(GovernanceView {
                authority: governance.pubkey(),
                pending_authority: None,
                paused: false,
            }),
            "{name}"
        );
        // Once only, even for the upgrade authority.
        let ix = initialize(
            program,
            &deployer.pubkey(),
            &deployer.pubkey(),
            &deployer.pubkey(),
        );
        assert_framework(
            send(&mut ctx, &[ix], &[&deployer]).await,
            FrameworkError::AlreadyInitialized,
            name,
        );
    }
}

#[tokio::test]
async fn an_immutable_program_cannot_be_set_up() {
    let mut ctx = start(NOW).await;
    let deployer = ctx.payer.pubkey();
    for program in GovernedProgram::ALL {
        // `solana program set-upgrade-authority --final` before the set-up.
        set_upgrade_authority(&mut ctx, program, None).await;
        let ix = initialize(program, &deployer, &deployer, &deployer);
        assert_framework(
            send(&mut ctx, &[ix], &[]).await,
            FrameworkError::NotUpgradeAuthority,
            program.name(),
        );
    }
}

#[tokio::test]
async fn authority_hand_over_cancel_and_pause_work_alike_in_every_program() {
    let mut ctx = start(NOW).await;
    let deployer = ctx.payer.pubkey();
    let first = funded(&mut ctx).await;
    let second = funded(&mut ctx).await;
    let stranger = funded(&mut ctx).await;
    for program in GovernedProgram::ALL {
        let name = program.name();
        let (id, cfg) = (program_id(program), config(program));
        let ix = initialize(program, &deployer, &deployer, &first.pubkey());
        send(&mut ctx, &[ix], &[]).await.expect(name);

        // Nothing pending: neither accept nor cancel.
        let ix = gov::accept_authority(&id, &cfg, &second.pubkey());
        assert_framework(
            send(&mut ctx, &[ix], &[&second]).await,
            FrameworkError::NoPendingAuthority,
            name,
        );
        let ix = gov::cancel_authority(&id, &cfg, &first.pubkey());
        assert_framework(
            send(&mut ctx, &[ix], &[&first]).await,
            FrameworkError::NoPendingAuthority,
            name,
        );
        // Only the authority proposes, pauses or cancels.
        let ix = gov::propose_authority(&id, &cfg, &stranger.pubkey(), &stranger.pubkey());
        assert_code(
            send(&mut ctx, &[ix], &[&stranger]).await,
            unauthorized(program),
            name,
        );
        let ix = gov::set_paused(&id, &cfg, &stranger.pubkey(), true);
        assert_code(
            send(&mut ctx, &[ix], &[&stranger]).await,
            unauthorized(program),
            name,
        );
        // The authority's key named but not signing.
        let mut ix = gov::set_paused(&id, &cfg, &first.pubkey(), true);
        ix.accounts[0].is_signer = false;
        assert_framework(
            send(&mut ctx, &[ix], &[]).await,
            FrameworkError::MissingSignature,
            name,
        );

        // Propose, then cancel: the named successor cannot accept any more.
        let ix = gov::propose_authority(&id, &cfg, &first.pubkey(), &second.pubkey());
        send(&mut ctx, &[ix], &[&first]).await.expect(name);
        assert_eq!(
            view(&mut ctx, program).await.unwrap().pending_authority,
            Some(second.pubkey()),
            "{name}"
        );
        let ix = gov::accept_authority(&id, &cfg, &stranger.pubkey());
        assert_framework(
            send(&mut ctx, &[ix], &[&stranger]).await,
            FrameworkError::NotPendingAuthority,
            name,
        );
        let ix = gov::cancel_authority(&id, &cfg, &stranger.pubkey());
        assert_code(
            send(&mut ctx, &[ix], &[&stranger]).await,
            unauthorized(program),
            name,
        );
        let ix = gov::cancel_authority(&id, &cfg, &first.pubkey());
        send(&mut ctx, &[ix], &[&first]).await.expect(name);
        assert_eq!(
            view(&mut ctx, program).await.unwrap().pending_authority,
            None,
            "{name}"
        );
        let ix = gov::accept_authority(&id, &cfg, &second.pubkey());
        assert_framework(
            send(&mut ctx, &[ix], &[&second]).await,
            FrameworkError::NoPendingAuthority,
            name,
        );

        // Propose again, and the successor accepts: the old authority is out.
        let ix = gov::propose_authority(&id, &cfg, &first.pubkey(), &second.pubkey());
        send(&mut ctx, &[ix], &[&first]).await.expect(name);
        let ix = gov::accept_authority(&id, &cfg, &second.pubkey());
        send(&mut ctx, &[ix], &[&second]).await.expect(name);
        assert_eq!(
            view(&mut ctx, program).await,
            Some(GovernanceView {
                authority: second.pubkey(),
                pending_authority: None,
                paused: false,
            }),
            "{name}"
        );
        let ix = gov::set_paused(&id, &cfg, &first.pubkey(), true);
        assert_code(
            send(&mut ctx, &[ix], &[&first]).await,
            unauthorized(program),
            name,
        );

        // The new authority pauses and resumes; a flag that is not a bool is refused.
        let ix = gov::set_paused(&id, &cfg, &second.pubkey(), true);
        send(&mut ctx, &[ix], &[&second]).await.expect(name);
        assert!(view(&mut ctx, program).await.unwrap().paused, "{name}");
        let mut ix = gov::set_paused(&id, &cfg, &second.pubkey(), false);
        *ix.data.last_mut().unwrap() = 2;
        assert_framework(
            send(&mut ctx, &[ix], &[&second]).await,
            FrameworkError::InvalidInstructionData,
            name,
        );
        let ix = gov::set_paused(&id, &cfg, &second.pubkey(), false);
        send(&mut ctx, &[ix], &[&second]).await.expect(name);
        assert!(!view(&mut ctx, program).await.unwrap().paused, "{name}");

        // Another program's config, or an account of no program, is not this one's.
        let other = GovernedProgram::ALL
            .into_iter()
            .find(|p| *p != program)
            .unwrap();
        for wrong in [config(other), stranger.pubkey()] {
            let ix = gov::set_paused(&id, &wrong, &second.pubkey(), true);
            let result = send(&mut ctx, &[ix], &[&second]).await;
            if wrong == config(other) && view(&mut ctx, other).await.is_none() {
                // Not created yet: an empty account, owned by nobody.
                assert!(result.is_err(), "{name}");
            } else {
                assert_framework(result, FrameworkError::InvalidAccountOwner, name);
            }
        }
    }
}

#[tokio::test]
async fn a_paused_escrow_takes_no_new_orders_and_settles_the_old_ones() {
    let mut m = Market::new().await;
    let (consumer, eid) = m.consumer().await;
    let mint = create_mint(&mut m.f.ctx, TOKEN, 6, &[]).await;
    let currency = m.currency(Some(&mint)).await;
    let plan = m.create_plan(1, Some(&mint), 9_990_000).await;
    m.give(&currency, &consumer.pubkey(), 3 * 9_990_000).await;
    let trust = m.trust;
    let order = |id: u64| escrow_ixs::NewOrder {
        order_id: id,
        plan,
        eid_commitment: eid,
        operator: trust,
        currency,
        max_price: 9_990_000,
        encryption_key: [7; 32],
    };
    let first = order(1);
    let ix = escrow_ixs::create_order(&ESCROW_IDS, &consumer.pubkey(), &first);
    m.send(&[ix], &[&consumer])
        .await
        .expect("order before the pause");

    let cfg = config(GovernedProgram::ProfileEscrow);
    let authority = m.f.authority.insecure_clone();
    let ix = gov::set_paused(&ESCROW_PROGRAM_ID, &cfg, &authority.pubkey(), true);
    m.send(&[ix], &[&authority]).await.expect("pause");
    let ix = escrow_ixs::create_order(&ESCROW_IDS, &consumer.pubkey(), &order(2));
    assert_code(
        m.send(&[ix], &[&consumer]).await,
        profile_escrow::errors::EscrowError::OrdersPaused as u32,
        "create_order while paused",
    );
    // The order paid before the pause is still the consumer's to cancel, in full.
    let before = m.balance(&currency, &consumer.pubkey()).await;
    let address =
        openrsp_sdk::profile_escrow::pda::order(&ESCROW_PROGRAM_ID, &consumer.pubkey(), 1).0;
    let stored = account(&mut m.f.ctx, &address).await.expect("order");
    let stored = <profile_escrow::state::Order as cert_registry::state::AccountLayout>::from_bytes(
        &stored.data,
    )
    .unwrap();
    let view = openrsp_sdk::profile_escrow::OrderView::new(&address, stored);
    let ix = escrow_ixs::cancel_order(&ESCROW_IDS, &consumer.pubkey(), &view);
    m.send(&[ix], &[&consumer])
        .await
        .expect("cancel while paused");
    assert_eq!(
        m.balance(&currency, &consumer.pubkey()).await,
        before + 9_990_000
    );
    // Resumed: orders again.
    let ix = gov::set_paused(&ESCROW_PROGRAM_ID, &cfg, &authority.pubkey(), false);
    m.send(&[ix], &[&authority]).await.expect("resume");
    let ix = escrow_ixs::create_order(&ESCROW_IDS, &consumer.pubkey(), &order(3));
    m.send(&[ix], &[&consumer])
        .await
        .expect("order after the pause");
}
