//! What every trade reader shares: [`TradeDataset`] (a trade table with its country
//! table, descriptions and [`IngestReport`]), [`ReadOptions`], the exclusion rules of
//! METHODS §1.1 applied to each row (`RowFilter`), strict reading and the choice of the
//! country table. The readers (`baci`, `comtrade`, `cache`) use this module, and
//! `dataset` uses the readers, so no two modules use each other.

use crate::reference::{HsEdition, IdealPoint, ReferenceDir};
use crate::{IngestError, IngestReport, Reason};
use chainlens_model::{
    CanonicalFlows, CountryCode, CountryStatus, CountryTable, CountryVec, ProductDescriptions,
    ProductSet, TradeFlows, Year, YearWindow,
};

/// A trade table and everything needed to label and audit it.
#[derive(Clone, Debug)]
pub struct TradeDataset {
    /// The flows, canonical order, no duplicate keys, values in USD.
    pub flows: CanonicalFlows,
    /// The country table the flows were filtered with.
    pub countries: CountryTable,
    /// HS6 descriptions (BACI's own product table when the input had one).
    pub descriptions: ProductDescriptions,
    /// HS edition of the product codes.
    pub edition: HsEdition,
    /// The dataset's own universe of intermediate goods, when it carries one (the
    /// SYNTHETIC default does: `intermediate_goods_V*.csv`); else the HS -> BEC rule applies.
    pub universe: Option<ProductSet>,
    /// The dataset's own UN General Assembly ideal points, when it carries them (the
    /// SYNTHETIC default's are synthetic: `ideal_points_V*.csv`).
    pub ideal_points: Option<Vec<IdealPoint>>,
    /// How the input was read.
    pub report: IngestReport,
}

/// Which Comtrade flow becomes the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ComtradeView {
    /// Imports (`flowCode` M): importer = reporter, exporter = partner. The default.
    #[default]
    Imports,
    /// Exports (`flowCode` X): exporter = reporter, importer = partner.
    Exports,
}

/// Receives `(file, bytes read, file size)` while a file is read; the readers never draw.
#[derive(Clone)]
pub struct ReadProgress(pub std::sync::Arc<ProgressFn>);

/// The callback of [`ReadProgress`]: file, bytes read, file size.
pub type ProgressFn = dyn Fn(&str, u64, u64) + Send + Sync;

impl std::fmt::Debug for ReadProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReadProgress")
    }
}

/// How to read an input.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// A country table replacing the input's own and the ISO one.
    pub countries: Option<CountryTable>,
    /// The reference data directory (default: [`ReferenceDir::from_env`]).
    pub reference: Option<ReferenceDir>,
    /// Keep only these years (others are counted as `outside_window`).
    pub window: Option<YearWindow>,
    /// Turn the first rejected row into an error.
    pub strict: bool,
    /// Told how far each large file has been read (the face draws it; none by default).
    pub progress: Option<ReadProgress>,
    /// The Comtrade flow to read.
    pub comtrade_view: ComtradeView,
    /// The HS edition of the codes, replacing what the file names or columns say.
    pub edition: Option<HsEdition>,
    /// Read the input as a generic bilateral CSV with these columns.
    pub columns: Option<crate::bilateral::ColumnMap>,
}

/// The exclusion rules of METHODS §1.1, in the order the report lists them, and the
/// recoding of a country's older codes to the one its flows are filed under
/// ([`CountryTable::primary`]: BACI's 381 Italy becomes 380).
pub(crate) struct RowFilter<'a> {
    countries: &'a CountryTable,
    window: Option<YearWindow>,
    primary: CountryVec<CountryCode>,
}

impl<'a> RowFilter<'a> {
    /// The filter of a country table and an optional window.
    pub fn new(countries: &'a CountryTable, window: Option<YearWindow>) -> Self {
        let primary = CountryVec::from_fn(|c| countries.primary(c));
        Self {
            countries,
            window,
            primary,
        }
    }

    /// The code a flow of `code` is filed under.
    pub fn recode(&self, code: CountryCode) -> CountryCode {
        self.primary[code]
    }

    /// The first of two codes that the country table does not know.
    pub fn unknown_of(&self, exporter: CountryCode, importer: CountryCode) -> CountryCode {
        if self.countries.status(exporter) == CountryStatus::Unknown {
            exporter
        } else {
            importer
        }
    }

