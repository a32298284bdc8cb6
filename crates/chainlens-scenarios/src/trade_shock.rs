//! The trade layer of a scenario, METHODS §3: cut the named flows of the window-averaged
//! table, re-source (see [`crate::water_fill`]), and re-run the vulnerability analysis of
//! METHODS §1 on the shocked flows to see which importers' goods change category.

use crate::ScenarioError;
use crate::resourcing::water_fill;
use crate::spec::ValidScenario;
use chainlens_model::{CanonicalFlows, CountryCode, CountryVec, Hs6, ProductSet};
use chainlens_trade_network::{
    Category, Importers, VulnerabilityAnalysis, VulnerabilityOptions, WindowedFlows,
    analyse_windowed,
};
use rayon::prelude::*;

/// What one importer lost of one good, USD a year (window average).
#[derive(Clone, Debug, PartialEq)]
pub struct GoodLoss {
    /// The importer.
    pub importer: CountryCode,
    /// The good.
    pub hs6: Hs6,
    /// Imports before the shock, `M(m,k)`.
    pub imports_before: f64,
    /// Value cut.
    pub lost: f64,
    /// Value bought from remaining exporters.
    pub resourced: f64,
    /// `lost - resourced`.
    pub unmet: f64,
}

/// A category change of one importer's good.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryChange {
    /// The importer.
    pub importer: CountryCode,
    /// The good.
    pub hs6: Hs6,
    /// Category before (`None`: not imported).
    pub before: Option<Category>,
    /// Category after (`None`: no longer imported).
    pub after: Option<Category>,
    /// `H(m,k)` before (NaN if not imported).
    pub concentration_before: f64,
    /// `H(m,k)` after.
    pub concentration_after: f64,
}

/// The change of one bilateral flow: negative where cut, positive where re-sourced.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowChange {
    /// The exporter.
    pub exporter: CountryCode,
    /// The importer.
    pub importer: CountryCode,
    /// The good.
    pub hs6: Hs6,
    /// Change of `v(e,m,k)`, USD a year.
    pub change: f64,
}

/// The result of [`run_trade_shock`].
#[derive(Clone, Debug, PartialEq)]
pub struct TradeShock {
    /// Flows matched by each restriction.
    pub flows_matched: Vec<usize>,
    /// Losses by importer and good, ordered by importer then good.
    pub losses: Vec<GoodLoss>,
    /// Goods whose category or concentration changed, ordered by importer then good.
    pub changes: Vec<CategoryChange>,
    /// Every flow the scenario changed, by good, exporter, importer (empty unless asked for).
    pub flow_changes: Vec<FlowChange>,
}

/// One averaged flow while a good is shocked: exporter, importer, value.
type Flow = (CountryCode, CountryCode, f64);

/// A restriction with dense country lookups.
struct Rule<'a> {
    goods: &'a ProductSet,
    exporters: CountryVec<bool>,
    importers: Option<CountryVec<bool>>,
    cut: f64,
}

impl<'a> Rule<'a> {
    fn new(r: &'a crate::spec::ValidRestriction) -> Self {
        let dense = |codes: &[CountryCode]| {
            let mut out = CountryVec::new(false);
            for &c in codes {
                out[c] = true;
            }
            out
        };
        Self {
            goods: r.goods(),
            exporters: dense(r.exporters()),
            importers: r.importers().map(dense),
            cut: r.cut(),
        }
    }
}

/// Per-country sums of one good, reused across goods (dense by code, with the codes seen).
struct Sums {
    value: CountryVec<f64>,
    seen: CountryVec<bool>,
    touched: Vec<CountryCode>,
}

impl Sums {
    fn new() -> Self {
        Self {
            value: CountryVec::new(0.0),
            seen: CountryVec::new(false),
            touched: Vec::new(),
        }
    }

    fn add(&mut self, c: CountryCode, v: f64) {
        if !self.seen[c] {
            self.seen[c] = true;
            self.touched.push(c);
        }
        self.value[c] += v;
    }

