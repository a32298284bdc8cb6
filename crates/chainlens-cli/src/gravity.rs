//! `chainlens gravity estimate` and `chainlens gravity ge` (METHODS §3, bloc
//! fragmentation): PPML with high-dimensional fixed effects writes `coefficients`, `fit`
//! and `fitted` (each observation's fit and fixed effects), and with `--predict-pairs`
//! every pair's cost (`pair_costs`, `pair_prediction`); the general equilibrium of a
//! scenario file writes `countries`, `blocs`, `bilateral` and the picture `welfare.svg`
//! (welfare by country, coloured by bloc); the multi-sector equilibrium with input-output
//! linkages (Caliendo & Parro 2015) on an input-output table writes `countries`, `blocs`,
//! `sectors`, `bilateral`, `convergence`, `calibration` and `welfare.svg`, and with
//! `--report DIR` a report (welfare by bloc, bloc totals, the amplification, the most
//! affected sectors). A summary goes to stdout.

use crate::Failure;
use crate::options::{OutputArgs, ReportArgs, TableArgs, note, print};
use chainlens_engine::gravity::{
    EstimateRequest, GeRequest, GravityDataRequest, estimate_gravity, general_equilibrium,
};
use chainlens_engine::gravity_io::GeIoRequest;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// `chainlens gravity ...`.
#[derive(Subcommand)]
pub enum GravityCommand {
    /// PPML with exporter-year, importer-year and/or pair fixed effects, SEs clustered by pair.
    Estimate(EstimateArgs),
    /// General equilibrium of a scenario file (exact hat algebra): welfare, prices, trade.
    Ge(GeArgs),
    /// Many sectors with input-output linkages (Caliendo-Parro 2015) on an ICIO table: welfare, sectors, trade.
    GeIo(GeIoArgs),
}

/// The data file and its key columns.
#[derive(Args)]
pub struct DataArgs {
    /// A CSV of bilateral flows (domestic flows included for `ge`), one row per exporter, importer and year.
    #[arg(long, value_name = "FILE")]
    data: PathBuf,
    /// Exporter column.
    #[arg(long, default_value = "exporter", value_name = "COL")]
    exporter: String,
    /// Importer column.
    #[arg(long, default_value = "importer", value_name = "COL")]
    importer: String,
    /// Year column.
    #[arg(long, default_value = "year", value_name = "COL")]
    year: String,
    /// Trade column.
    #[arg(long, default_value = "trade", value_name = "COL")]
    trade: String,
}

impl DataArgs {
    fn request(&self) -> GravityDataRequest {
        GravityDataRequest {
            data: self.data.clone(),
            exporter: self.exporter.clone(),
            importer: self.importer.clone(),
            year: self.year.clone(),
            trade: self.trade.clone(),
        }
    }
}

/// Arguments of `chainlens gravity estimate`.
#[derive(Args)]
pub struct EstimateArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Fixed effects: exporter-year, importer-year, pair, exporter, importer, year.
    #[arg(long, value_delimiter = ',', required = true, value_name = "FE,...")]
    fe: Vec<String>,
    /// Regressors (columns of the data).
    #[arg(long, value_delimiter = ',', required = true, value_name = "VAR,...")]
    vars: Vec<String>,
    /// Keep only these years, e.g. `1986,1990,1994`.
    #[arg(long, value_delimiter = ',', value_name = "YEAR,...")]
    years: Vec<i32>,
    /// After a fit with pair effects, predict the cost of the pairs that never trade from
    /// these gravity variables (the Guide's second stage) and write `pair_costs` for
    /// `gravity ge --pair-costs`, e.g. `ln(DIST),CNTG,LANG,CLNY`.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "VAR,...",
        requires = "predict_year"
    )]
    predict_pairs: Vec<String>,
    /// The year of that second stage (the general equilibrium's baseline year).
    #[arg(long, value_name = "YEAR")]
    predict_year: Option<i32>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `chainlens gravity ge`.
#[derive(Args)]
pub struct GeArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The scenario (TOML; see examples/gravity/).
    #[arg(long, value_name = "FILE.toml")]
    scenario: PathBuf,
    /// Blocs from a CSV list (`iso3,bloc`), besides the scenario file's own blocs.
    #[arg(long, value_name = "FILE.csv")]
    blocs: Option<PathBuf>,
    /// Every pair's baseline cost (`exporter,importer,log_cost`, the `pair_costs` table of
    /// `gravity estimate --predict-pairs`), for a scenario with `baseline = "fitted"`.
    #[arg(long, value_name = "FILE.csv")]
    pair_costs: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `chainlens gravity ge-io`.
