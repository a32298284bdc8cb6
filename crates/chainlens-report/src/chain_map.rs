//! The panoramic chain map, METHODS §4: the chain as a graph drawn to a standalone SVG.
//! One column per segment (upstream to downstream, file order within a position), headed
//! by its name, value-added share and diagnosis; its firms stacked below, nearest scale
//! first, filled by role; supply links as curves coloured by scale, as wide as their value.
//! Hovering a firm or a link shows its details (SVG `<title>`).

use chainlens_regional_chains::{Chain, Link, Role, Scale, SegmentDiagnosis};
use std::fmt::Write as _;

const COLUMN_WIDTH: f64 = 240.0;
const COLUMN_GAP: f64 = 90.0;
const MARGIN: f64 = 30.0;
const HEADER_HEIGHT: f64 = 74.0;
const FIRM_HEIGHT: f64 = 46.0;
const FIRM_GAP: f64 = 14.0;
const LEGEND_HEIGHT: f64 = 70.0;
const LANE_SPACING: f64 = 10.0;

/// Colour of a link at a scale.
pub fn scale_colour(scale: Scale) -> &'static str {
    match scale {
        Scale::Local => "#1b9e77",
        Scale::National => "#7570b3",
        Scale::Supranational => "#d95f02",
        Scale::Global => "#e7298a",
    }
}

fn role_fill(role: Role) -> &'static str {
    match role {
        Role::Owner => "#fde9a9",
        Role::Supplier => "#e5eef8",
        Role::Buyer => "#eeeeee",
        Role::Institute => "#e3f4e1",
    }
}

/// Border colour and label of a segment's diagnosis.
fn diagnosis_style(d: &SegmentDiagnosis) -> (&'static str, String) {
    let actions = d.actions();
    let colour = if d.missing {
        "#c0392b"
    } else if !d.weak.is_empty() {
        "#e67e22"
    } else if !d.extend_toward.is_empty() {
        "#2e86c1"
    } else {
        "#27ae60"
    };
    let label = if actions.is_empty() {
        "sound".to_string()
    } else {
        actions.join(", ")
    };
    (colour, label)
}

/// Escapes text for XML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn clipped(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(chars - 1).collect();
        out.push('…');
        out
    }
}

/// Draws the chain map; `diagnosis` is [`chainlens_regional_chains::diagnose`]'s output for `chain`.
pub fn chain_map(chain: &Chain, diagnosis: &[SegmentDiagnosis]) -> String {
    let layout = Layout::new(chain);
    let (width, height) = (layout.width, layout.height);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">"##
    );
    let _ = writeln!(
        svg,
        r##"<title>{}</title>
<rect width="100%" height="100%" fill="white"/>"##,
        escape(&format!("{} ({})", chain.name(), chain.region()))
    );
    draw_segments(&mut svg, chain, &layout, diagnosis);
    draw_links(&mut svg, chain, &layout);
    draw_firms(&mut svg, chain, &layout);
    draw_legend(&mut svg, layout.legend_y);
    svg
}

/// Where everything goes: segments in columns by position, firms stacked in their
/// segment's column (nearest scale first, then file order), lanes for long links below.
struct Layout {
    columns: Vec<usize>,
    column_of: Vec<usize>,
    place: Vec<(f64, f64)>,
    body: f64,
    width: f64,
    legend_y: f64,
    height: f64,
}

