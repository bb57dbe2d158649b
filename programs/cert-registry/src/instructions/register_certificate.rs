//! Admits a certificate on the strength of a Groth16 proof.
//!
//! The caller sends the statement's free fields (role, commitment, subject public key and
//! permitted IIN, validity window) and the proof. The program supplies the rest from accounts it
//! trusts (the circuit id and trust anchor from the verifying key, the registrant from the
//! signer), recomputes the subject key hash and the single public input with `sol_poseidon`, and
//! verifies the proof with groth16-solana on the alt_bn128 syscalls. Cheap checks run first so
//! that a doomed transaction fails before the ~80k CU pairing.
//!
//! Knowing a certificate is not enough: the subject key must have signed the possession message
//! (`possession`) in a secp256r1 precompile instruction right before this one. The key that
//! signed is the key whose hash the proof ties to the CI-signed certificate.
//!
//! An EUM certificate also becomes a leaf of the EUM tree, which EID proofs are made against:
//! `Poseidon(subject key hash, anchor key id, notAfter)` (`statement::eum_leaf`), so an EID proof
//! names the CI behind its EUM and cannot outlive the EUM certificate. One live leaf per key: the
//! marker `["eum_key", x]` is created here and refused if it exists.
//!
//! Accounts: `registrant` (signer, writable: pays the record's rent), `registry`,
//! `verifying_key`, `trust_anchor`, `certificate_record` (writable, PDA
//! `["certificate", commitment]`), `system_program`, `instructions` (sysvar: the possession
//! signature), `eum_tree` (writable, PDA `["eum_tree"]`) and `eum_key` (writable, PDA
//! `["eum_key", subject key x]`): both required for an EUM certificate, optional otherwise
//! (Anchor clients pass the program id for a missing optional account, others may leave it out).

