//! The multi-sector Eaton-Kortum model with input-output linkages of Caliendo & Parro
//! (2015) in exact hat algebra (METHODS §3, bloc fragmentation, many sectors): the
//! equilibrium in changes after a change in iceberg trade costs, from an [`IoBaseline`].
//!
//! # Formula
//! Countries `n, i`, sectors `j, k`, trade elasticities `theta^j`, iceberg cost changes
//! `kappa_ni^j = t_ni^j' / t_ni^j` (a tariff-equivalent `tau`: `kappa = 1 + tau`):
//!
//! * input-bundle cost: `c_n^j = w_n^(gamma_n^j) prod_k (P_n^k)^(gamma_n^{k,j})` (CP eq. 9);
//! * sector price index: `P_n^j = (sum_i pi_ni^j (kappa_ni^j c_i^j)^(-theta^j))^(-1/theta^j)`
//!   (eq. 10);
//! * trade shares: `pi_ni^j' = pi_ni^j (kappa_ni^j c_i^j / P_n^j)^(-theta^j)` (eq. 11);
//! * absorption: `X_n^j' = sum_k gamma_n^{j,k} Y_n^k' + alpha_n^j I_n'` with output
//!   `Y_i^k' = sum_n pi_ni^k' X_n^k'` and income `I_n' = w_n VA_n + D_n` (eq. 12 without
//!   tariff revenue: the shock is a real cost, not a tax);
//! * factor market clearing: `w_n VA_n = sum_j gamma_n^j Y_n^j'` (eq. 13 with deficits
//!   `D_n` fixed in levels, as the paper holds them), world value added the numeraire
//!   (`sum_n w_n VA_n = sum_n VA_n`);
//! * welfare (real income): `W_n = (I_n'/I_n) / prod_j (P_n^j)^(alpha_n^j)`; the real wage
//!   `w_n / prod_j (P_n^j)^(alpha_n^j)`.
//!
//! All variables above except `pi`, `Y`, `X`, `VA`, `D`, `I` are changes (1 = none).
//!
//! **Welfare decomposition** (CP section 4.2, for iceberg costs): to first order
//! `I_n dln W_n = sum_j sum_{i != n} (E_ni^j dln c_n^j - M_ni^j dln c_i^j)` (terms of
//! trade) `- sum_j sum_{i != n} M_ni^j dln kappa_ni^j` (the direct cost of the shock on
//! the import bill, which takes the place of CP's volume-of-trade effect: with iceberg
//! costs and no baseline tariffs there is no tariff revenue, so CP's volume-of-trade term
//! is zero). `E_ni^j` are `n`'s sales to `i`, `M_ni^j` its purchases from `i`. For the
//! discrete change the shares of income are averaged before and after (a Tornqvist
//! approximation, exact to second order); the rest of `ln W_n` is reported as the residual.
//!
//! # Algorithm
//! Wages `w` are iterated as `w_n <- w_n (L_n / (w_n VA_n))^step_n`, renormalised, where
//! `L_n = sum_j gamma_n^j Y_n^j'` is the demand for value added at `w`; for each `w`, the
//! price fixed point (`ln P`) and the linear absorption system (`X'`) are iterated from
//! the previous wage's solution (warm starts) to a tolerance that follows the wage
//! residual down to [`CpOptions::tolerance`]. The run stops when the largest relative
//! excess demand `|L_n - w_n VA_n| / VA_n` is below the tolerance; iterations and that
//! residual are reported.
//!
//! # Parameters and defaults
//! [`CpOptions`]: tolerance 1e-12 on the relative excess demand, 10,000 wage iterations at
//! most, wage step `1 / (1 + theta_n)` with `theta_n` the output-weighted mean elasticity
//! of country `n`'s sectors, all steps halved whenever the residual grows.
//!
//! # Reference
//! Caliendo, L. & Parro, F. (2015), "Estimates of the Trade and Welfare Effects of NAFTA",
//! Review of Economic Studies 82(1), 1-44, equations (9)-(13) and section 4.2. With one
//! sector and no intermediate inputs the system is the one-sector model of [`crate::hat`]
//! (tests below, to 1e-10); reference/ge_io/ solves the same equations in numpy.
//!
//! # Complexity
//! `O(S N^2 + N S^2)` per sweep of prices or absorption; memory `O(S N^2)`.

