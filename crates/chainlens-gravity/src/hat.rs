//! One-sector Armington-CES general equilibrium in exact hat algebra (METHODS §3, bloc
//! fragmentation): the counterfactual of a change in bilateral trade costs, solved in
//! changes from observed flows (Dekle, Eaton & Kortum 2007), as Zylkin's `ge_gravity` does.
//!
//! # Formula
//! With flows `X_ij` (domestic included), output `Y_i = sum_j X_ij`, expenditure
//! `E_j = sum_i X_ij`, import shares `pi_ij = X_ij / E_j`, deficits `D_j = E_j - Y_j`,
//! trade elasticity `theta = sigma - 1` and a cost change `phi_ij = (t_ij'/t_ij)^(-theta)`:
//!
//! * inward multilateral resistance: `P_j^(-theta) = sum_i pi_ij phi_ij w_i^(-theta)`
//! * expenditure: `E_j' = w_j Y_j + D_j` (additive deficits, the default) or `w_j E_j`
//!   (multiplicative)
//! * trade: `X_ij' = pi_ij phi_ij w_i^(-theta) / P_j^(-theta) * E_j'`
//! * market clearing: `w_i Y_i = sum_j X_ij'`, with world output fixed (`sum_i w_i Y_i =
//!   sum_i Y_i`, the numeraire)
//! * outward multilateral resistance: `Pi_i^(-theta) = sum_j (X_ij / Y_i) phi_ij
//!   P_j^theta E_j'/E_j`
//! * welfare (real expenditure): `E_j'/E_j / P_j`; real wage `w_j / P_j`, which with
//!   `phi_jj = 1` equals the ACR formula `(pi_jj'/pi_jj)^(-1/theta)`.
//!
//! The conditional equilibrium holds `w = 1` and `E` fixed. The full equilibrium iterates
//! `w_i <- (w_i^theta Y_i'(w) / Y_i)^(1/(1+theta))`, renormalised, until the largest
//! change of any `w_i` is below the tolerance.
//!
//! # Parameters and defaults
//! [`HatOptions`]: `theta = 4` (Zylkin's example), additive deficits, tolerance 1e-13,
//! 100,000 iterations at most.
//!
//! # Reference
//! Reproduces `ge_gravity`'s EU-enlargement welfare for the 44 WIOD countries (theta 4,
//! `phi = exp(0.224249)` on new EU pairs) to 1e-7, additive and multiplicative
//! (tests/reproduce.rs). Yotov, Piermartini, Monteiro & Larch (2016), ch. 2; Baier, Yotov
//! & Zylkin (2019, JIE 116).
//!
//! # Complexity
//! `O(n^2)` per iteration; a few hundred iterations at 44-69 countries.

use crate::GravityError;
use serde::Deserialize;

/// How trade deficits move with income in the full equilibrium.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Deficits {
    /// `E_j' = w_j Y_j + D_j`: the deficit is fixed in world-output units (ge_gravity's
    /// default).
    #[default]
    Additive,
    /// `E_j' = w_j E_j`: the ratio of expenditure to output is fixed.
    Multiplicative,
}

/// Options of [`solve`]; each default is the one the module doc states.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HatOptions {
    /// Trade elasticity `theta = sigma - 1`.
    pub theta: f64,
    /// How deficits move.
    pub deficits: Deficits,
    /// Largest change of any factory-gate price at which the iteration stops.
    pub tolerance: f64,
    /// Iterations before giving up.
    pub max_iterations: usize,
}

impl Default for HatOptions {
    fn default() -> Self {
        Self {
            theta: 4.0,
            deficits: Deficits::Additive,
            tolerance: 1e-13,
            max_iterations: 100_000,
        }
    }
}

