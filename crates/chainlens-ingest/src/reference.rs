//! Reference tables and their parsers. Tables published by others (HS -> BEC Rev.4 and
//! the descriptions of every HS edition, ISO 3166-1 country codes, UN General Assembly
//! ideal points) are read from the reference data directory, [`ReferenceDir`], which
//! `chainlens fetch reference` installs; none is compiled in. Compiled in are only the
//! tables chainlens wrote itself: the aggregate codes typed from BACI's documentation and
//! BACI's exceptions to ISO numeric codes ([`BACI_EXCEPTIONS`]).

use crate::IngestError;
use chainlens_model::{
    BecCode, Country, CountryCode, CountryTable, EndUse, Hs6, ProductDescriptions, ProductSet,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const AGGREGATES: &str = include_str!("../../../data/reference/aggregate_codes.csv");

/// The Taiwan code of BACI and Comtrade ("Other Asia, nes").
const TAIWAN: u16 = 490;

/// Codes BACI (before V202301) and UN Comtrade use where ISO 3166-1 numeric has another
/// (France 251 for ISO 250, Italy 381 for 380, ...) or none (historical entities), with
/// the ISO3 BACI gives them: `(code, iso2, iso3, name)`. Typed from BACI's documented
/// country table; a country table built from ISO codes gets them as extra codes, which
/// readers file under the ISO code ([`CountryTable::primary`]).
pub const BACI_EXCEPTIONS: [(u16, &str, &str, &str); 16] = [
    (58, "BE", "BEL", "Belgium-Luxembourg"),
    (200, "CS", "CSK", "Czechoslovakia"),
    (251, "FR", "FRA", "France"),
    (278, "DD", "DDR", "Fmr Dem. Rep. of Germany"),
    (280, "DE", "DEU", "Fmr Fed. Rep. of Germany"),
    (381, "IT", "ITA", "Italy"),
    (490, "TW", "TWN", "Other Asia, nes (Taiwan)"),
    (530, "AN", "ANT", "Neth. Antilles"),
    (579, "NO", "NOR", "Norway"),
    (699, "IN", "IND", "India"),
    (711, "ZA", "ZAF", "So. African Customs Union"),
    (736, "SD", "SDN", "Fmr Sudan"),
    (757, "CH", "CHE", "Switzerland"),
    (810, "SU", "SUN", "Fmr USSR"),
    (842, "US", "USA", "USA"),
    (891, "CS", "SCG", "Serbia and Montenegro"),
];

/// The HS editions (nomenclatures) BACI and Comtrade publish.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum HsEdition {
    /// HS1992 (BACI `HS92`, Comtrade `H0`).
    Hs1992,
    /// HS1996 (`HS96`, `H1`).
    Hs1996,
    /// HS2002 (`HS02`, `H2`).
    Hs2002,
    /// HS2007 (`HS07`, `H3`).
    Hs2007,
    /// HS2012 (`HS12`, `H4`).
    Hs2012,
    /// HS2017 (`HS17`, `H5`), the default: the source's 2017-2018 analysis used it.
    #[default]
    Hs2017,
    /// HS2022 (`HS22`, `H6`).
    Hs2022,
}

impl HsEdition {
    /// Every edition, oldest first.
    pub const ALL: [Self; 7] = [
        Self::Hs1992,
        Self::Hs1996,
        Self::Hs2002,
        Self::Hs2007,
        Self::Hs2012,
        Self::Hs2017,
        Self::Hs2022,
    ];

    /// Position in [`Self::ALL`]: Comtrade's `H0`..`H6` and the concordance files' `hs0`..`hs6`.
    fn index(self) -> usize {
        self as usize
    }

    /// BACI's name, `HS92` ... `HS22`, as in its file names and in `meta.json`.
    pub fn name(self) -> &'static str {
        ["HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22"][self.index()]
    }

    /// The year of the edition (1992 ... 2022).
    pub fn year(self) -> u16 {
        [1992, 1996, 2002, 2007, 2012, 2017, 2022][self.index()]
    }

    /// The edition a name gives: BACI's `HS17` or `17`, the year `2017`, or
    /// Comtrade's classification code `H5`.
    pub fn parse(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_uppercase();
        Self::ALL.into_iter().find(|e| {
            let short = &e.name()[2..];
            name == e.name()
                || name == short
                || name == e.year().to_string()
                || name == format!("H{}", e.index())
        })
    }
}

