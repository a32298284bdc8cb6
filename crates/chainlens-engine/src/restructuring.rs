//! Restructuring requests, METHODS §5: `chainlens shift` ([`ShiftRequest`] ->
//! [`ShiftResult`]: supplier shares of two windows, the reallocation away from a named
//! supplier, category transitions, yearly sourcing indices; relocation through a
//! connector is [`crate::relocation`]); value chains over yearly
//! input-output tables ([`gvc_years`]: every `chainlens gvc` indicator by year, and the
//! regionalisation of foreign value added in final output); the analyses are in
//! `chainlens-restructuring`, the §1 analysis of each window is the session's cached
//! baseline. Here: windows, goods (`intermediate`, `all`, HS codes or chapters) and
//! countries resolved, distances found, result rows labelled with ISO3 codes.
//!
//! BACI values are current USD without deflators: shares, not levels, carry the
//! comparison between windows, and every summary says so.

use crate::error::{EngineError, Result, read_text};
use crate::input_output::GvcRequest;
use crate::progress::Progress;
use crate::session::{Centrality, Session, TradeData};
use crate::session::{SessionOptions, TableOptions};
use crate::table::Table;
use crate::table::{Column, Values};
use crate::trade::{Hs2, parse_sessions};
use chainlens_ingest::reference::{self, GeographicDistances};
use chainlens_model::{CountryCode, Hs6, ProductSet, YearWindow};
use chainlens_restructuring::{
    Distances, GeographicDistance, Selection, category_transitions, gainer_totals,
    good_transitions, reallocation, sourcing_indices, supplier_shares,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The note every restructuring result carries.
pub const NO_DEFLATOR: &str =
    "BACI values are current USD with no deflator: compare shares, not levels, between windows";

/// `chainlens shift`: two windows, the importers, a named supplier and the goods.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShiftRequest {
    /// The base window, `YEAR` or `FIRST-LAST`.
    pub base: String,
    /// The compare window.
    pub compare: String,
    /// ISO3 codes; empty or `all` for every importer.
    pub importers: Vec<String>,
    /// The supplier whose losses the reallocation tables follow (ISO3), if any.
    pub exporter: Option<String>,
    /// `intermediate` (the default, METHODS §1.1), `all`, or HS codes: chapters (2
    /// digits), headings (4) or subheadings (6).
    pub goods: Vec<String>,
    /// UNGA sessions whose ideal points give the political distance (the latest when
    /// absent); ignored with a distance file.
    pub sessions: Option<String>,
}

/// The goods a request names.
#[derive(Clone, Debug, PartialEq)]
enum Goods {
    Intermediate,
    All,
    Codes(Vec<(u32, u32)>),
}

/// Parses one window flag.
pub(crate) fn window(field: &str, text: &str) -> Result<YearWindow> {
    if text.trim().is_empty() {
        return Err(EngineError::request(
            field,
            format!("{field} is missing: give YEAR or FIRST-LAST, e.g. 2017-2018"),
        ));
    }
    // The `--years` parser's words (a reversed window is named as such), under this flag.
    crate::trade::parse_window(Some(text))
        .map_err(|e| EngineError::request(field, e.to_string().replace("--years", field)))?
        .ok_or_else(|| EngineError::request(field, "no window"))
}

/// Parses `--goods`: each token `intermediate`, `all` or 2, 4 or 6 digits, as code ranges.
fn parse_goods(tokens: &[String]) -> Result<Goods> {
    let words: Vec<String> = tokens
        .iter()
        .map(|t| t.trim().to_ascii_lowercase())
        .collect();
    match words.as_slice() {
        [] => return Ok(Goods::Intermediate),
        [w] if w == "intermediate" => return Ok(Goods::Intermediate),
        [w] if w == "all" => return Ok(Goods::All),
        _ => {}
    }
    words
        .iter()
        .map(|w| {
            let scale = match w.len() {
                2 => 10_000,
                4 => 100,
                6 => 1,
                _ => 0,
            };
            match w.parse::<u32>() {
                Ok(code) if scale > 0 && w.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok((code * scale, (code + 1) * scale))
                }
                _ => Err(EngineError::request(
                    "--goods",
                    format!("`{w}` is not `intermediate`, `all` or an HS code of 2, 4 or 6 digits"),
                )),
            }
        })
        .collect::<Result<Vec<_>>>()
        .map(Goods::Codes)
}

