//! The governance every OpenRSP program shares: one authority per program (a wallet, a multisig
//! vault, a DAO's PDA), handed over in two steps (propose, accept; cancel withdraws a proposal), a
//! pause, and a first set-up that only the program's upgrade authority can perform.
//!
//! Each program keeps its governance fields in its config account and implements [`Governed`] for
//! it; its `propose_authority`, `accept_authority`, `cancel_authority` and `set_paused`
//! instruction files call the handlers here, so the four programs govern alike and a hand-over
//! learned on one works on all.
//!
//! Why the upgrade authority: a config is a PDA with fixed seeds, so whoever creates it first
//! names the authority. Between a deploy and its set-up anybody could do that; requiring the key
//! that deployed the program (read from the program's ProgramData account of the upgradeable
//! loader) leaves nobody else the chance.

use crate::{
    accounts::{load_mut, signer, take},
    args::{no_args, parse_bool, InstructionArgs},
    errors::FrameworkError,
    events::{emit, EventWriter},
    layout::AccountLayout,
};
use pinocchio::{error::ProgramError, AccountView, Address, ProgramResult};

/// The upgradeable BPF loader (loader v3), `BPFLoaderUpgradeab1e11111111111111111111111`.
pub const LOADER_V3: Address = Address::new_from_array([
    2, 168, 246, 145, 78, 136, 161, 176, 226, 16, 21, 62, 247, 99, 174, 43, 0, 194, 185, 61, 22,
    193, 36, 210, 192, 83, 122, 16, 4, 128, 0, 0,
]);

/// Anchor discriminators of the governance instructions, the same in every program
/// (`sha256("global:<name>")[..8]`).
pub mod discriminator {
    pub const PROPOSE_AUTHORITY: [u8; 8] = crate::discriminator::instruction("propose_authority");
    pub const ACCEPT_AUTHORITY: [u8; 8] = crate::discriminator::instruction("accept_authority");
    pub const CANCEL_AUTHORITY: [u8; 8] = crate::discriminator::instruction("cancel_authority");
    pub const SET_PAUSED: [u8; 8] = crate::discriminator::instruction("set_paused");
}

/// Governance events, the same in every program (each program's own pause event excepted, whose
/// name it kept: [`Governed::PAUSE_CHANGED`]).
pub mod events {
    crate::anchor_events! {
        /// The authority proposed a successor.
        AuthorityProposed { authority: pubkey, proposed: pubkey }
        /// The proposed successor accepted and is now the authority.
        AuthorityAccepted { previous: pubkey, authority: pubkey }
        /// The authority withdrew its proposal.
        AuthorityProposalCancelled { authority: pubkey, cancelled: pubkey }
    }
}

use events::{AuthorityAccepted, AuthorityProposalCancelled, AuthorityProposed};

/// A program's config account as governance sees it.
pub trait Governed: AccountLayout {
    /// The program's own refusal of a signer that is not the authority (each program kept the code
    /// its clients know).
    const UNAUTHORIZED: u32;
    /// Discriminator of the program's pause event (`{ paused: bool, authority: pubkey }`).
    const PAUSE_CHANGED: [u8; 8];

    fn authority(&self) -> &[u8; 32];
    fn authority_mut(&mut self) -> &mut [u8; 32];
    /// All zeroes when none is pending (the zero address is the system program, which never signs).
    fn pending_authority(&self) -> &[u8; 32];
    fn pending_authority_mut(&mut self) -> &mut [u8; 32];
    /// 1 while paused.
    fn paused(&self) -> u8;
    fn paused_mut(&mut self) -> &mut u8;
}

/// Implements [`Governed`] for a config layout whose governance fields are named `authority`,
/// `pending_authority` and `paused`: `governed!(Config, ProgramError::Unauthorized, PauseEvent)`.
#[macro_export]
macro_rules! governed {
    ($config:ty, $unauthorized:expr, $pause_event:ty) => {
        impl $crate::governance::Governed for $config {
            const UNAUTHORIZED: u32 = $unauthorized as u32;
            const PAUSE_CHANGED: [u8; 8] = <$pause_event as $crate::events::Event>::DISCRIMINATOR;

            fn authority(&self) -> &[u8; 32] {
                &self.authority
            }
            fn authority_mut(&mut self) -> &mut [u8; 32] {
                &mut self.authority
            }
            fn pending_authority(&self) -> &[u8; 32] {
                &self.pending_authority
            }
            fn pending_authority_mut(&mut self) -> &mut [u8; 32] {
                &mut self.pending_authority
            }
            fn paused(&self) -> u8 {
                self.paused
            }
            fn paused_mut(&mut self) -> &mut u8 {
                &mut self.paused
            }
        }
    };
}

/// `account` signed and is the config's authority.
pub fn require_authority<C: Governed>(config: &C, account: &AccountView) -> ProgramResult {
    signer(account)?;
    if account.address().as_ref() == &config.authority()[..] {
        Ok(())
    } else {
        Err(ProgramError::Custom(C::UNAUTHORIZED))
    }
}

