//! Puts a freshly read [`TradeFlows`] in canonical order (year, product, exporter,
//! importer) and folds rows that share a key into one (values summed, counted as
//! `duplicate_rows_merged`). A stable counting sort on (year, product) does the
//! bulk of the work in O(n); BACI's own (exporter, importer) order within a product
//! is then already right, and only out-of-order buckets are sorted.

use crate::IngestReport;
use chainlens_model::{Hs6, TradeFlows};

/// Sorts `flows` into canonical order, merges duplicate keys and sets
/// `report.duplicate_rows_merged` and `report.value_total_usd`.
pub fn canonicalize(flows: TradeFlows, report: &mut IngestReport) -> TradeFlows {
    let order = canonical_order(&flows);
    let mut flows = permute_columns(flows, &order);
    drop(order);
    report.duplicate_rows_merged += merge_duplicates(&mut flows);
    report.value_total_usd = flows.value.iter().sum();
    flows
}

fn canonical_order(flows: &TradeFlows) -> Vec<u32> {
    let years = flows.years();
    let Some(first_year) = years.first() else {
        return Vec::new();
    };
    let span = usize::from(years[years.len() - 1].0 - first_year.0) + 1;
    let per_year = Hs6::MAX as usize + 1;
    let bucket = |i: usize| {
        usize::from(flows.year[i].0 - first_year.0) * per_year + flows.product[i].0 as usize
    };
    let mut starts = vec![0u32; span * per_year + 1];
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

/// `column` gathered by `order` (`new[i] = old[order[i]]`), in parallel.
fn permute<T: Copy + Send + Sync>(column: Vec<T>, order: &[u32]) -> Vec<T> {
    use rayon::prelude::*;
    order.par_iter().map(|&i| column[i as usize]).collect()
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
    TradeFlows {
        year: permute(year, order),
        exporter: permute(exporter, order),
        importer: permute(importer, order),
        product: permute(product, order),
        value: permute(value, order),
        quantity: permute(quantity, order),
    }
}

/// Folds adjacent rows with equal keys into the first; quantities add up with
/// missing ones skipped (missing only if all are). Returns the rows folded.
fn merge_duplicates(flows: &mut TradeFlows) -> u64 {
    if flows.is_canonical() {
        return 0;
    }
    let mut kept = 0usize;
    for i in 0..flows.len() {
        if i > 0 && flows.key(i) == flows.key(kept - 1) {
            flows.value[kept - 1] += flows.value[i];
            let (q0, q1) = (flows.quantity[kept - 1], flows.quantity[i]);
            flows.quantity[kept - 1] = match (q0.is_nan(), q1.is_nan()) {
                (true, _) => q1,
                (false, true) => q0,
                (false, false) => q0 + q1,
            };
            continue;
        }
        flows.year[kept] = flows.year[i];
        flows.exporter[kept] = flows.exporter[i];
        flows.importer[kept] = flows.importer[i];
        flows.product[kept] = flows.product[i];
        flows.value[kept] = flows.value[i];
        flows.quantity[kept] = flows.quantity[i];
        kept += 1;
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
        let (a, b, c) = (CountryCode(4), CountryCode(8), CountryCode(12));
        f.push(Year(2018), a, b, Hs6(20000), 1.0, Some(1.0));
        f.push(Year(2017), b, c, Hs6(10000), 2.0, None);
        f.push(Year(2017), a, c, Hs6(10000), 3.0, None);
        f.push(Year(2018), a, b, Hs6(20000), 4.0, None);
        let mut report = IngestReport::default();
        let out = canonicalize(f, &mut report);
        assert!(out.is_canonical());
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
}
