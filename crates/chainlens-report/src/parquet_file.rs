//! Parquet files of a [`Table`] (arrow-rs `parquet`, one row group): text columns as
//! UTF-8 byte arrays, floats as doubles, integers as 64-bit integers (unsigned ones
//! annotated as such), booleans as booleans; a column with missing cells is optional,
//! every other one required. polars, pandas (pyarrow), DuckDB and Spark read them as is.

use bytes::Bytes;
use chainlens_engine::{Table, Values};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use std::sync::Arc;

/// The Parquet message type of `table`.
fn schema(table: &Table) -> String {
    let mut fields = String::new();
    for c in &table.columns {
        let repetition = if c.values.has_missing() {
            "optional"
        } else {
            "required"
        };
        let kind = match c.values {
            Values::Text(_) => "binary {} (UTF8)",
            Values::Float(_) => "double {}",
            Values::Int(_) => "int64 {}",
            Values::UInt(_) => "int64 {} (INTEGER(64,false))",
            Values::Bool(_) => "boolean {}",
        };
        fields += &format!("{repetition} {}; ", kind.replace("{}", &c.name));
    }
    format!("message chainlens {{ {fields}}}")
}

/// The present values and, for an optional column, the definition levels.
fn split<T>(
    cells: impl Iterator<Item = Option<T>> + Clone,
    optional: bool,
) -> (Vec<T>, Option<Vec<i16>>) {
    let levels = optional.then(|| cells.clone().map(|c| i16::from(c.is_some())).collect());
    (cells.flatten().collect(), levels)
}

/// Writes `table` to `file` (a `File`, or a `Vec<u8>` for a download).
pub fn write<W: std::io::Write + Send>(table: &Table, file: W) -> Result<(), ParquetError> {
    let schema = Arc::new(parquet::schema::parser::parse_message_type(&schema(table))?);
    let properties = Arc::new(WriterProperties::builder().build());
    let mut writer = SerializedFileWriter::new(file, schema, properties)?;
    let mut group = writer.next_row_group()?;
    for c in &table.columns {
        let optional = c.values.has_missing();
        let mut column = group
            .next_column()?
            .ok_or_else(|| ParquetError::General(format!("no column {}", c.name)))?;
        match &c.values {
            Values::Text(v) => {
                // One copy of the column's text; each value is a slice of it, not a
                // buffer of its own.
                let (text, offsets) = v.text_and_offsets();
                let text = Bytes::copy_from_slice(text.as_bytes());
                let present_rows = (0..v.len()).map(|r| v.get(r).map(|_| r));
                let (rows, levels) = split(present_rows, optional);
                let values: Vec<ByteArray> = rows
                    .into_iter()
                    .map(|r| ByteArray::from(text.slice(offsets[r]..offsets[r + 1])))
                    .collect();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, levels.as_deref(), None)?;
            }
            Values::Float(v) => {
                let (values, levels) = split(v.iter(), optional);
                column
                    .typed::<DoubleType>()
                    .write_batch(&values, levels.as_deref(), None)?;
            }
            Values::Int(v) => {
                let (values, levels) = split(v.iter(), optional);
                column
                    .typed::<Int64Type>()
                    .write_batch(&values, levels.as_deref(), None)?;
            }
            Values::UInt(v) => {
                let (values, levels) = split(v.iter(), optional);
                // Stored as the same 64 bits, annotated unsigned in the schema.
                let values: Vec<i64> = values.iter().map(|&u| u as i64).collect();
                column
                    .typed::<Int64Type>()
                    .write_batch(&values, levels.as_deref(), None)?;
            }
            Values::Bool(v) => {
                let (values, levels) = split(v.iter(), optional);
                column
                    .typed::<BoolType>()
                    .write_batch(&values, levels.as_deref(), None)?;
            }
        }
        column.close()?;
    }
    group.close()?;
    writer.close()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    #[derive(Default, serde::Serialize)]
    struct Row {
        iso3: String,
        value: f64,
        goods: usize,
        share: Option<f64>,
    }

    #[test]
    fn a_table_reads_back_with_its_types_and_missing_cells() {
        let rows = [
            Row {
                iso3: "CHN".into(),
                value: 1.5,
                goods: 3,
                share: None,
            },
            Row {
                iso3: "KOR".into(),
                value: -2.0,
                goods: 0,
                share: Some(0.25),
            },
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        write(
            &Table::from_rows("t", &rows),
            std::fs::File::create(&path).unwrap(),
        )
        .unwrap();
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        let read: Vec<Vec<Field>> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| {
                r.unwrap()
                    .get_column_iter()
                    .map(|(_, f)| f.clone())
                    .collect()
            })
            .collect();
        assert_eq!(
            read[0],
            [
                Field::Str("CHN".into()),
                Field::Double(1.5),
                Field::ULong(3),
                Field::Null
            ]
        );
        assert_eq!(read[1][3], Field::Double(0.25));
    }
}
