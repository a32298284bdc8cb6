//! `chainlens vulnerability`: METHODS §1.1-1.6 over `chainlens-trade-network`, with
//! the summary table on stdout and, with `--out`, `products.csv`, `categories.csv`,
//! `chapters.csv`, `dominance.csv` and `report.json` (or JSON with `--format json`);
//! and `chainlens risk`: the geopolitics-adjusted supply risk of METHODS §1.7.

use crate::BadInput;
use crate::ingest::TradeInput;
use anyhow::Context;
use chainlens_ingest::reference::{
    self, embedded_hs_bec, intermediate_goods, parse_hs_bec, parse_product_list,
};
use chainlens_ingest::{IngestReport, TradeDataset};
use chainlens_model::{CountryCode, CountryTable, ProductSet, YearWindow};
use chainlens_trade_network::{
    CentralityMeasure, ExporterDominance, ImporterVulnerability, Importers, PoliticalDistance,
    VulnerabilityAnalysis, VulnerabilityOptions, analyse, geopolitical_risk,
};
use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Centrality measure names on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum CentralityArg {
    /// Herfindahl-Hirschman index of exporter shares.
    Hhi,
    /// Top-3 exporter share.
    Cr3,
    /// Freeman out-strength centralisation.
    Freeman,
}

/// Output format of the summary.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum OutputFormat {
    /// A short text summary (files with `--out`).
    #[default]
    Text,
    /// Every table as one JSON document on stdout.
    Json,
}

/// Arguments of `chainlens vulnerability`.
#[derive(Args)]
pub struct VulnerabilityArgs {
    #[command(flatten)]
    trade: TradeInput,
    /// Importers as ISO3 codes (comma separated or repeated), or `all`.
    #[arg(long, value_delimiter = ',', required = true, value_name = "ISO3|all")]
    importer: Vec<String>,
    #[command(flatten)]
    universe: UniverseArgs,
    /// Export centrality measure.
    #[arg(long, value_enum, default_value = "hhi")]
    centrality: CentralityArg,
    /// Directory for the output files.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Summary format on stdout.
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| path.display().to_string())
}

/// `--intermediate-goods` and `--hs-bec`, shared by the commands that need the universe.
#[derive(Args, Clone, Debug, Default)]
pub struct UniverseArgs {
    /// A CSV with a column `hs6` listing the universe of intermediate goods [default: HS->BEC rule].
    #[arg(long, value_name = "CSV")]
    intermediate_goods: Option<PathBuf>,
    /// An HS6 -> BEC Rev.4 table replacing the embedded one (UNSD layout).
    #[arg(long, value_name = "CSV")]
    hs_bec: Option<PathBuf>,
}

pub fn universe(args: &UniverseArgs, data: &TradeDataset) -> anyhow::Result<ProductSet> {
    if let Some(path) = &args.intermediate_goods {
        return Ok(parse_product_list(&read_text(path)?, path)?);
    }
    let pairs = match &args.hs_bec {
        Some(path) => parse_hs_bec(&read_text(path)?, path)?,
        None => embedded_hs_bec(data.edition),
    };
    Ok(intermediate_goods(&pairs))
}