impl Layout {
    fn new(chain: &Chain) -> Self {
        let mut columns: Vec<usize> = (0..chain.segments().len()).collect();
        columns.sort_by_key(|&s| (chain.segments()[s].position, s));
        let mut column_of = vec![0usize; chain.segments().len()];
        for (c, &s) in columns.iter().enumerate() {
            column_of[s] = c;
        }
        let mut rows = vec![0usize; chain.segments().len()];
        let mut order: Vec<usize> = (0..chain.firms().len()).collect();
        order.sort_by_key(|&f| (chain.firms()[f].scale, f));
        let mut place = vec![(0.0, 0.0); chain.firms().len()];
        for &f in &order {
            let s = chain.firms()[f].segment;
            let x = MARGIN + column_of[s] as f64 * (COLUMN_WIDTH + COLUMN_GAP);
            let y = MARGIN + HEADER_HEIGHT + 20.0 + rows[s] as f64 * (FIRM_HEIGHT + FIRM_GAP);
            rows[s] += 1;
            place[f] = (x, y);
        }
        let deepest = rows.iter().copied().max().unwrap_or(0) as f64;
        let width = 2.0 * MARGIN + columns.len() as f64 * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP;
        let body = MARGIN + HEADER_HEIGHT + 20.0 + deepest * (FIRM_HEIGHT + FIRM_GAP);
        let mut layout = Self {
            columns,
            column_of,
            place,
            body,
            width,
            legend_y: 0.0,
            height: 0.0,
        };
        // Links that skip a column run in lanes below the firms, one lane each.
        let lanes = chain
            .links()
            .iter()
            .filter(|l| layout.column_gap(chain, l).abs() > 1)
            .count() as f64;
        layout.legend_y = body + lanes * LANE_SPACING + 20.0;
        layout.height = layout.legend_y + LEGEND_HEIGHT;
        layout
    }

    /// Columns from the link's supplier to its buyer (negative: upstream).
    fn column_gap(&self, chain: &Chain, l: &Link) -> i64 {
        self.column_of[chain.firms()[l.to].segment] as i64
            - self.column_of[chain.firms()[l.from].segment] as i64
    }
}

/// One header per segment: name, position, value-added share and its diagnosis.
fn draw_segments(svg: &mut String, chain: &Chain, layout: &Layout, diagnosis: &[SegmentDiagnosis]) {
    for (c, &s) in layout.columns.iter().enumerate() {
        let segment = &chain.segments()[s];
        let x = MARGIN + c as f64 * (COLUMN_WIDTH + COLUMN_GAP);
        let (colour, label) = diagnosis_style(&diagnosis[s]);
        let _ = writeln!(
            *svg,
            r##"<g class="segment" id="segment-{id}"><rect x="{x}" y="{MARGIN}" width="{COLUMN_WIDTH}" height="{HEADER_HEIGHT}" rx="6" fill="#fafafa" stroke="{colour}" stroke-width="3"/>
<text x="{tx}" y="{y1}" font-weight="bold">{name}</text>
<text x="{tx}" y="{y2}" fill="#555">{position:?} · value added {share:.0} %</text>
<text x="{tx}" y="{y3}" fill="{colour}" font-weight="bold">{label}</text></g>"##,
            id = escape(&segment.id),
            tx = x + 10.0,
            y1 = MARGIN + 20.0,
            y2 = MARGIN + 40.0,
            y3 = MARGIN + 60.0,
            name = escape(&clipped(&segment.name, 34)),
            position = segment.position,
            share = segment.value_added_share * 100.0,
        );
    }
}

/// Every supply link as a curve coloured by scale and as wide as its value; links that
/// skip a column run in their own lane below the firms.
fn draw_links(svg: &mut String, chain: &Chain, layout: &Layout) {
    let max_value = chain.links().iter().map(|l| l.value).fold(0.0, f64::max);
    let mut lane = 0.0;
    for link in chain.links() {
        let (fx, fy) = layout.place[link.from];
        let (tx, ty) = layout.place[link.to];
        let (y0, y1) = (fy + FIRM_HEIGHT / 2.0, ty + FIRM_HEIGHT / 2.0);
        let step = layout.column_gap(chain, link);
        let path = if step == 0 {
            // Same column: a loop on the right side.
            let x = fx + COLUMN_WIDTH;
            format!(
                "M{x},{y0} C{c},{y0} {c},{y1} {x},{y1}",
                c = x + COLUMN_GAP * 0.6
            )
        } else {
            // Leave from the side facing the target, arrive on the side facing the source.
            let (x0, x1, half) = if step > 0 {
                (fx + COLUMN_WIDTH, tx, COLUMN_GAP / 2.0)
            } else {
                (fx, tx + COLUMN_WIDTH, -COLUMN_GAP / 2.0)
            };
            if step.abs() == 1 {
                let mid = (x0 + x1) / 2.0;
                format!("M{x0},{y0} C{mid},{y0} {mid},{y1} {x1},{y1}")
            } else {
                let y = layout.body + 10.0 + lane * LANE_SPACING;
                lane += 1.0;
                format!(
                    "M{x0},{y0} C{a},{y0} {a},{y} {b},{y} L{c},{y} C{d},{y} {d},{y1} {x1},{y1}",
                    a = x0 + half,
                    b = x0 + 2.0 * half,
                    c = x1 - 2.0 * half,
                    d = x1 - half,
                )
            }
        };
        let stroke = if max_value > 0.0 {
            1.5 + 6.0 * link.value / max_value
        } else {
            1.5
        };
        let good = link.good.map_or_else(String::new, |g| format!(" {g}"));
        let _ = writeln!(
            *svg,
            r##"<path class="link" d="{path}" fill="none" stroke="{colour}" stroke-width="{stroke:.2}" stroke-opacity="0.75"><title>{title}</title></path>"##,
            colour = scale_colour(link.scale),
            title = escape(&format!(
                "{} -> {}:{good} {} million USD a year ({})",
                chain.firms()[link.from].name,
                chain.firms()[link.to].name,
                link.value,
                link.scale.name()
            )),
        );
    }
}