impl std::fmt::Display for HsEdition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The reference data directory: one folder per dataset (`hs-concordance`,
/// `country-codes`, `unga-ideal-points`), laid out as `chainlens fetch reference`
/// installs them (and as `../shared/data` holds them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceDir {
    root: PathBuf,
}

/// A file of the reference data that an analysis reads: dataset folder and file name.
pub type ReferenceFile = (&'static str, &'static str);

/// The ISO 3166-1 table (Debian `iso-codes`, as shipped by pycountry).
pub const ISO_COUNTRIES: ReferenceFile = ("country-codes", "pycountry_iso3166-1.json");
/// HS (all editions) to ISIC Rev.4 classes (World Bank WITS).
pub const HS_ISIC4: ReferenceFile = ("hs-concordance", "hs_isic4.csv");
/// UN General Assembly ideal points (Bailey, Strezhnev & Voeten), June 2024.
pub const IDEAL_POINTS: ReferenceFile = ("unga-ideal-points", "IdealpointestimatesAll_Jun2024.csv");

impl ReferenceDir {
    /// The directory at `root` (it need not exist: every read says what is missing).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `$CHAINLENS_DATA`, else the platform's data directory (`$XDG_DATA_HOME/chainlens`,
    /// `~/.local/share/chainlens`, `~/Library/Application Support/chainlens`,
    /// `%APPDATA%\chainlens`), else `./chainlens-data`.
    pub fn from_env() -> Self {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        if let Some(dir) = var("CHAINLENS_DATA") {
            return Self::new(dir);
        }
        let platform = if cfg!(target_os = "windows") {
            var("APPDATA")
        } else if cfg!(target_os = "macos") {
            var("HOME").map(|h| h.join("Library/Application Support"))
        } else {
            var("XDG_DATA_HOME").or_else(|| var("HOME").map(|h| h.join(".local/share")))
        };
        Self::new(
            platform
                .unwrap_or_else(|| PathBuf::from("."))
                .join("chainlens"),
        )
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The HS -> BEC Rev.4 file of an edition.
    pub fn hs_bec_file(edition: HsEdition) -> (&'static str, String) {
        ("hs-concordance", format!("hs{}_bec4.csv", edition.index()))
    }

    /// The descriptions file of an edition.
    pub fn descriptions_file(edition: HsEdition) -> (&'static str, String) {
        ("hs-concordance", format!("hs{}_desc.csv", edition.index()))
    }

    /// Every file the analyses read, for `chainlens fetch` to install.
    pub fn files() -> Vec<(&'static str, String)> {
        let mut files: Vec<(&'static str, String)> = HsEdition::ALL
            .into_iter()
            .flat_map(|e| [Self::hs_bec_file(e), Self::descriptions_file(e)])
            .collect();
        for (dataset, name) in [HS_ISIC4, ISO_COUNTRIES, IDEAL_POINTS] {
            files.push((dataset, name.to_string()));
        }
        files
    }

    /// Reads one file, or says which dataset is missing and how to get it.
    fn read(
        &self,
        dataset: &str,
        name: &str,
        flag: &str,
    ) -> Result<(String, PathBuf), IngestError> {
        let path = self.root.join(dataset).join(name);
        if !path.exists() {
            return Err(IngestError::MissingReference {
                dataset: dataset.into(),
                path,
                flag: flag.into(),
            });
        }
        Ok((crate::read_text(&path)?, path))
    }

    /// The HS -> BEC Rev.4 pairs of an edition.
    pub fn hs_bec(&self, edition: HsEdition) -> Result<Vec<HsBecPair>, IngestError> {
        let (dataset, name) = Self::hs_bec_file(edition);
        let (text, path) =
            self.read(dataset, &name, "--hs-bec FILE or --intermediate-goods FILE")?;
        parse_hs_bec(&text, &path)
    }

    /// The HS6 descriptions of an edition.
    pub fn descriptions(&self, edition: HsEdition) -> Result<ProductDescriptions, IngestError> {
        let (dataset, name) = Self::descriptions_file(edition);
        let (text, path) = self.read(dataset, &name, "a BACI release's product_codes file")?;
        parse_descriptions(&text, &path)
    }

    /// The correspondence table from edition `newer` to edition `older`, as text with
    /// its path (`hs-concordance/hs<newer>_hs<older>.csv`).
    pub fn correspondence(
        &self,
        newer: HsEdition,
        older: HsEdition,
    ) -> Result<(String, PathBuf), IngestError> {
        let name = format!("hs{}_hs{}.csv", newer.index(), older.index());
        let path = self.root.join("hs-concordance").join(&name);
        if !path.exists() && self.root.join("hs-concordance").is_dir() {
            return Err(IngestError::NoCorrespondence {
                from: newer.name().into(),
                to: older.name().into(),
                path,
            });
        }
        self.read(
            "hs-concordance",
            &name,
            "--hs-edition to read the codes as they are",
        )
    }

    /// The HS -> ISIC Rev.4 table as text with its path, if it is installed.
    pub fn hs_isic4(&self) -> Result<Option<(String, PathBuf)>, IngestError> {
        let path = self.root.join(HS_ISIC4.0).join(HS_ISIC4.1);
        if !path.exists() {
            return Ok(None);
        }
        Ok(Some((crate::read_text(&path)?, path)))
    }

    /// The ISO 3166-1 country table with BACI's exceptions and the aggregate codes.
    pub fn iso_countries(&self) -> Result<CountryTable, IngestError> {
        let (text, path) = self.read(ISO_COUNTRIES.0, ISO_COUNTRIES.1, "--countries FILE")?;
        parse_iso_countries(&text, &path)
    }

    /// The UN General Assembly ideal points.
    pub fn ideal_points(&self) -> Result<Vec<IdealPoint>, IngestError> {
        let (text, path) = self.read(IDEAL_POINTS.0, IDEAL_POINTS.1, "--distance FILE")?;
        parse_ideal_points(&text, &path)
    }
}

/// Parses the ISO 3166-1 JSON of Debian's `iso-codes` (`{"3166-1": [{"alpha_2",
/// "alpha_3", "numeric", "name", "common_name"?}]}`) into a country table, adding
/// [`BACI_EXCEPTIONS`] and the aggregate codes.
pub fn parse_iso_countries(text: &str, path: &Path) -> Result<CountryTable, IngestError> {
    #[derive(serde::Deserialize)]
    struct Entry {
        alpha_2: String,
        alpha_3: String,
        numeric: String,
        name: String,
        common_name: Option<String>,
    }
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(rename = "3166-1")]
        entries: Vec<Entry>,
    }
    let bad = |message: String| row_error(path, 0, "3166-1", message);
    let file: File = serde_json::from_str(strip_bom(text)).map_err(|e| {
        row_error(
            path,
            e.line() as u64,
            "3166-1",
            format!("not the iso-codes layout: {e}"),
        )
    })?;
    let mut rows: BTreeMap<u16, Country> = BTreeMap::new();
    for e in file.entries {
        let code = e
            .numeric
            .parse()
            .ok()
            .and_then(CountryCode::new)
            .ok_or_else(|| {
                bad(format!(
                    "`{}` ({}) is not a numeric code",
                    e.numeric, e.alpha_3
                ))
            })?;
        let country = Country {
            code,
            iso2: e.alpha_2,
            iso3: e.alpha_3,
            name: e.common_name.unwrap_or(e.name),
            aggregate: false,
        };
        rows.insert(code.get(), country);
    }
    for (code, iso2, iso3, name) in BACI_EXCEPTIONS {
        rows.entry(code).or_insert_with(|| Country {
            code: CountryCode::new(code).expect("BACI_EXCEPTIONS codes are 0-999"),
            iso2: iso2.into(),
            iso3: iso3.into(),
            name: name.into(),
            aggregate: false,
        });
    }
    with_aggregates(rows, path)
}

