//! Supplier shares of each importer and good in two windows, METHODS §5.
//!
//! # What it measures
//! Who supplies importer `m` with good `k`, and how that changed between a base and a
//! compare window: the reallocation of Alfaro & Chor (2023) starts from these shares.
//!
//! # Formula
//! `s(m,k,e,W) = v(e,m,k,W) / M(m,k,W)`, with `v(e,m,k,W)` the mean over the window's
//! years of `e`'s exports of `k` to `m` (METHODS §1.1: a missing year counts as 0) and
//! `M(m,k,W) = sum_e v(e,m,k,W)`. Change `Δs = s(compare) - s(base)`. Where `m` imports
//! no `k` in a window its shares there are 0 and the row is not `in_both`; for the rows of
//! a good imported in both windows the changes add up to 0.
//!
//! # Parameters and defaults
//! The windows (any years; they may overlap), the importers and goods of a [`Selection`].
//! BACI values are current USD with no deflator, so shares, not levels, carry the
//! comparison between windows.
//!
//! # Reference
//! Alfaro, L. & Chor, D. (2023), *Global supply chains: the looming "great
//! reallocation"*, Jackson Hole symposium: China's share of US imports fell from 2017 and
//! Vietnam and Mexico gained it.
//!
//! # Complexity
//! One pass over each window's flows by HS chapter in parallel, a sort per good by
//! (importer, exporter): O(flows log flows of a good).
//!
//! # Example
//! ```
//! use chainlens_model::{CanonicalFlows, CountryCode, Hs6, TradeFlows, Year, YearWindow};
//! use chainlens_restructuring::{Selection, supplier_shares};
//! let (chn, usa, vnm) = (CountryCode::new(156).unwrap(), CountryCode::new(840).unwrap(), CountryCode::new(704).unwrap());
//! let mut flows = TradeFlows::default();
//! flows.push(Year(2017), chn, usa, Hs6(850440), 80.0, None);
//! flows.push(Year(2017), vnm, usa, Hs6(850440), 20.0, None);
//! flows.push(Year(2023), chn, usa, Hs6(850440), 50.0, None);
//! flows.push(Year(2023), vnm, usa, Hs6(850440), 50.0, None);
//! let flows = CanonicalFlows::try_from(flows).unwrap();
//! let w = |t| YearWindow::parse(t).unwrap();
//! let rows = supplier_shares(&flows, w("2017"), w("2023"), &Selection::default()).unwrap();
//! assert_eq!((rows[0].exporter, rows[0].change), (chn, 0.5 - 0.8));
//! assert_eq!((rows[1].exporter, rows[1].change), (vnm, 0.5 - 0.2));
//! ```

use crate::error::RestructuringError;
use crate::selection::Selection;
use chainlens_model::{CanonicalFlows, CountryCode, Hs6, YearWindow};
use chainlens_trade_network::{WindowFlow, WindowedFlows};
use rayon::prelude::*;

/// One supplier of one importer's good in the two windows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SupplierShare {
    /// The importer `m`.
    pub importer: CountryCode,
    /// The good `k`.
    pub hs6: Hs6,
    /// The supplier `e`.
    pub exporter: CountryCode,
    /// `v(e,m,k)` in the base window, USD a year.
    pub value_base: f64,
    /// `v(e,m,k)` in the compare window, USD a year.
    pub value_compare: f64,
    /// `M(m,k)` in the base window, USD a year.
    pub import_value_base: f64,
    /// `M(m,k)` in the compare window, USD a year.
    pub import_value_compare: f64,
    /// `s(m,k,e)` in the base window (0 without imports).
    pub share_base: f64,
    /// `s(m,k,e)` in the compare window (0 without imports).
    pub share_compare: f64,
    /// `share_compare - share_base`.
    pub change: f64,
    /// Whether `m` imports `k` in both windows.
    pub in_both: bool,
}

/// Importer, exporter, value: one good's flows keyed for the join.
type Keyed = Vec<(CountryCode, CountryCode, f64)>;

