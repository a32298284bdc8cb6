//! The input-output layer of a scenario, METHODS §3: the trade layer's change of every
//! bilateral flow, mapped to the exporting country-sector of an ICIO table, propagated
//! demand-driven (Leontief) and supply-driven (Ghosh), with a first-round bottleneck.
//!
//! # Formula
//! `dy[c,s]` = the change of country `c`'s exports of industry `s` to other table countries
//! (trade values in USD divided by `usd_per_unit`, 1e6 for a table in USD million).
//! * Demand-driven: `dx = L dy` (a solve of `(I - A) dx = dy`); the change of country `j`'s
//!   exports is `dE[j] = sum_{s in j} (dy[j,s] + sum_{(k,t), k != j} A[(j,s),(k,t)] dx[k,t])`.
//! * Supply-driven: `dx' = ds' G` with `ds = dy` as the exogenous change of supply
//!   (a solve of `(I - B)' dx = ds`, done with the Leontief factorisation since
//!   `I - B = x^-1 (I - A) x`).
//! * Bottleneck, no substitution (first round): a using sector whose supply of an input
//!   falls by a share `f` can produce only `(1 - f)` of its output; its loss is
//!   `x * max over inputs of f`, the cut of `(c,s)`'s sales to country `m` being shared
//!   among `m`'s industries in proportion to their purchases `Z[(c,s),(m,t)]`.
//!
//! # Reference
//! Miller & Blair (2009) ch. 2 and 12. Seed 000: a 2-point fall in China's intermediate
//! exports lowers the exports of 45 economies by about USD 46 bn (2020).
//!
//! # Complexity
//! One LU factorisation of `I - A` (O(N^3)), O(N^2) per solve and for the export changes.
//! `I - A` is formed once, straight from `Z` and `x` into the matrix that is factorised
//! ([`LeontiefModel::from_table`]), and the export changes read `Z` by rows, both in
//! parallel: at N = 3,465 the LU is most of the time.

use crate::regions::{Placement, RegionMap};
use crate::trade_shock::FlowChange;
use chainlens_exposure::{GoodsToIndustries, HsIsicTable, SplitRule};
use chainlens_input_output::coefficients::inverse_or_zero;
use chainlens_input_output::{IcioTable, InputOutputError, LeontiefModel};
use chainlens_model::CountryTable;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Output and export changes of one scenario on one table, in the table's unit.
#[derive(Clone, Debug, PartialEq)]
pub struct IoPropagation {
    /// `CTY_SECTOR` labels, in table order.
    pub labels: Vec<String>,
    /// The exogenous change of exports `dy` by country-sector.
    pub export_shock: Vec<f64>,
    /// Demand-driven output change `L dy`.
    pub output_leontief: Vec<f64>,
    /// Supply-driven output change `ds' G`.
    pub output_ghosh: Vec<f64>,
    /// First-round bottleneck output loss (negative).
    pub output_bottleneck: Vec<f64>,
    /// Demand-driven change of each table country's gross exports.
    pub exports_by_country: Vec<(String, f64)>,
    /// Changed trade (USD, absolute changes) of countries with no region, by ISO3 code.
    pub unplaced: Vec<(String, f64)>,
    /// Changed trade of countries placed on the table's rest of the world, by ISO3 code.
    pub rest_of_world: Vec<(String, f64)>,
    /// Changed trade of split economies placed on their first block (CN1, MX1), by ISO3.
    pub split_blocks: Vec<(String, f64)>,
    /// Changed trade (USD) of flows with an exporter or importer that has no region.
    pub unplaced_flows_usd: f64,
    /// Changed trade (USD) of goods the concordance places in no industry of the table.
    pub unmapped_goods_usd: f64,
    /// All changed trade (USD, absolute changes).
    pub changed_usd: f64,
}

impl IoPropagation {
    /// Share of the changed trade whose exporter or importer found no region of the table.
    pub fn unplaced_share(&self) -> f64 {
        if self.changed_usd > 0.0 {
            self.unplaced_flows_usd / self.changed_usd
        } else {
            0.0
        }
    }
}

/// Maps flow changes onto `table` and propagates them.
pub fn propagate(
    table: &IcioTable,
    changes: &[FlowChange],
    countries: &CountryTable,
    concordance: &HsIsicTable,
    usd_per_unit: f64,
) -> Result<IoPropagation, InputOutputError> {
    let leontief = LeontiefModel::from_table(table)?;
    let regions = RegionMap::by_iso3(table, countries);
    let goods = GoodsToIndustries::new(concordance, table, SplitRule::Equal);
    propagate_with(
        table,
        &leontief,
        changes,
        countries,
        &regions,
        &goods,
        usd_per_unit,
    )
}

