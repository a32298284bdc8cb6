//! Coupling mix, METHODS §4: how a chain's supply links spread over the four spatial
//! scales and over partner countries, and how diverse that spread is.
//!
//! # Formula
//! Shares of links and of value by scale (a link's scale is that of its non-local end) and
//! by partner country; diversity is the Shannon entropy of the value shares by scale,
//! `D = -sum_s p_s ln p_s`, between 0 (one scale) and `ln 4` (even spread).
//!
//! # Reference
//! Seed 003: the chain-chief model aims at multiple couplings: local, national,
//! supranational and global.
//!
//! # Example
//! ```
//! use chainlens_regional_chains::shannon;
//! assert_eq!(shannon(&[1.0, 0.0]), 0.0);
//! assert!((shannon(&[0.5, 0.5]) - 2f64.ln()).abs() < 1e-15);
//! ```

use crate::chain::{Chain, Scale};
use std::collections::BTreeMap;

/// Links and value at one scale or with one country.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Share {
    /// Number of links.
    pub links: usize,
    /// Share of all links.
    pub link_share: f64,
    /// Value, million USD a year.
    pub value: f64,
    /// Share of all link value.
    pub value_share: f64,
}

/// The coupling mix of a chain.
#[derive(Clone, Debug, PartialEq)]
pub struct CouplingMix {
    /// By scale, nearest first.
    pub by_scale: Vec<(Scale, Share)>,
    /// By partner country (ISO3), alphabetical.
    pub by_country: Vec<(String, Share)>,
    /// Shannon diversity of value shares by scale.
    pub diversity: f64,
}

/// Shannon entropy of shares (zeros skipped; shares need not be normalised).
pub fn shannon(shares: &[f64]) -> f64 {
    let total: f64 = shares.iter().sum();
    if total <= 0.0 {
        return 0.0;
    }
    // `+ 0.0` turns a single scale's -0.0 into 0.0.
    -shares
        .iter()
        .filter(|&&s| s > 0.0)
        .map(|s| (s / total) * (s / total).ln())
        .sum::<f64>()
        + 0.0
}

/// The coupling mix of `chain`'s links.
pub fn coupling_mix(chain: &Chain) -> CouplingMix {
    let total_links = chain.links().len().max(1) as f64;
    let total_value: f64 = chain.links().iter().map(|l| l.value).sum();
    let normalise = |mut s: Share| {
        s.link_share = s.links as f64 / total_links;
        s.value_share = if total_value > 0.0 {
            s.value / total_value
        } else {
            0.0
        };
        s
    };
    let mut scales: BTreeMap<Scale, Share> =
        Scale::ALL.iter().map(|&s| (s, Share::default())).collect();
    let mut countries: BTreeMap<String, Share> = BTreeMap::new();
    for l in chain.links() {
        let partner = if chain.firms()[l.from].scale == Scale::Local {
            l.to
        } else {
            l.from
        };
        for share in [
            scales.get_mut(&l.scale).expect("all scales"),
            countries
                .entry(chain.firms()[partner].country.clone())
                .or_default(),
        ] {
            share.links += 1;
            share.value += l.value;
        }
    }
    let by_scale: Vec<(Scale, Share)> =
        scales.into_iter().map(|(k, s)| (k, normalise(s))).collect();
    let diversity = shannon(&by_scale.iter().map(|(_, s)| s.value).collect::<Vec<_>>());
    CouplingMix {
        by_scale,
        by_country: countries
            .into_iter()
            .map(|(k, s)| (k, normalise(s)))
            .collect(),
        diversity,
    }
}
