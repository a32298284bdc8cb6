//! Relocation through a connector, METHODS §5 (`chainlens shift --origin O --via C --to
//! D`, [`RelocationRequest`] -> [`RelocationResult`]): the origin's intermediate exports
//! to the connector beside the connector's exports to the destination, by HS chapter;
//! with an input-output table also by the connector's industries that use the origin's
//! intermediates (`chainlens_restructuring::connector_industries`, through the session's
//! HS -> ISIC link), and the origin's value added in the destination's final demand by
//! the last border it crossed (`chainlens_input_output::last_legs`). Here: countries
//! found in the trade data and the table, rows labelled, and what the table lacks said in
//! notes rather than refused, so a route through a country the table does not have still
//! gets its trade tables.

use crate::error::{EngineError, Result};
use crate::restructuring::{country, window};
use crate::session::{Session, TableData, TradeData};
use crate::table::Table;
use crate::trade::Hs2;
use chainlens_exposure::SplitRule;
use chainlens_input_output::last_legs;
use chainlens_model::{CountryCode, YearWindow};
use chainlens_restructuring::{
    ConnectorIndustries, Leg, Route, TableRoute, connector_industries, relocation,
};
use serde::{Deserialize, Serialize};

/// `chainlens shift --origin O --via C --to D`: the route and the two windows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelocationRequest {
    /// The base window.
    pub base: String,
    /// The compare window.
    pub compare: String,
    /// The origin (ISO3).
    pub origin: String,
    /// The connector (ISO3).
    pub via: String,
    /// The destination (ISO3).
    pub to: String,
    /// How a good linked to several industries is shared among them (with a table).
    pub split: SplitRule,
}

impl RelocationRequest {
    /// Checks what needs no data: the windows and that the three countries differ.
    pub fn check(&self) -> Result<()> {
        window("--base", &self.base)?;
        window("--compare", &self.compare)?;
        let names = [&self.origin, &self.via, &self.to].map(|n| n.trim().to_ascii_uppercase());
        if names[0] == names[1] || names[1] == names[2] || names[0] == names[2] {
            return Err(EngineError::request(
                "--via",
                format!(
                    "--origin {}, --via {} and --to {} must be three different countries",
                    names[0], names[1], names[2]
                ),
            ));
        }
        Ok(())
    }
}

/// One chapter of a route (`relocation.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RelocationRow {
    /// HS chapter, or `total`.
    pub hs2: String,
    /// The origin's intermediate exports to the connector, base window, USD a year.
    pub origin_to_connector_base: f64,
    /// ... compare window.
    pub origin_to_connector_compare: f64,
    /// Their growth, `compare / base - 1`.
    pub origin_to_connector_growth: Option<f64>,
    /// The connector's exports to the destination, base window.
    pub connector_to_destination_base: f64,
    /// ... compare window.
    pub connector_to_destination_compare: f64,
    /// Their growth.
    pub connector_to_destination_growth: Option<f64>,
    /// The origin's direct exports to the destination, base window.
    pub origin_to_destination_base: f64,
    /// ... compare window.
    pub origin_to_destination_compare: f64,
    /// Their growth.
    pub origin_to_destination_growth: Option<f64>,
}

/// One of the connector's industries on the route (`relocation_industries.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RelocationIndustryRow {
    /// The table's industry code.
    pub industry: String,
    /// The origin's intermediates this industry of the connector uses, base window, USD
    /// a year.
    pub origin_inputs_base: f64,
    /// ... compare window.
    pub origin_inputs_compare: f64,
    /// Their growth, `compare / base - 1`.
    pub origin_inputs_growth: Option<f64>,
    /// The connector's exports to the destination of this industry's goods, base window.
    pub connector_exports_base: f64,
    /// ... compare window.
    pub connector_exports_compare: f64,
    /// Their growth.
    pub connector_exports_growth: Option<f64>,
}

