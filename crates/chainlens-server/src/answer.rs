//! [`Answer`]: a result as the API sends it. JSON is one document
//! `{ "meta": {...}, "tables": { "<name>": [row objects] } }`, the tables written by
//! `chainlens_report::json`; `?format=csv|parquet` sends one of the same tables as a
//! download, written by the same writers as the CLI's `--out` files (`?table=NAME` picks
//! it when the result has several).

use crate::body::Query;
use crate::error::ApiError;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chainlens_engine::Table;
use chainlens_report::Format;

/// The query parameters every result route takes.
pub const OUTPUT_PARAMETERS: [&str; 2] = ["format", "table"];

/// The query parameters of a route whose result has charts.
pub const CHART_PARAMETERS: [&str; 3] = ["format", "table", "charts"];

/// The query parameters of a route whose work reports its stages (`progress=sse`).
pub const PROGRESS_PARAMETERS: [&str; 3] = ["format", "table", "progress"];

/// ... and whose result has charts.
pub const CHARTED_PROGRESS_PARAMETERS: [&str; 4] = ["format", "table", "charts", "progress"];

/// How a result is sent: its format and, optionally, one table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    /// JSON, CSV or Parquet.
    pub format: Format,
    /// The one table wanted.
    pub table: Option<String>,
    /// Whether the JSON answer carries the result's charts (`charts=vega-lite`).
    pub charts: bool,
    /// Whether the answer comes as server-sent events: the stages, then the JSON
    /// (`progress=sse`).
    pub progress: bool,
}

impl Output {
    /// `format` (`json` by default) and `table` from the query.
    pub fn from_query(query: &Query) -> Result<Self, ApiError> {
        let format = match query.get("format") {
            None | Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            Some("parquet") => Format::Parquet,
            Some(other) => {
                return Err(ApiError::bad_field(
                    "format",
                    format!("unknown format `{other}`; use json, csv or parquet"),
                ));
            }
        };
        let charts = match query.get("charts") {
            None => false,
            Some("vega-lite") => true,
            Some(other) => {
                return Err(ApiError::bad_field(
                    "charts",
                    format!("unknown chart kind `{other}`; use vega-lite"),
                ));
            }
        };
        let progress = match query.get("progress") {
            None => false,
            Some("sse") if format == Format::Json => true,
            Some("sse") => {
                return Err(ApiError::bad_field(
                    "progress",
                    "progress=sse sends the JSON answer as its last event: drop format",
                ));
            }
            Some(other) => {
                return Err(ApiError::bad_field(
                    "progress",
                    format!("unknown progress kind `{other}`; use sse"),
                ));
            }
        };
        Ok(Self {
            format,
            table: query.get("table").map(str::to_string),
            charts,
            progress,
        })
    }
}

/// A result: a few facts about it and its tables.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// Facts that are no table (years, thresholds, whether the data is synthetic).
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// The tables, in the order the CLI writes them.
    pub tables: Vec<Table>,
}

impl Answer {
    /// An answer of `tables`.
    pub fn new(tables: Vec<Table>) -> Self {
        Self {
            meta: Default::default(),
            tables,
        }
    }

    /// The same answer with a fact added.
    pub fn with(mut self, key: &str, value: impl serde::Serialize) -> Self {
        self.meta.insert(
            key.to_string(),
            serde_json::to_value(value).unwrap_or_default(),
        );
        self
    }

    /// The response `output` asks for.
    pub fn respond(self, output: &Output) -> Result<Response, ApiError> {
        let tables = self.selected(output)?;
        if output.format == Format::Json {
            return Ok((
                [(header::CONTENT_TYPE, "application/json")],
                self.json_text(&tables),
            )
                .into_response());
        }
        let [table] = tables.as_slice() else {
            return Err(ApiError::bad_field(
                "table",
                format!(
                    "a {} download is one table: add ?table=NAME, one of {}",
                    output.format.extension(),
                    self.names()
                ),
            ));
        };
        let bytes = chainlens_report::table_bytes(table, output.format)
            .map_err(|e| ApiError::internal(&e.to_string()))?;
        let disposition = format!(
            "attachment; filename=\"{}.{}\"",
            table.name,
            output.format.extension()
        );
        Ok((
            [
                (header::CONTENT_TYPE, output.format.media_type().to_string()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            bytes,
        )
            .into_response())
    }

    /// The tables `?table=` picks (all without it).
    fn selected(&self, output: &Output) -> Result<Vec<&Table>, ApiError> {
        match &output.table {
            Some(name) => match self.tables.iter().find(|t| &t.name == name) {
                Some(t) => Ok(vec![t]),
                None => Err(ApiError::bad_field(
                    "table",
                    format!("no table `{name}` in this result; it has {}", self.names()),
                )),
            },
            None => Ok(self.tables.iter().collect()),
        }
    }

    fn names(&self) -> String {
        self.tables
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The JSON document of the tables `output` picks, as the last event of a
    /// `progress=sse` answer.
    pub fn json_for(&self, output: &Output) -> Result<String, ApiError> {
        let json = self.json_text(&self.selected(output)?);
        // Every piece is UTF-8: serde_json's output and the tables' own text.
        Ok(String::from_utf8(json).unwrap_or_default())
    }

    fn json_text(&self, tables: &[&Table]) -> Vec<u8> {
        let mut out = b"{\"meta\": ".to_vec();
        let _ = serde_json::to_writer(&mut out, &self.meta);
        out.extend_from_slice(b",\n\"tables\": {");
        for (i, t) in tables.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(b",\n");
            }
            let _ = serde_json::to_writer(&mut out, &t.name);
            out.extend_from_slice(b": ");
            chainlens_report::json::write(&mut out, t);
        }
        out.extend_from_slice(b"}}\n");
        out
    }
}
