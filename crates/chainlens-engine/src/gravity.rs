//! Structural gravity requests (METHODS §3, bloc fragmentation): [`EstimateRequest`] ->
//! PPML coefficients with high-dimensional fixed effects (and each observation's fit and
//! recovered fixed effects), and [`GeRequest`] -> the
//! general equilibrium of a scenario file, by country, by bloc and by pair. Each request
//! names its data file (a long CSV of flows), which is read here once; the analyses are
//! `chainlens-gravity`'s.

use crate::error::{EngineError, Result, read_text};
use crate::table::Table;
use chainlens_gravity::blocs::blocs_from_csv;
use chainlens_gravity::hat::Deficits;
use chainlens_gravity::pair_costs::{complete_pair_costs, pair_costs_from_csv};
use chainlens_gravity::scenario::{Baseline, GeScenario, GeScenarioFile};
use chainlens_gravity::{
    ColumnNames, FixedEffect, GravityData, PpmlFit, PpmlOptions, estimate, run,
};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The data file and its key columns, shared by both requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GravityDataRequest {
    /// A CSV of bilateral flows, one row per exporter, importer and year.
    pub data: PathBuf,
    /// Exporter column.
    pub exporter: String,
    /// Importer column.
    pub importer: String,
    /// Year column.
    pub year: String,
    /// Trade column.
    pub trade: String,
}

impl Default for GravityDataRequest {
    fn default() -> Self {
        let c = ColumnNames::default();
        Self {
            data: PathBuf::new(),
            exporter: c.exporter,
            importer: c.importer,
            year: c.year.unwrap_or_default(),
            trade: c.trade,
        }
    }
}

impl GravityDataRequest {
    /// Reads the file with the `vars` columns besides the keys.
    fn read(&self, vars: &[String]) -> Result<GravityData> {
        let text = read_text(&self.data)?;
        let columns = ColumnNames {
            exporter: self.exporter.clone(),
            importer: self.importer.clone(),
            year: Some(self.year.clone()),
            trade: self.trade.clone(),
        };
        let label = self.data.display().to_string();
        Ok(GravityData::from_csv(&text, &label, &columns, vars)?)
    }
}

/// `chainlens gravity estimate`: PPML of trade on `vars` with the fixed effects named.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EstimateRequest {
    /// The data.
    #[serde(flatten)]
    pub input: GravityDataRequest,
    /// `exporter-year`, `importer-year`, `pair`, `exporter`, `importer`, `year`.
    pub fixed_effects: Vec<String>,
    /// The regressors (columns).
    pub vars: Vec<String>,
    /// Years kept; every year when empty.
    pub years: Vec<i32>,
    /// Gravity variables (columns) of the second stage that predicts the cost of the pairs
    /// that never trade, after a fit with pair effects; no prediction when empty.
    pub predict_pairs: Vec<String>,
    /// The year of that second stage (the baseline year of the general equilibrium).
    pub predict_year: Option<i32>,
}

impl EstimateRequest {
    /// The fixed effects, or the flag's error listing the valid names.
    pub fn fixed_effects(&self) -> Result<Vec<FixedEffect>> {
        self.fixed_effects
            .iter()
            .map(|name| {
                FixedEffect::parse(name).ok_or_else(|| {
                    let valid: Vec<&str> = FixedEffect::ALL.iter().map(|(n, _)| *n).collect();
                    EngineError::request(
                        "--fe",
                        format!(
                            "unknown fixed effect `{name}` (valid: {})",
                            valid.join(", ")
                        ),
                    )
                })
            })
            .collect()
    }
}

/// One coefficient (`coefficients.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CoefficientRow {
    /// The regressor.
    pub variable: String,
    /// `estimated`, or why it was dropped.
    pub status: String,
    /// PPML estimate (NaN when dropped).
    pub estimate: f64,
    /// Standard error clustered by undirected pair.
    pub std_error: f64,
    /// `estimate / std_error`.
    pub z: f64,
    /// Two-sided normal p-value.
    pub p_value: f64,
}

/// How the estimation went (`fit.csv`, one row).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FitRow {
    /// The fixed effects, `+`-joined.
    pub fixed_effects: String,
    /// Observations used.
    pub observations: usize,
    /// Observations dropped as separated (their fixed-effect group has no trade).
    pub separated: usize,
    /// Zero-trade observations fitted at almost zero (possible separation by regressors).
    pub near_zero_fits: usize,
    /// Clusters (undirected pairs).
    pub clusters: usize,
    /// IRLS iterations.
    pub iterations: usize,
    /// Final Poisson deviance.
    pub deviance: f64,
    /// Squared correlation of trade and fitted trade.
    pub pseudo_r2: f64,
}

