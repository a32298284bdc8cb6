//! Countries as the trade data names them: BACI / UN Comtrade numeric codes
//! (mostly ISO 3166-1 numeric, but 842 is the USA, 699 India, 251 France,
//! 757 Switzerland, 579 Norway and 490 "Other Asia, nes", i.e. Taiwan), with
//! ISO codes, names and a flag for aggregates such as World (0) or Areas nes (899).

use std::collections::BTreeMap;
use std::fmt;

/// A BACI / Comtrade numeric country code, 0..=999: only [`CountryCode::new`] builds
/// one, so every code indexes a [`CountryVec`] within bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(transparent)]
pub struct CountryCode(u16);

impl CountryCode {
    /// Largest valid numeric code.
    pub const MAX: u16 = 999;

    /// Number of valid codes, 0..=[`CountryCode::MAX`]: the length of a [`CountryVec`].
    pub const COUNT: usize = Self::MAX as usize + 1;

    /// The code, or `None` above [`CountryCode::MAX`]. A `const fn`, so constants read
    /// `const USA: CountryCode = CountryCode::new(842).unwrap();`.
    pub const fn new(code: u16) -> Option<Self> {
        if code <= Self::MAX {
            Some(Self(code))
        } else {
            None
        }
    }

    /// The numeric code.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The code as an index into dense per-country arrays, below [`CountryCode::COUNT`].
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// Every valid code, 0 to [`CountryCode::MAX`] in order.
    pub fn all() -> impl DoubleEndedIterator<Item = CountryCode> + ExactSizeIterator {
        (0..=Self::MAX).map(Self)
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One value per country code: a dense array of [`CountryCode::COUNT`] slots indexed by
/// [`CountryCode`], so no index can fall past its end.
#[derive(Clone, Debug, PartialEq)]
pub struct CountryVec<T>(Box<[T]>);

impl<T: Clone> CountryVec<T> {
    /// Every slot set to `value`.
    pub fn new(value: T) -> Self {
        Self(vec![value; CountryCode::COUNT].into_boxed_slice())
    }
}

impl<T: Default> Default for CountryVec<T> {
    fn default() -> Self {
        Self::from_fn(|_| T::default())
    }
}

impl<T> CountryVec<T> {
    /// Slot `c` set to `value(c)` for every code.
    pub fn from_fn(value: impl FnMut(CountryCode) -> T) -> Self {
        Self(CountryCode::all().map(value).collect())
    }

    /// Every code with its value, in code order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (CountryCode, &T)> {
        CountryCode::all().zip(self.0.iter())
    }

    /// Every code with its value, mutable, in code order.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (CountryCode, &mut T)> {
        CountryCode::all().zip(self.0.iter_mut())
    }

    /// The values in code order.
    pub fn values(&self) -> &[T] {
        &self.0
    }
}

impl<T> std::ops::Index<CountryCode> for CountryVec<T> {
    type Output = T;

    fn index(&self, code: CountryCode) -> &T {
        &self.0[code.index()]
    }
}

impl<T> std::ops::IndexMut<CountryCode> for CountryVec<T> {
    fn index_mut(&mut self, code: CountryCode) -> &mut T {
        &mut self.0[code.index()]
    }
}

/// One row of the country table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// Numeric code used in the trade data.
    pub code: CountryCode,
    /// ISO 3166-1 alpha-2, empty when none applies.
    pub iso2: String,
    /// ISO 3166-1 alpha-3 (or a documented stand-in such as `TWN` for 490).
    pub iso3: String,
    /// Short English name.
    pub name: String,
    /// True for World, "nes" areas, bunkers, free zones and other non-country codes.
    pub aggregate: bool,
}

/// How a code in the data relates to the country table (METHODS §1.1 exclusions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountryStatus {
    /// A real country or territory: its flows are used.
    Country,
    /// A non-country aggregate: its flows are excluded and counted.
    Aggregate,
    /// Not in the table: its flows are excluded and counted.
    Unknown,
}

/// A mistake in a country table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CountryTableError {
    /// The same numeric code appears twice.
    DuplicateCode(CountryCode),
}

impl fmt::Display for CountryTableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateCode(c) => write!(f, "country code {c} appears twice"),
        }
    }
}

impl std::error::Error for CountryTableError {}

/// The country table: lookup by numeric code in O(1) and by ISO3.
#[derive(Clone, Debug)]
pub struct CountryTable {
    countries: Vec<Country>,
    slot_by_code: CountryVec<u16>,
    code_by_iso3: BTreeMap<String, CountryCode>,
}

const NO_SLOT: u16 = u16::MAX;

impl CountryTable {
    /// Builds a table; rows are kept sorted by code.
    pub fn new(mut countries: Vec<Country>) -> Result<Self, CountryTableError> {
        countries.sort_by_key(|c| c.code);
        let mut slot_by_code = CountryVec::new(NO_SLOT);
        let mut code_by_iso3 = BTreeMap::new();
        for (slot, c) in countries.iter().enumerate() {
            if slot_by_code[c.code] != NO_SLOT {
                return Err(CountryTableError::DuplicateCode(c.code));
            }
            slot_by_code[c.code] = slot as u16;
            if !c.aggregate && !c.iso3.is_empty() {
                // Historical entities share an ISO3 with today's country (280 "Fmr Fed.
                // Rep. of Germany" and 276 Germany): the lowest code, today's, wins.
                code_by_iso3.entry(c.iso3.clone()).or_insert(c.code);
            }
        }
        Ok(Self {
            countries,
            slot_by_code,
            code_by_iso3,
        })
    }

