//! The "paradox" table: does GVC position rise with external reliance?
//!
//! # What it measures
//! Across the country-sectors of one industry group, the Pearson correlation
//! of GVC position with external reliance (foreign value-added share of
//! exports). The UIBE GVC indicators show it positive for technology-intensive
//! industries (the upstream producers of parts also import the most foreign
//! technology) and not for labour-intensive ones.
//!
//! # Formula
//! `corr(position, reliance)` over country-sectors `i` of the group with
//! positive exports, for the Koopman et al. (2010) position and the WWYZ
//! (2017) GVC position index (METHODS §2). Fewer than 3 observations or a
//! constant series give `NaN`.
//!
//! # Parameters and defaults
//! [`IndustryGroups::default`]: ISIC Rev. 4 divisions as used by OECD ICIO
//! and WIOD (codes compared after dropping a leading `D`/`C`/`_` and upper-casing):
//!
//! | group | codes |
//! |---|---|
//! | technology-intensive | `20`, `21`, `20T21`, `26`, `27`, `28`, `29`, `30`, `29T30` |
//! | labour-intensive | `13T15`, `16`, `31T33`, `31_32` |
//!
//! Technology-intensive follows the OECD R&D-intensity taxonomy (high and
//! medium-high manufacturing, Galindo-Rueda & Verger 2016); labour-intensive
//! follows Lall (2000) (textiles, apparel, leather, wood, furniture and other
//! manufacturing). Override with any list of named groups.
//!
//! [`IndustryGroups::isic_rev3`]: the same groups in the ISIC Rev. 3 codes of
//! the WIOD 2013 release (`24` chemicals, `29` machinery, `30t33` electrical
//! and optical, `34t35` transport equipment; `17t18` textiles, `19` leather,
//! `20` wood, `36t37` other manufacturing). Rev. 4 and Rev. 3 share codes with
//! other meanings (`20` is chemicals in Rev. 4, wood in Rev. 3), so
//! [`IndustryGroups::for_sectors`] picks the classification from the table's
//! codes (WIOD 2013 has `AtB` and `15t16`), and returns `None` when the table
//! uses neither (the pymrio test system's `food`, `mining`, ...): the caller
//! then says that the paradox table needs industry groups instead of
//! printing a table of `NaN` ([`missing_classification`]).
//!
//! # Reference
//! Seed 000 of this project (UIBE GVC indicators); Koopman et al. (2010); Wang,
//! Wei, Yu & Zhu (2017).
//!
//! # Complexity
//! O(N).

/// Named industry groups, each a list of sector codes.
#[derive(Clone, Debug, PartialEq)]
pub struct IndustryGroups {
    /// `(group name, sector codes)`.
    pub groups: Vec<(String, Vec<String>)>,
}

impl Default for IndustryGroups {
    fn default() -> Self {
        let g = |name: &str, codes: &[&str]| {
            (
                name.to_string(),
                codes.iter().map(|c| (*c).to_string()).collect(),
            )
        };
        Self {
            groups: vec![
                g(
                    "technology-intensive",
                    &["20", "21", "20T21", "26", "27", "28", "29", "30", "29T30"],
                ),
                g("labour-intensive", &["13T15", "16", "31T33", "31_32"]),
            ],
        }
    }
}

impl IndustryGroups {
    /// The default groups in the ISIC Rev. 3 codes of WIOD 2013.
    pub fn isic_rev3() -> Self {
        let g = |name: &str, codes: &[&str]| {
            (
                name.to_string(),
                codes.iter().map(|c| (*c).to_string()).collect(),
            )
        };
        Self {
            groups: vec![
                g("technology-intensive", &["24", "29", "30t33", "34t35"]),
                g("labour-intensive", &["17t18", "19", "20", "36t37"]),
            ],
        }
    }

    /// The groups of the classification the table's sector codes use: ISIC
    /// Rev. 3 (WIOD 2013, recognised by `AtB` or `15t16`), else ISIC Rev. 4
    /// when some code is in a default group, else `None`.
    pub fn for_sectors(sectors: &[String]) -> Option<Self> {
        let rev3 = sectors
            .iter()
            .any(|s| s.eq_ignore_ascii_case("AtB") || s.eq_ignore_ascii_case("15t16"));
        let groups = if rev3 {
            Self::isic_rev3()
        } else {
            Self::default()
        };
        (groups.matched(sectors) > 0).then_some(groups)
    }

    /// How many of `sectors` belong to some group.
    pub fn matched(&self, sectors: &[String]) -> usize {
        sectors
            .iter()
            .filter(|s| self.group_of(s).is_some())
            .count()
    }
}

