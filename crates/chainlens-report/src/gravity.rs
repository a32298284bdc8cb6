//! Text of the gravity results: the coefficient table and fit of `chainlens gravity
//! estimate`, the welfare table of `chainlens gravity ge` (largest losers first, the
//! blocs and the world), and its picture: welfare by country, bars coloured by bloc.

use crate::chain_map::escape;
use chainlens_engine::gravity::{EstimateResult, GeResult};
use chainlens_engine::gravity_io::GeIoResult;
use std::fmt::Write as _;

/// The summary printed after `chainlens gravity estimate`.
pub fn estimate_summary(result: &EstimateResult) -> String {
    let mut out = String::new();
    let f = &result.fit;
    let _ = writeln!(
        out,
        "PPML, fixed effects {}: {} observations ({} separated), {} pair clusters, {} iterations, pseudo R2 {:.4}",
        f.fixed_effects, f.observations, f.separated, f.clusters, f.iterations, f.pseudo_r2
    );
    let _ = writeln!(
        out,
        "variable              estimate   std. error        z  p-value"
    );
    for c in &result.coefficients {
        if c.status == "estimated" {
            let _ = writeln!(
                out,
                "{:<18} {:>11.6} {:>12.6} {:>8.3} {:>8.4}",
                c.variable, c.estimate, c.std_error, c.z, c.p_value
            );
        } else {
            let _ = writeln!(out, "{:<18} {}", c.variable, c.status);
        }
    }
    if f.near_zero_fits > 0 {
        let _ = writeln!(
            out,
            "warning: {} zero-trade observations are fitted at almost zero: a regressor may separate them",
            f.near_zero_fits
        );
    }
    out
}

/// The summary printed after `chainlens gravity ge`: the ten largest welfare changes
/// either way, then the blocs and the world.
pub fn ge_summary(result: &GeResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "scenario: {} (year {}, theta {}, {} model, {} deficits, {} iterations)",
        result.name, result.year, result.theta, result.model, result.deficits, result.iterations
    );
    let mut order: Vec<_> = result.countries.iter().collect();
    order.sort_by(|a, b| {
        a.welfare_change_pct
            .total_cmp(&b.welfare_change_pct)
            .then(a.iso3.cmp(&b.iso3))
    });
    let _ = writeln!(out, "country  bloc                 welfare %  exports %");
    for c in order.iter().take(10) {
        let _ = writeln!(
            out,
            "{:<8} {:<20} {:>9.4} {:>10.4}",
            c.iso3, c.bloc, c.welfare_change_pct, c.exports_change_pct
        );
    }
    let _ = writeln!(
        out,
        "bloc                 countries  welfare %  exports %  largest loser"
    );
    for b in &result.blocs {
        let _ = writeln!(
            out,
            "{:<20} {:>9} {:>10.4} {:>10.4}  {}",
            b.bloc, b.countries, b.welfare_change_pct, b.exports_change_pct, b.largest_loser
        );
    }
    out
}

/// The stdout summary of `chainlens gravity ge-io`: convergence, the ten largest losers
/// with the decomposition and the one-sector welfare, the blocs and the world, and the five
/// country-sectors whose output falls most.
pub fn ge_io_summary(result: &GeIoResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "scenario: {} (Caliendo-Parro, elasticities {}, deficits {})",
        result.name, result.elasticities, result.deficits
    );
    if let Some(w) = result.no_deficit_world_welfare_change_pct {
        let _ = writeln!(
            out,
            "changes are relative to the no-deficit baseline (world welfare {w:.4} % from the table's)"
        );
    }
    for c in &result.convergence {
        let stop = format!(
            "{} inner sweeps, residual {:.3e} (tolerance {:e})",
            c.inner_sweeps, c.residual, c.tolerance
        );
        let _ = writeln!(
            out,
            "{}: {} iterations, {stop}, theta {}",
            c.model, c.iterations, c.theta
        );
    }
    let mut order: Vec<_> = result.countries.iter().collect();
    order.sort_by(|a, b| {
        a.welfare_change_pct
            .total_cmp(&b.welfare_change_pct)
            .then(a.iso3.cmp(&b.iso3))
    });
    let _ = writeln!(
        out,
        "country  bloc                 welfare %  ToT lp  VoT lp  cost lp  one-sector %  amplification"
    );
    for c in order.iter().take(10) {
        let _ = writeln!(
            out,
            "{:<8} {:<20} {:>9.4} {:>7.3} {:>7.3} {:>8.3} {:>13.4} {:>14}",
            c.iso3,
            c.bloc,
            c.welfare_change_pct,
            c.terms_of_trade,
            c.volume_of_trade,
            c.trade_cost,
            c.one_sector_welfare_change_pct,
            ratio(c.amplification)
        );
    }
    let _ = writeln!(
        out,
        "bloc                 countries  welfare %  one-sector %  amplification  largest loser"
    );
    for b in &result.blocs {
        let _ = writeln!(
            out,
            "{:<20} {:>9} {:>10.4} {:>13.4} {:>14}  {}",
            b.bloc,
            b.countries,
            b.welfare_change_pct,
            b.one_sector_welfare_change_pct,
            ratio(b.amplification),
            b.largest_loser
        );
    }
    let mut sectors: Vec<_> = result.sectors.iter().collect();
    sectors.sort_by(|a, b| {
        (a.output_after - a.output_before)
            .total_cmp(&(b.output_after - b.output_before))
            .then(a.iso3.cmp(&b.iso3))
            .then(a.sector.cmp(&b.sector))
    });
    let _ = writeln!(
        out,
        "largest output losses: country sector, change (table unit), %"
    );
    for r in sectors.iter().take(5) {
        let _ = writeln!(
            out,
            "{:<8} {:<8} {:>14.1} {:>9.3}",
            r.iso3,
            r.sector,
            r.output_after - r.output_before,
            r.output_change_pct
        );
    }
    out
}