/// [`propagate`] with the table's Leontief factorisation given (a session keeps it
/// across scenarios; `leontief` must be [`LeontiefModel::from_table`] of `table`) and the
/// countries' placement on its regions, and the goods' placement on its industries.
pub fn propagate_with(
    table: &IcioTable,
    leontief: &LeontiefModel,
    changes: &[FlowChange],
    countries: &CountryTable,
    regions: &RegionMap,
    goods: &GoodsToIndustries,
    usd_per_unit: f64,
) -> Result<IoPropagation, InputOutputError> {
    let ExportShock { dy, cut_to, tally } =
        export_shock(table, changes, countries, regions, goods, usd_per_unit);
    let inv_x = inverse_or_zero(&table.x);
    let output_leontief = leontief.output_for(&dy)?;
    let output_ghosh = ghosh_output(table, leontief, &dy)?;
    let induced = induced_exports(table, &inv_x, &output_leontief);
    let exports = exports_by_country(table, &dy, &induced);
    let output_bottleneck = bottleneck_output(table, &cut_to);
    Ok(IoPropagation {
        labels: leontief.labels().to_vec(),
        export_shock: dy,
        output_leontief,
        output_ghosh,
        output_bottleneck,
        exports_by_country: table.countries.iter().cloned().zip(exports).collect(),
        unplaced: tally.unplaced.into_iter().collect(),
        rest_of_world: tally.rest_of_world.into_iter().collect(),
        split_blocks: tally.split_blocks.into_iter().collect(),
        unplaced_flows_usd: tally.unplaced_flows,
        unmapped_goods_usd: tally.unmapped_goods,
        changed_usd: tally.changed,
    })
}

/// The changes placed on the table: the export shock by row (table units), each row's
/// cut of sales to each table country (for the bottleneck) and where the trade went.
struct ExportShock {
    dy: Vec<f64>,
    cut_to: Vec<f64>,
    tally: Tally,
}

/// Places each flow change on the table's regions and industries, in the changes' order.
fn export_shock(
    table: &IcioTable,
    changes: &[FlowChange],
    countries: &CountryTable,
    regions: &RegionMap,
    goods: &GoodsToIndustries,
    usd_per_unit: f64,
) -> ExportShock {
    let n = table.n();
    let n_sectors = table.n_sectors();
    let mut placements = std::collections::HashMap::new();
    let mut tally = Tally::default();
    let mut dy = vec![0.0; n];
    // Cut of (c,s)'s sales to each table country, for the bottleneck.
    let mut cut_to = vec![0.0; n * table.n_countries()];
    for f in changes {
        let value = f.change.abs();
        tally.changed += value;
        let ends = [f.exporter, f.importer].map(|code| {
            let placement = regions.place(code);
            tally.note(placement, || countries.label(code), value);
            placement.region()
        });
        let [Some(c), Some(m)] = ends else {
            tally.unplaced_flows += value;
            continue;
        };
        let placed = placements
            .entry(f.hs6)
            .or_insert_with(|| goods.place(f.hs6));
        tally.unmapped_goods += value * placed.unmapped;
        if c == m {
            continue; // trade inside one table region (e.g. within ROW) is not an export
        }
        for &(s, w) in &placed.industries {
            let i = c * n_sectors + s;
            dy[i] += w * f.change / usd_per_unit;
            cut_to[i * table.n_countries() + m] += w * f.change / usd_per_unit;
        }
    }
    ExportShock { dy, cut_to, tally }
}

/// The supply-driven (Ghosh) output change of the shock `dy`.
fn ghosh_output(
    table: &IcioTable,
    leontief: &LeontiefModel,
    dy: &[f64],
) -> Result<Vec<f64>, InputOutputError> {
    // Ghosh without a second factorisation: I - B = x^-1 (I - A) x, so the supply-driven
    // solve (I - B)' dx = ds is dx = x * [(I - A)'^-1 (ds / x)], a transposed solve with
    // the Leontief LU (zero-output sectors sell nothing and get no change).
    let scaled: Vec<f64> = dy
        .iter()
        .zip(&table.x)
        .map(|(d, x)| if *x > 0.0 { d / x } else { 0.0 })
        .collect();
    Ok(leontief
        .multipliers_for(&scaled)?
        .iter()
        .zip(&table.x)
        .map(|(m, x)| m * x)
        .collect())
}

