//! Malformed inputs give named errors, never a panic.

use chainlens_icio::{ReadOptions, read_table};

#[test]
fn malformed_csvs_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str, &str)] = &[
        ("empty", "", "file is empty"),
        ("header-only", "V1,AAA_01\n", "no country-sector rows"),
        (
            "ragged",
            "V1,AAA_01,AAA_HFCE\nAAA_01,1\n",
            "2 fields, the header has 3",
        ),
        (
            "no-underscore",
            "V1,AAA_01,AAA_HFCE\nAAA01,1,2\n",
            "expected <country>_<industry>",
        ),
        (
            "too-few-columns",
            "V1,AAA_01\nAAA_01,1\nAAA_02,1\nVA,1\n",
            "intermediate-use columns",
        ),
        (
            "unknown-fd-country",
            "V1,AAA_01,ZZZ_HFCE\nAAA_01,1,2\nVA,1,0\n",
            "final-demand columns are <country>_<category>",
        ),
        (
            "no-va",
            "V1,AAA_01,AAA_HFCE\nAAA_01,1,2\n",
            "no value-added row",
        ),
        (
            "split-country",
            "V1,AAA_01,BBB_01,AAA_02,AAA_HFCE\nAAA_01,0,0,0,1\nBBB_01,0,0,0,1\nAAA_02,0,0,0,1\nVA,1,1,1,0\n",
            "rows of a country must be contiguous",
        ),
        (
            "irregular",
            "V1,AAA_01,AAA_02,BBB_01,AAA_HFCE\nAAA_01,0,0,0,1\nAAA_02,0,0,0,1\nBBB_01,0,0,0,1\nVA,1,1,1,0\n",
            "has sectors 01, expected 01,02",
        ),
        (
            "generic-missing-sector",
            "country,sector,A_x,A_T\nA,,1,2\n",
            "needs both a country and a sector",
        ),
        ("quote", "V1,AAA_01\n\"AAA_01,1\n", ""),
    ];
    for (name, text, want) in cases {
        let p = dir.path().join(format!("{name}.csv"));
        std::fs::write(&p, text).unwrap();
        let e = read_table(&p, ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains(want), "{name}: {e}");
    }
    let e = read_table(dir.path(), ReadOptions::default()).unwrap_err();
    assert!(
        e.to_string()
            .contains("not a recognised input-output table"),
        "{e}"
    );
}

#[test]
fn malformed_pymrio_folders_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("Z.txt"), "region\t\tr1\nsector\t\ts1\nr1\ts1\t1\n").unwrap();
    let e = read_table(d, ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("no Y.txt found"), "{e}");
    std::fs::write(d.join("Y.txt"), "r1\ts1\t4\n").unwrap();
    let e = read_table(d, ReadOptions::default()).unwrap_err();
    assert!(
        e.to_string().contains("region and category header rows"),
        "{e}"
    );
    std::fs::write(d.join("Y.txt"), "region\t\tr1\ncategory\t\tc\nr1\ts1\tx\n").unwrap();
    let e = read_table(d, ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("no data line"), "{e}");
    std::fs::write(d.join("Y.txt"), "region\t\tr1\ncategory\t\tc\nr1\ts1\t3\n").unwrap();
    let (t, r) = read_table(d, ReadOptions::default()).unwrap();
    assert_eq!(t.x, [4.0]);
    assert!(r.is_balanced());
}

/// The error text of reading `path`.
fn read_error(path: &std::path::Path) -> String {
    read_table(path, ReadOptions::default())
        .unwrap_err()
        .to_string()
}

/// Found by the mutation campaign (scripts/mutation-campaign): an invalid byte in the
/// header was reported as "stream did not contain valid UTF-8" without a line, and a
/// country with other sectors than the first without the line of its first odd row.
#[test]
fn invalid_utf8_and_irregular_sectors_name_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.csv");
    std::fs::write(&p, b"V1,A_01,A\xb2_02\nA_01,1\n").unwrap();
    assert_eq!(
        read_error(&p),
        format!("{}:1: invalid UTF-8 (byte 0xb2 at column 10)", p.display())
    );
    std::fs::write(
        &p,
        "V1,A_01,A_02,B_01,B_02,A_HFCE\nA_01,0,0,0,0,1\nA_02,0,0,0,0,1\nB_02,0,0,0,0,1\nB_01,0,0,0,0,1\nVA,1,1,1,1,0\n",
    )
    .unwrap();
    assert_eq!(
        read_error(&p),
        format!(
            "{}:4: country B has sectors 02,01, expected 01,02 as for the first country",
            p.display()
        )
    );
}

/// Found by the campaign: pymrio files named no line for invalid UTF-8, a missing
/// header, odd sectors or labels that differ from Z's columns (all reported at line 0).
#[test]
fn pymrio_errors_name_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let z = d.join("Z.txt");
    let y = d.join("Y.txt");
    std::fs::write(
        &y,
        "region\t\tr1\tr2\ncategory\t\tc\tc\nr1\ts1\t3\t0\nr2\ts1\t0\t3\n",
    )
    .unwrap();
    std::fs::write(
        &z,
        b"region\t\tr1\tr2\nsector\t\ts1\ts1\nr1\ts1\t1\t0\nr2\ts\xff1\t0\t1\n",
    )
    .unwrap();
    assert_eq!(
        read_error(d),
        format!("{}:4: invalid UTF-8 (byte 0xff at column 5)", z.display())
    );
    std::fs::write(&z, "r1\ts1\t1\t0\nr2\ts1\t0\t1\n").unwrap();
    assert!(
        read_error(d).starts_with(&format!(
            "{}:1: no region and sector header rows above this first data line",
            z.display()
        )),
        "{}",
        read_error(d)
    );
    std::fs::write(
        &z,
        "region\t\tr1\tr2\nsector\t\ts1\ts2\nr1\ts1\t1\t0\nr2\ts1\t0\t1\n",
    )
    .unwrap();
    assert_eq!(
        read_error(d),
        format!(
            "{}:4: label \"r2/s1\": row 2 and column 2 of Z must name the same region and sector",
            z.display()
        )
    );
}
