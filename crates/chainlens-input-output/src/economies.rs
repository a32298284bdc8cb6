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
//!
//! # Split economies in groups
//! A group that names `CHN` or `MEX` also takes the split blocks of the table
//! (`CN1`..`CN4`, `MX1`..`MX3`) that no group names explicitly: `NAFTA=MEX,USA`
//! is `MEX`, `MX1`, `MX2` and `USA`, as exvatools reads it.
//! [`Economies::added_splits`] lists what was added, for the caller to say so.
//! [`Economies::grouped_with_splits`] also keeps the remaining split blocks
//! together (`CN1`, `CN2` as `CHN` when no group names China).
//!
//! # Keys of country-sector outputs
//! Several rows of one economy can carry the same sector (`MEX_01T09`,
//! `MX1_01T09`, `MX2_01T09`). [`SplitKeys::Merge`], the default, reports them
//! once under the economy (`MEX,01T09`), summed, as TiVA reports China and
//! Mexico; [`SplitKeys::Label`] keeps one row each under the table's own
//! country label (`MX1,01T09`). Either way no key repeats;
//! [`Economies::sector_keys`] gives the key of every row.
//!
//! # Collapsing
//! [`Economies::collapse`] sums the table to one sector (`TOTAL`) per
//! economy: the table on which Antràs & Chor (2018) compute economy-wide
//! upstreamness and downstreamness.

use crate::error::{InputOutputError, Result};
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
    /// Split blocks added to a group because it names `CHN` or `MEX`:
    /// `(group, blocks)`, e.g. `("NAFTA", ["MX1", "MX2"])`.
    pub added_splits: Vec<(String, Vec<String>)>,
}

/// How country-sector outputs key rows of split economies (see the module doc).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SplitKeys {
    /// One row per economy and sector, summed (TiVA's CHN and MEX). Default.
    #[default]
    Merge,
    /// One row per table country and sector, under the table's own label.
    Label,
}

