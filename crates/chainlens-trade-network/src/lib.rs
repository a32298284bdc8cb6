//! Trade-network vulnerability, METHODS §1: which intermediate goods an importer
//! depends on that few countries supply, and who those countries are.
//!
//! * [`export_centrality`] (§1.2), [`ImporterAccumulator`] for import concentration (§1.3),
//!   [`category`] and [`importer_vulnerability`] for the categories and composite index
//!   (§1.4-1.5), [`exporter_dominance`] (§1.6), [`importer_suppliers()`] (§1.3 by
//!   supplier), [`geopolitical_risk`] (§1.7), [`quantile`]
//!   for the exact cut-offs.
//! * [`analyse`] runs all of it in one pass for one, several or all importers and returns
//!   typed tables ([`VulnerabilityAnalysis`]); it never opens a file.
//!
//! ```
//! use chainlens_model::{CanonicalFlows, CountryCode, Hs6, ProductSet, TradeFlows, Year};
//! use chainlens_trade_network::{Importers, VulnerabilityOptions, analyse};
//! let (chn, jpn, kor) = (CountryCode::new(156).unwrap(), CountryCode::new(392).unwrap(), CountryCode::new(410).unwrap());
//! let mut flows = TradeFlows::default();
//! flows.push(Year(2019), chn, kor, Hs6(281111), 10.0, None); // hydrogen fluoride
//! flows.push(Year(2019), jpn, kor, Hs6(281111), 90.0, None);
//! // Analyses read rows in canonical order (year, product, exporter, importer), checked here.
//! let flows = CanonicalFlows::try_from(flows).unwrap();
//! let universe: ProductSet = [Hs6(281111)].into_iter().collect();
//! let result = analyse(&flows, &universe, None, &Importers::These(vec![kor]), VulnerabilityOptions::default()).unwrap();
//! let korea = &result.importers[0];
//! assert_eq!(korea.products[0].concentration, 0.9 * 0.9 + 0.1 * 0.1);
//! assert_eq!(korea.products[0].category.number(), 1);
//! ```

mod analysis;
mod dominance;
mod error;
mod export_centrality;
mod geopolitical_risk;
mod import_concentration;
mod importer_suppliers;
pub mod quantile;
mod vulnerability_index;
mod window;

pub use analysis::{
    GoodCentrality, Importers, VulnerabilityAnalysis, VulnerabilityOptions, analyse,
    analyse_windowed,
};
pub use dominance::{ExporterDominance, GoodExporters, dominance_ranks, exporter_dominance};
pub use error::VulnerabilityError;
pub use export_centrality::{CentralityMeasure, export_centrality};
pub use geopolitical_risk::{ImporterRisk, PoliticalDistance, geopolitical_risk};
pub use import_concentration::ImporterAccumulator;
pub use importer_suppliers::{ImporterSupplier, importer_suppliers};
pub use vulnerability_index::{
    Category, CategoryRow, ChapterRow, GlobalLookup, ImportEntry, ImporterProduct,
    ImporterVulnerability, category, importer_vulnerability,
};
pub use window::{Transform, WindowFlow, WindowedFlows};