/// One observation's fit and fixed effects (`fitted.csv`); effects not in the model, and
/// every value of an observation not used, are NaN.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FittedRow {
    /// Exporter.
    pub exporter: String,
    /// Importer.
    pub importer: String,
    /// Year.
    pub year: i32,
    /// Observed trade.
    pub trade: f64,
    /// Whether the observation was used (not separated).
    pub used: bool,
    /// Fitted trade `exp(x'b + fixed effects)`.
    pub fitted: f64,
    /// Exporter-year effect.
    pub exporter_year_effect: f64,
    /// Importer-year effect.
    pub importer_year_effect: f64,
    /// Pair effect.
    pub pair_effect: f64,
    /// Exporter effect.
    pub exporter_effect: f64,
    /// Importer effect.
    pub importer_effect: f64,
    /// Year effect.
    pub year_effect: f64,
}

/// One pair's baseline cost without the regressors (`pair_costs.csv`): its pair effect,
/// normalised to 0 at home, or the second stage's prediction for a pair that never trades.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PairCostRow {
    /// Exporter.
    pub exporter: String,
    /// Importer.
    pub importer: String,
    /// `ln t^(1-sigma)` without the regressors' part.
    pub log_cost: f64,
    /// `domestic`, `estimated` or `predicted`.
    pub source: &'static str,
}

/// The result of [`estimate_gravity`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EstimateResult {
    /// Coefficients, estimated ones first in request order, then dropped ones.
    pub coefficients: Vec<CoefficientRow>,
    /// The fit.
    pub fit: FitRow,
    /// Every observation's fit and fixed effects (not in the JSON document: large).
    #[serde(skip)]
    pub fitted: Vec<FittedRow>,
    /// Every pair's cost, when asked (not in the JSON document: large).
    #[serde(skip)]
    pub pair_costs: Vec<PairCostRow>,
    /// The second stage's coefficients, when asked.
    pub pair_prediction: Vec<CoefficientRow>,
}

impl EstimateResult {
    /// `coefficients`, `fit` and `fitted`, and `pair_costs` and `pair_prediction` when
    /// the pair costs were predicted.
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![
            Table::from_rows("coefficients", &self.coefficients),
            Table::from_rows("fit", std::slice::from_ref(&self.fit)),
            Table::from_rows("fitted", &self.fitted),
        ];
        if !self.pair_costs.is_empty() {
            tables.push(Table::from_rows("pair_costs", &self.pair_costs));
            tables.push(Table::from_rows("pair_prediction", &self.pair_prediction));
        }
        tables
    }
}

/// The estimated coefficients in request order, then the dropped ones with the reason.
fn coefficient_rows(fit: &PpmlFit) -> Vec<CoefficientRow> {
    let estimated = fit.coefficients.iter().map(|c| CoefficientRow {
        variable: c.variable.clone(),
        status: "estimated".into(),
        estimate: c.estimate,
        std_error: c.std_error,
        z: c.z,
        p_value: c.p_value,
    });
    let dropped = fit.dropped.iter().map(|(variable, reason)| CoefficientRow {
        variable: variable.clone(),
        status: format!("dropped: {reason}"),
        estimate: f64::NAN,
        std_error: f64::NAN,
        z: f64::NAN,
        p_value: f64::NAN,
    });
    estimated.chain(dropped).collect()
}

/// Every pair's cost and the second stage's coefficients (`--predict-pairs`).
fn predict_pair_costs(
    request: &EstimateRequest,
    data: &GravityData,
    fit: &PpmlFit,
    effects: &[FixedEffect],
) -> Result<(Vec<PairCostRow>, Vec<CoefficientRow>)> {
    let Some(year) = request.predict_year else {
        let message =
            "names the year of the second stage (the general equilibrium's baseline year)";
        return Err(EngineError::request("--predict-year", message));
    };
    if !data.years().contains(&year) {
        return Err(EngineError::request(
            "--predict-year",
            format!("{year} is not among the years estimated"),
        ));
    }
    let costs = complete_pair_costs(
        data,
        fit,
        effects,
        year,
        &request.predict_pairs,
        PpmlOptions::default(),
    )?;
    let n = costs.countries.len();
    let rows = (0..n * n)
        .map(|k| PairCostRow {
            exporter: costs.countries[k / n].clone(),
            importer: costs.countries[k % n].clone(),
            log_cost: costs.log_cost[k],
            source: costs.source[k].name(),
        })
        .collect();
    Ok((rows, coefficient_rows(&costs.stage2)))
}

