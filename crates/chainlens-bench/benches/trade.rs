//! Benchmarks of the trade data path and the vulnerability analysis, in process:
//! `ingest/read_baci` (parse + canonical sort of a BACI directory), `ingest/write_cache`,
//! `ingest/read_cache` and `trade_network/analyse_all` (every importer, HHI).
//!
//! Input: the SYNTHETIC BACI directory named by `CHAINLENS_BENCH_BACI` (for example one
//! year of ~11M flows from `generate-baci --rows 11800000`), or else a 1M-flow year
//! generated into a temporary directory. Each bench asserts its result.

use chainlens_bench::synthetic::{GeneratorOptions, write_directory};
use chainlens_ingest::{ReadOptions, TradeDataset, baci, cache};
use chainlens_trade_network::{Importers, VulnerabilityOptions, analyse};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

struct Fixture {
    baci: PathBuf,
    cache: PathBuf,
    data: TradeDataset,
    _tmp: PathBuf,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let tmp = std::env::temp_dir().join(format!("chainlens-bench-{}", std::process::id()));
        let baci = match std::env::var_os("CHAINLENS_BENCH_BACI") {
            Some(dir) => PathBuf::from(dir),
            None => {
                let dir = tmp.join("baci");
                let options = GeneratorOptions::large(1_000_000, 11);
                write_directory(&options, &dir).expect("generate");
                dir
            }
        };
        let data = baci::read(&[baci.as_path()], &ReadOptions::default()).expect("read");
        let cache_dir = tmp.join("cache");
        cache::write(&data, &cache_dir).expect("write cache");
        eprintln!(
            "bench input: {} ({} rows)",
            baci.display(),
            data.flows.len()
        );
        Fixture {
            baci,
            cache: cache_dir,
            data,
            _tmp: tmp,
        }
    })
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn read_baci() -> usize {
    let f = fixture();
    let data = baci::read(&[f.baci.as_path()], &ReadOptions::default()).unwrap();
    assert_eq!(data.flows.len(), f.data.flows.len());
    data.flows.len()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn write_cache(bencher: divan::Bencher) {
    let f = fixture();
    let dir = f._tmp.join("cache-bench");
    bencher.bench(|| cache::write(&f.data, Path::new(&dir)).unwrap());
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn read_cache() -> usize {
    let f = fixture();
    let data = cache::read(&f.cache).unwrap();
    assert_eq!(data.flows.len(), f.data.flows.len());
    data.flows.len()
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn analyse_all() -> usize {
    let f = fixture();
    let universe = f
        .data
        .universe
        .as_ref()
        .expect("the synthetic data's own universe");
    let result = analyse(
        &f.data.flows,
        universe,
        None,
        &Importers::All,
        VulnerabilityOptions::default(),
    )
    .unwrap();
    assert!(result.importers.len() > 100);
    result.importers.len()
}
