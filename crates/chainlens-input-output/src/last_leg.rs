//! Value added in one destination's final demand by origin and by the last border it
//! crossed (METHODS §5, relocation through third countries).
//!
//! # What it measures
//! How much of an origin's value added that the destination finally absorbs reaches it
//! through each exporter's sales to it: directly (the origin's own exports), through a
//! connector such as Vietnam or Mexico (Freund, Mattoo, Mulabdic & Ruta 2023), or
//! through others. A unit of value added counts once, under the country from which it
//! last entered the destination.
//!
//! # Formula
//! Destination `D`, final demand `y = Y_{.D}` (every column of D's final demand). With
//! `z = L_DD y_D` (D's domestic Leontief inverse on its demand for its own goods), the
//! flow that enters D from exporter `E != D` and stays there is
//! `w^E = y_E + A_ED z` (final goods, and intermediates D turns into its own final goods
//! without exporting them again), and the value added of origin `O` in it is
//! `VA(O, E) = sum_{i in O} v_i (B w^E)_i` (`B` the global Leontief inverse: every path
//! before the last crossing). What never crossed a border is `VA(D, D) = sum v_D z`.
//! These add up to `v (B y)` for every origin, exactly, because
//! `B_{.D} = e_D L_DD + sum_{E != D} B_{.E} A_ED L_DD`.
//!
//! # Reference
//! The last-leg split of Wang, Wei & Zhu (2013)'s absorption terms (`Y_ED` and
//! `A_ED L_DD Y_DD`), as Borin & Mancini (2023) use it for bilateral flows.
//!
//! # Complexity
//! One domestic `n x n` factorisation and `G - 1` solves with the factorised `I - A`:
//! O(n^3 + G N^2).

use crate::coefficients::inverse_or_zero;
use crate::error::Result;
use crate::leontief::{Factored, LeontiefModel};
use chainlens_model::IcioTable;
use faer::Mat;

/// `VA(O, E)` for one destination: `[origin country][last exporter]`, in table order.
/// The destination's own column holds the value added that never left it.
#[derive(Clone, Debug, PartialEq)]
pub struct LastLegs {
    /// The destination's index among the table's countries.
    pub destination: usize,
    /// `value_added[o][e]`, in the table's unit.
    pub value_added: Vec<Vec<f64>>,
}

impl LastLegs {
    /// The value added of origin `o` absorbed in the destination's final demand.
    pub fn total(&self, o: usize) -> f64 {
        self.value_added[o].iter().sum()
    }
}

/// Value added in `destination`'s final demand by origin and last exporter; `model` is
/// the Leontief factorisation of `table`.
pub fn last_legs(table: &IcioTable, model: &LeontiefModel, destination: usize) -> Result<LastLegs> {
    let (n, sectors, countries) = (table.n(), table.n_sectors(), table.n_countries());
    let demand = final_demand_of(table, destination);
    let z = domestic_absorption(table, destination, &demand)?;
    let inv_x = inverse_or_zero(&table.x);
    let base = destination * sectors;
    let mut w = Mat::<f64>::zeros(n, countries);
    for e in (0..countries).filter(|&e| e != destination) {
        for s in 0..sectors {
            let i = e * sectors + s;
            let intermediate: f64 = (0..sectors)
                .map(|j| table.z_at(i, base + j) * inv_x[base + j] * z[j])
                .sum();
            w[(i, e)] = demand[i] + intermediate;
        }
    }
    model.solve_in_place(&mut w)?;
    let v: Vec<f64> = table.va.iter().zip(&inv_x).map(|(va, r)| va * r).collect();
    let mut value_added = vec![vec![0.0; countries]; countries];
    for (o, row) in value_added.iter_mut().enumerate() {
        for (e, cell) in row.iter_mut().enumerate() {
            *cell = if e == destination {
                if o == destination {
                    (0..sectors).map(|j| v[base + j] * z[j]).sum()
                } else {
                    0.0
                }
            } else {
                (0..sectors)
                    .map(|s| v[o * sectors + s] * w[(o * sectors + s, e)])
                    .sum()
            };
        }
    }
    Ok(LastLegs {
        destination,
        value_added,
    })
}

/// `Y_{.D}`: the sum of every final-demand column of country `d`, length N.
fn final_demand_of(table: &IcioTable, d: usize) -> Vec<f64> {
    let label = &table.countries[d];
    let columns: Vec<usize> = (0..table.n_fd())
        .filter(|&c| table.fd_columns[c].country == *label)
        .collect();
    table
        .y
        .chunks_exact(table.n_fd())
        .map(|row| columns.iter().map(|&c| row[c]).sum())
        .collect()
}

