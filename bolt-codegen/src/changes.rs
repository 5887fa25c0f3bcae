//! What differs between two manifests: the installed build's and the one discover makes of
//! the code now. `bolt dev` decides by it whether a save needs a rebuild; `bolt verify` (the
//! start-up check that a build is current) lists the differences line by line.
//!
//! Pure: two manifests in, the differences out. Source positions are ignored: the runtime
//! never reads them, so an edit that only moves code needs no rebuild.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::manifest::{
    Api, Dependency, EnumDef, Field, Manifest, Param, Route, Span, StructDef, TypeRef,
};

/// One difference between the installed contract and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractChange {
    RouteAdded(RouteKey),
    RouteRemoved(RouteKey),
    RouteChanged(RouteKey, Vec<RouteAspect>),
    StructAdded(String),
    StructRemoved(String),
    StructChanged(String),
    EnumsChanged,
    /// A `BoltAPI(...)` was added, removed or re-configured (e.g. its `prefix=`).
    ApisChanged,
    /// Anything else (e.g. a new manifest version).
    Other,
}

/// A route's identity: method and full path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RouteKey {
    pub method: String,
    pub path: String,
}

impl RouteKey {
    fn of(route: &Route) -> Self {
        Self {
            method: route.method.as_str().to_owned(),
            path: route.path.clone(),
        }
    }
}

impl fmt::Display for RouteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Which part of a route changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RouteAspect {
    /// The function it calls (module, name).
    Handler,
    /// `def` ↔ `async def`, or whether an `async def` awaits.
    Kind,
    Params,
    /// Its `Depends(...)` calls (which, in what order, their parameters).
    Dependencies,
    StatusCode,
    Response,
    /// Tags, summary, description, docstring (the served OpenAPI).
    Docs,
    /// The `BoltAPI` it belongs to.
    Api,
    /// Anything else the route declares (`name=`, its router, `validate_response=`).
    Options,
}

impl RouteAspect {
    fn as_str(self) -> &'static str {
        match self {
            Self::Handler => "handler",
            Self::Kind => "sync/async",
            Self::Params => "params",
            Self::Dependencies => "dependencies",
            Self::StatusCode => "status code",
            Self::Response => "response type",
            Self::Docs => "docs",
            Self::Api => "api",
            Self::Options => "options",
        }
    }
}

/// Every difference between the installed manifest and the current one, routes in path
/// order; empty when the installed build still fits the code.
pub fn compare(installed: &Manifest, current: &Manifest) -> Vec<ContractChange> {
    let (installed, current) = (without_spans(installed), without_spans(current));
    if installed == current {
        return Vec::new();
    }
    let mut changes = route_changes(&installed.routes, &current.routes);
    changes.extend(struct_changes(&installed.structs, &current.structs));
    if installed.enums != current.enums {
        changes.push(ContractChange::EnumsChanged);
    }
    if installed.apis != current.apis {
        changes.push(ContractChange::ApisChanged);
    }
    if changes.is_empty() {
        changes.push(ContractChange::Other);
    }
    changes
}

fn route_changes(installed: &[Route], current: &[Route]) -> Vec<ContractChange> {
    let (before, after) = (routes_by_key(installed), routes_by_key(current));
    let mut changes = Vec::new();
    for (key, old) in &before {
        match after.get(key) {
            None => changes.push(ContractChange::RouteRemoved(key.clone())),
            Some(new) if old != new => {
                changes.push(ContractChange::RouteChanged(
                    key.clone(),
                    route_aspects(old, new),
                ));
            }
            Some(_) => {}
        }
    }
    for key in after.keys().filter(|key| !before.contains_key(*key)) {
        changes.push(ContractChange::RouteAdded(key.clone()));
    }
    changes.sort_by(|a, b| change_order(a).cmp(&change_order(b)));
    changes
}

/// Routes in path order, added/removed/changed interleaved by route.
fn change_order(change: &ContractChange) -> Option<(&str, &str)> {
    match change {
        ContractChange::RouteAdded(key)
        | ContractChange::RouteRemoved(key)
        | ContractChange::RouteChanged(key, _) => Some((&key.path, &key.method)),
        _ => None,
    }
}

fn routes_by_key(routes: &[Route]) -> BTreeMap<RouteKey, &Route> {
    routes
        .iter()
        .map(|route| (RouteKey::of(route), route))
        .collect()
}

