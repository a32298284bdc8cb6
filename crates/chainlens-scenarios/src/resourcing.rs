//! Re-sourcing after a cut, METHODS §3 (trade layer).
//!
//! # What it measures
//! How much of the supply an importer loses can be bought from the exporters that remain.
//!
//! # Formula
//! For good `k`, the losses `L(m)` of all importers are pooled: `D = sum_m L(m)`. Each
//! remaining exporter `e` (one not restricting `k`) can redirect at most `cap * X(e,k)` of its
//! exports. `D` is shared among them in proportion to `X(e,k)`, exporters reaching their cap
//! keeping the cap and the rest shared again among the others (water-filling). Importer `m`
//! receives `alloc(e) * L(m) / D` from each `e != m`; `unmet(m) = L(m) - resourced(m)`, so
//! value lost = re-sourced + unmet.
//!
//! # Parameters and defaults
//! `cap` from the scenario's `[resourcing]`; no re-sourcing when absent.
//!
//! # Reference
//! METHODS §3: "importers re-source from remaining exporters in proportion to their spare
//! exports (capped by a substitution elasticity / capacity share)".
//!
//! # Complexity
//! O(r e) for `e` remaining exporters and `r <= e` rounds.
//!
//! # Example
//! ```
//! use chainlens_scenarios::water_fill;
//! // 10 to share by weights 3:1 with caps 6 and 100: the first gets 6, the second 4.
//! assert_eq!(water_fill(10.0, &[3.0, 1.0], &[6.0, 100.0]), vec![6.0, 4.0]);
//! ```

/// Shares `demand` in proportion to `weights`, no one above its cap.
pub fn water_fill(demand: f64, weights: &[f64], caps: &[f64]) -> Vec<f64> {
    let mut alloc = vec![0.0; weights.len()];
    let mut active: Vec<usize> = (0..weights.len())
        .filter(|&i| weights[i] > 0.0 && caps[i] > 0.0)
        .collect();
    let mut remaining = demand;
    while remaining > 0.0 && !active.is_empty() {
        let total: f64 = active.iter().map(|&i| weights[i]).sum();
        let saturated: Vec<usize> = active
            .iter()
            .copied()
            .filter(|&i| remaining * weights[i] / total >= caps[i])
            .collect();
        if saturated.is_empty() {
            for &i in &active {
                alloc[i] = remaining * weights[i] / total;
            }
            break;
        }
        for &i in &saturated {
            alloc[i] = caps[i];
            remaining -= caps[i];
        }
        active.retain(|i| !saturated.contains(i));
    }
    alloc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_binding_and_not() {
        // Not binding: 10 by 1:1 with caps 100 -> 5, 5.
        assert_eq!(
            water_fill(10.0, &[1.0, 1.0], &[100.0, 100.0]),
            vec![5.0, 5.0]
        );
        // All binding: capacity 2 + 3 < 10 -> 2, 3 (5 unmet).
        assert_eq!(water_fill(10.0, &[1.0, 1.0], &[2.0, 3.0]), vec![2.0, 3.0]);
        // Cascade: 12 by 1:1:2 with caps 1, 100, 100 -> 1, then 11 by 1:2.
        let a = water_fill(12.0, &[1.0, 1.0, 2.0], &[1.0, 100.0, 100.0]);
        assert_eq!(a[0], 1.0);
        assert!((a[1] - 11.0 / 3.0).abs() < 1e-12 && (a[2] - 22.0 / 3.0).abs() < 1e-12);
        assert_eq!(water_fill(0.0, &[1.0], &[1.0]), vec![0.0]);
    }
}
