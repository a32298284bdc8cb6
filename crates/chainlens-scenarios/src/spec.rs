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

/// A checked restriction, read through its accessors: countries of the country table,
/// a cut in `[0,1]`.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidRestriction {
    exporters: Vec<CountryCode>,
    importers: Option<Vec<CountryCode>>,
    goods: ProductSet,
    cut: f64,
}

impl ValidRestriction {
    /// Restricting exporters (never empty when checked against a country table).
    pub fn exporters(&self) -> &[CountryCode] {
        &self.exporters
    }

    /// Targeted importers; `None` = all.
    pub fn importers(&self) -> Option<&[CountryCode]> {
        self.importers.as_deref()
    }

    /// The goods restricted.
    pub fn goods(&self) -> &ProductSet {
        &self.goods
    }

    /// Share of each matching flow removed, in `[0,1]`.
    pub fn cut(&self) -> f64 {
        self.cut
    }
}

/// A checked scenario: only [`ScenarioFile::check`] builds one, so its restrictions are
/// never empty and its shares lie in `[0,1]`.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidScenario {
    name: String,
    window: Option<YearWindow>,
    restrictions: Vec<ValidRestriction>,
    resourcing_cap: Option<f64>,
}

impl ValidScenario {
    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Window of years averaged; `None` = every year of the data.
    pub fn window(&self) -> Option<YearWindow> {
        self.window
    }

    /// Restrictions, applied in order (a flow hit twice loses both cuts multiplicatively).
    pub fn restrictions(&self) -> &[ValidRestriction] {
        &self.restrictions
    }

    /// Re-sourcing cap in `[0,1]`; `None` = no re-sourcing.
    pub fn resourcing_cap(&self) -> Option<f64> {
        self.resourcing_cap
    }
}

#[cfg(test)]
impl ValidScenario {
    /// One restriction of every importer, built without a file (unit tests of the shock,
    /// whose countries need no country table).
    pub(crate) fn one_restriction(
        exporters: Vec<CountryCode>,
        goods: ProductSet,
        cut: f64,
        resourcing_cap: Option<f64>,
    ) -> Self {
        let restriction = ValidRestriction {
            exporters,
            importers: None,
            goods,
            cut,
        };
        Self {
            name: "t".into(),
            window: None,
            restrictions: vec![restriction],
            resourcing_cap,
        }
    }
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
        let data = Some((countries, universe));
        Checker { text, label, data }.scenario(self)
    }

    /// Checks everything that needs no data (the window, codes, chapters, cut and cap):
    /// faces run it before they read trade data, so a bad value fails at once.
    pub fn check_values(&self, text: &str, label: &str) -> Result<(), ScenarioError> {
        Checker {
            text,
            label,
            data: None,
        }
        .scenario(self)
        .map(drop)
    }
}

/// Checks a scenario file against the country table and universe when given (`data`),
/// else its values only (countries are then not resolved and `"intermediate"` adds none).
struct Checker<'a> {
    text: &'a str,
    label: &'a str,
    data: Option<(&'a CountryTable, &'a ProductSet)>,
}

