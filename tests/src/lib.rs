//! Shared harness of the on-chain tests: the real `.so` files from `target/deploy` in
//! solana-program-test (BPF mode, so syscalls and compute units are the runtime's own), real GSMA
//! SGP.26 certificates from `../shared/vectors`, and real Groth16 proofs.

pub mod cu;
pub mod idl;
pub mod market;
pub mod tables;

use cert_registry::state::AccountLayout;
use eid_commitment::errors::EidError;
use openrsp_circuits::keys::{setup, CircuitKeys};
use openrsp_circuits::test_statement::{TestStatementCircuit, TEST_STATEMENT_CIRCUIT_ID};
use openrsp_sdk::{
    cert_registry::instructions::{self as ixs, TrustAnchorArgs, VerifyingKeyArgs},
    cert_registry::{KeyFileSigner, OperatorTrust, PossessionSigner, SubjectKey},
    certificate::RspCertificate,
    programs::{
        program_files_of, ProgramBuild, CERT_REGISTRY_ID, EID_COMMITMENT_ID, USDC_BILLING_ID,
    },
    prover,
};
use solana_account::{Account, AccountSharedData};
use solana_address::Address;
use solana_clock::Clock;
use solana_instruction::{error::InstructionError, Instruction};
use solana_keypair::Keypair;
use solana_program_test::{BanksClientError, ProgramTest, ProgramTestContext};
use solana_signer::Signer;
use solana_transaction::{Transaction, TransactionError};
use std::path::PathBuf;
use std::sync::OnceLock;

pub use openrsp_sdk::cert_registry::pda;

pub const PROGRAM_ID: Address = CERT_REGISTRY_ID;
pub const EID_PROGRAM_ID: Address = EID_COMMITMENT_ID;
pub const BILLING_PROGRAM_ID: Address = USDC_BILLING_ID;

/// The workspace root.
pub fn root() -> PathBuf {
    let tests_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    tests_dir.parent().unwrap_or(tests_dir).to_path_buf()
}

/// A certificate from the SGP.26 vectors (`../shared/vectors/sgp26/<rel>`).
pub fn sgp26(rel: &str) -> RspCertificate {
    let path = root().join("../shared/vectors/sgp26").join(rel);
    RspCertificate::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn ci_nist() -> RspCertificate {
    sgp26("CertificateIssuer/CERT_CI_ECDSA_NIST.der")
}

pub fn dp_auth_nist() -> RspCertificate {
    sgp26("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der")
}

/// The test circuit's keys, generated once per test binary.
pub fn test_circuit_keys() -> &'static CircuitKeys {
    static KEYS: OnceLock<CircuitKeys> = OnceLock::new();
    KEYS.get_or_init(|| setup(TestStatementCircuit::blank()).expect("setup"))
}

/// The real certificate circuit (`cert_p256`) of the SGP.26 NIST CI and its keys: generated once
/// and cached under `target/test-keys`, so later test runs (and the CLI tests) load them.
pub fn cert_circuit() -> &'static (prover::Circuit, CircuitKeys) {
    static CIRCUIT: OnceLock<(prover::Circuit, CircuitKeys)> = OnceLock::new();
    CIRCUIT.get_or_init(|| {
        let circuit = prover::Circuit::from_name("cert-p256", Some(&ci_nist())).expect("circuit");
        let (keys, _) = circuit
            .load_or_setup(&test_keys_dir())
            .expect("cert_p256 keys");
        (circuit, keys)
    })
}

/// Where tests cache circuit keys.
pub fn test_keys_dir() -> PathBuf {
    root().join("target/test-keys")
}

/// The registry accounts behind the record that `args` register: what plan changes and purchases
/// pass for usdc-billing and profile-escrow to re-check.
pub fn operator_trust(args: &ixs::RegisterCertificateArgs) -> OperatorTrust {
    OperatorTrust {
        record: pda::certificate(&PROGRAM_ID, &args.commitment).0,
        verifying_key: pda::verifying_key(&PROGRAM_ID, &args.anchor_key_id, args.circuit_id).0,
        trust_anchor: pda::trust_anchor(&PROGRAM_ID, &args.anchor_key_id).0,
    }
}

