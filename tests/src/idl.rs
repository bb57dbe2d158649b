//! The Anchor IDLs of cert-registry, eid-commitment, usdc-billing and profile-escrow
//! (`idl/*.json`), generated from the programs' own constants (discriminators, errors, events) and
//! a field-by-field description of their layouts and instruction accounts.
//! `tests/idl.rs` checks that the committed files are this output, that every described layout has
//! the program's size, and that a client generated from it by anchor-lang's `declare_program!`
//! talks to the real program.

use cert_registry::{
    errors::{FrameworkError, RegistryError},
    events::ALL_EVENTS,
    instructions::discriminator as disc,
};
use eid_commitment::{
    errors::EidError, events::ALL_EVENTS as EID_EVENTS, instructions::discriminator as eid_disc,
};
use openrsp_framework::governance::events::ALL_EVENTS as GOVERNANCE_EVENTS;
use serde_json::{json, Value};

fn account(name: &str, writable: bool, signer: bool) -> Value {
    let mut v = json!({ "name": name });
    if writable {
        v["writable"] = json!(true);
    }
    if signer {
        v["signer"] = json!(true);
    }
    v
}

fn system_program() -> Value {
    json!({ "name": "system_program", "address": "11111111111111111111111111111111" })
}

/// The instructions sysvar (read to find the precompile instruction, Ed25519 or secp256r1, right
/// before this one).
fn instructions_sysvar() -> Value {
    json!({ "name": "instructions", "address": "Sysvar1nstructions1111111111111111111111111" })
}

fn field(name: &str, ty: Value) -> Value {
    json!({ "name": name, "type": ty })
}

fn bytes(n: usize) -> Value {
    json!({ "array": ["u8", n] })
}

/// An optional account (Anchor's `Option<Account>`: clients pass the program id for "none").
fn optional(name: &str, writable: bool) -> Value {
    let mut v = account(name, writable, false);
    v["optional"] = json!(true);
    v
}

/// The last two accounts of every set-up instruction: the program's ProgramData account (the PDA
/// `[program id]` of the upgradeable loader, which clients resolve from the IDL) and its upgrade
/// authority, who alone may set the program up.
fn upgrade_authority_accounts(program: &str) -> [Value; 2] {
    let id: solana_address::Address = program.parse().expect("program address");
    let loader = openrsp_sdk::deploy::LOADER;
    [
        json!({
            "name": "program_data",
            "pda": {
                "seeds": [{ "kind": "const", "value": id.to_bytes().to_vec() }],
                "program": { "kind": "const", "value": loader.to_bytes().to_vec() },
            },
        }),
        account("upgrade_authority", false, true),
    ]
}

/// The governance instructions every program shares (`openrsp_framework::governance`), on its
/// config account `config`; `paused_docs` says what its pause stops.
fn governance_ixs(table: &[(&str, [u8; 8])], config: &str, paused_docs: &str) -> Vec<Value> {
    let signed = |signer: &str| vec![account(signer, false, true), account(config, true, false)];
    vec![
        ix_of(
            table,
            "propose_authority",
            signed("authority"),
            vec![field("new_authority", json!("pubkey"))],
            "Step one of an authority hand-over: the authority names its successor (the zero key withdraws a proposal).",
        ),
        ix_of(
            table,
            "accept_authority",
            signed("new_authority"),
            vec![],
            "Step two: the proposed successor signs to take over.",
        ),
        ix_of(
            table,
            "cancel_authority",
            signed("authority"),
            vec![],
            "Withdraw a pending hand-over.",
        ),
        ix_of(
            table,
            "set_paused",
            signed("authority"),
            vec![field("paused", json!("bool"))],
            paused_docs,
        ),
    ]
}

fn ix(name: &str, accounts: Vec<Value>, args: Vec<Value>, docs: &str) -> Value {
    ix_of(&disc::ALL, name, accounts, args, docs)
}

fn ix_of(
    table: &[(&str, [u8; 8])],
    name: &str,
    accounts: Vec<Value>,
    args: Vec<Value>,
    docs: &str,
) -> Value {
    let d = table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, d)| d.to_vec())
        .expect("known instruction");
    json!({ "name": name, "docs": [docs], "discriminator": d, "accounts": accounts, "args": args })
}

/// Byte size of an IDL type (fixed-size types only, which is all this program uses).
pub fn type_size(ty: &Value, types: &[Value]) -> usize {
    match ty {
        Value::String(s) => match s.as_str() {
            "u8" | "bool" => 1,
            "u16" => 2,
            "u32" => 4,
            "u64" | "i64" => 8,
            "pubkey" => 32,
            other => panic!("unsized IDL type {other}"),
        },
        Value::Object(o) if o.contains_key("array") => {
            let a = &o["array"];
            type_size(&a[0], types) * a[1].as_u64().expect("array length") as usize
        }
        Value::Object(o) if o.contains_key("defined") => {
            let name = o["defined"]["name"].as_str().expect("defined name");
            let def = types
                .iter()
                .find(|t| t["name"] == name)
                .expect("defined type exists");
            def["type"]["fields"]
                .as_array()
                .expect("struct")
                .iter()
                .map(|f| type_size(&f["type"], types))
                .sum()
        }
        other => panic!("unsupported IDL type {other}"),
    }
}

