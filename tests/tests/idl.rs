//! The Anchor interface: the committed IDL is what the program says it is, and a client generated
//! from it by anchor-lang's `declare_program!` talks to the real program.

use ::cert_registry::state::AccountLayout;
use anchor_lang::{prelude::*, InstructionData, ToAccountMetas};
use openrsp_sdk::{
    cert_registry::OperatorTrust,
    governance::instructions as gov,
    profile_escrow::{
        instructions::{self as escrow_ixs, NewOrder},
        pda as escrow_pda, OrderView, SealedActivationCode,
    },
    token::Currency,
    usdc_billing::{
        instructions as billing_ixs, pda as billing_pda, BillingSettings, SignedVoucher,
    },
};
use openrsp_tests::{
    idl::{
        cert_registry_idl, eid_commitment_idl, profile_escrow_idl, registry_error_entries,
        type_size, usdc_billing_idl, SHARED_ERRORS,
    },
    market::{custom_code, put_eid_commitment, terms, ESCROW_IDS, ESCROW_PROGRAM_ID},
    *,
};
use serde_json::Value;
use sha2::{Digest, Sha256};
use solana_instruction::{AccountMeta as SdkMeta, Instruction as SdkInstruction};
use solana_keypair::Keypair;
use solana_signer::Signer;

// The generated client has one argument per IDL field.
#[allow(clippy::too_many_arguments)]
mod generated {
    use anchor_lang::prelude::*;
    declare_program!(cert_registry);
    declare_program!(eid_commitment);
    declare_program!(usdc_billing);
    declare_program!(profile_escrow);
}
use generated::{cert_registry, eid_commitment, profile_escrow, usdc_billing};

fn to_sdk(
    program: Pubkey,
    metas: Vec<anchor_lang::prelude::AccountMeta>,
    data: Vec<u8>,
) -> SdkInstruction {
    SdkInstruction {
        program_id: solana_address::Address::new_from_array(program.to_bytes()),
        accounts: metas
            .into_iter()
            .map(|m| SdkMeta {
                pubkey: solana_address::Address::new_from_array(m.pubkey.to_bytes()),
                is_signer: m.is_signer,
                is_writable: m.is_writable,
            })
            .collect(),
        data,
    }
}

fn pk(a: &solana_address::Address) -> Pubkey {
    Pubkey::new_from_array(a.to_bytes())
}

/// `sha256(preimage)[..8]`: Anchor's instruction (`global:`), account and event discriminators.
fn sha8(preimage: &str) -> [u8; 8] {
    Sha256::digest(preimage.as_bytes())[..8].try_into().unwrap()
}

fn bytes8(v: &Value) -> [u8; 8] {
    let b: Vec<u8> = v
        .as_array()
        .expect("discriminator")
        .iter()
        .map(|x| x.as_u64().unwrap() as u8)
        .collect();
    b.try_into().expect("8 bytes")
}

/// The IDL's description of instruction `name`.
fn instruction<'a>(idl: &'a Value, name: &str) -> &'a Value {
    idl["instructions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("no instruction {name} in the IDL"))
}

/// Borsh size of an instruction's arguments as the IDL describes them.
fn args_size(idl: &Value, name: &str) -> usize {
    let types = idl["types"].as_array().unwrap();
    instruction(idl, name)["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| type_size(&a["type"], types))
        .sum()
}

#[test]
fn committed_idls_are_the_generated_ones() {
    for (file, generated) in [
        (
            "idl/cert_registry.json",
            cert_registry_idl(&PROGRAM_ID.to_string()),
        ),
        (
            "idl/eid_commitment.json",
            eid_commitment_idl(&EID_PROGRAM_ID.to_string()),
        ),
        (
            "idl/usdc_billing.json",
            usdc_billing_idl(&BILLING_PROGRAM_ID.to_string()),
        ),
        (
            "idl/profile_escrow.json",
            profile_escrow_idl(&ESCROW_PROGRAM_ID.to_string()),
        ),
    ] {
        let path = root().join(file);
        let committed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect(file)).expect("json");
        assert_eq!(
            committed, generated,
            "{file} is stale: regenerate it with `cargo run -p openrsp-tests --bin idl`"
        );
    }
}

/// `(IDL, the program's instruction table, its account types with their discriminators, its events)`
/// of every program.
type Described = (
    Value,
    &'static [(&'static str, [u8; 8])],
    Vec<(&'static str, [u8; 8])>,
    &'static [(
        &'static str,
        [u8; 8],
        &'static [(&'static str, &'static str)],
    )],
);

fn every_program() -> [Described; 4] {
    use ::cert_registry::state as registry;
    use ::eid_commitment::state as eid;
    use ::profile_escrow::state as escrow;
    use ::usdc_billing::state as billing;
    fn layout<T: AccountLayout>(name: &'static str) -> (&'static str, [u8; 8]) {
        (name, T::DISCRIMINATOR)
    }
    [
        (
            cert_registry_idl(&PROGRAM_ID.to_string()),
            &::cert_registry::instructions::discriminator::ALL,
            vec![
                layout::<registry::Registry>("Registry"),
                layout::<registry::TrustAnchor>("TrustAnchor"),
                layout::<registry::VerifyingKey>("VerifyingKey"),
                layout::<registry::CertificateRecord>("CertificateRecord"),
                layout::<registry::EumTree>("EumTree"),
                layout::<registry::EumKey>("EumKey"),
            ],
            ::cert_registry::events::ALL_EVENTS,
        ),
        (
            eid_commitment_idl(&EID_PROGRAM_ID.to_string()),
            &::eid_commitment::instructions::discriminator::ALL,
            vec![
                layout::<eid::EidConfig>("EidConfig"),
                layout::<eid::EidCommitment>("EidCommitment"),
                layout::<eid::Nullifier>("Nullifier"),
            ],
            ::eid_commitment::events::ALL_EVENTS,
        ),
        (
            usdc_billing_idl(&BILLING_PROGRAM_ID.to_string()),
            &::usdc_billing::instructions::discriminator::ALL,
            vec![
                layout::<billing::BillingConfig>("BillingConfig"),
                layout::<billing::Plan>("Plan"),
                layout::<billing::Subscription>("Subscription"),
            ],
            ::usdc_billing::events::ALL_EVENTS,
        ),
        (
            profile_escrow_idl(&ESCROW_PROGRAM_ID.to_string()),
            &::profile_escrow::instructions::discriminator::ALL,
            vec![
                layout::<escrow::EscrowConfig>("EscrowConfig"),
                layout::<escrow::Order>("Order"),
            ],
            ::profile_escrow::events::ALL_EVENTS,
        ),
    ]
}

