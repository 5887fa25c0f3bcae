//! The OpenAPI document of the rich fixture project: snapshot, determinism, and the
//! structural promises the docs page and API fuzzers rely on.

#[path = "discover_support.rs"]
#[expect(
    dead_code,
    reason = "helpers shared with the discover tests; this file uses some"
)]
mod support;

use bolt_codegen::discover::{ApiSelection, discover};
use bolt_codegen::manifest::Manifest;
use bolt_codegen::openapi::{ApiInfo, openapi_document, openapi_json};
use serde_json::Value;

fn rich_manifest() -> Manifest {
    let modules = support::load_fixture("rich");
    let selection = ApiSelection::Scan(support::api_modules(&modules));
    match discover(&modules, &selection) {
        Ok(manifest) => manifest,
        Err(diagnostics) => panic!("rich fixture must build:\n{}", diagnostics.render()),
    }
}

/// Every `(method, path, operation)` of the document.
fn operations(document: &Value) -> Vec<(String, String, Value)> {
    document["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .map(move |(method, op)| (method.clone(), path.clone(), op.clone()))
        })
        .collect()
}

#[test]
fn test_openapi_rich_fixture_matches_snapshot() {
    insta::assert_snapshot!(
        "openapi_rich",
        openapi_json(&rich_manifest(), &ApiInfo::default())
    );
}

#[test]
fn test_openapi_rich_fixture_twice_is_byte_identical() {
    let first = openapi_json(&rich_manifest(), &ApiInfo::default());
    let second = openapi_json(&rich_manifest(), &ApiInfo::default());
    assert_eq!(first.as_bytes(), second.as_bytes());
    assert!(first.ends_with("}\n"));
}

#[test]
fn test_openapi_rich_fixture_has_one_operation_per_route_with_unique_ids() {
    let manifest = rich_manifest();
    let document = openapi_document(&manifest, &ApiInfo::default());
    let operations = operations(&document);
    assert_eq!(operations.len(), manifest.routes.len());
    let mut ids: Vec<&str> = operations
        .iter()
        .filter_map(|(_, _, op)| op["operationId"].as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), operations.len(), "operationIds are unique");
}

#[test]
fn test_openapi_every_operation_documents_errors_and_422_iff_it_takes_input() {
    let document = openapi_document(&rich_manifest(), &ApiInfo::default());
    for (method, path, op) in operations(&document) {
        let responses = &op["responses"];
        assert_eq!(
            responses["default"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorDetail",
            "{method} {path}"
        );
        let takes_input = op.get("parameters").is_some() || op.get("requestBody").is_some();
        assert_eq!(
            responses.get("422").is_some(),
            takes_input,
            "{method} {path}"
        );
    }
}

#[test]
fn test_openapi_references_resolve_to_components() {
    let document = openapi_document(&rich_manifest(), &ApiInfo::default());
    let text = document.to_string();
    let schemas = &document["components"]["schemas"];
    for reference in text.split("\"$ref\":\"").skip(1) {
        let target = reference.split('"').next().unwrap_or_default();
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("local component ref: {target}"));
        assert!(schemas.get(name).is_some(), "{target} resolves");
    }
}

#[test]
fn test_openapi_success_statuses_and_media_types() {
    let document = openapi_document(&rich_manifest(), &ApiInfo::default());
    let created = &document["paths"]["/api/items"]["post"]["responses"];
    assert!(created.get("201").is_some() && created.get("200").is_none());
    // `-> PlainText`: a response object, whose body is not described.
    let text = &document["paths"]["/api/text"]["get"]["responses"]["200"];
    assert_eq!(text.get("content"), None);
    let listed = &document["paths"]["/api/search"]["get"]["responses"]["200"]["content"];
    assert_eq!(listed["application/json"]["schema"]["type"], "array");
}
