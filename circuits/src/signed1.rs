//! `euiccSigned1` (SGP.22 ES10b AuthenticateServer) as the chain circuit reads it: the chip's own
//! signature over a message whose `matchingId` carries a binding of the registrant's wallet.
//!
//! ```text
//! EuiccSigned1 ::= SEQUENCE {                      30 L
//!   transactionId   [0] OCTET STRING (SIZE(16)),    80 10 ..
//!   serverAddress   [3] UTF8String,                 83 L ..     (short length form)
//!   serverChallenge [4] OCTET STRING (SIZE(16)),    84 10 ..
//!   euiccInfo2      [34] EUICCInfo2,                BF 22 L ..
//!   ctxParams1      CtxParams1 }                    A0 L { 80 40 matchingId,
//!                                                          A1 L { 80 04 TAC, A1 deviceCapabilities } }
//! ```
//!
//! The eUICC fills `transactionId`, `serverAddress` and `serverChallenge` from a serverSigned1
//! whose signature under a DPauth certificate it has checked, `euiccInfo2` itself, and
//! `ctxParams1` from what the LPA passes. The binding is the `matchingId`: 64 upper-case hex
//! digits of `Poseidon(tag, wallet_hi, wallet_lo, slot_hash)`, where `slot_hash` is a recent slot
//! hash of the chain the commitment goes to, so the chip must have signed after that slot. Right
//! after it, deviceInfo must start with the TAC [`BINDING_TAC`] (`ORSP`, not a BCD type
//! allocation code, so no handset reports it): deviceInfo is the LPA's own, never an SM-DP+'s, so
//! a signature from an ordinary download session, whose matchingId an SM-DP+ chose through an
//! activation code, can never pass for a binding, even one whose matchingId spells one.
//!
//! The walk is fixed by the bytes: each element starts where the previous one ends, as its DER
//! length says, from the outer header on, and the context parameters end exactly where the
//! message ends. So the `matchingId` the circuit reads is the one the chip put in ctxParams1,
//! never bytes of the server address or of euiccInfo2 that happen to look like one.

use crate::{
    cert_p256::fr_to_be,
    gadgets::{constant, named, range_check, read_at},
    poseidon,
    x509::{enforce_bytes, length_gadget, native_length, LengthForm},
    CircuitError, Fr,
};
use ark_ff::PrimeField;
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// Domain tag of a chip binding, as one field element (big-endian ASCII).
pub const BINDING_TAG: &[u8] = b"OpenRSP chip binding v1";
/// Characters of a binding `matchingId`: 32 bytes in hex.
pub const MATCHING_ID_LEN: usize = 64;
/// The TAC an LPA reports in deviceInfo in a binding session, and only there.
pub const BINDING_TAC: [u8; 4] = *b"ORSP";
/// Bytes of ctxParams1's content the walk reads: the matchingId element and the start of
/// deviceInfo up to its TAC (`A1 L 80 04 TAC`).
const CTX_PREFIX_LEN: usize = 2 + MATCHING_ID_LEN + 8;
/// SHA-256 blocks of an euiccSigned1 at most: 503 bytes.
pub const MAX_BLOCKS: usize = 8;
/// Longest euiccSigned1 the circuit takes.
pub const MAX_LEN: usize = MAX_BLOCKS * 64 - 9;
/// Shortest euiccSigned1 the walk can accept (empty address and euiccInfo2, deviceInfo only its
/// TAC): `30 LL` + 18 + 2 + 18 + 3 + 2 + 74.
pub const MIN_LEN: usize = 119;

fn unsupported(what: impl Into<String>) -> CircuitError {
    CircuitError::Unsupported(format!("euiccSigned1: {}", what.into()))
}

/// The binding of `wallet` after the slot whose hash is `slot_hash`, as a field element.
pub fn binding(wallet: &[u8; 32], slot_hash: &[u8; 32]) -> Result<Fr, CircuitError> {
    poseidon::hash(&[
        Fr::from_be_bytes_mod_order(BINDING_TAG),
        Fr::from_be_bytes_mod_order(&wallet[..16]),
        Fr::from_be_bytes_mod_order(&wallet[16..]),
        Fr::from_be_bytes_mod_order(&cert_registry::statement::slot_hash_field(slot_hash)),
    ])
}

