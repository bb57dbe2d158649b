//! Replaces a commitment with a new one (a new salt) for the same EID and purpose: a fresh proof
//! whose nullifier and purpose must be the record's, against a current root, by the owner. The
//! address, and so every order that names it, stays the same; the old commitment stops matching.
//!
//! The new proof's EUM may be another one (the chip's EUM re-certified, say): its anchor and time
//! are checked as at registration, and the record takes its anchor.
//!
//! Accounts: `owner` (signer), `config`, `eum_tree`, `trust_anchor`, `eid_commitment` (writable).

use super::{ProofArgs, ProofContext};
use crate::{
    errors::EidError,
    events::{emit, CommitmentRotated},
    state::{EidCommitment, EidConfig},
    statement::EidStatement,
};
use cert_registry::utils::{
    accounts::{load, load_mut, signer, take},
    args::InstructionArgs,
    clock::now,
    groth16::verify_proof,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct RotateCommitmentArgs {
    pub root: [u8; 32],
    pub anchor_key_id: [u8; 20],
    /// u64 LE, unix seconds, as in `register_commitment`.
    pub valid_at: [u8; 8],
    pub commitment: [u8; 32],
    pub proof: ProofArgs,
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for RotateCommitmentArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [owner, config_account, tree_account, anchor_account, commitment_account] =
        take::<5>(accounts)?;
    let args = RotateCommitmentArgs::parse(data)?;
    signer(owner)?;
    let config = load::<EidConfig>(config_account, program_id)?;
    if config.is_paused() {
        return Err(EidError::Paused.into());
    }
    let mut record = load_mut::<EidCommitment>(commitment_account, program_id)?;
    if owner.address().as_ref() != &record.owner[..] {
        return Err(EidError::NotOwner.into());
    }
    if record.commitment == args.commitment {
        return Err(EidError::SameCommitment.into());
    }
    let now = now()?;
    let valid_at = u64::from_le_bytes(args.valid_at);
    ProofContext {
        root: &args.root,
        anchor_key_id: &args.anchor_key_id,
        valid_at,
    }
    .require(&config, tree_account, anchor_account, now)?;

    let statement = EidStatement {
        circuit_id: u32::from_le_bytes(config.circuit_id),
        root: args.root,
        anchor_key_id: args.anchor_key_id,
        valid_at,
        commitment: args.commitment,
        nullifier: record.nullifier,
        purpose: record.purpose,
        owner: record.owner,
    };
    verify_proof(
        &config.key,
        &args.proof.proof_a,
        &args.proof.proof_b,
        &args.proof.proof_c,
        statement.public_input()?,
    )?;

    let rotations = u32::from_le_bytes(record.rotations)
        .checked_add(1)
        .ok_or(pinocchio::error::ProgramError::ArithmeticOverflow)?;
    record.commitment = args.commitment;
    record.root = args.root;
    record.anchor_key_id = args.anchor_key_id;
    record.rotated_at = now.to_le_bytes();
    record.rotations = rotations.to_le_bytes();
    emit(&CommitmentRotated {
        eid_commitment: commitment_account.address().to_bytes(),
        owner: record.owner,
        commitment: args.commitment,
        root: args.root,
        anchor_key_id: args.anchor_key_id,
    });
    Ok(())
}
