//! The averaging window of METHODS §1.1: `v(e,m,k)` = sum over the window's years
//! divided by the number of years (a missing year counts as 0). Works on a table in
//! canonical order (year, product, exporter, importer) without copying it: each
//! good's rows are gathered from the year blocks and merged on (exporter, importer).
//! [`WindowedFlows::transforming`] passes some goods' averaged flows through a function (a
//! scenario's shock) so the analysis sees the shocked table without a copy of it.

use crate::VulnerabilityError;
use chainlens_model::{CanonicalFlows, CountryCode, Hs6, ProductSet, Year, YearWindow};
use std::ops::Range;

/// One averaged flow of a good: exporter, importer, `v(e,m,k)`.
pub type WindowFlow = (CountryCode, CountryCode, f64);

/// A canonical table seen through a window of years.
pub struct WindowedFlows<'a> {
    flows: &'a CanonicalFlows,
    blocks: Vec<Range<usize>>,
    /// Years of the window (every year of the data when no window is given).
    pub years: Vec<Year>,
    /// Rows of the table outside the window.
    pub rows_outside: u64,
    divisor: f64,
    transform: Option<(&'a ProductSet, &'a Transform<'a>)>,
}

/// Rewrites one good's averaged flows: `(good, flows, out)`, `out` empty on entry and left
/// sorted by (exporter, importer); an empty `out` means the good is not traded.
pub type Transform<'a> = dyn Fn(Hs6, &[WindowFlow], &mut Vec<WindowFlow>) + Sync + 'a;

