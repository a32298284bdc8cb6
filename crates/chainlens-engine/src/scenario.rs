//! Scenario requests, METHODS §3: a scenario file's text is checked against the session's
//! country table and universe, run on the session's baseline analysis of its window (not
//! recomputed), and, when the session has an input-output table, propagated through the
//! table's Leontief factorisation (formed once per session).

use crate::error::Result;
use crate::progress::Progress;
use crate::session::{Centrality, Session};
use crate::table::Table;
use chainlens_model::{CountryCode, CountryVec, Hs6};
use chainlens_scenarios::{RegionMap, ScenarioFile, propagate_with, run_trade_shock_on};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// `chainlens scenario run`: the scenario file's text and how to place it in the table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioRequest {
    /// The scenario file (TOML, see `chainlens_scenarios::spec`).
    pub toml: String,
    /// The file's name in error messages.
    pub label: String,
    /// USD per unit of the table (1e6 for tables in USD million).
    pub usd_per_unit: f64,
}

impl Default for ScenarioRequest {
    fn default() -> Self {
        Self {
            toml: String::new(),
            label: "scenario".into(),
            usd_per_unit: 1e6,
        }
    }
}

impl ScenarioRequest {
    /// Checks what needs no data: the TOML syntax and schema, the window, codes,
    /// chapters, cut and cap. Faces call it before they open a session, so a broken file
    /// fails at once.
    pub fn parse(&self) -> Result<ScenarioFile> {
        let file = ScenarioFile::parse(&self.toml, &self.label)?;
        file.check_values(&self.toml, &self.label)?;
        Ok(file)
    }
}

/// What one importer lost of one good (`losses.csv`), USD a year.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LossRow {
    /// The importer.
    pub iso3: Arc<str>,
    /// The good.
    pub hs6: Hs6,
    /// Imports before the shock.
    pub imports_before: f64,
    /// Value cut.
    pub lost: f64,
    /// Value bought from remaining exporters.
    pub resourced: f64,
    /// `lost - resourced`.
    pub unmet: f64,
}

/// One importer's totals (`importers.csv`), USD a year.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImporterLoss {
    /// The importer.
    pub iso3: String,
    /// Imports before the shock of the goods it lost.
    pub imports_before: f64,
    /// Value cut.
    pub lost: f64,
    /// Value re-sourced.
    pub resourced: f64,
    /// Value not re-sourced.
    pub unmet: f64,
    /// Goods whose vulnerability category changed.
    pub category_changes: usize,
}

/// A good whose category or concentration changed (`changes.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ChangeRow {
    /// The importer.
    pub iso3: Arc<str>,
    /// The good.
    pub hs6: Hs6,
    /// Category before, 1-4 (0: not imported before).
    pub category_before: u8,
    /// Category after, 1-4 (0: no longer imported).
    pub category_after: u8,
    /// `H(m,k)` before (NaN if not imported).
    pub concentration_before: f64,
    /// `H(m,k)` after.
    pub concentration_after: f64,
}

/// Output change of one country-sector (`io_country_sector.csv`), in the table's unit.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SectorChange {
    /// `CTY_SECTOR` label.
    pub country_sector: String,
    /// The exogenous change of exports `dy`.
    pub export_shock: f64,
    /// Demand-driven output change `L dy`.
    pub output_leontief: f64,
    /// Supply-driven output change `ds' G`.
    pub output_ghosh: f64,
    /// First-round bottleneck output loss (negative).
    pub output_bottleneck: f64,
}

/// Change of one table country's gross exports (`io_country.csv`), demand-driven.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExportChange {
    /// The table's country label.
    pub country: String,
    /// The change, in the table's unit.
    pub export_change: f64,
}

