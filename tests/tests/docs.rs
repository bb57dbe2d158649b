//! The documentation stays true to the code: every relative link resolves, the README stays the
//! front door, and each program's generated compute-unit table (`make bench`) names exactly the
//! instructions of its IDL, so a new instruction cannot go undocumented.

use openrsp_tests::{root, tables};
use std::path::Path;

/// The markdown files of the project (not vendored or generated ones).
fn markdown_files() -> Vec<std::path::PathBuf> {
    let mut files = vec![root().join("README.md")];
    for dir in [
        "docs",
        "programs",
        "circuits",
        "app",
        "sdk",
        "migrations",
        "tools/vectors",
    ] {
        let mut stack = vec![root().join(dir)];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name();
                if name == "node_modules" || name == "target" {
                    continue;
                }
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    files.push(path);
                }
            }
        }
    }
    files
}

/// The targets of `[text](target)` links in `text`.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        if let Some(j) = rest.find(')') {
            out.push(rest[..j].to_string());
            rest = &rest[j..];
        }
    }
    out
}

#[test]
fn every_relative_link_resolves() {
    let mut broken = Vec::new();
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let dir = file.parent().unwrap_or(Path::new("."));
        for link in links(&text) {
            if link.starts_with("http") || link.starts_with('#') || link.contains(' ') {
                continue;
            }
            let target = link.split('#').next().unwrap_or_default();
            if !dir.join(target).exists() {
                broken.push(format!("{}: {link}", file.display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_is_the_front_door() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(
        lines <= 160,
        "README.md has {lines} lines: move details to docs/"
    );
    for must in [
        "make demo",
        "make test",
        "docs/architecture.md",
        "docs/governance.md",
    ] {
        assert!(readme.contains(must), "README.md does not mention {must}");
    }
}

#[test]
fn each_programs_compute_unit_table_names_its_instructions() {
    let idls = [
        ("cert_registry", "programs/cert-registry/README.md"),
        ("eid_commitment", "programs/eid-commitment/README.md"),
        ("usdc_billing", "programs/usdc-billing/README.md"),
        ("profile_escrow", "programs/profile-escrow/README.md"),
    ];
    for (program, readme) in idls {
        let idl: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root().join(format!("idl/{program}.json"))).unwrap(),
        )
        .unwrap();
        let mut instructions: Vec<String> = idl["instructions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap().to_string())
            .collect();
        instructions.sort();
        let text = std::fs::read_to_string(root().join(readme)).unwrap();
        let block = tables::block(&text, &format!("cu:{program}"))
            .unwrap_or_else(|| panic!("{readme} has no generated compute-unit table"));
        let mut listed: Vec<String> = block
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split('`').next())
            .map(str::to_string)
            .filter(|n| !n.ends_with("_eum"))
            .collect();
        listed.sort();
        assert_eq!(
            listed, instructions,
            "{readme}: the table is not the IDL's instructions (run `make bench`)"
        );
    }
}

#[test]
fn a_generated_block_is_replaced_and_nothing_else() {
    let text = "before\n<!-- generated:x -->\nold\n<!-- end generated -->\nafter\n";
    let out = tables::replace_block(text, "x", "new\n").unwrap();
    assert_eq!(
        out,
        "before\n<!-- generated:x -->\nnew\n<!-- end generated -->\nafter\n"
    );
    assert!(tables::replace_block(text, "y", "new\n").is_err());
}
