//! The RPC backend: a real cluster (localnet validator, devnet, mainnet) through JSON-RPC.
//!
//! Each transaction is simulated first: a transaction that would fail is reported with our
//! program's decoded error and costs nothing, and the simulation gives the compute units. Then it
//! is sent and confirmed at the configured commitment.

use super::{decode_transaction_error, signer_list, Ledger, Receipt};
use crate::programs::ProgramIds;
use crate::SdkError;
use solana_account::Account;
use solana_address::Address;
use solana_clock::Clock;
use solana_commitment_config::CommitmentConfig;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_message::Message;
use solana_rpc_client::rpc_client::RpcClient;
use solana_signer::Signer;
use solana_transaction::{Transaction, TransactionError};

pub struct RpcLedger {
    client: RpcClient,
    /// Whose errors a refusal is decoded with.
    ids: ProgramIds,
}

impl RpcLedger {
    /// Connects to `url` (an RPC endpoint) at `confirmed` commitment.
    pub fn new(url: &str) -> Self {
        RpcLedger {
            client: RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed()),
            ids: ProgramIds::default(),
        }
    }

    /// The OpenRSP program ids of this cluster, if not those of `Anchor.toml`: a refusal is
    /// decoded with the errors of the program whose instruction failed.
    pub fn with_program_ids(mut self, ids: ProgramIds) -> Self {
        self.ids = ids;
        self
    }

    pub fn client(&self) -> &RpcClient {
        &self.client
    }
}

impl RpcLedger {
    /// Signs `instructions` with `blockhash` and simulates them: a transaction that would fail
    /// is refused here with the program's decoded error, before it costs anything. The receipt
    /// carries the simulation's compute units and logs, and the fee the cluster quotes.
    fn signed_and_simulated(
        &self,
        instructions: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
        blockhash: solana_hash::Hash,
    ) -> Result<(Transaction, Receipt), SdkError> {
        let message = Message::new_with_blockhash(instructions, Some(&payer.pubkey()), &blockhash);
        let fee = self.client.get_fee_for_message(&message).map_err(rpc_err)?;
        let tx = Transaction::new(signers, message, blockhash);
        let simulation = self
            .client
            .simulate_transaction(&tx)
            .map_err(rpc_err)?
            .value;
        let logs = simulation.logs.unwrap_or_default();
        if let Some(err) = simulation.err {
            return Err(decode_transaction_error(
                &TransactionError::from(err),
                &logs,
                instructions,
                &self.ids,
            ));
        }
        let receipt = Receipt {
            signature: tx.signatures[0],
            compute_units: simulation.units_consumed.unwrap_or(0),
            fee,
            logs,
        };
        Ok((tx, receipt))
    }
}

fn rpc_err(e: impl std::fmt::Display) -> SdkError {
    SdkError::Rpc(e.to_string())
}

impl Ledger for RpcLedger {
    fn account(&self, address: &Address) -> Result<Option<Account>, SdkError> {
        Ok(self
            .client
            .get_account_with_commitment(address, self.client.commitment())
            .map_err(rpc_err)?
            .value)
    }

    fn program_accounts(&self, program: &Address) -> Result<Vec<(Address, Account)>, SdkError> {
        self.client.get_program_accounts(program).map_err(rpc_err)
    }

    fn send(
        &mut self,
        instructions: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt, SdkError> {
        let all_signers = signer_list(payer, signers);
        let blockhash = self.client.get_latest_blockhash().map_err(rpc_err)?;
        let (tx, receipt) =
            self.signed_and_simulated(instructions, payer, &all_signers, blockhash)?;
        self.client.send_and_confirm_transaction(&tx).map_err(|e| {
            match e.get_transaction_error() {
                Some(tx_err) => {
                    decode_transaction_error(&tx_err, &receipt.logs, instructions, &self.ids)
                }
                None => rpc_err(e),
            }
        })?;
        Ok(receipt)
    }

    /// Simulates each (a failure is reported before anything is sent), sends them all without
    /// waiting, then polls their statuses; those still unconfirmed when the blockhash expires are
    /// signed again with a new one and resent (an expired transaction can no longer land, so
    /// nothing lands twice).
    fn send_independent(
        &mut self,
        transactions: &[Vec<Instruction>],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Vec<Receipt>, SdkError> {
        const ATTEMPTS: usize = 5;
        let all_signers = signer_list(payer, signers);
        let mut receipts: Vec<Option<Receipt>> = vec![None; transactions.len()];
        let no_preflight = solana_rpc_client_api::config::RpcSendTransactionConfig {
            skip_preflight: true,
            ..Default::default()
        };
        for _ in 0..ATTEMPTS {
            let pending: Vec<usize> = (0..transactions.len())
                .filter(|&i| receipts[i].is_none())
                .collect();
            if pending.is_empty() {
                break;
            }
            let blockhash = self.client.get_latest_blockhash().map_err(rpc_err)?;
            let mut in_flight = Vec::with_capacity(pending.len());
            for i in pending {
                let (tx, receipt) =
                    self.signed_and_simulated(&transactions[i], payer, &all_signers, blockhash)?;
                self.client
                    .send_transaction_with_config(&tx, no_preflight)
                    .map_err(rpc_err)?;
                in_flight.push((i, receipt));
            }
            // Poll until all are confirmed; once the blockhash has expired, those the cluster
            // never saw cannot land any more and go round again with a new one.
            let mut seen = vec![false; transactions.len()];
            while !in_flight.is_empty() {
                std::thread::sleep(std::time::Duration::from_millis(400));
                let mut still = Vec::new();
                for chunk in in_flight.chunks(256) {
                    let signatures: Vec<_> = chunk.iter().map(|(_, r)| r.signature).collect();
                    let statuses = self
                        .client
                        .get_signature_statuses(&signatures)
                        .map_err(rpc_err)?
                        .value;
                    for ((i, receipt), status) in chunk.iter().zip(statuses) {
                        seen[*i] |= status.is_some();
                        match status {
                            Some(s) if s.satisfies_commitment(self.client.commitment()) => {
                                if let Some(err) = s.err {
                                    return Err(decode_transaction_error(
                                        &err,
                                        &receipt.logs,
                                        &transactions[*i],
                                        &self.ids,
                                    ));
                                }
                                receipts[*i] = Some(receipt.clone());
                            }
                            _ => still.push((*i, receipt.clone())),
                        }
                    }
                }
                let expired = !self
                    .client
                    .is_blockhash_valid(&blockhash, self.client.commitment())
                    .map_err(rpc_err)?;
                if expired {
                    still.retain(|(i, _)| seen[*i]);
                }
                in_flight = still;
            }
        }
        receipts
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                rpc_err(format!(
                    "transactions not confirmed after {ATTEMPTS} blockhashes"
                ))
            })
    }

    fn unix_timestamp(&self) -> Result<i64, SdkError> {
        let account = self
            .client
            .get_account(&solana_sdk_ids::sysvar::clock::ID)
            .map_err(rpc_err)?;
        let clock: Clock = bincode::deserialize(&account.data).map_err(rpc_err)?;
        Ok(clock.unix_timestamp)
    }

    fn fund(&mut self, address: &Address, lamports: u64) -> Result<(), SdkError> {
        let signature = self
            .client
            .request_airdrop(address, lamports)
            .map_err(rpc_err)?;
        self.client
            .poll_for_signature_with_commitment(&signature, self.client.commitment())
            .map_err(|e| {
                rpc_err(format!(
                    "airdrop not confirmed ({e}); fund {address} by hand on this cluster"
                ))
            })
    }
}
