//! What every command shares: the ledger (embedded or RPC), the signer, the output format, and how
//! failures become one line and an exit code.

use anyhow::anyhow;
use clap::{Args, ValueEnum};
use openrsp_sdk::{
    client::{cluster_url, solana_config_value, EmbeddedLedger, Ledger, RpcLedger},
    programs::ProgramIds,
    Address, Keypair, SdkError, Signer,
};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct GlobalArgs {
    /// Directory of the embedded ledger [default: <user data dir>/openrsp/ledger].
    #[arg(long, global = true, env = "OPENRSP_LEDGER", conflicts_with = "url")]
    pub ledger: Option<PathBuf>,
    /// RPC endpoint of a real cluster instead of the embedded ledger: a URL or a Solana CLI
    /// moniker (mainnet-beta, devnet, testnet, localhost, or m/d/t/l).
    #[arg(long, short = 'u', global = true, env = "OPENRSP_URL")]
    pub url: Option<String>,
    /// Signer keypair file (Solana CLI format) [default: the Solana CLI config's keypair_path,
    /// else ~/.config/solana/id.json].
    #[arg(long, short = 'k', global = true, env = "OPENRSP_KEYPAIR")]
    pub keypair: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'o', global = true, value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// Directory holding the program .so files loaded by the embedded ledger
    /// [default: target/deploy of this checkout].
    #[arg(long, global = true, env = "OPENRSP_PROGRAMS")]
    pub programs: Option<PathBuf>,
    /// Directory of cached circuit keys [default: <user data dir>/openrsp/keys].
    #[arg(long, global = true, env = "OPENRSP_KEYS")]
    pub keys_dir: Option<PathBuf>,
    /// cert-registry program id [default: the id in Anchor.toml].
    #[arg(long, global = true)]
    pub cert_registry_program: Option<Address>,
    /// eid-commitment program id [default: the id in Anchor.toml].
    #[arg(long, global = true)]
    pub eid_commitment_program: Option<Address>,
    /// usdc-billing program id [default: the id in Anchor.toml].
    #[arg(long, global = true)]
    pub usdc_billing_program: Option<Address>,
    /// profile-escrow program id [default: the id in Anchor.toml].
    #[arg(long, global = true)]
    pub profile_escrow_program: Option<Address>,
}

/// A failed command: its one-line reason and exit code.
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn report(self) -> ExitCode {
        eprintln!("error: {}", self.message);
        ExitCode::from(self.code)
    }

    pub fn with_code(code: u8, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }
}

impl From<SdkError> for Failure {
    fn from(e: SdkError) -> Self {
        let code = if matches!(e, SdkError::Program { .. }) {
            3
        } else {
            1
        };
        Failure {
            code,
            message: e.to_string(),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure {
            code: 1,
            message: format!("{e:#}"),
        }
    }
}

pub type CmdResult = Result<(), Failure>;

pub struct Context {
    pub args: GlobalArgs,
    ledger: Option<Box<dyn Ledger>>,
    pub ids: ProgramIds,
    /// The JSON result of the last command, whatever the output format (the demo reads it).
    pub last_output: Option<Value>,
    /// Print nothing (the demo with `--output json` prints one document at the end).
    pub quiet: bool,
}

fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("org", "openrsp", "openrsp")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".openrsp"))
}

impl Context {
    pub fn new(args: GlobalArgs) -> Result<Self, Failure> {
        let mut ids = ProgramIds::default();
        if let Some(id) = args.cert_registry_program {
            ids.cert_registry = id;
        }
        if let Some(id) = args.eid_commitment_program {
            ids.eid_commitment = id;
        }
        if let Some(id) = args.usdc_billing_program {
            ids.usdc_billing = id;
        }
        if let Some(id) = args.profile_escrow_program {
            ids.profile_escrow = id;
        }
        Ok(Context {
            args,
            ledger: None,
            ids,
            last_output: None,
            quiet: false,
        })
    }

    /// Uses `ledger` from now on instead of the one `--ledger`/`--url` name.
    pub fn set_ledger(&mut self, ledger: Box<dyn Ledger>) {
        self.ledger = Some(ledger);
    }

    /// The ledger `--ledger`/`--url` name, opened now: an embedded ledger in `dir` if given. An
    /// embedded ledger created now deploys the programs with a key of its own (its
    /// `deployer.json`), which the set-up commands use there unless told otherwise.
    pub fn open_ledger(&self, dir: Option<&Path>) -> Result<Box<dyn Ledger>, Failure> {
        self.open_ledger_deployed_by(dir, None)
    }

    /// The embedded ledger's directory (`--ledger`, else the user data directory's); `None` with
    /// `--url`.
    fn embedded_dir(&self) -> Option<PathBuf> {
        if self.args.url.is_some() {
            return None;
        }
        Some(
            self.args
                .ledger
                .clone()
                .unwrap_or_else(|| data_dir().join("ledger")),
        )
    }

    /// [`Self::open_ledger`], a new embedded ledger deployed by `deployer`.
    pub fn open_ledger_deployed_by(
        &self,
        dir: Option<&Path>,
        deployer: Option<&Address>,
    ) -> Result<Box<dyn Ledger>, Failure> {
        Ok(match (&self.args.url, dir) {
            (Some(url), _) => {
                Box::new(RpcLedger::new(&cluster_url(url)).with_program_ids(self.ids))
            }
            (None, dir) => {
                let dir = dir
                    .map(Path::to_path_buf)
                    .or_else(|| self.embedded_dir())
                    .unwrap_or_else(|| data_dir().join("ledger"));
                Box::new(EmbeddedLedger::open_deployed_by(
                    &dir,
                    &self.programs_dir(),
                    &self.ids,
                    deployer,
                )?)
            }
        })
    }

