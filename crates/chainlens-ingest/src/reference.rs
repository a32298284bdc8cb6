//! Reference tables compiled into the binary (provenance in `data/reference/README.md`)
//! and their parsers, which also read a user's replacement file of the same layout:
//! the country table, HS6 -> BEC Rev.4 (which marks intermediate goods, METHODS §1.1),
//! HS descriptions, and plain lists of HS6 codes.

use crate::IngestError;
use chainlens_model::{
    BecCode, Country, CountryCode, CountryTable, EndUse, Hs6, ProductDescriptions, ProductSet,
};
use std::collections::BTreeMap;
use std::path::Path;

const BACI_COUNTRIES: &str = include_str!("../../../data/reference/baci_country_codes_V202201.csv");
const AGGREGATES: &str = include_str!("../../../data/reference/aggregate_codes.csv");
const HS2012_BEC: &str = include_str!("../../../data/reference/hs2012_bec4.csv");
const HS2017_BEC: &str = include_str!("../../../data/reference/hs2017_bec4.csv");
const HS2022_BEC: &str = include_str!("../../../data/reference/hs2022_bec4.csv");
const UNGA_IDEAL_POINTS: &str =
    include_str!("../../../data/reference/unga_ideal_points_jun2024.csv");
const HS2012_DESC: &str =
    include_str!("../../../data/reference/hs2012_descriptions_from_comtrade.csv");
const HS2017_DESC: &str =
    include_str!("../../../data/reference/hs2017_descriptions_from_comtrade.csv");
const HS2022_DESC: &str =
    include_str!("../../../data/reference/hs2022_descriptions_from_comtrade.csv");

/// The Taiwan code of BACI and Comtrade ("Other Asia, nes").
const TAIWAN: u16 = 490;

/// HS editions with shipped BEC and description tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum HsEdition {
    /// HS2012 (BACI `HS12`).
    Hs2012,
    /// HS2017 (BACI `HS17`), the default: the source's 2017-2018 analysis used it.
    #[default]
    Hs2017,
    /// HS2022 (BACI `HS22`).
    Hs2022,
}

impl HsEdition {
    /// The edition a BACI file-name revision (`HS17`, `17`) names, if one is shipped.
    pub fn from_baci_revision(revision: &str) -> Option<Self> {
        match revision.trim_start_matches("HS") {
            "12" => Some(Self::Hs2012),
            "17" => Some(Self::Hs2017),
            "22" => Some(Self::Hs2022),
            _ => None,
        }
    }

    fn bec_text(self) -> &'static str {
        match self {
            Self::Hs2012 => HS2012_BEC,
            Self::Hs2017 => HS2017_BEC,
            Self::Hs2022 => HS2022_BEC,
        }
    }

    fn description_text(self) -> &'static str {
        match self {
            Self::Hs2012 => HS2012_DESC,
            Self::Hs2017 => HS2017_DESC,
            Self::Hs2022 => HS2022_DESC,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Hs2012 => "<embedded>/hs2012_bec4.csv",
            Self::Hs2017 => "<embedded>/hs2017_bec4.csv",
            Self::Hs2022 => "<embedded>/hs2022_bec4.csv",
        }
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(strip_bom(text).as_bytes())
}

/// Looks up a column by any of its accepted names (case-insensitive).
fn column(headers: &csv::StringRecord, names: &[&str], path: &Path) -> Result<usize, IngestError> {
    headers
        .iter()
        .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
        .ok_or_else(|| IngestError::Header {
            path: path.into(),
            message: format!(
                "no column `{}` (found: {})",
                names[0],
                headers.iter().collect::<Vec<_>>().join(",")
            ),
        })
}

/// Refuses a row whose field count differs from the header's: a row cut short (`4,Afghanistan`
/// under a five-column header) must not read its missing fields as blanks.
fn check_width(
    record: &csv::StringRecord,
    headers: &csv::StringRecord,
    path: &Path,
    line: u64,
) -> Result<(), IngestError> {
    if record.len() == headers.len() {
        return Ok(());
    }
    Err(row_error(
        path,
        line,
        "row",
        format!(
            "{} fields, the header has {} ({})",
            record.len(),
            headers.len(),
            headers.iter().collect::<Vec<_>>().join(",")
        ),
    ))
}

