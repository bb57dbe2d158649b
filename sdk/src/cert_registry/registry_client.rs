//! The registry's operations as one call each, over any [`Ledger`].

use super::possession::{sign_possession, PossessionRequest, PossessionSigner};
use super::{accounts::*, instructions as ixs, instructions::*, pda};
use crate::zk::{fr_be, fr_from_be};
use crate::{
    certificate::RspCertificate,
    client::{Ledger, Receipt},
    zk::ProofFile,
    SdkError,
};
use cert_registry::state::{
    CertificateRecord, EumTree, Registry, TrustAnchor, VerifyingKey, EUM_TREE_DEPTH,
};
use cert_registry::statement::Role;
use openrsp_circuits::merkle::MerkleTree;
use serde::Serialize;
use solana_address::Address;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// The cert-registry program at `program_id`, reached through `ledger`.
pub struct CertRegistry<'a, L: Ledger + ?Sized> {
    pub ledger: &'a mut L,
    pub program_id: Address,
}

/// What an LPA concludes about a certificate from the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LookupStatus {
    Valid,
    Revoked,
    Expired,
    NotYetValid,
    Unknown,
    /// Admitted under a verifying key governance has since retired (a flawed circuit or key).
    KeyRetired,
    /// Admitted under a trust anchor (CI) governance has since retired.
    AnchorRetired,
    /// Registered without a signature by the certificate's key (before the registry required
    /// one): anyone holding the public certificate could have made it.
    PossessionNotProven,
}

impl LookupStatus {
    /// The verdict on a record (or its absence) at cluster time `now`, from the record alone;
    /// [`CertRegistry::judge`] also honours the key and anchor that admitted it.
    pub fn judge(record: Option<&CertificateRecordView>, now: i64) -> LookupStatus {
        let now = now.max(0) as u64;
        match record {
            None => LookupStatus::Unknown,
            Some(r) if r.revoked => LookupStatus::Revoked,
            Some(r) if now < r.not_before => LookupStatus::NotYetValid,
            Some(r) if now > r.not_after => LookupStatus::Expired,
            Some(_) => LookupStatus::Valid,
        }
    }
}

impl std::fmt::Display for LookupStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LookupStatus::Valid => "valid",
            LookupStatus::Revoked => "revoked",
            LookupStatus::Expired => "expired",
            LookupStatus::NotYetValid => "not-yet-valid",
            LookupStatus::Unknown => "unknown",
            LookupStatus::KeyRetired => "admitted under a retired verifying key",
            LookupStatus::AnchorRetired => "admitted under a retired trust anchor",
            LookupStatus::PossessionNotProven => {
                "registered without proof of possession of the certificate's key"
            }
        })
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct CertificateLookup {
    pub status: LookupStatus,
    pub commitment: String,
    pub record_address: String,
    pub record: Option<CertificateRecordView>,
    /// Cluster time of the check.
    pub checked_at: i64,
}

impl<'a, L: Ledger + ?Sized> CertRegistry<'a, L> {
    pub fn new(ledger: &'a mut L, program_id: Address) -> Self {
        CertRegistry { ledger, program_id }
    }

