//! Benchmarks of the input-output engine on deterministic synthetic tables
//! shaped like WIOD 2013 (N = 1,435: 41 x 35), WIOD 2016 (2,464: 44 x 56) and
//! OECD ICIO 2023 (3,465: 77 x 45), and on request OECD ICIO 2025 (4,050: 81 x 50). Names are `io/<op>/<case>`; every bench
//! checks its result. `CHAINLENS_BENCH_SIZES=wiod2013,icio2025` picks sizes.
//! Results and the numpy/pymrio comparison: BENCHMARKS.md, `## Input-output`.

use chainlens_input_output::{
    Coefficients, DemandPaths, Economies, GvcSystem, LeontiefModel, borin_mancini, kww,
    multipliers, synthetic, wwz,
};
use divan::Bencher;

fn main() {
    divan::main();
}

const SIZES: [(&str, usize, usize); 4] = [
    ("wiod2013", 41, 35),
    ("wiod2016", 44, 56),
    ("icio2023", 77, 45),
    ("icio2025", 81, 50),
];

fn selected() -> Vec<&'static str> {
    let want = std::env::var("CHAINLENS_BENCH_SIZES").unwrap_or_default();
    SIZES
        .iter()
        .map(|s| s.0)
        .filter(|n| {
            if want.is_empty() {
                *n != "icio2025"
            } else {
                want.split(',').any(|w| w == *n)
            }
        })
        .collect()
}

fn table(case: &str) -> chainlens_model::IcioTable {
    let (_, g, s) = SIZES.iter().find(|c| c.0 == case).copied().unwrap();
    synthetic::random_table(g, s, 42)
}

/// Leontief inverse `L = (I - A)^-1` formed explicitly (compare numpy `inv(I - A)`).
#[divan::bench(args = selected(), sample_count = 3)]
fn leontief_inverse(bencher: Bencher, case: &str) {
    let t = table(case);
    let c = Coefficients::new(&t).unwrap();
    bencher.bench_local(|| {
        let l = LeontiefModel::new(&c).unwrap().l();
        assert!(l[(0, 0)] >= 1.0);
        l
    });
}

/// pymrio `calc_all` equivalent: A, L, x, multipliers (`M`) for value added.
#[divan::bench(args = selected(), sample_count = 3)]
fn calc_all(bencher: Bencher, case: &str) {
    let t = table(case);
    bencher.bench_local(|| {
        let c = Coefficients::new(&t).unwrap();
        let m = LeontiefModel::new(&c).unwrap();
        let l = m.l();
        let x = m.output_for(&t.y_row_sums()).unwrap();
        let mu = multipliers(&t, &c, &m).unwrap();
        assert!((x[0] - t.x[0]).abs() < 1e-6 * t.x[0]);
        (l, mu)
    });
}

/// The same results without forming `L` (chainlens' default: x by a solve,
/// multipliers by transposed solves).
#[divan::bench(args = selected(), sample_count = 3)]
fn calc_all_without_l(bencher: Bencher, case: &str) {
    let t = table(case);
    bencher.bench_local(|| {
        let c = Coefficients::new(&t).unwrap();
        let m = LeontiefModel::new(&c).unwrap();
        let x = m.output_for(&t.y_row_sums()).unwrap();
        let mu = multipliers(&t, &c, &m).unwrap();
        assert!((x[0] - t.x[0]).abs() < 1e-6 * t.x[0]);
        mu
    });
}

/// Full WWZ 16-term decomposition (plus KWW and Borin-Mancini from the same system).
#[divan::bench(args = selected(), sample_count = 2)]
fn wwz_full(bencher: Bencher, case: &str) {
    let t = table(case);
    bencher.bench_local(|| {
        let sys = GvcSystem::new(&t, Economies::countries(&t).unwrap()).unwrap();
        let p = DemandPaths::new(&sys);
        let w = wwz(&sys, &p);
        let e: f64 = w.exports.iter().sum();
        let s: f64 = w.terms.iter().flatten().sum();
        assert!((e - s).abs() < 1e-8 * e);
        w
    });
}

/// KWW and Borin-Mancini, all exporters.
#[divan::bench(args = selected(), sample_count = 2)]
fn kww_and_bm(bencher: Bencher, case: &str) {
    let t = table(case);
    bencher.bench_local(|| {
        let sys = GvcSystem::new(&t, Economies::countries(&t).unwrap()).unwrap();
        let p = DemandPaths::new(&sys);
        (kww(&sys, &p), borin_mancini(&sys, &p).unwrap())
    });
}
