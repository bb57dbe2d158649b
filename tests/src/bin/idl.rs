//! Writes the Anchor IDLs (`idl/cert_registry.json`, `idl/eid_commitment.json`,
//! `idl/usdc_billing.json`, `idl/profile_escrow.json`) from the programs' definitions.
fn main() {
    let idls = [
        (
            "idl/cert_registry.json",
            openrsp_tests::idl::cert_registry_idl(&openrsp_tests::PROGRAM_ID.to_string()),
        ),
        (
            "idl/eid_commitment.json",
            openrsp_tests::idl::eid_commitment_idl(&openrsp_tests::EID_PROGRAM_ID.to_string()),
        ),
        (
            "idl/usdc_billing.json",
            openrsp_tests::idl::usdc_billing_idl(&openrsp_tests::BILLING_PROGRAM_ID.to_string()),
        ),
        (
            "idl/profile_escrow.json",
            openrsp_tests::idl::profile_escrow_idl(
                &openrsp_tests::market::ESCROW_PROGRAM_ID.to_string(),
            ),
        ),
    ];
    for (file, idl) in idls {
        let path = openrsp_tests::root().join(file);
        let text = serde_json::to_string_pretty(&idl).expect("serialise") + "\n";
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
        println!("wrote {}", path.display());
    }
}
