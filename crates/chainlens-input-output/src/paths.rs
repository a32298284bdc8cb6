//! [`DemandPaths`]: products of `L`, the local inverses and final demand that
//! the KWW, WWZ and Borin-Mancini decompositions (METHODS §2) all use,
//! computed once. Every matrix is N x G, indexed `(country-sector k, economy t)`.
//!
//! # Complexity
//! Four N x N x G matrix products (`L Y`, `L Ŷd`, `L Ŷf`, `A Ĝ`), block products
//! O(N n_e G), local solves O(Σ n_e² G).

use crate::gvc_system::GvcSystem;
use faer::Mat;

/// Shared demand paths of one [`GvcSystem`].
#[derive(Debug)]
pub struct DemandPaths {
    /// Final demand of row `k` consumed at home, `Y[k, econ(k)]`.
    pub yd: Vec<f64>,
    /// Final demand of row `k` consumed abroad (final exports).
    pub yf: Vec<f64>,
    /// `L Y`: output of `k` for final demand of economy `t`.
    pub ly: Mat<f64>,
    /// `Q[k, t] = Σ_{j in t} L[k, j] Y[j, t]` (domestic final demand of `t`).
    pub q: Mat<f64>,
    /// `T[k, t] = Σ_{j in t} L[k, j] yf[j]` (final exports of `t`).
    pub t: Mat<f64>,
    /// `R[k, u] = Σ_{j in econ(k)} L[k, j] Y[j, u]` (the diagonal blocks `B_rr` of `L`).
    pub r: Mat<f64>,
    /// `F = L Y - Q`: `F[k, u] = Σ_{j not in u} L[k, j] Y[j, u]`.
    pub f: Mat<f64>,
    /// `Σ_t Q[k, t] = (L yd)[k]`.
    pub p: Vec<f64>,
    /// `Σ_t T[k, t] = (L yf)[k]`.
    pub byf: Vec<f64>,
    /// `g = Lloc yd`: local production for the own economy's final demand.
    pub g: Vec<f64>,
    /// `h = Lloc E`: local production for the own economy's gross exports.
    pub h: Vec<f64>,
}

impl DemandPaths {
    /// Computes the paths of `sys`.
    pub fn new(sys: &GvcSystem) -> Self {
        let n = sys.n();
        let g = sys.g();
        let (yd, yf) = sys.y_domestic_foreign();
        let of_row = &sys.economies.of_row;
        let ly = &sys.l * &sys.y;
        let yd_diag = Mat::from_fn(n, g, |j, t| if of_row[j] == t { yd[j] } else { 0.0 });
        let yf_diag = Mat::from_fn(n, g, |j, t| if of_row[j] == t { yf[j] } else { 0.0 });
        let q = &sys.l * &yd_diag;
        let t = &sys.l * &yf_diag;
        drop((yd_diag, yf_diag));
        let mut r = Mat::<f64>::zeros(n, g);
        for rows in &sys.economies.rows {
            for &j in rows {
                let lcol = sys.l.col(j);
                for u in 0..g {
                    let yju = sys.y[(j, u)];
                    if yju == 0.0 {
                        continue;
                    }
                    for &k in rows {
                        r[(k, u)] += lcol[k] * yju;
                    }
                }
            }
        }
        let f = Mat::from_fn(n, g, |k, u| ly[(k, u)] - q[(k, u)]);
        let p = (0..n).map(|k| (0..g).map(|u| q[(k, u)]).sum()).collect();
        let byf = (0..n).map(|k| (0..g).map(|u| t[(k, u)]).sum()).collect();
        let gv = sys.local_apply(&yd);
        let h = sys.local_apply(&sys.e_total);
        Self {
            yd,
            yf,
            ly,
            q,
            t,
            r,
            f,
            p,
            byf,
            g: gv,
            h,
        }
    }
}
