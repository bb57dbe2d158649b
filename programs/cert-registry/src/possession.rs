//! Proof of possession: a certificate is admitted only with a signature by its subject key.
//!
//! GSMA certificates are public (CERT.DPauth goes to anyone who calls initiateAuthentication,
//! CERT.DPpb out in every authenticateClient, the EUM certificate in every AuthenticateServer
//! response), so a proof about the certificate proves nothing about who registers it. The holder
//! of the certificate's private key signs the message below with ECDSA P-256; the secp256r1
//! precompile verifies the signature in the instruction before `register_certificate`, which
//! checks that precompile instruction (`openrsp_framework::precompile`) and ties its key to the statement:
//! the program recomputes the statement's subject key hash from the same key, so the key that
//! signed is the key the certificate certifies.
//!
//! The message binds the program (no replay on another deployment), the registrant (a signature
//! is worthless to any other wallet), the commitment (to no other certificate with the same key)
//! and the verifying key's circuit id and version (to no other circuit).

/// Domain separation: a possession signature is never a valid signature of any other protocol
/// message (TLS, ES9+, an OpenRSP voucher).
pub const POSSESSION_DOMAIN: [u8; 16] = *b"openrsp/possess1";

/// `domain || program || registrant || commitment || circuit_id (u32 LE) || circuit_version
/// (u16 LE)`.
pub const POSSESSION_MESSAGE_LEN: usize = 16 + 32 + 32 + 32 + 4 + 2;

/// SEC1 compressed P-256 public key: `02 | 03` (the parity of y), then x.
pub const COMPRESSED_KEY_LEN: usize = 33;

/// The bytes the certificate's key signs to register it.
pub fn possession_message(
    program_id: &[u8; 32],
    registrant: &[u8; 32],
    commitment: &[u8; 32],
    circuit_id: u32,
    circuit_version: u16,
) -> [u8; POSSESSION_MESSAGE_LEN] {
    let mut message = [0u8; POSSESSION_MESSAGE_LEN];
    message[..16].copy_from_slice(&POSSESSION_DOMAIN);
    message[16..48].copy_from_slice(program_id);
    message[48..80].copy_from_slice(registrant);
    message[80..112].copy_from_slice(commitment);
    message[112..116].copy_from_slice(&circuit_id.to_le_bytes());
    message[116..].copy_from_slice(&circuit_version.to_le_bytes());
    message
}

/// The compressed form of the P-256 point `(x, y)`. The point is not checked to be on the curve:
/// the program only uses it with coordinates whose hash the proof ties to a CI-signed certificate.
pub fn compress_key(x: &[u8; 32], y: &[u8; 32]) -> [u8; COMPRESSED_KEY_LEN] {
    let mut out = [0u8; COMPRESSED_KEY_LEN];
    out[0] = 0x02 | (y[31] & 1);
    out[1..].copy_from_slice(x);
    out
}
