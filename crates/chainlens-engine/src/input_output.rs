//! Input-output requests, METHODS §2: what the table holds ([`TableInfo`]), gross
//! exports decomposed (KWW 2014, WWZ 2013, Borin-Mancini 2023) into rows with one named
//! field per term, hypothetical extraction of one country-sector, and the GVC indicators.
//! Economy groups (`NAME=A,B`) and the OECD split blocks (CN1/CN2 in CHN, MX1/MX2 in MEX)
//! are resolved here, once for every face.

// Term fields carry the literature's names (DVA_FIN, RDV_INT, ...), as the output columns do.
#![allow(non_snake_case)]

use crate::error::{EngineError, Result};
use crate::progress::Progress;
use crate::session::{Session, TableData};
use crate::table::{Column, Table, Values};
use chainlens_input_output::paradox::missing_classification;
use chainlens_input_output::upstreamness::{Inventories, UpstreamnessOptions};
use chainlens_input_output::value_added_origin::value_added_in_final_demand;
use chainlens_input_output::{
    Coefficients, DemandPaths, Economies, GvcOptions, GvcSystem, IndustryGroups, SplitKeys,
    borin_mancini, extraction, gvc_indicators_with, kww, wwz,
};
use serde::{Deserialize, Serialize};

/// What a table holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableInfo {
    /// Country labels, in table order.
    pub countries: Vec<String>,
    /// Sector codes, in table order.
    pub sectors: Vec<String>,
    /// Country-sectors (N).
    pub n: usize,
    /// Final-demand columns.
    pub final_demand_columns: usize,
    /// Final-demand categories, in first-seen order.
    pub final_demand_categories: Vec<String>,
    /// The table's unit.
    pub unit: String,
    /// World output.
    pub total_output: f64,
    /// World value added.
    pub total_value_added: f64,
    /// World final demand.
    pub total_final_demand: f64,
    /// Satellite account names.
    pub satellites: Vec<String>,
    /// The accounting check, in words.
    pub accounting: String,
}

/// Economies: groups `NAME=A,B,...` treated as one exporter. A group naming CHN or MEX
/// takes the OECD split blocks (CN1/CN2, MX1/MX2) too; blocks no group reaches stay
/// together as their country. Rows by country-sector never repeat a key: split blocks
/// are summed under their economy (as TiVA reports CHN and MEX) unless `split_keys` is
/// `label`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EconomyGroups {
    /// `NAME=A,B,...`, e.g. `NAFTA=USA,MEX,CAN`.
    pub groups: Vec<String>,
    /// How rows of split economies are keyed.
    pub split_keys: SplitKeysChoice,
}

/// How rows by country-sector of split economies (CN1/CN2, MX1/MX2) are keyed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitKeysChoice {
    /// Summed under the economy (CHN, MEX), as TiVA reports them. The default.
    #[default]
    Merge,
    /// Each block under the table's own label.
    Label,
}

impl SplitKeysChoice {
    fn keys(self) -> SplitKeys {
        match self {
            Self::Merge => SplitKeys::Merge,
            Self::Label => SplitKeys::Label,
        }
    }
}

/// Inventories in upstreamness and downstreamness.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InventoryChoice {
    /// Net of inventories (Antras, Chor, Fally & Hillberry 2012), for tables with an
    /// inventory column; the default, as Antras & Chor (2018) publish it.
    #[default]
    Net,
    /// Plain Ghosh row sums: inventories count as final use.
    Ignore,
}

/// A gross-exports decomposition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Koopman, Wang & Wei (2014), 9 terms by exporter.
    #[default]
    Kww,
    /// Wang, Wei & Zhu (2013), 16 terms by exporter, sector and importer.
    Wwz,
    /// Borin & Mancini (2023), source-based, with GVC participation.
    Bm,
}

/// `chainlens io decompose`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecomposeRequest {
    /// The method.
    pub method: Method,
    /// Economy groups.
    pub economies: EconomyGroups,
}

