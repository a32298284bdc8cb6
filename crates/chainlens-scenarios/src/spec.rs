//! Scenario files (TOML): who restricts what to whom, by how much, and whether
//! importers may re-source. [`ScenarioFile`] is the file as written; [`ScenarioFile::check`]
//! resolves countries and goods and returns a [`ValidScenario`] or an error naming the key
//! and the line.
//!
//! ```toml
//! [scenario]
//! name = "Japan's export controls on Korea, 2019"
//! window = "2017-2018"            # optional: years averaged (default: all in the data)
//!
//! [[restriction]]
//! exporters = ["JPN"]             # ISO3 codes
//! importers = ["KOR"]             # ISO3 codes, or omitted for every importer
//! goods = ["281111", "392099"]    # HS6 codes; and/or chapters = ["28"];
//!                                 # or goods = ["intermediate"] for the whole universe
//! cut = 1.0                       # share of each matching flow removed, in [0,1]
//!
//! [resourcing]
//! allowed = true
//! cap = 0.2                       # share of a remaining exporter's exports it can redirect
//! ```

use crate::ScenarioError;
use chainlens_model::text_position::{error_line, line_of};
use chainlens_model::{CountryCode, CountryTable, Hs6, ProductSet, YearWindow, display_float};
use serde::Deserialize;
use toml::Spanned;

/// A scenario file as written, before any check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Name, description and window.
    pub scenario: Header,
    /// One or more restrictions.
    #[serde(default)]
    pub restriction: Vec<Restriction>,
    /// Re-sourcing rule; none when absent.
    pub resourcing: Option<Resourcing>,
}

/// `[scenario]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Short name.
    pub name: String,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// `YEAR` or `FIRST-LAST`.
    pub window: Option<Spanned<String>>,
}

/// `[[restriction]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restriction {
    /// Restricting exporters (ISO3).
    pub exporters: Spanned<Vec<Spanned<String>>>,
    /// Targeted importers (ISO3); all importers when absent.
    pub importers: Option<Spanned<Vec<Spanned<String>>>>,
    /// HS6 codes, or `"intermediate"` for the universe.
    #[serde(default)]
    pub goods: Vec<Spanned<String>>,
    /// HS2 chapters.
    #[serde(default)]
    pub chapters: Vec<Spanned<String>>,
    /// Share removed, in `[0,1]`.
    pub cut: Spanned<f64>,
}

/// `[resourcing]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resourcing {
    /// Whether importers re-source at all.
    pub allowed: bool,
    /// Share of a remaining exporter's exports of the good it can redirect, in `[0,1]`.
    pub cap: Spanned<f64>,
}

/// A checked restriction.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidRestriction {
    /// Restricting exporters.
    pub exporters: Vec<CountryCode>,
    /// Targeted importers; `None` = all.
    pub importers: Option<Vec<CountryCode>>,
    /// The goods restricted.
    pub goods: ProductSet,
    /// Share removed.
    pub cut: f64,
}

/// A checked scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidScenario {
    /// Name.
    pub name: String,
    /// Window of years averaged.
    pub window: Option<YearWindow>,
    /// Restrictions, applied in order (a flow hit twice loses both cuts multiplicatively).
    pub restrictions: Vec<ValidRestriction>,
    /// Re-sourcing cap; `None` = no re-sourcing.
    pub resourcing_cap: Option<f64>,
}

impl ScenarioFile {
    /// Parses TOML text; `label` names the file in errors.
    pub fn parse(text: &str, label: &str) -> Result<Self, ScenarioError> {
        toml::from_str(text).map_err(|e| ScenarioError::Syntax {
            file: label.into(),
            line: error_line(text, e.span()),
            message: e.message().to_string(),
        })
    }

