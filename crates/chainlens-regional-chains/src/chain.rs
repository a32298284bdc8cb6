//! Chain files (TOML): a regional industrial chain's segments, firms, governance and
//! supply links, METHODS §4. [`ChainFile::parse`] reads the text; [`ChainFile::check`]
//! (or [`ChainFile::check_in`], against a country table) returns a [`Chain`] whose ids all
//! resolve, or an error naming the key and the line: every broken reference at once, before
//! any check of the whole (shares adding up to 1, no cycle).
//! The schema is documented in `docs/chain-format.md`.

use crate::ChainError;
use chainlens_model::text_position::{error_line, line_of};
use chainlens_model::{CountryTable, Hs6, display_float};
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
    pub country: Spanned<String>,
    /// Buyer- or producer-driven.
    pub driver: Driver,
    /// ISO3 codes of the countries counted as supranational (e.g. East Asia), used to
    /// place trade-data exporters on a scale; others are global.
    #[serde(default)]
    pub supranational: Vec<Spanned<String>>,
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
    /// Share of the chain's value added, in `[0,1]`.
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
    pub country: Spanned<String>,
    /// Scale relative to the region.
    pub scale: Spanned<Scale>,
    /// Segment id.
    pub segment: Spanned<String>,
    /// Role.
    pub role: Role,
    /// Capacity, million USD a year (0 when absent).
    #[serde(default)]
    pub capacity: Option<Spanned<f64>>,
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

/// A checked chain: only [`ChainFile::check`] and [`ChainFile::check_in`] build one, so
/// every firm's segment and every link's firms index its lists.
#[derive(Clone, Debug, PartialEq)]
pub struct Chain {
    name: String,
    region: String,
    country: String,
    driver: Driver,
    supranational: Vec<String>,
    governance: [Vec<String>; 4],
    segments: Vec<Segment>,
    firms: Vec<Firm>,
    links: Vec<Link>,
    warnings: Vec<String>,
}

impl Chain {
    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// ISO3 of the region.
    pub fn country(&self) -> &str {
        &self.country
    }

    /// Driver.
    pub fn driver(&self) -> Driver {
        self.driver
    }

    /// ISO3 codes counted as supranational.
    pub fn supranational(&self) -> &[String] {
        &self.supranational
    }

    /// Chiefs, deputies, mentors, committee.
    pub fn governance(&self) -> &[Vec<String>; 4] {
        &self.governance
    }

    /// Segments, in file order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Firms, in file order.
    pub fn firms(&self) -> &[Firm] {
        &self.firms
    }

    /// Links, in file order.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// Located remarks on a file that checks but looks wrong (a firm marked global in a
    /// country the file lists as supranational), one line each.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The firms and links, for the disruption response, which keeps them resolving:
    /// it adds firms before the links that name them.
    pub(crate) fn firms_and_links_mut(&mut self) -> (&mut Vec<Firm>, &mut Vec<Link>) {
        (&mut self.firms, &mut self.links)
    }
}

/// A reference to a segment or firm that the file does not define.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenReference {
    /// 1-based line.
    pub line: usize,
    /// Dotted key, e.g. `firm[2].segment`.
    pub key: String,
    /// What is missing.
    pub message: String,
}

/// Checks an ISO3 code: three capital letters, and a country of `countries` when given.
pub(crate) fn iso3_problem(code: &str, countries: Option<&CountryTable>) -> Option<String> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(format!(
            "`{code}` is not an ISO3 country code (three capital letters, e.g. JPN)"
        ));
    }
    match countries {
        Some(table) if table.by_iso3(code).is_none() => {
            Some(format!("`{code}` is not a country of the country table"))
        }
        _ => None,
    }
}

impl ChainFile {
    /// Parses TOML text; `label` names the file in errors.
    pub fn parse(text: &str, label: &str) -> Result<Self, ChainError> {
        toml::from_str(text).map_err(|e| ChainError::Syntax {
            file: label.into(),
            line: error_line(text, e.span()),
            message: e.message().to_string(),
        })
    }

    /// Resolves ids and checks the chain holds together; ISO3 codes must be three capital
    /// letters. [`ChainFile::check_in`] also checks them against a country table.
    pub fn check(self, text: &str, label: &str) -> Result<Chain, ChainError> {
        Checker { text, label }.chain(self, None)
    }