/// A started solana-program-test with the real programs (the registry's localnet build, which
/// admits the test circuit most tests stand in for `cert_p256`) and the clock set to `now`.
pub async fn start(now: i64) -> ProgramTestContext {
    start_build(now, ProgramBuild::Localnet).await
}

/// [`start`] with the programs of `build`.
pub async fn start_build(now: i64, build: ProgramBuild) -> ProgramTestContext {
    let deploy = root().join("target/deploy");
    let [(_, registry), ..] = program_files_of(&Default::default(), build);
    assert!(
        deploy.join(format!("{registry}.so")).exists(),
        "target/deploy/{registry}.so is missing: run `make build` (make test does)"
    );
    // SAFETY (edition 2021 API): set before any thread reads it; same value for every test.
    std::env::set_var("SBF_OUT_DIR", &deploy);
    let mut pt = ProgramTest::default();
    pt.prefer_bpf(true);
    let programs = [
        (registry, PROGRAM_ID),
        ("eid_commitment", EID_PROGRAM_ID),
        ("usdc_billing", BILLING_PROGRAM_ID),
        ("profile_escrow", market::ESCROW_PROGRAM_ID),
    ];
    for (name, id) in programs {
        let elf = std::fs::read(deploy.join(format!("{name}.so"))).expect("program file");
        for (address, account) in upgradeable_program_accounts(&id, &elf, None) {
            pt.add_account(address, account);
        }
    }
    let mut ctx = pt.start_with_context().await;
    // The context payer deployed the programs, as a deployer's key does on a cluster: it is the
    // upgrade authority, the only key that can set them up.
    let payer = ctx.payer.pubkey();
    for (name, id) in programs {
        let elf = std::fs::read(deploy.join(format!("{name}.so"))).expect("program file");
        let [_, (programdata, account)] = upgradeable_program_accounts(&id, &elf, Some(&payer));
        put_account(&mut ctx, &programdata, account);
    }
    set_time(&ctx, now).await;
    ctx
}

/// The program and ProgramData accounts the upgradeable loader (v3) leaves after deploying `elf`
/// at `id` with `upgrade_authority` (`None`: immutable).
pub fn upgradeable_program_accounts(
    id: &Address,
    elf: &[u8],
    upgrade_authority: Option<&Address>,
) -> [(Address, Account); 2] {
    let loader = openrsp_sdk::deploy::LOADER;
    let programdata = openrsp_sdk::deploy::programdata_address(id);
    let rent = solana_rent::Rent::default();
    let mut program_data = 2u32.to_le_bytes().to_vec();
    program_data.extend_from_slice(programdata.as_ref());
    let mut data = 3u32.to_le_bytes().to_vec();
    data.extend_from_slice(&0u64.to_le_bytes());
    match upgrade_authority {
        Some(key) => {
            data.push(1);
            data.extend_from_slice(key.as_ref());
        }
        None => data.extend_from_slice(&[0; 33]),
    }
    data.extend_from_slice(elf);
    [
        (
            *id,
            Account {
                lamports: rent.minimum_balance(program_data.len()),
                data: program_data,
                owner: loader,
                executable: true,
                rent_epoch: u64::MAX,
            },
        ),
        (
            programdata,
            Account {
                lamports: rent.minimum_balance(data.len()),
                data,
                owner: loader,
                executable: false,
                rent_epoch: u64::MAX,
            },
        ),
    ]
}

pub async fn set_time(ctx: &ProgramTestContext, unix_timestamp: i64) {
    let mut clock: Clock = ctx.banks_client.get_sysvar().await.expect("clock");
    clock.unix_timestamp = unix_timestamp;
    ctx.set_sysvar(&clock);
}

/// Outcome of a transaction: compute units on success, the transaction error otherwise.
pub type TxResult = Result<TxMeta, TransactionError>;

#[derive(Debug)]
pub struct TxMeta {
    pub compute_units: u64,
    pub logs: Vec<String>,
}

