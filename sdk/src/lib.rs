//! # openrsp-sdk
//!
//! Everything a client of OpenRSP needs, for operators, LPAs and dApps alike:
//!
//! - [`programs`]: the program ids (as in `Anchor.toml`);
//! - [`cert_registry`]: PDA helpers, one builder per instruction, account decoders, and
//!   [`cert_registry::CertRegistry`], the high-level calls the CLI and the demo use;
//! - [`eid_commitment`]: the same for the eid-commitment program, and the EID proof
//!   ([`eid_commitment::prove_eid`]) from an eUICC certificate, its EUM and the EUM tree;
//! - [`usdc_billing`]: builders, decoders and a client for plans priced in SOL or SPL tokens,
//!   pay-as-you-go subscriptions and their signed vouchers;
//! - [`profile_escrow`]: orders held in escrow until delivery and installation, and the
//!   activation code encrypted to the consumer (X25519 + ChaCha20-Poly1305);
//! - [`governance`]: the governance all four programs share (authority hand-over, pause, set-up by
//!   the upgrade authority), for any of them;
//! - [`lpa`]: what a device's LPA checks before trusting an SM-DP+ or using an activation code;
//! - [`token`]: currencies (SOL, Token, Token-2022), associated token accounts, balances;
//! - [`zk`]: Groth16 verifying keys and proofs in the encoding groth16-solana expects (proof point
//!   A negated), statement hashing;
//! - [`certificate`]: reading GSMA RSP certificates (X.509 DER): role, validity, keys, and the
//!   Poseidon commitment under which the registry files them;
//! - [`euicc`]: ES10b AuthenticateServer both ends and an emulated eUICC: the chip's signed
//!   binding of a wallet that EID proofs carry;
//! - [`testpki`]: a test CI, EUM and eUICCs following the GSMA certificate profiles;
//! - [`client`]: the [`client::Ledger`] trait and its two backends, an embedded SVM (litesvm,
//!   loading the real `.so` files, state persisted in a directory) and RPC. Everything above is
//!   written once against the trait.

pub mod cert_registry;
pub mod certificate;
pub mod client;
pub mod deploy;
mod display;
pub mod eid_commitment;
pub mod error;
pub mod euicc;
pub mod governance;
pub mod lpa;
pub mod profile_escrow;
pub mod programs;
pub mod prover;
pub mod snarkjs;
pub mod testpki;
pub mod token;
pub mod usdc_billing;
pub mod zk;

pub use error::SdkError;
pub use solana_address::Address;
pub use solana_keypair::Keypair;
pub use solana_signer::Signer;
