//! `chainlens import baci|comtrade` and `chainlens info`, over the engine's import and
//! trade info.

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
}

/// Arguments of `chainlens import baci`.
#[derive(Args)]
pub struct ImportArgs {
    /// BACI directories or zips (all of one HS edition).
    #[arg(required = true, value_name = "DIR|ZIP")]
    pub inputs: Vec<PathBuf>,
    /// The cache directory to write.
    #[arg(long, value_name = "CACHE")]
    pub out: PathBuf,
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
    /// The cache directory to write.
    #[arg(long, value_name = "CACHE")]
    pub out: PathBuf,
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
    let (kind, inputs, out, options) = match command {
        ImportCommand::Baci(args) => (
            ImportKind::Baci,
            args.inputs,
            args.out,
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
                args.out,
                read_options(&args.read, view)?,
            )
        }
    };
    let report = chainlens_engine::import(kind, &inputs, &options, &out)?;
    print(&format!("{} -> {}\n", report.summary(), out.display()));
    Ok(if report.rejected() > 0 {
        warn(&format!(
            "{} rows rejected; see {}",
            report.rejected(),
            out.join("rejects.csv").display()
        ));
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
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