    /// `(code, sum)` ascending by code; leaves the sums clean.
    fn drain(&mut self) -> Vec<(CountryCode, f64)> {
        self.touched.sort_unstable();
        self.touched
            .drain(..)
            .map(|c| {
                self.seen[c] = false;
                (c, std::mem::take(&mut self.value[c]))
            })
            .collect()
    }
}

thread_local! {
    /// Per-country sums of the shock inside the shocked analysis.
    static SUMS: std::cell::RefCell<(Sums, Sums, Sums)> =
        std::cell::RefCell::new((Sums::new(), Sums::new(), Sums::new()));
}

/// What the first pass counts per good: flows matched by each restriction, and losses.
struct Tally<'a> {
    matched: &'a mut [usize],
    losses: &'a mut Vec<GoodLoss>,
}

/// What the goods of one HS chapter give.
struct Chapter {
    matched: Vec<usize>,
    losses: Vec<GoodLoss>,
    flow_changes: Vec<FlowChange>,
    keep_flow_changes: bool,
    sums: (Sums, Sums, Sums),
}

impl Chapter {
    fn new(restrictions: usize, keep_flow_changes: bool) -> Self {
        Self {
            matched: vec![0; restrictions],
            losses: Vec::new(),
            flow_changes: Vec::new(),
            keep_flow_changes,
            sums: (Sums::new(), Sums::new(), Sums::new()),
        }
    }

    fn shock(&mut self, good: Hs6, rows: &[Flow], rules: &[Rule], cap: Option<f64>) {
        let shocked = shock_good(
            good,
            rows,
            rules,
            cap,
            &mut self.sums,
            Some(Tally {
                matched: &mut self.matched,
                losses: &mut self.losses,
            }),
        );
        if self.keep_flow_changes {
            record_changes(good, rows, &shocked, &mut self.flow_changes);
        }
    }
}

/// Applies the scenario to every good of `flows` in the window; `universe` is the
/// vulnerability analysis' universe. `keep_flow_changes` keeps every changed bilateral flow
/// for the input-output layer (with re-sourcing, tens of millions on a full BACI year); when
/// false, [`TradeShock::flow_changes`] is empty.
pub fn run_trade_shock(
    flows: &CanonicalFlows,
    universe: &ProductSet,
    scenario: &ValidScenario,
    keep_flow_changes: bool,
) -> Result<TradeShock, ScenarioError> {
    let windowed = WindowedFlows::new(flows, scenario.window())?;
    let base = analyse_windowed(
        &windowed,
        universe,
        &Importers::All,
        VulnerabilityOptions::default(),
    )?;
    run_trade_shock_on(flows, universe, scenario, keep_flow_changes, &base)
}

/// [`run_trade_shock`] with the analysis before the shock given: `base` must be
/// [`analyse`](chainlens_trade_network::analyse) of `flows` and `universe` for every
/// importer in the scenario's window with default options (a session keeps it across
/// scenarios).
pub fn run_trade_shock_on(
    flows: &CanonicalFlows,
    universe: &ProductSet,
    scenario: &ValidScenario,
    keep_flow_changes: bool,
    base: &VulnerabilityAnalysis,
) -> Result<TradeShock, ScenarioError> {
    let windowed = WindowedFlows::new(flows, scenario.window())?;
    let rules: Vec<Rule> = scenario.restrictions().iter().map(Rule::new).collect();
    let restricted: ProductSet = rules.iter().flat_map(|r| r.goods.iter()).collect();
    let chapters = shock_by_chapter(&windowed, &restricted, &rules, scenario, keep_flow_changes);
    let mut result = join_chapters(chapters, rules.len())?;
    // The shocked analysis reads the table through the window, passing the restricted
    // goods through the same shock again instead of reading a shocked copy.
    let shock = |good: Hs6, rows: &[Flow], out: &mut Vec<Flow>| {
        SUMS.with_borrow_mut(|sums| {
            let shocked = shock_good(good, rows, &rules, scenario.resourcing_cap(), sums, None);
            out.extend(shocked.into_iter().filter(|f| f.2 > 0.0));
        })
    };
    let after = WindowedFlows::new(flows, scenario.window())?.transforming(&restricted, &shock);
    let shocked = analyse_windowed(
        &after,
        universe,
        &Importers::All,
        VulnerabilityOptions::default(),
    )?;
    result.changes = compare(base, &shocked);
    Ok(result)
}

