//! Anchor's discriminators, computed at compile time from the names they hash
//! (`sha256("<namespace>:<name>")[..8]`), so no program types one as a literal.

const fn sighash(namespace: &str, name: &str) -> [u8; 8] {
    let hash = const_crypto::sha2::Sha256::new()
        .update(namespace.as_bytes())
        .update(b":")
        .update(name.as_bytes())
        .finalize();
    [
        hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7],
    ]
}

/// An instruction's: `sha256("global:<instruction_name>")[..8]`.
pub const fn instruction(name: &str) -> [u8; 8] {
    sighash("global", name)
}

/// An account type's: `sha256("account:<TypeName>")[..8]`.
pub const fn account(name: &str) -> [u8; 8] {
    sighash("account", name)
}

/// An event's: `sha256("event:<EventName>")[..8]`.
pub const fn event(name: &str) -> [u8; 8] {
    sighash("event", name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn reference(preimage: &str) -> [u8; 8] {
        Sha256::digest(preimage.as_bytes())[..8].try_into().unwrap()
    }

    #[test]
    fn match_sha256_of_the_anchor_preimages() {
        for name in [
            "initialize_registry",
            "set_paused",
            "",
            "a_much_longer_instruction_name_than_one_block_of_sixty_four_bytes",
        ] {
            assert_eq!(instruction(name), reference(&format!("global:{name}")));
        }
        assert_eq!(account("Registry"), reference("account:Registry"));
        assert_eq!(
            event("AuthorityProposed"),
            reference("event:AuthorityProposed")
        );
        // Known values, as Anchor computes them.
        assert_eq!(
            instruction("set_paused"),
            [91, 60, 125, 192, 176, 225, 166, 218]
        );
        assert_eq!(
            event("AuthorityProposed"),
            [244, 117, 94, 112, 53, 151, 35, 89]
        );
    }
}
