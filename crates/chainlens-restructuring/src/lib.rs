//! Restructuring measured over time, METHODS §5: whether supply is being reallocated
//! between suppliers, rerouted through third countries, moved to friends or neighbours,
//! and whether value chains regionalise. Every measure compares two windows of years or
//! runs over yearly data; none opens a file.
//!
//! * [`supplier_shares`]: each importer's supplier shares of each good in a base and a
//!   compare window, and [`reallocation`] / [`gainer_totals`]: the goods where a named
//!   supplier lost share and who gained it.
//! * [`good_transitions`] / [`category_transitions`]: METHODS §1.4 categories, import
//!   concentration and export centrality of the two windows' analyses, joined.
//! * [`sourcing_indices`]: yearly import-weighted political and geographic distance of
//!   suppliers (friend-shoring, near-shoring) and the top supplier's share.
//! * [`relocation`]: origin -> connector intermediates beside connector -> destination
//!   exports by HS chapter; [`connector_industries`]: the same route by the connector's
//!   industries that use the origin's intermediates (HS -> ISIC -> input-output table).
//! * [`regionalisation`]: regional and extra-regional foreign value added in final output
//!   (Los, Timmer & de Vries 2015) on one input-output table.
//!
//! BACI values are current USD and carry no deflator, so shares, not levels, carry the
//! comparison between windows.
//!
//! ```
//! use chainlens_model::{CanonicalFlows, CountryCode, Hs6, TradeFlows, Year, YearWindow};
//! use chainlens_restructuring::{Selection, gainer_totals, reallocation, supplier_shares};
//! let (chn, usa, vnm, mex) = (CountryCode::new(156).unwrap(), CountryCode::new(840).unwrap(), CountryCode::new(704).unwrap(), CountryCode::new(484).unwrap());
//! let mut flows = TradeFlows::default();
//! flows.push(Year(2018), chn, usa, Hs6(850440), 90.0, None);
//! flows.push(Year(2018), vnm, usa, Hs6(850440), 10.0, None);
//! flows.push(Year(2023), chn, usa, Hs6(850440), 50.0, None);
//! flows.push(Year(2023), mex, usa, Hs6(850440), 10.0, None);
//! flows.push(Year(2023), vnm, usa, Hs6(850440), 40.0, None);
//! let flows = CanonicalFlows::try_from(flows).unwrap(); // rows in (year, product, exporter, importer) order
//! let w = |t| YearWindow::parse(t).unwrap();
//! let shares = supplier_shares(&flows, w("2018"), w("2023"), &Selection::default()).unwrap();
//! let (_, gains) = reallocation(&shares, chn);
//! let totals = gainer_totals(&gains);
//! // China lost .4; VNM gained .3 and MEX .1, so VNM took .3 of it: USD 30 a year.
//! assert_eq!(totals[0].gainer, vnm);
//! assert!((totals[0].value_taken - 30.0).abs() < 1e-12);
//! ```

mod connector_industries;
mod error;
mod reallocation;
mod regionalisation;
mod relocation;
mod selection;
mod sourcing_indices;
mod supplier_shares;
mod transitions;

pub use connector_industries::{
    ConnectorIndustries, IndustryLegs, TableRoute, connector_industries,
};
pub use error::RestructuringError;
pub use reallocation::{Gain, GainerTotal, ReallocatedGood, gainer_totals, reallocation};
pub use regionalisation::{RegionalShares, regionalisation};
pub use relocation::{Leg, RelocationRow, Route, relocation};
pub use selection::Selection;
pub use sourcing_indices::{Distances, GeographicDistance, SourcingIndex, sourcing_indices};
pub use supplier_shares::{SupplierShare, supplier_shares};
pub use transitions::{CategoryTransition, GoodTransition, category_transitions, good_transitions};
