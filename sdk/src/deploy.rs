//! Deploying a program with the upgradeable loader (BPF loader v3) through any [`Ledger`]: a
//! buffer written in chunks, then `DeployWithMaxDataLen`; or, for a program already there with
//! other bytes, an upgrade from a buffer. A program whose bytes are already deployed is left
//! alone, so running a deployment twice changes nothing.

use crate::{client::Ledger, SdkError};
use solana_address::Address;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_loader_v3_interface::instruction as loader;
use solana_signer::Signer;

/// The upgradeable loader.
pub const LOADER: Address = solana_sdk_ids::bpf_loader_upgradeable::ID;
/// Bytes of a buffer account before the program (its state: tag and authority).
const BUFFER_METADATA: usize = 37;
/// Bytes of a program-data account before the program (tag, slot, authority).
const PROGRAMDATA_METADATA: usize = 45;
/// Program bytes per `Write` transaction (fits the 1,232-byte packet with two signatures).
const CHUNK: usize = 900;

/// What [`deploy_program`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeployOutcome {
    Deployed,
    Upgraded,
    Unchanged,
}

/// The program-data account of `program`.
pub fn programdata_address(program: &Address) -> Address {
    Address::find_program_address(&[program.as_ref()], &LOADER).0
}

/// The bytes deployed at `program`, if it is an upgradeable program.
pub fn deployed_bytes<L: Ledger + ?Sized>(
    ledger: &L,
    program: &Address,
) -> Result<Option<Vec<u8>>, SdkError> {
    let Some(account) = ledger.account(program)? else {
        return Ok(None);
    };
    if account.owner != LOADER || !account.executable {
        return Err(SdkError::InvalidAccount {
            address: program.to_string(),
            kind: "upgradeable program",
            reason: "exists but is not a program of the upgradeable loader".into(),
        });
    }
    Ok(ledger.account(&programdata_address(program))?.map(|data| {
        data.data
            .get(PROGRAMDATA_METADATA..)
            .unwrap_or_default()
            .to_vec()
    }))
}

/// Writes `elf` into a fresh buffer whose authority is `authority`; returns the buffer.
fn write_buffer<L: Ledger + ?Sized>(
    ledger: &mut L,
    payer: &Keypair,
    authority: &Keypair,
    elf: &[u8],
) -> Result<Address, SdkError> {
    let buffer = Keypair::new();
    let lamports = solana_rent::Rent::default().minimum_balance(BUFFER_METADATA + elf.len());
    let create = loader::create_buffer(
        &payer.pubkey(),
        &buffer.pubkey(),
        &authority.pubkey(),
        lamports,
        elf.len(),
    )
    .map_err(|e| SdkError::InvalidInput(format!("buffer: {e}")))?;
    ledger.send(&create, payer, &[&buffer])?;
    let writes: Vec<Vec<Instruction>> = elf
        .chunks(CHUNK)
        .enumerate()
        .map(|(i, chunk)| {
            vec![loader::write(
                &buffer.pubkey(),
                &authority.pubkey(),
                (i * CHUNK) as u32,
                chunk.to_vec(),
            )]
        })
        .collect();
    ledger.send_independent(&writes, payer, &[authority])?;
    Ok(buffer.pubkey())
}

/// Deploys `elf` at the address of `program` (its keypair signs the first deployment), with
/// `authority` as upgrade authority and room for programs twice the size; upgrades a program that
/// holds other bytes; leaves one that holds these bytes alone.
pub fn deploy_program<L: Ledger + ?Sized>(
    ledger: &mut L,
    payer: &Keypair,
    authority: &Keypair,
    program: &Keypair,
    elf: &[u8],
) -> Result<DeployOutcome, SdkError> {
    let id = program.pubkey();
    match deployed_bytes(ledger, &id)? {
        Some(bytes) => {
            let same = bytes.len() >= elf.len()
                && bytes[..elf.len()] == *elf
                && bytes[elf.len()..].iter().all(|&b| b == 0);
            if same {
                return Ok(DeployOutcome::Unchanged);
            }
            if bytes.len() < elf.len() {
                let extend = loader::extend_program(
                    &id,
                    Some(&payer.pubkey()),
                    (elf.len() - bytes.len()) as u32,
                );
                ledger.send(&[extend], payer, &[])?;
            }
            let buffer = write_buffer(ledger, payer, authority, elf)?;
            let upgrade: Instruction =
                loader::upgrade(&id, &buffer, &authority.pubkey(), &payer.pubkey());
            ledger.send(&[upgrade], payer, &[authority])?;
            Ok(DeployOutcome::Upgraded)
        }
        None => {
            let buffer = write_buffer(ledger, payer, authority, elf)?;
            let lamports = solana_rent::Rent::default().minimum_balance(36);
            let deploy = loader::deploy_with_max_program_len(
                &payer.pubkey(),
                &id,
                &buffer,
                &authority.pubkey(),
                lamports,
                elf.len() * 2,
            )
            .map_err(|e| SdkError::InvalidInput(format!("deploy: {e}")))?;
            ledger.send(&deploy, payer, &[program, authority])?;
            Ok(DeployOutcome::Deployed)
        }
    }
}
