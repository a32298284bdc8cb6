//! Calibration of the Caliendo-Parro (2015) model (METHODS §3, bloc fragmentation, many
//! sectors) from an inter-country input-output table: bilateral sector trade shares,
//! input-output and value-added shares, final-demand shares and deficits, in the
//! [`IoBaseline`] that [`crate::caliendo_parro`] solves in changes.
//!
//! # Formula
//! With `N` countries, `S` sectors and the table's `Z` and `Y` (country-major rows):
//!
//! * purchases of country `n` from country `i` in sector `j` (intermediate and final):
//!   `M_ni^j = sum_s Z[(i,j),(n,s)] + sum_{f of n} Y[(i,j),f]`;
//!   absorption `X_n^j = sum_i M_ni^j`, trade shares `pi_ni^j = M_ni^j / X_n^j`;
//! * output (sales) `Y_i^j = sum_n M_ni^j`, intermediate inputs of sector `k` into `(n,j)`:
//!   `sum_i Z[(i,k),(n,j)]`, their share `gamma_n^{k,j}`, and the value-added share
//!   `gamma_n^j = 1 - sum_k gamma_n^{k,j}` (value added `VA_n^j = gamma_n^j Y_n^j`);
//! * final demand `F_n^j = sum_i sum_{f of n} Y[(i,j),f]`, income `I_n = sum_j F_n^j`,
//!   shares `alpha_n^j = F_n^j / I_n`, deficit `D_n = I_n - VA_n` (equal to absorption
//!   minus output).
//!
//! The table's own `x` and `va` rows are not used: output is the row sum of what the model
//! keeps, so the baseline is an exact equilibrium of the model (WIOD 2013's cells are
//! rounded and its rows miss `x` by up to 100).
//!
//! # Published-table quirks
//! * **Inventories** (`INVNT`, `INVEN`, `Changes in inventories`, `CIV` final-demand
//!   columns, [`chainlens_model::is_inventory_category`]) are dropped: a change in stocks is
//!   not spending the model can price, and it is negative in 346 WIOD 2011 cells.
//! * **Other negative final demand** (6 WIOD 2011 GFCF cells) is set to zero; counted.
//! * **Inputs above output** (after the two steps above, WIOD 2011 `LUX_61` buys 36 and
//!   sells 32, rounding): the shortfall is booked as the country's own final demand of the
//!   sector, so value added is zero rather than negative; counted, with the amount.
//! * **Zero output** (22 WIOD 2011 country-sectors): the sector is inactive; its cost is
//!   pure value added (`gamma = 1`) and no one buys it. A sector no one in a country buys
//!   (`X_n^j = 0`) gets `pi_nn^j = 1`, which enters nothing.
//! * Errors: a negative `Z` cell or a negative `x` (naming the row and column), a country
//!   without final demand or value added.
//!
//! # Complexity
//! `O(N^2 S^2)` for one pass over `Z`; memory `O(S N^2)` for the trade shares.

use crate::GravityError;
use chainlens_model::{IcioTable, is_inventory_category};

/// The calibrated baseline, every array country-major (`n * S + j`) except the bilateral
/// ones, which are sector-major `(j * N + n) * N + i` (importer `n`, exporter `i`).
#[derive(Clone, Debug, PartialEq)]
pub struct IoBaseline {
    /// Country labels, the table's order.
    pub countries: Vec<String>,
    /// Sector labels.
    pub sectors: Vec<String>,
    /// Purchases `M_ni^j`, sector-major.
    pub purchases: Vec<f64>,
    /// Trade shares `pi_ni^j`, sector-major.
    pub shares: Vec<f64>,
    /// Absorption `X_n^j`.
    pub absorption: Vec<f64>,
    /// Output (sales) `Y_n^j`.
    pub output: Vec<f64>,
    /// `gamma_n^{k,j}` at `(n * S + j) * S + k`: share of sector-`k` inputs in `(n,j)`'s output.
    pub input_shares: Vec<f64>,
    /// `gamma_n^j`, the value-added share of output.
    pub value_added_shares: Vec<f64>,
    /// `alpha_n^j`, the final-demand shares.
    pub final_shares: Vec<f64>,
    /// `VA_n`, value added by country.
    pub value_added: Vec<f64>,
    /// `D_n = I_n - VA_n`.
    pub deficits: Vec<f64>,
    /// `I_n`, final demand by country.
    pub income: Vec<f64>,
    /// What was done to the table on the way.
    pub report: CalibrationReport,
}

