//! circom-compatible Poseidon over BN254 (the `sol_poseidon` syscall on chain, light-poseidon off
//! chain, same parameters), for the statements the circuits prove and the EUM tree.

use crate::errors::FrameworkError;

/// BN254 scalar field modulus, big-endian.
pub const FR_MODULUS_BE: [u8; 32] = [
    0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d,
    0x28, 0x33, 0xe8, 0x48, 0x79, 0xb9, 0x70, 0x91, 0x43, 0xe1, 0xf5, 0x93, 0xf0, 0x00, 0x00, 0x01,
];

/// Whether 32 big-endian bytes encode an integer below the BN254 scalar modulus.
pub fn is_field_element(bytes: &[u8; 32]) -> bool {
    *bytes < FR_MODULUS_BE
}

/// circom-compatible Poseidon (BN254, x^5) of 1 to 12 big-endian field elements.
#[cfg(target_os = "solana")]
pub fn poseidon_be(inputs: &[[u8; 32]]) -> Result<[u8; 32], FrameworkError> {
    const BN254_X5: u64 = 0;
    const BIG_ENDIAN: u64 = 0;
    let mut slices: [&[u8]; 12] = [&[]; 12];
    if inputs.is_empty() || inputs.len() > slices.len() {
        return Err(FrameworkError::PoseidonFailed);
    }
    for (slot, input) in slices.iter_mut().zip(inputs) {
        *slot = input;
    }
    let mut out = [0u8; 32];
    // SAFETY: `slices` holds `inputs.len()` valid (ptr, len) pairs; `out` is 32 bytes.
    let rc = unsafe {
        pinocchio::syscalls::sol_poseidon(
            BN254_X5,
            BIG_ENDIAN,
            slices.as_ptr() as *const u8,
            inputs.len() as u64,
            out.as_mut_ptr(),
        )
    };
    if rc != 0 {
        return Err(FrameworkError::PoseidonFailed);
    }
    Ok(out)
}

/// circom-compatible Poseidon (BN254, x^5) of 1 to 12 big-endian field elements, computed with
/// light-poseidon: the same parameters the runtime's `sol_poseidon` uses.
#[cfg(not(target_os = "solana"))]
pub fn poseidon_be(inputs: &[[u8; 32]]) -> Result<[u8; 32], FrameworkError> {
    use light_poseidon::{Poseidon, PoseidonBytesHasher};
    if inputs.is_empty() || inputs.len() > 12 {
        return Err(FrameworkError::PoseidonFailed);
    }
    let mut hasher = Poseidon::<ark_bn254::Fr>::new_circom(inputs.len())
        .map_err(|_| FrameworkError::PoseidonFailed)?;
    let refs: [&[u8]; 12] = core::array::from_fn(|i| inputs.get(i).map_or(&[][..], |x| &x[..]));
    hasher
        .hash_bytes_be(&refs[..inputs.len()])
        .map_err(|_| FrameworkError::PoseidonFailed)
}
