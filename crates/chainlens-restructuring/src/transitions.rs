//! Category transitions between two windows, METHODS §5 on §1.2-1.4: how each importer's
//! intermediate goods moved between the four categories, and how import concentration
//! `H(m,k)` and export centrality `C(k)` changed. Both windows' analyses come from
//! `chainlens-trade-network`'s [`analyse`](chainlens_trade_network::analyse), each with its
//! own quartile thresholds; nothing of §1 is recomputed here.
//!
//! # What it measures
//! Whether dependence is easing (goods leaving category 1) or building up (goods entering
//! it), good by good.
//!
//! # Formula
//! For importer `m` and intermediate good `k`: the category, `H(m,k)` and `C(k)` of each
//! window as METHODS §1.2-1.4 define them; a good `m` imports in one window only has no
//! category in the other. Transition counts: goods and their import values by
//! (category in base, category in compare).
//!
//! # Parameters and defaults
//! The analyses' options (HHI centrality, quartile cut-offs) are the caller's.
//!
//! # Reference
//! Seed 000 (category 2 "can drift into 1 if imports grow").
//!
//! # Complexity
//! A merge of each importer's two sorted product lists: O(goods).

use chainlens_model::{CountryCode, Hs6};
use chainlens_trade_network::{Category, GoodCentrality, ImporterProduct, VulnerabilityAnalysis};

/// One good of one importer in the two windows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoodTransition {
    /// The importer.
    pub importer: CountryCode,
    /// The good.
    pub hs6: Hs6,
    /// Category in the base window, if imported then.
    pub category_base: Option<Category>,
    /// Category in the compare window, if imported then.
    pub category_compare: Option<Category>,
    /// `H(m,k)` in the base window.
    pub concentration_base: Option<f64>,
    /// `H(m,k)` in the compare window.
    pub concentration_compare: Option<f64>,
    /// `C(k)` in the base window.
    pub centrality_base: Option<f64>,
    /// `C(k)` in the compare window.
    pub centrality_compare: Option<f64>,
    /// `M(m,k)` in the base window, USD a year (0 when not imported).
    pub import_value_base: f64,
    /// `M(m,k)` in the compare window.
    pub import_value_compare: f64,
}

/// Goods of one importer that moved from one category to another (or stayed).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CategoryTransition {
    /// The importer.
    pub importer: CountryCode,
    /// Category in the base window (`None`: not imported then).
    pub from: Option<Category>,
    /// Category in the compare window (`None`: not imported then).
    pub to: Option<Category>,
    /// Goods.
    pub goods: usize,
    /// Their imports in the base window, USD a year.
    pub import_value_base: f64,
    /// Their imports in the compare window.
    pub import_value_compare: f64,
}

/// `C(k)` of one good in one window, from the analysis' goods sorted by HS6.
fn centrality(goods: &[GoodCentrality], k: Hs6) -> Option<f64> {
    goods
        .binary_search_by_key(&k, |g| g.hs6)
        .ok()
        .map(|i| goods[i].centrality)
}

/// Every importer's goods in both windows, for the importers both analyses hold (or only
/// `importers`), by importer and good.
pub fn good_transitions(
    base: &VulnerabilityAnalysis,
    compare: &VulnerabilityAnalysis,
    importers: Option<&[CountryCode]>,
) -> Vec<GoodTransition> {
    let mut codes: Vec<CountryCode> = match importers {
        Some(list) => list.to_vec(),
        None => base
            .importers
            .iter()
            .chain(&compare.importers)
            .map(|i| i.importer)
            .collect(),
    };
    codes.sort_unstable();
    codes.dedup();
    let mut out = Vec::new();
    for m in codes {
        merge_products(
            m,
            products(base, m),
            products(compare, m),
            (&base.goods, &compare.goods),
            &mut out,
        );
    }
    out
}

/// An importer's products in an analysis (empty when it imports none).
fn products(a: &VulnerabilityAnalysis, m: CountryCode) -> &[ImporterProduct] {
    a.importers
        .binary_search_by_key(&m, |i| i.importer)
        .map_or(&[], |i| a.importers[i].products.as_slice())
}

