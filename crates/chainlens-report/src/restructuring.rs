//! The text summaries of the restructuring results (METHODS §5): `chainlens shift`
//! (reallocation, category transitions, sourcing indices) and the relocation route.

use chainlens_engine::relocation::{RelocationResult, RelocationRow};
use chainlens_engine::restructuring::{RegionalisationRow, ShiftResult};
use std::fmt::Write as _;

/// USD as millions with one decimal.
fn musd(v: f64) -> String {
    format!("USD {:.1} m", v / 1e6)
}

/// A growth as `+12.5%`, `-` when there is none.
fn pct(growth: Option<f64>) -> String {
    growth.map_or("-".to_string(), |g| format!("{:+.1}%", g * 100.0))
}

/// A window's years as `2017-2018` (or `2023`).
pub(crate) fn window(years: &[u16]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

/// `chainlens shift` on stdout.
pub fn shift_summary(r: &ShiftResult) -> String {
    let mut out = String::new();
    let synthetic = if r.synthetic { " (SYNTHETIC data)" } else { "" };
    let _ = writeln!(
        out,
        "shift {} -> {}{synthetic}",
        window(&r.base_years),
        window(&r.compare_years)
    );
    for note in &r.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let pairs = r
        .shares
        .chunk_by(|a, b| (&a.importer, a.hs6) == (&b.importer, b.hs6))
        .filter(|g| g[0].in_both)
        .count();
    let _ = writeln!(
        out,
        "supplier shares: {} rows; {pairs} importer-goods imported in both windows",
        r.shares.len()
    );
    if let Some(x) = &r.exporter {
        reallocation_lines(&mut out, r, x);
    }
    transition_lines(&mut out, r);
    index_lines(&mut out, r);
    out
}

fn reallocation_lines(out: &mut String, r: &ShiftResult, x: &str) {
    let lost: f64 = r.gains.iter().map(|g| g.value_taken).sum();
    let _ = writeln!(
        out,
        "reallocation: {x} lost share in {} importer-goods; {} of its share taken by gainers in the compare window",
        r.reallocation.len(),
        musd(lost)
    );
    for g in r.gainers.iter().take(5) {
        let _ = writeln!(
            out,
            "  {} imports: gained by {:<5} {:>16} in {} goods",
            g.importer,
            g.gainer,
            musd(g.value_taken),
            g.goods
        );
    }
    let mut largest: Vec<_> = r.reallocation.iter().collect();
    largest.sort_by(|a, b| {
        (a.loser_change * a.import_value_compare)
            .total_cmp(&(b.loser_change * b.import_value_compare))
    });
    for g in largest.iter().take(5) {
        let _ = writeln!(
            out,
            "  {} {} {}: {x} {:.1}% -> {:.1}%, top gainer {}",
            g.importer,
            g.hs6,
            g.description,
            g.loser_share_base * 100.0,
            g.loser_share_compare * 100.0,
            g.top_gainer.as_deref().unwrap_or("-")
        );
    }
}

fn transition_lines(out: &mut String, r: &ShiftResult) {
    let into_one = |to: bool| {
        r.category_transitions
            .iter()
            .filter(|t| (t.category_compare == Some(1)) == to && (t.category_base == Some(1)) != to)
            .map(|t| t.goods)
            .sum::<usize>()
    };
    let _ = writeln!(
        out,
        "category transitions (METHODS 1.4): {} goods entered category 1, {} left it",
        into_one(true),
        into_one(false)
    );
}

fn index_lines(out: &mut String, r: &ShiftResult) {
    let importers: std::collections::BTreeSet<&str> =
        r.indices.iter().map(|i| i.importer.as_str()).collect();
    let shown: Vec<&str> = if importers.len() <= 3 {
        importers.into_iter().collect()
    } else {
        ["USA", "CHN"]
            .into_iter()
            .filter(|c| importers.contains(c))
            .collect()
    };
    let opt =
        |v: Option<f64>, digits: usize| v.map_or("-".to_string(), |v| format!("{v:.digits$}"));
    for m in shown {
        let _ = writeln!(
            out,
            "indices of {m}: year, imports, political distance, km, top supplier"
        );
        for i in r.indices.iter().filter(|i| i.importer == m) {
            let _ = writeln!(
                out,
                "  {} {:>18} {:>6} {:>8} {} {:.1}%",
                i.year,
                musd(i.import_value),
                opt(i.political_distance, 4),
                opt(i.geographic_distance_km, 0),
                i.top_supplier,
                i.top_supplier_share * 100.0
            );
        }
    }
}

/// The relocation route on stdout: the total and the five chapters whose
/// origin -> connector trade grew most.
pub fn relocation_summary(r: &RelocationResult) -> String {
    let [o, c, d] = &r.route;
    let mut out = format!(
        "relocation {o} -> {c} -> {d}: growth of {o}->{c} intermediates, {c}->{d} exports, {o}->{d} exports\n"
    );
    let mut chapters: Vec<_> = r.rows.iter().filter(|x| x.hs2 != "total").collect();
    chapters.sort_by(|a, b| {
        let gain = |x: &RelocationRow| x.origin_to_connector_compare - x.origin_to_connector_base;
        gain(b).total_cmp(&gain(a)).then(a.hs2.cmp(&b.hs2))
    });
    for x in r
        .rows
        .iter()
        .filter(|x| x.hs2 == "total")
        .chain(chapters.into_iter().take(5))
    {
        let _ = writeln!(
            out,
            "  {:<5} {:>8} {:>8} {:>8}",
            x.hs2,
            pct(x.origin_to_connector_growth),
            pct(x.connector_to_destination_growth),
            pct(x.origin_to_destination_growth)
        );
    }
    for note in &r.notes {
        let _ = writeln!(out, "note: {note}");
    }
    relocation_industries(&mut out, r);
    relocation_value_added(&mut out, r);
    out
}

/// The connector's industries that take most of the origin's intermediates, and the
/// input-weighted exports beside all exports.
fn relocation_industries(out: &mut String, r: &RelocationResult) {
    let (Some(rows), Some(link)) = (&r.industries, &r.link) else {
        return;
    };
    let [o, c, d] = &r.route;
    let total = r.rows.iter().find(|x| x.hs2 == "total");
    let _ = writeln!(
        out,
        "{c}'s industries using {o}'s intermediates ({}): their exports to {d} weighted by their base share of the inputs {}, all {c}->{d} exports {}",
        link.table,
        pct(link.input_weighted_exports_growth),
        pct(total.and_then(|t| t.connector_to_destination_growth))
    );
    let mut top: Vec<_> = rows.iter().collect();
    top.sort_by(|a, b| b.origin_inputs_compare.total_cmp(&a.origin_inputs_compare));
    let _ = writeln!(
        out,
        "  industry      {o} inputs       growth  exports to {d}  growth"
    );
    for x in top.into_iter().take(5) {
        let _ = writeln!(
            out,
            "  {:<10} {:>14} {:>8} {:>14} {:>8}",
            x.industry,
            musd(x.origin_inputs_compare),
            pct(x.origin_inputs_growth),
            musd(x.connector_exports_compare),
            pct(x.connector_exports_growth)
        );
    }
}

/// The origin's value added in the destination's final demand by last leg.
fn relocation_value_added(out: &mut String, r: &RelocationResult) {
    let (Some(rows), Some(unit)) = (&r.value_added, &r.value_added_unit) else {
        return;
    };
    let [o, _, d] = &r.route;
    let total: f64 = rows.iter().map(|x| x.value_added).sum();
    let _ = writeln!(
        out,
        "{o}'s value added in {d}'s final demand: {total:.1} {unit}, by the exporter it last came from:"
    );
    for x in rows.iter().take(5) {
        let name = match x.path.as_str() {
            "direct" => format!("{} (direct)", x.last_leg),
            "connector" => format!("{} (connector)", x.last_leg),
            _ => x.last_leg.clone(),
        };
        let _ = writeln!(
            out,
            "  {name:<14} {:>12.1} {:>6.1}%",
            x.value_added,
            x.share * 100.0
        );
    }
}

/// `chainlens gvc --years` on stdout: per year, the final-output-weighted mean foreign,
/// regional and extra-regional shares over economies.
pub fn regionalisation_summary(rows: &[RegionalisationRow]) -> String {
    let mut out = String::from(
        "regionalisation of foreign value added in final output (Los, Timmer & de Vries 2015), weighted by final output:\nyear  foreign  regional  extra-regional\n",
    );
    for year in rows.chunk_by(|a, b| a.year == b.year) {
        let total: f64 = year
            .iter()
            .map(|r| r.domestic + r.regional + r.extra_regional)
            .sum();
        let share =
            |f: fn(&RegionalisationRow) -> f64| year.iter().map(f).sum::<f64>() / total * 100.0;
        let _ = writeln!(
            out,
            "{}  {:>6.2}%  {:>7.2}%  {:>13.2}%",
            year[0].year,
            share(|r| r.regional + r.extra_regional),
            share(|r| r.regional),
            share(|r| r.extra_regional)
        );
    }
    out
}
