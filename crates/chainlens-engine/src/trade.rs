//! Trade requests: [`TradeInfo`] of the data, the vulnerability analysis of METHODS
//! §1.1-1.6 ([`VulnerabilityRequest`] -> [`VulnerabilityResult`]) and the
//! geopolitics-adjusted supply risk of METHODS §1.7 ([`RiskRequest`] -> [`RiskRow`]s),
//! one importer's suppliers with their world dominance ([`ImporterSupplierRow`], the map
//! of supplier dominance) and its political distance to every country
//! ([`PoliticalDistanceRequest`] -> [`PoliticalDistanceRow`]s, the map of political distance),
//! with the rules that turn a request into the analysis' inputs: importer lookup by ISO3,
//! the year window, UN General Assembly session averaging, and distance files whose
//! countries carry today's and historical codes (276 and 280 for Germany).

use crate::error::{EngineError, Result, read_text};
use crate::session::{Centrality, Session, TradeData};
use crate::table::Table;
use chainlens_ingest::IngestReport;
use chainlens_ingest::reference::{self, ResolvedDistances};
use chainlens_model::{CountryCode, CountryTable, Hs6, YearWindow};
use chainlens_trade_network::{
    Category, ImporterVulnerability, PoliticalDistance, geopolitical_risk,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// A summary of the trade data: years, rows, countries, products and values.
#[derive(Clone, Debug, Serialize)]
pub struct TradeInfo {
    /// Years present.
    pub years: Vec<u16>,
    /// Rows of the table.
    pub rows: usize,
    /// Countries exporting at least one good.
    pub exporters: usize,
    /// Countries importing at least one good.
    pub importers: usize,
    /// Countries trading at all.
    pub countries: usize,
    /// Distinct HS6 codes.
    pub products: usize,
    /// Value by year, USD.
    pub value_usd_by_year: Vec<(u16, f64)>,
    /// Value of all years, USD.
    pub value_usd_total: f64,
    /// HS edition of the codes (`HS92` ... `HS22`).
    pub hs_edition: String,
    /// Why the data cannot support world measures, if it cannot.
    pub extract: Option<String>,
    /// What `--to-hs` did, if it was given.
    pub hs_conversion: Option<chainlens_ingest::convert::HsConversion>,
    /// How the input was read.
    pub report: IngestReport,
}

/// `chainlens vulnerability`: the importers, the window and the centrality measure.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VulnerabilityRequest {
    /// ISO3 codes, or `all`.
    pub importers: Vec<String>,
    /// `YEAR` or `FIRST-LAST`; every year of the data when absent.
    pub years: Option<String>,
    /// The export centrality measure.
    pub centrality: Centrality,
}

impl VulnerabilityRequest {
    /// Checks what needs no data (the window's syntax); faces call it before they
    /// open a session, so a typo fails at once.
    pub fn check(&self) -> Result<()> {
        parse_window(self.years.as_deref()).map(drop)
    }
}

/// An HS chapter, written with two digits (`07`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hs2(pub u8);

impl std::fmt::Display for Hs2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

impl Serialize for Hs2 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One of an importer's goods (`products.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProductRow {
    /// HS6 code, six digits.
    pub hs6: Hs6,
    /// Its chapter, two digits.
    pub hs2: Hs2,
    /// The product description of the data's HS edition (shared by every importer's row).
    pub description: Arc<str>,
    /// Export centrality `C(k)`.
    pub centrality: f64,
    /// `C(k) >= Q0.75`.
    pub centrality_high: bool,
    /// Import concentration `H(m,k)`.
    pub concentration: f64,
    /// `H(m,k) >= Q0.75` of the importer's goods.
    pub concentration_high: bool,
    /// Category 1-4 (METHODS §1.4).
    pub category: Category,
    /// `M(m,k)`, USD a year.
    pub import_value: f64,
    /// `w(m,k)`.
    pub import_share: f64,
    /// `V(m,k)`.
    pub vulnerability: f64,
}

/// One category's totals (`categories.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CategoryTotal {
    /// Category 1-4.
    pub category: Category,
    /// Goods in it.
    pub goods: usize,
    /// Their imports, USD a year.
    pub import_value: f64,
    /// Share of the importer's imports.
    pub value_share: f64,
}

