//! The OpenAPI document lists exactly the router's routes, each with its parameters,
//! body and result tables, and every request body schema accepts its own defaults.

use crate::{api, call};
use serde_json::Value;

#[tokio::test]
async fn the_document_matches_the_routes() {
    let doc = call(&api(), "GET", "/api/v1/openapi.json", "").await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            documented.push((method.to_uppercase(), path.clone()));
            assert!(operation["summary"].is_string());
            assert!(operation["responses"]["200"].is_object(), "{method} {path}");
            // Every `{parameter}` of the path is declared.
            let declared: Vec<&str> = operation["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            let in_path: Vec<&str> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
                .collect();
            assert_eq!(declared, in_path, "{path}");
        }
    }
    let mut routes: Vec<(String, String)> = chainlens_server::api::routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    documented.sort();
    routes.sort();
    assert_eq!(documented, routes);
    // Each `$ref` points into the document.
    let text = doc.to_string();
    for r in text.split("\"$ref\":\"").skip(1) {
        let pointer = r.split('"').next().unwrap().trim_start_matches('#');
        assert!(doc.pointer(pointer).is_some(), "{pointer}");
    }
}

#[tokio::test]
async fn every_body_schema_holds_its_defaults_and_the_tables_their_columns() {
    let doc = call(&api(), "GET", "/api/v1/openapi.json", "").await.json();
    let post = &doc["paths"]["/api/v1/vulnerability"]["post"];
    let body = &post["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(
        body["properties"]["centrality"]["enum"],
        serde_json::json!(["hhi", "cr3", "freeman"])
    );
    let scenario = &doc["paths"]["/api/v1/scenario"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    assert_eq!(scenario["properties"]["usd_per_unit"]["default"], 1e6);
    let disrupt = &doc["paths"]["/api/v1/chains/{name}/disrupt"]["post"]["requestBody"]["content"]
        ["application/json"]["schema"];
    assert!(
        disrupt["properties"].get("chain").is_none(),
        "the chain is named in the path"
    );
    assert_eq!(
        disrupt["properties"]["trade"]["properties"]["years"]["default"],
        Value::Null
    );
    let compare = &doc["paths"]["/api/v1/chains/{name}/compare"]["post"]["requestBody"]["content"]
        ["application/json"]["schema"];
    assert!(compare["properties"].get("chain").is_none());
    assert_eq!(
        compare["properties"]["plan"]["properties"]["toml"]["type"],
        "string"
    );
    let distance = &doc["paths"]["/api/v1/political-distance"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    assert_eq!(distance["properties"]["importer"]["type"], "string");
    let tables = &post["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["tables"]
        ["properties"];
    let order = &tables["chapters"]["items"]["x-column-order"];
    assert_eq!(
        order,
        &serde_json::json!(["rank", "hs2", "goods", "import_value", "vulnerability"])
    );
    assert_eq!(
        tables["suppliers"]["items"]["x-column-order"],
        serde_json::json!([
            "iso3",
            "import_value",
            "import_share",
            "goods",
            "top1",
            "top3",
            "high_centrality_top1",
            "high_centrality_top3"
        ])
    );
}
