//! `chainlens._chainlens`, the native module of the Python package: a thin PyO3 layer
//! over `chainlens-engine`, with no analysis of its own. The Python layer
//! (`python/chainlens/__init__.py`) builds each request as JSON text whose fields are the
//! engine's serde request types; this module deserializes it, runs the engine on a worker
//! thread with a panic caught, and hands back the result's scalar fields as JSON text and
//! its tables as `ArrowTable`s: Arrow record batches (`chainlens_arrow`, the Parquet
//! writer's column types) that pyarrow imports through the Arrow PyCapsule
//! interface without copying (`src/arrow.rs`).
//!
//! Every call waits for its worker with the GIL released, waking every
//! `POLL` (20 ms) to let Python handle signals: Ctrl-C raises `KeyboardInterrupt` at once and
//! the call's cancellation flag is set. The engine then stops when its next stage begins
//! (scenario, gvc, decompose); work without stages (vulnerability, risk, ...) runs on in
//! the background and its result is dropped, its caches (the window's baseline) kept for
//! the session's next call. A download stops at its next block and is waited for.
//!
//! Errors are mapped once from the engine's [`ErrorKind`]: bad input raises
//! `chainlens.BadInputError(message, file, line, field)`, missing data
//! `chainlens.MissingDataError`, anything else (and a caught panic) `RuntimeError`.

mod arrow;

use arrow::ArrowTable;
use arrow_array::RecordBatch;
use chainlens_engine::chains::{AttractRequest, DiagnoseRequest, DisruptRequest};
use chainlens_engine::exposure::ExposureRequest;
use chainlens_engine::input_output::{DecomposeRequest, ExtractRequest, GvcRequest};
use chainlens_engine::relocation::RelocationRequest;
use chainlens_engine::restructuring::ShiftRequest;
use chainlens_engine::scenario::ScenarioRequest;
use chainlens_engine::{
    EngineError, ErrorKind, ReadProgress, RiskRequest, Session, SessionOptions, Table,
    TableOptions, TableSource, TradeOptions, TradeSource, VulnerabilityRequest,
};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use serde::de::DeserializeOwned;
use std::any::Any;
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often a waiting call lets Python handle signals (Ctrl-C).
const POLL: Duration = Duration::from_millis(20);

/// What a call hands back: the result's scalar fields as JSON text, and its tables as
/// `(name, record batch)` in the engine's order.
type Answer = (String, Vec<(String, RecordBatch)>);

/// An [`Answer`] with its tables as [`ArrowTable`]s.
type PyAnswer = (String, Vec<(String, ArrowTable)>);

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

/// A call's cancellation flag, set when Ctrl-C gives the call up: the engine's and the
/// downloads' [`Progress`](chainlens_engine::progress::Progress) look at it.
#[derive(Clone, Default)]
struct Cancel(Arc<AtomicBool>);

impl Cancel {
    fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

impl chainlens_engine::progress::Progress for Cancel {
    fn stage(&self, _: &str) {}

    fn cancelled(&self) -> bool {
        self.is_set()
    }
}

impl chainlens_fetch::Progress for Cancel {
    fn advance(&self, _: &str, _: u64, _: Option<u64>) {}

    fn cancelled(&self) -> bool {
        self.is_set()
    }
}

thread_local! {
    /// What a worker drops after it has answered: freeing a large result's rows and
    /// tables (tens of milliseconds for every importer of a BACI year) need not keep the
    /// caller waiting.
    static DROP_LATER: RefCell<Vec<Box<dyn Any>>> = const { RefCell::new(Vec::new()) };
}

/// Drops `value` on this worker thread once it has sent its answer.
fn drop_later<T: 'static>(value: T) {
    DROP_LATER.with(|later| later.borrow_mut().push(Box::new(value)));
}

/// What an interrupted call does with its worker.
#[derive(Clone, Copy, PartialEq)]
enum OnInterrupt {
    /// Returns at once; the worker runs on (to its next stage, or to its end) and its
    /// result is dropped.
    Abandon,
    /// Waits for the worker, which stops soon after the flag is set (a download, after
    /// its current block), so that nothing runs on behind the caller.
    Join,
}

