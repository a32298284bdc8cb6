//! Text of a scenario result: what was matched, what importers lose, the largest
//! losers and, with a table, how far the shock travels through the input-output table.

use chainlens_engine::scenario::ScenarioResult;
use std::fmt::Write as _;

/// The summary printed after `chainlens scenario run`.
pub fn summary(result: &ScenarioResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "scenario: {}", result.name);
    let matched: Vec<String> = result
        .flows_matched
        .iter()
        .enumerate()
        .map(|(i, n)| format!("restriction[{i}] {n}"))
        .collect();
    let _ = writeln!(out, "flows matched: {}", matched.join(", "));
    let [lost, resourced, unmet] = result.totals();
    let _ = writeln!(
        out,
        "{} importers lose {:.3} bn USD a year: {:.3} bn re-sourced, {:.3} bn unmet; {} goods change vulnerability category",
        result.importers.len(),
        lost / 1e9,
        resourced / 1e9,
        unmet / 1e9,
        result.changes.len()
    );
    let mut largest: Vec<_> = result.importers.iter().collect();
    largest.sort_by(|a, b| b.lost.total_cmp(&a.lost).then(a.iso3.cmp(&b.iso3)));
    let _ = writeln!(
        out,
        "importer  lost (m USD)  re-sourced  unmet  category changes"
    );
    for t in largest.iter().take(10) {
        let _ = writeln!(
            out,
            "{:<8} {:>13.3} {:>11.3} {:>6.3} {:>17}",
            t.iso3,
            t.lost / 1e6,
            t.resourced / 1e6,
            t.unmet / 1e6,
            t.category_changes
        );
    }
    if let Some(p) = &result.propagation {
        let [leontief, ghosh, bottleneck] = p.output_totals;
        let _ = writeln!(
            out,
            "input-output ({} countries x {} industries, demand-driven): exports fall in {} of {} economies, by {:.3} {} in all; output {:.3} (Leontief), {:.3} (Ghosh), {:.3} (bottleneck, first round)",
            p.countries,
            p.sectors,
            p.economies_falling,
            p.exports.len(),
            p.export_fall,
            p.unit,
            leontief,
            ghosh,
            bottleneck,
        );
        for (what, countries) in [
            ("found no region of the table", &p.unplaced),
            ("went to the table's rest of the world", &p.rest_of_world),
            (
                "went to the first split block of their economy",
                &p.split_blocks,
            ),
        ] {
            if !countries.is_empty() {
                let _ = writeln!(
                    out,
                    "note: changed trade that {what}: {}",
                    by_country(countries)
                );
            }
        }
        if p.unmapped_goods_usd > 0.0 {
            let _ = writeln!(
                out,
                "note: {:.3} m USD of changed trade is in goods placed in no industry of the table",
                p.unmapped_goods_usd / 1e6
            );
        }
    }
    out
}

/// `JPN 1.500 m USD, KOR 0.200 m USD`, largest first (ten at most, then how many more).
fn by_country(countries: &[(String, f64)]) -> String {
    let mut sorted: Vec<&(String, f64)> = countries.iter().collect();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut parts: Vec<String> = sorted
        .iter()
        .take(10)
        .map(|(c, v)| format!("{c} {:.3} m USD", v / 1e6))
        .collect();
    if sorted.len() > 10 {
        parts.push(format!("and {} more", sorted.len() - 10));
    }
    parts.join(", ")
}
