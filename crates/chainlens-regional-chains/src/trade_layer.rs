//! The chain's link to the trade layer (METHODS §1 for the chain's own goods): for every
//! HS6 code a chain file names, who exports it and who imports it (window averages, USD a
//! year), its export centrality, the chain country's import concentration and, for
//! intermediate goods, the chain country's vulnerability category; plus the political
//! distance from the chain country to every other country (METHODS §1.7).
//!
//! # Formula
//! `C(k)` is the HHI of exporter shares, `H(c,k)` the HHI of the chain country's supplier
//! shares, both from `chainlens-trade-network` so they equal `chainlens vulnerability`'s;
//! the category is the one [`analyse`](chainlens_trade_network::analyse) gives the chain country (1 = high centrality and
//! high concentration, ..., 4 = neither), absent for goods outside the intermediate
//! universe or not imported.
//!
//! # Complexity
//! One [`analyse`](chainlens_trade_network::analyse) of the chain country plus a binary search and a merge per good.

use crate::ChainError;
use crate::chain::{Chain, Scale};
use chainlens_model::{CanonicalFlows, CountryCode, CountryTable, Hs6, ProductSet, YearWindow};
use chainlens_trade_network::{
    Category, CentralityMeasure, ImporterAccumulator, Importers, PoliticalDistance,
    VulnerabilityOptions, WindowFlow, WindowedFlows, analyse_windowed, export_centrality,
};
use std::collections::BTreeMap;

/// A trading partner of one good, by ISO3.
#[derive(Clone, Debug, PartialEq)]
pub struct Partner {
    /// ISO3.
    pub iso3: String,
    /// Its trade of the good with the world (exports for an exporter, imports for an importer).
    pub world: f64,
    /// Its trade of the good with the chain country.
    pub with_chain_country: f64,
}

/// What the trade data say about one good.
#[derive(Clone, Debug, PartialEq)]
pub struct GoodTrade {
    /// The good.
    pub hs6: Hs6,
    /// Exporters, largest first (ties by ISO3).
    pub exporters: Vec<Partner>,
    /// Importers, largest first (ties by ISO3).
    pub importers: Vec<Partner>,
    /// World exports `X(k)`.
    pub world_exports: f64,
    /// `C(k)`, HHI of exporter shares.
    pub centrality: f64,
    /// The chain country's imports `M(c,k)`.
    pub imports: f64,
    /// The chain country's exports of the good.
    pub exports: f64,
    /// `H(c,k)`, when the chain country imports the good.
    pub concentration: Option<f64>,
    /// The chain country's vulnerability category (1-4), for imported intermediate goods.
    pub category: Option<Category>,
}

/// The trade layer seen from one chain.
#[derive(Clone, Debug, PartialEq)]
pub struct TradeLayer {
    /// The chain country (ISO3).
    pub country: String,
    /// Years of the window.
    pub years: Vec<u16>,
    /// The chain's goods found in the data.
    pub goods: BTreeMap<Hs6, GoodTrade>,
    /// The chain's goods absent from the data.
    pub absent: Vec<Hs6>,
    /// Political distance from the chain country, by ISO3.
    distance: BTreeMap<String, f64>,
    /// Stand-in for unknown distances: the mean known distance.
    mean_distance: f64,
    supranational: Vec<String>,
}

/// Every HS6 code the chain names (segments and links), ascending.
pub fn chain_goods(chain: &Chain) -> Vec<Hs6> {
    let mut goods: Vec<Hs6> = chain
        .segments()
        .iter()
        .flat_map(|s| s.hs6.iter().copied())
        .chain(chain.links().iter().filter_map(|l| l.good))
        .collect();
    goods.sort_unstable();
    goods.dedup();
    goods
}

fn ranked(map: BTreeMap<String, (f64, f64)>) -> Vec<Partner> {
    let mut out: Vec<Partner> = map
        .into_iter()
        .map(|(iso3, (world, with_chain_country))| Partner {
            iso3,
            world,
            with_chain_country,
        })
        .collect();
    out.sort_by(|a, b| b.world.total_cmp(&a.world).then(a.iso3.cmp(&b.iso3)));
    out
}

impl GoodTrade {
    /// The chain country's largest supplier of the good and its share of the imports.
    pub fn largest_supplier(&self) -> Option<(&Partner, f64)> {
        self.exporters
            .iter()
            .filter(|p| p.with_chain_country > 0.0)
            .max_by(|a, b| a.with_chain_country.total_cmp(&b.with_chain_country))
            .map(|p| (p, p.with_chain_country / self.imports))
    }
}