/// Adds the embedded aggregate codes (World, Areas nes, ...) to a table's rows.
fn with_aggregates(
    mut rows: BTreeMap<u16, Country>,
    path: &Path,
) -> Result<CountryTable, IngestError> {
    for record in csv_reader(AGGREGATES).records() {
        let record = record.expect("embedded aggregate table is valid CSV");
        let code: u16 = record[0]
            .parse()
            .expect("embedded aggregate codes are numbers");
        rows.entry(code)
            .and_modify(|c| c.aggregate = true)
            .or_insert_with(|| Country {
                code: CountryCode::new(code).expect("embedded aggregate codes are 0-999"),
                iso2: String::new(),
                iso3: String::new(),
                name: record[1].to_string(),
                aggregate: true,
            });
    }
    CountryTable::new(rows.into_values().collect())
        .map_err(|e| row_error(path, 0, "country_code", e.to_string()))
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
        let code = field(code_col)
            .parse()
            .ok()
            .and_then(CountryCode::new)
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
        if code.get() == TAIWAN && no_iso(&iso3) {
            (iso2, iso3, aggregate) = ("TW".into(), "TWN".into(), false);
        }
        if no_iso(&iso2) {
            iso2.clear();
        }
        if no_iso(&iso3) {
            iso3.clear();
        }
        let country = Country {
            code,
            iso2,
            iso3,
            name: field(name_col).to_string(),
            aggregate,
        };
        if rows.insert(code.get(), country).is_some() {
            return Err(row_error(
                path,
                line,
                "country_code",
                format!("code {code} appears twice"),
            ));
        }
    }
    with_aggregates(rows, path)
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

