//! Writes `idl/cert_registry.json` (the Anchor IDL) from the program's definitions.
fn main() {
    let idl = openrsp_tests::idl::cert_registry_idl(&openrsp_tests::PROGRAM_ID.to_string());
    let path = openrsp_tests::root().join("idl/cert_registry.json");
    let text = serde_json::to_string_pretty(&idl).expect("serialise") + "\n";
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("error: cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
    println!("wrote {}", path.display());
}
