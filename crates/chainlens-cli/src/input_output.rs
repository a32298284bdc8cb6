//! `chainlens io info|decompose|extract` and `chainlens gvc` (METHODS §2; with `--years`
//! over a folder of yearly tables, METHODS §5: every indicator by year and the
//! regionalisation of foreign value added): tables go to `--out` as CSV, Parquet or JSON
//! with fixed leading columns; summaries go to stdout, notes and progress to stderr.

use crate::Failure;
use crate::options::{OutputArgs, ReportArgs, Spinner, TableArgs, note, note_added_splits, print};
use chainlens_engine::input_output::{
    DecomposeRequest, ExtractRequest, GvcRequest, InventoryChoice, Method,
};
use chainlens_engine::restructuring::GvcYearsRequest;
use chainlens_engine::{EngineError, Table};
use clap::{Args, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `chainlens io ...`.
#[derive(Subcommand)]
pub enum IoCommand {
    /// Describe a table: size, labels, totals and the accounting check.
    Info(InfoArgs),
    /// Decompose gross exports (KWW 2014, WWZ 2013 16 terms, Borin-Mancini 2023).
    Decompose(DecomposeArgs),
    /// Hypothetical extraction of one country-sector's purchases and sales.
    Extract(ExtractArgs),
    /// Output, value-added and satellite multipliers by country-sector.
    Multipliers(TableOutputArgs),
    /// Value added by origin country-sector in each economy's final demand (trade in value added).
    VaOrigin(TableOutputArgs),
}

/// A table and where its result tables go.
#[derive(Args)]
pub struct TableOutputArgs {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `chainlens io info`.
#[derive(Args)]
pub struct InfoArgs {
    #[command(flatten)]
    table: TableArgs,
}

/// Decomposition methods.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MethodArg {
    /// Koopman, Wang & Wei (2014), 9 terms by exporter.
    Kww,
    /// Wang, Wei & Zhu (2013), 16 terms by exporter, sector and importer.
    Wwz,
    /// Borin & Mancini (2023), source-based, with GVC participation.
    Bm,
}

/// Arguments of `chainlens io decompose`.
#[derive(Args)]
pub struct DecomposeArgs {
    #[command(flatten)]
    table: TableArgs,
    /// Decomposition method.
    #[arg(long, value_enum)]
    method: MethodArg,
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `chainlens io extract`.
#[derive(Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    table: TableArgs,
    /// Country (table label) of the sector to extract.
    #[arg(long)]
    country: String,
    /// Sector code to extract.
    #[arg(long)]
    sector: String,
    /// Output directory for `extraction` [default: the table as CSV on stdout] and format.
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `chainlens gvc`.
#[derive(Args)]
pub struct GvcArgs {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    report: ReportArgs,
    /// A CSV `group,sector` replacing the technology/labour-intensive grouping of the paradox table that the table's classification implies.
    #[arg(long, value_name = "CSV")]
    industry_groups: Option<PathBuf>,
    /// Inventories in upstreamness and downstreamness: net of them (Antras et al. 2012, the default for tables with an inventory column) or counted as final use.
    #[arg(long, value_enum, default_value = "net")]
    inventories: InventoriesArg,
    /// Every year FIRST-LAST of a folder of yearly tables (TABLE the folder): long tables with a `year` column and the regionalisation of foreign value added (METHODS 5).
    #[arg(long, value_name = "FIRST-LAST", conflicts_with = "year")]
    years: Option<String>,
    /// With --years: blocs of the regionalisation, a CSV `iso3,region` [default: EU (28), NAFTA, East Asia (CHN, HKG, MAC, TWN, JPN, KOR, PRK, MNG, ASEAN)].
    #[arg(long, value_name = "CSV", requires = "years")]
    blocs: Option<PathBuf>,
}

/// `--inventories` on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum InventoriesArg {
    /// Net of inventories, as Antras & Chor (2018) publish upstreamness.
    Net,
    /// Plain Ghosh row sums.
    Ignore,
}

/// Runs `chainlens io ...`.
pub fn io(command: IoCommand) -> Result<ExitCode, Failure> {
    match command {
        IoCommand::Info(args) => info(&args),
        IoCommand::Decompose(args) => decompose(&args),
        IoCommand::Extract(args) => extract(&args),
        IoCommand::Multipliers(args) => multipliers(&args),
        IoCommand::VaOrigin(args) => va_origin(&args),
    }?;
    Ok(ExitCode::SUCCESS)
}

fn info(args: &InfoArgs) -> Result<(), Failure> {
    let session = args.table.session()?;
    print(&chainlens_report::input_output::info_text(
        &session.table_info()?,
    ));
    Ok(())
}

/// Writes `tables` to --out, or prints them as JSON; says what was written.
fn emit(output: &OutputArgs, tables: &[Table]) -> Result<(), Failure> {
    if output.json_on_stdout() {
        for t in tables {
            print(&chainlens_report::json::text(t));
        }
        return Ok(());
    }
    if output.out.is_none() {
        return Err(Failure::Usage(
            "this command writes tables: give --out DIR".into(),
        ));
    }
    for (path, table) in output.write(tables)?.iter().zip(tables) {
        print(&format!(
            "wrote {} ({} rows)\n",
            path.display(),
            table.len()
        ));
    }
    Ok(())
}

fn decompose(args: &DecomposeArgs) -> Result<(), Failure> {
    args.output.check()?;
    let session = args.table.session()?;
    let request = DecomposeRequest {
        method: match args.method {
            MethodArg::Kww => Method::Kww,
            MethodArg::Wwz => Method::Wwz,
            MethodArg::Bm => Method::Bm,
        },
        economies: args.table.economies(),
    };
    let n = session.table()?.n();
    let result = session.decompose(&request, &Spinner::new(n >= 1000))?;
    note_added_splits(&result.added_splits);
    emit(&args.output, &result.tables())
}

fn extract(args: &ExtractArgs) -> Result<(), Failure> {
    args.output.check()?;
    let session = args.table.session()?;
    let e = session.extract(&ExtractRequest {
        country: args.country.clone(),
        sector: args.sector.clone(),
    })?;
    let table = Table::from_rows("extraction", &e.rows);
    if args.output.out.is_none() && !args.output.json_on_stdout() {
        crate::options::note_plain(&format!(
            "extracted {}: output lost {} (backward), {} (forward)",
            e.extracted, e.backward, e.forward
        ));
        print(&chainlens_report::csv::text(&table));
        return Ok(());
    }
    if !args.output.json_on_stdout() {
        print(&chainlens_report::input_output::extraction_summary(&e));
    }
    emit(&args.output, &[table])
}

fn multipliers(args: &TableOutputArgs) -> Result<(), Failure> {
    args.output.check()?;
    let session = args.table.session()?;
    emit(&args.output, &session.multipliers()?.tables())
}

fn va_origin(args: &TableOutputArgs) -> Result<(), Failure> {
    args.output.check()?;
    let session = args.table.session()?;
    let va = session.va_origin(&args.table.economies())?;
    if !args.output.json_on_stdout() {
        print(&format!(
            "value added in final demand: {} of world value added {} (row-balanced table)\n",
            va.total, va.world_value_added
        ));
    }
    emit(&args.output, &[Table::from_rows("va_origin", &va.rows)])
}

/// Runs `chainlens gvc`.
pub fn gvc(args: GvcArgs) -> Result<ExitCode, Failure> {
    args.output.check()?;
    let industry_groups = match &args.industry_groups {
        Some(path) => Some(read_groups(path)?),
        None => None,
    };
    let request = GvcRequest {
        economies: args.table.economies(),
        inventories: match args.inventories {
            InventoriesArg::Net => InventoryChoice::Net,
            InventoriesArg::Ignore => InventoryChoice::Ignore,
        },
        industry_groups,
    };
    if let Some(years) = &args.years {
        return gvc_years(&args, request, years);
    }
    let session = args.table.session()?;
    let n = session.table()?.n();
    let result = session.gvc(&request, &Spinner::new(n >= 1000))?;
    note_added_splits(&result.added_splits);
    if result.inventory_corrected {
        note(
            "upstreamness and downstreamness are net of inventories (--inventories ignore for plain row sums)",
        );
    }
    if let Some(why) = &result.paradox_missing {
        note(why);
    }
    let label = args.table.table.as_ref().map_or_else(
        || "the embedded example".to_string(),
        |p| p.display().to_string(),
    );
    args.report
        .write(&chainlens_report::analysis_report::gvc_report(
            &result,
            &label,
            &session.table()?.unit,
            session.table_is_synthetic(),
        ))?;
    // With --report alone the page is the output; otherwise the tables are.
    if args.report.report.is_none() || args.output.out.is_some() || args.output.json_on_stdout() {
        emit(&args.output, &result.tables)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `chainlens gvc --years FIRST-LAST DIR`: every year's indicators as long tables, and
/// the regionalisation with its summary.
fn gvc_years(args: &GvcArgs, gvc: GvcRequest, years: &str) -> Result<ExitCode, Failure> {
    let Some(dir) = &args.table.table else {
        return Err(Failure::Usage(
            "--years reads a folder of yearly tables: give it as TABLE".into(),
        ));
    };
    let blocs = match &args.blocs {
        Some(path) => Some(chainlens_engine::restructuring::read_blocs(path)?),
        None => None,
    };
    let request = GvcYearsRequest {
        years: years.to_string(),
        gvc,
        blocs,
    };
    request.check()?;
    let result = chainlens_engine::restructuring::gvc_years(
        &args.table.options(Some(dir.clone())),
        &request,
        &Spinner::new(true),
    )?;
    if !args.output.json_on_stdout() {
        print(&chainlens_report::restructuring::regionalisation_summary(
            &result.regionalisation,
        ));
    }
    emit(&args.output, &result.tables)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads a `group,sector` CSV into groups in first-seen order.
fn read_groups(path: &Path) -> Result<Vec<(String, Vec<String>)>, Failure> {
    let text = chainlens_engine::read_text(path)?;
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let Some((g, s)) = line.split_once(',') else {
            return Err(EngineError::Invalid {
                file: format!("{}:{}", path.display(), n + 1),
                message: "expected group,sector".into(),
            }
            .into());
        };
        let (g, s) = (g.trim().to_string(), s.trim().to_string());
        match groups.iter_mut().find(|(name, _)| *name == g) {
            Some((_, v)) => v.push(s),
            None => groups.push((g, vec![s])),
        }
    }
    Ok(groups)
}
