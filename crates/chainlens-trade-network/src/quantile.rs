//! The two order statistics the categories rest on, exactly as numpy and pandas
//! compute them (METHODS §1.2-1.5): the linear-interpolation quantile of
//! `numpy.quantile(method="linear")` (including numpy's two-sided lerp, so a
//! threshold matches numpy to the last bit) and the percentile rank of
//! `pandas.Series.rank(method="max", pct=True)`.

/// The `q`-quantile of ascending `sorted` values with linear interpolation; `None` if empty.
///
/// numpy: `virtual = q (n - 1)`, `lo = floor(virtual)`, `t = virtual - lo`, then
/// `a + (b - a) t` for `t < 0.5` and `b - (b - a)(1 - t)` otherwise.
pub fn quantile_linear(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let virtual_index = n as f64 * q + (1.0 - q) - 1.0;
    let lo = virtual_index.floor().max(0.0);
    let t = virtual_index - lo;
    let lo = (lo as usize).min(n - 1);
    let hi = (lo + 1).min(n - 1);
    let (a, b) = (sorted[lo], sorted[hi]);
    let diff = b - a;
    Some(if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    })
}

/// Share of ascending `sorted` values that are `<= x`: pandas' `rank(method="max", pct=True)`.
pub fn percentile_rank_max(sorted: &[f64], x: f64) -> f64 {
    sorted.partition_point(|&v| v <= x) as f64 / sorted.len() as f64
}

/// Sorts a copy of `values` ascending (total order).
pub fn sorted_copy(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_quantiles_by_hand() {
        // numpy.quantile([1, 2, 3, 4], 0.75) = 3.25: virtual index 2.25.
        assert_eq!(quantile_linear(&[1.0, 2.0, 3.0, 4.0], 0.75), Some(3.25));
        // Five values: virtual index 3.0 lands on the fourth value exactly.
        assert_eq!(quantile_linear(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.75), Some(4.0));
        assert_eq!(quantile_linear(&[7.0], 0.75), Some(7.0));
        assert_eq!(quantile_linear(&[], 0.75), None);
        // Ties at the threshold: [0.5, 1, 1, 1] -> 1.0, so every 1.0 counts as high.
        assert_eq!(quantile_linear(&[0.5, 1.0, 1.0, 1.0], 0.75), Some(1.0));
    }

    #[test]
    fn pandas_rank_max_pct_by_hand() {
        // pandas: Series([1, 2, 2, 3]).rank(method="max", pct=True) = [0.25, 0.75, 0.75, 1.0].
        let s = [1.0, 2.0, 2.0, 3.0];
        let ranks: Vec<f64> = s.iter().map(|&x| percentile_rank_max(&s, x)).collect();
        assert_eq!(ranks, vec![0.25, 0.75, 0.75, 1.0]);
    }
}
