//! `chainlens exposure`: the default data with the embedded table (golden), the real
//! WIOD 2013 table of 2011 with the synthetic trade data (every step runs, the buckets
//! reconcile with the imported inputs), and the errors of its flags.

use crate::cli_snapshot;

#[test]
fn china_on_the_default_data_and_the_embedded_table() {
    cli_snapshot!(
        "exposure_china_default",
        &["exposure", "--country", "CHN", "--goods", "85,280530"]
    );
}

/// Parses a CSV written by the command into a header and rows of fields.
fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let split = |l: &str| l.split(',').map(str::to_string).collect::<Vec<_>>();
    let header = split(lines.next().unwrap());
    (header, lines.map(split).collect())
}

#[test]
fn wiod_2011_with_the_synthetic_trade_reconciles() {
    let tmp = tempfile::tempdir().unwrap();
    let table = crate::data_dir().join("wiod2013/icio_layout/WIOD13_ICIO_2011.csv.gz");
    let out = tmp.path().join("out");
    let run = crate::run(
        &[
            "exposure",
            "--table",
            table.to_str().unwrap(),
            "--country",
            "CHN",
            "--out",
            out.to_str().unwrap(),
        ],
        Some(tmp.path()),
    );
    assert!(run.starts_with("exit: 0"), "{run}");
    assert!(run.contains("read as WIOD 2013 (ISIC Rev.3)"), "{run}");
    assert!(
        run.contains("in goods with no industry in the table"),
        "{run}"
    );
    let (header, rows) = read_csv(&out.join("industries.csv"));
    assert_eq!(rows.len(), 35, "every WIOD industry of China");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let value = |row: &[String], name: &str| row[col(name)].parse::<f64>().unwrap();
    for row in &rows {
        let shares: f64 = [
            "category1",
            "category2",
            "category3",
            "category4",
            "no_goods",
        ]
        .iter()
        .map(|b| value(row, &format!("{b}_share_direct")))
        .sum();
        if value(row, "imported_inputs") > 0.0 {
            assert!(
                (shares - 1.0).abs() < 1e-9,
                "{}: {shares}",
                row[col("industry")]
            );
        }
    }
    let (_, countries) = read_csv(&out.join("countries.csv"));
    assert!(
        countries.len() >= 30,
        "most WIOD countries are in the synthetic data"
    );
}

#[test]
fn bad_flags_are_named() {
    let run = crate::run(&["exposure", "--goods", "8x"], None);
    assert!(
        run.contains("error: `8x` is not an HS6 code (854231) or an HS chapter (85)"),
        "{run}"
    );
    let run = crate::run(&["exposure", "--country", "XXX"], None);
    assert!(
        run.contains("error: `XXX` is not a country of the table (<embedded example table>)"),
        "{run}"
    );
}

#[test]
fn chain_diagnose_with_a_table_gives_each_segment_its_industries() {
    let tmp = tempfile::tempdir().unwrap();
    let table = crate::data_dir().join("wiod2013/icio_layout/WIOD13_ICIO_2011.csv.gz");
    let chain = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/chains/eyewear-ouhai.toml"
    );
    let out = tmp.path().join("out");
    let run = crate::run(
        &[
            "chain",
            "diagnose",
            chain,
            "--table",
            table.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        Some(tmp.path()),
    );
    assert!(run.starts_with("exit: 0"), "{run}");
    let (header, rows) = read_csv(&out.join("industries.csv"));
    assert_eq!(header[..3], ["segment", "industry", "weight"]);
    let mut by_segment: std::collections::BTreeMap<&str, f64> = Default::default();
    for row in &rows {
        *by_segment.entry(&row[0]).or_default() += row[2].parse::<f64>().unwrap();
    }
    assert_eq!(
        by_segment.len(),
        4,
        "every segment of the chain: {by_segment:?}"
    );
    for (segment, weight) in by_segment {
        assert!(
            (weight - 1.0).abs() < 1e-12,
            "{segment}: the goods' weights add up to {weight}"
        );
    }
    // Lenses (900150, 900140) are optical goods: mostly WIOD's electrical and optical equipment.
    assert!(
        rows.iter().any(|r| r[0] == "lenses" && r[1] == "30t33"),
        "{rows:?}"
    );
}
