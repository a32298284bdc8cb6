//! Wide labelled CSV tables: the OECD ICIO layout (one label column,
//! `<ISO3>_<industry>` rows and columns) and the chainlens generic layout
//! (two label columns `country,sector`). Both put `Z` first, then final
//! demand, then optionally an output column, with value-added and output rows
//! below the country-sector rows.
//!
//! # OECD ICIO (2021, 2023, 2025 editions)
//! Header: a first cell (`V1` or empty), `<ISO3>_<industry>` columns in row
//! order, final-demand columns `<ISO3>_<HFCE|NPISH|GGFC|GFCF|INVNT|DPABR|DIRPA|NONRES>`,
//! and `OUT` (or `TOTAL`). Rows: country-sectors, then `TLS` (taxes less
//! subsidies) and `VA`/`VALU` (value added), summed into `va` and also kept as
//! satellites `va:TLS`, `va:VALU`, and `OUT` (output). The extended layout's
//! `CN1`/`CN2`/`MX1`/`MX2` blocks are ordinary countries here; see
//! [`crate::aggregate`] to merge them into `CHN` and `MEX`.
//!
//! # Generic (documented in the README)
//! Header `country,sector,<country>_<sector>...,<country>_<category>...[,OUT]`;
//! rows with `country,sector` for each country-sector; rows `VA,<component>`
//! (at least one); optionally `OUT,` (output; else output is the row sum) and
//! `EXT,<name>` satellite rows (employment, emissions). Empty cells are 0.

use crate::BelowRows;
use crate::error::{IcioError, io_err};
use chainlens_model::{FinalDemandColumn, IcioTable, Satellite};
use std::path::Path;

/// Final-demand categories of the OECD ICIO editions.
pub const OECD_FD_CATEGORIES: [&str; 8] = [
    "HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR", "DIRPA", "NONRES",
];

/// Which wide layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WideLayout {
    /// OECD ICIO: one label column.
    Oecd,
    /// chainlens generic: `country,sector` label columns.
    Generic,
}

enum RowKind {
    Cs(String, String),
    Va(String),
    Out,
    Ext(String),
}

/// Reads a wide CSV of the given layout (plain, `.csv.gz`, or the single CSV
/// member of a `.zip`; see [`crate::source`]).
pub fn read_wide(path: &Path, layout: WideLayout) -> Result<IcioTable, IcioError> {
    read_wide_year(path, None, layout)
}

/// [`read_wide`] with a year to pick the member of a zip release.
pub fn read_wide_year(
    path: &Path,
    year: Option<u16>,
    layout: WideLayout,
) -> Result<IcioTable, IcioError> {
    crate::source::with_csv_reader(path, year, |r, name| read_wide_from(r, name, layout))
}

/// Rows whose numbers are parsed together, in parallel, while the reader waits: large
/// enough to keep both cores busy, small enough that the raw text held stays small.
const PARSE_BATCH: usize = 256;

