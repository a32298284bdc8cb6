//! Charts as Vega-Lite specifications with their data inline: one definition for the
//! dashboard (the API sends them with `?charts=vega-lite`) and for static reports. Each
//! function takes an engine result and draws what METHODS §1 and §3 describe:
//!
//! * [`category_scatter`]: an importer's goods by export centrality and import
//!   concentration (log scales), the two Q0.75 lines splitting the four categories,
//!   point size the import value, colour the category (METHODS §1.4).
//! * [`chapter_ranking`]: the HS2 chapters by vulnerability `V(m,ch)` (METHODS §1.5).
//! * [`risk_ranking`]: importers by total risk, coloured by the rank shift once politics
//!   counts (METHODS §1.7).
//! * [`scenario_losses`]: importers by value lost, re-sourced and unmet (METHODS §3).
//!
//! Specifications carry no `$schema` URL (a page that embeds them sets the Vega-Lite
//! mode), so nothing in them points off the machine.

use chainlens_engine::VulnerabilityResult;
use chainlens_engine::scenario::ScenarioResult;
use chainlens_engine::trade::{ImporterResult, RiskRow};
use serde_json::{Value, json};

/// The colours of categories 1-4 (1, the most vulnerable, in red).
const CATEGORY_COLOURS: [&str; 4] = ["#d62728", "#ff7f0e", "#1f77b4", "#7f7f7f"];

/// Chapters drawn in the chapter ranking.
pub const CHAPTERS_SHOWN: usize = 25;

/// Importers drawn in the risk ranking and the scenario losses.
pub const IMPORTERS_SHOWN: usize = 25;

/// `title`, marked when the data is the embedded synthetic default.
fn titled(title: String, synthetic: bool) -> String {
    if synthetic {
        format!("{title} (SYNTHETIC data)")
    } else {
        title
    }
}

/// The four-category scatter of one importer's goods.
pub fn category_scatter(result: &VulnerabilityResult, importer: &ImporterResult) -> Value {
    let title = format!(
        "{}: export centrality vs import concentration of {} goods",
        importer.importer,
        importer.products.len()
    );
    let quartile = |axis: &str, value: f64, label: &str| {
        json!({
            "data": { "values": [{ "q": value, "label": label }] },
            "mark": { "type": "rule", "strokeDash": [6, 4], "color": "#333" },
            "encoding": {
                axis: { "field": "q", "type": "quantitative" },
                "tooltip": [{ "field": "label", "title": "line" }, { "field": "q", "title": "value", "format": ".4f" }],
            },
        })
    };
    json!({
        "title": titled(title, result.synthetic),
        "width": 640,
        "height": 420,
        "layer": [
            {
                "data": { "values": importer.products },
                "mark": { "type": "point", "filled": true, "opacity": 0.6 },
                "encoding": {
                    "x": { "field": "centrality", "type": "quantitative", "scale": { "type": "log" }, "title": "export centrality C(k)" },
                    "y": { "field": "concentration", "type": "quantitative", "scale": { "type": "log" }, "title": "import concentration H(m,k)" },
                    "size": { "field": "import_value", "type": "quantitative", "title": "imports, USD a year" },
                    "color": {
                        "field": "category", "type": "nominal", "title": "category",
                        "scale": { "domain": [1, 2, 3, 4], "range": CATEGORY_COLOURS },
                    },
                    "tooltip": [
                        { "field": "hs6", "title": "HS6" },
                        { "field": "description" },
                        { "field": "import_value", "title": "imports, USD", "format": ",.0f" },
                        { "field": "category" },
                    ],
                },
            },
            quartile("x", result.centrality_threshold, "Q0.75 of export centrality"),
            quartile("y", importer.concentration_threshold, "Q0.75 of import concentration"),
        ],
    })
}

/// The most vulnerable chapters of one importer.
pub fn chapter_ranking(result: &VulnerabilityResult, importer: &ImporterResult) -> Value {
    let shown: Vec<_> = importer.chapters.iter().take(CHAPTERS_SHOWN).collect();
    let title = format!("{}: HS2 chapters by vulnerability", importer.importer);
    json!({
        "title": titled(title, result.synthetic),
        "width": 480,
        "data": { "values": shown },
        "mark": "bar",
        "encoding": {
            "y": { "field": "hs2", "type": "nominal", "sort": { "field": "rank" }, "title": "HS2 chapter" },
            "x": { "field": "vulnerability", "type": "quantitative", "title": "V(m,ch)" },
            "tooltip": [
                { "field": "rank" }, { "field": "hs2", "title": "chapter" }, { "field": "goods" },
                { "field": "import_value", "title": "imports, USD", "format": ",.0f" },
                { "field": "vulnerability", "format": ".4f" },
            ],
        },
    })
}

