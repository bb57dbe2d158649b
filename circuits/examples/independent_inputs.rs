//! Writes the inputs of the independent Poseidon vectors (see `tools/vectors/README.md`):
//! `cargo +1.99.1 run -p openrsp-circuits --example independent_inputs > tests/fixtures/independent/inputs.json`

#[path = "../tests/independent/mod.rs"]
mod independent;

fn main() {
    println!(
        "{}",
        serde_json::to_string_pretty(&independent::inputs()).expect("json")
    );
}