fn row_error(path: &Path, line: u64, field: &str, message: String) -> IngestError {
    IngestError::Row {
        path: path.into(),
        line,
        field: field.into(),
        message,
    }
}

/// Parses a country table: BACI's own layout (V202201 `country_code,...,iso_3digit_alpha`
/// or V2024+ `country_code,country_name,country_iso2,country_iso3`) or chainlens'
/// `code,iso2,iso3,name,aggregate`. Rows without an ISO3 (`N/A`) are aggregates, except 490
/// (Taiwan, `TWN`). The embedded aggregate codes (World, Areas nes, ...) are added when absent.
/// A row with more or fewer fields than the header is an error naming its line.
pub fn parse_country_table(text: &str, path: &Path) -> Result<CountryTable, IngestError> {
    let mut reader = csv_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| row_error(path, 1, "header", e.to_string()))?
        .clone();
    let code_col = column(&headers, &["country_code", "code"], path)?;
    let iso3_col = column(
        &headers,
        &["iso_3digit_alpha", "country_iso3", "iso3"],
        path,
    )?;
    let iso2_col = column(
        &headers,
        &["iso_2digit_alpha", "country_iso2", "iso2"],
        path,
    )?;
    let name_col = column(
        &headers,
        &["country_name_abbreviation", "country_name", "name"],
        path,
    )?;
    let aggregate_col = column(&headers, &["aggregate"], path).ok();
    let mut rows: BTreeMap<u16, Country> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|e| row_error(path, line, "row", e.to_string()))?;
        check_width(&record, &headers, path, line)?;
        let field = |c: usize| record.get(c).unwrap_or("").trim();
        let code: u16 = field(code_col)
            .parse()
            .ok()
            .filter(|&c| c <= CountryCode::MAX)
            .ok_or_else(|| {
                row_error(
                    path,
                    line,
                    "country_code",
                    format!("`{}` is not a code 0-999", field(code_col)),
                )
            })?;
        let no_iso = |s: &str| s.is_empty() || s == "N/A" || s == "NA";
        let (mut iso2, mut iso3) = (field(iso2_col).to_string(), field(iso3_col).to_string());
        let mut aggregate = match aggregate_col {
            Some(c) => field(c).eq_ignore_ascii_case("true"),
            None => no_iso(&iso3),
        };
        if code == TAIWAN && no_iso(&iso3) {
            (iso2, iso3, aggregate) = ("TW".into(), "TWN".into(), false);
        }
        if no_iso(&iso2) {
            iso2.clear();
        }
        if no_iso(&iso3) {
            iso3.clear();
        }
        let country = Country {
            code: CountryCode(code),
            iso2,
            iso3,
            name: field(name_col).to_string(),
            aggregate,
        };
        if rows.insert(code, country).is_some() {
            return Err(row_error(
                path,
                line,
                "country_code",
                format!("code {code} appears twice"),
            ));
        }
    }
    for record in csv_reader(AGGREGATES).records() {
        let record = record.expect("embedded aggregate table is valid CSV");
        let code: u16 = record[0]
            .parse()
            .expect("embedded aggregate codes are numbers");
        rows.entry(code)
            .and_modify(|c| c.aggregate = true)
            .or_insert_with(|| Country {
                code: CountryCode(code),
                iso2: String::new(),
                iso3: String::new(),
                name: record[1].to_string(),
                aggregate: true,
            });
    }
    CountryTable::new(rows.into_values().collect())
        .map_err(|e| row_error(path, 0, "country_code", e.to_string()))
}

/// The embedded country table: BACI V202201 plus the aggregate codes.
pub fn embedded_countries() -> CountryTable {
    parse_country_table(
        BACI_COUNTRIES,
        Path::new("<embedded>/baci_country_codes_V202201.csv"),
    )
    .expect("embedded country table is valid")
}

/// Writes a country table in chainlens' own layout `code,iso2,iso3,name,aggregate`.
pub fn country_table_csv(table: &CountryTable) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["code", "iso2", "iso3", "name", "aggregate"])
        .expect("memory");
    for c in table.iter() {
        out.write_record([
            c.code.to_string().as_str(),
            &c.iso2,
            &c.iso3,
            &c.name,
            if c.aggregate { "true" } else { "false" },
        ])
        .expect("memory");
    }
    String::from_utf8(out.into_inner().expect("memory")).expect("utf-8")
}

