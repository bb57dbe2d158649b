#!/usr/bin/env bash
# Builds one on-chain program crate into target/deploy/<crate_name>.so: a real SBPF v0 ELF made by
# nightly rustc (-Z build-std) and sbpf-linker, since cargo-build-sbf's platform-tools cannot be
# downloaded here (see README, "How the programs are built").
# Usage: build.sh CRATE [FEATURES SUFFIX]: with cargo FEATURES, into <crate_name>_<SUFFIX>.so.
set -euo pipefail
crate="$1"
features="${2:-}"
suffix="${3:+_$3}"
if [[ -n "$features" && -z "$suffix" ]]; then
  # A build with features never takes the release file's name (make deploy ships that one).
  echo "build.sh: a build with features ($features) needs its own file suffix" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
nightly="${SBF_NIGHTLY:-nightly-2026-10-30}"
lib="${crate//-/_}"
export RUSTFLAGS="-C linker=sbpf-linker -C panic=abort -C relocation-model=static -C target-cpu=v2 \
 -C target-feature=+allows-misaligned-mem-access -C overflow-checks=on \
 -C link-arg=--arch=v0 -C link-arg=--llvm-args=--bpf-stack-size=4096 \
 -C link-arg=--llvm-args=--disable-movsx -C link-arg=--llvm-args=--disable-ldsx"
cd "$root"
# The crates are plain libraries (so that one program can use another's layouts); the shared
# object is asked for here, for the program being built only.
cargo "+$nightly" rustc --release -p "$crate" --lib --crate-type cdylib ${features:+--features "$features"} \
  --target sbf/sbpf-solana.json -Z build-std=core,alloc -Z json-target-spec \
  --target-dir target 2> >(grep -v 'unable to open LLVM shared lib' >&2)
mkdir -p target/deploy
cp "target/sbpf-solana/release/lib$lib.so" "target/deploy/$lib$suffix.so"
echo "built target/deploy/$lib$suffix.so ($(stat -c %s "target/deploy/$lib$suffix.so") bytes)"
