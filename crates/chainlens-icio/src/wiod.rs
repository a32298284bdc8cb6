//! WIOD 2016 release world input-output tables, as published in Excel
//! (`WIOT<year>_Nov16_ROW.xlsb`, or the same sheet saved as `.xlsx`), read
//! with calamine.
//!
//! # Layout
//! The first worksheet has a few title rows, then two header rows over the
//! value columns (from column E): one with column codes `c1`..`c56`
//! (industries), `c57`..`c61` (final demand: `CONS_h`, `CONS_np`, `CONS_g`,
//! `GFCF`, `INVEN`) and `GO` (output), and one with the country code of each
//! column (`TOT` for `GO`). Data rows carry the industry code (column A,
//! e.g. `A01`), its description (B), the country (C) and the row code `c1`..
//! `c56` (D). Below them: `II_fob` (total intermediate use), `TXSP`,
//! `EXP_adj`, `PURR`, `PURNR`, `VA`, `IntTTM` and `GO`. Value added `va` is
//! the sum of every primary-input row (`TXSP`, `EXP_adj`, `PURR`, `PURNR`,
//! `VA`, `IntTTM`), each also kept as a satellite `va:<code>`, so that
//! `1'Z + va = GO`; `x` is the `GO` row. Header rows are found by their
//! content, not their position. Data rows must follow the order of the
//! intermediate-use columns (country, then `c1`..`c56`); a row out of order is
//! an error naming its line, not a misaligned `Z`.
//!
//! # WIOD 2013 release
//! The 2013 release (35 industries, `c1`..`c35`, final demand `c37`..`c42`)
//! is read here from `../shared/data/wiod2013`, which holds it converted
//! losslessly to the OECD ICIO CSV layout (see its `SOURCE.md`), so it goes
//! through [`crate::wide`], not this reader; no 2013 workbook was available
//! to check this reader against.

use crate::BelowRows;
use crate::error::IcioError;
use calamine::{Data, Reader, open_workbook_auto};
use chainlens_model::{FinalDemandColumn, IcioTable, Satellite};
use std::path::Path;

/// WIOD final-demand column codes and their names.
pub const WIOD_FD: [(&str, &str); 5] = [
    ("c57", "CONS_h"),
    ("c58", "CONS_np"),
    ("c59", "CONS_g"),
    ("c60", "GFCF"),
    ("c61", "INVEN"),
];

/// Primary-input rows below the data rows, summed into value added.
pub const WIOD_VA_ROWS: [&str; 6] = ["TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM"];

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    }
}

