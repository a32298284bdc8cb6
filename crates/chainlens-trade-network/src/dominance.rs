//! Exporter dominance, METHODS §1.6.
//!
//! # What it measures
//! For each exporter, in how many intermediate goods it is the world's first or a top-3
//! supplier, overall and among high-centrality goods, and in how many high-centrality
//! goods it has a revealed comparative advantage.
//!
//! # Formula
//! Rank of `e` among the exporters of `k` by `X(e,k)` descending, ties sharing the better
//! rank (pandas `rank(method="min", ascending=False)`): `1 + #{e' : X(e',k) > X(e,k)}`.
//! Balassa `RCA(e,k) = (X(e,k) / X(e)) / (X(k) / X)`, with `X(e)`, `X(k)` and `X` over
//! ALL goods in the window, not only the universe.
//!
//! # Parameters and defaults
//! Top 1 and top 3; RCA threshold 1 (strictly greater).
//!
//! # Reference
//! Seed 000: China is a top-3 exporter of 2,247 of 3,556 intermediate goods; of 858
//! high-centrality goods it exports, it is top three in 693 and first in 444; it has an
//! advantage in more than 80 % of high-centrality goods.
//!
//! # Complexity
//! O(p log p) per good with `p` exporters.
//!
//! # Example
//! ```
//! use chainlens_trade_network::dominance_ranks;
//! // pandas: Series([5, 3, 5, 1]).rank(method="min", ascending=False) = [1, 3, 1, 4].
//! assert_eq!(dominance_ranks(&[5.0, 3.0, 5.0, 1.0]), vec![1, 3, 1, 4]);
//! ```

use chainlens_model::{CountryCode, CountryVec};

/// Dominance counts of one exporter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExporterDominance {
    /// The exporter.
    pub exporter: CountryCode,
    /// Universe goods it exports.
    pub goods_exported: u32,
    /// Goods where it ranks first.
    pub top1: u32,
    /// Goods where it ranks in the top 3.
    pub top3: u32,
    /// High-centrality goods it exports.
    pub high_centrality_exported: u32,
    /// High-centrality goods where it ranks first.
    pub high_centrality_top1: u32,
    /// High-centrality goods where it ranks in the top 3.
    pub high_centrality_top3: u32,
    /// High-centrality goods with `RCA > 1`.
    pub high_centrality_rca_gt1: u32,
}

impl ExporterDominance {
    /// Names of the counts, in the order of [`ExporterDominance::counts`] (`dominance.csv`'s columns).
    pub const COLUMNS: [&'static str; 7] = [
        "goods_exported",
        "top1",
        "top3",
        "high_centrality_exported",
        "high_centrality_top1",
        "high_centrality_top3",
        "high_centrality_rca_gt1",
    ];

    /// The counts, in the order of [`ExporterDominance::COLUMNS`].
    pub fn counts(&self) -> [u32; 7] {
        [
            self.goods_exported,
            self.top1,
            self.top3,
            self.high_centrality_exported,
            self.high_centrality_top1,
            self.high_centrality_top3,
            self.high_centrality_rca_gt1,
        ]
    }
}

/// Competition ranks (`min` method, descending) of export values.
pub fn dominance_ranks(exports: &[f64]) -> Vec<u32> {
    let mut sorted: Vec<f64> = exports.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    exports
        .iter()
        .map(|&x| 1 + sorted.partition_point(|&s| s > x) as u32)
        .collect()
}

/// One universe good as dominance needs it.
pub struct GoodExporters<'a> {
    /// `(e, X(e,k))` for every exporter of the good.
    pub exporters: &'a [(CountryCode, f64)],
    /// `X(k)`.
    pub total: f64,
    /// Whether the good is high-centrality.
    pub high: bool,
}

/// Dominance of every exporter over the goods, given `X(e)` (by code) and `X`
/// over all goods. Rows for exporters with at least one good, ascending by code.
pub fn exporter_dominance<'a>(
    goods: impl Iterator<Item = GoodExporters<'a>>,
    exporter_totals: &CountryVec<f64>,
    world_total: f64,
) -> Vec<ExporterDominance> {
    let mut rows = CountryVec::from_fn(|exporter| ExporterDominance {
        exporter,
        ..Default::default()
    });
    let mut values = Vec::new();
    for good in goods {
        values.clear();
        values.extend(good.exporters.iter().map(|p| p.1));
        let ranks = dominance_ranks(&values);
        for (&(e, x), rank) in good.exporters.iter().zip(ranks) {
            let row = &mut rows[e];
            row.goods_exported += 1;
            row.top1 += u32::from(rank == 1);
            row.top3 += u32::from(rank <= 3);
            if good.high {
                row.high_centrality_exported += 1;
                row.high_centrality_top1 += u32::from(rank == 1);
                row.high_centrality_top3 += u32::from(rank <= 3);
                let rca = (x / exporter_totals[e]) / (good.total / world_total);
                row.high_centrality_rca_gt1 += u32::from(rca > 1.0);
            }
        }
    }
    rows.iter()
        .map(|(_, r)| r)
        .filter(|r| r.goods_exported > 0)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_better_rank_and_rca_uses_all_goods() {
        let (a, b, c) = (
            CountryCode::new(1).unwrap(),
            CountryCode::new(2).unwrap(),
            CountryCode::new(3).unwrap(),
        );
        // Good 1 (high): a 5, b 5, c 1. Good 2 (not high): a 1, b 9.
        // X(a) = 6 (counting a non-universe good of 0), X(b) = 14, X(c) = 1; X = 21.
        let g1 = [(a, 5.0), (b, 5.0), (c, 1.0)];
        let g2 = [(a, 1.0), (b, 9.0)];
        let goods = [
            GoodExporters {
                exporters: &g1,
                total: 11.0,
                high: true,
            },
            GoodExporters {
                exporters: &g2,
                total: 10.0,
                high: false,
            },
        ];
        let mut totals = CountryVec::new(0.0);
        totals[a] = 6.0;
        totals[b] = 14.0;
        totals[c] = 1.0;
        let rows = exporter_dominance(goods.into_iter(), &totals, 21.0);
        assert_eq!(rows.len(), 3);
        // a: ranks 1 (tie) and 2. RCA in good 1 = (5/6)/(11/21) = 1.59 > 1.
        assert_eq!(
            (rows[0].goods_exported, rows[0].top1, rows[0].top3),
            (2, 1, 2)
        );
        assert_eq!(
            (
                rows[0].high_centrality_top1,
                rows[0].high_centrality_rca_gt1
            ),
            (1, 1)
        );
        // b: RCA in good 1 = (5/14)/(11/21) = 0.68.
        assert_eq!((rows[1].top1, rows[1].high_centrality_rca_gt1), (2, 0));
        // c: rank 3 in good 1, RCA = (1/1)/(11/21) > 1.
        assert_eq!(
            (rows[2].top1, rows[2].top3, rows[2].high_centrality_rca_gt1),
            (0, 1, 1)
        );
    }
}
