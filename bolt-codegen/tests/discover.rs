//! Discovery of valid projects: the manifest of a fixture using every supported feature.

#[path = "discover_support.rs"]
#[expect(
    dead_code,
    reason = "helpers shared with discover_errors.rs; this file uses some"
)]
mod support;

use bolt_codegen::discover::{ApiSelection, MemoryModules, SourceFile, discover};
use bolt_codegen::manifest::{HandlerKind, Manifest, ParamSource, Route, TypeRef};

fn rich_manifest() -> Manifest {
    support::fixture_manifest("rich")
}

fn route<'m>(manifest: &'m Manifest, method: &str, path: &str) -> &'m Route {
    manifest
        .routes
        .iter()
        .find(|route| route.method.as_str() == method && route.path == path)
        .unwrap_or_else(|| panic!("route {method} {path} exists"))
}

#[test]
fn test_discover_rich_fixture_manifest_matches_snapshot() {
    insta::assert_snapshot!("rich_manifest", rich_manifest().to_json());
}

#[test]
fn test_discover_rich_fixture_twice_is_byte_identical() {
    assert_eq!(rich_manifest().to_json(), rich_manifest().to_json());
}

#[test]
fn test_discover_rich_fixture_routes_sorted_by_path_then_method() {
    let manifest = rich_manifest();
    let keys: Vec<(String, _)> = manifest
        .routes
        .iter()
        .map(|r| (r.path.clone(), r.method))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let apis: Vec<String> = manifest
        .apis
        .iter()
        .map(|a| format!("{}:{}", a.module, a.name))
        .collect();
    assert_eq!(
        apis,
        ["shop.admin_api:admin", "shop.api:api", "shop.api:other"]
    );
}

#[test]
fn test_discover_handler_kinds_follow_awaits_in_own_body() {
    let manifest = rich_manifest();
    assert_eq!(
        route(&manifest, "GET", "/api/items/{item_id}").handler.kind,
        HandlerKind::Sync
    );
    assert_eq!(
        route(&manifest, "POST", "/api/items").handler.kind,
        HandlerKind::AsyncInline
    );
    assert_eq!(
        route(&manifest, "GET", "/api/files/{p:path}").handler.kind,
        HandlerKind::AsyncAwaiting
    );
    assert_eq!(
        route(&manifest, "GET", "/api/tree").handler.kind,
        HandlerKind::AsyncAwaiting
    );
    // The only await is inside a nested function.
    assert_eq!(
        route(&manifest, "PATCH", "/api/tags/{tag_id}").handler.kind,
        HandlerKind::AsyncInline
    );
}

#[test]
fn test_discover_param_sources_inferred_and_marked() {
    let manifest = rich_manifest();
    let sources: Vec<(&str, ParamSource)> = route(&manifest, "GET", "/api/items/{item_id}")
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.source))
        .collect();
    assert_eq!(
        sources,
        [
            ("item_id", ParamSource::Path),
            ("q", ParamSource::Query),
            ("limit", ParamSource::Query),
            ("x_token", ParamSource::Header),
            ("sid", ParamSource::Cookie),
            ("request", ParamSource::Request),
        ]
    );
    let bulk = route(&manifest, "POST", "/api/bulk");
    assert_eq!(bulk.params[0].source, ParamSource::Body);
    let raw = route(&manifest, "PUT", "/api/raw");
    assert_eq!(raw.params[0].source, ParamSource::Body);
    assert_eq!(raw.response, None, "a response class is returned as-is");
}

#[test]
fn test_discover_recursive_structs_are_keyed_by_module_and_name() {
    let manifest = rich_manifest();
    let node = &manifest.structs["shop.schemas.Node"];
    assert_eq!(
        node.fields[1].ty,
        TypeRef::list(TypeRef::structure("shop.schemas.Node"))
    );
    assert!(manifest.structs.contains_key("shop.schemas.Partner"));
    let item = &manifest.structs["shop.schemas.Item"];
    let names: Vec<&str> = item.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["id", "name", "price", "tags", "note", "qty", "sku", "meta"]
    );
    assert!(item.forbid_unknown_fields, "inherited from Base");
    assert_eq!(item.fields[6].json_key(), "SKU");
}