/// The input-output layer of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Propagation {
    /// Countries of the table.
    pub countries: usize,
    /// Industries of the table.
    pub sectors: usize,
    /// The table's unit.
    pub unit: String,
    /// Output changes by country-sector.
    pub sectors_changed: Vec<SectorChange>,
    /// Export changes by table country.
    pub exports: Vec<ExportChange>,
    /// Economies whose exports fall.
    pub economies_falling: usize,
    /// Their exports' fall, in the table's unit (positive).
    pub export_fall: f64,
    /// Total output change: Leontief, Ghosh, bottleneck.
    pub output_totals: [f64; 3],
    /// Changed trade (USD) of countries with no region of the table, by ISO3 code.
    pub unplaced: Vec<(String, f64)>,
    /// Changed trade placed on the table's rest of the world, by ISO3 code.
    pub rest_of_world: Vec<(String, f64)>,
    /// Changed trade of split economies placed on their first block (CN1, MX1), by ISO3.
    pub split_blocks: Vec<(String, f64)>,
    /// Changed trade (USD) of goods placed in no industry of the table.
    pub unmapped_goods_usd: f64,
    /// Share of the changed trade whose exporter or importer found no region of the table.
    pub unplaced_share: f64,
}

/// The result of a [`ScenarioRequest`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioResult {
    /// The scenario's name.
    pub name: String,
    /// Flows matched by each restriction, in file order.
    pub flows_matched: Vec<usize>,
    /// Losses by importer and good.
    pub losses: Vec<LossRow>,
    /// Totals by importer, by ISO3.
    pub importers: Vec<ImporterLoss>,
    /// Goods whose category changed, by importer then good.
    pub changes: Vec<ChangeRow>,
    /// The input-output layer, when the session has a table.
    pub propagation: Option<Propagation>,
    /// Whether the trade data is the embedded SYNTHETIC default.
    pub synthetic: bool,
}

impl ScenarioResult {
    /// `losses`, `importers`, `changes` and, with a table, `io_country_sector` and `io_country`.
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![
            Table::from_rows("losses", &self.losses),
            Table::from_rows("importers", &self.importers),
            Table::from_rows("changes", &self.changes),
        ];
        if let Some(p) = &self.propagation {
            tables.push(Table::from_rows("io_country_sector", &p.sectors_changed));
            tables.push(Table::from_rows("io_country", &p.exports));
        }
        tables
    }

    /// Lost, re-sourced and unmet over every importer, USD a year.
    pub fn totals(&self) -> [f64; 3] {
        self.importers.iter().fold([0.0; 3], |a, t| {
            [a[0] + t.lost, a[1] + t.resourced, a[2] + t.unmet]
        })
    }
}

impl Session {
    /// Runs a scenario on the session's trade data (and table, if it has one).
    pub fn scenario(
        &self,
        request: &ScenarioRequest,
        progress: &dyn Progress,
    ) -> Result<ScenarioResult> {
        let file = request.parse()?;
        let trade = self.trade_data()?;
        let data = &trade.dataset;
        let scenario = file.check(
            &request.toml,
            &request.label,
            &data.countries,
            &trade.universe,
        )?;
        crate::progress::stage(progress, "baseline vulnerability analysis")?;
        let base = trade.baseline(scenario.window(), Centrality::Hhi)?;
        crate::progress::stage(progress, "cutting and re-sourcing flows")?;
        let with_table = self.table.is_some();
        let shock = run_trade_shock_on(&data.flows, &trade.universe, &scenario, with_table, &base)?;
        // One shared label per country: 540,000 loss rows for the 2-point scenario.
        let labels: CountryVec<Arc<str>> = CountryVec::from_fn(|c| data.countries.label(c).into());
        let label = |c: CountryCode| labels[c].clone();
        let changes: Vec<ChangeRow> = shock
            .changes
            .iter()
            .map(|c| ChangeRow {
                iso3: label(c.importer),
                hs6: c.hs6,
                category_before: c.before.map_or(0, |k| k.number()),
                category_after: c.after.map_or(0, |k| k.number()),
                concentration_before: c.concentration_before,
                concentration_after: c.concentration_after,
            })
            .collect();
        let importers = importer_totals(&shock.losses, &changes, &label);
        let losses = shock
            .losses
            .iter()
            .map(|l| LossRow {
                iso3: label(l.importer),
                hs6: l.hs6,
                imports_before: l.imports_before,
                lost: l.lost,
                resourced: l.resourced,
                unmet: l.unmet,
            })
            .collect();
        let propagation = match &self.table {
            None => None,
            Some(_) => {
                crate::progress::stage(progress, "propagating through the input-output table")?;
                Some(self.propagation(&shock.flow_changes, request.usd_per_unit)?)
            }
        };
        Ok(ScenarioResult {
            name: scenario.name().to_string(),
            flows_matched: shock.flows_matched,
            losses,
            importers,
            changes,
            propagation,
            synthetic: trade.synthetic,
        })
    }

