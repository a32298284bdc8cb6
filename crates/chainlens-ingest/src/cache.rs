//! The columnar cache written by `chainlens import`: a directory holding
//! `flows.parquet` (rows in canonical order, year / product / exporter / importer
//! as dictionary-encoded unsigned integers, value and quantity as doubles, row
//! groups of 2^20 rows, sorting columns recorded; an unknown quantity is NaN, which
//! decodes much faster than a nullable column), `report.json`, `rejects.csv`,
//! `countries.csv`, `products.csv` and `meta.json`, and beside the Parquet file the
//! same columns raw in `flows.columns` (module `column_file`), which opening a cache maps
//! instead of decoding the Parquet file whenever it is current. Reading it back gives the same
//! [`TradeDataset`] as reading the original input.
//!
//! Parquet is read with arrow-rs' low-level column readers, one row group per
//! rayon task, each decoding straight into its slice of the final columns.

use crate::column_file::{self, COLUMNS_FILE, ParquetFingerprint, Unusable};
use crate::reference::{self, HsEdition};
use crate::{IngestError, IngestReport, TradeDataset};
use chainlens_model::{CanonicalFlows, CountryCode, Hs6, TradeFlows, Year};
use parquet::basic::Compression;
use parquet::basic::Type as PhysicalType;
use parquet::column::reader::get_typed_column_reader;
use parquet::data_type::{DataType, DoubleType, Int32Type};
use parquet::file::metadata::SortingColumn;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, RowGroupReader};
use parquet::file::serialized_reader::SerializedFileReader;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

/// The Parquet file of a cache directory; its presence marks a directory as a cache.
pub const FLOWS_FILE: &str = "flows.parquet";
const ROW_GROUP_ROWS: usize = 1 << 20;
const FORMAT_VERSION: u32 = 2;
const SCHEMA: &str = "message chainlens_flows {
    REQUIRED INT32 year (INTEGER(16, false));
    REQUIRED INT32 product (INTEGER(32, false));
    REQUIRED INT32 exporter (INTEGER(16, false));
    REQUIRED INT32 importer (INTEGER(16, false));
    REQUIRED DOUBLE value;
    REQUIRED DOUBLE quantity;
}";
/// [`SCHEMA`] less the year, for the files of one year (`by-year/year=YYYY/flows.parquet`).
const SCHEMA_WITHOUT_YEAR: &str = "message chainlens_flows {
    REQUIRED INT32 product (INTEGER(32, false));
    REQUIRED INT32 exporter (INTEGER(16, false));
    REQUIRED INT32 importer (INTEGER(16, false));
    REQUIRED DOUBLE value;
    REQUIRED DOUBLE quantity;
}";

/// `meta.json`: what the cache holds besides the rows.
#[derive(Serialize, Deserialize)]
struct Meta {
    format_version: u32,
    hs_edition: String,
    rows: u64,
}

/// The dataset's own universe and ideal points, when it carries them (the SYNTHETIC
/// default does), are kept beside the flows under these names.
const UNIVERSE_FILE: &str = "intermediate_goods.csv";
const IDEAL_POINTS_FILE: &str = "ideal_points.csv";

fn cache_error(path: &Path, message: impl ToString) -> IngestError {
    IngestError::Cache {
        path: path.into(),
        message: message.to_string(),
    }
}

/// Writes `data` as a cache directory (created if missing; its files replaced).
pub fn write(data: &TradeDataset, dir: &Path) -> Result<(), IngestError> {
    std::fs::create_dir_all(dir).map_err(|e| IngestError::io(dir, e))?;
    let put = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| IngestError::io(&path, e))
    };
    let parquet = dir.join(FLOWS_FILE);
    let (written, columns) = rayon::join(
        || write_flows(&data.flows, &parquet),
        || column_file::write_unsealed(&data.flows, &dir.join(COLUMNS_FILE)),
    );
    written?;
    let fingerprint = ParquetFingerprint::of(&parquet).map_err(|e| IngestError::io(&parquet, e))?;
    columns?.seal(fingerprint)?;
    put("report.json", data.report.to_json() + "\n")?;
    put("rejects.csv", data.report.rejects_csv())?;
    put(
        "countries.csv",
        reference::country_table_csv(&data.countries),
    )?;
    let mut products = csv::Writer::from_writer(Vec::new());
    products
        .write_record(["code", "description"])
        .expect("memory");
    for (code, text) in &data.descriptions.by_code {
        products
            .write_record([code.to_string().as_str(), text])
            .expect("memory");
    }
    put(
        "products.csv",
        String::from_utf8(products.into_inner().expect("memory")).expect("utf-8"),
    )?;
    if let Some(universe) = &data.universe {
        let codes: String = universe.iter().map(|k| format!("{k}\n")).collect();
        put(UNIVERSE_FILE, format!("hs6\n{codes}"))?;
    }
    if let Some(points) = &data.ideal_points {
        put(IDEAL_POINTS_FILE, reference::ideal_points_csv(points))?;
    }
    let meta = Meta {
        format_version: FORMAT_VERSION,
        hs_edition: data.edition.name().into(),
        rows: data.flows.len() as u64,
    };
    put(
        "meta.json",
        serde_json::to_string_pretty(&meta).expect("plain data") + "\n",
    )
}

