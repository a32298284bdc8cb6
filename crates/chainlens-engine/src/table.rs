//! [`Table`]: one result table in columnar form, the shape every face writes or hands on
//! (CSV, Parquet and JSON in `chainlens-report`; Arrow in the Python package). A table is
//! made from any slice of row structs that derive `Serialize` ([`Table::from_rows`]): each
//! field becomes a column named after it, so the row type is the schema and no face
//! looks columns up by name or position.
//!
//! A field may be text, a number, a boolean, a unit enum variant (written as its serde
//! name) or an `Option` of those (`None` is a missing cell). Nested values are refused.

use rayon::prelude::*;
use serde::Serialize;
use serde::ser::{self, Impossible};
use std::fmt;

/// Rows taken apart per parallel chunk.
const CHUNK: usize = 16_384;

/// The cells of one column.
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    /// Text cells.
    Text(Vec<Option<String>>),
    /// Floating-point cells.
    Float(Vec<Option<f64>>),
    /// Signed integer cells.
    Int(Vec<Option<i64>>),
    /// Unsigned integer cells.
    UInt(Vec<Option<u64>>),
    /// Boolean cells.
    Bool(Vec<Option<bool>>),
}

impl Values {
    /// Number of cells.
    pub fn len(&self) -> usize {
        match self {
            Self::Text(v) => v.len(),
            Self::Float(v) => v.len(),
            Self::Int(v) => v.len(),
            Self::UInt(v) => v.len(),
            Self::Bool(v) => v.len(),
        }
    }

    /// Whether the column has no cell.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends `other`'s cells. A column whose cells are all missing takes the other's
    /// kind (a chunk of rows may hold no value of an optional field).
    pub fn extend(&mut self, other: Values) -> Result<(), TableError> {
        let all_missing =
            |v: &Values| matches!(v, Values::Text(t) if t.iter().all(Option::is_none));
        if all_missing(self) && !matches!(other, Values::Text(_)) {
            *self = other.missing_like(self.len()).appended(other)?;
            return Ok(());
        }
        let other = if all_missing(&other) && !matches!(self, Values::Text(_)) {
            self.missing_like(other.len())
        } else {
            other
        };
        match (self, other) {
            (Values::Text(x), Values::Text(y)) => x.extend(y),
            (Values::Float(x), Values::Float(y)) => x.extend(y),
            (Values::Int(x), Values::Int(y)) => x.extend(y),
            (Values::UInt(x), Values::UInt(y)) => x.extend(y),
            (Values::Bool(x), Values::Bool(y)) => x.extend(y),
            _ => return Err(TableError("cells of different kinds".into())),
        }
        Ok(())
    }

    fn appended(mut self, other: Values) -> Result<Values, TableError> {
        self.extend(other)?;
        Ok(self)
    }

    /// `n` missing cells of this column's kind.
    fn missing_like(&self, n: usize) -> Values {
        match self {
            Values::Text(_) => Values::Text(vec![None; n]),
            Values::Float(_) => Values::Float(vec![None; n]),
            Values::Int(_) => Values::Int(vec![None; n]),
            Values::UInt(_) => Values::UInt(vec![None; n]),
            Values::Bool(_) => Values::Bool(vec![None; n]),
        }
    }

    /// Whether any cell is missing.
    pub fn has_missing(&self) -> bool {
        match self {
            Self::Text(v) => v.iter().any(Option::is_none),
            Self::Float(v) => v.iter().any(Option::is_none),
            Self::Int(v) => v.iter().any(Option::is_none),
            Self::UInt(v) => v.iter().any(Option::is_none),
            Self::Bool(v) => v.iter().any(Option::is_none),
        }
    }
}

/// A named column.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The column name (the row struct's field name).
    pub name: String,
    /// Its cells.
    pub values: Values,
}

/// A named result table in columnar form.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The table's name, used as the file stem (`products` -> `products.csv`).
    pub name: String,
    /// The columns, in the row type's field order.
    pub columns: Vec<Column>,
}

