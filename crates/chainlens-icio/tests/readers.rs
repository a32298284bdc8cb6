//! Readers and writers: round trips, pymrio's own test system, the published
//! exvatools table, and every named error.

use chainlens_icio::{Format, ReadOptions, aggregate, detect, example, pymrio, read_table, wide};
use std::path::PathBuf;

/// A file of the shared real test data, read in place (never copied); a
/// missing file fails the test (CI has `../shared` beside the repository).
fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel);
    assert!(
        p.exists(),
        "{} not found: the shared test data must sit beside the repository",
        p.display()
    );
    Some(p)
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

fn gzip(path: &std::path::Path, text: &str) {
    use std::io::Write;
    let f = std::fs::File::create(path).unwrap();
    let mut g = flate2::write::GzEncoder::new(f, flate2::Compression::default());
    g.write_all(text.as_bytes()).unwrap();
    g.finish().unwrap();
}

fn zip_of(path: &std::path::Path, members: &[(&str, &str)]) {
    use std::io::Write;
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    for (name, text) in members {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn gzip_and_zip_read_like_plain_files() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write(&dir, "icio.csv", OECD);
    let (want, _) = read_table(&plain, ReadOptions::default()).unwrap();
    let gz = dir.path().join("icio.csv.gz");
    gzip(&gz, OECD);
    assert_eq!(detect(&gz).unwrap(), Format::OecdCsv);
    let (got, r) = read_table(&gz, ReadOptions::default()).unwrap();
    assert!(r.is_balanced());
    assert_eq!(got, want);

    // an OECD release: one CSV per year, picked by year
    let other = OECD.replace("VA,6,5,5,5", "VA,6,5,5,9");
    let zp = dir.path().join("ICIO2023.zip");
    zip_of(
        &zp,
        &[
            ("ICIO2023_2019.csv", other.as_str()),
            ("ICIO2023_2020.csv", OECD),
            ("ReadMe.txt", "not a table"),
        ],
    );
    let year = |y| ReadOptions {
        year: Some(y),
        ..Default::default()
    };
    let (got, _) = read_table(&zp, year(2020)).unwrap();
    assert_eq!(got, want);
    let (y19, _) = read_table(&zp, year(2019)).unwrap();
    assert_eq!(y19.va[3], 10.0);
    let e = read_table(&zp, ReadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: holds 2 tables; choose one with a year (members: ICIO2023_2019.csv, ICIO2023_2020.csv)",
            zp.display()
        )
    );
    let e = read_table(&zp, year(1990)).unwrap_err();
    assert!(
        e.to_string().contains("no .csv member for year 1990"),
        "{e}"
    );
    // a zip holding one table needs no year; errors inside name the member
    let one = dir.path().join("one.zip");
    zip_of(
        &one,
        &[("t.csv", &OECD.replace("AAA_02,1,1,0,1", "AAA_02,1,x,0,1"))],
    );
    let e = read_table(&one, ReadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}!t.csv:3: column AAA_02: \"x\" is not a number",
            one.display()
        )
    );
    // a year with a single table is an error, not ignored
    let e = read_table(&plain, year(2020)).unwrap_err();
    assert!(
        e.to_string()
            .contains("a year (2020) picks a table inside a zip archive"),
        "{e}"
    );
}

#[test]
fn truncated_gzip_and_zip_are_errors_naming_the_member() {
    let dir = tempfile::tempdir().unwrap();
    // large enough that the cut falls inside the deflate stream
    let mut big = String::from(OECD);
    for _ in 0..200 {
        big.push('\n');
    }
    let gz = dir.path().join("WIOD13_ICIO_2011.csv.gz");
    gzip(&gz, &big);
    let bytes = std::fs::read(&gz).unwrap();
    std::fs::write(&gz, &bytes[..bytes.len() / 2]).unwrap();
    let e = read_table(&gz, ReadOptions::default()).unwrap_err();
    assert!(
        matches!(&e, chainlens_icio::IcioError::Archive { member, .. } if member == "WIOD13_ICIO_2011.csv"),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("member WIOD13_ICIO_2011.csv: "),
        "{e}"
    );

    // Found by the mutation campaign: cut in its 8-byte trailer, after the last row, the
    // stream failed inside the CSV reader and was reported at "line 0", no member named.
    gzip(&gz, OECD);
    let bytes = std::fs::read(&gz).unwrap();
    std::fs::write(&gz, &bytes[..bytes.len() - 5]).unwrap();
    let e = read_table(&gz, ReadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: member WIOD13_ICIO_2011.csv: truncated: the compressed stream ends early",
            gz.display()
        )
    );

    let zp = dir.path().join("rel.zip");
    zip_of(&zp, &[("ICIO_2020.csv", OECD)]);
    let bytes = std::fs::read(&zp).unwrap();
    std::fs::write(&zp, &bytes[..bytes.len() - 30]).unwrap();
    let e = read_table(&zp, ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("not a readable zip archive"), "{e}");

    // a damaged member (its directory intact) is named
    let mut damaged = bytes.clone();
    let start = 30 + "ICIO_2020.csv".len();
    for b in &mut damaged[start + 4..start + 12] {
        *b ^= 0x5a;
    }
    std::fs::write(&zp, &damaged).unwrap();
    let e = read_table(&zp, ReadOptions::default()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("{}: member ICIO_2020.csv: ", zp.display())),
        "{e}"
    );
}

