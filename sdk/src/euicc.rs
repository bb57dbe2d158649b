//! ES10b AuthenticateServer, both ends: what a device's LPA sends its eUICC, what the eUICC signs
//! and returns, and an emulated eUICC (test PKI keys) that answers exactly as a chip does.
//!
//! This is how a consumer proves they hold a chip without any SM-DP+'s cooperation: the LPA takes
//! a fresh serverSigned1 from any SM-DP+ (ES9+ initiateAuthentication), and calls AuthenticateServer
//! on its own chip with `ctxParamsForCommonAuthentication` whose matchingId is the binding of the
//! consumer's wallet after a recent slot ([`binding_matching_id`]). The eUICC checks the SM-DP+'s
//! signature and its own challenge, then signs euiccSigned1, which carries that ctxParams1, with its
//! private key, which never leaves the chip. The `euicc_chain` circuit verifies that signature
//! under the key of the chip's eUICC certificate and reads the binding from its DER position.
//!
//! Encodings (SGP.22 v2.x, ASN.1 module with AUTOMATIC TAGS; signatures raw `r || s` in `5F37 40`):
//! ```text
//! ServerSigned1  30 { 80 transactionId, 81 euiccChallenge, 83 serverAddress, 84 serverChallenge }
//! AuthenticateServerRequest  BF38 { serverSigned1, 5F37 40 serverSignature1,
//!                                   04 14 euiccCiPKIdToBeUsed, serverCertificate, ctxParams1 }
//! ctxParams1     A0 { 80 matchingId, A1 deviceInfo { 80 TAC, A1 deviceCapabilities } }
//! EuiccSigned1   30 { 80 transactionId, 83 serverAddress, 84 serverChallenge, BF22 euiccInfo2,
//!                     ctxParams1 }
//! AuthenticateServerResponse  BF38 { A0 { euiccSigned1, 5F37 40 euiccSignature1,
//!                                         euiccCertificate, eumCertificate } }
//! ```

use crate::{certificate::RspCertificate, testpki::Issued, SdkError};
use cert_registry::statement::Role;
use openrsp_circuits::{euicc_chain::ChipEvidence, p256::Scalar};
use p256::ecdsa::{
    signature::{Signer, Verifier},
    Signature, SigningKey, VerifyingKey,
};
use rand::RngCore;

pub use openrsp_circuits::signed1::{binding_matching_id, BINDING_TAC, MATCHING_ID_LEN};

/// Challenges (the eUICC's and the server's) are 16 bytes.
pub const CHALLENGE_LEN: usize = 16;
/// Longest transactionId (SGP.22 `TransactionId ::= OCTET STRING (SIZE(1..16))`).
pub const MAX_TRANSACTION_ID_LEN: usize = 16;

fn malformed(what: impl std::fmt::Display) -> SdkError {
    SdkError::InvalidInput(format!("ES10b: {what}"))
}

fn refused(what: impl std::fmt::Display) -> SdkError {
    SdkError::Certificate(format!("the eUICC refuses AuthenticateServer: {what}"))
}