fn event_type(ty: &str) -> Value {
    match ty {
        "pubkey" => json!("pubkey"),
        "key_id" => bytes(20),
        "bytes32" => bytes(32),
        other => json!(other),
    }
}

/// An event as the programs' `ALL_EVENTS` describe it: name, discriminator, (field, type) pairs.
type EventDescription = (
    &'static str,
    [u8; 8],
    &'static [(&'static str, &'static str)],
);

/// What differs between the programs' IDLs; [`assemble`] adds what they share (event types,
/// account and event discriminators, error list, metadata).
struct Idl<'a> {
    name: &'a str,
    description: &'a str,
    address: &'a str,
    instructions: Vec<Value>,
    /// The program's own types (state and arguments); event types are added.
    types: Vec<Value>,
    accounts: &'a [&'a str],
    events: &'a [EventDescription],
    errors: Vec<Value>,
    /// The program's own accounts at fixed seeds, by the name instructions give them: the IDL
    /// carries their seeds, so Anchor clients resolve them without being told.
    fixed_pdas: &'a [(&'a str, &'a [u8])],
}

fn assemble(idl: Idl) -> Value {
    let mut instructions = idl.instructions;
    for account in instructions
        .iter_mut()
        .flat_map(|ix| ix["accounts"].as_array_mut().expect("accounts"))
    {
        let seeds = idl
            .fixed_pdas
            .iter()
            .find(|(name, _)| account["name"] == *name)
            .map(|(_, seed)| seed);
        // An optional account stays the caller's choice (the program id passes "none").
        if account["optional"] == true {
            continue;
        }
        if let Some(seed) = seeds {
            account["pda"] = json!({ "seeds": [{ "kind": "const", "value": seed.to_vec() }] });
        }
    }
    let mut types = idl.types;
    let all_events = || idl.events.iter().chain(GOVERNANCE_EVENTS);
    for (name, _, fields) in all_events() {
        types.push(json!({ "name": name, "type": { "kind": "struct", "fields":
            fields.iter().map(|(n, t)| field(n, event_type(t))).collect::<Vec<_>>() } }));
    }
    let anchor_disc = |name: &str| -> Vec<u8> {
        use sha2::{Digest, Sha256};
        Sha256::digest(format!("account:{name}").as_bytes())[..8].to_vec()
    };
    let accounts: Vec<Value> = idl
        .accounts
        .iter()
        .map(|n| json!({ "name": n, "discriminator": anchor_disc(n) }))
        .collect();
    let events: Vec<Value> = all_events()
        .map(|(n, d, _)| json!({ "name": n, "discriminator": d.to_vec() }))
        .collect();
    json!({
        "address": idl.address,
        "metadata": {
            "name": idl.name,
            "version": env!("CARGO_PKG_VERSION"),
            "spec": "0.1.0",
            "description": idl.description,
        },
        "instructions": instructions,
        "accounts": accounts,
        "events": events,
        "errors": idl.errors,
        "types": types,
    })
}

fn error_json(code: u32, name: &str, message: &str) -> Value {
    json!({ "code": code, "name": name, "msg": message })
}

/// The registry's shared account-check errors, then a program's own.
fn shared_errors_and(own: impl Iterator<Item = Value>) -> Vec<Value> {
    SHARED_ERRORS
        .iter()
        .map(|e| error_json(*e as u32, e.name(), e.message()))
        .chain(own)
        .collect()
}

