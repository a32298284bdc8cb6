//! Technical and allocation coefficients (METHODS §2): `A = Z diag(x)^-1`,
//! `B = diag(x)^-1 Z`, value-added coefficients `v = va / x`, and the
//! zero-output rule.
//!
//! # Zero-output rule
//! A country-sector with `x = 0` (for instance the empty `CHN`/`MEX` blocks of
//! the split OECD ICIO layout) must have no intermediate purchases (column of
//! `Z`), no intermediate sales (row of `Z`) and no value added: otherwise
//! [`IoError::ZeroOutputWithFlows`] names it. Its column of `A`, row of `B`
//! and `v` are then 0 (it produces nothing and buys nothing), and it is listed
//! in [`Coefficients::zero_output`] so callers can report it. pymrio instead
//! silences the division warning and zeroes any `inf`, whatever the flows.
//!
//! # Complexity
//! O(N²) time, one N x N matrix.

use crate::error::{IoError, Result};
use chainlens_model::IcioTable;
use faer::Mat;

/// Coefficients of one table: `A`, `v`, `x` and the zero-output sectors.
#[derive(Clone, Debug)]
pub struct Coefficients {
    /// Technical coefficients `A[i, j] = Z[i, j] / x[j]`.
    pub a: Mat<f64>,
    /// Gross output.
    pub x: Vec<f64>,
    /// Value added.
    pub va: Vec<f64>,
    /// Value-added coefficients `v[j] = va[j] / x[j]` (0 where `x[j] = 0`).
    pub v: Vec<f64>,
    /// Country-sectors with zero output, in row order.
    pub zero_output: Vec<usize>,
    /// `CTY_SECTOR` labels, for error messages.
    pub labels: Vec<String>,
}

/// Checks that `table` has consistent shapes, finite numbers, non-negative
/// output and obeys the zero-output rule.
pub fn validate(table: &IcioTable) -> Result<Vec<usize>> {
    if table.n() == 0 {
        return Err(IoError::EmptyTable);
    }
    if let Some(message) = table.shape_problem() {
        return Err(IoError::Shape { message });
    }
    let n = table.n();
    let k = table.n_fd();
    let first_bad = |what: &'static str, values: &[f64], width: usize| -> Result<()> {
        if values.iter().all(|v| v.is_finite()) {
            return Ok(());
        }
        let pos = values.iter().position(|v| !v.is_finite()).unwrap_or(0);
        Err(IoError::NonFinite {
            what,
            label: table.label(pos / width.max(1)),
            value: values[pos],
        })
    };
    first_bad("x", &table.x, 1)?;
    first_bad("va", &table.va, 1)?;
    first_bad("Z", &table.z, n)?;
    first_bad("Y", &table.y, k)?;
    let mut zero = Vec::new();
    // column sums only when some output is zero (the zero-output rule)
    let col_sums = if table.x.contains(&0.0) {
        abs_col_sums(table)
    } else {
        Vec::new()
    };
    for i in 0..n {
        let xi = table.x[i];
        if xi < 0.0 {
            return Err(IoError::NegativeOutput {
                label: table.label(i),
                value: xi,
            });
        }
        if xi == 0.0 {
            let sales: f64 = table.z[i * n..(i + 1) * n].iter().map(|v| v.abs()).sum();
            if col_sums[i] != 0.0 || table.va[i] != 0.0 {
                return Err(IoError::ZeroOutputWithFlows {
                    label: table.label(i),
                    side: "intermediate purchases or value added",
                    value: col_sums[i] + table.va[i].abs(),
                });
            }
            if sales != 0.0 {
                return Err(IoError::ZeroOutputWithFlows {
                    label: table.label(i),
                    side: "intermediate sales",
                    value: sales,
                });
            }
            zero.push(i);
        }
    }
    Ok(zero)
}

fn abs_col_sums(table: &IcioTable) -> Vec<f64> {
    let n = table.n();
    let mut out = vec![0.0; n];
    for row in table.z.chunks_exact(n) {
        for (o, v) in out.iter_mut().zip(row) {
            *o += v.abs();
        }
    }
    out
}

/// `M[i, j] = z[i * n + j] * scale[j]` into a column-major matrix, copied in
/// 64 x 64 tiles (twice as fast as a strided fill at N = 3,465).
pub(crate) fn scaled_from_row_major(z: &[f64], n: usize, scale: &[f64]) -> Mat<f64> {
    const TILE: usize = 64;
    let mut m = Mat::<f64>::zeros(n, n);
    for i0 in (0..n).step_by(TILE) {
        for j0 in (0..n).step_by(TILE) {
            for i in i0..(i0 + TILE).min(n) {
                let row = &z[i * n..(i + 1) * n];
                for j in j0..(j0 + TILE).min(n) {
                    m[(i, j)] = row[j] * scale[j];
                }
            }
        }
    }
    m
}

