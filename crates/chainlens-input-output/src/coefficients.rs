//! Technical and allocation coefficients (METHODS §2): `A = Z diag(x)^-1`,
//! `B = diag(x)^-1 Z`, value-added coefficients `v = va / x`, and the
//! zero-output rule.
//!
//! # Zero-output rule
//! A country-sector with `x = 0` (for instance the empty `CHN`/`MEX` blocks of
//! the split OECD ICIO layout) gets zero coefficients: its column of `A`, row
//! of `B` and `v` are 0 (it produces nothing and buys nothing), and it is
//! listed in [`Coefficients::zero_output`] so callers can report it.
//!
//! # Negative output and zero output with flows (published-table quirks)
//! Published tables round cells and carry negative inventory changes: WIOD
//! 2013 has `LUX_19` with output 0 and a -1 inventory change, so its row sum
//! `Z 1 + Y 1` (the output the decompositions recompute) is -1. By default
//! ([`CoefficientOptions::strict`] false) a negative output is **treated as
//! zero output** (zero coefficients, `x` set to 0) and listed in
//! [`Coefficients::negative_output`]; a zero-output sector that still buys,
//! sells or adds value gets zero coefficients too (its purchases drop out of
//! `A`) and is listed in [`Coefficients::zero_output_with_flows`]. With
//! `strict`, both are refused: [`InputOutputError::NegativeOutput`] and
//! [`InputOutputError::ZeroOutputWithFlows`] name the sector. pymrio instead silences
//! the division warning and zeroes any `inf`, without a list.
//!
//! # Complexity
//! O(N²) time, one N x N matrix.

use crate::error::{InputOutputError, Result};
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
    /// Country-sectors with zero coefficients (zero output, including those
    /// whose negative output was treated as zero), in row order.
    pub zero_output: Vec<usize>,
    /// Country-sectors whose output was negative, treated as zero output.
    pub negative_output: Vec<usize>,
    /// Zero-output country-sectors that buy, sell or add value all the same.
    pub zero_output_with_flows: Vec<usize>,
    /// `CTY_SECTOR` labels, for error messages.
    pub labels: Vec<String>,
}

/// How [`Coefficients`] treat the quirks of published tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CoefficientOptions {
    /// Refuse negative output ([`InputOutputError::NegativeOutput`]) and zero output
    /// with flows ([`InputOutputError::ZeroOutputWithFlows`]) instead of treating them
    /// as zero output. Default `false`.
    pub strict: bool,
}

/// The sectors [`validate_with`] found with zero or negative output.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutputTreatment {
    /// Zero coefficients: zero output and negative output, in row order.
    pub zero_output: Vec<usize>,
    /// Negative output, treated as zero.
    pub negative_output: Vec<usize>,
    /// Zero (or negative) output with intermediate or final sales, purchases or value added.
    pub zero_output_with_flows: Vec<usize>,
}

/// Checks that `table` has consistent shapes and finite numbers, and lists
/// its zero- and negative-output sectors (lenient, the default treatment).
pub fn validate(table: &IcioTable) -> Result<Vec<usize>> {
    Ok(validate_with(table, &table.x, CoefficientOptions::default())?.zero_output)
}