pub fn cert_registry_idl(address: &str) -> Value {
    let vk_bytes = json!({ "defined": { "name": "Groth16VerifyingKeyBytes" } });
    let instructions = vec![
        ix(
            "initialize_registry",
            [
                vec![
                    account("payer", true, true),
                    account("registry", true, false),
                    system_program(),
                ],
                upgrade_authority_accounts(address).to_vec(),
            ]
            .concat(),
            vec![field("authority", json!("pubkey"))],
            "Create the registry and name its first authority (only the program's upgrade authority can).",
        ),
        ix(
            "add_trust_anchor",
            vec![
                account("authority", false, true),
                account("payer", true, true),
                account("registry", false, false),
                account("trust_anchor", true, false),
                system_program(),
            ],
            vec![
                field("key_id", bytes(20)),
                field("curve", json!("u8")),
                field("public_key", bytes(64)),
                field("name", bytes(32)),
            ],
            "Register a GSMA CI root as a trust anchor.",
        ),
        ix(
            "retire_trust_anchor",
            vec![
                account("authority", false, true),
                account("registry", false, false),
                account("trust_anchor", true, false),
            ],
            vec![],
            "Stop admitting certificates under a CI root.",
        ),
        ix(
            "add_verifying_key",
            vec![
                account("authority", false, true),
                account("payer", true, true),
                account("registry", false, false),
                account("trust_anchor", false, false),
                account("verifying_key", true, false),
                system_program(),
            ],
            vec![
                field("circuit_id", json!("u32")),
                field("circuit_version", json!("u16")),
                field("role_mask", json!("u16")),
                field("key", vk_bytes.clone()),
            ],
            "Register the Groth16 verifying key of a certificate circuit.",
        ),
        ix(
            "retire_verifying_key",
            vec![
                account("authority", false, true),
                account("registry", false, false),
                account("verifying_key", true, false),
            ],
            vec![],
            "Stop admitting proofs made for a circuit.",
        ),
        ix(
            "register_certificate",
            vec![
                account("registrant", true, true),
                account("registry", false, false),
                account("verifying_key", false, false),
                account("trust_anchor", false, false),
                account("certificate_record", true, false),
                system_program(),
                instructions_sysvar(),
                optional("eum_tree", true),
                optional("eum_key", true),
            ],
            vec![
                field("role", json!("u8")),
                field("commitment", bytes(32)),
                field("subject_key_x", bytes(32)),
                field("subject_key_y", bytes(32)),
                field("permitted_iin", json!("u64")),
                field("not_before", json!("u64")),
                field("not_after", json!("u64")),
                field("proof_a", bytes(64)),
                field("proof_b", bytes(128)),
                field("proof_c", bytes(64)),
            ],
            "Admit a certificate on the strength of a Groth16 proof about it.",
        ),
        ix(
            "revoke_certificate",
            vec![
                account("revoker", false, true),
                account("registry", false, false),
                account("certificate_record", true, false),
            ],
            vec![field("reason", json!("u8"))],
            "Mark a certificate record revoked (the authority or the registrant).",
        ),
        ix(
            "initialize_eum_tree",
            vec![
                account("authority", false, true),
                account("payer", true, true),
                account("registry", false, false),
                account("eum_tree", true, false),
                system_program(),
            ],
            vec![],
            "Create the empty tree of EUM keys that EID proofs are made against.",
        ),
        ix(
            "revoke_eum_certificate",
            vec![
                account("revoker", false, true),
                account("registry", false, false),
                account("certificate_record", true, false),
                account("eum_tree", true, false),
                account("eum_key", true, false),
                account("registrant", true, false),
            ],
            vec![
                field("reason", json!("u8")),
                field("siblings", json!({ "array": [bytes(32), 14] })),
            ],
            "Revoke an EUM certificate, remove its leaf from the EUM tree (path under the current root) and close its key's marker (rent to the registrant).",
        ),
    ];
    let mut instructions = instructions;
    instructions.splice(
        1..1,
        governance_ixs(
            &disc::ALL,
            "registry",
            "Stop (or resume) new certificate registrations.",
        ),
    );

    let types = vec![
        json!({ "name": "Registry", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("paused", json!("bool")),
            field("authority", json!("pubkey")), field("pending_authority", json!("pubkey")),
            field("reserved", bytes(64)) ] } }),
        json!({ "name": "TrustAnchor", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("status", json!("u8")),
            field("curve", json!("u8")), field("key_id", bytes(20)), field("public_key", bytes(64)),
            field("name", bytes(32)), field("registered_at", json!("i64")), field("retired_at", json!("i64")),
            field("reserved", bytes(64)) ] } }),
        json!({ "name": "Groth16VerifyingKeyBytes", "type": { "kind": "struct", "fields": [
            field("alpha_g1", bytes(64)), field("beta_g2", bytes(128)), field("gamma_g2", bytes(128)),
            field("delta_g2", bytes(128)), field("ic", json!({ "array": [bytes(64), 2] })) ] } }),
        json!({ "name": "VerifyingKey", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("status", json!("u8")),
            field("circuit_id", json!("u32")), field("circuit_version", json!("u16")),
            field("role_mask", json!("u16")), field("anchor_key_id", bytes(20)), field("key", vk_bytes),
            field("registered_at", json!("i64")), field("retired_at", json!("i64")),
            field("reserved", bytes(64)) ] } }),
        json!({ "name": "CertificateRecord", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("status", json!("u8")),
            field("role", json!("u8")), field("circuit_id", json!("u32")), field("anchor_key_id", bytes(20)),
            field("commitment", bytes(32)), field("subject_key_hash", bytes(32)),
            field("not_before", json!("u64")), field("not_after", json!("u64")),
            field("registrant", json!("pubkey")), field("registered_at", json!("i64")),
            field("revoked_at", json!("i64")), field("revoked_by", json!("pubkey")),
            field("revocation_reason", json!("u8")), field("in_eum_tree", json!("bool")),
            field("eum_leaf_index", json!("u32")), field("subject_key", bytes(33)),
            field("reserved", bytes(26)) ] } }),
        json!({ "name": "EumTree", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("depth", json!("u8")),
            field("next_index", json!("u32")), field("removed", json!("u32")),
            field("filled", json!({ "array": [bytes(32), 14] })),
            field("root_slot", json!("u8")), field("valid_roots", json!("u8")),
            field("roots", json!({ "array": [bytes(32), 32] })),
            field("reserved", bytes(64)) ] } }),
        json!({ "name": "EumKey", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("record", json!("pubkey")),
            field("reserved", bytes(32)) ] } }),
    ];
    assemble(Idl {
        name: "cert_registry",
        description: "OpenRSP certificate registry: GSMA RSP certificates admitted by Groth16 proof under registered CI roots",
        address,
        instructions,
        types,
        accounts: &["Registry", "TrustAnchor", "VerifyingKey", "CertificateRecord", "EumTree", "EumKey"],
        events: ALL_EVENTS,
        errors: registry_errors(),
        fixed_pdas: &[("registry", cert_registry::seeds::REGISTRY), ("eum_tree", cert_registry::seeds::EUM_TREE)],
    })
}

