//! Registers an EID commitment on the strength of a `euicc_chain` proof.
//!
//! The caller sends the statement's free fields (root, commitment, nullifier, purpose) and the
//! proof; the program takes the circuit id from its config and the owner from the signer,
//! recomputes the public input with `sol_poseidon`, checks the root against the registry's EUM
//! tree, the anchor the statement names against the registry's active trust anchors and its
//! `valid_at` against the clock (`ProofContext`), and verifies the proof on the alt_bn128
//! syscalls. Cheap checks run first.
//!
//! Accounts: `owner` (signer, writable: pays rent), `config`, `eum_tree` (cert-registry's
//! `["eum_tree"]`), `trust_anchor` (cert-registry's `["trust_anchor", key_id]`),
//! `eid_commitment` (writable, PDA `["eid_commitment", nullifier]`), `nullifier` (writable, PDA
//! `["nullifier", nullifier]`), `system_program`.

use super::{ProofArgs, ProofContext};
use crate::{
    errors::EidError,
    events::{emit, CommitmentRegistered},
    seeds,
    state::{AccountLayout, EidCommitment, EidConfig, Nullifier},
    statement::EidStatement,
};
use cert_registry::utils::{
    accounts::{create_pda, load, payer, system_program, take},
    args::InstructionArgs,
    clock::now,
    groth16::verify_proof,
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
    pub commitment: [u8; 32],
    pub nullifier: [u8; 32],
    pub purpose: [u8; 32],
    pub proof: ProofArgs,
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for RegisterCommitmentArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [owner, config_account, tree_account, anchor_account, commitment_account, nullifier_account, system] =
        take::<7>(accounts)?;
    let args = RegisterCommitmentArgs::parse(data)?;
    payer(owner)?;
    system_program(system)?;
    let config = load::<EidConfig>(config_account, program_id)?;
    if config.is_paused() {
        return Err(EidError::Paused.into());
    }
    if nullifier_account.owned_by(program_id) {
        return Err(EidError::NullifierUsed.into());
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
        nullifier: args.nullifier,
        purpose: args.purpose,
        owner: owner.address().to_bytes(),
    };
    verify_proof(
        &config.key,
        &args.proof.proof_a,
        &args.proof.proof_b,
        &args.proof.proof_c,
        statement.public_input()?,
    )?;
    drop(config);

    let now = now.to_le_bytes();
    let bump = create_pda::<Nullifier>(
        owner,
        nullifier_account,
        &[seeds::NULLIFIER, &args.nullifier],
        program_id,
    )?;
    {
        let mut data = nullifier_account.try_borrow_mut()?;
        let mark = Nullifier::initialize(&mut data)?;
        mark.bump = bump;
        mark.purpose = args.purpose;
        mark.registrant = statement.owner;
        mark.used_at = now;
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
    record.owner = statement.owner;
    record.commitment = args.commitment;
    record.nullifier = args.nullifier;
    record.purpose = args.purpose;
    record.root = args.root;
    record.anchor_key_id = args.anchor_key_id;
    record.registered_at = now;

    emit(&CommitmentRegistered {
        eid_commitment: commitment_account.address().to_bytes(),
        owner: statement.owner,
        commitment: args.commitment,
        nullifier: args.nullifier,
        purpose: args.purpose,
        root: args.root,
        anchor_key_id: args.anchor_key_id,
    });
    Ok(())
}