impl ShiftRequest {
    /// Checks what needs no data: the windows, the goods and the sessions.
    pub fn check(&self) -> Result<()> {
        window("--base", &self.base)?;
        window("--compare", &self.compare)?;
        parse_goods(&self.goods)?;
        parse_sessions(self.sessions.as_deref()).map(drop)
    }
}

/// One supplier of one importer's good (`shares.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ShareRow {
    /// The importer.
    pub importer: String,
    /// The good.
    pub hs6: Hs6,
    /// The supplier.
    pub exporter: String,
    /// `v(e,m,k)` in the base window, USD a year.
    pub value_base: f64,
    /// `v(e,m,k)` in the compare window, USD a year.
    pub value_compare: f64,
    /// `s(m,k,e)` in the base window.
    pub share_base: f64,
    /// `s(m,k,e)` in the compare window.
    pub share_compare: f64,
    /// `share_compare - share_base`.
    pub change: f64,
    /// Whether the importer imports the good in both windows.
    pub in_both: bool,
}

/// One supplier of one importer over all the goods (`suppliers.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SupplierRow {
    /// The importer.
    pub importer: String,
    /// The supplier.
    pub exporter: String,
    /// Its sales of the goods to the importer in the base window, USD a year.
    pub value_base: f64,
    /// ... in the compare window.
    pub value_compare: f64,
    /// Its share of the importer's imports of the goods in the base window.
    pub share_base: f64,
    /// ... in the compare window.
    pub share_compare: f64,
    /// `share_compare - share_base`; they add up to 0 over an importer's suppliers.
    pub change: f64,
}

/// The share rows summed over goods, by importer and supplier, largest compare share
/// first within each importer.
fn supplier_totals(shares: &[ShareRow]) -> Vec<SupplierRow> {
    let mut sums: std::collections::BTreeMap<(&str, &str), (f64, f64)> = Default::default();
    for r in shares {
        let sum = sums.entry((&r.importer, &r.exporter)).or_default();
        sum.0 += r.value_base;
        sum.1 += r.value_compare;
    }
    let mut rows: Vec<SupplierRow> = Vec::with_capacity(sums.len());
    let by_importer: Vec<_> = sums.into_iter().collect();
    for group in by_importer.chunk_by(|a, b| a.0.0 == b.0.0) {
        let (base, compare) = group
            .iter()
            .fold((0.0, 0.0), |t, (_, v)| (t.0 + v.0, t.1 + v.1));
        let share = |v: f64, total: f64| if total > 0.0 { v / total } else { 0.0 };
        let mut importer: Vec<SupplierRow> = group
            .iter()
            .map(|((m, e), (vb, vc))| SupplierRow {
                importer: m.to_string(),
                exporter: e.to_string(),
                value_base: *vb,
                value_compare: *vc,
                share_base: share(*vb, base),
                share_compare: share(*vc, compare),
                change: share(*vc, compare) - share(*vb, base),
            })
            .collect();
        importer.sort_by(|a, b| {
            b.share_compare
                .total_cmp(&a.share_compare)
                .then(a.exporter.cmp(&b.exporter))
        });
        rows.extend(importer);
    }
    rows
}

/// One good where the named supplier lost share (`reallocation.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReallocatedGoodRow {
    /// The importer.
    pub importer: String,
    /// The good.
    pub hs6: Hs6,
    /// Its chapter.
    pub hs2: Hs2,
    /// The product description.
    pub description: Arc<str>,
    /// The named supplier.
    pub loser: String,
    /// Its share in the base window.
    pub loser_share_base: f64,
    /// Its share in the compare window.
    pub loser_share_compare: f64,
    /// The change, negative.
    pub loser_change: f64,
    /// Share gains of every gainer.
    pub gains: f64,
    /// Share losses of the other losers.
    pub other_losses: f64,
    /// `M(m,k)` in the base window, USD a year.
    pub import_value_base: f64,
    /// `M(m,k)` in the compare window, USD a year.
    pub import_value_compare: f64,
    /// Number of gainers.
    pub gainers: usize,
    /// The largest gainer.
    pub top_gainer: Option<String>,
}

