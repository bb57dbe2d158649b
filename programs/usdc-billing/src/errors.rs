//! Errors of this program, from 6200. Account and data validation goes through cert-registry's
//! shared checks and reports their codes (6000 to 6012, 6032, 6033), which mean the same in every
//! OpenRSP program; the IDL lists both.

cert_registry::program_errors! {
    /// Every way a usdc-billing instruction can be refused. The doc line is the message clients
    /// show.
    BillingError {
        /// The signer is not the billing authority
        Unauthorized = 6200,
        /// Billing is paused: no new plans or plan changes
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
    }
}
