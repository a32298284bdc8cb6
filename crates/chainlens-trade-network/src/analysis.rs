//! [`analyse`]: the whole of METHODS §1.1-1.6 in one pass over a canonical trade table,
//! for one, several or all importers.
//!
//! Goods are processed in parallel by HS chapter (a fixed partition, reduced in
//! chapter order, so results do not depend on the number of threads). Each good's
//! averaged flows give its exporter sums (centrality, dominance, RCA) and, for
//! universe goods, every importer's `M(m,k)` and `H(m,k)`. Thresholds, percentile
//! ranks and dominance follow; importers are then grouped with a counting sort and
//! analysed in parallel.

use crate::VulnerabilityError;
use crate::dominance::{ExporterDominance, GoodExporters, exporter_dominance};
use crate::export_centrality::{CentralityMeasure, export_centrality};
use crate::import_concentration::ImporterAccumulator;
use crate::quantile::{percentile_rank_max, quantile_linear, sorted_copy};
use crate::vulnerability_index::{
    GlobalLookup, ImportEntry, ImporterVulnerability, importer_vulnerability,
};
use crate::window::{WindowFlow, WindowedFlows};
use chainlens_model::{CanonicalFlows, CountryCode, CountryVec, Hs6, ProductSet, Year, YearWindow};
use rayon::prelude::*;

/// Options of the analysis; defaults are METHODS' and the issue's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VulnerabilityOptions {
    /// Export centrality measure.
    pub centrality: CentralityMeasure,
    /// Quantile above which centrality and concentration are high.
    pub high_quantile: f64,
}

impl Default for VulnerabilityOptions {
    fn default() -> Self {
        Self {
            centrality: CentralityMeasure::Hhi,
            high_quantile: 0.75,
        }
    }
}

/// Which importers to analyse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Importers {
    /// Every country importing at least one universe good.
    All,
    /// These, in this order; each must import at least one universe good.
    These(Vec<CountryCode>),
}

/// Global facts about one universe good with `X(k) > 0`.
#[derive(Clone, Debug, PartialEq)]
pub struct GoodCentrality {
    /// The good.
    pub hs6: Hs6,
    /// `X(k)`, USD a year.
    pub exports: f64,
    /// Number of exporters.
    pub exporters: usize,
    /// `C(k)`.
    pub centrality: f64,
    /// `C(k) >= Q0.75`.
    pub centrality_high: bool,
    /// `P_C(k)`.
    pub centrality_rank: f64,
}

/// The result of [`analyse`].
#[derive(Clone, Debug, PartialEq)]
pub struct VulnerabilityAnalysis {
    /// Years of the window.
    pub years: Vec<Year>,
    /// Table rows outside the window (to add to the report's `outside_window`).
    pub rows_outside_window: u64,
    /// Universe goods with `X(k) > 0`, by HS6.
    pub goods: Vec<GoodCentrality>,
    /// Q0.75 of `C(k)`.
    pub centrality_threshold: f64,
    /// Every exporter of at least one universe good, by code.
    pub dominance: Vec<ExporterDominance>,
    /// The importers asked for.
    pub importers: Vec<ImporterVulnerability>,
}

impl VulnerabilityAnalysis {
    /// `universe_size` of the report: universe goods with `X(k) > 0`.
    pub fn universe_size(&self) -> usize {
        self.goods.len()
    }
}

/// What one chapter's goods yield.
#[derive(Default)]
struct ChapterPartial {
    goods: Vec<(GoodCentrality, usize, usize)>,
    exporter_pairs: Vec<(CountryCode, f64)>,
    imports: Vec<(CountryCode, ImportEntry)>,
    exporter_totals: CountryVec<f64>,
    world_total: f64,
}

const CHAPTERS: u32 = 100;
const CODES_PER_CHAPTER: u32 = 10_000;

