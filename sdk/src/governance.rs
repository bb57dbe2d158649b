//! The governance all four programs share (`openrsp_framework::governance`): one builder per
//! governance instruction for any of them, the accounts a set-up instruction passes to prove it
//! comes from the upgrade authority, the governance state of a program's config, and
//! [`Governance`], the calls the CLI makes over any [`Ledger`].
//!
//! An authority can be a multisig: build the instruction with [`instructions`], with the
//! multisig's vault as `authority`, and propose it as a multisig transaction (Squads v4
//! `vault_transaction_create`); the vault signs when the threshold is met.

use crate::{
    client::{Ledger, Receipt},
    deploy::{programdata_address, LOADER},
    programs::ProgramIds,
    SdkError,
};
use openrsp_framework::governance::Governed;
use solana_address::Address;
use solana_instruction::AccountMeta;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// The four OpenRSP programs, each governed alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GovernedProgram {
    CertRegistry,
    EidCommitment,
    UsdcBilling,
    ProfileEscrow,
}

impl GovernedProgram {
    pub const ALL: [GovernedProgram; 4] = [
        GovernedProgram::CertRegistry,
        GovernedProgram::EidCommitment,
        GovernedProgram::UsdcBilling,
        GovernedProgram::ProfileEscrow,
    ];

    /// The program's name, as in `Anchor.toml`.
    pub fn name(self) -> &'static str {
        match self {
            GovernedProgram::CertRegistry => "cert-registry",
            GovernedProgram::EidCommitment => "eid-commitment",
            GovernedProgram::UsdcBilling => "usdc-billing",
            GovernedProgram::ProfileEscrow => "profile-escrow",
        }
    }

    /// The program's id among `ids`.
    pub fn id(self, ids: &ProgramIds) -> Address {
        match self {
            GovernedProgram::CertRegistry => ids.cert_registry,
            GovernedProgram::EidCommitment => ids.eid_commitment,
            GovernedProgram::UsdcBilling => ids.usdc_billing,
            GovernedProgram::ProfileEscrow => ids.profile_escrow,
        }
    }

    /// The config account that holds the program's governance.
    pub fn config_address(self, program_id: &Address) -> Address {
        match self {
            GovernedProgram::CertRegistry => crate::cert_registry::pda::registry(program_id).0,
            GovernedProgram::EidCommitment => crate::eid_commitment::pda::config(program_id).0,
            GovernedProgram::UsdcBilling => crate::usdc_billing::pda::config(program_id).0,
            GovernedProgram::ProfileEscrow => crate::profile_escrow::pda::config(program_id).0,
        }
    }

    /// The governance fields of the program's config account data.
    pub fn decode(self, data: &[u8]) -> Option<GovernanceView> {
        fn view<C: Governed>(data: &[u8]) -> Option<GovernanceView> {
            let config = C::from_bytes(data).ok()?;
            let pending = *config.pending_authority();
            Some(GovernanceView {
                authority: Address::new_from_array(*config.authority()),
                pending_authority: (pending != [0; 32]).then(|| Address::new_from_array(pending)),
                paused: config.paused() != 0,
            })
        }
        match self {
            GovernedProgram::CertRegistry => view::<cert_registry::state::Registry>(data),
            GovernedProgram::EidCommitment => view::<eid_commitment::state::EidConfig>(data),
            GovernedProgram::UsdcBilling => view::<usdc_billing::state::BillingConfig>(data),
            GovernedProgram::ProfileEscrow => view::<profile_escrow::state::EscrowConfig>(data),
        }
    }
}

impl std::str::FromStr for GovernedProgram {
    type Err = SdkError;

    fn from_str(s: &str) -> Result<Self, SdkError> {
        GovernedProgram::ALL
            .into_iter()
            .find(|p| p.name() == s || p.name().replace('-', "_") == s)
            .ok_or_else(|| {
                SdkError::InvalidInput(format!(
                    "unknown program {s:?}: one of cert-registry, eid-commitment, usdc-billing, profile-escrow"
                ))
            })
    }
}

/// Who governs a program, and whether it is paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GovernanceView {
    #[serde(serialize_with = "crate::display::display")]
    pub authority: Address,
    #[serde(serialize_with = "crate::display::display_option")]
    pub pending_authority: Option<Address>,
    pub paused: bool,
}

/// The builders, for any program's config.
pub mod instructions {
    use super::*;
    use openrsp_framework::governance::discriminator as ix;
    use solana_instruction::Instruction;

    fn governance_ix(
        program_id: &Address,
        config: &Address,
        signer: &Address,
        discriminator: [u8; 8],
        args: &[u8],
    ) -> Instruction {
        let mut data = discriminator.to_vec();
        data.extend_from_slice(args);
        Instruction {
            program_id: *program_id,
            accounts: vec![
                AccountMeta::new_readonly(*signer, true),
                AccountMeta::new(*config, false),
            ],
            data,
        }
    }

