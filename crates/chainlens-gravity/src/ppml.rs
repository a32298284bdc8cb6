//! Poisson pseudo-maximum likelihood with high-dimensional fixed effects (METHODS §3,
//! estimation): `E[X_r | x_r] = exp(x_r' b + sum_d alpha_d(g_d(r)))`, by iteratively
//! reweighted least squares with the fixed effects concentrated out by weighted
//! alternating projections ([`crate::demean`]), as ppmlhdfe and fixest's `fepois` do.
//!
//! # Formula
//! IRLS from `mu = (X + mean X) / 2`: working variable `z = eta + (X - mu) / mu`,
//! weights `mu`; demean `z` and the regressors; solve `(Xt' W Xt) b = Xt' W zt`; the
//! residual `e = zt - Xt b` gives `eta = z - e`, `mu = exp(eta)`. Stop when the deviance
//! `2 sum [X ln(X/mu) - (X - mu)]` changes by less than `tolerance` (relative).
//! Standard errors clustered (by pair): `V = G/(G-1) B^-1 (sum_g s_g s_g') B^-1`,
//! `B = Xt' W Xt`, `s_g = sum_{r in g} xt_r (X_r - mu_r)` (Stata's and ppmlhdfe's
//! small-sample factor).
//!
//! # Separation and collinearity
//! * Observations in a fixed-effect group whose trade is all zero are separated (their
//!   fixed effect goes to minus infinity): they are dropped and counted first.
//! * A regressor whose demeaned values vanish (constant within the fixed effects) or that
//!   is a combination of earlier ones is dropped and reported, not estimated as noise.
//! * Zero-trade observations whose fitted value falls below 1e-12 of the mean are
//!   counted as possibly separated by the regressors.
//!
//! # Parameters and defaults
//! [`PpmlOptions`]: deviance tolerance 1e-10, 1,000 IRLS iterations, demeaning
//! tolerance 1e-12 with 100,000 sweeps at most. Early iterations demean more loosely
//! (1e-3 of the last deviance change, between 1e-12 and 1e-6); the iteration that stops
//! IRLS always demeaned to 1e-12.
//!
//! # Reference
//! Santos Silva & Tenreyro (2006); Correia, Guimaraes & Zylkin (2020); the Advanced
//! Guide's chapter 2 estimates (tests/reproduce.rs, and reference/gravity/ against
//! statsmodels).
//!
//! # Complexity
//! Per IRLS iteration, one demeaning of `k + 1` columns (in parallel), `O(n k^2)` for the
//! normal equations.

use crate::GravityError;
use crate::demean::{Groups, dense_ids};
use rayon::prelude::*;

/// Tolerances of [`ppml`]; each default is the one the module doc states.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PpmlOptions {
    /// Relative change of the deviance at which IRLS stops.
    pub tolerance: f64,
    /// IRLS iterations before giving up.
    pub max_iterations: usize,
    /// Demeaning tolerance (relative to the column's scale).
    pub demean_tolerance: f64,
    /// Demeaning sweeps before giving up.
    pub max_sweeps: usize,
}

impl Default for PpmlOptions {
    fn default() -> Self {
        Self {
            tolerance: 1e-10,
            max_iterations: 1_000,
            demean_tolerance: 1e-12,
            max_sweeps: 100_000,
        }
    }
}

/// What to estimate: the dependent variable, the named regressors, fixed effects and
/// clusters, all one value per observation.
#[derive(Clone, Debug)]
pub struct PpmlInput<'a> {
    /// Trade, non-negative.
    pub y: &'a [f64],
    /// Regressors, one column each, named.
    pub x: Vec<(String, &'a [f64])>,
    /// The fixed-effect groups.
    pub groups: Groups,
    /// Cluster of each observation (dense ids from 0).
    pub cluster: &'a [u32],
}

/// One estimated coefficient.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coefficient {
    /// The regressor.
    pub variable: String,
    /// The estimate `b`.
    pub estimate: f64,
    /// Cluster-robust standard error.
    pub std_error: f64,
    /// `b / se`.
    pub z: f64,
    /// Two-sided normal p-value.
    pub p_value: f64,
}

