//! [`Session`]: the data a face opened once, and what later requests reuse. A session
//! holds trade data (any input `chainlens-ingest` reads, or the embedded SYNTHETIC
//! default), an input-output table (any layout `chainlens-icio` reads, or the embedded
//! SYNTHETIC example), or both; it keeps the universe of intermediate goods, the
//! political distances, the baseline vulnerability analysis of each window, each importer's
//! suppliers in a window and the
//! Leontief factorisation, each computed the first time a request needs it.
//!
//! A session is `Send + Sync`: the HTTP server shares one between its handlers. Caches
//! are filled under a lock held only to find the cache slot; the work itself runs in a
//! `OnceLock`, so two requests that need the same baseline at once compute it once.

use crate::error::{EngineError, Result, read_text};
use chainlens_exposure::{GoodsToIndustries, HsIsicTable, SplitRule};
use chainlens_icio::{AccountingOptions, AccountingReport, IcioTable};
use chainlens_ingest::convert::HsConversion;
use chainlens_ingest::reference::{self, ReferenceDir};
use chainlens_ingest::{ComtradeView, ReadOptions, TradeDataset};
use chainlens_input_output::LeontiefModel;
use chainlens_model::{CountryCode, ProductSet, YearWindow};
use chainlens_trade_network::{
    CentralityMeasure, ImporterSupplier, Importers, PoliticalDistance, VulnerabilityAnalysis,
    VulnerabilityError, VulnerabilityOptions, WindowedFlows, analyse, importer_suppliers,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Where trade data comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TradeSource {
    /// The embedded SYNTHETIC default dataset (not real trade).
    #[default]
    Embedded,
    /// The embedded SYNTHETIC default dataset with its SYNTHETIC second window
    /// (2017, 2018, 2022, 2023; a planted reallocation), what `chainlens shift` compares.
    EmbeddedSeries,
    /// A BACI directory, zip or year file, a UN Comtrade CSV, or a chainlens cache.
    Path(PathBuf),
}

/// How to open trade data; the fields are the CLI's `--trade` family of options.
#[derive(Clone, Debug, Default)]
pub struct TradeOptions {
    /// The input.
    pub source: TradeSource,
    /// A country table replacing the input's own (BACI layout or `code,iso2,iso3,name,aggregate`).
    pub countries: Option<PathBuf>,
    /// Fail on the first rejected row.
    pub strict: bool,
    /// Keep only these years when reading (`import` and `info`; analyses take their
    /// window per request so that a raw input and its cache give the same report).
    pub read_window: Option<YearWindow>,
    /// The Comtrade flow to read.
    pub comtrade_view: ComtradeView,
    /// A CSV with a column `hs6` listing the universe of intermediate goods
    /// (default: the HS -> BEC rule on the input's edition).
    pub intermediate_goods: Option<PathBuf>,
    /// An HS6 -> BEC Rev.4 table replacing the embedded one.
    pub hs_bec: Option<PathBuf>,
    /// Political distance pairs or bloc table (default: UN General Assembly ideal points).
    pub distance: Option<PathBuf>,
    /// Geographic distances `iso3_o,iso3_d,distance_km` (or CEPII GeoDist's `iso_o,iso_d,
    /// dist`) for the near-shoring index (default: `geodist/dist_cepii.csv` of the
    /// reference data, when installed).
    pub geographic_distance: Option<PathBuf>,
    /// Told how far each large file has been read, for the face to draw.
    pub progress: Option<chainlens_ingest::ReadProgress>,
    /// The reference data directory (default `$CHAINLENS_DATA` or the platform's data dir).
    pub data_dir: Option<PathBuf>,
    /// Read the input as a generic bilateral CSV: `exporter=COL,importer=COL,...`
    /// (see [`chainlens_ingest::bilateral::ColumnMap::parse`]).
    pub columns: Option<String>,
    /// The HS edition of the codes (`HS92` ... `HS22`), replacing what the input says.
    pub edition: Option<String>,
    /// Convert the codes to this HS edition (`--to-hs 2017`) through the correspondences.
    pub to_edition: Option<String>,
}

/// Which publisher's files `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// CEPII BACI directories, zips or year files (one HS edition).
    Baci,
    /// UN Comtrade bulk or API CSV files.
    Comtrade,
    /// Any bilateral CSV, its columns named by `--columns`.
    Csv,
}