    fn propagation(
        &self,
        flow_changes: &[chainlens_scenarios::FlowChange],
        usd_per_unit: f64,
    ) -> Result<Propagation> {
        let table = self.table_data()?;
        let countries = &self.trade_data()?.dataset.countries;
        let leontief = table.leontief()?;
        let regions = match &table.regions {
            Some((assigned, name)) => RegionMap::new(&table.table, countries, assigned, name)?,
            None => RegionMap::by_iso3(&table.table, countries),
        };
        let p = propagate_with(
            &table.table,
            &leontief,
            flow_changes,
            countries,
            &regions,
            &table.goods(chainlens_exposure::SplitRule::Equal),
            usd_per_unit,
        )
        .map_err(|e| table.error(e))?;
        let falling: Vec<f64> = p
            .exports_by_country
            .iter()
            .map(|c| c.1)
            .filter(|&v| v < 0.0)
            .collect();
        Ok(Propagation {
            countries: table.table.n_countries(),
            sectors: table.table.n_sectors(),
            unit: table.table.unit.clone(),
            sectors_changed: (0..p.labels.len())
                .map(|i| SectorChange {
                    country_sector: p.labels[i].clone(),
                    export_shock: p.export_shock[i],
                    output_leontief: p.output_leontief[i],
                    output_ghosh: p.output_ghosh[i],
                    output_bottleneck: p.output_bottleneck[i],
                })
                .collect(),
            exports: p
                .exports_by_country
                .iter()
                .map(|(c, v)| ExportChange {
                    country: c.clone(),
                    export_change: *v,
                })
                .collect(),
            economies_falling: falling.len(),
            export_fall: -falling.iter().sum::<f64>(),
            output_totals: [
                p.output_leontief.iter().sum(),
                p.output_ghosh.iter().sum(),
                p.output_bottleneck.iter().sum(),
            ],
            unplaced_share: p.unplaced_share(),
            unplaced: p.unplaced,
            rest_of_world: p.rest_of_world,
            split_blocks: p.split_blocks,
            unmapped_goods_usd: p.unmapped_goods_usd,
        })
    }
}

/// Totals of the losses by importer (ordered by ISO3), with their category changes.
fn importer_totals(
    losses: &[chainlens_scenarios::GoodLoss],
    changes: &[ChangeRow],
    label: &dyn Fn(CountryCode) -> Arc<str>,
) -> Vec<ImporterLoss> {
    let mut changed: BTreeMap<&str, usize> = BTreeMap::new();
    for c in changes {
        *changed.entry(&c.iso3).or_default() += 1;
    }
    let mut by_importer: BTreeMap<Arc<str>, [f64; 4]> = BTreeMap::new();
    for group in losses.chunk_by(|a, b| a.importer == b.importer) {
        let t = by_importer.entry(label(group[0].importer)).or_default();
        for l in group {
            for (slot, v) in t
                .iter_mut()
                .zip([l.imports_before, l.lost, l.resourced, l.unmet])
            {
                *slot += v;
            }
        }
    }
    by_importer
        .into_iter()
        .map(|(iso3, t)| ImporterLoss {
            category_changes: changed.get(&*iso3).copied().unwrap_or(0),
            iso3: iso3.to_string(),
            imports_before: t[0],
            lost: t[1],
            resourced: t[2],
            unmet: t[3],
        })
        .collect()
}
