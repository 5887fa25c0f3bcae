//! OpenAPI 3.1 from the Manifest, with no Python import (DESIGN.md: `openapi` takes `&Manifest`).
//!
//! Output is deterministic: objects are `BTreeMap`s (serde_json without `preserve_order`
//! sorts keys), pretty-printed and newline-terminated, so the checked-in `bolt/openapi.json`
//! diffs cleanly.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Number, Value, json};

use crate::manifest::{
    Constraints, EnumDef, ErrorBody, Field, Manifest, OpenApiInfo, Param, ParamSource, Route,
    StructDef, StructTag, TagValue, TypeRef,
};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";
/// Component name of the 422 body.
const VALIDATION_ERROR_SCHEMA: &str = "HTTPValidationError";
/// Component name of one 422 entry.
const VALIDATION_ERROR_ITEM_SCHEMA: &str = "ValidationError";
/// Component name of an error body, `{"detail": ..., "extra"?: ...}`.
const DETAIL_SCHEMA: &str = "ErrorDetail";
/// Component names of `problem_details`' bodies (django-bolt 0.13's Structs).
const PROBLEM_DETAILS_SCHEMA: &str = "ProblemDetails";
const PROBLEM_FIELD_ERROR_SCHEMA: &str = "ProblemFieldError";
/// RFC 9457's media type.
const PROBLEM_JSON_MEDIA_TYPE: &str = "application/problem+json";
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

/// The document's `info`: the first API's (by module and name) `OpenAPIConfig`, else a
/// default title and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiInfo(OpenApiInfo);

impl Default for ApiInfo {
    fn default() -> Self {
        Self(OpenApiInfo {
            title: "Bolt API".to_owned(),
            version: "0.1.0".to_owned(),
            summary: None,
            description: None,
            terms_of_service: None,
        })
    }
}

impl ApiInfo {
    /// The info `manifest`'s APIs configure, else the default.
    pub fn of(manifest: &Manifest) -> Self {
        manifest
            .apis
            .iter()
            .find_map(|api| api.openapi.clone())
            .map_or_else(Self::default, Self)
    }

