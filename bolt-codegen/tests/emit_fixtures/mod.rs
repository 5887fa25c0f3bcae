//! Hand-built manifests shared by the `emit*` tests.

// Each test binary that includes this module uses a different subset of it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use bolt_codegen::emit::CrateSettings;
use bolt_codegen::manifest::{
    Api, Constraints, EnumDef, Field, Handler, HandlerKind, HttpMethod, Manifest, Operation, Param,
    ParamSource, Route, Span, StructDef, StructTag, TagValue, TypeRef,
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
        router: None,
        name: None,
        validate_response: true,
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
        dependencies: Vec::new(),
        responses: std::collections::BTreeMap::new(),
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
        dependency: None,
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
                field(
                    "everything",
                    TypeRef::optional(TypeRef::structure("shop.api.Everything")),
                    false,
                ),
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

    add_type_fidelity_structs(&mut structs);

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
            namespace: None,
            validate_response: true,
            openapi: None,
            span: span(5),
            trailing_slash: Default::default(),
            error_formatter: None,
        }],
        routes,
        structs,
        enums: type_fidelity_enums(),
    }
}

fn enum_def(qualname: &str, values: Vec<TagValue>) -> EnumDef {
    EnumDef {
        module: MODULE.into(),
        qualname: qualname.into(),
        values,
        docstring: None,
        span: span(2),
    }
}

fn type_fidelity_enums() -> BTreeMap<String, EnumDef> {
    let mut enums = BTreeMap::new();
    enums.insert(
        "shop.api.Color".to_owned(),
        enum_def(
            "Color",
            vec![TagValue::Str("red".into()), TagValue::Str("blue".into())],
        ),
    );
    enums.insert(
        "shop.api.Level".to_owned(),
        enum_def(
            "Level",
            vec![TagValue::Int((-1).into()), TagValue::Int(2.into())],
        ),
    );
    enums
}

fn with_lengths(min: Option<u64>, max: Option<u64>) -> Constraints {
    Constraints {
        min_length: min,
        max_length: max,
        ..Constraints::default()
    }
}

fn tagged(mut def: StructDef, field: &str, value: TagValue, array_like: bool) -> StructDef {
    def.tag = Some(StructTag {
        field: field.into(),
        value,
    });
    def.array_like = array_like;
    def
}

/// `shop.api.Everything`: a field of every type of issue #3, and the Structs its unions use.
fn add_type_fidelity_structs(structs: &mut BTreeMap<String, StructDef>) {
    let enum_ref = |name: &str| TypeRef::Enum { name: name.into() };
    let boxed = |ty: TypeRef| Box::new(ty);
    let fields = vec![
        field(
            "raw",
            TypeRef::Bytes {
                bytearray: false,
                constraints: with_lengths(None, Some(16)),
            },
            true,
        ),
        field(
            "buffer",
            TypeRef::Bytes {
                bytearray: true,
                constraints: Constraints::default(),
            },
            false,
        ),
        field(
            "when",
            TypeRef::Datetime {
                constraints: Constraints {
                    tz: Some(true),
                    ..Constraints::default()
                },
            },
            false,
        ),
        field(
            "naive",
            TypeRef::Datetime {
                constraints: Constraints::default(),
            },
            false,
        ),
        field("day", TypeRef::Date, false),
        field(
            "at",
            TypeRef::Time {
                constraints: Constraints {
                    tz: Some(false),
                    ..Constraints::default()
                },
            },
            false,
        ),
        field("span", TypeRef::Timedelta, false),
        field("id", TypeRef::Uuid, false),
        field(
            "amount",
            TypeRef::Decimal {
                constraints: Constraints::default(),
            },
            false,
        ),
        field("color", enum_ref("shop.api.Color"), false),
        field("level", enum_ref("shop.api.Level"), false),
        field(
            "mode",
            TypeRef::Literal {
                values: vec![TagValue::Str("a".into()), TagValue::Int(1.into())],
            },
            false,
        ),
        field(
            "labels",
            TypeRef::Set {
                items: boxed(TypeRef::str()),
                constraints: with_lengths(None, Some(3)),
            },
            false,
        ),
        field(
            "codes",
            TypeRef::FrozenSet {
                items: boxed(TypeRef::int()),
                constraints: Constraints::default(),
            },
            false,
        ),
        field(
            "dims",
            TypeRef::Tuple {
                items: boxed(TypeRef::float()),
                constraints: Constraints::default(),
            },
            false,
        ),
        field(
            "pair",
            TypeRef::FixedTuple {
                items: vec![TypeRef::int(), TypeRef::str()],
            },
            false,
        ),
        field("unit", TypeRef::FixedTuple { items: vec![] }, false),
        field(
            "scores",
            TypeRef::Dict {
                keys: boxed(int_with(Constraints {
                    ge: Some(0.into()),
                    ..Constraints::default()
                })),
                values: boxed(TypeRef::float()),
                constraints: with_lengths(Some(1), None),
            },
            false,
        ),
        field(
            "choice",
            TypeRef::Union {
                variants: vec![
                    TypeRef::int(),
                    TypeRef::str(),
                    TypeRef::list(TypeRef::int()),
                ],
            },
            false,
        ),
        field(
            "number",
            TypeRef::optional(TypeRef::Union {
                variants: vec![
                    TypeRef::float(),
                    TypeRef::Decimal {
                        constraints: Constraints::default(),
                    },
                ],
            }),
            false,
        ),
        field(
            "mixed",
            TypeRef::Union {
                variants: vec![
                    TypeRef::Bool,
                    enum_ref("shop.api.Level"),
                    TypeRef::Date,
                    TypeRef::dict(TypeRef::str(), TypeRef::Any),
                ],
            },
            false,
        ),
        field(
            "shape",
            TypeRef::Union {
                variants: vec![
                    TypeRef::structure("shop.api.Circle"),
                    TypeRef::structure("shop.api.Square"),
                ],
            },
            false,
        ),
        field(
            "packed",
            TypeRef::Union {
                variants: vec![
                    TypeRef::structure("shop.api.PackedA"),
                    TypeRef::structure("shop.api.PackedB"),
                    TypeRef::int(),
                ],
            },
            false,
        ),
        field("point", TypeRef::structure("shop.api.Point"), false),
    ];
    structs.insert(
        "shop.api.Everything".to_owned(),
        struct_def("Everything", fields, false),
    );
    let radius = vec![field("radius", TypeRef::float(), true)];
    structs.insert(
        "shop.api.Circle".to_owned(),
        tagged(
            struct_def("Circle", radius, false),
            "kind",
            TagValue::Str("circle".into()),
            false,
        ),
    );
    let side = vec![field("side", TypeRef::float(), true)];
    structs.insert(
        "shop.api.Square".to_owned(),
        tagged(
            struct_def("Square", side, false),
            "kind",
            TagValue::Str("square".into()),
            false,
        ),
    );
    let a = vec![field("a", TypeRef::int(), true)];
    structs.insert(
        "shop.api.PackedA".to_owned(),
        tagged(
            struct_def("PackedA", a, true),
            "type",
            TagValue::Int(1.into()),
            true,
        ),
    );
    let b = vec![field("b", TypeRef::str(), false)];
    structs.insert(
        "shop.api.PackedB".to_owned(),
        tagged(
            struct_def("PackedB", b, false),
            "type",
            TagValue::Int((-2).into()),
            true,
        ),
    );
    let mut point = struct_def(
        "Point",
        vec![
            field("x", TypeRef::float(), true),
            field("y", TypeRef::float(), false),
        ],
        false,
    );
    point.array_like = true;
    structs.insert("shop.api.Point".to_owned(), point);
}
