//! A checked [`GeIoScenario`] run on a calibrated [`IoBaseline`]: the iceberg cost change
//! of every importer, exporter and sector, the Caliendo-Parro equilibrium
//! ([`crate::caliendo_parro`]), and the one-sector model ([`crate::hat`]) on the same
//! table and shock, so that the amplification through input-output linkages is a number.
//!
//! # Formula
//! * `kappa_ni^j = prod (1 + tariff)` over the changes naming exporter `i`, importer `n`
//!   and sector `j`.
//! * One-sector comparison: flows `T_in = sum_j M_ni^j` (intermediate and final, as
//!   aggregate gravity data count them), one elasticity `theta_bar = sum_j theta^j X^j /
//!   sum_j X^j` (world absorption weights; the uniform value when uniform), the cost change
//!   of the pair `ln kappa_in = sum_j M_ni^j ln kappa_ni^j / sum_j M_ni^j`, so
//!   `phi_in = kappa_in^(-theta_bar)`, solved by [`crate::hat::solve`] with additive
//!   deficits. With one sector, no inputs and one elasticity both models are the same
//!   model (tests).

use crate::GravityError;
use crate::calibration::IoBaseline;
use crate::caliendo_parro::{self, CpOptions, CpShock, CpSolution};
use crate::hat::{self, Deficits, Equilibrium, HatOptions};
use crate::io_scenario::GeIoScenario;

/// The result of [`run_io`].
#[derive(Clone, Debug, PartialEq)]
pub struct IoCounterfactual {
    /// The elasticities used, by sector.
    pub theta: Vec<f64>,
    /// `kappa_ni^j`, sector-major like [`IoBaseline::purchases`].
    pub kappa: Vec<f64>,
    /// The multi-sector equilibrium.
    pub solution: CpSolution,
    /// The one-sector elasticity `theta_bar`.
    pub one_sector_theta: f64,
    /// The one-sector flows before, row-major exporter x importer (table order).
    pub one_sector_trade: Vec<f64>,
    /// The one-sector equilibrium of the same shock.
    pub one_sector: Equilibrium,
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
    for change in &scenario.changes {
        let factor = 1.0 + change.tariff;
        for &pair in &change.pairs {
            let (exporter, importer) = (order[pair / n], order[pair % n]);
            for &j in &change.sectors {
                kappa[(j * n + importer) * n + exporter] *= factor;
            }
        }
    }
    let shock = CpShock { theta, kappa };
    let solution = caliendo_parro::solve(base, &shock, CpOptions::default())?;
    let (one_sector_theta, one_sector_trade, phi) = one_sector_shock(base, &shock);
    let opts = HatOptions {
        theta: one_sector_theta,
        deficits: Deficits::Additive,
        ..Default::default()
    };
    let one_sector = hat::solve(&one_sector_trade, &phi, opts)?.full;
    Ok(IoCounterfactual {
        theta: shock.theta,
        kappa: shock.kappa,
        solution,
        one_sector_theta,
        one_sector_trade,
        one_sector,
    })
}

/// `theta_bar`, the aggregate flows and `phi` of the one-sector comparison.
fn one_sector_shock(base: &IoBaseline, shock: &CpShock) -> (f64, Vec<f64>, Vec<f64>) {
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
    for j in 0..s {
        for m in 0..n {
            for i in 0..n {
                let k = (j * n + m) * n + i;
                trade[i * n + m] += base.purchases[k];
                ln_kappa[i * n + m] += base.purchases[k] * shock.kappa[k].ln();
            }
        }
    }
    let phi = trade
        .iter()
        .zip(&ln_kappa)
        .map(|(t, l)| {
            if *t > 0.0 {
                (-theta_bar * l / t).exp()
            } else {
                1.0
            }
        })
        .collect();
    (theta_bar, trade, phi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io_scenario::{ElasticityChoice, IoChange};

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
            blocs: Vec::new(),
            changes: vec![IoChange {
                tariff: 0.2,
                pairs: vec![1, 3],
                sectors: vec![0],
            }],
        };
        let r = run_io(&base, &scenario, &[1, 0, 2], vec![5.0]).unwrap();
        assert_eq!(r.kappa, [1.0, 1.2, 1.0, 1.2, 1.0, 1.0, 1.0, 1.0, 1.0]);
        for c in 0..3 {
            assert!((r.solution.welfare[c] - r.one_sector.welfare[c]).abs() < 1e-10);
        }
        assert!(r.solution.welfare[0] < 1.0 && r.solution.welfare[1] < 1.0);
    }
}
