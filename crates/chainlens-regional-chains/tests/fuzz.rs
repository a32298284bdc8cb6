//! Fuzzing on stable Rust (issue 14): chain files ([`ChainFile::parse`] then
//! [`ChainFile::check`]) and attraction candidates ([`parse_candidates`]) get arbitrary
//! text and structured mutations of the shipped examples (bytes deleted, inserted or
//! replaced, lines doubled or dropped, the file cut short, tokens such as `nan`, `[[link]]`
//! or deep dotted keys spliced in). Each run must end without a panic, within a time
//! bound, in a chain whose ids resolve and numbers are finite, or in an error naming the
//! file and a line on each of its lines.
//!
//! `CHAINLENS_FUZZ_CASES` sets the number of cases per property (default 48).

use chainlens_regional_chains::{Chain, ChainFile, parse_candidates};
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn config() -> ProptestConfig {
    let cases = std::env::var("CHAINLENS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One edit of a file; positions are taken modulo its length.
#[derive(Clone, Debug)]
enum Mutation {
    Delete(usize),
    Insert(usize, u8),
    Replace(usize, u8),
    Splice(usize, &'static str),
    DoubleLine(usize),
    DropLine(usize),
    Cut(usize),
}

const TOKENS: &[&str] = &[
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e305",
    "-0",
    "\"",
    ",",
    ",,",
    "\n",
    "\r\n",
    "\n\n",
    "NA",
    "99999999999999999999",
    "0.",
    ".",
    "\u{feff}",
    "\u{fffd}",
    "1900",
    "2100",
    "=",
    "[",
    "]",
    "{",
    "}",
    "'",
    "#",
    "a.b.c.d.e.f.g.h",
];

fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(b",\n\r\". -0123456789eNA=[]{}\xff\xc3".to_vec()),
        any::<u8>(),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), byte()).prop_map(|(p, b)| Mutation::Insert(p, b)),
        (any::<usize>(), byte()).prop_map(|(p, b)| Mutation::Replace(p, b)),
        (any::<usize>(), prop::sample::select(TOKENS)).prop_map(|(p, t)| Mutation::Splice(p, t)),
        any::<usize>().prop_map(Mutation::DoubleLine),
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::Cut),
    ]
}

/// The byte ranges of the lines of `bytes`, newline included.
fn line_ranges(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push(start..bytes.len());
    }
    out
}

fn apply(valid: &str, mutations: &[Mutation]) -> String {
    let mut bytes = valid.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        let lines = line_ranges(&bytes);
        let line = |p: usize| lines.get(p % lines.len().max(1)).cloned();
        match *m {
            Mutation::Delete(p) if !bytes.is_empty() => {
                bytes.remove(p % len);
            }
            Mutation::Insert(p, b) => bytes.insert(p % (bytes.len() + 1), b),
            Mutation::Replace(p, b) if !bytes.is_empty() => bytes[p % len] = b,
            Mutation::Splice(p, t) => {
                let at = p % (bytes.len() + 1);
                bytes.splice(at..at, t.bytes());
            }
            Mutation::DoubleLine(p) => {
                if let Some(r) = line(p) {
                    let copy = bytes[r.clone()].to_vec();
                    bytes.splice(r.start..r.start, copy);
                }
            }
            Mutation::DropLine(p) => {
                if let Some(r) = line(p) {
                    bytes.drain(r);
                }
            }
            Mutation::Cut(p) => bytes.truncate(p % len),
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(mutation(), 1..8)
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop::collection::vec(byte(), 0..300).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// An error that names the file and a line (`FILE:LINE:` with LINE at least 1), on each of
/// its lines.
fn assert_located(message: &str, file: &str) {
    for text in message.lines().filter(|l| !l.starts_with("hint:")) {
        let line: usize = text
            .strip_prefix(file)
            .and_then(|r| r.strip_prefix(':'))
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("error names no file and line: {message}"));
        assert!(line >= 1, "line 0: {message}");
    }
}

const EYEWEAR: &str = include_str!("../../../examples/chains/eyewear-ouhai.toml");
const STEROIDS: &str = include_str!("../../../examples/chains/steroids-xianju.toml");
const CANDIDATES: &str = include_str!("../../../examples/chains/eyewear-candidates.csv");

fn parse_and_check(text: &str) -> Option<Chain> {
    let start = Instant::now();
    let result = ChainFile::parse(text, "c.toml").and_then(|f| f.check(text, "c.toml"));
    assert!(start.elapsed() < Duration::from_secs(10));
    match result {
        Ok(chain) => {
            let firms = chain.firms.len();
            assert!(chain.firms.iter().all(|f| f.segment < chain.segments.len()));
            assert!(
                chain
                    .firms
                    .iter()
                    .all(|f| f.capacity.is_finite() && f.capacity >= 0.0)
            );
            assert!(chain.links.iter().all(|l| l.from < firms && l.to < firms));
            assert!(
                chain
                    .links
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
