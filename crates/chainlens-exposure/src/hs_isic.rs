//! HS codes to ISIC Rev.4: the WITS table (`hs-concordance/hs_isic4.csv` of the reference
//! data, columns `HS_6d,HS_4d,HS_2d,ISIC4_4d,ISIC4_3d,ISIC4_2d,ISIC4_1d`, one row per link,
//! all HS editions combined) or the chapter/heading table shipped with chainlens
//! (`data/reference/hs_isic4_division.csv`, `hs,isic_division`), read into one
//! [`HsIsicTable`].
//!
//! # Rules
//! * A code's links are weighted equally over its distinct ISIC targets, after dropping
//!   the repair-and-installation classes (division 33, group 951-952) when the code also
//!   links to a producing class: WITS links most machinery to its installation class too
//!   (a laptop, 847130, to 2610, 2620, 2817 and 3320), and an import is a good, not a
//!   repair service.
//! * A six-digit code the table does not list falls back to its heading, then its chapter:
//!   the average of the weights of the listed codes under it (so a heading whose codes are
//!   mostly chemicals stays mostly chemicals). The level used is reported.
//! * A code listed with no ISIC target (93 WITS rows: bristles, some animal products) is
//!   unmapped and does not fall back.

use crate::ExposureError;
use chainlens_model::Hs6;
use std::collections::BTreeMap;

const SHIPPED: &str = include_str!("../../../data/reference/hs_isic4_division.csv");

/// An ISIC Rev.4 target: a class (`2610`) or, in the shipped table, a whole division.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Isic {
    /// Division, 1-99.
    pub division: u8,
    /// Four-digit class, when known.
    pub class: Option<u16>,
}

impl std::fmt::Display for Isic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.class {
            Some(c) => write!(f, "{c:04}"),
            None => write!(f, "{:02}", self.division),
        }
    }
}

/// How a code found its ISIC targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchLevel {
    /// The six-digit code itself.
    Code,
    /// Its four-digit heading.
    Heading,
    /// Its two-digit chapter.
    Chapter,
}

/// ISIC targets with weights that add up to 1.
pub type Links = Vec<(Isic, f64)>;

/// HS codes (six-digit, heading, chapter) to weighted ISIC Rev.4 targets.
#[derive(Clone, Debug, PartialEq)]
pub struct HsIsicTable {
    /// Six-digit codes; an empty list is a listed code with no target.
    codes: BTreeMap<u32, Links>,
    headings: BTreeMap<u32, Links>,
    chapters: BTreeMap<u32, Links>,
    /// Where the table came from, for summaries.
    pub source: String,
}

impl HsIsicTable {
    /// The chapter/heading table shipped with chainlens (used when the reference data
    /// has no `hs_isic4.csv`).
    pub fn shipped() -> Self {
        Self::parse(SHIPPED, "<embedded>/hs_isic4_division.csv")
            .unwrap_or_else(|e| unreachable!("the shipped concordance is valid: {e}"))
    }

    /// Reads either layout, told apart by the header.
    pub fn parse(text: &str, label: &str) -> Result<Self, ExposureError> {
        let header = text
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches('\u{feff}');
        if header.trim().starts_with("HS_6d") {
            parse_wits(text, label)
        } else {
            parse_prefixes(text, label)
        }
    }

    /// The weighted targets of a code and the level that gave them; `None` when neither
    /// the code, its heading nor its chapter is listed, or the code is listed unmapped.
    pub fn links(&self, good: Hs6) -> Option<(MatchLevel, &[(Isic, f64)])> {
        let code = good.0;
        let found = match self.codes.get(&code) {
            Some(links) => Some((MatchLevel::Code, links)),
            None => self
                .headings
                .get(&(code / 100))
                .map(|l| (MatchLevel::Heading, l))
                .or_else(|| {
                    self.chapters
                        .get(&(code / 10_000))
                        .map(|l| (MatchLevel::Chapter, l))
                }),
        };
        found
            .filter(|(_, links)| !links.is_empty())
            .map(|(level, links)| (level, links.as_slice()))
    }
}

