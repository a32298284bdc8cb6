//! Scenario files for `chainlens gravity ge-io` (TOML): iceberg cost changes
//! (tariff-equivalents) or ad valorem tariffs with revenue between countries or blocs, in
//! all sectors or the listed ones, from the table's baseline or from one without trade
//! deficits, solved in the Caliendo-Parro model ([`crate::caliendo_parro`]) on an input-output table. Blocs are
//! written as for `chainlens gravity ge` (`[[bloc]]`, `[ideal_points]`, or a CSV list);
//! [`GeIoScenarioFile::check`] resolves countries, blocs and sectors against the table and
//! returns a [`GeIoScenario`] or an error naming the key and the line.
//!
//! ```toml
//! [scenario]
//! name = "US-aligned vs China-aligned, 25 % tariff-equivalent"
//! theta = 5.0                        # uniform trade elasticity (default 5), or
//! # elasticities = "caliendo-parro-2015"   # Caliendo & Parro (2015) Table 1 (WIOD 2013 or ISIC Rev.4 codes)
//! deficits = "fixed"                 # default; "removed": first solve the equilibrium
//!                                    # without trade deficits and shock that baseline
//!
//! [ideal_points]                     # blocs as in `chainlens gravity ge`
//! session = 66
//! below = -0.5
//! above = 0.6
//! names = ["China-aligned", "non-aligned", "US-aligned"]
//!
//! [[change]]                         # both ways; t'/t = 1 + tariff
//! between = ["US-aligned", "China-aligned"]
//! tariff = 0.25
//! sectors = ["30t33", "34t35"]       # optional: every sector when absent
//!
//! [[change]]                         # or listed exporters and importers (countries or
//! exporters = ["CHN"]                # blocs; both ways unless symmetric = false)
//! importers = ["USA"]
//! kind = "tariff"                    # an ad valorem tariff, its revenue rebated to the
//! tariff = 0.10                      # importer; "iceberg" (the default) is a real cost
//! ```
//!
//! Iceberg factors `1 + tariff` of overlapping changes multiply; ad valorem rates add (the
//! table's baseline has no tariffs, so a rate is both the new rate and its change).
//!
//! `--elasticities FILE` (`sector,theta`) takes the place of both `theta` and
//! `elasticities`.

use crate::GravityError;
use crate::elasticities::DEFAULT_THETA;
use crate::scenario::{Bloc, BlocFile, Checker, IdealPointsFile};
use chainlens_model::display_float;
use chainlens_model::text_position::error_line;
use serde::Deserialize;
use toml::Spanned;

/// A `ge-io` scenario file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeIoScenarioFile {
    /// Name and elasticities.
    pub scenario: IoHeader,
    /// Named groups of countries.
    #[serde(default)]
    pub bloc: Vec<BlocFile>,
    /// The changes; their cost factors multiply where they overlap.
    #[serde(default)]
    pub change: Vec<IoChangeFile>,
    /// Blocs split from UN General Assembly ideal points.
    pub ideal_points: Option<IdealPointsFile>,
}

/// `[scenario]` of a `ge-io` file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IoHeader {
    /// Short name.
    pub name: String,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// Uniform trade elasticity.
    pub theta: Option<Spanned<f64>>,
    /// `uniform` (default) or `caliendo-parro-2015`.
    pub elasticities: Option<Spanned<String>>,
    /// `fixed` (default) or `removed`.
    pub deficits: Option<Spanned<String>>,
}

/// `[[change]]` of a `ge-io` file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IoChangeFile {
    /// Two blocs.
    pub between: Option<Spanned<Vec<Spanned<String>>>>,
    /// Exporters (countries or blocs).
    pub exporters: Option<Spanned<Vec<Spanned<String>>>>,
    /// Importers (countries or blocs).
    pub importers: Option<Spanned<Vec<Spanned<String>>>>,
    /// Whether the reverse direction changes too (default true).
    pub symmetric: Option<bool>,
    /// `iceberg` (default) or `tariff`.
    pub kind: Option<Spanned<String>>,
    /// Iceberg: the tariff-equivalent, `t'/t = 1 + tariff`; tariff: the ad valorem rate.
    pub tariff: Spanned<f64>,
    /// Sector codes of the table; every sector when absent.
    pub sectors: Option<Spanned<Vec<Spanned<String>>>>,
}

