//! The chainlens vocabulary: typed ids and tables shared by every other crate.
//!
//! Nothing here opens a file, reads the environment or prints. Readers in
//! `chainlens-ingest` fill these types; analyses in `chainlens-trade-network`
//! and later crates take them and return tables.
//!
//! * [`country`]: BACI/Comtrade numeric country codes and the country table.
//! * [`product`]: HS6 codes, BEC Rev.4 end-use classes, product sets and descriptions.
//! * [`column`](mod@column): [`Column`], a table column owned or borrowed from a memory map.
//! * [`flows`]: [`TradeFlows`], the columnar bilateral trade table (METHODS §1).
//! * [`canonical_flows`]: [`CanonicalFlows`], the same table checked to be in canonical order.
//! * [`error_kind`]: [`ErrorKind`], what every crate's error is, for the faces to map once.
//! * [`number`]: [`display_float`], floats in messages as people write them.
//! * [`text_position`]: lines of byte offsets and of TOML parse errors.
//!
//! ```
//! use chainlens_model::{CountryCode, Hs6, TradeFlows, Year};
//! let mut flows = TradeFlows::default();
//! flows.push(Year(2018), CountryCode::new(156).unwrap(), CountryCode::new(842).unwrap(), Hs6(854231), 2.5e6, None);
//! assert_eq!(flows.len(), 1);
//! assert_eq!(Hs6(10121).to_string(), "010121");
//! ```

pub mod canonical_flows;
pub mod column;
pub mod country;
pub mod error_kind;
pub mod flows;
pub mod icio;
pub mod number;
pub mod product;
pub mod text_position;

pub use canonical_flows::{CanonicalFlows, NotCanonical};
pub use column::{BorrowError, Column, Plain, SharedBytes};
pub use country::{
    Country, CountryCode, CountryStatus, CountryTable, CountryTableError, CountryVec,
};
pub use error_kind::{ErrorKind, Location};
pub use flows::{TradeFlows, Year, YearWindow};
pub use icio::{
    CountrySector, FinalDemandColumn, IcioCountry, IcioTable, Satellite, is_inventory_category,
};
pub use number::display_float;
pub use product::{BecCode, EndUse, Hs6, ProductDescriptions, ProductSet};
