//! The accounting check every reader runs (METHODS §2): row sums of `Z` and
//! `Y` equal output, column sums of `Z` plus value added equal output, to a
//! stated tolerance; each imbalance and each zero-output sector is reported
//! by country-sector label.
//!
//! # Tolerance
//! A gap counts when `|gap| > rel * |x| + abs`, defaults `rel = 1e-6`,
//! `abs = 1e-6` (table units, usually USD million: published tables are
//! rounded, and OECD ICIO rows balance to about 1e-8 relative).
//!
//! The sums compared are printed as they are (`output 0 but sales -1 =
//! intermediate 0 + final -1`), numbers as people write them ([`human`]).
//!
//! # Published-table quirks (reported, not refused)
//! Published tables round every cell (WIOD 2013 to whole USD millions) and
//! carry negative inventory changes, so a few cells are negative and a few
//! sectors sell less than nothing. The report counts negative cells of `Z`
//! and `Y` (with the most negative and where it is), lists sectors with
//! negative output or a negative row sum `Z 1 + Y 1`
//! ([`AccountingReport::negative_output`]) and zero-output sectors that
//! still have flows ([`AccountingReport::zero_output_with_flows`]). The
//! analyses treat both as zero output: zero coefficients (see
//! `chainlens_input_output::coefficients`); strict reading
//! ([`crate::ReadOptions::strict`]) refuses them instead.
//!
//! # Non-finite numbers
//! An `inf` or `NaN` anywhere in `Z`, `Y`, `va` or `x` is listed in
//! [`AccountingReport::non_finite`] and makes the table unbalanced (NaN
//! compares false with every tolerance, so a plain `gap > tol` would pass it);
//! [`crate::read_table`] refuses such a table outright.

use chainlens_model::IcioTable;
use std::fmt;

/// Tolerances of the accounting check.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AccountingOptions {
    /// Relative tolerance on output.
    pub rel: f64,
    /// Absolute tolerance, in table units.
    pub abs: f64,
}

impl Default for AccountingOptions {
    fn default() -> Self {
        Self {
            rel: 1e-6,
            abs: 1e-6,
        }
    }
}

/// Which identity failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Identity {
    /// `x = Z 1 + Y 1` (sales).
    Row,
    /// `x = 1'Z + va` (costs).
    Column,
}

/// One country-sector whose identity fails.
#[derive(Clone, Debug, PartialEq)]
pub struct Imbalance {
    /// `CTY_SECTOR` label.
    pub label: String,
    /// Which identity.
    pub identity: Identity,
    /// Output `x`.
    pub output: f64,
    /// The accounted total (sales or costs): `intermediate + other`.
    pub accounted: f64,
    /// Intermediate sales `Z 1` (row) or intermediate purchases `1'Z` (column).
    pub intermediate: f64,
    /// Final sales `Y 1` (row) or value added `va` (column).
    pub other: f64,
}

impl Imbalance {
    /// `accounted - output`.
    pub fn gap(&self) -> f64 {
        self.accounted - self.output
    }
}

/// A negative cell of `Z` or `Y` (rounding, inventory drawdowns, subsidies).
#[derive(Clone, Debug, PartialEq)]
pub struct NegativeCell {
    /// `Z` or `Y`.
    pub block: &'static str,
    /// Row label `CTY_SECTOR`.
    pub row: String,
    /// Column label (`CTY_SECTOR` for `Z`, `CTY_CATEGORY` for `Y`).
    pub column: String,
    /// The value.
    pub value: f64,
}

/// A country-sector whose published output, or whose sales `Z 1 + Y 1`
/// (the output the decompositions recompute), is negative. The analyses
/// treat it as zero output (zero coefficients) unless strict.
#[derive(Clone, Debug, PartialEq)]
pub struct NegativeOutput {
    /// `CTY_SECTOR` label.
    pub label: String,
    /// Published output `x`.
    pub output: f64,
    /// Row sum `Z 1 + Y 1`.
    pub row_sum: f64,
}

