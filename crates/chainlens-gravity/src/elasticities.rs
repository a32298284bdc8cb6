//! Sector trade elasticities `theta^j` for the Caliendo-Parro model (METHODS §3, many
//! sectors): from a CSV file (`sector,theta`, one line per sector of the table), a uniform
//! value, or the per-sector estimates of Caliendo & Parro (2015) mapped to WIOD 2013's 35
//! industries or to ISIC Rev.4 industry codes (OECD ICIO 2021, 2023, 2025; WIOD 2016).
//!
//! # Parameters and defaults
//! * Uniform `theta = 5` ([`DEFAULT_THETA`]): the central value of Head & Mayer (2014)'s
//!   meta-analysis of structural gravity estimates and the value Costinot &
//!   Rodriguez-Clare (2014) use in their benchmark.
//! * [`CALIENDO_PARRO_2015_WIOD`]: Caliendo & Parro (2015, Review of Economic Studies
//!   82(1)), Table 1, preferred (99 % sample) estimates by ISIC Rev.3 sector: agriculture
//!   8.11, mining 15.72, food 2.55, textiles 5.56, wood 10.83, paper 9.07, petroleum 51.08,
//!   chemicals 4.75, plastic 1.66, minerals 2.76, basic metals 7.99, metal products 4.30,
//!   machinery n.e.c. 1.52, office 12.79, electrical 10.60, communication 7.07, medical
//!   8.98, auto 1.01, other transport 0.37, other 5.00; services, which the paper does not
//!   estimate, 5. Where one WIOD industry spans several of the paper's sectors the simple
//!   mean is used: `27t28` basic and fabricated metals (7.99, 4.30) 6.145, `30t33`
//!   electrical and optical equipment (12.79, 10.60, 7.07, 8.98) 9.86, `34t35` transport
//!   equipment (1.01, 0.37) 0.69; `19` leather takes textiles' 5.56.
//! * [`CALIENDO_PARRO_2015_REV4`]: the same values by ISIC Rev.4 division, through the
//!   division-level correspondence to ISIC Rev.3: 01-03 agriculture, 05-09 mining, 10-12
//!   food, 13-15 textiles (leather included), 16 wood, 17-18 paper and printing, 19
//!   petroleum, 20-21 chemicals (pharmaceuticals were Rev.3 24), 22 plastic (rubber and
//!   plastics), 23 minerals, 24 basic metals 7.99, 25 metal products 4.30, 26 computer,
//!   electronic and optical products 9.61 (mean of office 12.79, communication 7.07 and
//!   medical 8.98, the Rev.3 divisions 30, 32, 33 it gathers), 27 electrical equipment
//!   10.60, 28 machinery n.e.c. 1.52, 29 motor vehicles (auto) 1.01, 30 other transport
//!   0.37, 31-32 furniture and other manufacturing (other) 5.00, and 33 (repair and
//!   installation) and 35-99 (services), which the paper does not estimate, 5. An
//!   industry code is read as the divisions it covers (`C10T12`, `A01_02`, `C24A`, `C301`:
//!   the reader is the caller's, `chainlens_exposure::industries::sector_divisions` in the
//!   engine) and gets the mean over them; in the OECD ICIO codes every industry's
//!   divisions share one value.
//!
//! **To be checked:** the Table 1 values were typed from recollection of the paper
//! without a copy to compare here; check them before citing results that use them.

use crate::GravityError;
use crate::csv_list::{Record, bad_value, read_columns};

/// The uniform elasticity when no other is given.
pub const DEFAULT_THETA: f64 = 5.0;

