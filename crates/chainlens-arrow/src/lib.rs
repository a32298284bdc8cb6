//! A result [`Table`] as an Arrow [`RecordBatch`], built in one place for every face that
//! hands tables on in memory: the Python package exports it to pyarrow and polars through
//! the Arrow C data interface; the HTTP server could stream it as Arrow IPC.
//!
//! The column types are those of the Parquet writer (`chainlens_report::parquet_file`) as
//! pyarrow reads its files back, so that a table is the same whichever way it travels:
//! text is `Utf8`, floats `Float64`, integers `Int64`, unsigned integers `UInt64`,
//! booleans `Boolean`; a column with a missing cell is nullable and has a validity
//! bitmap, every other column is non-nullable (Parquet's `required`) and has none. The
//! schema carries no metadata.
//!
//! A [`Table`]'s columns are already in Arrow's layout (values side by side, text in one
//! buffer with offsets), so a batch takes over their buffers; only the presence flags are
//! packed into bitmaps and the text offsets narrowed to 32 bits. Whoever imports the
//! batch shares those buffers rather than copying them. Release builds skip Arrow's
//! re-validation of text (UTF-8, offsets), which [`TextCells`] guarantees by
//! construction; debug builds and tests run it.
//!
//! ```
//! #[derive(Default, serde::Serialize)]
//! struct Row { iso3: String, value: f64, share: Option<f64> }
//! let rows = [Row { iso3: "CHN".into(), value: 1.5, share: None }];
//! let table = chainlens_engine::Table::from_rows("t", &rows);
//! let batch = chainlens_arrow::record_batch(table).unwrap();
//! assert_eq!(batch.num_rows(), 1);
//! assert!(!batch.schema().field(1).is_nullable());
//! assert!(batch.schema().field(2).is_nullable());
//! ```

use arrow_array::types::{Float64Type, Int64Type, UInt64Type};
use arrow_array::{ArrayRef, ArrowPrimitiveType, BooleanArray, PrimitiveArray, RecordBatch};
use arrow_array::{RecordBatchOptions, StringArray};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chainlens_engine::{Table, TextCells, Values};
use rayon::prelude::*;
use std::sync::Arc;

pub use arrow_array;
pub use arrow_schema;

/// The Arrow type of a column's cells.
pub fn data_type(values: &Values) -> DataType {
    match values {
        Values::Text(_) => DataType::Utf8,
        Values::Float(_) => DataType::Float64,
        Values::Int(_) => DataType::Int64,
        Values::UInt(_) => DataType::UInt64,
        Values::Bool(_) => DataType::Boolean,
    }
}

/// The schema of `table`: one field per column, nullable when the column has a missing
/// cell.
pub fn schema(table: &Table) -> Schema {
    Schema::new(
        table
            .columns
            .iter()
            .map(|c| Field::new(&c.name, data_type(&c.values), c.values.has_missing()))
            .collect::<Vec<_>>(),
    )
}