/// What the accounting check found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountingReport {
    /// Country-sectors checked.
    pub checked: usize,
    /// Imbalances beyond tolerance, rows first, in row order.
    pub imbalances: Vec<Imbalance>,
    /// Country-sectors with zero output.
    pub zero_output: Vec<String>,
    /// Zero-output country-sectors that nevertheless buy, sell or add value
    /// (they get zero coefficients unless strict).
    pub zero_output_with_flows: Vec<String>,
    /// Country-sectors with negative output or negative row sum.
    pub negative_output: Vec<NegativeOutput>,
    /// Number of negative cells in `Z`.
    pub negative_z_cells: usize,
    /// Number of negative cells in `Y`.
    pub negative_y_cells: usize,
    /// The most negative cell of `Z` and `Y`.
    pub most_negative_cell: Option<NegativeCell>,
    /// Non-finite values (`block label = value`); any makes the table unbalanced.
    pub non_finite: Vec<String>,
    /// Largest relative row gap `|gap| / max(|x|, 1)`.
    pub max_rel_row_gap: f64,
    /// Largest relative column gap.
    pub max_rel_col_gap: f64,
}

/// A number as people write it: at most 6 decimals, trailing zeros dropped
/// (`0.65`, not `0.6499999999999999`; `76796`, not `76796.0`).
pub fn human(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.abs() >= 1e15 || (v != 0.0 && v.abs() < 1e-6) {
        return format!("{v:e}");
    }
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

impl AccountingReport {
    /// True when no identity fails and every number is finite.
    pub fn is_balanced(&self) -> bool {
        self.imbalances.is_empty() && self.non_finite.is_empty()
    }

    /// The first few imbalances, one per entry, with the sums they compare.
    pub fn summary(&self, max: usize) -> String {
        let mut s: Vec<String> = self.non_finite.iter().take(max).cloned().collect();
        s.extend(self.imbalances.iter().take(max).map(|i| {
            let (what, a, b) = match i.identity {
                Identity::Row => ("sales", "intermediate", "final"),
                Identity::Column => ("costs", "intermediate inputs", "value added"),
            };
            format!(
                "{} {}: output {} but {what} {} = {a} {} + {b} {} (gap {}{})",
                i.label,
                match i.identity {
                    Identity::Row => "row",
                    Identity::Column => "column",
                },
                human(i.output),
                human(i.accounted),
                human(i.intermediate),
                human(i.other),
                if i.gap() >= 0.0 { "+" } else { "" },
                human(i.gap())
            )
        }));
        if self.imbalances.len() > max {
            s.push(format!("... {} more", self.imbalances.len() - max));
        }
        s.join("; ")
    }

    /// The published-table quirks found (negative cells, negative or empty
    /// output with flows), one clause each; empty when there are none.
    pub fn quirks(&self, max: usize) -> String {
        let mut parts = Vec::new();
        let neg = self.negative_z_cells + self.negative_y_cells;
        if neg > 0 {
            let mut p = format!(
                "{neg} negative cells (Z {}, Y {})",
                self.negative_z_cells, self.negative_y_cells
            );
            if let Some(c) = &self.most_negative_cell {
                p += &format!(
                    ", most negative {} at {}[{}, {}]",
                    human(c.value),
                    c.block,
                    c.row,
                    c.column
                );
            }
            parts.push(p);
        }
        if !self.negative_output.is_empty() {
            let list: Vec<String> = self
                .negative_output
                .iter()
                .take(max)
                .map(|n| {
                    format!(
                        "{} (output {}, Z 1 + Y 1 = {})",
                        n.label,
                        human(n.output),
                        human(n.row_sum)
                    )
                })
                .collect();
            parts.push(format!(
                "{} country-sector(s) with negative output, treated as zero output: {}{}",
                self.negative_output.len(),
                list.join(", "),
                if self.negative_output.len() > max {
                    ", ..."
                } else {
                    ""
                }
            ));
        }
        if !self.zero_output_with_flows.is_empty() {
            parts.push(format!(
                "{} zero-output country-sector(s) with flows, given zero coefficients: {}{}",
                self.zero_output_with_flows.len(),
                self.zero_output_with_flows
                    .iter()
                    .take(max)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                if self.zero_output_with_flows.len() > max {
                    ", ..."
                } else {
                    ""
                }
            ));
        }
        parts.join("; ")
    }
}

impl fmt::Display for AccountingReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} country-sectors checked; {} imbalances; {} with zero output; max relative gap rows {:.3e}, columns {:.3e}",
            self.checked,
            self.imbalances.len(),
            self.zero_output.len(),
            self.max_rel_row_gap,
            self.max_rel_col_gap
        )?;
        if !self.non_finite.is_empty() {
            write!(f, "; {} non-finite values", self.non_finite.len())?;
        }
        let q = self.quirks(5);
        if !q.is_empty() {
            write!(f, "; {q}")?;
        }
        Ok(())
    }
}

