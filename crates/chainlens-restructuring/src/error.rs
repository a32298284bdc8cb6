//! [`RestructuringError`]: why a restructuring measure cannot be computed on the data given.

use chainlens_model::ErrorKind;
use chainlens_trade_network::VulnerabilityError;

/// A reason a restructuring measure has no result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RestructuringError {
    /// A window holds no flow (its years are named).
    #[error("{which} window: {source}")]
    Window {
        /// `base` or `compare`.
        which: &'static str,
        /// The empty window.
        source: VulnerabilityError,
    },
    /// The input-output table of one year cannot be solved.
    #[error("{year}: {source}")]
    InputOutput {
        /// The table's year.
        year: u16,
        /// Why.
        source: chainlens_input_output::InputOutputError,
    },
    /// A country of the table is missing from its economies.
    #[error("no final demand column of economy {economy} in the table")]
    NoFinalDemand {
        /// The economy's label.
        economy: String,
    },
}

impl RestructuringError {
    /// What kind of failure this is: the data or the request (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::InputOutput { source, .. } => source.kind(),
            _ => ErrorKind::bad_input(),
        }
    }
}