/// The key of each row of a country-sector output: `(row -> key index, keys)`,
/// keys as `(country or economy, sector)` in order of first appearance.
pub type SectorKeys = (Vec<usize>, Vec<(String, String)>);

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
    /// A group that names `CHN` or `MEX` also takes the table's split blocks that
    /// no group names (listed in [`Economies::added_splits`]).
    pub fn grouped<S: AsRef<str>>(table: &IcioTable, groups: &[(S, Vec<S>)]) -> Result<Self> {
        let nc = table.n_countries();
        let named: Vec<&str> = groups
            .iter()
            .flat_map(|(_, m)| m.iter().map(AsRef::as_ref))
            .collect();
        let mut added_splits: Vec<(String, Vec<String>)> = Vec::new();
        let mut expanded: Vec<Vec<String>> = Vec::with_capacity(groups.len());
        for (gname, members) in groups {
            let mut list: Vec<String> = members.iter().map(|m| m.as_ref().to_string()).collect();
            let mut added = Vec::new();
            for (economy, blocks) in OECD_SPLITS {
                if !list.iter().any(|m| m == economy) {
                    continue;
                }
                for &b in blocks.iter() {
                    if b != economy
                        && table.country_index(b).is_some()
                        && !named.contains(&b)
                        && !list.iter().any(|m| m == b)
                    {
                        list.push(b.to_string());
                        added.push(b.to_string());
                    }
                }
            }
            if !added.is_empty() {
                added_splits.push((gname.as_ref().to_string(), added));
            }
            expanded.push(list);
        }
        let mut group_of: Vec<Option<usize>> = vec![None; nc];
        for (g, (gname, _)) in groups.iter().enumerate() {
            for m in &expanded[g] {
                let Some(c) = table.country_index(m) else {
                    return Err(InputOutputError::UnknownCountry {
                        label: m.clone(),
                        valid: table.countries.clone(),
                    });
                };
                if let Some(prev) = group_of[c.0]
                    && prev != g
                {
                    return Err(InputOutputError::OverlappingGroups {
                        label: m.clone(),
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
                    return Err(InputOutputError::UnknownFinalDemandCountry {
                        label: col.country.clone(),
                        category: col.category.clone(),
                        valid: names.clone(),
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
            added_splits,
        })
    }

    /// [`Economies::grouped`], then the OECD split blocks that no group
    /// reaches kept together as their economy (`CN1`, `CN2` as `CHN`), as
    /// [`Economies::oecd_split`] does without groups.
    pub fn grouped_with_splits<S: AsRef<str>>(
        table: &IcioTable,
        groups: &[(S, Vec<S>)],
    ) -> Result<Self> {
        let mut all: Vec<(String, Vec<String>)> = groups
            .iter()
            .map(|(g, m)| {
                (
                    g.as_ref().to_string(),
                    m.iter().map(|x| x.as_ref().to_string()).collect(),
                )
            })
            .collect();
        for (economy, blocks) in OECD_SPLITS {
            let present: Vec<String> = blocks
                .iter()
                .filter(|b| table.country_index(b).is_some())
                .map(|b| (*b).to_string())
                .collect();
            let reached = all
                .iter()
                .any(|(_, m)| m.iter().any(|x| present.contains(x)));
            if present.len() > 1 && !reached {
                all.push((economy.to_string(), present));
            }
        }
        Self::grouped(table, &all)
    }

    /// The key of every country-sector row for outputs by country-sector (see
    /// [`SplitKeys`]): with `Merge`, rows of one economy and sector share a key.
    pub fn sector_keys(&self, table: &IcioTable, keys: SplitKeys) -> SectorKeys {
        let s = table.n_sectors().max(1);
        let mut index: std::collections::BTreeMap<(String, String), usize> =
            std::collections::BTreeMap::new();
        let mut list: Vec<(String, String)> = Vec::new();
        let of_row = (0..table.n())
            .map(|i| {
                let country = match keys {
                    SplitKeys::Merge => self.names[self.of_row[i]].clone(),
                    SplitKeys::Label => table.countries[i / s].clone(),
                };
                let key = (country, table.sectors[i % s].clone());
                *index.entry(key.clone()).or_insert_with(|| {
                    list.push(key);
                    list.len() - 1
                })
            })
            .collect();
        (of_row, list)
    }

    /// The table summed to one sector, `TOTAL`, per economy (rows and columns
    /// of `Z`, rows of `Y`, value added, output and satellites); final-demand
    /// columns are kept as they are.
    pub fn collapse(&self, table: &IcioTable) -> IcioTable {
        let n = table.n();
        let g = self.len();
        let k = table.n_fd();
        let mut z = vec![0.0; g * g];
        let mut y = vec![0.0; g * k];
        let mut va = vec![0.0; g];
        let mut x = vec![0.0; g];
        for i in 0..n {
            let a = self.of_row[i];
            let row = &table.z[i * n..(i + 1) * n];
            for (j, v) in row.iter().enumerate() {
                z[a * g + self.of_row[j]] += v;
            }
            for c in 0..k {
                y[a * k + c] += table.y[i * k + c];
            }
            va[a] += table.va[i];
            x[a] += table.x[i];
        }
        let extensions = table
            .extensions
            .iter()
            .map(|e| {
                let mut v = vec![0.0; g];
                for (i, val) in e.values.iter().enumerate() {
                    v[self.of_row[i]] += val;
                }
                chainlens_model::Satellite {
                    name: e.name.clone(),
                    unit: e.unit.clone(),
                    values: v,
                }
            })
            .collect();
        IcioTable {
            countries: self.names.clone(),
            sectors: vec!["TOTAL".into()],
            z,
            y,
            fd_columns: table.fd_columns.clone(),
            va,
            x,
            extensions,
            unit: table.unit.clone(),
        }
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
            .ok_or_else(|| InputOutputError::UnknownCountry {
                label: label.to_string(),
                valid: self.names.clone(),
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

    fn split_table() -> IcioTable {
        // countries USA, MEX, MX1, MX2 with one sector each
        let mut t = two_by_two();
        t.countries = vec!["USA".into(), "MEX".into(), "MX1".into(), "MX2".into()];
        t.sectors = vec!["01".into()];
        t.fd_columns[0].country = "USA".into();
        t.fd_columns[1].country = "MEX".into();
        t
    }

    #[test]
    fn a_group_naming_mex_takes_its_split_blocks() {
        let t = split_table();
        let g = Economies::grouped(&t, &[("NAFTA", vec!["MEX", "USA"])]).unwrap();
        assert_eq!(g.names, ["NAFTA"]);
        assert_eq!(g.rows, [vec![0, 1, 2, 3]]);
        assert_eq!(
            g.added_splits,
            [(
                "NAFTA".to_string(),
                vec!["MX1".to_string(), "MX2".to_string()]
            )]
        );
        // a block named elsewhere stays there
        let h = Economies::grouped(&t, &[("A", vec!["MEX", "USA"]), ("B", vec!["MX2"])]).unwrap();
        assert_eq!(h.rows, [vec![0, 1, 2], vec![3]]);
        // without groups naming Mexico, its blocks stay together
        let w = Economies::grouped_with_splits(&t, &[("US", vec!["USA"])]).unwrap();
        assert_eq!(w.names, ["US", "MEX"]);
        assert_eq!(w.rows, [vec![0], vec![1, 2, 3]]);
        // keys: merged under MEX, or labelled by block
        let (of_row, keys) = w.sector_keys(&t, SplitKeys::Merge);
        assert_eq!(of_row, [0, 1, 1, 1]);
        assert_eq!(keys[1], ("MEX".to_string(), "01".to_string()));
        let (of_row, keys) = w.sector_keys(&t, SplitKeys::Label);
        assert_eq!(of_row, [0, 1, 2, 3]);
        assert_eq!(keys[2].0, "MX1");
    }

    #[test]
    fn collapse_sums_each_economy() {
        // two_by_two: total output of A = 100 + 200, of B = 150 + 250.
        let t = two_by_two();
        let c = Economies::countries(&t).unwrap().collapse(&t);
        assert_eq!(c.sectors, ["TOTAL"]);
        assert_eq!(c.x, [300.0, 400.0]);
        let n = t.n();
        let ab: f64 = (0..2)
            .flat_map(|i| (2..4).map(move |j| (i, j)))
            .map(|(i, j)| t.z[i * n + j])
            .sum();
        assert_eq!(c.z[1], ab);
    }
}