/// One gainer of one good (`gains.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GainRow {
    /// The importer.
    pub importer: String,
    /// The good.
    pub hs6: Hs6,
    /// The named supplier.
    pub loser: String,
    /// The gainer.
    pub gainer: String,
    /// Its share gain.
    pub gain: f64,
    /// Its part of the named supplier's loss.
    pub taken: f64,
    /// That part times the compare window's imports, USD a year.
    pub value_taken: f64,
}

/// One gainer over goods (`gainers.csv`: lost by X, gained by Y).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GainerRow {
    /// The importer.
    pub importer: String,
    /// The named supplier.
    pub loser: String,
    /// The gainer.
    pub gainer: String,
    /// Goods where it gained while the named supplier lost.
    pub goods: usize,
    /// Value of the named supplier's loss it took, USD a year of the compare window.
    pub value_taken: f64,
}

/// One intermediate good of one importer in both windows (`transitions.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TransitionRow {
    /// The importer.
    pub importer: String,
    /// The good.
    pub hs6: Hs6,
    /// Category 1-4 in the base window (empty: not imported).
    pub category_base: Option<u8>,
    /// Category 1-4 in the compare window.
    pub category_compare: Option<u8>,
    /// `H(m,k)` in the base window.
    pub concentration_base: Option<f64>,
    /// `H(m,k)` in the compare window.
    pub concentration_compare: Option<f64>,
    /// `C(k)` in the base window.
    pub centrality_base: Option<f64>,
    /// `C(k)` in the compare window.
    pub centrality_compare: Option<f64>,
    /// `M(m,k)` in the base window, USD a year.
    pub import_value_base: f64,
    /// `M(m,k)` in the compare window.
    pub import_value_compare: f64,
}

/// Goods of one importer by category in the two windows (`category_transitions.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CategoryTransitionRow {
    /// The importer.
    pub importer: String,
    /// Category in the base window (empty: not imported).
    pub category_base: Option<u8>,
    /// Category in the compare window.
    pub category_compare: Option<u8>,
    /// Goods.
    pub goods: usize,
    /// Their imports in the base window, USD a year.
    pub import_value_base: f64,
    /// Their imports in the compare window.
    pub import_value_compare: f64,
}

/// One importer's sourcing indices in one year (`indices.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IndexRow {
    /// The importer.
    pub importer: String,
    /// The year.
    pub year: u16,
    /// Imports of the goods, USD.
    pub import_value: f64,
    /// Suppliers.
    pub suppliers: usize,
    /// Import-weighted political distance of suppliers, in \[0,1\].
    pub political_distance: Option<f64>,
    /// Share of imports with a known political distance.
    pub political_coverage: f64,
    /// Import-weighted geographic distance of suppliers, km.
    pub geographic_distance_km: Option<f64>,
    /// Share of imports with a known geographic distance.
    pub geographic_coverage: f64,
    /// The largest supplier.
    pub top_supplier: String,
    /// Its share.
    pub top_supplier_share: f64,
}

/// The result of a [`ShiftRequest`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShiftResult {
    /// Years of the base window.
    pub base_years: Vec<u16>,
    /// Years of the compare window.
    pub compare_years: Vec<u16>,
    /// The named supplier, if any.
    pub exporter: Option<String>,
    /// Supplier shares by importer, good and exporter.
    pub shares: Vec<ShareRow>,
    /// Supplier shares of each importer's imports of all the goods together.
    pub suppliers: Vec<SupplierRow>,
    /// Goods where the named supplier lost share.
    pub reallocation: Vec<ReallocatedGoodRow>,
    /// Their gainers.
    pub gains: Vec<GainRow>,
    /// Gainers over goods, largest first within each importer.
    pub gainers: Vec<GainerRow>,
    /// Intermediate goods by importer in the two windows.
    pub transitions: Vec<TransitionRow>,
    /// Goods counted by category transition.
    pub category_transitions: Vec<CategoryTransitionRow>,
    /// Yearly sourcing indices of each importer.
    pub indices: Vec<IndexRow>,
    /// What the reader should know (deflators, missing distances).
    pub notes: Vec<String>,
    /// Whether the data is the embedded SYNTHETIC default.
    pub synthetic: bool,
}

