//! The structural gravity system in levels, as the Advanced Guide (Yotov et al. 2016,
//! ch. 2) writes it and USITC's gegravity 0.3 solves it: multilateral resistances from
//! modelled trade costs, output and expenditure, normalised on a reference importer.
//!
//! # Formula
//! With `T_ij = t_ij^(1-sigma) = exp(sum_k b_k x_ijk)` (the constant included), output
//! shares `y_i = Y_i / sum Y`, expenditure shares `e_j = E_j / sum E`:
//!
//! * `P_j^(1-sigma) = sum_i T_ij y_i / Pi_i^(1-sigma)`, with `P_R = 1` for the reference
//!   importer `R`;
//! * `Pi_i^(1-sigma) = sum_j T_ij e_j / P_j^(1-sigma)`;
//! * modelled trade `X_ij = E_j y_i T_ij / (P_j^(1-sigma) Pi_i^(1-sigma))`.
//!
//! The pair is a matrix scaling (Sinkhorn) problem, solved by alternating the two
//! equations until no resistance moves by more than the tolerance (relative).
//!
//! gegravity's "full GE" keeps the baseline output and expenditure shares inside the
//! resistance equations, so its counterfactual resistances are the conditional ones and
//! the factory-gate price follows from the outward resistance alone: `p_i = Pi_i / Pi_i'`;
//! then `Y_i' = p_i Y_i`, `E_i' = (E_i / Y_i) Y_i'`, real GDP `Y_i / P_i` and the
//! welfare statistic `(E_i / P_i) / (E_i' / P_i')`. This module implements exactly that,
//! so its results can be checked against gegravity; [`crate::hat`] is the full
//! equilibrium in changes.
//!
//! # Parameters and defaults
//! `sigma` and the reference importer are the caller's; tolerance 1e-14, 1,000,000
//! iterations at most.
//!
//! # Reference
//! gegravity 0.3's CAN-JPN agreement example (30 countries, sigma 5, reference DEU),
//! every country result to 1e-6 relative (tests/reproduce.rs).
//!
//! # Complexity
//! `O(n^2)` per iteration.

use crate::GravityError;

/// Multilateral resistances of one cost matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct Resistances {
    /// Inward `P_j`.
    pub imr: Vec<f64>,
    /// Outward `Pi_i`.
    pub omr: Vec<f64>,
    /// Modelled flows, row-major exporter x importer.
    pub trade: Vec<f64>,
}

/// The baseline and counterfactual of a change in trade costs.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelsSolution {
    /// At baseline costs.
    pub baseline: Resistances,
    /// At counterfactual costs, baseline shares (gegravity's conditional and experiment
    /// resistances); `trade` uses the counterfactual output and expenditure.
    pub experiment: Resistances,
    /// Factory-gate prices `p_i` (baseline 1).
    pub prices: Vec<f64>,
    /// Counterfactual output `p_i Y_i`.
    pub output: Vec<f64>,
    /// Counterfactual expenditure `(E_i/Y_i) Y_i'`.
    pub expenditure: Vec<f64>,
}

/// Inputs of [`solve_levels`].
#[derive(Clone, Debug, PartialEq)]
pub struct LevelsInput<'a> {
    /// `t_ij^(1-sigma)` at baseline, row-major.
    pub costs: &'a [f64],
    /// `t_ij^(1-sigma)` in the counterfactual.
    pub costs_new: &'a [f64],
    /// Output `Y_i`.
    pub output: &'a [f64],
    /// Expenditure `E_j`.
    pub expenditure: &'a [f64],
    /// Index of the reference importer (`P_R = 1`).
    pub reference: usize,
    /// Elasticity of substitution.
    pub sigma: f64,
}

const TOLERANCE: f64 = 1e-14;
const MAX_ITERATIONS: usize = 1_000_000;

