//! OECD national input-output tables (2021 edition: one economy, 45 industries
//! numbered `01`-`45` in the ICIO 2021 aggregation), total use at basic prices, USD
//! million, in the frame OECD publishes: a `Code` and a `Description` column, the 45
//! industry columns, then final demand `HFCE`, `NPISH`, `GGFC`, `GFCF`, `INVNT`,
//! `CONS_ABR`, `CONS_NONRES`, exports `EXPO` and imports `IMPO` (negative); rows the 45
//! industries, the net taxes on products `TXS_IMP_FNL` and `TXS_INT_FNL`,
//! `TTL_INT_FNL`, value added `VALU` and `OUTPUT`. Several years and economies may be
//! stacked in one file with a leading `year` column whose values end in
//! `_ISO3_YEAR` (`OECD21ed_CHN_2018`, as the R package ionet exports them); `--year`
//! picks one.
//!
//! The table becomes a one-economy [`IcioTable`]: industries under their ICIO 2021 codes
//! ([`ICIO2021_INDUSTRIES`], `D01T02` ... `D97T98`, matched to the numbers by position),
//! every final-demand column (exports and imports too) under the economy, value added
//! as all primary inputs (`VALU` plus the two tax rows, so that `x = sum Z + va`), and
//! output as `OUTPUT`. `Z` holds domestic and imported inputs together (a total table):
//! its Leontief inverse gives total requirements (as if imports were made at home), so
//! value-added multipliers are 1. Indicators that need two economies (`gvc`, the export
//! decompositions) refuse a national table with a message.

use crate::error::IcioError;
use chainlens_model::{FinalDemandColumn, IcioTable};
use std::collections::BTreeMap;
use std::path::Path;

/// The 45 industries of the OECD ICIO and IOTs 2021 edition, in their order.
pub const ICIO2021_INDUSTRIES: [&str; 45] = [
    "D01T02", "D03", "D05T06", "D07T08", "D09", "D10T12", "D13T15", "D16", "D17T18", "D19", "D20",
    "D21", "D22", "D23", "D24", "D25", "D26", "D27", "D28", "D29", "D30", "D31T33", "D35",
    "D36T39", "D41T43", "D45T47", "D49", "D50", "D51", "D52", "D53", "D55T56", "D58T60", "D61",
    "D62T63", "D64T66", "D68", "D69T75", "D77T82", "D84", "D85", "D86T88", "D90T93", "D94T96",
    "D97T98",
];

/// Whether a CSV header is this layout: `[year,]Code,Description,01,...`.
pub fn is_national_header(first: &str) -> bool {
    let fields: Vec<String> = first
        .trim_start_matches('\u{feff}')
        .split(',')
        .map(|f| f.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let start = usize::from(fields.first().is_some_and(|f| f == "year"));
    fields.get(start).is_some_and(|f| f == "code")
        && fields.get(start + 1).is_some_and(|f| f == "description")
        && fields.get(start + 2).is_some_and(|f| f == "01")
}

/// One table of the file: its economy and year, and its rows by code.
struct Frame {
    economy: String,
    rows: BTreeMap<String, Vec<f64>>,
}

/// Reads the table of `year` (needed when the file holds several) from `path`.
pub fn read_national(path: &Path, year: Option<u16>) -> Result<IcioTable, IcioError> {
    let (header, frames) =
        crate::source::with_csv_reader(path, None, |r, name| read_frames(r, name))?;
    let years: Vec<&(String, u16)> = frames.keys().collect();
    if years.is_empty() {
        return Err(IcioError::Missing {
            path: path.to_path_buf(),
            what: "data row".into(),
            hint: "a national table lists the rows 01-45, TXS_IMP_FNL, TXS_INT_FNL, VALU and OUTPUT after its header".into(),
        });
    }
    let key = match (year, years.as_slice()) {
        (None, [only]) => (*only).clone(),
        (Some(y), _) => years
            .iter()
            .find(|(_, found)| *found == y)
            .map(|k| (*k).clone())
            .ok_or_else(|| missing(path, format!("table for {y}"), &years))?,
        (None, _) => return Err(missing(path, "single table".into(), &years)),
    };
    let frame = &frames[&key];
    to_table(path, &header, frame)
}

/// The error for a year the file lacks (or none chosen), listing what it holds by
/// economy as `CHN 1995-2018`.
fn missing(path: &Path, what: String, years: &[&(String, u16)]) -> IcioError {
    let mut spans: Vec<(String, u16, u16)> = Vec::new();
    for (economy, year) in years {
        match spans.last_mut() {
            Some((e, _, last)) if e == economy && *last + 1 == *year => *last = *year,
            _ => spans.push((economy.clone(), *year, *year)),
        }
    }
    let list: Vec<String> = spans
        .iter()
        .map(|(e, a, b)| {
            if a == b {
                format!("{e} {a}")
            } else {
                format!("{e} {a}-{b}")
            }
        })
        .collect();
    IcioError::Missing {
        path: path.to_path_buf(),
        what,
        hint: format!("the file holds {}: give --year", list.join(", ")),
    }
}

type Frames = BTreeMap<(String, u16), Frame>;

/// The header's value columns and every table of the file.
fn read_frames(
    reader: &mut dyn std::io::Read,
    path: &Path,
) -> Result<(Vec<String>, Frames), IcioError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(reader);
    let mut records = rdr.records();
    let csv_err = |e: csv::Error| IcioError::Csv {
        path: path.to_path_buf(),
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    };
    let header = records
        .next()
        .ok_or_else(|| IcioError::EmptyFile {
            path: path.to_path_buf(),
        })?
        .map_err(csv_err)?;
    let with_year = header.get(0).is_some_and(|f| {
        f.trim_start_matches('\u{feff}')
            .eq_ignore_ascii_case("year")
    });
    let skip = usize::from(with_year) + 2;
    let columns: Vec<String> = header.iter().skip(skip).map(str::to_string).collect();
    let mut frames = Frames::new();
    for (i, record) in records.enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(csv_err)?;
        let key = match with_year {
            true => frame_key(record.get(0).unwrap_or(""), path, line)?,
            false => ("economy".to_string(), 0),
        };
        let code = record.get(skip - 2).unwrap_or("").trim().to_string();
        let values = record
            .iter()
            .skip(skip)
            .zip(&columns)
            .map(|(cell, column)| {
                let cell = cell.trim();
                if cell.is_empty() {
                    return Ok(0.0);
                }
                cell.parse::<f64>().map_err(|_| IcioError::Number {
                    path: path.to_path_buf(),
                    line,
                    column: column.clone(),
                    value: cell.to_string(),
                })
            })
            .collect::<Result<Vec<f64>, _>>()?;
        if values.len() != columns.len() {
            return Err(IcioError::Label {
                path: path.to_path_buf(),
                line,
                label: code,
                message: format!("{} values, the header has {}", values.len(), columns.len()),
            });
        }
        let frame = frames.entry(key.clone()).or_insert_with(|| Frame {
            economy: key.0.clone(),
            rows: BTreeMap::new(),
        });
        if frame.rows.insert(code.clone(), values).is_some() {
            return Err(IcioError::Label {
                path: path.to_path_buf(),
                line,
                label: code,
                message: format!("the row appears twice in the table of {} {}", key.0, key.1),
            });
        }
    }
    Ok((columns, frames))
}

