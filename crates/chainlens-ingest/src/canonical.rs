//! Puts a freshly read [`TradeFlows`] in canonical order (year, product, exporter,
//! importer) and folds rows that share a key into one (values summed, counted as
//! `duplicate_rows_merged`). A stable counting sort on (year, product) does the
//! bulk of the work in O(n); BACI's own (exporter, importer) order within a product
//! is then already right, and only out-of-order buckets are sorted. Buckets exist only
//! for the years present, and a table much smaller than its buckets (a few rows spread
//! over many years) is sorted by comparison instead, so memory follows the rows, not
//! the year span.
//!
//! Sums (merged duplicates and the report's total) are exact and rounded once
//! ([`exact_sum`]), so they do not depend on the order in which equal rows arrived.

use crate::IngestReport;
use crate::exact_sum::exact_sum;
use chainlens_model::{CanonicalFlows, Column, Hs6, TradeFlows};

/// Sorts `flows` into canonical order, merges duplicate keys and sets
/// `report.duplicate_rows_merged` and `report.value_total_usd`. The sorted rows go
/// through [`CanonicalFlows`]' own check (one parallel pass, the only way to build one),
/// which also finds the first repeated key when there is one.
pub fn canonicalize(flows: TradeFlows, report: &mut IngestReport) -> CanonicalFlows {
    let order = canonical_order(&flows);
    let sorted = permute_columns(flows, &order);
    drop(order);
    let flows = match CanonicalFlows::try_from(sorted) {
        Ok(flows) => flows,
        Err(repeated) => {
            // Sorted rows can only fail the check on a key equal to the one before.
            let first = repeated.row() - 1;
            let mut flows = repeated.into_flows();
            report.duplicate_rows_merged += merge_duplicates(&mut flows, first);
            CanonicalFlows::try_from(flows)
                .expect("sorted rows with equal keys merged are in canonical order")
        }
    };
    report.value_total_usd = exact_sum(flows.value.iter().copied());
    flows
}

