//! Regional chain requests, METHODS §4: a chain file's text is parsed and checked, then
//! diagnosed (segments to replenish, strengthen or extend, the coupling mix and the
//! trade exposure of its goods from the session's trade data), disrupted (a partner
//! removed, substitutes ranked), matched against candidates or compared with a plan
//! (the same chain with firms and links added or removed). Results carry the
//! library's structures for the reports and typed rows for the tables.

use crate::error::{EngineError, Result};
use crate::exposure::ExposureRequest;
use crate::session::Session;
use crate::table::Table;
use crate::trade::parse_window;
use chainlens_exposure::SplitRule;
use chainlens_regional_chains::{
    Attraction, AttractionWeights, Candidate, Chain, ChainFile, CouplingMix, DiagnosisOptions,
    Disruption, DisruptionOptions, Removal, SegmentDiagnosis, Source, TradeLayer, attract,
    coupling_mix, diagnose, disrupt, parse_candidates,
};
use chainlens_trade_network::Category;
use serde::{Deserialize, Serialize};

/// A chain file's text and its name in error messages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChainSource {
    /// The chain file (TOML, see docs/chain-format.md).
    pub toml: String,
    /// The file's name in error messages.
    pub label: String,
}

impl ChainSource {
    /// Parses and checks the chain (ISO3 codes checked for their form only).
    pub fn load(&self) -> Result<Chain> {
        Ok(ChainFile::parse(&self.toml, &self.label)?.check(&self.toml, &self.label)?)
    }

    /// Parses and checks the chain, every ISO3 code required to be in `countries`.
    pub fn load_in(&self, countries: &chainlens_model::CountryTable) -> Result<Chain> {
        let file = ChainFile::parse(&self.toml, &self.label)?;
        Ok(file.check_in(&self.toml, &self.label, countries)?)
    }
}

/// The diagnosis thresholds (defaults: `chainlens_regional_chains::DiagnosisOptions`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Value-added share below which a segment is weak.
    pub weak_share: f64,
    /// Share of inputs from supranational or global partners above which a segment is weak.
    pub foreign_share: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        let d = DiagnosisOptions::default();
        Self {
            weak_share: d.weak_share,
            foreign_share: d.foreign_share,
        }
    }
}

impl Thresholds {
    /// The segment diagnosis of `chain` under these thresholds.
    pub fn diagnose(&self, chain: &Chain) -> Vec<SegmentDiagnosis> {
        diagnose(
            chain,
            DiagnosisOptions {
                weak_share: self.weak_share,
                foreign_share: self.foreign_share,
            },
        )
    }
}

/// The trade window and political distance of a chain's trade layer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TradeLayerRequest {
    /// `YEAR` or `FIRST-LAST`; every year of the data when absent.
    pub years: Option<String>,
    /// UNGA sessions averaged for the political distance; the latest when absent.
    pub sessions: Option<String>,
}

impl TradeLayerRequest {
    /// Checks what needs no data: the window's and the sessions' syntax.
    pub fn check(&self) -> Result<()> {
        parse_window(self.years.as_deref())?;
        crate::trade::parse_sessions(self.sessions.as_deref()).map(drop)
    }
}

/// `chainlens chain diagnose`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiagnoseRequest {
    /// The chain.
    pub chain: ChainSource,
    /// The thresholds.
    pub thresholds: Thresholds,
    /// The trade layer's window and distance.
    pub trade: TradeLayerRequest,
}

impl DiagnoseRequest {
    /// Checks what needs no data: the chain file and the trade layer's options.
    pub fn check(&self) -> Result<()> {
        self.chain.load()?;
        self.trade.check()
    }
}

/// One segment's diagnosis (`diagnosis.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DiagnosisRow {
    /// Segment id.
    pub segment: String,
    /// Local firms in it.
    pub local_firms: usize,
    /// Their capacity.
    pub local_capacity: f64,
    /// Value of its inbound links.
    pub inbound_value: f64,
    /// Distinct suppliers.
    pub suppliers: usize,
    /// Share of inbound value from supranational or global partners.
    pub foreign_share: f64,
    /// Actions, space separated (replenish, strengthen, extend).
    pub actions: String,
    /// Why, `; ` separated.
    pub reasons: String,
}

