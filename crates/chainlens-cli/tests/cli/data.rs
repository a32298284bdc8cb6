//! The data directory: `chainlens fetch reference --from` and `fetch list`, what a
//! command says when reference data is missing, and the README's first command on a
//! machine with no data directory.

use crate::command;

/// Runs with `CHAINLENS_DATA` set to `data` and renders like `crate::run`.
fn run_with_data(args: &[&str], data: &std::path::Path, tmp: &std::path::Path) -> String {
    let output = command(args)
        .env("CHAINLENS_DATA", data)
        .output()
        .expect("chainlens runs");
    let text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    text.replace(&tmp.display().to_string(), "[TMP]")
        .replace(&crate::data_dir().display().to_string(), "[DATA]")
}

#[test]
fn the_main_job_needs_no_data_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("no-data");
    let out = run_with_data(&["vulnerability", "--importer", "CHN"], &empty, tmp.path());
    assert!(
        out.starts_with("exit: 0\n--- stdout\nwindow 2017-2018 | HS17 | universe 594"),
        "{out}"
    );
    let out = run_with_data(&["risk"], &empty, tmp.path());
    assert!(out.starts_with("exit: 0"), "synthetic ideal points: {out}");
    assert!(!empty.exists(), "nothing is written to the data directory");
}

#[test]
fn missing_reference_data_names_the_dataset_and_the_remedies() {
    let tmp = tempfile::tempdir().unwrap();
    let file = crate::data_dir()
        .join("baci-extract-zaf-afg-exports/ExampleTradeData_BACI_HS92_Y2021_V202301.csv");
    let empty = tmp.path().join("no-data");
    insta::assert_snapshot!(
        "missing_reference_data",
        run_with_data(&["info", file.to_str().unwrap()], &empty, tmp.path())
    );
    // With a country table given, the next missing piece is the HS92 -> BEC table.
    let countries = crate::data_dir().join("country-codes/baci_country_codes_V202201.csv");
    let out = run_with_data(
        &[
            "vulnerability",
            "--trade",
            file.to_str().unwrap(),
            "--countries",
            countries.to_str().unwrap(),
            "--importer",
            "ITA",
        ],
        &empty,
        tmp.path(),
    );
    assert!(out.starts_with("exit: 1"), "{out}");
    assert!(out.contains("error: reference data `hs-concordance` is not installed ([TMP]/no-data/hs-concordance/hs0_bec4.csv does not exist)"), "{out}");
    assert!(
        out.contains("--hs-bec FILE or --intermediate-goods FILE"),
        "{out}"
    );
}

#[test]
fn fetch_reference_from_a_folder_then_list() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let from = crate::data_dir();
    let out = run_with_data(
        &["fetch", "reference", "--from", from.to_str().unwrap()],
        &data,
        tmp.path(),
    );
    let fetched = out.lines().filter(|l| l.contains("fetched")).count();
    assert!(out.starts_with("exit: 0"), "{out}");
    assert_eq!(fetched, 3, "{out}");
    let list = run_with_data(&["fetch", "list"], &data, tmp.path());
    assert!(
        list.contains("hs-concordance       concordance 2.1.0 (2023-01-16)"),
        "{list}"
    );
    assert!(
        list.contains("from [DATA]/unga-ideal-points/IdealpointestimatesAll_Jun2024.csv"),
        "{list}"
    );
    // An analysis of real data now finds the HS1992 table, and Italy.
    let file =
        from.join("baci-extract-zaf-afg-exports/ExampleTradeData_BACI_HS92_Y2021_V202301.csv");
    let out = run_with_data(
        &[
            "vulnerability",
            "--trade",
            file.to_str().unwrap(),
            "--importer",
            "ITA",
        ],
        &data,
        tmp.path(),
    );
    assert!(out.contains("window 2021 | HS92 | universe 2713"), "{out}");
    assert!(
        out.contains("EXTRACT: this is an extract: 2 exporters"),
        "{out}"
    );
    assert!(
        out.contains("ITA: 333 intermediate goods imported"),
        "{out}"
    );
}

#[test]
fn fetch_refuses_an_unknown_release() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_with_data(
        &["fetch", "baci", "--hs", "17", "--release", "V2099"],
        &tmp.path().join("d"),
        tmp.path(),
    );
    assert_eq!(
        out,
        "exit: 1\n--- stdout\n--- stderr\nerror: --release: `V2099` is not a known BACI release (V202301, V202401b, V202501)\n"
    );
}