/// One HS6 -> BEC pair of a correspondence table.
pub type HsBecPair = (Hs6, BecCode);

/// Parses an HS -> BEC Rev.4 table (`HS 2017,BEC,Relationship` and the other UNSD
/// layouts): HS6 in the first column, BEC in the second. Empty lines (`,,`) and
/// non-numeric BEC codes (`n/a`) are skipped; an HS6 code that is not 6 digits is an error.
/// The header is optional: a first line whose first field is a 6-digit code is a pair, so a
/// file without a header keeps its first pair.
pub fn parse_hs_bec(text: &str, path: &Path) -> Result<Vec<HsBecPair>, IngestError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(strip_bom(text).as_bytes());
    let mut pairs = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 1;
        let record = record.map_err(|e| row_error(path, line, "row", e.to_string()))?;
        let hs = record.get(0).unwrap_or("").trim();
        let bec = record.get(1).unwrap_or("").trim();
        let is_code = Hs6::parse_six(hs).is_some();
        if (line == 1 && !is_code) || (hs.is_empty() && bec.is_empty()) {
            continue; // the header, or a blank line
        }
        let code = Hs6::parse_six(hs).ok_or_else(|| {
            row_error(
                path,
                line,
                "hs6",
                format!("`{hs}` is not a 6-digit HS code"),
            )
        })?;
        if let Ok(b) = bec.parse::<u16>() {
            pairs.push((code, BecCode(b)));
        }
    }
    Ok(pairs)
}

/// The embedded HS -> BEC table of an edition.
pub fn embedded_hs_bec(edition: HsEdition) -> Vec<HsBecPair> {
    parse_hs_bec(edition.bec_text(), Path::new(edition.label())).expect("embedded table is valid")
}

/// Intermediate goods (METHODS §1.1): codes with ANY intermediate BEC code.
pub fn intermediate_goods(pairs: &[HsBecPair]) -> ProductSet {
    pairs
        .iter()
        .filter(|(_, bec)| bec.end_use() == EndUse::Intermediate)
        .map(|&(hs, _)| hs)
        .collect()
}

/// Parses HS descriptions: the Comtrade-derived `code,level,parent,description` layout
/// (only 6-digit codes kept) or BACI's `code,description`.
pub fn parse_descriptions(text: &str, path: &Path) -> Result<ProductDescriptions, IngestError> {
    let mut reader = csv_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| row_error(path, 1, "header", e.to_string()))?
        .clone();
    let code_col = column(&headers, &["code", "hs6", "k"], path)?;
    let desc_col = column(&headers, &["description", "desc"], path)?;
    let mut out = ProductDescriptions::default();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|e| row_error(path, line, "row", e.to_string()))?;
        let code = record.get(code_col).unwrap_or("").trim();
        if code.len() != 6 && code.len() != 5 {
            continue; // headings and chapters in BACI's product table
        }
        let hs = Hs6::parse(code)
            .ok_or_else(|| row_error(path, line, "code", format!("`{code}` is not an HS6 code")))?;
        out.by_code
            .insert(hs, record.get(desc_col).unwrap_or("").trim().to_string());
    }
    Ok(out)
}

/// The embedded descriptions of an edition.
pub fn embedded_descriptions(edition: HsEdition) -> ProductDescriptions {
    parse_descriptions(
        edition.description_text(),
        Path::new("<embedded>/descriptions.csv"),
    )
    .expect("embedded descriptions are valid")
}

/// Parses a list of HS6 codes from a CSV with a column `hs6` (or `code`), such as an
/// `--intermediate-goods` override. Every code must be 5 or 6 digits.
pub fn parse_product_list(text: &str, path: &Path) -> Result<ProductSet, IngestError> {
    let mut reader = csv_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| row_error(path, 1, "header", e.to_string()))?
        .clone();
    let col = column(&headers, &["hs6", "code"], path)?;
    let mut set = ProductSet::default();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|e| row_error(path, line, "row", e.to_string()))?;
        let code = record.get(col).unwrap_or("").trim();
        let hs = Hs6::parse(code)
            .ok_or_else(|| row_error(path, line, "hs6", format!("`{code}` is not an HS6 code")))?;
        set.insert(hs);
    }
    if set.is_empty() {
        return Err(row_error(
            path,
            2,
            "hs6",
            "the list holds no HS6 code".into(),
        ));
    }
    Ok(set)
}