/// The trade exposure of one of a segment's goods (`exposure.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExposureRow {
    /// Segment id.
    pub segment: String,
    /// HS6 code.
    pub hs6: String,
    /// The chain country's imports of the good, USD a year (missing: not traded).
    pub imports_usd: Option<f64>,
    /// Its exports.
    pub exports_usd: Option<f64>,
    /// Its import concentration `H(c,k)` (missing: not imported).
    pub concentration: Option<f64>,
    /// The good's export centrality `C(k)`.
    pub centrality: Option<f64>,
    /// The vulnerability category for the chain country.
    pub category: Option<Category>,
    /// Its largest supplier.
    pub largest_supplier: Option<String>,
    /// That supplier's share.
    pub largest_supplier_share: Option<f64>,
}

/// One line of the coupling mix (`coupling.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CouplingRow {
    /// `scale` or `country`.
    pub kind: String,
    /// The scale's or country's name.
    pub name: String,
    /// Links.
    pub links: usize,
    /// Share of links.
    pub link_share: f64,
    /// Value of the links.
    pub value: f64,
    /// Share of value.
    pub value_share: f64,
}

/// The result of a [`DiagnoseRequest`].
pub struct ChainDiagnosis {
    /// The checked chain.
    pub chain: Chain,
    /// The segments' diagnosis.
    pub diagnosis: Vec<SegmentDiagnosis>,
    /// The coupling mix.
    pub mix: CouplingMix,
    /// The trade layer.
    pub trade: TradeLayer,
    /// With a table that has the chain's country: each segment's industries and their
    /// exposure to vulnerable imports (docs/exposure.md).
    pub industries: Vec<SegmentIndustryRow>,
}

/// One industry of a segment (`industries.csv`, when the session has a table).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SegmentIndustryRow {
    /// Segment id.
    pub segment: String,
    /// The table's industry its goods belong to.
    pub industry: String,
    /// Share of the segment's goods in the industry (equal per good; what falls in no
    /// industry of the table is not listed, so a segment's weights may add up to less than 1).
    pub weight: f64,
    /// The industry's imported inputs in the chain's country, table unit.
    pub imported_inputs: f64,
    /// Their category-1 share, direct.
    pub category1_share_direct: f64,
    /// Their category-1 share through the domestic chain.
    pub category1_share_total: f64,
}

impl ChainDiagnosis {
    /// `diagnosis`, `exposure`, `coupling` and, with a table, `industries`.
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![
            Table::from_rows("diagnosis", &diagnosis_rows(&self.diagnosis)),
            Table::from_rows("exposure", &exposure_rows(&self.chain, &self.trade)),
            Table::from_rows("coupling", &coupling_rows(&self.mix)),
        ];
        if !self.industries.is_empty() {
            tables.push(Table::from_rows("industries", &self.industries));
        }
        tables
    }
}

/// `chainlens chain disrupt`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DisruptRequest {
    /// The chain.
    pub chain: ChainSource,
    /// `firm:ID`, `country:ISO3` or `scale:local|national|supranational|global`.
    pub remove: String,
    /// Share of a trade partner's trade of the good it can redirect to the chain.
    pub trade_cap: f64,
    /// Weights of the capacity, concentration and risk scores.
    pub weights: [f64; 3],
    /// The trade layer's window and distance.
    pub trade: TradeLayerRequest,
}

impl Default for DisruptRequest {
    fn default() -> Self {
        let d = DisruptionOptions::default();
        Self {
            chain: ChainSource::default(),
            remove: String::new(),
            trade_cap: d.trade_cap,
            weights: d.weights,
            trade: TradeLayerRequest::default(),
        }
    }
}

impl DisruptRequest {
    /// Checks what needs no data: the chain file, the removal and the trade layer's options.
    pub fn check(&self) -> Result<()> {
        self.chain.load()?;
        removal(&self.remove)?;
        self.trade.check()
    }
}

/// The removal `--remove` names; a mistake is located at that field (the request's `remove`).
fn removal(text: &str) -> Result<Removal> {
    Removal::parse(text).map_err(|e| crate::EngineError::request("--remove", e.to_string()))
}

