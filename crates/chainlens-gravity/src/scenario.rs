//! Scenario files for `chainlens gravity ge` (TOML): the baseline year, the elasticity,
//! the cost coefficients, the blocs and the change. [`GeScenarioFile`] is the file as
//! written; [`GeScenarioFile::check`] resolves countries, blocs and columns against the
//! data and returns a [`GeScenario`] or an error naming the key and the line.
//!
//! ```toml
//! [scenario]
//! name = "US-aligned vs China-aligned, 25 % tariff-equivalent"
//! year = 2000                   # baseline year of the data
//! theta = 4.0                   # trade elasticity; or sigma = 5.0 (theta = sigma - 1)
//! deficits = "additive"         # or "multiplicative"
//! model = "hat"                 # exact hat algebra (default), or "levels" (gegravity's system)
//! baseline = "observed"         # hat algebra from the observed flows (default), or
//!                               # "fitted": from the flows the cost model fits (the Guide's
//!                               # way; with `gravity ge --pair-costs FILE`, every pair's cost)
//!
//! [costs]                       # coefficients b_k of ln t^(1-sigma) = sum_k b_k x_k
//! RTA = 0.567
//!
//! [[bloc]]
//! name = "US-aligned"
//! members = ["USA", "CAN", "GBR"]
//!
//! [[change]]                    # set a variable on the listed pairs (both directions
//! variable = "RTA"              # unless symmetric = false)
//! value = 1.0
//! exporters = ["CAN"]           # countries or bloc names
//! importers = ["JPN"]
//!
//! [[change]]                    # a tariff-equivalent cost between two blocs, both ways:
//! between = ["US-aligned", "China-aligned"]   # t'/t = 1 + tariff
//! tariff = 0.25
//!
//! [ideal_points]                # or blocs from UN General Assembly ideal points
//! session = 78                  # (three blocs: below, between, above)
//! below = -0.5
//! above = 0.6
//! names = ["China-aligned", "non-aligned", "US-aligned"]
//!
//! [levels]                      # model = "levels" only
//! output = "Y"                  # columns of output and expenditure
//! expenditure = "E"
//! reference_importer = "DEU"
//! constant = 16.32434           # added to every ln t^(1-sigma)
//! ```

use crate::GravityError;
use crate::hat::Deficits;
use chainlens_model::display_float;
use chainlens_model::text_position::{error_line, line_of};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A scenario file as written, before any check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeScenarioFile {
    /// Name, year, elasticity, deficits and model.
    pub scenario: Header,
    /// Coefficients of the cost variables, by column.
    #[serde(default)]
    pub costs: BTreeMap<String, Spanned<f64>>,
    /// Named groups of countries.
    #[serde(default)]
    pub bloc: Vec<BlocFile>,
    /// The changes, applied in order.
    #[serde(default)]
    pub change: Vec<ChangeFile>,
    /// The levels model's columns and normalisation.
    pub levels: Option<LevelsFile>,
    /// Blocs split from UN General Assembly ideal points.
    pub ideal_points: Option<IdealPointsFile>,
}

/// `[ideal_points]`: three blocs from one UN General Assembly session's ideal points
/// (Bailey, Strezhnev & Voeten): below `below`, between, and above `above`; countries
/// without an ideal point (ROW, Taiwan) are in no bloc.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdealPointsFile {
    /// The session (1 = 1946; 78 = 2023-24).
    pub session: Spanned<u16>,
    /// Upper bound of the first bloc.
    pub below: Spanned<f64>,
    /// Lower bound of the last bloc.
    pub above: Spanned<f64>,
    /// The three blocs' names, low to high.
    pub names: Spanned<Vec<String>>,
}

