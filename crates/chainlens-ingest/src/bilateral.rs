//! The generic bilateral CSV reader: any table with one row per (year, exporter,
//! importer, product), its columns named by a [`ColumnMap`] (`--columns
//! exporter=exporter_iso3c,importer=importer_iso3c,product=hs6,year=year,value_thousands=total_v`).
//! Countries may be ISO3 codes or numeric codes of the country table; an ISO3 code the
//! table does not know (`NEI`) is excluded as `unknown_country` and named in the report.
//! Values are USD (`value=`) or thousands of USD (`value_thousands=`, BACI's unit);
//! quantities are optional (`quantity=`, tonnes; blank, `NA` or `NaN` is missing).

use crate::numbers::{parse_code, parse_country, parse_optional, parse_scaled, rejection};
use crate::read::{
    Fate, Row, RowFilter, TradeDataset, choose_countries, finish_csv, next_record, tally,
};
use crate::{IngestError, IngestReport, ReadOptions, Reason};
use chainlens_model::{CountryCode, CountryTable, Hs6, TradeFlows, Year};
use std::path::Path;

/// Which column holds what, by header name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMap {
    /// Exporter (ISO3 or numeric code).
    pub exporter: String,
    /// Importer (ISO3 or numeric code).
    pub importer: String,
    /// HS6 code.
    pub product: String,
    /// Year.
    pub year: String,
    /// Trade value.
    pub value: String,
    /// True when the value column is in thousands of USD.
    pub value_in_thousands: bool,
    /// Quantity in tonnes, if any.
    pub quantity: Option<String>,
}

impl ColumnMap {
    /// Parses `key=column,...` with keys `exporter`, `importer`, `product`, `year`,
    /// `value` (USD) or `value_thousands`, and optionally `quantity`. The message of an
    /// error names the key at fault.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let (mut exporter, mut importer, mut product, mut year) = (None, None, None, None);
        let (mut value, mut quantity, mut thousands) = (None, None, false);
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, column)) = pair.split_once('=') else {
                return Err(format!("`{pair}` is not key=column"));
            };
            let column = Some(column.trim().to_string());
            match key.trim() {
                "exporter" => exporter = column,
                "importer" => importer = column,
                "product" => product = column,
                "year" => year = column,
                "value" => value = column,
                "value_thousands" => (value, thousands) = (column, true),
                "quantity" => quantity = column,
                other => {
                    return Err(format!(
                        "unknown key `{other}` (keys: exporter, importer, product, year, value or value_thousands, quantity)"
                    ));
                }
            }
        }
        let need = |v: Option<String>, key: &str| v.ok_or_else(|| format!("no `{key}=COLUMN`"));
        Ok(Self {
            exporter: need(exporter, "exporter")?,
            importer: need(importer, "importer")?,
            product: need(product, "product")?,
            year: need(year, "year")?,
            value: need(value, "value")?,
            value_in_thousands: thousands,
            quantity,
        })
    }
}

/// Column positions of a map in one file's header.
struct Positions {
    exporter: usize,
    importer: usize,
    product: usize,
    year: usize,
    value: usize,
    quantity: Option<usize>,
}

impl Positions {
    fn find(
        map: &ColumnMap,
        headers: &csv::StringRecord,
        path: &Path,
    ) -> Result<Self, IngestError> {
        let find = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}').trim() == name)
                .ok_or_else(|| IngestError::Header {
                    path: path.into(),
                    message: format!(
                        "no column `{name}` named by --columns (found: {})",
                        headers.iter().collect::<Vec<_>>().join(",")
                    ),
                })
        };
        Ok(Self {
            exporter: find(&map.exporter)?,
            importer: find(&map.importer)?,
            product: find(&map.product)?,
            year: find(&map.year)?,
            value: find(&map.value)?,
            quantity: map.quantity.as_deref().map(find).transpose()?,
        })
    }
}

