//! Load on a real listener on 127.0.0.1 (bounded in requests, ends with the test):
//! clients asking the vulnerability of random importers get the same bytes as a lone
//! request while malformed and oversized requests and stalled connections run beside
//! them. The short run is part of the suite; the long ones (64 clients, 10,240 requests)
//! are `#[ignore]`d and print the latencies and throughput recorded in BENCHMARKS.md:
//! `cargo test --release -p chainlens-server --test api -- --ignored --nocapture load_64`
//! on the embedded data in this process, and `load_served` against a running
//! `chainlens serve` (its address and process id in `CHAINLENS_LOAD_ADDR` and
//! `CHAINLENS_LOAD_PID`, as `scripts/load-11m.sh` starts it on the 11M-row year), whose
//! memory it samples over the run.

use crate::client::Client;
use crate::{api, call, state};
use chainlens_engine::VulnerabilityRequest;
use chainlens_server::{Config, Limits, app};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

/// How much traffic of each kind a run sends.
struct Traffic {
    clients: usize,
    per_client: usize,
    malformed: usize,
    oversized: usize,
    stalled: usize,
}

/// What a run measured.
struct Measured {
    latencies: Vec<Duration>,
    wall: Duration,
    malformed_400: usize,
}

impl Measured {
    fn quantile(&self, q: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)]
    }

    fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.wall.as_secs_f64()
    }
}

async fn serve_on_loopback() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config {
        limits: Limits {
            concurrency: 128,
            ..Limits::default()
        },
        token: None,
    };
    let router = app(state(), &config);
    tokio::spawn(async move { axum::serve(listener, router).await });
    addr
}

/// The importers asked for and the body a lone request for each gets.
async fn expected_bodies(count: usize) -> Arc<Vec<(String, Vec<u8>)>> {
    let all = state()
        .session
        .vulnerability(&VulnerabilityRequest {
            importers: vec!["all".into()],
            ..Default::default()
        })
        .unwrap();
    let step = (all.importers.len() / count).max(1);
    let app = api();
    let mut bodies = Vec::new();
    // Labels of historical codes (`DEU_280`) are no ISO3 code a client can ask for.
    let askable = all.importers.iter().filter(|i| i.importer.len() == 3);
    for imp in askable.step_by(step).take(count) {
        let uri = format!("/api/v1/vulnerability/{}", imp.importer);
        let reply = call(&app, "GET", &uri, "").await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        bodies.push((imp.importer.clone(), reply.body));
    }
    Arc::new(bodies)
}

/// The importers asked for (ISO3 codes of the risk ranking, every `count`-th in code
/// order) and the body a lone request for each gets from the server at `addr`.
async fn expected_bodies_from(addr: SocketAddr, count: usize) -> Arc<Vec<(String, Vec<u8>)>> {
    let mut client = Client::connect(addr).await.unwrap();
    let (status, risk) = client.send("POST", "/api/v1/risk", b"{}").await.unwrap();
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&risk));
    let risk: serde_json::Value = serde_json::from_slice(&risk).unwrap();
    let mut importers: Vec<String> = risk["tables"]["risk"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| Some(r["iso3"].as_str()?.to_string()))
        .filter(|c| c.len() == 3)
        .collect();
    importers.sort();
    let step = (importers.len() / count).max(1);
    let mut bodies = Vec::new();
    for importer in importers.into_iter().step_by(step).take(count) {
        let uri = format!("/api/v1/vulnerability/{importer}");
        let (status, body) = client.send("GET", &uri, b"").await.unwrap();
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        bodies.push((importer, body));
    }
    Arc::new(bodies)
}

/// A seeded linear congruential generator: the same importers every run.
fn next(seed: &mut u64) -> usize {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*seed >> 33) as usize
}