/// The `matchingId` an LPA passes to its eUICC to bind `wallet` after `slot_hash`: 64 upper-case
/// hex digits of [`binding`].
pub fn binding_matching_id(
    wallet: &[u8; 32],
    slot_hash: &[u8; 32],
) -> Result<String, CircuitError> {
    Ok(fr_to_be(&binding(wallet, slot_hash)?)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect())
}

/// The DER length forms of an euiccSigned1: all the walk needs besides the bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Signed1Layout {
    pub outer: LengthForm,
    pub info2: LengthForm,
    pub ctx: LengthForm,
}

/// What the walk reads from an euiccSigned1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed1Fields {
    pub transaction_id: [u8; 16],
    pub server_address: Vec<u8>,
    pub server_challenge: [u8; 16],
    /// `matchingId` of ctxParamsForCommonAuthentication.
    pub matching_id: Vec<u8>,
    /// Where the matchingId's 64 characters start.
    pub matching_id_at: usize,
}

impl Signed1Layout {
    /// Walks an euiccSigned1 as the circuit does, refusing with the reason anything it would not
    /// accept.
    pub fn parse(m: &[u8]) -> Result<(Signed1Layout, Signed1Fields), CircuitError> {
        if m.len() < MIN_LEN || m.len() > MAX_LEN {
            return Err(unsupported(format!(
                "{} bytes (from {MIN_LEN} to {MAX_LEN} are taken)",
                m.len()
            )));
        }
        let tag = |at: usize, want: &[u8], what: &str| {
            if m.get(at..at + want.len()) == Some(want) {
                Ok(())
            } else {
                Err(unsupported(format!("{what} expected at byte {at}")))
            }
        };
        tag(0, &[0x30], "a SEQUENCE")?;
        let (outer, header, len) = native_length(m, 1, "euiccSigned1")?;
        let mut at = 1 + header;
        if at + len != m.len() {
            return Err(unsupported("the SEQUENCE's length is not the message's"));
        }
        tag(at, &[0x80, 0x10], "transactionId (80 10)")?;
        let transaction_id: [u8; 16] = m[at + 2..at + 18].try_into().expect("16 bytes");
        at += 18;
        tag(at, &[0x83], "serverAddress (83)")?;
        let address_len = *m.get(at + 1).ok_or_else(|| unsupported("truncated"))? as usize;
        if address_len >= 0x80 {
            return Err(unsupported(
                "serverAddress of 128 bytes or more (the short length form is taken)",
            ));
        }
        let server_address = m
            .get(at + 2..at + 2 + address_len)
            .ok_or_else(|| unsupported("truncated serverAddress"))?
            .to_vec();
        at += 2 + address_len;
        tag(at, &[0x84, 0x10], "serverChallenge (84 10)")?;
        let server_challenge: [u8; 16] = m
            .get(at + 2..at + 18)
            .ok_or_else(|| unsupported("truncated serverChallenge"))?
            .try_into()
            .expect("16 bytes");
        at += 18;
        tag(at, &[0xBF, 0x22], "euiccInfo2 (BF 22)")?;
        let (info2, header, len) = native_length(m, at + 2, "euiccInfo2")?;
        at += 2 + header + len;
        tag(at, &[0xA0], "ctxParamsForCommonAuthentication (A0)")?;
        let (ctx, header, len) = native_length(m, at + 1, "ctxParams1")?;
        if ctx.long82 {
            return Err(unsupported("ctxParams1 of 256 bytes or more"));
        }
        let content = at + 1 + header;
        if content + len != m.len() {
            return Err(unsupported(
                "ctxParams1 is not the last element, or its length is not the rest",
            ));
        }
        if len < CTX_PREFIX_LEN {
            return Err(unsupported(
                "ctxParams1 holds no binding matchingId and deviceInfo",
            ));
        }
        tag(
            content,
            &[0x80, MATCHING_ID_LEN as u8],
            "a matchingId of 64 characters (80 40)",
        )?;
        let device = content + 2 + MATCHING_ID_LEN;
        tag(device, &[0xA1], "deviceInfo (A1) after the matchingId")?;
        if m[device + 1] >= 0x80 {
            return Err(unsupported("deviceInfo of 128 bytes or more"));
        }
        tag(
            device + 2,
            &[&[0x80, 0x04][..], &BINDING_TAC].concat(),
            "the binding TAC (80 04 ORSP): a binding session's deviceInfo",
        )?;
        let matching_id = m[content + 2..content + 2 + MATCHING_ID_LEN].to_vec();
        Ok((
            Signed1Layout { outer, info2, ctx },
            Signed1Fields {
                transaction_id,
                server_address,
                server_challenge,
                matching_id,
                matching_id_at: content + 2,
            },
        ))
    }
}

