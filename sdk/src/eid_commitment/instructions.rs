//! One builder per instruction: Anchor discriminator, Borsh arguments, accounts in the program's
//! order with their signer and writable flags.

use super::pda;
use crate::{
    cert_registry::instructions::{data, key_bytes, signed_by},
    zk::ProofBytes,
};
use cert_registry::state::Groth16VerifyingKeyBytes;
use eid_commitment::instructions::discriminator as ix;
use solana_address::Address;
use solana_instruction::{AccountMeta, Instruction};

const SYSTEM_PROGRAM: Address = solana_sdk_ids::system_program::ID;

/// The euicc_chain verifying key as the config holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EidVerifyingKeyArgs {
    pub circuit_id: u32,
    pub circuit_version: u16,
    pub key: Groth16VerifyingKeyBytes,
}

pub fn initialize_config(
    program_id: &Address,
    payer: &Address,
    authority: &Address,
    registry_program: &Address,
    vk: &EidVerifyingKeyArgs,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new(*payer, true),
            AccountMeta::new(pda::config(program_id).0, false),
            AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
        ],
        data: data(
            ix::INITIALIZE_CONFIG,
            &[
                authority.as_ref(),
                registry_program.as_ref(),
                &vk.circuit_id.to_le_bytes(),
                &vk.circuit_version.to_le_bytes(),
                &key_bytes(&vk.key),
            ],
        ),
    }
}

pub fn set_verifying_key(
    program_id: &Address,
    authority: &Address,
    vk: &EidVerifyingKeyArgs,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*authority, true),
            AccountMeta::new(pda::config(program_id).0, false),
        ],
        data: data(
            ix::SET_VERIFYING_KEY,
            &[
                &vk.circuit_id.to_le_bytes(),
                &vk.circuit_version.to_le_bytes(),
                &key_bytes(&vk.key),
            ],
        ),
    }
}

pub fn set_paused(program_id: &Address, authority: &Address, paused: bool) -> Instruction {
    signed_by(
        program_id,
        authority,
        &pda::config(program_id).0,
        ix::SET_PAUSED,
        &[&[paused as u8]],
    )
}

pub fn propose_authority(
    program_id: &Address,
    authority: &Address,
    new_authority: &Address,
) -> Instruction {
    signed_by(
        program_id,
        authority,
        &pda::config(program_id).0,
        ix::PROPOSE_AUTHORITY,
        &[new_authority.as_ref()],
    )
}

pub fn accept_authority(program_id: &Address, new_authority: &Address) -> Instruction {
    signed_by(
        program_id,
        new_authority,
        &pda::config(program_id).0,
        ix::ACCEPT_AUTHORITY,
        &[],
    )
}

/// Arguments of `register_commitment` (the statement's free fields and the proof).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterCommitmentArgs {
    pub root: [u8; 32],
    pub commitment: [u8; 32],
    pub nullifier: [u8; 32],
    pub purpose: [u8; 32],
    pub proof: ProofBytes,
}

/// `eum_tree` is the registry's `["eum_tree"]` account.
pub fn register_commitment(
    program_id: &Address,
    owner: &Address,
    eum_tree: &Address,
    args: &RegisterCommitmentArgs,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new(*owner, true),
            AccountMeta::new_readonly(pda::config(program_id).0, false),
            AccountMeta::new_readonly(*eum_tree, false),
            AccountMeta::new(pda::eid_commitment(program_id, &args.nullifier).0, false),
            AccountMeta::new(pda::nullifier(program_id, &args.nullifier).0, false),
            AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
        ],
        data: data(
            ix::REGISTER_COMMITMENT,
            &[
                &args.root,
                &args.commitment,
                &args.nullifier,
                &args.purpose,
                &args.proof.a,
                &args.proof.b,
                &args.proof.c,
            ],
        ),
    }
}

pub fn rotate_commitment(
    program_id: &Address,
    owner: &Address,
    eum_tree: &Address,
    eid_commitment: &Address,
    root: &[u8; 32],
    commitment: &[u8; 32],
    proof: &ProofBytes,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*owner, true),
            AccountMeta::new_readonly(pda::config(program_id).0, false),
            AccountMeta::new_readonly(*eum_tree, false),
            AccountMeta::new(*eid_commitment, false),
        ],
        data: data(
            ix::ROTATE_COMMITMENT,
            &[root, commitment, &proof.a, &proof.b, &proof.c],
        ),
    }
}

pub fn revoke_commitment(
    program_id: &Address,
    owner: &Address,
    eid_commitment: &Address,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new(*owner, true),
            AccountMeta::new(*eid_commitment, false),
        ],
        data: data(ix::REVOKE_COMMITMENT, &[]),
    }
}
