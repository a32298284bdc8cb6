//! The multi-sector general equilibrium with input-output linkages (METHODS §3, bloc
//! fragmentation; Caliendo & Parro 2015): [`GeIoRequest`] -> [`GeIoResult`], a `ge-io`
//! scenario file solved on the session's input-output table (or on its no-deficit
//! equilibrium), by country (welfare and its terms-of-trade / volume-of-trade / trade-cost
//! decomposition, tariff revenue, the one-sector model's welfare beside it),
//! by bloc, by country-sector and by pair, with both models' convergence and what
//! calibration did with the table. The analyses are `chainlens-gravity`'s.

use crate::error::{EngineError, Result, read_text};
use crate::session::Session;
use crate::table::Table;
use chainlens_gravity::blocs::blocs_from_csv;
use chainlens_gravity::calibration::IoBaseline;
use chainlens_gravity::caliendo_parro::{CpOptions, CpSolution, remove_deficits};
use chainlens_gravity::elasticities::{caliendo_parro_2015, elasticities_from_csv};
use chainlens_gravity::error::GravityError;
use chainlens_gravity::io_counterfactual::{IoCounterfactual, run_io};
use chainlens_gravity::io_scenario::{
    DeficitBaseline, ElasticityChoice, GeIoScenario, GeIoScenarioFile,
};
use chainlens_gravity::scenario::Bloc;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// `chainlens gravity ge-io`: a scenario file run in the Caliendo-Parro model on the
/// session's input-output table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GeIoRequest {
    /// The scenario file's text (TOML, see `chainlens_gravity::io_scenario`).
    pub toml: String,
    /// The scenario file's name in errors.
    pub label: String,
    /// A CSV of blocs (`iso3,bloc`) the scenario's changes can name besides its own.
    pub blocs: Option<PathBuf>,
    /// A CSV of sector elasticities (`sector,theta`), in place of the scenario's.
    pub elasticities: Option<PathBuf>,
}

impl GeIoRequest {
    /// Checks the TOML syntax and schema before any table is read.
    pub fn parse(&self) -> Result<GeIoScenarioFile> {
        Ok(GeIoScenarioFile::parse(&self.toml, &self.label)?)
    }
}

/// One country's effects (`countries.csv`), changes in percent; the decomposition in log
/// points x 100 (`welfare = terms_of_trade + volume_of_trade + trade_cost + residual` in
/// `100 ln W`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GeIoCountryRow {
    /// Country code.
    pub iso3: String,
    /// Its bloc in the scenario (empty when in none).
    pub bloc: String,
    /// Welfare (real income) change, %.
    pub welfare_change_pct: f64,
    /// `100 ln W`, the welfare change in log points.
    pub welfare_log_points: f64,
    /// Terms-of-trade effect, log points.
    pub terms_of_trade: f64,
    /// Volume-of-trade effect (tariff revenue as import volumes move), log points.
    pub volume_of_trade: f64,
    /// Direct iceberg trade-cost effect on the import bill, log points.
    pub trade_cost: f64,
    /// What the second-order decomposition leaves, log points.
    pub decomposition_residual: f64,
    /// Welfare change in the one-sector model of the same shock, %.
    pub one_sector_welfare_change_pct: f64,
    /// `ln W` over the one-sector `ln W`: the amplification through input-output linkages;
    /// none when the one-sector welfare does not change (the ratio is undefined).
    pub amplification: Option<f64>,
    /// Real wage change, %.
    pub real_wage_change_pct: f64,
    /// Wage (value-added price) change, %.
    pub wage_change_pct: f64,
    /// Consumer price index change, %.
    pub price_index_change_pct: f64,
    /// Income (final demand) change, %.
    pub income_change_pct: f64,
    /// Tariff revenue after, in the table's unit (zero before).
    pub tariff_revenue: f64,
    /// Value added of the baseline, in the table's unit.
    pub value_added: f64,
    /// Deficit `D = I - VA` of the baseline, held fixed (zero when removed).
    pub deficit: f64,
    /// Foreign sales (intermediate and final) before.
    pub exports_before: f64,
    /// Foreign sales after, at producers' prices.
    pub exports_after: f64,
    /// Foreign sales change, %.
    pub exports_change_pct: f64,
    /// Share of absorption bought at home, before.
    pub domestic_share_before: f64,
    /// The same after.
    pub domestic_share_after: f64,
}