/// `(ISO3, year)` from a `year` cell such as `OECD21ed_CHN_2018`.
fn frame_key(cell: &str, path: &Path, line: u64) -> Result<(String, u16), IcioError> {
    let mut parts = cell.trim().rsplit('_');
    let year = parts.next().and_then(|y| y.parse::<u16>().ok());
    let economy = parts
        .next()
        .filter(|e| e.len() == 3 && e.bytes().all(|b| b.is_ascii_uppercase()));
    match (economy, year) {
        (Some(e), Some(y)) => Ok((e.to_string(), y)),
        _ => Err(IcioError::Label {
            path: path.to_path_buf(),
            line,
            label: cell.to_string(),
            message: "the year column must end in _ISO3_YEAR, e.g. OECD21ed_CHN_2018".into(),
        }),
    }
}

/// The one-economy table of a frame.
fn to_table(path: &Path, columns: &[String], frame: &Frame) -> Result<IcioTable, IcioError> {
    let n = ICIO2021_INDUSTRIES.len();
    let codes: Vec<String> = (1..=n).map(|i| format!("{i:02}")).collect();
    if columns.len() <= n || columns[..n] != codes[..] {
        return Err(IcioError::Label {
            path: path.to_path_buf(),
            line: 1,
            label: columns.join(","),
            message: "the header must list the industries 01 to 45, then final demand".into(),
        });
    }
    let row = |code: &str| {
        frame.rows.get(code).map(Vec::as_slice).ok_or_else(|| IcioError::Missing {
            path: path.to_path_buf(),
            what: format!("the row {code} of {}", frame.economy),
            hint: "a national table lists the rows 01-45, TXS_IMP_FNL, TXS_INT_FNL, VALU and OUTPUT".into(),
        })
    };
    let mut z = Vec::with_capacity(n * n);
    let mut y = Vec::new();
    for code in &codes {
        let values = row(code)?;
        z.extend_from_slice(&values[..n]);
        y.extend_from_slice(&values[n..]);
    }
    let (valu, taxes_imported, taxes_domestic, output) = (
        row("VALU")?,
        row("TXS_IMP_FNL")?,
        row("TXS_INT_FNL")?,
        row("OUTPUT")?,
    );
    let va = (0..n)
        .map(|j| valu[j] + taxes_imported[j] + taxes_domestic[j])
        .collect();
    Ok(IcioTable {
        countries: vec![frame.economy.clone()],
        sectors: ICIO2021_INDUSTRIES.iter().map(|s| s.to_string()).collect(),
        z,
        y,
        fd_columns: columns[n..]
            .iter()
            .map(|category| FinalDemandColumn {
                country: frame.economy.clone(),
                category: category.clone(),
            })
            .collect(),
        va,
        x: output[..n].to_vec(),
        extensions: Vec::new(),
        unit: "USD million".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_told_apart() {
        assert!(is_national_header("year,Code,Description,01,02"));
        assert!(is_national_header("\u{feff}Code,Description,01,02"));
        assert!(!is_national_header("country,sector,CHN_01"));
        assert!(!is_national_header("V1,AUS_01T02"));
    }
}
