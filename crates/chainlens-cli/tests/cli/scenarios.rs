//! `chainlens scenario run`: the shipped examples on the embedded default data, a
//! hand-checkable cut with re-sourcing, and the named errors of scenario files.

use crate::cli_snapshot;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/scenarios");

#[test]
fn china_two_points_on_the_default_dataset() {
    let file = format!("{EXAMPLES}/china-intermediates-2pt.toml");
    cli_snapshot!("scenario_china_2pt_default", &["scenario", "run", &file]);
}

#[test]
fn japan_korea_matches_nothing_in_the_synthetic_data() {
    let file = format!("{EXAMPLES}/japan-korea-2019.toml");
    cli_snapshot!("scenario_japan_korea_default", &["scenario", "run", &file]);
}

#[test]
fn ban_with_capped_resourcing_by_hand() {
    // Korea buys 90,000 of 281111 from Japan and 10,000 from China. Japan bans it; the
    // remaining exporters are China (exports 10,000) and Korea (5,000, to Japan; excluded
    // as Korea's own supplier). Cap 0.5: pooled demand 90,000 over capacities 5,000 and
    // 2,500 -> China 5,000 goes to Korea, Korea's own 2,500 cannot: re-sourced 5,000,
    // unmet 85,000.
    let tmp = tempfile::tempdir().unwrap();
    let raw = crate::baci_folder(
        tmp.path(),
        "t,i,j,k,v,q\n2018,392,410,281111,90,1\n2018,156,410,281111,10,1\n2018,410,392,281111,5,1\n",
    );
    let file = tmp.path().join("ban.toml");
    std::fs::write(
        &file,
        "[scenario]\nname = \"ban\"\n[[restriction]]\nexporters = [\"JPN\"]\nimporters = [\"KOR\"]\ngoods = [\"281111\"]\ncut = 1.0\n[resourcing]\nallowed = true\ncap = 0.5\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let run = crate::run(
        &[
            "scenario",
            "run",
            file.to_str().unwrap(),
            "--trade",
            raw.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(run.starts_with("exit: 0"), "{run}");
    let losses = std::fs::read_to_string(out.join("losses.csv")).unwrap();
    assert_eq!(
        losses,
        "iso3,hs6,imports_before,lost,resourced,unmet\nKOR,281111,100000,90000,5000,85000\n"
    );
}

#[test]
fn bad_scenario_files() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bad.toml");
    std::fs::write(&file, "[scenario]\nname = \"x\"\n[[restriction]]\nexporters = [\"JPN\"]\ngoods = [\"281111\"]\ncut = 2\n").unwrap();
    cli_snapshot!(
        "error_scenario_cut",
        &["scenario", "run", file.to_str().unwrap()],
        tmp.path()
    );
    std::fs::write(&file, "[scenario]\nname = \"x\"\n[[restriction]]\nexporters = [\"JAP\"]\ngoods = [\"281111\"]\ncut = 1\n").unwrap();
    cli_snapshot!(
        "error_scenario_country",
        &["scenario", "run", file.to_str().unwrap()],
        tmp.path()
    );
    std::fs::write(&file, "[scenario]\nname = \"x\"\n[[restriction]\n").unwrap();
    cli_snapshot!(
        "error_scenario_syntax",
        &["scenario", "run", file.to_str().unwrap()],
        tmp.path()
    );
}

/// The pymrio test system's regions are reg1..reg6: no trade country is placed, so the
/// run says so and fails unless `--allow-unplaced`; a regions file places them.
#[test]
fn countries_without_a_table_region_fail_the_run_unless_allowed_or_mapped() {
    let table = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/icio-pymrio-test/mrio_data"
    );
    assert!(
        std::path::Path::new(table).is_dir(),
        "{table} (../shared/data) is missing"
    );
    let scenario = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/scenarios/china-intermediates-2pt.toml"
    );
    let unplaced = crate::run(&["scenario", "run", scenario, "--table", table], None);
    assert!(unplaced.starts_with("exit: 1"), "{unplaced}");
    assert!(
        unplaced.contains("has an exporter or importer with no region in the table"),
        "{unplaced}"
    );
    assert!(
        unplaced.contains("note: changed trade that found no region of the table: "),
        "{unplaced}"
    );
    let allowed = crate::run(
        &[
            "scenario",
            "run",
            scenario,
            "--table",
            table,
            "--allow-unplaced",
        ],
        None,
    );
    assert!(allowed.starts_with("exit: 0"), "{allowed}");
    let tmp = tempfile::tempdir().unwrap();
    let regions = tmp.path().join("regions.csv");
    std::fs::write(
        &regions,
        "iso3,region\nCHN,reg1\nUSA,reg2\nJPN,reg3\nKOR,reg4\nDEU,reg5\n",
    )
    .unwrap();
    let mapped = crate::run(
        &[
            "scenario",
            "run",
            scenario,
            "--table",
            table,
            "--regions",
            regions.to_str().unwrap(),
        ],
        Some(tmp.path()),
    );
    assert!(
        !mapped.contains("note: changed trade that found no region of the table: CHN"),
        "{mapped}"
    );
    let bad = tmp.path().join("bad.csv");
    std::fs::write(&bad, "iso3,region\nCHN,reg9\n").unwrap();
    let err = crate::run(
        &[
            "scenario",
            "run",
            scenario,
            "--table",
            table,
            "--regions",
            bad.to_str().unwrap(),
        ],
        Some(tmp.path()),
    );
    assert!(
        err.contains("[TMP]/bad.csv:2: key `region`: `reg9` is not a region of the table"),
        "{err}"
    );
}

/// A scenario file that is not UTF-8 is refused naming the line and column of the byte.
#[test]
fn a_scenario_file_that_is_not_utf8_names_the_line() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bad.toml");
    std::fs::write(&file, b"[scenario]\nname = \"x\xff\"\n").unwrap();
    let out = crate::run(
        &["scenario", "run", file.to_str().unwrap()],
        Some(tmp.path()),
    );
    assert!(out.starts_with("exit: 1"), "{out}");
    assert!(
        out.contains("error: [TMP]/bad.toml:2: invalid UTF-8 (byte 0xff at column 10)"),
        "{out}"
    );
}
