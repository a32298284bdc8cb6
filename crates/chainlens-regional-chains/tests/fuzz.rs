//! Fuzzing on stable Rust (issue 14): chain files ([`ChainFile::parse`] then
//! [`ChainFile::check`]) and attraction candidates ([`parse_candidates`]) get arbitrary
//! text and structured mutations of the shipped examples (bytes deleted, inserted or
//! replaced, lines doubled or dropped, the file cut short, tokens such as `nan`, `[[link]]`
//! or deep dotted keys spliced in). Each run must end without a panic, in a chain whose
//! ids resolve and numbers are finite, or in an error naming the file and a line on each
//! of its lines.
//!
//! `CHAINLENS_FUZZ_CASES` sets the number of cases per property (default 48).

use chainlens_regional_chains::{Chain, ChainFile, parse_candidates};
use chainlens_testing::{apply, arbitrary_text, assert_located, config, mutations};
use proptest::prelude::*;

const EYEWEAR: &str = include_str!("../../../examples/chains/eyewear-ouhai.toml");
const STEROIDS: &str = include_str!("../../../examples/chains/steroids-xianju.toml");
const CANDIDATES: &str = include_str!("../../../examples/chains/eyewear-candidates.csv");

fn parse_and_check(text: &str) -> Option<Chain> {
    let result = ChainFile::parse(text, "c.toml").and_then(|f| f.check(text, "c.toml"));
    match result {
        Ok(chain) => {
            let firms = chain.firms().len();
            assert!(
                chain
                    .firms()
                    .iter()
                    .all(|f| f.segment < chain.segments().len())
            );
            assert!(
                chain
                    .firms()
                    .iter()
                    .all(|f| f.capacity.is_finite() && f.capacity >= 0.0)
            );
            assert!(chain.links().iter().all(|l| l.from < firms && l.to < firms));
            assert!(
                chain
                    .links()
                    .iter()
                    .all(|l| l.value.is_finite() && l.value >= 0.0)
            );
            Some(chain)
        }
        Err(e) => {
            assert_located(&e.to_string(), "c.toml");
            None
        }
    }
}

fn candidates(text: &str, chain: &Chain) {
    match parse_candidates(text, "k.csv", chain) {
        Ok(list) => assert!(
            list.iter()
                .all(|c| c.capacity.is_finite() && c.capacity >= 0.0)
        ),
        Err(e) => assert_located(&e.to_string(), "k.csv"),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn chain_files_survive_mutations(m in mutations(), steroids in any::<bool>()) {
        parse_and_check(&apply(if steroids { STEROIDS } else { EYEWEAR }, &m));
    }

    #[test]
    fn chain_files_survive_arbitrary_text(text in arbitrary_text()) {
        parse_and_check(&text);
        parse_and_check(&format!("{EYEWEAR}\n{text}"));
    }

    #[test]
    fn candidates_survive_mutations(m in mutations(), text in arbitrary_text()) {
        let chain = parse_and_check(EYEWEAR).unwrap();
        candidates(&apply(CANDIDATES, &m), &chain);
        candidates(&text, &chain);
    }
}
