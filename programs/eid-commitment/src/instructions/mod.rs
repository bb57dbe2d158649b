//! One file per instruction. Each declares its accounts (in order), its arguments, and `process`.

pub mod accept_authority;
pub mod cancel_authority;
pub mod initialize_config;
pub mod propose_authority;
pub mod register_commitment;
pub mod revoke_commitment;
pub mod rotate_commitment;
pub mod set_paused;
pub mod set_purposes;
pub mod set_verifying_key;
pub mod take_over_commitment;

/// Anchor instruction discriminators: `sha256("global:<instruction_name>")[..8]`.
pub mod discriminator {
    pub use openrsp_framework::governance::discriminator::{
        ACCEPT_AUTHORITY, CANCEL_AUTHORITY, PROPOSE_AUTHORITY, SET_PAUSED,
    };
    pub const INITIALIZE_CONFIG: [u8; 8] =
        openrsp_framework::discriminator::instruction("initialize_config");
    pub const SET_VERIFYING_KEY: [u8; 8] =
        openrsp_framework::discriminator::instruction("set_verifying_key");
    pub const REGISTER_COMMITMENT: [u8; 8] =
        openrsp_framework::discriminator::instruction("register_commitment");
    pub const ROTATE_COMMITMENT: [u8; 8] =
        openrsp_framework::discriminator::instruction("rotate_commitment");
    pub const REVOKE_COMMITMENT: [u8; 8] =
        openrsp_framework::discriminator::instruction("revoke_commitment");
    pub const SET_PURPOSES: [u8; 8] = openrsp_framework::discriminator::instruction("set_purposes");
    pub const TAKE_OVER_COMMITMENT: [u8; 8] =
        openrsp_framework::discriminator::instruction("take_over_commitment");

    /// `(instruction name, discriminator)` for every instruction, for the IDL and its tests.
    pub const ALL: [(&str, [u8; 8]); 11] = [
        ("initialize_config", INITIALIZE_CONFIG),
        ("propose_authority", PROPOSE_AUTHORITY),
        ("accept_authority", ACCEPT_AUTHORITY),
        ("cancel_authority", CANCEL_AUTHORITY),
        ("set_paused", SET_PAUSED),
        ("set_verifying_key", SET_VERIFYING_KEY),
        ("set_purposes", SET_PURPOSES),
        ("register_commitment", REGISTER_COMMITMENT),
        ("rotate_commitment", ROTATE_COMMITMENT),
        ("take_over_commitment", TAKE_OVER_COMMITMENT),
        ("revoke_commitment", REVOKE_COMMITMENT),
    ];
}

use crate::{
    errors::EidError,
    state::{EidConfig, Nullifier},
};
use cert_registry::state::{AccountLayout, EumTree, TrustAnchor};
use openrsp_framework::accounts::{load, signer};
use pinocchio::{
    error::ProgramError,
    sysvars::slot_hashes::{SlotHashes, SLOTHASHES_ID},
    AccountView, Address, ProgramResult,
};

/// The config's authority must sign (the check all four programs share).
pub(crate) fn require_authority(
    config: &EidConfig,
    signer: &AccountView,
) -> Result<(), pinocchio::error::ProgramError> {
    openrsp_framework::governance::require_authority(config, signer)
}

/// Checks that `root` is the current or a recent root of the configured registry's EUM tree.
pub(crate) fn require_known_root(
    config: &EidConfig,
    tree_account: &AccountView,
    root: &[u8; 32],
) -> Result<(), pinocchio::error::ProgramError> {
    let registry = Address::new_from_array(config.registry_program);
    if !tree_account.owned_by(&registry) {
        return Err(EidError::WrongRegistry.into());
    }
    let tree = load::<EumTree>(tree_account, &registry)?;
    if tree.is_known_root(root) {
        Ok(())
    } else {
        Err(EidError::UnknownRoot.into())
    }
}

/// An EID proof and everything the program checks it against: the registry accounts its root and
/// anchor name, the SlotHashes sysvar its binding's slot is read from, and the statement's free
/// fields (the circuit id comes from the config).
pub(crate) struct EidProof<'a> {
    pub tree_account: &'a AccountView,
    pub anchor_account: &'a AccountView,
    pub slot_hashes: &'a AccountView,
    pub root: &'a [u8; 32],
    pub anchor_key_id: &'a [u8; 20],
    /// Unix seconds: a time the EUM certificate was valid.
    pub valid_at: u64,
    /// The slot whose hash the chip's binding names.
    pub bound_slot: u64,
    pub commitment: &'a [u8; 32],
    pub nullifier: &'a [u8; 32],
    pub purpose: &'a [u8; 32],
    pub owner: &'a [u8; 32],
    pub proof: &'a ProofArgs,
}

