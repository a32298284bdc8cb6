//! Geopolitics-adjusted supply risk, METHODS §1.7.
//!
//! # What it measures
//! How risky an importer's intermediate supply is on economic grounds alone, and how much
//! riskier once the political distance to its suppliers, weighted by their capability to
//! interrupt supply, is counted.
//!
//! # Formula
//! `R_econ(m) = sum_k w(m,k) C(k) H(m,k)` and
//! `R_pol(m) = sum_k w(m,k) sum_e q(e|m,k) d(m,e) s(e,k)`, with `w`, `C`, `H`, `q` as in
//! §1.2-1.5 (HHI centrality), `s(e,k) = X(e,k) / X(k)` the supplier's world share and
//! `d(m,e)` in \[0,1\]. Reported with `R_total = R_econ + R_pol`, the relative change
//! `R_pol / R_econ`, and the importer's rank by `R_econ` and by `R_total`.
//!
//! # Parameters and defaults
//! `d` from UN General Assembly ideal points (Bailey, Strezhnev & Voeten, June 2024):
//! `|ideal(m) - ideal(e)|` averaged over the chosen sessions, divided by the largest such
//! gap, see [`PoliticalDistance::from_ideal_points`]; or a bloc table (0 inside a bloc, 1
//! across) or explicit pairs. A pair without a distance (Taiwan has no UN vote) gets the mean
//! of the known distances, and the import share so imputed is reported.
//!
//! # Reference
//! Seed 000: once politics is counted, China's supply risk rises markedly while that of the
//! United States barely moves.
//!
//! # Complexity
//! One pass over the window's flows, O(flows), plus O(countries^2) for the distance matrix.
//!
//! # Example
//! ```
//! use chainlens_model::CountryCode;
//! use chainlens_trade_network::PoliticalDistance;
//! let d = PoliticalDistance::from_ideal_points(&[(CountryCode::new(842).unwrap(), 2.5), (CountryCode::new(156).unwrap(), -0.5), (CountryCode::new(392).unwrap(), 1.5)]);
//! assert_eq!(d.get(CountryCode::new(842).unwrap(), CountryCode::new(156).unwrap()), Some(1.0));
//! assert_eq!(d.get(CountryCode::new(842).unwrap(), CountryCode::new(392).unwrap()), Some(1.0 / 3.0));
//! ```

use crate::VulnerabilityError;
use crate::export_centrality::{CentralityMeasure, export_centrality};
use crate::import_concentration::ImporterAccumulator;
use crate::window::{WindowFlow, WindowedFlows};
use chainlens_model::{CanonicalFlows, CountryCode, CountryVec, ProductSet, YearWindow};
use rayon::prelude::*;

const N: usize = CountryCode::COUNT;

/// Political distance between every pair of country codes, in \[0,1\]; `NaN` where unknown.
#[derive(Clone, Debug, PartialEq)]
pub struct PoliticalDistance {
    d: Vec<f64>,
}

impl PoliticalDistance {
    fn empty() -> Self {
        Self {
            d: vec![f64::NAN; N * N],
        }
    }

    fn set(&mut self, a: CountryCode, b: CountryCode, value: f64) {
        self.d[a.index() * N + b.index()] = value;
        self.d[b.index() * N + a.index()] = value;
    }

    /// The distance of a pair, if known.
    pub fn get(&self, a: CountryCode, b: CountryCode) -> Option<f64> {
        let v = self.d[a.index() * N + b.index()];
        (!v.is_nan()).then_some(v)
    }

    /// `|ideal(a) - ideal(b)|` divided by the largest gap among the countries given.
    pub fn from_ideal_points(points: &[(CountryCode, f64)]) -> Self {
        let (lo, hi) = points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p.1), hi.max(p.1))
            });
        let range = hi - lo;
        let mut out = Self::empty();
        for &(a, x) in points {
            for &(b, y) in points {
                out.set(
                    a,
                    b,
                    if range > 0.0 {
                        (x - y).abs() / range
                    } else {
                        0.0
                    },
                );
            }
        }
        out
    }

    /// 0 between members of one bloc, 1 between members of different blocs.
    pub fn from_blocs(members: &[(CountryCode, String)]) -> Self {
        let mut out = Self::empty();
        for (a, bloc_a) in members {
            for (b, bloc_b) in members {
                out.set(*a, *b, if bloc_a == bloc_b { 0.0 } else { 1.0 });
            }
        }
        out
    }

    /// Explicit pairs (symmetric); every value must lie in \[0,1\].
    pub fn from_pairs(
        pairs: &[(CountryCode, CountryCode, f64)],
    ) -> Result<Self, (CountryCode, CountryCode, f64)> {
        let mut out = Self::empty();
        for &(a, b, v) in pairs {
            if !(0.0..=1.0).contains(&v) {
                return Err((a, b, v));
            }
            out.set(a, b, v);
        }
        for c in CountryCode::all() {
            if out.get(c, c).is_none() && pairs.iter().any(|p| p.0 == c || p.1 == c) {
                out.set(c, c, 0.0);
            }
        }
        Ok(out)
    }

    /// Mean of the known distances between different countries (the stand-in for unknown pairs).
    pub fn mean(&self) -> f64 {
        let (sum, n) = (0..N * N)
            .filter(|i| i / N != i % N)
            .map(|i| self.d[i])
            .filter(|v| !v.is_nan())
            .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        if n == 0 { 0.0 } else { sum / n as f64 }
    }
}

