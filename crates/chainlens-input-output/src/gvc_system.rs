//! [`GvcSystem`]: the matrices every value-added-in-exports measure shares
//! (METHODS §2), computed once per table and grouping of economies.
//!
//! Conventions (those of decompr and exvatools, so results match them):
//! gross output is recomputed from the rows, `x = Z 1 + Y 1`, and value added
//! is the column residual `va = x - 1'Z`, which makes `x = L y` and
//! `v'L = 1'` identities and so lets every decomposition add up to gross
//! exports. When the table passes the accounting check these equal the
//! table's own `x` and `va`. Final demand is summed by destination economy
//! (`Y`, N x G); exports `E[i, r]` are sales of `i` to economy `r != econ(i)`,
//! intermediate plus final.
//!
//! Sectors whose row-sum output is zero or negative (published-table rounding,
//! see [`crate::coefficients`]) are treated as zero output: their flows (row
//! and column of `Z`, row of `Y`) are taken out before anything is computed
//! (listed in [`GvcSystem::negative_output`] and
//! [`GvcSystem::zero_output_with_flows`]), so KWW, WWZ and Borin-Mancini terms
//! still add up exactly to the gross exports reported. In WIOD 2013 these are
//! cells of -3 to +1 USD million (e.g. `LUX_19`, 2011: one inventory cell of -1).
//!
//! # Complexity
//! One N x N inverse `L` (O(N³), formed by an in-place solve so that peak
//! memory stays near `Z`, `A'` and `L`), local Leontief factorisations of each
//! economy's domestic block (O(Σ n_e³)), `V B` by economy (O(N²)).

use crate::coefficients::{CoefficientOptions, Coefficients};
use crate::economies::Economies;
use crate::error::{InputOutputError, Result};
use crate::leontief::Factored;
use chainlens_model::IcioTable;
use faer::Mat;
use rayon::prelude::*;

/// Shared matrices for the decompositions of one table.
#[derive(Debug)]
pub struct GvcSystem {
    /// Gross output, recomputed from the rows (`x = Z 1 + Y 1`).
    pub x: Vec<f64>,
    /// Value added as the column residual `x - 1'Z`.
    pub va: Vec<f64>,
    /// Value-added coefficients `va / x` (0 for zero output).
    pub v: Vec<f64>,
    /// `CTY_SECTOR` labels.
    pub labels: Vec<String>,
    /// Country-sectors with zero coefficients (zero or negative row-sum output).
    pub zero_output: Vec<usize>,
    /// Country-sectors whose row-sum output `Z 1 + Y 1` was negative, treated as zero.
    pub negative_output: Vec<usize>,
    /// Zero-output country-sectors with intermediate flows, given zero coefficients.
    pub zero_output_with_flows: Vec<usize>,
    /// The grouping of countries into economies.
    pub economies: Economies,
    /// Global Leontief inverse `L` (pymrio `L`, decompr `B`).
    pub l: Mat<f64>,
    /// `A'`: column `i` holds row `i` of `A` (the only copy of `A` kept; see [`GvcSystem::a`]).
    pub at: Mat<f64>,
    /// Final demand by destination economy, N x G.
    pub y: Mat<f64>,
    /// Gross exports by destination economy, N x G (0 towards the own economy).
    pub e: Mat<f64>,
    /// Total gross exports of each country-sector.
    pub e_total: Vec<f64>,
    /// `VB[u, i] = Σ_{k in u} v_k L[k, i]`: value added of economy `u` per unit of `i`'s output, G x N.
    pub vb: Mat<f64>,
    /// `dl[i] = Σ_{k in s} v_k Lloc[k, i]`, `s = econ(i)`: domestic value added per unit of output
    /// through the local Leontief inverse `(I - A_ss)^-1`.
    pub dl: Vec<f64>,
    local: Vec<Factored>,
}

impl GvcSystem {
    /// Builds the shared matrices; fails on an invalid table, a singular `I - A`
    /// or fewer than two economies.
    pub fn new(table: &IcioTable, economies: Economies) -> Result<Self> {
        Self::with_options(table, economies, CoefficientOptions::default())
    }

