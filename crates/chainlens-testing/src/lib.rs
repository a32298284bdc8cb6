//! Test support shared by the crates' test suites (`publish = false`): the structured
//! mutations of valid files that the parser fuzz tests feed to every reader (issue 14;
//! cargo-fuzz needs nightly, which these machines cannot fetch, so the fuzzing is
//! proptest on stable Rust).
//!
//! `CHAINLENS_FUZZ_CASES` sets the number of cases per property (default 48).
//!
//! Also a small chain file ([`lenses_chain`]) that the chain tests and the chain map
//! tests share, and [`shared_data`], the folder of real data the tests read in place.

use proptest::prelude::*;
use std::path::PathBuf;

/// `../shared/data` beside the repository: real published data (and the reference data
/// directory's layout) that tests read in place. Panics, failing the test, when it is
/// missing: CI has it, and a test must not pass by skipping.
pub fn shared_data() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    assert!(
        dir.join("hs-concordance").is_dir(),
        "the tests read real data from {} (../shared/data beside the repository), which is missing",
        dir.display()
    );
    dir
}

/// The proptest configuration of a fuzz property: `CHAINLENS_FUZZ_CASES` cases (48 by
/// default), no failure files written (found inputs are kept as regression tests).
pub fn config() -> ProptestConfig {
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
pub enum Mutation {
    /// Delete the byte at a position.
    Delete(usize),
    /// Insert a byte.
    Insert(usize, u8),
    /// Replace a byte.
    Replace(usize, u8),
    /// Insert one of the tokens that break parsers.
    Splice(usize, &'static str),
    /// Repeat a line.
    DoubleLine(usize),
    /// Remove a line.
    DropLine(usize),
    /// End the file early.
    Cut(usize),
}

/// Tokens that break parsers: non-finite numbers, quotes, separators, line ends, a BOM,
/// far years, TOML punctuation, a deep dotted key.
pub const TOKENS: &[&str] = &[
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

/// A byte, often one with a meaning to CSV or TOML.
pub fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(b",\n\r\". -0123456789eNA=[]{}\xff\xc3".to_vec()),
        any::<u8>(),
    ]
}

/// One mutation.
pub fn mutation() -> impl Strategy<Value = Mutation> {
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
pub fn line_ranges(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
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

/// `valid` with `mutations` applied, as bytes.
pub fn apply_bytes(valid: &str, mutations: &[Mutation]) -> Vec<u8> {
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
    bytes
}

/// `valid` with `mutations` applied, as text (invalid UTF-8 replaced).
pub fn apply(valid: &str, mutations: &[Mutation]) -> String {
    String::from_utf8_lossy(&apply_bytes(valid, mutations)).into_owned()
}

/// One to seven mutations.
pub fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(mutation(), 1..8)
}

/// Up to 300 arbitrary bytes.
pub fn arbitrary_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(byte(), 0..300)
}

/// Up to 300 arbitrary bytes as text (invalid UTF-8 replaced).
pub fn arbitrary_text() -> impl Strategy<Value = String> {
    arbitrary_bytes().prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// An error that names the file and a line (`FILE:LINE:` with LINE at least 1), on each of
/// its lines.
pub fn assert_located(message: &str, file: &str) {
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

/// A chain file small enough to check by hand: a local frame maker buying lenses from a
/// Japanese supplier (value 10), with a Guangdong lens maker of capacity `gd_capacity`
/// and a US one (100) as substitutes.
pub fn lenses_chain(gd_capacity: f64) -> String {
    LENSES.replace("GD_CAPACITY", &gd_capacity.to_string())
}

const LENSES: &str = r#"[chain]
name = "lenses"
region = "Ouhai"
country = "CHN"
driver = "buyer"
supranational = ["JPN", "KOR"]

[[segment]]
id = "lenses"
name = "Lenses"
position = "midstream"
hs6 = ["900150"]
value_added_share = 0.4

[[segment]]
id = "frames"
name = "Frames & spectacles"
position = "midstream"
hs6 = ["900311"]
value_added_share = 0.6

[[firm]]
id = "owner"
name = "Frame maker"
location = "Ouhai"
country = "CHN"
scale = "local"
segment = "frames"
role = "owner"
capacity = 100

[[firm]]
id = "lens-jp"
name = "Lens maker in Japan"
location = "Japan"
country = "JPN"
scale = "supranational"
segment = "lenses"
role = "supplier"
capacity = 50

[[firm]]
id = "lens-gd"
name = "Lens maker in Guangdong"
location = "Guangdong"
country = "CHN"
scale = "national"
segment = "lenses"
role = "supplier"
capacity = GD_CAPACITY

[[firm]]
id = "lens-us"
name = "Lens maker in the US"
location = "Ohio"
country = "USA"
scale = "global"
segment = "lenses"
role = "supplier"
capacity = 100

[[link]]
from = "lens-jp"
to = "owner"
good = "900150"
value = 10
"#;
