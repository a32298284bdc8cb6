//! Disruption response, METHODS §4: remove a partner (a firm, a country, or every partner
//! at one scale), find the links that break, and rank substitutes for each, nearest scale
//! first, from the firms in the chain file and, where the link names a good and trade data
//! are given, from the exporters (for lost supply) or importers (for lost outlets) of that
//! good; then allocate the lost value down the ranking and report what is left uncovered.
//!
//! # Formula
//! For a broken link of value `L` and a candidate with spare capacity `S`:
//! * capacity score `min(1, S / L)`; a firm's spare capacity is its capacity less the value
//!   of its links that still run (suppliers: outbound; buyers: inbound); a trade partner's
//!   is `cap x` its trade of the good with the world (million USD a year);
//! * concentration score `1 - s`, `s` the candidate's share of the flow the chain already
//!   depends on (a firm: of the chain firm's remaining links of that kind; a trade partner:
//!   of the chain country's imports, or exports for outlets, of the good from partners that
//!   are not removed), so substitutes that deepen a dependence rank lower;
//! * risk score `1 - d`, `d` the political distance from the chain country in `[0,1]`
//!   (METHODS §1.7; 0 at home; unknown pairs take the mean known distance, and without
//!   trade data, hence without distances, 0.5 stands in abroad);
//! * score = the weighted mean of the three (equal weights by default).
//!
//! Candidates are ranked by scale (local, national, supranational, global), then named
//! firms of the file before trade partners (a country's exporters in aggregate), then score,
//! then name; the lost value is allocated greedily down the ranking, each candidate's spare
//! capacity shared across the broken links in file order.
//!
//! # Parameters and defaults
//! `trade_cap = 0.1` (a tenth of a partner's trade of the good can be redirected);
//! weights `(1, 1, 1)` ([`DisruptionOptions`]).
//!
//! # Reference
//! Seed 003: when the Japanese lens supplier of an Ouhai firm failed during the pandemic, it
//! was replaced by a supplier in Guangdong: the nearest scale that could cover it.
//!
//! # Complexity
//! O(broken links x (firms + partners of the good) log).

use crate::ChainError;
use crate::chain::{Chain, Firm, Link, Role, Scale, link_scale};
use crate::coupling::{CouplingMix, coupling_mix};
use crate::trade_layer::{Partner, TradeLayer};
use chainlens_model::display_float;
use std::collections::BTreeMap;

/// Which partners go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Removal {
    /// One firm, by id.
    Firm(String),
    /// Every non-local firm of a country (ISO3), and its trade.
    Country(String),
    /// Every firm at a scale, and trade partners at that scale.
    Scale(Scale),
}

impl Removal {
    /// Parses `firm:ID`, `country:ISO3` or `scale:NAME`.
    pub fn parse(text: &str) -> Result<Self, ChainError> {
        let bad = || {
            ChainError::Request(format!(
                "`{text}` is not firm:ID, country:ISO3 or scale:local|national|supranational|global"
            ))
        };
        let (kind, what) = text.split_once(':').ok_or_else(bad)?;
        match kind {
            "firm" => Ok(Self::Firm(what.into())),
            "country" if what.len() == 3 => Ok(Self::Country(what.to_ascii_uppercase())),
            "scale" => Scale::ALL
                .into_iter()
                .find(|s| s.name() == what)
                .map(Self::Scale)
                .ok_or_else(bad),
            _ => Err(bad()),
        }
    }

    /// Why nothing matched, in the words of the request.
    fn matches_nothing(&self) -> String {
        match self {
            Self::Firm(id) => format!("no firm `{id}` in the chain"),
            Self::Country(iso3) => format!(
                "`country:{iso3}` removes no firm of the chain: no firm outside the region has country {iso3}"
            ),
            Self::Scale(scale) => format!(
                "`scale:{}` removes no firm of the chain: no firm is at that scale",
                scale.name()
            ),
        }
    }

    fn removes_firm(&self, firm: &Firm) -> bool {
        match self {
            Self::Firm(id) => &firm.id == id,
            Self::Country(iso3) => firm.scale != Scale::Local && &firm.country == iso3,
            Self::Scale(scale) => firm.scale == *scale,
        }
    }

    fn removes_partner(&self, iso3: &str, scale: Scale) -> bool {
        match self {
            Self::Firm(_) => false,
            Self::Country(c) => c == iso3,
            Self::Scale(s) => *s == scale,
        }
    }
}

/// Weights and the trade substitution cap; defaults as documented above.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DisruptionOptions {
    /// Share of a trade partner's trade of the good it can redirect to the chain.
    pub trade_cap: f64,
    /// Weights of the capacity, concentration and risk scores.
    pub weights: [f64; 3],
}