/// The quirks of a published table and what calibration did with them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CalibrationReport {
    /// Final-demand columns dropped as inventories.
    pub inventory_columns: usize,
    /// Their total (net) value.
    pub inventory_value: f64,
    /// Negative final-demand cells (outside inventories) set to zero.
    pub negative_final_cells: usize,
    /// Their total value (negative).
    pub negative_final_value: f64,
    /// Country-sectors whose inputs exceeded their sales, with the shortfall booked as own
    /// final demand.
    pub balanced: Vec<(String, f64)>,
    /// Country-sectors with zero output.
    pub inactive: Vec<String>,
}

impl IoBaseline {
    /// Number of countries.
    pub fn n(&self) -> usize {
        self.countries.len()
    }

    /// Number of sectors.
    pub fn s(&self) -> usize {
        self.sectors.len()
    }

    /// Calibrates the model on `table`; `label` names the table in errors.
    pub fn from_table(table: &IcioTable, label: &str) -> Result<Self, GravityError> {
        let bad = |message: String| GravityError::Estimation {
            file: label.into(),
            message,
        };
        if let Some(problem) = table.shape_problem() {
            return Err(bad(problem));
        }
        if let Some(r) = table.x.iter().position(|x| *x < 0.0 || x.is_nan()) {
            return Err(bad(format!(
                "{} has negative output {}\nhint: the model needs non-negative output in every country-sector",
                table.label(r),
                table.x[r]
            )));
        }
        if let Some(k) = table.z.iter().position(|z| *z < 0.0 || !z.is_finite()) {
            let n = table.n();
            return Err(bad(format!(
                "Z[{}, {}] is {} (intermediate use must be finite and non-negative)",
                table.label(k / n),
                table.label(k % n),
                table.z[k]
            )));
        }
        let mut report = CalibrationReport::default();
        let final_demand = final_demand(table, label, &mut report)?;
        assemble(table, &final_demand, label, report)
    }

    /// The same flows as one sector without intermediate inputs: purchases `T_ni = sum_j
    /// M_ni^j`, value added = output `sum_n T_ni`, income = absorption `sum_i T_ni`, so the
    /// deficits are this baseline's. The one-sector model of the same data.
    pub fn one_sector(&self) -> IoBaseline {
        let (n, s) = (self.n(), self.s());
        let mut purchases = vec![0.0; n * n];
        for j in 0..s {
            for (pair, m) in purchases.iter_mut().enumerate() {
                *m += self.purchases[j * n * n + pair];
            }
        }
        let output = sales(&purchases, n, 1);
        let absorption: Vec<f64> = purchases.chunks(n).map(|row| row.iter().sum()).collect();
        IoBaseline {
            countries: self.countries.clone(),
            sectors: vec!["all".into()],
            shares: trade_shares(&purchases, &absorption, n, 1),
            purchases,
            input_shares: vec![0.0; n],
            value_added_shares: vec![1.0; n],
            final_shares: vec![1.0; n],
            value_added: output.clone(),
            deficits: (0..n).map(|c| absorption[c] - output[c]).collect(),
            income: absorption.clone(),
            absorption,
            output,
            report: CalibrationReport::default(),
        }
    }
}

