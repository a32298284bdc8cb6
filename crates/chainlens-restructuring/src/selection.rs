//! [`Selection`]: which importers and goods a restructuring measure looks at, shared by
//! the share, reallocation and index measures (METHODS §5).

use chainlens_model::{CountryCode, CountryVec, Hs6, ProductSet};

/// The importers and goods a measure keeps; `None` keeps every one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    importers: Option<CountryVec<bool>>,
    goods: Option<ProductSet>,
}

impl Selection {
    /// Keeps `importers` (every importer when `None`) and `goods` (every good when `None`).
    pub fn new(importers: Option<&[CountryCode]>, goods: Option<ProductSet>) -> Self {
        let importers = importers.map(|codes| {
            let mut kept = CountryVec::new(false);
            for &c in codes {
                kept[c] = true;
            }
            kept
        });
        Self { importers, goods }
    }

    /// Whether the importer is kept.
    pub fn importer(&self, m: CountryCode) -> bool {
        self.importers.as_ref().is_none_or(|kept| kept[m])
    }

    /// Whether the good is kept.
    pub fn good(&self, k: Hs6) -> bool {
        self.goods.as_ref().is_none_or(|kept| kept.contains(k))
    }
}