/// Parses an HS -> BEC Rev.4 table: UNSD's layouts (`HS 2017,BEC,Relationship`: HS6 in
/// the first column, BEC in the second) or the concordance tables of `chainlens fetch
/// reference` (`HS5_6d,HS5_4d,HS5_2d,BEC4_3d,...`, where a BEC code of fewer than three
/// digits is padded with zeros: `220` is category 22, `700` is 7). Empty lines (`,,`) and
/// non-numeric BEC codes (`n/a`) are skipped; an HS6 code that is not 6 digits is an error.
/// The header is optional: a first line whose first field is a 6-digit code is a pair, so a
/// file without a header keeps its first pair.
pub fn parse_hs_bec(text: &str, path: &Path) -> Result<Vec<HsBecPair>, IngestError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(strip_bom(text).as_bytes());
    let mut pairs = Vec::new();
    let mut bec_column = 1;
    let mut padded = false;
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 1;
        let record = record.map_err(|e| row_error(path, line, "row", e.to_string()))?;
        let hs = record.get(0).unwrap_or("").trim();
        if line == 1
            && hs.to_ascii_lowercase().ends_with("_6d")
            && let Some(c) = record
                .iter()
                .position(|h| h.eq_ignore_ascii_case("BEC4_3d"))
        {
            (bec_column, padded) = (c, true);
        }
        let bec = record.get(bec_column).unwrap_or("").trim();
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
        let bec = if padded && bec.len() == 3 {
            bec.trim_end_matches('0')
        } else {
            bec
        };
        if let Ok(b) = bec.parse::<u16>() {
            pairs.push((code, BecCode(b)));
        }
    }
    Ok(pairs)
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

/// Writes ideal points in chainlens' layout `iso3,session,ideal_point`.
pub fn ideal_points_csv(points: &[IdealPoint]) -> String {
    let rows: String = points
        .iter()
        .map(|(iso3, session, point)| format!("{iso3},{session},{point}\n"))
        .collect();
    format!("iso3,session,ideal_point\n{rows}")
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

/// Where the geographic distances of the near-shoring index come from when no file is
/// given: CEPII's GeoDist, exported as CSV (`iso_o,iso_d,...,dist,...`).
pub const GEODIST: ReferenceFile = ("geodist", "dist_cepii.csv");

/// Geographic distances read from a file, with the rows whose countries the country table
/// does not know (GeoDist's `ROM`, `YUG`, `ZAR`) counted rather than refused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GeographicDistances {
    /// `(origin, destination, km)`, one row per pair of codes the two ISO3 name.
    pub pairs: Vec<(CountryCode, CountryCode, f64)>,
    /// Rows skipped because a country is unknown.
    pub unknown_rows: usize,
    /// The first unknown ISO3 codes, for the note.
    pub unknown: Vec<String>,
}

