//! [`LeontiefModel`]: the demand-driven model `x = L y` with `L = (I - A)^-1`
//! (METHODS §2), held as an LU factorisation of `I - A`.
//!
//! `output_for(&y)` solves `(I - A) x = y` instead of forming `L`; `l()` forms
//! `L` only when asked (decompositions need its blocks).
//!
//! # Reference
//! Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., ch. 2 (Table 2.4
//! style checks in the tests).
//!
//! # Complexity
//! Factorisation O(N³) (2/3 N³ flops), each solve O(N²) per right-hand side,
//! `l()` O(N³); memory one N x N factor.

use crate::coefficients::{Coefficients, inverse_or_zero, validate};
use crate::error::{InputOutputError, Result};
use chainlens_model::IcioTable;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, inverse, solve};
use faer::perm::PermRef;
use faer::{Conj, Mat, get_global_parallelism};
use rayon::prelude::*;

/// The LU factorisation `P M = L U` of `M = I - C` for a coefficient matrix
/// `C`, stored in place in one N x N matrix (unit lower `L` below the
/// diagonal, `U` on and above), with the singularity check both models share.
#[derive(Debug)]
pub(crate) struct Factored {
    lu: Mat<f64>,
    fwd: Vec<usize>,
    bwd: Vec<usize>,
    n: usize,
}

impl Factored {
    /// Factorises `I - c`; `name` is `"I - A"` or `"I - B"` for errors.
    pub(crate) fn new(c: &Mat<f64>, labels: &[String], name: &'static str) -> Result<Self> {
        let n = c.nrows();
        let lu = Mat::from_fn(
            n,
            n,
            |i, j| if i == j { 1.0 - c[(i, j)] } else { -c[(i, j)] },
        );
        Self::factorise(lu, labels, name)
    }

    /// Factorises an already formed `I - C` in place.
    fn factorise(mut lu: Mat<f64>, labels: &[String], name: &'static str) -> Result<Self> {
        let n = lu.nrows();
        let mut fwd = vec![0usize; n];
        let mut bwd = vec![0usize; n];
        let par = get_global_parallelism();
        let mut buf = MemBuffer::new(factor::lu_in_place_scratch::<usize, f64>(
            n,
            n,
            par,
            Default::default(),
        ));
        factor::lu_in_place(
            lu.as_mut(),
            &mut fwd,
            &mut bwd,
            par,
            MemStack::new(&mut buf),
            Default::default(),
        );
        let scale = (0..n).map(|i| lu[(i, i)].abs()).fold(0.0f64, f64::max);
        for j in 0..n {
            let p = lu[(j, j)];
            if !p.is_finite() || p.abs() <= scale * 1e-13 * n as f64 {
                return Err(InputOutputError::Singular {
                    matrix: name,
                    label: labels.get(j).cloned().unwrap_or_else(|| format!("#{j}")),
                    pivot: p,
                });
            }
        }
        Ok(Self { lu, fwd, bwd, n })
    }

