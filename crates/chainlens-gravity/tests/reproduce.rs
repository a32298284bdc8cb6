//! Reproductions of published and stored reference results, read in place from
//! `../shared/data` (a missing file fails the test): Zylkin's `ge_gravity`
//! EU-enlargement welfare, gegravity 0.3's CAN-JPN agreement, and the Advanced Guide's
//! chapter 2 estimates.

use chainlens_gravity::hat::{Deficits, HatOptions, solve};
use chainlens_gravity::levels::{LevelsInput, fitted_flows, solve_levels};
use chainlens_gravity::scenario::GeScenarioFile;
use chainlens_gravity::{ColumnNames, FixedEffect, GravityData, PpmlOptions, estimate, run};
use std::collections::BTreeMap;

fn shared(path: &str) -> String {
    let full = format!("{}/../../../shared/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full} (../shared/data): {e}"))
}

/// Rows of a small CSV as maps from header to cell.
fn rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn num(row: &BTreeMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key}: {}", row[key]))
}

#[test]
fn zylkin_eu_enlargement_welfare_all_44_countries() {
    let text = shared("gravity-zylkin-eu/TradeData0014_Results.csv");
    let vars = ["new_eu_pair".to_string()];
    let data = GravityData::from_csv(&text, "results", &ColumnNames::default(), &vars).unwrap();
    let world = data.world(2000).unwrap();
    let new_eu = data.var("new_eu_pair").unwrap();
    let rows_2000 = data.pair_rows(2000);
    let phi: Vec<f64> = rows_2000
        .iter()
        .map(|r| (0.224249 * new_eu[r.unwrap()]).exp())
        .collect();
    let expected = rows(&shared("gravity-zylkin-eu/expected_welfare_2000.csv"));
    assert_eq!(expected.len(), 44);
    for (deficits, column) in [
        (Deficits::Additive, "w_eu"),
        (Deficits::Multiplicative, "w_mult"),
    ] {
        let opts = HatOptions {
            theta: 4.0,
            deficits,
            ..Default::default()
        };
        let s = solve(&world.trade, &phi, opts).unwrap();
        let mut max = 0f64;
        for row in &expected {
            let i = world.index(&row["exporter"]).unwrap();
            max = max.max((s.full.welfare[i] - num(row, column)).abs());
        }
        // The stored results are float32 (7 significant digits).
        assert!(max < 1e-6, "{column}: max |diff| {max:e}");
        eprintln!("{column}: max |diff| {max:e}");
    }
}

