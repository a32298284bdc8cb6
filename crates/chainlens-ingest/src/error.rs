//! [`IngestError`]: every way reading trade data can fail, each naming the
//! file and, where there is one, the line and field.

use chainlens_model::{ErrorKind, Location};
use std::path::PathBuf;

/// A failure to read an input. Row-level problems are not errors: they are
/// counted in the [`crate::IngestReport`], unless `--strict` asks for [`IngestError::Row`].
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// A reference dataset that the reading needs is not installed.
    #[error(
        "reference data `{dataset}` is not installed ({path} does not exist): run `chainlens fetch reference` (or `chainlens fetch reference --from DIR` offline), or give {flag}",
        path = path.display()
    )]
    MissingReference {
        /// The dataset's folder name in the data directory.
        dataset: String,
        /// The file looked for.
        path: PathBuf,
        /// The option or file that replaces it.
        flag: String,
    },
    /// The operating system refused a read or write.
    #[error("{path}: {source}", path = path.display())]
    Io {
        /// File or directory involved.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The path is none of the accepted inputs.
    #[error(
        "{path}: not a BACI directory or zip, a chainlens cache, or a UN Comtrade CSV\nhint: a BACI input holds BACI_HS<rev>_Y<year>_V<version>.csv files; a cache holds flows.parquet",
        path = path.display()
    )]
    UnrecognisedInput {
        /// The path given.
        path: PathBuf,
    },
    /// A generic CSV read without `--columns`.
    #[error(
        "--columns: a generic CSV needs --columns exporter=COL,importer=COL,product=COL,year=COL,value=COL"
    )]
    NoColumns,
    /// No correspondence table links two HS editions.
    #[error(
        "no correspondence between {from} and {to} in the reference data ({path} does not exist): the tables link HS22 to every older edition, every edition to HS92, and HS17 to HS12",
        path = path.display()
    )]
    NoCorrespondence {
        /// The newer edition.
        from: String,
        /// The older edition.
        to: String,
        /// The table looked for.
        path: PathBuf,
    },
    /// A CSV file given as BACI that is not a BACI year file.
    #[error(
        "{path}: not a BACI year file (BACI_HS<rev>_Y<year>_V<version>.csv); for a UN Comtrade CSV use `import comtrade`, for another bilateral CSV `import csv --columns exporter=COL,importer=COL,product=COL,year=COL,value=COL`",
        path = path.display()
    )]
    NotBaciFile {
        /// The path given.
        path: PathBuf,
    },
    /// A BACI directory or zip without any year file.
    #[error("{path}: no BACI_HS<rev>_Y<year>_V<version>.csv file found", path = path.display())]
    NoBaciFiles {
        /// The directory or zip.
        path: PathBuf,
    },
    /// BACI files of different HS editions in one input.
    #[error("{path}: BACI files of several HS editions ({editions}) cannot be mixed in one input", path = path.display())]
    MixedEditions {
        /// The directory or zip.
        path: PathBuf,
        /// The editions found, comma separated.
        editions: String,
    },
    /// A zip that cannot be read, for instance a truncated download.
    #[error("{path}: zip archive is unreadable (truncated or corrupt?): {message}", path = path.display())]
    BadZip {
        /// The zip file.
        path: PathBuf,
        /// What the zip reader said.
        message: String,
    },
    /// A file with no bytes at all, not even a header.
    #[error("{path}: file is empty (no header line)", path = path.display())]
    EmptyFile {
        /// The file.
        path: PathBuf,
    },
    /// A header that does not have the expected columns.
    #[error("{path}:1: header: {message}", path = path.display())]
    Header {
        /// The file.
        path: PathBuf,
        /// What is missing or wrong.
        message: String,
    },
    /// A rejected row under `--strict`, or a bad row in a reference table.
    #[error("{path}:{line}: field `{field}`: {message}", path = path.display())]
    Row {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// Column name.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// Text that is not UTF-8, located at its first invalid byte.
    #[error("{path}:{line}: invalid UTF-8 (byte 0x{byte:02x} at column {column})", path = path.display())]
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: u64,
        /// 1-based byte column of that byte in its line.
        column: u64,
        /// The byte.
        byte: u8,
    },
    /// A cache that cannot be read back.
    #[error("{path}: cache is unreadable: {message}\nhint: re-create it with `chainlens import`", path = path.display())]
    Cache {
        /// The cache directory or file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl IngestError {
    /// What kind of failure this is, and where in the input (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        let file = |p: &PathBuf| p.display().to_string();
        match self {
            Self::Io { path, source } => ErrorKind::of_io(source, file(path)),
            Self::NoColumns => ErrorKind::bad_input(),
            Self::MissingReference { .. } | Self::NoCorrespondence { .. } => ErrorKind::MissingData,
            Self::UnrecognisedInput { path }
            | Self::NotBaciFile { path }
            | Self::NoBaciFiles { path }
            | Self::MixedEditions { path, .. }
            | Self::BadZip { path, .. }
            | Self::EmptyFile { path }
            | Self::Cache { path, .. } => ErrorKind::located(Location::file(file(path))),
            Self::Header { path, .. } => ErrorKind::located(Location::line(file(path), 1)),
            Self::InvalidUtf8 { path, line, .. } => {
                ErrorKind::located(Location::line(file(path), *line))
            }
            Self::Row {
                path, line, field, ..
            } => ErrorKind::located(Location::line(file(path), *line).with_field(field.clone())),
        }
    }

    /// Wraps an IO error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}
