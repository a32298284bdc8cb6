//! Relocation through a connector, by the connector's industries (METHODS §5): which of
//! the connector's industries use the origin's intermediates, and how their exports to
//! the destination moved, through the HS -> ISIC -> input-output link.
//!
//! # What it measures
//! Whether the connector's exports that grow are those of the industries that absorb the
//! origin's intermediates (seed 000: China's intermediate exports to Vietnam follow its
//! direct investment there, and Vietnam's exports to the United States follow them).
//!
//! # Formula
//! Window means as in [`crate::relocation`]. The origin's intermediate exports to the
//! connector `v(O,C,k)` are placed on the industries that make them, `w(k,s)`
//! ([`GoodsToIndustries`]), and shared among the connector's industries `j` that buy
//! industry `s` from the origin in the table: `u(s,j) = Z[O s, C j] / sum_j Z[O s, C j]`
//! (when the origin sells `s` to none of them, the connector's purchases of `s` from
//! every foreign country; else the value is unallocated). So
//! `inputs(j) = sum_k sum_s v(O,C,k) w(k,s) u(s,j)`. The connector's exports to the
//! destination of every good are placed on the industries that make them:
//! `exports(j) = sum_k v(C,D,k) w(k,j)`. The link index is the connector's exports to
//! the destination weighted by each industry's share of the origin's inputs in the base
//! window: `sum_j inputs_base(j) / sum inputs_base * exports(j)`, in both windows.
//!
//! # Parameters and defaults
//! The table's country indices of origin and connector; the goods link (split rule as in
//! `chainlens exposure`); the universe of intermediate goods.
//!
//! # Complexity
//! One pass over the flows, then O(goods x links + sectors^2).

use crate::relocation::{Leg, Route, window_weights};
use chainlens_exposure::GoodsToIndustries;
use chainlens_model::{Hs6, IcioTable, ProductSet, TradeFlows, YearWindow};
use std::collections::BTreeMap;

/// One of the connector's industries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IndustryLegs {
    /// Index into the table's sectors.
    pub industry: usize,
    /// The origin's intermediates this industry uses, USD a year.
    pub origin_inputs: Leg,
    /// The connector's exports to the destination of this industry's goods, USD a year.
    pub connector_exports: Leg,
}

/// The connector's industries and what the link could not place.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConnectorIndustries {
    /// Every industry of the table, in table order.
    pub industries: Vec<IndustryLegs>,
    /// Origin intermediates whose goods reach no industry of the table.
    pub unmapped_inputs: Leg,
    /// Origin intermediates of industries the connector buys from no foreign country.
    pub unallocated_inputs: Leg,
    /// Connector exports whose goods reach no industry of the table.
    pub unmapped_exports: Leg,
    /// The connector's exports to the destination weighted by the industries' base
    /// shares of the origin's inputs.
    pub input_weighted_exports: Leg,
}

/// Table positions of the route's origin and connector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableRoute {
    /// The origin's index among the table's countries.
    pub origin: usize,
    /// The connector's index.
    pub connector: usize,
}

