//! [`TradeFlows`]: bilateral HS6 trade as columns (year, exporter, importer,
//! product, value in USD, quantity in tonnes), the table every trade analysis
//! reads (METHODS §1). The canonical order is (year, product, exporter, importer).

use crate::{Column, CountryCode, Hs6};
use rayon::prelude::*;
use std::fmt;

/// A calendar year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(transparent)]
pub struct Year(pub u16);

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An inclusive range of years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct YearWindow {
    /// First year kept.
    pub first: Year,
    /// Last year kept.
    pub last: Year,
}

impl YearWindow {
    /// Parses `2017` or `2017-2018`.
    pub fn parse(text: &str) -> Option<Self> {
        let (a, b) = text.split_once('-').unwrap_or((text, text));
        let (first, last) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        (first <= last).then_some(Self {
            first: Year(first),
            last: Year(last),
        })
    }

    /// Whether `year` is inside.
    pub fn contains(&self, year: Year) -> bool {
        self.first <= year && year <= self.last
    }

    /// Number of years in the window.
    pub fn len(&self) -> usize {
        usize::from(self.last.0 - self.first.0) + 1
    }

    /// Never true: a window holds at least one year.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Bilateral trade flows, one row per (year, exporter, importer, product).
///
/// Columns have equal length; each is a [`Column`], owned or borrowed from a
/// memory-mapped cache. `value` is in current USD (BACI's thousands are
/// converted on ingest); `quantity` is metric tonnes with `NaN` where unknown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TradeFlows {
    /// Year of the flow.
    pub year: Column<Year>,
    /// Exporting country.
    pub exporter: Column<CountryCode>,
    /// Importing country.
    pub importer: Column<CountryCode>,
    /// HS6 product.
    pub product: Column<Hs6>,
    /// Value in USD.
    pub value: Column<f64>,
    /// Quantity in metric tonnes, `NaN` when not reported.
    pub quantity: Column<f64>,
}

impl TradeFlows {
    /// An empty table with room for `rows` rows.
    pub fn with_capacity(rows: usize) -> Self {
        Self {
            year: Vec::with_capacity(rows).into(),
            exporter: Vec::with_capacity(rows).into(),
            importer: Vec::with_capacity(rows).into(),
            product: Vec::with_capacity(rows).into(),
            value: Vec::with_capacity(rows).into(),
            quantity: Vec::with_capacity(rows).into(),
        }
    }

    /// Reserves room for `rows` more rows in every column.
    pub fn reserve(&mut self, rows: usize) {
        self.year.reserve(rows);
        self.exporter.reserve(rows);
        self.importer.reserve(rows);
        self.product.reserve(rows);
        self.value.reserve(rows);
        self.quantity.reserve(rows);
    }

    /// Appends one row.
    #[inline]
    pub fn push(
        &mut self,
        year: Year,
        exporter: CountryCode,
        importer: CountryCode,
        product: Hs6,
        value: f64,
        quantity: Option<f64>,
    ) {
        self.year.push(year);
        self.exporter.push(exporter);
        self.importer.push(importer);
        self.product.push(product);
        self.value.push(value);
        self.quantity.push(quantity.unwrap_or(f64::NAN));
    }

    /// Keeps the first `rows` rows.
    pub fn truncate(&mut self, rows: usize) {
        self.year.truncate(rows);
        self.exporter.truncate(rows);
        self.importer.truncate(rows);
        self.product.truncate(rows);
        self.value.truncate(rows);
        self.quantity.truncate(rows);
    }