/// KWW terms of one exporting economy (`kww.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct KwwRow {
    /// The economy.
    pub country: String,
    /// Gross exports; the nine terms add up to it.
    pub gross_exports: f64,
    /// Domestic value added in final-goods exports.
    pub DVA_FIN: f64,
    /// DVA in intermediates absorbed by the direct importer.
    pub DVA_INT: f64,
    /// DVA in intermediates re-exported to third countries.
    pub DVA_INTrex: f64,
    /// Domestic value added returning home in final goods.
    pub RDV_FIN: f64,
    /// ... in intermediates.
    pub RDV_INT: f64,
    /// Domestic double counting.
    pub DDC: f64,
    /// Foreign value added in final-goods exports.
    pub FVA_FIN: f64,
    /// ... in intermediates.
    pub FVA_INT: f64,
    /// Foreign double counting.
    pub FDC: f64,
}

impl KwwRow {
    fn new(country: String, gross_exports: f64, t: [f64; 9]) -> Self {
        let [
            DVA_FIN,
            DVA_INT,
            DVA_INTrex,
            RDV_FIN,
            RDV_INT,
            DDC,
            FVA_FIN,
            FVA_INT,
            FDC,
        ] = t;
        Self {
            country,
            gross_exports,
            DVA_FIN,
            DVA_INT,
            DVA_INTrex,
            RDV_FIN,
            RDV_INT,
            DDC,
            FVA_FIN,
            FVA_INT,
            FDC,
        }
    }
}

/// WWZ terms of one exporting country-sector and importing economy (`wwz.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WwzRow {
    /// Exporting economy.
    pub exporter: String,
    /// Exporting sector.
    pub sector: String,
    /// Importing economy.
    pub importer: String,
    /// Gross exports; the sixteen terms add up to it.
    pub gross_exports: f64,
    /// DVA in final-goods exports.
    pub DVA_FIN: f64,
    /// DVA in intermediates absorbed by the direct importer.
    pub DVA_INT: f64,
    /// DVA in intermediates re-exported to third countries as intermediates.
    pub DVA_INTrexI1: f64,
    /// ... as final goods.
    pub DVA_INTrexF: f64,
    /// ... to third countries as intermediates for their exports.
    pub DVA_INTrexI2: f64,
    /// Returned domestic value added in intermediates.
    pub RDV_INT: f64,
    /// ... in final goods.
    pub RDV_FIN: f64,
    /// ... in final goods via third countries.
    pub RDV_FIN2: f64,
    /// Other countries' value added in final-goods exports.
    pub OVA_FIN: f64,
    /// The direct importer's value added in final-goods exports.
    pub MVA_FIN: f64,
    /// Other countries' value added in intermediates.
    pub OVA_INT: f64,
    /// The direct importer's value added in intermediates.
    pub MVA_INT: f64,
    /// Domestic double counting in final-goods production.
    pub DDC_FIN: f64,
    /// ... in intermediates.
    pub DDC_INT: f64,
    /// Other countries' double counting.
    pub ODC: f64,
    /// The direct importer's double counting.
    pub MDC: f64,
}

impl WwzRow {
    fn new(labels: [String; 3], gross_exports: f64, t: [f64; 16]) -> Self {
        let [exporter, sector, importer] = labels;
        let [
            DVA_FIN,
            DVA_INT,
            DVA_INTrexI1,
            DVA_INTrexF,
            DVA_INTrexI2,
            RDV_INT,
            RDV_FIN,
            RDV_FIN2,
            OVA_FIN,
            MVA_FIN,
            OVA_INT,
            MVA_INT,
            DDC_FIN,
            DDC_INT,
            ODC,
            MDC,
        ] = t;
        Self {
            exporter,
            sector,
            importer,
            gross_exports,
            DVA_FIN,
            DVA_INT,
            DVA_INTrexI1,
            DVA_INTrexF,
            DVA_INTrexI2,
            RDV_INT,
            RDV_FIN,
            RDV_FIN2,
            OVA_FIN,
            MVA_FIN,
            OVA_INT,
            MVA_INT,
            DDC_FIN,
            DDC_INT,
            ODC,
            MDC,
        }
    }
}