use crate::GravityError;
use crate::calibration::IoBaseline;
use rayon::prelude::*;

/// Options of [`solve`]; each default is the one the module doc states.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CpOptions {
    /// Largest relative excess demand for value added at which the iteration stops.
    pub tolerance: f64,
    /// Wage iterations before giving up.
    pub max_iterations: usize,
}

impl Default for CpOptions {
    fn default() -> Self {
        Self {
            tolerance: 1e-12,
            max_iterations: 10_000,
        }
    }
}

/// The shock: per-sector elasticities and iceberg cost changes.
#[derive(Clone, Debug, PartialEq)]
pub struct CpShock {
    /// `theta^j`, one per sector, positive.
    pub theta: Vec<f64>,
    /// `kappa_ni^j`, sector-major `(j * N + n) * N + i` (importer `n`, exporter `i`).
    pub kappa: Vec<f64>,
}

/// The equilibrium in changes (1 = none) and the counterfactual flows.
#[derive(Clone, Debug, PartialEq)]
pub struct CpSolution {
    /// Wage (value-added price) changes `w_n`.
    pub wages: Vec<f64>,
    /// Input-bundle cost changes `c_n^j`, country-major.
    pub costs: Vec<f64>,
    /// Sector price index changes `P_n^j`, country-major.
    pub prices: Vec<f64>,
    /// Aggregate consumer price index changes `prod_j (P_n^j)^(alpha_n^j)`.
    pub price_index: Vec<f64>,
    /// Income changes `I_n'/I_n`.
    pub income: Vec<f64>,
    /// Welfare (real income) changes.
    pub welfare: Vec<f64>,
    /// Real wage changes.
    pub real_wage: Vec<f64>,
    /// Terms-of-trade part of `ln W_n`.
    pub terms_of_trade: Vec<f64>,
    /// Direct trade-cost part of `ln W_n`.
    pub trade_cost: Vec<f64>,
    /// Purchases after, sector-major like [`IoBaseline::purchases`].
    pub purchases: Vec<f64>,
    /// Output after, country-major.
    pub output: Vec<f64>,
    /// Absorption after, country-major.
    pub absorption: Vec<f64>,
    /// Wage iterations.
    pub iterations: usize,
    /// Price and absorption sweeps, all wage iterations together.
    pub inner_sweeps: usize,
    /// The last relative excess demand for value added.
    pub residual: f64,
}

/// What stays fixed while wages move.
struct Model<'a> {
    base: &'a IoBaseline,
    theta: &'a [f64],
    kappa: &'a [f64],
    /// `pi_ni^j kappa_ni^j^(-theta^j)`, sector-major.
    pi_phi: Vec<f64>,
    n: usize,
    s: usize,
}

/// The state carried from one wage iteration to the next.
struct State {
    ln_prices: Vec<f64>,
    /// `c_i^j^(-theta^j)`, sector-major `j * N + i`.
    cost_theta: Vec<f64>,
    /// `P_n^j^(-theta^j)`, sector-major.
    price_theta: Vec<f64>,
    absorption: Vec<f64>,
    output: Vec<f64>,
    sweeps: usize,
}

