//! Downstreamness of Antràs & Chor (2018), corrected for net inventories by
//! default, and its companion ratio, value added over gross output.
//!
//! # What it measures
//! The average number of production stages between the primary inputs
//! (value added) embodied in a country-sector's output and that output: 1
//! when the sector buys no intermediates, larger for sectors at the end of
//! long chains. `VA/GO`, the share of value added in output, is the first
//! term of the same series (lower for downstream industries).
//!
//! # Formula
//! With the output used net of inventories `x_j - N_j` of
//! [`crate::upstreamness`] (or `x_j` under [`Inventories::Ignore`] and for
//! tables without an inventory column), METHODS §2:
//!
//! * `Ã[i, j] = Z[i, j] / (x_j - N_j)`, `D' = 1' (I - Ã)^-1` (column sums of
//!   the Leontief inverse of `Ã`), solved as `(I - Ã)' D = 1`;
//! * `VA/GO_j = va_j / (x_j - N_j)`.
//!
//! Without inventories `D` is the Leontief column sums `1'L`, the backward
//! production length `PLy` of Wang, Wei, Yu & Zhu (2017). Sectors whose used
//! output is zero or negative get a zero column of `Ã` (`D = 1`) and
//! `VA/GO = NaN`. Economy-wide values collapse the table to one sector per
//! economy first, as for upstreamness ([`economy_downstreamness`]).
//!
//! # Parameters and defaults
//! [`UpstreamnessOptions::inventories`]: [`Inventories::Net`].
//!
//! # Reference
//! Antràs, P. & Chor, D. (2018), *On the measurement of upstreamness and
//! downstreamness in global value chains*, in Ing & Yu (eds.), World Trade
//! Evolution, Routledge, section 2 (downstreamness `D`, `VA/GO`) and Table 1;
//! Miller & Temurshoev (2017) ("input downstreamness"). On WIOD 2013, 2011, the
//! collapsed measure gives China 2.902 and the USA 1.807 (`tests/wiod2013.rs`;
//! no published figure is asserted).
//!
//! # Complexity
//! One factorisation of `I - Ã` (O(N³)) and one solve.
//!
//! # Example
//! ```
//! use chainlens_input_output::{synthetic, downstreamness::downstreamness_of};
//! let t = synthetic::random_table(2, 3, 5);
//! let d = downstreamness_of(&t, Default::default())?;
//! assert!(d.downstreamness.iter().all(|&v| v >= 1.0));
//! # Ok::<(), chainlens_input_output::InputOutputError>(())
//! ```

use crate::coefficients::{inverse_or_zero, scaled_from_row_major};
use crate::economies::Economies;
use crate::error::Result;
use crate::leontief::Factored;
#[cfg(doc)]
use crate::upstreamness::Inventories;
use crate::upstreamness::{UpstreamnessOptions, used_output};
use chainlens_model::IcioTable;

/// Downstreamness and value added over gross output of every country-sector.
#[derive(Clone, Debug, PartialEq)]
pub struct Downstreamness {
    /// `D = (I - Ã)^-T 1`.
    pub downstreamness: Vec<f64>,
    /// `VA/GO = va / (x - N)` (NaN where the used output is not positive).
    pub va_ratio: Vec<f64>,
    /// True when the net-inventory correction was applied.
    pub inventory_corrected: bool,
}

/// Downstreamness as Antràs & Chor define it (net of inventories by default).
pub fn downstreamness_of(table: &IcioTable, opts: UpstreamnessOptions) -> Result<Downstreamness> {
    crate::coefficients::validate(table)?;
    let n = table.n();
    let u = used_output(table, opts.inventories);
    let inv = inverse_or_zero(&u.used);
    let a = scaled_from_row_major(&table.z, n, &inv);
    let labels: Vec<String> = (0..n).map(|i| table.label(i)).collect();
    let f = Factored::new(&a, &labels, "I - Ã (downstreamness)")?;
    let downstreamness = f.solve_vec(&vec![1.0; n], true);
    let va_ratio = (0..n)
        .map(|j| {
            if u.used[j] > 0.0 {
                table.va[j] * inv[j]
            } else {
                f64::NAN
            }
        })
        .collect();
    Ok(Downstreamness {
        downstreamness,
        va_ratio,
        inventory_corrected: u.inventory_corrected,
    })
}

/// Economy-wide downstreamness: on the table collapsed to one sector per economy.
pub fn economy_downstreamness(
    table: &IcioTable,
    economies: &Economies,
    opts: UpstreamnessOptions,
) -> Result<Downstreamness> {
    downstreamness_of(&economies.collapse(table), opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upstreamness::Inventories;
    use chainlens_model::{FinalDemandColumn, IcioTable};

    #[test]
    fn a_two_stage_chain() {
        // "up" (x = 15, 5 of it into inventories) sells 10 to "down" (x = 30).
        // Net: Ã[0,1] = 10 / 30, D = (1, 1 + 1/3); VA/GO = (15 / 10, 20 / 30).
        // Ignore: the same Ã here (down holds no inventories); VA/GO_0 = 15 / 15.
        let t = IcioTable {
            countries: vec!["A".into()],
            sectors: vec!["up".into(), "down".into()],
            z: vec![0.0, 10.0, 0.0, 0.0],
            y: vec![0.0, 5.0, 30.0, 0.0],
            fd_columns: ["HFCE", "INVNT"]
                .map(|c| FinalDemandColumn {
                    country: "A".into(),
                    category: c.into(),
                })
                .to_vec(),
            va: vec![15.0, 20.0],
            x: vec![15.0, 30.0],
            extensions: Vec::new(),
            unit: String::new(),
        };
        let d = downstreamness_of(&t, UpstreamnessOptions::default()).unwrap();
        assert!((d.downstreamness[0] - 1.0).abs() < 1e-15);
        assert!((d.downstreamness[1] - 4.0 / 3.0).abs() < 1e-15, "{d:?}");
        assert!((d.va_ratio[0] - 1.5).abs() < 1e-15);
        let plain = downstreamness_of(
            &t,
            UpstreamnessOptions {
                inventories: Inventories::Ignore,
            },
        )
        .unwrap();
        assert_eq!(plain.va_ratio[0], 1.0);
        assert!((plain.downstreamness[1] - 4.0 / 3.0).abs() < 1e-15);
    }
}