/// The risk of one importer.
#[derive(Clone, Debug, PartialEq)]
pub struct ImporterRisk {
    /// The importer.
    pub importer: CountryCode,
    /// Its intermediate goods.
    pub goods: usize,
    /// `R_econ(m)`.
    pub r_econ: f64,
    /// `R_pol(m)`.
    pub r_pol: f64,
    /// `R_econ + R_pol`.
    pub r_total: f64,
    /// `R_pol / R_econ`.
    pub relative_change: f64,
    /// Rank by `R_econ`, 1 = riskiest.
    pub rank_econ: usize,
    /// Rank by `R_total`, 1 = riskiest.
    pub rank_total: usize,
    /// Share of the importer's intermediate imports (value) whose supplier distance was imputed.
    pub distance_imputed_share: f64,
}

/// Per-importer sums: `sum w C H` numerator parts before dividing by the importer's total.
#[derive(Clone, Copy, Default)]
struct Sums {
    goods: usize,
    total: f64,
    econ: f64,
    pol: f64,
    imputed: f64,
}

fn chapter_sums(
    window: &WindowedFlows,
    chapter: u32,
    universe: &ProductSet,
    distance: &PoliticalDistance,
    fallback: f64,
) -> CountryVec<Sums> {
    let mut sums = CountryVec::new(Sums::default());
    let mut buffer: Vec<WindowFlow> = Vec::new();
    let mut accumulator = ImporterAccumulator::default();
    let mut world_share = CountryVec::new(0.0);
    let mut exports = Vec::new();
    let mut by_importer = Vec::new();
    let mut political = CountryVec::new((0.0, 0.0));
    window.for_each_good(
        chapter * 10_000..(chapter + 1) * 10_000,
        &mut buffer,
        |good, flows| {
            if !universe.contains(good) {
                return;
            }
            exports.clear();
            let mut i = 0;
            while i < flows.len() {
                let (e, mut x) = (flows[i].0, 0.0);
                while i < flows.len() && flows[i].0 == e {
                    x += flows[i].2;
                    i += 1;
                }
                exports.push((e, x));
            }
            let values: Vec<f64> = exports.iter().map(|p| p.1).collect();
            let total: f64 = values.iter().sum();
            let c = export_centrality(&values, 0, CentralityMeasure::Hhi);
            for &(e, x) in &exports {
                world_share[e] = x / total;
            }
            for &(e, m, v) in flows {
                let d = distance.get(m, e);
                let slot = &mut political[m];
                slot.0 += v * d.unwrap_or(fallback) * world_share[e];
                if d.is_none() {
                    slot.1 += v;
                }
            }
            by_importer.clear();
            by_importer.extend(flows.iter().map(|&(_, m, v)| (m, v)));
            for (m, value, h) in accumulator.concentrations(&by_importer) {
                let s = &mut sums[m];
                let (pol, imputed) = std::mem::take(&mut political[m]);
                s.goods += 1;
                s.total += value;
                s.econ += value * c * h;
                s.pol += pol; // = M(m,k) * sum_e q(e|m,k) d(m,e) s(e,k)
                s.imputed += imputed;
            }
            for &(e, _) in &exports {
                world_share[e] = 0.0;
            }
        },
    );
    sums
}