/// The link's totals beside the industries.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IndustryLink {
    /// The table the industries come from.
    pub table: String,
    /// Origin intermediates, USD a year (base, compare), whose goods reach no industry.
    pub unmapped_inputs: [f64; 2],
    /// ... of industries the connector buys from no foreign country.
    pub unallocated_inputs: [f64; 2],
    /// Connector exports whose goods reach no industry.
    pub unmapped_exports: [f64; 2],
    /// The connector's exports to the destination weighted by each industry's base share
    /// of the origin's inputs (base, compare).
    pub input_weighted_exports: [f64; 2],
    /// Its growth.
    pub input_weighted_exports_growth: Option<f64>,
}

/// The origin's value added in the destination's final demand that last crossed into
/// it from one exporter (`relocation_value_added.csv`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ValueAddedPathRow {
    /// The exporter whose sales to the destination carried it (the table's label).
    pub last_leg: String,
    /// `direct` (the origin itself), `connector`, or `other`.
    pub path: String,
    /// In the table's unit.
    pub value_added: f64,
    /// Share of the origin's value added in the destination's final demand.
    pub share: f64,
}

/// The result of a [`RelocationRequest`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RelocationResult {
    /// Origin, connector, destination (ISO3).
    pub route: [String; 3],
    /// Chapters, then the total.
    pub rows: Vec<RelocationRow>,
    /// With a table whose countries include origin and connector: the connector's
    /// industries with any value on the route.
    pub industries: Option<Vec<RelocationIndustryRow>>,
    /// The link's totals, with `industries`.
    pub link: Option<IndustryLink>,
    /// With a table holding all three countries: the origin's value added in the
    /// destination's final demand by last leg (direct, connector, then the others by
    /// value).
    pub value_added: Option<Vec<ValueAddedPathRow>>,
    /// The table's unit and year label, with `value_added`.
    pub value_added_unit: Option<String>,
    /// What could not be computed, and why.
    pub notes: Vec<String>,
    /// Whether the data is the embedded SYNTHETIC default.
    pub synthetic: bool,
}

impl RelocationResult {
    /// `relocation`, and with a table `relocation_industries` and
    /// `relocation_value_added`.
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![Table::from_rows("relocation", &self.rows)];
        if let Some(rows) = &self.industries {
            tables.push(Table::from_rows("relocation_industries", rows));
        }
        if let Some(rows) = &self.value_added {
            tables.push(Table::from_rows("relocation_value_added", rows));
        }
        tables
    }
}

impl Session {
    /// An origin's intermediate exports to a connector beside the connector's exports to
    /// a destination, by HS chapter, between two windows.
    pub fn relocation(&self, request: &RelocationRequest) -> Result<RelocationResult> {
        request.check()?;
        let trade = self.trade_data()?;
        let (base, compare) = (
            window("--base", &request.base)?,
            window("--compare", &request.compare)?,
        );
        let route = Route {
            origin: country(trade, "--origin", &request.origin)?,
            connector: country(trade, "--via", &request.via)?,
            destination: country(trade, "--to", &request.to)?,
        };
        let label = |c: CountryCode| trade.dataset.countries.label(c);
        let rows = relocation(&trade.dataset.flows, base, compare, route, &trade.universe);
        let mut result = RelocationResult {
            route: [route.origin, route.connector, route.destination].map(label),
            rows: rows
                .iter()
                .map(|r| RelocationRow {
                    hs2: r
                        .hs2
                        .map_or_else(|| "total".to_string(), |c| Hs2(c).to_string()),
                    origin_to_connector_base: r.origin_to_connector.base,
                    origin_to_connector_compare: r.origin_to_connector.compare,
                    origin_to_connector_growth: r.origin_to_connector.growth(),
                    connector_to_destination_base: r.connector_to_destination.base,
                    connector_to_destination_compare: r.connector_to_destination.compare,
                    connector_to_destination_growth: r.connector_to_destination.growth(),
                    origin_to_destination_base: r.origin_to_destination.base,
                    origin_to_destination_compare: r.origin_to_destination.compare,
                    origin_to_destination_growth: r.origin_to_destination.growth(),
                })
                .collect(),
            industries: None,
            link: None,
            value_added: None,
            value_added_unit: None,
            notes: Vec::new(),
            synthetic: trade.synthetic,
        };
        if self.has_table() {
            self.through_table(request, trade, (base, compare), route, &mut result)?;
        }
        Ok(result)
    }