/// Every error the registry raises, the shared checks' and its own, in code order (the shared
/// codes sit inside the registry's range, where they were first defined).
fn registry_errors() -> Vec<Value> {
    registry_error_entries()
        .into_iter()
        .map(|(code, name, msg)| error_json(code, name, msg))
        .collect()
}

/// The registry's errors as (code, name, message), the shared checks' and its own, in code order.
pub fn registry_error_entries() -> Vec<(u32, &'static str, &'static str)> {
    let mut errors: Vec<_> = FrameworkError::ALL
        .iter()
        .map(|e| (*e as u32, e.name(), e.message()))
        .chain(
            RegistryError::ALL
                .iter()
                .map(|e| (*e as u32, e.name(), e.message())),
        )
        .collect();
    errors.sort_by_key(|(code, _, _)| *code);
    errors
}

/// The shared checks' errors every other program's IDL lists before its own (they keep their codes
/// in every OpenRSP program): all of them, the set-up's ProgramData checks and the Groth16 key
/// checks included, so no refusal a program can give goes unnamed.
pub const SHARED_ERRORS: &[FrameworkError] = FrameworkError::ALL;

pub fn eid_commitment_idl(address: &str) -> Value {
    let vk_bytes = json!({ "defined": { "name": "Groth16VerifyingKeyBytes" } });
    let ix = |name, accounts, args, docs| ix_of(&eid_disc::ALL, name, accounts, args, docs);
    let proof = || {
        vec![
            field("proof_a", bytes(64)),
            field("proof_b", bytes(128)),
            field("proof_c", bytes(64)),
        ]
    };
    let renewal_accounts = |signer: &'static str| {
        vec![
            account(signer, false, true),
            account("config", false, false),
            account("eum_tree", false, false),
            account("trust_anchor", false, false),
            account("eid_commitment", true, false),
            account("nullifier", true, false),
            account("slot_hashes", false, false),
        ]
    };
    let renewal_args = || {
        [
            vec![
                field("root", bytes(32)),
                field("anchor_key_id", bytes(20)),
                field("valid_at", json!("u64")),
                field("bound_slot", json!("u64")),
                field("commitment", bytes(32)),
            ],
            proof(),
        ]
        .concat()
    };
    let instructions = vec![
        ix(
            "initialize_config",
            [
                vec![account("payer", true, true), account("config", true, false), system_program()],
                upgrade_authority_accounts(address).to_vec(),
            ]
            .concat(),
            vec![
                field("authority", json!("pubkey")),
                field("registry_program", json!("pubkey")),
                field("circuit_id", json!("u32")),
                field("circuit_version", json!("u16")),
                field("key", vk_bytes.clone()),
            ],
            "Create the config: authority, the cert-registry to read EUM roots from, the euicc_chain verifying key.",
        ),
        ix(
            "set_verifying_key",
            vec![account("authority", false, true), account("config", true, false)],
            vec![
                field("circuit_id", json!("u32")),
                field("circuit_version", json!("u16")),
                field("key", vk_bytes.clone()),
            ],
            "Replace the euicc_chain verifying key (a new circuit revision).",
        ),
        ix(
            "set_purposes",
            vec![account("authority", false, true), account("config", true, false)],
            vec![field("purposes", json!("u64"))],
            "Set the purposes commitments may be registered for (bit p for purpose p; 1 is plans).",
        ),
        ix(
            "register_commitment",
            vec![
                account("owner", true, true),
                account("config", false, false),
                account("eum_tree", false, false),
                account("trust_anchor", false, false),
                account("eid_commitment", true, false),
                account("nullifier", true, false),
                account("slot_hashes", false, false),
                system_program(),
            ],
            [
                vec![
                    field("root", bytes(32)),
                    field("anchor_key_id", bytes(20)),
                    field("valid_at", json!("u64")),
                    field("bound_slot", json!("u64")),
                    field("commitment", bytes(32)),
                    field("nullifier", bytes(32)),
                    field("purpose", bytes(32)),
                ],
                proof(),
            ]
            .concat(),
            "Register an EID commitment on the strength of a euicc_chain proof against a recent EUM root, under an active trust anchor, made within the hour, with the chip's binding of the signer after a recent slot.",
        ),
        ix(
            "rotate_commitment",
            renewal_accounts("owner"),
            renewal_args(),
            "Replace the commitment (new salt) with a fresh proof and chip binding for the same EID and purpose.",
        ),
        ix(
            "take_over_commitment",
            renewal_accounts("holder"),
            renewal_args(),
            "The chip's current holder takes the commitment over with a binding newer than the record's.",
        ),
        ix(
            "revoke_commitment",
            vec![account("owner", true, true), account("eid_commitment", true, false)],
            vec![],
            "Close the commitment and return its rent; the nullifier stays used, with its latest binding.",
        ),
    ];
    let mut instructions = instructions;
    instructions.splice(
        1..1,
        governance_ixs(
            &eid_disc::ALL,
            "config",
            "Stop (or resume) registrations and rotations.",
        ),
    );
    let types = vec![
        json!({ "name": "Groth16VerifyingKeyBytes", "type": { "kind": "struct", "fields": [
            field("alpha_g1", bytes(64)), field("beta_g2", bytes(128)), field("gamma_g2", bytes(128)),
            field("delta_g2", bytes(128)), field("ic", json!({ "array": [bytes(64), 2] })) ] } }),
        json!({ "name": "EidConfig", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("paused", json!("bool")),
            field("authority", json!("pubkey")), field("pending_authority", json!("pubkey")),
            field("registry_program", json!("pubkey")),
            field("circuit_id", json!("u32")), field("circuit_version", json!("u16")),
            field("key", vk_bytes), field("updated_at", json!("i64")),
            field("purposes", json!("u64")), field("reserved", bytes(56)) ] } }),
        json!({ "name": "EidCommitment", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("owner", json!("pubkey")),
            field("commitment", bytes(32)), field("nullifier", bytes(32)), field("purpose", bytes(32)),
            field("root", bytes(32)), field("registered_at", json!("i64")),
            field("rotated_at", json!("i64")), field("rotations", json!("u32")),
            field("anchor_key_id", bytes(20)), field("bound_slot", json!("u64")),
            field("taken_over_at", json!("i64")), field("takeovers", json!("u32")),
            field("reserved", bytes(32)) ] } }),
        json!({ "name": "Nullifier", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("nullifier", bytes(32)),
            field("purpose", bytes(32)), field("registrant", json!("pubkey")),
            field("used_at", json!("i64")), field("bound_slot", json!("u64")),
            field("reserved", bytes(32)) ] } }),
    ];
    assemble(Idl {
        name: "eid_commitment",
        description: "OpenRSP EID commitments: a consumer proves in zero knowledge that their EID belongs to a genuine eUICC of a registered EUM",
        address,
        instructions,
        types,
        accounts: &["EidConfig", "EidCommitment", "Nullifier"],
        events: EID_EVENTS,
        errors: shared_errors_and(EidError::ALL.iter().map(|e| error_json(*e as u32, e.name(), e.message()))),
        fixed_pdas: &[("config", eid_commitment::seeds::CONFIG)],
    })
}

