//! The OpenAPI 3.1 document at `/api/v1/openapi.json`, generated from the types the
//! routes use, with no schema written by hand: a request body's schema comes from the
//! engine request's default value (each field's type and default; the choices of an enum
//! field from the names serde accepts), a result table's columns from the engine row
//! type, the same way [`Table::from_rows`] makes the table. The paths come from
//! [`routes`], the list the router is built from.

use crate::api::routes;
use chainlens_engine::{Table, Values};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// A JSON Schema, or (for a table) its name and row schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema(pub Value);

impl Schema {
    /// The same object schema without `field` (a field the route fills in itself).
    pub fn without(mut self, field: &str) -> Self {
        if let Some(p) = self.0.get_mut("properties").and_then(Value::as_object_mut) {
            p.remove(field);
        }
        self
    }

    /// A table whose columns depend on the data (the GVC tables' indicators).
    pub fn table_without_columns(name: &str) -> Self {
        Self(json!({ "name": name, "rows": { "type": "array", "items": { "type": "object" } } }))
    }
}

/// The schema of request body `T`, from its default value.
pub fn body_schema<T: Serialize + DeserializeOwned + Default>() -> Schema {
    let default = serde_json::to_value(T::default()).unwrap_or_default();
    Schema(value_schema::<T>(&default, &default, &mut Vec::new()))
}

fn value_schema<T: DeserializeOwned>(root: &Value, value: &Value, path: &mut Vec<String>) -> Value {
    match value {
        Value::Null => json!({ "default": null }),
        Value::Bool(b) => json!({ "type": "boolean", "default": b }),
        Value::Number(n) if n.is_f64() => json!({ "type": "number", "default": n }),
        Value::Number(n) => json!({ "type": "integer", "default": n }),
        Value::String(s) => {
            let mut schema = json!({ "type": "string", "default": s });
            if let Some(choices) = choices::<T>(root, path) {
                schema["enum"] = json!(choices);
            }
            schema
        }
        Value::Array(items) => json!({
            "type": "array",
            "default": items,
            "items": items.first().map_or(json!({}), |v| value_schema::<T>(root, v, path)),
        }),
        Value::Object(fields) => {
            let mut properties = Map::new();
            for (name, v) in fields {
                path.push(name.clone());
                properties.insert(name.clone(), value_schema::<T>(root, v, path));
                path.pop();
            }
            json!({ "type": "object", "properties": properties, "additionalProperties": false })
        }
    }
}

/// The names an enum field at `path` accepts, read from serde's refusal of a name that
/// is none of them (`unknown variant ..., expected one of `hhi`, `cr3`, `freeman``).
fn choices<T: DeserializeOwned>(root: &Value, path: &[String]) -> Option<Vec<String>> {
    let mut probe = root.clone();
    let mut slot = &mut probe;
    for key in path {
        slot = slot.get_mut(key)?;
    }
    *slot = Value::String("\u{1}".into());
    let error = serde_json::from_value::<T>(probe).err()?.to_string();
    let expected = error
        .strip_prefix("unknown variant `\u{1}`, expected")?
        .split(" at line")
        .next()?;
    Some(
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect(),
    )
}

/// The schema of table `name` of rows `R`: a column per field, typed as the table types it.
pub fn table_schema<R: Serialize + Default + Sync>(name: &str) -> Schema {
    let empty = Table::from_rows(name, &[] as &[R]);
    let default = serde_json::to_value(R::default()).unwrap_or_default();
    let mut columns = Map::new();
    for c in &empty.columns {
        let schema = if default.get(&c.name).is_some_and(Value::is_null) {
            json!({ "description": "optional: null when missing" })
        } else {
            match c.values {
                Values::Text(_) => json!({ "type": "string" }),
                Values::Float(_) => json!({ "type": ["number", "null"] }),
                Values::Int(_) | Values::UInt(_) => json!({ "type": "integer" }),
                Values::Bool(_) => json!({ "type": "boolean" }),
            }
        };
        columns.insert(c.name.clone(), schema);
    }
    let order: Vec<&str> = empty.column_names();
    Schema(json!({
        "name": name,
        "rows": {
            "type": "array",
            "items": { "type": "object", "properties": columns, "x-column-order": order },
        },
    }))
}

