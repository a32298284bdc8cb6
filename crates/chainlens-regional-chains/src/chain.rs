//! Chain files (TOML): a regional industrial chain's segments, firms, governance and
//! supply links, METHODS §4. [`ChainFile::parse`] reads the text; [`ChainFile::check`]
//! returns a [`Chain`] whose ids all resolve, or an error naming the key and the line.
//! The schema is documented in `docs/chain-format.md`.

use crate::ChainError;
use chainlens_model::Hs6;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// Where a segment sits in the value chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// Raw materials, key intermediates.
    Upstream,
    /// Components, processing, assembly.
    Midstream,
    /// Final products, distribution, services.
    Downstream,
}

/// The four spatial scales of coupling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// Inside the region.
    Local,
    /// Elsewhere in the country.
    National,
    /// A neighbouring group of countries (e.g. East Asia).
    Supranational,
    /// Anywhere else.
    Global,
}

impl Scale {
    /// All scales, nearest first.
    pub const ALL: [Scale; 4] = [
        Scale::Local,
        Scale::National,
        Scale::Supranational,
        Scale::Global,
    ];

    /// Lowercase name, as in the file.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Local => "local",
            Scale::National => "national",
            Scale::Supranational => "supranational",
            Scale::Global => "global",
        }
    }
}

/// A firm's role in the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A leading local firm ("chain owner").
    Owner,
    /// A supplier.
    Supplier,
    /// A buyer (brand, retailer, distributor).
    Buyer,
    /// A research institute or service platform.
    Institute,
}

/// Who drives the chain (Gereffi).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Driver {
    /// Buyer-driven (brands and retailers lead; e.g. eyewear).
    Buyer,
    /// Producer-driven (technology holders lead; e.g. pharmaceuticals).
    Producer,
}

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainFile {
    /// `[chain]`.
    pub chain: Header,
    /// `[governance]`.
    #[serde(default)]
    pub governance: Governance,
    /// `[[segment]]`.
    #[serde(default)]
    pub segment: Vec<SegmentEntry>,
    /// `[[firm]]`.
    #[serde(default)]
    pub firm: Vec<FirmEntry>,
    /// `[[link]]`.
    #[serde(default)]
    pub link: Vec<LinkEntry>,
}

/// `[chain]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Name of the chain.
    pub name: String,
    /// Region (e.g. "Ouhai, Wenzhou, Zhejiang").
    pub region: String,
    /// ISO3 of the region's country.
    pub country: String,
    /// Buyer- or producer-driven.
    pub driver: Driver,
    /// ISO3 codes of the countries counted as supranational (e.g. East Asia), used to
    /// place trade-data exporters on a scale; others are global.
    #[serde(default)]
    pub supranational: Vec<String>,
}

/// `[governance]`: the people and bodies in charge.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    /// Chain chief(s).
    #[serde(default)]
    pub chief: Vec<String>,
    /// Deputy chiefs.
    #[serde(default)]
    pub deputies: Vec<String>,
    /// Chain mentors.
    #[serde(default)]
    pub mentors: Vec<String>,
    /// Expert committee.
    #[serde(default)]
    pub committee: Vec<String>,
}

/// `[[segment]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentEntry {
    /// Unique id.
    pub id: Spanned<String>,
    /// Display name.
    pub name: String,
    /// Position in the chain.
    pub position: Position,
    /// HS6 codes the segment makes.
    #[serde(default)]
    pub hs6: Vec<Spanned<String>>,
    /// Share of the chain's value added, in \[0,1\].
    pub value_added_share: Spanned<f64>,
}

/// `[[firm]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirmEntry {
    /// Unique id.
    pub id: Spanned<String>,
    /// Display name.
    pub name: String,
    /// Place (city, province or country).
    pub location: String,
    /// ISO3 of the firm's country.
    pub country: String,
    /// Scale relative to the region.
    pub scale: Scale,
    /// Segment id.
    pub segment: Spanned<String>,
    /// Role.
    pub role: Role,
    /// Capacity, million USD a year.
    #[serde(default)]
    pub capacity: f64,
}

/// `[[link]]`: `from` supplies `to`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkEntry {
    /// Supplying firm id.
    pub from: Spanned<String>,
    /// Buying firm id.
    pub to: Spanned<String>,
    /// HS6 code of the good.
    #[serde(default)]
    pub good: Option<Spanned<String>>,
    /// Value, million USD a year.
    pub value: Spanned<f64>,
}