/// One ranked substitute of a broken link (`substitutes.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SubstituteRow {
    /// The link's supplier.
    pub link_from: String,
    /// The link's buyer.
    pub link_to: String,
    /// The good on the link (empty when the file names none).
    pub good: String,
    /// `supply` or `outlet`.
    pub loss: String,
    /// Value lost.
    pub lost: f64,
    /// 1 = best.
    pub rank: usize,
    /// A chain firm's id, or `trade:ISO3`.
    pub substitute: String,
    /// `chain` or `trade`.
    pub source: String,
    /// Its scale.
    pub scale: String,
    /// Its country.
    pub country: String,
    /// Spare capacity.
    pub spare: f64,
    /// Capacity score.
    pub capacity_score: f64,
    /// Concentration score.
    pub concentration_score: f64,
    /// Political risk score.
    pub risk_score: f64,
    /// Whether the political distance is known.
    pub distance_known: bool,
    /// The weighted score.
    pub score: f64,
    /// Value allocated to it.
    pub allocated: f64,
}

/// The result of a [`DisruptRequest`].
pub struct ChainDisruption {
    /// The checked chain.
    pub chain: Chain,
    /// The disruption and its responses.
    pub disruption: Disruption,
}

impl ChainDisruption {
    /// `substitutes`.
    pub fn table(&self) -> Table {
        Table::from_rows(
            "substitutes",
            &substitute_rows(&self.chain, &self.disruption),
        )
    }
}

/// `chainlens chain attract`: the chain, the candidates' CSV text and the thresholds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttractRequest {
    /// The chain.
    pub chain: ChainSource,
    /// Candidates: CSV with id,name,kind,country,scale,segment,hs6,capacity.
    pub candidates: String,
    /// The candidates file's name in error messages.
    pub candidates_label: String,
    /// The thresholds of the diagnosis whose gaps the candidates fill.
    pub thresholds: Thresholds,
}

/// One ranked candidate (`attraction.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AttractionRow {
    /// 1 = best.
    pub rank: usize,
    /// Candidate id.
    pub id: String,
    /// Candidate name.
    pub name: String,
    /// The gap's segment.
    pub gap_segment: String,
    /// The gap's action.
    pub action: String,
    /// Segment term.
    pub segment_term: f64,
    /// Goods term.
    pub goods_term: f64,
    /// Scale term.
    pub scale_term: f64,
    /// Capacity term.
    pub capacity_term: f64,
    /// The match score.
    pub score: f64,
    /// Why, in words.
    pub explanation: String,
}

/// The result of an [`AttractRequest`].
pub struct ChainAttraction {
    /// The checked chain.
    pub chain: Chain,
    /// The candidates as read.
    pub candidates: Vec<Candidate>,
    /// The ranking.
    pub attraction: Attraction,
}

impl ChainAttraction {
    /// `attraction`.
    pub fn table(&self) -> Table {
        let rows: Vec<AttractionRow> = self
            .attraction
            .ranked
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let c = &self.candidates[m.candidate];
                AttractionRow {
                    rank: i + 1,
                    id: c.id.clone(),
                    name: c.name.clone(),
                    gap_segment: self.chain.segments()[m.gap.segment].id.clone(),
                    action: m.gap.action.to_string(),
                    segment_term: m.terms[0],
                    goods_term: m.terms[1],
                    scale_term: m.terms[2],
                    capacity_term: m.terms[3],
                    score: m.score,
                    explanation: m.explanation.clone(),
                }
            })
            .collect();
        Table::from_rows("attraction", &rows)
    }
}

/// `chainlens chain compare`: a chain as it is and as planned.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompareRequest {
    /// The chain as it is.
    pub chain: ChainSource,
    /// The chain as planned: the same file with firms and links added or removed.
    pub plan: ChainSource,
    /// The thresholds of both diagnoses.
    pub thresholds: Thresholds,
}

/// The result of a [`CompareRequest`]: both chains and their diagnoses.
pub struct ChainComparison {
    /// The chain as it is.
    pub before: Chain,
    /// The chain as planned.
    pub after: Chain,
    /// The diagnosis of `before`.
    pub diagnosis_before: Vec<SegmentDiagnosis>,
    /// The diagnosis of `after`.
    pub diagnosis_after: Vec<SegmentDiagnosis>,
}