/// Solves the equilibrium of `shock` on `base`.
pub fn solve(
    base: &IoBaseline,
    shock: &CpShock,
    opts: CpOptions,
) -> Result<CpSolution, GravityError> {
    let model = Model::new(base, shock)?;
    let (n, s) = (model.n, model.s);
    let steps = wage_steps(base, &shock.theta);
    let mut damping = 1.0;
    let mut wages = vec![1.0; n];
    let mut state = State {
        ln_prices: vec![0.0; n * s],
        cost_theta: vec![1.0; n * s],
        price_theta: vec![1.0; n * s],
        absorption: base.absorption.clone(),
        output: base.output.clone(),
        sweeps: 0,
    };
    let mut last = f64::INFINITY;
    let world: f64 = base.value_added.iter().sum();
    for iteration in 1..=opts.max_iterations {
        let inner = (last * 1e-3).clamp(opts.tolerance * 1e-2, 1e-6);
        model.prices(&wages, &mut state, inner);
        model.absorption(&wages, &mut state, inner);
        let demand = model.value_added_demand(&state.output);
        let residual = crate::error::largest(
            (0..n)
                .map(|c| (demand[c] - wages[c] * base.value_added[c]).abs() / base.value_added[c]),
        );
        if !residual.is_finite() {
            return Err(GravityError::NotFinite {
                what: "the multi-sector general equilibrium".into(),
                iteration,
                theta_max: shock.theta.iter().copied().fold(0.0, f64::max),
            });
        }
        if residual < opts.tolerance {
            return Ok(model.solution(wages, state, iteration, residual));
        }
        if residual > last {
            damping *= 0.5;
        }
        last = residual;
        for c in 0..n {
            let ratio = demand[c] / (wages[c] * base.value_added[c]);
            wages[c] *= ratio.powf(damping * steps[c]);
        }
        let total: f64 = (0..n).map(|c| wages[c] * base.value_added[c]).sum();
        wages.iter_mut().for_each(|w| *w *= world / total);
    }
    Err(GravityError::NoConvergence {
        what: "the multi-sector general equilibrium".into(),
        iterations: opts.max_iterations,
        change: last,
    })
}

/// `1 / (1 + theta_n)` with `theta_n` the output-weighted mean elasticity of country `n`'s
/// sectors: about the inverse of how fast its demand for value added falls with its wage.
fn wage_steps(base: &IoBaseline, theta: &[f64]) -> Vec<f64> {
    let s = base.s();
    (0..base.n())
        .map(|c| {
            let output = &base.output[c * s..(c + 1) * s];
            let total: f64 = output.iter().sum();
            let mean: f64 = output.iter().zip(theta).map(|(y, t)| y * t).sum::<f64>() / total;
            1.0 / (1.0 + mean)
        })
        .collect()
}

impl<'a> Model<'a> {
    fn new(base: &'a IoBaseline, shock: &'a CpShock) -> Result<Self, GravityError> {
        let (n, s) = (base.n(), base.s());
        if shock.theta.len() != s || shock.kappa.len() != s * n * n {
            return Err(GravityError::Estimation {
                file: String::new(),
                message: format!(
                    "the shock has {} elasticities and {} cost changes for {s} sectors and {n} countries",
                    shock.theta.len(),
                    shock.kappa.len()
                ),
            });
        }
        let pi_phi = base
            .shares
            .par_iter()
            .zip(&shock.kappa)
            .enumerate()
            .map(|(k, (pi, kappa))| pi * kappa.powf(-shock.theta[k / (n * n)]))
            .collect();
        Ok(Self {
            base,
            theta: &shock.theta,
            kappa: &shock.kappa,
            pi_phi,
            n,
            s,
        })
    }