    fn perm(&self) -> PermRef<'_, usize> {
        PermRef::new_checked(&self.fwd, &self.bwd, self.n)
    }

    pub(crate) fn solve_in_place(&self, rhs: &mut Mat<f64>) {
        let par = get_global_parallelism();
        let mut buf = MemBuffer::new(solve::solve_in_place_scratch::<usize, f64>(
            self.n,
            rhs.ncols(),
            par,
        ));
        solve::solve_in_place_with_conj(
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            Conj::No,
            rhs.as_mut(),
            par,
            MemStack::new(&mut buf),
        );
    }

    pub(crate) fn solve_transpose_in_place(&self, rhs: &mut Mat<f64>) {
        let par = get_global_parallelism();
        let mut buf = MemBuffer::new(solve::solve_transpose_in_place_scratch::<usize, f64>(
            self.n,
            rhs.ncols(),
            par,
        ));
        solve::solve_transpose_in_place_with_conj(
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            Conj::No,
            rhs.as_mut(),
            par,
            MemStack::new(&mut buf),
        );
    }

    pub(crate) fn solve_vec(&self, b: &[f64], transpose: bool) -> Vec<f64> {
        let mut m = Mat::from_fn(self.n, 1, |i, _| b[i]);
        if transpose {
            self.solve_transpose_in_place(&mut m);
        } else {
            self.solve_in_place(&mut m);
        }
        (0..self.n).map(|i| m[(i, 0)]).collect()
    }

    /// The inverse by solving `L U X = P` in place in the output: no N x N
    /// scratch (faer's `inverse` needs one), about a third slower. Used where
    /// peak memory matters ([`crate::GvcSystem`]).
    pub(crate) fn inverse_lean(&self) -> Mat<f64> {
        use faer::linalg::triangular_solve::{
            solve_unit_lower_triangular_in_place, solve_upper_triangular_in_place,
        };
        let par = get_global_parallelism();
        let mut out = Mat::<f64>::zeros(self.n, self.n);
        for (i, &p) in self.fwd.iter().enumerate() {
            out[(i, p)] = 1.0;
        }
        solve_unit_lower_triangular_in_place(self.lu.as_ref(), out.as_mut(), par);
        solve_upper_triangular_in_place(self.lu.as_ref(), out.as_mut(), par);
        out
    }

    pub(crate) fn inverse(&self) -> Mat<f64> {
        let par = get_global_parallelism();
        let mut out = Mat::<f64>::zeros(self.n, self.n);
        let mut buf = MemBuffer::new(inverse::inverse_scratch::<usize, f64>(self.n, par));
        inverse::inverse(
            out.as_mut(),
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            par,
            MemStack::new(&mut buf),
        );
        out
    }
}

/// Demand-driven Leontief model of one table.
#[derive(Debug)]
pub struct LeontiefModel {
    factored: Factored,
    labels: Vec<String>,
}

impl LeontiefModel {
    /// Factorises `I - A`; [`InputOutputError::Singular`] names the sector whose pivot vanishes.
    pub fn new(coefficients: &Coefficients) -> Result<Self> {
        let factored = Factored::new(&coefficients.a, &coefficients.labels, "I - A")?;
        Ok(Self {
            factored,
            labels: coefficients.labels.clone(),
        })
    }

    /// Factorises `I - A` formed straight from a table's `Z` and `x` (zero-output rule,
    /// column tiles in parallel) without keeping `A`: the same factorisation as
    /// `LeontiefModel::new(&Coefficients::new(table)?)`, with one N x N matrix instead of
    /// two. For callers that need only solves (scenarios' propagation).
    pub fn from_table(table: &IcioTable) -> Result<Self> {
        const TILE: usize = 64;
        validate(table)?;
        let n = table.n();
        let inv = inverse_or_zero(&table.x);
        let mut m = Mat::<f64>::zeros(n, n);
        m.par_col_chunks_mut(TILE)
            .enumerate()
            .for_each(|(chunk, mut cols)| {
                let j0 = chunk * TILE;
                for (i, row) in table.z.chunks_exact(n).enumerate() {
                    let tile = row[j0..j0 + cols.ncols()].iter().zip(&inv[j0..]);
                    for (jj, (&z, &inv)) in tile.enumerate() {
                        let a = z * inv;
                        cols[(i, jj)] = if i == j0 + jj { 1.0 - a } else { -a };
                    }
                }
            });
        let labels: Vec<String> = (0..n).map(|i| table.label(i)).collect();
        Ok(Self {
            factored: Factored::factorise(m, &labels, "I - A")?,
            labels,
        })
    }

    /// Number of country-sectors.
    pub fn n(&self) -> usize {
        self.labels.len()
    }

    fn check_len(&self, what: &'static str, got: usize) -> Result<()> {
        if got == self.n() {
            Ok(())
        } else {
            Err(InputOutputError::LengthMismatch {
                what,
                got,
                want: self.n(),
            })
        }
    }

    /// Output `x` that satisfies final demand `y`: solves `(I - A) x = y`.
    pub fn output_for(&self, y: &[f64]) -> Result<Vec<f64>> {
        self.check_len("final demand", y.len())?;
        Ok(self.factored.solve_vec(y, false))
    }

