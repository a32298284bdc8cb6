//! The trade commands on the embedded default dataset and on a small BACI folder:
//! `info`, `import baci`, `vulnerability` (summary, files, JSON), raw vs cache.

use crate::cli_snapshot;

#[test]
fn info_on_the_default_dataset() {
    cli_snapshot!("info_default", &["info"]);
}

#[test]
fn vulnerability_china_on_the_default_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    cli_snapshot!(
        "vulnerability_chn_default",
        &[
            "vulnerability",
            "--importer",
            "CHN",
            "--years",
            "2017-2018",
            "--out",
            out.to_str().unwrap()
        ],
        tmp.path()
    );
    insta::assert_snapshot!(
        "vulnerability_chn_categories",
        std::fs::read_to_string(out.join("categories.csv")).unwrap()
    );
    insta::assert_snapshot!(
        "vulnerability_chn_chapters",
        std::fs::read_to_string(out.join("chapters.csv")).unwrap()
    );
    let products = std::fs::read_to_string(out.join("products.csv")).unwrap();
    assert!(products.starts_with(
        "hs6,hs2,description,centrality,centrality_high,concentration,concentration_high,category,import_value,import_share,vulnerability\n"
    ));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    // The SYNTHETIC default's own classification (intermediate_goods_Vsynthetic.csv):
    // 594 of its 1,200 codes.
    assert_eq!(report["universe_size"], 594);
    assert_eq!(report["years"], serde_json::json!([2017, 2018]));
}

const SMALL: &str = "t,i,j,k,v,q
2018,392,410,281111,90,1
2018,156,410,281111,10,1
2018,156,410,854231,50,1
2018,842,410,854231,50,1
2018,156,392,854231,100,1
2018,410,392,281111,5,NA
2018,410,410,281111,5,NA
";

