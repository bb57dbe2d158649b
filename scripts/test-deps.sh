#!/usr/bin/env bash
# Installs what the tests run besides Rust, only what is missing: SoftHSM2 (a real PKCS#11 token
# for the HSM signing path of `cert register`), openssl (an external signer in the CLI tests) and
# the pinned snarkjs.
set -euo pipefail
missing=()
[ -e /usr/lib/softhsm/libsofthsm2.so ] && command -v softhsm2-util >/dev/null || missing+=(softhsm2)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-deps: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# snarkjs (pinned in tools/vectors/package-lock.json) verifies what the SDK exports and made the
# committed snarkjs key and proof the tests import.
if [ ! -d tools/vectors/node_modules/snarkjs ]; then
  command -v npm >/dev/null || { echo "test-deps: npm is needed (Node.js 20 or later)" >&2; exit 1; }
  echo "test-deps: npm ci in tools/vectors (snarkjs, circomlibjs)"
  (cd tools/vectors && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
# Anchor's JavaScript client (pinned in tools/anchor-client/package-lock.json), which the RPC tests
# run against the real programs with the committed IDLs.
if [ ! -d tools/anchor-client/node_modules/@coral-xyz/anchor ]; then
  command -v npm >/dev/null || { echo "test-deps: npm is needed (Node.js 20 or later)" >&2; exit 1; }
  echo "test-deps: npm ci in tools/anchor-client (@coral-xyz/anchor)"
  (cd tools/anchor-client && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
