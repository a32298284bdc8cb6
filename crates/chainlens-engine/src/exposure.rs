//! `chainlens exposure`: which industries of a country depend on its vulnerable imports
//! (METHODS §2.9), joining the vulnerability analysis of the trade data (categories of
//! METHODS §1.4 for every importer) to the session's input-output table through the
//! HS -> ISIC -> industry link; and the reverse view, the industries and countries most
//! exposed to given goods.

use crate::error::{EngineError, Result};
use crate::session::{Centrality, Session};
use crate::table::Table;
use crate::trade::{ImporterResult, VulnerabilityRequest, parse_window};
use chainlens_exposure::{BucketedGood, CountryExposure, CountryInputs, MatchLevel, SplitRule};
use chainlens_model::{CountryCode, Hs6};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// `chainlens exposure`: the country, the trade window, the goods of the reverse view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExposureRequest {
    /// ISO3 code of the country whose industries to report (the country ranking is made
    /// for every country of both the table and the trade data either way).
    pub country: Option<String>,
    /// `YEAR` or `FIRST-LAST` of the trade data; every year when absent.
    pub years: Option<String>,
    /// The export centrality measure of the categories.
    pub centrality: Centrality,
    /// Reverse view: HS6 codes or HS2 chapters whose users to rank.
    pub goods: Vec<String>,
    /// How a good linked to several industries is shared among them.
    pub split: SplitRule,
    /// Rows of the reverse view (default 50).
    pub top: Option<usize>,
}

impl ExposureRequest {
    /// Checks what needs no data: the window's syntax and the goods' codes.
    pub fn check(&self) -> Result<()> {
        parse_window(self.years.as_deref())?;
        parse_goods(&self.goods).map(drop)
    }
}

/// One using industry of the country (`industries.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IndustryRow {
    /// The table's country code.
    pub country: String,
    /// The table's industry code.
    pub industry: String,
    /// Gross output, table unit.
    pub output: f64,
    /// Intermediate inputs bought from other countries, table unit.
    pub imported_inputs: f64,
    /// Imported inputs per unit of output.
    pub imported_content_direct: f64,
    /// Imported inputs per unit of output, with those of domestic suppliers.
    pub imported_content_total: f64,
    /// Share of imported inputs in category 1 (high centrality, high concentration).
    pub category1_share_direct: f64,
    /// The same through the domestic chain.
    pub category1_share_total: f64,
    /// Direct share in category 2.
    pub category2_share_direct: f64,
    /// Direct share in category 3.
    pub category3_share_direct: f64,
    /// Direct share in category 4.
    pub category4_share_direct: f64,
    /// Direct share bought from industries with no imported good (services mostly).
    pub no_goods_share_direct: f64,
    /// The category-1 goods contributing most: `HS6 (top supplier share%) value`.
    pub top_goods: String,
}

/// One country of the ranking (`countries.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CountryRow {
    /// 1 = highest total category-1 share.
    pub rank: usize,
    /// The table's country code.
    pub country: String,
    /// Gross output, table unit.
    pub output: f64,
    /// Imported intermediate inputs, table unit.
    pub imported_inputs: f64,
    /// Category-1 share of imported inputs, direct.
    pub category1_share_direct: f64,
    /// Category-1 share of imported content, direct and indirect, output-weighted.
    pub category1_share_total: f64,
    /// Share of the country's intermediate imports (USD) the concordance places nowhere.
    pub unmapped_import_share: f64,
}

/// One country-industry of the reverse view (`goods_users.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GoodsUserRow {
    /// 1 = most imported inputs from the goods.
    pub rank: usize,
    /// The table's country code.
    pub country: String,
    /// The table's industry code.
    pub industry: String,
    /// Imported inputs of the industry, table unit.
    pub imported_inputs: f64,
    /// Of which attributable to the goods, table unit.
    pub goods_inputs: f64,
    /// `goods_inputs / imported_inputs`.
    pub goods_share_direct: f64,
    /// The goods' share of imported content through the domestic chain.
    pub goods_share_total: f64,
}

