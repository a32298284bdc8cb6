//! `chainlens vulnerability` (METHODS §1.1-1.6): the summary on stdout and, with
//! `--out`, `products`, `categories`, `chapters`, `dominance`, `suppliers` and
//! `report.json` (one importer), or the same tables stacked with an `importer` column (several importers;
//! `--per-importer` adds one folder each); and `chainlens risk` (METHODS §1.7).

use crate::Failure;
use crate::options::{DistanceArgs, OutputArgs, ReportArgs, TradeArgs, print, print_extract};
use chainlens_engine::trade::{ImporterResult, ImporterSupplierRow, PoliticalDistanceRequest};
use chainlens_engine::{Centrality, RiskRequest, Table, VulnerabilityRequest, VulnerabilityResult};
use chainlens_report::analysis_report::ImporterMaps;
use chainlens_report::trade::{
    importer_report, importers_report, risk_summary, vulnerability_document, vulnerability_summary,
};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use std::path::Path;
use std::process::ExitCode;

/// Centrality measure names on the command line.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum CentralityArg {
    /// Herfindahl-Hirschman index of exporter shares.
    #[default]
    Hhi,
    /// Top-3 exporter share.
    Cr3,
    /// Freeman out-strength centralisation.
    Freeman,
}

impl From<CentralityArg> for Centrality {
    fn from(arg: CentralityArg) -> Self {
        match arg {
            CentralityArg::Hhi => Self::Hhi,
            CentralityArg::Cr3 => Self::Cr3,
            CentralityArg::Freeman => Self::Freeman,
        }
    }
}

/// Arguments of `chainlens vulnerability`.
#[derive(Args)]
pub struct VulnerabilityArgs {
    #[command(flatten)]
    trade: TradeArgs,
    /// Importers as ISO3 codes (comma separated or repeated), or `all`.
    #[arg(long, value_delimiter = ',', required = true, value_name = "ISO3|all")]
    importer: Vec<String>,
    /// Export centrality measure.
    #[arg(long, value_enum, default_value = "hhi")]
    centrality: CentralityArg,
    #[command(flatten)]
    output: OutputArgs,
    /// With several importers, also write one folder of tables per importer.
    #[arg(long)]
    per_importer: bool,
    #[command(flatten)]
    report: ReportArgs,
}

/// Runs `chainlens vulnerability`.
pub fn vulnerability(args: VulnerabilityArgs) -> Result<ExitCode, Failure> {
    args.output.check()?;
    let one = args.importer.len() == 1 && !args.importer[0].eq_ignore_ascii_case("all");
    if args.report.report.is_some() && !one {
        return Err(Failure::Usage(
            "--report takes one importer (its scatter, chapters and category-1 goods)".into(),
        ));
    }
    let request = VulnerabilityRequest {
        importers: args.importer.clone(),
        years: args.trade.read.years.clone(),
        centrality: args.centrality.into(),
    };
    request.check()?;
    let session = args.trade.session(None)?;
    let result = session.vulnerability(&request)?;
    let suppliers = if one {
        session.suppliers(&request)?
    } else {
        Vec::new()
    };
    if let Some(out) = &args.output.out {
        write_files(&args, &result, &suppliers, out)?;
    }
    if let ([imp], Some(_)) = (result.importers.as_slice(), &args.report.report) {
        let distances = session
            .political_distance(&PoliticalDistanceRequest {
                importer: imp.importer.clone(),
                sessions: None,
            })
            .ok();
        let world = chainlens_server::dashboard::world();
        let countries = &session.dataset()?.countries;
        let maps = world.as_ref().map(|world| ImporterMaps {
            world: chainlens_report::charts::World::Inline(world),
            countries,
            suppliers: &suppliers,
            distances: distances.as_deref(),
        });
        args.report
            .write(&chainlens_report::analysis_report::vulnerability_report(
                &result, imp, maps,
            ))?;
    }
    if args.output.json_on_stdout() {
        let document =
            serde_json::to_string_pretty(&vulnerability_document(&result)).unwrap_or_default();
        print(&format!("{document}\n"));
    } else {
        print(&vulnerability_summary(&result));
    }
    Ok(ExitCode::SUCCESS)
}