/// Each row's induced exports: its purchases by other countries' sectors from the
/// Leontief output change.
fn induced_exports(table: &IcioTable, inv_x: &[f64], output_leontief: &[f64]) -> Vec<f64> {
    let (n, n_sectors) = (table.n(), table.n_sectors());
    // Row i's purchases by other countries: sum over columns outside i's country block of
    // A[i, col] dx[col], in column order.
    table
        .z
        .par_chunks_exact(n)
        .enumerate()
        .map(|(i, row)| {
            let block = (i / n_sectors) * n_sectors..(i / n_sectors + 1) * n_sectors;
            let term = |col: usize| row[col] * inv_x[col] * output_leontief[col];
            (0..block.start).chain(block.end..n).map(term).sum::<f64>()
        })
        .collect()
}

/// Direct plus induced export change, summed by table country in row order.
fn exports_by_country(table: &IcioTable, dy: &[f64], induced: &[f64]) -> Vec<f64> {
    let n_sectors = table.n_sectors();
    let mut exports = vec![0.0; table.n_countries()];
    for (i, (direct, induced)) in dy.iter().zip(induced).enumerate() {
        exports[i / n_sectors] += direct + induced;
    }
    exports
}

/// The bottleneck output change: a row's cut sales to a country cut the same share of
/// every user's purchases there, and each user keeps its largest cut.
fn bottleneck_output(table: &IcioTable, cut_to: &[f64]) -> Vec<f64> {
    let (n, n_sectors) = (table.n(), table.n_sectors());
    let mut output_bottleneck = vec![0.0f64; n];
    for i in 0..n {
        for m in 0..table.n_countries() {
            let cut = cut_to[i * table.n_countries() + m];
            if cut >= 0.0 {
                continue;
            }
            let users = m * n_sectors..(m + 1) * n_sectors;
            let bought: f64 = users.clone().map(|t| table.z_at(i, t)).sum();
            if bought <= 0.0 {
                continue;
            }
            let share = (-cut / bought).min(1.0); // the same share of every user's purchases
            for t in users {
                if table.z_at(i, t) > 0.0 {
                    output_bottleneck[t] = output_bottleneck[t].min(-share * table.x[t]);
                }
            }
        }
    }
    output_bottleneck
}

/// Where the changed trade went, in USD of absolute changes.
#[derive(Default)]
struct Tally {
    changed: f64,
    unplaced_flows: f64,
    unmapped_goods: f64,
    unplaced: BTreeMap<String, f64>,
    rest_of_world: BTreeMap<String, f64>,
    split_blocks: BTreeMap<String, f64>,
}

