//! Where a scenario's countries sit in an input-output table (METHODS §3): each trade
//! country is placed on the table region of its ISO3 code, on a region a regions file
//! names for it (pymrio's `reg1`, a bloc table), on the first OECD split block when the
//! table splits its economy (CN1 for CHN, MX1 for MEX), on the table's rest of the world
//! (`ROW`/`RoW`) when it has one, or it is unplaced. Placements other than by ISO3 are
//! reported by country, so no value moves into a region silently.

use crate::ScenarioError;
use chainlens_model::{CountryCode, CountryTable, CountryVec, IcioTable};

/// How one trade country is placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// On the table region of its own ISO3 code, or one a regions file names.
    Region(usize),
    /// On the first split block of its economy (CN1 for CHN, MX1 for MEX).
    SplitBlock(usize),
    /// Not in the table: on its rest of the world.
    RestOfWorld(usize),
    /// Nowhere.
    Unplaced,
}

impl Placement {
    /// The table region, if any.
    pub fn region(self) -> Option<usize> {
        match self {
            Self::Region(r) | Self::SplitBlock(r) | Self::RestOfWorld(r) => Some(r),
            Self::Unplaced => None,
        }
    }
}

/// The placement of every country code.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionMap {
    of_code: CountryVec<Placement>,
}

/// First split block of the economies the OECD tables split.
const SPLIT_BLOCKS: [(&str, &str); 2] = [("CHN", "CN1"), ("MEX", "MX1")];

impl RegionMap {
    /// Places every country of `countries` on `table` by its ISO3 code.
    pub fn by_iso3(table: &IcioTable, countries: &CountryTable) -> Self {
        Self::build(table, countries, &std::collections::BTreeMap::new())
    }

    /// Places every country of `countries` on `table`; `assigned` maps ISO3 codes to table
    /// region labels (a regions file, `label` in errors; its line `i + 2` for entry `i`).
    pub fn new(
        table: &IcioTable,
        countries: &CountryTable,
        assigned: &[(String, String)],
        label: &str,
    ) -> Result<Self, ScenarioError> {
        let mut by_iso3 = std::collections::BTreeMap::new();
        for (i, (iso3, name)) in assigned.iter().enumerate() {
            let r = table
                .countries
                .iter()
                .position(|c| c == name)
                .ok_or_else(|| ScenarioError::Invalid {
                    file: label.into(),
                    line: i + 2,
                    key: "region".into(),
                    message: format!(
                        "`{name}` is not a region of the table ({})",
                        table.countries.join(", ")
                    ),
                })?;
            by_iso3.insert(iso3.to_ascii_uppercase(), r);
        }
        Ok(Self::build(table, countries, &by_iso3))
    }

    fn build(
        table: &IcioTable,
        countries: &CountryTable,
        by_iso3: &std::collections::BTreeMap<String, usize>,
    ) -> Self {
        let region = |name: &str| table.countries.iter().position(|c| c == name);
        let rest = table
            .countries
            .iter()
            .position(|c| c.eq_ignore_ascii_case("ROW"));
        let of_code = CountryVec::from_fn(|code| {
            let iso3 = countries.get(code).map_or("", |c| c.iso3.as_str());
            if let Some(&r) = by_iso3.get(iso3) {
                return Placement::Region(r);
            }
            if let Some(r) = region(iso3).filter(|_| !iso3.is_empty()) {
                return Placement::Region(r);
            }
            let block = SPLIT_BLOCKS.iter().find(|(e, _)| *e == iso3);
            if let Some(r) = block.and_then(|(_, b)| region(b)) {
                return Placement::SplitBlock(r);
            }
            rest.map_or(Placement::Unplaced, Placement::RestOfWorld)
        });
        Self { of_code }
    }

    /// Where `code` is placed.
    pub fn place(&self, code: CountryCode) -> Placement {
        self.of_code[code]
    }
}

/// Parses a regions file `iso3,region` (header first): which table region each ISO3 code
/// belongs to, e.g. `JPN,reg3` for the pymrio test system or `FRA,EU` for a bloc table.
pub fn parse_regions(text: &str, label: &str) -> Result<Vec<(String, String)>, ScenarioError> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    let header = lines.next().map_or("", |(_, l)| l.trim());
    if !header.replace(' ', "").eq_ignore_ascii_case("iso3,region") {
        return Err(ScenarioError::Invalid {
            file: label.into(),
            line: 1,
            key: "header".into(),
            message: format!("expected `iso3,region`, found `{header}`"),
        });
    }
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        match fields.as_slice() {
            [iso3, region] if iso3.len() == 3 && !region.is_empty() => {
                out.push((iso3.to_string(), region.to_string()));
            }
            _ => {
                return Err(ScenarioError::Invalid {
                    file: label.into(),
                    line: i + 1,
                    key: "iso3,region".into(),
                    message: format!("expected an ISO3 code and a region, found `{line}`"),
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::countries;

    fn table(labels: &[&str]) -> IcioTable {
        IcioTable {
            countries: labels.iter().map(|l| (*l).to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn countries_go_to_their_region_a_named_one_a_split_block_the_rest_or_nowhere() {
        let countries = countries();
        let (chn, kor, jpn) = (
            CountryCode::new(156).unwrap(),
            CountryCode::new(410).unwrap(),
            CountryCode::new(392).unwrap(),
        );
        let t = table(&["CN1", "CN2", "KOR", "RoW"]);
        let map = RegionMap::new(&t, &countries, &[], "r.csv").unwrap();
        assert_eq!(map.place(kor), Placement::Region(2));
        assert_eq!(map.place(chn), Placement::SplitBlock(0));
        assert_eq!(map.place(jpn), Placement::RestOfWorld(3));
        let t = table(&["reg1", "reg2"]);
        let assigned = [("jpn".to_string(), "reg2".to_string())];
        let map = RegionMap::new(&t, &countries, &assigned, "r.csv").unwrap();
        assert_eq!(map.place(jpn), Placement::Region(1));
        assert_eq!(map.place(kor), Placement::Unplaced);
    }

    #[test]
    fn a_regions_file_is_checked_line_by_line() {
        let ok = parse_regions("iso3,region\nJPN,reg3\n\nKOR,reg4\n", "r.csv").unwrap();
        assert_eq!(ok.len(), 2);
        let err = parse_regions("iso3,region\nJPN\n", "r.csv").unwrap_err();
        assert!(
            err.to_string().starts_with("r.csv:2: key `iso3,region`"),
            "{err}"
        );
        let err = parse_regions("code,bloc\n", "r.csv").unwrap_err();
        assert!(
            err.to_string().starts_with("r.csv:1: key `header`"),
            "{err}"
        );
        let t = table(&["reg1"]);
        let bad = [("JPN".to_string(), "reg9".to_string())];
        let err = RegionMap::new(&t, &countries(), &bad, "r.csv").unwrap_err();
        assert!(err.to_string().contains("`reg9` is not a region"), "{err}");
    }
}
