//! The options several commands share, as clap argument groups that turn into the
//! engine's options: `--trade` and its read options, the input-output `TABLE` options,
//! and `--out DIR` with `--format csv|parquet|json`. Also the spinner that renders the
//! engine's progress and the printing that ends quietly on a closed pipe.

use crate::Failure;
use chainlens_engine::progress::Progress;
use chainlens_engine::{SessionOptions, TableOptions, TableSource, TradeOptions, TradeSource};
use chainlens_report::Format;
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// The options of reading trade data every command shares: a window, a country table,
/// strictness.
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
    /// Read a generic bilateral CSV: `exporter=COL,importer=COL,product=COL,year=COL,value=COL`
    /// (`value_thousands=COL` for thousands of USD; `quantity=COL` optional). Countries as ISO3 or numeric codes.
    #[arg(long, value_name = "KEY=COL,...")]
    pub columns: Option<String>,
    /// The HS edition of the product codes (HS92 ... HS22) [default: from the BACI file name or Comtrade's classificationCode, else HS17].
    #[arg(long, value_name = "EDITION")]
    pub hs_edition: Option<String>,
    /// Convert the product codes to this HS edition (e.g. 2017) through the reference data's correspondences; a code mapping to several codes has its value shared equally.
    #[arg(long, value_name = "EDITION")]
    pub to_hs: Option<String>,
}

impl ReadArgs {
    /// The engine's trade options these flags set (the country table, strictness, a
    /// progress bar); `--years` is applied by the caller, by the reader or per request.
    pub fn trade_options(&self) -> TradeOptions {
        TradeOptions {
            countries: self.countries.clone(),
            strict: self.strict,
            columns: self.columns.clone(),
            edition: self.hs_edition.clone(),
            to_edition: self.to_hs.clone(),
            progress: Some(read_progress()),
            ..Default::default()
        }
    }
}

/// `--trade` and the options of reading it.
#[derive(Args, Clone, Debug, Default)]
pub struct TradeArgs {
    /// Trade data: BACI directory or zip, UN Comtrade CSV, or a chainlens cache [default: embedded synthetic dataset].
    #[arg(long, value_name = "DIR|ZIP|CSV|CACHE")]
    pub trade: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// A CSV with a column `hs6` listing the universe of intermediate goods [default: HS->BEC rule].
    #[arg(long, value_name = "CSV")]
    pub intermediate_goods: Option<PathBuf>,
    /// An HS6 -> BEC Rev.4 table replacing the edition's table of the reference data (UNSD or concordance layout).
    #[arg(long, value_name = "CSV")]
    pub hs_bec: Option<PathBuf>,
}

impl TradeArgs {
    /// The engine's trade options (the window is the analysis', see [`ReadArgs::years`]).
    pub fn options(&self) -> TradeOptions {
        let source = match &self.trade {
            Some(path) => TradeSource::Path(path.clone()),
            None => {
                note(
                    "no --trade given: using the embedded SYNTHETIC default dataset (not real trade)",
                );
                TradeSource::Embedded
            }
        };
        TradeOptions {
            source,
            intermediate_goods: self.intermediate_goods.clone(),
            hs_bec: self.hs_bec.clone(),
            ..self.read.trade_options()
        }
    }

    /// A session on the trade data alone.
    pub fn session(&self, distance: Option<PathBuf>) -> Result<chainlens_engine::Session, Failure> {
        let trade = TradeOptions {
            distance,
            ..self.options()
        };
        let session = chainlens_engine::Session::open(&SessionOptions {
            trade: Some(trade),
            table: None,
        })?;
        warn_truncated(&session)?;
        Ok(session)
    }
}

/// `--distance` and `--sessions`: the political distance of METHODS §1.7.
#[derive(Args, Clone, Debug, Default)]
pub struct DistanceArgs {
    /// Political distance: pairs `iso3_a,iso3_b,distance` (distance from 0 to 1) or a bloc table `iso3,bloc`
    /// [default: UN General Assembly ideal points].
    #[arg(long, value_name = "CSV")]
    pub distance: Option<PathBuf>,
    /// UNGA sessions whose ideal points are averaged (session 78 = 2023) [default: the latest].
    #[arg(long, value_name = "FIRST[-LAST]")]
    pub sessions: Option<String>,
}

