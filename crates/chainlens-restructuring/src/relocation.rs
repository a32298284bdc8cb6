//! Relocation through a connector country, METHODS §5: the growth of an origin's
//! intermediate exports to a connector beside the growth of the connector's exports to a
//! destination, by HS chapter.
//!
//! # What it measures
//! Whether trade between an origin and a destination is being rerouted through a third
//! country (Freund, Mattoo, Mulabdic & Ruta 2023: "connector" economies such as Vietnam
//! and Mexico; seed 000: China's fast-growing intermediate exports to Vietnam).
//!
//! # Formula
//! For each chapter `ch` and window `W` (means over the window's years, METHODS §1.1):
//! `OC(ch,W) = sum_{k in ch, k intermediate} v(O,C,k,W)`,
//! `CD(ch,W) = sum_{k in ch} v(C,D,k,W)` (every good of the chapter: what the connector
//! makes from the intermediates need not be intermediate), and the direct route
//! `OD(ch,W) = sum_{k in ch} v(O,D,k,W)`. Growth `compare / base - 1` (none when the base
//! is 0). A row `total` sums the chapters.
//!
//! # Parameters and defaults
//! Origin, connector, destination; the universe of intermediate goods (METHODS §1.1).
//! The link to the industries that use the intermediates is [`crate::connector_industries`].
//!
//! # Reference
//! Freund, C., Mattoo, A., Mulabdic, A. & Ruta, M. (2023), *Is US trade policy reshaping
//! global supply chains?*, World Bank PRWP 10593.
//!
//! # Complexity
//! One pass over the flows, O(rows).

use chainlens_model::{CountryCode, ProductSet, TradeFlows, Year, YearWindow};

/// Origin, connector and destination of a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// The origin `O` (CHN).
    pub origin: CountryCode,
    /// The connector `C` (VNM).
    pub connector: CountryCode,
    /// The destination `D` (USA).
    pub destination: CountryCode,
}

/// One leg of the route in the two windows.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Leg {
    /// USD a year in the base window.
    pub base: f64,
    /// USD a year in the compare window.
    pub compare: f64,
}

impl Leg {
    /// `compare / base - 1`, when the base is positive.
    pub fn growth(&self) -> Option<f64> {
        (self.base > 0.0).then(|| self.compare / self.base - 1.0)
    }
}

/// One chapter of the route (`hs2` `None`: every chapter).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RelocationRow {
    /// The HS chapter, or `None` for the total.
    pub hs2: Option<u8>,
    /// `OC`: the origin's intermediate exports to the connector.
    pub origin_to_connector: Leg,
    /// `CD`: the connector's exports to the destination.
    pub connector_to_destination: Leg,
    /// `OD`: the origin's exports to the destination.
    pub origin_to_destination: Leg,
}

/// A flow's weights in the base and compare window means (`1 / years` when the year is
/// in the window, else 0), or `None` when it is in neither.
pub(crate) fn window_weights(
    (base, compare): (YearWindow, YearWindow),
    year: Year,
) -> Option<(f64, f64)> {
    let weight = |w: YearWindow| {
        if w.contains(year) {
            1.0 / w.len() as f64
        } else {
            0.0
        }
    };
    (base.contains(year) || compare.contains(year)).then(|| (weight(base), weight(compare)))
}

/// The chapters where any leg trades in either window, then the total.
pub fn relocation(
    flows: &TradeFlows,
    base: YearWindow,
    compare: YearWindow,
    route: Route,
    intermediate: &ProductSet,
) -> Vec<RelocationRow> {
    let mut rows: Vec<RelocationRow> = (0..100u8)
        .map(|c| RelocationRow {
            hs2: Some(c),
            ..Default::default()
        })
        .collect();
    for i in 0..flows.len() {
        let Some(weight) = window_weights((base, compare), flows.year[i]) else {
            continue;
        };
        let (e, m, k) = (flows.exporter[i], flows.importer[i], flows.product[i]);
        let row = &mut rows[usize::from(k.hs2())];
        let leg = if (e, m) == (route.origin, route.connector) && intermediate.contains(k) {
            &mut row.origin_to_connector
        } else if (e, m) == (route.connector, route.destination) {
            &mut row.connector_to_destination
        } else if (e, m) == (route.origin, route.destination) {
            &mut row.origin_to_destination
        } else {
            continue;
        };
        leg.base += weight.0 * flows.value[i];
        leg.compare += weight.1 * flows.value[i];
    }
    rows.retain(|r| {
        [
            r.origin_to_connector,
            r.connector_to_destination,
            r.origin_to_destination,
        ]
        .iter()
        .any(|l| l.base > 0.0 || l.compare > 0.0)
    });
    let total = rows.iter().fold(RelocationRow::default(), |mut t, r| {
        for (a, b) in [
            (&mut t.origin_to_connector, r.origin_to_connector),
            (&mut t.connector_to_destination, r.connector_to_destination),
            (&mut t.origin_to_destination, r.origin_to_destination),
        ] {
            a.base += b.base;
            a.compare += b.compare;
        }
        t
    });
    rows.push(total);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::Hs6;

    #[test]
    fn legs_are_window_means_by_chapter() {
        // CHN -> VNM intermediate 850440 (ch 85): 10 and 30 in 2017-2018 (mean 20), 60 in
        // 2023: growth 2. A consumption good of ch 85 to VNM is not counted. VNM -> USA
        // ch 85: 5 -> 15 (growth 2); CHN -> USA ch 85: 100 -> 50 (-0.5).
        let (chn, vnm, usa) = (
            CountryCode::new(156).unwrap(),
            CountryCode::new(704).unwrap(),
            CountryCode::new(840).unwrap(),
        );
        let (part, phone) = (Hs6(850440), Hs6(851712));
        let mut f = TradeFlows::default();
        f.push(Year(2017), chn, vnm, part, 10.0, None);
        f.push(Year(2018), chn, vnm, part, 30.0, None);
        f.push(Year(2018), chn, vnm, phone, 99.0, None);
        f.push(Year(2023), chn, vnm, part, 60.0, None);
        f.push(Year(2017), vnm, usa, phone, 10.0, None);
        f.push(Year(2023), vnm, usa, phone, 15.0, None);
        f.push(Year(2017), chn, usa, phone, 200.0, None);
        f.push(Year(2023), chn, usa, phone, 50.0, None);
        f.push(Year(2020), chn, usa, phone, 1e9, None);
        let universe: ProductSet = [part].into_iter().collect();
        let route = Route {
            origin: chn,
            connector: vnm,
            destination: usa,
        };
        let w = |t| YearWindow::parse(t).unwrap();
        let rows = relocation(&f, w("2017-2018"), w("2023"), route, &universe);
        assert_eq!(rows.len(), 2);
        let (ch85, total) = (&rows[0], &rows[1]);
        assert_eq!((ch85.hs2, total.hs2), (Some(85), None));
        assert_eq!(
            ch85.origin_to_connector,
            Leg {
                base: 20.0,
                compare: 60.0
            }
        );
        assert_eq!(ch85.origin_to_connector.growth(), Some(2.0));
        assert_eq!(ch85.connector_to_destination.growth(), Some(2.0));
        assert_eq!(ch85.origin_to_destination.growth(), Some(-0.5));
        assert_eq!(total.origin_to_destination, ch85.origin_to_destination);
    }
}
