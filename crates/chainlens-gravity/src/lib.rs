//! Structural gravity for bloc fragmentation (METHODS §3): estimate trade-cost
//! elasticities by Poisson pseudo-maximum likelihood with high-dimensional fixed effects,
//! and solve the one-sector Armington-CES general equilibrium of a change in trade costs.
//!
//! * [`data`]: [`GravityData`], bilateral flows and gravity variables read from CSV text,
//!   checked row by row; [`World`], one year as a square matrix.
//! * [`mod@ppml`]: [`ppml()`], PPML by iteratively reweighted least squares with the fixed
//!   effects concentrated out by alternating projections, standard errors clustered by pair.
//! * [`mod@estimate`]: [`estimate()`], the same on [`GravityData`] with fixed effects named
//!   `exporter-year`, `importer-year`, `pair`, ...
//! * [`hat`]: [`hat::solve`], the conditional and full equilibria in exact hat algebra
//!   (Zylkin's `ge_gravity`), additive or multiplicative deficits.
//! * [`pair_costs`]: [`pair_costs::complete_pair_costs`], every pair's trade cost from a
//!   fit with pair effects, the pairs that never trade predicted from gravity variables.
//! * [`levels`]: [`levels::solve_levels`], the multilateral resistances in levels with a
//!   reference importer, as gegravity 0.3 solves them.
//! * [`calibration`]: [`calibration::IoBaseline`], the Caliendo-Parro model calibrated
//!   from an inter-country input-output table; [`caliendo_parro`]: [`caliendo_parro::solve`],
//!   its equilibrium in changes with input-output linkages, and the welfare decomposition.
//! * [`elasticities`]: sector trade elasticities from a file, uniform (5), or Caliendo &
//!   Parro (2015) Table 1 on WIOD 2013's industries or ISIC Rev.4 codes; [`io_scenario`]:
//!   scenario files for `chainlens gravity ge-io`; [`io_counterfactual`]:
//!   [`io_counterfactual::run_io`], a checked scenario solved on a table, beside the
//!   one-sector model of the same shock.
//! * [`scenario`]: scenario files for `chainlens gravity ge` and the blocs they name
//!   ([`blocs`]: blocs from a CSV list);
//!   [`counterfactual`]: [`run()`], a checked scenario solved on the data.
//!
//! Nothing here opens a file: the caller passes the text.
//!
//! ```
//! use chainlens_gravity::hat::{HatOptions, solve};
//! // Two symmetric countries halve their bilateral trade costs (theta 4: phi = 2^4).
//! let trade = [8.0, 2.0, 2.0, 8.0];
//! let s = solve(&trade, &[1.0, 16.0, 16.0, 1.0], HatOptions::default()).unwrap();
//! assert!((s.full.welfare[0] - 2f64.sqrt()).abs() < 1e-12);
//! ```

pub mod blocs;
pub mod calibration;
pub mod caliendo_parro;
pub mod counterfactual;
pub mod csv_list;
pub mod data;
pub mod demean;
pub mod elasticities;
pub mod error;
pub mod estimate;
pub mod hat;
pub mod io_counterfactual;
pub mod io_scenario;
pub mod levels;
pub mod pair_costs;
pub mod ppml;
pub mod scenario;

pub use counterfactual::{Counterfactual, CountryEffect, run};
pub use data::{ColumnNames, GravityData, World};
pub use error::GravityError;
pub use estimate::{FixedEffect, estimate};
pub use ppml::{PpmlFit, PpmlInput, PpmlOptions, ppml};
