//! Errors of this program, from 6100. Account and data validation goes through cert-registry's
//! shared checks and reports their codes (6000 to 6009, 6025 to 6027, 6032, 6033), which mean the
//! same in every OpenRSP program; the IDL lists both.

openrsp_framework::program_errors! {
    /// Every way an eid-commitment instruction can be refused. The doc line is the message clients
    /// show.
    EidError {
        /// The signer is not the config authority
        Unauthorized = 6100,
        /// Registrations and rotations are paused
        Paused = 6101,
        /// The EUM tree account does not belong to the configured registry
        WrongRegistry = 6102,
        /// The proof's EUM root is not the registry's current root nor a recent one: prove again
        UnknownRoot = 6103,
        /// This EID is already registered for this purpose: its holder can take the commitment over
        NullifierUsed = 6104,
        /// The signer does not own this commitment
        NotOwner = 6105,
        /// The new commitment equals the current one
        SameCommitment = 6106,
        /// The trust anchor account is not the registry's anchor the proof names
        WrongTrustAnchor = 6107,
        /// The CI trust anchor behind the proof's EUM is retired: it admits no new EID commitments
        TrustAnchorRetired = 6108,
        /// The proof's valid_at is later than the chain's clock
        ProofTimeInFuture = 6109,
        /// The proof's valid_at is more than an hour behind the chain's clock: prove again
        ProofTooOld = 6110,
        /// The slot hashes account is not the SlotHashes sysvar
        NotSlotHashes = 6111,
        /// The chip's binding names a slot that is not among the chain's recent slot hashes (about the last 512): bind the chip again
        BindingNotRecent = 6112,
        /// The chip's binding is not newer than the latest one accepted for this EID and purpose
        StaleBinding = 6113,
        /// The purpose is not one this program registers commitments for
        PurposeNotAllowed = 6114,
        /// The signer already owns this commitment: rotate it instead
        AlreadyOwner = 6115,
        /// The nullifier account is not this commitment's
        WrongNullifier = 6116,
    }
}