/// The estimate and how it was reached.
#[derive(Clone, Debug, PartialEq)]
pub struct PpmlFit {
    /// The identified coefficients, in input order.
    pub coefficients: Vec<Coefficient>,
    /// Regressors dropped as collinear, with the reason.
    pub dropped: Vec<(String, String)>,
    /// Observations used.
    pub observations: usize,
    /// Observations dropped because their fixed-effect group has no trade.
    pub separated: usize,
    /// Zero-trade observations fitted at almost zero (possible separation by regressors).
    pub near_zero_fits: usize,
    /// Clusters among the observations used.
    pub clusters: usize,
    /// IRLS iterations run.
    pub iterations: usize,
    /// The final deviance.
    pub deviance: f64,
    /// Pseudo R-squared: squared correlation of trade and the fitted values.
    pub pseudo_r2: f64,
    /// Whether each input observation was used.
    pub used: Vec<bool>,
    /// Fitted trade of each input observation (0 where not used).
    pub fitted: Vec<f64>,
    /// `effects[d][r]`: the value of fixed effect `d` (input order) for input row `r`
    /// (NaN where not used), unique up to constants moved between effects.
    pub effects: Vec<Vec<f64>>,
}

/// Estimates by PPML; `label` names the data in errors.
pub fn ppml(input: &PpmlInput, opts: PpmlOptions, label: &str) -> Result<PpmlFit, GravityError> {
    let used = not_separated(input.y, &input.groups);
    let separated = used.iter().filter(|u| !**u).count();
    let rows: Vec<usize> = (0..input.y.len()).filter(|&r| used[r]).collect();
    if rows.is_empty() || rows.iter().all(|&r| input.y[r] == 0.0) {
        return Err(GravityError::Estimation {
            file: label.into(),
            message: "no observation with positive trade is left after separation".into(),
        });
    }
    let y: Vec<f64> = rows.iter().map(|&r| input.y[r]).collect();
    let groups = Groups::new(
        input
            .groups
            .ids
            .iter()
            .map(|ids| dense_ids(rows.iter().map(|&r| u64::from(ids[r]))))
            .collect(),
    );
    let cluster = dense_ids(rows.iter().map(|&r| u64::from(input.cluster[r])));
    let columns: Vec<Vec<f64>> = input
        .x
        .iter()
        .map(|(_, col)| rows.iter().map(|&r| col[r]).collect())
        .collect();
    let names: Vec<String> = input.x.iter().map(|(n, _)| n.clone()).collect();
    let irls = Irls::run(&y, &columns, &names, &groups, opts, label)?;
    let mut dropped: Vec<(String, String)> = Vec::new();
    for (k, reason) in &irls.dropped {
        dropped.push((names[*k].clone(), reason.clone()));
    }
    let kept_names: Vec<String> = irls.kept.iter().map(|&k| names[k].clone()).collect();
    let se = clustered_se(&irls, &y, &cluster);
    let coefficients = kept_names
        .into_iter()
        .zip(&irls.beta)
        .zip(se)
        .map(|((variable, &estimate), std_error)| {
            let z = estimate / std_error;
            Coefficient {
                variable,
                estimate,
                std_error,
                z,
                p_value: erfc(z.abs() / std::f64::consts::SQRT_2),
            }
        })
        .collect();
    let mean_y = y.iter().sum::<f64>() / y.len() as f64;
    let near_zero_fits = (0..y.len())
        .filter(|&r| y[r] == 0.0 && irls.mu[r] < 1e-12 * mean_y)
        .count();
    let mut fitted = vec![0.0; input.y.len()];
    rows.iter().zip(&irls.mu).for_each(|(&r, &m)| fitted[r] = m);
    let effects = recover_effects(&irls, &columns, &groups, &rows, input.y.len(), opts)?;
    Ok(PpmlFit {
        coefficients,
        dropped,
        observations: rows.len(),
        separated,
        near_zero_fits,
        clusters: cluster.iter().max().map_or(0, |m| *m as usize + 1),
        iterations: irls.iterations,
        deviance: irls.deviance,
        pseudo_r2: correlation(&y, &irls.mu).powi(2),
        used,
        fitted,
        effects,
    })
}