/// How the goods found the table's industries.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LinkSummary {
    /// The HS -> ISIC table read.
    pub concordance: String,
    /// How industry codes were read (`ISIC Rev.4 codes`, `WIOD 2013 (ISIC Rev.3)`).
    pub industry_scheme: String,
    /// The split rule.
    pub split: SplitRule,
    /// Goods of the window matched by their own code, by heading, by chapter, not at all.
    pub goods_by_code: usize,
    /// See `goods_by_code`.
    pub goods_by_heading: usize,
    /// See `goods_by_code`.
    pub goods_by_chapter: usize,
    /// See `goods_by_code`.
    pub goods_unmapped: usize,
    /// Table countries with no importer in the trade data (left out of the ranking).
    pub countries_without_trade: Vec<String>,
}

/// The result of an [`ExposureRequest`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExposureResult {
    /// Years of the trade window.
    pub years: Vec<u16>,
    /// The table's label and unit.
    pub table: String,
    /// The table's unit.
    pub unit: String,
    /// The country's industries (empty without a country).
    pub industries: Vec<IndustryRow>,
    /// The country ranking.
    pub countries: Vec<CountryRow>,
    /// The reverse view (empty without goods).
    pub goods_users: Vec<GoodsUserRow>,
    /// The country's imports of intermediate goods, USD a year, and the part unmapped.
    pub country_imports_usd: (f64, f64),
    /// How goods met industries.
    pub link: LinkSummary,
    /// Whether either input is SYNTHETIC.
    pub synthetic: bool,
}

impl ExposureResult {
    /// `industries`, `countries` and (when asked) `goods_users`.
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![
            Table::from_rows("industries", &self.industries),
            Table::from_rows("countries", &self.countries),
        ];
        if !self.goods_users.is_empty() {
            tables.push(Table::from_rows("goods_users", &self.goods_users));
        }
        tables
    }
}

/// Goods of the reverse view: six-digit codes and two-digit chapters.
fn parse_goods(goods: &[String]) -> Result<Vec<(u32, u32)>> {
    goods
        .iter()
        .map(|g| {
            let g = g.trim();
            let digits = g.bytes().all(|b| b.is_ascii_digit());
            match (g.len(), digits, g.parse::<u32>()) {
                (6, true, Ok(code)) => Ok((code, code)),
                (2, true, Ok(ch)) => Ok((ch * 10_000, ch * 10_000 + 9_999)),
                _ => Err(EngineError::request(
                    "--goods",
                    format!("`{g}` is not an HS6 code (854231) or an HS chapter (85)"),
                )),
            }
        })
        .collect()
}

/// Category buckets: 0-3 for categories 1-4.
const CATEGORIES: usize = 4;

impl Session {
    /// The exposure of industries to vulnerable imports, and the reverse view.
    pub fn exposure(&self, request: &ExposureRequest) -> Result<ExposureResult> {
        let selected = parse_goods(&request.goods)?;
        let data = self.table_data()?;
        let table = &data.table;
        let focus = request
            .country
            .as_deref()
            .map(|c| {
                table.country_index(c.trim()).map(|i| i.0).ok_or_else(|| {
                    EngineError::request(
                        "--country",
                        format!("`{c}` is not a country of the table ({})", data.label),
                    )
                })
            })
            .transpose()?;
        let trade = self.trade_data()?;
        let vulnerability = self.vulnerability(&VulnerabilityRequest {
            importers: vec!["all".into()],
            years: request.years.clone(),
            centrality: request.centrality,
        })?;
        let importer_of = |code: &str| vulnerability.importers.iter().find(|i| i.importer == code);
        let link = data.goods(request.split);
        let matched: Vec<(usize, &ImporterResult)> = (0..table.n_countries())
            .filter_map(|c| Some((c, importer_of(&table.countries[c])?)))
            .collect();
        // Zm and T of each country, formed once for the categories and the goods asked about.
        let inputs: Vec<(CountryInputs, &ImporterResult)> = matched
            .par_iter()
            .map(|&(c, imp)| Ok((CountryInputs::new(table, c)?, imp)))
            .collect::<Result<_>>()?;
        let exposures: Vec<(CountryExposure, &ImporterResult)> = inputs
            .par_iter()
            .map(|(block, imp)| {
                (
                    block.exposure(table, &categorised(imp), CATEGORIES, &link),
                    *imp,
                )
            })
            .collect();
        let focused = match focus {
            Some(c) => Some(exposures.iter().find(|e| e.0.country == c).ok_or_else(|| {
                EngineError::request(
                    "--country",
                    format!(
                        "{} imports no intermediate good in the trade data's window",
                        table.countries[c]
                    ),
                )
            })?),
            None => None,
        };
        let industries = focused.map_or_else(Vec::new, |(e, imp)| {
            industry_rows(table, e, imp, trade, &vulnerability.years)
        });
        let goods_users = if selected.is_empty() {
            Vec::new()
        } else {
            goods_user_rows(table, &inputs, &selected, &link, request.top.unwrap_or(50))
        };
        let country_imports_usd =
            focused.map_or((0.0, 0.0), |(e, _)| (e.goods_usd, e.unmapped_usd));
        let summary = link_summary(&vulnerability.importers, &link, &data.concordance.source);
        Ok(ExposureResult {
            years: vulnerability.years.clone(),
            table: data.label.clone(),
            unit: table.unit.clone(),
            industries,
            countries: country_rows(table, &exposures),
            goods_users,
            country_imports_usd,
            link: LinkSummary {
                countries_without_trade: (0..table.n_countries())
                    .filter(|c| !matched.iter().any(|m| m.0 == *c))
                    .map(|c| table.countries[c].clone())
                    .collect(),
                split: request.split,
                ..summary
            },
            synthetic: data.synthetic || trade.synthetic,
        })
    }
}