/// One UN General Assembly ideal point: ISO3, session, estimate.
pub type IdealPoint = (String, u16, f64);

/// Parses ideal points (`iso3,session,ideal_point`, or the Dataverse file's
/// `iso3c,session,IdealPointAll` columns); rows with `NA` are skipped.
pub fn parse_ideal_points(text: &str, path: &Path) -> Result<Vec<IdealPoint>, IngestError> {
    let mut reader = csv_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| row_error(path, 1, "header", e.to_string()))?
        .clone();
    let iso = column(&headers, &["iso3", "iso3c"], path)?;
    let session = column(&headers, &["session"], path)?;
    let point = column(&headers, &["ideal_point", "IdealPointAll"], path)?;
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|e| row_error(path, line, "row", e.to_string()))?;
        let (code, value) = (
            record.get(iso).unwrap_or("").trim(),
            record.get(point).unwrap_or("").trim(),
        );
        if code.is_empty() || code == "NA" || value == "NA" {
            continue;
        }
        let s = record.get(session).unwrap_or("").trim();
        let s: u16 = s.parse().map_err(|_| {
            row_error(
                path,
                line,
                "session",
                format!("`{s}` is not a session number"),
            )
        })?;
        let v: f64 = value
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| {
                row_error(
                    path,
                    line,
                    "ideal_point",
                    format!("`{value}` is not a number"),
                )
            })?;
        out.push((code.to_string(), s, v));
    }
    Ok(out)
}

/// The embedded ideal points (Bailey, Strezhnev & Voeten, June 2024 release).
pub fn embedded_ideal_points() -> Vec<IdealPoint> {
    parse_ideal_points(
        UNGA_IDEAL_POINTS,
        Path::new("<embedded>/unga_ideal_points_jun2024.csv"),
    )
    .expect("embedded ideal points are valid")
}

/// A user's political distance file.
#[derive(Clone, Debug, PartialEq)]
pub enum DistanceFile {
    /// `iso3_a,iso3_b,distance` rows, distances in `[0,1]`.
    Pairs(Vec<(String, String, f64)>),
    /// `iso3,bloc` rows: 0 inside a bloc, 1 across.
    Blocs(Vec<(String, String)>),
}

/// A distance file with its ISO3 codes resolved against a country table.
#[derive(Clone, Debug, PartialEq)]
pub enum ResolvedDistances {
    /// `(a, b, distance)`, one row per pair of codes the two ISO3 name.
    Pairs(Vec<(CountryCode, CountryCode, f64)>),
    /// `(code, bloc)`, one row per code the ISO3 names.
    Blocs(Vec<(CountryCode, String)>),
}

/// The rows of a distance file with their line numbers.
enum DistanceRows {
    Pairs(Vec<(u64, String, String, f64)>),
    Blocs(Vec<(u64, String, String)>),
}

/// Parses a distance file: pairs (`iso3_a,iso3_b,distance`) or a bloc table (`iso3,bloc`).
/// A row with more or fewer fields than the header is an error naming its line.
pub fn parse_distance_file(text: &str, path: &Path) -> Result<DistanceFile, IngestError> {
    Ok(match distance_rows(text, path)? {
        DistanceRows::Pairs(rows) => {
            DistanceFile::Pairs(rows.into_iter().map(|(_, a, b, d)| (a, b, d)).collect())
        }
        DistanceRows::Blocs(rows) => {
            DistanceFile::Blocs(rows.into_iter().map(|(_, c, b)| (c, b)).collect())
        }
    })
}

