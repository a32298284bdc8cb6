//! Regressions of issue 14 ("nothing breaks on bad input"): each test holds the smallest
//! input that showed a panic, a wrong success or an error without a location.

use super::baci_dir;
use chainlens_ingest::{ReadOptions, open};

fn read_baci(text: &str) -> chainlens_ingest::TradeDataset {
    let dir = tempfile::tempdir().unwrap();
    baci_dir(dir.path(), &[("BACI_HS17_Y2018_V202401.csv", text)]);
    open(dir.path(), &crate::options()).unwrap()
}

#[test]
fn values_whose_total_would_overflow_are_rejected_with_their_line() {
    // 1e305 thousands of USD is 1e308 USD; two of them summed to inf, written as null.
    let data = read_baci(
        "t,i,j,k,v,q\n2018,156,842,854231,1e305,1\n2018,392,842,854231,1e305,1\n2018,392,410,854231,2,1\n",
    );
    let r = &data.report;
    assert_eq!((r.rows_read, r.rows_used, r.code_out_of_range), (3, 1, 2));
    assert_eq!(r.value_total_usd, 2000.0);
    let lines: Vec<(u64, &str)> = r.rejects.iter().map(|x| (x.line, x.field)).collect();
    assert_eq!(lines, vec![(2, "v"), (3, "v")]);
    assert!(r.to_json().contains("\"value_total_usd\": 2000.0"));
}

#[test]
fn non_finite_numbers_are_rejected_and_nan_quantities_are_missing() {
    let data = read_baci(
        "t,i,j,k,v,q\n2018,156,842,854231,inf,1\n2018,392,842,854231,NaN,1\n2018,392,410,854231,2,NaN\n2018,4,410,854231,2,inf\n",
    );
    let r = &data.report;
    assert_eq!((r.rows_read, r.rows_used, r.unparsable_number), (4, 1, 3));
    assert!(data.flows.quantity[0].is_nan(), "NaN is a missing quantity");
}

#[test]
fn a_wide_year_span_is_read_whole() {
    // Issue 14: three lines with the years 1900 and 2100 took 2.8 s and 1.5 GiB. The
    // canonical sort's fallback is tested in `canonical.rs`
    // (`a_wide_year_span_takes_no_memory_per_year`); here, that the whole read keeps both.
    let data = read_baci("t,i,j,k,v,q\n1900,156,842,854231,1,1\n2100,392,842,854231,1,1\n");
    assert_eq!(data.flows.len(), 2);
    assert_eq!((data.flows.year[0].0, data.flows.year[1].0), (1900, 2100));
}

#[test]
fn a_country_table_that_is_not_utf8_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    baci_dir(
        dir.path(),
        &[("BACI_HS17_Y2018_V202401.csv", "t,i,j,k,v,q\n")],
    );
    std::fs::write(
        dir.path().join("country_codes_V202401.csv"),
        b"country_code,country_name,country_iso2,country_iso3\n4,Afghan\xe9stan,AF,AFG\n",
    )
    .unwrap();
    let err = open(dir.path(), &crate::options()).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("country_codes_V202401.csv:2: invalid UTF-8 (byte 0xe9 at column 9)"),
        "{err}"
    );
}

#[test]
fn a_file_cut_inside_its_last_line_is_flagged() {
    // Issue 14: `0.026` cut to `0.0` was read as a quantity of 0 with exit 0.
    let text = "t,i,j,k,v,q\n2018,156,842,854231,1.500,0.026\n2018,392,842,854231,1.500,0.0";
    let data = read_baci(text);
    let flagged: Vec<(String, u64)> = data
        .report
        .truncated_last_line
        .iter()
        .map(|t| (t.file.rsplit('/').next().unwrap().to_string(), t.line))
        .collect();
    assert_eq!(
        flagged,
        vec![("BACI_HS17_Y2018_V202401.csv".to_string(), 3)]
    );
    assert!(data.report.to_json().contains("\"truncated_last_line\": ["));
    assert!(data.report.summary().contains(":3: truncated_last_line"));
    // Whole files, with or without a final newline, are not flagged, and the report's JSON
    // keeps its keys.
    for whole in [format!("{text}26\n"), format!("{text}26")] {
        let data = read_baci(&whole);
        assert!(data.report.truncated_last_line.is_empty(), "{whole}");
        assert!(!data.report.to_json().contains("truncated"));
    }
    // Under --strict it is an error naming the line.
    let dir = tempfile::tempdir().unwrap();
    baci_dir(dir.path(), &[("BACI_HS17_Y2018_V202401.csv", text)]);
    let strict = ReadOptions {
        strict: true,
        ..crate::options()
    };
    let err = open(dir.path(), &strict).unwrap_err().to_string();
    assert!(
        err.ends_with("BACI_HS17_Y2018_V202401.csv:3: field `row`: truncated_last_line (rejected under --strict): the file ends inside this line"),
        "{err}"
    );
}

