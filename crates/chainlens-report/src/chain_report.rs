//! Reports of the chain analyses as a small document ([`Report`]: headings, text, tables,
//! the SVG map, Vega-Lite charts) rendered to Markdown or to one self-contained HTML page
//! (charts drawn by the chart libraries inlined into the page), and the three
//! reports themselves: [`diagnosis_report`], [`disruption_report`], [`attraction_report`]
//! and [`plan_report`] (what a planned version of the chain file would change).

use crate::chain_map::escape;
use chainlens_regional_chains::{
    Attraction, Candidate, Chain, CouplingMix, Disruption, LinkResponse, Loss, Scale,
    SegmentDiagnosis, Source, TradeLayer, coupling_mix,
};
use std::fmt::Write as _;

/// One block of a report.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A second-level heading.
    Heading(String),
    /// A paragraph.
    Text(String),
    /// A table.
    Table {
        /// Column names.
        header: Vec<String>,
        /// Cells.
        rows: Vec<Vec<String>>,
    },
    /// An SVG figure and the file it is written to beside the Markdown.
    Figure {
        /// The SVG.
        svg: String,
        /// File name for Markdown's image link.
        file: String,
    },
    /// A Vega-Lite chart (see [`crate::charts`]) and the file its specification is
    /// written to beside the Markdown.
    Chart {
        /// The specification, data inline.
        spec: serde_json::Value,
        /// File name for Markdown's link.
        file: String,
    },
}

/// A titled list of blocks.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The title.
    pub title: String,
    /// The blocks.
    pub blocks: Vec<Block>,
}

impl Report {
    pub(crate) fn heading(&mut self, text: &str) {
        self.blocks.push(Block::Heading(text.into()));
    }

    pub(crate) fn text(&mut self, text: String) {
        self.blocks.push(Block::Text(text));
    }

    pub(crate) fn chart(&mut self, spec: serde_json::Value, file: &str) {
        self.blocks.push(Block::Chart {
            spec,
            file: file.into(),
        });
    }