fn resolve_importers(names: &[String], countries: &CountryTable) -> anyhow::Result<Importers> {
    if names.iter().any(|n| n.eq_ignore_ascii_case("all")) {
        return Ok(Importers::All);
    }
    let codes = names
        .iter()
        .map(|name| {
            countries.by_iso3(name.trim()).map(|c| c.code).ok_or_else(|| {
                BadInput(format!(
                    "unknown importer `{name}`: not an ISO3 code of the country table\nhint: use ISO3 codes such as CHN, USA, DEU, or `all`"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Importers::These(codes))
}

/// Loads the trade input without a window: the window is applied by the analysis, not
/// the reader, so that a raw input and its cache give the same report.
pub fn load_windowed(trade: &TradeInput) -> anyhow::Result<(TradeDataset, Option<YearWindow>)> {
    let window = match &trade.read.years {
        Some(text) => Some(
            YearWindow::parse(text)
                .ok_or_else(|| BadInput(format!("--years `{text}` is not YEAR or FIRST-LAST")))?,
        ),
        None => None,
    };
    let mut input = trade.clone();
    input.read.years = None;
    Ok((input.load()?, window))
}

/// Runs `chainlens vulnerability`.
pub fn vulnerability(args: VulnerabilityArgs) -> anyhow::Result<ExitCode> {
    // The window is applied by the analysis, not the reader, so that a raw input and
    // its cache give the same report.
    let window = match &args.trade.read.years {
        Some(text) => Some(
            YearWindow::parse(text)
                .ok_or_else(|| BadInput(format!("--years `{text}` is not YEAR or FIRST-LAST")))?,
        ),
        None => None,
    };
    let mut input = args.trade.clone();
    input.read.years = None;
    let data = input.load()?;
    let universe = universe(&args.universe, &data)?;
    let importers = resolve_importers(&args.importer, &data.countries)?;
    let options = VulnerabilityOptions {
        centrality: match args.centrality {
            CentralityArg::Hhi => CentralityMeasure::Hhi,
            CentralityArg::Cr3 => CentralityMeasure::Cr3,
            CentralityArg::Freeman => CentralityMeasure::Freeman,
        },
        ..Default::default()
    };
    let result = analyse(&data.flows, &universe, window, &importers, options).map_err(|e| {
        let text = match e {
            chainlens_trade_network::VulnerabilityError::NoIntermediateImports { importer } => {
                format!(
                    "{} imports no intermediate good in the window",
                    data.countries.label(importer)
                )
            }
            other => other.to_string(),
        };
        BadInput(text)
    })?;
    let mut report = data.report.clone();
    report.outside_window += result.rows_outside_window;
    report.rows_used -= result.rows_outside_window;
    let tables = Tables {
        data: &data,
        result: &result,
        report: &report,
    };
    if let Some(out) = &args.out {
        let one = matches!(&importers, Importers::These(list) if list.len() == 1);
        for imp in &result.importers {
            let dir = if one {
                out.clone()
            } else {
                out.join(data.countries.label(imp.importer))
            };
            tables.write_files(imp, &dir)?;
        }
    }
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&tables.json())?),
        OutputFormat::Text => print!("{}", tables.summary()),
    }
    Ok(ExitCode::SUCCESS)
}

struct Tables<'a> {
    data: &'a TradeDataset,
    result: &'a VulnerabilityAnalysis,
    report: &'a IngestReport,
}

/// One CSV line, quoting fields that need it.
pub fn csv_line(fields: &[String]) -> String {
    let mut line = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

impl Tables<'_> {
    fn label(&self, code: CountryCode) -> String {
        self.data.countries.label(code)
    }

    fn products_csv(&self, imp: &ImporterVulnerability) -> String {
        let mut out = String::from(
            "hs6,hs2,description,centrality,centrality_high,concentration,concentration_high,category,import_value,import_share,vulnerability\n",
        );
        for p in &imp.products {
            out += &csv_line(&[
                p.hs6.to_string(),
                format!("{:02}", p.hs6.hs2()),
                self.data.descriptions.get(p.hs6).to_string(),
                p.centrality.to_string(),
                p.centrality_high.to_string(),
                p.concentration.to_string(),
                p.concentration_high.to_string(),
                p.category.to_string(),
                p.import_value.to_string(),
                p.import_share.to_string(),
                p.vulnerability.to_string(),
            ]);
        }
        out
    }

    fn categories_csv(imp: &ImporterVulnerability) -> String {
        let mut out = String::from("category,goods,import_value,value_share\n");
        for c in &imp.categories {
            let _ = writeln!(
                out,
                "{},{},{},{}",
                c.category, c.goods, c.import_value, c.value_share
            );
        }
        out
    }

    fn chapters_csv(imp: &ImporterVulnerability) -> String {
        let mut out = String::from("rank,hs2,goods,import_value,vulnerability\n");
        for c in &imp.chapters {
            let _ = writeln!(
                out,
                "{},{:02},{},{},{}",
                c.rank, c.hs2, c.goods, c.import_value, c.vulnerability
            );
        }
        out
    }

    fn dominance_rows(&self) -> Vec<(String, &ExporterDominance)> {
        let mut rows: Vec<(String, &ExporterDominance)> = self
            .result
            .dominance
            .iter()
            .map(|d| (self.label(d.exporter), d))
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.exporter.cmp(&b.1.exporter)));
        rows
    }

    fn dominance_csv(&self) -> String {
        let mut out = format!("iso3,{}\n", ExporterDominance::COLUMNS.join(","));
        for (iso3, d) in self.dominance_rows() {
            let counts: Vec<String> = d.counts().iter().map(u32::to_string).collect();
            let _ = writeln!(out, "{iso3},{}", counts.join(","));
        }
        out
    }

    fn report_json(&self, imp: &ImporterVulnerability) -> Value {
        let mut value = serde_json::to_value(self.report).expect("plain data");
        let map = value.as_object_mut().expect("an object");
        map.insert("importer".into(), json!(self.label(imp.importer)));
        map.insert(
            "years".into(),
            json!(self.result.years.iter().map(|y| y.0).collect::<Vec<_>>()),
        );
        map.insert("universe_size".into(), json!(self.result.universe_size()));
        map.insert(
            "centrality_threshold".into(),
            json!(self.result.centrality_threshold),
        );
        map.insert(
            "concentration_threshold".into(),
            json!(imp.concentration_threshold),
        );
        value
    }

    fn write_files(&self, imp: &ImporterVulnerability, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
        let files = [
            ("products.csv", self.products_csv(imp)),
            ("categories.csv", Self::categories_csv(imp)),
            ("chapters.csv", Self::chapters_csv(imp)),
            ("dominance.csv", self.dominance_csv()),
            (
                "report.json",
                serde_json::to_string_pretty(&self.report_json(imp))? + "\n",
            ),
        ];
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::write(&path, text).with_context(|| path.display().to_string())?;
        }
        Ok(())
    }

    fn json(&self) -> Value {
        let importers: Vec<Value> = self
            .result
            .importers
            .iter()
            .map(|imp| {
                json!({
                    "importer": self.label(imp.importer),
                    "report": self.report_json(imp),
                    "categories": imp.categories.iter().map(|c| json!({"category": c.category, "goods": c.goods, "import_value": c.import_value, "value_share": c.value_share})).collect::<Vec<_>>(),
                    "chapters": imp.chapters.iter().map(|c| json!({"rank": c.rank, "hs2": format!("{:02}", c.hs2), "goods": c.goods, "import_value": c.import_value, "vulnerability": c.vulnerability})).collect::<Vec<_>>(),
                    "products": imp.products.iter().map(|p| json!({
                        "hs6": p.hs6.to_string(), "hs2": format!("{:02}", p.hs6.hs2()), "description": self.data.descriptions.get(p.hs6),
                        "centrality": p.centrality, "centrality_high": p.centrality_high, "concentration": p.concentration,
                        "concentration_high": p.concentration_high, "category": p.category, "import_value": p.import_value,
                        "import_share": p.import_share, "vulnerability": p.vulnerability})).collect::<Vec<_>>(),
                })
            })
            .collect();
        let dominance: Vec<Value> = self
            .dominance_rows()
            .into_iter()
            .map(|(iso3, d)| {
                let mut row = serde_json::Map::new();
                row.insert("iso3".into(), json!(iso3));
                for (name, count) in ExporterDominance::COLUMNS.iter().zip(d.counts()) {
                    row.insert((*name).into(), json!(count));
                }
                Value::Object(row)
            })
            .collect();
        json!({ "importers": importers, "dominance": dominance })
    }

    fn summary(&self) -> String {
        let r = self.result;
        let mut out = String::new();
        let years: Vec<String> = r.years.iter().map(|y| y.to_string()).collect();
        let _ = writeln!(
            out,
            "window {} | universe {} intermediate goods traded | high centrality: C >= {:.4}",
            years.join("-"),
            r.universe_size(),
            r.centrality_threshold
        );
        if r.importers.len() > 3 {
            let _ = writeln!(
                out,
                "\nimporter  goods  cat1  cat2  cat3  cat4  top chapter"
            );
            for imp in &r.importers {
                let c = &imp.categories;
                let top = imp
                    .chapters
                    .first()
                    .map_or(String::new(), |ch| format!("{:02}", ch.hs2));
                let _ = writeln!(
                    out,
                    "{:<8} {:>6} {:>5} {:>5} {:>5} {:>5}  {top}",
                    self.label(imp.importer),
                    imp.products.len(),
                    c[0].goods,
                    c[1].goods,
                    c[2].goods,
                    c[3].goods
                );
            }
            return out;
        }
        for imp in &r.importers {
            let name = self.label(imp.importer);
            let _ = writeln!(
                out,
                "\n{name}: {} intermediate goods imported, {:.3} bn USD a year; high concentration: H >= {:.4}",
                imp.products.len(),
                imp.categories.iter().map(|c| c.import_value).sum::<f64>() / 1e9,
                imp.concentration_threshold
            );
            let _ = writeln!(out, "category  goods  value (bn USD)  value share");
            for c in &imp.categories {
                let _ = writeln!(
                    out,
                    "{:>8} {:>6} {:>15.3} {:>11.1}%",
                    c.category,
                    c.goods,
                    c.import_value / 1e9,
                    c.value_share * 100.0
                );
            }
            let _ = writeln!(out, "rank  hs2  goods  value (bn USD)  vulnerability");
            for c in imp.chapters.iter().take(10) {
                let _ = writeln!(
                    out,
                    "{:>4}   {:02} {:>6} {:>15.3} {:>14.6}",
                    c.rank,
                    c.hs2,
                    c.goods,
                    c.import_value / 1e9,
                    c.vulnerability
                );
            }
            if let Some(d) = r.dominance.iter().find(|d| d.exporter == imp.importer) {
                let _ = writeln!(
                    out,
                    "{name} as exporter: {} goods, top-1 in {}, top-3 in {}; {} high-centrality goods, top-1 in {}, top-3 in {}, RCA > 1 in {}",
                    d.goods_exported,
                    d.top1,
                    d.top3,
                    d.high_centrality_exported,
                    d.high_centrality_top1,
                    d.high_centrality_top3,
                    d.high_centrality_rca_gt1
                );
            }
        }
        out
    }
}

