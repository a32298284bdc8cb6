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

/// The cells of one column, in Arrow's layout: values side by side, text in one string,
/// and a presence flag per cell only once a cell is missing. Handing a column to Arrow
/// (`chainlens-arrow`) therefore moves its buffers instead of copying cells.
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    /// Text cells.
    Text(TextCells),
    /// Floating-point cells.
    Float(Cells<f64>),
    /// Signed integer cells.
    Int(Cells<i64>),
    /// Unsigned integer cells.
    UInt(Cells<u64>),
    /// Boolean cells.
    Bool(Cells<bool>),
}

/// Which cells of a column are present: `None` while every cell is, else one flag a cell.
type Presence = Option<Vec<bool>>;

/// Records whether the cell now at `index` is present, making the flags on the first
/// missing cell.
fn mark(presence: &mut Presence, index: usize, present: bool) {
    match presence {
        Some(flags) => flags.push(present),
        None if !present => {
            let mut flags = vec![true; index];
            flags.push(false);
            *presence = Some(flags);
        }
        None => {}
    }
}

/// Whether cell `r` is present.
fn is_present(presence: &Presence, r: usize) -> bool {
    presence.as_ref().is_none_or(|flags| flags[r])
}

/// Whether a cell is missing.
fn any_missing(presence: &Presence) -> bool {
    presence
        .as_ref()
        .is_some_and(|flags| flags.contains(&false))
}

/// Joins the flags of `a` (of `a_len` cells) and `b` (of `b_len`).
fn join_presence(a: &mut Presence, a_len: usize, b: Presence, b_len: usize) {
    match (a.as_mut(), b) {
        (None, None) => {}
        (Some(x), None) => x.extend(std::iter::repeat_n(true, b_len)),
        (Some(x), Some(y)) => x.extend(y),
        (None, Some(y)) => {
            let mut flags = vec![true; a_len];
            flags.extend(y);
            *a = Some(flags);
        }
    }
}

/// Cells of a fixed-size kind: the values (a missing cell holds the default) and their
/// presence.
#[derive(Clone, Debug, PartialEq)]
pub struct Cells<T> {
    values: Vec<T>,
    presence: Presence,
}

impl<T> Default for Cells<T> {
    fn default() -> Self {
        Self {
            values: Vec::new(),
            presence: None,
        }
    }
}

impl<T: Copy + Default> Cells<T> {
    /// `n` missing cells.
    pub fn missing(n: usize) -> Self {
        Self {
            values: vec![T::default(); n],
            presence: (n > 0).then(|| vec![false; n]),
        }
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there is no cell.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Cell `r` (`None` when missing). Panics past the end, as slice indexing does.
    pub fn get(&self, r: usize) -> Option<T> {
        let present = is_present(&self.presence, r);
        present.then(|| self.values[r])
    }

    /// The cells in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<T>> + Clone + '_ {
        (0..self.len()).map(|r| self.get(r))
    }

    /// Appends a cell.
    pub fn push(&mut self, cell: Option<T>) {
        mark(&mut self.presence, self.values.len(), cell.is_some());
        self.values.push(cell.unwrap_or_default());
    }

    /// Whether a cell is missing.
    pub fn has_missing(&self) -> bool {
        any_missing(&self.presence)
    }

    /// The values (a missing cell's is the default) and, when a cell is missing, the
    /// presence flags.
    pub fn into_parts(self) -> (Vec<T>, Option<Vec<bool>>) {
        (self.values, self.presence)
    }

    fn append(&mut self, other: Self) {
        join_presence(
            &mut self.presence,
            self.values.len(),
            other.presence,
            other.values.len(),
        );
        self.values.extend(other.values);
    }
}

impl<T: Copy + Default> FromIterator<Option<T>> for Cells<T> {
    fn from_iter<I: IntoIterator<Item = Option<T>>>(cells: I) -> Self {
        let mut out = Self::default();
        for cell in cells {
            out.push(cell);
        }
        out
    }
}

/// Text cells: all their text in one string, the cells' boundaries in it (Arrow's
/// offsets: `offsets[r]..offsets[r + 1]` is cell `r`) and their presence.
#[derive(Clone, Debug, PartialEq)]
pub struct TextCells {
    text: String,
    offsets: Vec<usize>,
    presence: Presence,
}

impl Default for TextCells {
    fn default() -> Self {
        Self {
            text: String::new(),
            offsets: vec![0],
            presence: None,
        }
    }
}

impl TextCells {
    /// `n` missing cells.
    pub fn missing(n: usize) -> Self {
        Self {
            text: String::new(),
            offsets: vec![0; n + 1],
            presence: (n > 0).then(|| vec![false; n]),
        }
    }

    /// `n` cells holding `value`.
    pub fn repeated(value: &str, n: usize) -> Self {
        Self {
            text: value.repeat(n),
            offsets: (0..=n).map(|r| r * value.len()).collect(),
            presence: None,
        }
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether there is no cell.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cell `r` (`None` when missing). Panics past the end, as slice indexing does.
    pub fn get(&self, r: usize) -> Option<&str> {
        let present = is_present(&self.presence, r);
        present.then(|| &self.text[self.offsets[r]..self.offsets[r + 1]])
    }

    /// The cells in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + Clone + '_ {
        (0..self.len()).map(|r| self.get(r))
    }

