//! [`ChainError`]: a chain file that cannot be read or does not hold together.

use chainlens_model::{ErrorKind, Location};

/// Why a chain file was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChainError {
    /// Not valid TOML, or not the chain schema (unknown key, unknown scale name, ...).
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What the parser said.
        message: String,
    },
    /// Well-formed but inconsistent.
    #[error("{file}:{line}: key `{key}`: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line (for a problem of the whole file, the line of its first part).
        line: usize,
        /// Dotted key, e.g. `link[3].from`.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// Segments or firms referred to but not defined, every one with its line.
    #[error("{}", unresolved(file, references))]
    Unresolved {
        /// The file.
        file: String,
        /// The broken references, in file order.
        references: Vec<crate::chain::BrokenReference>,
    },
    /// A field of a CSV file (e.g. the attraction candidates) that cannot be used.
    #[error("{file}:{line}: field `{field}`: {message}")]
    Field {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// Column name.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A request that does not fit the chain (e.g. removing a partner it does not have).
    #[error("{0}")]
    Request(String),
    /// The trade data cannot serve the chain (e.g. its country is not in the data).
    #[error("trade data: {0}")]
    Trade(String),
}

impl ChainError {
    /// What kind of failure this is, and where in the chain or CSV file (see [`ErrorKind`]).
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
            Self::Field {
                file, line, field, ..
            } => ErrorKind::located(
                Location::line(file.clone(), *line as u64).with_field(field.clone()),
            ),
            Self::Unresolved { file, references } => {
                let first = references.first();
                let line = first.map_or(0, |r| r.line as u64);
                let location = Location::line(file.clone(), line);
                ErrorKind::located(match first {
                    Some(r) => location.with_field(r.key.clone()),
                    None => location,
                })
            }
            Self::Request(_) | Self::Trade(_) => ErrorKind::bad_input(),
        }
    }
}

/// One `file:line: key `k`: message` line per broken reference.
fn unresolved(file: &str, references: &[crate::chain::BrokenReference]) -> String {
    references
        .iter()
        .map(|r| format!("{file}:{}: key `{}`: {}", r.line, r.key, r.message))
        .collect::<Vec<_>>()
        .join("\n")
}
