//! One builder per instruction. Each returns a ready `Instruction`: Anchor discriminator, Borsh
//! arguments, accounts in the program's order with the right signer and writable flags.

use super::pda;
use super::possession::{secp256r1_instruction, PossessionRequest, SubjectKey};
use crate::governance::instructions as governance;
use crate::zk::ProofBytes;
use cert_registry::{
    instructions::discriminator as ix,
    state::{Groth16VerifyingKeyBytes, EUM_TREE_DEPTH},
    statement::Role,
};
use solana_address::Address;
use solana_instruction::{AccountMeta, Instruction};

const SYSTEM_PROGRAM: Address = solana_sdk_ids::system_program::ID;

/// Instruction data: the Anchor discriminator, then the Borsh-encoded arguments.
pub(crate) fn data(discriminator: [u8; 8], args: &[&[u8]]) -> Vec<u8> {
    let mut out = discriminator.to_vec();
    for a in args {
        out.extend_from_slice(a);
    }
    out
}

/// `upgrade_authority` must sign: only the program's upgrade authority can set it up.
pub fn initialize_registry(
    program_id: &Address,
    payer: &Address,
    upgrade_authority: &Address,
    authority: &Address,
) -> Instruction {
    let [program_data, upgrade_authority] =
        crate::governance::upgrade_authority_accounts(program_id, upgrade_authority);
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new(*payer, true),
            AccountMeta::new(pda::registry(program_id).0, false),
            AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
            program_data,
            upgrade_authority,
        ],
        data: data(ix::INITIALIZE_REGISTRY, &[authority.as_ref()]),
    }
}

pub fn propose_authority(
    program_id: &Address,
    authority: &Address,
    new_authority: &Address,
) -> Instruction {
    governance::propose_authority(
        program_id,
        &pda::registry(program_id).0,
        authority,
        new_authority,
    )
}

pub fn accept_authority(program_id: &Address, new_authority: &Address) -> Instruction {
    governance::accept_authority(program_id, &pda::registry(program_id).0, new_authority)
}

pub fn cancel_authority(program_id: &Address, authority: &Address) -> Instruction {
    governance::cancel_authority(program_id, &pda::registry(program_id).0, authority)
}

pub fn set_paused(program_id: &Address, authority: &Address, paused: bool) -> Instruction {
    governance::set_paused(program_id, &pda::registry(program_id).0, authority, paused)
}

/// Arguments of `add_trust_anchor`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustAnchorArgs {
    pub key_id: [u8; 20],
    pub curve: u8,
    pub public_key: [u8; 64],
    pub name: [u8; 32],
}

impl TrustAnchorArgs {
    /// A name as stored: UTF-8, cut at 32 bytes on a character boundary, zero-padded.
    pub fn name_bytes(name: &str) -> [u8; 32] {
        let mut end = name.len().min(32);
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        let mut out = [0u8; 32];
        out[..end].copy_from_slice(&name.as_bytes()[..end]);
        out
    }
}

pub fn add_trust_anchor(
    program_id: &Address,
    authority: &Address,
    payer: &Address,
    args: &TrustAnchorArgs,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*authority, true),
            AccountMeta::new(*payer, true),
            AccountMeta::new_readonly(pda::registry(program_id).0, false),
            AccountMeta::new(pda::trust_anchor(program_id, &args.key_id).0, false),
            AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
        ],
        data: data(
            ix::ADD_TRUST_ANCHOR,
            &[&args.key_id, &[args.curve], &args.public_key, &args.name],
        ),
    }
}

pub fn retire_trust_anchor(
    program_id: &Address,
    authority: &Address,
    key_id: &[u8; 20],
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*authority, true),
            AccountMeta::new_readonly(pda::registry(program_id).0, false),
            AccountMeta::new(pda::trust_anchor(program_id, key_id).0, false),
        ],
        data: data(ix::RETIRE_TRUST_ANCHOR, &[]),
    }
}

