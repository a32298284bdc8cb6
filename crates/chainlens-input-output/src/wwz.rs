//! Wang, Wei & Zhu (2013): gross exports of each country-sector to each
//! importing economy split into 16 value-added and double-counting terms.
//!
//! # What it measures
//! Where the value in a bilateral sector-level export flow `E[s_i, r]` comes
//! from (domestic, importer's, third countries') and where it is absorbed
//! (importer, third countries, back home), and which part is double counted.
//!
//! # Formula
//! With `B = L` the global inverse, `Lss = (I - A_ss)^-1` the local inverse,
//! `#` element-wise products by exporting sector `i` (row of economy `s`),
//! importer `r != s` and `t` over third economies (METHODS §2, WWZ 2013 eq. 37
//! and Table E1; names and order as R decompr `wwz()`):
//!
//! | # | term | formula |
//! |---|---|---|
//! | 1 | DVA_FIN | `(V_s B_ss)' # Y_sr` |
//! | 2 | DVA_INT | `(V_s L_ss)' # (A_sr B_rr Y_rr)` |
//! | 3 | DVA_INTrexI1 | `(V_s L_ss)' # (A_sr Σ_t B_rt Y_tt)` |
//! | 4 | DVA_INTrexF | `(V_s L_ss)' # (A_sr B_rr Σ_t Y_rt)` |
//! | 5 | DVA_INTrexI2 | `(V_s L_ss)' # (A_sr Σ_t B_rt Σ_{u != s,t} Y_tu)` |
//! | 6 | RDV_INT | `(V_s L_ss)' # (A_sr B_rs Y_ss)` |
//! | 7 | RDV_FIN | `(V_s L_ss)' # (A_sr B_rr Y_rs)` |
//! | 8 | RDV_FIN2 | `(V_s L_ss)' # (A_sr Σ_t B_rt Y_ts)` |
//! | 9 | OVA_FIN | `(Σ_t V_t B_ts)' # Y_sr` |
//! | 10 | MVA_FIN | `(V_r B_rs)' # Y_sr` |
//! | 11 | OVA_INT | `(Σ_t V_t B_ts)' # (A_sr L_rr Y_rr)` |
//! | 12 | MVA_INT | `(V_r B_rs)' # (A_sr L_rr Y_rr)` |
//! | 13 | DDC_FIN | `(V_s L_ss)' # (A_sr B_rs Y_s*)` (`Y_s*` final exports of `s`) |
//! | 14 | DDC_INT | `(V_s B_ss - V_s L_ss)' # (A_sr X_r)` |
//! | 15 | ODC | `(Σ_t V_t B_ts)' # (A_sr L_rr E_r*)` |
//! | 16 | MDC | `(V_r B_rs)' # (A_sr L_rr E_r*)` |
//!
//! The 16 terms add up to `E_sr` (tested to 1e-9 relative on every row).
//!
//! # Parameters and defaults
//! The grouping of countries into economies ([`crate::Economies`]).
//!
//! # Reference
//! Wang, Z., Wei, S.-J. & Zhu, K. (2013), *Quantifying international production
//! sharing at the bilateral and sector levels*, NBER WP 19677 (rev. 2018);
//! decompr 6.8.0 `R/wwz.R` (Quast & Kummritz). Reproduces decompr's 27 x 16 result
//! shape on its leather example and the exporter totals of KWW.
//!
//! # Complexity
//! On top of [`crate::GvcSystem`] (one N x N inverse): four N x N x G products in
//! [`crate::DemandPaths`] and one pass over `A` with 11 weights, O(11 N²); output
//! N (G - 1) rows of 16 terms.
//!
//! # Example
//! ```
//! use chainlens_input_output::{wwz, synthetic, DemandPaths, Economies, GvcSystem};
//! let t = synthetic::random_table(3, 2, 1);
//! let sys = GvcSystem::new(&t, Economies::countries(&t)?)?;
//! let w = wwz(&sys, &DemandPaths::new(&sys));
//! assert_eq!(w.len(), 6 * 2); // 6 exporting country-sectors x 2 importers
//! let sum: f64 = w.terms[0].iter().sum();
//! assert!((sum - w.exports[0]).abs() < 1e-9 * w.exports[0]);
//! # Ok::<(), chainlens_input_output::InputOutputError>(())
//! ```

use crate::economies::SplitKeys;
use crate::gvc_indicators::Table;
use crate::gvc_system::GvcSystem;
use crate::paths::DemandPaths;
use chainlens_model::IcioTable;
use faer::Mat;

/// Names of the 16 terms, in decompr's order.
pub const WWZ_TERMS: [&str; 16] = [
    "DVA_FIN",
    "DVA_INT",
    "DVA_INTrexI1",
    "DVA_INTrexF",
    "DVA_INTrexI2",
    "RDV_INT",
    "RDV_FIN",
    "RDV_FIN2",
    "OVA_FIN",
    "MVA_FIN",
    "OVA_INT",
    "MVA_INT",
    "DDC_FIN",
    "DDC_INT",
    "ODC",
    "MDC",
];

/// The WWZ split, one row per (exporting country-sector, importing economy != own).
#[derive(Clone, Debug, Default)]
pub struct WwzDecomposition {
    /// Exporting country-sector (row of the table).
    pub exporter: Vec<usize>,
    /// Importing economy.
    pub importer: Vec<usize>,
    /// Gross exports `E_sr` of the row.
    pub exports: Vec<f64>,
    /// Final-goods part of `exports`.
    pub final_exports: Vec<f64>,
    /// The 16 terms, in [`WWZ_TERMS`] order.
    pub terms: Vec<[f64; 16]>,
}