/// One chapter of the HS2 ranking (`chapters.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ChapterRow {
    /// 1 = most vulnerable.
    pub rank: usize,
    /// HS2 chapter, two digits.
    pub hs2: Hs2,
    /// Goods of the chapter imported.
    pub goods: usize,
    /// Their imports, USD a year.
    pub import_value: f64,
    /// `V(m,ch)`.
    pub vulnerability: f64,
}

/// One exporter's dominance counts (`dominance.csv`, METHODS §1.6).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DominanceRow {
    /// The exporter.
    pub iso3: String,
    /// Universe goods it exports.
    pub goods_exported: u32,
    /// Goods where it ranks first.
    pub top1: u32,
    /// Goods where it ranks in the top 3.
    pub top3: u32,
    /// High-centrality goods it exports.
    pub high_centrality_exported: u32,
    /// High-centrality goods where it ranks first.
    pub high_centrality_top1: u32,
    /// High-centrality goods where it ranks in the top 3.
    pub high_centrality_top3: u32,
    /// High-centrality goods with `RCA > 1`.
    pub high_centrality_rca_gt1: u32,
}

/// One importer's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImporterResult {
    /// ISO3 code.
    pub importer: String,
    /// Q0.75 of the importer's `H(m,k)`.
    pub concentration_threshold: f64,
    /// Its goods by HS6.
    pub products: Vec<ProductRow>,
    /// The four categories.
    pub categories: Vec<CategoryTotal>,
    /// Chapters, most vulnerable first.
    pub chapters: Vec<ChapterRow>,
}

impl ImporterResult {
    /// `products`, `categories` and `chapters` as tables.
    pub fn tables(&self) -> [Table; 3] {
        [
            self.products_table(),
            self.categories_table(),
            self.chapters_table(),
        ]
    }

    /// `products`.
    pub fn products_table(&self) -> Table {
        Table::from_rows("products", &self.products)
    }

    /// `categories`.
    pub fn categories_table(&self) -> Table {
        Table::from_rows("categories", &self.categories)
    }

    /// `chapters`.
    pub fn chapters_table(&self) -> Table {
        Table::from_rows("chapters", &self.chapters)
    }

    /// Import value of all the importer's goods, USD a year.
    pub fn import_value(&self) -> f64 {
        self.categories.iter().map(|c| c.import_value).sum()
    }
}

/// The result of a [`VulnerabilityRequest`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VulnerabilityResult {
    /// Years of the window.
    pub years: Vec<u16>,
    /// Universe goods traded in the window.
    pub universe_size: usize,
    /// Q0.75 of `C(k)`.
    pub centrality_threshold: f64,
    /// The ingest report with the window's exclusions counted.
    pub report: IngestReport,
    /// The importers asked for, in the order asked (by code for `all`).
    pub importers: Vec<ImporterResult>,
    /// Every exporter of a universe good, by ISO3.
    pub dominance: Vec<DominanceRow>,
    /// Whether the data is the embedded SYNTHETIC default.
    pub synthetic: bool,
    /// HS edition of the codes.
    pub hs_edition: String,
    /// Why the data cannot support world measures, if it cannot.
    pub extract: Option<String>,
    /// What `--to-hs` did, if it was given.
    pub hs_conversion: Option<chainlens_ingest::convert::HsConversion>,
}

impl VulnerabilityResult {
    /// The dominance table.
    pub fn dominance_table(&self) -> Table {
        Table::from_rows("dominance", &self.dominance)
    }

    /// Every importer's `products`, `categories` and `chapters` stacked into three long
    /// tables with a leading `importer` column.
    pub fn long_tables(&self) -> [Table; 3] {
        let mut long = [
            Table::from_rows("products", &[] as &[ProductRow]).with_leading("importer", ""),
            Table::from_rows("categories", &[] as &[CategoryTotal]).with_leading("importer", ""),
            Table::from_rows("chapters", &[] as &[ChapterRow]).with_leading("importer", ""),
        ];
        // Each importer's tables are built in parallel, then stacked in order.
        let per_importer: Vec<[Table; 3]> = self
            .importers
            .par_iter()
            .map(|imp| {
                imp.tables()
                    .map(|t| t.with_leading("importer", &imp.importer))
            })
            .collect();
        for tables in per_importer {
            for (all, one) in long.iter_mut().zip(tables) {
                all.append(one)
                    .unwrap_or_else(|e| panic!("same row types: {e}"));
            }
        }
        long
    }
}