/// The fixed effects of the used rows from `ln mu - x'b`, spread back onto the input rows.
fn recover_effects(
    irls: &Irls,
    columns: &[Vec<f64>],
    groups: &Groups,
    rows: &[usize],
    n_input: usize,
    opts: PpmlOptions,
) -> Result<Vec<Vec<f64>>, GravityError> {
    let total: Vec<f64> = (0..rows.len())
        .map(|r| {
            let xb: f64 = irls
                .kept
                .iter()
                .zip(&irls.beta)
                .map(|(&k, b)| columns[k][r] * b)
                .sum();
            irls.mu[r].ln() - xb
        })
        .collect();
    let values = groups
        .components(&total, &irls.mu, opts.demean_tolerance, opts.max_sweeps)
        .ok_or_else(|| GravityError::NoConvergence {
            what: "the fixed-effect recovery".into(),
            iterations: opts.max_sweeps,
            change: f64::NAN,
        })?;
    Ok(groups
        .ids
        .iter()
        .zip(&values)
        .map(|(ids, values)| {
            let mut out = vec![f64::NAN; n_input];
            for (pos, &r) in rows.iter().enumerate() {
                out[r] = values[ids[pos] as usize];
            }
            out
        })
        .collect())
}

/// Rows outside any fixed-effect group whose trade sums to zero.
fn not_separated(y: &[f64], groups: &Groups) -> Vec<bool> {
    let mut used = vec![true; y.len()];
    for (ids, &count) in groups.ids.iter().zip(&groups.counts) {
        let mut totals = vec![0.0; count];
        ids.iter()
            .zip(y)
            .for_each(|(&g, y)| totals[g as usize] += y);
        for (u, &g) in used.iter_mut().zip(ids) {
            *u &= totals[g as usize] > 0.0;
        }
    }
    used
}

/// The converged IRLS state.
struct Irls {
    /// Indices (into the input columns) of the identified regressors.
    kept: Vec<usize>,
    /// Regressors dropped, with why.
    dropped: Vec<(usize, String)>,
    beta: Vec<f64>,
    /// Demeaned kept regressors at the final weights.
    xt: Vec<Vec<f64>>,
    mu: Vec<f64>,
    /// `(Xt' W Xt)^-1`.
    bread: Vec<Vec<f64>>,
    iterations: usize,
    deviance: f64,
}

impl Irls {
    fn run(
        y: &[f64],
        columns: &[Vec<f64>],
        names: &[String],
        groups: &Groups,
        opts: PpmlOptions,
        label: &str,
    ) -> Result<Self, GravityError> {
        let n = y.len();
        let mean_y = y.iter().sum::<f64>() / n as f64;
        let mut mu: Vec<f64> = y.iter().map(|y| (y + mean_y) / 2.0).collect();
        let mut eta: Vec<f64> = mu.iter().map(|m| m.ln()).collect();
        let mut z: Vec<f64> = (0..n).map(|r| eta[r] + (y[r] - mu[r]) / mu[r]).collect();
        // Which regressors the fixed effects leave identified, at the starting weights.
        let mut xt: Vec<Vec<f64>> = columns.to_vec();
        demean_all(
            groups,
            xt.iter_mut().collect(),
            &mu,
            opts.demean_tolerance,
            opts.max_sweeps,
        )?;
        let (kept, dropped) = identified(columns, &xt, &mu);
        if kept.is_empty() {
            let names: Vec<String> = dropped
                .iter()
                .map(|(k, why)| format!("{} ({why})", names[*k]))
                .collect();
            return Err(GravityError::Estimation {
                file: label.into(),
                message: format!("no variable is identified: {}", names.join(", ")),
            });
        }
        let mut xt: Vec<Vec<f64>> = kept.iter().map(|&k| xt[k].clone()).collect();
        // The residuals of each demeaning are the warm start of the next: only the change
        // of `z` since the last iteration is new.
        let mut zt = z.clone();
        let mut z_prev = z.clone();
        let mut deviance = f64::INFINITY;
        let mut change = f64::INFINITY;
        for iteration in 1..=opts.max_iterations {
            let w = mu.clone();
            zt.iter_mut()
                .zip(z.iter().zip(&z_prev))
                .for_each(|(t, (z, p))| *t += z - p);
            // Early iterations need no exact projection: the demeaning tolerance follows
            // the deviance change down to its floor, and what a loose demeaning leaves
            // lies in the fixed effects' span, which later (warm-started) ones remove.
            let tolerance = (change * 1e-3).clamp(opts.demean_tolerance, 1e-6);
            demean_all(
                groups,
                std::iter::once(&mut zt).chain(&mut xt).collect(),
                &w,
                tolerance,
                opts.max_sweeps,
            )?;
            let x_kept: Vec<&[f64]> = xt.iter().map(Vec::as_slice).collect();
            let (beta, bread) = weighted_ls(&x_kept, &zt, &w);
            z_prev.clone_from(&z);
            for r in 0..n {
                let fit: f64 = x_kept.iter().zip(&beta).map(|(x, b)| x[r] * b).sum();
                eta[r] = z[r] - (zt[r] - fit);
                mu[r] = eta[r].exp();
            }
            let new_deviance = poisson_deviance(y, &mu);
            change = (new_deviance - deviance).abs() / new_deviance.abs().max(0.1);
            deviance = new_deviance;
            if change < opts.tolerance && tolerance <= opts.demean_tolerance {
                return Ok(Self {
                    kept,
                    dropped,
                    beta,
                    xt,
                    mu,
                    bread,
                    iterations: iteration,
                    deviance,
                });
            }
            for r in 0..n {
                z[r] = eta[r] + (y[r] - mu[r]) / mu[r];
            }
        }
        Err(GravityError::NoConvergence {
            what: "PPML".into(),
            iterations: opts.max_iterations,
            change: f64::NAN,
        })
    }
}

