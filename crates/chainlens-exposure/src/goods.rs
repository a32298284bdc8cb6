//! HS6 goods to the industries of one table: [`HsIsicTable`] links carried through the
//! table's [`IndustryKey`], split among industries by a [`SplitRule`].
//!
//! A good's weights over industries add up to 1 minus its unmapped share (ISIC targets
//! the table has no industry for); a good with no ISIC link at all is wholly unmapped.

use crate::hs_isic::{HsIsicTable, MatchLevel};
use crate::industries::IndustryKey;
use chainlens_model::{Hs6, IcioTable};
use serde::{Deserialize, Serialize};

/// How a good linked to several industries is shared among them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitRule {
    /// Equally over the good's ISIC classes (then summed by industry).
    #[default]
    Equal,
    /// The equal weights scaled by each industry's world gross output in the table, so a
    /// good the concordance links to computers and to machinery splits as the world makes
    /// them.
    Output,
}

/// Where one good goes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Placement {
    /// `(industry, weight)`, industries in table order.
    pub industries: Vec<(usize, f64)>,
    /// The weight that reaches no industry of the table.
    pub unmapped: f64,
    /// How the good found its ISIC targets (`None`: it found none).
    pub level: Option<MatchLevel>,
}

/// HS6 goods to one table's industries.
#[derive(Clone, Debug)]
pub struct GoodsToIndustries<'a> {
    concordance: &'a HsIsicTable,
    key: IndustryKey,
    /// Per industry, the factor of [`SplitRule::Output`] (all 1 for equal splits).
    scale: Vec<f64>,
}

impl<'a> GoodsToIndustries<'a> {
    /// The link for `table`'s industries.
    pub fn new(concordance: &'a HsIsicTable, table: &IcioTable, rule: SplitRule) -> Self {
        let sectors = table.n_sectors();
        let scale = match rule {
            SplitRule::Equal => vec![1.0; sectors],
            SplitRule::Output => (0..sectors)
                .map(|s| table.x.iter().skip(s).step_by(sectors).sum())
                .collect(),
        };
        Self {
            concordance,
            key: IndustryKey::for_sectors(&table.sectors),
            scale,
        }
    }

    /// The industry key (its scheme names how codes were read).
    pub fn key(&self) -> &IndustryKey {
        &self.key
    }

    /// Where `good` goes.
    pub fn place(&self, good: Hs6) -> Placement {
        let Some((level, links)) = self.concordance.links(good) else {
            return Placement {
                industries: Vec::new(),
                unmapped: 1.0,
                level: None,
            };
        };
        let mut industries: Vec<(usize, f64)> = Vec::new();
        let mut unmapped = 0.0;
        for &(isic, w) in links {
            match self.key.industry(isic) {
                Some(s) => match industries.iter_mut().find(|e| e.0 == s) {
                    Some(e) => e.1 += w,
                    None => industries.push((s, w)),
                },
                None => unmapped += w,
            }
        }
        industries.sort_by_key(|e| e.0);
        self.rescale(&mut industries, 1.0 - unmapped);
        Placement {
            industries,
            unmapped,
            level: Some(level),
        }
    }

    /// Scales the weights by the rule's factors, keeping their sum at `mapped`.
    fn rescale(&self, industries: &mut [(usize, f64)], mapped: f64) {
        let scaled: f64 = industries.iter().map(|&(s, w)| w * self.scale[s]).sum();
        if scaled <= 0.0 || industries.len() < 2 {
            return;
        }
        for (s, w) in industries.iter_mut() {
            *w = *w * self.scale[*s] / scaled * mapped;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(sectors: &[&str], x: &[f64]) -> IcioTable {
        let n = x.len();
        IcioTable {
            countries: vec!["AAA".into()],
            sectors: sectors.iter().map(|s| s.to_string()).collect(),
            z: vec![0.0; n * n],
            y: vec![0.0; 0],
            fd_columns: Vec::new(),
            va: x.to_vec(),
            x: x.to_vec(),
            extensions: Vec::new(),
            unit: "USD million".into(),
        }
    }

    const WITS: &str = "HS_6d,HS_4d,HS_2d,ISIC4_4d,ISIC4_3d,ISIC4_2d,ISIC4_1d\n\
        847130,8471,84,2610,261,26,C\n847130,8471,84,2620,262,26,C\n\
        847130,8471,84,2817,281,28,C\n030617,0306,03,0311,031,03,A\n\
        030617,0306,03,1020,102,10,C\n";

    #[test]
    fn classes_sum_into_industries() {
        let c = HsIsicTable::parse(WITS, "w.csv").unwrap();
        let t = table(&["C26", "C28"], &[100.0, 300.0]);
        let link = GoodsToIndustries::new(&c, &t, SplitRule::Equal);
        let p = link.place(Hs6(847130));
        assert_eq!(p.industries, vec![(0, 2.0 / 3.0), (1, 1.0 / 3.0)]);
        assert_eq!(p.unmapped, 0.0);
        // Output rule: 2/3 * 100 against 1/3 * 300 -> 0.4 and 0.6.
        let link = GoodsToIndustries::new(&c, &t, SplitRule::Output);
        let p = link.place(Hs6(847130));
        assert!((p.industries[0].1 - 0.4).abs() < 1e-15 && (p.industries[1].1 - 0.6).abs() < 1e-15);
    }

    #[test]
    fn targets_without_an_industry_are_unmapped() {
        let c = HsIsicTable::parse(WITS, "w.csv").unwrap();
        let t = table(&["A03", "C26"], &[1.0, 1.0]);
        let p = GoodsToIndustries::new(&c, &t, SplitRule::Output).place(Hs6(30617));
        assert_eq!(
            p.industries,
            vec![(0, 0.5)],
            "frozen shrimp: fishing, not food"
        );
        assert_eq!(p.unmapped, 0.5);
        let none = GoodsToIndustries::new(&c, &t, SplitRule::Equal).place(Hs6(10121));
        assert_eq!((none.unmapped, none.level), (1.0, None));
    }
}
