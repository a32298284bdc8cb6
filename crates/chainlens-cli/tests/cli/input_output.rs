//! `chainlens io` and `chainlens gvc`: the fixed output columns, CSV and
//! Parquet output, and every named error (exit code 1, never a panic).

use crate::cli_snapshot;

fn header(path: &std::path::Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn io_info_on_the_embedded_example() {
    cli_snapshot!("io_info_default", &["io", "info"]);
}

#[test]
fn gvc_writes_the_fixed_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gvc");
    let out_s = out.to_str().unwrap();
    cli_snapshot!("gvc_default", &["gvc", "--out", out_s], tmp.path());
    assert!(
        header(&out.join("country_sector.csv"))
            .starts_with("country,sector,x,va,upstreamness,gvc_participation,gvc_position")
    );
    assert!(header(&out.join("country.csv")).starts_with("country,x,va,gross_exports"));
    let paradox = std::fs::read_to_string(out.join("paradox.csv")).unwrap();
    assert!(paradox.contains("technology-intensive,24,"), "{paradox}");
}

#[test]
fn kww_terms_add_up_to_gross_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("d");
    let out_s = out.to_str().unwrap();
    cli_snapshot!(
        "io_decompose_kww",
        &["io", "decompose", "--method", "kww", "--out", out_s],
        tmp.path()
    );
    let text = std::fs::read_to_string(out.join("kww.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "country,gross_exports,DVA_FIN,DVA_INT,DVA_INTrex,RDV_FIN,RDV_INT,DDC,FVA_FIN,FVA_INT,FDC"
    );
    for l in lines {
        let v: Vec<f64> = l.split(',').skip(1).map(|c| c.parse().unwrap()).collect();
        let sum: f64 = v[1..].iter().sum();
        assert!((sum - v[0]).abs() < 1e-9 * v[0], "{l}");
    }
}

#[test]
fn wwz_and_bm_in_parquet() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let out_s = out.to_str().unwrap();
    for m in ["wwz", "bm"] {
        let args = [
            "io",
            "decompose",
            "--method",
            m,
            "--out",
            out_s,
            "--format",
            "parquet",
        ];
        let text = crate::run(&args, Some(tmp.path()));
        assert!(text.starts_with("exit: 0"), "{text}");
        let bytes = std::fs::read(out.join(format!("{m}.parquet"))).unwrap();
        assert_eq!(&bytes[..4], b"PAR1");
    }
}

#[test]
fn extract_one_sector() {
    cli_snapshot!(
        "io_extract_chn_26",
        &["io", "extract", "--country", "CHN", "--sector", "26"]
    );
}

#[test]
fn extract_unknown_sector_names_the_valid_ones() {
    cli_snapshot!(
        "error_io_unknown_sector",
        &["io", "extract", "--country", "CHN", "--sector", "99"]
    );
}

#[test]
fn unbalanced_and_malformed_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let good = "V1,AAA_01,AAA_02,BBB_01,BBB_02,AAA_HFCE,BBB_HFCE,OUT
AAA_01,1,2,1,0,4,2,10
AAA_02,1,1,0,1,5,2,10
BBB_01,0,1,2,1,3,3,10
BBB_02,1,0,1,2,1,5,10
VA,7,6,6,6,0,0,25
OUT,10,10,10,10,0,0,40
";
    let unbalanced = tmp.path().join("unbalanced.csv");
    std::fs::write(&unbalanced, good.replace("VA,7,6", "VA,7,9")).unwrap();
    cli_snapshot!(
        "error_io_unbalanced_strict",
        &["io", "info", unbalanced.to_str().unwrap(), "--strict"],
        tmp.path()
    );
    let bad_number = tmp.path().join("bad.csv");
    std::fs::write(
        &bad_number,
        good.replace("AAA_02,1,1,0,1", "AAA_02,1,?,0,1"),
    )
    .unwrap();
    cli_snapshot!(
        "error_io_bad_number",
        &["io", "info", bad_number.to_str().unwrap()],
        tmp.path()
    );
    let negative = tmp.path().join("negative.csv");
    std::fs::write(
        &negative,
        good.replace("OUT,10,10,10,10", "OUT,10,-10,10,10"),
    )
    .unwrap();
    cli_snapshot!(
        "error_io_negative_output",
        &[
            "gvc",
            negative.to_str().unwrap(),
            "--out",
            tmp.path().join("o").to_str().unwrap()
        ],
        tmp.path()
    );
}

#[test]
fn multipliers_and_value_added_by_origin_on_the_embedded_example() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out = out.to_str().unwrap();
    let va = crate::run(&["io", "va-origin", "--out", out], Some(tmp.path()));
    assert!(va.starts_with("exit: 0"), "{va}");
    let csv = std::fs::read_to_string(tmp.path().join("out/va_origin.csv")).unwrap();
    assert!(csv.starts_with("origin_country,origin_sector,destination,value_added\n"));
    // 6 economies x 9 industries as origins, 6 destinations; all world value added.
    assert_eq!(csv.lines().count(), 1 + 54 * 6);
    let total: f64 = csv
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap().parse::<f64>().unwrap())
        .sum();
    let info = crate::run(&["io", "info"], None);
    let world: f64 = info
        .lines()
        .find_map(|l| l.strip_prefix("total value added: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!((total - world).abs() <= 1e-9 * world, "{total} vs {world}");
    let m = crate::run(&["io", "multipliers", "--out", out], Some(tmp.path()));
    assert!(
        m.contains("wrote [TMP]/out/multipliers.csv (54 rows)"),
        "{m}"
    );
}