/// A message for the caller when no sector of the table is in any group
/// (the paradox table would be all `NaN`); `None` when some sector is.
pub fn missing_classification(sectors: &[String], groups: &IndustryGroups) -> Option<String> {
    if groups.matched(sectors) > 0 {
        return None;
    }
    let shown: Vec<&str> = sectors.iter().take(8).map(String::as_str).collect();
    Some(format!(
        "no paradox table: none of the table's sectors ({}{}) is in an industry group ({})\nhint: give industry groups written in the table's sector codes",
        shown.join(", "),
        if sectors.len() > 8 { ", ..." } else { "" },
        groups
            .groups
            .iter()
            .map(|(g, c)| format!("{g}: {}", c.join(" ")))
            .collect::<Vec<_>>()
            .join("; ")
    ))
}

/// Normalised sector code: upper case, without a leading `D`, `C` or `_`.
pub fn normalise_code(code: &str) -> String {
    let c = code.trim().to_ascii_uppercase();
    c.trim_start_matches(['D', 'C', '_']).to_string()
}

impl IndustryGroups {
    /// The group of a sector label, if any.
    pub fn group_of(&self, sector: &str) -> Option<usize> {
        let s = normalise_code(sector);
        self.groups
            .iter()
            .position(|(_, codes)| codes.iter().any(|c| normalise_code(c) == s))
    }
}

/// One row of the paradox table.
#[derive(Clone, Debug, PartialEq)]
pub struct ParadoxRow {
    /// Group name.
    pub group: String,
    /// Country-sectors in the group with positive exports.
    pub observations: usize,
    /// Mean external reliance.
    pub mean_reliance: f64,
    /// Mean Koopman position.
    pub mean_position: f64,
    /// Pearson correlation of Koopman position with reliance.
    pub corr_koopman_position: f64,
    /// Pearson correlation of the WWYZ GVC position index with reliance.
    pub corr_wwyz_position: f64,
}

/// Pearson correlation of paired finite values; `NaN` below 3 pairs or with no variance.
pub fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|(x, y)| (*x, *y))
        .collect();
    let n = pairs.len() as f64;
    if pairs.len() < 3 {
        return f64::NAN;
    }
    let ma = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let mb = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    if saa == 0.0 || sbb == 0.0 {
        return f64::NAN;
    }
    sab / (saa * sbb).sqrt()
}

/// Builds the table from per-country-sector series (all of length N).
pub fn paradox_table(
    sectors: &[String],
    exports: &[f64],
    reliance: &[f64],
    koopman_position: &[f64],
    wwyz_position: &[f64],
    groups: &IndustryGroups,
) -> Vec<ParadoxRow> {
    let s = sectors.len().max(1);
    groups
        .groups
        .iter()
        .enumerate()
        .map(|(gi, (name, _))| {
            let idx: Vec<usize> = (0..exports.len())
                .filter(|&i| groups.group_of(&sectors[i % s]) == Some(gi) && exports[i] > 0.0)
                .collect();
            let pick = |v: &[f64]| idx.iter().map(|&i| v[i]).collect::<Vec<f64>>();
            let (r, kp, wp) = (pick(reliance), pick(koopman_position), pick(wwyz_position));
            let mean = |v: &[f64]| {
                if v.is_empty() {
                    f64::NAN
                } else {
                    v.iter().sum::<f64>() / v.len() as f64
                }
            };
            ParadoxRow {
                group: name.clone(),
                observations: idx.len(),
                mean_reliance: mean(&r),
                mean_position: mean(&kp),
                corr_koopman_position: pearson(&kp, &r),
                corr_wwyz_position: pearson(&wp, &r),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_and_correlation() {
        let g = IndustryGroups::default();
        assert_eq!(g.group_of("D26"), Some(0));
        assert_eq!(g.group_of("C13T15"), Some(1));
        assert_eq!(g.group_of("45T98"), None);
        // perfectly linear: +1 and -1
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-15);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-15);
        assert!(pearson(&[1.0, 2.0], &[1.0, 2.0]).is_nan());
    }

    #[test]
    fn classification_from_the_sector_codes() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_string()).collect::<Vec<_>>();
        let wiod13 = s(&["AtB", "C", "15t16", "20", "24"]);
        let g = IndustryGroups::for_sectors(&wiod13).unwrap();
        assert_eq!(g, IndustryGroups::isic_rev3());
        assert_eq!(g.group_of("20"), Some(1)); // wood: labour-intensive in Rev. 3
        assert_eq!(IndustryGroups::default().group_of("20"), Some(0)); // chemicals in Rev. 4
        let oecd = s(&["01T02", "20", "26"]);
        assert_eq!(
            IndustryGroups::for_sectors(&oecd),
            Some(IndustryGroups::default())
        );
        let pymrio = s(&["food", "mining"]);
        assert_eq!(IndustryGroups::for_sectors(&pymrio), None);
        let m = missing_classification(&pymrio, &IndustryGroups::default()).unwrap();
        assert!(m.starts_with("no paradox table: none of the table's sectors (food, mining) is in an industry group (technology-intensive: 20 21"), "{m}");
    }
}