/// Every supplier share of the selection's importers and goods, sorted by importer, good
/// and exporter.
pub fn supplier_shares(
    flows: &CanonicalFlows,
    base: YearWindow,
    compare: YearWindow,
    selection: &Selection,
) -> Result<Vec<SupplierShare>, RestructuringError> {
    let window = |w, which| {
        WindowedFlows::new(flows, Some(w))
            .map_err(|source| RestructuringError::Window { which, source })
    };
    let (b, c) = (window(base, "base")?, window(compare, "compare")?);
    let chapters: Vec<Vec<SupplierShare>> = (0..100u32)
        .into_par_iter()
        .map(|ch| chapter_shares(&b, &c, ch, selection))
        .collect();
    let mut rows = chapters.concat();
    rows.sort_by_key(|r| (r.importer, r.hs6, r.exporter));
    Ok(rows)
}

/// One window's goods of a chapter, each with its kept flows sorted by (importer, exporter).
fn chapter_goods(w: &WindowedFlows, chapter: u32, selection: &Selection) -> Vec<(Hs6, Keyed)> {
    let mut goods = Vec::new();
    let mut buffer: Vec<WindowFlow> = Vec::new();
    w.for_each_good(
        chapter * 10_000..(chapter + 1) * 10_000,
        &mut buffer,
        |k, rows| {
            if !selection.good(k) {
                return;
            }
            let mut keyed: Keyed = rows
                .iter()
                .filter(|r| selection.importer(r.1))
                .map(|&(e, m, v)| (m, e, v))
                .collect();
            keyed.sort_by_key(|r| (r.0, r.1));
            if !keyed.is_empty() {
                goods.push((k, keyed));
            }
        },
    );
    goods
}

fn chapter_shares(
    b: &WindowedFlows,
    c: &WindowedFlows,
    chapter: u32,
    selection: &Selection,
) -> Vec<SupplierShare> {
    let (base, compare) = (
        chapter_goods(b, chapter, selection),
        chapter_goods(c, chapter, selection),
    );
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let empty: Keyed = Vec::new();
    while i < base.len() || j < compare.len() {
        let kb = base.get(i).map(|g| g.0);
        let kc = compare.get(j).map(|g| g.0);
        let k = match (kb, kc) {
            (Some(x), Some(y)) => x.min(y),
            (Some(x), None) => x,
            (None, Some(y)) => y,
            (None, None) => break,
        };
        let rows_b = if kb == Some(k) { &base[i].1 } else { &empty };
        let rows_c = if kc == Some(k) { &compare[j].1 } else { &empty };
        good_shares(k, rows_b, rows_c, &mut out);
        i += usize::from(kb == Some(k));
        j += usize::from(kc == Some(k));
    }
    out
}

/// The rows `[start, end)` of `rows` that belong to importer `m` (rows sorted by importer).
fn importer_block(rows: &Keyed, start: usize, m: CountryCode) -> usize {
    let mut end = start;
    while end < rows.len() && rows[end].0 == m {
        end += 1;
    }
    end
}

/// The shares of one good: each importer's base and compare rows merged on exporter.
fn good_shares(k: Hs6, base: &Keyed, compare: &Keyed, out: &mut Vec<SupplierShare>) {
    let (mut i, mut j) = (0, 0);
    while i < base.len() || j < compare.len() {
        let m = match (base.get(i), compare.get(j)) {
            (Some(x), Some(y)) => x.0.min(y.0),
            (Some(x), None) => x.0,
            (None, Some(y)) => y.0,
            (None, None) => break,
        };
        let (ie, je) = (importer_block(base, i, m), importer_block(compare, j, m));
        importer_shares(k, m, &base[i..ie], &compare[j..je], out);
        (i, j) = (ie, je);
    }
}

