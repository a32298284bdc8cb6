//! Fuzzing on stable Rust (issue 14): every parser of this crate (BACI, Comtrade, and the
//! country, HS-BEC, product list, description, ideal point and distance tables) gets
//! arbitrary bytes and structured mutations of a valid file (bytes deleted, inserted or
//! replaced, lines doubled or dropped, the file cut short, tricky tokens such as `NaN` or
//! `1e305` spliced in). Each run must end without a panic, in either an error that names
//! the file and a line (`path:LINE:`) or a result whose accounting
//! holds (`rows_read = used + rejected + excluded`, every rejected line listed, a finite
//! total).
//!
//! `CHAINLENS_FUZZ_CASES` sets the number of cases per property (default 48, a few
//! seconds in debug). Inputs the fuzzing found are kept as plain tests in `robustness.rs`.

use super::COUNTRIES;
use chainlens_ingest::{IngestError, ReadOptions, TradeDataset, baci, comtrade, reference};
use chainlens_testing::{apply_bytes as apply, arbitrary_bytes, config, mutations};
use proptest::prelude::*;
use std::path::Path;

/// An error that names the file and a line: `PATH:LINE:` with LINE at least 1, or, for
/// errors about the file as a whole (empty, unreadable zip), the file.
fn assert_located(err: &IngestError, path: &Path) {
    let text = err.to_string();
    let name = path.display().to_string();
    let whole_file = matches!(
        err,
        IngestError::EmptyFile { .. } | IngestError::BadZip { .. }
    );
    let rest = text
        .strip_prefix(&name)
        .unwrap_or_else(|| panic!("error does not start with the file: {text}"));
    if whole_file {
        return;
    }
    let line: u64 = rest
        .strip_prefix(':')
        .and_then(|r| r.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("error names no line: {text}"));
    assert!(line >= 1, "line 0: {text}");
}

/// What a successful read must satisfy.
fn assert_accounted(data: &TradeDataset) {
    let r = &data.report;
    assert!(r.balances(), "{r:?}");
    assert_eq!(
        r.rejects.len() as u64,
        r.rejected(),
        "every rejected line listed"
    );
    // Line 1 is possible: the CSV reader ends a record at a bare `\r`, so a header broken
    // by one has a rejected second half on line 1.
    assert!(r.rejects.iter().all(|x| x.line >= 1), "{:?}", r.rejects);
    assert!(r.value_total_usd.is_finite());
    assert!(!r.to_json().contains("null"));
    assert_eq!(
        data.flows.len() as u64,
        r.rows_used - r.duplicate_rows_merged
    );
    assert!(data.flows.value.iter().all(|v| v.is_finite() && *v > 0.0));
    assert!(
        data.flows
            .quantity
            .iter()
            .all(|q| q.is_nan() || q.is_finite())
    );
}

fn countries() -> chainlens_model::CountryTable {
    reference::parse_country_table(COUNTRIES, Path::new("c.csv")).unwrap()
}

/// Reads `bytes` as a BACI year file (strict or not) and checks the outcome.
fn read_baci(bytes: &[u8], strict: bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("BACI_HS17_Y2018_V202401.csv");
    std::fs::write(&path, bytes).unwrap();
    let options = ReadOptions {
        countries: Some(countries()),
        strict,
        ..crate::options()
    };
    match baci::read(&[&path], &options) {
        Ok(data) => assert_accounted(&data),
        Err(e) => assert_located(&e, &path),
    }
}

fn read_comtrade(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("comtrade.csv");
    std::fs::write(&path, bytes).unwrap();
    let options = ReadOptions {
        countries: Some(countries()),
        ..crate::options()
    };
    match comtrade::read(&[&path], &options) {
        Ok(data) => assert_accounted(&data),
        Err(e) => assert_located(&e, &path),
    }
}

/// Decodes `bytes` as `read_text` would, then runs `parse` on the text; both may only fail
/// with a located error.
fn small_csv<T>(bytes: &[u8], parse: impl Fn(&str, &Path) -> Result<T, IngestError>) {
    let path = Path::new("small.csv");
    match chainlens_ingest::decode_utf8(bytes.to_vec(), path) {
        Ok(text) => {
            if let Err(e) = parse(&text, path) {
                assert_located(&e, path);
            }
        }
        Err(e) => assert_located(&e, path),
    }
}