#[test]
fn gegravity_can_jpn_agreement_every_country_result() {
    let text = shared("gravity-gegravity-sample/sample_data_set.csv");
    let names = [
        "lndist",
        "contiguity",
        "common_language",
        "pta",
        "international",
        "Y",
        "E",
    ];
    let vars: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let data = GravityData::from_csv(&text, "sample", &ColumnNames::default(), &vars).unwrap();
    let coeffs = [-0.3898623, 0.891577, 0.0326249, 0.4711383, -3.412584];
    let constant = 16.32434;
    let rows_2006 = data.pair_rows(2006);
    let n = data.countries.len();
    let can = data.countries.iter().position(|c| c == "CAN").unwrap();
    let jpn = data.countries.iter().position(|c| c == "JPN").unwrap();
    let cost = |k: usize, pta: f64| {
        let r = rows_2006[k].unwrap();
        let x = |v: &str| data.var(v).unwrap()[r];
        let xb: f64 = names[..5]
            .iter()
            .zip(coeffs)
            .map(|(v, b)| b * if *v == "pta" { pta } else { x(v) })
            .sum();
        (xb + constant).exp()
    };
    let pta = |k: usize| data.var("pta").unwrap()[rows_2006[k].unwrap()];
    let costs: Vec<f64> = (0..n * n).map(|k| cost(k, pta(k))).collect();
    let costs_new: Vec<f64> = (0..n * n)
        .map(|k| {
            let (i, j) = (k / n, k % n);
            let agreement = (i == can && j == jpn) || (i == jpn && j == can);
            cost(k, if agreement { 1.0 } else { pta(k) })
        })
        .collect();
    let output: Vec<f64> = (0..n)
        .map(|i| data.var("Y").unwrap()[rows_2006[i * n].unwrap()])
        .collect();
    let expenditure: Vec<f64> = (0..n)
        .map(|j| data.var("E").unwrap()[rows_2006[j].unwrap()])
        .collect();
    let deu = data.countries.iter().position(|c| c == "DEU").unwrap();
    let s = solve_levels(&LevelsInput {
        costs: &costs,
        costs_new: &costs_new,
        output: &output,
        expenditure: &expenditure,
        reference: deu,
        sigma: 5.0,
    })
    .unwrap();
    let expected = rows(&shared(
        "gravity-gegravity-sample/CAN_JPN_PTA_experiment_country_results.csv",
    ));
    let pct = |new: f64, old: f64| 100.0 * (new - old) / old;
    let (mut worst_level, mut worst_pct) = ((0f64, String::new()), (0f64, String::new()));
    for row in &expected {
        let i = data.countries.iter().position(|c| *c == row[""]).unwrap();
        let (p_old, p_new) = (s.baseline.imr[i], s.experiment.imr[i]);
        let foreign = |t: &[f64], exports: bool| -> f64 {
            (0..n)
                .filter(|&j| j != i)
                .map(|j| if exports { t[i * n + j] } else { t[j * n + i] })
                .sum()
        };
        let gdp_old = output[i] / p_old;
        let gdp_new = s.output[i] / p_new;
        let levels = [
            ("baseline imr", p_old),
            ("experiment imr", p_new),
            ("baseline omr", s.baseline.omr[i]),
            ("experiment omr", s.experiment.omr[i]),
            (
                "welfare statistic",
                (expenditure[i] / p_old) / (s.expenditure[i] / p_new),
            ),
            ("experiment output", s.output[i]),
            ("experiment expenditure", s.expenditure[i]),
            (
                "baseline modeled foreign exports",
                foreign(&s.baseline.trade, true),
            ),
            (
                "experiment foreign exports",
                foreign(&s.experiment.trade, true),
            ),
            (
                "baseline modeled foreign imports",
                foreign(&s.baseline.trade, false),
            ),
            (
                "experiment foreign imports",
                foreign(&s.experiment.trade, false),
            ),
            (
                "baseline modeled intranational trade",
                s.baseline.trade[i * n + i],
            ),
            (
                "experiment modeled intranational trade",
                s.experiment.trade[i * n + i],
            ),
        ];
        for (key, value) in levels {
            let want = num(row, key);
            let rel = ((value - want) / want).abs();
            if rel > worst_level.0 {
                worst_level = (rel, format!("{} {key}: {value} vs {want}", row[""]));
            }
        }
        let changes = [
            (
                "factory gate price change (percent)",
                100.0 * (s.prices[i] - 1.0),
            ),
            ("imr change (percent)", pct(p_new, p_old)),
            (
                "omr change (percent)",
                pct(s.experiment.omr[i], s.baseline.omr[i]),
            ),
            ("GDP change (percent)", pct(gdp_new, gdp_old)),
            ("output change (percent)", pct(s.output[i], output[i])),
            (
                "expenditure change (percent)",
                pct(s.expenditure[i], expenditure[i]),
            ),
            (
                "foreign exports change (percent)",
                pct(
                    foreign(&s.experiment.trade, true),
                    foreign(&s.baseline.trade, true),
                ),
            ),
            (
                "foreign imports change (percent)",
                pct(
                    foreign(&s.experiment.trade, false),
                    foreign(&s.baseline.trade, false),
                ),
            ),
        ];
        for (key, value) in changes {
            let diff = (value - num(row, key)).abs();
            if diff > worst_pct.0 {
                worst_pct = (diff, format!("{} {key}: {value} vs {}", row[""], row[key]));
            }
        }
    }
    // Levels to 1e-6 relative. Percentage changes near zero (HKG's GDP -0.001 %) inherit
    // gegravity's solver error (~2e-9 relative on its baseline resistances), so they are
    // compared in percentage points, to 1e-6.
    eprintln!(
        "levels: worst relative difference {:e}: {}",
        worst_level.0, worst_level.1
    );
    eprintln!(
        "changes: worst difference {:e} points: {}",
        worst_pct.0, worst_pct.1
    );
    assert!(worst_level.0 < 1e-6, "{}", worst_level.1);
    assert!(worst_pct.0 < 1e-6, "{}", worst_pct.1);
}

/// statsmodels 0.14.6 GLM Poisson with exporter and importer dummies, `tol=1e-12`,
/// standard errors clustered by pair with the G/(G-1) factor (reference/gravity/).
const TRADE_WITHOUT_BORDERS: [(&str, f64, f64); 5] = [
    ("ln_DIST", -0.7945198135442293, 0.05966046234382955),
    ("CNTG", 0.5365061358622082, 0.14889248634758762),
    ("LANG", 0.3495390362068549, 0.12447446912766143),
    ("CLNY", -0.02113930055783893, 0.1025986462854924),
    ("INTL_BRDR", -2.500265319917672, 0.14827199117562512),
];