/// A row error of a concordance file.
fn row_error(label: &str, line: usize, field: &str, message: String) -> ExposureError {
    ExposureError::Invalid {
        file: label.into(),
        line,
        field: field.into(),
        message,
    }
}

fn parse_wits(text: &str, label: &str) -> Result<HsIsicTable, ExposureError> {
    let mut targets: BTreeMap<u32, Vec<Isic>> = BTreeMap::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line
            .split(',')
            .map(|f| f.trim().trim_matches('"'))
            .collect();
        let field = |c: usize| fields.get(c).copied().unwrap_or("");
        let hs = field(0);
        let code = parse_digits(hs, 6).ok_or_else(|| {
            row_error(label, i + 1, "HS_6d", format!("`{hs}` is not an HS6 code"))
        })?;
        let entry = targets.entry(code).or_default();
        let class = field(3);
        if class.is_empty() {
            continue;
        }
        let class = parse_digits(class, 4)
            .filter(|c| *c >= 100)
            .ok_or_else(|| {
                row_error(
                    label,
                    i + 1,
                    "ISIC4_4d",
                    format!("`{class}` is not an ISIC Rev.4 class"),
                )
            })?;
        let isic = Isic {
            division: (class / 100) as u8,
            class: Some(class as u16),
        };
        if !entry.contains(&isic) {
            entry.push(isic);
        }
    }
    let codes: BTreeMap<u32, Links> = targets
        .into_iter()
        .map(|(code, isic)| (code, equal_weights(goods_only(isic))))
        .collect();
    Ok(with_fallbacks(codes, label))
}

fn parse_prefixes(text: &str, label: &str) -> Result<HsIsicTable, ExposureError> {
    let mut table = HsIsicTable {
        codes: BTreeMap::new(),
        headings: BTreeMap::new(),
        chapters: BTreeMap::new(),
        source: label.into(),
    };
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| row_error(label, i + 1, "hs,isic_division", message);
        let (hs, division) = line
            .split_once(',')
            .ok_or_else(|| bad(format!("`{line}` is not `hs,isic_division`")))?;
        let (hs, division) = (hs.trim(), division.trim());
        let division = parse_digits(division, 2)
            .filter(|d| (1..=99).contains(d))
            .ok_or_else(|| bad(format!("`{division}` is not an ISIC division 01-99")))?;
        let links = vec![(
            Isic {
                division: division as u8,
                class: None,
            },
            1.0,
        )];
        let level = match hs.len() {
            6 => &mut table.codes,
            4 => &mut table.headings,
            2 => &mut table.chapters,
            _ => return Err(bad(format!("`{hs}` is not a 2, 4 or 6-digit HS code"))),
        };
        let code = parse_digits(hs, hs.len())
            .ok_or_else(|| bad(format!("`{hs}` is not a 2, 4 or 6-digit HS code")))?;
        level.insert(code, links);
    }
    Ok(table)
}