/// Where the sector elasticities come from.
#[derive(Clone, Debug, PartialEq)]
pub enum ElasticityChoice {
    /// One value for every sector.
    Uniform(f64),
    /// [`crate::elasticities::CALIENDO_PARRO_2015_WIOD`] or, on ISIC Rev.4 codes,
    /// [`crate::elasticities::CALIENDO_PARRO_2015_REV4`].
    CaliendoParro2015,
}

/// What a change changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostKind {
    /// A real (iceberg) cost, `t'/t = 1 + tariff`, with no revenue.
    Iceberg,
    /// An ad valorem tariff whose revenue goes to the importing country's household.
    Tariff,
}

/// How the baseline treats the table's trade deficits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeficitBaseline {
    /// Deficits held at the table's levels (in units of world value added).
    Fixed,
    /// The shock is applied to the equilibrium of the table without deficits.
    Removed,
}

/// One checked change: cost factor `1 + tariff` or ad valorem rate `tariff` on the pairs
/// and sectors listed.
#[derive(Clone, Debug, PartialEq)]
pub struct IoChange {
    /// Iceberg cost or tariff.
    pub kind: CostKind,
    /// The tariff-equivalent or the ad valorem rate.
    pub tariff: f64,
    /// Row-major `exporter * n + importer` pairs, in the sorted country order of the check.
    pub pairs: Vec<usize>,
    /// Sector indices.
    pub sectors: Vec<usize>,
}

/// A checked `ge-io` scenario; country indices refer to the sorted codes it was checked on.
#[derive(Clone, Debug, PartialEq)]
pub struct GeIoScenario {
    /// Name.
    pub name: String,
    /// The elasticities named by the file.
    pub elasticities: ElasticityChoice,
    /// Deficits fixed or removed first.
    pub deficits: DeficitBaseline,
    /// Blocs, outside ones first, then the file's.
    pub blocs: Vec<Bloc>,
    /// Changes, in file order.
    pub changes: Vec<IoChange>,
}

impl GeIoScenarioFile {
    /// Parses TOML text; `label` names the file in errors.
    pub fn parse(text: &str, label: &str) -> Result<Self, GravityError> {
        toml::from_str(text).map_err(|e| GravityError::Syntax {
            file: label.into(),
            line: error_line(text, e.span()),
            message: e.message().to_string(),
        })
    }

    /// Resolves every country, bloc and sector: `countries` sorted, `sectors` the table's,
    /// `blocs` from outside the file (a CSV list or ideal points), checked on `countries`.
    pub fn check(
        &self,
        text: &str,
        label: &str,
        countries: &[String],
        sectors: &[String],
        blocs: Vec<Bloc>,
    ) -> Result<GeIoScenario, GravityError> {
        let checker = Checker {
            text,
            label,
            countries,
            blocs,
        };
        let elasticities = self.elasticities(&checker)?;
        let deficits = match &self.scenario.deficits {
            None => DeficitBaseline::Fixed,
            Some(d) => checker.choice(
                "scenario.deficits",
                d,
                "choice",
                &[
                    ("fixed", DeficitBaseline::Fixed),
                    ("removed", DeficitBaseline::Removed),
                ],
            )?,
        };
        let blocs = checker.blocs(&self.bloc)?;
        if self.change.is_empty() {
            return Err(checker.fail("change", 0..0, "the scenario names no change".into()));
        }
        let changes = self
            .change
            .iter()
            .enumerate()
            .map(|(i, c)| change(&checker, i, c, &blocs, sectors))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(GeIoScenario {
            name: self.scenario.name.clone(),
            elasticities,
            deficits,
            blocs,
            changes,
        })
    }

    fn elasticities(&self, checker: &Checker) -> Result<ElasticityChoice, GravityError> {
        let h = &self.scenario;
        match (&h.theta, &h.elasticities) {
            (Some(t), None) => Ok(ElasticityChoice::Uniform(checker.positive(
                "scenario.theta",
                t,
                0.0,
            )?)),
            (None, None) => Ok(ElasticityChoice::Uniform(DEFAULT_THETA)),
            (None, Some(e)) => checker.choice(
                "scenario.elasticities",
                e,
                "table",
                &[
                    ("uniform", ElasticityChoice::Uniform(DEFAULT_THETA)),
                    ("caliendo-parro-2015", ElasticityChoice::CaliendoParro2015),
                ],
            ),
            (Some(t), Some(_)) => Err(checker.fail(
                "scenario.theta",
                t.span(),
                "give theta or elasticities, not both".into(),
            )),
        }
    }
}

