//! Chain files by hand: each diagnosis rule, the coupling mix, and every malformed case
//! with the key and line its error names.

use chainlens_regional_chains::{ChainFile, DiagnosisOptions, Scale, coupling_mix, diagnose};

const TINY: &str = r#"[chain]
name = "tiny"
region = "Somewhere"
country = "CHN"
driver = "buyer"

[governance]
chief = ["county governor"]

[[segment]]
id = "up"
name = "materials"
position = "upstream"
value_added_share = 0.2

[[segment]]
id = "mid"
name = "components"
position = "midstream"
value_added_share = 0.3

[[segment]]
id = "down"
name = "brands"
position = "downstream"
value_added_share = 0.5

[[firm]]
id = "resin"
name = "Local resin maker"
location = "Somewhere"
country = "CHN"
scale = "local"
segment = "up"
role = "owner"
capacity = 10

[[firm]]
id = "parts"
name = "Local parts maker"
location = "Somewhere"
country = "CHN"
scale = "local"
segment = "mid"
role = "owner"
capacity = 5

[[firm]]
id = "jp"
name = "Japanese supplier"
location = "Osaka"
country = "JPN"
scale = "global"
segment = "mid"
role = "supplier"
capacity = 100

[[link]]
from = "jp"
to = "parts"
value = 8

[[link]]
from = "resin"
to = "parts"
value = 2
"#;

fn check(text: &str) -> Result<chainlens_regional_chains::Chain, String> {
    ChainFile::parse(text, "c.toml")
        .and_then(|f| f.check(text, "c.toml"))
        .map_err(|e| e.to_string())
}

#[test]
fn each_rule_on_a_tiny_chain() {
    let chain = check(TINY).unwrap();
    let d = diagnose(&chain, DiagnosisOptions::default());
    // up: sound; the richer `down` is missing but two positions away, not adjacent.
    assert!(d[0].actions().is_empty(), "{:?}", d[0]);
    // mid: 8 of 10 from a global partner -> strengthen; the richer, adjacent `down` is
    // missing -> extend.
    assert_eq!(d[1].actions(), vec!["strengthen", "extend"]);
    assert_eq!(d[1].extend_toward, vec!["down".to_string()]);
    assert_eq!((d[1].suppliers, d[1].foreign_share), (2, 0.8));
    // down: no local firm -> replenish.
    assert_eq!(d[2].actions(), vec!["replenish"]);
    // A low value-added share and a single source each make a segment weak.
    let single = TINY.replace(
        "[[link]]\nfrom = \"resin\"\nto = \"parts\"\nvalue = 2\n",
        "",
    );
    let d = diagnose(
        &check(&single).unwrap(),
        DiagnosisOptions {
            weak_share: 0.35,
            foreign_share: 1.0,
        },
    );
    assert_eq!(
        d[1].weak,
        vec![
            "value-added share 0.3 below 0.35".to_string(),
            "single source: Japanese supplier".to_string()
        ]
    );
}

#[test]
fn coupling_mix_by_hand() {
    let mix = coupling_mix(&check(TINY).unwrap());
    let (local, global) = (&mix.by_scale[0], &mix.by_scale[3]);
    assert_eq!(
        (local.0, local.1.links, local.1.value_share),
        (Scale::Local, 1, 0.2)
    );
    assert_eq!(
        (global.0, global.1.links, global.1.value_share),
        (Scale::Global, 1, 0.8)
    );
    // D = -(0.2 ln 0.2 + 0.8 ln 0.8)
    assert!((mix.diversity - -(0.2f64 * 0.2f64.ln() + 0.8 * 0.8f64.ln())).abs() < 1e-15);
    let countries: Vec<&str> = mix.by_country.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(countries, vec!["CHN", "JPN"]);
}

#[test]
fn malformed_files_name_key_and_line() {
    let dup = TINY.replace("id = \"parts\"", "id = \"resin\"");
    assert_eq!(
        check(&dup).unwrap_err(),
        "c.toml:39: key `firm[1].id`: duplicate firm id `resin`"
    );
    let scale = TINY.replace("scale = \"global\"", "scale = \"planetary\"");
    let err = check(&scale).unwrap_err();
    assert!(
        err.starts_with("c.toml:53: unknown variant `planetary`"),
        "{err}"
    );
    let shares = TINY.replace("value_added_share = 0.5", "value_added_share = 0.6");
    assert!(
        check(&shares).unwrap_err().contains("shares add up to 1.1"),
        "{}",
        check(&shares).unwrap_err()
    );
    let unknown = TINY.replace("from = \"jp\"", "from = \"kr\"");
    assert_eq!(
        check(&unknown).unwrap_err(),
        "c.toml:59: key `link[0].from`: unknown firm `kr`"
    );
    let segment = TINY.replace("segment = \"up\"", "segment = \"upper\"");
    assert_eq!(
        check(&segment).unwrap_err(),
        "c.toml:34: key `firm[0].segment`: unknown segment `upper`"
    );
    // parts (mid) -> resin (up) closes a loop with resin -> parts.
    let cycle = format!("{TINY}\n[[link]]\nfrom = \"parts\"\nto = \"resin\"\nvalue = 1\n");
    assert!(
        check(&cycle)
            .unwrap_err()
            .contains("cycle through segments up -> mid -> up"),
        "{}",
        check(&cycle).unwrap_err()
    );
    let syntax = TINY.replace("[[segment]]\nid = \"up\"", "[[segment]\nid = \"up\"");
    assert!(
        check(&syntax).unwrap_err().starts_with("c.toml:10:"),
        "{}",
        check(&syntax).unwrap_err()
    );
}

#[test]
fn the_two_worked_examples() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/chains");
    let load = |name: &str| {
        let path = format!("{dir}/{name}");
        let text = std::fs::read_to_string(&path).unwrap();
        ChainFile::parse(&text, &path)
            .and_then(|f| f.check(&text, &path))
            .unwrap()
    };
    // Eyewear: lenses come from Japan and Guangdong, so the lens segment is missing.
    let eyewear = load("eyewear-ouhai.toml");
    let d = diagnose(&eyewear, DiagnosisOptions::default());
    assert_eq!(d[1].segment, "lenses");
    assert_eq!(d[1].actions(), vec!["replenish"]);
    // Xianju: no local specialty APIs (replenish), and bulk APIs should extend toward them.
    let steroids = load("steroids-xianju.toml");
    let d = diagnose(&steroids, DiagnosisOptions::default());
    let by_id = |id: &str| d.iter().find(|s| s.segment == id).unwrap();
    assert_eq!(by_id("specialty-apis").actions(), vec!["replenish"]);
    // Bulk -> specialty APIs: the same (midstream) position, higher value added.
    assert_eq!(
        by_id("bulk-apis").extend_toward,
        vec!["specialty-apis".to_string()]
    );
    assert_eq!(
        by_id("intermediates").extend_toward,
        vec!["specialty-apis".to_string()]
    );
    assert_eq!(by_id("basic-chemicals").actions(), vec!["replenish"]);
}