pub fn usdc_billing_idl(address: &str) -> Value {
    use usdc_billing::{
        errors::BillingError, events::ALL_EVENTS as BILLING_EVENTS,
        instructions::discriminator as billing_disc, state::MAX_COUNTRIES,
    };
    let ix = |name, accounts, args, docs| ix_of(&billing_disc::ALL, name, accounts, args, docs);
    let terms = json!({ "defined": { "name": "PlanTerms" } });
    let instructions = vec![
        ix(
            "initialize_billing",
            [
                vec![account("payer", true, true), account("config", true, false), system_program()],
                upgrade_authority_accounts(address).to_vec(),
            ]
            .concat(),
            vec![
                field("authority", json!("pubkey")),
                field("registry_program", json!("pubkey")),
                field("eid_program", json!("pubkey")),
                field("treasury", json!("pubkey")),
                field("fee_bps", json!("u16")),
                field("close_notice_seconds", json!("u64")),
            ],
            "Create the billing config: authority, the cert-registry whose SM-DP+ records admit operators, the eid-commitment program whose commitments subscriptions name, treasury, protocol fee, close notice of subscriptions.",
        ),
        ix(
            "set_protocol_fee",
            vec![account("authority", false, true), account("config", true, false)],
            vec![field("fee_bps", json!("u16")), field("treasury", json!("pubkey"))],
            "Set the protocol fee (basis points, 0 to 10,000) and its treasury.",
        ),
        ix(
            "create_plan",
            vec![
                account("operator", true, true),
                account("config", false, false),
                account("smdp_record", false, false),
                account("verifying_key", false, false),
                account("trust_anchor", false, false),
                account("plan", true, false),
                account("mint", false, false),
                system_program(),
            ],
            vec![field("plan_id", json!("u64")), field("terms", terms.clone())],
            "Publish a plan (an operator with a valid SM-DP+ record, under an active verifying key and trust anchor); mint: an SPL mint, or the system program for SOL.",
        ),
        ix(
            "update_plan",
            vec![
                account("operator", false, true),
                account("config", false, false),
                account("smdp_record", false, false),
                account("verifying_key", false, false),
                account("trust_anchor", false, false),
                account("plan", true, false),
            ],
            vec![field("terms", terms)],
            "Change a plan's terms; the currency stays.",
        ),
        ix(
            "retire_plan",
            vec![
                account("retirer", false, true),
                account("plan", true, false),
                account("config", false, false),
            ],
            vec![],
            "Retire a plan (its operator, or the billing authority for any plan): no new subscriptions; existing ones go on.",
        ),
        ix(
            "set_close_notice",
            vec![account("authority", false, true), account("config", true, false)],
            vec![field("close_notice_seconds", json!("u64"))],
            "Set how long a subscriber waits between asking to close and closing (60 seconds to 90 days); applies to close requests made afterwards.",
        ),
        ix(
            "open_subscription",
            vec![
                account("consumer", true, true),
                account("config", false, false),
                account("plan", false, false),
                account("eid_commitment", false, false),
                account("smdp_record", false, false),
                account("verifying_key", false, false),
                account("trust_anchor", false, false),
                account("subscription", true, false),
                account("vault", true, false),
                account("mint", false, false),
                optional("source", true),
                account("token_program", false, false),
                system_program(),
            ],
            vec![field("voucher_key", json!("pubkey")), field("deposit", json!("u64"))],
            "Open a pay-as-you-go subscription to an active plan, whose operator the registry still trusts, for an EID commitment the consumer owns, with a prepaid vault and a first deposit (zero allowed); mint and token_program: the system program for SOL, source: none for SOL.",
        ),
        ix(
            "top_up",
            vec![
                account("funder", true, true),
                account("subscription", true, false),
                account("vault", true, false),
                account("mint", false, false),
                optional("source", true),
                account("token_program", false, false),
            ],
            vec![field("amount", json!("u64"))],
            "Put more money into an active subscription's vault (anyone may); source: none for SOL.",
        ),
        ix(
            "redeem_voucher",
            vec![
                account("operator", false, true),
                account("config", false, false),
                account("subscription", true, false),
                account("vault", true, false),
                account("mint", false, false),
                account("operator_account", true, false),
                account("treasury_account", true, false),
                account("token_program", false, false),
                instructions_sysvar(),
            ],
            vec![field("cumulative", json!("u64")), field("issued_at", json!("i64"))],
            "Pay the operator the difference between a device-signed cumulative voucher and what it was paid, less the protocol fee to the treasury; the Ed25519 program instruction checking the voucher's signature comes first in the transaction.",
        ),
        ix(
            "request_close",
            vec![
                account("consumer", false, true),
                account("config", false, false),
                account("subscription", true, false),
            ],
            vec![],
            "The consumer gives notice: no more top-ups; vouchers signed until now stay redeemable until the notice runs out.",
        ),
        ix(
            "close_subscription",
            vec![
                account("consumer", true, true),
                account("subscription", true, false),
                account("vault", true, false),
                account("mint", false, false),
                account("consumer_account", true, false),
                account("token_program", false, false),
            ],
            vec![],
            "After the notice: the rest of the vault back to the consumer, the vault and the subscription closed, their rent back to the consumer.",
        ),
    ];
    let mut instructions = instructions;
    instructions.splice(
        1..1,
        governance_ixs(
            &billing_disc::ALL,
            "config",
            "Stop (or resume) plan creation and changes.",
        ),
    );
    let coverage = json!({ "defined": { "name": "Coverage" } });
    let types = vec![
        json!({ "name": "Coverage", "type": { "kind": "struct", "fields": [
            field("region", json!("u8")), field("country_count", json!("u8")),
            field("countries", json!({ "array": [bytes(2), MAX_COUNTRIES] })) ] } }),
        json!({ "name": "PlanTerms", "type": { "kind": "struct", "fields": [
            field("price", json!("u64")), field("data_quota_mb", json!("u64")),
            field("validity_seconds", json!("u64")), field("coverage", coverage.clone()) ] } }),
        json!({ "name": "BillingConfig", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("paused", json!("bool")),
            field("authority", json!("pubkey")), field("registry_program", json!("pubkey")),
            field("eid_program", json!("pubkey")), field("treasury", json!("pubkey")),
            field("fee_bps", json!("u16")), field("close_notice_seconds", json!("u64")),
            field("pending_authority", json!("pubkey")), field("reserved", bytes(32)) ] } }),
        json!({ "name": "Plan", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("status", json!("u8")),
            field("operator", json!("pubkey")), field("plan_id", json!("u64")),
            field("smdp_record", json!("pubkey")), field("mint", json!("pubkey")),
            field("token_program", json!("pubkey")), field("decimals", json!("u8")),
            field("price", json!("u64")), field("data_quota_mb", json!("u64")),
            field("validity_seconds", json!("u64")), field("coverage", coverage),
            field("created_at", json!("i64")), field("updated_at", json!("i64")),
            field("retired_at", json!("i64")), field("reserved", bytes(64)) ] } }),
        json!({ "name": "Subscription", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("vault_bump", json!("u8")),
            field("status", json!("u8")), field("plan", json!("pubkey")), field("operator", json!("pubkey")),
            field("consumer", json!("pubkey")), field("eid_commitment", json!("pubkey")),
            field("voucher_key", json!("pubkey")), field("vault", json!("pubkey")),
            field("mint", json!("pubkey")), field("token_program", json!("pubkey")),
            field("decimals", json!("u8")), field("price", json!("u64")),
            field("data_quota_mb", json!("u64")), field("validity_seconds", json!("u64")),
            field("deposited", json!("u64")), field("redeemed", json!("u64")),
            field("last_voucher_at", json!("i64")), field("opened_at", json!("i64")),
            field("close_requested_at", json!("i64")), field("closes_at", json!("i64")),
            field("reserved", bytes(64)) ] } }),
    ];
    assemble(Idl {
        name: "usdc_billing",
        description: "OpenRSP billing: operators with a registered SM-DP+ certificate publish data plans priced in SOL or any SPL (Token or Token-2022) mint; consumers pay as they go from prepaid vaults with device-signed vouchers",
        address,
        instructions,
        types,
        accounts: &["BillingConfig", "Plan", "Subscription"],
        events: BILLING_EVENTS,
        errors: shared_errors_and(BillingError::ALL.iter().map(|e| error_json(*e as u32, e.name(), e.message()))),
        fixed_pdas: &[("config", usdc_billing::seeds::CONFIG)],
    })
}

