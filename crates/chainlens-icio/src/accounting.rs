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
//! # Zero output
//! Sectors with `x = 0` are listed in [`AccountingReport::zero_output`]; the
//! analyses then give them zero coefficients, and refuse them if they have
//! intermediate purchases, sales or value added (see
//! `chainlens_input_output::coefficients`).

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
    /// The accounted total (sales or costs).
    pub accounted: f64,
}

impl Imbalance {
    /// `accounted - output`.
    pub fn gap(&self) -> f64 {
        self.accounted - self.output
    }
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
    /// Largest relative row gap `|gap| / max(|x|, 1)`.
    pub max_rel_row_gap: f64,
    /// Largest relative column gap.
    pub max_rel_col_gap: f64,
}

impl AccountingReport {
    /// True when no identity fails.
    pub fn is_balanced(&self) -> bool {
        self.imbalances.is_empty()
    }

    /// The first few imbalances, one per line.
    pub fn summary(&self, max: usize) -> String {
        let mut s: Vec<String> = self
            .imbalances
            .iter()
            .take(max)
            .map(|i| {
                format!(
                    "{} {}: output {} vs {} {} (gap {:+})",
                    i.label,
                    match i.identity {
                        Identity::Row => "row",
                        Identity::Column => "column",
                    },
                    i.output,
                    match i.identity {
                        Identity::Row => "Z 1 + Y 1 =",
                        Identity::Column => "1'Z + va =",
                    },
                    i.accounted,
                    i.gap()
                )
            })
            .collect();
        if self.imbalances.len() > max {
            s.push(format!("... {} more", self.imbalances.len() - max));
        }
        s.join("; ")
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
        )
    }
}

/// Checks both accounting identities of `table`.
pub fn check_accounting(table: &IcioTable, opts: AccountingOptions) -> AccountingReport {
    let n = table.n();
    let mut report = AccountingReport {
        checked: n,
        ..Default::default()
    };
    if table.shape_problem().is_some() {
        return report;
    }
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
        if (sales - x).abs() > tol || sales.is_nan() {
            report.imbalances.push(Imbalance {
                label: table.label(i),
                identity: Identity::Row,
                output: x,
                accounted: sales,
            });
        }
        if (costs - x).abs() > tol || costs.is_nan() {
            cols.push(Imbalance {
                label: table.label(i),
                identity: Identity::Column,
                output: x,
                accounted: costs,
            });
        }
        if x == 0.0 {
            report.zero_output.push(table.label(i));
        }
    }
    report.imbalances.extend(cols);
    report
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
}