    /// The exclusion that applies to a readable row, if any.
    pub fn exclusion(
        &self,
        year: Year,
        exporter: CountryCode,
        importer: CountryCode,
        is_hs6: bool,
        value: f64,
    ) -> Option<Reason> {
        let statuses = [
            self.countries.status(exporter),
            self.countries.status(importer),
        ];
        if value <= 0.0 {
            Some(Reason::NonpositiveValue)
        } else if exporter == importer {
            Some(Reason::SelfTrade)
        } else if statuses.contains(&CountryStatus::Unknown) {
            Some(Reason::UnknownCountry)
        } else if statuses.contains(&CountryStatus::Aggregate) {
            Some(Reason::AggregateCountry)
        } else if !is_hs6 {
            Some(Reason::NonHs6Code)
        } else if self.window.is_some_and(|w| !w.contains(year)) {
            Some(Reason::OutsideWindow)
        } else {
            None
        }
    }
}

/// Why a data line did not become a row.
pub(crate) enum Fate {
    /// Unreadable: the reason and the field at fault.
    Rejected(Reason, &'static str),
    /// Readable but excluded by a rule of METHODS §1.1.
    Excluded(Reason),
    /// Excluded because this country (a numeric code, or the ISO3 of a bilateral CSV) is
    /// not in the country table.
    UnknownCountry(String),
}

impl Fate {
    /// The fate of a readable row that `exclusion` excluded.
    pub fn of_exclusion(
        reason: Reason,
        filter: &RowFilter,
        exporter: CountryCode,
        importer: CountryCode,
    ) -> Self {
        match reason {
            Reason::UnknownCountry => {
                Self::UnknownCountry(filter.unknown_of(exporter, importer).to_string())
            }
            reason => Self::Excluded(reason),
        }
    }
}

/// A row of a trade table: year, exporter, importer, product, value (USD), quantity.
pub(crate) type Row = (
    Year,
    CountryCode,
    CountryCode,
    chainlens_model::Hs6,
    f64,
    Option<f64>,
);

/// Files one CSV record's outcome: the row into `flows`, or its reason into `report`
/// (a rejected record with its line and raw text, for `rejects.csv`).
pub(crate) fn tally(
    outcome: Result<Row, Fate>,
    record: &csv::ByteRecord,
    label: &str,
    flows: &mut TradeFlows,
    report: &mut IngestReport,
) {
    match outcome {
        Ok((year, exporter, importer, product, value, quantity)) => {
            report.rows_used += 1;
            flows.push(year, exporter, importer, product, value, quantity);
        }
        Err(Fate::Excluded(reason)) => report.count(reason),
        Err(Fate::UnknownCountry(name)) => report.count_unknown(&name),
        Err(Fate::Rejected(reason, field)) => {
            report.count(reason);
            let raw: Vec<String> = record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            report.rejects.push(crate::RejectedRow {
                file: label.into(),
                line: record.position().map_or(0, |p| p.line()),
                reason,
                field,
                raw: raw.join(","),
            });
        }
    }
}

/// The dataset a CSV reader (Comtrade, bilateral) read: strictness applied, flows in
/// canonical order, the edition's descriptions from the reference data.
pub(crate) fn finish_csv(
    flows: TradeFlows,
    mut report: IngestReport,
    countries: CountryTable,
    edition: HsEdition,
    options: &ReadOptions,
) -> Result<TradeDataset, IngestError> {
    check_strict(&report, options.strict)?;
    let flows = crate::canonical::canonicalize(flows, &mut report);
    Ok(TradeDataset {
        flows,
        countries,
        descriptions: reference_descriptions(options, edition),
        edition,
        universe: None,
        ideal_points: None,
        report,
    })
}

/// Reads the next record of a CSV file; `false` at its end, an error naming the line of
/// a record the CSV reader cannot read.
pub(crate) fn next_record<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    record: &mut csv::ByteRecord,
    path: &std::path::Path,
) -> Result<bool, IngestError> {
    reader
        .read_byte_record(record)
        .map_err(|e| IngestError::Row {
            path: path.into(),
            line: e.position().map_or(0, |p| p.line()),
            field: "row".into(),
            message: e.to_string(),
        })
}

