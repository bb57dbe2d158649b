//! A ledger that keeps a journal of what it sent: which instructions, compute units, fees. The
//! demo and cost reports read the journal; every call still goes to the one inner backend.

use super::{Ledger, Receipt};
use crate::{programs::instruction_name, programs::ProgramIds, SdkError};
use solana_account::Account;
use solana_address::Address;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use std::{cell::RefCell, rc::Rc};

/// One landed transaction.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Sent {
    /// `program.instruction` of each instruction ([`instruction_name`]).
    pub instructions: Vec<String>,
    pub receipt: Receipt,
}

/// The journal, shared between the [`Recorder`] and whoever reads it.
#[derive(Clone, Default)]
pub struct Journal(Rc<RefCell<Vec<Sent>>>);

impl Journal {
    /// Everything recorded since the last call.
    pub fn take(&self) -> Vec<Sent> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

/// Wraps a backend and records every transaction that lands (failed ones are not recorded).
pub struct Recorder {
    inner: Box<dyn Ledger>,
    ids: ProgramIds,
    journal: Journal,
}

impl Recorder {
    pub fn new(inner: Box<dyn Ledger>, ids: ProgramIds) -> (Self, Journal) {
        let journal = Journal::default();
        let recorder = Recorder {
            inner,
            ids,
            journal: journal.clone(),
        };
        (recorder, journal)
    }
}

impl Recorder {
    fn record(&self, instructions: &[Instruction], receipt: &Receipt) {
        self.journal.0.borrow_mut().push(Sent {
            instructions: instructions
                .iter()
                .map(|ix| instruction_name(&self.ids, ix))
                .collect(),
            receipt: receipt.clone(),
        });
    }
}

impl Ledger for Recorder {
    fn account(&self, address: &Address) -> Result<Option<Account>, SdkError> {
        self.inner.account(address)
    }

    fn program_accounts(&self, program: &Address) -> Result<Vec<(Address, Account)>, SdkError> {
        self.inner.program_accounts(program)
    }

    fn send(
        &mut self,
        instructions: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt, SdkError> {
        let receipt = self.inner.send(instructions, payer, signers)?;
        self.record(instructions, &receipt);
        Ok(receipt)
    }

    fn send_independent(
        &mut self,
        transactions: &[Vec<Instruction>],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Vec<Receipt>, SdkError> {
        let receipts = self.inner.send_independent(transactions, payer, signers)?;
        for (instructions, receipt) in transactions.iter().zip(&receipts) {
            self.record(instructions, receipt);
        }
        Ok(receipts)
    }

    fn unix_timestamp(&self) -> Result<i64, SdkError> {
        self.inner.unix_timestamp()
    }

    fn fund(&mut self, address: &Address, lamports: u64) -> Result<(), SdkError> {
        self.inner.fund(address, lamports)
    }

    fn balance(&self, address: &Address) -> Result<u64, SdkError> {
        self.inner.balance(address)
    }
}