impl Table {
    /// The table of `rows`; an empty slice gives the columns of `T::default()` (so an
    /// empty table still has its header). Fields skipped by serde must be skipped on
    /// every row alike.
    ///
    /// ```
    /// #[derive(Default, serde::Serialize)]
    /// struct Row { iso3: String, value: f64 }
    /// let rows = [Row { iso3: "CHN".into(), value: 1.5 }];
    /// let t = chainlens_engine::Table::from_rows("t", &rows);
    /// assert_eq!(t.column_names(), ["iso3", "value"]);
    /// assert_eq!(t.len(), 1);
    /// ```
    pub fn from_rows<T: Serialize + Default + Sync>(name: &str, rows: &[T]) -> Self {
        // Row types are the engine's own plain structs (tested below): a failure is a bug.
        let bug = |e: TableError| panic!("table {name}: {e}");
        let columns = if rows.is_empty() {
            let mut builder = Builder::default();
            T::default().serialize(&mut builder).unwrap_or_else(bug);
            builder.clear_cells();
            builder.columns
        } else {
            // Large tables are taken apart in parallel chunks, joined in row order.
            let chunks: Vec<Vec<Column>> = rows
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let mut builder = Builder::default();
                    for row in chunk {
                        builder.end_row();
                        row.serialize(&mut builder).unwrap_or_else(bug);
                    }
                    builder.columns
                })
                .collect();
            let mut chunks = chunks.into_iter();
            let mut columns = chunks.next().unwrap_or_default();
            for chunk in chunks {
                for (a, b) in columns.iter_mut().zip(chunk) {
                    a.values.extend(b.values).unwrap_or_else(bug);
                }
            }
            columns
        };
        Self {
            name: name.to_string(),
            columns,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, |c| c.values.len())
    }

    /// Whether the table has no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The column names, in order.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// The column called `name`, for tests and faces that show one column.
    pub fn column(&self, name: &str) -> Option<&Values> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map(|c| &c.values)
    }

    /// The same table with a leading text column (e.g. `importer`) holding `value` on
    /// every row; used to stack per-importer tables into one long table.
    pub fn with_leading(mut self, name: &str, value: &str) -> Self {
        let n = self.len();
        self.columns.insert(
            0,
            Column {
                name: name.to_string(),
                values: Values::Text(vec![Some(value.to_string()); n]),
            },
        );
        self
    }

    /// Appends the rows of `other`, which must have the same columns and kinds.
    pub fn append(&mut self, other: Table) -> Result<(), TableError> {
        if self.columns.is_empty() {
            *self = Self {
                name: std::mem::take(&mut self.name),
                columns: other.columns,
            };
            return Ok(());
        }
        if self.column_names() != other.column_names() {
            return Err(TableError(format!(
                "cannot stack table {} onto {}: different columns",
                other.name, self.name
            )));
        }
        for (a, b) in self.columns.iter_mut().zip(other.columns) {
            a.values.extend(b.values)?;
        }
        Ok(())
    }
}

/// A row type that does not fit a table (a nested value in a cell).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TableError(String);

impl ser::Error for TableError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

/// One cell while a row is taken apart.
enum Cell {
    Text(String),
    Float(f64),
    Int(i64),
    UInt(u64),
    Bool(bool),
    Missing,
}

#[derive(Default)]
struct Builder {
    columns: Vec<Column>,
    field: usize,
}

impl Builder {
    fn end_row(&mut self) {
        self.field = 0;
    }

    fn clear_cells(&mut self) {
        self.field = 0;
        for c in &mut self.columns {
            c.values = match c.values {
                Values::Text(_) => Values::Text(Vec::new()),
                Values::Float(_) => Values::Float(Vec::new()),
                Values::Int(_) => Values::Int(Vec::new()),
                Values::UInt(_) => Values::UInt(Vec::new()),
                Values::Bool(_) => Values::Bool(Vec::new()),
            };
        }
    }