/// Parses a distance file and resolves each ISO3 to every non-aggregate code that has it
/// (today's and historical ones, such as 280 and 276 for DEU); an unknown ISO3 is an error
/// naming its line and field.
pub fn resolve_distance_file(
    text: &str,
    path: &Path,
    countries: &CountryTable,
) -> Result<ResolvedDistances, IngestError> {
    let codes = |iso3: &str, line: u64, field: &str| {
        let codes: Vec<CountryCode> = countries
            .iter()
            .filter(|c| !c.aggregate && c.iso3.eq_ignore_ascii_case(iso3))
            .map(|c| c.code)
            .collect();
        if codes.is_empty() {
            return Err(row_error(
                path,
                line,
                field,
                format!("unknown country `{iso3}`"),
            ));
        }
        Ok(codes)
    };
    Ok(match distance_rows(text, path)? {
        DistanceRows::Blocs(rows) => {
            let mut members = Vec::new();
            for (line, iso3, bloc) in rows {
                for code in codes(&iso3, line, "iso3")? {
                    members.push((code, bloc.clone()));
                }
            }
            ResolvedDistances::Blocs(members)
        }
        DistanceRows::Pairs(rows) => {
            let mut pairs = Vec::new();
            for (line, a, b, d) in rows {
                let bs = codes(&b, line, "iso3_b")?;
                for ca in codes(&a, line, "iso3_a")? {
                    pairs.extend(bs.iter().map(|&cb| (ca, cb, d)));
                }
            }
            ResolvedDistances::Pairs(pairs)
        }
    })
}