/// Every firm as a box filled by role and outlined by scale.
fn draw_firms(svg: &mut String, chain: &Chain, layout: &Layout) {
    for (f, firm) in chain.firms().iter().enumerate() {
        let (x, y) = layout.place[f];
        let capacity = if firm.capacity > 0.0 {
            format!(" · {} M USD", firm.capacity)
        } else {
            String::new()
        };
        let _ = writeln!(
            *svg,
            r##"<g class="firm" id="firm-{id}"><title>{title}</title><rect x="{x}" y="{y}" width="{COLUMN_WIDTH}" height="{FIRM_HEIGHT}" rx="4" fill="{fill}" stroke="{stroke}" stroke-width="2"/>
<text x="{tx}" y="{y1}">{name}</text>
<text x="{tx}" y="{y2}" fill="#555" font-size="11">{role:?} · {scale} · {country}{capacity}</text></g>"##,
            id = escape(&firm.id),
            title = escape(&format!("{} ({}), {}", firm.name, firm.id, firm.location)),
            fill = role_fill(firm.role),
            stroke = scale_colour(firm.scale),
            tx = x + 8.0,
            y1 = y + 19.0,
            y2 = y + 36.0,
            name = escape(&clipped(&firm.name, 36)),
            role = firm.role,
            scale = firm.scale.name(),
            country = escape(&firm.country),
        );
    }
}

/// The legend: link colours by scale, firm fills by role; closes the SVG.
fn draw_legend(svg: &mut String, legend_y: f64) {
    let _ = writeln!(*svg, r##"<g class="legend">"##);
    for (i, scale) in Scale::ALL.into_iter().enumerate() {
        let x = MARGIN + i as f64 * 160.0;
        let _ = writeln!(
            *svg,
            r##"<line x1="{x}" y1="{y}" x2="{x2}" y2="{y}" stroke="{c}" stroke-width="4"/><text x="{tx}" y="{ty}">{name} link</text>"##,
            y = legend_y + 10.0,
            x2 = x + 28.0,
            c = scale_colour(scale),
            tx = x + 34.0,
            ty = legend_y + 14.0,
            name = scale.name(),
        );
    }
    for (i, (role, name)) in [
        (Role::Owner, "chain owner"),
        (Role::Supplier, "supplier"),
        (Role::Buyer, "buyer"),
        (Role::Institute, "institute"),
    ]
    .into_iter()
    .enumerate()
    {
        let x = MARGIN + i as f64 * 160.0;
        let _ = writeln!(
            *svg,
            r##"<rect x="{x}" y="{y}" width="28" height="16" fill="{fill}" stroke="#999"/><text x="{tx}" y="{ty}">{name}</text>"##,
            y = legend_y + 34.0,
            fill = role_fill(role),
            tx = x + 34.0,
            ty = legend_y + 47.0,
        );
    }
    svg.push_str("</g>\n</svg>\n");
}