/// One equilibrium, every value a change (1 = none) except `trade`, in levels.
#[derive(Clone, Debug, PartialEq)]
pub struct Equilibrium {
    /// Factory-gate price (wage) changes `w_i`.
    pub prices: Vec<f64>,
    /// Inward multilateral resistance (consumer price index) changes `P_j`.
    pub imr: Vec<f64>,
    /// Outward multilateral resistance changes `Pi_i`.
    pub omr: Vec<f64>,
    /// Expenditure changes `E_j'/E_j`.
    pub expenditure: Vec<f64>,
    /// Welfare `E_j'/E_j / P_j` (real expenditure).
    pub welfare: Vec<f64>,
    /// Real wage `w_j / P_j` (the ACR statistic).
    pub real_wage: Vec<f64>,
    /// Counterfactual flows, row-major exporter x importer.
    pub trade: Vec<f64>,
    /// Iterations used (0 for the conditional equilibrium).
    pub iterations: usize,
}

/// The conditional (prices and expenditure fixed) and full equilibria of one change.
#[derive(Clone, Debug, PartialEq)]
pub struct HatSolution {
    /// Prices and expenditure fixed: the partial effect through the resistances only.
    pub conditional: Equilibrium,
    /// Prices and expenditure adjust (full endowment general equilibrium).
    pub full: Equilibrium,
}

/// The baseline in shares: what every evaluation of a price vector needs.
struct Baseline<'a> {
    n: usize,
    trade: &'a [f64],
    phi: &'a [f64],
    output: Vec<f64>,
    expenditure: Vec<f64>,
}

impl<'a> Baseline<'a> {
    fn new(trade: &'a [f64], phi: &'a [f64]) -> Self {
        let n = (trade.len() as f64).sqrt() as usize;
        let output = (0..n)
            .map(|i| trade[i * n..(i + 1) * n].iter().sum())
            .collect();
        let expenditure = (0..n)
            .map(|j| (0..n).map(|i| trade[i * n + j]).sum())
            .collect();
        Self {
            n,
            trade,
            phi,
            output,
            expenditure,
        }
    }

    /// Every counterfactual value at prices `w` and expenditure `e_new`.
    fn evaluate(&self, w: &[f64], e_new: &[f64], theta: f64, iterations: usize) -> Equilibrium {
        let n = self.n;
        let w_theta: Vec<f64> = w.iter().map(|w| w.powf(-theta)).collect();
        // P_j^(-theta) = sum_i pi_ij phi_ij w_i^(-theta)
        let p_theta: Vec<f64> = (0..n)
            .map(|j| {
                (0..n)
                    .map(|i| self.trade[i * n + j] * self.phi[i * n + j] * w_theta[i])
                    .sum::<f64>()
                    / self.expenditure[j]
            })
            .collect();
        let trade = (0..n * n)
            .map(|k| {
                let (i, j) = (k / n, k % n);
                self.trade[k] / self.expenditure[j] * self.phi[k] * w_theta[i] / p_theta[j]
                    * e_new[j]
            })
            .collect();
        let imr: Vec<f64> = p_theta.iter().map(|p| p.powf(-1.0 / theta)).collect();
        let e_hat: Vec<f64> = (0..n).map(|j| e_new[j] / self.expenditure[j]).collect();
        let omr = (0..n)
            .map(|i| {
                let s: f64 = (0..n)
                    .map(|j| {
                        let k = i * n + j;
                        self.trade[k] / self.output[i] * self.phi[k] * e_hat[j] / p_theta[j]
                    })
                    .sum();
                s.powf(-1.0 / theta)
            })
            .collect();
        Equilibrium {
            prices: w.to_vec(),
            welfare: (0..n).map(|j| e_hat[j] / imr[j]).collect(),
            real_wage: (0..n).map(|j| w[j] / imr[j]).collect(),
            imr,
            omr,
            expenditure: e_hat,
            trade,
            iterations,
        }
    }

