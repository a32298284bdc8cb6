//! [`GhoshModel`]: the supply-driven model `x' = va' G` with `G = (I - B)^-1`
//! and allocation coefficients `B = diag(x)^-1 Z` (METHODS §2), held as an
//! LU factorisation of `I - B`; `G` is formed only on request.
//!
//! # Reference
//! Ghosh (1958); Miller & Blair (2009) section 12.1.
//!
//! # Complexity
//! O(N³) factorisation, O(N²) per solve.

use crate::coefficients::Coefficients;
use crate::error::{InputOutputError, Result};
use crate::leontief::Factored;
use faer::Mat;

/// Supply-driven Ghosh model of one table.
#[derive(Debug)]
pub struct GhoshModel {
    factored: Factored,
    n: usize,
}

impl GhoshModel {
    /// Factorises `I - B`.
    pub fn new(coefficients: &Coefficients) -> Result<Self> {
        let b = coefficients.b();
        let factored = Factored::new(&b, &coefficients.labels, "I - B")?;
        Ok(Self {
            factored,
            n: coefficients.n(),
        })
    }

    /// Output `x` pushed by primary inputs `va`: solves `(I - B)' x = va`.
    pub fn output_for(&self, va: &[f64]) -> Result<Vec<f64>> {
        if va.len() != self.n {
            return Err(InputOutputError::LengthMismatch {
                what: "value added",
                got: va.len(),
                want: self.n,
            });
        }
        Ok(self.factored.solve_vec(va, true))
    }

    /// Row sums `G 1` (total forward linkages; Antràs upstreamness).
    pub fn row_sums(&self) -> Vec<f64> {
        self.factored.solve_vec(&vec![1.0; self.n], false)
    }

    /// Forms the Ghosh inverse `G = (I - B)^-1`.
    pub fn g(&self) -> Mat<f64> {
        self.factored.inverse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tables::two_by_two;

    #[test]
    fn value_added_pushes_out_the_table_output() {
        // x' = va' (I - B)^-1 gives back x = (100, 200, 150, 250) from va = (70, 110, 110, 170).
        let c = Coefficients::new(&two_by_two()).unwrap();
        let g = GhoshModel::new(&c).unwrap();
        let x = g.output_for(&c.va).unwrap();
        for (got, want) in x.iter().zip([100.0, 200.0, 150.0, 250.0]) {
            assert!((got - want).abs() < 1e-10, "{got} vs {want}");
        }
        // G = diag(x)^-1 L diag(x)
        let l = crate::LeontiefModel::new(&c).unwrap().l();
        let gm = g.g();
        let xs = [100.0, 200.0, 150.0, 250.0];
        for i in 0..4 {
            for j in 0..4 {
                let want = l[(i, j)] * xs[j] / xs[i];
                assert!((gm[(i, j)] - want).abs() < 1e-12);
            }
        }
    }
}
