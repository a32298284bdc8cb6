//! `chainlens chain check|diagnose` on the shipped eyewear example and a malformed file.

use crate::cli_snapshot;

const EYEWEAR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/chains/eyewear-ouhai.toml"
);

#[test]
fn eyewear_example() {
    let repo = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    cli_snapshot!("chain_check_eyewear", &["chain", "check", EYEWEAR], repo);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    cli_snapshot!(
        "chain_diagnose_eyewear",
        &["chain", "diagnose", EYEWEAR, "--out", out.to_str().unwrap()],
        tmp.path()
    );
    let csv = std::fs::read_to_string(out.join("diagnosis.csv")).unwrap();
    // The lens segment has no local firm (lenses come from Japan and Guangdong): replenish.
    assert!(
        csv.lines()
            .any(|l| l.starts_with("lenses,0,0,") && l.contains(",replenish,")),
        "{csv}"
    );
}

#[test]
fn a_link_to_an_unknown_firm() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bad.toml");
    let text = std::fs::read_to_string(EYEWEAR)
        .unwrap()
        .replace("from = \"lens-jp\"", "from = \"lens-us\"");
    std::fs::write(&file, text).unwrap();
    cli_snapshot!(
        "error_chain_unknown_firm",
        &["chain", "check", file.to_str().unwrap()],
        tmp.path()
    );
}
