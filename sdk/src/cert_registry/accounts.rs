//! Decoded registry accounts, for people (`Display`) and scripts (`serde`).

use crate::{client::Ledger, SdkError};
use cert_registry::state::{
    i64_from, u32_from, u64_from, AccountLayout, CertificateRecord, Curve, EumTree, Registry,
    TrustAnchor, VerifyingKey, EUM_ROOT_HISTORY, STATUS_ACTIVE,
};
use cert_registry::statement::Role;
use serde::Serialize;
use solana_account::Account;
use solana_address::Address;

/// Decodes program account `account` at `address` as `T`, checking the owner.
pub fn decode<T: AccountLayout + Copy>(
    program_id: &Address,
    address: &Address,
    account: &Account,
    kind: &'static str,
) -> Result<T, SdkError> {
    let invalid = |reason: String| SdkError::InvalidAccount {
        address: address.to_string(),
        kind,
        reason,
    };
    if account.owner != *program_id {
        return Err(invalid(format!(
            "owned by {}, not the program {program_id}",
            account.owner
        )));
    }
    T::from_bytes(&account.data)
        .copied()
        .map_err(|e| invalid(e.message().to_string()))
}

/// Reads and decodes the account at `address` as `T` of `program_id`; `None` when it does not
/// exist.
pub fn read<T: AccountLayout + Copy, L: Ledger + ?Sized>(
    ledger: &L,
    program_id: &Address,
    address: &Address,
    kind: &'static str,
) -> Result<Option<T>, SdkError> {
    match ledger.account(address)? {
        None => Ok(None),
        Some(account) => decode::<T>(program_id, address, &account, kind).map(Some),
    }
}

fn status_name(status: u8) -> &'static str {
    if status == STATUS_ACTIVE {
        "active"
    } else {
        "retired"
    }
}

fn role_name(role: u8) -> String {
    Role::from_u8(role).map_or_else(|| format!("unknown({role})"), |r| r.name().to_string())
}

/// Role names in a mask.
pub fn role_names(mask: u16) -> Vec<String> {
    Role::ALL
        .iter()
        .filter(|r| mask & r.mask() != 0)
        .map(|r| r.name().to_string())
        .collect()
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct RegistryView {
    pub address: String,
    pub authority: String,
    pub pending_authority: Option<String>,
    pub paused: bool,
}

impl RegistryView {
    pub fn new(address: &Address, r: &Registry) -> Self {
        RegistryView {
            address: address.to_string(),
            authority: Address::new_from_array(r.authority).to_string(),
            pending_authority: r
                .has_pending_authority()
                .then(|| Address::new_from_array(r.pending_authority).to_string()),
            paused: r.is_paused(),
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TrustAnchorView {
    pub address: String,
    pub name: String,
    pub key_id: String,
    pub curve: String,
    pub public_key: String,
    pub status: &'static str,
    pub registered_at: i64,
    pub retired_at: i64,
}

impl TrustAnchorView {
    pub fn new(address: &Address, a: &TrustAnchor) -> Self {
        let name_len = a.name.iter().position(|&b| b == 0).unwrap_or(a.name.len());
        TrustAnchorView {
            address: address.to_string(),
            name: String::from_utf8_lossy(&a.name[..name_len]).into_owned(),
            key_id: hex::encode(a.key_id),
            curve: match Curve::from_u8(a.curve) {
                Some(Curve::NistP256) => "nist-p256".into(),
                Some(Curve::BrainpoolP256r1) => "brainpool-p256r1".into(),
                None => format!("unknown({})", a.curve),
            },
            public_key: hex::encode(a.public_key),
            status: status_name(a.status),
            registered_at: i64_from(a.registered_at),
            retired_at: i64_from(a.retired_at),
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct VerifyingKeyView {
    pub address: String,
    pub circuit_id: u32,
    pub circuit_version: u16,
    pub roles: Vec<String>,
    pub anchor_key_id: String,
    pub status: &'static str,
    pub registered_at: i64,
    pub retired_at: i64,
}

impl VerifyingKeyView {
    pub fn new(address: &Address, v: &VerifyingKey) -> Self {
        VerifyingKeyView {
            address: address.to_string(),
            circuit_id: u32::from_le_bytes(v.circuit_id),
            circuit_version: u16::from_le_bytes(v.circuit_version),
            roles: role_names(u16::from_le_bytes(v.role_mask)),
            anchor_key_id: hex::encode(v.anchor_key_id),
            status: status_name(v.status),
            registered_at: i64_from(v.registered_at),
            retired_at: i64_from(v.retired_at),
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CertificateRecordView {
    pub address: String,
    pub commitment: String,
    pub role: String,
    pub circuit_id: u32,
    pub anchor_key_id: String,
    pub subject_key_hash: String,
    /// The subject public key (SEC1 compressed, hex) that signed the registration.
    pub subject_key: String,
    /// Whether the certificate's key signed the registration (false only for records written
    /// before the registry required it).
    pub possession_proven: bool,
    pub not_before: u64,
    pub not_after: u64,
    pub registrant: String,
    pub registered_at: i64,
    pub revoked: bool,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub revocation_reason: Option<u8>,
    /// The record's leaf in the EUM tree (EUM certificates, until revoked).
    pub eum_leaf_index: Option<u32>,
}

impl CertificateRecordView {
    pub fn new(address: &Address, c: &CertificateRecord) -> Self {
        let revoked = c.is_revoked();
        CertificateRecordView {
            address: address.to_string(),
            commitment: hex::encode(c.commitment),
            role: role_name(c.role),
            circuit_id: u32::from_le_bytes(c.circuit_id),
            anchor_key_id: hex::encode(c.anchor_key_id),
            subject_key_hash: hex::encode(c.subject_key_hash),
            subject_key: hex::encode(c.subject_key),
            possession_proven: c.possession_proven(),
            not_before: u64_from(c.not_before),
            not_after: u64_from(c.not_after),
            registrant: Address::new_from_array(c.registrant).to_string(),
            registered_at: i64_from(c.registered_at),
            revoked,
            revoked_at: revoked.then(|| i64_from(c.revoked_at)),
            revoked_by: revoked.then(|| Address::new_from_array(c.revoked_by).to_string()),
            revocation_reason: revoked.then_some(c.revocation_reason),
            eum_leaf_index: c.is_eum_leaf().then(|| u32_from(c.eum_leaf_index)),
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct EumTreeView {
    pub address: String,
    pub depth: u8,
    /// Leaves used (EUM registrations so far).
    pub leaves: u32,
    /// Leaves zeroed by revocation.
    pub removed: u32,
    /// The current root, hex.
    pub root: String,
    /// Every root a proof may be made against, newest first.
    pub accepted_roots: Vec<String>,
}

impl EumTreeView {
    pub fn new(address: &Address, t: &EumTree) -> Self {
        let valid = (t.valid_roots as usize).clamp(1, EUM_ROOT_HISTORY);
        EumTreeView {
            address: address.to_string(),
            depth: t.depth,
            leaves: t.next_index(),
            removed: u32_from(t.removed),
            root: hex::encode(t.root()),
            accepted_roots: (0..valid)
                .map(|back| {
                    let slot = (t.root_slot as usize + EUM_ROOT_HISTORY - back) % EUM_ROOT_HISTORY;
                    hex::encode(t.roots[slot])
                })
                .collect(),
        }
    }
}
