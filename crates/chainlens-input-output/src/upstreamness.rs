//! Upstreamness of Antràs, Chor, Fally & Hillberry (2012).
//!
//! # What it measures
//! The average number of production stages between a country-sector's output
//! and final use: 1 when everything it makes is consumed directly, larger
//! for suppliers of inputs to inputs.
//!
//! # Formula
//! `U = (I - D)^-1 1` with `D = diag(x)^-1 Z` the allocation coefficients
//! (METHODS §2), i.e. the row sums of the Ghosh inverse `G`, solved, not
//! inverted. It equals the forward production length of Wang, Wei, Yu & Zhu
//! (2017). Zero-output sectors get `U = 1` (no sales; by the zero-output rule
//! their row of `D` is 0). Like METHODS, no correction for inventories or net
//! exports (the open-economy adjustment of Antràs et al. eq. 14 is not applied).
//!
//! # Reference
//! Antràs, P., Chor, D., Fally, T. & Hillberry, R. (2012), *Measuring the
//! upstreamness of production and trade flows*, AER P&P 102(3), eq. (4);
//! Miller & Temurshoev (2017) for the Ghosh identity.
//!
//! # Complexity
//! One factorisation of `I - B` (O(N³)) and one solve.
//!
//! # Example
//! ```
//! use chainlens_input_output::{synthetic, upstreamness::upstreamness, Coefficients};
//! let t = synthetic::random_table(2, 3, 5);
//! let u = upstreamness(&Coefficients::new(&t)?)?;
//! assert!(u.iter().all(|&v| v >= 1.0));
//! # Ok::<(), chainlens_input_output::IoError>(())
//! ```

use crate::coefficients::Coefficients;
use crate::error::Result;
use crate::ghosh::GhoshModel;

/// Upstreamness of every country-sector.
pub fn upstreamness(coefficients: &Coefficients) -> Result<Vec<f64>> {
    Ok(GhoshModel::new(coefficients)?.row_sums())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::{FinalDemandColumn, IcioTable};

    #[test]
    fn a_two_stage_chain() {
        // One country: sector 1 sells all its output (10) to sector 2, which
        // sells all of its (30) to final demand: U = (2, 1).
        let t = IcioTable {
            countries: vec!["A".into()],
            sectors: vec!["up".into(), "down".into()],
            z: vec![0.0, 10.0, 0.0, 0.0],
            y: vec![0.0, 30.0],
            fd_columns: vec![FinalDemandColumn {
                country: "A".into(),
                category: "total".into(),
            }],
            va: vec![10.0, 20.0],
            x: vec![10.0, 30.0],
            extensions: Vec::new(),
            unit: String::new(),
        };
        let u = upstreamness(&Coefficients::new(&t).unwrap()).unwrap();
        assert!(
            (u[0] - 2.0).abs() < 1e-15 && (u[1] - 1.0).abs() < 1e-15,
            "{u:?}"
        );
    }
}