/// The binding's characters, proven: the `matchingId` of the euiccSigned1 in `bytes` (its first
/// `len` bytes; each variable already a proven byte), read by the walk of the module
/// documentation. Constraints are named after the element they check (`signed1/header`,
/// `signed1/server_address`, `signed1/ctx_params/last`, ...).
pub fn matching_id_gadget(
    cs: &ConstraintSystemRef<Fr>,
    bytes: &[FpVar<Fr>],
    len: &FpVar<Fr>,
    layout: Option<&Signed1Layout>,
) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    let _ns = named!("signed1");
    let one = constant(1);
    let body = {
        let _ns = named!("header");
        bytes[0].enforce_equal(&constant(0x30))?;
        let outer = length_gadget(cs, &bytes[1..4], layout.map(|l| l.outer), &one)?;
        let body = &one + &outer.header;
        (&body + &outer.len).enforce_equal(len)?;
        body
    };
    {
        let _ns = named!("transaction_id");
        enforce_bytes(&read_at(cs, bytes, &body, 2)?, &[0x80, 0x10])?;
    }
    let address_at = &body + Fr::from(18u64);
    let challenge_at = {
        let _ns = named!("server_address");
        let w = read_at(cs, bytes, &address_at, 2)?;
        w[0].enforce_equal(&constant(0x83))?;
        range_check(cs, &w[1], 7)?;
        &address_at + Fr::from(2u64) + &w[1]
    };
    {
        let _ns = named!("server_challenge");
        enforce_bytes(&read_at(cs, bytes, &challenge_at, 2)?, &[0x84, 0x10])?;
    }
    let info_at = &challenge_at + Fr::from(18u64);
    let ctx_at = {
        let _ns = named!("euicc_info2");
        let w = read_at(cs, bytes, &info_at, 5)?;
        enforce_bytes(&w[..2], &[0xBF, 0x22])?;
        let l = length_gadget(cs, &w[2..5], layout.map(|l| l.info2), &one)?;
        &info_at + Fr::from(2u64) + &l.header + &l.len
    };
    let _ctx = named!("ctx_params");
    let w = read_at(cs, bytes, &ctx_at, 4)?;
    w[0].enforce_equal(&constant(0xA0))?;
    let l = length_gadget(cs, &w[1..4], layout.map(|l| l.ctx), &one)?;
    l.long82.enforce_equal(&constant(0))?;
    let content = &ctx_at + &one + &l.header;
    {
        let _ns = named!("last");
        (&content + &l.len).enforce_equal(len)?;
    }
    {
        let _ns = named!("holds_matching_id");
        range_check(cs, &(&l.len - Fr::from(CTX_PREFIX_LEN as u64)), 9)?;
    }
    let w = read_at(cs, bytes, &content, CTX_PREFIX_LEN)?;
    {
        let _ns = named!("matching_id");
        enforce_bytes(&w[..2], &[0x80, MATCHING_ID_LEN as u8])?;
    }
    {
        // deviceInfo in the short form, its first element the binding TAC.
        let _ns = named!("binding_tac");
        let d = &w[2 + MATCHING_ID_LEN..];
        d[0].enforce_equal(&constant(0xA1))?;
        range_check(cs, &d[1], 7)?;
        enforce_bytes(&d[2..], &[&[0x80, 0x04][..], &BINDING_TAC].concat())?;
    }
    Ok(w[2..2 + MATCHING_ID_LEN].to_vec())
}

