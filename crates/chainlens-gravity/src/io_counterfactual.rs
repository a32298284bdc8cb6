//! A checked [`GeIoScenario`] run on a calibrated [`IoBaseline`]: the iceberg cost change
//! and the ad valorem tariff of every importer, exporter and sector, the Caliendo-Parro
//! equilibrium ([`crate::caliendo_parro`]), and the one-sector model on the same table and
//! shock, so that the amplification through input-output linkages is a number.
//!
//! # Formula
//! * `d_ni^j = prod (1 + tariff)` over the iceberg changes naming exporter `i`, importer
//!   `n` and sector `j`; `tau_ni^j = sum tariff` over the tariff changes naming them.
//! * One-sector comparison: flows `T_in = sum_j M_ni^j` (intermediate and final, as
//!   aggregate gravity data count them), one elasticity `theta_bar = sum_j theta^j X^j /
//!   sum_j X^j` (world absorption weights; the uniform value when uniform), the pair's
//!   trade-weighted mean log changes `ln d_in = sum_j M_ni^j ln d_ni^j / sum_j M_ni^j` and
//!   `ln(1 + tau_in)` likewise, solved by [`crate::caliendo_parro::solve`] on
//!   [`IoBaseline::one_sector`] (one sector, no intermediate inputs): with iceberg costs
//!   alone that is the one-sector model of [`crate::hat`] with additive deficits (tests),
//!   and with tariffs the same model with the revenue rebated.
//! * With `deficits = "removed"` the caller first replaces the baseline by
//!   [`crate::caliendo_parro::remove_deficits`]; every change is then relative to it.

use crate::GravityError;
use crate::calibration::IoBaseline;
use crate::caliendo_parro::{self, CpOptions, CpShock, CpSolution};
use crate::io_scenario::{CostKind, GeIoScenario};

/// The result of [`run_io`].
#[derive(Clone, Debug, PartialEq)]
pub struct IoCounterfactual {
    /// The shock: elasticities by sector, iceberg changes `d_ni^j` and tariffs
    /// `tau_ni^j`, sector-major like [`IoBaseline::purchases`] (tariffs empty when none).
    pub shock: CpShock,
    /// The multi-sector equilibrium.
    pub solution: CpSolution,
    /// The one-sector elasticity `theta_bar`.
    pub one_sector_theta: f64,
    /// The one-sector flows before, row-major exporter x importer (table order).
    pub one_sector_trade: Vec<f64>,
    /// The one-sector equilibrium of the same shock.
    pub one_sector: CpSolution,
}

impl IoCounterfactual {
    /// The one-sector flows after at producers' prices, exporter x importer.
    pub fn one_sector_trade_after(&self) -> Vec<f64> {
        let n = self.one_sector.wages.len();
        (0..n * n)
            .map(|k| self.one_sector.sales[(k % n) * n + k / n])
            .collect()
    }
}

/// Runs `scenario` on `base`. The scenario was checked on the sorted country codes;
/// `order[k]` is the table index of the `k`-th sorted code. `theta` has one value per
/// sector.
pub fn run_io(
    base: &IoBaseline,
    scenario: &GeIoScenario,
    order: &[usize],
    theta: Vec<f64>,
) -> Result<IoCounterfactual, GravityError> {
    let (n, s) = (base.n(), base.s());
    let mut kappa = vec![1.0; s * n * n];
    let mut tariffs = vec![0.0; s * n * n];
    for change in &scenario.changes {
        for &pair in &change.pairs {
            let (exporter, importer) = (order[pair / n], order[pair % n]);
            for &j in &change.sectors {
                let k = (j * n + importer) * n + exporter;
                match change.kind {
                    CostKind::Iceberg => kappa[k] *= 1.0 + change.tariff,
                    CostKind::Tariff => tariffs[k] += change.tariff,
                }
            }
        }
    }
    let taxed = scenario.changes.iter().any(|c| c.kind == CostKind::Tariff);
    let shock = CpShock {
        theta,
        kappa,
        tariffs: if taxed { tariffs } else { Vec::new() },
    };
    let solution = caliendo_parro::solve(base, &shock, CpOptions::default())?;
    let one = base.one_sector();
    let one_shock = one_sector_shock(base, &shock);
    let one_sector = caliendo_parro::solve(&one, &one_shock, CpOptions::default())?;
    let one_sector_trade = (0..n * n)
        .map(|k| one.purchases[(k % n) * n + k / n])
        .collect();
    Ok(IoCounterfactual {
        one_sector_theta: one_shock.theta[0],
        shock,
        solution,
        one_sector_trade,
        one_sector,
    })
}

