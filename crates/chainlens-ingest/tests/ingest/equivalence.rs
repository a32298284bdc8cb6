//! The same numbers whichever way the data arrives: a BACI directory, its zip,
//! the cache written from either (a property test over random small tables), and
//! a UN Comtrade file holding the same flows.

use super::{COUNTRIES, baci_dir, zip_dir};
use chainlens_ingest::{ReadOptions, TradeDataset, cache, open};
use proptest::prelude::*;
use std::fmt::Write;

const CODES: [u16; 6] = [4, 156, 392, 410, 842, 0];

fn same(a: &TradeDataset, b: &TradeDataset) {
    assert_eq!(a.flows.year, b.flows.year);
    assert_eq!(a.flows.exporter, b.flows.exporter);
    assert_eq!(a.flows.importer, b.flows.importer);
    assert_eq!(a.flows.product, b.flows.product);
    assert_eq!(a.flows.value, b.flows.value);
    let bits = |q: &[f64]| q.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a.flows.quantity), bits(&b.flows.quantity));
    assert_eq!(a.report, b.report);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn directory_zip_and_cache_agree(rows in proptest::collection::vec(
        (2017u16..=2018, 0usize..6, 0usize..6, 0u32..1_000_000, -5i64..100_000, proptest::option::of(0u32..10_000)),
        0..60,
    )) {
        let mut text = String::from("t,i,j,k,v,q\n");
        for (t, e, m, k, v, q) in &rows {
            let q = q.map_or("NA".to_string(), |q| format!("{}.{:03}", q / 1000, q % 1000));
            writeln!(text, "{t},{},{},{k:06},{}.{:03},{q}", CODES[*e], CODES[*m], v / 1000, v.rem_euclid(1000)).unwrap();
        }
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("baci");
        baci_dir(&dir, &[("BACI_HS17_Y2017_V1.csv", &text)]);
        let zip = tmp.path().join("baci.zip");
        zip_dir(&dir, &zip);
        let from_dir = open(&dir, &crate::options()).unwrap();
        let from_zip = open(&zip, &crate::options()).unwrap();
        same(&from_dir, &from_zip);
        let cache_dir = tmp.path().join("cache");
        cache::write(&from_dir, &cache_dir).unwrap();
        let from_cache = open(&cache_dir, &crate::options()).unwrap();
        same(&from_dir, &from_cache);
        prop_assert!(from_cache.report.balances());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(24) })]
    /// Issue 12: `--countries` and `--years` are honoured for a cache as for raw files
    /// (keys distinct, so that no cache row stands for several input lines; no aggregate,
    /// whose rows the cache has already excluded under another reason).
    #[test]
    fn a_cache_honours_the_read_options_as_raw_files_do(rows in proptest::collection::vec(
        (2017u16..=2018, 0usize..5, 0usize..5, 1i64..100_000),
        0..60,
    )) {
        let mut text = String::from("t,i,j,k,v,q\n");
        for (k, (t, e, m, v)) in rows.iter().enumerate() {
            writeln!(text, "{t},{},{},{:06},{}.{:03},1", CODES[*e], CODES[*m], 10_000 + k, v / 1000, v % 1000).unwrap();
        }
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("baci");
        baci_dir(&dir, &[("BACI_HS17_Y2017_V1.csv", &text)]);
        let cache_dir = tmp.path().join("cache");
        cache::write(&open(&dir, &crate::options()).unwrap(), &cache_dir).unwrap();
        // Japan (392) is unknown to this table, and only 2018 is read.
        let table = COUNTRIES.replace("392,Japan,JP,JPN\n", "");
        let options = ReadOptions {
            countries: Some(chainlens_ingest::reference::parse_country_table(&table, std::path::Path::new("t.csv")).unwrap()),
            window: chainlens_ingest::YearWindow::parse("2018"),
            ..crate::options()
        };
        let raw = open(&dir, &options).unwrap();
        let cached = open(&cache_dir, &options).unwrap();
        prop_assert_eq!(&raw.flows.exporter, &cached.flows.exporter);
        prop_assert_eq!(&raw.flows.importer, &cached.flows.importer);
        prop_assert_eq!(&raw.flows.value, &cached.flows.value);
        prop_assert_eq!(raw.report.rows_used, cached.report.rows_used);
        prop_assert_eq!(raw.report.unknown_country, cached.report.unknown_country);
        prop_assert_eq!(&raw.report.unknown_country_codes, &cached.report.unknown_country_codes);
        prop_assert_eq!(raw.report.outside_window, cached.report.outside_window);
        prop_assert!(cached.report.balances());
    }
}

