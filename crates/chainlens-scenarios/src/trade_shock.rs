//! The trade layer of a scenario, METHODS §3: cut the named flows of the window-averaged
//! table, re-source (see [`crate::water_fill`]), and re-run the vulnerability analysis of
//! METHODS §1 on the shocked flows to see which importers' goods change category.

use crate::ScenarioError;
use crate::resourcing::water_fill;
use crate::spec::ValidScenario;
use chainlens_model::{CountryCode, Hs6, ProductSet, TradeFlows, Year};
use chainlens_trade_network::{Importers, VulnerabilityOptions, WindowedFlows, analyse};
use std::collections::BTreeMap;

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
    /// Category before (0 = not imported).
    pub before: u8,
    /// Category after (0 = no longer imported).
    pub after: u8,
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
    /// Every flow the scenario changed, by good, exporter, importer.
    pub flow_changes: Vec<FlowChange>,
}

/// One averaged flow while a good is shocked: exporter, importer, value.
type Flow = (CountryCode, CountryCode, f64);

/// Applies the scenario to every good of `flows` in the window; `universe` is the
/// vulnerability analysis' universe.
pub fn run_trade_shock(
    flows: &TradeFlows,
    universe: &ProductSet,
    scenario: &ValidScenario,
) -> Result<TradeShock, ScenarioError> {
    let windowed = WindowedFlows::new(flows, scenario.window)?;
    let year = windowed.years[0];
    let mut after = TradeFlows::with_capacity(flows.len() / windowed.years.len().max(1) + 1024);
    let mut flows_matched = vec![0usize; scenario.restrictions.len()];
    let mut losses = Vec::new();
    let mut flow_changes = Vec::new();
    let mut buffer = Vec::new();
    let restricted: ProductSet = scenario
        .restrictions
        .iter()
        .flat_map(|r| r.goods.iter())
        .collect();
    windowed.for_each_good(0..Hs6::MAX + 1, &mut buffer, |good, rows| {
        if !restricted.contains(good) {
            push_rows(&mut after, year, good, rows);
            return;
        }
        let shocked = shock_good(good, rows, scenario, &mut flows_matched, &mut losses);
        record_changes(good, rows, &shocked, &mut flow_changes);
        push_rows(&mut after, year, good, &shocked);
    });
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
    let options = VulnerabilityOptions::default();
    // The window-averaged table is what `analyse` sees through the window: no copy needed.
    let base = analyse(flows, universe, scenario.window, &Importers::All, options)?;
    let shocked = analyse(&after, universe, None, &Importers::All, options)?;
    Ok(TradeShock {
        flows_matched,
        losses,
        changes: compare(&base, &shocked),
        flow_changes,
    })
}

/// Differences between a good's flows before and after (both sorted by exporter, importer).
fn record_changes(good: Hs6, before: &[Flow], after: &[Flow], out: &mut Vec<FlowChange>) {
    let mut old: BTreeMap<(CountryCode, CountryCode), f64> =
        before.iter().map(|f| ((f.0, f.1), f.2)).collect();
    for &(e, m, v) in after {
        let change = v - old.remove(&(e, m)).unwrap_or(0.0);
        if change != 0.0 {
            out.push(FlowChange {
                exporter: e,
                importer: m,
                hs6: good,
                change,
            });
        }
    }
    out.extend(old.into_iter().map(|((e, m), v)| FlowChange {
        exporter: e,
        importer: m,
        hs6: good,
        change: -v,
    }));
}

fn push_rows(table: &mut TradeFlows, year: Year, good: Hs6, rows: &[Flow]) {
    for &(e, m, v) in rows {
        if v > 0.0 {
            table.push(year, e, m, good, v, None);
        }
    }
}

