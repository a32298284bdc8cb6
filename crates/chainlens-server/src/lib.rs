//! The chainlens HTTP API: one [`chainlens_engine::Session`] opened at start and shared
//! by every request, a JSON API under `/api/v1/` for every analysis, and the same result
//! tables as CSV or Parquet downloads (`?format=csv|parquet`). Handlers parse a request,
//! call the engine once on a blocking thread and write its tables with
//! `chainlens-report`; nothing here computes an indicator.
//!
//! * [`api`]: the routes and their handlers.
//! * [`answer`]: a result's tables as JSON, CSV or Parquet.
//! * [`body`]: request bodies and query strings, errors naming the field.
//! * [`cache`]: answers kept for identical `GET` requests, within a byte budget.
//! * [`dashboard`]: the web dashboard on `/`, its chart libraries embedded when built.
//! * [`error`]: [`ApiError`], engine error kinds mapped once to HTTP statuses.
//! * [`limits`]: body size, timeout, concurrency with load shedding, caught panics,
//!   the bearer token, request logs.
//! * [`openapi`]: the OpenAPI document, generated from the engine's request and row types.
//!
//! ```
//! use chainlens_engine::{Session, SessionOptions, TradeOptions};
//! use chainlens_server::{Config, State, app};
//! let session = Session::open(&SessionOptions { trade: Some(TradeOptions::default()), table: None }).unwrap();
//! let router = app(State::new(session, Default::default()), &Config::default());
//! # drop(router);
//! ```

pub mod answer;
pub mod api;
pub mod body;
pub mod cache;
pub mod dashboard;
pub mod error;
pub mod limits;
pub mod openapi;
pub mod progress;

pub use api::app;
pub use error::ApiError;
pub use limits::{Config, Limits};

use chainlens_engine::chains::ChainSource;
use chainlens_engine::{EngineError, Session};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

/// What every handler shares: the session and the chains opened at start.
#[derive(Clone)]
pub struct State {
    /// The engine session.
    pub session: Arc<Session>,
    /// Chain files by name (the file stem), read once at start.
    pub chains: Arc<BTreeMap<String, ChainSource>>,
}

impl State {
    /// The state over `session` and `chains`.
    pub fn new(session: Session, chains: BTreeMap<String, ChainSource>) -> Self {
        Self {
            session: Arc::new(session),
            chains: Arc::new(chains),
        }
    }
}

/// Reads every `*.toml` chain file of `dir`, named by its stem, and checks each one, so
/// a broken file stops the server at start (requests name a chain, never a path).
pub fn load_chains(dir: &Path) -> Result<BTreeMap<String, ChainSource>, EngineError> {
    let entries = std::fs::read_dir(dir).map_err(|source| EngineError::File {
        path: dir.display().to_string(),
        source,
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut chains = BTreeMap::new();
    for path in paths {
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let source = ChainSource {
            toml: chainlens_engine::read_text(&path)?,
            label: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into()),
        };
        source.load()?;
        chains.insert(name.to_string(), source);
    }
    Ok(chains)
}

/// Why the server did not start.
#[derive(Debug)]
pub enum StartError {
    /// A non-loopback address without `--token`.
    NeedsToken(SocketAddr),
    /// The address could not be bound, or the server failed.
    Io(std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NeedsToken(addr) => write!(
                f,
                "refusing to serve on {addr} without a token: only loopback addresses may go without one\nhint: pass --token TOKEN (clients send `Authorization: Bearer TOKEN`), or bind 127.0.0.1"
            ),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Serves `state` on `addr` until Ctrl-C (graceful shutdown), calling `ready` with the
/// bound address once it listens (port 0 picks a free port). A non-loopback address
/// without a token is refused before anything is bound.
pub fn serve(
    state: State,
    config: &Config,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), StartError> {
    if !addr.ip().is_loopback() && config.token.is_none() {
        return Err(StartError::NeedsToken(addr));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(StartError::Io)?;
    let router = app(state, config);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(StartError::Io)?;
        ready(listener.local_addr().map_err(StartError::Io)?);
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(StartError::Io)
    })
}
