//! Shocks and scenarios, METHODS §3: a checked scenario file ([`ScenarioFile`] ->
//! [`ValidScenario`]), export cuts with capped, pooled re-sourcing ([`water_fill`]), the
//! vulnerability analysis of METHODS §1 before and after ([`run_trade_shock`]), and the
//! propagation of the changed flows through an input-output table ([`propagate`]: Leontief,
//! Ghosh and a first-round bottleneck; goods mapped by `chainlens_exposure`'s HS -> ISIC -> industry link).
//! Analyses take model types; only [`ScenarioFile::parse`] reads text.
//!
//! ```
//! use chainlens_model::{CanonicalFlows, Country, CountryCode, CountryTable, Hs6, ProductSet, TradeFlows, Year};
//! use chainlens_scenarios::{ScenarioFile, run_trade_shock};
//! let country = |code, iso3: &str| Country {
//!     code: CountryCode::new(code).unwrap(),
//!     iso2: String::new(),
//!     iso3: iso3.into(),
//!     name: iso3.into(),
//!     aggregate: false,
//! };
//! let (chn, jpn, kor, usa) = (country(156, "CHN"), country(392, "JPN"), country(410, "KOR"), country(842, "USA"));
//! let mut flows = TradeFlows::default();
//! flows.push(Year(2019), chn.code, usa.code, Hs6(281111), 100.0, None);
//! flows.push(Year(2019), jpn.code, kor.code, Hs6(281111), 80.0, None);
//! flows.push(Year(2019), jpn.code, usa.code, Hs6(281111), 20.0, None);
//! let flows = CanonicalFlows::try_from(flows).unwrap();
//! let countries = CountryTable::new(vec![chn, jpn, kor, usa]).unwrap();
//! let text = r#"
//! [scenario]
//! name = "ban"
//! [[restriction]]
//! exporters = ["JPN"]
//! importers = ["KOR"]
//! goods = ["281111"]
//! cut = 1.0
//! [resourcing]
//! allowed = true
//! cap = 0.5
//! "#;
//! let universe: ProductSet = [Hs6(281111)].into_iter().collect();
//! let scenario = ScenarioFile::parse(text, "ban.toml")
//!     .and_then(|file| file.check(text, "ban.toml", &countries, &universe))
//!     .unwrap();
//! let shock = run_trade_shock(&flows, &universe, &scenario, false).unwrap();
//! // Korea loses 80; China, the only remaining exporter, can redirect 0.5 x 100 = 50.
//! let loss = &shock.losses[0];
//! assert_eq!((loss.lost, loss.resourced, loss.unmet), (80.0, 50.0, 30.0));
//! ```

mod error;
mod io_propagation;
mod regions;
mod resourcing;
mod spec;
mod trade_shock;

pub use error::ScenarioError;
pub use io_propagation::{IoPropagation, propagate, propagate_with};
pub use regions::{Placement, RegionMap, parse_regions};
pub use resourcing::water_fill;
pub use spec::{Header, Resourcing, Restriction, ScenarioFile, ValidRestriction, ValidScenario};
pub use trade_shock::{
    CategoryChange, FlowChange, GoodLoss, TradeShock, run_trade_shock, run_trade_shock_on,
};

#[cfg(test)]
mod tests {
    use chainlens_model::{Country, CountryCode, CountryTable};

    /// China, Korea and Japan with their BACI codes: the countries of the unit tests.
    pub(crate) fn countries() -> CountryTable {
        let row = |code, iso3: &str| Country {
            code: CountryCode::new(code).unwrap(),
            iso2: String::new(),
            iso3: iso3.into(),
            name: iso3.into(),
            aggregate: false,
        };
        CountryTable::new(vec![row(156, "CHN"), row(410, "KOR"), row(392, "JPN")]).unwrap()
    }
}
