use super::AccountLayout;
use crate::{errors::RegistryError, statement::poseidon_be};
use pinocchio::error::ProgramError;

/// Levels between a leaf and the root: 16,384 leaves, room for thousands of EUMs and their key
/// rollovers. The `euicc_chain` circuit proves paths of exactly this length.
pub const EUM_TREE_DEPTH: usize = 14;
/// Leaves the tree can hold.
pub const EUM_TREE_CAPACITY: u32 = 1 << EUM_TREE_DEPTH;
/// Recent roots a proof may be made against. A consumer proves against the root of the moment
/// (tens of seconds of proving, then a transaction); this many further EUM registrations may land
/// meanwhile without invalidating the proof.
pub const EUM_ROOT_HISTORY: usize = 32;

/// `Z_h`: the root of an empty subtree of height `h` (`Z_0 = 0`, `Z_{h+1} = Poseidon(Z_h, Z_h)`),
/// big-endian. Constants, so that appending costs one Poseidon per level and nothing more; the
/// `zero_hashes_are_poseidon_of_the_level_below` test recomputes them.
pub const ZERO_HASHES: [[u8; 32]; EUM_TREE_DEPTH + 1] = [
    [0; 32],
    hex32("2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864"),
    hex32("1069673dcdb12263df301a6ff584a7ec261a44cb9dc68df067a4774460b1f1e1"),
    hex32("18f43331537ee2af2e3d758d50f72106467c6eea50371dd528d57eb2b856d238"),
    hex32("07f9d837cb17b0d36320ffe93ba52345f1b728571a568265caac97559dbc952a"),
    hex32("2b94cf5e8746b3f5c9631f4c5df32907a699c58c94b2ad4d7b5cec1639183f55"),
    hex32("2dee93c5a666459646ea7d22cca9e1bcfed71e6951b953611d11dda32ea09d78"),
    hex32("078295e5a22b84e982cf601eb639597b8b0515a88cb5ac7fa8a4aabe3c87349d"),
    hex32("2fa5e5f18f6027a6501bec864564472a616b2e274a41211a444cbe3a99f3cc61"),
    hex32("0e884376d0d8fd21ecb780389e941f66e45e7acce3e228ab3e2156a614fcd747"),
    hex32("1b7201da72494f1e28717ad1a52eb469f95892f957713533de6175e5da190af2"),
    hex32("1f8d8822725e36385200c0b201249819a6e6e1e4650808b5bebc6bface7d7636"),
    hex32("2c5d82f66c914bafb9701589ba8cfcfb6162b0a12acf88a8d0879a0471b5f85a"),
    hex32("14c54148a0940bb820957f5adf3fa1134ef5c4aaa113f4646458f270e0bfbfd0"),
    hex32("190d33b12f986f961e10c0ee44d8b9af11be25588cad89d416118e4bf4ebe80c"),
];

/// The EUM tree: an append-only-by-registration, zero-on-revocation Poseidon Merkle tree whose
/// leaves are the subject key hashes `Poseidon(x_hi, x_lo, y_hi, y_lo, permitted IIN)` of the
/// registered EUM certificates. PDA `["eum_tree"]`.
///
/// Only the frontier is stored (the left node waiting for a sibling at every height) plus a ring of
/// recent roots, so the account is 1.6 KB whatever the number of EUMs. Clients rebuild the leaves
/// from the EUM certificate records (each holds its leaf index) to compute paths.
///
/// Revoking an EUM zeroes its leaf and forgets every earlier root: no proof made against a root
/// that still held the revoked key is accepted afterwards.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EumTree {
    pub discriminator: [u8; 8],
    pub version: u8,
    pub bump: u8,
    /// Always [`EUM_TREE_DEPTH`]; stored so that readers can check what they rebuild.
    pub depth: u8,
    /// Leaves used so far (u32 LE); the next EUM gets this index.
    pub next_index: [u8; 4],
    /// Leaves zeroed by revocation (u32 LE).
    pub removed: [u8; 4],
    /// `filled[h]`: when `next_index >> h` is odd, the node of height `h` at index
    /// `(next_index >> h) - 1`, the complete left sibling the next append hashes with; otherwise
    /// the next append overwrites it before reading it.
    pub filled: [[u8; 32]; EUM_TREE_DEPTH],
    /// Slot of the current root in `roots`.
    pub root_slot: u8,
    /// How many of the most recent roots are accepted (1 after a revocation, up to
    /// [`EUM_ROOT_HISTORY`]).
    pub valid_roots: u8,
    /// Ring of recent roots, big-endian field elements.
    pub roots: [[u8; 32]; EUM_ROOT_HISTORY],
    pub reserved: [u8; 64],
}