/// One country-sector's effects (`sectors.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GeIoSectorRow {
    /// Country code.
    pub iso3: String,
    /// Sector code.
    pub sector: String,
    /// Its trade elasticity.
    pub theta: f64,
    /// Output before.
    pub output_before: f64,
    /// Output after.
    pub output_after: f64,
    /// Output change, % (NaN for inactive sectors).
    pub output_change_pct: f64,
    /// Sector price index change, %.
    pub price_change_pct: f64,
    /// Input-bundle cost change, %.
    pub cost_change_pct: f64,
    /// Foreign sales before.
    pub exports_before: f64,
    /// Foreign sales after, at producers' prices.
    pub exports_after: f64,
    /// Foreign sales change, %.
    pub exports_change_pct: f64,
    /// Share of the country's absorption of the sector bought at home, before.
    pub domestic_share_before: f64,
    /// The same after.
    pub domestic_share_after: f64,
}

/// One pair's flows, all sectors together (`bilateral.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GeIoPairRow {
    /// Exporter.
    pub exporter: String,
    /// Importer.
    pub importer: String,
    /// Trade-weighted mean iceberg cost factor `exp(sum_j M ln d / sum_j M)`.
    pub cost_factor: f64,
    /// Trade-weighted mean ad valorem tariff `exp(sum_j M ln(1 + tau) / sum_j M) - 1`.
    pub tariff: f64,
    /// Flow before.
    pub trade_before: f64,
    /// Flow after, at producers' prices.
    pub trade_after: f64,
    /// Change, %.
    pub trade_change_pct: f64,
    /// Change in the one-sector model, %.
    pub one_sector_trade_change_pct: f64,
}

/// One bloc's totals (`blocs.csv`), weighted by baseline income; `world` last.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GeIoBlocRow {
    /// Bloc name, `outside any bloc`, or `world`.
    pub bloc: String,
    /// Member countries.
    pub countries: usize,
    /// Welfare change, %.
    pub welfare_change_pct: f64,
    /// The one-sector model's, %.
    pub one_sector_welfare_change_pct: f64,
    /// Ratio of the two log changes; none when the one-sector welfare does not change.
    pub amplification: Option<f64>,
    /// Foreign sales change of the members together, %.
    pub exports_change_pct: f64,
    /// Member with the largest welfare loss (or smallest gain).
    pub largest_loser: String,
}

/// How each model converged (`convergence.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GeIoConvergenceRow {
    /// `no-deficit baseline` (with `deficits = "removed"`), `caliendo-parro` or `one-sector`.
    pub model: String,
    /// Outer (wage) iterations.
    pub iterations: usize,
    /// Price and absorption sweeps.
    pub inner_sweeps: usize,
    /// Last relative excess demand for value added.
    pub residual: f64,
    /// The stopping tolerance.
    pub tolerance: f64,
    /// The elasticity (one-sector: the absorption-weighted mean).
    pub theta: String,
}

/// What calibration did with the table (`calibration.csv`, one row).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GeIoCalibrationRow {
    /// The table.
    pub table: String,
    /// Country-sectors.
    pub country_sectors: usize,
    /// Inventory final-demand columns dropped.
    pub inventory_columns_dropped: usize,
    /// Their net value.
    pub inventory_value: f64,
    /// Negative final-demand cells set to zero.
    pub negative_final_cells: usize,
    /// Their value.
    pub negative_final_value: f64,
    /// Country-sectors whose inputs exceeded sales, balanced by own final demand, with the amount.
    pub balanced: String,
    /// Country-sectors with zero output.
    pub inactive: usize,
}