    /// The industries and value-added paths of a route, from the session's table.
    fn through_table(
        &self,
        request: &RelocationRequest,
        trade: &TradeData,
        windows: (YearWindow, YearWindow),
        route: Route,
        result: &mut RelocationResult,
    ) -> Result<()> {
        let data = self.table_data()?;
        let [origin, connector, destination] = result.route.clone().map(|c| {
            let found = data.table.country_index(&c).map(|i| i.0);
            if found.is_none() {
                result.notes.push(format!(
                    "{c} is not a country of the table ({}): no industries or value-added paths through it",
                    data.label
                ));
            }
            found
        });
        if let (Some(origin), Some(connector)) = (origin, connector) {
            let link = data.goods(request.split);
            let by_industry = connector_industries(
                &trade.dataset.flows,
                windows,
                route,
                &trade.universe,
                (&data.table, TableRoute { origin, connector }),
                &link,
            );
            result.industries = Some(industry_rows(data, &by_industry));
            result.link = Some(link_totals(data, &by_industry));
        }
        if let (Some(origin), Some(connector), Some(destination)) = (origin, connector, destination)
        {
            let model = data.leontief()?;
            let legs = last_legs(&data.table, &model, destination).map_err(|e| data.error(e))?;
            let total = legs.total(origin);
            let mut rows: Vec<ValueAddedPathRow> = (0..data.table.n_countries())
                .filter(|&e| e != destination)
                .map(|e| ValueAddedPathRow {
                    last_leg: data.table.countries[e].clone(),
                    path: match e {
                        _ if e == origin => "direct",
                        _ if e == connector => "connector",
                        _ => "other",
                    }
                    .into(),
                    value_added: legs.value_added[origin][e],
                    share: if total > 0.0 {
                        legs.value_added[origin][e] / total
                    } else {
                        0.0
                    },
                })
                .collect();
            let rank = |r: &ValueAddedPathRow| match r.path.as_str() {
                "direct" => 0,
                "connector" => 1,
                _ => 2,
            };
            rows.sort_by(|a, b| {
                rank(a)
                    .cmp(&rank(b))
                    .then(b.value_added.total_cmp(&a.value_added))
            });
            result.value_added = Some(rows);
            result.value_added_unit = Some(format!("{} ({})", data.table.unit, data.label));
        }
        Ok(())
    }
}

/// The connector's industries with any value on the route, in table order.
fn industry_rows(
    data: &TableData,
    by_industry: &ConnectorIndustries,
) -> Vec<RelocationIndustryRow> {
    by_industry
        .industries
        .iter()
        .filter(|i| {
            [i.origin_inputs, i.connector_exports]
                .iter()
                .any(|l| l.base > 0.0 || l.compare > 0.0)
        })
        .map(|i| RelocationIndustryRow {
            industry: data.table.sectors[i.industry].clone(),
            origin_inputs_base: i.origin_inputs.base,
            origin_inputs_compare: i.origin_inputs.compare,
            origin_inputs_growth: i.origin_inputs.growth(),
            connector_exports_base: i.connector_exports.base,
            connector_exports_compare: i.connector_exports.compare,
            connector_exports_growth: i.connector_exports.growth(),
        })
        .collect()
}

