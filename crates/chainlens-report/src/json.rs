//! JSON of a [`Table`]: an array of one object per row, keys in column order, missing
//! cells and non-finite numbers as `null`; [`rows`] the same as values, for charts.

use chainlens_engine::{Table, Values};

/// The table as a JSON array of row objects.
pub fn text(table: &Table) -> String {
    let keys: Vec<String> = table
        .columns
        .iter()
        .map(|c| serde_json::Value::String(c.name.clone()).to_string())
        .collect();
    let mut out = String::from("[");
    for r in 0..table.len() {
        out.push_str(if r == 0 { "\n  {" } else { ",\n  {" });
        for (i, c) in table.columns.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&keys[i]);
            out.push_str(": ");
            out.push_str(&cell(&c.values, r));
        }
        out.push('}');
    }
    out.push_str(if table.is_empty() { "]\n" } else { "\n]\n" });
    out
}

fn cell(values: &Values, r: usize) -> String {
    cell_value(values, r).to_string()
}

fn cell_value(values: &Values, r: usize) -> serde_json::Value {
    let value = match values {
        Values::Text(v) => v[r].clone().map(serde_json::Value::String),
        Values::Float(v) => v[r].map(serde_json::Value::from),
        Values::Int(v) => v[r].map(serde_json::Value::from),
        Values::UInt(v) => v[r].map(serde_json::Value::from),
        Values::Bool(v) => v[r].map(serde_json::Value::Bool),
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