#[test]
fn test_discover_explicit_selection_builds_only_that_api() {
    let modules = support::load_fixture("rich");
    let selection = ApiSelection::Explicit(vec![("shop.api".into(), "other".into())]);
    let manifest = discover(&modules, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
    assert_eq!(manifest.apis.len(), 1);
    assert_eq!(manifest.routes.len(), 1);
    assert_eq!(manifest.routes[0].path, "/other");
    assert!(manifest.structs.is_empty());
}

#[test]
fn test_discover_import_cycle_between_modules_terminates() {
    let mut modules = MemoryModules::default();
    let file = |path: &str, text: &str| SourceFile {
        path: path.into(),
        text: text.into(),
    };
    modules.0.insert(
        "a".into(),
        file("a.py", "from django_bolt import BoltAPI\nfrom b import Thing\napi = BoltAPI()\n@api.get('/')\ndef root() -> Thing: ...\n"),
    );
    modules
        .0
        .insert("b".into(), file("b.py", "from a import Thing\n"));
    let selection = ApiSelection::Scan(vec!["a".into()]);
    let diagnostics = discover(&modules, &selection).expect_err("Thing is never defined");
    assert_eq!(diagnostics.0.len(), 1);
    assert_eq!(diagnostics.0[0].code, "B0404");
}

#[test]
fn test_discover_no_api_in_scanned_module_yields_empty_manifest() {
    let mut modules = MemoryModules::default();
    modules.0.insert(
        "m".into(),
        SourceFile {
            path: "m.py".into(),
            text: "x = 1\n".into(),
        },
    );
    let manifest = discover(&modules, &ApiSelection::Scan(vec!["m".into()])).expect("builds");
    assert!(manifest.apis.is_empty() && manifest.routes.is_empty());
}

fn types_manifest() -> Manifest {
    support::fixture_manifest("types")
}

#[test]
fn test_discover_types_fixture_manifest_matches_snapshot() {
    insta::assert_snapshot!("types_manifest", types_manifest().to_json());
}

/// Expected values printed by `tests/fixtures/types/check_msgspec.py` (msgspec 0.22,
/// Python 3.11) for the same fixture source.
/// The start-up check (`bolt verify`) reads back the manifest an extension was compiled
/// from: discover's output must survive JSON unchanged (`"default": null` included).
#[test]
fn test_discover_manifests_read_back_equal_from_their_json() {
    for manifest in [types_manifest(), rich_manifest(), recursive_manifest()] {
        let parsed = Manifest::from_json(&manifest.to_json()).expect("parses");
        assert_eq!(parsed, manifest);
    }
}

#[test]
fn test_discover_types_fixture_order_rename_tags_and_enums_match_msgspec() {
    let manifest = types_manifest();
    let keys = |name: &str| -> Vec<String> {
        manifest.structs[name]
            .fields
            .iter()
            .map(|field| field.json_key().to_owned())
            .collect()
    };
    assert_eq!(keys("shop.models.OrderedChild"), ["a", "c", "d", "b"]);
    assert_eq!(
        keys("shop.models.Square"),
        ["userId", "_privateName", "side_len", "X"]
    );
    assert_eq!(keys("shop.models.Row"), ["first-col", "second-col"]);
    assert_eq!(keys("shop.models.Cased"), ["A", "b_field", "c_field"]);
    let tag = |name: &str| {
        let tag = manifest.structs[name].tag.clone().expect("tagged");
        (tag.field, tag.value.canonical())
    };
    assert_eq!(
        tag("shop.models.Circle"),
        ("kind".into(), "\"Circle\"".into())
    );
    assert_eq!(tag("shop.models.Square"), ("kind".into(), "\"sq\"".into()));
    let values = |name: &str| -> Vec<String> {
        manifest.enums[name]
            .values
            .iter()
            .map(bolt_codegen::manifest::TagValue::canonical)
            .collect()
    };
    assert_eq!(values("shop.enums.Priority"), ["5", "6", "2", "7"]);
    assert_eq!(values("shop.enums.Plain"), ["1", "10", "11"]);
    assert_eq!(
        values("shop.enums.Status"),
        ["\"open\"", "\"closed_now\"", "\"archived-x\""]
    );
    assert_eq!(values("shop.enums.Colour"), ["\"red\"", "\"green\""]);
}

fn recursive_manifest() -> Manifest {
    support::fixture_manifest("recursive")
}

#[test]
fn test_discover_recursive_alias_through_structs_matches_snapshot() {
    insta::assert_snapshot!("recursive_manifest", recursive_manifest().to_json());
}

/// `Expr = Num | Add | Neg | Mul` where `Add.left: Expr`: the alias expands to a union of
/// Struct references, and the Structs refer back to it by name (msgspec accepts this).
#[test]
fn test_discover_recursive_alias_expands_to_union_of_struct_refs() {
    let manifest = recursive_manifest();
    let expr = TypeRef::Union {
        variants: ["Num", "Add", "Neg", "Mul"]
            .iter()
            .map(|name| TypeRef::structure(format!("calc.exprs.{name}")))
            .collect(),
    };
    let body = &route(&manifest, "POST", "/eval").params[0];
    assert_eq!(body.source, ParamSource::Body);
    assert_eq!(body.ty.canonical(), expr.canonical());
    let add = &manifest.structs["calc.exprs.Add"];
    assert_eq!(add.fields[0].ty.canonical(), expr.canonical());
    assert_eq!(
        manifest.structs["calc.exprs.Neg"].fields[0].ty.canonical(),
        expr.canonical()
    );
}

/// Expected values printed by msgspec 0.22: `tag=str.upper` / `tag=str.lower` are called
/// with the class name.
#[test]
fn test_discover_tag_str_methods_apply_to_class_name() {
    let manifest = recursive_manifest();
    let tag = |name: &str| {
        let tag = manifest.structs[name].tag.clone().expect("tagged");
        (tag.field, tag.value.canonical())
    };
    assert_eq!(tag("calc.exprs.Neg"), ("type".into(), "\"NEG\"".into()));
    assert_eq!(tag("calc.exprs.Mul"), ("type".into(), "\"mul\"".into()));
}

#[test]
fn test_discover_fixed_tuple_query_header_cookie_params_allowed() {
    let manifest = recursive_manifest();
    let sources: Vec<(&str, ParamSource, String)> = route(&manifest, "GET", "/range")
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.source, p.ty.canonical()))
        .collect();
    assert_eq!(
        sources,
        [
            (
                "bounds",
                ParamSource::Query,
                "fixed_tuple[int, float]".to_owned()
            ),
            (
                "size",
                ParamSource::Header,
                "optional[fixed_tuple[int, int]]".to_owned()
            ),
            (
                "pair",
                ParamSource::Cookie,
                "fixed_tuple[str, bool]".to_owned()
            ),
        ]
    );
}

