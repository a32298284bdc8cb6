//! `chainlens._chainlens`, the native module of the Python package: a thin PyO3 layer
//! over `chainlens-engine`, with no analysis of its own. The Python layer
//! (`python/chainlens/__init__.py`) builds each request as JSON text whose fields are the
//! engine's serde request types; this module deserializes it, runs the engine with the
//! GIL released and a panic caught, and hands back the result's scalar fields as JSON
//! text and its tables as Parquet bytes (`chainlens_report::table_bytes`, the same writer
//! as the CLI's `--format parquet`), which `pyarrow` reads.
//!
//! Errors are mapped once from the engine's [`ErrorKind`]: bad input raises
//! `chainlens.BadInputError(message, file, line, field)`, missing data
//! `chainlens.MissingDataError`, anything else (and a caught panic) `RuntimeError`.

use chainlens_engine::chains::{AttractRequest, DiagnoseRequest, DisruptRequest};
use chainlens_engine::exposure::ExposureRequest;
use chainlens_engine::input_output::{DecomposeRequest, ExtractRequest, GvcRequest};
use chainlens_engine::progress::Silent;
use chainlens_engine::relocation::RelocationRequest;
use chainlens_engine::restructuring::ShiftRequest;
use chainlens_engine::scenario::ScenarioRequest;
use chainlens_engine::{
    EngineError, ErrorKind, RiskRequest, Session, SessionOptions, Table, TableOptions, TableSource,
    TradeOptions, TradeSource, VulnerabilityRequest,
};
use chainlens_report::Format;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What a call hands back: the result's scalar fields as JSON text, and its tables as
/// `(name, Parquet bytes)` in the engine's order.
type Answer = (String, Vec<(String, Vec<u8>)>);

/// An [`Answer`] with its tables as Python `bytes`.
type PyAnswer = (String, Vec<(String, Py<PyBytes>)>);

/// Why a call failed, before it becomes a Python exception (built with the GIL held).
enum Failure {
    /// An engine error, with its kind.
    Engine(ErrorKind, String),
    /// A request the Python layer built that does not deserialize, or a result that
    /// cannot be written: the message says which.
    Request(String),
    /// Our bug: a panic, or a writer failure.
    Internal(String),
}

impl From<EngineError> for Failure {
    fn from(e: EngineError) -> Self {
        Self::Engine(e.kind(), e.to_string())
    }
}

impl Failure {
    /// The Python exception: the classes live in `chainlens._errors`, so that they carry
    /// their docstrings and `.file`, `.line`, `.field` attributes.
    fn into_pyerr(self, py: Python<'_>) -> PyErr {
        let raise =
            |class: &str, args: (String, Option<String>, Option<u64>, Option<String>)| match py
                .import("chainlens._errors")
                .and_then(|m| m.getattr(class))
                .and_then(|c| c.call1(args))
            {
                Ok(exception) => PyErr::from_value(exception),
                Err(e) => e,
            };
        match self {
            Self::Engine(ErrorKind::BadInput { location }, message) => {
                let (file, line, field) = match location {
                    Some(l) => (Some(l.file), l.line, l.field),
                    None => (None, None, None),
                };
                raise("BadInputError", (message, file, line, field))
            }
            Self::Engine(ErrorKind::MissingData, message) => {
                raise("MissingDataError", (message, None, None, None))
            }
            Self::Request(message) => raise(
                "BadInputError",
                (message, Some("request".into()), None, None),
            ),
            Self::Engine(ErrorKind::Internal, message) | Self::Internal(message) => {
                PyRuntimeError::new_err(message)
            }
        }
    }
}

/// Runs `work` with the GIL released and any panic caught as an internal error.
fn run<T: Send>(py: Python<'_>, work: impl FnOnce() -> Result<T, Failure> + Send) -> PyResult<T> {
    py.detach(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic".into());
            Err(Failure::Internal(format!(
                "internal error (a chainlens bug, please report it): {what}"
            )))
        })
    })
    .map_err(|f| f.into_pyerr(py))
}

/// A request from the Python layer's JSON text.
fn request<T: DeserializeOwned>(json: &str) -> Result<T, Failure> {
    serde_json::from_str(json).map_err(|e| Failure::Request(format!("request: {e}")))
}

/// The scalar fields of a result as JSON text.
fn meta(value: &impl serde::Serialize) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|e| Failure::Internal(e.to_string()))
}

/// Tables as `(name, Parquet bytes)`.
fn parquet(tables: &[Table]) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    tables
        .iter()
        .map(|t| {
            chainlens_report::table_bytes(t, Format::Parquet)
                .map(|bytes| (t.name.clone(), bytes))
                .map_err(|e| Failure::Internal(format!("{}: {e}", t.name)))
        })
        .collect()
}

