//! Regional industrial chains, METHODS §4 (the chain-chief model of seed 003): chain files
//! ([`ChainFile`] -> [`Chain`]), segment diagnosis ([`diagnose`]: replenish, strengthen,
//! extend), the coupling mix over the four spatial scales ([`coupling_mix`]), the link to
//! the trade layer ([`TradeLayer`]: exposure of the chain's goods, trade partners as
//! substitutes, political distance), disruption response ([`disrupt`]), targeted
//! attraction ([`attract`]). The chain map and the reports are drawn by `chainlens-report`.
//! Only [`ChainFile::parse`] and [`parse_candidates`] read text; everything else takes a
//! checked [`Chain`].

mod attraction;
mod chain;
mod coupling;
mod diagnosis;
mod disruption;
mod error;
mod trade_layer;

pub use attraction::{
    Attraction, AttractionWeights, Candidate, Gap, Match, attract, gaps, parse_candidates,
};
pub use chain::{
    BrokenReference, Chain, ChainFile, Driver, Firm, Link, Position, Role, Scale, Segment,
};
pub use coupling::{CouplingMix, Share, coupling_mix, shannon};
pub use diagnosis::{DiagnosisOptions, SegmentDiagnosis, diagnose};
pub use disruption::{
    Disruption, DisruptionOptions, LinkResponse, Loss, Removal, Source, Substitute, disrupt,
};
pub use error::ChainError;
pub use trade_layer::{GoodTrade, Partner, TradeLayer, chain_goods};
