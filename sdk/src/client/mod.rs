//! One client code path, two backends.
//!
//! Every SDK call is written against [`Ledger`]: an embedded SVM ([`EmbeddedLedger`], litesvm with
//! the real `.so` files, state kept in a directory between runs) or a cluster over RPC
//! ([`RpcLedger`]). The CLI picks one from `--ledger`/`--url`; tests and the benchmark use the same
//! calls.

mod embedded;
mod recorder;
mod rpc;

pub use embedded::{EmbeddedLedger, DEPLOYER_FILE};
pub use recorder::{Journal, Recorder, Sent};
pub use rpc::RpcLedger;

/// Solana CLI cluster monikers (`devnet`, `-u l`, ...) to RPC URLs; anything else is a URL.
pub fn cluster_url(url: &str) -> String {
    match url {
        "mainnet-beta" | "m" => "https://api.mainnet-beta.solana.com",
        "devnet" | "d" => "https://api.devnet.solana.com",
        "testnet" | "t" => "https://api.testnet.solana.com",
        "localhost" | "l" => "http://127.0.0.1:8899",
        other => other,
    }
    .to_string()
}

/// A top-level `key: value` of the Solana CLI's YAML config (its values are plain scalars).
pub fn solana_config_value(yaml: &str, key: &str) -> Option<String> {
    yaml.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == key).then(|| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
    })
}

use crate::{programs::ProgramIds, SdkError};
use solana_account::Account;
use solana_address::Address;
use solana_instruction::{error::InstructionError, Instruction};
use solana_keypair::Keypair;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::TransactionError;

/// What a landed transaction cost.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Receipt {
    #[serde(serialize_with = "display")]
    pub signature: Signature,
    pub compute_units: u64,
    /// Lamports paid in fees.
    pub fee: u64,
    pub logs: Vec<String>,
}

use crate::display::display;

/// A place where transactions land and accounts can be read.
pub trait Ledger {
    /// Reads an account; `None` if it does not exist.
    fn account(&self, address: &Address) -> Result<Option<Account>, SdkError>;

    /// All accounts owned by `program`.
    fn program_accounts(&self, program: &Address) -> Result<Vec<(Address, Account)>, SdkError>;

    /// Signs with `payer` (fee payer) and `signers`, sends, and waits for the outcome.
    fn send(
        &mut self,
        instructions: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt, SdkError>;

    /// Sends transactions that do not depend on one another (the chunks of a program buffer), in
    /// any order, all signed by `payer` and `signers`; returns when every one has landed, or with
    /// the first failure. A cluster backend keeps them in flight together.
    fn send_independent(
        &mut self,
        transactions: &[Vec<Instruction>],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Vec<Receipt>, SdkError> {
        transactions
            .iter()
            .map(|instructions| self.send(instructions, payer, signers))
            .collect()
    }

    /// Cluster time (Clock sysvar), unix seconds.
    fn unix_timestamp(&self) -> Result<i64, SdkError>;

    /// Gives `address` `lamports` (embedded ledger; an airdrop on test clusters).
    fn fund(&mut self, address: &Address, lamports: u64) -> Result<(), SdkError>;

    /// Lamports of `address`, 0 if it does not exist.
    fn balance(&self, address: &Address) -> Result<u64, SdkError> {
        Ok(self.account(address)?.map_or(0, |a| a.lamports))
    }
}

/// The fee payer first, then the other signers without repeating the payer.
pub(crate) fn signer_list<'a>(payer: &'a Keypair, signers: &[&'a Keypair]) -> Vec<&'a Keypair> {
    let mut all = vec![payer];
    all.extend(
        signers
            .iter()
            .copied()
            .filter(|s| s.pubkey() != payer.pubkey()),
    );
    all
}

/// Turns a transaction error into an [`SdkError`]. A custom error of one of our programs (`ids`)
/// is decoded with the table of the program whose instruction failed (`instructions` as sent);
/// another program's custom error is left as it is, with its log line.
pub fn decode_transaction_error(
    err: &TransactionError,
    logs: &[String],
    instructions: &[Instruction],
    ids: &ProgramIds,
) -> SdkError {
    if let TransactionError::InstructionError(index, InstructionError::Custom(code)) = err {
        let failing = instructions.get(usize::from(*index)).and_then(|ix| {
            crate::governance::GovernedProgram::ALL
                .into_iter()
                .find(|p| p.id(ids) == ix.program_id)
        });
        if let Some(decoded) = failing.and_then(|p| SdkError::from_program_code(p, *code)) {
            return decoded;
        }
    }
    let last_log = logs
        .iter()
        .rev()
        .find(|l| l.contains("failed") || l.contains("Error"))
        .cloned();
    match last_log {
        Some(log) => SdkError::Transaction(format!("{err} ({log})")),
        None => SdkError::Transaction(err.to_string()),
    }
}