/// The input-output table every `io` command reads.
#[derive(Args, Clone, Debug)]
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
    #[arg(long, default_value_t = TableOptions::default().tolerance, value_name = "REL")]
    pub tolerance: f64,
    /// Fail when the table does not balance.
    #[arg(long)]
    pub strict: bool,
    /// Treat countries as one economy: NAME=A,B,... (repeatable), e.g. NAFTA=USA,MEX,CAN;
    /// a group naming CHN or MEX takes the OECD split blocks (CN1/CN2, MX1/MX2) too.
    #[arg(long = "group", value_name = "NAME=A,B")]
    pub groups: Vec<String>,
    /// Rows by country-sector of split economies: summed under CHN/MEX (merge, as TiVA) or kept under each block's label.
    #[arg(long, value_enum, default_value = "merge")]
    pub split_keys: SplitKeysArg,
}

/// `--split-keys` on the command line.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum SplitKeysArg {
    /// One row per economy and sector (CN1, CN2 summed into CHN).
    Merge,
    /// One row per table country and sector.
    Label,
}

impl TableArgs {
    /// The engine's table options for `source`.
    pub fn options(&self, source: Option<PathBuf>) -> TableOptions {
        TableOptions {
            source: match source {
                Some(path) => TableSource::Path(path),
                None => {
                    note(
                        "no TABLE given: using the embedded SYNTHETIC example table (not real data)",
                    );
                    TableSource::Embedded
                }
            },
            year: self.year,
            merge_splits: self.merge_splits,
            tolerance: self.tolerance,
            strict: self.strict,
            concordance: None,
            regions: None,
            data_dir: None,
        }
    }

    /// A session on the table alone, its accounting warnings on stderr.
    pub fn session(&self) -> Result<chainlens_engine::Session, Failure> {
        let session = chainlens_engine::Session::open(&SessionOptions {
            trade: None,
            table: Some(self.options(self.table.clone())),
        })?;
        warn_accounting(&session)?;
        Ok(session)
    }

    /// The economy groups of the request.
    pub fn economies(&self) -> chainlens_engine::input_output::EconomyGroups {
        use chainlens_engine::input_output::SplitKeysChoice;
        chainlens_engine::input_output::EconomyGroups {
            groups: self.groups.clone(),
            split_keys: match self.split_keys {
                SplitKeysArg::Merge => SplitKeysChoice::Merge,
                SplitKeysArg::Label => SplitKeysChoice::Label,
            },
        }
    }
}

/// Says on stderr which input files end inside their last line.
pub fn warn_truncated(session: &chainlens_engine::Session) -> Result<(), Failure> {
    for t in &session.dataset()?.report.truncated_last_line {
        warn(&format!(
            "{}:{}: truncated_last_line: the file ends inside its last line",
            t.file, t.line
        ));
    }
    Ok(())
}

/// Says on stderr which split blocks joined a group that names CHN or MEX.
pub fn note_added_splits(added: &[(String, Vec<String>)]) {
    for (group, blocks) in added {
        note(&format!(
            "group {group} includes the split blocks {} of the economies it names",
            blocks.join(", ")
        ));
    }
}

