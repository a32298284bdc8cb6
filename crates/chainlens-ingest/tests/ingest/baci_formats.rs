//! Hand-made BACI files exercising every rejection and exclusion reason, and the
//! defined behaviour of empty files, truncated zips, missing country tables,
//! duplicate keys and `--strict`.

use super::{baci_dir, zip_dir};
use chainlens_ingest::{IngestError, ReadOptions, YearWindow, open};
use chainlens_model::{CountryCode, Hs6, Year};

/// One line per reason; the comment after each says which (checked by the counts below).
const MIXED: &str = "\u{feff}\"t\",\"i\",\"j\",\"k\",\"v\",\"q\"
2018,156,842,010121,1.5,\"     2.000\"
2018,156,842,10122,0.25,NA
2018,156,842,854231,2
2018,156,842,85423x,2,1
2018,156,8421,854231,2,1
2018,156,842,854231,0,1
2018,156,156,854231,3,1
2018,156,5,854231,3,1
2018,156,0,854231,3,1
2017,392,410,281111,4.125,
2018,156,842,854231,-1,1
2018,156,899,854231,3,1
1800,156,842,854231,3,1
2018,156,842,854231,abc,1
";

fn read_mixed(window: Option<YearWindow>) -> chainlens_ingest::TradeDataset {
    let dir = tempfile::tempdir().unwrap();
    baci_dir(dir.path(), &[("BACI_HS17_Y2018_V202401.csv", MIXED)]);
    open(
        dir.path(),
        &ReadOptions {
            window,
            ..crate::options()
        },
    )
    .unwrap()
}

#[test]
fn every_reason_is_counted_once() {
    let data = read_mixed(None);
    let r = &data.report;
    assert_eq!(r.rows_read, 14);
    assert_eq!(r.rows_used, 3);
    assert_eq!(r.wrong_field_count, 1);
    assert_eq!(r.unparsable_number, 2, "85423x and abc");
    assert_eq!(r.code_out_of_range, 2, "importer 8421 and year 1800");
    assert_eq!(r.nonpositive_value, 2);
    assert_eq!(r.self_trade, 1);
    assert_eq!(r.unknown_country, 1);
    assert_eq!(r.aggregate_country, 2);
    assert!(r.balances());
    // Values become USD exactly; a bare-integer product code keeps its leading zero.
    assert_eq!(data.flows.value, vec![4125.0, 1500.0, 250.0]);
    assert_eq!(
        data.flows.product,
        vec![Hs6(281111), Hs6(10121), Hs6(10122)]
    );
    assert_eq!(data.flows.year[0], Year(2017));
    assert!(data.flows.quantity[0].is_nan() && data.flows.quantity[2].is_nan());
    assert_eq!(data.flows.quantity[1], 2.0);
    assert_eq!(r.value_total_usd, 5875.0);
    // Rejected lines keep their file, line, field and raw text.
    let first = &r.rejects[0];
    assert!(first.file.ends_with("BACI_HS17_Y2018_V202401.csv"));
    assert_eq!((first.line, first.field), (4, "row"));
    assert_eq!(first.raw, "2018,156,842,854231,2");
    let lines: Vec<(u64, &str)> = r.rejects.iter().map(|x| (x.line, x.field)).collect();
    assert_eq!(
        lines,
        vec![(4, "row"), (5, "k"), (6, "j"), (14, "t"), (15, "v")]
    );
    let csv = r.rejects_csv();
    assert!(csv.starts_with("file,line,reason,field,raw\n"));
    assert!(csv.contains(",5,unparsable_number,k,\"2018,156,842,85423x,2,1\""));
}

#[test]
fn window_exclusions_come_last() {
    let data = read_mixed(YearWindow::parse("2018"));
    assert_eq!(data.report.outside_window, 1);
    assert_eq!(data.report.rows_used, 2);
    assert!(data.report.balances());
}

#[test]
fn strict_names_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    baci_dir(dir.path(), &[("BACI_HS17_Y2018_V202401.csv", MIXED)]);
    let err = open(
        dir.path(),
        &ReadOptions {
            strict: true,
            ..crate::options()
        },
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("BACI_HS17_Y2018_V202401.csv:4: field `row`: wrong_field_count"),
        "{text}"
    );
}