/// Checks an EID proof, cheap checks first: its root against the registry's EUM tree, its anchor
/// against the registry's active trust anchors, `valid_at` against the clock (`now`), the bound
/// slot against the recent slot hashes; then recomputes the public input with `sol_poseidon` and
/// verifies the proof under the config's key. A frame of its own: the statement and the pairing
/// inputs are large.
#[inline(never)]
pub(crate) fn verify_eid_proof(
    config: &EidConfig,
    p: &EidProof,
    now: i64,
) -> Result<(), ProgramError> {
    require_known_root(config, p.tree_account, p.root)?;
    let registry = Address::new_from_array(config.registry_program);
    if !p.anchor_account.owned_by(&registry) {
        return Err(EidError::WrongTrustAnchor.into());
    }
    {
        let anchor = load::<TrustAnchor>(p.anchor_account, &registry)?;
        if anchor.key_id != *p.anchor_key_id {
            return Err(EidError::WrongTrustAnchor.into());
        }
        if !anchor.is_active() {
            return Err(EidError::TrustAnchorRetired.into());
        }
    }
    let valid_at = i64::try_from(p.valid_at).map_err(|_| EidError::ProofTimeInFuture)?;
    if valid_at > now {
        return Err(EidError::ProofTimeInFuture.into());
    }
    if now.saturating_sub(valid_at) > MAX_PROOF_AGE {
        return Err(EidError::ProofTooOld.into());
    }
    let statement = crate::statement::EidStatement {
        circuit_id: u32::from_le_bytes(config.circuit_id),
        root: *p.root,
        anchor_key_id: *p.anchor_key_id,
        valid_at: p.valid_at,
        commitment: *p.commitment,
        nullifier: *p.nullifier,
        purpose: *p.purpose,
        owner: *p.owner,
        slot_hash: recent_slot_hash(p.slot_hashes, p.bound_slot)?,
    };
    openrsp_framework::groth16::verify_proof(
        &config.key,
        &p.proof.proof_a,
        &p.proof.proof_b,
        &p.proof.proof_c,
        statement.public_input()?,
    )?;
    Ok(())
}

/// How far behind the chain's clock an EID statement's `valid_at` may be. Long enough to prove
/// (under a minute) and send; short enough that an EUM certificate past its notAfter stops
/// admitting EIDs within the hour.
pub const MAX_PROOF_AGE: i64 = 3_600;

/// The hash of `bound_slot`, the slot a chip binding names, from the SlotHashes sysvar account.
/// The sysvar holds the last 512 slots, so the binding was made at most about three and a half
/// minutes ago and after that slot (nobody knows a slot's hash before it): evidence signed in
/// advance, by a former holder say, has expired by the time anyone could use it.
#[inline(never)]
pub(crate) fn recent_slot_hash(
    slot_hashes: &AccountView,
    bound_slot: u64,
) -> Result<[u8; 32], ProgramError> {
    if slot_hashes.address() != &SLOTHASHES_ID {
        return Err(EidError::NotSlotHashes.into());
    }
    let hashes = SlotHashes::from_account_view(slot_hashes)?;
    hashes
        .get_hash(bound_slot)
        .copied()
        .ok_or_else(|| EidError::BindingNotRecent.into())
}

/// Checks that `mark` is the nullifier mark of `nullifier` and that a binding naming `bound_slot`
/// is newer than every binding it accepted for that EID and purpose.
pub(crate) fn require_fresh_binding(
    mark: &Nullifier,
    nullifier: &[u8; 32],
    bound_slot: u64,
) -> Result<(), ProgramError> {
    if mark.nullifier != *nullifier {
        return Err(EidError::WrongNullifier.into());
    }
    if bound_slot <= u64::from_le_bytes(mark.bound_slot) {
        return Err(EidError::StaleBinding.into());
    }
    Ok(())
}

/// Arguments of a fresh proof for a live record (rotation, takeover): the record's nullifier and
/// purpose, a new commitment, the signer as owner.
#[repr(C)]
pub struct RenewalArgs {
    pub root: [u8; 32],
    pub anchor_key_id: [u8; 20],
    /// u64 LE, unix seconds, as in `register_commitment`.
    pub valid_at: [u8; 8],
    /// u64 LE: the slot the chip's binding names, newer than the record's.
    pub bound_slot: [u8; 8],
    pub commitment: [u8; 32],
    pub proof: ProofArgs,
}
// SAFETY: repr(C) over byte arrays.
unsafe impl openrsp_framework::args::InstructionArgs for RenewalArgs {}