fn one_module(text: &str) -> Manifest {
    let mut modules = MemoryModules::default();
    modules.0.insert(
        "m".into(),
        SourceFile {
            path: "m.py".into(),
            text: text.into(),
        },
    );
    match discover(&modules, &ApiSelection::Scan(vec!["m".into()])) {
        Ok(manifest) => manifest,
        Err(diagnostics) => panic!("must build:\n{}", diagnostics.render()),
    }
}

#[test]
fn test_discover_alias_equal_to_name_is_omitted() {
    let manifest = one_module(
        "from typing import Annotated\nfrom django_bolt import BoltAPI, Cookie, Header, Query\napi = BoltAPI()\n\
         @api.get('/a')\ndef a(q: int = Query(1, alias='q'), x_token: Annotated[str, Header(alias='x_token')] = '',\n\
         sid: str = Cookie('', alias='sid'), other: str = Query('', alias='o')) -> None: ...\n",
    );
    let aliases: Vec<(&str, Option<&str>, String)> = manifest.routes[0]
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.alias.as_deref(), p.wire_name()))
        .collect();
    assert_eq!(
        aliases,
        [
            ("q", None, "q".to_owned()),
            // django-bolt looks a header up by `(alias or name).lower().replace("_", "-")`.
            ("x_token", None, "x-token".to_owned()),
            ("sid", None, "sid".to_owned()),
            ("other", Some("o"), "o".to_owned()),
        ]
    );
}