impl Tally {
    /// Counts `value` for `country` when it is placed other than on its own region (the
    /// label is made only then: most flow ends are on their own region).
    fn note(&mut self, placement: Placement, country: impl FnOnce() -> String, value: f64) {
        let map = match placement {
            Placement::Region(_) => return,
            Placement::SplitBlock(_) => &mut self.split_blocks,
            Placement::RestOfWorld(_) => &mut self.rest_of_world,
            Placement::Unplaced => &mut self.unplaced,
        };
        *map.entry(country()).or_default() += value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_input_output::IcioTable;
    use chainlens_model::icio::FinalDemandColumn;
    use chainlens_model::{CountryCode, Hs6};

    /// CHN and KOR, industries 20 (chemicals) and 26 (electronics); x = (100, 100, 50, 100).
    fn table() -> IcioTable {
        let z = vec![
            10.0, 20.0, 0.0, 30.0, //
            0.0, 10.0, 0.0, 0.0, //
            0.0, 0.0, 5.0, 10.0, //
            5.0, 0.0, 0.0, 10.0,
        ];
        let y = vec![40.0, 0.0, 70.0, 20.0, 25.0, 10.0, 10.0, 75.0];
        IcioTable {
            countries: vec!["CHN".into(), "KOR".into()],
            sectors: vec!["20".into(), "26".into()],
            z,
            y,
            fd_columns: ["CHN", "KOR"]
                .iter()
                .map(|c| FinalDemandColumn {
                    country: (*c).into(),
                    category: "HFCE".into(),
                })
                .collect(),
            va: vec![85.0, 70.0, 45.0, 50.0],
            x: vec![100.0, 100.0, 50.0, 100.0],
            extensions: Vec::new(),
            unit: "USD million".into(),
        }
    }

    use crate::tests::countries;

    #[test]
    fn hydrogen_fluoride_cut_by_hand() {
        let t = table();
        let changes = [
            FlowChange {
                exporter: CountryCode::new(156).unwrap(),
                importer: CountryCode::new(410).unwrap(),
                hs6: Hs6(281111),
                change: -3e6,
            },
            // JPN is not in the table and there is no ROW: counted as unmapped.
            FlowChange {
                exporter: CountryCode::new(392).unwrap(),
                importer: CountryCode::new(410).unwrap(),
                hs6: Hs6(281111),
                change: -1e6,
            },
        ];
        let p = propagate(&t, &changes, &countries(), &HsIsicTable::shipped(), 1e6).unwrap();
        assert_eq!(p.export_shock, vec![-3.0, 0.0, 0.0, 0.0]);
        assert_eq!(p.unplaced, vec![("JPN".to_string(), 1e6)]);
        assert_eq!(p.unplaced_flows_usd, 1e6);
        assert_eq!(p.changed_usd, 4e6);
        // (I - A) dx = dy, with A[i][j] = Z[i][j] / x[j].
        for i in 0..4 {
            let lhs: f64 = (0..4)
                .map(|j| {
                    (if i == j { 1.0 } else { 0.0 } - t.z[i * 4 + j] / t.x[j])
                        * p.output_leontief[j]
                })
                .sum();
            assert!((lhs - p.export_shock[i]).abs() < 1e-12, "row {i}: {lhs}");
        }
        // Ghosh: dx' (I - B) = ds', with B[i][j] = Z[i][j] / x[i].
        for j in 0..4 {
            let lhs: f64 = (0..4)
                .map(|i| {
                    p.output_ghosh[i] * (if i == j { 1.0 } else { 0.0 } - t.z[i * 4 + j] / t.x[i])
                })
                .sum();
            assert!((lhs - p.export_shock[j]).abs() < 1e-12, "column {j}: {lhs}");
        }
        // Bottleneck: KOR buys 30 from CHN_20, all by KOR_26; a cut of 3 is 10 % -> KOR_26
        // loses 10 % of its output of 100.
        assert_eq!(p.output_bottleneck, vec![0.0, 0.0, 0.0, -10.0]);
        // Exports of CHN: the direct -3 plus KOR's lower purchases of CHN inputs
        // (A[(CHN,*),(KOR,*)] dx[KOR,*]); KOR's exports: A[(KOR,*),(CHN,*)] dx[CHN,*].
        let a = |i: usize, j: usize| t.z[i * 4 + j] / t.x[j];
        let dx = &p.output_leontief;
        let chn = -3.0
            + (0..2)
                .map(|i| a(i, 2) * dx[2] + a(i, 3) * dx[3])
                .sum::<f64>();
        let kor = (2..4)
            .map(|i| a(i, 0) * dx[0] + a(i, 1) * dx[1])
            .sum::<f64>();
        assert!((p.exports_by_country[0].1 - chn).abs() < 1e-12);
        assert!((p.exports_by_country[1].1 - kor).abs() < 1e-12);
        assert!(
            p.exports_by_country[0].1 < -3.0,
            "China loses more than the direct cut"
        );
    }

    #[test]
    fn a_singular_leontief_matrix_names_the_sector() {
        // CHN_20 and CHN_26 sell all their output to each other: I - A is singular.
        let mut t = table();
        t.z = vec![
            0.0, 100.0, 0.0, 0.0, //
            100.0, 0.0, 0.0, 0.0, //
            0.0, 0.0, 5.0, 10.0, //
            0.0, 0.0, 0.0, 10.0,
        ];
        let err = propagate(&t, &[], &countries(), &HsIsicTable::shipped(), 1e6).unwrap_err();
        assert!(
            matches!(&err, InputOutputError::Singular { matrix: "I - A", label, .. } if label == "CHN_26"),
            "{err:?}"
        );
    }

    #[test]
    fn a_zero_shock_changes_nothing() {
        let p = propagate(&table(), &[], &countries(), &HsIsicTable::shipped(), 1e6).unwrap();
        assert!(
            p.output_leontief
                .iter()
                .chain(&p.output_ghosh)
                .chain(&p.output_bottleneck)
                .all(|&v| v == 0.0)
        );
    }
}
