//! The answer cache: the session's data never changes while the server runs, so the
//! answer to an API `GET` is a function of its path and query. Successful JSON, CSV and
//! Parquet answers are kept, up to a byte budget, and sent again as they are to
//! the next identical request, without recomputing their tables or writing them anew.
//! The least recently used answers go first when the budget is full; a budget of 0 turns
//! the cache off. `POST` answers (their work is in the body), streamed answers
//! (`progress=sse`) and errors are never kept. Each
//! answer says whether it came from the cache in its `x-chainlens-cache` header (`hit` or
//! `miss`).

use crate::error::ApiError;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The header that tells whether an answer came from the cache.
pub const CACHE_HEADER: &str = "x-chainlens-cache";

/// A kept answer: its headers and body, and when it was last sent.
struct Entry {
    headers: HeaderMap,
    body: Bytes,
    last_used: u64,
}

/// The kept answers, within `budget` bytes.
pub struct AnswerCache {
    budget: usize,
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    /// By path and query, as sent.
    entries: HashMap<String, Entry>,
    bytes: usize,
    clock: u64,
}

impl AnswerCache {
    /// A cache of at most `budget` bytes of answers.
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            kept: Mutex::default(),
        }
    }

    fn get(&self, key: &str) -> Option<(HeaderMap, Bytes)> {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.clock += 1;
        let now = kept.clock;
        let entry = kept.entries.get_mut(key)?;
        entry.last_used = now;
        Some((entry.headers.clone(), entry.body.clone()))
    }

    fn insert(&self, key: String, headers: HeaderMap, body: Bytes) {
        let size = key.len() + body.len();
        if size > self.budget {
            return;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(old) = kept.entries.remove(&key) {
            kept.bytes -= key.len() + old.body.len();
        }
        while kept.bytes + size > self.budget {
            kept.evict_least_recent();
        }
        kept.clock += 1;
        let last_used = kept.clock;
        kept.entries.insert(
            key,
            Entry {
                headers,
                body,
                last_used,
            },
        );
        kept.bytes += size;
    }

    /// Bytes of answers kept now.
    pub fn bytes(&self) -> usize {
        self.kept.lock().unwrap_or_else(|p| p.into_inner()).bytes
    }
}

impl Kept {
    fn evict_least_recent(&mut self) {
        let Some(oldest) = self
            .entries
            .iter()
            .min_by_key(|(_, e)| e.last_used)
            .map(|(k, _)| k.clone())
        else {
            return;
        };
        if let Some(entry) = self.entries.remove(&oldest) {
            self.bytes -= oldest.len() + entry.body.len();
        }
    }
}

/// Whether the answer to `request` may be kept: a `GET` of the API, whose answer depends
/// on the path and query only (a streamed answer is recognised by its content type).
fn cacheable(request: &Request) -> bool {
    request.method() == Method::GET && request.uri().path().starts_with("/api/v1/")
}

/// Sends the kept answer to `request` when there is one; else runs it and keeps a
/// successful answer.
pub async fn answer_from_cache(
    State(cache): State<Arc<AnswerCache>>,
    request: Request,
    next: Next,
) -> Response {
    if cache.budget == 0 || !cacheable(&request) {
        return next.run(request).await;
    }
    let key = request.uri().to_string();
    if let Some((headers, body)) = cache.get(&key) {
        return sent(StatusCode::OK, headers, body, "hit");
    }
    let response = next.run(request).await;
    let streamed = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/event-stream"));
    if response.status() != StatusCode::OK || streamed {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => {
            cache.insert(key, parts.headers.clone(), body.clone());
            sent(parts.status, parts.headers, body, "miss")
        }
        Err(e) => ApiError::internal(&format!("the answer could not be read: {e}")).into_response(),
    }
}

/// An answer of `headers` and `body`, marked `hit` or `miss`.
fn sent(status: StatusCode, mut headers: HeaderMap, body: Bytes, how: &'static str) -> Response {
    headers.insert(CACHE_HEADER, HeaderValue::from_static(how));
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(cache: &AnswerCache, key: &str, bytes: usize) {
        cache.insert(key.into(), HeaderMap::new(), Bytes::from(vec![b'x'; bytes]));
    }

    #[test]
    fn the_budget_counts_keys_and_bodies_and_drops_the_least_recently_used() {
        // Room for two entries of a 1-byte key and a 9-byte body.
        let cache = AnswerCache::new(20);
        keep(&cache, "a", 9);
        keep(&cache, "b", 9);
        assert_eq!(cache.bytes(), 20);
        assert!(cache.get("a").is_some(), "a is now more recent than b");
        keep(&cache, "c", 9);
        assert_eq!(cache.bytes(), 20);
        assert!(cache.get("b").is_none());
        assert!(cache.get("a").is_some() && cache.get("c").is_some());
        // Replacing an entry counts its new size only.
        keep(&cache, "c", 4);
        assert_eq!(cache.bytes(), 15);
        keep(&cache, "d", 30);
        assert!(cache.get("d").is_none(), "larger than the budget: not kept");
        assert_eq!(cache.bytes(), 15);
    }
}
