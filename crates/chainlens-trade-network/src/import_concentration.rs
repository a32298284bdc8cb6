//! Import concentration of a product for an importer, METHODS §1.3.
//!
//! # What it measures
//! How dependent importer `m` is on few suppliers of good `k`.
//!
//! # Formula
//! `q(e|m,k) = v(e,m,k) / M(m,k)` with `M(m,k) = sum_e v(e,m,k)`;
//! `H(m,k) = sum_e q(e|m,k)^2`. Computed as shares then squares, in exporter order,
//! as pandas does, so thresholds match a pandas reference bit for bit where sums do.
//!
//! # Parameters and defaults
//! High when `H(m,k) >= Q0.75` over the goods `m` imports.
//!
//! # Reference
//! Seed 000: of China's 3,285 imported intermediate goods, 62 + 759 = 821 (25.0 %) are
//! high-concentration.
//!
//! # Complexity
//! Two passes over the good's flows with a dense per-importer accumulator (O(flows of k)).
//!
//! # Example
//! ```
//! use chainlens_trade_network::ImporterAccumulator;
//! use chainlens_model::{CountryCode, CountryVec};
//! let mut acc = ImporterAccumulator::default();
//! // Importer 842 buys 3 from one exporter and 1 from another: H = 0.75^2 + 0.25^2.
//! let flows = [(CountryCode::new(842).unwrap(), 3.0), (CountryCode::new(842).unwrap(), 1.0)];
//! let out = acc.concentrations(&flows);
//! assert_eq!(out, vec![(CountryCode::new(842).unwrap(), 4.0, 0.625)]);
//! ```

use chainlens_model::{CountryCode, CountryVec};

/// Dense scratch space reused across goods: import totals and share sums per importer code.
#[derive(Default)]
pub struct ImporterAccumulator {
    total: CountryVec<f64>,
    squares: CountryVec<f64>,
    touched: Vec<CountryCode>,
}

impl ImporterAccumulator {
    /// From one good's flows `(importer, v)` in exporter order, `(m, M(m,k), H(m,k))` for
    /// every importer, ascending by code. Leaves the scratch space clean.
    pub fn concentrations(&mut self, flows: &[(CountryCode, f64)]) -> Vec<(CountryCode, f64, f64)> {
        for &(m, v) in flows {
            if self.total[m] == 0.0 {
                self.touched.push(m);
            }
            self.total[m] += v;
        }
        for &(m, v) in flows {
            let share = v / self.total[m];
            self.squares[m] += share * share;
        }
        self.touched.sort_unstable();
        let out = self
            .touched
            .iter()
            .map(|&m| (m, self.total[m], self.squares[m]))
            .collect();
        for &m in &self.touched {
            self.total[m] = 0.0;
            self.squares[m] = 0.0;
        }
        self.touched.clear();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_source_is_one_and_scratch_is_reset() {
        let mut acc = ImporterAccumulator::default();
        let a = acc.concentrations(&[
            (CountryCode::new(5).unwrap(), 2.0),
            (CountryCode::new(4).unwrap(), 1.0),
            (CountryCode::new(4).unwrap(), 1.0),
        ]);
        assert_eq!(
            a,
            vec![
                (CountryCode::new(4).unwrap(), 2.0, 0.5),
                (CountryCode::new(5).unwrap(), 2.0, 1.0)
            ]
        );
        let b = acc.concentrations(&[(CountryCode::new(5).unwrap(), 7.0)]);
        assert_eq!(b, vec![(CountryCode::new(5).unwrap(), 7.0, 1.0)]);
    }
}