/// A checked segment.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Position.
    pub position: Position,
    /// HS6 codes.
    pub hs6: Vec<Hs6>,
    /// Value-added share.
    pub value_added_share: f64,
}

/// A checked firm; `segment` indexes [`Chain::segments`].
#[derive(Clone, Debug, PartialEq)]
pub struct Firm {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Place.
    pub location: String,
    /// ISO3.
    pub country: String,
    /// Scale.
    pub scale: Scale,
    /// Segment index.
    pub segment: usize,
    /// Role.
    pub role: Role,
    /// Capacity.
    pub capacity: f64,
}

/// A checked link; `from` and `to` index [`Chain::firms`].
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// Supplier index.
    pub from: usize,
    /// Buyer index.
    pub to: usize,
    /// HS6 code.
    pub good: Option<Hs6>,
    /// Value.
    pub value: f64,
    /// The scale of the link: that of its non-local end (local if both are local).
    pub scale: Scale,
}

/// A checked chain.
#[derive(Clone, Debug, PartialEq)]
pub struct Chain {
    /// Name.
    pub name: String,
    /// Region.
    pub region: String,
    /// ISO3 of the region.
    pub country: String,
    /// Driver.
    pub driver: Driver,
    /// ISO3 codes counted as supranational.
    pub supranational: Vec<String>,
    /// Chiefs, deputies, mentors, committee.
    pub governance: [Vec<String>; 4],
    /// Segments, in file order.
    pub segments: Vec<Segment>,
    /// Firms, in file order.
    pub firms: Vec<Firm>,
    /// Links, in file order.
    pub links: Vec<Link>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

impl ChainFile {
    /// Parses TOML text; `label` names the file in errors.
    pub fn parse(text: &str, label: &str) -> Result<Self, ChainError> {
        toml::from_str(text).map_err(|e| ChainError::Syntax {
            file: label.into(),
            line: e.span().map_or(0, |s| line_of(text, s.start)),
            message: e.message().to_string(),
        })
    }