fn route_aspects(old: &Route, new: &Route) -> Vec<RouteAspect> {
    fn options(route: &Route) -> (&Option<String>, &Option<String>, bool) {
        (&route.router, &route.name, route.validate_response)
    }
    let checks = [
        (
            RouteAspect::Handler,
            old.handler.module != new.handler.module
                || old.handler.qualname != new.handler.qualname,
        ),
        (RouteAspect::Kind, old.handler.kind != new.handler.kind),
        (RouteAspect::Params, old.params != new.params),
        (
            RouteAspect::Dependencies,
            old.dependencies != new.dependencies,
        ),
        (RouteAspect::StatusCode, old.status_code != new.status_code),
        (
            RouteAspect::Response,
            old.response != new.response || old.responses != new.responses,
        ),
        (RouteAspect::Docs, old.operation != new.operation),
        (RouteAspect::Api, old.api != new.api),
        (RouteAspect::Options, options(old) != options(new)),
    ];
    checks
        .into_iter()
        .filter_map(|(aspect, differs)| differs.then_some(aspect))
        .collect()
}

fn struct_changes(
    installed: &BTreeMap<String, StructDef>,
    current: &BTreeMap<String, StructDef>,
) -> Vec<ContractChange> {
    let mut changes = Vec::new();
    for (name, old) in installed {
        match current.get(name) {
            None => changes.push(ContractChange::StructRemoved(name.clone())),
            Some(new) if old != new => changes.push(ContractChange::StructChanged(name.clone())),
            Some(_) => {}
        }
    }
    for name in current.keys().filter(|name| !installed.contains_key(*name)) {
        changes.push(ContractChange::StructAdded(name.clone()));
    }
    changes
}

/// `manifest` with every source position blanked.
fn without_spans(manifest: &Manifest) -> Manifest {
    let mut manifest = manifest.clone();
    for api in &mut manifest.apis {
        api.span = blank_span();
    }
    for route in &mut manifest.routes {
        route.span = blank_span();
    }
    for definition in manifest.structs.values_mut() {
        definition.span = blank_span();
    }
    for definition in manifest.enums.values_mut() {
        definition.span = blank_span();
    }
    manifest
}

fn blank_span() -> Span {
    Span {
        file: String::new(),
        line: 0,
        column: 0,
    }
}

/// `routes changed: +GET /new, ~POST /items (params); structs changed: ~shop.api.Item`.
pub fn describe_changes(changes: &[ContractChange]) -> String {
    let mut routes = Vec::new();
    let mut structs = Vec::new();
    let mut other = Vec::new();
    for change in changes {
        match change {
            ContractChange::RouteAdded(key) => routes.push(format!("+{key}")),
            ContractChange::RouteRemoved(key) => routes.push(format!("-{key}")),
            ContractChange::RouteChanged(key, aspects) => {
                let aspects: Vec<&str> = aspects.iter().map(|aspect| aspect.as_str()).collect();
                routes.push(format!("~{key} ({})", aspects.join(", ")));
            }
            ContractChange::StructAdded(name) => structs.push(format!("+{name}")),
            ContractChange::StructRemoved(name) => structs.push(format!("-{name}")),
            ContractChange::StructChanged(name) => structs.push(format!("~{name}")),
            ContractChange::EnumsChanged => other.push("enums changed".to_owned()),
            ContractChange::ApisChanged => other.push("APIs changed".to_owned()),
            ContractChange::Other => other.push("manifest changed".to_owned()),
        }
    }
    let mut parts = Vec::new();
    if !routes.is_empty() {
        parts.push(format!("routes changed: {}", routes.join(", ")));
    }
    if !structs.is_empty() {
        parts.push(format!("structs changed: {}", structs.join(", ")));
    }
    parts.extend(other);
    parts.join("; ")
}

// ---------------------------------------------------------------------------------------------
// One line per difference, for people