impl ShiftResult {
    /// `shares`, `transitions`, `category_transitions`, `indices` and, with a named
    /// supplier, `reallocation`, `gains` and `gainers`.
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![
            Table::from_rows("shares", &self.shares),
            Table::from_rows("suppliers", &self.suppliers),
            Table::from_rows("transitions", &self.transitions),
            Table::from_rows("category_transitions", &self.category_transitions),
            Table::from_rows("indices", &self.indices),
        ];
        if self.exporter.is_some() {
            tables.push(Table::from_rows("reallocation", &self.reallocation));
            tables.push(Table::from_rows("gains", &self.gains));
            tables.push(Table::from_rows("gainers", &self.gainers));
        }
        tables
    }
}

/// One country by ISO3, or a request error naming the flag.
pub(crate) fn country(trade: &TradeData, field: &str, name: &str) -> Result<CountryCode> {
    trade
        .dataset
        .countries
        .by_iso3(name.trim())
        .map(|c| c.code)
        .ok_or_else(|| {
            EngineError::request(
                field,
                format!(
                    "unknown country `{name}` for {field}: not an ISO3 code of the country table\nhint: use ISO3 codes such as CHN, USA, VNM"
                ),
            )
        })
}

/// The importers asked for (`None`: all).
fn importers(trade: &TradeData, names: &[String]) -> Result<Option<Vec<CountryCode>>> {
    if names.is_empty() || names.iter().any(|n| n.trim().eq_ignore_ascii_case("all")) {
        return Ok(None);
    }
    names
        .iter()
        .map(|n| country(trade, "--importer", n))
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// The goods of a request as a set (`None`: every good).
fn goods(trade: &TradeData, request: &[String]) -> Result<Option<ProductSet>> {
    Ok(match parse_goods(request)? {
        Goods::Intermediate => Some(trade.universe.clone()),
        Goods::All => None,
        Goods::Codes(ranges) => {
            let mut set = ProductSet::default();
            for &k in &trade.dataset.flows.product {
                if ranges.iter().any(|r| (r.0..r.1).contains(&k.0)) {
                    set.insert(k);
                }
            }
            if set.is_empty() {
                return Err(EngineError::request(
                    "--goods",
                    format!("no good of the data has the codes {}", request.join(", ")),
                ));
            }
            Some(set)
        }
    })
}

impl TradeData {
    /// Geographic distances: the session's file, else GeoDist in the reference data,
    /// else none (with the reason).
    fn geographic(&self) -> Result<(Option<GeographicDistance>, Option<String>)> {
        let path = match &self.geographic_file {
            Some(path) => path.clone(),
            None => {
                let installed = self
                    .reference
                    .root()
                    .join(reference::GEODIST.0)
                    .join(reference::GEODIST.1);
                if !installed.exists() {
                    return Ok((
                        None,
                        Some(format!(
                            "no geographic distances: the near-shoring index is empty (give --distances FILE with iso3_o,iso3_d,distance_km, or install CEPII GeoDist as {})",
                            installed.display()
                        )),
                    ));
                }
                installed
            }
        };
        let read: GeographicDistances = reference::parse_geographic_distances(
            &read_text(&path)?,
            &path,
            &self.dataset.countries,
        )?;
        let note = (read.unknown_rows > 0).then(|| {
            format!(
                "{}: {} rows name countries the data does not know ({}), skipped",
                path.display(),
                read.unknown_rows,
                read.unknown.join(", ")
            )
        });
        Ok((Some(GeographicDistance::from_pairs(&read.pairs)), note))
    }
}

impl Session {
    /// Supplier shares, reallocation, transitions and indices between two windows.
    pub fn shift(&self, request: &ShiftRequest) -> Result<ShiftResult> {
        request.check()?;
        let trade = self.trade_data()?;
        let (base, compare) = (
            window("--base", &request.base)?,
            window("--compare", &request.compare)?,
        );
        let wanted = importers(trade, &request.importers)?;
        let loser = request
            .exporter
            .as_deref()
            .map(|n| country(trade, "--exporter", n))
            .transpose()?;
        let selection = Selection::new(wanted.as_deref(), goods(trade, &request.goods)?);
        let shares = supplier_shares(&trade.dataset.flows, base, compare, &selection)?;
        let mut notes = vec![NO_DEFLATOR.to_string()];
        let (goods_lost, gains) = loser.map(|x| reallocation(&shares, x)).unwrap_or_default();
        let (b, c) = (
            trade.baseline(Some(base), Centrality::Hhi)?,
            trade.baseline(Some(compare), Centrality::Hhi)?,
        );
        let moved = good_transitions(&b, &c, wanted.as_deref());
        let political = shift_political_distance(trade, request, &mut notes)?;
        let (geographic, note) = trade.geographic()?;
        notes.extend(note);
        let distances = Distances {
            political: political.as_deref(),
            geographic: geographic.as_ref(),
        };
        let indices = sourcing_indices(&trade.dataset.flows, &selection, distances);
        let rows = ShiftRows { trade };
        let share_rows = rows.shares(&shares);
        Ok(ShiftResult {
            base_years: (base.first.0..=base.last.0).collect(),
            compare_years: (compare.first.0..=compare.last.0).collect(),
            exporter: loser.map(|x| rows.label(x)),
            suppliers: supplier_totals(&share_rows),
            shares: share_rows,
            reallocation: rows.reallocation(&goods_lost),
            gains: rows.gains(&gains),
            gainers: rows.gainers(&gainer_totals(&gains)),
            transitions: rows.transitions(&moved),
            category_transitions: rows.category_transitions(&category_transitions(&moved)),
            indices: rows.indices(&indices),
            notes,
            synthetic: trade.synthetic,
        })
    }
}

/// The political distance of the shift's sessions; `None`, with a note, when the data
/// for it is missing.
fn shift_political_distance(
    trade: &TradeData,
    request: &ShiftRequest,
    notes: &mut Vec<String>,
) -> Result<Option<Arc<chainlens_trade_network::PoliticalDistance>>> {
    match trade.distance(parse_sessions(request.sessions.as_deref())?) {
        Ok(d) => Ok(Some(d)),
        Err(e) if e.kind() == chainlens_model::ErrorKind::MissingData => {
            notes.push(format!("no political distance: {e}"));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Turns the shift's analyses into result rows labelled with ISO3 codes.
struct ShiftRows<'a> {
    trade: &'a TradeData,
}

impl ShiftRows<'_> {
    fn label(&self, c: CountryCode) -> String {
        self.trade.dataset.countries.label(c)
    }

    fn shares(&self, shares: &[chainlens_restructuring::SupplierShare]) -> Vec<ShareRow> {
        shares
            .iter()
            .map(|r| ShareRow {
                importer: self.label(r.importer),
                hs6: r.hs6,
                exporter: self.label(r.exporter),
                value_base: r.value_base,
                value_compare: r.value_compare,
                share_base: r.share_base,
                share_compare: r.share_compare,
                change: r.change,
                in_both: r.in_both,
            })
            .collect()
    }

    fn reallocation(
        &self,
        goods_lost: &[chainlens_restructuring::ReallocatedGood],
    ) -> Vec<ReallocatedGoodRow> {
        let no_description: Arc<str> = Arc::from("");
        goods_lost
            .iter()
            .map(|g| ReallocatedGoodRow {
                importer: self.label(g.importer),
                hs6: g.hs6,
                hs2: Hs2(g.hs6.hs2()),
                description: self
                    .trade
                    .descriptions
                    .get(&g.hs6)
                    .unwrap_or(&no_description)
                    .clone(),
                loser: self.label(g.loser),
                loser_share_base: g.loser_share_base,
                loser_share_compare: g.loser_share_compare,
                loser_change: g.loser_change,
                gains: g.gains,
                other_losses: g.other_losses,
                import_value_base: g.import_value_base,
                import_value_compare: g.import_value_compare,
                gainers: g.gainers,
                top_gainer: g.top_gainer.map(|c| self.label(c)),
            })
            .collect()
    }

    fn gains(&self, gains: &[chainlens_restructuring::Gain]) -> Vec<GainRow> {
        gains
            .iter()
            .map(|g| GainRow {
                importer: self.label(g.importer),
                hs6: g.hs6,
                loser: self.label(g.loser),
                gainer: self.label(g.gainer),
                gain: g.gain,
                taken: g.taken,
                value_taken: g.value_taken,
            })
            .collect()
    }

    fn gainers(&self, totals: &[chainlens_restructuring::GainerTotal]) -> Vec<GainerRow> {
        totals
            .iter()
            .map(|t| GainerRow {
                importer: self.label(t.importer),
                loser: self.label(t.loser),
                gainer: self.label(t.gainer),
                goods: t.goods,
                value_taken: t.value_taken,
            })
            .collect()
    }

    fn transitions(&self, moved: &[chainlens_restructuring::GoodTransition]) -> Vec<TransitionRow> {
        moved
            .iter()
            .map(|t| TransitionRow {
                importer: self.label(t.importer),
                hs6: t.hs6,
                category_base: t.category_base.map(|c| c.number()),
                category_compare: t.category_compare.map(|c| c.number()),
                concentration_base: t.concentration_base,
                concentration_compare: t.concentration_compare,
                centrality_base: t.centrality_base,
                centrality_compare: t.centrality_compare,
                import_value_base: t.import_value_base,
                import_value_compare: t.import_value_compare,
            })
            .collect()
    }

    fn category_transitions(
        &self,
        counted: &[chainlens_restructuring::CategoryTransition],
    ) -> Vec<CategoryTransitionRow> {
        counted
            .iter()
            .map(|t| CategoryTransitionRow {
                importer: self.label(t.importer),
                category_base: t.from.map(|c| c.number()),
                category_compare: t.to.map(|c| c.number()),
                goods: t.goods,
                import_value_base: t.import_value_base,
                import_value_compare: t.import_value_compare,
            })
            .collect()
    }

    fn indices(&self, indices: &[chainlens_restructuring::SourcingIndex]) -> Vec<IndexRow> {
        indices
            .iter()
            .map(|r| IndexRow {
                importer: self.label(r.importer),
                year: r.year.0,
                import_value: r.import_value,
                suppliers: r.suppliers,
                political_distance: r.political_distance,
                political_coverage: r.political_coverage,
                geographic_distance_km: r.geographic_distance_km,
                geographic_coverage: r.geographic_coverage,
                top_supplier: self.label(r.top_supplier),
                top_supplier_share: r.top_supplier_share,
            })
            .collect()
    }
}

/// The blocs of the regionalisation when no bloc file is given (`iso3,region`): the EU's
/// 28 members of 2013-2020 (WIOD's years), NAFTA/USMCA, and East Asia (China with Hong
/// Kong and Macao, Taiwan, Japan, both Koreas, Mongolia and the ten ASEAN members). An
/// economy in no bloc is a region of its own.
pub const DEFAULT_BLOCS: [(&str, &[&str]); 3] = [
    (
        "EU",
        &[
            "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
            "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK",
            "SVN", "ESP", "SWE", "GBR",
        ],
    ),
    ("NAFTA", &["USA", "CAN", "MEX"]),
    (
        "EastAsia",
        &[
            "CHN", "HKG", "MAC", "TWN", "JPN", "KOR", "PRK", "MNG", "BRN", "KHM", "IDN", "LAO",
            "MYS", "MMR", "PHL", "SGP", "THA", "VNM",
        ],
    ),
];

/// `chainlens gvc --years FIRST-LAST DIR`: the years, the indicators' options and the
/// blocs of the regionalisation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GvcYearsRequest {
    /// `FIRST-LAST` (or one year).
    pub years: String,
    /// The `chainlens gvc` options applied to every year.
    pub gvc: GvcRequest,
    /// `(iso3, region)` assignments replacing [`DEFAULT_BLOCS`].
    pub blocs: Option<Vec<(String, String)>>,
}

impl GvcYearsRequest {
    /// Checks what needs no data: the years.
    pub fn check(&self) -> Result<()> {
        window("--years", &self.years).map(drop)
    }
}

/// One economy's value added in its final output by where it was added
/// (`regionalisation.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RegionalisationRow {
    /// The table's year.
    pub year: u16,
    /// The economy.
    pub country: String,
    /// Its bloc (its own label when in none).
    pub region: String,
    /// Final output, the table's unit.
    pub final_output: f64,
    /// Value added at home.
    pub domestic: f64,
    /// Value added in the rest of its bloc.
    pub regional: f64,
    /// Value added outside its bloc.
    pub extra_regional: f64,
    /// `1 - domestic / total`.
    pub foreign_share: f64,
    /// `regional / total`.
    pub regional_share: f64,
    /// `extra_regional / total`.
    pub extra_regional_share: f64,
}

