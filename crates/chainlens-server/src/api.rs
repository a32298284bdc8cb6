//! The routes under `/api/v1/`, each a [`Route`]: method, path, what it does, its request
//! body type and result tables (for the OpenAPI document) and its handler. A handler
//! parses the request into the engine's own request type, calls the session once on a
//! blocking thread and sends the result's tables ([`Answer`]); the router and the
//! OpenAPI document are both built from [`routes`], so neither can list a route the
//! other lacks.

use crate::State;
use crate::answer::{
    Answer, CHART_PARAMETERS, CHARTED_PROGRESS_PARAMETERS, OUTPUT_PARAMETERS, Output,
    PROGRESS_PARAMETERS,
};
use crate::body::{JsonBody, Query, parse};
use crate::error::ApiError;
use crate::openapi::{Schema, body_schema, table_schema};
use axum::Router;
use axum::extract::{Path, State as Shared};
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use chainlens_engine::chains::{
    AttractRequest, AttractionRow, CompareRequest, CouplingRow, DiagnoseRequest, DiagnosisRow,
    DisruptRequest, ExposureRow, SubstituteRow, chain_attract, chain_compare,
};
use chainlens_engine::exposure::{CountryRow, ExposureRequest, GoodsUserRow, IndustryRow};
use chainlens_engine::input_output::{
    BmRow, DecomposeRequest, EconomyGroups, ExtensionMultiplierRow, ExtractRequest, ExtractionRow,
    GvcRequest, KwwRow, MultiplierRow, ParadoxRow, ValueAddedOriginRow, WwzRow,
};
use chainlens_engine::progress::{Progress, Silent};
use chainlens_engine::relocation::{
    RelocationIndustryRow, RelocationRequest, RelocationRow, ValueAddedPathRow,
};
use chainlens_engine::restructuring::{
    CategoryTransitionRow, GainRow, GainerRow, IndexRow, ReallocatedGoodRow, ShareRow,
    ShiftRequest, SupplierRow, TransitionRow,
};
use chainlens_engine::scenario::{
    ChangeRow, ExportChange, ImporterLoss, LossRow, ScenarioRequest, SectorChange,
};
use chainlens_engine::trade::{
    CategoryTotal, ChapterRow, DominanceRow, ImporterSupplierRow, PoliticalDistanceRequest,
    PoliticalDistanceRow, ProductRow, RiskRow,
};
use chainlens_engine::{
    Centrality, RiskRequest, Session, Table, VulnerabilityRequest, VulnerabilityResult,
};
use chainlens_report::chain_map::chain_map;
use chainlens_report::chain_report::{
    attraction_report, diagnosis_report, disruption_report, plan_report,
};
use chainlens_report::charts;
use serde::de::DeserializeOwned;

type Reply = Result<Response, ApiError>;

/// One route of the API.
pub struct Route {
    /// `GET` or `POST`.
    pub method: Method,
    /// The path, with `{name}` parameters.
    pub path: &'static str,
    /// What it answers, one line.
    pub summary: &'static str,
    /// The schema of its JSON body (`POST` routes).
    pub body: Option<Schema>,
    /// Its query parameters.
    pub query: &'static [&'static str],
    /// The result's tables, with their columns where they are fixed.
    pub tables: Vec<Schema>,
    /// The handler.
    pub handler: MethodRouter<State>,
}

/// Query parameters of the vulnerability `GET` route.
const VULNERABILITY_QUERY: [&str; 5] = ["years", "centrality", "format", "table", "charts"];

