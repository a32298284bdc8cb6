//! `chainlens exposure` (METHODS §2.9): the industries of a country that depend on its
//! vulnerable imports, the country ranking and, with `--goods`, the industries most
//! exposed to given goods; tables `industries`, `countries`, `goods_users` with `--out`.

use crate::Failure;
use crate::options::{
    OutputArgs, ReportArgs, TradeArgs, note, print, print_extract, warn_accounting,
};
use crate::trade_network::CentralityArg;
use chainlens_engine::exposure::ExposureRequest;
use chainlens_engine::{Session, SessionOptions, TableOptions, TableSource};
use chainlens_exposure::SplitRule;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Split rules on the command line.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum SplitArg {
    /// Equally over the good's ISIC classes.
    #[default]
    Equal,
    /// By the world gross output of the industries the good links to.
    Output,
}

impl From<SplitArg> for SplitRule {
    fn from(split: SplitArg) -> Self {
        match split {
            SplitArg::Equal => SplitRule::Equal,
            SplitArg::Output => SplitRule::Output,
        }
    }
}

/// Arguments of `chainlens exposure`.
#[derive(Args)]
pub struct ExposureArgs {
    #[command(flatten)]
    trade: TradeArgs,
    /// Input-output table (OECD ICIO, WIOD, generic CSV, pymrio folder) [default: the embedded SYNTHETIC example].
    #[arg(long, value_name = "TABLE")]
    table: Option<PathBuf>,
    /// With a folder of yearly tables: the year of the table.
    #[arg(long, value_name = "YEAR")]
    table_year: Option<u16>,
    /// Merge OECD split blocks (CN1/CN2 into CHN, MX1/MX2 into MEX).
    #[arg(long)]
    merge_splits: bool,
    /// The country whose industries to report (ISO3, as the table names it).
    #[arg(long, value_name = "ISO3")]
    country: Option<String>,
    /// HS6 codes or HS2 chapters whose using industries to rank (comma separated).
    #[arg(long, value_delimiter = ',', value_name = "HS")]
    goods: Vec<String>,
    /// How a good linked to several industries is shared among them.
    #[arg(long, value_enum, default_value = "equal")]
    split: SplitArg,
    /// Rows of the --goods ranking.
    #[arg(long, default_value_t = 50)]
    top: usize,
    /// Export centrality measure of the categories.
    #[arg(long, value_enum, default_value = "hhi")]
    centrality: CentralityArg,
    /// HS -> ISIC Rev.4 table (WITS layout, or `hs,isic_division`) [default: the reference data's hs_isic4.csv, else the shipped chapter table].
    #[arg(long, value_name = "CSV")]
    concordance: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    report: ReportArgs,
}

/// Runs `chainlens exposure`.
pub fn exposure(args: ExposureArgs) -> Result<ExitCode, Failure> {
    args.output.check()?;
    if args.country.is_none() && args.goods.is_empty() {
        note("no --country or --goods: only the country ranking is made");
    }
    let request = ExposureRequest {
        country: args.country.clone(),
        years: args.trade.read.years.clone(),
        centrality: args.centrality.into(),
        goods: args.goods.clone(),
        split: args.split.into(),
        top: Some(args.top),
    };
    request.check()?;
    if args.table.is_none() {
        note("no --table given: using the embedded SYNTHETIC example table (not real data)");
    }
    let table = TableOptions {
        source: args
            .table
            .clone()
            .map_or(TableSource::Embedded, TableSource::Path),
        year: args.table_year,
        merge_splits: args.merge_splits,
        concordance: args.concordance.clone(),
        ..Default::default()
    };
    let session = Session::open(&SessionOptions {
        trade: Some(args.trade.options()),
        table: Some(table),
    })?;
    warn_accounting(&session)?;
    let result = session.exposure(&request)?;
    args.output.write(&result.tables())?;
    args.report
        .write(&chainlens_report::analysis_report::exposure_report(&result))?;
    if args.output.json_on_stdout() {
        print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&result).unwrap_or_default()
        ));
    } else {
        print(&chainlens_report::exposure::summary(&result));
        print_extract(&session);
    }
    Ok(ExitCode::SUCCESS)
}
