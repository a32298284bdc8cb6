//! ISIC Rev.4 targets to the industries of an input-output table.
//!
//! * Tables coded in ISIC Rev.4 (OECD ICIO 2021, 2023 and 2025; WIOD 2016; the embedded
//!   example) name their industries by division ranges, and the code is read:
//!   `C10T12` covers divisions 10-12, `A01_02` covers 1 and 2, `D01T02` (ICIO 2021) 1-2,
//!   `C10-C12` (WIOD 2016) 10-12, `M69_M70` 69 and 70, `45T98` 45-98, `C301` division 30,
//!   and a bare section letter (`F`, WIOD 2016) its section. A division goes to the first
//!   industry that covers it.
//! * WIOD 2013's 35 industries are ISIC Rev.3 groupings (`AtB`, `15t16`, `30t33`, ...), so
//!   the code cannot be read as Rev.4: [`WIOD2013_KEY`] is written for chainlens from the
//!   release's industry definitions (Timmer et al. 2015, table of the 35 industries) and
//!   the UNSD ISIC Rev.4 - Rev.3.1 correspondence at division level, with the classes
//!   where a Rev.4 division is split between two WIOD industries: domestic appliances
//!   (2750) were Rev.3 29 (machinery n.e.c.), medical and dental instruments (3250)
//!   Rev.3 33 (in `30t33`), and each repair class of division 33 goes to the industry
//!   that made the good.

use crate::hs_isic::Isic;

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

/// ISIC Rev.4 divisions (first to last) to WIOD 2013 industry codes.
pub const WIOD2013_KEY: [(u8, u8, &str); 44] = [
    (1, 3, "AtB"),
    (5, 9, "C"),
    (10, 12, "15t16"),
    (13, 14, "17t18"),
    (15, 15, "19"),
    (16, 16, "20"),
    (17, 18, "21t22"),
    (19, 19, "23"),
    (20, 21, "24"),
    (22, 22, "25"),
    (23, 23, "26"),
    (24, 25, "27t28"),
    (26, 27, "30t33"),
    (28, 28, "29"),
    (29, 30, "34t35"),
    (31, 32, "36t37"),
    (33, 33, "29"),
    (35, 36, "E"),
    (37, 37, "O"),
    (38, 38, "36t37"),
    (39, 39, "O"),
    (41, 43, "F"),
    (45, 45, "50"),
    (46, 46, "51"),
    (47, 47, "52"),
    (49, 49, "60"),
    (50, 50, "61"),
    (51, 51, "62"),
    (52, 52, "63"),
    (53, 53, "64"),
    (55, 56, "H"),
    (58, 58, "21t22"),
    (59, 60, "O"),
    (61, 61, "64"),
    (62, 63, "71t74"),
    (64, 66, "J"),
    (68, 68, "70"),
    (69, 82, "71t74"),
    (84, 84, "L"),
    (85, 85, "M"),
    (86, 88, "N"),
    (90, 96, "O"),
    (97, 98, "P"),
    (99, 99, "O"),
];

/// WIOD 2013 classes that leave their division's industry.
const WIOD2013_CLASSES: [(u16, &str); 9] = [
    (2750, "29"),
    (3250, "30t33"),
    (3311, "27t28"),
    (3312, "29"),
    (3313, "30t33"),
    (3314, "30t33"),
    (3315, "34t35"),
    (3319, "36t37"),
    (3320, "29"),
];

/// Where each ISIC Rev.4 division (and the classes that leave it) goes in one table.
#[derive(Clone, Debug, PartialEq)]
pub struct IndustryKey {
    by_division: [Option<usize>; 100],
    by_class: Vec<(u16, usize)>,
    /// `ISIC Rev.4 codes` or `WIOD 2013 (ISIC Rev.3)`.
    pub scheme: &'static str,
}

impl IndustryKey {
    /// The key of a table with these industry codes.
    pub fn for_sectors(sectors: &[String]) -> Self {
        if is_wiod2013(sectors) {
            return wiod2013(sectors);
        }
        let mut by_division = [None; 100];
        for (s, code) in sectors.iter().enumerate() {
            for d in sector_divisions(code).unwrap_or_default() {
                let slot = &mut by_division[usize::from(d)];
                slot.get_or_insert(s);
            }
        }
        Self {
            by_division,
            by_class: Vec::new(),
            scheme: "ISIC Rev.4 codes",
        }
    }

    /// The industry (index into the table's sectors) of an ISIC target.
    pub fn industry(&self, isic: Isic) -> Option<usize> {
        let by_class = isic
            .class
            .and_then(|c| self.by_class.iter().find(|k| k.0 == c).map(|k| k.1));
        by_class.or_else(|| *self.by_division.get(usize::from(isic.division))?)
    }

    /// Whether any division reaches an industry (a table whose codes mean nothing to
    /// the key maps no good).
    pub fn is_empty(&self) -> bool {
        self.by_division.iter().all(Option::is_none)
    }
}

fn is_wiod2013(sectors: &[String]) -> bool {
    ["AtB", "15t16", "30t33"]
        .iter()
        .all(|c| sectors.iter().any(|s| s == c))
}