#[test]
fn comtrade_imports_view_matches_baci() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("baci");
    baci_dir(
        &dir,
        &[(
            "BACI_HS17_Y2018_V1.csv",
            "t,i,j,k,v,q\n2018,156,842,854231,1.5,2\n2018,392,842,854231,0.5,NA\n2018,392,410,281111,7,1\n",
        )],
    );
    let baci = open(&dir, &crate::options()).unwrap();
    // The same flows as Comtrade import records (reporter = importer, value in USD, kg),
    // plus lines Comtrade has and BACI has not: World partner, a chapter total, an
    // export record, a customs-procedure breakdown, and a bad byte.
    let comtrade = "refYear,reporterCode,reporterISO,flowCode,partnerCode,partnerISO,partner2Code,cmdCode,aggrLevel,isAggregate,customsCode,motCode,primaryValue,cifvalue,fobvalue,netWgt
2018,842,USA,M,156,CHN,0,854231,6,false,C00,0,1500,1500,,2000
2018,842,USA,M,392,JPN,0,854231,6,false,C00,0,500,500,,
2018,410,KOR,M,392,JPN,0,281111,6,false,C00,0,7000,7000,,1000
2018,842,USA,M,0,W00,0,854231,6,true,C00,0,2000,2000,,
2018,842,USA,M,156,CHN,0,85,2,true,C00,0,9000,9000,,
2018,842,USA,X,156,CHN,0,854231,6,false,C00,0,10,,10,
2018,842,USA,M,156,CHN,0,854231,6,false,C01,0,700,700,,
2018,842,USA,M,156,C\u{fffd}N,0,854231,6,false,C00,0,1500
";
    let path = tmp.path().join("comtrade.csv");
    let mut bytes = comtrade.as_bytes().to_vec();
    // Replace the U+FFFD with an invalid UTF-8 byte.
    let at = bytes
        .windows(3)
        .position(|w| w == "\u{fffd}".as_bytes())
        .unwrap();
    bytes.splice(at..at + 3, [0xffu8]);
    std::fs::write(&path, bytes).unwrap();
    let ct = open(
        &path,
        &ReadOptions {
            countries: Some(
                chainlens_ingest::reference::parse_country_table(COUNTRIES, "c.csv".as_ref())
                    .unwrap(),
            ),
            ..crate::options()
        },
    )
    .unwrap();
    assert_eq!(ct.flows.exporter, baci.flows.exporter);
    assert_eq!(ct.flows.importer, baci.flows.importer);
    assert_eq!(ct.flows.product, baci.flows.product);
    assert_eq!(ct.flows.value, baci.flows.value);
    assert_eq!(
        format!("{:?}", ct.flows.quantity),
        format!("{:?}", baci.flows.quantity)
    );
    let r = &ct.report;
    assert_eq!((r.rows_read, r.rows_used), (8, 3));
    assert_eq!(
        (
            r.aggregate_country,
            r.non_hs6_code,
            r.other_flow,
            r.comtrade_breakdown
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(r.wrong_field_count, 1, "the last line has too few fields");
    assert!(r.balances());
}

#[test]
fn comtrade_breakdowns_and_bad_utf8() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("c.csv");
    let mut text = b"refYear,reporterCode,flowCode,partnerCode,cmdCode,customsCode,primaryValue,reporterDesc\n".to_vec();
    text.extend_from_slice(b"2018,842,M,156,854231,C00,5,ok\n");
    text.extend_from_slice(b"2018,842,M,156,854231,C01,5,ok\n");
    text.extend_from_slice(b"2018,842,M,156,854232,C00,5,bad\xff\n");
    std::fs::write(&path, text).unwrap();
    let data = open(&path, &crate::options()).unwrap();
    assert_eq!(
        (
            data.report.rows_used,
            data.report.comtrade_breakdown,
            data.report.bad_utf8
        ),
        (1, 1, 1)
    );
    assert_eq!(data.report.rejects[0].line, 4);
}