/// Every route of the API, by area; the order is the OpenAPI document's and the router's.
pub fn routes() -> Vec<Route> {
    [
        info_routes(),
        trade_routes(),
        scenario_routes(),
        restructuring_routes(),
        chain_routes(),
        io_table_routes(),
        value_added_routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A route with no body, query parameters or tables; the routes that have them set
/// them over this.
fn route(
    method: Method,
    path: &'static str,
    summary: &'static str,
    handler: MethodRouter<State>,
) -> Route {
    Route {
        method,
        path,
        summary,
        body: None,
        query: &[],
        tables: Vec::new(),
        handler,
    }
}

/// The tables of both vulnerability routes.
fn vulnerability_tables() -> Vec<Schema> {
    vec![
        table_schema::<ProductRow>("products"),
        table_schema::<CategoryTotal>("categories"),
        table_schema::<ChapterRow>("chapters"),
        table_schema::<DominanceRow>("dominance"),
        table_schema::<ImporterSupplierRow>("suppliers"),
    ]
}

/// The routes that describe the server: this document, the datasets, the trade data and the table.
fn info_routes() -> Vec<Route> {
    vec![
        route(
            Method::GET,
            "/api/v1/openapi.json",
            "This document.",
            get(openapi),
        ),
        route(
            Method::GET,
            "/api/v1/datasets",
            "What the server opened: trade data, an input-output table, chains.",
            get(datasets),
        ),
        route(
            Method::GET,
            "/api/v1/trade/info",
            "Years, rows, countries, products and values of the trade data.",
            get(trade_info),
        ),
        route(
            Method::GET,
            "/api/v1/table/info",
            "Size, labels, totals and the accounting check of the input-output table.",
            get(table_info),
        ),
    ]
}

/// The trade routes: vulnerability, supply risk and political distance (METHODS 1).
fn trade_routes() -> Vec<Route> {
    vec![
        Route {
            query: &VULNERABILITY_QUERY,
            tables: vulnerability_tables(),
            ..route(
                Method::GET,
                "/api/v1/vulnerability/{importer}",
                "Vulnerability of one importer (ISO3) with its suppliers, or of `all` as long tables without them (METHODS 1.1-1.6).",
                get(vulnerability_get),
            )
        },
        Route {
            body: Some(body_schema::<VulnerabilityRequest>()),
            query: &CHART_PARAMETERS,
            tables: vulnerability_tables(),
            ..route(
                Method::POST,
                "/api/v1/vulnerability",
                "Vulnerability of the importers asked for; one importer's answer adds its suppliers (METHODS 1.1-1.6).",
                post(vulnerability_post),
            )
        },
        Route {
            body: Some(body_schema::<RiskRequest>()),
            query: &CHART_PARAMETERS,
            tables: vec![table_schema::<RiskRow>("risk")],
            ..route(
                Method::POST,
                "/api/v1/risk",
                "Geopolitics-adjusted supply risk of every importer (METHODS 1.7).",
                post(risk),
            )
        },
        Route {
            body: Some(body_schema::<PoliticalDistanceRequest>()),
            query: &CHART_PARAMETERS,
            tables: vec![table_schema::<PoliticalDistanceRow>("political_distance")],
            ..route(
                Method::POST,
                "/api/v1/political-distance",
                "One importer's political distance to every country (METHODS 1.7's d(m,e)).",
                post(political_distance),
            )
        },
    ]
}

/// The scenario and exposure routes (METHODS 3, docs/exposure.md).
fn scenario_routes() -> Vec<Route> {
    vec![
        Route {
            body: Some(body_schema::<ScenarioRequest>()),
            query: &CHARTED_PROGRESS_PARAMETERS,
            tables: vec![
                table_schema::<LossRow>("losses"),
                table_schema::<ImporterLoss>("importers"),
                table_schema::<ChangeRow>("changes"),
                table_schema::<SectorChange>("io_country_sector"),
                table_schema::<ExportChange>("io_country"),
            ],
            ..route(
                Method::POST,
                "/api/v1/scenario",
                "Runs a scenario file's text (TOML) on the trade data and table (METHODS 3).",
                post(scenario),
            )
        },
        Route {
            body: Some(body_schema::<ExposureRequest>()),
            query: &CHART_PARAMETERS,
            tables: vec![
                table_schema::<IndustryRow>("industries"),
                table_schema::<CountryRow>("countries"),
                table_schema::<GoodsUserRow>("goods_users"),
            ],
            ..route(
                Method::POST,
                "/api/v1/exposure",
                "Exposure of a country's industries to its vulnerable imports, the country ranking and the users of given goods (docs/exposure.md).",
                post(exposure),
            )
        },
    ]
}

/// The restructuring and relocation routes (METHODS 5).
fn restructuring_routes() -> Vec<Route> {
    vec![
        Route {
            body: Some(body_schema::<ShiftRequest>()),
            query: &CHART_PARAMETERS,
            tables: vec![
                table_schema::<ShareRow>("shares"),
                table_schema::<SupplierRow>("suppliers"),
                table_schema::<TransitionRow>("transitions"),
                table_schema::<CategoryTransitionRow>("category_transitions"),
                table_schema::<IndexRow>("indices"),
                table_schema::<ReallocatedGoodRow>("reallocation"),
                table_schema::<GainRow>("gains"),
                table_schema::<GainerRow>("gainers"),
            ],
            ..route(
                Method::POST,
                "/api/v1/shift",
                "Restructuring between a base and a compare window: supplier shares, reallocation away from a named supplier, category transitions, yearly sourcing indices (METHODS 5).",
                post(shift),
            )
        },
        Route {
            body: Some(body_schema::<RelocationRequest>()),
            query: &OUTPUT_PARAMETERS,
            tables: vec![
                table_schema::<RelocationRow>("relocation"),
                table_schema::<RelocationIndustryRow>("relocation_industries"),
                table_schema::<ValueAddedPathRow>("relocation_value_added"),
            ],
            ..route(
                Method::POST,
                "/api/v1/relocation",
                "Relocation through a connector: by HS chapter, and with the table by the connector's industries and by the exporter the origin's value added last came from (METHODS 5).",
                post(relocation),
            )
        },
    ]
}

/// The chain routes: the list and, for one chain, diagnose, disrupt, attract and compare (METHODS 4).
fn chain_routes() -> Vec<Route> {
    vec![
        route(
            Method::GET,
            "/api/v1/chains",
            "The chains the server opened, by name.",
            get(chains),
        ),
        Route {
            body: Some(body_schema::<DiagnoseRequest>().without("chain")),
            query: &OUTPUT_PARAMETERS,
            tables: vec![
                table_schema::<DiagnosisRow>("diagnosis"),
                table_schema::<ExposureRow>("exposure"),
                table_schema::<CouplingRow>("coupling"),
            ],
            ..route(
                Method::POST,
                "/api/v1/chains/{name}/diagnose",
                "Diagnoses a chain's segments with their trade exposure (METHODS 4).",
                post(chain_diagnose),
            )
        },
        Route {
            body: Some(body_schema::<DisruptRequest>().without("chain")),
            query: &OUTPUT_PARAMETERS,
            tables: vec![table_schema::<SubstituteRow>("substitutes")],
            ..route(
                Method::POST,
                "/api/v1/chains/{name}/disrupt",
                "Removes a partner from a chain and ranks substitutes (METHODS 4).",
                post(chain_disrupt),
            )
        },
        Route {
            body: Some(body_schema::<AttractRequest>().without("chain")),
            query: &OUTPUT_PARAMETERS,
            tables: vec![table_schema::<AttractionRow>("attraction")],
            ..route(
                Method::POST,
                "/api/v1/chains/{name}/attract",
                "Ranks candidates (CSV text) against a chain's gaps (METHODS 4).",
                post(chain_attract_route),
            )
        },
        Route {
            body: Some(body_schema::<CompareRequest>().without("chain")),
            query: &OUTPUT_PARAMETERS,
            tables: vec![
                table_schema::<DiagnosisRow>("diagnosis_before"),
                table_schema::<DiagnosisRow>("diagnosis_after"),
            ],
            ..route(
                Method::POST,
                "/api/v1/chains/{name}/compare",
                "Compares a chain with a plan (chain file text): both diagnoses and what the plan changes (METHODS 4).",
                post(chain_compare_route),
            )
        },
    ]
}

/// The input-output table routes: decomposition, extraction and multipliers (METHODS 2).
fn io_table_routes() -> Vec<Route> {
    vec![
        Route {
            body: Some(body_schema::<DecomposeRequest>()),
            query: &PROGRESS_PARAMETERS,
            tables: vec![
                table_schema::<KwwRow>("kww"),
                table_schema::<WwzRow>("wwz"),
                table_schema::<BmRow>("bm_country_sector"),
                table_schema::<BmRow>("bm"),
            ],
            ..route(
                Method::POST,
                "/api/v1/io/decompose",
                "Decomposes gross exports: KWW, WWZ or Borin-Mancini (METHODS 2).",
                post(decompose),
            )
        },
        Route {
            body: Some(body_schema::<ExtractRequest>()),
            query: &OUTPUT_PARAMETERS,
            tables: vec![table_schema::<ExtractionRow>("extraction")],
            ..route(
                Method::POST,
                "/api/v1/io/extract",
                "Hypothetical extraction of one country-sector (METHODS 2).",
                post(extract),
            )
        },
        Route {
            query: &OUTPUT_PARAMETERS,
            tables: vec![
                table_schema::<MultiplierRow>("multipliers"),
                table_schema::<ExtensionMultiplierRow>("extension_multipliers"),
            ],
            ..route(
                Method::GET,
                "/api/v1/io/multipliers",
                "Output, value-added and satellite multipliers by country-sector (METHODS 2).",
                get(multipliers),
            )
        },
    ]
}

/// The value-added trade routes: value-added origin and GVC indicators (METHODS 2).
fn value_added_routes() -> Vec<Route> {
    vec![
        Route {
            body: Some(body_schema::<EconomyGroups>()),
            query: &OUTPUT_PARAMETERS,
            tables: vec![table_schema::<ValueAddedOriginRow>("va_origin")],
            ..route(
                Method::POST,
                "/api/v1/io/va-origin",
                "Value added by origin country-sector in each economy's final demand (Johnson & Noguera 2012; METHODS 2).",
                post(va_origin),
            )
        },
        Route {
            body: Some(body_schema::<GvcRequest>()),
            query: &CHARTED_PROGRESS_PARAMETERS,
            tables: vec![
                Schema::table_without_columns("country_sector"),
                Schema::table_without_columns("country"),
                table_schema::<ParadoxRow>("paradox"),
            ],
            ..route(
                Method::POST,
                "/api/v1/gvc",
                "GVC indicators by country-sector and economy, and the paradox table (METHODS 2).",
                post(gvc),
            )
        },
    ]
}

/// The API's router and the dashboard inside the limits ([`crate::limits::layers`]).
pub fn app(state: State, config: &crate::Config) -> Router {
    let mut router = Router::new();
    for route in routes() {
        router = router.route(route.path, route.handler);
    }
    let router = router
        .merge(crate::dashboard::routes())
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
        .with_state(state);
    crate::limits::layers(router, config)
}

async fn unknown_route(method: Method, uri: Uri) -> ApiError {
    ApiError {
        kind: "bad_input",
        ..ApiError::not_found(format!(
            "no route {method} {}\nhint: GET /api/v1/openapi.json lists the routes",
            uri.path()
        ))
    }
}

async fn wrong_method(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{} does not take {method}\nhint: GET /api/v1/openapi.json lists the routes",
            uri.path()
        ),
    )
}