/// Borin-Mancini measures of one economy or country-sector (`bm.csv`,
/// `bm_country_sector.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BmRow {
    /// The exporting economy.
    pub country: String,
    /// The exporting sector (absent in `bm.csv`, which is by economy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// Gross exports (EXGR).
    pub gross_exports: f64,
    /// Domestic content.
    pub DC: f64,
    /// Domestic value added.
    pub DVA: f64,
    /// Value added exported and absorbed abroad.
    pub VAX: f64,
    /// Domestic value added absorbed by the direct importer.
    pub DAVAX: f64,
    /// Reflection (value added returning home).
    pub REF: f64,
    /// Domestic double counting.
    pub DDC: f64,
    /// Foreign content.
    pub FC: f64,
    /// Foreign value added.
    pub FVA: f64,
    /// Foreign double counting.
    pub FDC: f64,
    /// GVC-related exports.
    pub GVC: f64,
    /// Backward GVC participation.
    pub GVCB: f64,
    /// Forward GVC participation.
    pub GVCF: f64,
}

impl BmRow {
    fn new(country: String, sector: Option<String>, t: [f64; 13]) -> Self {
        let [
            gross_exports,
            DC,
            DVA,
            VAX,
            DAVAX,
            REF,
            DDC,
            FC,
            FVA,
            FDC,
            GVC,
            GVCB,
            GVCF,
        ] = t;
        Self {
            country,
            sector,
            gross_exports,
            DC,
            DVA,
            VAX,
            DAVAX,
            REF,
            DDC,
            FC,
            FVA,
            FDC,
            GVC,
            GVCB,
            GVCF,
        }
    }
}

/// The result of a [`DecomposeRequest`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decomposed {
    /// The terms.
    pub decomposition: Decomposition,
    /// Split blocks added to groups that name CHN or MEX: `(group, blocks)`.
    pub added_splits: Vec<(String, Vec<String>)>,
}

/// The terms of a decomposition, by method.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Decomposition {
    /// KWW by economy.
    Kww {
        /// One row per economy.
        rows: Vec<KwwRow>,
    },
    /// WWZ by exporting country-sector and importing economy.
    Wwz {
        /// One row per pair.
        rows: Vec<WwzRow>,
    },
    /// Borin-Mancini by economy and by country-sector.
    Bm {
        /// One row per economy.
        rows: Vec<BmRow>,
        /// One row per exporting country-sector.
        country_sector: Vec<BmRow>,
    },
}

impl Decomposed {
    /// The result's tables: `kww`, `wwz`, or `bm_country_sector` then `bm`.
    pub fn tables(&self) -> Vec<Table> {
        match &self.decomposition {
            Decomposition::Kww { rows } => vec![Table::from_rows("kww", rows)],
            Decomposition::Wwz { rows } => vec![Table::from_rows("wwz", rows)],
            Decomposition::Bm {
                rows,
                country_sector,
            } => vec![
                Table::from_rows("bm_country_sector", country_sector),
                Table::from_rows("bm", rows),
            ],
        }
    }
}

/// `chainlens io extract`: the country-sector whose purchases and sales are removed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExtractRequest {
    /// Country label of the table.
    pub country: String,
    /// Sector code of the table.
    pub sector: String,
}

/// Output lost in one country-sector (`extraction.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExtractionRow {
    /// Country label.
    pub country: String,
    /// Sector code.
    pub sector: String,
    /// Its output.
    pub x: f64,
    /// Output lost when the extracted sector's purchases are removed.
    pub output_lost_backward: f64,
    /// Output lost when its sales are removed.
    pub output_lost_forward: f64,
}

/// The result of an [`ExtractRequest`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Extraction {
    /// `CTY_SECTOR` of the extracted sector.
    pub extracted: String,
    /// Output lost everywhere, by country-sector.
    pub rows: Vec<ExtractionRow>,
    /// Total output lost, backward.
    pub backward: f64,
    /// Total output lost, forward.
    pub forward: f64,
    /// World output.
    pub world_output: f64,
}

/// `chainlens gvc`: economies, inventories and the industry groups of the paradox table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GvcRequest {
    /// Economy groups.
    pub economies: EconomyGroups,
    /// Inventories in upstreamness and downstreamness.
    pub inventories: InventoryChoice,
    /// `(group, sectors)` replacing the technology/labour-intensive grouping that the
    /// table's own classification implies (ISIC Rev. 4, or Rev. 3 for WIOD 2013).
    pub industry_groups: Option<Vec<(String, Vec<String>)>>,
}