#[test]
fn guide_chapter_2_trade_without_borders_estimate() {
    let text = shared("gravity-agtpa-2016/ch2_app1_trade_without_border_2006.csv");
    let vars: Vec<String> = TRADE_WITHOUT_BORDERS
        .iter()
        .map(|v| v.0.to_string())
        .collect();
    let data = GravityData::from_csv(&text, "app1", &ColumnNames::default(), &vars).unwrap();
    let fe = [FixedEffect::ExporterYear, FixedEffect::ImporterYear];
    let fit = estimate(&data, &fe, &vars, PpmlOptions::default()).unwrap();
    assert_eq!(fit.observations, 4761);
    for ((name, b, se), c) in TRADE_WITHOUT_BORDERS.iter().zip(&fit.coefficients) {
        assert_eq!(c.variable, *name);
        assert!(
            (c.estimate - b).abs() < 1e-8,
            "{name}: {} vs {b}",
            c.estimate
        );
        assert!(
            (c.std_error - se).abs() < 1e-6 * se,
            "{name}: {} vs {se}",
            c.std_error
        );
    }
}

/// `baseline = "fitted"` starts from the flows PPML fits: the Sinkhorn scaling of the
/// estimated costs to each country's output and expenditure is the regression's own fit.
#[test]
fn guide_chapter_2_fitted_baseline_is_the_ppml_fit() {
    let text = shared("gravity-agtpa-2016/ch2_app1_trade_without_border_2006.csv");
    let vars: Vec<String> = TRADE_WITHOUT_BORDERS
        .iter()
        .map(|v| v.0.to_string())
        .collect();
    let data = GravityData::from_csv(&text, "app1", &ColumnNames::default(), &vars).unwrap();
    let fe = [FixedEffect::ExporterYear, FixedEffect::ImporterYear];
    let fit = estimate(&data, &fe, &vars, PpmlOptions::default()).unwrap();
    let rows: Vec<usize> = data.pair_rows(2006).into_iter().flatten().collect();
    let costs: Vec<f64> = rows
        .iter()
        .map(|&r| {
            let xb: f64 = fit
                .coefficients
                .iter()
                .map(|c| c.estimate * data.var(&c.variable).unwrap()[r])
                .sum();
            xb.exp()
        })
        .collect();
    let world = data.world(2006).unwrap();
    let flows = fitted_flows(&costs, &world.output(), &world.expenditure()).unwrap();
    let worst = rows
        .iter()
        .zip(&flows)
        .map(|(&r, f)| (f / fit.fitted[r] - 1.0).abs())
        .fold(0.0, f64::max);
    assert!(worst < 1e-7, "{worst}");
}

/// 28,566 rows and 5,600 fixed effects: about 4 s unoptimised, 0.4 s in release.
#[test]
fn guide_chapter_2_nafta_rta_estimate_with_pair_effects() {
    // pyfixest 0.60.0 `fepois("trade ~ RTA | exp_year + imp_year + pair")`, fixef_tol and
    // iwls_tol 1e-12, on the Guide's four-year panel: 0.5671055322869699, 330 separated.
    let text = shared("gravity-agtpa-2016/ch2_app2_rta_panel_1986_2006.csv");
    let vars = vec!["RTA".to_string()];
    let data = GravityData::from_csv(&text, "app2", &ColumnNames::default(), &vars).unwrap();
    let data = data.keep_years(&[1986, 1990, 1994, 1998, 2002, 2006]);
    let fe = [
        FixedEffect::ExporterYear,
        FixedEffect::ImporterYear,
        FixedEffect::Pair,
    ];
    let fit = estimate(&data, &fe, &vars, PpmlOptions::default()).unwrap();
    assert_eq!((fit.observations, fit.separated), (28_236, 330));
    let rta = &fit.coefficients[0];
    assert!(
        (rta.estimate - 0.5671055322869699).abs() < 1e-8,
        "{}",
        rta.estimate
    );
    eprintln!(
        "RTA {} ({}), {} iterations",
        rta.estimate, rta.std_error, fit.iterations
    );
}

#[test]
fn the_eu_enlargement_example_scenario_reproduces_ge_gravity() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/gravity/eu_enlargement.toml"
    );
    let toml = std::fs::read_to_string(path).unwrap();
    let file = GeScenarioFile::parse(&toml, "eu_enlargement.toml").unwrap();
    let text = shared("gravity-zylkin-eu/TradeData0014.csv");
    let data =
        GravityData::from_csv(&text, "data", &ColumnNames::default(), &file.columns()).unwrap();
    let mut scenario = file
        .check(&toml, "eu_enlargement.toml", &data.countries)
        .unwrap();
    let expected = rows(&shared("gravity-zylkin-eu/expected_welfare_2000.csv"));
    for (deficits, column) in [
        (Deficits::Additive, "w_eu"),
        (Deficits::Multiplicative, "w_mult"),
    ] {
        scenario.deficits = deficits;
        let result = run(&data, &scenario).unwrap();
        let max = expected
            .iter()
            .map(|row| {
                let i = data
                    .countries
                    .iter()
                    .position(|c| *c == row["exporter"])
                    .unwrap();
                (result.effects[i].welfare - num(row, column)).abs()
            })
            .fold(0f64, f64::max);
        assert!(max < 1e-6, "{column}: {max:e}");
    }
}