    pub fn propose_authority(
        program_id: &Address,
        config: &Address,
        authority: &Address,
        new_authority: &Address,
    ) -> Instruction {
        governance_ix(
            program_id,
            config,
            authority,
            ix::PROPOSE_AUTHORITY,
            new_authority.as_ref(),
        )
    }

    pub fn accept_authority(
        program_id: &Address,
        config: &Address,
        new_authority: &Address,
    ) -> Instruction {
        governance_ix(program_id, config, new_authority, ix::ACCEPT_AUTHORITY, &[])
    }

    pub fn cancel_authority(
        program_id: &Address,
        config: &Address,
        authority: &Address,
    ) -> Instruction {
        governance_ix(program_id, config, authority, ix::CANCEL_AUTHORITY, &[])
    }

    pub fn set_paused(
        program_id: &Address,
        config: &Address,
        authority: &Address,
        paused: bool,
    ) -> Instruction {
        governance_ix(
            program_id,
            config,
            authority,
            ix::SET_PAUSED,
            &[paused as u8],
        )
    }
}

/// The last two accounts of every set-up instruction (`initialize_*`): the program's ProgramData
/// account and its upgrade authority, which must sign.
pub fn upgrade_authority_accounts(
    program_id: &Address,
    upgrade_authority: &Address,
) -> [AccountMeta; 2] {
    [
        AccountMeta::new_readonly(programdata_address(program_id), false),
        AccountMeta::new_readonly(*upgrade_authority, true),
    ]
}

/// The upgrade authority recorded in `program_id`'s ProgramData account: `None` for an immutable
/// program, an error if the program is not an upgradeable one.
pub fn upgrade_authority<L: Ledger + ?Sized>(
    ledger: &L,
    program_id: &Address,
) -> Result<Option<Address>, SdkError> {
    let address = programdata_address(program_id);
    let account = ledger
        .account(&address)?
        .filter(|a| a.owner == LOADER)
        .ok_or_else(|| SdkError::InvalidAccount {
            address: program_id.to_string(),
            kind: "upgradeable program",
            reason: "has no ProgramData account of the upgradeable loader".into(),
        })?;
    match account.data.get(..45) {
        Some(h) if h[..4] == 3u32.to_le_bytes() => Ok((h[12] == 1).then(|| {
            let mut key = [0u8; 32];
            key.copy_from_slice(&h[13..45]);
            Address::new_from_array(key)
        })),
        _ => Err(SdkError::InvalidAccount {
            address: address.to_string(),
            kind: "ProgramData",
            reason: "is not a ProgramData account".into(),
        }),
    }
}

/// One program's governance over any [`Ledger`].
pub struct Governance<'a, L: Ledger + ?Sized> {
    pub ledger: &'a mut L,
    pub program: GovernedProgram,
    pub program_id: Address,
}

impl<'a, L: Ledger + ?Sized> Governance<'a, L> {
    pub fn new(ledger: &'a mut L, program: GovernedProgram, program_id: Address) -> Self {
        Governance {
            ledger,
            program,
            program_id,
        }
    }

    fn config(&self) -> Address {
        self.program.config_address(&self.program_id)
    }

    /// The program's governance, `None` before its set-up.
    pub fn view(&self) -> Result<Option<GovernanceView>, SdkError> {
        let address = self.config();
        let Some(account) = self.ledger.account(&address)? else {
            return Ok(None);
        };
        if account.owner != self.program_id {
            return Err(SdkError::InvalidAccount {
                address: address.to_string(),
                kind: "config",
                reason: format!(
                    "is not owned by {} {}",
                    self.program.name(),
                    self.program_id
                ),
            });
        }
        self.program
            .decode(&account.data)
            .map(Some)
            .ok_or_else(|| SdkError::InvalidAccount {
                address: address.to_string(),
                kind: "config",
                reason: format!("is not a {} config", self.program.name()),
            })
    }

    pub fn propose_authority(
        &mut self,
        authority: &Keypair,
        new_authority: &Address,
    ) -> Result<Receipt, SdkError> {
        let ix = instructions::propose_authority(
            &self.program_id,
            &self.config(),
            &authority.pubkey(),
            new_authority,
        );
        self.ledger.send(&[ix], authority, &[])
    }

    pub fn accept_authority(&mut self, new_authority: &Keypair) -> Result<Receipt, SdkError> {
        let ix = instructions::accept_authority(
            &self.program_id,
            &self.config(),
            &new_authority.pubkey(),
        );
        self.ledger.send(&[ix], new_authority, &[])
    }

    pub fn cancel_authority(&mut self, authority: &Keypair) -> Result<Receipt, SdkError> {
        let ix =
            instructions::cancel_authority(&self.program_id, &self.config(), &authority.pubkey());
        self.ledger.send(&[ix], authority, &[])
    }

    pub fn set_paused(&mut self, authority: &Keypair, paused: bool) -> Result<Receipt, SdkError> {
        let ix = instructions::set_paused(
            &self.program_id,
            &self.config(),
            &authority.pubkey(),
            paused,
        );
        self.ledger.send(&[ix], authority, &[])
    }
}