impl TradeLayer {
    /// Builds the layer for `chain` from a canonical trade table; `universe` is the
    /// intermediate-goods universe of the vulnerability analysis.
    pub fn build(
        chain: &Chain,
        flows: &CanonicalFlows,
        countries: &CountryTable,
        universe: &ProductSet,
        window: Option<YearWindow>,
        distance: &PoliticalDistance,
    ) -> Result<Self, ChainError> {
        let home = countries
            .by_iso3(chain.country())
            .ok_or_else(|| {
                ChainError::Trade(format!(
                    "the chain's country `{}` is not in the trade data's country table",
                    chain.country()
                ))
            })?
            .code;
        let windowed =
            WindowedFlows::new(flows, window).map_err(|e| ChainError::Trade(e.to_string()))?;
        let iso3 = |c: CountryCode| {
            countries
                .get(c)
                .map_or_else(|| c.to_string(), |x| x.iso3.clone())
        };
        let categories: BTreeMap<Hs6, Category> = match analyse_windowed(
            &windowed,
            universe,
            &Importers::These(vec![home]),
            VulnerabilityOptions::default(),
        ) {
            Ok(analysis) => analysis.importers[0]
                .products
                .iter()
                .map(|p| (p.hs6, p.category))
                .collect(),
            // The chain country imports no intermediate good in the window: no categories.
            Err(_) => BTreeMap::new(),
        };
        let mut goods = BTreeMap::new();
        let mut absent = Vec::new();
        let mut buffer: Vec<WindowFlow> = Vec::new();
        let mut accumulator = ImporterAccumulator::default();
        for good in chain_goods(chain) {
            let mut found = None;
            windowed.for_each_good(good.0..good.0 + 1, &mut buffer, |_, rows| {
                found = Some(good_trade(good, rows, home, &iso3, &mut accumulator));
            });
            match found {
                Some(mut trade) => {
                    trade.category = categories.get(&good).copied();
                    goods.insert(good, trade);
                }
                None => absent.push(good),
            }
        }
        let mut by_iso3 = BTreeMap::new();
        for c in countries.iter().filter(|c| !c.aggregate) {
            if let Some(d) = distance.get(home, c.code) {
                by_iso3.entry(c.iso3.clone()).or_insert(d);
            }
        }
        Ok(Self {
            country: chain.country().to_string(),
            years: windowed.years.iter().map(|y| y.0).collect(),
            goods,
            absent,
            distance: by_iso3,
            mean_distance: distance.mean(),
            supranational: chain.supranational().to_vec(),
        })
    }

    /// Political distance from the chain country to `iso3` in `[0,1]`, and whether it was
    /// known (unknown pairs take the mean known distance, as METHODS §1.7 does).
    pub fn distance(&self, iso3: &str) -> (f64, bool) {
        if iso3 == self.country {
            return (0.0, true);
        }
        match self.distance.get(iso3) {
            Some(&d) => (d, true),
            None => (self.mean_distance, false),
        }
    }

    /// The scale a trade partner sits at: national for the chain country, supranational
    /// for the countries the chain file lists as such, global otherwise.
    pub fn scale_of(&self, iso3: &str) -> Scale {
        if iso3 == self.country {
            Scale::National
        } else if self.supranational.iter().any(|c| c == iso3) {
            Scale::Supranational
        } else {
            Scale::Global
        }
    }
}

/// One good's partners from its averaged flows (sorted by exporter, importer).
fn good_trade(
    good: Hs6,
    rows: &[WindowFlow],
    home: CountryCode,
    iso3: &impl Fn(CountryCode) -> String,
    accumulator: &mut ImporterAccumulator,
) -> GoodTrade {
    let mut exporters: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let mut importers: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let mut exporter_totals: Vec<f64> = Vec::new();
    let mut last = None;
    for &(e, m, v) in rows {
        if last != Some(e) {
            exporter_totals.push(0.0);
            last = Some(e);
        }
        *exporter_totals.last_mut().expect("pushed") += v;
        let to_home = if m == home { v } else { 0.0 };
        let from_home = if e == home { v } else { 0.0 };
        let x = exporters.entry(iso3(e)).or_default();
        *x = (x.0 + v, x.1 + to_home);
        let y = importers.entry(iso3(m)).or_default();
        *y = (y.0 + v, y.1 + from_home);
    }
    let by_importer: Vec<(CountryCode, f64)> = rows.iter().map(|&(_, m, v)| (m, v)).collect();
    let home_row = accumulator
        .concentrations(&by_importer)
        .into_iter()
        .find(|r| r.0 == home);
    GoodTrade {
        hs6: good,
        world_exports: exporter_totals.iter().sum(),
        centrality: export_centrality(&exporter_totals, 0, CentralityMeasure::Hhi),
        imports: home_row.map_or(0.0, |r| r.1),
        exports: rows
            .iter()
            .filter(|r| r.0 == home)
            .map(|r| r.2)
            .sum::<f64>()
            + 0.0,
        concentration: home_row.map(|r| r.2),
        category: None,
        exporters: ranked(exporters),
        importers: ranked(importers),
    }
}