/// Sends `ixs` paid by the context payer and signed by `signers`, on a fresh blockhash (so that
/// sending the same instructions twice is two transactions).
pub async fn send(
    ctx: &mut ProgramTestContext,
    ixs: &[Instruction],
    signers: &[&Keypair],
) -> TxResult {
    let blockhash = ctx.get_new_latest_blockhash().await.expect("blockhash");
    send_with(ctx, ixs, signers, blockhash).await
}

/// Like [`send`] on the current blockhash, without waiting for a new one: for many distinct
/// transactions in a row.
pub async fn send_now(
    ctx: &mut ProgramTestContext,
    ixs: &[Instruction],
    signers: &[&Keypair],
) -> TxResult {
    let blockhash = ctx
        .banks_client
        .get_latest_blockhash()
        .await
        .expect("blockhash");
    send_with(ctx, ixs, signers, blockhash).await
}

async fn send_with(
    ctx: &mut ProgramTestContext,
    ixs: &[Instruction],
    signers: &[&Keypair],
    blockhash: solana_hash::Hash,
) -> TxResult {
    let mut all: Vec<&Keypair> = vec![&ctx.payer];
    all.extend(signers.iter().copied());
    let tx = Transaction::new_signed_with_payer(ixs, Some(&ctx.payer.pubkey()), &all, blockhash);
    let out = ctx
        .banks_client
        .process_transaction_with_metadata(tx)
        .await
        .map_err(|e: BanksClientError| e.unwrap())?;
    let meta = out.metadata.expect("metadata");
    out.result.map(|_| TxMeta {
        compute_units: meta.compute_units_consumed,
        logs: meta.log_messages,
    })
}

