//! Reallocation away from a named supplier, METHODS §5: the goods where supplier `X` lost
//! share in an importer's imports between two windows, and who gained it.
//!
//! # What it measures
//! For each importer `m` and good `k` imported in both windows where `X`'s share fell,
//! how much share `X` lost, which suppliers gained, and how much of `X`'s loss each gainer
//! took (Alfaro & Chor 2023: who replaced China in US imports).
//!
//! # Formula
//! With `Δs(e) = s(m,k,e,compare) - s(m,k,e,base)` ([`crate::supplier_shares`]) and
//! `Δs(X) < 0`: gains `G = sum_{e: Δs(e) > 0} Δs(e)`, other losses
//! `O = sum_{e != X: Δs(e) < 0} Δs(e)`, so that `Δs(X) + G + O = 0`. Gainer `e` takes
//! `t(e) = -Δs(X) Δs(e) / G` of `X`'s loss (its part of the gains); by value
//! `t(e) M(m,k,compare)`, in the compare window's USD a year.
//!
//! # Parameters and defaults
//! The named supplier `X`; only goods imported in both windows count.
//!
//! # Reference
//! Alfaro & Chor (2023), Figure 5: the fall of China's share of US imports and the
//! gains of Vietnam and Mexico. No figure is reproduced (BACI, not US customs data).
//!
//! # Complexity
//! One pass over the share rows, O(rows).
//!
//! # Example
//! ```
//! use chainlens_model::{CanonicalFlows, CountryCode, Hs6, TradeFlows, Year, YearWindow};
//! use chainlens_restructuring::{Selection, reallocation, supplier_shares};
//! let (chn, usa, vnm) = (CountryCode::new(156).unwrap(), CountryCode::new(840).unwrap(), CountryCode::new(704).unwrap());
//! let mut flows = TradeFlows::default();
//! flows.push(Year(2017), chn, usa, Hs6(850440), 80.0, None);
//! flows.push(Year(2017), vnm, usa, Hs6(850440), 20.0, None);
//! flows.push(Year(2023), chn, usa, Hs6(850440), 50.0, None);
//! flows.push(Year(2023), vnm, usa, Hs6(850440), 50.0, None);
//! let flows = CanonicalFlows::try_from(flows).unwrap();
//! let w = |t| YearWindow::parse(t).unwrap();
//! let shares = supplier_shares(&flows, w("2017"), w("2023"), &Selection::default()).unwrap();
//! let (goods, gains) = reallocation(&shares, chn);
//! assert_eq!(goods[0].loser_change, 0.5 - 0.8);
//! assert_eq!((gains[0].gainer, gains[0].value_taken), (vnm, (0.8 - 0.5) * 100.0));
//! ```

use crate::supplier_shares::SupplierShare;
use chainlens_model::{CountryCode, Hs6};

/// One good where the named supplier lost share.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReallocatedGood {
    /// The importer.
    pub importer: CountryCode,
    /// The good.
    pub hs6: Hs6,
    /// The named supplier `X`.
    pub loser: CountryCode,
    /// `X`'s share in the base window.
    pub loser_share_base: f64,
    /// `X`'s share in the compare window.
    pub loser_share_compare: f64,
    /// `Δs(X)`, negative.
    pub loser_change: f64,
    /// `G`: the gainers' share gains.
    pub gains: f64,
    /// `O`: the other losers' share changes (zero or negative).
    pub other_losses: f64,
    /// `M(m,k)` in the base window.
    pub import_value_base: f64,
    /// `M(m,k)` in the compare window.
    pub import_value_compare: f64,
    /// Suppliers that gained share.
    pub gainers: usize,
    /// The largest gainer, if any.
    pub top_gainer: Option<CountryCode>,
}

/// One gainer of one good where the named supplier lost share.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gain {
    /// The importer.
    pub importer: CountryCode,
    /// The good.
    pub hs6: Hs6,
    /// The named supplier `X`.
    pub loser: CountryCode,
    /// The gainer `e`.
    pub gainer: CountryCode,
    /// `Δs(e)`, positive.
    pub gain: f64,
    /// `t(e)`: its part of `X`'s loss.
    pub taken: f64,
    /// `t(e) M(m,k,compare)`, USD a year.
    pub value_taken: f64,
}

/// The goods where `loser` lost share and their gainers, from share rows sorted by
/// importer and good ([`crate::supplier_shares`]).
pub fn reallocation(
    shares: &[SupplierShare],
    loser: CountryCode,
) -> (Vec<ReallocatedGood>, Vec<Gain>) {
    let (mut goods, mut gains) = (Vec::new(), Vec::new());
    for group in shares.chunk_by(|a, b| (a.importer, a.hs6) == (b.importer, b.hs6)) {
        if let Some(good) = reallocated_good(group, loser) {
            gains.extend(group_gains(group, &good));
            goods.push(good);
        }
    }
    (goods, gains)
}

