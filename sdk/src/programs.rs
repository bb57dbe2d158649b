//! Program ids. The defaults are the ids in `Anchor.toml` (localnet and devnet); a deployment under
//! other keys passes its own ids to the clients.

use solana_address::Address;

pub const CERT_REGISTRY_ID: Address =
    Address::from_str_const("5psAPPjpPQki7yyYaUkYQwr8gJpC2BnyKK6Y3sFXrar4");
pub const EID_COMMITMENT_ID: Address =
    Address::from_str_const("6QtVfFs7J9FuXPsQvvfUPxqKmYtPuuxG8Y1Y54euUo5m");
pub const USDC_BILLING_ID: Address =
    Address::from_str_const("8b6i1odjfAtWHV7dWv7NnDz8qXR7Q8fSnyUJ6Ek6dwCf");
pub const PROFILE_ESCROW_ID: Address =
    Address::from_str_const("C6B8TRapj7c92LTSmeWq5WkMnnzA246XEv9C6RS9EZik");

/// The ids of every OpenRSP program in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProgramIds {
    pub cert_registry: Address,
    pub eid_commitment: Address,
    pub usdc_billing: Address,
    pub profile_escrow: Address,
}

impl Default for ProgramIds {
    fn default() -> Self {
        ProgramIds {
            cert_registry: CERT_REGISTRY_ID,
            eid_commitment: EID_COMMITMENT_ID,
            usdc_billing: USDC_BILLING_ID,
            profile_escrow: PROFILE_ESCROW_ID,
        }
    }
}

/// `(id, file stem of the .so under target/deploy)` of each program, for loading and deploying.
pub fn program_files(ids: &ProgramIds) -> [(Address, &'static str); 4] {
    [
        (ids.cert_registry, "cert_registry"),
        (ids.eid_commitment, "eid_commitment"),
        (ids.usdc_billing, "usdc_billing"),
        (ids.profile_escrow, "profile_escrow"),
    ]
}
