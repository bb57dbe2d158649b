//! [`EidCommitments`]: the eid-commitment calls the CLI and the demo make, over any [`Ledger`].

use super::{accounts::*, instructions as ixs, pda, proof::EidProofFile};
use crate::{
    cert_registry::accounts::{decode, read},
    client::{Ledger, Receipt},
    SdkError,
};
use eid_commitment::state::{AccountLayout, EidCommitment, EidConfig};
use solana_address::Address;
use solana_keypair::Keypair;
use solana_signer::Signer;

pub use ixs::{EidVerifyingKeyArgs, RegisterCommitmentArgs};

/// The eid-commitment program at `program_id`, reading EUM roots from the registry at
/// `registry_program`.
pub struct EidCommitments<'a, L: Ledger + ?Sized> {
    pub ledger: &'a mut L,
    pub program_id: Address,
    pub registry_program: Address,
}

impl<'a, L: Ledger + ?Sized> EidCommitments<'a, L> {
    pub fn new(ledger: &'a mut L, program_id: Address, registry_program: Address) -> Self {
        EidCommitments {
            ledger,
            program_id,
            registry_program,
        }
    }

    // --- governance -------------------------------------------------------------------------

    /// Sets the program up, signed by its `upgrade_authority` (the key that deployed it, often the
    /// payer): nobody else can.
    pub fn initialize(
        &mut self,
        payer: &Keypair,
        upgrade_authority: &Keypair,
        authority: &Address,
        vk: &EidVerifyingKeyArgs,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::initialize_config(
            &self.program_id,
            &payer.pubkey(),
            &upgrade_authority.pubkey(),
            authority,
            &self.registry_program,
            vk,
        );
        self.ledger.send(&[ix], payer, &[upgrade_authority])
    }

    pub fn set_verifying_key(
        &mut self,
        authority: &Keypair,
        vk: &EidVerifyingKeyArgs,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::set_verifying_key(&self.program_id, &authority.pubkey(), vk);
        self.ledger.send(&[ix], authority, &[])
    }

    pub fn set_paused(&mut self, authority: &Keypair, paused: bool) -> Result<Receipt, SdkError> {
        let ix = ixs::set_paused(&self.program_id, &authority.pubkey(), paused);
        self.ledger.send(&[ix], authority, &[])
    }

    pub fn set_purposes(
        &mut self,
        authority: &Keypair,
        purposes: u64,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::set_purposes(&self.program_id, &authority.pubkey(), purposes);
        self.ledger.send(&[ix], authority, &[])
    }

    pub fn propose_authority(
        &mut self,
        authority: &Keypair,
        new_authority: &Address,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::propose_authority(&self.program_id, &authority.pubkey(), new_authority);
        self.ledger.send(&[ix], authority, &[])
    }

    pub fn accept_authority(&mut self, new_authority: &Keypair) -> Result<Receipt, SdkError> {
        let ix = ixs::accept_authority(&self.program_id, &new_authority.pubkey());
        self.ledger.send(&[ix], new_authority, &[])
    }

    // --- commitments ------------------------------------------------------------------------

    pub fn register(
        &mut self,
        owner: &Keypair,
        args: &RegisterCommitmentArgs,
    ) -> Result<(Receipt, Address), SdkError> {
        let ix = ixs::register_commitment(
            &self.program_id,
            &owner.pubkey(),
            &self.registry_program,
            args,
        );
        let receipt = self.ledger.send(&[ix], owner, &[])?;
        Ok((
            receipt,
            pda::eid_commitment(&self.program_id, &args.nullifier).0,
        ))
    }

    /// Registers the commitment of a proof file; the file must be bound to `owner`.
    pub fn register_proof_file(
        &mut self,
        owner: &Keypair,
        file: &EidProofFile,
    ) -> Result<(Receipt, Address), SdkError> {
        check_owner(file, owner)?;
        self.register(owner, &file.register_args()?)
    }

    /// Replaces the commitment with the one in `file` (a proof for the same EID and purpose with
    /// a new salt).
    pub fn rotate_proof_file(
        &mut self,
        owner: &Keypair,
        file: &EidProofFile,
    ) -> Result<(Receipt, Address), SdkError> {
        self.renew_proof_file(owner, file, ixs::rotate_commitment)
    }