fn canonical_order(flows: &TradeFlows) -> Vec<u32> {
    let years = flows.years();
    let per_year = Hs6::MAX as usize + 1;
    let buckets = years.len() * per_year;
    if buckets > 4 * flows.len() {
        let mut order: Vec<u32> = (0..flows.len() as u32).collect();
        order.sort_by_key(|&i| flows.key(i as usize));
        return order;
    }
    // The rank of each year present, so absent years take no buckets.
    let mut rank = vec![0usize; usize::from(u16::MAX) + 1];
    for (r, y) in years.iter().enumerate() {
        rank[usize::from(y.0)] = r;
    }
    let bucket =
        |i: usize| rank[usize::from(flows.year[i].0)] * per_year + flows.product[i].0 as usize;
    let mut starts = vec![0u32; buckets + 1];
    for i in 0..flows.len() {
        starts[bucket(i) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut next = starts.clone();
    let mut order = vec![0u32; flows.len()];
    for i in 0..flows.len() {
        let b = bucket(i);
        order[next[b] as usize] = i as u32;
        next[b] += 1;
    }
    let pair = |i: u32| (flows.exporter[i as usize], flows.importer[i as usize]);
    for b in 0..starts.len() - 1 {
        let range = starts[b] as usize..starts[b + 1] as usize;
        let rows = &mut order[range];
        if rows.windows(2).any(|w| pair(w[0]) > pair(w[1])) {
            rows.sort_by_key(|&i| (pair(i), i));
        }
    }
    order
}

/// `column` gathered by `order` (`new[i] = old[order[i]]`), the old one freed at once.
fn permute<T: Copy + Send + Sync>(column: Column<T>, order: &[u32]) -> Column<T> {
    gather(&column, order)
}

/// `column` gathered by `order` into a new column.
fn gather<T: Copy + Send + Sync>(column: &[T], order: &[u32]) -> Column<T> {
    let mut out = Vec::new();
    gather_into(column, order, &mut out);
    out.into()
}

/// `column` gathered by `order` into `out` (emptied first), in parallel.
fn gather_into<T: Copy + Send + Sync>(column: &[T], order: &[u32], out: &mut Vec<T>) {
    use rayon::prelude::*;
    out.clear();
    out.par_extend(order.par_iter().map(|&i| column[i as usize]));
}

/// Two columns of one type gathered by `order`: the second into the first's old buffer,
/// whose pages the kernel need not zero again (a fresh column's first touch of each page
/// was a third of the import's time).
fn permute_pair<T: Copy + Send + Sync>(
    first: Column<T>,
    second: Column<T>,
    order: &[u32],
) -> (Column<T>, Column<T>) {
    let first_sorted = gather(&first, order);
    let mut spare = first.into_vec();
    gather_into(&second, order, &mut spare);
    (first_sorted, spare.into())
}

/// Applies `order` one column at a time, so at most one extra column is alive.
fn permute_columns(flows: TradeFlows, order: &[u32]) -> TradeFlows {
    let TradeFlows {
        year,
        exporter,
        importer,
        product,
        value,
        quantity,
    } = flows;
    let (value, quantity) = permute_pair(value, quantity, order);
    let (exporter, importer) = permute_pair(exporter, importer, order);
    TradeFlows {
        year: permute(year, order),
        exporter,
        importer,
        product: permute(product, order),
        value,
        quantity,
    }
}

/// Folds each run of sorted rows with equal keys into its first row, from row `first` on
/// (the rows before it have distinct keys): values add up exactly, quantities too with
/// missing ones skipped (missing only if all are). Returns the rows folded.
fn merge_duplicates(flows: &mut TradeFlows, first: usize) -> u64 {
    let mut kept = first;
    let mut start = first;
    while start < flows.len() {
        let key = flows.key(start);
        let end = (start..flows.len())
            .find(|&i| flows.key(i) != key)
            .unwrap_or(flows.len());
        if end - start > 1 {
            let quantities = flows.quantity[start..end].iter().filter(|q| !q.is_nan());
            flows.quantity[start] = if quantities.clone().next().is_none() {
                f64::NAN
            } else {
                exact_sum(quantities.copied())
            };
            flows.value[start] = exact_sum(flows.value[start..end].iter().copied());
        }
        flows.value[kept] = flows.value[start];
        flows.quantity[kept] = flows.quantity[start];
        flows.year[kept] = flows.year[start];
        flows.exporter[kept] = flows.exporter[start];
        flows.importer[kept] = flows.importer[start];
        flows.product[kept] = flows.product[start];
        kept += 1;
        start = end;
    }
    let merged = (flows.len() - kept) as u64;
    flows.truncate(kept);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::{CountryCode, Year};

    fn key_of(flows: &TradeFlows, i: usize) -> (u16, Hs6, CountryCode, CountryCode) {
        (
            flows.year[i].0,
            flows.product[i],
            flows.exporter[i],
            flows.importer[i],
        )
    }

    #[test]
    fn sorts_and_merges_duplicates() {
        let mut f = TradeFlows::default();
        let (a, b, c) = (
            CountryCode::new(4).unwrap(),
            CountryCode::new(8).unwrap(),
            CountryCode::new(12).unwrap(),
        );
        f.push(Year(2018), a, b, Hs6(20000), 1.0, Some(1.0));
        f.push(Year(2017), b, c, Hs6(10000), 2.0, None);
        f.push(Year(2017), a, c, Hs6(10000), 3.0, None);
        f.push(Year(2018), a, b, Hs6(20000), 4.0, None);
        let mut report = IngestReport::default();
        let out = canonicalize(f, &mut report);
        assert_eq!(out.len(), 3);
        assert_eq!(key_of(&out, 0), (2017, Hs6(10000), a, c));
        assert_eq!(key_of(&out, 1), (2017, Hs6(10000), b, c));
        assert_eq!(out.value, vec![3.0, 2.0, 5.0]);
        assert_eq!(
            out.quantity[2], 1.0,
            "missing quantity is skipped in the sum"
        );
        assert_eq!(report.duplicate_rows_merged, 1);
        assert_eq!(report.value_total_usd, 10.0);
    }

    #[test]
    fn a_wide_year_span_takes_no_memory_per_year() {
        // Issue 14: rows in 1900 and 2100 used to size the buckets by the 201-year span
        // (1.5 GiB); the comparison sort needs three row indices.
        let mut f = TradeFlows::default();
        let (a, b) = (CountryCode::new(4).unwrap(), CountryCode::new(8).unwrap());
        f.push(Year(2100), a, b, Hs6(10000), 1.0, None);
        f.push(Year(1900), a, b, Hs6(10000), 2.0, None);
        f.push(Year(1900), b, a, Hs6(10000), 3.0, None);
        assert_eq!(canonical_order(&f), vec![1, 2, 0]);
    }

    #[test]
    fn merged_values_do_not_depend_on_row_order() {
        // 0.1 + 0.2 + 0.3 is 0.6000000000000001 left to right, 0.6 right to left; the exact
        // sum is 0.6 either way.
        let rows = |values: [f64; 3]| {
            let mut f = TradeFlows::default();
            for v in values {
                f.push(
                    Year(2018),
                    CountryCode::new(4).unwrap(),
                    CountryCode::new(8).unwrap(),
                    Hs6(1),
                    v,
                    Some(v),
                );
            }
            let mut report = IngestReport::default();
            (canonicalize(f, &mut report), report.value_total_usd)
        };
        let (forward, total) = rows([0.1, 0.2, 0.3]);
        let (backward, _) = rows([0.3, 0.2, 0.1]);
        assert_eq!((forward.value[0], total), (0.6, 0.6));
        assert_eq!(backward.value, forward.value);
        assert_eq!(backward.quantity, forward.quantity);
    }
}