// SAFETY: repr(C), byte fields only, starts with discriminator and version.
unsafe impl AccountLayout for EumTree {
    const DISCRIMINATOR: [u8; 8] = openrsp_framework::discriminator::account("EumTree");
}

impl EumTree {
    /// Sets up an empty tree (the account is freshly zeroed).
    pub fn start(&mut self, bump: u8) {
        self.bump = bump;
        self.depth = EUM_TREE_DEPTH as u8;
        self.root_slot = 0;
        self.valid_roots = 1;
        self.roots[0] = ZERO_HASHES[EUM_TREE_DEPTH];
    }

    pub fn next_index(&self) -> u32 {
        u32::from_le_bytes(self.next_index)
    }

    pub fn root(&self) -> [u8; 32] {
        self.roots[self.root_slot as usize % EUM_ROOT_HISTORY]
    }

    /// Whether `root` is the current root or one of the accepted recent ones.
    pub fn is_known_root(&self, root: &[u8; 32]) -> bool {
        let valid = (self.valid_roots as usize).clamp(1, EUM_ROOT_HISTORY);
        (0..valid).any(|back| {
            let slot = (self.root_slot as usize + EUM_ROOT_HISTORY - back) % EUM_ROOT_HISTORY;
            &self.roots[slot] == root
        })
    }

    fn push_root(&mut self, root: [u8; 32], keep_history: bool) {
        self.root_slot = ((self.root_slot as usize + 1) % EUM_ROOT_HISTORY) as u8;
        self.roots[self.root_slot as usize] = root;
        self.valid_roots = if keep_history {
            (self.valid_roots as usize + 1).min(EUM_ROOT_HISTORY) as u8
        } else {
            1
        };
    }

    /// Appends `leaf` and returns its index. One Poseidon per level.
    pub fn append(&mut self, leaf: &[u8; 32]) -> Result<u32, ProgramError> {
        let index = self.next_index();
        if index >= EUM_TREE_CAPACITY {
            return Err(RegistryError::EumTreeFull.into());
        }
        let mut node = *leaf;
        for (h, (filled, empty)) in self.filled.iter_mut().zip(&ZERO_HASHES).enumerate() {
            node = if (index >> h) & 1 == 0 {
                *filled = node;
                poseidon_be(&[node, *empty])?
            } else {
                poseidon_be(&[*filled, node])?
            };
        }
        self.next_index = (index + 1).to_le_bytes();
        self.push_root(node, true);
        Ok(index)
    }

    /// Zeroes leaf `index`, which must hold `leaf` under the current root with `siblings` (bottom
    /// up), and forgets the earlier roots.
    pub fn remove(
        &mut self,
        index: u32,
        leaf: &[u8; 32],
        siblings: &[[u8; 32]; EUM_TREE_DEPTH],
    ) -> Result<(), ProgramError> {
        let next = self.next_index();
        if index >= next {
            return Err(RegistryError::InvalidMerklePath.into());
        }
        let mut old = *leaf;
        let mut new = ZERO_HASHES[0];
        // Changes nothing until the path is proven: the new frontier is built aside.
        let mut filled = self.filled;
        for (h, sibling) in siblings.iter().enumerate() {
            // The frontier keeps the left node of height h that waits for its right sibling; if
            // the path runs through it, it changes too.
            let frontier = next >> h;
            if frontier & 1 == 1 && index >> h == frontier - 1 {
                if filled[h] != old {
                    return Err(RegistryError::InvalidMerklePath.into());
                }
                filled[h] = new;
            }
            if (index >> h) & 1 == 0 {
                old = poseidon_be(&[old, *sibling])?;
                new = poseidon_be(&[new, *sibling])?;
            } else {
                old = poseidon_be(&[*sibling, old])?;
                new = poseidon_be(&[*sibling, new])?;
            }
        }
        if old != self.root() {
            return Err(RegistryError::InvalidMerklePath.into());
        }
        let removed = u32::from_le_bytes(self.removed)
            .checked_add(1)
            .ok_or(RegistryError::InvalidMerklePath)?;
        self.removed = removed.to_le_bytes();
        self.filled = filled;
        self.push_root(new, false);
        Ok(())
    }
}

