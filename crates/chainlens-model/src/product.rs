//! Products: HS 6-digit codes, UN BEC Rev.4 end-use classes, sets of products
//! (the intermediate-goods universe of METHODS §1.1) and product descriptions.

use std::collections::BTreeMap;
use std::fmt;

/// An HS 6-digit product code, 0..=999_999; printed with its leading zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(transparent)]
pub struct Hs6(pub u32);

/// Written as its six digits (`"010121"`), as tables and JSON show it.
impl serde::Serialize for Hs6 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Hs6 {
    /// Largest valid code.
    pub const MAX: u32 = 999_999;

    /// The HS chapter: the first two of the six digits.
    pub fn hs2(self) -> u8 {
        (self.0 / 10_000) as u8
    }

    /// The HS heading: the first four of the six digits.
    pub fn hs4(self) -> u16 {
        (self.0 / 100) as u16
    }

    /// Parses a code as data files write it: six digits, or five when the leading zero
    /// was dropped (`"010121"`, `"10121"`, as BACI and Comtrade publish them).
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if !(5..=6).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok().map(Hs6)
    }

    /// Parses a code as people write it in chainlens' own files (scenarios, chains,
    /// candidate lists, HS -> BEC tables): exactly six digits, the leading zero included.
    pub fn parse_six(text: &str) -> Option<Self> {
        Self::parse(text).filter(|_| text.trim().len() == 6)
    }
}

impl fmt::Display for Hs6 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

/// A UN BEC Rev.4 basic category, such as 111, 22 or 7, held as its decimal number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BecCode(pub u16);

/// The SNA basic class a BEC Rev.4 category belongs to (METHODS §1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndUse {
    /// 111, 121, 21, 22, 31, 322, 42, 53.
    Intermediate,
    /// 41, 521.
    Capital,
    /// 112, 122, 522, 61, 62, 63.
    Consumption,
    /// 321 (motor spirit), 51 (passenger cars), 7 (n.e.s.) and parents such as 32.
    Unclassified,
}

impl BecCode {
    /// The end-use class of this BEC category.
    pub fn end_use(self) -> EndUse {
        match self.0 {
            111 | 121 | 21 | 22 | 31 | 322 | 42 | 53 => EndUse::Intermediate,
            41 | 521 => EndUse::Capital,
            112 | 122 | 522 | 61 | 62 | 63 => EndUse::Consumption,
            _ => EndUse::Unclassified,
        }
    }
}

/// A set of HS6 codes as a bitset over 0..=999_999 (125 kB, O(1) membership).
#[derive(Clone, PartialEq, Eq)]
pub struct ProductSet {
    bits: Vec<u64>,
    len: usize,
}

impl Default for ProductSet {
    fn default() -> Self {
        Self {
            bits: vec![0; (Hs6::MAX as usize + 1).div_ceil(64)],
            len: 0,
        }
    }
}

impl fmt::Debug for ProductSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProductSet({} codes)", self.len)
    }
}

impl ProductSet {
    /// Adds a code; returns true if it was new.
    pub fn insert(&mut self, code: Hs6) -> bool {
        let (word, bit) = (code.0 as usize / 64, code.0 % 64);
        let new = self.bits[word] & (1 << bit) == 0;
        self.bits[word] |= 1 << bit;
        self.len += usize::from(new);
        new
    }

    /// Whether the set holds `code`.
    pub fn contains(&self, code: Hs6) -> bool {
        self.bits
            .get(code.0 as usize / 64)
            .is_some_and(|w| w & (1 << (code.0 % 64)) != 0)
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Codes in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = Hs6> + '_ {
        self.bits.iter().enumerate().flat_map(|(w, &word)| {
            (0..64u32)
                .filter(move |b| word & (1 << b) != 0)
                .map(move |b| Hs6(w as u32 * 64 + b))
        })
    }
}

impl FromIterator<Hs6> for ProductSet {
    fn from_iter<I: IntoIterator<Item = Hs6>>(iter: I) -> Self {
        let mut set = Self::default();
        for code in iter {
            set.insert(code);
        }
        set
    }
}

/// HS6 code -> description, for labelling output.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductDescriptions {
    /// Descriptions by code.
    pub by_code: BTreeMap<Hs6, String>,
}

impl ProductDescriptions {
    /// The description of a code, or an empty string.
    pub fn get(&self, code: Hs6) -> &str {
        self.by_code.get(&code).map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hs6_digits() {
        assert_eq!(Hs6(10121).to_string(), "010121");
        assert_eq!(Hs6(854231).hs2(), 85);
        assert_eq!(Hs6(854231).hs4(), 8542);
        assert_eq!(Hs6::parse("010121"), Some(Hs6(10121)));
        assert_eq!(Hs6::parse("10121"), Some(Hs6(10121)));
        assert_eq!(Hs6::parse("1012101"), None);
        assert_eq!(Hs6::parse("01a121"), None);
        assert_eq!(
            Hs6::parse("1012"),
            None,
            "four digits are a heading, not a code"
        );
        assert_eq!(Hs6::parse_six("10121"), None);
        assert_eq!(Hs6::parse_six("010121"), Some(Hs6(10121)));
    }

    #[test]
    fn bec_end_use_classes() {
        let intermediate = [111, 121, 21, 22, 31, 322, 42, 53];
        for c in intermediate {
            assert_eq!(BecCode(c).end_use(), EndUse::Intermediate, "{c}");
        }
        assert_eq!(BecCode(41).end_use(), EndUse::Capital);
        assert_eq!(BecCode(522).end_use(), EndUse::Consumption);
        assert_eq!(BecCode(32).end_use(), EndUse::Unclassified);
        assert_eq!(BecCode(321).end_use(), EndUse::Unclassified);
    }

    #[test]
    fn product_set_membership_and_order() {
        let set: ProductSet = [Hs6(999_999), Hs6(10121), Hs6(10121), Hs6(0)]
            .into_iter()
            .collect();
        assert_eq!(set.len(), 3);
        assert!(set.contains(Hs6(999_999)) && !set.contains(Hs6(10122)));
        let codes: Vec<_> = set.iter().collect();
        assert_eq!(codes, vec![Hs6(0), Hs6(10121), Hs6(999_999)]);
    }
}
