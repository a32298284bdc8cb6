//! The chainlens engine: the one layer every face calls (the CLI, the HTTP API, the
//! Python package). A face opens a [`Session`] once with the data it serves, sends plain
//! serde requests whose fields are the CLI's options, and gets typed results whose rows
//! become [`Table`]s (written as CSV, Parquet or JSON by `chainlens-report`). Errors carry
//! an [`ErrorKind`] that each face maps once.
//!
//! * [`session`]: [`Session`], what it opens and caches (baselines, distances, the
//!   Leontief factorisation).
//! * [`trade`]: trade info, vulnerability (METHODS §1.1-1.6) and risk (§1.7).
//! * [`scenario`]: scenario runs (METHODS §3), on the session's baseline and factorisation.
//! * [`gravity`]: structural gravity estimation and general equilibrium (METHODS §3);
//!   [`gravity_io`]: the multi-sector equilibrium with input-output linkages on the table.
//! * [`chains`]: regional chain requests (METHODS §4).
//! * [`exposure`]: industries' exposure to vulnerable imports (METHODS §2.9).
//! * [`input_output`]: table info, decompositions, extraction and GVC indicators (METHODS §2).
//! * [`restructuring`]: change between windows and over years (METHODS §5): `shift`,
//!   GVC indicators over yearly tables; [`relocation`]: a route through a connector, by
//!   chapter, by the connector's industries and by value-added path.
//! * [`table`]: the columnar result table.
//! * [`progress`]: how long work reports progress to the face that renders it.
//!
//! ```
//! use chainlens_engine::{Session, SessionOptions, TradeOptions, VulnerabilityRequest};
//! let session = Session::open(&SessionOptions { trade: Some(TradeOptions::default()), table: None }).unwrap();
//! let request = VulnerabilityRequest { importers: vec!["CHN".into()], ..Default::default() };
//! let result = session.vulnerability(&request).unwrap();
//! assert_eq!(result.importers[0].importer, "CHN");
//! assert!(result.synthetic, "the embedded default data is synthetic");
//! ```

pub mod chains;
pub mod error;
pub mod exposure;
pub mod gravity;
pub mod gravity_io;
pub mod input_output;
pub mod progress;
pub mod relocation;
pub mod restructuring;
pub mod scenario;
pub mod session;
pub mod table;
pub mod trade;

/// How far a trade file has been read ([`TradeOptions::progress`]; the face draws it).
pub use chainlens_ingest::ReadProgress;
pub use chainlens_model::{ErrorKind, Location};
pub use error::{EngineError, Result, read_text};
pub use session::import;
pub use session::{
    Centrality, ImportKind, Session, SessionOptions, TableOptions, TableSource, TradeOptions,
    TradeSource,
};
pub use table::{Cells, Column, Table, TextCells, Values};
pub use trade::{RiskRequest, TradeInfo, VulnerabilityRequest, VulnerabilityResult};
