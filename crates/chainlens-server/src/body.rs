//! Request inputs: [`JsonBody`], a JSON body read into an engine request type with the
//! path of the field at fault in its error (`importers[0]`, `trade.years`), an empty body
//! meaning the request's defaults; and [`Query`], the query string as named values each
//! route takes what it knows of, refusing the rest by name.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// A JSON request body deserialized into `T`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            let status = e.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(status, "the request body is larger than the server's limit")
            } else {
                ApiError::new(status, format!("the request body could not be read: {e}"))
            }
        })?;
        parse(&bytes).map(JsonBody)
    }
}

/// `bytes` as `T`: an empty body is `{}` (the request's defaults); errors name the field.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        bytes
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        let message = if inner.is_syntax() || inner.is_eof() {
            format!("the request body is not JSON: {inner}")
        } else if field == "." {
            format!("request body: {inner}")
        } else {
            format!("request field `{field}`: {inner}")
        };
        let field = if field == "." { "body".into() } else { field };
        ApiError::bad_field(&field, message)
    })
}

/// The query string's values by name.
pub struct Query(BTreeMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Query(values) =
            axum::extract::Query::<BTreeMap<String, String>>::from_request_parts(parts, state)
                .await
                .map_err(|e| ApiError::bad_field("query", e.body_text()))?;
        Ok(Self(values))
    }
}

impl Query {
    /// Refuses any parameter not in `known`, naming it and the ones the route takes.
    pub fn only(&self, known: &[&str]) -> Result<(), ApiError> {
        match self.0.keys().find(|k| !known.contains(&k.as_str())) {
            Some(k) => Err(ApiError::bad_field(
                k,
                format!(
                    "unknown query parameter `{k}`; this route takes {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            None => Ok(()),
        }
    }

    /// The value of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_engine::VulnerabilityRequest;

    #[test]
    fn errors_name_the_field_and_an_empty_body_is_the_default() {
        let e = parse::<VulnerabilityRequest>(br#"{"importers": [1]}"#)
            .err()
            .unwrap();
        assert_eq!(e.field.as_deref(), Some("importers[0]"));
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        let e = parse::<VulnerabilityRequest>(br#"{"importer": ["CHN"]}"#)
            .err()
            .unwrap();
        assert!(e.error.contains("unknown field `importer`"), "{}", e.error);
        let e = parse::<VulnerabilityRequest>(b"{\"importers\": [")
            .err()
            .unwrap();
        assert!(
            e.error.starts_with("the request body is not JSON"),
            "{}",
            e.error
        );
        let r: VulnerabilityRequest = parse(b" ").unwrap();
        assert_eq!(r, VulnerabilityRequest::default());
    }
}
