//! [`GravityData`]: a long table of bilateral flows (exporter, importer, year, trade and
//! any numeric gravity variables) read from CSV text, checked row by row: a missing
//! column, a value that is not a number, negative trade or a repeated exporter-importer-
//! year fails with the file, line and column. [`GravityData::world`] takes one year as the
//! square matrix the general equilibrium needs (every pair, domestic flows included).
//!
//! The text comes from the caller (the engine reads the file); nothing here opens files.

use crate::GravityError;
use std::collections::{BTreeMap, HashMap};

/// The columns that hold the flow's keys and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnNames {
    /// Exporter code (any text, usually ISO3).
    pub exporter: String,
    /// Importer code.
    pub importer: String,
    /// Year; `None` for a cross-section (every row is year 0).
    pub year: Option<String>,
    /// Trade value, non-negative.
    pub trade: String,
}

impl Default for ColumnNames {
    fn default() -> Self {
        Self {
            exporter: "exporter".into(),
            importer: "importer".into(),
            year: Some("year".into()),
            trade: "trade".into(),
        }
    }
}

/// Bilateral flows in columns; countries are indices into the sorted `countries`.
#[derive(Clone, Debug, PartialEq)]
pub struct GravityData {
    /// The file's name in errors.
    pub label: String,
    /// Country codes, sorted.
    pub countries: Vec<String>,
    /// Exporter of each row.
    pub exporter: Vec<u32>,
    /// Importer of each row.
    pub importer: Vec<u32>,
    /// Year of each row.
    pub year: Vec<i32>,
    /// Trade of each row.
    pub trade: Vec<f64>,
    /// The CSV line of each row (1-based, the header is line 1).
    pub line: Vec<u64>,
    /// The numeric variables read, by name, one value per row.
    pub vars: Vec<(String, Vec<f64>)>,
}

/// One year's flows as a square matrix, `trade[i * n + j]` from exporter `i` to importer `j`.
#[derive(Clone, Debug, PartialEq)]
pub struct World {
    /// Country codes, sorted.
    pub countries: Vec<String>,
    /// Row-major exporter x importer flows.
    pub trade: Vec<f64>,
}

impl World {
    /// Number of countries.
    pub fn n(&self) -> usize {
        self.countries.len()
    }

    /// Index of a country code.
    pub fn index(&self, code: &str) -> Option<usize> {
        self.countries
            .binary_search_by(|c| c.as_str().cmp(code))
            .ok()
    }

    /// Each country's sales to all (row sums), domestic included.
    pub fn output(&self) -> Vec<f64> {
        let n = self.n();
        (0..n)
            .map(|i| self.trade[i * n..(i + 1) * n].iter().sum())
            .collect()
    }

    /// Each country's purchases from all (column sums), domestic included.
    pub fn expenditure(&self) -> Vec<f64> {
        let n = self.n();
        (0..n)
            .map(|j| (0..n).map(|i| self.trade[i * n + j]).sum())
            .collect()
    }
}