/// The fitted table: each row's fit and the value of each fixed effect in the model.
fn fitted_rows(data: &GravityData, fit: &PpmlFit, effects: &[FixedEffect]) -> Vec<FittedRow> {
    let effect = |fe: FixedEffect, r: usize| {
        effects
            .iter()
            .position(|e| *e == fe)
            .map_or(f64::NAN, |d| fit.effects[d][r])
    };
    (0..data.trade.len())
        .map(|r| FittedRow {
            exporter: data.countries[data.exporter[r] as usize].clone(),
            importer: data.countries[data.importer[r] as usize].clone(),
            year: data.year[r],
            trade: data.trade[r],
            used: fit.used[r],
            fitted: if fit.used[r] { fit.fitted[r] } else { f64::NAN },
            exporter_year_effect: effect(FixedEffect::ExporterYear, r),
            importer_year_effect: effect(FixedEffect::ImporterYear, r),
            pair_effect: effect(FixedEffect::Pair, r),
            exporter_effect: effect(FixedEffect::Exporter, r),
            importer_effect: effect(FixedEffect::Importer, r),
            year_effect: effect(FixedEffect::Year, r),
        })
        .collect()
}

/// Runs `chainlens gravity estimate`.
pub fn estimate_gravity(request: &EstimateRequest) -> Result<EstimateResult> {
    let fixed_effects = request.fixed_effects()?;
    if fixed_effects.is_empty() {
        // Without any fixed effect the model would have no intercept.
        return Err(EngineError::request("--fe", "names no fixed effect"));
    }
    if request.vars.is_empty() {
        return Err(EngineError::request("--vars", "names no variable"));
    }
    if !request.predict_pairs.is_empty() && !fixed_effects.contains(&FixedEffect::Pair) {
        let message = "predicts the cost of pairs without trade from a fit with pair effects\nhint: add `pair` to --fe";
        return Err(EngineError::request("--predict-pairs", message));
    }
    let mut columns = request.vars.clone();
    columns.extend(
        request
            .predict_pairs
            .iter()
            .filter(|v| !request.vars.contains(v))
            .cloned(),
    );
    let mut data = request.input.read(&columns)?;
    if !request.years.is_empty() {
        let present = data.years();
        if let Some(y) = request.years.iter().find(|y| !present.contains(y)) {
            return Err(EngineError::request(
                "--years",
                format!("{y} is not in {}", data.label),
            ));
        }
        data = data.keep_years(&request.years);
    }
    let fit = estimate(&data, &fixed_effects, &request.vars, PpmlOptions::default())?;
    let mut effects = fixed_effects.clone();
    effects.sort_unstable();
    effects.dedup();
    let (pair_costs, pair_prediction) = match request.predict_pairs.is_empty() {
        true => (Vec::new(), Vec::new()),
        false => predict_pair_costs(request, &data, &fit, &effects)?,
    };
    Ok(EstimateResult {
        coefficients: coefficient_rows(&fit),
        pair_costs,
        pair_prediction,
        fit: FitRow {
            fixed_effects: request.fixed_effects.join("+"),
            observations: fit.observations,
            separated: fit.separated,
            near_zero_fits: fit.near_zero_fits,
            clusters: fit.clusters,
            iterations: fit.iterations,
            deviance: fit.deviance,
            pseudo_r2: fit.pseudo_r2,
        },
        fitted: fitted_rows(&data, &fit, &effects),
    })
}

/// `chainlens gravity ge`: a scenario file run on the data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GeRequest {
    /// The data.
    #[serde(flatten)]
    pub input: GravityDataRequest,
    /// The scenario file's text (TOML, see `chainlens_gravity::scenario`).
    pub toml: String,
    /// The scenario file's name in errors.
    pub label: String,
    /// A CSV of blocs (`iso3,bloc`) the scenario's changes can name besides its own.
    pub blocs: Option<PathBuf>,
    /// A CSV of every pair's baseline cost (`exporter,importer,log_cost`, as
    /// `gravity estimate --predict-pairs` writes it), for `baseline = "fitted"`.
    pub pair_costs: Option<PathBuf>,
}

