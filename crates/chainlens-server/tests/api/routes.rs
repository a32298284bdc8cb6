//! Every route answers a well-formed request, with the numbers the engine and the CLI's
//! writers give for the same request, as JSON, CSV and Parquet.

use crate::{api, call, repo, state};
use chainlens_engine::VulnerabilityRequest;
use chainlens_engine::scenario::ScenarioRequest;
use chainlens_report::csv;
use serde_json::json;

/// A scenario file for the embedded data (whose years are 2017-2018).
pub const SCENARIO: &str = r#"
[scenario]
name = "China's intermediate exports to Korea halved"

[[restriction]]
exporters = ["CHN"]
importers = ["KOR"]
goods = ["intermediate"]
cut = 0.5

[resourcing]
allowed = true
cap = 0.2
"#;

/// A scenario request of [`SCENARIO`], as JSON.
pub fn scenario_body() -> String {
    json!({ "toml": SCENARIO, "label": "korea.toml" }).to_string()
}

/// One well-formed request per route: method, route template, URI, body.
fn requests() -> Vec<(&'static str, &'static str, String, String)> {
    let candidates =
        std::fs::read_to_string(repo("examples/chains/eyewear-candidates.csv")).unwrap();
    let plan = std::fs::read_to_string(repo("examples/chains/eyewear-ouhai-plan.toml")).unwrap();
    let r = |m, t: &'static str, u: &str, b: String| (m, t, u.to_string(), b);
    vec![
        r(
            "GET",
            "/api/v1/openapi.json",
            "/api/v1/openapi.json",
            String::new(),
        ),
        r("GET", "/api/v1/datasets", "/api/v1/datasets", String::new()),
        r(
            "GET",
            "/api/v1/trade/info",
            "/api/v1/trade/info",
            String::new(),
        ),
        r(
            "GET",
            "/api/v1/table/info",
            "/api/v1/table/info",
            String::new(),
        ),
        r(
            "GET",
            "/api/v1/vulnerability/{importer}",
            "/api/v1/vulnerability/CHN?years=2018&centrality=cr3",
            String::new(),
        ),
        r(
            "POST",
            "/api/v1/vulnerability",
            "/api/v1/vulnerability",
            json!({ "importers": ["KOR", "JPN"] }).to_string(),
        ),
        r(
            "POST",
            "/api/v1/risk",
            "/api/v1/risk",
            json!({ "sessions": "76-78" }).to_string(),
        ),
        r(
            "POST",
            "/api/v1/political-distance",
            "/api/v1/political-distance",
            json!({ "importer": "KOR", "sessions": "76-78" }).to_string(),
        ),
        r(
            "POST",
            "/api/v1/scenario",
            "/api/v1/scenario",
            scenario_body(),
        ),
        r(
            "POST",
            "/api/v1/exposure",
            "/api/v1/exposure",
            json!({ "country": "CHN", "goods": ["85"] }).to_string(),
        ),
        r(
            "POST",
            "/api/v1/shift",
            "/api/v1/shift",
            json!({ "base": "2017", "compare": "2018", "importers": ["USA"], "exporter": "CHN" })
                .to_string(),
        ),
        r(
            "POST",
            "/api/v1/relocation",
            "/api/v1/relocation",
            json!({ "base": "2017", "compare": "2018", "origin": "CHN", "via": "MEX", "to": "USA" })
                .to_string(),
        ),
        r("GET", "/api/v1/chains", "/api/v1/chains", String::new()),
        r(
            "POST",
            "/api/v1/chains/{name}/diagnose",
            "/api/v1/chains/eyewear-ouhai/diagnose",
            String::new(),
        ),
        r(
            "POST",
            "/api/v1/chains/{name}/disrupt",
            "/api/v1/chains/eyewear-ouhai/disrupt",
            json!({ "remove": "country:JPN" }).to_string(),
        ),
        r(
            "POST",
            "/api/v1/chains/{name}/attract",
            "/api/v1/chains/eyewear-ouhai/attract",
            json!({ "candidates": candidates, "candidates_label": "eyewear-candidates.csv" })
                .to_string(),
        ),
        r(
            "POST",
            "/api/v1/chains/{name}/compare",
            "/api/v1/chains/eyewear-ouhai/compare",
            json!({ "plan": { "toml": plan, "label": "eyewear-ouhai-plan.toml" } }).to_string(),
        ),
        r(
            "POST",
            "/api/v1/io/decompose",
            "/api/v1/io/decompose",
            json!({ "method": "bm" }).to_string(),
        ),
        r(
            "POST",
            "/api/v1/io/extract",
            "/api/v1/io/extract",
            json!({ "country": "CHN", "sector": "26" }).to_string(),
        ),
        r(
            "GET",
            "/api/v1/io/multipliers",
            "/api/v1/io/multipliers",
            String::new(),
        ),
        r(
            "POST",
            "/api/v1/io/va-origin",
            "/api/v1/io/va-origin",
            json!({ "groups": ["NAFTA=USA,MEX"] }).to_string(),
        ),
        r("POST", "/api/v1/gvc", "/api/v1/gvc", String::new()),
    ]
}

