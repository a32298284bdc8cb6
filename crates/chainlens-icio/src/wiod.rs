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
    let wb_err = |message: String| IcioError::Workbook {
        path: path.to_path_buf(),
        message,
    };
    let mut wb = open_workbook_auto(path).map_err(|e| wb_err(e.to_string()))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| wb_err("no worksheet".into()))?
        .map_err(|e| wb_err(e.to_string()))?;
    let rows: Vec<&[Data]> = range.rows().collect();
    let line = |r: usize| (r + 1) as u64;
    // first data row: country in C, row code in D
    let r0 = rows
        .iter()
        .position(|r| is_country(&text(r.get(2))) && is_code(&text(r.get(3))))
        .ok_or_else(|| IcioError::Missing {
            path: path.to_path_buf(),
            what: "data rows (country code in column C, c1..c56 in column D)".into(),
            hint: "the WIOD 2016 layout has industry, description, country and row code before the values".into(),
        })?;
    let count = |r: &[Data], f: &dyn Fn(&str) -> bool| {
        r.iter().skip(4).filter(|c| f(&text(Some(c)))).count()
    };
    let hc = (0..r0)
        .rev()
        .find(|&r| count(rows[r], &|s| is_code(s)) > 1)
        .ok_or_else(|| IcioError::Missing {
            path: path.to_path_buf(),
            what: "header row of column codes (c1..c61, GO)".into(),
            hint: "WIOD 2016 workbooks have it above the data".into(),
        })?;
    let hn = (0..r0)
        .rev()
        .find(|&r| count(rows[r], &|s| is_country(s)) > 1)
        .ok_or_else(|| IcioError::Missing {
            path: path.to_path_buf(),
            what: "header row of column countries".into(),
            hint: "WIOD 2016 workbooks have it above the data".into(),
        })?;
    // data rows
    let mut countries: Vec<String> = Vec::new();
    let mut sectors: Vec<String> = Vec::new();
    let mut data_rows = Vec::new();
    let mut r = r0;
    while r < rows.len() && is_country(&text(rows[r].get(2))) && is_code(&text(rows[r].get(3))) {
        let c = text(rows[r].get(2));
        let s = text(rows[r].first());
        if countries.last() != Some(&c) {
            if countries.contains(&c) {
                return Err(IcioError::Label {
                    path: path.to_path_buf(),
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
                    path: path.to_path_buf(),
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
    let n = data_rows.len();
    if n != countries.len() * sectors.len() {
        return Err(IcioError::Missing {
            path: path.to_path_buf(),
            what: format!("{} sectors for every country", sectors.len()),
            hint: "the last country's rows are incomplete".into(),
        });
    }
    // columns
    let width = rows[hc].len().max(rows[hn].len());
    let mut z_cols = Vec::new();
    let mut fd_cols = Vec::new();
    let mut fd_columns = Vec::new();
    for j in 4..width {
        let code = text(rows[hc].get(j));
        let country = text(rows[hn].get(j));
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
    if z_cols.len() != n {
        return Err(IcioError::Missing {
            path: path.to_path_buf(),
            what: format!("{n} intermediate-use columns (found {})", z_cols.len()),
            hint: "every country-industry row needs its column".into(),
        });
    }
    // Rows and columns of Z must list the same country-industries in the
    // same order, or Z would be silently misaligned (rows out of order).
    for (k, (&r, &j)) in data_rows.iter().zip(&z_cols).enumerate() {
        let row_key = (text(rows[r].get(2)), text(rows[r].get(3)));
        let col_key = (text(rows[hn].get(j)), text(rows[hc].get(j)));
        if row_key != col_key {
            return Err(IcioError::Label {
                path: path.to_path_buf(),
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
    let cell = |r: usize, j: usize| -> Result<f64, IcioError> {
        number(rows[r].get(j)).ok_or_else(|| IcioError::Number {
            path: path.to_path_buf(),
            line: line(r),
            column: format!("{}_{}", text(rows[hn].get(j)), text(rows[hc].get(j))),
            value: text(rows[r].get(j)),
        })
    };
    let mut z = Vec::with_capacity(n * n);
    let mut y = Vec::with_capacity(n * fd_cols.len());
    for &r in &data_rows {
        for &j in &z_cols {
            z.push(cell(r, j)?);
        }
        for &j in &fd_cols {
            y.push(cell(r, j)?);
        }
    }
    let mut va = vec![0.0; n];
    let mut extensions = Vec::new();
    let mut x = None;
    for r in (r0 + n)..rows.len() {
        let label = text(rows[r].first());
        if WIOD_VA_ROWS.contains(&label.as_str()) {
            let vals = z_cols
                .iter()
                .map(|&j| cell(r, j))
                .collect::<Result<Vec<f64>, _>>()?;
            for (a, b) in va.iter_mut().zip(&vals) {
                *a += b;
            }
            extensions.push(Satellite {
                name: format!("va:{label}"),
                unit: "USD million".into(),
                values: vals,
            });
        } else if label == "GO" {
            x = Some(
                z_cols
                    .iter()
                    .map(|&j| cell(r, j))
                    .collect::<Result<Vec<f64>, _>>()?,
            );
        }
    }
    if extensions.is_empty() {
        return Err(IcioError::Missing {
            path: path.to_path_buf(),
            what: "value-added rows (TXSP, VA, ...)".into(),
            hint: "WIOD 2016 workbooks list them below the data rows".into(),
        });
    }
    let mut table = IcioTable {
        countries,
        sectors,
        z,
        y,
        fd_columns,
        va,
        x: Vec::new(),
        extensions,
        unit: "USD million".into(),
    };
    table.x = x.unwrap_or_else(|| crate::output_from_rows(&table));
    Ok(table)
}