/// Runs `work` on a worker thread with any panic caught as an internal error, waiting for
/// it with the GIL released; a pending signal (Ctrl-C in the main thread) sets the
/// call's [`Cancel`] flag and raises its exception (`KeyboardInterrupt`) right away.
fn run<T: Send + 'static>(
    py: Python<'_>,
    on_interrupt: OnInterrupt,
    work: impl FnOnce(&Cancel) -> Result<T, Failure> + Send + 'static,
) -> PyResult<T> {
    let cancel = Cancel::default();
    let flag = cancel.clone();
    let (done, mut answer) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("chainlens-call".into())
        // The stack the CLI's main thread has (Linux's default 8 MiB), not a spawned
        // thread's 2 MiB: the engine runs the same code on both.
        .stack_size(8 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&flag)))
                .unwrap_or_else(|panic| {
                    let what = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "a panic".into());
                    Err(Failure::Internal(format!(
                        "internal error (a chainlens bug, please report it): {what}"
                    )))
                });
            // The caller may have gone (Ctrl-C): the result is dropped.
            let _ = done.send(result);
            DROP_LATER.with(|later| later.borrow_mut().clear());
        })
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start a worker thread: {e}")))?;
    loop {
        // The receiver goes into the GIL-free closure and back (it is not `Sync`).
        let waited;
        (waited, answer) = py.detach(move || (answer.recv_timeout(POLL), answer));
        match waited {
            Ok(result) => return result.map_err(|f| f.into_pyerr(py)),
            Err(RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    cancel.0.store(true, Ordering::Relaxed);
                    if on_interrupt == OnInterrupt::Join {
                        py.detach(move || drop(answer.recv()));
                    }
                    return Err(interrupt);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err(
                    "internal error (a chainlens bug, please report it): the worker thread ended without an answer",
                ));
            }
        }
    }
}

/// A request from the Python layer's JSON text.
fn request<T: DeserializeOwned>(json: &str) -> Result<T, Failure> {
    serde_json::from_str(json).map_err(|e| Failure::Request(format!("request: {e}")))
}

/// The scalar fields of a result as JSON text.
fn meta(value: &impl serde::Serialize) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|e| Failure::Internal(e.to_string()))
}

/// Tables as `(name, record batch)`, each batch taking over its table's buffers.
fn batches(tables: impl IntoIterator<Item = Table>) -> Result<Vec<(String, RecordBatch)>, Failure> {
    tables
        .into_iter()
        .map(|t| {
            let name = t.name.clone();
            chainlens_arrow::record_batch(t)
                .map(|batch| (name, batch))
                .map_err(|e| Failure::Internal(e.to_string()))
        })
        .collect()
}

/// Wraps an answer's batches for Python.
fn to_python((meta, tables): Answer) -> PyAnswer {
    let tables = tables
        .into_iter()
        .map(|(name, batch)| (name, ArrowTable::new(batch)))
        .collect();
    (meta, tables)
}