impl Checker<'_> {
    fn fail(&self, key: &str, span: std::ops::Range<usize>, message: String) -> ScenarioError {
        ScenarioError::Invalid {
            file: self.label.into(),
            line: line_of(self.text, span.start),
            key: key.into(),
            message,
        }
    }

    fn scenario(&self, file: &ScenarioFile) -> Result<ValidScenario, ScenarioError> {
        let window = match &file.scenario.window {
            Some(w) => Some(YearWindow::parse(w.get_ref()).ok_or_else(|| {
                self.fail(
                    "scenario.window",
                    w.span(),
                    format!("`{}` is not YEAR or FIRST-LAST", w.get_ref()),
                )
            })?),
            None => None,
        };
        if file.restriction.is_empty() {
            let message = "the scenario names no restriction".into();
            return Err(self.fail("restriction", 0..0, message));
        }
        let restrictions = file
            .restriction
            .iter()
            .enumerate()
            .map(|(i, r)| self.restriction(i, r))
            .collect::<Result<Vec<_>, _>>()?;
        let resourcing_cap = match &file.resourcing {
            Some(r) if r.allowed => Some(self.share("resourcing.cap", &r.cap)?),
            _ => None,
        };
        Ok(ValidScenario {
            name: file.scenario.name.clone(),
            window,
            restrictions,
            resourcing_cap,
        })
    }

    fn restriction(&self, i: usize, r: &Restriction) -> Result<ValidRestriction, ScenarioError> {
        let key = |k: &str| format!("restriction[{i}].{k}");
        if r.exporters.get_ref().is_empty() {
            let message = "names no exporter".into();
            return Err(self.fail(&key("exporters"), r.exporters.span(), message));
        }
        let exporters = self.countries(&key("exporters"), r.exporters.get_ref())?;
        let importers = match &r.importers {
            Some(list) => Some(self.countries(&key("importers"), list.get_ref())?),
            None => None,
        };
        let mut goods = self.goods(&key("goods"), &r.goods)?;
        self.add_chapters(&key("chapters"), &r.chapters, &mut goods)?;
        // Without data, `"intermediate"` names goods that the universe will supply.
        let intermediate =
            self.data.is_none() && r.goods.iter().any(|g| g.get_ref() == "intermediate");
        if goods.is_empty() && !intermediate {
            let message = "names no good (goods or chapters)".into();
            return Err(self.fail(&key("goods"), r.cut.span(), message));
        }
        Ok(ValidRestriction {
            exporters,
            importers,
            goods,
            cut: self.share(&key("cut"), &r.cut)?,
        })
    }

    /// The codes of ISO3 names (none without a country table).
    fn countries(
        &self,
        key: &str,
        names: &[Spanned<String>],
    ) -> Result<Vec<CountryCode>, ScenarioError> {
        let Some((countries, _)) = self.data else {
            return Ok(Vec::new());
        };
        names
            .iter()
            .map(|s| {
                countries
                    .by_iso3(s.get_ref())
                    .map(|c| c.code)
                    .ok_or_else(|| {
                        self.fail(key, s.span(), format!("unknown country `{}`", s.get_ref()))
                    })
            })
            .collect()
    }

    /// Six-digit codes, and the universe for `"intermediate"` (added once).
    fn goods(&self, key: &str, goods: &[Spanned<String>]) -> Result<ProductSet, ScenarioError> {
        let mut set = ProductSet::default();
        let mut universe_added = false;
        for g in goods {
            if g.get_ref() == "intermediate" {
                if let Some((_, universe)) = self.data
                    && !std::mem::replace(&mut universe_added, true)
                {
                    universe.iter().for_each(|k| {
                        set.insert(k);
                    });
                }
                continue;
            }
            let code = Hs6::parse_six(g.get_ref()).ok_or_else(|| {
                let message = format!("`{}` is not a 6-digit HS code", g.get_ref());
                self.fail(key, g.span(), message)
            })?;
            set.insert(code);
        }
        Ok(set)
    }

    /// Every code of the two-digit chapters; a chapter named twice is added once (a long
    /// list of repeats stays cheap).
    fn add_chapters(
        &self,
        key: &str,
        chapters: &[Spanned<String>],
        goods: &mut ProductSet,
    ) -> Result<(), ScenarioError> {
        let mut added = [false; 100];
        for ch in chapters {
            let text = ch.get_ref();
            let hs2: u32 = text
                .parse()
                .ok()
                .filter(|_| text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    let message = format!("`{text}` is not a 2-digit HS chapter");
                    self.fail(key, ch.span(), message)
                })?;
            if !std::mem::replace(&mut added[hs2 as usize], true) {
                for k in hs2 * 10_000..(hs2 + 1) * 10_000 {
                    goods.insert(Hs6(k));
                }
            }
        }
        Ok(())
    }

    /// A share in \[0,1\] (cut, re-sourcing cap).
    fn share(&self, key: &str, value: &Spanned<f64>) -> Result<f64, ScenarioError> {
        let v = *value.get_ref();
        if !(0.0..=1.0).contains(&v) {
            let message = format!("{} is outside [0,1]", display_float(v));
            return Err(self.fail(key, value.span(), message));
        }
        Ok(v)
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
        assert_eq!(
            s.restrictions()[0].exporters(),
            [CountryCode::new(392).unwrap()]
        );
        assert_eq!(
            s.restrictions()[0].goods().len(),
            10_000,
            "chapter 28 covers every 28xxxx code"
        );
        assert_eq!(s.resourcing_cap(), Some(0.2));
        assert_eq!(s.window(), YearWindow::parse("2017-2018"));
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