impl Default for DisruptionOptions {
    fn default() -> Self {
        Self {
            trade_cap: 0.1,
            weights: [1.0, 1.0, 1.0],
        }
    }
}

/// What a broken link loses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Loss {
    /// A chain firm loses a supplier.
    Supply,
    /// A chain firm loses a buyer.
    Outlet,
}

/// Where a substitute comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A firm of the chain file (index into [`Chain::firms`]).
    Firm(usize),
    /// A country trading the good in the trade data.
    Trade,
}

/// One ranked substitute of a broken link.
#[derive(Clone, Debug, PartialEq)]
pub struct Substitute {
    /// Firm name, or the country's ISO3 for a trade partner.
    pub name: String,
    /// Firm or trade partner.
    pub source: Source,
    /// ISO3.
    pub country: String,
    /// Scale.
    pub scale: Scale,
    /// Spare capacity before this link, million USD a year.
    pub spare: f64,
    /// `min(1, spare / lost)`.
    pub capacity_score: f64,
    /// `1 - s`.
    pub concentration_score: f64,
    /// `1 - d`.
    pub risk_score: f64,
    /// True if the political distance was known (false: the mean stood in).
    pub distance_known: bool,
    /// Weighted mean of the three scores.
    pub score: f64,
    /// Value allocated to this substitute.
    pub allocated: f64,
}

/// The response to one broken link.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkResponse {
    /// Index into [`Chain::links`].
    pub link: usize,
    /// Supply or outlet.
    pub loss: Loss,
    /// Value lost, million USD a year.
    pub lost: f64,
    /// Substitutes, ranked.
    pub substitutes: Vec<Substitute>,
    /// Value allocated to substitutes.
    pub covered: f64,
    /// `lost - covered`.
    pub uncovered: f64,
}

/// The result of [`disrupt`].
#[derive(Clone, Debug, PartialEq)]
pub struct Disruption {
    /// Firms removed (indices into [`Chain::firms`]).
    pub removed: Vec<usize>,
    /// Responses to the links with one end removed, in file order.
    pub responses: Vec<LinkResponse>,
    /// Links with both ends removed (nothing of the chain left to serve).
    pub dropped_links: Vec<usize>,
    /// Coupling mix before the disruption.
    pub mix_before: CouplingMix,
    /// Coupling mix once the substitutes' allocations replace the broken links.
    pub mix_after: CouplingMix,
}

impl Disruption {
    /// Total lost, covered and uncovered value.
    pub fn totals(&self) -> (f64, f64, f64) {
        self.responses.iter().fold((0.0, 0.0, 0.0), |t, r| {
            (t.0 + r.lost, t.1 + r.covered, t.2 + r.uncovered)
        })
    }
}

/// The roles that can stand in for a removed firm's side of a link.
fn can_substitute(role: Role, loss: Loss) -> bool {
    match loss {
        Loss::Supply => matches!(role, Role::Owner | Role::Supplier),
        Loss::Outlet => role == Role::Buyer,
    }
}

