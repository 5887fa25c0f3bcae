//! Route decorators (`@api.get("/items/{id}", status_code=200, ...)`, `@router.post(...)`)
//! on top-level functions of any project module → [`Route`]s, one per decorator and
//! [`Owner`] of the object it is called on.

use std::collections::BTreeMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::dependencies::RouteDependencies;
use super::docstring;
use super::handler_kind::{BodyFacts, handler_kind};
use super::known;
use super::literal;
use super::path_template::{PathTemplate, Placeholder};
use super::project::{Module, Project};
use super::resolve::Symbol;
use super::routers::{Owner, is_include, method_call};
use super::session::{Reported, Session};
use super::types::Position;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::manifest::{
    Dependency, Handler, HttpMethod, Operation, Param, ParamSource, Route, Span, TypeRef,
};

/// The key of `...` in a multi-status `response_model`: the OpenAPI `default` response.
const DEFAULT_RESPONSE: &str = "default";

/// A multi-status route's status when `status_code=` is absent (django-bolt 0.13): its first
/// 2xx code, else its first code.
fn default_status(responses: &BTreeMap<String, Option<TypeRef>>) -> Option<u16> {
    let mut codes: Vec<u16> = responses
        .keys()
        .filter_map(|key| key.parse().ok())
        .collect();
    codes.sort_unstable();
    codes
        .iter()
        .find(|code| (200..300).contains(*code))
        .or_else(|| codes.first())
        .copied()
}

/// Status code when `status_code=` is absent.
const DEFAULT_STATUS_CODE: u16 = 200;
/// Valid HTTP status codes.
const STATUS_CODES: std::ops::RangeInclusive<i64> = 100..=599;
/// `@api.view(path)`: a class-based view.
const VIEW_DECORATOR: &str = "view";
/// `@api.view(path, methods=[...])`: the methods it registers.
const METHODS_KEYWORD: &str = "methods";
/// The route keywords of django-bolt 0.13's `view()` (besides `methods`).
const VIEW_KEYWORDS: &[&str] = &[
    "name",
    "guards",
    "auth",
    "status_code",
    "validate_response",
    "tags",
    "include_in_schema",
];
/// The base of class-based views (canonical name).
const API_VIEW: &str = "django_bolt.APIView";
/// Where the status code constants are (`django_bolt.status_codes.HTTP_201_CREATED`, or
/// through the package's `status` alias of that module).
const STATUS_CODES_MODULES: [&str; 2] = ["django_bolt.status_codes.", "django_bolt.status."];
const PATH_KEYWORD: &str = "path";
/// Keywords of django-bolt's route decorators that Bolt does not compile yet.
const NOT_YET_SUPPORTED_KEYWORDS: &[&str] = &["response_class"];
/// Security keywords Bolt does not compile yet: refused without suggesting their removal.
const SECURITY_KEYWORDS: &[&str] = &["guards", "auth"];
/// The method a route decorator declares: `@api.get` → `GET` (every [`HttpMethod`], by its
/// lowercase name, as django-bolt spells them).
fn route_method(decorator: &str) -> Option<HttpMethod> {
    HttpMethod::ALL.into_iter().find(|method| {
        method.as_str().eq_ignore_ascii_case(decorator)
            && decorator.bytes().all(|b| b.is_ascii_lowercase())
    })
}

/// What identifies a declared route, known as soon as its method and path are valid.
#[derive(Debug, Clone)]
pub(crate) struct RouteKey<'p> {
    pub(crate) method: HttpMethod,
    /// Full path, prefix included.
    pub(crate) path: String,
    /// `module.qualname` of the handler.
    pub(crate) handler: String,
    pub(crate) span: Span,
    pub(crate) module: &'p Module,
    pub(crate) range: TextRange,
}

/// A declared route: its key, and the route itself when everything else is valid too.
#[derive(Debug, Clone)]
pub(crate) struct DiscoveredRoute<'p> {
    pub(crate) key: RouteKey<'p>,
    pub(crate) route: Option<Route>,
}

/// `@X.attr(...)` / `@X.attr` where `X` is a route owner.
struct RouteDecorator<'p, 'a> {
    owner: &'a Owner<'p>,
    attr: &'p ast::Identifier,
    decorator: &'p ast::Decorator,
}

/// The class attributes of an `APIView` that are its routes' defaults.
#[derive(Debug, Clone, Copy, Default)]
struct ViewDefaults {
    status_code: Option<u16>,
    validate_response: Option<bool>,
    include_in_schema: Option<bool>,
}

/// A method of a class-based view (`@api.view(path)` on an `APIView`): its HTTP method, its
/// class and the class's defaults.
#[derive(Debug, Clone, Copy)]
struct ViewMethod<'p> {
    method: HttpMethod,
    class: &'p ast::StmtClassDef,
    defaults: ViewDefaults,
}

/// The keywords of a route decorator, parsed.
#[derive(Debug, Default)]
struct RouteOptions<'p> {
    status_code: Option<u16>,
    name: Option<String>,
    validate_response: Option<bool>,
    response_model: Option<&'p Expr>,
    include_in_schema: Option<bool>,
    operation: Operation,
}