#[test]
fn a_damaged_cache_is_a_named_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("baci");
    baci_dir(
        &dir,
        &[(
            "BACI_HS17_Y2018_V1.csv",
            "t,i,j,k,v,q\n2018,156,842,854231,1,1\n2018,156,392,854231,2,1\n",
        )],
    );
    let data = open(&dir, &crate::options()).unwrap();
    let cache_dir = tmp.path().join("cache");
    cache::write(&data, &cache_dir).unwrap();
    let parquet = cache_dir.join(cache::FLOWS_FILE);
    let bytes = std::fs::read(&parquet).unwrap();
    for cut in [bytes.len() / 2, bytes.len() - 9] {
        std::fs::write(&parquet, &bytes[..cut]).unwrap();
        let err = open(&cache_dir, &crate::options()).unwrap_err();
        assert!(
            matches!(err, chainlens_ingest::IngestError::Cache { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("flows.parquet"), "{err}");
    }
}

/// A two-row cache written from a BACI directory, and the dataset it came from.
fn two_row_cache(tmp: &std::path::Path) -> (TradeDataset, std::path::PathBuf) {
    let dir = tmp.join("baci");
    baci_dir(
        &dir,
        &[(
            "BACI_HS17_Y2018_V1.csv",
            "t,i,j,k,v,q\n2018,156,842,854231,1,1\n2018,156,392,854231,2,NA\n",
        )],
    );
    let data = open(&dir, &crate::options()).unwrap();
    let cache_dir = tmp.join("cache");
    cache::write(&data, &cache_dir).unwrap();
    (data, cache_dir)
}

#[test]
fn a_cache_opens_by_borrowing_its_column_file_and_falls_back_to_parquet() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, cache_dir) = two_row_cache(tmp.path());
    let mapped = open(&cache_dir, &crate::options()).unwrap();
    same(&data, &mapped);
    assert!(mapped.flows.value.is_borrowed() && mapped.flows.exporter.is_borrowed());
    std::fs::remove_file(cache_dir.join("flows.columns")).unwrap();
    let decoded = open(&cache_dir, &crate::options()).unwrap();
    same(&data, &decoded);
    assert!(!decoded.flows.value.is_borrowed());
}

#[test]
fn a_column_file_written_with_another_parquet_file_is_not_used() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, cache_dir) = two_row_cache(tmp.path());
    let columns = cache_dir.join("flows.columns");
    let written = std::fs::read(&columns).unwrap();
    // Another cache of one row: its Parquet file, then the first cache's column file.
    let mut one_row = data.clone();
    one_row.flows = one_row.flows.truncated(1);
    let other = tmp.path().join("other");
    cache::write(&one_row, &other).unwrap();
    std::fs::copy(
        other.join(cache::FLOWS_FILE),
        cache_dir.join(cache::FLOWS_FILE),
    )
    .unwrap();
    std::fs::copy(other.join("meta.json"), cache_dir.join("meta.json")).unwrap();
    std::fs::write(&columns, written).unwrap();
    let read = open(&cache_dir, &crate::options()).unwrap();
    assert_eq!(
        read.flows.value,
        vec![2000.0],
        "the Parquet file's one row (to 392)"
    );
    assert!(!read.flows.value.is_borrowed());
}

#[test]
fn a_damaged_column_file_is_a_named_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, cache_dir) = two_row_cache(tmp.path());
    let columns = cache_dir.join("flows.columns");
    let mut bytes = std::fs::read(&columns).unwrap();
    // The exporter column starts on the third page after the header's: year, product.
    bytes[3 * 4096..3 * 4096 + 2].copy_from_slice(&1000u16.to_ne_bytes());
    std::fs::write(&columns, &bytes).unwrap();
    let err = open(&cache_dir, &crate::options()).unwrap_err();
    assert!(err.to_string().contains("flows.columns"), "{err}");
    assert!(err.to_string().contains("exporter"), "{err}");
    bytes.truncate(bytes.len() - 1);
    std::fs::write(&columns, &bytes).unwrap();
    let err = open(&cache_dir, &crate::options()).unwrap_err();
    assert!(err.to_string().contains("flows.columns"), "{err}");
}