/// Asserts that `result` failed with `expected`: one of the registry's errors or of the shared
/// checks' (`FrameworkError`), which every program raises with the same code.
#[track_caller]
pub fn assert_error<E>(result: TxResult, expected: E)
where
    E: Into<pinocchio::error::ProgramError> + std::fmt::Debug + Copy,
{
    match result {
        Err(TransactionError::InstructionError(_, InstructionError::Custom(code))) => assert_eq!(
            pinocchio::error::ProgramError::Custom(code),
            expected.into(),
            "expected {expected:?}, got custom error {code}"
        ),
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

/// Asserts that `result` failed with eid-commitment's `expected` error.
#[track_caller]
pub fn assert_eid_error(result: TxResult, expected: EidError) {
    match result {
        Err(TransactionError::InstructionError(_, InstructionError::Custom(code))) => assert_eq!(
            EidError::from_code(code),
            Some(expected),
            "expected {expected:?}, got custom error {code}"
        ),
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

pub async fn account(ctx: &mut ProgramTestContext, address: &Address) -> Option<Account> {
    ctx.banks_client
        .get_account(*address)
        .await
        .expect("get_account")
}

pub async fn fund(ctx: &mut ProgramTestContext, to: &Address, lamports: u64) {
    let ix = solana_system_interface::instruction::transfer(&ctx.payer.pubkey(), to, lamports);
    send(ctx, &[ix], &[]).await.expect("fund");
}

/// Replaces an account's contents (to forge owners and layouts in attack tests).
pub fn put_account(ctx: &mut ProgramTestContext, address: &Address, account: Account) {
    ctx.set_account(address, &AccountSharedData::from(account));
}

/// A registry with the SGP.26 NIST CI as trust anchor and the test circuit's key registered for
/// the SM-DP+ roles; the context payer is the authority.
pub struct Fixture {
    pub ctx: ProgramTestContext,
    pub authority: Keypair,
    pub ci: RspCertificate,
    pub anchor_key_id: [u8; 20],
    pub circuit_id: u32,
}

/// `add_trust_anchor` arguments for a CI certificate.
pub fn anchor_args(ci: &RspCertificate, name: &str) -> TrustAnchorArgs {
    TrustAnchorArgs {
        key_id: ci.anchor_key_id().unwrap(),
        curve: ci.curve as u8,
        public_key: ci.public_key,
        name: TrustAnchorArgs::name_bytes(name),
    }
}

pub const DP_ROLES_MASK: u16 = (1 << 3) | (1 << 4) | (1 << 5);

impl Fixture {
    /// Starts at a time inside the DPauth certificate's window, on the registry's localnet build,
    /// with the test circuit's key registered for the SGP.26 NIST CI.
    pub async fn new() -> Fixture {
        let mut fixture = Fixture::with_anchor(ProgramBuild::Localnet).await;
        let vk = fixture.vk_args(TEST_STATEMENT_CIRCUIT_ID, DP_ROLES_MASK);
        fixture.add_vk(&vk).await.expect("add vk");
        fixture
    }

    /// The registry of `build` with the SGP.26 NIST CI as its trust anchor and no verifying key.
    pub async fn with_anchor(build: ProgramBuild) -> Fixture {
        let dp = dp_auth_nist();
        let now = (dp.not_before + (dp.not_after - dp.not_before) / 2) as i64;
        let mut ctx = start_build(now, build).await;
        let authority = Keypair::new();
        fund(&mut ctx, &authority.pubkey(), 1_000_000_000).await;
        let payer = ctx.payer.pubkey();
        send(
            &mut ctx,
            &[ixs::initialize_registry(
                &PROGRAM_ID,
                &payer,
                &payer,
                &authority.pubkey(),
            )],
            &[],
        )
        .await
        .expect("initialize");
        let ci = ci_nist();
        let anchor_key_id = ci.anchor_key_id().unwrap();
        let mut fixture = Fixture {
            ctx,
            authority,
            ci,
            anchor_key_id,
            circuit_id: TEST_STATEMENT_CIRCUIT_ID,
        };
        let ci = fixture.ci.clone();
        fixture
            .add_anchor(&ci, "GSMA SGP.26 Test CI (NIST)")
            .await
            .expect("add anchor");
        fixture
    }

    /// Sends `ix` signed by the registry authority (the context payer pays).
    pub async fn send_as_authority(&mut self, ix: Instruction) -> TxResult {
        let authority = self.authority.insecure_clone();
        send(&mut self.ctx, &[ix], &[&authority]).await
    }

    /// Registers `ci` as a trust anchor.
    pub async fn add_anchor(&mut self, ci: &RspCertificate, name: &str) -> TxResult {
        let payer = self.ctx.payer.pubkey();
        let ix = ixs::add_trust_anchor(
            &PROGRAM_ID,
            &self.authority.pubkey(),
            &payer,
            &anchor_args(ci, name),
        );
        self.send_as_authority(ix).await
    }

    pub fn vk_args(&self, circuit_id: u32, role_mask: u16) -> VerifyingKeyArgs {
        prover::verifying_key_args(
            test_circuit_keys().verifying_key(),
            circuit_id,
            1,
            role_mask,
            self.anchor_key_id,
        )
        .unwrap()
    }

    pub async fn add_vk(&mut self, args: &VerifyingKeyArgs) -> TxResult {
        let payer = self.ctx.payer.pubkey();
        let ix = ixs::add_verifying_key(&PROGRAM_ID, &self.authority.pubkey(), &payer, args);
        let authority = self.authority.insecure_clone();
        send(&mut self.ctx, &[ix], &[&authority]).await
    }

    /// A funded key.
    pub async fn funded_key(&mut self) -> Keypair {
        let k = Keypair::new();
        fund(&mut self.ctx, &k.pubkey(), 1_000_000_000).await;
        k
    }

    /// `register_certificate` arguments for `cert` with a real proof bound to `registrant`.
    pub fn register_args(
        &self,
        cert: &RspCertificate,
        registrant: &Address,
    ) -> ixs::RegisterCertificateArgs {
        self.register_args_for(cert, registrant, self.circuit_id)
    }

    /// As [`Fixture::register_args`], for the key registered as `circuit_id`.
    pub fn register_args_for(
        &self,
        cert: &RspCertificate,
        registrant: &Address,
        circuit_id: u32,
    ) -> ixs::RegisterCertificateArgs {
        let statement = prover::statement_for(cert, circuit_id, registrant).unwrap();
        let key = SubjectKey::of(cert).unwrap();
        let file = prover::prove_with_test_circuit(test_circuit_keys(), &statement, &key).unwrap();
        prover::register_args(&statement, key, file.proof().unwrap())
    }

    /// Registers the real certificate circuit's verifying key for the SM-DP+ roles; returns its
    /// circuit id.
    pub async fn add_cert_circuit(&mut self) -> u32 {
        let (circuit, keys) = cert_circuit();
        let args = prover::verifying_key_args(
            keys.verifying_key(),
            circuit.circuit_id(),
            1,
            DP_ROLES_MASK,
            self.anchor_key_id,
        )
        .unwrap();
        self.add_vk(&args).await.expect("add cert_p256 vk");
        circuit.circuit_id()
    }

    /// `register_certificate` arguments with a real `cert_p256` proof of `cert`.
    pub fn prove_certificate(
        cert: &RspCertificate,
        registrant: &Address,
    ) -> Result<ixs::RegisterCertificateArgs, openrsp_sdk::SdkError> {
        let (circuit, keys) = cert_circuit();
        let file = circuit.prove(keys, cert, circuit.circuit_id(), registrant)?;
        let statement = prover::statement_for(cert, circuit.circuit_id(), registrant)?;
        Ok(prover::register_args(
            &statement,
            file.subject_key()?,
            file.proof()?,
        ))
    }

    /// Registers with the possession signature of the certificate's own key (found among the
    /// test keys by the subject key).
    pub async fn register(
        &mut self,
        registrant: &Keypair,
        args: &ixs::RegisterCertificateArgs,
    ) -> TxResult {
        let signature = self
            .possession_signature(&registrant.pubkey(), args, &key_signer(&args.subject_key))
            .await;
        self.register_signed(registrant, args, &signature).await
    }

    /// Registers with `signature` as the possession signature in a well-formed precompile
    /// instruction.
    pub async fn register_signed(
        &mut self,
        registrant: &Keypair,
        args: &ixs::RegisterCertificateArgs,
        signature: &[u8; 64],
    ) -> TxResult {
        let version = self.circuit_version(args).await;
        let ixs = ixs::register_certificate_signed(
            &PROGRAM_ID,
            &registrant.pubkey(),
            args,
            version,
            signature,
        );
        send(&mut self.ctx, &ixs, &[registrant]).await
    }

    /// The circuit version of the registered verifying key `args` name (1 if there is none).
    pub async fn circuit_version(&mut self, args: &ixs::RegisterCertificateArgs) -> u16 {
        let address = pda::verifying_key(&PROGRAM_ID, &args.anchor_key_id, args.circuit_id).0;
        match account(&mut self.ctx, &address).await {
            Some(a) => u16::from_le_bytes(
                cert_registry::state::VerifyingKey::from_bytes(&a.data)
                    .expect("verifying key")
                    .circuit_version,
            ),
            None => 1,
        }
    }

    /// `signer`'s low-S signature of the possession message for `args` and `registrant`, with
    /// the circuit version on chain. Not checked against the subject key: attack tests sign with
    /// the wrong key on purpose.
    pub async fn possession_signature(
        &mut self,
        registrant: &Address,
        args: &ixs::RegisterCertificateArgs,
        signer: &KeyFileSigner,
    ) -> [u8; 64] {
        let version = self.circuit_version(args).await;
        let message = ixs::possession_request(&PROGRAM_ID, registrant, args, version).message();
        openrsp_sdk::cert_registry::possession::low_s(&signer.sign(&message).expect("sign"))
            .expect("signature")
    }
}

/// The private keys the tests hold: SGP.26 ships its SM-DP+ keys (`SK_*`), the test PKI's are in
/// `circuits/testdata` (`*.key.pem`).
pub fn test_key_files() -> Vec<PathBuf> {
    let sgp26 = root().join("../shared/vectors/sgp26");
    let mut files: Vec<PathBuf> = [
        "DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem",
        "DPauth/SK_S_SM_DP2auth_ECDSA_NIST.pem",
        "DPpb/SK_S_SM_DPpb_ECDSA_NIST.pem",
        "DPpb/SK_S_SM_DP2pb_ECDSA_NIST.pem",
        "DPtls/SK_S_SM_DP_TLS_NIST.pem",
    ]
    .iter()
    .map(|f| sgp26.join(f))
    .collect();
    for name in ["ci", "eum", "euicc-1"] {
        files.push(
            root()
                .join("circuits/testdata")
                .join(format!("{name}.key.pem")),
        );
    }
    files
}

/// The signer of the test key whose public key is `key`.
pub fn key_signer(key: &SubjectKey) -> KeyFileSigner {
    let wanted = key.verifying_key().expect("a P-256 key");
    test_key_files()
        .iter()
        .filter_map(|path| KeyFileSigner::from_file(path).ok())
        .find(|signer| *signer.signing_key().verifying_key() == wanted)
        .unwrap_or_else(|| panic!("no test key file holds the key {}", key.to_hex()))
}

/// A P-256 key nobody's certificate certifies (a stranger's own).
pub fn stranger_signer() -> KeyFileSigner {
    let pem = openrsp_sdk::cert_registry::possession::random_key_pem().expect("key");
    KeyFileSigner::from_pem(&pem, std::path::Path::new("stranger.pem")).expect("key")
}

/// A certificate of the fixed test PKI in `circuits/testdata` (`ci.der`, `eum.der`, `euicc-1.der`
/// and their `*.key.pem`: made by `openrsp testpki`, kept so that circuit keys for its CI can be
/// cached across runs, and so that the EUM can sign its registration).
pub fn test_pki(name: &str) -> RspCertificate {
    let path = root().join("circuits/testdata").join(name);
    RspCertificate::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `cert_p256` circuit of the test-PKI CI and its keys (cached under `target/test-keys`).
pub fn test_ci_circuit() -> &'static (prover::Circuit, CircuitKeys) {
    static CIRCUIT: OnceLock<(prover::Circuit, CircuitKeys)> = OnceLock::new();
    CIRCUIT.get_or_init(|| {
        let circuit =
            prover::Circuit::from_name("cert-p256", Some(&test_pki("ci.der"))).expect("circuit");
        let (keys, _) = circuit
            .load_or_setup(&test_keys_dir())
            .expect("cert_p256 keys of the test CI");
        (circuit, keys)
    })
}

/// The `euicc_chain` keys (cached under `target/test-keys`).
pub fn eid_keys() -> &'static CircuitKeys {
    static KEYS: OnceLock<CircuitKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        openrsp_sdk::eid_commitment::proof::eid_circuit_keys(&test_keys_dir())
            .expect("euicc_chain keys")
            .0
    })
}

pub const EUM_ROLE_MASK: u16 = 1 << 2;

/// Where the fixed test PKI lives.
pub fn test_pki_dir() -> PathBuf {
    root().join("circuits/testdata")
}

/// A DPauth of the test CI: the SM-DP+ whose initiateAuthentication the chip's binding goes
/// through (any SM-DP+ its eUICC trusts would do).
pub fn test_dp_auth() -> &'static openrsp_sdk::testpki::Issued {
    static DP_AUTH: OnceLock<openrsp_sdk::testpki::Issued> = OnceLock::new();
    DP_AUTH.get_or_init(|| {
        let ci = openrsp_sdk::testpki::Issued::load(&test_pki_dir(), "ci").expect("test CI");
        openrsp_sdk::testpki::issue_dp_auth(&ci, TEST_SMDP_ADDRESS, &[]).expect("DPauth")
    })
}