    fn to_json(&self) -> Value {
        let info = &self.0;
        let mut object = Map::new();
        object.insert("title".into(), json!(info.title));
        object.insert("version".into(), json!(info.version));
        for (key, value) in [
            ("summary", &info.summary),
            ("description", &info.description),
            ("termsOfService", &info.terms_of_service),
        ] {
            if let Some(value) = value {
                object.insert(key.into(), json!(value));
            }
        }
        Value::Object(object)
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
    let ctx = Context::new(manifest);
    let operation_ids = operation_ids(&manifest.routes);
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for (route, operation_id) in manifest.routes.iter().zip(&operation_ids) {
        if route.operation.hidden {
            continue;
        }
        let item = paths.entry(openapi_path(&route.path)).or_default();
        item.insert(
            route.method.as_str().to_ascii_lowercase(),
            operation(route, operation_id, &ctx),
        );
    }
    let mut schemas: BTreeMap<String, Value> = manifest
        .structs
        .iter()
        .map(|(key, def)| {
            (
                ctx.names.name(key).to_owned(),
                struct_schema(key, def, &ctx),
            )
        })
        .collect();
    schemas.extend(
        manifest
            .enums
            .iter()
            .map(|(key, def)| (ctx.names.name(key).to_owned(), enum_schema(def))),
    );
    schemas.extend(error_schemas());
    if ctx
        .error_bodies
        .values()
        .any(|body| *body == ErrorBody::ProblemDetails)
    {
        schemas.extend(problem_details_schemas());
    }
    json!({
        "openapi": OPENAPI_VERSION,
        "info": info.to_json(),
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

/// What schema generation needs besides the type itself: the Struct definitions (tagged
/// unions are documented from their members' tags) and the component names.
#[derive(Debug)]
struct Context<'m> {
    structs: &'m BTreeMap<String, StructDef>,
    names: ComponentNames,
    /// The error body of each API with an `error_formatter=`, by `"module:name"`.
    error_bodies: BTreeMap<String, ErrorBody>,
}

impl<'m> Context<'m> {
    fn new(manifest: &'m Manifest) -> Self {
        Self {
            structs: &manifest.structs,
            names: ComponentNames::new(manifest),
            error_bodies: manifest
                .apis
                .iter()
                .filter_map(|api| {
                    let formatter = api.error_formatter.as_ref()?;
                    Some((format!("{}:{}", api.module, api.name), formatter.body))
                })
                .collect(),
        }
    }

    /// The content of `route`'s error responses: Bolt's JSON `fallback` component, or what
    /// its API's formatter makes (`None`: not described).
    fn error_content(&self, route: &Route, fallback: &str) -> Option<Value> {
        match self.error_bodies.get(&route.api) {
            None => Some(json!({ JSON_MEDIA_TYPE: { "schema": component_ref(fallback) } })),
            Some(ErrorBody::ProblemDetails) => Some(json!({
                PROBLEM_JSON_MEDIA_TYPE: { "schema": component_ref(PROBLEM_DETAILS_SCHEMA) }
            })),
            Some(ErrorBody::Undocumented) => None,
        }
    }
}

/// A response object: `description`, and `content` when there is one.
fn described(description: &str, content: Option<Value>) -> Value {
    match content {
        Some(content) => json!({ "description": description, "content": content }),
        None => json!({ "description": description }),
    }
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

/// Unique operation ids: the handler's name, qualified by module and method where names
/// clash, and by path where one handler serves several paths with one method (a router
/// included twice, two decorators).
fn operation_ids(routes: &[Route]) -> Vec<String> {
    let ids = handler_operation_ids(routes);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &ids {
        *counts.entry(id.as_str()).or_default() += 1;
    }
    ids.iter()
        .zip(routes)
        .map(|(id, route)| {
            if counts.get(id.as_str()).copied().unwrap_or(0) > 1 {
                let slug: String = route
                    .path
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                format!("{id}_{}", slug.trim_matches('_'))
            } else {
                id.clone()
            }
        })
        .collect()
}

fn handler_operation_ids(routes: &[Route]) -> Vec<String> {
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

fn operation(route: &Route, operation_id: &str, ctx: &Context<'_>) -> Value {
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
    // The handler's and its dependencies' parameters; one read by several (same name, same
    // place) is one OpenAPI parameter, as the spec requires, described by its first reader.
    let mut seen = std::collections::BTreeSet::new();
    let parameters: Vec<Value> = route
        .wire_params()
        .flat_map(|param| parameters(param, ctx))
        .filter(|parameter| {
            seen.insert((parameter["in"].to_string(), parameter["name"].to_string()))
        })
        .collect();
    if !parameters.is_empty() {
        op.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(body) = route.wire_params().find(|p| p.source == ParamSource::Body) {
        op.insert(
            "requestBody".into(),
            json!({
                "required": body.required,
                "content": { JSON_MEDIA_TYPE: { "schema": type_schema(&body.ty, ctx) } },
            }),
        );
    }
    op.insert("responses".into(), responses(route, ctx));
    Value::Object(op)
}

/// The OpenAPI location of a parameter source, `None` for sources that are not parameters.
fn location(source: ParamSource) -> Option<&'static str> {
    match source {
        ParamSource::Path => Some("path"),
        ParamSource::Query => Some("query"),
        ParamSource::Header => Some("header"),
        ParamSource::Cookie => Some("cookie"),
        ParamSource::Body | ParamSource::Request | ParamSource::Depends => None,
    }
}

/// The OpenAPI parameters of one handler parameter: one, none (body, request), or one per
/// field for a parameter model (`Annotated[Filters, Query()]`: each field is read from the
/// source by its JSON key).
fn parameters(param: &Param, ctx: &Context<'_>) -> Vec<Value> {
    let Some(location) = location(param.source) else {
        return Vec::new();
    };
    if let Some(def) = parameter_model(&param.ty, ctx) {
        return def
            .fields
            .iter()
            .map(|field| {
                parameter_object(
                    param.source.wire_name(field.json_key()),
                    location,
                    param.required && field.required,
                    &field.ty,
                    field_schema(field, ctx),
                )
            })
            .collect();
    }
    let mut schema = type_schema(&param.ty, ctx);
    if let (Some(default), Value::Object(map)) = (&param.default, &mut schema) {
        map.insert("default".into(), default.clone());
    }
    let required = param.required || param.source == ParamSource::Path;
    vec![parameter_object(
        param.wire_name(),
        location,
        required,
        &param.ty,
        schema,
    )]
}

/// The Struct of a parameter model: a non-body parameter whose type is a Struct (or an
/// optional one) documented as an object.
fn parameter_model<'c>(ty: &TypeRef, ctx: &'c Context<'_>) -> Option<&'c StructDef> {
    let name = match ty {
        TypeRef::Struct { name } => name,
        TypeRef::Optional { inner } => match inner.as_ref() {
            TypeRef::Struct { name } => name,
            _ => return None,
        },
        _ => return None,
    };
    ctx.structs.get(name).filter(|def| !def.array_like)
}

fn parameter_object(
    name: String,
    location: &str,
    required: bool,
    ty: &TypeRef,
    schema: Value,
) -> Value {
    let mut value = json!({
        "name": name,
        "in": location,
        "required": required,
        "schema": schema,
    });
    if location == "query" && is_repeated(ty) {
        value["style"] = json!("form");
        value["explode"] = json!(true);
    }
    value
}

/// A query value given as repeated keys (`?tag=a&tag=b`).
fn is_repeated(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::List { .. }
        | TypeRef::Set { .. }
        | TypeRef::FrozenSet { .. }
        | TypeRef::Tuple { .. }
        | TypeRef::FixedTuple { .. } => true,
        TypeRef::Optional { inner } => is_repeated(inner),
        _ => false,
    }
}

fn responses(route: &Route, ctx: &Context<'_>) -> Value {
    let mut responses = Map::new();
    let success = match &route.response {
        // A `str` result is sent as `text/plain` (docs/internals.md §5).
        Some(ty @ TypeRef::Str { .. }) => json!({
            "description": SUCCESS_DESCRIPTION,
            "content": { TEXT_MEDIA_TYPE: { "schema": type_schema(ty, ctx) } },
        }),
        Some(ty) => json!({
            "description": SUCCESS_DESCRIPTION,
            "content": { JSON_MEDIA_TYPE: { "schema": type_schema(ty, ctx) } },
        }),
        // No type to convert to (no annotation, a response class, `bytes`): the body is
        // whatever the handler returns, so its content is not described.
        None => json!({ "description": SUCCESS_DESCRIPTION }),
    };
    responses.insert(route.status_code.to_string(), success);
    let has_inputs = route
        .wire_params()
        .any(|p| !matches!(p.source, ParamSource::Request));
    if has_inputs {
        responses.insert(
            "422".into(),
            described(
                "Validation Error",
                ctx.error_content(route, VALIDATION_ERROR_SCHEMA),
            ),
        );
    }
    // Any handler may raise `HTTPException` (404, 409, …) and any failure is a 500: every
    // error Bolt or a handler produces has the same JSON shape (docs/internals.md §5).
    responses.insert(
        DEFAULT_RESPONSE.into(),
        described("Error", ctx.error_content(route, DETAIL_SCHEMA)),
    );
    // A multi-status `response_model={...}` documents each of its codes (`...`: `default`).
    for (code, ty) in &route.responses {
        let description = match code.parse::<u16>() {
            Ok(status) if (200..300).contains(&status) => SUCCESS_DESCRIPTION,
            Ok(_) => "Error",
            Err(_) => "Other responses",
        };
        let entry = match ty {
            Some(ty) => json!({
                "description": description,
                "content": { JSON_MEDIA_TYPE: { "schema": type_schema(ty, ctx) } },
            }),
            None => json!({ "description": description }),
        };
        responses.insert(code.clone(), entry);
    }
    Value::Object(responses)
}

/// A Struct's component, like `msgspec.json.schema_components`: an object with one property
/// per field (JSON keys) and the tag property first when tagged; an `array_like` Struct is an
/// array of its field values (preceded by the tag), with the trailing defaulted ones optional.
fn struct_schema(key: &str, def: &StructDef, ctx: &Context<'_>) -> Value {
    let tag = def
        .tag
        .as_ref()
        .map(|tag| (tag.field.clone(), json!({ "enum": [tag.value.to_json()] })));
    let mut schema = Map::new();
    schema.insert("title".into(), json!(struct_title(key, def)));
    if def.array_like {
        let mut items: Vec<Value> = tag.map(|(_, schema)| schema).into_iter().collect();
        items.extend(def.fields.iter().map(|field| field_schema(field, ctx)));
        let trailing_defaults = def
            .fields
            .iter()
            .rev()
            .take_while(|field| !field.required)
            .count();
        let min_items = items.len() - trailing_defaults;
        if def.forbid_unknown_fields {
            schema.insert("maxItems".into(), json!(items.len()));
        }
        schema.insert("type".into(), json!("array"));
        schema.insert("minItems".into(), json!(min_items));
        if !items.is_empty() {
            schema.insert("prefixItems".into(), Value::Array(items));
        }
    } else {
        let mut properties = Map::new();
        let mut required = Vec::new();
        if let Some((field, tag_schema)) = tag {
            properties.insert(field.clone(), tag_schema);
            required.push(field);
        }
        for field in &def.fields {
            properties.insert(field.json_key().to_owned(), field_schema(field, ctx));
            if field.required {
                required.push(field.json_key().to_owned());
            }
        }
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), json!(required));
        }
        if def.forbid_unknown_fields {
            schema.insert("additionalProperties".into(), json!(false));
        }
    }
    if let Some(doc) = &def.docstring {
        schema.insert("description".into(), json!(doc));
    }
    Value::Object(schema)
}

/// The qualname, with the type arguments of a generic Struct (`Page[int]`).
fn struct_title(key: &str, def: &StructDef) -> String {
    let plain = format!("{}.{}", def.module, def.qualname);
    match key.strip_prefix(plain.as_str()) {
        Some(arguments) if arguments.starts_with('[') => format!("{}{arguments}", def.qualname),
        _ => def.qualname.clone(),
    }
}

/// An Enum's component, like msgspec's: its member values, sorted, and its docstring.
fn enum_schema(def: &EnumDef) -> Value {
    let mut schema = json!({
        "title": def.qualname,
        "enum": sorted_values(&def.values),
    });
    if let Some(doc) = &def.docstring {
        schema["description"] = json!(doc);
    }
    schema
}

fn field_schema(field: &Field, ctx: &Context<'_>) -> Value {
    let mut schema = type_schema(&field.ty, ctx);
    if let (Some(default), Value::Object(map)) = (&field.default, &mut schema) {
        map.insert("default".into(), default.clone());
    }
    schema
}

/// JSON Schema (OpenAPI 3.1 dialect) of a type, as `msgspec.json.schema_components` writes it.
fn type_schema(ty: &TypeRef, ctx: &Context<'_>) -> Value {
    match ty {
        TypeRef::Any => json!({}),
        TypeRef::None => null_schema(),
        TypeRef::Bool => json!({ "type": "boolean" }),
        TypeRef::Int { constraints } => with_constraints(json!({ "type": "integer" }), constraints),
        TypeRef::Float { constraints } => {
            with_constraints(json!({ "type": "number" }), constraints)
        }
        TypeRef::Str { constraints } => with_constraints(json!({ "type": "string" }), constraints),
        TypeRef::Bytes { constraints, .. } => bytes_schema(constraints),
        // A naive or aware datetime is not an RFC 3339 `date-time` (which needs an offset):
        // the format is only claimed when `Meta(tz=True)` requires one, like msgspec does.
        TypeRef::Datetime { constraints } => match constraints.tz {
            Some(true) => string_format("date-time"),
            _ => json!({ "type": "string" }),
        },
        TypeRef::Date => string_format("date"),
        TypeRef::Time { constraints } => match constraints.tz {
            Some(true) => string_format("time"),
            Some(false) => string_format("partial-time"),
            None => json!({ "type": "string" }),
        },
        TypeRef::Timedelta => string_format("duration"),
        TypeRef::Uuid => string_format("uuid"),
        // msgspec allows no numeric constraints on Decimal, so only its format is documented.
        TypeRef::Decimal { .. } => string_format("decimal"),
        TypeRef::Enum { name } => component_ref(ctx.names.name(name)),
        TypeRef::Literal { values } => json!({ "enum": sorted_values(values) }),
        TypeRef::List { items, constraints } | TypeRef::Tuple { items, constraints } => {
            with_constraints(array_of(items, ctx), constraints)
        }
        TypeRef::Set { items, constraints } | TypeRef::FrozenSet { items, constraints } => {
            let mut schema = with_constraints(array_of(items, ctx), constraints);
            schema["uniqueItems"] = json!(true);
            schema
        }
        TypeRef::FixedTuple { items } => {
            let mut schema = json!({
                "type": "array",
                "minItems": items.len(),
                "maxItems": items.len(),
            });
            if !items.is_empty() {
                let prefix: Vec<Value> = items.iter().map(|item| type_schema(item, ctx)).collect();
                schema["prefixItems"] = Value::Array(prefix);
                schema["items"] = json!(false);
            }
            schema
        }
        TypeRef::Dict {
            keys,
            values,
            constraints,
        } => dict_schema(keys, values, constraints, ctx),
        TypeRef::Optional { inner } => match inner.as_ref() {
            TypeRef::Union { variants } => union_schema(variants, true, ctx),
            inner => union_schema(std::slice::from_ref(inner), true, ctx),
        },
        TypeRef::Union { variants } => union_schema(variants, false, ctx),
        TypeRef::Struct { name } => component_ref(ctx.names.name(name)),
    }
}

fn null_schema() -> Value {
    json!({ "type": "null" })
}

fn string_format(format: &str) -> Value {
    json!({ "type": "string", "format": format })
}

/// `items` is kept for `Any` items (`{}`), as documents written before #3 have it.
fn array_of(items: &TypeRef, ctx: &Context<'_>) -> Value {
    json!({ "type": "array", "items": type_schema(items, ctx) })
}

/// Base64 text: length bounds count decoded bytes, so they are converted to text lengths.
fn bytes_schema(constraints: &Constraints) -> Value {
    let encoded = |bytes: u64| 4 * bytes.div_ceil(3);
    let mut schema = json!({ "type": "string", "contentEncoding": "base64" });
    if let Some(min) = constraints.min_length {
        schema["minLength"] = json!(encoded(min));
    }
    if let Some(max) = constraints.max_length {
        schema["maxLength"] = json!(encoded(max));
    }
    schema
}

/// JSON object keys are strings: constraints of `str` keys are documented as `propertyNames`,
/// the number of entries as `minProperties`/`maxProperties`.
fn dict_schema(
    keys: &TypeRef,
    values: &TypeRef,
    constraints: &Constraints,
    ctx: &Context<'_>,
) -> Value {
    let mut schema = json!({
        "type": "object",
        "additionalProperties": type_schema(values, ctx),
    });
    if let TypeRef::Str {
        constraints: key_constraints,
    } = keys
    {
        let names = with_constraints(json!({}), key_constraints);
        if names.as_object().is_some_and(|map| !map.is_empty()) {
            schema["propertyNames"] = names;
        }
    }
    if let Some(min) = constraints.min_length {
        schema["minProperties"] = json!(min);
    }
    if let Some(max) = constraints.max_length {
        schema["maxProperties"] = json!(max);
    }
    schema
}

/// `anyOf` over the members, like msgspec: other types first, then the Structs (two or more
/// tagged Structs form one `anyOf` with a `discriminator` mapping each tag value to its
/// component), then `null` when `has_none`.
fn union_schema(variants: &[TypeRef], has_none: bool, ctx: &Context<'_>) -> Value {
    let mut options = Vec::new();
    let mut structs: Vec<(&str, Option<&StructTag>)> = Vec::new();
    for variant in variants {
        match variant {
            TypeRef::Struct { name } => match ctx.structs.get(name) {
                Some(def) if def.array_like => options.push(type_schema(variant, ctx)),
                Some(def) => structs.push((name, def.tag.as_ref())),
                None => structs.push((name, None)),
            },
            other => options.push(type_schema(other, ctx)),
        }
    }
    if structs.len() >= 2 {
        let refs: Vec<Value> = structs
            .iter()
            .map(|(name, _)| component_ref(ctx.names.name(name)))
            .collect();
        let mut mapping = Map::new();
        let mut property = None;
        for (name, tag) in &structs {
            if let Some(tag) = tag {
                property.get_or_insert_with(|| tag.field.clone());
                mapping.insert(
                    tag_value_key(&tag.value),
                    json!(format!("{COMPONENT_REF_PREFIX}{}", ctx.names.name(name))),
                );
            }
        }
        let mut tagged = json!({ "anyOf": refs });
        if let Some(property) = property {
            tagged["discriminator"] = json!({ "propertyName": property, "mapping": mapping });
        }
        if options.is_empty() && !has_none {
            return tagged;
        }
        options.push(tagged);
    } else {
        options.extend(
            structs
                .iter()
                .map(|(name, _)| component_ref(ctx.names.name(name))),
        );
    }
    if has_none {
        options.push(null_schema());
    }
    json!({ "anyOf": options })
}

/// Enum and Literal values in msgspec's order: integers (ascending) before strings.
fn sorted_values(values: &[TagValue]) -> Vec<Value> {
    let mut sorted: Vec<&TagValue> = values.iter().collect();
    sorted.sort_by(|a, b| compare_values(a, b));
    sorted.into_iter().map(TagValue::to_json).collect()
}

fn compare_values(a: &TagValue, b: &TagValue) -> Ordering {
    match (a, b) {
        (TagValue::Int(a), TagValue::Int(b)) => compare_numbers(a, b),
        (TagValue::Int(_), TagValue::Str(_)) => Ordering::Less,
        (TagValue::Str(_), TagValue::Int(_)) => Ordering::Greater,
        (TagValue::Str(a), TagValue::Str(b)) => a.cmp(b),
    }
}

fn compare_numbers(a: &Number, b: &Number) -> Ordering {
    let exact = |n: &Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (exact(a), exact(b)) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            a.total_cmp(&b)
        }
    }
}