/// [`validate`] for the output vector `x` (the table's own or recomputed from
/// the rows), refusing negative output and zero output with flows when strict.
pub fn validate_with(
    table: &IcioTable,
    x: &[f64],
    opts: CoefficientOptions,
) -> Result<OutputTreatment> {
    if table.n() == 0 {
        return Err(InputOutputError::EmptyTable);
    }
    if let Some(message) = table.shape_problem() {
        return Err(InputOutputError::Shape { message });
    }
    let n = table.n();
    let k = table.n_fd();
    let first_bad = |what: &'static str, values: &[f64], width: usize| -> Result<()> {
        if values.iter().all(|v| v.is_finite()) {
            return Ok(());
        }
        let pos = values.iter().position(|v| !v.is_finite()).unwrap_or(0);
        Err(InputOutputError::NonFinite {
            what,
            label: table.label(pos / width.max(1)),
            value: values[pos],
        })
    };
    first_bad("x", x, 1)?;
    first_bad("va", &table.va, 1)?;
    first_bad("Z", &table.z, n)?;
    first_bad("Y", &table.y, k)?;
    let mut out = OutputTreatment::default();
    // column sums only when some output is zero or negative
    let col_sums = if x.iter().any(|&v| v <= 0.0) {
        abs_col_sums(table)
    } else {
        Vec::new()
    };
    for i in 0..n {
        let xi = x[i];
        if xi > 0.0 {
            continue;
        }
        if xi < 0.0 {
            if opts.strict {
                return Err(InputOutputError::NegativeOutput {
                    label: table.label(i),
                    value: xi,
                });
            }
            out.negative_output.push(i);
        }
        let sales: f64 = table.z[i * n..(i + 1) * n].iter().map(|v| v.abs()).sum();
        let final_sales: f64 = table.y[i * k..(i + 1) * k].iter().map(|v| v.abs()).sum();
        let bought = col_sums[i] + table.va[i].abs();
        if bought != 0.0 || sales != 0.0 || final_sales != 0.0 {
            if opts.strict {
                return Err(if bought != 0.0 {
                    InputOutputError::ZeroOutputWithFlows {
                        label: table.label(i),
                        side: "intermediate purchases or value added",
                        value: bought,
                    }
                } else if sales != 0.0 {
                    InputOutputError::ZeroOutputWithFlows {
                        label: table.label(i),
                        side: "intermediate sales",
                        value: sales,
                    }
                } else {
                    InputOutputError::ZeroOutputWithFlows {
                        label: table.label(i),
                        side: "final sales",
                        value: final_sales,
                    }
                });
            }
            out.zero_output_with_flows.push(i);
        }
        out.zero_output.push(i);
    }
    Ok(out)
}

/// `table` with the sectors whose row-sum output `Z 1 + Y 1` is zero or
/// negative taken out of the flows: their rows and columns of `Z` and rows of
/// `Y` set to 0, repeated until no new such sector appears (their removal
/// lowers their suppliers' row sums). Borrowed when nothing is to remove.
/// This keeps `x = L y` and `v'L = 1'` exact for the decompositions.
pub(crate) fn without_empty_sectors(table: &IcioTable) -> std::borrow::Cow<'_, IcioTable> {
    let n = table.n();
    let k = table.n_fd();
    let mut out = std::borrow::Cow::Borrowed(table);
    let mut removed = vec![false; n];
    loop {
        let t = out.as_ref();
        let zr = t.z_row_sums();
        let yr = t.y_row_sums();
        let zc = abs_col_sums(t);
        let new: Vec<usize> = (0..n)
            .filter(|&i| !removed[i] && zr[i] + yr[i] <= 0.0)
            .filter(|&i| {
                zc[i] != 0.0
                    || t.z[i * n..(i + 1) * n].iter().any(|v| *v != 0.0)
                    || t.y[i * k..(i + 1) * k].iter().any(|v| *v != 0.0)
            })
            .collect();
        if new.is_empty() {
            return out;
        }
        let t = out.to_mut();
        for &i in &new {
            removed[i] = true;
            t.z[i * n..(i + 1) * n].iter_mut().for_each(|v| *v = 0.0);
            t.y[i * k..(i + 1) * k].iter_mut().for_each(|v| *v = 0.0);
            for r in 0..n {
                t.z[r * n + i] = 0.0;
            }
        }
    }
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

/// `1 / x` with the zero-output rule: 0 where `x = 0`, and where `x < 0`
/// (negative output is treated as zero output).
pub fn inverse_or_zero(x: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|&v| if v > 0.0 { 1.0 / v } else { 0.0 })
        .collect()
}

impl Coefficients {
    /// Validates `table` and computes `A` and `v` from its `Z`, `va` and `x`,
    /// treating negative output as zero output (see the module doc).
    pub fn new(table: &IcioTable) -> Result<Self> {
        Self::with_options(table, CoefficientOptions::default())
    }

    /// [`Coefficients::new`] with the treatment of negative and zero output chosen.
    pub fn with_options(table: &IcioTable, opts: CoefficientOptions) -> Result<Self> {
        let treatment = validate_with(table, &table.x, opts)?;
        Ok(Self::from_parts(
            table,
            table.x.clone(),
            table.va.clone(),
            treatment,
        ))
    }

    /// Coefficients with `x` recomputed from the rows (`x = Z 1 + Y 1`) and
    /// `va` as the column residual `x - 1'Z`, the convention of decompr and
    /// exvatools that makes `x = L y` and `v'L = 1'` exact identities. Used by
    /// the value-added-in-exports decompositions.
    pub fn row_balanced(table: &IcioTable) -> Result<Self> {
        Self::row_balanced_with(table, CoefficientOptions::default())
    }

