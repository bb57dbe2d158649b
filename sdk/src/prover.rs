//! From a certificate to a registration: the statement it gives rise to, and its proof.

use crate::{
    cert_registry::{
        instructions::{RegisterCertificateArgs, VerifyingKeyArgs},
        SubjectKey,
    },
    certificate::RspCertificate,
    zk::{encode_proof, encode_verifying_key, statement_fields, ProofFile},
    SdkError,
};
use ark_ff::PrimeField;
use cert_registry::statement::Statement;
use openrsp_circuits::{
    cert_p256::{self, CertP256Circuit, CiConstants},
    keys::{load_or_setup, prove, CircuitKeys},
    p256::Scalar,
    test_statement::{self, TestStatementCircuit, NAME as TEST_CIRCUIT_NAME},
    CircuitError,
};
use solana_address::Address;
use std::{path::Path, sync::Arc};

/// A circuit the SDK proves certificates with.
#[derive(Clone)]
pub enum Circuit {
    /// The real certificate circuit for one CI (`openrsp_circuits::cert_p256`).
    CertP256(Arc<CiConstants>),
    /// The development circuit: proves knowledge of the statement only.
    TestStatement,
}

/// Names the CLI accepts for circuits.
pub const CIRCUIT_NAMES: &str = "cert-p256, test-statement";

impl Circuit {
    /// The circuit named `name`; `cert-p256` is built for the CI certificate `ci`.
    pub fn from_name(name: &str, ci: Option<&RspCertificate>) -> Result<Circuit, SdkError> {
        match name {
            "cert-p256" | cert_p256::NAME => {
                let ci = ci.ok_or_else(|| {
                    SdkError::InvalidInput(
                        "the cert-p256 circuit is built for one CI: give the CI certificate (--anchor-cert; --ci for cert prove)".into(),
                    )
                })?;
                Ok(Circuit::CertP256(ci_constants(ci)?))
            }
            "test-statement" | test_statement::NAME => Ok(Circuit::TestStatement),
            other => Err(SdkError::InvalidInput(format!(
                "unknown circuit {other:?}; available: {CIRCUIT_NAMES}"
            ))),
        }
    }

    /// The name proof files carry.
    pub fn name(&self) -> &'static str {
        match self {
            Circuit::CertP256(_) => cert_p256::NAME,
            Circuit::TestStatement => TEST_CIRCUIT_NAME,
        }
    }

    /// The circuit's own id (what `registry vk add` registers by default).
    pub fn circuit_id(&self) -> u32 {
        match self {
            Circuit::CertP256(ci) => ci.circuit_id,
            Circuit::TestStatement => test_statement::TEST_STATEMENT_CIRCUIT_ID,
        }
    }

    /// Loads the circuit's keys from `dir`, or runs the setup and caches them there. Returns
    /// whether they came from the cache.
    pub fn load_or_setup(&self, dir: &Path) -> Result<(CircuitKeys, bool), SdkError> {
        let zk = |e: CircuitError| SdkError::Zk(e.to_string());
        match self {
            Circuit::CertP256(ci) => {
                load_or_setup(dir, &ci.key_name(), || CertP256Circuit::blank(ci.clone()))
                    .map_err(zk)
            }
            Circuit::TestStatement => load_or_setup(
                dir,
                &test_statement::key_name(),
                TestStatementCircuit::blank,
            )
            .map_err(zk),
        }
    }

    /// Proves `cert`'s statement, bound to `registrant`, under `circuit_id` (the id its
    /// verifying key is registered with; `cert-p256` proves its own id only).
    pub fn prove(
        &self,
        keys: &CircuitKeys,
        cert: &RspCertificate,
        circuit_id: u32,
        registrant: &Address,
    ) -> Result<ProofFile, SdkError> {
        match self {
            Circuit::TestStatement
                if cert_registry::circuits::family(circuit_id)
                    != cert_registry::circuits::FAMILY_TEST =>
            {
                Err(SdkError::InvalidInput(format!(
                    "the test circuit proves statements of test-family circuit ids (0xffffXXXX) only, not {circuit_id:#x}"
                )))
            }
            Circuit::TestStatement => prove_with_test_circuit(
                keys,
                &statement_for(cert, circuit_id, registrant)?,
                &SubjectKey::of(cert)?,
            ),
            Circuit::CertP256(ci) => {
                if circuit_id != ci.circuit_id {
                    return Err(SdkError::InvalidInput(format!(
                        "the cert-p256 circuit of this CI has id {:#x}, not {circuit_id:#x}",
                        ci.circuit_id
                    )));
                }
                prove_certificate(keys, ci, cert, registrant)
            }
        }
    }
}