    fn send_one(
        &mut self,
        ix: solana_instruction::Instruction,
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt, SdkError> {
        self.ledger.send(&[ix], payer, signers)
    }

    // --- governance -------------------------------------------------------------------------

    /// Sets the program up, signed by its `upgrade_authority` (the key that deployed it, often the
    /// payer): nobody else can.
    pub fn initialize(
        &mut self,
        payer: &Keypair,
        upgrade_authority: &Keypair,
        authority: &Address,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::initialize_registry(
            &self.program_id,
            &payer.pubkey(),
            &upgrade_authority.pubkey(),
            authority,
        );
        self.send_one(ix, payer, &[upgrade_authority])
    }

    pub fn propose_authority(
        &mut self,
        authority: &Keypair,
        new_authority: &Address,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::propose_authority(&self.program_id, &authority.pubkey(), new_authority);
        self.send_one(ix, authority, &[])
    }

    pub fn accept_authority(&mut self, new_authority: &Keypair) -> Result<Receipt, SdkError> {
        let ix = ixs::accept_authority(&self.program_id, &new_authority.pubkey());
        self.send_one(ix, new_authority, &[])
    }

    pub fn set_paused(&mut self, authority: &Keypair, paused: bool) -> Result<Receipt, SdkError> {
        let ix = ixs::set_paused(&self.program_id, &authority.pubkey(), paused);
        self.send_one(ix, authority, &[])
    }

    // --- trust anchors ----------------------------------------------------------------------

    /// Registers a CI root read from its certificate. `name` defaults to the CI's commonName.
    pub fn add_trust_anchor_from_certificate(
        &mut self,
        authority: &Keypair,
        payer: &Keypair,
        ci: &RspCertificate,
        name: Option<&str>,
    ) -> Result<(Receipt, Address), SdkError> {
        if ci.role != Role::Ci {
            return Err(SdkError::Certificate(format!(
                "a trust anchor must be a CI certificate (policy 2.23.146.1.2.1.0); this one is {}",
                ci.role.name()
            )));
        }
        let args = TrustAnchorArgs {
            key_id: ci.anchor_key_id()?,
            curve: ci.curve as u8,
            public_key: ci.public_key,
            name: TrustAnchorArgs::name_bytes(
                name.or(ci.common_name.as_deref()).unwrap_or("GSMA CI"),
            ),
        };
        self.add_trust_anchor(authority, payer, &args)
    }

    pub fn add_trust_anchor(
        &mut self,
        authority: &Keypair,
        payer: &Keypair,
        args: &TrustAnchorArgs,
    ) -> Result<(Receipt, Address), SdkError> {
        let ix =
            ixs::add_trust_anchor(&self.program_id, &authority.pubkey(), &payer.pubkey(), args);
        let receipt = self.send_one(ix, payer, &[authority])?;
        Ok((receipt, pda::trust_anchor(&self.program_id, &args.key_id).0))
    }

    pub fn retire_trust_anchor(
        &mut self,
        authority: &Keypair,
        key_id: &[u8; 20],
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::retire_trust_anchor(&self.program_id, &authority.pubkey(), key_id);
        self.send_one(ix, authority, &[])
    }

    // --- verifying keys ---------------------------------------------------------------------

    pub fn add_verifying_key(
        &mut self,
        authority: &Keypair,
        payer: &Keypair,
        args: &VerifyingKeyArgs,
    ) -> Result<(Receipt, Address), SdkError> {
        let ix =
            ixs::add_verifying_key(&self.program_id, &authority.pubkey(), &payer.pubkey(), args);
        let receipt = self.send_one(ix, payer, &[authority])?;
        Ok((
            receipt,
            pda::verifying_key(&self.program_id, &args.anchor_key_id, args.circuit_id).0,
        ))
    }

    /// Retires the verifying key of circuit `circuit_id` for the CI `anchor_key_id`.
    pub fn retire_verifying_key(
        &mut self,
        authority: &Keypair,
        anchor_key_id: &[u8; 20],
        circuit_id: u32,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::retire_verifying_key(
            &self.program_id,
            &authority.pubkey(),
            anchor_key_id,
            circuit_id,
        );
        self.send_one(ix, authority, &[])
    }

    // --- certificates -----------------------------------------------------------------------

    /// Registers a certificate: the subject key (through `signer`) signs the possession message
    /// for this registrant and the verifying key's circuit version, the signature is checked
    /// locally, then the secp256r1 precompile instruction and `register_certificate` go in one
    /// transaction.
    pub fn register_certificate(
        &mut self,
        registrant: &Keypair,
        args: &RegisterCertificateArgs,
        signer: &dyn PossessionSigner,
    ) -> Result<(Receipt, Address), SdkError> {
        let request = self.possession_request(&registrant.pubkey(), args)?;
        let signature = sign_possession(signer, &args.subject_key, &request.message())?;
        self.register_certificate_with_signature(
            registrant,
            args,
            request.circuit_version,
            &signature,
        )
    }

    /// What the subject key must sign to register `args` for `registrant` (the verifying key's
    /// circuit version is read from the chain).
    pub fn possession_request(
        &self,
        registrant: &Address,
        args: &RegisterCertificateArgs,
    ) -> Result<PossessionRequest, SdkError> {
        let vk = self
            .verifying_key(&args.anchor_key_id, args.circuit_id)?
            .ok_or_else(|| {
                SdkError::AccountNotFound(format!(
                    "{} (the verifying key of circuit {:#010x} for CI {})",
                    pda::verifying_key(&self.program_id, &args.anchor_key_id, args.circuit_id).0,
                    args.circuit_id,
                    hex::encode(args.anchor_key_id)
                ))
            })?;
        Ok(ixs::possession_request(
            &self.program_id,
            registrant,
            args,
            vk.circuit_version,
        ))
    }

    /// Registers with a possession signature made beforehand (low S, `r || s`).
    pub fn register_certificate_with_signature(
        &mut self,
        registrant: &Keypair,
        args: &RegisterCertificateArgs,
        circuit_version: u16,
        signature: &[u8; 64],
    ) -> Result<(Receipt, Address), SdkError> {
        let ixs = ixs::register_certificate_signed(
            &self.program_id,
            &registrant.pubkey(),
            args,
            circuit_version,
            signature,
        );
        let receipt = self.ledger.send(&ixs, registrant, &[])?;
        Ok((
            receipt,
            pda::certificate(&self.program_id, &args.commitment).0,
        ))
    }

    /// Registers the proof in a proof file; the file must be bound to `registrant`.
    pub fn register_proof_file(
        &mut self,
        registrant: &Keypair,
        file: &ProofFile,
        signer: &dyn PossessionSigner,
    ) -> Result<(Receipt, Address), SdkError> {
        let args = Self::proof_file_args(registrant, file)?;
        self.register_certificate(registrant, &args, signer)
    }

    /// The `register_certificate` arguments of a proof file, which must be bound to `registrant`.
    pub fn proof_file_args(
        registrant: &Keypair,
        file: &ProofFile,
    ) -> Result<RegisterCertificateArgs, SdkError> {
        if file.registrant != registrant.pubkey().to_string() {
            return Err(SdkError::InvalidInput(format!(
                "the proof is bound to registrant {}, but the signer is {}: prove again with this key",
                file.registrant,
                registrant.pubkey()
            )));
        }
        Ok(crate::prover::register_args(
            &file.statement()?,
            file.subject_key()?,
            file.proof()?,
        ))
    }

    /// Revokes a certificate record; an EUM certificate's leaf leaves the EUM tree with it (the
    /// path is rebuilt from the records).
    pub fn revoke_certificate(
        &mut self,
        revoker: &Keypair,
        commitment: &[u8; 32],
        reason: u8,
    ) -> Result<Receipt, SdkError> {
        let address = pda::certificate(&self.program_id, commitment).0;
        let leaf = self
            .read::<CertificateRecord>(&address, "CertificateRecord")?
            .filter(CertificateRecord::is_eum_leaf);
        let ix = match leaf {
            Some(record) => {
                let index = u32::from_le_bytes(record.eum_leaf_index);
                let siblings = self.eum_tree_leaves()?.siblings(index)?;
                ixs::revoke_eum_certificate(
                    &self.program_id,
                    &revoker.pubkey(),
                    &ixs::EumLeafRecord::of(&record),
                    reason,
                    &siblings,
                )
            }
            None => {
                ixs::revoke_certificate(&self.program_id, &revoker.pubkey(), commitment, reason)
            }
        };
        self.send_one(ix, revoker, &[])
    }

    // --- the EUM tree -----------------------------------------------------------------------

    pub fn initialize_eum_tree(
        &mut self,
        authority: &Keypair,
        payer: &Keypair,
    ) -> Result<Receipt, SdkError> {
        let ix = ixs::initialize_eum_tree(&self.program_id, &authority.pubkey(), &payer.pubkey());
        self.send_one(ix, payer, &[authority])
    }

    pub fn eum_tree(&self) -> Result<Option<EumTreeView>, SdkError> {
        let address = pda::eum_tree(&self.program_id).0;
        Ok(self
            .read::<EumTree>(&address, "EumTree")?
            .map(|t| EumTreeView::new(&address, &t)))
    }

    /// The EUM tree rebuilt from the EUM certificate records (each holds its leaf index), checked
    /// against the on-chain root: what a prover needs for a Merkle path.
    pub fn eum_tree_leaves(&self) -> Result<EumTreeLeaves, SdkError> {
        let address = pda::eum_tree(&self.program_id).0;
        let on_chain = self
            .read::<EumTree>(&address, "EumTree")?
            .ok_or_else(|| SdkError::AccountNotFound(format!("{address} (the EUM tree)")))?;
        let mut tree = MerkleTree::new().map_err(|e| SdkError::Zk(e.to_string()))?;
        let mut leaves = Vec::new();
        for (_, record) in self.all::<CertificateRecord>()? {
            if let Some(leaf) = EumTreeLeaf::of(&record) {
                let value = record
                    .eum_leaf()
                    .map_err(|e| SdkError::Zk(e.message().into()))?;
                tree.set(leaf.index as usize, fr_from_be(&value)?)
                    .map_err(|e| SdkError::Zk(e.to_string()))?;
                leaves.push(leaf);
            }
        }
        if fr_be(&tree.root()) != on_chain.root() {
            return Err(SdkError::Ledger(
                "the EUM records do not rebuild the EUM tree's on-chain root (a registration landed meanwhile?): try again".into(),
            ));
        }
        leaves.sort_by_key(|leaf| leaf.index);
        Ok(EumTreeLeaves { tree, leaves })
    }

    // --- reads ------------------------------------------------------------------------------

    fn read<T: cert_registry::state::AccountLayout + Copy>(
        &self,
        address: &Address,
        kind: &'static str,
    ) -> Result<Option<T>, SdkError> {
        read(&*self.ledger, &self.program_id, address, kind)
    }

    pub fn registry(&self) -> Result<Option<RegistryView>, SdkError> {
        let address = pda::registry(&self.program_id).0;
        Ok(self
            .read::<Registry>(&address, "Registry")?
            .map(|r| RegistryView::new(&address, &r)))
    }

    pub fn trust_anchor(&self, key_id: &[u8; 20]) -> Result<Option<TrustAnchorView>, SdkError> {
        let address = pda::trust_anchor(&self.program_id, key_id).0;
        Ok(self
            .read::<TrustAnchor>(&address, "TrustAnchor")?
            .map(|a| TrustAnchorView::new(&address, &a)))
    }

    /// The verifying key of circuit `circuit_id` for the CI `anchor_key_id`.
    pub fn verifying_key(
        &self,
        anchor_key_id: &[u8; 20],
        circuit_id: u32,
    ) -> Result<Option<VerifyingKeyView>, SdkError> {
        let address = pda::verifying_key(&self.program_id, anchor_key_id, circuit_id).0;
        Ok(self
            .read::<VerifyingKey>(&address, "VerifyingKey")?
            .map(|v| VerifyingKeyView::new(&address, &v)))
    }

    /// The raw record filed under `commitment`.
    pub fn certificate_record(
        &self,
        commitment: &[u8; 32],
    ) -> Result<Option<CertificateRecord>, SdkError> {
        self.read::<CertificateRecord>(
            &pda::certificate(&self.program_id, commitment).0,
            "CertificateRecord",
        )
    }

    /// The record at `address` (as a plan names its operator's SM-DP+ record).
    pub fn certificate_at(
        &self,
        address: &Address,
    ) -> Result<Option<CertificateRecordView>, SdkError> {
        Ok(self
            .read::<CertificateRecord>(address, "CertificateRecord")?
            .map(|c| CertificateRecordView::new(address, &c)))
    }

    pub fn certificate(
        &self,
        commitment: &[u8; 32],
    ) -> Result<Option<CertificateRecordView>, SdkError> {
        let address = pda::certificate(&self.program_id, commitment).0;
        Ok(self
            .certificate_record(commitment)?
            .map(|c| CertificateRecordView::new(&address, &c)))
    }

    /// Every account of type `T` the program owns, decoded (what a dApp lists to decide whom to
    /// trust). Accounts of other types are skipped by their discriminator.
    fn all<T: cert_registry::state::AccountLayout + Copy>(
        &self,
    ) -> Result<Vec<(Address, T)>, SdkError> {
        let mut out: Vec<(Address, T)> = self
            .ledger
            .program_accounts(&self.program_id)?
            .into_iter()
            .filter(|(_, a)| a.data.starts_with(&T::DISCRIMINATOR))
            .map(|(address, account)| {
                decode::<T>(&self.program_id, &address, &account, "account").map(|t| (address, t))
            })
            .collect::<Result<_, _>>()?;
        out.sort_by_key(|(address, _)| address.to_bytes());
        Ok(out)
    }

    pub fn trust_anchors(&self) -> Result<Vec<TrustAnchorView>, SdkError> {
        Ok(self
            .all::<TrustAnchor>()?
            .iter()
            .map(|(a, t)| TrustAnchorView::new(a, t))
            .collect())
    }

    pub fn verifying_keys(&self) -> Result<Vec<VerifyingKeyView>, SdkError> {
        Ok(self
            .all::<VerifyingKey>()?
            .iter()
            .map(|(a, v)| VerifyingKeyView::new(a, v))
            .collect())
    }

    pub fn certificates(&self) -> Result<Vec<CertificateRecordView>, SdkError> {
        Ok(self
            .all::<CertificateRecord>()?
            .iter()
            .map(|(a, c)| CertificateRecordView::new(a, c))
            .collect())
    }

    /// The verdict on a record at cluster time `now`: revocation and validity window, then the
    /// verifying key and trust anchor that admitted it, which must still be active (a record
    /// proven under a key or CI governance has retired is not trusted, whatever it says).
    pub fn judge(
        &self,
        record: Option<&CertificateRecordView>,
        now: i64,
    ) -> Result<LookupStatus, SdkError> {
        let status = LookupStatus::judge(record, now);
        let Some(record) = record.filter(|_| status == LookupStatus::Valid) else {
            return Ok(status);
        };
        if !record.possession_proven {
            return Ok(LookupStatus::PossessionNotProven);
        }
        let anchor_id: [u8; 20] = crate::zk::hex_array("anchor_key_id", &record.anchor_key_id)?;
        let key_active = self
            .verifying_key(&anchor_id, record.circuit_id)?
            .is_some_and(|vk| vk.status == "active");
        if !key_active {
            return Ok(LookupStatus::KeyRetired);
        }
        let anchor_active = self
            .trust_anchor(&anchor_id)?
            .is_some_and(|a| a.status == "active");
        if !anchor_active {
            return Ok(LookupStatus::AnchorRetired);
        }
        Ok(LookupStatus::Valid)
    }

    /// What an LPA does with a certificate it was shown: recompute the commitment, read the record,
    /// and judge it (revocation, validity window at cluster time, key and anchor still active).
    pub fn lookup(&self, cert: &RspCertificate) -> Result<CertificateLookup, SdkError> {
        let commitment = cert.commitment()?;
        let now = self.ledger.unix_timestamp()?;
        let address = pda::certificate(&self.program_id, &commitment).0;
        let record = self.certificate(&commitment)?;
        let status = self.judge(record.as_ref(), now)?;
        Ok(CertificateLookup {
            status,
            commitment: hex::encode(commitment),
            record_address: address.to_string(),
            record,
            checked_at: now,
        })
    }
}

/// The EUM tree as rebuilt from the registry: the tree and, per leaf, the EUM certificate's
/// commitment.
#[derive(Clone, Debug)]
pub struct EumTreeLeaves {
    pub tree: MerkleTree,
    /// The leaves in use, by index.
    pub leaves: Vec<EumTreeLeaf>,
}

/// A leaf in use: where it is, whose record it is, and the parts of the leaf besides the key that
/// an EID proof must repeat (`cert_registry::statement::eum_leaf`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EumTreeLeaf {
    pub index: u32,
    /// The EUM certificate's commitment (its record's address seed).
    pub commitment: [u8; 32],
    pub anchor_key_id: [u8; 20],
    /// The EUM certificate's notAfter, unix seconds.
    pub not_after: u64,
}