/// Parses a geographic distance file: columns origin (`iso3_o`, GeoDist's `iso_o`, or
/// `exporter`), destination (`iso3_d`, `iso_d`, `importer`) and km (`distance_km`,
/// GeoDist's `dist`, AGTPA's `DIST`); every ISO3 resolved to each code that has it. A
/// distance that is not a non-negative number is an error naming its line.
pub fn parse_geographic_distances(
    text: &str,
    path: &Path,
    countries: &CountryTable,
) -> Result<GeographicDistances, IngestError> {
    let mut reader = csv_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| row_error(path, 1, "header", e.to_string()))?
        .clone();
    let o = column(&headers, &["iso3_o", "iso_o", "exporter"], path)?;
    let d = column(&headers, &["iso3_d", "iso_d", "importer"], path)?;
    let km = column(&headers, &["distance_km", "dist"], path)?;
    let codes = |iso3: &str| -> Vec<CountryCode> {
        countries
            .iter()
            .filter(|c| !c.aggregate && c.iso3.eq_ignore_ascii_case(iso3))
            .map(|c| c.code)
            .collect()
    };
    let mut out = GeographicDistances::default();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|e| row_error(path, line, "row", e.to_string()))?;
        check_width(&record, &headers, path, line)?;
        let field = |c: usize| record.get(c).unwrap_or("").trim();
        let value: f64 = field(km)
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| {
                let name = headers.get(km).unwrap_or("distance_km");
                let message = format!("`{}` is not a distance in km", field(km));
                row_error(path, line, name, message)
            })?;
        let (from, to) = (codes(field(o)), codes(field(d)));
        if from.is_empty() || to.is_empty() {
            out.unknown_rows += 1;
            for iso3 in [field(o), field(d)] {
                if codes(iso3).is_empty()
                    && out.unknown.len() < 5
                    && !out.unknown.iter().any(|u| u == iso3)
                {
                    out.unknown.push(iso3.to_string());
                }
            }
            continue;
        }
        for &a in &from {
            out.pairs.extend(to.iter().map(|&b| (a, b, value)));
        }
    }
    Ok(out)
}