/// A DER element: its tag bytes, then its content with the minimal length encoding.
pub fn tlv(tag: &[u8], content: &[u8]) -> Vec<u8> {
    let mut out = tag.to_vec();
    let n = content.len();
    match n {
        0..=0x7f => out.push(n as u8),
        0x80..=0xff => out.extend([0x81, n as u8]),
        _ => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(content);
    out
}

/// One element read from `bytes` at `at`: tag, content, and where the next element starts.
/// Multi-byte tags (`BF38`, `5F37`) and lengths up to `82 HH LL`, DER-minimal only.
fn read(bytes: &[u8], at: usize) -> Result<(&[u8], &[u8], usize), SdkError> {
    let byte = |i: usize| bytes.get(i).copied().ok_or_else(|| malformed("truncated"));
    let mut end = at + 1;
    if byte(at)? & 0x1f == 0x1f {
        while byte(end)? & 0x80 != 0 {
            end += 1;
        }
        end += 1;
    }
    let tag = &bytes[at..end];
    let (len, header) = match byte(end)? {
        l if l < 0x80 => (l as usize, 1),
        0x81 => match byte(end + 1)? {
            l if l >= 0x80 => (l as usize, 2),
            _ => return Err(malformed("a length that is not DER")),
        },
        0x82 => match (byte(end + 1)? as usize) << 8 | byte(end + 2)? as usize {
            l if l >= 0x100 => (l, 3),
            _ => return Err(malformed("a length that is not DER")),
        },
        other => return Err(malformed(format!("length form {other:#04x}"))),
    };
    let start = end + header;
    let content = start
        .checked_add(len)
        .and_then(|stop| bytes.get(start..stop))
        .ok_or_else(|| malformed("truncated"))?;
    Ok((tag, content, start + len))
}

/// One element of a constructed value: its tag, its content and its whole DER encoding.
type Element<'a> = (&'a [u8], &'a [u8], &'a [u8]);

/// The elements of a constructed value's content, each with its tag, and their DER bytes.
fn elements(content: &[u8]) -> Result<Vec<Element<'_>>, SdkError> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < content.len() {
        let (tag, body, next) = read(content, at)?;
        out.push((tag, body, &content[at..next]));
        at = next;
    }
    Ok(out)
}

/// Reads exactly one element with tag `tag` spanning all of `bytes`.
fn whole<'a>(bytes: &'a [u8], tag: &[u8], what: &str) -> Result<&'a [u8], SdkError> {
    let (t, content, end) = read(bytes, 0)?;
    if t != tag || end != bytes.len() {
        return Err(malformed(format!("not a {what}")));
    }
    Ok(content)
}

fn expect<'a>(
    items: &[(&'a [u8], &'a [u8], &'a [u8])],
    index: usize,
    tag: &[u8],
    what: &str,
) -> Result<(&'a [u8], &'a [u8]), SdkError> {
    match items.get(index) {
        Some((t, content, der)) if *t == tag => Ok((content, der)),
        _ => Err(malformed(format!("{what} expected"))),
    }
}

fn array16(bytes: &[u8], what: &str) -> Result<[u8; 16], SdkError> {
    bytes
        .try_into()
        .map_err(|_| malformed(format!("{what} is not 16 bytes")))
}

/// The 64-byte `r || s` of a signature, as ES10/ES9+ carry it.
fn raw_signature(bytes: &[u8], what: &str) -> Result<Signature, SdkError> {
    Signature::from_slice(bytes).map_err(|_| malformed(format!("{what} is not a raw r || s")))
}

/// A signature as its raw 64 bytes.
fn raw(signature: &Signature) -> [u8; 64] {
    let mut out = [0u8; 64];
    out.copy_from_slice(&signature.to_bytes());
    out
}

/// What an SM-DP+ signs in initiateAuthentication (SGP.22 ServerSigned1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerSigned1 {
    pub transaction_id: Vec<u8>,
    pub euicc_challenge: [u8; 16],
    pub server_address: String,
    pub server_challenge: [u8; 16],
}

impl ServerSigned1 {
    pub fn to_der(&self) -> Vec<u8> {
        let content = [
            tlv(&[0x80], &self.transaction_id),
            tlv(&[0x81], &self.euicc_challenge),
            tlv(&[0x83], self.server_address.as_bytes()),
            tlv(&[0x84], &self.server_challenge),
        ]
        .concat();
        tlv(&[0x30], &content)
    }

