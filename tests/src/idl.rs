//! The Anchor IDLs of cert-registry and eid-commitment (`idl/*.json`), generated from the
//! programs' own constants (discriminators, errors, events) and a field-by-field description of
//! their layouts.
//! `tests/idl.rs` checks that the committed file is this output, that every described layout has
//! the program's size, and that a client generated from it by anchor-lang's `declare_program!`
//! talks to the real program.

use cert_registry::{
    errors::RegistryError, events::ALL_EVENTS, instructions::discriminator as disc,
};
use eid_commitment::{
    errors::EidError, events::ALL_EVENTS as EID_EVENTS, instructions::discriminator as eid_disc,
};
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
}

fn assemble(idl: Idl) -> Value {
    let mut types = idl.types;
    for (name, _, fields) in idl.events {
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
    let events: Vec<Value> = idl
        .events
        .iter()
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
        "instructions": idl.instructions,
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
            vec![
                account("payer", true, true),
                account("registry", true, false),
                system_program(),
            ],
            vec![field("authority", json!("pubkey"))],
            "Create the registry and name its first authority.",
        ),
        ix(
            "propose_authority",
            vec![
                account("authority", false, true),
                account("registry", true, false),
            ],
            vec![field("new_authority", json!("pubkey"))],
            "Step one of an authority hand-over: the authority names its successor.",
        ),
        ix(
            "accept_authority",
            vec![
                account("new_authority", false, true),
                account("registry", true, false),
            ],
            vec![],
            "Step two: the proposed successor signs to take over.",
        ),
        ix(
            "set_paused",
            vec![
                account("authority", false, true),
                account("registry", true, false),
            ],
            vec![field("paused", json!("bool"))],
            "Stop (or resume) new certificate registrations.",
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
                optional("eum_tree", true),
            ],
            vec![
                field("role", json!("u8")),
                field("commitment", bytes(32)),
                field("subject_key_hash", bytes(32)),
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
            ],
            vec![
                field("reason", json!("u8")),
                field("siblings", json!({ "array": [bytes(32), 14] })),
            ],
            "Revoke an EUM certificate and remove its key from the EUM tree (path under the current root).",
        ),
    ];

    let types = vec![
        json!({ "name": "Registry", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("paused", json!("u8")),
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
            field("revocation_reason", json!("u8")), field("in_eum_tree", json!("u8")),
            field("eum_leaf_index", json!("u32")), field("reserved", bytes(59)) ] } }),
        json!({ "name": "EumTree", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("depth", json!("u8")),
            field("next_index", json!("u32")), field("removed", json!("u32")),
            field("filled", json!({ "array": [bytes(32), 14] })),
            field("root_slot", json!("u8")), field("valid_roots", json!("u8")),
            field("roots", json!({ "array": [bytes(32), 32] })),
            field("reserved", bytes(64)) ] } }),
    ];
    assemble(Idl {
        name: "cert_registry",
        description: "OpenRSP certificate registry: GSMA RSP certificates admitted by Groth16 proof under registered CI roots",
        address,
        instructions,
        types,
        accounts: &["Registry", "TrustAnchor", "VerifyingKey", "CertificateRecord", "EumTree"],
        events: ALL_EVENTS,
        errors: RegistryError::ALL.iter().map(|e| error_json(*e as u32, e.name(), e.message())).collect(),
    })
}

