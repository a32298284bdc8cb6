//! Yearly sourcing indices of each importer, METHODS §5: the import-weighted political
//! distance of its suppliers (friend-shoring), their import-weighted geographic distance
//! (near-shoring), and the share of its largest supplier.
//!
//! # What it measures
//! Whether an importer's suppliers are, year by year, politically closer (Alfaro & Chor
//! 2023 use UN General Assembly ideal-point distance), geographically nearer, or fewer.
//!
//! # Formula
//! With `V(e,m,t) = sum_{k in goods} v(e,m,k,t)` (one year, no window):
//! * political distance `PD(m,t) = sum_e V(e,m,t) d(m,e) / sum_{e: d known} V(e,m,t)`,
//!   `d` in \[0,1\] as METHODS §1.7 (fixed over the years, so that a change is a change
//!   of suppliers, not of politics); `political_coverage` = share of `V` with a known `d`;
//! * geographic distance `GD(m,t)`: the same with `g(m,e)` in km;
//! * top supplier share `max_e V(e,m,t) / sum_e V(e,m,t)`.
//!
//! # Parameters and defaults
//! Goods and importers of a [`Selection`]; `d` and `g` are the caller's (METHODS §1.7's
//! ideal points; a distance file such as CEPII GeoDist's `dist`).
//!
//! # Reference
//! Alfaro & Chor (2023), section 4 (the US import-weighted ideal-point distance of
//! suppliers fell from 2017).
//!
//! # Complexity
//! One pass over the flows with a dense importer x exporter accumulator per year, O(rows
//! + years x countries²), years in parallel.

use crate::selection::Selection;
use chainlens_model::{CanonicalFlows, CountryCode, CountryVec, TradeFlows, Year};
use chainlens_trade_network::PoliticalDistance;
use rayon::prelude::*;

const N: usize = CountryCode::COUNT;

/// Geographic distance between pairs of country codes, km; unknown pairs are `NaN`.
#[derive(Clone, Debug, PartialEq)]
pub struct GeographicDistance {
    km: Vec<f64>,
}

impl GeographicDistance {
    /// From `(origin, destination, km)` pairs, each also set in reverse unless the reverse
    /// is given too.
    pub fn from_pairs(pairs: &[(CountryCode, CountryCode, f64)]) -> Self {
        let mut km = vec![f64::NAN; N * N];
        let at = |a: CountryCode, b: CountryCode| a.index() * N + b.index();
        for &(a, b, d) in pairs {
            if km[at(b, a)].is_nan() {
                km[at(b, a)] = d;
            }
        }
        for &(a, b, d) in pairs {
            km[at(a, b)] = d;
        }
        Self { km }
    }

    /// The distance from `a` to `b`, if known.
    pub fn get(&self, a: CountryCode, b: CountryCode) -> Option<f64> {
        let v = self.km[a.index() * N + b.index()];
        (!v.is_nan()).then_some(v)
    }
}

/// One importer's indices in one year.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourcingIndex {
    /// The importer.
    pub importer: CountryCode,
    /// The year.
    pub year: Year,
    /// `sum_e V(e,m,t)`, USD.
    pub import_value: f64,
    /// Suppliers with `V > 0`.
    pub suppliers: usize,
    /// `PD(m,t)`, when some supplier's distance is known.
    pub political_distance: Option<f64>,
    /// Share of imports whose supplier has a known political distance.
    pub political_coverage: f64,
    /// `GD(m,t)` in km, when some supplier's distance is known.
    pub geographic_distance_km: Option<f64>,
    /// Share of imports whose supplier has a known geographic distance.
    pub geographic_coverage: f64,
    /// The largest supplier.
    pub top_supplier: CountryCode,
    /// Its share of `m`'s imports.
    pub top_supplier_share: f64,
}

/// The distances the indices weight; either may be absent.
#[derive(Clone, Copy, Debug, Default)]
pub struct Distances<'a> {
    /// Political distance in \[0,1\].
    pub political: Option<&'a PoliticalDistance>,
    /// Geographic distance in km.
    pub geographic: Option<&'a GeographicDistance>,
}

/// Every selected importer's indices in every year of a canonical table, by importer
/// and year.
pub fn sourcing_indices(
    flows: &CanonicalFlows,
    selection: &Selection,
    distances: Distances,
) -> Vec<SourcingIndex> {
    let years = flows.years();
    let per_year: Vec<Vec<SourcingIndex>> = years
        .par_iter()
        .map(|&t| {
            let rows =
                flows.year.partition_point(|&y| y < t)..flows.year.partition_point(|&y| y <= t);
            year_indices(flows, rows, t, selection, distances)
        })
        .collect();
    let mut out = per_year.concat();
    out.sort_by_key(|r| (r.importer, r.year));
    out
}

