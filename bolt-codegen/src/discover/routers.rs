//! Route owners: the objects route decorators are called on — every selected `BoltAPI`, and
//! every `Router(prefix=..., tags=[...])` included into one of them with
//! `api.include_router(router, prefix=...)` or, nested, `parent.include_router(child, ...)`.
//!
//! An owner is one inclusion: a router included twice (or into two APIs) is two owners, and
//! each of its routes is built once per owner. The owner carries what the build resolves for
//! its routes (DESIGN.md wave 2, route policy at build time): the full prefix (API prefix,
//! include prefixes and router prefixes, outermost first), the API the routes belong to, the
//! router, and the router's tags.
//!
//! Inclusion is read from top-level `X.include_router(...)` statements of any project module,
//! where `X` resolves to an owner. All of a router's routes are included whatever the order
//! of the statements (django-bolt 0.13 copies only the routes declared before the call, and
//! ignores a nested include's `prefix=` for routes declared before it: Bolt does the
//! consistent thing, `docs/composition.md`). A call elsewhere (in a function, under `if`) is
//! refused: the build cannot know whether it runs.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::apis::ApiDecl;
use super::known;
use super::literal;
use super::project::{Binding, Module, Project};
use super::resolve::Symbol;
use super::session::{Reported, Session};
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::manifest::TrailingSlash;

const INCLUDE_ROUTER: &str = "include_router";
const PATH_SEPARATOR: char = '/';
/// Inclusions deeper than this are refused (a loop the identity check missed, or a
/// pathological project).
const MAX_DEPTH: usize = 32;

/// What route decorators are called on, once per inclusion (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct Owner<'p> {
    /// The module that defines the object.
    pub(crate) module: &'p Module,
    /// The `BoltAPI(...)` / `Router(...)` call: the object's identity.
    pub(crate) definition: TextRange,
    /// The variable the object is bound to where it is defined (for messages).
    pub(crate) name: String,
    /// Applied before each route's own path.
    pub(crate) prefix: String,
    /// `"module:name"` of the API the routes belong to.
    pub(crate) api: String,
    /// `"module:name"` of the router, when the owner is one.
    pub(crate) router: Option<String>,
    /// The router's `tags=`: a route's tags when it gives none.
    pub(crate) tags: Vec<String>,
    /// The API's `validate_response=`: a route's when it gives none.
    pub(crate) validate_response: bool,
    /// The API's `trailing_slash=` (its routers' routes end as the API's do).
    pub(crate) trailing_slash: TrailingSlash,
    /// The API's `include_in_schema=`: a route's when neither it nor its view gives one.
    pub(crate) include_in_schema: Option<bool>,
}

impl Owner<'_> {
    /// True when `symbol` (what a decorator's or call's base resolves to) is this object.
    pub(crate) fn is(&self, symbol: &Symbol<'_>) -> bool {
        matches!(symbol, Symbol::Value(module, expr)
            if module.name() == self.module.name() && expr.range() == self.definition)
    }
}

/// A top-level `X.include_router(...)` statement.
struct IncludeCall<'p> {
    module: &'p Module,
    base: &'p Expr,
    call: &'p ast::ExprCall,
}

/// A `Router(...)` definition, read.
struct RouterDecl<'p> {
    module: &'p Module,
    name: String,
    call: &'p ast::ExprCall,
    prefix: String,
    tags: Vec<String>,
}

impl<'p> Session<'p> {
    /// Every owner of `apis`: each API, then each router inclusion reachable from it.
    pub(crate) fn route_owners(
        &mut self,
        project: &'p Project,
        apis: &[ApiDecl<'p>],
    ) -> Vec<Owner<'p>> {
        let calls = self.include_calls(project);
        let mut owners = Vec::new();
        for api in apis {
            let definition = api.definition;
            let owner = Owner {
                module: api.module,
                definition,
                name: api.api.name.clone(),
                prefix: api.api.prefix.clone(),
                api: format!("{}:{}", api.api.module, api.api.name),
                router: None,
                tags: Vec::new(),
                validate_response: api.api.validate_response,
                trailing_slash: api.api.trailing_slash,
                include_in_schema: api.include_in_schema,
            };
            let mut chain = vec![(owner.module.name().to_owned(), definition)];
            self.include_into(&calls, &owner, &mut chain, &mut owners);
            owners.push(owner);
        }
        owners
    }

