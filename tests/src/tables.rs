//! The figures tables of the documentation, generated from what `make bench` measured
//! (`target/bench/cu.json`, `target/bench/zk.json`) into the blocks marked
//! `<!-- generated:NAME -->` ... `<!-- end generated -->`, so no figure is typed by hand.

use crate::cu::{goal, CAPS};
use serde_json::Value;
use std::path::Path;

const END: &str = "<!-- end generated -->";

/// Every documentation file with a generated block, and the block names in it.
pub const FILES: &[(&str, &[&str])] = &[
    ("programs/cert-registry/README.md", &["cu:cert_registry"]),
    ("programs/eid-commitment/README.md", &["cu:eid_commitment"]),
    ("programs/usdc-billing/README.md", &["cu:usdc_billing"]),
    ("programs/profile-escrow/README.md", &["cu:profile_escrow"]),
    ("docs/costs.md", &["fees"]),
    ("circuits/README.md", &["zk"]),
];

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The compute-unit table of `program`.
fn cu_table(cu: &Value, program: &str) -> Result<String, String> {
    let costs = cu[program]
        .as_object()
        .ok_or_else(|| format!("cu.json has no {program}"))?;
    let mut out =
        String::from("| instruction | CU | cap in `make test` | goal |\n|---|---:|---:|---:|\n");
    for (name, units) in costs {
        let units = units
            .as_u64()
            .ok_or_else(|| format!("{program}.{name}: not a number"))?;
        let cap = CAPS
            .iter()
            .find(|(p, i, _, _)| *p == program && *i == name)
            .map_or("none".to_string(), |c| thousands(c.3));
        out.push_str(&format!(
            "| `{name}` | {} | {cap} | {} |\n",
            thousands(units),
            thousands(goal(name))
        ));
    }
    Ok(out)
}

fn fees_table(cu: &Value) -> Result<String, String> {
    let fees = cu["fee_lamports"]
        .as_object()
        .ok_or("cu.json has no fee_lamports")?;
    let mut out = String::from("| transaction | lamports |\n|---|---:|\n");
    for (name, lamports) in fees {
        let lamports = lamports
            .as_u64()
            .ok_or_else(|| format!("fee of {name}: not a number"))?;
        out.push_str(&format!("| `{name}` | {} |\n", thousands(lamports)));
    }
    Ok(out)
}

fn zk_table(zk: &Value) -> Result<String, String> {
    let circuits = zk.as_object().ok_or("zk.json is not an object")?;
    let mut out = String::from(
        "| circuit | constraints | setup (s) | prove (s) | peak memory (MB) | input |\n|---|---:|---:|---:|---:|---|\n",
    );
    for (name, c) in circuits {
        let num = |k: &str| {
            c[k].as_f64()
                .ok_or_else(|| format!("{name}.{k}: not a number"))
        };
        out.push_str(&format!(
            "| `{name}` | {} | {:.1} | {:.1} | {:.0} | {} |\n",
            thousands(num("constraints")? as u64),
            num("setup_s")?,
            num("prove_s")?,
            num("peak_rss_mb")?,
            c["input"].as_str().unwrap_or("")
        ));
    }
    Ok(out)
}

/// `text` with the block `name` replaced by `body`.
pub fn replace_block(text: &str, name: &str, body: &str) -> Result<String, String> {
    let begin = format!("<!-- generated:{name} -->");
    let start = text
        .find(&begin)
        .ok_or_else(|| format!("no {begin} block"))?
        + begin.len();
    let end = text[start..]
        .find(END)
        .ok_or_else(|| format!("the {begin} block has no end"))?
        + start;
    Ok(format!("{}\n{body}{}", &text[..start], &text[end..]))
}

/// The body of block `name` in `text`.
pub fn block<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let begin = format!("<!-- generated:{name} -->");
    let start = text.find(&begin)? + begin.len();
    let end = text[start..].find(END)? + start;
    Some(&text[start..end])
}

/// Rewrites every generated block under `root` from the bench's JSON files (the zk table only if
/// `zk.json` exists: `make bench` writes it after `cu.json`).
pub fn write_all(root: &Path) -> Result<Vec<String>, String> {
    let read = |name: &str| -> Result<Option<Value>, String> {
        let path = root.join("target/bench").join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| format!("{}: {e}", path.display())),
            Err(_) => Ok(None),
        }
    };
    let cu = read("cu.json")?.ok_or("target/bench/cu.json is missing: run `make bench`")?;
    let zk = read("zk.json")?;
    let mut written = Vec::new();
    for (file, blocks) in FILES {
        let path = root.join(file);
        let mut text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for name in *blocks {
            let body = match (*name, &zk) {
                ("fees", _) => fees_table(&cu)?,
                ("zk", Some(zk)) => zk_table(zk)?,
                ("zk", None) => continue,
                (n, _) => cu_table(&cu, n.trim_start_matches("cu:"))?,
            };
            text = replace_block(&text, name, &body).map_err(|e| format!("{file}: {e}"))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(file.to_string());
    }
    Ok(written)
}
