//! Weighted alternating projections: the residual of a vector after removing any number
//! of fixed effects (exporter-year, importer-year, pair), the step that lets PPML
//! concentrate the fixed effects out instead of estimating thousands of dummies
//! (Gaure 2013; Correia, Guimaraes & Zylkin 2020, ppmlhdfe).
//!
//! # Formula
//! For each fixed effect in turn, subtract from every observation the weighted mean of its
//! group, `v_r <- v_r - sum_{s in g(r)} w_s v_s / sum_{s in g(r)} w_s`, and sweep again
//! until the largest mean removed in a sweep is below `tolerance` times the root mean
//! square of the vector it started from. Every two sweeps are extrapolated (Irons & Tuck
//! 1969, as fixest does): from iterates `x, G(x), G(G(x))`, `x' = GGx - c (GGx - Gx)` with
//! `c = <d1, d2> / <d2, d2>`, `d1 = GGx - Gx`, `d2 = d1 - (Gx - x)`. The result is the weighted least-squares residual of `v` on all the
//! dummies (the projections converge to the projection on the sum of their spans).
//!
//! # Complexity
//! `O(n * d)` per sweep for `d` fixed effects; sweeps grow when effects are nearly
//! collinear (a pair effect inside exporter-year and importer-year effects), which warm
//! starts from the previous IRLS iteration's residuals keep short.

/// The group of every observation under each fixed effect, with the group counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Groups {
    /// `ids[d][r]`: the group of row `r` under fixed effect `d`, dense from 0.
    pub ids: Vec<Vec<u32>>,
    /// Number of groups of each fixed effect.
    pub counts: Vec<usize>,
}

impl Groups {
    /// Groups from ids that are dense from 0 (the count is the largest id + 1).
    pub fn new(ids: Vec<Vec<u32>>) -> Self {
        let counts = ids
            .iter()
            .map(|g| g.iter().max().map_or(0, |m| *m as usize + 1))
            .collect();
        Self { ids, counts }
    }

    /// The sum of the weights of each group, per fixed effect.
    pub fn weight_sums(&self, w: &[f64]) -> Vec<Vec<f64>> {
        self.ids
            .iter()
            .zip(&self.counts)
            .map(|(ids, &count)| {
                let mut sums = vec![0.0; count];
                ids.iter().zip(w).for_each(|(&g, w)| sums[g as usize] += w);
                sums
            })
            .collect()
    }

    /// Sweeps `v` until converged; returns the sweeps used, or `None` past `max_sweeps`.
    pub fn demean(
        &self,
        v: &mut [f64],
        w: &[f64],
        weight_sums: &[Vec<f64>],
        tolerance: f64,
        max_sweeps: usize,
    ) -> Option<usize> {
        if self.ids.is_empty() {
            return Some(0);
        }
        let mut means: Vec<Vec<f64>> = self.counts.iter().map(|&c| vec![0.0; c]).collect();
        let rms = (v.iter().map(|x| x * x).sum::<f64>() / v.len().max(1) as f64).sqrt();
        let done = |largest: f64| largest <= tolerance * rms.max(f64::MIN_POSITIVE);
        let mut sweeps = 0;
        while sweeps < max_sweeps {
            // Two sweeps, then the Irons-Tuck extrapolation of the three iterates.
            let x = v.to_vec();
            sweeps += 1;
            if done(self.sweep(v, w, weight_sums, &mut means)) {
                return Some(sweeps);
            }
            let gx = v.to_vec();
            sweeps += 1;
            if done(self.sweep(v, w, weight_sums, &mut means)) {
                return Some(sweeps);
            }
            let (mut num, mut den) = (0.0, 0.0);
            for ((ggx, gx), x) in v.iter().zip(&gx).zip(&x) {
                let d1 = ggx - gx;
                let d2 = d1 - (gx - x);
                num += d1 * d2;
                den += d2 * d2;
            }
            if den > 0.0 {
                let coef = num / den;
                v.iter_mut()
                    .zip(&gx)
                    .for_each(|(ggx, gx)| *ggx -= coef * (*ggx - gx));
            }
        }
        None
    }

