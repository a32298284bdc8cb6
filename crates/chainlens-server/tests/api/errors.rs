//! Every error status the API gives, each with its JSON body naming the field at fault:
//! 400, 401, 404, 405, 413, 422, 500 (a caught panic) and 503 (busy, timed out).

use crate::{api, call, call_with, state};
use axum::Router;
use axum::routing::get;
use chainlens_engine::{Session, SessionOptions, TradeOptions};
use chainlens_server::{Config, Limits, State, app};
use std::time::Duration;

/// Asserts `reply` has `status` and names `field`, and returns its error text.
fn refused(reply: &crate::Reply, status: u16, field: Option<&str>) -> String {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(reply.content_type, "application/json");
    let json = reply.json();
    assert_eq!(json["field"].as_str(), field, "{json}");
    json["error"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn bad_requests_are_400_naming_the_field() {
    let app = api();
    let post = |body: &'static str| {
        let app = app.clone();
        async move { call(&app, "POST", "/api/v1/vulnerability", body).await }
    };
    let e = refused(&post("{\"importers\": [").await, 400, Some("importers"));
    assert!(e.starts_with("the request body is not JSON"), "{e}");
    let e = refused(
        &post(r#"{"importers": "CHN"}"#).await,
        400,
        Some("importers"),
    );
    assert!(
        e.contains("invalid type: string \"CHN\", expected a sequence"),
        "{e}"
    );
    let e = refused(
        &post(r#"{"importers": ["CHN"], "centrality": "pagerank"}"#).await,
        400,
        Some("centrality"),
    );
    assert!(e.contains("unknown variant `pagerank`"), "{e}");
    let e = refused(
        &post(r#"{"importers": ["CHN"], "year": "2018"}"#).await,
        400,
        Some("year"),
    );
    assert!(e.contains("unknown field `year`"), "{e}");
    let e = refused(
        &post(r#"{"importers": ["XXX"]}"#).await,
        400,
        Some("importers"),
    );
    assert_eq!(
        e,
        "unknown importer `XXX`: not an ISO3 code of the country table"
    );
    let e = refused(
        &post(r#"{"importers": ["CHN"], "years": "20x8"}"#).await,
        400,
        Some("years"),
    );
    assert_eq!(e, "--years `20x8` is not YEAR or FIRST-LAST");
    let e = refused(&post("\"CHN\"").await, 400, Some("body"));
    assert!(
        e.contains("invalid type: string \"CHN\", expected struct"),
        "{e}"
    );
    let get = |uri: &'static str| {
        let app = app.clone();
        async move { call(&app, "GET", uri, "").await }
    };
    let e = refused(
        &get("/api/v1/vulnerability/CHN?format=xml").await,
        400,
        Some("format"),
    );
    assert_eq!(e, "unknown format `xml`; use json, csv or parquet");
    let e = refused(
        &get("/api/v1/vulnerability/CHN?format=csv").await,
        400,
        Some("table"),
    );
    assert!(
        e.contains("one of products, categories, chapters, dominance"),
        "{e}"
    );
    let e = refused(
        &get("/api/v1/vulnerability/CHN?table=goods").await,
        400,
        Some("table"),
    );
    assert!(e.starts_with("no table `goods`"), "{e}");
    let e = refused(
        &get("/api/v1/vulnerability/CHN?importer=KOR").await,
        400,
        Some("importer"),
    );
    assert!(e.starts_with("unknown query parameter `importer`"), "{e}");
    let e = refused(
        &get("/api/v1/vulnerability/CHN?centrality=x").await,
        400,
        Some("centrality"),
    );
    assert_eq!(e, "unknown centrality `x`; use hhi, cr3 or freeman");
    // A chain is named in the path: a body cannot smuggle a chain (or a path) in.
    let chain = r#"{"chain": {"toml": "", "label": "/etc/passwd"}}"#;
    let reply = call(&app, "POST", "/api/v1/chains/eyewear-ouhai/diagnose", chain).await;
    refused(&reply, 400, Some("chain"));
    let reply = call(
        &app,
        "POST",
        "/api/v1/chains/eyewear-ouhai/disrupt",
        r#"{"remove": "planet:MARS"}"#,
    )
    .await;
    let e = refused(&reply, 400, Some("remove"));
    assert!(
        e.starts_with("`planet:MARS` is not firm:ID, country:ISO3"),
        "{e}"
    );
    // A scenario file's mistake is located in its text.
    let toml = r#"{"toml": "[scenario]\nname = 1\n", "label": "mine.toml"}"#;
    let reply = call(&app, "POST", "/api/v1/scenario", toml).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert_eq!(reply.json()["location"]["file"], "mine.toml");
    assert_eq!(reply.json()["location"]["line"], 2);
    // So is a chain plan's, and a compare body's wrong field is named.
    let compare = |body: &'static str| {
        let app = app.clone();
        async move { call(&app, "POST", "/api/v1/chains/eyewear-ouhai/compare", body).await }
    };
    let reply = compare(
        r#"{"plan": {"toml": "[chain]\nname = \"x\"\nregion = 7\n", "label": "plan.toml"}}"#,
    )
    .await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert_eq!(reply.json()["location"]["file"], "plan.toml");
    assert_eq!(reply.json()["location"]["line"], 3);
    let e = refused(
        &compare(r#"{"plan": "plan.toml"}"#).await,
        400,
        Some("plan"),
    );
    assert!(e.contains("invalid type: string \"plan.toml\""), "{e}");
    let e = refused(&compare(r#"{"plans": {}}"#).await, 400, Some("plans"));
    assert!(e.contains("unknown field `plans`"), "{e}");
    let e = refused(
        &compare(r#"{"plan": {}, "thresholds": {"weak_share": "low"}}"#).await,
        400,
        Some("thresholds.weak_share"),
    );
    assert!(e.contains("invalid type: string \"low\""), "{e}");
}

#[tokio::test]
async fn what_the_server_does_not_have_is_404_and_a_wrong_method_405() {
    let app = api();
    let reply = call(&app, "GET", "/api/v2/vulnerability", "").await;
    assert!(refused(&reply, 404, None).starts_with("no route GET /api/v2/vulnerability"));
    let reply = call(&app, "POST", "/api/v1/chains/../../etc/passwd/diagnose", "").await;
    assert_eq!(reply.status, 404);
    let reply = call(&app, "POST", "/api/v1/chains/nowhere/diagnose", "").await;
    let e = refused(&reply, 404, None);
    assert_eq!(
        e,
        "no chain `nowhere`; the server opened eyewear-ouhai, eyewear-ouhai-plan, steroids-xianju"
    );
    let reply = call(&app, "GET", "/api/v1/risk", "").await;
    refused(&reply, 405, None);
    // A session with trade data only has no table to describe.
    let session = Session::open(&SessionOptions {
        trade: Some(TradeOptions::default()),
        table: None,
    })
    .unwrap();
    let trade_only = app_on(State::new(session, Default::default()), Config::default());
    let reply = call(&trade_only, "GET", "/api/v1/table/info", "").await;
    assert_eq!(reply.json()["kind"], "missing_data");
    refused(&reply, 404, None);
}

fn app_on(state: State, config: Config) -> Router {
    app(state, &config)
}

#[tokio::test]
async fn an_oversized_body_is_413_and_an_unanswerable_request_422() {
    let app = api();
    let big = format!(
        "{{\"importers\": [\"CHN\"], \"years\": \"{}\"}}",
        "9".repeat(1 << 20)
    );
    let reply = call(&app, "POST", "/api/v1/vulnerability", &big).await;
    refused(&reply, 413, None);
    let reply = call(
        &app,
        "POST",
        "/api/v1/vulnerability",
        r#"{"importers": ["CHN"], "years": "1990"}"#,
    )
    .await;
    let e = refused(&reply, 422, None);
    assert_eq!(
        e,
        "no trade flow in the window 1990-1990 (the data holds 2017, 2018)"
    );
}

#[tokio::test]
async fn a_token_is_required_when_the_server_has_one() {
    let config = Config {
        token: Some("s3cret".into()),
        ..Default::default()
    };
    let app = app_on(state(), config);
    let uri = "/api/v1/datasets";
    refused(
        &call(&app, "GET", uri, "").await,
        401,
        Some("authorization"),
    );
    let wrong = call_with(&app, "GET", uri, "", Some("Bearer s3cres")).await;
    refused(&wrong, 401, Some("authorization"));
    let right = call_with(&app, "GET", uri, "", Some("Bearer s3cret")).await;
    assert_eq!(right.status, 200);
}

async fn panicking() -> &'static str {
    panic!("a bug in a handler")
}

/// A router with test routes inside the server's own layers.
fn layered(limits: Limits) -> Router {
    let routes = Router::new().route("/api/v1/panic", get(panicking)).route(
        "/api/v1/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_millis(400)).await;
            "done"
        }),
    );
    chainlens_server::limits::layers(
        routes,
        &Config {
            limits,
            token: None,
        },
    )
}

#[tokio::test]
async fn a_panic_is_a_500_and_the_server_goes_on() {
    let app = layered(Limits::default());
    let reply = call(&app, "GET", "/api/v1/panic", "").await;
    let e = refused(&reply, 500, None);
    assert_eq!(
        e,
        "internal error in chainlens (the server log has the details)"
    );
    assert_eq!(reply.json()["kind"], "internal");
    assert_eq!(call(&app, "GET", "/api/v1/slow", "").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_beyond_the_limit_are_503_and_so_are_slow_ones() {
    let app = layered(Limits {
        concurrency: 1,
        ..Limits::default()
    });
    let first = tokio::spawn({
        let app = app.clone();
        async move { call(&app, "GET", "/api/v1/slow", "").await.status }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let busy = call(&app, "GET", "/api/v1/slow", "").await;
    assert!(refused(&busy, 503, None).starts_with("the server is busy"));
    assert_eq!(
        first.await.unwrap(),
        200,
        "the request in flight is answered"
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/slow", "").await.status,
        200,
        "and the permit freed"
    );
    let impatient = layered(Limits {
        timeout: Duration::from_millis(50),
        ..Limits::default()
    });
    let reply = call(&impatient, "GET", "/api/v1/slow", "").await;
    assert_eq!(
        refused(&reply, 503, None),
        "the request took longer than the server's limit of 0.05 s"
    );
}