    /// [`Coefficients::row_balanced`] with the treatment of negative and zero output chosen.
    ///
    /// A sector whose row sum is zero or negative is treated as zero output
    /// and its flows are taken out (see [`Coefficients::row_balanced_table`]):
    /// pass that table, not the original, to whatever reads `Z` and `Y` next.
    pub fn row_balanced_with(table: &IcioTable, opts: CoefficientOptions) -> Result<Self> {
        let zr = table.z_row_sums();
        let yr = table.y_row_sums();
        let x: Vec<f64> = zr.iter().zip(&yr).map(|(a, b)| a + b).collect();
        let mut treatment = validate_with(table, &x, opts)?;
        // value added is the column residual here, so only flows count
        let cs = abs_col_sums(table);
        let k = table.n_fd();
        treatment.zero_output_with_flows.retain(|&i| {
            cs[i] != 0.0
                || table.z[i * table.n()..(i + 1) * table.n()]
                    .iter()
                    .any(|v| *v != 0.0)
                || table.y[i * k..(i + 1) * k].iter().any(|v| *v != 0.0)
        });
        let clean = without_empty_sectors(table);
        let t = clean.as_ref();
        let zr = t.z_row_sums();
        let yr = t.y_row_sums();
        let x: Vec<f64> = zr.iter().zip(&yr).map(|(a, b)| (a + b).max(0.0)).collect();
        let cs = t.z_col_sums();
        let va: Vec<f64> = x.iter().zip(&cs).map(|(a, b)| a - b).collect();
        treatment.zero_output = (0..x.len()).filter(|&i| x[i] == 0.0).collect();
        Ok(Self::from_parts(t, x, va, treatment))
    }

    /// The table the row-balanced coefficients describe: `table` itself, or a
    /// copy without the flows of sectors whose row sum `Z 1 + Y 1` is zero or
    /// negative (rows and columns of `Z`, rows of `Y` set to 0; for WIOD 2013
    /// a handful of +-1 cells a year), so that `x = L y` and `v'L = 1'` hold
    /// exactly and every decomposition adds up to the exports it reports.
    pub fn row_balanced_table(table: &IcioTable) -> std::borrow::Cow<'_, IcioTable> {
        without_empty_sectors(table)
    }

    fn from_parts(table: &IcioTable, x: Vec<f64>, va: Vec<f64>, t: OutputTreatment) -> Self {
        let n = table.n();
        let x: Vec<f64> = x.into_iter().map(|v| v.max(0.0)).collect();
        let inv = inverse_or_zero(&x);
        let a = scaled_from_row_major(&table.z, n, &inv);
        let v = va.iter().zip(&inv).map(|(a, b)| a * b).collect();
        let labels = (0..n).map(|i| table.label(i)).collect();
        Self {
            a,
            x,
            va,
            v,
            zero_output: t.zero_output,
            negative_output: t.negative_output,
            zero_output_with_flows: t.zero_output_with_flows,
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
    fn negative_output_is_named_when_strict() {
        let mut t = two_by_two();
        t.x[2] = -1.0;
        let strict = CoefficientOptions { strict: true };
        let e = Coefficients::with_options(&t, strict).unwrap_err();
        assert_eq!(
            e,
            InputOutputError::NegativeOutput {
                label: "B_agr".into(),
                value: -1.0
            }
        );
    }

    #[test]
    fn zero_output_with_purchases_is_named_when_strict() {
        let mut t = two_by_two();
        t.x[1] = 0.0;
        let strict = CoefficientOptions { strict: true };
        let e = Coefficients::with_options(&t, strict).unwrap_err();
        assert!(
            matches!(e, InputOutputError::ZeroOutputWithFlows { ref label, .. } if label == "A_man")
        );
    }

    #[test]
    fn negative_and_empty_output_are_treated_as_zero_and_listed() {
        // B_agr (row 2) with x = -1: column 2 of A and v[2] are 0, x[2] is 0.
        let mut t = two_by_two();
        t.x[2] = -1.0;
        let c = Coefficients::new(&t).unwrap();
        assert_eq!(c.negative_output, vec![2]);
        assert_eq!(c.zero_output, vec![2]);
        assert_eq!(c.zero_output_with_flows, vec![2]);
        assert_eq!(c.x[2], 0.0);
        assert_eq!(c.v[2], 0.0);
        assert!((0..4).all(|i| c.a[(i, 2)] == 0.0));
        // other columns unchanged: A[0, 1] = 20 / 200
        assert_eq!(c.a[(0, 1)], 0.1);
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
        assert!(matches!(
            Coefficients::new(&t),
            Err(InputOutputError::Shape { .. })
        ));
    }
}
