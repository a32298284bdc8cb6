//! [`VulnerabilityError`]: why an analysis cannot run on the data it was given.

use chainlens_model::{CountryCode, ErrorKind, Year};

/// A reason the vulnerability analysis cannot produce a result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VulnerabilityError {
    /// No flow falls inside the requested years.
    #[error("no trade flow in the window {first}-{last} (the data holds {available})")]
    EmptyWindow {
        /// First year asked for.
        first: Year,
        /// Last year asked for.
        last: Year,
        /// Years the data holds, comma separated.
        available: String,
    },
    /// No intermediate good is traded at all in the window.
    #[error(
        "no good of the universe ({universe} HS6 codes) is traded in the window\nhint: check the HS edition of the data against the intermediate-goods list"
    )]
    EmptyUniverse {
        /// Size of the universe given.
        universe: usize,
    },
    /// A requested importer imports no intermediate good in the window.
    #[error("country {importer} imports no intermediate good in the window")]
    NoIntermediateImports {
        /// The importer's numeric code.
        importer: CountryCode,
    },
}

impl VulnerabilityError {
    /// What kind of failure this is: always the data or the request (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::bad_input()
    }
}
