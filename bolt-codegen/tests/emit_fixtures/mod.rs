//! Hand-built manifests shared by the `emit*` tests.

// Each test binary that includes this module uses a different subset of it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use bolt_codegen::emit::CrateSettings;
use bolt_codegen::manifest::{
    Api, Constraints, Field, Handler, HandlerKind, HttpMethod, Manifest, Operation, Param,
    ParamSource, Route, Span, StructDef, TypeRef,
};

const MODULE: &str = "shop.api";

fn span(line: u32) -> Span {
    Span {
        file: "shop/api.py".into(),
        line,
        column: 1,
    }
}

pub fn settings() -> CrateSettings {
    CrateSettings {
        package_name: "bolt_app_0123456789ab".into(),
        runtime_path: "/opt/bolt/bolt-runtime".into(),
    }
}

pub fn route(method: HttpMethod, path: &str, qualname: &str, params: Vec<Param>) -> Route {
    Route {
        method,
        path: path.into(),
        api: format!("{MODULE}:api"),
        handler: Handler {
            module: MODULE.into(),
            qualname: qualname.into(),
            kind: HandlerKind::Sync,
        },
        params,
        status_code: 200,
        response: None,
        operation: Operation::default(),
        span: span(10),
    }
}

pub fn param(name: &str, source: ParamSource, ty: TypeRef) -> Param {
    Param {
        name: name.into(),
        source,
        alias: None,
        ty,
        required: true,
        default: None,
    }
}

fn field(name: &str, ty: TypeRef, required: bool) -> Field {
    Field {
        name: name.into(),
        wire_name: None,
        ty,
        required,
        default: None,
    }
}

fn int_with(constraints: Constraints) -> TypeRef {
    TypeRef::Int { constraints }
}

fn struct_def(qualname: &str, fields: Vec<Field>, forbid_unknown_fields: bool) -> StructDef {
    StructDef {
        module: MODULE.into(),
        qualname: qualname.into(),
        fields,
        forbid_unknown_fields,
        array_like: false,
        tag: None,
        docstring: None,
        span: span(3),
    }
}

/// A manifest exercising every emitted construct.
pub fn full_manifest() -> Manifest {
    let positive = Constraints {
        ge: Some(1.into()),
        ..Constraints::default()
    };
    let sku = Constraints {
        min_length: Some(3),
        max_length: Some(12),
        pattern: Some(r"^[A-Z]{3}-\d+$".into()),
        ..Constraints::default()
    };
    let price = Constraints {
        gt: Some(serde_json::Number::from_f64(0.0).expect("finite")),
        le: Some(serde_json::Number::from_f64(1e6).expect("finite")),
        multiple_of: Some(serde_json::Number::from_f64(0.01).expect("finite")),
        ..Constraints::default()
    };
    let offset = Constraints {
        ge: Some((-10).into()),
        lt: Some(100.into()),
        ..Constraints::default()
    };

    let mut structs = BTreeMap::new();
    structs.insert(
        "shop.api.Item".to_owned(),
        struct_def(
            "Item",
            vec![
                field("name", TypeRef::str(), true),
                field(
                    "sku",
                    TypeRef::Str {
                        constraints: sku.clone(),
                    },
                    true,
                ),
                field("price", TypeRef::Float { constraints: price }, true),
                field(
                    "tags",
                    TypeRef::List {
                        items: Box::new(TypeRef::str()),
                        constraints: Constraints {
                            max_length: Some(5),
                            ..Constraints::default()
                        },
                    },
                    false,
                ),
                field(
                    "owner",
                    TypeRef::optional(TypeRef::structure("shop.api.User")),
                    false,
                ),
                Field {
                    name: "extra_data".into(),
                    wire_name: Some("extraData".into()),
                    ty: TypeRef::dict(TypeRef::str(), TypeRef::Any),
                    required: false,
                    default: None,
                },
            ],
            true,
        ),
    );
    structs.insert(
        "shop.api.User".to_owned(),
        struct_def(
            "User",
            vec![field("id", int_with(positive.clone()), true)],
            false,
        ),
    );
    structs.insert(
        "shop.api.CategoryNode".to_owned(),
        struct_def(
            "CategoryNode",
            vec![
                field("label", TypeRef::Str { constraints: sku }, true),
                field(
                    "children",
                    TypeRef::list(TypeRef::structure("shop.api.CategoryNode")),
                    false,
                ),
                field(
                    "parent",
                    TypeRef::optional(TypeRef::structure("shop.api.CategoryNode")),
                    false,
                ),
                field("flag", TypeRef::Bool, false),
                field("nothing", TypeRef::None, false),
            ],
            false,
        ),
    );

    let mut request_id = param(
        "x_request_id",
        ParamSource::Header,
        TypeRef::optional(TypeRef::str()),
    );
    request_id.required = false;
    let mut page = param("page", ParamSource::Query, int_with(offset));
    page.required = false;
    page.default = Some(0.into());
    let mut session = param("session_id", ParamSource::Cookie, TypeRef::str());
    session.alias = Some("sessionid".into());

    let mut routes = vec![
        route(HttpMethod::Get, "/", "index", vec![]),
        route(
            HttpMethod::Get,
            "/categories",
            "list_categories",
            vec![param(
                "root",
                ParamSource::Body,
                TypeRef::structure("shop.api.CategoryNode"),
            )],
        ),
        route(
            HttpMethod::Get,
            "/files/{rest:path}",
            "get_file",
            vec![param("rest", ParamSource::Path, TypeRef::str())],
        ),
        route(
            HttpMethod::Get,
            "/items",
            "list_items",
            vec![
                page,
                param("tags", ParamSource::Query, TypeRef::list(TypeRef::str())),
                request_id,
                session,
                param("request", ParamSource::Request, TypeRef::Any),
            ],
        ),
        route(
            HttpMethod::Post,
            "/items",
            "create_item",
            vec![param(
                "item",
                ParamSource::Body,
                TypeRef::structure("shop.api.Item"),
            )],
        ),
        route(HttpMethod::Get, "/items/new", "new_item_form", vec![]),
        route(
            HttpMethod::Delete,
            "/items/{item_id}",
            "delete_item",
            vec![param(
                "item_id",
                ParamSource::Path,
                int_with(positive.clone()),
            )],
        ),
        route(
            HttpMethod::Get,
            "/items/{item_id}",
            "get_item",
            vec![param(
                "item_id",
                ParamSource::Path,
                int_with(positive.clone()),
            )],
        ),
        route(
            HttpMethod::Get,
            "/items/{item_id}/reviews/{review_id}",
            "get_review",
            vec![
                param("review_id", ParamSource::Path, int_with(positive.clone())),
                param("item_id", ParamSource::Path, int_with(positive)),
            ],
        ),
        route(
            HttpMethod::Get,
            "/items/{item_id}/{rest:path}",
            "item_files",
            vec![
                param("item_id", ParamSource::Path, TypeRef::str()),
                param("rest", ParamSource::Path, TypeRef::str()),
            ],
        ),
        route(
            HttpMethod::Get,
            "/{slug}/about",
            "about",
            vec![param("slug", ParamSource::Path, TypeRef::str())],
        ),
    ];
    routes[1].handler.kind = HandlerKind::AsyncInline;
    routes[4].handler.kind = HandlerKind::AsyncAwaiting;
    routes[4].status_code = 201;

    Manifest {
        version: bolt_codegen::manifest::MANIFEST_VERSION,
        apis: vec![Api {
            module: MODULE.into(),
            name: "api".into(),
            prefix: String::new(),
            span: span(5),
        }],
        routes,
        structs,
        enums: Default::default(),
    }
}