/// `chainlens risk`: the window and the UNGA sessions averaged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskRequest {
    /// `YEAR` or `FIRST-LAST`; every year of the data when absent.
    pub years: Option<String>,
    /// UNGA sessions `FIRST[-LAST]` (78 = 2023); the latest when absent. Ignored when
    /// the session was opened with a distance file.
    pub sessions: Option<String>,
}

impl RiskRequest {
    /// Checks what needs no data: the window's and the sessions' syntax.
    pub fn check(&self) -> Result<()> {
        parse_window(self.years.as_deref())?;
        parse_sessions(self.sessions.as_deref()).map(drop)
    }
}

/// One importer's geopolitics-adjusted risk (`risk.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RiskRow {
    /// The importer.
    pub iso3: String,
    /// Universe goods it imports.
    pub goods: usize,
    /// `R_econ = sum_k w C H`.
    pub r_econ: f64,
    /// `R_pol = sum_k w sum_e q d s`.
    pub r_pol: f64,
    /// `R_econ + R_pol`.
    pub r_total: f64,
    /// `R_pol / R_econ`.
    pub relative_change: f64,
    /// Rank by `R_econ` (1 = highest).
    pub rank_econ: usize,
    /// Rank by `R_total`.
    pub rank_total: usize,
    /// `rank_econ - rank_total`: places moved up once politics counts.
    pub rank_shift: i64,
    /// Share of imports whose distance was imputed (mean distance).
    pub distance_imputed_share: f64,
}

/// One supplier of an importer's intermediate goods with its world dominance
/// (`suppliers.csv`; METHODS §1.3 summed over goods, §1.6).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImporterSupplierRow {
    /// The supplier.
    pub iso3: String,
    /// `M(e,m)`: the importer's universe-good imports from it, USD a year.
    pub import_value: f64,
    /// Its share of the importer's intermediate imports.
    pub import_share: f64,
    /// Universe goods the importer buys from it.
    pub goods: u32,
    /// Universe goods where it is the world's first exporter.
    pub top1: u32,
    /// Universe goods where it is a top-3 exporter.
    pub top3: u32,
    /// High-centrality goods where it is the world's first exporter.
    pub high_centrality_top1: u32,
    /// High-centrality goods where it is a top-3 exporter.
    pub high_centrality_top3: u32,
}

/// The political distance of one importer to every country (METHODS §1.7's `d(m,e)`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PoliticalDistanceRequest {
    /// The importer, ISO3.
    pub importer: String,
    /// UNGA sessions `FIRST[-LAST]` (78 = 2023); the latest when absent. Ignored when
    /// the session was opened with a distance file.
    pub sessions: Option<String>,
}

/// One country's political distance from the importer (`political_distance.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PoliticalDistanceRow {
    /// The country.
    pub iso3: String,
    /// Its name in the data's country table.
    pub name: String,
    /// `d(m,e)` in \[0,1\].
    pub distance: f64,
}

/// Parses a `--years`-style window.
pub fn parse_window(years: Option<&str>) -> Result<Option<YearWindow>> {
    years
        .map(|text| {
            YearWindow::parse(text).ok_or_else(|| {
                let reversed = text.split_once('-').and_then(|(a, b)| {
                    let (a, b) = (a.trim().parse::<u16>().ok()?, b.trim().parse::<u16>().ok()?);
                    (a > b).then(|| format!("--years `{text}` is reversed: write {b}-{a}"))
                });
                EngineError::request(
                    "--years",
                    reversed
                        .unwrap_or_else(|| format!("--years `{text}` is not YEAR or FIRST-LAST")),
                )
            })
        })
        .transpose()
}