    pub fn from_der(der: &[u8]) -> Result<Self, SdkError> {
        let items = elements(whole(der, &[0x30], "ServerSigned1")?)?;
        let (transaction_id, _) = expect(&items, 0, &[0x80], "transactionId")?;
        if transaction_id.is_empty() || transaction_id.len() > MAX_TRANSACTION_ID_LEN {
            return Err(malformed("transactionId is not 1 to 16 bytes"));
        }
        let (euicc_challenge, _) = expect(&items, 1, &[0x81], "euiccChallenge")?;
        let (address, _) = expect(&items, 2, &[0x83], "serverAddress")?;
        let (server_challenge, _) = expect(&items, 3, &[0x84], "serverChallenge")?;
        // SGP.22 v3 adds an optional sessionContext [5]; nothing else may follow.
        if items.len() > 5 || (items.len() == 5 && items[4].0 != [0xA5]) {
            return Err(malformed("ServerSigned1 has unknown elements"));
        }
        Ok(ServerSigned1 {
            transaction_id: transaction_id.to_vec(),
            euicc_challenge: array16(euicc_challenge, "euiccChallenge")?,
            server_address: String::from_utf8(address.to_vec())
                .map_err(|_| malformed("serverAddress is not UTF-8"))?,
            server_challenge: array16(server_challenge, "serverChallenge")?,
        })
    }
}

/// An SM-DP+'s answer to ES9+ initiateAuthentication: what the LPA passes on to its eUICC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerAuthentication {
    /// ServerSigned1 DER, exactly as signed.
    pub server_signed1: Vec<u8>,
    /// The DPauth key's signature over it, raw `r || s`.
    pub server_signature1: [u8; 64],
    /// The CI (subjectKeyIdentifier) whose key the eUICC is to sign under.
    pub ci_pkid: [u8; 20],
    /// CERT.DPauth, DER.
    pub server_certificate: Vec<u8>,
}

/// What the device tells the eUICC about itself (SGP.22 DeviceInfo): its TAC and the contents of
/// deviceCapabilities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceInfo {
    pub tac: [u8; 4],
    pub capabilities: Vec<u8>,
}

impl Default for DeviceInfo {
    /// A handset that declares LTE and 5G support (release 15): `80 03 0F 00 00`, `8C 03 0F 00 00`.
    fn default() -> Self {
        DeviceInfo {
            tac: [0x35, 0x29, 0x06, 0x11],
            capabilities: [tlv(&[0x82], &[15, 0, 0]), tlv(&[0x8C], &[15, 0, 0])].concat(),
        }
    }
}

impl DeviceInfo {
    /// What an LPA reports in a binding session, and only there: the TAC [`BINDING_TAC`]
    /// (`ORSP`), which no handset has, so that a chip signature from an ordinary download session
    /// (whose matchingId an SM-DP+ chose) never passes for a binding. Private to [`bind_chip`]: an
    /// LPA that reported it in a download session would hand that SM-DP+ a binding of its choice.
    pub(crate) fn binding() -> Self {
        DeviceInfo {
            tac: BINDING_TAC,
            ..DeviceInfo::default()
        }
    }
}

/// `ctxParamsForCommonAuthentication` with `matching_id` and the device's info.
pub fn ctx_params1(matching_id: &str, device: &DeviceInfo) -> Vec<u8> {
    let device_info = tlv(
        &[0xA1],
        &[
            tlv(&[0x80], &device.tac),
            tlv(&[0xA1], &device.capabilities),
        ]
        .concat(),
    );
    tlv(
        &[0xA0],
        &[tlv(&[0x80], matching_id.as_bytes()), device_info].concat(),
    )
}

/// The ES10b AuthenticateServer command an LPA sends its eUICC: the SM-DP+'s authentication and
/// the LPA's ctxParams1 (here carrying `matching_id`).
pub fn authenticate_server_request(
    server: &ServerAuthentication,
    matching_id: &str,
    device: &DeviceInfo,
) -> Vec<u8> {
    let content = [
        server.server_signed1.clone(),
        tlv(&[0x5F, 0x37], &server.server_signature1),
        tlv(&[0x04], &server.ci_pkid),
        server.server_certificate.clone(),
        ctx_params1(matching_id, device),
    ]
    .concat();
    tlv(&[0xBF, 0x38], &content)
}