/// `z = L_DD y_D`: the output of D's industries for its own demand of its own goods,
/// through domestic links only.
fn domestic_absorption(table: &IcioTable, d: usize, demand: &[f64]) -> Result<Vec<f64>> {
    let sectors = table.n_sectors();
    let base = d * sectors;
    let inv_x = inverse_or_zero(&table.x[base..base + sectors]);
    let a_dd = Mat::<f64>::from_fn(sectors, sectors, |i, j| {
        table.z_at(base + i, base + j) * inv_x[j]
    });
    let labels: Vec<String> = (0..sectors).map(|i| table.label(base + i)).collect();
    let domestic = Factored::new(&a_dd, &labels, "I - A_DD")?;
    Ok(domestic.solve_vec(&demand[base..base + sectors], false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coefficients::Coefficients;
    use crate::synthetic::random_table;
    use crate::value_added_origin::value_added_in_final_demand;
    use chainlens_model::FinalDemandColumn;
    use proptest::prelude::*;

    /// Two countries, one sector each, one final-demand column each.
    /// A = [[0.2, 0.1], [0.3, 0.4]] (x = 100, 200: Z = [[20, 20], [30, 80]]),
    /// v = (0.5, 0.5), Y = [[40, 20], [10, 80]] (rows: producers; columns: A's, B's demand).
    fn two_countries() -> IcioTable {
        IcioTable {
            countries: vec!["AAA".into(), "BBB".into()],
            sectors: vec!["s".into()],
            z: vec![20.0, 20.0, 30.0, 80.0],
            y: vec![40.0, 20.0, 10.0, 80.0],
            fd_columns: ["AAA", "BBB"]
                .map(|c| FinalDemandColumn {
                    country: c.into(),
                    category: "HFCE".into(),
                })
                .to_vec(),
            va: vec![50.0, 100.0],
            x: vec![100.0, 200.0],
            ..Default::default()
        }
    }

    #[test]
    fn two_countries_by_hand() {
        // Destination BBB: y = (20, 80); z = 80 / (1 - 0.4) = 400/3; w^A = 20 + 0.1 * 400/3
        // = 100/3. I - A = [[0.8, -0.1], [-0.3, 0.6]], det 0.45, so
        // B = [[0.6, 0.1], [0.3, 0.8]] / 0.45 and B w^A = (400/9, 200/9).
        // VA(AAA via AAA) = 0.5 * 400/9 = 200/9, VA(BBB via AAA) = 0.5 * 200/9 = 100/9,
        // VA(BBB, never left) = 0.5 * 400/3 = 200/3. All of BBB's final demand is
        // value added somewhere: 200/9 + 100/9 + 200/3 = 100 = 20 + 80.
        let t = two_countries();
        let model = LeontiefModel::from_table(&t).unwrap();
        let legs = last_legs(&t, &model, 1).unwrap();
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        close(legs.value_added[0][0], 200.0 / 9.0);
        close(legs.value_added[0][1], 0.0);
        close(legs.value_added[1][0], 100.0 / 9.0);
        close(legs.value_added[1][1], 200.0 / 3.0);
        close(legs.total(0) + legs.total(1), 100.0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn last_legs_add_up_to_value_added_in_final_demand(
            g in 2usize..5, s in 1usize..4, seed in 0u64..1000, d in 0usize..5,
        ) {
            let t = random_table(g, s, seed);
            let d = d % g;
            let c = Coefficients::new(&t).unwrap();
            let model = LeontiefModel::new(&c).unwrap();
            let legs = last_legs(&t, &model, d).unwrap();
            let y = Mat::from_fn(t.n(), 1, |i, _| final_demand_of(&t, d)[i]);
            let vay = value_added_in_final_demand(&c, &model, &y).unwrap();
            for o in 0..g {
                let want: f64 = (0..s).map(|k| vay[(o * s + k, 0)]).sum();
                prop_assert!((legs.total(o) - want).abs() <= 1e-9 * want.abs().max(1.0));
                prop_assert!(legs.value_added[o].iter().all(|v| *v >= -1e-9));
                if o != d {
                    prop_assert_eq!(legs.value_added[o][d], 0.0);
                }
            }
        }
    }
}
