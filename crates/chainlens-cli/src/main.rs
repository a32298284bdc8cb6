//! The `chainlens` binary: parses a command line, calls one library function per
//! subcommand and prints the result. One module per subcommand family, named after
//! the crate behind it. Exit codes: 0 ok, 1 bad input, 2 a bug in chainlens.

mod ingest;
mod input_output;
mod regional_chains;
mod scenarios;
mod trade_network;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Industrial-chain security and global value chain analysis.
#[derive(Parser)]
#[command(name = "chainlens", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read published trade tables into a Parquet cache.
    #[command(subcommand)]
    Import(ingest::ImportCommand),
    /// Summarise a trade input: years, rows, countries, products, values.
    Info(ingest::InfoArgs),
    /// Trade-network vulnerability of importers' intermediate goods (METHODS 1.1-1.6).
    Vulnerability(trade_network::VulnerabilityArgs),
    /// Shocks and scenarios (METHODS 3): export cuts, re-sourcing, vulnerability after.
    #[command(subcommand)]
    Scenario(scenarios::ScenarioCommand),
    /// Regional industrial chains (METHODS 4): check, diagnose, disrupt, attract, map.
    #[command(subcommand)]
    Chain(regional_chains::ChainCommand),
    /// Geopolitics-adjusted supply risk of every importer (METHODS 1.7).
    Risk(trade_network::RiskArgs),
    /// Input-output tables: info, export decompositions, hypothetical extraction (METHODS 2).
    #[command(subcommand)]
    Io(input_output::IoCommand),
    /// GVC indicators by country-sector and country, and the paradox table (METHODS 2).
    Gvc(input_output::GvcArgs),
}

/// An error caused by the user's input (exit code 1), as opposed to a bug (exit code 2).
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// Trade tables fault in hundreds of MB of fresh pages, which on the project's VMs costs
/// more than parsing them. glibc's malloc backs large allocations with transparent huge pages
/// when `GLIBC_TUNABLES` asks for it (measured: vulnerability for all importers of an 11 M-row
/// year 0.37 s -> 0.23 s), and the tunable is read only at start-up, so the binary re-executes
/// itself once with it set. A user's own `GLIBC_TUNABLES` is left alone; if `exec` fails,
/// chainlens simply runs without.
fn with_huge_pages() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("GLIBC_TUNABLES").is_some() {
        return;
    }
    if let Ok(exe) = std::env::current_exe() {
        let _ = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")
            .exec();
    }
}

fn main() -> ExitCode {
    with_huge_pages();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Import(cmd) => ingest::import(cmd),
        Command::Info(args) => ingest::info(args),
        Command::Vulnerability(args) => trade_network::vulnerability(args),
        Command::Risk(args) => trade_network::risk(args),
        Command::Scenario(command) => scenarios::run(command),
        Command::Chain(command) => regional_chains::run(command),
        Command::Io(cmd) => input_output::io(cmd),
        Command::Gvc(args) => input_output::gvc(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", message(&error));
            if is_bad_input(&error) {
                ExitCode::from(1)
            } else {
                ExitCode::from(2)
            }
        }
    }
}

/// The error and its causes, each cause added only if the text so far lacks it.
fn message(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
    }
    text
}

/// Whether an error comes from the user's input or files rather than from chainlens.
fn is_bad_input(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        e.is::<BadInput>()
            || e.is::<chainlens_ingest::IngestError>()
            || e.is::<chainlens_scenarios::ScenarioError>()
            || e.is::<chainlens_regional_chains::ChainError>()
            || e.is::<std::io::Error>()
    })
}