/// Every instruction the program routes is in its IDL (in the table's order) under Anchor's
/// discriminator; every account type has the program's discriminator and a layout; every event the
/// program emits is there with Anchor's discriminator and a layout.
#[test]
fn idl_discriminators_are_the_programs() {
    for (idl, table, accounts, events) in every_program() {
        let program = idl["metadata"]["name"].as_str().unwrap().to_owned();
        let types: Vec<&str> = idl["types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();

        let described: Vec<(&str, [u8; 8])> = idl["instructions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["name"].as_str().unwrap(), bytes8(&i["discriminator"])))
            .collect();
        assert_eq!(described, table.to_vec(), "{program}: instructions");
        for (name, d) in &described {
            assert_eq!(*d, sha8(&format!("global:{name}")), "{program}.{name}");
        }

        let described: Vec<(&str, [u8; 8])> = idl["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["name"].as_str().unwrap(), bytes8(&a["discriminator"])))
            .collect();
        assert_eq!(described, accounts, "{program}: account discriminators");
        for (name, d) in &described {
            assert_eq!(*d, sha8(&format!("account:{name}")), "{program}.{name}");
            assert!(types.contains(name), "{program}: no layout for {name}");
        }

        let described: Vec<(&str, [u8; 8])> = idl["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["name"].as_str().unwrap(), bytes8(&e["discriminator"])))
            .collect();
        // The program's own events, then the governance events every program emits.
        let emitted: Vec<(&str, [u8; 8])> = events
            .iter()
            .chain(openrsp_framework::governance::events::ALL_EVENTS)
            .map(|(n, d, _)| (*n, *d))
            .collect();
        assert_eq!(described, emitted, "{program}: events");
        for (name, d) in &described {
            assert_eq!(*d, sha8(&format!("event:{name}")), "{program}.{name}");
            assert!(
                types.contains(name),
                "{program}: no layout for event {name}"
            );
        }
    }
}

/// An IDL error: code, name, message.
type ErrorEntry<'a> = (u32, &'a str, &'a str);

/// Each IDL lists exactly the codes its program can return, once each (Anchor clients need unique
/// names), in code order: the registry's shared account checks, usdc-billing's payment errors for
/// the escrow (whose money moves through billing's vault code), then the program's own.
#[test]
fn idl_errors_are_the_codes_the_programs_return() {
    use ::cert_registry::errors::FrameworkError;
    use ::eid_commitment::errors::EidError;
    use ::profile_escrow::errors::EscrowError;
    use ::usdc_billing::errors::BillingError;
    let shared = || {
        SHARED_ERRORS
            .iter()
            .map(|e| (*e as u32, e.name(), e.message()))
    };
    // The registry returns every shared check's error (they sit inside its range) and its own.
    let registry = registry_error_entries();
    let eid = EidError::ALL
        .iter()
        .map(|e| (*e as u32, e.name(), e.message()));
    let billing = || {
        BillingError::ALL
            .iter()
            .map(|e| (*e as u32, e.name(), e.message()))
    };
    let escrow = EscrowError::ALL
        .iter()
        .map(|e| (*e as u32, e.name(), e.message()));
    // The escrow never raises billing's `Unauthorized` (billing's governance does), and its own
    // `Unauthorized` takes the name.
    let billing_in_escrow =
        billing().filter(|(code, _, _)| *code != BillingError::Unauthorized as u32);
    let expected: [(Value, Vec<ErrorEntry>); 4] = [
        (cert_registry_idl(&PROGRAM_ID.to_string()), registry),
        (
            eid_commitment_idl(&EID_PROGRAM_ID.to_string()),
            shared().chain(eid).collect(),
        ),
        (
            usdc_billing_idl(&BILLING_PROGRAM_ID.to_string()),
            shared().chain(billing()).collect(),
        ),
        (
            profile_escrow_idl(&ESCROW_PROGRAM_ID.to_string()),
            shared().chain(billing_in_escrow).chain(escrow).collect(),
        ),
    ];
    for (idl, expected) in expected {
        let program = idl["metadata"]["name"].as_str().unwrap().to_owned();
        let listed: Vec<ErrorEntry> = idl["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["code"].as_u64().unwrap() as u32,
                    e["name"].as_str().unwrap(),
                    e["msg"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(listed, expected, "{program}: errors");
        assert!(
            listed.windows(2).all(|w| w[0].0 < w[1].0),
            "{program}: codes out of order or repeated"
        );
        let mut names: Vec<&str> = listed.iter().map(|e| e.1).collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(
            names.len(),
            count,
            "{program}: an error name is listed twice"
        );
        // `close` (every program but the registry closes accounts) refuses closing into itself.
        if program != "cert_registry" {
            assert!(listed.contains(&(
                FrameworkError::DuplicateAccount as u32,
                "DuplicateAccount",
                FrameworkError::DuplicateAccount.message()
            )));
        }
    }
}

#[test]
fn eid_idl_layouts_have_the_program_sizes() {
    use ::eid_commitment::state::*;
    let idl = eid_commitment_idl(&EID_PROGRAM_ID.to_string());
    let types = idl["types"].as_array().unwrap().clone();
    let size = |name: &str| type_size(&serde_json::json!({ "defined": { "name": name } }), &types);
    assert_eq!(size("EidConfig") + 8, EidConfig::LEN);
    assert_eq!(size("EidCommitment") + 8, EidCommitment::LEN);
    assert_eq!(size("Nullifier") + 8, Nullifier::LEN);
    for ix in idl["instructions"].as_array().unwrap() {
        let args: usize = ix["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| type_size(&a["type"], &types))
            .sum();
        let name = ix["name"].as_str().unwrap();
        let expected = match name {
            "initialize_config" => 32 + 32 + 4 + 2 + Groth16VerifyingKeyBytes::LEN,
            "set_verifying_key" => 4 + 2 + Groth16VerifyingKeyBytes::LEN,
            "set_paused" => 1,
            "propose_authority" => 32,
            "accept_authority" | "cancel_authority" => 0,
            "set_purposes" => 8,
            "register_commitment" => 4 * 32 + 20 + 8 + 8 + 256,
            "rotate_commitment" | "take_over_commitment" => 2 * 32 + 20 + 8 + 8 + 256,
            "revoke_commitment" => 0,
            other => panic!("undescribed instruction {other}"),
        };
        assert_eq!(args, expected, "{name}");
    }
    // Every code the program can return is in the IDL, once.
    let codes: Vec<u64> = idl["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_u64().unwrap())
        .collect();
    let mut unique = codes.clone();
    unique.dedup();
    assert_eq!(codes, unique);
    assert!(codes.contains(&6026) && codes.contains(&6104));
}

#[test]
fn idl_layouts_have_the_program_sizes() {
    use ::cert_registry::state::*;
    let idl = cert_registry_idl(&PROGRAM_ID.to_string());
    let types = idl["types"].as_array().unwrap().clone();
    let size = |name: &str| type_size(&serde_json::json!({ "defined": { "name": name } }), &types);
    // Anchor account types exclude the 8-byte discriminator.
    assert_eq!(size("Registry") + 8, Registry::LEN);
    assert_eq!(size("TrustAnchor") + 8, TrustAnchor::LEN);
    assert_eq!(size("VerifyingKey") + 8, VerifyingKey::LEN);
    assert_eq!(size("CertificateRecord") + 8, CertificateRecord::LEN);
    assert_eq!(size("EumTree") + 8, EumTree::LEN);
    assert_eq!(size("EumKey") + 8, EumKey::LEN);
    for ix in idl["instructions"].as_array().unwrap() {
        let args: usize = ix["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| type_size(&a["type"], &types))
            .sum();
        let name = ix["name"].as_str().unwrap();
        let expected = match name {
            "initialize_registry" | "propose_authority" => 32,
            "accept_authority"
            | "cancel_authority"
            | "retire_trust_anchor"
            | "retire_verifying_key" => 0,
            "set_paused" | "revoke_certificate" => 1,
            "initialize_eum_tree" => 0,
            "revoke_eum_certificate" => 1 + 14 * 32,
            "add_trust_anchor" => 20 + 1 + 64 + 32,
            "add_verifying_key" => 4 + 2 + 2 + Groth16VerifyingKeyBytes::LEN,
            "register_certificate" => 1 + 32 + 32 + 32 + 8 + 8 + 8 + 256,
            other => panic!("undescribed instruction {other}"),
        };
        assert_eq!(args, expected, "{name}");
    }
}

#[tokio::test]
async fn a_declare_program_client_drives_the_real_program() {
    let mut f = Fixture::new().await;
    assert_eq!(
        cert_registry::ID.to_bytes(),
        PROGRAM_ID.to_bytes(),
        "the IDL carries the program id"
    );
    let registry = pk(&pda::registry(&PROGRAM_ID).0);
    let authority = f.authority.insecure_clone();

    // set_paused through the Anchor client.
    let metas = cert_registry::client::accounts::SetPaused {
        authority: pk(&authority.pubkey()),
        registry,
    }
    .to_account_metas(None);
    let data = cert_registry::client::args::SetPaused { paused: true }.data();
    send(
        &mut f.ctx,
        &[to_sdk(cert_registry::ID, metas, data)],
        &[&authority],
    )
    .await
    .expect("set_paused via IDL client");
    let raw = account(&mut f.ctx, &pda::registry(&PROGRAM_ID).0)
        .await
        .unwrap();
    let decoded = cert_registry::accounts::Registry::try_deserialize(&mut raw.data.as_slice())
        .expect("decode Registry");
    assert!(decoded.paused);
    assert_eq!(decoded.authority.to_bytes(), authority.pubkey().to_bytes());
    let metas = cert_registry::client::accounts::SetPaused {
        authority: pk(&authority.pubkey()),
        registry,
    }
    .to_account_metas(None);
    let data = cert_registry::client::args::SetPaused { paused: false }.data();
    send(
        &mut f.ctx,
        &[to_sdk(cert_registry::ID, metas, data)],
        &[&authority],
    )
    .await
    .expect("unpause");

    // register_certificate through the Anchor client, with a real proof, after the SDK's
    // secp256r1 precompile instruction carrying the subject key's possession signature.
    let operator = f.funded_key().await;
    let a = f.register_args(&dp_auth_nist(), &operator.pubkey());
    let metas = cert_registry::client::accounts::RegisterCertificate {
        registrant: pk(&operator.pubkey()),
        registry,
        verifying_key: pk(&pda::verifying_key(&PROGRAM_ID, &a.anchor_key_id, a.circuit_id).0),
        trust_anchor: pk(&pda::trust_anchor(&PROGRAM_ID, &a.anchor_key_id).0),
        certificate_record: pk(&pda::certificate(&PROGRAM_ID, &a.commitment).0),
        system_program: Pubkey::default(),
        instructions: pk(&solana_sdk_ids::sysvar::instructions::ID),
        eum_tree: None,
        eum_key: None,
    }
    .to_account_metas(None);
    let data = cert_registry::client::args::RegisterCertificate {
        role: a.role,
        commitment: a.commitment,
        subject_key_x: a.subject_key.x,
        subject_key_y: a.subject_key.y,
        permitted_iin: a.subject_key.permitted_iin,
        not_before: a.not_before,
        not_after: a.not_after,
        proof_a: a.proof.a,
        proof_b: a.proof.b,
        proof_c: a.proof.c,
    }
    .data();
    let version = f.circuit_version(&a).await;
    let signature = f
        .possession_signature(&operator.pubkey(), &a, &key_signer(&a.subject_key))
        .await;
    let [possession, _] = openrsp_sdk::cert_registry::instructions::register_certificate_signed(
        &PROGRAM_ID,
        &operator.pubkey(),
        &a,
        version,
        &signature,
    );
    send(
        &mut f.ctx,
        &[possession, to_sdk(cert_registry::ID, metas, data)],
        &[&operator],
    )
    .await
    .expect("register via IDL client");

    let raw = account(&mut f.ctx, &pda::certificate(&PROGRAM_ID, &a.commitment).0)
        .await
        .unwrap();
    let record =
        cert_registry::accounts::CertificateRecord::try_deserialize(&mut raw.data.as_slice())
            .expect("decode CertificateRecord");
    assert_eq!(record.commitment, a.commitment);
    assert_eq!(record.registrant.to_bytes(), operator.pubkey().to_bytes());
    assert_eq!(record.not_after, a.not_after);
    assert_eq!(record.status, 1);

    let raw = account(
        &mut f.ctx,
        &pda::verifying_key(&PROGRAM_ID, &a.anchor_key_id, a.circuit_id).0,
    )
    .await
    .unwrap();
    let vk = cert_registry::accounts::VerifyingKey::try_deserialize(&mut raw.data.as_slice())
        .expect("decode VerifyingKey");
    assert_eq!(vk.circuit_id, a.circuit_id);
    let raw = account(
        &mut f.ctx,
        &pda::trust_anchor(&PROGRAM_ID, &a.anchor_key_id).0,
    )
    .await
    .unwrap();
    let anchor = cert_registry::accounts::TrustAnchor::try_deserialize(&mut raw.data.as_slice())
        .expect("decode TrustAnchor");
    assert_eq!(anchor.key_id, a.anchor_key_id);

    // The Anchor client refuses to decode one account type as another.
    assert!(cert_registry::accounts::Registry::try_deserialize(&mut raw.data.as_slice()).is_err());
}

#[tokio::test]
async fn a_declare_program_client_drives_eid_commitment() {
    let mut e = EidFixture::new(false).await;
    assert_eq!(eid_commitment::ID.to_bytes(), EID_PROGRAM_ID.to_bytes());
    let config = pk(&openrsp_sdk::eid_commitment::pda::config(&EID_PROGRAM_ID).0);
    let authority = e.f.authority.insecure_clone();
    for paused in [true, false] {
        let metas = eid_commitment::client::accounts::SetPaused {
            authority: pk(&authority.pubkey()),
            config,
        }
        .to_account_metas(None);
        let data = eid_commitment::client::args::SetPaused { paused }.data();
        send(
            &mut e.f.ctx,
            &[to_sdk(eid_commitment::ID, metas, data)],
            &[&authority],
        )
        .await
        .expect("set_paused via IDL client");
        let raw = account(
            &mut e.f.ctx,
            &openrsp_sdk::eid_commitment::pda::config(&EID_PROGRAM_ID).0,
        )
        .await
        .unwrap();
        let decoded =
            eid_commitment::accounts::EidConfig::try_deserialize(&mut raw.data.as_slice())
                .expect("decode EidConfig");
        assert_eq!(decoded.paused, paused);
        assert_eq!(decoded.registry_program.to_bytes(), PROGRAM_ID.to_bytes());
        assert_eq!(
            decoded.circuit_id,
            openrsp_circuits::euicc_chain::CIRCUIT_ID
        );
    }

    // register_commitment through the Anchor client reaches the proof check (the stand-in key
    // cannot verify a chain proof; the real path is tests/eid_commitment.rs).
    let owner = e.f.funded_key().await;
    let root = e.leaves().await.root();
    let nullifier = [7u8; 32];
    advance_slots(&mut e.f.ctx, 2).await;
    let (bound_slot, _) = newest_slot_hash(&mut e.f.ctx).await;
    let metas = eid_commitment::client::accounts::RegisterCommitment {
        owner: pk(&owner.pubkey()),
        config,
        eum_tree: pk(&pda::eum_tree(&PROGRAM_ID).0),
        trust_anchor: pk(&pda::trust_anchor(&PROGRAM_ID, &e.anchor_key_id).0),
        eid_commitment: pk(&openrsp_sdk::eid_commitment::pda::eid_commitment(
            &EID_PROGRAM_ID,
            &nullifier,
        )
        .0),
        nullifier: pk(&openrsp_sdk::eid_commitment::pda::nullifier(&EID_PROGRAM_ID, &nullifier).0),
        slot_hashes: pk(&openrsp_sdk::eid_commitment::instructions::SLOT_HASHES),
        system_program: Pubkey::default(),
    }
    .to_account_metas(None);
    let data = eid_commitment::client::args::RegisterCommitment {
        root,
        anchor_key_id: e.anchor_key_id,
        valid_at: e.clock().await,
        bound_slot,
        commitment: [5; 32],
        nullifier,
        purpose: ::eid_commitment::state::purpose_field(::eid_commitment::state::PURPOSE_PLANS),
        proof_a: [1; 64],
        proof_b: [2; 128],
        proof_c: [3; 64],
    }
    .data();
    assert_error(
        send(
            &mut e.f.ctx,
            &[to_sdk(eid_commitment::ID, metas, data)],
            &[&owner],
        )
        .await,
        ::cert_registry::errors::FrameworkError::InvalidProof,
    );

    // The EUM tree and the EUM record decode through the registry's client.
    let raw = account(&mut e.f.ctx, &pda::eum_tree(&PROGRAM_ID).0)
        .await
        .unwrap();
    let tree = cert_registry::accounts::EumTree::try_deserialize(&mut raw.data.as_slice())
        .expect("decode EumTree");
    assert_eq!(tree.next_index, 1);
    assert_eq!(tree.depth, 14);
    let commitment = e.eum.commitment().unwrap();
    let raw = account(&mut e.f.ctx, &pda::certificate(&PROGRAM_ID, &commitment).0)
        .await
        .unwrap();
    let record =
        cert_registry::accounts::CertificateRecord::try_deserialize(&mut raw.data.as_slice())
            .expect("decode CertificateRecord");
    assert!(record.in_eum_tree);
    assert_eq!(record.eum_leaf_index, 0);
}

#[test]
fn billing_idl_layouts_have_the_program_sizes() {
    use ::usdc_billing::{instructions::*, state::*};
    use core::mem::size_of;
    let idl = usdc_billing_idl(&BILLING_PROGRAM_ID.to_string());
    let types = idl["types"].as_array().unwrap().clone();
    let size = |name: &str| type_size(&serde_json::json!({ "defined": { "name": name } }), &types);
    assert_eq!(size("BillingConfig") + 8, BillingConfig::LEN);
    assert_eq!(size("Plan") + 8, Plan::LEN);
    assert_eq!(size("Subscription") + 8, Subscription::LEN);
    assert_eq!(size("Coverage"), size_of::<Coverage>());
    assert_eq!(size("PlanTerms"), size_of::<PlanTerms>());
    for ix in idl["instructions"].as_array().unwrap() {
        let name = ix["name"].as_str().unwrap();
        let terms = 24 + size_of::<Coverage>();
        let expected = match name {
            "initialize_billing" => 4 * 32 + 2 + 8,
            "set_protocol_fee" => 2 + 32,
            "set_paused" => 1,
            "propose_authority" => 32,
            "accept_authority" | "cancel_authority" => 0,
            "create_plan" => 8 + terms,
            "update_plan" => terms,
            "retire_plan" => 0,
            "set_close_notice" => 8,
            "open_subscription" => 32 + 8,
            "top_up" => 8,
            "redeem_voucher" => 8 + 8,
            "request_close" | "close_subscription" => 0,
            other => panic!("undescribed instruction {other}"),
        };
        assert_eq!(args_size(&idl, name), expected, "{name}");
    }
    // The program parses its arguments as these `repr(C)` byte structs, whose size is their Borsh
    // size.
    for (name, parsed) in [
        (
            "initialize_billing",
            size_of::<initialize_billing::InitializeBillingArgs>(),
        ),
        (
            "set_protocol_fee",
            size_of::<set_protocol_fee::SetProtocolFeeArgs>(),
        ),
        (
            "set_paused",
            size_of::<openrsp_framework::governance::SetPausedArgs>(),
        ),
        ("create_plan", size_of::<create_plan::CreatePlanArgs>()),
        ("update_plan", size_of::<update_plan::UpdatePlanArgs>()),
        (
            "set_close_notice",
            size_of::<set_close_notice::SetCloseNoticeArgs>(),
        ),
        (
            "open_subscription",
            size_of::<open_subscription::OpenSubscriptionArgs>(),
        ),
        ("top_up", size_of::<top_up::TopUpArgs>()),
        (
            "redeem_voucher",
            size_of::<redeem_voucher::RedeemVoucherArgs>(),
        ),
    ] {
        assert_eq!(args_size(&idl, name), parsed, "{name}");
    }
}

#[test]
fn escrow_idl_layouts_have_the_program_sizes() {
    use ::profile_escrow::{instructions::*, state::*};
    use core::mem::size_of;
    let idl = profile_escrow_idl(&ESCROW_PROGRAM_ID.to_string());
    let types = idl["types"].as_array().unwrap().clone();
    let size = |name: &str| type_size(&serde_json::json!({ "defined": { "name": name } }), &types);
    assert_eq!(size("EscrowConfig") + 8, EscrowConfig::LEN);
    assert_eq!(size("Order") + 8, Order::LEN);
    for ix in idl["instructions"].as_array().unwrap() {
        let name = ix["name"].as_str().unwrap();
        let expected = match name {
            "initialize_escrow" => 2 * 32 + 2 * 8,
            "set_escrow_windows" => 2 * 8,
            "create_order" => 8 + 8 + 32,
            "deliver_profile" => 32 + 32 + 12 + 2 + MAX_ACTIVATION_CIPHERTEXT,
            "resolve_dispute" | "set_paused" => 1,
            "propose_authority" => 32,
            "accept_authority"
            | "cancel_authority"
            | "accept_order"
            | "cancel_order"
            | "confirm_installation"
            | "claim_payment"
            | "refund_order"
            | "dispute_order" => 0,
            other => panic!("undescribed instruction {other}"),
        };
        assert_eq!(args_size(&idl, name), expected, "{name}");
    }
    for (name, parsed) in [
        (
            "initialize_escrow",
            size_of::<initialize_escrow::InitializeEscrowArgs>(),
        ),
        ("set_escrow_windows", size_of::<Windows>()),
        ("create_order", size_of::<create_order::CreateOrderArgs>()),
        (
            "deliver_profile",
            size_of::<deliver_profile::DeliverProfileArgs>(),
        ),
        (
            "resolve_dispute",
            size_of::<resolve_dispute::ResolveDisputeArgs>(),
        ),
    ] {
        assert_eq!(args_size(&idl, name), parsed, "{name}");
    }
}

/// Account data of `T` in which every byte after the version differs from its neighbours, so a
/// field described at the wrong offset decodes to other bytes.
fn patterned<T: AccountLayout>() -> Vec<u8> {
    let mut data = vec![0u8; T::LEN];
    T::initialize(&mut data).unwrap();
    for (i, b) in data.iter_mut().enumerate().skip(9) {
        *b = (i * 37 % 251) as u8 + 1;
    }
    data
}

/// Asserts that each field reads the same through the generated type (`$g`) and the program's own
/// layout (`$r`), decoded as the program stores it: `raw` (u8, byte arrays), `flag` (a u8 0 or 1,
/// a bool in the IDL), `key`, `u16`, `u64`,
/// `i64` (little-endian byte arrays in the program).
macro_rules! fields_agree {
    (@one raw, $g:expr, $r:expr, $n:expr) => { assert_eq!($g, $r, "{}", $n) };
    (@one flag, $g:expr, $r:expr, $n:expr) => { assert_eq!($g, $r != 0, "{}", $n) };
    (@one key, $g:expr, $r:expr, $n:expr) => { assert_eq!($g.to_bytes(), $r, "{}", $n) };
    (@one u16, $g:expr, $r:expr, $n:expr) => { assert_eq!($g, u16::from_le_bytes($r), "{}", $n) };
    (@one u64, $g:expr, $r:expr, $n:expr) => { assert_eq!($g, u64::from_le_bytes($r), "{}", $n) };
    (@one i64, $g:expr, $r:expr, $n:expr) => { assert_eq!($g, i64::from_le_bytes($r), "{}", $n) };
    ($g:expr, $r:expr; $($kind:ident $f:ident),* $(,)?) => {
        $( fields_agree!(@one $kind, $g.$f, $r.$f, stringify!($f)); )*
    };
}

/// Field by field (not only in total size), the described layouts of the billing and escrow
/// accounts are the programs' own.
#[test]
fn idl_layouts_are_the_program_layouts_field_by_field() {
    use ::profile_escrow::state as escrow;
    use ::usdc_billing::state as billing;

    // Flags are Borsh bools: the patterned byte becomes a 1.
    let mut data = patterned::<billing::BillingConfig>();
    billing::BillingConfig::from_bytes_mut(&mut data)
        .unwrap()
        .paused = 1;
    let r = billing::BillingConfig::from_bytes(&data).unwrap();
    let g = usdc_billing::accounts::BillingConfig::try_deserialize(&mut data.as_slice()).unwrap();
    fields_agree!(g, r; raw version, raw bump, flag paused, key authority, key registry_program,
        key eid_program, key treasury, u16 fee_bps, u64 close_notice_seconds, key pending_authority,
        raw reserved);

    let data = patterned::<billing::Subscription>();
    let r = billing::Subscription::from_bytes(&data).unwrap();
    let g = usdc_billing::accounts::Subscription::try_deserialize(&mut data.as_slice()).unwrap();
    fields_agree!(g, r; raw version, raw bump, raw vault_bump, raw status, key plan, key operator,
        key consumer, key eid_commitment, key voucher_key, key vault, key mint, key token_program,
        raw decimals, u64 price, u64 data_quota_mb, u64 validity_seconds, u64 deposited,
        u64 redeemed, i64 last_voucher_at, i64 opened_at, i64 close_requested_at, i64 closes_at,
        raw reserved);

    let mut data = patterned::<escrow::EscrowConfig>();
    escrow::EscrowConfig::from_bytes_mut(&mut data)
        .unwrap()
        .paused = 1;
    let r = escrow::EscrowConfig::from_bytes(&data).unwrap();
    let g = profile_escrow::accounts::EscrowConfig::try_deserialize(&mut data.as_slice()).unwrap();
    fields_agree!(g, r; raw version, raw bump, key authority, key billing_program,
        u64 dispute_window_seconds, u64 delivery_window_seconds, flag paused, key pending_authority,
        raw reserved);

    let data = patterned::<escrow::Order>();
    let r = escrow::Order::from_bytes(&data).unwrap();
    let g = profile_escrow::accounts::Order::try_deserialize(&mut data.as_slice()).unwrap();
    fields_agree!(g, r; raw version, raw bump, raw vault_bump, raw status, u64 order_id,
        key consumer, key operator, key plan, key eid_commitment, key vault, key mint,
        key token_program, raw decimals, u64 amount, raw encryption_key, i64 created_at,
        i64 deliver_by, i64 accepted_at, i64 delivered_at, i64 disputed_at, raw profile_hash,
        raw ephemeral_key, raw nonce, u16 activation_len, raw activation_ciphertext, raw reserved);

    // One account type does not decode as another.
    assert!(profile_escrow::accounts::Order::try_deserialize(
        &mut patterned::<billing::Subscription>().as_slice()
    )
    .is_err());
}

/// The IDL's accounts of an instruction are those the SDK's builder (which the on-chain tests
/// drive) passes: as many, in order, the same signers, writable exactly where the IDL says so
/// (a signer may be passed writable for more), at the IDL's fixed addresses; and the builder's
/// data is the IDL's discriminator and argument size.
#[track_caller]
fn sdk_agrees(idl: &Value, name: &str, built: &SdkInstruction) {
    let ix = instruction(idl, name);
    assert_eq!(built.data[..8], bytes8(&ix["discriminator"]), "{name}");
    assert_eq!(
        built.data.len() - 8,
        args_size(idl, name),
        "{name}: argument size"
    );
    let accounts = ix["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), built.accounts.len(), "{name}: accounts");
    for (described, meta) in accounts.iter().zip(&built.accounts) {
        let account = format!("{name}.{}", described["name"].as_str().unwrap());
        let signer = described["signer"].as_bool().unwrap_or(false);
        let writable = described["writable"].as_bool().unwrap_or(false);
        assert_eq!(meta.is_signer, signer, "{account}: signer");
        if signer {
            assert!(meta.is_writable || !writable, "{account}: writable");
        } else {
            assert_eq!(meta.is_writable, writable, "{account}: writable");
        }
        if let Some(address) = described["address"].as_str() {
            assert_eq!(meta.pubkey.to_string(), address, "{account}: address");
        }
    }
}

#[test]
fn billing_and_escrow_idl_accounts_are_what_the_sdk_passes() {
    use ::profile_escrow::state::Order;
    let key = || Keypair::new().pubkey();
    // A token currency: the optional `source` accounts are then passed (writable).
    let currency = Currency::Token {
        mint: key(),
        program: market::TOKEN_2022,
        decimals: 6,
    };
    let (authority, operator, consumer, treasury) = (key(), key(), key(), key());
    let (plan, eid) = (key(), key());
    let trust = OperatorTrust {
        record: key(),
        verifying_key: key(),
        trust_anchor: key(),
    };

    let idl = usdc_billing_idl(&BILLING_PROGRAM_ID.to_string());
    let b = &BILLING_PROGRAM_ID;
    let settings = BillingSettings {
        authority,
        registry_program: PROGRAM_ID,
        eid_program: EID_PROGRAM_ID,
        treasury,
        fee_bps: 25,
        close_notice_seconds: 3_600,
    };
    let subscription = billing_pda::subscription(b, &plan, &eid, &consumer).0;
    let voucher = SignedVoucher::sign(b, &subscription, 10, 1, &Keypair::new());
    let [verify, redeem] =
        billing_ixs::redeem_voucher(b, &operator, &voucher, &currency, &treasury);
    assert_eq!(verify.program_id, solana_sdk_ids::ed25519_program::ID);
    let built = [
        (
            "initialize_billing",
            billing_ixs::initialize_billing(b, &key(), &key(), &settings),
        ),
        (
            "set_protocol_fee",
            billing_ixs::set_protocol_fee(b, &authority, 30, &treasury),
        ),
        ("set_paused", billing_ixs::set_paused(b, &authority, true)),
        (
            "propose_authority",
            gov::propose_authority(b, &billing_pda::config(b).0, &authority, &key()),
        ),
        (
            "accept_authority",
            gov::accept_authority(b, &billing_pda::config(b).0, &key()),
        ),
        (
            "cancel_authority",
            gov::cancel_authority(b, &billing_pda::config(b).0, &authority),
        ),
        (
            "set_close_notice",
            billing_ixs::set_close_notice(b, &authority, 7_200),
        ),
        (
            "create_plan",
            billing_ixs::create_plan(b, &operator, &trust, 1, Some(&key()), &terms(5)),
        ),
        (
            "update_plan",
            billing_ixs::update_plan(b, &operator, &trust, &plan, &terms(6)),
        ),
        ("retire_plan", billing_ixs::retire_plan(b, &operator, &plan)),
        (
            "open_subscription",
            billing_ixs::open_subscription(b, &consumer, &plan, &eid, &trust, &currency, &key(), 5),
        ),
        (
            "top_up",
            billing_ixs::top_up(b, &key(), &subscription, &currency, 5),
        ),
        ("redeem_voucher", redeem),
        (
            "request_close",
            billing_ixs::request_close(b, &consumer, &subscription),
        ),
        (
            "close_subscription",
            billing_ixs::close_subscription(b, &consumer, &subscription, &currency),
        ),
    ];
    for (name, ix) in &built {
        sdk_agrees(&idl, name, ix);
    }
    assert_eq!(built.len(), idl["instructions"].as_array().unwrap().len());

    let idl = profile_escrow_idl(&ESCROW_PROGRAM_ID.to_string());
    let ids = &ESCROW_IDS;
    let escrow_config = escrow_pda::config(&ids.escrow).0;
    let new = NewOrder {
        order_id: 3,
        plan,
        eid_commitment: eid,
        operator: trust,
        currency,
        max_price: 5,
        encryption_key: [4; 32],
    };
    let order = escrow_pda::order(&ids.escrow, &consumer, 3).0;
    let mut data = vec![0u8; Order::LEN];
    let stored = Order::initialize(&mut data).unwrap();
    stored.consumer = consumer.to_bytes();
    stored.operator = operator.to_bytes();
    stored.vault = escrow_pda::vault(&ids.escrow, &order).0.to_bytes();
    stored.mint = currency.mint_account().to_bytes();
    stored.token_program = currency.program_account().to_bytes();
    stored.decimals = 6;
    let view = OrderView::new(&order, stored);
    let sealed = SealedActivationCode {
        ephemeral_key: [1; 32],
        nonce: [2; 12],
        ciphertext: vec![3; 40],
    };
    let built = [
        (
            "initialize_escrow",
            escrow_ixs::initialize_escrow(ids, &key(), &key(), &authority, 60, 60),
        ),
        (
            "set_escrow_windows",
            escrow_ixs::set_escrow_windows(ids, &authority, 60, 60),
        ),
        (
            "create_order",
            escrow_ixs::create_order(ids, &consumer, &new),
        ),
        (
            "accept_order",
            escrow_ixs::accept_order(ids, &operator, &order),
        ),
        (
            "cancel_order",
            escrow_ixs::cancel_order(ids, &consumer, &view),
        ),
        (
            "deliver_profile",
            escrow_ixs::deliver_profile(ids, &operator, &order, &[5; 32], &sealed),
        ),
        (
            "confirm_installation",
            escrow_ixs::confirm_installation(ids, &consumer, &view, &treasury),
        ),
        (
            "claim_payment",
            escrow_ixs::claim_payment(ids, &operator, &view, &treasury),
        ),
        (
            "refund_order",
            escrow_ixs::refund_order(ids, &consumer, &view),
        ),
        (
            "dispute_order",
            escrow_ixs::dispute_order(ids, &consumer, &order),
        ),
        (
            "resolve_dispute",
            escrow_ixs::resolve_dispute(ids, &authority, &view, &treasury, true),
        ),
        (
            "propose_authority",
            gov::propose_authority(&ids.escrow, &escrow_config, &authority, &key()),
        ),
        (
            "accept_authority",
            gov::accept_authority(&ids.escrow, &escrow_config, &key()),
        ),
        (
            "cancel_authority",
            gov::cancel_authority(&ids.escrow, &escrow_config, &authority),
        ),
        (
            "set_paused",
            gov::set_paused(&ids.escrow, &escrow_config, &authority, true),
        ),
    ];
    for (name, ix) in &built {
        sdk_agrees(&idl, name, ix);
    }
    assert_eq!(built.len(), idl["instructions"].as_array().unwrap().len());
}

#[tokio::test]
async fn a_declare_program_client_publishes_a_plan_and_runs_a_subscription() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    f.register(&operator, &args).await.expect("DPauth");
    let record = pda::certificate(&PROGRAM_ID, &args.commitment).0;
    let trust = operator_trust(&args);
    let payer = f.ctx.payer.pubkey();
    let treasury = f.funded_key().await;
    let authority = f.authority.insecure_clone();
    let config = billing_pda::config(&BILLING_PROGRAM_ID).0;
    let system = Pubkey::default();
    assert_eq!(usdc_billing::ID.to_bytes(), BILLING_PROGRAM_ID.to_bytes());
    let metas = usdc_billing::client::accounts::InitializeBilling {
        payer: pk(&payer),
        config: pk(&config),
        system_program: system,
        program_data: pk(&openrsp_sdk::deploy::programdata_address(
            &BILLING_PROGRAM_ID,
        )),
        upgrade_authority: pk(&payer),
    }
    .to_account_metas(None);
    let data = usdc_billing::client::args::InitializeBilling {
        authority: pk(&authority.pubkey()),
        registry_program: pk(&PROGRAM_ID),
        eid_program: pk(&EID_PROGRAM_ID),
        treasury: pk(&treasury.pubkey()),
        fee_bps: 30,
        close_notice_seconds: 3_600,
    }
    .data();
    send(&mut f.ctx, &[to_sdk(usdc_billing::ID, metas, data)], &[])
        .await
        .expect("initialize via IDL client");
    let set_notice = |seconds| {
        let metas = usdc_billing::client::accounts::SetCloseNotice {
            authority: pk(&authority.pubkey()),
            config: pk(&config),
        }
        .to_account_metas(None);
        let data = usdc_billing::client::args::SetCloseNotice {
            close_notice_seconds: seconds,
        }
        .data();
        to_sdk(usdc_billing::ID, metas, data)
    };
    // Below a minute: refused with the code the IDL names.
    let code = custom_code(send(&mut f.ctx, &[set_notice(59)], &[&authority]).await);
    assert_eq!(
        code,
        u32::from(usdc_billing::error::UsdcBillingError::InvalidCloseNotice)
    );
    send(&mut f.ctx, &[set_notice(7_200)], &[&authority])
        .await
        .expect("set_close_notice via IDL client");
    let raw = account(&mut f.ctx, &config).await.unwrap();
    let decoded = usdc_billing::accounts::BillingConfig::try_deserialize(&mut raw.data.as_slice())
        .expect("decode BillingConfig");
    assert_eq!(decoded.fee_bps, 30);
    assert_eq!(decoded.close_notice_seconds, 7_200);
    assert_eq!(decoded.eid_program.to_bytes(), EID_PROGRAM_ID.to_bytes());
    assert_eq!(decoded.registry_program.to_bytes(), PROGRAM_ID.to_bytes());
    assert_eq!(decoded.treasury.to_bytes(), treasury.pubkey().to_bytes());
    assert_eq!(decoded.authority.to_bytes(), authority.pubkey().to_bytes());

    let plan = billing_pda::plan(&BILLING_PROGRAM_ID, &operator.pubkey(), 7).0;
    let metas = usdc_billing::client::accounts::CreatePlan {
        operator: pk(&operator.pubkey()),
        config: pk(&config),
        smdp_record: pk(&record),
        verifying_key: pk(&trust.verifying_key),
        trust_anchor: pk(&trust.trust_anchor),
        plan: pk(&plan),
        mint: system,
        system_program: system,
    }
    .to_account_metas(None);
    let mut countries = [[0u8; 2]; 32];
    countries[0] = *b"JP";
    let data = usdc_billing::client::args::CreatePlan {
        plan_id: 7,
        terms: usdc_billing::types::PlanTerms {
            price: 3_000_000_000,
            data_quota_mb: 1_024,
            validity_seconds: 86_400,
            coverage: usdc_billing::types::Coverage {
                region: 4,
                country_count: 1,
                countries,
            },
        },
    }
    .data();
    send(
        &mut f.ctx,
        &[to_sdk(usdc_billing::ID, metas, data)],
        &[&operator],
    )
    .await
    .expect("create_plan via IDL client");
    let raw = account(&mut f.ctx, &plan).await.unwrap();
    let decoded = usdc_billing::accounts::Plan::try_deserialize(&mut raw.data.as_slice())
        .expect("decode Plan");
    assert_eq!(decoded.plan_id, 7);
    assert_eq!(decoded.price, 3_000_000_000);
    assert_eq!(decoded.coverage.countries[0], *b"JP");
    assert_eq!(decoded.decimals, 9);

    // A SOL subscription for an EID commitment, through the client: open, top up, redeem a
    // voucher, give notice, close.
    let consumer = f.funded_key().await;
    let device = Keypair::new();
    let eid = put_eid_commitment(&mut f.ctx, &consumer.pubkey());
    let subscription =
        billing_pda::subscription(&BILLING_PROGRAM_ID, &plan, &eid, &consumer.pubkey()).0;
    let vault = billing_pda::vault(&BILLING_PROGRAM_ID, &subscription).0;
    let metas = usdc_billing::client::accounts::OpenSubscription {
        consumer: pk(&consumer.pubkey()),
        config: pk(&config),
        plan: pk(&plan),
        eid_commitment: pk(&eid),
        smdp_record: pk(&record),
        verifying_key: pk(&trust.verifying_key),
        trust_anchor: pk(&trust.trust_anchor),
        subscription: pk(&subscription),
        vault: pk(&vault),
        mint: system,
        source: None,
        token_program: system,
        system_program: system,
    }
    .to_account_metas(None);
    let data = usdc_billing::client::args::OpenSubscription {
        voucher_key: pk(&device.pubkey()),
        deposit: 1_000_000,
    }
    .data();
    send(
        &mut f.ctx,
        &[to_sdk(usdc_billing::ID, metas, data)],
        &[&consumer],
    )
    .await
    .expect("open_subscription via IDL client");
    let clock: solana_clock::Clock = f.ctx.banks_client.get_sysvar().await.unwrap();
    let now = clock.unix_timestamp;
    let decode = |data: &[u8]| {
        usdc_billing::accounts::Subscription::try_deserialize(&mut &data[..])
            .expect("decode Subscription")
    };
    let raw = account(&mut f.ctx, &subscription).await.unwrap();
    let s = decode(&raw.data);
    assert_eq!(s.status, 1);
    assert_eq!(s.plan.to_bytes(), plan.to_bytes());
    assert_eq!(s.operator.to_bytes(), operator.pubkey().to_bytes());
    assert_eq!(s.consumer.to_bytes(), consumer.pubkey().to_bytes());
    assert_eq!(s.eid_commitment.to_bytes(), eid.to_bytes());
    assert_eq!(s.voucher_key.to_bytes(), device.pubkey().to_bytes());
    assert_eq!(s.vault.to_bytes(), vault.to_bytes());
    assert_eq!(s.mint, Pubkey::default());
    assert_eq!((s.decimals, s.price), (9, 3_000_000_000));
    assert_eq!((s.data_quota_mb, s.validity_seconds), (1_024, 86_400));
    assert_eq!((s.deposited, s.redeemed), (1_000_000, 0));
    assert_eq!(s.opened_at, now);
    assert_eq!((s.close_requested_at, s.closes_at), (0, 0));

    let metas = usdc_billing::client::accounts::TopUp {
        funder: pk(&consumer.pubkey()),
        subscription: pk(&subscription),
        vault: pk(&vault),
        mint: system,
        source: None,
        token_program: system,
    }
    .to_account_metas(None);
    let data = usdc_billing::client::args::TopUp { amount: 500_000 }.data();
    send(
        &mut f.ctx,
        &[to_sdk(usdc_billing::ID, metas, data)],
        &[&consumer],
    )
    .await
    .expect("top_up via IDL client");
    let raw = account(&mut f.ctx, &subscription).await.unwrap();
    assert_eq!(decode(&raw.data).deposited, 1_500_000);

    // The Ed25519 check from the SDK, then redeem_voucher through the client.
    let voucher = SignedVoucher::sign(&BILLING_PROGRAM_ID, &subscription, 400_000, now, &device);
    let [verify, _] = billing_ixs::redeem_voucher(
        &BILLING_PROGRAM_ID,
        &operator.pubkey(),
        &voucher,
        &Currency::Sol,
        &treasury.pubkey(),
    );
    let metas = usdc_billing::client::accounts::RedeemVoucher {
        operator: pk(&operator.pubkey()),
        config: pk(&config),
        subscription: pk(&subscription),
        vault: pk(&vault),
        mint: system,
        operator_account: pk(&operator.pubkey()),
        treasury_account: pk(&treasury.pubkey()),
        token_program: system,
        instructions: pk(&solana_sdk_ids::sysvar::instructions::ID),
    }
    .to_account_metas(None);
    let data = usdc_billing::client::args::RedeemVoucher {
        cumulative: 400_000,
        issued_at: now,
    }
    .data();
    let before = [
        account(&mut f.ctx, &operator.pubkey())
            .await
            .unwrap()
            .lamports,
        account(&mut f.ctx, &treasury.pubkey())
            .await
            .unwrap()
            .lamports,
    ];
    send(
        &mut f.ctx,
        &[verify, to_sdk(usdc_billing::ID, metas, data)],
        &[&operator],
    )
    .await
    .expect("redeem_voucher via IDL client");
    let after = [
        account(&mut f.ctx, &operator.pubkey())
            .await
            .unwrap()
            .lamports,
        account(&mut f.ctx, &treasury.pubkey())
            .await
            .unwrap()
            .lamports,
    ];
    // 30 bps of 400,000 to the treasury, the rest to the operator.
    assert_eq!(after[0] - before[0], 398_800);
    assert_eq!(after[1] - before[1], 1_200);
    let raw = account(&mut f.ctx, &subscription).await.unwrap();
    let s = decode(&raw.data);
    assert_eq!((s.redeemed, s.last_voucher_at), (400_000, now));

    let metas = usdc_billing::client::accounts::RequestClose {
        consumer: pk(&consumer.pubkey()),
        config: pk(&config),
        subscription: pk(&subscription),
    }
    .to_account_metas(None);
    let data = usdc_billing::client::args::RequestClose {}.data();
    send(
        &mut f.ctx,
        &[to_sdk(usdc_billing::ID, metas, data)],
        &[&consumer],
    )
    .await
    .expect("request_close via IDL client");
    let raw = account(&mut f.ctx, &subscription).await.unwrap();
    let s = decode(&raw.data);
    assert_eq!(s.status, 2);
    assert_eq!((s.close_requested_at, s.closes_at), (now, now + 7_200));

    set_time(&f.ctx, now + 7_200).await;
    let held = [
        account(&mut f.ctx, &vault).await.unwrap().lamports,
        account(&mut f.ctx, &subscription).await.unwrap().lamports,
    ];
    let before = account(&mut f.ctx, &consumer.pubkey())
        .await
        .unwrap()
        .lamports;
    let metas = usdc_billing::client::accounts::CloseSubscription {
        consumer: pk(&consumer.pubkey()),
        subscription: pk(&subscription),
        vault: pk(&vault),
        mint: system,
        consumer_account: pk(&consumer.pubkey()),
        token_program: system,
    }
    .to_account_metas(None);
    let data = usdc_billing::client::args::CloseSubscription {}.data();
    send(
        &mut f.ctx,
        &[to_sdk(usdc_billing::ID, metas, data)],
        &[&consumer],
    )
    .await
    .expect("close_subscription via IDL client");
    let after = account(&mut f.ctx, &consumer.pubkey())
        .await
        .unwrap()
        .lamports;
    // The 1,100,000 left in the vault and both rents come back; both accounts are gone.
    assert_eq!(
        held[0] - 1_100_000,
        f.ctx
            .banks_client
            .get_rent()
            .await
            .unwrap()
            .minimum_balance(0)
    );
    assert_eq!(after - before, held[0] + held[1]);
    assert!(account(&mut f.ctx, &subscription).await.is_none());
    assert!(account(&mut f.ctx, &vault).await.is_none());
}

#[tokio::test]
async fn a_declare_program_client_drives_profile_escrow() {
    const DAY: u64 = 86_400;
    const PRICE: u64 = 10_000_000;
    let mut m = market::Market::new().await;
    assert_eq!(profile_escrow::ID.to_bytes(), ESCROW_PROGRAM_ID.to_bytes());
    let authority = m.f.authority.insecure_clone();
    let operator = m.operator.insecure_clone();
    let config = escrow_pda::config(&ESCROW_PROGRAM_ID).0;
    let billing_config = billing_pda::config(&BILLING_PROGRAM_ID).0;
    let system = Pubkey::default();
    let set_windows = |signer: &Keypair, dispute, delivery| {
        let metas = profile_escrow::client::accounts::SetEscrowWindows {
            authority: pk(&signer.pubkey()),
            config: pk(&config),
        }
        .to_account_metas(None);
        let data = profile_escrow::client::args::SetEscrowWindows {
            dispute_window_seconds: dispute,
            delivery_window_seconds: delivery,
        }
        .data();
        to_sdk(profile_escrow::ID, metas, data)
    };
    // Below a minute: refused with the code the IDL names.
    let ix = set_windows(&authority, 59, 3 * DAY);
    let code = custom_code(m.send(&[ix], &[&authority]).await);
    assert_eq!(
        code,
        u32::from(profile_escrow::error::ProfileEscrowError::InvalidWindows)
    );
    // Not the authority: the escrow's own `Unauthorized` (6300), not billing's.
    let ix = set_windows(&operator, 2 * DAY, 3 * DAY);
    let code = custom_code(m.send(&[ix], &[&operator]).await);
    assert_eq!(
        code,
        u32::from(profile_escrow::error::ProfileEscrowError::Unauthorized)
    );
    assert_eq!(
        code,
        ::profile_escrow::errors::EscrowError::Unauthorized as u32
    );
    let ix = set_windows(&authority, 2 * DAY, 3 * DAY);
    m.send(&[ix], &[&authority])
        .await
        .expect("set_escrow_windows via IDL client");
    let raw = account(&mut m.f.ctx, &config).await.unwrap();
    let c = profile_escrow::accounts::EscrowConfig::try_deserialize(&mut raw.data.as_slice())
        .expect("decode EscrowConfig");
    assert_eq!(c.dispute_window_seconds, 2 * DAY);
    assert_eq!(c.delivery_window_seconds, 3 * DAY);
    assert_eq!(c.authority.to_bytes(), authority.pubkey().to_bytes());
    assert_eq!(c.billing_program.to_bytes(), BILLING_PROGRAM_ID.to_bytes());
    assert_eq!(c.version, 1);

    // An order made by the SDK's builder decodes through the generated type.
    let plan = m.create_plan(1, None, PRICE).await;
    let (consumer, eid) = m.consumer().await;
    let new = NewOrder {
        order_id: 42,
        plan,
        eid_commitment: eid,
        operator: m.trust,
        currency: Currency::Sol,
        max_price: PRICE,
        encryption_key: [9; 32],
    };
    let ix = escrow_ixs::create_order(&ESCROW_IDS, &consumer.pubkey(), &new);
    m.send(&[ix], &[&consumer]).await.expect("create_order");
    let order = escrow_pda::order(&ESCROW_PROGRAM_ID, &consumer.pubkey(), 42).0;
    let vault = escrow_pda::vault(&ESCROW_PROGRAM_ID, &order).0;
    let decode = |data: &[u8]| {
        profile_escrow::accounts::Order::try_deserialize(&mut &data[..]).expect("decode Order")
    };
    let raw = account(&mut m.f.ctx, &order).await.unwrap();
    let o = decode(&raw.data);
    assert_eq!((o.order_id, o.status), (42, 1));
    assert_eq!(o.consumer.to_bytes(), consumer.pubkey().to_bytes());
    assert_eq!(o.operator.to_bytes(), operator.pubkey().to_bytes());
    assert_eq!(o.plan.to_bytes(), plan.to_bytes());
    assert_eq!(o.eid_commitment.to_bytes(), eid.to_bytes());
    assert_eq!(o.vault.to_bytes(), vault.to_bytes());
    assert_eq!(o.mint, Pubkey::default());
    assert_eq!((o.decimals, o.amount), (9, PRICE));
    assert_eq!(o.encryption_key, [9; 32]);
    assert_eq!(o.created_at, m.now);
    // The delivery window set through the client fixes the deadline.
    assert_eq!(o.deliver_by, m.now + 3 * DAY as i64);
    assert_eq!((o.accepted_at, o.delivered_at, o.disputed_at), (0, 0, 0));
    assert_eq!(o.profile_hash, [0; 32]);

    // accept, deliver, dispute and resolve through the client.
    let metas = profile_escrow::client::accounts::AcceptOrder {
        operator: pk(&operator.pubkey()),
        order: pk(&order),
    }
    .to_account_metas(None);
    let data = profile_escrow::client::args::AcceptOrder {}.data();
    m.send(&[to_sdk(profile_escrow::ID, metas, data)], &[&operator])
        .await
        .expect("accept_order via IDL client");
    let raw = account(&mut m.f.ctx, &order).await.unwrap();
    let o = decode(&raw.data);
    assert_eq!((o.status, o.accepted_at), (2, m.now));

    m.warp(3_600).await;
    let mut ciphertext = [0u8; ::profile_escrow::state::MAX_ACTIVATION_CIPHERTEXT];
    ciphertext[..40].fill(8);
    let metas = profile_escrow::client::accounts::DeliverProfile {
        operator: pk(&operator.pubkey()),
        order: pk(&order),
    }
    .to_account_metas(None);
    let data = profile_escrow::client::args::DeliverProfile {
        profile_hash: [5; 32],
        ephemeral_key: [6; 32],
        nonce: [7; 12],
        activation_len: 40,
        activation_ciphertext: ciphertext,
    }
    .data();
    m.send(&[to_sdk(profile_escrow::ID, metas, data)], &[&operator])
        .await
        .expect("deliver_profile via IDL client");
    let raw = account(&mut m.f.ctx, &order).await.unwrap();
    let o = decode(&raw.data);
    assert_eq!((o.status, o.delivered_at), (3, m.now));
    assert_eq!(o.profile_hash, [5; 32]);
    assert_eq!(o.ephemeral_key, [6; 32]);
    assert_eq!(o.nonce, [7; 12]);
    assert_eq!(o.activation_len, 40);
    assert_eq!(o.activation_ciphertext, ciphertext);

    let metas = profile_escrow::client::accounts::DisputeOrder {
        consumer: pk(&consumer.pubkey()),
        escrow_config: pk(&config),
        order: pk(&order),
    }
    .to_account_metas(None);
    let data = profile_escrow::client::args::DisputeOrder {}.data();
    m.send(&[to_sdk(profile_escrow::ID, metas, data)], &[&consumer])
        .await
        .expect("dispute_order via IDL client");
    let raw = account(&mut m.f.ctx, &order).await.unwrap();
    let o = decode(&raw.data);
    assert_eq!((o.status, o.disputed_at), (4, m.now));

    // Decided for the consumer: the price and both rents back, the order and its vault closed.
    let held = [
        account(&mut m.f.ctx, &vault).await.unwrap().lamports,
        account(&mut m.f.ctx, &order).await.unwrap().lamports,
    ];
    assert_eq!(held[0] - m.rent(0).await, PRICE);
    let before = m.lamports(&consumer.pubkey()).await;
    let metas = profile_escrow::client::accounts::ResolveDispute {
        authority: pk(&authority.pubkey()),
        escrow_config: pk(&config),
        billing_config: pk(&billing_config),
        order: pk(&order),
        vault: pk(&vault),
        mint: system,
        payee_account: pk(&consumer.pubkey()),
        treasury_account: pk(&m.treasury.pubkey()),
        consumer: pk(&consumer.pubkey()),
        token_program: system,
    }
    .to_account_metas(None);
    let data = profile_escrow::client::args::ResolveDispute {
        pay_operator: false,
    }
    .data();
    m.send(&[to_sdk(profile_escrow::ID, metas, data)], &[&authority])
        .await
        .expect("resolve_dispute via IDL client");
    assert_eq!(
        m.lamports(&consumer.pubkey()).await - before,
        held[0] + held[1]
    );
    assert!(account(&mut m.f.ctx, &order).await.is_none());
    assert!(account(&mut m.f.ctx, &vault).await.is_none());
}