    /// Resolves every country and good; `text` is the file's text, for line numbers.
    pub fn check(
        &self,
        text: &str,
        label: &str,
        countries: &CountryTable,
        universe: &ProductSet,
    ) -> Result<ValidScenario, ScenarioError> {
        let fail =
            |key: &str, span: std::ops::Range<usize>, message: String| ScenarioError::Invalid {
                file: label.into(),
                line: line_of(text, span.start),
                key: key.into(),
                message,
            };
        let country = |key: &str, s: &Spanned<String>| {
            countries
                .by_iso3(s.get_ref())
                .map(|c| c.code)
                .ok_or_else(|| fail(key, s.span(), format!("unknown country `{}`", s.get_ref())))
        };
        let window = match &self.scenario.window {
            Some(w) => Some(YearWindow::parse(w.get_ref()).ok_or_else(|| {
                fail(
                    "scenario.window",
                    w.span(),
                    format!("`{}` is not YEAR or FIRST-LAST", w.get_ref()),
                )
            })?),
            None => None,
        };
        if self.restriction.is_empty() {
            return Err(fail(
                "restriction",
                0..0,
                "the scenario names no restriction".into(),
            ));
        }
        let mut restrictions = Vec::new();
        for (i, r) in self.restriction.iter().enumerate() {
            let key = |k: &str| format!("restriction[{i}].{k}");
            if r.exporters.get_ref().is_empty() {
                return Err(fail(
                    &key("exporters"),
                    r.exporters.span(),
                    "names no exporter".into(),
                ));
            }
            let exporters = r
                .exporters
                .get_ref()
                .iter()
                .map(|s| country(&key("exporters"), s))
                .collect::<Result<Vec<_>, _>>()?;
            let importers = match &r.importers {
                Some(list) => Some(
                    list.get_ref()
                        .iter()
                        .map(|s| country(&key("importers"), s))
                        .collect::<Result<Vec<_>, _>>()?,
                ),
                None => None,
            };
            let mut goods = ProductSet::default();
            let (mut universe_added, mut chapter_added) = (false, [false; 100]);
            for g in &r.goods {
                if g.get_ref() == "intermediate" {
                    if !std::mem::replace(&mut universe_added, true) {
                        universe.iter().for_each(|k| {
                            goods.insert(k);
                        });
                    }
                    continue;
                }
                let code = Hs6::parse_six(g.get_ref()).ok_or_else(|| {
                    fail(
                        &key("goods"),
                        g.span(),
                        format!("`{}` is not a 6-digit HS code", g.get_ref()),
                    )
                })?;
                goods.insert(code);
            }
            for ch in &r.chapters {
                let hs2: u32 = ch
                    .get_ref()
                    .parse()
                    .ok()
                    .filter(|_| {
                        let text = ch.get_ref();
                        text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit())
                    })
                    .ok_or_else(|| {
                        fail(
                            &key("chapters"),
                            ch.span(),
                            format!("`{}` is not a 2-digit HS chapter", ch.get_ref()),
                        )
                    })?;
                // A chapter named twice is added once (a long list of repeats stays cheap).
                if !std::mem::replace(&mut chapter_added[hs2 as usize], true) {
                    for k in hs2 * 10_000..(hs2 + 1) * 10_000 {
                        goods.insert(Hs6(k));
                    }
                }
            }
            if goods.is_empty() {
                return Err(fail(
                    &key("goods"),
                    r.cut.span(),
                    "names no good (goods or chapters)".into(),
                ));
            }
            let cut = *r.cut.get_ref();
            if !(0.0..=1.0).contains(&cut) {
                return Err(fail(
                    &key("cut"),
                    r.cut.span(),
                    format!("{} is outside [0,1]", display_float(cut)),
                ));
            }
            restrictions.push(ValidRestriction {
                exporters,
                importers,
                goods,
                cut,
            });
        }
        let resourcing_cap = match &self.resourcing {
            Some(r) if r.allowed => {
                let cap = *r.cap.get_ref();
                if !(0.0..=1.0).contains(&cap) {
                    return Err(fail(
                        "resourcing.cap",
                        r.cap.span(),
                        format!("{} is outside [0,1]", display_float(cap)),
                    ));
                }
                Some(cap)
            }
            _ => None,
        };
        Ok(ValidScenario {
            name: self.scenario.name.clone(),
            window,
            restrictions,
            resourcing_cap,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::tests::countries;

    fn check(text: &str) -> Result<ValidScenario, ScenarioError> {
        let universe: ProductSet = [Hs6(281111), Hs6(280530)].into_iter().collect();
        ScenarioFile::parse(text, "s.toml")?.check(text, "s.toml", &countries(), &universe)
    }

    const GOOD: &str = "[scenario]\nname = \"x\"\nwindow = \"2017-2018\"\n\n[[restriction]]\nexporters = [\"JPN\"]\nimporters = [\"KOR\"]\ngoods = [\"281111\"]\nchapters = [\"28\"]\ncut = 1.0\n\n[resourcing]\nallowed = true\ncap = 0.2\n";

    #[test]
    fn a_valid_file() {
        let s = check(GOOD).unwrap();
        assert_eq!(s.restrictions[0].exporters, vec![CountryCode(392)]);
        assert_eq!(
            s.restrictions[0].goods.len(),
            10_000,
            "chapter 28 covers every 28xxxx code"
        );
        assert_eq!(s.resourcing_cap, Some(0.2));
        assert_eq!(s.window, YearWindow::parse("2017-2018"));
    }

    #[test]
    fn errors_name_key_and_line() {
        let bad = GOOD.replace("cut = 1.0", "cut = 1.5");
        assert_eq!(
            check(&bad).unwrap_err().to_string(),
            "s.toml:10: key `restriction[0].cut`: 1.5 is outside [0,1]"
        );
        let bad = GOOD.replace("[\"KOR\"]", "[\"XYZ\"]");
        assert_eq!(
            check(&bad).unwrap_err().to_string(),
            "s.toml:7: key `restriction[0].importers`: unknown country `XYZ`"
        );
        let bad = GOOD.replace("\"281111\"", "\"2811\"");
        assert_eq!(
            check(&bad).unwrap_err().to_string(),
            "s.toml:8: key `restriction[0].goods`: `2811` is not a 6-digit HS code"
        );
        let bad = GOOD.replace("cap = 0.2", "cap = -1");
        assert_eq!(
            check(&bad).unwrap_err().to_string(),
            "s.toml:14: key `resourcing.cap`: -1 is outside [0,1]"
        );
        let bad = GOOD.replace("cut = 1.0", "cut = 1.0\nspeed = 3");
        assert!(
            check(&bad)
                .unwrap_err()
                .to_string()
                .starts_with("s.toml:11: unknown field `speed`"),
            "{}",
            check(&bad).unwrap_err()
        );
        let none = "[scenario]\nname = \"x\"\n";
        assert!(
            check(none)
                .unwrap_err()
                .to_string()
                .contains("names no restriction")
        );
    }

    #[test]
    fn errors_without_a_parser_position_still_name_a_line() {
        // Issue 14: a key dotted 200 deep hit toml's recursion limit and reported line 0.
        let keys: Vec<String> = (0..200).map(|i| format!("k{i}")).collect();
        let deep = format!("[scenario]\nname = \"x\"\n{} = 1\n", keys.join("."));
        assert_eq!(
            check(&deep).unwrap_err().to_string(),
            "s.toml:3: recursion limit"
        );
        let nan = GOOD.replace("cut = 1.0", "cut = nan");
        assert_eq!(
            check(&nan).unwrap_err().to_string(),
            "s.toml:10: key `restriction[0].cut`: NaN is outside [0,1]"
        );
    }

    #[test]
    fn chapters_are_two_digits_and_repeats_cost_nothing() {
        let signed = GOOD.replace("chapters = [\"28\"]", "chapters = [\"+1\"]");
        assert_eq!(
            check(&signed).unwrap_err().to_string(),
            "s.toml:9: key `restriction[0].chapters`: `+1` is not a 2-digit HS chapter"
        );
        let many = vec!["\"28\""; 20_000].join(",");
        let repeated = GOOD.replace("chapters = [\"28\"]", &format!("chapters = [{many}]"));
        assert_eq!(
            check(&repeated).unwrap().restrictions[0].goods.len(),
            10_000
        );
    }

    #[test]
    fn intermediate_keyword_takes_the_universe() {
        let text = GOOD.replace(
            "goods = [\"281111\"]\nchapters = [\"28\"]",
            "goods = [\"intermediate\"]",
        );
        assert_eq!(check(&text).unwrap().restrictions[0].goods.len(), 2);
    }
}