/// Parses an HS edition option.
fn edition_option(field: &str, name: &str) -> Result<reference::HsEdition> {
    reference::HsEdition::parse(name).ok_or_else(|| {
        EngineError::request(
            field,
            format!("`{name}` is not an HS edition (HS92, HS96, HS02, HS07, HS12, HS17, HS22)"),
        )
    })
}

impl TradeOptions {
    /// Reads the input, and converts its codes when `--to-hs` asks for it.
    fn read(
        &self,
        read: impl FnOnce(
            &ReadOptions,
        ) -> std::result::Result<TradeDataset, chainlens_ingest::IngestError>,
    ) -> Result<(TradeDataset, Option<HsConversion>)> {
        let data = read(&self.read_options()?)?;
        match &self.to_edition {
            Some(name) => {
                let to = edition_option("--to-hs", name)?;
                Ok(chainlens_ingest::convert::to_edition(
                    data,
                    to,
                    &self.reference_dir(),
                )?)
            }
            None => Ok((data, None)),
        }
    }

    /// The reference data directory these options read.
    pub fn reference_dir(&self) -> ReferenceDir {
        self.data_dir
            .clone()
            .map_or_else(ReferenceDir::from_env, ReferenceDir::new)
    }

    /// The reader's options: the country table read, the read window, strictness.
    fn read_options(&self) -> Result<ReadOptions> {
        let countries = match &self.countries {
            Some(path) => Some(reference::parse_country_table(&read_text(path)?, path)?),
            None => None,
        };
        let columns = match &self.columns {
            Some(spec) => Some(
                chainlens_ingest::bilateral::ColumnMap::parse(spec)
                    .map_err(|message| EngineError::request("--columns", message))?,
            ),
            None => None,
        };
        let edition = match &self.edition {
            Some(name) => Some(reference::HsEdition::parse(name).ok_or_else(|| {
                EngineError::request(
                    "--hs-edition",
                    format!(
                        "`{name}` is not an HS edition (HS92, HS96, HS02, HS07, HS12, HS17, HS22)"
                    ),
                )
            })?),
            None => None,
        };
        Ok(ReadOptions {
            countries,
            columns,
            edition,
            reference: Some(self.reference_dir()),
            window: self.read_window,
            strict: self.strict,
            progress: self.progress.clone(),
            comtrade_view: self.comtrade_view,
        })
    }
}

/// Reads published trade files and writes them as a chainlens cache in `out`
/// (`flows.parquet`, `report.json`, `rejects.csv`, the country and product tables);
/// with `by_year` also the flows as a Hive-partitioned dataset for other tools,
/// `out/by-year/year=YYYY/flows.parquet` (`chainlens_ingest::partitioned`; without it an
/// earlier export there is removed, so none is left that disagrees with the cache).
pub fn import(
    kind: ImportKind,
    inputs: &[PathBuf],
    options: &TradeOptions,
    out: &Path,
    by_year: bool,
) -> Result<chainlens_ingest::IngestReport> {
    let paths: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let (data, _) = options.read(|read| match (kind, &read.columns) {
        (ImportKind::Baci, _) => chainlens_ingest::baci::read(&paths, read),
        (ImportKind::Comtrade, _) => chainlens_ingest::comtrade::read(&paths, read),
        (ImportKind::Csv, Some(columns)) => {
            chainlens_ingest::bilateral::read(&paths, columns, read)
        }
        (ImportKind::Csv, None) => Err(chainlens_ingest::IngestError::NoColumns),
    })?;
    if data.flows.is_empty() && options.read_window.is_some() {
        return Err(EngineError::request(
            "--years",
            format!(
                "no row of the input falls in the window ({} rows read, {} outside it); nothing written",
                data.report.rows_read, data.report.outside_window
            ),
        ));
    }
    chainlens_ingest::cache::write(&data, out)?;
    if by_year {
        chainlens_ingest::partitioned::write(&data.flows, out)?;
    } else {
        chainlens_ingest::partitioned::remove(out)?;
    }
    Ok(data.report)
}