impl<'p> Session<'p> {
    /// Every route of `owners`, module by module (sorted), in source order within a module.
    pub(crate) fn owner_routes(
        &mut self,
        project: &'p Project,
        owners: &[Owner<'p>],
    ) -> Vec<DiscoveredRoute<'p>> {
        let mut routes = Vec::new();
        if owners.is_empty() {
            return routes;
        }
        for module in project.modules().filter(|module| module.is_valid()) {
            for stmt in module.suite() {
                match stmt {
                    Stmt::FunctionDef(function) => {
                        routes.extend(self.function_routes(module, function, owners));
                    }
                    Stmt::ClassDef(class) => {
                        routes.extend(self.class_routes(module, class, owners))
                    }
                    Stmt::Expr(statement) => {
                        self.refuse_owner_calls(module, &statement.value, owners)
                    }
                    _ => {}
                }
                self.refuse_nested_routes(module, stmt, owners);
            }
        }
        routes.sort_by(|a, b| {
            (a.key.module.name(), a.key.range.start())
                .cmp(&(b.key.module.name(), b.key.range.start()))
        });
        routes
    }

    fn function_routes(
        &mut self,
        module: &'p Module,
        function: &'p ast::StmtFunctionDef,
        owners: &[Owner<'p>],
    ) -> Vec<DiscoveredRoute<'p>> {
        let (routes, others): (Vec<_>, Vec<_>) = function
            .decorator_list
            .iter()
            .map(|decorator| (decorator, self.route_decorators(module, decorator, owners)))
            .partition(|(_, found)| !found.is_empty());
        let routes: Vec<RouteDecorator<'p, '_>> =
            routes.into_iter().flat_map(|(_, found)| found).collect();
        if routes.is_empty() {
            return Vec::new();
        }
        for (decorator, _) in others {
            self.report(
                module
                    .diagnostic(
                        DiagnosticCode::UnsupportedDecorator,
                        format!("decorator `@{}` on a route handler is not supported yet, so the route is not built", &module.text()[decorator.expression.range()]),
                        decorator.range(),
                        "would never run",
                    )
                    .with_help("Bolt calls the handler function directly, so this decorator would be skipped; if it only adds behaviour, call that code from the handler body — never drop a decorator that checks access"),
            );
        }
        routes
            .iter()
            .filter_map(|found| self.route(module, function, found, None))
            .collect()
    }

