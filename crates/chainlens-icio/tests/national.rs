//! OECD national input-output tables (2021 edition) of China and Japan, read in place from
//! ../shared/data/oecd-iot2021-national: the year asked for, the ICIO 2021 industry codes,
//! value added as all primary inputs, the accounting, and the errors of a file that holds
//! several years.

use chainlens_icio::{Format, ReadOptions, detect, read_table};
use std::path::PathBuf;

fn national(economy: &str) -> PathBuf {
    let p = chainlens_testing::shared_data().join(format!(
        "oecd-iot2021-national/OECD21ed_{economy}_1995to2018.csv"
    ));
    assert!(p.exists(), "{} not found", p.display());
    p
}

fn year(y: u16) -> ReadOptions {
    ReadOptions {
        year: Some(y),
        ..Default::default()
    }
}

#[test]
fn china_2018_is_one_economy_of_45_industries() {
    let path = national("CHN");
    assert_eq!(detect(&path).unwrap(), Format::OecdNational);
    let (t, report) = read_table(&path, year(2018)).unwrap();
    assert_eq!(t.countries, ["CHN"]);
    assert_eq!(
        (
            t.sectors.len(),
            t.sectors[0].as_str(),
            t.sectors[44].as_str()
        ),
        (45, "D01T02", "D97T98")
    );
    // The file's rows 01 and OUTPUT: agriculture's output, its own use of itself.
    assert_eq!(t.x[0], 1_913_100.8);
    assert_eq!(t.z[0], 416_562.1);
    // Value added is VALU plus the two tax rows, so output less intermediate inputs, to
    // the file's rounding.
    let inputs: f64 = (0..45).map(|i| t.z[i * 45]).sum();
    assert!(
        (t.x[0] - inputs - t.va[0]).abs() < 1.0,
        "{} {}",
        t.x[0] - inputs,
        t.va[0]
    );
    let categories: Vec<&str> = t.fd_columns.iter().map(|c| c.category.as_str()).collect();
    assert_eq!(
        categories,
        [
            "HFCE",
            "NPISH",
            "GGFC",
            "GFCF",
            "INVNT",
            "CONS_ABR",
            "CONS_NONRES",
            "EXPO",
            "IMPO"
        ]
    );
    // Rounded to 0.1: every row and column within a few tenths (none beyond 1e-4).
    assert!(
        report.max_rel_row_gap < 1e-4 && report.max_rel_col_gap < 1e-4,
        "{}",
        report.summary(3)
    );
    // China's value added of 2018 in USD million (GDP at basic prices plus net product taxes).
    let va: f64 = t.va.iter().sum();
    assert!((va - 13_487_252.8).abs() < 1.0, "{va}");
}

#[test]
fn japan_reads_too_and_several_years_need_one_chosen() {
    let (t, _) = read_table(&national("JPN"), year(1995)).unwrap();
    assert_eq!(t.countries, ["JPN"]);
    let err = read_table(&national("JPN"), ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the file holds JPN 1995-2018: give --year"),
        "{err}"
    );
    let err = read_table(&national("JPN"), year(2030))
        .unwrap_err()
        .to_string();
    assert!(err.contains("no table for 2030 found"), "{err}");
}

#[test]
fn a_row_given_twice_or_no_row_at_all_is_refused_with_its_place() {
    let text = std::fs::read_to_string(national("CHN")).unwrap();
    let header = text.lines().next().unwrap();
    let first = text.lines().nth(1).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let twice = dir.path().join("twice.csv");
    std::fs::write(&twice, format!("{header}\n{first}\n{first}\n")).unwrap();
    let err = read_table(&twice, ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("twice.csv:3: label \"01\": the row appears twice in the table of CHN 1995"),
        "{err}"
    );
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, format!("{header}\n")).unwrap();
    let err = read_table(&empty, ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("empty.csv: no data row found"), "{err}");
}