    fn expenditure_at(&self, w: &[f64], deficits: Deficits) -> Vec<f64> {
        (0..self.n)
            .map(|j| match deficits {
                Deficits::Additive => w[j] * self.output[j] + self.expenditure[j] - self.output[j],
                Deficits::Multiplicative => w[j] * self.expenditure[j],
            })
            .collect()
    }
}

/// Solves the conditional and full equilibria of the cost change `phi` (row-major, the
/// same shape as `trade`, `phi_ij = (t_ij'/t_ij)^(-theta)`). `trade` must be square with
/// positive domestic flows ([`crate::GravityData::world`] checks it).
pub fn solve(trade: &[f64], phi: &[f64], opts: HatOptions) -> Result<HatSolution, GravityError> {
    let base = Baseline::new(trade, phi);
    let n = base.n;
    let theta = opts.theta;
    let ones = vec![1.0; n];
    let conditional = base.evaluate(&ones, &base.expenditure, theta, 0);
    let world_output: f64 = base.output.iter().sum();
    let mut w = ones;
    let mut change = f64::INFINITY;
    for iteration in 1..=opts.max_iterations {
        let e_new = base.expenditure_at(&w, opts.deficits);
        if let Some(j) = e_new.iter().position(|e| *e <= 0.0) {
            return Err(GravityError::Estimation {
                file: String::new(),
                message: format!(
                    "country {j}'s expenditure falls to zero or below with additive deficits\nhint: use multiplicative deficits"
                ),
            });
        }
        let eq = base.evaluate(&w, &e_new, theta, iteration);
        let mut next: Vec<f64> = (0..n)
            .map(|i| {
                let sales: f64 = eq.trade[i * n..(i + 1) * n].iter().sum();
                (w[i].powf(theta) * sales / base.output[i]).powf(1.0 / (1.0 + theta))
            })
            .collect();
        let scale = world_output / (0..n).map(|i| next[i] * base.output[i]).sum::<f64>();
        next.iter_mut().for_each(|x| *x *= scale);
        change = crate::error::largest((0..n).map(|i| (next[i] - w[i]).abs()));
        if !change.is_finite() {
            return Err(GravityError::NotFinite {
                what: "the general equilibrium".into(),
                iteration,
                theta_max: theta,
            });
        }
        w = next;
        if change < opts.tolerance {
            let e_new = base.expenditure_at(&w, opts.deficits);
            let full = base.evaluate(&w, &e_new, theta, iteration);
            return Ok(HatSolution { conditional, full });
        }
    }
    Err(GravityError::NoConvergence {
        what: "the general equilibrium".into(),
        iterations: opts.max_iterations,
        change,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_change_changes_nothing() {
        let trade = [5.0, 1.0, 2.0, 7.0];
        let s = solve(&trade, &[1.0; 4], HatOptions::default()).unwrap();
        for eq in [&s.conditional, &s.full] {
            assert!(eq.welfare.iter().all(|w| (w - 1.0).abs() < 1e-14));
            assert!(
                eq.trade
                    .iter()
                    .zip(&trade)
                    .all(|(a, b)| (a - b).abs() < 1e-12)
            );
        }
    }

    #[test]
    fn a_two_country_cost_cut_raises_both_welfares() {
        // Halving trade costs between two symmetric countries (phi = 2^theta > 1 both
        // ways) raises both countries' welfare by the same factor.
        let trade = [8.0, 2.0, 2.0, 8.0];
        let phi = [1.0, 16.0, 16.0, 1.0];
        let s = solve(&trade, &phi, HatOptions::default()).unwrap();
        assert!(s.full.welfare[0] > 1.0);
        assert!((s.full.welfare[0] - s.full.welfare[1]).abs() < 1e-12);
        // ACR: domestic share 0.8 -> 8 / (8 + 2 * 16) = 0.2, welfare (0.2/0.8)^(-1/4) = sqrt 2.
        assert!((s.full.real_wage[0] - 2f64.sqrt()).abs() < 1e-12);
    }
}