/// `R_econ` and `R_pol` of every importer of at least one universe good, by code.
pub fn geopolitical_risk(
    flows: &CanonicalFlows,
    universe: &ProductSet,
    window: Option<YearWindow>,
    distance: &PoliticalDistance,
) -> Result<Vec<ImporterRisk>, VulnerabilityError> {
    let windowed = WindowedFlows::new(flows, window)?;
    let fallback = distance.mean();
    let partials: Vec<CountryVec<Sums>> = (0..100u32)
        .into_par_iter()
        .map(|c| chapter_sums(&windowed, c, universe, distance, fallback))
        .collect();
    let mut sums = CountryVec::new(Sums::default());
    for part in partials {
        for ((_, s), (_, p)) in sums.iter_mut().zip(part.iter()) {
            s.goods += p.goods;
            s.total += p.total;
            s.econ += p.econ;
            s.pol += p.pol;
            s.imputed += p.imputed;
        }
    }
    let mut risks: Vec<ImporterRisk> = sums
        .iter()
        .filter(|(_, s)| s.goods > 0)
        .map(|(importer, s)| {
            let (r_econ, r_pol) = (s.econ / s.total, s.pol / s.total);
            ImporterRisk {
                importer,
                goods: s.goods,
                r_econ,
                r_pol,
                r_total: r_econ + r_pol,
                relative_change: r_pol / r_econ,
                rank_econ: 0,
                rank_total: 0,
                distance_imputed_share: s.imputed / s.total,
            }
        })
        .collect();
    if risks.is_empty() {
        return Err(VulnerabilityError::EmptyUniverse {
            universe: universe.len(),
        });
    }
    let mut order: Vec<usize> = (0..risks.len()).collect();
    order.sort_by(|&a, &b| risks[b].r_econ.total_cmp(&risks[a].r_econ).then(a.cmp(&b)));
    for (rank, &i) in order.iter().enumerate() {
        risks[i].rank_econ = rank + 1;
    }
    order.sort_by(|&a, &b| {
        risks[b]
            .r_total
            .total_cmp(&risks[a].r_total)
            .then(a.cmp(&b))
    });
    for (rank, &i) in order.iter().enumerate() {
        risks[i].rank_total = rank + 1;
    }
    Ok(risks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::{Hs6, TradeFlows, Year};

    #[test]
    fn two_importers_by_hand() {
        // Good 281111: JPN exports 90 to KOR and 10 to USA; CHN exports 100 to USA.
        // X: JPN 100, CHN 100 -> s = 0.5 each, C = 0.5.
        // KOR: M = 90 from JPN only, H = 1; R_econ = 1 * 0.5 * 1 = 0.5.
        //      R_pol = q(JPN) d(KOR,JPN) s(JPN) = 1 * 0.2 * 0.5 = 0.1.
        // USA: M = 110, q(JPN) = 1/11, q(CHN) = 10/11, H = (1 + 100) / 121.
        //      R_econ = 0.5 * 101/121; R_pol = (1/11 * 0.1 + 10/11 * 1.0) * 0.5.
        let (chn, jpn, kor, usa) = (
            CountryCode::new(156).unwrap(),
            CountryCode::new(392).unwrap(),
            CountryCode::new(410).unwrap(),
            CountryCode::new(842).unwrap(),
        );
        let mut flows = TradeFlows::default();
        flows.push(Year(2019), chn, usa, Hs6(281111), 100.0, None);
        flows.push(Year(2019), jpn, kor, Hs6(281111), 90.0, None);
        flows.push(Year(2019), jpn, usa, Hs6(281111), 10.0, None);
        let flows = CanonicalFlows::try_from(flows).unwrap();
        let distance = PoliticalDistance::from_pairs(&[
            (kor, jpn, 0.2),
            (usa, jpn, 0.1),
            (usa, chn, 1.0),
            (kor, chn, 0.9),
        ])
        .unwrap();
        let universe: ProductSet = [Hs6(281111)].into_iter().collect();
        let risks = geopolitical_risk(&flows, &universe, None, &distance).unwrap();
        let (k, u) = (&risks[0], &risks[1]);
        assert_eq!((k.importer, u.importer), (kor, usa));
        assert!((k.r_econ - 0.5).abs() < 1e-15 && (k.r_pol - 0.1).abs() < 1e-15);
        assert!((u.r_econ - 0.5 * 101.0 / 121.0).abs() < 1e-15);
        assert!((u.r_pol - (0.1 / 11.0 + 10.0 / 11.0) * 0.5).abs() < 1e-15);
        assert_eq!((k.rank_econ, u.rank_econ), (1, 2));
        assert_eq!(
            (k.rank_total, u.rank_total),
            (2, 1),
            "politics moves the USA ahead"
        );
        assert_eq!(k.distance_imputed_share, 0.0);
    }

    #[test]
    fn unknown_pairs_get_the_mean_and_are_reported() {
        let (a, b, c) = (
            CountryCode::new(1).unwrap(),
            CountryCode::new(2).unwrap(),
            CountryCode::new(3).unwrap(),
        );
        let d = PoliticalDistance::from_pairs(&[(a, b, 0.4)]).unwrap();
        assert_eq!(d.mean(), 0.4);
        let mut flows = TradeFlows::default();
        flows.push(Year(2019), b, a, Hs6(1), 1.0, None);
        flows.push(Year(2019), c, a, Hs6(1), 3.0, None);
        let flows = CanonicalFlows::try_from(flows).unwrap();
        let risks = geopolitical_risk(&flows, &[Hs6(1)].into_iter().collect(), None, &d).unwrap();
        assert_eq!(risks[0].distance_imputed_share, 0.75);
        assert!(PoliticalDistance::from_pairs(&[(a, b, 1.5)]).is_err());
    }

    #[test]
    fn blocs() {
        let d = PoliticalDistance::from_blocs(&[
            (CountryCode::new(1).unwrap(), "west".into()),
            (CountryCode::new(2).unwrap(), "west".into()),
            (CountryCode::new(3).unwrap(), "east".into()),
        ]);
        assert_eq!(
            d.get(CountryCode::new(1).unwrap(), CountryCode::new(2).unwrap()),
            Some(0.0)
        );
        assert_eq!(
            d.get(CountryCode::new(1).unwrap(), CountryCode::new(3).unwrap()),
            Some(1.0)
        );
        assert_eq!(
            d.get(CountryCode::new(1).unwrap(), CountryCode::new(4).unwrap()),
            None
        );
    }
}