    fn push(&mut self, name: &'static str, cell: Cell) -> Result<(), TableError> {
        let index = self.field;
        self.field += 1;
        if index == self.columns.len() {
            let values = match cell {
                Cell::Float(_) => Values::Float(Vec::new()),
                Cell::Int(_) => Values::Int(Vec::new()),
                Cell::UInt(_) => Values::UInt(Vec::new()),
                Cell::Bool(_) => Values::Bool(Vec::new()),
                Cell::Text(_) | Cell::Missing => Values::Text(Vec::new()),
            };
            self.columns.push(Column {
                name: name.to_string(),
                values,
            });
        }
        let column = &mut self.columns[index];
        // A column first seen missing is retyped by its first present cell.
        if let (Values::Text(v), false) = (
            &column.values,
            matches!(cell, Cell::Text(_) | Cell::Missing),
        ) && v.iter().all(Option::is_none)
        {
            let n = v.len();
            column.values = match cell {
                Cell::Float(_) => Values::Float(vec![None; n]),
                Cell::Int(_) => Values::Int(vec![None; n]),
                Cell::UInt(_) => Values::UInt(vec![None; n]),
                _ => Values::Bool(vec![None; n]),
            };
        }
        match (&mut column.values, cell) {
            (Values::Text(v), Cell::Text(s)) => v.push(Some(s)),
            (Values::Float(v), Cell::Float(x)) => v.push(Some(x)),
            (Values::Int(v), Cell::Int(x)) => v.push(Some(x)),
            (Values::UInt(v), Cell::UInt(x)) => v.push(Some(x)),
            (Values::Bool(v), Cell::Bool(x)) => v.push(Some(x)),
            (Values::Text(v), Cell::Missing) => v.push(None),
            (Values::Float(v), Cell::Missing) => v.push(None),
            (Values::Int(v), Cell::Missing) => v.push(None),
            (Values::UInt(v), Cell::Missing) => v.push(None),
            (Values::Bool(v), Cell::Missing) => v.push(None),
            _ => {
                return Err(TableError(format!(
                    "column {name}: cells of different kinds"
                )));
            }
        }
        Ok(())
    }
}