use crate::{
    errors::RegistryError,
    events::{emit, CertificateRegistered, EumLeafAppended},
    possession::{compress_key, possession_message},
    seeds,
    state::{
        u64_from, AccountLayout, CertificateRecord, CertificateStatus, EumKey, EumTree, Registry,
        TrustAnchor, VerifyingKey, EUM_TREE_CAPACITY,
    },
    statement::{eum_leaf, subject_key_hash, Role, Statement},
};
use openrsp_framework::{
    accounts::{create_pda, load, load_mut, payer, system_program, take},
    args::InstructionArgs,
    clock::now,
    groth16::verify_proof,
    precompile::{signed_in_previous_instruction, SECP256R1_PROGRAM},
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct RegisterCertificateArgs {
    /// `statement::Role` as a byte.
    pub role: u8,
    pub commitment: [u8; 32],
    /// The certificate's subject public key, uncompressed coordinates (big-endian).
    pub subject_key_x: [u8; 32],
    pub subject_key_y: [u8; 32],
    /// The EUM's permitted IIN as the circuit reads it (u64 LE); 0 for other roles.
    pub permitted_iin: [u8; 8],
    /// u64 LE, unix seconds.
    pub not_before: [u8; 8],
    /// u64 LE, unix seconds.
    pub not_after: [u8; 8],
    /// Proof point A, already negated (groth16-solana checks `e(-A, B) e(..) == 1`).
    pub proof_a: [u8; 64],
    pub proof_b: [u8; 128],
    pub proof_c: [u8; 64],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for RegisterCertificateArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [registrant, registry_account, vk_account, anchor_account, record_account, system, instructions] =
        take::<7>(accounts)?;
    let args = RegisterCertificateArgs::parse(data)?;
    payer(registrant)?;
    system_program(system)?;
    if load::<Registry>(registry_account, program_id)?.is_paused() {
        return Err(RegistryError::RegistryPaused.into());
    }
    let vk = load::<VerifyingKey>(vk_account, program_id)?;
    vk.require_address(vk_account, program_id)?;
    if !vk.is_active() {
        return Err(RegistryError::VerifyingKeyRetired.into());
    }
    {
        let anchor = load::<TrustAnchor>(anchor_account, program_id)?;
        if anchor.key_id != vk.anchor_key_id {
            return Err(RegistryError::TrustAnchorMismatch.into());
        }
        if !anchor.is_active() {
            return Err(RegistryError::TrustAnchorRetired.into());
        }
    }
    let role = Role::from_u8(args.role).ok_or(RegistryError::InvalidRole)?;
    if matches!(role, Role::Ci | Role::Euicc) {
        return Err(RegistryError::RoleNotRegistrable.into());
    }
    if !vk.serves_role(role as u8) {
        return Err(RegistryError::RoleNotServed.into());
    }
    let not_before = u64_from(args.not_before);
    let not_after = u64_from(args.not_after);
    if not_before >= not_after {
        return Err(RegistryError::InvalidValidityWindow.into());
    }
    let now = now()?;
    let now_unsigned = u64::try_from(now).unwrap_or(0);
    if now_unsigned < not_before {
        return Err(RegistryError::CertificateNotYetValid.into());
    }
    if now_unsigned > not_after {
        return Err(RegistryError::CertificateExpired.into());
    }
    if !record_account.owned_by(&pinocchio_system::ID) || !record_account.is_data_empty() {
        return Err(RegistryError::CertificateAlreadyRegistered.into());
    }
    let eum_tree = match role {
        Role::Eum => {
            let tree = accounts.get(7).ok_or(RegistryError::EumTreeRequired)?;
            // Left out (the program id in its place), or not created yet.
            let uninitialised = tree.owned_by(&pinocchio_system::ID) && tree.is_data_empty();
            if tree.address() == program_id || uninitialised {
                return Err(RegistryError::EumTreeRequired.into());
            }
            if load_mut::<EumTree>(tree, program_id)?.next_index() >= EUM_TREE_CAPACITY {
                return Err(RegistryError::EumTreeFull.into());
            }
            let marker = accounts.get(8).ok_or(RegistryError::EumTreeRequired)?;
            if !marker.owned_by(&pinocchio_system::ID) || !marker.is_data_empty() {
                return Err(RegistryError::EumKeyInTree.into());
            }
            Some((tree, marker))
        }
        _ => None,
    };

    let circuit_id = u32::from_le_bytes(vk.circuit_id);
    let subject_key = compress_key(&args.subject_key_x, &args.subject_key_y);
    let message = possession_message(
        program_id.as_array(),
        registrant.address().as_array(),
        &args.commitment,
        circuit_id,
        u16::from_le_bytes(vk.circuit_version),
    );
    if !signed_in_previous_instruction(instructions, &SECP256R1_PROGRAM, &subject_key, &message) {
        return Err(RegistryError::PossessionNotProven.into());
    }

    let statement = Statement {
        circuit_id,
        role: role as u8,
        anchor_key_id: vk.anchor_key_id,
        commitment: args.commitment,
        subject_key_hash: subject_key_hash(
            &args.subject_key_x,
            &args.subject_key_y,
            u64_from(args.permitted_iin),
        )?,
        not_before,
        not_after,
        registrant: registrant.address().to_bytes(),
    };
    verify_proof(
        &vk.key,
        &args.proof_a,
        &args.proof_b,
        &args.proof_c,
        statement.public_input()?,
    )?;
    drop(vk);

    let bump = create_pda::<CertificateRecord>(
        registrant,
        record_account,
        &[seeds::CERTIFICATE, &args.commitment],
        program_id,
    )?;
    let mut data = record_account.try_borrow_mut()?;
    let record = CertificateRecord::initialize(&mut data)?;
    record.bump = bump;
    record.status = CertificateStatus::Valid as u8;
    record.role = statement.role;
    record.circuit_id = statement.circuit_id.to_le_bytes();
    record.anchor_key_id = statement.anchor_key_id;
    record.commitment = statement.commitment;
    record.subject_key_hash = statement.subject_key_hash;
    record.not_before = args.not_before;
    record.not_after = args.not_after;
    record.registrant = statement.registrant;
    record.subject_key = subject_key;
    record.registered_at = now.to_le_bytes();
    if let Some((tree_account, marker)) = eum_tree {
        let leaf = eum_leaf(
            &statement.subject_key_hash,
            &statement.anchor_key_id,
            not_after,
        )?;
        let mut tree = load_mut::<EumTree>(tree_account, program_id)?;
        let index = tree.append(&leaf)?;
        record.in_eum_tree = 1;
        record.eum_leaf_index = index.to_le_bytes();
        drop(data);
        let bump = create_pda::<EumKey>(
            registrant,
            marker,
            &[seeds::EUM_KEY, &args.subject_key_x],
            program_id,
        )?;
        let mut marker_data = marker.try_borrow_mut()?;
        let mark = EumKey::initialize(&mut marker_data)?;
        mark.bump = bump;
        mark.record = record_account.address().to_bytes();
        emit(&EumLeafAppended {
            record: record_account.address().to_bytes(),
            leaf,
            index,
            root: tree.root(),
        });
    }

    emit(&CertificateRegistered {
        record: record_account.address().to_bytes(),
        commitment: statement.commitment,
        role: statement.role,
        circuit_id: statement.circuit_id,
        registrant: statement.registrant,
        not_before,
        not_after,
    });
    Ok(())
}