/// `text` as a number when it has exactly `len` ASCII digits (a shorter one is accepted
/// when leading zeros were lost, as spreadsheets do).
fn parse_digits(text: &str, len: usize) -> Option<u32> {
    (!text.is_empty() && text.len() <= len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Drops repair and installation targets when a producing target is there too.
fn goods_only(targets: Vec<Isic>) -> Vec<Isic> {
    let repair = |t: &Isic| t.division == 33 || t.class.is_some_and(|c| (9510..=9529).contains(&c));
    if targets.iter().all(repair) {
        return targets;
    }
    targets.into_iter().filter(|t| !repair(t)).collect()
}

fn equal_weights(targets: Vec<Isic>) -> Links {
    let w = 1.0 / targets.len().max(1) as f64;
    targets.into_iter().map(|t| (t, w)).collect()
}

/// The table with heading and chapter links averaged over their mapped codes.
fn with_fallbacks(codes: BTreeMap<u32, Links>, label: &str) -> HsIsicTable {
    let average = |divisor: u32| {
        let mut sums: BTreeMap<u32, (BTreeMap<Isic, f64>, usize)> = BTreeMap::new();
        for (code, links) in codes.iter().filter(|(_, l)| !l.is_empty()) {
            let (weights, n) = sums.entry(code / divisor).or_default();
            *n += 1;
            for &(isic, w) in links {
                *weights.entry(isic).or_default() += w;
            }
        }
        sums.into_iter()
            .map(|(prefix, (weights, n))| {
                let links = weights
                    .into_iter()
                    .map(|(t, w)| (t, w / n as f64))
                    .collect();
                (prefix, links)
            })
            .collect::<BTreeMap<u32, Links>>()
    };
    HsIsicTable {
        headings: average(100),
        chapters: average(10_000),
        codes,
        source: label.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WITS: &str = "HS_6d,HS_4d,HS_2d,ISIC4_4d,ISIC4_3d,ISIC4_2d,ISIC4_1d\n\
        847130,8471,84,2610,261,26,C\n847130,8471,84,2620,262,26,C\n\
        847130,8471,84,2817,281,28,C\n847130,8471,84,3320,332,33,C\n\
        847141,8471,84,2620,262,26,C\n050210,0502,05,,,,\n";

    fn class(c: u16) -> Isic {
        Isic {
            division: (c / 100) as u8,
            class: Some(c),
        }
    }

    #[test]
    fn installation_is_dropped_and_the_rest_split_equally() {
        let t = HsIsicTable::parse(WITS, "w.csv").unwrap();
        let (level, links) = t.links(Hs6(847130)).unwrap();
        assert_eq!(level, MatchLevel::Code);
        let third = 1.0 / 3.0;
        assert_eq!(
            links,
            &[
                (class(2610), third),
                (class(2620), third),
                (class(2817), third)
            ]
        );
    }

    #[test]
    fn unknown_subheadings_take_their_headings_average() {
        let t = HsIsicTable::parse(WITS, "w.csv").unwrap();
        let (level, links) = t.links(Hs6(847150)).unwrap();
        assert_eq!(level, MatchLevel::Heading);
        // (1/3 + 0) / 2 for 2610, (1/3 + 1) / 2 for 2620, (1/3 + 0) / 2 for 2817.
        let weights: Vec<f64> = links.iter().map(|l| l.1).collect();
        assert_eq!(weights, [1.0 / 6.0, 2.0 / 3.0, 1.0 / 6.0]);
        assert_eq!(t.links(Hs6(849999)).map(|l| l.0), Some(MatchLevel::Chapter));
        assert_eq!(t.links(Hs6(10121)), None, "chapter 01 is not listed");
    }

    #[test]
    fn a_code_listed_without_a_class_is_unmapped() {
        let t = HsIsicTable::parse(WITS, "w.csv").unwrap();
        assert_eq!(t.links(Hs6(50210)), None);
    }

    #[test]
    fn the_shipped_table_reads_prefixes() {
        let t = HsIsicTable::shipped();
        let (level, links) = t.links(Hs6(270900)).unwrap();
        assert_eq!(level, MatchLevel::Heading);
        assert_eq!(links[0].0.division, 6, "crude oil: extraction of petroleum");
    }

    #[test]
    fn bad_rows_name_file_line_and_field() {
        let err = HsIsicTable::parse("HS_6d,HS_4d,HS_2d,ISIC4_4d\n847130,8471,84,26x0\n", "w.csv")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "w.csv:2: field `ISIC4_4d`: `26x0` is not an ISIC Rev.4 class"
        );
        let err = HsIsicTable::parse("hs,isic_division\n2x,20\n", "c.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.csv:2: field `hs,isic_division`: `2x` is not a 2, 4 or 6-digit HS code"
        );
    }
}