/// Checks both accounting identities of `table` and lists its quirks.
pub fn check_accounting(table: &IcioTable, opts: AccountingOptions) -> AccountingReport {
    let n = table.n();
    let mut report = AccountingReport {
        checked: n,
        ..Default::default()
    };
    if table.shape_problem().is_some() {
        return report;
    }
    find_non_finite(table, &mut report);
    find_negative_cells(table, &mut report);
    check_identities(table, opts, &mut report);
    report
}

/// The label of final-demand column `c`: `country_category`.
fn fd_label(table: &IcioTable, c: usize) -> String {
    let col = &table.fd_columns[c];
    format!("{}_{}", col.country, col.category)
}

/// Lists the first 20 non-finite values of `x`, `va`, Z and Y, in that order.
fn find_non_finite(table: &IcioTable, report: &mut AccountingReport) {
    let (n, k) = (table.n(), table.n_fd());
    for (block, values, width) in [
        ("x", &table.x, 1),
        ("va", &table.va, 1),
        ("Z", &table.z, n),
        ("Y", &table.y, k),
    ] {
        for (p, v) in values.iter().enumerate().filter(|(_, v)| !v.is_finite()) {
            if report.non_finite.len() >= 20 {
                break;
            }
            let at = match block {
                "Z" => format!("Z[{}, {}]", table.label(p / n), table.label(p % n)),
                "Y" => format!("Y[{}, {}]", table.label(p / k), fd_label(table, p % k)),
                _ => format!("{block} of {}", table.label(p / width)),
            };
            report.non_finite.push(format!("{at} = {v}"));
        }
    }
}

