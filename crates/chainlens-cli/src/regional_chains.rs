//! `chainlens chain check|diagnose|disrupt|attract|map|compare` (METHODS §4). Each command
//! prints a Markdown report; with `--out` it also writes the report as Markdown and HTML,
//! its tables (`--format`) and (diagnose) the chain map. `diagnose` and `disrupt` read
//! trade data (the embedded default when none is given) for the segments' exposure and
//! for trade partners as substitutes.

use crate::Failure;
use crate::options::{DistanceArgs, OutputArgs, TradeArgs, print, warn};
use chainlens_engine::Table;
use chainlens_engine::chains::{
    AttractRequest, ChainSource, CompareRequest, DiagnoseRequest, DisruptRequest, Thresholds,
    TradeLayerRequest, chain_attract, chain_compare,
};
use chainlens_report::chain_map::chain_map;
use chainlens_report::chain_report::{
    Report, attraction_report, diagnosis_report, disruption_report, plan_report,
};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `chainlens chain ...`.
#[derive(Subcommand)]
pub enum ChainCommand {
    /// Validate a chain file.
    Check(FileArgs),
    /// Diagnose every segment (replenish, strengthen, extend), its trade exposure and the coupling mix.
    Diagnose(DiagnoseArgs),
    /// Remove a partner and rank substitutes for every broken link, nearest scale first.
    Disrupt(DisruptArgs),
    /// Rank candidate firms and institutes against the chain's gaps by degree of match.
    Attract(AttractArgs),
    /// Draw the chain map (SVG).
    Map(MapArgs),
    /// Compare the chain with a planned version of it (diagnosis and coupling mix).
    Compare(CompareArgs),
}

/// A chain file.
#[derive(Args)]
pub struct FileArgs {
    /// The chain (TOML; see docs/chain-format.md and examples/chains/).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// The diagnosis thresholds.
#[derive(Args)]
pub struct ThresholdArgs {
    /// Value-added share below which a segment is weak.
    #[arg(long, default_value_t = Thresholds::default().weak_share)]
    weak_share: f64,
    /// Share of inputs from supranational or global partners above which a segment is weak.
    #[arg(long, default_value_t = Thresholds::default().foreign_share)]
    foreign_share: f64,
}

impl ThresholdArgs {
    fn thresholds(&self) -> Thresholds {
        Thresholds {
            weak_share: self.weak_share,
            foreign_share: self.foreign_share,
        }
    }
}

/// Trade data and political distance for the trade layer.
#[derive(Args)]
pub struct TradeLayerArgs {
    #[command(flatten)]
    trade: TradeArgs,
    #[command(flatten)]
    distance: DistanceArgs,
}

impl TradeLayerArgs {
    /// A session on the trade data with the political distance file, if any.
    fn session(&self) -> Result<chainlens_engine::Session, Failure> {
        self.trade.session(self.distance.distance.clone())
    }

    /// The same with an input-output table.
    fn session_with_table(&self, table: &Path) -> Result<chainlens_engine::Session, Failure> {
        let trade = chainlens_engine::TradeOptions {
            distance: self.distance.distance.clone(),
            ..self.trade.options()
        };
        let table = chainlens_engine::TableOptions {
            source: chainlens_engine::TableSource::Path(table.to_path_buf()),
            ..Default::default()
        };
        let session = chainlens_engine::Session::open(&chainlens_engine::SessionOptions {
            trade: Some(trade),
            table: Some(table),
        })?;
        crate::options::warn_accounting(&session)?;
        Ok(session)
    }