/// The result of [`gvc_years`]: long tables with a leading `year` column.
#[derive(Clone, Debug, PartialEq)]
pub struct GvcYearsResult {
    /// `gvc_country_sector_years`, `gvc_country_years`, `regionalisation`.
    pub tables: Vec<Table>,
    /// Years read.
    pub years: Vec<u16>,
    /// The regionalisation rows (also the last table).
    pub regionalisation: Vec<RegionalisationRow>,
}

/// `table` with a leading numeric `year` column.
fn with_year(mut table: Table, year: u16) -> Table {
    let n = table.len();
    table.columns.insert(
        0,
        Column {
            name: "year".into(),
            values: Values::UInt(std::iter::repeat_n(Some(u64::from(year)), n).collect()),
        },
    );
    table
}

/// Reads a bloc file `iso3,region` (the layout of a scenario's regions file).
pub fn read_blocs(path: &std::path::Path) -> Result<Vec<(String, String)>> {
    let text = read_text(path)?;
    Ok(chainlens_scenarios::parse_regions(
        &text,
        &path.display().to_string(),
    )?)
}

/// The bloc of each economy: the request's assignments or [`DEFAULT_BLOCS`], else its own
/// label.
fn regions_of(names: &[String], blocs: Option<&[(String, String)]>) -> Vec<String> {
    names
        .iter()
        .map(|name| {
            let assigned = match blocs {
                Some(list) => list
                    .iter()
                    .find(|(iso3, _)| iso3.eq_ignore_ascii_case(name))
                    .map(|(_, r)| r.clone()),
                None => DEFAULT_BLOCS
                    .iter()
                    .find(|(_, members)| members.iter().any(|m| m.eq_ignore_ascii_case(name)))
                    .map(|(r, _)| (*r).to_string()),
            };
            assigned.unwrap_or_else(|| name.clone())
        })
        .collect()
}