/// The shock of the one-sector comparison: `theta_bar` and the pairs' trade-weighted mean
/// log iceberg and tariff changes, importer-major like [`IoBaseline::one_sector`].
fn one_sector_shock(base: &IoBaseline, shock: &CpShock) -> CpShock {
    let (n, s) = (base.n(), base.s());
    let absorption: Vec<f64> = (0..s)
        .map(|j| (0..n).map(|c| base.absorption[c * s + j]).sum())
        .collect();
    let theta_bar = shock
        .theta
        .iter()
        .zip(&absorption)
        .map(|(t, x)| t * x)
        .sum::<f64>()
        / absorption.iter().sum::<f64>();
    let mut trade = vec![0.0; n * n];
    let mut ln_kappa = vec![0.0; n * n];
    let mut ln_tariff = vec![0.0; n * n];
    for j in 0..s {
        for pair in 0..n * n {
            let k = j * n * n + pair;
            trade[pair] += base.purchases[k];
            ln_kappa[pair] += base.purchases[k] * shock.kappa[k].ln();
            ln_tariff[pair] += base.purchases[k] * shock.tariff(k).ln_1p();
        }
    }
    let mean = |sum: &[f64]| -> Vec<f64> {
        (0..n * n)
            .map(|k| {
                if trade[k] > 0.0 {
                    (sum[k] / trade[k]).exp()
                } else {
                    1.0
                }
            })
            .collect()
    };
    CpShock {
        theta: vec![theta_bar],
        kappa: mean(&ln_kappa),
        tariffs: if shock.tariffs.is_empty() {
            Vec::new()
        } else {
            mean(&ln_tariff).iter().map(|f| f - 1.0).collect()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io_scenario::{DeficitBaseline, ElasticityChoice, IoChange};

    #[test]
    fn without_inputs_both_models_agree() {
        // One sector, final demand only, three countries in table order B, A, C (sorted
        // A, B, C): the shock A <-> B is table pair 1 <-> 0.
        let trade = [40.0, 6.0, 3.0, 8.0, 50.0, 5.0, 2.0, 9.0, 30.0];
        let table = chainlens_model::IcioTable {
            countries: ["B", "A", "C"].map(String::from).to_vec(),
            sectors: vec!["all".into()],
            z: vec![0.0; 9],
            y: trade.to_vec(),
            fd_columns: ["B", "A", "C"]
                .map(|c| chainlens_model::FinalDemandColumn {
                    country: c.into(),
                    category: "HFCE".into(),
                })
                .to_vec(),
            va: vec![0.0; 3],
            x: vec![0.0; 3],
            extensions: Vec::new(),
            unit: String::new(),
        };
        let base = IoBaseline::from_table(&table, "t").unwrap();
        let scenario = GeIoScenario {
            name: "x".into(),
            elasticities: ElasticityChoice::Uniform(5.0),
            deficits: DeficitBaseline::Fixed,
            blocs: Vec::new(),
            changes: vec![IoChange {
                kind: CostKind::Iceberg,
                tariff: 0.2,
                pairs: vec![1, 3],
                sectors: vec![0],
            }],
        };
        let r = run_io(&base, &scenario, &[1, 0, 2], vec![5.0]).unwrap();
        assert_eq!(r.shock.kappa, [1.0, 1.2, 1.0, 1.2, 1.0, 1.0, 1.0, 1.0, 1.0]);
        for c in 0..3 {
            assert!((r.solution.welfare[c] - r.one_sector.welfare[c]).abs() < 1e-10);
        }
        assert!(r.solution.welfare[0] < 1.0 && r.solution.welfare[1] < 1.0);
    }

    fn scenario(kind: CostKind, tariff: f64, deficits: DeficitBaseline) -> GeIoScenario {
        GeIoScenario {
            name: "x".into(),
            elasticities: ElasticityChoice::Uniform(5.0),
            deficits,
            blocs: Vec::new(),
            // Sorted country 0 <-> 1 and 0 <-> 2.
            changes: vec![IoChange {
                kind,
                tariff,
                pairs: vec![1, 2, 4, 8],
                sectors: vec![0, 2],
            }],
        }
    }

    #[test]
    fn the_one_sector_comparison_is_the_hat_model() {
        use crate::hat::{self, Deficits, HatOptions};
        let table = chainlens_input_output::synthetic::random_table(4, 3, 9);
        let base = IoBaseline::from_table(&table, "t").unwrap();
        let order = [0, 1, 2, 3];
        let scenario = scenario(CostKind::Iceberg, 0.3, DeficitBaseline::Fixed);
        let r = run_io(&base, &scenario, &order, vec![3.0, 5.0, 8.0]).unwrap();
        let one = one_sector_shock(&base, &r.shock);
        let phi: Vec<f64> = (0..16)
            .map(|k| one.kappa[(k % 4) * 4 + k / 4].powf(-r.one_sector_theta))
            .collect();
        let opts = HatOptions {
            theta: r.one_sector_theta,
            deficits: Deficits::Additive,
            ..Default::default()
        };
        let dek = hat::solve(&r.one_sector_trade, &phi, opts).unwrap().full;
        for c in 0..4 {
            assert!((r.one_sector.welfare[c] - dek.welfare[c]).abs() < 1e-10);
        }
        let after = r.one_sector_trade_after();
        assert!((0..16).all(|k| (after[k] - dek.trade[k]).abs() < 1e-8 * dek.trade[k]));
    }

    #[test]
    fn a_tariff_raises_revenue_an_iceberg_cost_does_not() {
        let table = chainlens_input_output::synthetic::random_table(4, 3, 9);
        let base = IoBaseline::from_table(&table, "t").unwrap();
        let order = [0, 1, 2, 3];
        let theta = vec![5.0; 3];
        let run = |kind| {
            let s = scenario(kind, 0.3, DeficitBaseline::Fixed);
            run_io(&base, &s, &order, theta.clone()).unwrap()
        };
        let (tariff, iceberg) = (run(CostKind::Tariff), run(CostKind::Iceberg));
        // Country 0 <-> 1 in sector 0: importer 1, exporter 0 at (0 * 4 + 1) * 4 + 0.
        assert_eq!(tariff.shock.tariffs[4], 0.3);
        assert_eq!(tariff.shock.kappa[4], 1.0);
        assert_eq!(iceberg.shock.kappa[4], 1.3);
        assert!(iceberg.shock.tariffs.is_empty());
        assert!(tariff.solution.tariff_revenue[0] > 0.0);
        assert!(tariff.one_sector.tariff_revenue[0] > 0.0);
        assert!(tariff.solution.welfare[0] > iceberg.solution.welfare[0]);
    }
}
