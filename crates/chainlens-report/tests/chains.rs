//! The chain map and the chain reports: the SVG is well-formed XML with one group per
//! firm and link, names escaped, the diagnosis drawn; the HTML report embeds it.

use chainlens_regional_chains::{Chain, ChainFile, DiagnosisOptions, coupling_mix, diagnose};
use chainlens_report::chain_map::chain_map;
use chainlens_report::chain_report::diagnosis_report;

/// Frames made locally from lenses bought in Japan; a US lens maker unlinked.
const LENSES: &str = r#"[chain]
name = "lenses"
region = "Ouhai"
country = "CHN"
driver = "buyer"
supranational = ["JPN"]

[[segment]]
id = "lenses"
name = "Lenses"
position = "midstream"
hs6 = ["900150"]
value_added_share = 0.4

[[segment]]
id = "frames"
name = "Frames & spectacles"
position = "midstream"
hs6 = ["900311"]
value_added_share = 0.6

[[firm]]
id = "owner"
name = "Frame maker"
location = "Ouhai"
country = "CHN"
scale = "local"
segment = "frames"
role = "owner"
capacity = 100

[[firm]]
id = "lens-jp"
name = "Lens maker in Japan"
location = "Japan"
country = "JPN"
scale = "supranational"
segment = "lenses"
role = "supplier"
capacity = 50

[[firm]]
id = "lens-us"
name = "Lens maker in the US"
location = "Ohio"
country = "USA"
scale = "global"
segment = "lenses"
role = "supplier"
capacity = 100

[[link]]
from = "lens-jp"
to = "owner"
good = "900150"
value = 10
"#;

fn chain() -> Chain {
    ChainFile::parse(LENSES, "lenses.toml")
        .and_then(|f| f.check(LENSES, "lenses.toml"))
        .unwrap()
}

#[test]
fn the_map_is_well_formed_svg_with_every_firm_and_link() {
    let mut chain = chain();
    chain.firms[0].name = "Frame maker <A> & Sons".into();
    let diagnosis = diagnose(&chain, DiagnosisOptions::default());
    let svg = chain_map(&chain, &diagnosis);
    let mut reader = quick_xml::Reader::from_str(&svg);
    let (mut firms, mut links, mut depth) = (0, 0, 0i32);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) => {
                depth += 1;
                let class = e
                    .try_get_attribute("class")
                    .unwrap()
                    .map(|a| a.value.into_owned());
                match class.as_deref() {
                    Some("firm") => firms += 1,
                    Some("link") => links += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((firms, links, depth), (3, 1, 0));
    assert!(svg.contains("Frame maker &lt;A&gt; &amp; Sons"));
    // The lens segment is missing locally: its header is drawn red with "replenish".
    assert!(svg.contains(r##"stroke="#c0392b" stroke-width="3"/>"##));
    let report = diagnosis_report(&chain, &diagnosis, &coupling_mix(&chain), None, Some(svg));
    let html = report.html();
    assert!(html.contains("<svg ") && html.contains("<td>replenish</td>"));
    assert!(report.markdown().contains("![chain map](map.svg)"));
}
