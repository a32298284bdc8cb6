//! [`open`]: any accepted input (a BACI directory, zip or year file, a Comtrade CSV or a
//! cache) told apart by [`detect`] and read by its reader into a [`TradeDataset`];
//! [`open_default`], the embedded SYNTHETIC dataset.

pub use crate::read::{ComtradeView, ReadOptions, ReadProgress, TradeDataset};
use crate::{IngestError, baci, bilateral, cache, comtrade};
use std::path::Path;

/// What kind of input a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A directory written by `chainlens import`.
    Cache,
    /// A directory of BACI files.
    BaciDirectory,
    /// A BACI zip as CEPII publishes it.
    BaciZip,
    /// One BACI year file (`BACI_HS17_Y2018_V202401.csv`) on its own.
    BaciFile,
    /// A UN Comtrade CSV.
    ComtradeCsv,
}

/// Tells what a path holds, without reading it all.
pub fn detect(path: &Path) -> Result<InputKind, IngestError> {
    let meta = std::fs::metadata(path).map_err(|e| IngestError::io(path, e))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if meta.is_dir() {
        if path.join(cache::FLOWS_FILE).exists() {
            return Ok(InputKind::Cache);
        }
        return Ok(InputKind::BaciDirectory);
    }
    if name.to_ascii_lowercase().ends_with(".zip") {
        return Ok(InputKind::BaciZip);
    }
    if baci::is_year_file_name(path) {
        return Ok(InputKind::BaciFile);
    }
    if name.to_ascii_lowercase().ends_with(".csv") {
        return Ok(InputKind::ComtradeCsv);
    }
    Err(IngestError::UnrecognisedInput { path: path.into() })
}

/// Reads any accepted input: the same flows and report come out of a BACI
/// directory, its zip, or the cache made from either. With [`ReadOptions::columns`] the
/// path is read as a generic bilateral CSV.
pub fn open(path: &Path, options: &ReadOptions) -> Result<TradeDataset, IngestError> {
    if let Some(columns) = &options.columns {
        return bilateral::read(&[path], columns, options);
    }
    match detect(path)? {
        InputKind::Cache => crate::read::apply_to_cache(cache::read(path)?, options),
        InputKind::BaciDirectory | InputKind::BaciZip | InputKind::BaciFile => {
            baci::read(&[path], options)
        }
        InputKind::ComtradeCsv => comtrade::read(&[path], options),
    }
}

/// The embedded default dataset (synthetic, see `data/default/README.md`).
pub fn open_default(options: &ReadOptions) -> Result<TradeDataset, IngestError> {
    baci::read_zip_bytes(
        crate::DEFAULT_DATASET_ZIP,
        crate::DEFAULT_DATASET_NAME,
        options,
    )
}
