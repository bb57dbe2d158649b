#!/usr/bin/env bash
# Regenerates tests/fixtures/snarkjs/: a Groth16 key and proof of the test-statement circuit made
# by snarkjs (pinned in package-lock.json) from the circuit arkworks synthesizes.
#
#  1. Rust (tests/examples/snarkjs_inputs.rs) writes statement.json (the SGP.26 DPauth
#     certificate's statement under the test-statement circuit's id 0xFFFF0001, for a fixed test
#     registrant), test_statement.r1cs (iden3 r1cs v1, 450 kB) and test_statement.wtns (iden3
#     wtns v2); statement.json and the SHA-256 of the other two (test_statement.sha256, for
#     `sha256sum -c`) are committed: both files are deterministic.
#  2. snarkjs checks the witness against the R1CS, runs a powers-of-tau ceremony of its own
#     (new + one contribution + phase-2 preparation), the Groth16 setup, one phase-2 contribution
#     (required: the registry refuses keys with gamma = delta), verifies the zkey, exports
#     verification_key.json, proves (proof.json, public.json) and verifies.
#  3. The Rust tests import and check them (tests/tests/snarkjs_import.rs), with
#     OPENRSP_REQUIRE_SNARKJS=1 so that snarkjs also verifies what the SDK exports.
#
# The R1CS, the witness and the ceremony files (ptau, zkey) stay in a temporary directory ($WORK, kept if given): only
# small files are committed. snarkjs mixes system randomness into every contribution and proof,
# so each run gives a new key and proof; the statement, R1CS and witness are deterministic.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/tests/fixtures/snarkjs"
work="${WORK:-$(mktemp -d)}"
mkdir -p "$out" "$work"
(cd "$here" && npm ci --no-audit --no-fund)
snarkjs() { node "$here/node_modules/snarkjs/build/cli.cjs" "$@"; }

# Built with the whole workspace selected, as make does, so that no dependency is rebuilt for
# another feature set.
(cd "$root" && cargo +1.99.1 build -q --workspace --example snarkjs_inputs \
  && target/debug/examples/snarkjs_inputs "$work")
cp "$work/statement.json" "$out/statement.json"
(cd "$work" && sha256sum test_statement.r1cs test_statement.wtns) > "$out/test_statement.sha256"
r1cs="$work/test_statement.r1cs"
wtns="$work/test_statement.wtns"
snarkjs r1cs info "$r1cs"
snarkjs wtns check "$r1cs" "$wtns"

snarkjs powersoftau new bn128 10 "$work/pot10_0000.ptau"
snarkjs powersoftau contribute "$work/pot10_0000.ptau" "$work/pot10_0001.ptau" \
  --name="OpenRSP test vectors" -e="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
snarkjs powersoftau prepare phase2 "$work/pot10_0001.ptau" "$work/pot10_final.ptau"
snarkjs powersoftau verify "$work/pot10_final.ptau"

snarkjs groth16 setup "$r1cs" "$work/pot10_final.ptau" "$work/test_statement_0000.zkey"
snarkjs zkey contribute "$work/test_statement_0000.zkey" "$work/test_statement_0001.zkey" \
  --name="OpenRSP phase 2" -e="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
snarkjs zkey verify "$r1cs" "$work/pot10_final.ptau" "$work/test_statement_0001.zkey"
snarkjs zkey export verificationkey "$work/test_statement_0001.zkey" "$out/verification_key.json"

snarkjs groth16 prove "$work/test_statement_0001.zkey" "$wtns" "$out/proof.json" "$out/public.json"
snarkjs groth16 verify "$out/verification_key.json" "$out/public.json" "$out/proof.json"

(cd "$root" && OPENRSP_REQUIRE_SNARKJS=1 cargo +1.99.1 test -q --workspace --test snarkjs_import)
echo "wrote $out (ceremony files in $work)"