#[test]
fn a_comtrade_file_cut_inside_its_last_line_is_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.csv");
    let head = "refYear,reporterCode,flowCode,partnerCode,cmdCode,primaryValue,netWgt\n";
    std::fs::write(
        &path,
        format!("{head}2018,842,M,156,854231,5.25,1000.5\n2018,842,M,392,854231,7.25,10"),
    )
    .unwrap();
    let data = open(&path, &crate::options()).unwrap();
    let lines: Vec<u64> = data
        .report
        .truncated_last_line
        .iter()
        .map(|t| t.line)
        .collect();
    assert_eq!(lines, vec![3]);
    assert_eq!(
        data.report.rows_used, 2,
        "still read: a warning, not a rejection"
    );
}

#[test]
fn a_comtrade_total_is_the_same_from_the_raw_file_and_its_cache() {
    // Issue 14: totals with decimals differed in the last bits between the two paths
    // (report.json read back 193234.07391308158 as 193234.0739130816).
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.csv");
    let text = "refYear,reporterCode,flowCode,partnerCode,cmdCode,primaryValue\n2018,842,M,156,854231,193234.07391308158\n";
    std::fs::write(&path, text).unwrap();
    let raw = open(&path, &crate::options()).unwrap();
    let cache_dir = tmp.path().join("cache");
    chainlens_ingest::cache::write(&raw, &cache_dir).unwrap();
    let cached = open(&cache_dir, &crate::options()).unwrap();
    assert_eq!(
        raw.report.value_total_usd.to_bits(),
        cached.report.value_total_usd.to_bits()
    );
}

#[test]
fn a_bare_carriage_return_in_a_comtrade_header_loses_no_row_silently() {
    // Found by the fuzzing: the CSV reader ends a record at a bare `\r`, so the header's
    // tail becomes a data line on line 1; every line is still counted.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.csv");
    let text = "refYear,reporterCode,flowCode,partnerCode,cmdCode,primaryValue\r,netWgt\n2018,842,M,156,854231,5,1\n";
    std::fs::write(&path, text).unwrap();
    let data = open(&path, &crate::options()).unwrap();
    let r = &data.report;
    assert_eq!((r.rows_read, r.wrong_field_count), (2, 2));
    let lines: Vec<u64> = r.rejects.iter().map(|x| x.line).collect();
    assert_eq!(lines, vec![1, 2]);
}

#[test]
fn a_comtrade_file_names_its_hs_edition() {
    // Issue 12: Comtrade's classificationCode (H4 = HS2012) sets the edition; --hs-edition wins.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("comtrade.csv");
    let text = "refYear,reporterCode,flowCode,partnerCode,classificationCode,cmdCode,primaryValue\n2018,842,M,156,H4,854231,100\n";
    std::fs::write(&path, text).unwrap();
    let data = open(&path, &crate::options()).unwrap();
    assert_eq!(data.edition, chainlens_ingest::reference::HsEdition::Hs2012);
    let forced = chainlens_ingest::ReadOptions {
        edition: Some(chainlens_ingest::reference::HsEdition::Hs2022),
        ..crate::options()
    };
    assert_eq!(
        open(&path, &forced).unwrap().edition,
        chainlens_ingest::reference::HsEdition::Hs2022
    );
}