/// Where an input-output table comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TableSource {
    /// The embedded SYNTHETIC example (6 economies x 9 industries).
    #[default]
    Embedded,
    /// An OECD ICIO CSV, WIOD workbook, generic CSV, pymrio folder, or a folder of
    /// yearly tables (with [`TableOptions::year`]).
    Path(PathBuf),
}

/// How to open an input-output table; the fields are the CLI's `TABLE` options.
#[derive(Clone, Debug, PartialEq)]
pub struct TableOptions {
    /// The table.
    pub source: TableSource,
    /// With a folder of yearly tables: the year whose file to read.
    pub year: Option<u16>,
    /// Merge OECD split blocks (CN1/CN2 into CHN, MX1/MX2 into MEX).
    pub merge_splits: bool,
    /// Relative tolerance of the accounting check.
    pub tolerance: f64,
    /// Fail when the table does not balance.
    pub strict: bool,
    /// HS -> ISIC Rev.4 table placing goods in the table's industries: the WITS layout
    /// (`HS_6d,...,ISIC4_4d,...`) or `hs,isic_division`; default: the reference data's
    /// `hs-concordance/hs_isic4.csv`, else the chapter-level table shipped with chainlens.
    pub concordance: Option<PathBuf>,
    /// A regions file `iso3,region` placing a scenario's countries on the table's regions
    /// (pymrio's `reg1`, bloc tables); by default each country goes to its ISO3 region.
    pub regions: Option<PathBuf>,
    /// The reference data directory whose `hs_isic4.csv` is the default concordance
    /// (default `$CHAINLENS_DATA` or the platform's data dir).
    pub data_dir: Option<PathBuf>,
}

impl Default for TableOptions {
    fn default() -> Self {
        Self {
            source: TableSource::Embedded,
            year: None,
            merge_splits: false,
            tolerance: AccountingOptions::default().rel,
            strict: false,
            concordance: None,
            regions: None,
            data_dir: None,
        }
    }
}

/// What a session opens: trade data, a table, or both.
#[derive(Clone, Debug, Default)]
pub struct SessionOptions {
    /// Trade data, if any request will need it.
    pub trade: Option<TradeOptions>,
    /// An input-output table, if any request will need it.
    pub table: Option<TableOptions>,
}

/// Trade data with what requests derive from it.
pub(crate) struct TradeData {
    pub dataset: TradeDataset,
    pub synthetic: bool,
    /// Countries and products the data covers.
    pub coverage: Coverage,
    /// Why the data is an extract, if it is one ([`Coverage::extract_note`]).
    pub extract: Option<String>,
    /// What `--to-hs` did, if it was given.
    pub conversion: Option<HsConversion>,
    pub universe: ProductSet,
    pub distance_file: Option<Arc<PoliticalDistance>>,
    /// The geographic distance file asked for, if any.
    pub geographic_file: Option<PathBuf>,
    /// Where the UN General Assembly ideal points come from when the data has none.
    pub reference: ReferenceDir,
    /// Those ideal points, once a request has needed them.
    reference_points: OnceLock<Vec<reference::IdealPoint>>,
    /// The data's product descriptions, shared by every result row that shows one.
    pub descriptions: std::collections::BTreeMap<chainlens_model::Hs6, Arc<str>>,
    baselines: Cache<(Option<YearWindow>, Centrality), VulnerabilityAnalysis, VulnerabilityError>,
    ideal_points: Cache<Option<(u16, u16)>, PoliticalDistance, String>,
    suppliers: Cache<(Option<YearWindow>, CountryCode), Vec<ImporterSupplier>, VulnerabilityError>,
}

/// An input-output table with its accounting report and factorisation.
pub(crate) struct TableData {
    pub table: IcioTable,
    pub label: String,
    pub synthetic: bool,
    pub accounting: AccountingReport,
    pub concordance: HsIsicTable,
    /// The regions file's assignments and its name, if one was given.
    pub regions: Option<(Vec<(String, String)>, String)>,
    leontief:
        OnceLock<std::result::Result<Arc<LeontiefModel>, chainlens_input_output::InputOutputError>>,
}

