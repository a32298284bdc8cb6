//! Sector trade elasticities `theta^j` for the Caliendo-Parro model (METHODS §3, many
//! sectors): from a CSV file (`sector,theta`, one line per sector of the table), a uniform
//! value, or the per-sector estimates of Caliendo & Parro (2015) mapped to WIOD 2013's 35
//! industries.
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

use crate::GravityError;

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

/// The built-in table's elasticities for `sectors`, or the first sector it lacks.
pub fn caliendo_parro_2015(sectors: &[String]) -> Result<Vec<f64>, GravityError> {
    sectors
        .iter()
        .map(|s| {
            CALIENDO_PARRO_2015_WIOD
                .iter()
                .find(|(code, _)| code == s)
                .map(|(_, theta)| *theta)
                .ok_or_else(|| GravityError::Estimation {
                    file: "elasticities = \"caliendo-parro-2015\"".into(),
                    message: format!(
                        "no elasticity for sector `{s}`: the built-in table covers WIOD 2013's 35 industries\nhint: give a file with --elasticities (sector,theta)"
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
    let bad = |line: u64, column: &str, message: String| GravityError::BadValue {
        file: label.into(),
        line,
        column: column.into(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| bad(1, "", e.to_string()))?
        .clone();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| GravityError::MissingColumn {
                file: label.into(),
                column: name.into(),
                available: header.iter().collect::<Vec<_>>().join(", "),
            })
    };
    let (sector_col, theta_col) = (find("sector")?, find("theta")?);
    let mut theta: Vec<Option<(f64, u64)>> = vec![None; sectors.len()];
    for record in reader.records() {
        let record =
            record.map_err(|e| bad(e.position().map_or(0, |p| p.line()), "", e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let code = record.get(sector_col).unwrap_or("").trim();
        let value = record.get(theta_col).unwrap_or("").trim();
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

    #[test]
    fn the_built_in_table_covers_wiod() {
        let codes: Vec<String> = CALIENDO_PARRO_2015_WIOD
            .iter()
            .map(|(c, _)| c.to_string())
            .collect();
        let t = caliendo_parro_2015(&codes).unwrap();
        assert_eq!(t[7], 51.08);
        let e = caliendo_parro_2015(&["D01T02".into()]).unwrap_err();
        assert!(e.to_string().contains("no elasticity for sector `D01T02`"));
    }
}
