//! [`IcioTable`]: an inter-country input-output table with its labels (METHODS §2).
//!
//! `N` country-sectors in country-major order (row `c * S + s` is sector `s`
//! of country `c`), intermediate use `Z` (N x N), final demand `Y` (N x K, one
//! column per destination country and category), value added `va` (N) and
//! gross output `x` (N), all dense row-major `f64`. Names follow pymrio and
//! Miller & Blair. Readers in `chainlens-icio` fill it; analyses in
//! `chainlens-input-output` take it. Nothing here opens a file or checks the
//! accounting: `IcioTable::shape_problem` only checks that the vectors have
//! the lengths the labels promise.

use serde::{Deserialize, Serialize};

/// Final-demand categories that hold the change in inventories (compared case-insensitively):
/// OECD ICIO and WIOD 2013 `INVNT`, WIOD 2016 `INVEN`, pymrio `Changes in inventories`, `CIV`.
pub const INVENTORY_CATEGORIES: [&str; 4] = ["INVNT", "INVEN", "Changes in inventories", "CIV"];

/// True for a final-demand category that holds the change in inventories.
pub fn is_inventory_category(category: &str) -> bool {
    INVENTORY_CATEGORIES
        .iter()
        .any(|c| c.eq_ignore_ascii_case(category.trim()))
}

/// Index of a country (a block of rows) in an [`IcioTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[repr(transparent)]
pub struct IcioCountry(pub usize);

/// Index of a country-sector row/column in an [`IcioTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[repr(transparent)]
pub struct CountrySector(pub usize);

/// One final-demand column: the consuming country and the category
/// (`HFCE`, `GFCF`, ... or `total` when the source has one column per country).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalDemandColumn {
    /// Label of the destination country, as in [`IcioTable::countries`].
    pub country: String,
    /// Final-demand category.
    pub category: String,
}

/// A satellite account row (employment, emissions, a value-added component):
/// one value per country-sector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Satellite {
    /// Name, e.g. `employment` or `Value Added`.
    pub name: String,
    /// Unit as the source states it, e.g. `1000 persons`.
    pub unit: String,
    /// One value per country-sector (length N).
    pub values: Vec<f64>,
}

/// A labelled inter-country input-output table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IcioTable {
    /// Country (region) labels, in row-block order.
    pub countries: Vec<String>,
    /// Sector labels, the same list in every country.
    pub sectors: Vec<String>,
    /// Intermediate use, N x N row-major: `z[i * n + j]` is sold by `i` to `j`.
    pub z: Vec<f64>,
    /// Final demand, N x K row-major, columns described by `fd_columns`.
    pub y: Vec<f64>,
    /// The K final-demand columns.
    pub fd_columns: Vec<FinalDemandColumn>,
    /// Value added (all primary inputs, including taxes less subsidies), length N.
    pub va: Vec<f64>,
    /// Gross output, length N.
    pub x: Vec<f64>,
    /// Satellite rows (employment, emissions, value-added components).
    pub extensions: Vec<Satellite>,
    /// Monetary unit as the source states it (e.g. `USD million`).
    pub unit: String,
}

impl IcioTable {
    /// Number of country-sectors, `N = countries * sectors`.
    pub fn n(&self) -> usize {
        self.countries.len() * self.sectors.len()
    }

    /// Number of sectors per country.
    pub fn n_sectors(&self) -> usize {
        self.sectors.len()
    }

    /// Number of countries.
    pub fn n_countries(&self) -> usize {
        self.countries.len()
    }

    /// Number of final-demand columns.
    pub fn n_fd(&self) -> usize {
        self.fd_columns.len()
    }

    /// Country of row `i`.
    pub fn country_of(&self, i: CountrySector) -> IcioCountry {
        IcioCountry(i.0 / self.sectors.len().max(1))
    }

    /// `CTY_SECTOR` label of row `i`.
    pub fn label(&self, i: usize) -> String {
        let s = self.sectors.len().max(1);
        match (self.countries.get(i / s), self.sectors.get(i % s)) {
            (Some(c), Some(k)) => format!("{c}_{k}"),
            _ => format!("#{i}"),
        }
    }