impl<'a> WindowedFlows<'a> {
    /// Finds the window's year blocks; fails when none holds a row.
    pub fn new(
        flows: &'a CanonicalFlows,
        window: Option<YearWindow>,
    ) -> Result<Self, VulnerabilityError> {
        let present = flows.years();
        let years: Vec<Year> = match window {
            Some(w) => (w.first.0..=w.last.0).map(Year).collect(),
            None => present.clone(),
        };
        let blocks: Vec<Range<usize>> = years
            .iter()
            .map(|&y| {
                flows.year.partition_point(|&t| t < y)..flows.year.partition_point(|&t| t <= y)
            })
            .filter(|r| !r.is_empty())
            .collect();
        if blocks.is_empty() {
            let (first, last) = match window {
                Some(w) => (w.first, w.last),
                None => (Year(0), Year(0)),
            };
            return Err(VulnerabilityError::EmptyWindow {
                first,
                last,
                available: present
                    .iter()
                    .map(Year::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        let inside: usize = blocks.iter().map(Range::len).sum();
        Ok(Self {
            flows,
            blocks,
            rows_outside: (flows.len() - inside) as u64,
            divisor: years.len() as f64,
            years,
            transform: None,
        })
    }

    /// The same view with the flows of every good of `goods` passed through `transform`.
    pub fn transforming(mut self, goods: &'a ProductSet, transform: &'a Transform<'a>) -> Self {
        self.transform = Some((goods, transform));
        self
    }

    /// How many years the window's values are averaged over.
    pub fn divisor(&self) -> f64 {
        self.divisor
    }

    /// Calls `visit(e, m, k, v)` for every row of the window's years, in table order,
    /// with the row's value as read (not divided by the years; no transform applied).
    pub fn for_each_row(&self, mut visit: impl FnMut(CountryCode, CountryCode, Hs6, f64)) {
        let f = self.flows;
        for block in &self.blocks {
            for i in block.clone() {
                visit(f.exporter[i], f.importer[i], f.product[i], f.value[i]);
            }
        }
    }

    /// Calls `visit(k, flows)` for every good with a code in `codes`, ascending, with its
    /// averaged flows sorted by (exporter, importer). `buffer` is scratch space.
    pub fn for_each_good(
        &self,
        codes: Range<u32>,
        buffer: &mut Vec<WindowFlow>,
        mut visit: impl FnMut(Hs6, &[WindowFlow]),
    ) {
        let f = self.flows;
        let mut cursors: Vec<Range<usize>> = self
            .blocks
            .iter()
            .map(|b| {
                let slice = &f.product[b.clone()];
                b.start + slice.partition_point(|p| p.0 < codes.start)
                    ..b.start + slice.partition_point(|p| p.0 < codes.end)
            })
            .collect();
        let mut transformed = Vec::new();
        loop {
            let Some(good) = cursors
                .iter()
                .filter(|c| !c.is_empty())
                .map(|c| f.product[c.start])
                .min()
            else {
                return;
            };
            buffer.clear();
            let mut sources = 0;
            for cursor in &mut cursors {
                let start = cursor.start;
                while cursor.start < cursor.end && f.product[cursor.start] == good {
                    cursor.start += 1;
                }
                if cursor.start > start {
                    sources += 1;
                    buffer.extend(
                        (start..cursor.start).map(|i| (f.exporter[i], f.importer[i], f.value[i])),
                    );
                }
            }
            if sources > 1 {
                // Stable: equal keys keep year order, so sums run over years in order.
                buffer.sort_by_key(|&(e, m, _)| (e, m));
                let mut kept = 0;
                for i in 0..buffer.len() {
                    if kept > 0
                        && (buffer[kept - 1].0, buffer[kept - 1].1) == (buffer[i].0, buffer[i].1)
                    {
                        buffer[kept - 1].2 += buffer[i].2;
                    } else {
                        buffer[kept] = buffer[i];
                        kept += 1;
                    }
                }
                buffer.truncate(kept);
            }
            if self.divisor != 1.0 {
                buffer.iter_mut().for_each(|r| r.2 /= self.divisor);
            }
            match self.transform {
                Some((goods, transform)) if goods.contains(good) => {
                    transformed.clear();
                    transform(good, buffer, &mut transformed);
                    if !transformed.is_empty() {
                        visit(good, &transformed);
                    }
                }
                _ => visit(good, buffer),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_model::TradeFlows;

    #[test]
    fn transformed_goods_are_seen_through_the_transform() {
        let mut t = TradeFlows::default();
        let (a, b, c) = (
            CountryCode::new(1).unwrap(),
            CountryCode::new(2).unwrap(),
            CountryCode::new(3).unwrap(),
        );
        t.push(Year(2018), a, b, Hs6(100), 4.0, None);
        t.push(Year(2018), a, b, Hs6(200), 6.0, None);
        t.push(Year(2018), a, c, Hs6(300), 8.0, None);
        let t = CanonicalFlows::try_from(t).unwrap();
        // 200 is halved and gains a flow from c; 300 vanishes; 100 is untouched.
        let goods: ProductSet = [Hs6(200), Hs6(300)].into_iter().collect();
        let halve = |k: Hs6, rows: &[WindowFlow], out: &mut Vec<WindowFlow>| {
            if k == Hs6(200) {
                out.extend(rows.iter().map(|r| (r.0, r.1, r.2 / 2.0)));
                out.push((c, b, 1.0));
            }
        };
        let w = WindowedFlows::new(&t, None)
            .unwrap()
            .transforming(&goods, &halve);
        let mut seen = Vec::new();
        w.for_each_good(0..1_000_000, &mut Vec::new(), |k, rows| {
            seen.push((k, rows.to_vec()))
        });
        assert_eq!(
            seen,
            vec![
                (Hs6(100), vec![(a, b, 4.0)]),
                (Hs6(200), vec![(a, b, 3.0), (c, b, 1.0)]),
            ]
        );
    }

    #[test]
    fn a_good_present_in_one_year_is_halved() {
        let mut t = TradeFlows::default();
        let (a, b) = (CountryCode::new(1).unwrap(), CountryCode::new(2).unwrap());
        t.push(Year(2017), a, b, Hs6(100), 4.0, None);
        t.push(Year(2017), a, b, Hs6(200), 6.0, None);
        t.push(Year(2018), a, b, Hs6(200), 2.0, None);
        t.push(Year(2019), a, b, Hs6(200), 100.0, None);
        let t = CanonicalFlows::try_from(t).unwrap();
        let w = WindowedFlows::new(&t, YearWindow::parse("2017-2018")).unwrap();
        assert_eq!(w.rows_outside, 1);
        let mut seen = Vec::new();
        w.for_each_good(0..1_000_000, &mut Vec::new(), |k, rows| {
            seen.push((k, rows.to_vec()))
        });
        assert_eq!(
            seen,
            vec![(Hs6(100), vec![(a, b, 2.0)]), (Hs6(200), vec![(a, b, 4.0)])]
        );
        let err = WindowedFlows::new(&t, YearWindow::parse("2020"))
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "no trade flow in the window 2020-2020 (the data holds 2017, 2018, 2019)"
        );
    }
}
