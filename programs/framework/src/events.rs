//! Events, one per state change, in Anchor's `emit!` encoding: `sol_log_data` of
//! `sha256("event:<Name>")[..8]` followed by the Borsh-encoded fields. Indexers and Anchor clients
//! decode them with the IDL.

/// Largest encoded event (discriminator included).
pub const MAX_EVENT_LEN: usize = 256;

/// A Borsh writer over a fixed stack buffer (the program does not allocate).
pub struct EventWriter {
    buf: [u8; MAX_EVENT_LEN],
    len: usize,
}

impl EventWriter {
    pub fn new(discriminator: [u8; 8]) -> Self {
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

    /// The event's log encoding.
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

/// Writes an already encoded event to the transaction log (for events whose discriminator is
/// chosen at run time). Inlined: a call through here costs some 300 CU more than [`emit`].
#[inline(always)]
pub fn log_encoded(encoded: &EventWriter) {
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

/// Declares Anchor events: each a struct with an `Event` impl (its discriminator hashed from its name
/// at compile time), plus `ALL_EVENTS` for the IDL.
/// Exported so that every OpenRSP program encodes its events the same way.
#[macro_export]
macro_rules! anchor_events {
    ($($(#[doc = $doc:literal])* $name:ident { $($field:ident : $ty:tt),* $(,)? })*) => {
        $(
            $(#[doc = $doc])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq)]
            pub struct $name { $(pub $field: $crate::anchor_events!(@ty $ty),)* }

            impl $crate::events::Event for $name {
                const DISCRIMINATOR: [u8; 8] = $crate::discriminator::event(stringify!($name));
                fn encode_fields(&self, w: &mut $crate::events::EventWriter) {
                    $($crate::anchor_events!(@put w, self.$field, $ty);)*
                }
            }
        )*

        /// Name, discriminator and field list (name, IDL type) of every event, for the IDL.
        pub const ALL_EVENTS: &[(&str, [u8; 8], &[(&str, &str)])] = &[
            $((
                stringify!($name),
                $crate::discriminator::event(stringify!($name)),
                &[$((stringify!($field), stringify!($ty)),)*],
            ),)*
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
