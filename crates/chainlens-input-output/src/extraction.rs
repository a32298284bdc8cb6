//! Hypothetical extraction: output lost when a country-sector's intermediate
//! purchases (its column of `A`, backward) or sales (its row, forward) are
//! removed, for one sector or for all sectors at once.
//!
//! # Formula
//! Removing column `j` of `A` is a rank-one change, so by Sherman-Morrison
//! (METHODS §2) the new output for the same final demand `y` (`x = L y`) is
//! `x* = x - Δx` with
//!
//! * backward (purchases): `Δx = (L e_j - e_j) x_j / L_jj`, total `(Σ_i L_ij - 1) x_j / L_jj`;
//! * forward (sales): `Δx = L e_j (x_j - y_j) / L_jj`, total `(Σ_i L_ij) (x_j - y_j) / L_jj`.
//!
//! One sector needs one solve (`L e_j`); all sectors need only the column sums
//! and the diagonal of `L`: one inverse, not N re-solves.
//!
//! # Reference
//! Dietzenbacher, van der Linden & Steenge (1993); Miller & Blair (2009)
//! section 12.2 (hypothetical extraction); the closed form is checked against
//! re-solving the extracted system in the tests.
//!
//! # Complexity
//! One sector: O(N²). All sectors: O(N³) for `L`, then O(N²).
//!
//! # Example
//! ```
//! use chainlens_input_output::{extraction, synthetic, Coefficients, LeontiefModel};
//! let t = synthetic::random_table(2, 2, 3);
//! let c = Coefficients::new(&t)?;
//! let m = LeontiefModel::new(&c)?;
//! let e = extraction::extract_one(&c, &m, 0)?;
//! assert!(e.backward.iter().sum::<f64>() > 0.0);
//! # Ok::<(), chainlens_input_output::InputOutputError>(())
//! ```

use crate::coefficients::Coefficients;
use crate::error::{InputOutputError, Result};
use crate::leontief::LeontiefModel;
use faer::Mat;

/// Output lost by every country-sector when one is extracted.
#[derive(Clone, Debug, PartialEq)]
pub struct Extraction {
    /// Row extracted.
    pub sector: usize,
    /// `Δx` when its purchases are removed.
    pub backward: Vec<f64>,
    /// `Δx` when its sales are removed.
    pub forward: Vec<f64>,
}

/// Final demand consistent with the coefficients: `y = (I - A) x`.
pub fn final_demand(coefficients: &Coefficients) -> Vec<f64> {
    let n = coefficients.n();
    let x = &coefficients.x;
    (0..n)
        .map(|i| x[i] - (0..n).map(|j| coefficients.a[(i, j)] * x[j]).sum::<f64>())
        .collect()
}

/// Extracts one country-sector (row index `j`).
pub fn extract_one(
    coefficients: &Coefficients,
    model: &LeontiefModel,
    j: usize,
) -> Result<Extraction> {
    let n = coefficients.n();
    if j >= n {
        return Err(InputOutputError::LengthMismatch {
            what: "sector index",
            got: j,
            want: n,
        });
    }
    let mut e = vec![0.0; n];
    e[j] = 1.0;
    let lj = model.output_for(&e)?;
    let x = &coefficients.x;
    let y = final_demand(coefficients);
    let ljj = lj[j];
    let backward = (0..n)
        .map(|i| (lj[i] - f64::from(u8::from(i == j))) * x[j] / ljj)
        .collect();
    let forward = (0..n).map(|i| lj[i] * (x[j] - y[j]) / ljj).collect();
    Ok(Extraction {
        sector: j,
        backward,
        forward,
    })
}

/// Total output lost for each country-sector extracted on its own: `(backward, forward)`.
pub fn extract_all(coefficients: &Coefficients, l: &Mat<f64>) -> (Vec<f64>, Vec<f64>) {
    let n = coefficients.n();
    let x = &coefficients.x;
    let y = final_demand(coefficients);
    let colsum: Vec<f64> = (0..n).map(|j| l.col(j).iter().sum()).collect();
    let back = (0..n)
        .map(|j| (colsum[j] - 1.0) * x[j] / l[(j, j)])
        .collect();
    let fwd = (0..n)
        .map(|j| colsum[j] * (x[j] - y[j]) / l[(j, j)])
        .collect();
    (back, fwd)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tables::two_by_two;

    /// Re-solves the system with a row or column of `A` removed.
    fn brute(c: &Coefficients, j: usize, column: bool) -> Vec<f64> {
        let mut c2 = c.clone();
        for k in 0..c.n() {
            if column {
                c2.a[(k, j)] = 0.0;
            } else {
                c2.a[(j, k)] = 0.0;
            }
        }
        let y = final_demand(c);
        let x2 = LeontiefModel::new(&c2).unwrap().output_for(&y).unwrap();
        c.x.iter().zip(&x2).map(|(a, b)| a - b).collect()
    }

    #[test]
    fn closed_form_matches_re_solving() {
        let c = Coefficients::new(&two_by_two()).unwrap();
        let m = LeontiefModel::new(&c).unwrap();
        let l = m.l();
        let (tb, tf) = extract_all(&c, &l);
        for j in 0..4 {
            let e = extract_one(&c, &m, j).unwrap();
            for (got, want) in e.backward.iter().zip(brute(&c, j, true)) {
                assert!((got - want).abs() < 1e-10, "{got} {want}");
            }
            for (got, want) in e.forward.iter().zip(brute(&c, j, false)) {
                assert!((got - want).abs() < 1e-10, "{got} {want}");
            }
            assert!((tb[j] - e.backward.iter().sum::<f64>()).abs() < 1e-10);
            assert!((tf[j] - e.forward.iter().sum::<f64>()).abs() < 1e-10);
        }
        // A_agr's own purchases are 10 of 100; extracting them loses at least that.
        assert!(extract_one(&c, &m, 0).unwrap().backward[0] > 10.0);
    }
}
