//! The `chainlens` binary: parses a command line into an engine request, opens a
//! session, calls it once and writes the result through `chainlens-report`. One module
//! per subcommand family, named after the crate behind it. Exit codes: 0 ok, 1 bad input
//! or missing data, 2 a bug in chainlens (from each error's kind, mapped here once).
//! `chainlens serve` runs the HTTP API of `chainlens-server` instead.

mod exposure;
mod fetch;
mod gravity;
mod ingest;
mod input_output;
mod options;
mod regional_chains;
mod restructuring;
mod scenarios;
mod serve;
mod trade_network;

use chainlens_engine::{EngineError, ErrorKind};
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
    /// Download reference data and BACI releases from their publishers into the data directory.
    #[command(subcommand)]
    Fetch(fetch::FetchCommand),
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
    /// Restructuring between two windows (METHODS 5): supplier shares, reallocation, category transitions, friend-/near-shoring indices, relocation through a connector.
    Shift(restructuring::ShiftArgs),
    /// Input-output tables: info, export decompositions, hypothetical extraction (METHODS 2).
    #[command(subcommand)]
    Io(input_output::IoCommand),
    /// GVC indicators by country-sector and country, and the paradox table (METHODS 2).
    Gvc(input_output::GvcArgs),
    /// Which industries of a country depend on its vulnerable imports (HS6 goods -> ISIC -> the table's industries).
    Exposure(exposure::ExposureArgs),
    /// Structural gravity (METHODS 3): PPML estimation and general equilibrium of blocs.
    #[command(subcommand)]
    Gravity(gravity::GravityCommand),
    /// Serve the HTTP API (and the dashboard, when built) over the data opened once.
    Serve(serve::ServeArgs),
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The engine refused the request or its data.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// An output could not be written.
    #[error(transparent)]
    Report(#[from] chainlens_report::ReportError),
    /// A download or install failed.
    #[error(transparent)]
    Fetch(#[from] chainlens_fetch::FetchError),
    /// A command line that contradicts itself.
    #[error("{0}")]
    Usage(String),
}

impl Failure {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Engine(e) => e.kind(),
            Self::Report(e) => e.kind(),
            Self::Fetch(e) => e.kind(),
            Self::Usage(_) => ErrorKind::bad_input(),
        }
    }
}

/// Trade tables fault in hundreds of MB of fresh pages, which on the project's VMs costs
/// more than parsing them. glibc's malloc backs large allocations with transparent huge
/// pages when `GLIBC_TUNABLES` asks for it (measured: vulnerability for all importers of an
/// 11 M-row year 0.37 s -> 0.23 s), and the tunable is read only at start-up, so the binary
/// re-executes itself once with it set. Only on Linux with glibc, never when the user set
/// `GLIBC_TUNABLES`, and not under the test harness (`CHAINLENS_NO_REEXEC`); if `exec`
/// fails, chainlens simply runs without.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn with_huge_pages() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("GLIBC_TUNABLES").is_some()
        || std::env::var_os("CHAINLENS_NO_REEXEC").is_some()
    {
        return;
    }
    if let Ok(exe) = std::env::current_exe() {
        let _ = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")
            .exec();
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn with_huge_pages() {}

fn main() -> ExitCode {
    with_huge_pages();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Import(cmd) => ingest::import(cmd),
        Command::Info(args) => ingest::info(args),
        Command::Fetch(command) => fetch::run(command),
        Command::Vulnerability(args) => trade_network::vulnerability(args),
        Command::Risk(args) => trade_network::risk(args),
        Command::Shift(args) => restructuring::shift(args),
        Command::Scenario(command) => scenarios::run(command),
        Command::Chain(command) => regional_chains::run(command),
        Command::Io(cmd) => input_output::io(cmd),
        Command::Gvc(args) => input_output::gvc(args),
        Command::Exposure(args) => exposure::exposure(args),
        Command::Gravity(command) => gravity::run(command),
        Command::Serve(args) => serve::serve(args),
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "error: {failure}");
            match failure.kind() {
                ErrorKind::BadInput { .. } | ErrorKind::MissingData => ExitCode::from(1),
                ErrorKind::Internal => ExitCode::from(2),
            }
        }
    }
}
