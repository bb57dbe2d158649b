//! Events, one per state change, in Anchor's `emit!` encoding: `sol_log_data` of
//! `sha256("event:<Name>")[..8]` followed by the Borsh-encoded fields. Indexers and Anchor clients
//! decode them with the IDL.

/// Largest encoded event (discriminator included).
const MAX_EVENT_LEN: usize = 256;

/// A Borsh writer over a fixed stack buffer (the program does not allocate).
pub struct EventWriter {
    buf: [u8; MAX_EVENT_LEN],
    len: usize,
}

impl EventWriter {
    fn new(discriminator: [u8; 8]) -> Self {
        let mut w = EventWriter {
            buf: [0; MAX_EVENT_LEN],
            len: 0,
        };
        w.bytes(&discriminator);
        w
    }

    /// Appends raw bytes. Event layouts are fixed and far below the buffer size, which the
    /// `event_sizes_fit` test checks for every event.
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        let end = self.len.saturating_add(b.len()).min(MAX_EVENT_LEN);
        let n = end - self.len;
        self.buf[self.len..end].copy_from_slice(&b[..n]);
        self.len = end;
        self
    }

    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.bytes(&[v])
    }

    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }

    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }

    pub fn i64(&mut self, v: i64) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }

    /// The encoded event.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// An event: its discriminator and how its fields encode.
pub trait Event {
    const DISCRIMINATOR: [u8; 8];
    fn encode_fields(&self, w: &mut EventWriter);

    fn encode(&self) -> EventWriter {
        let mut w = EventWriter::new(Self::DISCRIMINATOR);
        self.encode_fields(&mut w);
        w
    }
}

/// Writes the event to the transaction log.
pub fn emit<E: Event>(event: &E) {
    let encoded = event.encode();
    log_data(encoded.as_bytes());
}

#[cfg(target_os = "solana")]
fn log_data(data: &[u8]) {
    let slices: [&[u8]; 1] = [data];
    // SAFETY: one valid (ptr, len) pair.
    unsafe { pinocchio::syscalls::sol_log_data(slices.as_ptr() as *const u8, 1) };
}

/// Off-chain builds of the program (used by the SDK for layouts) have no transaction log.
#[cfg(not(target_os = "solana"))]
fn log_data(_data: &[u8]) {}

