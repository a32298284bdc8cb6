//! Disruption response, the trade layer, targeted attraction and the map on small chains
//! whose right answers can be worked out by hand (the numbers are in the comments).

use chainlens_model::{
    CanonicalFlows, Country, CountryCode, CountryTable, Hs6, ProductSet, TradeFlows, Year,
};
use chainlens_regional_chains::{
    AttractionWeights, Chain, ChainFile, DiagnosisOptions, DisruptionOptions, Removal, Scale,
    Source, TradeLayer, attract, diagnose, disrupt, parse_candidates,
};
use chainlens_trade_network::PoliticalDistance;

/// The shared lenses chain (`chainlens_testing::lenses_chain`), checked.
fn chain(gd_capacity: f64) -> Chain {
    checked(&chainlens_testing::lenses_chain(gd_capacity))
}

/// [`chain`] with the US lens maker's capacity `us_capacity` instead of 100.
fn chain_with_us_capacity(gd_capacity: f64, us_capacity: f64) -> Chain {
    let text = chainlens_testing::lenses_chain(gd_capacity);
    let us = "country = \"USA\"\nscale = \"global\"\nsegment = \"lenses\"\nrole = \"supplier\"\n";
    let (old, new) = (
        format!("{us}capacity = 100\n"),
        format!("{us}capacity = {us_capacity}\n"),
    );
    assert!(
        text.contains(&old),
        "the shared chain gives the US firm capacity 100"
    );
    checked(&text.replace(&old, &new))
}

fn checked(text: &str) -> Chain {
    ChainFile::parse(text, "lenses.toml")
        .and_then(|f| f.check(text, "lenses.toml"))
        .unwrap()
}

fn countries() -> CountryTable {
    let row = |code, iso3: &str| Country {
        code: CountryCode::new(code).unwrap(),
        iso2: String::new(),
        iso3: iso3.into(),
        name: iso3.into(),
        aggregate: false,
    };
    CountryTable::new(vec![
        row(156, "CHN"),
        row(392, "JPN"),
        row(410, "KOR"),
        row(842, "USA"),
    ])
    .unwrap()
}

/// Lenses (900150), 2019, USD: JPN -> CHN 80 M, KOR -> CHN 20 M, USA -> KOR 50 M.
fn trade_layer(chain: &Chain) -> TradeLayer {
    let (chn, jpn, kor, usa) = (
        CountryCode::new(156).unwrap(),
        CountryCode::new(392).unwrap(),
        CountryCode::new(410).unwrap(),
        CountryCode::new(842).unwrap(),
    );
    let mut flows = TradeFlows::default();
    let lenses = Hs6(900150);
    // Canonical order: year, product, exporter, importer.
    flows.push(Year(2019), jpn, chn, lenses, 80e6, None);
    flows.push(Year(2019), kor, chn, lenses, 20e6, None);
    flows.push(Year(2019), usa, kor, lenses, 50e6, None);
    let universe: ProductSet = [lenses].into_iter().collect();
    // Ideal points 0 (CHN), 1 (JPN, USA), 0.8 (KOR): distances from CHN 1, 0.8, 1.
    let distance =
        PoliticalDistance::from_ideal_points(&[(chn, 0.0), (jpn, 1.0), (kor, 0.8), (usa, 1.0)]);
    let flows = CanonicalFlows::try_from(flows).unwrap();
    TradeLayer::build(chain, &flows, &countries(), &universe, None, &distance).unwrap()
}

#[test]
fn the_nearest_substitute_with_room_takes_the_lost_link() {
    let chain = chain(30.0);
    let d = disrupt(
        &chain,
        &Removal::parse("firm:lens-jp").unwrap(),
        None,
        DisruptionOptions::default(),
    )
    .unwrap();
    assert_eq!(d.responses.len(), 1);
    let r = &d.responses[0];
    let names: Vec<&str> = r.substitutes.iter().map(|s| s.name.as_str()).collect();
    // Guangdong (national) before the US (global); Guangdong's 30 cover the 10 lost.
    assert_eq!(names, ["Lens maker in Guangdong", "Lens maker in the US"]);
    assert_eq!(r.substitutes[0].allocated, 10.0);
    assert_eq!(r.substitutes[0].score, 1.0);
    // US: capacity 1, concentration 1, risk 0.5 (no distances without trade data).
    assert_eq!(r.substitutes[1].score, 2.5 / 3.0);
    assert_eq!((r.covered, r.uncovered), (10.0, 0.0));
    // The coupling mix moves from supranational to national.
    assert_eq!(d.mix_before.by_scale[2].1.value, 10.0);
    assert_eq!(d.mix_after.by_scale[1].1.value, 10.0);
    assert_eq!(d.mix_after.by_scale[2].1.value, 0.0);
}

