//! Upstreamness of Antràs, Chor, Fally & Hillberry (2012), as Antràs & Chor
//! (2018) publish it for WIOD: corrected for net inventories by default; and
//! its companion ratio, final use over gross output.
//!
//! # What it measures
//! The average number of production stages between a country-sector's output
//! and final use: 1 when everything it makes is consumed directly, larger
//! for suppliers of inputs to inputs. `FU/GO`, the share of output sold
//! straight to final use, is the first term of the same series (lower for
//! upstream industries).
//!
//! # Formula
//! With `x` gross output, `Z` intermediate use, `N_i = Σ_c Y[i, c]` over the
//! inventory final-demand columns (change in inventories: OECD `INVNT`, WIOD
//! 2013 `INVNT` (its c42), WIOD 2016 `INVEN`, pymrio `Changes in
//! inventories`) and `F_i` final use in the other columns (METHODS §2):
//!
//! * net inventories (default, [`Inventories::Net`]): output that is used is
//!   `x_i - N_i`; `Δ[i, j] = Z[i, j] / (x_i - N_i)`, `U = (I - Δ)^-1 1`, and
//!   `FU/GO_i = F_i / (x_i - N_i)`. This is Antràs et al. (2012)'s
//!   net-inventory correction (inventories are output not yet used, so they
//!   neither count as final use nor dilute the shares of the uses), the one
//!   Antràs & Chor (2018) apply to every WIOD measure they publish;
//! * [`Inventories::Ignore`], or a table without an inventory column:
//!   `Δ = B = diag(x)^-1 Z`, `U = (I - B)^-1 1`, the plain Ghosh row sums
//!   (equal to the forward production length `PLv` of Wang, Wei, Yu & Zhu
//!   2017), and `FU/GO_i = (Σ_c Y[i, c]) / x_i`.
//!
//! Sectors whose used output `x_i - N_i` is zero or negative get a zero row of
//! `Δ`, so `U = 1`, and `FU/GO = NaN` (undefined).
//!
//! # Economy-wide measures
//! Antràs & Chor (2018, Table 1) collapse the table to one sector per economy
//! and compute the same measures on that 41 x 41 table
//! ([`economy_upstreamness`], via [`crate::Economies::collapse`]). This is
//! not the output-weighted mean of the industries' upstreamness: on WIOD 2013,
//! 2011, the collapsed measure gives China 2.819 and the USA 1.785 (published:
//! 2.819 and 1.786), the output-weighted mean of industries 2.841 and 1.815.
//!
//! # Parameters and defaults
//! [`UpstreamnessOptions::inventories`]: [`Inventories::Net`] (used only when
//! the table has an inventory column).
//!
//! # Reference
//! Antràs, P., Chor, D., Fally, T. & Hillberry, R. (2012), *Measuring the
//! upstreamness of production and trade flows*, AER P&P 102(3), eq. (4) and
//! the net-inventory correction; Antràs, P. & Chor, D. (2018), *On the
//! measurement of upstreamness and downstreamness in global value chains*,
//! in Ing & Yu (eds.), World Trade Evolution, Routledge, Table 1 (China 2011
//! 2.819, USA 2011 1.786, reproduced within 0.001 in `tests/wiod2013.rs`);
//! Miller & Temurshoev (2017) for the Ghosh identity.
//!
//! # Complexity
//! One factorisation of `I - Δ` (O(N³)) and one solve.
//!
//! # Example
//! ```
//! use chainlens_input_output::{synthetic, upstreamness::upstreamness, Coefficients};
//! let t = synthetic::random_table(2, 3, 5);
//! let u = upstreamness(&Coefficients::new(&t)?)?;
//! assert!(u.iter().all(|&v| v >= 1.0));
//! # Ok::<(), chainlens_input_output::InputOutputError>(())
//! ```

use crate::coefficients::{Coefficients, inverse_or_zero};
use crate::economies::Economies;
use crate::error::Result;
use crate::ghosh::GhoshModel;
use crate::leontief::Factored;
use chainlens_model::IcioTable;
use faer::Mat;

pub use chainlens_model::icio::{INVENTORY_CATEGORIES, is_inventory_category};

/// How inventories enter upstreamness and downstreamness.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Inventories {
    /// Antràs et al. (2012) net-inventory correction, when the table has an
    /// inventory column (the default).
    #[default]
    Net,
    /// Plain Ghosh row sums (and Leontief column sums): inventories are final use.
    Ignore,
}

/// Options of [`upstreamness_of`] and [`crate::downstreamness::downstreamness_of`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpstreamnessOptions {
    /// Treatment of inventories; default [`Inventories::Net`].
    pub inventories: Inventories,
}

/// The output each country-sector's uses add up to, and its final use.
#[derive(Clone, Debug, PartialEq)]
pub struct UsedOutput {
    /// `x - N` with the net-inventory correction, else `x`.
    pub used: Vec<f64>,
    /// Final use `F` (without inventories when corrected).
    pub final_use: Vec<f64>,
    /// True when an inventory column was found and netted out.
    pub inventory_corrected: bool,
}

