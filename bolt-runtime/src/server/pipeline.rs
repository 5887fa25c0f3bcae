//! The request pipeline's decisions, as pure functions: which route (or docs resource),
//! 404/405, and whether the request's parameters and body are valid (422) — all without
//! Python and without I/O.

use smallvec::SmallVec;

use crate::app::{App, Method, Route, RouteId, Router, Schema, Source};
use crate::errors::ValidationError;
use crate::extract::{RequestParts, Value, extract_params};
use crate::routing::{Lookup, lookup};
use crate::server::BodyValidation;
use crate::server::body_order::BodyOrder;
use crate::server::docs::{self, DOCS_ALLOW, DocsMount, DocsRequest, DocsResource};
use crate::server::response::OutboundResponse;
use crate::validate::validate_json_body;

/// The method string of `HEAD` requests.
pub const HEAD: &str = "HEAD";
/// The method string of `GET` requests.
const GET: &str = "GET";
/// Answered 204 with `Allow` on a known path (django-bolt 0.13's automatic `OPTIONS`).
const OPTIONS: &str = "OPTIONS";

/// What one route needs from a request, computed once at start-up.
#[derive(Debug)]
pub struct RoutePlan {
    /// The JSON body parameter, validated natively and decoded by Python.
    pub body: Option<BodyParam>,
    /// In which order the body is checked, learned from the bodies received.
    pub body_order: BodyOrder,
    /// The handler takes the `Request` object.
    pub wants_request: bool,
    /// Placeholder names of the route's path template, in capture order.
    pub path_names: Vec<&'static str>,
}

/// The position and schema of a route's body parameter.
#[derive(Debug, Clone, Copy)]
pub struct BodyParam {
    pub index: usize,
    pub schema: &'static Schema,
}

impl RoutePlan {
    /// Derives the plan of `route` from its parameters and path template.
    pub fn of(route: &Route) -> Self {
        let body = route
            .params
            .iter()
            .position(|param| param.source == Source::Body)
            .map(|index| BodyParam {
                index,
                schema: route.params[index].schema,
            });
        let wants_request = route
            .params
            .iter()
            .any(|param| param.source == Source::Request);
        Self {
            body,
            body_order: BodyOrder::default(),
            wants_request,
            path_names: placeholder_names(route.path),
        }
    }

    /// Whether the request body must be read before calling the handler.
    pub fn reads_body(&self) -> bool {
        self.body.is_some() || self.wants_request
    }

    /// Whether the next request's JSON body is validated natively before it is decoded
    /// (false when the route has no body parameter).
    pub fn validates_body_first(&self, setting: BodyValidation) -> bool {
        self.body.is_some() && self.body_order.validate_first(setting)
    }
}

/// The plans of every route of `app`, indexed by route id.
pub fn plan_routes(app: &App) -> Vec<RoutePlan> {
    app.routes.iter().map(RoutePlan::of).collect()
}

/// The names of a path template's placeholders in order: `"/a/{id}/{rest:path}"` → `id, rest`.
pub fn placeholder_names(template: &'static str) -> Vec<&'static str> {
    template
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|placeholder| {
            placeholder
                .split_once(':')
                .map_or(placeholder, |(name, _)| name)
        })
        .collect()
}

/// The route a request is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'p> {
    pub route: RouteId,
    /// Raw path captures, in placeholder order.
    pub captures: SmallVec<[&'p str; 4]>,
    /// A `HEAD` request answered by the `GET` route (headers only).
    pub head: bool,
}

impl Target<'_> {
    /// The request's method: `HEAD`, or the route's own.
    pub fn method(&self, route_method: Method) -> &'static str {
        if self.head {
            HEAD
        } else {
            route_method.as_str()
        }
    }
}

/// The outcome of routing: a route to run, a docs resource to serve, or a response to send
/// right away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Routed<'p> {
    Found(Target<'p>),
    /// A `GET`/`HEAD` of the API docs (served from memory, no Python).
    Docs(DocsResource),
    /// Answered without a handler: 404, 405 (with `Allow`), 308 to the path with or
    /// without its trailing slash, 204 to an `OPTIONS` (with `Allow`).
    Respond(OutboundResponse),
}