#[test]
fn a_binding_capacity_passes_the_rest_down_the_ranking() {
    let chain = chain(4.0);
    let d = disrupt(
        &chain,
        &Removal::Firm("lens-jp".into()),
        None,
        DisruptionOptions::default(),
    )
    .unwrap();
    let r = &d.responses[0];
    // Guangdong: capacity score 4/10, so (0.4 + 1 + 1) / 3.
    assert!((r.substitutes[0].score - 2.4 / 3.0).abs() < 1e-15);
    assert_eq!(r.substitutes[0].allocated, 4.0);
    assert_eq!(r.substitutes[1].allocated, 6.0);
    assert_eq!(r.uncovered, 0.0);
    // Removing every global partner as well leaves 6 uncovered.
    let none_abroad = disrupt(
        &chain,
        &Removal::Scale(Scale::Global),
        None,
        DisruptionOptions::default(),
    )
    .unwrap();
    assert!(none_abroad.responses.is_empty(), "the US firm has no link");
    let both = chain_with_us_capacity(4.0, 0.0);
    let d = disrupt(
        &both,
        &Removal::Country("JPN".into()),
        None,
        DisruptionOptions::default(),
    )
    .unwrap();
    assert_eq!(
        (d.responses[0].covered, d.responses[0].uncovered),
        (4.0, 6.0)
    );
}

#[test]
fn the_trade_layer_by_hand() {
    let chain = chain(4.0);
    let layer = trade_layer(&chain);
    let lenses = &layer.goods[&Hs6(900150)];
    let exporters: Vec<(&str, f64, f64)> = lenses
        .exporters
        .iter()
        .map(|p| (p.iso3.as_str(), p.world, p.with_chain_country))
        .collect();
    assert_eq!(
        exporters,
        [("JPN", 80e6, 80e6), ("USA", 50e6, 0.0), ("KOR", 20e6, 20e6)]
    );
    // C = (80² + 50² + 20²) / 150²; H = 0.8² + 0.2²; one good: both at their Q0.75 -> 1.
    assert_eq!(lenses.centrality, 9300.0 / 22500.0);
    assert_eq!(lenses.imports, 100e6);
    assert!((lenses.concentration.unwrap() - 0.68).abs() < 1e-15);
    assert_eq!(lenses.category.map(|c| c.number()), Some(1));
    assert_eq!(layer.absent, vec![Hs6(900311)]);
    assert_eq!(layer.scale_of("KOR"), Scale::Supranational);
    assert_eq!(layer.scale_of("USA"), Scale::Global);
    assert_eq!(layer.distance("KOR"), (0.8, true));
}

