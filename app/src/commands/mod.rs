//! One module per command group.

pub mod cert;
pub mod eid;
pub mod governance;
pub mod keys;
pub mod lpa;
pub mod order;
pub mod plan;
pub mod registry;
pub mod sub;
pub mod testpki;
pub mod token;

use crate::context::Failure;
use anyhow::anyhow;
use cert_registry::statement::Role;

/// Parses fixed-length hex from the command line.
pub fn parse_hex<const N: usize>(what: &str, s: &str) -> Result<[u8; N], Failure> {
    openrsp_sdk::zk::hex_array::<N>(what, s).map_err(Failure::from)
}

/// Parses a comma-separated role list (`dp-auth,dp-pb`) into a role mask.
pub fn parse_roles(s: &str) -> Result<u16, Failure> {
    let mut mask = 0u16;
    for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let role = Role::ALL.iter().find(|r| r.name() == name).ok_or_else(|| {
            let known: Vec<_> = Role::ALL.iter().map(|r| r.name()).collect();
            anyhow!("unknown role {name:?}; roles are {}", known.join(", "))
        })?;
        mask |= role.mask();
    }
    if mask == 0 {
        return Err(anyhow!("no role given").into());
    }
    Ok(mask)
}

/// Parses a circuit id in decimal or 0x-hex.
pub fn parse_circuit_id(s: &str) -> Result<u32, String> {
    let parsed = match s.strip_prefix("0x") {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => s.parse(),
    };
    parsed.map_err(|e| format!("{s:?} is not a circuit id (u32, decimal or 0x-hex): {e}"))
}