    /// Resolves ids and checks the chain holds together.
    pub fn check(self, text: &str, label: &str) -> Result<Chain, ChainError> {
        let fail = |key: String, at: usize, message: String| ChainError::Invalid {
            file: label.into(),
            line: if at == usize::MAX {
                0
            } else {
                line_of(text, at)
            },
            key,
            message,
        };
        let mut segment_index = BTreeMap::new();
        let mut segments = Vec::new();
        for (i, s) in self.segment.into_iter().enumerate() {
            let share = *s.value_added_share.get_ref();
            if !(0.0..=1.0).contains(&share) {
                return Err(fail(
                    format!("segment[{i}].value_added_share"),
                    s.value_added_share.span().start,
                    format!("{share} is outside [0,1]"),
                ));
            }
            if segment_index.insert(s.id.get_ref().clone(), i).is_some() {
                return Err(fail(
                    format!("segment[{i}].id"),
                    s.id.span().start,
                    format!("duplicate segment id `{}`", s.id.get_ref()),
                ));
            }
            let hs6 = s
                .hs6
                .iter()
                .enumerate()
                .map(|(j, code)| {
                    hs6_code(code).ok_or_else(|| {
                        fail(
                            format!("segment[{i}].hs6[{j}]"),
                            code.span().start,
                            format!("`{}` is not a six-digit HS code", code.get_ref()),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            segments.push(Segment {
                id: s.id.into_inner(),
                name: s.name,
                position: s.position,
                hs6,
                value_added_share: share,
            });
        }
        if segments.is_empty() {
            return Err(fail(
                "segment".into(),
                usize::MAX,
                "the chain has no segment".into(),
            ));
        }
        let total: f64 = segments.iter().map(|s| s.value_added_share).sum();
        if (total - 1.0).abs() > 0.01 {
            return Err(fail(
                "segment.value_added_share".into(),
                usize::MAX,
                format!("shares add up to {total}, not 1 (tolerance 0.01)"),
            ));
        }
        let mut firm_index = BTreeMap::new();
        let mut firms = Vec::new();
        for (i, f) in self.firm.into_iter().enumerate() {
            if firm_index.insert(f.id.get_ref().clone(), i).is_some() {
                return Err(fail(
                    format!("firm[{i}].id"),
                    f.id.span().start,
                    format!("duplicate firm id `{}`", f.id.get_ref()),
                ));
            }
            let segment = *segment_index.get(f.segment.get_ref()).ok_or_else(|| {
                fail(
                    format!("firm[{i}].segment"),
                    f.segment.span().start,
                    format!("unknown segment `{}`", f.segment.get_ref()),
                )
            })?;
            if f.capacity < 0.0 {
                return Err(fail(
                    format!("firm[{i}].capacity"),
                    f.id.span().start,
                    "capacity is negative".into(),
                ));
            }
            firms.push(Firm {
                id: f.id.into_inner(),
                name: f.name,
                location: f.location,
                country: f.country,
                scale: f.scale,
                segment,
                role: f.role,
                capacity: f.capacity,
            });
        }
        let mut links = Vec::new();
        for (i, l) in self.link.into_iter().enumerate() {
            let find = |key: &str, id: &Spanned<String>| {
                firm_index.get(id.get_ref()).copied().ok_or_else(|| {
                    fail(
                        format!("link[{i}].{key}"),
                        id.span().start,
                        format!("unknown firm `{}`", id.get_ref()),
                    )
                })
            };
            let (from, to) = (find("from", &l.from)?, find("to", &l.to)?);
            let value = *l.value.get_ref();
            if value < 0.0 || !value.is_finite() {
                return Err(fail(
                    format!("link[{i}].value"),
                    l.value.span().start,
                    format!("{value} is not a non-negative value"),
                ));
            }
            let good = match &l.good {
                None => None,
                Some(code) => Some(hs6_code(code).ok_or_else(|| {
                    fail(
                        format!("link[{i}].good"),
                        code.span().start,
                        format!("`{}` is not a six-digit HS code", code.get_ref()),
                    )
                })?),
            };
            let scale = link_scale(&firms[from], &firms[to]);
            links.push(Link {
                from,
                to,
                good,
                value,
                scale,
            });
        }
        if let Some(cycle) = segment_cycle(&segments, &firms, &links) {
            return Err(fail(
                "link".into(),
                usize::MAX,
                format!(
                    "links run in a cycle through segments {cycle}: supply must flow one way between segments"
                ),
            ));
        }
        Ok(Chain {
            name: self.chain.name,
            region: self.chain.region,
            country: self.chain.country,
            driver: self.chain.driver,
            supranational: self.chain.supranational,
            governance: [
                self.governance.chief,
                self.governance.deputies,
                self.governance.mentors,
                self.governance.committee,
            ],
            segments,
            firms,
            links,
        })
    }
}

/// The scale of a link between two firms: that of its non-local end.
pub(crate) fn link_scale(a: &Firm, b: &Firm) -> Scale {
    if a.scale == Scale::Local {
        b.scale
    } else {
        a.scale
    }
}

/// A six-digit HS code as written in a chain file (the leading zero is required).
fn hs6_code(code: &Spanned<String>) -> Option<Hs6> {
    let text = code.get_ref();
    (text.len() == 6).then(|| Hs6::parse(text)).flatten()
}

/// A cycle in the segment graph that links induce (links inside a segment are allowed).
fn segment_cycle(segments: &[Segment], firms: &[Firm], links: &[Link]) -> Option<String> {
    let n = segments.len();
    let mut next = vec![Vec::new(); n];
    for l in links {
        let (a, b) = (firms[l.from].segment, firms[l.to].segment);
        if a != b && !next[a].contains(&b) {
            next[a].push(b);
        }
    }
    // Colours: 0 unseen, 1 on the stack, 2 done.
    fn visit(
        v: usize,
        next: &[Vec<usize>],
        colour: &mut [u8],
        stack: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        colour[v] = 1;
        stack.push(v);
        for &w in &next[v] {
            if colour[w] == 1 {
                let start = stack.iter().position(|&s| s == w).expect("on the stack");
                let mut cycle = stack[start..].to_vec();
                cycle.push(w);
                return Some(cycle);
            }
            if colour[w] == 0
                && let Some(c) = visit(w, next, colour, stack)
            {
                return Some(c);
            }
        }
        stack.pop();
        colour[v] = 2;
        None
    }
    let mut colour = vec![0u8; n];
    for v in 0..n {
        if colour[v] == 0
            && let Some(cycle) = visit(v, &next, &mut colour, &mut Vec::new())
        {
            return Some(
                cycle
                    .iter()
                    .map(|&s| segments[s].id.as_str())
                    .collect::<Vec<_>>()
                    .join(" -> "),
            );
        }
    }
    None
}
