//! `chainlens import baci|comtrade` and `chainlens info`, over `chainlens-ingest`;
//! also [`TradeInput`], the `--trade` option every trade analysis shares.

use crate::BadInput;
use anyhow::Context;
use chainlens_ingest::{ComtradeView, ReadOptions, TradeDataset, YearWindow, cache, reference};
use clap::{Args, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options every command reading trade data accepts.
#[derive(Args, Clone, Debug, Default)]
pub struct ReadArgs {
    /// Keep only these years, e.g. `2017` or `2017-2018`.
    #[arg(long, value_name = "FIRST[-LAST]")]
    pub years: Option<String>,
    /// A country table replacing the input's own (BACI layout or `code,iso2,iso3,name,aggregate`).
    #[arg(long, value_name = "CSV")]
    pub countries: Option<PathBuf>,
    /// Fail on the first rejected row, naming its file, line and field.
    #[arg(long)]
    pub strict: bool,
}

impl ReadArgs {
    /// The library's read options.
    pub fn options(&self) -> anyhow::Result<ReadOptions> {
        let window =
            match &self.years {
                Some(text) => Some(YearWindow::parse(text).ok_or_else(|| {
                    BadInput(format!("--years `{text}` is not YEAR or FIRST-LAST"))
                })?),
                None => None,
            };
        let countries = match &self.countries {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
                Some(reference::parse_country_table(&text, path)?)
            }
            None => None,
        };
        Ok(ReadOptions {
            countries,
            window,
            strict: self.strict,
            progress: true,
            comtrade_view: ComtradeView::Imports,
        })
    }
}

/// `--trade`: a BACI directory or zip, a Comtrade CSV or a cache; the embedded
/// SYNTHETIC default dataset when absent.
#[derive(Args, Clone, Debug, Default)]
pub struct TradeInput {
    /// Trade data: BACI directory or zip, UN Comtrade CSV, or a chainlens cache [default: embedded synthetic dataset].
    #[arg(long, value_name = "DIR|ZIP|CSV|CACHE")]
    pub trade: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

impl TradeInput {
    /// Reads the input.
    pub fn load(&self) -> anyhow::Result<TradeDataset> {
        load(self.trade.as_deref(), &self.read.options()?)
    }
}

fn load(path: Option<&Path>, options: &ReadOptions) -> anyhow::Result<TradeDataset> {
    Ok(match path {
        Some(path) => chainlens_ingest::open(path, options)?,
        None => {
            eprintln!(
                "note: no --trade given: using the embedded SYNTHETIC default dataset (not real trade)"
            );
            chainlens_ingest::open_default(options)?
        }
    })
}

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

/// Runs `chainlens import`.
pub fn import(command: ImportCommand) -> anyhow::Result<ExitCode> {
    let (data, out) = match command {
        ImportCommand::Baci(args) => {
            let paths: Vec<&Path> = args.inputs.iter().map(PathBuf::as_path).collect();
            (
                chainlens_ingest::baci::read(&paths, &args.read.options()?)?,
                args.out,
            )
        }
        ImportCommand::Comtrade(args) => {
            let mut options = args.read.options()?;
            options.comtrade_view = match args.flow {
                FlowArg::M => ComtradeView::Imports,
                FlowArg::X => ComtradeView::Exports,
            };
            let paths: Vec<&Path> = args.inputs.iter().map(PathBuf::as_path).collect();
            (
                chainlens_ingest::comtrade::read(&paths, &options)?,
                args.out,
            )
        }
    };
    cache::write(&data, &out)?;
    println!("{} -> {}", data.report.summary(), out.display());
    Ok(if data.report.rejected() > 0 {
        eprintln!(
            "warning: {} rows rejected; see {}",
            data.report.rejected(),
            out.join("rejects.csv").display()
        );
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
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: InfoFormat,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Runs `chainlens info`.
pub fn info(args: InfoArgs) -> anyhow::Result<ExitCode> {
    let data = load(args.input.as_deref(), &args.read.options()?)?;
    let flows = &data.flows;
    let years = flows.years();
    let mut by_year = vec![0.0; years.len()];
    let mut exporters = [false; 1000];
    let mut importers = [false; 1000];
    let mut products = chainlens_model::ProductSet::default();
    for i in 0..flows.len() {
        let y = years.binary_search(&flows.year[i]).expect("year listed");
        by_year[y] += flows.value[i];
        exporters[usize::from(flows.exporter[i].0)] = true;
        importers[usize::from(flows.importer[i].0)] = true;
        products.insert(flows.product[i]);
    }
    let count = |seen: &[bool]| seen.iter().filter(|&&s| s).count();
    let countries = (0..1000).filter(|&c| exporters[c] || importers[c]).count();
    let total: f64 = by_year.iter().sum();
    match args.format {
        InfoFormat::Json => {
            let json = serde_json::json!({
                "years": years.iter().map(|y| y.0).collect::<Vec<_>>(),
                "rows": flows.len(),
                "exporters": count(&exporters),
                "importers": count(&importers),
                "countries": countries,
                "products": products.len(),
                "value_usd_by_year": years.iter().zip(&by_year).map(|(y, v)| (y.0.to_string(), serde_json::json!(*v))).collect::<serde_json::Map<_, _>>(),
                "value_usd_total": total,
                "report": serde_json::to_value(&data.report)?,
            });
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        InfoFormat::Text => {
            let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
            println!("years      {}", list.join(", "));
            println!("rows       {}", flows.len());
            println!(
                "countries  {countries} ({} exporters, {} importers)",
                count(&exporters),
                count(&importers)
            );
            println!("products   {} HS6 codes", products.len());
            for (y, v) in years.iter().zip(&by_year) {
                println!("value {y}  {:.3} bn USD", v / 1e9);
            }
            println!("value all   {:.3} bn USD", total / 1e9);
            println!("ingest     {}", data.report.summary());
        }
    }
    Ok(ExitCode::SUCCESS)
}
