//! Input-output and global-value-chain analytics on an [`IcioTable`] (METHODS §2).
//!
//! Nothing here opens a file: readers live in `chainlens-icio`. The layers:
//!
//! * [`Coefficients`] (`A`, `B`, `v`, the zero-output rule), [`LeontiefModel`]
//!   and [`GhoshModel`] (LU factorisations; `L` and `G` only on request),
//!   [`multipliers()`], [`value_added_origin`], [`last_legs()`] (value added by the last border it crossed).
//! * [`GvcSystem`] (shared matrices for an [`Economies`] grouping) and
//!   [`DemandPaths`], used by the export decompositions [`kww()`] (Koopman,
//!   Wang & Wei 2014), [`wwz()`] (Wang, Wei & Zhu 2013, 16 terms) and
//!   [`borin_mancini()`] (Borin & Mancini 2023, source based).
//! * Indicators: [`participation`] (Koopman et al. 2010), [`mod@upstreamness`]
//!   (Antràs et al. 2012, net of inventories as Antràs & Chor 2018) and
//!   [`downstreamness`] (Antràs & Chor 2018), [`production_length`] (Wang, Wei, Yu & Zhu 2017),
//!   [`mod@external_reliance`], [`paradox`], [`extraction`], and [`mod@gvc_indicators`]
//!   which gathers them into the `chainlens gvc` tables.
//!
//! ```
//! use chainlens_input_output::{synthetic, Coefficients, LeontiefModel};
//! let table = synthetic::random_table(3, 2, 7);
//! let model = LeontiefModel::new(&Coefficients::new(&table)?)?;
//! let y = table.y_row_sums();
//! let x = model.output_for(&y)?;
//! assert!((x[0] - table.x[0]).abs() < 1e-9 * table.x[0]);
//! # Ok::<(), chainlens_input_output::InputOutputError>(())
//! ```

// Index loops mirror the formulas (rows i, k of A and L); iterator chains would hide them.
#![allow(clippy::needless_range_loop)]

pub mod borin_mancini;
pub mod coefficients;
pub mod downstreamness;
pub mod economies;
pub mod error;
pub mod external_reliance;
pub mod extraction;
pub mod ghosh;
pub mod gvc_indicators;
pub mod gvc_system;
pub mod kww;
pub mod last_leg;
pub mod leontief;
pub mod multipliers;
pub mod paradox;
pub mod participation;
pub mod paths;
pub mod production_length;
pub mod synthetic;
pub mod upstreamness;
pub mod value_added_origin;
pub mod wwz;

#[cfg(test)]
mod test_tables;

pub use borin_mancini::{BM_TERMS, BorinMancini, bm_country_sector_table, borin_mancini};
pub use chainlens_model::IcioTable;
pub use coefficients::{CoefficientOptions, Coefficients};
pub use economies::{Economies, SplitKeys};
pub use error::{InputOutputError, Result};
pub use ghosh::GhoshModel;
pub use gvc_indicators::{GvcIndicators, GvcOptions, Table, gvc_indicators, gvc_indicators_with};
pub use gvc_system::GvcSystem;
pub use kww::{KWW_TERMS, KwwDecomposition, kww};
pub use last_leg::{LastLegs, last_legs};
pub use leontief::LeontiefModel;
pub use multipliers::{Multipliers, multipliers};
pub use paradox::IndustryGroups;
pub use paths::DemandPaths;
pub use wwz::{WWZ_TERMS, WwzDecomposition, wwz, wwz_table};