    /// The fixed effects whose sum is `v` (a vector in their span, such as the linear
    /// predictor less `x'b`): per fixed effect, the value of each group, accumulated from
    /// the group means the sweeps remove until what is left is below `tolerance` times
    /// the root mean square of `v`. With several effects the split is unique only up to
    /// constants moved between them: compare groups within one effect.
    pub fn components(
        &self,
        v: &[f64],
        w: &[f64],
        tolerance: f64,
        max_sweeps: usize,
    ) -> Option<Vec<Vec<f64>>> {
        let sums = self.weight_sums(w);
        let mut rest = v.to_vec();
        let mut means: Vec<Vec<f64>> = self.counts.iter().map(|&c| vec![0.0; c]).collect();
        let mut effects = means.clone();
        let rms = (v.iter().map(|x| x * x).sum::<f64>() / v.len().max(1) as f64).sqrt();
        for _ in 0..max_sweeps {
            let largest = self.sweep(&mut rest, w, &sums, &mut means);
            for (effect, removed) in effects.iter_mut().zip(&means) {
                effect.iter_mut().zip(removed).for_each(|(e, m)| *e += m);
            }
            if largest <= tolerance * rms.max(f64::MIN_POSITIVE) {
                return Some(effects);
            }
        }
        None
    }

    /// One pass over every fixed effect; returns the largest group mean removed.
    fn sweep(
        &self,
        v: &mut [f64],
        w: &[f64],
        weight_sums: &[Vec<f64>],
        means: &mut [Vec<f64>],
    ) -> f64 {
        let mut largest = 0f64;
        for ((ids, sums), means) in self.ids.iter().zip(weight_sums).zip(means) {
            means.iter_mut().for_each(|m| *m = 0.0);
            for ((&g, x), w) in ids.iter().zip(v.iter()).zip(w) {
                means[g as usize] += w * x;
            }
            for (m, s) in means.iter_mut().zip(sums) {
                *m = if *s > 0.0 { *m / s } else { 0.0 };
                largest = largest.max(m.abs());
            }
            for (&g, x) in ids.iter().zip(v.iter_mut()) {
                *x -= means[g as usize];
            }
        }
        largest
    }
}

/// Ids renumbered densely from 0 in order of first appearance.
pub fn dense_ids(keys: impl Iterator<Item = u64>) -> Vec<u32> {
    let mut map = std::collections::HashMap::new();
    keys.map(|k| {
        let next = map.len() as u32;
        *map.entry(k).or_insert(next)
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_components_of_an_additive_vector_add_up_to_it() {
        // v = 2 row + col on a 3x3 grid: the row effects differ by 2, the columns by 1.
        let rows: Vec<u32> = (0..9).map(|k| k / 3).collect();
        let cols: Vec<u32> = (0..9).map(|k| k % 3).collect();
        let groups = Groups::new(vec![rows, cols]);
        let v: Vec<f64> = (0..9)
            .map(|k| (k / 3) as f64 * 2.0 + (k % 3) as f64)
            .collect();
        let fe = groups.components(&v, &[1.0; 9], 1e-14, 1000).unwrap();
        assert!((fe[0][2] - fe[0][0] - 4.0).abs() < 1e-12);
        assert!((fe[1][1] - fe[1][0] - 1.0).abs() < 1e-12);
        for k in 0..9 {
            assert!((fe[0][k / 3] + fe[1][k % 3] - v[k]).abs() < 1e-12);
        }
    }

    #[test]
    fn two_way_demeaning_of_an_additive_vector_leaves_nothing() {
        // v = a_row + b_col on a 3x3 grid lies in the span of both effects.
        let rows: Vec<u32> = (0..9).map(|k| k / 3).collect();
        let cols: Vec<u32> = (0..9).map(|k| k % 3).collect();
        let groups = Groups::new(vec![rows, cols]);
        let mut v: Vec<f64> = (0..9)
            .map(|k| (k / 3) as f64 * 2.0 + (k % 3) as f64)
            .collect();
        let w = vec![1.0; 9];
        let sums = groups.weight_sums(&w);
        groups.demean(&mut v, &w, &sums, 1e-14, 1000).unwrap();
        assert!(v.iter().all(|x| x.abs() < 1e-12), "{v:?}");
    }
}