/// The good's loss of `loser`, when it imports in both windows and `loser` lost share.
fn reallocated_good(group: &[SupplierShare], loser: CountryCode) -> Option<ReallocatedGood> {
    let x = group.iter().find(|r| r.exporter == loser)?;
    if !x.in_both || x.change >= 0.0 {
        return None;
    }
    let gains: f64 = group.iter().map(|r| r.change).filter(|&c| c > 0.0).sum();
    let other_losses: f64 = group
        .iter()
        .filter(|r| r.exporter != loser && r.change < 0.0)
        .map(|r| r.change)
        .sum();
    let top = group.iter().filter(|r| r.change > 0.0).max_by(|a, b| {
        a.change
            .total_cmp(&b.change)
            .then(b.exporter.cmp(&a.exporter))
    });
    Some(ReallocatedGood {
        importer: x.importer,
        hs6: x.hs6,
        loser,
        loser_share_base: x.share_base,
        loser_share_compare: x.share_compare,
        loser_change: x.change,
        gains,
        other_losses,
        import_value_base: x.import_value_base,
        import_value_compare: x.import_value_compare,
        gainers: group.iter().filter(|r| r.change > 0.0).count(),
        top_gainer: top.map(|r| r.exporter),
    })
}

fn group_gains<'a>(
    group: &'a [SupplierShare],
    good: &'a ReallocatedGood,
) -> impl Iterator<Item = Gain> + 'a {
    group.iter().filter(|r| r.change > 0.0).map(move |r| {
        let taken = -good.loser_change * r.change / good.gains;
        Gain {
            importer: good.importer,
            hs6: good.hs6,
            loser: good.loser,
            gainer: r.exporter,
            gain: r.change,
            taken,
            value_taken: taken * good.import_value_compare,
        }
    })
}

/// What one gainer took from the named supplier in one importer's imports, over goods.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GainerTotal {
    /// The importer.
    pub importer: CountryCode,
    /// The named supplier.
    pub loser: CountryCode,
    /// The gainer.
    pub gainer: CountryCode,
    /// Goods where it gained while the named supplier lost.
    pub goods: usize,
    /// `sum_k t(e) M(m,k,compare)`, USD a year.
    pub value_taken: f64,
}

/// [`Gain`]s summed by importer and gainer, largest value taken first within an importer.
pub fn gainer_totals(gains: &[Gain]) -> Vec<GainerTotal> {
    let mut sorted: Vec<&Gain> = gains.iter().collect();
    sorted.sort_by_key(|g| (g.importer, g.gainer, g.hs6));
    let mut totals: Vec<GainerTotal> = sorted
        .chunk_by(|a, b| (a.importer, a.gainer) == (b.importer, b.gainer))
        .map(|group| GainerTotal {
            importer: group[0].importer,
            loser: group[0].loser,
            gainer: group[0].gainer,
            goods: group.len(),
            value_taken: group.iter().map(|g| g.value_taken).sum(),
        })
        .collect();
    totals.sort_by(|a, b| {
        a.importer
            .cmp(&b.importer)
            .then(b.value_taken.total_cmp(&a.value_taken))
            .then(a.gainer.cmp(&b.gainer))
    });
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Selection, supplier_shares};
    use chainlens_model::{TradeFlows, Year, YearWindow};

    #[test]
    fn what_the_loser_loses_the_others_gain() {
        // Base: CHN 70, DEU 20, VNM 10 (shares .7 .2 .1). Compare: CHN 40, DEU 10, VNM 30,
        // MEX 20 (.4 .1 .3 .2). CHN loses .3, DEU loses .1 (other losses), VNM gains .2
        // and MEX .2: G = .4, and each gainer takes .3 * .2 / .4 = .15 of CHN's loss.
        let (chn, deu, vnm, mex, usa) = (
            CountryCode::new(156).unwrap(),
            CountryCode::new(276).unwrap(),
            CountryCode::new(704).unwrap(),
            CountryCode::new(484).unwrap(),
            CountryCode::new(840).unwrap(),
        );
        let k = Hs6(850440);
        let mut f = TradeFlows::default();
        for (e, v) in [(chn, 70.0), (deu, 20.0), (vnm, 10.0)] {
            f.push(Year(2017), e, usa, k, v, None);
        }
        for (e, v) in [(chn, 40.0), (deu, 10.0), (mex, 20.0), (vnm, 30.0)] {
            f.push(Year(2023), e, usa, k, v, None);
        }
        let f = f.try_into().unwrap();
        let w = |t| YearWindow::parse(t).unwrap();
        let shares = supplier_shares(&f, w("2017"), w("2023"), &Selection::default()).unwrap();
        let (goods, gains) = reallocation(&shares, chn);
        let g = &goods[0];
        assert!((g.loser_change - -0.3).abs() < 1e-15);
        assert!((g.gains - 0.4).abs() < 1e-15 && (g.other_losses - -0.1).abs() < 1e-15);
        assert!((g.loser_change + g.gains + g.other_losses).abs() <= 1e-12);
        assert_eq!(g.gainers, 2);
        let taken: Vec<(CountryCode, f64)> = gains.iter().map(|x| (x.gainer, x.taken)).collect();
        assert_eq!(taken.len(), 2);
        for (e, t) in taken {
            assert!([mex, vnm].contains(&e));
            assert!((t - 0.15).abs() < 1e-15, "{t}");
        }
        let sum_taken: f64 = gains.iter().map(|x| x.taken).sum();
        assert!((sum_taken + g.loser_change).abs() <= 1e-12);
        let totals = gainer_totals(&gains);
        assert_eq!(totals.len(), 2);
        assert!((totals[0].value_taken - 15.0).abs() < 1e-12);
        // DEU lost too, but it is not the named supplier; a gainer is never a loser.
        assert!(reallocation(&shares, vnm).0.is_empty());
    }
}