/// The eUICC's answer to AuthenticateServer (its `authenticateResponseOk`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthenticateServerResponse {
    /// EuiccSigned1 DER, exactly as signed.
    pub euicc_signed1: Vec<u8>,
    /// The eUICC key's signature over it, raw `r || s`.
    pub euicc_signature1: [u8; 64],
    pub euicc_certificate: Vec<u8>,
    pub eum_certificate: Vec<u8>,
}

impl AuthenticateServerResponse {
    pub fn to_der(&self) -> Vec<u8> {
        let ok = [
            self.euicc_signed1.clone(),
            tlv(&[0x5F, 0x37], &self.euicc_signature1),
            self.euicc_certificate.clone(),
            self.eum_certificate.clone(),
        ]
        .concat();
        tlv(&[0xBF, 0x38], &tlv(&[0xA0], &ok))
    }

    /// Reads an `authenticateResponseOk`; an `authenticateResponseError` is refused with its code.
    pub fn from_der(der: &[u8]) -> Result<Self, SdkError> {
        let choice = whole(der, &[0xBF, 0x38], "AuthenticateServerResponse")?;
        let (tag, ok, end) = read(choice, 0)?;
        if end != choice.len() {
            return Err(malformed("AuthenticateServerResponse has trailing bytes"));
        }
        if tag == [0xA1] {
            return Err(refused(format!(
                "authenticateResponseError {}",
                hex::encode(ok)
            )));
        }
        if tag != [0xA0] {
            return Err(malformed("not an authenticateResponseOk"));
        }
        let items = elements(ok)?;
        if items.len() != 4 {
            return Err(malformed("authenticateResponseOk has 4 elements"));
        }
        let (_, euicc_signed1) = expect(&items, 0, &[0x30], "euiccSigned1")?;
        let (signature, _) = expect(&items, 1, &[0x5F, 0x37], "euiccSignature1")?;
        let (_, euicc_certificate) = expect(&items, 2, &[0x30], "euiccCertificate")?;
        let (_, eum_certificate) = expect(&items, 3, &[0x30], "eumCertificate")?;
        Ok(AuthenticateServerResponse {
            euicc_signed1: euicc_signed1.to_vec(),
            euicc_signature1: raw(&raw_signature(signature, "euiccSignature1")?),
            euicc_certificate: euicc_certificate.to_vec(),
            eum_certificate: eum_certificate.to_vec(),
        })
    }

    /// The matchingId the chip signed, if its ctxParams1 carries one.
    pub fn matching_id(&self) -> Result<Option<String>, SdkError> {
        let items = elements(whole(&self.euicc_signed1, &[0x30], "EuiccSigned1")?)?;
        let (ctx, _) = expect(&items, 4, &[0xA0], "ctxParamsForCommonAuthentication")?;
        Ok(match elements(ctx)?.first() {
            Some((tag, id, _)) if *tag == [0x80] => Some(
                String::from_utf8(id.to_vec()).map_err(|_| malformed("matchingId is not UTF-8"))?,
            ),
            _ => None,
        })
    }

    /// What the chain circuit takes from this answer.
    pub fn chip_evidence(&self) -> ChipEvidence {
        use ark_ff::PrimeField;
        let (r, s) = self.euicc_signature1.split_at(32);
        ChipEvidence {
            euicc_signed1: self.euicc_signed1.clone(),
            signature: (
                Scalar::from_be_bytes_mod_order(r),
                Scalar::from_be_bytes_mod_order(s),
            ),
        }
    }
}

/// An eUICC in software, with a test PKI eUICC key and certificate: it answers GetEUICCChallenge,
/// GetEUICCInfo1 and AuthenticateServer as SGP.22 has a chip answer, with the checks a chip makes
/// (the server's signature under a DPauth certificate issued by a CI it trusts, its own
/// challenge, once).
pub struct EmulatedEuicc {
    key: SigningKey,
    certificate: Vec<u8>,
    eum_certificate: Vec<u8>,
    trusted_ci: Vec<RspCertificate>,
    challenge: Option<[u8; CHALLENGE_LEN]>,
}

