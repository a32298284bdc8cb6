//! [`IcioError`]: every way reading or writing an input-output table can
//! fail, each naming the file and, where there is one, the line and label.

use chainlens_model::{ErrorKind, Location};
use std::path::PathBuf;

/// A failure to read or write a table.
#[derive(Debug, thiserror::Error)]
pub enum IcioError {
    /// The operating system refused a read or write.
    #[error("{path}: {source}", path = path.display())]
    Io {
        /// File or directory involved.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The path matches none of the supported layouts.
    #[error("{path}: not a recognised input-output table\nhint: give an OECD ICIO .csv, a WIOD .xlsx/.xlsb, a pymrio folder (Z.txt, Y.txt) or a chainlens generic CSV (header starting country,sector)", path = path.display())]
    UnrecognisedInput {
        /// The path given.
        path: PathBuf,
    },
    /// A file with no header line.
    #[error("{path}: file is empty (no header line)", path = path.display())]
    EmptyFile {
        /// The file.
        path: PathBuf,
    },
    /// A malformed CSV/TSV record.
    #[error("{path}:{line}: {message}", path = path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// What the parser said.
        message: String,
    },
    /// A cell that is not a number.
    #[error("{path}:{line}: column {column}: {value:?} is not a number", path = path.display())]
    Number {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// Column label.
        column: String,
        /// The text found.
        value: String,
    },
    /// A row or column label that does not fit the layout.
    #[error("{path}:{line}: label {label:?}: {message}", path = path.display())]
    Label {
        /// The file.
        path: PathBuf,
        /// 1-based line (1 for the header).
        line: u64,
        /// The label.
        label: String,
        /// What is wrong with it.
        message: String,
    },
    /// A block the layout requires is missing.
    #[error("{path}: no {what} found\nhint: {hint}", path = path.display())]
    Missing {
        /// The file or folder.
        path: PathBuf,
        /// What is missing.
        what: String,
        /// How to fix it.
        hint: String,
    },
    /// Countries do not all have the same sectors in the same order.
    #[error("{path}:{line}: country {country} has sectors {found}, expected {expected} as for the first country", path = path.display())]
    IrregularSectors {
        /// The file.
        path: PathBuf,
        /// 1-based line of the country's first row that differs (or its last row, when
        /// it has too few).
        line: u64,
        /// The country.
        country: String,
        /// Its sectors.
        found: String,
        /// The first country's sectors.
        expected: String,
    },
    /// A workbook that cannot be read.
    #[error("{path}: workbook: {message}", path = path.display())]
    Workbook {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Imbalances beyond tolerance when the caller asked for strict reading.
    #[error("{path}: the table does not balance: {summary}", path = path.display())]
    Unbalanced {
        /// The file.
        path: PathBuf,
        /// The worst imbalances.
        summary: String,
    },
    /// A compressed input that cannot be read: a truncated gzip stream or zip
    /// member, a damaged archive, or no (or several) members for the year asked.
    #[error("{path}: {}{message}", if member.is_empty() { String::new() } else { format!("member {member}: ") }, path = path.display())]
    Archive {
        /// The archive (or `.gz` file).
        path: PathBuf,
        /// The member (empty when the archive itself is at fault).
        member: String,
        /// What is wrong.
        message: String,
    },
    /// A year given for a file that holds a single table.
    #[error("{path}: a year ({year}) picks a table inside a zip archive or a folder of yearly tables; this file holds one table\nhint: drop the year, or give the archive or folder", path = path.display())]
    YearWithSingleTable {
        /// The file.
        path: PathBuf,
        /// The year given.
        year: u16,
    },
    /// A cell that parses but is infinite or NaN.
    #[error("{path}:{line}: column {column}: {value:?} is not a finite number", path = path.display())]
    NonFiniteCell {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// Column label.
        column: String,
        /// The text found.
        value: String,
    },
    /// A non-finite value found after reading (formats without line numbers).
    #[error("{path}: {block} of {label} is not a finite number ({value})", path = path.display())]
    NonFinite {
        /// The file or folder.
        path: PathBuf,
        /// `Z`, `Y`, `va` or `x`.
        block: &'static str,
        /// The country-sector (and column, for `Z` and `Y`).
        label: String,
        /// The value.
        value: f64,
    },
    /// Negative output, or zero output with flows, refused under strict reading.
    #[error("{path}: {summary}\nhint: published tables round cells and carry negative inventory changes; without strict reading such sectors are treated as zero output and listed", path = path.display())]
    OutputRefused {
        /// The file.
        path: PathBuf,
        /// The sectors and their output.
        summary: String,
    },
    /// A country named in an aggregation is not in the table.
    #[error("unknown country {label}; valid: {}", valid.join(", "))]
    UnknownCountry {
        /// The label.
        label: String,
        /// The valid labels.
        valid: Vec<String>,
    },
}

impl IcioError {
    /// What kind of failure this is, and where in the table (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        let file = |p: &PathBuf| p.display().to_string();
        match self {
            Self::Io { path, source } => ErrorKind::of_io(source, file(path)),
            Self::Csv { path, line, .. } => ErrorKind::located(Location::line(file(path), *line)),
            Self::Number {
                path, line, column, ..
            } => ErrorKind::located(Location::line(file(path), *line).with_field(column.clone())),
            Self::Label {
                path, line, label, ..
            } => ErrorKind::located(Location::line(file(path), *line).with_field(label.clone())),
            Self::NonFiniteCell {
                path, line, column, ..
            } => ErrorKind::located(Location::line(file(path), *line).with_field(column.clone())),
            Self::IrregularSectors {
                path,
                line,
                country,
                ..
            } => ErrorKind::located(Location::line(file(path), *line).with_field(country.clone())),
            Self::NonFinite { path, label, .. } => {
                ErrorKind::located(Location::file(file(path)).with_field(label.clone()))
            }
            Self::Archive { path, member, .. } if !member.is_empty() => {
                ErrorKind::located(Location::file(format!("{}!{member}", file(path))))
            }
            Self::UnrecognisedInput { path }
            | Self::Archive { path, .. }
            | Self::YearWithSingleTable { path, .. }
            | Self::OutputRefused { path, .. }
            | Self::EmptyFile { path }
            | Self::Missing { path, .. }
            | Self::Workbook { path, .. }
            | Self::Unbalanced { path, .. } => ErrorKind::located(Location::file(file(path))),
            Self::UnknownCountry { .. } => ErrorKind::bad_input(),
        }
    }
}

/// The error for text that is not UTF-8: the line and column of the first invalid byte
/// (`bytes[valid_up_to]`) of a file's text `bytes`.
pub(crate) fn invalid_utf8(path: &std::path::Path, bytes: &[u8], valid_up_to: usize) -> IcioError {
    let before = &bytes[..valid_up_to.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    IcioError::Csv {
        path: path.to_path_buf(),
        line: 1 + before.iter().filter(|&&b| b == b'\n').count() as u64,
        message: format!(
            "invalid UTF-8 (byte {:#04x} at column {})",
            bytes.get(valid_up_to).copied().unwrap_or(0),
            before.len() - line_start + 1
        ),
    }
}

pub(crate) fn io_err(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> IcioError + '_ {
    move |source| IcioError::Io {
        path: path.to_path_buf(),
        source,
    }
}