/// Arguments of `chainlens risk`.
#[derive(Args)]
pub struct RiskArgs {
    #[command(flatten)]
    trade: TradeInput,
    #[command(flatten)]
    universe: UniverseArgs,
    #[command(flatten)]
    distance: DistanceArgs,
    /// Directory for `risk.csv`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// `--distance` and `--sessions`: the political distance of METHODS §1.7.
#[derive(Args, Clone, Debug, Default)]
pub struct DistanceArgs {
    /// Political distance: pairs `iso3_a,iso3_b,distance` in [0,1] or a bloc table `iso3,bloc`
    /// [default: UN General Assembly ideal points].
    #[arg(long, value_name = "CSV")]
    distance: Option<PathBuf>,
    /// UNGA sessions whose ideal points are averaged (session 78 = 2023) [default: the latest].
    #[arg(long, value_name = "FIRST[-LAST]")]
    sessions: Option<String>,
}

impl DistanceArgs {
    /// The distance table the arguments name.
    pub fn load(&self, countries: &CountryTable) -> anyhow::Result<PoliticalDistance> {
        match &self.distance {
            Some(path) => distance_from_file(path, countries),
            None => distance_from_ideal_points(self.sessions.as_deref(), countries),
        }
    }
}

fn distance_from_ideal_points(
    sessions: Option<&str>,
    countries: &CountryTable,
) -> anyhow::Result<PoliticalDistance> {
    let points = reference::embedded_ideal_points();
    let latest = points.iter().map(|p| p.1).max().unwrap_or(0);
    let (first, last) = match sessions {
        None => (latest, latest),
        Some(text) => {
            let w = YearWindow::parse(text).ok_or_else(|| {
                BadInput(format!("--sessions `{text}` is not SESSION or FIRST-LAST"))
            })?;
            (w.first.0, w.last.0)
        }
    };
    let mut by_code: std::collections::BTreeMap<CountryCode, (f64, usize)> = Default::default();
    for (iso3, session, point) in &points {
        if (first..=last).contains(session)
            && let Some(c) = countries.by_iso3(iso3)
        {
            let e = by_code.entry(c.code).or_default();
            *e = (e.0 + point, e.1 + 1);
        }
    }
    if by_code.is_empty() {
        return Err(BadInput(format!(
            "no ideal point in sessions {first}-{last} (the data holds 1-{latest})"
        ))
        .into());
    }
    let means: Vec<(CountryCode, f64)> = by_code
        .into_iter()
        .map(|(c, (s, n))| (c, s / n as f64))
        .collect();
    Ok(PoliticalDistance::from_ideal_points(&means))
}

/// Every code whose ISO3 is `iso3` (today's and historical ones such as 280 for DEU).
fn codes_of(iso3: &str, countries: &CountryTable, path: &Path) -> anyhow::Result<Vec<CountryCode>> {
    let codes: Vec<CountryCode> = countries
        .iter()
        .filter(|c| !c.aggregate && c.iso3.eq_ignore_ascii_case(iso3))
        .map(|c| c.code)
        .collect();
    if codes.is_empty() {
        return Err(BadInput(format!("{}: unknown country `{iso3}`", path.display())).into());
    }
    Ok(codes)
}

fn distance_from_file(path: &Path, countries: &CountryTable) -> anyhow::Result<PoliticalDistance> {
    Ok(
        match reference::parse_distance_file(&read_text(path)?, path)? {
            reference::DistanceFile::Blocs(rows) => {
                let mut members = Vec::new();
                for (iso3, bloc) in &rows {
                    for code in codes_of(iso3, countries, path)? {
                        members.push((code, bloc.clone()));
                    }
                }
                PoliticalDistance::from_blocs(&members)
            }
            reference::DistanceFile::Pairs(rows) => {
                let mut pairs = Vec::new();
                for (a, b, d) in &rows {
                    for ca in codes_of(a, countries, path)? {
                        for cb in codes_of(b, countries, path)? {
                            pairs.push((ca, cb, *d));
                        }
                    }
                }
                PoliticalDistance::from_pairs(&pairs).map_err(|(a, b, d)| {
                    BadInput(format!("distance {d} between {a} and {b} is outside [0,1]"))
                })?
            }
        },
    )
}

/// Runs `chainlens risk`.
pub fn risk(args: RiskArgs) -> anyhow::Result<ExitCode> {
    let (data, window) = load_windowed(&args.trade)?;
    let universe = universe(&args.universe, &data)?;
    let distance = args.distance.load(&data.countries)?;
    let mut risks = geopolitical_risk(&data.flows, &universe, window, &distance)
        .map_err(|e| BadInput(e.to_string()))?;
    risks.sort_by(|a, b| {
        b.relative_change
            .total_cmp(&a.relative_change)
            .then(a.importer.cmp(&b.importer))
    });
    let mut csv = String::from(
        "iso3,goods,r_econ,r_pol,r_total,relative_change,rank_econ,rank_total,rank_shift,distance_imputed_share\n",
    );
    for r in &risks {
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{},{},{},{},{}",
            data.countries.label(r.importer),
            r.goods,
            r.r_econ,
            r.r_pol,
            r.r_total,
            r.relative_change,
            r.rank_econ,
            r.rank_total,
            r.rank_econ as i64 - r.rank_total as i64,
            r.distance_imputed_share
        );
    }
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out).with_context(|| out.display().to_string())?;
        let path = out.join("risk.csv");
        std::fs::write(&path, &csv).with_context(|| path.display().to_string())?;
    }
    println!(
        "{} importers; R_pol / R_econ, largest first (rank by R_econ -> by R_econ + R_pol):",
        risks.len()
    );
    let show = |r: &chainlens_trade_network::ImporterRisk| {
        format!(
            "{:<8} R_econ {:.4}  R_pol {:.4}  change {:>7.1}%  rank {:>3} -> {:>3}",
            data.countries.label(r.importer),
            r.r_econ,
            r.r_pol,
            r.relative_change * 100.0,
            r.rank_econ,
            r.rank_total
        )
    };
    for r in risks.iter().take(10) {
        println!("{}", show(r));
    }
    for iso3 in ["CHN", "USA"] {
        if let Some(r) = data
            .countries
            .by_iso3(iso3)
            .and_then(|c| risks.iter().find(|r| r.importer == c.code))
        {
            println!("{}", show(r));
        }
    }
    Ok(ExitCode::SUCCESS)
}
