//! Benchmarks of an open engine session, in process: what a face pays per request once
//! the data is loaded. `engine/scenario_repeated` runs the 2-point China scenario
//! (examples/scenarios/china-intermediates-2pt.toml) on a session whose baseline
//! analysis was computed by a first run; `engine/vulnerability_one_importer` answers one
//! importer from the cached baseline (what the HTTP API does per request).
//!
//! Input: the cache named by `CHAINLENS_BENCH_CACHE` (for example the 11M-flow SYNTHETIC
//! year of `reference/trade_network/bench.sh`, in `bench-data/cache`), or else a 1M-flow
//! year generated and imported into a temporary directory.

use chainlens_bench::synthetic::{GeneratorOptions, write_directory};
use chainlens_engine::progress::Silent;
use chainlens_engine::scenario::ScenarioRequest;
use chainlens_engine::{Session, SessionOptions, TradeOptions, TradeSource, VulnerabilityRequest};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn cache() -> PathBuf {
    if let Some(dir) = std::env::var_os("CHAINLENS_BENCH_CACHE") {
        return PathBuf::from(dir);
    }
    let tmp = std::env::temp_dir().join(format!("chainlens-bench-engine-{}", std::process::id()));
    let baci = tmp.join("baci");
    let options = GeneratorOptions::large(1_000_000, 11);
    write_directory(&options, &baci).expect("generate");
    let cache = tmp.join("cache");
    chainlens_engine::import(
        chainlens_engine::ImportKind::Baci,
        &[baci],
        &TradeOptions::default(),
        &cache,
        false,
    )
    .expect("import");
    cache
}

fn session() -> &'static Session {
    static SESSION: OnceLock<Session> = OnceLock::new();
    SESSION.get_or_init(|| {
        let trade = TradeOptions {
            source: TradeSource::Path(cache()),
            ..Default::default()
        };
        let session = Session::open(&SessionOptions {
            trade: Some(trade),
            table: None,
        })
        .expect("open the cache");
        // The first scenario computes the baseline that later ones reuse.
        session.scenario(&scenario(), &Silent).expect("scenario");
        session
    })
}

fn scenario() -> ScenarioRequest {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/scenarios/china-intermediates-2pt.toml");
    ScenarioRequest {
        toml: std::fs::read_to_string(&path).expect("the example scenario"),
        label: path.display().to_string(),
        ..Default::default()
    }
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn scenario_repeated(bencher: divan::Bencher) {
    let (session, request) = (session(), scenario());
    bencher.bench(|| {
        let result = session.scenario(&request, &Silent).expect("scenario");
        assert!(!result.losses.is_empty());
        result
    });
}

#[divan::bench(sample_count = 50)]
fn vulnerability_one_importer(bencher: divan::Bencher) {
    let session = session();
    let request = VulnerabilityRequest {
        importers: vec!["CHN".into()],
        ..Default::default()
    };
    bencher.bench(|| {
        let result = session.vulnerability(&request).expect("CHN imports");
        assert_eq!(result.importers.len(), 1);
        result
    });
}
