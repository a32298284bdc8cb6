//! `chainlens gravity ge-io`: the shipped example on WIOD 2013's 2011 table (read in place
//! from ../shared/data), a hand-checkable two-country table of final demand only (iceberg
//! costs, a tariff with revenue, deficits removed), and the named errors of scenario
//! files, elasticity files and tables.

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

/// Runs `ge-io` on the two-country table with `scenario`; returns the `countries.csv`
/// value of `column` for A.
fn two_country(scenario: &str, column: &str) -> f64 {
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("two.csv");
    std::fs::write(&table, TWO).unwrap();
    let file = tmp.path().join("s.toml");
    std::fs::write(&file, scenario).unwrap();
    let out = tmp.path().join("out");
    let run = crate::run(
        &[
            "gravity",
            "ge-io",
            table.to_str().unwrap(),
            "--scenario",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(run.starts_with("exit: 0"), "{run}");
    let countries = std::fs::read_to_string(out.join("countries.csv")).unwrap();
    let header: Vec<&str> = countries.lines().next().unwrap().split(',').collect();
    let a: Vec<&str> = countries.lines().nth(1).unwrap().split(',').collect();
    let k = header.iter().position(|h| *h == column).unwrap();
    a[k].parse().unwrap()
}

const HALVE: &str = "[scenario]\nname = \"halve\"\ntheta = 4.0\n[[change]]\nexporters = [\"A\"]\nimporters = [\"B\"]\ntariff = -0.5\n";

#[test]
fn a_two_country_table_by_hand() {
    let want = 100.0 * (2f64.sqrt() - 1.0);
    assert!((two_country(HALVE, "welfare_change_pct") - want).abs() < 1e-9);
    assert!((two_country(HALVE, "one_sector_welfare_change_pct") - want).abs() < 1e-9);
    assert!((two_country(HALVE, "amplification") - 1.0).abs() < 1e-9);
}

#[test]
fn a_tariff_on_the_two_country_table_by_hand() {
    // A 25 % ad valorem tariff both ways, theta 4, domestic shares 0.8: by symmetry w = 1,
    // P^(-4) = 0.8 + 0.2 * 1.25^(-4) = 0.88192, the import share after is
    // pi' = 0.2 * 1.25^(-4) / 0.88192, the revenue is rebated so income is
    // 1 / (1 - 0.25 pi' / 1.25) = 1.01893, and W = income * 0.88192^(1/4) = 0.98742 (-1.258 %).
    // The same 25 % as an iceberg cost: W = 0.88192^(1/4) = 0.96907 (-3.093 %).
    let tariff = HALVE.replace("tariff = -0.5", "kind = \"tariff\"\ntariff = 0.25");
    let price_theta = 0.8 + 0.2 * 1.25f64.powi(-4);
    let imports = 0.2 * 1.25f64.powi(-4) / price_theta;
    let income = 1.0 / (1.0 - 0.25 * imports / 1.25);
    let welfare = income * price_theta.powf(0.25);
    let got = two_country(&tariff, "welfare_change_pct");
    assert!((got - 100.0 * (welfare - 1.0)).abs() < 1e-9, "{got}");
    assert!((got - -1.2581).abs() < 1e-4);
    let revenue = two_country(&tariff, "tariff_revenue");
    // Income 10 (w = 1, no deficit) times the revenue share 0.25 pi' / 1.25 of absorption.
    assert!((revenue - 10.0 * income * 0.25 * imports / 1.25).abs() < 1e-9);
    let iceberg = HALVE.replace("tariff = -0.5", "tariff = 0.25");
    let got = two_country(&iceberg, "welfare_change_pct");
    assert!(
        (got - 100.0 * (price_theta.powf(0.25) - 1.0)).abs() < 1e-9,
        "{got}"
    );
    // The decomposition of the tariff: terms of trade zero by symmetry, the volume of
    // trade is the whole welfare change (log points).
    assert!(two_country(&tariff, "terms_of_trade").abs() < 1e-9);
    let vot = two_country(&tariff, "volume_of_trade");
    assert!((vot - 100.0 * welfare.ln()).abs() < 1e-9, "{vot}");
}

#[test]
fn removing_zero_deficits_changes_nothing() {
    // The two-country table is balanced: its no-deficit baseline is the table itself.
    let removed = HALVE.replace("theta = 4.0", "theta = 4.0\ndeficits = \"removed\"");
    for column in ["welfare_change_pct", "wage_change_pct", "terms_of_trade"] {
        let (a, b) = (two_country(HALVE, column), two_country(&removed, column));
        assert!((a - b).abs() < 1e-10, "{column}: {a} vs {b}");
    }
}

#[test]
fn removed_deficits_on_wiod_2011() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("s.toml");
    let text = std::fs::read_to_string(format!("{EXAMPLES}/ge_io_unga_blocs_25.toml")).unwrap();
    std::fs::write(
        &scenario,
        text.replace("theta = 5.0", "theta = 5.0\ndeficits = \"removed\""),
    )
    .unwrap();
    cli_snapshot!(
        "gravity_ge_io_unga_blocs_25_removed_deficits",
        &[
            "gravity",
            "ge-io",
            &wiod_2011(),
            "--scenario",
            scenario.to_str().unwrap()
        ],
        tmp.path()
    );
}

#[test]
fn unga_blocs_on_a_generated_77x45_table() {
    // The table of `generate-icio --countries 77 --seed 1` (OECD ICIO 2023 industry codes,
    // so the Caliendo-Parro elasticities go through their ISIC Rev.4 divisions), written
    // to a temp dir.
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("icio77x45.csv");
    let icio = chainlens_bench::icio::synthetic_icio(77, 1);
    assert_eq!((icio.n_countries(), icio.n_sectors()), (77, 45));
    chainlens_icio::wide::write_generic(&icio, &table).unwrap();
    let scenario = format!("{EXAMPLES}/ge_io_synthetic_77x45_unga_25.toml");
    cli_snapshot!(
        "gravity_ge_io_synthetic_77x45_unga_25",
        &[
            "gravity",
            "ge-io",
            table.to_str().unwrap(),
            "--scenario",
            &scenario
        ],
        tmp.path()
    );
}

#[test]
fn the_report_carries_the_numbers() {
    // By hand: halving the cost on the two-country table gives both models sqrt 2
    // (+41.421 %), an amplification of 1.
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("two.csv");
    std::fs::write(&table, TWO).unwrap();
    let scenario = tmp.path().join("s.toml");
    std::fs::write(&scenario, HALVE).unwrap();
    let report = tmp.path().join("report");
    let args = [
        "gravity",
        "ge-io",
        table.to_str().unwrap(),
        "--scenario",
        scenario.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ];
    let run = crate::run(&args, None);
    assert!(run.starts_with("exit: 0"), "{run}");
    let md = std::fs::read_to_string(report.join("report.md")).unwrap();
    assert!(
        md.contains("the world's welfare change is 1.00 times the one-sector model's of the same flows and shock (41.421 % against 41.421 %)"),
        "{md}"
    );
    assert!(report.join("report.html").is_file());
    let chart = std::fs::read_to_string(report.join("welfare.vl.json")).unwrap();
    assert!(chart.contains("\"iso3\": \"A\""), "{chart}");
    // On the SYNTHETIC example: the bloc totals and the largest output loss of the CSV
    // tables, as the report rounds them.
    let (out, report) = (tmp.path().join("out"), tmp.path().join("synthetic"));
    let example = format!("{EXAMPLES}/ge_io_synthetic_blocs.toml");
    let args = [
        "gravity",
        "ge-io",
        "--scenario",
        &example,
        "--out",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ];
    let run = crate::run(&args, None);
    assert!(run.starts_with("exit: 0"), "{run}");
    let md = std::fs::read_to_string(report.join("report.md")).unwrap();
    let csv = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    let blocs = csv("blocs.csv");
    let header: Vec<&str> = blocs.lines().next().unwrap().split(',').collect();
    let column = |row: &[&str], name: &str| -> f64 {
        row[header.iter().position(|h| *h == name).unwrap()]
            .parse()
            .unwrap()
    };
    for line in blocs.lines().skip(1) {
        let row: Vec<&str> = line.split(',').collect();
        let want = format!(
            "| {} | {} | {:.3} | {:.3} | {:.2} |",
            row[0],
            row[1],
            column(&row, "welfare_change_pct"),
            column(&row, "one_sector_welfare_change_pct"),
            column(&row, "amplification")
        );
        assert!(md.contains(&want), "{want} not in\n{md}");
    }
    let sectors = csv("sectors.csv");
    let header: Vec<&str> = sectors.lines().next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let largest = sectors
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .max_by(|a, b| {
            let change = |r: &Vec<&str>| {
                let after: f64 = r[at("output_after")].parse().unwrap();
                let before: f64 = r[at("output_before")].parse().unwrap();
                (after - before).abs()
            };
            change(a).total_cmp(&change(b))
        })
        .unwrap();
    let want = format!("| {} | {} |", largest[at("iso3")], largest[at("sector")]);
    let losses = md.split("Largest output changes").nth(1).unwrap();
    let first_row = losses
        .lines()
        .find(|l| l.starts_with("| ") && !l.starts_with("| country"))
        .unwrap();
    assert!(first_row.starts_with(&want), "{first_row} vs {want}");
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