#[repr(C)]
pub struct ProposeAuthorityArgs {
    pub new_authority: [u8; 32],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for ProposeAuthorityArgs {}

#[repr(C)]
pub struct SetPausedArgs {
    pub paused: u8,
}
// SAFETY: repr(C) over bytes.
unsafe impl InstructionArgs for SetPausedArgs {}

/// `propose_authority(new_authority)`. Accounts: `authority` (signer), `config` (writable).
/// The successor must accept, so a typo in its key cannot lock governance out; proposing the zero
/// key withdraws a proposal, as `cancel_authority` does.
pub fn propose_authority<C: Governed>(
    program_id: &Address,
    accounts: &[AccountView],
    data: &[u8],
) -> ProgramResult {
    let [authority, config_account] = take::<2>(accounts)?;
    let args = ProposeAuthorityArgs::parse(data)?;
    let mut config = load_mut::<C>(config_account, program_id)?;
    require_authority(&*config, authority)?;

    let withdrawn = core::mem::replace(config.pending_authority_mut(), args.new_authority);
    if args.new_authority == [0; 32] {
        emit(&AuthorityProposalCancelled {
            authority: *config.authority(),
            cancelled: withdrawn,
        });
    } else {
        emit(&AuthorityProposed {
            authority: *config.authority(),
            proposed: args.new_authority,
        });
    }
    Ok(())
}

/// `accept_authority()`. Accounts: `new_authority` (signer), `config` (writable).
pub fn accept_authority<C: Governed>(
    program_id: &Address,
    accounts: &[AccountView],
    data: &[u8],
) -> ProgramResult {
    let [new_authority, config_account] = take::<2>(accounts)?;
    no_args(data)?;
    let mut config = load_mut::<C>(config_account, program_id)?;
    signer(new_authority)?;
    let pending = *config.pending_authority();
    if pending == [0; 32] {
        return Err(FrameworkError::NoPendingAuthority.into());
    }
    if new_authority.address().as_ref() != &pending[..] {
        return Err(FrameworkError::NotPendingAuthority.into());
    }

    let previous = *config.authority();
    *config.authority_mut() = pending;
    *config.pending_authority_mut() = [0; 32];
    emit(&AuthorityAccepted {
        previous,
        authority: pending,
    });
    Ok(())
}

/// `cancel_authority()`. Accounts: `authority` (signer), `config` (writable). Withdraws a pending
/// proposal (a successor named by mistake, or one whose key is lost).
pub fn cancel_authority<C: Governed>(
    program_id: &Address,
    accounts: &[AccountView],
    data: &[u8],
) -> ProgramResult {
    let [authority, config_account] = take::<2>(accounts)?;
    no_args(data)?;
    let mut config = load_mut::<C>(config_account, program_id)?;
    require_authority(&*config, authority)?;
    let cancelled = *config.pending_authority();
    if cancelled == [0; 32] {
        return Err(FrameworkError::NoPendingAuthority.into());
    }

    *config.pending_authority_mut() = [0; 32];
    emit(&AuthorityProposalCancelled {
        authority: *config.authority(),
        cancelled,
    });
    Ok(())
}

/// The pause event, under the program's own name for it.
struct PauseChanged {
    discriminator: [u8; 8],
    paused: bool,
    authority: [u8; 32],
}

impl PauseChanged {
    fn encode(&self) -> EventWriter {
        let mut w = EventWriter::new(self.discriminator);
        w.u8(self.paused as u8).bytes(&self.authority);
        w
    }
}

/// `set_paused(paused)`. Accounts: `authority` (signer), `config` (writable). What a pause stops
/// is each program's choice (new registrations, new plans, new orders); settlement, revocation and
/// governance always go on.
pub fn set_paused<C: Governed>(
    program_id: &Address,
    accounts: &[AccountView],
    data: &[u8],
) -> ProgramResult {
    let [authority, config_account] = take::<2>(accounts)?;
    let paused = parse_bool(SetPausedArgs::parse(data)?.paused)?;
    let mut config = load_mut::<C>(config_account, program_id)?;
    require_authority(&*config, authority)?;

    *config.paused_mut() = paused as u8;
    let event = PauseChanged {
        discriminator: C::PAUSE_CHANGED,
        paused,
        authority: *config.authority(),
    };
    crate::events::log_encoded(&event.encode());
    Ok(())
}

/// Byte offsets in a ProgramData account: `u32` tag (3), `u64` slot, `Option<Address>` (tag byte,
/// then the key).
const PROGRAM_DATA_TAG: u32 = 3;
const AUTHORITY_OPTION_AT: usize = 12;
const AUTHORITY_AT: usize = 13;
const METADATA_LEN: usize = 45;

/// Refuses unless `upgrade_authority` signed and is the upgrade authority recorded in
/// `program_data`, the ProgramData account of `program_id` under the upgradeable loader. A program
/// deployed immutable (no upgrade authority) or by another loader cannot be set up: set up before
/// making a program immutable.
pub fn require_upgrade_authority(
    program_id: &Address,
    program_data: &AccountView,
    upgrade_authority: &AccountView,
) -> ProgramResult {
    signer(upgrade_authority)?;
    if !program_data.owned_by(&LOADER_V3) {
        return Err(FrameworkError::InvalidProgramData.into());
    }
    let (expected, _) = Address::try_find_program_address(&[program_id.as_ref()], &LOADER_V3)
        .ok_or(FrameworkError::InvalidProgramData)?;
    if program_data.address() != &expected {
        return Err(FrameworkError::InvalidProgramData.into());
    }
    let data = program_data.try_borrow()?;
    let header = data
        .get(..METADATA_LEN)
        .ok_or(FrameworkError::InvalidProgramData)?;
    let tag = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
    if tag != PROGRAM_DATA_TAG {
        return Err(FrameworkError::InvalidProgramData.into());
    }
    if header[AUTHORITY_OPTION_AT] != 1
        || &header[AUTHORITY_AT..METADATA_LEN] != upgrade_authority.address().as_ref()
    {
        return Err(FrameworkError::NotUpgradeAuthority.into());
    }
    Ok(())
}
