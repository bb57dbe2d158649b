#!/usr/bin/env bash
# Regenerates tests/fixtures/independent/{inputs,poseidon}.json: the Rust side reads the inputs out
# of the certificates, circomlibjs (pinned in package-lock.json) computes the hashes. Then
#   cargo +1.99.1 test -p openrsp-circuits --test independent_vectors
# checks the project's Rust code against them. Only rerun this when an input changes on purpose:
# the point of the committed outputs is that they were computed once, independently.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/tests/fixtures/independent"
mkdir -p "$out"
(cd "$here" && npm ci --no-audit --no-fund)
(cd "$root" && cargo +1.99.1 run -q -p openrsp-circuits --example independent_inputs) > "$out/inputs.json"
node "$here/poseidon-vectors.js" "$out/inputs.json" > "$out/poseidon.json"
echo "wrote $out/inputs.json and $out/poseidon.json"
