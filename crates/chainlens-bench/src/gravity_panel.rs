//! A SYNTHETIC gravity panel for benchmarks of `chainlens gravity estimate` at scale
//! (issue 20: 200 countries x 20 years = 800,000 rows): every exporter-importer pair of
//! every year, domestic flows included, with the Guide's columns (`DIST`, `CNTG`, `RTA`).
//!
//! Countries sit at random points of a unit square (`DIST` is 100 + 10,000 times the
//! distance, `CNTG` 1 under 0.08); each has a size `s_i = (1 + 4 u_i)^3` that grows at its
//! own rate. Trade is `exp(ln s_i + ln s_j - 0.9 ln DIST + 0.4 CNTG + 0.5 RTA + e)` with pair noise
//! `e ~ N(0, 0.8^2)` (fixed over time) and yearly noise `N(0, 0.3^2)`, rounded to 0 under
//! 0.5 (about half the international flows of 200 countries); domestic trade is 20 s_i^2. Agreements start in a random year for 3 % of the pairs and stay. The same
//! arguments give the same bytes.

use crate::synthetic::Rng;
use std::fmt::Write;

/// The panel as CSV text (`exporter,importer,year,trade,DIST,CNTG,RTA`), first year 2001.
pub fn gravity_panel_csv(countries: usize, years: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let place: Vec<(f64, f64)> = (0..countries)
        .map(|_| (rng.uniform(), rng.uniform()))
        .collect();
    let size: Vec<f64> = (0..countries).map(|_| 1.0 + 4.0 * rng.uniform()).collect();
    let growth: Vec<f64> = (0..countries)
        .map(|_| 0.01 + 0.04 * rng.uniform())
        .collect();
    let n = countries;
    let pair_noise: Vec<f64> = (0..n * n).map(|_| 0.8 * rng.normal()).collect();
    let agreement_year: Vec<Option<usize>> = (0..n * n)
        .map(|_| (rng.uniform() < 0.03).then(|| (rng.next_u64() % years as u64) as usize))
        .collect();
    let mut csv = String::from("exporter,importer,year,trade,DIST,CNTG,RTA\n");
    for t in 0..years {
        let ln_size = |i: usize| size[i].ln() * 3.0 + growth[i] * t as f64;
        for i in 0..n {
            for j in 0..n {
                let (dx, dy) = (place[i].0 - place[j].0, place[i].1 - place[j].1);
                let distance = (dx * dx + dy * dy).sqrt();
                let dist = 100.0 + 10_000.0 * distance;
                let cntg = u8::from(i != j && distance < 0.08);
                // An agreement binds both directions from the year of the lower-indexed pair.
                let key = i.min(j) * n + i.max(j);
                let rta = u8::from(i != j && agreement_year[key].is_some_and(|y| t >= y));
                let trade = if i == j {
                    20.0 * (2.0 * ln_size(i)).exp()
                } else {
                    let ln = ln_size(i) + ln_size(j) - 0.9 * dist.ln()
                        + 0.4 * f64::from(cntg)
                        + 0.5 * f64::from(rta)
                        + pair_noise[key]
                        + 0.3 * rng.normal();
                    let value = ln.exp();
                    if value < 0.5 {
                        0.0
                    } else {
                        (value * 1000.0).round() / 1000.0
                    }
                };
                let _ = writeln!(
                    csv,
                    "C{i:03},C{j:03},{},{trade},{dist:.3},{cntg},{rta}",
                    2001 + t
                );
            }
        }
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_of_every_year_once_and_the_same_bytes_again() {
        let csv = gravity_panel_csv(5, 3, 7);
        assert_eq!(csv.lines().count(), 1 + 5 * 5 * 3);
        assert_eq!(csv, gravity_panel_csv(5, 3, 7));
        assert!(csv.lines().nth(1).unwrap().starts_with("C000,C000,2001,"));
        // Domestic trade is 20 s^2 with s at least 1.
        let domestic: f64 = csv
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .nth(3)
            .unwrap()
            .parse()
            .unwrap();
        assert!(domestic >= 20.0);
    }
}