#[test]
fn test_discover_object_with_none_or_any_in_union_is_any_like_msgspec() {
    let manifest = one_module(
        "from typing import Any, Optional, Union\nimport msgspec\nfrom django_bolt import BoltAPI\napi = BoltAPI()\n\
         class B(msgspec.Struct):\n    a: object | None\n    b: Optional[object]\n    c: object | int | Any\n    d: list[object] | int\n    e: Union[object, None]\n\
         @api.post('/b')\ndef b(body: B) -> None: ...\n",
    );
    let fields: Vec<String> = manifest.structs["m.B"]
        .fields
        .iter()
        .map(|f| f.ty.canonical())
        .collect();
    assert_eq!(
        fields,
        ["any", "any", "any", "union[list[any], int]", "any"]
    );
}

#[test]
fn test_discover_generic_struct_with_object_is_accepted_where_msgspec_accepts_it() {
    let manifest = one_module(
        "from typing import Any, Generic, TypeVar\nimport msgspec\nfrom django_bolt import BoltAPI\napi = BoltAPI()\n\
         T = TypeVar('T')\n\
         class Page(msgspec.Struct, Generic[T]):\n    maybe: T | None\n    items: list[T]\n\
         class Mixed(msgspec.Struct, Generic[T]):\n    item: int | T\n\
         class B(msgspec.Struct):\n    a: Page[object]\n    b: Mixed[Any]\n\
         @api.post('/b')\ndef b(body: B) -> None: ...\n",
    );
    let fields: Vec<String> = manifest.structs["m.B"]
        .fields
        .iter()
        .map(|f| f.ty.canonical())
        .collect();
    assert_eq!(fields, ["struct m.Page[any]", "struct m.Mixed[any]"]);
}

#[test]
fn test_discover_routers_fixture_manifest_matches_snapshot() {
    insta::assert_snapshot!(
        "routers_manifest",
        support::fixture_manifest("routers").to_json()
    );
}

#[test]
fn test_discover_dependencies_fixture_manifest_matches_snapshot() {
    insta::assert_snapshot!(
        "dependencies_manifest",
        support::fixture_manifest("dependencies").to_json()
    );
}

#[test]
fn test_discover_dependencies_are_resolved_per_route_callees_first_and_cached_once() {
    let manifest = support::fixture_manifest("dependencies");
    let calls = |path: &str| -> Vec<String> {
        route_by_path(&manifest, path)
            .dependencies
            .iter()
            .map(|call| format!("{}:{:?}", call.function.qualname, call.function.kind))
            .collect()
    };
    // item_owner depends on current_user, which depends on api_version; the handler's own
    // `current_user` is the cached call.
    assert_eq!(
        calls("/shop/items/{item_id}"),
        [
            "api_version:Sync",
            "current_user:AsyncAwaiting",
            "item_owner:Sync"
        ]
    );
    let get_item = route_by_path(&manifest, "/shop/items/{item_id}");
    let depends: Vec<Option<usize>> = get_item.params.iter().map(|p| p.dependency).collect();
    assert_eq!(depends, [None, Some(2), Some(1)]);
    assert_eq!(
        get_item.dispatch_kind(),
        bolt_codegen::manifest::HandlerKind::AsyncAwaiting
    );
    // `item_id` of the dependency is the route's path placeholder.
    let owner = &get_item.dependencies[2];
    assert_eq!(
        owner.params[0].source,
        bolt_codegen::manifest::ParamSource::Path
    );
    // use_cache=False: one call per use.
    assert_eq!(calls("/shop/fresh"), ["counter:Sync", "counter:Sync"]);
    // A class is called with its __init__'s parameters.
    let pagination = &route_by_path(&manifest, "/shop/items").dependencies[0];
    let names: Vec<&str> = pagination.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["page", "size"]);
    let wire: Vec<&str> = route_by_path(&manifest, "/shop/items")
        .wire_params()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(wire, ["page", "size", "x_api_version"]);
    assert_eq!(
        route_by_path(&manifest, "/shop/inline").dispatch_kind(),
        bolt_codegen::manifest::HandlerKind::AsyncInline
    );
}