/// The `cert_p256` constants of a CI certificate: its P-256 key and subject key identifier.
pub fn ci_constants(ci: &RspCertificate) -> Result<Arc<CiConstants>, SdkError> {
    if ci.role != cert_registry::statement::Role::Ci {
        return Err(SdkError::Certificate(format!(
            "the issuer given is a {} certificate, not a CI",
            ci.role.name()
        )));
    }
    let (x, y) = ci.public_key.split_at(32);
    CiConstants::new(
        x.try_into().expect("32 bytes"),
        y.try_into().expect("32 bytes"),
        ci.anchor_key_id()?,
    )
    .map_err(|e| SdkError::Certificate(e.to_string()))
}

/// Proves `cert` with the real certificate circuit of `ci`. The native checks come first (the
/// circuit's own walk of the TBS, the CI's key identifier, the signature), so a certificate that
/// cannot be proven is refused with the reason in a fraction of a second; the statement the
/// circuit proves is checked against the SDK's own x509-cert reading before proving starts.
pub fn prove_certificate(
    keys: &CircuitKeys,
    ci: &Arc<CiConstants>,
    cert: &RspCertificate,
    registrant: &Address,
) -> Result<ProofFile, SdkError> {
    let signature = signature_scalars(cert)?;
    let circuit = CertP256Circuit::new(ci.clone(), &cert.tbs_der, signature, registrant.to_bytes())
        .map_err(|e| SdkError::Certificate(e.to_string()))?;
    let statement = circuit
        .statement()
        .map_err(|e| SdkError::Certificate(e.to_string()))?;
    if statement != statement_for(cert, ci.circuit_id, registrant)? {
        return Err(SdkError::Certificate(
            "the circuit reads this certificate differently from x509-cert; refusing to prove"
                .into(),
        ));
    }
    let public = circuit
        .public_input()
        .map_err(|e| SdkError::Zk(e.to_string()))?;
    let proof = prove(keys, circuit, &[public]).map_err(|e| SdkError::Zk(e.to_string()))?;
    proof_file(
        cert_p256::NAME,
        &statement,
        &SubjectKey::of(cert)?,
        &encode_proof(&proof)?,
    )
}

/// The issuer's ECDSA signature `(r, s)` on `cert`, as circuit scalars.
pub fn signature_scalars(cert: &RspCertificate) -> Result<(Scalar, Scalar), SdkError> {
    let signature = p256::ecdsa::Signature::from_der(&cert.signature_der)
        .map_err(|e| SdkError::Certificate(format!("malformed ECDSA signature: {e}")))?;
    let (r, s) = signature.split_bytes();
    Ok((
        Scalar::from_be_bytes_mod_order(&r),
        Scalar::from_be_bytes_mod_order(&s),
    ))
}

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
    subject_key: &SubjectKey,
) -> Result<ProofFile, SdkError> {
    let fields = statement_fields(statement);
    let public =
        TestStatementCircuit::public_input(&fields).map_err(|e| SdkError::Zk(e.to_string()))?;
    let proof = prove(keys, TestStatementCircuit::new(fields), &[public])
        .map_err(|e| SdkError::Zk(e.to_string()))?;
    proof_file(
        TEST_CIRCUIT_NAME,
        statement,
        subject_key,
        &encode_proof(&proof)?,
    )
}

/// Writes a statement and an encoded proof as a proof file.
pub fn proof_file(
    circuit: &str,
    statement: &Statement,
    subject_key: &SubjectKey,
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
        subject_key: subject_key.to_hex(),
        permitted_iin: subject_key.permitted_iin,
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
    subject_key: SubjectKey,
    proof: crate::zk::ProofBytes,
) -> RegisterCertificateArgs {
    RegisterCertificateArgs {
        circuit_id: statement.circuit_id,
        anchor_key_id: statement.anchor_key_id,
        role: statement.role,
        commitment: statement.commitment,
        subject_key,
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
