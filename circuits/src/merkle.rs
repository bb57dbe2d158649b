//! The EUM tree: a binary Merkle tree over BN254 with circom-compatible Poseidon(left, right),
//! natively and as a gadget.
//!
//! Depth [`DEPTH`] (16,384 leaves: room for thousands of EUMs and their key rollovers). An empty
//! leaf is 0; the empty subtree of height `h + 1` is `Poseidon(Z_h, Z_h)`. The on-chain tree
//! (`sol_poseidon`, same parameters) and this one give the same roots.

use crate::{gadgets::mux, poseidon, CircuitError, Fr};
use ark_ff::Zero;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;

/// Levels between a leaf and the root.
pub const DEPTH: usize = 14;

/// `Z_0 = 0`, `Z_{h+1} = Poseidon(Z_h, Z_h)` for `h` in `0..=DEPTH`.
pub fn zero_hashes() -> Result<Vec<Fr>, CircuitError> {
    let mut zeros = vec![Fr::zero()];
    for h in 0..DEPTH {
        zeros.push(poseidon::hash(&[zeros[h], zeros[h]])?);
    }
    Ok(zeros)
}

/// A whole tree in memory (what clients rebuild from the registry to produce paths).
#[derive(Clone, Debug)]
pub struct MerkleTree {
    /// `levels[0]` are the leaves in use; `levels[h]` the nodes of height `h` that are not empty.
    levels: Vec<Vec<Fr>>,
    zeros: Vec<Fr>,
}

impl MerkleTree {
    pub fn new() -> Result<Self, CircuitError> {
        Ok(MerkleTree {
            levels: vec![Vec::new(); DEPTH + 1],
            zeros: zero_hashes()?,
        })
    }

    fn node(&self, height: usize, index: usize) -> Fr {
        self.levels[height]
            .get(index)
            .copied()
            .unwrap_or(self.zeros[height])
    }

    /// Sets leaf `index` (appending empty leaves before it as needed) and updates the path.
    pub fn set(&mut self, index: usize, leaf: Fr) -> Result<(), CircuitError> {
        if index >= 1 << DEPTH {
            return Err(CircuitError::Unsatisfied(format!(
                "leaf {index} beyond a tree of depth {DEPTH}"
            )));
        }
        let mut i = index;
        let mut value = leaf;
        for h in 0..=DEPTH {
            let level = &mut self.levels[h];
            if level.len() <= i {
                level.resize(i + 1, self.zeros[h]);
            }
            level[i] = value;
            if h == DEPTH {
                break;
            }
            let (left, right) = if i.is_multiple_of(2) {
                (value, self.node(h, i + 1))
            } else {
                (self.node(h, i - 1), value)
            };
            value = poseidon::hash(&[left, right])?;
            i /= 2;
        }
        Ok(())
    }

    pub fn root(&self) -> Fr {
        self.node(DEPTH, 0)
    }

    /// The siblings of leaf `index`, bottom up.
    pub fn path(&self, index: usize) -> Vec<Fr> {
        (0..DEPTH).map(|h| self.node(h, (index >> h) ^ 1)).collect()
    }
}

/// The root from a leaf, its index and its siblings (bottom up), natively.
pub fn root_from_path(leaf: Fr, index: usize, siblings: &[Fr]) -> Result<Fr, CircuitError> {
    let mut value = leaf;
    for (h, sibling) in siblings.iter().enumerate() {
        value = if (index >> h) & 1 == 0 {
            poseidon::hash(&[value, *sibling])?
        } else {
            poseidon::hash(&[*sibling, value])?
        };
    }
    Ok(value)
}

/// In-circuit [`root_from_path`]: `index_bits` (little-endian, proven bits) say on which side the
/// running node sits at each level. Two multiplexers and one Poseidon(2) per level.
pub fn root_gadget(
    leaf: &FpVar<Fr>,
    index_bits: &[FpVar<Fr>],
    siblings: &[FpVar<Fr>],
) -> Result<FpVar<Fr>, SynthesisError> {
    if index_bits.len() != siblings.len() {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut value = leaf.clone();
    for (bit, sibling) in index_bits.iter().zip(siblings) {
        let left = mux(bit, sibling, &value);
        let right = mux(bit, &value, sibling);
        value = poseidon::hash_gadget(&[left, right])?;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gadgets::bit;
    use ark_r1cs_std::prelude::*;
    use ark_relations::gr1cs::ConstraintSystem;

    #[test]
    fn incremental_tree_paths_and_gadget_agree() {
        let mut tree = MerkleTree::new().unwrap();
        let empty_root = tree.root();
        assert_eq!(empty_root, zero_hashes().unwrap()[DEPTH]);
        for i in 0..5u64 {
            tree.set(i as usize, Fr::from(100 + i)).unwrap();
        }
        let root = tree.root();
        assert_ne!(root, empty_root);
        for i in 0..5usize {
            let path = tree.path(i);
            assert_eq!(
                root_from_path(Fr::from(100 + i as u64), i, &path).unwrap(),
                root
            );
        }
        // Clearing a leaf (a revoked EUM) changes the root; its old path no longer leads to it.
        let old_path = tree.path(2);
        tree.set(2, Fr::zero()).unwrap();
        assert_ne!(tree.root(), root);
        assert_ne!(
            root_from_path(Fr::from(102u64), 2, &old_path).unwrap(),
            tree.root()
        );

        let check = |leaf: Fr, index: usize, path: &[Fr], root: Fr| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let leaf = FpVar::new_witness(cs.clone(), || Ok(leaf)).unwrap();
            let bits: Vec<_> = (0..DEPTH)
                .map(|h| bit(&cs, || Ok((index >> h) & 1 == 1)).unwrap())
                .collect();
            let siblings: Vec<_> = path
                .iter()
                .map(|s| FpVar::new_witness(cs.clone(), || Ok(*s)).unwrap())
                .collect();
            let computed = root_gadget(&leaf, &bits, &siblings).unwrap();
            let public = FpVar::new_input(cs.clone(), || Ok(root)).unwrap();
            computed.enforce_equal(&public).unwrap();
            cs.is_satisfied().unwrap()
        };
        let path = tree.path(3);
        assert!(check(Fr::from(103u64), 3, &path, tree.root()));
        assert!(
            !check(Fr::from(104u64), 3, &path, tree.root()),
            "another leaf"
        );
        assert!(
            !check(Fr::from(103u64), 1, &path, tree.root()),
            "another position"
        );
        assert!(
            !check(Fr::from(102u64), 2, &old_path, tree.root()),
            "a removed leaf"
        );
        assert!(tree.set(1 << DEPTH, Fr::zero()).is_err());
    }
}
