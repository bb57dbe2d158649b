//! The deployment on an embedded ledger that starts without our programs (a stand-in cluster; the
//! same `Ledger` trait the RPC backend implements): everything deployed and set up from a config,
//! then a second run that changes nothing.

use openrsp_migrations::{run, Config, Sources};
use openrsp_sdk::{
    cert_registry::CertRegistry,
    certificate::RspCertificate,
    client::{EmbeddedLedger, Ledger},
    usdc_billing::Billing,
    Keypair, Signer,
};
use std::path::Path;

#[test]
fn deploys_everything_once_and_then_changes_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let dir = std::env::temp_dir().join(format!("openrsp-deploy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ci = root.join("../shared/vectors/sgp26/CertificateIssuer/CERT_CI_ECDSA_NIST.der");
    let config_path = dir.join("deploy.json");
    std::fs::write(
        &config_path,
        serde_json::json!({
            "trust_anchors": [{ "name": "SGP.26 Test CI", "cert": ci }],
            "billing": { "fee_bps": 30, "close_notice_seconds": 3600 },
            "escrow": { "dispute_window_seconds": 86400, "delivery_window_seconds": 604800 }
        })
        .to_string(),
    )
    .unwrap();
    let config = Config::read(&config_path).unwrap();
    let sources = Sources {
        programs: root.join("target/deploy"),
        program_keys: root.join("migrations/keys"),
        circuit_keys: root.join("target/test-keys"),
    };
    let mut ledger = EmbeddedLedger::in_memory_empty();
    let payer = Keypair::new();
    ledger.fund(&payer.pubkey(), 100_000_000_000).unwrap();

    let (ids, report) = run(&mut ledger, &payer, &config, &sources).expect("first run");
    let text = report.join("\n");
    assert_eq!(text.matches(": deployed").count(), 4, "{text}");
    assert!(text.contains("registry initialised"), "{text}");
    assert!(text.contains("anchor SGP.26 Test CI: added"), "{text}");
    assert!(text.contains("billing initialised, fee 30 bps"), "{text}");
    assert!(text.contains("escrow initialised"), "{text}");
    let registry = CertRegistry::new(&mut ledger as &mut dyn Ledger, ids.cert_registry);
    assert_eq!(
        registry.registry().unwrap().unwrap().authority,
        payer.pubkey().to_string()
    );
    let key_id = RspCertificate::from_file(&ci)
        .unwrap()
        .anchor_key_id()
        .unwrap();
    assert!(registry.trust_anchor(&key_id).unwrap().is_some());
    let billing = Billing::new(&mut ledger as &mut dyn Ledger, ids.usdc_billing);
    let config_view = billing.config().unwrap().unwrap();
    assert_eq!(config_view.fee_bps, 30);
    assert_eq!(config_view.close_notice_seconds, 3600);

    let balance = ledger.balance(&payer.pubkey()).unwrap();
    let (_, report) = run(&mut ledger, &payer, &config, &sources).expect("second run");
    let text = report.join("\n");
    assert_eq!(text.matches(": unchanged").count(), 4, "{text}");
    assert!(
        !text.contains("added") && !text.contains("initialised"),
        "{text}"
    );
    assert_eq!(
        ledger.balance(&payer.pubkey()).unwrap(),
        balance,
        "no transaction"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