/// One row of the paradox table (`paradox.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ParadoxRow {
    /// Industry group.
    pub group: String,
    /// Country-sectors in the group with positive exports.
    pub observations: f64,
    /// Mean external reliance.
    pub mean_external_reliance: f64,
    /// Mean Koopman GVC position.
    pub mean_gvc_position: f64,
    /// Correlation of Koopman position with reliance.
    pub corr_koopman_position_reliance: f64,
    /// Correlation of the WWYZ position with reliance.
    pub corr_wwyz_position_reliance: f64,
}

/// The result of a [`GvcRequest`].
#[derive(Clone, Debug, PartialEq)]
pub struct GvcResult {
    /// `country_sector`, `country` and, when the table's sectors fall in industry
    /// groups, `paradox`.
    pub tables: Vec<Table>,
    /// Why there is no paradox table, when there is none.
    pub paradox_missing: Option<String>,
    /// Whether upstreamness and downstreamness are net of inventories.
    pub inventory_corrected: bool,
    /// Split blocks added to groups that name CHN or MEX: `(group, blocks)`.
    pub added_splits: Vec<(String, Vec<String>)>,
}

impl Session {
    /// What the table holds and how it balances.
    pub fn table_info(&self) -> Result<TableInfo> {
        let t = self.table()?;
        let mut categories: Vec<String> = Vec::new();
        for f in &t.fd_columns {
            if !categories.contains(&f.category) {
                categories.push(f.category.clone());
            }
        }
        Ok(TableInfo {
            countries: t.countries.clone(),
            sectors: t.sectors.clone(),
            n: t.n(),
            final_demand_columns: t.n_fd(),
            final_demand_categories: categories,
            unit: t.unit.clone(),
            total_output: t.x.iter().sum(),
            total_value_added: t.va.iter().sum(),
            total_final_demand: t.y.iter().sum(),
            satellites: t.extensions.iter().map(|e| e.name.clone()).collect(),
            accounting: self.accounting()?.to_string(),
        })
    }

    /// Decomposes gross exports.
    pub fn decompose(
        &self,
        request: &DecomposeRequest,
        progress: &dyn Progress,
    ) -> Result<Decomposed> {
        let data = self.table_data()?;
        let t = &data.table;
        let economies = economies(data, &request.economies)?;
        let added_splits = economies.added_splits.clone();
        crate::progress::stage(progress, "factorising I - A and forming L")?;
        let sys = GvcSystem::new(t, economies).map_err(|e| data.error(e))?;
        crate::progress::stage(progress, "demand paths")?;
        let paths = DemandPaths::new(&sys);
        let names = &sys.economies.names;
        let (of_key, keys) = sys
            .economies
            .sector_keys(t, request.economies.split_keys.keys());
        let decomposition = match request.method {
            Method::Kww => Decomposition::Kww {
                rows: kww(&sys, &paths)
                    .by_economy(&sys)
                    .into_iter()
                    .zip(names)
                    .map(|((exports, terms), name)| KwwRow::new(name.clone(), exports, terms))
                    .collect(),
            },
            Method::Wwz => {
                crate::progress::stage(progress, "WWZ terms")?;
                let w = wwz(&sys, &paths);
                let summed = sum_by_key((0..w.len()).map(|r| {
                    let mut v = [0.0; 17];
                    v[0] = w.exports[r];
                    v[1..].copy_from_slice(&w.terms[r]);
                    ((of_key[w.exporter[r]], w.importer[r]), v)
                }));
                Decomposition::Wwz {
                    rows: summed
                        .into_iter()
                        .map(|((k, m), v)| {
                            let (country, sector) = keys[k].clone();
                            let mut terms = [0.0; 16];
                            terms.copy_from_slice(&v[1..]);
                            WwzRow::new([country, sector, names[m].clone()], v[0], terms)
                        })
                        .collect(),
                }
            }
            Method::Bm => {
                let full = borin_mancini(&sys, &paths).map_err(|e| data.error(e))?;
                let summed =
                    sum_by_key(full.values.iter().enumerate().map(|(i, v)| (of_key[i], *v)));
                Decomposition::Bm {
                    country_sector: summed
                        .into_iter()
                        .map(|(k, v)| {
                            let (country, sector) = keys[k].clone();
                            BmRow::new(country, Some(sector), v)
                        })
                        .collect(),
                    rows: full
                        .by_economy(&sys)
                        .into_iter()
                        .zip(names)
                        .map(|(v, name)| BmRow::new(name.clone(), None, v))
                        .collect(),
                }
            }
        };
        Ok(Decomposed {
            decomposition,
            added_splits,
        })
    }

