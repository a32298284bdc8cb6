//! `chainlens import baci|comtrade|csv` and `chainlens info`, over the engine's import
//! and trade info.

use crate::Failure;
use crate::options::{ReadArgs, note, print, warn};
use chainlens_engine::trade::parse_window;
use chainlens_engine::{ImportKind, Session, SessionOptions, TradeOptions, TradeSource};
use chainlens_ingest::ComtradeView;
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// `chainlens import ...`.
#[derive(Subcommand)]
pub enum ImportCommand {
    /// CEPII BACI directories or published zips.
    Baci(ImportArgs),
    /// UN Comtrade bulk or API CSV files (imports view by default).
    Comtrade(ImportComtradeArgs),
    /// Any bilateral CSV, its columns named by --columns (ISO3 or numeric country codes).
    Csv(ImportCsvArgs),
}

/// Where an import writes, and how many rejected rows it tolerates.
#[derive(Args)]
pub struct ImportOutArgs {
    /// The cache directory to write.
    #[arg(long, value_name = "CACHE")]
    pub out: PathBuf,
    /// Fail (exit 1) when more rows than this are rejected [default: rejected rows are
    /// reported, and the import succeeds]; `--strict` fails on the first.
    #[arg(long, value_name = "N")]
    pub max_rejects: Option<u64>,
    /// Also write the flows for other tools (DuckDB, polars, DataFusion, Spark) as a
    /// Hive-partitioned dataset, CACHE/by-year/year=YYYY/flows.parquet (docs/data.md).
    #[arg(long)]
    pub by_year: bool,
}

/// Arguments of `chainlens import baci`.
#[derive(Args)]
pub struct ImportArgs {
    /// BACI directories or zips (all of one HS edition).
    #[arg(required = true, value_name = "DIR|ZIP")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub output: ImportOutArgs,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Arguments of `chainlens import csv`.
#[derive(Args)]
pub struct ImportCsvArgs {
    /// Bilateral CSV files, one row per year, exporter, importer and product.
    #[arg(required = true, value_name = "CSV")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub output: ImportOutArgs,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Which Comtrade flow to read.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FlowArg {
    /// Imports: importer = reporter.
    M,
    /// Exports: exporter = reporter.
    X,
}

/// Arguments of `chainlens import comtrade`.
#[derive(Args)]
pub struct ImportComtradeArgs {
    /// Comtrade CSV files.
    #[arg(required = true, value_name = "CSV")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub output: ImportOutArgs,
    /// The flow that becomes the table.
    #[arg(long, value_enum, default_value = "m")]
    pub flow: FlowArg,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// The read options with `--years` applied by the reader (`import` and `info` keep only
/// the window's rows; analyses take the window per request).
fn read_options(read: &ReadArgs, view: ComtradeView) -> Result<TradeOptions, Failure> {
    Ok(TradeOptions {
        read_window: parse_window(read.years.as_deref())?,
        comtrade_view: view,
        ..read.trade_options()
    })
}

/// Runs `chainlens import`.
pub fn import(command: ImportCommand) -> Result<ExitCode, Failure> {
    let (kind, inputs, output, options) = match command {
        ImportCommand::Baci(args) => (
            ImportKind::Baci,
            args.inputs,
            args.output,
            read_options(&args.read, ComtradeView::Imports)?,
        ),
        ImportCommand::Csv(args) => (
            ImportKind::Csv,
            args.inputs,
            args.output,
            read_options(&args.read, ComtradeView::Imports)?,
        ),
        ImportCommand::Comtrade(args) => {
            let view = match args.flow {
                FlowArg::M => ComtradeView::Imports,
                FlowArg::X => ComtradeView::Exports,
            };
            (
                ImportKind::Comtrade,
                args.inputs,
                args.output,
                read_options(&args.read, view)?,
            )
        }
    };
    let out = &output.out;
    let report = chainlens_engine::import(kind, &inputs, &options, out, output.by_year)?;
    print(&format!("{} -> {}\n", report.summary(), out.display()));
    if report.rejected() == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    warn(&format!(
        "{} rows rejected; see {}",
        report.rejected(),
        out.join("rejects.csv").display()
    ));
    Ok(match output.max_rejects {
        Some(max) if report.rejected() > max => {
            warn(&format!("more than --max-rejects {max}: failing"));
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    })
}

/// Output format of `info`.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum InfoFormat {
    /// Aligned text.
    #[default]
    Text,
    /// One JSON object.
    Json,
}

/// Arguments of `chainlens info`.
#[derive(Args)]
pub struct InfoArgs {
    /// A cache, BACI directory or zip, or Comtrade CSV [default: embedded synthetic dataset].
    #[arg(value_name = "CACHE|DIR|ZIP|CSV")]
    pub input: Option<PathBuf>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value = "text")]
    pub format: InfoFormat,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Runs `chainlens info`.
pub fn info(args: InfoArgs) -> Result<ExitCode, Failure> {
    let mut trade = read_options(&args.read, ComtradeView::Imports)?;
    trade.source = match &args.input {
        Some(path) => TradeSource::Path(path.clone()),
        None => {
            note("no --trade given: using the embedded SYNTHETIC default dataset (not real trade)");
            TradeSource::Embedded
        }
    };
    let session = Session::open(&SessionOptions {
        trade: Some(trade),
        table: None,
    })?;
    let info = session.trade_info()?;
    match args.format {
        InfoFormat::Json => print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&chainlens_report::trade::info_document(&info))
                .unwrap_or_default()
        )),
        InfoFormat::Text => print(&chainlens_report::trade::info_text(&info)),
    }
    Ok(ExitCode::SUCCESS)
}