/// `1 / x` with the zero-output rule: 0 where `x = 0`.
pub fn inverse_or_zero(x: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|&v| if v == 0.0 { 0.0 } else { 1.0 / v })
        .collect()
}

impl Coefficients {
    /// Validates `table` and computes `A` and `v` from its `Z`, `va` and `x`.
    pub fn new(table: &IcioTable) -> Result<Self> {
        let zero_output = validate(table)?;
        Ok(Self::from_parts(
            table,
            table.x.clone(),
            table.va.clone(),
            zero_output,
        ))
    }

    /// Coefficients with `x` recomputed from the rows (`x = Z 1 + Y 1`) and
    /// `va` as the column residual `x - 1'Z`, the convention of decompr and
    /// exvatools that makes `x = L y` and `v'L = 1'` exact identities. Used by
    /// the value-added-in-exports decompositions.
    pub fn row_balanced(table: &IcioTable) -> Result<Self> {
        validate(table)?;
        let zr = table.z_row_sums();
        let yr = table.y_row_sums();
        let x: Vec<f64> = zr.iter().zip(&yr).map(|(a, b)| a + b).collect();
        let cs = table.z_col_sums();
        let mut zero_output = Vec::new();
        for (i, &xi) in x.iter().enumerate() {
            if xi < 0.0 {
                return Err(IoError::NegativeOutput {
                    label: table.label(i),
                    value: xi,
                });
            }
            if xi == 0.0 {
                if cs[i] != 0.0 {
                    return Err(IoError::ZeroOutputWithFlows {
                        label: table.label(i),
                        side: "intermediate purchases",
                        value: cs[i],
                    });
                }
                zero_output.push(i);
            }
        }
        let va: Vec<f64> = x.iter().zip(&cs).map(|(a, b)| a - b).collect();
        Ok(Self::from_parts(table, x, va, zero_output))
    }

    fn from_parts(table: &IcioTable, x: Vec<f64>, va: Vec<f64>, zero_output: Vec<usize>) -> Self {
        let n = table.n();
        let inv = inverse_or_zero(&x);
        let a = scaled_from_row_major(&table.z, n, &inv);
        let v = va.iter().zip(&inv).map(|(a, b)| a * b).collect();
        let labels = (0..n).map(|i| table.label(i)).collect();
        Self {
            a,
            x,
            va,
            v,
            zero_output,
            labels,
        }
    }

    /// Number of country-sectors.
    pub fn n(&self) -> usize {
        self.x.len()
    }

    /// Allocation coefficients `B[i, j] = Z[i, j] / x[i] = x[j] A[i, j] / x[i]`
    /// (rows of zero-output sectors are 0).
    pub fn b(&self) -> Mat<f64> {
        let inv = inverse_or_zero(&self.x);
        let n = self.n();
        Mat::from_fn(n, n, |i, j| self.a[(i, j)] * self.x[j] * inv[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tables::two_by_two;

    #[test]
    fn a_and_v_of_the_two_by_two_table() {
        // x = (100, 200, 150, 250); A[0,1] = 20/200 = 0.1; v[3] = 170/250 = 0.68.
        let c = Coefficients::new(&two_by_two()).unwrap();
        assert_eq!(c.a[(0, 1)], 0.1);
        assert_eq!(c.a[(2, 0)], 0.05);
        assert_eq!(c.v[3], 0.68);
        assert!(c.zero_output.is_empty());
        // B[1, 0] = Z[1,0] / x[1] = 10 / 200
        assert_eq!(c.b()[(1, 0)], 0.05);
    }

    #[test]
    fn negative_output_is_named() {
        let mut t = two_by_two();
        t.x[2] = -1.0;
        let e = Coefficients::new(&t).unwrap_err();
        assert_eq!(
            e,
            IoError::NegativeOutput {
                label: "B_agr".into(),
                value: -1.0
            }
        );
    }

    #[test]
    fn zero_output_with_purchases_is_named() {
        let mut t = two_by_two();
        t.x[1] = 0.0;
        let e = Coefficients::new(&t).unwrap_err();
        assert!(matches!(e, IoError::ZeroOutputWithFlows { ref label, .. } if label == "A_man"));
    }

    #[test]
    fn zero_output_rule_gives_zero_coefficients() {
        let t = crate::test_tables::with_empty_block();
        let c = Coefficients::new(&t).unwrap();
        assert_eq!(c.zero_output, vec![2, 3]);
        assert_eq!(c.v[2], 0.0);
        assert!((0..4).all(|i| c.a[(i, 2)] == 0.0));
    }

    #[test]
    fn shape_mismatch_is_an_error() {
        let mut t = two_by_two();
        t.z.pop();
        assert!(matches!(Coefficients::new(&t), Err(IoError::Shape { .. })));
    }
}