/// Checks `[[change]]` number `i`.
fn change(
    checker: &Checker,
    i: usize,
    c: &IoChangeFile,
    blocs: &[Bloc],
    sectors: &[String],
) -> Result<IoChange, GravityError> {
    let (kind, tariff) = change_cost(checker, i, c)?;
    let (from, to, symmetric) = change_sides(checker, i, c, blocs)?;
    let pairs = country_pairs(&from, &to, symmetric, checker.countries.len());
    let sectors = change_sectors(checker, i, c, sectors)?;
    Ok(IoChange {
        kind,
        tariff,
        pairs,
        sectors,
    })
}

/// The name of field `k` of `[[change]]` number `i`, as errors give it.
fn change_key(i: usize, k: &str) -> String {
    format!("change[{i}].{k}")
}

/// The change's cost kind and tariff: finite, above -1, and no subsidy on a tariff.
fn change_cost(
    checker: &Checker,
    i: usize,
    c: &IoChangeFile,
) -> Result<(CostKind, f64), GravityError> {
    let key = |k: &str| change_key(i, k);
    let tariff = checker.finite(&key("tariff"), &c.tariff)?;
    let kind = match &c.kind {
        None => CostKind::Iceberg,
        Some(k) => checker.choice(
            &key("kind"),
            k,
            "kind",
            &[("iceberg", CostKind::Iceberg), ("tariff", CostKind::Tariff)],
        )?,
    };
    if kind == CostKind::Tariff && tariff < 0.0 {
        let message = format!(
            "{} is an import subsidy: the table's baseline has no tariffs to lower",
            display_float(tariff)
        );
        return Err(checker.fail(&key("tariff"), c.tariff.span(), message));
    }
    if tariff <= -1.0 {
        let message = format!("{} would make costs non-positive", display_float(tariff));
        return Err(checker.fail(&key("tariff"), c.tariff.span(), message));
    }
    Ok((kind, tariff))
}

/// The exporting and importing countries of the change and whether it runs both ways:
/// `between` two blocs (symmetric), or `exporters` and/or `importers`.
fn change_sides(
    checker: &Checker,
    i: usize,
    c: &IoChangeFile,
    blocs: &[Bloc],
) -> Result<(Vec<usize>, Vec<usize>, bool), GravityError> {
    let key = |k: &str| change_key(i, k);
    match (&c.between, &c.exporters, &c.importers) {
        (Some(between), None, None) => {
            let names = between.get_ref();
            if names.len() != 2 {
                let message = "names two blocs".into();
                return Err(checker.fail(&key("between"), between.span(), message));
            }
            let bloc = |s: &Spanned<String>| {
                blocs
                    .iter()
                    .find(|b| &b.name == s.get_ref())
                    .map(|b| b.members.clone())
                    .ok_or_else(|| {
                        let message = format!("unknown bloc `{}`", s.get_ref());
                        checker.fail(&key("between"), s.span(), message)
                    })
            };
            Ok((bloc(&names[0])?, bloc(&names[1])?, true))
        }
        (None, exporters, importers) if exporters.is_some() || importers.is_some() => Ok((
            checker.members(&key("exporters"), exporters.as_ref(), blocs)?,
            checker.members(&key("importers"), importers.as_ref(), blocs)?,
            c.symmetric.unwrap_or(true),
        )),
        _ => {
            let message = "give between, or exporters and/or importers".into();
            Err(checker.fail(&format!("change[{i}]"), c.tariff.span(), message))
        }
    }
}

/// The changed (exporter, importer) pairs as `exporter * n + importer`, sorted, without
/// a country's trade with itself.
fn country_pairs(from: &[usize], to: &[usize], symmetric: bool, n: usize) -> Vec<usize> {
    let mut pairs = Vec::new();
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
}