/// Runs `work` on the session on a blocking thread and sends its answer as `output`
/// asks. A panic in `work` is resumed here, where the panic layer turns it into a 500.
async fn answer(
    state: &State,
    output: Output,
    work: impl FnOnce(&Session) -> Result<Answer, ApiError> + Send + 'static,
) -> Reply {
    let session = state.session.clone();
    match tokio::task::spawn_blocking(move || work(&session)?.respond(&output)).await {
        Ok(reply) => reply,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(ApiError::internal(&e.to_string())),
    }
}

/// The output options of a route that takes no other query parameter.
fn output(query: &Query) -> Result<Output, ApiError> {
    query.only(&OUTPUT_PARAMETERS)?;
    Output::from_query(query)
}

/// An answer whose facts are the fields of `value` (a JSON object).
fn facts(value: impl serde::Serialize, tables: Vec<Table>) -> Answer {
    let meta = match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => Default::default(),
    };
    Answer { meta, tables }
}

async fn openapi(Shared(_): Shared<State>) -> Response {
    let text = serde_json::to_string_pretty(&crate::openapi::document()).unwrap_or_default();
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        text,
    )
        .into_response()
}

use axum::response::IntoResponse as _;

async fn datasets(Shared(state): Shared<State>, query: Query) -> Reply {
    let output = output(&query)?;
    let chains: Vec<&String> = state.chains.keys().collect();
    let s = &state.session;
    let about =
        |open: bool, synthetic: bool| open.then(|| serde_json::json!({ "synthetic": synthetic }));
    facts(
        serde_json::json!({
            "trade": about(s.has_trade(), s.trade_is_synthetic()),
            "table": about(s.has_table(), s.table_is_synthetic()),
            "chains": chains,
        }),
        Vec::new(),
    )
    .respond(&output)
}

