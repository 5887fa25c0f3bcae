//! The OpenAPI document of the rich fixture project: snapshot, determinism, and the
//! structural promises the docs page and API fuzzers rely on.

#[path = "discover_support.rs"]
#[expect(
    dead_code,
    reason = "helpers shared with the discover tests; this file uses some"
)]
mod support;

use bolt_codegen::manifest::Manifest;
use bolt_codegen::openapi::{ApiInfo, openapi_document, openapi_json};
use serde_json::{Value, json};

fn rich_manifest() -> Manifest {
    support::fixture_manifest("rich")
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

// ---------------------------------------------------------------------------------------------
// Every type of the Manifest (issue #3), from a hand-written manifest shaped like discover's.

/// `tests/openapi_fixtures/types.json`: a manifest using every `TypeRef` variant and Struct
/// option, written the way discover writes them.
fn types_manifest() -> Manifest {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("openapi_fixtures")
        .join("types.json");
    let text = std::fs::read_to_string(&path).expect("the types manifest is readable");
    Manifest::from_json(&text).expect("the types manifest parses")
}

fn types_document() -> Value {
    openapi_document(&types_manifest(), &ApiInfo::default())
}

fn component<'d>(document: &'d Value, name: &str) -> &'d Value {
    let schema = &document["components"]["schemas"][name];
    assert!(schema.is_object(), "component {name} exists");
    schema
}

fn everything_property(document: &Value, name: &str) -> Value {
    component(document, "Everything")["properties"][name].clone()
}

#[test]
fn test_openapi_types_manifest_matches_snapshot() {
    insta::assert_snapshot!(
        "openapi_types",
        openapi_json(&types_manifest(), &ApiInfo::default())
    );
}

#[test]
fn test_openapi_types_references_resolve_and_component_names_are_valid() {
    let document = types_document();
    let text = document.to_string();
    let schemas = &document["components"]["schemas"];
    for reference in text.split("\"$ref\":\"").skip(1) {
        let target = reference.split('"').next().unwrap_or_default();
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("local component ref: {target}"));
        assert!(schemas.get(name).is_some(), "{target} resolves");
    }
    for name in schemas
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, _)| name)
    {
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
            "component name {name} matches ^[a-zA-Z0-9.\\-_]+$"
        );
    }
}

#[test]
fn test_openapi_string_formats_follow_msgspec() {
    let document = types_document();
    let cases = [
        ("naive_or_aware", json!({ "type": "string" })),
        ("aware", json!({ "type": "string", "format": "date-time" })),
        ("naive", json!({ "type": "string" })),
        ("day", json!({ "type": "string", "format": "date" })),
        ("clock", json!({ "type": "string" })),
        ("aware_clock", json!({ "type": "string", "format": "time" })),
        (
            "naive_clock",
            json!({ "type": "string", "format": "partial-time" }),
        ),
        (
            "duration",
            json!({ "type": "string", "format": "duration" }),
        ),
        ("id", json!({ "type": "string", "format": "uuid" })),
        ("amount", json!({ "type": "string", "format": "decimal" })),
        (
            "raw",
            json!({ "type": "string", "contentEncoding": "base64" }),
        ),
        // Lengths count decoded bytes: 1..4 bytes are 4..8 base64 characters.
        (
            "buffer",
            json!({ "type": "string", "contentEncoding": "base64", "minLength": 4, "maxLength": 8 }),
        ),
    ];
    for (field, expected) in cases {
        assert_eq!(everything_property(&document, field), expected, "{field}");
    }
}

#[test]
fn test_openapi_enums_are_components_and_literals_inline_sorted_like_msgspec() {
    let document = types_document();
    // (`Color` is module-qualified: a Struct elsewhere has the same class name.)
    assert_eq!(
        component(&document, "shop.types.Color"),
        &json!({ "title": "Color", "description": "A colour.", "enum": ["blue", "green", "red"] })
    );
    assert_eq!(
        component(&document, "Level"),
        &json!({ "title": "Level", "enum": [1, 2, 3] })
    );
    assert_eq!(
        everything_property(&document, "mode"),
        json!({ "enum": [1, 2, "a", "b"] })
    );
    assert_eq!(
        everything_property(&document, "maybe_mode"),
        json!({ "anyOf": [{ "enum": ["x"] }, { "type": "null" }], "default": null })
    );
}

