//! Segment diagnosis, METHODS §4: which segments are missing ("replenish"), weak
//! ("strengthen") or open to extension ("extend").
//!
//! # Formula
//! For each segment, its local firms are the firms at `local` scale in it with role owner,
//! supplier or institute; its inbound links are the links into those firms.
//! * **missing**: no local firm with capacity above 0 -> replenish.
//! * **weak** (when not missing): value-added share below `weak_share`; or all inbound value
//!   from a single supplier; or more than `foreign_share` of inbound value from
//!   supranational or global partners -> strengthen.
//! * **extendable**: an adjacent segment (at the same position or the next one downstream)
//!   with a higher value-added share is missing locally -> extend toward it (e.g. bulk APIs
//!   toward specialty APIs, both midstream; frames toward lenses).
//!
//! # Parameters and defaults
//! `weak_share = 0.15`, `foreign_share = 0.5` ([`DiagnosisOptions`]).
//!
//! # Reference
//! Seed 003: the chain-chief model's goals are to replenish missing pieces, strengthen weak
//! segments and extend the chain toward higher value added.
//!
//! # Complexity
//! O(firms + links + segments x missing segments).

use crate::chain::{Chain, Role, Scale};

/// Thresholds of the rules; defaults as documented above.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiagnosisOptions {
    /// Below this value-added share a segment is weak.
    pub weak_share: f64,
    /// Above this share of inbound value from supranational or global partners a segment is weak.
    pub foreign_share: f64,
}

impl Default for DiagnosisOptions {
    fn default() -> Self {
        Self {
            weak_share: 0.15,
            foreign_share: 0.5,
        }
    }
}

/// What the rules found for one segment.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentDiagnosis {
    /// Segment id.
    pub segment: String,
    /// Local firms (owner, supplier, institute).
    pub local_firms: usize,
    /// Their capacity, million USD a year.
    pub local_capacity: f64,
    /// Value of links into them.
    pub inbound_value: f64,
    /// Distinct suppliers of those links.
    pub suppliers: usize,
    /// Share of inbound value from supranational or global partners.
    pub foreign_share: f64,
    /// No local capacity.
    pub missing: bool,
    /// Why the segment is weak (empty if it is not).
    pub weak: Vec<String>,
    /// Missing higher-value adjacent segments (same or next position) to extend toward.
    pub extend_toward: Vec<String>,
}

impl SegmentDiagnosis {
    /// The actions the findings call for: replenish, strengthen, extend.
    pub fn actions(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.missing {
            out.push("replenish");
        }
        if !self.weak.is_empty() {
            out.push("strengthen");
        }
        if !self.extend_toward.is_empty() {
            out.push("extend");
        }
        out
    }
}

/// Diagnoses every segment, in file order.
pub fn diagnose(chain: &Chain, options: DiagnosisOptions) -> Vec<SegmentDiagnosis> {
    let local = |f: usize| {
        let firm = &chain.firms()[f];
        firm.scale == Scale::Local && firm.role != Role::Buyer
    };
    // Each segment's local firms and the links into them, in file order.
    let mut firms_of = vec![Vec::new(); chain.segments().len()];
    for f in (0..chain.firms().len()).filter(|&f| local(f)) {
        firms_of[chain.firms()[f].segment].push(f);
    }
    let mut inbound_of = vec![Vec::new(); chain.segments().len()];
    for l in chain.links().iter().filter(|l| local(l.to)) {
        inbound_of[chain.firms()[l.to].segment].push(l);
    }
    let mut out: Vec<SegmentDiagnosis> = chain
        .segments()
        .iter()
        .zip(firms_of.iter().zip(&inbound_of))
        .map(|(segment, (firms, inbound))| {
            // `+ 0.0` turns the empty sum's -0.0 into 0.0.
            let capacity: f64 = firms
                .iter()
                .map(|&f| chain.firms()[f].capacity)
                .sum::<f64>()
                + 0.0;
            let value: f64 = inbound.iter().map(|l| l.value).sum::<f64>() + 0.0;
            let mut suppliers: Vec<usize> = inbound.iter().map(|l| l.from).collect();
            suppliers.sort_unstable();
            suppliers.dedup();
            let foreign: f64 = inbound
                .iter()
                .filter(|l| matches!(l.scale, Scale::Supranational | Scale::Global))
                .map(|l| l.value)
                .sum();
            let foreign_share = if value > 0.0 { foreign / value } else { 0.0 };
            let missing = capacity <= 0.0;
            let mut weak = Vec::new();
            if !missing {
                if segment.value_added_share < options.weak_share {
                    weak.push(format!(
                        "value-added share {} below {}",
                        segment.value_added_share, options.weak_share
                    ));
                }
                if let [only] = suppliers[..] {
                    weak.push(format!("single source: {}", chain.firms()[only].name));
                }
                if foreign_share > options.foreign_share {
                    weak.push(format!(
                        "{:.0} % of inputs from supranational or global partners",
                        foreign_share * 100.0
                    ));
                }
            }
            SegmentDiagnosis {
                segment: segment.id.clone(),
                local_firms: firms.len(),
                local_capacity: capacity,
                inbound_value: value,
                suppliers: suppliers.len(),
                foreign_share,
                missing,
                weak,
                extend_toward: Vec::new(),
            }
        })
        .collect();
    let missing: Vec<usize> = (0..out.len()).filter(|&t| out[t].missing).collect();
    for (here, d) in chain.segments().iter().zip(&mut out) {
        if d.missing {
            continue;
        }
        d.extend_toward = missing
            .iter()
            .map(|&t| &chain.segments()[t])
            .filter(|seg| {
                let step = seg.position as i32 - here.position as i32;
                (0..=1).contains(&step) && seg.value_added_share > here.value_added_share
            })
            .map(|seg| seg.id.clone())
            .collect();
    }
    out
}