async fn trade_info(Shared(state): Shared<State>, query: Query) -> Reply {
    answer(&state, output(&query)?, |s| {
        Ok(facts(s.trade_info()?, Vec::new()))
    })
    .await
}

async fn table_info(Shared(state): Shared<State>, query: Query) -> Reply {
    answer(&state, output(&query)?, |s| {
        Ok(facts(s.table_info()?, Vec::new()))
    })
    .await
}

async fn vulnerability_get(
    Shared(state): Shared<State>,
    Path(importer): Path<String>,
    query: Query,
) -> Reply {
    query.only(&VULNERABILITY_QUERY)?;
    let output = Output::from_query(&query)?;
    let centrality = match query.get("centrality") {
        None => Centrality::default(),
        Some(name) => {
            parse::<Centrality>(&serde_json::to_vec(name).unwrap_or_default()).map_err(|_| {
                ApiError::bad_field(
                    "centrality",
                    format!("unknown centrality `{name}`; use hhi, cr3 or freeman"),
                )
            })?
        }
    };
    let request = VulnerabilityRequest {
        importers: vec![importer],
        years: query.get("years").map(str::to_string),
        centrality,
    };
    let charts = output.charts;
    answer(&state, output, move |s| vulnerability(s, &request, charts)).await
}

async fn vulnerability_post(
    Shared(state): Shared<State>,
    query: Query,
    JsonBody(request): JsonBody<VulnerabilityRequest>,
) -> Reply {
    let output = charted_output(&query)?;
    let charts = output.charts;
    answer(&state, output, move |s| vulnerability(s, &request, charts)).await
}