/// The restricted goods shocked, in parallel by HS chapter (goods are independent), one
/// [`Chapter`] per HS chapter in chapter order.
fn shock_by_chapter(
    windowed: &WindowedFlows,
    restricted: &ProductSet,
    rules: &[Rule],
    scenario: &ValidScenario,
    keep_flow_changes: bool,
) -> Vec<Chapter> {
    let mut by_chapter: Vec<Vec<Hs6>> = vec![Vec::new(); 100];
    for good in restricted.iter() {
        by_chapter[usize::from(good.hs2())].push(good);
    }
    by_chapter
        .into_par_iter()
        .map(|goods| {
            let mut out = Chapter::new(rules.len(), keep_flow_changes);
            let mut buffer = Vec::new();
            for good in goods {
                windowed.for_each_good(good.0..good.0 + 1, &mut buffer, |good, rows| {
                    out.shock(good, rows, rules, scenario.resourcing_cap())
                });
            }
            out
        })
        .collect()
}

/// The chapters joined into a shock without its category changes: flows matched by each
/// restriction, the losses by importer then good, and the flow changes in chapter order;
/// an error when no restriction matched.
fn join_chapters(chapters: Vec<Chapter>, restrictions: usize) -> Result<TradeShock, ScenarioError> {
    let mut flows_matched = vec![0usize; restrictions];
    let (mut losses, mut flow_changes) = (Vec::new(), Vec::new());
    for mut c in chapters {
        for (total, n) in flows_matched.iter_mut().zip(&c.matched) {
            *total += n;
        }
        losses.append(&mut c.losses);
        flow_changes.append(&mut c.flow_changes);
    }
    if flows_matched.iter().all(|&n| n == 0) {
        let detail = flows_matched
            .iter()
            .enumerate()
            .map(|(i, n)| format!("restriction[{i}]: {n} flows"))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(ScenarioError::NoFlowsMatched { detail });
    }
    losses.sort_by_key(|l| (l.importer, l.hs6));
    Ok(TradeShock {
        flows_matched,
        losses,
        changes: Vec::new(),
        flow_changes,
    })
}

/// Differences between a good's flows before and after, both sorted by (exporter, importer)
/// and `after` holding every key of `before`; in (exporter, importer) order.
fn record_changes(good: Hs6, before: &[Flow], after: &[Flow], out: &mut Vec<FlowChange>) {
    let mut old = before.iter().peekable();
    for &(e, m, v) in after {
        let was = match old.peek() {
            Some(&&(oe, om, ov)) if (oe, om) == (e, m) => {
                old.next();
                ov
            }
            _ => 0.0,
        };
        let change = v - was;
        if change != 0.0 {
            out.push(FlowChange {
                exporter: e,
                importer: m,
                hs6: good,
                change,
            });
        }
    }
    debug_assert!(
        old.next().is_none(),
        "every flow before is in the flows after"
    );
}

/// Cuts and re-sources one good; returns its shocked flows sorted by (exporter, importer),
/// cut flows kept at 0; with a `tally`, counts matched flows and records the losses.
fn shock_good(
    good: Hs6,
    rows: &[Flow],
    rules: &[Rule],
    cap: Option<f64>,
    (imports, exports, lost): &mut (Sums, Sums, Sums),
    mut tally: Option<Tally>,
) -> Vec<Flow> {
    let active: Vec<(usize, &Rule)> = rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.goods.contains(good))
        .collect();
    let out = cut_flows(
        rows,
        &active,
        cap.is_some(),
        imports,
        exports,
        lost,
        &mut tally,
    );
    let imports = imports.drain();
    let exports = exports.drain();
    let lost = lost.drain();
    if lost.is_empty() {
        return out;
    }
    let demand: f64 = lost.iter().map(|l| l.1).sum();
    let suppliers = resourcing_suppliers(exports, &active, demand, cap);
    record_losses(good, &lost, &suppliers, demand, &imports, &mut tally);
    if suppliers.is_empty() {
        return out;
    }
    merge_resourced(out, &suppliers, &lost, demand)
}