/// Scores one candidate and returns it unallocated.
#[allow(clippy::too_many_arguments)]
fn candidate(
    name: String,
    source: Source,
    country: String,
    scale: Scale,
    spare: f64,
    share: f64,
    lost: f64,
    (distance, distance_known): (f64, bool),
    weights: [f64; 3],
) -> Substitute {
    let capacity_score = if lost > 0.0 {
        (spare / lost).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let concentration_score = 1.0 - share;
    let risk_score = 1.0 - distance;
    let score =
        (weights[0] * capacity_score + weights[1] * concentration_score + weights[2] * risk_score)
            / weights.iter().sum::<f64>();
    Substitute {
        name,
        source,
        country,
        scale,
        spare,
        capacity_score,
        concentration_score,
        risk_score,
        distance_known,
        score,
        allocated: 0.0,
    }
}

/// Removes the partners `removal` names and ranks substitutes for every broken link.
pub fn disrupt(
    chain: &Chain,
    removal: &Removal,
    trade: Option<&TradeLayer>,
    options: DisruptionOptions,
) -> Result<Disruption, ChainError> {
    check_options(&options)?;
    let removed: Vec<bool> = chain
        .firms()
        .iter()
        .map(|f| removal.removes_firm(f))
        .collect();
    if !removed.contains(&true) {
        return Err(ChainError::Request(removal.matches_nothing()));
    }
    let scene = Scene {
        chain,
        removal,
        trade,
        options,
        removed: &removed,
    };
    let mut spare = scene.spare_capacity();
    let mut trade_spare = TradeSpare::new();
    let mut responses = Vec::new();
    let mut dropped_links = Vec::new();
    for (i, link) in chain.links().iter().enumerate() {
        let (loss, gone, kept) = match (removed[link.from], removed[link.to]) {
            (false, false) => continue,
            (true, true) => {
                dropped_links.push(i);
                continue;
            }
            (true, false) => (Loss::Supply, link.from, link.to),
            (false, true) => (Loss::Outlet, link.to, link.from),
        };
        let mut substitutes = scene.firm_substitutes(link, loss, gone, kept, &spare);
        substitutes.extend(scene.trade_substitutes(link, loss, &mut trade_spare));
        sort_substitutes(&mut substitutes);
        let uncovered = allocate(&mut substitutes, link, loss, &mut spare, &mut trade_spare);
        responses.push(LinkResponse {
            link: i,
            loss,
            lost: link.value,
            substitutes,
            covered: link.value - uncovered,
            uncovered,
        });
    }
    let after = replaced(chain, &removed, &responses);
    Ok(Disruption {
        removed: (0..chain.firms().len()).filter(|&f| removed[f]).collect(),
        responses,
        dropped_links,
        mix_before: coupling_mix(chain),
        mix_after: coupling_mix(&after),
    })
}

/// Weights finite, non-negative and not all 0; the trade cap a share.
fn check_options(options: &DisruptionOptions) -> Result<(), ChainError> {
    let weights = &options.weights;
    if weights.iter().any(|w| !(w.is_finite() && *w >= 0.0)) || weights.iter().sum::<f64>() <= 0.0 {
        return Err(ChainError::Request(
            "weights must be finite, non-negative and not all 0".into(),
        ));
    }
    if !(0.0..=1.0).contains(&options.trade_cap) {
        return Err(ChainError::Request(format!(
            "trade cap {} is outside [0,1]",
            display_float(options.trade_cap)
        )));
    }
    Ok(())
}

/// Trade partners' spare capacity by (loss, good, partner), million USD, as it is used up.
type TradeSpare = BTreeMap<(Loss, u32, String), f64>;

/// What one disruption works on: the chain, what is removed and the trade layer.
struct Scene<'a> {
    chain: &'a Chain,
    removal: &'a Removal,
    trade: Option<&'a TradeLayer>,
    options: DisruptionOptions,
    removed: &'a [bool],
}

impl Scene<'_> {
    /// Whether a link still runs once the removed firms are gone.
    fn running(&self, l: &Link) -> bool {
        !self.removed[l.from] && !self.removed[l.to]
    }

    /// Spare capacity of every firm once broken links stop.
    fn spare_capacity(&self) -> Vec<f64> {
        let chain = self.chain;
        chain
            .firms()
            .iter()
            .enumerate()
            .map(|(f, firm)| {
                let used: f64 = chain
                    .links()
                    .iter()
                    .filter(|l| self.running(l))
                    .filter(|l| match firm.role {
                        Role::Buyer => l.to == f,
                        _ => l.from == f,
                    })
                    .map(|l| l.value)
                    .sum();
                (firm.capacity - used).max(0.0)
            })
            .collect()
    }

    /// Political distance from the chain country (0.5, unknown, without a trade layer).
    fn distance(&self, iso3: &str) -> (f64, bool) {
        match self.trade {
            Some(t) => t.distance(iso3),
            None if iso3 == self.chain.country() => (0.0, true),
            None => (0.5, false),
        }
    }

    /// The chain's own firms that can take over the broken link: same segment, a role
    /// that fits, scored with their share of the kept firm's remaining links.
    fn firm_substitutes(
        &self,
        link: &Link,
        loss: Loss,
        gone: usize,
        kept: usize,
        spare: &[f64],
    ) -> Vec<Substitute> {
        let chain = self.chain;
        let segment = chain.firms()[gone].segment;
        // The kept firm's remaining links of the same kind, by partner.
        let kept_links: Vec<&Link> = chain
            .links()
            .iter()
            .filter(|l| self.running(l))
            .filter(|l| match loss {
                Loss::Supply => l.to == kept,
                Loss::Outlet => l.from == kept,
            })
            .collect();
        let kept_total: f64 = kept_links.iter().map(|l| l.value).sum();
        chain
            .firms()
            .iter()
            .enumerate()
            .filter(|&(f, firm)| {
                !self.removed[f]
                    && f != kept
                    && firm.segment == segment
                    && can_substitute(firm.role, loss)
            })
            .map(|(f, firm)| {
                let with_kept: f64 = kept_links
                    .iter()
                    .filter(|l| l.from == f || l.to == f)
                    .map(|l| l.value)
                    .sum();
                let share = if kept_total > 0.0 {
                    with_kept / kept_total
                } else {
                    0.0
                };
                candidate(
                    firm.name.clone(),
                    Source::Firm(f),
                    firm.country.clone(),
                    firm.scale,
                    spare[f],
                    share,
                    link.value,
                    self.distance(&firm.country),
                    self.options.weights,
                )
            })
            .collect()
    }

    /// The trade partners of the link's good (exporters for a lost supplier, importers for
    /// a lost outlet) that the removal spares, each with its remaining trade cap.
    fn trade_substitutes(
        &self,
        link: &Link,
        loss: Loss,
        trade_spare: &mut TradeSpare,
    ) -> Vec<Substitute> {
        let (Some(trade), Some(good)) = (self.trade, link.good) else {
            return Vec::new();
        };
        let Some(good_trade) = trade.goods.get(&good) else {
            return Vec::new();
        };
        let partners: Vec<&Partner> = match loss {
            Loss::Supply => &good_trade.exporters,
            Loss::Outlet => &good_trade.importers,
        }
        .iter()
        .filter(|p| {
            !self
                .removal
                .removes_partner(&p.iso3, trade.scale_of(&p.iso3))
        })
        .collect();
        // Trade with oneself is not in the data: the chain country's own producers are
        // national candidates with no share of its imports.
        let total: f64 = partners.iter().map(|p| p.with_chain_country).sum();
        partners
            .into_iter()
            .map(|p| {
                let left = trade_spare
                    .entry((loss, good.0, p.iso3.clone()))
                    .or_insert(self.options.trade_cap * p.world / 1e6);
                let share = if total > 0.0 {
                    p.with_chain_country / total
                } else {
                    0.0
                };
                candidate(
                    p.iso3.clone(),
                    Source::Trade,
                    p.iso3.clone(),
                    trade.scale_of(&p.iso3),
                    *left,
                    share,
                    link.value,
                    self.distance(&p.iso3),
                    self.options.weights,
                )
            })
            .collect()
    }
}

