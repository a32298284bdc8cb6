//! Text and JSON of trade results: the vulnerability summary and document, each
//! importer's `report.json`, the risk ranking and the trade data summary.

use chainlens_engine::VulnerabilityResult;
use chainlens_engine::trade::{ImporterResult, RiskRow, TradeInfo};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// `report.json` of one importer: the ingest counts, the window and both thresholds.
pub fn importer_report(result: &VulnerabilityResult, importer: &ImporterResult) -> Value {
    let mut value = serde_json::to_value(&result.report).unwrap_or(Value::Null);
    if let Some(map) = value.as_object_mut() {
        map.insert("importer".into(), json!(importer.importer));
        map.insert("years".into(), json!(result.years));
        map.insert("hs_edition".into(), json!(result.hs_edition));
        map.insert("extract".into(), json!(result.extract));
        map.insert("hs_conversion".into(), json!(result.hs_conversion));
        map.insert("universe_size".into(), json!(result.universe_size));
        map.insert(
            "centrality_threshold".into(),
            json!(result.centrality_threshold),
        );
        map.insert(
            "concentration_threshold".into(),
            json!(importer.concentration_threshold),
        );
    }
    value
}

/// `report.json` of several importers: the ingest counts, the window, the universe, the
/// centrality threshold and every importer's concentration threshold.
pub fn importers_report(result: &VulnerabilityResult) -> Value {
    let mut report = serde_json::to_value(&result.report).unwrap_or(Value::Null);
    if let Some(map) = report.as_object_mut() {
        map.insert("years".into(), json!(result.years));
        map.insert("universe_size".into(), json!(result.universe_size));
        map.insert(
            "centrality_threshold".into(),
            json!(result.centrality_threshold),
        );
        let thresholds: serde_json::Map<String, Value> = result
            .importers
            .iter()
            .map(|imp| (imp.importer.clone(), json!(imp.concentration_threshold)))
            .collect();
        map.insert("concentration_thresholds".into(), thresholds.into());
    }
    report
}

/// The whole result as one JSON document: every importer's report and tables, and dominance.
pub fn vulnerability_document(result: &VulnerabilityResult) -> Value {
    let importers: Vec<Value> = result
        .importers
        .iter()
        .map(|imp| {
            json!({
                "importer": imp.importer,
                "report": importer_report(result, imp),
                "categories": imp.categories,
                "chapters": imp.chapters,
                "products": imp.products,
            })
        })
        .collect();
    json!({ "importers": importers, "dominance": result.dominance })
}

/// The summary printed after a vulnerability analysis.
pub fn vulnerability_summary(result: &VulnerabilityResult) -> String {
    let mut out = String::new();
    let years: Vec<String> = result.years.iter().map(u16::to_string).collect();
    let _ = writeln!(
        out,
        "window {} | {} | universe {} intermediate goods traded | high centrality: C >= {:.4}",
        years.join("-"),
        result.hs_edition,
        result.universe_size,
        result.centrality_threshold
    );
    if let Some(note) = &result.extract {
        let _ = writeln!(out, "EXTRACT: {note}");
    }
    if let Some(c) = &result.hs_conversion {
        out += &conversion_line(c);
    }
    if result.importers.len() > 3 {
        out += &importer_lines(result);
        return out;
    }
    for imp in &result.importers {
        out += &importer_summary(result, imp);
    }
    out
}

/// One line per importer: goods by category and the top chapter.
fn importer_lines(result: &VulnerabilityResult) -> String {
    let mut out = String::from("\nimporter  goods  cat1  cat2  cat3  cat4  top chapter\n");
    for imp in &result.importers {
        let c = &imp.categories;
        let top = imp
            .chapters
            .first()
            .map_or(String::new(), |ch| ch.hs2.to_string());
        let _ = writeln!(
            out,
            "{:<8} {:>6} {:>5} {:>5} {:>5} {:>5}  {top}",
            imp.importer,
            imp.products.len(),
            c[0].goods,
            c[1].goods,
            c[2].goods,
            c[3].goods
        );
    }
    out
}

