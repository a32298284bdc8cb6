//! A checked [`GeScenario`] run on [`GravityData`]: the cost change of every pair from
//! the scenario's changes, then the equilibrium of its model, reported the same way for
//! both models as changes by country ([`CountryEffect`]) and flows before and after.
//!
//! # Formula
//! `phi_ij = t_ij'^(-theta) / t_ij^(-theta) = exp(sum_k b_k (x_ijk' - x_ijk)) *
//! (1 + tariff_ij)^(-theta)`, where `x'` is the data with each `[[change]]` setting
//! applied in order and the tariffs of every matching `between` change multiply.
//!
//! The hat algebra starts from the observed flows, or with `baseline = "fitted"` from the
//! flows the baseline costs `T_ij = exp(sum_k b_k x_ijk + g_ij)` fit to each country's
//! output and expenditure ([`crate::levels::fitted_flows`]; `g` the pair costs of
//! [`crate::pair_costs`] where given, else 0): the Guide's procedure, whose constrained
//! PPML baseline is the same matrix.

use crate::hat::{self, HatOptions};
use crate::levels::{LevelsInput, fitted_flows, solve_levels};
use crate::scenario::{Baseline, Change, GeScenario};
use crate::{GravityData, GravityError};

/// One country's changes (1 = none) and levels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CountryEffect {
    /// Welfare: real expenditure `E'/E / P` (hat model) or real GDP `(Y'/P')/(Y/P)`
    /// (levels model, gegravity's "GDP change").
    pub welfare: f64,
    /// Welfare with prices and expenditure fixed (the conditional equilibrium).
    pub conditional_welfare: f64,
    /// Factory-gate price change.
    pub price: f64,
    /// Inward multilateral resistance change.
    pub imr: f64,
    /// Outward multilateral resistance change.
    pub omr: f64,
    /// Expenditure change.
    pub expenditure: f64,
    /// Foreign exports before (observed flows, or modelled ones in the levels model).
    pub exports_before: f64,
    /// Foreign exports after.
    pub exports_after: f64,
    /// Share of expenditure bought at home, before.
    pub domestic_share_before: f64,
    /// The same after.
    pub domestic_share_after: f64,
}

/// The result of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Counterfactual {
    /// Country codes, sorted (the data's).
    pub countries: Vec<String>,
    /// Effects by country.
    pub effects: Vec<CountryEffect>,
    /// Flows before, row-major exporter x importer.
    pub trade_before: Vec<f64>,
    /// Flows after.
    pub trade_after: Vec<f64>,
    /// `phi_ij`, the change of `t^(-theta)`.
    pub phi: Vec<f64>,
    /// Iterations of the full equilibrium (0 for the levels model).
    pub iterations: usize,
}

/// Runs `scenario` on the data's baseline year.
pub fn run(data: &GravityData, scenario: &GeScenario) -> Result<Counterfactual, GravityError> {
    let world = data.world(scenario.year)?;
    let rows: Vec<usize> = data
        .pair_rows(scenario.year)
        .into_iter()
        .flatten()
        .collect();
    let phi = cost_change(data, scenario, &rows)?;
    match &scenario.levels {
        None => {
            let opts = HatOptions {
                theta: scenario.theta,
                deficits: scenario.deficits,
                ..Default::default()
            };
            let baseline = match scenario.baseline {
                Baseline::Observed => world.trade.clone(),
                Baseline::Fitted => {
                    let costs: Vec<f64> = log_costs(data, scenario, &rows)?
                        .iter()
                        .map(|c| c.exp())
                        .collect();
                    fitted_flows(&costs, &world.output(), &world.expenditure())?
                }
            };
            let s = hat::solve(&baseline, &phi, opts)?;
            let effects = (0..world.n())
                .map(|i| CountryEffect {
                    welfare: s.full.welfare[i],
                    conditional_welfare: s.conditional.welfare[i],
                    price: s.full.prices[i],
                    imr: s.full.imr[i],
                    omr: s.full.omr[i],
                    expenditure: s.full.expenditure[i],
                    ..flows(&baseline, &s.full.trade, i)
                })
                .collect();
            Ok(Counterfactual {
                countries: world.countries,
                effects,
                trade_before: baseline,
                trade_after: s.full.trade,
                phi,
                iterations: s.full.iterations,
            })
        }
        Some(l) => {
            let column = |name: &str| column(data, name);
            let (y_col, e_col) = (column(&l.output)?, column(&l.expenditure)?);
            let n = world.n();
            let output: Vec<f64> = (0..n).map(|i| y_col[rows[i * n + i]]).collect();
            let expenditure: Vec<f64> = (0..n).map(|j| e_col[rows[j * n + j]]).collect();
            let costs: Vec<f64> = log_costs(data, scenario, &rows)?
                .iter()
                .map(|c| (c + l.constant).exp())
                .collect();
            let costs_new: Vec<f64> = costs.iter().zip(&phi).map(|(t, p)| t * p).collect();
            let input = LevelsInput {
                costs: &costs,
                costs_new: &costs_new,
                output: &output,
                expenditure: &expenditure,
                reference: l.reference,
                sigma: scenario.theta + 1.0,
            };
            let s = solve_levels(&input)?;
            let effects = (0..n)
                .map(|i| {
                    let imr = s.experiment.imr[i] / s.baseline.imr[i];
                    CountryEffect {
                        welfare: s.prices[i] / imr,
                        conditional_welfare: 1.0 / imr,
                        price: s.prices[i],
                        imr,
                        omr: s.experiment.omr[i] / s.baseline.omr[i],
                        expenditure: s.expenditure[i] / expenditure[i],
                        ..flows(&s.baseline.trade, &s.experiment.trade, i)
                    }
                })
                .collect();
            Ok(Counterfactual {
                countries: world.countries,
                effects,
                trade_before: s.baseline.trade,
                trade_after: s.experiment.trade,
                phi,
                iterations: 0,
            })
        }
    }
}

