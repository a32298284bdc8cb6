//! The multi-sector Eaton-Kortum model with input-output linkages of Caliendo & Parro
//! (2015) in exact hat algebra (METHODS §3, bloc fragmentation, many sectors): the
//! equilibrium in changes after a change in iceberg trade costs and ad valorem tariffs,
//! from an [`IoBaseline`] (whose tariffs are zero: input-output tables record none).
//!
//! # Formula
//! Countries `n, i`, sectors `j, k`, trade elasticities `theta^j`, iceberg cost changes
//! `d_ni^j = t_ni^j' / t_ni^j` and new ad valorem tariffs `tau_ni^j` (zero before), so the
//! cost change of a flow is `kappa_ni^j = d_ni^j (1 + tau_ni^j)`:
//!
//! * input-bundle cost: `c_n^j = w_n^(gamma_n^j) prod_k (P_n^k)^(gamma_n^{k,j})` (CP eq. 9);
//! * sector price index: `P_n^j = (sum_i pi_ni^j (kappa_ni^j c_i^j)^(-theta^j))^(-1/theta^j)`
//!   (eq. 10);
//! * trade shares: `pi_ni^j' = pi_ni^j (kappa_ni^j c_i^j / P_n^j)^(-theta^j)` (eq. 11);
//! * absorption (at buyers' prices, tariffs included): `X_n^j' = sum_k gamma_n^{j,k}
//!   Y_n^k' + alpha_n^j I_n'` with output at producers' prices `Y_i^k' = sum_n pi_ni^k'
//!   X_n^k' / (1 + tau_ni^k)` and income `I_n' = w_n VA_n + R_n' + D_n`, the tariff revenue
//!   `R_n' = sum_j sum_i tau_ni^j pi_ni^j' X_n^j' / (1 + tau_ni^j)` rebated to the importing
//!   country's household (eq. 12);
//! * factor market clearing: `w_n VA_n = sum_j gamma_n^j Y_n^j'` (eq. 13 with deficits
//!   `D_n` fixed in levels, as the paper holds them), world value added the numeraire
//!   (`sum_n w_n VA_n = sum_n VA_n`);
//! * welfare (real income): `W_n = (I_n'/I_n) / prod_j (P_n^j)^(alpha_n^j)`; the real wage
//!   `w_n / prod_j (P_n^j)^(alpha_n^j)`.
//!
//! All variables above except `pi`, `Y`, `X`, `VA`, `D`, `I` are changes (1 = none).
//!
//! **Welfare decomposition** (CP section 4.2, their decomposition of the welfare effect of
//! tariff changes, extended by the direct cost of iceberg changes): exactly, as a
//! differential, `I_n dln W_n = sum_j sum_{i != n} (E_ni^j dln c_n^j - M_ni^j dln c_i^j)`
//! (terms of trade) `+ sum_j sum_{i != n} tau_ni^j M_ni^j (dln M_ni^j - dln c_i^j)`
//! (volume of trade: tariff revenue gained or lost as import volumes move) `- sum_j
//! sum_{i != n} (1 + tau_ni^j) M_ni^j dln d_ni^j` (the direct cost of iceberg changes on
//! the import bill; zero for tariffs). `E_ni^j` are `n`'s sales to `i`, `M_ni^j` its
//! purchases from `i`, both at producers' prices (`M = pi X / (1 + tau)`). The discrete
//! change is the integral of the differential along the path `d^t`, `t tau`, `t` from 0
//! to 1: the equilibria at `K + 1` Chebyshev points (`K = 12` by default, so 11 more
//! solves, each started from the previous point's wages), the derivatives in `t` by
//! Chebyshev differentiation and the integral by Clenshaw-Curtis quadrature, which
//! converge spectrally for a path this smooth: the parts add up to `ln W_n` to about 1e-10
//! (tests). The rest of `ln W_n` is reported as the residual.
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
//! of country `n`'s sectors, all steps halved whenever the residual grows; 12 path
//! intervals for the decomposition.
//!
//! [`remove_deficits`] solves the equilibrium of the baseline with every `D_n = 0` (CP's
//! no-deficit baseline) and returns it as a baseline to shock.
//!
//! # Reference
//! Caliendo, L. & Parro, F. (2015), "Estimates of the Trade and Welfare Effects of NAFTA",
//! Review of Economic Studies 82(1), 1-44, equations (9)-(13) and section 4.2. With one
//! sector and no intermediate inputs the system is the one-sector model of [`crate::hat`]
//! (tests below, to 1e-10); reference/ge_io/ solves the same equations in numpy.
//!
//! # Complexity
//! `O(S N^2 + N S^2)` per sweep of prices or absorption; memory `O(S N^2)`. The
//! decomposition solves `K - 1` more equilibria and takes `O(K^2 S N^2)`, memory
//! `O(K S N^2)`.

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
    /// Chebyshev intervals `K` of the path along which the welfare decomposition is
    /// integrated (`K - 1` equilibria solved besides the shock's own; 1 is the trapezoid
    /// rule on the end points).
    pub path_intervals: usize,
}