    /// [`ChainFile::check`], with every ISO3 code (the chain's, the firms', the
    /// supranational list) required to be a country of `countries`.
    pub fn check_in(
        self,
        text: &str,
        label: &str,
        countries: &CountryTable,
    ) -> Result<Chain, ChainError> {
        Checker { text, label }.chain(self, Some(countries))
    }
}

/// The file's text and name, to turn spans into located errors.
struct Checker<'a> {
    text: &'a str,
    label: &'a str,
}

impl Checker<'_> {
    fn line(&self, at: usize) -> usize {
        line_of(self.text, at)
    }

    fn fail(&self, key: String, at: usize, message: String) -> ChainError {
        ChainError::Invalid {
            file: self.label.into(),
            line: self.line(at),
            key,
            message,
        }
    }

    fn iso3(
        &self,
        key: String,
        code: &Spanned<String>,
        countries: Option<&CountryTable>,
    ) -> Result<(), ChainError> {
        match iso3_problem(code.get_ref(), countries) {
            Some(message) => Err(self.fail(key, code.span().start, message)),
            None => Ok(()),
        }
    }

    fn chain(self, file: ChainFile, countries: Option<&CountryTable>) -> Result<Chain, ChainError> {
        let header = file.chain;
        self.iso3("chain.country".into(), &header.country, countries)?;
        for (i, code) in header.supranational.iter().enumerate() {
            self.iso3(format!("chain.supranational[{i}]"), code, countries)?;
        }
        let supranational: Vec<String> = header
            .supranational
            .into_iter()
            .map(Spanned::into_inner)
            .collect();
        let (segments, share_line) = self.segments(file.segment)?;
        let mut broken = Vec::new();
        let mut warnings = Vec::new();
        let (firms, firm_index) = self.firms(
            file.firm,
            &segments,
            (countries, &supranational),
            &mut broken,
            &mut warnings,
        )?;
        let links = self.links(file.link, &firms, &firm_index, &mut broken)?;
        if !broken.is_empty() {
            return Err(ChainError::Unresolved {
                file: self.label.into(),
                references: broken,
            });
        }
        self.shares_add_up(&segments, share_line)?;
        let links = self.acyclic(&segments, &firms, links)?;
        let governance = file.governance;
        Ok(Chain {
            name: header.name,
            region: header.region,
            country: header.country.into_inner(),
            driver: header.driver,
            supranational,
            governance: [
                governance.chief,
                governance.deputies,
                governance.mentors,
                governance.committee,
            ],
            segments,
            firms,
            links,
            warnings,
        })
    }

    /// Checks the value-added shares add up to 1; a wrong total is reported at `share_line`.
    fn shares_add_up(&self, segments: &[Segment], share_line: usize) -> Result<(), ChainError> {
        let total: f64 = segments.iter().map(|s| s.value_added_share).sum();
        if (total - 1.0).abs() <= 0.01 {
            return Ok(());
        }
        Err(ChainError::Invalid {
            file: self.label.into(),
            line: share_line,
            key: "segment.value_added_share".into(),
            message: format!(
                "shares add up to {}, not 1 (tolerance 0.01)",
                display_float(total)
            ),
        })
    }

    /// The links without their text offsets, once they are known to run one way between
    /// segments; a cycle is reported at its first link.
    fn acyclic(
        &self,
        segments: &[Segment],
        firms: &[Firm],
        links: Vec<(Link, usize)>,
    ) -> Result<Vec<Link>, ChainError> {
        let (links, link_offsets): (Vec<Link>, Vec<usize>) = links.into_iter().unzip();
        let Some((cycle, first)) = segment_cycle(segments, firms, &links) else {
            return Ok(links);
        };
        let path: Vec<&str> = cycle.iter().map(|&s| segments[s].id.as_str()).collect();
        Err(ChainError::Invalid {
            file: self.label.into(),
            line: self.line(link_offsets[first]),
            key: format!("link[{first}]"),
            message: format!(
                "links run in a cycle through segments {}: supply must flow one way between segments",
                path.join(" -> ")
            ),
        })
    }

    /// Checked segments and the line of the first value-added share (where a wrong total
    /// is reported).
    fn segments(&self, entries: Vec<SegmentEntry>) -> Result<(Vec<Segment>, usize), ChainError> {
        let share_line = entries
            .first()
            .map_or(1, |s| self.line(s.value_added_share.span().start));
        let mut ids = BTreeMap::new();
        let mut segments = Vec::new();
        for (i, s) in entries.into_iter().enumerate() {
            let share = *s.value_added_share.get_ref();
            if !(0.0..=1.0).contains(&share) {
                return Err(self.fail(
                    format!("segment[{i}].value_added_share"),
                    s.value_added_share.span().start,
                    format!("{} is outside [0,1]", display_float(share)),
                ));
            }
            if ids.insert(s.id.get_ref().clone(), i).is_some() {
                return Err(self.fail(
                    format!("segment[{i}].id"),
                    s.id.span().start,
                    format!("duplicate segment id `{}`", s.id.get_ref()),
                ));
            }
            let hs6 = s
                .hs6
                .iter()
                .enumerate()
                .map(|(j, code)| self.hs6(format!("segment[{i}].hs6[{j}]"), code))
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
            return Err(ChainError::Invalid {
                file: self.label.into(),
                line: 1,
                key: "segment".into(),
                message: "the chain has no segment".into(),
            });
        }
        Ok((segments, share_line))
    }

    fn hs6(&self, key: String, code: &Spanned<String>) -> Result<Hs6, ChainError> {
        hs6_code(code).ok_or_else(|| {
            self.fail(
                key,
                code.span().start,
                format!("`{}` is not a six-digit HS code", code.get_ref()),
            )
        })
    }

    /// Checked firms and their index by id; unknown segments go to `broken`.
    fn firms(
        &self,
        entries: Vec<FirmEntry>,
        segments: &[Segment],
        (countries, supranational): (Option<&CountryTable>, &[String]),
        broken: &mut Vec<BrokenReference>,
        warnings: &mut Vec<String>,
    ) -> Result<(Vec<Firm>, BTreeMap<String, usize>), ChainError> {
        let segment_index: BTreeMap<&str, usize> = segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut index = BTreeMap::new();
        let mut firms = Vec::new();
        for (i, f) in entries.into_iter().enumerate() {
            if index.insert(f.id.get_ref().clone(), i).is_some() {
                return Err(self.fail(
                    format!("firm[{i}].id"),
                    f.id.span().start,
                    format!("duplicate firm id `{}`", f.id.get_ref()),
                ));
            }
            let capacity = f.capacity.as_ref().map_or(0.0, |c| *c.get_ref());
            if let Some(c) = &f.capacity
                && !(capacity.is_finite() && capacity >= 0.0)
            {
                return Err(self.fail(
                    format!("firm[{i}].capacity"),
                    c.span().start,
                    format!(
                        "{} is not a capacity (a finite number, 0 or more)",
                        display_float(capacity)
                    ),
                ));
            }
            self.iso3(format!("firm[{i}].country"), &f.country, countries)?;
            let scale = *f.scale.get_ref();
            if scale == Scale::Global && supranational.contains(f.country.get_ref()) {
                warnings.push(format!(
                    "{}:{}: key `firm[{i}].scale`: firm `{}` is marked global, but its country {} is listed in [chain] supranational",
                    self.label,
                    self.line(f.scale.span().start),
                    f.id.get_ref(),
                    f.country.get_ref()
                ));
            }
            let segment = match segment_index.get(f.segment.get_ref().as_str()) {
                Some(&s) => s,
                None => {
                    broken.push(BrokenReference {
                        line: self.line(f.segment.span().start),
                        key: format!("firm[{i}].segment"),
                        message: format!("unknown segment `{}`", f.segment.get_ref()),
                    });
                    usize::MAX
                }
            };
            firms.push(Firm {
                id: f.id.into_inner(),
                name: f.name,
                location: f.location,
                country: f.country.into_inner(),
                scale,
                segment,
                role: f.role,
                capacity,
            });
        }
        Ok((firms, index))
    }

    /// Checked links with the offset of each in the text; unknown firms go to `broken` (and
    /// the link is dropped, as the chain is refused anyway).
    fn links(
        &self,
        entries: Vec<LinkEntry>,
        firms: &[Firm],
        firm_index: &BTreeMap<String, usize>,
        broken: &mut Vec<BrokenReference>,
    ) -> Result<Vec<(Link, usize)>, ChainError> {
        let mut links = Vec::new();
        for (i, l) in entries.into_iter().enumerate() {
            let mut find = |key: &str, id: &Spanned<String>| {
                let found = firm_index.get(id.get_ref()).copied();
                if found.is_none() {
                    broken.push(BrokenReference {
                        line: self.line(id.span().start),
                        key: format!("link[{i}].{key}"),
                        message: format!("unknown firm `{}`", id.get_ref()),
                    });
                }
                found
            };
            let (from, to) = (find("from", &l.from), find("to", &l.to));
            let value = *l.value.get_ref();
            if value < 0.0 || !value.is_finite() {
                return Err(self.fail(
                    format!("link[{i}].value"),
                    l.value.span().start,
                    format!("{} is not a non-negative value", display_float(value)),
                ));
            }
            let good = match &l.good {
                None => None,
                Some(code) => Some(self.hs6(format!("link[{i}].good"), code)?),
            };
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            let offset = l.from.span().start;
            let scale = link_scale(&firms[from], &firms[to]);
            links.push((
                Link {
                    from,
                    to,
                    good,
                    value,
                    scale,
                },
                offset,
            ));
        }
        Ok(links)
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
    Hs6::parse_six(code.get_ref())
}