/// A map from request keys to results computed once (errors included: the same request
/// fails the same way without recomputing).
struct Cache<K, V, E> {
    slots: Mutex<HashMap<K, Slot<V, E>>>,
}

/// One cache entry: filled once, shared by every request that needs it.
type Slot<V, E> = Arc<OnceLock<std::result::Result<Arc<V>, E>>>;

impl<K: std::hash::Hash + Eq, V, E> Default for Cache<K, V, E> {
    fn default() -> Self {
        Self {
            slots: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: std::hash::Hash + Eq, V, E: Clone> Cache<K, V, E> {
    /// The value for `key`, computed with `make` the first time.
    fn get(
        &self,
        key: K,
        make: impl FnOnce() -> std::result::Result<V, E>,
    ) -> std::result::Result<Arc<V>, E> {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            slots.entry(key).or_default().clone()
        };
        slot.get_or_init(|| make().map(Arc::new)).clone()
    }
}

/// The centrality measure of METHODS §1.2.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Centrality {
    /// Herfindahl-Hirschman index of exporter shares (the default).
    #[default]
    Hhi,
    /// Top-3 exporter share.
    Cr3,
    /// Freeman out-strength centralisation.
    Freeman,
}

impl Centrality {
    /// The library's measure.
    pub fn measure(self) -> CentralityMeasure {
        match self {
            Self::Hhi => CentralityMeasure::Hhi,
            Self::Cr3 => CentralityMeasure::Cr3,
            Self::Freeman => CentralityMeasure::Freeman,
        }
    }
}

/// Data opened once and shared by every request.
pub struct Session {
    pub(crate) trade: Option<TradeData>,
    pub(crate) table: Option<TableData>,
}

impl Session {
    /// Opens what `options` names. Reading errors name the file, line and field.
    pub fn open(options: &SessionOptions) -> Result<Self> {
        // Both are mostly file reading and parsing: read side by side.
        let (trade, table) = rayon::join(
            || options.trade.as_ref().map(TradeData::open).transpose(),
            || options.table.as_ref().map(TableData::open).transpose(),
        );
        Ok(Self {
            trade: trade?,
            table: table?,
        })
    }

    /// Whether the session has trade data.
    pub fn has_trade(&self) -> bool {
        self.trade.is_some()
    }

    /// Whether the session has an input-output table.
    pub fn has_table(&self) -> bool {
        self.table.is_some()
    }

    /// The trade dataset, or a missing-data error.
    pub fn dataset(&self) -> Result<&TradeDataset> {
        Ok(&self.trade_data()?.dataset)
    }

    /// Whether the trade data is the embedded SYNTHETIC default.
    pub fn trade_is_synthetic(&self) -> bool {
        self.trade.as_ref().is_some_and(|t| t.synthetic)
    }

    /// Why the trade data cannot support world measures, in words for every summary and
    /// `report.json`, or `None` for data that covers the world (fewer than 20 exporters or
    /// 100 products make an extract).
    pub fn trade_extract_note(&self) -> Option<&str> {
        self.trade.as_ref().and_then(|t| t.extract.as_deref())
    }

    /// The input-output table, or a missing-data error.
    pub fn table(&self) -> Result<&IcioTable> {
        Ok(&self.table_data()?.table)
    }

    /// The accounting check of the table as read.
    pub fn accounting(&self) -> Result<&AccountingReport> {
        Ok(&self.table_data()?.accounting)
    }

    /// Whether the table is the embedded SYNTHETIC example.
    pub fn table_is_synthetic(&self) -> bool {
        self.table.as_ref().is_some_and(|t| t.synthetic)
    }

    pub(crate) fn trade_data(&self) -> Result<&TradeData> {
        self.trade.as_ref().ok_or_else(|| {
            EngineError::Missing("this session has no trade data (open it with --trade)".into())
        })
    }