    /// Route decorators on functions that are not at the top level of their module (in a
    /// class, under `if`/`try`, inside another function) are refused: the build reads
    /// top-level functions, and cannot know whether or how the others are registered.
    fn refuse_nested_routes(&mut self, module: &'p Module, stmt: &'p Stmt, owners: &[Owner<'p>]) {
        let mut nested = NestedFunctions::default();
        match stmt {
            Stmt::FunctionDef(function) => visitor::walk_body(&mut nested, &function.body),
            Stmt::ClassDef(class) => visitor::walk_body(&mut nested, &class.body),
            other => nested.visit_stmt(other),
        }
        let decorated = nested
            .functions
            .iter()
            .map(|function| (function.name.as_str(), &function.decorator_list))
            .chain(
                nested
                    .classes
                    .iter()
                    .map(|class| (class.name.as_str(), &class.decorator_list)),
            );
        for (name, decorators) in decorated {
            for decorator in decorators {
                if self.route_decorators(module, decorator, owners).is_empty() {
                    continue;
                }
                self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::UnsupportedDecorator,
                            format!("route handler `{name}` is not at the top level of its module, so the route is not built"),
                            decorator.range(),
                            "not at the top level",
                        )
                        .with_help("declare route handlers and views at the top level of a module (a method, a nested class or a conditional route is not compiled)"),
                );
            }
        }
    }

    /// The routes of a class-based view (`@api.view(path)` on an `APIView`); other class
    /// decorators of an API or router (`@api.viewset`) are not compiled yet: reported rather
    /// than silently skipped.
    fn class_routes(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
        owners: &[Owner<'p>],
    ) -> Vec<DiscoveredRoute<'p>> {
        let mut routes = Vec::new();
        for decorator in &class.decorator_list {
            for found in self.route_decorators(module, decorator, owners) {
                if found.attr.as_str() == VIEW_DECORATOR {
                    routes.extend(self.view_routes(module, class, &found));
                    continue;
                }
                self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::UnsupportedDecorator,
                            format!(
                                "class-based views (`@{}.{}` on class `{}`) are not compiled by Bolt yet, so its routes are not built",
                                found.owner.name, found.attr, class.name
                            ),
                            decorator.range(),
                            "not compiled yet",
                        )
                        .with_help("Bolt compiles function handlers and `@api.view` APIViews; this API cannot be built with Bolt until it compiles viewsets"),
                );
            }
        }
        routes
    }

    /// One route per HTTP method an `APIView` implements (or per name in `methods=`), at the
    /// view's path; the class's `status_code`, `validate_response` and `include_in_schema`
    /// are the defaults of its routes' options.
    fn view_routes(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
        found: &RouteDecorator<'p, '_>,
    ) -> Vec<DiscoveredRoute<'p>> {
        let refuse = |message: String, range: TextRange, label: &str| {
            module
                .diagnostic(DiagnosticCode::UnsupportedDecorator, message, range, label.to_owned())
                .with_help("write `@api.view(\"/path\")` on a class that inherits `django_bolt.views.APIView` and defines `get`, `post`, ... methods")
        };
        let Expr::Call(call) = &found.decorator.expression else {
            self.report(refuse(
                format!("`@{}.view` needs the view's path", found.owner.name),
                found.decorator.range(),
                "no path",
            ));
            return Vec::new();
        };
        if !self.is_api_view(module, class) {
            self.report(refuse(
                format!(
                    "view class `{}` does not inherit `django_bolt.views.APIView`",
                    class.name
                ),
                class.name.range(),
                "not an APIView",
            ));
            return Vec::new();
        }
        let Ok(defaults) = self.view_defaults(module, class) else {
            return Vec::new();
        };
        let defined: Vec<(HttpMethod, &'p ast::StmtFunctionDef)> = class
            .body
            .iter()
            .filter_map(|stmt| match stmt {
                Stmt::FunctionDef(function) => {
                    route_method(function.name.as_str()).map(|method| (method, function))
                }
                _ => None,
            })
            .collect();
        let chosen = match call.arguments.find_keyword(METHODS_KEYWORD) {
            None => defined,
            Some(keyword) => {
                let Ok(names) = self.string_list(module, &keyword.value) else {
                    return Vec::new();
                };
                let mut chosen = Vec::new();
                for name in names {
                    match defined
                        .iter()
                        .find(|(method, _)| method.as_str().eq_ignore_ascii_case(&name))
                    {
                        Some(pair) => chosen.push(*pair),
                        None => {
                            self.report(refuse(
                                format!(
                                    "view class `{}` does not implement method `{}`",
                                    class.name,
                                    name.to_ascii_lowercase()
                                ),
                                keyword.value.range(),
                                "not a method of the class",
                            ));
                            return Vec::new();
                        }
                    }
                }
                chosen
            }
        };
        if chosen.is_empty() {
            self.report(refuse(
                format!("view class `{}` implements no HTTP method", class.name),
                class.name.range(),
                "no `get`, `post`, ... method",
            ));
            return Vec::new();
        }
        chosen
            .into_iter()
            .filter_map(|(method, function)| {
                let view = ViewMethod {
                    method,
                    class,
                    defaults,
                };
                self.route(module, function, found, Some(&view))
            })
            .collect()
    }

    /// Whether `class` inherits `django_bolt.views.APIView` directly.
    fn is_api_view(&self, module: &'p Module, class: &'p ast::StmtClassDef) -> bool {
        class.bases().iter().any(|base| {
            matches!(
                self.resolver.resolve(module, base),
                Ok(Symbol::External(path)) if known::canonical(&path) == API_VIEW
            )
        })
    }

    /// The class attributes of a view that configure its routes. `auth`/`guards` are not
    /// compiled yet: the view is refused (never served without its security).
    fn view_defaults(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
    ) -> Result<ViewDefaults, Reported> {
        let mut defaults = ViewDefaults::default();
        let mut failed = false;
        for stmt in &class.body {
            let (target, value) = match stmt {
                Stmt::Assign(assign) => match assign.targets.as_slice() {
                    [Expr::Name(target)] => (target, &*assign.value),
                    _ => continue,
                },
                Stmt::AnnAssign(assign) => match (&*assign.target, &assign.value) {
                    (Expr::Name(target), Some(value)) => (target, &**value),
                    _ => continue,
                },
                _ => continue,
            };
            let invalid = |message: &str| {
                module
                    .diagnostic(
                        DiagnosticCode::InvalidRouteKeyword,
                        message.to_owned(),
                        value.range(),
                        "invalid value",
                    )
                    .with_help("write the literal in the class body")
            };
            match target.id.as_str() {
                name @ ("auth" | "guards") if !matches!(value, Expr::NoneLiteral(_)) => {
                    failed = true;
                    self.report(
                        module
                            .diagnostic(
                                DiagnosticCode::UnsupportedRouteKeyword,
                                format!("`{name}` on view class `{}` is not compiled by Bolt yet, so its routes are not built", class.name),
                                stmt.range(),
                                "not compiled yet",
                            )
                            .with_help("Bolt never serves a route without the security it declares; this API cannot be built with Bolt until it compiles `auth`/`guards`"),
                    );
                }
                "status_code" => match self
                    .status_literal(module, value)
                    .filter(|code| STATUS_CODES.contains(code))
                    .and_then(|code| u16::try_from(code).ok())
                {
                    Some(code) => defaults.status_code = Some(code),
                    None => {
                        failed = true;
                        self.report(invalid(
                            "`status_code` must be an int literal between 100 and 599",
                        ));
                    }
                },
                "validate_response" => match literal::boolean(value) {
                    Some(flag) => defaults.validate_response = Some(flag),
                    None => {
                        failed = true;
                        self.report(invalid("`validate_response` must be `True` or `False`"));
                    }
                },
                "include_in_schema" => match literal::boolean(value) {
                    Some(flag) => defaults.include_in_schema = Some(flag),
                    None => {
                        failed = true;
                        self.report(invalid("`include_in_schema` must be `True` or `False`"));
                    }
                },
                _ => {}
            }
        }
        if failed { Err(Reported) } else { Ok(defaults) }
    }

    /// A top-level call of a method of an API or router other than `include_router`
    /// (`api.mount(...)`, `api.mount_django(...)`, ...): not compiled yet, reported.
    fn refuse_owner_calls(&mut self, module: &'p Module, expr: &'p Expr, owners: &[Owner<'p>]) {
        let Some((base, method, call)) = method_call(expr) else {
            return;
        };
        if is_include(method) {
            return;
        }
        let Ok(symbol) = self.resolver.resolve(module, base) else {
            return;
        };
        let Some(owner) = owners.iter().find(|owner| owner.is(&symbol)) else {
            return;
        };
        self.report(
            module
                .diagnostic(
                    DiagnosticCode::UnsupportedApiCall,
                    format!(
                        "`{}.{}(...)` is not compiled by Bolt yet, so what it adds is not served",
                        owner.name, method
                    ),
                    call.range(),
                    "not compiled yet",
                )
                .with_help("Bolt compiles routes declared with decorators and `include_router`; this API cannot be built with Bolt until it compiles this call"),
        );
    }

    /// The route of one decorator; `None` when even its method or path is unusable.
    fn route(
        &mut self,
        module: &'p Module,
        function: &'p ast::StmtFunctionDef,
        found: &RouteDecorator<'p, '_>,
        view: Option<&ViewMethod<'p>>,
    ) -> Option<DiscoveredRoute<'p>> {
        let decorator = found.decorator;
        let method = match view {
            Some(view) => Some(view.method),
            None => route_method(found.attr.as_str()),
        };
        let (Some(method), Expr::Call(call)) = (method, &decorator.expression) else {
            self.report(unsupported_route_decorator(module, found));
            return None;
        };
        let path = self.route_path(module, decorator, call);
        let key = path.as_ref().ok().map(|(text, _, _)| RouteKey {
            method,
            path: found
                .owner
                .trailing_slash
                .full_path(&found.owner.prefix, text),
            handler: format!("{}.{}", module.name(), handler_qualname(function, view)),
            span: module.span(decorator.range().start()),
            module,
            range: decorator.range(),
        });
        let route = self.route_body(module, function, found, call, path, view);
        key.map(|key| DiscoveredRoute {
            route: route.ok().map(|route| Route { method, ..route }),
            key,
        })
    }

    /// Everything but the method: parameters, options, response, handler kind.
    fn route_body(
        &mut self,
        module: &'p Module,
        function: &'p ast::StmtFunctionDef,
        found: &RouteDecorator<'p, '_>,
        call: &'p ast::ExprCall,
        path: Result<(String, PathTemplate, &'p Expr), Reported>,
        view: Option<&ViewMethod<'p>>,
    ) -> Result<Route, Reported> {
        let options = self.route_options(module, call, view.is_some());
        let facts = BodyFacts::of(function);
        let generator = if facts.yields {
            Err(self.report(generator_handler(module, function)))
        } else {
            Ok(())
        };
        // Placeholders of the API/router/include prefixes (`Router(prefix="/orgs/{org}")`)
        // come before the route's own.
        let prefix_placeholders = PathTemplate::parse(&found.owner.prefix).placeholders;
        let (placeholders, path_text) = match &path {
            Ok((text, template, _)) => {
                let mut all = prefix_placeholders.clone();
                all.extend(template.placeholders.iter().cloned());
                (Some(all), Some(text.clone()))
            }
            Err(_) => (None, None),
        };
        let mut deps = RouteDependencies::default();
        // A view's method is called bound: `self` is not a parameter.
        let params = self.signature_params(
            module,
            function.name.as_str(),
            &function.parameters,
            usize::from(view.is_some()),
            placeholders.as_deref(),
            &mut deps,
        );
        let model = options.as_ref().ok().and_then(|o| o.response_model);
        let (response, responses) = match model {
            Some(Expr::Dict(dict)) => (Ok(None), self.status_responses(module, dict)),
            _ => (
                self.route_response(module, function, model),
                Ok(BTreeMap::new()),
            ),
        };
        let (path_text, params, options, response, responses) = (
            path_text.ok_or(Reported)?,
            params?,
            options?,
            response?,
            responses?,
        );
        generator?;
        let params: Vec<Param> = params.into_iter().map(|located| located.param).collect();
        let dependencies = deps.calls;
        let wire: Vec<&Param> = params
            .iter()
            .chain(dependencies.iter().flat_map(|call| &call.params))
            .filter(|param| param.source != ParamSource::Depends)
            .collect();
        if let Ok((_, template, literal)) = &path {
            self.check_placeholders_bound(
                module,
                function,
                literal,
                &template.placeholders,
                &wire,
            )?;
            self.check_prefix_placeholders(
                module,
                function,
                found,
                &prefix_placeholders,
                template,
                &wire,
            )?;
        }
        if !dependencies.is_empty() {
            self.check_one_body_per_route(module, function, &params, &dependencies)?;
        }
        let mut operation = options.operation;
        operation.docstring = docstring::of_body(&function.body);
        // `include_in_schema=`: the route's, else its view class's, else its API's.
        operation.hidden = !options
            .include_in_schema
            .or_else(|| view.and_then(|view| view.defaults.include_in_schema))
            .or(found.owner.include_in_schema)
            .unwrap_or(true);
        if operation.tags.is_empty() {
            operation.tags.clone_from(&found.owner.tags);
        }
        Ok(Route {
            method: HttpMethod::Get,
            path: found
                .owner
                .trailing_slash
                .full_path(&found.owner.prefix, &path_text),
            api: found.owner.api.clone(),
            router: found.owner.router.clone(),
            name: options.name,
            validate_response: options
                .validate_response
                .or_else(|| view.and_then(|view| view.defaults.validate_response))
                .unwrap_or(found.owner.validate_response),
            handler: Handler {
                module: module.name().to_owned(),
                qualname: handler_qualname(function, view),
                kind: handler_kind(function, facts),
            },
            params,
            status_code: options
                .status_code
                .or_else(|| view.and_then(|view| view.defaults.status_code))
                .or_else(|| default_status(&responses))
                .unwrap_or(DEFAULT_STATUS_CODE),
            response,
            responses,
            operation,
            span: module.span(found.decorator.range().start()),
            dependencies,
        })
    }

    /// The literal path, its parsed template and the literal's expression.
    fn route_path(
        &mut self,
        module: &'p Module,
        decorator: &'p ast::Decorator,
        call: &'p ast::ExprCall,
    ) -> Result<(String, PathTemplate, &'p Expr), Reported> {
        let keyword = call
            .arguments
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == PATH_KEYWORD));
        let Some(expr) = call.arguments.args.first().or(keyword.map(|k| &k.value)) else {
            return Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::PathNotLiteral,
                        "route decorator without a path",
                        decorator.range(),
                        "missing path",
                    )
                    .with_help("give the path as the first argument: `@api.get(\"/items\")`"),
            ));
        };
        let Some(text) = literal::string(expr) else {
            return Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::PathNotLiteral,
                        "route path must be a string literal",
                        expr.range(),
                        "not a literal",
                    )
                    .with_help(format!(
                        "write the path inline: `@api.{}(\"/items/{{id}}\")`",
                        decorator_method_name(decorator)
                    )),
            ));
        };
        // django-bolt: an empty path is the API's root.
        let text = if text.is_empty() { "/" } else { text };
        let template = PathTemplate::parse(text);
        let mut failed = false;
        if !text.starts_with('/') {
            failed = true;
            self.report(
                module
                    .diagnostic(
                        DiagnosticCode::PathNotAbsolute,
                        format!("route path `{text}` does not start with `/`"),
                        expr.range(),
                        "missing leading `/`",
                    )
                    .with_help(format!("write `\"/{text}\"`")),
            );
        }
        for error in &template.errors {
            failed = true;
            let range = literal_sub_range(module, expr, error.start, error.len);
            self.report(
                module
                    .diagnostic(
                        DiagnosticCode::BadPlaceholder,
                        error.message.clone(),
                        range,
                        "malformed placeholder",
                    )
                    .with_help(error.help.clone()),
            );
        }
        if failed {
            Err(Reported)
        } else {
            Ok((text.to_owned(), template, expr))
        }
    }

    fn route_options(
        &mut self,
        module: &'p Module,
        call: &'p ast::ExprCall,
        view: bool,
    ) -> Result<RouteOptions<'p>, Reported> {
        let mut options = RouteOptions::default();
        let mut failed = false;
        for extra in call.arguments.args.iter().skip(1) {
            failed = true;
            self.report(invalid_keyword(
                module,
                extra.range(),
                "unexpected positional argument",
                "pass options by keyword",
            ));
        }
        for keyword in &call.arguments.keywords {
            let name = keyword.arg.as_ref().map(ast::Identifier::as_str);
            if view {
                // `methods=` chose the methods (see `view_routes`); django-bolt 0.13's `view()`
                // takes no other route keyword than these.
                if name == Some(METHODS_KEYWORD) {
                    continue;
                }
                if let Some(other) = name.filter(|name| !VIEW_KEYWORDS.contains(name)) {
                    failed = true;
                    self.report(
                        module
                            .diagnostic(
                                DiagnosticCode::UnsupportedRouteKeyword,
                                format!("`@api.view` takes no `{other}=`"),
                                keyword.range(),
                                "not a keyword of view()",
                            )
                            .with_help("`view(path, name=, methods=, guards=, auth=, status_code=, validate_response=, tags=, include_in_schema=)`; a method's return annotation is its response type"),
                    );
                    continue;
                }
            }
            failed |= self.route_keyword(module, keyword, &mut options).is_err();
        }
        if failed { Err(Reported) } else { Ok(options) }
    }

    fn route_keyword(
        &mut self,
        module: &'p Module,
        keyword: &'p ast::Keyword,
        options: &mut RouteOptions<'p>,
    ) -> Result<(), Reported> {
        let value = &keyword.value;
        let Some(name) = keyword.arg.as_ref().map(|arg| arg.as_str()) else {
            return Err(self.report(invalid_keyword(
                module,
                keyword.range(),
                "`**` arguments cannot be read statically",
                "write each keyword literally",
            )));
        };
        match name {
            PATH_KEYWORD => {}
            "status_code" => {
                let code = self
                    .status_literal(module, value)
                    .filter(|code| STATUS_CODES.contains(code))
                    .and_then(|code| u16::try_from(code).ok());
                options.status_code = Some(code.ok_or_else(|| {
                    self.report(invalid_keyword(
                        module,
                        value.range(),
                        "`status_code` must be an int literal between 100 and 599 (or a `django_bolt.status_codes` constant)",
                        "write e.g. `status_code=201` or `status_code=HTTP_201_CREATED`",
                    ))
                })?);
            }
            "response_model" => options.response_model = Some(value),
            "name" => options.name = Some(self.string_option(module, value, name)?),
            "validate_response" => {
                options.validate_response = Some(literal::boolean(value).ok_or_else(|| {
                    self.report(invalid_keyword(
                        module,
                        value.range(),
                        "`validate_response` must be `True` or `False`",
                        "write the literal",
                    ))
                })?);
            }
            "include_in_schema" => {
                let include = literal::boolean(value).ok_or_else(|| {
                    self.report(invalid_keyword(
                        module,
                        value.range(),
                        "`include_in_schema` must be `True` or `False`",
                        "write the literal",
                    ))
                })?;
                options.include_in_schema = Some(include);
            }
            "tags" => options.operation.tags = self.string_list(module, value)?,
            "summary" => options.operation.summary = Some(self.string_option(module, value, name)?),
            "description" => {
                options.operation.description = Some(self.string_option(module, value, name)?)
            }
            other if SECURITY_KEYWORDS.contains(&other) => {
                return Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::UnsupportedRouteKeyword,
                            format!("`{other}=` is not compiled by Bolt yet, so this route is not built"),
                            keyword.range(),
                            "not compiled yet",
                        )
                        .with_help("Bolt never serves a route without the security it declares; this API cannot be built with Bolt until it compiles `auth=`/`guards=`"),
                ));
            }
            other if NOT_YET_SUPPORTED_KEYWORDS.contains(&other) => {
                return Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::UnsupportedRouteKeyword,
                            format!("`{other}=` is not supported by Bolt yet"),
                            keyword.range(),
                            "not supported yet",
                        )
                        .with_help("remove it for now; a later version of Bolt compiles it"),
                ));
            }
            other => {
                return Err(self.report(
                    module
                        .diagnostic(DiagnosticCode::UnsupportedRouteKeyword, format!("unknown route keyword `{other}`"), keyword.range(), "unknown keyword")
                        .with_help("route decorators take: status_code, response_model, tags, summary, description, name, include_in_schema, validate_response"),
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn string_list(
        &mut self,
        module: &'p Module,
        value: &Expr,
    ) -> Result<Vec<String>, Reported> {
        let items = match value {
            Expr::List(list) => Some(&list.elts),
            Expr::Tuple(tuple) => Some(&tuple.elts),
            _ => None,
        };
        items
            .and_then(|items| {
                items
                    .iter()
                    .map(|item| literal::string(item).map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
            })
            .ok_or_else(|| {
                self.report(invalid_keyword(
                    module,
                    value.range(),
                    "`tags` must be a list of string literals",
                    "write e.g. `tags=[\"items\"]`",
                ))
            })
    }

    fn string_option(
        &mut self,
        module: &'p Module,
        value: &Expr,
        name: &str,
    ) -> Result<String, Reported> {
        literal::string(value).map(str::to_owned).ok_or_else(|| {
            self.report(invalid_keyword(
                module,
                value.range(),
                &format!("`{name}` must be a string literal"),
                "write the text inline",
            ))
        })
    }

    /// Every placeholder must be bound to a path parameter of the handler.
    fn check_placeholders_bound(
        &mut self,
        module: &'p Module,
        function: &ast::StmtFunctionDef,
        literal: &Expr,
        placeholders: &[Placeholder],
        params: &[&Param],
    ) -> Result<(), Reported> {
        let mut failed = false;
        for placeholder in placeholders {
            let bound = params.iter().any(|param| {
                param.source == ParamSource::Path && param.wire_name() == placeholder.name
            });
            if bound {
                continue;
            }
            failed = true;
            let range = literal_sub_range(module, literal, placeholder.start, placeholder.len);
            self.report(
                module
                    .diagnostic(
                        DiagnosticCode::PlaceholderWithoutParam,
                        format!(
                            "path placeholder `{}` is not a parameter of `{}`",
                            placeholder.name, function.name
                        ),
                        range,
                        "no parameter with this name",
                    )
                    .with_help(format!(
                        "add a parameter `{}: int` (or `str`) to `{}`",
                        placeholder.name, function.name
                    )),
            );
        }
        if failed { Err(Reported) } else { Ok(()) }
    }

    /// The placeholders of the route's prefixes: each bound by a path parameter, none also a
    /// placeholder of the route's own path.
    fn check_prefix_placeholders(
        &mut self,
        module: &'p Module,
        function: &ast::StmtFunctionDef,
        found: &RouteDecorator<'p, '_>,
        prefix_placeholders: &[Placeholder],
        template: &PathTemplate,
        params: &[&Param],
    ) -> Result<(), Reported> {
        let mut failed = false;
        for placeholder in prefix_placeholders {
            if template
                .placeholders
                .iter()
                .any(|own| own.name == placeholder.name)
            {
                failed = true;
                self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::BadPlaceholder,
                            format!(
                                "placeholder `{}` is both in the prefix `{}` and in the route path",
                                placeholder.name, found.owner.prefix
                            ),
                            found.decorator.range(),
                            "appears twice in the full path",
                        )
                        .with_help("give each placeholder a distinct name"),
                );
                continue;
            }
            let bound = params.iter().any(|param| {
                param.source == ParamSource::Path && param.wire_name() == placeholder.name
            });
            if !bound {
                failed = true;
                self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::PlaceholderWithoutParam,
                            format!(
                                "placeholder `{}` of the prefix `{}` is not a parameter of `{}`",
                                placeholder.name, found.owner.prefix, function.name
                            ),
                            function.name.range(),
                            "no parameter with this name",
                        )
                        .with_help(format!(
                            "add a parameter `{}: str` (or `int`) to `{}`",
                            placeholder.name, function.name
                        )),
                );
            }
        }
        if failed { Err(Reported) } else { Ok(()) }
    }

    /// The handler and its dependencies read the body through one parameter at most (each
    /// function's own parameters were checked alone).
    fn check_one_body_per_route(
        &mut self,
        module: &'p Module,
        function: &ast::StmtFunctionDef,
        params: &[Param],
        dependencies: &[Dependency],
    ) -> Result<(), Reported> {
        let owned = params
            .iter()
            .map(|param| (function.name.as_str(), param))
            .chain(dependencies.iter().flat_map(|call| {
                call.params
                    .iter()
                    .map(|param| (call.function.qualname.as_str(), param))
            }));
        let bodies: Vec<String> = owned
            .filter(|(_, param)| param.source == ParamSource::Body)
            .map(|(owner, param)| format!("`{}` of `{owner}`", param.name))
            .collect();
        if bodies.len() <= 1 {
            return Ok(());
        }
        Err(self.report(
            module
                .diagnostic(
                    DiagnosticCode::MultipleBodies,
                    format!(
                        "`{}` and its dependencies read the request body {} times: {}",
                        function.name,
                        bodies.len(),
                        bodies.join(", ")
                    ),
                    function.name.range(),
                    "more than one body parameter",
                )
                .with_help(
                    "read the body in one place: in the handler, or in one dependency whose \
                     result the others depend on",
                ),
        ))
    }

    /// A status code written as an int literal, or as a `django_bolt.status_codes` constant
    /// (`HTTP_201_CREATED`, `status_codes.HTTP_404_NOT_FOUND`): the number is in its name.
    fn status_literal(&self, module: &'p Module, expr: &Expr) -> Option<i64> {
        if let Some(code) = literal::integer(expr) {
            return Some(code);
        }
        let Ok(Symbol::External(path)) = self.resolver.resolve(module, expr) else {
            return None;
        };
        let name = STATUS_CODES_MODULES
            .iter()
            .find_map(|module| path.strip_prefix(module))?;
        let digits = name.strip_prefix("HTTP_")?.get(..3)?;
        digits.parse().ok()
    }

    /// `response_model={200: Item, 404: Error, ...: Problem}` (django-bolt 0.13's multi-status
    /// form): the documented body type of each status code (`...` → `"default"`), `None`
    /// where a code has no body (`None`, or a response class).
    fn status_responses(
        &mut self,
        module: &'p Module,
        dict: &'p ast::ExprDict,
    ) -> Result<BTreeMap<String, Option<TypeRef>>, Reported> {
        let mut responses = BTreeMap::new();
        let mut failed = false;
        for item in &dict.items {
            let key = match &item.key {
                Some(Expr::EllipsisLiteral(_)) => Some(DEFAULT_RESPONSE.to_owned()),
                Some(key) => self
                    .status_literal(module, key)
                    .filter(|code| STATUS_CODES.contains(code))
                    .map(|code| code.to_string()),
                None => None,
            };
            let Some(key) = key else {
                failed = true;
                self.report(invalid_keyword(
                    module,
                    item.key.as_ref().map_or(item.value.range(), Ranged::range),
                    "`response_model={...}` keys must be int literals between 100 and 599, or `...`",
                    "write e.g. `response_model={200: Item, 404: Error, ...: Problem}`",
                ));
                continue;
            };
            let ty = match &item.value {
                Expr::NoneLiteral(_) => Ok(None),
                value if self.is_response_class(module, value) => Ok(None),
                value => self
                    .resolve_type(module, value, Position::Elsewhere)
                    .map(|resolved| Some(resolved.ty)),
            };
            match ty {
                Ok(ty) => {
                    responses.insert(key, ty);
                }
                Err(Reported) => failed = true,
            }
        }
        if !failed && responses.keys().all(|key| key == DEFAULT_RESPONSE) {
            failed = true;
            self.report(invalid_keyword(
                module,
                dict.range(),
                "`response_model={...}` needs at least one status code",
                "write e.g. `response_model={200: Item, ...: Problem}`",
            ));
        }
        if failed { Err(Reported) } else { Ok(responses) }
    }

    /// `response_model=` if given, else the return annotation; response classes and no
    /// annotation mean "returned as-is".
    fn route_response(
        &mut self,
        module: &'p Module,
        function: &'p ast::StmtFunctionDef,
        model: Option<&'p Expr>,
    ) -> Result<Option<TypeRef>, Reported> {
        let annotation = match model {
            Some(Expr::NoneLiteral(_)) => return Ok(None),
            Some(model) => model,
            None => match function.returns.as_deref() {
                None => return Ok(None),
                Some(Expr::NoneLiteral(_)) => return Ok(Some(TypeRef::None)),
                Some(returns) => returns,
            },
        };
        if self.is_response_class(module, annotation) {
            return Ok(None);
        }
        self.resolve_type(module, annotation, Position::Elsewhere)
            .map(|resolved| Some(resolved.ty))
    }

    fn is_response_class(&self, module: &'p Module, annotation: &Expr) -> bool {
        matches!(
            self.resolver.resolve(module, annotation),
            Ok(Symbol::External(path)) if known::is_response_class(&path)
        )
    }

    /// Reports each later route with the same method and path (placeholder names aside),
    /// including routes that have other errors.
    pub(crate) fn check_duplicates(&mut self, routes: &[DiscoveredRoute<'p>]) {
        let mut first_seen: BTreeMap<(HttpMethod, String), &RouteKey<'p>> = BTreeMap::new();
        for key in routes.iter().map(|found| &found.key) {
            let shape = (key.method, PathTemplate::shape(&key.path));
            let Some(first) = first_seen.get(&shape) else {
                first_seen.insert(shape, key);
                continue;
            };
            let diagnostic = key
                .module
                .diagnostic(
                    DiagnosticCode::DuplicateRoute,
                    format!("duplicate route `{} {}`", key.method, key.path),
                    key.range,
                    "declared again here",
                )
                .with_help("change the path or the method of one of the routes")
                .with_note(format!(
                    "first declared by `{}` at {}:{}:{}",
                    first.handler, first.span.file, first.span.line, first.span.column
                ));
            self.report(diagnostic);
        }
    }
}