/// The changed sectors' indices: every sector when `sectors` is left out.
fn change_sectors(
    checker: &Checker,
    i: usize,
    c: &IoChangeFile,
    sectors: &[String],
) -> Result<Vec<usize>, GravityError> {
    let key = |k: &str| change_key(i, k);
    match &c.sectors {
        None => Ok((0..sectors.len()).collect()),
        Some(list) if list.get_ref().is_empty() => {
            let message =
                "an empty list changes no sector: leave `sectors` out for every sector".into();
            Err(checker.fail(&key("sectors"), list.span(), message))
        }
        Some(list) => list
            .get_ref()
            .iter()
            .map(|code| {
                sectors
                    .iter()
                    .position(|s| s == code.get_ref())
                    .ok_or_else(|| {
                        let message = format!(
                            "unknown sector `{}` (the table's: {})",
                            code.get_ref(),
                            sectors.join(", ")
                        );
                        checker.fail(&key("sectors"), code.span(), message)
                    })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "[scenario]\nname = \"x\"\ntheta = 4.0\n\n[[bloc]]\nname = \"west\"\nmembers = [\"USA\", \"CAN\"]\n\n[[change]]\nbetween = [\"west\", \"CHN\"]\ntariff = 0.25\n";

    fn check(text: &str) -> Result<GeIoScenario, GravityError> {
        let countries: Vec<String> = ["CAN", "CHN", "USA"].map(String::from).to_vec();
        let sectors: Vec<String> = ["agr", "man"].map(String::from).to_vec();
        let blocs = vec![Bloc {
            name: "CHN".into(),
            members: vec![1],
        }];
        GeIoScenarioFile::parse(text, "s.toml")?.check(text, "s.toml", &countries, &sectors, blocs)
    }

    #[test]
    fn a_valid_file() {
        let s = check(GOOD).unwrap();
        assert_eq!(s.elasticities, ElasticityChoice::Uniform(4.0));
        assert_eq!(s.deficits, DeficitBaseline::Fixed);
        assert_eq!(s.changes[0].kind, CostKind::Iceberg);
        let taxed = GOOD
            .replace("tariff = 0.25", "kind = \"tariff\"\ntariff = 0.25")
            .replace("theta = 4.0", "theta = 4.0\ndeficits = \"removed\"");
        let s = check(&taxed).unwrap();
        assert_eq!(s.changes[0].kind, CostKind::Tariff);
        assert_eq!(s.deficits, DeficitBaseline::Removed);
        // CAN<->CHN and USA<->CHN: 0*3+1, 1*3+0, 1*3+2, 2*3+1.
        assert_eq!(s.changes[0].pairs, [1, 3, 5, 7]);
        assert_eq!(s.changes[0].sectors, [0, 1]);
        let one_way = GOOD.replace(
            "between = [\"west\", \"CHN\"]",
            "exporters = [\"CHN\"]\nimporters = [\"USA\"]\nsymmetric = false\nsectors = [\"man\"]",
        );
        let s = check(&one_way).unwrap();
        assert_eq!(s.changes[0].pairs, [5]);
        assert_eq!(s.changes[0].sectors, [1]);
    }

    #[test]
    fn errors_name_key_and_line() {
        let cases = [
            (
                GOOD.replace("\"CAN\"]", "\"XYZ\"]"),
                "s.toml:7: key `bloc[0].members`: unknown country `XYZ`",
            ),
            (
                GOOD.replace("tariff = 0.25", "tariff = 0.25\nsectors = [\"srv\"]"),
                "s.toml:12: key `change[0].sectors`: unknown sector `srv` (the table's: agr, man)",
            ),
            (
                GOOD.replace("\"west\", \"CHN\"", "\"west\", \"east\""),
                "s.toml:10: key `change[0].between`: unknown bloc `east`",
            ),
            (
                GOOD.replace("theta = 4.0", "elasticities = \"cp\""),
                "s.toml:3: key `scenario.elasticities`: unknown table `cp` (valid: uniform, caliendo-parro-2015)",
            ),
            // Found by the mutation campaign: no sector at all was a change of nothing.
            (
                GOOD.replace("tariff = 0.25", "tariff = 0.25\nsectors = []"),
                "s.toml:12: key `change[0].sectors`: an empty list changes no sector: leave `sectors` out for every sector",
            ),
            (
                GOOD.replace("tariff = 0.25", "tariff = -1.5"),
                "s.toml:11: key `change[0].tariff`: -1.5 would make costs non-positive",
            ),
            (
                GOOD.replace("tariff = 0.25", "kind = \"tax\"\ntariff = 0.25"),
                "s.toml:11: key `change[0].kind`: unknown kind `tax` (valid: iceberg, tariff)",
            ),
            (
                GOOD.replace("tariff = 0.25", "kind = \"tariff\"\ntariff = -0.1"),
                "s.toml:12: key `change[0].tariff`: -0.1 is an import subsidy: the table's baseline has no tariffs to lower",
            ),
            (
                GOOD.replace("theta = 4.0", "theta = 4.0\ndeficits = \"zero\""),
                "s.toml:4: key `scenario.deficits`: unknown choice `zero` (valid: fixed, removed)",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(check(&text).unwrap_err().to_string(), want);
        }
    }
}
