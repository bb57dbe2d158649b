//! The embedded ledger: litesvm running the real `.so` files in-process, with its state saved in a
//! directory so that successive CLI commands build on each other.
//!
//! litesvm keeps no state on disk, so this backend snapshots every account a transaction
//! touched (and every account funded through it) into `ledger.bin` after each call and replays them
//! into a fresh SVM on open. The clock follows wall time (never going backwards), so validity
//! windows of real certificates mean what they say.
//!
//! The programs are loaded as the upgradeable loader leaves them after a deploy. Their upgrade
//! authority, the only key that can set them up, is the ledger's deployer: the key named when the
//! ledger is created ([`EmbeddedLedger::open_deployed_by`]), else one the ledger makes for itself
//! (`deployer.json` in its directory), kept in the saved state and followed when a transaction
//! changes it.

use super::{decode_transaction_error, signer_list, Ledger, Receipt};
use crate::{
    programs::{program_files_of, ProgramBuild, ProgramIds},
    SdkError,
};
use litesvm::LiteSVM;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use solana_account::Account;
use solana_address::Address;
use solana_clock::Clock;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_message::Message;
use solana_signer::Signer;
use solana_transaction::Transaction;
use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    time::{SystemTime, UNIX_EPOCH},
};

const STATE_FILE: &str = "ledger.bin";
/// The keypair of a ledger's own deployer, in its directory.
pub const DEPLOYER_FILE: &str = "deployer.json";
/// Bytes of a ProgramData account's header: tag, slot, then the upgrade authority option at 12.
const PROGRAMDATA_HEADER: usize = 45;
const STATE_VERSION: u32 = 3;
/// Entries the SlotHashes sysvar holds, as on a cluster.
const SLOT_HASHES_ENTRIES: usize = 512;

#[derive(Serialize, Deserialize, Default)]
struct SavedState {
    version: u32,
    slot: u64,
    unix_timestamp: i64,
    accounts: BTreeMap<[u8; 32], SavedAccount>,
    /// The SlotHashes sysvar's entries, newest first: `(slot, hash)` of each slot before the
    /// current one, a hash nobody can know before its slot.
    slot_hashes: Vec<(u64, [u8; 32])>,
    /// Secret of this ledger's slot hashes. Whoever reads the saved state can compute future slot
    /// hashes (and so sign bindings in advance): a local, single-user ledger, not a cluster.
    slot_seed: [u8; 32],
    /// Upgrade authority of each program (the ledger's deployer at first); a program missing is
    /// immutable.
    upgrade_authorities: BTreeMap<[u8; 32], [u8; 32]>,
}

/// The state as version 2 saved it (before the programs had an upgrade authority).
#[derive(Deserialize)]
struct SavedStateV2 {
    _version: u32,
    slot: u64,
    unix_timestamp: i64,
    accounts: BTreeMap<[u8; 32], SavedAccount>,
    slot_hashes: Vec<(u64, [u8; 32])>,
    slot_seed: [u8; 32],
}

#[derive(Serialize, Deserialize, Clone)]
struct SavedAccount {
    lamports: u64,
    data: Vec<u8>,
    owner: [u8; 32],
    executable: bool,
}

/// litesvm with our programs loaded, optionally persisted in a directory.
pub struct EmbeddedLedger {
    svm: LiteSVM,
    dir: Option<PathBuf>,
    state: SavedState,
    program_ids: Vec<Address>,
    /// Whose errors a refusal is decoded with.
    ids: ProgramIds,
}