    /// The ledger, opened on first use (commands that need none never touch it).
    pub fn ledger(&mut self) -> Result<&mut dyn Ledger, Failure> {
        if self.ledger.is_none() {
            self.ledger = Some(self.open_ledger(None)?);
        }
        Ok(self.ledger.as_deref_mut().expect("opened above"))
    }

    fn programs_dir(&self) -> PathBuf {
        if let Some(dir) = &self.args.programs {
            return dir.clone();
        }
        let cwd = PathBuf::from("target/deploy");
        if cwd.join("cert_registry.so").exists() {
            return cwd;
        }
        // target/<profile>/openrsp -> target/deploy
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent()?.parent().map(|t| t.join("deploy")))
            .unwrap_or(cwd)
    }

    pub fn keys_dir(&self) -> PathBuf {
        self.args
            .keys_dir
            .clone()
            .unwrap_or_else(|| data_dir().join("keys"))
    }

    /// `--keypair`, else the Solana CLI config's `keypair_path`, else `~/.config/solana/id.json`.
    pub fn keypair_path(&self) -> PathBuf {
        if let Some(path) = &self.args.keypair {
            return expand_home(path);
        }
        let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
        let from_config = home
            .as_ref()
            .and_then(|h| std::fs::read_to_string(h.join(".config/solana/cli/config.yml")).ok())
            .and_then(|text| solana_config_value(&text, "keypair_path"))
            .map(|p| expand_home(Path::new(&p)));
        from_config.unwrap_or_else(|| {
            home.map(|h| h.join(".config/solana/id.json"))
                .unwrap_or_else(|| PathBuf::from("id.json"))
        })
    }

    /// The signer from `--keypair`.
    pub fn signer(&self) -> Result<Keypair, Failure> {
        read_keypair(&self.keypair_path())
    }

    /// The keypair at `path` (a set-up command's `--upgrade-authority`); else, on the embedded
    /// ledger, the ledger's own deployer if it has one; else the signer (who deployed, on a
    /// cluster).
    pub fn upgrade_authority(&self, path: Option<&Path>) -> Result<Keypair, Failure> {
        if let Some(path) = path {
            return read_keypair(&expand_home(path));
        }
        let own = self
            .embedded_dir()
            .map(|dir| dir.join(openrsp_sdk::client::DEPLOYER_FILE))
            .filter(|file| file.exists());
        match own {
            Some(file) => read_keypair(&file),
            None => self.signer(),
        }
    }

    pub fn json(&self) -> bool {
        self.args.output == OutputFormat::Json
    }

    /// Prints a result: `json` with `--output json`, `text` otherwise.
    pub fn print(&mut self, json: Value, text: impl FnOnce() -> String) {
        if !self.quiet {
            if self.json() {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json).unwrap_or_else(|_| json.to_string())
                );
            } else {
                println!("{}", text());
            }
        }
        self.last_output = Some(json);
    }
}

/// `~/x` as `$HOME/x`.
fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(b)) => b.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}

/// Reads a Solana CLI keypair file (a JSON array of 64 bytes).
pub fn read_keypair(path: &Path) -> Result<Keypair, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        anyhow!(
            "cannot read keypair {}: {e} (create one with `openrsp keygen --out {}`)",
            path.display(),
            path.display()
        )
    })?;
    let bytes: Vec<u8> = serde_json::from_str(&text).map_err(|e| {
        anyhow!(
            "{} is not a keypair file (a JSON array of 64 bytes): {e}",
            path.display()
        )
    })?;
    Keypair::try_from(bytes.as_slice())
        .map_err(|e| anyhow!("{} is not a valid ed25519 keypair: {e}", path.display()).into())
}

/// Writes `value` as pretty JSON with a final newline (proof files, vouchers, snarkjs files).
pub fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| anyhow!("serialising {}: {e}", path.display()))?;
    std::fs::write(path, text + "\n")
        .map_err(|e| anyhow!("cannot write {}: {e}", path.display()).into())
}

/// Writes a keypair file, refusing to overwrite.
pub fn write_keypair(path: &Path, keypair: &Keypair) -> Result<(), Failure> {
    if path.exists() {
        return Err(anyhow!("{} exists; not overwriting a keypair", path.display()).into());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| anyhow!("cannot create {}: {e}", parent.display()))?;
    }
    let json = serde_json::to_string(&keypair.to_bytes().to_vec()).map_err(|e| anyhow!(e))?;
    std::fs::write(path, json).map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    let _ = keypair.pubkey();
    Ok(())
}

/// One line per transaction, for text output.
pub fn receipt_line(what: &str, r: &openrsp_sdk::client::Receipt) -> String {
    format!(
        "{what}: {} CU, fee {} lamports, signature {}",
        r.compute_units, r.fee, r.signature
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solana_cli_conventions() {
        assert_eq!(cluster_url("d"), "https://api.devnet.solana.com");
        assert_eq!(cluster_url("localhost"), "http://127.0.0.1:8899");
        assert_eq!(cluster_url("http://10.0.0.1:8899"), "http://10.0.0.1:8899");
        let yaml = "---\njson_rpc_url: \"https://api.devnet.solana.com\"\nkeypair_path: /home/op/.config/solana/op.json\ncommitment: confirmed\n";
        assert_eq!(
            solana_config_value(yaml, "keypair_path").as_deref(),
            Some("/home/op/.config/solana/op.json")
        );
        assert_eq!(
            solana_config_value(yaml, "json_rpc_url").as_deref(),
            Some("https://api.devnet.solana.com")
        );
        assert_eq!(solana_config_value(yaml, "missing"), None);
        assert!(!expand_home(Path::new("~/k.json")).starts_with("~"));
    }
}
