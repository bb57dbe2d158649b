use pinocchio::{
    error::ProgramError,
    sysvars::{clock::Clock, Sysvar},
};

/// Current cluster time, unix seconds (from the Clock sysvar, no account needed).
pub fn now() -> Result<i64, ProgramError> {
    Ok(Clock::get()?.unix_timestamp)
}
