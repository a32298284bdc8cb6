//! The report `chainlens shift --report DIR` writes (METHODS §5), in the chain reports'
//! form ([`Report`]: Markdown, and one HTML page with the charts inline): the sourcing
//! indices over the years, the slope chart of the first importer's suppliers, the
//! reallocation table (lost by X, gained by Y), and with a route its chapters, the
//! connector's industries and the value-added paths. Values in m USD a year of each
//! window; shares, not levels, carry the comparison (BACI has no deflators).

use crate::chain_report::Report;
use crate::charts;
use crate::restructuring::window;
use chainlens_engine::relocation::RelocationResult;
use chainlens_engine::restructuring::ShiftResult;

/// Gainer rows listed in the reallocation table.
pub const GAINERS_SHOWN: usize = 25;

/// A note as a sentence: capital first letter, full stop.
fn sentence(note: &str) -> String {
    let mut chars = note.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    format!(
        "{}{}.",
        first.unwrap_or_default(),
        chars.as_str().trim_end_matches('.')
    )
}

fn musd(value: f64) -> String {
    format!("{:.1}", value / 1e6)
}

fn percent(value: Option<f64>) -> String {
    value.map_or("-".into(), |v| format!("{:+.1} %", 100.0 * v))
}

/// The shift between two windows, and the route when one was asked for.
pub fn shift_report(result: &ShiftResult, route: Option<&RelocationResult>) -> Report {
    let (base, compare) = (window(&result.base_years), window(&result.compare_years));
    let title = format!("Restructuring of supply, {base} to {compare}");
    let mut report = Report {
        title: if result.synthetic {
            format!("{title} (SYNTHETIC data, not real trade)")
        } else {
            title
        },
        blocks: Vec::new(),
    };
    for note in &result.notes {
        report.text(sentence(note));
    }
    report.chart(charts::sourcing_index_lines(result), "indices.vl.json");
    report.chart(charts::supplier_slope(result), "suppliers.vl.json");
    if let Some(loser) = &result.exporter {
        report.text(format!(
            "Lost by {loser}, gained by others: the value of {loser}'s lost share each gainer took, m USD a year of {compare}."
        ));
        report.table(
            &["importer", "gainer", "goods", "value taken, m USD"],
            result
                .gainers
                .iter()
                .take(GAINERS_SHOWN)
                .map(|g| {
                    vec![
                        g.importer.clone(),
                        g.gainer.clone(),
                        g.goods.to_string(),
                        musd(g.value_taken),
                    ]
                })
                .collect(),
        );
    }
    if let Some(route) = route {
        route_blocks(&mut report, route);
    }
    report
}

/// The route's total and chapters, industries and value-added paths.
fn route_blocks(report: &mut Report, r: &RelocationResult) {
    let [o, c, d] = &r.route;
    report.text(format!(
        "Relocation through {c}: {o}'s intermediate exports to {c}, {c}'s exports to {d} and {o}'s direct exports to {d}, growth between the windows."
    ));
    report.table(
        &[
            "chapter",
            &format!("{o}->{c}"),
            &format!("{c}->{d}"),
            &format!("{o}->{d}"),
        ],
        r.rows
            .iter()
            .rev()
            .map(|x| {
                vec![
                    x.hs2.clone(),
                    percent(x.origin_to_connector_growth),
                    percent(x.connector_to_destination_growth),
                    percent(x.origin_to_destination_growth),
                ]
            })
            .collect(),
    );
    for note in &r.notes {
        report.text(sentence(note));
    }
    if let (Some(rows), Some(link)) = (&r.industries, &r.link) {
        report.text(format!(
            "{c}'s industries that use {o}'s intermediates ({}): their exports to {d}, weighted by their base share of the inputs, changed by {}.",
            link.table,
            percent(link.input_weighted_exports_growth)
        ));
        let mut sorted: Vec<_> = rows.iter().collect();
        sorted.sort_by(|a, b| b.origin_inputs_compare.total_cmp(&a.origin_inputs_compare));
        report.table(
            &[
                "industry",
                &format!("{o} inputs, m USD"),
                "growth",
                &format!("exports to {d}, m USD"),
                "growth",
            ],
            sorted
                .iter()
                .map(|x| {
                    vec![
                        x.industry.clone(),
                        musd(x.origin_inputs_compare),
                        percent(x.origin_inputs_growth),
                        musd(x.connector_exports_compare),
                        percent(x.connector_exports_growth),
                    ]
                })
                .collect(),
        );
    }
    if let (Some(rows), Some(unit)) = (&r.value_added, &r.value_added_unit) {
        report.text(format!(
            "{o}'s value added in {d}'s final demand by the exporter it last came from, {unit}."
        ));
        report.table(
            &["last leg", "path", "value added", "share"],
            rows.iter()
                .take(charts::IMPORTERS_SHOWN)
                .map(|x| {
                    vec![
                        x.last_leg.clone(),
                        x.path.clone(),
                        format!("{:.1}", x.value_added),
                        format!("{:.1} %", 100.0 * x.share),
                    ]
                })
                .collect(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain_report::Block;
    use chainlens_engine::relocation::RelocationRequest;
    use chainlens_engine::restructuring::ShiftRequest;
    use chainlens_engine::{Session, SessionOptions, TradeOptions, TradeSource};

    #[test]
    fn the_default_series_report_has_its_charts_and_the_planted_gainers() {
        let session = Session::open(&SessionOptions {
            trade: Some(TradeOptions {
                source: TradeSource::EmbeddedSeries,
                ..Default::default()
            }),
            table: None,
        })
        .unwrap();
        let (base, compare) = ("2017-2018".to_string(), "2022-2023".to_string());
        let shift = session
            .shift(&ShiftRequest {
                base: base.clone(),
                compare: compare.clone(),
                importers: vec!["USA".into()],
                exporter: Some("CHN".into()),
                ..Default::default()
            })
            .unwrap();
        let route = session
            .relocation(&RelocationRequest {
                base,
                compare,
                origin: "CHN".into(),
                via: "VNM".into(),
                to: "USA".into(),
                ..Default::default()
            })
            .unwrap();
        let report = shift_report(&shift, Some(&route));
        assert_eq!(
            report.title,
            "Restructuring of supply, 2017-2018 to 2022-2023 (SYNTHETIC data, not real trade)"
        );
        let files: Vec<&str> = report.charts().iter().map(|c| c.0).collect();
        assert_eq!(files, ["indices.vl.json", "suppliers.vl.json"]);
        // The slope chart draws two points per supplier, China among them.
        let slope = report.charts()[1].1;
        let points = slope["data"]["values"].as_array().unwrap();
        assert_eq!(points.len(), 2 * charts::SUPPLIERS_SHOWN);
        assert!(points.iter().any(|p| p["exporter"] == "CHN"));
        // The planted gainer is drawn though its share stays small: it moved most.
        assert!(points.iter().any(|p| p["exporter"] == "VNM"), "{points:?}");
        // The gainers table opens with the planted gainer.
        let gainers = report.blocks.iter().find_map(|b| match b {
            Block::Table { rows, .. } if rows[0].len() == 4 && rows[0][0] == "USA" => Some(rows),
            _ => None,
        });
        assert_eq!(gainers.unwrap()[0][1], "VNM");
        assert!(report.markdown().contains("Relocation through VNM"));
    }
}