    /// Iterates `ln P` to `tolerance` at wages `w`, from the state's prices.
    fn prices(&self, wages: &[f64], state: &mut State, tolerance: f64) {
        let (n, s) = (self.n, self.s);
        let ln_w: Vec<f64> = wages.iter().map(|w| w.ln()).collect();
        loop {
            state.sweeps += 1;
            for r in 0..n * s {
                let (c, j) = (r / s, r % s);
                let gamma = &self.base.input_shares[r * s..(r + 1) * s];
                let ln_inputs: f64 = gamma
                    .iter()
                    .zip(&state.ln_prices[c * s..(c + 1) * s])
                    .map(|(g, p)| g * p)
                    .sum();
                let ln_c = self.base.value_added_shares[r] * ln_w[c] + ln_inputs;
                state.cost_theta[j * n + c] = (-self.theta[j] * ln_c).exp();
            }
            let cost_theta = &state.cost_theta;
            state
                .price_theta
                .par_chunks_mut(n)
                .enumerate()
                .for_each(|(j, out)| {
                    let costs = &cost_theta[j * n..(j + 1) * n];
                    for (m, p) in out.iter_mut().enumerate() {
                        let row = &self.pi_phi[(j * n + m) * n..(j * n + m + 1) * n];
                        *p = row.iter().zip(costs).map(|(a, c)| a * c).sum();
                    }
                });
            let mut change: f64 = 0.0;
            for j in 0..s {
                for m in 0..n {
                    let ln_p = -state.price_theta[j * n + m].ln() / self.theta[j];
                    let old = &mut state.ln_prices[m * s + j];
                    change = change.max((ln_p - *old).abs());
                    *old = ln_p;
                }
            }
            if change < tolerance {
                return;
            }
        }
    }

    /// `pi_ni^j'` of importer `m` in sector `j` from exporter `i`.
    fn share_after(&self, state: &State, j: usize, m: usize, i: usize) -> f64 {
        let n = self.n;
        self.pi_phi[(j * n + m) * n + i] * state.cost_theta[j * n + i]
            / state.price_theta[j * n + m]
    }

    /// Iterates absorption and output to `tolerance` (relative) at wages `w`.
    fn absorption(&self, wages: &[f64], state: &mut State, tolerance: f64) {
        let (n, s) = (self.n, self.s);
        let base = self.base;
        let income: Vec<f64> = (0..n)
            .map(|c| wages[c] * base.value_added[c] + base.deficits[c])
            .collect();
        let scale = base.absorption.iter().copied().fold(0.0, f64::max);
        loop {
            state.sweeps += 1;
            let output = self.output_at(state);
            let mut change: f64 = 0.0;
            for c in 0..n {
                let mut x: Vec<f64> = (0..s)
                    .map(|j| base.final_shares[c * s + j] * income[c])
                    .collect();
                for k in 0..s {
                    let y = output[c * s + k];
                    let gamma = &base.input_shares[(c * s + k) * s..(c * s + k + 1) * s];
                    x.iter_mut().zip(gamma).for_each(|(x, g)| *x += g * y);
                }
                for (j, x) in x.into_iter().enumerate() {
                    let old = &mut state.absorption[c * s + j];
                    change = change.max((x - *old).abs() / scale);
                    *old = x;
                }
            }
            state.output = output;
            if change < tolerance {
                state.output = self.output_at(state);
                return;
            }
        }
    }

    /// `Y_i^j' = sum_n pi_ni^j' X_n^j'`, country-major.
    fn output_at(&self, state: &State) -> Vec<f64> {
        let (n, s) = (self.n, self.s);
        let by_sector: Vec<Vec<f64>> = (0..s)
            .into_par_iter()
            .map(|j| {
                let mut out = vec![0.0; n];
                let costs = &state.cost_theta[j * n..(j + 1) * n];
                for m in 0..n {
                    let spend = state.absorption[m * s + j] / state.price_theta[j * n + m];
                    let row = &self.pi_phi[(j * n + m) * n..(j * n + m + 1) * n];
                    for ((o, a), c) in out.iter_mut().zip(row).zip(costs) {
                        *o += a * c * spend;
                    }
                }
                out
            })
            .collect();
        (0..n * s).map(|r| by_sector[r % s][r / s]).collect()
    }

    /// `sum_j gamma_n^j Y_n^j'` by country.
    fn value_added_demand(&self, output: &[f64]) -> Vec<f64> {
        let s = self.s;
        (0..self.n)
            .map(|c| {
                (0..s)
                    .map(|j| self.base.value_added_shares[c * s + j] * output[c * s + j])
                    .sum()
            })
            .collect()
    }