/// The test SM-DP+'s address.
pub const TEST_SMDP_ADDRESS: &str = "testsmdpplus1.example.com";

/// The test PKI's chip `euicc-1` in software, trusting the test CI.
pub fn test_chip() -> openrsp_sdk::euicc::EmulatedEuicc {
    let dir = test_pki_dir();
    let load = |stem: &str| openrsp_sdk::testpki::Issued::load(&dir, stem).expect(stem);
    openrsp_sdk::euicc::EmulatedEuicc::new(
        &load("euicc-1"),
        &load("eum").certificate_der,
        &[&load("ci").certificate_der],
    )
    .expect("emulated eUICC")
}

/// What chip `euicc-1` answers when its holder binds `owner` after `slot_hash`.
pub fn chip_answer(
    owner: &Address,
    slot_hash: &[u8; 32],
) -> openrsp_sdk::euicc::AuthenticateServerResponse {
    openrsp_sdk::euicc::bind_chip(
        &mut test_chip(),
        test_dp_auth(),
        TEST_SMDP_ADDRESS,
        &owner.to_bytes(),
        slot_hash,
    )
    .expect("the chip's answer")
}

/// The newest entry of the SlotHashes sysvar `(slot, hash)`.
pub async fn newest_slot_hash(ctx: &mut ProgramTestContext) -> (u64, [u8; 32]) {
    let data = account(ctx, &solana_sdk_ids::sysvar::slot_hashes::ID)
        .await
        .expect("SlotHashes sysvar")
        .data;
    openrsp_sdk::eid_commitment::newest_slot_hash(&data).expect("SlotHashes is empty")
}