/// The BACI V202201 country table of `../shared/data`, for unit tests.
#[cfg(test)]
pub(crate) fn test_countries() -> CountryTable {
    let path =
        chainlens_testing::shared_data().join("country-codes/baci_country_codes_V202201.csv");
    parse_country_table(&crate::read_text(&path).expect("shared data"), &path).expect("valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> ReferenceDir {
        ReferenceDir::new(chainlens_testing::shared_data())
    }

    #[test]
    fn geographic_distances_read_agtpa_and_count_unknown_countries() {
        // AGTPA (Yotov et al. 2016) ships DIST by exporter and importer for 69 countries.
        let path = chainlens_testing::shared_data()
            .join("gravity-agtpa-2016/ch2_app1_trade_without_border_2006.csv");
        let text = crate::read_text(&path).unwrap();
        let d = parse_geographic_distances(&text, &path, &test_countries()).unwrap();
        assert!(d.pairs.len() >= 60 * 60, "{}", d.pairs.len());
        let usa_can = d
            .pairs
            .iter()
            .find(|p| (p.0.get(), p.1.get()) == (842, 124))
            .map(|p| p.2);
        assert!(
            usa_can.is_some_and(|km| km > 500.0 && km < 3000.0),
            "{usa_can:?}"
        );
        let bad = "iso3_o,iso3_d,distance_km\nUSA,CAN,-3\n";
        let err =
            parse_geographic_distances(bad, Path::new("d.csv"), &test_countries()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.csv:2: field `distance_km`: `-3` is not a distance in km"
        );
        let unknown = "iso_o,iso_d,dist\nUSA,CAN,734\nYUG,CAN,7000\n";
        let d = parse_geographic_distances(unknown, Path::new("g.csv"), &test_countries()).unwrap();
        assert_eq!(
            (d.unknown_rows, d.unknown.as_slice()),
            (1, ["YUG".to_string()].as_slice())
        );
    }

    #[test]
    fn hs2017_gives_the_documented_3286_intermediate_goods() {
        // METHODS §1.1: "With the HS2017 table this gives 3,286 intermediate HS6 codes".
        let set = intermediate_goods(&shared().hs_bec(HsEdition::Hs2017).unwrap());
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
    fn every_edition_gives_the_universe_of_its_correspondence_table() {
        // The counts of ../shared/data/hs-concordance/SOURCE.md, one per edition.
        let counts: Vec<usize> = HsEdition::ALL
            .iter()
            .map(|&e| intermediate_goods(&shared().hs_bec(e).unwrap()).len())
            .collect();
        assert_eq!(counts, [3105, 3216, 3286, 3146, 3181, 3286, 3422]);
        // UNSD's own HS2017 table (another layout, unpadded BEC codes) agrees.
        let unsd = chainlens_testing::shared_data().join("hs-bec4/hs2017_bec4.csv");
        let pairs = parse_hs_bec(&crate::read_text(&unsd).unwrap(), &unsd).unwrap();
        assert_eq!(intermediate_goods(&pairs).len(), 3286);
    }

    #[test]
    fn editions_parse_from_baci_comtrade_and_year_names() {
        assert_eq!(HsEdition::parse("HS92"), Some(HsEdition::Hs1992));
        assert_eq!(HsEdition::parse("07"), Some(HsEdition::Hs2007));
        assert_eq!(HsEdition::parse("H5"), Some(HsEdition::Hs2017));
        assert_eq!(HsEdition::parse("2022"), Some(HsEdition::Hs2022));
        assert_eq!(HsEdition::parse("HS18"), None);
        assert_eq!(HsEdition::Hs2002.to_string(), "HS02");
    }

    #[test]
    fn descriptions_of_an_edition() {
        let d = shared().descriptions(HsEdition::Hs2017).unwrap();
        assert_eq!(d.by_code.len(), 5388, "every HS2017 subheading");
        assert_eq!(
            d.get(Hs6(280530)),
            "Earth-metals, rare; scandium and yttrium, whether or not intermixed or interalloyed"
        );
    }

    #[test]
    fn missing_reference_data_names_the_dataset_and_the_remedy() {
        let empty = ReferenceDir::new("/nonexistent/chainlens-data");
        let err = empty.hs_bec(HsEdition::Hs1992).unwrap_err();
        assert_eq!(err.kind(), chainlens_model::ErrorKind::MissingData);
        let text = err.to_string();
        assert!(text.starts_with("reference data `hs-concordance` is not installed (/nonexistent/chainlens-data/hs-concordance/hs0_bec4.csv does not exist)"), "{text}");
        assert!(
            text.contains("chainlens fetch reference") && text.contains("--hs-bec FILE"),
            "{text}"
        );
    }

    #[test]
    fn iso_table_files_baci_codes_under_iso_codes() {
        let t = shared().iso_countries().unwrap();
        assert_eq!(
            t.by_iso3("ITA").unwrap().code,
            CountryCode::new(380).unwrap()
        );
        // BACI's older 381 and Comtrade's 842 are kept, filed under the ISO code.
        assert_eq!(
            t.primary(CountryCode::new(381).unwrap()),
            CountryCode::new(380).unwrap()
        );
        assert_eq!(
            t.primary(CountryCode::new(842).unwrap()),
            CountryCode::new(840).unwrap()
        );
        assert_eq!(
            t.primary(CountryCode::new(699).unwrap()),
            CountryCode::new(356).unwrap()
        );
        assert_eq!(
            t.primary(CountryCode::new(156).unwrap()),
            CountryCode::new(156).unwrap()
        );
        assert!(
            t.get(CountryCode::new(0).unwrap()).unwrap().aggregate,
            "World"
        );
        assert_eq!(
            t.by_iso3("TWN").unwrap().code,
            CountryCode::new(158).unwrap()
        );
    }

    #[test]
    fn country_table_marks_aggregates_and_taiwan() {
        let t = test_countries();
        assert_eq!(
            t.by_iso3("USA").unwrap().code,
            CountryCode::new(842).unwrap()
        );
        assert_eq!(
            t.by_iso3("IND").unwrap().code,
            CountryCode::new(699).unwrap()
        );
        assert_eq!(
            t.by_iso3("TWN").unwrap().code,
            CountryCode::new(490).unwrap()
        );
        assert!(
            t.get(CountryCode::new(0).unwrap()).unwrap().aggregate,
            "World"
        );
        assert!(
            t.get(CountryCode::new(899).unwrap()).unwrap().aggregate,
            "Areas nes"
        );
        assert!(
            t.get(CountryCode::new(697).unwrap()).unwrap().aggregate,
            "Europe EFTA nes"
        );
        assert!(!t.get(CountryCode::new(156).unwrap()).unwrap().aggregate);
        // The table round-trips through chainlens' own layout.
        let again = parse_country_table(&country_table_csv(&t), Path::new("x.csv")).unwrap();
        assert_eq!(
            again.iter().collect::<Vec<_>>(),
            t.iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn ideal_points_and_distance_files() {
        let points = shared().ideal_points().unwrap();
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
        let countries = test_countries();
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
                (
                    CountryCode::new(842).unwrap(),
                    CountryCode::new(276).unwrap(),
                    0.5
                ),
                (
                    CountryCode::new(842).unwrap(),
                    CountryCode::new(280).unwrap(),
                    0.5
                )
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