fn importer_shares(
    k: Hs6,
    m: CountryCode,
    base: &[(CountryCode, CountryCode, f64)],
    compare: &[(CountryCode, CountryCode, f64)],
    out: &mut Vec<SupplierShare>,
) {
    let total_b: f64 = base.iter().map(|r| r.2).sum();
    let total_c: f64 = compare.iter().map(|r| r.2).sum();
    let share = |v: f64, total: f64| if total > 0.0 { v / total } else { 0.0 };
    let (mut i, mut j) = (0, 0);
    while i < base.len() || j < compare.len() {
        let e = match (base.get(i), compare.get(j)) {
            (Some(x), Some(y)) => x.1.min(y.1),
            (Some(x), None) => x.1,
            (None, Some(y)) => y.1,
            (None, None) => break,
        };
        let vb = base.get(i).filter(|r| r.1 == e).map_or(0.0, |r| r.2);
        let vc = compare.get(j).filter(|r| r.1 == e).map_or(0.0, |r| r.2);
        i += usize::from(base.get(i).is_some_and(|r| r.1 == e));
        j += usize::from(compare.get(j).is_some_and(|r| r.1 == e));
        let (sb, sc) = (share(vb, total_b), share(vc, total_c));
        out.push(SupplierShare {
            importer: m,
            hs6: k,
            exporter: e,
            value_base: vb,
            value_compare: vc,
            import_value_base: total_b,
            import_value_compare: total_c,
            share_base: sb,
            share_compare: sc,
            change: sc - sb,
            in_both: total_b > 0.0 && total_c > 0.0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::{TradeFlows, Year};

    fn w(t: &str) -> YearWindow {
        YearWindow::parse(t).unwrap()
    }

    #[test]
    fn window_values_are_means_and_shares_follow() {
        // USA imports k from CHN: 60 and 100 in 2017-2018 (mean 80), from VNM 20 in 2017
        // only (mean 10): shares 80/90 and 10/90. In 2023: CHN 30, VNM 60, MEX 10.
        let (chn, usa, vnm, mex) = (
            CountryCode::new(156).unwrap(),
            CountryCode::new(840).unwrap(),
            CountryCode::new(704).unwrap(),
            CountryCode::new(484).unwrap(),
        );
        let k = Hs6(850440);
        let mut f = TradeFlows::default();
        f.push(Year(2017), chn, usa, k, 60.0, None);
        f.push(Year(2017), vnm, usa, k, 20.0, None);
        f.push(Year(2018), chn, usa, k, 100.0, None);
        f.push(Year(2023), chn, usa, k, 30.0, None);
        f.push(Year(2023), mex, usa, k, 10.0, None);
        f.push(Year(2023), vnm, usa, k, 60.0, None);
        let f = CanonicalFlows::try_from(f).unwrap();
        let rows = supplier_shares(&f, w("2017-2018"), w("2023"), &Selection::default()).unwrap();
        let got: Vec<(CountryCode, f64, f64, f64)> = rows
            .iter()
            .map(|r| (r.exporter, r.value_base, r.share_base, r.share_compare))
            .collect();
        assert_eq!(
            got,
            vec![
                (chn, 80.0, 80.0 / 90.0, 0.3),
                (mex, 0.0, 0.0, 0.1),
                (vnm, 10.0, 10.0 / 90.0, 0.6),
            ]
        );
        let sum: f64 = rows.iter().map(|r| r.change).sum();
        assert!(sum.abs() <= 1e-12, "{sum}");
        assert!(
            rows.iter()
                .all(|r| r.in_both && r.import_value_base == 90.0)
        );
    }

    #[test]
    fn a_good_imported_in_one_window_only_is_not_in_both() {
        let (a, b) = (CountryCode::new(1).unwrap(), CountryCode::new(2).unwrap());
        let mut f = TradeFlows::default();
        f.push(Year(2017), a, b, Hs6(100), 5.0, None);
        f.push(Year(2023), a, b, Hs6(200), 7.0, None);
        let f = CanonicalFlows::try_from(f).unwrap();
        let rows = supplier_shares(&f, w("2017"), w("2023"), &Selection::default()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].share_base, rows[0].share_compare), (1.0, 0.0));
        assert_eq!((rows[1].share_base, rows[1].share_compare), (0.0, 1.0));
        assert!(rows.iter().all(|r| !r.in_both));
        let only_b = Selection::new(Some(&[CountryCode::new(3).unwrap()]), None);
        assert!(
            supplier_shares(&f, w("2017"), w("2023"), &only_b)
                .unwrap()
                .is_empty()
        );
        let err = supplier_shares(&f, w("2019"), w("2023"), &only_b).unwrap_err();
        assert_eq!(
            err.to_string(),
            "base window: no trade flow in the window 2019-2019 (the data holds 2017, 2023)"
        );
    }
}