#[test]
fn trade_partners_join_the_ranking_at_their_scale() {
    let chain = chain(4.0);
    let layer = trade_layer(&chain);
    let d = disrupt(
        &chain,
        &Removal::Country("JPN".into()),
        Some(&layer),
        DisruptionOptions::default(),
    )
    .unwrap();
    let r = &d.responses[0];
    let ranking: Vec<(&str, Scale, f64)> = r
        .substitutes
        .iter()
        .map(|s| (s.name.as_str(), s.scale, s.allocated))
        .collect();
    // Guangdong 4; Korea (trade, supranational): 0.1 x 20 M = 2; then the global
    // candidates: the US firm (capacity 1, concentration 1, risk 0: 2/3) ahead of US
    // trade (capacity 5/10, concentration 1, risk 0: 0.5), which gets nothing.
    assert_eq!(
        ranking,
        [
            ("Lens maker in Guangdong", Scale::National, 4.0),
            ("KOR", Scale::Supranational, 2.0),
            ("Lens maker in the US", Scale::Global, 4.0),
            ("USA", Scale::Global, 0.0),
        ]
    );
    let korea = &r.substitutes[1];
    assert_eq!(korea.source, Source::Trade);
    // Korea supplies all of China's remaining lens imports: concentration score 0.
    assert_eq!(korea.concentration_score, 0.0);
    assert!((korea.risk_score - 0.2).abs() < 1e-15);
    assert!((korea.score - (0.2 + 0.0 + 0.2) / 3.0).abs() < 1e-15);
    assert_eq!(r.uncovered, 0.0);
    // A 1 % cap and a US firm with no capacity: 4 + 0.2 + 0 + 0.5 covered, 5.3 open.
    let tight = chain_with_us_capacity(4.0, 0.0);
    let d = disrupt(
        &tight,
        &Removal::Country("JPN".into()),
        Some(&layer),
        DisruptionOptions {
            trade_cap: 0.01,
            ..Default::default()
        },
    )
    .unwrap();
    let r = &d.responses[0];
    assert!((r.covered - 4.7).abs() < 1e-12 && (r.uncovered - 5.3).abs() < 1e-12);
    assert_eq!(d.totals(), (10.0, r.covered, r.uncovered));
    // A removal that breaks no link breaks nothing.
    let d = disrupt(
        &chain,
        &Removal::Scale(Scale::Global),
        Some(&layer),
        DisruptionOptions::default(),
    )
    .unwrap();
    assert!(d.responses.is_empty() && d.mix_after == d.mix_before);
}

#[test]
fn bad_removals_are_errors() {
    let chain = chain(4.0);
    for text in ["lens-jp", "firm", "scale:regional", "country:JP"] {
        assert!(Removal::parse(text).is_err(), "{text}");
    }
    let err = disrupt(
        &chain,
        &Removal::Firm("lens-fr".into()),
        None,
        DisruptionOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "no firm `lens-fr` in the chain");
    let err = disrupt(
        &chain,
        &Removal::Country("DEU".into()),
        None,
        DisruptionOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("removes no firm"), "{err}");
}

const CANDIDATES: &str = "id,name,kind,country,scale,segment,hs6,capacity
optics,Optics maker,firm,CHN,national,lenses,900150 900140,8
lab,Optics institute,institute,CHN,local,lenses,,
kr,Korean frame maker,firm,KOR,supranational,frames,900311,100
de,Unrelated maker,firm,DEU,global,,841810,10
";

#[test]
fn attraction_ranks_by_degree_of_match() {
    let chain = chain(4.0);
    let diagnosis = diagnose(&chain, DiagnosisOptions::default());
    // Lenses: no local capacity -> replenish. Frames: one foreign supplier -> strengthen;
    // not extend, as the missing lenses (0.4) add less value than frames (0.6).
    let candidates = parse_candidates(CANDIDATES, "c.csv", &chain).unwrap();
    let result = attract(
        &chain,
        &diagnosis,
        &candidates,
        AttractionWeights::default(),
    );
    let gaps: Vec<(&str, &str)> = result
        .gaps
        .iter()
        .map(|g| (chain.segments()[g.segment].id.as_str(), g.action))
        .collect();
    assert_eq!(gaps, [("lenses", "replenish"), ("frames", "strengthen")]);
    let ranked: Vec<(&str, f64)> = result
        .ranked
        .iter()
        .map(|m| (candidates[m.candidate].id.as_str(), m.score))
        .collect();
    // Lenses' need is the 10 bought from Japan; frames have no partner outside the region
    // in the segment, so their need is the median local capacity, 100.
    // optics: 0.4 + 0.3 + 0.15 x 0.75 + 0.15 x 8/10 = 0.9325; lab: 0.4 + 0.3 + 0.15 = 0.85;
    // kr (frames, strengthen): 0.8 x (0.4 + 0.3 + 0.15 x 0.5 + 0.15 x 1) = 0.8 x 0.925.
    assert_eq!(ranked[0].0, "optics");
    assert!((ranked[0].1 - 0.9325).abs() < 1e-12, "{ranked:?}");
    assert_eq!(ranked[1].0, "lab");
    assert!((ranked[1].1 - 0.85).abs() < 1e-12);
    assert_eq!(ranked[2].0, "kr");
    assert!((ranked[2].1 - 0.8 * 0.925).abs() < 1e-12, "{ranked:?}");
    assert_eq!(result.unmatched, vec![3]);
    assert!(
        result.ranked[0].explanation.starts_with("replenish lenses"),
        "{}",
        result.ranked[0].explanation
    );
}

