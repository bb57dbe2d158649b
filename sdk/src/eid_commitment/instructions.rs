//! One builder per instruction: Anchor discriminator, Borsh arguments, accounts in the program's
//! order with their signer and writable flags.

use super::pda;
use crate::governance::instructions as governance;
use crate::{
    cert_registry::{
        instructions::{data, key_bytes, signed_by},
        pda as registry_pda,
    },
    zk::ProofBytes,
};
use cert_registry::state::Groth16VerifyingKeyBytes;
use eid_commitment::instructions::discriminator as ix;
use solana_address::Address;
use solana_instruction::{AccountMeta, Instruction};

const SYSTEM_PROGRAM: Address = solana_sdk_ids::system_program::ID;
/// The SlotHashes sysvar: the program reads the hash of the slot a chip binding names from it.
pub const SLOT_HASHES: Address = solana_sdk_ids::sysvar::slot_hashes::ID;

/// The euicc_chain verifying key as the config holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EidVerifyingKeyArgs {
    pub circuit_id: u32,
    pub circuit_version: u16,
    pub key: Groth16VerifyingKeyBytes,
}

/// `upgrade_authority` must sign: only the program's upgrade authority can set it up.
pub fn initialize_config(
    program_id: &Address,
    payer: &Address,
    upgrade_authority: &Address,
    authority: &Address,
    registry_program: &Address,
    vk: &EidVerifyingKeyArgs,
) -> Instruction {
    let [program_data, upgrade_authority] =
        crate::governance::upgrade_authority_accounts(program_id, upgrade_authority);
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new(*payer, true),
            AccountMeta::new(pda::config(program_id).0, false),
            AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
            program_data,
            upgrade_authority,
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
    governance::set_paused(program_id, &pda::config(program_id).0, authority, paused)
}

/// `purposes`: bit `p` for purpose `p` (`PURPOSE_PLANS`, ...).
pub fn set_purposes(program_id: &Address, authority: &Address, purposes: u64) -> Instruction {
    signed_by(
        program_id,
        authority,
        &pda::config(program_id).0,
        ix::SET_PURPOSES,
        &[&purposes.to_le_bytes()],
    )
}

pub fn propose_authority(
    program_id: &Address,
    authority: &Address,
    new_authority: &Address,
) -> Instruction {
    governance::propose_authority(
        program_id,
        &pda::config(program_id).0,
        authority,
        new_authority,
    )
}

pub fn accept_authority(program_id: &Address, new_authority: &Address) -> Instruction {
    governance::accept_authority(program_id, &pda::config(program_id).0, new_authority)
}

pub fn cancel_authority(program_id: &Address, authority: &Address) -> Instruction {
    governance::cancel_authority(program_id, &pda::config(program_id).0, authority)
}

/// Arguments of `register_commitment` (the statement's free fields and the proof).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterCommitmentArgs {
    pub root: [u8; 32],
    /// The CI trust anchor behind the proof's EUM.
    pub anchor_key_id: [u8; 20],
    /// Unix seconds: a time the EUM certificate was valid, at most an hour before the chain's clock.
    pub valid_at: u64,
    /// The slot whose hash the chip's binding names (one of the chain's last 512).
    pub bound_slot: u64,
    pub commitment: [u8; 32],
    pub nullifier: [u8; 32],
    pub purpose: [u8; 32],
    pub proof: ProofBytes,
}

/// `registry_program` is the cert-registry whose EUM tree and trust anchor the proof names.
pub fn register_commitment(
    program_id: &Address,
    owner: &Address,
    registry_program: &Address,
    args: &RegisterCommitmentArgs,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new(*owner, true),
            AccountMeta::new_readonly(pda::config(program_id).0, false),
            AccountMeta::new_readonly(registry_pda::eum_tree(registry_program).0, false),
            AccountMeta::new_readonly(
                registry_pda::trust_anchor(registry_program, &args.anchor_key_id).0,
                false,
            ),
            AccountMeta::new(pda::eid_commitment(program_id, &args.nullifier).0, false),
            AccountMeta::new(pda::nullifier(program_id, &args.nullifier).0, false),
            AccountMeta::new_readonly(SLOT_HASHES, false),
            AccountMeta::new_readonly(SYSTEM_PROGRAM, false),
        ],
        data: data(
            ix::REGISTER_COMMITMENT,
            &[
                &args.root,
                &args.anchor_key_id,
                &args.valid_at.to_le_bytes(),
                &args.bound_slot.to_le_bytes(),
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

/// Arguments of `rotate_commitment` and `take_over_commitment`: a new proof for the record's EID
/// and purpose, bound by the chip to the signer after `bound_slot`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenewalArgs {
    pub root: [u8; 32],
    pub anchor_key_id: [u8; 20],
    pub valid_at: u64,
    /// Newer than the latest binding accepted for the EID and purpose.
    pub bound_slot: u64,
    /// The record's nullifier: names its accounts (not sent; the program reads it from them).
    pub nullifier: [u8; 32],
    pub commitment: [u8; 32],
    pub proof: ProofBytes,
}

/// Arguments of `rotate_commitment`.
pub type RotateCommitmentArgs = RenewalArgs;

fn renewal(
    program_id: &Address,
    signer: &Address,
    registry_program: &Address,
    discriminator: [u8; 8],
    args: &RenewalArgs,
) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new_readonly(*signer, true),
            AccountMeta::new_readonly(pda::config(program_id).0, false),
            AccountMeta::new_readonly(registry_pda::eum_tree(registry_program).0, false),
            AccountMeta::new_readonly(
                registry_pda::trust_anchor(registry_program, &args.anchor_key_id).0,
                false,
            ),
            AccountMeta::new(pda::eid_commitment(program_id, &args.nullifier).0, false),
            AccountMeta::new(pda::nullifier(program_id, &args.nullifier).0, false),
            AccountMeta::new_readonly(SLOT_HASHES, false),
        ],
        data: data(
            discriminator,
            &[
                &args.root,
                &args.anchor_key_id,
                &args.valid_at.to_le_bytes(),
                &args.bound_slot.to_le_bytes(),
                &args.commitment,
                &args.proof.a,
                &args.proof.b,
                &args.proof.c,
            ],
        ),
    }
}

/// The owner replaces its commitment (a new salt, a fresh chip binding).
pub fn rotate_commitment(
    program_id: &Address,
    owner: &Address,
    registry_program: &Address,
    args: &RenewalArgs,
) -> Instruction {
    renewal(
        program_id,
        owner,
        registry_program,
        ix::ROTATE_COMMITMENT,
        args,
    )
}

/// The chip's current holder takes the commitment over from its owner.
pub fn take_over_commitment(
    program_id: &Address,
    holder: &Address,
    registry_program: &Address,
    args: &RenewalArgs,
) -> Instruction {
    renewal(
        program_id,
        holder,
        registry_program,
        ix::TAKE_OVER_COMMITMENT,
        args,
    )
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