    /// The owners `owner`'s `include_router` calls add, depth first.
    fn include_into(
        &mut self,
        calls: &[IncludeCall<'p>],
        owner: &Owner<'p>,
        chain: &mut Vec<(String, TextRange)>,
        owners: &mut Vec<Owner<'p>>,
    ) {
        for include in calls {
            let includes_here = self
                .resolver
                .resolve(include.module, include.base)
                .is_ok_and(|symbol| owner.is(&symbol));
            if !includes_here {
                continue;
            }
            let Ok((router, prefix)) = self.include_target(include) else {
                continue;
            };
            let identity = (router.module.name().to_owned(), router.call.range());
            if chain.contains(&identity) || chain.len() >= MAX_DEPTH {
                self.report(include_loop(include, &router.name));
                continue;
            }
            let child = Owner {
                module: router.module,
                definition: router.call.range(),
                name: router.name.clone(),
                prefix: format!("{}{prefix}{}", owner.prefix, router.prefix),
                api: owner.api.clone(),
                router: Some(format!("{}:{}", router.module.name(), router.name)),
                tags: router.tags,
                validate_response: owner.validate_response,
                trailing_slash: owner.trailing_slash,
                include_in_schema: owner.include_in_schema,
            };
            chain.push(identity);
            self.include_into(calls, &child, chain, owners);
            chain.pop();
            owners.push(child);
        }
    }

    /// Top-level `X.include_router(...)` statements of every module; calls anywhere else are
    /// reported.
    fn include_calls(&mut self, project: &'p Project) -> Vec<IncludeCall<'p>> {
        let mut calls = Vec::new();
        for module in project.modules() {
            if !module.is_valid() {
                continue;
            }
            for stmt in module.suite() {
                if let Some((base, call)) = top_level_include(stmt) {
                    calls.push(IncludeCall { module, base, call });
                    continue;
                }
                let mut nested = NestedIncludes::default();
                nested.visit_stmt(stmt);
                for range in nested.found {
                    self.report(
                        module
                            .diagnostic(
                                DiagnosticCode::InvalidInclude,
                                "`include_router(...)` is called inside a block: the build cannot know whether it runs",
                                range,
                                "not at the top level of the module",
                            )
                            .with_help("call `include_router` as a statement at the top level of a module"),
                    );
                }
            }
        }
        calls
    }

    /// The router an `include_router` call names and its literal `prefix=` (normalized).
    fn include_target(
        &mut self,
        include: &IncludeCall<'p>,
    ) -> Result<(RouterDecl<'p>, String), Reported> {
        let module = include.module;
        let arguments = &include.call.arguments;
        let target = arguments
            .args
            .first()
            .or_else(|| arguments.find_keyword("router").map(|k| &k.value));
        let Some(target) = target else {
            return Err(self.report(invalid_include(
                module,
                include.call.range(),
                "`include_router()` without a router",
                "no router",
            )));
        };
        let prefix = match arguments
            .args
            .get(1)
            .or_else(|| arguments.find_keyword("prefix").map(|k| &k.value))
        {
            Some(value) => self.literal_prefix(module, value, PrefixOf::Include),
            None => Ok(String::new()),
        };
        let mut extra = arguments
            .args
            .iter()
            .skip(2)
            .map(Ranged::range)
            .collect::<Vec<_>>();
        extra.extend(
            arguments
                .keywords
                .iter()
                .filter(|k| !matches!(k.arg.as_deref(), Some("router" | "prefix")))
                .map(Ranged::range),
        );
        for range in extra {
            self.report(invalid_include(
                module,
                range,
                "`include_router()` takes a router and `prefix=`",
                "unexpected argument",
            ));
        }
        let router = self.router_decl(module, target);
        Ok((router?, prefix?))
    }

    /// The `Router(...)` that `target`, written in `module`, refers to.
    fn router_decl(
        &mut self,
        module: &'p Module,
        target: &'p Expr,
    ) -> Result<RouterDecl<'p>, Reported> {
        let not_a_router = |session: &mut Self| {
            session.report(
                invalid_include(
                    module,
                    target.range(),
                    "`include_router()` needs a `Router(...)` defined at the top level of a project module",
                    "not a Router the build can find",
                )
                .with_help("define `router = Router(prefix=\"/...\")` at module level and pass that name; a sub-`BoltAPI` is mounted with `api.mount()`"),
            )
        };
        let symbol = match self.resolver.resolve(module, target) {
            Ok(symbol) => symbol,
            Err(_) => return Err(not_a_router(self)),
        };
        let Symbol::Value(defining, Expr::Call(call)) = symbol else {
            return Err(not_a_router(self));
        };
        let is_router = matches!(
            self.resolver.resolve(defining, &call.func),
            Ok(Symbol::External(path)) if known::is_router(&path)
        );
        if !is_router {
            return Err(not_a_router(self));
        }
        let name = defining
            .bindings()
            .into_iter()
            .find_map(|(name, binding)| match binding {
                Binding::Value(value) if value.range() == call.range() => Some(name.to_owned()),
                _ => None,
            })
            .unwrap_or_else(|| defining.text()[target.range()].to_owned());
        self.router_arguments(defining, name, call)
    }

    /// `Router(prefix=..., tags=[...])`; other arguments are reported.
    fn router_arguments(
        &mut self,
        module: &'p Module,
        name: String,
        call: &'p ast::ExprCall,
    ) -> Result<RouterDecl<'p>, Reported> {
        let mut failed = false;
        let mut prefix = String::new();
        let mut tags = Vec::new();
        for (index, arg) in call.arguments.args.iter().enumerate() {
            if index == 0 {
                match self.literal_prefix(module, arg, PrefixOf::Router) {
                    Ok(text) => prefix = text,
                    Err(_) => failed = true,
                }
            } else {
                failed = true;
                self.report(unsupported_router_argument(
                    module,
                    arg.range(),
                    "positional arguments after the prefix",
                ));
            }
        }
        for keyword in &call.arguments.keywords {
            match keyword.arg.as_deref() {
                Some("prefix") => {
                    match self.literal_prefix(module, &keyword.value, PrefixOf::Router) {
                        Ok(text) => prefix = text,
                        Err(_) => failed = true,
                    }
                }
                Some("tags") => match self.string_list(module, &keyword.value) {
                    Ok(list) => tags = list,
                    Err(_) => failed = true,
                },
                Some(other) => {
                    failed = true;
                    self.report(unsupported_router_argument(
                        module,
                        keyword.range(),
                        &format!("`{other}=`"),
                    ));
                }
                None => {
                    failed = true;
                    self.report(unsupported_router_argument(
                        module,
                        keyword.range(),
                        "`**` arguments",
                    ));
                }
            }
        }
        if failed {
            return Err(Reported);
        }
        Ok(RouterDecl {
            module,
            name,
            call,
            prefix,
            tags,
        })
    }

