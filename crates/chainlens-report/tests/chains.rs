//! The chain map and the chain reports: the SVG is well-formed XML with one group per
//! firm and link, names escaped, the diagnosis drawn; the HTML report embeds it.

use chainlens_regional_chains::{Chain, ChainFile, DiagnosisOptions, coupling_mix, diagnose};
use chainlens_report::chain_map::chain_map;
use chainlens_report::chain_report::diagnosis_report;

fn checked(text: &str) -> Chain {
    ChainFile::parse(text, "lenses.toml")
        .and_then(|f| f.check(text, "lenses.toml"))
        .unwrap()
}

#[test]
fn the_map_is_well_formed_svg_with_every_firm_and_link() {
    let text = chainlens_testing::lenses_chain(4.0);
    assert!(
        text.contains("name = \"Frame maker\"\n"),
        "the owner's name"
    );
    let text = text.replace(
        "name = \"Frame maker\"\n",
        "name = \"Frame maker <A> & Sons\"\n",
    );
    let chain = checked(&text);
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
    assert_eq!((firms, links, depth), (4, 1, 0));
    assert!(svg.contains("Frame maker &lt;A&gt; &amp; Sons"));
    // The lens segment is missing locally: its header is drawn red with "replenish".
    assert!(svg.contains(r##"stroke="#c0392b" stroke-width="3"/>"##));
    let report = diagnosis_report(&chain, &diagnosis, &coupling_mix(&chain), None, Some(svg));
    let html = report.html();
    assert!(html.contains("<svg ") && html.contains("<td>replenish</td>"));
    assert!(report.markdown().contains("![chain map](map.svg)"));
}
