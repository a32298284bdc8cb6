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
//! * [`scenario_loss_map`]: the same losses on a world map (world-atlas, Natural Earth
//!   1:110m, public domain).
//! * [`supplier_dominance_map`]: an importer's suppliers on a world map, coloured by their
//!   share of its intermediate imports, with their world dominance (METHODS §1.3, §1.6).
//! * [`political_distance_map`]: an importer's political distance to every country on a
//!   world map (METHODS §1.7's `d(m,e)`).
//! * [`sourcing_index_lines`]: each importer's yearly political distance of suppliers and
//!   top-supplier share (friend-shoring, concentration; METHODS §5).
//! * [`supplier_slope`]: an importer's largest suppliers, share in the base window to
//!   share in the compare window (METHODS §5).
//! * [`gvc_position`]: economies by GVC participation and position (Koopman et al.
//!   2010), point size gross exports; [`paradox_bars`]: by industry group, the
//!   correlation of GVC position with external reliance (METHODS §2).
//! * [`ge_io_welfare_by_bloc`]: welfare change by country in the multi-sector general
//!   equilibrium, one panel per bloc (METHODS §3, bloc fragmentation).
//!
//! Specifications carry no `$schema` URL (a page that embeds them sets the Vega-Lite
//! mode), so nothing in them points off the machine.

use chainlens_engine::Table;
use chainlens_engine::VulnerabilityResult;
use chainlens_engine::exposure::ExposureResult;
use chainlens_engine::gravity_io::GeIoResult;
use chainlens_engine::restructuring::ShiftResult;
use chainlens_engine::scenario::ScenarioResult;
use chainlens_engine::trade::{ImporterResult, ImporterSupplierRow, PoliticalDistanceRow, RiskRow};
use chainlens_model::CountryTable;
use serde_json::{Value, json};

/// The colours of categories 1-4 (1, the most vulnerable, in red).
const CATEGORY_COLOURS: [&str; 4] = ["#d62728", "#ff7f0e", "#1f77b4", "#7f7f7f"];

/// Chapters drawn in the chapter ranking.
pub const CHAPTERS_SHOWN: usize = 25;

/// Importers drawn in the risk ranking and the scenario losses.
pub const IMPORTERS_SHOWN: usize = 25;

/// Importers drawn in the sourcing-index lines.
pub const INDEX_IMPORTERS_SHOWN: usize = 8;

/// Suppliers drawn in the slope chart.
pub const SUPPLIERS_SHOWN: usize = 10;

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

/// A country's industries by the category-1 share of their imported inputs, direct and
/// through domestic suppliers, most exposed first.
pub fn exposure_by_industry(result: &ExposureResult) -> Value {
    let country = result.industries.first().map_or("", |r| r.country.as_str());
    let title =
        format!("{country}: imported inputs in category 1 (high centrality, high concentration)");
    json!({
        "title": titled(title, result.synthetic),
        "width": 480,
        "data": { "values": result.industries },
        "transform": [
            { "fold": ["category1_share_direct", "category1_share_total"], "as": ["measure", "share"] },
            { "calculate": "datum.measure == 'category1_share_direct' ? 'direct' : 'with domestic suppliers'", "as": "measure" },
        ],
        "mark": "bar",
        "encoding": {
            "y": {
                "field": "industry", "type": "nominal", "title": "industry",
                "sort": { "op": "max", "field": "category1_share_total", "order": "descending" },
            },
            "yOffset": { "field": "measure" },
            "x": { "field": "share", "type": "quantitative", "title": "share of imported inputs", "axis": { "format": ".0%" } },
            "color": {
                "field": "measure", "type": "nominal", "title": null,
                "scale": { "domain": ["direct", "with domestic suppliers"], "range": [CATEGORY_COLOURS[0], "#f4a582"] },
            },
            "tooltip": [
                { "field": "industry" }, { "field": "imported_inputs", "format": ",.1f" },
                { "field": "category1_share_direct", "format": ".1%" },
                { "field": "category1_share_total", "format": ".1%" }, { "field": "top_goods" },
            ],
        },
    })
}

