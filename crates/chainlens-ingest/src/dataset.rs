//! [`open`]: any accepted input (a BACI directory, zip or year file, a Comtrade CSV or a
//! cache) told apart by [`detect`] and read by its reader into a [`TradeDataset`];
//! [`open_default`], the embedded SYNTHETIC dataset, and [`open_default_series`], the same
//! with its SYNTHETIC second window (2022-2023) that `chainlens shift` compares it with.

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

/// The embedded default dataset with its second window: 2017, 2018, 2022 and 2023, one
/// dataset (synthetic, with a planted reallocation, see `data/default/README.md`).
pub fn open_default_series(options: &ReadOptions) -> Result<TradeDataset, IngestError> {
    baci::read_zips_bytes(
        &[
            (crate::DEFAULT_DATASET_ZIP, crate::DEFAULT_DATASET_NAME),
            (
                crate::DEFAULT_SECOND_WINDOW_ZIP,
                crate::DEFAULT_SECOND_WINDOW_NAME,
            ),
        ],
        options,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::{CountryCode, Year};

    #[test]
    fn the_series_adds_a_second_window_with_the_planted_shift() {
        let options = ReadOptions::default();
        let (one, series) = (
            open_default(&options).unwrap(),
            open_default_series(&options).unwrap(),
        );
        let years: Vec<u16> = series.flows.years().iter().map(|y| y.0).collect();
        assert_eq!(years, [2017, 2018, 2022, 2023]);
        let early = series.flows.year.partition_point(|&t| t <= Year(2018));
        assert_eq!(
            early,
            one.flows.len(),
            "the first window is the default data's"
        );
        assert_eq!(series.flows.value[..early], one.flows.value[..]);
        // China's share of all US imports falls between the windows (the planted shift is
        // per good: half of China's value of every other intermediate good it supplies).
        let share = |first: usize, last: usize| {
            let (mut chn, mut all) = (0.0, 0.0);
            for i in first..last {
                if series.flows.importer[i] == CountryCode::new(840).unwrap() {
                    all += series.flows.value[i];
                    if series.flows.exporter[i] == CountryCode::new(156).unwrap() {
                        chn += series.flows.value[i];
                    }
                }
            }
            chn / all
        };
        let (before, after) = (share(0, early), share(early, series.flows.len()));
        assert!(after < before, "{before} -> {after}");
    }
}
