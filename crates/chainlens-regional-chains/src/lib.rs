//! Regional industrial chains, METHODS §4 (the chain-chief model of seed 003): chain files
//! ([`ChainFile`] -> [`Chain`]), segment diagnosis ([`diagnose`]: replenish, strengthen,
//! extend) and the coupling mix over the four spatial scales ([`coupling_mix`]). Only
//! [`ChainFile::parse`] reads text; everything else takes a checked [`Chain`].
//!
//! Not built yet (issue 7): disruption response with substitute ranking, targeted
//! attraction, the SVG chain map and the link to the trade layer.

mod chain;
mod coupling;
mod diagnosis;
mod error;

pub use chain::{Chain, ChainFile, Driver, Firm, Link, Position, Role, Scale, Segment};
pub use coupling::{CouplingMix, Share, coupling_mix, shannon};
pub use diagnosis::{DiagnosisOptions, SegmentDiagnosis, diagnose};
pub use error::ChainError;