/// A tag value as a discriminator mapping key (JSON object keys are strings).
fn tag_value_key(value: &TagValue) -> String {
    match value {
        TagValue::Int(number) => number.to_string(),
        TagValue::Str(text) => text.clone(),
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

/// `problem_details`' bodies, as msgspec documents django-bolt 0.13's `ProblemDetails`.
fn problem_details_schemas() -> [(String, Value); 2] {
    [
        (
            PROBLEM_FIELD_ERROR_SCHEMA.to_owned(),
            json!({
                "type": "object",
                "title": PROBLEM_FIELD_ERROR_SCHEMA,
                "description": "A field error: the location of the value, a message and the error type.",
                "required": ["loc", "msg", "type"],
                "properties": {
                    "loc": { "type": "array", "items": { "anyOf": [{ "type": "string" }, { "type": "integer" }] } },
                    "msg": { "type": "string" },
                    "type": { "type": "string" },
                },
            }),
        ),
        (
            PROBLEM_DETAILS_SCHEMA.to_owned(),
            json!({
                "type": "object",
                "title": PROBLEM_DETAILS_SCHEMA,
                "description": "An error body in the RFC 9457 Problem Details format.",
                "required": ["type", "title", "status", "detail", "instance"],
                "properties": {
                    "type": { "type": "string" },
                    "title": { "type": "string" },
                    "status": { "type": "integer" },
                    "detail": { "type": "string" },
                    "instance": { "type": "string" },
                    "errors": {
                        "type": "array",
                        "items": component_ref(PROBLEM_FIELD_ERROR_SCHEMA),
                        "default": [],
                    },
                },
            }),
        ),
    ]
}

/// Component names for Structs and Enums: the class name (with a generic Struct's type
/// arguments), module-qualified only where names clash; always within the characters OpenAPI
/// allows in component names (`[A-Za-z0-9._-]`, anything else becomes `_`, like msgspec).
#[derive(Debug)]
struct ComponentNames {
    by_key: BTreeMap<String, String>,
}

impl ComponentNames {
    fn new(manifest: &Manifest) -> Self {
        let short: Vec<(&str, String)> = manifest
            .structs
            .iter()
            .map(|(key, def)| (key.as_str(), component_name(&struct_title(key, def))))
            .chain(
                manifest
                    .enums
                    .iter()
                    .map(|(key, def)| (key.as_str(), component_name(&def.qualname))),
            )
            .collect();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, name) in &short {
            *seen.entry(name.as_str()).or_default() += 1;
        }
        let reserved: BTreeSet<&str> = [
            VALIDATION_ERROR_SCHEMA,
            VALIDATION_ERROR_ITEM_SCHEMA,
            DETAIL_SCHEMA,
            PROBLEM_DETAILS_SCHEMA,
            PROBLEM_FIELD_ERROR_SCHEMA,
        ]
        .into();
        let mut taken: BTreeSet<String> = reserved.iter().map(|name| (*name).to_owned()).collect();
        let mut by_key = BTreeMap::new();
        for (key, name) in &short {
            let clashes = seen.get(name.as_str()).copied().unwrap_or(0) > 1
                || reserved.contains(name.as_str());
            let mut unique = if clashes {
                component_name(key)
            } else {
                name.clone()
            };
            // Sanitising can make two different keys equal: number the later ones.
            let base = unique.clone();
            let mut counter = 2;
            while taken.contains(&unique) {
                unique = format!("{base}_{counter}");
                counter += 1;
            }
            taken.insert(unique.clone());
            by_key.insert((*key).to_owned(), unique);
        }
        Self { by_key }
    }

    fn name<'a>(&'a self, key: &'a str) -> &'a str {
        self.by_key.get(key).map_or(key, String::as_str)
    }
}

/// `Page[struct shop.Item]` → `Page_struct_shop.Item_`.
fn component_name(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
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
            router: None,
            name: None,
            validate_response: true,
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
            dependencies: Vec::new(),
            responses: BTreeMap::new(),
        }
    }

    #[test]
    fn test_info_comes_from_the_first_api_with_an_openapi_config() {
        let mut manifest = Manifest::new();
        assert_eq!(
            openapi_document(&manifest, &ApiInfo::of(&manifest))["info"],
            json!({ "title": "Bolt API", "version": "0.1.0" })
        );
        manifest.apis.push(crate::manifest::Api {
            module: "m".into(),
            name: "api".into(),
            prefix: String::new(),
            namespace: None,
            validate_response: true,
            openapi: Some(OpenApiInfo {
                title: "Shop".into(),
                version: "2.0.0".into(),
                summary: None,
                description: Some("Things to buy.".into()),
                terms_of_service: Some("https://example.com/terms".into()),
            }),
            span: crate::manifest::Span {
                file: "m.py".into(),
                line: 1,
                column: 1,
            },
            trailing_slash: Default::default(),
            error_formatter: None,
        });
        assert_eq!(
            openapi_document(&manifest, &ApiInfo::of(&manifest))["info"],
            json!({
                "title": "Shop",
                "version": "2.0.0",
                "description": "Things to buy.",
                "termsOfService": "https://example.com/terms",
            })
        );
    }

    #[test]
    fn test_operation_ids_one_handler_on_two_paths_are_unique() {
        let first = route(None, Vec::new());
        let second = Route {
            path: "/v2/r/{id}".into(),
            ..route(None, Vec::new())
        };
        let other = Route {
            method: crate::manifest::HttpMethod::Post,
            ..route(None, Vec::new())
        };
        assert_eq!(
            operation_ids(&[first, second, other]),
            ["m.r_get_r", "m.r_get_v2_r__id", "m.r_post"]
        );
    }

    fn responses_of(route: &Route) -> Value {
        let manifest = Manifest::new();
        responses(route, &Context::new(&manifest))
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
            dependency: None,
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
        let manifest = Manifest::new();
        let ctx = Context::new(&manifest);
        assert_eq!(
            type_schema(&ty, &ctx),
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
            type_schema(&list, &ctx),
            json!({ "type": "array", "items": { "type": "string" }, "maxItems": 3 })
        );
    }

    #[test]
    fn test_component_name_replaces_characters_openapi_refuses() {
        assert_eq!(
            component_name("Page[struct shop.Item]"),
            "Page_struct_shop.Item_"
        );
        assert_eq!(component_name("Outer.Inner-1_x"), "Outer.Inner-1_x");
    }

    #[test]
    fn test_sorted_values_ints_numerically_before_strings() {
        let values: Vec<TagValue> =
            serde_json::from_str(r#"["b", 10, "a", -1, 18446744073709551615, 2]"#)
                .expect("tag values");
        assert_eq!(
            sorted_values(&values),
            vec![
                json!(-1),
                json!(2),
                json!(10),
                json!(18446744073709551615_u64),
                json!("a"),
                json!("b")
            ]
        );
    }

    #[test]
    fn test_bytes_lengths_are_base64_lengths() {
        let constraints = Constraints {
            min_length: Some(1),
            max_length: Some(3),
            ..Constraints::default()
        };
        assert_eq!(
            bytes_schema(&constraints),
            json!({ "type": "string", "contentEncoding": "base64", "minLength": 4, "maxLength": 4 })
        );
    }
}
