//! The Anchor IDL of cert-registry (`idl/cert_registry.json`), generated from the program's own
//! constants (discriminators, errors, events) and a field-by-field description of its layouts.
//! `tests/idl.rs` checks that the committed file is this output, that every described layout has
//! the program's size, and that a client generated from it by anchor-lang's `declare_program!`
//! talks to the real program.

use cert_registry::{
    errors::RegistryError, events::ALL_EVENTS, instructions::discriminator as disc,
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

fn ix(name: &str, accounts: Vec<Value>, args: Vec<Value>, docs: &str) -> Value {
    let d = disc::ALL
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
    ];

    let mut types = vec![
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
            field("revocation_reason", json!("u8")), field("reserved", bytes(64)) ] } }),
    ];
    for (name, _, fields) in ALL_EVENTS {
        types.push(json!({ "name": name, "type": { "kind": "struct", "fields":
            fields.iter().map(|(n, t)| field(n, event_type(t))).collect::<Vec<_>>() } }));
    }

    let anchor_disc = |name: &str| -> Vec<u8> {
        use sha2::{Digest, Sha256};
        Sha256::digest(format!("account:{name}").as_bytes())[..8].to_vec()
    };
    let accounts: Vec<Value> = [
        "Registry",
        "TrustAnchor",
        "VerifyingKey",
        "CertificateRecord",
    ]
    .iter()
    .map(|n| json!({ "name": n, "discriminator": anchor_disc(n) }))
    .collect();
    let events: Vec<Value> = ALL_EVENTS
        .iter()
        .map(|(n, d, _)| json!({ "name": n, "discriminator": d.to_vec() }))
        .collect();
    let errors: Vec<Value> = RegistryError::ALL
        .iter()
        .map(|e| json!({ "code": *e as u32, "name": e.name(), "msg": e.message() }))
        .collect();

    json!({
        "address": address,
        "metadata": {
            "name": "cert_registry",
            "version": env!("CARGO_PKG_VERSION"),
            "spec": "0.1.0",
            "description": "OpenRSP certificate registry: GSMA RSP certificates admitted by Groth16 proof under registered CI roots"
        },
        "instructions": instructions,
        "accounts": accounts,
        "events": events,
        "errors": errors,
        "types": types,
    })
}