/// Demeans every vector with weights `w`, in parallel.
fn demean_all(
    groups: &Groups,
    vectors: Vec<&mut Vec<f64>>,
    w: &[f64],
    tolerance: f64,
    max_sweeps: usize,
) -> Result<(), GravityError> {
    let sums = groups.weight_sums(w);
    let failed = vectors
        .into_par_iter()
        .map(|v| groups.demean(v, w, &sums, tolerance, max_sweeps))
        .any(|sweeps| sweeps.is_none());
    if failed {
        return Err(GravityError::NoConvergence {
            what: "the fixed-effect demeaning".into(),
            iterations: max_sweeps,
            change: f64::NAN,
        });
    }
    Ok(())
}

/// The regressors identified after demeaning: one whose demeaned weighted norm is below
/// 1e-9 of its raw norm is collinear with the fixed effects; one whose residual on the
/// regressors kept before it is that small is collinear with them.
fn identified(
    raw: &[Vec<f64>],
    demeaned: &[Vec<f64>],
    w: &[f64],
) -> (Vec<usize>, Vec<(usize, String)>) {
    let norm = |v: &[f64]| v.iter().zip(w).map(|(x, w)| w * x * x).sum::<f64>();
    let mut kept: Vec<usize> = Vec::new();
    let mut dropped = Vec::new();
    for k in 0..raw.len() {
        let raw_norm = norm(&raw[k]);
        let own = norm(&demeaned[k]);
        if own <= 1e-9 * raw_norm || own == 0.0 {
            dropped.push((k, "constant within the fixed effects".to_string()));
            continue;
        }
        let previous: Vec<&[f64]> = kept.iter().map(|&j| demeaned[j].as_slice()).collect();
        let (b, _) = weighted_ls(&previous, &demeaned[k], w);
        let resid: Vec<f64> = (0..w.len())
            .map(|r| demeaned[k][r] - previous.iter().zip(&b).map(|(x, b)| x[r] * b).sum::<f64>())
            .collect();
        if norm(&resid) <= 1e-9 * own {
            dropped.push((k, "collinear with the other variables".to_string()));
        } else {
            kept.push(k);
        }
    }
    (kept, dropped)
}

/// Weighted least squares of `z` on the columns `x`: the coefficients and `(X'WX)^-1`,
/// by Cholesky (the columns are checked independent before).
fn weighted_ls(x: &[&[f64]], z: &[f64], w: &[f64]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let k = x.len();
    let dot = |a: &[f64], b: &[f64]| -> f64 {
        a.par_iter()
            .zip(b)
            .zip(w)
            .map(|((a, b), w)| a * b * w)
            .sum()
    };
    let mut xtx = vec![vec![0.0; k]; k];
    for a in 0..k {
        for b in 0..=a {
            xtx[a][b] = dot(x[a], x[b]);
            xtx[b][a] = xtx[a][b];
        }
    }
    let xtz: Vec<f64> = x.iter().map(|c| dot(c, z)).collect();
    let inverse = invert_spd(&xtx);
    let beta = (0..k)
        .map(|a| (0..k).map(|b| inverse[a][b] * xtz[b]).sum())
        .collect();
    (beta, inverse)
}