pub fn profile_escrow_idl(address: &str) -> Value {
    use profile_escrow::{
        errors::EscrowError, events::ALL_EVENTS as ESCROW_EVENTS,
        instructions::discriminator as escrow_disc, state::MAX_ACTIVATION_CIPHERTEXT,
    };
    use usdc_billing::errors::BillingError;
    let ix = |name, accounts, args, docs| ix_of(&escrow_disc::ALL, name, accounts, args, docs);
    let windows = || {
        vec![
            field("dispute_window_seconds", json!("u64")),
            field("delivery_window_seconds", json!("u64")),
        ]
    };
    // cancel_order and refund_order: the consumer paid back in full.
    let back_to_consumer = || {
        vec![
            account("consumer", true, true),
            account("order", true, false),
            account("vault", true, false),
            account("mint", false, false),
            account("consumer_account", true, false),
            account("token_program", false, false),
        ]
    };
    // The settlements that can pay the operator, up to the payee's and the treasury's accounts.
    let settle = |signer: Value, payee: &str| {
        vec![
            signer,
            account("escrow_config", false, false),
            account("billing_config", false, false),
            account("order", true, false),
            account("vault", true, false),
            account("mint", false, false),
            account(payee, true, false),
            account("treasury_account", true, false),
        ]
    };
    let instructions = vec![
        ix(
            "initialize_escrow",
            [
                vec![account("payer", true, true), account("config", true, false), system_program()],
                upgrade_authority_accounts(address).to_vec(),
            ]
            .concat(),
            [
                vec![
                    field("authority", json!("pubkey")),
                    field("billing_program", json!("pubkey")),
                ],
                windows(),
            ]
            .concat(),
            "Create the escrow config: the authority that decides disputes, the usdc-billing program whose plans are sold (its config sets fee, treasury and pause), the dispute and delivery windows (60 seconds to 90 days).",
        ),
        ix(
            "set_escrow_windows",
            vec![account("authority", false, true), account("config", true, false)],
            windows(),
            "Change the windows: the delivery window for orders created afterwards, the dispute window for every delivered order.",
        ),
        ix(
            "create_order",
            vec![
                account("consumer", true, true),
                account("escrow_config", false, false),
                account("billing_config", false, false),
                account("plan", false, false),
                account("eid_commitment", false, false),
                account("smdp_record", false, false),
                account("verifying_key", false, false),
                account("trust_anchor", false, false),
                account("order", true, false),
                account("vault", true, false),
                account("mint", false, false),
                optional("source", true),
                account("token_program", false, false),
                system_program(),
            ],
            vec![
                field("order_id", json!("u64")),
                field("max_price", json!("u64")),
                field("encryption_key", bytes(32)),
            ],
            "Buy an active plan, whose operator the registry still trusts, for an EID commitment the consumer owns: the plan's price (at most max_price) into the order's vault; encryption_key: the consumer's X25519 key for the activation code; mint and token_program: the system program for SOL, source: none for SOL.",
        ),
        ix(
            "accept_order",
            vec![account("operator", false, true), account("order", true, false)],
            vec![],
            "The plan's operator takes the order; it must deliver by the order's deadline.",
        ),
        ix(
            "cancel_order",
            back_to_consumer(),
            vec![],
            "Before acceptance: the consumer takes the full price and all rent back.",
        ),
        ix(
            "deliver_profile",
            vec![account("operator", false, true), account("order", true, false)],
            vec![
                field("profile_hash", bytes(32)),
                field("ephemeral_key", bytes(32)),
                field("nonce", bytes(12)),
                field("activation_len", json!("u16")),
                field("activation_ciphertext", bytes(MAX_ACTIVATION_CIPHERTEXT)),
            ],
            "Deliver by the deadline: the SHA-256 of the bound profile package and the activation code encrypted to the consumer (X25519 ephemeral key, AEAD nonce, activation_len bytes of ciphertext with its tag, zero-padded); starts the dispute window.",
        ),
        ix(
            "confirm_installation",
            [
                settle(account("consumer", true, true), "operator_account"),
                vec![account("token_program", false, false)],
            ]
            .concat(),
            vec![],
            "The consumer confirms the installation: the operator is paid less the protocol fee to the treasury; the vault and the order close, rent back to the consumer.",
        ),
        ix(
            "claim_payment",
            [
                settle(account("operator", false, true), "operator_account"),
                vec![account("consumer", true, false), account("token_program", false, false)],
            ]
            .concat(),
            vec![],
            "After the dispute window without confirmation or dispute: the operator is paid less the protocol fee; rent back to the consumer.",
        ),
        ix(
            "refund_order",
            back_to_consumer(),
            vec![],
            "Past the delivery deadline without delivery: the consumer takes the full price and all rent back.",
        ),
        ix(
            "dispute_order",
            vec![
                account("consumer", false, true),
                account("escrow_config", false, false),
                account("order", true, false),
            ],
            vec![],
            "The consumer disputes a delivery within the dispute window; the money stays in escrow until the authority decides.",
        ),
        ix(
            "resolve_dispute",
            [
                settle(account("authority", false, true), "payee_account"),
                vec![account("consumer", true, false), account("token_program", false, false)],
            ]
            .concat(),
            vec![field("pay_operator", json!("bool"))],
            "The authority decides a dispute: pays the operator (less the protocol fee; payee_account is the operator's) or refunds the consumer in full (payee_account is the consumer's); rent back to the consumer.",
        ),
    ];
    let mut instructions = instructions;
    instructions.splice(
        1..1,
        governance_ixs(
            &escrow_disc::ALL,
            "config",
            "Stop (or resume) new orders; orders already paid for settle as always.",
        ),
    );
    let types = vec![
        json!({ "name": "EscrowConfig", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")),
            field("authority", json!("pubkey")), field("billing_program", json!("pubkey")),
            field("dispute_window_seconds", json!("u64")),
            field("delivery_window_seconds", json!("u64")),
            field("paused", json!("bool")), field("pending_authority", json!("pubkey")),
            field("reserved", bytes(31)) ] } }),
        json!({ "name": "Order", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("vault_bump", json!("u8")),
            field("status", json!("u8")), field("order_id", json!("u64")),
            field("consumer", json!("pubkey")), field("operator", json!("pubkey")),
            field("plan", json!("pubkey")), field("eid_commitment", json!("pubkey")),
            field("vault", json!("pubkey")), field("mint", json!("pubkey")),
            field("token_program", json!("pubkey")), field("decimals", json!("u8")),
            field("amount", json!("u64")), field("encryption_key", bytes(32)),
            field("created_at", json!("i64")), field("deliver_by", json!("i64")),
            field("accepted_at", json!("i64")), field("delivered_at", json!("i64")),
            field("disputed_at", json!("i64")), field("profile_hash", bytes(32)),
            field("ephemeral_key", bytes(32)), field("nonce", bytes(12)),
            field("activation_len", json!("u16")),
            field("activation_ciphertext", bytes(MAX_ACTIVATION_CIPHERTEXT)),
            field("reserved", bytes(32)) ] } }),
    ];
    // Payments go through usdc-billing's vault and consumer checks, which report its codes; an
    // Anchor error list names each error once, so a billing error named like one of the escrow's
    // own (`Unauthorized`, which only billing's governance raises) is left to the escrow's.
    let billing = BillingError::ALL
        .iter()
        .filter(|b| EscrowError::ALL.iter().all(|e| e.name() != b.name()))
        .map(|e| error_json(*e as u32, e.name(), e.message()));
    let own = EscrowError::ALL
        .iter()
        .map(|e| error_json(*e as u32, e.name(), e.message()));
    assemble(Idl {
        name: "profile_escrow",
        description: "OpenRSP profile escrow: a consumer's payment for a usdc-billing plan waits in escrow until the operator delivers the profile (package hash, encrypted activation code) and the consumer confirms its installation; refunds past the deadline, disputes decided by governance",
        address,
        instructions,
        types,
        accounts: &["EscrowConfig", "Order"],
        events: ESCROW_EVENTS,
        errors: shared_errors_and(billing.chain(own)),
        fixed_pdas: &[("config", profile_escrow::seeds::CONFIG), ("escrow_config", profile_escrow::seeds::CONFIG)],
    })
}