/// Parses a `--sessions`-style range of UNGA sessions.
pub fn parse_sessions(sessions: Option<&str>) -> Result<Option<(u16, u16)>> {
    sessions
        .map(|text| {
            YearWindow::parse(text)
                .map(|w| (w.first.0, w.last.0))
                .ok_or_else(|| {
                    EngineError::request(
                        "--sessions",
                        format!("--sessions `{text}` is not SESSION or FIRST-LAST"),
                    )
                })
        })
        .transpose()
}

impl Session {
    /// Years, rows, countries, products and values of the trade data.
    pub fn trade_info(&self) -> Result<TradeInfo> {
        let trade = self.trade_data()?;
        let (data, coverage) = (&trade.dataset, trade.coverage);
        let flows = &data.flows;
        let years = flows.years();
        let mut by_year = vec![0.0; years.len()];
        let mut slot = 0;
        for (year, value) in flows.year.iter().zip(flows.value.iter()) {
            // The year's slot is looked up only when it changes (once per year in
            // canonical order).
            if years[slot] != *year {
                slot = years.partition_point(|t| t < year);
            }
            by_year[slot] += value;
        }
        Ok(TradeInfo {
            years: years.iter().map(|y| y.0).collect(),
            rows: flows.len(),
            exporters: coverage.exporters,
            importers: coverage.importers,
            countries: coverage.countries,
            products: coverage.products,
            // `+ 0.0`: the sum of no value is -0.0, which would print as `-0.000`.
            value_usd_total: by_year.iter().sum::<f64>() + 0.0,
            value_usd_by_year: years.iter().map(|y| y.0).zip(by_year).collect(),
            hs_edition: data.edition.name().into(),
            extract: trade.extract.clone(),
            hs_conversion: trade.conversion.clone(),
            report: data.report.clone(),
        })
    }

    /// The vulnerability analysis for the importers asked for, from the window's
    /// baseline (computed once per window and measure, for every importer).
    pub fn vulnerability(&self, request: &VulnerabilityRequest) -> Result<VulnerabilityResult> {
        let trade = self.trade_data()?;
        let data = &trade.dataset;
        let window = parse_window(request.years.as_deref())?;
        let wanted = resolve_importers(&request.importers, &data.countries)?;
        let base = trade.baseline(window, request.centrality)?;
        let label = |c: CountryCode| data.countries.label(c);
        let importers: Vec<&ImporterVulnerability> = match &wanted {
            None => base.importers.iter().collect(),
            Some(codes) => codes
                .iter()
                .map(|&code| {
                    base.importers
                        .binary_search_by_key(&code, |imp| imp.importer)
                        .map(|i| &base.importers[i])
                        .map_err(|_| {
                            EngineError::Vulnerability(
                                format!("{} imports no intermediate good in the window", label(code)),
                                chainlens_trade_network::VulnerabilityError::NoIntermediateImports {
                                    importer: code,
                                },
                            )
                        })
                })
                .collect::<Result<_>>()?,
        };
        let mut report = data.report.clone();
        report.outside_window += base.rows_outside_window;
        report.rows_used -= base.rows_outside_window;
        let mut dominance: Vec<(String, CountryCode, DominanceRow)> = base
            .dominance
            .iter()
            .map(|d| {
                let iso3 = label(d.exporter);
                let row = DominanceRow {
                    iso3: iso3.clone(),
                    goods_exported: d.goods_exported,
                    top1: d.top1,
                    top3: d.top3,
                    high_centrality_exported: d.high_centrality_exported,
                    high_centrality_top1: d.high_centrality_top1,
                    high_centrality_top3: d.high_centrality_top3,
                    high_centrality_rca_gt1: d.high_centrality_rca_gt1,
                };
                (iso3, d.exporter, row)
            })
            .collect();
        dominance.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        Ok(VulnerabilityResult {
            years: base.years.iter().map(|y| y.0).collect(),
            universe_size: base.universe_size(),
            centrality_threshold: base.centrality_threshold,
            report,
            importers: importers
                .into_par_iter()
                .map(|imp| importer_result(imp, trade))
                .collect(),
            dominance: dominance.into_iter().map(|d| d.2).collect(),
            synthetic: trade.synthetic,
            hs_edition: data.edition.name().into(),
            extract: trade.extract.clone(),
            hs_conversion: trade.conversion.clone(),
        })
    }