/// Turns an answer's byte vectors into Python `bytes`.
fn to_python(py: Python<'_>, (meta, tables): Answer) -> PyAnswer {
    let tables = tables
        .into_iter()
        .map(|(name, bytes)| (name, PyBytes::new(py, &bytes).unbind()))
        .collect();
    (meta, tables)
}

/// An open engine session (the Python layer wraps it as `chainlens.Session`).
#[pyclass(frozen, module = "chainlens._chainlens")]
struct NativeSession {
    session: Arc<Session>,
}

#[pymethods]
impl NativeSession {
    /// Opens trade data and/or a table; `None` paths are the embedded SYNTHETIC data
    /// (with `series`, the default data with its second window, 2022-2023).
    #[new]
    #[pyo3(signature = (trade, trade_path, series, columns, edition, intermediate_goods, table, table_path))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        trade: bool,
        trade_path: Option<PathBuf>,
        series: bool,
        columns: Option<String>,
        edition: Option<String>,
        intermediate_goods: Option<PathBuf>,
        table: bool,
        table_path: Option<PathBuf>,
    ) -> PyResult<Self> {
        let options = SessionOptions {
            trade: trade.then(|| TradeOptions {
                source: match (trade_path, series) {
                    (Some(path), _) => TradeSource::Path(path),
                    (None, true) => TradeSource::EmbeddedSeries,
                    (None, false) => TradeSource::Embedded,
                },
                columns,
                edition,
                intermediate_goods,
                ..Default::default()
            }),
            table: table.then(|| TableOptions {
                source: table_path.map_or(TableSource::Embedded, TableSource::Path),
                ..Default::default()
            }),
        };
        let session = run(py, || Ok(Session::open(&options)?))?;
        Ok(Self {
            session: Arc::new(session),
        })
    }

    /// `{"trade": TradeInfo | null, "table": TableInfo | null}` as JSON text.
    fn info(&self, py: Python<'_>) -> PyResult<String> {
        let s = &self.session;
        run(py, || {
            let trade = s.has_trade().then(|| s.trade_info()).transpose()?;
            let table = s.has_table().then(|| s.table_info()).transpose()?;
            meta(&serde_json::json!({
                "trade": trade,
                "trade_synthetic": s.trade_is_synthetic(),
                "table": table,
                "table_synthetic": s.table_is_synthetic(),
            }))
        })
    }

    /// `VulnerabilityRequest` JSON -> scalars and `products`, `categories`, `chapters`
    /// (stacked with an `importer` column when several importers) and `dominance`.
    fn vulnerability(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let s = &self.session;
        let answer = run(py, || {
            let request: VulnerabilityRequest = request(json)?;
            request.check()?;
            let r = s.vulnerability(&request)?;
            let mut tables: Vec<Table> = match r.importers.as_slice() {
                [one] => one.tables().into(),
                _ => r.long_tables().into(),
            };
            tables.push(r.dominance_table());
            let scalars = serde_json::json!({
                "years": r.years,
                "universe_size": r.universe_size,
                "centrality_threshold": r.centrality_threshold,
                "importers": r.importers.iter().map(|i| serde_json::json!({
                    "importer": i.importer,
                    "concentration_threshold": i.concentration_threshold,
                })).collect::<Vec<_>>(),
                "synthetic": r.synthetic,
                "hs_edition": r.hs_edition,
                "extract": r.extract,
                "report": r.report,
            });
            Ok((meta(&scalars)?, parquet(&tables)?))
        })?;
        Ok(to_python(py, answer))
    }

    /// `RiskRequest` JSON -> the `risk` table.
    fn risk(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let s = &self.session;
        let answer = run(py, || {
            let request: RiskRequest = request(json)?;
            request.check()?;
            let rows = s.risk(&request)?;
            Ok((
                meta(&serde_json::json!({ "synthetic": s.trade_is_synthetic() }))?,
                parquet(&[Table::from_rows("risk", &rows)])?,
            ))
        })?;
        Ok(to_python(py, answer))
    }

    /// `ScenarioRequest` JSON -> scalars and `losses`, `importers`, `changes` (and with a
    /// table `io_country_sector`, `io_country`).
    fn scenario(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let s = &self.session;
        let answer = run(py, || {
            let request: ScenarioRequest = request(json)?;
            request.parse()?;
            let r = s.scenario(&request, &Silent)?;
            let scalars = serde_json::json!({
                "name": r.name,
                "flows_matched": r.flows_matched,
                "totals": r.totals(),
                "synthetic": r.synthetic,
                "unplaced_share": r.propagation.as_ref().map(|p| p.unplaced_share),
            });
            Ok((meta(&scalars)?, parquet(&r.tables())?))
        })?;
        Ok(to_python(py, answer))
    }

    /// `GvcRequest` JSON -> `country_sector`, `country` (and `paradox`).
    fn gvc(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let s = &self.session;
        let answer = run(py, || {
            let request: GvcRequest = request(json)?;
            let r = s.gvc(&request, &Silent)?;
            let scalars = serde_json::json!({
                "paradox_missing": r.paradox_missing,
                "inventory_corrected": r.inventory_corrected,
                "added_splits": r.added_splits,
            });
            Ok((meta(&scalars)?, parquet(&r.tables)?))
        })?;
        Ok(to_python(py, answer))
    }

    /// `DecomposeRequest` JSON -> `kww`, `wwz`, or `bm_country_sector` and `bm`.
    fn decompose(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let s = &self.session;
        let answer = run(py, || {
            let request: DecomposeRequest = request(json)?;
            let r = s.decompose(&request, &Silent)?;
            let scalars = serde_json::json!({ "added_splits": r.added_splits });
            Ok((meta(&scalars)?, parquet(&r.tables())?))
        })?;
        Ok(to_python(py, answer))
    }

    /// `ExposureRequest` JSON -> `industries`, `countries` (and `goods_users`), with the
    /// link summary.
    fn exposure(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let s = &self.session;
        let answer = run(py, || {
            let request: ExposureRequest = request(json)?;
            let r = s.exposure(&request)?;
            let scalars = serde_json::json!({
                "years": r.years,
                "table": r.table,
                "unit": r.unit,
                "link": r.link,
                "country_imports_usd": r.country_imports_usd,
                "synthetic": r.synthetic,
            });
            Ok((meta(&scalars)?, parquet(&r.tables())?))
        })?;
        Ok(to_python(py, answer))
    }

    /// `ShiftRequest` JSON -> `shares`, `suppliers`, `transitions`,
    /// `category_transitions`, `indices` (and `reallocation`, `gains`, `gainers` with a
    /// named supplier), with the notes.
    fn shift(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let s = &self.session;
        let answer = run(py, || {
            let request: ShiftRequest = request(json)?;
            request.check()?;
            let r = s.shift(&request)?;
            let scalars = serde_json::json!({
                "base_years": r.base_years,
                "compare_years": r.compare_years,
                "exporter": r.exporter,
                "notes": r.notes,
                "synthetic": r.synthetic,
            });
            Ok((meta(&scalars)?, parquet(&r.tables())?))
        })?;
        Ok(to_python(py, answer))
    }

    /// `RelocationRequest` JSON -> `relocation` (and `relocation_industries`,
    /// `relocation_value_added` with a table), with the link totals and notes.
    fn relocation(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let s = &self.session;
        let answer = run(py, || {
            let request: RelocationRequest = request(json)?;
            request.check()?;
            let r = s.relocation(&request)?;
            let scalars = serde_json::json!({
                "route": r.route,
                "link": r.link,
                "value_added_unit": r.value_added_unit,
                "notes": r.notes,
                "synthetic": r.synthetic,
            });
            Ok((meta(&scalars)?, parquet(&r.tables())?))
        })?;
        Ok(to_python(py, answer))
    }

    /// `DiagnoseRequest` JSON -> `diagnosis`, `exposure`, `coupling` (and `industries`
    /// with a table), with the chain's warnings.
    fn chain_diagnose(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let s = &self.session;
        let answer = run(py, || {
            let request: DiagnoseRequest = request(json)?;
            let d = s.chain_diagnose(&request)?;
            let scalars =
                serde_json::json!({ "chain": d.chain.name, "warnings": d.chain.warnings });
            Ok((meta(&scalars)?, parquet(&d.tables())?))
        })?;
        Ok(to_python(py, answer))
    }

    /// `DisruptRequest` JSON -> the `disruption` table.
    fn chain_disrupt(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let s = &self.session;
        let answer = run(py, || {
            let request: DisruptRequest = request(json)?;
            let d = s.chain_disrupt(&request)?;
            let scalars =
                serde_json::json!({ "chain": d.chain.name, "warnings": d.chain.warnings });
            Ok((meta(&scalars)?, parquet(&[d.table()])?))
        })?;
        Ok(to_python(py, answer))
    }

    /// `ExtractRequest` JSON -> scalars and the `extraction` table.
    fn extract(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let s = &self.session;
        let answer = run(py, || {
            let request: ExtractRequest = request(json)?;
            let e = s.extract(&request)?;
            let scalars = serde_json::json!({
                "extracted": e.extracted,
                "backward": e.backward,
                "forward": e.forward,
                "world_output": e.world_output,
            });
            Ok((
                meta(&scalars)?,
                parquet(&[Table::from_rows("extraction", &e.rows)])?,
            ))
        })?;
        Ok(to_python(py, answer))
    }
}