/// Fails with the first rejected row, or else the first truncated last line, when `strict`
/// is set.
pub(crate) fn check_strict(report: &IngestReport, strict: bool) -> Result<(), IngestError> {
    if !strict {
        return Ok(());
    }
    if let Some(r) = report.rejects.first() {
        return Err(IngestError::Row {
            path: r.file.clone().into(),
            line: r.line,
            field: r.field.into(),
            message: format!("{} (rejected under --strict): {}", r.reason.key(), r.raw),
        });
    }
    match report.truncated_last_line.first() {
        Some(t) => Err(IngestError::Row {
            path: t.file.clone().into(),
            line: t.line,
            field: "row".into(),
            message:
                "truncated_last_line (rejected under --strict): the file ends inside this line"
                    .into(),
        }),
        None => Ok(()),
    }
}

impl ReadOptions {
    /// The reference data directory these options read.
    pub fn reference_dir(&self) -> ReferenceDir {
        self.reference
            .clone()
            .unwrap_or_else(ReferenceDir::from_env)
    }
}

/// The country table to filter with: the user's, else the input's own, else ISO 3166-1
/// numeric codes with BACI's exceptions, from the reference data.
pub(crate) fn choose_countries(
    options: &ReadOptions,
    own: Option<CountryTable>,
) -> Result<CountryTable, IngestError> {
    match options.countries.clone().or(own) {
        Some(table) => Ok(table),
        None => options.reference_dir().iso_countries(),
    }
}

/// Applies `--countries` and `--years` to a dataset read from a cache, as the readers
/// apply them to raw files: flows recoded through the new table and excluded, and
/// counted, when their country is unknown or an aggregate there or their year is outside
/// the window. (A cache row that merged several input lines counts as one.)
pub(crate) fn apply_to_cache(
    mut data: TradeDataset,
    options: &ReadOptions,
) -> Result<TradeDataset, IngestError> {
    if options.countries.is_none() && options.window.is_none() {
        return Ok(data);
    }
    let countries = options.countries.clone().unwrap_or(data.countries);
    let filter = RowFilter::new(&countries, options.window);
    let old = std::mem::take(&mut data.flows).into_inner();
    let mut flows = TradeFlows::with_capacity(old.len());
    let report = &mut data.report;
    for i in 0..old.len() {
        let (e, m) = (
            filter.recode(old.exporter[i]),
            filter.recode(old.importer[i]),
        );
        let (year, value) = (old.year[i], old.value[i]);
        match filter.exclusion(year, e, m, true, value) {
            None => {
                let q = old.quantity[i];
                flows.push(
                    year,
                    e,
                    m,
                    old.product[i],
                    value,
                    (!q.is_nan()).then_some(q),
                );
            }
            Some(reason) => {
                report.rows_used -= 1;
                match Fate::of_exclusion(reason, &filter, e, m) {
                    Fate::UnknownCountry(name) => report.count_unknown(&name),
                    _ => report.count(reason),
                }
            }
        }
    }
    check_strict(report, options.strict)?;
    data.flows = crate::canonical::canonicalize(flows, report);
    data.countries = countries;
    Ok(data)
}

/// The descriptions of an edition from the reference data, or none when it is not
/// installed (descriptions label results; they change no number).
pub(crate) fn reference_descriptions(
    options: &ReadOptions,
    edition: HsEdition,
) -> ProductDescriptions {
    options
        .reference_dir()
        .descriptions(edition)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusions_apply_in_documented_order() {
        let countries = crate::reference::test_countries();
        let filter = RowFilter::new(&countries, YearWindow::parse("2017"));
        let (chn, usa, world, unknown) = (
            CountryCode::new(156).unwrap(),
            CountryCode::new(842).unwrap(),
            CountryCode::new(0).unwrap(),
            CountryCode::new(1).unwrap(),
        );
        let y = Year(2017);
        assert_eq!(filter.exclusion(y, chn, usa, true, 1.0), None);
        assert_eq!(
            filter.exclusion(y, chn, chn, false, 0.0),
            Some(Reason::NonpositiveValue)
        );
        assert_eq!(
            filter.exclusion(y, chn, chn, false, 1.0),
            Some(Reason::SelfTrade)
        );
        assert_eq!(
            filter.exclusion(y, unknown, world, false, 1.0),
            Some(Reason::UnknownCountry)
        );
        assert_eq!(
            filter.exclusion(y, chn, world, false, 1.0),
            Some(Reason::AggregateCountry)
        );
        assert_eq!(
            filter.exclusion(y, chn, usa, false, 1.0),
            Some(Reason::NonHs6Code)
        );
        assert_eq!(
            filter.exclusion(Year(2018), chn, usa, true, 1.0),
            Some(Reason::OutsideWindow)
        );
    }
}