#[test]
fn import_then_vulnerability_from_raw_and_cache_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let raw = crate::baci_folder(tmp.path(), SMALL);
    let cache = tmp.path().join("cache");
    cli_snapshot!(
        "import_small",
        &[
            "import",
            "baci",
            raw.to_str().unwrap(),
            "--out",
            cache.to_str().unwrap()
        ],
        tmp.path()
    );
    let from_raw = crate::run(
        &[
            "vulnerability",
            "--trade",
            raw.to_str().unwrap(),
            "--importer",
            "KOR",
            "--format",
            "json",
        ],
        None,
    );
    let from_cache = crate::run(
        &[
            "vulnerability",
            "--trade",
            cache.to_str().unwrap(),
            "--importer",
            "KOR",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(from_raw, from_cache);
    // By hand (USD): 281111 exporters JPN 90,000, CHN 10,000, KOR 5,000 -> C = 8225/11025;
    // 854231 exporters CHN 150,000, USA 50,000 -> C = 0.625; Q0.75 of C = 0.7156, so
    // 281111 is high. Korea buys 281111 from JPN/CHN: H = 0.82; 854231 from CHN/USA:
    // H = 0.5; Q0.75 of H = 0.74, so 281111 is category 1 and 854231 category 4.
    let json: serde_json::Value = serde_json::from_str(
        from_cache
            .split("--- stdout\n")
            .nth(1)
            .unwrap()
            .split("--- stderr")
            .next()
            .unwrap(),
    )
    .unwrap();
    let products = &json["importers"][0]["products"];
    assert_eq!(products[0]["hs6"], "281111");
    assert_eq!(products[0]["category"], 1);
    assert!((products[0]["concentration"].as_f64().unwrap() - 0.82).abs() < 1e-12);
    assert!((products[0]["centrality"].as_f64().unwrap() - 8225.0 / 11025.0).abs() < 1e-12);
    assert_eq!(products[1]["category"], 4);
    assert_eq!(products[1]["centrality"], 0.625);
    insta::assert_snapshot!("vulnerability_small_json", from_cache);
}

#[test]
fn shrimp_import_concentration_of_the_united_states_on_real_baci() {
    // ../shared/data/baci-extract-shrimp-hs12-2018: real BACI HS12 2018 rows with ISO3
    // country columns, read in place through --columns. pandas on the file (60 exporters
    // of 030617 to the USA, NEI excluded) gives M = 4,671,255,826 USD and
    // H = 0.24955163276509054.
    let file = crate::data_dir().join(
        "baci-extract-shrimp-hs12-2018/standardized_baci_seafood_hs12_y2018_including_value.csv",
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("usa");
    let goods = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/shrimp_codes.csv"
    );
    let run = crate::run(
        &[
            "vulnerability",
            "--trade",
            file.to_str().unwrap(),
            "--columns",
            "exporter=exporter_iso3c,importer=importer_iso3c,product=hs6,year=year,value_thousands=total_v,quantity=total_q",
            "--hs-edition",
            "HS12",
            "--importer",
            "USA",
            "--intermediate-goods",
            goods,
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(run.starts_with("exit: 0"), "{run}");
    let products = std::fs::read_to_string(out.join("products.csv")).unwrap();
    let row = products.lines().find(|l| l.starts_with("030617,")).unwrap();
    // The tail after the quoted description: C, high C, H, high H, category, M, ...
    let fields: Vec<&str> = row.rsplit(',').take(8).collect();
    let h: f64 = fields[5].parse().unwrap();
    // Summed in exporter-code order, not pandas' order: equal to the last bit but one.
    assert!(
        (h - 0.24955163276509054).abs() <= f64::EPSILON * 0.25,
        "{row}"
    );
    assert!(
        row.ends_with(",false,4,4671255826,0.7212752803649877,0.1602833956366639"),
        "{row}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["rows_read"], 8245);
    // ARTIS' `NEI` (not elsewhere indicated) is no ISO3 code: excluded, and named.
    assert_eq!(report["unknown_country"], 12);
    assert_eq!(report["unknown_country_codes"]["NEI"], 12);
    // Issue 12: the edition as given, and six products are an extract, said so.
    assert_eq!(report["hs_edition"], "HS12");
    assert_eq!(
        report["extract"],
        "this is an extract: 6 products; the quartile thresholds describe these goods, not all intermediate goods"
    );
    assert!(
        run.contains("EXTRACT: this is an extract: 6 products"),
        "{run}"
    );
}

#[test]
fn risk_with_blocs_by_hand() {
    // SMALL by hand, blocs {JPN, KOR, USA} and {CHN}. 281111: X(JPN) 90,000, X(CHN) 10,000,
    // X(KOR) 5,000 (to JPN); 854231: X(CHN) 150,000, X(USA) 50,000.
    // Korea: M(281111) = 100,000 (H 0.82), M(854231) = 100,000 (H 0.5), w = 0.5 each;
    // C(281111) = 8225/11025, C(854231) = 0.625.
    // R_econ = 0.5 (8225/11025 * 0.82) + 0.5 (0.625 * 0.5).
    // R_pol: only China is across: 281111 q = 0.1, s = 10/105; 854231 q = 0.5, s = 0.75.
    // R_pol = 0.5 (0.1 * 10/105) + 0.5 (0.5 * 0.75).
    let tmp = tempfile::tempdir().unwrap();
    let raw = crate::baci_folder(tmp.path(), SMALL);
    let blocs = tmp.path().join("blocs.csv");
    std::fs::write(
        &blocs,
        "iso3,bloc\nJPN,west\nKOR,west\nUSA,west\nCHN,east\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    cli_snapshot!(
        "risk_small_blocs",
        &[
            "risk",
            "--trade",
            raw.to_str().unwrap(),
            "--distance",
            blocs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap()
        ],
        tmp.path()
    );
    let csv = std::fs::read_to_string(out.join("risk.csv")).unwrap();
    let kor: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("KOR,"))
        .unwrap()
        .split(',')
        .collect();
    let r_econ: f64 = kor[2].parse().unwrap();
    let r_pol: f64 = kor[3].parse().unwrap();
    assert!((r_econ - (0.5 * (8225.0 / 11025.0 * 0.82) + 0.5 * (0.625 * 0.5))).abs() < 1e-12);
    assert!((r_pol - (0.5 * (0.1 * 10.0 / 105.0) + 0.5 * (0.5 * 0.75))).abs() < 1e-12);
}

#[test]
fn a_vulnerability_report_has_its_tables_charts_and_the_synthetic_title() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    let out = crate::run(
        &[
            "vulnerability",
            "--importer",
            "CHN",
            "--report",
            dir.to_str().unwrap(),
        ],
        Some(tmp.path()),
    );
    assert!(out.starts_with("exit: 0"), "{out}");
    let markdown = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(markdown.starts_with(
        "# Vulnerability of CHN's intermediate imports, 2017-2018 (SYNTHETIC data, not real trade)\n"
    ));
    assert!(
        markdown.contains("| 1 | 73 | 9 | 13.0 | 0.0886 |"),
        "chapter 73 first, in bn USD"
    );
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    // The maps need the world geometry, embedded once scripts/build-dashboard.sh has run.
    let maps = chainlens_server::dashboard::world().is_some();
    assert_eq!(
        html.matches("<script type=\"application/json\"").count(),
        if maps { 4 } else { 2 }
    );
    if maps {
        let read = |name: &str| -> serde_json::Value {
            serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
        };
        let coloured = |map: &serde_json::Value| {
            map["layer"][1]["transform"][0]["from"]["data"]["values"]
                .as_array()
                .unwrap()
                .clone()
        };
        let suppliers = coloured(&read("suppliers-map.vl.json"));
        let shares: f64 = suppliers
            .iter()
            .map(|s| s["import_share"].as_f64().unwrap())
            .sum();
        assert!(
            (shares - 1.0).abs() < 1e-9,
            "the suppliers' shares add up to 1: {shares}"
        );
        let distances = coloured(&read("political-distance-map.vl.json"));
        assert!(distances.iter().all(|d| d["iso3"] != "CHN"));
        assert!(markdown.contains("## Suppliers and their world dominance"));
    }
    let scatter: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("scatter.vl.json")).unwrap())
            .unwrap();
    assert_eq!(
        scatter["layer"][0]["data"]["values"]
            .as_array()
            .unwrap()
            .len(),
        593,
        "one point per intermediate good China imports"
    );
    let several = crate::run(
        &[
            "vulnerability",
            "--importer",
            "CHN,KOR",
            "--report",
            dir.to_str().unwrap(),
        ],
        Some(tmp.path()),
    );
    assert!(several.starts_with("exit: 1"), "{several}");
    assert!(
        several.contains("error: --report takes one importer"),
        "{several}"
    );
}
