//! [`ScenarioError`]: a scenario file that cannot be read or checked, or one that
//! matches nothing in the data.

use chainlens_model::{ErrorKind, Location};

/// Why a scenario cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
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
    /// A value that is well-formed but wrong.
    #[error("{file}:{line}: key `{key}`: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// Dotted key, e.g. `restriction[0].cut`.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// No restriction matches a flow in the window.
    #[error(
        "the scenario matches no trade flow in the window ({detail})\nhint: check the codes' HS edition, the years and the country codes"
    )]
    NoFlowsMatched {
        /// Flows matched per restriction.
        detail: String,
    },
    /// The analysis before or after failed.
    #[error(transparent)]
    Analysis(#[from] chainlens_trade_network::VulnerabilityError),
}

impl ScenarioError {
    /// What kind of failure this is, and where in the scenario file (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Syntax { file, line, .. } => {
                ErrorKind::located(Location::line(file.clone(), *line as u64))
            }
            Self::Invalid {
                file, line, key, ..
            } => ErrorKind::located(
                Location::line(file.clone(), *line as u64).with_field(key.clone()),
            ),
            Self::NoFlowsMatched { .. } => ErrorKind::bad_input(),
            Self::Analysis(e) => e.kind(),
        }
    }
}