/// An importer's goods in their category buckets.
fn categorised(importer: &ImporterResult) -> Vec<BucketedGood> {
    importer
        .products
        .iter()
        .map(|p| BucketedGood {
            hs6: p.hs6,
            bucket: usize::from(p.category.number()) - 1,
            value: p.import_value,
        })
        .collect()
}

fn industry_rows(
    table: &chainlens_model::IcioTable,
    e: &CountryExposure,
    importer: &ImporterResult,
    trade: &crate::session::TradeData,
    years: &[u16],
) -> Vec<IndustryRow> {
    let code = trade
        .dataset
        .countries
        .by_iso3(&importer.importer)
        .map(|c| c.code);
    let suppliers = code
        .map(|c| top_suppliers(trade, c, years))
        .unwrap_or_default();
    e.industries
        .iter()
        .map(|i| IndustryRow {
            country: table.countries[e.country].clone(),
            industry: table.sectors[i.industry].clone(),
            output: i.output,
            imported_inputs: i.imported_inputs,
            imported_content_direct: i.content_direct,
            imported_content_total: i.content_total,
            category1_share_direct: i.direct_share(0),
            category1_share_total: i.total_share(0),
            category2_share_direct: i.direct_share(1),
            category3_share_direct: i.direct_share(2),
            category4_share_direct: i.direct_share(3),
            no_goods_share_direct: i.direct_share(CATEGORIES),
            top_goods: i
                .top_goods
                .iter()
                .map(|c| {
                    let good = importer.products[c.good].hs6;
                    let supplier = suppliers
                        .binary_search_by_key(&good, |s| s.0)
                        .map(|k| {
                            let (_, who, share) = &suppliers[k];
                            format!(
                                " ({} {:.0}%)",
                                trade.dataset.countries.label(*who),
                                share * 100.0
                            )
                        })
                        .unwrap_or_default();
                    format!("{good}{supplier} {:.3}", c.value)
                })
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect()
}

/// For each good the importer buys in the window, its largest supplier and that
/// supplier's share, sorted by good.
fn top_suppliers(
    trade: &crate::session::TradeData,
    importer: CountryCode,
    years: &[u16],
) -> Vec<(Hs6, CountryCode, f64)> {
    let flows = &trade.dataset.flows;
    let mut by_pair: std::collections::BTreeMap<(Hs6, CountryCode), f64> = Default::default();
    for i in (0..flows.len()).filter(|&i| flows.importer[i] == importer) {
        if years.contains(&flows.year[i].0) {
            *by_pair
                .entry((flows.product[i], flows.exporter[i]))
                .or_default() += flows.value[i];
        }
    }
    let mut out: Vec<(Hs6, CountryCode, f64)> = Vec::new();
    let mut total = 0.0;
    for ((good, who), v) in by_pair {
        match out.last_mut() {
            Some(last) if last.0 == good => {
                total += v;
                if v > last.2 {
                    (last.1, last.2) = (who, v);
                }
            }
            _ => {
                if let Some(last) = out.last_mut() {
                    last.2 /= total;
                }
                total = v;
                out.push((good, who, v));
            }
        }
    }
    if let Some(last) = out.last_mut() {
        last.2 /= total;
    }
    out
}

fn country_rows(
    table: &chainlens_model::IcioTable,
    exposures: &[(CountryExposure, &ImporterResult)],
) -> Vec<CountryRow> {
    let mut rows: Vec<CountryRow> = exposures
        .iter()
        .map(|(e, _)| CountryRow {
            rank: 0,
            country: table.countries[e.country].clone(),
            output: e.industries.iter().map(|i| i.output).sum(),
            imported_inputs: e.industries.iter().map(|i| i.imported_inputs).sum(),
            category1_share_direct: e.direct_share(0),
            category1_share_total: e.total_share(0),
            unmapped_import_share: if e.goods_usd > 0.0 {
                e.unmapped_usd / e.goods_usd
            } else {
                0.0
            },
        })
        .collect();
    rows.sort_by(|a, b| {
        b.category1_share_total
            .total_cmp(&a.category1_share_total)
            .then_with(|| a.country.cmp(&b.country))
    });
    for (k, r) in rows.iter_mut().enumerate() {
        r.rank = k + 1;
    }
    rows
}

/// Every matched country's industries ranked by the imported inputs the goods account for.
fn goods_user_rows(
    table: &chainlens_model::IcioTable,
    inputs: &[(CountryInputs, &ImporterResult)],
    selected: &[(u32, u32)],
    link: &chainlens_exposure::GoodsToIndustries,
    top: usize,
) -> Vec<GoodsUserRow> {
    let asked = |g: Hs6| selected.iter().any(|&(lo, hi)| (lo..=hi).contains(&g.0));
    let per_country: Vec<CountryExposure> = inputs
        .par_iter()
        .map(|(block, imp)| {
            let goods: Vec<BucketedGood> = imp
                .products
                .iter()
                .map(|p| BucketedGood {
                    hs6: p.hs6,
                    bucket: usize::from(!asked(p.hs6)),
                    value: p.import_value,
                })
                .collect();
            block.exposure(table, &goods, 2, link)
        })
        .collect();
    let mut rows: Vec<GoodsUserRow> = per_country
        .iter()
        .flat_map(|e| {
            e.industries.iter().map(|i| GoodsUserRow {
                rank: 0,
                country: table.countries[e.country].clone(),
                industry: table.sectors[i.industry].clone(),
                imported_inputs: i.imported_inputs,
                goods_inputs: i.direct[0],
                goods_share_direct: i.direct_share(0),
                goods_share_total: i.total_share(0),
            })
        })
        .filter(|r| r.goods_inputs > 0.0)
        .collect();
    rows.sort_by(|a, b| {
        b.goods_inputs
            .total_cmp(&a.goods_inputs)
            .then_with(|| (&a.country, &a.industry).cmp(&(&b.country, &b.industry)))
    });
    rows.truncate(top);
    for (k, r) in rows.iter_mut().enumerate() {
        r.rank = k + 1;
    }
    rows
}

/// How the window's goods (over every importer) met the concordance.
fn link_summary(
    importers: &[ImporterResult],
    link: &chainlens_exposure::GoodsToIndustries,
    source: &str,
) -> LinkSummary {
    let mut goods: Vec<Hs6> = importers
        .iter()
        .flat_map(|i| i.products.iter().map(|p| p.hs6))
        .collect();
    goods.sort_unstable();
    goods.dedup();
    let mut summary = LinkSummary {
        concordance: source.to_string(),
        industry_scheme: link.key().scheme.to_string(),
        ..Default::default()
    };
    for g in goods {
        let placed = link.place(g);
        let slot = match placed.level {
            _ if placed.industries.is_empty() => &mut summary.goods_unmapped,
            Some(MatchLevel::Code) => &mut summary.goods_by_code,
            Some(MatchLevel::Heading) => &mut summary.goods_by_heading,
            Some(MatchLevel::Chapter) | None => &mut summary.goods_by_chapter,
        };
        *slot += 1;
    }
    summary
}