/// The output options of a route whose result has charts.
/// The output of a route whose work reports stages (`progress=sse`).
fn progress_output(query: &Query, allowed: &[&str]) -> Result<Output, ApiError> {
    query.only(allowed)?;
    Output::from_query(query)
}

/// [`answer`] for work that reports its stages: streamed as server-sent events with
/// `progress=sse` ([`crate::progress::streamed`]), else answered once.
async fn answer_in_stages(
    state: &State,
    output: Output,
    work: impl FnOnce(&Session, &dyn Progress) -> Result<Answer, ApiError> + Send + 'static,
) -> Reply {
    if output.progress {
        return Ok(crate::progress::streamed(state, output, work));
    }
    answer(state, output, move |s| work(s, &Silent)).await
}

fn charted_output(query: &Query) -> Result<Output, ApiError> {
    query.only(&CHART_PARAMETERS)?;
    Output::from_query(query)
}

/// The world geometry as the dashboard serves it.
const WORLD: charts::World = charts::World::Url("/vendor/countries-110m.json");

/// One importer: its tables, its suppliers and `report.json` (and with `charts` its
/// scatter, chapter ranking and map of supplier dominance); several: the long tables.
fn vulnerability(
    session: &Session,
    request: &VulnerabilityRequest,
    charts: bool,
) -> Result<Answer, ApiError> {
    let result: VulnerabilityResult = session.vulnerability(request)?;
    let dominance = result.dominance_table();
    let answer = match result.importers.as_slice() {
        [imp] => {
            let suppliers = session.suppliers(request)?;
            let mut tables: Vec<Table> = imp.tables().into();
            tables.push(dominance);
            tables.push(Table::from_rows("suppliers", &suppliers));
            let answer = facts(
                chainlens_report::trade::importer_report(&result, imp),
                tables,
            );
            if charts {
                let countries = &session.dataset()?.countries;
                answer.with(
                    "charts",
                    serde_json::json!({
                        "scatter": charts::category_scatter(&result, imp),
                        "chapters": charts::chapter_ranking(&result, imp),
                        "suppliers_map": charts::supplier_dominance_map(
                            &imp.importer, &suppliers, WORLD, countries, result.synthetic,
                        ),
                    }),
                )
            } else {
                answer
            }
        }
        _ => {
            let mut tables: Vec<Table> = result.long_tables().into();
            tables.push(dominance);
            facts(chainlens_report::trade::importers_report(&result), tables)
        }
    };
    Ok(answer.with("synthetic", result.synthetic))
}