/// The users of the goods asked for: country by industry, coloured by the goods' share of
/// the industry's imported inputs.
pub fn goods_users_matrix(result: &ExposureResult) -> Value {
    let shown: Vec<_> = result
        .goods_users
        .iter()
        .take(IMPORTERS_SHOWN * 4)
        .collect();
    json!({
        "title": titled("Who uses the goods: share of each industry's imported inputs".into(), result.synthetic),
        "data": { "values": shown },
        "mark": "rect",
        "encoding": {
            "x": { "field": "industry", "type": "nominal", "title": "industry" },
            "y": { "field": "country", "type": "nominal", "title": "country" },
            "color": { "field": "goods_share_direct", "type": "quantitative", "title": "share", "scale": { "scheme": "reds" } },
            "tooltip": [
                { "field": "country" }, { "field": "industry" },
                { "field": "goods_inputs", "format": ",.1f" },
                { "field": "goods_share_direct", "format": ".1%" },
                { "field": "goods_share_total", "format": ".1%" },
            ],
        },
    })
}

/// Importers with the highest total risk, coloured by the places they move up once
/// politics counts.
pub fn risk_ranking(rows: &[RiskRow], synthetic: bool) -> Value {
    let mut shown: Vec<&RiskRow> = rows.iter().collect();
    shown.sort_by_key(|r| r.rank_total);
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

/// The world geometry of a map: the URL a page serves it at (the dashboard), or the
/// TopoJSON inline (a report that opens from a file).
#[derive(Clone, Copy, Debug)]
pub enum World<'a> {
    /// Fetched by the page.
    Url(&'a str),
    /// Inline.
    Inline(&'a Value),
}

/// The ISO 3166-1 numeric code that world-atlas keys a country by (three digits), from
/// the data's country table: its code, except the six where BACI's and Comtrade's codes
/// (in tables of BACI releases before V202301) differ from ISO's.
fn iso_numeric(iso3: &str, countries: &CountryTable) -> Option<String> {
    let numeric = match countries.by_iso3(iso3)?.code.get() {
        842 => 840, // USA (BACI's 842 adds Puerto Rico and the US Virgin Islands)
        251 => 250, // France with Monaco
        579 => 578, // Norway with Svalbard and Jan Mayen
        699 => 356, // India
        757 => 756, // Switzerland with Liechtenstein
        490 => 158, // "Other Asia, nes", Taiwan
        code => code,
    };
    Some(format!("{numeric:03}"))
}

/// The world geometry as a map's top-level `data`: countries keyed by ISO numeric `id`.
fn world_data(world: World) -> Value {
    let format = json!({ "type": "topojson", "feature": "countries" });
    match world {
        World::Url(url) => json!({ "url": url, "format": format }),
        World::Inline(topology) => json!({ "values": topology, "format": format }),
    }
}

/// A choropleth: the world in grey, and on it the countries of `values` (objects with
/// `iso3` and `fields`, placed by `countries`) coloured by `colour`.
fn world_map(
    title: String,
    world: World,
    countries: &CountryTable,
    values: Vec<Value>,
    fields: &[&str],
    colour: Value,
    tooltip: Value,
) -> Value {
    let placed: Vec<Value> = values
        .into_iter()
        .filter_map(|mut v| {
            let id = iso_numeric(v["iso3"].as_str()?, countries)?;
            v["id"] = json!(id);
            Some(v)
        })
        .collect();
    let mut looked_up = vec!["iso3"];
    looked_up.extend_from_slice(fields);
    json!({
        "title": title,
        "width": 640,
        "height": 340,
        "projection": { "type": "equalEarth" },
        "data": world_data(world),
        "layer": [
            { "mark": { "type": "geoshape", "fill": "#e8e8e8", "stroke": "#fff", "strokeWidth": 0.5 } },
            {
                "transform": [
                    { "lookup": "id", "from": { "data": { "values": placed }, "key": "id", "fields": looked_up } },
                    { "filter": "isValid(datum.iso3)" },
                ],
                "mark": { "type": "geoshape", "stroke": "#fff", "strokeWidth": 0.5 },
                "encoding": { "color": colour, "tooltip": tooltip },
            },
        ],
    })
}

/// A scenario's value lost by importer on a world map (countries without a loss grey);
/// `countries` is the data's country table, which places each importer.
pub fn scenario_loss_map(result: &ScenarioResult, world: World, countries: &CountryTable) -> Value {
    let losses = result
        .importers
        .iter()
        .map(|i| json!({ "iso3": i.iso3, "lost": i.lost, "unmet": i.unmet }))
        .collect();
    world_map(
        titled(
            format!("{}: imports lost by importer", result.name),
            result.synthetic,
        ),
        world,
        countries,
        losses,
        &["lost", "unmet"],
        json!({ "field": "lost", "type": "quantitative", "scale": { "scheme": "reds" }, "title": "lost, USD a year" }),
        json!([
            { "field": "iso3", "title": "importer" },
            { "field": "lost", "format": ",.0f" },
            { "field": "unmet", "format": ",.0f" },
        ]),
    )
}

/// The suppliers of one importer's intermediate goods, coloured by their share of its
/// imports; the tooltip adds each supplier's world dominance (goods where it is the first
/// or a top-3 exporter, all and high-centrality).
pub fn supplier_dominance_map(
    importer: &str,
    suppliers: &[ImporterSupplierRow],
    world: World,
    countries: &CountryTable,
    synthetic: bool,
) -> Value {
    let values = suppliers
        .iter()
        .map(|s| serde_json::to_value(s).unwrap_or_default())
        .collect();
    world_map(
        titled(
            format!(
                "{importer}: suppliers by share of its intermediate imports, with their world dominance"
            ),
            synthetic,
        ),
        world,
        countries,
        values,
        &[
            "import_value",
            "import_share",
            "goods",
            "top1",
            "high_centrality_top1",
            "high_centrality_top3",
        ],
        json!({ "field": "import_share", "type": "quantitative", "scale": { "scheme": "oranges" }, "title": "share of imports", "legend": { "format": ".0%" } }),
        json!([
            { "field": "iso3", "title": "supplier" },
            { "field": "import_share", "title": "share of imports", "format": ".1%" },
            { "field": "import_value", "title": "imports, USD a year", "format": ",.0f" },
            { "field": "goods", "title": "goods bought from it" },
            { "field": "top1", "title": "world's first exporter of (goods)" },
            { "field": "high_centrality_top1", "title": "first in high-centrality goods" },
            { "field": "high_centrality_top3", "title": "top 3 in high-centrality goods" },
        ]),
    )
}

/// One importer's political distance to every country it has one with, darker farther.
pub fn political_distance_map(
    importer: &str,
    rows: &[PoliticalDistanceRow],
    world: World,
    countries: &CountryTable,
    synthetic: bool,
) -> Value {
    let values = rows
        .iter()
        .map(|r| json!({ "iso3": r.iso3, "name": r.name, "distance": r.distance }))
        .collect();
    world_map(
        titled(
            format!("{importer}: political distance d(m,e) to every country"),
            synthetic,
        ),
        world,
        countries,
        values,
        &["name", "distance"],
        json!({ "field": "distance", "type": "quantitative", "scale": { "scheme": "purples", "domain": [0, 1] }, "title": "distance d(m,e)" }),
        json!([
            { "field": "iso3", "title": "country" },
            { "field": "name" },
            { "field": "distance", "title": "political distance", "format": ".3f" },
        ]),
    )
}

/// Each importer's yearly import-weighted political distance of its suppliers and the
/// share of its top supplier, one panel each (the largest importers when there are many).
pub fn sourcing_index_lines(result: &ShiftResult) -> Value {
    let mut importers: Vec<(&str, f64)> = Vec::new();
    for r in &result.indices {
        match importers.iter_mut().find(|i| i.0 == r.importer) {
            Some(i) => i.1 += r.import_value,
            None => importers.push((&r.importer, r.import_value)),
        }
    }
    importers.sort_by(|a, b| b.1.total_cmp(&a.1));
    importers.truncate(INDEX_IMPORTERS_SHOWN);
    let shown: Vec<Value> = result
        .indices
        .iter()
        .filter(|r| importers.iter().any(|i| i.0 == r.importer))
        .flat_map(|r| {
            let point = |measure: &str, value: Option<f64>| {
                value.map(|v| json!({ "importer": r.importer, "year": r.year, "measure": measure, "value": v }))
            };
            [
                point("political distance of suppliers", r.political_distance),
                point("top supplier's share", Some(r.top_supplier_share)),
            ]
        })
        .flatten()
        .collect();
    json!({
        "title": titled("Sourcing over the years: political distance of suppliers and the top supplier's share".into(), result.synthetic),
        "data": { "values": shown },
        "facet": { "row": { "field": "measure", "type": "nominal", "title": null } },
        "resolve": { "scale": { "y": "independent" } },
        "spec": {
            "width": 480,
            "height": 160,
            "mark": { "type": "line", "point": true },
            "encoding": {
                "x": { "field": "year", "type": "ordinal", "title": "year" },
                "y": { "field": "value", "type": "quantitative", "title": null, "scale": { "zero": false } },
                "color": { "field": "importer", "type": "nominal", "title": "importer" },
                "tooltip": [
                    { "field": "importer" }, { "field": "year" }, { "field": "measure" },
                    { "field": "value", "format": ".3f" },
                ],
            },
        },
    })
}

/// The first importer's main suppliers, share of its imports in the base window joined to
/// the compare window: the [`SUPPLIERS_SHOWN`]` / 2` largest (by their larger share of the
/// two windows), then those whose share moved most, up to [`SUPPLIERS_SHOWN`]; red lost
/// share, blue gained.
pub fn supplier_slope(result: &ShiftResult) -> Value {
    let importer = result.suppliers.first().map_or("", |r| r.importer.as_str());
    let mut ranked: Vec<_> = result
        .suppliers
        .iter()
        .filter(|r| r.importer == importer)
        .collect();
    ranked.sort_by(|a, b| {
        b.share_base
            .max(b.share_compare)
            .total_cmp(&a.share_base.max(a.share_compare))
    });
    let mut top: Vec<_> = ranked.iter().take(SUPPLIERS_SHOWN / 2).copied().collect();
    ranked.sort_by(|a, b| b.change.abs().total_cmp(&a.change.abs()));
    for r in ranked {
        if top.len() == SUPPLIERS_SHOWN {
            break;
        }
        if !top.iter().any(|t| t.exporter == r.exporter) {
            top.push(r);
        }
    }
    let window = crate::restructuring::window;
    let (base, compare) = (window(&result.base_years), window(&result.compare_years));
    let points: Vec<Value> = top
        .iter()
        .flat_map(|r| {
            [
                json!({ "exporter": r.exporter, "window": base, "share": r.share_base, "change": r.change,
                        "direction": if r.change < 0.0 { "lost share" } else { "gained share" } }),
                json!({ "exporter": r.exporter, "window": compare, "share": r.share_compare, "change": r.change,
                        "direction": if r.change < 0.0 { "lost share" } else { "gained share" } }),
            ]
        })
        .collect();
    let title = format!("{importer}: shares of its main suppliers, {base} to {compare}");
    json!({
        "title": titled(title, result.synthetic),
        "width": 320,
        "height": 360,
        "data": { "values": points },
        "encoding": {
            "x": { "field": "window", "type": "ordinal", "title": null, "sort": [base, compare], "scale": { "padding": 0.6 } },
            "y": { "field": "share", "type": "quantitative", "title": "share of imports", "axis": { "format": ".0%" } },
            "color": {
                "field": "direction", "type": "nominal", "title": null,
                "scale": { "domain": ["lost share", "gained share"], "range": [CATEGORY_COLOURS[0], CATEGORY_COLOURS[2]] },
            },
            "detail": { "field": "exporter" },
            "tooltip": [
                { "field": "exporter" }, { "field": "window" },
                { "field": "share", "format": ".1%" }, { "field": "change", "format": "+.1%" },
            ],
        },
        "layer": [
            { "mark": { "type": "line", "strokeWidth": 2 } },
            { "mark": { "type": "circle", "size": 60 } },
            {
                "mark": { "type": "text", "align": "left", "dx": 8 },
                "transform": [{ "filter": { "field": "window", "equal": compare } }],
                "encoding": { "text": { "field": "exporter" } },
            },
        ],
    })
}

/// Economies by GVC participation (x) and position (y), sized by gross exports, from
/// `gvc`'s `country` table.
pub fn gvc_position(country: &Table, synthetic: bool) -> Value {
    let columns = [
        "country",
        "gvc_participation",
        "gvc_position",
        "gross_exports",
        "upstreamness",
    ];
    json!({
        "title": titled("GVC participation and position of each economy".into(), synthetic),
        "width": 480,
        "height": 360,
        "data": { "values": crate::json::rows(country, &columns) },
        "layer": [
            {
                "mark": { "type": "circle", "opacity": 0.7, "color": CATEGORY_COLOURS[2] },
                "encoding": {
                    "x": { "field": "gvc_participation", "type": "quantitative", "title": "GVC participation (IV + FV) / gross exports", "axis": { "format": ".0%" } },
                    "y": { "field": "gvc_position", "type": "quantitative", "title": "GVC position (upstream > 0)" },
                    "size": { "field": "gross_exports", "type": "quantitative", "title": "gross exports" },
                    "tooltip": [
                        { "field": "country" },
                        { "field": "gvc_participation", "format": ".1%" },
                        { "field": "gvc_position", "format": ".3f" },
                        { "field": "upstreamness", "format": ".3f" },
                        { "field": "gross_exports", "format": ",.0f" },
                    ],
                },
            },
            {
                "mark": { "type": "text", "dx": 9, "align": "left", "fontSize": 9 },
                "encoding": {
                    "x": { "field": "gvc_participation", "type": "quantitative" },
                    "y": { "field": "gvc_position", "type": "quantitative" },
                    "text": { "field": "country" },
                },
            },
        ],
    })
}

/// The paradox table as bars: by industry group, the correlation of the Koopman and
/// WWYZ positions with external reliance.
pub fn paradox_bars(paradox: &Table, synthetic: bool) -> Value {
    let columns = [
        "group",
        "observations",
        "corr_koopman_position_reliance",
        "corr_wwyz_position_reliance",
    ];
    json!({
        "title": titled("Position and external reliance by industry group (the paradox table)".into(), synthetic),
        "width": 420,
        "data": { "values": crate::json::rows(paradox, &columns) },
        "transform": [
            { "fold": ["corr_koopman_position_reliance", "corr_wwyz_position_reliance"], "as": ["measure", "correlation"] },
            { "calculate": "datum.measure == 'corr_koopman_position_reliance' ? 'Koopman position' : 'WWYZ position'", "as": "measure" },
        ],
        "mark": "bar",
        "encoding": {
            "y": { "field": "group", "type": "nominal", "title": "industry group" },
            "yOffset": { "field": "measure" },
            "x": { "field": "correlation", "type": "quantitative", "title": "correlation with external reliance", "scale": { "domain": [-1, 1] } },
            "color": { "field": "measure", "type": "nominal", "title": null, "scale": { "range": [CATEGORY_COLOURS[2], CATEGORY_COLOURS[1]] } },
            "tooltip": [
                { "field": "group" }, { "field": "measure" },
                { "field": "correlation", "format": ".3f" }, { "field": "observations" },
            ],
        },
    })
}

/// Welfare change by country in the multi-sector model, one panel per bloc (countries in
/// no bloc last), largest loss first in each, the one-sector model's change in the tooltip.
pub fn ge_io_welfare_by_bloc(result: &GeIoResult) -> Value {
    let outside = "outside any bloc";
    let values: Vec<Value> = result
        .countries
        .iter()
        .map(|c| {
            json!({
                "iso3": c.iso3,
                "bloc": if c.bloc.is_empty() { outside } else { c.bloc.as_str() },
                "welfare_change_pct": c.welfare_change_pct,
                "one_sector_welfare_change_pct": c.one_sector_welfare_change_pct,
                "terms_of_trade": c.terms_of_trade,
                "volume_of_trade": c.volume_of_trade,
                "trade_cost": c.trade_cost,
            })
        })
        .collect();
    let blocs: Vec<&str> = result
        .blocs
        .iter()
        .map(|b| b.bloc.as_str())
        .filter(|b| *b != "world")
        .collect();
    json!({
        "title": format!("{}: welfare change by country and bloc", result.name),
        "data": { "values": values },
        "facet": { "row": { "field": "bloc", "type": "nominal", "title": null, "sort": blocs } },
        "resolve": { "scale": { "y": "independent" } },
        "spec": {
            "width": 420,
            "mark": "bar",
            "encoding": {
                "y": {
                    "field": "iso3", "type": "nominal", "title": null,
                    "sort": { "field": "welfare_change_pct", "order": "ascending" },
                },
                "x": { "field": "welfare_change_pct", "type": "quantitative", "title": "welfare change, %" },
                "color": { "field": "bloc", "type": "nominal", "title": "bloc", "sort": blocs },
                "tooltip": [
                    { "field": "iso3" }, { "field": "bloc" },
                    { "field": "welfare_change_pct", "format": ".3f" },
                    { "field": "one_sector_welfare_change_pct", "format": ".3f" },
                    { "field": "terms_of_trade", "format": ".3f" },
                    { "field": "volume_of_trade", "format": ".3f" },
                    { "field": "trade_cost", "format": ".3f" },
                ],
            },
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

    /// The values a map's coloured layer looks its countries up in.
    fn looked_up(map: &Value) -> &Vec<Value> {
        map["layer"][1]["transform"][0]["from"]["data"]["values"]
            .as_array()
            .unwrap()
    }

    #[test]
    fn the_maps_hold_the_suppliers_and_distances_of_their_tables() {
        let session = Session::open(&SessionOptions {
            trade: Some(TradeOptions::default()),
            table: None,
        })
        .unwrap();
        let request = VulnerabilityRequest {
            importers: vec!["KOR".into()],
            ..Default::default()
        };
        let korea = &session.vulnerability(&request).unwrap().importers[0];
        let suppliers = session.suppliers(&request).unwrap();
        // The suppliers' values add up to the importer's imports of products.csv.
        let total: f64 = suppliers.iter().map(|s| s.import_value).sum();
        assert!((total - korea.import_value()).abs() <= 1e-9 * total);
        let countries = &session.dataset().unwrap().countries;
        let world = json!({});
        let map = supplier_dominance_map("KOR", &suppliers, World::Inline(&world), countries, true);
        let values = looked_up(&map);
        // Every supplier of the synthetic data has an ISO numeric code, so all are drawn,
        // in the table's order, with the table's numbers.
        assert_eq!(values.len(), suppliers.len());
        for (v, s) in values.iter().zip(&suppliers) {
            assert_eq!(v["iso3"], json!(s.iso3));
            assert_eq!(v["import_share"], json!(s.import_share));
            assert_eq!(v["high_centrality_top1"], json!(s.high_centrality_top1));
            assert_eq!(v["id"], json!(iso_numeric(&s.iso3, countries).unwrap()));
        }
        assert_eq!(map["data"]["values"], world);
        let distances = session
            .political_distance(&chainlens_engine::trade::PoliticalDistanceRequest {
                importer: "KOR".into(),
                sessions: None,
            })
            .unwrap();
        assert!(
            distances
                .iter()
                .all(|d| (0.0..=1.0).contains(&d.distance) && d.iso3 != "KOR")
        );
        let map = political_distance_map("KOR", &distances, World::Url("/w.json"), countries, true);
        let values = looked_up(&map);
        assert_eq!(values.len(), distances.len());
        for (v, d) in values.iter().zip(&distances) {
            assert_eq!(
                (&v["iso3"], &v["distance"]),
                (&json!(d.iso3), &json!(d.distance))
            );
        }
        assert_eq!(map["data"]["url"], "/w.json");
        assert!(map["title"].as_str().unwrap().ends_with("(SYNTHETIC data)"));
    }

    #[test]
    fn map_keys_are_world_atlas_codes() {
        // A BACI release's table (V202201 style): the USA is 842 there.
        let country = |code: u16, iso3: &str| chainlens_model::Country {
            code: chainlens_model::CountryCode::new(code).unwrap(),
            iso2: String::new(),
            iso3: iso3.into(),
            name: iso3.into(),
            aggregate: false,
        };
        let countries = CountryTable::new(vec![
            country(842, "USA"),
            country(32, "ARG"),
            country(156, "CHN"),
        ])
        .unwrap();
        assert_eq!(iso_numeric("USA", &countries).as_deref(), Some("840"));
        assert_eq!(iso_numeric("ARG", &countries).as_deref(), Some("032"));
        assert_eq!(iso_numeric("CHN", &countries).as_deref(), Some("156"));
        assert_eq!(iso_numeric("XXX", &countries), None);
    }
}
