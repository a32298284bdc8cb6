//! The UN Comtrade reader: the CSV of Comtrade's bulk download and API (`refYear,
//! reporterCode, partnerCode, flowCode, cmdCode, aggrLevel, primaryValue, netWgt, ...`)
//! and the legacy bulk layout (`Year, Reporter Code, Partner Code, Trade Flow Code,
//! Commodity Code, Trade Value (US$), Netweight (kg)`). Imports are the default view
//! (importer = reporter, exporter = partner); World (0) and other aggregate partners,
//! commodity rows that are not HS6, other flows and customs/transport/second-partner
//! breakdown rows are excluded and counted. Net weight (kg) becomes tonnes.

use crate::numbers::{parse_code, parse_country, parse_optional, parse_scaled, rejection, unquote};
use crate::read::{
    ComtradeView, Fate, Row, RowFilter, TradeDataset, choose_countries, finish_csv, next_record,
    tally,
};
use crate::reference;
use crate::truncation::looks_truncated;
use crate::{IngestError, IngestReport, ReadOptions, Reason, TruncatedLine};
use chainlens_model::{Hs6, TradeFlows, Year};
use std::path::Path;

/// Column positions found in a header.
struct Columns {
    year: usize,
    reporter: usize,
    partner: usize,
    flow: usize,
    commodity: usize,
    value: usize,
    weight: Option<usize>,
    aggregation_level: Option<usize>,
    breakdowns: Vec<usize>,
    /// `classificationCode` (`H5` is HS2017), which names the HS edition.
    classification: Option<usize>,
}

fn find(headers: &csv::ByteRecord, names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| {
        let h = String::from_utf8_lossy(unquote(h)).to_ascii_lowercase();
        let h = h.trim_start_matches('\u{feff}');
        names.iter().any(|n| h == n.to_ascii_lowercase())
    })
}

impl Columns {
    fn new(headers: &csv::ByteRecord, path: &Path) -> Result<Self, IngestError> {
        let need = |names: &[&str]| {
            find(headers, names).ok_or_else(|| IngestError::Header {
                path: path.into(),
                message: format!(
                    "no column `{}` of a UN Comtrade CSV (for another bilateral CSV give --columns exporter=COL,importer=COL,product=COL,year=COL,value=COL)",
                    names[0]
                ),
            })
        };
        Ok(Self {
            year: need(&["refYear", "period", "yr", "Year"])?,
            reporter: need(&["reporterCode", "rtCode", "Reporter Code"])?,
            partner: need(&["partnerCode", "ptCode", "Partner Code"])?,
            flow: need(&["flowCode", "rgCode", "Trade Flow Code"])?,
            commodity: need(&["cmdCode", "Commodity Code"])?,
            value: need(&["primaryValue", "TradeValue", "Trade Value (US$)"])?,
            weight: find(headers, &["netWgt", "NetWeight", "Netweight (kg)"]),
            aggregation_level: find(headers, &["aggrLevel", "Aggregate Level"]),
            breakdowns: ["partner2Code", "customsCode", "motCode"]
                .iter()
                .filter_map(|n| find(headers, &[n]))
                .collect(),
            classification: find(headers, &["classificationCode", "clCode", "Classification"]),
        })
    }
}

/// Whether a breakdown field holds its "total" value (0, C00, blank).
fn is_total(field: &[u8]) -> bool {
    matches!(unquote(field), b"" | b"0" | b"C00" | b"TOTAL")
}