fn write_flows(flows: &TradeFlows, path: &Path) -> Result<(), IngestError> {
    write_flows_parquet(flows, 0..flows.len(), FlowColumns::WithYear, path)
}

/// Which columns a flows Parquet file holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlowColumns {
    /// year, product, exporter, importer, value, quantity: `flows.parquet`.
    WithYear,
    /// product, exporter, importer, value, quantity: a file of one year, whose year
    /// is named by its directory (`by-year/year=YYYY/`).
    WithoutYear,
}

/// Writes the flows of `rows` (a range of canonical order) as one Parquet file with
/// the cache's column types and encodings: the one writer of `flows.parquet` and of
/// the by-year files of [`crate::partitioned`].
pub(crate) fn write_flows_parquet(
    flows: &TradeFlows,
    rows: std::ops::Range<usize>,
    columns: FlowColumns,
    path: &Path,
) -> Result<(), IngestError> {
    let fail = |e: parquet::errors::ParquetError| cache_error(path, e);
    let (schema, keys) = match columns {
        FlowColumns::WithYear => (SCHEMA, 4),
        FlowColumns::WithoutYear => (SCHEMA_WITHOUT_YEAR, 3),
    };
    let schema =
        Arc::new(parquet::schema::parser::parse_message_type(schema).expect("static schema"));
    let sorted = |i| SortingColumn {
        column_idx: i,
        descending: false,
        nulls_first: false,
    };
    let props = WriterProperties::builder()
        .set_compression(Compression::UNCOMPRESSED)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_column_dictionary_enabled(ColumnPath::from("value"), false)
        .set_column_dictionary_enabled(ColumnPath::from("quantity"), false)
        .set_sorting_columns(Some((0..keys).map(sorted).collect()))
        .build();
    let file = std::fs::File::create(path).map_err(|e| IngestError::io(path, e))?;
    let mut writer = SerializedFileWriter::new(file, schema, Arc::new(props)).map_err(fail)?;
    for start in rows.clone().step_by(ROW_GROUP_ROWS) {
        let group_rows = start..(start + ROW_GROUP_ROWS).min(rows.end);
        let mut ints: Vec<Vec<i32>> = Vec::with_capacity(4);
        if columns == FlowColumns::WithYear {
            ints.push(
                flows.year[group_rows.clone()]
                    .iter()
                    .map(|y| i32::from(y.0))
                    .collect(),
            );
        }
        ints.push(
            flows.product[group_rows.clone()]
                .iter()
                .map(|p| p.0 as i32)
                .collect(),
        );
        for countries in [&flows.exporter, &flows.importer] {
            ints.push(
                countries[group_rows.clone()]
                    .iter()
                    .map(|c| i32::from(c.get()))
                    .collect(),
            );
        }
        let mut group = writer.next_row_group().map_err(fail)?;
        for column in &ints {
            let mut w = group
                .next_column()
                .map_err(fail)?
                .expect("schema has the column");
            w.typed::<Int32Type>()
                .write_batch(column, None, None)
                .map_err(fail)?;
            w.close().map_err(fail)?;
        }
        for column in [&flows.value, &flows.quantity] {
            let mut w = group
                .next_column()
                .map_err(fail)?
                .expect("schema has the column");
            w.typed::<DoubleType>()
                .write_batch(&column[group_rows.clone()], None, None)
                .map_err(fail)?;
            w.close().map_err(fail)?;
        }
        group.close().map_err(fail)?;
    }
    writer.close().map_err(fail)?;
    Ok(())
}