/// The record batch of `table`, in its column order, taking over its buffers: values,
/// text and presence flags move into Arrow's buffers without a copy of any cell. Fails
/// only for a text column of more than 2 GiB (Arrow `Utf8` offsets are 32-bit).
pub fn record_batch(table: Table) -> Result<RecordBatch, ArrowError> {
    let schema = Arc::new(schema(&table));
    // The row count is explicit so that a table without columns keeps its length.
    let options = RecordBatchOptions::new().with_row_count(Some(table.len()));
    let name = table.name;
    let columns = table
        .columns
        .into_par_iter()
        .map(|c| {
            array(c.values)
                .map_err(|e| ArrowError::InvalidArgumentError(format!("{name}.{}: {e}", c.name)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    RecordBatch::try_new_with_options(schema, columns, &options)
}

/// One column's cells as an Arrow array, with a validity bitmap only when a cell is
/// missing.
pub fn array(values: Values) -> Result<ArrayRef, ArrowError> {
    Ok(match values {
        Values::Text(cells) => Arc::new(text(cells)?),
        Values::Float(cells) => Arc::new(primitive::<Float64Type>(cells.into_parts())),
        Values::Int(cells) => Arc::new(primitive::<Int64Type>(cells.into_parts())),
        Values::UInt(cells) => Arc::new(primitive::<UInt64Type>(cells.into_parts())),
        Values::Bool(cells) => {
            let (values, presence) = cells.into_parts();
            Arc::new(BooleanArray::new(bits(&values), nulls(presence)))
        }
    })
}

/// The validity bitmap of a column's presence flags: `None` when every cell is present.
fn nulls(presence: Option<Vec<bool>>) -> Option<NullBuffer> {
    let valid = NullBuffer::new(bits(&presence?));
    (valid.null_count() > 0).then_some(valid)
}

/// Flags packed into bits 64 at a time (arrow's `From<&[bool]>` sets them one by one,
/// a branch per flag).
fn bits(flags: &[bool]) -> BooleanBuffer {
    BooleanBuffer::collect_bool(flags.len(), |i| flags[i])
}

/// Numbers, a missing cell stored as zero under a cleared validity bit.
fn primitive<T: ArrowPrimitiveType>(
    (values, presence): (Vec<T::Native>, Option<Vec<bool>>),
) -> PrimitiveArray<T> {
    PrimitiveArray::new(ScalarBuffer::from(values), nulls(presence))
}

/// Text cells as one UTF-8 buffer with 32-bit offsets.
fn text(cells: TextCells) -> Result<StringArray, ArrowError> {
    let (text, offsets, presence) = cells.into_parts();
    if i32::try_from(text.len()).is_err() {
        return Err(ArrowError::InvalidArgumentError(format!(
            "{} bytes of text exceed a Utf8 column's 2 GiB",
            text.len()
        )));
    }
    // Every offset is at most the text's length, checked above to fit.
    let offsets = ScalarBuffer::from(offsets.into_iter().map(|o| o as i32).collect::<Vec<_>>());
    let (text, nulls) = (Buffer::from_vec(text.into_bytes()), nulls(presence));
    if cfg!(debug_assertions) {
        // Tests and debug builds check what the release build takes as given.
        return StringArray::try_new(OffsetBuffer::new(offsets), text, nulls);
    }
    // SAFETY: the text was a `String` and `TextCells::into_parts` guarantees offsets
    // that start at 0, never decrease, end at its length and fall on `char` boundaries;
    // narrowing kept them (all fit in i32, checked above); the bitmap has one bit per
    // cell (`Cells`' presence flags: one per cell). Arrow's checks would only repeat
    // this over every byte of every text column (about a millisecond per 10 MB).
    #[allow(unsafe_code)]
    let array =
        unsafe { StringArray::new_unchecked(OffsetBuffer::new_unchecked(offsets), text, nulls) };
    Ok(array)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Array, Float64Array, UInt64Array};

    #[derive(Default, serde::Serialize)]
    struct Row {
        iso3: String,
        note: Option<String>,
        value: f64,
        share: Option<f64>,
        goods: usize,
        rank_shift: i64,
        high: bool,
    }

    fn rows() -> Vec<Row> {
        vec![
            Row {
                iso3: "CHN".into(),
                note: None,
                value: 1.5,
                share: None,
                goods: 3,
                rank_shift: -2,
                high: true,
            },
            Row {
                iso3: "KOR".into(),
                note: Some("é".into()),
                value: -2.0,
                share: Some(0.25),
                goods: 0,
                rank_shift: 4,
                high: false,
            },
        ]
    }

    #[test]
    fn columns_have_the_parquet_writers_types_and_nullability() {
        let batch = record_batch(Table::from_rows("t", &rows())).unwrap();
        let schema = batch.schema();
        let got: Vec<(&str, &DataType, bool)> = schema
            .fields()
            .iter()
            .map(|f| (f.name().as_str(), f.data_type(), f.is_nullable()))
            .collect();
        assert_eq!(
            got,
            [
                ("iso3", &DataType::Utf8, false),
                ("note", &DataType::Utf8, true),
                ("value", &DataType::Float64, false),
                ("share", &DataType::Float64, true),
                ("goods", &DataType::UInt64, false),
                ("rank_shift", &DataType::Int64, false),
                ("high", &DataType::Boolean, false),
            ]
        );
        assert!(schema.metadata().is_empty());
    }

    #[test]
    fn cells_and_missing_cells_survive() {
        let batch = record_batch(Table::from_rows("t", &rows())).unwrap();
        let text = batch
            .column(1)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert!(text.is_null(0));
        assert_eq!(text.value(1), "é");
        let share = batch
            .column(3)
            .as_any()
            .downcast_ref::<Float64Array>()
            .unwrap();
        assert!(share.is_null(0));
        assert_eq!(share.value(1), 0.25);
        let goods = batch
            .column(4)
            .as_any()
            .downcast_ref::<UInt64Array>()
            .unwrap();
        assert_eq!(goods.values(), &[3, 0]);
        // A column without missing cells has no validity bitmap at all.
        assert!(batch.column(0).nulls().is_none());
        assert!(batch.column(2).nulls().is_none());
    }

    #[test]
    fn flags_pack_into_bits_across_words() {
        // 130 rows span three 64-bit words of the bitmaps.
        #[derive(Default, serde::Serialize)]
        struct Flag {
            on: bool,
            maybe: Option<bool>,
        }
        let rows: Vec<Flag> = (0..130)
            .map(|i| Flag {
                on: i % 2 == 0,
                maybe: (i % 3 != 0).then_some(i % 5 == 0),
            })
            .collect();
        let batch = record_batch(Table::from_rows("t", &rows)).unwrap();
        let on = batch
            .column(0)
            .as_any()
            .downcast_ref::<BooleanArray>()
            .unwrap();
        let maybe = batch
            .column(1)
            .as_any()
            .downcast_ref::<BooleanArray>()
            .unwrap();
        assert!(on.nulls().is_none());
        assert_eq!(maybe.null_count(), 44);
        for i in 0..130 {
            assert_eq!(on.value(i), i % 2 == 0, "row {i}");
            assert_eq!(maybe.is_null(i), i % 3 == 0, "row {i}");
            if i % 3 != 0 {
                assert_eq!(maybe.value(i), i % 5 == 0, "row {i}");
            }
        }
    }

    #[test]
    fn an_empty_table_keeps_its_columns() {
        let batch = record_batch(Table::from_rows::<Row>("t", &[])).unwrap();
        assert_eq!(batch.num_rows(), 0);
        assert_eq!(batch.num_columns(), 7);
    }
}
