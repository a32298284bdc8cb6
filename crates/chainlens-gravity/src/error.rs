//! [`GravityError`]: gravity data that cannot be read or used, a scenario file that cannot
//! be checked, or an estimation or solve that cannot give a trustworthy answer. Every
//! variant names the file, and the line, column or key when there is one.

use chainlens_model::{ErrorKind, Location};

/// Why a gravity estimation or counterfactual cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GravityError {
    /// A column the request names is not in the file's header.
    #[error("{file}: no column `{column}`\nhint: the header has {available}")]
    MissingColumn {
        /// The file.
        file: String,
        /// The column asked for.
        column: String,
        /// The header's columns, comma-separated.
        available: String,
    },
    /// A cell that is not what its column needs (a number, a non-negative trade value).
    #[error("{file}:{line}: column `{column}`: {message}")]
    BadValue {
        /// The file.
        file: String,
        /// 1-based line.
        line: u64,
        /// The column.
        column: String,
        /// What is wrong, naming the value.
        message: String,
    },
    /// The same exporter, importer and year on two lines.
    #[error("{file}:{line}: {key} repeats line {first_line}")]
    DuplicateRow {
        /// The file.
        file: String,
        /// The second line.
        line: u64,
        /// The first line.
        first_line: u64,
        /// `EXP -> IMP in YEAR`.
        key: String,
    },
    /// The general equilibrium needs every pair of the year, domestic flows included.
    #[error("{file}: {message}")]
    Incomplete {
        /// The file.
        file: String,
        /// Which pair or country is missing, and in which year.
        message: String,
    },
    /// Not valid TOML or not the scenario schema.
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What the parser said.
        message: String,
    },
    /// A scenario value that is well-formed but wrong (an unknown country, sigma <= 1).
    #[error("{file}:{line}: key `{key}`: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// Dotted key, e.g. `change[0].exporters`.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// The data cannot identify what was asked (every variable collinear, no observation
    /// left after separation), in the estimator's words.
    #[error("{file}: {message}")]
    Estimation {
        /// The file.
        file: String,
        /// What the estimator refused.
        message: String,
    },
    /// An iteration whose values became NaN or infinite (an elasticity too large for
    /// floating point makes cost changes raised to `-theta` under- or overflow).
    #[error(
        "{what} is not finite: NaN or infinity in iteration {iteration}\nhint: check the trade elasticities (the largest is {theta_max}) and the cost changes"
    )]
    NotFinite {
        /// Which iteration.
        what: String,
        /// The iteration where it happened.
        iteration: usize,
        /// The largest elasticity of the model.
        theta_max: f64,
    },
    /// An iteration that did not reach its tolerance.
    #[error(
        "{what} did not converge in {iterations} iterations (last change {change:e})\nhint: check the data for separated or tiny flows, or raise the iteration limit"
    )]
    NoConvergence {
        /// Which iteration.
        what: String,
        /// Iterations run.
        iterations: usize,
        /// The last change measured.
        change: f64,
    },
}

/// The largest of `values`, NaN when any is NaN (`f64::max` would drop it and report a
/// NaN iteration as converged).
pub(crate) fn largest(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |m, x| {
        if x.is_nan() || m.is_nan() {
            f64::NAN
        } else {
            m.max(x)
        }
    })
}

impl GravityError {
    /// What kind of failure this is, and where (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::MissingColumn { file, column, .. } => {
                ErrorKind::located(Location::file(file.clone()).with_field(column.clone()))
            }
            Self::BadValue {
                file, line, column, ..
            } => ErrorKind::located(Location::line(file.clone(), *line).with_field(column.clone())),
            Self::DuplicateRow { file, line, .. } => {
                ErrorKind::located(Location::line(file.clone(), *line))
            }
            Self::Syntax { file, line, .. } => {
                ErrorKind::located(Location::line(file.clone(), *line as u64))
            }
            Self::Invalid {
                file, line, key, ..
            } => ErrorKind::located(
                Location::line(file.clone(), *line as u64).with_field(key.clone()),
            ),
            Self::Incomplete { file, .. } | Self::Estimation { file, .. } => {
                ErrorKind::located(Location::file(file.clone()))
            }
            Self::NoConvergence { .. } | Self::NotFinite { .. } => ErrorKind::bad_input(),
        }
    }
}
