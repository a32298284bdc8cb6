//! The reports `--report DIR` writes for the trade analyses, in the chain reports' form
//! ([`Report`]: Markdown, and one self-contained HTML page with the charts of
//! [`crate::charts`] inline): one importer's vulnerability (METHODS §1.1-1.6), the
//! geopolitics-adjusted risk ranking (§1.7), a scenario's losses (§3), the exposure
//! of a country's industries to its vulnerable imports (docs/exposure.md), the GVC
//! indicators of a table (§2) and the multi-sector general equilibrium of a bloc
//! scenario (`gravity ge-io`, docs/gravity.md). Values are in
//! bn or m USD, chosen per table and stated in its column names; a report on the
//! embedded SYNTHETIC data says so in its title.

use crate::chain_report::Report;
use crate::charts;
use chainlens_engine::VulnerabilityResult;
use chainlens_engine::exposure::ExposureResult;
use chainlens_engine::gravity_io::{GeIoBlocRow, GeIoResult, GeIoSectorRow};
use chainlens_engine::input_output::GvcResult;
use chainlens_engine::scenario::ScenarioResult;
use chainlens_engine::trade::{ImporterResult, ImporterSupplierRow, PoliticalDistanceRow, RiskRow};
use chainlens_engine::{Table, Values};

/// Category-1 goods listed in the vulnerability report (all are in `products`).
pub const CATEGORY_ONE_SHOWN: usize = 50;

/// The divisor and name of the unit that suits values up to `largest` USD.
fn usd_unit(largest: f64) -> (f64, &'static str) {
    if largest >= 1e10 {
        (1e9, "bn USD")
    } else {
        (1e6, "m USD")
    }
}

fn amount(value: f64, unit: (f64, &str)) -> String {
    format!("{:.1}", value / unit.0)
}

fn largest(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |a, v| a.max(v.abs()))
}

fn synthetic_title(title: String, synthetic: bool) -> String {
    if synthetic {
        format!("{title} (SYNTHETIC data, not real trade)")
    } else {
        title
    }
}