/// Reads a cache directory back.
pub fn read(dir: &Path) -> Result<TradeDataset, IngestError> {
    let text = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).map_err(|e| IngestError::io(&path, e))
    };
    let meta: Meta = serde_json::from_str(&text("meta.json")?)
        .map_err(|e| cache_error(&dir.join("meta.json"), e))?;
    if meta.format_version != FORMAT_VERSION {
        return Err(cache_error(
            dir,
            format!(
                "format version {} (this chainlens reads {FORMAT_VERSION})",
                meta.format_version
            ),
        ));
    }
    let edition = HsEdition::parse(&meta.hs_edition).ok_or_else(|| {
        cache_error(
            &dir.join("meta.json"),
            format!("unknown hs_edition `{}`", meta.hs_edition),
        )
    })?;
    let mut report: IngestReport = serde_json::from_str(&text("report.json")?)
        .map_err(|e| cache_error(&dir.join("report.json"), e))?;
    report.rejects = read_rejects(&dir.join("rejects.csv"))?;
    let countries =
        reference::parse_country_table(&text("countries.csv")?, &dir.join("countries.csv"))?;
    let descriptions =
        reference::parse_descriptions(&text("products.csv")?, &dir.join("products.csv"))?;
    let optional = |name: &str| {
        let path = dir.join(name);
        path.exists().then(|| text(name).map(|t| (t, path)))
    };
    let universe = match optional(UNIVERSE_FILE) {
        Some(read) => {
            let (text, path) = read?;
            Some(reference::parse_product_list(&text, &path)?)
        }
        None => None,
    };
    let ideal_points = match optional(IDEAL_POINTS_FILE) {
        Some(read) => {
            let (text, path) = read?;
            Some(reference::parse_ideal_points(&text, &path)?)
        }
        None => None,
    };
    let flows = open_flows(dir, meta.rows)?;
    if flows.len() as u64 != meta.rows {
        return Err(cache_error(
            dir,
            format!("{} flows where meta.json says {}", flows.len(), meta.rows),
        ));
    }
    let flows = CanonicalFlows::try_from(flows).map_err(|e| cache_error(dir, e))?;
    Ok(TradeDataset {
        flows,
        countries,
        descriptions,
        edition,
        universe,
        ideal_points,
        report,
    })
}

/// The flows borrowed from the column file when it is current, decoded from Parquet
/// otherwise.
fn open_flows(dir: &Path, rows: u64) -> Result<TradeFlows, IngestError> {
    let parquet = dir.join(FLOWS_FILE);
    let fingerprint = ParquetFingerprint::of(&parquet).map_err(|e| IngestError::io(&parquet, e))?;
    let columns = dir.join(COLUMNS_FILE);
    match column_file::read(&columns, fingerprint, rows) {
        Ok(flows) => Ok(flows),
        Err(Unusable::Stale) => read_flows(&parquet),
        Err(Unusable::Corrupt(message)) => Err(cache_error(&columns, message)),
    }
}

fn read_rejects(path: &Path) -> Result<Vec<crate::RejectedRow>, IngestError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| cache_error(path, e))?;
    let mut rejects = Vec::new();
    for record in reader.records() {
        let r = record.map_err(|e| cache_error(path, e))?;
        let [file, line, reason, field, raw] = [0, 1, 2, 3, 4].map(|c| r.get(c));
        let (Some(file), Some(line), Some(reason), Some(field), Some(raw)) =
            (file, line, reason, field, raw)
        else {
            return Err(cache_error(
                path,
                format!("a row of {} fields, not 5", r.len()),
            ));
        };
        let reason = crate::Reason::ALL
            .into_iter()
            .find(|x| x.key() == reason)
            .ok_or_else(|| cache_error(path, format!("unknown reason `{reason}`")))?;
        rejects.push(crate::RejectedRow {
            file: file.to_string(),
            line: line.parse().map_err(|e| cache_error(path, e))?,
            reason,
            field: [
                "t",
                "i",
                "j",
                "k",
                "v",
                "q",
                "row",
                "refYear",
                "reporterCode",
                "partnerCode",
                "primaryValue",
                "netWgt",
            ]
            .into_iter()
            .find(|f| *f == field)
            .unwrap_or(""),
            raw: raw.to_string(),
        });
    }
    Ok(rejects)
}

/// Splits `column` into consecutive slices of the given lengths.
fn split_by<'a, T>(mut column: &'a mut [T], lengths: &[usize]) -> Vec<&'a mut [T]> {
    lengths
        .iter()
        .map(|&n| {
            let (head, tail) = std::mem::take(&mut column).split_at_mut(n);
            column = tail;
            head
        })
        .collect()
}

/// The columns of one row group, as slices of the final table.
struct GroupSlices<'a> {
    year: &'a mut [Year],
    product: &'a mut [Hs6],
    exporter: &'a mut [CountryCode],
    importer: &'a mut [CountryCode],
    value: &'a mut [f64],
    quantity: &'a mut [f64],
}