    /// A literal prefix (`""` or starting with `/`), trailing `/` removed (django-bolt strips
    /// it). `{name}` placeholders are allowed (`Router(prefix="/orgs/{org}")`): each route's
    /// handler (or a dependency) takes them as path parameters; `{name:path}` is not, since
    /// it must end the path.
    pub(crate) fn literal_prefix(
        &mut self,
        module: &'p Module,
        value: &Expr,
        of: PrefixOf,
    ) -> Result<String, Reported> {
        let (noun, example) = of.words();
        let invalid = |message: String, label: &str| {
            module
                .diagnostic(
                    DiagnosticCode::InvalidPrefix,
                    message,
                    value.range(),
                    label.to_owned(),
                )
                .with_help(format!(
                    "write the prefix as a literal starting with `/`: `{example}`"
                ))
        };
        let Some(text) = literal::string(value) else {
            return Err(self.report(invalid(
                format!("the {noun} must be a string literal"),
                "not a literal",
            )));
        };
        let prefix = text.trim_end_matches(PATH_SEPARATOR);
        if !prefix.is_empty() && !prefix.starts_with(PATH_SEPARATOR) {
            return Err(self.report(invalid(
                format!("the {noun} `{text}` does not start with `/`"),
                "missing leading `/`",
            )));
        }
        let template = super::path_template::PathTemplate::parse(prefix);
        if let Some(error) = template.errors.first() {
            return Err(self.report(invalid(
                format!("the {noun} `{text}`: {}", error.message),
                "malformed placeholder",
            )));
        }
        if template.placeholders.iter().any(|p| p.captures_rest) {
            return Err(self.report(invalid(
                format!("the {noun} `{text}` has a `{{name:path}}` placeholder"),
                "`:path` only ends a route's own path",
            )));
        }
        Ok(prefix.to_owned())
    }
}