impl<'p> Session<'p> {
    /// The owners `decorator` is called on: `@X.attr(...)` / `@X.attr` where `X` resolves to
    /// one or more owners (a router included several times is several owners).
    fn route_decorators<'a>(
        &self,
        module: &'p Module,
        decorator: &'p ast::Decorator,
        owners: &'a [Owner<'p>],
    ) -> Vec<RouteDecorator<'p, 'a>> {
        let target = match &decorator.expression {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        let Expr::Attribute(attribute) = target else {
            return Vec::new();
        };
        let Ok(symbol) = self.resolver.resolve(module, &attribute.value) else {
            return Vec::new();
        };
        owners
            .iter()
            .filter(|owner| owner.is(&symbol))
            .map(|owner| RouteDecorator {
                owner,
                attr: &attribute.attr,
                decorator,
            })
            .collect()
    }
}

/// The handler's qualified name: the function's, or `Class.method` for a view's method.
fn handler_qualname(function: &ast::StmtFunctionDef, view: Option<&ViewMethod<'_>>) -> String {
    match view {
        Some(view) => format!("{}.{}", view.class.name, function.name),
        None => function.name.to_string(),
    }
}

fn decorator_method_name(decorator: &ast::Decorator) -> &str {
    match &decorator.expression {
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(attribute) => attribute.attr.as_str(),
            _ => "get",
        },
        _ => "get",
    }
}