/// Prints the table's imbalances and zero-output sectors on stderr.
pub fn warn_accounting(session: &chainlens_engine::Session) -> Result<(), Failure> {
    let report = session.accounting()?;
    if !report.is_balanced() {
        warn(&format!(
            "{} beyond tolerance: {}",
            chainlens_report::count(
                report.imbalances.len(),
                "accounting imbalance",
                "accounting imbalances"
            ),
            report.summary(5)
        ));
    }
    if !report.zero_output.is_empty() {
        note(&format!(
            "{} with zero output get zero coefficients: {}",
            chainlens_report::count(
                report.zero_output.len(),
                "country-sector",
                "country-sectors"
            ),
            report
                .zero_output
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(())
}

/// `--out DIR` and `--format`, the same on every command that writes tables.
#[derive(Args, Clone, Debug, Default)]
pub struct OutputArgs {
    /// Directory for the output files (created when missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Format of the tables written to --out; `json` without --out prints the result as JSON on stdout.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
}

/// Table formats on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Comma-separated text.
    Csv,
    /// Apache Parquet.
    Parquet,
    /// JSON (an array of row objects per table).
    Json,
}

impl OutputArgs {
    /// The file format (CSV unless asked otherwise).
    pub fn format(&self) -> Format {
        match self.format {
            None | Some(FormatArg::Csv) => Format::Csv,
            Some(FormatArg::Parquet) => Format::Parquet,
            Some(FormatArg::Json) => Format::Json,
        }
    }

    /// Whether the result goes to stdout as one JSON document.
    pub fn json_on_stdout(&self) -> bool {
        self.out.is_none() && self.format == Some(FormatArg::Json)
    }

    /// Fails when a file format is asked for without a directory to write to.
    pub fn check(&self) -> Result<(), Failure> {
        match (self.out.is_none(), self.format) {
            (true, Some(FormatArg::Csv | FormatArg::Parquet)) => Err(Failure::Usage(
                "--format csv and --format parquet need --out DIR".into(),
            )),
            _ => Ok(()),
        }
    }

    /// Writes `tables` into the --out directory, if there is one.
    pub fn write(&self, tables: &[chainlens_engine::Table]) -> Result<Vec<PathBuf>, Failure> {
        let Some(dir) = &self.out else {
            return Ok(Vec::new());
        };
        tables
            .iter()
            .map(|t| Ok(chainlens_report::write_table(dir, t, self.format())?))
            .collect()
    }
}

/// Prints the session's extract warning (data that cannot support world measures) as a
/// line of the summary, when there is one.
pub fn print_extract(session: &chainlens_engine::Session) {
    if let Some(note) = session.trade_extract_note() {
        print(&format!("EXTRACT: {note}\n"));
    }
}

/// `--report DIR`: a report with charts as Markdown and one self-contained HTML page.
#[derive(Args, Clone, Debug, Default)]
pub struct ReportArgs {
    /// Write report.md and report.html (charts inline, opens offline) and the charts' Vega-Lite specifications into DIR.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
}

impl ReportArgs {
    /// Writes `report` into the --report directory, if there is one.
    pub fn write(&self, report: &chainlens_report::chain_report::Report) -> Result<(), Failure> {
        let Some(dir) = &self.report else {
            return Ok(());
        };
        let libraries = chainlens_server::dashboard::chart_libraries();
        if libraries.is_empty() {
            note(&format!(
                "this chainlens has no chart libraries built in, so report.html shows the tables and leaves the charts as their specifications\nhint: run {}",
                chainlens_server::dashboard::BUILD_COMMAND
            ));
        }
        chainlens_report::write_text(&dir.join("report.md"), &report.markdown())?;
        chainlens_report::write_text(
            &dir.join("report.html"),
            &report.html_with_charts(&libraries),
        )?;
        for (file, spec) in report.charts() {
            let text = serde_json::to_string_pretty(spec).unwrap_or_default() + "\n";
            chainlens_report::write_text(&dir.join(file), &text)?;
        }
        Ok(())
    }
}

/// Writes `text` to stdout; a closed pipe (`| head`) ends the command quietly with exit 0.
pub fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        let _ = writeln!(std::io::stderr(), "error: stdout: {e}");
        std::process::exit(2);
    }
}

/// A note on stderr.
pub fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "note: {text}");
}

/// A line on stderr, as it is.
pub fn note_plain(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// A warning on stderr.
pub fn warn(text: &str) {
    let _ = writeln!(std::io::stderr(), "warning: {text}");
}

/// A progress bar on stderr for each file of 64 MiB or more being read, on a terminal only.
pub fn read_progress() -> chainlens_ingest::ReadProgress {
    let current: std::sync::Mutex<Option<(String, indicatif::ProgressBar)>> =
        std::sync::Mutex::new(None);
    chainlens_ingest::ReadProgress(std::sync::Arc::new(
        move |file: &str, done: u64, size: u64| {
            if size < (64 << 20) || !std::io::stderr().is_terminal() {
                return;
            }
            let mut current = current.lock().unwrap_or_else(|p| p.into_inner());
            if current.as_ref().is_none_or(|(f, _)| f != file) {
                *current = Some((file.to_string(), new_bar(file, size)));
            }
            let Some((_, bar)) = current.as_ref() else {
                return;
            };
            bar.set_position(done);
            if done >= size {
                bar.finish_and_clear();
            }
        },
    ))
}

/// A byte progress bar named after the file (or URL) it counts.
pub fn new_bar(file: &str, size: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(size);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    bar.set_message(format!("reading {name}"));
    bar
}

/// The engine's progress as a spinner with stage messages, on stderr and only on a
/// terminal (so off under tests and in pipes).
pub struct Spinner(indicatif::ProgressBar);

impl Spinner {
    /// A spinner for work that takes seconds (`large`), hidden otherwise.
    pub fn new(large: bool) -> Self {
        if !large || !std::io::stderr().is_terminal() {
            return Self(indicatif::ProgressBar::hidden());
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Self(bar)
    }
}

impl Progress for Spinner {
    fn stage(&self, what: &str) {
        self.0.set_message(what.to_string());
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