/// Proves that the 64 characters `chars` are the upper-case hex digits of `binding` (its 32
/// bytes big-endian): `binding`'s canonical bits, four to a digit, each digit `d` written as
/// `'0' + d` below ten and `'A' + d - 10` from ten. About 3 constraints a character and the
/// binding's bit decomposition.
pub fn enforce_hex_of(chars: &[FpVar<Fr>], binding: &FpVar<Fr>) -> Result<(), SynthesisError> {
    if chars.len() != MATCHING_ID_LEN {
        return Err(SynthesisError::Unsatisfiable);
    }
    let _ns = named!("binding");
    // Canonical: the one bit string below the modulus, so one binding has one spelling.
    let bits = binding.to_bits_le()?;
    let bit = |i: usize| -> FpVar<Fr> {
        bits.get(i)
            .map(|b| FpVar::from(b.clone()))
            .unwrap_or_else(|| constant(0))
    };
    for (i, c) in chars.iter().enumerate() {
        // Character i is digit 63 - i counted from the least significant end.
        let q = MATCHING_ID_LEN - 1 - i;
        let [b0, b1, b2, b3] = [bit(4 * q), bit(4 * q + 1), bit(4 * q + 2), bit(4 * q + 3)];
        let digit = &b0 + &b1 * Fr::from(2u64) + &b2 * Fr::from(4u64) + &b3 * Fr::from(8u64);
        // digit >= 10 exactly when b3 and (b2 or b1).
        let letter = &b3 * (&b1 + &b2 - &b1 * &b2);
        let _ns = named!("matching_id");
        c.enforce_equal(&(digit + Fr::from(b'0' as u64) + letter * Fr::from(7u64)))?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{
        tbs_message::signed_message,
        testing::{assert_fails_at, check_with, Unsatisfied},
    };

    /// A DER TLV with the minimal length encoding.
    pub(crate) fn tlv(tag: &[u8], content: &[u8]) -> Vec<u8> {
        let mut out = tag.to_vec();
        match content.len() {
            n if n < 0x80 => out.push(n as u8),
            n if n < 0x100 => out.extend([0x81, n as u8]),
            n => out.extend([0x82, (n >> 8) as u8, n as u8]),
        }
        out.extend_from_slice(content);
        out
    }

    /// An euiccSigned1 as an eUICC builds it: `matching_id` in ctxParams1, `info2_len` bytes of
    /// euiccInfo2 content, and whatever `extra` follows ctxParams1 (nothing in a real one).
    pub(crate) fn euicc_signed1(
        address: &[u8],
        matching_id: &[u8],
        info2_len: usize,
        extra: &[u8],
    ) -> Vec<u8> {
        euicc_signed1_with_tac(address, matching_id, info2_len, extra, &BINDING_TAC)
    }

    /// [`euicc_signed1`] with the TAC `tac` in deviceInfo (a handset's in a download session).
    pub(crate) fn euicc_signed1_with_tac(
        address: &[u8],
        matching_id: &[u8],
        info2_len: usize,
        extra: &[u8],
        tac: &[u8; 4],
    ) -> Vec<u8> {
        let info2: Vec<u8> = tlv(&[0x81], &[2, 3, 0])
            .into_iter()
            .chain(std::iter::repeat(0x5a))
            .take(info2_len)
            .collect();
        let device_info = tlv(
            &[0xA1],
            &[tlv(&[0x80], tac), tlv(&[0xA1], &[0x82, 0x03, 0x0F, 0, 0])].concat(),
        );
        let ctx = tlv(&[0xA0], &[tlv(&[0x80], matching_id), device_info].concat());
        let body = [
            tlv(&[0x80], &[0x11; 16]),
            tlv(&[0x83], address),
            tlv(&[0x84], &[0x22; 16]),
            tlv(&[0xBF, 0x22], &info2),
            ctx,
            extra.to_vec(),
        ]
        .concat();
        tlv(&[0x30], &body)
    }

    pub(crate) fn binding_id() -> String {
        binding_matching_id(&[9; 32], &[0x77; 32]).unwrap()
    }

    /// The walk over `message` with the layout `layout`, and the binding of `wallet` compared
    /// with what it reads.
    fn walk(message: &[u8], layout: Signed1Layout, wallet: [u8; 32]) -> Result<(), Unsatisfied> {
        check_with(|cs| {
            let m = signed_message(&cs, Some(message), MAX_BLOCKS, MIN_LEN)?;
            let chars = matching_id_gadget(&cs, &m.bytes, &m.len, Some(&layout))?;
            let b = FpVar::new_witness(cs.clone(), || {
                binding(&wallet, &[0x77; 32]).map_err(|_| SynthesisError::Unsatisfiable)
            })?;
            enforce_hex_of(&chars, &b)
        })
    }

    #[test]
    fn the_walk_reads_the_binding_where_the_chip_put_it() {
        let id = binding_id();
        assert_eq!(id.len(), 64);
        assert!(id
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(&c)));
        // Short and long lengths of euiccInfo2 (30 81 and 30 82 outer headers).
        for info2_len in [3, 100, 200, 300] {
            let m = euicc_signed1(b"smdp.example.com", id.as_bytes(), info2_len, &[]);
            let (layout, fields) = Signed1Layout::parse(&m).unwrap();
            assert_eq!(fields.matching_id, id.as_bytes());
            assert_eq!(fields.server_address, b"smdp.example.com");
            assert_eq!(
                &m[fields.matching_id_at..fields.matching_id_at + 64],
                id.as_bytes()
            );
            assert_eq!(
                walk(&m, layout, [9; 32]),
                Ok(()),
                "info2 of {info2_len} bytes"
            );
        }
    }

    #[test]
    fn forged_walks_fail_at_the_element_they_forge() {
        let id = binding_id();
        let m = euicc_signed1(b"smdp.example.com", id.as_bytes(), 100, &[]);
        let (layout, _) = Signed1Layout::parse(&m).unwrap();
        // The binding of another wallet.
        assert_fails_at(walk(&m, layout, [8; 32]), "binding/matching_id");
        // A length form other than the bytes': the DER length check refuses it.
        let mut forged = layout;
        forged.info2.long81 = true;
        assert_fails_at(walk(&m, forged, [9; 32]), "euicc_info2/length");
        let mut forged = layout;
        forged.outer = LengthForm::default();
        assert_fails_at(walk(&m, forged, [9; 32]), "header/length");

        // The binding in the server address (which an SM-DP+ chooses), the chip's own
        // matchingId something else: natively and in the circuit, the real one is read.
        let lookalike = [&[0x80, 0x40][..], id.as_bytes()].concat();
        let m = euicc_signed1(
            &lookalike,
            b"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
            50,
            &[],
        );
        let (layout, fields) = Signed1Layout::parse(&m).unwrap();
        assert_ne!(fields.matching_id, id.as_bytes());
        assert_fails_at(walk(&m, layout, [9; 32]), "binding/matching_id");

        // Something after ctxParams1: the context parameters are not the last element.
        let m = euicc_signed1(b"smdp.example.com", id.as_bytes(), 100, &[0x05, 0x00]);
        assert!(Signed1Layout::parse(&m).is_err());
        let (layout, _) =
            Signed1Layout::parse(&euicc_signed1(b"smdp.example.com", id.as_bytes(), 100, &[]))
                .unwrap();
        assert_fails_at(walk(&m, layout, [9; 32]), "ctx_params/last");

        // A matchingId of another length, or none: refused natively and by the walk.
        let m = euicc_signed1(b"smdp.example.com", &id.as_bytes()[..63], 100, &[]);
        let err = Signed1Layout::parse(&m).unwrap_err();
        assert!(err.to_string().contains("80 40"), "{err}");
        let (layout, _) =
            Signed1Layout::parse(&euicc_signed1(b"smdp.example.com", id.as_bytes(), 100, &[]))
                .unwrap();
        assert_fails_at(walk(&m, layout, [9; 32]), "ctx_params/matching_id");
        // Lower-case hex of the right binding: not the one spelling the circuit takes.
        let m = euicc_signed1(b"smdp.example.com", id.to_lowercase().as_bytes(), 100, &[]);
        let (layout, _) = Signed1Layout::parse(&m).unwrap();
        if id.bytes().any(|c| c.is_ascii_uppercase()) {
            assert_fails_at(walk(&m, layout, [9; 32]), "binding/matching_id");
        }
        // A long server address (81 form) is refused natively; the walk's range check refuses
        // its length byte.
        let long = vec![b'a'; 130];
        let m = euicc_signed1(&long, id.as_bytes(), 10, &[]);
        assert!(Signed1Layout::parse(&m).is_err());

        // An ordinary download session: a handset's TAC after a matchingId that an SM-DP+ chose
        // (through an activation code) to spell the binding. Not a binding session: refused
        // natively and by the walk.
        let m = euicc_signed1_with_tac(
            b"smdp.example.com",
            id.as_bytes(),
            100,
            &[],
            &[0x35, 0x29, 0x06, 0x11],
        );
        let err = Signed1Layout::parse(&m).unwrap_err();
        assert!(err.to_string().contains("binding TAC"), "{err}");
        let (layout, _) =
            Signed1Layout::parse(&euicc_signed1(b"smdp.example.com", id.as_bytes(), 100, &[]))
                .unwrap();
        assert_fails_at(walk(&m, layout, [9; 32]), "ctx_params/binding_tac");
    }
}
