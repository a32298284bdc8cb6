//! Regional and extra-regional foreign value added in final output, METHODS §5, as Los,
//! Timmer & de Vries (2015) define it.
//!
//! # What it measures
//! Of the value of the final goods an economy produces, the share added abroad, split into
//! the share added in the producer's own region (EU, NAFTA, East Asia: "regional"
//! production networks) and outside it ("global" ones). A rising extra-regional share
//! means value chains are globalising; a rising regional one, that they regionalise.
//!
//! # Formula
//! `f_n` = final output of economy `n` (row sums of `Y` over all destinations, on `n`'s
//! rows, zero elsewhere); `VA_n = diag(v) L f_n` (value added by origin row, METHODS §2,
//! on the row-balanced table so that `sum VA_n = sum f_n`). Then `domestic` = `VA_n`
//! summed over `n`'s rows, `regional` over rows of other economies of `n`'s region,
//! `extra_regional` over the rest; `foreign_share = 1 - domestic / total`,
//! `regional_share = regional / total`, `extra_regional_share = extra_regional / total`
//! (the two add up to the foreign share).
//!
//! # Parameters and defaults
//! A region per economy (the caller's bloc file; an economy in no bloc is its own region,
//! so all its foreign value added is extra-regional).
//!
//! # Reference
//! Los, B., Timmer, M. P. & de Vries, G. J. (2015), *How global are global value chains? A
//! new approach to measure international fragmentation*, Journal of Regional Science
//! 55(1): 66-92, Table 2 (WIOD: the extra-regional share grew faster than the regional
//! one from 1995 to 2011). Not reproduced to the digit: the paper uses final
//! manufacturing output only.
//!
//! # Complexity
//! One factorisation of `I - A` and G solves: O(N³ + N² G).

use crate::error::RestructuringError;
use chainlens_input_output::value_added_origin::value_added_in_final_demand;
use chainlens_input_output::{Coefficients, Economies, IcioTable, LeontiefModel};

/// The value added in one economy's final output, by where it was added.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegionalShares {
    /// The economy's index in [`Economies`].
    pub economy: usize,
    /// Its final output, the table's unit.
    pub final_output: f64,
    /// Value added in the economy itself.
    pub domestic: f64,
    /// Value added in other economies of its region.
    pub regional: f64,
    /// Value added outside its region.
    pub extra_regional: f64,
    /// `1 - domestic / total`.
    pub foreign_share: f64,
    /// `regional / total`.
    pub regional_share: f64,
    /// `extra_regional / total`.
    pub extra_regional_share: f64,
}

/// Every economy's shares; `region[g]` is the region of economy `g` (same label, same
/// region).
pub fn regionalisation(
    table: &IcioTable,
    economies: &Economies,
    region: &[String],
    year: u16,
) -> Result<Vec<RegionalShares>, RestructuringError> {
    let io = |source| RestructuringError::InputOutput { year, source };
    let coefficients = Coefficients::row_balanced(table).map_err(io)?;
    let model = LeontiefModel::new(&coefficients).map_err(io)?;
    let (n, k, g) = (table.n(), table.n_fd(), economies.len());
    let mut f = faer::Mat::<f64>::zeros(n, g);
    for i in 0..n {
        f[(i, economies.of_row[i])] = table.y[i * k..(i + 1) * k].iter().sum();
    }
    let va = value_added_in_final_demand(&coefficients, &model, &f).map_err(io)?;
    Ok((0..g)
        .map(|p| {
            let (mut domestic, mut regional, mut extra) = (0.0, 0.0, 0.0);
            for i in 0..n {
                let o = economies.of_row[i];
                let part = if o == p {
                    &mut domestic
                } else if region[o] == region[p] {
                    &mut regional
                } else {
                    &mut extra
                };
                *part += va[(i, p)];
            }
            let total = domestic + regional + extra;
            let share = |x: f64| if total != 0.0 { x / total } else { f64::NAN };
            RegionalShares {
                economy: p,
                final_output: (0..n).map(|i| f[(i, p)]).sum(),
                domestic,
                regional,
                extra_regional: extra,
                foreign_share: 1.0 - share(domestic),
                regional_share: share(regional),
                extra_regional_share: share(extra),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_input_output::synthetic::random_table;

    #[test]
    fn regional_and_extra_regional_add_up_to_foreign() {
        // Four economies, the first two one region: their foreign value added is partly
        // regional; the last two are regions of their own, so theirs is all extra-regional.
        let t = random_table(4, 3, 11);
        let e = Economies::countries(&t).unwrap();
        let region: Vec<String> = ["EU", "EU", "C", "D"].map(String::from).to_vec();
        let rows = regionalisation(&t, &e, &region, 2000).unwrap();
        for r in &rows {
            let gap = r.regional_share + r.extra_regional_share - r.foreign_share;
            assert!(gap.abs() <= 1e-12, "{r:?}");
            // value added in final output adds up to the final output (v'L = 1')
            let total = r.domestic + r.regional + r.extra_regional;
            assert!(
                (total - r.final_output).abs() <= 1e-9 * r.final_output,
                "{r:?}"
            );
        }
        assert!(rows[0].regional > 0.0 && rows[2].regional == 0.0);
    }

    #[test]
    fn a_two_country_table_by_hand() {
        // One sector each, x = (100, 100), Z = [[20, 10], [30, 40]]: A = [[.2, .1], [.3, .4]],
        // va = (50, 50), v = (.5, .5), final output (70, 30). det(I - A) = .45 and
        // L = [[.6, .1], [.3, .8]] / .45. A's final output f = (70, 0): L f = (93.3, 46.7),
        // value added from B = .5 * 46.7 = 23.3 of 70, a foreign share of 1/3.
        let fd = |c: &str| chainlens_model::FinalDemandColumn {
            country: c.into(),
            category: "total".into(),
        };
        let t = IcioTable {
            countries: vec!["A".into(), "B".into()],
            sectors: vec!["all".into()],
            z: vec![20.0, 10.0, 30.0, 40.0],
            y: vec![50.0, 20.0, 10.0, 20.0],
            fd_columns: vec![fd("A"), fd("B")],
            va: vec![50.0, 50.0],
            x: vec![100.0, 100.0],
            extensions: Vec::new(),
            unit: "USD million".into(),
        };
        let e = Economies::countries(&t).unwrap();
        let rows = regionalisation(&t, &e, &["A".into(), "B".into()], 2000).unwrap();
        assert!(
            (rows[0].foreign_share - 1.0 / 3.0).abs() < 1e-12,
            "{:?}",
            rows[0]
        );
        assert!((rows[0].extra_regional_share - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(rows[0].regional, 0.0);
        let same = regionalisation(&t, &e, &["R".into(), "R".into()], 2000).unwrap();
        assert!((same[0].regional_share - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(same[0].extra_regional, 0.0);
    }
}
