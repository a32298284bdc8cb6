//! The layers around every route, so that one big or broken request cannot starve or
//! crash the rest: a request log line with status and duration (tracing), panics caught
//! as a JSON 500 with a log line, load shedding (503 once `concurrency` requests are in
//! flight), a per-request timeout (503), a body limit (413), the answer cache
//! ([`crate::cache`]), and, when the server has a token, the bearer check on `/api/`
//! routes (compared in constant time).

use crate::cache::{AnswerCache, answer_from_cache};
use crate::error::ApiError;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Request limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Largest request body accepted.
    pub body_bytes: usize,
    /// Longest a request may take.
    pub timeout: Duration,
    /// Requests in flight beyond which new ones get 503.
    pub concurrency: usize,
    /// Bytes of answers kept for identical `GET` requests ([`crate::cache`]); 0 keeps none.
    pub answer_cache_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: 1 << 20,
            timeout: Duration::from_secs(60),
            concurrency: 64,
            answer_cache_bytes: 256 << 20,
        }
    }
}

/// How the server runs.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The limits.
    pub limits: Limits,
    /// Bearer token required on `/api/` routes (required to bind a non-loopback address).
    pub token: Option<String>,
}

/// `router` inside the limit, logging, panic and compression layers (and the token
/// check): answers are gzipped for clients that accept it (a long table as CSV or JSON
/// shrinks about tenfold).
pub fn layers(router: Router, config: &Config) -> Router {
    let limits = config.limits;
    let gate = Arc::new(Gate {
        in_flight: Arc::new(Semaphore::new(limits.concurrency)),
        timeout: limits.timeout,
    });
    let cache = Arc::new(AnswerCache::new(limits.answer_cache_bytes));
    let router = router
        .layer(axum::middleware::from_fn_with_state(
            cache,
            answer_from_cache,
        ))
        .layer(axum::middleware::from_fn_with_state(gate, admit));
    let router = match &config.token {
        Some(token) => router.layer(axum::middleware::from_fn_with_state(
            Arc::<[u8]>::from(token.as_bytes()),
            bearer,
        )),
        None => router,
    };
    router
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(CompressionLayer::new().gzip(true))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
}

/// The permits of requests in flight, shared by every route, and the time each may take.
struct Gate {
    in_flight: Arc<Semaphore>,
    timeout: Duration,
}

/// Sheds a request when every permit is taken (503 at once, nothing queues) and
/// answers 503 when it takes longer than the timeout. A timed-out analysis finishes on
/// its blocking thread, its answer dropped.
async fn admit(State(gate): State<Arc<Gate>>, request: Request, next: Next) -> Response {
    let status = StatusCode::SERVICE_UNAVAILABLE;
    let Ok(permit) = gate.in_flight.clone().try_acquire_owned() else {
        return ApiError::new(
            status,
            "the server is busy: too many requests in flight\nhint: retry shortly",
        )
        .into_response();
    };
    let answer = tokio::time::timeout(gate.timeout, next.run(request)).await;
    drop(permit);
    answer.unwrap_or_else(|_| {
        ApiError::new(
            status,
            format!(
                "the request took longer than the server's limit of {} s",
                gate.timeout.as_secs_f64()
            ),
        )
        .into_response()
    })
}

/// A handler's panic as a 500 and a log line.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    ApiError::internal(&format!("handler panicked: {what}")).into_response()
}

/// Refuses `/api/` requests without `Authorization: Bearer <token>`.
async fn bearer(State(token): State<Arc<[u8]>>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let given = request
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "));
    match given {
        Some(given) if same_bytes(given, &token) => next.run(request).await,
        _ => {
            let mut e = ApiError::new(
                StatusCode::UNAUTHORIZED,
                "missing or wrong bearer token\nhint: send `Authorization: Bearer TOKEN` with the server's --token",
            );
            e.field = Some("authorization".into());
            e.into_response()
        }
    }
}

/// Whether `a == b`, in time that depends on their lengths only.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_compare_by_every_byte() {
        assert!(super::same_bytes(b"s3cret", b"s3cret"));
        assert!(!super::same_bytes(b"s3cret", b"s3cres"));
        assert!(!super::same_bytes(b"s3cret", b"s3cre"));
    }
}