async fn risk(
    Shared(state): Shared<State>,
    query: Query,
    JsonBody(request): JsonBody<RiskRequest>,
) -> Reply {
    let output = charted_output(&query)?;
    let charts = output.charts;
    answer(&state, output, move |s| {
        let rows = s.risk(&request)?;
        let synthetic = s.trade_is_synthetic();
        let answer =
            Answer::new(vec![Table::from_rows("risk", &rows)]).with("synthetic", synthetic);
        Ok(if charts {
            answer.with(
                "charts",
                serde_json::json!({ "risk": charts::risk_ranking(&rows, synthetic) }),
            )
        } else {
            answer
        })
    })
    .await
}

async fn political_distance(
    Shared(state): Shared<State>,
    query: Query,
    JsonBody(request): JsonBody<PoliticalDistanceRequest>,
) -> Reply {
    let output = charted_output(&query)?;
    let charts = output.charts;
    answer(&state, output, move |s| {
        // The engine names the CLI's `--importer`; this body's field is `importer`.
        let rows = s.political_distance(&request).map_err(|e| {
            let mut e = ApiError::from(e);
            if e.field.as_deref() == Some("importers") {
                e.field = Some("importer".into());
            }
            e
        })?;
        let synthetic = s.trade_is_synthetic();
        let countries = &s.dataset()?.countries;
        let chart = charts.then(|| {
            serde_json::json!({ "map": charts::political_distance_map(
                &request.importer, &rows, WORLD, countries, synthetic,
            ) })
        });
        Ok(
            Answer::new(vec![Table::from_rows("political_distance", &rows)])
                .with("importer", &request.importer)
                .with("synthetic", synthetic)
                .with("charts", chart),
        )
    })
    .await
}

async fn scenario(
    Shared(state): Shared<State>,
    query: Query,
    JsonBody(request): JsonBody<ScenarioRequest>,
) -> Reply {
    let output = progress_output(&query, &CHARTED_PROGRESS_PARAMETERS)?;
    let charts = output.charts;
    answer_in_stages(&state, output, move |s, progress| {
        let result = s.scenario(&request, progress)?;
        let countries = &s.dataset()?.countries;
        let chart = charts.then(|| {
            serde_json::json!({
                "losses": charts::scenario_losses(&result),
                "losses_map": charts::scenario_loss_map(&result, WORLD, countries),
            })
        });
        let [lost, resourced, unmet] = result.totals();
        Ok(Answer::new(result.tables())
            .with("name", &result.name)
            .with("flows_matched", &result.flows_matched)
            .with("lost", lost)
            .with("resourced", resourced)
            .with("unmet", unmet)
            .with(
                "unplaced_share",
                result.propagation.as_ref().map(|p| p.unplaced_share),
            )
            .with("summary", chainlens_report::scenario::summary(&result))
            .with("synthetic", result.synthetic)
            .with("charts", chart))
    })
    .await
}

async fn exposure(
    Shared(state): Shared<State>,
    query: Query,
    JsonBody(request): JsonBody<ExposureRequest>,
) -> Reply {
    let output = charted_output(&query)?;
    let charts = output.charts;
    answer(&state, output, move |s| {
        let result = s.exposure(&request)?;
        let chart = charts.then(|| {
            serde_json::json!({
                "industries": charts::exposure_by_industry(&result),
                "goods_users": charts::goods_users_matrix(&result),
            })
        });
        Ok(Answer::new(result.tables())
            .with("link", &result.link)
            .with("summary", chainlens_report::exposure::summary(&result))
            .with("synthetic", result.synthetic)
            .with("charts", chart))
    })
    .await
}