/// The result of [`Session::ge_io`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GeIoResult {
    /// Scenario name.
    pub name: String,
    /// Where the elasticities come from.
    pub elasticities: String,
    /// `fixed` (the table's deficits) or `removed` (changes relative to the no-deficit
    /// equilibrium).
    pub deficits: String,
    /// With `removed`: world welfare change from the table to the no-deficit baseline, %.
    pub no_deficit_world_welfare_change_pct: Option<f64>,
    /// By country, in the table's order.
    pub countries: Vec<GeIoCountryRow>,
    /// By bloc, then the world.
    pub blocs: Vec<GeIoBlocRow>,
    /// By country-sector (not in the JSON document: large).
    #[serde(skip)]
    pub sectors: Vec<GeIoSectorRow>,
    /// By pair, row-major (not in the JSON document: large).
    #[serde(skip)]
    pub bilateral: Vec<GeIoPairRow>,
    /// Both models' convergence.
    pub convergence: Vec<GeIoConvergenceRow>,
    /// The calibration's handling of the table.
    pub calibration: GeIoCalibrationRow,
}

impl GeIoResult {
    /// `countries`, `blocs`, `sectors`, `bilateral`, `convergence` and `calibration`.
    pub fn tables(&self) -> Vec<Table> {
        vec![
            Table::from_rows("countries", &self.countries),
            Table::from_rows("blocs", &self.blocs),
            Table::from_rows("sectors", &self.sectors),
            Table::from_rows("bilateral", &self.bilateral),
            Table::from_rows("convergence", &self.convergence),
            Table::from_rows("calibration", std::slice::from_ref(&self.calibration)),
        ]
    }
}

fn pct(ratio: f64) -> f64 {
    100.0 * (ratio - 1.0)
}

impl Session {
    /// Runs `chainlens gravity ge-io` on the session's table.
    pub fn ge_io(&self, request: &GeIoRequest) -> Result<GeIoResult> {
        let file = request.parse()?;
        let data = self.table_data()?;
        let table = &data.table;
        let base = IoBaseline::from_table(table, &data.label)?;
        let mut order: Vec<usize> = (0..table.n_countries()).collect();
        order.sort_by(|&a, &b| table.countries[a].cmp(&table.countries[b]));
        let sorted: Vec<String> = order.iter().map(|&c| table.countries[c].clone()).collect();
        let blocs = outside_blocs(request, &file, &sorted)?;
        let scenario = file.check(
            &request.toml,
            &request.label,
            &sorted,
            &table.sectors,
            blocs,
        )?;
        let (theta, source) = elasticities(request, &scenario, &table.sectors)?;
        let (base, removal) = match scenario.deficits {
            DeficitBaseline::Fixed => (base, None),
            DeficitBaseline::Removed => {
                let (balanced, removal) = remove_deficits(&base, &theta, CpOptions::default())?;
                (balanced, Some((removal, base.income)))
            }
        };
        let run = run_io(&base, &scenario, &order, theta.clone())
            .map_err(|e| blame_elasticities(e, request, &theta, &table.sectors))?;
        let bloc_of = bloc_names(&scenario, &order);
        let countries = country_rows(&base, &run, &bloc_of);
        Ok(GeIoResult {
            name: scenario.name.clone(),
            elasticities: source,
            deficits: match scenario.deficits {
                DeficitBaseline::Fixed => "fixed".into(),
                DeficitBaseline::Removed => "removed".into(),
            },
            no_deficit_world_welfare_change_pct: removal
                .as_ref()
                .map(|(r, income)| pct(income_weighted(income, &r.welfare))),
            blocs: bloc_rows(&base, &run, &scenario, &order, &countries),
            sectors: sector_rows(&base, &run),
            bilateral: pair_rows(&base, &run),
            convergence: convergence_rows(&run, removal.as_ref().map(|(r, _)| r)),
            calibration: calibration_row(&base, &data.label),
            countries,
        })
    }
}

/// `sum_n I_n W_n / sum_n I_n`.
fn income_weighted(income: &[f64], welfare: &[f64]) -> f64 {
    income.iter().zip(welfare).map(|(i, w)| i * w).sum::<f64>() / income.iter().sum::<f64>()
}