/// Every `chainlens gvc` indicator and the regionalisation of each year of a folder of
/// yearly tables (`table.source` the folder), one session per year.
pub fn gvc_years(
    table: &TableOptions,
    request: &GvcYearsRequest,
    progress: &dyn Progress,
) -> Result<GvcYearsResult> {
    request.check()?;
    let w = window("--years", &request.years)?;
    let empty = |name: &str| Table {
        name: name.into(),
        columns: Vec::new(),
    };
    let mut long = [
        empty("gvc_country_sector_years"),
        empty("gvc_country_years"),
    ];
    let years: Vec<u16> = (w.first.0..=w.last.0).collect();
    // Years in parallel (one per rayon thread, each with its table, L and paths), joined
    // in year order, so the bytes do not depend on the number of threads.
    let done: Vec<(Vec<Table>, Vec<RegionalisationRow>)> = years
        .par_iter()
        .map(|&year| one_year(table, request, year, progress))
        .collect::<Result<Vec<_>>>()?;
    let mut regionalisation = Vec::new();
    for ((tables, rows), &year) in done.into_iter().zip(&years) {
        for (all, one) in long.iter_mut().zip(tables) {
            all.append(with_year(one, year))
                .map_err(|e| EngineError::Invalid {
                    file: format!("{year}"),
                    message: format!("the table's indicators differ from the first year's: {e}"),
                })?;
        }
        regionalisation.extend(rows);
    }
    let mut tables: Vec<Table> = long.into();
    tables.push(Table::from_rows("regionalisation", &regionalisation));
    Ok(GvcYearsResult {
        tables,
        years,
        regionalisation,
    })
}

