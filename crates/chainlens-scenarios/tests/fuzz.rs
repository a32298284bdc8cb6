//! Fuzzing on stable Rust (issue 14): scenario files ([`ScenarioFile::parse`] then
//! [`ScenarioFile::check`]) get arbitrary text and structured mutations of a valid file
//! (bytes deleted, inserted or replaced, lines doubled or dropped, the file cut short,
//! tokens such as `nan`, `[` or deep dotted keys spliced in). Each run must end without a
//! panic, within a time bound, in a checked scenario whose numbers are in range or in an
//! error naming the file and a line (`s.toml:LINE:`).
//!
//! `CHAINLENS_FUZZ_CASES` sets the number of cases per property (default 48).

use chainlens_model::{Country, CountryCode, CountryTable, Hs6, ProductSet};
use chainlens_scenarios::ScenarioFile;
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

const VALID: &str = include_str!("../../../examples/scenarios/japan-korea-2019.toml");

fn countries() -> CountryTable {
    let row = |code, iso3: &str| Country {
        code: CountryCode(code),
        iso2: String::new(),
        iso3: iso3.into(),
        name: iso3.into(),
        aggregate: false,
    };
    CountryTable::new(vec![row(156, "CHN"), row(410, "KOR"), row(392, "JPN")]).unwrap()
}

fn parse_and_check(text: &str) {
    let universe: ProductSet = [Hs6(281111), Hs6(392099)].into_iter().collect();
    let start = Instant::now();
    let result = ScenarioFile::parse(text, "s.toml")
        .and_then(|f| f.check(text, "s.toml", &countries(), &universe));
    match result {
        Ok(s) => {
            assert!(!s.restrictions.is_empty());
            for r in &s.restrictions {
                assert!((0.0..=1.0).contains(&r.cut) && !r.goods.is_empty());
            }
            assert!(s.resourcing_cap.is_none_or(|c| (0.0..=1.0).contains(&c)));
        }
        Err(e) => assert_located(&e.to_string(), "s.toml"),
    }
    assert!(start.elapsed() < Duration::from_secs(10));
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
