//! `chainlens io info|decompose|extract` and `chainlens gvc`, over
//! `chainlens-icio` (reading) and `chainlens-input-output` (METHODS §2).
//! Tables go to `--out` as CSV or Parquet with fixed leading columns;
//! summaries go to stdout, notes and progress to stderr.

use crate::BadInput;
use anyhow::Context;
use chainlens_icio::{AccountingOptions, IcioTable, ReadOptions};
use chainlens_input_output::{
    BM_TERMS, Coefficients, DemandPaths, Economies, GvcSystem, IndustryGroups, KWW_TERMS,
    LeontiefModel, Table, WWZ_TERMS, borin_mancini, extraction, gvc_indicators, kww, wwz,
};
use clap::{Args, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// `chainlens io ...`.
#[derive(Subcommand)]
pub enum IoCommand {
    /// Describe a table: size, labels, totals and the accounting check.
    Info(InfoArgs),
    /// Decompose gross exports (KWW 2014, WWZ 2013 16 terms, Borin-Mancini 2023).
    Decompose(DecomposeArgs),
    /// Hypothetical extraction of one country-sector's purchases and sales.
    Extract(ExtractArgs),
}

/// The table every command reads.
#[derive(Args, Clone, Debug, Default)]
pub struct TableArgs {
    /// OECD ICIO CSV, WIOD 2016 .xlsb/.xlsx, generic CSV, pymrio folder, or a folder of yearly tables with --year [default: embedded SYNTHETIC example].
    #[arg(value_name = "TABLE")]
    pub table: Option<PathBuf>,
    /// With a folder of yearly tables (OECD `2020.csv`, WIOD `WIOT2014_Nov16_ROW.xlsb`): the year whose file to read.
    #[arg(long)]
    pub year: Option<u16>,
    /// Merge OECD split blocks (CN1/CN2 into CHN, MX1/MX2 into MEX) when reading.
    #[arg(long)]
    pub merge_splits: bool,
    /// Relative tolerance of the accounting check.
    #[arg(long, default_value_t = 1e-6, value_name = "REL")]
    pub tolerance: f64,
    /// Fail when the table does not balance.
    #[arg(long)]
    pub strict: bool,
    /// Treat countries as one economy: NAME=A,B,... (repeatable), e.g. NAFTA=USA,MEX,CAN.
    #[arg(long = "group", value_name = "NAME=A,B")]
    pub groups: Vec<String>,
}

/// Output file format.
#[derive(Clone, Copy, Debug, Default, ValueEnum, PartialEq, Eq)]
pub enum FileFormat {
    /// Comma-separated text.
    #[default]
    Csv,
    /// Apache Parquet (strings and doubles).
    Parquet,
}

/// Arguments of `chainlens io info`.
#[derive(Args)]
pub struct InfoArgs {
    #[command(flatten)]
    table: TableArgs,
}

/// Decomposition methods.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Method {
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
    method: Method,
    /// Directory for the output table.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Output file format.
    #[arg(long, value_enum, default_value = "csv")]
    format: FileFormat,
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
    /// Directory for `extraction.csv` [default: the table on stdout].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Output file format (with --out).
    #[arg(long, value_enum, default_value = "csv")]
    format: FileFormat,
}

/// Arguments of `chainlens gvc`.
#[derive(Args)]
pub struct GvcArgs {
    #[command(flatten)]
    table: TableArgs,
    /// Directory for `country_sector`, `country` and `paradox` tables.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Output file format.
    #[arg(long, value_enum, default_value = "csv")]
    format: FileFormat,
    /// A CSV `group,sector` replacing the default technology/labour-intensive grouping of the paradox table.
    #[arg(long, value_name = "CSV")]
    industry_groups: Option<PathBuf>,
}

fn bad(e: impl std::fmt::Display) -> anyhow::Error {
    BadInput(e.to_string()).into()
}

fn note(text: &str) {
    eprintln!("note: {text}");
}

/// A spinner with stage messages for tables large enough to take seconds
/// (N >= 1,000), on stderr and only on a terminal (so off under tests).
struct Progress(indicatif::ProgressBar);

