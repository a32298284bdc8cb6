//! Small keyed CSV lists the gravity commands read beside their data (blocs, sector
//! elasticities, pair costs): the named columns of every record, trimmed, with the record's
//! line, and errors that name the file, line and column.

use crate::GravityError;

/// One record: its line in the file (the header is line 1) and the named columns' values.
pub struct Record {
    /// The line.
    pub line: u64,
    /// The values, in the order the columns were asked for.
    pub values: Vec<String>,
}

/// The `columns` of every record of CSV `text` (header names trimmed); `label` names the
/// file in errors.
pub fn read_columns(
    text: &str,
    label: &str,
    columns: &[&str],
) -> Result<Vec<Record>, GravityError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| bad_value(label, 1, "", e.to_string()))?
        .clone();
    let positions = columns
        .iter()
        .map(|name| {
            header
                .iter()
                .position(|h| h.trim() == *name)
                .ok_or_else(|| GravityError::MissingColumn {
                    file: label.into(),
                    column: (*name).into(),
                    available: header.iter().collect::<Vec<_>>().join(", "),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    reader
        .records()
        .map(|record| {
            let line = |p: Option<&csv::Position>| p.map_or(0, csv::Position::line);
            let record =
                record.map_err(|e| bad_value(label, line(e.position()), "", e.to_string()))?;
            let values = positions
                .iter()
                .map(|&p| record.get(p).unwrap_or("").trim().to_string())
                .collect();
            Ok(Record {
                line: line(record.position()),
                values,
            })
        })
        .collect()
}

/// A bad value at `file:line`, column `column`.
pub fn bad_value(file: &str, line: u64, column: &str, message: String) -> GravityError {
    GravityError::BadValue {
        file: file.into(),
        line,
        column: column.into(),
        message,
    }
}
