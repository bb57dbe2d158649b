//! The public statement of a certificate proof and its one public input.
//!
//! A certificate circuit proves facts about a certificate that stays private. What it proves is
//! the statement below; the circuit exposes a single public input, the Poseidon hash of the
//! statement's field elements, and the program recomputes that hash from the instruction's
//! arguments and its own accounts. One public input keeps verification at groth16-solana's floor
//! (about 78k CU) whatever the statement holds, and the registrant's key inside the hash makes a
//! proof worthless to anybody else: it cannot be replayed or front-run.
//!
//! The hash is circom's Poseidon over BN254 (x^5, `Bn254X5` in `sol_poseidon`), so circom and
//! arkworks circuits, light-poseidon natively and the syscall on-chain all agree.

use openrsp_framework::errors::FrameworkError;
pub use openrsp_framework::poseidon::{is_field_element, poseidon_be, FR_MODULUS_BE};

/// GSMA RSP roles, numbered as the last arc of their certificate policy OID
/// `2.23.146.1.2.1.<role>` (SGP.22 section 4.5.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Role {
    Ci = 0,
    Euicc = 1,
    Eum = 2,
    DpTls = 3,
    DpAuth = 4,
    DpPb = 5,
    DsTls = 6,
    DsAuth = 7,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Ci,
        Role::Euicc,
        Role::Eum,
        Role::DpTls,
        Role::DpAuth,
        Role::DpPb,
        Role::DsTls,
        Role::DsAuth,
    ];

    pub const fn from_u8(v: u8) -> Option<Role> {
        if (v as usize) < Self::ALL.len() {
            Some(Self::ALL[v as usize])
        } else {
            None
        }
    }

    /// The short name used by the CLI and in GSMA documents (`dp-auth`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            Role::Ci => "ci",
            Role::Euicc => "euicc",
            Role::Eum => "eum",
            Role::DpTls => "dp-tls",
            Role::DpAuth => "dp-auth",
            Role::DpPb => "dp-pb",
            Role::DsTls => "ds-tls",
            Role::DsAuth => "ds-auth",
        }
    }

    /// This role's bit in a verifying key's role mask.
    pub const fn mask(self) -> u16 {
        1 << self as u8
    }
}

/// All defined role bits.
pub const ALL_ROLES_MASK: u16 = (1 << Role::ALL.len()) - 1;

/// Number of field elements in the statement hash.
pub const STATEMENT_INPUTS: usize = 9;

/// What a certificate proof asserts, as the program sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Statement {
    pub circuit_id: u32,
    pub role: u8,
    /// CI subject key identifier the certificate's authorityKeyIdentifier names.
    pub anchor_key_id: [u8; 20],
    /// Poseidon commitment to the TBS (field element, big-endian).
    pub commitment: [u8; 32],
    /// Hash of the subject public key (field element, big-endian).
    pub subject_key_hash: [u8; 32],
    pub not_before: u64,
    pub not_after: u64,
    /// The registering signer.
    pub registrant: [u8; 32],
}

impl Statement {
    /// The statement as BN254 field elements, each 32 bytes big-endian, in hashing order:
    /// `circuit_id, role, anchor_key_id, commitment, subject_key_hash, not_before, not_after,
    /// registrant[0..16], registrant[16..32]`. The registrant is split because a 32-byte key can
    /// exceed the field modulus.
    pub fn field_elements(&self) -> [[u8; 32]; STATEMENT_INPUTS] {
        let mut out = [[0u8; 32]; STATEMENT_INPUTS];
        out[0][28..].copy_from_slice(&self.circuit_id.to_be_bytes());
        out[1][31] = self.role;
        out[2][12..].copy_from_slice(&self.anchor_key_id);
        out[3] = self.commitment;
        out[4] = self.subject_key_hash;
        out[5][24..].copy_from_slice(&self.not_before.to_be_bytes());
        out[6][24..].copy_from_slice(&self.not_after.to_be_bytes());
        out[7][16..].copy_from_slice(&self.registrant[..16]);
        out[8][16..].copy_from_slice(&self.registrant[16..]);
        out
    }

    /// The circuit's public input: Poseidon over [`Statement::field_elements`].
    pub fn public_input(&self) -> Result<[u8; 32], FrameworkError> {
        let elements = self.field_elements();
        if !is_field_element(&self.commitment) || !is_field_element(&self.subject_key_hash) {
            return Err(FrameworkError::InvalidFieldElement);
        }
        poseidon_be(&elements)
    }
}

/// The subject key hash a certificate circuit proves: Poseidon over the key's coordinates in
/// 16-byte halves (each below the field modulus, so the encoding is injective) and the permitted
/// IIN (an EUM's; 0 for every other role):
/// `Poseidon(x[..16], x[16..], y[..16], y[16..], iin)`.
pub fn subject_key_hash(x: &[u8; 32], y: &[u8; 32], iin: u64) -> Result<[u8; 32], FrameworkError> {
    let mut elements = [[0u8; 32]; 5];
    elements[0][16..].copy_from_slice(&x[..16]);
    elements[1][16..].copy_from_slice(&x[16..]);
    elements[2][16..].copy_from_slice(&y[..16]);
    elements[3][16..].copy_from_slice(&y[16..]);
    elements[4][24..].copy_from_slice(&iin.to_be_bytes());
    poseidon_be(&elements)
}

/// A CI key id as one field element (160 bits, big-endian in 32 bytes), as the EID statement and
/// the EUM leaf carry it.
pub fn anchor_field(key_id: &[u8; 20]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[12..].copy_from_slice(key_id);
    out
}

/// A u64 as one field element, big-endian in 32 bytes.
pub fn u64_field(value: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[24..].copy_from_slice(&value.to_be_bytes());
    out
}

/// A slot hash as one field element: its last 31 bytes (the first is dropped, so every value is
/// below the modulus). A chip binding names the slot hash it was made after; 248 bits still make
/// one slot's hash unguessable before that slot.
pub fn slot_hash_field(slot_hash: &[u8; 32]) -> [u8; 32] {
    let mut out = *slot_hash;
    out[0] = 0;
    out
}

/// The EUM tree's leaf for an EUM record: `Poseidon(subject_key_hash, anchor_key_id, not_after)`.
/// The program computes it from what the EUM's own proof established, so an EID proof against it
/// also proves which CI stands behind the EUM (the EID statement makes the anchor public) and that
/// the EUM certificate had not expired at the time the EID statement names.
pub fn eum_leaf(
    subject_key_hash: &[u8; 32],
    anchor_key_id: &[u8; 20],
    not_after: u64,
) -> Result<[u8; 32], FrameworkError> {
    poseidon_be(&[
        *subject_key_hash,
        anchor_field(anchor_key_id),
        u64_field(not_after),
    ])
}
