//! Writes the inputs of the snarkjs vectors (see `tools/vectors/README.md`) into a directory:
//! `statement.json`, `test_statement.r1cs` (the test-statement circuit as arkworks synthesizes
//! it) and `test_statement.wtns` (its full assignment for the statement):
//! `cargo +1.99.1 run -p openrsp-tests --example snarkjs_inputs -- tests/fixtures/snarkjs`

#[path = "../tests/snarkjs_vectors/mod.rs"]
mod snarkjs_vectors;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: snarkjs_inputs DIR"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let (statement, r1cs, wtns) = snarkjs_vectors::inputs();
    for (name, bytes) in [
        ("statement.json", statement.as_bytes()),
        ("test_statement.r1cs", &r1cs[..]),
        ("test_statement.wtns", &wtns[..]),
    ] {
        std::fs::write(dir.join(name), bytes).expect("write");
        eprintln!("{} ({} bytes)", dir.join(name).display(), bytes.len());
    }
}
