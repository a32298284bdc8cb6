//! [`ApiError`]: every failure a client sees, as JSON `{ error, hint, kind, field,
//! location }`. Engine errors are mapped once from their kind: bad input with a location
//! 400 (the field named), bad input the data cannot answer (an empty window, an importer
//! with no intermediate imports) 422, data the server did not open 404, our own failures
//! 500 with the details only in the log.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chainlens_engine::{EngineError, ErrorKind, Location};
use serde::Serialize;

/// A failed request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiError {
    /// The HTTP status.
    #[serde(skip)]
    pub status: StatusCode,
    /// What went wrong, one line.
    pub error: String,
    /// How to fix it, when known.
    pub hint: Option<String>,
    /// `bad_input`, `missing_data` or `internal`.
    pub kind: &'static str,
    /// The request field at fault (`importers`, `years`, `format`, `remove`).
    pub field: Option<String>,
    /// Where in a text the request sent (a scenario or chain file) the fault is.
    pub location: Option<Box<Location>>,
}

impl ApiError {
    /// A bad request naming `field`.
    pub fn bad_field(field: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message).with_field(field)
    }

    /// Something the server does not have (a route, a chain name, a table).
    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            kind: "missing_data",
            ..Self::new(StatusCode::NOT_FOUND, message)
        }
    }

    /// Our failure: the client is told only that; the details go to the log.
    pub fn internal(detail: &str) -> Self {
        tracing::error!(detail, "internal error");
        Self {
            kind: "internal",
            ..Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error in chainlens (the server log has the details)",
            )
        }
    }

    /// An error with `status`; a `hint:` line of `message` becomes the hint.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        let message = message.into();
        let (error, hint) = match message.split_once("\nhint: ") {
            Some((e, h)) => (e.to_string(), Some(h.to_string())),
            None => (message, None),
        };
        Self {
            status,
            error,
            hint,
            kind: "bad_input",
            field: None,
            location: None,
        }
    }

    fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }
}

/// The API's name of a field the engine names by its command-line flag.
fn field_of_flag(flag: &str) -> String {
    match flag {
        "--importer" => "importers".into(),
        _ => flag.trim_start_matches("--").replace('-', "_"),
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        match e.kind() {
            ErrorKind::BadInput { location } => {
                let located = location.is_some();
                let mut out = Self::new(
                    if located {
                        StatusCode::BAD_REQUEST
                    } else {
                        StatusCode::UNPROCESSABLE_ENTITY
                    },
                    e.to_string(),
                );
                if let Some(l) = location {
                    if l.file.starts_with("--") {
                        out.field = Some(field_of_flag(&l.file));
                    } else {
                        out.location = Some(Box::new(l));
                    }
                }
                out
            }
            ErrorKind::MissingData => Self::not_found(e.to_string()),
            ErrorKind::Internal => Self::internal(&e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_string(&self).unwrap_or_default();
        (
            self.status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_kinds_become_statuses_with_the_field_named() {
        let e: ApiError =
            EngineError::request("--importer", "unknown importer `XXX`\nhint: use ISO3").into();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert_eq!(e.field.as_deref(), Some("importers"));
        assert_eq!(e.error, "unknown importer `XXX`");
        assert_eq!(e.hint.as_deref(), Some("use ISO3"));
        let e: ApiError = EngineError::Missing("no trade data".into()).into();
        assert_eq!((e.status, e.kind), (StatusCode::NOT_FOUND, "missing_data"));
        assert_eq!(field_of_flag("--split-keys"), "split_keys");
    }
}