    /// Appends a cell.
    pub fn push(&mut self, cell: Option<&str>) {
        let index = self.len();
        mark(&mut self.presence, index, cell.is_some());
        self.text.push_str(cell.unwrap_or_default());
        self.offsets.push(self.text.len());
    }

    /// Whether a cell is missing.
    pub fn has_missing(&self) -> bool {
        any_missing(&self.presence)
    }

    /// The text of all cells and the offsets of [`Self::into_parts`], borrowed: cell `r`,
    /// when present, is `text[offsets[r]..offsets[r + 1]]`.
    pub fn text_and_offsets(&self) -> (&str, &[usize]) {
        (&self.text, &self.offsets)
    }

    /// The text of all cells, the offsets (one more than the cells, starting at 0) and,
    /// when a cell is missing, the presence flags.
    ///
    /// Guaranteed (the Arrow writer relies on it to skip re-validating): the offsets
    /// never decrease, the last is the text's length, and each falls on a `char`
    /// boundary of the text, since every cell was a whole `&str` when it was added.
    pub fn into_parts(self) -> (String, Vec<usize>, Option<Vec<bool>>) {
        (self.text, self.offsets, self.presence)
    }

    /// Whether every cell is missing (also when there is none): a column not yet typed.
    fn all_missing(&self) -> bool {
        self.is_empty() || self.presence.as_ref().is_some_and(|p| !p.contains(&true))
    }

    fn append(&mut self, other: Self) {
        let n = self.len();
        let other_len = other.len();
        join_presence(&mut self.presence, n, other.presence, other_len);
        let shift = self.text.len();
        self.text.push_str(&other.text);
        self.offsets
            .extend(other.offsets[1..].iter().map(|o| o + shift));
    }
}

impl<S: AsRef<str>> FromIterator<Option<S>> for TextCells {
    fn from_iter<I: IntoIterator<Item = Option<S>>>(cells: I) -> Self {
        let mut out = Self::default();
        for cell in cells {
            out.push(cell.as_ref().map(AsRef::as_ref));
        }
        out
    }
}

/// A kind of fixed-size cell, and where its cells sit in [`Values`].
trait Native: Copy + Default {
    fn wrap(cells: Cells<Self>) -> Values;
    fn cells(values: &mut Values) -> Option<&mut Cells<Self>>;
}

macro_rules! native {
    ($t:ty, $variant:ident) => {
        impl Native for $t {
            fn wrap(cells: Cells<Self>) -> Values {
                Values::$variant(cells)
            }
            fn cells(values: &mut Values) -> Option<&mut Cells<Self>> {
                match values {
                    Values::$variant(c) => Some(c),
                    _ => None,
                }
            }
        }
    };
}
native!(f64, Float);
native!(i64, Int);
native!(u64, UInt);
native!(bool, Bool);

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

    /// Whether any cell is missing.
    pub fn has_missing(&self) -> bool {
        match self {
            Self::Text(v) => v.has_missing(),
            Self::Float(v) => v.has_missing(),
            Self::Int(v) => v.has_missing(),
            Self::UInt(v) => v.has_missing(),
            Self::Bool(v) => v.has_missing(),
        }
    }

    /// Appends `other`'s cells. A column whose cells are all missing takes the other's
    /// kind (a chunk of rows may hold no value of an optional field).
    pub fn extend(&mut self, other: Values) -> Result<(), TableError> {
        let untyped = |v: &Values| matches!(v, Values::Text(t) if t.all_missing());
        if untyped(self) && !matches!(other, Values::Text(_)) {
            *self = other.missing_like(self.len()).appended(other)?;
            return Ok(());
        }
        let other = if untyped(&other) && !matches!(self, Values::Text(_)) {
            self.missing_like(other.len())
        } else {
            other
        };
        match (self, other) {
            (Values::Text(x), Values::Text(y)) => x.append(y),
            (Values::Float(x), Values::Float(y)) => x.append(y),
            (Values::Int(x), Values::Int(y)) => x.append(y),
            (Values::UInt(x), Values::UInt(y)) => x.append(y),
            (Values::Bool(x), Values::Bool(y)) => x.append(y),
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
            Values::Text(_) => Values::Text(TextCells::missing(n)),
            Values::Float(_) => Values::Float(Cells::missing(n)),
            Values::Int(_) => Values::Int(Cells::missing(n)),
            Values::UInt(_) => Values::UInt(Cells::missing(n)),
            Values::Bool(_) => Values::Bool(Cells::missing(n)),
        }
    }

    /// Appends a text cell.
    fn push_text(&mut self, cell: &str) -> Result<(), TableError> {
        match self {
            Values::Text(t) => {
                t.push(Some(cell));
                Ok(())
            }
            _ => Err(TableError("cells of different kinds".into())),
        }
    }

    /// Appends a number or boolean; a column of only missing cells so far takes its kind.
    fn push_native<T: Native>(&mut self, cell: T) -> Result<(), TableError> {
        if let Values::Text(t) = self
            && t.all_missing()
        {
            *self = T::wrap(Cells::missing(t.len()));
        }
        match T::cells(self) {
            Some(cells) => {
                cells.push(Some(cell));
                Ok(())
            }
            None => Err(TableError("cells of different kinds".into())),
        }
    }

    /// Appends a missing cell.
    fn push_missing(&mut self) {
        match self {
            Values::Text(v) => v.push(None),
            Values::Float(v) => v.push(None),
            Values::Int(v) => v.push(None),
            Values::UInt(v) => v.push(None),
            Values::Bool(v) => v.push(None),
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
                values: Values::Text(TextCells::repeated(value, n)),
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
            c.values = c.values.missing_like(0);
        }
    }

    /// The column of the row's next field, added on the first row.
    fn next_column(&mut self, name: &'static str) -> &mut Values {
        let index = self.field;
        self.field += 1;
        if index == self.columns.len() {
            self.columns.push(Column {
                name: name.to_string(),
                values: Values::Text(TextCells::default()),
            });
        }
        &mut self.columns[index].values
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
        let column = self.next_column(key);
        value
            .serialize(CellSink(column))
            .map_err(|e| TableError(format!("column {key}: {e}")))
    }

    fn end(self) -> Result<(), TableError> {
        Ok(())
    }
}

