//! What a save changed, and what `bolt dev` does about it: restart the Python worker when
//! the compiled contract still fits the code, rebuild the extension when it does not.
//!
//! Pure: two manifests (and the saved files) in, a decision and its description out.

use std::collections::BTreeMap;
use std::fmt;

use bolt_codegen::manifest::{Manifest, Route, Span, StructDef};

/// What to do after a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reload {
    /// The installed extension still fits the code (only handler bodies, or positions, or
    /// files outside the contract changed): restart the Python worker.
    Restart,
    /// The contract changed: regenerate, rebuild, then restart. Never empty.
    Rebuild(Vec<ContractChange>),
}

/// One difference between the installed contract and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractChange {
    RouteAdded(RouteKey),
    RouteRemoved(RouteKey),
    RouteChanged(RouteKey, Vec<RouteAspect>),
    StructAdded(String),
    StructRemoved(String),
    StructChanged(String),
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
    StatusCode,
    Response,
    /// Tags, summary, description, docstring (the served OpenAPI).
    Docs,
    /// The `BoltAPI` it belongs to.
    Api,
}

impl RouteAspect {
    fn as_str(self) -> &'static str {
        match self {
            Self::Handler => "handler",
            Self::Kind => "sync/async",
            Self::Params => "params",
            Self::StatusCode => "status code",
            Self::Response => "response type",
            Self::Docs => "docs",
            Self::Api => "api",
        }
    }
}

/// Compares the manifest of the installed build with the one discovered from the code.
/// Source positions are ignored: the runtime never reads them, so an edit that only moves
/// code (a longer handler body above another route) needs no rebuild.
pub fn classify(installed: &Manifest, current: &Manifest) -> Reload {
    let (installed, current) = (without_spans(installed), without_spans(current));
    if installed == current {
        return Reload::Restart;
    }
    let mut changes = route_changes(&installed.routes, &current.routes);
    changes.extend(struct_changes(&installed.structs, &current.structs));
    if installed.apis != current.apis {
        changes.push(ContractChange::ApisChanged);
    }
    if changes.is_empty() {
        changes.push(ContractChange::Other);
    }
    Reload::Rebuild(changes)
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
        .map(|route| {
            let key = RouteKey {
                method: route.method.as_str().to_owned(),
                path: route.path.clone(),
            };
            (key, route)
        })
        .collect()
}

