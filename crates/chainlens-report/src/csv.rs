//! CSV text of a [`Table`]: one header line of column names, one line per row, fields
//! quoted (RFC 4180) only when they hold a comma, a quote or a line break; missing cells
//! are empty; numbers as Rust prints them (shortest text that reads back to the same
//! `f64`). Large tables are formatted in parallel chunks joined in row order.

use chainlens_engine::{Table, Values};
use rayon::prelude::*;
use std::fmt::Write as _;

/// Rows formatted per parallel chunk.
const CHUNK: usize = 16_384;

/// One field, quoted when it needs to be.
pub fn field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\"")).into()
    } else {
        text.into()
    }
}

/// One CSV line of `fields`, with its newline.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = fields
        .iter()
        .map(|f| field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    out
}

/// The whole table as CSV text.
pub fn text(table: &Table) -> String {
    let names: Vec<&str> = table.column_names();
    let mut out = line(&names);
    let rows = table.len();
    let parts: Vec<String> = (0..rows.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| rows_text(table, c * CHUNK..((c + 1) * CHUNK).min(rows), ""))
        .collect();
    out.extend(parts);
    out
}

/// One long table as CSV text from `parts` tables of the same columns (one per importer,
/// say), each row led by a `leading` column holding the part's key. Parts are built and
/// formatted in parallel and dropped once formatted, so the long table is never held as
/// cells; `template` gives the header when there is no part.
pub fn stacked_text(
    leading: &str,
    template: &Table,
    parts: usize,
    part: impl Fn(usize) -> (String, Table) + Sync,
) -> String {
    let mut names = vec![leading];
    names.extend(template.column_names());
    let mut out = line(&names);
    let texts: Vec<String> = (0..parts)
        .into_par_iter()
        .map(|i| {
            let (key, table) = part(i);
            let prefix = format!("{},", field(&key));
            rows_text(&table, 0..table.len(), &prefix)
        })
        .collect();
    out.extend(texts);
    out
}

fn rows_text(table: &Table, rows: std::ops::Range<usize>, prefix: &str) -> String {
    let mut out = String::with_capacity(16 * table.columns.len() * rows.len());
    for r in rows {
        out.push_str(prefix);
        for (i, column) in table.columns.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_cell(&mut out, &column.values, r);
        }
        out.push('\n');
    }
    out
}

fn push_cell(out: &mut String, values: &Values, r: usize) {
    let _ = match values {
        Values::Text(v) => {
            if let Some(s) = v.get(r) {
                out.push_str(&field(s));
            }
            Ok(())
        }
        Values::Float(v) => v.get(r).map_or(Ok(()), |x| write!(out, "{x}")),
        Values::Int(v) => v.get(r).map_or(Ok(()), |x| write!(out, "{x}")),
        Values::UInt(v) => v.get(r).map_or(Ok(()), |x| write!(out, "{x}")),
        Values::Bool(v) => v.get(r).map_or(Ok(()), |x| write!(out, "{x}")),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, serde::Serialize)]
    struct Row {
        name: String,
        value: f64,
        share: Option<f64>,
        high: bool,
    }

    #[test]
    fn fields_are_quoted_only_when_needed_and_missing_cells_are_empty() {
        let rows = [
            Row {
                name: "Salt, sea".into(),
                value: 0.1 + 0.2,
                share: None,
                high: true,
            },
            Row {
                name: "say \"hi\"".into(),
                value: 1e-7,
                share: Some(2.0),
                high: false,
            },
        ];
        let t = Table::from_rows("t", &rows);
        assert_eq!(
            text(&t),
            "name,value,share,high\n\"Salt, sea\",0.30000000000000004,,true\n\"say \"\"hi\"\"\",0.0000001,2,false\n"
        );
    }

    #[test]
    fn stacked_parts_get_their_key_and_one_header() {
        let part = |i: usize| {
            let rows = [Row {
                name: format!("r{i}"),
                value: i as f64,
                ..Default::default()
            }];
            (format!("K,{i}"), Table::from_rows("t", &rows))
        };
        let template = Table::from_rows("t", &[] as &[Row]);
        assert_eq!(
            stacked_text("importer", &template, 2, part),
            "importer,name,value,share,high\n\"K,0\",r0,0,,false\n\"K,1\",r1,1,,false\n"
        );
    }

    #[test]
    fn an_empty_table_is_its_header() {
        let t = Table::from_rows("t", &[] as &[Row]);
        assert_eq!(text(&t), "name,value,share,high\n");
    }

    #[test]
    fn chunks_join_in_row_order() {
        let rows: Vec<Row> = (0..CHUNK * 2 + 3)
            .map(|i| Row {
                value: i as f64,
                ..Default::default()
            })
            .collect();
        let csv = text(&Table::from_rows("t", &rows));
        let values: Vec<usize> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
            .collect();
        assert_eq!(values, (0..rows.len()).collect::<Vec<_>>());
    }
}