/// One year's `gvc` tables and regionalisation.
fn one_year(
    table: &TableOptions,
    request: &GvcYearsRequest,
    year: u16,
    progress: &dyn Progress,
) -> Result<(Vec<Table>, Vec<RegionalisationRow>)> {
    crate::progress::stage(progress, &format!("{year}: reading the table"))?;
    let session = Session::open(&SessionOptions {
        trade: None,
        table: Some(TableOptions {
            year: Some(year),
            ..table.clone()
        }),
    })?;
    crate::progress::stage(
        progress,
        &format!("{year}: GVC indicators and regionalisation"),
    )?;
    let tables = session.gvc(&request.gvc, progress)?.tables;
    Ok((tables, year_regionalisation(&session, request, year)?))
}

fn year_regionalisation(
    session: &Session,
    request: &GvcYearsRequest,
    year: u16,
) -> Result<Vec<RegionalisationRow>> {
    let data = session.table_data()?;
    let economies = crate::input_output::economies(data, &request.gvc.economies)?;
    let region = regions_of(&economies.names, request.blocs.as_deref());
    let shares = chainlens_restructuring::regionalisation(&data.table, &economies, &region, year)?;
    Ok(shares
        .iter()
        .map(|r| RegionalisationRow {
            year,
            country: economies.names[r.economy].clone(),
            region: region[r.economy].clone(),
            final_output: r.final_output,
            domestic: r.domestic,
            regional: r.regional,
            extra_regional: r.extra_regional,
            foreign_share: r.foreign_share,
            regional_share: r.regional_share,
            extra_regional_share: r.extra_regional_share,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{SessionOptions, TradeOptions, TradeSource};

    fn series() -> Session {
        Session::open(&SessionOptions {
            trade: Some(TradeOptions {
                source: TradeSource::EmbeddedSeries,
                ..Default::default()
            }),
            table: None,
        })
        .unwrap()
    }

    #[test]
    fn the_planted_shift_shows_and_every_loss_is_someone_s_gain() {
        let request = ShiftRequest {
            base: "2017-2018".into(),
            compare: "2022-2023".into(),
            importers: vec!["USA".into()],
            exporter: Some("CHN".into()),
            ..Default::default()
        };
        let r = series().shift(&request).unwrap();
        // Every good imported in both windows: the share changes add up to 0.
        for g in r
            .shares
            .chunk_by(|a, b| a.hs6 == b.hs6)
            .filter(|g| g[0].in_both)
        {
            let sum: f64 = g.iter().map(|s| s.change).sum();
            assert!(sum.abs() <= 1e-12, "{} {sum}", g[0].hs6);
        }
        for g in &r.reallocation {
            let gap = g.loser_change + g.gains + g.other_losses;
            assert!(gap.abs() <= 1e-12, "{g:?}");
        }
        // The planted gainers lead: Viet Nam took most, Mexico second.
        let top: Vec<&str> = r
            .gainers
            .iter()
            .take(2)
            .map(|g| g.gainer.as_str())
            .collect();
        assert_eq!(top, ["VNM", "MEX"]);
        // Over all goods, the US's supplier shares move by changes that add up to 0, and
        // China's overall share falls.
        let total: f64 = r.suppliers.iter().map(|s| s.change).sum();
        assert!(total.abs() <= 1e-12, "{total}");
        let chn = r.suppliers.iter().find(|s| s.exporter == "CHN").unwrap();
        assert!(chn.change < 0.0, "{chn:?}");
        assert_eq!(r.indices.len(), 4, "one row a year: 2017, 2018, 2022, 2023");
        assert!(r.notes[0].contains("no deflator"));
    }

    #[test]
    fn bad_requests_name_their_flag() {
        let bad = ShiftRequest {
            base: "2018-2017".into(),
            compare: "2022".into(),
            ..Default::default()
        };
        assert_eq!(
            bad.check().unwrap_err().to_string(),
            "--base `2018-2017` is reversed: write 2017-2018"
        );
        let goods = ShiftRequest {
            base: "2017".into(),
            compare: "2022".into(),
            goods: vec!["8504x".into()],
            ..Default::default()
        };
        assert!(
            goods
                .check()
                .unwrap_err()
                .to_string()
                .contains("`8504x` is not")
        );
    }
}