async fn shift(
    Shared(state): Shared<State>,
    query: Query,
    JsonBody(request): JsonBody<ShiftRequest>,
) -> Reply {
    request.check()?;
    let output = charted_output(&query)?;
    let charts = output.charts;
    answer(&state, output, move |s| {
        let result = s.shift(&request)?;
        let chart = charts.then(|| {
            serde_json::json!({
                "indices": charts::sourcing_index_lines(&result),
                "suppliers": charts::supplier_slope(&result),
            })
        });
        Ok(Answer::new(result.tables())
            .with("notes", &result.notes)
            .with(
                "summary",
                chainlens_report::restructuring::shift_summary(&result),
            )
            .with("synthetic", result.synthetic)
            .with("charts", chart))
    })
    .await
}

async fn relocation(
    Shared(state): Shared<State>,
    query: Query,
    JsonBody(request): JsonBody<RelocationRequest>,
) -> Reply {
    request.check()?;
    let output = output(&query)?;
    answer(&state, output, move |s| {
        let result = s.relocation(&request)?;
        Ok(Answer::new(result.tables())
            .with("route", &result.route)
            .with("link", &result.link)
            .with("value_added_unit", &result.value_added_unit)
            .with("notes", &result.notes)
            .with(
                "summary",
                chainlens_report::restructuring::relocation_summary(&result),
            )
            .with("synthetic", result.synthetic))
    })
    .await
}

async fn chains(Shared(state): Shared<State>, query: Query) -> Reply {
    let output = output(&query)?;
    let names: Vec<&String> = state.chains.keys().collect();
    Answer::new(Vec::new())
        .with("chains", names)
        .respond(&output)
}

/// The request `body` for the chain the server opened as `name`.
fn chain_request<T: DeserializeOwned>(
    state: &State,
    name: &str,
    body: serde_json::Value,
) -> Result<T, ApiError> {
    let source = state.chains.get(name).ok_or_else(|| {
        let known: Vec<&str> = state.chains.keys().map(String::as_str).collect();
        ApiError::not_found(format!(
            "no chain `{name}`; the server opened {}",
            if known.is_empty() {
                "none (start it with --chains DIR)".to_string()
            } else {
                known.join(", ")
            }
        ))
    })?;
    let serde_json::Value::Object(mut map) = body else {
        return Err(ApiError::bad_field(
            "body",
            "the request body must be a JSON object",
        ));
    };
    if map.contains_key("chain") {
        return Err(ApiError::bad_field(
            "chain",
            "the chain is named in the path (/api/v1/chains/NAME/...), not in the body",
        ));
    }
    map.insert(
        "chain".into(),
        serde_json::to_value(source).unwrap_or_default(),
    );
    parse(&serde_json::to_vec(&map).unwrap_or_default())
}

