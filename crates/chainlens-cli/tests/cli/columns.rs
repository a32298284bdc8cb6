//! docs/output-columns.md lists every column of every table chainlens writes: each
//! command below runs on the embedded data (the gravity commands on ../shared/data) and
//! every header it writes must be on the page.

use std::path::Path;

const PAGE: &str = include_str!("../../../../docs/output-columns.md");

/// The column names `file` starts with.
fn header(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .next()
        .unwrap_or("")
        .split(',')
        .map(str::to_string)
        .collect()
}

fn documented(column: &str) -> bool {
    let kww = column.strip_prefix("kww_").is_some();
    PAGE.contains(&format!("`{column}`")) || kww
}

#[test]
fn every_output_column_is_documented() {
    let repo = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let example = |f: &str| format!("{repo}/examples/{f}");
    let shared = |f: &str| format!("{repo}/../shared/data/{f}");
    let tmp = tempfile::tempdir().unwrap();
    let commands: Vec<Vec<String>> = [
        vec!["vulnerability", "--importer", "CHN"],
        vec!["vulnerability", "--importer", "CHN,KOR"],
        vec!["risk"],
        vec![
            "scenario",
            "run",
            &example("scenarios/china-intermediates-2pt.toml"),
        ],
        vec!["gvc"],
        vec![
            "shift",
            "--base",
            "2017-2018",
            "--compare",
            "2022-2023",
            "--importer",
            "USA",
            "--exporter",
            "CHN",
            "--origin",
            "CHN",
            "--via",
            "MEX",
            "--to",
            "USA",
            "--table",
            &shared("wiod2013/icio_layout/WIOD13_ICIO_2011.csv.gz"),
        ],
        vec!["exposure", "--country", "CHN", "--goods", "85,280530"],
        vec!["io", "decompose", "--method", "kww"],
        vec!["io", "decompose", "--method", "wwz"],
        vec!["io", "decompose", "--method", "bm"],
        vec!["io", "extract", "--country", "CHN", "--sector", "26"],
        vec!["io", "multipliers"],
        vec!["io", "va-origin"],
        vec!["chain", "diagnose", &example("chains/eyewear-ouhai.toml")],
        vec![
            "chain",
            "disrupt",
            &example("chains/eyewear-ouhai.toml"),
            "--remove",
            "firm:lens-jp",
        ],
        vec![
            "chain",
            "attract",
            &example("chains/steroids-xianju.toml"),
            "--candidates",
            &example("chains/steroids-candidates.csv"),
        ],
        vec![
            "gravity",
            "estimate",
            "--data",
            &shared("gravity-agtpa-2016/ch2_app1_trade_without_border_2006.csv"),
            "--fe",
            "exporter,importer",
            "--vars",
            "ln_DIST,CNTG",
        ],
        vec![
            "gravity",
            "ge",
            "--data",
            &shared("gravity-zylkin-eu/TradeData0014.csv"),
            "--scenario",
            &example("gravity/us_china_blocs_25.toml"),
        ],
        vec![
            "gravity",
            "ge-io",
            "--scenario",
            &example("gravity/ge_io_synthetic_blocs.toml"),
        ],
    ]
    .into_iter()
    .map(|c| c.into_iter().map(String::from).collect())
    .collect();
    let mut missing = Vec::new();
    for (i, command) in commands.iter().enumerate() {
        let out = tmp.path().join(i.to_string());
        let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
        args.extend(["--out", out.to_str().unwrap()]);
        let text = crate::run(&args, None);
        assert!(text.starts_with("exit: 0"), "{args:?}: {text}");
        for entry in std::fs::read_dir(&out).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "csv") {
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                assert!(
                    PAGE.contains(&format!("`{stem}`")),
                    "table {stem} is not on the page"
                );
                for column in header(&path) {
                    if !documented(&column) {
                        missing.push(format!("{stem}.{column}"));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "columns missing from docs/output-columns.md: {missing:?}"
    );
}
