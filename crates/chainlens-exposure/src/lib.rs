//! From HS6 goods to the industries of an input-output table, and which of a country's
//! industries depend on its most vulnerable imports (METHODS §2.9).
//!
//! * [`hs_isic`]: HS codes to ISIC Rev.4 classes ([`HsIsicTable`]: the WITS table of the
//!   reference data, or the chapter-level table shipped with chainlens).
//! * [`industries`]: ISIC Rev.4 to a table's industries ([`IndustryKey`]: codes read as
//!   division ranges, and a written key for WIOD 2013's ISIC Rev.3 industries).
//! * [`goods`]: the two joined, with a split rule ([`GoodsToIndustries`]).
//! * [`exposure`]: imported-input exposure by using industry, direct and total
//!   ([`country_exposure`]).

pub mod exposure;
pub mod goods;
pub mod hs_isic;
pub mod industries;

pub use exposure::{
    BucketedGood, CountryExposure, CountryInputs, IndustryExposure, country_exposure,
};
pub use goods::{GoodsToIndustries, Placement, SplitRule};
pub use hs_isic::{HsIsicTable, Isic, MatchLevel};
pub use industries::{IndustryKey, sector_divisions};

use chainlens_model::{ErrorKind, Location};

/// Why a concordance cannot be read or an exposure computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ExposureError {
    /// A row of a concordance file.
    #[error("{file}:{line}: field `{field}`: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// The column.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The domestic block `I - Ad` of a country cannot be inverted.
    #[error("the domestic input-output block of {country} is singular (I - Ad has no inverse)")]
    Singular {
        /// The table's country code.
        country: String,
    },
}

impl ExposureError {
    /// What kind of failure this is, and where (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid {
                file, line, field, ..
            } => ErrorKind::located(
                Location::line(file.clone(), *line as u64).with_field(field.clone()),
            ),
            Self::Singular { .. } => ErrorKind::bad_input(),
        }
    }
}
