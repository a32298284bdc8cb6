//! [`Economies`]: which table countries count as one economy in the
//! value-added-in-exports decompositions (METHODS §2).
//!
//! By default each table country is an economy. The OECD ICIO layout splits
//! China and Mexico into processing and non-processing blocks (`CN1`, `CN2`,
//! `MX1`, `MX2`, with empty `CHN`/`MEX` blocks); [`Economies::oecd_split`]
//! treats `CHN`+`CN1`+`CN2` (and `CN3`, `CN4` where present) as China and
//! `MEX`+`MX1`+`MX2`(+`MX3`) as Mexico, so trade between the blocks is domestic,
//! exactly as exvatools' `make_wio` does. [`Economies::grouped`] builds any
//! other grouping (a bloc such as NAFTA as one exporter, as in Borin & Mancini).
//! Rows of one economy need not be contiguous.

use crate::error::{IoError, Result, join_labels};
use chainlens_model::IcioTable;

/// A partition of the table's countries into economies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Economies {
    /// Economy labels, in order of their first country in the table.
    pub names: Vec<String>,
    /// Economy of each table country.
    pub of_country: Vec<usize>,
    /// Economy of each country-sector row.
    pub of_row: Vec<usize>,
    /// Rows of each economy, ascending.
    pub rows: Vec<Vec<usize>>,
    /// Economy of each final-demand column.
    pub of_fd: Vec<usize>,
}

/// The OECD ICIO split blocks and the economy they belong to.
pub const OECD_SPLITS: [(&str, &[&str]); 2] = [
    ("CHN", &["CHN", "CN1", "CN2", "CN3", "CN4"]),
    ("MEX", &["MEX", "MX1", "MX2", "MX3"]),
];

impl Economies {
    /// Each table country is an economy.
    pub fn countries(table: &IcioTable) -> Result<Self> {
        Self::grouped::<&str>(table, &[])
    }

    /// The OECD ICIO split: `CN*` blocks join `CHN`, `MX*` blocks join `MEX`
    /// (only the blocks present in the table).
    pub fn oecd_split(table: &IcioTable) -> Result<Self> {
        let groups: Vec<(String, Vec<String>)> = OECD_SPLITS
            .iter()
            .map(|(name, members)| {
                let present: Vec<String> = members
                    .iter()
                    .filter(|m| table.country_index(m).is_some())
                    .map(|m| (*m).to_string())
                    .collect();
                ((*name).to_string(), present)
            })
            .filter(|(_, p)| p.len() > 1)
            .collect();
        Self::grouped(table, &groups)
    }

    /// Groups of table countries, each named; countries in no group stay on their own.
    /// The group takes the position of its first country in the table.
    pub fn grouped<S: AsRef<str>>(table: &IcioTable, groups: &[(S, Vec<S>)]) -> Result<Self> {
        let nc = table.n_countries();
        let mut group_of: Vec<Option<usize>> = vec![None; nc];
        for (g, (gname, members)) in groups.iter().enumerate() {
            for m in members {
                let Some(c) = table.country_index(m.as_ref()) else {
                    return Err(IoError::UnknownCountry {
                        label: m.as_ref().to_string(),
                        valid: join_labels(&table.countries),
                    });
                };
                if let Some(prev) = group_of[c.0]
                    && prev != g
                {
                    return Err(IoError::OverlappingGroups {
                        label: m.as_ref().to_string(),
                        first: groups[prev].0.as_ref().to_string(),
                        second: gname.as_ref().to_string(),
                    });
                }
                group_of[c.0] = Some(g);
            }
        }
        let mut names: Vec<String> = Vec::new();
        let mut group_econ: Vec<Option<usize>> = vec![None; groups.len()];
        let mut of_country = vec![0; nc];
        for c in 0..nc {
            of_country[c] = match group_of[c] {
                Some(g) => *group_econ[g].get_or_insert_with(|| {
                    names.push(groups[g].0.as_ref().to_string());
                    names.len() - 1
                }),
                None => {
                    names.push(table.countries[c].clone());
                    names.len() - 1
                }
            };
        }
        let s = table.n_sectors();
        let of_row: Vec<usize> = (0..table.n()).map(|i| of_country[i / s]).collect();
        let mut rows = vec![Vec::new(); names.len()];
        for (i, &e) in of_row.iter().enumerate() {
            rows[e].push(i);
        }
        let mut of_fd = Vec::with_capacity(table.n_fd());
        for col in &table.fd_columns {
            let e = names
                .iter()
                .position(|n| *n == col.country)
                .or_else(|| table.country_index(&col.country).map(|c| of_country[c.0]));
            match e {
                Some(e) => of_fd.push(e),
                None => {
                    return Err(IoError::UnknownFinalDemandCountry {
                        label: col.country.clone(),
                        category: col.category.clone(),
                        valid: join_labels(&names),
                    });
                }
            }
        }
        Ok(Self {
            names,
            of_country,
            of_row,
            rows,
            of_fd,
        })
    }

    /// Number of economies.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there is no economy.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Position of an economy label.
    pub fn index(&self, label: &str) -> Result<usize> {
        self.names
            .iter()
            .position(|n| n == label)
            .ok_or_else(|| IoError::UnknownCountry {
                label: label.to_string(),
                valid: join_labels(&self.names),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tables::two_by_two;

    #[test]
    fn identity_and_grouping() {
        let t = two_by_two();
        let e = Economies::countries(&t).unwrap();
        assert_eq!(e.names, vec!["A", "B"]);
        assert_eq!(e.rows, vec![vec![0, 1], vec![2, 3]]);
        assert_eq!(e.of_fd, vec![0, 1]);
        let g = Economies::grouped(&t, &[("AB", vec!["A", "B"])]).unwrap();
        assert_eq!(g.names, vec!["AB"]);
        assert_eq!(g.of_fd, vec![0, 0]);
        let bad = Economies::grouped(&t, &[("X", vec!["Q"])]).unwrap_err();
        assert_eq!(bad.to_string(), "unknown country Q; valid: A, B");
    }
}