/// Foreign exports and domestic shares of country `i` before and after.
fn flows(before: &[f64], after: &[f64], i: usize) -> CountryEffect {
    let n = (before.len() as f64).sqrt() as usize;
    let exports = |t: &[f64]| (0..n).filter(|&j| j != i).map(|j| t[i * n + j]).sum();
    let share = |t: &[f64]| t[i * n + i] / (0..n).map(|k| t[k * n + i]).sum::<f64>();
    CountryEffect {
        exports_before: exports(before),
        exports_after: exports(after),
        domestic_share_before: share(before),
        domestic_share_after: share(after),
        ..Default::default()
    }
}

fn column<'a>(data: &'a GravityData, name: &str) -> Result<&'a [f64], GravityError> {
    data.var(name).ok_or_else(|| GravityError::MissingColumn {
        file: data.label.clone(),
        column: name.into(),
        available: data
            .vars
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// `ln t_ij^(1-sigma)` of every pair (row-major) at baseline: the coefficients times the
/// variables, plus the scenario's pair costs where it has them.
fn log_costs(
    data: &GravityData,
    scenario: &GeScenario,
    rows: &[usize],
) -> Result<Vec<f64>, GravityError> {
    let columns = scenario
        .costs
        .iter()
        .map(|(v, b)| column(data, v).map(|c| (c, *b)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((0..rows.len())
        .map(|k| {
            let xb: f64 = columns.iter().map(|(c, b)| b * c[rows[k]]).sum();
            xb + scenario.pair_costs.as_ref().map_or(0.0, |g| g[k])
        })
        .collect())
}

/// `phi` of every pair (row-major); `rows[k]` is the data row of pair `k`.
fn cost_change(
    data: &GravityData,
    scenario: &GeScenario,
    rows: &[usize],
) -> Result<Vec<f64>, GravityError> {
    let mut phi = vec![1.0; rows.len()];
    let mut set: Vec<(String, Vec<f64>)> = Vec::new();
    for change in &scenario.changes {
        match change {
            Change::Set {
                variable,
                value,
                pairs,
            } => {
                let index = match set.iter().position(|(v, _)| v == variable) {
                    Some(i) => i,
                    None => {
                        let col = column(data, variable)?;
                        set.push((variable.clone(), rows.iter().map(|&r| col[r]).collect()));
                        set.len() - 1
                    }
                };
                pairs.iter().for_each(|&k| set[index].1[k] = *value);
            }
            Change::Tariff { tariff, pairs } => {
                let factor = (1.0 + tariff).powf(-scenario.theta);
                pairs.iter().for_each(|&k| phi[k] *= factor);
            }
        }
    }
    for (variable, new) in &set {
        let b = scenario
            .costs
            .iter()
            .find(|(v, _)| v == variable)
            .map_or(0.0, |c| c.1);
        let old = column(data, variable)?;
        for (k, &r) in rows.iter().enumerate() {
            phi[k] *= (b * (new[k] - old[r])).exp();
        }
    }
    Ok(phi)
}