impl GravityData {
    /// Reads CSV `text` (with a header); `label` names the file in errors, `vars` are the
    /// numeric columns to keep besides the keys and trade (`ln(COLUMN)` keeps the log of a
    /// positive column, under that name).
    pub fn from_csv(
        text: &str,
        label: &str,
        columns: &ColumnNames,
        vars: &[String],
    ) -> Result<Self, GravityError> {
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let csv_error = |e: csv::Error| GravityError::BadValue {
            file: label.into(),
            line: e.position().map_or(0, |p| p.line()),
            column: String::new(),
            message: e.to_string(),
        };
        let header = reader.headers().map_err(csv_error)?.clone();
        let find = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| GravityError::MissingColumn {
                    file: label.into(),
                    column: name.into(),
                    available: header.iter().collect::<Vec<_>>().join(", "),
                })
        };
        let exp_col = find(&columns.exporter)?;
        let imp_col = find(&columns.importer)?;
        let year_col = columns.year.as_deref().map(find).transpose()?;
        let trade_col = find(&columns.trade)?;
        // `ln(DIST)` is the log of column DIST, as gravity equations write distance.
        let var_cols = vars
            .iter()
            .map(
                |v| match v.strip_prefix("ln(").and_then(|v| v.strip_suffix(')')) {
                    Some(inner) => find(inner).map(|c| (c, true)),
                    None => find(v).map(|c| (c, false)),
                },
            )
            .collect::<Result<Vec<_>, _>>()?;

        let mut rows = RawRows::default();
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).map_err(csv_error)? {
            let line = record.position().map_or(0, |p| p.line());
            let cell = |col: usize| record.get(col).unwrap_or("");
            let number = |col: usize| parse_number(cell(col), label, line, &header[col]);
            let year = match year_col {
                Some(col) => parse_year(cell(col), label, line, &header[col])?,
                None => 0,
            };
            let trade = number(trade_col)?;
            if trade < 0.0 {
                return Err(bad(label, line, &header[trade_col], "negative trade"));
            }
            let values = var_cols
                .iter()
                .map(|&(c, log)| match number(c)? {
                    v if log && v <= 0.0 => Err(bad(
                        label,
                        line,
                        &header[c],
                        "ln() of a value that is not positive",
                    )),
                    v if log => Ok(v.ln()),
                    v => Ok(v),
                })
                .collect::<Result<Vec<_>, _>>()?;
            rows.push(cell(exp_col), cell(imp_col), year, trade, line, values);
        }
        rows.into_data(label, columns, vars)
    }

    /// The values of variable `name`, one per row.
    pub fn var(&self, name: &str) -> Option<&[f64]> {
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// The years present, sorted.
    pub fn years(&self) -> Vec<i32> {
        let mut years = self.year.clone();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The rows of the listed years only (country codes kept).
    pub fn keep_years(&self, years: &[i32]) -> Self {
        let keep: Vec<usize> = (0..self.year.len())
            .filter(|&r| years.contains(&self.year[r]))
            .collect();
        self.keep_rows(&keep)
    }

    /// The listed rows only, in that order (country codes kept).
    pub fn keep_rows(&self, keep: &[usize]) -> Self {
        let pick_f = |v: &[f64]| keep.iter().map(|&r| v[r]).collect::<Vec<_>>();
        Self {
            label: self.label.clone(),
            countries: self.countries.clone(),
            exporter: keep.iter().map(|&r| self.exporter[r]).collect(),
            importer: keep.iter().map(|&r| self.importer[r]).collect(),
            year: keep.iter().map(|&r| self.year[r]).collect(),
            trade: pick_f(&self.trade),
            line: keep.iter().map(|&r| self.line[r]).collect(),
            vars: self
                .vars
                .iter()
                .map(|(n, v)| (n.clone(), pick_f(v)))
                .collect(),
        }
    }

    /// The row of each exporter-importer pair in `year`, row-major (`None` where absent).
    pub fn pair_rows(&self, year: i32) -> Vec<Option<usize>> {
        let n = self.countries.len();
        let mut rows = vec![None; n * n];
        for r in (0..self.year.len()).filter(|&r| self.year[r] == year) {
            rows[self.exporter[r] as usize * n + self.importer[r] as usize] = Some(r);
        }
        rows
    }

    /// The flows of `year` as a square matrix: every pair must be there and every
    /// country must sell to itself (the domestic flow anchors its expenditure share).
    pub fn world(&self, year: i32) -> Result<World, GravityError> {
        let n = self.countries.len();
        let rows = self.pair_rows(year);
        if rows.iter().all(Option::is_none) {
            return Err(self.incomplete(format!("no row in year {year}")));
        }
        let mut trade = vec![0.0; n * n];
        for (k, row) in rows.iter().enumerate() {
            let (i, j) = (k / n, k % n);
            let Some(r) = *row else {
                return Err(self.incomplete(format!(
                    "no row for {} -> {} in year {year}\nhint: the general equilibrium needs every pair, domestic flows included",
                    self.countries[i], self.countries[j]
                )));
            };
            trade[k] = self.trade[r];
        }
        if let Some(i) = (0..n).find(|&i| trade[i * n + i] <= 0.0) {
            return Err(self.incomplete(format!(
                "no domestic flow for {} in year {year} (trade {0} -> {0} is 0)\nhint: structural gravity needs each country's sales to itself (output minus exports)",
                self.countries[i]
            )));
        }
        Ok(World {
            countries: self.countries.clone(),
            trade,
        })
    }

    fn incomplete(&self, message: String) -> GravityError {
        GravityError::Incomplete {
            file: self.label.clone(),
            message,
        }
    }
}

/// Rows as read, before country codes are sorted into indices.
#[derive(Default)]
struct RawRows {
    exporter: Vec<String>,
    importer: Vec<String>,
    year: Vec<i32>,
    trade: Vec<f64>,
    line: Vec<u64>,
    values: Vec<Vec<f64>>,
}

impl RawRows {
    fn push(&mut self, e: &str, m: &str, year: i32, trade: f64, line: u64, values: Vec<f64>) {
        self.exporter.push(e.to_string());
        self.importer.push(m.to_string());
        self.year.push(year);
        self.trade.push(trade);
        self.line.push(line);
        self.values.push(values);
    }

    fn into_data(
        self,
        label: &str,
        columns: &ColumnNames,
        vars: &[String],
    ) -> Result<GravityData, GravityError> {
        let mut codes: Vec<String> = self
            .exporter
            .iter()
            .chain(&self.importer)
            .cloned()
            .collect();
        codes.sort_unstable();
        codes.dedup();
        if let Some(r) = (0..self.exporter.len())
            .find(|&r| self.exporter[r].is_empty() || self.importer[r].is_empty())
        {
            let column = if self.exporter[r].is_empty() {
                &columns.exporter
            } else {
                &columns.importer
            };
            return Err(bad(label, self.line[r], column, "empty country code"));
        }
        let index: HashMap<&str, u32> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i as u32))
            .collect();
        let exporter: Vec<u32> = self.exporter.iter().map(|c| index[c.as_str()]).collect();
        let importer: Vec<u32> = self.importer.iter().map(|c| index[c.as_str()]).collect();
        let mut seen = BTreeMap::new();
        for r in 0..exporter.len() {
            if let Some(&first) = seen.get(&(exporter[r], importer[r], self.year[r])) {
                return Err(GravityError::DuplicateRow {
                    file: label.into(),
                    line: self.line[r],
                    first_line: self.line[first],
                    key: format!(
                        "{} -> {} in {}",
                        self.exporter[r], self.importer[r], self.year[r]
                    ),
                });
            }
            seen.insert((exporter[r], importer[r], self.year[r]), r);
        }
        let vars = vars
            .iter()
            .enumerate()
            .map(|(k, name)| (name.clone(), self.values.iter().map(|v| v[k]).collect()))
            .collect();
        Ok(GravityData {
            label: label.into(),
            countries: codes,
            exporter,
            importer,
            year: self.year,
            trade: self.trade,
            line: self.line,
            vars,
        })
    }
}