    fn solution(
        &self,
        wages: Vec<f64>,
        state: State,
        iterations: usize,
        residual: f64,
    ) -> CpSolution {
        let (n, s) = (self.n, self.s);
        let base = self.base;
        let prices: Vec<f64> = state.ln_prices.iter().map(|p| p.exp()).collect();
        let costs: Vec<f64> = (0..n * s)
            .map(|r| state.cost_theta[(r % s) * n + r / s].powf(-1.0 / self.theta[r % s]))
            .collect();
        let mut purchases = vec![0.0; s * n * n];
        for j in 0..s {
            for m in 0..n {
                for i in 0..n {
                    purchases[(j * n + m) * n + i] =
                        self.share_after(&state, j, m, i) * state.absorption[m * s + j];
                }
            }
        }
        let price_index: Vec<f64> = (0..n)
            .map(|c| {
                (0..s)
                    .map(|j| base.final_shares[c * s + j] * state.ln_prices[c * s + j])
                    .sum::<f64>()
                    .exp()
            })
            .collect();
        let income: Vec<f64> = (0..n)
            .map(|c| (wages[c] * base.value_added[c] + base.deficits[c]) / base.income[c])
            .collect();
        let (terms_of_trade, trade_cost) = self.decomposition(&costs, &purchases, &income);
        CpSolution {
            welfare: (0..n).map(|c| income[c] / price_index[c]).collect(),
            real_wage: (0..n).map(|c| wages[c] / price_index[c]).collect(),
            wages,
            costs,
            prices,
            price_index,
            income,
            terms_of_trade,
            trade_cost,
            purchases,
            output: state.output,
            absorption: state.absorption,
            iterations,
            inner_sweeps: state.sweeps,
            residual,
        }
    }

