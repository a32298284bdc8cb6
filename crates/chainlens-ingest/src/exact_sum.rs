//! [`exact_sum`]: the correctly rounded sum of a list of floats (Shewchuk's algorithm, as
//! in Python's `math.fsum`). The result is the exact sum rounded once, so it does not
//! depend on the order of the terms: a table read from its raw file and from its cache,
//! or from two files given in either order, gets the same total to the last bit.
//!
//! # Complexity
//! O(n x p), p the number of partials kept (a handful for trade values).

/// The exact sum of `values`, rounded once to the nearest float (ties to even).
/// Terms must be finite and their exact sum must fit in a float (the readers reject
/// values large enough to break that, see `numbers::MAX_MAGNITUDE`).
pub fn exact_sum(values: impl IntoIterator<Item = f64>) -> f64 {
    // Non-overlapping partials, smallest magnitude first, whose exact sum is the
    // exact sum of the terms seen so far.
    let mut partials: Vec<f64> = Vec::new();
    for mut x in values {
        let mut kept = 0;
        for i in 0..partials.len() {
            let mut y = partials[i];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let high = x + y;
            let low = y - (high - x);
            if low != 0.0 {
                partials[kept] = low;
                kept += 1;
            }
            x = high;
        }
        partials.truncate(kept);
        partials.push(x);
    }
    round_partials(&partials)
}

/// Adds the partials from the largest down; the last step corrects a tie that the
/// partials below would break (Python's `fsum` "half-even" fix).
fn round_partials(partials: &[f64]) -> f64 {
    let Some((&top, rest)) = partials.split_last() else {
        return 0.0;
    };
    let mut high = top;
    let mut low = 0.0;
    let mut below = rest.iter().rev();
    for &y in below.by_ref() {
        let x = high;
        high = x + y;
        let y_rounded = high - x;
        low = y - y_rounded;
        if low != 0.0 {
            break;
        }
    }
    if let Some(&next) = below.next()
        && ((low < 0.0 && next < 0.0) || (low > 0.0 && next > 0.0))
    {
        let y = low * 2.0;
        let x = high + y;
        if y == x - high {
            high = x;
        }
    }
    high
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sums_that_naive_addition_gets_wrong() {
        // 1e16 + 1 + 1 - 1e16 = 2 exactly; left to right in floats it is 0.
        assert_eq!(exact_sum([1e16, 1.0, 1.0, -1e16]), 2.0);
        assert_eq!(exact_sum([0.1, 0.2, 0.3]), 0.6);
        assert_eq!(exact_sum([]), 0.0);
        // 1 + 2^-53 is a tie that rounds to even (1.0); the tiny third term breaks it
        // upward, which adding the top two partials alone would miss.
        assert_eq!(exact_sum([1.0, 2f64.powi(-53)]), 1.0);
        assert_eq!(exact_sum([1.0, 2f64.powi(-53), 1e-300]), 1.0000000000000002);
    }

    proptest! {
        #[test]
        fn order_does_not_matter(mut values in proptest::collection::vec(-1e12f64..1e12, 0..40)) {
            let forward = exact_sum(values.iter().copied());
            values.reverse();
            prop_assert_eq!(forward.to_bits(), exact_sum(values.iter().copied()).to_bits());
            values.sort_by(f64::total_cmp);
            prop_assert_eq!(forward.to_bits(), exact_sum(values.iter().copied()).to_bits());
        }
    }
}
