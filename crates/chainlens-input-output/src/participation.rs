//! GVC participation and position of Koopman, Powers, Wang & Wei (2010).
//!
//! # What it measures
//! How much of a country-sector's exports is part of a value chain: its value
//! added that importers re-export (`IV`, forward) and the foreign value added
//! inside its exports (`FV`, backward). Position says which dominates:
//! positive for upstream suppliers of inputs, negative for downstream users.
//!
//! # Formula
//! `participation = (IV + FV) / E`, `position = ln(1 + IV/E) - ln(1 + FV/E)`
//! (METHODS §2), with `IV` the KWW term 3 (`DVA_INTrex`, by the country-sector
//! whose value added it is), `FV` the foreign content of gross exports
//! (`Σ_{t != s} V_t B_ts E_s`, KWW terms 7-9) and `E` gross exports. Rows with
//! no exports give `NaN` (reported, not zeroed).
//!
//! # Parameters and defaults
//! The grouping of countries into economies.
//!
//! # Reference
//! Koopman, R., Powers, W., Wang, Z. & Wei, S.-J. (2010), *Give credit where
//! credit is due*, NBER WP 16426, section 4.
//!
//! # Complexity
//! From a [`KwwDecomposition`]: O(N).

use crate::gvc_system::GvcSystem;
use crate::kww::KwwDecomposition;

/// Koopman et al. (2010) measures of one country-sector or economy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Participation {
    /// Gross exports `E`.
    pub exports: f64,
    /// Indirect value-added exports `IV`.
    pub iv: f64,
    /// Foreign value added in exports `FV`.
    pub fv: f64,
    /// `(IV + FV) / E`.
    pub participation: f64,
    /// `ln(1 + IV/E) - ln(1 + FV/E)`.
    pub position: f64,
}

impl Participation {
    /// Measures from the three totals.
    pub fn new(exports: f64, iv: f64, fv: f64) -> Self {
        let (participation, position) = if exports > 0.0 {
            (
                (iv + fv) / exports,
                (iv / exports).ln_1p() - (fv / exports).ln_1p(),
            )
        } else {
            (f64::NAN, f64::NAN)
        };
        Self {
            exports,
            iv,
            fv,
            participation,
            position,
        }
    }
}

/// Participation and position of every country-sector.
pub fn by_country_sector(kww: &KwwDecomposition) -> Vec<Participation> {
    kww.terms
        .iter()
        .zip(&kww.exports)
        .map(|(t, &e)| Participation::new(e, t[2], t[6] + t[7] + t[8]))
        .collect()
}

/// Participation and position of every economy.
pub fn by_economy(sys: &GvcSystem, kww: &KwwDecomposition) -> Vec<Participation> {
    kww.by_economy(sys)
        .into_iter()
        .map(|(e, t)| Participation::new(e, t[2], t[6] + t[7] + t[8]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_by_hand() {
        // E = 100, IV = 20, FV = 10: participation 0.3, position ln 1.2 - ln 1.1.
        let p = Participation::new(100.0, 20.0, 10.0);
        assert!((p.participation - 0.3).abs() < 1e-15);
        assert!((p.position - (1.2f64.ln() - 1.1f64.ln())).abs() < 1e-15);
        assert!(Participation::new(0.0, 0.0, 0.0).position.is_nan());
    }
}