/// A fresh proof for the record in `accounts` (`signer`, `config`, `eum_tree`, `trust_anchor`,
/// `eid_commitment`, `nullifier`, `slot_hashes`): for the record's nullifier and purpose, bound by
/// the chip to the signer after a slot newer than any binding accepted for them. The signer
/// becomes (or stays) the owner; the record's address, and so every order that names it, stays.
/// `TAKEOVER`: the chip's new holder takes the record over (else its owner rotates it). A const
/// parameter, not an argument: with the three the instruction passes, SBPF's five argument
/// registers are full, and arguments past them would live in the caller's stack frame.
#[inline(never)]
pub(crate) fn renew<const TAKEOVER: bool>(
    program_id: &Address,
    accounts: &[AccountView],
    data: &[u8],
) -> ProgramResult {
    use crate::events::{emit, CommitmentRotated, CommitmentTakenOver};
    use openrsp_framework::{
        accounts::{load_mut, take},
        args::InstructionArgs,
        clock::now,
    };
    let [signer_account, config_account, tree_account, anchor_account, commitment_account, nullifier_account, slot_hashes] =
        take::<7>(accounts)?;
    let args = RenewalArgs::parse(data)?;
    signer(signer_account)?;
    let config = load::<crate::state::EidConfig>(config_account, program_id)?;
    if config.is_paused() {
        return Err(EidError::Paused.into());
    }
    let mut record = load_mut::<crate::state::EidCommitment>(commitment_account, program_id)?;
    // A purpose governance withdrew takes no fresh proofs: the record stays, frozen.
    if !config.allows_purpose(&record.purpose) {
        return Err(EidError::PurposeNotAllowed.into());
    }
    let signer_key = signer_account.address().to_bytes();
    if !TAKEOVER && signer_key != record.owner {
        return Err(EidError::NotOwner.into());
    }
    if TAKEOVER && signer_key == record.owner {
        return Err(EidError::AlreadyOwner.into());
    }
    if record.commitment == args.commitment {
        return Err(EidError::SameCommitment.into());
    }
    let mut mark = load_mut::<Nullifier>(nullifier_account, program_id)?;
    let bound_slot = u64::from_le_bytes(args.bound_slot);
    require_fresh_binding(&mark, &record.nullifier, bound_slot)?;
    let now = now()?;
    verify_eid_proof(
        &config,
        &EidProof {
            tree_account,
            anchor_account,
            slot_hashes,
            root: &args.root,
            anchor_key_id: &args.anchor_key_id,
            valid_at: u64::from_le_bytes(args.valid_at),
            bound_slot,
            commitment: &args.commitment,
            nullifier: &record.nullifier,
            purpose: &record.purpose,
            owner: &signer_key,
            proof: &args.proof,
        },
        now,
    )?;

    mark.bound_slot = args.bound_slot;
    let previous_owner = record.owner;
    let count = |counter: [u8; 4]| {
        u32::from_le_bytes(counter)
            .checked_add(1)
            .map(u32::to_le_bytes)
            .ok_or(ProgramError::ArithmeticOverflow)
    };
    if TAKEOVER {
        record.takeovers = count(record.takeovers)?;
        record.taken_over_at = now.to_le_bytes();
    } else {
        record.rotations = count(record.rotations)?;
        record.rotated_at = now.to_le_bytes();
    }
    record.owner = signer_key;
    record.commitment = args.commitment;
    record.root = args.root;
    record.anchor_key_id = args.anchor_key_id;
    record.bound_slot = args.bound_slot;
    let eid_commitment = commitment_account.address().to_bytes();
    if TAKEOVER {
        emit(&CommitmentTakenOver {
            eid_commitment,
            previous_owner,
            owner: signer_key,
            commitment: args.commitment,
            root: args.root,
            anchor_key_id: args.anchor_key_id,
            bound_slot,
        });
    } else {
        emit(&CommitmentRotated {
            eid_commitment,
            owner: signer_key,
            commitment: args.commitment,
            root: args.root,
            anchor_key_id: args.anchor_key_id,
            bound_slot,
        });
    }
    Ok(())
}

/// Proof arguments shared by registration and rotation: point A already negated.
#[repr(C)]
pub struct ProofArgs {
    pub proof_a: [u8; 64],
    pub proof_b: [u8; 128],
    pub proof_c: [u8; 64],
}

const _: () = assert!(core::mem::size_of::<ProofArgs>() == 256 && EumTree::LEN > 0);