impl EmbeddedLedger {
    /// An in-memory ledger with none of our programs (the SPL programs and precompiles only): a
    /// stand-in cluster for deployment.
    pub fn in_memory_empty() -> Self {
        let mut ledger = EmbeddedLedger {
            svm: LiteSVM::new(),
            dir: None,
            state: SavedState::default(),
            program_ids: Vec::new(),
            ids: ProgramIds::default(),
        };
        ledger.state.version = STATE_VERSION;
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut ledger.state.slot_seed);
        ledger.sync_clock();
        ledger
    }

    /// An in-memory ledger with the programs from `deploy_dir` (`<name>.so` files) loaded.
    pub fn in_memory(deploy_dir: &Path, ids: &ProgramIds) -> Result<Self, SdkError> {
        Self::in_memory_build(deploy_dir, ids, ProgramBuild::Release)
    }

    /// [`Self::in_memory`] with the programs of `build`.
    pub fn in_memory_build(
        deploy_dir: &Path,
        ids: &ProgramIds,
        build: ProgramBuild,
    ) -> Result<Self, SdkError> {
        let mut ledger = Self::in_memory_empty();
        ledger.ids = *ids;
        for (id, name) in program_files_of(ids, build) {
            let path = deploy_dir.join(format!("{name}.so"));
            let bytes = std::fs::read(&path).map_err(|e| {
                SdkError::Ledger(format!(
                    "cannot read program {}: {e} (run `make build` first)",
                    path.display()
                ))
            })?;
            ledger
                .svm
                .add_program(id, &bytes)
                .map_err(|e| SdkError::Ledger(format!("cannot load {}: {e:?}", path.display())))?;
            ledger.program_ids.push(id);
        }
        Ok(ledger)
    }

    /// Opens (or creates) the ledger persisted in `dir`.
    pub fn open(dir: &Path, deploy_dir: &Path, ids: &ProgramIds) -> Result<Self, SdkError> {
        Self::open_deployed_by(dir, deploy_dir, ids, None)
    }

    /// [`Self::open`]; a ledger created now has `deployer` as its programs' upgrade authority, or
    /// without one a key of its own ([`DEPLOYER_FILE`] in `dir`). An existing ledger keeps its own.
    pub fn open_deployed_by(
        dir: &Path,
        deploy_dir: &Path,
        ids: &ProgramIds,
        deployer: Option<&Address>,
    ) -> Result<Self, SdkError> {
        let mut ledger = Self::in_memory(deploy_dir, ids)?;
        std::fs::create_dir_all(dir)
            .map_err(|e| SdkError::Ledger(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join(STATE_FILE);
        let upgrade_authority = |deployer: Option<&Address>| match deployer {
            Some(key) => Ok(*key),
            None => Self::own_deployer(dir),
        };
        if path.exists() {
            let bytes = std::fs::read(&path)
                .map_err(|e| SdkError::Ledger(format!("cannot read {}: {e}", path.display())))?;
            let not_state = |e: bincode::Error| {
                SdkError::Ledger(format!(
                    "{} is not a ledger state ({e}); remove the directory to start afresh",
                    path.display()
                ))
            };
            let version = bytes.first_chunk::<4>().map(|v| u32::from_le_bytes(*v));
            let state = match version {
                // Programs then had no upgrade authority: the deployer becomes theirs.
                Some(2) => {
                    let old: SavedStateV2 = bincode::deserialize(&bytes).map_err(not_state)?;
                    SavedState {
                        version: STATE_VERSION,
                        slot: old.slot,
                        unix_timestamp: old.unix_timestamp,
                        accounts: old.accounts,
                        slot_hashes: old.slot_hashes,
                        slot_seed: old.slot_seed,
                        upgrade_authorities: ledger.all_programs(&upgrade_authority(deployer)?),
                    }
                }
                _ => bincode::deserialize::<SavedState>(&bytes).map_err(not_state)?,
            };
            if state.version != STATE_VERSION {
                return Err(SdkError::Ledger(format!(
                    "{} has state version {}, this build reads {STATE_VERSION}",
                    path.display(),
                    state.version
                )));
            }
            for (address, saved) in &state.accounts {
                // Program accounts and ProgramData come from the .so files.
                if saved.owner != crate::deploy::LOADER.to_bytes() {
                    ledger.restore(Address::new_from_array(*address), saved)?;
                }
            }
            ledger.state = state;
        } else {
            ledger.state.upgrade_authorities = ledger.all_programs(&upgrade_authority(deployer)?);
        }
        ledger.dir = Some(dir.to_path_buf());
        ledger.write_upgrade_authorities()?;
        ledger.sync_clock();
        Ok(ledger)
    }

    /// Direct access to the SVM (tests, benchmarks).
    pub fn svm(&mut self) -> &mut LiteSVM {
        &mut self.svm
    }

    /// Sets the cluster clock (tests of validity windows).
    pub fn set_unix_timestamp(&mut self, unix_timestamp: i64) {
        let mut clock: Clock = self.svm.get_sysvar();
        clock.unix_timestamp = unix_timestamp;
        self.svm.set_sysvar(&clock);
        self.state.unix_timestamp = unix_timestamp;
    }

    /// `authority` for every loaded program.
    fn all_programs(&self, authority: &Address) -> BTreeMap<[u8; 32], [u8; 32]> {
        self.program_ids
            .iter()
            .map(|id| (id.to_bytes(), authority.to_bytes()))
            .collect()
    }

    /// The ledger's own deployer in `dir` ([`DEPLOYER_FILE`]), made now if there is none (and only
    /// then: a file that cannot be read is an error, never replaced). Readable by its owner only.
    fn own_deployer(dir: &Path) -> Result<Address, SdkError> {
        let path = dir.join(DEPLOYER_FILE);
        let unreadable =
            |e: String| SdkError::Ledger(format!("{} is not a keypair file: {e}", path.display()));
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let bytes: Vec<u8> =
                    serde_json::from_str(&text).map_err(|e| unreadable(e.to_string()))?;
                let keypair =
                    Keypair::try_from(bytes.as_slice()).map_err(|e| unreadable(e.to_string()))?;
                return Ok(keypair.pubkey());
            }
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(unreadable(e.to_string()))
            }
            Err(_) => {}
        }
        let keypair = Keypair::new();
        let text = serde_json::to_string(&keypair.to_bytes().to_vec())
            .map_err(|e| SdkError::Ledger(e.to_string()))?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options
            .open(&path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
        match written {
            Ok(()) => Ok(keypair.pubkey()),
            // Another process made it first: that one is the deployer.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Self::own_deployer(dir),
            Err(e) => Err(SdkError::Ledger(format!(
                "cannot write {}: {e}",
                path.display()
            ))),
        }
    }

    /// Makes `authority` the upgrade authority of every loaded program (`None`: immutable), as
    /// the deployer of a cluster would be: the key that can set them up.
    pub fn set_upgrade_authority(&mut self, authority: Option<&Address>) -> Result<(), SdkError> {
        self.state.upgrade_authorities = match authority {
            Some(key) => self.all_programs(key),
            None => BTreeMap::new(),
        };
        self.write_upgrade_authorities()?;
        self.save()
    }

    /// Writes each program's recorded upgrade authority into its ProgramData account.
    fn write_upgrade_authorities(&mut self) -> Result<(), SdkError> {
        const AUTHORITY_OPTION_AT: usize = 12;
        for id in self.program_ids.clone() {
            let authority = self
                .state
                .upgrade_authorities
                .get(&id.to_bytes())
                .map(|key| Address::new_from_array(*key));
            let address = crate::deploy::programdata_address(&id);
            let mut account = self
                .svm
                .get_account(&address)
                .filter(|a| a.owner == crate::deploy::LOADER && a.data.len() >= PROGRAMDATA_HEADER)
                .ok_or_else(|| {
                    SdkError::Ledger(format!("program {id} has no ProgramData account"))
                })?;
            let header = &mut account.data[AUTHORITY_OPTION_AT..PROGRAMDATA_HEADER];
            match authority {
                Some(key) => {
                    header[0] = 1;
                    header[1..].copy_from_slice(key.as_ref());
                }
                None => header.fill(0),
            }
            self.svm
                .set_account(address, account)
                .map_err(|e| SdkError::Ledger(format!("cannot set {address}: {e:?}")))?;
        }
        Ok(())
    }

    /// `program`'s upgrade authority (`None`: immutable, or not one of the loaded programs).
    pub fn upgrade_authority(&self, program: &Address) -> Option<Address> {
        self.state
            .upgrade_authorities
            .get(&program.to_bytes())
            .map(|key| Address::new_from_array(*key))
    }

    fn restore(&mut self, address: Address, saved: &SavedAccount) -> Result<(), SdkError> {
        let account = Account {
            lamports: saved.lamports,
            data: saved.data.clone(),
            owner: Address::new_from_array(saved.owner),
            executable: saved.executable,
            rent_epoch: u64::MAX,
        };
        self.svm
            .set_account(address, account)
            .map_err(|e| SdkError::Ledger(format!("cannot restore account {address}: {e:?}")))
    }

    /// Advances the slot and brings the clock up to wall time (never backwards); the slot left
    /// behind enters the SlotHashes sysvar.
    fn sync_clock(&mut self) {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let finished = self.state.slot;
        let hash: [u8; 32] = sha2::Sha256::new()
            .chain_update(self.state.slot_seed)
            .chain_update(finished.to_le_bytes())
            .finalize()
            .into();
        self.state.slot_hashes.insert(0, (finished, hash));
        self.state.slot_hashes.truncate(SLOT_HASHES_ENTRIES);
        self.write_slot_hashes();
        self.state.slot = self.state.slot.saturating_add(1);
        self.state.unix_timestamp = self.state.unix_timestamp.max(wall);
        let mut clock: Clock = self.svm.get_sysvar();
        clock.slot = self.state.slot;
        clock.unix_timestamp = self.state.unix_timestamp;
        self.svm.set_sysvar(&clock);
    }

    /// The SlotHashes sysvar account from the saved entries (its bincode layout: a u64 count, then
    /// `(slot, hash)` pairs), at its full size as on a cluster.
    fn write_slot_hashes(&mut self) {
        let mut data = Vec::with_capacity(8 + SLOT_HASHES_ENTRIES * 40);
        data.extend((self.state.slot_hashes.len() as u64).to_le_bytes());
        for (slot, hash) in &self.state.slot_hashes {
            data.extend(slot.to_le_bytes());
            data.extend(hash);
        }
        data.resize(8 + SLOT_HASHES_ENTRIES * 40, 0);
        let rent = self.svm.minimum_balance_for_rent_exemption(data.len());
        let account = Account {
            lamports: rent,
            data,
            owner: solana_sdk_ids::sysvar::ID,
            executable: false,
            rent_epoch: u64::MAX,
        };
        // Setting a sysvar account of the right layout cannot fail.
        let _ = self
            .svm
            .set_account(solana_sdk_ids::sysvar::slot_hashes::ID, account);
    }

    fn remember(&mut self, address: &Address) {
        if self.program_ids.contains(address) {
            return;
        }
        // A transaction of the loader changed a program's upgrade authority: follow it.
        if let Some(program) = self
            .program_ids
            .iter()
            .find(|id| crate::deploy::programdata_address(id) == *address)
            .map(Address::to_bytes)
        {
            if let Some(header) = self
                .svm
                .get_account(address)
                .and_then(|a| a.data.get(12..PROGRAMDATA_HEADER).map(<[u8]>::to_vec))
            {
                match header.split_first() {
                    Some((1, key)) => {
                        if let Ok(key) = <[u8; 32]>::try_from(key) {
                            self.state.upgrade_authorities.insert(program, key);
                        }
                    }
                    _ => {
                        self.state.upgrade_authorities.remove(&program);
                    }
                }
            }
            return;
        }
        match self.svm.get_account(address) {
            // Program accounts and ProgramData come from the .so files at every open.
            Some(a)
                if !a.executable
                    && a.owner != solana_sdk_ids::sysvar::ID
                    && a.owner != crate::deploy::LOADER =>
            {
                self.state.accounts.insert(
                    address.to_bytes(),
                    SavedAccount {
                        lamports: a.lamports,
                        data: a.data,
                        owner: a.owner.to_bytes(),
                        executable: false,
                    },
                );
            }
            Some(_) => {}
            None => {
                self.state.accounts.remove(&address.to_bytes());
            }
        }
    }

    fn save(&self) -> Result<(), SdkError> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let bytes = bincode::serialize(&self.state).map_err(|e| SdkError::Ledger(e.to_string()))?;
        let path = dir.join(STATE_FILE);
        let tmp = dir.join(format!("{STATE_FILE}.tmp"));
        std::fs::write(&tmp, bytes)
            .and_then(|_| std::fs::rename(&tmp, &path))
            .map_err(|e| SdkError::Ledger(format!("cannot save {}: {e}", path.display())))
    }
}