/// Serialises one field straight into its column.
struct CellSink<'a>(&'a mut Values);

impl ser::Serializer for CellSink<'_> {
    type Ok = ();
    type Error = TableError;
    type SerializeSeq = Impossible<(), TableError>;
    type SerializeTuple = Impossible<(), TableError>;
    type SerializeTupleStruct = Impossible<(), TableError>;
    type SerializeTupleVariant = Impossible<(), TableError>;
    type SerializeMap = Impossible<(), TableError>;
    type SerializeStruct = Impossible<(), TableError>;
    type SerializeStructVariant = Impossible<(), TableError>;

    fn serialize_bool(self, v: bool) -> Result<(), TableError> {
        self.0.push_native(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), TableError> {
        self.0.push_native(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), TableError> {
        self.0.push_native(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), TableError> {
        self.0.push_native(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), TableError> {
        self.0.push_native(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), TableError> {
        self.0.push_native(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), TableError> {
        self.0.push_native(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), TableError> {
        self.0.push_native(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), TableError> {
        self.0.push_native(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), TableError> {
        self.0.push_native(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), TableError> {
        self.0.push_native(v)
    }
    fn serialize_char(self, v: char) -> Result<(), TableError> {
        self.0.push_text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), TableError> {
        self.0.push_text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), TableError> {
        Err(nested())
    }
    fn serialize_none(self) -> Result<(), TableError> {
        self.0.push_missing();
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), TableError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), TableError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), TableError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), TableError> {
        self.0.push_text(variant)
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
            Some(&Values::Float(
                [Some(1.5), Some(-0.25)].into_iter().collect()
            ))
        );
        assert_eq!(
            t.column("count"),
            Some(&Values::UInt([Some(2), Some(0)].into_iter().collect()))
        );
        // A column whose first cell is missing takes the kind of its first present cell.
        assert_eq!(
            t.column("share"),
            Some(&Values::Float([None, Some(0.5)].into_iter().collect()))
        );
        assert_eq!(
            t.column("action"),
            Some(&Values::Text(TextCells::repeated("replenish", 2)))
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
        assert!(counts.iter().enumerate().all(|(i, c)| c == Some(i as u64)));
        let Some(Values::Float(shares)) = t.column("share") else {
            panic!("share is a float column");
        };
        assert_eq!(shares.get(CHUNK - 1), None);
        assert_eq!(shares.get(CHUNK), Some(1.0));
    }

    #[test]
    fn cells_keep_their_boundaries_and_missing_cells_across_appends() {
        let mut text: TextCells = [Some("ab"), None].into_iter().collect();
        text.append([Some("é"), Some("")].into_iter().collect());
        assert_eq!(
            text.iter().collect::<Vec<_>>(),
            [Some("ab"), None, Some("é"), Some("")]
        );
        let (joined, offsets, presence) = text.into_parts();
        assert_eq!(joined, "abé");
        assert_eq!(offsets, [0, 2, 2, 4, 4]);
        assert_eq!(presence, Some(vec![true, false, true, true]));
        let mut floats: Cells<f64> = [Some(1.0)].into_iter().collect();
        floats.append([None, Some(2.0)].into_iter().collect());
        assert_eq!(
            floats.into_parts(),
            (vec![1.0, 0.0, 2.0], Some(vec![true, false, true]))
        );
        let all: Cells<u64> = [Some(1), Some(2)].into_iter().collect();
        assert!(!all.has_missing());
        assert_eq!(all.into_parts(), (vec![1, 2], None));
        assert_eq!(TextCells::repeated("CHN", 2).get(1), Some("CHN"));
    }

    #[test]
    fn an_empty_table_keeps_its_columns() {
        let t = Table::from_rows("t", &[] as &[Row]);
        assert_eq!(t.len(), 0);
        assert_eq!(t.column_names().len(), 6);
    }
}
