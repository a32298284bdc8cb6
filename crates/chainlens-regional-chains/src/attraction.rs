//! Targeted attraction, METHODS §4: score candidate firms and institutes (a CSV) against
//! the chain's gaps by degree of match, rank them and explain each score.
//!
//! # Formula
//! The gaps come from [`crate::diagnose`]: a missing segment (replenish, priority 1.0), a
//! segment to extend toward (extend, 0.9), a weak segment (strengthen, 0.8). A candidate's
//! match with a gap segment `g` is `priority x (0.4 segment + 0.3 goods + 0.15 scale +
//! 0.15 capacity)` with
//! * segment: 1 if the candidate names `g`, 0.5 if it names another segment at the same
//!   position, else 0;
//! * goods: the share of `g`'s HS6 codes the candidate makes (an institute serving `g`
//!   counts 1: it makes no goods);
//! * scale: where the candidate is now, nearest best: local 1, national 0.75,
//!   supranational 0.5, global 0.25;
//! * capacity: `min(1, capacity / need)`, `need` the value of `g`'s links with partners
//!   outside the region (what the region buys in or sells through others there), or, if
//!   none, the median capacity of the chain's local firms.
//!
//! Each candidate is scored against every gap and keeps its best; candidates matching no
//! gap by segment or goods are listed apart, not dropped.
//!
//! # Parameters and defaults
//! [`AttractionWeights`]: 0.4, 0.3, 0.15, 0.15.
//!
//! # Reference
//! Seed 003: Zhejiang attracts firms "by degree of match" to fill the gaps the chain map
//! shows.
//!
//! # Complexity
//! O(candidates x gaps x codes).

use crate::ChainError;
use crate::chain::{Chain, Role, Scale};
use crate::diagnosis::SegmentDiagnosis;
use chainlens_model::Hs6;

/// A candidate firm or institute.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Id, unique in the file.
    pub id: String,
    /// Name.
    pub name: String,
    /// Firm or institute.
    pub institute: bool,
    /// ISO3.
    pub country: String,
    /// Where it is now, relative to the region.
    pub scale: Scale,
    /// Segment index it would join, if named.
    pub segment: Option<usize>,
    /// HS6 codes it makes.
    pub hs6: Vec<Hs6>,
    /// Capacity, million USD a year.
    pub capacity: f64,
}

/// Weights of the four match terms; defaults as documented above.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AttractionWeights {
    /// Segment term.
    pub segment: f64,
    /// Goods term.
    pub goods: f64,
    /// Scale term.
    pub scale: f64,
    /// Capacity term.
    pub capacity: f64,
}

impl Default for AttractionWeights {
    fn default() -> Self {
        Self {
            segment: 0.4,
            goods: 0.3,
            scale: 0.15,
            capacity: 0.15,
        }
    }
}

/// A gap of the chain.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// Segment index.
    pub segment: usize,
    /// replenish, extend or strengthen.
    pub action: &'static str,
    /// Its priority.
    pub priority: f64,
}

/// A candidate's best match.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    /// Index into the candidates.
    pub candidate: usize,
    /// The gap it fills best.
    pub gap: Gap,
    /// Segment, goods, scale and capacity terms.
    pub terms: [f64; 4],
    /// The match score.
    pub score: f64,
    /// Why, in words.
    pub explanation: String,
}

/// The ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct Attraction {
    /// The chain's gaps, by priority then file order.
    pub gaps: Vec<Gap>,
    /// Candidates that match a gap, best first.
    pub ranked: Vec<Match>,
    /// Candidates matching no gap by segment or goods.
    pub unmatched: Vec<usize>,
}

const COLUMNS: [&str; 8] = [
    "id", "name", "kind", "country", "scale", "segment", "hs6", "capacity",
];

/// Parses a candidates CSV with the header `id,name,kind,country,scale,segment,hs6,capacity`
/// (any order; `segment`, `hs6` and `capacity` may be empty; `hs6` is space-separated;
/// `kind` is firm or institute; lines starting with `#` are comments). Every bad field is
/// an error naming file, line and field.
pub fn parse_candidates(
    text: &str,
    label: &str,
    chain: &Chain,
) -> Result<Vec<Candidate>, ChainError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let column = candidate_columns(&mut reader, label)?;
    let mut out: Vec<Candidate> = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            field_error(label, line, "row", e.to_string())
        })?;
        let row = CandidateRow {
            label,
            line: record.position().map_or(0, |p| p.line() as usize),
            record: &record,
            column: &column,
        };
        let id = row.get(0).to_string();
        if id.is_empty() {
            return Err(row.fail("id", "empty".into()));
        }
        if !ids.insert(id.clone()) {
            return Err(row.fail("id", format!("duplicate id `{id}`")));
        }
        out.push(row.candidate(id, chain)?);
    }
    Ok(out)
}