/// Declares Anchor events: each a struct with an `Event` impl, plus `ALL_EVENTS` for the IDL.
/// Exported so that every OpenRSP program encodes its events the same way.
#[macro_export]
macro_rules! anchor_events {
    ($($(#[doc = $doc:literal])* $name:ident [$($d:literal),*] { $($field:ident : $ty:tt),* $(,)? })*) => {
        $(
            $(#[doc = $doc])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq)]
            pub struct $name { $(pub $field: $crate::anchor_events!(@ty $ty),)* }

            impl $crate::events::Event for $name {
                const DISCRIMINATOR: [u8; 8] = [$($d),*];
                fn encode_fields(&self, w: &mut $crate::events::EventWriter) {
                    $($crate::anchor_events!(@put w, self.$field, $ty);)*
                }
            }
        )*

        /// Name, discriminator and field list (name, IDL type) of every event, for the IDL.
        pub const ALL_EVENTS: &[(&str, [u8; 8], &[(&str, &str)])] = &[
            $((stringify!($name), [$($d),*], &[$((stringify!($field), stringify!($ty)),)*]),)*
        ];
    };
    (@ty pubkey) => { [u8; 32] };
    (@ty key_id) => { [u8; 20] };
    (@ty bytes32) => { [u8; 32] };
    (@ty u8) => { u8 };
    (@ty bool) => { bool };
    (@ty u16) => { u16 };
    (@ty u32) => { u32 };
    (@ty u64) => { u64 };
    (@ty i64) => { i64 };
    (@put $w:ident, $v:expr, pubkey) => { $w.bytes(&$v) };
    (@put $w:ident, $v:expr, key_id) => { $w.bytes(&$v) };
    (@put $w:ident, $v:expr, bytes32) => { $w.bytes(&$v) };
    (@put $w:ident, $v:expr, u8) => { $w.u8($v) };
    (@put $w:ident, $v:expr, bool) => { $w.u8($v as u8) };
    (@put $w:ident, $v:expr, u16) => { $w.bytes(&$v.to_le_bytes()) };
    (@put $w:ident, $v:expr, u32) => { $w.u32($v) };
    (@put $w:ident, $v:expr, u64) => { $w.u64($v) };
    (@put $w:ident, $v:expr, i64) => { $w.i64($v) };
}

anchor_events! {
    /// The registry was created.
    RegistryInitialized [144, 138, 62, 105, 58, 38, 100, 177] { registry: pubkey, authority: pubkey }
    /// The authority proposed a successor.
    AuthorityProposed [244, 117, 94, 112, 53, 151, 35, 89] { authority: pubkey, proposed: pubkey }
    /// The proposed successor accepted and is now the authority.
    AuthorityAccepted [166, 192, 219, 188, 41, 209, 195, 26] { previous: pubkey, authority: pubkey }
    /// Registrations were paused or resumed.
    PauseChanged [238, 188, 213, 78, 134, 209, 178, 218] { paused: bool, authority: pubkey }
    /// A CI root was registered.
    TrustAnchorAdded [185, 3, 178, 222, 223, 1, 162, 48] { trust_anchor: pubkey, key_id: key_id, curve: u8 }
    /// A CI root was retired.
    TrustAnchorRetired [102, 154, 153, 113, 252, 3, 59, 197] { trust_anchor: pubkey, key_id: key_id, retired_at: i64 }
    /// A circuit's verifying key was registered.
    VerifyingKeyAdded [142, 159, 96, 32, 89, 184, 230, 125] { verifying_key: pubkey, circuit_id: u32, circuit_version: u16, role_mask: u16, anchor_key_id: key_id }
    /// A circuit's verifying key was retired.
    VerifyingKeyRetired [229, 139, 17, 197, 164, 118, 155, 135] { verifying_key: pubkey, circuit_id: u32, retired_at: i64 }
    /// A certificate was admitted by proof.
    CertificateRegistered [134, 198, 67, 86, 183, 22, 227, 38] { record: pubkey, commitment: bytes32, role: u8, circuit_id: u32, registrant: pubkey, not_before: u64, not_after: u64 }
    /// A certificate record was revoked.
    CertificateRevoked [99, 180, 224, 20, 200, 221, 133, 47] { record: pubkey, commitment: bytes32, revoked_by: pubkey, reason: u8, revoked_at: i64 }
    /// The EUM tree was created, empty.
    EumTreeInitialized [95, 42, 7, 144, 154, 14, 133, 243] { eum_tree: pubkey, depth: u8, root: bytes32 }
    /// An EUM certificate's key joined the EUM tree.
    EumLeafAppended [241, 130, 168, 190, 237, 111, 232, 76] { record: pubkey, leaf: bytes32, index: u32, root: bytes32 }
    /// A revoked EUM's leaf was zeroed; earlier roots are no longer accepted.
    EumLeafRemoved [82, 56, 155, 84, 148, 110, 55, 45] { record: pubkey, index: u32, root: bytes32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(ty: &str) -> usize {
        match ty {
            "pubkey" | "bytes32" => 32,
            "key_id" => 20,
            "u8" | "bool" => 1,
            "u16" => 2,
            "u32" => 4,
            "u64" | "i64" => 8,
            other => panic!("unknown event field type {other}"),
        }
    }

    #[test]
    fn event_sizes_fit() {
        for (name, _, fields) in ALL_EVENTS {
            let len = 8 + fields.iter().map(|(_, t)| size(t)).sum::<usize>();
            assert!(len <= MAX_EVENT_LEN, "{name} encodes to {len} bytes");
        }
        // And the writer produces exactly that many bytes.
        let e = CertificateRevoked {
            record: [1; 32],
            commitment: [2; 32],
            revoked_by: [3; 32],
            reason: 4,
            revoked_at: -5,
        };
        let encoded = e.encode();
        assert_eq!(encoded.as_bytes().len(), 8 + 32 + 32 + 32 + 1 + 8);
        assert_eq!(&encoded.as_bytes()[..8], &CertificateRevoked::DISCRIMINATOR);
        assert_eq!(
            &encoded.as_bytes()[encoded.as_bytes().len() - 8..],
            &(-5i64).to_le_bytes()
        );
    }
}