/// The registry's errors that its shared account and data checks raise, which eid-commitment
/// reuses: they keep their codes in every OpenRSP program.
pub const SHARED_ERRORS: [RegistryError; 17] = [
    RegistryError::InvalidInstructionData,
    RegistryError::UnknownInstruction,
    RegistryError::NotEnoughAccounts,
    RegistryError::MissingSignature,
    RegistryError::AccountNotWritable,
    RegistryError::InvalidAccountOwner,
    RegistryError::InvalidAccountData,
    RegistryError::InvalidPda,
    RegistryError::AlreadyInitialized,
    RegistryError::InvalidSystemProgram,
    RegistryError::NoPendingAuthority,
    RegistryError::NotPendingAuthority,
    RegistryError::InvalidKey,
    RegistryError::InvalidFieldElement,
    RegistryError::InvalidProof,
    RegistryError::PoseidonFailed,
    RegistryError::UnsupportedVersion,
];

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
    let instructions = vec![
        ix(
            "initialize_config",
            vec![account("payer", true, true), account("config", true, false), system_program()],
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
            "set_paused",
            vec![account("authority", false, true), account("config", true, false)],
            vec![field("paused", json!("bool"))],
            "Stop (or resume) registrations and rotations.",
        ),
        ix(
            "propose_authority",
            vec![account("authority", false, true), account("config", true, false)],
            vec![field("new_authority", json!("pubkey"))],
            "Step one of an authority hand-over: the authority names its successor (the zero key cancels).",
        ),
        ix(
            "accept_authority",
            vec![account("new_authority", false, true), account("config", true, false)],
            vec![],
            "Step two: the proposed successor signs to take over.",
        ),
        ix(
            "register_commitment",
            vec![
                account("owner", true, true),
                account("config", false, false),
                account("eum_tree", false, false),
                account("eid_commitment", true, false),
                account("nullifier", true, false),
                system_program(),
            ],
            [
                vec![
                    field("root", bytes(32)),
                    field("commitment", bytes(32)),
                    field("nullifier", bytes(32)),
                    field("purpose", bytes(32)),
                ],
                proof(),
            ]
            .concat(),
            "Register an EID commitment on the strength of a euicc_chain proof against a recent EUM root.",
        ),
        ix(
            "rotate_commitment",
            vec![
                account("owner", false, true),
                account("config", false, false),
                account("eum_tree", false, false),
                account("eid_commitment", true, false),
            ],
            [vec![field("root", bytes(32)), field("commitment", bytes(32))], proof()].concat(),
            "Replace the commitment (new salt) with a fresh proof for the same EID and purpose.",
        ),
        ix(
            "revoke_commitment",
            vec![account("owner", true, true), account("eid_commitment", true, false)],
            vec![],
            "Close the commitment and return its rent; the nullifier stays used.",
        ),
    ];
    let types = vec![
        json!({ "name": "Groth16VerifyingKeyBytes", "type": { "kind": "struct", "fields": [
            field("alpha_g1", bytes(64)), field("beta_g2", bytes(128)), field("gamma_g2", bytes(128)),
            field("delta_g2", bytes(128)), field("ic", json!({ "array": [bytes(64), 2] })) ] } }),
        json!({ "name": "EidConfig", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("paused", json!("u8")),
            field("authority", json!("pubkey")), field("pending_authority", json!("pubkey")),
            field("registry_program", json!("pubkey")),
            field("circuit_id", json!("u32")), field("circuit_version", json!("u16")),
            field("key", vk_bytes), field("updated_at", json!("i64")),
            field("reserved", bytes(64)) ] } }),
        json!({ "name": "EidCommitment", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("owner", json!("pubkey")),
            field("commitment", bytes(32)), field("nullifier", bytes(32)), field("purpose", bytes(32)),
            field("root", bytes(32)), field("registered_at", json!("i64")),
            field("rotated_at", json!("i64")), field("rotations", json!("u32")),
            field("reserved", bytes(32)) ] } }),
        json!({ "name": "Nullifier", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("purpose", bytes(32)),
            field("registrant", json!("pubkey")), field("used_at", json!("i64")) ] } }),
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
            vec![account("payer", true, true), account("config", true, false), system_program()],
            vec![
                field("authority", json!("pubkey")),
                field("registry_program", json!("pubkey")),
                field("treasury", json!("pubkey")),
                field("fee_bps", json!("u16")),
            ],
            "Create the billing config: authority, the cert-registry whose SM-DP+ records admit operators, treasury, protocol fee.",
        ),
        ix(
            "set_protocol_fee",
            vec![account("authority", false, true), account("config", true, false)],
            vec![field("fee_bps", json!("u16")), field("treasury", json!("pubkey"))],
            "Set the protocol fee (basis points, 0 to 10,000) and its treasury.",
        ),
        ix(
            "set_paused",
            vec![account("authority", false, true), account("config", true, false)],
            vec![field("paused", json!("bool"))],
            "Stop (or resume) plan creation and changes.",
        ),
        ix(
            "create_plan",
            vec![
                account("operator", true, true),
                account("config", false, false),
                account("smdp_record", false, false),
                account("plan", true, false),
                account("mint", false, false),
                system_program(),
            ],
            vec![field("plan_id", json!("u64")), field("terms", terms.clone())],
            "Publish a plan (an operator with a valid SM-DP+ record); mint: an SPL mint, or the system program for SOL.",
        ),
        ix(
            "update_plan",
            vec![
                account("operator", false, true),
                account("config", false, false),
                account("smdp_record", false, false),
                account("plan", true, false),
            ],
            vec![field("terms", terms)],
            "Change a plan's terms; the currency stays.",
        ),
        ix(
            "retire_plan",
            vec![account("operator", false, true), account("plan", true, false)],
            vec![],
            "Retire a plan: no new subscriptions; existing ones go on.",
        ),
    ];
    let coverage = json!({ "defined": { "name": "Coverage" } });
    let types = vec![
        json!({ "name": "Coverage", "type": { "kind": "struct", "fields": [
            field("region", json!("u8")), field("country_count", json!("u8")),
            field("countries", json!({ "array": [bytes(2), MAX_COUNTRIES] })) ] } }),
        json!({ "name": "PlanTerms", "type": { "kind": "struct", "fields": [
            field("price", json!("u64")), field("data_quota_mb", json!("u64")),
            field("validity_seconds", json!("u64")), field("coverage", coverage.clone()) ] } }),
        json!({ "name": "BillingConfig", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("paused", json!("u8")),
            field("authority", json!("pubkey")), field("registry_program", json!("pubkey")),
            field("treasury", json!("pubkey")), field("fee_bps", json!("u16")),
            field("reserved", bytes(64)) ] } }),
        json!({ "name": "Plan", "type": { "kind": "struct", "fields": [
            field("version", json!("u8")), field("bump", json!("u8")), field("status", json!("u8")),
            field("operator", json!("pubkey")), field("plan_id", json!("u64")),
            field("smdp_record", json!("pubkey")), field("mint", json!("pubkey")),
            field("token_program", json!("pubkey")), field("decimals", json!("u8")),
            field("price", json!("u64")), field("data_quota_mb", json!("u64")),
            field("validity_seconds", json!("u64")), field("coverage", coverage),
            field("created_at", json!("i64")), field("updated_at", json!("i64")),
            field("retired_at", json!("i64")), field("reserved", bytes(64)) ] } }),
    ];
    assemble(Idl {
        name: "usdc_billing",
        description: "OpenRSP billing: operators with a registered SM-DP+ certificate publish data plans priced in SOL or any SPL (Token or Token-2022) mint",
        address,
        instructions,
        types,
        accounts: &["BillingConfig", "Plan"],
        events: BILLING_EVENTS,
        errors: shared_errors_and(BillingError::ALL.iter().map(|e| error_json(*e as u32, e.name(), e.message()))),
    })
}