impl GeRequest {
    /// Checks the TOML syntax and schema before any data is read.
    pub fn parse(&self) -> Result<GeScenarioFile> {
        Ok(GeScenarioFile::parse(&self.toml, &self.label)?)
    }
}

/// One country's general-equilibrium effects (`countries.csv`), changes in percent.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GeCountryRow {
    /// Country code.
    pub iso3: String,
    /// Its bloc in the scenario (empty when in none).
    pub bloc: String,
    /// Welfare change, %: real expenditure (hat model) or real GDP (levels model).
    pub welfare_change_pct: f64,
    /// Welfare change with prices and expenditure fixed (conditional equilibrium), %.
    pub conditional_welfare_change_pct: f64,
    /// Factory-gate price change, %.
    pub price_change_pct: f64,
    /// Inward multilateral resistance (consumer price index) change, %.
    pub imr_change_pct: f64,
    /// Outward multilateral resistance change, %.
    pub omr_change_pct: f64,
    /// Expenditure change, %.
    pub expenditure_change_pct: f64,
    /// Foreign exports before, in the data's unit.
    pub exports_before: f64,
    /// Foreign exports after.
    pub exports_after: f64,
    /// Foreign exports change, %.
    pub exports_change_pct: f64,
    /// Share of expenditure bought at home, before.
    pub domestic_share_before: f64,
    /// The same after.
    pub domestic_share_after: f64,
}

/// One bloc's totals (`blocs.csv`); the last row, `world`, covers every country.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GeBlocRow {
    /// Bloc name, `outside any bloc`, or `world`.
    pub bloc: String,
    /// Member countries.
    pub countries: usize,
    /// Welfare change weighted by baseline expenditure, %.
    pub welfare_change_pct: f64,
    /// Foreign exports change of the members together, %.
    pub exports_change_pct: f64,
    /// Member with the largest welfare loss (or smallest gain).
    pub largest_loser: String,
}

/// One pair's flows (`bilateral.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GePairRow {
    /// Exporter.
    pub exporter: String,
    /// Importer.
    pub importer: String,
    /// `phi = (t'/t)^(-theta)`, the change of the cost term.
    pub cost_change: f64,
    /// Flow before (observed, or modelled in the levels model).
    pub trade_before: f64,
    /// Flow after.
    pub trade_after: f64,
    /// Change, %.
    pub trade_change_pct: f64,
}

/// The result of [`general_equilibrium`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GeResult {
    /// Scenario name.
    pub name: String,
    /// Baseline year.
    pub year: i32,
    /// Trade elasticity.
    pub theta: f64,
    /// `hat` or `levels`.
    pub model: String,
    /// `additive` or `multiplicative`.
    pub deficits: String,
    /// Iterations of the full equilibrium.
    pub iterations: usize,
    /// By country, sorted by code.
    pub countries: Vec<GeCountryRow>,
    /// By bloc, then the world.
    pub blocs: Vec<GeBlocRow>,
    /// By pair, row-major.
    pub bilateral: Vec<GePairRow>,
}

impl GeResult {
    /// `countries`, `blocs` and `bilateral`.
    pub fn tables(&self) -> Vec<Table> {
        vec![
            Table::from_rows("countries", &self.countries),
            Table::from_rows("blocs", &self.blocs),
            Table::from_rows("bilateral", &self.bilateral),
        ]
    }
}

fn pct(ratio: f64) -> f64 {
    100.0 * (ratio - 1.0)
}