    /// Appends all rows of `other`.
    pub fn append(&mut self, other: &mut TradeFlows) {
        self.year.append(&mut other.year);
        self.exporter.append(&mut other.exporter);
        self.importer.append(&mut other.importer);
        self.product.append(&mut other.product);
        self.value.append(&mut other.value);
        self.quantity.append(&mut other.quantity);
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// The sort key of row `i` in canonical order: year, product, exporter, importer.
    pub fn key(&self, i: usize) -> u64 {
        (u64::from(self.year[i].0) << 48)
            | (u64::from(self.product[i].0) << 20)
            | (u64::from(self.exporter[i].get()) << 10)
            | u64::from(self.importer[i].get())
    }

    /// Distinct years, ascending.
    pub fn years(&self) -> Vec<Year> {
        let mut seen = [false; 1 << 16];
        for y in &self.year {
            seen[usize::from(y.0)] = true;
        }
        (0..=u16::MAX)
            .filter(|&y| seen[usize::from(y)])
            .map(Year)
            .collect()
    }

    /// Rows reordered by `order` (a permutation of `0..len`).
    pub fn permuted(&self, order: &[usize]) -> Self {
        fn pick<T: Copy>(col: &[T], order: &[usize]) -> Column<T> {
            order.iter().map(|&i| col[i]).collect()
        }
        Self {
            year: pick(&self.year, order),
            exporter: pick(&self.exporter, order),
            importer: pick(&self.importer, order),
            product: pick(&self.product, order),
            value: pick(&self.value, order),
            quantity: pick(&self.quantity, order),
        }
    }

    /// The first row that does not follow the row before it in canonical order (a repeated
    /// key included), `None` when the whole table is canonical. Blocks of rows are checked
    /// in parallel; [`CanonicalFlows`](crate::CanonicalFlows) is built through this check.
    pub fn first_out_of_order(&self) -> Option<usize> {
        const ROWS_PER_TASK: usize = 1 << 20;
        let tasks = self.len().div_ceil(ROWS_PER_TASK);
        (0..tasks).into_par_iter().find_map_first(|t| {
            let rows =
                (t * ROWS_PER_TASK).saturating_sub(1)..((t + 1) * ROWS_PER_TASK).min(self.len());
            self.first_out_of_order_in(rows)
        })
    }

    /// [`first_out_of_order`](Self::first_out_of_order) within `rows` (the first row of the
    /// range is compared with nothing before it).
    fn first_out_of_order_in(&self, rows: std::ops::Range<usize>) -> Option<usize> {
        // Keys a block at a time, compared without stopping early, so that both loops
        // run in vector registers; the last key of a block leads the next block, and only
        // a failing block is searched for its row.
        const BLOCK: usize = 4096;
        let mut keys = [0u64; BLOCK + 1];
        let mut start = rows.start;
        let mut carried = false;
        while start < rows.end {
            let end = (start + BLOCK).min(rows.end);
            let offset = usize::from(carried);
            let block = &mut keys[offset..offset + end - start];
            let columns = self.year[start..end]
                .iter()
                .zip(&self.product[start..end])
                .zip(&self.exporter[start..end])
                .zip(&self.importer[start..end]);
            for (key, (((y, p), e), m)) in block.iter_mut().zip(columns) {
                *key = (u64::from(y.0) << 48)
                    | (u64::from(p.0) << 20)
                    | (u64::from(e.get()) << 10)
                    | u64::from(m.get());
            }
            let filled = &keys[..offset + end - start];
            if !filled.windows(2).fold(true, |ok, w| ok & (w[0] < w[1])) {
                let pair = filled.windows(2).position(|w| w[0] >= w[1]).unwrap_or(0);
                return Some(start + pair + 1 - offset);
            }
            keys[0] = filled[filled.len() - 1];
            carried = true;
            start = end;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_parse() {
        let w = YearWindow::parse("2017-2018").unwrap();
        assert_eq!((w.first, w.last, w.len()), (Year(2017), Year(2018), 2));
        assert!(w.contains(Year(2018)) && !w.contains(Year(2019)));
        assert_eq!(YearWindow::parse("2019").unwrap().len(), 1);
        assert!(YearWindow::parse("2019-2018").is_none());
        assert!(YearWindow::parse("twenty").is_none());
    }

    #[test]
    fn key_orders_by_year_product_exporter_importer() {
        let mut f = TradeFlows::default();
        f.push(
            Year(2018),
            CountryCode::new(999).unwrap(),
            CountryCode::new(999).unwrap(),
            Hs6(10121),
            1.0,
            None,
        );
        f.push(
            Year(2018),
            CountryCode::new(1).unwrap(),
            CountryCode::new(2).unwrap(),
            Hs6(10122),
            1.0,
            None,
        );
        f.push(
            Year(2019),
            CountryCode::new(0).unwrap(),
            CountryCode::new(0).unwrap(),
            Hs6(0),
            1.0,
            Some(2.0),
        );
        assert_eq!(f.first_out_of_order(), None);
        assert_eq!(f.years(), vec![Year(2018), Year(2019)]);
        let swapped = f.permuted(&[1, 0, 2]);
        assert_eq!(swapped.first_out_of_order(), Some(1));
        let repeated = f.permuted(&[0, 1, 1, 2]);
        assert_eq!(
            repeated.first_out_of_order(),
            Some(2),
            "a repeated key is out of order"
        );
        assert!(f.quantity[0].is_nan() && f.quantity[2] == 2.0);
    }
}