/// Every difference between the build (`installed`) and the code (`current`), one line each,
/// reading the same way on both sides: `GET /items/{id} (shop.api:get_item): parameter `id`:
/// type is int in the build, str in the code`. Empty when the build is current.
pub fn explain(installed: &Manifest, current: &Manifest) -> Vec<String> {
    let (installed, current) = (without_spans(installed), without_spans(current));
    if installed == current {
        return Vec::new();
    }
    let mut lines = Vec::new();
    if installed.version != current.version {
        lines.push(format!(
            "manifest version is {} in the build, {} in the code's Bolt",
            installed.version, current.version
        ));
    }
    explain_apis(&installed.apis, &current.apis, &mut lines);
    explain_routes(&installed.routes, &current.routes, &mut lines);
    explain_structs(&installed.structs, &current.structs, &mut lines);
    explain_enums(&installed.enums, &current.enums, &mut lines);
    if lines.is_empty() {
        lines.push("the manifest differs from the build's".to_owned());
    }
    lines
}

/// `a in the build, b in the code`.
fn both(in_build: impl fmt::Display, in_code: impl fmt::Display) -> String {
    format!("{in_build} in the build, {in_code} in the code")
}

/// The JSON spelling of a serde enum value (`sync`, `query`), as the manifest writes it.
fn spelled<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => "?".to_owned(),
    }
}

fn optional<T: fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "none".to_owned(), |value| value.to_string())
}

/// A documented default: its JSON, or `absent`.
fn documented(default: Option<&serde_json::Value>) -> String {
    default.map_or_else(|| "absent".to_owned(), serde_json::Value::to_string)
}

fn explain_apis(installed: &[Api], current: &[Api], lines: &mut Vec<String>) {
    let key = |api: &Api| format!("{}:{}", api.module, api.name);
    let before: BTreeMap<String, &Api> = installed.iter().map(|api| (key(api), api)).collect();
    let after: BTreeMap<String, &Api> = current.iter().map(|api| (key(api), api)).collect();
    for (name, old) in &before {
        match after.get(name) {
            None => lines.push(format!("API {name}: compiled, but no longer in the code")),
            Some(new) if old != new => {
                if old.prefix != new.prefix {
                    lines.push(format!(
                        "API {name}: prefix is {:?} in the build, {:?} in the code",
                        old.prefix, new.prefix
                    ));
                } else {
                    lines.push(format!(
                        "API {name}: its options (namespace, validate_response, OpenAPI) differ"
                    ));
                }
            }
            Some(_) => {}
        }
    }
    for name in after.keys().filter(|name| !before.contains_key(*name)) {
        lines.push(format!("API {name}: in the code, but not compiled"));
    }
}

fn route_label(route: &Route) -> String {
    format!(
        "{} ({}:{})",
        RouteKey::of(route),
        route.handler.module,
        route.handler.qualname
    )
}

fn explain_routes(installed: &[Route], current: &[Route], lines: &mut Vec<String>) {
    let (before, after) = (routes_by_key(installed), routes_by_key(current));
    let mut keys: Vec<&RouteKey> = before.keys().chain(after.keys()).collect();
    keys.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    keys.dedup();
    for key in keys {
        match (before.get(key), after.get(key)) {
            (Some(old), None) => lines.push(format!(
                "{}: compiled, but no longer in the code",
                route_label(old)
            )),
            (None, Some(new)) => lines.push(format!(
                "{}: in the code, but not compiled",
                route_label(new)
            )),
            (Some(old), Some(new)) if old != new => explain_route(old, new, lines),
            _ => {}
        }
    }
}

fn explain_route(old: &Route, new: &Route, lines: &mut Vec<String>) {
    let label = route_label(new);
    let mut push = |what: String| lines.push(format!("{label}: {what}"));
    for aspect in route_aspects(old, new) {
        match aspect {
            RouteAspect::Handler => push(format!(
                "handler is {}",
                both(
                    format!("{}:{}", old.handler.module, old.handler.qualname),
                    format!("{}:{}", new.handler.module, new.handler.qualname)
                )
            )),
            RouteAspect::Kind => push(format!(
                "handler kind is {}",
                both(spelled(&old.handler.kind), spelled(&new.handler.kind))
            )),
            RouteAspect::Params => {
                for line in param_differences(&old.params, &new.params) {
                    push(line);
                }
            }
            RouteAspect::Dependencies => {
                for line in dependency_differences(old, new) {
                    push(line);
                }
            }
            RouteAspect::StatusCode => push(format!(
                "status_code is {}",
                both(old.status_code, new.status_code)
            )),
            RouteAspect::Response => push(format!(
                "response type is {}",
                both(response_text(old), response_text(new))
            )),
            RouteAspect::Docs => {
                push("its documentation (tags, summary, description, docstring) differs".into());
            }
            RouteAspect::Api => push(format!("API is {}", both(&old.api, &new.api))),
            RouteAspect::Options => {
                if old.name != new.name {
                    push(format!(
                        "name is {}",
                        both(optional(old.name.as_ref()), optional(new.name.as_ref()))
                    ));
                }
                if old.router != new.router {
                    push(format!(
                        "router is {}",
                        both(optional(old.router.as_ref()), optional(new.router.as_ref()))
                    ));
                }
                if old.validate_response != new.validate_response {
                    push(format!(
                        "validate_response is {}",
                        both(old.validate_response, new.validate_response)
                    ));
                }
            }
        }
    }
}

