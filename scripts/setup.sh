#!/usr/bin/env bash
# Installs what builds and tests need, only what is missing: the host toolchain, the nightly that
# compiles programs for SBF (with rust-src for -Z build-std), and sbpf-linker.
set -euo pipefail
host="$1" nightly="$2" linker_version="$3"
export PATH="$HOME/.cargo/bin:$PATH"
have_toolchain() { rustup toolchain list | grep -q "^$1"; }

if ! have_toolchain "$host"; then
  echo "setup: installing Rust $host"
  rustup toolchain install "$host" --profile minimal --component clippy,rustfmt
fi
if ! have_toolchain "$nightly" || ! rustup component list --toolchain "$nightly" --installed | grep -q '^rust-src'; then
  echo "setup: installing $nightly with rust-src"
  rustup toolchain install "$nightly" --profile minimal --component rust-src
fi
if ! command -v sbpf-linker >/dev/null || ! sbpf-linker --version 2>/dev/null | grep -q "$linker_version"; then
  echo "setup: installing sbpf-linker $linker_version (a few minutes, once)"
  cargo "+$nightly" install "sbpf-linker@$linker_version" --locked
fi