#[tokio::test]
async fn every_route_answers_a_well_formed_request() {
    let listed: Vec<(String, String)> = chainlens_server::api::routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    let tested: Vec<(String, String)> = requests()
        .iter()
        .map(|r| (r.0.to_string(), r.1.to_string()))
        .collect();
    assert_eq!(
        listed, tested,
        "one request per route, in the routes' order"
    );
    let app = api();
    for (method, _, uri, body) in requests() {
        let reply = call(&app, method, &uri, &body).await;
        assert_eq!(reply.status, 200, "{method} {uri}: {}", reply.text());
        assert_eq!(reply.content_type, "application/json");
        reply.json();
    }
}

#[tokio::test]
async fn one_importer_gives_the_engines_tables_in_every_format() {
    let app = api();
    let session = state().session;
    let expected = session
        .vulnerability(&VulnerabilityRequest {
            importers: vec!["CHN".into()],
            ..Default::default()
        })
        .unwrap();
    let imp = &expected.importers[0];
    let csv_reply = call(
        &app,
        "GET",
        "/api/v1/vulnerability/CHN?format=csv&table=chapters",
        "",
    )
    .await;
    assert_eq!(csv_reply.status, 200);
    assert_eq!(csv_reply.content_type, "text/csv; charset=utf-8");
    assert_eq!(csv_reply.text(), csv::text(&imp.chapters_table()));
    // The most vulnerable chapter of China on the embedded data, as the CLI writes it.
    assert_eq!(
        csv_reply.text().lines().nth(1),
        Some("1,73,9,13038451105.5,0.08857118829390775")
    );
    let json = call(&app, "GET", "/api/v1/vulnerability/CHN", "")
        .await
        .json();
    assert_eq!(json["meta"]["importer"], "CHN");
    assert_eq!(json["meta"]["synthetic"], true);
    assert_eq!(json["meta"]["years"], json!([2017, 2018]));
    let products = json["tables"]["products"].as_array().unwrap();
    assert_eq!(products.len(), imp.products.len());
    assert_eq!(products[0]["hs6"], imp.products[0].hs6.to_string());
    assert_eq!(
        products[0]["import_value"],
        json!(imp.products[0].import_value)
    );
    let categories = json["tables"]["categories"].as_array().unwrap();
    assert_eq!(categories.len(), 4);
    let parquet = call(
        &app,
        "GET",
        "/api/v1/vulnerability/CHN?format=parquet&table=products",
        "",
    )
    .await;
    assert_eq!(parquet.status, 200);
    assert_eq!(parquet.content_type, "application/vnd.apache.parquet");
    assert_eq!(
        parquet.body,
        chainlens_report::table_bytes(&imp.products_table(), chainlens_report::Format::Parquet)
            .unwrap()
    );
    assert!(parquet.body.starts_with(b"PAR1") && parquet.body.ends_with(b"PAR1"));
}