impl ChainComparison {
    /// `diagnosis_before` and `diagnosis_after`.
    pub fn tables(&self) -> [Table; 2] {
        [
            Table::from_rows("diagnosis_before", &diagnosis_rows(&self.diagnosis_before)),
            Table::from_rows("diagnosis_after", &diagnosis_rows(&self.diagnosis_after)),
        ]
    }
}

/// Diagnoses a chain and its plan under the same thresholds (no trade data needed).
pub fn chain_compare(request: &CompareRequest) -> Result<ChainComparison> {
    let (before, after) = (request.chain.load()?, request.plan.load()?);
    Ok(ChainComparison {
        diagnosis_before: request.thresholds.diagnose(&before),
        diagnosis_after: request.thresholds.diagnose(&after),
        before,
        after,
    })
}

/// Ranks candidates against the chain's gaps (no trade data needed).
pub fn chain_attract(request: &AttractRequest) -> Result<ChainAttraction> {
    let chain = request.chain.load()?;
    let candidates = parse_candidates(&request.candidates, &request.candidates_label, &chain)?;
    let diagnosis = request.thresholds.diagnose(&chain);
    let attraction = attract(
        &chain,
        &diagnosis,
        &candidates,
        AttractionWeights::default(),
    );
    Ok(ChainAttraction {
        chain,
        candidates,
        attraction,
    })
}

impl Session {
    /// The chain's trade layer from the session's trade data.
    fn trade_layer(&self, chain: &Chain, request: &TradeLayerRequest) -> Result<TradeLayer> {
        let trade = self.trade_data()?;
        let window = parse_window(request.years.as_deref())?;
        let sessions = crate::trade::parse_sessions(request.sessions.as_deref())?;
        let distance = trade.distance(sessions)?;
        Ok(TradeLayer::build(
            chain,
            &trade.dataset.flows,
            &trade.dataset.countries,
            &trade.universe,
            window,
            &distance,
        )?)
    }

    /// Diagnoses a chain with the trade exposure of its goods.
    pub fn chain_diagnose(&self, request: &DiagnoseRequest) -> Result<ChainDiagnosis> {
        let chain = request.chain.load_in(&self.dataset()?.countries)?;
        let diagnosis = request.thresholds.diagnose(&chain);
        let mix = coupling_mix(&chain);
        let trade = self.trade_layer(&chain, &request.trade)?;
        let industries = self.segment_industries(&chain, &request.trade)?;
        Ok(ChainDiagnosis {
            chain,
            diagnosis,
            mix,
            trade,
            industries,
        })
    }

    /// Each segment's industries in the session's table, with the exposure of those
    /// industries in the chain's country; none without a table or when the table does
    /// not have the country.
    fn segment_industries(
        &self,
        chain: &Chain,
        trade: &TradeLayerRequest,
    ) -> Result<Vec<SegmentIndustryRow>> {
        let Ok(data) = self.table_data() else {
            return Ok(Vec::new());
        };
        if data.table.country_index(chain.country()).is_none() {
            return Ok(Vec::new());
        }
        let request = ExposureRequest {
            country: Some(chain.country().to_string()),
            years: trade.years.clone(),
            ..Default::default()
        };
        let exposure = match self.exposure(&request) {
            Ok(exposure) => exposure,
            // The country imports no intermediate good in the window.
            Err(EngineError::Request { field, .. }) if field == "--country" => {
                return Ok(Vec::new());
            }
            Err(e) => return Err(e),
        };
        let link = data.goods(SplitRule::Equal);
        let mut rows = Vec::new();
        for segment in chain.segments() {
            let mut weights = vec![0.0; data.table.n_sectors()];
            for &good in &segment.hs6 {
                for (s, w) in link.place(good).industries {
                    weights[s] += w / segment.hs6.len() as f64;
                }
            }
            let used = weights.iter().enumerate().filter(|(_, w)| **w > 0.0);
            rows.extend(used.map(|(s, &weight)| {
                let industry = &exposure.industries[s];
                SegmentIndustryRow {
                    segment: segment.id.clone(),
                    industry: industry.industry.clone(),
                    weight,
                    imported_inputs: industry.imported_inputs,
                    category1_share_direct: industry.category1_share_direct,
                    category1_share_total: industry.category1_share_total,
                }
            }));
        }
        Ok(rows)
    }

