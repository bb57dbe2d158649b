//! The Anchor interface: the committed IDL is what the program says it is, and a client generated
//! from it by anchor-lang's `declare_program!` talks to the real program.

use anchor_lang::{prelude::*, InstructionData, ToAccountMetas};
use openrsp_tests::{
    idl::{cert_registry_idl, eid_commitment_idl, type_size, usdc_billing_idl},
    *,
};
use solana_instruction::{AccountMeta as SdkMeta, Instruction as SdkInstruction};
use solana_signer::Signer;

// The generated client has one argument per IDL field.
#[allow(clippy::too_many_arguments)]
mod generated {
    use anchor_lang::prelude::*;
    declare_program!(cert_registry);
    declare_program!(eid_commitment);
    declare_program!(usdc_billing);
}
use generated::{cert_registry, eid_commitment, usdc_billing};

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
            "accept_authority" => 0,
            "register_commitment" => 4 * 32 + 256,
            "rotate_commitment" => 2 * 32 + 256,
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
            "accept_authority" | "retire_trust_anchor" | "retire_verifying_key" => 0,
            "set_paused" | "revoke_certificate" => 1,
            "initialize_eum_tree" => 0,
            "revoke_eum_certificate" => 1 + 14 * 32,
            "add_trust_anchor" => 20 + 1 + 64 + 32,
            "add_verifying_key" => 4 + 2 + 2 + Groth16VerifyingKeyBytes::LEN,
            "register_certificate" => 1 + 32 + 32 + 8 + 8 + 256,
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
    assert_eq!(decoded.paused, 1);
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

    // register_certificate through the Anchor client, with a real proof.
    let operator = f.funded_key().await;
    let a = f.register_args(&dp_auth_nist(), &operator.pubkey());
    let metas = cert_registry::client::accounts::RegisterCertificate {
        registrant: pk(&operator.pubkey()),
        registry,
        verifying_key: pk(&pda::verifying_key(&PROGRAM_ID, a.circuit_id).0),
        trust_anchor: pk(&pda::trust_anchor(&PROGRAM_ID, &a.anchor_key_id).0),
        certificate_record: pk(&pda::certificate(&PROGRAM_ID, &a.commitment).0),
        system_program: Pubkey::default(),
        eum_tree: None,
    }
    .to_account_metas(None);
    let data = cert_registry::client::args::RegisterCertificate {
        role: a.role,
        commitment: a.commitment,
        subject_key_hash: a.subject_key_hash,
        not_before: a.not_before,
        not_after: a.not_after,
        proof_a: a.proof.a,
        proof_b: a.proof.b,
        proof_c: a.proof.c,
    }
    .data();
    send(
        &mut f.ctx,
        &[to_sdk(cert_registry::ID, metas, data)],
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

    let raw = account(&mut f.ctx, &pda::verifying_key(&PROGRAM_ID, a.circuit_id).0)
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
        assert_eq!(decoded.paused, paused as u8);
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
    let metas = eid_commitment::client::accounts::RegisterCommitment {
        owner: pk(&owner.pubkey()),
        config,
        eum_tree: pk(&pda::eum_tree(&PROGRAM_ID).0),
        eid_commitment: pk(&openrsp_sdk::eid_commitment::pda::eid_commitment(
            &EID_PROGRAM_ID,
            &nullifier,
        )
        .0),
        nullifier: pk(&openrsp_sdk::eid_commitment::pda::nullifier(&EID_PROGRAM_ID, &nullifier).0),
        system_program: Pubkey::default(),
    }
    .to_account_metas(None);
    let data = eid_commitment::client::args::RegisterCommitment {
        root,
        commitment: [5; 32],
        nullifier,
        purpose: [1; 32],
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
        ::cert_registry::errors::RegistryError::InvalidProof,
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
    assert_eq!(record.in_eum_tree, 1);
    assert_eq!(record.eum_leaf_index, 0);
}

#[test]
fn billing_idl_layouts_have_the_program_sizes() {
    use ::usdc_billing::state::*;
    let idl = usdc_billing_idl(&BILLING_PROGRAM_ID.to_string());
    let types = idl["types"].as_array().unwrap().clone();
    let size = |name: &str| type_size(&serde_json::json!({ "defined": { "name": name } }), &types);
    assert_eq!(size("BillingConfig") + 8, BillingConfig::LEN);
    assert_eq!(size("Plan") + 8, Plan::LEN);
    assert_eq!(size("Coverage"), core::mem::size_of::<Coverage>());
    for ix in idl["instructions"].as_array().unwrap() {
        let args: usize = ix["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| type_size(&a["type"], &types))
            .sum();
        let name = ix["name"].as_str().unwrap();
        let terms = 24 + core::mem::size_of::<Coverage>();
        let expected = match name {
            "initialize_billing" => 3 * 32 + 2,
            "set_protocol_fee" => 2 + 32,
            "set_paused" => 1,
            "create_plan" => 8 + terms,
            "update_plan" => terms,
            "retire_plan" => 0,
            other => panic!("undescribed instruction {other}"),
        };
        assert_eq!(args, expected, "{name}");
    }
}

#[tokio::test]
async fn a_declare_program_client_publishes_a_plan() {
    let mut f = Fixture::new().await;
    let operator = f.funded_key().await;
    let args = f.register_args(&dp_auth_nist(), &operator.pubkey());
    f.register(&operator, &args).await.expect("DPauth");
    let record = pda::certificate(&PROGRAM_ID, &args.commitment).0;
    let payer = f.ctx.payer.pubkey();
    let config = openrsp_sdk::usdc_billing::pda::config(&BILLING_PROGRAM_ID).0;
    let metas = usdc_billing::client::accounts::InitializeBilling {
        payer: pk(&payer),
        config: pk(&config),
        system_program: Pubkey::default(),
    }
    .to_account_metas(None);
    let data = usdc_billing::client::args::InitializeBilling {
        authority: pk(&f.authority.pubkey()),
        registry_program: pk(&PROGRAM_ID),
        treasury: pk(&payer),
        fee_bps: 30,
    }
    .data();
    send(&mut f.ctx, &[to_sdk(usdc_billing::ID, metas, data)], &[])
        .await
        .expect("initialize via IDL client");
    let plan = openrsp_sdk::usdc_billing::pda::plan(&BILLING_PROGRAM_ID, &operator.pubkey(), 7).0;
    let metas = usdc_billing::client::accounts::CreatePlan {
        operator: pk(&operator.pubkey()),
        config: pk(&config),
        smdp_record: pk(&record),
        plan: pk(&plan),
        mint: Pubkey::default(),
        system_program: Pubkey::default(),
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
    let raw = account(&mut f.ctx, &config).await.unwrap();
    let decoded = usdc_billing::accounts::BillingConfig::try_deserialize(&mut raw.data.as_slice())
        .expect("decode BillingConfig");
    assert_eq!(decoded.fee_bps, 30);
}