fn year_indices(
    flows: &TradeFlows,
    rows: std::ops::Range<usize>,
    t: Year,
    selection: &Selection,
    distances: Distances,
) -> Vec<SourcingIndex> {
    let mut v = vec![0.0; N * N];
    let mut importers = CountryVec::new(false);
    for i in rows {
        let (e, m) = (flows.exporter[i], flows.importer[i]);
        if selection.importer(m) && selection.good(flows.product[i]) {
            v[m.index() * N + e.index()] += flows.value[i];
            importers[m] = true;
        }
    }
    importers
        .iter()
        .filter(|&(_, &kept)| kept)
        .map(|(m, _)| {
            let by_exporter = &v[m.index() * N..(m.index() + 1) * N];
            importer_index(m, t, by_exporter, distances)
        })
        .collect()
}

/// Weighted mean of a distance over suppliers with a known one, and the weight covered;
/// `values` are dense by exporter code.
fn weighted(values: &[f64], distance: impl Fn(CountryCode) -> Option<f64>) -> (Option<f64>, f64) {
    let (mut num, mut known, mut total) = (0.0, 0.0, 0.0);
    for (e, &x) in CountryCode::all().zip(values) {
        total += x;
        if let Some(d) = distance(e).filter(|_| x > 0.0) {
            num += x * d;
            known += x;
        }
    }
    let coverage = if total > 0.0 { known / total } else { 0.0 };
    ((known > 0.0).then(|| num / known), coverage)
}

fn importer_index(m: CountryCode, t: Year, by_exporter: &[f64], d: Distances) -> SourcingIndex {
    let total: f64 = by_exporter.iter().sum();
    let (top, top_value) =
        CountryCode::all()
            .zip(by_exporter)
            .fold((CountryCode::default(), 0.0), |best, (e, &x)| {
                if x > best.1 { (e, x) } else { best }
            });
    let (political_distance, political_coverage) = match d.political {
        Some(p) => weighted(by_exporter, |e| p.get(m, e)),
        None => (None, 0.0),
    };
    let (geographic_distance_km, geographic_coverage) = match d.geographic {
        Some(g) => weighted(by_exporter, |e| g.get(m, e)),
        None => (None, 0.0),
    };
    SourcingIndex {
        importer: m,
        year: t,
        import_value: total,
        suppliers: by_exporter.iter().filter(|&&x| x > 0.0).count(),
        political_distance,
        political_coverage,
        geographic_distance_km,
        geographic_coverage,
        top_supplier: top,
        top_supplier_share: if total > 0.0 { top_value / total } else { 0.0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::Hs6;

    #[test]
    fn indices_weight_suppliers_by_imports() {
        // USA buys 60 from CHN and 40 from MEX in 2017; 20, 70 and 10 from CAN in 2023.
        // Political distance CHN-USA 1, MEX-USA 0.25; km 11,000 and 2,000; CAN has none.
        // 2017: PD = (60 + 10) / 100 = 0.7, GD = (660,000 + 80,000) / 100 = 7,400.
        let (chn, usa, mex, can) = (
            CountryCode::new(156).unwrap(),
            CountryCode::new(840).unwrap(),
            CountryCode::new(484).unwrap(),
            CountryCode::new(124).unwrap(),
        );
        let mut f = TradeFlows::default();
        let k = Hs6(850440);
        f.push(Year(2017), chn, usa, k, 60.0, None);
        f.push(Year(2017), mex, usa, k, 40.0, None);
        f.push(Year(2023), can, usa, k, 10.0, None);
        f.push(Year(2023), chn, usa, k, 20.0, None);
        f.push(Year(2023), mex, usa, k, 70.0, None);
        let f = CanonicalFlows::try_from(f).unwrap();
        let political =
            PoliticalDistance::from_pairs(&[(chn, usa, 1.0), (mex, usa, 0.25)]).unwrap();
        let geographic =
            GeographicDistance::from_pairs(&[(usa, chn, 11_000.0), (usa, mex, 2_000.0)]);
        let d = Distances {
            political: Some(&political),
            geographic: Some(&geographic),
        };
        let rows = sourcing_indices(&f, &Selection::default(), d);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].political_distance, Some(0.7));
        assert_eq!(rows[0].geographic_distance_km, Some(7_400.0));
        assert_eq!(
            (rows[0].top_supplier, rows[0].top_supplier_share),
            (chn, 0.6)
        );
        // 2023: CAN (10) has no distance: PD = (20 + 17.5) / 90, coverage 0.9.
        assert!((rows[1].political_distance.unwrap() - 37.5 / 90.0).abs() < 1e-15);
        assert!((rows[1].political_coverage - 0.9).abs() < 1e-15);
        assert!((rows[1].geographic_distance_km.unwrap() - 360_000.0 / 90.0).abs() < 1e-9);
        assert_eq!(
            (rows[1].top_supplier, rows[1].top_supplier_share),
            (mex, 0.7)
        );
        assert_eq!(rows[1].suppliers, 3);
        let none = sourcing_indices(&f, &Selection::default(), Distances::default());
        assert_eq!(
            (none[0].political_distance, none[0].political_coverage),
            (None, 0.0)
        );
    }
}