#[test]
fn quoted_generic_csv_is_generic() {
    // issue 14: a generic file with every field quoted was taken for OECD
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.csv");
    let t = example::example_table();
    wide::write_generic(&t, &p).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    let quoted: String = text
        .lines()
        .map(|l| {
            l.split(',')
                .map(|f| format!("\"{f}\""))
                .collect::<Vec<_>>()
                .join(",")
                + "\n"
        })
        .collect();
    std::fs::write(&p, quoted).unwrap();
    assert_eq!(detect(&p).unwrap(), Format::GenericCsv);
    let (back, _) = read_table(&p, ReadOptions::default()).unwrap();
    assert_eq!(back.z, t.z);
}

#[test]
fn infinite_and_nan_cells_are_refused_with_their_place() {
    // issue 14: an output of inf or NaN passed with "0 imbalances"
    let dir = tempfile::tempdir().unwrap();
    for v in ["inf", "NaN"] {
        let p = write(
            &dir,
            "nf.csv",
            &OECD.replace("OUT,10,10,10,10", &format!("OUT,10,{v},10,10")),
        );
        for strict in [false, true] {
            let opts = ReadOptions {
                strict,
                ..Default::default()
            };
            let e = read_table(&p, opts).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!(
                    "{}:8: column AAA_02: \"{v}\" is not a finite number",
                    p.display()
                )
            );
        }
    }
}

#[test]
fn negative_output_is_reported_or_refused_when_strict() {
    // AAA_02 sells -1 to final demand and nothing else, output 0 (as LUX_19, WIOD 2011).
    let text = "V1,AAA_01,AAA_02,AAA_HFCE,AAA_INVNT,OUT
AAA_01,1,0,8,1,10
AAA_02,0,0,0,-1,0
VA,9,0,0,0,9
OUT,10,0,0,0,10
";
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "neg.csv", text);
    let (_, r) = read_table(&p, ReadOptions::default()).unwrap();
    assert_eq!(r.negative_output.len(), 1);
    assert_eq!(r.negative_output[0].label, "AAA_02");
    assert_eq!(r.negative_y_cells, 1);
    assert_eq!(
        r.summary(1),
        "AAA_02 row: output 0 but sales -1 = intermediate 0 + final -1 (gap -1)"
    );
    let strict = ReadOptions {
        strict: true,
        accounting: chainlens_icio::AccountingOptions {
            abs: 2.0,
            ..Default::default()
        },
        ..Default::default()
    };
    let e = read_table(&p, strict).unwrap_err();
    assert!(
        e.to_string().starts_with(&format!(
            "{}: 1 negative cells (Z 0, Y 1), most negative -1 at Y[AAA_02, AAA_INVNT]; 1 country-sector(s) with negative output, treated as zero output: AAA_02 (output 0, Z 1 + Y 1 = -1)",
            p.display()
        )),
        "{e}"
    );
}

/// WIOD 2013 release, 2011 (../shared/data/wiod2013, OECD ICIO layout, gzip):
/// 41 regions x 35 industries; LUX_19 and LUX_23 have output 0 and a -1
/// inventory change, the quirk that stopped the table before (issue 13).
/// World output 141,767,904 USD million as SOURCE.md states (WIOT r69).
#[test]
fn wiod_2013_gzip_reads_with_its_quirks_reported() {
    let p = shared("wiod2013/icio_layout/WIOD13_ICIO_2011.csv.gz").unwrap();
    let (t, r) = read_table(&p, ReadOptions::default()).unwrap();
    assert_eq!((t.n_countries(), t.n_sectors()), (41, 35));
    assert_eq!(t.countries[0], "AUS");
    assert_eq!(t.countries[40], "ROW");
    let total: f64 = t.x.iter().sum();
    assert_eq!(total, 141_767_904.0);
    let neg: Vec<(&str, f64)> = r
        .negative_output
        .iter()
        .map(|n| (n.label.as_str(), n.row_sum))
        .collect();
    assert_eq!(neg, [("LUX_19", -1.0), ("LUX_23", -1.0)]);
    assert_eq!(r.zero_output.len(), 22);
    assert!(r.zero_output_with_flows.is_empty());
    assert_eq!(r.negative_z_cells + r.negative_y_cells, 352);
    let strict = ReadOptions {
        strict: true,
        ..Default::default()
    };
    assert!(read_table(&p, strict).is_err());
}
