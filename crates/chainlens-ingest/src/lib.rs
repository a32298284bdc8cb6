//! Reading published trade tables into [`chainlens_model::CanonicalFlows`] (rows sorted
//! and checked, duplicate keys merged), with every unused line counted by reason
//! (METHODS §1.1).
//!
//! * [`baci`]: CEPII BACI directories and zips; [`comtrade`]: UN Comtrade CSV;
//!   [`bilateral`]: any bilateral CSV whose columns `--columns` names.
//! * [`convert`]: `--to-hs`, codes converted to another HS edition.
//! * [`cache`]: the Parquet cache written by `chainlens import` and read back.
//! * [`reference`](mod@reference): the reference data directory (HS -> BEC and
//!   descriptions of every HS edition, ISO country codes, ideal points) and its parsers.
//! * [`dataset`]: [`TradeDataset`], [`ReadOptions`] and [`open`], which accepts any input.
//! * [`report`]: [`IngestReport`], the counts behind `report.json` and `rejects.csv`.
//! * [`read_text`]: small text inputs, with encoding errors located by line.
//!
//! ```
//! use chainlens_ingest::{ReadOptions, open_default};
//! let data = open_default(&ReadOptions::default()).unwrap();
//! assert!(data.report.balances());
//! // The flows are canonical by type; the default data's rows are all in use.
//! assert_eq!(data.flows.len() as u64, data.report.rows_used - data.report.duplicate_rows_merged);
//! ```

pub mod baci;
pub mod bilateral;
pub mod cache;
mod canonical;
mod column_file;
pub mod comtrade;
pub mod convert;
pub mod dataset;
mod error;
mod exact_sum;
mod numbers;
pub mod partitioned;
mod read;
pub mod reference;
pub mod report;
mod text;
mod truncation;

pub use chainlens_model::YearWindow;
pub use dataset::{
    ComtradeView, InputKind, ReadOptions, ReadProgress, TradeDataset, detect, open, open_default,
    open_default_series,
};
pub use error::IngestError;
pub use report::{IngestReport, Reason, RejectedRow, TruncatedLine};
pub use text::{decode_utf8, read_text};

/// The embedded default dataset: a SYNTHETIC BACI-layout zip made by
/// `chainlens-bench`'s generator (see `data/default/README.md`).
pub const DEFAULT_DATASET_ZIP: &[u8] =
    include_bytes!("../../../data/default/synthetic_baci_hs17_2017_2018.zip");

/// The name the default dataset goes by in messages and reports.
pub const DEFAULT_DATASET_NAME: &str = "<embedded>/synthetic_baci_hs17_2017_2018.zip";

/// The default dataset's second window, 2022-2023, SYNTHETIC, with a planted reallocation
/// (China loses share of some US intermediate imports to Viet Nam and Mexico); only
/// `chainlens shift` adds it by default (see `data/default/README.md`).
pub const DEFAULT_SECOND_WINDOW_ZIP: &[u8] =
    include_bytes!("../../../data/default/synthetic_baci_hs17_2022_2023.zip");

/// The name the second window goes by in messages and reports.
pub const DEFAULT_SECOND_WINDOW_NAME: &str = "<embedded>/synthetic_baci_hs17_2022_2023.zip";
