//! Sets the protocol fee (basis points of every payment, zero allowed) and its treasury. Applies
//! to payments made afterwards.
//!
//! Accounts: `authority` (signer), `config` (writable).

use super::{initialize_billing::MAX_FEE_BPS, require_authority};
use crate::{
    errors::BillingError,
    events::{emit, ProtocolFeeSet},
    state::BillingConfig,
};
use openrsp_framework::errors::FrameworkError;
use openrsp_framework::{
    accounts::{load_mut, take},
    args::InstructionArgs,
};
use pinocchio::{AccountView, Address, ProgramResult};

#[repr(C)]
pub struct SetProtocolFeeArgs {
    /// u16 LE.
    pub fee_bps: [u8; 2],
    pub treasury: [u8; 32],
}
// SAFETY: repr(C) over byte arrays.
unsafe impl InstructionArgs for SetProtocolFeeArgs {}

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, config_account] = take::<2>(accounts)?;
    let args = SetProtocolFeeArgs::parse(data)?;
    let mut config = load_mut::<BillingConfig>(config_account, program_id)?;
    require_authority(&config, authority)?;
    let fee_bps = u16::from_le_bytes(args.fee_bps);
    if fee_bps > MAX_FEE_BPS {
        return Err(BillingError::InvalidFee.into());
    }
    if args.treasury == [0; 32] {
        return Err(FrameworkError::InvalidKey.into());
    }

    config.fee_bps = args.fee_bps;
    config.treasury = args.treasury;
    emit(&ProtocolFeeSet {
        fee_bps,
        treasury: args.treasury,
    });
    Ok(())
}