    /// Removes a partner from the chain and ranks substitutes for every broken link.
    pub fn chain_disrupt(&self, request: &DisruptRequest) -> Result<ChainDisruption> {
        let chain = request.chain.load_in(&self.dataset()?.countries)?;
        let removal = removal(&request.remove)?;
        let trade = self.trade_layer(&chain, &request.trade)?;
        let options = DisruptionOptions {
            trade_cap: request.trade_cap,
            weights: request.weights,
        };
        let disruption = disrupt(&chain, &removal, Some(&trade), options)?;
        Ok(ChainDisruption { chain, disruption })
    }
}

fn diagnosis_rows(diagnosis: &[SegmentDiagnosis]) -> Vec<DiagnosisRow> {
    diagnosis
        .iter()
        .map(|d| {
            let mut reasons = d.weak.clone();
            reasons.extend(d.extend_toward.iter().map(|s| format!("extend toward {s}")));
            DiagnosisRow {
                segment: d.segment.clone(),
                local_firms: d.local_firms,
                local_capacity: d.local_capacity,
                inbound_value: d.inbound_value,
                suppliers: d.suppliers,
                foreign_share: d.foreign_share,
                actions: d.actions().join(" "),
                reasons: reasons.join("; "),
            }
        })
        .collect()
}

fn exposure_rows(chain: &Chain, trade: &TradeLayer) -> Vec<ExposureRow> {
    let mut rows = Vec::new();
    for segment in chain.segments() {
        for code in &segment.hs6 {
            let mut row = ExposureRow {
                segment: segment.id.clone(),
                hs6: code.to_string(),
                ..Default::default()
            };
            if let Some(g) = trade.goods.get(code) {
                let top = g.largest_supplier();
                row.imports_usd = Some(g.imports);
                row.exports_usd = Some(g.exports);
                row.concentration = g.concentration;
                row.centrality = Some(g.centrality);
                row.category = g.category;
                row.largest_supplier = top.map(|(p, _)| p.iso3.clone());
                row.largest_supplier_share = top.map(|(_, share)| share);
            }
            rows.push(row);
        }
    }
    rows
}

fn coupling_rows(mix: &CouplingMix) -> Vec<CouplingRow> {
    let scales = mix
        .by_scale
        .iter()
        .map(|(scale, s)| ("scale", scale.name().to_string(), s));
    let countries = mix
        .by_country
        .iter()
        .map(|(country, s)| ("country", country.clone(), s));
    scales
        .chain(countries)
        .map(|(kind, name, s)| CouplingRow {
            kind: kind.into(),
            name,
            links: s.links,
            link_share: s.link_share,
            value: s.value,
            value_share: s.value_share,
        })
        .collect()
}

fn substitute_rows(chain: &Chain, disruption: &Disruption) -> Vec<SubstituteRow> {
    let mut rows = Vec::new();
    for r in &disruption.responses {
        let link = &chain.links()[r.link];
        for (i, s) in r.substitutes.iter().enumerate() {
            let (substitute, source) = match s.source {
                Source::Firm(f) => (chain.firms()[f].id.clone(), "chain"),
                Source::Trade => (format!("trade:{}", s.country), "trade"),
            };
            rows.push(SubstituteRow {
                link_from: chain.firms()[link.from].id.clone(),
                link_to: chain.firms()[link.to].id.clone(),
                good: link.good.map_or(String::new(), |g| g.to_string()),
                loss: format!("{:?}", r.loss).to_lowercase(),
                lost: r.lost,
                rank: i + 1,
                substitute,
                source: source.into(),
                scale: s.scale.name().into(),
                country: s.country.clone(),
                spare: s.spare,
                capacity_score: s.capacity_score,
                concentration_score: s.concentration_score,
                risk_score: s.risk_score,
                distance_known: s.distance_known,
                score: s.score,
                allocated: s.allocated,
            });
        }
    }
    rows
}