    /// [`GvcSystem::new`] with the treatment of negative and zero output
    /// chosen (see [`crate::coefficients`]; default: treated as zero output).
    pub fn with_options(
        table: &IcioTable,
        economies: Economies,
        opts: CoefficientOptions,
    ) -> Result<Self> {
        if economies.len() < 2 {
            return Err(InputOutputError::TooFewEconomies {
                found: economies.len(),
            });
        }
        let coefficients = Coefficients::row_balanced_with(table, opts)?;
        // the flows of sectors treated as zero output are taken out (see the module doc)
        let clean = Coefficients::row_balanced_table(table);
        let table = clean.as_ref();
        let n = coefficients.n();
        let g = economies.len();
        let factored = Factored::new(&coefficients.a, &coefficients.labels, "I - A")?;
        let mut local = Vec::with_capacity(g);
        for rows in &economies.rows {
            let m = rows.len();
            let block = Mat::from_fn(m, m, |a, b| coefficients.a[(rows[a], rows[b])]);
            let labels: Vec<String> = rows
                .iter()
                .map(|&r| coefficients.labels[r].clone())
                .collect();
            local.push(Factored::new(&block, &labels, "a domestic block I - A_ss")?);
        }
        // Peak memory: free A before forming L, keep A' (built from Z) afterwards.
        let Coefficients {
            a,
            x,
            va,
            v,
            zero_output,
            negative_output,
            zero_output_with_flows,
            labels,
        } = coefficients;
        drop(a);
        let l = factored.inverse_lean();
        drop(factored);
        let inv = crate::coefficients::inverse_or_zero(&x);
        let at = Mat::from_fn(n, n, |k, i| table.z[i * n + k] * inv[k]);
        let k = table.n_fd();
        let mut y = Mat::<f64>::zeros(n, g);
        let mut e = Mat::<f64>::zeros(n, g);
        for i in 0..n {
            let own = economies.of_row[i];
            for c in 0..k {
                let r = economies.of_fd[c];
                y[(i, r)] += table.y[i * k + c];
            }
            for r in 0..g {
                if r != own {
                    e[(i, r)] = y[(i, r)];
                }
            }
            let zrow = &table.z[i * n..(i + 1) * n];
            for j in 0..n {
                let r = economies.of_row[j];
                if r != own {
                    e[(i, r)] += zrow[j];
                }
            }
        }
        let e_total: Vec<f64> = (0..n).map(|i| (0..g).map(|r| e[(i, r)]).sum()).collect();
        let of_row = &economies.of_row;
        // VB by economy: column i of L, accumulated by the economy of each row.
        let cols: Vec<Vec<f64>> = (0..n)
            .into_par_iter()
            .map(|i| {
                let mut acc = vec![0.0; g];
                let col = l.col(i);
                for kk in 0..n {
                    acc[of_row[kk]] += v[kk] * col[kk];
                }
                acc
            })
            .collect();
        let vb = Mat::from_fn(g, n, |u, i| cols[i][u]);
        let mut sys = Self {
            x,
            va,
            v,
            labels,
            zero_output,
            negative_output,
            zero_output_with_flows,
            economies,
            l,
            at,
            y,
            e,
            e_total,
            vb,
            dl: Vec::new(),
            local,
        };
        sys.dl = sys.local_transpose_apply(&sys.v);
        Ok(sys)
    }

    /// Number of country-sectors.
    pub fn n(&self) -> usize {
        self.x.len()
    }

