//! `chainlens gravity ge-io`: the shipped example on WIOD 2013's 2011 table (read in place
//! from ../shared/data), a hand-checkable two-country table of final demand only, and the
//! named errors of scenario files, elasticity files and tables.

use crate::cli_snapshot;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/gravity");

fn wiod_2011() -> String {
    let path = format!(
        "{}/../../../shared/data/wiod2013/icio_layout/WIOD13_ICIO_2011.csv.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    assert!(
        std::path::Path::new(&path).is_file(),
        "{path} (../shared/data) is missing"
    );
    path
}

#[test]
fn unga_blocs_on_wiod_2011() {
    let scenario = format!("{EXAMPLES}/ge_io_unga_blocs_25.toml");
    cli_snapshot!(
        "gravity_ge_io_unga_blocs_25",
        &["gravity", "ge-io", &wiod_2011(), "--scenario", &scenario]
    );
}

#[test]
fn blocs_on_the_embedded_synthetic_table() {
    let scenario = format!("{EXAMPLES}/ge_io_synthetic_blocs.toml");
    cli_snapshot!(
        "gravity_ge_io_synthetic_blocs",
        &["gravity", "ge-io", "--scenario", &scenario]
    );
}

/// Two countries, one sector, final demand only (an OECD-layout table): the model is the
/// one-sector model of `gravity ge`'s two-country test. Halving the cost between them
/// (theta 4: phi = 16) moves the domestic share from 0.8 to 8 / (8 + 2 * 16) = 0.2, so
/// welfare is (0.2 / 0.8)^(-1/4) = sqrt 2, +41.42 %, in both models.
const TWO: &str = "V1,A_all,B_all,A_HFCE,B_HFCE,OUT\nA_all,0,0,8,2,10\nB_all,0,0,2,8,10\nTLS,0,0,0,0,0\nVA,10,10,0,0,0\nOUT,10,10,0,0,0\n";

#[test]
fn a_two_country_table_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("two.csv");
    std::fs::write(&table, TWO).unwrap();
    let scenario = tmp.path().join("s.toml");
    std::fs::write(
        &scenario,
        "[scenario]\nname = \"halve\"\ntheta = 4.0\n[[change]]\nexporters = [\"A\"]\nimporters = [\"B\"]\ntariff = -0.5\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let run = crate::run(
        &[
            "gravity",
            "ge-io",
            table.to_str().unwrap(),
            "--scenario",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(run.starts_with("exit: 0"), "{run}");
    let countries = std::fs::read_to_string(out.join("countries.csv")).unwrap();
    let header: Vec<&str> = countries.lines().next().unwrap().split(',').collect();
    let a: Vec<&str> = countries.lines().nth(1).unwrap().split(',').collect();
    let column = |name: &str| -> f64 {
        let k = header.iter().position(|h| *h == name).unwrap();
        a[k].parse().unwrap()
    };
    let want = 100.0 * (2f64.sqrt() - 1.0);
    assert!((column("welfare_change_pct") - want).abs() < 1e-9, "{a:?}");
    assert!((column("one_sector_welfare_change_pct") - want).abs() < 1e-9);
    assert!((column("amplification") - 1.0).abs() < 1e-9);
}

#[test]
fn bad_ge_io_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("two.csv");
    std::fs::write(&table, TWO).unwrap();
    let good = "[scenario]\nname = \"x\"\n[[bloc]]\nname = \"west\"\nmembers = [\"A\"]\n[[change]]\nexporters = [\"west\"]\nimporters = [\"B\"]\ntariff = 0.1\n";
    let cases = [
        ("unknown_region", good.replace("[\"B\"]", "[\"USA\"]"), None),
        (
            "theta_and_table",
            good.replace(
                "name = \"x\"",
                "name = \"x\"\ntheta = 4.0\nelasticities = \"caliendo-parro-2015\"",
            ),
            None,
        ),
        (
            "builtin_elasticities_missing",
            good.replace(
                "name = \"x\"",
                "name = \"x\"\nelasticities = \"caliendo-parro-2015\"",
            ),
            None,
        ),
        (
            "elasticity_missing",
            good.to_string(),
            Some("sector,theta\n"),
        ),
        (
            "elasticity_unknown_sector",
            good.to_string(),
            Some("sector,theta\nall,4\nsrv,5\n"),
        ),
        (
            "unknown_sector",
            good.replace("tariff = 0.1", "tariff = 0.1\nsectors = [\"man\"]"),
            None,
        ),
    ];
    for (name, text, elasticities) in cases {
        let scenario = tmp.path().join("s.toml");
        std::fs::write(&scenario, text).unwrap();
        let mut args = vec![
            "gravity".to_string(),
            "ge-io".into(),
            table.display().to_string(),
            "--scenario".into(),
            scenario.display().to_string(),
        ];
        if let Some(e) = elasticities {
            let file = tmp.path().join("e.csv");
            std::fs::write(&file, e).unwrap();
            args.extend(["--elasticities".into(), file.display().to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cli_snapshot!(format!("gravity_ge_io_error_{name}"), &args, tmp.path());
    }
    let negative = tmp.path().join("negative.csv");
    std::fs::write(&negative, TWO.replace("OUT,10,10,", "OUT,10,-10,")).unwrap();
    let scenario = tmp.path().join("s.toml");
    std::fs::write(&scenario, good).unwrap();
    cli_snapshot!(
        "gravity_ge_io_error_negative_output",
        &[
            "gravity",
            "ge-io",
            negative.to_str().unwrap(),
            "--scenario",
            scenario.to_str().unwrap()
        ],
        tmp.path()
    );
}

/// Found by the mutation campaign: a change that moves no cost (tariff 0) left the
/// one-sector welfare unchanged, and its amplification 0 / 0 was printed as `NaN`; it is
/// now empty in the tables and `-` in the summary.
#[test]
fn a_change_of_nothing_has_no_amplification() {
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("two.csv");
    std::fs::write(&table, TWO).unwrap();
    let scenario = tmp.path().join("s.toml");
    std::fs::write(
        &scenario,
        "[scenario]\nname = \"nothing\"\ntheta = 4.0\n[[change]]\nexporters = [\"A\"]\nimporters = [\"B\"]\ntariff = 0.0\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let args = [
        "gravity",
        "ge-io",
        table.to_str().unwrap(),
        "--scenario",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let run = crate::run(&args, None);
    assert!(run.starts_with("exit: 0"), "{run}");
    assert!(!run.contains("NaN"), "{run}");
    let countries = std::fs::read_to_string(out.join("countries.csv")).unwrap();
    let header: Vec<&str> = countries.lines().next().unwrap().split(',').collect();
    let k = header.iter().position(|h| *h == "amplification").unwrap();
    for line in countries.lines().skip(1) {
        assert_eq!(line.split(',').nth(k), Some(""), "{line}");
    }
}
