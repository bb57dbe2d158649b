#!/usr/bin/env bash
# Builds agave's test validator for the RPC tests: build.sh TOOLCHAIN TARGET_DIR.
# Its C and C++ dependencies come from Debian where Debian has them (OpenSSL, jemalloc 5.3, protoc),
# so that rocksdb is the only C++ compiled from source; libclang is for rocksdb's bindgen.
set -euo pipefail
toolchain="$1" target_dir="$(realpath -m "$2")"
cd "$(dirname "$0")"
packages=(clang libclang-dev libssl-dev pkg-config libjemalloc-dev protobuf-compiler)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "validator: installing ${missing[*]}"
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get install -y -q "${missing[@]}" || { $sudo apt-get update -q && $sudo apt-get install -y -q "${missing[@]}"; }
fi
export OPENSSL_NO_VENDOR=1
export JEMALLOC_OVERRIDE="/usr/lib/$(gcc -print-multiarch)/libjemalloc_pic.a"
export PROTOC="$(command -v protoc)"
exec cargo "+$toolchain" build --locked --manifest-path Cargo.toml --target-dir "$target_dir"