/// A bad field of the candidates file `label` at `line`.
fn field_error(label: &str, line: usize, field: &str, message: String) -> ChainError {
    ChainError::Field {
        file: label.into(),
        line,
        field: field.into(),
        message,
    }
}

/// The position of each of [`COLUMNS`] in the header; a missing one is an error.
fn candidate_columns(
    reader: &mut csv::Reader<&[u8]>,
    label: &str,
) -> Result<[usize; 8], ChainError> {
    let header = reader
        .headers()
        .map_err(|e| field_error(label, 1, "header", e.to_string()))?
        .clone();
    let mut column = [0usize; 8];
    for (slot, name) in column.iter_mut().zip(COLUMNS) {
        *slot = header.iter().position(|h| h == name).ok_or_else(|| {
            field_error(
                label,
                1,
                name,
                format!("missing column; the header needs {}", COLUMNS.join(",")),
            )
        })?;
    }
    Ok(column)
}

/// One data line of the candidates file, its fields read by [`COLUMNS`] index.
struct CandidateRow<'a> {
    label: &'a str,
    line: usize,
    record: &'a csv::StringRecord,
    column: &'a [usize; 8],
}

impl CandidateRow<'_> {
    /// The field of column `c` of [`COLUMNS`] ("" when the line is short).
    fn get(&self, c: usize) -> &str {
        self.record.get(self.column[c]).unwrap_or("")
    }

    fn fail(&self, field: &str, message: String) -> ChainError {
        field_error(self.label, self.line, field, message)
    }

    /// The candidate of this line with id `id`, checking country, kind, scale, segment,
    /// goods and capacity in that order.
    fn candidate(&self, id: String, chain: &Chain) -> Result<Candidate, ChainError> {
        if let Some(message) = crate::chain::iso3_problem(self.get(3), None) {
            return Err(self.fail("country", message));
        }
        let institute = self.institute()?;
        let scale = self.scale()?;
        let segment = self.segment(chain)?;
        let hs6 = self.hs6()?;
        let capacity = self.capacity()?;
        Ok(Candidate {
            id,
            name: self.get(1).to_string(),
            institute,
            country: self.get(3).to_string(),
            scale,
            segment,
            hs6,
            capacity,
        })
    }

    /// `kind`: true for an institute, false for a firm.
    fn institute(&self) -> Result<bool, ChainError> {
        match self.get(2) {
            "firm" => Ok(false),
            "institute" => Ok(true),
            other => Err(self.fail("kind", format!("`{other}` is not firm or institute"))),
        }
    }

    fn scale(&self) -> Result<Scale, ChainError> {
        Scale::ALL
            .into_iter()
            .find(|s| s.name() == self.get(4))
            .ok_or_else(|| {
                self.fail(
                    "scale",
                    format!(
                        "`{}` is not local, national, supranational or global",
                        self.get(4)
                    ),
                )
            })
    }

    /// The index of the named segment in the chain; `None` when the field is empty.
    fn segment(&self, chain: &Chain) -> Result<Option<usize>, ChainError> {
        match self.get(5) {
            "" => Ok(None),
            name => chain
                .segments()
                .iter()
                .position(|s| s.id == name)
                .map(Some)
                .ok_or_else(|| {
                    self.fail(
                        "segment",
                        format!("unknown segment `{name}` (not in the chain file)"),
                    )
                }),
        }
    }

    /// The space-separated six-digit HS codes.
    fn hs6(&self) -> Result<Vec<Hs6>, ChainError> {
        self.get(6)
            .split_whitespace()
            .map(|code| {
                Hs6::parse_six(code)
                    .ok_or_else(|| self.fail("hs6", format!("`{code}` is not a six-digit HS code")))
            })
            .collect()
    }

    /// The capacity, 0 when empty; otherwise a finite non-negative number.
    fn capacity(&self) -> Result<f64, ChainError> {
        match self.get(7) {
            "" => Ok(0.0),
            text => text
                .parse::<f64>()
                .ok()
                .filter(|c| c.is_finite() && *c >= 0.0)
                .ok_or_else(|| {
                    self.fail("capacity", format!("`{text}` is not a non-negative number"))
                }),
        }
    }
}

/// The chain's gaps from its diagnosis, by priority then segment order.
pub fn gaps(chain: &Chain, diagnosis: &[SegmentDiagnosis]) -> Vec<Gap> {
    let index = |id: &str| chain.segments().iter().position(|s| s.id == id);
    let mut out: Vec<Gap> = Vec::new();
    let mut add = |segment: usize, action: &'static str, priority: f64| {
        if !out.iter().any(|g| g.segment == segment) {
            out.push(Gap {
                segment,
                action,
                priority,
            });
        }
    };
    for (s, d) in diagnosis.iter().enumerate() {
        if d.missing {
            add(s, "replenish", 1.0);
        }
    }
    for d in diagnosis {
        for target in d.extend_toward.iter().filter_map(|t| index(t)) {
            add(target, "extend", 0.9);
        }
    }
    for (s, d) in diagnosis.iter().enumerate() {
        if !d.weak.is_empty() {
            add(s, "strengthen", 0.8);
        }
    }
    out
}

