//! Deterministic synthetic tables for property tests, benchmarks, the
//! reference comparison and examples. Not data: every number comes from a
//! fixed-seed xorshift generator, so the same arguments give the same table.

use chainlens_model::{FinalDemandColumn, IcioTable};

/// A random balanced table with `g` countries, `s` sectors and 2 final-demand
/// categories per country, from a fixed-seed generator (xorshift): domestic
/// flows larger than foreign ones, value added the column residual (roughly 50-90% of output).
pub fn random_table(g: usize, s: usize, seed: u64) -> IcioTable {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let n = g * s;
    let mut z = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let domestic = i / s == j / s;
            let scale = if domestic { 10.0 } else { 1.0 };
            z[i * n + j] = scale * next();
        }
    }
    let k = 2 * g;
    let mut y = vec![0.0; n * k];
    for i in 0..n {
        for c in 0..k {
            let domestic = i / s == c / 2;
            y[i * k + c] = if domestic {
                40.0 * s as f64
            } else {
                2.0 * s as f64
            } * next();
        }
    }
    let x: Vec<f64> = (0..n)
        .map(|i| {
            z[i * n..(i + 1) * n].iter().sum::<f64>() + y[i * k..(i + 1) * k].iter().sum::<f64>()
        })
        .collect();
    let va: Vec<f64> = (0..n)
        .map(|j| x[j] - (0..n).map(|i| z[i * n + j]).sum::<f64>())
        .collect();
    let countries: Vec<String> = (0..g).map(|c| format!("C{c:02}")).collect();
    let fd_columns = countries
        .iter()
        .flat_map(|c| {
            ["HFCE", "GFCF"].map(|cat| FinalDemandColumn {
                country: c.clone(),
                category: cat.into(),
            })
        })
        .collect();
    IcioTable {
        countries,
        sectors: (0..s).map(|k| format!("S{k:02}")).collect(),
        z,
        y,
        fd_columns,
        va,
        x,
        extensions: Vec::new(),
        unit: "USD million".into(),
    }
}
