# OpenRSP. `make demo` and `make test` work on a fresh machine: they install what is missing first.
# Host builds always select the whole workspace (`--workspace`), so that tests, the CLI and the
# benchmark share one feature set and one set of compiled dependencies in target/.

SHELL := /bin/bash
HOST_TOOLCHAIN := 1.99.1
SBF_NIGHTLY := nightly-2026-10-30
SBPF_LINKER_VERSION := 0.2.6
PROGRAMS := cert-registry eid-commitment usdc-billing profile-escrow
CARGO := cargo +$(HOST_TOOLCHAIN)
export PATH := $(HOME)/.cargo/bin:$(PATH)
export RUSTUP_AUTO_INSTALL := 0
# Solana program tests load the real .so files from here (BPF mode).
export SBF_OUT_DIR := $(CURDIR)/target/deploy
export BPF_OUT_DIR := $(CURDIR)/target/deploy

.PHONY: all setup build test test-deps test-rpc demo bench lint fmt clean-ledger deploy validator

all: build

## setup: install the pinned host toolchain, the SBF nightly with rust-src, and sbpf-linker (idempotent)
setup:
	@./scripts/setup.sh $(HOST_TOOLCHAIN) $(SBF_NIGHTLY) $(SBPF_LINKER_VERSION)

## build: every program into target/deploy/<name>.so (real SBPF ELF), and the registry's localnet
## build (it also admits the test circuit's keys) as target/deploy/cert_registry_localnet.so
build: setup
	@./sbf/build.sh cert-registry localnet localnet
	@for p in $(PROGRAMS); do ./sbf/build.sh $$p || exit 1; done

## test: unit tests, on-chain tests on the real .so files (solana-program-test, BPF mode), IDL client
## test, the CLI (a SoftHSM2 token among its signers) and over RPC against a real validator
## The validator (its own target dir) compiles beside the test binaries, and the RPC tests run beside
## the others as soon as it is built (scripts/test.sh says why).
test: build test-deps
	@./scripts/test.sh $(HOST_TOOLCHAIN)

## test-rpc: only the RPC tests (app/tests/rpc_validator.rs): `openrsp demo` on agave's test
## validator and on the embedded ledger must agree; the deployment over RPC, twice
test-rpc: build validator
	RUST_LOG=$${RUST_LOG:-error} $(CARGO) test --workspace --test rpc_validator

## test-deps: SoftHSM2 and openssl for the CLI's signing tests (Debian packages, if missing), and
## snarkjs (`npm ci` in tools/vectors) for the snarkjs interoperability test
test-deps:
	@./scripts/test-deps.sh

## validator: agave's test validator as a process for the RPC tests -> target/validator/debug/
## (about 20 minutes once on 2 cores; installs Debian's protoc, jemalloc, OpenSSL and libclang)
validator: setup
	./tools/local-validator/build.sh $(HOST_TOOLCHAIN) target/validator

## demo: `openrsp demo` on a fresh embedded ledger: registry, EID, plan, order, subscription, LPA,
## with real proofs; circuit keys cached in target/demo/keys (the second run is fast)
demo: build
	$(CARGO) build --workspace --bins
	OPENRSP_KEYS=$(CURDIR)/target/demo/keys ./target/debug/openrsp demo --work target/demo

## bench: compute units of every instruction on the real .so -> target/bench/cu.json;
## constraints, key generation, proving time and peak memory of the circuits (release) -> target/bench/zk.json
bench: build
	$(CARGO) build --workspace --bins
	./target/debug/bench
	$(CARGO) build --release --workspace --bin zk-bench
	./target/release/zk-bench ../shared/vectors/sgp26 target/bench/zk.json
	./target/debug/tables

## deploy: the four programs to CLUSTER (a URL or devnet/testnet/mainnet-beta/localhost; default: the
## Solana CLI config) with the upgradeable loader, then their set-up from migrations/deploy.json;
## KEYPAIR pays and is the upgrade authority. Idempotent: a second run changes nothing.
deploy: build
	$(CARGO) build --workspace --bins
	./target/debug/deploy $(if $(CLUSTER),--url $(CLUSTER)) $(if $(KEYPAIR),--keypair $(KEYPAIR))

## lint: formatting and clippy
lint: setup
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
