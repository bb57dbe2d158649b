//! Client side of the cert-registry program.

pub mod accounts;
pub mod instructions;
pub mod pda;
pub mod possession;
mod registry_client;

pub use accounts::{
    CertificateRecordView, EumTreeView, RegistryView, TrustAnchorView, VerifyingKeyView,
};
pub use pda::OperatorTrust;
pub use possession::{
    ExternalSignature, KeyFileSigner, Pkcs11Signer, PossessionRequest, PossessionSigner, SubjectKey,
};
pub use registry_client::{
    CertRegistry, CertificateLookup, EumTreeLeaf, EumTreeLeaves, LookupStatus,
};
