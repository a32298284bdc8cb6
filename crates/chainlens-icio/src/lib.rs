//! Readers and writers of inter-country input-output tables into
//! [`IcioTable`] (METHODS §2), each followed by the accounting check.
//!
//! * [`wide`]: OECD ICIO CSV (2021/2023/2025 layouts) and the chainlens
//!   generic labelled CSV (read and write).
//! * [`pymrio`]: pymrio's saved folder format, read and write.
//! * [`wiod`]: WIOD 2016 release workbooks (`.xlsb`/`.xlsx`, via calamine).
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
pub mod pymrio;
pub mod wide;
pub mod wiod;

pub use accounting::{AccountingOptions, AccountingReport, check_accounting};
pub use chainlens_model::IcioTable;
pub use error::IcioError;

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
}

/// Options of [`read_table`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ReadOptions {
    /// Tolerances of the accounting check.
    pub accounting: AccountingOptions,
    /// Fail with [`IcioError::Unbalanced`] instead of reporting imbalances.
    pub strict: bool,
    /// Merge OECD `CN*`/`MX*` split blocks into `CHN`/`MEX`.
    pub merge_splits: bool,
}

/// Output as the row sums of Z and Y, for tables that publish no output row.
pub(crate) fn output_from_rows(table: &IcioTable) -> Vec<f64> {
    let (zr, yr) = (table.z_row_sums(), table.y_row_sums());
    zr.iter().zip(&yr).map(|(a, b)| a + b).collect()
}

/// Detects the layout of `path`: a folder is pymrio; `.xlsx`/`.xlsb` is WIOD;
/// a CSV whose header starts `country,sector` is generic, any other CSV is OECD ICIO.
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
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("xlsx" | "xlsb" | "xls")) {
        return Ok(Format::Wiod);
    }
    if ext.as_deref() != Some("csv") {
        return Err(IcioError::UnrecognisedInput {
            path: path.to_path_buf(),
        });
    }
    use std::io::BufRead;
    let f = std::fs::File::open(path).map_err(error::io_err(path))?;
    let mut first = String::new();
    std::io::BufReader::new(f)
        .take(1 << 16)
        .read_line(&mut first)
        .map_err(error::io_err(path))?;
    let lower = first.trim_start_matches('\u{feff}').to_ascii_lowercase();
    if lower.starts_with("country,sector,") {
        Ok(Format::GenericCsv)
    } else {
        Ok(Format::OecdCsv)
    }
}

use std::io::Read;

/// Reads any supported table, merges splits if asked, and checks the accounting.
pub fn read_table(
    path: &Path,
    opts: ReadOptions,
) -> Result<(IcioTable, AccountingReport), IcioError> {
    let mut table = match detect(path)? {
        Format::OecdCsv => wide::read_wide(path, wide::WideLayout::Oecd)?,
        Format::GenericCsv => wide::read_wide(path, wide::WideLayout::Generic)?,
        Format::Pymrio => pymrio::read_pymrio(path)?,
        Format::Wiod => wiod::read_wiod(path)?,
    };
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
    Ok((table, report))
}