    /// The Vega-Lite specifications of the report's charts and their file names.
    pub fn charts(&self) -> Vec<(&str, &serde_json::Value)> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Chart { spec, file } => Some((file.as_str(), spec)),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn table(&mut self, header: &[&str], rows: Vec<Vec<String>>) {
        self.blocks.push(Block::Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows,
        });
    }

    /// Markdown (GitHub tables; figures as image links).
    pub fn markdown(&self) -> String {
        let mut out = format!("# {}\n", self.title);
        for block in &self.blocks {
            out.push('\n');
            match block {
                Block::Heading(h) => {
                    let _ = writeln!(out, "## {h}");
                }
                Block::Text(t) => {
                    let _ = writeln!(out, "{t}");
                }
                Block::Table { header, rows } => {
                    let _ = writeln!(out, "| {} |", header.join(" | "));
                    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
                    for row in rows {
                        let cells: Vec<String> = row.iter().map(|c| c.replace('|', "/")).collect();
                        let _ = writeln!(out, "| {} |", cells.join(" | "));
                    }
                }
                Block::Figure { file, .. } => {
                    let _ = writeln!(out, "![chain map]({file})");
                }
                Block::Chart { spec, file } => {
                    let title = spec["title"].as_str().unwrap_or("chart");
                    let _ = writeln!(
                        out,
                        "Chart: [{title}]({file}) (Vega-Lite; drawn in report.html)"
                    );
                }
            }
        }
        out
    }

    /// One HTML page with the SVG inline and no external resources; charts are left as
    /// their specifications (see [`Report::html_with_charts`]).
    pub fn html(&self) -> String {
        self.html_with_charts(&[])
    }

    /// One HTML page with no external resources: `libraries` (vega, vega-lite and
    /// vega-embed, in that order) inlined to draw the charts. Without them each chart
    /// says how to build them.
    pub fn html_with_charts(&self, libraries: &[&str]) -> String {
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\nbody {{ font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #222; }}\ntable {{ border-collapse: collapse; margin: 0.5em 0 1.5em; }}\nth, td {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; }}\nth {{ background: #f3f3f3; }}\nfigure {{ margin: 0; }}\nfigure svg {{ max-width: 100%; height: auto; }}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
            title = escape(&self.title)
        );
        let mut charts = 0;
        for block in &self.blocks {
            match block {
                Block::Heading(h) => {
                    let _ = writeln!(out, "<h2>{}</h2>", escape(h));
                }
                Block::Text(t) => {
                    let _ = writeln!(out, "<p>{}</p>", escape(t));
                }
                Block::Table { header, rows } => {
                    out.push_str("<table>\n<tr>");
                    for h in header {
                        let _ = write!(out, "<th>{}</th>", escape(h));
                    }
                    out.push_str("</tr>\n");
                    for row in rows {
                        out.push_str("<tr>");
                        for cell in row {
                            let _ = write!(out, "<td>{}</td>", escape(cell));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</table>\n");
                }
                Block::Figure { svg, .. } => {
                    let _ = writeln!(out, "<figure>\n{svg}</figure>");
                }
                Block::Chart { spec, .. } => {
                    charts += 1;
                    // `</` may not appear inside a script element; `<\/` is the same JSON.
                    let json = spec.to_string().replace("</", "<\\/");
                    let _ = writeln!(
                        out,
                        "<figure class=\"chart\" id=\"chart-{charts}\"><p>(a chart: this page's chart libraries are missing; build them with scripts/build-dashboard.sh and rebuild chainlens)</p></figure>\n<script type=\"application/json\" id=\"chart-{charts}-spec\">{json}</script>"
                    );
                }
            }
        }
        if charts > 0 && !libraries.is_empty() {
            for library in libraries {
                let _ = writeln!(
                    out,
                    "<script>{}</script>",
                    library.replace("</script", "<\\/script")
                );
            }
            let _ = writeln!(
                out,
                "<script>\nfor (let i = 1; i <= {charts}; i++) {{\n  const spec = JSON.parse(document.getElementById(`chart-${{i}}-spec`).textContent);\n  vegaEmbed(`#chart-${{i}}`, spec, {{ renderer: \"svg\", actions: false, mode: \"vega-lite\" }});\n}}\n</script>"
            );
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

/// Million USD with one decimal.
fn millions(value: f64) -> String {
    format!("{value:.1}")
}

fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// The diagnosis report: governance, segments, trade exposure, coupling mix and the map.
pub fn diagnosis_report(
    chain: &Chain,
    diagnosis: &[SegmentDiagnosis],
    mix: &CouplingMix,
    trade: Option<&TradeLayer>,
    map: Option<String>,
) -> Report {
    let mut report = Report {
        title: format!("{} ({})", chain.name(), chain.region()),
        blocks: Vec::new(),
    };
    overview_section(&mut report, chain);
    if let Some(svg) = map {
        report.heading("Chain map");
        report.blocks.push(Block::Figure {
            svg,
            file: "map.svg".into(),
        });
    }
    diagnosis_section(&mut report, chain, diagnosis);
    if let Some(trade) = trade {
        exposure_section(&mut report, chain, trade);
    }
    coupling_section(&mut report, "Coupling mix", mix);
    report
}

/// The opening lines: the chain's driver, size and the people governing it.
fn overview_section(report: &mut Report, chain: &Chain) {
    report.text(format!(
        "{:?}-driven chain in {}: {} segments, {} firms, {} supply links.",
        chain.driver(),
        chain.country(),
        chain.segments().len(),
        chain.firms().len(),
        chain.links().len()
    ));
    for (role, people) in [
        "Chain chief",
        "Deputies",
        "Chain mentors",
        "Expert committee",
    ]
    .iter()
    .zip(chain.governance())
    {
        if !people.is_empty() {
            report.text(format!("{role}: {}.", people.join("; ")));
        }
    }
}

/// The table of segments: position, value-added share, local firms, actions and why.
fn diagnosis_section(report: &mut Report, chain: &Chain, diagnosis: &[SegmentDiagnosis]) {
    report.heading("Diagnosis");
    let rows = chain
        .segments()
        .iter()
        .zip(diagnosis)
        .map(|(segment, d)| {
            vec![
                segment.name.clone(),
                format!("{:?}", segment.position),
                segment.value_added_share.to_string(),
                d.local_firms.to_string(),
                d.actions().join(", "),
                diagnosis_reasons(d).join("; "),
            ]
        })
        .collect();
    report.table(
        &[
            "segment",
            "position",
            "value-added share",
            "local firms",
            "actions",
            "why",
        ],
        rows,
    );
}

/// Why a segment gets its actions: its weak points, missing local capacity and the
/// higher-value segments missing locally.
fn diagnosis_reasons(d: &SegmentDiagnosis) -> Vec<String> {
    let mut why = d.weak.clone();
    if d.missing {
        why.push("no local capacity".into());
    }
    why.extend(
        d.extend_toward
            .iter()
            .map(|s| format!("{s} (higher value) is missing locally")),
    );
    why
}

fn exposure_section(report: &mut Report, chain: &Chain, trade: &TradeLayer) {
    report.heading("External exposure (trade layer)");
    let years: Vec<String> = trade.years.iter().map(u16::to_string).collect();
    report.text(format!(
        "{}'s trade of each segment's goods, average of {} (USD million a year). Category: 1 = high export centrality and high import concentration, 2 = high centrality only, 3 = high concentration only, 4 = neither; '-' for goods outside the intermediate universe or not imported.",
        trade.country,
        years.join(", ")
    ));
    let mut rows = Vec::new();
    for segment in chain.segments() {
        for code in &segment.hs6 {
            let Some(g) = trade.goods.get(code) else {
                rows.push(vec![
                    segment.id.clone(),
                    code.to_string(),
                    "not traded in the data".into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
                continue;
            };
            let top = g.largest_supplier().map_or_else(String::new, |(p, share)| {
                format!("{} {}", p.iso3, percent(share))
            });
            rows.push(vec![
                segment.id.clone(),
                code.to_string(),
                millions(g.imports / 1e6),
                millions(g.exports / 1e6),
                g.concentration.map_or("-".into(), |h| format!("{h:.3}")),
                format!("{:.3}", g.centrality),
                g.category.map_or("-".into(), |c| c.to_string()),
                top,
            ]);
        }
    }
    report.table(
        &[
            "segment",
            "HS6",
            "imports",
            "exports",
            "import concentration H",
            "export centrality C",
            "category",
            "largest supplier",
        ],
        rows,
    );
}

fn coupling_section(report: &mut Report, title: &str, mix: &CouplingMix) {
    report.heading(title);
    report.table(
        &["scale", "links", "link share", "value", "value share"],
        mix.by_scale
            .iter()
            .map(|(scale, s)| {
                vec![
                    scale.name().into(),
                    s.links.to_string(),
                    percent(s.link_share),
                    millions(s.value),
                    percent(s.value_share),
                ]
            })
            .collect(),
    );
    report.table(
        &["partner country", "links", "value", "value share"],
        mix.by_country
            .iter()
            .map(|(country, s)| {
                vec![
                    country.clone(),
                    s.links.to_string(),
                    millions(s.value),
                    percent(s.value_share),
                ]
            })
            .collect(),
    );
    report.text(format!(
        "Coupling diversity (Shannon entropy of value by scale): {:.3} of at most {:.3}.",
        mix.diversity,
        4f64.ln()
    ));
}

/// The disruption report: broken links, ranked substitutes (the first `listed` of each),
/// what stays uncovered, and the coupling mix before and after.
pub fn disruption_report(
    chain: &Chain,
    removal: &str,
    disruption: &Disruption,
    listed: usize,
) -> Report {
    let mut report = Report {
        title: format!("{}: disruption `{removal}`", chain.name()),
        blocks: Vec::new(),
    };
    summary_of_disruption(&mut report, chain, disruption);
    for r in &disruption.responses {
        response_section(&mut report, chain, r, listed);
    }
    report.text("Scores in [0,1], higher is better; * marks a political distance that was unknown (the mean stood in). Values in USD million a year.".into());
    mix_sections(&mut report, disruption);
    report
}

/// What was removed and what it breaks, with the totals lost, covered and uncovered.
fn summary_of_disruption(report: &mut Report, chain: &Chain, disruption: &Disruption) {
    let names: Vec<&str> = disruption
        .removed
        .iter()
        .map(|&f| chain.firms()[f].name.as_str())
        .collect();
    let (lost, covered, uncovered) = disruption.totals();
    report.text(format!(
        "Removed: {}. Broken links: {}, USD {} million a year; covered by substitutes {}, uncovered {}.",
        names.join("; "),
        disruption.responses.len(),
        millions(lost),
        millions(covered),
        millions(uncovered)
    ));
    if !disruption.dropped_links.is_empty() {
        report.text(format!(
            "{} links ran between two removed firms and are dropped without substitutes.",
            disruption.dropped_links.len()
        ));
    }
}

/// The columns of a broken link's substitutes table.
const SUBSTITUTE_COLUMNS: [&str; 11] = [
    "rank",
    "substitute",
    "from",
    "scale",
    "country",
    "spare capacity",
    "capacity",
    "concentration",
    "risk",
    "score",
    "allocated",
];

/// One broken link: who loses whom, what it carried and its first `listed` substitutes.
fn response_section(report: &mut Report, chain: &Chain, r: &LinkResponse, listed: usize) {
    let link = &chain.links()[r.link];
    let (gone, kept) = match r.loss {
        Loss::Supply => (link.from, link.to),
        Loss::Outlet => (link.to, link.from),
    };
    report.heading(&format!(
        "{} loses {} {}",
        chain.firms()[kept].name,
        match r.loss {
            Loss::Supply => "supplier",
            Loss::Outlet => "buyer",
        },
        chain.firms()[gone].name
    ));
    report.text(format!(
        "Good {}, USD {} million a year: covered {}, uncovered {}. {} candidates, nearest scale first; the first {} shown.",
        link.good.map_or("unspecified".into(), |g| g.to_string()),
        millions(r.lost),
        millions(r.covered),
        millions(r.uncovered),
        r.substitutes.len(),
        listed.min(r.substitutes.len())
    ));
    report.table(&SUBSTITUTE_COLUMNS, substitute_rows(r, listed));
}

/// The first `listed` substitutes of a broken link as table rows.
fn substitute_rows(r: &LinkResponse, listed: usize) -> Vec<Vec<String>> {
    r.substitutes
        .iter()
        .take(listed)
        .enumerate()
        .map(|(i, s)| {
            vec![
                (i + 1).to_string(),
                s.name.clone(),
                match s.source {
                    Source::Firm(_) => "chain file".into(),
                    Source::Trade => "trade data".into(),
                },
                s.scale.name().into(),
                s.country.clone(),
                millions(s.spare),
                format!("{:.2}", s.capacity_score),
                format!("{:.2}", s.concentration_score),
                format!(
                    "{:.2}{}",
                    s.risk_score,
                    if s.distance_known { "" } else { "*" }
                ),
                format!("{:.3}", s.score),
                millions(s.allocated),
            ]
        })
        .collect()
}

/// The coupling mix before and after, and the local and national share of each.
fn mix_sections(report: &mut Report, disruption: &Disruption) {
    coupling_section(report, "Coupling mix before", &disruption.mix_before);
    coupling_section(report, "Coupling mix after", &disruption.mix_after);
    let local_before = local_share(&disruption.mix_before);
    let local_after = local_share(&disruption.mix_after);
    report.text(format!(
        "Value at the local and national scales: {} before, {} after; diversity {:.3} -> {:.3}.",
        percent(local_before),
        percent(local_after),
        disruption.mix_before.diversity,
        disruption.mix_after.diversity
    ));
}

fn local_share(mix: &CouplingMix) -> f64 {
    mix.by_scale
        .iter()
        .filter(|(s, _)| matches!(s, Scale::Local | Scale::National))
        .map(|(_, s)| s.value_share)
        .sum()
}

/// The attraction report: the gaps, then candidates best first with their explanation.
pub fn attraction_report(
    chain: &Chain,
    attraction: &Attraction,
    candidates: &[Candidate],
) -> Report {
    let mut report = Report {
        title: format!("{}: targeted attraction", chain.name()),
        blocks: Vec::new(),
    };
    report.heading("Gaps");
    report.table(
        &["segment", "action", "priority"],
        attraction
            .gaps
            .iter()
            .map(|g| {
                vec![
                    chain.segments()[g.segment].name.clone(),
                    g.action.into(),
                    format!("{:.1}", g.priority),
                ]
            })
            .collect(),
    );
    report.heading("Candidates by degree of match");
    report.table(
        &["rank", "candidate", "country", "scale", "score", "why"],
        attraction
            .ranked
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let c = &candidates[m.candidate];
                vec![
                    (i + 1).to_string(),
                    c.name.clone(),
                    c.country.clone(),
                    c.scale.name().into(),
                    format!("{:.3}", m.score),
                    m.explanation.clone(),
                ]
            })
            .collect(),
    );
    if !attraction.unmatched.is_empty() {
        let names: Vec<&str> = attraction
            .unmatched
            .iter()
            .map(|&c| candidates[c].name.as_str())
            .collect();
        report.text(format!(
            "Matching no gap by segment or goods ({}): {}.",
            names.len(),
            names.join("; ")
        ));
    }
    report
}

/// What a plan changes: the chain as it is and as planned (two chain files), compared by
/// segment diagnosis (matched by segment id) and by coupling mix.
pub fn plan_report(
    before: &Chain,
    after: &Chain,
    diagnosis_before: &[SegmentDiagnosis],
    diagnosis_after: &[SegmentDiagnosis],
) -> Report {
    let mut report = Report {
        title: format!("{}: plan", before.name()),
        blocks: Vec::new(),
    };
    report.text(format!(
        "As is: {} firms, {} links. As planned: {} firms, {} links.",
        before.firms().len(),
        before.links().len(),
        after.firms().len(),
        after.links().len()
    ));
    plan_segments_section(
        &mut report,
        before,
        after,
        diagnosis_before,
        diagnosis_after,
    );
    plan_coupling_section(&mut report, before, after);
    report
}

/// The actions of a segment's diagnosis, `sound` when none, `(absent)` without one.
fn plan_actions(d: Option<&SegmentDiagnosis>) -> String {
    d.map_or("(absent)".to_string(), |d| {
        let a = d.actions();
        if a.is_empty() {
            "sound".into()
        } else {
            a.join(", ")
        }
    })
}

/// The segment ids of both chains: the current chain's in order, then the planned
/// chain's new ones.
fn plan_segment_ids<'a>(before: &'a Chain, after: &'a Chain) -> Vec<&'a str> {
    let mut ids: Vec<&str> = before.segments().iter().map(|s| s.id.as_str()).collect();
    ids.extend(
        after
            .segments()
            .iter()
            .map(|s| s.id.as_str())
            .filter(|id| !before.segments().iter().any(|s| s.id == *id)),
    );
    ids
}

/// The table of each segment's actions as is and as planned.
fn plan_segments_section(
    report: &mut Report,
    before: &Chain,
    after: &Chain,
    diagnosis_before: &[SegmentDiagnosis],
    diagnosis_after: &[SegmentDiagnosis],
) {
    report.heading("Segments");
    let find = |d: &'_ [SegmentDiagnosis], id: &str| d.iter().find(|x| x.segment == id).cloned();
    report.table(
        &["segment", "as is", "as planned"],
        plan_segment_ids(before, after)
            .iter()
            .map(|id| {
                vec![
                    id.to_string(),
                    plan_actions(find(diagnosis_before, id).as_ref()),
                    plan_actions(find(diagnosis_after, id).as_ref()),
                ]
            })
            .collect(),
    );
}

/// The value share of each coupling scale as is and as planned, and both diversities.
fn plan_coupling_section(report: &mut Report, before: &Chain, after: &Chain) {
    let (mix_before, mix_after) = (coupling_mix(before), coupling_mix(after));
    report.heading("Coupling mix");
    report.table(
        &[
            "scale",
            "value share as is",
            "as planned",
            "change (points)",
        ],
        mix_before
            .by_scale
            .iter()
            .zip(&mix_after.by_scale)
            .map(|((scale, b), (_, a))| {
                vec![
                    scale.name().into(),
                    percent(b.value_share),
                    percent(a.value_share),
                    format!("{:+.1}", (a.value_share - b.value_share) * 100.0),
                ]
            })
            .collect(),
    );
    report.text(format!(
        "Coupling diversity (Shannon entropy of value by scale): {:.3} as is, {:.3} as planned.",
        mix_before.diversity, mix_after.diversity
    ));
}
