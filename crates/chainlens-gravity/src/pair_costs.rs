//! The complete matrix of bilateral trade costs from a fit with pair fixed effects, by the
//! two stages of Anderson & Yotov (2016) that the Advanced Guide (Yotov et al. 2016, ch. 2,
//! application 2) uses before a general equilibrium: the pairs that trade keep their
//! estimated pair effect, and the pairs that never trade (dropped from the fit as
//! separated) get one predicted from the gravity variables.
//!
//! # Formula
//! Stage 1 is the caller's fit `X_ijt = exp(gamma_ij + a_it + b_jt + x'b)` with exporter-year,
//! importer-year and pair effects. Its pair effects are unique only up to
//! `gamma_ij + c_i + d_j` (moved into the exporter-year and importer-year effects), and a
//! PPML second stage is not invariant to that choice (it weights pairs by their level), so
//! the normalisation is fixed here, in two steps that any fit of the same model reaches:
//! 1. no domestic cost, the Guide's convention: `gamma_ij - gamma_ii` (and `a_it + gamma_ii`);
//! 2. of what is left (`c_i - c_j`), the split that makes each country's mean exporter-year
//!    effect equal its mean importer-year effect: `s_i = (mean_t a_it - mean_t b_it) / 2`,
//!    `g_ij = gamma_ij - gamma_ii + s_i - s_j`.
//!
//! The Guide's Stata code leaves this to which dummies `ppml` drops as collinear, so its
//! second-stage coefficients are one arbitrary choice among these; the general equilibrium
//! of the pairs that trade does not depend on it, the predicted pairs' costs do, slightly.
//!
//! Stage 2 is a PPML on the baseline year's international pairs that have an estimate:
//! `exp(g_ij) = exp(e_i + m_j + z_ij'c)` with exporter and importer effects and the gravity
//! variables `z` (the Guide: `ln_DIST`, `CNTG`, `LANG`, `CLNY`), clustered by pair. A pair
//! without an estimate gets the prediction `e_i + m_j + z_ij'c`.
//!
//! The general equilibrium is unmoved by any `c_i - c_j` in the estimated pairs (origin and
//! destination factors go into the multilateral resistances), and so is the composite
//! `g_ij + g_ji - g_ii - g_jj` the tests compare by hand.
//!
//! # Errors
//! A country without a domestic estimate (it never sold to itself), a baseline year
//! missing a pair, or a country whose every international pair lacks an estimate (no
//! effect to predict with) is an error naming it.

use crate::csv_list::{Record, bad_value, read_columns};
use crate::estimate::FixedEffect;
use crate::{GravityData, GravityError, PpmlFit, PpmlOptions, estimate};

/// Where a pair's cost comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostSource {
    /// A country's sales to itself (0 by the normalisation).
    Domestic,
    /// The pair's own estimated effect.
    Estimated,
    /// Predicted by the stage-2 regression (the pair never traded).
    Predicted,
}

impl CostSource {
    /// The name in the output tables.
    pub fn name(self) -> &'static str {
        match self {
            Self::Domestic => "domestic",
            Self::Estimated => "estimated",
            Self::Predicted => "predicted",
        }
    }
}

/// Every pair's `ln t_ij^(1-sigma)` without the regressors of stage 1.
#[derive(Clone, Debug, PartialEq)]
pub struct PairCosts {
    /// The data's countries.
    pub countries: Vec<String>,
    /// The baseline year of stage 2.
    pub year: i32,
    /// `g_ij`, row-major exporter x importer.
    pub log_cost: Vec<f64>,
    /// Where each comes from.
    pub source: Vec<CostSource>,
    /// The stage-2 regression.
    pub stage2: PpmlFit,
}

