//! Fuzzing on stable Rust (issue 14): scenario files ([`ScenarioFile::parse`] then
//! [`ScenarioFile::check`]) get arbitrary text and structured mutations of a valid file
//! (bytes deleted, inserted or replaced, lines doubled or dropped, the file cut short,
//! tokens such as `nan`, `[` or deep dotted keys spliced in). Each run must end without a
//! panic, in a checked scenario whose numbers are in range or in an error naming the file
//! and a line (`s.toml:LINE:`).
//!
//! `CHAINLENS_FUZZ_CASES` sets the number of cases per property (default 48).

use chainlens_model::{Country, CountryCode, CountryTable, Hs6, ProductSet};
use chainlens_scenarios::ScenarioFile;
use chainlens_testing::{apply, arbitrary_text, assert_located, config, mutations};
use proptest::prelude::*;

const VALID: &str = include_str!("../../../examples/scenarios/japan-korea-2019.toml");

fn countries() -> CountryTable {
    let row = |code, iso3: &str| Country {
        code: CountryCode::new(code).unwrap(),
        iso2: String::new(),
        iso3: iso3.into(),
        name: iso3.into(),
        aggregate: false,
    };
    CountryTable::new(vec![row(156, "CHN"), row(410, "KOR"), row(392, "JPN")]).unwrap()
}

fn parse_and_check(text: &str) {
    let universe: ProductSet = [Hs6(281111), Hs6(392099)].into_iter().collect();
    let result = ScenarioFile::parse(text, "s.toml")
        .and_then(|f| f.check(text, "s.toml", &countries(), &universe));
    match result {
        Ok(s) => {
            assert!(!s.restrictions().is_empty());
            for r in s.restrictions() {
                assert!((0.0..=1.0).contains(&r.cut()) && !r.goods().is_empty());
            }
            assert!(s.resourcing_cap().is_none_or(|c| (0.0..=1.0).contains(&c)));
        }
        Err(e) => assert_located(&e.to_string(), "s.toml"),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn scenario_files_survive_mutations(m in mutations()) {
        parse_and_check(&apply(VALID, &m));
    }

    #[test]
    fn scenario_files_survive_arbitrary_text(text in arbitrary_text()) {
        parse_and_check(&text);
        parse_and_check(&format!("[scenario]\nname = \"x\"\n{text}"));
    }
}