fn wiod2013(sectors: &[String]) -> IndustryKey {
    let index = |code: &str| sectors.iter().position(|s| s == code);
    let mut by_division = [None; 100];
    for &(first, last, code) in &WIOD2013_KEY {
        for d in first..=last {
            by_division[usize::from(d)] = index(code);
        }
    }
    let by_class = WIOD2013_CLASSES
        .iter()
        .filter_map(|&(class, code)| Some((class, index(code)?)))
        .collect();
    IndustryKey {
        by_division,
        by_class,
        scheme: "WIOD 2013 (ISIC Rev.3)",
    }
}

/// The ISIC Rev.4 divisions an industry code covers (`None` if the code cannot be read).
pub fn sector_divisions(code: &str) -> Option<Vec<u8>> {
    let code = code.trim();
    if code.len() == 1 {
        let letter = code.chars().next()?.to_ascii_uppercase();
        let &(_, lo, hi) = SECTIONS.iter().find(|s| s.0 == letter)?;
        return Some((lo..=hi).collect());
    }
    let mut out = Vec::new();
    for part in code.split('_') {
        let (first, last) = match part.split_once(['T', '-']) {
            Some((a, b)) => (division(a)?, division(b)?),
            None => (division(part)?, division(part)?),
        };
        if first > last {
            return None;
        }
        out.extend(first..=last);
    }
    Some(out)
}

/// The division of one part of a code: `C10`, `10`, `D01`, `C301` -> 30.
fn division(part: &str) -> Option<u8> {
    let digits = part.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let d: u8 = digits.get(..2)?.parse().ok()?;
    (1..=99).contains(&d).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn class(c: u16) -> Isic {
        Isic {
            division: (c / 100) as u8,
            class: Some(c),
        }
    }

    #[test]
    fn industry_codes_are_read_as_division_ranges() {
        assert_eq!(sector_divisions("C10T12"), Some(vec![10, 11, 12]));
        assert_eq!(sector_divisions("01T02"), Some(vec![1, 2]));
        assert_eq!(sector_divisions("D01T02"), Some(vec![1, 2]));
        assert_eq!(sector_divisions("A01_02"), Some(vec![1, 2]));
        assert_eq!(sector_divisions("C10-C12"), Some(vec![10, 11, 12]));
        assert_eq!(sector_divisions("M69_M70"), Some(vec![69, 70]));
        assert_eq!(sector_divisions("C301"), Some(vec![30]));
        assert_eq!(sector_divisions("F"), Some(vec![41, 42, 43]));
        assert_eq!(sector_divisions("45T98").map(|d| d.len()), Some(54));
        assert_eq!(sector_divisions("agr"), None);
        assert_eq!(sector_divisions("S00"), None, "division 00 does not exist");
    }

    #[test]
    fn icio_2023_codes() {
        let key = IndustryKey::for_sectors(&codes(&["A01_02", "C26", "C27", "C28", "C31T33"]));
        assert_eq!(key.industry(class(2620)), Some(1));
        assert_eq!(key.industry(class(2817)), Some(3));
        assert_eq!(key.industry(class(3320)), Some(4));
        assert_eq!(
            key.industry(class(1010)),
            None,
            "no food industry in this table"
        );
        assert_eq!(key.scheme, "ISIC Rev.4 codes");
    }

    #[test]
    fn wiod_2013_reads_rev4_through_its_key() {
        let sectors = codes(&["AtB", "15t16", "24", "27t28", "29", "30t33", "34t35", "O"]);
        let key = IndustryKey::for_sectors(&sectors);
        assert_eq!(key.scheme, "WIOD 2013 (ISIC Rev.3)");
        assert_eq!(
            key.industry(class(2011)),
            Some(2),
            "basic chemicals: Rev.3 24"
        );
        assert_eq!(
            key.industry(class(2100)),
            Some(2),
            "pharmaceuticals: Rev.3 24"
        );
        assert_eq!(key.industry(class(2420)), Some(3), "basic metals: Rev.3 27");
        assert_eq!(key.industry(class(2620)), Some(5), "computers: Rev.3 30");
        assert_eq!(
            key.industry(class(2750)),
            Some(4),
            "domestic appliances: Rev.3 29"
        );
        assert_eq!(
            key.industry(class(3250)),
            Some(5),
            "medical instruments: Rev.3 33"
        );
        assert_eq!(key.industry(class(9000)), Some(7), "arts: Rev.3 92 in O");
        assert_eq!(
            key.industry(class(1410)),
            None,
            "17t18 is not in this small table"
        );
    }

    #[test]
    fn every_rev4_division_has_a_wiod_2013_industry() {
        let all: Vec<String> = [
            "AtB", "C", "15t16", "17t18", "19", "20", "21t22", "23", "24", "25", "26", "27t28",
            "29", "30t33", "34t35", "36t37", "E", "F", "50", "51", "52", "H", "60", "61", "62",
            "63", "64", "J", "70", "71t74", "L", "M", "N", "O", "P",
        ]
        .map(String::from)
        .to_vec();
        let key = IndustryKey::for_sectors(&all);
        let rev4_divisions = SECTIONS.iter().flat_map(|&(_, lo, hi)| lo..=hi);
        for d in rev4_divisions.filter(|d| ![4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89].contains(d))
        {
            let isic = Isic {
                division: d,
                class: None,
            };
            assert!(key.industry(isic).is_some(), "division {d}");
        }
    }
}