fn unsupported_route_decorator(module: &Module, found: &RouteDecorator<'_, '_>) -> Diagnostic {
    let attr = found.attr.as_str();
    let is_method = route_method(attr).is_some();
    let message = if is_method {
        format!("`@{}.{attr}` must be called with a path", found.owner.name)
    } else {
        format!(
            "`@{}.{attr}` is not supported by Bolt yet",
            found.owner.name
        )
    };
    module
        .diagnostic(DiagnosticCode::UnsupportedDecorator, message, found.decorator.range(), "not compiled")
        .with_help("Bolt compiles `@api.get`, `.post`, `.put`, `.patch`, `.delete`, `.head` and `.options` with a literal path")
}

fn generator_handler(module: &Module, function: &ast::StmtFunctionDef) -> Diagnostic {
    module
        .diagnostic(
            DiagnosticCode::UnsupportedHandler,
            format!(
                "handler `{}` is a generator (it uses `yield`)",
                function.name
            ),
            function.name.range(),
            "generator handler",
        )
        .with_help("streaming responses are not supported yet: return the whole result")
}

fn invalid_keyword(module: &Module, range: TextRange, message: &str, help: &str) -> Diagnostic {
    module
        .diagnostic(
            DiagnosticCode::InvalidRouteKeyword,
            message.to_owned(),
            range,
            "invalid value",
        )
        .with_help(help.to_owned())
}

/// The range of bytes `start..start+len` of a string literal's value, when the literal is
/// written plainly (no escapes, no concatenation); else the whole literal.
fn literal_sub_range(module: &Module, expr: &Expr, start: usize, len: usize) -> TextRange {
    let Expr::StringLiteral(string) = expr else {
        return expr.range();
    };
    let Some(part) = string.as_single_part_string() else {
        return expr.range();
    };
    let content = part.content_range();
    let (Ok(start), Ok(len)) = (TextSize::try_from(start), TextSize::try_from(len)) else {
        return expr.range();
    };
    if module.text()[content] == *string.value.to_str() && start + len <= content.len() {
        TextRange::at(content.start() + start, len)
    } else {
        expr.range()
    }
}

/// Every function and class defined inside the statements walked (at any depth).
#[derive(Default)]
struct NestedFunctions<'a> {
    functions: Vec<&'a ast::StmtFunctionDef>,
    classes: Vec<&'a ast::StmtClassDef>,
}

impl<'a> Visitor<'a> for NestedFunctions<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(function) => self.functions.push(function),
            Stmt::ClassDef(class) => self.classes.push(class),
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }
}
