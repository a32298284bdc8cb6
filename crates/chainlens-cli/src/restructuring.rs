//! `chainlens shift` (METHODS §5): supplier shares of two windows, the reallocation away
//! from `--exporter`, category transitions and yearly sourcing indices; with `--origin`,
//! `--via` and `--to` also the relocation through a connector by HS chapter. Without
//! `--trade` it reads the embedded SYNTHETIC default data with its SYNTHETIC second
//! window (2022-2023, a planted shift of US imports from CHN to VNM and MEX). The summary
//! goes to stdout; `--out` gets `shares`, `suppliers`, `transitions`, `category_transitions`,
//! `indices`, with `--exporter` `reallocation`, `gains`, `gainers`, with a route
//! `relocation`, and with `--table` `relocation_industries` and `relocation_value_added`;
//! `--report DIR` the page with the index lines, the supplier slope chart and the tables.

use crate::Failure;
use crate::options::{
    DistanceArgs, OutputArgs, ReportArgs, TradeArgs, note, print, print_extract, warn_accounting,
    warn_truncated,
};
use chainlens_engine::relocation::RelocationRequest;
use chainlens_engine::restructuring::ShiftRequest;
use chainlens_engine::{SessionOptions, Table, TableOptions, TableSource, TradeSource};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `chainlens shift`.
#[derive(Args)]
pub struct ShiftArgs {
    #[command(flatten)]
    trade: TradeArgs,
    /// The base window, e.g. 2017-2018.
    #[arg(long, value_name = "FIRST[-LAST]")]
    base: String,
    /// The compare window, e.g. 2022-2023.
    #[arg(long, value_name = "FIRST[-LAST]")]
    compare: String,
    /// Importers as ISO3 codes (comma separated or repeated) [default: all].
    #[arg(long, value_delimiter = ',', value_name = "ISO3|all")]
    importer: Vec<String>,
    /// The supplier whose lost shares the reallocation tables follow, e.g. CHN.
    #[arg(long, value_name = "ISO3")]
    exporter: Option<String>,
    /// Goods: `intermediate` (METHODS 1.1), `all`, or HS chapters, headings or subheadings (comma separated).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "intermediate|all|HS",
        default_value = "intermediate"
    )]
    goods: Vec<String>,
    #[command(flatten)]
    distance: DistanceArgs,
    /// Geographic distances `iso3_o,iso3_d,distance_km` (or CEPII GeoDist's `iso_o,iso_d,dist`) for the near-shoring index [default: geodist/dist_cepii.csv in the data directory].
    #[arg(long, value_name = "CSV")]
    distances: Option<PathBuf>,
    /// Relocation: the origin of a route through a connector, e.g. CHN (with --via and --to).
    #[arg(long, value_name = "ISO3", requires_all = ["via", "to"])]
    origin: Option<String>,
    /// Relocation: the connector, e.g. VNM.
    #[arg(long, value_name = "ISO3", requires_all = ["origin", "to"])]
    via: Option<String>,
    /// Relocation: the destination, e.g. USA.
    #[arg(long, value_name = "ISO3", requires_all = ["origin", "via"])]
    to: Option<String>,
    /// Relocation with an input-output table (OECD ICIO, WIOD, generic CSV, pymrio folder): the connector's industries that use the origin's intermediates, and the origin's value added in the destination's final demand by the exporter it last came from.
    #[arg(long, value_name = "TABLE", requires = "origin")]
    table: Option<PathBuf>,
    /// With a folder of yearly tables: the year of the table.
    #[arg(long, value_name = "YEAR", requires = "table")]
    table_year: Option<u16>,
    /// Merge OECD split blocks (CN1/CN2 into CHN, MX1/MX2 into MEX).
    #[arg(long, requires = "table")]
    merge_splits: bool,
    /// How a good linked to several industries is shared among them.
    #[arg(long, value_enum, default_value = "equal", requires = "table")]
    split: crate::exposure::SplitArg,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    report: ReportArgs,
}

/// Runs `chainlens shift`.
pub fn shift(args: ShiftArgs) -> Result<ExitCode, Failure> {
    args.output.check()?;
    if args.trade.read.years.is_some() {
        return Err(Failure::Usage(
            "shift compares --base and --compare windows; --years does not apply".into(),
        ));
    }
    let request = ShiftRequest {
        base: args.base.clone(),
        compare: args.compare.clone(),
        importers: args.importer.clone(),
        exporter: args.exporter.clone(),
        goods: args.goods.clone(),
        sessions: args.distance.sessions.clone(),
    };
    request.check()?;
    let route = match (&args.origin, &args.via, &args.to) {
        (Some(origin), Some(via), Some(to)) => Some(RelocationRequest {
            base: args.base.clone(),
            compare: args.compare.clone(),
            origin: origin.clone(),
            via: via.clone(),
            to: to.clone(),
            split: args.split.into(),
        }),
        _ => None,
    };
    if let Some(r) = &route {
        r.check()?;
    }
    let session = open(&args)?;
    let result = session.shift(&request)?;
    let mut tables = result.tables();
    let relocated = route.map(|r| session.relocation(&r)).transpose()?;
    if let Some(r) = &relocated {
        tables.extend(r.tables());
    }
    args.output.write(&tables)?;
    args.report
        .write(&chainlens_report::shift_report::shift_report(
            &result,
            relocated.as_ref(),
        ))?;
    if args.output.json_on_stdout() {
        for t in &tables {
            print(&chainlens_report::json::text(t));
        }
        return Ok(ExitCode::SUCCESS);
    }
    print(&chainlens_report::restructuring::shift_summary(&result));
    if let Some(r) = &relocated {
        print(&chainlens_report::restructuring::relocation_summary(r));
    }
    print_extract(&session);
    print_written(&args.output, &tables);
    Ok(ExitCode::SUCCESS)
}

/// The session: `--trade`, or the embedded default data with its second window.
fn open(args: &ShiftArgs) -> Result<chainlens_engine::Session, Failure> {
    let mut trade = chainlens_engine::TradeOptions {
        distance: args.distance.distance.clone(),
        geographic_distance: args.distances.clone(),
        ..args.trade.options()
    };
    if args.trade.trade.is_none() {
        note(
            "shift adds the default data's SYNTHETIC second window (2022-2023, a planted shift of US imports from CHN to VNM and MEX)",
        );
        trade.source = TradeSource::EmbeddedSeries;
    }
    let table = args.table.clone().map(|path| TableOptions {
        source: TableSource::Path(path),
        year: args.table_year,
        merge_splits: args.merge_splits,
        ..Default::default()
    });
    let session = chainlens_engine::Session::open(&SessionOptions {
        trade: Some(trade),
        table,
    })?;
    warn_truncated(&session)?;
    if args.table.is_some() {
        warn_accounting(&session)?;
    }
    Ok(session)
}

/// Says which tables went to --out.
fn print_written(output: &OutputArgs, tables: &[Table]) {
    if let Some(dir) = &output.out {
        let names: Vec<String> = tables
            .iter()
            .map(|t| format!("{} ({} rows)", t.name, t.len()))
            .collect();
        print(&format!("wrote {}: {}\n", dir.display(), names.join(", ")));
    }
}