/// The vulnerability answer of `json` on `s`, with the seconds of its three parts:
/// the engine's analysis, the result tables, their record batches.
fn vulnerability(s: &Session, json: &str) -> Result<(Answer, (f64, f64, f64)), Failure> {
    let start = Instant::now();
    let request: VulnerabilityRequest = request(json)?;
    request.check()?;
    let r = s.vulnerability(&request)?;
    let analysed = Instant::now();
    let mut tables: Vec<Table> = match r.importers.as_slice() {
        [one] => one.tables().into(),
        _ => r.long_tables().into(),
    };
    tables.push(r.dominance_table());
    let tabled = Instant::now();
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
    drop_later(r);
    let answer = (meta(&scalars)?, batches(tables)?);
    let seconds = (
        (analysed - start).as_secs_f64(),
        (tabled - analysed).as_secs_f64(),
        tabled.elapsed().as_secs_f64(),
    );
    Ok((answer, seconds))
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
    /// `progress(file, done, size)` is called as each trade file is read (every 1 % of
    /// it); what it raises is raised once the data is open.
    #[new]
    #[pyo3(signature = (trade, trade_path, series, columns, edition, intermediate_goods, table, table_path, progress))]
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
        progress: Option<Py<PyAny>>,
    ) -> PyResult<Self> {
        let watch = progress.map(|callback| Arc::new(PyProgress::new(Some(callback))));
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
                progress: watch.clone().map(reading),
                ..Default::default()
            }),
            table: table.then(|| TableOptions {
                source: table_path.map_or(TableSource::Embedded, TableSource::Path),
                ..Default::default()
            }),
        };
        let session = run(py, OnInterrupt::Abandon, move |_| {
            Ok(Session::open(&options)?)
        })?;
        if let Some(raised) = watch.and_then(|w| w.take_raised()) {
            return Err(raised);
        }
        Ok(Self {
            session: Arc::new(session),
        })
    }

    /// `{"trade": TradeInfo | null, "table": TableInfo | null}` as JSON text.
    fn info(&self, py: Python<'_>) -> PyResult<String> {
        let s = self.session.clone();
        run(py, OnInterrupt::Abandon, move |_| {
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
        let (s, json) = (self.session.clone(), json.to_owned());
        let (answer, _) = run(py, OnInterrupt::Abandon, move |_| vulnerability(&s, &json))?;
        Ok(to_python(answer))
    }

    /// [`Self::vulnerability`] with the seconds its parts took on the worker thread:
    /// `(engine, tables, arrow)`, the engine's analysis (`Session::vulnerability`), the
    /// result tables built from it and their record batches (for `python/bench.py`).
    fn _vulnerability_timed(
        &self,
        py: Python<'_>,
        json: &str,
    ) -> PyResult<(PyAnswer, (f64, f64, f64))> {
        let (s, json) = (self.session.clone(), json.to_owned());
        let (answer, seconds) = run(py, OnInterrupt::Abandon, move |_| vulnerability(&s, &json))?;
        Ok((to_python(answer), seconds))
    }
    /// `RiskRequest` JSON -> the `risk` table.
    fn risk(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let (s, json) = (self.session.clone(), json.to_owned());
        let answer = run(py, OnInterrupt::Abandon, move |_| {
            let request: RiskRequest = request(&json)?;
            request.check()?;
            let rows = s.risk(&request)?;
            Ok((
                meta(&serde_json::json!({ "synthetic": s.trade_is_synthetic() }))?,
                batches([Table::from_rows("risk", &rows)])?,
            ))
        })?;
        Ok(to_python(answer))
    }

    /// `ScenarioRequest` JSON -> scalars and `losses`, `importers`, `changes` (and with a
    /// table `io_country_sector`, `io_country`).
    fn scenario(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let (s, json) = (self.session.clone(), json.to_owned());
        let answer = run(py, OnInterrupt::Abandon, move |cancel| {
            let request: ScenarioRequest = request(&json)?;
            request.parse()?;
            let r = s.scenario(&request, cancel)?;
            let scalars = serde_json::json!({
                "name": r.name,
                "flows_matched": r.flows_matched,
                "totals": r.totals(),
                "synthetic": r.synthetic,
                "unplaced_share": r.propagation.as_ref().map(|p| p.unplaced_share),
            });
            Ok((meta(&scalars)?, batches(r.tables())?))
        })?;
        Ok(to_python(answer))
    }

    /// `GvcRequest` JSON -> `country_sector`, `country` (and `paradox`).
    fn gvc(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let (s, json) = (self.session.clone(), json.to_owned());
        let answer = run(py, OnInterrupt::Abandon, move |cancel| {
            let request: GvcRequest = request(&json)?;
            let r = s.gvc(&request, cancel)?;
            let scalars = serde_json::json!({
                "paradox_missing": r.paradox_missing,
                "inventory_corrected": r.inventory_corrected,
                "added_splits": r.added_splits,
            });
            Ok((meta(&scalars)?, batches(r.tables)?))
        })?;
        Ok(to_python(answer))
    }

    /// `DecomposeRequest` JSON -> `kww`, `wwz`, or `bm_country_sector` and `bm`.
    fn decompose(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let (s, json) = (self.session.clone(), json.to_owned());
        let answer = run(py, OnInterrupt::Abandon, move |cancel| {
            let request: DecomposeRequest = request(&json)?;
            let r = s.decompose(&request, cancel)?;
            let scalars = serde_json::json!({ "added_splits": r.added_splits });
            Ok((meta(&scalars)?, batches(r.tables())?))
        })?;
        Ok(to_python(answer))
    }

    /// `ExposureRequest` JSON -> `industries`, `countries` (and `goods_users`), with the
    /// link summary.
    fn exposure(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let (s, json) = (self.session.clone(), json.to_owned());
        let answer = run(py, OnInterrupt::Abandon, move |_| {
            let request: ExposureRequest = request(&json)?;
            let r = s.exposure(&request)?;
            let scalars = serde_json::json!({
                "years": r.years,
                "table": r.table,
                "unit": r.unit,
                "link": r.link,
                "country_imports_usd": r.country_imports_usd,
                "synthetic": r.synthetic,
            });
            Ok((meta(&scalars)?, batches(r.tables())?))
        })?;
        Ok(to_python(answer))
    }

    /// `ShiftRequest` JSON -> `shares`, `suppliers`, `transitions`,
    /// `category_transitions`, `indices` (and `reallocation`, `gains`, `gainers` with a
    /// named supplier), with the notes.
    fn shift(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let (s, json) = (self.session.clone(), json.to_owned());
        let answer = run(py, OnInterrupt::Abandon, move |_| {
            let request: ShiftRequest = request(&json)?;
            request.check()?;
            let r = s.shift(&request)?;
            let scalars = serde_json::json!({
                "base_years": r.base_years,
                "compare_years": r.compare_years,
                "exporter": r.exporter,
                "notes": r.notes,
                "synthetic": r.synthetic,
            });
            Ok((meta(&scalars)?, batches(r.tables())?))
        })?;
        Ok(to_python(answer))
    }

    /// `RelocationRequest` JSON -> `relocation` (and `relocation_industries`,
    /// `relocation_value_added` with a table), with the link totals and notes.
    fn relocation(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let (s, json) = (self.session.clone(), json.to_owned());
        let answer = run(py, OnInterrupt::Abandon, move |_| {
            let request: RelocationRequest = request(&json)?;
            request.check()?;
            let r = s.relocation(&request)?;
            let scalars = serde_json::json!({
                "route": r.route,
                "link": r.link,
                "value_added_unit": r.value_added_unit,
                "notes": r.notes,
                "synthetic": r.synthetic,
            });
            Ok((meta(&scalars)?, batches(r.tables())?))
        })?;
        Ok(to_python(answer))
    }

    /// `DiagnoseRequest` JSON -> `diagnosis`, `exposure`, `coupling` (and `industries`
    /// with a table), with the chain's warnings.
    fn chain_diagnose(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let (s, json) = (self.session.clone(), json.to_owned());
        let answer = run(py, OnInterrupt::Abandon, move |_| {
            let request: DiagnoseRequest = request(&json)?;
            let d = s.chain_diagnose(&request)?;
            let scalars =
                serde_json::json!({ "chain": d.chain.name(), "warnings": d.chain.warnings() });
            Ok((meta(&scalars)?, batches(d.tables())?))
        })?;
        Ok(to_python(answer))
    }

    /// `DisruptRequest` JSON -> the `disruption` table.
    fn chain_disrupt(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let (s, json) = (self.session.clone(), json.to_owned());
        let answer = run(py, OnInterrupt::Abandon, move |_| {
            let request: DisruptRequest = request(&json)?;
            let d = s.chain_disrupt(&request)?;
            let scalars =
                serde_json::json!({ "chain": d.chain.name(), "warnings": d.chain.warnings() });
            Ok((meta(&scalars)?, batches([d.table()])?))
        })?;
        Ok(to_python(answer))
    }

    /// `ExtractRequest` JSON -> scalars and the `extraction` table.
    fn extract(&self, py: Python<'_>, json: &str) -> PyResult<PyAnswer> {
        let (s, json) = (self.session.clone(), json.to_owned());
        let answer = run(py, OnInterrupt::Abandon, move |_| {
            let request: ExtractRequest = request(&json)?;
            let e = s.extract(&request)?;
            let scalars = serde_json::json!({
                "extracted": e.extracted,
                "backward": e.backward,
                "forward": e.forward,
                "world_output": e.world_output,
            });
            Ok((
                meta(&scalars)?,
                batches([Table::from_rows("extraction", &e.rows)])?,
            ))
        })?;
        Ok(to_python(answer))
    }
}

/// Installs every reference dataset of the catalogue into `data_dir` (default: the
/// directory the engine reads) from a local folder, a mirror, or the publishers; returns
/// the manifests as JSON text. Ctrl-C stops the download under way (and is waited for).
#[pyfunction]
#[pyo3(signature = (from_dir, mirror, data_dir))]
fn fetch_reference(
    py: Python<'_>,
    from_dir: Option<PathBuf>,
    mirror: Option<String>,
    data_dir: Option<PathBuf>,
) -> PyResult<String> {
    run(py, OnInterrupt::Join, move |cancel| {
        let dir = data_dir
            .unwrap_or_else(|| TradeOptions::default().reference_dir().root().to_path_buf());
        let manifests = chainlens_fetch::fetch_reference(&dir, &source(mirror, from_dir), cancel)
            .map_err(|e| Failure::Engine(e.kind(), e.to_string()))?;
        meta(&serde_json::json!({ "data_dir": dir, "datasets": manifests }))
    })
}

/// A download's or a read's progress for Python: calls `callback(url or file, done,
/// total)` (a notebook bar) every 1 % of the file (or 4 MiB when its size is unknown)
/// from the worker thread. A download stops when the callback raises; the exception is
/// kept to be raised once the transfer (or the read) has ended.
struct PyProgress {
    callback: Option<Py<PyAny>>,
    reported: AtomicU64,
    stopped: Mutex<Option<PyErr>>,
}

/// A [`PyProgress`] and the call's [`Cancel`] flag (Ctrl-C), either of which stops the
/// transfer.
struct Download<'a>(&'a PyProgress, &'a Cancel);

impl PyProgress {
    /// Reports to `callback`, when there is one.
    fn new(callback: Option<Py<PyAny>>) -> Self {
        Self {
            callback,
            reported: AtomicU64::new(0),
            stopped: Mutex::new(None),
        }
    }

    /// What the callback raised, kept until taken.
    fn raised(&self) -> std::sync::MutexGuard<'_, Option<PyErr>> {
        self.stopped.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether the callback has raised.
    fn has_raised(&self) -> bool {
        self.raised().is_some()
    }

    /// The exception the callback raised, if it did.
    fn take_raised(&self) -> Option<PyErr> {
        self.raised().take()
    }

    /// Calls the callback when `done` has moved a step on (or reached `total`), unless it
    /// has raised already.
    fn advance(&self, label: &str, done: u64, total: Option<u64>) {
        let step = total.map_or(4 << 20, |t| (t / 100).clamp(1 << 16, 4 << 20));
        let last = self.reported.load(Ordering::Relaxed);
        // A read starts each file at 0 again.
        let moved = done < last || done >= last + step || Some(done) == total;
        if !moved || self.has_raised() {
            return;
        }
        self.reported.store(done, Ordering::Relaxed);
        if let Some(callback) = &self.callback {
            Python::attach(|py| {
                if let Err(e) = callback.call1(py, (label, done, total)) {
                    *self.raised() = Some(e);
                }
            });
        }
    }
}

/// The engine's read progress reported to `watch`.
fn reading(watch: Arc<PyProgress>) -> ReadProgress {
    ReadProgress(Arc::new(move |file, done, size| {
        watch.advance(file, done, Some(size))
    }))
}

impl chainlens_fetch::Progress for Download<'_> {
    fn advance(&self, url: &str, done: u64, total: Option<u64>) {
        self.0.advance(url, done, total);
    }

    fn cancelled(&self) -> bool {
        self.1.is_set() || self.0.has_raised()
    }
}