impl EumTreeLeaf {
    /// The leaf of an EUM record in the tree; `None` for any other record.
    pub fn of(record: &CertificateRecord) -> Option<Self> {
        record.is_eum_leaf().then(|| EumTreeLeaf {
            index: u32::from_le_bytes(record.eum_leaf_index),
            commitment: record.commitment,
            anchor_key_id: record.anchor_key_id,
            not_after: u64::from_le_bytes(record.not_after),
        })
    }
}

impl EumTreeLeaves {
    pub fn root(&self) -> [u8; 32] {
        fr_be(&self.tree.root())
    }

    /// The leaf of the EUM certificate with `commitment`.
    pub fn leaf_of(&self, commitment: &[u8; 32]) -> Option<&EumTreeLeaf> {
        self.leaves.iter().find(|l| &l.commitment == commitment)
    }

    /// The leaf index of the EUM certificate with `commitment`.
    pub fn index_of(&self, commitment: &[u8; 32]) -> Option<u32> {
        self.leaf_of(commitment).map(|l| l.index)
    }

    /// The siblings of leaf `index`, bottom up, as the program takes them.
    pub fn siblings(&self, index: u32) -> Result<[[u8; 32]; EUM_TREE_DEPTH], SdkError> {
        let path = self.tree.path(index as usize);
        let mut out = [[0u8; 32]; EUM_TREE_DEPTH];
        if path.len() != EUM_TREE_DEPTH {
            return Err(SdkError::Zk(format!(
                "the circuits' tree has depth {}, the program's {EUM_TREE_DEPTH}",
                path.len()
            )));
        }
        for (slot, node) in out.iter_mut().zip(&path) {
            *slot = fr_be(node);
        }
        Ok(out)
    }
}