fn merge_products(
    m: CountryCode,
    base: &[ImporterProduct],
    compare: &[ImporterProduct],
    goods: (&[GoodCentrality], &[GoodCentrality]),
    out: &mut Vec<GoodTransition>,
) {
    let (mut i, mut j) = (0, 0);
    while i < base.len() || j < compare.len() {
        let k = match (base.get(i), compare.get(j)) {
            (Some(x), Some(y)) => x.hs6.min(y.hs6),
            (Some(x), None) => x.hs6,
            (None, Some(y)) => y.hs6,
            (None, None) => break,
        };
        let b = base.get(i).filter(|p| p.hs6 == k);
        let c = compare.get(j).filter(|p| p.hs6 == k);
        i += usize::from(b.is_some());
        j += usize::from(c.is_some());
        out.push(GoodTransition {
            importer: m,
            hs6: k,
            category_base: b.map(|p| p.category),
            category_compare: c.map(|p| p.category),
            concentration_base: b.map(|p| p.concentration),
            concentration_compare: c.map(|p| p.concentration),
            centrality_base: centrality(goods.0, k),
            centrality_compare: centrality(goods.1, k),
            import_value_base: b.map_or(0.0, |p| p.import_value),
            import_value_compare: c.map_or(0.0, |p| p.import_value),
        });
    }
}

/// [`GoodTransition`]s counted by importer and (from, to), "not imported" first.
pub fn category_transitions(goods: &[GoodTransition]) -> Vec<CategoryTransition> {
    let mut keyed: Vec<&GoodTransition> = goods.iter().collect();
    keyed.sort_by_key(|g| (g.importer, g.category_base, g.category_compare));
    keyed
        .chunk_by(|a, b| {
            (a.importer, a.category_base, a.category_compare)
                == (b.importer, b.category_base, b.category_compare)
        })
        .map(|group| CategoryTransition {
            importer: group[0].importer,
            from: group[0].category_base,
            to: group[0].category_compare,
            goods: group.len(),
            import_value_base: group.iter().map(|g| g.import_value_base).sum(),
            import_value_compare: group.iter().map(|g| g.import_value_compare).sum(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::{CanonicalFlows, ProductSet, TradeFlows, Year, YearWindow};
    use chainlens_trade_network::{Importers, VulnerabilityOptions, analyse};

    #[test]
    fn goods_move_between_categories() {
        // Four goods; in 2017 good 1 has one supplier (CHN) for KOR and few exporters
        // worldwide; by 2023 VNM and DEU supply it too, so its concentration falls.
        // Good 4 is imported only in 2023.
        let (chn, vnm, deu, kor) = (
            CountryCode::new(156).unwrap(),
            CountryCode::new(704).unwrap(),
            CountryCode::new(276).unwrap(),
            CountryCode::new(410).unwrap(),
        );
        let mut f = TradeFlows::default();
        let goods = [Hs6(10101), Hs6(20202), Hs6(30303), Hs6(40404)];
        for (t, k, e, v) in [
            (2017, 0, chn, 100.0),
            (2017, 1, chn, 10.0),
            (2017, 1, vnm, 10.0),
            (2017, 1, deu, 10.0),
            (2017, 2, deu, 50.0),
            (2017, 2, vnm, 40.0),
            (2023, 0, chn, 40.0),
            (2023, 0, vnm, 30.0),
            (2023, 0, deu, 30.0),
            (2023, 1, chn, 10.0),
            (2023, 1, vnm, 10.0),
            (2023, 1, deu, 10.0),
            (2023, 2, deu, 50.0),
            (2023, 2, vnm, 40.0),
            (2023, 3, chn, 5.0),
        ] {
            f.push(Year(t), e, kor, goods[k], v, None);
        }
        let f = CanonicalFlows::try_from(f.permuted(&canonical(&f))).unwrap();
        let universe: ProductSet = goods.into_iter().collect();
        let run = |w: &str| {
            analyse(
                &f,
                &universe,
                YearWindow::parse(w),
                &Importers::All,
                VulnerabilityOptions::default(),
            )
            .unwrap()
        };
        let (b, c) = (run("2017"), run("2023"));
        let t = good_transitions(&b, &c, None);
        assert_eq!(t.len(), 4);
        assert_eq!(t[0].concentration_base, Some(1.0));
        assert_eq!(
            t[0].concentration_compare,
            Some(0.4 * 0.4 + 0.3 * 0.3 + 0.3 * 0.3)
        );
        assert_eq!(t[0].category_base, Some(Category::One));
        assert_ne!(t[0].category_compare, Some(Category::One));
        assert_eq!((t[3].category_base, t[3].import_value_base), (None, 0.0));
        let counts = category_transitions(&t);
        assert_eq!(counts.iter().map(|c| c.goods).sum::<usize>(), 4);
        assert_eq!(counts[0].from, None);
    }

    /// The canonical order (year, product, exporter, importer) of a table.
    fn canonical(f: &TradeFlows) -> Vec<usize> {
        let mut order: Vec<usize> = (0..f.len()).collect();
        order.sort_by_key(|&i| (f.year[i], f.product[i], f.exporter[i], f.importer[i]));
        order
    }
}
