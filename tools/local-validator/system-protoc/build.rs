//! Finds `protoc`: `$PROTOC` if set, otherwise the first one on `$PATH`. Fails the build with what
//! to install if there is none, rather than later with a missing-file error.

use std::{env, path::PathBuf};

fn main() {
    // Not PATH: it differs between make and a shell, and every change would rebuild agave's
    // ledger crates behind this one. build.sh always sets PROTOC.
    println!("cargo:rerun-if-env-changed=PROTOC");
    let protoc = env::var_os("PROTOC")
        .map(PathBuf::from)
        .or_else(|| {
            env::split_paths(&env::var_os("PATH").unwrap_or_default())
                .map(|dir| dir.join("protoc"))
                .find(|p| p.is_file())
        })
        .filter(|p| p.is_file());
    let Some(protoc) = protoc else {
        panic!("no protoc: install Debian's protobuf-compiler (tools/local-validator/build.sh does) or set PROTOC");
    };
    // <prefix>/bin/protoc -> <prefix>/include holds the well-known .proto files.
    let include = protoc
        .parent()
        .and_then(|bin| bin.parent())
        .map(|prefix| prefix.join("include"))
        .unwrap_or_default();
    println!("cargo:rustc-env=SYSTEM_PROTOC={}", protoc.display());
    println!("cargo:rustc-env=SYSTEM_PROTOC_INCLUDE={}", include.display());
}