fn route_by_path<'m>(manifest: &'m Manifest, path: &str) -> &'m Route {
    manifest
        .routes
        .iter()
        .find(|route| route.path == path)
        .unwrap_or_else(|| panic!("no route {path}"))
}

#[test]
fn test_discover_status_codes_constants_are_read_from_their_names() {
    let manifest = one_module(
        "from django_bolt import BoltAPI, status, status_codes\nfrom django_bolt.status_codes import HTTP_201_CREATED\n\
         api = BoltAPI()\n\
         @api.post('/a', status_code=HTTP_201_CREATED)\ndef a() -> dict: ...\n\
         @api.delete('/a', status_code=status.HTTP_204_NO_CONTENT)\ndef gone() -> None: ...\n\
         @api.get('/b', response_model={status_codes.HTTP_200_OK: dict, status_codes.HTTP_404_NOT_FOUND: None})\n\
         def b(): ...\n",
    );
    let statuses: Vec<(&str, u16)> = manifest
        .routes
        .iter()
        .map(|route| (route.method.as_str(), route.status_code))
        .collect();
    assert_eq!(statuses, [("POST", 201), ("DELETE", 204), ("GET", 200)]);
    assert_eq!(
        manifest.routes[2].responses.keys().collect::<Vec<_>>(),
        ["200", "404"]
    );
}

#[test]
fn test_discover_api_view_methods_are_routes_with_the_class_defaults() {
    let manifest = one_module(
        "from django_bolt import BoltAPI\nfrom django_bolt.views import APIView\napi = BoltAPI(prefix='/v')\n\
         @api.view('/items/{item_id}', tags=['items'])\n\
         class ItemView(APIView):\n    status_code = 202\n    include_in_schema = False\n\
         \x20   async def get(self, request, item_id: int) -> dict: ...\n\
         \x20   def delete(self, item_id: int, hard: bool = False) -> None: ...\n\
         \x20   def helper(self) -> None: ...\n",
    );
    let routes: Vec<(String, String, u16)> = manifest
        .routes
        .iter()
        .map(|r| {
            (
                r.method.as_str().to_owned(),
                r.handler.qualname.clone(),
                r.status_code,
            )
        })
        .collect();
    assert_eq!(
        routes,
        [
            ("GET".to_owned(), "ItemView.get".to_owned(), 202),
            ("DELETE".to_owned(), "ItemView.delete".to_owned(), 202),
        ]
    );
    let delete = &manifest.routes[1];
    let names: Vec<&str> = delete.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["item_id", "hard"]);
    assert!(delete.operation.hidden);
    assert_eq!(delete.operation.tags, ["items"]);
}

#[test]
fn test_discover_api_include_in_schema_is_the_routes_default_and_logging_flags_build() {
    let manifest = one_module(
        "from django_bolt import BoltAPI\napi = BoltAPI(include_in_schema=False, enable_logging=True, compression=None)\n\
         @api.get('/hidden')\ndef hidden() -> dict: ...\n\
         @api.get('/shown', include_in_schema=True)\ndef shown() -> dict: ...\n",
    );
    let hidden: Vec<(&str, bool)> = manifest
        .routes
        .iter()
        .map(|route| (route.path.as_str(), route.operation.hidden))
        .collect();
    assert_eq!(hidden, [("/hidden", true), ("/shown", false)]);
}
