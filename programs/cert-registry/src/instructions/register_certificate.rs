//! Admits a certificate on the strength of a Groth16 proof.
//!
//! The caller sends the statement's free fields (role, commitment, subject key hash, validity
//! window) and the proof. The program supplies the rest from accounts it trusts (the circuit id and
//! trust anchor from the verifying key, the registrant from the signer), recomputes the single
//! public input with `sol_poseidon`, and verifies the proof with groth16-solana on the alt_bn128
//! syscalls. Cheap checks run first so that a doomed transaction fails before the ~80k CU pairing.
//!
//! Accounts: `registrant` (signer, writable: pays the record's rent), `registry`,
//! `verifying_key`, `trust_anchor`, `certificate_record` (writable, PDA
//! `["certificate", commitment]`), `system_program`.

use crate::{
    errors::RegistryError,
    events::{emit, CertificateRegistered},
    seeds,
    state::{
        u64_from, AccountLayout, CertificateRecord, CertificateStatus, Registry, TrustAnchor,
        VerifyingKey,
    },
    statement::{Role, Statement},
    utils::{
        accounts::{create_pda, load, payer, system_program, take},
        args::InstructionArgs,
        clock::now,
    },
};
use groth16_solana::groth16::{Groth16Verifier, Groth16Verifyingkey};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct RegisterCertificateArgs {
    /// `statement::Role` as a byte.
    pub role: u8,
    pub commitment: [u8; 32],
    pub subject_key_hash: [u8; 32],
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
    let [registrant, registry_account, vk_account, anchor_account, record_account, system] =
        take::<6>(accounts)?;
    let args = RegisterCertificateArgs::parse(data)?;
    payer(registrant)?;
    system_program(system)?;
    if load::<Registry>(registry_account, program_id)?.is_paused() {
        return Err(RegistryError::RegistryPaused.into());
    }
    let vk = load::<VerifyingKey>(vk_account, program_id)?;
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

    let statement = Statement {
        circuit_id: u32::from_le_bytes(vk.circuit_id),
        role: role as u8,
        anchor_key_id: vk.anchor_key_id,
        commitment: args.commitment,
        subject_key_hash: args.subject_key_hash,
        not_before,
        not_after,
        registrant: registrant.address().to_bytes(),
    };
    let public_input = [statement.public_input()?];
    let key = Groth16Verifyingkey {
        nr_pubinputs: 1,
        vk_alpha_g1: vk.key.alpha_g1,
        vk_beta_g2: vk.key.beta_g2,
        vk_gamma_g2: vk.key.gamma_g2,
        vk_delta_g2: vk.key.delta_g2,
        vk_ic: &vk.key.ic,
        vk_commitment: None,
    };
    Groth16Verifier::new(
        &args.proof_a,
        &args.proof_b,
        &args.proof_c,
        &public_input,
        &key,
    )
    .and_then(|mut verifier| verifier.verify())
    .map_err(|_| RegistryError::InvalidProof)?;
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
    record.registered_at = now.to_le_bytes();

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