impl IdealPointsFile {
    /// The three blocs, empty ones left out, from `points` (ISO3, session,
    /// ideal point; e.g. chainlens' embedded release); errors name the key and line.
    pub fn blocs(
        &self,
        text: &str,
        label: &str,
        countries: &[String],
        points: &[(String, u16, f64)],
    ) -> Result<Vec<Bloc>, GravityError> {
        let ip = self;
        let fail =
            |key: &str, span: std::ops::Range<usize>, message: String| GravityError::Invalid {
                file: label.into(),
                line: line_of(text, span.start),
                key: key.into(),
                message,
            };
        let (below, above) = (*ip.below.get_ref(), *ip.above.get_ref());
        if !(below.is_finite() && above.is_finite() && below <= above) {
            let message = format!(
                "below ({}) must be a number at most above ({})",
                display_float(below),
                display_float(above)
            );
            return Err(fail("ideal_points.below", ip.below.span(), message));
        }
        if ip.names.get_ref().len() != 3 {
            let message = "names three blocs (low, middle, high)".into();
            return Err(fail("ideal_points.names", ip.names.span(), message));
        }
        let session = *ip.session.get_ref();
        let of_session: Vec<&(String, u16, f64)> =
            points.iter().filter(|p| p.1 == session).collect();
        if of_session.is_empty() {
            let latest = points.iter().map(|p| p.1).max().unwrap_or(0);
            let message =
                format!("no ideal point in session {session} (the data holds 1-{latest})");
            return Err(fail("ideal_points.session", ip.session.span(), message));
        }
        let mut blocs: Vec<Bloc> = ip
            .names
            .get_ref()
            .iter()
            .map(|name| Bloc {
                name: name.clone(),
                members: Vec::new(),
            })
            .collect();
        for (i, code) in countries.iter().enumerate() {
            if let Some(p) = of_session.iter().find(|p| &p.0 == code) {
                let k = if p.2 < below {
                    0
                } else if p.2 > above {
                    2
                } else {
                    1
                };
                blocs[k].members.push(i);
            }
        }
        Ok(blocs
            .into_iter()
            .filter(|b| !b.members.is_empty())
            .collect())
    }
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
    /// Baseline year.
    pub year: Spanned<i64>,
    /// Trade elasticity.
    pub theta: Option<Spanned<f64>>,
    /// Elasticity of substitution (`theta = sigma - 1`).
    pub sigma: Option<Spanned<f64>>,
    /// `additive` (default) or `multiplicative`.
    #[serde(default)]
    pub deficits: Deficits,
    /// `hat` (default) or `levels`.
    #[serde(default)]
    pub model: Model,
    /// `observed` (default) or `fitted`.
    #[serde(default)]
    pub baseline: Baseline,
}

/// Which flows the exact hat algebra starts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Baseline {
    /// The data's flows of the baseline year.
    #[default]
    Observed,
    /// The flows the cost model fits to the baseline year's output and expenditure
    /// (PPML with exporter and importer effects and the costs as offset), as the Guide does.
    Fitted,
}

/// Which system is solved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Full general equilibrium in exact hat algebra ([`crate::hat`]).
    #[default]
    Hat,
    /// Multilateral resistances in levels with one price update ([`crate::levels`]).
    Levels,
}

/// `[[bloc]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlocFile {
    /// The bloc's name.
    pub name: Spanned<String>,
    /// Member codes.
    pub members: Spanned<Vec<Spanned<String>>>,
}

/// `[[change]]`: either `variable`/`value` on pairs, or `between`/`tariff`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeFile {
    /// The cost variable set.
    pub variable: Option<Spanned<String>>,
    /// Its new value.
    pub value: Option<Spanned<f64>>,
    /// Exporters (countries or blocs); every country when absent.
    pub exporters: Option<Spanned<Vec<Spanned<String>>>>,
    /// Importers (countries or blocs); every country when absent.
    pub importers: Option<Spanned<Vec<Spanned<String>>>>,
    /// Whether the reverse direction changes too (default true).
    pub symmetric: Option<bool>,
    /// Two blocs.
    pub between: Option<Spanned<Vec<Spanned<String>>>>,
    /// The tariff-equivalent, `t'/t = 1 + tariff`.
    pub tariff: Option<Spanned<f64>>,
}

/// `[levels]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelsFile {
    /// Output column.
    pub output: Spanned<String>,
    /// Expenditure column.
    pub expenditure: Spanned<String>,
    /// Country whose inward resistance is 1.
    pub reference_importer: Spanned<String>,
    /// Constant of `ln t^(1-sigma)`.
    #[serde(default)]
    pub constant: f64,
}

/// A named, checked group of countries (indices into the data's countries).
#[derive(Clone, Debug, PartialEq)]
pub struct Bloc {
    /// Its name.
    pub name: String,
    /// Members, sorted.
    pub members: Vec<usize>,
}