/// Cuts and re-sources one good; returns its shocked flows sorted by (exporter, importer).
fn shock_good(
    good: Hs6,
    rows: &[Flow],
    scenario: &ValidScenario,
    matched: &mut [usize],
    losses: &mut Vec<GoodLoss>,
) -> Vec<Flow> {
    let restricts = |i: usize, e: CountryCode, m: CountryCode| {
        let r = &scenario.restrictions[i];
        r.goods.contains(good)
            && r.exporters.contains(&e)
            && r.importers.as_ref().is_none_or(|list| list.contains(&m))
    };
    let mut out: Vec<Flow> = Vec::with_capacity(rows.len());
    let mut lost: BTreeMap<CountryCode, f64> = BTreeMap::new();
    let mut imports: BTreeMap<CountryCode, f64> = BTreeMap::new();
    let mut exports: BTreeMap<CountryCode, f64> = BTreeMap::new();
    for &(e, m, v) in rows {
        *imports.entry(m).or_default() += v;
        *exports.entry(e).or_default() += v;
        let mut kept = v;
        for (i, count) in matched.iter_mut().enumerate() {
            if restricts(i, e, m) {
                *count += 1;
                kept *= 1.0 - scenario.restrictions[i].cut;
            }
        }
        if kept < v {
            *lost.entry(m).or_default() += v - kept;
        }
        out.push((e, m, kept));
    }
    if lost.is_empty() {
        return out;
    }
    let demand: f64 = lost.values().sum();
    // Remaining exporters: those not restricting this good for anyone.
    let restricting = |e: CountryCode| {
        scenario
            .restrictions
            .iter()
            .any(|r| r.goods.contains(good) && r.exporters.contains(&e))
    };
    let remaining: Vec<(CountryCode, f64)> = exports
        .iter()
        .filter(|(e, _)| !restricting(**e))
        .map(|(e, x)| (*e, *x))
        .collect();
    let cap = scenario.resourcing_cap.unwrap_or(0.0);
    let weights: Vec<f64> = remaining.iter().map(|r| r.1).collect();
    let caps: Vec<f64> = weights.iter().map(|x| cap * x).collect();
    let alloc = water_fill(demand, &weights, &caps);
    let mut added: BTreeMap<(CountryCode, CountryCode), f64> = BTreeMap::new();
    for (&m, &l) in &lost {
        let mut resourced = 0.0;
        for (&(e, _), &a) in remaining.iter().zip(&alloc) {
            if e != m && a > 0.0 {
                let share = a * l / demand;
                *added.entry((e, m)).or_default() += share;
                resourced += share;
            }
        }
        losses.push(GoodLoss {
            importer: m,
            hs6: good,
            imports_before: imports[&m],
            lost: l,
            resourced,
            unmet: l - resourced,
        });
    }
    for flow in &mut out {
        if let Some(extra) = added.remove(&(flow.0, flow.1)) {
            flow.2 += extra;
        }
    }
    out.extend(added.into_iter().map(|((e, m), v)| (e, m, v)));
    out.sort_by_key(|f| (f.0, f.1));
    out
}