/// Whose prefix a literal is (for messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PrefixOf {
    Api,
    Router,
    Include,
}

impl PrefixOf {
    /// The prefix's name and a correct example.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::Api => ("API prefix", "BoltAPI(prefix=\"/api\")"),
            Self::Router => ("router prefix", "Router(prefix=\"/items\")"),
            Self::Include => (
                "include prefix",
                "api.include_router(router, prefix=\"/v1\")",
            ),
        }
    }
}

/// `X.method(...)`: the object `X`, the method's name and the call.
pub(crate) fn method_call(expr: &Expr) -> Option<(&Expr, &str, &ast::ExprCall)> {
    let Expr::Call(call) = expr else {
        return None;
    };
    let Expr::Attribute(attribute) = &*call.func else {
        return None;
    };
    Some((&*attribute.value, attribute.attr.as_str(), call))
}

/// Whether a method called on an API or router is `include_router` (which the build follows).
pub(crate) fn is_include(method: &str) -> bool {
    method == INCLUDE_ROUTER
}

/// `X.include_router(...)` as an expression statement.
fn top_level_include(stmt: &Stmt) -> Option<(&Expr, &ast::ExprCall)> {
    let Stmt::Expr(statement) = stmt else {
        return None;
    };
    let (base, method, call) = method_call(&statement.value)?;
    is_include(method).then_some((base, call))
}

/// `*.include_router(...)` calls anywhere inside a statement.
#[derive(Default)]
struct NestedIncludes {
    found: Vec<TextRange>,
}

impl<'a> Visitor<'a> for NestedIncludes {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Some((_, method, call)) = method_call(expr)
            && is_include(method)
        {
            self.found.push(call.range());
        }
        visitor::walk_expr(self, expr);
    }
}

fn invalid_include(module: &Module, range: TextRange, message: &str, label: &str) -> Diagnostic {
    module.diagnostic(
        DiagnosticCode::InvalidInclude,
        message.to_owned(),
        range,
        label.to_owned(),
    )
}

fn include_loop(include: &IncludeCall<'_>, name: &str) -> Diagnostic {
    invalid_include(
        include.module,
        include.call.range(),
        &format!("router `{name}` is included into itself"),
        "inclusion loop",
    )
    .with_help("a router can include other routers, not one of its own ancestors")
}

fn unsupported_router_argument(module: &Module, range: TextRange, what: &str) -> Diagnostic {
    module
        .diagnostic(
            DiagnosticCode::UnsupportedRouterArgument,
            format!("Bolt does not compile {what} in `Router(...)` yet, so the routes of this router are not built"),
            range,
            "not compiled yet",
        )
        .with_help("Bolt compiles `Router(prefix=\"/...\", tags=[...])`; this API cannot be built with Bolt until it compiles the rest")
}