/// Nearest scale first, the chain's own firms before trade partners at the same scale,
/// then by score, then by name.
fn sort_substitutes(substitutes: &mut [Substitute]) {
    let from_trade = |s: &Substitute| s.source == Source::Trade;
    substitutes.sort_by(|a, b| {
        a.scale
            .cmp(&b.scale)
            .then(from_trade(a).cmp(&from_trade(b)))
            .then(b.score.total_cmp(&a.score))
            .then(a.name.cmp(&b.name))
    });
}

/// Gives the link's value to the substitutes in order, each up to its spare capacity;
/// returns the value no substitute covers.
fn allocate(
    substitutes: &mut [Substitute],
    link: &Link,
    loss: Loss,
    spare: &mut [f64],
    trade_spare: &mut TradeSpare,
) -> f64 {
    let mut left = link.value;
    for s in substitutes {
        if left <= 0.0 {
            break;
        }
        let key = (loss, link.good.map_or(0, |g| g.0), s.country.clone());
        let slot = match s.source {
            Source::Firm(f) => &mut spare[f],
            Source::Trade => trade_spare.entry(key).or_insert(0.0),
        };
        s.allocated = left.min(*slot);
        *slot -= s.allocated;
        left -= s.allocated;
    }
    left
}

/// The chain once removed firms' links are gone and substitutes carry their allocations
/// (trade partners become firms `trade:ISO3` at their scale).
fn replaced(chain: &Chain, removed: &[bool], responses: &[LinkResponse]) -> Chain {
    let mut after = chain.clone();
    let (firms, links) = after.firms_and_links_mut();
    links.retain(|l| !removed[l.from] && !removed[l.to]);
    for r in responses {
        let old = &chain.links()[r.link];
        let kept = match r.loss {
            Loss::Supply => old.to,
            Loss::Outlet => old.from,
        };
        for s in r.substitutes.iter().filter(|s| s.allocated > 0.0) {
            let partner = match s.source {
                Source::Firm(f) => f,
                Source::Trade => trade_firm(firms, s, chain.firms()[kept].segment),
            };
            let (from, to) = match r.loss {
                Loss::Supply => (partner, kept),
                Loss::Outlet => (kept, partner),
            };
            links.push(Link {
                from,
                to,
                good: old.good,
                value: s.allocated,
                scale: link_scale(&firms[from], &firms[to]),
            });
        }
    }
    after
}

/// The firm `trade:ISO3` standing for a trade substitute, added (in `segment`, the segment
/// of the firm it serves) the first time it is used.
fn trade_firm(firms: &mut Vec<Firm>, s: &Substitute, segment: usize) -> usize {
    let id = format!("trade:{}", s.country);
    if let Some(f) = firms.iter().position(|f| f.id == id) {
        return f;
    }
    firms.push(Firm {
        id,
        name: s.name.clone(),
        location: s.country.clone(),
        country: s.country.clone(),
        scale: s.scale,
        segment,
        role: Role::Supplier,
        capacity: 0.0,
    });
    firms.len() - 1
}
