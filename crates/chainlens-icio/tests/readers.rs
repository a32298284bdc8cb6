//! Readers and writers: round trips, pymrio's own test system, the published
//! exvatools table, and every named error.

use chainlens_icio::{Format, ReadOptions, aggregate, detect, example, pymrio, read_table, wide};
use std::path::PathBuf;

fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} not found", p.display());
        None
    }
}

#[test]
fn generic_csv_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.csv");
    let t = example::example_table();
    wide::write_generic(&t, &p).unwrap();
    assert_eq!(detect(&p).unwrap(), Format::GenericCsv);
    let (back, report) = read_table(&p, ReadOptions::default()).unwrap();
    assert!(report.is_balanced(), "{}", report.summary(3));
    assert_eq!(back.countries, t.countries);
    assert_eq!(back.sectors, t.sectors);
    assert_eq!(back.z, t.z);
    assert_eq!(back.y, t.y);
    assert_eq!(back.x, t.x);
    assert_eq!(back.va, t.va);
    assert_eq!(back.fd_columns, t.fd_columns);
    assert_eq!(back.extensions.last().unwrap().name, "employment");
}

#[test]
fn pymrio_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let t = example::example_table();
    pymrio::write_pymrio(&t, dir.path()).unwrap();
    assert_eq!(detect(dir.path()).unwrap(), Format::Pymrio);
    let (back, report) = read_table(dir.path(), ReadOptions::default()).unwrap();
    assert!(report.is_balanced(), "{}", report.summary(3));
    assert_eq!(back.z, t.z);
    assert_eq!(back.y, t.y);
    assert_eq!(back.x, t.x);
    for (a, b) in back.va.iter().zip(&t.va) {
        assert!((a - b).abs() < 1e-9 * b.abs());
    }
    let names: Vec<&str> = back.extensions.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        ["factor_inputs:Value Added", "satellites:employment"]
    );
    assert_eq!(back.extensions[1].unit, "persons");
}

/// pymrio 0.7.0's bundled test system (`pymrio.load_test()`): 6 regions x 8
/// sectors; pymrio's `calc_x` gives a total output of 3,324,005,349.305 Mill USD
/// and `x[reg1, food] = 239154.3864726197`.
#[test]
fn pymrio_test_system() {
    let Some(dir) = shared("icio-pymrio-test/mrio_data") else {
        return;
    };
    let (t, _report) = read_table(&dir, ReadOptions::default()).unwrap();
    assert_eq!(t.n_countries(), 6);
    assert_eq!(t.sectors.len(), 8);
    assert_eq!(t.sectors[2], "manufactoring");
    assert_eq!(t.n_fd(), 42);
    assert_eq!(t.unit, "Mill USD");
    let total: f64 = t.x.iter().sum();
    assert!((total - 3_324_005_349.305).abs() < 1e-3, "{total}");
    assert!((t.x[0] - 239_154.386_472_619_7).abs() < 1e-6);
    let names: Vec<&str> = t.extensions.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "emissions:emission_type1/air",
            "emissions:emission_type2/water",
            "factor_input:Value Added"
        ]
    );
    assert_eq!(t.extensions[0].unit, "kg");
}

#[test]
fn exvatools_table_lacks_value_added_rows() {
    let Some(p) = shared("icio-exvatools-test/iciotest_data.csv") else {
        return;
    };
    let e = read_table(&p, ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("no value-added row"), "{e}");
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const OECD: &str = "V1,AAA_01,AAA_02,BBB_01,BBB_02,AAA_HFCE,BBB_HFCE,OUT
AAA_01,1,2,1,0,4,2,10
AAA_02,1,1,0,1,5,2,10
BBB_01,0,1,2,1,3,3,10
BBB_02,1,0,1,2,1,5,10
TLS,1,1,1,1,0,0,4
VA,6,5,5,5,0,0,21
OUT,10,10,10,10,0,0,40
";

#[test]
fn oecd_layout_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "icio.csv", OECD);
    let (t, r) = read_table(&p, ReadOptions::default()).unwrap();
    assert!(r.is_balanced(), "{}", r.summary(4));
    assert_eq!(t.countries, ["AAA", "BBB"]);
    assert_eq!(t.va, [7.0, 6.0, 6.0, 6.0]);
    assert_eq!(t.fd_columns[1].category, "HFCE");

    let bad = write(
        &dir,
        "num.csv",
        &OECD.replace("AAA_02,1,1,0,1", "AAA_02,1,x,0,1"),
    );
    let e = read_table(&bad, ReadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}:3: column AAA_02: \"x\" is not a number", bad.display())
    );

    let swapped = write(
        &dir,
        "cols.csv",
        &OECD.replacen("AAA_02,BBB_01", "BBB_01,AAA_02", 1),
    );
    let e = read_table(&swapped, ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("column 2 should be AAA_02"), "{e}");

    let unbalanced = write(&dir, "unb.csv", &OECD.replace("VA,6,5", "VA,6,9"));
    let (_, r) = read_table(&unbalanced, ReadOptions::default()).unwrap();
    assert_eq!(r.imbalances.len(), 1);
    assert_eq!(r.imbalances[0].label, "AAA_02");
    let strict = ReadOptions {
        strict: true,
        ..Default::default()
    };
    let e = read_table(&unbalanced, strict).unwrap_err();
    assert!(e.to_string().contains("AAA_02 column"), "{e}");
}

#[test]
fn split_blocks_merge() {
    let dir = tempfile::tempdir().unwrap();
    let text = "V1,AAA_01,AAA_02,CHN_01,CHN_02,CN1_01,CN1_02,AAA_HFCE,CHN_HFCE,OUT
AAA_01,1,2,0,0,1,0,4,2,10
AAA_02,1,1,0,0,0,1,5,2,10
CHN_01,0,0,0,0,0,0,0,0,0
CHN_02,0,0,0,0,0,0,0,0,0
CN1_01,0,1,0,0,2,1,3,3,10
CN1_02,1,0,0,0,1,2,1,5,10
VA,7,6,0,0,6,6,0,0,25
OUT,10,10,0,0,10,10,0,0,40
";
    let p = write(&dir, "split.csv", text);
    let (t, r) = read_table(&p, ReadOptions::default()).unwrap();
    assert_eq!(t.countries, ["AAA", "CHN", "CN1"]);
    assert_eq!(r.zero_output, ["CHN_01", "CHN_02"]);
    let merged = aggregate::merge_oecd_splits(&t).unwrap();
    assert_eq!(merged.countries, ["AAA", "CHN"]);
    assert_eq!(merged.x, [10.0, 10.0, 10.0, 10.0]);
    assert_eq!(merged.z[2 * 4 + 3], 1.0);
}