impl Default for CpOptions {
    fn default() -> Self {
        Self {
            tolerance: 1e-12,
            max_iterations: 10_000,
            path_intervals: 12,
        }
    }
}

/// The shock: per-sector elasticities, iceberg cost changes and ad valorem tariffs.
#[derive(Clone, Debug, PartialEq)]
pub struct CpShock {
    /// `theta^j`, one per sector, positive.
    pub theta: Vec<f64>,
    /// Iceberg changes `d_ni^j`, sector-major `(j * N + n) * N + i` (importer `n`,
    /// exporter `i`).
    pub kappa: Vec<f64>,
    /// The new ad valorem tariffs `tau_ni^j` (zero before), sector-major; empty for none.
    pub tariffs: Vec<f64>,
}

impl CpShock {
    /// A shock of iceberg cost changes only.
    pub fn iceberg(theta: Vec<f64>, kappa: Vec<f64>) -> Self {
        Self {
            theta,
            kappa,
            tariffs: Vec::new(),
        }
    }

    /// `tau_ni^j` at sector-major index `k`.
    pub fn tariff(&self, k: usize) -> f64 {
        self.tariffs.get(k).copied().unwrap_or(0.0)
    }
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
    /// Tariff revenue after, `R_n'`, in the table's unit.
    pub tariff_revenue: Vec<f64>,
    /// Welfare (real income) changes.
    pub welfare: Vec<f64>,
    /// Real wage changes.
    pub real_wage: Vec<f64>,
    /// Terms-of-trade part of `ln W_n`.
    pub terms_of_trade: Vec<f64>,
    /// Volume-of-trade part of `ln W_n` (tariff revenue).
    pub volume_of_trade: Vec<f64>,
    /// Direct iceberg trade-cost part of `ln W_n`.
    pub trade_cost: Vec<f64>,
    /// Purchases after at buyers' prices (tariffs included), sector-major like
    /// [`IoBaseline::purchases`].
    pub purchases: Vec<f64>,
    /// The same at producers' prices, `M_ni^j' = pi_ni^j' X_n^j' / (1 + tau_ni^j)`.
    pub sales: Vec<f64>,
    /// Output after (producers' prices), country-major.
    pub output: Vec<f64>,
    /// Absorption after (buyers' prices), country-major.
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
    shock: &'a CpShock,
    theta: &'a [f64],
    /// `pi_ni^j kappa_ni^j^(-theta^j)`, sector-major.
    pi_phi: Vec<f64>,
    /// `pi_phi / (1 + tau_ni^j)`: the part of a purchase its producer receives.
    pi_phi_net: Vec<f64>,
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
    /// Tariff revenue `R_n'` at the current absorption.
    revenue: Vec<f64>,
    output: Vec<f64>,
    sweeps: usize,
}