#[test]
fn bad_candidate_rows_name_line_and_field() {
    let chain = chain(4.0);
    let cases = [
        ("scale", "regional", "c.csv:2: field `scale`"),
        (
            "segment",
            "optics",
            "c.csv:2: field `segment`: unknown segment",
        ),
        ("hs6", "9001", "c.csv:2: field `hs6`"),
        ("capacity", "-1", "c.csv:2: field `capacity`"),
        ("kind", "company", "c.csv:2: field `kind`"),
    ];
    for (field, value, expected) in cases {
        let good = "c1,A,firm,CHN,national,lenses,900150,1";
        let fields = [
            "id", "name", "kind", "country", "scale", "segment", "hs6", "capacity",
        ];
        let at = fields.iter().position(|f| *f == field).unwrap();
        let mut cells: Vec<&str> = good.split(',').collect();
        cells[at] = value;
        let text = format!("{}\n{}\n", fields.join(","), cells.join(","));
        let err = parse_candidates(&text, "c.csv", &chain)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(expected), "{field}: {err}");
    }
    let err = parse_candidates("id,name\nx,y\n", "c.csv", &chain)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("c.csv:1: field `kind`: missing column"),
        "{err}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Whatever the capacities, cap and weights: lost = covered + uncovered, no substitute
    /// gets more than its spare capacity, scores lie in \[0,1\], nearest scale comes first.
    #[test]
    fn allocation_invariants(
        gd in 0.0f64..40.0,
        us in 0.0f64..40.0,
        cap in 0.0f64..1.0,
        weights in proptest::array::uniform3(0.01f64..5.0),
        by_country in proptest::bool::ANY,
    ) {
        let chain = chain_with_us_capacity(gd, us);
        let layer = trade_layer(&chain);
        let removal = if by_country { Removal::Country("JPN".into()) } else { Removal::Firm("lens-jp".into()) };
        let d = disrupt(&chain, &removal, Some(&layer), DisruptionOptions { trade_cap: cap, weights }).unwrap();
        for r in &d.responses {
            let allocated: f64 = r.substitutes.iter().map(|s| s.allocated).sum();
            proptest::prop_assert!((r.covered + r.uncovered - r.lost).abs() < 1e-9);
            proptest::prop_assert!((allocated - r.covered).abs() < 1e-9);
            proptest::prop_assert!(r.uncovered >= -1e-12);
            for s in &r.substitutes {
                proptest::prop_assert!(s.allocated >= 0.0 && s.allocated <= s.spare + 1e-12);
                proptest::prop_assert!((0.0..=1.0 + 1e-12).contains(&s.score));
            }
            proptest::prop_assert!(r.substitutes.windows(2).all(|w| w[0].scale <= w[1].scale));
        }
        let (lost, covered, _) = d.totals();
        let after: f64 = d.mix_after.by_scale.iter().map(|s| s.1.value).sum();
        let before: f64 = d.mix_before.by_scale.iter().map(|s| s.1.value).sum();
        // The chain's link value falls by exactly what stays uncovered.
        proptest::prop_assert!((before - lost + covered - after).abs() < 1e-9);
    }
}

#[test]
fn a_removal_that_matches_nothing_says_so_in_plain_words() {
    // Issue 14: this answered with Rust Debug text, `Country("XXX") removes no firm`.
    let err = disrupt(
        &chain(4.0),
        &Removal::parse("country:xxx").unwrap(),
        None,
        DisruptionOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "`country:XXX` removes no firm of the chain: no firm outside the region has country XXX"
    );
    let nan = DisruptionOptions {
        weights: [f64::NAN, 1.0, 1.0],
        ..Default::default()
    };
    let err = disrupt(&chain(4.0), &Removal::Scale(Scale::Global), None, nan).unwrap_err();
    assert_eq!(
        err.to_string(),
        "weights must be finite, non-negative and not all 0"
    );
}
