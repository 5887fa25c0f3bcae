//! OpenAPI 3.1 from the Manifest, with no Python import (DESIGN.md: `openapi` takes `&Manifest`).
//!
//! Output is deterministic: objects are `BTreeMap`s (serde_json without `preserve_order`
//! sorts keys), pretty-printed and newline-terminated, so the checked-in `bolt/openapi.json`
//! diffs cleanly.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::manifest::{
    Constraints, Field, Manifest, Param, ParamSource, Route, StructDef, TypeRef,
};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";
/// Component name of the 422 body.
const VALIDATION_ERROR_SCHEMA: &str = "HTTPValidationError";
/// Component name of one 422 entry.
const VALIDATION_ERROR_ITEM_SCHEMA: &str = "ValidationError";
/// Component name of an error body, `{"detail": ..., "extra"?: ...}`.
const DETAIL_SCHEMA: &str = "ErrorDetail";
/// The response key for "any status not listed" (OpenAPI's `default` response).
const DEFAULT_RESPONSE: &str = "default";
/// Description of an operation's success response.
const SUCCESS_DESCRIPTION: &str = "Successful Response";
/// Media type of JSON bodies.
const JSON_MEDIA_TYPE: &str = "application/json";
/// Media type of `str` results.
const TEXT_MEDIA_TYPE: &str = "text/plain";
/// Where component schemas are referenced from.
const COMPONENT_REF_PREFIX: &str = "#/components/schemas/";

/// Document-level information that is not part of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiInfo {
    pub title: String,
    pub version: String,
}

impl Default for ApiInfo {
    fn default() -> Self {
        Self {
            title: "Bolt API".to_owned(),
            version: "0.1.0".to_owned(),
        }
    }
}

/// The OpenAPI document for `manifest`, as pretty, newline-terminated JSON.
pub fn openapi_json(manifest: &Manifest, info: &ApiInfo) -> String {
    let document = openapi_document(manifest, info);
    let mut text =
        serde_json::to_string_pretty(&document).expect("an OpenAPI document is plain JSON data");
    text.push('\n');
    text
}

