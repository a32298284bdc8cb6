//! Output, value-added and satellite (employment, emissions) multipliers.
//!
//! # What it measures
//! Per unit of final demand for country-sector `j`: total output required
//! everywhere (output multiplier), value added generated (1 in a balanced
//! table: all final demand is someone's value added), and satellite use
//! (jobs, emissions), pymrio's `M = S L`.
//!
//! # Formula
//! `m_x = 1' L`, `m_va = v' L`, `m_e = (e / x)' L` for a satellite row `e`
//! (METHODS §2), each by one transposed solve `(I - A)' m = w`.
//!
//! # Reference
//! Miller & Blair (2009) section 6.2; pymrio 0.7 `calc_M` (`M = S L`).
//!
//! # Complexity
//! O(N²) per multiplier given the factorisation.

use crate::coefficients::{Coefficients, inverse_or_zero};
use crate::error::Result;
use crate::leontief::LeontiefModel;
use chainlens_model::IcioTable;

/// Multipliers of every country-sector.
#[derive(Clone, Debug, PartialEq)]
pub struct Multipliers {
    /// Output multipliers `1' L`.
    pub output: Vec<f64>,
    /// Value-added multipliers `v' L`.
    pub value_added: Vec<f64>,
    /// Satellite multipliers `(e / x)' L`, one per table extension, with its name.
    pub extensions: Vec<(String, Vec<f64>)>,
}

/// Computes all multipliers of `table`.
pub fn multipliers(
    table: &IcioTable,
    coefficients: &Coefficients,
    model: &LeontiefModel,
) -> Result<Multipliers> {
    let n = coefficients.n();
    let output = model.multipliers_for(&vec![1.0; n])?;
    let value_added = model.multipliers_for(&coefficients.v)?;
    let inv = inverse_or_zero(&coefficients.x);
    let mut extensions = Vec::new();
    for e in &table.extensions {
        let s: Vec<f64> = e.values.iter().zip(&inv).map(|(a, b)| a * b).collect();
        extensions.push((e.name.clone(), model.multipliers_for(&s)?));
    }
    Ok(Multipliers {
        output,
        value_added,
        extensions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tables::two_by_two;
    use chainlens_model::Satellite;

    #[test]
    fn multipliers_of_the_two_by_two_table() {
        let mut t = two_by_two();
        t.extensions.push(Satellite {
            name: "employment".into(),
            unit: "persons".into(),
            values: vec![10.0, 0.0, 0.0, 0.0],
        });
        let c = Coefficients::new(&t).unwrap();
        let m = LeontiefModel::new(&c).unwrap();
        let mu = multipliers(&t, &c, &m).unwrap();
        let l = m.l();
        for j in 0..4 {
            let colsum: f64 = (0..4).map(|i| l[(i, j)]).sum();
            assert!((mu.output[j] - colsum).abs() < 1e-12);
            assert!((mu.value_added[j] - 1.0).abs() < 1e-12);
            // 0.1 jobs per unit of A_agr output, times L[0, j]
            assert!((mu.extensions[0].1[j] - 0.1 * l[(0, j)]).abs() < 1e-12);
        }
    }
}