/// Reads a wide CSV of the given layout from `reader`; `path` names it in errors.
/// Records are split in file order; their numbers are parsed in batches in parallel
/// (most of the time of a large table), the first bad cell in file order reported.
pub fn read_wide_from(
    reader: &mut dyn std::io::Read,
    path: &Path,
    layout: WideLayout,
) -> Result<IcioTable, IcioError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(reader);
    let csv_err = |e: csv::Error| {
        // csv::Error hides its IO error from `source()`: look inside it for a gzip or
        // zip member that ends early.
        let fault = match e.kind() {
            csv::ErrorKind::Io(io) => crate::source::archive_fault(io),
            _ => None,
        };
        fault.unwrap_or_else(|| IcioError::Csv {
            path: path.to_path_buf(),
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        })
    };
    let mut first = csv::StringRecord::new();
    if !rdr.read_record(&mut first).map_err(csv_err)? {
        return Err(IcioError::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    let nlab = match layout {
        WideLayout::Oecd => 1,
        WideLayout::Generic => 2,
    };
    let header: Vec<String> = first
        .iter()
        .skip(nlab)
        .map(|s| s.trim().to_string())
        .collect();
    let mut kinds = Vec::new();
    let mut values: Vec<Vec<f64>> = Vec::new();
    let mut batch: Vec<(u64, csv::ByteRecord)> = Vec::with_capacity(PARSE_BATCH);
    let mut line = 1u64;
    loop {
        let mut rec = csv::ByteRecord::new();
        let more = match rdr.read_byte_record(&mut rec) {
            Ok(more) => more,
            Err(e) => {
                return Err(parsed(&batch, nlab, &header, path)
                    .err()
                    .unwrap_or(csv_err(e)));
            }
        };
        if more {
            line += 1;
            if rec.iter().all(|c| c.trim_ascii().is_empty()) {
                continue;
            }
            match checked_row(rec, layout, header.len() + nlab, path, line) {
                Ok((kind, rec)) => {
                    kinds.push((line, kind));
                    batch.push((line, rec));
                }
                // A bad number in an earlier row comes first.
                Err(e) => return Err(parsed(&batch, nlab, &header, path).err().unwrap_or(e)),
            }
        }
        if batch.len() == PARSE_BATCH || !more {
            values.extend(parsed(&batch, nlab, &header, path)?);
            batch.clear();
        }
        if !more {
            break;
        }
    }
    assemble(path, &header, kinds, values)
}

/// The numbers of a batch of rows, parsed in parallel; the first bad cell in file order.
fn parsed(
    batch: &[(u64, csv::ByteRecord)],
    nlab: usize,
    header: &[String],
    path: &Path,
) -> Result<Vec<Vec<f64>>, IcioError> {
    use rayon::prelude::*;
    let rows: Vec<Result<Vec<f64>, IcioError>> = batch
        .par_iter()
        .map(|(line, rec)| parse_cells(rec, nlab, header, path, *line))
        .collect();
    rows.into_iter().collect()
}

/// A row's kind, with its text checked as UTF-8 and its field count against the header's.
fn checked_row(
    rec: csv::ByteRecord,
    layout: WideLayout,
    fields: usize,
    path: &Path,
    line: u64,
) -> Result<(RowKind, csv::ByteRecord), IcioError> {
    let csv_error = |message: String| IcioError::Csv {
        path: path.to_path_buf(),
        line,
        message,
    };
    let rec = csv::StringRecord::from_byte_record(rec).map_err(|e| csv_error(e.to_string()))?;
    let kind = row_kind(&rec, layout, path, line)?;
    if rec.len() != fields {
        return Err(csv_error(format!(
            "{} fields, the header has {fields}",
            rec.len()
        )));
    }
    Ok((kind, rec.into_byte_record()))
}

/// What a row is, from its label cells.
fn row_kind(
    rec: &csv::StringRecord,
    layout: WideLayout,
    path: &Path,
    line: u64,
) -> Result<RowKind, IcioError> {
    let label_err = |label: &str, message: &str| IcioError::Label {
        path: path.to_path_buf(),
        line,
        label: label.to_string(),
        message: message.to_string(),
    };
    Ok(match layout {
        WideLayout::Oecd => {
            let l = rec.get(0).unwrap_or("").trim();
            match l {
                "TLS" | "VA" | "VALU" | "TAXSUB" => RowKind::Va(l.to_string()),
                "OUT" | "TOTAL" => RowKind::Out,
                _ => match l.split_once('_') {
                    Some((c, s)) if !c.is_empty() && !s.is_empty() => {
                        RowKind::Cs(c.to_string(), s.to_string())
                    }
                    _ => {
                        return Err(label_err(
                            l,
                            "expected <country>_<industry>, TLS, VA, VALU or OUT",
                        ));
                    }
                },
            }
        }
        WideLayout::Generic => {
            let c = rec.get(0).unwrap_or("").trim();
            let s = rec.get(1).unwrap_or("").trim();
            match c {
                "VA" => RowKind::Va(if s.is_empty() { "VA".into() } else { s.into() }),
                "OUT" => RowKind::Out,
                "EXT" => RowKind::Ext(s.to_string()),
                _ if c.is_empty() || s.is_empty() => {
                    return Err(label_err(
                        &format!("{c},{s}"),
                        "a country-sector row needs both a country and a sector",
                    ));
                }
                _ => RowKind::Cs(c.to_string(), s.to_string()),
            }
        }
    })
}

/// The number in a trimmed cell `text` of column `column()`, 0 for an empty cell; the
/// error names the file, line and column.
pub(crate) fn number_cell(
    text: &str,
    path: &Path,
    line: u64,
    column: impl FnOnce() -> String,
) -> Result<f64, IcioError> {
    if text.is_empty() {
        return Ok(0.0);
    }
    text.parse::<f64>().map_err(|_| IcioError::Number {
        path: path.to_path_buf(),
        line,
        column: column(),
        value: text.to_string(),
    })
}

/// The numbers of a row after its `nlab` label cells (an empty cell is 0).
fn parse_cells(
    rec: &csv::ByteRecord,
    nlab: usize,
    header: &[String],
    path: &Path,
    line: u64,
) -> Result<Vec<f64>, IcioError> {
    let mut row = Vec::with_capacity(header.len());
    for (k, cell) in rec.iter().skip(nlab).enumerate() {
        // The record was checked as UTF-8 when it was read.
        let t = std::str::from_utf8(cell).unwrap_or("").trim();
        let v = number_cell(t, path, line, || header[k].clone())?;
        if !v.is_finite() {
            return Err(IcioError::NonFiniteCell {
                path: path.to_path_buf(),
                line,
                column: header[k].clone(),
                value: t.to_string(),
            });
        }
        row.push(v);
    }
    Ok(row)
}

/// The table from the classified rows and their numbers: the country-sector rows, the
/// columns of `Z` and final demand named in `header`, then value added and output.
fn assemble(
    path: &Path,
    header: &[String],
    kinds: Vec<(u64, RowKind)>,
    values: Vec<Vec<f64>>,
) -> Result<IcioTable, IcioError> {
    let blocks = country_sector_rows(path, &kinds)?;
    if blocks.rows.is_empty() {
        return Err(missing(
            path,
            "country-sector rows",
            "rows are labelled <country>_<industry> (OECD) or country,sector (generic)",
        ));
    }
    let sectors = common_sectors(path, &blocks)?;
    let CountrySectorRows {
        rows: cs_rows,
        countries,
        ..
    } = blocks;
    let n = cs_rows.len();
    check_z_columns(path, header, &countries, &sectors)?;
    let (fd_columns, fd_idx) = final_demand_columns(path, header, n, &countries)?;
    let mut z = Vec::with_capacity(n * n);
    let mut y = Vec::with_capacity(n * fd_columns.len());
    for &r in &cs_rows {
        z.extend_from_slice(&values[r][..n]);
        y.extend(fd_idx.iter().map(|&j| values[r][j]));
    }
    let Some(below) = value_added_and_output(&kinds, &values, n) else {
        return Err(missing(
            path,
            "value-added row",
            "add a TLS/VA/VALU row (OECD) or a VA,<component> row (generic)",
        ));
    };
    Ok(below.into_table(countries, sectors, z, y, fd_columns))
}

/// A table's error for something it lacks.
fn missing(path: &Path, what: &str, hint: &str) -> IcioError {
    IcioError::Missing {
        path: path.to_path_buf(),
        what: what.into(),
        hint: hint.into(),
    }
}

/// The country-sector rows of a table, as found in the file.
struct CountrySectorRows {
    /// Indices of the rows, in file order.
    rows: Vec<usize>,
    /// The countries, in order of first appearance.
    countries: Vec<String>,
    /// Each country's sectors, with the line of each row.
    per_country: Vec<Vec<(String, u64)>>,
}

/// The country-sector rows, checked to come first and each country's to be contiguous.
fn country_sector_rows(
    path: &Path,
    kinds: &[(u64, RowKind)],
) -> Result<CountrySectorRows, IcioError> {
    let label_err = |line: u64, c: &str, s: &str, message: &str| IcioError::Label {
        path: path.to_path_buf(),
        line,
        label: format!("{c}_{s}"),
        message: message.into(),
    };
    let mut found = CountrySectorRows {
        rows: Vec::new(),
        countries: Vec::new(),
        per_country: Vec::new(),
    };
    for (r, (line, k)) in kinds.iter().enumerate() {
        let RowKind::Cs(c, s) = k else { continue };
        if !found.rows.is_empty() && found.rows.last() != Some(&(r - 1)) {
            return Err(label_err(
                *line,
                c,
                s,
                "country-sector rows must come before value-added and output rows",
            ));
        }
        found.rows.push(r);
        match found.countries.iter().position(|x| x == c) {
            Some(p) if p + 1 == found.countries.len() => {
                found.per_country[p].push((s.clone(), *line));
            }
            Some(_) => {
                return Err(label_err(
                    *line,
                    c,
                    s,
                    "rows of a country must be contiguous",
                ));
            }
            None => {
                found.countries.push(c.clone());
                found.per_country.push(vec![(s.clone(), *line)]);
            }
        }
    }
    Ok(found)
}

/// The sectors of the first country, checked to be every country's; `found` is not empty.
fn common_sectors(path: &Path, found: &CountrySectorRows) -> Result<Vec<String>, IcioError> {
    let names = |rows: &[(String, u64)]| rows.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>();
    let sectors = names(&found.per_country[0]);
    for (c, rows) in found.countries.iter().zip(&found.per_country) {
        let secs = names(rows);
        if secs != sectors {
            let differs = (0..secs.len()).find(|&k| sectors.get(k) != Some(&secs[k]));
            let line = differs
                .or(secs.len().checked_sub(1))
                .map_or(0, |k| rows[k].1);
            return Err(IcioError::IrregularSectors {
                path: path.to_path_buf(),
                line,
                country: c.clone(),
                found: secs.join(","),
                expected: sectors.join(","),
            });
        }
    }
    Ok(sectors)
}

/// Checks that the header's first columns are those of `Z`, in row order.
fn check_z_columns(
    path: &Path,
    header: &[String],
    countries: &[String],
    sectors: &[String],
) -> Result<(), IcioError> {
    let row_labels: Vec<String> = countries
        .iter()
        .flat_map(|c| sectors.iter().map(move |s| format!("{c}_{s}")))
        .collect();
    if header.len() < row_labels.len() {
        return Err(missing(
            path,
            "intermediate-use columns for every country-sector",
            "the header lists one <country>_<industry> column per row, in row order",
        ));
    }
    for (j, want) in row_labels.iter().enumerate() {
        if header[j] != *want {
            return Err(IcioError::Label {
                path: path.to_path_buf(),
                line: 1,
                label: header[j].clone(),
                message: format!(
                    "column {} should be {want} (columns of Z follow the row order)",
                    j + 1
                ),
            });
        }
    }
    Ok(())
}

/// The final-demand columns after the `n` columns of `Z` (an `OUT` or `TOTAL` column is
/// skipped), with their indices in the header.
fn final_demand_columns(
    path: &Path,
    header: &[String],
    n: usize,
    countries: &[String],
) -> Result<(Vec<FinalDemandColumn>, Vec<usize>), IcioError> {
    let mut fd_columns = Vec::new();
    let mut fd_idx = Vec::new();
    for (j, h) in header.iter().enumerate().skip(n) {
        if h == "OUT" || h == "TOTAL" {
            continue;
        }
        let country = countries
            .iter()
            .filter(|c| {
                h.len() > c.len() + 1 && h.starts_with(c.as_str()) && h.as_bytes()[c.len()] == b'_'
            })
            .max_by_key(|c| c.len());
        let Some(country) = country else {
            return Err(IcioError::Label {
                path: path.to_path_buf(),
                line: 1,
                label: h.clone(),
                message: format!(
                    "final-demand columns are <country>_<category> with a country of the rows ({})",
                    countries.join(", ")
                ),
            });
        };
        fd_columns.push(FinalDemandColumn {
            country: country.clone(),
            category: h[country.len() + 1..].to_string(),
        });
        fd_idx.push(j);
    }
    Ok((fd_columns, fd_idx))
}

/// The value-added, output and satellite rows over the first `n` columns; `None` if
/// there is no value-added row.
fn value_added_and_output(
    kinds: &[(u64, RowKind)],
    values: &[Vec<f64>],
    n: usize,
) -> Option<BelowRows> {
    let mut va = vec![0.0; n];
    let mut extensions = Vec::new();
    let mut x = None;
    let mut have_va = false;
    for (r, (_, kind)) in kinds.iter().enumerate() {
        let satellite = |name: String| Satellite {
            name,
            unit: String::new(),
            values: values[r][..n].to_vec(),
        };
        match kind {
            RowKind::Va(name) => {
                have_va = true;
                for (a, b) in va.iter_mut().zip(&values[r][..n]) {
                    *a += b;
                }
                extensions.push(satellite(format!("va:{name}")));
            }
            RowKind::Out => x = Some(values[r][..n].to_vec()),
            RowKind::Ext(name) => extensions.push(satellite(name.clone())),
            RowKind::Cs(..) => {}
        }
    }
    have_va.then_some(BelowRows { va, extensions, x })
}

/// Writes `table` in the generic layout (the inverse of `read_wide(.., Generic)`).
pub fn write_generic(table: &IcioTable, path: &Path) -> Result<(), IcioError> {
    let file = std::fs::File::create(path).map_err(io_err(path))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
    let csv_err = |e: csv::Error| IcioError::Csv {
        path: path.to_path_buf(),
        line: 0,
        message: e.to_string(),
    };
    let n = table.n();
    let k = table.n_fd();
    let mut header = vec!["country".to_string(), "sector".to_string()];
    header.extend((0..n).map(|i| table.label(i)));
    header.extend(
        table
            .fd_columns
            .iter()
            .map(|c| format!("{}_{}", c.country, c.category)),
    );
    w.write_record(&header).map_err(csv_err)?;
    let fmt = |v: f64| format!("{v:?}");
    let s = table.n_sectors();
    for i in 0..n {
        let mut rec = vec![table.countries[i / s].clone(), table.sectors[i % s].clone()];
        rec.extend(table.z[i * n..(i + 1) * n].iter().map(|v| fmt(*v)));
        rec.extend(table.y[i * k..(i + 1) * k].iter().map(|v| fmt(*v)));
        w.write_record(&rec).map_err(csv_err)?;
    }
    let pad = |label: &str, name: &str, vals: &[f64]| {
        let mut rec = vec![label.to_string(), name.to_string()];
        rec.extend(vals.iter().map(|v| fmt(*v)));
        rec.extend(std::iter::repeat_n(String::new(), k));
        rec
    };
    w.write_record(pad("VA", "VA", &table.va))
        .map_err(csv_err)?;
    w.write_record(pad("OUT", "", &table.x)).map_err(csv_err)?;
    for e in table
        .extensions
        .iter()
        .filter(|e| !e.name.starts_with("va:"))
    {
        w.write_record(pad("EXT", &e.name, &e.values))
            .map_err(csv_err)?;
    }
    w.flush().map_err(io_err(path))?;
    Ok(())
}