    pub(crate) fn table_data(&self) -> Result<&TableData> {
        self.table.as_ref().ok_or_else(|| {
            EngineError::Missing(
                "this session has no input-output table (open it with a TABLE)".into(),
            )
        })
    }
}

impl TradeData {
    fn open(options: &TradeOptions) -> Result<Self> {
        let synthetic = matches!(
            options.source,
            TradeSource::Embedded | TradeSource::EmbeddedSeries
        );
        let (dataset, conversion) = options.read(|read| match &options.source {
            TradeSource::Embedded => chainlens_ingest::open_default(read),
            TradeSource::EmbeddedSeries => chainlens_ingest::open_default_series(read),
            TradeSource::Path(path) => chainlens_ingest::open(path, read),
        })?;
        let universe = universe(options, &dataset)?;
        let distance_file = match &options.distance {
            Some(path) => Some(Arc::new(crate::trade::distance_from_file(
                path,
                &dataset.countries,
            )?)),
            None => None,
        };
        let descriptions = dataset
            .descriptions
            .by_code
            .iter()
            .map(|(code, text)| (*code, Arc::from(text.as_str())))
            .collect();
        let coverage = Coverage::of(&dataset.flows);
        Ok(Self {
            coverage,
            extract: coverage.extract_note(),
            conversion,
            dataset,
            synthetic,
            universe,
            distance_file,
            geographic_file: options.geographic_distance.clone(),
            reference: options.reference_dir(),
            reference_points: OnceLock::new(),
            descriptions,
            baselines: Cache::default(),
            ideal_points: Cache::default(),
            suppliers: Cache::default(),
        })
    }

    /// The vulnerability analysis of every importer in `window`, computed once.
    pub fn baseline(
        &self,
        window: Option<YearWindow>,
        centrality: Centrality,
    ) -> std::result::Result<Arc<VulnerabilityAnalysis>, VulnerabilityError> {
        self.baselines.get((window, centrality), || {
            let options = VulnerabilityOptions {
                centrality: centrality.measure(),
                ..Default::default()
            };
            analyse(
                &self.dataset.flows,
                &self.universe,
                window,
                &Importers::All,
                options,
            )
        })
    }

    /// The suppliers of `importer`'s universe goods in the window, computed once per
    /// window and importer (one pass over the window's rows).
    pub fn importer_suppliers(
        &self,
        window: Option<YearWindow>,
        importer: CountryCode,
    ) -> std::result::Result<Arc<Vec<ImporterSupplier>>, VulnerabilityError> {
        self.suppliers.get((window, importer), || {
            let windowed = WindowedFlows::new(&self.dataset.flows, window)?;
            Ok(importer_suppliers(&windowed, &self.universe, importer))
        })
    }

    /// The data's own ideal points, else the reference data's, read once per session.
    fn ideal_points(&self) -> Result<&[reference::IdealPoint]> {
        if let Some(own) = &self.dataset.ideal_points {
            return Ok(own);
        }
        if let Some(read) = self.reference_points.get() {
            return Ok(read);
        }
        let read = self.reference.ideal_points()?;
        Ok(self.reference_points.get_or_init(|| read))
    }

    /// The political distance of the session's file, or of UNGA ideal points averaged
    /// over `sessions` (the latest session when `None`), computed once per choice.
    pub fn distance(&self, sessions: Option<(u16, u16)>) -> Result<Arc<PoliticalDistance>> {
        if let Some(d) = &self.distance_file {
            return Ok(d.clone());
        }
        let points = self.ideal_points()?;
        self.ideal_points
            .get(sessions, || {
                crate::trade::distance_from_ideal_points(points, sessions, &self.dataset.countries)
            })
            .map_err(|message| EngineError::Invalid {
                file: "--sessions".into(),
                message,
            })
    }
}

/// Fewer exporters than this, and export centrality cannot describe the world.
const WORLD_EXPORTERS: usize = 20;
/// Fewer products than this, and the quartiles cannot describe the goods of the world.
const WORLD_PRODUCTS: usize = 100;

/// How much of the world a trade table covers: countries trading, and products traded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Coverage {
    pub exporters: usize,
    pub importers: usize,
    /// Countries exporting or importing.
    pub countries: usize,
    pub products: usize,
}

