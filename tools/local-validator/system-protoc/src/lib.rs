//! `protobuf-src`'s API over the system's `protoc` (see Cargo.toml for why).

use std::path::PathBuf;

/// The `protoc` found when this crate was built.
pub fn protoc() -> PathBuf {
    PathBuf::from(env!("SYSTEM_PROTOC"))
}

/// The directory holding the well-known types (`google/protobuf/*.proto`).
pub fn include() -> PathBuf {
    PathBuf::from(env!("SYSTEM_PROTOC_INCLUDE"))
}