    /// Takes the commitment of `file`'s EID and purpose over from its owner: `file` is a proof by
    /// the chip's current holder, `holder`, with a binding newer than the record's.
    pub fn take_over_proof_file(
        &mut self,
        holder: &Keypair,
        file: &EidProofFile,
    ) -> Result<(Receipt, Address), SdkError> {
        self.renew_proof_file(holder, file, ixs::take_over_commitment)
    }

    /// Sends the renewal `builder` makes from `file`, signed by the key the file is bound to.
    fn renew_proof_file(
        &mut self,
        signer: &Keypair,
        file: &EidProofFile,
        builder: fn(
            &Address,
            &Address,
            &Address,
            &ixs::RenewalArgs,
        ) -> solana_instruction::Instruction,
    ) -> Result<(Receipt, Address), SdkError> {
        check_owner(file, signer)?;
        let args = file.renewal_args()?;
        let address = pda::eid_commitment(&self.program_id, &args.nullifier).0;
        let ix = builder(
            &self.program_id,
            &signer.pubkey(),
            &self.registry_program,
            &args,
        );
        Ok((self.ledger.send(&[ix], signer, &[])?, address))
    }

    pub fn revoke(
        &mut self,
        owner: &Keypair,
        eid_commitment: &Address,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::revoke_commitment(&self.program_id, &owner.pubkey(), eid_commitment);
        self.ledger.send(&[ix], owner, &[])
    }

    // --- reads ------------------------------------------------------------------------------

    fn read<T: AccountLayout + Copy>(
        &self,
        address: &Address,
        kind: &'static str,
    ) -> Result<Option<T>, SdkError> {
        read(&*self.ledger, &self.program_id, address, kind)
    }

    pub fn config(&self) -> Result<Option<EidConfigView>, SdkError> {
        let address = pda::config(&self.program_id).0;
        Ok(self
            .read::<EidConfig>(&address, "EidConfig")?
            .map(|c| EidConfigView::new(&address, &c)))
    }

    pub fn commitment(&self, address: &Address) -> Result<Option<EidCommitmentView>, SdkError> {
        Ok(self
            .read::<EidCommitment>(address, "EidCommitment")?
            .map(|c| EidCommitmentView::new(address, &c)))
    }

    /// The commitment registered for `nullifier`, if any.
    pub fn commitment_for(
        &self,
        nullifier: &[u8; 32],
    ) -> Result<Option<EidCommitmentView>, SdkError> {
        self.commitment(&pda::eid_commitment(&self.program_id, nullifier).0)
    }

    /// Whether the nullifier is used (the EID registered for that purpose, even if revoked since).
    pub fn nullifier_used(&self, nullifier: &[u8; 32]) -> Result<bool, SdkError> {
        Ok(self
            .ledger
            .account(&pda::nullifier(&self.program_id, nullifier).0)?
            .is_some_and(|a| a.owner == self.program_id))
    }

    /// Every commitment `owner` holds.
    pub fn commitments_of(&self, owner: &Address) -> Result<Vec<EidCommitmentView>, SdkError> {
        let mut out = Vec::new();
        for (address, account) in self.ledger.program_accounts(&self.program_id)? {
            if account.data.starts_with(&EidCommitment::DISCRIMINATOR) {
                let c =
                    decode::<EidCommitment>(&self.program_id, &address, &account, "EidCommitment")?;
                if c.owner == owner.to_bytes() {
                    out.push(EidCommitmentView::new(&address, &c));
                }
            }
        }
        out.sort_by(|a, b| a.address.cmp(&b.address));
        Ok(out)
    }
}

fn check_owner(file: &EidProofFile, owner: &Keypair) -> Result<(), SdkError> {
    if file.owner != owner.pubkey().to_string() {
        return Err(SdkError::InvalidInput(format!(
            "the proof is bound to {}, but the signer is {}: prove again with this key",
            file.owner,
            owner.pubkey()
        )));
    }
    Ok(())
}