impl EmulatedEuicc {
    /// A chip holding `euicc`'s key, issued by `eum`, that trusts the CIs `trusted_ci` (DER).
    pub fn new(
        euicc: &Issued,
        eum_certificate: &[u8],
        trusted_ci: &[&[u8]],
    ) -> Result<Self, SdkError> {
        let trusted_ci = trusted_ci
            .iter()
            .map(|der| RspCertificate::from_der(der))
            .collect::<Result<Vec<_>, _>>()?;
        if trusted_ci.iter().any(|ci| ci.role != Role::Ci) {
            return Err(SdkError::Certificate(
                "an eUICC trusts CI certificates only".into(),
            ));
        }
        Ok(EmulatedEuicc {
            key: euicc.signing_key.clone(),
            certificate: euicc.certificate_der.clone(),
            eum_certificate: eum_certificate.to_vec(),
            trusted_ci,
            challenge: None,
        })
    }

    /// The eUICC certificate (DER).
    pub fn certificate(&self) -> &[u8] {
        &self.certificate
    }

    /// ES10b GetEUICCChallenge: a fresh challenge, which the next AuthenticateServer must carry.
    pub fn get_euicc_challenge(&mut self) -> [u8; CHALLENGE_LEN] {
        let mut challenge = [0u8; CHALLENGE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut challenge);
        self.challenge = Some(challenge);
        challenge
    }

    fn ci_pkids(&self) -> Result<Vec<Vec<u8>>, SdkError> {
        self.trusted_ci
            .iter()
            .map(|ci| Ok(tlv(&[0x04], &ci.anchor_key_id()?)))
            .collect()
    }

    /// ES10b GetEUICCInfo1 (`BF20`): the SVN and the CIs it verifies and signs under.
    pub fn euicc_info1(&self) -> Result<Vec<u8>, SdkError> {
        let ids = self.ci_pkids()?.concat();
        Ok(tlv(
            &[0xBF, 0x20],
            &[
                tlv(&[0x82], &[2, 2, 2]),
                tlv(&[0xA9], &ids),
                tlv(&[0xAA], &ids),
            ]
            .concat(),
        ))
    }

    /// EUICCInfo2 (`BF22`) as a SGP.22 v2.2.2 consumer eUICC reports it: profile, SVN and firmware
    /// versions, its resources, capabilities, CI lists, category, protection profile and SAS
    /// accreditation.
    pub fn euicc_info2(&self) -> Result<Vec<u8>, SdkError> {
        let ids = self.ci_pkids()?.concat();
        let content = [
            tlv(&[0x81], &[2, 3, 0]),                      // profileVersion
            tlv(&[0x82], &[2, 2, 2]),                      // svn
            tlv(&[0x83], &[4, 2, 0]),                      // euiccFirmwareVer
            tlv(&[0x84], &[0x81, 1, 8, 0x82, 3, 2, 0, 0]), // extCardResource
            tlv(&[0x85], &[2, 0x3E, 0xC0]),                // uiccCapability
            tlv(&[0x86], &[9, 2, 0]),                      // ts102241Version
            tlv(&[0x87], &[2, 3, 0]),                      // globalplatformVersion
            tlv(&[0x88], &[4, 0xF0]),                      // rspCapability
            tlv(&[0xA9], &ids),                            // euiccCiPKIdListForVerification
            tlv(&[0xAA], &ids),                            // euiccCiPKIdListForSigning
            tlv(&[0x8B], &[2]),                            // euiccCategory: consumer
            tlv(&[0x04], &[0, 0, 0]),                      // ppVersion
            tlv(&[0x0C], b"OPENRSP-TEST-SAS"),             // sasAcreditationNumber
        ]
        .concat();
        Ok(tlv(&[0xBF, 0x22], &content))
    }