/// Moves the bank `slots` slots on, keeping its clock's time: what a chip binding made now names
/// is then the newest slot hash, and bindings made before are older.
pub async fn advance_slots(ctx: &mut ProgramTestContext, slots: u64) {
    let clock: Clock = ctx.banks_client.get_sysvar().await.expect("clock");
    ctx.warp_to_slot(clock.slot + slots).expect("warp");
    set_time(ctx, clock.unix_timestamp).await;
}

/// A registry with the test-PKI CI as a second trust anchor, the EUM tree, the test EUM
/// registered (its key is leaf 0), and eid-commitment configured with the `euicc_chain` key.
pub struct EidFixture {
    pub f: Fixture,
    pub eum: RspCertificate,
    /// The EUM's registrant.
    pub eum_registrant: Keypair,
    /// Compute units of the EUM registration (tree update included).
    pub eum_registration_cu: u64,
    /// Key id of the test CI, the anchor behind the EUM.
    pub anchor_key_id: [u8; 20],
}

impl EidFixture {
    /// With `real_proofs`, the EUM registers with a real `cert_p256` proof and the config holds
    /// the real `euicc_chain` verifying key; without, the test-statement circuit stands in for
    /// both (for attack tests that never reach a valid proof).
    pub async fn new(real_proofs: bool) -> EidFixture {
        let mut f = Fixture::new().await;
        let ci = test_pki("ci.der");
        f.add_anchor(&ci, "OpenRSP Test CI").await.expect("anchor");
        let test_anchor = ci.anchor_key_id().unwrap();
        let eum = test_pki("eum.der");
        let eum_registrant = f.funded_key().await;
        let args = if real_proofs {
            let (circuit, keys) = test_ci_circuit();
            let vk = prover::verifying_key_args(
                keys.verifying_key(),
                circuit.circuit_id(),
                1,
                EUM_ROLE_MASK,
                test_anchor,
            )
            .unwrap();
            f.add_vk(&vk).await.expect("cert_p256 vk");
            let file = circuit
                .prove(keys, &eum, circuit.circuit_id(), &eum_registrant.pubkey())
                .expect("EUM proof");
            let statement =
                prover::statement_for(&eum, circuit.circuit_id(), &eum_registrant.pubkey())
                    .unwrap();
            prover::register_args(
                &statement,
                file.subject_key().unwrap(),
                file.proof().unwrap(),
            )
        } else {
            // The test circuit's key for the test-PKI CI, filed beside the SGP.26 CI's.
            const TEST_EUM_CIRCUIT: u32 = TEST_STATEMENT_CIRCUIT_ID;
            let mut vk = f.vk_args(TEST_EUM_CIRCUIT, EUM_ROLE_MASK);
            vk.anchor_key_id = test_anchor;
            f.add_vk(&vk).await.expect("test vk");
            f.register_args_for(&eum, &eum_registrant.pubkey(), TEST_EUM_CIRCUIT)
        };
        let payer = f.ctx.payer.pubkey();
        f.send_as_authority(ixs::initialize_eum_tree(
            &PROGRAM_ID,
            &f.authority.pubkey(),
            &payer,
        ))
        .await
        .expect("EUM tree");
        let eum_registration_cu = f
            .register(&eum_registrant, &args)
            .await
            .expect("EUM registers")
            .compute_units;

        let key = if real_proofs {
            eid_keys().verifying_key().clone()
        } else {
            test_circuit_keys().verifying_key().clone()
        };
        let vk = openrsp_sdk::eid_commitment::instructions::EidVerifyingKeyArgs {
            circuit_id: openrsp_circuits::euicc_chain::CIRCUIT_ID,
            circuit_version: openrsp_circuits::euicc_chain::REVISION as u16,
            key: openrsp_sdk::zk::encode_verifying_key(&key).unwrap(),
        };
        let ix = openrsp_sdk::eid_commitment::instructions::initialize_config(
            &EID_PROGRAM_ID,
            &payer,
            &payer,
            &f.authority.pubkey(),
            &PROGRAM_ID,
            &vk,
        );
        send(&mut f.ctx, &[ix], &[]).await.expect("eid config");
        EidFixture {
            f,
            eum,
            eum_registrant,
            eum_registration_cu,
            anchor_key_id: test_anchor,
        }
    }

