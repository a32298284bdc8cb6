//! `chainlens gravity estimate` and `chainlens gravity ge`: the shipped examples on the
//! real data in ../shared/data (read in place; a missing file fails), a hand-checkable
//! two-country world, and the named errors of gravity data and scenario files.

use crate::cli_snapshot;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/gravity");

fn shared(file: &str) -> String {
    let path = format!("{}/../../../shared/data/{file}", env!("CARGO_MANIFEST_DIR"));
    assert!(
        std::path::Path::new(&path).is_file(),
        "{path} (../shared/data) is missing"
    );
    path
}

#[test]
fn eu_enlargement_on_the_zylkin_data() {
    let data = shared("gravity-zylkin-eu/TradeData0014.csv");
    let scenario = format!("{EXAMPLES}/eu_enlargement.toml");
    cli_snapshot!(
        "gravity_ge_eu_enlargement",
        &["gravity", "ge", "--data", &data, "--scenario", &scenario]
    );
}

#[test]
fn us_china_blocs_on_the_zylkin_data() {
    let data = shared("gravity-zylkin-eu/TradeData0014.csv");
    for tariff in ["10", "25"] {
        let scenario = format!("{EXAMPLES}/us_china_blocs_{tariff}.toml");
        cli_snapshot!(
            format!("gravity_ge_us_china_blocs_{tariff}"),
            &["gravity", "ge", "--data", &data, "--scenario", &scenario]
        );
    }
}

#[test]
fn blocs_from_unga_ideal_points_on_the_zylkin_data() {
    let data = shared("gravity-zylkin-eu/TradeData0014.csv");
    let scenario = format!("{EXAMPLES}/unga_blocs_25.toml");
    cli_snapshot!(
        "gravity_ge_unga_blocs_25",
        &["gravity", "ge", "--data", &data, "--scenario", &scenario]
    );
}

#[test]
fn gegravity_can_jpn_with_the_levels_model() {
    let data = shared("gravity-gegravity-sample/sample_data_set.csv");
    let scenario = format!("{EXAMPLES}/gegravity_can_jpn.toml");
    cli_snapshot!(
        "gravity_ge_gegravity_can_jpn",
        &["gravity", "ge", "--data", &data, "--scenario", &scenario]
    );
}

#[test]
fn trade_without_borders_estimate() {
    let data = shared("gravity-agtpa-2016/ch2_app1_trade_without_border_2006.csv");
    cli_snapshot!(
        "gravity_estimate_trade_without_borders",
        &[
            "gravity",
            "estimate",
            "--data",
            &data,
            "--fe",
            "exporter-year,importer-year",
            "--vars",
            "ln_DIST,CNTG,LANG,CLNY,INTL_BRDR"
        ]
    );
}

/// The Guide's border removal from the flows PPML fits (examples/gravity/trade_without_borders.toml).
#[test]
fn trade_without_borders_from_the_fitted_flows() {
    let data = shared("gravity-agtpa-2016/ch2_app1_trade_without_border_2006.csv");
    let scenario = format!("{EXAMPLES}/trade_without_borders.toml");
    cli_snapshot!(
        "gravity_ge_trade_without_borders",
        &["gravity", "ge", "--data", &data, "--scenario", &scenario]
    );
}

/// The Guide's NAFTA removal in two commands: the pair costs (55 pairs predicted), then
/// the equilibrium from the flows they fit (reference/gravity/compare.py checks the same
/// numbers against an independent implementation).
#[test]
fn nafta_removal_with_predicted_pair_costs() {
    let data = shared("gravity-agtpa-2016/ch2_app2_rta_panel_1986_2006.csv");
    let tmp = tempfile::tempdir().unwrap();
    let costs = tmp.path().join("costs");
    let estimate = [
        "gravity",
        "estimate",
        "--data",
        &data,
        "--fe",
        "exporter-year,importer-year,pair",
        "--vars",
        "RTA",
        "--years",
        "1986,1990,1994,1998,2002,2006",
        "--predict-pairs",
        "ln(DIST),CNTG,LANG,CLNY",
        "--predict-year",
        "1994",
        "--out",
        costs.to_str().unwrap(),
    ];
    cli_snapshot!("gravity_estimate_nafta_pair_costs", &estimate, tmp.path());
    let pair_costs = std::fs::read_to_string(costs.join("pair_costs.csv")).unwrap();
    assert_eq!(
        pair_costs
            .lines()
            .filter(|l| l.ends_with(",predicted"))
            .count(),
        55
    );
    assert_eq!(
        pair_costs
            .lines()
            .filter(|l| l.ends_with(",domestic"))
            .count(),
        69
    );
    let scenario = format!("{EXAMPLES}/nafta.toml");
    let costs_file = costs.join("pair_costs.csv");
    let ge = [
        "gravity",
        "ge",
        "--data",
        &data,
        "--scenario",
        &scenario,
        "--pair-costs",
        costs_file.to_str().unwrap(),
    ];
    cli_snapshot!("gravity_ge_nafta", &ge, tmp.path());
    // Pair costs only enter a fitted baseline.
    let observed = tmp.path().join("observed.toml");
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(&observed, text.replace("baseline = \"fitted\"", "")).unwrap();
    let ge_observed = [
        "gravity",
        "ge",
        "--data",
        &data,
        "--scenario",
        observed.to_str().unwrap(),
        "--pair-costs",
        costs_file.to_str().unwrap(),
    ];
    cli_snapshot!(
        "error_gravity_pair_costs_observed",
        &ge_observed,
        tmp.path()
    );
    let no_pair = [
        "gravity",
        "estimate",
        "--data",
        &data,
        "--fe",
        "exporter-year,importer-year",
        "--vars",
        "RTA",
        "--predict-pairs",
        "CNTG",
        "--predict-year",
        "1994",
    ];
    cli_snapshot!(
        "error_gravity_predict_pairs_without_pair",
        &no_pair,
        tmp.path()
    );
}

