//! Value-added origin of final demand and of exports.
//!
//! # What it measures
//! Which country-sector's value added is embodied in a destination's final
//! demand (trade in value added, Johnson & Noguera 2012), and in each
//! country-sector's gross exports or output (decompr's `leontief()`).
//!
//! # Formula
//! Final demand: `VAY = diag(v) L Y` (N x G, by destination economy), by `G`
//! solves. Leontief decomposition: `diag(v) L diag(w)` with `w` = exports
//! (decompr `post = "exports"`) or output (`post = "output"`), N x N (METHODS §2).
//!
//! # Reference
//! Johnson & Noguera (2012); decompr 6.8.0 `leontief()`, reproduced on its
//! leather example (row 1 = 28.52278, row 81 = 34.74381 for exports;
//! 66.75361799 and 96.78316785 for output).
//!
//! # Complexity
//! `VAY`: O(N² G) given the factorisation. Leontief decomposition: needs `L`, O(N²) more.

use crate::coefficients::Coefficients;
use crate::error::Result;
use crate::leontief::LeontiefModel;
use faer::Mat;

/// `diag(v) L Y`: value added of each origin row (rows) absorbed by final demand of each column of `y`.
pub fn value_added_in_final_demand(
    coefficients: &Coefficients,
    model: &LeontiefModel,
    y: &Mat<f64>,
) -> Result<Mat<f64>> {
    // (v_i (L Y)_ic): solve then scale rows.
    let mut ly = y.to_owned();
    model.solve_in_place(&mut ly)?;
    let v = &coefficients.v;
    Ok(Mat::from_fn(ly.nrows(), ly.ncols(), |i, c| {
        v[i] * ly[(i, c)]
    }))
}

/// decompr's Leontief decomposition `diag(v) L diag(w)`: entry `(i, j)` is the
/// value added of origin `i` embodied in `w[j]` (exports or output of `j`).
pub fn leontief_decomposition(v: &[f64], l: &Mat<f64>, w: &[f64]) -> Mat<f64> {
    Mat::from_fn(l.nrows(), l.ncols(), |i, j| v[i] * l[(i, j)] * w[j])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tables::two_by_two;

    #[test]
    fn value_added_of_each_origin_is_fully_absorbed() {
        // Σ over destinations of v_i (L Y)_i,c = v_i x_i = va_i: (70, 110, 110, 170).
        let t = two_by_two();
        let c = Coefficients::new(&t).unwrap();
        let m = LeontiefModel::new(&c).unwrap();
        let y = Mat::from_fn(4, 2, |i, k| t.y[i * 2 + k]);
        let vay = value_added_in_final_demand(&c, &m, &y).unwrap();
        for (i, want) in [70.0, 110.0, 110.0, 170.0].iter().enumerate() {
            let got = vay[(i, 0)] + vay[(i, 1)];
            assert!((got - want).abs() < 1e-10, "{got} vs {want}");
        }
        // and each destination absorbs value added equal to its final demand (60+...).
        let total_a: f64 = (0..4).map(|i| vay[(i, 0)]).sum();
        assert!((total_a - (50.0 + 100.0 + 15.0 + 35.0)).abs() < 1e-10);
    }
}