    /// The EUM's certificate record.
    pub async fn eum_record(&mut self) -> cert_registry::state::CertificateRecord {
        let commitment = self.eum.commitment().unwrap();
        let record = account(
            &mut self.f.ctx,
            &pda::certificate(&PROGRAM_ID, &commitment).0,
        )
        .await
        .expect("EUM record");
        *cert_registry::state::CertificateRecord::from_bytes(&record.data).unwrap()
    }

    /// The address of the EUM key's marker (`["eum_key", x]`).
    pub fn eum_marker(&self) -> Address {
        let mut x = [0u8; 32];
        x.copy_from_slice(&self.eum.public_key[..32]);
        pda::eum_key(&PROGRAM_ID, &x).0
    }

    /// The chain's clock (unix seconds): what an EID proof made now names as its `valid_at`.
    pub async fn clock(&mut self) -> u64 {
        let clock: Clock = self.f.ctx.banks_client.get_sysvar().await.expect("clock");
        u64::try_from(clock.unix_timestamp).expect("clock after 1970")
    }

    /// The registry's EUM tree as the SDK rebuilds it (here from the one registered EUM), checked
    /// against the on-chain root.
    pub async fn leaves(&mut self) -> openrsp_sdk::cert_registry::EumTreeLeaves {
        let tree_address = pda::eum_tree(&PROGRAM_ID).0;
        let on_chain = account(&mut self.f.ctx, &tree_address).await.expect("tree");
        let tree = *cert_registry::state::EumTree::from_bytes(&on_chain.data).unwrap();
        let mut leaves = openrsp_sdk::cert_registry::EumTreeLeaves {
            tree: openrsp_circuits::merkle::MerkleTree::new().unwrap(),
            leaves: Vec::new(),
        };
        let commitment = self.eum.commitment().unwrap();
        let record = account(
            &mut self.f.ctx,
            &pda::certificate(&PROGRAM_ID, &commitment).0,
        )
        .await
        .expect("EUM record");
        let record = *cert_registry::state::CertificateRecord::from_bytes(&record.data).unwrap();
        if let Some(leaf) = openrsp_sdk::cert_registry::EumTreeLeaf::of(&record) {
            leaves
                .tree
                .set(
                    leaf.index as usize,
                    openrsp_sdk::zk::fr_from_be(&record.eum_leaf().unwrap()).unwrap(),
                )
                .unwrap();
            leaves.leaves.push(leaf);
        }
        assert_eq!(leaves.root(), tree.root(), "rebuilt EUM tree root");
        leaves
    }
}
