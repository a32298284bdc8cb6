//! Every named error of the trade commands: exit code 1 and a message naming what
//! was wrong, never a panic.

use crate::cli_snapshot;

#[test]
fn unknown_importer() {
    cli_snapshot!(
        "error_unknown_importer",
        &["vulnerability", "--importer", "XYZ"]
    );
}

#[test]
fn empty_window() {
    cli_snapshot!(
        "error_empty_window",
        &["vulnerability", "--importer", "CHN", "--years", "1999"]
    );
}

#[test]
fn bad_years() {
    cli_snapshot!(
        "error_bad_years",
        &["vulnerability", "--importer", "CHN", "--years", "2018-2017"]
    );
}

#[test]
fn missing_input() {
    cli_snapshot!("error_missing_input", &["info", "/nonexistent/baci"]);
}

#[test]
fn malformed_intermediate_goods_list() {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("goods.csv");
    std::fs::write(&list, "hs6\n281111\n28-111\n").unwrap();
    cli_snapshot!(
        "error_bad_goods_list",
        &[
            "vulnerability",
            "--importer",
            "CHN",
            "--intermediate-goods",
            list.to_str().unwrap()
        ],
        tmp.path()
    );
}

#[test]
fn importer_without_intermediate_imports() {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("goods.csv");
    // A universe of one code nobody trades.
    std::fs::write(&list, "hs6\n000001\n").unwrap();
    cli_snapshot!(
        "error_no_universe_goods",
        &[
            "vulnerability",
            "--importer",
            "CHN",
            "--intermediate-goods",
            list.to_str().unwrap()
        ],
        tmp.path()
    );
}

#[test]
fn strict_import_names_file_line_and_field() {
    let tmp = tempfile::tempdir().unwrap();
    let raw = crate::baci_folder(
        tmp.path(),
        "t,i,j,k,v,q\n2018,156,842,854231,1,1\n2018,156,842,854232,x,1\n",
    );
    cli_snapshot!(
        "error_strict_import",
        &[
            "import",
            "baci",
            raw.to_str().unwrap(),
            "--out",
            tmp.path().join("c").to_str().unwrap(),
            "--strict"
        ],
        tmp.path()
    );
}

#[test]
fn requested_importer_imports_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let raw = crate::baci_folder(tmp.path(), "t,i,j,k,v,q\n2018,156,410,854231,1,1\n");
    cli_snapshot!(
        "error_importer_imports_nothing",
        &[
            "vulnerability",
            "--trade",
            raw.to_str().unwrap(),
            "--importer",
            "USA"
        ],
        tmp.path()
    );
}

#[test]
fn bad_distance_files() {
    let tmp = tempfile::tempdir().unwrap();
    let pairs = tmp.path().join("pairs.csv");
    std::fs::write(
        &pairs,
        "iso3_a,iso3_b,distance\nUSA,CHN,0.9\nUSA,JPN,-0.1\n",
    )
    .unwrap();
    cli_snapshot!(
        "error_distance_out_of_range",
        &["risk", "--distance", pairs.to_str().unwrap()],
        tmp.path()
    );
    let blocs = tmp.path().join("blocs.csv");
    std::fs::write(&blocs, "iso3,bloc\nUSA,west\nXYZ,east\n").unwrap();
    cli_snapshot!(
        "error_distance_unknown_country",
        &["risk", "--distance", blocs.to_str().unwrap()],
        tmp.path()
    );
}

/// Found by the mutation campaign: an `--hs-bec` table whose pairs hold no intermediate
/// BEC category failed later with "no good of the universe (0 HS6 codes)", naming no file.
#[test]
fn hs_bec_table_without_intermediate_goods() {
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("hs_bec.csv");
    std::fs::write(&table, "HS 2017,BEC\n854231,41\n870321,51\n").unwrap();
    cli_snapshot!(
        "error_hs_bec_without_intermediate_goods",
        &[
            "vulnerability",
            "--importer",
            "KOR",
            "--hs-bec",
            table.to_str().unwrap()
        ],
        tmp.path()
    );
}