async fn run(
    addr: SocketAddr,
    traffic: &Traffic,
    expected: Arc<Vec<(String, Vec<u8>)>>,
) -> Measured {
    // Connections that send half a request head and then nothing.
    let mut stalled = Vec::new();
    for _ in 0..traffic.stalled {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /api/v1/vulnerability/CH").await.unwrap();
        stalled.push(s);
    }
    let hostile = {
        let (malformed, oversized) = (traffic.malformed, traffic.oversized);
        tokio::spawn(async move {
            let mut answered_400 = 0;
            let mut client = Client::connect(addr).await.unwrap();
            let broken: [&[u8]; 4] = [
                b"{\"importers\": [",
                b"{\"importers\": 7}",
                b"\xff\xfe",
                b"{\"x\": 1}",
            ];
            for i in 0..malformed {
                let (status, _) = client
                    .send("POST", "/api/v1/vulnerability", broken[i % 4])
                    .await
                    .unwrap();
                answered_400 += usize::from(status == 400);
            }
            let big = vec![b' '; (1 << 20) + 1];
            for _ in 0..oversized {
                let mut c = Client::connect(addr).await.unwrap();
                // The server may answer 413 and close before reading it all.
                if let Ok((status, _)) = c.send("POST", "/api/v1/vulnerability", &big).await {
                    assert_eq!(status, 413);
                }
            }
            answered_400
        })
    };
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..traffic.clients {
        let expected = expected.clone();
        let per_client = traffic.per_client;
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await.unwrap();
            let mut seed = c as u64 + 1;
            let mut latencies = Vec::with_capacity(per_client);
            for _ in 0..per_client {
                let (importer, body) = &expected[next(&mut seed) % expected.len()];
                let t0 = Instant::now();
                let (status, got) = client
                    .send("GET", &format!("/api/v1/vulnerability/{importer}"), b"")
                    .await
                    .unwrap();
                latencies.push(t0.elapsed());
                assert_eq!(status, 200, "{importer}: {}", String::from_utf8_lossy(&got));
                assert!(got == *body, "{importer}: the same bytes as a lone request");
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let wall = start.elapsed();
    let malformed_400 = hostile.await.unwrap();
    drop(stalled);
    Measured {
        latencies,
        wall,
        malformed_400,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_with_malformed_oversized_and_stalled_requests_beside_it() {
    let addr = serve_on_loopback().await;
    let traffic = Traffic {
        clients: 8,
        per_client: 25,
        malformed: 100,
        oversized: 4,
        stalled: 4,
    };
    let m = run(addr, &traffic, expected_bodies(16).await).await;
    assert_eq!(m.latencies.len(), 200);
    assert_eq!(m.malformed_400, 100, "every malformed request is a 400");
}

/// Resident memory of this process, KiB (Linux).
fn rss_kib() -> u64 {
    rss_kib_of("self")
}

/// Resident memory of process `pid` (`self` for this one), KiB (Linux).
fn rss_kib_of(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a minute of load; run in release for BENCHMARKS.md"]
async fn load_64_clients() {
    let addr = serve_on_loopback().await;
    let expected = expected_bodies(64).await;
    let warm_up = Traffic {
        clients: 64,
        per_client: 16,
        malformed: 0,
        oversized: 0,
        stalled: 0,
    };
    run(addr, &warm_up, expected.clone()).await;
    let rss_before = rss_kib();
    let traffic = Traffic {
        clients: 64,
        per_client: 160,
        malformed: 1000,
        oversized: 10,
        stalled: 16,
    };
    let m = run(addr, &traffic, expected.clone()).await;
    let rss_after = rss_kib();
    assert_eq!(m.malformed_400, 1000);
    let body = m.latencies.len();
    println!(
        "{body} requests from 64 clients in {:.2} s: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; RSS {} -> {} MiB",
        m.wall.as_secs_f64(),
        m.per_second(),
        m.quantile(0.5).as_secs_f64() * 1e3,
        m.quantile(0.99).as_secs_f64() * 1e3,
        m.quantile(1.0).as_secs_f64() * 1e3,
        rss_before / 1024,
        rss_after / 1024,
    );
    // The same traffic again: memory stays where the first 10,240 requests left it.
    run(addr, &traffic, expected).await;
    let rss_again = rss_kib();
    println!(
        "RSS after another {body} requests: {} MiB",
        rss_again / 1024
    );
    assert!(
        rss_again < rss_after + 32 * 1024,
        "memory grows: {rss_after} -> {rss_again} KiB"
    );
}

/// Samples process `pid`'s resident memory every 100 ms until `stop` is set.
fn sample_rss(
    pid: String,
    stop: Arc<std::sync::atomic::AtomicBool>,
) -> tokio::task::JoinHandle<Vec<u64>> {
    tokio::spawn(async move {
        let mut samples = Vec::new();
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            samples.push(rss_kib_of(&pid));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        samples
    })
}

/// The run's measures and its memory samples, one line each, MiB.
fn print_served(label: &str, m: &Measured, samples: &[u64]) {
    let mib = |k: u64| k / 1024;
    let quarter = samples.len() / 4;
    let quarters: Vec<String> = (0..4)
        .map(|q| {
            let part = &samples[q * quarter..((q + 1) * quarter).max(q * quarter + 1)];
            format!("{}", mib(*part.iter().max().unwrap()))
        })
        .collect();
    println!(
        "{label}: {} requests from 64 clients in {:.2} s: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; \
         server RSS over {} samples: first {} MiB, min {}, max {}, last {}; largest per quarter {}",
        m.latencies.len(),
        m.wall.as_secs_f64(),
        m.per_second(),
        m.quantile(0.5).as_secs_f64() * 1e3,
        m.quantile(0.99).as_secs_f64() * 1e3,
        m.quantile(1.0).as_secs_f64() * 1e3,
        samples.len(),
        mib(samples[0]),
        mib(*samples.iter().min().unwrap()),
        mib(*samples.iter().max().unwrap()),
        mib(*samples.last().unwrap()),
        quarters.join(", "),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "load on a running server; scripts/load-11m.sh starts one on the 11M-row year"]
async fn load_served() {
    let (Ok(addr), Ok(pid)) = (
        std::env::var("CHAINLENS_LOAD_ADDR"),
        std::env::var("CHAINLENS_LOAD_PID"),
    ) else {
        panic!(
            "set CHAINLENS_LOAD_ADDR (127.0.0.1:PORT) and CHAINLENS_LOAD_PID of a running chainlens serve"
        );
    };
    let addr: SocketAddr = addr.parse().expect("CHAINLENS_LOAD_ADDR is HOST:PORT");
    let expected = expected_bodies_from(addr, 64).await;
    let warm_up = Traffic {
        clients: 64,
        per_client: 16,
        malformed: 0,
        oversized: 0,
        stalled: 0,
    };
    run(addr, &warm_up, expected.clone()).await;
    let traffic = Traffic {
        clients: 64,
        per_client: 160,
        malformed: 1000,
        oversized: 10,
        stalled: 16,
    };
    // Resident memory rises and falls with the answers in flight (64 at a time), so a
    // run's peak moves by tens of MiB from run to run (669 -> 720 and 708 -> 682 MiB on the
    // 11.8M-row year); a leak of 6.5 KB a request would add 64 MiB over the second run.
    let mut peaks = Vec::new();
    for label in ["first run", "second run"] {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let sampler = sample_rss(pid.clone(), stop.clone());
        let m = run(addr, &traffic, expected.clone()).await;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let samples = sampler.await.unwrap();
        assert_eq!(m.malformed_400, 1000);
        print_served(label, &m, &samples);
        peaks.push(*samples.iter().max().unwrap());
    }
    assert!(
        peaks[1] < peaks[0] + 64 * 1024,
        "server memory grows: peak {} -> {} KiB",
        peaks[0],
        peaks[1]
    );
}
