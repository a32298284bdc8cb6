//! `chainlens shift` on the embedded default data with its SYNTHETIC second window (the
//! planted shift of US imports from CHN to VNM and MEX), its tables, the relocation
//! route, and its named errors.

use crate::{cli_snapshot, data_dir};

#[test]
fn shift_usa_away_from_china_on_the_default_series() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let distances = data_dir().join("gravity-agtpa-2016/ch2_app1_trade_without_border_2006.csv");
    cli_snapshot!(
        "shift_usa_chn_default",
        &[
            "shift",
            "--base",
            "2017-2018",
            "--compare",
            "2022-2023",
            "--importer",
            "USA",
            "--exporter",
            "CHN",
            "--distances",
            distances.to_str().unwrap(),
            "--origin",
            "CHN",
            "--via",
            "VNM",
            "--to",
            "USA",
            "--out",
            out.to_str().unwrap()
        ],
        tmp.path()
    );
    insta::assert_snapshot!(
        "shift_usa_chn_gainers",
        std::fs::read_to_string(out.join("gainers.csv")).unwrap()
    );
    insta::assert_snapshot!(
        "shift_usa_chn_indices",
        std::fs::read_to_string(out.join("indices.csv")).unwrap()
    );
    insta::assert_snapshot!(
        "shift_usa_chn_category_transitions",
        std::fs::read_to_string(out.join("category_transitions.csv")).unwrap()
    );
    let shares = std::fs::read_to_string(out.join("shares.csv")).unwrap();
    assert!(shares.starts_with(
        "importer,hs6,exporter,value_base,value_compare,share_base,share_compare,change,in_both\n"
    ));
    let relocation = std::fs::read_to_string(out.join("relocation.csv")).unwrap();
    assert!(relocation.lines().last().unwrap().starts_with("total,"));
}

#[test]
fn a_route_through_a_table_follows_industries_and_value_added() {
    // The default series' planted shift towards MEX, with the real WIOD 2011 table (which
    // has CHN, MEX and USA; no VNM).
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let table = data_dir().join("wiod2013/icio_layout/WIOD13_ICIO_2011.csv.gz");
    let run = crate::run(
        &[
            "shift",
            "--base",
            "2017-2018",
            "--compare",
            "2022-2023",
            "--importer",
            "USA",
            "--origin",
            "CHN",
            "--via",
            "MEX",
            "--to",
            "USA",
            "--table",
            table.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        Some(tmp.path()),
    );
    assert!(run.starts_with("exit: 0\n"), "{run}");
    assert!(
        run.contains("MEX's industries using CHN's intermediates"),
        "{run}"
    );
    assert!(
        run.contains("CHN's value added in USA's final demand"),
        "{run}"
    );
    let paths = std::fs::read_to_string(out.join("relocation_value_added.csv")).unwrap();
    let mut lines = paths.lines();
    assert_eq!(lines.next(), Some("last_leg,path,value_added,share"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!((rows[0][0], rows[0][1]), ("CHN", "direct"));
    assert_eq!((rows[1][0], rows[1][1]), ("MEX", "connector"));
    assert_eq!(rows.len(), 40, "every WIOD region but the destination");
    let share: f64 = rows.iter().map(|r| r[3].parse::<f64>().unwrap()).sum();
    assert!((share - 1.0).abs() < 1e-9, "{share}");
    let industries = std::fs::read_to_string(out.join("relocation_industries.csv")).unwrap();
    assert!(industries.starts_with("industry,origin_inputs_base,"));
    // WIOD 2013's industries are ISIC Rev.3 codes (docs/exposure.md's key).
    assert!(
        industries.lines().any(|l| l.starts_with("30t33,")),
        "{industries}"
    );
}

#[test]
fn shift_errors_name_their_flag() {
    cli_snapshot!(
        "error_shift_reversed_window",
        &["shift", "--base", "2018-2017", "--compare", "2022-2023"]
    );
    cli_snapshot!(
        "error_shift_unknown_exporter",
        &[
            "shift",
            "--base",
            "2017-2018",
            "--compare",
            "2022-2023",
            "--exporter",
            "XYZ"
        ]
    );
    cli_snapshot!(
        "error_shift_empty_window",
        &["shift", "--base", "2017-2018", "--compare", "2030"]
    );
    cli_snapshot!(
        "error_shift_bad_goods",
        &[
            "shift",
            "--base",
            "2017",
            "--compare",
            "2022",
            "--goods",
            "85x"
        ]
    );
}

#[test]
fn gvc_years_errors_name_the_folder_and_the_year() {
    cli_snapshot!(
        "error_gvc_years_without_folder",
        &["gvc", "--years", "2010-2011", "--out", "x"]
    );
    let wiod = data_dir().join("wiod2013/icio_layout");
    cli_snapshot!(
        "error_gvc_years_missing_year",
        &[
            "gvc",
            "--years",
            "2020",
            wiod.to_str().unwrap(),
            "--out",
            "x"
        ]
    );
    cli_snapshot!(
        "error_gvc_years_reversed",
        &[
            "gvc",
            "--years",
            "2011-1995",
            wiod.to_str().unwrap(),
            "--out",
            "x"
        ]
    );
}
