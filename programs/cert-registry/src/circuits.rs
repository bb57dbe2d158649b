//! Circuit ids: what a verifying key proves, and which revision of it.
//!
//! A circuit id is `family << 16 | revision`. The family says what the circuit proves (the
//! certificate circuit `cert_p256`, the test circuit); the revision numbers its constraint
//! systems, so a fixed circuit for the same CI registers a new verifying key next to the old one
//! without a redeployment, and the old one is retired. Two CIs never collide: a verifying key is
//! addressed by its trust anchor's key id *and* its circuit id (`seeds::VERIFYING_KEY`).

/// `cert_p256`: a GSMA certificate signed by a CI with ECDSA P-256.
pub const FAMILY_CERT_P256: u16 = 0x0001;
/// The test circuit: proves knowledge of a statement only, so anybody can prove anything with it.
/// Only a localnet build of the registry (feature `localnet`) accepts its keys.
pub const FAMILY_TEST: u16 = 0xFFFF;

/// The id of `revision` of `family`.
pub const fn circuit_id(family: u16, revision: u16) -> u32 {
    (family as u32) << 16 | revision as u32
}

/// The family of a circuit id.
pub const fn family(circuit_id: u32) -> u16 {
    (circuit_id >> 16) as u16
}

/// The revision of a circuit id.
pub const fn revision(circuit_id: u32) -> u16 {
    circuit_id as u16
}

/// Whether this build registers keys of `circuit_id`'s family. A release build refuses the test
/// family, so no record on a cluster that people rely on was admitted by a proof anybody can make.
pub const fn admits_family(circuit_id: u32) -> bool {
    family(circuit_id) != FAMILY_TEST || cfg!(feature = "localnet")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_split_into_family_and_revision() {
        let id = circuit_id(FAMILY_CERT_P256, 4);
        assert_eq!(id, 0x0001_0004);
        assert_eq!((family(id), revision(id)), (FAMILY_CERT_P256, 4));
        assert_eq!(family(circuit_id(FAMILY_TEST, 1)), FAMILY_TEST);
        assert!(admits_family(id));
        assert_eq!(
            admits_family(circuit_id(FAMILY_TEST, 1)),
            cfg!(feature = "localnet")
        );
    }
}