/// Blocs from `--blocs` or `[ideal_points]`, on the sorted codes.
fn outside_blocs(
    request: &GeIoRequest,
    file: &GeIoScenarioFile,
    sorted: &[String],
) -> Result<Vec<Bloc>> {
    match (&request.blocs, &file.ideal_points) {
        (Some(_), Some(_)) => Err(EngineError::request(
            "--blocs",
            "give blocs as a CSV list or as [ideal_points] in the scenario, not both",
        )),
        (Some(path), None) => {
            let label = path.display().to_string();
            Ok(blocs_from_csv(&read_text(path)?, &label, sorted)?)
        }
        (None, Some(ip)) => Ok(ip.blocs(
            &request.toml,
            &request.label,
            sorted,
            &chainlens_ingest::reference::ReferenceDir::from_env().ideal_points()?,
        )?),
        (None, None) => Ok(Vec::new()),
    }
}

/// The elasticities by sector and where they come from.
fn elasticities(
    request: &GeIoRequest,
    scenario: &GeIoScenario,
    sectors: &[String],
) -> Result<(Vec<f64>, String)> {
    if let Some(path) = &request.elasticities {
        let label = path.display().to_string();
        let theta = elasticities_from_csv(&read_text(path)?, &label, sectors)?;
        return Ok((theta, label));
    }
    Ok(match scenario.elasticities {
        ElasticityChoice::Uniform(t) => (vec![t; sectors.len()], format!("uniform {t}")),
        ElasticityChoice::CaliendoParro2015 => (
            caliendo_parro_2015(sectors, chainlens_exposure::industries::sector_divisions)?,
            "caliendo-parro-2015".to_string(),
        ),
    })
}

/// `ln_w / ln_one`, none when the one-sector welfare does not change: a scenario that moves
/// no cost (a zero tariff) gave 0 / 0 = NaN.
fn amplification(ln_w: f64, ln_one: f64) -> Option<f64> {
    (ln_one != 0.0).then(|| ln_w / ln_one)
}

/// A solve that is not finite, located in the elasticity file at its largest theta when
/// the elasticities came from one.
fn blame_elasticities(
    e: GravityError,
    request: &GeIoRequest,
    theta: &[f64],
    sectors: &[String],
) -> GravityError {
    match (&e, &request.elasticities) {
        (GravityError::NotFinite { .. }, Some(path)) => {
            let (k, largest) = theta
                .iter()
                .enumerate()
                .fold((0, 0.0), |m, (k, &t)| if t > m.1 { (k, t) } else { m });
            GravityError::Estimation {
                file: path.display().to_string(),
                message: format!(
                    "sector `{}`: theta {largest}: {e}",
                    sectors.get(k).map_or("", String::as_str)
                ),
            }
        }
        _ => e,
    }
}

/// Each table country's bloc name (empty when in none).
fn bloc_names(scenario: &GeIoScenario, order: &[usize]) -> Vec<String> {
    let mut names = vec![String::new(); order.len()];
    for bloc in &scenario.blocs {
        for &k in &bloc.members {
            names[order[k]] = bloc.name.clone();
        }
    }
    names
}

/// Foreign sales and the domestic share of absorption of country `c` in `purchases`,
/// over the sectors `sectors`.
fn trade_of(purchases: &[f64], n: usize, c: usize, sectors: std::ops::Range<usize>) -> (f64, f64) {
    let (mut exports, mut home, mut total) = (0.0, 0.0, 0.0);
    for j in sectors {
        for m in (0..n).filter(|&m| m != c) {
            exports += purchases[(j * n + m) * n + c];
        }
        let row = &purchases[(j * n + c) * n..(j * n + c + 1) * n];
        home += row[c];
        total += row.iter().sum::<f64>();
    }
    (exports, if total > 0.0 { home / total } else { f64::NAN })
}