fn years(result: &VulnerabilityResult) -> String {
    match (result.years.first(), result.years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

/// Suppliers listed in the vulnerability report (all are in `suppliers`).
pub const SUPPLIERS_SHOWN: usize = 15;

/// What the vulnerability report's maps draw: the importer's suppliers and its political
/// distances (absent when the data knows none), placed on `world` by `countries`.
pub struct ImporterMaps<'a> {
    /// The world geometry.
    pub world: charts::World<'a>,
    /// The data's country table.
    pub countries: &'a chainlens_model::CountryTable,
    /// The importer's suppliers, largest first.
    pub suppliers: &'a [ImporterSupplierRow],
    /// Its political distance to every country, if known.
    pub distances: Option<&'a [PoliticalDistanceRow]>,
}

/// One importer's vulnerability: the four categories, the chapters, the category-1 goods
/// and, given `maps`, its suppliers and political distances on world maps.
pub fn vulnerability_report(
    result: &VulnerabilityResult,
    importer: &ImporterResult,
    maps: Option<ImporterMaps>,
) -> Report {
    let mut report = Report {
        title: synthetic_title(
            format!(
                "Vulnerability of {}'s intermediate imports, {}",
                importer.importer,
                years(result)
            ),
            result.synthetic,
        ),
        blocks: Vec::new(),
    };
    summary_section(&mut report, result, importer);
    categories_section(&mut report, result, importer);
    chapters_section(&mut report, result, importer);
    category_one_section(&mut report, importer);
    if let Some(maps) = maps {
        suppliers_section(&mut report, result, importer, &maps);
    }
    report
}

/// The opening paragraph: the goods, their value and how many are in category 1.
fn summary_section(report: &mut Report, result: &VulnerabilityResult, importer: &ImporterResult) {
    let total = importer.import_value();
    let unit = usd_unit(total);
    let one = importer
        .categories
        .iter()
        .find(|c| c.category.number() == 1);
    report.text(format!(
        "{} imports {} intermediate goods worth {} {} a year (annual mean of the window). {} of them are in category 1 (export centrality C(k) >= {:.4} and import concentration H(m,k) >= {:.4}, the Q0.75 thresholds), worth {} {}.",
        importer.importer,
        importer.products.len(),
        amount(total, unit),
        unit.1,
        one.map_or(0, |c| c.goods),
        result.centrality_threshold,
        importer.concentration_threshold,
        amount(one.map_or(0.0, |c| c.import_value), unit),
        unit.1,
    ));
}

/// The category scatter and the table of the four categories.
fn categories_section(
    report: &mut Report,
    result: &VulnerabilityResult,
    importer: &ImporterResult,
) {
    let unit = usd_unit(importer.import_value());
    report.heading("The four categories");
    report.chart(
        charts::category_scatter(result, importer),
        "scatter.vl.json",
    );
    let imports = format!("imports, {}", unit.1);
    report.table(
        &["category", "goods", &imports, "share of imports"],
        importer
            .categories
            .iter()
            .map(|c| {
                vec![
                    c.category.number().to_string(),
                    c.goods.to_string(),
                    amount(c.import_value, unit),
                    format!("{:.1} %", c.value_share * 100.0),
                ]
            })
            .collect(),
    );
}

/// The chapter ranking and the table of its chapters.
fn chapters_section(report: &mut Report, result: &VulnerabilityResult, importer: &ImporterResult) {
    report.heading("HS2 chapters, most vulnerable first");
    report.chart(
        charts::chapter_ranking(result, importer),
        "chapters.vl.json",
    );
    let chapters: Vec<_> = importer
        .chapters
        .iter()
        .take(charts::CHAPTERS_SHOWN)
        .collect();
    let unit = usd_unit(largest(chapters.iter().map(|c| c.import_value)));
    let imports = format!("imports, {}", unit.1);
    report.table(
        &["rank", "chapter", "goods", &imports, "V(m,ch)"],
        chapters
            .iter()
            .map(|c| {
                vec![
                    c.rank.to_string(),
                    c.hs2.to_string(),
                    c.goods.to_string(),
                    amount(c.import_value, unit),
                    format!("{:.4}", c.vulnerability),
                ]
            })
            .collect(),
    );
}

/// The category-1 goods, most vulnerable first, up to [`CATEGORY_ONE_SHOWN`].
fn category_one_section(report: &mut Report, importer: &ImporterResult) {
    let mut first: Vec<_> = importer
        .products
        .iter()
        .filter(|p| p.category.number() == 1)
        .collect();
    first.sort_by(|a, b| b.vulnerability.total_cmp(&a.vulnerability));
    report.heading("Category-1 goods, most vulnerable first");
    report.text(format!(
        "The first {} of {}; every good is in products.csv.",
        CATEGORY_ONE_SHOWN.min(first.len()),
        first.len()
    ));
    first.truncate(CATEGORY_ONE_SHOWN);
    let unit = usd_unit(largest(first.iter().map(|p| p.import_value)));
    let imports = format!("imports, {}", unit.1);
    report.table(
        &["HS6", "description", &imports, "C(k)", "H(m,k)", "V(m,k)"],
        first
            .iter()
            .map(|p| {
                vec![
                    p.hs6.to_string(),
                    p.description.to_string(),
                    amount(p.import_value, unit),
                    format!("{:.4}", p.centrality),
                    format!("{:.4}", p.concentration),
                    format!("{:.4}", p.vulnerability),
                ]
            })
            .collect(),
    );
}

/// The maps of supplier dominance and political distance, and the largest suppliers with
/// their dominance and distance.
fn suppliers_section(
    report: &mut Report,
    result: &VulnerabilityResult,
    importer: &ImporterResult,
    maps: &ImporterMaps,
) {
    report.heading("Suppliers and their world dominance");
    supplier_maps(report, result, importer.importer.as_str(), maps);
    report.text(format!(
        "The {} largest of {} suppliers; every one is in suppliers.csv. Dominance counts the universe goods where the supplier is the world's first or a top-3 exporter (METHODS 1.6).",
        SUPPLIERS_SHOWN.min(maps.suppliers.len()),
        maps.suppliers.len()
    ));
    suppliers_table(report, maps);
}

/// The map of the suppliers' dominance, then the map of political distance from `iso3`
/// or a line saying none is known.
fn supplier_maps(
    report: &mut Report,
    result: &VulnerabilityResult,
    iso3: &str,
    maps: &ImporterMaps,
) {
    report.chart(
        charts::supplier_dominance_map(
            iso3,
            maps.suppliers,
            maps.world,
            maps.countries,
            result.synthetic,
        ),
        "suppliers-map.vl.json",
    );
    match maps.distances {
        Some(distances) => {
            report.heading("Political distance");
            report.chart(
                charts::political_distance_map(
                    iso3,
                    distances,
                    maps.world,
                    maps.countries,
                    result.synthetic,
                ),
                "political-distance-map.vl.json",
            );
        }
        None => report.text(format!(
            "No political distance is known for {iso3}, so there is no map of it."
        )),
    }
}

/// The table of the largest suppliers: imports, share, dominance counts and distance.
fn suppliers_table(report: &mut Report, maps: &ImporterMaps) {
    let shown = &maps.suppliers[..SUPPLIERS_SHOWN.min(maps.suppliers.len())];
    let unit = usd_unit(largest(shown.iter().map(|s| s.import_value)));
    let imports = format!("imports, {}", unit.1);
    let distance = |s: &ImporterSupplierRow| {
        maps.distances
            .and_then(|d| d.iter().find(|r| r.iso3 == s.iso3))
            .map_or(String::new(), |r| format!("{:.3}", r.distance))
    };
    report.table(
        &[
            "supplier",
            &imports,
            "share",
            "goods",
            "first in (goods)",
            "first in high-centrality goods",
            "top 3 in high-centrality goods",
            "political distance",
        ],
        shown
            .iter()
            .map(|s| {
                vec![
                    s.iso3.clone(),
                    amount(s.import_value, unit),
                    format!("{:.1} %", s.import_share * 100.0),
                    s.goods.to_string(),
                    s.top1.to_string(),
                    s.high_centrality_top1.to_string(),
                    s.high_centrality_top3.to_string(),
                    distance(s),
                ]
            })
            .collect(),
    );
}

/// The importers with the highest total risk and how far politics moves them.
pub fn risk_report(rows: &[RiskRow], synthetic: bool) -> Report {
    let mut report = Report {
        title: synthetic_title("Geopolitics-adjusted supply risk".into(), synthetic),
        blocks: Vec::new(),
    };
    report.text(format!(
        "{} importers; R_total = R_econ + R_pol (METHODS 1.7). A positive rank shift is the places an importer moves up once political distance counts.",
        rows.len()
    ));
    report.chart(charts::risk_ranking(rows, synthetic), "risk.vl.json");
    let mut shown: Vec<&RiskRow> = rows.iter().collect();
    shown.sort_by_key(|r| r.rank_total);
    shown.truncate(charts::IMPORTERS_SHOWN);
    report.table(
        &[
            "importer",
            "R_econ",
            "R_pol",
            "R_total",
            "rank (econ)",
            "rank (total)",
            "rank shift",
        ],
        shown
            .iter()
            .map(|r| {
                vec![
                    r.iso3.clone(),
                    format!("{:.4}", r.r_econ),
                    format!("{:.4}", r.r_pol),
                    format!("{:.4}", r.r_total),
                    r.rank_econ.to_string(),
                    r.rank_total.to_string(),
                    r.rank_shift.to_string(),
                ]
            })
            .collect(),
    );
    report
}

/// A scenario's losses by importer (and on a map, given the world geometry and the data's
/// country table).
pub fn scenario_report(
    result: &ScenarioResult,
    world: Option<(charts::World, &chainlens_model::CountryTable)>,
) -> Report {
    let mut report = Report {
        title: synthetic_title(format!("Scenario: {}", result.name), result.synthetic),
        blocks: Vec::new(),
    };
    let [lost, resourced, unmet] = result.totals();
    let unit = usd_unit(lost);
    report.text(format!(
        "{} {u} a year of imports lost, {} {u} re-sourced from the remaining exporters, {} {u} unmet, over {} importers.",
        amount(lost, unit),
        amount(resourced, unit),
        amount(unmet, unit),
        result.importers.len(),
        u = unit.1,
    ));
    report.chart(charts::scenario_losses(result), "losses.vl.json");
    if let Some((world, countries)) = world {
        report.chart(
            charts::scenario_loss_map(result, world, countries),
            "losses-map.vl.json",
        );
    }
    let mut shown: Vec<_> = result.importers.iter().collect();
    shown.sort_by(|a, b| b.lost.total_cmp(&a.lost).then(a.iso3.cmp(&b.iso3)));
    shown.truncate(charts::IMPORTERS_SHOWN);
    let unit = usd_unit(largest(shown.iter().map(|i| i.imports_before)));
    let head: Vec<String> = ["imports before", "lost", "re-sourced", "unmet"]
        .iter()
        .map(|h| format!("{h}, {}", unit.1))
        .collect();
    report.table(
        &[
            "importer",
            &head[0],
            &head[1],
            &head[2],
            &head[3],
            "category changes",
        ],
        shown
            .iter()
            .map(|i| {
                vec![
                    i.iso3.clone(),
                    amount(i.imports_before, unit),
                    amount(i.lost, unit),
                    amount(i.resourced, unit),
                    amount(i.unmet, unit),
                    i.category_changes.to_string(),
                ]
            })
            .collect(),
    );
    report
}

/// The exposure of a country's industries: the bar chart and table of its industries,
/// the country ranking and, when goods were asked for, their users.
pub fn exposure_report(result: &ExposureResult) -> Report {
    let country = result.industries.first().map(|r| r.country.clone());
    let title = match &country {
        Some(c) => format!("{c}: industries that depend on vulnerable imports"),
        None => "Industries that depend on vulnerable imports".into(),
    };
    let mut report = Report {
        title: synthetic_title(title, result.synthetic),
        blocks: Vec::new(),
    };
    report.text(format!(
        "Trade window {}; table {} ({}). Goods reach the table's industries through {} ({}). Category 1: high export centrality and high import concentration (METHODS 1.4); \"with domestic suppliers\" carries imported inputs through the domestic Leontief inverse.",
        result.years.iter().map(u16::to_string).collect::<Vec<_>>().join("-"),
        result.table,
        result.unit,
        result.link.concordance,
        result.link.industry_scheme,
    ));
    if country.is_some() {
        report.chart(charts::exposure_by_industry(result), "exposure.vl.json");
        exposure_industries_table(&mut report, result);
    }
    exposure_countries_table(&mut report, result);
    if !result.goods_users.is_empty() {
        report.chart(charts::goods_users_matrix(result), "goods_users.vl.json");
    }
    report
}

/// The country's industries, most exposed (category 1, total) first.
fn exposure_industries_table(report: &mut Report, result: &ExposureResult) {
    let mut rows: Vec<_> = result.industries.iter().collect();
    rows.sort_by(|a, b| b.category1_share_total.total_cmp(&a.category1_share_total));
    report.table(
        &[
            "industry",
            "imported inputs",
            "category 1, direct",
            "category 1, total",
            "top category-1 goods",
        ],
        rows.iter()
            .map(|r| {
                vec![
                    r.industry.clone(),
                    format!("{:.1}", r.imported_inputs),
                    format!("{:.1} %", 100.0 * r.category1_share_direct),
                    format!("{:.1} %", 100.0 * r.category1_share_total),
                    r.top_goods.clone(),
                ]
            })
            .collect(),
    );
}

/// The country ranking by exposure, the first [`charts::IMPORTERS_SHOWN`] countries.
fn exposure_countries_table(report: &mut Report, result: &ExposureResult) {
    report.table(
        &[
            "rank",
            "country",
            "category 1, direct",
            "category 1, total",
            "unmapped imports",
        ],
        result
            .countries
            .iter()
            .take(charts::IMPORTERS_SHOWN)
            .map(|r| {
                vec![
                    r.rank.to_string(),
                    r.country.clone(),
                    format!("{:.1} %", 100.0 * r.category1_share_direct),
                    format!("{:.1} %", 100.0 * r.category1_share_total),
                    format!("{:.1} %", 100.0 * r.unmapped_import_share),
                ]
            })
            .collect(),
    );
}

/// Economies shown in the GVC report's table.
pub const ECONOMIES_SHOWN: usize = 25;

/// The GVC indicators of `table` (its label and unit): each economy's participation and
/// position, its table by gross exports, and the paradox table by industry group.
pub fn gvc_report(result: &GvcResult, table: &str, unit: &str, synthetic: bool) -> Report {
    let title = format!("GVC participation and position, {table}");
    let mut report = Report {
        title: if synthetic {
            format!("{title} (SYNTHETIC example table, not real data)")
        } else {
            title
        },
        blocks: Vec::new(),
    };
    report.text(format!(
        "Participation: (IV + FV) / gross exports; position: ln(1 + IV/E) - ln(1 + FV/E), upstream when positive (Koopman, Powers, Wang & Wei 2010). Upstreamness {} inventories (Antras, Chor, Fally & Hillberry 2012). Values in {unit}.",
        if result.inventory_corrected { "is net of" } else { "ignores" }
    ));
    let find = |name: &str| result.tables.iter().find(|t| t.name == name);
    if let Some(country) = find("country") {
        report.chart(
            charts::gvc_position(country, synthetic),
            "gvc_position.vl.json",
        );
        report.table(
            &[
                "economy",
                "gross exports",
                "participation",
                "position",
                "upstreamness",
                "downstreamness",
            ],
            economy_rows(country),
        );
    }
    match (find("paradox"), &result.paradox_missing) {
        (Some(paradox), _) => {
            report.chart(charts::paradox_bars(paradox, synthetic), "paradox.vl.json");
        }
        (None, Some(why)) => report.text(format!("No paradox table: {why}.")),
        (None, None) => {}
    }
    report
}

/// The economies by gross exports, largest first, as report cells.
fn economy_rows(country: &Table) -> Vec<Vec<String>> {
    let text = |name: &str| match country.column(name) {
        Some(Values::Text(v)) => v
            .iter()
            .map(|c| c.unwrap_or_default().to_string())
            .collect(),
        _ => vec![String::new(); country.len()],
    };
    let number = |name: &str| match country.column(name) {
        Some(Values::Float(v)) => v.iter().map(|c| c.unwrap_or(f64::NAN)).collect(),
        _ => vec![f64::NAN; country.len()],
    };
    let (names, exports) = (text("country"), number("gross_exports"));
    let (participation, position) = (number("gvc_participation"), number("gvc_position"));
    let (up, down) = (number("upstreamness"), number("downstreamness"));
    let mut order: Vec<usize> = (0..country.len()).collect();
    order.sort_by(|&a, &b| exports[b].total_cmp(&exports[a]));
    order
        .into_iter()
        .take(ECONOMIES_SHOWN)
        .map(|i| {
            vec![
                names[i].clone(),
                format!("{:.0}", exports[i]),
                format!("{:.1} %", 100.0 * participation[i]),
                format!("{:.3}", position[i]),
                format!("{:.3}", up[i]),
                format!("{:.3}", down[i]),
            ]
        })
        .collect()
}

/// Rows of the most affected country-sectors shown in the `ge-io` report.
pub const GE_IO_SECTORS_SHOWN: usize = 10;

/// `chainlens gravity ge-io --report`: welfare by country grouped by bloc, the bloc
/// totals, the amplification through input-output linkages, and the country-sectors whose
/// output and prices move most.
pub fn ge_io_report(result: &GeIoResult) -> Report {
    let mut report = Report {
        title: format!("{}: multi-sector general equilibrium", result.name),
        blocks: Vec::new(),
    };
    report.text(ge_io_model_text(result));
    if let Some(world) = result.blocs.last() {
        report.text(amplification_text(world));
    }
    report.chart(charts::ge_io_welfare_by_bloc(result), "welfare.vl.json");
    ge_io_blocs_table(&mut report, result);
    sector_tables(&mut report, result);
    report
}

/// The opening paragraph: the model, its elasticities, the deficit baseline and how
/// each model converged.
fn ge_io_model_text(result: &GeIoResult) -> String {
    let convergence = result
        .convergence
        .iter()
        .map(|c| {
            format!(
                "{} {} iterations (residual {:.1e})",
                c.model, c.iterations, c.residual
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let baseline = match result.no_deficit_world_welfare_change_pct {
        Some(w) => format!(
            "deficits removed first: every change is relative to the no-deficit baseline (world welfare {w:.3} % from the table's)"
        ),
        None => "deficits held at the table's levels".into(),
    };
    format!(
        "Caliendo & Parro (2015) model with input-output linkages in exact hat algebra (docs/gravity.md); elasticities {}; {baseline}. Convergence: {convergence}.",
        result.elasticities
    )
}

/// The world's welfare change against the one-sector model's, as a ratio when it has one.
fn amplification_text(world: &GeIoBlocRow) -> String {
    match world.amplification {
        Some(ratio) => format!(
            "Amplification through input-output linkages: the world's welfare change is {ratio:.2} times the one-sector model's of the same flows and shock ({:.3} % against {:.3} %).",
            world.welfare_change_pct, world.one_sector_welfare_change_pct
        ),
        None => format!(
            "No amplification ratio: the one-sector model's world welfare does not change ({:.3} % in the multi-sector model).",
            world.welfare_change_pct
        ),
    }
}

/// The bloc totals: welfare in both models, amplification, foreign sales, largest loser.
fn ge_io_blocs_table(report: &mut Report, result: &GeIoResult) {
    report.table(
        &[
            "bloc",
            "countries",
            "welfare %",
            "one-sector welfare %",
            "amplification",
            "foreign sales %",
            "largest loser",
        ],
        result
            .blocs
            .iter()
            .map(|b| {
                vec![
                    b.bloc.clone(),
                    b.countries.to_string(),
                    format!("{:.3}", b.welfare_change_pct),
                    format!("{:.3}", b.one_sector_welfare_change_pct),
                    b.amplification.map_or("-".into(), |a| format!("{a:.2}")),
                    format!("{:.2}", b.exports_change_pct),
                    b.largest_loser.clone(),
                ]
            })
            .collect(),
    );
}

/// The country-sectors with the largest output changes (in the table's unit) and the
/// largest price changes (%), ties by country and sector.
fn sector_tables(report: &mut Report, result: &GeIoResult) {
    let headers = [
        "country",
        "sector",
        "output change",
        "output %",
        "price %",
        "theta",
    ];
    let row = |r: &&GeIoSectorRow| {
        vec![
            r.iso3.clone(),
            r.sector.clone(),
            format!("{:.1}", r.output_after - r.output_before),
            format!("{:.2}", r.output_change_pct),
            format!("{:.3}", r.price_change_pct),
            format!("{}", r.theta),
        ]
    };
    let ranked = |key: &dyn Fn(&GeIoSectorRow) -> f64| {
        let mut rows: Vec<&GeIoSectorRow> = result.sectors.iter().collect();
        rows.sort_by(|a, b| {
            key(b)
                .total_cmp(&key(a))
                .then(a.iso3.cmp(&b.iso3))
                .then(a.sector.cmp(&b.sector))
        });
        rows.iter()
            .take(GE_IO_SECTORS_SHOWN)
            .map(row)
            .collect::<Vec<_>>()
    };
    report.text("Largest output changes (the table's unit):".into());
    report.table(
        &headers,
        ranked(&|r| (r.output_after - r.output_before).abs()),
    );
    report.text("Largest price changes:".into());
    report.table(&headers, ranked(&|r| r.price_change_pct.abs()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain_report::Block;
    use chainlens_engine::{Session, SessionOptions, TradeOptions, VulnerabilityRequest};

    #[test]
    fn the_gvc_report_of_the_embedded_table_has_both_charts() {
        let session = Session::open(&SessionOptions {
            trade: None,
            table: Some(Default::default()),
        })
        .unwrap();
        let result = session
            .gvc(&Default::default(), &chainlens_engine::progress::Silent)
            .unwrap();
        let report = gvc_report(&result, "the embedded example", "USD million", true);
        let files: Vec<&str> = report.charts().iter().map(|c| c.0).collect();
        assert_eq!(files, ["gvc_position.vl.json", "paradox.vl.json"]);
        let points = report.charts()[0].1["data"]["values"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(points, 6, "one point per economy of the embedded table");
        let Some(Block::Table { rows, .. }) = report
            .blocks
            .iter()
            .find(|b| matches!(b, Block::Table { .. }))
        else {
            panic!("the economies' table");
        };
        assert_eq!(rows.len(), 6);
        assert!(
            report
                .title
                .ends_with("(SYNTHETIC example table, not real data)")
        );
    }

    #[test]
    fn units_follow_the_size_of_the_values() {
        assert_eq!(usd_unit(3.2e10), (1e9, "bn USD"));
        assert_eq!(amount(3.25e10, usd_unit(3.25e10)), "32.5");
        assert_eq!(usd_unit(9e9).1, "m USD");
    }

    #[test]
    fn a_report_on_synthetic_data_says_so_and_carries_its_charts() {
        let session = Session::open(&SessionOptions {
            trade: Some(TradeOptions::default()),
            table: None,
        })
        .unwrap();
        let result = session
            .vulnerability(&VulnerabilityRequest {
                importers: vec!["CHN".into()],
                ..Default::default()
            })
            .unwrap();
        let request = VulnerabilityRequest {
            importers: vec!["CHN".into()],
            ..Default::default()
        };
        let suppliers = session.suppliers(&request).unwrap();
        let world = serde_json::json!({});
        let maps = ImporterMaps {
            world: charts::World::Inline(&world),
            countries: &session.dataset().unwrap().countries,
            suppliers: &suppliers,
            distances: None,
        };
        let report = vulnerability_report(&result, &result.importers[0], Some(maps));
        assert_eq!(
            report.title,
            "Vulnerability of CHN's intermediate imports, 2017-2018 (SYNTHETIC data, not real trade)"
        );
        let files: Vec<&str> = report.charts().iter().map(|c| c.0).collect();
        assert_eq!(
            files,
            [
                "scatter.vl.json",
                "chapters.vl.json",
                "suppliers-map.vl.json"
            ]
        );
        let html = report.html_with_charts(&["/* vega */", "/* vega-lite */", "/* embed */"]);
        assert_eq!(html.matches("<script type=\"application/json\"").count(), 3);
        assert!(html.contains("<script>/* vega-lite */</script>"));
        let tables: Vec<&Vec<Vec<String>>> = report
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table { rows, .. } => Some(rows),
                _ => None,
            })
            .collect();
        let [.., category_one, largest_suppliers] = tables.as_slice() else {
            panic!("the category-1 and supplier tables end the report");
        };
        assert_eq!(category_one.len(), CATEGORY_ONE_SHOWN);
        assert_eq!(
            largest_suppliers.len(),
            SUPPLIERS_SHOWN.min(suppliers.len())
        );
        assert_eq!(largest_suppliers[0][0], suppliers[0].iso3);
        assert!(
            report
                .markdown()
                .contains("No political distance is known for CHN")
        );
        assert!(report.markdown().contains("Chart: [CHN: export centrality"));
    }
}
