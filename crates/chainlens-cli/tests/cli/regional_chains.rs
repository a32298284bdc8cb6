//! `chainlens chain check|diagnose|disrupt|attract|map` on the two shipped worked examples
//! (reports under snapshot, on the embedded default trade data) and on malformed input.

use crate::cli_snapshot;
use std::path::Path;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/chains");

fn example(name: &str) -> String {
    format!("{EXAMPLES}/{name}")
}

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn eyewear_example() {
    let eyewear = example("eyewear-ouhai.toml");
    cli_snapshot!("chain_check_eyewear", &["chain", "check", &eyewear], repo());
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    cli_snapshot!(
        "chain_diagnose_eyewear",
        &[
            "chain",
            "diagnose",
            &eyewear,
            "--out",
            out.to_str().unwrap()
        ],
        tmp.path()
    );
    let csv = std::fs::read_to_string(out.join("diagnosis.csv")).unwrap();
    // The lens segment has no local firm (lenses come from Japan and Guangdong): replenish.
    assert!(
        csv.lines()
            .any(|l| l.starts_with("lenses,0,0,") && l.contains(",replenish,")),
        "{csv}"
    );
    for file in [
        "report.md",
        "report.html",
        "map.svg",
        "exposure.csv",
        "coupling.csv",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<svg ") && html.contains("Frame maker A (chain owner)"));
}

#[test]
fn steroids_example() {
    cli_snapshot!(
        "chain_diagnose_steroids",
        &["chain", "diagnose", &example("steroids-xianju.toml")],
        repo()
    );
}

#[test]
fn the_lens_supplier_episode() {
    // Seed 003: the Japanese lens supplier fails; the Guangdong one takes over.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    cli_snapshot!(
        "chain_disrupt_eyewear_lens_jp",
        &[
            "chain",
            "disrupt",
            &example("eyewear-ouhai.toml"),
            "--remove",
            "firm:lens-jp",
            "--out",
            out.to_str().unwrap()
        ],
        tmp.path()
    );
    let csv = std::fs::read_to_string(out.join("substitutes.csv")).unwrap();
    let first = csv.lines().nth(1).unwrap();
    assert!(
        first.starts_with("lens-jp,frame-owner,900150,supply,18,1,lens-gd,chain,national,CHN,"),
        "{first}"
    );
    assert!(first.ends_with(",18"), "{first}");
}

#[test]
fn attraction_of_both_examples() {
    cli_snapshot!(
        "chain_attract_eyewear",
        &[
            "chain",
            "attract",
            &example("eyewear-ouhai.toml"),
            "--candidates",
            &example("eyewear-candidates.csv")
        ],
        repo()
    );
    cli_snapshot!(
        "chain_attract_steroids",
        &[
            "chain",
            "attract",
            &example("steroids-xianju.toml"),
            "--candidates",
            &example("steroids-candidates.csv")
        ],
        repo()
    );
}

#[test]
fn the_map_command_writes_svg() {
    let tmp = tempfile::tempdir().unwrap();
    let svg = tmp.path().join("map.svg");
    cli_snapshot!(
        "chain_map_steroids",
        &[
            "chain",
            "map",
            &example("steroids-xianju.toml"),
            "--out",
            svg.to_str().unwrap()
        ],
        tmp.path()
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert_eq!(text.matches("<g class=\"firm\"").count(), 7);
    assert_eq!(text.matches("<path class=\"link\"").count(), 4);
}

#[test]
fn a_link_to_an_unknown_firm() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bad.toml");
    let text = std::fs::read_to_string(example("eyewear-ouhai.toml"))
        .unwrap()
        .replace("from = \"lens-jp\"", "from = \"lens-us\"");
    std::fs::write(&file, text).unwrap();
    cli_snapshot!(
        "error_chain_unknown_firm",
        &["chain", "check", file.to_str().unwrap()],
        tmp.path()
    );
}

#[test]
fn bad_requests() {
    cli_snapshot!(
        "error_chain_bad_removal",
        &[
            "chain",
            "disrupt",
            &example("eyewear-ouhai.toml"),
            "--remove",
            "lens-jp"
        ],
        repo()
    );
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("candidates.csv");
    std::fs::write(
        &csv,
        "id,name,kind,country,scale,segment,hs6,capacity\nx,X,firm,CHN,regional,lenses,900150,1\n",
    )
    .unwrap();
    cli_snapshot!(
        "error_chain_bad_candidate",
        &[
            "chain",
            "attract",
            &example("eyewear-ouhai.toml"),
            "--candidates",
            csv.to_str().unwrap()
        ],
        tmp.path()
    );
}

#[test]
fn the_eyewear_plan() {
    // Japan replaced by Guangdong and a lens plant attracted: lenses no longer missing.
    cli_snapshot!(
        "chain_compare_eyewear_plan",
        &[
            "chain",
            "compare",
            &example("eyewear-ouhai.toml"),
            &example("eyewear-ouhai-plan.toml")
        ],
        repo()
    );
}
