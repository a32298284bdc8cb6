//! The answer cache through the whole router: identical `GET`s answered from it with the
//! same bytes, `POST`s and errors never kept, the least recently used
//! answer dropped when the budget is full, and a budget of 0 turning it off.

use crate::{Reply, call, state};
use chainlens_server::{Config, Limits, app};

const CHN: &str = "/api/v1/vulnerability/CHN";

fn api_with_budget(answer_cache_bytes: usize) -> axum::Router {
    let limits = Limits {
        answer_cache_bytes,
        ..Limits::default()
    };
    app(
        state(),
        &Config {
            limits,
            token: None,
        },
    )
}

async fn get(router: &axum::Router, uri: &str) -> Reply {
    call(router, "GET", uri, "").await
}

#[tokio::test]
async fn an_identical_get_is_answered_from_the_cache_with_the_same_bytes() {
    let api = api_with_budget(Limits::default().answer_cache_bytes);
    let first = get(&api, CHN).await;
    assert_eq!((first.status, first.cache.as_str()), (200, "miss"));
    let again = get(&api, CHN).await;
    assert_eq!((again.status, again.cache.as_str()), (200, "hit"));
    assert_eq!(again.body, first.body);
    assert_eq!(again.content_type, first.content_type);
    // Another query is another answer; a CSV download keeps its headers.
    let csv = get(&api, &format!("{CHN}?format=csv&table=chapters")).await;
    assert_eq!(csv.cache, "miss");
    let csv_again = get(&api, &format!("{CHN}?format=csv&table=chapters")).await;
    assert_eq!(csv_again.cache, "hit");
    assert_eq!(csv_again.content_type, csv.content_type);
    assert_eq!(csv_again.body, csv.body);
}

#[tokio::test]
async fn errors_and_posts_are_never_kept() {
    let api = api_with_budget(Limits::default().answer_cache_bytes);
    for _ in 0..2 {
        let unknown = get(&api, "/api/v1/vulnerability/XXX").await;
        assert_eq!((unknown.status, unknown.cache.as_str()), (400, ""));
        let post = call(
            &api,
            "POST",
            "/api/v1/vulnerability",
            r#"{"importers": ["CHN"]}"#,
        )
        .await;
        assert_eq!((post.status, post.cache.as_str()), (200, ""));
    }
}

#[tokio::test]
async fn the_least_recently_used_answer_goes_when_the_budget_is_full() {
    let one = get(&api_with_budget(0), CHN).await;
    assert_eq!(one.cache, "", "a budget of 0 keeps nothing");
    // Room for one answer: the same body under two keys cannot both stay.
    let api = api_with_budget(one.body.len() + 64);
    let other = format!("{CHN}?format=json");
    assert_eq!(get(&api, CHN).await.cache, "miss");
    assert_eq!(get(&api, CHN).await.cache, "hit");
    assert_eq!(get(&api, &other).await.cache, "miss");
    assert_eq!(get(&api, CHN).await.cache, "miss", "evicted by the other");
    assert_eq!(get(&api, CHN).await.cache, "hit");
    // An answer larger than the whole budget is sent but not kept.
    let tiny = api_with_budget(1024);
    assert_eq!(get(&tiny, CHN).await.cache, "miss");
    assert_eq!(get(&tiny, CHN).await.cache, "miss");
}
