//! Real BACI rows from `../shared/data/baci-extract-zaf-afg-exports/` (every export of
//! South Africa and Afghanistan; counts from its SOURCE.md), read in place. The tests
//! fail when `../shared` is not beside the repository.

use chainlens_ingest::open;
use chainlens_ingest::reference::HsEdition;
use chainlens_model::CountryCode;
use std::path::PathBuf;

fn extract(name: &str) -> PathBuf {
    chainlens_testing::shared_data()
        .join("baci-extract-zaf-afg-exports")
        .join(name)
}

#[test]
fn hs17_2020_extract_reads_every_row() {
    let src = extract("iopspackage_ExampleTradeData_BACI_HS17_Y2020_V202301.csv");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&src, dir.path().join("BACI_HS17_Y2020_V202301.csv")).unwrap();
    let data = open(dir.path(), &crate::options()).unwrap();
    let r = &data.report;
    // SOURCE.md: 72,097 rows; exporters 710 (69,685 rows) and 4 (2,412 rows).
    assert_eq!(r.rows_read, 72_097);
    assert!(r.balances());
    assert_eq!(r.rejected(), 0);
    // No country table in the folder: ISO 3166-1 codes (which V202301 follows) are used,
    // so Italy's 380 is a country and every code is known.
    assert_eq!(data.edition, HsEdition::Hs2017);
    assert_eq!(data.report.unknown_country, 0);
    let italy = data
        .flows
        .importer
        .iter()
        .filter(|&&m| m == CountryCode::new(380).unwrap())
        .count();
    assert!(italy > 600, "{italy}");
    let zaf_rows = data
        .flows
        .exporter
        .iter()
        .filter(|&&e| e == CountryCode::new(710).unwrap())
        .count() as u64;
    assert_eq!(
        zaf_rows
            + data
                .flows
                .exporter
                .iter()
                .filter(|&&e| e == CountryCode::new(4).unwrap())
                .count() as u64,
        r.rows_used
    );
    // SOURCE.md: ZAF total about 51.1 bn USD.
    let zaf: f64 = (0..data.flows.len())
        .filter(|&i| data.flows.exporter[i] == CountryCode::new(710).unwrap())
        .map(|i| data.flows.value[i])
        .sum();
    assert!((50.0e9..51.2e9).contains(&zaf), "{zaf}");
}

#[test]
fn hs92_2021_extract_with_quoted_padded_quantities() {
    let src = extract("ExampleTradeData_BACI_HS92_Y2021_V202301.csv");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        &src,
        dir.path()
            .join("ExampleTradeData_BACI_HS92_Y2021_V202301.csv"),
    )
    .unwrap();
    let data = open(dir.path(), &crate::options()).unwrap();
    // SOURCE.md: 71,192 rows, 2,306 with q = "NA", 4,422 HS6 codes.
    assert_eq!(data.report.rows_read, 71_192);
    assert_eq!(data.report.rejected(), 0);
    // Issue 12: the edition comes from the file name, and Italy (380) is a country.
    assert_eq!(data.edition, HsEdition::Hs1992);
    assert_eq!(
        data.report.unknown_country, 0,
        "{:?}",
        data.report.unknown_country_codes
    );
    let italy = data
        .flows
        .importer
        .iter()
        .filter(|&&m| m == CountryCode::new(380).unwrap())
        .count();
    assert_eq!(italy, 661);
    let missing_q = data.flows.quantity.iter().filter(|q| q.is_nan()).count();
    assert!(missing_q <= 2306 && missing_q > 2000, "{missing_q}");
}