/// The connector's industries on the route, between two windows.
pub fn connector_industries(
    flows: &TradeFlows,
    (base, compare): (YearWindow, YearWindow),
    route: Route,
    intermediate: &ProductSet,
    table: (&IcioTable, TableRoute),
    link: &GoodsToIndustries,
) -> ConnectorIndustries {
    let (table, at) = table;
    let (inputs, exports) = route_goods(flows, (base, compare), route, intermediate);
    let sectors = table.n_sectors();
    let mut result = ConnectorIndustries {
        industries: (0..sectors)
            .map(|industry| IndustryLegs {
                industry,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let users = UserShares::new(table, at);
    for (good, leg) in inputs {
        let placed = link.place(good);
        add(&mut result.unmapped_inputs, leg, placed.unmapped);
        for (s, w) in placed.industries {
            match &users.shares[s] {
                Some(shares) => {
                    for (j, u) in shares.iter().enumerate() {
                        add(&mut result.industries[j].origin_inputs, leg, w * u);
                    }
                }
                None => add(&mut result.unallocated_inputs, leg, w),
            }
        }
    }
    for (good, leg) in exports {
        let placed = link.place(good);
        add(&mut result.unmapped_exports, leg, placed.unmapped);
        for (j, w) in placed.industries {
            add(&mut result.industries[j].connector_exports, leg, w);
        }
    }
    result.input_weighted_exports = input_weighted(&result.industries);
    result
}

/// `leg += share * value` in both windows.
fn add(total: &mut Leg, value: Leg, share: f64) {
    total.base += share * value.base;
    total.compare += share * value.compare;
}

/// Window means by good of the origin's intermediates to the connector and of the
/// connector's exports (every good) to the destination.
fn route_goods(
    flows: &TradeFlows,
    windows: (YearWindow, YearWindow),
    route: Route,
    intermediate: &ProductSet,
) -> (BTreeMap<Hs6, Leg>, BTreeMap<Hs6, Leg>) {
    let (mut inputs, mut exports) = (BTreeMap::new(), BTreeMap::new());
    for i in 0..flows.len() {
        let Some((wb, wc)) = window_weights(windows, flows.year[i]) else {
            continue;
        };
        let (e, m, k) = (flows.exporter[i], flows.importer[i], flows.product[i]);
        let goods = if (e, m) == (route.origin, route.connector) && intermediate.contains(k) {
            &mut inputs
        } else if (e, m) == (route.connector, route.destination) {
            &mut exports
        } else {
            continue;
        };
        let leg: &mut Leg = goods.entry(k).or_default();
        leg.base += wb * flows.value[i];
        leg.compare += wc * flows.value[i];
    }
    (inputs, exports)
}

/// `u(s, j)` for each supplying industry `s`: the origin's sales to the connector's
/// industries, else every foreign country's, as shares (`None`: no foreign sales).
struct UserShares {
    shares: Vec<Option<Vec<f64>>>,
}

impl UserShares {
    fn new(table: &IcioTable, at: TableRoute) -> Self {
        let sectors = table.n_sectors();
        let buyer = |j: usize| at.connector * sectors + j;
        let from = |country: usize, s: usize| -> Vec<f64> {
            (0..sectors)
                .map(|j| table.z_at(country * sectors + s, buyer(j)))
                .collect()
        };
        let normalised = |row: Vec<f64>| {
            let total: f64 = row.iter().sum();
            (total > 0.0).then(|| row.iter().map(|z| z / total).collect::<Vec<f64>>())
        };
        let shares = (0..sectors)
            .map(|s| {
                normalised(from(at.origin, s)).or_else(|| {
                    let mut foreign = vec![0.0; sectors];
                    for c in (0..table.n_countries()).filter(|&c| c != at.connector) {
                        foreign
                            .iter_mut()
                            .zip(from(c, s))
                            .for_each(|(f, z)| *f += z);
                    }
                    normalised(foreign)
                })
            })
            .collect();
        Self { shares }
    }
}

/// `sum_j inputs_base(j) / sum inputs_base * exports(j)`.
fn input_weighted(industries: &[IndustryLegs]) -> Leg {
    let total: f64 = industries.iter().map(|i| i.origin_inputs.base).sum();
    if total <= 0.0 {
        return Leg::default();
    }
    industries.iter().fold(Leg::default(), |mut sum, i| {
        add(&mut sum, i.connector_exports, i.origin_inputs.base / total);
        sum
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_exposure::{HsIsicTable, SplitRule};
    use chainlens_model::{CountryCode, FinalDemandColumn, Year};

    /// CHN, VNM, USA with two industries `C26` (electronics) and `C13T15` (textiles).
    /// VNM buys CHN's electronics for its electronics (Z = 30) and its textiles (Z = 10),
    /// and buys no textiles from anyone.
    fn table() -> IcioTable {
        let (g, s) = (3, 2);
        let mut z = vec![0.0; g * s * g * s];
        let n = g * s;
        z[4] = 30.0; // row CHN_C26 (0), column VNM_C26 (4)
        z[5] = 10.0; // row CHN_C26, column VNM_C13T15 (5)
        IcioTable {
            countries: vec!["CHN".into(), "USA".into(), "VNM".into()],
            sectors: vec!["C26".into(), "C13T15".into()],
            z,
            y: vec![0.0; n],
            fd_columns: vec![FinalDemandColumn {
                country: "USA".into(),
                category: "HFCE".into(),
            }],
            va: vec![100.0; n],
            x: vec![100.0; n],
            ..Default::default()
        }
    }

    #[test]
    fn origin_inputs_follow_the_table_and_exports_their_goods() {
        // The concordance sends chips 854231 to division 26 (C26) and T-shirts 610910 to
        // 14 (C13T15). CHN -> VNM chips: 40 in 2018, 80 in 2023, shared 30:10 between
        // VNM_C26 and VNM_C13T15 as the table's CHN_C26 sales. VNM -> USA: chips (C26)
        // 10 -> 30, T-shirts (C13T15) 50 -> 50.
        let concordance =
            HsIsicTable::parse("hs,isic_division\n854231,26\n610910,14\n", "test").unwrap();
        let t = table();
        let link = GoodsToIndustries::new(&concordance, &t, SplitRule::Equal);
        let (chn, vnm, usa) = (
            CountryCode::new(156).unwrap(),
            CountryCode::new(704).unwrap(),
            CountryCode::new(840).unwrap(),
        );
        let (chip, shirt) = (Hs6(854231), Hs6(610910));
        let mut f = TradeFlows::default();
        f.push(Year(2018), chn, vnm, chip, 40.0, None);
        f.push(Year(2023), chn, vnm, chip, 80.0, None);
        f.push(Year(2018), vnm, usa, chip, 10.0, None);
        f.push(Year(2023), vnm, usa, chip, 30.0, None);
        f.push(Year(2018), vnm, usa, shirt, 50.0, None);
        f.push(Year(2023), vnm, usa, shirt, 50.0, None);
        let w = |t| YearWindow::parse(t).unwrap();
        let route = Route {
            origin: chn,
            connector: vnm,
            destination: usa,
        };
        let at = TableRoute {
            origin: 0,
            connector: 2,
        };
        let universe: ProductSet = [chip].into_iter().collect();
        let r = connector_industries(
            &f,
            (w("2018"), w("2023")),
            route,
            &universe,
            (&t, at),
            &link,
        );
        let leg = |base, compare| Leg { base, compare };
        assert_eq!(r.industries[0].origin_inputs, leg(30.0, 60.0));
        assert_eq!(r.industries[1].origin_inputs, leg(10.0, 20.0));
        assert_eq!(r.industries[0].connector_exports, leg(10.0, 30.0));
        assert_eq!(r.industries[1].connector_exports, leg(50.0, 50.0));
        // Weighted by the base input shares 3/4 and 1/4: 3/4*10 + 1/4*50 = 20, then
        // 3/4*30 + 1/4*50 = 35: the industries using China's inputs export 75 % more,
        // against 60 -> 80 (+33 %) for all of VNM's exports.
        assert_eq!(r.input_weighted_exports, leg(20.0, 35.0));
        assert_eq!(r.unmapped_inputs, Leg::default());
        assert_eq!(r.unallocated_inputs, Leg::default());
    }
}