    /// `A` as a view (the transpose of the stored `A'`).
    pub fn a(&self) -> faer::MatRef<'_, f64> {
        self.at.transpose()
    }

    /// Number of economies.
    pub fn g(&self) -> usize {
        self.economies.len()
    }

    /// Economy of row `i`.
    pub fn econ(&self, i: usize) -> usize {
        self.economies.of_row[i]
    }

    /// `Lloc w`: applies each economy's local Leontief inverse `(I - A_ss)^-1` to its rows of `w`.
    pub fn local_apply(&self, w: &[f64]) -> Vec<f64> {
        self.local_apply_impl(w, false)
    }

    /// `w' Lloc` (as a column): the transpose application.
    pub fn local_transpose_apply(&self, w: &[f64]) -> Vec<f64> {
        self.local_apply_impl(w, true)
    }

    fn local_apply_impl(&self, w: &[f64], transpose: bool) -> Vec<f64> {
        let mut out = vec![0.0; w.len()];
        for (rows, f) in self.economies.rows.iter().zip(&self.local) {
            let sub: Vec<f64> = rows.iter().map(|&r| w[r]).collect();
            let sol = f.solve_vec(&sub, transpose);
            for (&r, s) in rows.iter().zip(sol) {
                out[r] = s;
            }
        }
        out
    }

    /// `Lloc M` for an N x K matrix, block by block.
    pub fn local_apply_mat(&self, m: &Mat<f64>) -> Mat<f64> {
        let mut out = Mat::<f64>::zeros(m.nrows(), m.ncols());
        for (rows, f) in self.economies.rows.iter().zip(&self.local) {
            let mut sub = Mat::from_fn(rows.len(), m.ncols(), |a, c| m[(rows[a], c)]);
            f.solve_in_place(&mut sub);
            for (a, &r) in rows.iter().enumerate() {
                for c in 0..m.ncols() {
                    out[(r, c)] = sub[(a, c)];
                }
            }
        }
        out
    }

    /// Column sums `Σ_u VB[u, i]` (1 up to rounding: all value added somewhere).
    pub fn vb_total(&self) -> Vec<f64> {
        (0..self.n())
            .map(|i| (0..self.g()).map(|u| self.vb[(u, i)]).sum())
            .collect()
    }

    /// Foreign value added per unit of row `i`'s output, `Σ_{u != s} VB[u, i]`.
    pub fn foreign_content(&self) -> Vec<f64> {
        let tot = self.vb_total();
        (0..self.n())
            .map(|i| tot[i] - self.vb[(self.econ(i), i)])
            .collect()
    }

    /// Domestic final demand of each row, `Y[i, econ(i)]`, and foreign final demand `Σ_{r != econ(i)} Y[i, r]`.
    pub fn y_domestic_foreign(&self) -> (Vec<f64>, Vec<f64>) {
        let n = self.n();
        let mut d = vec![0.0; n];
        let mut f = vec![0.0; n];
        for i in 0..n {
            let s = self.econ(i);
            for r in 0..self.g() {
                if r == s {
                    d[i] += self.y[(i, r)];
                } else {
                    f[i] += self.y[(i, r)];
                }
            }
        }
        (d, f)
    }

    /// Sums of a per-row vector by economy.
    pub fn by_economy(&self, w: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.g()];
        for (i, v) in w.iter().enumerate() {
            out[self.econ(i)] += v;
        }
        out
    }

    /// For each row `i` and each of the `m` per-row weight functions, the sums
    /// `Σ_{k in r} A[i, k] w(k, econ(i))` for every economy `r`, as an N x (m G)
    /// row-major buffer (`out[i][m * G + r]`); the block `r = econ(i)` is left 0.
    /// `w` is given as m matrices N x G (`w[(k, s)]`) or N x 1 when it does not depend on `s`.
    pub(crate) fn foreign_a_sums(&self, w: &[&Mat<f64>]) -> Vec<f64> {
        let n = self.n();
        let g = self.g();
        let m = w.len();
        let of_row = &self.economies.of_row;
        let mut out = vec![0.0; n * m * g];
        out.par_chunks_mut(m * g).enumerate().for_each(|(i, acc)| {
            let s = of_row[i];
            let row = self.at.col(i);
            for k in 0..n {
                let r = of_row[k];
                if r == s {
                    continue;
                }
                let a = row[k];
                if a == 0.0 {
                    continue;
                }
                for (t, wt) in w.iter().enumerate() {
                    let c = if wt.ncols() == 1 { 0 } else { s };
                    acc[t * g + r] += a * wt[(k, c)];
                }
            }
        });
        out
    }
}