    /// Hypothetical extraction of one country-sector's purchases and sales.
    pub fn extract(&self, request: &ExtractRequest) -> Result<Extraction> {
        let data = self.table_data()?;
        let t = &data.table;
        let unknown = |field: &str, error: chainlens_input_output::InputOutputError| {
            EngineError::request(field, error.to_string())
        };
        let c = t.country_index(&request.country).ok_or_else(|| {
            let label = request.country.clone();
            let valid = t.countries.clone();
            unknown(
                "--country",
                chainlens_input_output::InputOutputError::UnknownCountry { label, valid },
            )
        })?;
        let k = t.sector_index(&request.sector).ok_or_else(|| {
            let label = request.sector.clone();
            let valid = t.sectors.clone();
            unknown(
                "--sector",
                chainlens_input_output::InputOutputError::UnknownSector { label, valid },
            )
        })?;
        let j = c.0 * t.n_sectors() + k;
        let coefficients = Coefficients::new(t).map_err(|e| data.error(e))?;
        let model = data.leontief()?;
        let e = extraction::extract_one(&coefficients, &model, j).map_err(|e| data.error(e))?;
        let s = t.n_sectors();
        Ok(Extraction {
            extracted: t.label(j),
            rows: (0..t.n())
                .map(|i| ExtractionRow {
                    country: t.countries[i / s].clone(),
                    sector: t.sectors[i % s].clone(),
                    x: t.x[i],
                    output_lost_backward: e.backward[i],
                    output_lost_forward: e.forward[i],
                })
                .collect(),
            backward: e.backward.iter().sum(),
            forward: e.forward.iter().sum(),
            world_output: t.x.iter().sum(),
        })
    }

    /// GVC indicators by country-sector and economy, and the paradox table.
    pub fn gvc(&self, request: &GvcRequest, progress: &dyn Progress) -> Result<GvcResult> {
        let data = self.table_data()?;
        let economies = economies(data, &request.economies)?;
        let added_splits = economies.added_splits.clone();
        let options = GvcOptions {
            groups: request
                .industry_groups
                .clone()
                .map(|groups| IndustryGroups { groups }),
            upstreamness: UpstreamnessOptions {
                inventories: match request.inventories {
                    InventoryChoice::Net => Inventories::Net,
                    InventoryChoice::Ignore => Inventories::Ignore,
                },
            },
            split_keys: request.economies.split_keys.keys(),
            ..Default::default()
        };
        crate::progress::stage(progress, "GVC indicators: L, KWW, lengths, upstreamness")?;
        let ind =
            gvc_indicators_with(&data.table, economies, &options).map_err(|e| data.error(e))?;
        let mut tables = vec![
            labelled_table("country_sector", &ind.country_sector),
            labelled_table("country", &ind.country),
        ];
        let paradox_missing = match &ind.paradox {
            Some(rows) => {
                tables.push(Table::from_rows("paradox", &paradox_rows(rows)));
                None
            }
            None => {
                let groups = options
                    .groups
                    .or_else(|| IndustryGroups::for_sectors(&data.table.sectors))
                    .unwrap_or_default();
                Some(
                    missing_classification(&data.table.sectors, &groups)
                        .unwrap_or_else(|| "no paradox table".into()),
                )
            }
        };
        Ok(GvcResult {
            tables,
            paradox_missing,
            inventory_corrected: ind.inventory_corrected,
            added_splits,
        })
    }
}

fn paradox_rows(rows: &[chainlens_input_output::paradox::ParadoxRow]) -> Vec<ParadoxRow> {
    rows.iter()
        .map(|r| ParadoxRow {
            group: r.group.clone(),
            observations: r.observations as f64,
            mean_external_reliance: r.mean_reliance,
            mean_gvc_position: r.mean_position,
            corr_koopman_position_reliance: r.corr_koopman_position,
            corr_wwyz_position_reliance: r.corr_wwyz_position,
        })
        .collect()
}