fn bad(file: &str, line: u64, column: &str, message: &str) -> GravityError {
    GravityError::BadValue {
        file: file.into(),
        line,
        column: column.into(),
        message: message.into(),
    }
}

fn parse_number(text: &str, file: &str, line: u64, column: &str) -> Result<f64, GravityError> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ if text.trim().is_empty() => Err(bad(file, line, column, "empty value")),
        _ => Err(bad(
            file,
            line,
            column,
            &format!("`{text}` is not a finite number"),
        )),
    }
}

/// A year written as an integer, or as a float with no fraction (`2006.0`, as Stata
/// exports write it).
fn parse_year(text: &str, file: &str, line: u64, column: &str) -> Result<i32, GravityError> {
    let v = parse_number(text, file, line, column)?;
    if v.fract() != 0.0 || v.abs() > 1e6 {
        return Err(bad(file, line, column, &format!("`{text}` is not a year")));
    }
    Ok(v as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "exporter,importer,year,trade,d\nA,A,2000,5,0\nA,B,2000,1,1\nB,A,2000.0,2,1\nB,B,2000,7,0\n";

    fn read(text: &str) -> Result<GravityData, GravityError> {
        GravityData::from_csv(text, "t.csv", &ColumnNames::default(), &["d".into()])
    }

    #[test]
    fn a_square_year() {
        let data = read(CSV).unwrap();
        assert_eq!(data.countries, ["A", "B"]);
        let world = data.world(2000).unwrap();
        assert_eq!(world.trade, [5.0, 1.0, 2.0, 7.0]);
        assert_eq!(data.var("d").unwrap(), [0.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn bad_rows_name_file_line_and_column() {
        let e = read(&CSV.replace("A,B,2000,1", "A,B,2000,-1")).unwrap_err();
        assert_eq!(e.to_string(), "t.csv:3: column `trade`: negative trade");
        let e = read(&CSV.replace("B,A,2000.0", "A,B,2000.0")).unwrap_err();
        assert_eq!(e.to_string(), "t.csv:4: A -> B in 2000 repeats line 3");
        let e = read(&CSV.replace(",d\n", ",x\n")).unwrap_err();
        assert!(e.to_string().starts_with("t.csv: no column `d`"), "{e}");
        let e = read(&CSV.replace("B,B,2000,7", "B,B,2000,seven")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:5: column `trade`: `seven` is not a finite number"
        );
    }

    #[test]
    fn a_logged_variable_is_read_under_its_expression() {
        let text = CSV
            .replace(",d\n", ",dist\n")
            .replace(",0\n", ",1\n")
            .replace(",1,1\n", ",1,2.5\n");
        let vars = ["ln(dist)".to_string()];
        let data = GravityData::from_csv(&text, "t.csv", &ColumnNames::default(), &vars).unwrap();
        assert_eq!(
            data.var("ln(dist)").unwrap(),
            [0.0, 2.5f64.ln(), 1.0f64.ln(), 0.0]
        );
        let e = GravityData::from_csv(CSV, "t.csv", &ColumnNames::default(), &["ln(d)".into()])
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:2: column `d`: ln() of a value that is not positive"
        );
    }

    #[test]
    fn the_general_equilibrium_needs_every_pair_and_domestic_flows() {
        let data = read(&CSV.replace("A,B,2000,1,1\n", "")).unwrap();
        assert!(
            data.world(2000)
                .unwrap_err()
                .to_string()
                .contains("no row for A -> B")
        );
        let data = read(&CSV.replace("B,B,2000,7", "B,B,2000,0")).unwrap();
        assert!(
            data.world(2000)
                .unwrap_err()
                .to_string()
                .contains("no domestic flow for B")
        );
    }
}
