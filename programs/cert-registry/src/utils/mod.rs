//! Checks and helpers shared by the instruction handlers.

pub mod accounts;
pub mod args;
pub mod clock;
pub mod groth16;
pub mod precompile;