fn chapter_pass(
    window: &WindowedFlows,
    chapter: u32,
    universe: &ProductSet,
    measure: CentralityMeasure,
) -> ChapterPartial {
    let mut out = ChapterPartial::default();
    let mut buffer: Vec<WindowFlow> = Vec::new();
    let mut importers = ImporterAccumulator::default();
    let mut by_importer: Vec<(CountryCode, f64)> = Vec::new();
    let mut countries = CountryVec::new(false);
    let mut exports: Vec<f64> = Vec::new();
    let codes = chapter * CODES_PER_CHAPTER..(chapter + 1) * CODES_PER_CHAPTER;
    window.for_each_good(codes, &mut buffer, |good, flows| {
        let in_universe = universe.contains(good);
        let pairs_start = out.exporter_pairs.len();
        let mut i = 0;
        while i < flows.len() {
            let e = flows[i].0;
            let mut x = 0.0;
            while i < flows.len() && flows[i].0 == e {
                x += flows[i].2;
                i += 1;
            }
            out.exporter_totals[e] += x;
            out.exporter_pairs.push((e, x));
        }
        let total: f64 = out.exporter_pairs[pairs_start..].iter().map(|p| p.1).sum();
        out.world_total += total;
        if !in_universe || total <= 0.0 {
            out.exporter_pairs.truncate(pairs_start);
            return;
        }
        exports.clear();
        exports.extend(out.exporter_pairs[pairs_start..].iter().map(|p| p.1));
        let network = if measure == CentralityMeasure::Freeman {
            for &(e, m, _) in flows {
                countries[e] = true;
                countries[m] = true;
            }
            let n = countries.iter().filter(|&(_, &c)| c).count();
            countries.iter_mut().for_each(|(_, c)| *c = false);
            n
        } else {
            0
        };
        let centrality = export_centrality(&exports, network, measure);
        by_importer.clear();
        by_importer.extend(flows.iter().map(|&(_, m, v)| (m, v)));
        for (m, value, h) in importers.concentrations(&by_importer) {
            out.imports.push((m, (good, value, h)));
        }
        out.goods.push((
            GoodCentrality {
                hs6: good,
                exports: total,
                exporters: exports.len(),
                centrality,
                centrality_high: false,
                centrality_rank: 0.0,
            },
            pairs_start,
            out.exporter_pairs.len(),
        ));
    });
    out
}

struct Lookup {
    index: Vec<u32>,
    goods: Vec<GoodCentrality>,
}

impl GlobalLookup for Lookup {
    fn centrality(&self, good: Hs6) -> (f64, bool, f64) {
        let g = &self.goods[self.index[good.0 as usize] as usize];
        (g.centrality, g.centrality_high, g.centrality_rank)
    }
}

/// Runs the analysis on a canonical table whose
/// exclusions (METHODS §1.1) are already applied, as `chainlens-ingest` delivers it.
pub fn analyse(
    flows: &CanonicalFlows,
    universe: &ProductSet,
    window: Option<YearWindow>,
    importers: &Importers,
    options: VulnerabilityOptions,
) -> Result<VulnerabilityAnalysis, VulnerabilityError> {
    analyse_windowed(
        &WindowedFlows::new(flows, window)?,
        universe,
        importers,
        options,
    )
}

/// [`analyse`] on a windowed view, e.g. one with some goods' flows transformed
/// ([`WindowedFlows::transforming`]).
pub fn analyse_windowed(
    windowed: &WindowedFlows,
    universe: &ProductSet,
    importers: &Importers,
    options: VulnerabilityOptions,
) -> Result<VulnerabilityAnalysis, VulnerabilityError> {
    let partials: Vec<ChapterPartial> = (0..CHAPTERS)
        .into_par_iter()
        .map(|c| chapter_pass(windowed, c, universe, options.centrality))
        .collect();
    let mut goods = Vec::new();
    let mut ranges = Vec::new();
    let mut pairs = Vec::new();
    let mut imports = Vec::new();
    let mut exporter_totals = CountryVec::new(0.0);
    let mut world_total = 0.0;
    for mut p in partials {
        let offset = pairs.len();
        for (good, start, end) in p.goods {
            goods.push(good);
            ranges.push(offset + start..offset + end);
        }
        pairs.append(&mut p.exporter_pairs);
        imports.append(&mut p.imports);
        for ((_, t), (_, x)) in exporter_totals.iter_mut().zip(p.exporter_totals.iter()) {
            *t += x;
        }
        world_total += p.world_total;
    }
    if goods.is_empty() {
        return Err(VulnerabilityError::EmptyUniverse {
            universe: universe.len(),
        });
    }
    let sorted_c = sorted_copy(goods.iter().map(|g| g.centrality));
    let threshold = quantile_linear(&sorted_c, options.high_quantile).expect("goods is not empty");
    for g in &mut goods {
        g.centrality_high = g.centrality >= threshold;
        g.centrality_rank = percentile_rank_max(&sorted_c, g.centrality);
    }
    let dominance = exporter_dominance(
        goods.iter().zip(&ranges).map(|(g, r)| GoodExporters {
            exporters: &pairs[r.clone()],
            total: g.exports,
            high: g.centrality_high,
        }),
        &exporter_totals,
        world_total,
    );
    let groups = group_by_importer(&imports);
    let wanted: Vec<CountryCode> = match importers {
        Importers::All => groups
            .iter()
            .filter(|(_, g)| !g.is_empty())
            .map(|(m, _)| m)
            .collect(),
        Importers::These(list) => {
            if let Some(&m) = list.iter().find(|&&m| groups[m].is_empty()) {
                return Err(VulnerabilityError::NoIntermediateImports { importer: m });
            }
            list.clone()
        }
    };
    let mut index = vec![u32::MAX; Hs6::MAX as usize + 1];
    for (i, g) in goods.iter().enumerate() {
        index[g.hs6.0 as usize] = i as u32;
    }
    let lookup = Lookup { index, goods };
    let results = wanted
        .par_iter()
        .map(|&m| importer_vulnerability(m, &groups[m], &lookup, options.high_quantile))
        .collect();
    Ok(VulnerabilityAnalysis {
        years: windowed.years.clone(),
        rows_outside_window: windowed.rows_outside,
        goods: lookup.goods,
        centrality_threshold: threshold,
        dominance,
        importers: results,
    })
}