/// Applies the good's active rules to each flow, in row order; sums imports (with a
/// `tally`), exports (when re-sourcing) and the losses by importer, and counts matches.
fn cut_flows(
    rows: &[Flow],
    active: &[(usize, &Rule)],
    resource: bool,
    imports: &mut Sums,
    exports: &mut Sums,
    lost: &mut Sums,
    tally: &mut Option<Tally>,
) -> Vec<Flow> {
    // Imports are summed only for the losses, exports only to re-source.
    let (track_imports, track_exports) = (tally.is_some(), resource);
    let mut out: Vec<Flow> = Vec::with_capacity(rows.len());
    for &(e, m, v) in rows {
        if track_imports {
            imports.add(m, v);
        }
        if track_exports {
            exports.add(e, v);
        }
        let mut kept = v;
        for &(i, rule) in active {
            if rule.exporters[e] && rule.importers.as_ref().is_none_or(|list| list[m]) {
                if let Some(t) = tally.as_mut() {
                    t.matched[i] += 1;
                }
                kept *= 1.0 - rule.cut;
            }
        }
        if kept < v && (track_imports || track_exports) {
            lost.add(m, v - kept);
        }
        out.push((e, m, kept));
    }
    out
}

/// The exporters the lost `demand` is re-sourced from, with their allocation: those not
/// restricting the good for anyone, water-filled up to `cap` times their exports.
fn resourcing_suppliers(
    exports: Vec<(CountryCode, f64)>,
    active: &[(usize, &Rule)],
    demand: f64,
    cap: Option<f64>,
) -> Vec<(CountryCode, f64)> {
    // Remaining exporters: those not restricting this good for anyone.
    let remaining: Vec<(CountryCode, f64)> = exports
        .into_iter()
        .filter(|&(e, _)| !active.iter().any(|(_, r)| r.exporters[e]))
        .collect();
    let cap = cap.unwrap_or(0.0);
    let weights: Vec<f64> = remaining.iter().map(|r| r.1).collect();
    let caps: Vec<f64> = weights.iter().map(|x| cap * x).collect();
    let alloc = water_fill(demand, &weights, &caps);
    // Importer m receives a * l / demand from every supplier e != m.
    remaining
        .iter()
        .zip(&alloc)
        .filter(|(_, a)| **a > 0.0)
        .map(|(&(e, _), &a)| (e, a))
        .collect()
}

/// Records, with a `tally`, each importer's loss of the good and how much of it the
/// suppliers re-source.
fn record_losses(
    good: Hs6,
    lost: &[(CountryCode, f64)],
    suppliers: &[(CountryCode, f64)],
    demand: f64,
    imports: &[(CountryCode, f64)],
    tally: &mut Option<Tally>,
) {
    let import_of = |m: CountryCode| {
        imports
            .binary_search_by_key(&m, |i| i.0)
            .map_or(0.0, |at| imports[at].1)
    };
    for &(m, l) in lost {
        let mut resourced = 0.0;
        for &(e, a) in suppliers {
            if e != m {
                resourced += a * l / demand;
            }
        }
        if let Some(t) = tally.as_mut() {
            t.losses.push(GoodLoss {
                importer: m,
                hs6: good,
                imports_before: import_of(m),
                lost: l,
                resourced,
                unmet: l - resourced,
            });
        }
    }
}