/// The inverse of a small symmetric positive definite matrix, by Cholesky `A = L L'`.
fn invert_spd(a: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let k = a.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = a[i][j] - (0..j).map(|m| l[i][m] * l[j][m]).sum::<f64>();
            l[i][j] = if i == j {
                s.max(0.0).sqrt()
            } else {
                s / l[j][j]
            };
        }
    }
    // Solve L L' x = e_c for every unit vector c: the columns of the inverse.
    let columns: Vec<Vec<f64>> = (0..k)
        .map(|c| {
            let mut v = vec![0.0; k];
            for i in 0..k {
                let e = if i == c { 1.0 } else { 0.0 };
                v[i] = (e - (0..i).map(|m| l[i][m] * v[m]).sum::<f64>()) / l[i][i];
            }
            for i in (0..k).rev() {
                v[i] = (v[i] - (i + 1..k).map(|m| l[m][i] * v[m]).sum::<f64>()) / l[i][i];
            }
            v
        })
        .collect();
    (0..k)
        .map(|i| (0..k).map(|c| columns[c][i]).collect())
        .collect()
}

/// Standard errors clustered on `cluster`, with the `G/(G-1)` factor.
fn clustered_se(irls: &Irls, y: &[f64], cluster: &[u32]) -> Vec<f64> {
    let k = irls.kept.len();
    let g = cluster.iter().max().map_or(0, |m| *m as usize + 1);
    let mut scores = vec![vec![0.0; k]; g];
    for r in 0..y.len() {
        let resid = y[r] - irls.mu[r];
        for (a, x) in irls.xt.iter().enumerate() {
            scores[cluster[r] as usize][a] += x[r] * resid;
        }
    }
    let mut meat = vec![vec![0.0; k]; k];
    for s in &scores {
        for a in 0..k {
            for b in 0..k {
                meat[a][b] += s[a] * s[b];
            }
        }
    }
    let factor = if g > 1 {
        g as f64 / (g as f64 - 1.0)
    } else {
        1.0
    };
    let b = &irls.bread;
    (0..k)
        .map(|a| {
            let v: f64 = (0..k)
                .flat_map(|i| (0..k).map(move |j| (i, j)))
                .map(|(i, j)| b[a][i] * meat[i][j] * b[j][a])
                .sum();
            (factor * v).sqrt()
        })
        .collect()
}

fn poisson_deviance(y: &[f64], mu: &[f64]) -> f64 {
    2.0 * y
        .iter()
        .zip(mu)
        .map(|(&y, &m)| {
            let log_term = if y > 0.0 { y * (y / m).ln() } else { 0.0 };
            log_term - (y - m)
        })
        .sum::<f64>()
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

/// The complementary error function, `erfc(x)` for `x >= 0`, by Chebyshev fitting
/// (Numerical Recipes' `erfcc`; relative error below 1.2e-7, enough for a p-value).
fn erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.5 * x);
    let poly = -x * x - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    t * poly.exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_poisson_model_is_recovered() {
        // y = exp(0.5 x + a_g) exactly: PPML returns b = 0.5 whatever the group effects.
        let g: Vec<u32> = (0..40).map(|r| r % 4).collect();
        let x: Vec<f64> = (0..40).map(|r| (r as f64 * 0.37).sin()).collect();
        let y: Vec<f64> = (0..40)
            .map(|r| (0.5 * x[r] + g[r] as f64 * 0.3).exp())
            .collect();
        let cluster: Vec<u32> = (0..40).collect();
        let ones = vec![1.0; 40];
        let input = PpmlInput {
            y: &y,
            x: vec![("x".into(), &x), ("const_in_g".into(), &ones)],
            groups: Groups::new(vec![g]),
            cluster: &cluster,
        };
        let fit = ppml(&input, PpmlOptions::default(), "t").unwrap();
        assert!((fit.coefficients[0].estimate - 0.5).abs() < 1e-9);
        // The group effects are recovered: 0.3 per group step (rows 0 and 1 are in groups 0, 1).
        let fe = &fit.effects[0];
        assert!((fe[1] - fe[0] - 0.3).abs() < 1e-8, "{} {}", fe[0], fe[1]);
        assert_eq!(
            fit.dropped[0].0, "const_in_g",
            "a constant is collinear with a group effect"
        );
    }

    #[test]
    fn groups_without_trade_are_separated() {
        let g: Vec<u32> = vec![0, 0, 1, 1, 2, 2];
        let y = [1.0, 2.0, 0.0, 0.0, 3.0, 1.0];
        let used = not_separated(&y, &Groups::new(vec![g]));
        assert_eq!(used, [true, true, false, false, true, true]);
    }

    #[test]
    fn erfc_at_known_points() {
        assert!((erfc(0.0) - 1.0).abs() < 1e-7);
        assert!((erfc(1.0) - 0.157_299_207).abs() < 1e-7);
    }
}