fn route_aspects(old: &Route, new: &Route) -> Vec<RouteAspect> {
    let checks = [
        (
            RouteAspect::Handler,
            old.handler.module != new.handler.module
                || old.handler.qualname != new.handler.qualname,
        ),
        (RouteAspect::Kind, old.handler.kind != new.handler.kind),
        (RouteAspect::Params, old.params != new.params),
        (RouteAspect::StatusCode, old.status_code != new.status_code),
        (RouteAspect::Response, old.response != new.response),
        (RouteAspect::Docs, old.operation != new.operation),
        (RouteAspect::Api, old.api != new.api),
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

/// Why a restart is enough: `handler body changed in shop/api.py` when a saved file holds
/// routes of the manifest, else `shop/models.py changed`. `files` are project-relative,
/// `/`-separated and sorted.
pub fn describe_restart(files: &[String], manifest: &Manifest) -> String {
    let handler_files: Vec<&str> = files
        .iter()
        .map(String::as_str)
        .filter(|file| manifest.routes.iter().any(|route| route.span.file == *file))
        .collect();
    if !handler_files.is_empty() && handler_files.len() == files.len() {
        return format!("handler body changed in {}", list_files(files));
    }
    format!("{} changed", list_files(files))
}

/// Files shown in one message before `and N more`.
const LISTED_FILES: usize = 3;

/// `a.py, b.py and 4 more`.
pub fn list_files(files: &[String]) -> String {
    match files.len() {
        0 => "no file".to_owned(),
        count if count <= LISTED_FILES => files.join(", "),
        count => format!(
            "{} and {} more",
            files[..LISTED_FILES].join(", "),
            count - LISTED_FILES
        ),
    }
}

#[cfg(test)]
mod tests {
    use bolt_codegen::manifest::{
        Api, Handler, HandlerKind, HttpMethod, Operation, Param, ParamSource, TypeRef,
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
        }
    }

    fn query_param(name: &str) -> Param {
        Param {
            name: name.into(),
            source: ParamSource::Query,
            alias: None,
            ty: TypeRef::Any,
            required: false,
            default: None,
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

    #[test]
    fn test_classify_identical_manifests_restarts() {
        assert_eq!(classify(&base(), &base()), Reload::Restart);
    }

    #[test]
    fn test_classify_moved_code_only_restarts() {
        let mut moved = base();
        for route in &mut moved.routes {
            route.span.line += 7;
        }
        moved.apis[0].span.column = 5;
        assert_eq!(classify(&base(), &moved), Reload::Restart);
    }

    #[test]
    fn test_classify_added_removed_and_changed_routes_rebuild_in_path_order() {
        let mut current = base();
        current.routes.remove(0);
        current.routes[0].params.push(query_param("q"));
        current
            .routes
            .push(route(HttpMethod::Get, "/new", "new_route", 30));
        let Reload::Rebuild(changes) = classify(&base(), &current) else {
            panic!("expected a rebuild");
        };
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
    }

    #[test]
    fn test_classify_async_kind_and_docs_are_contract_changes() {
        let mut current = base();
        current.routes[0].handler.kind = HandlerKind::AsyncAwaiting;
        current.routes[0].operation.docstring = Some("Says hello.".into());
        let Reload::Rebuild(changes) = classify(&base(), &current) else {
            panic!("expected a rebuild");
        };
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
    }

    #[test]
    fn test_classify_struct_and_api_changes() {
        let definition = StructDef {
            module: "shop.api".into(),
            qualname: "Item".into(),
            fields: Vec::new(),
            forbid_unknown_fields: false,
            array_like: false,
            tag: None,
            docstring: None,
            span: span("shop/api.py", 5),
        };
        let mut installed = base();
        installed
            .structs
            .insert("shop.api.Item".into(), definition.clone());
        installed
            .structs
            .insert("shop.api.Old".into(), definition.clone());
        let mut current = base();
        let mut changed = definition.clone();
        changed.forbid_unknown_fields = true;
        current.structs.insert("shop.api.Item".into(), changed);
        current.structs.insert("shop.api.New".into(), definition);
        current.apis[0].prefix = "/v2".into();
        let Reload::Rebuild(changes) = classify(&installed, &current) else {
            panic!("expected a rebuild");
        };
        assert_eq!(
            describe_changes(&changes),
            "structs changed: ~shop.api.Item, -shop.api.Old, +shop.api.New; APIs changed"
        );
    }

    #[test]
    fn test_classify_other_manifest_difference_still_rebuilds() {
        let mut current = base();
        current.version += 1;
        assert_eq!(
            classify(&base(), &current),
            Reload::Rebuild(vec![ContractChange::Other])
        );
    }

    #[test]
    fn test_describe_restart_names_handler_files() {
        let files = vec!["shop/api.py".to_owned()];
        assert_eq!(
            describe_restart(&files, &base()),
            "handler body changed in shop/api.py"
        );
        let files = vec!["shop/api.py".to_owned(), "shop/models.py".to_owned()];
        assert_eq!(
            describe_restart(&files, &base()),
            "shop/api.py, shop/models.py changed"
        );
    }

    #[test]
    fn test_list_files_truncates_long_lists() {
        let files: Vec<String> = (1..=5).map(|n| format!("m{n}.py")).collect();
        assert_eq!(list_files(&files), "m1.py, m2.py, m3.py and 2 more");
        assert_eq!(list_files(&files[..2]), "m1.py, m2.py");
    }
}