/// Completes the pair effects of `fit`, the result of [`estimate()`] on `data` with
/// `fixed_effects` (exporter-year, importer-year and pair), by the stage-2 regression on
/// `vars` in `year`.
pub fn complete_pair_costs(
    data: &GravityData,
    fit: &PpmlFit,
    fixed_effects: &[FixedEffect],
    year: i32,
    vars: &[String],
    opts: PpmlOptions,
) -> Result<PairCosts, GravityError> {
    let n = data.countries.len();
    let normalised = normalised_pair_effects(data, fit, fixed_effects)?;
    let fail = |message: String| GravityError::Estimation {
        file: data.label.clone(),
        message,
    };
    let rows = data.pair_rows(year);
    if let Some(k) = rows.iter().position(Option::is_none) {
        return Err(fail(format!(
            "no row for {} -> {} in year {year}\nhint: the second stage predicts every pair of the baseline year",
            data.countries[k / n],
            data.countries[k % n]
        )));
    }
    let international = |k: usize| k / n != k % n;
    let estimated: Vec<usize> = (0..n * n)
        .filter(|&k| international(k) && normalised[k].is_some())
        .collect();
    let mut stage2_data = data.keep_rows(
        &estimated
            .iter()
            .filter_map(|&k| rows[k])
            .collect::<Vec<_>>(),
    );
    stage2_data.trade = estimated
        .iter()
        .map(|&k| normalised[k].unwrap_or(0.0).exp())
        .collect();
    let stage2_effects = [FixedEffect::Exporter, FixedEffect::Importer];
    let stage2 = estimate(&stage2_data, &stage2_effects, vars, opts)?;
    let (exporter_effect, importer_effect) = country_effects(&stage2_data, &stage2, n);
    let mut log_cost = vec![0.0; n * n];
    let mut source = vec![CostSource::Domestic; n * n];
    for k in (0..n * n).filter(|&k| international(k)) {
        if let Some(g) = normalised[k] {
            (log_cost[k], source[k]) = (g, CostSource::Estimated);
            continue;
        }
        let (i, j) = (k / n, k % n);
        let (Some(e), Some(m)) = (exporter_effect[i], importer_effect[j]) else {
            return Err(fail(format!(
                "cannot predict the cost of {} -> {}: no international pair of {} has an estimated effect",
                data.countries[i],
                data.countries[j],
                if exporter_effect[i].is_none() {
                    &data.countries[i]
                } else {
                    &data.countries[j]
                }
            )));
        };
        let row = rows[k].unwrap_or(0);
        let zc: f64 = stage2
            .coefficients
            .iter()
            .map(|c| c.estimate * data.var(&c.variable).map_or(0.0, |col| col[row]))
            .sum();
        (log_cost[k], source[k]) = (e + m + zc, CostSource::Predicted);
    }
    Ok(PairCosts {
        countries: data.countries.clone(),
        year,
        log_cost,
        source,
        stage2,
    })
}

/// The `log_cost` of every pair of `countries` (row-major) from CSV `text` with columns
/// `exporter,importer,log_cost` (what `chainlens gravity estimate --predict-pairs` writes);
/// `label` names the file in errors. Every pair must be given once.
pub fn pair_costs_from_csv(
    text: &str,
    label: &str,
    countries: &[String],
) -> Result<Vec<f64>, GravityError> {
    let n = countries.len();
    let mut cost: Vec<Option<(f64, u64)>> = vec![None; n * n];
    for Record { line, values } in read_columns(text, label, &["exporter", "importer", "log_cost"])?
    {
        let index = |column: &str, code: &str| {
            countries
                .binary_search_by(|c| c.as_str().cmp(code))
                .map_err(|_| bad_value(label, line, column, format!("unknown country `{code}`")))
        };
        let k = index("exporter", &values[0])? * n + index("importer", &values[1])?;
        let value: f64 = values[2]
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| {
                bad_value(
                    label,
                    line,
                    "log_cost",
                    format!("`{}` is not a finite number", values[2]),
                )
            })?;
        if let Some((_, first)) = cost[k] {
            let message = format!(
                "{} -> {} is already given on line {first}",
                values[0], values[1]
            );
            return Err(bad_value(label, line, "exporter", message));
        }
        cost[k] = Some((value, line));
    }
    cost.iter()
        .enumerate()
        .map(|(k, c)| {
            c.map(|(v, _)| v).ok_or_else(|| GravityError::Incomplete {
                file: label.into(),
                message: format!(
                    "no cost for {} -> {}\nhint: the file must give every pair of the data, domestic ones included",
                    countries[k / n],
                    countries[k % n]
                ),
            })
        })
        .collect()
}