/// Output net of inventories and final use of every country-sector.
pub fn used_output(table: &IcioTable, inventories: Inventories) -> UsedOutput {
    let k = table.n_fd();
    let inv: Vec<bool> = table
        .fd_columns
        .iter()
        .map(|c| inventories == Inventories::Net && is_inventory_category(&c.category))
        .collect();
    let corrected = inv.contains(&true);
    let mut used = table.x.clone();
    let mut final_use = vec![0.0; table.n()];
    for (i, row) in table.y.chunks_exact(k.max(1)).enumerate().take(table.n()) {
        for (c, v) in row.iter().enumerate() {
            if inv[c] {
                used[i] -= v;
            } else {
                final_use[i] += v;
            }
        }
    }
    UsedOutput {
        used,
        final_use,
        inventory_corrected: corrected,
    }
}

/// Upstreamness and final use over gross output of every country-sector.
#[derive(Clone, Debug, PartialEq)]
pub struct Upstreamness {
    /// `U = (I - Δ)^-1 1`.
    pub upstreamness: Vec<f64>,
    /// `FU/GO = F / (x - N)` (NaN where the used output is not positive).
    pub final_use_ratio: Vec<f64>,
    /// True when the net-inventory correction was applied.
    pub inventory_corrected: bool,
}

/// Upstreamness of every country-sector: the plain Ghosh row sums of the
/// table's coefficients (no inventory correction; see [`upstreamness_of`]).
pub fn upstreamness(coefficients: &Coefficients) -> Result<Vec<f64>> {
    Ok(GhoshModel::new(coefficients)?.row_sums())
}

/// Upstreamness as Antràs & Chor publish it (net of inventories by default).
pub fn upstreamness_of(table: &IcioTable, opts: UpstreamnessOptions) -> Result<Upstreamness> {
    crate::coefficients::validate(table)?;
    let n = table.n();
    let u = used_output(table, opts.inventories);
    let inv = inverse_or_zero(&u.used);
    let delta = Mat::from_fn(n, n, |i, j| table.z[i * n + j] * inv[i]);
    let labels: Vec<String> = (0..n).map(|i| table.label(i)).collect();
    let f = Factored::new(&delta, &labels, "I - Δ (upstreamness)")?;
    let upstreamness = f.solve_vec(&vec![1.0; n], false);
    let final_use_ratio = (0..n)
        .map(|i| {
            if u.used[i] > 0.0 {
                u.final_use[i] * inv[i]
            } else {
                f64::NAN
            }
        })
        .collect();
    Ok(Upstreamness {
        upstreamness,
        final_use_ratio,
        inventory_corrected: u.inventory_corrected,
    })
}

/// Economy-wide upstreamness as Antràs & Chor (2018) compute it: on the table
/// collapsed to one sector per economy.
pub fn economy_upstreamness(
    table: &IcioTable,
    economies: &Economies,
    opts: UpstreamnessOptions,
) -> Result<Upstreamness> {
    upstreamness_of(&economies.collapse(table), opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::{FinalDemandColumn, IcioTable};

    /// One country: sector 1 sells 10 to sector 2 and puts 5 into inventories
    /// (output 15); sector 2 sells all of its 30 to households.
    fn chain() -> IcioTable {
        IcioTable {
            countries: vec!["A".into()],
            sectors: vec!["up".into(), "down".into()],
            z: vec![0.0, 10.0, 0.0, 0.0],
            y: vec![0.0, 5.0, 30.0, 0.0],
            fd_columns: vec![
                FinalDemandColumn {
                    country: "A".into(),
                    category: "HFCE".into(),
                },
                FinalDemandColumn {
                    country: "A".into(),
                    category: "INVNT".into(),
                },
            ],
            va: vec![15.0, 20.0],
            x: vec![15.0, 30.0],
            extensions: Vec::new(),
            unit: String::new(),
        }
    }

    #[test]
    fn a_two_stage_chain_with_and_without_inventories() {
        // Net: all of the 10 used by "up" goes to "down": Δ[0,1] = 10 / (15 - 5) = 1,
        // U = (1 + 1, 1) = (2, 1); FU/GO = (0 / 10, 30 / 30) = (0, 1).
        let t = chain();
        let net = upstreamness_of(&t, UpstreamnessOptions::default()).unwrap();
        assert!(net.inventory_corrected);
        assert!((net.upstreamness[0] - 2.0).abs() < 1e-15, "{net:?}");
        assert!((net.upstreamness[1] - 1.0).abs() < 1e-15);
        assert_eq!(net.final_use_ratio, [0.0, 1.0]);
        // Ignore: B[0,1] = 10 / 15, U_0 = 1 + 2/3 = 5/3; FU/GO_0 = 5 / 15.
        let plain = upstreamness_of(
            &t,
            UpstreamnessOptions {
                inventories: Inventories::Ignore,
            },
        )
        .unwrap();
        assert!(!plain.inventory_corrected);
        assert!((plain.upstreamness[0] - 5.0 / 3.0).abs() < 1e-15);
        assert!((plain.final_use_ratio[0] - 1.0 / 3.0).abs() < 1e-15);
        // the plain measure is the Ghosh row sums
        let g = upstreamness(&Coefficients::new(&t).unwrap()).unwrap();
        assert!((g[0] - plain.upstreamness[0]).abs() < 1e-15);
    }
}
