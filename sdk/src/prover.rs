//! From a certificate to a registration: the statement it gives rise to, and its proof.

use crate::{
    cert_registry::instructions::{RegisterCertificateArgs, VerifyingKeyArgs},
    certificate::RspCertificate,
    zk::{encode_proof, encode_verifying_key, statement_fields, ProofFile},
    SdkError,
};
use cert_registry::statement::Statement;
use openrsp_circuits::{
    keys::{prove, CircuitKeys},
    test_statement::{TestStatementCircuit, NAME as TEST_CIRCUIT_NAME},
};
use solana_address::Address;

/// The statement a certificate proof for `cert`, bound to `registrant`, asserts.
pub fn statement_for(
    cert: &RspCertificate,
    circuit_id: u32,
    registrant: &Address,
) -> Result<Statement, SdkError> {
    Ok(Statement {
        circuit_id,
        role: cert.role as u8,
        anchor_key_id: cert.issuer_key_id()?,
        commitment: cert.commitment()?,
        subject_key_hash: cert.subject_key_hash()?,
        not_before: cert.not_before,
        not_after: cert.not_after,
        registrant: registrant.to_bytes(),
    })
}

/// Proves `statement` with the **test** circuit (see `openrsp_circuits::test_statement`: it proves
/// knowledge of the statement, nothing about the certificate).
pub fn prove_with_test_circuit(
    keys: &CircuitKeys,
    statement: &Statement,
) -> Result<ProofFile, SdkError> {
    let fields = statement_fields(statement);
    let public =
        TestStatementCircuit::public_input(&fields).map_err(|e| SdkError::Zk(e.to_string()))?;
    let proof = prove(keys, TestStatementCircuit::new(fields), &[public])
        .map_err(|e| SdkError::Zk(e.to_string()))?;
    proof_file(TEST_CIRCUIT_NAME, statement, &encode_proof(&proof)?)
}

/// Writes a statement and an encoded proof as a proof file.
pub fn proof_file(
    circuit: &str,
    statement: &Statement,
    proof: &crate::zk::ProofBytes,
) -> Result<ProofFile, SdkError> {
    let role = cert_registry::statement::Role::from_u8(statement.role)
        .ok_or_else(|| SdkError::InvalidInput(format!("unknown role {}", statement.role)))?;
    Ok(ProofFile {
        circuit: circuit.to_string(),
        circuit_id: statement.circuit_id,
        role: role.name().to_string(),
        anchor_key_id: hex::encode(statement.anchor_key_id),
        commitment: hex::encode(statement.commitment),
        subject_key_hash: hex::encode(statement.subject_key_hash),
        not_before: statement.not_before,
        not_after: statement.not_after,
        registrant: Address::new_from_array(statement.registrant).to_string(),
        proof_a: hex::encode(proof.a),
        proof_b: hex::encode(proof.b),
        proof_c: hex::encode(proof.c),
    })
}

/// The `register_certificate` arguments for `statement` and its proof.
pub fn register_args(
    statement: &Statement,
    proof: crate::zk::ProofBytes,
) -> RegisterCertificateArgs {
    RegisterCertificateArgs {
        circuit_id: statement.circuit_id,
        anchor_key_id: statement.anchor_key_id,
        role: statement.role,
        commitment: statement.commitment,
        subject_key_hash: statement.subject_key_hash,
        not_before: statement.not_before,
        not_after: statement.not_after,
        proof,
    }
}

/// The `add_verifying_key` arguments for a circuit's verifying key.
pub fn verifying_key_args(
    vk: &ark_groth16::VerifyingKey<ark_bn254::Bn254>,
    circuit_id: u32,
    circuit_version: u16,
    role_mask: u16,
    anchor_key_id: [u8; 20],
) -> Result<VerifyingKeyArgs, SdkError> {
    Ok(VerifyingKeyArgs {
        circuit_id,
        circuit_version,
        role_mask,
        anchor_key_id,
        key: encode_verifying_key(vk)?,
    })
}
