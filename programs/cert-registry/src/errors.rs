//! Program errors. Codes start at 6000, where Anchor places user errors, so Anchor clients and
//! explorers decode them from the IDL. The shared checks' refusals (codes 6000 to 6009, 6011,
//! 6012, 6015, 6025 to 6027, 6032, 6033, 6042, 6043) are `openrsp_framework::errors::FrameworkError`.

pub use openrsp_framework::errors::FrameworkError;

openrsp_framework::program_errors! {
    /// Every way an instruction can be refused beyond the shared checks. The doc line is the
    /// message clients show.
    RegistryError {
    /// The signer is not the registry authority
    Unauthorized = 6010,
    /// The registry is paused: no new certificate registrations
    RegistryPaused = 6013,
    /// Unsupported curve (1 = NIST P-256, 2 = brainpoolP256r1)
    InvalidCurve = 6014,
    /// The trust anchor is retired
    TrustAnchorRetired = 6016,
    /// The trust anchor is not the one the verifying key serves
    TrustAnchorMismatch = 6017,
    /// A role mask names no role or an unknown role
    InvalidRoleMask = 6018,
    /// Unknown GSMA role
    InvalidRole = 6019,
    /// The verifying key is retired
    VerifyingKeyRetired = 6020,
    /// The verifying key does not serve this role
    RoleNotServed = 6021,
    /// notBefore is not before notAfter
    InvalidValidityWindow = 6022,
    /// The certificate is not valid yet (notBefore is in the future)
    CertificateNotYetValid = 6023,
    /// The certificate has expired (notAfter is in the past)
    CertificateExpired = 6024,
    /// Already retired
    AlreadyRetired = 6028,
    /// The certificate is already revoked
    AlreadyRevoked = 6029,
    /// Unknown revocation reason (RFC 5280 CRLReason codes)
    InvalidRevocationReason = 6030,
    /// The signer may not revoke this certificate (only the authority or the registrant)
    NotRevoker = 6031,
    /// A certificate with this commitment is already registered
    CertificateAlreadyRegistered = 6034,
    /// An EUM certificate registers only with the EUM tree account (initialise it first)
    EumTreeRequired = 6035,
    /// The EUM tree is full
    EumTreeFull = 6036,
    /// The Merkle path does not lead from the record's leaf to the EUM tree's current root
    InvalidMerklePath = 6037,
    /// An EUM record in the tree is revoked with revoke_eum_certificate (it removes the leaf)
    UseRevokeEumCertificate = 6038,
    /// The record is not an EUM certificate in the tree
    NotAnEumLeaf = 6039,
    /// The certificate's key did not sign this registration: the instruction before must be the secp256r1 precompile verifying the possession message under the subject key, everything inside it
    PossessionNotProven = 6040,
    /// This role is not registered here (a CI is a trust anchor; an eUICC commits through eid-commitment)
    RoleNotRegistrable = 6041,
    /// Keys of the test circuit family (anyone can prove any statement with it) are registered only by a localnet build of the registry
    TestCircuitNotAllowed = 6044,
    /// This EUM key already holds a leaf of the EUM tree under another certificate record: revoke that record first (one live leaf per key)
    EumKeyInTree = 6045,
    /// The account receiving the EUM key marker's rent is not the record's registrant
    NotTheRegistrant = 6046,
}
}