/// The categories, the top ten chapters and the importer's dominance as an exporter.
fn importer_summary(result: &VulnerabilityResult, imp: &ImporterResult) -> String {
    let mut out = String::new();
    let name = &imp.importer;
    let _ = writeln!(
        out,
        "\n{name}: {} intermediate goods imported, {:.3} bn USD a year; high concentration: H >= {:.4}",
        imp.products.len(),
        imp.import_value() / 1e9,
        imp.concentration_threshold
    );
    let _ = writeln!(out, "category  goods  value (bn USD)  value share");
    for c in &imp.categories {
        let _ = writeln!(
            out,
            "{:>8} {:>6} {:>15.3} {:>11.1}%",
            c.category,
            c.goods,
            c.import_value / 1e9,
            c.value_share * 100.0
        );
    }
    let _ = writeln!(out, "rank  hs2  goods  value (bn USD)  vulnerability");
    for c in imp.chapters.iter().take(10) {
        let _ = writeln!(
            out,
            "{:>4}   {} {:>6} {:>15.3} {:>14.6}",
            c.rank,
            c.hs2,
            c.goods,
            c.import_value / 1e9,
            c.vulnerability
        );
    }
    if let Some(d) = result.dominance.iter().find(|d| d.iso3 == *name) {
        let _ = writeln!(
            out,
            "{name} as exporter: {} goods, top-1 in {}, top-3 in {}; {} high-centrality goods, top-1 in {}, top-3 in {}, RCA > 1 in {}",
            d.goods_exported,
            d.top1,
            d.top3,
            d.high_centrality_exported,
            d.high_centrality_top1,
            d.high_centrality_top3,
            d.high_centrality_rca_gt1
        );
    }
    out
}

/// The risk ranking's first ten importers, then China and the USA.
pub fn risk_summary(rows: &[RiskRow]) -> String {
    let mut out = format!(
        "{} importers; R_pol / R_econ, largest first (rank by R_econ -> by R_econ + R_pol):\n",
        rows.len()
    );
    let show = |r: &RiskRow| {
        format!(
            "{:<8} R_econ {:.4}  R_pol {:.4}  change {:>7.1}%  rank {:>3} -> {:>3}\n",
            r.iso3,
            r.r_econ,
            r.r_pol,
            r.relative_change * 100.0,
            r.rank_econ,
            r.rank_total
        )
    };
    for r in rows.iter().take(10) {
        out += &show(r);
    }
    for iso3 in ["CHN", "USA"] {
        if let Some(r) = rows.iter().find(|r| r.iso3 == iso3) {
            out += &show(r);
        }
    }
    out
}

/// `chainlens info` as aligned text.
pub fn info_text(info: &TradeInfo) -> String {
    let mut out = String::new();
    let years: Vec<String> = info.years.iter().map(u16::to_string).collect();
    let _ = writeln!(out, "years      {}", years.join(", "));
    let _ = writeln!(out, "rows       {}", info.rows);
    let _ = writeln!(
        out,
        "countries  {} ({} exporters, {} importers)",
        info.countries, info.exporters, info.importers
    );
    let _ = writeln!(
        out,
        "products   {} HS6 codes ({})",
        info.products, info.hs_edition
    );
    for (y, v) in &info.value_usd_by_year {
        let _ = writeln!(out, "value {y}  {:.3} bn USD", v / 1e9);
    }
    let _ = writeln!(out, "value all   {:.3} bn USD", info.value_usd_total / 1e9);
    let _ = writeln!(out, "ingest     {}", info.report.summary());
    if let Some(note) = &info.extract {
        let _ = writeln!(out, "EXTRACT: {note}");
    }
    if let Some(c) = &info.hs_conversion {
        out += &conversion_line(c);
    }
    out
}

/// What `--to-hs` did, in one line.
fn conversion_line(c: &chainlens_ingest::convert::HsConversion) -> String {
    format!(
        "converted {} -> {} ({}): {} codes mapped, {} of them split equally; {} codes unmapped, {:.3} bn USD dropped\n",
        c.from,
        c.to,
        c.table,
        c.codes_mapped,
        c.codes_split,
        c.codes_unmapped,
        c.value_unmapped_usd / 1e9
    )
}

/// `chainlens info --format json`.
pub fn info_document(info: &TradeInfo) -> Value {
    json!({
        "years": info.years,
        "rows": info.rows,
        "exporters": info.exporters,
        "importers": info.importers,
        "countries": info.countries,
        "products": info.products,
        "hs_edition": info.hs_edition,
        "extract": info.extract,
        "hs_conversion": info.hs_conversion,
        "value_usd_by_year": info.value_usd_by_year.iter().map(|(y, v)| (y.to_string(), json!(v))).collect::<serde_json::Map<_, _>>(),
        "value_usd_total": info.value_usd_total,
        "report": serde_json::to_value(&info.report).unwrap_or(Value::Null),
    })
}