fn number(d: Option<&Data>) -> Option<f64> {
    match d {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        Some(Data::Empty) | None => Some(0.0),
        Some(Data::String(s)) if s.trim().is_empty() => Some(0.0),
        Some(Data::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

fn is_code(s: &str) -> bool {
    s.len() > 1 && s.starts_with('c') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

fn is_country(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Reads the first worksheet of a WIOD 2016 workbook.
pub fn read_wiod(path: &Path) -> Result<IcioTable, IcioError> {
    let range = first_worksheet(path)?;
    let rows: Vec<&[Data]> = range.rows().collect();
    let (r0, hc, hn) = header_rows(path, &rows)?;
    let sheet = Sheet {
        path,
        rows: &rows,
        hc,
        hn,
    };
    let DataRows {
        countries,
        sectors,
        rows: data_rows,
    } = sheet.data_rows(r0)?;
    let n = data_rows.len();
    let (z_cols, fd_cols, fd_columns) = sheet.value_columns();
    if z_cols.len() != n {
        return Err(IcioError::Missing {
            path: path.to_path_buf(),
            what: format!("{n} intermediate-use columns (found {})", z_cols.len()),
            hint: "every country-industry row needs its column".into(),
        });
    }
    sheet.check_row_order(&data_rows, &z_cols)?;
    let (z, y) = sheet.z_and_y(&data_rows, &z_cols, &fd_cols)?;
    let below = sheet.value_added_and_output(r0 + n, &z_cols)?;
    if below.extensions.is_empty() {
        return Err(IcioError::Missing {
            path: path.to_path_buf(),
            what: "value-added rows (TXSP, VA, ...)".into(),
            hint: "WIOD 2016 workbooks list them below the data rows".into(),
        });
    }
    Ok(below.into_table(countries, sectors, z, y, fd_columns))
}

/// The cells of the first worksheet of the workbook at `path`.
fn first_worksheet(path: &Path) -> Result<calamine::Range<Data>, IcioError> {
    let wb_err = |message: String| IcioError::Workbook {
        path: path.to_path_buf(),
        message,
    };
    let mut wb = open_workbook_auto(path).map_err(|e| wb_err(e.to_string()))?;
    wb.worksheet_range_at(0)
        .ok_or_else(|| wb_err("no worksheet".into()))?
        .map_err(|e| wb_err(e.to_string()))
}

/// The line of row index `r` (rows count from 1).
fn line(r: usize) -> u64 {
    (r + 1) as u64
}

/// Whether row `r` is a data row: a country in column C and a row code in column D.
fn is_data_row(r: &[Data]) -> bool {
    is_country(&text(r.get(2))) && is_code(&text(r.get(3)))
}

/// The indices of the first data row, of the header row of column codes and of the
/// header row of column countries (the last such rows above the data).
fn header_rows(path: &Path, rows: &[&[Data]]) -> Result<(usize, usize, usize), IcioError> {
    let r0 = rows
        .iter()
        .position(|r| is_data_row(r))
        .ok_or_else(|| IcioError::Missing {
            path: path.to_path_buf(),
            what: "data rows (country code in column C, c1..c56 in column D)".into(),
            hint: "the WIOD 2016 layout has industry, description, country and row code before the values".into(),
        })?;
    let count = |r: &[Data], f: &dyn Fn(&str) -> bool| {
        r.iter().skip(4).filter(|c| f(&text(Some(c)))).count()
    };
    let header = |f: &dyn Fn(&str) -> bool, what: &str| {
        (0..r0)
            .rev()
            .find(|&r| count(rows[r], f) > 1)
            .ok_or_else(|| IcioError::Missing {
                path: path.to_path_buf(),
                what: what.into(),
                hint: "WIOD 2016 workbooks have it above the data".into(),
            })
    };
    let hc = header(&|s| is_code(s), "header row of column codes (c1..c61, GO)")?;
    let hn = header(&|s| is_country(s), "header row of column countries")?;
    Ok((r0, hc, hn))
}

/// The data rows of a worksheet.
struct DataRows {
    /// The countries, in order.
    countries: Vec<String>,
    /// The sectors of the first country.
    sectors: Vec<String>,
    /// The indices of the data rows.
    rows: Vec<usize>,
}

/// The rows of a worksheet, with the indices of its two header rows.
struct Sheet<'a> {
    /// The workbook, named in errors.
    path: &'a Path,
    /// The worksheet's rows.
    rows: &'a [&'a [Data]],
    /// The header row of column codes.
    hc: usize,
    /// The header row of column countries.
    hn: usize,
}

impl Sheet<'_> {
    /// The number in row `r`, column `j`; an error names its line and column.
    fn cell(&self, r: usize, j: usize) -> Result<f64, IcioError> {
        let rows = self.rows;
        number(rows[r].get(j)).ok_or_else(|| IcioError::Number {
            path: self.path.to_path_buf(),
            line: line(r),
            column: format!(
                "{}_{}",
                text(rows[self.hn].get(j)),
                text(rows[self.hc].get(j))
            ),
            value: text(rows[r].get(j)),
        })
    }

    /// The countries, the sectors (of the first country) and the indices of the data
    /// rows from `r0` on, each country's rows contiguous and in the first's sector order,
    /// the last country's complete.
    fn data_rows(&self, r0: usize) -> Result<DataRows, IcioError> {
        let rows = self.rows;
        let mut countries: Vec<String> = Vec::new();
        let mut sectors: Vec<String> = Vec::new();
        let mut data_rows = Vec::new();
        let mut r = r0;
        while r < rows.len() && is_data_row(rows[r]) {
            let c = text(rows[r].get(2));
            let s = text(rows[r].first());
            if countries.last() != Some(&c) {
                if countries.contains(&c) {
                    return Err(IcioError::Label {
                        path: self.path.to_path_buf(),
                        line: line(r),
                        label: c,
                        message: "rows of a country must be contiguous".into(),
                    });
                }
                countries.push(c.clone());
            }
            if countries.len() == 1 {
                sectors.push(s.clone());
            } else {
                let k = data_rows.len() % sectors.len().max(1);
                if sectors.get(k) != Some(&s) {
                    return Err(IcioError::IrregularSectors {
                        path: self.path.to_path_buf(),
                        line: line(r),
                        country: c,
                        found: s,
                        expected: sectors.get(k).cloned().unwrap_or_default(),
                    });
                }
            }
            data_rows.push(r);
            r += 1;
        }
        if data_rows.len() != countries.len() * sectors.len() {
            return Err(IcioError::Missing {
                path: self.path.to_path_buf(),
                what: format!("{} sectors for every country", sectors.len()),
                hint: "the last country's rows are incomplete".into(),
            });
        }
        Ok(DataRows {
            countries,
            sectors,
            rows: data_rows,
        })
    }

    /// The intermediate-use columns, the final-demand columns and what each of the
    /// latter is, in column order from column E.
    fn value_columns(&self) -> (Vec<usize>, Vec<usize>, Vec<FinalDemandColumn>) {
        let (hc, hn) = (self.rows[self.hc], self.rows[self.hn]);
        let mut z_cols = Vec::new();
        let mut fd_cols = Vec::new();
        let mut fd_columns = Vec::new();
        for j in 4..hc.len().max(hn.len()) {
            let code = text(hc.get(j));
            let country = text(hn.get(j));
            if let Some((_, name)) = WIOD_FD.iter().find(|(c, _)| *c == code) {
                fd_cols.push(j);
                fd_columns.push(FinalDemandColumn {
                    country,
                    category: (*name).to_string(),
                });
            } else if is_code(&code) {
                z_cols.push(j);
            }
        }
        (z_cols, fd_cols, fd_columns)
    }

    /// Checks that the rows and columns of Z list the same country-industries in the
    /// same order, or Z would be silently misaligned (rows out of order).
    fn check_row_order(&self, data_rows: &[usize], z_cols: &[usize]) -> Result<(), IcioError> {
        let rows = self.rows;
        for (k, (&r, &j)) in data_rows.iter().zip(z_cols).enumerate() {
            let row_key = (text(rows[r].get(2)), text(rows[r].get(3)));
            let col_key = (text(rows[self.hn].get(j)), text(rows[self.hc].get(j)));
            if row_key != col_key {
                return Err(IcioError::Label {
                    path: self.path.to_path_buf(),
                    line: line(r),
                    label: format!("{} {}", row_key.0, row_key.1),
                    message: format!(
                        "data row {} is {} {} but intermediate-use column {} is {} {}: rows out of order (rows and columns must follow the same country-industry order)",
                        k + 1,
                        row_key.0,
                        row_key.1,
                        k + 1,
                        col_key.0,
                        col_key.1
                    ),
                });
            }
        }
        Ok(())
    }

    /// `Z` and final demand, row by row (a row's `Z` cells, then its final-demand cells).
    fn z_and_y(
        &self,
        data_rows: &[usize],
        z_cols: &[usize],
        fd_cols: &[usize],
    ) -> Result<(Vec<f64>, Vec<f64>), IcioError> {
        let n = data_rows.len();
        let mut z = Vec::with_capacity(n * z_cols.len());
        let mut y = Vec::with_capacity(n * fd_cols.len());
        for &r in data_rows {
            for &j in z_cols {
                z.push(self.cell(r, j)?);
            }
            for &j in fd_cols {
                y.push(self.cell(r, j)?);
            }
        }
        Ok((z, y))
    }

    /// From row `first` on: value added (the sum of the primary-input rows), each
    /// primary-input row as a satellite `va:<code>`, and the `GO` row if any.
    fn value_added_and_output(
        &self,
        first: usize,
        z_cols: &[usize],
    ) -> Result<BelowRows, IcioError> {
        let row_values = |r: usize| {
            z_cols
                .iter()
                .map(|&j| self.cell(r, j))
                .collect::<Result<Vec<f64>, _>>()
        };
        let mut va = vec![0.0; z_cols.len()];
        let mut extensions = Vec::new();
        let mut x = None;
        for r in first..self.rows.len() {
            let label = text(self.rows[r].first());
            if WIOD_VA_ROWS.contains(&label.as_str()) {
                let vals = row_values(r)?;
                for (a, b) in va.iter_mut().zip(&vals) {
                    *a += b;
                }
                extensions.push(Satellite {
                    name: format!("va:{label}"),
                    unit: "USD million".into(),
                    values: vals,
                });
            } else if label == "GO" {
                x = Some(row_values(r)?);
            }
        }
        Ok(BelowRows { va, extensions, x })
    }
}
