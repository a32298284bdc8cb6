//! Stage timings of the full decomposition pipeline on a synthetic table
//! (default OECD ICIO 2023 shape, 77 x 45); run under `/usr/bin/time -v` for
//! peak memory. `cargo run --release --example gvc_timing [COUNTRIES SECTORS]`.

use chainlens_input_output::{
    Coefficients, DemandPaths, Economies, GvcSystem, LeontiefModel, borin_mancini, kww,
    multipliers, synthetic, wwz,
};
use std::time::Instant;

fn main() {
    let a: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|s| s.parse().ok())
        .collect();
    let (g, s) = (
        a.first().copied().unwrap_or(77),
        a.get(1).copied().unwrap_or(45),
    );
    let t = synthetic::random_table(g, s, 42);
    let clock = Instant::now();
    let lap = |what: &str, t0: &mut Instant| {
        eprintln!("{what:>38}: {:.3} s", t0.elapsed().as_secs_f64());
        *t0 = Instant::now();
    };
    let mut t0 = Instant::now();
    let c = Coefficients::new(&t).expect("coefficients");
    let m = LeontiefModel::new(&c).expect("model");
    let x = m.output_for(&t.y_row_sums()).expect("x");
    let mu = multipliers(&t, &c, &m).expect("multipliers");
    lap("A, LU, x, multipliers (no L)", &mut t0);
    drop((c, m, x, mu));
    let sys = GvcSystem::new(&t, Economies::countries(&t).expect("economies")).expect("system");
    lap("GvcSystem (L, local inverses, VB)", &mut t0);
    let p = DemandPaths::new(&sys);
    lap("DemandPaths", &mut t0);
    let w = wwz(&sys, &p);
    lap("WWZ 16 terms", &mut t0);
    let k = kww(&sys, &p);
    lap("KWW", &mut t0);
    let b = borin_mancini(&sys, &p).expect("bm");
    lap("Borin-Mancini", &mut t0);
    eprintln!(
        "N = {}, WWZ rows {}, total {:.3} s ({} {})",
        t.n(),
        w.len(),
        clock.elapsed().as_secs_f64(),
        k.terms.len(),
        b.values.len()
    );
}