/// What each query parameter means.
fn parameter(name: &str) -> Value {
    let (description, schema) = match name {
        "format" => (
            "json (default), or csv / parquet: one table as a download",
            json!({ "type": "string", "enum": ["json", "csv", "parquet"] }),
        ),
        "table" => (
            "the one table wanted (required for csv and parquet when the result has several)",
            json!({ "type": "string" }),
        ),
        "years" => ("YEAR or FIRST-LAST", json!({ "type": "string" })),
        "charts" => (
            "vega-lite: the JSON answer's meta.charts holds the result's charts as Vega-Lite specifications",
            json!({ "type": "string", "enum": ["vega-lite"] }),
        ),
        "progress" => (
            "sse: the answer as server-sent events, a `stage` event per stage of the work, then a `result` event holding the JSON answer (or an `error` event)",
            json!({ "type": "string", "enum": ["sse"] }),
        ),
        "centrality" => (
            "the export centrality measure",
            body_schema::<chainlens_engine::VulnerabilityRequest>().0["properties"]["centrality"]
                .clone(),
        ),
        _ => ("", json!({ "type": "string" })),
    };
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for route in routes() {
        let mut parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .map(|p| json!({ "name": p, "in": "path", "required": true, "schema": { "type": "string" } }))
            .collect();
        parameters.extend(route.query.iter().map(|q| parameter(q)));
        let tables: Map<String, Value> = route
            .tables
            .iter()
            .map(|t| {
                (
                    t.0["name"].as_str().unwrap_or("").to_string(),
                    t.0["rows"].clone(),
                )
            })
            .collect();
        let result = json!({
            "type": "object",
            "properties": {
                "meta": { "type": "object" },
                "tables": { "type": "object", "properties": tables },
            },
        });
        let mut content = Map::new();
        content.insert("application/json".into(), json!({ "schema": result }));
        if !route.tables.is_empty() {
            for media in ["text/csv", "application/vnd.apache.parquet"] {
                content.insert(media.into(), json!({}));
            }
        }
        let error = json!({ "$ref": "#/components/responses/Error" });
        let mut operation = json!({
            "summary": route.summary,
            "parameters": parameters,
            "responses": {
                "200": { "description": "the result", "content": content },
                "400": error, "401": error, "404": error, "413": error,
                "422": error, "500": error, "503": error,
            },
        });
        if let Some(body) = &route.body {
            operation["requestBody"] = json!({
                "required": false,
                "description": "an empty body is the request's defaults",
                "content": { "application/json": { "schema": body.0 } },
            });
        }
        let entry = paths
            .entry(route.path.to_string())
            .or_insert_with(|| json!({}));
        entry[route.method.as_str().to_ascii_lowercase()] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "chainlens",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Trade-network vulnerability, supply risk, scenarios, regional chains and input-output analysis over the data the server opened at start.",
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "responses": {
                "Error": {
                    "description": "a failed request",
                    "content": { "application/json": { "schema": {
                        "type": "object",
                        "required": ["error", "kind"],
                        "properties": {
                            "error": { "type": "string" },
                            "hint": { "type": ["string", "null"] },
                            "kind": { "type": "string", "enum": ["bad_input", "missing_data", "internal"] },
                            "field": { "type": ["string", "null"], "description": "the request field at fault" },
                            "location": { "description": "file, line and field inside a text the request sent" },
                        },
                    } } },
                },
            },
        },
        "security": [{}, { "bearer": [] }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainlens_engine::VulnerabilityRequest;

    #[test]
    fn body_schemas_come_from_the_request_types() {
        let s = body_schema::<VulnerabilityRequest>().0;
        assert_eq!(
            s["properties"]["centrality"]["enum"],
            json!(["hhi", "cr3", "freeman"])
        );
        assert_eq!(s["properties"]["importers"]["type"], "array");
        assert_eq!(s["properties"]["years"], json!({ "default": null }));
        assert_eq!(s["additionalProperties"], false);
    }

    #[test]
    fn table_schemas_type_each_column() {
        let s = table_schema::<chainlens_engine::trade::ProductRow>("products").0;
        let columns = &s["rows"]["items"]["properties"];
        assert_eq!(columns["import_value"]["type"], json!(["number", "null"]));
        assert_eq!(columns["centrality_high"]["type"], "boolean");
        assert_eq!(columns["hs6"]["type"], "string");
    }
}