    /// The row for a code, if any.
    pub fn get(&self, code: CountryCode) -> Option<&Country> {
        let slot = self.slot_by_code[code];
        (slot != NO_SLOT).then(|| &self.countries[usize::from(slot)])
    }

    /// Whether flows of this code are used, or excluded as aggregate or unknown.
    pub fn status(&self, code: CountryCode) -> CountryStatus {
        match self.get(code) {
            Some(c) if c.aggregate => CountryStatus::Aggregate,
            Some(_) => CountryStatus::Country,
            None => CountryStatus::Unknown,
        }
    }

    /// The non-aggregate country with this ISO3 (case-insensitive).
    pub fn by_iso3(&self, iso3: &str) -> Option<&Country> {
        let code = self.code_by_iso3.get(&iso3.to_ascii_uppercase())?;
        self.get(*code)
    }

    /// ISO3 of a code, or the number itself when the table has no ISO3 for it. A code
    /// sharing its ISO3 with a lower one (280 "Fmr Fed. Rep. of Germany" beside 276)
    /// is labelled `ISO3_code` (`DEU_280`), so labels stay unique.
    pub fn label(&self, code: CountryCode) -> String {
        match self.get(code) {
            Some(c) if !c.iso3.is_empty() => match self.code_by_iso3.get(&c.iso3) {
                Some(&primary) if primary != code => format!("{}_{}", c.iso3, code),
                _ => c.iso3.clone(),
            },
            _ => code.to_string(),
        }
    }

    /// The code a row's flows are filed under: the lowest code of its ISO3 (380 for
    /// both 380 and BACI's older 381 Italy), or the code itself when it has no ISO3 or
    /// is not in the table. Readers recode every flow through it, so a country is one node.
    pub fn primary(&self, code: CountryCode) -> CountryCode {
        match self.get(code) {
            Some(c) if !c.aggregate && !c.iso3.is_empty() => self.code_by_iso3[&c.iso3],
            _ => code,
        }
    }

    /// Rows sorted by code.
    pub fn iter(&self) -> impl Iterator<Item = &Country> {
        self.countries.iter()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.countries.len()
    }

    /// True when the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: u16, iso3: &str, aggregate: bool) -> Country {
        Country {
            code: CountryCode::new(code).unwrap(),
            iso2: String::new(),
            iso3: iso3.into(),
            name: iso3.into(),
            aggregate,
        }
    }

    #[test]
    fn codes_above_999_are_refused() {
        assert_eq!(CountryCode::new(999).map(CountryCode::get), Some(999));
        assert_eq!(CountryCode::new(1000), None);
        assert_eq!(CountryCode::new(u16::MAX), None);
        assert_eq!(CountryCode::all().len(), 1000);
        assert_eq!(CountryCode::all().last().map(CountryCode::index), Some(999));
    }

    #[test]
    fn a_country_vec_has_one_slot_per_code() {
        let (first, last) = (CountryCode::new(0).unwrap(), CountryCode::new(999).unwrap());
        let mut v = CountryVec::new(0);
        v[first] += 2;
        v[last] += 5;
        assert_eq!(v.values().len(), 1000);
        let set: Vec<_> = v.iter().filter(|&(_, &x)| x != 0).collect();
        assert_eq!(set, [(first, &2), (last, &5)]);
        let codes = CountryVec::from_fn(CountryCode::get);
        assert_eq!(codes[last], 999);
    }

    #[test]
    fn lookups_by_code_and_iso3() {
        let t = CountryTable::new(vec![row(842, "USA", false), row(0, "WLD", true)]).unwrap();
        assert_eq!(
            t.status(CountryCode::new(842).unwrap()),
            CountryStatus::Country
        );
        assert_eq!(
            t.status(CountryCode::new(0).unwrap()),
            CountryStatus::Aggregate
        );
        assert_eq!(
            t.status(CountryCode::new(840).unwrap()),
            CountryStatus::Unknown
        );
        assert_eq!(
            t.by_iso3("usa").unwrap().code,
            CountryCode::new(842).unwrap()
        );
        assert!(t.by_iso3("WLD").is_none(), "aggregates are not importers");
        assert_eq!(t.label(CountryCode::new(5).unwrap()), "5");
    }

    #[test]
    fn duplicates_are_errors() {
        let dup = CountryTable::new(vec![row(842, "USA", false), row(842, "XXX", false)]);
        assert_eq!(
            dup.unwrap_err(),
            CountryTableError::DuplicateCode(CountryCode::new(842).unwrap())
        );
        let shared = CountryTable::new(vec![row(280, "DEU", false), row(276, "DEU", false)]);
        assert_eq!(
            shared.unwrap().by_iso3("DEU").unwrap().code,
            CountryCode::new(276).unwrap()
        );
    }
}