/// An instruction signed by one key (an authority, an owner, an operator) on the one account it
/// changes: the shape of every governance and lifecycle instruction of the OpenRSP programs.
pub(crate) fn signed_by(
    program_id: &Address,
    signer: &Address,
    account: &Address,
    discriminator: [u8; 8],
    args: &[&[u8]],
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*signer, true),
            AccountMeta::new(*account, false),
        ],
        data: data(discriminator, args),
    }
}

/// A verifying key's Borsh encoding (its fields in order).
pub(crate) fn key_bytes(key: &Groth16VerifyingKeyBytes) -> Vec<u8> {
    [
        &key.alpha_g1[..],
        &key.beta_g2,
        &key.gamma_g2,
        &key.delta_g2,
        &key.ic[0],
        &key.ic[1],
    ]
    .concat()
}

/// Arguments of `add_verifying_key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyingKeyArgs {
    pub circuit_id: u32,
    pub circuit_version: u16,
    pub role_mask: u16,
    pub anchor_key_id: [u8; 20],
    pub key: Groth16VerifyingKeyBytes,
}

pub fn add_verifying_key(
    program_id: &Address,
    authority: &Address,
    payer: &Address,
    args: &VerifyingKeyArgs,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*authority, true),
            AccountMeta::new(*payer, true),
            AccountMeta::new_readonly(pda::registry(program_id).0, false),
            AccountMeta::new_readonly(pda::trust_anchor(program_id, &args.anchor_key_id).0, false),
            AccountMeta::new(
                pda::verifying_key(program_id, &args.anchor_key_id, args.circuit_id).0,
                false,
            ),
            AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
        ],
        data: data(
            ix::ADD_VERIFYING_KEY,
            &[
                &args.circuit_id.to_le_bytes(),
                &args.circuit_version.to_le_bytes(),
                &args.role_mask.to_le_bytes(),
                &key_bytes(&args.key),
            ],
        ),
    }
}

pub fn retire_verifying_key(
    program_id: &Address,
    authority: &Address,
    anchor_key_id: &[u8; 20],
    circuit_id: u32,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*authority, true),
            AccountMeta::new_readonly(pda::registry(program_id).0, false),
            AccountMeta::new(
                pda::verifying_key(program_id, anchor_key_id, circuit_id).0,
                false,
            ),
        ],
        data: data(ix::RETIRE_VERIFYING_KEY, &[]),
    }
}

/// Arguments of `register_certificate`: the statement's free fields and the proof.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterCertificateArgs {
    pub circuit_id: u32,
    pub anchor_key_id: [u8; 20],
    pub role: u8,
    pub commitment: [u8; 32],
    /// The certificate's subject key: its hash is the statement's; it signs the possession
    /// message.
    pub subject_key: SubjectKey,
    pub not_before: u64,
    pub not_after: u64,
    pub proof: ProofBytes,
}

/// The `register_certificate` instruction alone. The program admits it only right after the
/// secp256r1 precompile instruction of [`register_certificate_signed`]: use that one unless you
/// build the precompile instruction yourself.
pub fn register_certificate(
    program_id: &Address,
    registrant: &Address,
    args: &RegisterCertificateArgs,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new(*registrant, true),
            AccountMeta::new_readonly(pda::registry(program_id).0, false),
            AccountMeta::new_readonly(
                pda::verifying_key(program_id, &args.anchor_key_id, args.circuit_id).0,
                false,
            ),
            AccountMeta::new_readonly(pda::trust_anchor(program_id, &args.anchor_key_id).0, false),
            AccountMeta::new(pda::certificate(program_id, &args.commitment).0, false),
            AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
            AccountMeta::new_readonly(solana_sdk_ids::sysvar::instructions::ID, false),
        ]
        .into_iter()
        // The EUM tree and the key's marker, for EUM certificates; otherwise the optional
        // accounts left out in Anchor's way (the program id in their place).
        .chain(if args.role == Role::Eum as u8 {
            [
                AccountMeta::new(pda::eum_tree(program_id).0, false),
                AccountMeta::new(pda::eum_key(program_id, &args.subject_key.x).0, false),
            ]
        } else {
            [
                AccountMeta::new_readonly(*program_id, false),
                AccountMeta::new_readonly(*program_id, false),
            ]
        })
        .collect(),
        data: data(
            ix::REGISTER_CERTIFICATE,
            &[
                &[args.role],
                &args.commitment,
                &args.subject_key.x,
                &args.subject_key.y,
                &args.subject_key.permitted_iin.to_le_bytes(),
                &args.not_before.to_le_bytes(),
                &args.not_after.to_le_bytes(),
                &args.proof.a,
                &args.proof.b,
                &args.proof.c,
            ],
        ),
    }
}