/// Routes `method` + raw `path` (`query` is kept in redirects), as django-bolt 0.13 does:
/// known paths with another method are 405 with `Allow`, or 204 with `Allow` for `OPTIONS`;
/// a path no route matches is redirected (308) to the same path with its trailing slash
/// removed or added when a route matches that one, else it is 404. With `docs` mounted, a
/// path no route matches may be a docs path: routes always win.
pub fn route_request<'p>(
    router: &Router,
    docs: Option<&DocsMount>,
    method: &str,
    path: &'p str,
    query: &str,
) -> Routed<'p> {
    match lookup(router, method, path) {
        Lookup::Found {
            route,
            captures,
            head,
        } => Routed::Found(Target {
            route,
            captures,
            head,
        }),
        Lookup::MethodNotAllowed { allow } if method == OPTIONS => {
            Routed::Respond(OutboundResponse::options(allow))
        }
        Lookup::MethodNotAllowed { allow } => {
            Routed::Respond(OutboundResponse::method_not_allowed(allow))
        }
        Lookup::NotFound => match docs.and_then(|mount| docs::classify(mount, method, path)) {
            Some(DocsRequest::Serve(resource)) => Routed::Docs(resource),
            Some(DocsRequest::MethodNotAllowed) => {
                Routed::Respond(OutboundResponse::method_not_allowed(DOCS_ALLOW.to_owned()))
            }
            None => match slash_alternate(router, method, path) {
                Some(alternate) => Routed::Respond(OutboundResponse::permanent_redirect(
                    with_query(&alternate, query),
                )),
                None => Routed::Respond(OutboundResponse::not_found()),
            },
        },
    }
}

/// `path` with its trailing `/` removed, or one added, when a route answers `method` there
/// (never for `/`; only after a miss, so it costs nothing on routed requests).
fn slash_alternate(router: &Router, method: &str, path: &str) -> Option<String> {
    if path == "/" || path.is_empty() {
        return None;
    }
    let alternate = match path.strip_suffix('/') {
        Some(stripped) => stripped.to_owned(),
        None => format!("{path}/"),
    };
    let found = matches!(lookup(router, method, &alternate), Lookup::Found { .. });
    found.then_some(alternate)
}

fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// The docs paths shadowed by routes of `router` (the docs are not reachable there).
pub fn shadowed_docs_paths(router: &Router, mount: &DocsMount) -> Vec<String> {
    docs::shadowed_paths(mount, |path| {
        !matches!(lookup(router, GET, path), Lookup::NotFound)
    })
}

/// Coerces the route's parameters and validates its body (when it has a body parameter),
/// returning the handler's arguments or **all** errors of both steps.
///
/// `body` is the request body when it was read (see [`RoutePlan::reads_body`]). The body is
/// validated here when `validate_body_first` ([`RoutePlan::validates_body_first`]) or when a
/// parameter is already invalid (so the 422 lists the body's errors too), and the route's
/// [`BodyOrder`] counts the outcome; otherwise the bridge decodes it and validates natively
/// only if msgspec refuses it (counted by the server from [`crate::server::Reply::BodyRefused`]).
pub fn prepare_arguments(
    route: &Route,
    plan: &RoutePlan,
    parts: &RequestParts<'_>,
    body: Option<&[u8]>,
    validate_body_first: bool,
) -> Result<Vec<Value>, Vec<ValidationError>> {
    let params = extract_params(route.params, parts);
    let body_check = match plan.body {
        Some(param) if validate_body_first || params.is_err() => {
            let checked = validate_json_body(param.schema, body.unwrap_or_default());
            plan.body_order.record(checked.is_err());
            checked
        }
        _ => Ok(()),
    };
    match (params, body_check) {
        (Ok(values), Ok(())) => Ok(values),
        (Ok(_), Err(errors)) | (Err(errors), Ok(())) => Err(errors),
        (Err(mut errors), Err(body_errors)) => {
            errors.extend(body_errors);
            Err(errors)
        }
    }
}

