//! Deployment with the upgradeable loader through the SDK's `Ledger` trait, on an embedded ledger
//! that starts without our programs (a stand-in cluster): deploy, the same bytes again (nothing
//! happens), an upgrade to other bytes and back, and the deployed program then serving calls.

use openrsp_sdk::{
    cert_registry::CertRegistry,
    client::{EmbeddedLedger, Ledger},
    deploy::{deploy_program, deployed_bytes, DeployOutcome},
    programs::CERT_REGISTRY_ID,
    Keypair, Signer,
};
use openrsp_tests::root;

fn program_keypair(name: &str) -> Keypair {
    let path = root()
        .join("migrations/keys")
        .join(format!("{name}-keypair.json"));
    let bytes: Vec<u8> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    Keypair::try_from(bytes.as_slice()).unwrap()
}

fn elf(name: &str) -> Vec<u8> {
    std::fs::read(root().join("target/deploy").join(format!("{name}.so"))).expect("make build")
}

#[test]
fn deploy_is_idempotent_and_upgrades() {
    let mut ledger = EmbeddedLedger::in_memory_empty();
    let payer = Keypair::new();
    let authority = Keypair::new();
    ledger.fund(&payer.pubkey(), 100_000_000_000).unwrap();
    ledger.fund(&authority.pubkey(), 1_000_000_000).unwrap();
    let program = program_keypair("cert_registry");
    assert_eq!(program.pubkey(), CERT_REGISTRY_ID);
    let registry = elf("cert_registry");
    let other = elf("eid_commitment");

    assert_eq!(deployed_bytes(&ledger, &CERT_REGISTRY_ID).unwrap(), None);
    let outcome = deploy_program(&mut ledger, &payer, &authority, &program, &registry).unwrap();
    assert_eq!(outcome, DeployOutcome::Deployed);
    let bytes = deployed_bytes(&ledger, &CERT_REGISTRY_ID).unwrap().unwrap();
    assert_eq!(&bytes[..registry.len()], &registry[..]);
    assert_eq!(bytes.len(), registry.len() * 2, "room for twice the size");
    // Again: nothing to do, no transaction.
    let balance = ledger.balance(&payer.pubkey()).unwrap();
    let outcome = deploy_program(&mut ledger, &payer, &authority, &program, &registry).unwrap();
    assert_eq!(outcome, DeployOutcome::Unchanged);
    assert_eq!(ledger.balance(&payer.pubkey()).unwrap(), balance);
    // Other bytes: an upgrade; and back.
    let outcome = deploy_program(&mut ledger, &payer, &authority, &program, &other).unwrap();
    assert_eq!(outcome, DeployOutcome::Upgraded);
    let bytes = deployed_bytes(&ledger, &CERT_REGISTRY_ID).unwrap().unwrap();
    assert_eq!(&bytes[..other.len()], &other[..]);
    let outcome = deploy_program(&mut ledger, &payer, &authority, &program, &registry).unwrap();
    assert_eq!(outcome, DeployOutcome::Upgraded);
    // Another authority cannot upgrade.
    let stranger = Keypair::new();
    ledger.fund(&stranger.pubkey(), 1_000_000_000).unwrap();
    assert!(deploy_program(&mut ledger, &payer, &stranger, &program, &other).is_err());

    // The deployed program serves: only its upgrade authority (read from the ProgramData account
    // the real loader wrote) sets it up; then the registry reads back.
    let mut reg = CertRegistry::new(&mut ledger as &mut dyn Ledger, CERT_REGISTRY_ID);
    let refused = reg
        .initialize(&payer, &payer, &payer.pubkey())
        .expect_err("the payer did not deploy the program");
    assert!(
        refused.to_string().contains("NotUpgradeAuthority"),
        "{refused}"
    );
    assert_eq!(
        openrsp_sdk::governance::upgrade_authority(reg.ledger, &CERT_REGISTRY_ID).unwrap(),
        Some(authority.pubkey())
    );
    reg.initialize(&payer, &authority, &authority.pubkey())
        .expect("initialize on the deployed program");
    let view = reg.registry().unwrap().expect("registry account");
    assert_eq!(view.authority, authority.pubkey().to_string());
}
