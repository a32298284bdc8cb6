//! Production length and the GVC position index of Wang, Wei, Yu & Zhu (2017),
//! the basis of the UIBE GVC indicators.
//!
//! # What it measures
//! How many production stages lie between the value added of a country-sector
//! and final use (forward length, `PLv`), and between primary inputs and a
//! country-sector's final product (backward length, `PLy`), in total and for
//! the GVC part of production (value added that crosses a border for
//! production). The position index is the ratio of forward to backward GVC
//! length: above 1 for upstream suppliers.
//!
//! # Formula
//! With `B = L`, `Lloc = (I - A_D)^-1` (domestic blocks), `A^F` the foreign
//! blocks of `A`, `y = Y 1` and `x = B y` (METHODS §2):
//!
//! * total: `PLv = V̂BBŶu / V̂BŶu = (L x) / x`, `PLy = u'V̂BBŶ / u'V̂BŶ = u'L`;
//! * GVC value added `V_GVC = V̂ Lloc A^F B Ŷ u`, `Y_GVC = u' V̂ Lloc A^F B Ŷ`;
//! * GVC output `Xv_GVC = V̂ Lloc Lloc A^F B Ŷ u + V̂ Lloc A^F B B Ŷ u`
//!   (domestic stages before the border, then stages after it), and the
//!   column analogue `Xy_GVC`;
//! * `PLv_GVC = Xv_GVC / V_GVC`, `PLy_GVC = Xy_GVC / Y_GVC`,
//!   `GVC position = PLv_GVC / PLy_GVC`.
//!
//! Rows with no GVC value added give `NaN`.
//!
//! # Reference
//! Wang, Z., Wei, S.-J., Yu, X. & Zhu, K. (2017), *Characterizing global value
//! chains: production length and upstreamness*, NBER WP 23261, sections 2-3
//! (eqs. for `PLv_GVC`, `PLy_GVC` and the position index). No published
//! table is reproduced: the tests check the identities (`PLv = U` of Antràs,
//! `PLy` = output multiplier, lengths at least 1).
//!
//! # Complexity
//! On top of [`GvcSystem`]: O(N²) (matrix-vector products and local solves).

use crate::gvc_system::GvcSystem;
use faer::Mat;

/// Production lengths of every country-sector.
#[derive(Clone, Debug, PartialEq)]
pub struct ProductionLength {
    /// Total forward length `PLv`.
    pub plv: Vec<f64>,
    /// Total backward length `PLy`.
    pub ply: Vec<f64>,
    /// Forward GVC length `PLv_GVC`.
    pub plv_gvc: Vec<f64>,
    /// Backward GVC length `PLy_GVC`.
    pub ply_gvc: Vec<f64>,
    /// `PLv_GVC / PLy_GVC`.
    pub gvc_position: Vec<f64>,
    /// GVC value added `V_GVC` of each row (the weight of `PLv_GVC`).
    pub v_gvc: Vec<f64>,
    /// GVC final output `Y_GVC` of each column (the weight of `PLy_GVC`).
    pub y_gvc: Vec<f64>,
}

fn col(v: &[f64]) -> Mat<f64> {
    Mat::from_fn(v.len(), 1, |i, _| v[i])
}

fn to_vec(m: &Mat<f64>) -> Vec<f64> {
    (0..m.nrows()).map(|i| m[(i, 0)]).collect()
}

/// `A^F w` (foreign blocks only).
fn af_times(sys: &GvcSystem, w: &[f64]) -> Vec<f64> {
    let full = to_vec(&(sys.a() * col(w)));
    let mut out = full;
    for rows in &sys.economies.rows {
        for &i in rows {
            let mut dom = 0.0;
            for &k in rows {
                dom += sys.at[(k, i)] * w[k];
            }
            out[i] -= dom;
        }
    }
    out
}

/// `w' A^F` as a column.
fn t_af_times(sys: &GvcSystem, w: &[f64]) -> Vec<f64> {
    let full = to_vec(&(sys.at.as_ref() * col(w)));
    let mut out = full;
    for rows in &sys.economies.rows {
        for &j in rows {
            let mut dom = 0.0;
            for &k in rows {
                dom += sys.at[(j, k)] * w[k];
            }
            out[j] -= dom;
        }
    }
    out
}

/// Computes the production lengths of every country-sector of `sys`.
pub fn production_length(sys: &GvcSystem) -> ProductionLength {
    let n = sys.n();
    let v = &sys.v;
    let x = &sys.x;
    let l = &sys.l;
    let y: Vec<f64> = (0..n)
        .map(|i| (0..sys.g()).map(|r| sys.y[(i, r)]).sum())
        .collect();
    let ratio = |a: f64, b: f64| if b != 0.0 { a / b } else { f64::NAN };
    // totals
    let lx = to_vec(&(l * col(x)));
    let plv: Vec<f64> = (0..n).map(|i| ratio(lx[i], x[i])).collect();
    let ones = vec![1.0; n];
    let ply = to_vec(&(l.transpose() * col(&ones)));
    // forward GVC
    let afx = af_times(sys, x);
    let r = sys.local_apply(&afx); // Lloc A^F B y
    let lr = sys.local_apply(&r); // Lloc Lloc A^F B y
    let af_lx = af_times(sys, &lx); // A^F B B y
    let l_af_lx = sys.local_apply(&af_lx);
    let v_gvc: Vec<f64> = (0..n).map(|i| v[i] * r[i]).collect();
    let xv_gvc: Vec<f64> = (0..n).map(|i| v[i] * (lr[i] + l_af_lx[i])).collect();
    let plv_gvc: Vec<f64> = (0..n).map(|i| ratio(xv_gvc[i], v_gvc[i])).collect();
    // backward GVC: row vectors
    let dl = &sys.dl; // v' Lloc
    let b_row = t_af_times(sys, dl); // v' Lloc A^F
    let c_row = to_vec(&(l.transpose() * col(&b_row))); // v' Lloc A^F B
    let dll = sys.local_transpose_apply(dl); // v' Lloc Lloc
    let d1 = to_vec(&(l.transpose() * col(&t_af_times(sys, &dll)))); // v' Lloc Lloc A^F B
    let d2 = to_vec(&(l.transpose() * col(&c_row))); // v' Lloc A^F B B
    let ply_gvc: Vec<f64> = (0..n)
        .map(|j| {
            if y[j] != 0.0 {
                ratio(d1[j] + d2[j], c_row[j])
            } else {
                f64::NAN
            }
        })
        .collect();
    let gvc_position = (0..n).map(|i| ratio(plv_gvc[i], ply_gvc[i])).collect();
    let y_gvc = (0..n).map(|j| c_row[j] * y[j]).collect();
    ProductionLength {
        plv,
        ply,
        plv_gvc,
        ply_gvc,
        gvc_position,
        v_gvc,
        y_gvc,
    }
}
