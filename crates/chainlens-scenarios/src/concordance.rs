//! Goods to input-output industries: HS codes to ISIC Rev.4 divisions (the shipped
//! `data/reference/hs_isic4_division.csv`, written for chainlens at HS chapter/heading level,
//! or a user's file), and ISIC divisions to the sectors of an ICIO table by reading the
//! sector codes (`C10T12` covers divisions 10-12, `A01_02` covers 1 and 2, `45T98` covers
//! 45-98, a bare section letter such as `D` covers its section).

use crate::ScenarioError;
use chainlens_model::Hs6;
use std::collections::BTreeMap;

const SHIPPED: &str = include_str!("../../../data/reference/hs_isic4_division.csv");

/// HS prefix (2, 4 or 6 digits) -> ISIC Rev.4 division; the longest prefix wins.
#[derive(Clone, Debug, PartialEq)]
pub struct HsIsicConcordance {
    by_prefix: BTreeMap<String, u8>,
}

impl HsIsicConcordance {
    /// The shipped table.
    pub fn shipped() -> Self {
        Self::parse(SHIPPED, "<embedded>/hs_isic4_division.csv")
            .expect("shipped concordance is valid")
    }

    /// Parses `hs,isic_division` rows.
    pub fn parse(text: &str, label: &str) -> Result<Self, ScenarioError> {
        let mut by_prefix = BTreeMap::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            let bad = |message: String| ScenarioError::Invalid {
                file: label.into(),
                line: i + 1,
                key: "hs,isic_division".into(),
                message,
            };
            if line.trim().is_empty() {
                continue;
            }
            let (hs, division) = line
                .split_once(',')
                .ok_or_else(|| bad(format!("`{line}` is not `hs,isic_division`")))?;
            let hs = hs.trim();
            if ![2, 4, 6].contains(&hs.len()) || !hs.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(format!("`{hs}` is not a 2, 4 or 6-digit HS code")));
            }
            let division: u8 = division
                .trim()
                .parse()
                .ok()
                .filter(|d| (1..=99).contains(d))
                .ok_or_else(|| {
                    bad(format!(
                        "`{}` is not an ISIC division 01-99",
                        division.trim()
                    ))
                })?;
            by_prefix.insert(hs.to_string(), division);
        }
        Ok(Self { by_prefix })
    }

    /// The division of a good, if its chapter is covered.
    pub fn division(&self, good: Hs6) -> Option<u8> {
        let code = good.to_string();
        [6, 4, 2]
            .iter()
            .find_map(|&n| self.by_prefix.get(&code[..n]).copied())
    }
}

/// ISIC Rev.4 sections and their divisions.
const SECTIONS: [(char, u8, u8); 21] = [
    ('A', 1, 3),
    ('B', 5, 9),
    ('C', 10, 33),
    ('D', 35, 35),
    ('E', 36, 39),
    ('F', 41, 43),
    ('G', 45, 47),
    ('H', 49, 53),
    ('I', 55, 56),
    ('J', 58, 63),
    ('K', 64, 66),
    ('L', 68, 68),
    ('M', 69, 75),
    ('N', 77, 82),
    ('O', 84, 84),
    ('P', 85, 85),
    ('Q', 86, 88),
    ('R', 90, 93),
    ('S', 94, 96),
    ('T', 97, 98),
    ('U', 99, 99),
];

/// The ISIC divisions an ICIO sector code covers (`None` if the code cannot be read).
pub fn sector_divisions(code: &str) -> Option<Vec<u8>> {
    let trimmed = code.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    if trimmed.is_empty() {
        if code.len() != 1 {
            return None;
        }
        let letter = code.chars().next()?.to_ascii_uppercase();
        let &(_, lo, hi) = SECTIONS.iter().find(|s| s.0 == letter)?;
        return Some((lo..=hi).collect());
    }
    let two = |s: &str| -> Option<u8> { s.get(..2)?.parse().ok() };
    let mut out = Vec::new();
    for part in trimmed.split('_') {
        match part.split_once('T') {
            Some((a, b)) => out.extend(two(a)?..=two(b)?),
            None => out.push(two(part)?),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins() {
        let c = HsIsicConcordance::shipped();
        assert_eq!(
            c.division(Hs6(854231)),
            Some(26),
            "processors: electronic components"
        );
        assert_eq!(
            c.division(Hs6(850440)),
            Some(27),
            "static converters: electrical equipment"
        );
        assert_eq!(c.division(Hs6(270900)), Some(6), "crude oil");
        assert_eq!(c.division(Hs6(271012)), Some(19), "refined products");
        assert_eq!(c.division(Hs6(281111)), Some(20));
        assert_eq!(c.division(Hs6(999999)), None);
    }

    #[test]
    fn sector_codes() {
        assert_eq!(sector_divisions("C10T12"), Some(vec![10, 11, 12]));
        assert_eq!(sector_divisions("01T02"), Some(vec![1, 2]));
        assert_eq!(sector_divisions("A01_02"), Some(vec![1, 2]));
        assert_eq!(sector_divisions("26"), Some(vec![26]));
        assert_eq!(sector_divisions("C301"), Some(vec![30]));
        assert_eq!(sector_divisions("D"), Some(vec![35]));
        assert_eq!(sector_divisions("45T98").map(|d| d.len()), Some(54));
        assert_eq!(sector_divisions("agr"), None);
    }

    #[test]
    fn bad_rows_name_the_line() {
        let err =
            HsIsicConcordance::parse("hs,isic_division\n28,20\n2x,20\n", "c.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.csv:3: key `hs,isic_division`: `2x` is not a 2, 4 or 6-digit HS code"
        );
    }
}