    fn request(&self) -> TradeLayerRequest {
        TradeLayerRequest {
            years: self.trade.read.years.clone(),
            sessions: self.distance.sessions.clone(),
        }
    }
}

/// Arguments of `chainlens chain diagnose`.
#[derive(Args)]
pub struct DiagnoseArgs {
    #[command(flatten)]
    chain: FileArgs,
    #[command(flatten)]
    thresholds: ThresholdArgs,
    #[command(flatten)]
    trade: TradeLayerArgs,
    /// An input-output table: each segment's industries and their exposure to vulnerable imports (industries.csv).
    #[arg(long, value_name = "TABLE")]
    table: Option<PathBuf>,
    /// Output directory (report.md, report.html, map.svg, diagnosis, exposure, coupling, industries) and table format.
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `chainlens chain disrupt`.
#[derive(Args)]
pub struct DisruptArgs {
    #[command(flatten)]
    chain: FileArgs,
    /// What to remove: firm:ID, country:ISO3 or scale:local|national|supranational|global.
    #[arg(long, value_name = "WHAT")]
    remove: String,
    #[command(flatten)]
    trade: TradeLayerArgs,
    /// Share of a trade partner's trade of the good it can redirect to the chain.
    #[arg(long, default_value_t = DisruptRequest::default().trade_cap)]
    trade_cap: f64,
    /// Weights of the capacity, concentration and risk scores.
    #[arg(long, value_delimiter = ',', num_args = 3, default_values_t = DisruptRequest::default().weights)]
    weights: Vec<f64>,
    /// Substitutes listed per broken link in the report (all are in substitutes.csv).
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Output directory (report.md, report.html, substitutes) and table format.
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `chainlens chain attract`.
#[derive(Args)]
pub struct AttractArgs {
    #[command(flatten)]
    chain: FileArgs,
    /// Candidates: CSV with id,name,kind,country,scale,segment,hs6,capacity.
    #[arg(long, value_name = "CSV")]
    candidates: PathBuf,
    #[command(flatten)]
    thresholds: ThresholdArgs,
    /// Output directory (report.md, report.html, attraction) and table format.
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `chainlens chain map`.
#[derive(Args)]
pub struct MapArgs {
    #[command(flatten)]
    chain: FileArgs,
    #[command(flatten)]
    thresholds: ThresholdArgs,
    /// The SVG file to write (its folder is created when missing).
    #[arg(long, value_name = "SVG")]
    out: PathBuf,
}

/// Arguments of `chainlens chain compare`.
#[derive(Args)]
pub struct CompareArgs {
    /// The chain as it is.
    #[arg(value_name = "FILE")]
    before: PathBuf,
    /// The chain as planned (the same file with firms and links added or removed).
    #[arg(value_name = "PLAN")]
    after: PathBuf,
    #[command(flatten)]
    thresholds: ThresholdArgs,
    /// Directory for report.md and report.html.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

fn read(path: &Path) -> Result<String, Failure> {
    Ok(chainlens_engine::read_text(path)?)
}

/// Prints a checked chain's warnings on stderr.
fn warn_chain(chain: &chainlens_regional_chains::Chain) {
    for w in chain.warnings() {
        warn(w);
    }
}

fn source(path: &Path) -> Result<ChainSource, Failure> {
    Ok(ChainSource {
        toml: read(path)?,
        label: path.display().to_string(),
    })
}

/// Writes the report as Markdown and HTML, `files` and `tables` into `dir`.
fn write_out(
    dir: &Path,
    report: &Report,
    files: &[(&str, String)],
    tables: &[Table],
    output: &OutputArgs,
) -> Result<(), Failure> {
    let reports = [
        ("report.md", report.markdown()),
        ("report.html", report.html()),
    ];
    for (name, text) in reports.iter().chain(files) {
        chainlens_report::write_text(&dir.join(name), text)?;
    }
    for table in tables {
        chainlens_report::write_table(dir, table, output.format())?;
    }
    Ok(())
}

/// Runs `chainlens chain`.
pub fn run(command: ChainCommand) -> Result<ExitCode, Failure> {
    match command {
        ChainCommand::Check(args) => check(&args),
        ChainCommand::Diagnose(args) => diagnose(&args),
        ChainCommand::Disrupt(args) => disrupt(&args),
        ChainCommand::Attract(args) => attract(&args),
        ChainCommand::Map(args) => map(&args),
        ChainCommand::Compare(args) => compare(&args),
    }?;
    Ok(ExitCode::SUCCESS)
}

fn check(args: &FileArgs) -> Result<(), Failure> {
    let chain = source(&args.file)?.load()?;
    warn_chain(&chain);
    print(&format!(
        "{}: {} ({:?}-driven), {} segments, {} firms, {} links; chief: {}\n",
        args.file.display(),
        chain.name(),
        chain.driver(),
        chain.segments().len(),
        chain.firms().len(),
        chain.links().len(),
        chain.governance()[0].join("; ")
    ));
    Ok(())
}

fn diagnose(args: &DiagnoseArgs) -> Result<(), Failure> {
    args.output.check()?;
    let request = DiagnoseRequest {
        chain: source(&args.chain.file)?,
        thresholds: args.thresholds.thresholds(),
        trade: args.trade.request(),
    };
    request.check()?;
    let session = match &args.table {
        None => args.trade.session()?,
        Some(table) => args.trade.session_with_table(table)?,
    };
    let d = session.chain_diagnose(&request)?;
    warn_chain(&d.chain);
    let map = chain_map(&d.chain, &d.diagnosis);
    if let Some(out) = &args.output.out {
        let report = diagnosis_report(
            &d.chain,
            &d.diagnosis,
            &d.mix,
            Some(&d.trade),
            Some(map.clone()),
        );
        write_out(out, &report, &[("map.svg", map)], &d.tables(), &args.output)?;
    }
    print(&diagnosis_report(&d.chain, &d.diagnosis, &d.mix, Some(&d.trade), None).markdown());
    Ok(())
}

fn disrupt(args: &DisruptArgs) -> Result<(), Failure> {
    args.output.check()?;
    let weights = match args.weights.as_slice() {
        &[a, b, c] => [a, b, c],
        _ => return Err(Failure::Usage("--weights takes three numbers".into())),
    };
    let request = DisruptRequest {
        chain: source(&args.chain.file)?,
        remove: args.remove.clone(),
        trade_cap: args.trade_cap,
        weights,
        trade: args.trade.request(),
    };
    request.check()?;
    let session = args.trade.session()?;
    let d = session.chain_disrupt(&request)?;
    warn_chain(&d.chain);
    let report = disruption_report(&d.chain, &args.remove, &d.disruption, args.top);
    if let Some(out) = &args.output.out {
        write_out(out, &report, &[], &[d.table()], &args.output)?;
    }
    print(&report.markdown());
    Ok(())
}

fn attract(args: &AttractArgs) -> Result<(), Failure> {
    args.output.check()?;
    let a = chain_attract(&AttractRequest {
        chain: source(&args.chain.file)?,
        candidates: read(&args.candidates)?,
        candidates_label: args.candidates.display().to_string(),
        thresholds: args.thresholds.thresholds(),
    })?;
    let report = attraction_report(&a.chain, &a.attraction, &a.candidates);
    if let Some(out) = &args.output.out {
        write_out(out, &report, &[], &[a.table()], &args.output)?;
    }
    print(&report.markdown());
    Ok(())
}

fn map(args: &MapArgs) -> Result<(), Failure> {
    let chain = source(&args.chain.file)?.load()?;
    let svg = chain_map(&chain, &args.thresholds.thresholds().diagnose(&chain));
    chainlens_report::write_text(&args.out, &svg)?;
    crate::options::note_plain(&format!("wrote {}", args.out.display()));
    Ok(())
}

fn compare(args: &CompareArgs) -> Result<(), Failure> {
    let c = chain_compare(&CompareRequest {
        chain: source(&args.before)?,
        plan: source(&args.after)?,
        thresholds: args.thresholds.thresholds(),
    })?;
    let report = plan_report(&c.before, &c.after, &c.diagnosis_before, &c.diagnosis_after);
    if let Some(out) = &args.out {
        write_out(out, &report, &[], &[], &OutputArgs::default())?;
    }
    print(&report.markdown());
    Ok(())
}