/// Solves the baseline and the counterfactual.
pub fn solve_levels(input: &LevelsInput) -> Result<LevelsSolution, GravityError> {
    let n = input.output.len();
    let total_y: f64 = input.output.iter().sum();
    let total_e: f64 = input.expenditure.iter().sum();
    let y: Vec<f64> = input.output.iter().map(|v| v / total_y).collect();
    let e: Vec<f64> = input.expenditure.iter().map(|v| v / total_e).collect();
    let (a0, b0) = scale(input.costs, &y, &e, input.reference)?;
    let (a1, b1) = scale(input.costs_new, &y, &e, input.reference)?;
    // b = 1 / Pi^(1-sigma), so p^(1-sigma) = b1 / b0.
    let prices: Vec<f64> = (0..n)
        .map(|i| (b1[i] / b0[i]).powf(1.0 / (1.0 - input.sigma)))
        .collect();
    let output: Vec<f64> = (0..n).map(|i| prices[i] * input.output[i]).collect();
    let expenditure: Vec<f64> = (0..n)
        .map(|i| input.expenditure[i] / input.output[i] * output[i])
        .collect();
    let total_new: f64 = output.iter().sum();
    let y_new: Vec<f64> = output.iter().map(|v| v / total_new).collect();
    let resistances = |a: &[f64], b: &[f64], costs: &[f64], y: &[f64], e_level: &[f64]| {
        let power = 1.0 / (1.0 - input.sigma);
        let trade = (0..n * n)
            .map(|k| e_level[k % n] * y[k / n] * costs[k] * a[k % n] * b[k / n])
            .collect();
        Resistances {
            imr: a.iter().map(|a| a.powf(-power)).collect(),
            omr: b.iter().map(|b| b.powf(-power)).collect(),
            trade,
        }
    };
    Ok(LevelsSolution {
        baseline: resistances(&a0, &b0, input.costs, &y, input.expenditure),
        experiment: resistances(&a1, &b1, input.costs_new, &y_new, &expenditure),
        prices,
        output,
        expenditure,
    })
}

/// The flows `X_ij = T_ij Y_i E_j / (Y P_j^(1-sigma) Pi_i^(1-sigma))` the costs `T` fit to
/// `output` and `expenditure` (what PPML with exporter and importer effects and `ln T` as
/// offset fits: its rows add up to `output`, its columns to `expenditure`).
pub fn fitted_flows(
    costs: &[f64],
    output: &[f64],
    expenditure: &[f64],
) -> Result<Vec<f64>, GravityError> {
    let n = output.len();
    let shares = |v: &[f64]| {
        let total: f64 = v.iter().sum();
        v.iter().map(|x| x / total).collect::<Vec<_>>()
    };
    let (y, e) = (shares(output), shares(expenditure));
    let (a, b) = scale(costs, &y, &e, 0)?;
    Ok((0..n * n)
        .map(|k| expenditure[k % n] * y[k / n] * costs[k] * a[k % n] * b[k / n])
        .collect())
}

/// `a_j = 1 / P_j^(1-sigma)` and `b_i = 1 / Pi_i^(1-sigma)` solving
/// `a_j sum_i T_ij y_i b_i = 1` and `b_i sum_j T_ij e_j a_j = 1`, with `a_R = 1`.
fn scale(
    costs: &[f64],
    y: &[f64],
    e: &[f64],
    reference: usize,
) -> Result<(Vec<f64>, Vec<f64>), GravityError> {
    let n = y.len();
    let mut a = vec![1.0; n];
    let mut b = vec![1.0; n];
    let mut change = f64::INFINITY;
    for _ in 0..MAX_ITERATIONS {
        let b_new: Vec<f64> = (0..n)
            .map(|i| 1.0 / (0..n).map(|j| costs[i * n + j] * e[j] * a[j]).sum::<f64>())
            .collect();
        let mut a_new: Vec<f64> = (0..n)
            .map(|j| {
                1.0 / (0..n)
                    .map(|i| costs[i * n + j] * y[i] * b_new[i])
                    .sum::<f64>()
            })
            .collect();
        // Fix the scale on the reference importer: (a c, b / c) solves the same system.
        let c = 1.0 / a_new[reference];
        a_new.iter_mut().for_each(|x| *x *= c);
        let b_new: Vec<f64> = b_new.iter().map(|x| x / c).collect();
        change = (0..n)
            .map(|k| {
                ((a_new[k] - a[k]) / a[k])
                    .abs()
                    .max(((b_new[k] - b[k]) / b[k]).abs())
            })
            .fold(0.0, f64::max);
        a = a_new;
        b = b_new;
        if change < TOLERANCE {
            return Ok((a, b));
        }
    }
    Err(GravityError::NoConvergence {
        what: "the multilateral resistances".into(),
        iterations: MAX_ITERATIONS,
        change,
    })
}