impl WwzDecomposition {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.exports.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.exports.is_empty()
    }

    /// Terms and exports summed by exporting economy: `(exports, terms)` per economy.
    pub fn by_exporting_economy(&self, sys: &GvcSystem) -> Vec<(f64, [f64; 16])> {
        let mut out = vec![(0.0, [0.0; 16]); sys.g()];
        for (k, &i) in self.exporter.iter().enumerate() {
            let o = &mut out[sys.econ(i)];
            o.0 += self.exports[k];
            for (a, b) in o.1.iter_mut().zip(&self.terms[k]) {
                *a += b;
            }
        }
        out
    }
}

/// The `wwz.csv` table: labels `exporter, sector, importer`, columns
/// `gross_exports` and the 16 terms. No key repeats: with [`SplitKeys::Merge`]
/// rows of one economy and sector (`MEX`, `MX1`, `MX2` in the OECD split
/// layout) are summed under the economy, with [`SplitKeys::Label`] each keeps
/// its table country label (see [`crate::economies`]). `table` is the table
/// `sys` was built from.
pub fn wwz_table(
    sys: &GvcSystem,
    w: &WwzDecomposition,
    table: &IcioTable,
    keys: SplitKeys,
) -> Table {
    let (of_key, key_list) = sys.economies.sector_keys(table, keys);
    let mut index: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
    let mut labels: Vec<Vec<String>> = Vec::new();
    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); 17];
    for r in 0..w.len() {
        let key = (of_key[w.exporter[r]], w.importer[r]);
        let q = *index.entry(key).or_insert_with(|| {
            let (c, s) = &key_list[key.0];
            labels.push(vec![
                c.clone(),
                s.clone(),
                sys.economies.names[key.1].clone(),
            ]);
            columns.iter_mut().for_each(|col| col.push(0.0));
            labels.len() - 1
        });
        columns[0][q] += w.exports[r];
        for (t, v) in w.terms[r].iter().enumerate() {
            columns[t + 1][q] += v;
        }
    }
    Table {
        label_names: vec!["exporter".into(), "sector".into(), "importer".into()],
        labels,
        names: std::iter::once("gross_exports".to_string())
            .chain(WWZ_TERMS.iter().map(|s| (*s).to_string()))
            .collect(),
        columns,
    }
}

/// Computes the 16-term WWZ decomposition of every bilateral sector-level export flow.
pub fn wwz(sys: &GvcSystem, paths: &DemandPaths) -> WwzDecomposition {
    let n = sys.n();
    let g = sys.g();
    let of_row = &sys.economies.of_row;
    let own = |m: &Mat<f64>, k: usize| m[(k, of_row[k])];
    let col = |v: Vec<f64>| Mat::from_fn(v.len(), 1, |i, _| v[i]);
    let (q, t, r, f) = (&paths.q, &paths.t, &paths.r, &paths.f);
    let w2 = col((0..n).map(|k| own(r, k)).collect());
    let w3 = Mat::from_fn(n, g, |k, s| paths.p[k] - own(q, k) - q[(k, s)]);
    let w4 = Mat::from_fn(n, g, |k, s| own(t, k) - r[(k, s)]);
    let w5 = Mat::from_fn(n, g, |k, s| {
        paths.byf[k] - own(t, k) - t[(k, s)] - f[(k, s)] + r[(k, s)]
    });
    let w8 = Mat::from_fn(n, g, |k, s| f[(k, s)] - r[(k, s)]);
    let w14 = col(sys.x.clone());
    let wg = col(paths.g.clone());
    let wh = col(paths.h.clone());
    // order: 0 w2, 1 w3, 2 w4, 3 w5, 4 w6=Q, 5 w7=R, 6 w8, 7 w13=T, 8 x, 9 g, 10 h
    let weights = [&w2, &w3, &w4, &w5, q, r, &w8, t, &w14, &wg, &wh];
    let m = weights.len();
    let sums = sys.foreign_a_sums(&weights);
    let vbt = sys.vb_total();
    let mut out = WwzDecomposition::default();
    let cap = n * (g - 1);
    out.exporter.reserve(cap);
    out.importer.reserve(cap);
    out.exports.reserve(cap);
    out.final_exports.reserve(cap);
    out.terms.reserve(cap);
    for i in 0..n {
        let s = of_row[i];
        let db = sys.vb[(s, i)];
        let dl = sys.dl[i];
        let acc = &sums[i * m * g..(i + 1) * m * g];
        let at = |w: usize, rr: usize| acc[w * g + rr];
        for rr in 0..g {
            if rr == s {
                continue;
            }
            let yir = sys.y[(i, rr)];
            let mva = sys.vb[(rr, i)];
            let ova = vbt[i] - db - mva;
            let terms = [
                db * yir,
                dl * at(0, rr),
                dl * at(1, rr),
                dl * at(2, rr),
                dl * at(3, rr),
                dl * at(4, rr),
                dl * at(5, rr),
                dl * at(6, rr),
                ova * yir,
                mva * yir,
                ova * at(9, rr),
                mva * at(9, rr),
                dl * at(7, rr),
                (db - dl) * at(8, rr),
                ova * at(10, rr),
                mva * at(10, rr),
            ];
            out.exporter.push(i);
            out.importer.push(rr);
            out.exports.push(sys.e[(i, rr)]);
            out.final_exports.push(yir);
            out.terms.push(terms);
        }
    }
    out
}