/// Runs `chainlens gravity ge`.
pub fn general_equilibrium(request: &GeRequest) -> Result<GeResult> {
    let file = request.parse()?;
    let data = request.input.read(&file.columns())?;
    let blocs = match (&request.blocs, &file.ideal_points) {
        (Some(_), Some(_)) => {
            let message = "give blocs as a CSV list or as [ideal_points] in the scenario, not both";
            return Err(EngineError::request("--blocs", message));
        }
        (Some(path), None) => {
            let label = path.display().to_string();
            blocs_from_csv(&read_text(path)?, &label, &data.countries)?
        }
        // The UNGA ideal points `chainlens risk` uses, from the reference data directory.
        (None, Some(_)) => file.ideal_point_blocs(
            &request.toml,
            &request.label,
            &data.countries,
            &chainlens_ingest::reference::ReferenceDir::from_env().ideal_points()?,
        )?,
        (None, None) => Vec::new(),
    };
    let mut scenario =
        file.check_with_blocs(&request.toml, &request.label, &data.countries, blocs)?;
    if let Some(path) = &request.pair_costs {
        if scenario.levels.is_none() && scenario.baseline == Baseline::Observed {
            let message = "the scenario starts from the observed flows, where pair costs do not enter\nhint: set baseline = \"fitted\" in [scenario]";
            return Err(EngineError::request("--pair-costs", message));
        }
        let label = path.display().to_string();
        scenario.pair_costs = Some(pair_costs_from_csv(
            &read_text(path)?,
            &label,
            &data.countries,
        )?);
    }
    let result = run(&data, &scenario)?;
    let n = result.countries.len();
    let bloc_of = |i: usize| {
        scenario
            .blocs
            .iter()
            .find(|b| b.members.contains(&i))
            .map_or(String::new(), |b| b.name.clone())
    };
    let countries: Vec<GeCountryRow> = (0..n)
        .map(|i| {
            let e = &result.effects[i];
            GeCountryRow {
                iso3: result.countries[i].clone(),
                bloc: bloc_of(i),
                welfare_change_pct: pct(e.welfare),
                conditional_welfare_change_pct: pct(e.conditional_welfare),
                price_change_pct: pct(e.price),
                imr_change_pct: pct(e.imr),
                omr_change_pct: pct(e.omr),
                expenditure_change_pct: pct(e.expenditure),
                exports_before: e.exports_before,
                exports_after: e.exports_after,
                exports_change_pct: pct(e.exports_after / e.exports_before),
                domestic_share_before: e.domestic_share_before,
                domestic_share_after: e.domestic_share_after,
            }
        })
        .collect();
    let bilateral = (0..n * n)
        .map(|k| GePairRow {
            exporter: result.countries[k / n].clone(),
            importer: result.countries[k % n].clone(),
            cost_change: result.phi[k],
            trade_before: result.trade_before[k],
            trade_after: result.trade_after[k],
            trade_change_pct: pct(result.trade_after[k] / result.trade_before[k]),
        })
        .collect();
    Ok(GeResult {
        name: scenario.name.clone(),
        year: scenario.year,
        theta: scenario.theta,
        model: if scenario.levels.is_some() {
            "levels"
        } else {
            "hat"
        }
        .into(),
        // The levels model holds expenditure proportional to output (gegravity's rule).
        deficits: match (&scenario.levels, scenario.deficits) {
            (Some(_), _) | (None, Deficits::Multiplicative) => "multiplicative",
            (None, Deficits::Additive) => "additive",
        }
        .into(),
        iterations: result.iterations,
        blocs: bloc_rows(&scenario, &result, &countries),
        countries,
        bilateral,
    })
}

/// Each bloc's, the unaligned countries' and the world's totals.
fn bloc_rows(
    scenario: &GeScenario,
    result: &chainlens_gravity::Counterfactual,
    rows: &[GeCountryRow],
) -> Vec<GeBlocRow> {
    let n = result.countries.len();
    let expenditure = |i: usize| (0..n).map(|k| result.trade_before[k * n + i]).sum::<f64>();
    let total = |name: &str, members: &[usize]| {
        let weight: f64 = members.iter().map(|&i| expenditure(i)).sum();
        let welfare: f64 = members
            .iter()
            .map(|&i| expenditure(i) * result.effects[i].welfare)
            .sum::<f64>()
            / weight;
        let before: f64 = members
            .iter()
            .map(|&i| result.effects[i].exports_before)
            .sum();
        let after: f64 = members
            .iter()
            .map(|&i| result.effects[i].exports_after)
            .sum();
        let loser = members.iter().min_by(|&&a, &&b| {
            rows[a]
                .welfare_change_pct
                .total_cmp(&rows[b].welfare_change_pct)
        });
        GeBlocRow {
            bloc: name.into(),
            countries: members.len(),
            welfare_change_pct: pct(welfare),
            exports_change_pct: pct(after / before),
            largest_loser: loser.map_or(String::new(), |&i| rows[i].iso3.clone()),
        }
    };
    let mut out: Vec<GeBlocRow> = scenario
        .blocs
        .iter()
        .map(|b| total(&b.name, &b.members))
        .collect();
    let outside: Vec<usize> = (0..n).filter(|&i| rows[i].bloc.is_empty()).collect();
    if !outside.is_empty() && !scenario.blocs.is_empty() {
        out.push(total("outside any bloc", &outside));
    }
    out.push(total("world", &(0..n).collect::<Vec<_>>()));
    out
}