    /// Every importer's geopolitics-adjusted risk, largest `R_pol / R_econ` first.
    pub fn risk(&self, request: &RiskRequest) -> Result<Vec<RiskRow>> {
        let trade = self.trade_data()?;
        let data = &trade.dataset;
        let window = parse_window(request.years.as_deref())?;
        let sessions = parse_sessions(request.sessions.as_deref())?;
        let distance = trade.distance(sessions)?;
        let mut risks = geopolitical_risk(&data.flows, &trade.universe, window, &distance)?;
        risks.sort_by(|a, b| {
            b.relative_change
                .total_cmp(&a.relative_change)
                .then(a.importer.cmp(&b.importer))
        });
        Ok(risks
            .iter()
            .map(|r| RiskRow {
                iso3: data.countries.label(r.importer),
                goods: r.goods,
                r_econ: r.r_econ,
                r_pol: r.r_pol,
                r_total: r.r_total,
                relative_change: r.relative_change,
                rank_econ: r.rank_econ,
                rank_total: r.rank_total,
                rank_shift: r.rank_econ as i64 - r.rank_total as i64,
                distance_imputed_share: r.distance_imputed_share,
            })
            .collect())
    }
}

impl Session {
    /// The suppliers of the one importer `request` names, largest first, each with its
    /// dominance counts of the same window (METHODS §1.6); their values add up to the
    /// importer's imports in `products`.
    pub fn suppliers(&self, request: &VulnerabilityRequest) -> Result<Vec<ImporterSupplierRow>> {
        let trade = self.trade_data()?;
        let data = &trade.dataset;
        let window = parse_window(request.years.as_deref())?;
        let importer = one_country(&request.importers, &data.countries, "--importer")?;
        let base = trade.baseline(window, request.centrality)?;
        Ok(trade
            .importer_suppliers(window, importer)?
            .iter()
            .map(|s| {
                let dominance = base
                    .dominance
                    .binary_search_by_key(&s.exporter, |d| d.exporter)
                    .map(|i| base.dominance[i])
                    .unwrap_or_default();
                ImporterSupplierRow {
                    iso3: data.countries.label(s.exporter),
                    import_value: s.import_value,
                    import_share: s.share,
                    goods: s.goods,
                    top1: dominance.top1,
                    top3: dominance.top3,
                    high_centrality_top1: dominance.high_centrality_top1,
                    high_centrality_top3: dominance.high_centrality_top3,
                }
            })
            .collect())
    }

    /// The importer's political distance to every other country with a known one, by
    /// country code; an error when it has none.
    pub fn political_distance(
        &self,
        request: &PoliticalDistanceRequest,
    ) -> Result<Vec<PoliticalDistanceRow>> {
        let trade = self.trade_data()?;
        let countries = &trade.dataset.countries;
        let importer = one_country(
            std::slice::from_ref(&request.importer),
            countries,
            "--importer",
        )?;
        let distance = trade.distance(parse_sessions(request.sessions.as_deref())?)?;
        let rows: Vec<PoliticalDistanceRow> = countries
            .iter()
            .filter(|c| !c.aggregate && c.code != importer && countries.primary(c.code) == c.code)
            .filter_map(|c| {
                Some(PoliticalDistanceRow {
                    iso3: c.iso3.clone(),
                    name: c.name.clone(),
                    distance: distance.get(importer, c.code)?,
                })
            })
            .collect();
        if rows.is_empty() {
            return Err(EngineError::request(
                "--importer",
                format!(
                    "no political distance is known for {}\nhint: the ideal points or the distance file do not list it",
                    request.importer
                ),
            ));
        }
        Ok(rows)
    }
}

/// The one country `names` holds (an ISO3 code of the table), or an error at `field`.
fn one_country(names: &[String], countries: &CountryTable, field: &str) -> Result<CountryCode> {
    match resolve_importers(names, countries)?.as_deref() {
        Some(&[code]) => Ok(code),
        _ => Err(EngineError::request(
            field,
            "name one country (an ISO3 code), not several or `all`",
        )),
    }
}