#[tokio::test]
async fn one_importer_gives_its_suppliers_and_both_maps() {
    let app = api();
    let session = state().session;
    let request = VulnerabilityRequest {
        importers: vec!["KOR".into()],
        ..Default::default()
    };
    let suppliers = session.suppliers(&request).unwrap();
    let csv_reply = call(
        &app,
        "GET",
        "/api/v1/vulnerability/KOR?format=csv&table=suppliers",
        "",
    )
    .await;
    assert_eq!(csv_reply.status, 200);
    assert_eq!(
        csv_reply.text(),
        csv::text(&chainlens_engine::Table::from_rows("suppliers", &suppliers))
    );
    assert!(csv_reply.text().starts_with(
        "iso3,import_value,import_share,goods,top1,top3,high_centrality_top1,high_centrality_top3\n"
    ));
    // The suppliers' values add up to Korea's imports of its products.
    let korea = &session.vulnerability(&request).unwrap().importers[0];
    let total: f64 = suppliers.iter().map(|s| s.import_value).sum();
    assert!((total - korea.import_value()).abs() <= 1e-9 * total);
    let json = call(
        &app,
        "GET",
        "/api/v1/vulnerability/KOR?charts=vega-lite",
        "",
    )
    .await
    .json();
    let map = &json["meta"]["charts"]["suppliers_map"];
    assert_eq!(map["data"]["url"], "/vendor/countries-110m.json");
    let drawn = map["layer"][1]["transform"][0]["from"]["data"]["values"]
        .as_array()
        .unwrap();
    assert_eq!(drawn.len(), suppliers.len());
    assert_eq!(drawn[0]["iso3"], json!(suppliers[0].iso3));
    assert_eq!(drawn[0]["import_share"], json!(suppliers[0].import_share));

    let body = json!({ "importer": "KOR" }).to_string();
    let expected = session
        .political_distance(&chainlens_engine::trade::PoliticalDistanceRequest {
            importer: "KOR".into(),
            sessions: None,
        })
        .unwrap();
    let answer = call(
        &app,
        "POST",
        "/api/v1/political-distance?charts=vega-lite",
        &body,
    )
    .await
    .json();
    let rows = answer["tables"]["political_distance"].as_array().unwrap();
    assert_eq!(rows.len(), expected.len());
    assert_eq!(rows[0]["distance"], json!(expected[0].distance));
    let drawn =
        answer["meta"]["charts"]["map"]["layer"][1]["transform"][0]["from"]["data"]["values"]
            .as_array()
            .unwrap();
    assert_eq!(drawn.len(), expected.len());
    assert_eq!(drawn[0]["distance"], json!(expected[0].distance));
    let several = call(
        &app,
        "POST",
        "/api/v1/political-distance",
        &json!({ "importer": "all" }).to_string(),
    )
    .await;
    assert_eq!(several.status, 400, "{}", several.text());
    assert_eq!(several.json()["field"], "importer");
}