/// Caliendo & Parro (2015) Table 1 on WIOD 2013's industry codes (see the module doc).
pub const CALIENDO_PARRO_2015_WIOD: [(&str, f64); 35] = [
    ("AtB", 8.11),
    ("C", 15.72),
    ("15t16", 2.55),
    ("17t18", 5.56),
    ("19", 5.56),
    ("20", 10.83),
    ("21t22", 9.07),
    ("23", 51.08),
    ("24", 4.75),
    ("25", 1.66),
    ("26", 2.76),
    ("27t28", 6.145),
    ("29", 1.52),
    ("30t33", 9.86),
    ("34t35", 0.69),
    ("36t37", 5.0),
    ("E", 5.0),
    ("F", 5.0),
    ("50", 5.0),
    ("51", 5.0),
    ("52", 5.0),
    ("H", 5.0),
    ("60", 5.0),
    ("61", 5.0),
    ("62", 5.0),
    ("63", 5.0),
    ("64", 5.0),
    ("J", 5.0),
    ("70", 5.0),
    ("71t74", 5.0),
    ("L", 5.0),
    ("M", 5.0),
    ("N", 5.0),
    ("O", 5.0),
    ("P", 5.0),
];

/// Caliendo & Parro (2015) Table 1 by ISIC Rev.4 divisions, first to last (see the module
/// doc).
pub const CALIENDO_PARRO_2015_REV4: [(u8, u8, f64); 20] = [
    (1, 3, 8.11),
    (5, 9, 15.72),
    (10, 12, 2.55),
    (13, 15, 5.56),
    (16, 16, 10.83),
    (17, 18, 9.07),
    (19, 19, 51.08),
    (20, 21, 4.75),
    (22, 22, 1.66),
    (23, 23, 2.76),
    (24, 24, 7.99),
    (25, 25, 4.30),
    (26, 26, (12.79 + 7.07 + 8.98) / 3.0),
    (27, 27, 10.60),
    (28, 28, 1.52),
    (29, 29, 1.01),
    (30, 30, 0.37),
    (31, 32, 5.0),
    (33, 33, 5.0),
    (35, 99, 5.0),
];

