//! Readers and writers of inter-country input-output tables into
//! [`IcioTable`] (METHODS §2), each followed by the accounting check.
//!
//! * [`wide`]: OECD ICIO CSV (2021/2023/2025 layouts, and the WIOD 2013
//!   release converted to it in `../shared/data/wiod2013`) and the chainlens
//!   generic labelled CSV (read and write).
//! * [`source`]: plain, `.csv.gz` and `.zip` (an OECD release of yearly CSVs,
//!   one picked by year) inputs, all through the same CSV readers.
//! * [`pymrio`]: pymrio's saved folder format, read and write.
//! * [`wiod`]: WIOD 2016 release workbooks (`.xlsb`/`.xlsx`, via calamine).
//! * [`national`]: OECD national input-output tables (one economy, total use).
//! * [`aggregate`]: merging `CN1`/`CN2` into `CHN` and `MX1`/`MX2` into `MEX` on request.
//! * [`accounting`]: the row and column identities, imbalances by country-sector.
//! * [`example`]: the embedded, clearly synthetic example table.
//!
//! ```
//! use chainlens_icio::{accounting, example};
//! let t = example::example_table();
//! let report = accounting::check_accounting(&t, Default::default());
//! assert!(report.is_balanced());
//! ```

// Index loops mirror the matrix formulas.
#![allow(clippy::needless_range_loop)]

pub mod accounting;
pub mod aggregate;
pub mod error;
pub mod example;
pub mod national;
pub mod pymrio;
pub mod source;
pub mod wide;
pub mod wiod;

pub use accounting::{AccountingOptions, AccountingReport, check_accounting};
pub use chainlens_model::IcioTable;
pub use error::IcioError;

use chainlens_model::{FinalDemandColumn, Satellite};
use std::path::Path;

/// The layouts [`read_table`] recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// OECD ICIO CSV.
    OecdCsv,
    /// chainlens generic CSV.
    GenericCsv,
    /// pymrio folder.
    Pymrio,
    /// WIOD 2016 workbook.
    Wiod,
    /// OECD national input-output table.
    OecdNational,
}

/// Options of [`read_table`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ReadOptions {
    /// Tolerances of the accounting check.
    pub accounting: AccountingOptions,
    /// Fail with [`IcioError::Unbalanced`] instead of reporting imbalances,
    /// and with [`IcioError::OutputRefused`] on negative output or zero
    /// output with flows (by default reported and treated as zero output).
    pub strict: bool,
    /// Merge OECD `CN*`/`MX*` split blocks into `CHN`/`MEX`.
    pub merge_splits: bool,
    /// The year whose table to read from a `.zip` release (needed when it
    /// holds several CSVs); [`IcioError::YearWithSingleTable`] for a file that
    /// holds one table.
    pub year: Option<u16>,
}

/// What the rows below a wide table's country-sector rows give (WIOD and the wide
/// CSV layouts), over the columns of `Z`.
pub(crate) struct BelowRows {
    /// Value added: the sum of the value-added rows.
    pub(crate) va: Vec<f64>,
    /// `va:<name>` for each value-added row (and a generic table's `EXT` rows), in file
    /// order.
    pub(crate) extensions: Vec<Satellite>,
    /// The output row, if the file has one.
    pub(crate) x: Option<Vec<f64>>,
}

impl BelowRows {
    /// The table of these rows over the country-sector blocks, in USD million; output is
    /// the row sums of Z and Y when the file publishes no output row.
    pub(crate) fn into_table(
        self,
        countries: Vec<String>,
        sectors: Vec<String>,
        z: Vec<f64>,
        y: Vec<f64>,
        fd_columns: Vec<FinalDemandColumn>,
    ) -> IcioTable {
        let mut table = IcioTable {
            countries,
            sectors,
            z,
            y,
            fd_columns,
            va: self.va,
            x: Vec::new(),
            extensions: self.extensions,
            unit: "USD million".into(),
        };
        table.x = self.x.unwrap_or_else(|| {
            let (zr, yr) = (table.z_row_sums(), table.y_row_sums());
            zr.iter().zip(&yr).map(|(a, b)| a + b).collect()
        });
        table
    }
}