fn distance_rows(text: &str, path: &Path) -> Result<DistanceRows, IngestError> {
    let mut reader = csv_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| row_error(path, 1, "header", e.to_string()))?
        .clone();
    let mut records = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|e| row_error(path, line, "row", e.to_string()))?;
        check_width(&record, &headers, path, line)?;
        records.push((line, record));
    }
    let field = |r: &csv::StringRecord, c: usize| r.get(c).unwrap_or("").trim().to_string();
    if let Ok(bloc) = column(&headers, &["bloc"], path) {
        let iso = column(&headers, &["iso3"], path)?;
        return Ok(DistanceRows::Blocs(
            records
                .iter()
                .map(|(line, r)| (*line, field(r, iso), field(r, bloc)))
                .collect(),
        ));
    }
    let a = column(&headers, &["iso3_a"], path)?;
    let b = column(&headers, &["iso3_b"], path)?;
    let d = column(&headers, &["distance"], path)?;
    let mut pairs = Vec::with_capacity(records.len());
    for (line, r) in &records {
        let text = field(r, d);
        let value: f64 = text
            .parse()
            .ok()
            .filter(|v| (0.0..=1.0).contains(v))
            .ok_or_else(|| {
                row_error(
                    path,
                    *line,
                    "distance",
                    format!("`{text}` is not a number in [0,1]"),
                )
            })?;
        pairs.push((*line, field(r, a), field(r, b), value));
    }
    Ok(DistanceRows::Pairs(pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hs2017_gives_the_documented_3286_intermediate_goods() {
        // METHODS §1.1: "With the HS2017 table this gives 3,286 intermediate HS6 codes".
        let set = intermediate_goods(&embedded_hs_bec(HsEdition::Hs2017));
        assert_eq!(set.len(), 3286);
        assert!(
            set.contains(Hs6(854231)),
            "processors are intermediate (BEC 42)"
        );
        assert!(
            !set.contains(Hs6(10121)),
            "live pure-bred horses are capital goods (41)"
        );
    }

    #[test]
    fn all_editions_load_with_their_quirks() {
        // HS2012 has `n/a` BEC rows, HS2022 trailing `,,` lines: both skipped.
        assert_eq!(embedded_hs_bec(HsEdition::Hs2012).len(), 5283 - 2);
        assert_eq!(embedded_hs_bec(HsEdition::Hs2022).len(), 5926);
        assert_eq!(embedded_descriptions(HsEdition::Hs2017).by_code.len(), 5388);
        assert_eq!(
            embedded_descriptions(HsEdition::Hs2017).get(Hs6(10121)),
            "Horses; live, pure-bred breeding animals"
        );
    }

    #[test]
    fn country_table_marks_aggregates_and_taiwan() {
        let t = embedded_countries();
        assert_eq!(t.by_iso3("USA").unwrap().code, CountryCode(842));
        assert_eq!(t.by_iso3("IND").unwrap().code, CountryCode(699));
        assert_eq!(t.by_iso3("TWN").unwrap().code, CountryCode(490));
        assert!(t.get(CountryCode(0)).unwrap().aggregate, "World");
        assert!(t.get(CountryCode(899)).unwrap().aggregate, "Areas nes");
        assert!(
            t.get(CountryCode(697)).unwrap().aggregate,
            "Europe EFTA nes"
        );
        assert!(!t.get(CountryCode(156)).unwrap().aggregate);
        // The table round-trips through chainlens' own layout.
        let again = parse_country_table(&country_table_csv(&t), Path::new("x.csv")).unwrap();
        assert_eq!(
            again.iter().collect::<Vec<_>>(),
            t.iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn ideal_points_and_distance_files() {
        let points = embedded_ideal_points();
        assert_eq!(points.len(), 11_238);
        let usa_78 = points.iter().find(|p| p.0 == "USA" && p.1 == 78).unwrap();
        assert_eq!(usa_78.2, 2.500157);
        let blocs =
            parse_distance_file("iso3,bloc\nUSA,west\nCHN,east\n", Path::new("b.csv")).unwrap();
        assert_eq!(
            blocs,
            DistanceFile::Blocs(vec![
                ("USA".into(), "west".into()),
                ("CHN".into(), "east".into())
            ])
        );
        let err = parse_distance_file("iso3_a,iso3_b,distance\nUSA,CHN,1.2\n", Path::new("d.csv"))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.csv:2: field `distance`: `1.2` is not a number in [0,1]"
        );
    }

    #[test]
    fn product_list_errors_name_line_and_field() {
        let err = parse_product_list("hs6\n281111\n28x1\n", Path::new("list.csv")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "list.csv:3: field `hs6`: `28x1` is not an HS6 code"
        );
        let err = parse_product_list("code\n", Path::new("list.csv")).unwrap_err();
        assert!(err.to_string().contains("no HS6 code"));
        let ok = parse_product_list("hs6,name\n\"281111\",hf\n", Path::new("l.csv")).unwrap();
        assert!(ok.contains(Hs6(281111)));
    }

    #[test]
    fn a_distance_row_shorter_than_its_header_is_an_error() {
        // Issue 14: these panicked (`r[bloc]` and `r[b]` on a one-field row).
        let err = parse_distance_file("iso3,bloc\nE\n", Path::new("b.csv")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.csv:2: field `row`: 1 fields, the header has 2 (iso3,bloc)"
        );
        let err = parse_distance_file("iso3_a,iso3_b,distance\nUSA,0.5\n", Path::new("p.csv"))
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("p.csv:2: field `row`: 2 fields"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_country_in_a_distance_file_names_its_line() {
        let countries = embedded_countries();
        let text = "iso3,bloc\nUSA,west\nXYZ,east\n";
        let err = resolve_distance_file(text, Path::new("b.csv"), &countries).unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.csv:3: field `iso3`: unknown country `XYZ`"
        );
        let text = "iso3_a,iso3_b,distance\nUSA,DEU,0.5\n";
        let ok = resolve_distance_file(text, Path::new("p.csv"), &countries).unwrap();
        // DEU is 276 and the former West Germany, 280.
        assert_eq!(
            ok,
            ResolvedDistances::Pairs(vec![
                (CountryCode(842), CountryCode(276), 0.5),
                (CountryCode(842), CountryCode(280), 0.5)
            ])
        );
    }

    #[test]
    fn a_country_row_with_missing_fields_is_an_error() {
        // Issue 14: `4,Afghanistan` silently became an aggregate (its ISO3 read as blank).
        let text = "country_code,country_name,country_iso2,country_iso3\n4,Afghanistan\n";
        let err = parse_country_table(text, Path::new("c.csv")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.csv:2: field `row`: 2 fields, the header has 4 (country_code,country_name,country_iso2,country_iso3)"
        );
    }

    #[test]
    fn an_hs_bec_file_without_header_keeps_its_first_pair() {
        let with = parse_hs_bec("HS 2017,BEC\n010121,41\n280530,111\n", Path::new("h")).unwrap();
        let without = parse_hs_bec("010121,41\n280530,111\n", Path::new("h")).unwrap();
        assert_eq!(with, without);
        assert_eq!(without.len(), 2);
        let err = parse_hs_bec("HS,BEC\n01012,41\n", Path::new("h.csv")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "h.csv:2: field `hs6`: `01012` is not a 6-digit HS code"
        );
    }
}