/// 64 hex digits to 32 bytes, at compile time.
const fn hex32(s: &str) -> [u8; 32] {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("not a lowercase hex digit"),
        }
    }
    let b = s.as_bytes();
    assert!(b.len() == 64);
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = digit(b[2 * i]) << 4 | digit(b[2 * i + 1]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_hashes_are_poseidon_of_the_level_below() {
        for h in 0..EUM_TREE_DEPTH {
            assert_eq!(
                poseidon_be(&[ZERO_HASHES[h], ZERO_HASHES[h]]).unwrap(),
                ZERO_HASHES[h + 1],
                "level {h}"
            );
        }
    }

    fn empty() -> EumTree {
        // SAFETY: all-zero bytes are a valid EumTree (byte fields only).
        let mut tree: EumTree = unsafe { core::mem::zeroed() };
        tree.start(255);
        tree
    }

    /// The whole tree, level by level, from its leaves: the reference the frontier must match.
    fn full_root_and_path(leaves: &[[u8; 32]], index: usize) -> ([u8; 32], [[u8; 32]; 14]) {
        let mut level: Vec<[u8; 32]> = leaves.to_vec();
        let mut path = [[0u8; 32]; EUM_TREE_DEPTH];
        let mut i = index;
        for h in 0..EUM_TREE_DEPTH {
            let node = |k: usize| level.get(k).copied().unwrap_or(ZERO_HASHES[h]);
            path[h] = node(i ^ 1);
            let width = level.len().div_ceil(2).max(1);
            level = (0..width)
                .map(|k| poseidon_be(&[node(2 * k), node(2 * k + 1)]).unwrap())
                .collect();
            i /= 2;
        }
        (level[0], path)
    }

    fn leaf(n: u8) -> [u8; 32] {
        let mut l = [0u8; 32];
        l[31] = n;
        l[0] = 0x10;
        l
    }

    #[test]
    fn appends_and_removals_match_the_whole_tree() {
        let mut tree = empty();
        assert_eq!(tree.root(), ZERO_HASHES[EUM_TREE_DEPTH]);
        let mut leaves = Vec::new();
        for n in 0..7u8 {
            assert_eq!(tree.append(&leaf(n)).unwrap(), n as u32);
            leaves.push(leaf(n));
            assert_eq!(tree.root(), full_root_and_path(&leaves, 0).0, "after {n}");
        }
        let first_roots: Vec<_> = (0..7).map(|k| tree.roots[k + 1]).collect();
        assert!(first_roots.iter().all(|r| tree.is_known_root(r)));

        // Remove leaf 6 (on the frontier), then leaf 2 (inside), with real paths.
        for index in [6usize, 2] {
            let (root, path) = full_root_and_path(&leaves, index);
            assert_eq!(root, tree.root());
            // A wrong leaf or path is refused and changes nothing.
            let before = tree;
            assert_eq!(
                tree.remove(index as u32, &leaf(99), &path),
                Err(RegistryError::InvalidMerklePath.into())
            );
            let mut bad = path;
            bad[3][31] ^= 1;
            assert_eq!(
                tree.remove(index as u32, &leaves[index], &bad),
                Err(RegistryError::InvalidMerklePath.into())
            );
            assert_eq!(tree, before);
            tree.remove(index as u32, &leaves[index], &path).unwrap();
            leaves[index] = [0; 32];
            assert_eq!(tree.root(), full_root_and_path(&leaves, 0).0);
            // Earlier roots are forgotten (but one that equals the new root: zeroing the last
            // leaf gives back the root from before it was appended); the new one is known.
            assert!(first_roots
                .iter()
                .filter(|r| **r != tree.root())
                .all(|r| !tree.is_known_root(r)));
            assert!(tree.is_known_root(&tree.root()));
        }
        // Appending after removals still matches (the frontier followed the removal of leaf 6).
        for n in 7..12u8 {
            tree.append(&leaf(n)).unwrap();
            leaves.push(leaf(n));
            assert_eq!(tree.root(), full_root_and_path(&leaves, 0).0, "after {n}");
        }
        assert_eq!(
            tree.remove(12, &[0; 32], &[[0; 32]; 14]),
            Err(RegistryError::InvalidMerklePath.into())
        );
    }

    #[test]
    fn the_history_holds_the_last_roots_only() {
        let mut tree = empty();
        let mut roots = vec![tree.root()];
        for n in 0..(EUM_ROOT_HISTORY as u8 + 3) {
            tree.append(&leaf(n)).unwrap();
            roots.push(tree.root());
        }
        let known: Vec<bool> = roots.iter().map(|r| tree.is_known_root(r)).collect();
        let cut = roots.len() - EUM_ROOT_HISTORY;
        assert!(known[..cut].iter().all(|k| !k));
        assert!(known[cut..].iter().all(|k| *k));
    }

    #[test]
    fn a_full_tree_refuses_more() {
        let mut tree = empty();
        tree.next_index = EUM_TREE_CAPACITY.to_le_bytes();
        assert_eq!(
            tree.append(&leaf(1)),
            Err(RegistryError::EumTreeFull.into())
        );
    }
}