/// Counts the negative cells of Z and Y and names the most negative (the first of equals).
fn find_negative_cells(table: &IcioTable, report: &mut AccountingReport) {
    let (n, k) = (table.n(), table.n_fd());
    let mut most: Option<(f64, &'static str, usize)> = None;
    for (block, values) in [("Z", &table.z), ("Y", &table.y)] {
        for (p, &v) in values.iter().enumerate() {
            if v < 0.0 {
                if block == "Z" {
                    report.negative_z_cells += 1;
                } else {
                    report.negative_y_cells += 1;
                }
                if most.is_none_or(|(m, _, _)| v < m) {
                    most = Some((v, block, p));
                }
            }
        }
    }
    report.most_negative_cell = most.map(|(value, block, p)| {
        let (row, column) = if block == "Z" {
            (table.label(p / n), table.label(p % n))
        } else {
            (table.label(p / k), fd_label(table, p % k))
        };
        NegativeCell {
            block,
            row,
            column,
            value,
        }
    });
}

/// Checks both identities row by row: sales and costs against output, the largest
/// relative gaps, negative and zero output. Row imbalances come first, then column ones.
fn check_identities(table: &IcioTable, opts: AccountingOptions, report: &mut AccountingReport) {
    let n = table.n();
    let zr = table.z_row_sums();
    let yr = table.y_row_sums();
    let zc = table.z_col_sums();
    let mut cols = Vec::new();
    for i in 0..n {
        let x = table.x[i];
        let tol = opts.rel * x.abs() + opts.abs;
        let sales = zr[i] + yr[i];
        let costs = zc[i] + table.va[i];
        let scale = x.abs().max(1.0);
        report.max_rel_row_gap = report.max_rel_row_gap.max((sales - x).abs() / scale);
        report.max_rel_col_gap = report.max_rel_col_gap.max((costs - x).abs() / scale);
        if (sales - x).abs() > tol || !(sales - x).is_finite() {
            report.imbalances.push(Imbalance {
                label: table.label(i),
                identity: Identity::Row,
                output: x,
                accounted: sales,
                intermediate: zr[i],
                other: yr[i],
            });
        }
        if (costs - x).abs() > tol || !(costs - x).is_finite() {
            cols.push(Imbalance {
                label: table.label(i),
                identity: Identity::Column,
                output: x,
                accounted: costs,
                intermediate: zc[i],
                other: table.va[i],
            });
        }
        if x < 0.0 || sales < 0.0 {
            report.negative_output.push(NegativeOutput {
                label: table.label(i),
                output: x,
                row_sum: sales,
            });
        }
        if x == 0.0 {
            record_zero_output(table, i, report);
        }
    }
    report.imbalances.extend(cols);
}

/// Names row `i`, whose output is zero, and again when it still buys or sells.
fn record_zero_output(table: &IcioTable, i: usize, report: &mut AccountingReport) {
    let n = table.n();
    report.zero_output.push(table.label(i));
    let bought = (0..n).any(|r| table.z[r * n + i] != 0.0) || table.va[i] != 0.0;
    let sold = table.z[i * n..(i + 1) * n].iter().any(|v| *v != 0.0);
    if bought || sold {
        report.zero_output_with_flows.push(table.label(i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_table;

    #[test]
    fn example_balances_and_a_gap_is_named() {
        let mut t = example_table();
        let r = check_accounting(&t, AccountingOptions::default());
        assert!(r.is_balanced(), "{}", r.summary(5));
        t.x[1] += 1.0;
        let r = check_accounting(&t, AccountingOptions::default());
        assert_eq!(r.imbalances.len(), 2);
        assert_eq!(r.imbalances[0].label, t.label(1));
        assert_eq!(r.imbalances[0].identity, Identity::Row);
        assert!((r.imbalances[0].gap() + 1.0).abs() < 1e-9);
    }

    #[test]
    fn summary_prints_the_sums_it_compares() {
        // Row A_agr of the example: x raised by 1, so sales fall 1 short.
        let mut t = example_table();
        let (zr, yr) = (t.z_row_sums()[0], t.y_row_sums()[0]);
        t.x[0] += 1.0;
        let r = check_accounting(&t, AccountingOptions::default());
        let want = format!(
            "{} row: output {} but sales {} = intermediate {} + final {} (gap -1)",
            t.label(0),
            human(t.x[0]),
            human(zr + yr),
            human(zr),
            human(yr)
        );
        assert!(r.summary(1).starts_with(&want), "{}", r.summary(1));
        assert_eq!(human(0.6499999999999999), "0.65");
        assert_eq!(human(76796.0), "76796");
    }

    #[test]
    fn nan_and_inf_never_balance() {
        let mut t = example_table();
        t.x[2] = f64::NAN;
        t.z[1] = f64::INFINITY;
        let r = check_accounting(&t, AccountingOptions::default());
        assert!(!r.is_balanced());
        assert_eq!(r.non_finite.len(), 2);
        assert!(r.non_finite[0].starts_with(&format!("x of {} = NaN", t.label(2))));
        assert!(r.non_finite[1].starts_with(&format!("Z[{}, {}] = inf", t.label(0), t.label(1))));
    }

    #[test]
    fn negative_cells_and_output_are_reported() {
        // One -1 inventory cell on an otherwise empty sector, as LUX_19 in WIOD 2011.
        let mut t = example_table();
        let n = t.n();
        let k = t.n_fd();
        for j in 0..n {
            t.z[j * n + 1] = 0.0;
            t.z[n + j] = 0.0;
        }
        t.y[k..2 * k].iter_mut().for_each(|v| *v = 0.0);
        t.y[k] = -1.0;
        t.va[1] = 0.0;
        t.x[1] = 0.0;
        let r = check_accounting(&t, AccountingOptions::default());
        assert_eq!(r.negative_y_cells, 1);
        assert_eq!(r.most_negative_cell.as_ref().unwrap().value, -1.0);
        assert_eq!(r.negative_output.len(), 1);
        assert_eq!(r.negative_output[0].row_sum, -1.0);
        assert!(r.zero_output_with_flows.is_empty());
        assert!(
            r.quirks(5)
                .contains("1 negative cells (Z 0, Y 1), most negative -1 at Y["),
            "{}",
            r.quirks(5)
        );
    }
}
