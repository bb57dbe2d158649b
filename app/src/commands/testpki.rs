//! `openrsp testpki`: issue a test CI, EUM and eUICCs following the GSMA certificate profiles.

use crate::context::{CmdResult, Context};
use anyhow::{anyhow, Context as _};
use clap::Args;
use openrsp_sdk::testpki::TestPki;
use serde_json::json;
use std::path::{Path, PathBuf};

#[derive(Args)]
#[command(
    after_help = "Example:\n  openrsp testpki --out pki --iin 89049032 --euiccs 2\n\nWrites ci.der, eum.der, euicc-<n>.der with their keys (*.key.pem, PKCS#8) for tests and demos.\nThese are test certificates under a test CI: never trust them on a real cluster."
)]
pub struct TestPkiArgs {
    /// Directory to write to (created; existing files are not overwritten).
    #[arg(long)]
    pub out: PathBuf,
    /// The EUM's IIN: the 8 digits every EID it issues starts with.
    #[arg(long, default_value = "89049032")]
    pub iin: String,
    /// How many eUICC certificates to issue.
    #[arg(long, default_value_t = 1)]
    pub euiccs: usize,
}

fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {} (it must not exist yet)", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))
}

pub fn run(ctx: &mut Context, args: TestPkiArgs) -> CmdResult {
    if args.euiccs > 1000 {
        return Err(anyhow!("at most 1000 eUICCs at a time").into());
    }
    let pki = TestPki::issue(&args.iin, args.euiccs)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut written = Vec::new();
    let mut save = |stem: &str, issued: &openrsp_sdk::testpki::Issued| -> anyhow::Result<PathBuf> {
        let cert = args.out.join(format!("{stem}.der"));
        write_new(&cert, &issued.certificate_der)?;
        write_new(
            &args.out.join(format!("{stem}.key.pem")),
            issued.key_pem()?.as_bytes(),
        )?;
        written.push(cert.clone());
        Ok(cert)
    };
    let ci = save("ci", &pki.ci)?;
    let eum = save("eum", &pki.eum)?;
    let mut chips = Vec::new();
    for (n, (eid, chip)) in pki.euiccs.iter().enumerate() {
        let path = save(&format!("euicc-{}", n + 1), chip)?;
        chips.push(json!({ "eid": eid, "certificate": path }));
    }
    ctx.print(
        json!({ "ci": ci, "eum": eum, "iin": args.iin, "euiccs": chips }),
        || {
            let mut lines = vec![
                format!("test CI  {}", ci.display()),
                format!("EUM      {} (IIN {})", eum.display(), args.iin),
            ];
            for (eid, chip) in pki
                .euiccs
                .iter()
                .map(|(e, _)| e)
                .zip(written.iter().skip(2))
            {
                lines.push(format!("eUICC    {} (EID {eid})", chip.display()));
            }
            lines.join("\n")
        },
    );
    Ok(())
}
