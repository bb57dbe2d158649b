#!/usr/bin/env bash
# `make test`: every test of the workspace, with the RPC tests (app/tests/rpc_validator.rs) beside
# the rest instead of after them. test.sh TOOLCHAIN
#
# Why this shape: on two cores the work is the host test build, agave's validator build (its own
# target dir, about 20 minutes of CPU), circuit key generation and the proofs of the tests. The RPC
# tests spend most of their time waiting for a real validator's slots and confirmations; run after
# everything else, that waiting is added to the whole. So the validator builds beside the test
# binaries, and its tests run as soon as it is built, while the other tests run in the foreground.
set -uo pipefail
toolchain="$1"
cargo=(cargo "+$toolchain")
cd "$(dirname "$0")/.."
mkdir -p target
rm -f target/validator-build.status target/rpc-tests.status

echo "validator: building in the background (log: target/validator-build.log)"
(make --no-print-directory validator >target/validator-build.log 2>&1; echo $? >target/validator-build.status) &

"${cargo[@]}" test --workspace --no-run || exit 1
# The RPC test binary, as cargo reports the artifact it just built (fresh: no rebuild).
rpc_bin=$("${cargo[@]}" test --workspace --no-run --message-format=json 2>/dev/null |
  sed -n 's/.*"name":"rpc_validator".*"executable":"\([^"]*\)".*/\1/p' | head -n 1)
if [ -z "$rpc_bin" ] || [ ! -x "$rpc_bin" ]; then
  echo "test: cannot find the rpc_validator test binary" >&2
  exit 1
fi
# Its tests are skipped in the foreground run (names containing these), and run by themselves.
mapfile -t rpc_tests < <("$rpc_bin" --list --format terse | sed -n 's/: test$//p')
if [ ${#rpc_tests[@]} -eq 0 ]; then
  echo "test: the rpc_validator binary lists no tests" >&2
  exit 1
fi
skips=()
for t in "${rpc_tests[@]}"; do skips+=(--skip "$t"); done

echo "rpc tests: run in the background once the validator is built (log: target/rpc-tests.log)"
(
  while [ ! -f target/validator-build.status ]; do sleep 5; done
  if [ "$(cat target/validator-build.status)" != 0 ]; then
    echo "validator build failed:"
    tail -n 40 target/validator-build.log
    echo 1 >target/rpc-tests.status
    exit 1
  fi
  # As cargo runs an integration test: from the package directory.
  (cd app && RUST_LOG="${RUST_LOG:-error}" "$rpc_bin" "${rpc_tests[@]}" --exact)
  echo $? >target/rpc-tests.status
) >target/rpc-tests.log 2>&1 &
rpc_job=$!

RUST_LOG="${RUST_LOG:-error}" OPENRSP_REQUIRE_SNARKJS=1 "${cargo[@]}" test --workspace -- "${skips[@]}"
status=$?

wait "$rpc_job"
echo "----- rpc tests (app/tests/rpc_validator.rs) -----"
cat target/rpc-tests.log
rpc_status=$(cat target/rpc-tests.status 2>/dev/null || echo 1)
if [ "$status" != 0 ] || [ "$rpc_status" != 0 ]; then
  echo "test: failed (workspace tests: exit $status; rpc tests: exit $rpc_status)" >&2
  exit 1
fi
echo "test: all passed"
