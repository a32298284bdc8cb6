//! How chainlens results look: every [`Table`] written as CSV, Parquet or JSON through
//! one function ([`write_table`]), the text summaries the CLI prints, the JSON documents
//! of whole results, and the Markdown/HTML reports. Faces call this crate after the
//! engine; nothing here computes an indicator.
//!
//! * [`csv`], [`parquet_file`], [`json`]: the three table formats.
//! * [`trade`], [`scenario`], [`input_output`], [`gravity`], [`restructuring`]: summaries and
//!   documents of each result.
//! * [`analysis_report`]: the `--report` pages of vulnerability, risk and scenarios;
//!   [`shift_report`]: the page of `chainlens shift`.
//! * [`charts`]: Vega-Lite specifications of results, shared by the dashboard and reports.
//! * [`chain_report`], [`chain_map`]: the regional chain reports (Markdown, HTML) and the
//!   SVG chain map (METHODS §4).
//!
//! ```
//! use chainlens_engine::Table;
//! #[derive(Default, serde::Serialize)]
//! struct Row { iso3: String, value: f64 }
//! let t = Table::from_rows("t", &[Row { iso3: "CHN".into(), value: 1.5 }]);
//! assert_eq!(chainlens_report::csv::text(&t), "iso3,value\nCHN,1.5\n");
//! ```

pub mod analysis_report;
pub mod chain_map;
pub mod chain_report;
pub mod charts;
pub mod csv;
pub mod exposure;
pub mod gravity;
pub mod input_output;
pub mod json;
pub mod parquet_file;
pub mod restructuring;
pub mod scenario;
pub mod shift_report;
pub mod trade;

pub use chainlens_engine::Table;
use chainlens_model::{ErrorKind, Location};
use std::path::{Path, PathBuf};

/// A table file format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Comma-separated text.
    #[default]
    Csv,
    /// Apache Parquet.
    Parquet,
    /// A JSON array of row objects.
    Json,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Parquet => "parquet",
            Self::Json => "json",
        }
    }

    /// The media type of a file in this format (an HTTP download's `Content-Type`).
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Parquet => "application/vnd.apache.parquet",
            Self::Json => "application/json",
        }
    }
}

/// A file that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The operating system refused.
    #[error("{path}: {source}", path = path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What it said.
        source: std::io::Error,
    },
    /// The Parquet writer failed.
    #[error("{path}: {source}", path = path.display())]
    Parquet {
        /// The file.
        path: PathBuf,
        /// What the writer said.
        source: parquet::errors::ParquetError,
    },
}

impl ReportError {
    /// What kind of failure this is: an unwritable `--out` is the user's, the rest internal.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Io { path, source } => ErrorKind::of_io(source, path.display().to_string()),
            Self::Parquet { path, .. } => {
                ErrorKind::located(Location::file(path.display().to_string()))
            }
        }
    }
}

/// Creates `dir` and its parents when missing.
pub fn create_dir(dir: &Path) -> Result<(), ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

/// Writes `text` to `path`, creating the parent directory when missing.
pub fn write_text(path: &Path, text: &str) -> Result<(), ReportError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir(parent)?;
    }
    std::fs::write(path, text).map_err(|source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `table` into `dir` as `<name>.<extension>`, creating `dir` when missing.
pub fn write_table(dir: &Path, table: &Table, format: Format) -> Result<PathBuf, ReportError> {
    create_dir(dir)?;
    let path = dir.join(format!("{}.{}", table.name, format.extension()));
    let bytes = table_bytes(table, format).map_err(|source| ReportError::Parquet {
        path: path.clone(),
        source,
    })?;
    std::fs::write(&path, bytes).map_err(|source| ReportError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// The bytes of `table` in `format`: what [`write_table`] writes to its file, and what
/// the HTTP API sends as a download. Only the Parquet writer can fail.
pub fn table_bytes(
    table: &Table,
    format: Format,
) -> Result<Vec<u8>, parquet::errors::ParquetError> {
    Ok(match format {
        Format::Csv => csv::text(table).into_bytes(),
        Format::Json => json::text(table).into_bytes(),
        Format::Parquet => {
            let mut bytes = Vec::new();
            parquet_file::write(table, &mut bytes)?;
            bytes
        }
    })
}

/// `n` and the noun, singular or plural as `n` asks: `1 category`, `2 categories`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1, "category", "categories"), "1 category");
        assert_eq!(count(0, "category", "categories"), "0 categories");
        assert_eq!(count(2, "good", "goods"), "2 goods");
    }

    #[test]
    fn tables_are_written_into_a_created_directory() {
        #[derive(Default, serde::Serialize)]
        struct Row {
            a: u32,
        }
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/dir");
        let t = Table::from_rows("rows", &[Row { a: 1 }]);
        for format in [Format::Csv, Format::Json, Format::Parquet] {
            let path = write_table(&out, &t, format).unwrap();
            assert!(path.exists(), "{}", path.display());
        }
        assert_eq!(
            std::fs::read_to_string(out.join("rows.csv")).unwrap(),
            "a\n1\n"
        );
    }
}