#[test]
fn duplicate_keys_are_summed_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let text = "t,i,j,k,v,q\n2018,156,842,854231,1,1\n2018,156,842,854231,2,NA\n";
    baci_dir(dir.path(), &[("BACI_HS17_Y2018_V202401.csv", text)]);
    let data = open(dir.path(), &crate::options()).unwrap();
    assert_eq!(data.flows.value, vec![3000.0]);
    assert_eq!(data.flows.quantity, vec![1.0]);
    assert_eq!(
        (data.report.rows_used, data.report.duplicate_rows_merged),
        (2, 1)
    );
}

#[test]
fn empty_file_and_bad_header_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    baci_dir(dir.path(), &[("BACI_HS17_Y2018_V202401.csv", "")]);
    let err = open(dir.path(), &crate::options()).unwrap_err();
    assert!(matches!(err, IngestError::EmptyFile { .. }), "{err}");
    baci_dir(
        dir.path(),
        &[("BACI_HS17_Y2018_V202401.csv", "year,i,j,k,v,q\n")],
    );
    let err = open(dir.path(), &crate::options()).unwrap_err();
    assert!(
        err.to_string()
            .ends_with(":1: header: expected `t,i,j,k,v,q`, found `year,i,j,k,v,q`"),
        "{err}"
    );
    // A header alone is a valid, empty year.
    baci_dir(
        dir.path(),
        &[("BACI_HS17_Y2018_V202401.csv", "t,i,j,k,v,q\n")],
    );
    assert_eq!(open(dir.path(), &crate::options()).unwrap().flows.len(), 0);
}

#[test]
fn directory_without_year_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    baci_dir(dir.path(), &[("notes.txt", "x")]);
    let err = open(dir.path(), &crate::options()).unwrap_err();
    assert!(matches!(err, IngestError::NoBaciFiles { .. }));
}

#[test]
fn missing_country_table_falls_back_to_iso_codes_with_baci_exceptions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("BACI_HS17_Y2018_V202201.csv"),
        "t,i,j,k,v,q\n2018,156,842,854231,1,1\n",
    )
    .unwrap();
    let data = open(dir.path(), &crate::options()).unwrap();
    // BACI's (and Comtrade's) 842 is filed under the USA's ISO code, 840.
    assert_eq!(data.flows.importer, vec![CountryCode::new(840).unwrap()]);
    assert_eq!(
        data.countries.by_iso3("USA").unwrap().code,
        CountryCode::new(840).unwrap()
    );
    assert_eq!(
        data.countries.by_iso3("TWN").unwrap().code,
        CountryCode::new(158).unwrap()
    );
}

#[test]
fn truncated_zip_is_a_named_error() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    baci_dir(
        &src,
        &[(
            "BACI_HS17_Y2018_V202401.csv",
            "t,i,j,k,v,q\n2018,156,842,854231,1,1\n",
        )],
    );
    let zip = dir.path().join("BACI_HS17_V202401.zip");
    zip_dir(&src, &zip);
    let bytes = std::fs::read(&zip).unwrap();
    std::fs::write(&zip, &bytes[..bytes.len() / 2]).unwrap();
    let err = open(&zip, &crate::options()).unwrap_err();
    assert!(matches!(err, IngestError::BadZip { .. }), "{err}");
    assert!(err.to_string().contains("BACI_HS17_V202401.zip"));
}

#[test]
fn mixed_editions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let head = "t,i,j,k,v,q\n";
    baci_dir(
        dir.path(),
        &[
            ("BACI_HS17_Y2018_V1.csv", head),
            ("BACI_HS92_Y2018_V1.csv", head),
        ],
    );
    let err = open(dir.path(), &crate::options()).unwrap_err();
    assert!(err.to_string().contains("HS17, HS92"), "{err}");
}

#[test]
fn a_single_year_file_reads_like_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    baci_dir(dir.path(), &[("BACI_HS17_Y2018_V202401.csv", MIXED)]);
    let folder = open(dir.path(), &crate::options()).unwrap();
    // The folder's country table has 0 and 899 as aggregates and no code 5; alone, the file
    // uses the ISO table, where the same holds, so the counts agree (and the USA's 842 is
    // filed under 840 there).
    let file = open(
        &dir.path().join("BACI_HS17_Y2018_V202401.csv"),
        &crate::options(),
    )
    .unwrap();
    let iso = |flows: &chainlens_model::TradeFlows| format!("{flows:?}").replace("842", "840");
    // Debug text, because missing quantities are NaN and NaN != NaN.
    assert_eq!(iso(&file.flows), iso(&folder.flows));
    assert_eq!(file.report.rows_read, folder.report.rows_read);
    assert_eq!(file.report.unknown_country, folder.report.unknown_country);
}