#[test]
fn windows_that_are_reversed_or_empty_are_said_so() {
    let tmp = tempfile::tempdir().unwrap();
    let file = crate::data_dir()
        .join("baci-extract-zaf-afg-exports/ExampleTradeData_BACI_HS92_Y2021_V202301.csv");
    let out = crate::run(&["info", "--years", "2018-2017"], None);
    assert!(
        out.ends_with("error: --years `2018-2017` is reversed: write 2017-2018\n"),
        "{out}"
    );
    let cache = tmp.path().join("c");
    let args = [
        "import",
        "baci",
        file.to_str().unwrap(),
        "--years",
        "2019",
        "--out",
        cache.to_str().unwrap(),
    ];
    let out = crate::run(&args, Some(tmp.path()));
    assert!(out.starts_with("exit: 1"), "{out}");
    assert!(out.contains("error: no row of the input falls in the window (71192 rows read, 71192 outside it); nothing written"), "{out}");
    assert!(!cache.exists());
    // `info` of an empty window prints zero, not -0.000.
    let out = crate::run(&["info", file.to_str().unwrap(), "--years", "2019"], None);
    assert!(out.contains("value all   0.000 bn USD"), "{out}");
}

#[test]
fn an_import_with_rejected_rows_succeeds_unless_asked_not_to() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = crate::baci_folder(
        tmp.path(),
        "t,i,j,k,v,q\n2018,156,842,854231,1,NaN\n2018,156,842,8542x1,1,1\n",
    );
    let cache = tmp.path().join("c");
    let mut args = import_args(&dir, &cache);
    let out = crate::run(&args, Some(tmp.path()));
    assert!(
        out.starts_with("exit: 0"),
        "rejects warn, the cache is written: {out}"
    );
    assert!(
        out.contains("2 rows read, 1 used, 1 rejected"),
        "NaN is a missing quantity: {out}"
    );
    args.extend(["--max-rejects", "0"]);
    let out = crate::run(&args, Some(tmp.path()));
    assert!(
        out.starts_with("exit: 1") && out.contains("more than --max-rejects 0"),
        "{out}"
    );
}

#[test]
fn codes_convert_between_editions_and_the_conversion_is_counted() {
    // The HS92 extract to HS2017 through hs5_hs0.csv: 4,404 of its 4,422 codes are mapped
    // (371 to several HS2017 codes, their value shared equally), 18 are not (0.010 bn USD).
    let file = crate::data_dir()
        .join("baci-extract-zaf-afg-exports/ExampleTradeData_BACI_HS92_Y2021_V202301.csv");
    let out = crate::run(&["info", file.to_str().unwrap(), "--to-hs", "2017"], None);
    assert!(out.contains("products   5230 HS6 codes (HS17)"), "{out}");
    assert!(out.contains("value all   69.360 bn USD"), "{out}");
    assert!(
        out.contains("converted HS92 -> HS17 ([DATA]/hs-concordance/hs5_hs0.csv): 4404 codes mapped, 371 of them split equally; 18 codes unmapped, 0.010 bn USD dropped"),
        "{out}"
    );
    let plain = crate::run(&["info", file.to_str().unwrap()], None);
    assert!(
        plain.contains("value all   69.370 bn USD"),
        "nothing else is lost: {plain}"
    );
    // HS96 and HS17 have no table of their own.
    let out = crate::run(
        &[
            "info",
            file.to_str().unwrap(),
            "--hs-edition",
            "HS96",
            "--to-hs",
            "2017",
        ],
        None,
    );
    assert!(
        out.contains("error: no correspondence between HS17 and HS96 in the reference data"),
        "{out}"
    );
}

#[test]
fn import_by_year_writes_one_hive_folder_a_year_and_a_plain_import_removes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = crate::baci_folder(tmp.path(), "t,i,j,k,v,q\n2018,156,842,854231,1,NaN\n");
    crate::baci_year_file(
        &dir,
        2017,
        "t,i,j,k,v,q\n2017,156,842,854231,1.5,NA\n2017,4,8,100110,2,3\n",
    );
    let cache = tmp.path().join("c");
    let mut args = import_args(&dir, &cache);
    args.push("--by-year");
    let out = crate::run(&args, Some(tmp.path()));
    assert_eq!(
        out,
        "exit: 0\n--- stdout\n3 rows read, 3 used, 0 rejected, 0 excluded -> [TMP]/c\n--- stderr\n"
    );
    let by_year = cache.join("by-year");
    let mut folders: Vec<String> = std::fs::read_dir(&by_year)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert_eq!(folders, ["year=2017", "year=2018"]);
    for folder in &folders {
        assert!(
            by_year.join(folder).join("flows.parquet").is_file(),
            "{folder}"
        );
    }
    args.pop();
    let out = crate::run(&args, Some(tmp.path()));
    assert!(out.starts_with("exit: 0"), "{out}");
    assert!(
        !by_year.exists(),
        "an import without --by-year leaves no stale export"
    );
}

/// `chainlens import baci INPUT --out CACHE`.
fn import_args<'a>(input: &'a std::path::Path, cache: &'a std::path::Path) -> Vec<&'a str> {
    vec![
        "import",
        "baci",
        input.to_str().unwrap(),
        "--out",
        cache.to_str().unwrap(),
    ]
}