/// Sums values sharing a key, keys in order of first appearance; a key seen once keeps
/// its values exactly (no `0.0 +` that would turn `-0` into `0`).
fn sum_by_key<K: Ord + Copy, const N: usize>(
    rows: impl Iterator<Item = (K, [f64; N])>,
) -> Vec<(K, [f64; N])> {
    let mut index: std::collections::BTreeMap<K, usize> = std::collections::BTreeMap::new();
    let mut out: Vec<(K, [f64; N])> = Vec::new();
    for (key, values) in rows {
        match index.get(&key) {
            Some(&i) => {
                for (a, b) in out[i].1.iter_mut().zip(values) {
                    *a += b;
                }
            }
            None => {
                index.insert(key, out.len());
                out.push((key, values));
            }
        }
    }
    out
}

/// The input-output crate's labelled table as a result table.
fn labelled_table(name: &str, t: &chainlens_input_output::Table) -> Table {
    let labels = t.label_names.iter().enumerate().map(|(k, n)| Column {
        name: n.clone(),
        values: Values::Text(t.labels.iter().map(|r| Some(&r[k])).collect()),
    });
    let numbers = t.names.iter().zip(&t.columns).map(|(n, c)| Column {
        name: n.clone(),
        values: Values::Float(c.iter().map(|&v| Some(v)).collect()),
    });
    Table {
        name: name.to_string(),
        columns: labels.chain(numbers).collect(),
    }
}

/// The economies of a request: its groups (a group naming CHN or MEX takes their split
/// blocks), the OECD split blocks no group reaches kept together as their country.
pub(crate) fn economies(data: &TableData, request: &EconomyGroups) -> Result<Economies> {
    let table = &data.table;
    if request.groups.is_empty() {
        return Economies::oecd_split(table).map_err(|e| data.error(e));
    }
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for g in &request.groups {
        let Some((name, members)) = g.split_once('=') else {
            return Err(EngineError::request(
                "--group",
                format!("--group `{g}` is not NAME=A,B,..."),
            ));
        };
        groups.push((
            name.trim().to_string(),
            members.split(',').map(|m| m.trim().to_string()).collect(),
        ));
    }
    Economies::grouped_with_splits(table, &groups).map_err(|e| data.error(e))
}

/// Output and value-added multipliers of one country-sector (`multipliers.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MultiplierRow {
    /// Country label.
    pub country: String,
    /// Sector code.
    pub sector: String,
    /// Output multiplier `(1' L)_j`: world output per unit of final demand for `j`.
    pub output_multiplier: f64,
    /// Value-added multiplier `(v' L)_j`.
    pub value_added_multiplier: f64,
}

/// A satellite multiplier (`extension_multipliers.csv`), one row per account and sector.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExtensionMultiplierRow {
    /// The satellite account (e.g. employment).
    pub extension: String,
    /// Country label.
    pub country: String,
    /// Sector code.
    pub sector: String,
    /// `((e / x)' L)_j`.
    pub multiplier: f64,
}

/// The result of [`Session::multipliers`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MultiplierTables {
    /// One row per country-sector.
    pub rows: Vec<MultiplierRow>,
    /// Satellite multipliers, empty without satellite accounts.
    pub extensions: Vec<ExtensionMultiplierRow>,
}

impl MultiplierTables {
    /// `multipliers` and, with satellite accounts, `extension_multipliers`.
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![Table::from_rows("multipliers", &self.rows)];
        if !self.extensions.is_empty() {
            tables.push(Table::from_rows("extension_multipliers", &self.extensions));
        }
        tables
    }
}

/// Value added of one origin country-sector in one destination's final demand
/// (`va_origin.csv`, trade in value added: Johnson & Noguera 2012).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ValueAddedOriginRow {
    /// Country of origin of the value added.
    pub origin_country: String,
    /// Sector of origin.
    pub origin_sector: String,
    /// Economy whose final demand absorbs it.
    pub destination: String,
    /// `v_i (L Y)_{i,d}`, in the table's unit.
    pub value_added: f64,
}

