//! External reliance: the foreign value-added share of output and of exports.
//!
//! # What it measures
//! How much of what a country-sector makes (or exports) is value added
//! created abroad: its dependence on foreign suppliers along the whole chain.
//!
//! # Formula
//! Per unit of output of row `j` in economy `s`:
//! `fc_j = Σ_{t != s} Σ_{k in t} v_k L[k, j]` (= `1 - V_s B_ss` in a balanced
//! table; METHODS §2). Country-sector reliance is `fc_j` for output and for
//! exports alike (the vertical-specialisation share of Hummels, Ishii & Yi
//! 2001); economy totals weight it by output (`Σ fc x / Σ x`) or by gross
//! exports (`Σ fc E / Σ E` = FV / E of KWW).
//!
//! # Reference
//! Hummels, Ishii & Yi (2001); Koopman, Wang & Wei (2014) section IV.
//!
//! # Complexity
//! O(N) from [`GvcSystem::vb`].

use crate::gvc_system::GvcSystem;

/// External reliance of every country-sector and economy.
#[derive(Clone, Debug, PartialEq)]
pub struct ExternalReliance {
    /// Foreign value-added share of each country-sector's output (and exports).
    pub country_sector: Vec<f64>,
    /// Output-weighted share of each economy.
    pub economy_output: Vec<f64>,
    /// Export-weighted share of each economy.
    pub economy_exports: Vec<f64>,
}

/// Computes external reliance from the shared system.
pub fn external_reliance(sys: &GvcSystem) -> ExternalReliance {
    let fc = sys.foreign_content();
    let x = &sys.x;
    let e = &sys.e_total;
    let weighted = |w: &[f64]| {
        let num = sys.by_economy(&fc.iter().zip(w).map(|(a, b)| a * b).collect::<Vec<_>>());
        let den = sys.by_economy(w);
        num.iter()
            .zip(&den)
            .map(|(a, b)| if *b > 0.0 { a / b } else { f64::NAN })
            .collect()
    };
    ExternalReliance {
        economy_output: weighted(x),
        economy_exports: weighted(e),
        country_sector: fc,
    }
}