fn country_rows(
    base: &IoBaseline,
    run: &IoCounterfactual,
    bloc_of: &[String],
) -> Vec<GeIoCountryRow> {
    let (n, s) = (base.n(), base.s());
    let sol = &run.solution;
    (0..n)
        .map(|c| {
            let (exports_before, share_before) = trade_of(&base.purchases, n, c, 0..s);
            let (exports_after, _) = trade_of(&sol.sales, n, c, 0..s);
            let (_, share_after) = trade_of(&sol.purchases, n, c, 0..s);
            let ln_w = sol.welfare[c].ln();
            let parts = sol.terms_of_trade[c] + sol.volume_of_trade[c] + sol.trade_cost[c];
            let one = run.one_sector.welfare[c];
            GeIoCountryRow {
                iso3: base.countries[c].clone(),
                bloc: bloc_of[c].clone(),
                welfare_change_pct: pct(sol.welfare[c]),
                welfare_log_points: 100.0 * ln_w,
                terms_of_trade: 100.0 * sol.terms_of_trade[c],
                volume_of_trade: 100.0 * sol.volume_of_trade[c],
                trade_cost: 100.0 * sol.trade_cost[c],
                decomposition_residual: 100.0 * (ln_w - parts),
                one_sector_welfare_change_pct: pct(one),
                amplification: amplification(ln_w, one.ln()),
                real_wage_change_pct: pct(sol.real_wage[c]),
                wage_change_pct: pct(sol.wages[c]),
                price_index_change_pct: pct(sol.price_index[c]),
                income_change_pct: pct(sol.income[c]),
                tariff_revenue: sol.tariff_revenue[c],
                value_added: base.value_added[c],
                deficit: base.deficits[c],
                exports_before,
                exports_after,
                exports_change_pct: pct(exports_after / exports_before),
                domestic_share_before: share_before,
                domestic_share_after: share_after,
            }
        })
        .collect()
}

fn sector_rows(base: &IoBaseline, run: &IoCounterfactual) -> Vec<GeIoSectorRow> {
    let (n, s) = (base.n(), base.s());
    let sol = &run.solution;
    (0..n * s)
        .map(|r| {
            let (c, j) = (r / s, r % s);
            let (exports_before, share_before) = trade_of(&base.purchases, n, c, j..j + 1);
            let (exports_after, _) = trade_of(&sol.sales, n, c, j..j + 1);
            let (_, share_after) = trade_of(&sol.purchases, n, c, j..j + 1);
            GeIoSectorRow {
                iso3: base.countries[c].clone(),
                sector: base.sectors[j].clone(),
                theta: run.shock.theta[j],
                output_before: base.output[r],
                output_after: sol.output[r],
                output_change_pct: pct(sol.output[r] / base.output[r]),
                price_change_pct: pct(sol.prices[r]),
                cost_change_pct: pct(sol.costs[r]),
                exports_before,
                exports_after,
                exports_change_pct: pct(exports_after / exports_before),
                domestic_share_before: share_before,
                domestic_share_after: share_after,
            }
        })
        .collect()
}

fn pair_rows(base: &IoBaseline, run: &IoCounterfactual) -> Vec<GeIoPairRow> {
    let (n, s) = (base.n(), base.s());
    let [mut before, mut after, mut ln_kappa, mut ln_tariff] =
        [0, 1, 2, 3].map(|_| vec![0.0; n * n]);
    for j in 0..s {
        for m in 0..n {
            for i in 0..n {
                let k = (j * n + m) * n + i;
                before[i * n + m] += base.purchases[k];
                after[i * n + m] += run.solution.sales[k];
                ln_kappa[i * n + m] += base.purchases[k] * run.shock.kappa[k].ln();
                ln_tariff[i * n + m] += base.purchases[k] * run.shock.tariff(k).ln_1p();
            }
        }
    }
    let mean = |sum: &[f64], k: usize| {
        if before[k] > 0.0 {
            (sum[k] / before[k]).exp()
        } else {
            1.0
        }
    };
    let one = run.one_sector_trade_after();
    (0..n * n)
        .map(|k| GeIoPairRow {
            exporter: base.countries[k / n].clone(),
            importer: base.countries[k % n].clone(),
            cost_factor: mean(&ln_kappa, k),
            tariff: mean(&ln_tariff, k) - 1.0,
            trade_before: before[k],
            trade_after: after[k],
            trade_change_pct: pct(after[k] / before[k]),
            one_sector_trade_change_pct: pct(one[k] / run.one_sector_trade[k]),
        })
        .collect()
}