/// Two symmetric countries with domestic sales 8 and exports 2 halve their bilateral
/// costs at theta 4 (tariff -0.5: phi = 0.5^-4 = 16): the domestic share falls from 0.8
/// to 8 / (8 + 32) = 0.2, so welfare is (0.2 / 0.8)^(-1/4) = sqrt 2, +41.42 %.
#[test]
fn a_two_country_world_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("two.csv");
    std::fs::write(
        &data,
        "exporter,importer,year,trade\nA,A,1,8\nA,B,1,2\nB,A,1,2\nB,B,1,8\n",
    )
    .unwrap();
    // Bloc `a` from the TOML file, bloc `b` from a CSV list.
    let scenario = tmp.path().join("s.toml");
    std::fs::write(
        &scenario,
        "[scenario]\nname = \"halve\"\nyear = 1\ntheta = 4.0\n[[bloc]]\nname = \"a\"\nmembers = [\"A\"]\n[[change]]\nbetween = [\"a\", \"b\"]\ntariff = -0.5\n",
    )
    .unwrap();
    let blocs = tmp.path().join("blocs.csv");
    std::fs::write(&blocs, "iso3,bloc\nB,b\n").unwrap();
    let out = tmp.path().join("out");
    let run = crate::run(
        &[
            "gravity",
            "ge",
            "--data",
            data.to_str().unwrap(),
            "--scenario",
            scenario.to_str().unwrap(),
            "--blocs",
            blocs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(run.starts_with("exit: 0"), "{run}");
    let countries = std::fs::read_to_string(out.join("countries.csv")).unwrap();
    let a = countries.lines().nth(1).unwrap();
    let welfare: f64 = a.split(',').nth(2).unwrap().parse().unwrap();
    assert!((welfare - 100.0 * (2f64.sqrt() - 1.0)).abs() < 1e-9, "{a}");
}

#[test]
fn bad_gravity_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("d.csv");
    let scenario = tmp.path().join("s.toml");
    let good_data =
        "exporter,importer,year,trade,rta\nA,A,1,8,0\nA,B,1,2,0\nB,A,1,2,0\nB,B,1,8,0\n";
    let good_scenario = "[scenario]\nname = \"x\"\nyear = 1\ntheta = 4.0\n[costs]\nrta = 0.5\n[[change]]\nvariable = \"rta\"\nvalue = 1.0\nexporters = [\"A\"]\nimporters = [\"B\"]\n";
    let ge = |name: &str, data_text: &str, scenario_text: &str| {
        std::fs::write(&data, data_text).unwrap();
        std::fs::write(&scenario, scenario_text).unwrap();
        cli_snapshot!(
            name,
            &[
                "gravity",
                "ge",
                "--data",
                data.to_str().unwrap(),
                "--scenario",
                scenario.to_str().unwrap()
            ],
            tmp.path()
        );
    };
    ge(
        "error_gravity_negative_trade",
        &good_data.replace("A,B,1,2", "A,B,1,-2"),
        good_scenario,
    );
    ge(
        "error_gravity_duplicate_pair",
        &good_data.replace("B,A,1,2", "A,B,1,2"),
        good_scenario,
    );
    ge(
        "error_gravity_missing_pair",
        &good_data.replace("B,A,1,2,0\n", ""),
        good_scenario,
    );
    ge(
        "error_gravity_no_domestic_flow",
        &good_data.replace("B,B,1,8", "B,B,1,0"),
        good_scenario,
    );
    ge(
        "error_gravity_missing_column",
        &good_data.replace(",rta\n", ",fta\n"),
        good_scenario,
    );
    ge(
        "error_gravity_unknown_country",
        good_data,
        &good_scenario.replace("[\"B\"]", "[\"XYZ\"]"),
    );
    ge(
        "error_gravity_scenario_syntax",
        good_data,
        &good_scenario.replace("theta = 4.0", "theta = "),
    );
    std::fs::write(&data, good_data).unwrap();
    let estimate = |name: &str, fe: &str, vars: &str| {
        cli_snapshot!(
            name,
            &[
                "gravity",
                "estimate",
                "--data",
                data.to_str().unwrap(),
                "--fe",
                fe,
                "--vars",
                vars
            ],
            tmp.path()
        );
    };
    let blocs = tmp.path().join("blocs.csv");
    std::fs::write(&blocs, "iso3,bloc\nA,west\nC,east\n").unwrap();
    std::fs::write(&scenario, good_scenario).unwrap();
    cli_snapshot!(
        "error_gravity_bloc_csv_country",
        &[
            "gravity",
            "ge",
            "--data",
            data.to_str().unwrap(),
            "--scenario",
            scenario.to_str().unwrap(),
            "--blocs",
            blocs.to_str().unwrap()
        ],
        tmp.path()
    );
    estimate(
        "error_gravity_unknown_fixed_effect",
        "exporter-month",
        "rta",
    );
    estimate("error_gravity_collinear", "exporter,importer", "rta");
}
