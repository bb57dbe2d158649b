use cert_registry::errors::RegistryError;
use eid_commitment::errors::EidError;
use openrsp_framework::errors::FrameworkError;
use profile_escrow::errors::EscrowError;
use usdc_billing::errors::BillingError;

use crate::governance::GovernedProgram;

/// Errors of the SDK. `Program` carries the program's own error, decoded, so callers can match on
/// it and people read its message.
#[derive(Debug, thiserror::Error)]
pub enum SdkError {
    #[error("{program} refused the transaction: {} (error {code}: {name})", .message)]
    Program {
        program: &'static str,
        code: u32,
        name: &'static str,
        message: &'static str,
    },
    #[error("transaction failed: {0}")]
    Transaction(String),
    #[error("RPC: {0}")]
    Rpc(String),
    #[error("{0}")]
    Ledger(String),
    #[error("account {0} not found")]
    AccountNotFound(String),
    #[error("account {address} is not a valid {kind}: {reason}")]
    InvalidAccount {
        address: String,
        kind: &'static str,
        reason: String,
    },
    #[error("certificate: {0}")]
    Certificate(String),
    #[error("zero-knowledge encoding: {0}")]
    Zk(String),
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

impl SdkError {
    /// The error `code` of `program`, the OpenRSP program whose instruction failed, decoded with
    /// that program's own table: the shared checks' codes (`FrameworkError`) are named after the
    /// program that raised them, and profile-escrow's refusals through usdc-billing's plan and
    /// money checks (usdc-billing's codes) are profile-escrow's.
    pub fn from_program_code(program: GovernedProgram, code: u32) -> Option<SdkError> {
        let decoded = |name, message| SdkError::Program {
            program: program.name(),
            code,
            name,
            message,
        };
        let shared = FrameworkError::from_code(code).map(|e| decoded(e.name(), e.message()));
        let own = match program {
            GovernedProgram::CertRegistry => {
                RegistryError::from_code(code).map(|e| decoded(e.name(), e.message()))
            }
            GovernedProgram::EidCommitment => {
                EidError::from_code(code).map(|e| decoded(e.name(), e.message()))
            }
            GovernedProgram::UsdcBilling => {
                BillingError::from_code(code).map(|e| decoded(e.name(), e.message()))
            }
            GovernedProgram::ProfileEscrow => EscrowError::from_code(code)
                .map(|e| decoded(e.name(), e.message()))
                .or_else(|| BillingError::from_code(code).map(|e| decoded(e.name(), e.message()))),
        };
        shared.or(own)
    }

    /// Maps a custom program error code to a decoded error, when it is one of ours, by its range
    /// alone (when the failing program is not known; [`SdkError::from_program_code`] when it is).
    /// Codes from 6300 are profile-escrow's, from 6200 usdc-billing's, from 6100 eid-commitment's; below, the
    /// registry's and the account checks every OpenRSP program shares with it.
    pub fn from_custom_code(code: u32) -> Option<SdkError> {
        let decoded = |program, name, message| SdkError::Program {
            program,
            code,
            name,
            message,
        };
        // The shared checks' codes sit in the registry's range and are reported as its, as before
        // they moved to openrsp-framework.
        EscrowError::from_code(code)
            .map(|e| decoded("profile-escrow", e.name(), e.message()))
            .or_else(|| {
                BillingError::from_code(code)
                    .map(|e| decoded("usdc-billing", e.name(), e.message()))
            })
            .or_else(|| {
                EidError::from_code(code).map(|e| decoded("eid-commitment", e.name(), e.message()))
            })
            .or_else(|| {
                FrameworkError::from_code(code)
                    .map(|e| decoded("cert-registry", e.name(), e.message()))
            })
            .or_else(|| {
                RegistryError::from_code(code)
                    .map(|e| decoded("cert-registry", e.name(), e.message()))
            })
    }

    /// The shared checks' error (accounts, instruction data, keys, proofs), if this is one.
    pub fn framework_error(&self) -> Option<FrameworkError> {
        match self {
            SdkError::Program { code, .. } => FrameworkError::from_code(*code),
            _ => None,
        }
    }

    /// The eid-commitment error, if this is one.
    pub fn eid_error(&self) -> Option<EidError> {
        match self {
            SdkError::Program {
                program: "eid-commitment",
                code,
                ..
            } => EidError::from_code(*code),
            _ => None,
        }
    }

    /// The usdc-billing error, if this is one.
    /// The usdc-billing error, if this is one: usdc-billing's own refusals, and profile-escrow's
    /// through usdc-billing's plan and money checks (whose codes are usdc-billing's).
    pub fn billing_error(&self) -> Option<BillingError> {
        match self {
            SdkError::Program {
                program: "usdc-billing" | "profile-escrow",
                code,
                ..
            } => BillingError::from_code(*code),
            _ => None,
        }
    }

    /// The profile-escrow error, if this is one.
    pub fn escrow_error(&self) -> Option<EscrowError> {
        match self {
            SdkError::Program {
                program: "profile-escrow",
                code,
                ..
            } => EscrowError::from_code(*code),
            _ => None,
        }
    }

    /// The registry error, if this is one.
    pub fn registry_error(&self) -> Option<RegistryError> {
        match self {
            SdkError::Program {
                program: "cert-registry",
                code,
                ..
            } => RegistryError::from_code(*code),
            _ => None,
        }
    }
}
