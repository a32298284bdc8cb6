//! [`CanonicalFlows`]: a [`TradeFlows`] known to be in canonical order (year, product,
//! exporter, importer) with no repeated key. Every analysis that relies on the order (a
//! year's rows found by binary search, a good's flows side by side) takes this type, so a
//! face cannot hand it an unsorted table. It is built only through the order check and
//! gives no mutable access; [`CanonicalFlows::into_inner`] hands the rows back for editing.

use crate::TradeFlows;
use std::fmt;
use std::ops::Deref;

/// Trade flows in canonical order, checked once when built.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CanonicalFlows(TradeFlows);

/// Why a table is not canonical: the first row that does not follow the one before it,
/// with the rows handed back.
pub struct NotCanonical {
    row: usize,
    flows: TradeFlows,
}

impl NotCanonical {
    /// The row (counted from 0) whose key is not greater than the previous row's.
    pub fn row(&self) -> usize {
        self.row
    }

    /// The rows that failed the check, unchanged.
    pub fn into_flows(self) -> TradeFlows {
        self.flows
    }
}

impl fmt::Debug for NotCanonical {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NotCanonical")
            .field("row", &self.row)
            .field("rows", &self.flows.len())
            .finish()
    }
}

impl fmt::Display for NotCanonical {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "flow row {} does not follow row {} in (year, product, exporter, importer) order \
             or repeats its key",
            self.row,
            self.row - 1
        )
    }
}

impl std::error::Error for NotCanonical {}

impl TryFrom<TradeFlows> for CanonicalFlows {
    type Error = NotCanonical;

    /// Checks the order (in parallel blocks, see [`TradeFlows::first_out_of_order`]).
    fn try_from(flows: TradeFlows) -> Result<Self, NotCanonical> {
        match flows.first_out_of_order() {
            Some(row) => Err(NotCanonical { row, flows }),
            None => Ok(Self(flows)),
        }
    }
}

impl Deref for CanonicalFlows {
    type Target = TradeFlows;

    fn deref(&self) -> &TradeFlows {
        &self.0
    }
}

impl CanonicalFlows {
    /// The rows, to edit; they must pass the check again to be canonical.
    pub fn into_inner(self) -> TradeFlows {
        self.0
    }

    /// The first `rows` rows, still canonical (a prefix keeps the order).
    pub fn truncated(mut self, rows: usize) -> Self {
        self.0.truncate(rows);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CountryCode, Hs6, Year};

    fn row(flows: &mut TradeFlows, year: u16, product: u32, exporter: u16, importer: u16) {
        let code = |c| CountryCode::new(c).unwrap();
        flows.push(
            Year(year),
            code(exporter),
            code(importer),
            Hs6(product),
            1.0,
            Some(2.0),
        );
    }

    #[test]
    fn a_sorted_table_passes_and_an_unsorted_one_names_its_row() {
        let mut flows = TradeFlows::default();
        row(&mut flows, 2018, 10121, 4, 8);
        row(&mut flows, 2018, 10121, 4, 9);
        row(&mut flows, 2018, 10122, 1, 1);
        let canonical = CanonicalFlows::try_from(flows.clone()).unwrap();
        assert_eq!(canonical.len(), 3);
        assert_eq!(canonical.clone().truncated(1).len(), 1);
        row(&mut flows, 2017, 999999, 999, 999);
        let error = CanonicalFlows::try_from(flows.clone()).unwrap_err();
        assert_eq!(error.row(), 3);
        assert_eq!(
            error.to_string(),
            "flow row 3 does not follow row 2 in (year, product, exporter, importer) order \
             or repeats its key"
        );
        assert_eq!(error.into_flows(), flows, "the rows come back unchanged");
    }

    #[test]
    fn rows_out_of_order_are_found_across_blocks_and_tasks() {
        // 2^20 + 10 rows: the check's 4,096-row blocks and 2^20-row parallel tasks both
        // have boundaries inside the table; a fault placed on each side of them is found.
        let rows = (1usize << 20) + 10;
        let mut flows = TradeFlows::default();
        for i in 0..rows {
            row(
                &mut flows,
                2018,
                (i / 1000) as u32,
                (i % 1000 / 10) as u16,
                (i % 10) as u16,
            );
        }
        assert!(CanonicalFlows::try_from(flows.clone()).is_ok());
        for fault in [1, 4095, 4096, 4097, (1 << 20) - 1, 1 << 20, rows - 1] {
            let mut order: Vec<usize> = (0..rows).collect();
            order.swap(fault - 1, fault);
            let error = CanonicalFlows::try_from(flows.permuted(&order)).unwrap_err();
            assert_eq!(
                error.row(),
                fault,
                "a swap of rows {} and {fault}",
                fault - 1
            );
        }
    }
}
