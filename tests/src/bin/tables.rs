//! `make bench`, last step: the documentation's figures tables from `target/bench/*.json`
//! ([`openrsp_tests::tables`]).
fn main() {
    match openrsp_tests::tables::write_all(&openrsp_tests::root()) {
        Ok(files) => {
            for file in files {
                println!("wrote the tables of {file}");
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