/// Importers with the highest total risk, coloured by the places they move up once
/// politics counts.
pub fn risk_ranking(rows: &[RiskRow], synthetic: bool) -> Value {
    let mut shown: Vec<&RiskRow> = rows.iter().collect();
    shown.sort_by(|a, b| a.rank_total.cmp(&b.rank_total));
    shown.truncate(IMPORTERS_SHOWN);
    json!({
        "title": titled("Supply risk: economic plus political, highest first".into(), synthetic),
        "width": 480,
        "data": { "values": shown },
        "mark": "bar",
        "encoding": {
            "y": { "field": "iso3", "type": "nominal", "sort": { "field": "rank_total" }, "title": "importer" },
            "x": { "field": "r_total", "type": "quantitative", "title": "R_total = R_econ + R_pol" },
            "color": {
                "field": "rank_shift", "type": "quantitative", "title": "rank shift",
                "scale": { "scheme": "redblue", "reverse": true, "domainMid": 0 },
            },
            "tooltip": [
                { "field": "iso3" }, { "field": "r_econ", "format": ".4f" }, { "field": "r_pol", "format": ".4f" },
                { "field": "rank_econ" }, { "field": "rank_total" }, { "field": "rank_shift" },
            ],
        },
    })
}

/// Importers that lose most in a scenario: re-sourced and unmet value stacked.
pub fn scenario_losses(result: &ScenarioResult) -> Value {
    let mut shown: Vec<_> = result.importers.iter().collect();
    shown.sort_by(|a, b| b.lost.total_cmp(&a.lost).then(a.iso3.cmp(&b.iso3)));
    shown.truncate(IMPORTERS_SHOWN);
    json!({
        "title": titled(format!("{}: imports lost by importer", result.name), result.synthetic),
        "width": 480,
        "data": { "values": shown },
        "transform": [{ "fold": ["resourced", "unmet"], "as": ["part", "usd"] }],
        "mark": "bar",
        "encoding": {
            "y": { "field": "iso3", "type": "nominal", "sort": { "field": "lost", "order": "descending" }, "title": "importer" },
            "x": { "field": "usd", "type": "quantitative", "stack": true, "title": "USD a year" },
            "color": { "field": "part", "type": "nominal", "scale": { "domain": ["resourced", "unmet"], "range": ["#2ca02c", "#d62728"] } },
            "tooltip": [
                { "field": "iso3" }, { "field": "lost", "format": ",.0f" },
                { "field": "resourced", "format": ",.0f" }, { "field": "unmet", "format": ",.0f" },
            ],
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_engine::{Session, SessionOptions, TradeOptions, VulnerabilityRequest};

    #[test]
    fn the_scatter_has_a_point_per_good_and_both_quartile_lines() {
        let session = Session::open(&SessionOptions {
            trade: Some(TradeOptions::default()),
            table: None,
        })
        .unwrap();
        let result = session
            .vulnerability(&VulnerabilityRequest {
                importers: vec!["KOR".into()],
                ..Default::default()
            })
            .unwrap();
        let imp = &result.importers[0];
        let spec = category_scatter(&result, imp);
        let layers = spec["layer"].as_array().unwrap();
        assert_eq!(
            layers[0]["data"]["values"].as_array().unwrap().len(),
            imp.products.len()
        );
        assert_eq!(
            layers[1]["data"]["values"][0]["q"],
            json!(result.centrality_threshold)
        );
        assert_eq!(
            layers[2]["data"]["values"][0]["q"],
            json!(imp.concentration_threshold)
        );
        assert!(
            spec["title"]
                .as_str()
                .unwrap()
                .ends_with("(SYNTHETIC data)")
        );
        let chapters = chapter_ranking(&result, imp);
        let shown = chapters["data"]["values"].as_array().unwrap();
        assert_eq!(shown.len(), CHAPTERS_SHOWN.min(imp.chapters.len()));
        assert_eq!(shown[0]["rank"], 1);
    }
}