/// The built-in table's elasticities for `sectors`: WIOD 2013's when every sector is one
/// of its 35 industries, otherwise each sector's ISIC Rev.4 divisions (`divisions` reads
/// a code, `None` when it cannot) through [`CALIENDO_PARRO_2015_REV4`]; or the first
/// sector neither covers.
pub fn caliendo_parro_2015(
    sectors: &[String],
    divisions: impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<Vec<f64>, GravityError> {
    let wiod = |s: &str| {
        CALIENDO_PARRO_2015_WIOD
            .iter()
            .find(|(code, _)| *code == s)
            .map(|(_, theta)| *theta)
    };
    let rev4 = |s: &str| {
        let divisions = divisions(s).filter(|d| !d.is_empty())?;
        let values = divisions
            .iter()
            .map(|&d| {
                CALIENDO_PARRO_2015_REV4
                    .iter()
                    .find(|(lo, hi, _)| (*lo..=*hi).contains(&d))
                    .map(|(_, _, theta)| *theta)
            })
            .collect::<Option<Vec<f64>>>()?;
        Some(values.iter().sum::<f64>() / values.len() as f64)
    };
    let all_wiod = sectors.iter().all(|s| wiod(s).is_some());
    sectors
        .iter()
        .map(|s| {
            let theta = if all_wiod { wiod(s) } else { rev4(s) };
            theta.ok_or_else(|| GravityError::Estimation {
                file: "elasticities = \"caliendo-parro-2015\"".into(),
                message: format!(
                    "no elasticity for sector `{s}`: the built-in table covers WIOD 2013's 35 industries and ISIC Rev.4 industry codes (`C10T12`, `A01_02`, ...)\nhint: give a file with --elasticities (sector,theta)"
                ),
            })
        })
        .collect()
}

/// The elasticity of every sector of `sectors` from CSV `text` (`sector,theta`); `label`
/// names the file in errors.
pub fn elasticities_from_csv(
    text: &str,
    label: &str,
    sectors: &[String],
) -> Result<Vec<f64>, GravityError> {
    let bad = |line: u64, column: &str, message: String| bad_value(label, line, column, message);
    let mut theta: Vec<Option<(f64, u64)>> = vec![None; sectors.len()];
    for Record { line, values } in read_columns(text, label, &["sector", "theta"])? {
        let (code, value) = (values[0].as_str(), values[1].as_str());
        let j = sectors.iter().position(|s| s == code).ok_or_else(|| {
            let message = format!(
                "unknown sector `{code}` (the table's: {})",
                sectors.join(", ")
            );
            bad(line, "sector", message)
        })?;
        let v: f64 = value
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v > 0.0)
            .ok_or_else(|| bad(line, "theta", format!("`{value}` is not a positive number")))?;
        if let Some((_, first)) = theta[j] {
            let message = format!("`{code}` is already given on line {first}");
            return Err(bad(line, "sector", message));
        }
        theta[j] = Some((v, line));
    }
    sectors
        .iter()
        .zip(&theta)
        .map(|(s, t)| {
            t.map(|(v, _)| v).ok_or_else(|| GravityError::Incomplete {
                file: label.into(),
                message: format!("no elasticity for sector `{s}`"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_and_its_errors() {
        let sectors: Vec<String> = ["agr", "man"].map(String::from).to_vec();
        let t = elasticities_from_csv("sector,theta\nman,4\nagr,8.5\n", "e.csv", &sectors);
        assert_eq!(t.unwrap(), [8.5, 4.0]);
        let cases = [
            (
                "sector,theta\nagr,8\n",
                "e.csv: no elasticity for sector `man`",
            ),
            (
                "sector,theta\nagr,8\nsrv,5\n",
                "e.csv:3: column `sector`: unknown sector `srv` (the table's: agr, man)",
            ),
            (
                "sector,theta\nagr,-1\n",
                "e.csv:2: column `theta`: `-1` is not a positive number",
            ),
            (
                "sector,theta\nagr,8\nagr,7\n",
                "e.csv:3: column `sector`: `agr` is already given on line 2",
            ),
        ];
        for (text, want) in cases {
            let e = elasticities_from_csv(text, "e.csv", &sectors).unwrap_err();
            assert_eq!(e.to_string(), want);
        }
    }

    /// A stand-in for the engine's reader of ISIC Rev.4 codes: `C26` -> [26],
    /// `C10T12` -> [10, 11, 12], `A01_02` -> [1, 2], nothing else.
    fn divisions(code: &str) -> Option<Vec<u8>> {
        match code {
            "C26" => Some(vec![26]),
            "C10T12" => Some(vec![10, 11, 12]),
            "A01_02" => Some(vec![1, 2]),
            "C31T33" => Some(vec![31, 32, 33]),
            "J62_63" => Some(vec![62, 63]),
            _ => None,
        }
    }

    #[test]
    fn the_built_in_table_covers_wiod() {
        let codes: Vec<String> = CALIENDO_PARRO_2015_WIOD
            .iter()
            .map(|(c, _)| c.to_string())
            .collect();
        let t = caliendo_parro_2015(&codes, divisions).unwrap();
        assert_eq!(t[7], 51.08);
        let e = caliendo_parro_2015(&["D01T02".into()], divisions).unwrap_err();
        assert!(e.to_string().contains("no elasticity for sector `D01T02`"));
    }

    #[test]
    fn rev4_codes_take_the_values_of_their_divisions() {
        let codes: Vec<String> = ["A01_02", "C10T12", "C26", "C31T33", "J62_63"]
            .map(String::from)
            .to_vec();
        let t = caliendo_parro_2015(&codes, divisions).unwrap();
        // Agriculture 8.11, food 2.55, (12.79 + 7.07 + 8.98) / 3, other 5, services 5.
        assert_eq!(t[..2], [8.11, 2.55]);
        assert!((t[2] - (12.79 + 7.07 + 8.98) / 3.0).abs() < 1e-12);
        assert_eq!(t[3..], [5.0, 5.0]);
        // Every division 1..=99 that ISIC Rev.4 has is covered (4 and 34 do not exist).
        for d in (1..=99u8).filter(|d| ![4, 34].contains(d)) {
            let covered = CALIENDO_PARRO_2015_REV4
                .iter()
                .any(|(lo, hi, _)| (*lo..=*hi).contains(&d));
            assert!(covered, "division {d}");
        }
    }
}
