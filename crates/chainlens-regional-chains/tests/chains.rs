//! Chain files by hand: each diagnosis rule, the coupling mix, and every malformed case
//! with the key and line its error names.

use chainlens_model::{Country, CountryCode, CountryTable};
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

/// One supply line of `n` segments, each with one local firm supplying the next.
fn supply_line(n: usize) -> String {
    let mut text = String::from(
        "[chain]\nname = \"line\"\nregion = \"R\"\ncountry = \"CHN\"\ndriver = \"producer\"\n",
    );
    // Shares of 1/4 and 3/4 of 2/n keep the total exactly 1 for even n.
    for i in 0..n {
        let share = if i % 2 == 0 { 0.5 } else { 1.5 } / n as f64;
        text.push_str(&format!(
            "[[segment]]\nid = \"s{i}\"\nname = \"s\"\nposition = \"midstream\"\nvalue_added_share = {share:e}\n"
        ));
    }
    for i in 0..n {
        text.push_str(&format!(
            "[[firm]]\nid = \"f{i}\"\nname = \"f\"\nlocation = \"R\"\ncountry = \"CHN\"\nscale = \"local\"\nsegment = \"s{i}\"\nrole = \"owner\"\ncapacity = 1\n"
        ));
    }
    for i in 1..n {
        text.push_str(&format!(
            "[[link]]\nfrom = \"f{}\"\nto = \"f{i}\"\nvalue = 1\n",
            i - 1
        ));
    }
    text
}

#[test]
fn a_long_supply_line_checks_and_diagnoses() {
    // Issue 14: the recursive cycle search overflowed the stack on a line of 100,000
    // segments (a test thread's 2 MiB stack overflowed at a fifth of that; the unit test
    // of the search in chain.rs walks a million).
    let chain = check(&supply_line(20_000)).unwrap();
    assert_eq!(
        (chain.segments().len(), chain.links().len()),
        (20_000, 19_999)
    );
    let d = diagnose(&chain, DiagnosisOptions::default());
    assert_eq!(d.len(), 20_000);
    assert_eq!(
        d[1].suppliers, 1,
        "each segment has one supplier, the one before"
    );
    // Closing the line into a loop is found without recursion, and located at the link
    // leaving the first segment of the cycle.
    let looped = supply_line(20_000) + "[[link]]\nfrom = \"f19999\"\nto = \"f0\"\nvalue = 1\n";
    let err = check(&looped).unwrap_err();
    assert!(
        err.contains("key `link[0]`: links run in a cycle through segments s0 -> s1"),
        "{err}"
    );
}

#[test]
fn non_finite_capacities_are_refused_with_their_line() {
    for bad in ["nan", "inf", "-1.0"] {
        let text = TINY.replace("capacity = 10\n", &format!("capacity = {bad}\n"));
        assert_eq!(
            check(&text).unwrap_err(),
            format!(
                "c.toml:36: key `firm[0].capacity`: {} is not a capacity (a finite number, 0 or more)",
                if bad == "-1.0" { "-1" } else { bad }.replace("nan", "NaN")
            )
        );
    }
}

#[test]
fn broken_references_come_first_with_their_lines() {
    // Issue 14: deleting the `mid` segment reported "shares add up to 0.6499999999999999"
    // at line 0 before the firms that refer to it.
    let text = TINY.replace(
        "[[segment]]\nid = \"mid\"\nname = \"components\"\nposition = \"midstream\"\nvalue_added_share = 0.3\n",
        "",
    );
    assert_eq!(
        check(&text).unwrap_err(),
        "c.toml:39: key `firm[1].segment`: unknown segment `mid`\nc.toml:49: key `firm[2].segment`: unknown segment `mid`"
    );
    // With references whole, a total off by float noise is printed as people write it.
    let text = TINY.replace("value_added_share = 0.5", "value_added_share = 0.15");
    assert_eq!(
        check(&text).unwrap_err(),
        "c.toml:14: key `segment.value_added_share`: shares add up to 0.65, not 1 (tolerance 0.01)"
    );
}

#[test]
fn firm_countries_must_be_iso3_codes() {
    let text = TINY.replace("country = \"JPN\"", "country = \"Japan\"");
    assert_eq!(
        check(&text).unwrap_err(),
        "c.toml:52: key `firm[2].country`: `Japan` is not an ISO3 country code (three capital letters, e.g. JPN)"
    );
    // Against a country table, the code must be one of its countries.
    let row = |code, iso3: &str| Country {
        code: CountryCode::new(code).unwrap(),
        iso2: String::new(),
        iso3: iso3.into(),
        name: iso3.into(),
        aggregate: false,
    };
    let table = CountryTable::new(vec![row(156, "CHN"), row(392, "JPN")]).unwrap();
    let in_table = |text: &str| {
        ChainFile::parse(text, "c.toml")
            .and_then(|f| f.check_in(text, "c.toml", &table))
            .map_err(|e| e.to_string())
    };
    assert!(in_table(TINY).is_ok());
    let text = TINY.replace("country = \"JPN\"", "country = \"JPX\"");
    assert_eq!(
        in_table(&text).unwrap_err(),
        "c.toml:52: key `firm[2].country`: `JPX` is not a country of the country table"
    );
}

#[test]
fn a_global_firm_in_a_supranational_country_is_a_warning() {
    assert!(check(TINY).unwrap().warnings().is_empty());
    let text = TINY.replace(
        "driver = \"buyer\"",
        "driver = \"buyer\"\nsupranational = [\"JPN\", \"KOR\"]",
    );
    assert_eq!(
        check(&text).unwrap().warnings(),
        vec!["c.toml:54: key `firm[2].scale`: firm `jp` is marked global, but its country JPN is listed in [chain] supranational".to_string()]
    );
}