impl Coverage {
    /// Counts in one pass over the flows.
    fn of(flows: &chainlens_model::TradeFlows) -> Self {
        let mut exporters = chainlens_model::CountryVec::new(false);
        let mut importers = exporters.clone();
        let mut products = ProductSet::default();
        flows.exporter.iter().for_each(|&e| exporters[e] = true);
        flows.importer.iter().for_each(|&m| importers[m] = true);
        flows.product.iter().for_each(|&p| {
            products.insert(p);
        });
        let count =
            |seen: &chainlens_model::CountryVec<bool>| seen.iter().filter(|&(_, &s)| s).count();
        Self {
            exporters: count(&exporters),
            importers: count(&importers),
            countries: (exporters.iter().zip(importers.iter()))
                .filter(|&((_, &e), (_, &m))| e || m)
                .count(),
            products: products.len(),
        }
    }

    /// Why the table cannot support world measures: fewer than 20 exporters (a table of
    /// one country's exports, say), or fewer than 100 products (one product's market);
    /// `None` when it can, or when it is empty.
    fn extract_note(&self) -> Option<String> {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        if self.products == 0 {
            None
        } else if self.exporters < WORLD_EXPORTERS {
            Some(format!(
                "this is an extract: {} exporter{}; export centrality and dominance describe these exporters, not the world",
                self.exporters,
                plural(self.exporters)
            ))
        } else if self.products < WORLD_PRODUCTS {
            Some(format!(
                "this is an extract: {} product{}; the quartile thresholds describe these goods, not all intermediate goods",
                self.products,
                plural(self.products)
            ))
        } else {
            None
        }
    }
}

/// The universe of intermediate goods: the user's list, else the user's HS -> BEC table,
/// else the data's own classification (the SYNTHETIC default's), else the HS -> BEC table
/// of the data's edition from the reference data.
fn universe(options: &TradeOptions, dataset: &TradeDataset) -> Result<ProductSet> {
    if let Some(path) = &options.intermediate_goods {
        return Ok(reference::parse_product_list(&read_text(path)?, path)?);
    }
    let pairs = match (&options.hs_bec, &dataset.universe) {
        (Some(path), _) => {
            let pairs = reference::parse_hs_bec(&read_text(path)?, path)?;
            let goods = reference::intermediate_goods(&pairs);
            if goods.is_empty() {
                return Err(EngineError::Invalid {
                    file: path.display().to_string(),
                    message: format!(
                        "no intermediate good: its HS6 codes ({}) have no BEC Rev.4 intermediate category (111, 121, 21, 22, 31, 322, 42, 53)",
                        pairs.len()
                    ),
                });
            }
            return Ok(goods);
        }
        (None, Some(own)) => return Ok(own.clone()),
        (None, None) => options.reference_dir().hs_bec(dataset.edition)?,
    };
    Ok(reference::intermediate_goods(&pairs))
}

impl TableData {
    fn open(options: &TableOptions) -> Result<Self> {
        let read = chainlens_icio::ReadOptions {
            accounting: AccountingOptions {
                rel: options.tolerance,
                ..Default::default()
            },
            strict: options.strict,
            merge_splits: options.merge_splits,
            year: None,
        };
        let (table, accounting, label, synthetic) = match &options.source {
            TableSource::Path(path) => {
                let (file, year) = table_file(path, options.year)?;
                let read = chainlens_icio::ReadOptions { year, ..read };
                let (t, r) = chainlens_icio::read_table(&file, read)?;
                (t, r, file.display().to_string(), false)
            }
            TableSource::Embedded => {
                let mut t = chainlens_icio::example::example_table();
                if options.merge_splits {
                    t = chainlens_icio::aggregate::merge_oecd_splits(&t)?;
                }
                let r = chainlens_icio::check_accounting(&t, read.accounting);
                (t, r, "<embedded example table>".to_string(), true)
            }
        };
        let reference = options
            .data_dir
            .clone()
            .map_or_else(ReferenceDir::from_env, ReferenceDir::new);
        let concordance = concordance(options.concordance.as_deref(), &reference)?;
        let regions = match &options.regions {
            Some(path) => {
                let name = path.display().to_string();
                let assigned = chainlens_scenarios::parse_regions(&read_text(path)?, &name)?;
                Some((assigned, name))
            }
            None => None,
        };
        Ok(Self {
            table,
            label,
            synthetic,
            accounting,
            concordance,
            regions,
            leontief: OnceLock::new(),
        })
    }