/// Installs every reference dataset of the catalogue into `data_dir` (default: the
/// directory the engine reads) from a local folder, a mirror, or the publishers; returns
/// the manifests as JSON text.
#[pyfunction]
#[pyo3(signature = (from_dir, mirror, data_dir))]
fn fetch_reference(
    py: Python<'_>,
    from_dir: Option<PathBuf>,
    mirror: Option<String>,
    data_dir: Option<PathBuf>,
) -> PyResult<String> {
    run(py, || {
        let dir = data_dir
            .unwrap_or_else(|| TradeOptions::default().reference_dir().root().to_path_buf());
        let manifests = chainlens_fetch::fetch_reference(
            &dir,
            &source(mirror, from_dir),
            &chainlens_fetch::Quiet,
        )
        .map_err(|e| Failure::Engine(e.kind(), e.to_string()))?;
        meta(&serde_json::json!({ "data_dir": dir, "datasets": manifests }))
    })
}

/// A download's progress for Python: calls `callback(url, done, total)` (a notebook bar)
/// every 1 % of the file (or 4 MiB when its size is unknown), and stops the transfer
/// when Python has a pending signal (Ctrl-C) or the callback raises; the exception is
/// kept to be raised once the transfer has stopped.
struct PyProgress {
    callback: Option<Py<PyAny>>,
    reported: AtomicU64,
    stopped: Mutex<Option<PyErr>>,
}