/// The result of [`Session::va_origin`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueAddedOrigin {
    /// One row per origin country-sector and destination economy.
    pub rows: Vec<ValueAddedOriginRow>,
    /// Their sum: world value added absorbed by final demand.
    pub total: f64,
    /// World value added of the (row-balanced) table; equals `total`.
    pub world_value_added: f64,
}

impl Session {
    /// Output, value-added and satellite multipliers by country-sector (METHODS §2).
    pub fn multipliers(&self) -> Result<MultiplierTables> {
        let data = self.table_data()?;
        let t = &data.table;
        let coefficients = Coefficients::new(t).map_err(|e| data.error(e))?;
        let model = data.leontief()?;
        let m = chainlens_input_output::multipliers(t, &coefficients, &model)
            .map_err(|e| data.error(e))?;
        let s = t.n_sectors();
        let label = |i: usize| (t.countries[i / s].clone(), t.sectors[i % s].clone());
        let rows = (0..t.n())
            .map(|i| {
                let (country, sector) = label(i);
                MultiplierRow {
                    country,
                    sector,
                    output_multiplier: m.output[i],
                    value_added_multiplier: m.value_added[i],
                }
            })
            .collect();
        let extensions = m
            .extensions
            .iter()
            .flat_map(|(name, values)| {
                values.iter().enumerate().map(move |(i, &multiplier)| {
                    let (country, sector) = label(i);
                    ExtensionMultiplierRow {
                        extension: name.clone(),
                        country,
                        sector,
                        multiplier,
                    }
                })
            })
            .collect();
        Ok(MultiplierTables { rows, extensions })
    }

    /// Value added by origin country-sector in each destination economy's final demand,
    /// on the row-balanced table (output = sales), so that it adds up to world value added.
    pub fn va_origin(&self, groups: &EconomyGroups) -> Result<ValueAddedOrigin> {
        let data = self.table_data()?;
        let t = &data.table;
        let economies = economies(data, groups)?;
        let coefficients = Coefficients::row_balanced(t).map_err(|e| data.error(e))?;
        let model =
            chainlens_input_output::LeontiefModel::new(&coefficients).map_err(|e| data.error(e))?;
        let (n, k, g) = (t.n(), t.n_fd(), economies.len());
        let mut y = faer::Mat::<f64>::zeros(n, g);
        for i in 0..n {
            for (j, &d) in economies.of_fd.iter().enumerate() {
                y[(i, d)] += t.y[i * k + j];
            }
        }
        let vay =
            value_added_in_final_demand(&coefficients, &model, &y).map_err(|e| data.error(e))?;
        let s = t.n_sectors();
        let mut rows = Vec::with_capacity(n * g);
        for i in 0..n {
            for d in 0..g {
                rows.push(ValueAddedOriginRow {
                    origin_country: t.countries[i / s].clone(),
                    origin_sector: t.sectors[i % s].clone(),
                    destination: economies.names[d].clone(),
                    value_added: vay[(i, d)],
                });
            }
        }
        Ok(ValueAddedOrigin {
            total: rows.iter().map(|r| r.value_added).sum(),
            world_value_added: coefficients.va.iter().sum(),
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{SessionOptions, TableOptions};

    fn session() -> Session {
        Session::open(&SessionOptions {
            trade: None,
            table: Some(TableOptions::default()),
        })
        .unwrap()
    }

    #[test]
    fn value_added_by_origin_adds_up_to_world_value_added() {
        let va = session().va_origin(&EconomyGroups::default()).unwrap();
        assert!((va.total - va.world_value_added).abs() <= 1e-9 * va.world_value_added);
        let t = session();
        let table = t.table().unwrap();
        assert_eq!(va.rows.len(), table.n() * table.n_countries());
    }

    #[test]
    fn output_multipliers_exceed_one_and_value_added_ones_are_one() {
        // Output multipliers count the unit of final demand itself; on a table whose columns
        // balance, v = 1' - 1'A, so v'L = 1'(I - A)L = 1': every unit of final demand is
        // value added somewhere.
        let m = session().multipliers().unwrap();
        for r in &m.rows {
            assert!(r.output_multiplier >= 1.0, "{r:?}");
            assert!((r.value_added_multiplier - 1.0).abs() < 1e-9, "{r:?}");
        }
    }
}