/// One importer: its tables in `out`; several: long tables in `out` (and folders).
fn write_files(
    args: &VulnerabilityArgs,
    result: &VulnerabilityResult,
    suppliers: &[ImporterSupplierRow],
    out: &Path,
) -> Result<(), Failure> {
    let dominance = result.dominance_table();
    if let [imp] = result.importers.as_slice() {
        let mut tables: Vec<Table> = imp.tables().into();
        tables.push(dominance);
        tables.push(Table::from_rows("suppliers", suppliers));
        write_with_report(&args.output, out, &tables, &importer_report(result, imp))?;
        return Ok(());
    }
    let mut tables: Vec<Table> = vec![dominance.clone()];
    if args.output.format() == chainlens_report::Format::Csv {
        write_long_csv(result, out)?;
    } else {
        tables.extend(result.long_tables());
    }
    let report = importers_report(result);
    write_with_report(&args.output, out, &tables, &report)?;
    if args.per_importer {
        // Each importer's folder is its own: they are built and written in parallel.
        result.importers.par_iter().try_for_each(|imp| {
            let mut tables: Vec<Table> = imp.tables().into();
            tables.push(dominance.clone());
            let dir = out.join(&imp.importer);
            write_with_report(&args.output, &dir, &tables, &importer_report(result, imp))
        })?;
    }
    Ok(())
}

/// One of an importer's tables.
type TableOf = fn(&ImporterResult) -> Table;

/// The three long tables as CSV, each importer's part built and formatted in parallel
/// (the long table is never held as cells).
fn write_long_csv(result: &VulnerabilityResult, out: &Path) -> Result<(), Failure> {
    let kinds: [(&str, TableOf); 3] = [
        ("products", ImporterResult::products_table),
        ("categories", ImporterResult::categories_table),
        ("chapters", ImporterResult::chapters_table),
    ];
    let Some(first) = result.importers.first() else {
        return Ok(());
    };
    for (name, table_of) in kinds {
        let template = table_of(first);
        let text = chainlens_report::csv::stacked_text(
            "importer",
            &template,
            result.importers.len(),
            |i| {
                let imp = &result.importers[i];
                (imp.importer.clone(), table_of(imp))
            },
        );
        chainlens_report::write_text(&out.join(format!("{name}.csv")), &text)?;
    }
    Ok(())
}

fn write_with_report(
    output: &OutputArgs,
    dir: &Path,
    tables: &[Table],
    report: &serde_json::Value,
) -> Result<(), Failure> {
    for table in tables {
        chainlens_report::write_table(dir, table, output.format())?;
    }
    let text = serde_json::to_string_pretty(report).unwrap_or_default() + "\n";
    chainlens_report::write_text(&dir.join("report.json"), &text)?;
    Ok(())
}

/// Arguments of `chainlens risk`.
#[derive(Args)]
pub struct RiskArgs {
    #[command(flatten)]
    trade: TradeArgs,
    #[command(flatten)]
    distance: DistanceArgs,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    report: ReportArgs,
}

/// Runs `chainlens risk`.
pub fn risk(args: RiskArgs) -> Result<ExitCode, Failure> {
    args.output.check()?;
    let request = RiskRequest {
        years: args.trade.read.years.clone(),
        sessions: args.distance.sessions.clone(),
    };
    request.check()?;
    let session = args.trade.session(args.distance.distance.clone())?;
    let rows = session.risk(&request)?;
    let table = Table::from_rows("risk", &rows);
    args.output.write(std::slice::from_ref(&table))?;
    args.report
        .write(&chainlens_report::analysis_report::risk_report(
            &rows,
            session.trade_is_synthetic(),
        ))?;
    if args.output.json_on_stdout() {
        print(&chainlens_report::json::text(&table));
    } else {
        print(&risk_summary(&rows));
        print_extract(&session);
    }
    Ok(ExitCode::SUCCESS)
}