fn scale_term(scale: Scale) -> f64 {
    match scale {
        Scale::Local => 1.0,
        Scale::National => 0.75,
        Scale::Supranational => 0.5,
        Scale::Global => 0.25,
    }
}

/// What a gap segment needs: the value of its links with partners outside the region, or
/// the median local capacity when it has none.
fn need(chain: &Chain, segment: usize) -> f64 {
    let outside: f64 = chain
        .links()
        .iter()
        .filter(|l| {
            [l.from, l.to].iter().any(|&f| {
                chain.firms()[f].segment == segment && chain.firms()[f].scale != Scale::Local
            })
        })
        .map(|l| l.value)
        .sum();
    if outside > 0.0 {
        return outside;
    }
    let mut local: Vec<f64> = chain
        .firms()
        .iter()
        .filter(|f| f.scale == Scale::Local && f.role != Role::Buyer && f.capacity > 0.0)
        .map(|f| f.capacity)
        .collect();
    local.sort_by(f64::total_cmp);
    match local.len() {
        0 => 0.0,
        n if n % 2 == 1 => local[n / 2],
        n => (local[n / 2 - 1] + local[n / 2]) / 2.0,
    }
}

/// Scores every candidate against every gap and ranks them.
pub fn attract(
    chain: &Chain,
    diagnosis: &[SegmentDiagnosis],
    candidates: &[Candidate],
    weights: AttractionWeights,
) -> Attraction {
    let gaps = gaps(chain, diagnosis);
    let needs: Vec<f64> = gaps.iter().map(|g| need(chain, g.segment)).collect();
    let mut ranked = Vec::new();
    let mut unmatched = Vec::new();
    for (c, candidate) in candidates.iter().enumerate() {
        let best = gaps
            .iter()
            .zip(&needs)
            .map(|(gap, &need)| {
                let (terms, score) = score(chain, candidate, gap, need, weights);
                (terms, score, gap, need)
            })
            .filter(|(terms, ..)| terms[0] > 0.0 || terms[1] > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((terms, score, gap, need)) => {
                let segment = &chain.segments()[gap.segment];
                let goods = if candidate.institute {
                    "an institute serving the segment".to_string()
                } else {
                    format!(
                        "{} of {} codes",
                        candidate
                            .hs6
                            .iter()
                            .filter(|k| segment.hs6.contains(k))
                            .count(),
                        segment.hs6.len()
                    )
                };
                let explanation = format!(
                    "{} {} ({}): segment {:.2}, goods {:.2} ({goods}), scale {} {:.2}, capacity {:.2} (capacity {} vs need {}) -> {:.2} x priority {:.1}",
                    gap.action,
                    segment.id,
                    segment.name,
                    terms[0],
                    terms[1],
                    candidate.scale.name(),
                    terms[2],
                    terms[3],
                    candidate.capacity,
                    need,
                    score / gap.priority,
                    gap.priority,
                );
                ranked.push(Match {
                    candidate: c,
                    gap: gap.clone(),
                    terms,
                    score,
                    explanation,
                });
            }
            None => unmatched.push(c),
        }
    }
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(candidates[a.candidate].id.cmp(&candidates[b.candidate].id))
    });
    Attraction {
        gaps,
        ranked,
        unmatched,
    }
}

/// The four terms and the match score of `candidate` for `gap`, whose segment needs `need`.
fn score(
    chain: &Chain,
    candidate: &Candidate,
    gap: &Gap,
    need: f64,
    w: AttractionWeights,
) -> ([f64; 4], f64) {
    let segment = &chain.segments()[gap.segment];
    let segment_term = match candidate.segment {
        Some(s) if s == gap.segment => 1.0,
        Some(s) if chain.segments()[s].position == segment.position => 0.5,
        _ => 0.0,
    };
    let goods_term = if candidate.institute {
        if candidate.segment == Some(gap.segment) {
            1.0
        } else {
            0.0
        }
    } else if segment.hs6.is_empty() {
        0.0
    } else {
        segment
            .hs6
            .iter()
            .filter(|k| candidate.hs6.contains(k))
            .count() as f64
            / segment.hs6.len() as f64
    };
    let capacity_term = if need > 0.0 {
        (candidate.capacity / need).min(1.0)
    } else {
        0.0
    };
    let terms = [
        segment_term,
        goods_term,
        scale_term(candidate.scale),
        capacity_term,
    ];
    let score = gap.priority
        * (w.segment * terms[0] + w.goods * terms[1] + w.scale * terms[2] + w.capacity * terms[3]);
    (terms, score)
}
