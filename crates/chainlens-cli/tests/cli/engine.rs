//! One engine session shared by many threads answers as the CLI does: 100 mixed
//! requests (vulnerability of five importers, a scenario with its input-output layer,
//! a chain diagnosis, a KWW decomposition) run concurrently on one session, and every
//! table equals, byte for byte, the file the `chainlens` binary writes for the same
//! request (which opens its own session per command).

use chainlens_engine::chains::{ChainSource, DiagnoseRequest};
use chainlens_engine::input_output::{DecomposeRequest, Method};
use chainlens_engine::progress::Silent;
use chainlens_engine::scenario::ScenarioRequest;
use chainlens_engine::{
    Session, SessionOptions, Table, TableOptions, TradeOptions, VulnerabilityRequest,
};
use std::path::{Path, PathBuf};

const IMPORTERS: [&str; 5] = ["CHN", "KOR", "JPN", "USA", "DEU"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the binary and returns the text of `file` in its --out folder.
fn cli_file(args: &[&str], out: &Path, file: &str) -> String {
    let status = crate::command(args)
        .args(["--out", out.to_str().unwrap()])
        .current_dir(repo())
        .output()
        .expect("chainlens runs");
    assert!(
        status.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    std::fs::read_to_string(out.join(file)).unwrap()
}

enum Request {
    Vulnerability(&'static str),
    Scenario,
    Diagnosis,
    Decomposition,
}

/// The request's table as CSV, and the CLI command and file that must match it.
fn answer(session: &Session, request: &Request, files: &Files) -> (String, String) {
    let csv = |t: &Table| chainlens_report::csv::text(t);
    match request {
        Request::Vulnerability(iso3) => {
            let r = session
                .vulnerability(&VulnerabilityRequest {
                    importers: vec![(*iso3).into()],
                    ..Default::default()
                })
                .unwrap();
            (
                csv(&r.importers[0].tables()[0]),
                files.products[*iso3].clone(),
            )
        }
        Request::Scenario => {
            let r = session.scenario(&files.scenario, &Silent).unwrap();
            (csv(&r.tables()[3]), files.io_country_sector.clone())
        }
        Request::Diagnosis => {
            let d = session.chain_diagnose(&files.chain).unwrap();
            (csv(&d.tables()[1]), files.exposure.clone())
        }
        Request::Decomposition => {
            let request = DecomposeRequest {
                method: Method::Kww,
                ..Default::default()
            };
            let d = session.decompose(&request, &Silent).unwrap();
            (csv(&d.tables()[0]), files.kww.clone())
        }
    }
}

struct Files {
    products: std::collections::BTreeMap<&'static str, String>,
    io_country_sector: String,
    exposure: String,
    kww: String,
    scenario: ScenarioRequest,
    chain: DiagnoseRequest,
}

fn cli_files(tmp: &Path) -> Files {
    let scenario_path = repo().join("examples/scenarios/china-intermediates-2pt.toml");
    let chain_path = repo().join("examples/chains/eyewear-ouhai.toml");
    let products = IMPORTERS
        .iter()
        .map(|&iso3| {
            let out = tmp.join(iso3);
            let args = ["vulnerability", "--importer", iso3];
            (iso3, cli_file(&args, &out, "products.csv"))
        })
        .collect();
    let scenario = scenario_path.to_str().unwrap();
    let chain = chain_path.to_str().unwrap();
    Files {
        products,
        io_country_sector: cli_file(
            &["scenario", "run", scenario],
            &tmp.join("scenario"),
            "io_country_sector.csv",
        ),
        exposure: cli_file(
            &["chain", "diagnose", chain],
            &tmp.join("chain"),
            "exposure.csv",
        ),
        kww: cli_file(
            &["io", "decompose", "--method", "kww"],
            &tmp.join("kww"),
            "kww.csv",
        ),
        scenario: ScenarioRequest {
            toml: std::fs::read_to_string(&scenario_path).unwrap(),
            label: scenario.into(),
            ..Default::default()
        },
        chain: DiagnoseRequest {
            chain: ChainSource {
                toml: std::fs::read_to_string(&chain_path).unwrap(),
                label: chain.into(),
            },
            ..Default::default()
        },
    }
}

#[test]
fn one_session_answers_a_hundred_concurrent_requests_as_the_cli_does() {
    let tmp = tempfile::tempdir().unwrap();
    let files = cli_files(tmp.path());
    let session = Session::open(&SessionOptions {
        trade: Some(TradeOptions {
            data_dir: Some(chainlens_testing::shared_data()),
            ..Default::default()
        }),
        table: Some(TableOptions {
            data_dir: Some(chainlens_testing::shared_data()),
            ..Default::default()
        }),
    })
    .unwrap();
    let requests: Vec<Request> = (0..100)
        .map(|i| match i % 8 {
            0 => Request::Scenario,
            1 => Request::Diagnosis,
            2 => Request::Decomposition,
            k => Request::Vulnerability(IMPORTERS[k % IMPORTERS.len()]),
        })
        .collect();
    let answered = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for worker in 0..4 {
            let (session, files, requests, answered) = (&session, &files, &requests, &answered);
            scope.spawn(move || {
                for request in requests.iter().skip(worker).step_by(4) {
                    let (engine, cli) = answer(session, request, files);
                    assert_eq!(engine, cli);
                    answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    assert_eq!(answered.into_inner(), 100);
}