    /// Position of a country label.
    pub fn country_index(&self, label: &str) -> Option<IcioCountry> {
        self.countries
            .iter()
            .position(|c| c == label)
            .map(IcioCountry)
    }

    /// Position of a sector label.
    pub fn sector_index(&self, label: &str) -> Option<usize> {
        self.sectors.iter().position(|c| c == label)
    }

    /// `Z[i, j]`.
    pub fn z_at(&self, i: usize, j: usize) -> f64 {
        self.z[i * self.n() + j]
    }

    /// Row sums of `Y` (total final demand for each country-sector's output).
    pub fn y_row_sums(&self) -> Vec<f64> {
        let k = self.n_fd();
        if k == 0 {
            return vec![0.0; self.n()];
        }
        self.y.chunks_exact(k).map(|r| r.iter().sum()).collect()
    }

    /// Row sums of `Z` (intermediate sales).
    pub fn z_row_sums(&self) -> Vec<f64> {
        let n = self.n();
        if n == 0 {
            return Vec::new();
        }
        self.z.chunks_exact(n).map(|r| r.iter().sum()).collect()
    }

    /// Column sums of `Z` (intermediate purchases), summed in row order.
    pub fn z_col_sums(&self) -> Vec<f64> {
        let n = self.n();
        let mut out = vec![0.0; n];
        if n == 0 {
            return out;
        }
        for row in self.z.chunks_exact(n) {
            for (o, v) in out.iter_mut().zip(row) {
                *o += v;
            }
        }
        out
    }

    /// Distinct destination countries of the final-demand columns, in order of first appearance.
    pub fn fd_countries(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in &self.fd_columns {
            if !out.contains(&c.country) {
                out.push(c.country.clone());
            }
        }
        out
    }

    /// `None` when every vector has the length the labels imply, otherwise a description of
    /// the first mismatch (for readers to wrap in their own error).
    pub fn shape_problem(&self) -> Option<String> {
        let n = self.n();
        let k = self.n_fd();
        let checks = [
            ("Z", self.z.len(), n * n),
            ("Y", self.y.len(), n * k),
            ("va", self.va.len(), n),
            ("x", self.x.len(), n),
        ];
        for (name, got, want) in checks {
            if got != want {
                return Some(format!(
                    "{name} has {got} values, {want} expected for {} countries x {} sectors and {k} final-demand columns",
                    self.countries.len(),
                    self.sectors.len()
                ));
            }
        }
        for e in &self.extensions {
            if e.values.len() != n {
                return Some(format!(
                    "extension {} has {} values, {n} expected",
                    e.name,
                    e.values.len()
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_by_two() -> IcioTable {
        IcioTable {
            countries: vec!["A".into(), "B".into()],
            sectors: vec!["agr".into(), "man".into()],
            z: (1..=16).map(f64::from).collect(),
            y: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
            fd_columns: vec![
                FinalDemandColumn {
                    country: "A".into(),
                    category: "total".into(),
                },
                FinalDemandColumn {
                    country: "B".into(),
                    category: "total".into(),
                },
            ],
            va: vec![0.0; 4],
            x: vec![0.0; 4],
            extensions: Vec::new(),
            unit: "USD million".into(),
        }
    }

    #[test]
    fn sums_and_labels() {
        let t = two_by_two();
        assert_eq!(t.n(), 4);
        assert_eq!(t.label(3), "B_man");
        assert_eq!(t.z_row_sums(), vec![10.0, 26.0, 42.0, 58.0]);
        assert_eq!(t.z_col_sums(), vec![28.0, 32.0, 36.0, 40.0]);
        assert_eq!(t.y_row_sums(), vec![3.0, 7.0, 11.0, 15.0]);
        assert_eq!(t.country_of(CountrySector(2)), IcioCountry(1));
        assert_eq!(t.fd_countries(), vec!["A".to_string(), "B".to_string()]);
        assert!(t.shape_problem().is_none());
        let mut bad = t;
        bad.x.pop();
        assert!(bad.shape_problem().unwrap().starts_with("x has 3 values"));
    }
}
