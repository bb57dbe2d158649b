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

/// Which build of the programs to load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProgramBuild {
    /// What `make deploy` deploys: the registry refuses the test circuit's keys.
    #[default]
    Release,
    /// The registry built with its `localnet` feature (`cert_registry_localnet.so`), which also
    /// admits keys of the test circuit: for tests and benchmarks that stand it in for the
    /// certificate circuit. Never deployed.
    Localnet,
}

/// `(id, file stem of the .so under target/deploy)` of each program, for loading and deploying.
pub fn program_files(ids: &ProgramIds) -> [(Address, &'static str); 4] {
    program_files_of(ids, ProgramBuild::Release)
}

/// [`program_files`] of one build.
pub fn program_files_of(ids: &ProgramIds, build: ProgramBuild) -> [(Address, &'static str); 4] {
    [
        (
            ids.cert_registry,
            match build {
                ProgramBuild::Release => "cert_registry",
                ProgramBuild::Localnet => "cert_registry_localnet",
            },
        ),
        (ids.eid_commitment, "eid_commitment"),
        (ids.usdc_billing, "usdc_billing"),
        (ids.profile_escrow, "profile_escrow"),
    ]
}

/// The Anchor IDLs of the four programs, as committed in `idl/` (tests keep them equal to the
/// programs).
const IDLS: [(&str, &str); 4] = [
    (
        "cert_registry",
        include_str!("../../idl/cert_registry.json"),
    ),
    (
        "eid_commitment",
        include_str!("../../idl/eid_commitment.json"),
    ),
    ("usdc_billing", include_str!("../../idl/usdc_billing.json")),
    (
        "profile_escrow",
        include_str!("../../idl/profile_escrow.json"),
    ),
];

/// `(program file stem, discriminator, instruction name)` of every instruction in the IDLs.
fn idl_instructions() -> &'static [(&'static str, [u8; 8], String)] {
    static TABLE: std::sync::OnceLock<Vec<(&'static str, [u8; 8], String)>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Vec::new();
        for (program, text) in IDLS {
            let Ok(idl) = serde_json::from_str::<serde_json::Value>(text) else {
                continue;
            };
            for ix in idl["instructions"].as_array().into_iter().flatten() {
                let discriminator: Option<Vec<u8>> = ix["discriminator"].as_array().map(|d| {
                    d.iter()
                        .filter_map(|b| b.as_u64())
                        .map(|b| b as u8)
                        .collect()
                });
                if let (Some(name), Some(Ok(d))) =
                    (ix["name"].as_str(), discriminator.map(<[u8; 8]>::try_from))
                {
                    table.push((program, d, name.to_string()));
                }
            }
        }
        table
    })
}

/// A readable name for an instruction, for receipts and demo output: `program.instruction` for
/// OpenRSP programs (from the IDL), the program's common name for the system, token, ATA,
/// Ed25519, compute budget and loader programs, else the program id.
pub fn instruction_name(ids: &ProgramIds, ix: &solana_instruction::Instruction) -> String {
    use solana_sdk_ids as sdk;
    if let Some((_, stem)) = program_files(ids)
        .into_iter()
        .find(|(id, _)| *id == ix.program_id)
    {
        let name = ix.data.first_chunk::<8>().and_then(|d| {
            idl_instructions()
                .iter()
                .find(|(p, disc, _)| *p == stem && disc == d)
        });
        return match name {
            Some((_, _, name)) => format!("{stem}.{name}"),
            None => format!("{stem}.<unknown instruction>"),
        };
    }
    let known = [
        (sdk::system_program::ID, "system"),
        (spl_token_interface::ID, "spl_token"),
        (spl_token_2022_interface::ID, "spl_token_2022"),
        (
            spl_associated_token_account_interface::program::ID,
            "associated_token",
        ),
        (sdk::ed25519_program::ID, "ed25519_precompile"),
        (sdk::secp256r1_program::ID, "secp256r1_precompile"),
        (sdk::compute_budget::ID, "compute_budget"),
        (sdk::bpf_loader_upgradeable::ID, "upgradeable_loader"),
    ];
    known
        .iter()
        .find(|(id, _)| *id == ix.program_id)
        .map_or_else(|| ix.program_id.to_string(), |(_, n)| n.to_string())
}