/// One checked change.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// `variable = value` on the listed exporter -> importer pairs.
    Set {
        /// The column.
        variable: String,
        /// The value.
        value: f64,
        /// Row-major pair indices `i * n + j`.
        pairs: Vec<usize>,
    },
    /// Trade costs times `1 + tariff` on the listed pairs.
    Tariff {
        /// The tariff-equivalent.
        tariff: f64,
        /// Row-major pair indices.
        pairs: Vec<usize>,
    },
}

/// The levels model's settings, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelsSettings {
    /// Output column.
    pub output: String,
    /// Expenditure column.
    pub expenditure: String,
    /// Index of the reference importer.
    pub reference: usize,
    /// Constant of `ln t^(1-sigma)`.
    pub constant: f64,
}

/// A checked scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct GeScenario {
    /// Name.
    pub name: String,
    /// Baseline year.
    pub year: i32,
    /// Trade elasticity `theta = sigma - 1`.
    pub theta: f64,
    /// How deficits move.
    pub deficits: Deficits,
    /// `Some` for the levels model.
    pub levels: Option<LevelsSettings>,
    /// Which flows the hat algebra starts from.
    pub baseline: Baseline,
    /// Every pair's cost besides the coefficients' (`ln t^(1-sigma)`, row-major over the
    /// data's countries), from [`crate::pair_costs`]; the caller sets it.
    pub pair_costs: Option<Vec<f64>>,
    /// Cost coefficients, by column, sorted by name.
    pub costs: Vec<(String, f64)>,
    /// Blocs, in file order.
    pub blocs: Vec<Bloc>,
    /// Changes, in file order.
    pub changes: Vec<Change>,
}

impl GeScenarioFile {
    /// Parses TOML text; `label` names the file in errors.
    pub fn parse(text: &str, label: &str) -> Result<Self, GravityError> {
        toml::from_str(text).map_err(|e| GravityError::Syntax {
            file: label.into(),
            line: error_line(text, e.span()),
            message: e.message().to_string(),
        })
    }

    /// The data columns the scenario reads (cost variables, output, expenditure).
    pub fn columns(&self) -> Vec<String> {
        let mut columns: Vec<String> = self.costs.keys().cloned().collect();
        if let Some(l) = &self.levels {
            columns.push(l.output.get_ref().clone());
            columns.push(l.expenditure.get_ref().clone());
        }
        columns
    }

    /// The blocs of `[ideal_points]` (none without it), from `points` (ISO3, session,
    /// ideal point; e.g. chainlens' embedded release); errors name the key and line.
    pub fn ideal_point_blocs(
        &self,
        text: &str,
        label: &str,
        countries: &[String],
        points: &[(String, u16, f64)],
    ) -> Result<Vec<Bloc>, GravityError> {
        match &self.ideal_points {
            Some(ip) => ip.blocs(text, label, countries, points),
            None => Ok(Vec::new()),
        }
    }

    /// Resolves every country, bloc and column; `countries` are the data's, sorted.
    pub fn check(
        &self,
        text: &str,
        label: &str,
        countries: &[String],
    ) -> Result<GeScenario, GravityError> {
        self.check_with_blocs(text, label, countries, Vec::new())
    }

    /// [`Self::check`] with blocs defined outside the file (a CSV list, see
    /// [`crate::blocs`]), which come before the file's own.
    pub fn check_with_blocs(
        &self,
        text: &str,
        label: &str,
        countries: &[String],
        blocs: Vec<Bloc>,
    ) -> Result<GeScenario, GravityError> {
        Checker {
            text,
            label,
            countries,
            blocs,
        }
        .scenario(self)
    }
}

/// Resolves names and values of a scenario file against the data, errors naming key and line.
pub(crate) struct Checker<'a> {
    pub(crate) text: &'a str,
    pub(crate) label: &'a str,
    /// The data's country codes, sorted.
    pub(crate) countries: &'a [String],
    /// Blocs from outside the file, checked already.
    pub(crate) blocs: Vec<Bloc>,
}