impl ser::Serializer for &mut Builder {
    type Ok = ();
    type Error = TableError;
    type SerializeSeq = Impossible<(), TableError>;
    type SerializeTuple = Impossible<(), TableError>;
    type SerializeTupleStruct = Impossible<(), TableError>;
    type SerializeTupleVariant = Impossible<(), TableError>;
    type SerializeMap = Impossible<(), TableError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), TableError>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, TableError> {
        Ok(self)
    }

    fn serialize_bool(self, _: bool) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_i8(self, _: i8) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_i16(self, _: i16) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_i32(self, _: i32) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_i64(self, _: i64) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_u8(self, _: u8) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_u16(self, _: u16) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_u32(self, _: u32) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_u64(self, _: u64) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_f32(self, _: f32) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_f64(self, _: f64) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_char(self, _: char) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_str(self, _: &str) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_none(self) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_unit(self) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), TableError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), TableError> {
        Err(not_a_row())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, TableError> {
        Err(not_a_row())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, TableError> {
        Err(not_a_row())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, TableError> {
        Err(not_a_row())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, TableError> {
        Err(not_a_row())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, TableError> {
        Err(not_a_row())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, TableError> {
        Err(not_a_row())
    }
}

fn not_a_row() -> TableError {
    TableError("a table row must be a struct".into())
}

impl ser::SerializeStruct for &mut Builder {
    type Ok = ();
    type Error = TableError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TableError> {
        let cell = value.serialize(CellSerializer)?;
        self.push(key, cell)
    }

    fn end(self) -> Result<(), TableError> {
        Ok(())
    }
}

/// Serialises one field into a [`Cell`].
struct CellSerializer;

impl ser::Serializer for CellSerializer {
    type Ok = Cell;
    type Error = TableError;
    type SerializeSeq = Impossible<Cell, TableError>;
    type SerializeTuple = Impossible<Cell, TableError>;
    type SerializeTupleStruct = Impossible<Cell, TableError>;
    type SerializeTupleVariant = Impossible<Cell, TableError>;
    type SerializeMap = Impossible<Cell, TableError>;
    type SerializeStruct = Impossible<Cell, TableError>;
    type SerializeStructVariant = Impossible<Cell, TableError>;

    fn serialize_bool(self, v: bool) -> Result<Cell, TableError> {
        Ok(Cell::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Cell, TableError> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Cell, TableError> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Cell, TableError> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Cell, TableError> {
        Ok(Cell::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Cell, TableError> {
        Ok(Cell::UInt(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Cell, TableError> {
        Ok(Cell::UInt(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Cell, TableError> {
        Ok(Cell::UInt(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Cell, TableError> {
        Ok(Cell::UInt(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Cell, TableError> {
        Ok(Cell::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Cell, TableError> {
        Ok(Cell::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<Cell, TableError> {
        Ok(Cell::Text(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Cell, TableError> {
        Ok(Cell::Text(v.to_string()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Cell, TableError> {
        Err(nested())
    }
    fn serialize_none(self) -> Result<Cell, TableError> {
        Ok(Cell::Missing)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<Cell, TableError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Cell, TableError> {
        Ok(Cell::Missing)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Cell, TableError> {
        Ok(Cell::Missing)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Cell, TableError> {
        Ok(Cell::Text(variant.to_string()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Cell, TableError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Cell, TableError> {
        Err(nested())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, TableError> {
        Err(nested())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, TableError> {
        Err(nested())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, TableError> {
        Err(nested())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, TableError> {
        Err(nested())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, TableError> {
        Err(nested())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, TableError> {
        Err(nested())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, TableError> {
        Err(nested())
    }
}

fn nested() -> TableError {
    TableError("a table cell must be text, a number, a boolean or a unit enum variant".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Action {
        #[default]
        Replenish,
    }

    #[derive(Default, Serialize)]
    struct Row {
        name: String,
        value: f64,
        count: usize,
        high: bool,
        share: Option<f64>,
        action: Action,
    }

    fn rows() -> Vec<Row> {
        vec![
            Row {
                name: "a".into(),
                value: 1.5,
                count: 2,
                high: true,
                share: None,
                action: Action::Replenish,
            },
            Row {
                name: "b".into(),
                value: -0.25,
                count: 0,
                high: false,
                share: Some(0.5),
                action: Action::Replenish,
            },
        ]
    }

    #[test]
    fn rows_become_typed_columns_in_field_order() {
        let t = Table::from_rows("t", &rows());
        assert_eq!(
            t.column_names(),
            ["name", "value", "count", "high", "share", "action"]
        );
        assert_eq!(t.len(), 2);
        assert_eq!(
            t.column("value"),
            Some(&Values::Float(vec![Some(1.5), Some(-0.25)]))
        );
        assert_eq!(
            t.column("count"),
            Some(&Values::UInt(vec![Some(2), Some(0)]))
        );
        // A column whose first cell is missing takes the kind of its first present cell.
        assert_eq!(
            t.column("share"),
            Some(&Values::Float(vec![None, Some(0.5)]))
        );
        assert_eq!(
            t.column("action"),
            Some(&Values::Text(vec![
                Some("replenish".into()),
                Some("replenish".into())
            ]))
        );
    }

    #[test]
    fn stacking_adds_a_leading_column_and_checks_the_columns() {
        let mut long = Table::from_rows("t", &rows()).with_leading("importer", "CHN");
        long.append(Table::from_rows("t", &rows()).with_leading("importer", "KOR"))
            .unwrap();
        assert_eq!(long.len(), 4);
        assert_eq!(long.column_names()[0], "importer");
        let other = Table::from_rows("t", &rows());
        assert!(long.append(other).is_err());
    }

    #[test]
    fn parallel_chunks_join_in_order_even_when_a_chunk_has_no_value() {
        let rows: Vec<Row> = (0..CHUNK * 2 + 5)
            .map(|i| Row {
                count: i,
                share: (i >= CHUNK).then_some(1.0),
                ..Default::default()
            })
            .collect();
        let t = Table::from_rows("t", &rows);
        let Some(Values::UInt(counts)) = t.column("count") else {
            panic!("count is unsigned");
        };
        assert!(counts.iter().enumerate().all(|(i, c)| *c == Some(i as u64)));
        let Some(Values::Float(shares)) = t.column("share") else {
            panic!("share is a float column");
        };
        assert_eq!(shares[CHUNK - 1], None);
        assert_eq!(shares[CHUNK], Some(1.0));
    }

    #[test]
    fn an_empty_table_keeps_its_columns() {
        let t = Table::from_rows("t", &[] as &[Row]);
        assert_eq!(t.len(), 0);
        assert_eq!(t.column_names().len(), 6);
    }
}
