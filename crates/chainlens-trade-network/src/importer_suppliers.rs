//! An importer's suppliers of intermediate goods, METHODS §1.3 summed over goods: the
//! map of supplier dominance shows them beside each supplier's world dominance (§1.6).
//!
//! # What it measures
//! How much of importer `m`'s intermediate imports each exporter supplies, and in how
//! many goods.
//!
//! # Formula
//! `M(e,m) = sum_{k in universe} v(e,m,k)` with `v` the window's annual mean (§1.1);
//! share `M(e,m) / sum_e M(e,m)`, so the shares add up to 1 and the values to the sum of
//! the importer's `M(m,k)` in `products.csv`.
//!
//! # Parameters and defaults
//! The window and the universe of the vulnerability analysis.
//!
//! # Reference
//! The aggregate of §1.3's source shares `q(e|m,k)` weighted by `M(m,k)`.
//!
//! # Complexity
//! One pass over the window's rows.
//!
//! # Example
//! ```
//! use chainlens_model::{CanonicalFlows, CountryCode, Hs6, ProductSet, TradeFlows, Year};
//! use chainlens_trade_network::{WindowedFlows, importer_suppliers};
//! let (chn, jpn, kor) = (CountryCode::new(156).unwrap(), CountryCode::new(392).unwrap(), CountryCode::new(410).unwrap());
//! let mut flows = TradeFlows::default();
//! flows.push(Year(2019), chn, kor, Hs6(281111), 10.0, None);
//! flows.push(Year(2019), jpn, kor, Hs6(281111), 90.0, None);
//! flows.push(Year(2019), jpn, kor, Hs6(381800), 50.0, None);
//! let flows = CanonicalFlows::try_from(flows).unwrap();
//! let universe: ProductSet = [Hs6(281111), Hs6(381800)].into_iter().collect();
//! let window = WindowedFlows::new(&flows, None).unwrap();
//! let suppliers = importer_suppliers(&window, &universe, kor);
//! assert_eq!(suppliers[0].exporter, jpn);
//! assert_eq!((suppliers[0].import_value, suppliers[0].goods), (140.0, 2));
//! assert_eq!(suppliers[1].share, 10.0 / 150.0);
//! ```

use crate::window::WindowedFlows;
use chainlens_model::{CountryCode, Hs6, ProductSet};

/// One supplier of an importer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImporterSupplier {
    /// The exporter.
    pub exporter: CountryCode,
    /// `M(e,m)`, USD a year (annual mean of the window).
    pub import_value: f64,
    /// `M(e,m) / sum_e M(e,m)`.
    pub share: f64,
    /// Universe goods the importer buys from it in the window.
    pub goods: u32,
}

/// The suppliers of `importer`'s universe goods in the window, largest value first (ties
/// by code).
pub fn importer_suppliers(
    window: &WindowedFlows,
    universe: &ProductSet,
    importer: CountryCode,
) -> Vec<ImporterSupplier> {
    let mut rows: Vec<(CountryCode, Hs6, f64)> = Vec::new();
    window.for_each_row(|e, m, k, v| {
        if m == importer && universe.contains(k) {
            rows.push((e, k, v));
        }
    });
    // Stable: a pair's years stay in order, so the sums run over years in order.
    rows.sort_by_key(|&(e, k, _)| (e, k));
    let mut suppliers: Vec<ImporterSupplier> = Vec::new();
    let mut last: Option<(CountryCode, Hs6)> = None;
    for (e, k, v) in rows {
        match suppliers.last_mut() {
            Some(s) if s.exporter == e => {
                s.import_value += v;
                s.goods += u32::from(last != Some((e, k)));
            }
            _ => suppliers.push(ImporterSupplier {
                exporter: e,
                import_value: v,
                share: 0.0,
                goods: 1,
            }),
        }
        last = Some((e, k));
    }
    let total: f64 = suppliers.iter().map(|s| s.import_value).sum();
    for s in &mut suppliers {
        s.import_value /= window.divisor();
        s.share = if total > 0.0 {
            s.import_value * window.divisor() / total
        } else {
            0.0
        };
    }
    suppliers.sort_by(|a, b| {
        b.import_value
            .total_cmp(&a.import_value)
            .then(a.exporter.cmp(&b.exporter))
    });
    suppliers
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::{CanonicalFlows, TradeFlows, Year, YearWindow};

    #[test]
    fn two_years_are_averaged_and_goods_outside_the_universe_ignored() {
        let (a, b, m) = (
            CountryCode::new(1).unwrap(),
            CountryCode::new(2).unwrap(),
            CountryCode::new(3).unwrap(),
        );
        let mut t = TradeFlows::default();
        t.push(Year(2017), a, m, Hs6(100), 4.0, None);
        t.push(Year(2017), b, m, Hs6(100), 2.0, None);
        t.push(Year(2017), a, m, Hs6(900), 1000.0, None); // not in the universe
        t.push(Year(2018), a, b, Hs6(100), 50.0, None); // another importer
        t.push(Year(2018), a, m, Hs6(100), 8.0, None);
        t.push(Year(2018), a, m, Hs6(200), 6.0, None);
        t.push(Year(2019), b, m, Hs6(100), 99.0, None); // outside the window
        let t = CanonicalFlows::try_from(t).unwrap();
        let universe: ProductSet = [Hs6(100), Hs6(200)].into_iter().collect();
        let window = WindowedFlows::new(&t, YearWindow::parse("2017-2018")).unwrap();
        let s = importer_suppliers(&window, &universe, m);
        // a: (4 + 8 + 6) / 2 = 9 in goods 100 and 200; b: 2 / 2 = 1; shares 0.9 and 0.1.
        assert_eq!(
            s,
            vec![
                ImporterSupplier {
                    exporter: a,
                    import_value: 9.0,
                    share: 0.9,
                    goods: 2
                },
                ImporterSupplier {
                    exporter: b,
                    import_value: 1.0,
                    share: 0.1,
                    goods: 1
                },
            ]
        );
    }
}
