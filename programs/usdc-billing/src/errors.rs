//! Errors of this program, from 6200. Account and data validation goes through cert-registry's
//! shared checks and reports their codes (6000 to 6012, 6032, 6033), which mean the same in every
//! OpenRSP program; the IDL lists both.

openrsp_framework::program_errors! {
    /// Every way a usdc-billing instruction can be refused. The doc line is the message clients
    /// show.
    BillingError {
        /// The signer is not the billing authority
        Unauthorized = 6200,
        /// Billing is paused: no new plans, plan changes, subscriptions or orders
        Paused = 6201,
        /// The protocol fee is above 10,000 basis points
        InvalidFee = 6202,
        /// The certificate record does not belong to the configured registry
        WrongRegistry = 6203,
        /// The certificate record is not an SM-DP+ certificate (dp-auth or dp-pb)
        NotSmdpCertificate = 6204,
        /// The SM-DP+ certificate is registered by another key than the operator
        NotCertificateOwner = 6205,
        /// The SM-DP+ certificate is revoked
        CertificateRevoked = 6206,
        /// The SM-DP+ certificate is outside its validity window
        CertificateNotValidNow = 6207,
        /// The currency is neither native SOL (the system program) nor an initialised mint of the Token or Token-2022 program
        InvalidMint = 6208,
        /// Price, data quota and validity period must be above zero
        InvalidPlanTerms = 6209,
        /// Coverage must be ISO 3166-1 alpha-2 codes (A-Z pairs, at most 32) or a known region
        InvalidCoverage = 6210,
        /// The signer is not the plan's operator
        NotPlanOperator = 6211,
        /// The plan is retired
        PlanRetired = 6212,
        /// The Token-2022 mint has an extension that would break payments held in a vault (transfer fee or hook, permanent delegate, confidential transfers, non-transferable, default frozen, pausable)
        UnsupportedMintExtension = 6213,
        /// The close notice must be between one minute and 90 days
        InvalidCloseNotice = 6214,
        /// The EID commitment does not belong to the configured eid-commitment program
        WrongEidProgram = 6215,
        /// The EID commitment is owned by another key than the signer
        NotEidOwner = 6216,
        /// The mint is not the currency of the plan (SOL: the system program)
        WrongMint = 6217,
        /// The token program is not the one of the plan's mint (SOL: the system program)
        WrongTokenProgram = 6218,
        /// The vault is not the one of this subscription or order
        WrongVault = 6219,
        /// The token account holds another mint or belongs to another owner than the payee (SOL: the payee's wallet itself)
        WrongPayeeAccount = 6220,
        /// The amount must be above zero
        InvalidAmount = 6221,
        /// The vault holds less than this payment
        InsufficientVault = 6222,
        /// The voucher's cumulative amount is not above what the operator has already been paid
        VoucherNotNewer = 6223,
        /// No Ed25519 check of this voucher by the subscription's voucher key right before this instruction
        InvalidVoucherSignature = 6224,
        /// The voucher was signed after the subscriber asked to close
        VoucherAfterClose = 6225,
        /// The subscription is closing: no top-ups
        SubscriptionClosing = 6226,
        /// The close notice has not run out yet
        NoticePeriodRunning = 6227,
        /// The subscriber has not asked to close
        CloseNotRequested = 6228,
        /// The signer is not the subscription's consumer
        NotSubscriber = 6229,
        /// The signer is not the subscription's operator
        NotSubscriptionOperator = 6230,
        /// The amount overflows a u64
        AmountOverflow = 6231,
        /// The close notice has run out: the subscription no longer pays vouchers
        NoticeOver = 6232,
        /// The SM-DP+ record was admitted without proof of possession of its key (a record from before the registry required one)
        PossessionNotProven = 6233,
        /// The verifying key is not the one that admitted the SM-DP+ record
        WrongVerifyingKey = 6234,
        /// The verifying key that admitted the SM-DP+ record is retired
        VerifyingKeyRetired = 6235,
        /// The trust anchor is not the one the SM-DP+ record chains to
        WrongTrustAnchor = 6236,
        /// The trust anchor the SM-DP+ record chains to is retired
        TrustAnchorRetired = 6237,
        /// The SM-DP+ record is not the one the plan names
        WrongSmdpRecord = 6238,
        /// The EID commitment is not registered for plans (purpose PURPOSE_PLANS)
        WrongEidPurpose = 6239,
    }
}