/// Detects the layout of `path`: a folder is pymrio; `.xlsx`/`.xlsb` is WIOD;
/// a CSV (plain, `.csv.gz`, or a `.zip` of CSVs) whose first two header
/// fields are `country,sector` (quoted or not) is generic, one headed
/// `[year,]Code,Description,01` an OECD national table, any other CSV is OECD ICIO. A zip of several tables is sniffed on its first CSV member.
pub fn detect(path: &Path) -> Result<Format, IcioError> {
    if path.is_dir() {
        return if pymrio::is_pymrio_dir(path) {
            Ok(Format::Pymrio)
        } else {
            Err(IcioError::UnrecognisedInput {
                path: path.to_path_buf(),
            })
        };
    }
    let ext = source::inner_extension(path);
    if matches!(ext.as_deref(), Some("xlsx" | "xlsb" | "xls"))
        && source::container_of(path) == source::Container::Plain
    {
        return Ok(Format::Wiod);
    }
    if ext.as_deref() != Some("csv") {
        return Err(IcioError::UnrecognisedInput {
            path: path.to_path_buf(),
        });
    }
    let first = source::first_line(path)?;
    Ok(sniff_csv(&first))
}

/// Generic when the first two fields of the header are `country` and `sector`; national
/// when they are `[year,]Code,Description,01`.
fn sniff_csv(first: &str) -> Format {
    if national::is_national_header(first) {
        return Format::OecdNational;
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(first.as_bytes());
    let mut rec = csv::StringRecord::new();
    let generic = rdr.read_record(&mut rec).unwrap_or(false) && {
        let f = |i: usize| {
            rec.get(i)
                .unwrap_or("")
                .trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_lowercase()
        };
        f(0) == "country" && f(1) == "sector" && rec.len() > 2
    };
    if generic {
        Format::GenericCsv
    } else {
        Format::OecdCsv
    }
}

/// The first non-finite value of `table`, as [`IcioError::NonFinite`].
fn non_finite(path: &Path, table: &IcioTable) -> Option<IcioError> {
    let n = table.n();
    let k = table.n_fd();
    for (block, values, width) in [
        ("x", &table.x, 1),
        ("va", &table.va, 1),
        ("Z", &table.z, n),
        ("Y", &table.y, k),
    ] {
        if let Some(p) = values.iter().position(|v| !v.is_finite()) {
            let label = match block {
                "Z" => format!("{} (column {})", table.label(p / n), table.label(p % n)),
                "Y" => {
                    let c = &table.fd_columns[p % k];
                    format!(
                        "{} (column {}_{})",
                        table.label(p / k),
                        c.country,
                        c.category
                    )
                }
                _ => table.label(p / width.max(1)),
            };
            return Some(IcioError::NonFinite {
                path: path.to_path_buf(),
                block,
                label,
                value: values[p],
            });
        }
    }
    None
}

/// Reads any supported table, merges splits if asked, and checks the
/// accounting. Non-finite numbers are always an error; imbalances, negative
/// cells and negative or empty output are reported in the
/// [`AccountingReport`], and refused only when [`ReadOptions::strict`].
pub fn read_table(
    path: &Path,
    opts: ReadOptions,
) -> Result<(IcioTable, AccountingReport), IcioError> {
    let format = detect(path)?;
    if opts.year.is_some() && matches!(format, Format::Pymrio | Format::Wiod) {
        return Err(IcioError::YearWithSingleTable {
            path: path.to_path_buf(),
            year: opts.year.unwrap_or_default(),
        });
    }
    let mut table = match format {
        Format::OecdCsv => wide::read_wide_year(path, opts.year, wide::WideLayout::Oecd)?,
        Format::GenericCsv => wide::read_wide_year(path, opts.year, wide::WideLayout::Generic)?,
        Format::Pymrio => pymrio::read_pymrio(path)?,
        Format::Wiod => wiod::read_wiod(path)?,
        Format::OecdNational => national::read_national(path, opts.year)?,
    };
    if let Some(e) = non_finite(path, &table) {
        return Err(e);
    }
    if opts.merge_splits {
        table = aggregate::merge_oecd_splits(&table)?;
    }
    let report = check_accounting(&table, opts.accounting);
    if opts.strict && !report.is_balanced() {
        return Err(IcioError::Unbalanced {
            path: path.to_path_buf(),
            summary: report.summary(5),
        });
    }
    if opts.strict
        && (!report.negative_output.is_empty() || !report.zero_output_with_flows.is_empty())
    {
        return Err(IcioError::OutputRefused {
            path: path.to_path_buf(),
            summary: report.quirks(5),
        });
    }
    Ok((table, report))
}
