//! Koopman, Wang & Wei (2014): each economy's gross exports split into nine
//! value-added and double-counting terms.
//!
//! # What it measures
//! How much of an economy's gross exports is its own value added absorbed
//! abroad (VAX, terms 1-3), its own value added that comes back home (4-5),
//! foreign value added (7-8), and double counting (6 domestic, 9 foreign).
//!
//! # Formula
//! For exporter `s`, importers `r != s`, third economies `t != s, r`, with
//! `B = L` and `Lss = (I - A_ss)^-1` (KWW 2014 eq. 36; METHODS §2):
//!
//! | # | term | formula |
//! |---|---|---|
//! | 1 | DVA_FIN | `V_s B_ss Σ_r Y_sr` |
//! | 2 | DVA_INT | `V_s Σ_r B_sr Y_rr` |
//! | 3 | DVA_INTrex | `V_s Σ_r Σ_t B_sr Y_rt` |
//! | 4 | RDV_FIN | `V_s Σ_r B_sr Y_rs` |
//! | 5 | RDV_INT | `V_s Σ_r B_sr A_rs Lss Y_ss` |
//! | 6 | DDC | `V_s Σ_r B_sr A_rs Lss E_s*` |
//! | 7 | FVA_FIN | `Σ_t V_t B_ts Σ_r Y_sr` |
//! | 8 | FVA_INT | `Σ_t V_t B_ts Σ_r A_sr L_rr Y_rr` |
//! | 9 | FDC | `Σ_t V_t B_ts Σ_r A_sr L_rr E_r*` |
//!
//! Every term is computed from its formula (none is a residual), and the nine
//! add up to gross exports `E_s*` (tested to 1e-9 relative). Terms 1-6 are
//! attributed to the value-added-origin sector, 7-9 to the exporting sector;
//! like decompr we report the economy totals, where both readings agree.
//!
//! # Parameters and defaults
//! The grouping of countries into economies ([`crate::Economies`]).
//!
//! # Reference
//! Koopman, R., Wang, Z. & Wei, S.-J. (2014), *Tracing value-added and double
//! counting in gross exports*, American Economic Review 104(2), 459-494, eq. (36);
//! decompr 6.8.0 `R/kww.R`.
//!
//! # Complexity
//! On top of [`crate::DemandPaths`]: two N x N x G products (`A Ĝ`, `L C`), O(N G) more.
//!
//! # Example
//! ```
//! use chainlens_input_output::{kww, synthetic, DemandPaths, Economies, GvcSystem};
//! let t = synthetic::random_table(3, 2, 1);
//! let sys = GvcSystem::new(&t, Economies::countries(&t)?)?;
//! let by_economy = kww(&sys, &DemandPaths::new(&sys)).by_economy(&sys);
//! let (exports, terms) = by_economy[0];
//! assert!((terms.iter().sum::<f64>() - exports).abs() < 1e-9 * exports);
//! # Ok::<(), chainlens_input_output::InputOutputError>(())
//! ```

use crate::gvc_system::GvcSystem;
use crate::paths::DemandPaths;
use faer::Mat;

/// Names of the nine KWW terms.
pub const KWW_TERMS: [&str; 9] = [
    "DVA_FIN",
    "DVA_INT",
    "DVA_INTrex",
    "RDV_FIN",
    "RDV_INT",
    "DDC",
    "FVA_FIN",
    "FVA_INT",
    "FDC",
];

/// KWW terms by country-sector (terms 1-6 by value-added origin, 7-9 by exporting sector).
#[derive(Clone, Debug)]
pub struct KwwDecomposition {
    /// `terms[i]`: the nine terms attributed to row `i`.
    pub terms: Vec<[f64; 9]>,
    /// Gross exports of each row.
    pub exports: Vec<f64>,
}

impl KwwDecomposition {
    /// Totals by exporting economy: `(gross exports, nine terms)`.
    pub fn by_economy(&self, sys: &GvcSystem) -> Vec<(f64, [f64; 9])> {
        let mut out = vec![(0.0, [0.0; 9]); sys.g()];
        for (i, t) in self.terms.iter().enumerate() {
            let o = &mut out[sys.econ(i)];
            o.0 += self.exports[i];
            for (a, b) in o.1.iter_mut().zip(t) {
                *a += b;
            }
        }
        out
    }
}

/// `M[j, s] = Σ_{k in s} A[j, k] w[k]` for `econ(j) != s`, 0 on the own economy.
fn a_into_economies(sys: &GvcSystem, w: &[f64]) -> Mat<f64> {
    let n = sys.n();
    let g = sys.g();
    let of_row = &sys.economies.of_row;
    let diag = Mat::from_fn(n, g, |k, s| if of_row[k] == s { w[k] } else { 0.0 });
    let mut m = sys.a() * &diag;
    for j in 0..n {
        m[(j, of_row[j])] = 0.0;
    }
    m
}

/// Computes the KWW decomposition for every economy.
pub fn kww(sys: &GvcSystem, paths: &DemandPaths) -> KwwDecomposition {
    let n = sys.n();
    let of_row = &sys.economies.of_row;
    let v = &sys.v;
    let lc = &sys.l * &a_into_economies(sys, &paths.g);
    let ld = &sys.l * &a_into_economies(sys, &paths.h);
    let fc = sys.foreign_content();
    let col = |w: &[f64]| Mat::from_fn(n, 1, |i, _| w[i]);
    let (wg, wh) = (col(&paths.g), col(&paths.h));
    let sums = sys.foreign_a_sums(&[&wg, &wh]);
    let g = sys.g();
    let terms = (0..n)
        .map(|i| {
            let s = of_row[i];
            let acc = &sums[i * 2 * g..(i + 1) * 2 * g];
            let sg: f64 = acc[..g].iter().sum();
            let sh: f64 = acc[g..].iter().sum();
            let (t, q, f) = (&paths.t, &paths.q, &paths.f);
            [
                v[i] * t[(i, s)],
                v[i] * (paths.p[i] - q[(i, s)]),
                v[i] * (paths.byf[i] - t[(i, s)] - f[(i, s)]),
                v[i] * f[(i, s)],
                v[i] * lc[(i, s)],
                v[i] * ld[(i, s)],
                fc[i] * paths.yf[i],
                fc[i] * sg,
                fc[i] * sh,
            ]
        })
        .collect();
    KwwDecomposition {
        terms,
        exports: sys.e_total.clone(),
    }
}