/// Reads one or more Comtrade CSV files into one dataset.
pub fn read(paths: &[&Path], options: &ReadOptions) -> Result<TradeDataset, IngestError> {
    let countries = choose_countries(options, None)?;
    let filter = RowFilter::new(&countries, options.window);
    let mut flows = TradeFlows::default();
    let mut report = IngestReport::default();
    let mut editions = std::collections::BTreeSet::new();
    for &path in paths {
        let edition = read_file(
            path,
            &filter,
            options.comtrade_view,
            &mut flows,
            &mut report,
        )?;
        editions.extend(edition);
    }
    if editions.len() > 1 && options.edition.is_none() {
        return Err(IngestError::MixedEditions {
            path: paths[0].into(),
            editions: editions
                .iter()
                .map(|e| e.name())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let edition = options
        .edition
        .or_else(|| editions.first().copied())
        .unwrap_or_default();
    finish_csv(flows, report, countries, edition, options)
}

fn read_file(
    path: &Path,
    filter: &RowFilter,
    view: ComtradeView,
    flows: &mut TradeFlows,
    report: &mut IngestReport,
) -> Result<Option<reference::HsEdition>, IngestError> {
    let meta = std::fs::metadata(path).map_err(|e| IngestError::io(path, e))?;
    if meta.len() == 0 {
        return Err(IngestError::EmptyFile { path: path.into() });
    }
    let file = std::fs::File::open(path).map_err(|e| IngestError::io(path, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, file));
    let headers = reader
        .byte_headers()
        .map_err(|e| IngestError::Header {
            path: path.into(),
            message: e.to_string(),
        })?
        .clone();
    let columns = Columns::new(&headers, path)?;
    let label = path.to_string_lossy().into_owned();
    let mut edition = None;
    let mut record = csv::ByteRecord::new();
    // The last two records read, for the truncation check at the end.
    let (mut last, mut before_last) = (csv::ByteRecord::new(), csv::ByteRecord::new());
    while next_record(&mut reader, &mut record, path)? {
        report.rows_read += 1;
        if edition.is_none()
            && let Some(c) = columns.classification
        {
            let code = String::from_utf8_lossy(unquote(record.get(c).unwrap_or_default()));
            edition = reference::HsEdition::parse(&code);
        }
        let outcome = classify(&record, headers.len(), &columns, filter, view);
        tally(outcome, &record, &label, flows, report);
        std::mem::swap(&mut before_last, &mut last);
        std::mem::swap(&mut last, &mut record);
    }
    if !ends_with_newline(path)? && !before_last.is_empty() {
        let (before, after): (Vec<&[u8]>, Vec<&[u8]>) =
            (before_last.iter().collect(), last.iter().collect());
        if looks_truncated(&before, &after) {
            report.truncated_last_line.push(TruncatedLine {
                file: label,
                line: last.position().map_or(0, |p| p.line()),
            });
        }
    }
    Ok(edition)
}

/// Whether the file's last byte is a newline (an empty file has none).
fn ends_with_newline(path: &Path) -> Result<bool, IngestError> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).map_err(|e| IngestError::io(path, e))?;
    let mut byte = [0u8];
    file.seek(SeekFrom::End(-1))
        .and_then(|_| file.read_exact(&mut byte))
        .map_err(|e| IngestError::io(path, e))?;
    Ok(byte[0] == b'\n')
}

fn classify(
    record: &csv::ByteRecord,
    width: usize,
    c: &Columns,
    filter: &RowFilter,
    view: ComtradeView,
) -> Result<Row, Fate> {
    if record.len() != width {
        return Err(Fate::Rejected(Reason::WrongFieldCount, "row"));
    }
    let field = |i: usize| record.get(i).unwrap_or_default();
    let year = parse_code(field(c.year), 9999);
    let reporter = parse_country(field(c.reporter));
    let partner = parse_country(field(c.partner));
    let value = parse_scaled(field(c.value), 0);
    let weight = c.weight.map_or(Ok(None), |w| parse_optional(field(w), -3));
    let (year, reporter, partner, value, weight) = match (year, reporter, partner, value, weight) {
        (Ok(t), Ok(r), Ok(p), Ok(v), Ok(w)) => (t, r, p, v, w),
        (t, r, p, v, w) => {
            let (reason, field) = rejection(&[
                (t.err(), "refYear"),
                (r.err(), "reporterCode"),
                (p.err(), "partnerCode"),
                (v.err(), "primaryValue"),
                (w.err(), "netWgt"),
            ]);
            return Err(Fate::Rejected(reason, field));
        }
    };
    if !(1900..=2100).contains(&year) {
        return Err(Fate::Rejected(Reason::CodeOutOfRange, "refYear"));
    }
    if std::str::from_utf8(record.as_slice()).is_err() {
        return Err(Fate::Rejected(Reason::BadUtf8, "row"));
    }
    let (reporter, partner) = (filter.recode(reporter), filter.recode(partner));
    let (exporter, importer) = match view {
        ComtradeView::Imports => (partner, reporter),
        ComtradeView::Exports => (reporter, partner),
    };
    let commodity = unquote(field(c.commodity));
    let level_ok = c
        .aggregation_level
        .is_none_or(|l| matches!(unquote(field(l)), b"6" | b""));
    let product = std::str::from_utf8(commodity)
        .ok()
        .and_then(Hs6::parse)
        .filter(|_| level_ok);
    let year = Year(year as u16);
    if let Some(reason) = filter.exclusion(year, exporter, importer, product.is_some(), value) {
        return Err(Fate::of_exclusion(reason, filter, exporter, importer));
    }
    let wanted_flow: &[&[u8]] = match view {
        ComtradeView::Imports => &[b"M", b"1"],
        ComtradeView::Exports => &[b"X", b"2"],
    };
    if !wanted_flow.contains(&unquote(field(c.flow))) {
        return Err(Fate::Excluded(Reason::OtherFlow));
    }
    if c.breakdowns.iter().any(|&b| !is_total(field(b))) {
        return Err(Fate::Excluded(Reason::ComtradeBreakdown));
    }
    // The filter has excluded rows without an HS6 code.
    let Some(product) = product else {
        return Err(Fate::Excluded(Reason::NonHs6Code));
    };
    Ok((year, exporter, importer, product, value, weight))
}
