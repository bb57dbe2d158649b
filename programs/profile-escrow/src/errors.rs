//! Errors of this program, from 6300. Account and data validation reports cert-registry's shared
//! codes (6000 to 6033), payments usdc-billing's (6200 to 6232): the same failure has the same
//! code in every OpenRSP program.

openrsp_framework::program_errors! {
    /// Every way a profile-escrow instruction can be refused. The doc line is the message clients
    /// show.
    EscrowError {
        /// The signer is not the escrow authority
        Unauthorized = 6300,
        /// The billing config or plan does not belong to the configured usdc-billing program
        WrongBillingProgram = 6301,
        /// The plan's price is above the most the consumer agreed to pay
        PriceAboveLimit = 6302,
        /// The signer is not the order's consumer
        NotOrderConsumer = 6303,
        /// The signer is not the order's operator
        NotOrderOperator = 6304,
        /// The order was accepted already
        OrderAlreadyAccepted = 6305,
        /// The order has not been accepted
        OrderNotAccepted = 6306,
        /// No profile has been delivered for the order
        OrderNotDelivered = 6307,
        /// The profile was delivered: the order can no longer be cancelled or refunded
        OrderDelivered = 6308,
        /// The order is disputed: governance decides
        OrderDisputed = 6309,
        /// The order is not disputed
        OrderNotDisputed = 6310,
        /// The delivery deadline has passed
        DeliveryDeadlinePassed = 6311,
        /// The delivery deadline has not passed yet
        DeadlineNotReached = 6312,
        /// The dispute window is still open: the consumer may still confirm or dispute
        DisputeWindowOpen = 6313,
        /// The dispute window has closed
        DisputeWindowClosed = 6314,
        /// The encrypted activation code must be 17 to 192 bytes (a tag and at least one byte)
        InvalidActivationCode = 6315,
        /// The profile package hash must not be zero
        InvalidProfileHash = 6316,
        /// Windows must be between one minute and 90 days
        InvalidWindows = 6317,
        /// The consumer account is not the order's consumer
        WrongConsumer = 6318,
        /// New orders are paused
        OrdersPaused = 6319,
    }
}