/// What the link could not place, and the input-weighted exports.
fn link_totals(data: &TableData, by_industry: &ConnectorIndustries) -> IndustryLink {
    let pair = |l: Leg| [l.base, l.compare];
    IndustryLink {
        table: data.label.clone(),
        unmapped_inputs: pair(by_industry.unmapped_inputs),
        unallocated_inputs: pair(by_industry.unallocated_inputs),
        unmapped_exports: pair(by_industry.unmapped_exports),
        input_weighted_exports: pair(by_industry.input_weighted_exports),
        input_weighted_exports_growth: by_industry.input_weighted_exports.growth(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{SessionOptions, TableOptions, TableSource, TradeOptions, TradeSource};
    use chainlens_input_output::value_added_origin::value_added_in_final_demand;
    use chainlens_input_output::{Coefficients, LeontiefModel};
    use faer::Mat;

    /// The embedded series (a planted CHN -> VNM/MEX shift of US imports) and the
    /// embedded example table (CHN, DEU, JPN, MEX, USA, ROW; 9 industries).
    fn session() -> Session {
        Session::open(&SessionOptions {
            trade: Some(TradeOptions {
                source: TradeSource::EmbeddedSeries,
                ..Default::default()
            }),
            table: Some(TableOptions {
                source: TableSource::Embedded,
                data_dir: Some(chainlens_testing::shared_data()),
                ..Default::default()
            }),
        })
        .unwrap()
    }

    fn route(via: &str) -> RelocationRequest {
        RelocationRequest {
            base: "2017-2018".into(),
            compare: "2022-2023".into(),
            origin: "CHN".into(),
            via: via.into(),
            to: "USA".into(),
            ..Default::default()
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn the_industries_hold_every_dollar_of_the_route() {
        let r = session().relocation(&route("MEX")).unwrap();
        let total = r.rows.last().unwrap();
        let (rows, link) = (r.industries.as_ref().unwrap(), r.link.as_ref().unwrap());
        for (w, inputs, exports) in [
            (
                0,
                total.origin_to_connector_base,
                total.connector_to_destination_base,
            ),
            (
                1,
                total.origin_to_connector_compare,
                total.connector_to_destination_compare,
            ),
        ] {
            let pick = |x: &RelocationIndustryRow| {
                if w == 0 {
                    (x.origin_inputs_base, x.connector_exports_base)
                } else {
                    (x.origin_inputs_compare, x.connector_exports_compare)
                }
            };
            let placed: f64 = rows.iter().map(|x| pick(x).0).sum();
            let sold: f64 = rows.iter().map(|x| pick(x).1).sum();
            assert!(inputs > 0.0 && exports > 0.0);
            assert!(close(
                placed + link.unmapped_inputs[w] + link.unallocated_inputs[w],
                inputs
            ));
            assert!(close(sold + link.unmapped_exports[w], exports));
        }
    }

    #[test]
    fn value_added_paths_add_up_to_the_origin_s_value_added_in_final_demand() {
        let s = session();
        let r = s.relocation(&route("MEX")).unwrap();
        let paths = r.value_added.as_ref().unwrap();
        assert_eq!(
            [paths[0].path.as_str(), paths[1].path.as_str()],
            ["direct", "connector"]
        );
        assert_eq!(
            (paths[0].last_leg.as_str(), paths[1].last_leg.as_str()),
            ("CHN", "MEX")
        );
        // v_CHN B Y_USA from the value-added origin of final demand, independently.
        let table = s.table().unwrap();
        let c = Coefficients::new(table).unwrap();
        let model = LeontiefModel::new(&c).unwrap();
        let usa = table.country_index("USA").unwrap().0;
        let columns: Vec<usize> = (0..table.n_fd())
            .filter(|&k| table.fd_columns[k].country == "USA")
            .collect();
        let y = Mat::from_fn(table.n(), 1, |i, _| {
            columns.iter().map(|&k| table.y[i * table.n_fd() + k]).sum()
        });
        let vay = value_added_in_final_demand(&c, &model, &y).unwrap();
        let sectors = table.n_sectors();
        let chn = table.country_index("CHN").unwrap().0;
        let want: f64 = (0..sectors).map(|k| vay[(chn * sectors + k, 0)]).sum();
        let got: f64 = paths.iter().map(|p| p.value_added).sum();
        assert!(want > 0.0 && close(got, want), "{got} vs {want}");
        assert!(close(paths.iter().map(|p| p.share).sum(), 1.0));
        assert!(paths.iter().all(|p| p.last_leg != table.countries[usa]));
    }

    #[test]
    fn a_connector_the_table_lacks_is_a_note_not_an_error() {
        let r = session().relocation(&route("VNM")).unwrap();
        assert!(r.industries.is_none() && r.value_added.is_none());
        assert!(
            r.notes[0].starts_with("VNM is not a country of the table"),
            "{:?}",
            r.notes
        );
        assert!(!r.rows.is_empty());
    }

    #[test]
    fn the_three_countries_must_differ() {
        let mut same = route("chn");
        assert!(same.check().is_err());
        same.via = "MEX".into();
        assert!(same.check().is_ok());
    }
}
