//! Runs demo steps as CLI command lines through [`crate::dispatch`], so each step is exactly what
//! a user typing that line would run, and records what every transaction cost.

use crate::context::{CmdResult, Context, Failure};
use clap::Parser;
use openrsp_sdk::client::Journal;
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;

/// A demo participant: a name and a keypair file.
#[derive(Clone)]
pub struct Persona {
    pub name: &'static str,
    pub keypair: PathBuf,
}

/// One transaction in the report.
#[derive(Serialize)]
pub struct TxReport {
    pub instructions: Vec<String>,
    pub compute_units: u64,
    pub fee: u64,
    pub signature: String,
}

/// One command line in the report.
#[derive(Serialize)]
pub struct CommandReport {
    pub command: String,
    pub signer: Option<&'static str>,
    /// The command's JSON result, or the refusal it was expected to meet.
    pub result: Value,
    pub transactions: Vec<TxReport>,
}

#[derive(Serialize)]
pub struct StepReport {
    pub step: usize,
    pub title: String,
    pub commands: Vec<CommandReport>,
}

pub struct Runner<'a> {
    pub ctx: &'a mut Context,
    journal: Journal,
    pub steps: Vec<StepReport>,
}

/// Quotes an argument for display if the shell would need it.
fn shell_word(arg: &str) -> String {
    if !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+".contains(c))
    {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

impl<'a> Runner<'a> {
    pub fn new(ctx: &'a mut Context, journal: Journal) -> Self {
        Runner {
            ctx,
            journal,
            steps: Vec::new(),
        }
    }

    fn text(&self) -> bool {
        !self.ctx.quiet
    }

    /// Starts a step: a numbered heading.
    pub fn step(&mut self, title: &str) {
        let step = self.steps.len() + 1;
        if self.text() {
            println!("\n\x1b[1m{step:>2}. {title}\x1b[0m");
        }
        self.steps.push(StepReport {
            step,
            title: title.to_string(),
            commands: Vec::new(),
        });
    }

    /// A line of explanation under the heading.
    pub fn note(&self, text: &str) {
        if self.text() {
            println!("   \x1b[2m{text}\x1b[0m");
        }
    }

    /// Parses and runs one command line as `signer`; returns its JSON result.
    fn execute(
        &mut self,
        signer: Option<&Persona>,
        args: &[&str],
    ) -> (String, Result<Value, Failure>, Vec<TxReport>) {
        let mut line: Vec<String> = args.iter().map(|a| shell_word(a)).collect();
        if let Some(p) = signer {
            line.push(format!(
                "--keypair {}",
                shell_word(&p.keypair.display().to_string())
            ));
        }
        let line = line.join(" ");
        if self.text() {
            println!("\x1b[36m$ openrsp {line}\x1b[0m");
        }
        let result =
            crate::Cli::try_parse_from(std::iter::once("openrsp").chain(args.iter().copied()))
                .map_err(|e| {
                    let first = e.to_string();
                    let first = first.lines().next().unwrap_or_default().to_string();
                    Failure::with_code(
                        2,
                        format!("the demo's command line `{line}` does not parse: {first}"),
                    )
                })
                .and_then(|cli| {
                    self.ctx.args.keypair = signer.map(|p| p.keypair.clone());
                    self.ctx.last_output = None;
                    let outcome: CmdResult = crate::dispatch(self.ctx, cli.command);
                    outcome.map(|()| self.ctx.last_output.take().unwrap_or(Value::Null))
                });
        let transactions: Vec<TxReport> = self
            .journal
            .take()
            .into_iter()
            .map(|sent| TxReport {
                instructions: sent.instructions,
                compute_units: sent.receipt.compute_units,
                fee: sent.receipt.fee,
                signature: sent.receipt.signature.to_string(),
            })
            .collect();
        if self.text() {
            for tx in &transactions {
                println!(
                    "   \x1b[2m↳ {:<52} {:>9} CU {:>7} lamports\x1b[0m",
                    tx.instructions.join(" + "),
                    group(tx.compute_units),
                    group(tx.fee)
                );
            }
        }
        (line, result, transactions)
    }

    fn record(
        &mut self,
        command: String,
        signer: Option<&Persona>,
        result: Value,
        transactions: Vec<TxReport>,
    ) {
        if let Some(step) = self.steps.last_mut() {
            step.commands.push(CommandReport {
                command,
                signer: signer.map(|p| p.name),
                result,
                transactions,
            });
        }
    }

    /// Runs a command line that must succeed; a failure stops the demo with the step named.
    pub fn run(&mut self, signer: Option<&Persona>, args: &[&str]) -> Result<Value, Failure> {
        let (line, result, transactions) = self.execute(signer, args);
        match result {
            Ok(value) => {
                self.record(line, signer, value.clone(), transactions);
                Ok(value)
            }
            Err(f) => Err(self.failed(f)),
        }
    }

    /// Runs a command and returns the string field `field` of its JSON result.
    pub fn run_for(
        &mut self,
        field: &str,
        signer: Option<&Persona>,
        args: &[&str],
    ) -> Result<String, Failure> {
        let value = self.run(signer, args)?;
        value[field].as_str().map(str::to_string).ok_or_else(|| {
            self.failed(Failure::with_code(
                1,
                format!("`openrsp {}` gave no {field}", args.join(" ")),
            ))
        })
    }

    /// Runs a command line that must be refused with exit code `code`: a success is a failure of
    /// the demo (something that should be impossible happened).
    pub fn refused(
        &mut self,
        signer: Option<&Persona>,
        args: &[&str],
        code: u8,
        why: &str,
    ) -> CmdResult {
        let (line, result, transactions) = self.execute(signer, args);
        match result {
            Ok(_) => Err(self.failed(Failure::with_code(
                1,
                format!("{why}, yet `openrsp {line}` succeeded"),
            ))),
            Err(f) if f.code == code => {
                if self.text() {
                    println!("   \x1b[32mrefused, as it must be:\x1b[0m {}", f.message);
                }
                let refusal = serde_json::json!({ "refused": f.message, "exit_code": f.code });
                self.record(line, signer, refusal, transactions);
                Ok(())
            }
            Err(f) => Err(self.failed(f)),
        }
    }

    /// A failure, with the step it happened in.
    pub fn failed(&self, f: Failure) -> Failure {
        let at = self.steps.last().map_or(String::new(), |s| {
            format!("demo step {} ({}): ", s.step, s.title)
        });
        Failure::with_code(f.code.max(1), format!("{at}{}", f.message))
    }
}

/// `1234567` as `1,234,567`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_helpers() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(89_341), "89,341");
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(shell_word("--cert"), "--cert");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
