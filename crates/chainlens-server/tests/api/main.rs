//! Tests of the HTTP API: every route, every error status, the OpenAPI document, and
//! load on a real loopback listener. In-process requests go through the whole router
//! with its layers (`tower::ServiceExt::oneshot`); the load tests use a small HTTP/1.1
//! client on 127.0.0.1 only. One session on the embedded data is shared by the tests.

mod cache;
mod client;
mod errors;
mod load;
mod openapi;
mod routes;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use chainlens_engine::{Session, SessionOptions, TableOptions, TradeOptions};
use chainlens_server::{Config, State, app, load_chains};
use http_body_util::BodyExt;
use std::path::PathBuf;
use std::sync::OnceLock;
use tower::ServiceExt;

/// A path in the repository.
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// The state on the embedded trade data and table, with the example chains.
pub fn state() -> State {
    static STATE: OnceLock<State> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let data = Some(chainlens_testing::shared_data());
            let session = Session::open(&SessionOptions {
                trade: Some(TradeOptions {
                    data_dir: data.clone(),
                    ..Default::default()
                }),
                table: Some(TableOptions {
                    data_dir: data,
                    ..Default::default()
                }),
            })
            .expect("the embedded data opens");
            let chains = load_chains(&repo("examples/chains")).expect("the example chains load");
            State::new(session, chains)
        })
        .clone()
}

/// The API with the default limits.
pub fn api() -> Router {
    app(state(), &Config::default())
}

/// A response: status, content type and body.
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: String,
    /// The body.
    pub body: Vec<u8>,
    /// The `x-chainlens-cache` header (`hit`, `miss`, or empty when the answer is not
    /// one the cache keeps).
    pub cache: String,
}

impl Reply {
    /// The body as text.
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("a UTF-8 body")
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// Sends one request through `router`.
pub async fn call(router: &Router, method: &str, uri: &str, body: &str) -> Reply {
    call_with(router, method, uri, body, None).await
}

/// Sends one request through `router` with an `Authorization` header.
pub async fn call_with(
    router: &Router,
    method: &str,
    uri: &str,
    body: &str,
    authorization: Option<&str>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(a) = authorization {
        request = request.header("authorization", a);
    }
    let request = request.body(Body::from(body.to_string())).unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let (content_type, cache) = (
        header(response.headers(), "content-type"),
        header(response.headers(), chainlens_server::cache::CACHE_HEADER),
    );
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        content_type,
        body,
        cache,
    }
}

/// A header's value, empty when absent.
fn header(headers: &axum::http::HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}