impl Ledger for EmbeddedLedger {
    fn account(&self, address: &Address) -> Result<Option<Account>, SdkError> {
        Ok(self
            .svm
            .get_account(address)
            .filter(|a| a.lamports > 0 || !a.data.is_empty()))
    }

    fn program_accounts(&self, program: &Address) -> Result<Vec<(Address, Account)>, SdkError> {
        Ok(self.svm.get_program_accounts(program))
    }

    fn send(
        &mut self,
        instructions: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt, SdkError> {
        let all_signers = signer_list(payer, signers);
        let message = Message::new(instructions, Some(&payer.pubkey()));
        let keys = message.account_keys.clone();
        let tx = Transaction::new(&all_signers, message, self.svm.latest_blockhash());
        let outcome = self.svm.send_transaction(tx);
        self.svm.expire_blockhash();
        match outcome {
            Ok(meta) => {
                for key in &keys {
                    self.remember(key);
                }
                self.sync_clock();
                self.save()?;
                Ok(Receipt {
                    signature: meta.signature,
                    compute_units: meta.compute_units_consumed,
                    fee: meta.fee,
                    logs: meta.logs,
                })
            }
            Err(failed) => {
                // A failed transaction still charges its fee.
                self.remember(&payer.pubkey());
                self.save()?;
                Err(decode_transaction_error(
                    &failed.err,
                    &failed.meta.logs,
                    instructions,
                    &self.ids,
                ))
            }
        }
    }

    fn unix_timestamp(&self) -> Result<i64, SdkError> {
        Ok(self.svm.get_sysvar::<Clock>().unix_timestamp)
    }

    fn fund(&mut self, address: &Address, lamports: u64) -> Result<(), SdkError> {
        self.svm
            .airdrop(address, lamports)
            .map_err(|e| SdkError::Ledger(format!("airdrop to {address} failed: {:?}", e.err)))?;
        self.remember(address);
        self.save()
    }
}