/// The cut flows with the re-sourced ones merged in, in (exporter, importer) order.
fn merge_resourced(
    out: Vec<Flow>,
    suppliers: &[(CountryCode, f64)],
    lost: &[(CountryCode, f64)],
    demand: f64,
) -> Vec<Flow> {
    // The re-sourced flows come in (exporter, importer) order: merged into the cut ones.
    let mut merged = Vec::with_capacity(out.len() + suppliers.len() * lost.len());
    let mut cut = out.into_iter().peekable();
    for &(e, a) in suppliers {
        for &(m, l) in lost.iter().filter(|l| l.0 != e) {
            while cut.peek().is_some_and(|f| (f.0, f.1) < (e, m)) {
                merged.extend(cut.next());
            }
            let share = a * l / demand;
            match cut.next_if(|f| (f.0, f.1) == (e, m)) {
                Some(f) => merged.push((e, m, f.2 + share)),
                None => merged.push((e, m, share)),
            }
        }
    }
    merged.extend(cut);
    merged
}

/// Goods whose category differs before and after, by importer then good: a merge of the
/// two analyses, whose importers are ordered by code and products by HS6.
fn compare(
    base: &chainlens_trade_network::VulnerabilityAnalysis,
    shocked: &chainlens_trade_network::VulnerabilityAnalysis,
) -> Vec<CategoryChange> {
    let entries = |a: &chainlens_trade_network::VulnerabilityAnalysis| {
        a.importers
            .iter()
            .flat_map(|imp| {
                imp.products
                    .iter()
                    .map(move |p| ((imp.importer, p.hs6), (Some(p.category), p.concentration)))
            })
            .collect::<Vec<_>>()
    };
    let (b, s) = (entries(base), entries(shocked));
    debug_assert!(b.windows(2).all(|w| w[0].0 < w[1].0) && s.windows(2).all(|w| w[0].0 < w[1].0));
    let absent = (None, f64::NAN);
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < b.len() || j < s.len() {
        let (key, before, after) = match (b.get(i), s.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                i += 1;
                j += 1;
                (x.0, x.1, y.1)
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                i += 1;
                (x.0, x.1, absent)
            }
            (Some(x), None) => {
                i += 1;
                (x.0, x.1, absent)
            }
            (_, Some(y)) => {
                j += 1;
                (y.0, absent, y.1)
            }
            (None, None) => unreachable!("the loop condition"),
        };
        if before.0 != after.0 {
            out.push(CategoryChange {
                importer: key.0,
                hs6: key.1,
                before: before.0,
                after: after.0,
                concentration_before: before.1,
                concentration_after: after.1,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::{TradeFlows, Year};
    use proptest::prelude::*;

    fn scenario(
        cut: f64,
        cap: Option<f64>,
        exporters: Vec<CountryCode>,
        goods: &[u32],
    ) -> ValidScenario {
        let goods = goods.iter().map(|&k| Hs6(k)).collect();
        ValidScenario::one_restriction(exporters, goods, cut, cap)
    }

    #[test]
    fn three_countries_cap_not_binding() {
        // JPN cuts half of its 40 to KOR; CHN (exports 100) and USA (exports 60) remain,
        // cap 0.5: 20 shared 100:60 -> 12.5 from CHN, 7.5 from USA, nothing unmet.
        let (chn, jpn, kor, usa, deu) = (
            CountryCode::new(156).unwrap(),
            CountryCode::new(392).unwrap(),
            CountryCode::new(410).unwrap(),
            CountryCode::new(842).unwrap(),
            CountryCode::new(276).unwrap(),
        );
        let mut f = TradeFlows::default();
        f.push(Year(2019), chn, deu, Hs6(281111), 100.0, None);
        f.push(Year(2019), jpn, kor, Hs6(281111), 40.0, None);
        f.push(Year(2019), usa, deu, Hs6(281111), 60.0, None);
        let f = CanonicalFlows::try_from(f).unwrap();
        let universe: ProductSet = [Hs6(281111)].into_iter().collect();
        let shock = run_trade_shock(
            &f,
            &universe,
            &scenario(0.5, Some(0.5), vec![jpn], &[281111]),
            true,
        )
        .unwrap();
        let l = &shock.losses[0];
        assert_eq!(
            (l.importer, l.lost, l.resourced, l.unmet),
            (kor, 20.0, 20.0, 0.0)
        );
        assert_eq!(shock.flows_matched, vec![1]);
        // The cut flow and two new ones, in (exporter, importer) order.
        let changes: Vec<_> = shock
            .flow_changes
            .iter()
            .map(|c| (c.exporter, c.importer, c.change))
            .collect();
        assert_eq!(
            changes,
            vec![(chn, kor, 12.5), (jpn, kor, -20.0), (usa, kor, 7.5)]
        );
        // Without the flow changes (no input-output table): the same losses, no changes kept.
        let lean = run_trade_shock(
            &f,
            &universe,
            &scenario(0.5, Some(0.5), vec![jpn], &[281111]),
            false,
        )
        .unwrap();
        assert_eq!(lean.losses, shock.losses);
        assert!(lean.flow_changes.is_empty());
        // Korea's only good stays high-concentration (one good is its own quartile), so no
        // category changes, although its suppliers went from one to three.
        assert!(shock.changes.is_empty());
    }

    #[test]
    fn nothing_matched_is_an_error() {
        let mut f = TradeFlows::default();
        f.push(
            Year(2019),
            CountryCode::new(1).unwrap(),
            CountryCode::new(2).unwrap(),
            Hs6(281111),
            1.0,
            None,
        );
        let f = CanonicalFlows::try_from(f).unwrap();
        let universe: ProductSet = [Hs6(281111)].into_iter().collect();
        let err = run_trade_shock(
            &f,
            &universe,
            &scenario(1.0, None, vec![CountryCode::new(3).unwrap()], &[281111]),
            false,
        )
        .unwrap_err();
        assert!(err.to_string().starts_with(
            "the scenario matches no trade flow in the window (restriction[0]: 0 flows)"
        ));
    }

    fn table(rows: &[(u16, u16, u32, u32)]) -> CanonicalFlows {
        let mut rows: Vec<_> = rows.iter().filter(|r| r.0 != r.1).copied().collect();
        rows.sort_by_key(|r| (r.2, r.0, r.1));
        rows.dedup_by_key(|r| (r.2, r.0, r.1));
        let mut f = TradeFlows::default();
        for (e, m, k, v) in rows {
            f.push(
                Year(2019),
                CountryCode::new(e).unwrap(),
                CountryCode::new(m).unwrap(),
                Hs6(k),
                f64::from(v) + 1.0,
                None,
            );
        }
        f.try_into().unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn lost_is_resourced_plus_unmet_and_zero_shock_changes_nothing(
            rows in proptest::collection::vec((1u16..7, 1u16..7, prop_oneof![Just(281111u32), Just(854231)], 0u32..1000), 2..60),
            cut in 0.0f64..=1.0,
            cap in 0.0f64..=1.0,
        ) {
            let f = table(&rows);
            prop_assume!(!f.is_empty());
            let universe: ProductSet = [Hs6(281111), Hs6(854231)].into_iter().collect();
            let restrict = vec![CountryCode::new(1).unwrap(), CountryCode::new(2).unwrap()];
            if let Ok(shock) = run_trade_shock(&f, &universe, &scenario(cut, Some(cap), restrict.clone(), &[281111, 854231]), true) {
                for l in &shock.losses {
                    prop_assert!((l.lost - (l.resourced + l.unmet)).abs() <= 1e-9 * l.lost.max(1.0));
                    prop_assert!(l.unmet >= -1e-9 && l.resourced >= 0.0 && l.lost <= l.imports_before + 1e-9);
                }
            }
            if let Ok(zero) = run_trade_shock(&f, &universe, &scenario(0.0, Some(cap), restrict, &[281111, 854231]), true) {
                prop_assert!(zero.losses.is_empty());
                prop_assert!(zero.changes.is_empty());
            }
        }
    }
}
