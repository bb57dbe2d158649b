//! Registers an EID commitment on the strength of a `euicc_chain` proof.
//!
//! The caller sends the statement's free fields (root, commitment, nullifier, purpose), the slot
//! the chip's binding names and the proof; the program takes the circuit id from its config, the
//! owner from the signer and the slot's hash from the SlotHashes sysvar, recomputes the public
//! input with `sol_poseidon`, checks the root against the registry's EUM tree, the anchor the
//! statement names against the registry's active trust anchors and its `valid_at` against the
//! clock (`verify_eid_proof`), and verifies the proof on the alt_bn128 syscalls. Cheap checks run
//! first.
//!
//! The first registration of an EID for a purpose creates its nullifier mark. After its owner
//! revoked the commitment, the EID registers again only with a binding newer than any the mark
//! has seen: the chip's holder after the revocation, never evidence made before it.
//!
//! Accounts: `owner` (signer, writable: pays rent), `config`, `eum_tree` (cert-registry's
//! `["eum_tree"]`), `trust_anchor` (cert-registry's `["trust_anchor", key_id]`),
//! `eid_commitment` (writable, PDA `["eid_commitment", nullifier]`), `nullifier` (writable, PDA
//! `["nullifier", nullifier]`), `slot_hashes` (the SlotHashes sysvar), `system_program`.

use super::{require_fresh_binding, verify_eid_proof, EidProof, ProofArgs};
use crate::{
    errors::EidError,
    events::{emit, CommitmentRegistered},
    seeds,
    state::{AccountLayout, EidCommitment, EidConfig, Nullifier},
};
use openrsp_framework::{
    accounts::{create_pda, load, load_mut, payer, system_program, take},
    args::InstructionArgs,
    clock::now,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct RegisterCommitmentArgs {
    /// The EUM tree root the proof was made against.
    pub root: [u8; 32],
    /// The CI trust anchor behind the proof's EUM (its leaf carries it).
    pub anchor_key_id: [u8; 20],
    /// u64 LE, unix seconds: a time the EUM certificate was valid, at most an hour ago.
    pub valid_at: [u8; 8],
    /// u64 LE: the slot whose hash the chip's binding names (one of the last 512).
    pub bound_slot: [u8; 8],
    pub commitment: [u8; 32],
    pub nullifier: [u8; 32],
    pub purpose: [u8; 32],
    pub proof: ProofArgs,
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for RegisterCommitmentArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [owner, config_account, tree_account, anchor_account, commitment_account, nullifier_account, slot_hashes, system] =
        take::<8>(accounts)?;
    let args = RegisterCommitmentArgs::parse(data)?;
    payer(owner)?;
    system_program(system)?;
    let config = load::<EidConfig>(config_account, program_id)?;
    if config.is_paused() {
        return Err(EidError::Paused.into());
    }
    if !config.allows_purpose(&args.purpose) {
        return Err(EidError::PurposeNotAllowed.into());
    }
    let bound_slot = u64::from_le_bytes(args.bound_slot);
    // Registered before: only after a revocation, and only with a newer binding.
    let registered_before = nullifier_account.owned_by(program_id);
    if registered_before {
        if commitment_account.owned_by(program_id) {
            return Err(EidError::NullifierUsed.into());
        }
        let mark = load::<Nullifier>(nullifier_account, program_id)?;
        require_fresh_binding(&mark, &args.nullifier, bound_slot)?;
    }
    let now = now()?;
    let owner_key = owner.address().to_bytes();
    verify_eid_proof(
        &config,
        &EidProof {
            tree_account,
            anchor_account,
            slot_hashes,
            root: &args.root,
            anchor_key_id: &args.anchor_key_id,
            valid_at: u64::from_le_bytes(args.valid_at),
            bound_slot,
            commitment: &args.commitment,
            nullifier: &args.nullifier,
            purpose: &args.purpose,
            owner: &owner_key,
            proof: &args.proof,
        },
        now,
    )?;
    drop(config);

    let now = now.to_le_bytes();
    if registered_before {
        load_mut::<Nullifier>(nullifier_account, program_id)?.bound_slot = args.bound_slot;
    } else {
        let bump = create_pda::<Nullifier>(
            owner,
            nullifier_account,
            &[seeds::NULLIFIER, &args.nullifier],
            program_id,
        )?;
        let mut data = nullifier_account.try_borrow_mut()?;
        let mark = Nullifier::initialize(&mut data)?;
        mark.bump = bump;
        mark.nullifier = args.nullifier;
        mark.purpose = args.purpose;
        mark.registrant = owner_key;
        mark.used_at = now;
        mark.bound_slot = args.bound_slot;
    }
    let bump = create_pda::<EidCommitment>(
        owner,
        commitment_account,
        &[seeds::EID_COMMITMENT, &args.nullifier],
        program_id,
    )?;
    let mut data = commitment_account.try_borrow_mut()?;
    let record = EidCommitment::initialize(&mut data)?;
    record.bump = bump;
    record.owner = owner_key;
    record.commitment = args.commitment;
    record.nullifier = args.nullifier;
    record.purpose = args.purpose;
    record.root = args.root;
    record.anchor_key_id = args.anchor_key_id;
    record.registered_at = now;
    record.bound_slot = args.bound_slot;

    emit(&CommitmentRegistered {
        eid_commitment: commitment_account.address().to_bytes(),
        owner: owner_key,
        commitment: args.commitment,
        nullifier: args.nullifier,
        purpose: args.purpose,
        root: args.root,
        anchor_key_id: args.anchor_key_id,
        bound_slot,
    });
    Ok(())
}