/// Final demand by row and destination country (`r * N + n`), inventories dropped and
/// negative cells set to zero.
fn final_demand(
    table: &IcioTable,
    label: &str,
    report: &mut CalibrationReport,
) -> Result<Vec<f64>, GravityError> {
    let (n_rows, n_countries, k) = (table.n(), table.n_countries(), table.n_fd());
    let mut destination = Vec::with_capacity(k);
    for column in &table.fd_columns {
        let country =
            table
                .country_index(&column.country)
                .ok_or_else(|| GravityError::Estimation {
                    file: label.into(),
                    message: format!(
                        "final-demand column {}_{} names no country of the table",
                        column.country, column.category
                    ),
                })?;
        let inventory = is_inventory_category(&column.category);
        report.inventory_columns += usize::from(inventory);
        destination.push((!inventory).then_some(country.0));
    }
    let mut out = vec![0.0; n_rows * n_countries];
    for r in 0..n_rows {
        for (c, dest) in destination.iter().enumerate() {
            let v = table.y[r * k + c];
            match dest {
                None => report.inventory_value += v,
                Some(_) if v < 0.0 => {
                    report.negative_final_cells += 1;
                    report.negative_final_value += v;
                }
                Some(d) => out[r * n_countries + d] += v,
            }
        }
    }
    Ok(out)
}

/// Purchases, inputs and shares from `Z` and the kept final demand.
fn assemble(
    table: &IcioTable,
    final_demand: &[f64],
    label: &str,
    mut report: CalibrationReport,
) -> Result<IoBaseline, GravityError> {
    let (n, s) = (table.n_countries(), table.n_sectors());
    let rows = n * s;
    let mut purchases = vec![0.0; s * n * n];
    let mut inputs = vec![0.0; rows * s];
    let mut finals = vec![0.0; rows];
    for r in 0..rows {
        let (i, j) = (r / s, r % s);
        let z_row = &table.z[r * rows..(r + 1) * rows];
        for (col, z) in z_row.iter().enumerate() {
            purchases[(j * n + col / s) * n + i] += z;
            inputs[col * s + j] += z;
        }
        for d in 0..n {
            let f = final_demand[r * n + d];
            purchases[(j * n + d) * n + i] += f;
            finals[d * s + j] += f;
        }
    }
    let mut output = sales(&purchases, n, s);
    for r in 0..rows {
        let used: f64 = inputs[r * s..(r + 1) * s].iter().sum();
        let shortfall = used - output[r];
        if shortfall > 0.0 {
            let (c, j) = (r / s, r % s);
            purchases[(j * n + c) * n + c] += shortfall;
            finals[r] += shortfall;
            output[r] += shortfall;
            report.balanced.push((table.label(r), shortfall));
        }
        if output[r] == 0.0 {
            report.inactive.push(table.label(r));
        }
    }
    let absorption: Vec<f64> = (0..rows)
        .map(|r| {
            let (c, j) = (r / s, r % s);
            purchases[(j * n + c) * n..(j * n + c + 1) * n].iter().sum()
        })
        .collect();
    let shares = trade_shares(&purchases, &absorption, n, s);
    let mut input_shares = vec![0.0; rows * s];
    let mut value_added_shares = vec![1.0; rows];
    let mut value_added = vec![0.0; n];
    for r in 0..rows {
        if output[r] > 0.0 {
            for k in 0..s {
                input_shares[r * s + k] = inputs[r * s + k] / output[r];
            }
            let va = output[r] - inputs[r * s..(r + 1) * s].iter().sum::<f64>();
            value_added_shares[r] = va.max(0.0) / output[r];
            value_added[r / s] += va.max(0.0);
        }
    }
    let income: Vec<f64> = (0..n)
        .map(|c| finals[c * s..(c + 1) * s].iter().sum())
        .collect();
    for c in 0..n {
        if income[c] <= 0.0 || value_added[c] <= 0.0 {
            return Err(GravityError::Estimation {
                file: label.into(),
                message: format!(
                    "country {} has final demand {} and value added {}: the model needs both positive",
                    table.countries[c], income[c], value_added[c]
                ),
            });
        }
    }
    let final_shares = (0..rows).map(|r| finals[r] / income[r / s]).collect();
    let deficits = (0..n).map(|c| income[c] - value_added[c]).collect();
    Ok(IoBaseline {
        countries: table.countries.clone(),
        sectors: table.sectors.clone(),
        purchases,
        shares,
        absorption,
        output,
        input_shares,
        value_added_shares,
        final_shares,
        value_added,
        deficits,
        income,
        report,
    })
}

