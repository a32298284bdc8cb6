//! JSON of a [`Table`]: an array of one object per row, keys in column order, missing
//! cells and non-finite numbers as `null`; [`rows`] the same as values, for charts.

use chainlens_engine::{Table, Values};

/// The table as a JSON array of row objects.
pub fn text(table: &Table) -> String {
    let mut out = Vec::with_capacity(estimated_len(table));
    write(&mut out, table);
    out.push(b'\n');
    // Every piece written is UTF-8 (the cells' own text, serde_json's literals).
    String::from_utf8(out).unwrap_or_default()
}

/// Appends the table's JSON array (as [`text`] writes it, without the final newline) to
/// `out`: each cell written in place by serde_json's own number and string writers, with
/// no value tree and no allocation per cell.
pub fn write(out: &mut Vec<u8>, table: &Table) {
    let keys: Vec<String> = table
        .columns
        .iter()
        .map(|c| serde_json::Value::String(c.name.clone()).to_string() + ": ")
        .collect();
    out.push(b'[');
    for r in 0..table.len() {
        out.extend_from_slice(if r == 0 { b"\n  {" } else { b",\n  {" });
        for (i, c) in table.columns.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(b", ");
            }
            out.extend_from_slice(keys[i].as_bytes());
            write_cell(out, &c.values, r);
        }
        out.push(b'}');
    }
    out.extend_from_slice(if table.is_empty() { b"]" } else { b"\n]" });
}

/// A first guess at the JSON's length (about 24 bytes a cell), so the text grows once.
fn estimated_len(table: &Table) -> usize {
    table.len() * table.columns.len() * 24 + 16
}

fn write_cell(out: &mut Vec<u8>, values: &Values, r: usize) {
    // Writing into a Vec<u8> cannot fail, and every cell is a plain value.
    let _ = match values {
        Values::Text(v) => serde_json::to_writer(&mut *out, &v.get(r)),
        Values::Float(v) => serde_json::to_writer(&mut *out, &v.get(r).filter(|x| x.is_finite())),
        Values::Int(v) => serde_json::to_writer(&mut *out, &v.get(r)),
        Values::UInt(v) => serde_json::to_writer(&mut *out, &v.get(r)),
        Values::Bool(v) => serde_json::to_writer(&mut *out, &v.get(r)),
    };
}

fn cell_value(values: &Values, r: usize) -> serde_json::Value {
    let value = match values {
        Values::Text(v) => v.get(r).map(|s| serde_json::Value::String(s.to_string())),
        Values::Float(v) => v.get(r).map(serde_json::Value::from),
        Values::Int(v) => v.get(r).map(serde_json::Value::from),
        Values::UInt(v) => v.get(r).map(serde_json::Value::from),
        Values::Bool(v) => v.get(r).map(serde_json::Value::Bool),
    };
    value.unwrap_or(serde_json::Value::Null)
}

/// The rows of `table` as JSON objects holding the columns named (those it has), for
/// the data of a chart.
pub fn rows(table: &Table, columns: &[&str]) -> Vec<serde_json::Value> {
    let kept: Vec<_> = table
        .columns
        .iter()
        .filter(|c| columns.contains(&c.name.as_str()))
        .collect();
    (0..table.len())
        .map(|r| {
            kept.iter()
                .map(|c| (c.name.clone(), cell_value(&c.values, r)))
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, serde::Serialize)]
    struct Row {
        iso3: String,
        value: f64,
        share: Option<f64>,
    }

    #[test]
    fn rows_become_objects_in_column_order() {
        let rows = [Row {
            iso3: "CHN".into(),
            value: f64::NAN,
            share: Some(0.5),
        }];
        let json = text(&Table::from_rows("t", &rows));
        assert_eq!(
            json,
            "[\n  {\"iso3\": \"CHN\", \"value\": null, \"share\": 0.5}\n]\n"
        );
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed[0]["share"], 0.5);
        assert_eq!(text(&Table::from_rows("t", &[] as &[Row])), "[]\n");
    }
}