impl Progress {
    fn new(n: usize) -> Self {
        if n < 1000 || !std::io::stderr().is_terminal() {
            return Self(indicatif::ProgressBar::hidden());
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Self(bar)
    }

    fn stage(&self, n: usize, what: &str) {
        self.0.set_message(format!("{what} (N = {n})"));
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

impl TableArgs {
    fn path(&self) -> anyhow::Result<Option<PathBuf>> {
        let Some(p) = &self.table else {
            return Ok(None);
        };
        if !p.exists() {
            return Err(bad(format!("{}: no such file or directory", p.display())));
        }
        if p.is_dir() && !chainlens_icio::pymrio::is_pymrio_dir(p) {
            let Some(year) = self.year else {
                return Err(bad(format!(
                    "{}: a folder that is not a pymrio folder needs --year to pick a yearly table",
                    p.display()
                )));
            };
            let mut hits: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| p.display().to_string())?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        let l = n.to_ascii_lowercase();
                        [".csv", ".xlsb", ".xlsx"].iter().any(|e| l.ends_with(e))
                            && n.contains(&year.to_string())
                    })
                })
                .collect();
            hits.sort();
            return match hits.len() {
                1 => Ok(hits.pop()),
                0 => Err(bad(format!(
                    "{}: no .csv, .xlsb or .xlsx file for year {year}",
                    p.display()
                ))),
                _ => Err(bad(format!(
                    "{}: several tables for year {year}: {}",
                    p.display(),
                    hits.iter()
                        .map(|h| h.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))),
            };
        }
        Ok(Some(p.clone()))
    }

    /// Reads the table (or the embedded example) and reports imbalances on stderr.
    pub fn load(&self) -> anyhow::Result<IcioTable> {
        let opts = ReadOptions {
            accounting: AccountingOptions {
                rel: self.tolerance,
                ..Default::default()
            },
            strict: self.strict,
            merge_splits: self.merge_splits,
        };
        let (table, report) = match self.path()? {
            Some(p) => chainlens_icio::read_table(&p, opts).map_err(bad)?,
            None => {
                note("no TABLE given: using the embedded SYNTHETIC example table (not real data)");
                let mut t = chainlens_icio::example::example_table();
                if self.merge_splits {
                    t = chainlens_icio::aggregate::merge_oecd_splits(&t).map_err(bad)?;
                }
                let r = chainlens_icio::check_accounting(&t, opts.accounting);
                (t, r)
            }
        };
        if !report.is_balanced() {
            eprintln!(
                "warning: {} accounting imbalance(s) beyond tolerance: {}",
                report.imbalances.len(),
                report.summary(5)
            );
        }
        if !report.zero_output.is_empty() {
            note(&format!(
                "{} country-sector(s) with zero output get zero coefficients: {}",
                report.zero_output.len(),
                report
                    .zero_output
                    .iter()
                    .take(10)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        Ok(table)
    }

    fn economies(&self, table: &IcioTable) -> anyhow::Result<Economies> {
        if self.groups.is_empty() {
            return Economies::oecd_split(table).map_err(bad);
        }
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for g in &self.groups {
            let Some((name, members)) = g.split_once('=') else {
                return Err(bad(format!("--group `{g}` is not NAME=A,B,...")));
            };
            groups.push((
                name.trim().to_string(),
                members.split(',').map(|m| m.trim().to_string()).collect(),
            ));
        }
        for (name, members) in crate::input_output::oecd_groups(table) {
            if !groups
                .iter()
                .any(|(_, m)| m.iter().any(|x| members.contains(x)))
            {
                groups.push((name, members));
            }
        }
        Economies::grouped(table, &groups).map_err(bad)
    }
}

fn oecd_groups(table: &IcioTable) -> Vec<(String, Vec<String>)> {
    chainlens_input_output::economies::OECD_SPLITS
        .iter()
        .map(|(name, members)| {
            (
                (*name).to_string(),
                members
                    .iter()
                    .filter(|m| table.country_index(m).is_some())
                    .map(|m| (*m).to_string())
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, m)| m.len() > 1)
        .collect()
}

/// Runs `chainlens io ...`.
pub fn io(command: IoCommand) -> anyhow::Result<ExitCode> {
    match command {
        IoCommand::Info(args) => info(args),
        IoCommand::Decompose(args) => decompose(args),
        IoCommand::Extract(args) => extract(args),
    }
}

fn info(args: InfoArgs) -> anyhow::Result<ExitCode> {
    let t = args.table.load()?;
    let report = chainlens_icio::check_accounting(
        &t,
        AccountingOptions {
            rel: args.table.tolerance,
            ..Default::default()
        },
    );
    let total_x: f64 = t.x.iter().sum();
    let total_va: f64 = t.va.iter().sum();
    let total_y: f64 = t.y.iter().sum();
    let categories: Vec<String> = {
        let mut c: Vec<String> = Vec::new();
        for f in &t.fd_columns {
            if !c.contains(&f.category) {
                c.push(f.category.clone());
            }
        }
        c
    };
    println!(
        "countries: {} ({})",
        t.n_countries(),
        t.countries.join(", ")
    );
    println!("sectors: {} ({})", t.n_sectors(), t.sectors.join(", "));
    println!("country-sectors (N): {}", t.n());
    println!(
        "final-demand columns: {} ({} categories: {})",
        t.n_fd(),
        categories.len(),
        categories.join(", ")
    );
    println!("unit: {}", t.unit);
    println!("total output: {total_x}");
    println!("total value added: {total_va}");
    println!("total final demand: {total_y}");
    println!(
        "satellites: {}",
        if t.extensions.is_empty() {
            "none".to_string()
        } else {
            t.extensions
                .iter()
                .map(|e| e.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    println!("accounting: {report}");
    Ok(ExitCode::SUCCESS)
}

fn decompose(args: DecomposeArgs) -> anyhow::Result<ExitCode> {
    let t = args.table.load()?;
    let econ = args.table.economies(&t)?;
    let progress = Progress::new(t.n());
    progress.stage(t.n(), "factorising I - A and forming L");
    let sys = GvcSystem::new(&t, econ).map_err(bad)?;
    progress.stage(t.n(), "demand paths");
    let paths = DemandPaths::new(&sys);
    let names = &sys.economies.names;
    let (stem, table) = match args.method {
        Method::Kww => {
            let k = kww(&sys, &paths).by_economy(&sys);
            let mut cols = vec![k.iter().map(|e| e.0).collect::<Vec<f64>>()];
            for t in 0..9 {
                cols.push(k.iter().map(|e| e.1[t]).collect());
            }
            (
                "kww",
                Table {
                    label_names: vec!["country".into()],
                    labels: names.iter().map(|c| vec![c.clone()]).collect(),
                    names: std::iter::once("gross_exports".to_string())
                        .chain(KWW_TERMS.iter().map(|s| (*s).to_string()))
                        .collect(),
                    columns: cols,
                },
            )
        }
        Method::Wwz => {
            progress.stage(t.n(), "WWZ terms");
            let w = wwz(&sys, &paths);
            let s = t.n_sectors();
            let mut cols = vec![w.exports.clone()];
            for k in 0..16 {
                cols.push(w.terms.iter().map(|r| r[k]).collect());
            }
            (
                "wwz",
                Table {
                    label_names: vec!["exporter".into(), "sector".into(), "importer".into()],
                    labels: (0..w.len())
                        .map(|r| {
                            let i = w.exporter[r];
                            vec![
                                names[sys.econ(i)].clone(),
                                t.sectors[i % s].clone(),
                                names[w.importer[r]].clone(),
                            ]
                        })
                        .collect(),
                    names: std::iter::once("gross_exports".to_string())
                        .chain(WWZ_TERMS.iter().map(|s| (*s).to_string()))
                        .collect(),
                    columns: cols,
                },
            )
        }
        Method::Bm => {
            let full = borin_mancini(&sys, &paths).map_err(bad)?;
            // by exporting country-sector too (exvatools' "exporting" breakdown)
            let s = t.n_sectors();
            let by_row = Table {
                label_names: vec!["country".into(), "sector".into()],
                labels: (0..t.n())
                    .map(|i| vec![names[sys.econ(i)].clone(), t.sectors[i % s].clone()])
                    .collect(),
                names: std::iter::once("gross_exports".to_string())
                    .chain(BM_TERMS.iter().skip(1).map(|s| (*s).to_string()))
                    .collect(),
                columns: (0..13)
                    .map(|k| full.values.iter().map(|r| r[k]).collect())
                    .collect(),
            };
            let path = write_table(&args.out, "bm_country_sector", args.format, &by_row)?;
            println!("wrote {} ({} rows)", path.display(), by_row.len());
            let b = full.by_economy(&sys);
            let mut cols = Vec::new();
            for k in 0..13 {
                cols.push(b.iter().map(|r| r[k]).collect());
            }
            (
                "bm",
                Table {
                    label_names: vec!["country".into()],
                    labels: names.iter().map(|c| vec![c.clone()]).collect(),
                    names: std::iter::once("gross_exports".to_string())
                        .chain(BM_TERMS.iter().skip(1).map(|s| (*s).to_string()))
                        .collect(),
                    columns: cols,
                },
            )
        }
    };
    let path = write_table(&args.out, stem, args.format, &table)?;
    println!("wrote {} ({} rows)", path.display(), table.len());
    Ok(ExitCode::SUCCESS)
}

fn extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let t = args.table.load()?;
    let c = t.country_index(&args.country).ok_or_else(|| {
        bad(format!(
            "unknown country {}; valid: {}",
            args.country,
            t.countries.join(", ")
        ))
    })?;
    let k = t.sector_index(&args.sector).ok_or_else(|| {
        bad(format!(
            "unknown sector {}; valid: {}",
            args.sector,
            t.sectors.join(", ")
        ))
    })?;
    let j = c.0 * t.n_sectors() + k;
    let coef = Coefficients::new(&t).map_err(bad)?;
    let model = LeontiefModel::new(&coef).map_err(bad)?;
    let e = extraction::extract_one(&coef, &model, j).map_err(bad)?;
    let s = t.n_sectors();
    let table = Table {
        label_names: vec!["country".into(), "sector".into()],
        labels: (0..t.n())
            .map(|i| vec![t.countries[i / s].clone(), t.sectors[i % s].clone()])
            .collect(),
        names: vec![
            "x".into(),
            "output_lost_backward".into(),
            "output_lost_forward".into(),
        ],
        columns: vec![t.x.clone(), e.backward.clone(), e.forward.clone()],
    };
    let tb: f64 = e.backward.iter().sum();
    let tf: f64 = e.forward.iter().sum();
    let total_x: f64 = t.x.iter().sum();
    match &args.out {
        Some(dir) => {
            let path = write_table(dir, "extraction", args.format, &table)?;
            println!("extracted {}", t.label(j));
            println!(
                "output lost, purchases removed (backward): {tb} ({:.4}% of world output)",
                100.0 * tb / total_x
            );
            println!(
                "output lost, sales removed (forward): {tf} ({:.4}% of world output)",
                100.0 * tf / total_x
            );
            println!("wrote {} ({} rows)", path.display(), table.len());
        }
        None => {
            eprintln!(
                "extracted {}: output lost {tb} (backward), {tf} (forward)",
                t.label(j)
            );
            print!("{}", csv_text(&table));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `chainlens gvc`.
pub fn gvc(args: GvcArgs) -> anyhow::Result<ExitCode> {
    let t = args.table.load()?;
    let econ = args.table.economies(&t)?;
    let groups = match &args.industry_groups {
        Some(p) => read_groups(p)?,
        None => IndustryGroups::default(),
    };
    let progress = Progress::new(t.n());
    progress.stage(t.n(), "GVC indicators: L, KWW, lengths, upstreamness");
    let ind = gvc_indicators(&t, econ, &groups).map_err(bad)?;
    drop(progress);
    let paradox = Table {
        label_names: vec!["group".into()],
        labels: ind.paradox.iter().map(|r| vec![r.group.clone()]).collect(),
        names: [
            "observations",
            "mean_external_reliance",
            "mean_gvc_position",
            "corr_koopman_position_reliance",
            "corr_wwyz_position_reliance",
        ]
        .map(String::from)
        .to_vec(),
        columns: vec![
            ind.paradox.iter().map(|r| r.observations as f64).collect(),
            ind.paradox.iter().map(|r| r.mean_reliance).collect(),
            ind.paradox.iter().map(|r| r.mean_position).collect(),
            ind.paradox
                .iter()
                .map(|r| r.corr_koopman_position)
                .collect(),
            ind.paradox.iter().map(|r| r.corr_wwyz_position).collect(),
        ],
    };
    for (stem, table) in [
        ("country_sector", &ind.country_sector),
        ("country", &ind.country),
        ("paradox", &paradox),
    ] {
        let path = write_table(&args.out, stem, args.format, table)?;
        println!("wrote {} ({} rows)", path.display(), table.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn read_groups(path: &Path) -> anyhow::Result<IndustryGroups> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let Some((g, s)) = line.split_once(',') else {
            return Err(bad(format!(
                "{}:{}: expected group,sector",
                path.display(),
                n + 1
            )));
        };
        let (g, s) = (g.trim().to_string(), s.trim().to_string());
        match groups.iter_mut().find(|(name, _)| *name == g) {
            Some((_, v)) => v.push(s),
            None => groups.push((g, vec![s])),
        }
    }
    Ok(IndustryGroups { groups })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_text(t: &Table) -> String {
    let mut out = t
        .label_names
        .iter()
        .chain(&t.names)
        .map(|s| csv_field(s))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for r in 0..t.len() {
        let mut fields: Vec<String> = t.labels[r].iter().map(|s| csv_field(s)).collect();
        fields.extend(t.columns.iter().map(|c| c[r].to_string()));
        out += &fields.join(",");
        out.push('\n');
    }
    out
}

fn write_table(dir: &Path, stem: &str, format: FileFormat, t: &Table) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    match format {
        FileFormat::Csv => {
            let path = dir.join(format!("{stem}.csv"));
            std::fs::write(&path, csv_text(t)).with_context(|| path.display().to_string())?;
            Ok(path)
        }
        FileFormat::Parquet => {
            let path = dir.join(format!("{stem}.parquet"));
            write_parquet(&path, t).with_context(|| path.display().to_string())?;
            Ok(path)
        }
    }
}

fn write_parquet(path: &Path, t: &Table) -> anyhow::Result<()> {
    use parquet::data_type::{ByteArray, ByteArrayType, DoubleType};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    let mut fields = String::new();
    for n in &t.label_names {
        fields += &format!("required binary {n} (UTF8); ");
    }
    for n in &t.names {
        fields += &format!("required double {n}; ");
    }
    let schema = Arc::new(parquet::schema::parser::parse_message_type(&format!(
        "message chainlens {{ {fields}}}"
    ))?);
    let file = std::fs::File::create(path)?;
    let mut writer =
        SerializedFileWriter::new(file, schema, Arc::new(WriterProperties::builder().build()))?;
    let mut group = writer.next_row_group()?;
    for k in 0..t.label_names.len() {
        let vals: Vec<ByteArray> = t
            .labels
            .iter()
            .map(|r| ByteArray::from(r[k].as_str()))
            .collect();
        let mut w = group.next_column()?.context("label column")?;
        w.typed::<ByteArrayType>().write_batch(&vals, None, None)?;
        w.close()?;
    }
    for c in &t.columns {
        let mut w = group.next_column()?.context("value column")?;
        w.typed::<DoubleType>().write_batch(c, None, None)?;
        w.close()?;
    }
    group.close()?;
    writer.close()?;
    Ok(())
}