/// What the subject key must sign for this registration by `registrant` under a verifying key
/// of version `circuit_version`.
pub fn possession_request(
    program_id: &Address,
    registrant: &Address,
    args: &RegisterCertificateArgs,
    circuit_version: u16,
) -> PossessionRequest {
    PossessionRequest {
        program_id: *program_id,
        registrant: *registrant,
        commitment: args.commitment,
        circuit_id: args.circuit_id,
        circuit_version,
    }
}

/// The secp256r1 precompile instruction verifying the possession `signature` (low S, `r || s`,
/// over [`possession_request`]'s message), then `register_certificate`: the pair the program
/// admits.
pub fn register_certificate_signed(
    program_id: &Address,
    registrant: &Address,
    args: &RegisterCertificateArgs,
    circuit_version: u16,
    signature: &[u8; 64],
) -> [Instruction; 2] {
    let message = possession_request(program_id, registrant, args, circuit_version).message();
    [
        secp256r1_instruction(&args.subject_key.compressed(), &message, signature),
        register_certificate(program_id, registrant, args),
    ]
}

pub fn revoke_certificate(
    program_id: &Address,
    revoker: &Address,
    commitment: &[u8; 32],
    reason: u8,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*revoker, true),
            AccountMeta::new_readonly(pda::registry(program_id).0, false),
            AccountMeta::new(pda::certificate(program_id, commitment).0, false),
        ],
        data: data(ix::REVOKE_CERTIFICATE, &[&[reason]]),
    }
}

/// The accounts an EUM record's revocation names besides the record: whose key's marker closes
/// and who gets its rent back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EumLeafRecord {
    pub commitment: [u8; 32],
    /// The x coordinate of the record's subject key (its marker's seed).
    pub key_x: [u8; 32],
    pub registrant: Address,
}

impl EumLeafRecord {
    pub fn of(record: &cert_registry::state::CertificateRecord) -> Self {
        let mut key_x = [0u8; 32];
        key_x.copy_from_slice(&record.subject_key[1..]);
        EumLeafRecord {
            commitment: record.commitment,
            key_x,
            registrant: Address::new_from_array(record.registrant),
        }
    }
}

pub fn initialize_eum_tree(
    program_id: &Address,
    authority: &Address,
    payer: &Address,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*authority, true),
            AccountMeta::new(*payer, true),
            AccountMeta::new_readonly(pda::registry(program_id).0, false),
            AccountMeta::new(pda::eum_tree(program_id).0, false),
            AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
        ],
        data: data(ix::INITIALIZE_EUM_TREE, &[]),
    }
}

/// Revokes an EUM certificate in the tree; `siblings` is its leaf's path under the current root
/// (see `CertRegistry::eum_tree_leaves`).
/// Revokes the EUM record at `leaf` and removes its leaf (`siblings`: its path under the current
/// root); the key's marker closes, its rent to the record's registrant.
pub fn revoke_eum_certificate(
    program_id: &Address,
    revoker: &Address,
    leaf: &EumLeafRecord,
    reason: u8,
    siblings: &[[u8; 32]; EUM_TREE_DEPTH],
) -> Instruction {
    let mut args = vec![reason];
    for s in siblings {
        args.extend_from_slice(s);
    }
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*revoker, true),
            AccountMeta::new_readonly(pda::registry(program_id).0, false),
            AccountMeta::new(pda::certificate(program_id, &leaf.commitment).0, false),
            AccountMeta::new(pda::eum_tree(program_id).0, false),
            AccountMeta::new(pda::eum_key(program_id, &leaf.key_x).0, false),
            AccountMeta::new(leaf.registrant, false),
        ],
        data: data(ix::REVOKE_EUM_CERTIFICATE, &[&args]),
    }
}