impl Checker<'_> {
    pub(crate) fn fail(
        &self,
        key: &str,
        span: std::ops::Range<usize>,
        message: String,
    ) -> GravityError {
        GravityError::Invalid {
            file: self.label.into(),
            line: line_of(self.text, span.start),
            key: key.into(),
            message,
        }
    }

    /// `value` as one of `options` (`(text, meaning)`), or an error at `key`:
    /// "unknown {what} `value` (valid: ...)".
    pub(crate) fn choice<T: Clone>(
        &self,
        key: &str,
        value: &Spanned<String>,
        what: &str,
        options: &[(&str, T)],
    ) -> Result<T, GravityError> {
        options
            .iter()
            .find(|(text, _)| text == value.get_ref())
            .map(|(_, meaning)| meaning.clone())
            .ok_or_else(|| {
                let valid: Vec<&str> = options.iter().map(|(text, _)| *text).collect();
                let message = format!(
                    "unknown {what} `{}` (valid: {})",
                    value.get_ref(),
                    valid.join(", ")
                );
                self.fail(key, value.span(), message)
            })
    }

    fn scenario(&self, file: &GeScenarioFile) -> Result<GeScenario, GravityError> {
        let h = &file.scenario;
        let theta = match (&h.theta, &h.sigma) {
            (Some(t), None) => self.positive("scenario.theta", t, 0.0)?,
            (None, Some(s)) => self.positive("scenario.sigma", s, 1.0)? - 1.0,
            (Some(t), Some(_)) => {
                let message = "give theta or sigma, not both".into();
                return Err(self.fail("scenario.theta", t.span(), message));
            }
            (None, None) => {
                let message = "names no elasticity (theta or sigma)".into();
                return Err(self.fail("scenario", h.year.span(), message));
            }
        };
        let year = i32::try_from(*h.year.get_ref())
            .map_err(|_| self.fail("scenario.year", h.year.span(), "not a year".into()))?;
        let costs = file
            .costs
            .iter()
            .map(|(k, v)| {
                self.finite(&format!("costs.{k}"), v)
                    .map(|v| (k.clone(), v))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let blocs = self.blocs(&file.bloc)?;
        if file.change.is_empty() {
            return Err(self.fail("change", 0..0, "the scenario names no change".into()));
        }
        let changes = file
            .change
            .iter()
            .enumerate()
            .map(|(i, c)| self.change(i, c, &blocs, &costs))
            .collect::<Result<Vec<_>, _>>()?;
        let levels = match (h.model, &file.levels) {
            (Model::Hat, _) => None,
            (Model::Levels, Some(l)) => Some(self.levels(l)?),
            (Model::Levels, None) => {
                let message = "model = \"levels\" needs a [levels] table (output, expenditure, reference_importer)".into();
                return Err(self.fail("levels", h.year.span(), message));
            }
        };
        Ok(GeScenario {
            name: h.name.clone(),
            year,
            theta,
            deficits: h.deficits,
            levels,
            baseline: h.baseline,
            pair_costs: None,
            costs,
            blocs,
            changes,
        })
    }

    pub(crate) fn positive(
        &self,
        key: &str,
        v: &Spanned<f64>,
        above: f64,
    ) -> Result<f64, GravityError> {
        let x = *v.get_ref();
        if x.is_nan() || x <= above || x.is_infinite() {
            let message = format!("{} must be a number above {above}", display_float(x));
            return Err(self.fail(key, v.span(), message));
        }
        Ok(x)
    }

    pub(crate) fn finite(&self, key: &str, v: &Spanned<f64>) -> Result<f64, GravityError> {
        let x = *v.get_ref();
        if !x.is_finite() {
            let message = format!("{} is not a finite number", display_float(x));
            return Err(self.fail(key, v.span(), message));
        }
        Ok(x)
    }

    pub(crate) fn country(&self, key: &str, code: &Spanned<String>) -> Result<usize, GravityError> {
        self.countries.binary_search(code.get_ref()).map_err(|_| {
            self.fail(
                key,
                code.span(),
                format!("unknown country `{}`", code.get_ref()),
            )
        })
    }

    pub(crate) fn blocs(&self, blocs: &[BlocFile]) -> Result<Vec<Bloc>, GravityError> {
        let mut checked: Vec<Bloc> = self.blocs.clone();
        for (i, b) in blocs.iter().enumerate() {
            let name = b.name.get_ref().clone();
            if checked.iter().any(|c| c.name == name) || self.countries.contains(&name) {
                let message = format!("`{name}` names another bloc or a country");
                return Err(self.fail(&format!("bloc[{i}].name"), b.name.span(), message));
            }
            let key = format!("bloc[{i}].members");
            let mut members = b
                .members
                .get_ref()
                .iter()
                .map(|m| self.country(&key, m))
                .collect::<Result<Vec<_>, _>>()?;
            members.sort_unstable();
            members.dedup();
            if members.is_empty() {
                return Err(self.fail(&key, b.members.span(), "names no member".into()));
            }
            if let Some(other) = checked
                .iter()
                .find(|c| c.members.iter().any(|m| members.contains(m)))
            {
                let message = format!("shares members with bloc `{}`", other.name);
                return Err(self.fail(&key, b.members.span(), message));
            }
            checked.push(Bloc { name, members });
        }
        Ok(checked)
    }

    /// Countries of a list of country codes and bloc names; all when absent.
    pub(crate) fn members(
        &self,
        key: &str,
        list: Option<&Spanned<Vec<Spanned<String>>>>,
        blocs: &[Bloc],
    ) -> Result<Vec<usize>, GravityError> {
        let Some(list) = list else {
            return Ok((0..self.countries.len()).collect());
        };
        let mut out = Vec::new();
        for name in list.get_ref() {
            match blocs.iter().find(|b| &b.name == name.get_ref()) {
                Some(b) => out.extend(&b.members),
                None => out.push(self.country(key, name)?),
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    fn change(
        &self,
        i: usize,
        c: &ChangeFile,
        blocs: &[Bloc],
        costs: &[(String, f64)],
    ) -> Result<Change, GravityError> {
        let key = |k: &str| format!("change[{i}].{k}");
        let n = self.countries.len();
        let symmetric = c.symmetric.unwrap_or(true);
        let pairs = |from: &[usize], to: &[usize]| {
            let mut pairs: Vec<usize> = Vec::new();
            for &a in from {
                for &b in to.iter().filter(|&&b| b != a) {
                    pairs.push(a * n + b);
                    if symmetric {
                        pairs.push(b * n + a);
                    }
                }
            }
            pairs.sort_unstable();
            pairs.dedup();
            pairs
        };
        match (&c.variable, &c.value, &c.between, &c.tariff) {
            (Some(variable), Some(value), None, None) => {
                if !costs.iter().any(|(k, _)| k == variable.get_ref()) {
                    let message = format!(
                        "`{}` has no coefficient in [costs] (it would change nothing)",
                        variable.get_ref()
                    );
                    return Err(self.fail(&key("variable"), variable.span(), message));
                }
                let exporters = self.members(&key("exporters"), c.exporters.as_ref(), blocs)?;
                let importers = self.members(&key("importers"), c.importers.as_ref(), blocs)?;
                Ok(Change::Set {
                    variable: variable.get_ref().clone(),
                    value: self.finite(&key("value"), value)?,
                    pairs: pairs(&exporters, &importers),
                })
            }
            (None, None, Some(between), Some(tariff)) => {
                let names = between.get_ref();
                if names.len() != 2 {
                    let message = "names two blocs".into();
                    return Err(self.fail(&key("between"), between.span(), message));
                }
                let bloc = |s: &Spanned<String>| {
                    blocs
                        .iter()
                        .find(|b| &b.name == s.get_ref())
                        .ok_or_else(|| {
                            let message = format!("unknown bloc `{}`", s.get_ref());
                            self.fail(&key("between"), s.span(), message)
                        })
                };
                let (a, b) = (bloc(&names[0])?, bloc(&names[1])?);
                let t = self.finite(&key("tariff"), tariff)?;
                if t <= -1.0 {
                    let message = format!("{} would make costs non-positive", display_float(t));
                    return Err(self.fail(&key("tariff"), tariff.span(), message));
                }
                Ok(Change::Tariff {
                    tariff: t,
                    pairs: pairs(&a.members, &b.members),
                })
            }
            _ => {
                let span = c
                    .variable
                    .as_ref()
                    .map(Spanned::span)
                    .or(c.between.as_ref().map(Spanned::span))
                    .unwrap_or(0..0);
                let message = "give variable and value, or between and tariff".into();
                Err(self.fail(&format!("change[{i}]"), span, message))
            }
        }
    }

    fn levels(&self, l: &LevelsFile) -> Result<LevelsSettings, GravityError> {
        Ok(LevelsSettings {
            output: l.output.get_ref().clone(),
            expenditure: l.expenditure.get_ref().clone(),
            reference: self.country("levels.reference_importer", &l.reference_importer)?,
            constant: l.constant,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "[scenario]\nname = \"x\"\nyear = 2000\ntheta = 4.0\n\n[costs]\nRTA = 0.5\n\n[[bloc]]\nname = \"west\"\nmembers = [\"USA\", \"CAN\"]\n\n[[bloc]]\nname = \"east\"\nmembers = [\"CHN\"]\n\n[[change]]\nbetween = [\"west\", \"east\"]\ntariff = 0.25\n\n[[change]]\nvariable = \"RTA\"\nvalue = 1.0\nexporters = [\"CAN\"]\nimporters = [\"CHN\"]\n";

    fn check(text: &str) -> Result<GeScenario, GravityError> {
        let countries: Vec<String> = ["CAN", "CHN", "USA"].map(String::from).to_vec();
        GeScenarioFile::parse(text, "s.toml")?.check(text, "s.toml", &countries)
    }

    #[test]
    fn a_valid_file() {
        let s = check(GOOD).unwrap();
        assert_eq!(s.theta, 4.0);
        assert_eq!(s.blocs[0].members, [0, 2]);
        // CAN<->CHN and USA<->CHN, both ways: 0*3+1, 1*3+0, 2*3+1, 1*3+2.
        assert_eq!(
            s.changes[0],
            Change::Tariff {
                tariff: 0.25,
                pairs: vec![1, 3, 5, 7]
            }
        );
    }

    #[test]
    fn blocs_from_ideal_points() {
        let text = "[scenario]\nname = \"x\"\nyear = 2000\ntheta = 4.0\n[ideal_points]\nsession = 78\nbelow = -0.5\nabove = 0.6\nnames = [\"east\", \"middle\", \"west\"]\n[[change]]\nbetween = [\"east\", \"west\"]\ntariff = 0.1\n";
        let countries: Vec<String> = ["CHN", "IND", "ROW", "USA"].map(String::from).to_vec();
        let points =
            [("CHN", -0.8), ("IND", -0.25), ("USA", 2.5)].map(|(c, v)| (c.to_string(), 78u16, v));
        let file = GeScenarioFile::parse(text, "s.toml").unwrap();
        let blocs = file
            .ideal_point_blocs(text, "s.toml", &countries, &points)
            .unwrap();
        let members: Vec<(&str, &[usize])> = blocs
            .iter()
            .map(|b| (b.name.as_str(), b.members.as_slice()))
            .collect();
        assert_eq!(
            members,
            [("east", &[0][..]), ("middle", &[1][..]), ("west", &[3][..])]
        );
        let s = file
            .check_with_blocs(text, "s.toml", &countries, blocs)
            .unwrap();
        assert_eq!(
            s.changes[0],
            Change::Tariff {
                tariff: 0.1,
                pairs: vec![3, 12]
            }
        );
        let old = text.replace("session = 78", "session = 79");
        let file = GeScenarioFile::parse(&old, "s.toml").unwrap();
        assert_eq!(
            file.ideal_point_blocs(&old, "s.toml", &countries, &points)
                .unwrap_err()
                .to_string(),
            "s.toml:6: key `ideal_points.session`: no ideal point in session 79 (the data holds 1-78)"
        );
    }

    #[test]
    fn errors_name_key_and_line() {
        let cases = [
            (
                GOOD.replace("[\"CHN\"]\n\n[[change]]", "[\"XYZ\"]\n\n[[change]]"),
                "s.toml:15: key `bloc[1].members`: unknown country `XYZ`",
            ),
            (
                GOOD.replace("tariff = 0.25", "tariff = -2.0"),
                "s.toml:19: key `change[0].tariff`: -2 would make costs non-positive",
            ),
            (
                GOOD.replace("\"west\", \"east\"", "\"west\", \"south\""),
                "s.toml:18: key `change[0].between`: unknown bloc `south`",
            ),
            (
                GOOD.replace("theta = 4.0", "sigma = 0.5"),
                "s.toml:4: key `scenario.sigma`: 0.5 must be a number above 1",
            ),
            (
                GOOD.replace("variable = \"RTA\"", "variable = \"FTA\""),
                "s.toml:22: key `change[1].variable`: `FTA` has no coefficient in [costs] (it would change nothing)",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(check(&text).unwrap_err().to_string(), want);
        }
        let unknown = GOOD.replace("tariff = 0.25", "tariff = 0.25\nspeed = 1");
        assert!(
            check(&unknown)
                .unwrap_err()
                .to_string()
                .starts_with("s.toml:20: unknown field `speed`")
        );
    }
}