fn compare(
    base: &chainlens_trade_network::VulnerabilityAnalysis,
    shocked: &chainlens_trade_network::VulnerabilityAnalysis,
) -> Vec<CategoryChange> {
    let index = |a: &chainlens_trade_network::VulnerabilityAnalysis| {
        let mut map = BTreeMap::new();
        for imp in &a.importers {
            for p in &imp.products {
                map.insert((imp.importer, p.hs6), (p.category, p.concentration));
            }
        }
        map
    };
    let (b, s) = (index(base), index(shocked));
    let keys: std::collections::BTreeSet<_> = b.keys().chain(s.keys()).copied().collect();
    keys.into_iter()
        .filter_map(|key| {
            let (cb, hb) = b.get(&key).copied().unwrap_or((0, f64::NAN));
            let (ca, ha) = s.get(&key).copied().unwrap_or((0, f64::NAN));
            (cb != ca).then_some(CategoryChange {
                importer: key.0,
                hs6: key.1,
                before: cb,
                after: ca,
                concentration_before: hb,
                concentration_after: ha,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ValidRestriction;
    use proptest::prelude::*;

    fn scenario(
        cut: f64,
        cap: Option<f64>,
        exporters: Vec<CountryCode>,
        goods: &[u32],
    ) -> ValidScenario {
        ValidScenario {
            name: "t".into(),
            window: None,
            restrictions: vec![ValidRestriction {
                exporters,
                importers: None,
                goods: goods.iter().map(|&k| Hs6(k)).collect(),
                cut,
            }],
            resourcing_cap: cap,
        }
    }

    #[test]
    fn three_countries_cap_not_binding() {
        // JPN cuts half of its 40 to KOR; CHN (exports 100) and USA (exports 60) remain,
        // cap 0.5: 20 shared 100:60 -> 12.5 from CHN, 7.5 from USA, nothing unmet.
        let (chn, jpn, kor, usa, deu) = (
            CountryCode(156),
            CountryCode(392),
            CountryCode(410),
            CountryCode(842),
            CountryCode(276),
        );
        let mut f = TradeFlows::default();
        f.push(Year(2019), chn, deu, Hs6(281111), 100.0, None);
        f.push(Year(2019), jpn, kor, Hs6(281111), 40.0, None);
        f.push(Year(2019), usa, deu, Hs6(281111), 60.0, None);
        let universe: ProductSet = [Hs6(281111)].into_iter().collect();
        let shock = run_trade_shock(
            &f,
            &universe,
            &scenario(0.5, Some(0.5), vec![jpn], &[281111]),
        )
        .unwrap();
        let l = &shock.losses[0];
        assert_eq!(
            (l.importer, l.lost, l.resourced, l.unmet),
            (kor, 20.0, 20.0, 0.0)
        );
        assert_eq!(shock.flows_matched, vec![1]);
        // Korea's only good stays high-concentration (one good is its own quartile), so no
        // category changes, although its suppliers went from one to three.
        assert!(shock.changes.is_empty());
    }

    #[test]
    fn nothing_matched_is_an_error() {
        let mut f = TradeFlows::default();
        f.push(
            Year(2019),
            CountryCode(1),
            CountryCode(2),
            Hs6(281111),
            1.0,
            None,
        );
        let universe: ProductSet = [Hs6(281111)].into_iter().collect();
        let err = run_trade_shock(
            &f,
            &universe,
            &scenario(1.0, None, vec![CountryCode(3)], &[281111]),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with(
            "the scenario matches no trade flow in the window (restriction[0]: 0 flows)"
        ));
    }

    fn table(rows: &[(u16, u16, u32, u32)]) -> TradeFlows {
        let mut rows: Vec<_> = rows.iter().filter(|r| r.0 != r.1).copied().collect();
        rows.sort_by_key(|r| (r.2, r.0, r.1));
        rows.dedup_by_key(|r| (r.2, r.0, r.1));
        let mut f = TradeFlows::default();
        for (e, m, k, v) in rows {
            f.push(
                Year(2019),
                CountryCode(e),
                CountryCode(m),
                Hs6(k),
                f64::from(v) + 1.0,
                None,
            );
        }
        f
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
            let restrict = vec![CountryCode(1), CountryCode(2)];
            if let Ok(shock) = run_trade_shock(&f, &universe, &scenario(cut, Some(cap), restrict.clone(), &[281111, 854231])) {
                for l in &shock.losses {
                    prop_assert!((l.lost - (l.resourced + l.unmet)).abs() <= 1e-9 * l.lost.max(1.0));
                    prop_assert!(l.unmet >= -1e-9 && l.resourced >= 0.0 && l.lost <= l.imports_before + 1e-9);
                }
            }
            if let Ok(zero) = run_trade_shock(&f, &universe, &scenario(0.0, Some(cap), restrict, &[281111, 854231])) {
                prop_assert!(zero.losses.is_empty());
                prop_assert!(zero.changes.is_empty());
            }
        }
    }
}