/// Bar colours of the blocs, in scenario order; countries outside any bloc are grey.
const BLOC_COLOURS: [&str; 6] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
];

/// An amplification ratio to three decimals, `-` when it is undefined.
fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

/// Welfare change by country as an SVG bar chart, largest loss at the top, bars coloured
/// by bloc with a legend (`welfare.svg` of `chainlens gravity ge --out`).
pub fn welfare_svg(result: &GeResult) -> String {
    let rows: Vec<Bar> = result
        .countries
        .iter()
        .map(|c| Bar {
            iso3: &c.iso3,
            bloc: &c.bloc,
            welfare_change_pct: c.welfare_change_pct,
        })
        .collect();
    let blocs: Vec<&str> = result.blocs.iter().map(|b| b.bloc.as_str()).collect();
    bars_svg(&result.name, rows, &blocs)
}

/// Welfare change by country in the multi-sector model, as [`welfare_svg`] draws it
/// (`welfare.svg` of `chainlens gravity ge-io --out`).
pub fn ge_io_welfare_svg(result: &GeIoResult) -> String {
    let rows: Vec<Bar> = result
        .countries
        .iter()
        .map(|c| Bar {
            iso3: &c.iso3,
            bloc: &c.bloc,
            welfare_change_pct: c.welfare_change_pct,
        })
        .collect();
    let blocs: Vec<&str> = result.blocs.iter().map(|b| b.bloc.as_str()).collect();
    bars_svg(&result.name, rows, &blocs)
}

/// One country's bar.
struct Bar<'a> {
    iso3: &'a str,
    bloc: &'a str,
    welfare_change_pct: f64,
}

/// The bar chart of `rows`, coloured by the blocs named in `blocs` (`world` and `outside
/// any bloc` are not colours).
fn bars_svg(name: &str, mut rows: Vec<Bar>, blocs: &[&str]) -> String {
    rows.sort_by(|a, b| {
        a.welfare_change_pct
            .total_cmp(&b.welfare_change_pct)
            .then(a.iso3.cmp(b.iso3))
    });
    let blocs: Vec<&str> = blocs
        .iter()
        .copied()
        .filter(|b| *b != "world" && *b != "outside any bloc")
        .collect();
    let colour = |bloc: &str| {
        blocs
            .iter()
            .position(|b| *b == bloc)
            .map_or("#999999", |i| BLOC_COLOURS[i % BLOC_COLOURS.len()])
    };
    let (bar, left, width, top) = (14.0, 60.0, 520.0, 40.0);
    let largest = rows
        .iter()
        .map(|r| r.welfare_change_pct.abs())
        .fold(0f64, f64::max)
        .max(1e-12);
    let min = rows.first().map_or(0.0, |r| r.welfare_change_pct.min(0.0));
    let max = rows.last().map_or(0.0, |r| r.welfare_change_pct.max(0.0));
    let scale = width / (max - min).max(largest);
    let zero = left + (-min) * scale;
    let height = top + bar * rows.len() as f64 + 20.0 * (blocs.len() as f64 + 2.0);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" font-family="sans-serif" font-size="11">"#,
        w = left + width + 80.0
    );
    let _ = writeln!(
        svg,
        r#"<text x="{left}" y="16" font-size="13">{} — welfare change, %</text>"#,
        escape(name)
    );
    for (k, r) in rows.iter().enumerate() {
        let y = top + bar * k as f64;
        let v = r.welfare_change_pct;
        let x = if v < 0.0 { zero + v * scale } else { zero };
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text><rect x="{x:.2}" y="{y:.2}" width="{:.2}" height="{}" fill="{}"><title>{} {v:.4} %</title></rect>"#,
            left - 4.0,
            y + bar - 4.0,
            escape(r.iso3),
            (v.abs() * scale).max(0.5),
            bar - 2.0,
            colour(r.bloc),
            escape(r.iso3),
        );
    }
    let bottom = top + bar * rows.len() as f64;
    let _ = writeln!(
        svg,
        r##"<line x1="{zero:.2}" y1="{top}" x2="{zero:.2}" y2="{bottom}" stroke="#333"/><text x="{zero:.2}" y="{}" text-anchor="middle">0</text>"##,
        bottom + 12.0
    );
    let outside = rows
        .iter()
        .any(|r| r.bloc.is_empty())
        .then_some("outside any bloc");
    for (i, b) in blocs.iter().copied().chain(outside).enumerate() {
        let y = bottom + 30.0 + 18.0 * i as f64;
        let _ = writeln!(
            svg,
            r#"<rect x="{left}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{y}">{}</text>"#,
            y - 10.0,
            colour(b),
            left + 18.0,
            escape(b)
        );
    }
    svg.push_str("</svg>\n");
    svg
}