#[derive(Args)]
pub struct GeIoArgs {
    #[command(flatten)]
    table: TableArgs,
    /// The scenario (TOML; see examples/gravity/ge_io_*.toml).
    #[arg(long, value_name = "FILE.toml")]
    scenario: PathBuf,
    /// Sector trade elasticities (`sector,theta`, one line per sector of the table), in place of the scenario's.
    #[arg(long, value_name = "FILE.csv")]
    elasticities: Option<PathBuf>,
    /// Blocs from a CSV list (`iso3,bloc`), besides the scenario file's own blocs.
    #[arg(long, value_name = "FILE.csv")]
    blocs: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    report: ReportArgs,
}

/// Runs `chainlens gravity`.
pub fn run(command: GravityCommand) -> Result<ExitCode, Failure> {
    match command {
        GravityCommand::Estimate(args) => {
            args.output.check()?;
            let request = EstimateRequest {
                input: args.data.request(),
                fixed_effects: args.fe,
                vars: args.vars,
                years: args.years,
                predict_pairs: args.predict_pairs,
                predict_year: args.predict_year,
            };
            request.fixed_effects()?;
            let result = estimate_gravity(&request)?;
            args.output.write(&result.tables())?;
            let summary = chainlens_report::gravity::estimate_summary(&result);
            finish(
                &args.output,
                serde_json::to_string_pretty(&result),
                &summary,
            )
        }
        GravityCommand::Ge(args) => {
            args.output.check()?;
            let request = GeRequest {
                input: args.data.request(),
                toml: chainlens_engine::read_text(&args.scenario)?,
                label: args.scenario.display().to_string(),
                blocs: args.blocs,
                pair_costs: args.pair_costs,
            };
            // A broken file fails before any data is read.
            request.parse()?;
            let result = general_equilibrium(&request)?;
            args.output.write(&result.tables())?;
            if let Some(dir) = &args.output.out {
                let svg = chainlens_report::gravity::welfare_svg(&result);
                chainlens_report::write_text(&dir.join("welfare.svg"), &svg)?;
            }
            let summary = chainlens_report::gravity::ge_summary(&result);
            finish(
                &args.output,
                serde_json::to_string_pretty(&result),
                &summary,
            )
        }
        GravityCommand::GeIo(args) => ge_io(args),
    }
}

/// Runs `chainlens gravity ge-io`.
fn ge_io(args: GeIoArgs) -> Result<ExitCode, Failure> {
    args.output.check()?;
    let request = GeIoRequest {
        toml: chainlens_engine::read_text(&args.scenario)?,
        label: args.scenario.display().to_string(),
        blocs: args.blocs,
        elasticities: args.elasticities,
    };
    // A broken file fails before the table is read.
    request.parse()?;
    let session = args.table.session()?;
    let result = session.ge_io(&request)?;
    let c = &result.calibration;
    note(&format!(
        "calibration: {} inventory columns dropped (net {}), {} negative final-demand cells set to zero ({}), inputs above sales balanced by own final demand: {}; {} country-sectors inactive (zero output)",
        c.inventory_columns_dropped,
        c.inventory_value,
        c.negative_final_cells,
        c.negative_final_value,
        if c.balanced.is_empty() {
            "none"
        } else {
            &c.balanced
        },
        c.inactive
    ));
    args.output.write(&result.tables())?;
    if let Some(dir) = &args.output.out {
        let svg = chainlens_report::gravity::ge_io_welfare_svg(&result);
        chainlens_report::write_text(&dir.join("welfare.svg"), &svg)?;
    }
    args.report
        .write(&chainlens_report::analysis_report::ge_io_report(&result))?;
    let summary = chainlens_report::gravity::ge_io_summary(&result);
    finish(
        &args.output,
        serde_json::to_string_pretty(&result),
        &summary,
    )
}

/// Prints the result as JSON (`--format json` without `--out`) or as its summary.
fn finish(
    output: &OutputArgs,
    json: serde_json::Result<String>,
    summary: &str,
) -> Result<ExitCode, Failure> {
    if output.json_on_stdout() {
        print(&format!("{}\n", json.unwrap_or_default()));
    } else {
        print(summary);
    }
    Ok(ExitCode::SUCCESS)
}