    /// Row vector `w' L` for a coefficient row `w` (value added, employment per
    /// unit of output): solves `(I - A)' m = w`. `w = 1` gives output multipliers.
    pub fn multipliers_for(&self, w: &[f64]) -> Result<Vec<f64>> {
        self.check_len("coefficient row", w.len())?;
        Ok(self.factored.solve_vec(w, true))
    }

    /// `L Y` for several right-hand sides at once (columns of `rhs`), in place.
    pub fn solve_in_place(&self, rhs: &mut Mat<f64>) -> Result<()> {
        self.check_len("right-hand side", rhs.nrows())?;
        self.factored.solve_in_place(rhs);
        Ok(())
    }

    /// `(L' W)` for several rows at once, in place.
    pub fn solve_transpose_in_place(&self, rhs: &mut Mat<f64>) -> Result<()> {
        self.check_len("right-hand side", rhs.nrows())?;
        self.factored.solve_transpose_in_place(rhs);
        Ok(())
    }

    /// Forms the Leontief inverse `L = (I - A)^-1` (N x N); prefer
    /// [`LeontiefModel::output_for`] when only `x` is needed.
    pub fn l(&self) -> Mat<f64> {
        self.factored.inverse()
    }

    /// Country-sector labels.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tables::two_by_two;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn from_table_factorises_the_same_matrix() {
        let t = two_by_two();
        let direct = LeontiefModel::from_table(&t).unwrap();
        let via = LeontiefModel::new(&Coefficients::new(&t).unwrap()).unwrap();
        let y = [60.0, 120.0, 95.0, 185.0];
        assert_eq!(direct.output_for(&y).unwrap(), via.output_for(&y).unwrap());
        assert_eq!(
            direct.multipliers_for(&[1.0; 4]).unwrap(),
            via.multipliers_for(&[1.0; 4]).unwrap()
        );
    }

    #[test]
    fn output_for_final_demand_reproduces_x() {
        // y = x - Z1 = (60, 120, 95, 185) must give back x = (100, 200, 150, 250).
        let c = Coefficients::new(&two_by_two()).unwrap();
        let m = LeontiefModel::new(&c).unwrap();
        let x = m.output_for(&[60.0, 120.0, 95.0, 185.0]).unwrap();
        for (got, want) in x.iter().zip([100.0, 200.0, 150.0, 250.0]) {
            assert!(close(*got, want), "{got} vs {want}");
        }
    }

    #[test]
    fn value_added_multipliers_are_one() {
        // v'L = 1' when va closes the columns.
        let c = Coefficients::new(&two_by_two()).unwrap();
        let m = LeontiefModel::new(&c).unwrap();
        for got in m.multipliers_for(&c.v).unwrap() {
            assert!(close(got, 1.0));
        }
        let l = m.l();
        // L (I - A) = I
        for i in 0..4 {
            for j in 0..4 {
                let mut s = l[(i, j)];
                for k in 0..4 {
                    s -= l[(i, k)] * c.a[(k, j)];
                }
                assert!(close(s, f64::from(u8::from(i == j))));
            }
        }
    }

    #[test]
    fn singular_system_names_the_sector() {
        // A single sector using exactly its own output: 1 - A = 0.
        let mut t = two_by_two();
        t.z = vec![0.0; 16];
        t.z[5] = 200.0; // A_man buys all of its own output
        t.va = vec![100.0, 0.0, 150.0, 250.0];
        let c = Coefficients::new(&t).unwrap();
        let e = LeontiefModel::new(&c).unwrap_err();
        assert!(
            matches!(e, InputOutputError::Singular { ref label, .. } if label == "A_man"),
            "{e}"
        );
    }

    #[test]
    fn wrong_length_is_an_error() {
        let c = Coefficients::new(&two_by_two()).unwrap();
        let m = LeontiefModel::new(&c).unwrap();
        assert!(matches!(
            m.output_for(&[1.0]),
            Err(InputOutputError::LengthMismatch {
                got: 1,
                want: 4,
                ..
            })
        ));
    }
}