/// Whether a declared `Content-Length` already exceeds the body cap (answer 413 unread).
pub fn declared_length_exceeds(content_length: Option<&[u8]>, max_body_size: usize) -> bool {
    content_length
        .and_then(|raw| std::str::from_utf8(raw).ok())
        .and_then(|text| text.trim().parse::<u64>().ok())
        .is_some_and(|declared| declared > max_body_size as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{DynamicMatch, HandlerKind, HandlerRef, Param, PathEntry};

    static S_INT: Schema = Schema::Int(crate::app::NumberRules {
        gt: None,
        ge: None,
        lt: None,
        le: None,
        multiple_of: None,
    });
    static S_ANY: Schema = Schema::Any;

    static PARAMS_ITEM: [Param; 3] = [
        Param {
            name: "id",
            wire_name: "id",
            source: Source::Path { capture: 0 },
            schema: &S_INT,
            required: true,
        },
        Param {
            name: "payload",
            wire_name: "payload",
            source: Source::Body,
            schema: &S_ANY,
            required: true,
        },
        Param {
            name: "request",
            wire_name: "request",
            source: Source::Request,
            schema: &S_ANY,
            required: true,
        },
    ];
    static PARAMS_QUERY: [Param; 1] = [Param {
        name: "q",
        wire_name: "q",
        source: Source::Query,
        schema: &S_INT,
        required: true,
    }];

    const fn handler(qualname: &'static str) -> HandlerRef {
        HandlerRef {
            module: "tests.api",
            qualname,
            kind: HandlerKind::Sync,
        }
    }

    static ROUTES: [Route; 3] = [
        Route {
            method: Method::Get,
            path: "/",
            handler: handler("root"),
            params: &[],
            status_code: 200,
        },
        Route {
            method: Method::Put,
            path: "/items/{id}",
            handler: handler("put_item"),
            params: &PARAMS_ITEM,
            status_code: 200,
        },
        Route {
            method: Method::Get,
            path: "/search",
            handler: handler("search"),
            params: &PARAMS_QUERY,
            status_code: 200,
        },
    ];

    static STATIC_PATHS: phf::Map<&'static str, PathEntry> = phf::phf_map! {
        "/" => PathEntry { template: "/", methods: &[(Method::Get, 0)] },
        "/search" => PathEntry { template: "/search", methods: &[(Method::Get, 2)] },
    };
    static DYN_ITEMS: PathEntry = PathEntry {
        template: "/items/{id}",
        methods: &[(Method::Put, 1)],
    };

    fn match_dynamic(path: &str) -> Option<DynamicMatch<'_>> {
        let id = path.strip_prefix("/items/")?;
        (!id.is_empty() && !id.contains('/')).then(|| DynamicMatch {
            entry: &DYN_ITEMS,
            captures: smallvec::smallvec![id],
        })
    }

    static APP: App = App {
        manifest_json: "{}",
        openapi_json: "{}",
        contract: "0",
        routes: &ROUTES,
        router: Router {
            static_paths: &STATIC_PATHS,
            match_dynamic,
        },
    };

    struct NoHeaders;
    impl crate::extract::HeaderLookup for NoHeaders {
        fn values(&self, _name: &str) -> Vec<&[u8]> {
            Vec::new()
        }
    }

    fn parts<'a>(captures: &'a [&'a str], query: &'a str) -> RequestParts<'a> {
        RequestParts {
            captures,
            query,
            headers: &NoHeaders,
        }
    }

    #[test]
    fn placeholder_names_in_capture_order() {
        assert_eq!(placeholder_names("/"), Vec::<&str>::new());
        assert_eq!(placeholder_names("/items/{id}"), vec!["id"]);
        assert_eq!(placeholder_names("/a/{x}/b/{rest:path}"), vec!["x", "rest"]);
    }

    #[test]
    fn plans_know_body_and_request_params() {
        let plans = plan_routes(&APP);
        assert_eq!(plans.len(), 3);
        assert!(plans[0].body.is_none());
        assert!(!plans[0].reads_body());
        assert_eq!(plans[1].body.map(|body| body.index), Some(1));
        assert!(plans[1].wants_request);
        assert!(plans[1].reads_body());
        assert_eq!(plans[1].path_names, vec!["id"]);
        assert!(!plans[2].reads_body());
    }

    #[test]
    fn target_method_is_head_or_the_routes() {
        let target = Target {
            route: 0,
            captures: SmallVec::new(),
            head: true,
        };
        assert_eq!(target.method(Method::Get), "HEAD");
        let target = Target {
            head: false,
            ..target
        };
        assert_eq!(target.method(Method::Get), "GET");
    }

    #[test]
    fn routing_classifies_found_404_405() {
        assert_eq!(
            route_request(&APP.router, None, "GET", "/", ""),
            Routed::Found(Target {
                route: 0,
                captures: SmallVec::new(),
                head: false
            })
        );
        assert_eq!(
            route_request(&APP.router, None, "HEAD", "/", ""),
            Routed::Found(Target {
                route: 0,
                captures: SmallVec::new(),
                head: true
            })
        );
        assert_eq!(
            route_request(&APP.router, None, "PUT", "/items/7", ""),
            Routed::Found(Target {
                route: 1,
                captures: smallvec::smallvec!["7"],
                head: false
            })
        );
        assert_eq!(
            route_request(&APP.router, None, "GET", "/nope", ""),
            Routed::Respond(OutboundResponse::not_found())
        );
        assert_eq!(
            route_request(&APP.router, None, "POST", "/", ""),
            Routed::Respond(OutboundResponse::method_not_allowed("GET, HEAD".to_owned()))
        );
        assert_eq!(
            route_request(&APP.router, None, "GET", "/items/7", ""),
            Routed::Respond(OutboundResponse::method_not_allowed("PUT".to_owned()))
        );
    }

    fn docs_mount(path: &str) -> DocsMount {
        DocsMount::new(path).unwrap_or_default()
    }

    #[test]
    fn trailing_slash_miss_redirects_to_the_route_with_its_query() {
        assert_eq!(
            route_request(&APP.router, None, "GET", "/search/", "q=1&x=%20"),
            Routed::Respond(OutboundResponse::permanent_redirect(
                "/search?q=1&x=%20".to_owned()
            ))
        );
        assert_eq!(
            route_request(&APP.router, None, "PUT", "/items/7/", ""),
            Routed::Respond(OutboundResponse::permanent_redirect("/items/7".to_owned()))
        );
        assert_eq!(
            route_request(&APP.router, None, "POST", "/search/", ""),
            Routed::Respond(OutboundResponse::not_found()),
            "no route answers POST /search"
        );
        assert_eq!(
            route_request(&APP.router, None, "GET", "//", ""),
            Routed::Respond(OutboundResponse::permanent_redirect("/".to_owned()))
        );
    }

    #[test]
    fn options_on_a_known_path_is_204_with_allow() {
        assert_eq!(
            route_request(&APP.router, None, "OPTIONS", "/", ""),
            Routed::Respond(OutboundResponse::options("GET, HEAD".to_owned()))
        );
        assert_eq!(
            route_request(&APP.router, None, "OPTIONS", "/nope", ""),
            Routed::Respond(OutboundResponse::not_found())
        );
    }

    #[test]
    fn docs_paths_are_served_where_no_route_matches() {
        let docs = docs_mount("/docs");
        assert_eq!(
            route_request(&APP.router, Some(&docs), "GET", "/docs", ""),
            Routed::Docs(DocsResource::Page)
        );
        assert_eq!(
            route_request(&APP.router, Some(&docs), "HEAD", "/docs/openapi.json", ""),
            Routed::Docs(DocsResource::Spec)
        );
        assert_eq!(
            route_request(&APP.router, Some(&docs), "POST", "/docs", ""),
            Routed::Respond(OutboundResponse::method_not_allowed("GET, HEAD".to_owned()))
        );
        assert_eq!(
            route_request(&APP.router, Some(&docs), "GET", "/docs/missing.js", ""),
            Routed::Respond(OutboundResponse::not_found())
        );
        assert_eq!(
            route_request(&APP.router, None, "GET", "/docs", ""),
            Routed::Respond(OutboundResponse::not_found()),
            "docs disabled"
        );
        assert_eq!(
            route_request(&APP.router, Some(&docs), "GET", "/", ""),
            Routed::Found(Target {
                route: 0,
                captures: SmallVec::new(),
                head: false
            })
        );
    }

    #[test]
    fn routes_win_over_overlapping_docs_paths() {
        // `/items/{id}` (PUT) matches `/items/openapi.json`: the route's 405, not the spec.
        let docs = docs_mount("/items");
        assert_eq!(
            route_request(&APP.router, Some(&docs), "GET", "/items/openapi.json", ""),
            Routed::Respond(OutboundResponse::method_not_allowed("PUT".to_owned()))
        );
        assert_eq!(
            route_request(&APP.router, Some(&docs), "GET", "/items", ""),
            Routed::Docs(DocsResource::Page)
        );
        assert_eq!(
            shadowed_docs_paths(&APP.router, &docs),
            [
                "/items/openapi.json",
                "/items/swagger-ui-bundle.js",
                "/items/swagger-ui.css",
                "/items/favicon-32x32.png",
                "/items/favicon-16x16.png",
            ]
        );
        let search = docs_mount("/search");
        assert_eq!(
            route_request(&APP.router, Some(&search), "GET", "/search", ""),
            Routed::Found(Target {
                route: 2,
                captures: SmallVec::new(),
                head: false
            })
        );
        assert_eq!(
            route_request(
                &APP.router,
                Some(&search),
                "GET",
                "/search/openapi.json",
                ""
            ),
            Routed::Docs(DocsResource::Spec)
        );
        assert_eq!(shadowed_docs_paths(&APP.router, &search), ["/search"]);
        assert!(shadowed_docs_paths(&APP.router, &docs_mount("/docs")).is_empty());
    }

    /// `validate_body_first` both ways.
    const BOTH_ORDERS: [bool; 2] = [false, true];

    #[test]
    fn valid_request_yields_arguments() {
        let plan = RoutePlan::of(&ROUTES[1]);
        for order in BOTH_ORDERS {
            let args = prepare_arguments(&ROUTES[1], &plan, &parts(&["7"], ""), Some(b"{}"), order);
            assert_eq!(
                args,
                Ok(vec![Value::Int(7), Value::Missing, Value::Missing])
            );
        }
    }

    #[test]
    fn parameter_and_body_errors_are_merged_in_either_order() {
        let plan = RoutePlan::of(&ROUTES[1]);
        for order in BOTH_ORDERS {
            let errors =
                prepare_arguments(&ROUTES[1], &plan, &parts(&["x"], ""), Some(b"{"), order)
                    .err()
                    .unwrap_or_default();
            let kinds: Vec<&str> = errors.iter().map(|error| error.kind).collect();
            assert_eq!(kinds, vec!["int_parsing", "json_invalid"]);
        }
    }

    #[test]
    fn prepare_arguments_decode_first_leaves_a_body_to_the_decoder_when_parameters_are_valid() {
        let plan = RoutePlan::of(&ROUTES[1]);
        let malformed = Some(&b"{"[..]);
        let decode_first =
            prepare_arguments(&ROUTES[1], &plan, &parts(&["7"], ""), malformed, false);
        assert!(decode_first.is_ok());
        let validate_first =
            prepare_arguments(&ROUTES[1], &plan, &parts(&["7"], ""), malformed, true);
        let kinds: Vec<&str> = validate_first
            .err()
            .unwrap_or_default()
            .iter()
            .map(|error| error.kind)
            .collect();
        assert_eq!(kinds, vec!["json_invalid"]);
    }

    #[test]
    fn prepare_arguments_counts_natively_checked_bodies_toward_the_route_order() {
        let plan = RoutePlan::of(&ROUTES[1]);
        let adaptive = BodyValidation::Adaptive;
        assert!(!plan.validates_body_first(adaptive));
        for _ in 0..30 {
            let refused =
                prepare_arguments(&ROUTES[1], &plan, &parts(&["7"], ""), Some(b"{"), true);
            assert!(refused.is_err());
        }
        assert!(plan.validates_body_first(adaptive));
        for _ in 0..30 {
            let accepted =
                prepare_arguments(&ROUTES[1], &plan, &parts(&["7"], ""), Some(b"{}"), true);
            assert!(accepted.is_ok());
        }
        assert!(!plan.validates_body_first(adaptive));
        let no_body = RoutePlan::of(&ROUTES[2]);
        assert!(!no_body.validates_body_first(BodyValidation::ValidateFirst));
    }

    #[test]
    fn missing_query_parameter_is_an_error() {
        let plan = RoutePlan::of(&ROUTES[2]);
        let errors = prepare_arguments(&ROUTES[2], &plan, &parts(&[], "other=1"), None, false)
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].kind, "missing");
    }

    #[test]
    fn declared_length_against_cap() {
        assert!(!declared_length_exceeds(None, 10));
        assert!(!declared_length_exceeds(Some(b"10"), 10));
        assert!(declared_length_exceeds(Some(b"11"), 10));
        assert!(declared_length_exceeds(Some(b" 99999999999 "), 10));
        assert!(!declared_length_exceeds(Some(b"garbage"), 10));
    }
}