#[test]
fn test_openapi_collections_sets_tuples_and_dicts() {
    let document = types_document();
    assert_eq!(
        everything_property(&document, "tags"),
        json!({ "type": "array", "items": { "type": "string" }, "maxItems": 5, "uniqueItems": true })
    );
    assert_eq!(
        everything_property(&document, "frozen"),
        json!({ "type": "array", "items": { "type": "integer" }, "uniqueItems": true })
    );
    assert_eq!(
        everything_property(&document, "many"),
        json!({ "type": "array", "items": { "type": "integer" }, "minItems": 1 })
    );
    assert_eq!(
        everything_property(&document, "pair"),
        json!({
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "prefixItems": [{ "type": "integer" }, { "type": "string" }],
            "items": false,
        })
    );
    assert_eq!(
        everything_property(&document, "empty"),
        json!({ "type": "array", "minItems": 0, "maxItems": 0 })
    );
    assert_eq!(
        everything_property(&document, "by_code"),
        json!({
            "type": "object",
            "additionalProperties": { "type": "integer" },
            "propertyNames": { "minLength": 2, "pattern": "^[a-z]+$" },
            "minProperties": 1,
            "maxProperties": 3,
        })
    );
    assert_eq!(
        everything_property(&document, "by_id"),
        json!({ "type": "object", "additionalProperties": { "type": "string" } })
    );
}

#[test]
fn test_openapi_unions_and_tagged_unions_follow_msgspec() {
    let document = types_document();
    let refs = |names: &[&str]| -> Vec<Value> {
        names
            .iter()
            .map(|name| json!({ "$ref": format!("#/components/schemas/{name}") }))
            .collect()
    };
    let pets = json!({
        "anyOf": refs(&["Cat", "Dog"]),
        "discriminator": {
            "propertyName": "kind",
            "mapping": { "Cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog" },
        },
    });
    assert_eq!(
        everything_property(&document, "either"),
        json!({ "anyOf": [{ "type": "integer" }, { "type": "string" }] })
    );
    assert_eq!(
        everything_property(&document, "either_or_none"),
        json!({
            "anyOf": [{ "type": "integer" }, { "type": "string" }, { "type": "null" }],
            "default": null
        })
    );
    assert_eq!(everything_property(&document, "pet"), pets);
    assert_eq!(
        everything_property(&document, "maybe_pet"),
        json!({ "anyOf": [pets, { "type": "null" }], "default": null })
    );
    assert_eq!(
        everything_property(&document, "pet_or_text"),
        json!({ "anyOf": [{ "type": "string" }, pets] })
    );
    assert_eq!(
        everything_property(&document, "one_struct_union"),
        json!({ "anyOf": [{ "type": "integer" }, refs(&["Item"])[0]] })
    );
    // Integer tags are mapped by their JSON text.
    assert_eq!(
        everything_property(&document, "counted")["discriminator"],
        json!({
            "propertyName": "type",
            "mapping": { "1": "#/components/schemas/One", "2": "#/components/schemas/Two" },
        })
    );
    // An array_like Struct is not an object: it takes no part in the discriminator.
    assert_eq!(
        everything_property(&document, "point_or_int"),
        json!({ "anyOf": [{ "type": "integer" }, refs(&["Point"])[0]] })
    );
}

#[test]
fn test_openapi_tagged_struct_has_required_tag_property_first() {
    let document = types_document();
    assert_eq!(
        component(&document, "Dog"),
        &json!({
            "type": "object",
            "title": "Dog",
            "description": "A dog.",
            "properties": {
                "kind": { "enum": ["dog"] },
                "good": { "type": "boolean", "default": true },
            },
            "required": ["kind"],
        })
    );
    assert_eq!(
        component(&document, "One")["required"],
        json!(["type", "a"])
    );
    assert_eq!(
        component(&document, "One")["properties"]["type"],
        json!({ "enum": [1] })
    );
}

#[test]
fn test_openapi_array_like_structs_are_prefix_item_arrays() {
    let document = types_document();
    assert_eq!(
        component(&document, "Point"),
        &json!({
            "type": "array",
            "title": "Point",
            "prefixItems": [{ "type": "integer" }, { "type": "number", "default": 0.0 }],
            "minItems": 1,
        })
    );
    assert_eq!(
        component(&document, "TaggedPoint"),
        &json!({
            "type": "array",
            "title": "TaggedPoint",
            "prefixItems": [{ "enum": ["tp"] }, { "type": "integer" }],
            "minItems": 2,
            "maxItems": 2,
        })
    );
}

#[test]
fn test_openapi_generic_renamed_and_clashing_components() {
    let document = types_document();
    assert_eq!(
        everything_property(&document, "page"),
        json!({ "$ref": "#/components/schemas/Page_struct_shop.types.Item_" })
    );
    assert_eq!(
        component(&document, "Page_struct_shop.types.Item_")["title"],
        "Page[struct shop.types.Item]"
    );
    assert_eq!(component(&document, "Page_int_")["title"], "Page[int]");
    let renamed = component(&document, "Renamed");
    assert_eq!(renamed["required"], json!(["userName"]));
    assert_eq!(renamed["additionalProperties"], json!(false));
    assert!(renamed["properties"].get("isAdmin").is_some());
    // Struct `shop.other.Color` and Enum `shop.types.Color` share a class name.
    assert_eq!(component(&document, "shop.other.Color")["title"], "Color");
    assert!(component(&document, "shop.types.Color")["enum"].is_array());
    assert_eq!(
        everything_property(&document, "color"),
        json!({ "$ref": "#/components/schemas/shop.types.Color" })
    );
}