    /// The goods-to-industries link of this table.
    pub fn goods(&self, rule: SplitRule) -> GoodsToIndustries<'_> {
        GoodsToIndustries::new(&self.concordance, &self.table, rule)
    }

    /// The Leontief factorisation of the table, formed once.
    pub fn leontief(&self) -> Result<Arc<LeontiefModel>> {
        self.leontief
            .get_or_init(|| LeontiefModel::from_table(&self.table).map(Arc::new))
            .clone()
            .map_err(|source| self.error(source))
    }

    /// An input-output error naming this table.
    pub fn error(&self, source: chainlens_input_output::InputOutputError) -> EngineError {
        EngineError::InputOutput {
            table: self.label.clone(),
            source,
        }
    }
}

/// The HS -> ISIC table: the file given, else the reference data's WITS table, else the
/// shipped chapter-level table.
fn concordance(path: Option<&Path>, reference: &ReferenceDir) -> Result<HsIsicTable> {
    let (text, label) = match path {
        Some(path) => (read_text(path)?, path.display().to_string()),
        None => match reference.hs_isic4()? {
            Some((text, path)) => (text, path.display().to_string()),
            None => return Ok(HsIsicTable::shipped()),
        },
    };
    Ok(HsIsicTable::parse(&text, &label)?)
}

/// The table file a path names, and the year still to apply: in a folder of yearly tables
/// the year picks the file (and is used up); for a file (a zip's year picks its member,
/// and the reader refuses a year for a single table) or a pymrio folder it is passed on.
fn table_file(path: &Path, year: Option<u16>) -> Result<(PathBuf, Option<u16>)> {
    let shown = path.display().to_string();
    if !path.exists() {
        return Err(EngineError::Invalid {
            file: shown,
            message: "no such file or directory".into(),
        });
    }
    if !path.is_dir() || chainlens_icio::pymrio::is_pymrio_dir(path) {
        return Ok((path.to_path_buf(), year));
    }
    let Some(year) = year else {
        return Err(EngineError::Invalid {
            file: shown,
            message: "a folder that is not a pymrio folder needs --year to pick a yearly table"
                .into(),
        });
    };
    let entries = std::fs::read_dir(path).map_err(|source| EngineError::File {
        path: shown.clone(),
        source,
    })?;
    let mut hits: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| {
            f.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                let l = n.to_ascii_lowercase();
                [".csv", ".csv.gz", ".xlsb", ".xlsx"]
                    .iter()
                    .any(|e| l.ends_with(e))
                    && n.contains(&year.to_string())
            })
        })
        .collect();
    hits.sort();
    match hits.len() {
        1 => Ok((hits.remove(0), None)),
        0 => Err(EngineError::Invalid {
            file: shown,
            message: format!("no .csv, .csv.gz, .xlsb or .xlsx file for year {year}"),
        }),
        _ => Err(EngineError::Invalid {
            file: shown,
            message: format!(
                "several tables for year {year}: {}",
                hits.iter()
                    .map(|h| h.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Session>();
    }

    #[test]
    fn a_baseline_is_computed_once_per_window() {
        let session = Session::open(&SessionOptions {
            trade: Some(TradeOptions::default()),
            table: None,
        })
        .unwrap();
        let trade = session.trade_data().unwrap();
        let a = trade.baseline(None, Centrality::Hhi).unwrap();
        let b = trade.baseline(None, Centrality::Hhi).unwrap();
        assert!(
            Arc::ptr_eq(&a, &b),
            "the second request reuses the first's analysis"
        );
        let c = trade.baseline(None, Centrality::Cr3).unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
    }

    #[test]
    fn the_leontief_factorisation_is_formed_once() {
        let session = Session::open(&SessionOptions {
            trade: None,
            table: Some(TableOptions::default()),
        })
        .unwrap();
        let table = session.table_data().unwrap();
        assert!(Arc::ptr_eq(
            &table.leontief().unwrap(),
            &table.leontief().unwrap()
        ));
        let missing = session.trade_data().err().map(|e| e.kind());
        assert_eq!(missing, Some(chainlens_model::ErrorKind::MissingData));
    }
}