/// Reads one or more bilateral CSV files laid out as `map` says.
pub fn read(
    paths: &[&Path],
    map: &ColumnMap,
    options: &ReadOptions,
) -> Result<TradeDataset, IngestError> {
    let countries = choose_countries(options, None)?;
    let filter = RowFilter::new(&countries, options.window);
    let mut flows = TradeFlows::default();
    let mut report = IngestReport::default();
    for &path in paths {
        read_file(path, map, &countries, &filter, &mut flows, &mut report)?;
    }
    let edition = options.edition.unwrap_or_default();
    finish_csv(flows, report, countries, edition, options)
}

fn read_file(
    path: &Path,
    map: &ColumnMap,
    countries: &CountryTable,
    filter: &RowFilter,
    flows: &mut TradeFlows,
    report: &mut IngestReport,
) -> Result<(), IngestError> {
    let file = std::fs::File::open(path).map_err(|e| IngestError::io(path, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, file));
    let headers = reader
        .headers()
        .map_err(|e| IngestError::Header {
            path: path.into(),
            message: e.to_string(),
        })?
        .clone();
    let at = Positions::find(map, &headers, path)?;
    let label = path.to_string_lossy().into_owned();
    let scale = if map.value_in_thousands { 3 } else { 0 };
    let mut record = csv::ByteRecord::new();
    while next_record(&mut reader, &mut record, path)? {
        report.rows_read += 1;
        let outcome = classify(&record, headers.len(), &at, scale, countries, filter);
        tally(outcome, &record, &label, flows, report);
    }
    Ok(())
}

/// A country field: a numeric code, or an ISO3 code looked up in the table.
fn country(field: &[u8], countries: &CountryTable) -> Result<CountryCode, Fate> {
    let text = std::str::from_utf8(field)
        .map_err(|_| Fate::Rejected(Reason::BadUtf8, "row"))?
        .trim();
    if text.bytes().all(|b| b.is_ascii_digit()) && !text.is_empty() {
        return parse_country(text.as_bytes()).map_err(|e| {
            let (reason, field) = rejection(&[(Some(e), "country")]);
            Fate::Rejected(reason, field)
        });
    }
    countries
        .by_iso3(text)
        .map(|c| c.code)
        .ok_or_else(|| Fate::UnknownCountry(text.to_string()))
}

fn classify(
    record: &csv::ByteRecord,
    width: usize,
    at: &Positions,
    scale: i32,
    countries: &CountryTable,
    filter: &RowFilter,
) -> Result<Row, Fate> {
    if record.len() != width {
        return Err(Fate::Rejected(Reason::WrongFieldCount, "row"));
    }
    let field = |i: usize| record.get(i).unwrap_or_default();
    let year = parse_code(field(at.year), 9999);
    let value = parse_scaled(field(at.value), scale);
    let quantity = at
        .quantity
        .map_or(Ok(None), |q| parse_optional(field(q), 0));
    let (year, value, quantity) = match (year, value, quantity) {
        (Ok(t), Ok(v), Ok(q)) => (t, v, q),
        (t, v, q) => {
            let (reason, field) =
                rejection(&[(t.err(), "year"), (v.err(), "value"), (q.err(), "quantity")]);
            return Err(Fate::Rejected(reason, field));
        }
    };
    if !(1900..=2100).contains(&year) {
        return Err(Fate::Rejected(Reason::CodeOutOfRange, "year"));
    }
    let exporter = filter.recode(country(field(at.exporter), countries)?);
    let importer = filter.recode(country(field(at.importer), countries)?);
    let product = std::str::from_utf8(field(at.product))
        .ok()
        .and_then(|p| Hs6::parse(p.trim()));
    let year = Year(year as u16);
    if let Some(reason) = filter.exclusion(year, exporter, importer, product.is_some(), value) {
        return Err(Fate::of_exclusion(reason, filter, exporter, importer));
    }
    let Some(product) = product else {
        return Err(Fate::Excluded(Reason::NonHs6Code));
    };
    Ok((year, exporter, importer, product, value, quantity))
}