#[tokio::test]
async fn several_importers_give_long_tables() {
    let app = api();
    let body = json!({ "importers": ["KOR", "JPN"] }).to_string();
    let reply = call(
        &app,
        "POST",
        "/api/v1/vulnerability?format=csv&table=products",
        &body,
    )
    .await;
    assert_eq!(reply.status, 200);
    let expected = state()
        .session
        .vulnerability(&VulnerabilityRequest {
            importers: vec!["KOR".into(), "JPN".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(reply.text(), csv::text(&expected.long_tables()[0]));
    assert!(reply.text().starts_with("importer,hs6,hs2,description,"));
    let all = call(
        &app,
        "GET",
        "/api/v1/vulnerability/all?format=csv&table=chapters",
        "",
    )
    .await;
    let importers: std::collections::BTreeSet<&str> = all
        .text()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        importers.len(),
        65,
        "every economy of the synthetic default"
    );
}

#[tokio::test]
async fn a_scenario_gives_the_losses_the_engine_computes() {
    let app = api();
    let reply = call(
        &app,
        "POST",
        "/api/v1/scenario?format=csv&table=importers",
        &scenario_body(),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let request: ScenarioRequest = serde_json::from_str(&scenario_body()).unwrap();
    let expected = state()
        .session
        .scenario(&request, &chainlens_engine::progress::Silent)
        .unwrap();
    assert_eq!(reply.text(), csv::text(&expected.tables()[1]));
    let korea = expected.importers.iter().find(|i| i.iso3 == "KOR").unwrap();
    assert!(korea.lost > 0.0 && korea.unmet <= korea.lost);
    let json = call(&app, "POST", "/api/v1/scenario", &scenario_body())
        .await
        .json();
    assert_eq!(
        json["meta"]["name"],
        "China's intermediate exports to Korea halved"
    );
    assert_eq!(json["meta"]["lost"], json!(expected.totals()[0]));
    let tables: Vec<&String> = json["tables"].as_object().unwrap().keys().collect();
    assert_eq!(tables.len(), 5, "with the embedded table: {tables:?}");
}

#[tokio::test]
async fn exposure_gives_the_engines_industries_and_charts() {
    let app = api();
    let body = json!({ "country": "CHN", "goods": ["280530"] }).to_string();
    let reply = call(
        &app,
        "POST",
        "/api/v1/exposure?format=csv&table=industries",
        &body,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let request: chainlens_engine::exposure::ExposureRequest = serde_json::from_str(&body).unwrap();
    let expected = state().session.exposure(&request).unwrap();
    assert_eq!(reply.text(), csv::text(&expected.tables()[0]));
    assert_eq!(
        expected.industries.len(),
        9,
        "the embedded table's industries"
    );
    let json = call(&app, "POST", "/api/v1/exposure?charts=vega-lite", &body)
        .await
        .json();
    let bars = &json["meta"]["charts"]["industries"]["data"]["values"];
    assert_eq!(bars.as_array().map(Vec::len), Some(9));
    let bad = call(&app, "POST", "/api/v1/exposure", r#"{"goods": ["8x"]}"#).await;
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert!(
        bad.text().contains("`8x` is not an HS6 code"),
        "{}",
        bad.text()
    );
}

#[tokio::test]
async fn shift_and_relocation_give_the_engines_tables_and_charts() {
    // The server's embedded data holds 2017-2018: one year against the next.
    let app = api();
    let body =
        json!({ "base": "2017", "compare": "2018", "importers": ["USA"], "exporter": "CHN" })
            .to_string();
    let reply = call(
        &app,
        "POST",
        "/api/v1/shift?format=csv&table=suppliers",
        &body,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let request: chainlens_engine::restructuring::ShiftRequest =
        serde_json::from_str(&body).unwrap();
    let expected = state().session.shift(&request).unwrap();
    assert_eq!(reply.text(), csv::text(&expected.tables()[1]));
    let json = call(&app, "POST", "/api/v1/shift?charts=vega-lite", &body)
        .await
        .json();
    let points = json["meta"]["charts"]["suppliers"]["data"]["values"]
        .as_array()
        .unwrap();
    assert_eq!(points.len(), 20, "two windows of the ten largest suppliers");
    let route =
        json!({ "base": "2017", "compare": "2018", "origin": "CHN", "via": "MEX", "to": "USA" })
            .to_string();
    let json = call(&app, "POST", "/api/v1/relocation", &route)
        .await
        .json();
    let paths = json["tables"]["relocation_value_added"].as_array().unwrap();
    assert_eq!(paths[0]["path"], "direct");
    assert_eq!(paths[1]["last_leg"], "MEX");
    let share: f64 = paths.iter().map(|p| p["share"].as_f64().unwrap()).sum();
    assert!((share - 1.0).abs() < 1e-9, "{share}");
    let same =
        json!({ "base": "2017", "compare": "2018", "origin": "CHN", "via": "CHN", "to": "USA" });
    let bad = call(&app, "POST", "/api/v1/relocation", &same.to_string()).await;
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert!(
        bad.text().contains("must be three different countries"),
        "{}",
        bad.text()
    );
}

#[tokio::test]
async fn long_work_streams_its_stages_then_the_same_answer() {
    let app = api();
    let plain = call(&app, "POST", "/api/v1/gvc", "{}").await;
    let plain = plain.text();
    let reply = call(&app, "POST", "/api/v1/gvc?progress=sse", "{}").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let events = parse_events(reply.text());
    let names: Vec<&str> = events.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(names, ["stage", "result"], "{events:?}");
    assert_eq!(events[0].1, "GVC indicators: L, KWW, lengths, upstreamness");
    assert_eq!(
        events[1].1,
        plain.trim_end(),
        "the last event is the plain answer"
    );
    // A scenario reports each of its stages, and a bad request is an `error` event.
    let body = scenario_body();
    let staged = call(&app, "POST", "/api/v1/scenario?progress=sse", &body).await;
    let stages = parse_events(staged.text());
    assert!(
        stages.len() >= 3 && stages.last().unwrap().0 == "result",
        "{stages:?}"
    );
    let bad = call(
        &app,
        "POST",
        "/api/v1/io/decompose?progress=sse",
        r#"{"economies": {"groups": ["X"]}}"#,
    )
    .await;
    let events = parse_events(bad.text());
    assert_eq!(events.last().unwrap().0, "error", "{events:?}");
    let refused = call(&app, "POST", "/api/v1/gvc?progress=sse&format=csv", "{}").await;
    assert_eq!(refused.status, 400, "{}", refused.text());
}

/// `(event, data)` of a text/event-stream body, multi-line data joined with newlines.
fn parse_events(text: &str) -> Vec<(String, String)> {
    text.split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let mut event = String::new();
            let mut data: Vec<&str> = Vec::new();
            for line in block.lines() {
                if let Some(e) = line.strip_prefix("event: ") {
                    event = e.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data.push(d);
                } else if line == "data:" {
                    data.push("");
                }
            }
            (event, data.join("\n"))
        })
        .collect()
}

#[tokio::test]
async fn multipliers_and_value_added_origin_are_the_engines() {
    let app = api();
    let reply = call(
        &app,
        "GET",
        "/api/v1/io/multipliers?format=csv&table=multipliers",
        "",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let expected = state().session.multipliers().unwrap();
    assert_eq!(reply.text(), csv::text(&expected.tables()[0]));
    let json = call(
        &app,
        "POST",
        "/api/v1/io/va-origin",
        r#"{"groups": ["NAFTA=USA,MEX"]}"#,
    )
    .await
    .json();
    let rows = json["tables"]["va_origin"].as_array().unwrap();
    // The embedded table's 54 country-sectors, each in 5 destinations (NAFTA one of them).
    assert_eq!(rows.len(), 54 * 5);
    assert!(rows.iter().any(|r| r["destination"] == "NAFTA"));
    let (total, world) = (
        json["meta"]["total"].as_f64().unwrap(),
        json["meta"]["world_value_added"].as_f64().unwrap(),
    );
    assert!((total - world).abs() <= 1e-9 * world, "{total} {world}");
    let bad = call(
        &app,
        "POST",
        "/api/v1/io/va-origin",
        r#"{"groups": ["NAFTA"]}"#,
    )
    .await;
    assert_eq!(bad.status, 400, "{}", bad.text());
}

#[tokio::test]
async fn chains_are_named_and_diagnosed_like_the_cli_does() {
    let app = api();
    let list = call(&app, "GET", "/api/v1/chains", "").await.json();
    assert_eq!(
        list["meta"]["chains"],
        json!(["eyewear-ouhai", "eyewear-ouhai-plan", "steroids-xianju"])
    );
    let reply = call(
        &app,
        "POST",
        "/api/v1/chains/eyewear-ouhai/diagnose?format=csv&table=diagnosis",
        "{}",
    )
    .await;
    assert_eq!(reply.status, 200);
    let mut lines = reply.text().lines();
    assert_eq!(
        lines.next(),
        Some(
            "segment,local_firms,local_capacity,inbound_value,suppliers,foreign_share,actions,reasons"
        )
    );
    assert_eq!(
        lines.next(),
        Some(
            "materials,1,15,0,0,0,strengthen extend,value-added share 0.1 below 0.15; extend toward lenses"
        )
    );
    let json = call(&app, "POST", "/api/v1/chains/eyewear-ouhai/diagnose", "")
        .await
        .json();
    assert!(
        json["meta"]["map_svg"]
            .as_str()
            .unwrap()
            .starts_with("<svg")
    );
    assert!(json["meta"]["report"].as_str().unwrap().contains("lenses"));
}

#[tokio::test]
async fn a_chain_is_compared_with_its_plan_as_the_cli_compares_them() {
    let app = api();
    let read =
        |name: &str| std::fs::read_to_string(repo(&format!("examples/chains/{name}"))).unwrap();
    let source = |name: &str| chainlens_engine::chains::ChainSource {
        toml: read(name),
        label: name.into(),
    };
    let expected =
        chainlens_engine::chains::chain_compare(&chainlens_engine::chains::CompareRequest {
            chain: source("eyewear-ouhai.toml"),
            plan: source("eyewear-ouhai-plan.toml"),
            thresholds: Default::default(),
        })
        .unwrap();
    let body = json!({ "plan": { "toml": read("eyewear-ouhai-plan.toml"), "label": "eyewear-ouhai-plan.toml" } })
        .to_string();
    let json = call(&app, "POST", "/api/v1/chains/eyewear-ouhai/compare", &body)
        .await
        .json();
    let report = chainlens_report::chain_report::plan_report(
        &expected.before,
        &expected.after,
        &expected.diagnosis_before,
        &expected.diagnosis_after,
    );
    assert_eq!(json["meta"]["report"], json!(report.markdown()));
    let after = json["tables"]["diagnosis_after"].as_array().unwrap();
    assert_eq!(after.len(), expected.diagnosis_after.len());
    let reply = call(
        &app,
        "POST",
        "/api/v1/chains/eyewear-ouhai/compare?format=csv&table=diagnosis_before",
        &body,
    )
    .await;
    assert_eq!(reply.text(), csv::text(&expected.tables()[0]));
}

#[tokio::test]
async fn input_output_routes_give_the_tables_of_the_embedded_table() {
    let app = api();
    let info = call(&app, "GET", "/api/v1/table/info", "").await.json();
    let n = info["meta"]["n"].as_u64().unwrap();
    assert_eq!(n, 54, "6 economies x 9 industries");
    let body = json!({ "country": "CHN", "sector": "26" }).to_string();
    let e = call(&app, "POST", "/api/v1/io/extract", &body).await.json();
    assert_eq!(
        e["tables"]["extraction"].as_array().unwrap().len() as u64,
        n
    );
    assert_eq!(e["meta"]["extracted"], "CHN_26");
    let kww = call(
        &app,
        "POST",
        "/api/v1/io/decompose?format=csv&table=kww",
        "",
    )
    .await;
    assert_eq!(kww.status, 200);
    assert_eq!(kww.text().lines().count(), 7, "a header and 6 economies");
    let gvc = call(&app, "POST", "/api/v1/gvc", "{}").await.json();
    let tables = gvc["tables"].as_object().unwrap();
    assert!(tables.contains_key("country_sector") && tables.contains_key("country"));
}

#[tokio::test]
async fn charts_come_with_the_answer_when_asked_for() {
    let app = api();
    let plain = call(&app, "GET", "/api/v1/vulnerability/KOR", "")
        .await
        .json();
    assert!(plain["meta"].get("charts").is_none());
    let charted = call(
        &app,
        "GET",
        "/api/v1/vulnerability/KOR?charts=vega-lite",
        "",
    )
    .await
    .json();
    let scatter = &charted["meta"]["charts"]["scatter"];
    let products = charted["tables"]["products"].as_array().unwrap();
    assert_eq!(
        scatter["layer"][0]["data"]["values"]
            .as_array()
            .unwrap()
            .len(),
        products.len()
    );
    assert_eq!(charted["meta"]["charts"]["chapters"]["mark"], "bar");
    let risk = call(&app, "POST", "/api/v1/risk?charts=vega-lite", "")
        .await
        .json();
    assert_eq!(
        risk["meta"]["charts"]["risk"]["data"]["values"]
            .as_array()
            .unwrap()
            .len(),
        25
    );
    let scenario = call(
        &app,
        "POST",
        "/api/v1/scenario?charts=vega-lite",
        &scenario_body(),
    )
    .await
    .json();
    assert!(
        scenario["meta"]["charts"]["losses"]["title"]
            .as_str()
            .unwrap()
            .starts_with("China's")
    );
    let map = &scenario["meta"]["charts"]["losses_map"];
    assert_eq!(map["data"]["url"], "/vendor/countries-110m.json");
    let losses = map["layer"][1]["transform"][0]["from"]["data"]["values"]
        .as_array()
        .unwrap();
    assert_eq!(
        losses[0]["iso3"], "KOR",
        "the one importer the scenario cuts"
    );
    assert_eq!(
        losses[0]["id"], "410",
        "keyed by world-atlas' ISO numeric code"
    );
}

#[tokio::test]
async fn the_dashboard_is_served_from_the_binary() {
    let app = api();
    let page = call(&app, "GET", "/", "").await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<script src=\"/app.js\"></script>"));
    let script = call(&app, "GET", "/app.js", "").await;
    assert_eq!(
        (script.status, script.content_type.as_str()),
        (200, "text/javascript")
    );
    let vega = call(&app, "GET", "/vendor/vega.min.js", "").await;
    if chainlens_server::dashboard::assets_built() {
        assert_eq!(vega.status, 200);
        assert!(vega.body.len() > 100_000);
    } else {
        assert_eq!(vega.status, 404);
        assert_eq!(
            vega.json()["hint"],
            "run scripts/build-dashboard.sh, then rebuild chainlens"
        );
    }
}

#[tokio::test]
async fn answers_are_gzipped_for_clients_that_accept_it() {
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use std::io::Read;
    use tower::ServiceExt;
    let uri = "/api/v1/vulnerability/all?format=csv&table=products";
    let plain = call(&api(), "GET", uri, "").await;
    let request = Request::get(uri)
        .header("accept-encoding", "gzip")
        .body(Body::empty())
        .unwrap();
    let response = api().oneshot(request).await.unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let gzipped = response.into_body().collect().await.unwrap().to_bytes();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gzipped[..])
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, plain.text(), "the same table, decompressed");
    assert!(
        gzipped.len() * 2 < text.len(),
        "{} bytes gzipped for {}",
        gzipped.len(),
        text.len()
    );
}