    /// ES10b AuthenticateServer: checks the request as a chip does and answers with a signed
    /// euiccSigned1, or refuses with the reason (the challenge is spent either way).
    pub fn authenticate_server(&mut self, request: &[u8]) -> Result<Vec<u8>, SdkError> {
        let challenge = self.challenge.take();
        let items = elements(whole(request, &[0xBF, 0x38], "AuthenticateServerRequest")?)?;
        if items.len() != 5 {
            return Err(malformed("AuthenticateServerRequest has 5 elements"));
        }
        let (_, server_signed1) = expect(&items, 0, &[0x30], "serverSigned1")?;
        let (server_signature1, _) = expect(&items, 1, &[0x5F, 0x37], "serverSignature1")?;
        let (ci_pkid, _) = expect(&items, 2, &[0x04], "euiccCiPKIdToBeUsed")?;
        let (_, server_certificate) = expect(&items, 3, &[0x30], "serverCertificate")?;
        let (_, ctx_params1) = expect(&items, 4, &[0xA0], "ctxParams1")?;

        let signed1 = ServerSigned1::from_der(server_signed1)?;
        let ci = self
            .trusted_ci
            .iter()
            .find(|ci| ci.anchor_key_id().ok().as_ref().map(|id| &id[..]) == Some(ci_pkid))
            .ok_or_else(|| refused("euiccCiPKIdToBeUsed names a CI it does not trust"))?;
        let dp_auth = RspCertificate::from_der(server_certificate)?;
        if dp_auth.role != Role::DpAuth {
            return Err(refused(format!(
                "serverCertificate is a {} certificate, not CERT.DPauth",
                dp_auth.role.name()
            )));
        }
        // A chip has no clock of its own: it checks the chain, not the dates.
        dp_auth
            .check_issued_by(ci, dp_auth.not_before)
            .map_err(|e| refused(format!("CERT.DPauth: {e}")))?;
        let mut sec1 = [4u8; 65];
        sec1[1..].copy_from_slice(&dp_auth.public_key);
        let server_key = VerifyingKey::from_sec1_bytes(&sec1)
            .map_err(|_| refused("CERT.DPauth's key is not a P-256 point"))?;
        server_key
            .verify(
                server_signed1,
                &raw_signature(server_signature1, "serverSignature1")?,
            )
            .map_err(|_| refused("serverSignature1 does not verify under CERT.DPauth"))?;
        if challenge != Some(signed1.euicc_challenge) {
            return Err(refused(
                "serverSigned1 does not carry its current challenge",
            ));
        }
        // What the chip signs: the server's transaction, address and challenge, its own info, and
        // the LPA's ctxParams1 as given.
        let euicc_signed1 = tlv(
            &[0x30],
            &[
                tlv(&[0x80], &signed1.transaction_id),
                tlv(&[0x83], signed1.server_address.as_bytes()),
                tlv(&[0x84], &signed1.server_challenge),
                self.euicc_info2()?,
                ctx_params1.to_vec(),
            ]
            .concat(),
        );
        let signature: Signature = self.key.sign(&euicc_signed1);
        Ok(AuthenticateServerResponse {
            euicc_signed1,
            euicc_signature1: raw(&signature),
            euicc_certificate: self.certificate.clone(),
            eum_certificate: self.eum_certificate.clone(),
        }
        .to_der())
    }
}