/// Sales `Y_i^j = sum_n M_ni^j` of sector-major purchases.
pub(crate) fn sales(purchases: &[f64], n: usize, s: usize) -> Vec<f64> {
    let mut out = vec![0.0; n * s];
    for j in 0..s {
        for m in 0..n {
            let row = &purchases[(j * n + m) * n..(j * n + m + 1) * n];
            for (i, v) in row.iter().enumerate() {
                out[i * s + j] += v;
            }
        }
    }
    out
}

/// `pi_ni^j = M_ni^j / X_n^j`, and `pi_nn^j = 1` where `X_n^j = 0`.
pub(crate) fn trade_shares(purchases: &[f64], absorption: &[f64], n: usize, s: usize) -> Vec<f64> {
    let mut shares = vec![0.0; purchases.len()];
    for j in 0..s {
        for m in 0..n {
            let x = absorption[m * s + j];
            let base = (j * n + m) * n;
            if x > 0.0 {
                for i in 0..n {
                    shares[base + i] = purchases[base + i] / x;
                }
            } else {
                shares[base + m] = 1.0;
            }
        }
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::FinalDemandColumn;

    /// Two countries, two sectors; A's final demand has an inventory column.
    fn table() -> IcioTable {
        let fd = |c: &str, k: &str| FinalDemandColumn {
            country: c.into(),
            category: k.into(),
        };
        IcioTable {
            countries: vec!["A".into(), "B".into()],
            sectors: vec!["s".into(), "t".into()],
            z: vec![
                1.0, 2.0, 0.5, 0.0, //
                1.0, 1.0, 0.0, 0.5, //
                0.5, 0.0, 2.0, 1.0, //
                0.0, 0.5, 1.0, 2.0,
            ],
            y: vec![
                5.0, -1.0, 1.0, //
                4.0, 0.0, 1.0, //
                1.0, 0.0, 6.0, //
                1.0, 2.0, 5.0,
            ],
            fd_columns: vec![fd("A", "HFCE"), fd("A", "INVNT"), fd("B", "HFCE")],
            va: vec![0.0; 4],
            x: vec![0.0; 4],
            extensions: Vec::new(),
            unit: "USD million".into(),
        }
    }

    #[test]
    fn shares_and_accounting_by_hand() {
        let b = IoBaseline::from_table(&table(), "t.csv").unwrap();
        // Inventories dropped: A_s sells 1 + 2 + 0.5 + 0 + 5 + 1 = 9.5.
        assert_eq!(b.output[0], 9.5);
        assert_eq!(b.report.inventory_columns, 1);
        assert_eq!(b.report.inventory_value, 1.0);
        // A buys sector s: from A 1 + 2 + 5 = 8, from B 0.5 + 0 + 1 = 1.5.
        assert_eq!(b.purchases[0], 8.0);
        assert_eq!(b.purchases[1], 1.5);
        assert_eq!(b.shares[0], 8.0 / 9.5);
        // A_s uses 1 of A_s and 0.5 of B_s (sector s), 1 of A_t (sector t).
        assert_eq!(b.input_shares[0], 1.5 / 9.5);
        assert_eq!(b.input_shares[1], 1.0 / 9.5);
        // Deficit = absorption - output, country by country.
        for c in 0..2 {
            let x: f64 = b.absorption[2 * c..2 * c + 2].iter().sum();
            let y: f64 = b.output[2 * c..2 * c + 2].iter().sum();
            assert!((b.deficits[c] - (x - y)).abs() < 1e-12);
        }
    }

    #[test]
    fn negative_cells_are_errors_or_counted() {
        let mut t = table();
        t.z[3] = -1.0;
        assert_eq!(
            IoBaseline::from_table(&t, "t.csv").unwrap_err().to_string(),
            "t.csv: Z[A_s, B_t] is -1 (intermediate use must be finite and non-negative)"
        );
        let mut t = table();
        t.x[2] = -5.0;
        assert!(
            IoBaseline::from_table(&t, "t.csv")
                .unwrap_err()
                .to_string()
                .starts_with("t.csv: B_s has negative output -5")
        );
        let mut t = table();
        t.y[0] = -2.0;
        let b = IoBaseline::from_table(&t, "t.csv").unwrap();
        assert_eq!(b.report.negative_final_cells, 1);
        assert_eq!(b.report.negative_final_value, -2.0);
    }
}