/// The estimated pair effect of every pair (row-major), normalised as the module doc
/// says; `None` where the pair was not used.
fn normalised_pair_effects(
    data: &GravityData,
    fit: &PpmlFit,
    fixed_effects: &[FixedEffect],
) -> Result<Vec<Option<f64>>, GravityError> {
    let mut sorted = fixed_effects.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let position = |fe: FixedEffect| sorted.iter().position(|e| *e == fe);
    let needed = [
        FixedEffect::ExporterYear,
        FixedEffect::ImporterYear,
        FixedEffect::Pair,
    ];
    let [Some(exporter_year), Some(importer_year), Some(pair)] = needed.map(position) else {
        return Err(GravityError::Estimation {
            file: data.label.clone(),
            message: "predicting pair costs needs a fit with exporter-year, importer-year and pair effects\nhint: --fe exporter-year,importer-year,pair".into(),
        });
    };
    let n = data.countries.len();
    let used: Vec<usize> = (0..data.trade.len()).filter(|&r| fit.used[r]).collect();
    let mut gamma = vec![None; n * n];
    for &r in &used {
        gamma[data.exporter[r] as usize * n + data.importer[r] as usize] =
            Some(fit.effects[pair][r]);
    }
    let Some(home) = (0..n)
        .map(|i| gamma[i * n + i])
        .collect::<Option<Vec<f64>>>()
    else {
        let i = (0..n).find(|&i| gamma[i * n + i].is_none()).unwrap_or(0);
        return Err(GravityError::Estimation {
            file: data.label.clone(),
            message: format!(
                "{} has no domestic pair effect (it never sells to itself)\nhint: the costs are normalised on each country's domestic flow",
                data.countries[i]
            ),
        });
    };
    // Mean over years of each country's exporter-year effect (after moving its domestic
    // pair effect into it) and of its importer-year effect.
    let mut outward = vec![std::collections::BTreeMap::new(); n];
    let mut inward = vec![std::collections::BTreeMap::new(); n];
    for &r in &used {
        let (i, j) = (data.exporter[r] as usize, data.importer[r] as usize);
        outward[i].insert(data.year[r], fit.effects[exporter_year][r] + home[i]);
        inward[j].insert(data.year[r], fit.effects[importer_year][r]);
    }
    let mean =
        |m: &std::collections::BTreeMap<i32, f64>| m.values().sum::<f64>() / m.len().max(1) as f64;
    let split: Vec<f64> = (0..n)
        .map(|i| (mean(&outward[i]) - mean(&inward[i])) / 2.0)
        .collect();
    Ok((0..n * n)
        .map(|k| {
            let (i, j) = (k / n, k % n);
            gamma[k].map(|g| g - home[i] + split[i] - split[j])
        })
        .collect())
}