fn read_flows(path: &Path) -> Result<TradeFlows, IngestError> {
    let file = std::fs::File::open(path).map_err(|e| IngestError::io(path, e))?;
    let reader = SerializedFileReader::new(file).map_err(|e| cache_error(path, e))?;
    let schema = reader.metadata().file_metadata().schema_descr();
    let columns: Vec<(&str, PhysicalType)> = schema
        .columns()
        .iter()
        .map(|c| (c.name(), c.physical_type()))
        .collect();
    let (int, double) = (PhysicalType::INT32, PhysicalType::DOUBLE);
    let expected = [
        ("year", int),
        ("product", int),
        ("exporter", int),
        ("importer", int),
        ("value", double),
        ("quantity", double),
    ];
    if columns != expected {
        return Err(cache_error(path, format!("unexpected columns {columns:?}")));
    }
    let lengths: Vec<usize> = reader
        .metadata()
        .row_groups()
        .iter()
        .map(|g| g.num_rows() as usize)
        .collect();
    let rows: usize = lengths.iter().sum();
    let mut flows = TradeFlows {
        year: vec![Year(0); rows].into(),
        exporter: vec![CountryCode::default(); rows].into(),
        importer: vec![CountryCode::default(); rows].into(),
        product: vec![Hs6(0); rows].into(),
        value: vec![0.0; rows].into(),
        quantity: vec![0.0; rows].into(),
    };
    let groups: Vec<GroupSlices> = split_by(&mut flows.year, &lengths)
        .into_iter()
        .zip(split_by(&mut flows.product, &lengths))
        .zip(split_by(&mut flows.exporter, &lengths))
        .zip(split_by(&mut flows.importer, &lengths))
        .zip(split_by(&mut flows.value, &lengths))
        .zip(split_by(&mut flows.quantity, &lengths))
        .map(
            |(((((year, product), exporter), importer), value), quantity)| GroupSlices {
                year,
                product,
                exporter,
                importer,
                value,
                quantity,
            },
        )
        .collect();
    // One reader per task: a cloned `File` shares its offset, so tasks must not share one.
    groups.into_par_iter().enumerate().try_for_each_init(
        Scratch::default,
        |scratch, (i, slices)| {
            let file = std::fs::File::open(path).map_err(|e| IngestError::io(path, e))?;
            let reader = SerializedFileReader::new(file).map_err(|e| cache_error(path, e))?;
            let group = reader.get_row_group(i).map_err(|e| cache_error(path, e))?;
            // The parquet crate panics on some corrupt pages: report them as a bad cache.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read_group(group.as_ref(), slices, scratch)
            }))
            .unwrap_or_else(|_| Err("corrupt page".into()))
            .map_err(|e| cache_error(path, format!("row group {i}: {e}")))
        },
    )?;
    Ok(flows)
}

/// Decode buffers reused across the row groups a thread reads, so each group does not
/// fault in fresh pages.
#[derive(Default)]
struct Scratch {
    ints: Vec<i32>,
    doubles: Vec<f64>,
}

/// Decodes column `column` of a row group into `values` (physical type checked when the
/// file was opened).
fn read_column<T: DataType>(
    group: &dyn RowGroupReader,
    column: usize,
    rows: usize,
    values: &mut Vec<T::T>,
) -> Result<(), String> {
    let reader = group.get_column_reader(column).map_err(|e| e.to_string())?;
    let mut reader = get_typed_column_reader::<T>(reader);
    values.clear();
    while values.len() < rows {
        let (n, _, _) = reader
            .read_records(rows - values.len(), None, None, values)
            .map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
    }
    if values.len() != rows {
        return Err(format!(
            "column {column} holds {} of {rows} rows",
            values.len()
        ));
    }
    Ok(())
}

/// Decodes INT32 column `column` into `dst` through `checked`, which refuses a value
/// out of the column's range.
fn read_ints<T>(
    group: &dyn RowGroupReader,
    column: usize,
    dst: &mut [T],
    scratch: &mut Vec<i32>,
    checked: impl Fn(u32) -> Option<T>,
) -> Result<(), String> {
    read_column::<Int32Type>(group, column, dst.len(), scratch)?;
    for (d, &v) in dst.iter_mut().zip(scratch.iter()) {
        *d = u32::try_from(v)
            .ok()
            .and_then(&checked)
            .ok_or_else(|| format!("column {column}: value {v} out of range"))?;
    }
    Ok(())
}

fn read_group(
    group: &dyn RowGroupReader,
    out: GroupSlices,
    scratch: &mut Scratch,
) -> Result<(), String> {
    let year = |v: u32| u16::try_from(v).ok().map(Year);
    let product = |v: u32| (v <= Hs6::MAX).then_some(Hs6(v));
    let country = |v: u32| u16::try_from(v).ok().and_then(CountryCode::new);
    read_ints(group, 0, out.year, &mut scratch.ints, year)?;
    read_ints(group, 1, out.product, &mut scratch.ints, product)?;
    read_ints(group, 2, out.exporter, &mut scratch.ints, country)?;
    read_ints(group, 3, out.importer, &mut scratch.ints, country)?;
    for (column, dst) in [(4, out.value), (5, out.quantity)] {
        read_column::<DoubleType>(group, column, dst.len(), &mut scratch.doubles)?;
        dst.copy_from_slice(&scratch.doubles);
    }
    Ok(())
}
