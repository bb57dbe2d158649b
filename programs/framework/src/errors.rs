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

        impl From<$enum> for $crate::pinocchio::error::ProgramError {
            fn from(e: $enum) -> Self {
                $crate::pinocchio::error::ProgramError::Custom(e as u32)
            }
        }
    };
}

crate::program_errors! {
    /// The refusals of the shared checks (accounts, instruction data, layouts, governance
    /// hand-over, keys, field elements, Groth16): every OpenRSP program raises them with these
    /// codes, which sit inside cert-registry's range where they were first defined.
    FrameworkError {
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
    /// No authority transfer is pending
    NoPendingAuthority = 6011,
    /// The signer is not the proposed authority
    NotPendingAuthority = 6012,
    /// A key identifier or public key is all zeroes
    InvalidKey = 6015,
    /// A statement value is not a BN254 scalar field element
    InvalidFieldElement = 6025,
    /// The Groth16 proof does not verify against the statement
    InvalidProof = 6026,
    /// Poseidon hashing of the statement failed
    PoseidonFailed = 6027,
    /// The account layout version is not supported by this program
    UnsupportedVersion = 6032,
    /// The same account is passed twice where two different accounts are required
    DuplicateAccount = 6033,
    /// A verifying key point is at infinity, off its curve or outside its subgroup
    InvalidVerifyingKey = 6042,
    /// The verifying key is forgeable: two of beta, gamma, delta equal or opposite, or delta the G2 generator (a setup without a phase-2 contribution)
    UnsafeVerifyingKey = 6043,
    /// The account is not this program's ProgramData account of the upgradeable loader
    InvalidProgramData = 6047,
    /// Only the program's upgrade authority can set it up
    NotUpgradeAuthority = 6048,
}
}
