//! The dashboard: one page (`dashboard/index.html`, `dashboard/app.js`, committed) that
//! calls the API and draws the charts the API sends as Vega-Lite specifications, with
//! vega, vega-lite, vega-embed and world-atlas from npm at pinned versions, embedded
//! when `scripts/build-dashboard.sh` has built them (see `build.rs`). Everything is
//! served by this binary: the page works offline. Without the built files the page
//! shows its tables and says how to build the charts; the API is unaffected.

use crate::State;
use crate::error::ApiError;
use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

include!(concat!(env!("OUT_DIR"), "/vendor.rs"));

/// The command that builds the dashboard's third-party files.
pub const BUILD_COMMAND: &str = "scripts/build-dashboard.sh, then rebuild chainlens";

/// Whether the third-party files were embedded.
pub fn assets_built() -> bool {
    !VENDOR.is_empty()
}

/// The texts of vega, vega-lite and vega-embed, in that order, for pages that draw
/// charts offline (the `--report` pages); empty when they were not built.
pub fn chart_libraries() -> Vec<&'static str> {
    ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"]
        .iter()
        .filter_map(|wanted| {
            VENDOR
                .iter()
                .find(|(name, _, _)| name == wanted)
                .and_then(|(_, _, bytes)| std::str::from_utf8(bytes).ok())
        })
        .collect()
}

/// The world-atlas countries (TopoJSON) for maps in pages that open from a file, when built.
pub fn world() -> Option<serde_json::Value> {
    let (_, _, bytes) = VENDOR
        .iter()
        .find(|(name, _, _)| *name == "countries-110m.json")?;
    serde_json::from_slice(bytes).ok()
}

/// The dashboard's routes: `/`, `/app.js` and `/vendor/{file}`.
pub fn routes() -> Router<State> {
    Router::new()
        .route("/", get(index))
        .route("/app.js", get(script))
        .route("/vendor/{file}", get(vendor))
}

async fn index() -> Html<&'static str> {
    Html(include_str!("../dashboard/index.html"))
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript")],
        include_str!("../dashboard/app.js"),
    )
        .into_response()
}

async fn vendor(Path(file): Path<String>) -> Response {
    match VENDOR.iter().find(|(name, _, _)| *name == file) {
        Some((_, media, bytes)) => ([(header::CONTENT_TYPE, *media)], *bytes).into_response(),
        None if assets_built() => ApiError::not_found(format!("no dashboard file `{file}`")).into_response(),
        None => ApiError::not_found(format!(
            "the dashboard's chart libraries are not built into this binary\nhint: run {BUILD_COMMAND}"
        ))
        .into_response(),
    }
}
