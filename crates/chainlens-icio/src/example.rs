//! The embedded example table used by `chainlens io` and `chainlens gvc`
//! when no table is given.
//!
//! **Synthetic, not data.** Six economies (`CHN`, `DEU`, `JPN`, `MEX`, `USA`,
//! `ROW`) x nine industries with OECD ICIO (ISIC Rev. 4) codes, so the
//! default industry grouping of the "paradox" table applies: `01T02`
//! agriculture, `05T09` mining, `13T15` textiles and leather, `16` wood,
//! `20` chemicals, `26` electronics, `28` machinery, `29` motor vehicles,
//! `45T98` services; final demand `HFCE` and `GFCF` per economy. Numbers come
//! from a fixed-seed xorshift generator shaped like a real ICIO: domestic
//! blocks about 8 times the foreign ones, services the largest industry,
//! value added 35-65% of output, `CHN` and `MEX` with a heavier use of
//! imported electronics and machinery inputs. The table balances exactly in
//! both identities (`va` is the column residual). decompr's leather table is
//! GPL-3 and stays out of the binary.

use chainlens_model::{FinalDemandColumn, IcioTable, Satellite};

/// Economies of the example.
pub const EXAMPLE_COUNTRIES: [&str; 6] = ["CHN", "DEU", "JPN", "MEX", "USA", "ROW"];
/// Industries of the example (OECD ICIO codes).
pub const EXAMPLE_SECTORS: [&str; 9] = [
    "01T02", "05T09", "13T15", "16", "20", "26", "28", "29", "45T98",
];

/// Builds the example table (same numbers every call).
pub fn example_table() -> IcioTable {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let g = EXAMPLE_COUNTRIES.len();
    let s = EXAMPLE_SECTORS.len();
    let n = g * s;
    // Relative size of each industry and of each economy.
    let sector_size = [0.6, 0.5, 0.7, 0.4, 1.0, 1.2, 1.0, 1.1, 6.0];
    let country_size = [3.0, 1.5, 1.2, 0.5, 3.5, 4.0];
    // Intermediate input intensity of each industry (share of output bought as inputs).
    let intensity = [0.45, 0.40, 0.62, 0.55, 0.60, 0.65, 0.58, 0.66, 0.35];
    let tech = |k: usize| matches!(k, 5..=7);
    let mut z = vec![0.0; n * n];
    for j in 0..n {
        let (cj, kj) = (j / s, j % s);
        let out = 1000.0 * country_size[cj] * sector_size[kj];
        let total_inputs = out * intensity[kj];
        // weights over suppliers
        let mut w = vec![0.0; n];
        for i in 0..n {
            let (ci, ki) = (i / s, i % s);
            let mut weight = sector_size[ki] * (0.5 + next());
            if ci != cj {
                weight *= 0.125 * country_size[ci] / 3.0;
                // processing trade: CHN and MEX import tech inputs for tech industries
                if (cj == 0 || cj == 3) && tech(ki) && tech(kj) {
                    weight *= 4.0;
                }
            }
            w[i] = weight;
        }
        let sum: f64 = w.iter().sum();
        for i in 0..n {
            z[i * n + j] = (total_inputs * w[i] / sum * 100.0).round() / 100.0;
        }
    }
    let k = 2 * g;
    let mut y = vec![0.0; n * k];
    for i in 0..n {
        let (ci, ki) = (i / s, i % s);
        let out = 1000.0 * country_size[ci] * sector_size[ki];
        let final_total = out - z[i * n..(i + 1) * n].iter().sum::<f64>();
        let invest = if matches!(ki, 6 | 7) { 0.6 } else { 0.15 };
        let mut w = vec![0.0; k];
        for c in 0..g {
            let share = if c == ci {
                1.0
            } else {
                0.08 * country_size[c] * (0.5 + next())
            };
            w[2 * c] = share * (1.0 - invest);
            w[2 * c + 1] = share * invest;
        }
        let sum: f64 = w.iter().sum();
        for c in 0..k {
            y[i * k + c] = (final_total * w[c] / sum * 100.0).round() / 100.0;
        }
    }
    // Output from the rows; value added as the column residual (exact balance).
    let x: Vec<f64> = (0..n)
        .map(|i| {
            z[i * n..(i + 1) * n].iter().sum::<f64>() + y[i * k..(i + 1) * k].iter().sum::<f64>()
        })
        .collect();
    let mut colsum = vec![0.0; n];
    for i in 0..n {
        for j in 0..n {
            colsum[j] += z[i * n + j];
        }
    }
    let va: Vec<f64> = (0..n).map(|j| x[j] - colsum[j]).collect();
    // Employment: persons per USD million falls with income level; labour-intensive industries high.
    let labour = [30.0, 4.0, 18.0, 12.0, 3.0, 5.0, 4.0, 3.0, 8.0];
    let wage_level = [1.0, 0.15, 0.18, 0.7, 0.12, 0.8];
    let employment = (0..n)
        .map(|i| (x[i] * labour[i % s] * wage_level[i / s] * 10.0).round() / 10.0)
        .collect();
    let fd_columns = EXAMPLE_COUNTRIES
        .iter()
        .flat_map(|c| {
            ["HFCE", "GFCF"].map(|cat| FinalDemandColumn {
                country: (*c).into(),
                category: cat.into(),
            })
        })
        .collect();
    IcioTable {
        countries: EXAMPLE_COUNTRIES.iter().map(|c| (*c).into()).collect(),
        sectors: EXAMPLE_SECTORS.iter().map(|c| (*c).into()).collect(),
        z,
        y,
        fd_columns,
        va,
        x,
        extensions: vec![Satellite {
            name: "employment".into(),
            unit: "persons".into(),
            values: employment,
        }],
        unit: "USD million (synthetic)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_is_deterministic_and_positive() {
        let a = example_table();
        assert_eq!(a, example_table());
        assert_eq!(a.n(), 54);
        assert!(a.va.iter().all(|v| *v > 0.0));
        // value added between 30% and 70% of output everywhere
        for (v, x) in a.va.iter().zip(&a.x) {
            assert!((0.3..0.7).contains(&(v / x)), "{}", v / x);
        }
    }
}