fn importer_result(imp: &ImporterVulnerability, trade: &TradeData) -> ImporterResult {
    let no_description: Arc<str> = Arc::from("");
    ImporterResult {
        importer: trade.dataset.countries.label(imp.importer),
        concentration_threshold: imp.concentration_threshold,
        products: imp
            .products
            .iter()
            .map(|p| ProductRow {
                hs6: p.hs6,
                hs2: Hs2(p.hs6.hs2()),
                description: trade
                    .descriptions
                    .get(&p.hs6)
                    .unwrap_or(&no_description)
                    .clone(),
                centrality: p.centrality,
                centrality_high: p.centrality_high,
                concentration: p.concentration,
                concentration_high: p.concentration_high,
                category: p.category,
                import_value: p.import_value,
                import_share: p.import_share,
                vulnerability: p.vulnerability,
            })
            .collect(),
        categories: imp
            .categories
            .iter()
            .map(|c| CategoryTotal {
                category: c.category,
                goods: c.goods,
                import_value: c.import_value,
                value_share: c.value_share,
            })
            .collect(),
        chapters: imp
            .chapters
            .iter()
            .map(|c| ChapterRow {
                rank: c.rank,
                hs2: Hs2(c.hs2),
                goods: c.goods,
                import_value: c.import_value,
                vulnerability: c.vulnerability,
            })
            .collect(),
    }
}

/// `None` for `all`, else the codes of the ISO3 names, in order.
fn resolve_importers(
    names: &[String],
    countries: &CountryTable,
) -> Result<Option<Vec<CountryCode>>> {
    if names.is_empty() {
        return Err(EngineError::request(
            "--importer",
            "no importer given\nhint: use ISO3 codes such as CHN, USA, DEU, or `all`",
        ));
    }
    if names.iter().any(|n| n.trim().eq_ignore_ascii_case("all")) {
        return Ok(None);
    }
    names
        .iter()
        .map(|name| {
            countries.by_iso3(name.trim()).map(|c| c.code).ok_or_else(|| {
                EngineError::request(
                    "--importer",
                    format!(
                        "unknown importer `{name}`: not an ISO3 code of the country table\nhint: use ISO3 codes such as CHN, USA, DEU, or `all`"
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// UNGA ideal points averaged over sessions `first..=last` (the latest when `None`).
pub(crate) fn distance_from_ideal_points(
    points: &[reference::IdealPoint],
    sessions: Option<(u16, u16)>,
    countries: &CountryTable,
) -> std::result::Result<PoliticalDistance, String> {
    let latest = points.iter().map(|p| p.1).max().unwrap_or(0);
    let (first, last) = sessions.unwrap_or((latest, latest));
    let mut by_code: BTreeMap<CountryCode, (f64, usize)> = BTreeMap::new();
    for (iso3, session, point) in points {
        if (first..=last).contains(session)
            && let Some(c) = countries.by_iso3(iso3)
        {
            let e = by_code.entry(c.code).or_default();
            *e = (e.0 + point, e.1 + 1);
        }
    }
    if by_code.is_empty() {
        return Err(format!(
            "no ideal point in sessions {first}-{last} (the data holds 1-{latest})"
        ));
    }
    let means: Vec<(CountryCode, f64)> = by_code
        .into_iter()
        .map(|(c, (s, n))| (c, s / n as f64))
        .collect();
    Ok(PoliticalDistance::from_ideal_points(&means))
}

/// A distance file: bloc members or pairs, ISO3 codes resolved to every code they carry
/// (today's and historical ones), unknown countries named with their line.
pub(crate) fn distance_from_file(
    path: &Path,
    countries: &CountryTable,
) -> Result<PoliticalDistance> {
    Ok(
        match reference::resolve_distance_file(&read_text(path)?, path, countries)? {
            ResolvedDistances::Blocs(members) => PoliticalDistance::from_blocs(&members),
            ResolvedDistances::Pairs(pairs) => {
                PoliticalDistance::from_pairs(&pairs).map_err(|(a, b, d)| EngineError::Invalid {
                    file: path.display().to_string(),
                    message: format!("distance {d} between {a} and {b} is outside [0,1]"),
                })?
            }
        },
    )
}