/// The OpenAPI document for `manifest`.
pub fn openapi_document(manifest: &Manifest, info: &ApiInfo) -> Value {
    let names = ComponentNames::new(manifest);
    let operation_ids = operation_ids(&manifest.routes);
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for (route, operation_id) in manifest.routes.iter().zip(&operation_ids) {
        let item = paths.entry(openapi_path(&route.path)).or_default();
        item.insert(
            route.method.as_str().to_ascii_lowercase(),
            operation(route, operation_id, &names),
        );
    }
    let mut schemas: BTreeMap<String, Value> = manifest
        .structs
        .iter()
        .map(|(key, def)| (names.name(key).to_owned(), struct_schema(def, &names)))
        .collect();
    schemas.extend(error_schemas());
    json!({
        "openapi": OPENAPI_VERSION,
        "info": { "title": info.title, "version": info.version },
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

/// `/files/{p:path}` → `/files/{p}` (OpenAPI has no converters).
fn openapi_path(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        let name = inner.split(':').next().unwrap_or(inner);
        out.push('{');
        out.push_str(name);
        out.push('}');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Unique operation ids: the handler's name, qualified by module only where names clash.
fn operation_ids(routes: &[Route]) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for route in routes {
        *counts.entry(route.handler.qualname.as_str()).or_default() += 1;
    }
    routes
        .iter()
        .map(|route| {
            let qualname = route.handler.qualname.as_str();
            if counts.get(qualname).copied().unwrap_or(0) > 1 {
                format!(
                    "{}.{}_{}",
                    route.handler.module,
                    qualname,
                    route.method.as_str().to_ascii_lowercase()
                )
            } else {
                qualname.to_owned()
            }
        })
        .collect()
}

fn operation(route: &Route, operation_id: &str, names: &ComponentNames) -> Value {
    let mut op = Map::new();
    op.insert("operationId".into(), json!(operation_id));
    let docs = &route.operation;
    if !docs.tags.is_empty() {
        op.insert("tags".into(), json!(docs.tags));
    }
    let docstring_summary = docs.docstring.as_deref().and_then(|d| d.lines().next());
    if let Some(summary) = docs.summary.as_deref().or(docstring_summary) {
        op.insert("summary".into(), json!(summary));
    }
    if let Some(description) = docs.description.as_deref().or(docs.docstring.as_deref()) {
        op.insert("description".into(), json!(description));
    }
    let parameters: Vec<Value> = route
        .params
        .iter()
        .filter_map(|param| parameter(param, names))
        .collect();
    if !parameters.is_empty() {
        op.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(body) = route.params.iter().find(|p| p.source == ParamSource::Body) {
        op.insert(
            "requestBody".into(),
            json!({
                "required": body.required,
                "content": { JSON_MEDIA_TYPE: { "schema": type_schema(&body.ty, names) } },
            }),
        );
    }
    op.insert("responses".into(), responses(route, names));
    Value::Object(op)
}

fn parameter(param: &Param, names: &ComponentNames) -> Option<Value> {
    let location = match param.source {
        ParamSource::Path => "path",
        ParamSource::Query => "query",
        ParamSource::Header => "header",
        ParamSource::Cookie => "cookie",
        ParamSource::Body | ParamSource::Request => return None,
    };
    let mut schema = type_schema(&param.ty, names);
    if let (Some(default), Value::Object(map)) = (&param.default, &mut schema) {
        map.insert("default".into(), default.clone());
    }
    let mut value = json!({
        "name": param.wire_name(),
        "in": location,
        "required": param.required || param.source == ParamSource::Path,
        "schema": schema,
    });
    if param.source == ParamSource::Query && matches!(param.ty, TypeRef::List { .. }) {
        value["style"] = json!("form");
        value["explode"] = json!(true);
    }
    Some(value)
}

fn responses(route: &Route, names: &ComponentNames) -> Value {
    let mut responses = Map::new();
    let success = match &route.response {
        // A `str` result is sent as `text/plain` (docs/internals.md §5).
        Some(ty @ TypeRef::Str { .. }) => json!({
            "description": SUCCESS_DESCRIPTION,
            "content": { TEXT_MEDIA_TYPE: { "schema": type_schema(ty, names) } },
        }),
        Some(ty) => json!({
            "description": SUCCESS_DESCRIPTION,
            "content": { JSON_MEDIA_TYPE: { "schema": type_schema(ty, names) } },
        }),
        // No type to convert to (no annotation, a response class, `bytes`): the body is
        // whatever the handler returns, so its content is not described.
        None => json!({ "description": SUCCESS_DESCRIPTION }),
    };
    responses.insert(route.status_code.to_string(), success);
    let has_inputs = route
        .params
        .iter()
        .any(|p| !matches!(p.source, ParamSource::Request));
    if has_inputs {
        responses.insert(
            "422".into(),
            json!({
                "description": "Validation Error",
                "content": { JSON_MEDIA_TYPE: { "schema": component_ref(VALIDATION_ERROR_SCHEMA) } },
            }),
        );
    }
    // Any handler may raise `HTTPException` (404, 409, …) and any failure is a 500: every
    // error Bolt or a handler produces has the same JSON shape (docs/internals.md §5).
    responses.insert(
        DEFAULT_RESPONSE.into(),
        json!({
            "description": "Error",
            "content": { JSON_MEDIA_TYPE: { "schema": component_ref(DETAIL_SCHEMA) } },
        }),
    );
    Value::Object(responses)
}

fn struct_schema(def: &StructDef, names: &ComponentNames) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in &def.fields {
        properties.insert(field.json_key().to_owned(), field_schema(field, names));
        if field.required {
            required.push(field.json_key().to_owned());
        }
    }
    let mut schema = json!({
        "type": "object",
        "title": def.qualname,
        "properties": properties,
    });
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    if def.forbid_unknown_fields {
        schema["additionalProperties"] = json!(false);
    }
    if let Some(doc) = &def.docstring {
        schema["description"] = json!(doc);
    }
    schema
}

fn field_schema(field: &Field, names: &ComponentNames) -> Value {
    let mut schema = type_schema(&field.ty, names);
    if let (Some(default), Value::Object(map)) = (&field.default, &mut schema) {
        map.insert("default".into(), default.clone());
    }
    schema
}

/// JSON Schema (OpenAPI 3.1 dialect) of a type.
fn type_schema(ty: &TypeRef, names: &ComponentNames) -> Value {
    match ty {
        TypeRef::Any => json!({}),
        TypeRef::None => json!({ "type": "null" }),
        TypeRef::Bool => json!({ "type": "boolean" }),
        TypeRef::Int { constraints } => with_constraints(json!({ "type": "integer" }), constraints),
        TypeRef::Float { constraints } => {
            with_constraints(json!({ "type": "number" }), constraints)
        }
        TypeRef::Str { constraints } => with_constraints(json!({ "type": "string" }), constraints),
        TypeRef::List { items, constraints } => with_constraints(
            json!({ "type": "array", "items": type_schema(items, names) }),
            constraints,
        ),
        TypeRef::Dict { values, .. } => json!({
            "type": "object",
            "additionalProperties": type_schema(values, names),
        }),
        TypeRef::Optional { inner } => json!({
            "anyOf": [type_schema(inner, names), { "type": "null" }],
        }),
        TypeRef::Struct { name } => component_ref(names.name(name)),
        // The types of #3 are documented once discover produces them.
        _ => json!({}),
    }
}

fn with_constraints(mut schema: Value, constraints: &Constraints) -> Value {
    let is_array = schema["type"] == "array";
    let (min_key, max_key) = if is_array {
        ("minItems", "maxItems")
    } else {
        ("minLength", "maxLength")
    };
    let entries = [
        (
            "exclusiveMinimum",
            constraints.gt.clone().map(Value::Number),
        ),
        ("minimum", constraints.ge.clone().map(Value::Number)),
        (
            "exclusiveMaximum",
            constraints.lt.clone().map(Value::Number),
        ),
        ("maximum", constraints.le.clone().map(Value::Number)),
        (
            "multipleOf",
            constraints.multiple_of.clone().map(Value::Number),
        ),
        (min_key, constraints.min_length.map(Value::from)),
        (max_key, constraints.max_length.map(Value::from)),
        ("pattern", constraints.pattern.clone().map(Value::from)),
    ];
    if let Value::Object(map) = &mut schema {
        for (key, value) in entries {
            if let Some(value) = value {
                map.insert(key.to_owned(), value);
            }
        }
    }
    schema
}

fn component_ref(name: &str) -> Value {
    json!({ "$ref": format!("{COMPONENT_REF_PREFIX}{name}") })
}

/// The error bodies Bolt produces (docs/internals.md §6).
fn error_schemas() -> [(String, Value); 3] {
    [
        (
            VALIDATION_ERROR_ITEM_SCHEMA.to_owned(),
            json!({
                "type": "object",
                "title": VALIDATION_ERROR_ITEM_SCHEMA,
                "required": ["type", "loc", "msg"],
                "properties": {
                    "type": { "type": "string" },
                    "loc": { "type": "array", "items": { "anyOf": [{ "type": "string" }, { "type": "integer" }] } },
                    "msg": { "type": "string" },
                    "input": {},
                    "ctx": { "type": "object" },
                },
            }),
        ),
        (
            VALIDATION_ERROR_SCHEMA.to_owned(),
            json!({
                "type": "object",
                "title": VALIDATION_ERROR_SCHEMA,
                "required": ["detail"],
                "properties": {
                    "detail": { "type": "array", "items": component_ref(VALIDATION_ERROR_ITEM_SCHEMA) },
                },
            }),
        ),
        (
            DETAIL_SCHEMA.to_owned(),
            json!({
                "type": "object",
                "title": DETAIL_SCHEMA,
                "description": "An error: `detail` is a message (or the value the handler's `HTTPException` carries), `extra` any extra data it carries.",
                "required": ["detail"],
                "properties": { "detail": {}, "extra": {} },
            }),
        ),
    ]
}

/// Component names for Structs: the class name, module-qualified only where names clash.
#[derive(Debug)]
struct ComponentNames {
    by_key: BTreeMap<String, String>,
}

impl ComponentNames {
    fn new(manifest: &Manifest) -> Self {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for def in manifest.structs.values() {
            *seen.entry(def.qualname.as_str()).or_default() += 1;
        }
        let reserved: BTreeSet<&str> = [
            VALIDATION_ERROR_SCHEMA,
            VALIDATION_ERROR_ITEM_SCHEMA,
            DETAIL_SCHEMA,
        ]
        .into();
        let by_key = manifest
            .structs
            .iter()
            .map(|(key, def)| {
                let short = def.qualname.as_str();
                let clashes = seen.get(short).copied().unwrap_or(0) > 1 || reserved.contains(short);
                let name = if clashes {
                    key.clone()
                } else {
                    short.to_owned()
                };
                (key.clone(), name)
            })
            .collect();
        Self { by_key }
    }

    fn name<'a>(&'a self, key: &'a str) -> &'a str {
        self.by_key.get(key).map_or(key, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_path_drops_converters() {
        assert_eq!(openapi_path("/files/{p:path}"), "/files/{p}");
        assert_eq!(openapi_path("/a/{x}/b/{y}"), "/a/{x}/b/{y}");
        assert_eq!(openapi_path("/"), "/");
    }

    #[test]
    fn empty_manifest_has_error_components_and_no_paths() {
        let doc = openapi_document(&Manifest::new(), &ApiInfo::default());
        assert_eq!(doc["openapi"], OPENAPI_VERSION);
        assert_eq!(doc["paths"], json!({}));
        assert!(doc["components"]["schemas"][VALIDATION_ERROR_SCHEMA].is_object());
    }

    fn route(response: Option<TypeRef>, params: Vec<Param>) -> Route {
        use crate::manifest::{Handler, HandlerKind, HttpMethod, Operation, Span};
        Route {
            method: HttpMethod::Get,
            path: "/r".into(),
            api: "m:api".into(),
            handler: Handler {
                module: "m".into(),
                qualname: "r".into(),
                kind: HandlerKind::Sync,
            },
            params,
            status_code: 200,
            response,
            operation: Operation::default(),
            span: Span {
                file: "m.py".into(),
                line: 1,
                column: 1,
            },
        }
    }

    fn responses_of(route: &Route) -> Value {
        let names = ComponentNames {
            by_key: BTreeMap::new(),
        };
        responses(route, &names)
    }

    #[test]
    fn test_responses_str_result_is_text_plain() {
        let responses = responses_of(&route(Some(TypeRef::str()), Vec::new()));
        assert_eq!(
            responses["200"]["content"],
            json!({ "text/plain": { "schema": { "type": "string" } } })
        );
    }

    #[test]
    fn test_responses_unknown_result_has_no_content_and_json_results_do() {
        let responses = responses_of(&route(None, Vec::new()));
        assert_eq!(
            responses["200"],
            json!({ "description": SUCCESS_DESCRIPTION })
        );
        let responses = responses_of(&route(Some(TypeRef::None), Vec::new()));
        assert_eq!(
            responses["200"]["content"],
            json!({ "application/json": { "schema": { "type": "null" } } })
        );
    }

    #[test]
    fn test_responses_default_error_always_and_422_only_with_inputs() {
        let plain = responses_of(&route(None, Vec::new()));
        assert_eq!(
            plain[DEFAULT_RESPONSE]["content"]["application/json"]["schema"],
            component_ref(DETAIL_SCHEMA)
        );
        assert!(plain.get("422").is_none());
        let query = Param {
            name: "q".into(),
            source: ParamSource::Query,
            alias: None,
            ty: TypeRef::int(),
            required: true,
            default: None,
        };
        let with_input = responses_of(&route(None, vec![query]));
        assert_eq!(
            with_input["422"]["content"]["application/json"]["schema"],
            component_ref(VALIDATION_ERROR_SCHEMA)
        );
    }

    #[test]
    fn constraints_map_to_json_schema_keywords() {
        let ty = TypeRef::Int {
            constraints: Constraints {
                ge: Some(1.into()),
                le: Some(10.into()),
                ..Constraints::default()
            },
        };
        let names = ComponentNames {
            by_key: BTreeMap::new(),
        };
        assert_eq!(
            type_schema(&ty, &names),
            json!({ "type": "integer", "minimum": 1, "maximum": 10 })
        );
        let list = TypeRef::List {
            items: Box::new(TypeRef::str()),
            constraints: Constraints {
                max_length: Some(3),
                ..Constraints::default()
            },
        };
        assert_eq!(
            type_schema(&list, &names),
            json!({ "type": "array", "items": { "type": "string" }, "maxItems": 3 })
        );
    }
}