    /// The terms-of-trade and trade-cost parts of `ln W_n`, income shares averaged before
    /// and after.
    fn decomposition(
        &self,
        costs: &[f64],
        after: &[f64],
        income_hat: &[f64],
    ) -> (Vec<f64>, Vec<f64>) {
        let (n, s) = (self.n, self.s);
        let base = self.base;
        let mut tot = vec![0.0; n];
        let mut cost = vec![0.0; n];
        for j in 0..s {
            for m in 0..n {
                for i in (0..n).filter(|&i| i != m) {
                    let k = (j * n + m) * n + i;
                    let (before_i, after_i) = (base.income[i], base.income[i] * income_hat[i]);
                    let (before_m, after_m) = (base.income[m], base.income[m] * income_hat[m]);
                    // m buys from i: an import of m, an export of i.
                    let import = 0.5 * (base.purchases[k] / before_m + after[k] / after_m);
                    let export = 0.5 * (base.purchases[k] / before_i + after[k] / after_i);
                    let ln_c = costs[i * s + j].ln();
                    tot[m] -= import * ln_c;
                    tot[i] += export * ln_c;
                    cost[m] -= import * self.kappa[k].ln();
                }
            }
        }
        (tot, cost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hat::{self, HatOptions};
    use chainlens_model::{FinalDemandColumn, IcioTable};

    /// A table of final demand only: one sector, flows `trade` (exporter x importer).
    fn one_sector(trade: &[f64], n: usize) -> IcioTable {
        IcioTable {
            countries: (0..n).map(|c| format!("C{c}")).collect(),
            sectors: vec!["all".into()],
            z: vec![0.0; n * n],
            y: trade.to_vec(),
            fd_columns: (0..n)
                .map(|c| FinalDemandColumn {
                    country: format!("C{c}"),
                    category: "HFCE".into(),
                })
                .collect(),
            va: vec![0.0; n],
            x: vec![0.0; n],
            extensions: Vec::new(),
            unit: String::new(),
        }
    }

    /// A uniform tariff-equivalent on every international flow of every sector.
    fn uniform(base: &IoBaseline, theta: f64, tariff: f64) -> CpShock {
        let (n, s) = (base.n(), base.s());
        CpShock {
            theta: vec![theta; s],
            kappa: (0..s * n * n)
                .map(|k| {
                    if k % n == (k / n) % n {
                        1.0
                    } else {
                        1.0 + tariff
                    }
                })
                .collect(),
        }
    }

    fn random(g: usize, s: usize, seed: u64) -> IoBaseline {
        let t = chainlens_input_output::synthetic::random_table(g, s, seed);
        IoBaseline::from_table(&t, "random").unwrap()
    }

    #[test]
    fn no_shock_changes_nothing() {
        let base = random(4, 3, 7);
        let s = solve(&base, &uniform(&base, 5.0, 0.0), CpOptions::default()).unwrap();
        assert_eq!(s.iterations, 1);
        for v in [&s.wages, &s.welfare, &s.prices, &s.costs] {
            assert!(v.iter().all(|x| (x - 1.0).abs() < 1e-12), "{v:?}");
        }
        let rel = |a: &[f64], b: &[f64]| {
            a.iter()
                .zip(b)
                .map(|(x, y)| (x - y).abs() / y.max(1.0))
                .fold(0.0, f64::max)
        };
        assert!(rel(&s.purchases, &base.purchases) < 1e-12);
        assert!(rel(&s.output, &base.output) < 1e-12);
    }

    #[test]
    fn one_sector_without_inputs_is_the_one_sector_model() {
        // Three countries with deficits (column sums differ from row sums).
        let trade = [50.0, 6.0, 3.0, 8.0, 40.0, 5.0, 2.0, 9.0, 30.0];
        let base = IoBaseline::from_table(&one_sector(&trade, 3), "t").unwrap();
        let shock = CpShock {
            theta: vec![4.0],
            // kappa is importer-major; exporter 0 -> importer 1 and back cost 25 % more.
            kappa: vec![1.0, 1.25, 1.0, 1.25, 1.0, 1.0, 1.0, 1.0, 1.0],
        };
        let cp = solve(&base, &shock, CpOptions::default()).unwrap();
        let phi: Vec<f64> = (0..9)
            .map(|k| shock.kappa[(k % 3) * 3 + k / 3].powf(-4.0))
            .collect();
        let one = hat::solve(&trade, &phi, HatOptions::default())
            .unwrap()
            .full;
        for c in 0..3 {
            assert!((cp.welfare[c] - one.welfare[c]).abs() < 1e-10);
            assert!((cp.wages[c] - one.prices[c]).abs() < 1e-10);
            assert!((cp.price_index[c] - one.imr[c]).abs() < 1e-10);
        }
    }

    /// Found by the mutation campaign: with theta 999999, `1.1^-theta` underflows, the
    /// value-added demand is NaN, and `f64::max` dropped the NaN: a residual of 0 was
    /// reported as converged, with welfare -100 % and NaN tables.
    #[test]
    fn an_elasticity_too_large_for_floating_point_is_an_error() {
        let base = random(2, 2, 7);
        let mut shock = uniform(&base, 4.0, 0.1);
        shock.theta[1] = 999999.0;
        let e = solve(&base, &shock, CpOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the multi-sector general equilibrium is not finite: NaN or infinity in iteration 1\nhint: check the trade elasticities (the largest is 999999) and the cost changes"
        );
    }

    #[test]
    fn one_sector_real_wage_is_the_acr_formula() {
        let trade = [20.0, 3.0, 1.0, 2.0, 30.0, 4.0, 5.0, 1.0, 25.0];
        let base = IoBaseline::from_table(&one_sector(&trade, 3), "t").unwrap();
        let theta = 6.0;
        let s = solve(&base, &uniform(&base, theta, 0.3), CpOptions::default()).unwrap();
        for c in 0..3 {
            let k = c * 3 + c;
            let lambda = s.purchases[k] / s.absorption[c] / base.shares[k];
            assert!((s.real_wage[c] - lambda.powf(-1.0 / theta)).abs() < 1e-12);
        }
    }

    #[test]
    fn symmetric_worlds_give_symmetric_answers() {
        // Three identical countries with two sectors and intermediates.
        let t = chainlens_input_output::synthetic::random_table(1, 2, 3);
        let (n, s) = (3, 2);
        let mut table = one_sector(&[0.0; 9], 3);
        table.sectors = t.sectors.clone();
        table.z = vec![0.0; 36];
        table.y = vec![0.0; 6 * 3];
        for r in 0..n * s {
            for col in 0..n * s {
                let domestic = r / s == col / s;
                let v = t.z[(r % s) * s + col % s];
                table.z[r * n * s + col] = if domestic { v } else { v / 10.0 };
            }
            for d in 0..n {
                table.y[r * n + d] = if r / s == d { 10.0 } else { 1.0 } * (1 + r % s) as f64;
            }
        }
        table.x = vec![0.0; 6];
        table.va = vec![0.0; 6];
        let base = IoBaseline::from_table(&table, "sym").unwrap();
        let sol = solve(&base, &uniform(&base, 5.0, 0.25), CpOptions::default()).unwrap();
        for c in 1..n {
            assert!((sol.welfare[c] - sol.welfare[0]).abs() < 1e-12);
            assert!((sol.wages[c] - 1.0).abs() < 1e-12);
        }
        assert!(sol.welfare[0] < 1.0);
    }

    #[test]
    fn numpy_reference_on_a_random_table() {
        // reference/ge_io/ge_io.py bench synthetic:5:4:3 (the same xorshift table): 25 %
        // between countries {0, 1} and {2, 3, 4}, theta 5, world welfare 0.9842717894678391.
        let base = random(5, 4, 3);
        let n = base.n();
        let half = |c: usize| c < n / 2;
        let shock = CpShock {
            theta: vec![5.0; 4],
            kappa: (0..4 * n * n)
                .map(|k| {
                    if half((k / n) % n) == half(k % n) {
                        1.0
                    } else {
                        1.25
                    }
                })
                .collect(),
        };
        let s = solve(&base, &shock, CpOptions::default()).unwrap();
        let world: f64 = (0..n).map(|c| base.income[c] * s.welfare[c]).sum::<f64>()
            / base.income.iter().sum::<f64>();
        assert!((world - 0.984_271_789_467_839_1).abs() < 1e-10, "{world}");
    }

    #[test]
    fn a_zero_output_sector_is_inactive_and_finite() {
        // Country 1's sector 2 neither sells nor buys: it is reported, and nothing is NaN.
        let mut t = chainlens_input_output::synthetic::random_table(3, 3, 5);
        let (n, k, dead) = (t.n(), t.n_fd(), 5);
        (0..n).for_each(|c| {
            t.z[dead * n + c] = 0.0;
            t.z[c * n + dead] = 0.0;
        });
        (0..k).for_each(|c| t.y[dead * k + c] = 0.0);
        let base = IoBaseline::from_table(&t, "t").unwrap();
        assert_eq!(base.report.inactive, ["C01_S02"]);
        let s = solve(&base, &uniform(&base, 5.0, 0.2), CpOptions::default()).unwrap();
        assert!(s.welfare.iter().chain(&s.prices).all(|x| x.is_finite()));
        assert_eq!(s.output[dead], 0.0);
    }

    #[test]
    fn decomposition_adds_up_to_second_order() {
        let base = random(5, 4, 11);
        let small = solve(&base, &uniform(&base, 5.0, 0.01), CpOptions::default()).unwrap();
        for c in 0..5 {
            let ln_w = small.welfare[c].ln();
            let parts = small.terms_of_trade[c] + small.trade_cost[c];
            assert!(
                (ln_w - parts).abs() < 1e-3 * ln_w.abs(),
                "{ln_w} vs {parts}"
            );
        }
    }
}