/// Per importer code, its entries in ascending HS6 order.
fn group_by_importer(imports: &[(CountryCode, ImportEntry)]) -> CountryVec<Vec<ImportEntry>> {
    let mut groups = CountryVec::<Vec<ImportEntry>>::default();
    for &(m, entry) in imports {
        groups[m].push(entry);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::TradeFlows;
    use proptest::prelude::*;

    fn table(rows: &[(u16, u16, u16, u32, u32)]) -> CanonicalFlows {
        let mut flows = TradeFlows::default();
        let mut rows: Vec<_> = rows.iter().filter(|r| r.1 != r.2).copied().collect();
        rows.sort_by_key(|r| (r.0, r.3, r.1, r.2));
        rows.dedup_by_key(|r| (r.0, r.3, r.1, r.2));
        for (t, e, m, k, v) in rows {
            flows.push(
                Year(t),
                CountryCode::new(e).unwrap(),
                CountryCode::new(m).unwrap(),
                Hs6(k),
                f64::from(v) + 1.0,
                None,
            );
        }
        flows.try_into().unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn invariants_hold_on_random_tables(rows in proptest::collection::vec(
            (2017u16..=2018, 1u16..8, 1u16..8, prop_oneof![Just(281111u32), Just(854231), Just(854232), Just(10121)], 0u32..1000),
            1..80,
        )) {
            let flows = table(&rows);
            prop_assume!(!flows.is_empty());
            let universe: ProductSet = [Hs6(281111), Hs6(854231), Hs6(854232)].into_iter().collect();
            let Ok(result) = analyse(&flows, &universe, None, &Importers::All, VulnerabilityOptions::default()) else {
                return Ok(()); // only the non-universe good is traded
            };
            for g in &result.goods {
                prop_assert!(g.centrality >= 1.0 / g.exporters as f64 - 1e-12 && g.centrality <= 1.0 + 1e-12);
            }
            prop_assert!(result.goods.iter().any(|g| g.centrality_high), "the top quartile is never empty");
            for imp in &result.importers {
                let goods: usize = imp.categories.iter().map(|c| c.goods).sum();
                prop_assert_eq!(goods, imp.products.len());
                let share: f64 = imp.categories.iter().map(|c| c.value_share).sum();
                prop_assert!((share - 1.0).abs() < 1e-12);
                let v: f64 = imp.products.iter().map(|p| p.vulnerability).sum();
                let ch: f64 = imp.chapters.iter().map(|c| c.vulnerability).sum();
                prop_assert!((v - ch).abs() < 1e-12 && v <= 1.0 + 1e-12);
                prop_assert!(imp.products.iter().any(|p| p.concentration_high));
                for p in &imp.products {
                    prop_assert!(p.concentration > 0.0 && p.concentration <= 1.0 + 1e-12);
                }
            }
            // Every universe good has at least one exporter ranked first.
            let firsts: u32 = result.dominance.iter().map(|d| d.top1).sum();
            prop_assert!(firsts as usize >= result.goods.len());
            // The same answer on one thread as on many: the reduction order is fixed.
            let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
            let single = pool.install(|| analyse(&flows, &universe, None, &Importers::All, VulnerabilityOptions::default()).unwrap());
            prop_assert_eq!(single, result);
        }
    }
}