const BACI: &str = "t,i,j,k,v,q\n2018,156,842,854231,1.500,\"     2.000\"\n2018,392,842,854231,0.250,NA\n2018,392,410,281111,4.125,0.026\n2018,156,842,854231,2.000,1.000\n";
const COMTRADE: &str = "refYear,reporterCode,flowCode,partnerCode,partner2Code,cmdCode,aggrLevel,customsCode,motCode,primaryValue,netWgt\n2018,842,M,156,0,854231,6,C00,0,1500.5,2000\n2018,842,M,392,0,854231,6,C00,0,500,\n2018,410,M,392,0,281111,6,C00,0,7000,1000.25\n2018,842,X,156,0,854231,6,C00,0,10,\n";
const HS_BEC: &str = "HS 2017,BEC,Relationship\n010121,41,n:1\n280530,111,n:1\n,,\n854231,42,1:1\n";
const PRODUCTS: &str = "hs6,name\n281111,hf\n\"392099\",film\n10121,horses\n";
const BLOCS: &str = "iso3,bloc\nUSA,west\nJPN,west\nCHN,east\n";
const DESCRIPTIONS: &str =
    "code,description\n010121,\"Horses; live, pure-bred\"\n281111,Hydrogen fluoride\n";
const IDEAL_POINTS: &str = "iso3c,session,IdealPointAll\nUSA,78,2.500157\nCHN,78,NA\n";
const PAIRS: &str = "iso3_a,iso3_b,distance\nUSA,CHN,0.9\nJPN,KOR,0.25\n";

proptest! {
    #![proptest_config(config())]

    #[test]
    fn baci_survives_mutations(m in mutations(), strict in any::<bool>()) {
        read_baci(&apply(BACI, &m), strict);
    }

    #[test]
    fn baci_survives_arbitrary_bytes(bytes in arbitrary_bytes()) {
        let mut file = b"t,i,j,k,v,q\n".to_vec();
        file.extend(bytes);
        read_baci(&file, false);
    }

    #[test]
    fn comtrade_survives_mutations(m in mutations()) {
        read_comtrade(&apply(COMTRADE, &m));
    }

    #[test]
    fn comtrade_survives_arbitrary_bytes(bytes in arbitrary_bytes()) {
        read_comtrade(&bytes);
    }

    #[test]
    fn country_tables_survive(m in mutations(), bytes in arbitrary_bytes()) {
        small_csv(&apply(COUNTRIES, &m), reference::parse_country_table);
        small_csv(&bytes, reference::parse_country_table);
    }

    #[test]
    fn hs_bec_tables_survive(m in mutations(), bytes in arbitrary_bytes()) {
        small_csv(&apply(HS_BEC, &m), reference::parse_hs_bec);
        small_csv(&bytes, reference::parse_hs_bec);
    }

    #[test]
    fn product_lists_survive(m in mutations(), bytes in arbitrary_bytes()) {
        small_csv(&apply(PRODUCTS, &m), reference::parse_product_list);
        small_csv(&bytes, reference::parse_product_list);
    }

    #[test]
    fn descriptions_and_ideal_points_survive(m in mutations(), bytes in arbitrary_bytes()) {
        small_csv(&apply(DESCRIPTIONS, &m), reference::parse_descriptions);
        small_csv(&bytes, reference::parse_descriptions);
        small_csv(&apply(IDEAL_POINTS, &m), reference::parse_ideal_points);
        small_csv(&bytes, reference::parse_ideal_points);
    }

    #[test]
    fn distance_files_survive(m in mutations(), pairs in any::<bool>(), bytes in arbitrary_bytes()) {
        let table = countries();
        let resolve = |t: &str, p: &Path| reference::resolve_distance_file(t, p, &table);
        small_csv(&apply(if pairs { PAIRS } else { BLOCS }, &m), resolve);
        small_csv(&bytes, resolve);
    }
}
