//! `chainlens serve`: opens one engine session (trade data, an input-output table and the
//! chains of `--chains DIR`) and serves the HTTP API of `chainlens-server` on it, with a
//! log line per request on stderr. Binds loopback by default; any other address needs
//! `--token`. Without `--trade` and `--table` it serves the embedded SYNTHETIC data. The
//! dashboard is on `/`; without its built chart libraries it says how to build them.

use crate::Failure;
use crate::options::{note, note_plain, read_progress, warn_accounting, warn_truncated};
use chainlens_engine::{
    Session, SessionOptions, TableOptions, TableSource, TradeOptions, TradeSource,
};
use chainlens_server::{Config, Limits, State};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `chainlens serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Trade data: BACI directory or zip, UN Comtrade CSV, or a chainlens cache [default: embedded synthetic dataset].
    #[arg(long, value_name = "DIR|ZIP|CSV|CACHE")]
    trade: Option<PathBuf>,
    /// A country table replacing the input's own (BACI layout or `code,iso2,iso3,name,aggregate`).
    #[arg(long, value_name = "CSV")]
    countries: Option<PathBuf>,
    /// A CSV with a column `hs6` listing the universe of intermediate goods [default: HS->BEC rule].
    #[arg(long, value_name = "CSV")]
    intermediate_goods: Option<PathBuf>,
    /// Political distance: pairs `iso3_a,iso3_b,distance` or a bloc table `iso3,bloc` [default: UN General Assembly ideal points].
    #[arg(long, value_name = "CSV")]
    distance: Option<PathBuf>,
    /// Input-output table (OECD ICIO, WIOD, generic CSV, pymrio folder) [default: the embedded SYNTHETIC example, when no --trade is given either].
    #[arg(long, value_name = "TABLE")]
    table: Option<PathBuf>,
    /// With a folder of yearly tables: the year whose file to read.
    #[arg(long, value_name = "YEAR")]
    table_year: Option<u16>,
    /// A folder of chain files (`NAME.toml`); requests name a chain by NAME.
    #[arg(long, value_name = "DIR")]
    chains: Option<PathBuf>,
    /// The address to listen on; anything but loopback needs --token.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    bind: SocketAddr,
    /// Bearer token every /api/ request must send (`Authorization: Bearer TOKEN`).
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// Seconds a request may take before it is answered 503.
    #[arg(long, default_value_t = Limits::default().timeout.as_secs(), value_name = "SECONDS")]
    timeout: u64,
    /// Requests in flight beyond which new ones are answered 503.
    #[arg(long, default_value_t = Limits::default().concurrency, value_name = "N")]
    max_in_flight: usize,
    /// MiB of answers kept for identical GET requests (0 keeps none).
    #[arg(long, default_value_t = Limits::default().answer_cache_bytes >> 20, value_name = "MIB")]
    answer_cache: usize,
}

/// Runs `chainlens serve` until Ctrl-C.
pub fn serve(args: ServeArgs) -> Result<ExitCode, Failure> {
    let config = Config {
        limits: Limits {
            timeout: Duration::from_secs(args.timeout),
            concurrency: args.max_in_flight.max(1),
            answer_cache_bytes: args.answer_cache.saturating_mul(1 << 20),
            ..Limits::default()
        },
        token: args.token.clone(),
    };
    if !args.bind.ip().is_loopback() && config.token.is_none() {
        return Err(Failure::Usage(
            chainlens_server::StartError::NeedsToken(args.bind).to_string(),
        ));
    }
    let with_table = args.table.is_some() || args.trade.is_none();
    let trade = TradeOptions {
        source: match &args.trade {
            Some(path) => TradeSource::Path(path.clone()),
            None => {
                note(
                    "no --trade given: serving the embedded SYNTHETIC default dataset (not real trade)",
                );
                TradeSource::Embedded
            }
        },
        countries: args.countries.clone(),
        intermediate_goods: args.intermediate_goods.clone(),
        distance: args.distance.clone(),
        progress: Some(read_progress()),
        ..Default::default()
    };
    let table = with_table.then(|| {
        if args.table.is_none() {
            note("no --table given: serving the embedded SYNTHETIC example table (not real data)");
        }
        TableOptions {
            source: args
                .table
                .clone()
                .map_or(TableSource::Embedded, TableSource::Path),
            year: args.table_year,
            ..Default::default()
        }
    });
    let chains = match &args.chains {
        Some(dir) => chainlens_server::load_chains(dir)?,
        None => Default::default(),
    };
    let session = Session::open(&SessionOptions {
        trade: Some(trade),
        table,
    })?;
    warn_truncated(&session)?;
    if with_table {
        warn_accounting(&session)?;
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .init();
    let names: Vec<&str> = chains.keys().map(String::as_str).collect();
    let chain_note = if names.is_empty() {
        "no chains".to_string()
    } else {
        format!("chains: {}", names.join(", "))
    };
    chainlens_server::serve(State::new(session, chains), &config, args.bind, |addr| {
        note_plain(&format!(
            "chainlens listening on http://{addr} (dashboard at /, API under /api/v1/, document at /api/v1/openapi.json; {chain_note})"
        ));
        if !chainlens_server::dashboard::assets_built() {
            note(&format!(
                "the dashboard's chart libraries are not built into this binary, so it shows tables only (the API is complete)\nhint: run {}",
                chainlens_server::dashboard::BUILD_COMMAND
            ));
        }
    })
    .map_err(|e| Failure::Usage(e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}