async fn chain_diagnose(
    Shared(state): Shared<State>,
    Path(name): Path<String>,
    query: Query,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Reply {
    let output = output(&query)?;
    let request: DiagnoseRequest = chain_request(&state, &name, body)?;
    answer(&state, output, move |s| {
        let d = s.chain_diagnose(&request)?;
        let report = diagnosis_report(&d.chain, &d.diagnosis, &d.mix, Some(&d.trade), None);
        Ok(Answer::new(d.tables())
            .with("report", report.markdown())
            .with("map_svg", chain_map(&d.chain, &d.diagnosis))
            .with("warnings", d.chain.warnings()))
    })
    .await
}

/// Substitutes listed per broken link in the disruption report (all are in the table).
const REPORTED_SUBSTITUTES: usize = 5;

async fn chain_disrupt(
    Shared(state): Shared<State>,
    Path(name): Path<String>,
    query: Query,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Reply {
    let output = output(&query)?;
    let request: DisruptRequest = chain_request(&state, &name, body)?;
    answer(&state, output, move |s| {
        let d = s.chain_disrupt(&request)?;
        let report = disruption_report(
            &d.chain,
            &request.remove,
            &d.disruption,
            REPORTED_SUBSTITUTES,
        );
        Ok(Answer::new(vec![d.table()])
            .with("report", report.markdown())
            .with("warnings", d.chain.warnings()))
    })
    .await
}

async fn chain_attract_route(
    Shared(state): Shared<State>,
    Path(name): Path<String>,
    query: Query,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Reply {
    let output = output(&query)?;
    let request: AttractRequest = chain_request(&state, &name, body)?;
    answer(&state, output, move |_| {
        let a = chain_attract(&request)?;
        let report = attraction_report(&a.chain, &a.attraction, &a.candidates);
        Ok(Answer::new(vec![a.table()]).with("report", report.markdown()))
    })
    .await
}

async fn chain_compare_route(
    Shared(state): Shared<State>,
    Path(name): Path<String>,
    query: Query,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Reply {
    let output = output(&query)?;
    let request: CompareRequest = chain_request(&state, &name, body)?;
    answer(&state, output, move |_| {
        let c = chain_compare(&request)?;
        let report = plan_report(&c.before, &c.after, &c.diagnosis_before, &c.diagnosis_after);
        Ok(Answer::new(c.tables().into())
            .with("report", report.markdown())
            .with("warnings", c.after.warnings()))
    })
    .await
}

async fn decompose(
    Shared(state): Shared<State>,
    query: Query,
    JsonBody(request): JsonBody<DecomposeRequest>,
) -> Reply {
    let output = progress_output(&query, &PROGRESS_PARAMETERS)?;
    answer_in_stages(&state, output, move |s, progress| {
        let d = s.decompose(&request, progress)?;
        Ok(Answer::new(d.tables()).with("added_splits", &d.added_splits))
    })
    .await
}

async fn multipliers(Shared(state): Shared<State>, query: Query) -> Reply {
    answer(&state, output(&query)?, |s| {
        Ok(Answer::new(s.multipliers()?.tables()))
    })
    .await
}

async fn va_origin(
    Shared(state): Shared<State>,
    query: Query,
    JsonBody(groups): JsonBody<EconomyGroups>,
) -> Reply {
    answer(&state, output(&query)?, move |s| {
        let va = s.va_origin(&groups)?;
        Ok(Answer::new(vec![Table::from_rows("va_origin", &va.rows)])
            .with("total", va.total)
            .with("world_value_added", va.world_value_added))
    })
    .await
}

async fn extract(
    Shared(state): Shared<State>,
    query: Query,
    JsonBody(request): JsonBody<ExtractRequest>,
) -> Reply {
    answer(&state, output(&query)?, move |s| {
        let e = s.extract(&request)?;
        Ok(Answer::new(vec![Table::from_rows("extraction", &e.rows)])
            .with("extracted", &e.extracted)
            .with("backward", e.backward)
            .with("forward", e.forward)
            .with("world_output", e.world_output))
    })
    .await
}

async fn gvc(
    Shared(state): Shared<State>,
    query: Query,
    JsonBody(request): JsonBody<GvcRequest>,
) -> Reply {
    let output = progress_output(&query, &CHARTED_PROGRESS_PARAMETERS)?;
    let charts = output.charts;
    answer_in_stages(&state, output, move |s, progress| {
        let g = s.gvc(&request, progress)?;
        let synthetic = s.table_is_synthetic();
        let find = |name: &str| g.tables.iter().find(|t| t.name == name);
        let chart = charts.then(|| {
            serde_json::json!({
                "position": find("country").map(|t| charts::gvc_position(t, synthetic)),
                "paradox": find("paradox").map(|t| charts::paradox_bars(t, synthetic)),
            })
        });
        Ok(Answer::new(g.tables)
            .with("charts", chart)
            .with("paradox_missing", &g.paradox_missing)
            .with("inventory_corrected", g.inventory_corrected)
            .with("added_splits", &g.added_splits))
    })
    .await
}