impl chainlens_fetch::Progress for PyProgress {
    fn advance(&self, url: &str, done: u64, total: Option<u64>) {
        let step = total.map_or(4 << 20, |t| (t / 100).clamp(1 << 16, 4 << 20));
        if done < self.reported.load(Ordering::Relaxed) + step && Some(done) != total {
            return;
        }
        self.reported.store(done, Ordering::Relaxed);
        Python::attach(|py| {
            let called = py.check_signals().and_then(|()| match &self.callback {
                Some(callback) => callback.call1(py, (url, done, total)).map(drop),
                None => Ok(()),
            });
            if let Err(e) = called {
                *self.stopped.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
            }
        });
    }

    fn cancelled(&self) -> bool {
        self.stopped
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }
}

/// Installs one CEPII BACI release zip (`hs` edition, `release` or the latest known)
/// into `data_dir` from a local folder, a mirror, or CEPII; returns its manifest as JSON
/// text. `progress(url, done, total)` is called as the download goes; Ctrl-C stops it
/// (raising `KeyboardInterrupt`) and the next call resumes.
#[pyfunction]
#[pyo3(signature = (hs, release, from_dir, mirror, data_dir, progress))]
fn fetch_baci(
    py: Python<'_>,
    hs: String,
    release: Option<String>,
    from_dir: Option<PathBuf>,
    mirror: Option<String>,
    data_dir: Option<PathBuf>,
    progress: Option<Py<PyAny>>,
) -> PyResult<String> {
    let watch = PyProgress {
        callback: progress,
        reported: AtomicU64::new(0),
        stopped: Mutex::new(None),
    };
    let done = run(py, || {
        let dir = data_dir
            .unwrap_or_else(|| TradeOptions::default().reference_dir().root().to_path_buf());
        let manifest = chainlens_fetch::fetch_baci(
            &dir,
            &hs,
            release.as_deref(),
            &source(mirror, from_dir),
            &watch,
        )
        .map_err(|e| Failure::Engine(e.kind(), e.to_string()))?;
        meta(&serde_json::json!({ "data_dir": dir, "dataset": manifest }))
    });
    match watch
        .stopped
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
    {
        Some(interrupt) => Err(interrupt),
        None => done,
    }
}

/// Where fetched files come from: a mirror, a local folder, or the publishers.
fn source(mirror: Option<String>, from_dir: Option<PathBuf>) -> chainlens_fetch::Source {
    match (mirror, from_dir) {
        (Some(url), _) => chainlens_fetch::Source::Mirror(url),
        (None, Some(folder)) => chainlens_fetch::Source::Folder(folder),
        (None, None) => chainlens_fetch::Source::Publisher,
    }
}

/// `AttractRequest` JSON -> the `attraction` table (needs no trade data).
#[pyfunction]
fn chain_attract(py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
    let answer = run(py, || {
        let request: AttractRequest = request(json)?;
        let a = chainlens_engine::chains::chain_attract(&request)?;
        let scalars = serde_json::json!({ "chain": a.chain.name, "warnings": a.chain.warnings });
        Ok((meta(&scalars)?, parquet(&[a.table()])?))
    })?;
    Ok(to_python(py, answer))
}

/// The module: the session class, `chain_attract`, `fetch_reference` and `fetch_baci`.
#[pymodule]
fn _chainlens(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeSession>()?;
    m.add_function(wrap_pyfunction!(chain_attract, m)?)?;
    m.add_function(wrap_pyfunction!(fetch_reference, m)?)?;
    m.add_function(wrap_pyfunction!(fetch_baci, m)?)?;
    Ok(())
}
