//! Program errors. Codes start at 6000, where Anchor places user errors, so Anchor clients and
//! explorers decode them from the IDL.

/// Declares a program's error enum: codes, names and messages (the doc line), for the program,
/// the IDL and client-side decoding. Exported so that every OpenRSP program declares its errors the
/// same way.
#[macro_export]
macro_rules! program_errors {
    ($(#[doc = $enum_doc:literal])* $enum:ident { $($(#[doc = $doc:literal])* $name:ident = $code:literal,)* }) => {
        $(#[doc = $enum_doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        pub enum $enum {
            $($(#[doc = $doc])* $name = $code,)*
        }

        impl $enum {
            /// All errors, in code order (for IDL generation and client-side decoding).
            pub const ALL: &'static [$enum] = &[$($enum::$name,)*];

            /// The error with this custom code, if it is one of ours.
            pub const fn from_code(code: u32) -> Option<Self> {
                match code {
                    $($code => Some($enum::$name),)*
                    _ => None,
                }
            }

            /// The identifier used in the IDL (`camelCase` in Anchor, `PascalCase` here).
            pub const fn name(self) -> &'static str {
                match self {
                    $($enum::$name => stringify!($name),)*
                }
            }

            /// A one-line human explanation.
            pub const fn message(self) -> &'static str {
                match self {
                    $($enum::$name => concat!($($doc),*).trim_ascii(),)*
                }
            }
        }

        impl From<$enum> for pinocchio::error::ProgramError {
            fn from(e: $enum) -> Self {
                pinocchio::error::ProgramError::Custom(e as u32)
            }
        }
    };
}

program_errors! {
    /// Every way an instruction can be refused. The doc line is the message clients show. Codes
    /// 6000 to 6009 and 6032, 6033 are account and data validation shared by every OpenRSP program.
    RegistryError {
    /// Instruction data is truncated, oversized or holds an invalid value
    InvalidInstructionData = 6000,
    /// Unknown instruction discriminator
    UnknownInstruction = 6001,
    /// Not enough accounts for this instruction
    NotEnoughAccounts = 6002,
    /// A required signature is missing
    MissingSignature = 6003,
    /// An account that must be writable is read-only
    AccountNotWritable = 6004,
    /// An account is not owned by the expected program
    InvalidAccountOwner = 6005,
    /// An account holds another type (discriminator mismatch) or has the wrong size
    InvalidAccountData = 6006,
    /// An account is not the canonical program-derived address for its seeds
    InvalidPda = 6007,
    /// The account already exists
    AlreadyInitialized = 6008,
    /// The system program account is not the system program
    InvalidSystemProgram = 6009,
    /// The signer is not the registry authority
    Unauthorized = 6010,
    /// No authority transfer is pending
    NoPendingAuthority = 6011,
    /// The signer is not the proposed authority
    NotPendingAuthority = 6012,
    /// The registry is paused: no new certificate registrations
    RegistryPaused = 6013,
    /// Unsupported curve (1 = NIST P-256, 2 = brainpoolP256r1)
    InvalidCurve = 6014,
    /// A key identifier or public key is all zeroes
    InvalidKey = 6015,
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
    /// A statement value is not a BN254 scalar field element
    InvalidFieldElement = 6025,
    /// The Groth16 proof does not verify against the statement
    InvalidProof = 6026,
    /// Poseidon hashing of the statement failed
    PoseidonFailed = 6027,
    /// Already retired
    AlreadyRetired = 6028,
    /// The certificate is already revoked
    AlreadyRevoked = 6029,
    /// Unknown revocation reason (RFC 5280 CRLReason codes)
    InvalidRevocationReason = 6030,
    /// The signer may not revoke this certificate (only the authority or the registrant)
    NotRevoker = 6031,
    /// The account layout version is not supported by this program
    UnsupportedVersion = 6032,
    /// The same account is passed twice where two different accounts are required
    DuplicateAccount = 6033,
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
    /// A verifying key point is at infinity, off its curve or outside its subgroup
    InvalidVerifyingKey = 6042,
    /// The verifying key is forgeable: two of beta, gamma, delta equal or opposite, or delta the G2 generator (a setup without a phase-2 contribution)
    UnsafeVerifyingKey = 6043,
    /// Keys of the test circuit family (anyone can prove any statement with it) are registered only by a localnet build of the registry
    TestCircuitNotAllowed = 6044,
    /// This EUM key already holds a leaf of the EUM tree under another certificate record: revoke that record first (one live leaf per key)
    EumKeyInTree = 6045,
    /// The account receiving the EUM key marker's rent is not the record's registrant
    NotTheRegistrant = 6046,
}
}