/// A cycle in the segment graph that links induce (links inside a segment are allowed):
/// the segments on it, first one repeated at the end, and the first link from the first
/// segment to the second. The depth-first search keeps its own stack, so a supply line of
/// any length fits.
fn segment_cycle(
    segments: &[Segment],
    firms: &[Firm],
    links: &[Link],
) -> Option<(Vec<usize>, usize)> {
    let n = segments.len();
    let ends = |l: &Link| (firms[l.from].segment, firms[l.to].segment);
    let mut next = vec![Vec::new(); n];
    for l in links {
        let (a, b) = ends(l);
        if a != b && !next[a].contains(&b) {
            next[a].push(b);
        }
    }
    // Colours: 0 unseen, 1 on the path, 2 done. `path` holds (segment, next edge to try).
    let mut colour = vec![0u8; n];
    for root in 0..n {
        if colour[root] != 0 {
            continue;
        }
        colour[root] = 1;
        let mut path = vec![(root, 0usize)];
        while let Some((v, edge)) = path.last_mut() {
            let Some(&w) = next[*v].get(*edge) else {
                colour[*v] = 2;
                path.pop();
                continue;
            };
            *edge += 1;
            if colour[w] == 1 {
                let start = path.iter().position(|&(s, _)| s == w)?;
                let mut cycle: Vec<usize> = path[start..].iter().map(|&(s, _)| s).collect();
                cycle.push(w);
                let step = (cycle[0], cycle[1]);
                let first = links.iter().position(|l| ends(l) == step)?;
                return Some((cycle, first));
            }
            if colour[w] == 0 {
                colour[w] = 1;
                path.push((w, 0));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cycle_search_walks_a_million_segments_without_recursion() {
        let n = 1_000_000;
        let segments: Vec<Segment> = (0..n)
            .map(|i| Segment {
                id: format!("s{i}"),
                name: String::new(),
                position: Position::Midstream,
                hs6: Vec::new(),
                value_added_share: 0.0,
            })
            .collect();
        let firms: Vec<Firm> = (0..n)
            .map(|i| Firm {
                id: format!("f{i}"),
                name: String::new(),
                location: String::new(),
                country: "CHN".into(),
                scale: Scale::Local,
                segment: i,
                role: Role::Owner,
                capacity: 1.0,
            })
            .collect();
        let link = |from, to| Link {
            from,
            to,
            good: None,
            value: 1.0,
            scale: Scale::Local,
        };
        let mut links: Vec<Link> = (1..n).map(|i| link(i - 1, i)).collect();
        assert_eq!(segment_cycle(&segments, &firms, &links), None);
        // Back from the end to segment 2: the cycle s2 -> ... -> s2, first link index 2.
        links.push(link(n - 1, 2));
        let (cycle, first) = segment_cycle(&segments, &firms, &links).unwrap();
        assert_eq!((cycle.len(), cycle[0], first), (n - 1, 2, 2));
    }
}