fn bloc_rows(
    base: &IoBaseline,
    run: &IoCounterfactual,
    scenario: &GeIoScenario,
    order: &[usize],
    rows: &[GeIoCountryRow],
) -> Vec<GeIoBlocRow> {
    let total = |name: &str, members: &[usize]| {
        let weight: f64 = members.iter().map(|&c| base.income[c]).sum();
        let mean = |w: &[f64]| members.iter().map(|&c| base.income[c] * w[c]).sum::<f64>() / weight;
        let (welfare, one) = (mean(&run.solution.welfare), mean(&run.one_sector.welfare));
        let before: f64 = members.iter().map(|&c| rows[c].exports_before).sum();
        let after: f64 = members.iter().map(|&c| rows[c].exports_after).sum();
        let loser = members.iter().min_by(|&&a, &&b| {
            rows[a]
                .welfare_change_pct
                .total_cmp(&rows[b].welfare_change_pct)
        });
        GeIoBlocRow {
            bloc: name.into(),
            countries: members.len(),
            welfare_change_pct: pct(welfare),
            one_sector_welfare_change_pct: pct(one),
            amplification: amplification(welfare.ln(), one.ln()),
            exports_change_pct: pct(after / before),
            largest_loser: loser.map_or(String::new(), |&c| rows[c].iso3.clone()),
        }
    };
    let mut out: Vec<GeIoBlocRow> = scenario
        .blocs
        .iter()
        .map(|b| {
            let members: Vec<usize> = b.members.iter().map(|&k| order[k]).collect();
            total(&b.name, &members)
        })
        .collect();
    let outside: Vec<usize> = (0..rows.len())
        .filter(|&c| rows[c].bloc.is_empty())
        .collect();
    if !outside.is_empty() && !scenario.blocs.is_empty() {
        out.push(total("outside any bloc", &outside));
    }
    out.push(total("world", &(0..rows.len()).collect::<Vec<_>>()));
    out
}

fn convergence_rows(
    run: &IoCounterfactual,
    removal: Option<&CpSolution>,
) -> Vec<GeIoConvergenceRow> {
    let theta = |t: &[f64]| {
        let (lo, hi) = t
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(a, b), x| (a.min(*x), b.max(*x)));
        if lo == hi {
            format!("{lo}")
        } else {
            format!("{lo}-{hi} by sector")
        }
    };
    let row = |model: &str, sol: &CpSolution, theta: String| GeIoConvergenceRow {
        model: model.into(),
        iterations: sol.iterations,
        inner_sweeps: sol.inner_sweeps,
        residual: sol.residual,
        tolerance: CpOptions::default().tolerance,
        theta,
    };
    let mut rows: Vec<GeIoConvergenceRow> = removal
        .map(|r| row("no-deficit baseline", r, theta(&run.shock.theta)))
        .into_iter()
        .collect();
    rows.push(row(
        "caliendo-parro",
        &run.solution,
        theta(&run.shock.theta),
    ));
    rows.push(row(
        "one-sector",
        &run.one_sector,
        format!("{}", run.one_sector_theta),
    ));
    rows
}

fn calibration_row(base: &IoBaseline, label: &str) -> GeIoCalibrationRow {
    let r = &base.report;
    GeIoCalibrationRow {
        table: label.into(),
        country_sectors: base.n() * base.s(),
        inventory_columns_dropped: r.inventory_columns,
        inventory_value: r.inventory_value,
        negative_final_cells: r.negative_final_cells,
        negative_final_value: r.negative_final_value,
        balanced: r
            .balanced
            .iter()
            .map(|(l, v)| format!("{l} {v}"))
            .collect::<Vec<_>>()
            .join("; "),
        inactive: r.inactive.len(),
    }
}
