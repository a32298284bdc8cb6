//! Times two ways of forming `L` at OECD ICIO 2023 size (N = 3,465): faer's
//! LU `inverse()` and LU + solve against the identity. Development aid for
//! BENCHMARKS.md; `cargo run --release --example inverse_timing`.

use chainlens_input_output::{Coefficients, synthetic};
use faer::Mat;
use faer::linalg::solvers::{DenseSolveCore, Solve};
use std::time::Instant;

fn main() {
    let n_countries: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(77);
    let t = synthetic::random_table(n_countries, 45, 42);
    let c = Coefficients::new(&t).expect("coefficients");
    let n = c.n();
    let m = Mat::from_fn(n, n, |i, j| f64::from(u8::from(i == j)) - c.a[(i, j)]);
    gemm_timing(&m);
    gemm_timing(&m);
    for _ in 0..1 {
        let t0 = Instant::now();
        let lu = m.partial_piv_lu();
        let t1 = Instant::now();
        let inv = lu.inverse();
        let t2 = Instant::now();
        let mut id = Mat::<f64>::identity(n, n);
        lu.solve_in_place(&mut id);
        let t3 = Instant::now();
        println!(
            "N={n}: lu {:.3} s, inverse() {:.3} s, identity solve {:.3} s (check {:.2e})",
            (t1 - t0).as_secs_f64(),
            (t2 - t1).as_secs_f64(),
            (t3 - t2).as_secs_f64(),
            (inv[(1, 2)] - id[(1, 2)]).abs()
        );
    }
}

#[allow(dead_code)]
fn gemm_timing(m: &Mat<f64>) {
    let t0 = Instant::now();
    let p = m * m;
    println!(
        "gemm N={}: {:.3} s ({})",
        m.nrows(),
        t0.elapsed().as_secs_f64(),
        p[(0, 0)]
    );
}