/// Solves the equilibrium of `shock` on `base`.
pub fn solve(
    base: &IoBaseline,
    shock: &CpShock,
    opts: CpOptions,
) -> Result<CpSolution, GravityError> {
    let mut solution = equilibrium(base, shock, opts, None)?;
    let shocked = shock.kappa.iter().any(|k| *k != 1.0) || shock.tariffs.iter().any(|t| *t != 0.0);
    let n = base.n();
    let parts = if shocked {
        let points = path(base, shock, opts, &solution)?;
        decomposition(base, shock, &points)
    } else {
        Decomposition::zero(n)
    };
    solution.terms_of_trade = parts.terms_of_trade;
    solution.volume_of_trade = parts.volume_of_trade;
    solution.trade_cost = parts.trade_cost;
    Ok(solution)
}

/// The equilibrium of `shock`, wages started at `start` (1 when `None`); the
/// decomposition is left empty.
fn equilibrium(
    base: &IoBaseline,
    shock: &CpShock,
    opts: CpOptions,
    start: Option<&[f64]>,
) -> Result<CpSolution, GravityError> {
    let model = Model::new(base, shock)?;
    let (n, s) = (model.n, model.s);
    let steps = wage_steps(base, &shock.theta);
    let mut damping = 1.0;
    let mut wages = start.map_or_else(|| vec![1.0; n], <[f64]>::to_vec);
    let mut state = State {
        ln_prices: vec![0.0; n * s],
        cost_theta: vec![1.0; n * s],
        price_theta: vec![1.0; n * s],
        absorption: base.absorption.clone(),
        revenue: vec![0.0; n],
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

/// The equilibrium of `base` with every deficit `D_n` set to zero and no other change
/// (Caliendo & Parro's no-deficit baseline), as a baseline to shock: its flows, output and
/// absorption, value added `w_n VA_n` = income, the same input and final-demand shares.
/// Returns it with the solution of the removal (its welfare is the change from the table
/// to the no-deficit world).
pub fn remove_deficits(
    base: &IoBaseline,
    theta: &[f64],
    opts: CpOptions,
) -> Result<(IoBaseline, CpSolution), GravityError> {
    let (n, s) = (base.n(), base.s());
    let balanced = IoBaseline {
        deficits: vec![0.0; n],
        ..base.clone()
    };
    let no_change = CpShock::iceberg(theta.to_vec(), vec![1.0; s * n * n]);
    let removal = solve(&balanced, &no_change, opts)?;
    let value_added: Vec<f64> = (0..n)
        .map(|c| removal.wages[c] * base.value_added[c])
        .collect();
    let rebuilt = IoBaseline {
        shares: crate::calibration::trade_shares(&removal.purchases, &removal.absorption, n, s),
        purchases: removal.purchases.clone(),
        absorption: removal.absorption.clone(),
        output: removal.output.clone(),
        income: value_added.clone(),
        value_added,
        deficits: vec![0.0; n],
        ..balanced
    };
    Ok((rebuilt, removal))
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
        let flows = s * n * n;
        if shock.theta.len() != s
            || shock.kappa.len() != flows
            || !(shock.tariffs.is_empty() || shock.tariffs.len() == flows)
        {
            return Err(GravityError::Estimation {
                file: String::new(),
                message: format!(
                    "the shock has {} elasticities, {} cost changes and {} tariffs for {s} sectors and {n} countries",
                    shock.theta.len(),
                    shock.kappa.len(),
                    shock.tariffs.len()
                ),
            });
        }
        let pi_phi: Vec<f64> = (0..flows)
            .into_par_iter()
            .map(|k| {
                let kappa = shock.kappa[k] * (1.0 + shock.tariff(k));
                base.shares[k] * kappa.powf(-shock.theta[k / (n * n)])
            })
            .collect();
        let pi_phi_net = (0..flows)
            .map(|k| pi_phi[k] / (1.0 + shock.tariff(k)))
            .collect();
        Ok(Self {
            base,
            shock,
            theta: &shock.theta,
            pi_phi,
            pi_phi_net,
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

    /// Iterates absorption, tariff revenue and output to `tolerance` (relative) at wages `w`.
    fn absorption(&self, wages: &[f64], state: &mut State, tolerance: f64) {
        let (n, s) = (self.n, self.s);
        let base = self.base;
        let taxed = self.revenue_shares(state);
        let scale = base.absorption.iter().copied().fold(0.0, f64::max);
        loop {
            state.sweeps += 1;
            let output = self.output_at(state);
            state.revenue = self.revenue(state, &taxed);
            let mut change: f64 = 0.0;
            for c in 0..n {
                let income = wages[c] * base.value_added[c] + state.revenue[c] + base.deficits[c];
                let mut x: Vec<f64> = (0..s)
                    .map(|j| base.final_shares[c * s + j] * income)
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
                state.revenue = self.revenue(state, &taxed);
                return;
            }
        }
    }

    /// `R_n' = sum_j taxed_n^j X_n^j'` at the state's absorption.
    fn revenue(&self, state: &State, taxed: &[f64]) -> Vec<f64> {
        let s = self.s;
        (0..self.n)
            .map(|c| {
                let x = &state.absorption[c * s..(c + 1) * s];
                x.iter()
                    .zip(&taxed[c * s..(c + 1) * s])
                    .map(|(x, t)| x * t)
                    .sum()
            })
            .collect()
    }

    /// The share of each absorption `X_n^j'` that is tariff revenue at the state's prices,
    /// `sum_i pi_ni^j' tau_ni^j / (1 + tau_ni^j) = 1 - sum_i pi_ni^j' / (1 + tau_ni^j)`,
    /// country-major; all zero without tariffs.
    fn revenue_shares(&self, state: &State) -> Vec<f64> {
        let (n, s) = (self.n, self.s);
        if self.shock.tariffs.is_empty() {
            return vec![0.0; n * s];
        }
        (0..n * s)
            .map(|r| {
                let (c, j) = (r / s, r % s);
                (0..n)
                    .map(|i| {
                        let k = (j * n + c) * n + i;
                        let tau = self.shock.tariffs[k];
                        tau / (1.0 + tau) * self.share_after(state, j, c, i)
                    })
                    .sum()
            })
            .collect()
    }

    /// `Y_i^j' = sum_n pi_ni^j' X_n^j' / (1 + tau_ni^j)`, country-major.
    fn output_at(&self, state: &State) -> Vec<f64> {
        let (n, s) = (self.n, self.s);
        let by_sector: Vec<Vec<f64>> = (0..s)
            .into_par_iter()
            .map(|j| {
                let mut out = vec![0.0; n];
                let costs = &state.cost_theta[j * n..(j + 1) * n];
                for m in 0..n {
                    let spend = state.absorption[m * s + j] / state.price_theta[j * n + m];
                    let row = &self.pi_phi_net[(j * n + m) * n..(j * n + m + 1) * n];
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
        let sales: Vec<f64> = purchases
            .iter()
            .enumerate()
            .map(|(k, p)| p / (1.0 + self.shock.tariff(k)))
            .collect();
        let price_index: Vec<f64> = (0..n)
            .map(|c| {
                (0..s)
                    .map(|j| base.final_shares[c * s + j] * state.ln_prices[c * s + j])
                    .sum::<f64>()
                    .exp()
            })
            .collect();
        let income: Vec<f64> = (0..n)
            .map(|c| {
                let level = wages[c] * base.value_added[c] + state.revenue[c] + base.deficits[c];
                level / base.income[c]
            })
            .collect();
        CpSolution {
            welfare: (0..n).map(|c| income[c] / price_index[c]).collect(),
            real_wage: (0..n).map(|c| wages[c] / price_index[c]).collect(),
            wages,
            costs,
            prices,
            price_index,
            income,
            tariff_revenue: state.revenue,
            terms_of_trade: Vec::new(),
            volume_of_trade: Vec::new(),
            trade_cost: Vec::new(),
            purchases,
            sales,
            output: state.output,
            absorption: state.absorption,
            iterations,
            inner_sweeps: state.sweeps,
            residual,
        }
    }
}

/// The parts of `ln W_n` of [`decomposition`].
struct Decomposition {
    terms_of_trade: Vec<f64>,
    volume_of_trade: Vec<f64>,
    trade_cost: Vec<f64>,
}

impl Decomposition {
    fn zero(n: usize) -> Self {
        Self {
            terms_of_trade: vec![0.0; n],
            volume_of_trade: vec![0.0; n],
            trade_cost: vec![0.0; n],
        }
    }
}

/// One equilibrium on the path `d^t`, `t tau` from the baseline (`t = 0`) to the shock
/// (`t = 1`).
struct PathPoint {
    t: f64,
    /// `ln c_n^j`, country-major.
    ln_costs: Vec<f64>,
    /// Flows at producers' prices, sector-major.
    sales: Vec<f64>,
    /// Income `I_n` in levels.
    income: Vec<f64>,
}

impl PathPoint {
    fn at(t: f64, base: &IoBaseline, solution: &CpSolution) -> Self {
        Self {
            t,
            ln_costs: solution.costs.iter().map(|c| c.ln()).collect(),
            sales: solution.sales.clone(),
            income: (0..base.n())
                .map(|c| solution.income[c] * base.income[c])
                .collect(),
        }
    }
}

/// The equilibria at the Chebyshev points `t_k = (1 - cos(k pi / K)) / 2`, `k = 0..=K`:
/// the baseline, `K - 1` solved from the previous point's wages, and `solution` itself.
fn path(
    base: &IoBaseline,
    shock: &CpShock,
    opts: CpOptions,
    solution: &CpSolution,
) -> Result<Vec<PathPoint>, GravityError> {
    let intervals = opts.path_intervals.max(1);
    let mut points = vec![PathPoint {
        t: 0.0,
        ln_costs: vec![0.0; base.n() * base.s()],
        sales: base.purchases.clone(),
        income: base.income.clone(),
    }];
    let mut wages = vec![1.0; base.n()];
    for k in 1..intervals {
        let t = (1.0 - (k as f64 * std::f64::consts::PI / intervals as f64).cos()) / 2.0;
        let partial = CpShock {
            theta: shock.theta.clone(),
            kappa: shock.kappa.iter().map(|d| d.powf(t)).collect(),
            tariffs: shock.tariffs.iter().map(|tau| t * tau).collect(),
        };
        let at = equilibrium(base, &partial, opts, Some(&wages))?;
        wages.clone_from(&at.wages);
        points.push(PathPoint::at(t, base, &at));
    }
    points.push(PathPoint::at(1.0, base, solution));
    Ok(points)
}

/// The Chebyshev differentiation matrix in `t` (row-major, `(K + 1)^2`) and the
/// Clenshaw-Curtis weights on `[0, 1]` at the points of [`path`] (Trefethen 2000,
/// *Spectral Methods in MATLAB*, `cheb` and `clencurt`, mapped by `t = (1 - x) / 2`).
fn chebyshev(intervals: usize) -> (Vec<f64>, Vec<f64>) {
    let k = intervals;
    let pi = std::f64::consts::PI;
    let x: Vec<f64> = (0..=k).map(|i| (i as f64 * pi / k as f64).cos()).collect();
    let c = |i: usize| if i == 0 || i == k { 2.0 } else { 1.0 };
    let mut d = vec![0.0; (k + 1) * (k + 1)];
    for i in 0..=k {
        for j in (0..=k).filter(|&j| j != i) {
            let sign = if (i + j).is_multiple_of(2) { 1.0 } else { -1.0 };
            // d/dt = -2 d/dx.
            d[i * (k + 1) + j] = -2.0 * c(i) / c(j) * sign / (x[i] - x[j]);
        }
        let off: f64 = (0..=k)
            .filter(|&j| j != i)
            .map(|j| d[i * (k + 1) + j])
            .sum();
        d[i * (k + 1) + i] = -off;
    }
    let mut w = vec![0.0; k + 1];
    let kf = k as f64;
    let ends = if k.is_multiple_of(2) {
        1.0 / (kf * kf - 1.0)
    } else {
        1.0 / (kf * kf)
    };
    w[0] = ends;
    w[k] = ends;
    for (i, wi) in w.iter_mut().enumerate().take(k).skip(1) {
        let theta = i as f64 * pi / kf;
        let mut v = 1.0;
        for m in 1..=(k - 1) / 2 {
            let mf = m as f64;
            v -= 2.0 * (2.0 * mf * theta).cos() / (4.0 * mf * mf - 1.0);
        }
        if k.is_multiple_of(2) {
            v -= (kf * theta).cos() / (kf * kf - 1.0);
        }
        *wi = 2.0 * v / kf;
    }
    // On [0, 1] the weights halve.
    (d, w.iter().map(|w| w / 2.0).collect())
}

/// CP's decomposition integrated along the path: at each point the differential formula of
/// the module doc with `dln c`, `dln M` the Chebyshev derivatives in `t`, `dln d = ln d`,
/// `tau(t) = t tau`, summed with Clenshaw-Curtis weights. With `K = 1` the trapezoid rule.
fn decomposition(base: &IoBaseline, shock: &CpShock, points: &[PathPoint]) -> Decomposition {
    let (n, s) = (base.n(), base.s());
    let (d, weights) = chebyshev(points.len() - 1);
    let derivative = |k: usize, value: &dyn Fn(&PathPoint) -> f64| -> f64 {
        let row = &d[k * points.len()..(k + 1) * points.len()];
        row.iter().zip(points).map(|(d, p)| d * value(p)).sum()
    };
    let d_ln_costs: Vec<Vec<f64>> = (0..points.len())
        .map(|k| {
            (0..n * s)
                .map(|r| derivative(k, &|p| p.ln_costs[r]))
                .collect()
        })
        .collect();
    let mut parts = Decomposition::zero(n);
    for j in 0..s {
        for m in 0..n {
            for i in (0..n).filter(|&i| i != m) {
                let flow = (j * n + m) * n + i;
                if base.purchases[flow] == 0.0 {
                    continue;
                }
                let (tau, ln_d) = (shock.tariff(flow), shock.kappa[flow].ln());
                let ln_m: Vec<f64> = points.iter().map(|p| p.sales[flow].ln()).collect();
                for (k, p) in points.iter().enumerate() {
                    let (w, sales) = (weights[k], p.sales[flow]);
                    let d_ln_c = d_ln_costs[k][i * s + j];
                    let row = &d[k * points.len()..(k + 1) * points.len()];
                    let d_ln_m: f64 = row.iter().zip(&ln_m).map(|(d, l)| d * l).sum();
                    let tau_t = p.t * tau;
                    // m buys from i: an import of m, an export of i.
                    parts.terms_of_trade[m] -= w * sales / p.income[m] * d_ln_c;
                    parts.terms_of_trade[i] += w * sales / p.income[i] * d_ln_c;
                    parts.volume_of_trade[m] += w * tau_t * sales / p.income[m] * (d_ln_m - d_ln_c);
                    parts.trade_cost[m] -= w * (1.0 + tau_t) * sales / p.income[m] * ln_d;
                }
            }
        }
    }
    parts
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

    /// `value` on every international flow of every sector, `home` on domestic ones.
    fn international(base: &IoBaseline, value: f64, home: f64) -> Vec<f64> {
        let n = base.n();
        (0..base.s() * n * n)
            .map(|k| if k % n == (k / n) % n { home } else { value })
            .collect()
    }

    /// A uniform tariff-equivalent (iceberg) cost on every international flow of every sector.
    fn uniform(base: &IoBaseline, theta: f64, tariff: f64) -> CpShock {
        CpShock::iceberg(
            vec![theta; base.s()],
            international(base, 1.0 + tariff, 1.0),
        )
    }

    /// A uniform ad valorem tariff on every international flow of every sector.
    fn uniform_tariff(base: &IoBaseline, theta: f64, tariff: f64) -> CpShock {
        CpShock {
            tariffs: international(base, tariff, 0.0),
            ..uniform(base, theta, 0.0)
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
        // kappa is importer-major; exporter 0 -> importer 1 and back cost 25 % more.
        let shock = CpShock::iceberg(
            vec![4.0],
            vec![1.0, 1.25, 1.0, 1.25, 1.0, 1.0, 1.0, 1.0, 1.0],
        );
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
        let shock = CpShock::iceberg(
            vec![5.0; 4],
            (0..4 * n * n)
                .map(|k| {
                    if half((k / n) % n) == half(k % n) {
                        1.0
                    } else {
                        1.25
                    }
                })
                .collect(),
        );
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
    fn a_zero_tariff_is_no_shock() {
        let base = random(4, 3, 7);
        let s = solve(
            &base,
            &uniform_tariff(&base, 5.0, 0.0),
            CpOptions::default(),
        )
        .unwrap();
        assert_eq!(s.iterations, 1);
        assert!(s.welfare.iter().all(|w| (w - 1.0).abs() < 1e-12));
        assert!(s.tariff_revenue.iter().all(|r| r.abs() < 1e-12));
    }

    #[test]
    fn a_symmetric_tariff_has_the_closed_form_with_revenue() {
        // Two identical countries, one sector, no inputs, domestic share lambda = 0.8,
        // theta 4, tariff tau = 0.25 both ways. By symmetry w = 1, so
        // P^(-theta) = lambda + (1 - lambda) (1 + tau)^(-theta), the import share after is
        // pi' = (1 - lambda) (1 + tau)^(-theta) / P^(-theta), income is X' = L + R with
        // R = tau / (1 + tau) pi' X', so X' / L = 1 / (1 - tau pi' / (1 + tau)) and
        // W = (X' / L) / P.
        let base = IoBaseline::from_table(&one_sector(&[8.0, 2.0, 2.0, 8.0], 2), "t").unwrap();
        let (lambda, theta, tau) = (0.8f64, 4.0f64, 0.25f64);
        let s = solve(
            &base,
            &uniform_tariff(&base, theta, tau),
            CpOptions::default(),
        )
        .unwrap();
        let price_theta = lambda + (1.0 - lambda) * (1.0 + tau).powf(-theta);
        let imports = (1.0 - lambda) * (1.0 + tau).powf(-theta) / price_theta;
        let income = 1.0 / (1.0 - tau * imports / (1.0 + tau));
        let welfare = income * price_theta.powf(1.0 / theta);
        for c in 0..2 {
            assert!((s.wages[c] - 1.0).abs() < 1e-12);
            assert!((s.income[c] - income).abs() < 1e-12);
            assert!(
                (s.welfare[c] - welfare).abs() < 1e-12,
                "{} {welfare}",
                s.welfare[c]
            );
        }
        // The same cost as an iceberg loses the revenue: welfare is P^(-1) alone.
        let iceberg = solve(&base, &uniform(&base, theta, tau), CpOptions::default()).unwrap();
        assert!((iceberg.welfare[0] - price_theta.powf(1.0 / theta)).abs() < 1e-12);
        assert!(s.welfare[0] > iceberg.welfare[0]);
    }

    #[test]
    fn tariff_accounting_identities_hold() {
        // Income = value added + revenue + deficit; output = sales at producers' prices;
        // revenue = sum of tau times imports at producers' prices; each country's imports
        // minus exports at producers' prices = its (fixed) deficit.
        let base = random(5, 4, 11);
        let (n, s) = (base.n(), base.s());
        let mut shock = uniform_tariff(&base, 5.0, 0.0);
        shock.tariffs = (0..s * n * n)
            .map(|k| {
                if k % n == (k / n) % n {
                    0.0
                } else {
                    0.05 * (k % 7) as f64
                }
            })
            .collect();
        let sol = solve(&base, &shock, CpOptions::default()).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9 * b.abs().max(1.0);
        let output = crate::calibration::sales(&sol.sales, n, s);
        for (r, (model, sales)) in sol.output.iter().zip(&output).enumerate() {
            assert!(close(*model, *sales), "{r}");
        }
        for c in 0..n {
            let va: f64 = (0..s)
                .map(|j| base.value_added_shares[c * s + j] * sol.output[c * s + j])
                .sum();
            let income = sol.income[c] * base.income[c];
            assert!(close(income, va + sol.tariff_revenue[c] + base.deficits[c]));
            let (mut revenue, mut imports, mut exports) = (0.0, 0.0, 0.0);
            for j in 0..s {
                for i in (0..n).filter(|&i| i != c) {
                    let k = (j * n + c) * n + i;
                    revenue += shock.tariffs[k] * sol.sales[k];
                    imports += sol.sales[k];
                    exports += sol.sales[(j * n + i) * n + c];
                }
            }
            assert!(close(revenue, sol.tariff_revenue[c]));
            assert!(close(imports - exports, base.deficits[c]));
        }
    }

    #[test]
    fn tariff_and_iceberg_of_the_same_rate_differ_by_the_revenue() {
        let base = random(5, 4, 11);
        let tariff = solve(
            &base,
            &uniform_tariff(&base, 5.0, 0.2),
            CpOptions::default(),
        )
        .unwrap();
        let iceberg = solve(&base, &uniform(&base, 5.0, 0.2), CpOptions::default()).unwrap();
        for c in 0..5 {
            assert!(tariff.welfare[c] > iceberg.welfare[c] + 1e-3, "{c}");
            assert!(tariff.tariff_revenue[c] > 0.0);
            assert_eq!(iceberg.tariff_revenue[c], 0.0);
            assert_eq!(tariff.trade_cost[c], 0.0);
            assert_eq!(iceberg.volume_of_trade[c], 0.0);
        }
    }

    /// The largest `|ln W_n - ToT_n - VoT_n - cost_n|` of `shock` with `intervals`.
    fn decomposition_residual(base: &IoBaseline, shock: &CpShock, intervals: usize) -> f64 {
        let opts = CpOptions {
            path_intervals: intervals,
            ..CpOptions::default()
        };
        let s = solve(base, shock, opts).unwrap();
        (0..base.n())
            .map(|c| {
                s.welfare[c].ln() - s.terms_of_trade[c] - s.volume_of_trade[c] - s.trade_cost[c]
            })
            .fold(0.0f64, |a, r| a.max(r.abs()))
    }

    #[test]
    fn the_decomposition_adds_up_along_the_path() {
        // Tariffs, iceberg costs and both at once on a table with deficits: the parts add
        // up to ln W to 1e-10, while ln W itself is of order 1e-2.
        let base = random(5, 4, 11);
        let tariff = uniform_tariff(&base, 5.0, 0.25);
        let both = CpShock {
            tariffs: tariff.tariffs.clone(),
            ..uniform(&base, 5.0, 0.1)
        };
        for shock in [&tariff, &uniform(&base, 5.0, 0.25), &both] {
            let residual = decomposition_residual(&base, shock, 12);
            assert!(residual < 1e-10, "{residual}");
        }
        let w = solve(&base, &both, CpOptions::default()).unwrap().welfare;
        assert!(w.iter().all(|w| w.ln().abs() > 1e-3), "{w:?}");
    }

    #[test]
    fn one_interval_is_the_trapezoid_rule_with_a_third_order_residual() {
        // About 1.2 tau^3 on this table: a tenth of the tariff, a thousandth of the residual.
        let base = random(5, 4, 11);
        let at = |tau: f64| decomposition_residual(&base, &uniform_tariff(&base, 5.0, tau), 1);
        let ratio = at(1e-2) / at(1e-3);
        assert!((900.0..1100.0).contains(&ratio), "{ratio}");
        assert!(at(0.1) > 1e-4, "a visible residual at 10 %");
    }

    #[test]
    fn removing_deficits_balances_trade_and_is_idempotent() {
        let base = random(5, 4, 11);
        assert!(base.deficits.iter().any(|d| d.abs() > 1.0));
        let (n, s) = (base.n(), base.s());
        let theta = vec![5.0; s];
        let (balanced, removal) = remove_deficits(&base, &theta, CpOptions::default()).unwrap();
        assert!(removal.residual < 1e-12);
        for c in 0..n {
            let (mut imports, mut exports) = (0.0, 0.0);
            for j in 0..s {
                for i in (0..n).filter(|&i| i != c) {
                    imports += balanced.purchases[(j * n + c) * n + i];
                    exports += balanced.purchases[(j * n + i) * n + c];
                }
            }
            assert!((imports - exports).abs() < 1e-9 * imports, "{c}");
        }
        // A baseline without deficits is its own no-deficit baseline.
        let (_, again) = remove_deficits(&balanced, &theta, CpOptions::default()).unwrap();
        assert!(again.welfare.iter().all(|w| (w - 1.0).abs() < 1e-10));
    }
}