/// `struct shop.Item`, or `{200: struct shop.Item, 404: none}` for a multi-status route.
fn response_text(route: &Route) -> String {
    if route.responses.is_empty() {
        return optional(route.response.as_ref().map(TypeRef::canonical));
    }
    let codes: Vec<String> = route
        .responses
        .iter()
        .map(|(code, ty)| format!("{code}: {}", optional(ty.as_ref().map(TypeRef::canonical))))
        .collect();
    format!("{{{}}}", codes.join(", "))
}

/// `current_user (async_awaiting)`, `stamp (uncached)`.
fn dependency_label(call: &Dependency) -> String {
    let mut notes = Vec::new();
    if call.function.kind != crate::manifest::HandlerKind::Sync {
        notes.push(spelled(&call.function.kind));
    }
    if !call.use_cache {
        notes.push("uncached".to_owned());
    }
    let name = format!("{}:{}", call.function.module, call.function.qualname);
    if notes.is_empty() {
        name
    } else {
        format!("{name} ({})", notes.join(", "))
    }
}

fn dependency_differences(old: &Route, new: &Route) -> Vec<String> {
    let labels = |route: &Route| {
        route
            .dependencies
            .iter()
            .map(dependency_label)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (before, after) = (labels(old), labels(new));
    if before != after {
        return vec![format!(
            "dependencies are {}",
            both(format!("[{before}]"), format!("[{after}]"))
        )];
    }
    let mut lines = Vec::new();
    for (a, b) in old.dependencies.iter().zip(&new.dependencies) {
        if a.params != b.params {
            for line in param_differences(&a.params, &b.params) {
                lines.push(format!("dependency `{}`: {line}", a.function.qualname));
            }
        }
    }
    lines
}

fn param_differences(old: &[Param], new: &[Param]) -> Vec<String> {
    let names = |params: &[Param]| {
        params
            .iter()
            .map(|param| param.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if old.len() != new.len() || old.iter().zip(new).any(|(a, b)| a.name != b.name) {
        return vec![format!(
            "parameters are {}",
            both(format!("({})", names(old)), format!("({})", names(new)))
        )];
    }
    let mut lines = Vec::new();
    for (a, b) in old.iter().zip(new) {
        let pairs = [
            ("source", spelled(&a.source), spelled(&b.source)),
            (
                "alias",
                optional(a.alias.as_ref()),
                optional(b.alias.as_ref()),
            ),
            ("required", a.required.to_string(), b.required.to_string()),
            ("type", a.ty.canonical(), b.ty.canonical()),
            (
                "documented default",
                documented(a.default.as_ref()),
                documented(b.default.as_ref()),
            ),
        ];
        for (what, in_build, in_code) in pairs {
            if in_build != in_code {
                lines.push(format!(
                    "parameter `{}`: {what} is {}",
                    a.name,
                    both(in_build, in_code)
                ));
            }
        }
    }
    if lines.is_empty() {
        lines.push("its parameters differ".to_owned());
    }
    lines
}

fn explain_structs(
    installed: &BTreeMap<String, StructDef>,
    current: &BTreeMap<String, StructDef>,
    lines: &mut Vec<String>,
) {
    for (name, old) in installed {
        match current.get(name) {
            None => lines.push(format!(
                "struct {name}: compiled, but no longer used by a route or no longer defined"
            )),
            Some(new) if old != new => explain_struct(name, old, new, lines),
            Some(_) => {}
        }
    }
    for name in current.keys().filter(|name| !installed.contains_key(*name)) {
        lines.push(format!(
            "struct {name}: used by a route in the code, but not compiled"
        ));
    }
}

fn explain_struct(name: &str, old: &StructDef, new: &StructDef, lines: &mut Vec<String>) {
    let before: BTreeMap<&str, &Field> = old.fields.iter().map(|f| (f.name.as_str(), f)).collect();
    let after: BTreeMap<&str, &Field> = new.fields.iter().map(|f| (f.name.as_str(), f)).collect();
    let mut found = Vec::new();
    for (field, a) in &before {
        let Some(b) = after.get(field) else {
            found.push(format!(
                "field `{field}` is compiled but no longer in the class"
            ));
            continue;
        };
        let pairs = [
            (
                "wire name",
                optional(a.wire_name.as_ref()),
                optional(b.wire_name.as_ref()),
            ),
            ("type", a.ty.canonical(), b.ty.canonical()),
            ("required", a.required.to_string(), b.required.to_string()),
            (
                "documented default",
                documented(a.default.as_ref()),
                documented(b.default.as_ref()),
            ),
        ];
        for (what, in_build, in_code) in pairs {
            if in_build != in_code {
                found.push(format!(
                    "field `{field}`: {what} is {}",
                    both(in_build, in_code)
                ));
            }
        }
    }
    for field in after.keys().filter(|field| !before.contains_key(*field)) {
        found.push(format!("field `{field}` is in the class but not compiled"));
    }
    let order = |fields: &[Field]| {
        fields
            .iter()
            .map(|field| field.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if before.keys().eq(after.keys()) && order(&old.fields) != order(&new.fields) {
        found.push(format!(
            "field order is {}",
            both(
                format!("({})", order(&old.fields)),
                format!("({})", order(&new.fields))
            )
        ));
    }
    let tag = |definition: &StructDef| {
        definition.tag.as_ref().map_or_else(
            || "none".to_owned(),
            |tag| format!("{}={}", tag.field, tag.value.canonical()),
        )
    };
    let options = [
        (
            "forbid_unknown_fields",
            old.forbid_unknown_fields.to_string(),
            new.forbid_unknown_fields.to_string(),
        ),
        (
            "array_like",
            old.array_like.to_string(),
            new.array_like.to_string(),
        ),
        ("tag", tag(old), tag(new)),
    ];
    for (what, in_build, in_code) in options {
        if in_build != in_code {
            found.push(format!("{what} is {}", both(in_build, in_code)));
        }
    }
    if found.is_empty() {
        found.push("its documentation differs".to_owned());
    }
    lines.extend(
        found
            .into_iter()
            .map(|what| format!("struct {name}: {what}")),
    );
}

fn explain_enums(
    installed: &BTreeMap<String, EnumDef>,
    current: &BTreeMap<String, EnumDef>,
    lines: &mut Vec<String>,
) {
    let values = |definition: &EnumDef| {
        definition
            .values
            .iter()
            .map(|value| value.canonical())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (name, old) in installed {
        match current.get(name) {
            None => lines.push(format!(
                "enum {name}: compiled, but no longer used by a route or no longer defined"
            )),
            Some(new) if old.values != new.values => lines.push(format!(
                "enum {name}: values are {}",
                both(format!("[{}]", values(old)), format!("[{}]", values(new)))
            )),
            Some(new) if old != new => {
                lines.push(format!("enum {name}: its documentation differs"));
            }
            Some(_) => {}
        }
    }
    for name in current.keys().filter(|name| !installed.contains_key(*name)) {
        lines.push(format!(
            "enum {name}: used by a route in the code, but not compiled"
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::manifest::{
        Handler, HandlerKind, HttpMethod, Operation, ParamSource, StructTag, TagValue,
    };

    use super::*;

    fn span(file: &str, line: u32) -> Span {
        Span {
            file: file.into(),
            line,
            column: 1,
        }
    }

    fn route(method: HttpMethod, path: &str, qualname: &str, line: u32) -> Route {
        Route {
            method,
            path: path.into(),
            api: "shop.api:api".into(),
            router: None,
            name: None,
            validate_response: true,
            handler: Handler {
                module: "shop.api".into(),
                qualname: qualname.into(),
                kind: HandlerKind::Sync,
            },
            params: Vec::new(),
            status_code: 200,
            response: None,
            operation: Operation::default(),
            span: span("shop/api.py", line),
            dependencies: Vec::new(),
            responses: BTreeMap::new(),
        }
    }

    fn param(name: &str, ty: TypeRef) -> Param {
        Param {
            name: name.into(),
            source: ParamSource::Query,
            alias: None,
            ty,
            required: false,
            default: None,
            dependency: None,
        }
    }

    fn manifest(routes: Vec<Route>) -> Manifest {
        let mut manifest = Manifest::new();
        manifest.apis.push(Api {
            module: "shop.api".into(),
            name: "api".into(),
            prefix: String::new(),
            namespace: None,
            validate_response: true,
            openapi: None,
            span: span("shop/api.py", 3),
            trailing_slash: Default::default(),
            error_formatter: None,
        });
        manifest.routes = routes;
        manifest
    }

    fn base() -> Manifest {
        manifest(vec![
            route(HttpMethod::Get, "/", "hello", 10),
            route(HttpMethod::Post, "/items", "create_item", 20),
        ])
    }

    fn key(method: &str, path: &str) -> RouteKey {
        RouteKey {
            method: method.into(),
            path: path.into(),
        }
    }

    fn item(fields: Vec<Field>) -> StructDef {
        StructDef {
            module: "shop.api".into(),
            qualname: "Item".into(),
            fields,
            forbid_unknown_fields: false,
            array_like: false,
            tag: None,
            docstring: None,
            span: span("shop/api.py", 5),
        }
    }

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: name.into(),
            wire_name: None,
            ty,
            required: true,
            default: None,
        }
    }

    #[test]
    fn test_compare_identical_manifests_is_empty() {
        assert_eq!(compare(&base(), &base()), []);
        assert_eq!(explain(&base(), &base()), Vec::<String>::new());
    }

    #[test]
    fn test_compare_moved_code_only_is_empty() {
        let mut moved = base();
        for route in &mut moved.routes {
            route.span.line += 7;
        }
        moved.apis[0].span.column = 5;
        assert_eq!(compare(&base(), &moved), []);
        assert_eq!(explain(&base(), &moved), Vec::<String>::new());
    }

    #[test]
    fn test_compare_added_removed_and_changed_routes_in_path_order() {
        let mut current = base();
        current.routes.remove(0);
        current.routes[0].params.push(param("q", TypeRef::Any));
        current
            .routes
            .push(route(HttpMethod::Get, "/new", "new_route", 30));
        let changes = compare(&base(), &current);
        assert_eq!(
            changes,
            [
                ContractChange::RouteRemoved(key("GET", "/")),
                ContractChange::RouteChanged(key("POST", "/items"), vec![RouteAspect::Params]),
                ContractChange::RouteAdded(key("GET", "/new")),
            ]
        );
        assert_eq!(
            describe_changes(&changes),
            "routes changed: -GET /, ~POST /items (params), +GET /new"
        );
        assert_eq!(
            explain(&base(), &current),
            [
                "GET / (shop.api:hello): compiled, but no longer in the code",
                "POST /items (shop.api:create_item): parameters are () in the build, (q) in the code",
                "GET /new (shop.api:new_route): in the code, but not compiled",
            ]
        );
    }

    #[test]
    fn test_compare_async_kind_and_docs_are_contract_changes() {
        let mut current = base();
        current.routes[0].handler.kind = HandlerKind::AsyncAwaiting;
        current.routes[0].operation.docstring = Some("Says hello.".into());
        let changes = compare(&base(), &current);
        assert_eq!(
            changes,
            [ContractChange::RouteChanged(
                key("GET", "/"),
                vec![RouteAspect::Kind, RouteAspect::Docs]
            )]
        );
        assert_eq!(
            describe_changes(&changes),
            "routes changed: ~GET / (sync/async, docs)"
        );
        assert_eq!(
            explain(&base(), &current),
            [
                "GET / (shop.api:hello): handler kind is sync in the build, async_awaiting in the code",
                "GET / (shop.api:hello): its documentation (tags, summary, description, docstring) differs",
            ]
        );
    }

    #[test]
    fn test_explain_names_each_parameter_aspect_by_its_canonical_type() {
        let mut installed = base();
        installed.routes[0].params = vec![param(
            "i",
            TypeRef::Int {
                constraints: Default::default(),
            },
        )];
        let mut current = installed.clone();
        current.routes[0].params[0].ty = TypeRef::Str {
            constraints: Default::default(),
        };
        current.routes[0].params[0].source = ParamSource::Path;
        current.routes[0].status_code = 201;
        current.routes[0].name = Some("hello".into());
        assert_eq!(
            explain(&installed, &current),
            [
                "GET / (shop.api:hello): parameter `i`: source is query in the build, path in the code",
                "GET / (shop.api:hello): parameter `i`: type is int in the build, str in the code",
                "GET / (shop.api:hello): status_code is 200 in the build, 201 in the code",
                "GET / (shop.api:hello): name is none in the build, hello in the code",
            ]
        );
    }

    #[test]
    fn test_explain_names_dependency_changes() {
        let dependency = |qualname: &str| Dependency {
            function: Handler {
                module: "shop.deps".into(),
                qualname: qualname.into(),
                kind: HandlerKind::Sync,
            },
            use_cache: true,
            params: vec![param("page", TypeRef::Any)],
            span: span("shop/deps.py", 1),
        };
        let mut installed = base();
        installed.routes[0].dependencies = vec![dependency("paging")];
        let mut current = installed.clone();
        current.routes[0].dependencies[0].params[0].required = true;
        assert_eq!(
            explain(&installed, &current),
            [
                "GET / (shop.api:hello): dependency `paging`: parameter `page`: required is false in the build, true in the code"
            ]
        );
        current.routes[0].dependencies[0].function.kind = HandlerKind::AsyncAwaiting;
        current.routes[0].dependencies[0].use_cache = false;
        assert_eq!(
            explain(&installed, &current),
            [
                "GET / (shop.api:hello): dependencies are [shop.deps:paging] in the build, \
              [shop.deps:paging (async_awaiting, uncached)] in the code"
            ]
        );
    }

    #[test]
    fn test_compare_struct_enum_and_api_changes() {
        let mut installed = base();
        installed.structs.insert(
            "shop.api.Item".into(),
            item(vec![field("a", TypeRef::Bool), field("b", TypeRef::Bool)]),
        );
        installed
            .structs
            .insert("shop.api.Old".into(), item(Vec::new()));
        let mut current = base();
        let mut changed = item(vec![field("b", TypeRef::Bool), field("a", TypeRef::Any)]);
        changed.forbid_unknown_fields = true;
        changed.tag = Some(StructTag {
            field: "type".into(),
            value: TagValue::Str("Item".into()),
        });
        current.structs.insert("shop.api.Item".into(), changed);
        current
            .structs
            .insert("shop.api.New".into(), item(Vec::new()));
        current.apis[0].prefix = "/v2".into();
        let changes = compare(&installed, &current);
        assert_eq!(
            describe_changes(&changes),
            "structs changed: ~shop.api.Item, -shop.api.Old, +shop.api.New; APIs changed"
        );
        assert_eq!(
            explain(&installed, &current),
            [
                "API shop.api:api: prefix is \"\" in the build, \"/v2\" in the code",
                "struct shop.api.Item: field `a`: type is bool in the build, any in the code",
                "struct shop.api.Item: field order is (a, b) in the build, (b, a) in the code",
                "struct shop.api.Item: forbid_unknown_fields is false in the build, true in the code",
                "struct shop.api.Item: tag is none in the build, type=\"Item\" in the code",
                "struct shop.api.Old: compiled, but no longer used by a route or no longer defined",
                "struct shop.api.New: used by a route in the code, but not compiled",
            ]
        );
    }

    #[test]
    fn test_compare_enum_values_and_other_differences() {
        let mut installed = base();
        installed.enums.insert(
            "shop.api.Colour".into(),
            EnumDef {
                module: "shop.api".into(),
                qualname: "Colour".into(),
                values: vec![TagValue::Str("red".into())],
                docstring: None,
                span: span("shop/api.py", 8),
            },
        );
        let mut current = installed.clone();
        if let Some(colour) = current.enums.get_mut("shop.api.Colour") {
            colour.values.push(TagValue::Str("blue".into()));
        }
        assert_eq!(
            compare(&installed, &current),
            [ContractChange::EnumsChanged]
        );
        assert_eq!(
            explain(&installed, &current),
            [
                "enum shop.api.Colour: values are [\"red\"] in the build, [\"red\", \"blue\"] in the code"
            ]
        );

        let mut newer = base();
        newer.version += 1;
        assert_eq!(compare(&base(), &newer), [ContractChange::Other]);
        assert_eq!(explain(&base(), &newer).len(), 1);
    }
}