#[test]
fn test_openapi_parameter_models_expand_to_one_parameter_per_field() {
    let document = types_document();
    let parameters = document["paths"]["/api/filter"]["get"]["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let summary: Vec<(String, String, bool)> = parameters
        .iter()
        .map(|p| {
            (
                p["in"].as_str().unwrap_or_default().to_owned(),
                p["name"].as_str().unwrap_or_default().to_owned(),
                p["required"].as_bool().unwrap_or_default(),
            )
        })
        .collect();
    let expected = [
        ("query", "since", false),
        ("query", "limit", false),
        ("query", "tags", false),
        ("query", "order", true),
        ("header", "x-token", true),
        ("header", "trace-id", false),
    ];
    let expected: Vec<(String, String, bool)> = expected
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), *c))
        .collect();
    assert_eq!(summary, expected);
    assert_eq!(
        parameters[1]["schema"],
        json!({ "type": "integer", "minimum": 1, "default": 10 })
    );
    assert_eq!(parameters[2]["style"], "form");
    assert_eq!(parameters[2]["explode"], true);
}

#[test]
fn test_openapi_query_sets_and_tuples_are_repeated_keys() {
    let document = types_document();
    let parameters = document["paths"]["/api/scalars/{day}"]["get"]["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let by_name = |name: &str| {
        parameters
            .iter()
            .find(|p| p["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("parameter {name}"))
    };
    for name in ["ids", "pair"] {
        assert_eq!(by_name(name)["style"], "form", "{name}");
        assert_eq!(by_name(name)["explode"], true, "{name}");
    }
    assert!(by_name("either").get("style").is_none());
    assert_eq!(
        by_name("day")["schema"],
        json!({ "type": "string", "format": "date" })
    );
    assert_eq!(by_name("x-token")["in"], "header");
}

// ---------------------------------------------------------------------------------------------
// discover's real output: the types fixture (every msgspec type and Struct option), as
// `bolt build` would document it. Validated as OpenAPI 3.1 (and against msgspec's own
// encodings of the fixture's values) by python/tests/test_openapi_discover_types.py.

fn discover_types_manifest() -> Manifest {
    support::fixture_manifest("types")
}

fn discover_types_document() -> Value {
    openapi_document(&discover_types_manifest(), &ApiInfo::default())
}

#[test]
fn test_openapi_discover_types_fixture_matches_snapshot() {
    insta::assert_snapshot!(
        "openapi_discover_types",
        openapi_json(&discover_types_manifest(), &ApiInfo::default())
    );
}

#[test]
fn test_openapi_discover_types_fixture_twice_is_byte_identical() {
    let first = openapi_json(&discover_types_manifest(), &ApiInfo::default());
    let second = openapi_json(&discover_types_manifest(), &ApiInfo::default());
    assert_eq!(first.as_bytes(), second.as_bytes());
}

#[test]
fn test_openapi_discover_types_fixture_references_resolve_and_operations_are_unique() {
    let manifest = discover_types_manifest();
    let document = openapi_document(&manifest, &ApiInfo::default());
    let text = document.to_string();
    let schemas = &document["components"]["schemas"];
    for reference in text.split("\"$ref\":\"").skip(1) {
        let target = reference.split('"').next().unwrap_or_default();
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("local component ref: {target}"));
        assert!(schemas.get(name).is_some(), "{target} resolves");
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
            "component name {name} matches ^[a-zA-Z0-9.\\-_]+$"
        );
    }
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
fn test_openapi_discover_types_fixture_documents_every_struct_and_enum() {
    let manifest = discover_types_manifest();
    let document = openapi_document(&manifest, &ApiInfo::default());
    let titles: Vec<String> = document["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(_, schema)| schema["title"].as_str().map(str::to_owned))
        .collect();
    let reached = [
        "Scalars",
        "Collections",
        "Choices",
        "Shapes",
        "Circle",
        "Square",
        "Row",
        "Cased",
        "Upper",
        "Pascal",
        "OrderedChild",
        "Tree",
        "Owner",
        "Colour",
        "Priority",
        "Status",
        "Plain",
        "Letter",
    ];
    for title in reached {
        assert!(
            titles.iter().any(|t| t == title),
            "component titled {title}"
        );
    }
}

#[test]
fn test_openapi_discover_types_fixture_tagged_union_and_array_like() {
    let document = discover_types_document();
    let schemas = &document["components"]["schemas"];
    let shape = &schemas["Shapes"]["properties"]["shape"];
    assert_eq!(shape["discriminator"]["propertyName"], "kind");
    assert_eq!(
        shape["discriminator"]["mapping"],
        json!({ "Circle": "#/components/schemas/Circle", "sq": "#/components/schemas/Square" })
    );
    let row = &schemas["Row"];
    assert_eq!(row["type"], "array");
    assert_eq!(row["minItems"], 1);
    assert_eq!(
        schemas["Circle"]["properties"]["kind"],
        json!({ "enum": ["Circle"] })
    );
}