/// The stage-2 exporter and importer effects by country (`None` for a country none of
/// whose rows was used).
fn country_effects(
    data: &GravityData,
    fit: &PpmlFit,
    n: usize,
) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
    let mut exporter = vec![None; n];
    let mut importer = vec![None; n];
    for r in (0..data.trade.len()).filter(|&r| fit.used[r]) {
        exporter[data.exporter[r] as usize] = Some(fit.effects[0][r]);
        importer[data.importer[r] as usize] = Some(fit.effects[1][r]);
    }
    (exporter, importer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ColumnNames;

    /// Four countries over two years with `gamma_ij = u_i + v_j - 0.4 DIST_ij` between
    /// countries and 0 at home, and an agreement between B and D from 2001 raising their
    /// trade by `exp(0.5)`; A and C never trade with each other.
    fn four_countries() -> GravityData {
        let (u, v) = ([0.1, -0.2, 0.3, 0.0], [-0.1, 0.2, 0.0, 0.4]);
        let dist =
            |i: usize, j: usize| 1.0 + (i as f64 - j as f64).abs() * 0.7 + (i * j) as f64 * 0.1;
        let mut csv = String::from("exporter,importer,year,trade,DIST,RTA\n");
        for year in [2000, 2001] {
            let t = f64::from(year - 2000);
            for (i, u_i) in u.iter().enumerate() {
                for (j, v_j) in v.iter().enumerate() {
                    let gamma = if i == j {
                        0.0
                    } else {
                        u_i + v_j - 0.4 * dist(i, j)
                    };
                    let never = (i, j) == (0, 2) || (i, j) == (2, 0);
                    let size = (1.0 + 0.1 * i as f64 + 0.05 * t) * (2.0 - 0.2 * j as f64 + 0.1 * t);
                    let rta =
                        f64::from(u8::from(year == 2001 && i != j && i % 2 == 1 && j % 2 == 1));
                    let trade = if never {
                        0.0
                    } else {
                        100.0 * size * (gamma + 0.5 * rta).exp()
                    };
                    let name = |k: usize| ["A", "B", "C", "D"][k];
                    csv.push_str(&format!(
                        "{},{},{year},{trade},{},{rta}\n",
                        name(i),
                        name(j),
                        dist(i, j)
                    ));
                }
            }
        }
        let vars = vec!["DIST".to_string(), "RTA".to_string()];
        GravityData::from_csv(&csv, "four.csv", &ColumnNames::default(), &vars).unwrap()
    }

    #[test]
    fn estimated_pairs_keep_their_effect_and_the_missing_ones_are_predicted() {
        let data = four_countries();
        let fe = [
            FixedEffect::ExporterYear,
            FixedEffect::ImporterYear,
            FixedEffect::Pair,
        ];
        let fit = estimate(&data, &fe, &["RTA".into()], PpmlOptions::default()).unwrap();
        assert_eq!(fit.separated, 4);
        assert!((fit.coefficients[0].estimate - 0.5).abs() < 1e-9);
        let vars = ["DIST".to_string()];
        let costs =
            complete_pair_costs(&data, &fit, &fe, 2000, &vars, PpmlOptions::default()).unwrap();
        let g = |i: usize, j: usize| costs.log_cost[i * 4 + j];
        // The composite g_ij + g_ji is the same under any normalisation: u_i + v_j + u_j +
        // v_i - 0.8 DIST_ij, by hand from the way the data were made.
        let composite = |i: usize, j: usize| g(i, j) + g(j, i);
        assert!((composite(0, 1) - (0.1 - 0.1 - 0.2 + 0.2 - 0.8 * 1.7)).abs() < 1e-9);
        assert!((composite(1, 3) - (-0.2 + 0.4 + 0.0 + 0.2 - 0.8 * 2.7)).abs() < 1e-9);
        // Stage 2 fits the ten pairs with a cost exactly, so the distance elasticity is
        // recovered and A <-> C, never traded, is predicted at its true composite.
        assert_eq!(costs.stage2.observations, 10);
        assert!((costs.stage2.coefficients[0].estimate + 0.4).abs() < 1e-8);
        assert!((composite(0, 2) - (0.1 + 0.0 + 0.3 - 0.1 - 0.8 * 2.4)).abs() < 1e-8);
        assert_eq!(costs.source[0], CostSource::Domestic);
        assert_eq!(costs.source[1], CostSource::Estimated);
        assert_eq!(
            (costs.source[2], costs.source[8]),
            (CostSource::Predicted, CostSource::Predicted)
        );
    }

    #[test]
    fn a_cost_file_gives_every_pair_once() {
        let countries: Vec<String> = ["A", "B"].map(String::from).to_vec();
        let good = "exporter,importer,log_cost\nA,A,0\nA,B,-1.5\nB,A,-2\nB,B,0\n";
        let costs = pair_costs_from_csv(good, "c.csv", &countries).unwrap();
        assert_eq!(costs, [0.0, -1.5, -2.0, 0.0]);
        let twice = format!("{good}A,B,-1\n");
        let e = pair_costs_from_csv(&twice, "c.csv", &countries).unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.csv:6: column `exporter`: A -> B is already given on line 3"
        );
        let e = pair_costs_from_csv("exporter,importer,log_cost\nA,C,0\n", "c.csv", &countries)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.csv:2: column `importer`: unknown country `C`"
        );
        let e = pair_costs_from_csv("exporter,importer,log_cost\nA,A,x\n", "c.csv", &countries)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.csv:2: column `log_cost`: `x` is not a finite number"
        );
        let e = pair_costs_from_csv("exporter,importer,log_cost\nA,A,0\n", "c.csv", &countries)
            .unwrap_err();
        assert!(
            e.to_string().starts_with("c.csv: no cost for A -> B"),
            "{e}"
        );
    }

    #[test]
    fn a_fit_without_the_three_effects_is_refused() {
        let data = four_countries();
        let fe = [FixedEffect::ExporterYear, FixedEffect::ImporterYear];
        let fit = estimate(&data, &fe, &["DIST".into()], PpmlOptions::default()).unwrap();
        let err = complete_pair_costs(
            &data,
            &fit,
            &fe,
            2000,
            &["DIST".into()],
            PpmlOptions::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("--fe exporter-year,importer-year,pair"),
            "{err}"
        );
    }
}