/// ES9+ initiateAuthentication as an SM-DP+ answers it, with a test PKI DPauth key: a fresh
/// transaction and server challenge for `euicc_challenge`, signed. The CI to sign under is the
/// DPauth certificate's issuer.
pub fn initiate_authentication(
    dp_auth: &Issued,
    server_address: &str,
    euicc_challenge: [u8; CHALLENGE_LEN],
) -> Result<ServerAuthentication, SdkError> {
    let certificate = RspCertificate::from_der(&dp_auth.certificate_der)?;
    let mut transaction_id = vec![0u8; MAX_TRANSACTION_ID_LEN];
    let mut server_challenge = [0u8; CHALLENGE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut transaction_id);
    rand::rngs::OsRng.fill_bytes(&mut server_challenge);
    let server_signed1 = ServerSigned1 {
        transaction_id,
        euicc_challenge,
        server_address: server_address.into(),
        server_challenge,
    }
    .to_der();
    let signature: Signature = dp_auth.signing_key.sign(&server_signed1);
    Ok(ServerAuthentication {
        server_signed1,
        server_signature1: raw(&signature),
        ci_pkid: certificate.issuer_key_id()?,
        server_certificate: dp_auth.certificate_der.clone(),
    })
}

/// The whole exchange on a device: challenge from the chip, initiateAuthentication at an SM-DP+
/// (here a test PKI DPauth key), AuthenticateServer with the binding of `wallet` after the slot
/// whose hash is `slot_hash`. Returns the chip's answer.
pub fn bind_chip(
    chip: &mut EmulatedEuicc,
    dp_auth: &Issued,
    server_address: &str,
    wallet: &[u8; 32],
    slot_hash: &[u8; 32],
) -> Result<AuthenticateServerResponse, SdkError> {
    let challenge = chip.get_euicc_challenge();
    let server = initiate_authentication(dp_auth, server_address, challenge)?;
    let matching_id =
        binding_matching_id(wallet, slot_hash).map_err(|e| SdkError::Zk(e.to_string()))?;
    let request = authenticate_server_request(&server, &matching_id, &DeviceInfo::binding());
    AuthenticateServerResponse::from_der(&chip.authenticate_server(&request)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testpki::{issue_dp_auth, TestPki};
    use openrsp_circuits::signed1::Signed1Layout;

    fn setup() -> (TestPki, Issued, EmulatedEuicc) {
        let pki = TestPki::issue("89049032", 1).unwrap();
        let dp_auth = issue_dp_auth(&pki.ci, "smdp.example.org", &[]).unwrap();
        let chip = EmulatedEuicc::new(
            &pki.euiccs[0].1,
            &pki.eum.certificate_der,
            &[&pki.ci.certificate_der],
        )
        .unwrap();
        (pki, dp_auth, chip)
    }

    #[test]
    fn the_chip_signs_the_lpa_binding_in_a_euicc_signed1_the_circuit_reads() {
        let (pki, dp_auth, mut chip) = setup();
        let (wallet, slot_hash) = ([7u8; 32], [9u8; 32]);
        let answer =
            bind_chip(&mut chip, &dp_auth, "smdp.example.org", &wallet, &slot_hash).unwrap();
        // The chip's own key signed it, over exactly these bytes.
        let euicc = RspCertificate::from_der(&answer.euicc_certificate).unwrap();
        let mut sec1 = [4u8; 65];
        sec1[1..].copy_from_slice(&euicc.public_key);
        VerifyingKey::from_sec1_bytes(&sec1)
            .unwrap()
            .verify(
                &answer.euicc_signed1,
                &Signature::from_slice(&answer.euicc_signature1).unwrap(),
            )
            .unwrap();
        assert_eq!(answer.eum_certificate, pki.eum.certificate_der);
        // The circuit's walk finds the binding where the chip put it.
        let expected = binding_matching_id(&wallet, &slot_hash).unwrap();
        let (_, fields) = Signed1Layout::parse(&answer.euicc_signed1).unwrap();
        assert_eq!(fields.matching_id, expected.as_bytes());
        assert_eq!(fields.server_address, b"smdp.example.org");
        assert_eq!(answer.matching_id().unwrap(), Some(expected.clone()));
        // The same chip in an ordinary download session (a handset's TAC) whose matchingId an
        // SM-DP+ chose to spell the binding: signed, but the walk refuses it as a binding.
        let challenge = chip.get_euicc_challenge();
        let server = initiate_authentication(&dp_auth, "smdp.example.org", challenge).unwrap();
        let request = authenticate_server_request(&server, &expected, &DeviceInfo::default());
        let download =
            AuthenticateServerResponse::from_der(&chip.authenticate_server(&request).unwrap())
                .unwrap();
        assert_eq!(download.matching_id().unwrap(), Some(expected.clone()));
        let err = Signed1Layout::parse(&download.euicc_signed1).unwrap_err();
        assert!(err.to_string().contains("binding TAC"), "{err}");
        // The answer round-trips through its DER.
        assert_eq!(
            AuthenticateServerResponse::from_der(&answer.to_der()).unwrap(),
            answer
        );
    }

    #[test]
    fn the_chip_refuses_what_a_chip_refuses() {
        let (pki, dp_auth, mut chip) = setup();
        let matching_id = "0".repeat(MATCHING_ID_LEN);
        let device = DeviceInfo::default();
        let fresh = |chip: &mut EmulatedEuicc| {
            initiate_authentication(&dp_auth, "smdp.example.org", chip.get_euicc_challenge())
                .unwrap()
        };
        // Its challenge, once: a replayed serverSigned1 is refused.
        let server = fresh(&mut chip);
        let request = authenticate_server_request(&server, &matching_id, &device);
        chip.authenticate_server(&request).unwrap();
        assert!(chip.authenticate_server(&request).is_err());
        chip.get_euicc_challenge();
        assert!(chip.authenticate_server(&request).is_err());
        // A serverSigned1 whose signature does not verify.
        let mut server = fresh(&mut chip);
        server.server_signature1[40] ^= 1;
        let err = chip
            .authenticate_server(&authenticate_server_request(&server, &matching_id, &device))
            .unwrap_err();
        assert!(err.to_string().contains("serverSignature1"), "{err}");
        // A DPauth of a CI it does not trust, and a certificate that is not a DPauth.
        let other_ci = crate::testpki::issue_ci("Another CI").unwrap();
        let foreign = issue_dp_auth(&other_ci, "smdp.example.org", &[]).unwrap();
        let server =
            initiate_authentication(&foreign, "smdp.example.org", chip.get_euicc_challenge())
                .unwrap();
        let err = chip
            .authenticate_server(&authenticate_server_request(&server, &matching_id, &device))
            .unwrap_err();
        assert!(err.to_string().contains("does not trust"), "{err}");
        let mut server = fresh(&mut chip);
        server.server_certificate = pki.eum.certificate_der.clone();
        assert!(chip
            .authenticate_server(&authenticate_server_request(&server, &matching_id, &device))
            .is_err());
        // Malformed commands change nothing and are refused.
        for bad in [&[][..], &[0xBF, 0x38, 0x05, 1, 2][..], &[0x30, 0x00][..]] {
            assert!(chip.authenticate_server(bad).is_err());
        }
    }

    #[test]
    fn malformed_answers_are_refused() {
        let (_, dp_auth, mut chip) = setup();
        let answer =
            bind_chip(&mut chip, &dp_auth, "smdp.example.org", &[1; 32], &[2; 32]).unwrap();
        let der = answer.to_der();
        for cut in [1, 10, der.len() - 1] {
            assert!(AuthenticateServerResponse::from_der(&der[..cut]).is_err());
        }
        let mut trailing = der.clone();
        trailing.push(0);
        assert!(AuthenticateServerResponse::from_der(&trailing).is_err());
        // An authenticateResponseError (A1) is reported, not read as an answer.
        let error = tlv(&[0xBF, 0x38], &tlv(&[0xA1], &[0x02, 0x01, 0x03]));
        let err = AuthenticateServerResponse::from_der(&error).unwrap_err();
        assert!(
            err.to_string().contains("authenticateResponseError"),
            "{err}"
        );
    }
}
