//! `chainlens scenario run` (METHODS §3): the trade layer writes `losses`, `importers`
//! and `changes`; with an input-output table (`--table`, or the embedded example when no
//! `--trade` is given either) the input-output layer writes `io_country_sector` and
//! `io_country`. A summary goes to stdout.

use crate::Failure;
use crate::options::{
    OutputArgs, ReportArgs, Spinner, TradeArgs, note, print, print_extract, warn_accounting,
};
use chainlens_engine::scenario::ScenarioRequest;
use chainlens_engine::{Session, SessionOptions, TableOptions, TableSource};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// `chainlens scenario ...`.
#[derive(Subcommand)]
pub enum ScenarioCommand {
    /// Run a scenario file on trade data.
    Run(RunArgs),
}

/// Arguments of `chainlens scenario run`.
#[derive(Args)]
pub struct RunArgs {
    /// The scenario (TOML; see examples/scenarios/).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    trade: TradeArgs,
    /// Input-output table for the propagation (OECD ICIO, WIOD, generic CSV, pymrio folder)
    /// [default: the embedded SYNTHETIC example, when no --trade is given either].
    #[arg(long, value_name = "TABLE")]
    table: Option<PathBuf>,
    /// HS -> ISIC Rev.4 division table (`hs,isic_division`) replacing the shipped one.
    #[arg(long, value_name = "CSV")]
    concordance: Option<PathBuf>,
    /// A CSV `iso3,region` placing countries on the table's regions (e.g. pymrio's reg1..reg6, a bloc table).
    #[arg(long, value_name = "CSV")]
    regions: Option<PathBuf>,
    /// Succeed even when more than 5 % of the changed trade has an exporter or importer with no region in the table.
    #[arg(long)]
    allow_unplaced: bool,
    /// USD per unit of the table (1e6 for tables in USD million).
    #[arg(long, default_value_t = ScenarioRequest::default().usd_per_unit, value_name = "USD")]
    usd_per_unit: f64,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    report: ReportArgs,
}

/// Runs `chainlens scenario`.
pub fn run(command: ScenarioCommand) -> Result<ExitCode, Failure> {
    let ScenarioCommand::Run(args) = command;
    args.output.check()?;
    let toml = chainlens_engine::read_text(&args.file)?;
    let request = ScenarioRequest {
        toml,
        label: args.file.display().to_string(),
        usd_per_unit: args.usd_per_unit,
    };
    // A broken file fails before any data is read.
    request.parse()?;
    let with_table = args.table.is_some() || args.trade.trade.is_none();
    let trade = args.trade.options();
    let table = with_table.then(|| TableOptions {
        source: args
            .table
            .clone()
            .map_or(TableSource::Embedded, TableSource::Path),
        concordance: args.concordance.clone(),
        regions: args.regions.clone(),
        ..Default::default()
    });
    let session = Session::open(&SessionOptions {
        trade: Some(trade),
        table,
    })?;
    if with_table {
        warn_accounting(&session)?;
    }
    let result = session.scenario(&request, &Spinner::new(true))?;
    if with_table && args.table.is_none() {
        note("no TABLE given: using the embedded SYNTHETIC example table (not real data)");
    }
    args.output.write(&result.tables())?;
    if args.report.report.is_some() {
        let world = chainlens_server::dashboard::world();
        let countries = &session.dataset()?.countries;
        let world = world
            .as_ref()
            .map(|w| (chainlens_report::charts::World::Inline(w), countries));
        args.report
            .write(&chainlens_report::analysis_report::scenario_report(
                &result, world,
            ))?;
    }
    if args.output.json_on_stdout() {
        print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&result).unwrap_or_default()
        ));
    } else {
        print(&chainlens_report::scenario::summary(&result));
        print_extract(&session);
    }
    let unplaced = result
        .propagation
        .as_ref()
        .map_or(0.0, |p| p.unplaced_share);
    if unplaced > UNPLACED_LIMIT && !args.allow_unplaced {
        print(&format!(
            "error: {:.1} % of the changed trade has an exporter or importer with no region in the table (more than 5 %)\nhint: map countries to the table's regions with --regions FILE (iso3,region), or accept it with --allow-unplaced\n",
            unplaced * 100.0
        ));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Share of the changed trade that may find no place in the table before the run fails.
const UNPLACED_LIMIT: f64 = 0.05;