/// Installs one CEPII BACI release zip (`hs` edition, `release` or the latest known)
/// into `data_dir` from a local folder, a mirror, or CEPII; returns its manifest as JSON
/// text. `progress(url, done, total)` is called as the download goes; Ctrl-C stops it
/// (raising `KeyboardInterrupt` once the transfer has stopped) and the next call resumes.
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
    let watch = Arc::new(PyProgress::new(progress));
    let shared = watch.clone();
    let done = run(py, OnInterrupt::Join, move |cancel| {
        let dir = data_dir
            .unwrap_or_else(|| TradeOptions::default().reference_dir().root().to_path_buf());
        let manifest = chainlens_fetch::fetch_baci(
            &dir,
            &hs,
            release.as_deref(),
            &source(mirror, from_dir),
            &Download(&shared, cancel),
        )
        .map_err(|e| Failure::Engine(e.kind(), e.to_string()))?;
        meta(&serde_json::json!({ "data_dir": dir, "dataset": manifest }))
    });
    match watch.take_raised() {
        Some(exception) => Err(exception),
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
    let json = json.to_owned();
    let answer = run(py, OnInterrupt::Abandon, move |_| {
        let request: AttractRequest = request(&json)?;
        let a = chainlens_engine::chains::chain_attract(&request)?;
        let scalars =
            serde_json::json!({ "chain": a.chain.name(), "warnings": a.chain.warnings() });
        Ok((meta(&scalars)?, batches([a.table()])?))
    })?;
    Ok(to_python(answer))
}

/// The module: the session and table classes, `chain_attract`, `fetch_reference` and
/// `fetch_baci`.
#[pymodule]
fn _chainlens(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeSession>()?;
    m.add_class::<ArrowTable>()?;
    m.add_function(wrap_pyfunction!(chain_attract, m)?)?;
    m.add_function(wrap_pyfunction!(fetch_reference, m)?)?;
    m.add_function(wrap_pyfunction!(fetch_baci, m)?)?;
    Ok(())
}
